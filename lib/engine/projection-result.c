/* The projection's results: quantiles over the runs and the accessors of
 * the public API. The engine that fills them is projection.c. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "projection-private.h"

static const double default_shares[DM_MILESTONE_COUNT] = {0.80, 0.95, 1.0};

static const char *const series_names[DM_SERIES_COUNT] = {
    /* (in the order of dm_state, then the series that are not a state) */
    "suspected", "confirmed", "to_clear", "cancelled",     "reduced",
    "cleared",   "cost_usd",  "flagged",  "open_remaining"};

const char *dm_series_name(int series)
{
    return series >= 0 && series < DM_SERIES_COUNT ? series_names[series]
                                                   : NULL;
}

double dm_milestone_share(dm_milestone m)
{
    return (unsigned)m < DM_MILESTONE_COUNT ? default_shares[m] : NAN;
}

/* ---- quantiles ------------------------------------------------------------
 */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double dm_quantile_sorted(const double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return v[n - 1];
    double frac = h - (double)lo;
    if (frac == 0.0 || v[lo] == v[lo + 1])
        return v[lo];
    if (isinf(v[lo + 1]))
        return INFINITY;
    return v[lo] + frac * (v[lo + 1] - v[lo]);
}

void dm_sort_doubles(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
}

/* ---- the projection object ---------------------------------------------- */

void dm_projection_free(dm_projection *p)
{
    if (p == NULL)
        return;
    if (p->codes != NULL)
        for (size_t i = 0; i < p->ntable; i++)
            free(p->codes[i]);
    if (p->names != NULL)
        for (size_t i = 0; i < p->ntable; i++)
            free(p->names[i]);
    free(p->slot);
    if (p->param_names != NULL)
        for (size_t i = 0; i < p->nparams; i++)
            free(p->param_names[i]);
    free(p->codes);
    free(p->names);
    free(p->param_names);
    free(p->params);
    free(p->area);
    free(p->agg_area);
    free(p->months_to);
    free(p->cost);
    free(p->cleared);
    free(p->released);
    free(p->hist);
    free(p->months_sorted);
    free(p->cost_sorted);
    free(p->mean);
    free(p->remaining);
    free(p->year_cost);
    free(p->year_released);
    free(p);
}

/* The names of the regions and of the scenario's parameters. */
static dm_status copy_names(dm_context *ctx, dm_projection *p,
                            const dm_work *work, const dm_scenario *sc)
{
    for (size_t r = 0; r < p->ntable; r++) {
        p->codes[r] = dm_strdup(ctx, work->regions[r].code);
        p->names[r] = dm_strdup(ctx, work->regions[r].name);
        if (p->codes[r] == NULL || p->names[r] == NULL)
            return DM_ERR_NO_MEMORY;
    }
    for (size_t i = 0; i < p->nparams; i++) {
        p->param_names[i] = dm_strdup(ctx, sc->param_names[i]);
        if (p->param_names[i] == NULL)
            return DM_ERR_NO_MEMORY;
    }
    return DM_OK;
}

/* The calendar years the horizon touches, and the zones' opening. */
static void set_calendar(dm_projection *p, const dm_scenario *sc)
{
    p->start = sc->start;
    p->first_year = sc->start / DM_MONTHS_PER_YEAR;
    int last = (sc->start + (int)p->horizon - 1) / DM_MONTHS_PER_YEAR;
    p->nyears = p->horizon > 0 ? (size_t)(last - p->first_year + 1) : 0;
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        p->open[z] = sc->open[z] == DM_NEVER ? INT_MAX : sc->open[z];
}

size_t dm_projection_year_end(const dm_projection *p, size_t y)
{
    long end = (long)(p->first_year + (int)y + 1) * DM_MONTHS_PER_YEAR -
               (long)p->start;
    return end > (long)p->horizon ? p->horizon : (size_t)end;
}

/* The series of a new projection: the mean, the remaining km² of the
 * rows kept, the regions' counts. */
