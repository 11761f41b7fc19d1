/* The projection engine against analytic answers: constant capacity,
 * land-release shares, conservation, zero capacity and closed land,
 * seasonality, training, deliveries, policies, the detector model,
 * Monte Carlo draws and determinism across threads. */
#include "testutil.h"

static dm_scenario *scenario(dm_context *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static dm_scenario *scenario(dm_context *ctx, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    assert_true(vasprintf(&text, fmt, ap) > 0);
    va_end(ap);
    dm_scenario *s = NULL;
    dm_status st = dm_scenario_load_string(ctx, text, NULL, &s);
    if (st != DM_OK)
        fail_msg("scenario: %s\n%s", dm_context_last_error(ctx), text);
    free(text);
    return s;
}

/* A scenario text refused, with nothing returned and the message naming
 * what is wrong. */
static void refused(dm_context *ctx, const char *text, const char *message)
{
    dm_scenario *x = NULL;
    if (dm_scenario_load_string(ctx, text, NULL, &x) == DM_OK)
        fail_msg("accepted: %s", text);
    assert_null(x);
    assert_message_has(ctx, message);
}

static dm_work *one_cell(dm_context *ctx, double km2)
{
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", "Alpha", DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, km2),
                  DM_OK);
    return w;
}

static dm_projection *project(dm_context *ctx, const dm_work *w,
                              const dm_scenario *s, size_t runs,
                              unsigned threads, int keep)
{
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.runs = runs;
    o.threads = threads;
    o.keep_series = keep;
    dm_projection *p = NULL;
    assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_OK);
    return p;
}

static double months_to(dm_context *ctx, const dm_projection *p, size_t r,
                        dm_milestone m)
{
    double v = -1.0;
    assert_status(ctx, dm_projection_months_to(ctx, p, r, m, 0, &v), DM_OK);
    return v;
}

/* A manual asset: units, m² per day, days per month, extra keys. */
#define MANUAL(name, units, rate, days, extra)                                \
    "{\"name\": \"" name "\", \"kind\": \"manual\", \"count\": " units ", "   \
    "\"productivity_m2_per_day\": " rate                                      \
    ", \"working_days_per_month\": " days                                     \
    ", \"cost_usd_per_unit_day\": 10" extra "}"

