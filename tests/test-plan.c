/* Capacity planning against analytic answers: the smallest number of
 * units, with and without training, the smallest multiplier, one step less
 * misses; "impossible" with its reason; the default target (the land open
 * by the strategy's deadline); what US$1 m a year on each asset buys. */
#include "testutil.h"

/* `units` deminers of `rate` m² a day (100: 1,000 m² per unit and month),
 * 10 days a month, `training` months for new units; `extra` top-level
 * keys (", \"access\": …"). */
static dm_scenario *deminers(dm_context *ctx, double units, double training,
                             const char *rate, const char *extra)
{
    char *text = NULL;
    assert_true(asprintf(&text,
                         "{\"name\": \"t\", \"start\": \"2025-01\", "
                         "\"horizon_months\": 36, \"assets\": [{\"name\": "
                         "\"deminers\", \"kind\": \"manual\", \"count\": %g, "
                         "\"productivity_m2_per_day\": %s, "
                         "\"working_days_per_month\": 10, "
                         "\"training_months\": %g, \"cost_usd_per_unit_day\": "
                         "90}], " CLEAR_ONLY "%s}",
                         units, rate, training,
                         extra != NULL ? extra : "") > 0);
    dm_scenario *s = NULL;
    if (dm_scenario_load_string(ctx, text, NULL, &s) != DM_OK)
        fail_msg("%s\n%s", dm_context_last_error(ctx), text);
    free(text);
    return s;
}

static dm_work *cells(dm_context *ctx, double controlled, double occupied)
{
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED,
                              controlled),
                  DM_OK);
    if (occupied > 0)
        assert_status(ctx,
                      dm_work_add(ctx, w, "B", NULL, DM_HAZARD_LOW,
                                  DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED,
                                  occupied),
                      DM_OK);
    return w;
}

/* Months to 80 % with this many units, from an independent projection. */
static double months_with(dm_context *ctx, const dm_work *w, double units)
{
    dm_scenario *s = deminers(ctx, units, 0, "100", NULL);
    dm_projection *p = NULL;
    assert_status(ctx, dm_project(ctx, w, s, NULL, &p), DM_OK);
    double m = 0;
    assert_status(
        ctx,
        dm_projection_months_to(ctx, p, DM_NATIONAL, DM_RELEASE_80, 0, &m),
        DM_OK);
    dm_projection_free(p);
    dm_scenario_free(s);
    return m;
}

