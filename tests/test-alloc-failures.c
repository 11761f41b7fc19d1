/* Running out of memory: every allocation the library makes itself fails in
 * turn. For each operation (loading, building, projecting, measuring,
 * planning, writing, drawing) the test fails the library's 1st allocation,
 * then its 2nd, and so on until the operation succeeds without a failure;
 * each time the operation must return DM_ERR_NO_MEMORY, hand back nothing,
 * print nothing and leak nothing: the blocks the library allocated and did
 * not free are counted before and after. Only the library's own calls to
 * malloc, calloc and realloc fail: those GDAL, GEOS, PROJ, json-c and
 * cairo make for themselves are theirs.
 *
 * The program defines malloc, calloc, realloc and free, which the
 * library's calls then reach (glibc's __libc_ functions do the
 * allocating); under AddressSanitizer and valgrind, whose allocators
 * replace the program's, it skips. */
#include "testutil.h"

#include <link.h>
#include <pthread.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifndef UNDER_ASAN
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);

/* The library's code, [lo, hi): set from its loaded segments. */
static uintptr_t lib_lo, lib_hi;
/* Allocations by the library left before the one that fails; -1: none
 * fails. */
static long countdown = -1;
static int injected;
/* Failures made in all, over every operation. */
static long failures;

/* The blocks the library allocated and nobody has freed yet: a set of
 * pointers (open addressing, linear probing, deletion by moving the rest
 * of the cluster back), so that a failed operation that leaks is caught
 * here, also where valgrind's allocator cannot be interposed. */
#define SLOT_BITS 21
#define SLOTS ((size_t)1 << SLOT_BITS)
static void *live[SLOTS];
static size_t nlive;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static size_t home(const void *p)
{
    return (size_t)(((uint64_t)(uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull >>
                    (64 - SLOT_BITS));
}

static void track(void *p)
{
    size_t i = home(p);
    while (live[i] != NULL)
        i = (i + 1) & (SLOTS - 1);
    live[i] = p;
    nlive++;
}

/* Removes p if the set holds it; 1 when it did. */
static int untrack(const void *p)
{
    size_t i = home(p);
    while (live[i] != NULL && live[i] != p)
        i = (i + 1) & (SLOTS - 1);
    if (live[i] == NULL)
        return 0;
    for (size_t j = i;;) {
        j = (j + 1) & (SLOTS - 1);
        if (live[j] == NULL)
            break;
        size_t k = home(live[j]);
        /* Leave live[j] where it is if its home lies in (i, j]. */
        if (i < j ? (i < k && k <= j) : (i < k || k <= j))
            continue;
        live[i] = live[j];
        i = j;
    }
    live[i] = NULL;
    nlive--;
    return 1;
}

static int from_library(const void *caller)
{
    uintptr_t a = (uintptr_t)caller;
    return a >= lib_lo && a < lib_hi;
}

/* Whether this allocation by the library is the one to fail. Under the
 * lock. */
static int fails(void)
{
    if (countdown < 0 || countdown-- > 0)
        return 0;
    injected = 1;
    failures++;
    return 1;
}

void *malloc(size_t n)
{
    if (!from_library(__builtin_return_address(0)))
        return __libc_malloc(n);
    pthread_mutex_lock(&lock);
    void *p = fails() ? NULL : __libc_malloc(n);
    if (p != NULL)
        track(p);
    pthread_mutex_unlock(&lock);
    return p;
}

void *calloc(size_t n, size_t size)
{
    if (!from_library(__builtin_return_address(0)))
        return __libc_calloc(n, size);
    pthread_mutex_lock(&lock);
    void *p = fails() ? NULL : __libc_calloc(n, size);
    if (p != NULL)
        track(p);
    pthread_mutex_unlock(&lock);
    return p;
}

void *realloc(void *old, size_t n)
{
    int ours = from_library(__builtin_return_address(0));
    pthread_mutex_lock(&lock);
    void *p = ours && fails() ? NULL : __libc_realloc(old, n);
    if (p != NULL || n == 0) {
        /* The old block is gone: the new one is the library's if the old
         * one was, or if the library asked. */
        int was = old != NULL && untrack(old);
        if (p != NULL && (was || ours))
            track(p);
    }
    pthread_mutex_unlock(&lock);
    return p;
}

void free(void *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&lock);
    untrack(p);
    pthread_mutex_unlock(&lock);
    __libc_free(p);
}

static int find_library(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    if (strstr(info->dlpi_name, "libdemine.so") == NULL)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        lib_lo = info->dlpi_addr + ph->p_vaddr;
        lib_hi = lib_lo + ph->p_memsz;
    }
    return 1;
}