static void constant_capacity_is_exact(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 1 km² by 30 deminers × 47 m²/day × 21 days = 29,610 m² a month. */
    const double km2 = 1.0, per_month = 30.0 * 47.0 * 21.0 / 1e6;
    dm_work *w = one_cell(ctx, km2);
    dm_scenario *s = scenario(
        ctx, "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": "
             "60, \"assets\": [" MANUAL("m", "30", "47", "21",
                                        "") "], " CLEAR_ONLY "}");
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), km2 / per_month, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_80), 0.8 * km2 / per_month,
               1e-9);
    assert_rel(months_to(ctx, p, DM_NATIONAL, DM_RELEASE_95),
               0.95 * km2 / per_month, 1e-9);
    /* Cost: every unit-day worked until the end, fractional last month. */
    double usd = 0.0;
    assert_status(ctx, dm_projection_cost(ctx, p, DM_NATIONAL, 0, &usd),
                  DM_OK);
    assert_rel(usd, 30.0 * 21.0 * 10.0 * (km2 / per_month), 1e-9);
    /* The series: cleared after 10 months. */
    const double *cleared = NULL;
    size_t n = 0;
    assert_status(
        ctx, dm_projection_series(ctx, p, 0, DM_STATE_CLEARED, &cleared, &n),
        DM_OK);
    assert_int_equal(n, 61);
    assert_rel(cleared[10], 10.0 * per_month, 1e-12);
    assert_rel(cleared[60], km2, 1e-12);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void release_shares_follow_the_scenario(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    const double sus = 6.0, conf = 2.0, cancel = 0.3, reduce = 0.4;
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_MEDIUM,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, sus),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_MEDIUM,
                              DM_ZONE_CONTROLLED, DM_AREA_CONFIRMED, conf),
                  DM_OK);
    /* NTS: 0.5 km² a month (1 team × 25,000 m² × 20 days); TS without a
     * limit; no clearance. */
    dm_scenario *s = scenario(
        ctx,
        "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": 24, "
        "\"assets\": [{\"name\": \"nts\", \"kind\": \"nts\", \"count\": 1, "
        "\"productivity_m2_per_day\": 25000, \"working_days_per_month\": 20, "
        "\"cost_usd_per_unit_day\": 1}], \"land_release\": {\"high\": "
        "{\"nts_cancel_share\": 1, \"ts_reduce_share\": 1}, \"medium\": "
        "{\"nts_cancel_share\": %g, \"ts_reduce_share\": %g}, \"low\": "
        "{\"nts_cancel_share\": 0, \"ts_reduce_share\": 0}}, "
        "\"unconstrained_survey\": {\"ts\": {\"cost_usd_per_ha\": 3000}}}",
        cancel, reduce);
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    const double *v[DM_SERIES_COUNT];
    size_t n = 0;
    for (int k = 0; k < DM_SERIES_COUNT; k++)
        assert_status(ctx, dm_projection_series(ctx, p, 0, k, &v[k], &n),
                      DM_OK);
    /* After 4 months NTS has surveyed 2 km². */
    assert_rel(v[DM_STATE_SUSPECTED][4], sus - 2.0, 1e-12);
    assert_rel(v[DM_STATE_CANCELLED][4], cancel * 2.0, 1e-12);
    /* After 12 months all is surveyed: the shares of the scenario. */
    double confirmed_all = conf + (1 - cancel) * sus;
    assert_abs(v[DM_STATE_SUSPECTED][12], 0.0, 0.0);
    assert_rel(v[DM_STATE_CANCELLED][12], cancel * sus, 1e-12);
    assert_rel(v[DM_STATE_REDUCED][12], reduce * confirmed_all, 1e-12);
    assert_rel(v[DM_STATE_TO_CLEAR][12], (1 - reduce) * confirmed_all, 1e-12);
    assert_abs(v[DM_STATE_CONFIRMED][12], 0.0, 1e-12);
    assert_abs(v[DM_STATE_CLEARED][24], 0.0, 0.0);
    /* 80 % is never released: cancelled + reduced is less. */
    double released = cancel * sus + reduce * confirmed_all;
    assert_true(released < 0.8 * (sus + conf));
    assert_true(isinf(months_to(ctx, p, 0, DM_RELEASE_80)));
    /* Cost: NTS unit-days (12 months × 20) and TS per hectare reduced or
     * passed on (all confirmed area, 100 ha per km²). */
    double usd = 0.0;
    assert_status(ctx, dm_projection_cost(ctx, p, 0, 0, &usd), DM_OK);
    assert_rel(usd, 12 * 20 * 1.0 + confirmed_all * 100.0 * 3000.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* A table of 5 regions with every cell filled. */
/* Region number r (0–4) of five_regions(), land in every cell. */
static void add_numbered(dm_context *ctx, dm_work *w, const char *code, int r)
{
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                assert_status(ctx,
                              dm_work_add(ctx, w, code, NULL, h, z, st,
                                          0.37 * (r + 1) + 0.11 * h +
                                              0.05 * z + 0.013 * st),
                              DM_OK);
}

static dm_work *five_regions(dm_context *ctx)
{
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    const char *codes[] = {"R1", "R2", "R3", "R4", "R5"};
    for (int r = 0; r < 5; r++)
        add_numbered(ctx, w, codes[r], r);
    return w;
}

/* Every kind of asset, ranges everywhere, occupied land opening. */
#define RANGED_SCENARIO                                                       \
    "{\"name\": \"ranged\", \"start\": \"2025-03\", \"horizon_months\": 72, " \
    "\"assets\": ["                                                           \
    "{\"name\": \"nts\", \"kind\": \"nts\", \"count\": 2, "                   \
    "\"productivity_m2_per_day\": {\"min\": 5000, \"mode\": 9000, \"max\": "  \
    "20000}, \"working_days_per_month\": 20, \"cost_usd_per_unit_day\": 5},"  \
    "{\"name\": \"ts\", \"kind\": \"ts\", \"count\": [{\"from\": "            \
    "\"2025-03\", \"count\": 1}, {\"from\": \"2026-01\", \"count\": "         \
    "{\"min\": "                                                              \
    "2, \"mode\": 3, \"max\": 5}}], \"productivity_m2_per_day\": 4000, "      \
    "\"working_days_per_month\": 20, \"training_months\": {\"min\": 0, "      \
    "\"mode\": 2, \"max\": 5}, \"cost_usd_per_unit_day\": 50}," MANUAL(       \
        "man", "{\"min\": 40, \"mode\": 50, \"max\": 80}",                    \
        "{\"min\": 10, \"mode\": 30, \"max\": 50}", "21",                     \
        ", \"detector\": {\"search_minutes_per_m2\": 15, "                    \
        "\"false_alarms_per_m2\": {\"min\": 0.3, \"mode\": 0.65, \"max\": "   \
        "1}, \"minutes_per_false_alarm\": 20, \"rejection\": 0.5}") ","       \
                                                                    "{\"name" \
                                                                    "\": "    \
                                                                    "\"mech"  \
                                                                    "\", "    \
                                                                    "\"kind"  \
                                                                    "\": "    \
                                                                    "\"mecha" \
                                                                    "nical\"" \
                                                                    ", "      \
                                                                    "\"count" \
                                                                    "\": 1, " \
                                                                    "\"produ" \
                                                                    "ctivity" \
                                                                    "_m2_"    \
                                                                    "per_"    \
                                                                    "day\": " \
                                                                    "{\"min"  \
                                                                    "\": "    \
                                                                    "2000, "  \
                                                                    "\"mode"  \
                                                                    "\": "    \
                                                                    "3000, "  \
                                                                    "\"max\"" \
                                                                    ": "      \
                                                                    "15000}," \
                                                                    " \"work" \
                                                                    "ing_"    \
                                                                    "days_"   \
                                                                    "per_"    \
                                                                    "month\"" \
                                                                    ": 20, "  \
                                                                    "\"seaso" \
                                                                    "nal_"    \
                                                                    "factors" \
                                                                    "\": "    \
                                                                    "[0.5, "  \
                                                                    "0.5, "   \
                                                                    "1, 1, "  \
                                                                    "1, 1, "  \
                                                                    "1, 1, "  \
                                                                    "1, 1, "  \
                                                                    "1, "     \
                                                                    "{\"min"  \
                                                                    "\": "    \
                                                                    "0.2, "   \
                                                                    "\"mode"  \
                                                                    "\": "    \
                                                                    "0.5, "   \
                                                                    "\"max\"" \
                                                                    ": "      \
                                                                    "0.9}], " \
                                                                    "\"avail" \
                                                                    "ability" \
                                                                    "\": "    \
                                                                    "{\"min"  \
                                                                    "\": "    \
                                                                    "0.6, "   \
                                                                    "\"mode"  \
                                                                    "\": "    \
                                                                    "0.8, "   \
                                                                    "\"max\"" \
                                                                    ": 1}, "  \
                                                                    "\"cost_" \
                                                                    "usd_"    \
                                                                    "per_"    \
                                                                    "unit_"   \
                                                                    "day\": " \
                                                                    "900},"   \
                                                                    "{\"name" \
                                                                    "\": "    \
                                                                    "\"dogs"  \
                                                                    "\", "    \
                                                                    "\"kind"  \
                                                                    "\": "    \
                                                                    "\"mdd\"" \
                                                                    ", "      \
                                                                    "\"count" \
                                                                    "\": 1, " \
                                                                    "\"produ" \
                                                                    "ctivity" \
                                                                    "_m2_"    \
                                                                    "per_"    \
                                                                    "day\": " \
                                                                    "1500, "  \
                                                                    "\"worki" \
                                                                    "ng_"     \
                                                                    "days_"   \
                                                                    "per_"    \
                                                                    "month\"" \
                                                                    ": 20, "  \
                                                                    "\"cost_" \
                                                                    "usd_"    \
                                                                    "per_"    \
                                                                    "unit_"   \
                                                                    "day\": " \
                                                                    "300}], " \
                                                                    "\"land_" \
                                                                    "release" \
                                                                    "\": "    \
                                                                    "{\"high" \
                                                                    "\": "    \
                                                                    "{\"nts_" \
                                                                    "cancel_" \
                                                                    "share\"" \
                                                                    ": "      \
                                                                    "{\"min"  \
                                                                    "\": "    \
                                                                    "0.1, "   \
                                                                    "\"mode"  \
                                                                    "\": "    \
                                                                    "0.3, "   \
                                                                    "\"max\"" \
                                                                    ": "      \
                                                                    "0.5}, "  \
                                                                    "\"ts_"   \
                                                                    "reduce_" \
                                                                    "share\"" \
                                                                    ": "      \
                                                                    "0.3}, "  \
                                                                    "\"mediu" \
                                                                    "m\": "   \
                                                                    "{\"nts_" \
                                                                    "cancel_" \
                                                                    "share\"" \
                                                                    ": 0.3, " \
                                                                    "\"ts_"   \
                                                                    "reduce_" \
                                                                    "share\"" \
                                                                    ": "      \
                                                                    "0.35}, " \
                                                                    "\"low\"" \
                                                                    ": "      \
                                                                    "{\"nts_" \
                                                                    "cancel_" \
                                                                    "share\"" \
                                                                    ": 0.5, " \
                                                                    "\"ts_"   \
                                                                    "reduce_" \
                                                                    "share\"" \
                                                                    ": "      \
                                                                    "0.4}}, " \
                                                                    "\"acces" \
                                                                    "s\": "   \
                                                                    "{\"occu" \
                                                                    "pied\":" \
                                                                    " \"2026" \
                                                                    "-06\"}," \
                                                                    " "       \
                                                                    "\"polic" \
                                                                    "y\": "   \
                                                                    "{\"type" \
                                                                    "\": "    \
                                                                    "\"weigh" \
                                                                    "ts\", "  \
                                                                    "\"weigh" \
                                                                    "ts\": "  \
                                                                    "{\"R2\"" \
                                                                    ": "      \
                                                                    "{\"min"  \
                                                                    "\": 1, " \
                                                                    "\"mode"  \
                                                                    "\": 3, " \
                                                                    "\"max\"" \
                                                                    ": 5}, "  \
                                                                    "\"R4\":" \
                                                                    " 0.5}}}"

static void area_is_conserved_every_month_every_run(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = five_regions(ctx);
    dm_scenario *s = scenario(ctx, "%s", RANGED_SCENARIO);
    assert_true(dm_scenario_ranged_count(ctx, s) >= 10);
    /* One run per seed, so the (mean) series is that run's. */
    for (unsigned long long seed = 1; seed <= 25; seed++) {
        dm_projection_options o;
        dm_projection_options_init(&o);
        o.seed = seed;
        dm_projection *p = NULL;
        assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_OK);
        assert_true(dm_projection_seed(ctx, p) == seed);
        size_t R = dm_projection_region_count(ctx, p);
        for (size_t r = 0; r <= R; r++) {
            size_t reg = r == R ? DM_NATIONAL : r;
            double area = 0.0;
            assert_status(ctx, dm_projection_area_km2(ctx, p, reg, &area),
                          DM_OK);
            if (r < R) {
                double table = 0.0;
                assert_status(ctx, dm_work_region_total_km2(ctx, w, r, &table),
                              DM_OK);
                assert_rel(area, table, 1e-15);
            }
            const double *v[DM_STATE_COUNT];
            size_t n = 0;
            for (int k = 0; k < DM_STATE_COUNT; k++)
                assert_status(ctx,
                              dm_projection_series(ctx, p, reg, k, &v[k], &n),
                              DM_OK);
            for (size_t m = 0; m < n; m++) {
                double sum = 0.0;
                for (int k = 0; k < DM_STATE_COUNT; k++) {
                    assert_true(v[k][m] >= 0.0);
                    sum += v[k][m];
                }
                assert_rel(sum, area, 1e-9);
            }
        }
        dm_projection_free(p);
    }
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void no_capacity_or_closed_land_is_never_released(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 5.0);
    /* No asset at all. */
    dm_scenario *s = scenario(ctx, "{\"name\": \"none\", \"start\": "
                                   "\"2025-01\", \"horizon_months\": 1200, "
                                   "\"assets\": [], " CLEAR_ONLY "}");
    dm_projection *p = project(ctx, w, s, 3, 2, 0);
    double q = 0.0;
    for (int m = 0; m < DM_MILESTONE_COUNT; m++) {
        assert_true(isinf(months_to(ctx, p, 0, (dm_milestone)m)));
        assert_status(
            ctx,
            dm_projection_months_quantile(ctx, p, DM_NATIONAL, m, 0.1, &q),
            DM_OK);
        assert_true(isinf(q) && q > 0);
    }
    dm_projection_free(p);
    dm_scenario_free(s);

    /* Capacity without working days is no capacity either. */
    s = scenario(ctx, "{\"name\": \"idle\", \"start\": \"2025-01\", "
                      "\"horizon_months\": 100, \"assets\": [" MANUAL(
                          "m", "1000", "50", "0", "") "], " CLEAR_ONLY "}");
    p = project(ctx, w, s, 1, 1, 0);
    assert_true(isinf(months_to(ctx, p, 0, DM_RELEASE_80)));
    double usd = -1;
    assert_status(ctx, dm_projection_cost(ctx, p, 0, 0, &usd), DM_OK);
    assert_abs(usd, 0.0, 0.0);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* Occupied land that never opens: 10 % of the area. Huge capacity
     * releases the rest in the first month, never all of it. */
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_LOW,
                              DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED, 5.0 / 9),
                  DM_OK);
    s = scenario(ctx, "{\"name\": \"never\", \"start\": \"2025-01\", "
                      "\"horizon_months\": 36, \"assets\": [" MANUAL(
                          "m", "1e6", "1000", "20",
                          "") "], " CLEAR_ONLY
                              ", \"access\": {\"occupied\": null}}");
    p = project(ctx, w, s, 1, 1, 0);
    assert_true(months_to(ctx, p, 0, DM_RELEASE_80) <= 1.0);
    assert_true(isinf(months_to(ctx, p, 0, DM_RELEASE_95)));
    assert_true(isinf(months_to(ctx, p, 0, DM_RELEASE_100)));
    dm_projection_free(p);
    dm_scenario_free(s);

    /* The same land opening in month 24 (2027-01): released then, in the
     * share of that month that 20,000 km² a month needs for it. */
    s = scenario(ctx, "{\"name\": \"opens\", \"start\": \"2025-01\", "
                      "\"horizon_months\": 36, \"assets\": [" MANUAL(
                          "m", "1e6", "1000", "20",
                          "") "], " CLEAR_ONLY
                              ", \"access\": {\"occupied\": \"2027-01\"}}");
    p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100),
               24.0 + (5.0 / 9) / (1e6 * 1000 * 20 / 1e6), 1e-12);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void seasons_stop_the_work(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 10 units × 100 m² × 10 days = 0.01 km² a month, except December to
     * February (factor 0). Starting in January, 0.18 km² takes the 9
     * working months of 2025 and of 2026: done at the end of November
     * 2026, month index 22, so 23 months. Without seasons: 18. */
    dm_work *w = one_cell(ctx, 0.18);
    dm_scenario *s = scenario(
        ctx, "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": "
             "60, \"assets\": [" MANUAL(
                 "m", "10", "100", "10",
                 ", \"seasonal_factors\": [0, 0, 1, "
                 "1, 1, 1, 1, 1, 1, 1, 1, 0]") "], " CLEAR_ONLY "}");
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 23.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    s = scenario(ctx, "{\"name\": \"t\", \"start\": \"2025-01\", "
                      "\"horizon_months\": 60, \"assets\": [" MANUAL(
                          "m", "10", "100", "10", "") "], " CLEAR_ONLY "}");
    p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 18.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* Availability 0.5 halves capacity: 36 months. */
    s = scenario(ctx, "{\"name\": \"t\", \"start\": \"2025-01\", "
                      "\"horizon_months\": 60, \"assets\": [" MANUAL(
                          "m", "10", "100", "10",
                          ", \"availability\": 0.5") "], " CLEAR_ONLY "}");
    p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 36.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void deliveries_and_training(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 10 units (0.01 km²/month) from the start, 20 from month 12. Area
     * 0.28 km². With training 6: 10 units for 18 months (0.18), then 20
     * (0.02/month) for the last 0.10: 5 months, 23 in all. Without
     * training: 0.12 in 12 months, the rest 0.16 in 8: 20 months. */
    dm_work *w = one_cell(ctx, 0.28);
    const char *fmt =
        "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": 60, "
        "\"assets\": [" MANUAL("m",
                               "[{\"from\": \"2025-01\", \"count\": 10}, "
                               "{\"from\": \"2026-01\", \"count\": 20}]",
                               "100", "10",
                               ", \"training_months\": %d") "], " CLEAR_ONLY
                                                            "}";
    dm_scenario *s = scenario(ctx, fmt, 6);
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 23.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    s = scenario(ctx, fmt, 0);
    p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 20.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);

    /* Units present at the start are trained; a step before the start
     * counts from the start; a cut takes effect at once: 10 units, 5 from
     * month 6 (2025-07): 0.06 in 6 months, then 0.005/month for 0.22: 44
     * more, 50 in all. */
    s = scenario(
        ctx,
        "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": "
        "60, \"assets\": [" MANUAL(
            "m",
            "[{\"from\": \"2024-01\", \"count\": 10}, "
            "{\"from\": \"2025-07\", \"count\": 5}]",
            "100", "10", ", \"training_months\": 12") "], " CLEAR_ONLY "}");
    p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 50.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Two regions of 0.12 km² each (A then B), 0.01 km² a month in all. */
static void policies_share_capacity(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 0.12),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "B", NULL, DM_HAZARD_LOW,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 0.12),
                  DM_OK);
    const char *fmt =
        "{\"name\": \"t\", \"start\": \"2025-01\", "
        "\"horizon_months\": 60, \"assets\": [" MANUAL(
            "m", "10", "100", "10", "") "], " CLEAR_ONLY ", \"policy\": %s}";
    /* Proportional: both finish together, at 24. */
    dm_scenario *s = scenario(ctx, fmt, "{\"type\": \"proportional\"}");
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 24.0, 1e-9);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100), 24.0, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_80), 0.8 * 24.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* Order B, A: B at 12, then A at 24 (B's capacity flows to A). */
    s = scenario(ctx, fmt, "{\"type\": \"order\", \"regions\": [\"B\"]}");
    p = project(ctx, w, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100), 12.0, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 24.0, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_80), 12.0 + 0.8 * 12.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* Order B with B's area no whole number of months' capacity: in its
     * twelfth month B takes the 0.005 it still needs and only the rest of
     * the month's capacity goes to A (B's share of the month is not
     * overwritten by the others'), so B is done at 12 (milestones are
     * linear between month ends), A has 0.005 by then and reaches 80 %
     * at 12 + (0.096 - 0.005) / 0.01 = 21.1 and 100 % at 12 + 0.115 /
     * 0.01 = 23.5 (its last month needs half the capacity). Giving B the
     * others' share in its last month would leave it unfinished. */
    dm_work *w3 = NULL;
    assert_status(ctx, dm_work_new(ctx, &w3), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w3, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 0.12),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w3, "B", NULL, DM_HAZARD_LOW,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 0.115),
                  DM_OK);
    s = scenario(ctx, fmt, "{\"type\": \"order\", \"regions\": [\"B\"]}");
    p = project(ctx, w3, s, 1, 1, 0);
    assert_rel(months_to(ctx, p, 1, DM_RELEASE_100), 12.0, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_80), 21.1, 1e-9);
    assert_rel(months_to(ctx, p, 0, DM_RELEASE_100), 23.5, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w3);
    /* Weights B 3, A 1: B gets 3/4 of the capacity until it is done at
     * 0.12 / 0.0075 = 16; then A gets all of it and is done at 24
     * (nothing is lost). */
    s = scenario(ctx, fmt, "{\"type\": \"weights\", \"weights\": {\"B\": 3}}");
    p = project(ctx, w, s, 1, 1, 0);
    double a = months_to(ctx, p, 0, DM_RELEASE_100),
           b = months_to(ctx, p, 1, DM_RELEASE_100);
    assert_rel(b, 16.0, 1e-9);
    assert_rel(a, 24.0, 1e-9);
    const double *cleared = NULL;
    size_t n = 0;
    assert_status(
        ctx, dm_projection_series(ctx, p, 1, DM_STATE_CLEARED, &cleared, &n),
        DM_OK);
    assert_rel(cleared[1], 0.0075, 1e-12);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* A region with no accessible work passes its share to the other: A
     * occupied (never open), B finishes at 12 under every policy. */
    dm_work *w2 = NULL;
    assert_status(ctx, dm_work_new(ctx, &w2), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w2, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED, 0.12),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w2, "B", NULL, DM_HAZARD_LOW,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 0.12),
                  DM_OK);
    const char *policies[] = {
        "{\"type\": \"proportional\"}",
        "{\"type\": \"order\", \"regions\": [\"A\"]}",
        "{\"type\": \"weights\", \"weights\": {\"A\": 9}}"};
    for (int i = 0; i < 3; i++) {
        s = scenario(ctx, fmt, policies[i]);
        p = project(ctx, w2, s, 1, 1, 0);
        assert_rel(months_to(ctx, p, 1, DM_RELEASE_100), 12.0, 1e-9);
        assert_true(isinf(months_to(ctx, p, 0, DM_RELEASE_80)));
        dm_projection_free(p);
        dm_scenario_free(s);
    }
    /* A policy naming a region the table lacks is an error. */
    s = scenario(ctx, fmt, "{\"type\": \"order\", \"regions\": [\"UA-99\"]}");
    dm_projection *none = NULL;
    assert_status(ctx, dm_project(ctx, w2, s, NULL, &none), DM_ERR_NOT_FOUND);
    assert_message_has(ctx, "UA-99");
    assert_null(none);
    dm_scenario_free(s);
    dm_work_free(w2);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void detector_rejection_speeds_up_by_the_time_ratio(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 0.5);
    const double search = 14.8, fa = 0.65, minutes = 23.4;
    const char *fmt =
        "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": 1200, "
        "\"assets\": [" MANUAL("m", "20", "30", "20",
                               ", \"detector\": {\"search_minutes_per_m2\": "
                               "%g, \"false_alarms_per_m2\": %g, "
                               "\"minutes_per_false_alarm\": %g, "
                               "\"rejection\": %g}") "], " CLEAR_ONLY "}";
    double months[2];
    const double rejection[2] = {0.0, 0.965};
    for (int i = 0; i < 2; i++) {
        dm_scenario *s = scenario(ctx, fmt, search, fa, minutes, rejection[i]);
        dm_projection *p = project(ctx, w, s, 1, 1, 0);
        months[i] = months_to(ctx, p, 0, DM_RELEASE_100);
        dm_projection_free(p);
        dm_scenario_free(s);
    }
    /* A detector that rejects nothing: the productivity as given. */
    assert_rel(months[0], 0.5e6 / (20 * 30 * 20), 1e-9);
    /* Time per m² = search + false alarms × (1 − rejection) × minutes. */
    double t0 = search + fa * minutes;
    double t1 = search + fa * (1 - rejection[1]) * minutes;
    assert_rel(months[1] / months[0], t1 / t0, 1e-9);
    dm_work_free(w);
    dm_context_free(ctx);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Triangular draws: a productivity range recovered from the months of each
 * run lies in the range and has the triangular mean. */
