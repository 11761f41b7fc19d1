/* What a projection's runs give, measure by measure: each run's value, its
 * quantiles over the runs, the paired change between two projections of
 * the same runs, and the figures that drive it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "projection-private.h"
#include "sensitivity-private.h"

static const char *const measure_names[DM_MEASURE_COUNT] = {
    "months_to_80",         "months_to_95",
    "months_to_100",        "cost_usd",
    "released_km2",         "cleared_km2",
    "usd_per_km2_released", "usd_per_km2_cleared",
    "released_km2_by",      "cost_usd_in",
};

const char *dm_measure_name(dm_measure m)
{
    return (unsigned)m < DM_MEASURE_COUNT ? measure_names[m] : NULL;
}

dm_status dm_projection_years(dm_context *ctx, const dm_projection *p,
                              int *first, int *last)
{
    DM_CHECK(ctx, p, first, last);
    *first = p->first_year;
    *last = p->first_year + (int)p->nyears - 1;
    return DM_OK;
}

/* The year index of a "(year)" measure, or DM_ERR_OUT_OF_RANGE. */
static dm_status year_index(dm_context *ctx, const dm_projection *p,
                            dm_measure m, int year, size_t *y)
{
    *y = 0;
    if (m != DM_MEASURE_RELEASED_BY && m != DM_MEASURE_COST_IN_YEAR)
        return DM_OK;
    if (p->nyears == 0 || year < p->first_year ||
        year >= p->first_year + (int)p->nyears)
        return dm_error(ctx, DM_ERR_OUT_OF_RANGE,
                        "year %d is not within the projection (%d–%d)", year,
                        p->first_year, p->first_year + (int)p->nyears - 1);
    *y = (size_t)(year - p->first_year);
    return DM_OK;
}

/* The checks of a measure's arguments: its row and year index. */
static dm_status measure_args(dm_context *ctx, const dm_projection *p,
                              size_t region, dm_measure m, int year,
                              size_t *row, size_t *y)
{
    if ((unsigned)m >= DM_MEASURE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "measure %d out of range (0–%d)", (int)m,
                        DM_MEASURE_COUNT - 1);
    dm_status s = dm_projection_row(ctx, p, region, row);
    if (s == DM_OK &&
        (m == DM_MEASURE_RELEASED_BY || m == DM_MEASURE_COST_IN_YEAR) &&
        *row < p->year_from)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "%s of region %zu: the regions' yearly figures were "
                        "not kept (region_summaries); the nation's and the "
                        "lands' were",
                        dm_measure_name(m), region);
    return s == DM_OK ? year_index(ctx, p, m, year, y) : s;
}

/* The value of measure m of a row in a run (the arguments checked). */
static double value_of(const dm_projection *p, size_t row, dm_measure m,
                       size_t y, size_t run)
{
    size_t N = p->nrows, i = run * N + row, at = dm_year_at(p, run, row, y);
    double released = p->released[i];
    switch (m) {
    case DM_MEASURE_MONTHS_TO_80:
    case DM_MEASURE_MONTHS_TO_95:
    case DM_MEASURE_MONTHS_TO_100:
        return p->months_to[i * DM_MILESTONE_COUNT + (size_t)m];
    case DM_MEASURE_COST: return p->cost[i];
    case DM_MEASURE_RELEASED: return released;
    case DM_MEASURE_CLEARED: return p->cleared[i];
    case DM_MEASURE_USD_PER_KM2_RELEASED:
        return released > 0.0 ? p->cost[i] / released : NAN;
    case DM_MEASURE_USD_PER_KM2_CLEARED:
        return p->cleared[i] > 0.0 ? p->cost[i] / p->cleared[i] : NAN;
    case DM_MEASURE_RELEASED_BY: return p->year_released[at];
    case DM_MEASURE_COST_IN_YEAR:
        return p->year_cost[at] - (y > 0 ? p->year_cost[at - 1] : 0.0);
    }
    return NAN;
}