static int alloc_series(dm_projection *p, dm_series_kept kept)
{
    size_t R = p->nregions, N = p->nrows, H1 = p->horizon + 1;
    if (kept == DM_KEEP_NONE)
        return 1;
    p->mean = calloc(N * DM_SERIES_COUNT * H1, sizeof(double));
    p->remaining =
        calloc((kept == DM_KEEP_ALL ? N : DM_AGGREGATES) * H1 * p->runs,
               sizeof(double));
    if (kept == DM_KEEP_SUMMARIES)
        p->hist = calloc(R * H1 * (DM_SUMMARY_BINS + 2), sizeof *p->hist);
    return p->mean != NULL && p->remaining != NULL &&
           (kept != DM_KEEP_SUMMARIES || p->hist != NULL);
}

dm_status dm_projection_new(dm_context *ctx, const dm_work *work,
                            const dm_scenario *sc, size_t runs, size_t horizon,
                            dm_series_kept kept, const size_t *slot,
                            size_t stored, dm_projection **out)
{
    size_t R = stored, N = R + DM_AGGREGATES;
    dm_projection *p = calloc(1, sizeof *p);
    if (p == NULL)
        return dm_no_memory(ctx);
    p->runs = runs;
    p->horizon = horizon;
    p->nregions = R;
    p->nrows = N;
    p->ntable = work->count;
    p->slot = malloc((p->ntable + 1) * sizeof *p->slot);
    if (p->slot != NULL && p->ntable > 0)
        memcpy(p->slot, slot, p->ntable * sizeof *p->slot);
    p->kept = kept == DM_KEEP_ALL;
    for (int a = 0; a < DM_AGGREGATES; a++)
        p->agg_slot[a] = a;
    p->replay_last = INT_MIN;
    p->nparams = sc->nparams;
    set_calendar(p, sc);
    /* With the regions' summaries, the years of the aggregates alone. */
    p->year_from = kept == DM_KEEP_SUMMARIES ? R : 0;
    p->year_rows = N - p->year_from;
    p->codes = calloc(p->ntable + 1, sizeof(char *));
    p->names = calloc(p->ntable + 1, sizeof(char *));
    p->param_names = calloc(sc->nparams + 1, sizeof(char *));
    p->params = calloc(runs * sc->nparams + 1, sizeof(double));
    p->area = calloc(N, sizeof(double));
    p->agg_area = calloc(runs * DM_AGGREGATES, sizeof(double));
    p->months_to = calloc(runs * N * DM_MILESTONE_COUNT, sizeof(double));
    p->cost = calloc(runs * N, sizeof(double));
    p->cleared = calloc(runs * N, sizeof(double));
    p->released = calloc(runs * N, sizeof(double));
    p->months_sorted = calloc(runs * N * DM_MILESTONE_COUNT, sizeof(double));
    p->cost_sorted = calloc(runs * N, sizeof(double));
    p->year_cost = calloc(runs * p->year_rows * p->nyears + 1, sizeof(double));
    p->year_released =
        calloc(runs * p->year_rows * p->nyears + 1, sizeof(double));
    dm_status s = DM_OK;
    if (p->slot == NULL || p->codes == NULL || p->names == NULL ||
        p->param_names == NULL || p->params == NULL || p->area == NULL ||
        p->agg_area == NULL || p->months_to == NULL || p->cost == NULL ||
        p->cleared == NULL || p->released == NULL ||
        p->months_sorted == NULL || p->cost_sorted == NULL ||
        p->year_cost == NULL || p->year_released == NULL ||
        !alloc_series(p, kept))
        s = dm_no_memory(ctx);
    if (s == DM_OK)
        s = copy_names(ctx, p, work, sc);
    if (s != DM_OK) {
        dm_projection_free(p);
        return s;
    }
    *out = p;
    return DM_OK;
}

/* ---- accessors ------------------------------------------------------- */

size_t dm_projection_runs(dm_context *ctx, const dm_projection *p)
{
    (void)ctx;
    return p != NULL ? p->runs : 0;
}

