/* Private: the projection's storage and the engine's extra knobs, used by
 * the capacity planner (and the calibration). Never installed. */
#ifndef DM_PROJECTION_PRIVATE_H
#define DM_PROJECTION_PRIVATE_H

#include "sampler-private.h"
#include "scenario-private.h"
#include "work-private.h"

/* What a run has at each month, per region and nationally (the last row):
 * what the record's observations are computed from. */
enum {
    DM_TRACK_REMAINING = 0, /* km² not yet released */
    DM_TRACK_RELEASED,      /* cumulative km² cancelled, reduced, cleared */
    DM_TRACK_CANCELLED,     /* cumulative km² cancelled by NTS */
    DM_TRACK_FLAGGED,       /* cumulative km² NTS sent on as hazardous */
    DM_TRACK_CLEARED,       /* cumulative km² cleared */
    DM_TRACK_OPEN,          /* km² not yet released in zones open next */
    DM_TRACK_COST,          /* cumulative US$ */
    DM_TRACK_COUNT
};

/* Called by the engine for every run at every index m of the series (0:
 * the initial state; m: after month m - 1), with rows × DM_TRACK_COUNT
 * values (the regions in the table's order, then the nation), from the
 * worker threads: one call at a time for a run, concurrently for others. */
typedef void (*dm_observe_fn)(void *data, size_t run, size_t m,
                              const double *tracks, size_t rows);

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
    /* Where the runs' parameters come from; NULL: the scenario's ranges. */
    const dm_sampler *sampler;
    /* Called with each run's tracks at each month; NULL: none. */
    dm_observe_fn observe;
    void *observe_data;
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
    /* The last month the projection replays the record (from the start):
     * its posterior's; before the start when there is none. */
    int replay_last;
};

/* dm_project() with the planner's knobs; opts are the caller's, already
 * taken (struct_size checked). */
dm_status dm_project_engine(dm_context *ctx, const dm_work *work,
                            const dm_scenario *scenario,
                            const dm_projection_options *opts,
                            const dm_engine_options *engine,
                            dm_projection **out);

/* An empty projection for the work table's regions, with room for `runs`
 * runs over `horizon` months (series only when not summaries_only, every
 * region's remaining series when keep). */
dm_status dm_projection_new(dm_context *ctx, const dm_work *work, size_t runs,
                            size_t horizon, int keep, int summaries_only,
                            dm_projection **out);

/* Quantile q of n sorted values (linear between order statistics; an
 * INFINITY neighbour gives INFINITY). */
double dm_quantile_sorted(const double *sorted, size_t n, double q);

/* Sorts n values in increasing order (INFINITY last). */
void dm_sort_doubles(double *v, size_t n);

/* The sorted months to milestone m over the runs of a row (a region, or
 * nregions for the nation). */
const double *dm_projection_months_sorted(const dm_projection *p, size_t row,
                                          dm_milestone m);

/* Quantile q of the remaining km² at one month of a region the projection
 * kept (or DM_NATIONAL); month <= horizon, the series not summaries-only. */
double dm_projection_remaining_at(const dm_projection *p, size_t region,
                                  size_t month, double q);

#endif