dm_status dm_projection_measure(dm_context *ctx, const dm_projection *p,
                                size_t region, dm_measure measure, int year,
                                size_t run, double *value)
{
    DM_CHECK(ctx, p, value);
    size_t row = 0, y = 0;
    dm_status s = measure_args(ctx, p, region, measure, year, &row, &y);
    if (s == DM_OK && run >= p->runs)
        s = dm_out_of_range(ctx, "run", run, p->runs);
    if (s == DM_OK)
        *value = value_of(p, row, measure, y, run);
    return s;
}

/* Quantile q of n sorted values that may hold ±INFINITY at either end. */
static double quantile_signed(const double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return v[n - 1];
    double frac = h - (double)lo;
    if (frac == 0.0 || v[lo] == v[lo + 1] || isinf(v[lo]))
        return v[lo];
    if (isinf(v[lo + 1]))
        return v[lo + 1];
    return v[lo] + frac * (v[lo + 1] - v[lo]);
}

/* Sorts the n values of v that are not NAN to its front; their count. */
static size_t sort_defined(double *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            v[k++] = v[i];
    dm_sort_doubles(v, k);
    return k;
}

dm_status dm_projection_measure_quantile(dm_context *ctx,
                                         const dm_projection *p, size_t region,
                                         dm_measure measure, int year,
                                         double q, double *value)
{
    DM_CHECK(ctx, p, value);
    size_t row = 0, y = 0;
    dm_status s = measure_args(ctx, p, region, measure, year, &row, &y);
    if (s == DM_OK)
        s = dm_check_quantile(ctx, q);
    double *v = s == DM_OK ? malloc((p->runs + 1) * sizeof *v) : NULL;
    if (s == DM_OK && v == NULL)
        s = dm_no_memory(ctx);
    if (s != DM_OK)
        return s;
    for (size_t run = 0; run < p->runs; run++)
        v[run] = value_of(p, row, measure, y, run);
    *value = quantile_signed(v, sort_defined(v, p->runs), q);
    free(v);
    return DM_OK;
}

/* Whether two projections' runs pair up, or DM_ERR_INVALID_ARGUMENT saying
 * why not. */
static dm_status check_paired(dm_context *ctx, const dm_projection *a,
                              const dm_projection *b)
{
    const char *why = NULL;
    if (a->seed != b->seed)
        why = "their seeds differ";
    else if (a->runs != b->runs)
        why = "their numbers of runs differ";
    else if (a->start != b->start)
        why = "their start months differ";
    else if (a->horizon != b->horizon)
        why = "their horizons differ";
    else if (a->ntable != b->ntable)
        why = "their work tables have different regions";
    for (size_t r = 0; why == NULL && r < a->ntable; r++)
        if (strcmp(a->codes[r], b->codes[r]) != 0)
            why = "their work tables have different regions";
    if (why != NULL)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_projection_change_quantile: the projections' "
                        "runs do not pair up: %s",
                        why);
    return DM_OK;
}

/* The difference b - a of one run's values: none (NAN) when neither is
 * finite and both are the same infinity. */
static double difference(double a, double b)
{
    if (isinf(a) && isinf(b) && a == b)
        return NAN;
    if (isinf(b))
        return b;
    if (isinf(a))
        return -a;
    return b - a;
}