static void fewest_units_and_one_less_misses(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 0.8 km² in 24 months needs 0.8e6 / (24 × 1000) = 33.3 units: 34,
     * so 24 more than the 10 there are. */
    dm_work *w = cells(ctx, 1.0, 0);
    dm_scenario *s = deminers(ctx, 10, 0, "100", NULL);
    dm_plan_options o;
    dm_plan_options_init(&o);
    assert_rel(o.target_share, 0.80, 0);
    /* 0: the strategy's deadline (default_target_is_open_land). */
    assert_int_equal(o.deadline_months, 0);
    assert_int_equal(o.zones, 0);
    assert_rel(o.quantile, 0.5, 0);
    o.asset = "deminers";
    o.deadline_months = 24;
    dm_plan_result r;
    dm_plan_result_init(&r);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    assert_string_equal(r.reason, "");
    assert_rel(r.extra_units, 24.0, 0);
    assert_rel(r.multiplier, 1.0, 0);
    assert_rel(r.months, 0.8e6 / (34 * 1000.0), 1e-9);
    assert_rel(r.months_one_step_less, 0.8e6 / (33 * 1000.0), 1e-9);
    assert_true(r.months_one_step_less > 24.0);
    assert_true(r.share_by_deadline >= 0.8);
    assert_true(r.projections > 2);
    /* Independently: 34 units make it, 33 do not. */
    assert_true(months_with(ctx, w, 34) <= 24.0);
    assert_true(months_with(ctx, w, 33) > 24.0);

    /* Nothing more needed: 0, and no "one less". */
    o.deadline_months = 100;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    assert_rel(r.extra_units, 0.0, 0);
    assert_true(isnan(r.months_one_step_less));
    assert_rel(r.months, 80.0, 1e-9);
    /* A deadline met exactly: with figures exact in binary (1/64 km² a
     * month: 10 units × 156.25 m² × 10 days), 75 % of 1 km² takes
     * exactly 48 months; a deadline of 48 is met, nothing more needed;
     * 47 needs 0.75 / 47 × 64 × 10 = 10.2: 11 units, one more. */
    dm_scenario *exact = deminers(ctx, 10, 0, "156.25", NULL);
    o.target_share = 0.75;
    o.deadline_months = 48;
    assert_status(ctx, dm_plan_capacity(ctx, w, exact, &o, &r), DM_OK);
    assert_true(r.months == 48.0);
    assert_true(r.feasible);
    assert_rel(r.extra_units, 0.0, 0);
    o.deadline_months = 47;
    assert_status(ctx, dm_plan_capacity(ctx, w, exact, &o, &r), DM_OK);
    assert_rel(r.extra_units, 1.0, 0);
    dm_scenario_free(exact);
    o.target_share = 0.8;
    dm_scenario_free(s);

    /* Arriving in month 6 with 3 months of training: productive from
     * month 9. 10 units do 0.09 km² by then; the other 0.71 in 15 months
     * needs 47.3 units: 48, so 38 more. */
    s = deminers(ctx, 10, 3, "100", NULL);
    o.deadline_months = 24;
    o.from_month = DM_MONTH(2025, 7);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    assert_rel(r.extra_units, 38.0, 0);
    assert_rel(r.months, 9.0 + 0.71e6 / (48 * 1000.0), 1e-9);
    assert_rel(r.months_one_step_less, 9.0 + 0.71e6 / (47 * 1000.0), 1e-9);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void smallest_multiplier(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 10 units: 0.8e6 / (24 × 10,000) = 3.333… → 3.34. */
    dm_work *w = cells(ctx, 1.0, 0);
    dm_scenario *s = deminers(ctx, 10, 0, "100", NULL);
    dm_plan_options o;
    dm_plan_options_init(&o);
    o.deadline_months = 24;
    dm_plan_result r;
    dm_plan_result_init(&r);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    assert_rel(r.multiplier, 3.34, 1e-12);
    assert_rel(r.extra_units, 0.0, 0);
    assert_rel(r.months, 0.8e6 / (33.4 * 1000.0), 1e-9);
    assert_rel(r.months_one_step_less, 0.8e6 / (33.3 * 1000.0), 1e-9);
    /* More than enough capacity: a multiplier below 1 (80 months at 1 →
     * 100 months deadline needs 0.8). */
    o.deadline_months = 100;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_rel(r.multiplier, 0.80, 1e-12);
    assert_true(r.months_one_step_less > 100.0);
    /* From 2025-07 (the months before it as they are): 10 units do 0.06
     * km² by then; the other 0.74 in 18 months needs 41.1 units: 4.12 ×
     * (4.11 × gives 41.1 units, just short). */
    o.deadline_months = 24;
    o.from_month = DM_MONTH(2025, 7);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_rel(r.multiplier, 4.12, 1e-12);
    assert_rel(r.months, 6.0 + 0.74e6 / (41.2 * 1000.0), 1e-9);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void a_cautious_quantile_asks_for_more(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = cells(ctx, 1.0, 0);
    dm_scenario *s = deminers(
        ctx, 10, 0, "{\"min\": 50, \"mode\": 100, \"max\": 150}", NULL);
    dm_plan_options o;
    dm_plan_options_init(&o);
    o.asset = "deminers";
    o.deadline_months = 24;
    dm_projection_options po;
    dm_projection_options_init(&po);
    po.runs = 200;
    po.threads = 2;
    o.projection = &po;
    dm_plan_result p50, p90;
    dm_plan_result_init(&p50);
    dm_plan_result_init(&p90);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &p50), DM_OK);
    o.quantile = 0.9;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &p90), DM_OK);
    assert_true(p50.feasible && p90.feasible);
    assert_true(p90.extra_units > p50.extra_units);
    assert_true(p90.months <= 24.0 && p90.months_one_step_less > 24.0);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void impossible_with_the_reason(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    /* 30 % occupied, never open: 80 % cannot be released. */
    dm_work *w = cells(ctx, 0.7, 0.3);
    dm_scenario *s = deminers(ctx, 10, 0, "100", NULL);
    dm_plan_options o;
    dm_plan_options_init(&o);
    o.asset = "deminers";
    o.deadline_months = 120;
    /* The whole nation as the target (the default is the open land). */
    o.zones = DM_ZONE_BIT(DM_ZONE_ACCESSIBLE) | DM_ZONE_BIT(DM_ZONE_OCCUPIED);
    dm_plan_result r;
    dm_plan_result_init(&r);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_false(r.feasible);
    assert_true(isinf(r.months));
    assert_rel(r.share_by_deadline, 0.7, 1e-9);
    if (strstr(r.reason, "30.0 % of the target land") == NULL ||
        strstr(r.reason, "occupied territory opens: never") == NULL)
        fail_msg("reason: %s", r.reason);
    o.asset = NULL; /* the multiplier cannot either */
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_false(r.feasible);
    /* 70 % is reachable. */
    o.target_share = 0.7;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    dm_scenario_free(s);

    /* Opening after the deadline is no better than never. */
    s = deminers(ctx, 10, 0, "100",
                 ", \"access\": {\"occupied\": \"2035-02\"}");
    o.target_share = 0.8;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_false(r.feasible);
    assert_message_has(ctx, ""); /* no error recorded */
    if (strstr(r.reason, "2035-02") == NULL)
        fail_msg("reason: %s", r.reason);
    dm_scenario_free(s);
    dm_work_free(w);

    /* Clearance units cannot help when survey is the bottleneck: NTS of
     * 100 m² a month, the rest unconstrained. */
    w = cells(ctx, 1.0, 0);
    const char *text =
        "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": 36, "
        "\"assets\": [{\"name\": \"nts\", \"kind\": \"nts\", \"count\": 1, "
        "\"productivity_m2_per_day\": 10, \"working_days_per_month\": 10, "
        "\"cost_usd_per_unit_day\": 1}, {\"name\": \"deminers\", \"kind\": "
        "\"manual\", \"count\": 10, \"productivity_m2_per_day\": 100, "
        "\"working_days_per_month\": 10, \"cost_usd_per_unit_day\": 90}], "
        "\"land_release\": {\"high\": {\"nts_cancel_share\": 0, "
        "\"ts_reduce_share\": 0}, \"medium\": {\"nts_cancel_share\": 0, "
        "\"ts_reduce_share\": 0}, \"low\": {\"nts_cancel_share\": 0, "
        "\"ts_reduce_share\": 0}}, \"unconstrained_survey\": {\"ts\": "
        "{\"cost_usd_per_ha\": 0}}}";
    assert_status(ctx, dm_scenario_load_string(ctx, text, NULL, &s), DM_OK);
    o.asset = "deminers";
    o.zones = 0; /* the land open by the deadline: all of it here */
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_false(r.feasible);
    if (strstr(r.reason, "unlimited clearance capacity") == NULL ||
        strstr(r.reason, "other stages limit") == NULL)
        fail_msg("reason: %s", r.reason);
    /* More NTS teams do it: 0.8 km² in 120 months is 6,667 m² a month,
     * 67 teams of 100: 66 more. */
    o.asset = "nts";
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    assert_rel(r.extra_units, 66.0, 0);
    /* A bound too low: impossible, said so. */
    o.max_units = 50;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_false(r.feasible);
    if (strstr(r.reason, "up to the bound (50)") == NULL)
        fail_msg("reason: %s", r.reason);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* A band of front line that never opens: the reason counts what lies
 * within the narrowest band the scenario allows by the deadline (here 10
 * km of a profile of 2 km² a km: 20 km² of the 100), and what that lets
 * out matches the projections with unlimited capacity. */
static void impossible_behind_the_front_line(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = cells(ctx, 1.0, 0);
    double profile[DM_FRONT_PROFILE_COUNT];
    for (size_t k = 0; k < DM_FRONT_PROFILE_COUNT; k++)
        profile[k] = 0.02 * (double)k * DM_FRONT_PROFILE_STEP_KM;
    assert_status(ctx,
                  dm_work_set_front_profile(ctx, w, 0, DM_HAZARD_HIGH,
                                            DM_AREA_SUSPECTED, profile,
                                            DM_FRONT_PROFILE_COUNT),
                  DM_OK);
    dm_scenario *s = deminers(
        ctx, 10, 0, "100",
        ", \"access\": {\"front_line\": \"never\", \"front_line_km\": "
        "[{\"from\": \"2025-01\", \"km\": 40}, {\"from\": \"2026-01\", "
        "\"km\": {\"min\": 10, \"mode\": 15, \"max\": 20}}]}");
    dm_plan_options o;
    dm_plan_options_init(&o);
    o.target_share = 0.9;
    o.deadline_months = 30;
    /* The controlled land, band and all. */
    o.zones =
        DM_ZONE_BIT(DM_ZONE_ACCESSIBLE) | DM_ZONE_BIT(DM_ZONE_FRONT_LINE);
    dm_plan_result r;
    dm_plan_result_init(&r);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_false(r.feasible);
    if (strstr(r.reason, "20.0 % of the target land (0.2 km²)") == NULL ||
        strstr(r.reason, "the front line: never") == NULL ||
        strstr(r.reason, "at most 80.0 %") == NULL)
        fail_msg("reason: %s", r.reason);
    /* The runs release at most what their own band lets out: 80 % at the
     * band's narrowest, less for the others. */
    assert_true(r.share_by_deadline <= 0.8 + 1e-9);
    assert_true(r.share_by_deadline >= 0.6 - 1e-9);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void bad_options(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = cells(ctx, 1.0, 0);
    dm_scenario *s = deminers(ctx, 10, 0, "100", NULL);
    dm_plan_options o;
    dm_plan_options_init(&o);
    dm_plan_result r;
    dm_plan_result_init(&r);
    o.asset = "robots";
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_ERR_NOT_FOUND);
    assert_message_has(ctx, "no asset 'robots' (assets: deminers)");
    o.asset = NULL;
    o.target_share = 1.5;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r),
                  DM_ERR_INVALID_ARGUMENT);
    o.target_share = 0.8;
    o.quantile = -0.1;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r),
                  DM_ERR_INVALID_ARGUMENT);
    o.quantile = 0.5;
    o.deadline_months = 1201; /* past the longest horizon, 1,200 */
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r),
                  DM_ERR_INVALID_ARGUMENT);
    o.deadline_months = 0;
    o.zones = 8;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "not a set of DM_ZONE_BIT()s");
    o.zones = 0;
    /* Each option at and past the ends of its domain (NaN never in it). */
    static const struct {
        double share, quantile, units, mult;
        const char *message;
    } edges[] = {
        {0.0, 0.5, 1e6, 100, "target share 0 is not in (0, 1]"},
        {NAN, 0.5, 1e6, 100, "target share nan is not in (0, 1]"},
        {0.8, 1.5, 1e6, 100, "quantile 1.5 is not in [0, 1]"},
        {0.8, NAN, 1e6, 100, "quantile nan is not in [0, 1]"},
        {0.8, 0.5, 0.5, 100, "bound max_units 0.5 or"},
        {0.8, 0.5, 1e15, 100, "bound max_units 1e+15 or"},
        {0.8, 0.5, NAN, 100, "bound max_units nan or"},
        {0.8, 0.5, 1e6, 0.0, "max_multiplier 0 out of range"},
        {0.8, 0.5, 1e6, 1e9, "max_multiplier 1e+09 out of range"},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        dm_plan_options e = o;
        e.target_share = edges[i].share;
        e.quantile = edges[i].quantile;
        e.max_units = edges[i].units;
        e.max_multiplier = edges[i].mult;
        assert_status(ctx, dm_plan_capacity(ctx, w, s, &e, &r),
                      DM_ERR_INVALID_ARGUMENT);
        assert_message_has(ctx, edges[i].message);
    }
    /* The ends themselves are in it: a share of exactly 1, quantiles 0
     * and 1. */
    dm_plan_options e = o;
    e.target_share = 1.0;
    e.quantile = 1.0;
    e.deadline_months = 100;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &e, &r), DM_OK);
    e.quantile = 0.0;
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &e, &r), DM_OK);
    dm_scenario_free(s);
    /* Starting after the strategy's deadline, the default has none. */
    s = deminers(ctx, 10, 0, "100", NULL);
    dm_scenario *late = NULL;
    assert_status(ctx,
                  dm_scenario_load_string(
                      ctx,
                      "{\"name\": \"late\", \"start\": \"2034-01\", "
                      "\"horizon_months\": 12, \"assets\": [], " CLEAR_ONLY
                      "}",
                      NULL, &late),
                  DM_OK);
    assert_status(ctx, dm_plan_capacity(ctx, w, late, &o, &r),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "after the strategy's deadline 2033-12");
    dm_scenario_free(late);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, NULL, NULL),
                  DM_ERR_NULL_ARGUMENT);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* The defaults: 80 % by the strategy's deadline (2033-12, the chart's
 * marker) of the land open by then: the occupied land that never opens is
 * not the target, so the answer is a number, not "impossible". */