/* ---- the inputs ---------------------------------------------------------
 */

/* Two 200 × 400 km squares W and E in EPSG:3035 (as test-contamination.c). */
static const char *squares(void)
{
    return test_write(
        "squares.geojson",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
        "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3035\"}},"
        "\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"W\","
        "\"name\":\"west\"},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[5000000,2800000],[5200000,2800000],[5200000,"
        "3200000],[5000000,3200000],[5000000,2800000]]]}},{\"type\":"
        "\"Feature\",\"properties\":{\"code\":\"E\",\"name\":\"east\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[5200000,"
        "2800000],[5400000,2800000],[5400000,3200000],[5200000,3200000],"
        "[5200000,2800000]]]}}]}");
}

/* A line of contact across both squares, a border strip and two battle
 * sites, with the occupied side derived. */
static const char *sources(void)
{
#define SOURCE(props, geom)                                                   \
    "{\"type\":\"Feature\",\"properties\":{" props "},\"geometry\":" geom "}"
    return test_write(
        "sources.geojson",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
        "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3035\"}},"
        "\"features\":[" SOURCE(
            "\"kind\":\"line_of_contact\",\"class\":\"high\",\"zone\":"
            "\"controlled\",\"bands_km\":\"10,30\"",
            "{\"type\":\"LineString\",\"coordinates\":[[5300000,2700000],"
            "[5300000,3300000]]}") "," SOURCE("\"kind\":\"occupied\","
                                              "\"class\":\"low\",\"zone\":"
                                              "\"occupied\",\"bands_km\":"
                                              "\"0\"",
                                              "null") "," SOURCE("\"kind\":"
                                                                 "\"battle_"
                                                                 "site\","
                                                                 "\"class\":"
                                                                 "\"medium\","
                                                                 "\"bands_"
                                                                 "km\":"
                                                                 "\"5,20\"",
                                                                 "{\"type\":"
                                                                 "\"MultiPoi"
                                                                 "nt\","
                                                                 "\"coordina"
                                                                 "tes\":[["
                                                                 "5100000,"
                                                                 "3000000],"
                                                                 "[5150000,"
                                                                 "2900000]]"
                                                                 "}") "]}");
}

/* Two deminer teams of ranged productivity and an NTS team; the land
 * released by survey as well as by clearance. */
