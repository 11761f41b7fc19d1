/* Private: the projection's storage and the engine's extra knobs, used by
 * the capacity planner. Never installed. */
#ifndef DM_PROJECTION_PRIVATE_H
#define DM_PROJECTION_PRIVATE_H

#include "scenario-private.h"
#include "work-private.h"

/* Stages of land release: NTS, TS, clearance (manual, mechanical, dogs). */
enum {
    DM_STAGE_NTS = 0,
    DM_STAGE_TS = 1,
    DM_STAGE_CLEAR = 2
};
#define DM_STAGE_COUNT 3

/* The stage an asset kind works in. */
int dm_asset_stage(dm_asset_kind kind);

/* What the planner changes in a projection, beyond the public options. */
typedef struct dm_engine_options {
    size_t horizon;                    /* months; 0: the scenario's */
    double shares[DM_MILESTONE_COUNT]; /* milestones' release shares */
    size_t extra_asset;                /* SIZE_MAX: none */
    double extra_units;                /* added to that asset … */
    int extra_from;                    /* … from this month (DM_MONTH()) */
    double multiplier;                 /* of every asset's capacity */
    int unlimited[DM_STAGE_COUNT];     /* stages without a capacity limit */
    int summaries_only;                /* no mean series, no quantile series */
} dm_engine_options;

void dm_engine_options_init(dm_engine_options *e);

struct dm_projection {
    size_t runs, horizon, nregions;
    int start;
    char **codes, **names;
    double shares[DM_MILESTONE_COUNT];
    double *area;          /* [nregions + 1], national last */
    double *months_to;     /* [run][nregions + 1][milestone] */
    double *cost;          /* [run][nregions + 1] */
    double *months_sorted; /* [nregions + 1][milestone][run] */
    double *cost_sorted;   /* [nregions + 1][run] */
    double *mean;          /* [nregions + 1][series][horizon + 1] */
    double *remaining;     /* [nregions + 1][horizon + 1][run], sorted per
                              month; regions only when kept */
    int kept;
};

/* dm_project() with the planner's knobs. */
dm_status dm_project_engine(dm_context *ctx, const dm_work *work,
                            const dm_scenario *scenario,
                            const dm_projection_options *opts,
                            const dm_engine_options *engine,
                            dm_projection **out);

/* Quantile q of n sorted values (linear between order statistics; an
 * INFINITY neighbour gives INFINITY). */
double dm_quantile_sorted(const double *sorted, size_t n, double q);

#endif