static void draws_follow_the_triangular_range(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 1.0);
    const double lo = 10, mode = 20, hi = 50;
    dm_scenario *s = scenario(
        ctx, "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": "
             "1200, \"assets\": [" MANUAL("m", "100",
                                          "{\"min\": 10, "
                                          "\"mode\": 20, \"max\": 50}",
                                          "20", "") "], " CLEAR_ONLY "}");
    const size_t runs = 2000;
    dm_projection *p = project(ctx, w, s, runs, 2, 0);
    double sum = 0.0, sorted_check[3];
    double *rates = calloc(runs, sizeof *rates);
    for (size_t i = 0; i < runs; i++) {
        double m = 0.0;
        assert_status(
            ctx, dm_projection_months_to(ctx, p, 0, DM_RELEASE_100, i, &m),
            DM_OK);
        double rate = 1e6 / (100 * 20 * m);
        assert_true(rate >= lo - 1e-9 && rate <= hi + 1e-9);
        rates[i] = m;
        sum += rate;
    }
    double mean = (lo + mode + hi) / 3.0;
    double sd = sqrt(
        (lo * lo + mode * mode + hi * hi - lo * mode - lo * hi - mode * hi) /
        18.0);
    assert_abs(sum / runs, mean, 4.0 * sd / sqrt((double)runs));
    /* P10/P50/P90 of the months: type-7 quantiles of the runs. */
    qsort(rates, runs, sizeof *rates, cmp_double);
    const double qs[3] = {0.1, 0.5, 0.9};
    for (int i = 0; i < 3; i++) {
        double h = (runs - 1) * qs[i];
        size_t k = (size_t)h;
        sorted_check[i] = rates[k] + (h - k) * (rates[k + 1] - rates[k]);
        double q = 0.0;
        assert_status(ctx,
                      dm_projection_months_quantile(ctx, p, 0, DM_RELEASE_100,
                                                    qs[i], &q),
                      DM_OK);
        assert_rel(q, sorted_check[i], 1e-12);
    }
    free(rates);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Everything a projection reports of one row (a region, DM_NATIONAL or
 * DM_ZONES()), into buf; the count. */