static const char *scenario_text(void)
{
    return "{\"name\": \"t\", \"start\": \"2025-01\", \"horizon_months\": "
           "48, \"assets\": [{\"name\": \"nts\", \"kind\": \"nts\", "
           "\"count\": 2, \"productivity_m2_per_day\": {\"min\": 2e5, "
           "\"mode\": 3e5, \"max\": 4e5}, \"working_days_per_month\": 20, "
           "\"cost_usd_per_unit_day\": 100}, {\"name\": \"deminers\", "
           "\"kind\": \"manual\", \"count\": [{\"from\": \"2025-01\", "
           "\"count\": 300}, {\"from\": \"2026-01\", \"count\": 400}], "
           "\"productivity_m2_per_day\": {\"min\": 200, \"mode\": 400, "
           "\"max\": 600}, \"working_days_per_month\": 20, "
           "\"cost_usd_per_unit_day\": {\"min\": 50, \"mode\": 90, \"max\": "
           "130}}, {\"name\": \"machines\", \"kind\": \"mechanical\", "
           "\"count\": 20, \"productivity_m2_per_day\": {\"min\": 2000, "
           "\"mode\": 3000, \"max\": 4000}, \"working_days_per_month\": 18, "
           "\"cost_usd_per_unit_day\": 900}], \"land_release\": {\"high\": "
           "{\"nts_cancel_share\": 0.3, \"ts_reduce_share\": 0.3}, "
           "\"medium\": {\"nts_cancel_share\": 0.4, \"ts_reduce_share\": "
           "0.3}, \"low\": {\"nts_cancel_share\": {\"min\": 0.4, \"mode\": "
           "0.5, \"max\": 0.6}, \"ts_reduce_share\": 0.3}}, "
           "\"unconstrained_survey\": {\"ts\": {\"cost_usd_per_ha\": 3000}}, "
           "\"access\": {\"controlled\": \"open\", \"occupied\": "
           "\"2027-01\"}, \"policy\": {\"type\": \"weights\", \"weights\": "
           "{\"W\": 2}, \"default_weight\": 1}}";
}

/* ---- the operations -----------------------------------------------------
 */

typedef struct world {
    dm_regions *regions;
    dm_contamination *c;
    dm_work *work, *small;
    dm_scenario *sc, *more;
    dm_projection *p, *q;
} world;

/* One operation: its status; what it made is freed by the caller. */
typedef dm_status (*operation)(dm_context *ctx, world *w, void **made);

static dm_status op_regions(dm_context *ctx, world *w, void **made)
{
    (void)w;
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.target_crs = "EPSG:3035";
    return dm_regions_load(ctx, squares(), &o, (dm_regions **)made);
}

static dm_status op_contamination(dm_context *ctx, world *w, void **made)
{
    dm_sources *s = NULL;
    dm_status st = dm_sources_load(ctx, sources(), NULL, &s);
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    o.target_km2 = 140000.0;
    if (st == DM_OK)
        st = dm_contamination_build(ctx, w->regions, s, &o,
                                    (dm_contamination **)made);
    dm_sources_free(s);
    return st;
}

static dm_status op_work(dm_context *ctx, world *w, void **made)
{
    return dm_work_from_contamination(ctx, w->c, (dm_work **)made);
}

static dm_status op_work_csv(dm_context *ctx, world *w, void **made)
{
    (void)w;
    const char *path =
        test_write("work.csv", "code,class,zone,state,area_km2\n"
                               "W,high,controlled,suspected,120.5\n"
                               "W,low,occupied,confirmed,30\n"
                               "E,medium,front_line,suspected,80\n");
    return dm_work_load(ctx, path, NULL, (dm_work **)made);
}

static dm_status op_scenario(dm_context *ctx, world *w, void **made)
{
    (void)w;
    return dm_scenario_load_string(ctx, scenario_text(), NULL,
                                   (dm_scenario **)made);
}

static dm_status op_project(dm_context *ctx, world *w, void **made)
{
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.runs = 24;
    o.threads = 2;
    return dm_project(ctx, w->work, w->sc, &o, (dm_projection **)made);
}

/* The measures and comparisons: nothing to hand back. */
static dm_status op_measures(dm_context *ctx, world *w, void **made)
{
    (void)made;
    double v = 0;
    size_t defined = 0;
    dm_status s = dm_projection_measure_quantile(
        ctx, w->p, DM_NATIONAL, DM_MEASURE_MONTHS_TO_80, 0, 0.5, &v);
    if (s == DM_OK)
        s = dm_projection_change_quantile(ctx, w->p, w->q, DM_NATIONAL,
                                          DM_MEASURE_COST, 0, 0.9, &v,
                                          &defined);
    double prcc[64];
    size_t n = dm_projection_param_count(ctx, w->p);
    if (s == DM_OK && n <= 64)
        s = dm_projection_sensitivity(ctx, w->p, DM_NATIONAL,
                                      DM_MEASURE_MONTHS_TO_100, 0, prcc, n);
    return s;
}

