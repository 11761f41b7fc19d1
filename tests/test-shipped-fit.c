/* The shipped fit: the embedded record holds the figures of the domain
 * reference (typed here from DOMAIN.md, land only), the embedded posterior
 * fits the default scenarios as they are, and a projection drawn from it
 * replays each observation of the record within its range at P50. */
#include "testutil.h"

/* Water in every national figure of the record (DOMAIN.md). */
#define WATER 14000.0

/* An observation as DOMAIN.md gives it; low, high 0: ±5 %. */
typedef struct expected {
    const char *date, *from, *region, *quantity;
    double value, low, high;
} expected;

static const expected domain[] = {
    /* 174,000 km² potentially hazardous in 2023, 14,000 of it water. */
    {"2022-12", NULL, "national", "remaining_km2", 174000 - WATER, 0, 0},
    /* ~20,000 km² accessible, stated in 2023-09. */
    {"2023-08", NULL, "national", "accessible_km2", 20000, 0, 0},
    /* End 2023: 156,000 km² (−18,000, released by NTS). */
    {"2023-12", NULL, "national", "remaining_km2", 156000 - WATER, 0, 0},
    {"2023-12", "2023-01", "national", "released_km2", 18000, 0, 0},
    /* 239 km² flagged by NTS in 2023. */
    {"2023-12", "2023-01", "national", "flagged_km2", 239, 0, 0},
    /* 142,000 km² on 2024-09-20; 128,000 km² land on 2024-10-05. */
    {"2024-08", NULL, "national", "remaining_km2", 142000 - WATER, 0, 0},
    {"2024-09", NULL, "national", "remaining_km2", 128000, 0, 0},
    /* End 2024: 139,000 km² (−17,000 in 2024). */
    {"2024-12", NULL, "national", "remaining_km2", 139000 - WATER, 0, 0},
    {"2024-12", "2024-01", "national", "released_km2", 17000, 0, 0},
    /* ">300 km²" flagged in 2024: at least 300, ±5 % above. */
    {"2024-12", "2024-01", "national", "flagged_km2", 300, 300, 315},
    /* 38 km² physically demined by certified operators in 2024. */
    {"2024-12", "2024-01", "national", "cleared_km2", 38, 0, 0},
    /* Mykolaiv: 51,000 ha safe, 975.9 ha confirmed hazardous. */
    {"2024-12", "2023-01", "UA-48", "flagged_share", 975.9 / (51000 + 975.9),
     0, 0},
};
#define NDOMAIN (sizeof domain / sizeof domain[0])

typedef struct shipped {
    dm_context *ctx;
    dm_regions *regions;
    dm_contamination *c;
    dm_work *work;
    dm_scenario *baseline;
    dm_record *record;
    dm_posterior *post;
    dm_projection *p;
} shipped;

static int month_of(const char *text)
{
    int m = 0;
    if (text != NULL && dm_month_parse(text, &m) != DM_OK)
        fail_msg("bad month %s", text);
    return m;
}

static int setup(void **state)
{
    shipped *s = calloc(1, sizeof *s);
    s->ctx = dm_context_new();
    char path[1024];
    dm_sources *src = NULL;
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_SOURCES);
    dm_status st =
        dm_regions_load(s->ctx, test_embedded_boundaries(), NULL, &s->regions);
    if (st == DM_OK)
        st = dm_sources_load(s->ctx, path, NULL, &src);
    if (st == DM_OK)
        st = dm_contamination_build(s->ctx, s->regions, src, NULL, &s->c);
    if (st == DM_OK)
        st = dm_work_from_contamination(s->ctx, s->c, &s->work);
    snprintf(path, sizeof path, "%s/scenarios/baseline.json", DM_TEST_DATA);
    if (st == DM_OK)
        st = dm_scenario_load(s->ctx, path, &s->baseline);
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_RECORD);
    if (st == DM_OK)
        st = dm_record_load(s->ctx, path, NULL, &s->record);
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_POSTERIOR);
    if (st == DM_OK)
        st = dm_posterior_load(s->ctx, path, &s->post);
    dm_sources_free(src);
    if (st != DM_OK) {
        fprintf(stderr, "setup: %s\n", dm_context_last_error(s->ctx));
        return -1;
    }
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.runs = 400;
    o.threads = 2;
    o.posterior = s->post;
    st = dm_project(s->ctx, s->work, s->baseline, &o, &s->p);
    if (st != DM_OK) {
        fprintf(stderr, "setup: %s\n", dm_context_last_error(s->ctx));
        return -1;
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    shipped *s = *state;
    dm_projection_free(s->p);
    dm_posterior_free(s->post);
    dm_record_free(s->record);
    dm_scenario_free(s->baseline);
    dm_work_free(s->work);
    dm_contamination_free(s->c);
    dm_regions_free(s->regions);
    dm_context_free(s->ctx);
    free(s);
    return 0;
}

