/* Calibration by ABC-SMC: known parameters recovered from records
 * simulated with them, a parameter the record does not touch keeping its
 * prior, the same posterior bytes whatever the threads, the posterior's
 * file read back, projections drawn from it, and bad records refused. */
#include "testutil.h"

/* A synthetic country: region A accessible (low and medium classes), B
 * with some accessible land and the rest occupied, never open. */
static dm_work *synthetic_work(dm_context *ctx)
{
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_LOW,
                              DM_ZONE_ACCESSIBLE, DM_AREA_SUSPECTED, 3000.0),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_MEDIUM,
                              DM_ZONE_ACCESSIBLE, DM_AREA_SUSPECTED, 1000.0),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "B", NULL, DM_HAZARD_MEDIUM,
                              DM_ZONE_ACCESSIBLE, DM_AREA_SUSPECTED, 2000.0),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "B", NULL, DM_HAZARD_LOW,
                              DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED, 4000.0),
                  DM_OK);
    return w;
}

/* The ranged figures and their priors: NTS m² per day, the cancelled
 * share of each class, the machines' m² per day, all fitted (NFIT); of
 * them the high class's share has no land to act on; the machines' cost,
 * which no observation depends on, is not fitted at all. */
enum {
    NTS_RATE,
    CANCEL_LOW,
    CANCEL_MEDIUM,
    MACHINE_RATE,
    CANCEL_HIGH,
    NFIT,
    MACHINE_COST = NFIT,
    NP
};
static const char *const names[NP] = {
    "assets[nts].productivity_m2_per_day",
    "land_release.low.nts_cancel_share",
    "land_release.medium.nts_cancel_share",
    "assets[machines].productivity_m2_per_day",
    "land_release.high.nts_cancel_share",
    "assets[machines].cost_usd_per_unit_day",
};
static const double prior[NP][3] = {
    {5e5, 1e6, 2e6},    {0.90, 0.97, 1.0}, {0.80, 0.90, 1.0},
    {1000, 3000, 6000}, {0.3, 0.6, 0.9},   {1000, 5000, 9000},
};

/* A parameter: a number when fixed, a range when ranged. */
static void param(char *buf, size_t size, int k, const double *fixed)
{
    if (fixed != NULL)
        snprintf(buf, size, "%.17g", fixed[k]);
    else
        snprintf(buf, size,
                 "{\"min\": %.17g, \"mode\": %.17g, \"max\": %.17g}",
                 prior[k][0], prior[k][1], prior[k][2]);
}

/* The scenario from 2023-01: with `fixed` values, or the priors; its
 * text (free it). */
static char *synthetic_text(const double *fixed)
{
    char p[NP][128];
    for (int k = 0; k < NP; k++)
        param(p[k], sizeof p[k], k, fixed);
    char *text = NULL;
    assert_true(
        asprintf(
            &text,
            "{\"name\": \"synthetic\", \"start\": \"2023-01\", "
            "\"horizon_months\": 48, \"assets\": ["
            "{\"name\": \"nts\", \"kind\": \"nts\", \"count\": 1, "
            "\"productivity_m2_per_day\": %s, \"working_days_per_month\": 30, "
            "\"cost_usd_per_unit_day\": 100},"
            "{\"name\": \"machines\", \"kind\": \"mechanical\", \"count\": "
            "20, "
            "\"productivity_m2_per_day\": %s, \"working_days_per_month\": 20, "
            "\"cost_usd_per_unit_day\": %s}], \"land_release\": {"
            "\"high\": {\"nts_cancel_share\": %s, \"ts_reduce_share\": 0.3},"
            "\"medium\": {\"nts_cancel_share\": %s, \"ts_reduce_share\": 0.3},"
            "\"low\": {\"nts_cancel_share\": %s, \"ts_reduce_share\": 0.3}},"
            "\"unconstrained_survey\": {\"ts\": {\"cost_usd_per_ha\": 10}}}",
            p[NTS_RATE], p[MACHINE_RATE], p[MACHINE_COST], p[CANCEL_HIGH],
            p[CANCEL_MEDIUM], p[CANCEL_LOW]) > 0);
    return text;
}