static dm_status op_plan(dm_context *ctx, world *w, void **made)
{
    (void)made;
    dm_plan_options o;
    dm_plan_options_init(&o);
    o.asset = "deminers";
    o.deadline_months = 30;
    dm_projection_options po;
    dm_projection_options_init(&po);
    po.runs = 8;
    o.projection = &po;
    dm_plan_result r;
    dm_plan_result_init(&r);
    dm_status s = dm_plan_capacity(ctx, w->work, w->sc, &o, &r);
    dm_asset_rank ranks[3];
    for (int i = 0; i < 3; i++)
        dm_asset_rank_init(&ranks[i]);
    size_t n = 0;
    o.asset = NULL;
    if (s == DM_OK)
        s = dm_plan_rank(ctx, w->work, w->sc, &o, ranks, 3, &n);
    return s;
}

static dm_status op_write(dm_context *ctx, world *w, void **made)
{
    (void)made;
    dm_status s = dm_contamination_write(ctx, w->c, test_path("c.gpkg"), NULL);
    dm_write_options o;
    dm_write_options_init(&o);
    o.lonlat = 1;
    if (s == DM_OK)
        s = dm_contamination_write(ctx, w->c, test_path("c.geojson"), &o);
    return s;
}

static dm_status op_draw(dm_context *ctx, world *w, void **made)
{
    (void)made;
    dm_status s =
        dm_render_map(ctx, w->regions, w->c, test_path("map.png"), NULL);
    const dm_projection *both[2] = {w->p, w->q};
    const char *labels[2] = {"t", "again"};
    if (s == DM_OK)
        s = dm_render_burndown(ctx, both, labels, 2, test_path("chart.svg"),
                               NULL);
    return s;
}

static dm_status op_survey(dm_context *ctx, world *w, void **made)
{
    const char *path = test_write(
        "survey.geojson",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
        "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3035\"}},"
        "\"features\":[" SOURCE("\"class\":\"high\",\"status\":\"SHA\","
                                "\"zone\":\"controlled\"",
                                "{\"type\":\"Polygon\",\"coordinates\":[[["
                                "5150000,2900000],[5250000,2900000],[5250000,"
                                "3000000],[5150000,3000000],[5150000,"
                                "2900000]]]}") "," SOURCE("\"class\":\"low\","
                                                          "\"status\":\"CHA\","
                                                          "\"zone\":"
                                                          "\"occupied\"",
                                                          "{\"type\":"
                                                          "\"Polygon\","
                                                          "\"coordinates\":[[["
                                                          "5180000,2950000],"
                                                          "[5300000,2950000],"
                                                          "[5300000,3100000],"
                                                          "[5180000,3100000],"
                                                          "[5180000,"
                                                          "2950000]]]}") "]}");
    return dm_contamination_load_survey(ctx, w->regions, path, NULL,
                                        (dm_contamination **)made);
}

/* A scenario that extends another, from files. */
static dm_status op_scenario_file(dm_context *ctx, world *w, void **made)
{
    (void)w;
    test_write("base.json", scenario_text());
    const char *path = test_write(
        "more.json", "{\"name\": \"more\", \"extends\": \"base.json\", "
                     "\"horizon_months\": 36, \"budget\": {\"usd_per_year\": "
                     "{\"min\": 2e6, \"mode\": 3e6, \"max\": 4e6}}}");
    return dm_scenario_load(ctx, path, (dm_scenario **)made);
}

/* A record of the first year, a calibration of it, the posterior written
 * and read back, and a projection that draws from it. */