static size_t collect_row(dm_context *ctx, const dm_projection *p, size_t reg,
                          double *buf)
{
    size_t n = 0, runs = dm_projection_runs(ctx, p),
           H1 = dm_projection_months(ctx, p) + 1;
    int first = 0, last = -1;
    assert_status(ctx, dm_projection_years(ctx, p, &first, &last), DM_OK);
    assert_status(ctx, dm_projection_area_km2(ctx, p, reg, &buf[n++]), DM_OK);
    for (size_t run = 0; run < runs; run++) {
        for (int m = 0; m < DM_MILESTONE_COUNT; m++)
            assert_status(
                ctx, dm_projection_months_to(ctx, p, reg, m, run, &buf[n++]),
                DM_OK);
        assert_status(ctx, dm_projection_cost(ctx, p, reg, run, &buf[n++]),
                      DM_OK);
        /* Every measure, those of a year at the first and the last. */
        for (int m = 0; m < DM_MEASURE_COUNT; m++)
            for (int y = first; y <= last;
                 y += last > first ? last - first : 1)
                assert_status(
                    ctx,
                    dm_projection_measure(ctx, p, reg, m, y, run, &buf[n++]),
                    DM_OK);
    }
    for (int k = 0; k < DM_SERIES_COUNT; k++) {
        const double *v = NULL;
        size_t c = 0;
        assert_status(ctx, dm_projection_series(ctx, p, reg, k, &v, &c),
                      DM_OK);
        memcpy(buf + n, v, c * sizeof *v);
        n += c;
    }
    for (int q = 1; q <= 9; q += 4) {
        assert_status(ctx,
                      dm_projection_remaining_quantile(ctx, p, reg, q / 10.0,
                                                       buf + n, H1),
                      DM_OK);
        n += H1;
    }
    return n;
}

/* Everything a projection reports, in one buffer. */
static size_t collect(dm_context *ctx, const dm_projection *p, double *buf)
{
    size_t n = 0, R = dm_projection_region_count(ctx, p);
    for (size_t r = 0; r <= R; r++)
        n += collect_row(ctx, p, r == R ? DM_NATIONAL : r, buf + n);
    return n;
}

/* A table of units without land around and between the five regions
 * (a fine partition has many): the five's rows, the nation's and every
 * set of zones' are the same to the bit, and each empty unit's are those
 * of nothing to release. */
static void units_without_land_change_nothing(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = five_regions(ctx), *wide = NULL;
    assert_status(ctx, dm_work_new(ctx, &wide), DM_OK);
    const char *codes[] = {"E1", "R1", "R2", "E2", "E3",
                           "R3", "R4", "R5", "E4"};
    int numbered = 0;
    for (int i = 0; i < 9; i++) {
        if (codes[i][0] == 'R')
            add_numbered(ctx, wide, codes[i], numbered++);
        else
            assert_status(ctx,
                          dm_work_add(ctx, wide, codes[i], "empty",
                                      DM_HAZARD_LOW, DM_ZONE_CONTROLLED,
                                      DM_AREA_SUSPECTED, 0.0),
                          DM_OK);
    }
    dm_scenario *s = scenario(ctx, "%s", RANGED_SCENARIO);
    const size_t runs = 70; /* several chunks of runs */
    size_t size = 1 + runs * (4 + 2 * DM_MEASURE_COUNT) + 12 * 73;
    double *ref = calloc(size, sizeof *ref), *got = calloc(size, sizeof *got);
    dm_projection *p = project(ctx, w, s, runs, 2, 1);
    dm_projection *q = project(ctx, wide, s, runs, 2, 1);
    assert_int_equal(dm_projection_region_count(ctx, q), 9);
    size_t rows[] = {DM_NATIONAL, DM_ZONES(1), DM_ZONES(2), DM_ZONES(3),
                     DM_ZONES(4), DM_ZONES(5), DM_ZONES(6), 0,
                     1,           2,           3,           4};
    size_t in_wide[] = {DM_NATIONAL, DM_ZONES(1), DM_ZONES(2), DM_ZONES(3),
                        DM_ZONES(4), DM_ZONES(5), DM_ZONES(6), 1,
                        2,           5,           6,           7};
    for (int i = 0; i < 12; i++) {
        size_t n = collect_row(ctx, p, rows[i], ref);
        assert_true(n <= size);
        assert_int_equal(collect_row(ctx, q, in_wide[i], got), n);
        if (memcmp(ref, got, n * sizeof *ref) != 0)
            fail_msg("row %d differs with units without land", i);
    }
    for (size_t r = 0; r < 9; r++) {
        assert_string_equal(dm_projection_region_code(ctx, q, r), codes[r]);
        if (codes[r][0] != 'E')
            continue;
        assert_string_equal(dm_projection_region_name(ctx, q, r), "empty");
        size_t n = collect_row(ctx, q, r, got);
        /* Every milestone reached at once, nothing spent, nothing left;
         * the cost per km² has no value. */
        size_t nan = 0;
        for (size_t i = 0; i < n; i++) {
            nan += isnan(got[i]) != 0;
            if (!isnan(got[i]) && got[i] != 0.0)
                fail_msg("unit %s: value %zu is %g, not 0", codes[r], i,
                         got[i]);
        }
        assert_int_equal(nan, runs * 2 * 2);
    }
    dm_projection_free(p);
    dm_projection_free(q);
    dm_scenario_free(s);
    free(ref);
    free(got);
    dm_work_free(w);
    dm_work_free(wide);
    dm_context_free(ctx);
}