static dm_scenario *synthetic_scenario(dm_context *ctx, const double *fixed)
{
    char *text = synthetic_text(fixed);
    dm_scenario *s = NULL;
    dm_status st = dm_scenario_load_string(ctx, text, NULL, &s);
    if (st != DM_OK)
        fail_msg("scenario: %s", dm_context_last_error(ctx));
    free(text);
    return s;
}

/* The truth's series at the end of a month, for a region's row or
 * DM_NATIONAL: one run of the fixed scenario, read from its mean series. */
static double series_at(dm_context *ctx, const dm_projection *p, size_t row,
                        int series, int month)
{
    const double *v = NULL;
    size_t n = 0;
    assert_status(ctx, dm_projection_series(ctx, p, row, series, &v, &n),
                  DM_OK);
    int start = 0;
    assert_status(ctx, dm_projection_start(ctx, p, &start), DM_OK);
    return v[month - start + 1];
}

/* What remains (suspected, confirmed, to clear) at the end of a month. */
static double remaining_at(dm_context *ctx, const dm_projection *p, int month)
{
    double sum = 0.0;
    for (int st = DM_STATE_SUSPECTED; st <= DM_STATE_TO_CLEAR; st++)
        sum += series_at(ctx, p, DM_NATIONAL, st, month);
    return sum;
}

/* What a series gained over a year, for a row. */
static double gained(dm_context *ctx, const dm_projection *p, size_t row,
                     int series, int year)
{
    double before =
        year > 2023 ? series_at(ctx, p, row, series, DM_MONTH(year - 1, 12))
                    : 0.0;
    return series_at(ctx, p, row, series, DM_MONTH(year, 12)) - before;
}

static void add(dm_context *ctx, dm_record *r, const char *region,
                const char *quantity, int from, int month, double value)
{
    dm_observation o;
    dm_observation_init(&o);
    o.region = region;
    o.quantity = quantity;
    o.from_month = from;
    o.month = month;
    o.value = value; /* ±5 % */
    assert_status(ctx, dm_record_add(ctx, r, &o), DM_OK);
}

/* A record of what the truth does over 2023 and 2024, each figure ±5 %:
 * what remains nationally, the km² flagged by NTS in each region (region
 * A surveys both classes, B only the medium one) and the km² cleared. */
static dm_record *synthetic_record(dm_context *ctx, const dm_work *w,
                                   const double *truth)
{
    dm_scenario *s = synthetic_scenario(ctx, truth);
    dm_projection *p = NULL;
    assert_status(ctx, dm_project(ctx, w, s, NULL, &p), DM_OK);
    dm_record *r = NULL;
    assert_status(ctx, dm_record_new(ctx, &r), DM_OK);
    const int jun23 = DM_MONTH(2023, 6), dec23 = DM_MONTH(2023, 12);
    const int dec24 = DM_MONTH(2024, 12);
    add(ctx, r, NULL, "remaining_km2", 0, jun23, remaining_at(ctx, p, jun23));
    add(ctx, r, NULL, "remaining_km2", 0, dec23, remaining_at(ctx, p, dec23));
    add(ctx, r, NULL, "remaining_km2", 0, dec24, remaining_at(ctx, p, dec24));
    const char *region[] = {"A", "B"};
    for (size_t k = 0; k < 2; k++)
        for (int year = 2023; year <= 2024; year++)
            add(ctx, r, region[k], "flagged_km2", DM_MONTH(year, 1),
                DM_MONTH(year, 12),
                gained(ctx, p, k, DM_SERIES_FLAGGED, year));
    add(ctx, r, NULL, "cleared_km2", DM_MONTH(2024, 1), dec24,
        gained(ctx, p, DM_NATIONAL, DM_STATE_CLEARED, 2024));
    dm_projection_free(p);
    dm_scenario_free(s);
    return r;
}

/* The quantile q of the triangular distribution (min, mode, max). */
static double triangular_quantile(const double *t, double q)
{
    double a = t[0], c = t[1], b = t[2], f = (c - a) / (b - a);
    return q < f ? a + sqrt(q * (b - a) * (c - a))
                 : b - sqrt((1 - q) * (b - a) * (b - c));
}