static dm_status op_calibrate(dm_context *ctx, world *w, void **made)
{
    (void)made;
    const char *path = test_write(
        "record.csv", "date,region,quantity,value,low,high,from,source,note\n"
                      "2025-12,national,released_km2,60,1,2000,2025-01,a,\n"
                      "2025-12,W,remaining_km2,100,1,200,,b,\n");
    dm_record *r = NULL;
    dm_status s = dm_record_load(ctx, path, NULL, &r);
    dm_calibrate_options o;
    dm_calibrate_options_init(&o);
    o.particles = 20;
    o.max_simulations = 400;
    dm_posterior *post = NULL, *back = NULL;
    if (s == DM_OK)
        s = dm_calibrate(ctx, w->small, w->sc, r, &o, &post);
    if (s == DM_OK)
        s = dm_posterior_write(ctx, post, test_path("posterior.json"));
    if (s == DM_OK)
        s = dm_posterior_load(ctx, test_path("posterior.json"), &back);
    dm_projection_options po;
    dm_projection_options_init(&po);
    po.runs = 8;
    po.posterior = back;
    dm_projection *p = NULL;
    if (s == DM_OK)
        s = dm_project(ctx, w->small, w->sc, &po, &p);
    dm_projection_free(p);
    dm_posterior_free(back);
    dm_posterior_free(post);
    dm_record_free(r);
    return s;
}

/* The comparison and sensitivity charts, and a run's folder of files. */
static dm_status op_charts(dm_context *ctx, world *w, void **made)
{
    (void)made;
    const dm_projection *both[2] = {w->p, w->q};
    const char *labels[2] = {"t", "again"};
    dm_status s = dm_render_comparison(ctx, both, labels, 2,
                                       test_path("comparison.png"), NULL);
    if (s == DM_OK)
        s = dm_render_sensitivity(ctx, w->p, DM_NATIONAL, DM_MEASURE_COST, 0,
                                  10, test_path("sensitivity.svg"), NULL);
    dm_output *out = NULL;
    if (s == DM_OK)
        s = dm_output_begin(ctx, test_path("run"), &out);
    const char *file = s == DM_OK ? dm_output_path(ctx, out, "a.txt") : NULL;
    if (s == DM_OK && file == NULL)
        s = dm_context_last_status(ctx);
    FILE *f = file != NULL ? fopen(file, "w") : NULL;
    if (f != NULL) {
        fputs("a\n", f);
        fclose(f);
    }
    if (s == DM_OK)
        return dm_output_commit(ctx, out);
    dm_output_abort(out);
    return s;
}

static dm_status op_write_more(dm_context *ctx, world *w, void **made)
{
    (void)made;
    return dm_contamination_write(ctx, w->c, test_path("c.fgb"), NULL);
}

/* ---- the harness --------------------------------------------------------
 */

/* Runs op failing the library's k-th allocation for k = 0, 1, …, until it
 * succeeds with no failure; each failure must be DM_ERR_NO_MEMORY with
 * nothing made and nothing printed. Returns what the clean run made. */
static void *each_failure(dm_context *ctx, world *w, operation op,
                          const char *name, void (*release)(void *))
{
    /* Once without failures first, so that what the library makes once
     * and keeps (its geometry context) is there before counting. */
    void *warm = NULL;
    quiet_begin();
    dm_status ws = op(ctx, w, &warm);
    quiet_end(NULL, 0);
    assert_status(ctx, ws, DM_OK);
    if (release != NULL)
        release(warm);
    for (long k = 0;; k++) {
        void *made = NULL;
        char printed[256];
        quiet_begin();
        injected = 0;
        pthread_mutex_lock(&lock);
        size_t before = nlive;
        countdown = k;
        pthread_mutex_unlock(&lock);
        dm_status s = op(ctx, w, &made);
        pthread_mutex_lock(&lock);
        countdown = -1;
        size_t after = nlive;
        pthread_mutex_unlock(&lock);
        size_t n = quiet_end(printed, sizeof printed);
        if (n != 0)
            fail_msg("%s, allocation %ld failing: printed '%s'", name, k,
                     printed);
        if (!injected) {
            assert_status(ctx, s, DM_OK);
            return made;
        }
        if (s != DM_ERR_NO_MEMORY)
            fail_msg("%s, allocation %ld failing: %s (%s), expected "
                     "DM_ERR_NO_MEMORY",
                     name, k, dm_status_str(s), dm_context_last_error(ctx));
        if (made != NULL)
            fail_msg("%s, allocation %ld failing: returned an object", name,
                     k);
        if (after != before)
            fail_msg("%s, allocation %ld failing: %zu blocks of the "
                     "library's left allocated (%zu before, %zu after)",
                     name, k, after - before, before, after);
        if (release != NULL && made != NULL)
            release(made);
    }
}

