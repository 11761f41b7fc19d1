/* What a projection gives for decisions, against answers computed here:
 * the land of each set of zones (DM_ZONES()), paired changes between two
 * scenarios (common random numbers), the yearly budget ceiling, the
 * partial rank correlations of the figures, the priority policy and the
 * measures (yearly cost and release, cost per km²). */
#include "testutil.h"

/* Survey that cancels and reduces some of each class; the same with a
 * ranged share for the high class. */
#define SOME_RELEASE                                                          \
    "\"land_release\": {"                                                     \
    "\"high\": {\"nts_cancel_share\": 0.2, \"ts_reduce_share\": 0.3}, "       \
    "\"medium\": {\"nts_cancel_share\": 0.4, \"ts_reduce_share\": 0.3}, "     \
    "\"low\": {\"nts_cancel_share\": 0.6, \"ts_reduce_share\": 0.5}}"
#define RANGED_RELEASE                                                        \
    "\"land_release\": {"                                                     \
    "\"high\": {\"nts_cancel_share\": {\"min\": 0.1, \"mode\": 0.3, "         \
    "\"max\": 0.5}, \"ts_reduce_share\": 0.3}, "                              \
    "\"medium\": {\"nts_cancel_share\": 0.4, \"ts_reduce_share\": 0.3}, "     \
    "\"low\": {\"nts_cancel_share\": 0.6, \"ts_reduce_share\": 0.5}}"

/* A manual asset: name, units, m² per day, days per month, US$ per
 * unit-day (each a JSON number or range). */
#define MANUAL(name, units, rate, days, usd)                                  \
    "{\"name\": \"" name "\", \"kind\": \"manual\", \"count\": " units ", "   \
    "\"productivity_m2_per_day\": " rate                                      \
    ", \"working_days_per_month\": " days ", \"cost_usd_per_unit_day\": " usd \
    "}"

/* A scenario starting `start` over `horizon` months with these assets
 * (a JSON array's contents) and extra top-level keys (", \"k\": …"). */
static dm_scenario *scenario(dm_context *ctx, const char *start, int horizon,
                             const char *assets, const char *extra)
{
    char *text = NULL;
    assert_true(
        asprintf(&text,
                 "{\"name\": \"t\", \"start\": \"%s\", "
                 "\"horizon_months\": %d, \"assets\": [%s], " CLEAR_ONLY "%s}",
                 start, horizon, assets, extra != NULL ? extra : "") > 0);
    dm_scenario *s = NULL;
    if (dm_scenario_load_string(ctx, text, NULL, &s) != DM_OK)
        fail_msg("scenario: %s\n%s", dm_context_last_error(ctx), text);
    free(text);
    return s;
}

static dm_projection *project(dm_context *ctx, const dm_work *w,
                              const dm_scenario *s, size_t runs,
                              unsigned threads, unsigned long long seed)
{
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.runs = runs;
    o.threads = threads;
    o.seed = seed;
    dm_projection *p = NULL;
    assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_OK);
    return p;
}

static void add(dm_context *ctx, dm_work *w, const char *region, dm_hazard h,
                dm_zone z, double km2)
{
    assert_status(
        ctx, dm_work_add(ctx, w, region, NULL, h, z, DM_AREA_SUSPECTED, km2),
        DM_OK);
}

static dm_work *one_cell(dm_context *ctx, double km2)
{
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    add(ctx, w, "A", DM_HAZARD_HIGH, DM_ZONE_ACCESSIBLE, km2);
    return w;
}

static double months_to(dm_context *ctx, const dm_projection *p, size_t region,
                        dm_milestone m, size_t run)
{
    double v = -1.0;
    assert_status(ctx, dm_projection_months_to(ctx, p, region, m, run, &v),
                  DM_OK);
    return v;
}

static double measure(dm_context *ctx, const dm_projection *p, size_t region,
                      dm_measure m, int year, size_t run)
{
    double v = -1.0;
    assert_status(ctx, dm_projection_measure(ctx, p, region, m, year, run, &v),
                  DM_OK);
    return v;
}

static double area(dm_context *ctx, const dm_projection *p, size_t region)
{
    double v = -1.0;
    assert_status(ctx, dm_projection_area_km2(ctx, p, region, &v), DM_OK);
    return v;
}

static double cost(dm_context *ctx, const dm_projection *p, size_t region,
                   size_t run)
{
    double v = -1.0;
    assert_status(ctx, dm_projection_cost(ctx, p, region, run, &v), DM_OK);
    return v;
}

/* |a - b| within tol relative to the larger, or tol absolute near 0. */
static void assert_close(double a, double b, double tol, const char *what)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    if (!(fabs(a - b) <= tol * scale))
        fail_msg("%s: %.17g, expected %.17g", what, a, b);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of n values (sorted here; -INFINITY first, INFINITY last),
 * linear between the order statistics around (n - 1) q; an infinite
 * neighbour of a point between two gives that infinity. NAN for none. */
static double quantile_by_hand(double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    double t = h - (double)lo, a = v[lo], b = v[lo + 1];
    if (t == 0.0 || a == b)
        return a;
    if (isinf(a))
        return a;
    if (isinf(b))
        return b;
    return a + t * (b - a);
}

/* The index of the figure with this key path, or SIZE_MAX. */
static size_t param_index(dm_context *ctx, const dm_projection *p,
                          const char *name)
{
    for (size_t i = 0; i < dm_projection_param_count(ctx, p); i++)
        if (strcmp(dm_projection_param_name(ctx, p, i), name) == 0)
            return i;
    return SIZE_MAX;
}

static double param_value(dm_context *ctx, const dm_projection *p,
                          const char *name, size_t run)
{
    size_t i = param_index(ctx, p, name);
    if (i == SIZE_MAX)
        fail_msg("no figure '%s'", name);
    double v = NAN;
    assert_status(ctx, dm_projection_param_value(ctx, p, i, run, &v), DM_OK);
    return v;
}

/* ---- 1. the land of each set of zones ----------------------------------- */

#define ACC DM_ZONE_BIT(DM_ZONE_ACCESSIBLE)
#define FRONT DM_ZONE_BIT(DM_ZONE_FRONT_LINE)
#define OCC DM_ZONE_BIT(DM_ZONE_OCCUPIED)

/* A: 3 km² accessible high, 1 front-line medium; B: 2 accessible low, 4
 * occupied low. */
static dm_work *two_regions_three_zones(dm_context *ctx)
{
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    add(ctx, w, "A", DM_HAZARD_HIGH, DM_ZONE_ACCESSIBLE, 3.0);
    add(ctx, w, "A", DM_HAZARD_MEDIUM, DM_ZONE_FRONT_LINE, 1.0);
    add(ctx, w, "B", DM_HAZARD_LOW, DM_ZONE_ACCESSIBLE, 2.0);
    add(ctx, w, "B", DM_HAZARD_LOW, DM_ZONE_OCCUPIED, 4.0);
    return w;
}

/* 30 deminers × 1,000 m² × 10 days: 0.3 km² a month. */
#define CAPACITY_KM2 0.3
#define THIRTY MANUAL("m", "30", "1000", "10", "90")