static size_t index_of(dm_context *ctx, const dm_posterior *post,
                       const char *name)
{
    for (size_t i = 0;; i++) {
        const char *n = dm_posterior_param_name(ctx, post, i);
        if (n == NULL)
            fail_msg("no fitted parameter '%s'", name);
        if (strcmp(n, name) == 0)
            return i;
    }
}

static dm_posterior *calibrate(dm_context *ctx, const dm_work *w,
                               const dm_record *r, unsigned long long seed,
                               unsigned threads)
{
    dm_scenario *s = synthetic_scenario(ctx, NULL);
    dm_calibrate_options o;
    dm_calibrate_options_init(&o);
    o.particles = 400;
    o.seed = seed;
    o.threads = threads;
    dm_posterior *post = NULL;
    assert_status(ctx, dm_calibrate(ctx, w, s, r, &o, &post), DM_OK);
    dm_scenario_free(s);
    return post;
}

/* 20 truths drawn inside the priors: each informed parameter's 90 %
 * interval holds the truth in at least 80 % of them and is narrower than
 * the prior's; the cost, which no observation sees, keeps its prior. */
static void recovers_known_parameters(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = synthetic_work(ctx);
    const int informed[] = {NTS_RATE, CANCEL_LOW, CANCEL_MEDIUM, MACHINE_RATE};
    int covered[NP] = {0};
    const int records = 20;
    for (int t = 0; t < records; t++) {
        double truth[NP];
        for (int k = 0; k < NP; k++) {
            /* Spread through each prior's middle 80 %, by a fixed rule. */
            double q = 0.1 + 0.8 * fmod(0.37 * (t + 1) + 0.23 * k, 1.0);
            truth[k] = triangular_quantile(prior[k], q);
        }
        dm_record *r = synthetic_record(ctx, w, truth);
        dm_posterior *post = calibrate(ctx, w, r, 100 + (unsigned)t, 2);
        for (size_t i = 0; i < sizeof informed / sizeof informed[0]; i++) {
            int k = informed[i];
            size_t j = index_of(ctx, post, names[k]);
            double lo, hi;
            assert_status(ctx,
                          dm_posterior_param_quantile(ctx, post, j, 0.05, &lo),
                          DM_OK);
            assert_status(ctx,
                          dm_posterior_param_quantile(ctx, post, j, 0.95, &hi),
                          DM_OK);
            covered[k] += lo <= truth[k] && truth[k] <= hi;
            double prior_width = triangular_quantile(prior[k], 0.95) -
                                 triangular_quantile(prior[k], 0.05);
            if (!(hi - lo < prior_width))
                fail_msg("%s: posterior 90 %% width %g is not narrower than "
                         "the prior's %g",
                         names[k], hi - lo, prior_width);
        }
        /* Untouched: the high class's share, with no land of that class,
         * keeps a 90 % interval near the prior's. */
        size_t j = index_of(ctx, post, names[CANCEL_HIGH]);
        double lo, hi;
        assert_status(
            ctx, dm_posterior_param_quantile(ctx, post, j, 0.05, &lo), DM_OK);
        assert_status(
            ctx, dm_posterior_param_quantile(ctx, post, j, 0.95, &hi), DM_OK);
        double pw = triangular_quantile(prior[CANCEL_HIGH], 0.95) -
                    triangular_quantile(prior[CANCEL_HIGH], 0.05);
        if (!(hi - lo > 0.75 * pw))
            fail_msg("the untouched share narrowed from %g to %g", pw,
                     hi - lo);
        /* The cost, on which no observation depends, is not fitted: each
         * projection from the posterior draws it from its range. */
        for (size_t i = 0; i < NFIT; i++)
            assert_string_not_equal(dm_posterior_param_name(ctx, post, i),
                                    names[MACHINE_COST]);
        assert_null(dm_posterior_param_name(ctx, post, NFIT));
        dm_posterior_free(post);
        dm_record_free(r);
    }
    for (size_t i = 0; i < sizeof informed / sizeof informed[0]; i++) {
        int k = informed[i];
        print_message("%s: the 90 %% interval held the truth in %d of %d\n",
                      names[k], covered[k], records);
        if (covered[k] < (int)(0.8 * records))
            fail_msg("%s: the 90 %% interval held the truth in %d of %d",
                     names[k], covered[k], records);
    }
    dm_work_free(w);
    dm_context_free(ctx);
}

