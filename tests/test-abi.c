/* Option and result structs carry their size: a caller built against an
 * older header passes a smaller struct, whose fields are taken and whose
 * missing ones keep their defaults; an uninitialised or too large one is
 * refused. */
#include "testutil.h"

static const char scenario_json[] =
    "{\"name\": \"abi\", \"start\": \"2026-01\", \"horizon_months\": 12, "
    "\"assets\": [], \"land_release\": {\"high\": {\"nts_cancel_share\": 0, "
    "\"ts_reduce_share\": 0}, \"medium\": {\"nts_cancel_share\": 0, "
    "\"ts_reduce_share\": 0}, \"low\": {\"nts_cancel_share\": 0, "
    "\"ts_reduce_share\": 0}}}";

typedef struct fixture {
    dm_context *ctx;
    dm_work *work;
    dm_scenario *scenario;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = dm_context_new();
    assert_status(f->ctx, dm_work_new(f->ctx, &f->work), DM_OK);
    assert_status(f->ctx,
                  dm_work_add(f->ctx, f->work, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                  DM_OK);
    assert_status(
        f->ctx,
        dm_scenario_load_string(f->ctx, scenario_json, NULL, &f->scenario),
        DM_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    dm_scenario_free(f->scenario);
    dm_work_free(f->work);
    dm_context_free(f->ctx);
    free(f);
    return 0;
}

static void an_older_struct_keeps_the_new_fields_defaults(void **state)
{
    fixture *f = *state;
    /* As a program whose header ended before keep_series: what it sets
     * there is not its, and the library must not read it. */
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.struct_size = offsetof(dm_projection_options, keep_series);
    o.runs = 3;
    o.keep_series = 1;
    dm_projection *p = NULL;
    assert_status(f->ctx, dm_project(f->ctx, f->work, f->scenario, &o, &p),
                  DM_OK);
    assert_int_equal(dm_projection_runs(f->ctx, p), 3);
    /* keep_series took its default (0): no regional series. */
    double km2[1];
    assert_status(f->ctx,
                  dm_projection_remaining_quantile(f->ctx, p, 0, 0.5, km2, 1),
                  DM_ERR_INVALID_ARGUMENT);
    dm_projection_free(p);
}

/* A program built against an older demine.h, whose dm_projection_options
 * ended before region_summaries: its init (the macro passes its sizeof)
 * fills no byte past its struct — a heap block of exactly that size under
 * ASan, and the bytes after it keep theirs — and its projection takes the
 * new field's default. */
static void an_older_callers_init_fills_only_its_struct(void **state)
{
    fixture *f = *state;
    size_t old = offsetof(dm_projection_options, region_summaries);
    size_t n = sizeof(dm_projection_options) + 16;
    unsigned char *room = malloc(n);
    memset(room, 0xab, n);
    dm_projection_options_init_size((dm_projection_options *)room, old);
    for (size_t i = old; i < n; i++)
        if (room[i] != 0xab)
            fail_msg("byte %zu past the older struct's %zu was written", i,
                     old);
    size_t size = 0;
    memcpy(&size, room + offsetof(dm_projection_options, struct_size),
           sizeof size);
    assert_int_equal(size, old);
    /* Its fields through their offsets: the block is smaller than the
     * struct of this header. */
    unsigned char *exact = malloc(old);
    dm_projection_options_init_size((dm_projection_options *)exact, old);
    size_t runs = 0;
    memcpy(&runs, exact + offsetof(dm_projection_options, runs), sizeof runs);
    assert_int_equal(runs, 1);
    runs = 3;
    int keep = 1;
    memcpy(exact + offsetof(dm_projection_options, runs), &runs, sizeof runs);
    memcpy(exact + offsetof(dm_projection_options, keep_series), &keep,
           sizeof keep);
    dm_projection *p = NULL;
    assert_status(f->ctx,
                  dm_project(f->ctx, f->work, f->scenario,
                             (const dm_projection_options *)exact, &p),
                  DM_OK);
    assert_int_equal(dm_projection_runs(f->ctx, p), 3);
    /* region_summaries took its default: every run's series, exact. */
    double km2[1];
    assert_status(f->ctx,
                  dm_projection_remaining_quantile(f->ctx, p, 0, 0.5, km2, 1),
                  DM_OK);
    assert_true(km2[0] == 1.0);
    dm_projection_free(p);
    free(exact);
    /* Room for less than a struct_size: nothing written. */
    memset(room, 0xab, n);
    dm_projection_options_init_size((dm_projection_options *)room,
                                    sizeof(size_t) - 1);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(room[i], 0xab);
    free(room);
}

static void an_uninitialised_struct_is_refused(void **state)
{
    fixture *f = *state;
    dm_projection_options o;
    memset(&o, 0, sizeof o);
    o.runs = 3;
    dm_projection *p = NULL;
    assert_status(f->ctx, dm_project(f->ctx, f->work, f->scenario, &o, &p),
                  DM_ERR_INVALID_ARGUMENT);
    assert_null(p);
    assert_message_has(f->ctx, "dm_project: struct_size is 0: fill the "
                               "struct with dm_projection_options_init()");
    dm_regions_options ro;
    memset(&ro, 0, sizeof ro);
    dm_regions *r = NULL;
    assert_status(f->ctx,
                  dm_regions_load(f->ctx, test_embedded_boundaries(), &ro, &r),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(f->ctx, "dm_regions_options_init");
}

static void a_struct_from_a_newer_header_is_refused(void **state)
{
    fixture *f = *state;
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.struct_size = sizeof o + 8;
    dm_projection *p = NULL;
    assert_status(f->ctx, dm_project(f->ctx, f->work, f->scenario, &o, &p),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(f->ctx, "newer demine.h");
}

static void a_result_is_filled_as_far_as_it_reaches(void **state)
{
    fixture *f = *state;
    dm_plan_options po;
    dm_plan_options_init(&po);
    po.deadline_months = 12;
    /* An uninitialised result is refused before any work. */
    dm_plan_result r;
    memset(&r, 0, sizeof r);
    assert_status(f->ctx,
                  dm_plan_capacity(f->ctx, f->work, f->scenario, &po, &r),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(f->ctx, "dm_plan_result_init");
    /* An older, shorter result: the bytes past its size stay untouched. */
    dm_plan_result_init(&r);
    r.struct_size = offsetof(dm_plan_result, projections);
    r.projections = 12345;
    memset(r.reason, 'x', sizeof r.reason);
    assert_status(f->ctx,
                  dm_plan_capacity(f->ctx, f->work, f->scenario, &po, &r),
                  DM_OK);
    assert_int_equal(r.feasible, 0); /* no asset: nothing releases */
    assert_int_equal(r.projections, 12345);
    assert_int_equal(r.reason[0], 'x');
    /* The source info result, likewise. */
    dm_source_info info;
    memset(&info, 0, sizeof info);
    dm_sources *s = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_SOURCES);
    assert_status(f->ctx, dm_sources_load(f->ctx, path, NULL, &s), DM_OK);
    assert_status(f->ctx, dm_sources_info(f->ctx, s, 0, &info),
                  DM_ERR_INVALID_ARGUMENT);
    dm_source_info_init(&info);
    assert_status(f->ctx, dm_sources_info(f->ctx, s, 0, &info), DM_OK);
    assert_true(info.band_count > 0);
    dm_sources_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_older_struct_keeps_the_new_fields_defaults),
        cmocka_unit_test(an_older_callers_init_fills_only_its_struct),
        cmocka_unit_test(an_uninitialised_struct_is_refused),
        cmocka_unit_test(a_struct_from_a_newer_header_is_refused),
        cmocka_unit_test(a_result_is_filled_as_far_as_it_reaches),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