static void zone_areas_and_open_zones(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = two_regions_three_zones(ctx);
    dm_scenario *s = scenario(ctx, "2025-01", 36, THIRTY, NULL);
    dm_projection *p = project(ctx, w, s, 1, 1, 1);
    assert_true(DM_ZONES(7) == DM_NATIONAL);
    assert_true(DM_ZONES(ACC | FRONT | OCC) == DM_NATIONAL);
    assert_rel(area(ctx, p, 0), 4.0, 1e-15);
    assert_rel(area(ctx, p, 1), 6.0, 1e-15);
    assert_rel(area(ctx, p, DM_ZONES(ACC)), 5.0, 1e-15);
    assert_rel(area(ctx, p, DM_ZONES(FRONT)), 1.0, 1e-15);
    assert_rel(area(ctx, p, DM_ZONES(OCC)), 4.0, 1e-15);
    assert_rel(area(ctx, p, DM_ZONES(ACC | FRONT)), 6.0, 1e-15);
    assert_rel(area(ctx, p, DM_ZONES(ACC | OCC)), 9.0, 1e-15);
    assert_rel(area(ctx, p, DM_ZONES(FRONT | OCC)), 5.0, 1e-15);
    assert_rel(area(ctx, p, DM_ZONES(7)), 10.0, 1e-15);
    assert_rel(area(ctx, p, DM_NATIONAL), 10.0, 1e-15);
    /* No zone is no land: out of range, as a region past the end. */
    double v = 0.0;
    assert_status(ctx, dm_projection_area_km2(ctx, p, DM_ZONES(0), &v),
                  DM_ERR_OUT_OF_RANGE);
    assert_status(ctx, dm_projection_area_km2(ctx, p, 2, &v),
                  DM_ERR_OUT_OF_RANGE);

    /* The baseline's access: the accessible land only, at any month. */
    unsigned mask = 99;
    assert_status(ctx,
                  dm_projection_open_zones(ctx, p, DM_MONTH(2025, 1), &mask),
                  DM_OK);
    assert_int_equal(mask, ACC);
    assert_status(ctx,
                  dm_projection_open_zones(ctx, p, DM_MONTH(2100, 1), &mask),
                  DM_OK);
    assert_int_equal(mask, ACC);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* The front line opening in 2026-01, the occupied land never. */
    s = scenario(ctx, "2025-01", 36, THIRTY,
                 ", \"access\": {\"front_line\": \"2026-01\", "
                 "\"occupied\": \"never\"}");
    p = project(ctx, w, s, 1, 1, 1);
    assert_status(ctx,
                  dm_projection_open_zones(ctx, p, DM_MONTH(2025, 1), &mask),
                  DM_OK);
    assert_int_equal(mask, ACC);
    assert_status(ctx,
                  dm_projection_open_zones(ctx, p, DM_MONTH(2025, 12), &mask),
                  DM_OK);
    assert_int_equal(mask, ACC);
    assert_status(ctx,
                  dm_projection_open_zones(ctx, p, DM_MONTH(2026, 1), &mask),
                  DM_OK);
    assert_int_equal(mask, ACC | FRONT);
    assert_status(ctx,
                  dm_projection_open_zones(ctx, p, DM_MONTH(2030, 6), &mask),
                  DM_OK);
    assert_int_equal(mask, ACC | FRONT);
    /* Dropping the series keeps the nation's, the land open at the start
     * (accessible) and by the strategy's deadline (accessible + front
     * line), the same values as before; the others are refused, named. */
    double before[3][37], after[37];
    const size_t kept[3] = {DM_NATIONAL, DM_ZONES(ACC), DM_ZONES(ACC | FRONT)};
    for (int k = 0; k < 3; k++)
        assert_status(ctx,
                      dm_projection_remaining_quantile(ctx, p, kept[k], 0.5,
                                                       before[k], 37),
                      DM_OK);
    assert_status(ctx, dm_projection_drop_series(ctx, p), DM_OK);
    for (int k = 0; k < 3; k++) {
        assert_status(
            ctx,
            dm_projection_remaining_quantile(ctx, p, kept[k], 0.5, after, 37),
            DM_OK);
        assert_memory_equal(before[k], after, sizeof after);
    }
    assert_status(ctx,
                  dm_projection_remaining_quantile(ctx, p, DM_ZONES(OCC), 0.5,
                                                   after, 37),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "this land's series were dropped");
    assert_status(ctx, dm_projection_drop_series(ctx, p), DM_OK);
    assert_status(ctx,
                  dm_projection_remaining_quantile(ctx, p, DM_ZONES(ACC), 0.5,
                                                   after, 37),
                  DM_OK);
    assert_memory_equal(before[1], after, sizeof after);
    /* 5 km² open for 12 months (3.6 cleared, 1.4 left), then 2.4 more
     * with the front line: 6 km² at 0.3 a month, 20 months; 80 % of it
     * (4.8) at 16. */
    assert_rel(months_to(ctx, p, DM_ZONES(ACC | FRONT), DM_RELEASE_100, 0),
               6.0 / CAPACITY_KM2, 1e-9);
    assert_rel(months_to(ctx, p, DM_ZONES(ACC | FRONT), DM_RELEASE_80, 0),
               0.8 * 6.0 / CAPACITY_KM2, 1e-9);
    /* The front line's own land: nothing before it opens. */
    const double *front = NULL;
    size_t n = 0;
    assert_status(ctx,
                  dm_projection_series(ctx, p, DM_ZONES(FRONT),
                                       DM_STATE_CLEARED, &front, &n),
                  DM_OK);
    assert_int_equal(n, 37);
    assert_abs(front[12], 0.0, 0.0);
    assert_true(front[13] > 0.0);
    assert_rel(front[36], 1.0, 1e-12);
    assert_true(isinf(months_to(ctx, p, DM_NATIONAL, DM_RELEASE_80, 0)));
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void zone_milestones_are_analytic(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = two_regions_three_zones(ctx);
    dm_scenario *s = scenario(ctx, "2025-01", 36, THIRTY, NULL);
    dm_projection *p = project(ctx, w, s, 1, 1, 1);
    /* Only the 5 accessible km² are open: 80 % of them at 4 / 0.3 months,
     * all at 5 / 0.3. */
    assert_rel(months_to(ctx, p, DM_ZONES(ACC), DM_RELEASE_80, 0),
               0.8 * 5.0 / CAPACITY_KM2, 1e-9);
    assert_rel(months_to(ctx, p, DM_ZONES(ACC), DM_RELEASE_100, 0),
               5.0 / CAPACITY_KM2, 1e-9);
    /* The open land of the start, as dm_projection_open_zones() says. */
    unsigned open = 0;
    assert_status(ctx,
                  dm_projection_open_zones(ctx, p, DM_MONTH(2025, 1), &open),
                  DM_OK);
    assert_rel(months_to(ctx, p, DM_ZONES(open), DM_RELEASE_80, 0),
               0.8 * 5.0 / CAPACITY_KM2, 1e-9);
    /* The closed land never, nor the nation's 80 % (8 of 10 km², 5
     * open); the land of accessible and front line its 80 % (4.8 of 6)
     * but not its 95 %. */
    for (int k = 0; k < DM_MILESTONE_COUNT; k++) {
        assert_true(isinf(months_to(ctx, p, DM_ZONES(FRONT), k, 0)));
        assert_true(isinf(months_to(ctx, p, DM_ZONES(OCC), k, 0)));
        assert_true(isinf(months_to(ctx, p, DM_NATIONAL, k, 0)));
        assert_true(isinf(months_to(ctx, p, DM_ZONES(7), k, 0)));
    }
    assert_rel(months_to(ctx, p, DM_ZONES(ACC | FRONT), DM_RELEASE_80, 0),
               0.8 * 6.0 / CAPACITY_KM2, 1e-9);
    assert_true(
        isinf(months_to(ctx, p, DM_ZONES(ACC | FRONT), DM_RELEASE_95, 0)));
    /* 5 - 0.3 k km² of the accessible land left at month k: its quantile
     * over the runs (kept for every set of zones). */
    double rem[37];
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_ZONES(ACC), 0.5, rem, 37),
        DM_OK);
    for (int k = 0; k <= 36; k++)
        assert_close(rem[k], fmax(0.0, 5.0 - CAPACITY_KM2 * k), 1e-12,
                     "accessible remaining");
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_ZONES(OCC), 0.5, rem, 37),
        DM_OK);
    assert_rel(rem[36], 4.0, 0.0);
    /* Cost: the 5 km² at 90 US$ × 300 unit-days a month. */
    assert_rel(cost(ctx, p, DM_ZONES(ACC), 0),
               5.0 / CAPACITY_KM2 * 300.0 * 90.0, 1e-9);
    assert_abs(cost(ctx, p, DM_ZONES(OCC), 0), 0.0, 0.0);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Every series of the three zones adds up to the nation's, and their
 * costs to its cost, run by run. */
static void zones_add_up_to_the_nation(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = two_regions_three_zones(ctx);
    /* Some survey with limits and shares, ranges, land opening: every
     * series moves. */
    dm_scenario *s = NULL;
    assert_status(
        ctx,
        dm_scenario_load_string(
            ctx,
            "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": 48,"
            " \"assets\": [{\"name\": \"nts\", \"kind\": \"nts\", \"count\": "
            "2, \"productivity_m2_per_day\": {\"min\": 2000, \"mode\": 5000, "
            "\"max\": 8000}, \"working_days_per_month\": 20, "
            "\"cost_usd_per_unit_day\": 40}, " THIRTY "], "
            "\"access\": {\"front_line\": \"2025-07\", \"occupied\": "
            "\"2027-01\"}, " SOME_RELEASE ", \"unconstrained_survey\": "
            "{\"ts\": {\"cost_usd_per_ha\": 30}}}",
            NULL, &s),
        DM_OK);
    dm_projection *p = project(ctx, w, s, 20, 2, 7);
    dm_projection *p1 = project(ctx, w, s, 20, 1, 7);
    const size_t zones[3] = {DM_ZONES(ACC), DM_ZONES(FRONT), DM_ZONES(OCC)};
    /* The sets of zones whatever the threads, bit for bit. */
    for (unsigned mask = 1; mask <= 7; mask++) {
        for (int k = 0; k < DM_SERIES_COUNT; k++) {
            const double *x = NULL, *y = NULL;
            size_t nx = 0, ny = 0;
            assert_status(
                ctx, dm_projection_series(ctx, p, DM_ZONES(mask), k, &x, &nx),
                DM_OK);
            assert_status(
                ctx, dm_projection_series(ctx, p1, DM_ZONES(mask), k, &y, &ny),
                DM_OK);
            assert_int_equal(nx, ny);
            assert_memory_equal(x, y, nx * sizeof *x);
        }
        for (size_t run = 0; run < 20; run++) {
            assert_true(cost(ctx, p, DM_ZONES(mask), run) ==
                        cost(ctx, p1, DM_ZONES(mask), run));
            for (int k = 0; k < DM_MILESTONE_COUNT; k++)
                assert_true(months_to(ctx, p, DM_ZONES(mask), k, run) ==
                            months_to(ctx, p1, DM_ZONES(mask), k, run));
        }
    }
    dm_projection_free(p1);
    for (int k = 0; k < DM_SERIES_COUNT; k++) {
        const double *nat = NULL, *z[3] = {NULL};
        size_t n = 0;
        assert_status(ctx,
                      dm_projection_series(ctx, p, DM_NATIONAL, k, &nat, &n),
                      DM_OK);
        for (int i = 0; i < 3; i++)
            assert_status(ctx,
                          dm_projection_series(ctx, p, zones[i], k, &z[i], &n),
                          DM_OK);
        for (size_t m = 0; m < n; m++)
            assert_close(z[0][m] + z[1][m] + z[2][m], nat[m], 1e-9,
                         dm_series_name(k));
    }
    /* Something happened in every zone. */
    const double *released = NULL;
    size_t n = 0;
    for (int i = 0; i < 3; i++) {
        assert_status(ctx,
                      dm_projection_series(ctx, p, zones[i], DM_STATE_CLEARED,
                                           &released, &n),
                      DM_OK);
        assert_true(released[n - 1] > 0.0);
    }
    for (size_t run = 0; run < 20; run++) {
        double sum = 0.0;
        for (int i = 0; i < 3; i++)
            sum += cost(ctx, p, zones[i], run);
        assert_rel(sum, cost(ctx, p, DM_NATIONAL, run), 1e-9);
        assert_rel(cost(ctx, p, DM_ZONES(7), run),
                   cost(ctx, p, DM_NATIONAL, run), 0.0);
        assert_rel(cost(ctx, p, 0, run) + cost(ctx, p, 1, run),
                   cost(ctx, p, DM_NATIONAL, run), 1e-9);
        /* The released km² of a pair of zones is the sum of theirs. */
        double acc = measure(ctx, p, zones[0], DM_MEASURE_RELEASED, 0, run);
        double occ = measure(ctx, p, zones[2], DM_MEASURE_RELEASED, 0, run);
        assert_close(
            measure(ctx, p, DM_ZONES(ACC | OCC), DM_MEASURE_RELEASED, 0, run),
            acc + occ, 1e-12, "released of accessible and occupied");
    }
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* With a front profile and a ranged width, each run draws its own front
 * line: the zones' areas are the runs' mean, their milestones each run's
 * own. */
static void zones_follow_each_runs_front_line(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 100.0);
    /* 2 km² of the 100 within each km of the front. */
    double profile[DM_FRONT_PROFILE_COUNT];
    for (size_t k = 0; k < DM_FRONT_PROFILE_COUNT; k++)
        profile[k] = 2.0 * (double)k * DM_FRONT_PROFILE_STEP_KM;
    assert_status(ctx,
                  dm_work_set_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                            DM_AREA_SUSPECTED, profile,
                                            DM_FRONT_PROFILE_COUNT),
                  DM_OK);
    /* 100 deminers × 1,000 m² × 10 days: 1 km² a month. */
    dm_scenario *s = scenario(
        ctx, "2025-01", 120, MANUAL("m", "100", "1000", "10", "90"),
        ", \"access\": {\"front_line\": \"never\", \"front_line_km\": "
        "{\"min\": 5, \"mode\": 10, \"max\": 40}}");
    const size_t runs = 40;
    dm_projection *p = project(ctx, w, s, runs, 2, 3);
    double front_mean = 0.0;
    for (size_t run = 0; run < runs; run++) {
        double km = param_value(ctx, p, "access.front_line_km", run);
        double front = 2.0 * km, acc = 100.0 - front;
        front_mean += front / (double)runs;
        assert_rel(months_to(ctx, p, DM_ZONES(ACC), DM_RELEASE_100, run), acc,
                   1e-9);
        assert_rel(months_to(ctx, p, DM_ZONES(ACC), DM_RELEASE_80, run),
                   0.8 * acc, 1e-9);
        assert_true(
            isinf(months_to(ctx, p, DM_ZONES(FRONT), DM_RELEASE_80, run)));
        assert_rel(measure(ctx, p, DM_ZONES(ACC), DM_MEASURE_RELEASED, 0, run),
                   acc, 1e-9);
    }
    assert_rel(area(ctx, p, DM_ZONES(FRONT)), front_mean, 1e-12);
    assert_rel(area(ctx, p, DM_ZONES(ACC)), 100.0 - front_mean, 1e-12);
    assert_rel(area(ctx, p, DM_ZONES(ACC | FRONT)), 100.0, 1e-12);
    assert_rel(area(ctx, p, DM_NATIONAL), 100.0, 1e-12);
    assert_abs(area(ctx, p, DM_ZONES(OCC)), 0.0, 0.0);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* ---- 2. paired changes -------------------------------------------------- */