/* A fixed truth in the middle of the priors, its record, and the work. */
static const double middle[NP] = {1e6, 0.95, 0.90, 3000, 0.6, 5000};

/* The same seed gives the same posterior, byte for byte, with 1, 2 and 4
 * threads; another seed another one. */
static void same_bytes_whatever_the_threads(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = synthetic_work(ctx);
    dm_record *r = synthetic_record(ctx, w, middle);
    const unsigned threads[] = {1, 2, 4};
    char *first = NULL;
    size_t first_size = 0;
    for (size_t i = 0; i < 3; i++) {
        dm_posterior *post = calibrate(ctx, w, r, 7, threads[i]);
        const char *path = test_path("threads.json");
        assert_status(ctx, dm_posterior_write(ctx, post, path), DM_OK);
        size_t size = 0;
        char *text = test_slurp(path, &size);
        if (first == NULL) {
            first = text;
            first_size = size;
        } else {
            if (size != first_size || memcmp(text, first, size) != 0)
                fail_msg("%u threads wrote another posterior", threads[i]);
            free(text);
        }
        dm_posterior_free(post);
    }
    dm_posterior *other = calibrate(ctx, w, r, 8, 2);
    const char *path = test_path("other-seed.json");
    assert_status(ctx, dm_posterior_write(ctx, other, path), DM_OK);
    size_t size = 0;
    char *text = test_slurp(path, &size);
    assert_true(size != first_size || memcmp(text, first, size) != 0);
    free(text);
    free(first);
    dm_posterior_free(other);
    dm_record_free(r);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Written and read back, a posterior is the same: the same bytes when
 * written again, the same quantiles, observations and counts. */
static void posterior_file_round_trip(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = synthetic_work(ctx);
    dm_record *r = synthetic_record(ctx, w, middle);
    dm_posterior *post = calibrate(ctx, w, r, 3, 2);
    const char *a = test_path("round-a.json"), *b = test_path("round-b.json");
    assert_status(ctx, dm_posterior_write(ctx, post, a), DM_OK);
    dm_posterior *back = NULL;
    assert_status(ctx, dm_posterior_load(ctx, a, &back), DM_OK);
    assert_status(ctx, dm_posterior_write(ctx, back, b), DM_OK);
    size_t na = 0, nb = 0;
    char *ta = test_slurp(a, &na), *tb = test_slurp(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ta, tb, na);
    free(ta);
    free(tb);
    dm_posterior_info x, y;
    dm_posterior_info_init(&x);
    dm_posterior_info_init(&y);
    assert_status(ctx, dm_posterior_info_get(ctx, post, &x), DM_OK);
    assert_status(ctx, dm_posterior_info_get(ctx, back, &y), DM_OK);
    assert_string_equal(x.scenario, "synthetic");
    assert_string_equal(y.scenario, x.scenario);
    assert_int_equal(x.first_month, DM_MONTH(2023, 1));
    assert_int_equal(x.last_month, DM_MONTH(2024, 12));
    assert_int_equal(y.last_month, x.last_month);
    assert_int_equal(y.parameters, NFIT);
    assert_int_equal(y.particles, 400);
    assert_int_equal(y.observations, 8);
    assert_int_equal(y.generations, x.generations);
    assert_int_equal(y.simulations, x.simulations);
    assert_true(y.epsilon == x.epsilon && x.epsilon <= 1.0);
    assert_true(y.ess == x.ess && x.ess > 1.0 && x.ess <= 400.0);
    assert_true(x.acceptance > 0.0 && x.acceptance <= 1.0);
    for (size_t i = 0; i < NFIT; i++) {
        double u, v;
        assert_status(ctx, dm_posterior_param_quantile(ctx, post, i, 0.5, &u),
                      DM_OK);
        assert_status(ctx, dm_posterior_param_quantile(ctx, back, i, 0.5, &v),
                      DM_OK);
        assert_true(u == v);
    }
    for (size_t i = 0; i < y.observations; i++) {
        dm_observation o, p;
        dm_observation_init(&o);
        dm_observation_init(&p);
        double u, v;
        assert_status(ctx, dm_posterior_observation(ctx, post, i, &o, 0.5, &u),
                      DM_OK);
        assert_status(ctx, dm_posterior_observation(ctx, back, i, &p, 0.5, &v),
                      DM_OK);
        assert_true(u == v && o.value == p.value && o.low == p.low);
        assert_string_equal(o.quantity, p.quantity);
        /* The fit holds each observation within its range at P50. */
        if (!(u >= o.low && u <= o.high))
            fail_msg("%s: P50 %g outside %g–%g", o.quantity, u, o.low, o.high);
    }
    /* Not a posterior. */
    dm_posterior *bad = NULL;
    const char *junk = test_write("junk.json", "{\"format\": \"other\"}");
    assert_status(ctx, dm_posterior_load(ctx, junk, &bad), DM_ERR_CORRUPT);
    assert_message_has(ctx, "junk.json");
    assert_null(bad);
    assert_status(ctx, dm_posterior_load(ctx, test_path("none.json"), &bad),
                  DM_ERR_FILE_NOT_FOUND);
    /* A folder that does not exist: DM_ERR_IO naming the path, nothing
     * written. */
    char nowhere[512];
    snprintf(nowhere, sizeof nowhere, "%s/no/such/post.json", test_tmpdir());
    assert_status(ctx, dm_posterior_write(ctx, post, nowhere), DM_ERR_IO);
    assert_message_has(ctx, "no/such/post.json");
    assert_int_equal(access(nowhere, F_OK), -1);
    /* A posterior cut short, one with a particle of too few values, one
     * with a weight that is no finite number. */
    size_t n = 0;
    char *text = test_slurp(a, &n);
    const char *cut = test_writef("cut.json", "%.*s", (int)(n / 2), text);
    assert_status(ctx, dm_posterior_load(ctx, cut, &bad), DM_ERR_CORRUPT);
    assert_message_has(ctx, "cut.json");
    char *values = strstr(text, "\"values\":[");
    assert_non_null(values);
    char *comma = strchr(values, ',');
    char *close = strchr(values, ']');
    assert_true(comma != NULL && comma < close);
    const char *few =
        test_writef("few.json", "%.*s%s", (int)(comma - text), text, close);
    assert_status(ctx, dm_posterior_load(ctx, few, &bad), DM_ERR_CORRUPT);
    assert_message_has(ctx, "particles[0].values: missing, or not the "
                            "right number of numbers");
    char *weight = strstr(text, "\"weight\":");
    assert_non_null(weight);
    weight += strlen("\"weight\":");
    const char *inf =
        test_writef("inf.json", "%.*s1e999%s", (int)(weight - text), text,
                    strchr(weight, ','));
    assert_status(ctx, dm_posterior_load(ctx, inf, &bad), DM_ERR_CORRUPT);
    assert_message_has(ctx, "particles[0]: its weight or distance");
    assert_null(bad);
    /* A particle's weight given twice (json-c alone keeps the second). */
    const char *twice =
        test_writef("twice.json", "%.*s\"weight\": 0.5, %s",
                    (int)(weight - strlen("\"weight\":") - text), text,
                    weight - strlen("\"weight\":"));
    assert_status(ctx, dm_posterior_load(ctx, twice, &bad), DM_ERR_CORRUPT);
    assert_message_has(ctx, "posterior '");
    assert_message_has(ctx, "twice.json': key \"weight\" repeated in one "
                            "object at line ");
    assert_null(bad);
    free(text);
    dm_posterior_free(back);
    dm_posterior_free(post);
    dm_record_free(r);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* The national remaining area's quantile q at month m of a projection. */
static double remaining_quantile(dm_context *ctx, const dm_projection *p,
                                 double q, size_t m)
{
    double v[64];
    assert_true(m < 64);
    assert_status(
        ctx,
        dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, q, v, m + 1),
        DM_OK);
    return v[m];
}

/* A projection from the posterior: its runs replay the record (what
 * remains at the end of 2024 within the record's range from P10 to P90,
 * narrower than the priors alone give), its record's months are the replay,
 * and a scenario that sets a fitted figure of its own keeps it. */
static void projection_from_posterior(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = synthetic_work(ctx);
    dm_record *r = synthetic_record(ctx, w, middle);
    dm_posterior *post = calibrate(ctx, w, r, 5, 2);
    dm_scenario *s = synthetic_scenario(ctx, NULL);
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.runs = 400;
    dm_projection *prior = NULL, *fitted = NULL;
    assert_status(ctx, dm_project(ctx, w, s, &o, &prior), DM_OK);
    assert_int_equal(dm_projection_replay_months(ctx, prior), 0);
    o.posterior = post;
    assert_status(ctx, dm_project(ctx, w, s, &o, &fitted), DM_OK);
    assert_int_equal(dm_projection_replay_months(ctx, fitted), 24);
    /* What remains at the end of 2024 (month 24), P10, P50, P90. */
    double p10 = remaining_quantile(ctx, fitted, 0.1, 24),
           p50 = remaining_quantile(ctx, fitted, 0.5, 24),
           p90 = remaining_quantile(ctx, fitted, 0.9, 24),
           q10 = remaining_quantile(ctx, prior, 0.1, 24),
           q90 = remaining_quantile(ctx, prior, 0.9, 24);
    dm_observation ob;
    dm_observation_init(&ob);
    assert_status(ctx, dm_record_observation(ctx, r, 2, &ob), DM_OK);
    assert_string_equal(ob.quantity, "remaining_km2");
    assert_int_equal(ob.month, DM_MONTH(2024, 12));
    if (!(p50 >= ob.low && p50 <= ob.high))
        fail_msg("P50 %g outside the record's %g–%g", p50, ob.low, ob.high);
    if (!(p10 >= ob.low && p90 <= ob.high && p90 - p10 < q90 - q10))
        fail_msg("fitted P10–P90 %g–%g not within the record's %g–%g and "
                 "narrower than the prior's %g–%g",
                 p10, p90, ob.low, ob.high, q10, q90);
    dm_projection_free(fitted);
    dm_projection_free(prior);
    /* An extension with machines of a productivity of its own: that figure
     * is no longer the one fitted, so every run has it (and clears at a
     * fiftieth of the fitted pace); the rest still comes from the fit. */
    char *text = synthetic_text(NULL);
    test_write("synthetic.json", text);
    free(text);
    dm_scenario *slow = NULL;
    assert_status(ctx,
                  dm_scenario_load_string(
                      ctx,
                      "{\"name\": \"slow\", \"extends\": \"synthetic.json\", "
                      "\"assets\": [{\"name\": \"machines\", "
                      "\"productivity_m2_per_day\": 60}]}",
                      test_tmpdir(), &slow),
                  DM_OK);
    o.posterior = post;
    o.runs = 50;
    dm_projection *fit = NULL, *own = NULL;
    assert_status(ctx, dm_project(ctx, w, s, &o, &fit), DM_OK);
    assert_status(ctx, dm_project(ctx, w, slow, &o, &own), DM_OK);
    const double *cf = NULL, *co = NULL, *ff = NULL, *fo = NULL;
    size_t n = 0;
    assert_status(
        ctx,
        dm_projection_series(ctx, fit, DM_NATIONAL, DM_STATE_CLEARED, &cf, &n),
        DM_OK);
    assert_status(
        ctx,
        dm_projection_series(ctx, own, DM_NATIONAL, DM_STATE_CLEARED, &co, &n),
        DM_OK);
    assert_status(ctx,
                  dm_projection_series(ctx, fit, DM_NATIONAL,
                                       DM_SERIES_FLAGGED, &ff, &n),
                  DM_OK);
    assert_status(ctx,
                  dm_projection_series(ctx, own, DM_NATIONAL,
                                       DM_SERIES_FLAGGED, &fo, &n),
                  DM_OK);
    /* Before anything waits to clear for more than the capacity, the
     * clearance of the first year is the capacity: 20 machines, 20 days. */
    assert_rel(co[12], 12 * 20 * 20 * 60 / 1e6, 1e-9);
    assert_true(cf[12] > 10.0 * co[12]);
    /* What NTS flagged comes from the same posterior (other particles: a
     * fixed figure takes no random number, so the runs' streams differ):
     * the same within the fit's spread. */
    assert_rel(fo[12], ff[12], 0.03);
    dm_projection_free(fit);
    dm_projection_free(own);
    dm_scenario_free(slow);
    dm_scenario_free(s);
    dm_posterior_free(post);
    dm_record_free(r);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Records a calibration cannot use: each refused naming the observation
 * (where it was read), or the one that no draw reached. */
static void bad_records_for_calibration(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = synthetic_work(ctx);
    dm_scenario *s = synthetic_scenario(ctx, NULL);
    dm_calibrate_options o;
    dm_calibrate_options_init(&o);
    o.particles = 100;
    o.max_simulations = 20000;
    struct {
        const char *rows;
        dm_status status;
        const char *message;
    } bad[] = {
        /* The scenario runs 48 months from 2023-01. */
        {"2027-01,national,remaining_km2,5000,,,,,\n", DM_ERR_BAD_VALUE,
         "row (FID) 1: its months are outside the scenario's horizon "
         "(2023-01 to 2026-12)"},
        {"2023-12,national,remaining_km2,5000,,,,,\n"
         "2023-12,national,released_km2,500,,,2022-07,,\n",
         DM_ERR_BAD_VALUE,
         "row (FID) 2: its months are outside the scenario's horizon"},
        /* What remains at the end of 2022-12 is the start; before, not. */
        {"2022-11,national,remaining_km2,10000,,,,,\n", DM_ERR_BAD_VALUE,
         "row (FID) 1: its months are outside the scenario's horizon"},
        {"2023-12,UA-99,remaining_km2,5000,,,,,\n", DM_ERR_BAD_VALUE,
         "row (FID) 1: region 'UA-99' is not in the work table"},
        {"2023-12,national,nts_sites,1883,,,,,\n", DM_ERR_EMPTY,
         "the record has no observation the model simulates"},
        /* Nothing can release 9,990 of the 10,000 km² in a year. */
        {"2023-06,national,remaining_km2,9800,9000,9990,,,\n"
         "2023-12,national,remaining_km2,10,5,15,,,\n",
         DM_ERR_UNREACHABLE,
         "row (FID) 2: no draw came within the range of this observation "
         "(remaining_km2 10, 5–15; the closest draw gave"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *path = test_writef(
            "calibrate-bad.csv",
            "date,region,quantity,value,low,high,from,source,note\n%s",
            bad[i].rows);
        dm_record *r = NULL;
        assert_status(ctx, dm_record_load(ctx, path, NULL, &r), DM_OK);
        dm_posterior *post = NULL;
        quiet_begin();
        dm_status st = dm_calibrate(ctx, w, s, r, &o, &post);
        char seen[64];
        assert_int_equal(quiet_end(seen, sizeof seen), 0);
        assert_status(ctx, st, bad[i].status);
        assert_null(post);
        if (bad[i].status != DM_ERR_EMPTY)
            assert_message_has(ctx, "calibrate-bad.csv");
        assert_message_has(ctx, bad[i].message);
        dm_record_free(r);
    }
    /* Options out of range. */
    dm_record *r = synthetic_record(ctx, w, middle);
    dm_posterior *post = NULL;
    o.particles = 1;
    assert_status(ctx, dm_calibrate(ctx, w, s, r, &o, &post),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "particles 1");
    dm_calibrate_options_init(&o);
    o.quantile = 1.0;
    assert_status(ctx, dm_calibrate(ctx, w, s, r, &o, &post),
                  DM_ERR_INVALID_ARGUMENT);
    assert_null(post);
    dm_record_free(r);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovers_known_parameters),
        cmocka_unit_test(same_bytes_whatever_the_threads),
        cmocka_unit_test(posterior_file_round_trip),
        cmocka_unit_test(projection_from_posterior),
        cmocka_unit_test(bad_records_for_calibration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