/* The policies give the same answer with units without land in the table,
 * named by the policy or not. */
static void units_without_land_under_every_policy(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL, *wide = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx, dm_work_new(ctx, &wide), DM_OK);
    const char *codes[] = {"E", "A", "F", "B", "G"};
    for (int i = 0; i < 5; i++) {
        int land = codes[i][0] == 'A' || codes[i][0] == 'B';
        double km2 = codes[i][0] == 'A' ? 0.12 : land ? 0.115 : 0.0;
        dm_hazard h = codes[i][0] == 'A' ? DM_HAZARD_HIGH : DM_HAZARD_LOW;
        if (land)
            assert_status(ctx,
                          dm_work_add(ctx, w, codes[i], NULL, h,
                                      DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED,
                                      km2),
                          DM_OK);
        assert_status(ctx,
                      dm_work_add(ctx, wide, codes[i], NULL, h,
                                  DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, km2),
                      DM_OK);
    }
    const char *fmt =
        "{\"name\": \"t\", \"start\": \"2025-01\", "
        "\"horizon_months\": 60, \"assets\": [" MANUAL(
            "m", "10", "100", "10", "") "], " CLEAR_ONLY ", \"policy\": %s}";
    const char *narrow[] = {"{\"type\": \"proportional\"}",
                            "{\"type\": \"order\", \"regions\": [\"B\"]}",
                            "{\"type\": \"weights\", \"weights\": {\"B\": 3}}",
                            "{\"type\": \"priority\"}"};
    const char *named[] = {
        "{\"type\": \"proportional\"}",
        "{\"type\": \"order\", \"regions\": [\"F\", \"B\", \"E\"]}",
        "{\"type\": \"weights\", \"weights\": {\"G\": 7, \"B\": 3, \"E\": "
        "0.5}}",
        "{\"type\": \"priority\"}"};
    for (int i = 0; i < 4; i++) {
        dm_scenario *s = scenario(ctx, fmt, narrow[i]);
        dm_scenario *t = scenario(ctx, fmt, named[i]);
        dm_projection *p = project(ctx, w, s, 1, 1, 1);
        dm_projection *q = project(ctx, wide, t, 1, 1, 1);
        double a[2][2000];
        for (size_t r = 0; r < 3; r++) {
            size_t from = r == 2 ? DM_NATIONAL : r,
                   to = r == 2 ? r : 2 * r + 1;
            size_t n = collect_row(ctx, p, from, a[0]);
            assert_true(n <= 2000);
            assert_int_equal(
                collect_row(ctx, q, to == 2 ? DM_NATIONAL : to, a[1]), n);
            if (memcmp(a[0], a[1], n * sizeof a[0][0]) != 0)
                fail_msg("policy %s: row %zu differs", named[i], r);
        }
        assert_rel(months_to(ctx, q, 3, DM_RELEASE_100),
                   months_to(ctx, p, 1, DM_RELEASE_100), 0.0);
        dm_projection_free(p);
        dm_projection_free(q);
        dm_scenario_free(s);
        dm_scenario_free(t);
    }
    dm_work_free(w);
    dm_work_free(wide);
    dm_context_free(ctx);
}

static dm_projection *summarised(dm_context *ctx, const dm_work *w,
                                 const dm_scenario *s, size_t runs,
                                 unsigned threads)
{
    dm_projection_options o;
    dm_projection_options_init(&o);
    assert_int_equal(o.region_summaries, 0);
    o.runs = runs;
    o.threads = threads;
    o.keep_series = 1;
    o.region_summaries = 1;
    dm_projection *p = NULL;
    assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_OK);
    return p;
}

/* With region_summaries, a region's quantiles of the remaining km² are
 * within one bin (its area / DM_SUMMARY_BINS) of those of every run's
 * values, the same on any number of threads; every other figure, and all
 * of the nation's and the lands', is the same to the bit; the regions'
 * yearly figures are refused, saying why. */