#define DEMINERS                                                              \
    MANUAL("deminers", "10", "{\"min\": 50, \"mode\": 100, \"max\": 150}",    \
           "{\"min\": 8, \"mode\": 10, \"max\": 12}", "90")
#define MACHINE                                                               \
    "{\"name\": \"machine\", \"kind\": \"mechanical\", \"count\": 1, "        \
    "\"productivity_m2_per_day\": {\"min\": 0, \"mode\": 200, \"max\": "      \
    "1500}, \"working_days_per_month\": 10, \"cost_usd_per_unit_day\": 400}"

/* The change other - base of one run's value, or NAN when neither
 * reaches a milestone (the header's rule). */
static double change_by_hand(double base, double other)
{
    if (isinf(base) && isinf(other))
        return NAN;
    if (isinf(other))
        return INFINITY;
    if (isinf(base))
        return -INFINITY;
    return other - base;
}

/* The paired change's quantiles of measure m against those computed
 * from each run's values; counts the runs of each kind. */
static void check_change(dm_context *ctx, const dm_projection *base,
                         const dm_projection *other, dm_measure m, int year,
                         size_t kinds[4])
{
    static const double qs[] = {0.0, 0.03, 0.1, 0.25, 0.5, 0.8, 0.9, 0.97, 1};
    size_t runs = dm_projection_runs(ctx, base);
    double *d = malloc(runs * sizeof *d);
    assert_non_null(d);
    for (size_t q = 0; q < sizeof qs / sizeof qs[0]; q++) {
        size_t n = 0;
        for (size_t run = 0; run < runs; run++) {
            double a = measure(ctx, base, 0, m, year, run);
            double b = measure(ctx, other, 0, m, year, run);
            if (m <= DM_MEASURE_MONTHS_TO_100) {
                dm_milestone k = (dm_milestone)m;
                assert_true(a == months_to(ctx, base, 0, k, run));
                assert_true(b == months_to(ctx, other, 0, k, run));
            }
            double c = change_by_hand(a, b);
            if (q == 0)
                kinds[isnan(c) ? 0 : c == -INFINITY ? 1 : isinf(c) ? 2 : 3]++;
            if (!isnan(c))
                d[n++] = c;
        }
        double want = quantile_by_hand(d, n, qs[q]), got = -1.0;
        size_t defined = 0;
        assert_status(ctx,
                      dm_projection_change_quantile(
                          ctx, base, other, 0, m, year, qs[q], &got, &defined),
                      DM_OK);
        assert_int_equal(defined, n);
        if (isinf(want) || isinf(got)) {
            if (got != want)
                fail_msg("%s q %g: %g, expected %g", dm_measure_name(m), qs[q],
                         got, want);
        } else {
            assert_close(got, want, 1e-12, dm_measure_name(m));
        }
    }
    free(d);
}

