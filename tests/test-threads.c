/* The whole pipeline in 4 threads at once, each with its own context,
 * against a serial run: the results must be identical bit for bit. */
#include "testutil.h"

#include <math.h>
#include <pthread.h>

#define THREADS 4
#define RUNS 20

typedef struct outcome {
    dm_status status;
    char message[512];
    double national_km2;
    double contaminated_km2[64];
    size_t nregions;
    double factor;
    double remaining[400]; /* national P50 per month */
    size_t months;
    double months_80_p50, cost_p50;
    char map[256]; /* path of the PNG map drawn */
    long map_size;
} outcome;

/* Paths are made before the threads start: the helpers of testutil.c
 * return static buffers, which threads must not share while writing. */
static char boundaries_path[512], sources_path[512], scenario_path[512];

/* Where run `id` draws its map. */
static void map_path(outcome *o, int id)
{
    char name[64];
    snprintf(name, sizeof name, "map-%d.png", id);
    snprintf(o->map, sizeof o->map, "%s", test_path(name));
}

static dm_status pipeline(outcome *o)
{
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL;
    dm_sources *s = NULL;
    dm_contamination *c = NULL;
    dm_work *w = NULL;
    dm_scenario *sc = NULL;
    dm_projection *p = NULL;
    dm_status st = dm_regions_load(ctx, boundaries_path, NULL, &r);
    if (st == DM_OK)
        st = dm_regions_total_area_km2(ctx, r, &o->national_km2);
    if (st == DM_OK)
        st = dm_sources_load(ctx, sources_path, NULL, &s);
    if (st == DM_OK)
        st = dm_contamination_build(ctx, r, s, NULL, &c);
    if (st == DM_OK) {
        int it;
        o->nregions = dm_contamination_region_count(ctx, c);
        for (size_t i = 0; st == DM_OK && i < o->nregions; i++)
            st = dm_contamination_region_km2(ctx, c, i,
                                             &o->contaminated_km2[i]);
        if (st == DM_OK)
            st = dm_contamination_calibration(ctx, c, &o->factor, &it);
    }
    if (st == DM_OK)
        st = dm_work_from_contamination(ctx, c, &w);
    if (st == DM_OK)
        st = dm_scenario_load(ctx, scenario_path, &sc);
    if (st == DM_OK) {
        dm_projection_options po;
        dm_projection_options_init(&po);
        po.runs = RUNS;
        po.seed = 7;
        st = dm_project(ctx, w, sc, &po, &p);
    }
    if (st == DM_OK) {
        o->months = dm_projection_months(ctx, p) + 1;
        if (o->months > sizeof o->remaining / sizeof o->remaining[0])
            o->months = sizeof o->remaining / sizeof o->remaining[0];
        st = dm_projection_remaining_quantile(ctx, p, DM_NATIONAL, 0.5,
                                              o->remaining, o->months);
    }
    if (st == DM_OK)
        st = dm_projection_months_quantile(ctx, p, DM_NATIONAL, DM_RELEASE_80,
                                           0.5, &o->months_80_p50);
    if (st == DM_OK)
        st = dm_projection_cost_quantile(ctx, p, DM_NATIONAL, 0.5,
                                         &o->cost_p50);
    if (st == DM_OK)
        st = dm_render_map(ctx, r, c, o->map, NULL);
    o->status = st;
    snprintf(o->message, sizeof o->message, "%s", dm_context_last_error(ctx));
    dm_projection_free(p);
    dm_scenario_free(sc);
    dm_work_free(w);
    dm_contamination_free(c);
    dm_sources_free(s);
    dm_regions_free(r);
    dm_context_free(ctx);
    return st;
}

typedef struct job {
    outcome out;
    int id;
} job;

static void *thread_main(void *arg)
{
    job *j = arg;
    pipeline(&j->out);
    return NULL;
}