static void region_summaries_within_a_bin(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = five_regions(ctx);
    dm_scenario *s = scenario(ctx, "%s", RANGED_SCENARIO);
    const size_t runs = 150, H1 = 73;
    dm_projection *exact = project(ctx, w, s, runs, 1, 1);
    dm_projection *one = summarised(ctx, w, s, runs, 1);
    dm_projection *two = summarised(ctx, w, s, runs, 2);
    assert_int_equal(dm_projection_months(ctx, one) + 1, H1);
    const double qs[] = {0.0, 0.1, 0.37, 0.5, 0.9, 1.0};
    double e[73], a[73], b[73], worst = 0.0;
    int inexact = 0;
    for (size_t r = 0; r < 5; r++) {
        double area = 0.0;
        assert_status(ctx, dm_projection_area_km2(ctx, one, r, &area), DM_OK);
        for (int i = 0; i < 6; i++) {
            assert_status(
                ctx,
                dm_projection_remaining_quantile(ctx, exact, r, qs[i], e, H1),
                DM_OK);
            assert_status(
                ctx,
                dm_projection_remaining_quantile(ctx, one, r, qs[i], a, H1),
                DM_OK);
            assert_status(
                ctx,
                dm_projection_remaining_quantile(ctx, two, r, qs[i], b, H1),
                DM_OK);
            assert_memory_equal(a, b, sizeof a);
            for (size_t m = 0; m < H1; m++) {
                double d = fabs(a[m] - e[m]) / area;
                worst = d > worst ? d : worst;
                inexact += d > 1e-12;
                if (d > 1.0 / DM_SUMMARY_BINS + 1e-12)
                    fail_msg("region %zu, q %g, month %zu: %.9g, every run's "
                             "%.9g: more than a bin apart",
                             r, qs[i], m, a[m], e[m]);
            }
        }
    }
    /* The bins are coarser than the runs' values (or the test would show
     * nothing). */
    assert_true(inexact > 0);
    assert_true(worst > 0.0);
    /* The nation's and the lands', every figure. */
    size_t size = 1 + runs * (4 + 2 * DM_MEASURE_COUNT) + 12 * 73;
    double *ref = calloc(size, sizeof *ref), *got = calloc(size, sizeof *got);
    for (unsigned mask = 1; mask <= 7; mask++) {
        size_t n = collect_row(ctx, exact, DM_ZONES(mask), ref);
        assert_int_equal(collect_row(ctx, two, DM_ZONES(mask), got), n);
        if (memcmp(ref, got, n * sizeof *ref) != 0)
            fail_msg("the land of zones %u differs with summaries", mask);
    }
    free(ref);
    free(got);
    /* A region's figures of each run, and their quantiles. */
    int first = 0, last = 0;
    assert_status(ctx, dm_projection_years(ctx, one, &first, &last), DM_OK);
    for (size_t r = 0; r < 5; r++) {
        for (size_t run = 0; run < runs; run += 7)
            for (int m = 0; m < DM_MEASURE_COUNT; m++) {
                double x = 0.0, y = 0.0;
                dm_status want =
                    m == DM_MEASURE_RELEASED_BY || m == DM_MEASURE_COST_IN_YEAR
                        ? DM_ERR_INVALID_ARGUMENT
                        : DM_OK;
                assert_status(
                    ctx,
                    dm_projection_measure(ctx, exact, r, m, first, run, &x),
                    DM_OK);
                assert_status(
                    ctx, dm_projection_measure(ctx, two, r, m, first, run, &y),
                    want);
                if (want != DM_OK) {
                    assert_message_has(ctx, "region_summaries");
                    continue;
                }
                if (memcmp(&x, &y, sizeof x) != 0)
                    fail_msg("region %zu, run %zu: %s differs", r, run,
                             dm_measure_name(m));
            }
        double x = 0.0, y = 0.0;
        assert_status(ctx,
                      dm_projection_measure_quantile(ctx, two, r,
                                                     DM_MEASURE_COST_IN_YEAR,
                                                     first, 0.5, &y),
                      DM_ERR_INVALID_ARGUMENT);
        assert_status(ctx,
                      dm_projection_months_quantile(ctx, exact, r,
                                                    DM_RELEASE_80, 0.5, &x),
                      DM_OK);
        assert_status(
            ctx,
            dm_projection_months_quantile(ctx, two, r, DM_RELEASE_80, 0.5, &y),
            DM_OK);
        assert_memory_equal(&x, &y, sizeof x);
    }
    /* Dropped, a region's counts go with every region's series. */
    assert_status(ctx, dm_projection_drop_series(ctx, two), DM_OK);
    assert_status(ctx,
                  dm_projection_remaining_quantile(ctx, two, 0, 0.5, a, H1),
                  DM_ERR_INVALID_ARGUMENT);
    dm_projection_free(exact);
    dm_projection_free(one);
    dm_projection_free(two);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void same_seed_same_bits_whatever_the_threads(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = five_regions(ctx);
    dm_scenario *s = scenario(ctx, "%s", RANGED_SCENARIO);
    const size_t runs = 150; /* several chunks of runs */
    size_t size = 6 * (1 + runs * (4 + 2 * DM_MEASURE_COUNT) + 12 * 73);
    double *ref = calloc(size, sizeof *ref), *got = calloc(size, sizeof *got);
    dm_projection *p = project(ctx, w, s, runs, 1, 1);
    size_t n = collect(ctx, p, ref);
    assert_true(n <= size);
    dm_projection_free(p);
    unsigned threads[] = {2, 4};
    for (int i = 0; i < 2; i++) {
        p = project(ctx, w, s, runs, threads[i], 1);
        memset(got, 0, size * sizeof *got);
        assert_int_equal(collect(ctx, p, got), n);
        if (memcmp(ref, got, n * sizeof *ref) != 0)
            fail_msg("%u threads differ from 1", threads[i]);
        dm_projection_free(p);
    }
    /* Another seed gives other numbers. */
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.runs = runs;
    o.seed = 2;
    o.keep_series = 1;
    assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_OK);
    collect(ctx, p, got);
    assert_true(memcmp(ref, got, n * sizeof *ref) != 0);
    dm_projection_free(p);
    free(ref);
    free(got);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static size_t progress_calls, progress_last;
static void on_progress(size_t done, size_t total, void *data)
{
    (void)data;
    assert_int_equal(total, 70);
    progress_calls++;
    if (done > progress_last)
        progress_last = done;
}

static void dropped_series_keep_the_national_one(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = five_regions(ctx);
    dm_scenario *s = scenario(ctx, "%s", RANGED_SCENARIO);
    dm_projection *p = project(ctx, w, s, 30, 2, 1);
    size_t n = dm_projection_months(ctx, p) + 1;
    double *before = calloc(n, sizeof *before),
           *after = calloc(n, sizeof *after),
           *region = calloc(n, sizeof *region);
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.9, before, n),
        DM_OK);
    assert_status(ctx,
                  dm_projection_remaining_quantile(ctx, p, 2, 0.5, region, n),
                  DM_OK);
    double m80 = 0, m80_after = 0;
    assert_status(ctx,
                  dm_projection_months_quantile(ctx, p, DM_NATIONAL,
                                                DM_RELEASE_80, 0.5, &m80),
                  DM_OK);
    assert_status(ctx, dm_projection_drop_series(ctx, p), DM_OK);
    assert_status(ctx, dm_projection_drop_series(ctx, p), DM_OK); /* twice */
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.9, after, n),
        DM_OK);
    assert_memory_equal(before, after, n * sizeof *before);
    assert_status(ctx,
                  dm_projection_remaining_quantile(ctx, p, 2, 0.5, region, n),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_projection_months_quantile(
                      ctx, p, DM_NATIONAL, DM_RELEASE_80, 0.5, &m80_after),
                  DM_OK);
    assert_memory_equal(&m80, &m80_after, sizeof m80);
    assert_status(ctx, dm_projection_drop_series(ctx, NULL),
                  DM_ERR_NULL_ARGUMENT);
    free(before);
    free(after);
    free(region);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void options_and_misuse(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 1.0);
    dm_scenario *s = scenario(
        ctx, "{\"name\": \"t\", \"start\": \"2025-01\", "
             "\"horizon_months\": 12, \"assets\": [], " CLEAR_ONLY "}");
    dm_projection_options o;
    dm_projection_options_init(&o);
    assert_int_equal(o.runs, 1);
    assert_int_equal(o.threads, 1);
    o.runs = 70;
    o.threads = 3;
    o.progress = on_progress;
    dm_projection *p = NULL;
    assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_OK);
    assert_int_equal(progress_calls, 70);
    assert_int_equal(progress_last, 70);
    /* Region series were not kept; the national ones were. */
    double km2[13];
    assert_status(ctx,
                  dm_projection_remaining_quantile(ctx, p, 0, 0.5, km2, 13),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.5, km2, 13),
        DM_OK);
    assert_rel(km2[12], 1.0, 0.0);
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.5, km2, 14),
        DM_ERR_OUT_OF_RANGE);
    double v;
    assert_status(
        ctx, dm_projection_months_quantile(ctx, p, 0, DM_RELEASE_80, 1.5, &v),
        DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_projection_months_to(ctx, p, 1, DM_RELEASE_80, 0, &v),
                  DM_ERR_OUT_OF_RANGE);
    assert_status(ctx,
                  dm_projection_months_to(ctx, p, 0, DM_RELEASE_80, 70, &v),
                  DM_ERR_OUT_OF_RANGE);
    assert_null(dm_projection_region_code(ctx, p, 1));
    assert_string_equal(dm_projection_region_code(ctx, p, 0), "A");
    assert_string_equal(dm_projection_region_name(ctx, p, 0), "Alpha");
    int start = 0;
    assert_status(ctx, dm_projection_start(ctx, p, &start), DM_OK);
    assert_int_equal(start, DM_MONTH(2025, 1));
    dm_projection_free(p);
    p = NULL;
    o.runs = 0;
    assert_status(ctx, dm_project(ctx, w, s, &o, &p), DM_ERR_INVALID_ARGUMENT);
    assert_null(p);
    assert_status(ctx, dm_project(ctx, NULL, s, NULL, &p),
                  DM_ERR_NULL_ARGUMENT);
    dm_work *empty = NULL;
    assert_status(ctx, dm_work_new(ctx, &empty), DM_OK);
    assert_status(ctx, dm_project(ctx, empty, s, NULL, &p), DM_ERR_EMPTY);
    dm_work_free(empty);
    dm_projection_free(NULL);
    assert_string_equal(dm_series_name(DM_SERIES_COST), "cost_usd");
    assert_string_equal(dm_series_name(DM_STATE_TO_CLEAR), "to_clear");
    assert_string_equal(dm_series_name(DM_SERIES_FLAGGED), "flagged");
    assert_string_equal(dm_series_name(DM_SERIES_OPEN), "open_remaining");
    assert_null(dm_series_name(DM_SERIES_COUNT));
    assert_rel(dm_milestone_share(DM_RELEASE_95), 0.95, 0.0);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Survey without a limit that cancels everything it takes: what is open is
 * released in the first month, what is closed stays. */
#define CANCEL_ALL                                                            \
    "\"land_release\": {\"high\": {\"nts_cancel_share\": 1, "                 \
    "\"ts_reduce_share\": 0}, \"medium\": {\"nts_cancel_share\": 1, "         \
    "\"ts_reduce_share\": 0}, \"low\": {\"nts_cancel_share\": 1, "            \
    "\"ts_reduce_share\": 0}}, \"unconstrained_survey\": {\"nts\": "          \
    "{\"cost_usd_per_ha\": 0}}"

/* A front profile of `per_km` km² within each km of the front. */
static void ramp(double *profile, double per_km)
{
    for (size_t k = 0; k < DM_FRONT_PROFILE_COUNT; k++)
        profile[k] = per_km * (double)k * DM_FRONT_PROFILE_STEP_KM;
}

/* A scenario that ranges the front-line width re-draws the zone from the
 * work table's profile in each run; without the key, or without a
 * profile, the zones stay as given. */