dm_status dm_projection_change_quantile(dm_context *ctx,
                                        const dm_projection *base,
                                        const dm_projection *other,
                                        size_t region, dm_measure measure,
                                        int year, double q, double *value,
                                        size_t *defined)
{
    DM_CHECK(ctx, base, other, value);
    size_t ra = 0, rb = 0, ya = 0, yb = 0;
    dm_status s = check_paired(ctx, base, other);
    if (s == DM_OK)
        s = measure_args(ctx, base, region, measure, year, &ra, &ya);
    if (s == DM_OK)
        s = measure_args(ctx, other, region, measure, year, &rb, &yb);
    if (s == DM_OK)
        s = dm_check_quantile(ctx, q);
    double *v = s == DM_OK ? malloc((base->runs + 1) * sizeof *v) : NULL;
    if (s == DM_OK && v == NULL)
        s = dm_no_memory(ctx);
    if (s != DM_OK)
        return s;
    for (size_t run = 0; run < base->runs; run++)
        v[run] = difference(value_of(base, ra, measure, ya, run),
                            value_of(other, rb, measure, yb, run));
    size_t n = sort_defined(v, base->runs);
    *value = quantile_signed(v, n, q);
    if (defined != NULL)
        *defined = n;
    free(v);
    return DM_OK;
}

size_t dm_projection_param_count(dm_context *ctx, const dm_projection *p)
{
    (void)ctx;
    return p != NULL ? p->nparams : 0;
}

const char *dm_projection_param_name(dm_context *ctx, const dm_projection *p,
                                     size_t i)
{
    DM_CHECK_OR(NULL, ctx, p);
    if (i >= p->nparams) {
        dm_out_of_range(ctx, "parameter", i, p->nparams);
        return NULL;
    }
    return p->param_names[i];
}

dm_status dm_projection_param_value(dm_context *ctx, const dm_projection *p,
                                    size_t i, size_t run, double *value)
{
    DM_CHECK(ctx, p, value);
    if (i >= p->nparams)
        return dm_out_of_range(ctx, "parameter", i, p->nparams);
    if (run >= p->runs)
        return dm_out_of_range(ctx, "run", run, p->runs);
    *value = p->params[run * p->nparams + i];
    return DM_OK;
}

dm_status dm_projection_sensitivity(dm_context *ctx, const dm_projection *p,
                                    size_t region, dm_measure measure,
                                    int year, double *prcc, size_t count)
{
    DM_CHECK(ctx, p, prcc);
    size_t row = 0, y = 0, P = p->nparams;
    dm_status s = measure_args(ctx, p, region, measure, year, &row, &y);
    if (s == DM_OK && count < P)
        s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                     "dm_projection_sensitivity: room for %zu values, the "
                     "projection has %zu figures",
                     count, P);
    double *x = s == DM_OK ? malloc((p->runs * P + 1) * sizeof *x) : NULL;
    double *out = s == DM_OK ? malloc((p->runs + 1) * sizeof *out) : NULL;
    if (s == DM_OK && (x == NULL || out == NULL))
        s = dm_no_memory(ctx);
    /* The runs where the measure has a value (a cost per km² has none
     * where nothing was released). */
    size_t n = 0;
    for (size_t run = 0; s == DM_OK && run < p->runs; run++) {
        double v = value_of(p, row, measure, y, run);
        if (isnan(v))
            continue;
        out[n] = v;
        memcpy(x + n * P, p->params + run * P, P * sizeof *x);
        n++;
    }
    if (s == DM_OK)
        s = dm_prcc(ctx, x, n, P, out, prcc);
    free(x);
    free(out);
    return s;
}

/* ---- what drives a measure, ranked ------------------------------------- */

typedef struct driver {
    size_t i;
    double prcc;
} driver;

