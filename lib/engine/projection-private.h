/* Private: the projection's storage and the engine's extra knobs, used by
 * the capacity planner (and the calibration). Never installed. */
#ifndef DM_PROJECTION_PRIVATE_H
#define DM_PROJECTION_PRIVATE_H

#include <stdint.h>

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

/* Rows of a projection after its regions: the land of each non-empty set
 * of zones, nationally (DM_ZONES(mask)): the whole nation (mask 7) first,
 * at row nregions, then masks 6 down to 1. */
#define DM_AGGREGATES 7
#define DM_ALL_ZONES ((1u << DM_ZONE_COUNT) - 1u)

/* The row of a set of zones (a mask of 1 << dm_zone, 1–7). */
static inline size_t dm_zones_row(size_t nregions, unsigned mask)
{
    return nregions + DM_ALL_ZONES - mask;
}

/* Called by the engine for every run at every index m of the series (0:
 * the initial state; m: after month m - 1), with rows × DM_TRACK_COUNT
 * values (the regions in the table's order, then the nation, then the
 * other sets of zones, see dm_zones_row()), from the worker threads: one
 * call at a time for a run, concurrently for others. */
typedef void (*dm_observe_fn)(void *data, size_t run, size_t m,
                              const double *tracks, size_t rows);

/* What the planner changes in a projection, beyond the public options. */
typedef struct dm_engine_options {
    size_t horizon;                    /* months; 0: the scenario's */
    double shares[DM_MILESTONE_COUNT]; /* milestones' release shares */
    size_t extra_asset;                /* SIZE_MAX: none */
    double extra_units;                /* added to that asset … */
    int extra_from;                    /* … from this month (DM_MONTH()) */
    double multiplier;                 /* of every asset's capacity … */
    int multiplier_from;               /* … from this month (DM_MONTH()) */
    int unlimited[DM_STAGE_COUNT];     /* stages without a capacity limit */
    int summaries_only;                /* no mean series, no quantile series */
    /* Where the runs' parameters come from; NULL: the scenario's ranges. */
    const dm_sampler *sampler;
    /* Called with each run's tracks at each month; NULL: none. */
    dm_observe_fn observe;
    void *observe_data;
} dm_engine_options;

void dm_engine_options_init(dm_engine_options *e);

/* A projection's rows are the regions it stores (nregions), then the
 * DM_AGGREGATES sets of zones (nrows in all); every per-row array below has
 * nrows rows. The work table's regions (ntable) are the caller's: slot[r]
 * is the row of table region r (the regions without land share one row,
 * see dm_project_engine()). */
struct dm_projection {
    size_t runs, horizon, nregions, nrows;
    size_t ntable;
    size_t *slot;
    unsigned long long seed; /* the runs' (dm_projection_options.seed) */
    int start;
    int open[DM_ZONE_COUNT]; /* first month open (DM_MONTH()), or INT_MAX */
    char **codes, **names;   /* [ntable] */
    double shares[DM_MILESTONE_COUNT];
    double *area;          /* [row]; a set of zones': the runs' mean */
    double *agg_area;      /* [run][aggregate] each run's own */
    double *months_to;     /* [run][row][milestone] */
    double *cost;          /* [run][row] */
    double *cleared;       /* [run][row] km² cleared over the horizon */
    double *released;      /* [run][row] km² released over the horizon */
    double *months_sorted; /* [row][milestone][run] */
    double *cost_sorted;   /* [row][run] */
    double *mean;          /* [row][series][horizon + 1] */
    double *remaining;     /* [row][horizon + 1][run], sorted per month;
                              the regions' rows only when kept */
    int kept;
    /* With region_summaries: each region's remaining km² per month as
     * counts of the runs, [region][DM_SUMMARY_BINS + 2][month] (at 0, the
     * bins, at the whole area); NULL otherwise or once dropped. */
    uint32_t *hist;
    /* Without the regions' series: where each set of zones' series is
     * (its index among those stored), or -1 once dropped. */
    int agg_slot[DM_AGGREGATES];
    /* Calendar years from the start's to the horizon's: at the end of each
     * (or at the horizon), each run's cumulative cost and km² released. */
    size_t nyears;
    int first_year;
    double *year_cost;     /* [run][row][year] cumulative US$ */
    double *year_released; /* [run][row][year] cumulative km² */
    /* The rows with years kept: from year_from (0, or nregions with
     * region_summaries), year_rows of them (see dm_year_at()). */
    size_t year_from, year_rows;
    /* Each run's parameters, by the scenario's slots, and their names. */
    size_t nparams;
    char **param_names;
    double *params; /* [run][param] */
    /* The last month the projection replays the record (from the start):
     * its posterior's; before the start when there is none. */
    int replay_last;
};

/* The index of a row's year y in a run's year_cost and year_released, or
 * SIZE_MAX when that row's years are not kept (a region's, with
 * region_summaries). */
static inline size_t dm_year_at(const dm_projection *p, size_t run, size_t row,
                                size_t y)
{
    if (row < p->year_from)
        return SIZE_MAX;
    return (run * p->year_rows + row - p->year_from) * p->nyears + y;
}

/* dm_project() with the planner's knobs; opts are the caller's, already
 * taken (struct_size checked). */
dm_status dm_project_engine(dm_context *ctx, const dm_work *work,
                            const dm_scenario *scenario,
                            const dm_projection_options *opts,
                            const dm_engine_options *engine,
                            dm_projection **out);

/* What a projection keeps of its rows' series. */
typedef enum dm_series_kept {
    DM_KEEP_AGGREGATES, /* the nation's and the lands' */
    DM_KEEP_ALL,        /* and every run's of each region */
    DM_KEEP_SUMMARIES,  /* and each region's counts (region_summaries) */
    DM_KEEP_NONE        /* no series at all (summaries_only) */
} dm_series_kept;

/* An empty projection for the work table's regions, stored as `stored`
 * rows (slot[r]: table region r's, below `stored`), with room for `runs`
 * runs over `horizon` months and the series `kept`. */
dm_status dm_projection_new(dm_context *ctx, const dm_work *work,
                            const dm_scenario *sc, size_t runs, size_t horizon,
                            dm_series_kept kept, const size_t *slot,
                            size_t stored, dm_projection **out);

/* Quantile q of n sorted values (linear between order statistics; an
 * INFINITY neighbour gives INFINITY). */
double dm_quantile_sorted(const double *sorted, size_t n, double q);

/* DM_OK for a quantile in [0, 1], else DM_ERR_INVALID_ARGUMENT saying so. */
dm_status dm_check_quantile(dm_context *ctx, double q);

/* Sorts n values in increasing order (INFINITY last). */
void dm_sort_doubles(double *v, size_t n);

/* The row of a region of the work table, DM_NATIONAL or DM_ZONES(mask), or
 * DM_ERR_OUT_OF_RANGE. */
dm_status dm_projection_row(dm_context *ctx, const dm_projection *p,
                            size_t region, size_t *row);

/* The series index at the end of calendar year y (0: the first). */
size_t dm_projection_year_end(const dm_projection *p, size_t y);

/* The sorted months to milestone m over the runs of a row (a region, or
 * nregions for the nation). */
const double *dm_projection_months_sorted(const dm_projection *p, size_t row,
                                          dm_milestone m);

/* Quantile q of the remaining km² at one month of a row (dm_projection_row())
 * the projection kept (every aggregate's; a region's when kept); month <=
 * horizon, the series not summaries-only. */
double dm_projection_remaining_at(const dm_projection *p, size_t row,
                                  size_t month, double q);

#endif