static void front_line_width_re_draws_the_zone(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 100.0); /* accessible, suspected */
    /* 2 km² of the controlled 100 within each km of the front. */
    double profile[DM_FRONT_PROFILE_COUNT];
    ramp(profile, 2.0);
    assert_status(ctx,
                  dm_work_set_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                            DM_AREA_SUSPECTED, profile,
                                            DM_FRONT_PROFILE_COUNT),
                  DM_OK);
    const char *fmt = "{\"name\": \"f\", \"start\": \"2026-01\", "
                      "\"horizon_months\": 12, \"assets\": [], " CANCEL_ALL
                      ", \"access\": {\"front_line\": \"never\"%s}}";
    /* 12.5 km: 24 + 0.5 × 2 = 25 km² front line, closed; 75 released. */
    dm_scenario *s = scenario(ctx, fmt, ", \"front_line_km\": 12.5");
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    double rem[13];
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.5, rem, 13),
        DM_OK);
    assert_rel(rem[12], 25.0, 1e-12);
    assert_rel(rem[0], 100.0, 1e-12);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* Ranged from 5 to 40 km: each run keeps 10–80 km² closed. */
    s = scenario(ctx, fmt,
                 ", \"front_line_km\": {\"min\": 5, \"mode\": 10, "
                 "\"max\": 40}");
    p = project(ctx, w, s, 64, 2, 0);
    double lo = 0, hi = 0;
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.0, rem, 13),
        DM_OK);
    lo = rem[12];
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 1.0, rem, 13),
        DM_OK);
    hi = rem[12];
    assert_true(lo >= 10.0 - 1e-9 && hi <= 80.0 + 1e-9 && lo < hi);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* No width in the scenario: the table's zones, all accessible. */
    s = scenario(ctx, fmt, "");
    p = project(ctx, w, s, 1, 1, 0);
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.5, rem, 13),
        DM_OK);
    assert_abs(rem[12], 0.0, 1e-12);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* A profile above the controlled area, or decreasing, is refused. */
    double bad[DM_FRONT_PROFILE_COUNT];
    ramp(bad, 2.0);
    bad[DM_FRONT_PROFILE_COUNT - 1] = 101;
    assert_status(ctx,
                  dm_work_set_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                            DM_AREA_SUSPECTED, bad,
                                            DM_FRONT_PROFILE_COUNT),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "more than the controlled area");
    bad[DM_FRONT_PROFILE_COUNT - 1] = 5;
    assert_status(ctx,
                  dm_work_set_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                            DM_AREA_SUSPECTED, bad,
                                            DM_FRONT_PROFILE_COUNT),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "less than at the width before");
    /* … naming the width before's figure, not the cell's. */
    char before[64];
    snprintf(before, sizeof before, "before (%g km²)",
             bad[DM_FRONT_PROFILE_COUNT - 2]);
    assert_message_has(ctx, before);
    /* A fall of a sliver (1e-9 m², rounding where a cell only touches a
     * band's edge) is none: it reads back as the width before's. A fall
     * of 2 m² is refused. */
    ramp(bad, 2.0);
    double sliver = bad[10];
    bad[11] = bad[10] - 1e-15;
    for (size_t k = 12; k < DM_FRONT_PROFILE_COUNT; k++)
        bad[k] = bad[11];
    assert_status(ctx,
                  dm_work_set_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                            DM_AREA_SUSPECTED, bad,
                                            DM_FRONT_PROFILE_COUNT),
                  DM_OK);
    double back[DM_FRONT_PROFILE_COUNT];
    assert_status(ctx,
                  dm_work_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                        DM_AREA_SUSPECTED, back,
                                        DM_FRONT_PROFILE_COUNT),
                  DM_OK);
    for (size_t k = 11; k < DM_FRONT_PROFILE_COUNT; k++)
        assert_true(back[k] == sliver);
    bad[11] = bad[10] - 2e-6;
    assert_status(ctx,
                  dm_work_set_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                            DM_AREA_SUSPECTED, bad,
                                            DM_FRONT_PROFILE_COUNT),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "less than at the width before");
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Widths at dated steps: the band narrows linearly between them and the
 * land that leaves it opens that month; a band that widens again takes
 * back only what was never released; bad schedules are refused. */
static void front_line_narrows_on_its_schedule(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 100.0);
    double profile[DM_FRONT_PROFILE_COUNT];
    ramp(profile, 2.0);
    assert_status(ctx,
                  dm_work_set_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                            DM_AREA_SUSPECTED, profile,
                                            DM_FRONT_PROFILE_COUNT),
                  DM_OK);
    const char *fmt = "{\"name\": \"f\", \"start\": \"2026-01\", "
                      "\"horizon_months\": 8, \"assets\": [], " CANCEL_ALL
                      ", \"access\": {\"front_line\": \"never\", "
                      "\"front_line_km\": %s}}";
    /* 40 km in 2026-01 to 0 km in 2026-05: 40, 30, 20, 10, 0 km in the
     * months from 2026-01, so 80, 60, 40, 20, 0 km² stay closed. */
    dm_scenario *s = scenario(ctx, fmt,
                              "[{\"from\": \"2026-01\", \"km\": 40}, "
                              "{\"from\": \"2026-05\", \"km\": 0}]");
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    double rem[9];
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.5, rem, 9),
        DM_OK);
    const double want[9] = {100, 80, 60, 40, 20, 0, 0, 0, 0};
    for (int m = 0; m < 9; m++)
        assert_abs(rem[m], want[m], 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* 10 km, then 30 km from 2026-03: the 80 km² released in the first
     * month stay released; the band keeps its 20 km². */
    s = scenario(ctx, fmt,
                 "[{\"from\": \"2026-01\", \"km\": 10}, "
                 "{\"from\": \"2026-03\", \"km\": 30}]");
    p = project(ctx, w, s, 1, 1, 0);
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.5, rem, 9),
        DM_OK);
    for (int m = 1; m < 9; m++)
        assert_abs(rem[m], 20.0, 1e-9);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* Ranged widths at each step are drawn per run: every run between. */
    s = scenario(
        ctx, fmt,
        "[{\"from\": \"2026-01\", \"km\": {\"min\": 30, \"mode\": 35, "
        "\"max\": 40}}, {\"from\": \"2026-03\", \"km\": {\"min\": 0, "
        "\"mode\": 5, \"max\": 10}}]");
    assert_int_equal(dm_scenario_ranged_count(ctx, s), 2);
    p = project(ctx, w, s, 32, 2, 0);
    double lo[9], hi[9];
    assert_status(
        ctx, dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.0, lo, 9),
        DM_OK);
    assert_status(
        ctx, dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 1.0, hi, 9),
        DM_OK);
    assert_true(lo[1] >= 60 - 1e-9 && hi[1] <= 80 + 1e-9 && lo[1] < hi[1]);
    assert_true(lo[8] >= 0 - 1e-9 && hi[8] <= 20 + 1e-9 && lo[8] < hi[8]);
    dm_projection_free(p);
    dm_scenario_free(s);
    /* Steps that go back, a width beyond the profile, a wrong key. */
    const char *bad[][2] = {
        {"[{\"from\": \"2026-05\", \"km\": 10}, {\"from\": \"2026-01\", "
         "\"km\": 5}]",
         "access.front_line_km[1].from: '2026-01' is not after the previous "
         "step's month"},
        {"[{\"from\": \"2026-01\", \"km\": 50}]",
         "access.front_line_km: 50 km is wider than the front profile"},
        {"[{\"from\": \"2026-01\", \"count\": 5}]", "access.front_line_km[0]"},
        {"\"wide\"", "access.front_line_km: expected a width in km or an "
                     "array of steps"},
        {"[]", "access.front_line_km: an empty schedule"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = NULL;
        assert_true(asprintf(&text, fmt, bad[i][0]) > 0);
        refused(ctx, text, bad[i][1]);
        free(text);
    }
    dm_work_free(w);
    dm_context_free(ctx);
}

/* An asset "like" another takes the other's figures where it gives none,
 * drawn once per run for both: 10 deminers and 5 like them clear as 15
 * would, run by run, while a figure of its own is its own; "like" names an
 * asset before it, of its kind. */
static void an_asset_like_another_shares_its_draws(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 1000.0);
    const char *head = "{\"name\": \"t\", \"start\": \"2025-01\", "
                       "\"horizon_months\": 24, \"assets\": [";
    const char *tail = "], " CLEAR_ONLY "}";
#define RANGED "{\"min\": 10, \"mode\": 30, \"max\": 50}"
#define DAYS "{\"min\": 10, \"mode\": 20, \"max\": 30}"
    dm_scenario *fifteen = scenario(
        ctx, "%s" MANUAL("a", "15", RANGED, DAYS, "") "%s", head, tail);
    dm_scenario *split =
        scenario(ctx,
                 "%s" MANUAL("a", "10", RANGED, DAYS,
                             "") ", {\"name\": \"b\", "
                                 "\"like\": \"a\", \"count\": 5}%s",
                 head, tail);
    dm_scenario *own = scenario(
        ctx,
        "%s" MANUAL("a", "10", RANGED, DAYS,
                    "") ", {\"name\": \"b\", "
                        "\"like\": \"a\", \"kind\": \"manual\", \"count\": 5, "
                        "\"productivity_m2_per_day\": 0}%s",
        head, tail);
