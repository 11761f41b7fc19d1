/* Private: what an asset is. One table of the stages of land release, one
 * of the kinds of asset, one of an asset's parameters: a new kind (say
 * drone survey) is one row of the kind table plus its tests. Never
 * installed. */
#ifndef DM_ASSET_PRIVATE_H
#define DM_ASSET_PRIVATE_H

#include <stddef.h>

#include "core-private.h"

/* ---- stages ------------------------------------------------------------ */

/* The stages of land release (IMAS 08.20), in the order a month runs them. */
typedef enum dm_stage {
    DM_STAGE_NTS = 0, /* non-technical survey: suspected → cancelled or
                         confirmed */
    DM_STAGE_TS = 1,  /* technical survey: confirmed → reduced or to clear */
    DM_STAGE_CLEAR = 2 /* clearance: to clear → cleared */
} dm_stage;
#define DM_STAGE_COUNT 3

typedef struct dm_stage_info {
    /* Short name: the key of "unconstrained_survey" in a scenario, and of
     * the stage in messages ("nts"). */
    const char *name;
    const char *label; /* "non-technical survey" */
    /* The dm_state it takes area from, the one it releases area to, and
     * the one the rest moves on to. */
    int from, released, onward;
    /* The key of the share of what it takes that it releases, per class,
     * in a scenario's "land_release" ("nts_cancel_share"); NULL: it
     * releases all it takes. */
    const char *share_key;
    /* Whether a scenario may declare the stage without a capacity limit
     * ("unconstrained_survey"): survey yes, clearance never. */
    int may_be_unconstrained;
} dm_stage_info;

/* The stage's row; stage must be < DM_STAGE_COUNT. */
const dm_stage_info *dm_stage_row(dm_stage stage);

/* ---- kinds ------------------------------------------------------------- */

typedef struct dm_kind_info {
    const char *name; /* as spelled in scenario files: "nts" */
    dm_stage stage;   /* where its capacity goes */
    /* What one unit of it is ("team", "deminer", "machine"), for tables
     * that translate capacity into units. */
    const char *unit;
    /* 1: it may carry a detector model (search time, false alarms,
     * rejection) that scales its productivity. */
    int detector;
} dm_kind_info;

/* Number of kinds the library knows. */
size_t dm_kind_count(void);

/* The row of a kind; NULL for a kind the library does not know (never a
 * default). */
const dm_kind_info *dm_kind(int kind);

/* The kind named `name` (exact), or DM_ERR_BAD_VALUE "unknown kind '<name>'
 * (one of: …)". */
dm_status dm_kind_index(dm_context *ctx, const char *name, int *out);

/* ---- an asset's parameters -------------------------------------------- */

/* Months in a year, for the seasonal factors. */
#define DM_MONTHS_PER_YEAR 12

/* The numeric parameters of an asset, in the order they are drawn (after
 * the counts of its schedule). The seasonal factors take 12 slots, January
 * first. The detector's four take their slots on every asset (fixed at 0
 * without a detector), so that an asset's slots do not depend on it. */
typedef enum dm_asset_param {
    DM_AP_PRODUCTIVITY = 0, /* m² per unit and working day */
    DM_AP_DAYS = 1,         /* working days per month */
    DM_AP_SEASONAL = 2,     /* 12 slots: factor of each calendar month */
    DM_AP_AVAILABILITY = DM_AP_SEASONAL + DM_MONTHS_PER_YEAR, /* 0–1 */
    DM_AP_TRAINING,     /* months before a new unit is productive */
    DM_AP_COST,         /* US$ per unit-day */
    DM_AP_SEARCH,       /* detector: minutes of search per m² */
    DM_AP_FALSE_ALARMS, /* detector: false alarms per m² */
    DM_AP_FA_MINUTES,   /* detector: minutes to investigate one */
    DM_AP_REJECTION,    /* detector: share of false alarms it rejects */
    DM_AP_COUNT
} dm_asset_param;

/* The productivity in m² per unit-day of an asset whose parameters are
 * `v` (DM_AP_COUNT values): for an asset with a detector model, scaled by
 * the time per m² a detector that rejects nothing needs over the time this
 * detector needs (docs/scenario-format.md). */
double dm_asset_rate(int has_detector, const double *v);

#endif
