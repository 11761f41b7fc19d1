/* The whole pipeline in 4 threads at once, each with its own context,
 * against a serial run: the results must be identical bit for bit. */
#include "testutil.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(four_threads_match_a_serial_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