#undef RANGED
#undef DAYS
    /* b's figures are a's: not draws of their own. */
    assert_int_equal(dm_scenario_ranged_count(ctx, split),
                     dm_scenario_ranged_count(ctx, fifteen));
    dm_projection *p15 = project(ctx, w, fifteen, 16, 2, 0);
    dm_projection *ps = project(ctx, w, split, 16, 2, 0);
    dm_projection *po = project(ctx, w, own, 16, 2, 0);
    for (size_t run = 0; run < 16; run++) {
        double a = 0, b = 0;
        assert_status(ctx, dm_projection_cost(ctx, p15, 0, run, &a), DM_OK);
        assert_status(ctx, dm_projection_cost(ctx, ps, 0, run, &b), DM_OK);
        assert_rel(b, a, 1e-12);
    }
    const double *c15 = NULL, *cs = NULL, *co = NULL;
    size_t n = 0;
    assert_status(
        ctx, dm_projection_series(ctx, p15, 0, DM_STATE_CLEARED, &c15, &n),
        DM_OK);
    assert_status(ctx,
                  dm_projection_series(ctx, ps, 0, DM_STATE_CLEARED, &cs, &n),
                  DM_OK);
    assert_status(ctx,
                  dm_projection_series(ctx, po, 0, DM_STATE_CLEARED, &co, &n),
                  DM_OK);
    assert_rel(cs[24], c15[24], 1e-12);
    /* b clearing nothing: the 10 of a alone, two thirds of the fifteen. */
    assert_rel(co[24], c15[24] * 10.0 / 15.0, 1e-9);
    dm_projection_free(p15);
    dm_projection_free(ps);
    dm_projection_free(po);
    dm_scenario_free(fifteen);
    dm_scenario_free(split);
    dm_scenario_free(own);
    /* Refused: an asset that is not before it, one of another kind. */
    const char *bad[][2] = {
        {"{\"name\": \"b\", \"like\": \"c\", \"count\": 5}",
         "assets[1].like: 'c' is not an asset before this one (one of: a)"},
        {"{\"name\": \"b\", \"like\": \"a\", \"kind\": \"mdd\", "
         "\"count\": 5}",
         "assets[1].kind: 'mdd', but the asset it is like, 'a', is manual"},
        {"{\"name\": \"b\", \"like\": \"a\"}", "assets[1].count: missing"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = NULL;
        assert_true(asprintf(&text,
                             "%s" MANUAL("a", "10", "30", "20", "") ", %s%s",
                             head, bad[i][0], tail) > 0);
        refused(ctx, text, bad[i][1]);
        free(text);
    }
    dm_work_free(w);
    dm_context_free(ctx);
}

/* A detector given in part by an asset like another: the keys it gives
 * are its own, the rest the other's; a rejection of its own speeds it up
 * by the ratio of the times. */
static void a_like_asset_with_a_detector_of_its_own(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 1000.0);
    dm_scenario *s = scenario(
        ctx,
        "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": 12, "
        "\"assets\": [" MANUAL(
            "a", "0", "30", "20",
            ", \"detector\": {\"search_minutes_per_m2\": 10, "
            "\"false_alarms_per_m2\": 1, \"minutes_per_false_alarm\": 20, "
            "\"rejection\": 0}") ", {\"name\": \"alis\", \"like\": \"a\", "
                                 "\"count\": 10, \"detector\": "
                                 "{\"rejection\": 0.5}}], " CLEAR_ONLY "}");
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    /* 10 units × 30 m² × (10 + 20) / (10 + 0.5 × 20) × 20 days a month. */
    const double per_month = 10 * 30 * (30.0 / 20.0) * 20 / 1e6;
    const double *cleared = NULL;
    size_t n = 0;
    assert_status(
        ctx, dm_projection_series(ctx, p, 0, DM_STATE_CLEARED, &cleared, &n),
        DM_OK);
    assert_rel(cleared[12], 12 * per_month, 1e-12);
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* A class order: NTS takes a region's low land first and its medium land
 * only when the low is done; without one, both in proportion. */
static void nts_takes_the_classes_in_order(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", "Alpha", DM_HAZARD_LOW,
                              DM_ZONE_ACCESSIBLE, DM_AREA_SUSPECTED, 10.0),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", "Alpha", DM_HAZARD_MEDIUM,
                              DM_ZONE_ACCESSIBLE, DM_AREA_SUSPECTED, 10.0),
                  DM_OK);
    /* NTS of 5 km² a month; it cancels all low land and flags all medium
     * land. */
    const char *fmt =
        "{\"name\": \"o\", \"start\": \"2026-01\", \"horizon_months\": 6, "
        "\"assets\": [{\"name\": \"nts\", \"kind\": \"nts\", \"count\": 1, "
        "\"productivity_m2_per_day\": 250000, \"working_days_per_month\": 20, "
        "\"cost_usd_per_unit_day\": 0}], \"land_release\": {"
        "\"high\": {\"nts_cancel_share\": 0, \"ts_reduce_share\": 0}, "
        "\"medium\": {\"nts_cancel_share\": 0, \"ts_reduce_share\": 0}, "
        "\"low\": {\"nts_cancel_share\": 1, \"ts_reduce_share\": 0}}%s}";
    dm_scenario *ordered =
        scenario(ctx, fmt,
                 ", \"policy\": {\"type\": \"proportional\", \"class_order\": "
                 "{\"nts\": [\"low\", \"medium\", \"high\"]}}");
    dm_scenario *together = scenario(ctx, fmt, "");
    dm_projection *po = project(ctx, w, ordered, 1, 1, 0);
    dm_projection *pt = project(ctx, w, together, 1, 1, 0);
    const double *fo = NULL, *ft = NULL;
    size_t n = 0;
    assert_status(ctx,
                  dm_projection_series(ctx, po, 0, DM_SERIES_FLAGGED, &fo, &n),
                  DM_OK);
    assert_status(ctx,
                  dm_projection_series(ctx, pt, 0, DM_SERIES_FLAGGED, &ft, &n),
                  DM_OK);
    const double ordered_want[7] = {0, 0, 0, 5, 10, 10, 10};
    const double together_want[7] = {0, 2.5, 5, 7.5, 10, 10, 10};
    for (int m = 0; m < 7; m++) {
        assert_abs(fo[m], ordered_want[m], 1e-9);
        assert_abs(ft[m], together_want[m], 1e-9);
    }
    dm_projection_free(po);
    dm_projection_free(pt);
    dm_scenario_free(ordered);
    dm_scenario_free(together);
    /* Refused: a stage that has none, a class twice, an unknown one, two
     * classes only. */
    const char *bad[][2] = {
        {"{\"survey\": [\"low\", \"medium\", \"high\"]}",
         "policy.class_order.survey: unknown key (the keys here are: nts, "
         "ts, clearance)"},
        {"{\"nts\": [\"low\", \"low\", \"high\"]}",
         "policy.class_order.nts[1]: 'low' twice"},
        {"{\"nts\": [\"low\", \"severe\", \"high\"]}",
         "policy.class_order.nts[1]: unknown class 'severe'"},
        {"{\"nts\": [\"low\", \"high\"]}",
         "policy.class_order.nts: 2 classes"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = NULL, *policy = NULL;
        assert_true(asprintf(&policy,
                             ", \"policy\": {\"type\": \"proportional\", "
                             "\"class_order\": %s}",
                             bad[i][0]) > 0);
        assert_true(asprintf(&text, fmt, policy) > 0);
        refused(ctx, text, bad[i][1]);
        free(text);
        free(policy);
    }
    dm_work_free(w);
    dm_context_free(ctx);
}

/* "controlled", the accessible zone's old name, still reads as accessible
 * in a scenario; given with "accessible" it is a contradiction. */
static void controlled_reads_as_accessible(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = one_cell(ctx, 10.0);
    const char *fmt = "{\"name\": \"c\", \"start\": \"2026-01\", "
                      "\"horizon_months\": 12, \"assets\": [], " CANCEL_ALL
                      ", \"access\": {%s}}";
    dm_scenario *s = scenario(ctx, fmt, "\"controlled\": \"2026-06\"");
    dm_projection *p = project(ctx, w, s, 1, 1, 0);
    /* Open from June (month 5), released at its start by survey without
     * a limit. */
    assert_rel(months_to(ctx, p, DM_NATIONAL, DM_RELEASE_100), 5.0, 1e-12);
    dm_projection_free(p);
    dm_scenario_free(s);
    char *text = NULL;
    assert_true(asprintf(&text, fmt,
                         "\"controlled\": \"open\", \"accessible\": "
                         "\"open\"") > 0);
    assert_status(ctx, dm_scenario_load_string(ctx, text, NULL, &s),
                  DM_ERR_SCENARIO);
    assert_message_has(ctx, "its old name");
    free(text);
    dm_work_free(w);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(front_line_width_re_draws_the_zone),
        cmocka_unit_test(front_line_narrows_on_its_schedule),
        cmocka_unit_test(an_asset_like_another_shares_its_draws),
        cmocka_unit_test(a_like_asset_with_a_detector_of_its_own),
        cmocka_unit_test(nts_takes_the_classes_in_order),
        cmocka_unit_test(controlled_reads_as_accessible),
        cmocka_unit_test(constant_capacity_is_exact),
        cmocka_unit_test(release_shares_follow_the_scenario),
        cmocka_unit_test(area_is_conserved_every_month_every_run),
        cmocka_unit_test(no_capacity_or_closed_land_is_never_released),
        cmocka_unit_test(seasons_stop_the_work),
        cmocka_unit_test(deliveries_and_training),
        cmocka_unit_test(policies_share_capacity),
        cmocka_unit_test(detector_rejection_speeds_up_by_the_time_ratio),
        cmocka_unit_test(draws_follow_the_triangular_range),
        cmocka_unit_test(same_seed_same_bits_whatever_the_threads),
        cmocka_unit_test(units_without_land_change_nothing),
        cmocka_unit_test(units_without_land_under_every_policy),
        cmocka_unit_test(region_summaries_within_a_bin),
        cmocka_unit_test(dropped_series_keep_the_national_one),
        cmocka_unit_test(options_and_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