static void paired_changes_are_the_runs_differences(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 0.3 km² at 4,000–18,000 m² a month: 17–75 months, over 36; the
     * machine adds 0–15,000. It comes first in the second scenario, so
     * that every figure of the first has another place there. */
    dm_work *w = one_cell(ctx, 0.3);
    dm_scenario *a = scenario(ctx, "2025-01", 36, DEMINERS, NULL);
    dm_scenario *b = scenario(ctx, "2025-01", 36, MACHINE ", " DEMINERS, NULL);
    dm_projection *pa = project(ctx, w, a, 200, 2, 42);
    dm_projection *pb = project(ctx, w, b, 200, 2, 42);

    /* Common random numbers: the figures both share, run by run. */
    size_t na = dm_projection_param_count(ctx, pa);
    assert_true(na > 0);
    assert_true(dm_projection_param_count(ctx, pb) > na);
    size_t shared_ranged = 0;
    for (size_t i = 0; i < na; i++) {
        const char *name = dm_projection_param_name(ctx, pa, i);
        assert_non_null(name);
        assert_true(param_index(ctx, pb, name) != SIZE_MAX);
        int varies = 0;
        for (size_t run = 0; run < 200; run++) {
            double x = param_value(ctx, pa, name, run);
            if (x != param_value(ctx, pb, name, run))
                fail_msg("%s differs in run %zu", name, run);
            varies |= x != param_value(ctx, pa, name, 0);
        }
        shared_ranged += varies;
    }
    assert_int_equal(shared_ranged, 2);
    assert_null(dm_projection_param_name(ctx, pa, na));

    size_t kinds[4] = {0};
    for (int m = DM_MEASURE_MONTHS_TO_80; m <= DM_MEASURE_MONTHS_TO_100; m++)
        check_change(ctx, pa, pb, (dm_measure)m, 0, kinds);
    /* Every kind of run: neither reaches a milestone (left out), only
     * with the machine (-INFINITY), both. None only without it. */
    assert_true(kinds[0] > 0);
    assert_true(kinds[1] > 0);
    assert_int_equal(kinds[2], 0);
    assert_true(kinds[3] > 0);
    /* A measure's quantile of months is the months' quantile, INFINITY
     * included. */
    for (double q = 0.0; q <= 1.0; q += 0.05)
        for (int k = 0; k < DM_MILESTONE_COUNT; k++) {
            double x = -1.0, y = -2.0;
            assert_status(ctx,
                          dm_projection_measure_quantile(
                              ctx, pa, 0, (dm_measure)k, 0, q, &x),
                          DM_OK);
            assert_status(ctx,
                          dm_projection_months_quantile(ctx, pa, 0, k, q, &y),
                          DM_OK);
            assert_true(x == y);
        }
    size_t finite[4] = {0};
    check_change(ctx, pa, pb, DM_MEASURE_COST, 0, finite);
    check_change(ctx, pa, pb, DM_MEASURE_RELEASED_BY, 2026, finite);
    check_change(ctx, pa, pb, DM_MEASURE_COST_IN_YEAR, 2027, finite);
    assert_int_equal(finite[3], 3 * 200);
    /* The base against itself: no change. */
    double v = -1.0;
    assert_status(ctx,
                  dm_projection_change_quantile(ctx, pa, pa, DM_NATIONAL,
                                                DM_MEASURE_COST, 0, 0.9, &v,
                                                NULL),
                  DM_OK);
    assert_rel(v, 0.0, 0.0);

    /* Runs that do not pair: another seed, another number of runs. */
    dm_projection *pc = project(ctx, w, b, 200, 2, 43);
    assert_status(ctx,
                  dm_projection_change_quantile(
                      ctx, pa, pc, 0, DM_MEASURE_COST, 0, 0.5, &v, NULL),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "seed");
    dm_projection_free(pc);
    pc = project(ctx, w, b, 100, 2, 42);
    assert_status(ctx,
                  dm_projection_change_quantile(
                      ctx, pa, pc, 0, DM_MEASURE_COST, 0, 0.5, &v, NULL),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "runs");
    dm_projection_free(pc);
    /* Bad arguments. */
    assert_status(ctx,
                  dm_projection_change_quantile(
                      ctx, pa, pb, 0, DM_MEASURE_COST, 0, 1.5, &v, NULL),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_projection_change_quantile(
                      ctx, pa, pb, 0, DM_MEASURE_COUNT, 0, 0.5, &v, NULL),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_projection_change_quantile(ctx, pa, pb, 0,
                                                DM_MEASURE_COST_IN_YEAR, 2028,
                                                0.5, &v, NULL),
                  DM_ERR_OUT_OF_RANGE);
    assert_status(ctx,
                  dm_projection_change_quantile(
                      ctx, pa, pb, 1, DM_MEASURE_COST, 0, 0.5, &v, NULL),
                  DM_ERR_OUT_OF_RANGE);
    /* The extension written with "extends" (the machine after the
     * deminers): the same runs, bit for bit. */
    char *text = NULL;
    assert_true(asprintf(&text,
                         "{\"name\": \"t\", \"start\": \"2025-01\", "
                         "\"horizon_months\": 36, \"assets\": [" DEMINERS
                         "], " CLEAR_ONLY "}") > 0);
    test_write("base.json", text);
    free(text);
    dm_scenario *e = NULL;
    assert_status(ctx,
                  dm_scenario_load_string(ctx,
                                          "{\"extends\": \"base.json\", "
                                          "\"name\": \"more\", \"assets\": "
                                          "[" MACHINE "]}",
                                          test_tmpdir(), &e),
                  DM_OK);
    dm_projection *pe = project(ctx, w, e, 200, 3, 42);
    for (size_t run = 0; run < 200; run++)
        for (int m = 0; m < DM_MEASURE_COUNT; m++) {
            double x = measure(ctx, pb, 0, (dm_measure)m, 2026, run);
            double y = measure(ctx, pe, 0, (dm_measure)m, 2026, run);
            assert_true(x == y || (isnan(x) && isnan(y)));
        }
    dm_projection_free(pe);
    dm_scenario_free(e);
    dm_projection_free(pa);
    dm_projection_free(pb);
    dm_scenario_free(a);
    dm_scenario_free(b);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* ---- 3. the yearly budget ----------------------------------------------- */

/* 10 deminers × 1,000 m² × 10 days: 0.1 km² a month for 100 unit-days ×
 * 100 US$, 10,000 US$ a month, 120,000 a year. */
#define TEN MANUAL("m", "10", "1000", "10", "100")
#define C_KM2 0.1
#define K_USD 10000.0

/* Each measure function refuses what is out of its domain: a measure
 * past the last, a region, run or year out of range, a quantile that is
 * NaN or outside [0, 1], and a year where a measure takes none. */
static void measures_refuse_misuse(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 1.0);
    dm_scenario *s = scenario(ctx, "2025-01", 24, THIRTY, NULL);
    dm_projection *p = project(ctx, w, s, 8, 1, 1);
    double v = 0, prcc[8];
    size_t n = dm_projection_param_count(ctx, p);
    int first = 0, last = 0;
    assert_status(ctx, dm_projection_years(ctx, p, &first, &last), DM_OK);
    struct {
        size_t region, run;
        dm_measure m;
        int year;
        double q;
        dm_status want;
    } bad[] = {
        {0, 0, DM_MEASURE_COUNT, 0, 0.5, DM_ERR_INVALID_ARGUMENT},
        {0, 0, (dm_measure)-1, 0, 0.5, DM_ERR_INVALID_ARGUMENT},
        {5, 0, DM_MEASURE_COST, 0, 0.5, DM_ERR_OUT_OF_RANGE}, /* one region */
        {0, 0, DM_MEASURE_COST_IN_YEAR, first - 1, 0.5, DM_ERR_OUT_OF_RANGE},
        {0, 0, DM_MEASURE_RELEASED_BY, last + 1, 0.5, DM_ERR_OUT_OF_RANGE},
        {0, 0, DM_MEASURE_COST, 0, NAN, DM_ERR_INVALID_ARGUMENT},
        {0, 0, DM_MEASURE_COST, 0, -0.01, DM_ERR_INVALID_ARGUMENT},
        {0, 0, DM_MEASURE_COST, 0, 1.01, DM_ERR_INVALID_ARGUMENT},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dm_status want = bad[i].want;
        int quantile_only = i >= 5;
        if (!quantile_only)
            assert_status(ctx,
                          dm_projection_measure(ctx, p, bad[i].region,
                                                bad[i].m, bad[i].year, 0, &v),
                          want);
        assert_status(ctx,
                      dm_projection_measure_quantile(ctx, p, bad[i].region,
                                                     bad[i].m, bad[i].year,
                                                     bad[i].q, &v),
                      want);
        assert_status(ctx,
                      dm_projection_change_quantile(ctx, p, p, bad[i].region,
                                                    bad[i].m, bad[i].year,
                                                    bad[i].q, &v, NULL),
                      want);
        if (!quantile_only && n <= 8)
            assert_status(ctx,
                          dm_projection_sensitivity(ctx, p, bad[i].region,
                                                    bad[i].m, bad[i].year,
                                                    prcc, 8),
                          want);
    }
    /* A run past the last; a sensitivity array shorter than the figures. */
    assert_status(ctx,
                  dm_projection_measure(ctx, p, 0, DM_MEASURE_COST, 0, 8, &v),
                  DM_ERR_OUT_OF_RANGE);
    assert_message_has(ctx, "run");
    if (n > 0)
        assert_status(ctx,
                      dm_projection_sensitivity(ctx, p, 0, DM_MEASURE_COST, 0,
                                                prcc, n - 1),
                      DM_ERR_INVALID_ARGUMENT);
    /* A quantile's ends are in its domain. */
    assert_status(
        ctx,
        dm_projection_measure_quantile(ctx, p, 0, DM_MEASURE_COST, 0, 0.0, &v),
        DM_OK);
    assert_status(
        ctx,
        dm_projection_measure_quantile(ctx, p, 0, DM_MEASURE_COST, 0, 1.0, &v),
        DM_OK);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static dm_scenario *budgeted(dm_context *ctx, int horizon, const char *budget)
{
    if (budget == NULL)
        return scenario(ctx, "2025-01", horizon, TEN, NULL);
    char extra[256];
    snprintf(extra, sizeof extra, ", \"budget\": %s", budget);
    return scenario(ctx, "2025-01", horizon, TEN, extra);
}

static void a_budget_ceiling_scales_each_year(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* Always capacity-bound: 100 km². */
    dm_work *w = one_cell(ctx, 100.0);
    const double B = 50000.0;
    dm_scenario *s = budgeted(ctx, 60, "{\"usd_per_year\": 50000}");
    dm_projection *p = project(ctx, w, s, 1, 1, 1);
    int first = 0, last = 0;
    assert_status(ctx, dm_projection_years(ctx, p, &first, &last), DM_OK);
    assert_int_equal(first, 2025);
    assert_int_equal(last, 2029);
    for (int y = first; y <= last; y++)
        assert_rel(measure(ctx, p, DM_NATIONAL, DM_MEASURE_COST_IN_YEAR, y, 0),
                   B, 1e-9);
    /* The capacity the budget pays for: 5/12 of 0.1 km² a month. */
    assert_rel(measure(ctx, p, 0, DM_MEASURE_CLEARED, 0, 0),
               60 * C_KM2 * B / (12 * K_USD), 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* From 2026-01: 2025 at full capacity. */
    s = budgeted(ctx, 36, "{\"usd_per_year\": 50000, \"from\": \"2026-01\"}");
    p = project(ctx, w, s, 1, 1, 1);
    assert_rel(measure(ctx, p, 0, DM_MEASURE_COST_IN_YEAR, 2025, 0),
               12 * K_USD, 1e-9);
    assert_rel(measure(ctx, p, 0, DM_MEASURE_COST_IN_YEAR, 2026, 0), B, 1e-9);
    assert_rel(measure(ctx, p, 0, DM_MEASURE_COST_IN_YEAR, 2027, 0), B, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* From 2025-04: three months at full capacity, then a cut year with
     * 9/12 of the ceiling. */
    s = budgeted(ctx, 36, "{\"usd_per_year\": 50000, \"from\": \"2025-04\"}");
    p = project(ctx, w, s, 1, 1, 1);
    assert_rel(measure(ctx, p, 0, DM_MEASURE_COST_IN_YEAR, 2025, 0),
               3 * K_USD + B * 9 / 12, 1e-9);
    assert_rel(measure(ctx, p, 0, DM_MEASURE_COST_IN_YEAR, 2026, 0), B, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* A ranged ceiling: each run spends its own. */
    s = budgeted(ctx, 24,
                 "{\"usd_per_year\": {\"min\": 30000, \"mode\": 60000, "
                 "\"max\": 90000}}");
    p = project(ctx, w, s, 50, 2, 3);
    double lowest = INFINITY, highest = 0.0;
    for (size_t run = 0; run < 50; run++) {
        double b = param_value(ctx, p, "budget.usd_per_year", run);
        assert_true(b >= 30000.0 && b <= 90000.0);
        lowest = fmin(lowest, b);
        highest = fmax(highest, b);
        assert_rel(measure(ctx, p, 0, DM_MEASURE_COST_IN_YEAR, 2025, run), b,
                   1e-9);
        assert_rel(measure(ctx, p, 0, DM_MEASURE_COST_IN_YEAR, 2026, run), b,
                   1e-9);
    }
    assert_true(highest - lowest > 10000.0);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void a_budget_stretches_the_months(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 2 km²: 80 % in 16 months at full capacity; with 5/12 of it, 38.4. */
    dm_work *w = one_cell(ctx, 2.0);
    dm_scenario *s0 = budgeted(ctx, 60, NULL);
    dm_projection *p0 = project(ctx, w, s0, 1, 1, 1);
    double t0 = months_to(ctx, p0, 0, DM_RELEASE_80, 0);
    assert_rel(t0, 0.8 * 2.0 / C_KM2, 1e-9);
    dm_scenario *s = budgeted(ctx, 60, "{\"usd_per_year\": 50000}");
    dm_projection *p = project(ctx, w, s, 1, 1, 1);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_80, 0),
               t0 * 12 * K_USD / 50000.0, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100, 0),
               2.0 / C_KM2 * 12 * K_USD / 50000.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* A ceiling above the full cost (120,000) changes nothing. */
    s = budgeted(ctx, 60, "{\"usd_per_year\": 200000}");
    p = project(ctx, w, s, 1, 1, 1);
    for (int k = 0; k < DM_MILESTONE_COUNT; k++)
        assert_true(months_to(ctx, p, 0, k, 0) == months_to(ctx, p0, 0, k, 0));
    assert_true(cost(ctx, p, 0, 0) == cost(ctx, p0, 0, 0));
    dm_projection_free(p);
    dm_scenario_free(s);

    /* With ranged figures too: the ceiling's own figure leaves the others'
     * draws as they are. */
    const char *ranged =
        MANUAL("m", "10", "{\"min\": 500, \"mode\": 1000, \"max\": 1500}",
               "10", "100");
    dm_scenario *r0 = scenario(ctx, "2025-01", 60, ranged, NULL);
    dm_scenario *r1 = scenario(ctx, "2025-01", 60, ranged,
                               ", \"budget\": {\"usd_per_year\": 1e9}");
    dm_projection *q0 = project(ctx, w, r0, 30, 2, 8);
    dm_projection *q1 = project(ctx, w, r1, 30, 2, 8);
    for (size_t run = 0; run < 30; run++)
        for (int k = 0; k < DM_MILESTONE_COUNT; k++)
            assert_true(months_to(ctx, q0, 0, k, run) ==
                        months_to(ctx, q1, 0, k, run));
    dm_projection_free(q0);
    dm_projection_free(q1);
    dm_scenario_free(r0);
    dm_scenario_free(r1);

    /* From 2025-04: 0.3 km² in the first 3 months, the other 1.3 of the
     * 80 % at 1/24 km² a month. */
    s = budgeted(ctx, 60, "{\"usd_per_year\": 50000, \"from\": \"2025-04\"}");
    p = project(ctx, w, s, 1, 1, 1);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_80, 0),
               3.0 + (1.6 - 3 * C_KM2) / (C_KM2 * 50000.0 / (12 * K_USD)),
               1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* A "from" after the horizon: never constrained. */
    s = budgeted(ctx, 60, "{\"usd_per_year\": 50000, \"from\": \"2040-01\"}");
    p = project(ctx, w, s, 1, 1, 1);
    for (int k = 0; k < DM_MILESTONE_COUNT; k++)
        assert_true(months_to(ctx, p, 0, k, 0) == months_to(ctx, p0, 0, k, 0));
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_projection_free(p0);
    dm_scenario_free(s0);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* The budget's keys, with the key path in the message. */
static void budget_keys_are_checked(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    static const struct {
        const char *budget, *message;
    } bad[] = {
        {"{}", "budget.usd_per_year: missing"},
        {"{\"usd_per_year\": -1}", "budget.usd_per_year: -1 is negative"},
        {"{\"usd_per_year\": 5, \"from\": \"2026-13\"}", "budget.from"},
        {"{\"usd_per_year\": 5, \"from\": 2026}", "budget.from"},
        {"{\"usd_per_year\": 5, \"form\": \"2026-01\"}",
         "budget.form: unknown key"},
        {"{\"usd_per_year\": {\"min\": 5, \"mode\": 1, \"max\": 9}}",
         "budget.usd_per_year"},
        {"5", "budget: expected an object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = NULL;
        assert_true(asprintf(&text,
                             "{\"name\": \"t\", \"start\": \"2025-01\", "
                             "\"horizon_months\": 12, \"assets\": "
                             "[" TEN "], " CLEAR_ONLY ", \"budget\": %s}",
                             bad[i].budget) > 0);
        dm_scenario *x = NULL;
        if (dm_scenario_load_string(ctx, text, NULL, &x) == DM_OK)
            fail_msg("accepted: %s", text);
        assert_null(x);
        assert_message_has(ctx, bad[i].message);
        free(text);
    }
    /* null: no budget (an extension removing its base's): as without. */
    dm_scenario *none = NULL, *plain = NULL;
    assert_status(
        ctx,
        dm_scenario_load_string(ctx,
                                "{\"name\": \"t\", \"start\": \"2025-01\", "
                                "\"horizon_months\": 12, \"assets\": [" TEN
                                "], " CLEAR_ONLY ", \"budget\": null}",
                                NULL, &none),
        DM_OK);
    assert_status(
        ctx,
        dm_scenario_load_string(ctx,
                                "{\"name\": \"t\", \"start\": \"2025-01\", "
                                "\"horizon_months\": 12, \"assets\": [" TEN
                                "], " CLEAR_ONLY "}",
                                NULL, &plain),
        DM_OK);
    assert_int_equal(dm_scenario_ranged_count(ctx, none),
                     dm_scenario_ranged_count(ctx, plain));
    dm_work *w = one_cell(ctx, 100.0);
    dm_projection *p1 = project(ctx, w, none, 1, 1, 1);
    dm_projection *p2 = project(ctx, w, plain, 1, 1, 1);
    assert_rel(cost(ctx, p1, DM_NATIONAL, 0), cost(ctx, p2, DM_NATIONAL, 0),
               0);
    dm_projection_free(p1);
    dm_projection_free(p2);
    dm_work_free(w);
    dm_scenario_free(none);
    dm_scenario_free(plain);
    /* A ranged ceiling is one more ranged figure, a fixed one is not. */
    dm_scenario *s = budgeted(ctx, 12, "{\"usd_per_year\": 1000}");
    assert_int_equal(dm_scenario_ranged_count(ctx, s), 0);
    dm_scenario_free(s);
    s = budgeted(ctx, 12,
                 "{\"usd_per_year\": {\"min\": 1, \"mode\": 2, \"max\": "
                 "3}}");
    assert_int_equal(dm_scenario_ranged_count(ctx, s), 1);
    dm_scenario_free(s);
    dm_context_free(ctx);
}

/* ---- 4. what drives a measure ------------------------------------------- */

static void sensitivity_finds_the_figure(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 0.1 km² at 5,000–15,000 m² a month: 7–20 months, within 60. */
    dm_work *w = one_cell(ctx, 0.1);
    dm_scenario *s = scenario(
        ctx, "2025-01", 60,
        MANUAL("m", "10", "{\"min\": 50, \"mode\": 100, \"max\": 150}", "10",
               "90"),
        NULL);
    dm_projection *p = project(ctx, w, s, 200, 2, 5);
    size_t n = dm_projection_param_count(ctx, p);
    size_t rate = param_index(ctx, p, "assets[m].productivity_m2_per_day");
    assert_true(rate != SIZE_MAX);
    double *prcc = calloc(n, sizeof *prcc);
    assert_non_null(prcc);
    assert_status(ctx,
                  dm_projection_sensitivity(ctx, p, DM_NATIONAL,
                                            DM_MEASURE_MONTHS_TO_100, 0, prcc,
                                            n),
                  DM_OK);
    assert_true(prcc[rate] < -0.99);
    for (size_t i = 0; i < n; i++)
        if (i != rate && prcc[i] != 0.0)
            fail_msg("%s: %g, expected 0", dm_projection_param_name(ctx, p, i),
                     prcc[i]);
    /* Room for fewer values than figures. */
    assert_status(ctx,
                  dm_projection_sensitivity(ctx, p, DM_NATIONAL,
                                            DM_MEASURE_MONTHS_TO_100, 0, prcc,
                                            n - 1),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_projection_sensitivity(ctx, p, DM_NATIONAL,
                                            DM_MEASURE_COUNT, 0, prcc, n),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_projection_sensitivity(ctx, p, DM_NATIONAL,
                                            DM_MEASURE_COST_IN_YEAR, 2031,
                                            prcc, n),
                  DM_ERR_OUT_OF_RANGE);
    dm_projection_free(p);
    /* One varying figure needs 4 runs. */
    p = project(ctx, w, s, 3, 1, 5);
    assert_status(ctx,
                  dm_projection_sensitivity(ctx, p, DM_NATIONAL,
                                            DM_MEASURE_MONTHS_TO_100, 0, prcc,
                                            n),
                  DM_ERR_INVALID_ARGUMENT);
    dm_projection_free(p);
    p = project(ctx, w, s, 4, 1, 5);
    assert_status(ctx,
                  dm_projection_sensitivity(ctx, p, DM_NATIONAL,
                                            DM_MEASURE_MONTHS_TO_100, 0, prcc,
                                            n),
                  DM_OK);
    dm_projection_free(p);
    dm_scenario_free(s);
    free(prcc);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void a_cost_figure_drives_cost_not_months(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 0.1);
    dm_scenario *s = scenario(
        ctx, "2025-01", 60,
        MANUAL("m", "10", "{\"min\": 50, \"mode\": 100, \"max\": 150}", "10",
               "{\"min\": 50, \"mode\": 90, \"max\": 130}"),
        NULL);
    dm_projection *p = project(ctx, w, s, 300, 2, 9);
    size_t n = dm_projection_param_count(ctx, p);
    size_t rate = param_index(ctx, p, "assets[m].productivity_m2_per_day");
    size_t usd = param_index(ctx, p, "assets[m].cost_usd_per_unit_day");
    assert_true(rate != SIZE_MAX && usd != SIZE_MAX);
    double *prcc = calloc(n, sizeof *prcc);
    assert_non_null(prcc);
    assert_status(ctx,
                  dm_projection_sensitivity(
                      ctx, p, 0, DM_MEASURE_MONTHS_TO_100, 0, prcc, n),
                  DM_OK);
    assert_true(prcc[rate] < -0.99);
    assert_true(fabs(prcc[usd]) < 0.1);
    /* Cost = 0.1 km² / rate × US$ per unit-day: up with the price, down
     * with the rate. */
    assert_status(
        ctx, dm_projection_sensitivity(ctx, p, 0, DM_MEASURE_COST, 0, prcc, n),
        DM_OK);
    assert_true(prcc[usd] > 0.5);
    assert_true(prcc[rate] < -0.5);
    for (size_t i = 0; i < n; i++)
        if (i != rate && i != usd)
            assert_rel(prcc[i], 0.0, 0.0);
    dm_projection_free(p);
    /* Two varying figures need 5 runs. */
    p = project(ctx, w, s, 4, 1, 9);
    assert_status(
        ctx, dm_projection_sensitivity(ctx, p, 0, DM_MEASURE_COST, 0, prcc, n),
        DM_ERR_INVALID_ARGUMENT);
    dm_projection_free(p);
    free(prcc);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* dm_projection_drivers(): the figures of dm_projection_sensitivity()
 * with an effect, sorted here by |PRCC|; too little room fills what fits;
 * a measure that varies in no run is refused. */
static void drivers_are_the_effects_largest_first(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 0.1);
    dm_scenario *s = scenario(
        ctx, "2025-01", 60,
        MANUAL("m", "10", "{\"min\": 50, \"mode\": 100, \"max\": 150}", "10",
               "{\"min\": 50, \"mode\": 90, \"max\": 130}"),
        NULL);
    dm_projection *p = project(ctx, w, s, 300, 2, 9);
    size_t n = dm_projection_param_count(ctx, p), k = 99;
    double *prcc = calloc(n, sizeof *prcc), got[8];
    size_t order[8];
    assert_non_null(prcc);
    assert_status(
        ctx, dm_projection_sensitivity(ctx, p, 0, DM_MEASURE_COST, 0, prcc, n),
        DM_OK);
    size_t want[2], m = 0; /* the two figures with an effect, by hand */
    for (size_t i = 0; i < n; i++)
        if (prcc[i] != 0.0 && m < 2)
            want[m++] = i;
    assert_int_equal(m, 2);
    if (fabs(prcc[want[1]]) > fabs(prcc[want[0]])) {
        size_t t = want[0];
        want[0] = want[1];
        want[1] = t;
    }
    assert_status(ctx,
                  dm_projection_drivers(ctx, p, 0, DM_MEASURE_COST, 0, order,
                                        got, 8, &k),
                  DM_OK);
    assert_int_equal(k, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(order[i], want[i]);
        assert_true(got[i] == prcc[want[i]]);
    }
    /* Room for one: the largest, and the count of all. */
    assert_status(ctx,
                  dm_projection_drivers(ctx, p, 0, DM_MEASURE_COST, 0, order,
                                        got, 1, &k),
                  DM_OK);
    assert_int_equal(k, 2);
    assert_int_equal(order[0], want[0]);
    dm_projection_free(p);
    /* Nothing ranged: the months do not vary. */
    dm_scenario_free(s);
    s = scenario(ctx, "2025-01", 60, MANUAL("m", "10", "100", "10", "90"),
                 NULL);
    p = project(ctx, w, s, 10, 1, 9);
    assert_status(ctx,
                  dm_projection_drivers(ctx, p, 0, DM_MEASURE_MONTHS_TO_100, 0,
                                        NULL, NULL, 0, &k),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "does not vary");
    dm_projection_free(p);
    free(prcc);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* dm_projection_compare(): the three quantiles of the paired change and
 * each projection's P50, as the calls it stands for give them; the
 * compared measures' table in comparison.csv's order and units. */
static void compare_gives_the_comparison_figures(void **state)
{
    (void)state;
    static const char *const units[DM_COMPARED_COUNT] = {
        "years",       "years",       "years",      "km2",
        "usd_million", "usd_per_km2", "usd_per_km2"};
    for (size_t i = 0; i < DM_COMPARED_COUNT; i++) {
        dm_measure m = DM_MEASURE_COUNT;
        const char *unit = NULL, *label = NULL;
        double scale = 0;
        assert_int_equal(dm_compared_measure(i, &m, &unit, &scale, &label),
                         DM_OK);
        assert_string_equal(unit, units[i]);
        assert_true(scale == (i < 3 ? 1 / 12.0 : i == 4 ? 1e-6 : 1.0));
        assert_true(strlen(label) > 0 && m < DM_MEASURE_COUNT);
    }
    assert_int_equal(
        dm_compared_measure(DM_COMPARED_COUNT, NULL, NULL, NULL, NULL),
        DM_ERR_OUT_OF_RANGE);
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 0.3);
    dm_scenario *a = scenario(ctx, "2025-01", 36,
                              MANUAL("m", "10",
                                     "{\"min\": 40, \"mode\": "
                                     "100, \"max\": 180}",
                                     "10", "90"),
                              NULL);
    dm_scenario *b = scenario(ctx, "2025-01", 36,
                              MANUAL("m", "20",
                                     "{\"min\": 40, \"mode\": "
                                     "100, \"max\": 180}",
                                     "10", "90"),
                              NULL);
    dm_projection *pa = project(ctx, w, a, 50, 2, 3);
    dm_projection *pb = project(ctx, w, b, 50, 2, 3);
    double change[3], x, y;
    size_t runs = 0, defined = 0;
    assert_status(ctx,
                  dm_projection_compare(ctx, pa, pb, DM_NATIONAL,
                                        DM_MEASURE_MONTHS_TO_100, 0, change,
                                        &runs, &x, &y),
                  DM_OK);
    static const double qs[3] = {0.1, 0.5, 0.9};
    for (int k = 0; k < 3; k++) {
        double want = NAN;
        assert_status(ctx,
                      dm_projection_change_quantile(ctx, pa, pb, DM_NATIONAL,
                                                    DM_MEASURE_MONTHS_TO_100,
                                                    0, qs[k], &want, &defined),
                      DM_OK);
        assert_true(change[k] == want || (isinf(want) && change[k] == want));
    }
    assert_int_equal(runs, defined);
    double want = NAN;
    assert_status(ctx,
                  dm_projection_measure_quantile(ctx, pa, DM_NATIONAL,
                                                 DM_MEASURE_MONTHS_TO_100, 0,
                                                 0.5, &want),
                  DM_OK);
    assert_true(x == want || (isinf(x) && x == want));
    /* Projections that do not pair (another seed): no change, the P50s
     * still given, the status of the change. */
    dm_projection *pc = project(ctx, w, b, 50, 2, 4);
    assert_status(ctx,
                  dm_projection_compare(ctx, pa, pc, DM_NATIONAL,
                                        DM_MEASURE_COST, 0, change, &runs, &x,
                                        &y),
                  DM_ERR_INVALID_ARGUMENT);
    assert_true(isnan(change[0]) && isnan(change[1]) && isnan(change[2]));
    assert_int_equal(runs, 0);
    assert_true(isfinite(x) && isfinite(y));
    dm_projection_free(pa);
    dm_projection_free(pb);
    dm_projection_free(pc);
    dm_scenario_free(a);
    dm_scenario_free(b);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* ---- 5. the priority policy --------------------------------------------- */

/* A: 1 km² high; B: 2 km² low; both accessible. */
static dm_work *high_and_low(dm_context *ctx)
{
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    add(ctx, w, "A", DM_HAZARD_HIGH, DM_ZONE_ACCESSIBLE, 1.0);
    add(ctx, w, "B", DM_HAZARD_LOW, DM_ZONE_ACCESSIBLE, 2.0);
    return w;
}

static dm_projection *with_policy(dm_context *ctx, const dm_work *w,
                                  const char *policy, dm_scenario **s)
{
    char extra[256];
    snprintf(extra, sizeof extra, ", \"policy\": %s", policy);
    *s = scenario(ctx, "2025-01", 48, TEN, extra);
    return project(ctx, w, *s, 1, 1, 1);
}

/* The cleared km² of a region at each month. */
static const double *cleared(dm_context *ctx, const dm_projection *p,
                             size_t region)
{
    const double *v = NULL;
    size_t n = 0;
    assert_status(
        ctx, dm_projection_series(ctx, p, region, DM_STATE_CLEARED, &v, &n),
        DM_OK);
    return v;
}

static void priority_takes_the_classes_in_order(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = high_and_low(ctx);
    dm_scenario *s = NULL;
    /* High first: A's 1 km² in 10 months, then B's 2 in 20 more. */
    dm_projection *p = with_policy(ctx, w, "{\"type\": \"priority\"}", &s);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100, 0), 1.0 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_80, 0), 0.8 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100, 0), 3.0 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_80, 0),
               (1.0 + 0.8 * 2.0) / C_KM2, 1e-9);
    const double *b = cleared(ctx, p, 1);
    assert_abs(b[10], 0.0, 1e-12);
    assert_rel(b[11], C_KM2, 1e-9);
    assert_rel(b[20], 10 * C_KM2, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* Proportional: both regions finish in the same month, 30. */
    p = with_policy(ctx, w, "{\"type\": \"proportional\"}", &s);
    double a100 = months_to(ctx, p, 0, DM_RELEASE_100, 0);
    assert_rel(a100, 3.0 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100, 0), a100, 1e-9);
    assert_rel(cleared(ctx, p, 1)[10], 2.0 / 3.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* The order of the classes flipped for clearance: B first. */
    p = with_policy(ctx, w,
                    "{\"type\": \"priority\", \"class_order\": "
                    "{\"clearance\": [\"low\", \"medium\", \"high\"]}}",
                    &s);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100, 0), 2.0 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100, 0), 3.0 / C_KM2, 1e-9);
    assert_abs(cleared(ctx, p, 0)[20], 0.0, 1e-12);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* Priority for survey alone: clearance shares in proportion again,
     * both regions finishing in month 30. */
    p = with_policy(ctx, w,
                    "{\"type\": \"priority\", \"stages\": [\"nts\", "
                    "\"ts\"]}",
                    &s);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100, 0), 3.0 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100, 0), 3.0 / C_KM2, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* ... and for clearance alone, as every stage here. */
    p = with_policy(ctx, w,
                    "{\"type\": \"priority\", \"stages\": "
                    "[\"clearance\"]}",
                    &s);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100, 0), 1.0 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100, 0), 3.0 / C_KM2, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* "stages" belongs to the priority policy; names are stages. */
    dm_scenario *bad = NULL;
    assert_status(ctx,
                  dm_scenario_load_string(
                      ctx,
                      "{\"name\": \"t\", \"start\": \"2025-01\", "
                      "\"horizon_months\": 12, \"assets\": [], " CLEAR_ONLY
                      ", \"policy\": {\"type\": \"proportional\", "
                      "\"stages\": [\"ts\"]}}",
                      NULL, &bad),
                  DM_ERR_SCENARIO);
    assert_message_has(ctx, "policy.stages: \"stages\" belongs to the policy "
                            "\"priority\"");
    assert_status(ctx,
                  dm_scenario_load_string(
                      ctx,
                      "{\"name\": \"t\", \"start\": \"2025-01\", "
                      "\"horizon_months\": 12, \"assets\": [], " CLEAR_ONLY
                      ", \"policy\": {\"type\": \"priority\", "
                      "\"stages\": [\"ts\", \"drones\"]}}",
                      NULL, &bad),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "policy.stages[1]: 'drones' is not a stage");
    /* An order for survey alone leaves clearance high first. */
    p = with_policy(ctx, w,
                    "{\"type\": \"priority\", \"class_order\": "
                    "{\"nts\": [\"low\", \"medium\", \"high\"], \"ts\": "
                    "[\"low\", \"high\", \"medium\"]}}",
                    &s);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100, 0), 1.0 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100, 0), 3.0 / C_KM2, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Within a class, the regions' land in proportion: the class is taken
 * nationally, not region by region. */