unsigned long long dm_projection_seed(dm_context *ctx, const dm_projection *p)
{
    (void)ctx;
    return p != NULL ? p->seed : 0;
}

size_t dm_projection_months(dm_context *ctx, const dm_projection *p)
{
    (void)ctx;
    return p != NULL ? p->horizon : 0;
}

size_t dm_projection_region_count(dm_context *ctx, const dm_projection *p)
{
    (void)ctx;
    return p != NULL ? p->ntable : 0;
}

size_t dm_projection_replay_months(dm_context *ctx, const dm_projection *p)
{
    (void)ctx;
    if (p == NULL || p->replay_last < p->start)
        return 0;
    size_t n = (size_t)(p->replay_last - p->start + 1);
    return n < p->horizon ? n : p->horizon;
}

dm_status dm_projection_start(dm_context *ctx, const dm_projection *p,
                              int *month)
{
    DM_CHECK(ctx, p, month);
    *month = p->start;
    return DM_OK;
}

dm_status dm_projection_row(dm_context *ctx, const dm_projection *p,
                            size_t region, size_t *row)
{
    if (region >= DM_ZONES(1)) {
        *row = dm_zones_row(p->nregions,
                            DM_ALL_ZONES - (unsigned)(DM_NATIONAL - region));
        return DM_OK;
    }
    if (region >= p->ntable)
        return dm_error(ctx, DM_ERR_OUT_OF_RANGE,
                        "region %zu out of range (0–%zu, DM_NATIONAL or "
                        "DM_ZONES())",
                        region, p->ntable == 0 ? 0 : p->ntable - 1);
    *row = p->slot[region];
    return DM_OK;
}

dm_status dm_projection_open_zones(dm_context *ctx, const dm_projection *p,
                                   int month, unsigned *mask)
{
    DM_CHECK(ctx, p, mask);
    *mask = 0;
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        if (p->open[z] <= month)
            *mask |= DM_ZONE_BIT(z);
    return DM_OK;
}

const char *dm_projection_region_code(dm_context *ctx, const dm_projection *p,
                                      size_t i)
{
    DM_CHECK_OR(NULL, ctx, p);
    if (i >= p->ntable) {
        dm_out_of_range(ctx, "region", i, p->ntable);
        return NULL;
    }
    return p->codes[i];
}

const char *dm_projection_region_name(dm_context *ctx, const dm_projection *p,
                                      size_t i)
{
    const char *code = dm_projection_region_code(ctx, p, i);
    return code != NULL ? p->names[i] : NULL;
}

dm_status dm_projection_area_km2(dm_context *ctx, const dm_projection *p,
                                 size_t region, double *km2)
{
    DM_CHECK(ctx, p, km2);
    size_t row = 0;
    dm_status s = dm_projection_row(ctx, p, region, &row);
    if (s == DM_OK)
        *km2 = p->area[row];
    return s;
}

static dm_status check_milestone(dm_context *ctx, dm_milestone m)
{
    if ((unsigned)m >= DM_MILESTONE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "milestone %d out of range (0–%d)", (int)m,
                        DM_MILESTONE_COUNT - 1);
    return DM_OK;
}