static void free_regions(void *p) { dm_regions_free(p); }
static void free_contamination(void *p) { dm_contamination_free(p); }
static void free_work(void *p) { dm_work_free(p); }
static void free_scenario(void *p) { dm_scenario_free(p); }
static void free_projection(void *p) { dm_projection_free(p); }

static void every_allocation_can_fail(void **state)
{
    (void)state;
    dl_iterate_phdr(find_library, NULL);
    assert_true(lib_lo != 0 && lib_hi > lib_lo);
    dm_context *ctx = dm_context_new();
    world w = {0};
    w.regions = each_failure(ctx, &w, op_regions, "regions", free_regions);
    w.c = each_failure(ctx, &w, op_contamination, "contamination",
                       free_contamination);
    w.work = each_failure(ctx, &w, op_work, "work", free_work);
    w.small = each_failure(ctx, &w, op_work_csv, "work table", free_work);
    dm_contamination_free(
        each_failure(ctx, &w, op_survey, "survey", free_contamination));
    w.sc = each_failure(ctx, &w, op_scenario, "scenario", free_scenario);
    dm_scenario_free(each_failure(ctx, &w, op_scenario_file, "scenario file",
                                  free_scenario));
    w.p = each_failure(ctx, &w, op_project, "projection", free_projection);
    /* A second scenario to compare with: the first with 2 units more. */
    dm_projection_options po;
    dm_projection_options_init(&po);
    po.runs = 24;
    assert_status(ctx, dm_project(ctx, w.work, w.sc, &po, &w.q), DM_OK);
    each_failure(ctx, &w, op_measures, "measures", NULL);
    each_failure(ctx, &w, op_plan, "plan", NULL);
    each_failure(ctx, &w, op_write, "write", NULL);
    each_failure(ctx, &w, op_draw, "draw", NULL);
    each_failure(ctx, &w, op_charts, "charts", NULL);
    each_failure(ctx, &w, op_write_more, "write flatgeobuf", NULL);
    each_failure(ctx, &w, op_calibrate, "calibrate", NULL);
    /* The harness did fail the library's allocations (so many that every
     * operation above went through its error paths). */
    printf("allocations failed in turn: %ld\n", failures);
    assert_true(failures > 1000);
    dm_projection_free(w.q);
    dm_projection_free(w.p);
    dm_scenario_free(w.sc);
    dm_work_free(w.small);
    dm_work_free(w.work);
    dm_contamination_free(w.c);
    dm_regions_free(w.regions);
    dm_context_free(ctx);
}
#endif

int main(void)
{
#ifdef UNDER_ASAN
    return TEST_SKIP; /* its allocator is AddressSanitizer's */
#else
    /* Under valgrind, whose allocator replaces the program's malloc too,
     * nothing could fail: the test keeps its own count of the library's
     * blocks instead of valgrind's. */
    const char *preload = getenv("LD_PRELOAD");
    if (preload != NULL && strstr(preload, "vgpreload") != NULL)
        return TEST_SKIP;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_can_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
#endif
}