static void priority_shares_a_class_among_regions(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = high_and_low(ctx);
    /* C: 0.5 km² high and 0.5 low. High: 1.5 km² in 15 months, A's and
     * C's together; then 2.5 km² low in 25 more. */
    add(ctx, w, "C", DM_HAZARD_HIGH, DM_ZONE_ACCESSIBLE, 0.5);
    add(ctx, w, "C", DM_HAZARD_LOW, DM_ZONE_ACCESSIBLE, 0.5);
    dm_scenario *s = NULL;
    dm_projection *p = with_policy(ctx, w, "{\"type\": \"priority\"}", &s);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100, 0), 1.5 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100, 0), 4.0 / C_KM2, 1e-9);
    assert_rel(months_to(ctx, p, 2, DM_RELEASE_100, 0), 4.0 / C_KM2, 1e-9);
    /* After 6 months 0.6 km² of high: 0.4 of A's, 0.2 of C's. */
    assert_rel(cleared(ctx, p, 0)[6], 0.4, 1e-9);
    assert_rel(cleared(ctx, p, 2)[6], 0.2, 1e-9);
    /* After 25: all high and 1 km² of low, 0.8 of B's and 0.2 of C's. */
    assert_rel(cleared(ctx, p, 1)[25], 0.8, 1e-9);
    assert_rel(cleared(ctx, p, 2)[25], 0.7, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* class_order takes the stages' names, each class once. */
    static const char *const bad[] = {
        "{\"type\": \"priority\", \"class_order\": {\"clear\": [\"low\", "
        "\"medium\", \"high\"]}}",
        "{\"type\": \"priority\", \"class_order\": {\"clearance\": "
        "[\"low\", \"low\", \"high\"]}}",
        "{\"type\": \"priority\", \"class_order\": {\"clearance\": "
        "[\"low\", \"high\"]}}",
        "{\"type\": \"priority\", \"regions\": [\"A\"]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = NULL;
        assert_true(asprintf(&text,
                             "{\"name\": \"t\", \"start\": \"2025-01\", "
                             "\"horizon_months\": 12, \"assets\": "
                             "[" TEN "], " CLEAR_ONLY ", \"policy\": %s}",
                             bad[i]) > 0);
        dm_scenario *x = NULL;
        if (dm_scenario_load_string(ctx, text, NULL, &x) == DM_OK)
            fail_msg("accepted: %s", text);
        assert_null(x);
        assert_message_has(ctx, "policy");
        free(text);
    }
    dm_work_free(w);
    dm_context_free(ctx);
}