/* The record's simulated observations are DOMAIN.md's, in its order,
 * each with its range; the rest of it is context. */
static void the_record_is_the_domain_reference(void **state)
{
    shipped *s = *state;
    size_t k = 0, n = dm_record_count(s->ctx, s->record);
    for (size_t i = 0; i < n; i++) {
        dm_observation o;
        dm_observation_init(&o);
        assert_status(s->ctx, dm_record_observation(s->ctx, s->record, i, &o),
                      DM_OK);
        if (strstr(o.quantity, "sites") != NULL ||
            strcmp(o.quantity, "nts_communities") == 0 ||
            strcmp(o.quantity, "nts_surveyed_km2") == 0 ||
            strcmp(o.quantity, "task_sites_km2") == 0 ||
            strcmp(o.quantity, "handed_over_km2") == 0)
            continue;
        assert_true(k < NDOMAIN);
        const expected *e = &domain[k++];
        assert_string_equal(o.quantity, e->quantity);
        assert_string_equal(o.region, e->region);
        assert_int_equal(o.month, month_of(e->date));
        assert_int_equal(o.from_month, month_of(e->from));
        assert_rel(o.value, e->value, 1e-5);
        double lo = e->low > 0 ? e->low : 0.95 * e->value;
        double hi = e->high > 0 ? e->high : 1.05 * e->value;
        assert_rel(o.low, lo, 1e-5);
        assert_rel(o.high, hi, 1e-5);
        assert_non_null(o.source);
        assert_true(o.source[0] != '\0');
    }
    assert_int_equal(k, NDOMAIN);
}

/* The shipped posterior fits the shipped baseline as it is (a posterior
 * left behind by a change of the scenario would fit less of it), the
 * record it was fitted to is the shipped one, and its tolerance is every
 * observation within its range. */
static void the_posterior_fits_the_defaults(void **state)
{
    shipped *s = *state;
    dm_posterior_info in;
    dm_posterior_info_init(&in);
    assert_status(s->ctx, dm_posterior_info_get(s->ctx, s->post, &in), DM_OK);
    assert_string_equal(in.scenario, "baseline");
    assert_true(in.epsilon <= 1.0);
    assert_int_equal(in.first_month, DM_MONTH(2023, 1));
    assert_int_equal(in.last_month, DM_MONTH(2024, 12));
    assert_int_equal(in.observations, NDOMAIN);
    size_t n = 0;
    assert_status(
        s->ctx, dm_posterior_applies(s->ctx, s->post, s->baseline, &n), DM_OK);
    assert_int_equal(n, in.parameters);
    static const char *const others[] = {"japan-support", "scale-up",
                                         "ceasefire", "japan-ceasefire"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s.json", DM_TEST_DATA,
                 others[i]);
        dm_scenario *sc = NULL;
        assert_status(s->ctx, dm_scenario_load(s->ctx, path, &sc), DM_OK);
        assert_status(s->ctx, dm_posterior_applies(s->ctx, s->post, sc, &n),
                      DM_OK);
        if (n != in.parameters)
            fail_msg("%s keeps %zu of the %zu fitted figures", others[i], n,
                     in.parameters);
        dm_scenario_free(sc);
    }
    for (size_t i = 0; i < in.observations; i++) {
        dm_observation o;
        dm_observation_init(&o);
        double p50 = 0;
        assert_status(
            s->ctx,
            dm_posterior_observation(s->ctx, s->post, i, &o, 0.5, &p50),
            DM_OK);
        if (!(p50 >= o.low && p50 <= o.high))
            fail_msg("%s %s: the posterior's P50 %g is outside %g–%g",
                     o.region, o.quantity, p50, o.low, o.high);
    }
}

/* A series' mean at the state after month `month` (the end of it). */
static double at_end(shipped *s, size_t row, int series, int month)
{
    const double *v = NULL;
    size_t n = 0;
    assert_status(s->ctx,
                  dm_projection_series(s->ctx, s->p, row, series, &v, &n),
                  DM_OK);
    size_t m = (size_t)(month - DM_MONTH(2023, 1) + 1);
    assert_true(m < n);
    return v[m];
}

static size_t row_of(shipped *s, const char *region)
{
    if (strcmp(region, "national") == 0)
        return DM_NATIONAL;
    for (size_t r = 0; r < dm_projection_region_count(s->ctx, s->p); r++)
        if (strcmp(dm_projection_region_code(s->ctx, s->p, r), region) == 0)
            return r;
    fail_msg("no region %s", region);
    return DM_NATIONAL;
}

/* What the fresh runs from the posterior give for observation e: P50 of
 * what remains; the mean of the others (their runs hardly differ). */
