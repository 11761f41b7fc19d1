/* The work table: km² per region × hazard class × zone × state; and the
 * names of classes, zones and states. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "work-private.h"

static const char *const hazard_names[DM_HAZARD_COUNT] = {"high", "medium",
                                                          "low"};
static const char *const zone_names[DM_ZONE_COUNT] = {"controlled",
                                                      "occupied"};
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
    size_t used = 0;
    list[0] = '\0';
    for (int i = 0; i < n && used < sizeof list; i++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s",
                         i ? ", " : "", names[i]);
        used += w > 0 ? (size_t)w : 0;
    }
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
    int i = 0;
    dm_status s = dm_hazard_index(ctx, name, &i);
    if (s == DM_OK && out != NULL)
        *out = (dm_hazard)i;
    return s;
}

dm_status dm_zone_from_name(dm_context *ctx, const char *name, dm_zone *out)
{
    int i = 0;
    dm_status s = dm_zone_index(ctx, name, &i);
    if (s == DM_OK && out != NULL)
        *out = (dm_zone)i;
    return s;
}

dm_status dm_area_state_from_name(dm_context *ctx, const char *name,
                                  dm_area_state *out)
{
    int i = 0;
    dm_status s = dm_area_state_index(ctx, name, &i);
    if (s == DM_OK && out != NULL)
        *out = (dm_area_state)i;
    return s;
}

dm_status dm_work_new(dm_context *ctx, dm_work **out)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    if (out == NULL)
        return dm_null_argument(ctx, "dm_work_new", "out");
    dm_work *w = calloc(1, sizeof *w);
    if (w == NULL)
        return dm_no_memory(ctx);
    *out = w;
    return DM_OK;
}

void dm_work_free(dm_work *w)
{
    if (w == NULL)
        return;
    for (size_t i = 0; i < w->count; i++) {
        free(w->regions[i].code);
        free(w->regions[i].name);
    }
    free(w->regions);
    free(w);
}

dm_status dm_work_region_index(dm_context *ctx, dm_work *w, const char *code,
                               const char *name, size_t *index)
{
    for (size_t i = 0; i < w->count; i++)
        if (strcmp(w->regions[i].code, code) == 0) {
            *index = i;
            return DM_OK;
        }
    if (w->count == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 32;
        dm_work_region *p = realloc(w->regions, cap * sizeof *p);
        if (p == NULL)
            return dm_no_memory(ctx);
        w->regions = p;
        w->cap = cap;
    }
    dm_work_region *r = &w->regions[w->count];
    memset(r, 0, sizeof *r);
    r->code = dm_strdup(ctx, code);
    r->name = dm_strdup(ctx, name != NULL ? name : code);
    if (r->code == NULL || r->name == NULL) {
        free(r->code);
        free(r->name);
        return dm_no_memory(ctx);
    }
    *index = w->count++;
    return DM_OK;
}

dm_status dm_work_add(dm_context *ctx, dm_work *w, const char *code,
                      const char *name, dm_hazard h, dm_zone z,
                      dm_area_state st, double km2)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (w == NULL)
        return dm_null_argument(ctx, "dm_work_add", "work");
    if (code == NULL)
        return dm_null_argument(ctx, "dm_work_add", "region_code");
    if (code[0] == '\0')
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_work_add: empty region code");
    if ((unsigned)h >= DM_HAZARD_COUNT || (unsigned)z >= DM_ZONE_COUNT ||
        (unsigned)st >= DM_AREA_STATE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_work_add: region '%s': class %d, zone %d or "
                        "state %d out of range",
                        code, (int)h, (int)z, (int)st);
    if (!isfinite(km2) || km2 < 0.0)
        return dm_error(ctx, DM_ERR_BAD_VALUE,
                        "dm_work_add: region '%s': area %g km² is not a "
                        "finite, non-negative number",
                        code, km2);
    size_t i;
    dm_status s = dm_work_region_index(ctx, w, code, name, &i);
    if (s != DM_OK)
        return s;
    w->regions[i].km2[h][z][st] += km2;
    return DM_OK;
}

size_t dm_work_region_count(dm_context *ctx, const dm_work *w)
{
    (void)ctx;
    return w != NULL ? w->count : 0;
}

static const dm_work_region *region_at(dm_context *ctx, const dm_work *w,
                                       size_t i, const char *function)
{
    if (ctx == NULL)
        return NULL;
    dm_begin_call(ctx);
    if (w == NULL) {
        dm_null_argument(ctx, function, "work");
        return NULL;
    }
    if (i >= w->count) {
        dm_out_of_range(ctx, "work region", i, w->count);
        return NULL;
    }
    return &w->regions[i];
}

const char *dm_work_region_code(dm_context *ctx, const dm_work *w, size_t i)
{
    const dm_work_region *r = region_at(ctx, w, i, "dm_work_region_code");
    return r != NULL ? r->code : NULL;
}

const char *dm_work_region_name(dm_context *ctx, const dm_work *w, size_t i)
{
    const dm_work_region *r = region_at(ctx, w, i, "dm_work_region_name");
    return r != NULL ? r->name : NULL;
}

dm_status dm_work_find(dm_context *ctx, const dm_work *w, const char *code,
                       size_t *index)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    if (w == NULL || code == NULL || index == NULL)
        return dm_null_argument(ctx, "dm_work_find",
                                w == NULL      ? "work"
                                : code == NULL ? "code"
                                               : "index");
    for (size_t i = 0; i < w->count; i++)
        if (strcmp(w->regions[i].code, code) == 0) {
            *index = i;
            return DM_OK;
        }
    return dm_error(ctx, DM_ERR_NOT_FOUND,
                    "no region of the work table has the code '%s'", code);
}

dm_status dm_work_area_km2(dm_context *ctx, const dm_work *w, size_t i,
                           dm_hazard h, dm_zone z, dm_area_state st,
                           double *km2)
{
    const dm_work_region *r = region_at(ctx, w, i, "dm_work_area_km2");
    if (r == NULL)
        return ctx != NULL ? ctx->last_status : DM_ERR_NULL_ARGUMENT;
    if (km2 == NULL)
        return dm_null_argument(ctx, "dm_work_area_km2", "km2");
    if ((unsigned)h >= DM_HAZARD_COUNT || (unsigned)z >= DM_ZONE_COUNT ||
        (unsigned)st >= DM_AREA_STATE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_work_area_km2: class %d, zone %d or state %d "
                        "out of range",
                        (int)h, (int)z, (int)st);
    *km2 = r->km2[h][z][st];
    return DM_OK;
}

static double region_sum(const dm_work_region *r)
{
    double sum = 0.0;
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                sum += r->km2[h][z][st];
    return sum;
}

dm_status dm_work_region_total_km2(dm_context *ctx, const dm_work *w, size_t i,
                                   double *km2)
{
    const dm_work_region *r = region_at(ctx, w, i, "dm_work_region_total_km2");
    if (r == NULL)
        return ctx != NULL ? ctx->last_status : DM_ERR_NULL_ARGUMENT;
    if (km2 == NULL)
        return dm_null_argument(ctx, "dm_work_region_total_km2", "km2");
    *km2 = region_sum(r);
    return DM_OK;
}

dm_status dm_work_total_km2(dm_context *ctx, const dm_work *w, double *km2)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    if (w == NULL || km2 == NULL)
        return dm_null_argument(ctx, "dm_work_total_km2",
                                w == NULL ? "work" : "km2");
    double sum = 0.0;
    for (size_t i = 0; i < w->count; i++)
        sum += region_sum(&w->regions[i]);
    *km2 = sum;
    return DM_OK;
}