static char *read_file(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)*size);
    if (fread(buf, 1, (size_t)*size, f) != (size_t)*size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static void four_threads_match_a_serial_run(void **state)
{
    (void)state;
    snprintf(boundaries_path, sizeof boundaries_path, "%s",
             test_embedded_boundaries());
    snprintf(sources_path, sizeof sources_path, "%s/%s", DM_TEST_DATA,
             DM_DEFAULT_SOURCES);
    snprintf(scenario_path, sizeof scenario_path, "%s/scenarios/baseline.json",
             DM_TEST_DATA);
    static outcome serial;
    memset(&serial, 0, sizeof serial);
    map_path(&serial, 99);
    if (pipeline(&serial) != DM_OK)
        fail_msg("serial run: %s", serial.message);

    static job jobs[THREADS];
    pthread_t threads[THREADS];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < THREADS; i++)
        map_path(&jobs[i].out, i);
    for (int i = 0; i < THREADS; i++) {
        jobs[i].id = i;
        assert_int_equal(
            pthread_create(&threads[i], NULL, thread_main, &jobs[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);

    long serial_size;
    char *serial_png = read_file(serial.map, &serial_size);
    assert_non_null(serial_png);
    for (int i = 0; i < THREADS; i++) {
        outcome *o = &jobs[i].out;
        if (o->status != DM_OK)
            fail_msg("thread %d: %s", i, o->message);
        /* Every number, bit for bit. */
        assert_memory_equal(&o->national_km2, &serial.national_km2,
                            sizeof(double));
        assert_int_equal(o->nregions, serial.nregions);
        assert_memory_equal(o->contaminated_km2, serial.contaminated_km2,
                            serial.nregions * sizeof(double));
        assert_memory_equal(&o->factor, &serial.factor, sizeof(double));
        assert_int_equal(o->months, serial.months);
        assert_memory_equal(o->remaining, serial.remaining,
                            serial.months * sizeof(double));
        assert_memory_equal(&o->months_80_p50, &serial.months_80_p50,
                            sizeof(double));
        assert_memory_equal(&o->cost_p50, &serial.cost_p50, sizeof(double));
        /* And the same picture, byte for byte. */
        long size;
        char *png = read_file(o->map, &size);
        assert_non_null(png);
        assert_int_equal(size, serial_size);
        assert_memory_equal(png, serial_png, (size_t)size);
        free(png);
    }
    free(serial_png);
}

/* The contamination built on 1, 2 and 3 threads (the geometry's own:
 * buffers, the overlay with each region, the front profiles): every area,
 * every front profile, the calibration and the polygons written are the
 * same, bit for bit. */
static void build_on(dm_context *ctx, const dm_regions *r,
                     const dm_sources *so, unsigned threads,
                     dm_contamination **c)
{
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    assert_int_equal(o.threads, 1);
    o.threads = threads;
    assert_status(ctx, dm_contamination_build(ctx, r, so, &o, c), DM_OK);
}

static void same_contamination(dm_context *ctx, const dm_contamination *a,
                               const dm_contamination *b)
{
    size_t n = dm_contamination_region_count(ctx, a);
    assert_int_equal(n, dm_contamination_region_count(ctx, b));
    for (size_t i = 0; i < n; i++)
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int z = 0; z < DM_ZONE_COUNT; z++)
                for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                    double x = -1, y = -2;
                    assert_status(
                        ctx,
                        dm_contamination_area_km2(ctx, a, i, h, z, st, &x),
                        DM_OK);
                    assert_status(
                        ctx,
                        dm_contamination_area_km2(ctx, b, i, h, z, st, &y),
                        DM_OK);
                    assert_memory_equal(&x, &y, sizeof x);
                }
    double fa, fb;
    int ia, ib;
    assert_status(ctx, dm_contamination_calibration(ctx, a, &fa, &ia), DM_OK);
    assert_status(ctx, dm_contamination_calibration(ctx, b, &fb, &ib), DM_OK);
    assert_memory_equal(&fa, &fb, sizeof fa);
    assert_int_equal(ia, ib);
    dm_work *wa = NULL, *wb = NULL;
    assert_status(ctx, dm_work_from_contamination(ctx, a, &wa), DM_OK);
    assert_status(ctx, dm_work_from_contamination(ctx, b, &wb), DM_OK);
    size_t profiles = 0;
    for (size_t i = 0; i < n; i++)
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                double pa[DM_FRONT_PROFILE_COUNT], pb[DM_FRONT_PROFILE_COUNT];
                dm_status sa = dm_work_front_profile(ctx, wa, i, h, st, pa,
                                                     DM_FRONT_PROFILE_COUNT);
                dm_status sb = dm_work_front_profile(ctx, wb, i, h, st, pb,
                                                     DM_FRONT_PROFILE_COUNT);
                assert_int_equal(sa, sb);
                if (sa == DM_OK) {
                    assert_memory_equal(pa, pb, sizeof pa);
                    profiles += pa[DM_FRONT_PROFILE_COUNT - 1] > 0.0;
                }
            }
    assert_true(profiles > 0); /* the front's regions have some */
    dm_work_free(wa);
    dm_work_free(wb);
}