dm_status dm_check_quantile(dm_context *ctx, double q)
{
    if (!(q >= 0.0 && q <= 1.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "quantile %g is not between 0 and 1", q);
    return DM_OK;
}

dm_status dm_projection_months_to(dm_context *ctx, const dm_projection *p,
                                  size_t region, dm_milestone m, size_t run,
                                  double *months)
{
    DM_CHECK(ctx, p, months);
    size_t row = 0;
    dm_status s = dm_projection_row(ctx, p, region, &row);
    if (s == DM_OK)
        s = check_milestone(ctx, m);
    if (s == DM_OK && run >= p->runs)
        s = dm_out_of_range(ctx, "run", run, p->runs);
    if (s == DM_OK)
        *months = p->months_to[(run * p->nrows + row) * DM_MILESTONE_COUNT +
                               (size_t)m];
    return s;
}

const double *dm_projection_months_sorted(const dm_projection *p, size_t row,
                                          dm_milestone m)
{
    return p->months_sorted + (row * DM_MILESTONE_COUNT + (size_t)m) * p->runs;
}

dm_status dm_projection_months_quantile(dm_context *ctx,
                                        const dm_projection *p, size_t region,
                                        dm_milestone m, double q,
                                        double *months)
{
    DM_CHECK(ctx, p, months);
    size_t row = 0;
    dm_status s = dm_projection_row(ctx, p, region, &row);
    if (s == DM_OK)
        s = check_milestone(ctx, m);
    if (s == DM_OK)
        s = dm_check_quantile(ctx, q);
    if (s == DM_OK)
        *months = dm_quantile_sorted(dm_projection_months_sorted(p, row, m),
                                     p->runs, q);
    return s;
}

dm_status dm_projection_cost(dm_context *ctx, const dm_projection *p,
                             size_t region, size_t run, double *usd)
{
    DM_CHECK(ctx, p, usd);
    size_t row = 0;
    dm_status s = dm_projection_row(ctx, p, region, &row);
    if (s == DM_OK && run >= p->runs)
        s = dm_out_of_range(ctx, "run", run, p->runs);
    if (s == DM_OK)
        *usd = p->cost[run * p->nrows + row];
    return s;
}

dm_status dm_projection_cost_quantile(dm_context *ctx, const dm_projection *p,
                                      size_t region, double q, double *usd)
{
    DM_CHECK(ctx, p, usd);
    size_t row = 0;
    dm_status s = dm_projection_row(ctx, p, region, &row);
    if (s == DM_OK)
        s = dm_check_quantile(ctx, q);
    if (s == DM_OK)
        *usd = dm_quantile_sorted(p->cost_sorted + row * p->runs, p->runs, q);
    return s;
}

dm_status dm_projection_series(dm_context *ctx, const dm_projection *p,
                               size_t region, int series,
                               const double **values, size_t *count)
{
    DM_CHECK(ctx, p, values, count);
    size_t row = 0;
    dm_status s = dm_projection_row(ctx, p, region, &row);
    if (s == DM_OK && (series < 0 || series >= DM_SERIES_COUNT))
        s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                     "series %d out of range (0–%d)", series,
                     DM_SERIES_COUNT - 1);
    if (s == DM_OK && p->mean == NULL)
        s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                     "this projection kept no series");
    if (s == DM_OK) {
        size_t H1 = p->horizon + 1;
        *values = p->mean + (row * DM_SERIES_COUNT + (size_t)series) * H1;
        *count = H1;
    }
    return s;
}

dm_status dm_projection_remaining_quantile(dm_context *ctx,
                                           const dm_projection *p,
                                           size_t region, double q,
                                           double *km2, size_t count)
{
    DM_CHECK(ctx, p, km2);
    size_t row = 0;
    dm_status s = dm_projection_row(ctx, p, region, &row);
    if (s == DM_OK)
        s = dm_check_quantile(ctx, q);
    if (s == DM_OK && count > p->horizon + 1)
        s = dm_out_of_range(ctx, "month", count - 1, p->horizon + 1);
    if (s == DM_OK && (p->remaining == NULL ||
                       (row < p->nregions && !p->kept && p->hist == NULL)))
        s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                     "dm_projection_remaining_quantile: region %zu's series "
                     "were not kept (set keep_series)",
                     region);
    if (s == DM_OK && row >= p->nregions && !p->kept &&
        p->agg_slot[row - p->nregions] < 0)
        s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                     "dm_projection_remaining_quantile: this land's series "
                     "were dropped (dm_projection_drop_series() keeps the "
                     "nation's and the land open at the start and by "
                     "DM_STRATEGY_DEADLINE)");
    if (s == DM_OK)
        for (size_t m = 0; m < count; m++)
            km2[m] = dm_projection_remaining_at(p, row, m, q);
    return s;
}