static double replayed(shipped *s, const expected *e)
{
    int month = month_of(e->date), from = month_of(e->from);
    size_t row = row_of(s, e->region);
    if (strcmp(e->quantity, "remaining_km2") == 0) {
        double q[30];
        size_t m = (size_t)(month - DM_MONTH(2023, 1) + 1);
        assert_status(
            s->ctx,
            dm_projection_remaining_quantile(s->ctx, s->p, row, 0.5, q, m + 1),
            DM_OK);
        return q[m];
    }
    if (strcmp(e->quantity, "accessible_km2") == 0)
        return at_end(s, row, DM_SERIES_OPEN, month);
    int series = strcmp(e->quantity, "released_km2") == 0  ? -1
                 : strcmp(e->quantity, "cleared_km2") == 0 ? DM_STATE_CLEARED
                                                           : DM_SERIES_FLAGGED;
    double gained[2];
    int ser[2] = {series, DM_STATE_CANCELLED};
    for (int k = 0; k < 2; k++) {
        if (ser[k] == -1) { /* released: cancelled + reduced + cleared */
            gained[k] = 0;
            for (int st = DM_STATE_CANCELLED; st <= DM_STATE_CLEARED; st++)
                gained[k] +=
                    at_end(s, row, st, month) - at_end(s, row, st, from - 1);
        } else {
            gained[k] = at_end(s, row, ser[k], month) -
                        at_end(s, row, ser[k], from - 1);
        }
    }
    if (strcmp(e->quantity, "flagged_share") == 0)
        return gained[0] / (gained[0] + gained[1]);
    return gained[0];
}

/* Fresh runs from the posterior replay each observation within its range;
 * the months of the record are the replay. */
static void the_replay_reproduces_the_record(void **state)
{
    shipped *s = *state;
    assert_int_equal(dm_projection_replay_months(s->ctx, s->p), 24);
    for (size_t i = 0; i < NDOMAIN; i++) {
        const expected *e = &domain[i];
        double lo = e->low > 0 ? e->low : 0.95 * e->value;
        double hi = e->high > 0 ? e->high : 1.05 * e->value;
        double v = replayed(s, e);
        print_message("%s %-8s %-15s %10.5g in %10.5g – %-10.5g\n", e->date,
                      e->region, e->quantity, v, lo, hi);
        if (!(v >= lo && v <= hi))
            fail_msg("%s %s %s: the replay gives %g, outside %g–%g", e->date,
                     e->region, e->quantity, v, lo, hi);
    }
}

/* Common random numbers on the shipped scenarios: Japan's package adds
 * assets (and figures) from 2025-01, yet with the same seed every run
 * replays the record exactly as the baseline's does, so what the
 * comparison reports after it is the package's doing, run by run. */
static void a_package_pairs_with_the_baseline(void **state)
{
    shipped *s = *state;
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/japan-support.json",
             DM_TEST_DATA);
    dm_scenario *japan = NULL;
    assert_status(s->ctx, dm_scenario_load(s->ctx, path, &japan), DM_OK);
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.runs = 400;
    o.threads = 2;
    o.posterior = s->post;
    dm_projection *p = NULL;
    assert_status(s->ctx, dm_project(s->ctx, s->work, japan, &o, &p), DM_OK);
    static const dm_measure same[] = {DM_MEASURE_RELEASED_BY,
                                      DM_MEASURE_COST_IN_YEAR};
    for (size_t run = 0; run < o.runs; run++)
        for (int year = 2023; year <= 2024; year++)
            for (size_t k = 0; k < 2; k++) {
                double a = 0, b = 0;
                assert_status(s->ctx,
                              dm_projection_measure(s->ctx, s->p, DM_NATIONAL,
                                                    same[k], year, run, &a),
                              DM_OK);
                assert_status(s->ctx,
                              dm_projection_measure(s->ctx, p, DM_NATIONAL,
                                                    same[k], year, run, &b),
                              DM_OK);
                if (a != b)
                    fail_msg("run %zu, %s %d: baseline %.17g, japan %.17g",
                             run, dm_measure_name(same[k]), year, a, b);
            }
    /* So the change by the end of 2024 is exactly none in every run. */
    size_t n = 0;
    double lo = 1, hi = 1;
    assert_status(s->ctx,
                  dm_projection_change_quantile(s->ctx, s->p, p, DM_NATIONAL,
                                                DM_MEASURE_RELEASED_BY, 2024,
                                                0.0, &lo, &n),
                  DM_OK);
    assert_status(s->ctx,
                  dm_projection_change_quantile(s->ctx, s->p, p, DM_NATIONAL,
                                                DM_MEASURE_RELEASED_BY, 2024,
                                                1.0, &hi, &n),
                  DM_OK);
    assert_true(lo == 0.0 && hi == 0.0);
    assert_int_equal(n, o.runs);
    dm_projection_free(p);
    dm_scenario_free(japan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_package_pairs_with_the_baseline),
        cmocka_unit_test(the_record_is_the_domain_reference),
        cmocka_unit_test(the_posterior_fits_the_defaults),
        cmocka_unit_test(the_replay_reproduces_the_record),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
