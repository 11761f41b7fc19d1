/* The names of hazard classes, zones and states, both ways. */
#include <stdio.h>
#include <strings.h>

#include "names-private.h"

static const char *const hazard_names[DM_HAZARD_COUNT] = {"high", "medium",
                                                          "low"};
static const char *const zone_names[DM_ZONE_COUNT] = {
    "accessible", "front_line", "occupied"};
/* The accessible zone's name before the front line was a zone of its own. */
static const char old_accessible[] = "controlled";
static const char *const state_names[DM_AREA_STATE_COUNT] = {"suspected",
                                                             "confirmed"};

const char *dm_hazard_name(dm_hazard h)
{
    return (unsigned)h < DM_HAZARD_COUNT ? hazard_names[h] : NULL;
}

const char *dm_zone_name(dm_zone z)
{
    return (unsigned)z < DM_ZONE_COUNT ? zone_names[z] : NULL;
}

const char *dm_area_state_name(dm_area_state s)
{
    return (unsigned)s < DM_AREA_STATE_COUNT ? state_names[s] : NULL;
}

dm_status dm_name_index(dm_context *ctx, const char *what,
                        const char *const *names, int n, const char *name,
                        int *out)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    if (name == NULL)
        return dm_error(ctx, DM_ERR_NULL_ARGUMENT, "no %s name (NULL)", what);
    for (int i = 0; i < n; i++)
        if (strcasecmp(name, names[i]) == 0) {
            *out = i;
            return DM_OK;
        }
    char list[256];
    dm_list_strings(list, sizeof list, names, (size_t)n);
    return dm_error(ctx, DM_ERR_BAD_VALUE, "unknown %s '%s' (one of: %s)",
                    what, name, list);
}

dm_status dm_hazard_index(dm_context *ctx, const char *name, int *out)
{
    return dm_name_index(ctx, "hazard class", hazard_names, DM_HAZARD_COUNT,
                         name, out);
}

dm_status dm_zone_index(dm_context *ctx, const char *name, int *out)
{
    if (name != NULL && strcasecmp(name, old_accessible) == 0)
        name = zone_names[DM_ZONE_ACCESSIBLE];
    return dm_name_index(ctx, "zone", zone_names, DM_ZONE_COUNT, name, out);
}

dm_status dm_area_state_index(dm_context *ctx, const char *name, int *out)
{
    /* Mine-action databases say SHA and CHA (IMAS 08.20). */
    if (name != NULL && strcasecmp(name, "SHA") == 0)
        name = state_names[DM_AREA_SUSPECTED];
    else if (name != NULL && strcasecmp(name, "CHA") == 0)
        name = state_names[DM_AREA_CONFIRMED];
    return dm_name_index(ctx, "state", state_names, DM_AREA_STATE_COUNT, name,
                         out);
}

dm_status dm_hazard_from_name(dm_context *ctx, const char *name,
                              dm_hazard *out)
{
    DM_CHECK(ctx, name);
    int i = 0;
    dm_status s = dm_hazard_index(ctx, name, &i);
    if (s == DM_OK && out != NULL)
        *out = (dm_hazard)i;
    return s;
}

dm_status dm_zone_from_name(dm_context *ctx, const char *name, dm_zone *out)
{
    DM_CHECK(ctx, name);
    int i = 0;
    dm_status s = dm_zone_index(ctx, name, &i);
    if (s == DM_OK && out != NULL)
        *out = (dm_zone)i;
    return s;
}

dm_status dm_area_state_from_name(dm_context *ctx, const char *name,
                                  dm_area_state *out)
{
    DM_CHECK(ctx, name);
    int i = 0;
    dm_status s = dm_area_state_index(ctx, name, &i);
    if (s == DM_OK && out != NULL)
        *out = (dm_area_state)i;
    return s;
}