static void default_target_is_open_land(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = cells(ctx, 0.7, 0.3);
    /* 2025-01 to 2033-12: 107 months. 0.56 km² (80 % of the 0.7 open) in
     * 107 months is 5,233.6 m² a month: 5.23 units of 1,000: 6 in all. */
    dm_scenario *s = deminers(ctx, 1, 0, "100", NULL);
    dm_plan_options o;
    dm_plan_options_init(&o);
    o.asset = "deminers";
    dm_plan_result r;
    dm_plan_result_init(&r);
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    assert_int_equal(r.deadline, DM_STRATEGY_DEADLINE);
    assert_int_equal(r.zones, DM_ZONE_BIT(DM_ZONE_ACCESSIBLE));
    assert_rel(r.target_km2, 0.7, 1e-12);
    assert_rel(r.extra_units, 5.0, 0);
    assert_rel(r.months, 0.56e6 / 6000.0, 1e-9);
    dm_scenario_free(s);
    /* Occupied land opening before the deadline joins the target. */
    s = deminers(ctx, 1, 0, "100",
                 ", \"access\": {\"occupied\": \"2027-01\"}");
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_int_equal(r.zones, DM_ZONE_BIT(DM_ZONE_ACCESSIBLE) |
                                  DM_ZONE_BIT(DM_ZONE_OCCUPIED));
    assert_rel(r.target_km2, 1.0, 1e-12);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Two clearance assets on more land than they can clear: US$1 m a year
 * buys 1e6 / (cost a day × 10 days × 12) units of each, which clear
 * 1e6 / (US$ per km²) km² a year from 2025-01 to the end of 2033 (9
 * years): the cheaper per km² ranks first with 9 × 1e6 / its cost per
 * km². */
static void ranking_by_what_a_million_buys(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = cells(ctx, 1000.0, 0);
    const char *text =
        "{\"name\": \"two\", \"start\": \"2025-01\", "
        "\"horizon_months\": 120, \"assets\": ["
        "{\"name\": \"dear\", \"kind\": \"manual\", \"count\": 1, "
        "\"productivity_m2_per_day\": 100, \"working_days_per_month\": 10, "
        "\"cost_usd_per_unit_day\": 200},"
        "{\"name\": \"cheap\", \"kind\": \"mechanical\", \"count\": 1, "
        "\"productivity_m2_per_day\": 1000, \"working_days_per_month\": 10, "
        "\"cost_usd_per_unit_day\": 500}], " CLEAR_ONLY "}";
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load_string(ctx, text, NULL, &s), DM_OK);
    dm_plan_options o;
    dm_plan_options_init(&o);
    dm_asset_rank v[3];
    for (int i = 0; i < 3; i++)
        dm_asset_rank_init(&v[i]);
    size_t n = 0;
    assert_status(ctx, dm_plan_rank(ctx, w, s, &o, v, 3, &n), DM_OK);
    assert_int_equal(n, 2);
    /* cheap: US$500 for 1,000 m², 500,000 a km²; dear: 2,000,000. */
    assert_string_equal(v[0].name, "cheap");
    assert_int_equal(v[0].asset, 1);
    assert_rel(v[0].usd_per_km2, 5e5, 1e-12);
    assert_rel(v[0].usd_per_unit_year, 500.0 * 10 * 12, 1e-12);
    assert_rel(v[0].units_per_musd, 1e6 / 60000.0, 1e-12);
    assert_rel(v[0].km2_by_deadline, 9.0 * 1e6 / 5e5, 1e-9);
    assert_string_equal(v[1].name, "dear");
    assert_rel(v[1].usd_per_km2, 2e6, 1e-12);
    assert_rel(v[1].km2_by_deadline, 9.0 * 1e6 / 2e6, 1e-9);
    /* Nothing of the land is released by either in 30 years: no month is
     * saved on its 80 % (neither reaches it). */
    assert_true(isnan(v[0].months_saved_80));
    /* The plan's answer in US$ a year: every extra unit works all year
     * on land that never runs out, at US$500 × 10 days × 12 months. */
    dm_plan_result r;
    dm_plan_result_init(&r);
    o.asset = "cheap";
    o.target_share = 0.01; /* 10 km² by 2033-12 */
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    assert_true(r.extra_units > 0);
    assert_rel(r.extra_usd_per_year, r.extra_units * 500.0 * 10 * 12, 1e-9);
    o.asset = NULL; /* the multiplier: (m - 1) × both assets' cost */
    assert_status(ctx, dm_plan_capacity(ctx, w, s, &o, &r), DM_OK);
    assert_true(r.feasible);
    assert_rel(r.extra_usd_per_year,
               (r.multiplier - 1.0) * (500.0 + 200.0) * 10 * 12, 1e-9);
    o.target_share = 0.8;
    /* Fewer values than assets: the first ones, n says how many. */
    dm_asset_rank one;
    dm_asset_rank_init(&one);
    assert_status(ctx, dm_plan_rank(ctx, w, s, &o, &one, 1, &n), DM_OK);
    assert_int_equal(n, 2);
    assert_string_equal(one.name, "cheap");
    assert_status(ctx, dm_plan_rank(ctx, w, s, &o, NULL, 1, &n),
                  DM_ERR_NULL_ARGUMENT);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_target_is_open_land),
        cmocka_unit_test(ranking_by_what_a_million_buys),
        cmocka_unit_test(fewest_units_and_one_less_misses),
        cmocka_unit_test(smallest_multiplier),
        cmocka_unit_test(a_cautious_quantile_asks_for_more),
        cmocka_unit_test(impossible_with_the_reason),
        cmocka_unit_test(impossible_behind_the_front_line),
        cmocka_unit_test(bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