/* The stages: NTS, TS, clearance. */
#define SURVEY_AND_CLEARANCE 3

/* 1 team × 5,000 m² × 20 days; 1 × 2,500 × 20; 3 × 1,000 × 10. */
#define NTS_TEAM                                                              \
    "{\"name\": \"nts\", \"kind\": \"nts\", \"count\": 1, "                   \
    "\"productivity_m2_per_day\": 5000, \"working_days_per_month\": 20, "     \
    "\"cost_usd_per_unit_day\": 1}"
#define TS_TEAM                                                               \
    "{\"name\": \"ts\", \"kind\": \"ts\", \"count\": 1, "                     \
    "\"productivity_m2_per_day\": 2500, \"working_days_per_month\": 20, "     \
    "\"cost_usd_per_unit_day\": 1}"
#define THREE MANUAL("m", "3", "1000", "10", "1")

/* Every stage with a limit: each takes the high land of every region
 * before any low land, and the states always sum to the area. */
static void priority_holds_for_every_stage(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    add(ctx, w, "A", DM_HAZARD_HIGH, DM_ZONE_ACCESSIBLE, 2.0);
    add(ctx, w, "B", DM_HAZARD_LOW, DM_ZONE_ACCESSIBLE, 2.0);
    /* NTS 0.1 km² a month, TS 0.05, clearance 0.03. */
    static const char text[] =
        "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": 120, "
        "\"assets\": [" NTS_TEAM ", " TS_TEAM ", " THREE "], " SOME_RELEASE
        ", \"policy\": {\"type\": \"priority\"}}";
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load_string(ctx, text, NULL, &s), DM_OK);
    dm_projection *p = project(ctx, w, s, 1, 1, 1);
    const double *v[2][DM_STATE_COUNT];
    size_t n = 0;
    for (size_t r = 0; r < 2; r++)
        for (int k = 0; k < DM_STATE_COUNT; k++)
            assert_status(
                ctx, dm_projection_series(ctx, p, r, k, &v[r][k], &n), DM_OK);
    /* NTS: A's 2 km² in 20 months before any of B's. */
    assert_rel(v[1][DM_STATE_SUSPECTED][20], 2.0, 1e-12);
    assert_true(v[1][DM_STATE_SUSPECTED][21] < 2.0 - 0.05);
    assert_abs(v[0][DM_STATE_SUSPECTED][20], 0.0, 1e-12);
    const double eps = 1e-12;
    size_t took_low[SURVEY_AND_CLEARANCE] = {0};
    for (size_t m = 0; m + 1 < n; m++) {
        for (size_t r = 0; r < 2; r++) {
            double sum = 0.0;
            for (int k = 0; k < DM_STATE_COUNT; k++)
                sum += v[r][k][m + 1];
            assert_rel(sum, 2.0, 1e-12);
        }
        /* A stage that took low land this month left no high land. */
        static const int from[SURVEY_AND_CLEARANCE] = {
            DM_STATE_SUSPECTED, DM_STATE_CONFIRMED, DM_STATE_TO_CLEAR};
        static const int done[SURVEY_AND_CLEARANCE] = {
            DM_STATE_CANCELLED, DM_STATE_REDUCED, DM_STATE_CLEARED};
        for (int st = 0; st < SURVEY_AND_CLEARANCE; st++)
            if (v[1][done[st]][m + 1] > v[1][done[st]][m] + eps) {
                took_low[st]++;
                assert_abs(v[0][from[st]][m + 1], 0.0, 1e-9);
            }
    }
    for (int st = 0; st < SURVEY_AND_CLEARANCE; st++)
        assert_true(took_low[st] > 0);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* ---- 6. measures -------------------------------------------------------- */

