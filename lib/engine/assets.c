/* The stages of land release and the kinds of asset: one row each. */
#include <string.h>

#include "asset-private.h"
#include "names-private.h"

static const dm_stage_info stages[DM_STAGE_COUNT] = {
    {"nts", "non-technical survey", DM_STATE_SUSPECTED, DM_STATE_CANCELLED,
     DM_STATE_CONFIRMED, "nts_cancel_share", 1},
    {"ts", "technical survey", DM_STATE_CONFIRMED, DM_STATE_REDUCED,
     DM_STATE_TO_CLEAR, "ts_reduce_share", 1},
    {"clearance", "clearance", DM_STATE_TO_CLEAR, DM_STATE_CLEARED,
     DM_STATE_CLEARED, NULL, 0},
};

const dm_stage_info *dm_stage_row(dm_stage stage) { return &stages[stage]; }

/* The kinds, in the order of dm_asset_kind. A new kind is a row here (and
 * its value in demine.h's enum); nothing else in the engine names kinds. */
static const dm_kind_info kinds[] = {
    {"nts", DM_STAGE_NTS, "team", 0},
    {"ts", DM_STAGE_TS, "team", 0},
    {"manual", DM_STAGE_CLEAR, "deminer", 1},
    {"mechanical", DM_STAGE_CLEAR, "machine", 0},
    {"mdd", DM_STAGE_CLEAR, "dog team", 0},
#ifdef DM_TEST_EXTRA_KIND
    /* tests/test-kind-table.c builds the engine with one more row. */
    DM_TEST_EXTRA_KIND,
#endif
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

#ifndef DM_TEST_EXTRA_KIND
_Static_assert(KIND_COUNT == DM_ASSET_KIND_COUNT,
               "the kind table and demine.h's dm_asset_kind differ");
#endif

size_t dm_kind_count(void) { return KIND_COUNT; }

const dm_kind_info *dm_kind(int kind)
{
    return kind >= 0 && (size_t)kind < KIND_COUNT ? &kinds[kind] : NULL;
}

const char *dm_asset_kind_name(dm_asset_kind kind)
{
    const dm_kind_info *k = dm_kind((int)kind);
    return k != NULL ? k->name : NULL;
}

static const char *kind_name_at(const void *table, size_t i)
{
    return ((const dm_kind_info *)table)[i].name;
}

dm_status dm_kind_index(dm_context *ctx, const char *name, int *out)
{
    for (size_t k = 0; k < KIND_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0) {
            *out = (int)k;
            return DM_OK;
        }
    char list[256];
    dm_list_names(list, sizeof list, KIND_COUNT, kind_name_at, kinds);
    return dm_error(ctx, DM_ERR_BAD_VALUE, "unknown kind '%s' (one of: %s)",
                    name, list);
}

double dm_asset_rate(int has_detector, const double *v)
{
    if (!has_detector)
        return v[DM_AP_PRODUCTIVITY];
    /* Minutes per m²: search, plus the false alarms the detector does not
     * reject times the minutes each takes. The productivity given is the
     * one with a detector that rejects nothing, so the time ratio scales
     * it; the working minutes of a day cancel out. */
    double plain =
        v[DM_AP_SEARCH] + v[DM_AP_FALSE_ALARMS] * v[DM_AP_FA_MINUTES];
    double with = v[DM_AP_SEARCH] + v[DM_AP_FALSE_ALARMS] *
                                        (1.0 - v[DM_AP_REJECTION]) *
                                        v[DM_AP_FA_MINUTES];
    return v[DM_AP_PRODUCTIVITY] * plain / with;
}