/* Largest |PRCC| first; ties in the figures' order. */
static int by_effect(const void *a, const void *b)
{
    const driver *x = a, *y = b;
    double ax = fabs(x->prcc), ay = fabs(y->prcc);
    if (ax != ay)
        return ax > ay ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

dm_status dm_projection_drivers(dm_context *ctx, const dm_projection *p,
                                size_t region, dm_measure measure, int year,
                                size_t *order, double *prcc, size_t count,
                                size_t *n)
{
    DM_CHECK(ctx, p, n);
    if (count > 0)
        DM_CHECK(ctx, order, prcc);
    size_t P = p->nparams, k = 0, undefined = 0;
    double *v = malloc((P + 1) * sizeof *v);
    driver *d = malloc((P + 1) * sizeof *d);
    dm_status s = v != NULL && d != NULL ? DM_OK : dm_no_memory(ctx);
    if (s == DM_OK)
        s = dm_projection_sensitivity(ctx, p, region, measure, year, v, P);
    for (size_t i = 0; s == DM_OK && i < P; i++) {
        if (isnan(v[i]))
            undefined++;
        else if (v[i] != 0.0)
            d[k++] = (driver){i, v[i]};
    }
    if (s == DM_OK && P > 0 && undefined == P)
        s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                     "%s does not vary over the runs: no figure drives it",
                     dm_measure_name(measure));
    if (s == DM_OK) {
        qsort(d, k, sizeof *d, by_effect);
        for (size_t i = 0; i < k && i < count; i++) {
            order[i] = d[i].i;
            prcc[i] = d[i].prcc;
        }
        *n = k;
    }
    free(v);
    free(d);
    return s;
}

/* ---- the comparison of two scenarios ----------------------------------- */

#define MONTHS_PER_YEAR 12.0
#define USD_PER_MILLION 1e6

static const struct compared {
    dm_measure m;
    const char *unit;
    double scale;
    const char *label;
} compared[DM_COMPARED_COUNT] = {
    {DM_MEASURE_MONTHS_TO_80, "years", 1 / MONTHS_PER_YEAR, "years to 80 %"},
    {DM_MEASURE_MONTHS_TO_95, "years", 1 / MONTHS_PER_YEAR, "years to 95 %"},
    {DM_MEASURE_MONTHS_TO_100, "years", 1 / MONTHS_PER_YEAR, "years to 100 %"},
    {DM_MEASURE_RELEASED_BY, "km2", 1, "km² released by the end of"},
    {DM_MEASURE_COST, "usd_million", 1 / USD_PER_MILLION,
     "cost over the horizon, US$ m"},
    {DM_MEASURE_USD_PER_KM2_RELEASED, "usd_per_km2", 1,
     "US$ per km² released"},
    {DM_MEASURE_USD_PER_KM2_CLEARED, "usd_per_km2", 1, "US$ per km² cleared"},
};

dm_status dm_compared_measure(size_t i, dm_measure *measure, const char **unit,
                              double *scale, const char **label)
{
    if (i >= DM_COMPARED_COUNT)
        return DM_ERR_OUT_OF_RANGE;
    if (measure != NULL)
        *measure = compared[i].m;
    if (unit != NULL)
        *unit = compared[i].unit;
    if (scale != NULL)
        *scale = compared[i].scale;
    if (label != NULL)
        *label = compared[i].label;
    return DM_OK;
}

static const double change_quantiles[3] = {0.1, 0.5, 0.9};

dm_status dm_projection_compare(dm_context *ctx, const dm_projection *base,
                                const dm_projection *other, size_t region,
                                dm_measure measure, int year, double change[3],
                                size_t *runs, double *base_p50,
                                double *other_p50)
{
    DM_CHECK(ctx, base, other, change, runs, base_p50, other_p50);
    dm_status first = DM_OK;
    *runs = 0;
    for (int k = 0; k < 3; k++) {
        dm_status s = dm_projection_change_quantile(
            ctx, base, other, region, measure, year, change_quantiles[k],
            &change[k], runs);
        if (s != DM_OK) {
            change[k] = NAN;
            *runs = 0;
            first = first != DM_OK ? first : s;
        }
    }
    const dm_projection *p[2] = {base, other};
    double *p50[2] = {base_p50, other_p50};
    for (int i = 0; i < 2; i++) {
        dm_status s = dm_projection_measure_quantile(
            ctx, p[i], region, measure, year, 0.5, p50[i]);
        if (s != DM_OK) {
            *p50[i] = NAN;
            first = first != DM_OK ? first : s;
        }
    }
    return first;
}