static void measure_names(void **state)
{
    (void)state;
    static const char *const names[DM_MEASURE_COUNT] = {
        "months_to_80",         "months_to_95",
        "months_to_100",        "cost_usd",
        "released_km2",         "cleared_km2",
        "usd_per_km2_released", "usd_per_km2_cleared",
        "released_km2_by",      "cost_usd_in"};
    for (int m = 0; m < DM_MEASURE_COUNT; m++)
        assert_string_equal(dm_measure_name((dm_measure)m), names[m]);
    assert_null(dm_measure_name(DM_MEASURE_COUNT));
    assert_null(dm_measure_name((dm_measure)-1));
}

static void yearly_measures_are_analytic(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* From 2025-03 for 30 months (to 2027-08): 2.05 km² at 0.1 a month,
     * 20.5 months, to mid-November 2026. */
    dm_work *w = one_cell(ctx, 2.05);
    dm_scenario *s = scenario(ctx, "2025-03", 30, TEN, NULL);
    dm_projection *p = project(ctx, w, s, 1, 1, 1);
    int first = 0, last = 0;
    assert_status(ctx, dm_projection_years(ctx, p, &first, &last), DM_OK);
    assert_int_equal(first, 2025);
    assert_int_equal(last, 2027);
    const size_t R = DM_NATIONAL;
    assert_rel(measure(ctx, p, R, DM_MEASURE_COST_IN_YEAR, 2025, 0),
               10 * K_USD, 1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_COST_IN_YEAR, 2026, 0),
               10.5 * K_USD, 1e-9);
    assert_abs(measure(ctx, p, R, DM_MEASURE_COST_IN_YEAR, 2027, 0), 0.0,
               1e-6);
    assert_rel(measure(ctx, p, R, DM_MEASURE_RELEASED_BY, 2025, 0), 1.0, 1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_RELEASED_BY, 2026, 0), 2.05,
               1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_RELEASED_BY, 2027, 0), 2.05,
               1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_COST, 0, 0), 20.5 * K_USD, 1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_RELEASED, 0, 0), 2.05, 1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_CLEARED, 0, 0), 2.05, 1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_USD_PER_KM2_CLEARED, 0, 0),
               K_USD / C_KM2, 1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_USD_PER_KM2_RELEASED, 0, 0),
               K_USD / C_KM2, 1e-9);
    assert_rel(measure(ctx, p, R, DM_MEASURE_MONTHS_TO_100, 0, 0), 20.5, 1e-9);
    /* Years outside the projection. */
    double v = 0.0;
    assert_status(
        ctx,
        dm_projection_measure(ctx, p, R, DM_MEASURE_COST_IN_YEAR, 2024, 0, &v),
        DM_ERR_OUT_OF_RANGE);
    assert_message_has(ctx, "2024");
    assert_status(
        ctx,
        dm_projection_measure(ctx, p, R, DM_MEASURE_RELEASED_BY, 2028, 0, &v),
        DM_ERR_OUT_OF_RANGE);
    assert_status(ctx,
                  dm_projection_measure_quantile(
                      ctx, p, R, DM_MEASURE_RELEASED_BY, 2028, 0.5, &v),
                  DM_ERR_OUT_OF_RANGE);
    /* The year is ignored by the others. */
    assert_status(
        ctx, dm_projection_measure(ctx, p, R, DM_MEASURE_COST, 1999, 0, &v),
        DM_OK);
    assert_status(ctx,
                  dm_projection_measure(ctx, p, R, DM_MEASURE_COUNT, 0, 0, &v),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_projection_measure(ctx, p, R, DM_MEASURE_COST, 0, 1, &v),
                  DM_ERR_OUT_OF_RANGE);
    assert_status(ctx,
                  dm_projection_measure(ctx, p, 1, DM_MEASURE_COST, 0, 0, &v),
                  DM_ERR_OUT_OF_RANGE);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void measures_agree_run_by_run(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    add(ctx, w, "A", DM_HAZARD_HIGH, DM_ZONE_ACCESSIBLE, 1.5);
    add(ctx, w, "B", DM_HAZARD_MEDIUM, DM_ZONE_ACCESSIBLE, 1.0);
    static const char text[] =
        "{\"name\": \"t\", \"start\": \"2025-05\", \"horizon_months\": 40, "
        "\"assets\": [" DEMINERS "], " RANGED_RELEASE
        ", \"unconstrained_survey\": {\"nts\": {\"cost_usd_per_ha\": 5}, "
        "\"ts\": {\"cost_usd_per_ha\": 20}}}";
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load_string(ctx, text, NULL, &s), DM_OK);
    const size_t runs = 60;
    dm_projection *p = project(ctx, w, s, runs, 2, 11);
    int first = 0, last = 0;
    assert_status(ctx, dm_projection_years(ctx, p, &first, &last), DM_OK);
    /* 2025-05 + 39 months is 2028-08. */
    assert_int_equal(first, 2025);
    assert_int_equal(last, 2028);
    const size_t regions[] = {0, 1, DM_NATIONAL, DM_ZONES(ACC)};
    double values[60];
    for (size_t k = 0; k < sizeof regions / sizeof regions[0]; k++) {
        size_t r = regions[k];
        for (size_t run = 0; run < runs; run++) {
            double sum = 0.0;
            for (int y = first; y <= last; y++)
                sum += measure(ctx, p, r, DM_MEASURE_COST_IN_YEAR, y, run);
            double usd = measure(ctx, p, r, DM_MEASURE_COST, 0, run);
            assert_rel(usd, cost(ctx, p, r, run), 0.0);
            assert_rel(sum, usd, 1e-12);
            double cl = measure(ctx, p, r, DM_MEASURE_CLEARED, 0, run);
            double rel = measure(ctx, p, r, DM_MEASURE_RELEASED, 0, run);
            assert_true(cl > 0.0 && rel > cl);
            assert_rel(
                measure(ctx, p, r, DM_MEASURE_USD_PER_KM2_CLEARED, 0, run),
                usd / cl, 1e-15);
            assert_rel(
                measure(ctx, p, r, DM_MEASURE_USD_PER_KM2_RELEASED, 0, run),
                usd / rel, 1e-15);
            assert_rel(measure(ctx, p, r, DM_MEASURE_RELEASED_BY, last, run),
                       rel, 0.0);
            double prev = 0.0;
            for (int y = first; y <= last; y++) {
                double by = measure(ctx, p, r, DM_MEASURE_RELEASED_BY, y, run);
                assert_true(by >= prev);
                prev = by;
            }
            values[run] = usd;
        }
        /* The quantiles of a measure over the runs. */
        for (double q = 0.0; q <= 1.0; q += 0.125) {
            double got = -1.0;
            assert_status(ctx,
                          dm_projection_measure_quantile(
                              ctx, p, r, DM_MEASURE_COST, 0, q, &got),
                          DM_OK);
            assert_close(got, quantile_by_hand(values, runs, q), 1e-12,
                         "cost quantile");
            double c = -1.0;
            assert_status(ctx, dm_projection_cost_quantile(ctx, p, r, q, &c),
                          DM_OK);
            assert_close(got, c, 1e-12, "cost quantile, both ways");
        }
    }
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Nothing released: a cost per km² has no value, nor its quantile. */
static void nothing_released_has_no_cost_per_km2(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    add(ctx, w, "A", DM_HAZARD_HIGH, DM_ZONE_OCCUPIED, 1.0);
    dm_scenario *s = scenario(
        ctx, "2025-01", 24,
        MANUAL("m", "10", "{\"min\": 50, \"mode\": 100, \"max\": 150}", "10",
               "90"),
        NULL);
    dm_projection *p = project(ctx, w, s, 10, 1, 1);
    for (size_t run = 0; run < 10; run++) {
        assert_abs(measure(ctx, p, 0, DM_MEASURE_COST, 0, run), 0.0, 0.0);
        assert_true(isnan(
            measure(ctx, p, 0, DM_MEASURE_USD_PER_KM2_RELEASED, 0, run)));
        assert_true(
            isnan(measure(ctx, p, 0, DM_MEASURE_USD_PER_KM2_CLEARED, 0, run)));
        assert_true(
            isinf(measure(ctx, p, 0, DM_MEASURE_MONTHS_TO_80, 0, run)));
    }
    double v = 0.0;
    assert_status(ctx,
                  dm_projection_measure_quantile(
                      ctx, p, 0, DM_MEASURE_USD_PER_KM2_RELEASED, 0, 0.5, &v),
                  DM_OK);
    assert_true(isnan(v));
    assert_status(ctx,
                  dm_projection_measure_quantile(
                      ctx, p, 0, DM_MEASURE_MONTHS_TO_80, 0, 0.1, &v),
                  DM_OK);
    assert_true(isinf(v) && v > 0);
    /* Nothing varies: every coefficient NAN. */
    size_t n = dm_projection_param_count(ctx, p);
    double *prcc = calloc(n, sizeof *prcc);
    assert_non_null(prcc);
    assert_status(
        ctx,
        dm_projection_sensitivity(ctx, p, 0, DM_MEASURE_RELEASED, 0, prcc, n),
        DM_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(isnan(prcc[i]));
    free(prcc);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Bounded work: more runs than DM_MAX_RUNS, or runs whose kept series
 * would need more than DM_MAX_PROJECTION_BYTES, are refused before any
 * allocation, saying what they would need. */
static void runs_are_bounded(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = two_regions_three_zones(ctx);
    dm_scenario *s = scenario(ctx, "2025-01", 1200, THIRTY, NULL);
    dm_projection_options o;
    dm_projection_options_init(&o);
    dm_projection *p = NULL;
    o.runs = DM_MAX_RUNS + 1;
    assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "1000001 runs, more than the 1000000");
    assert_null(p);
    /* 9 rows × 1,201 months × 8 bytes: 86 kB a run with the series kept,
     * so a million runs need 81 GiB. */
    o.runs = DM_MAX_RUNS;
    o.keep_series = 1;
    assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "1000000 runs of 2 regions over 1200 months "
                            "would need");
    assert_message_has(ctx, "more than the 8 GiB");
    assert_message_has(ctx, "or no keep_series");
    assert_null(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_are_bounded),
        cmocka_unit_test(zone_areas_and_open_zones),
        cmocka_unit_test(zone_milestones_are_analytic),
        cmocka_unit_test(zones_add_up_to_the_nation),
        cmocka_unit_test(zones_follow_each_runs_front_line),
        cmocka_unit_test(paired_changes_are_the_runs_differences),
        cmocka_unit_test(measures_refuse_misuse),
        cmocka_unit_test(a_budget_ceiling_scales_each_year),
        cmocka_unit_test(a_budget_stretches_the_months),
        cmocka_unit_test(budget_keys_are_checked),
        cmocka_unit_test(sensitivity_finds_the_figure),
        cmocka_unit_test(a_cost_figure_drives_cost_not_months),
        cmocka_unit_test(drivers_are_the_effects_largest_first),
        cmocka_unit_test(compare_gives_the_comparison_figures),
        cmocka_unit_test(priority_takes_the_classes_in_order),
        cmocka_unit_test(priority_shares_a_class_among_regions),
        cmocka_unit_test(priority_holds_for_every_stage),
        cmocka_unit_test(measure_names),
        cmocka_unit_test(yearly_measures_are_analytic),
        cmocka_unit_test(measures_agree_run_by_run),
        cmocka_unit_test(nothing_released_has_no_cost_per_km2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