/* Order statistic k (0-based) of a region's counts at a month: at 0, at
 * the whole area, or within its bin, the bin's runs spread evenly over it
 * (so within one bin's width of the run's value). */
static double counted_at(const uint32_t *c, size_t stride, double area,
                         size_t k)
{
    size_t below = 0;
    for (size_t b = 0; b < DM_SUMMARY_BINS + 2; b++) {
        size_t n = c[b * stride];
        if (k >= below + n) {
            below += n;
            continue;
        }
        if (b == 0)
            return 0.0;
        if (b == DM_SUMMARY_BINS + 1)
            return area;
        double within = ((double)(k - below) + 0.5) / (double)n;
        return area * ((double)(b - 1) + within) / DM_SUMMARY_BINS;
    }
    return area;
}

/* Quantile q of a region's remaining km² at a month from its counts,
 * between order statistics as dm_quantile_sorted(). */
static double counted_quantile(const dm_projection *p, size_t row,
                               size_t month, double q)
{
    size_t H1 = p->horizon + 1;
    const uint32_t *c = p->hist + row * H1 * (DM_SUMMARY_BINS + 2) + month;
    double h = (double)(p->runs - 1) * q;
    size_t lo = (size_t)floor(h);
    double v = counted_at(c, H1, p->area[row], lo);
    if (lo + 1 >= p->runs || h == (double)lo)
        return v;
    double next = counted_at(c, H1, p->area[row], lo + 1);
    return v + (h - (double)lo) * (next - v);
}

double dm_projection_remaining_at(const dm_projection *p, size_t row,
                                  size_t month, double q)
{
    if (row < p->nregions && !p->kept)
        return counted_quantile(p, row, month, q);
    /* Without the regions' series, the aggregates' rows that are kept. */
    if (!p->kept)
        row = (size_t)p->agg_slot[row - p->nregions];
    return dm_quantile_sorted(
        p->remaining + (row * (p->horizon + 1) + month) * p->runs, p->runs, q);
}

/* The aggregates' rows a dropped projection keeps: the nation's and the
 * land open at the start and by the strategy's deadline (a comparison
 * draws that), as their masks. */
static int kept_after_drop(const dm_projection *p, unsigned mask)
{
    unsigned at_start = 0, by_deadline = 0;
    for (int z = 0; z < DM_ZONE_COUNT; z++) {
        if (p->open[z] <= p->start)
            at_start |= DM_ZONE_BIT(z);
        if (p->open[z] <= DM_STRATEGY_DEADLINE)
            by_deadline |= DM_ZONE_BIT(z);
    }
    return mask == DM_ALL_ZONES || mask == at_start || mask == by_deadline;
}

dm_status dm_projection_drop_series(dm_context *ctx, dm_projection *p)
{
    DM_CHECK(ctx, p);
    if (p->remaining == NULL)
        return DM_OK;
    size_t n = (p->horizon + 1) * p->runs, k = 0;
    int slot[DM_AGGREGATES];
    for (size_t a = 0; a < DM_AGGREGATES; a++)
        slot[a] = p->agg_slot[a] >= 0 &&
                          kept_after_drop(p, DM_ALL_ZONES - (unsigned)a)
                      ? (int)k++
                      : -1;
    double *kept = malloc((k + 1) * n * sizeof *kept);
    if (kept == NULL)
        return dm_no_memory(ctx);
    for (size_t a = 0; a < DM_AGGREGATES; a++) {
        if (slot[a] < 0)
            continue;
        size_t from = p->kept ? p->nregions + a : (size_t)p->agg_slot[a];
        memcpy(kept + (size_t)slot[a] * n, p->remaining + from * n,
               n * sizeof *kept);
    }
    free(p->remaining);
    p->remaining = kept;
    p->kept = 0;
    free(p->hist);
    p->hist = NULL;
    memcpy(p->agg_slot, slot, sizeof slot);
    return DM_OK;
}