static long written(dm_context *ctx, const dm_contamination *c,
                    const char *name, unsigned char **bytes)
{
    char path[600];
    snprintf(path, sizeof path, "%s", test_path(name));
    assert_status(ctx, dm_contamination_write(ctx, c, path, NULL), DM_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    *bytes = malloc((size_t)size);
    assert_int_equal(fread(*bytes, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    return size;
}

static void contamination_on_threads_is_bit_identical(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL;
    dm_sources *so = NULL;
    char sources[512];
    snprintf(sources, sizeof sources, "%s/%s", DM_TEST_DATA,
             DM_DEFAULT_SOURCES);
    assert_status(ctx,
                  dm_regions_load(ctx, test_embedded_boundaries(), NULL, &r),
                  DM_OK);
    assert_status(ctx, dm_sources_load(ctx, sources, NULL, &so), DM_OK);
    dm_contamination *one = NULL, *more = NULL;
    build_on(ctx, r, so, 1, &one);
    unsigned char *b1 = NULL, *bk = NULL;
    long n1 = written(ctx, one, "one-thread.fgb", &b1);
    for (unsigned t = 2; t <= 3; t++) {
        build_on(ctx, r, so, t, &more);
        same_contamination(ctx, one, more);
        /* The polygons themselves: FlatGeobuf keeps every coordinate's
         * double as it is. */
        long nk = written(ctx, more, "threads.fgb", &bk);
        assert_int_equal(nk, n1);
        assert_memory_equal(b1, bk, (size_t)n1);
        free(bk);
        dm_contamination_free(more);
    }
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    o.threads = 0;
    assert_int_equal(dm_contamination_build(ctx, r, so, &o, &more),
                     DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "threads 0");
    o.threads = DM_MAX_THREADS + 1;
    assert_int_equal(dm_contamination_build(ctx, r, so, &o, &more),
                     DM_ERR_INVALID_ARGUMENT);
    free(b1);
    dm_contamination_free(one);
    dm_sources_free(so);
    dm_regions_free(r);
    dm_context_free(ctx);
}

/* A grid of GRID_W × GRID_H squares of GRID_DEG degrees near the line of
 * contact, written in a shuffled order: more units than the outline takes
 * in one union (64), so it is united in blocks, and regions small enough
 * that the front profiles cut each by its own part of the band. */
#define GRID_W 12
#define GRID_H 10
#define GRID_N (GRID_W * GRID_H)
#define GRID_DEG 0.1

static const char *grid_boundaries(void)
{
    const char *path = test_path("grid.geojson");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"type\": \"FeatureCollection\", \"features\": [\n");
    for (int n = 0; n < GRID_N; n++) {
        int i = (n * 37) % GRID_N; /* 37 is prime to 120: each once */
        double x = 37.0 + (i % GRID_W) * GRID_DEG;
        double y = 47.5 + (i / GRID_W) * GRID_DEG;
        fprintf(f,
                "%s{\"type\": \"Feature\", \"properties\": {\"code\": "
                "\"G%03d\"}, \"geometry\": {\"type\": \"Polygon\", "
                "\"coordinates\": [[[%.2f, %.2f], [%.2f, %.2f], [%.2f, %.2f], "
                "[%.2f, %.2f], [%.2f, %.2f]]]}}\n",
                n ? "," : "", i, x, y, x + GRID_DEG, y, x + GRID_DEG,
                y + GRID_DEG, x, y + GRID_DEG, x, y);
    }
    fprintf(f, "]}\n");
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The outline's area and bounds and every unit's area. */
typedef struct measured {
    double outline_km2, bounds[4], unit_km2[GRID_N];
} measured;

static dm_regions *load_grid(dm_context *ctx, const char *path,
                             unsigned threads, measured *m)
{
    dm_regions_options o;
    dm_regions_options_init(&o);
    assert_int_equal(o.threads, 1);
    o.threads = threads;
    o.name_field = NULL; /* the code names the unit */
    dm_regions *r = NULL;
    assert_status(ctx, dm_regions_load(ctx, path, &o, &r), DM_OK);
    assert_int_equal(dm_regions_count(ctx, r), GRID_N);
    assert_status(ctx, dm_regions_total_area_km2(ctx, r, &m->outline_km2),
                  DM_OK);
    assert_status(ctx, dm_regions_total_bounds(ctx, r, m->bounds), DM_OK);
    for (size_t i = 0; i < GRID_N; i++)
        assert_status(ctx, dm_regions_area_km2(ctx, r, i, &m->unit_km2[i]),
                      DM_OK);
    return r;
}

/* The regions of many units on 1, 2 and 3 threads: the same outline and
 * units, bit for bit; the outline covers every unit once (no block lost
 * or counted twice). Threads 0 and past DM_MAX_THREADS are refused. */
static void regions_on_threads_are_bit_identical(void **state)
{
    (void)state;
    const char *path = grid_boundaries();
    dm_context *ctx = dm_context_new();
    measured one, more;
    dm_regions_free(load_grid(ctx, path, 1, &one));
    double sum = 0.0;
    for (size_t i = 0; i < GRID_N; i++)
        sum += one.unit_km2[i];
    assert_true(fabs(one.outline_km2 - sum) < 1e-9 * sum);
    for (unsigned t = 2; t <= 3; t++) {
        dm_regions_free(load_grid(ctx, path, t, &more));
        assert_memory_equal(&one, &more, sizeof one);
    }
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.name_field = NULL;
    dm_regions *r = NULL;
    o.threads = 0;
    assert_int_equal(dm_regions_load(ctx, path, &o, &r),
                     DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "threads 0");
    assert_null(r);
    o.threads = DM_MAX_THREADS + 1;
    assert_int_equal(dm_regions_load(ctx, path, &o, &r),
                     DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "threads 1025");
    assert_null(r);
    dm_context_free(ctx);
}

/* The contamination of the grid (its bands as given: no target) on 1, 2
 * and 3 threads: the same, bit for bit, and its front profiles, cut by
 * each region's part of the band, never fall (the work table takes
 * them). */
static void contamination_of_many_units_on_threads(void **state)
{
    (void)state;
    const char *path = grid_boundaries();
    char sources[512];
    snprintf(sources, sizeof sources, "%s/%s", DM_TEST_DATA,
             DM_DEFAULT_SOURCES);
    dm_context *ctx = dm_context_new();
    measured m;
    dm_regions *r = load_grid(ctx, path, 2, &m);
    dm_sources *so = NULL;
    assert_status(ctx, dm_sources_load(ctx, sources, NULL, &so), DM_OK);
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    o.target_share = 0.0;
    o.target_km2 = 0.0;
    dm_contamination *one = NULL, *more = NULL;
    assert_status(ctx, dm_contamination_build(ctx, r, so, &o, &one), DM_OK);
    for (unsigned t = 2; t <= 3; t++) {
        o.threads = t;
        assert_status(ctx, dm_contamination_build(ctx, r, so, &o, &more),
                      DM_OK);
        same_contamination(ctx, one, more); /* and its work table */
        dm_contamination_free(more);
    }
    dm_contamination_free(one);
    dm_sources_free(so);
    dm_regions_free(r);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(four_threads_match_a_serial_run),
        cmocka_unit_test(contamination_on_threads_is_bit_identical),
        cmocka_unit_test(regions_on_threads_are_bit_identical),
        cmocka_unit_test(contamination_of_many_units_on_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
