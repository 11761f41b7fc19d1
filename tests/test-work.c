/* The work table and the names of classes, zones and states. */
#include "testutil.h"

static void names_round_trip(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        dm_hazard back;
        assert_status(ctx, dm_hazard_from_name(ctx, dm_hazard_name(h), &back),
                      DM_OK);
        assert_int_equal(back, h);
    }
    for (int z = 0; z < DM_ZONE_COUNT; z++) {
        dm_zone back;
        assert_status(ctx, dm_zone_from_name(ctx, dm_zone_name(z), &back),
                      DM_OK);
        assert_int_equal(back, z);
    }
    for (int s = 0; s < DM_AREA_STATE_COUNT; s++) {
        dm_area_state back;
        assert_status(
            ctx, dm_area_state_from_name(ctx, dm_area_state_name(s), &back),
            DM_OK);
        assert_int_equal(back, s);
    }
    dm_area_state st;
    assert_status(ctx, dm_area_state_from_name(ctx, "CHA", &st), DM_OK);
    assert_int_equal(st, DM_AREA_CONFIRMED);
    assert_status(ctx, dm_area_state_from_name(ctx, "sha", &st), DM_OK);
    assert_int_equal(st, DM_AREA_SUSPECTED);
    dm_hazard h;
    assert_status(ctx, dm_hazard_from_name(ctx, "HIGH", &h), DM_OK);
    assert_int_equal(h, DM_HAZARD_HIGH);
    assert_status(ctx, dm_hazard_from_name(ctx, "severe", &h),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "unknown hazard class 'severe' (one of: high, "
                            "medium, low)");
    dm_zone z;
    assert_status(ctx, dm_zone_from_name(ctx, "contested", &z),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "'contested'");
    assert_null(dm_hazard_name((dm_hazard)7));
    assert_null(dm_zone_name((dm_zone)-1));
    dm_context_free(ctx);
}

static void cells_add_up(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "UA-63", "Kharkiv", DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 10.5),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "UA-63", "ignored", DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 2.0),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "UA-63", NULL, DM_HAZARD_LOW,
                              DM_ZONE_OCCUPIED, DM_AREA_CONFIRMED, 4.0),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "UA-14", NULL, DM_HAZARD_MEDIUM,
                              DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED, 0.0),
                  DM_OK);
    assert_int_equal(dm_work_region_count(ctx, w), 2);
    assert_string_equal(dm_work_region_code(ctx, w, 0), "UA-63");
    assert_string_equal(dm_work_region_name(ctx, w, 0), "Kharkiv");
    assert_string_equal(dm_work_region_name(ctx, w, 1), "UA-14");
    double km2;
    assert_status(ctx,
                  dm_work_area_km2(ctx, w, 0, DM_HAZARD_HIGH,
                                   DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED,
                                   &km2),
                  DM_OK);
    assert_abs(km2, 12.5, 0.0);
    assert_status(ctx, dm_work_region_total_km2(ctx, w, 0, &km2), DM_OK);
    assert_abs(km2, 16.5, 0.0);
    assert_status(ctx, dm_work_total_km2(ctx, w, &km2), DM_OK);
    assert_abs(km2, 16.5, 0.0);
    size_t i;
    assert_status(ctx, dm_work_find(ctx, w, "UA-14", &i), DM_OK);
    assert_int_equal(i, 1);
    assert_status(ctx, dm_work_find(ctx, w, "UA-99", &i), DM_ERR_NOT_FOUND);
    dm_work_free(w);
    dm_work_free(NULL);
    dm_context_free(ctx);
}

static void bad_cells_are_refused(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, -1.0),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "'A'");
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, NAN),
                  DM_ERR_BAD_VALUE);
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, INFINITY),
                  DM_ERR_BAD_VALUE);
    /* Larger than the Earth's surface: a unit mixed up, or overflow. */
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 6e8),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "larger than the Earth's surface");
    assert_status(ctx,
                  dm_work_add(ctx, w, "A", NULL, (dm_hazard)3,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_work_add(ctx, w, "", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                  DM_ERR_INVALID_ARGUMENT);
    assert_status(ctx,
                  dm_work_add(ctx, w, NULL, NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                  DM_ERR_NULL_ARGUMENT);
    /* The codes the outputs give the nation and the lands of the zones:
     * a region so coded could not be told from them. */
    static const char *const reserved[] = {"national", "open_at_start",
                                           "zone:accessible", "zone:x"};
    for (size_t i = 0; i < 4; i++) {
        assert_status(ctx,
                      dm_work_add(ctx, w, reserved[i], NULL, DM_HAZARD_HIGH,
                                  DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                      DM_ERR_BAD_VALUE);
        assert_message_has(ctx, "is reserved");
        assert_message_has(ctx, reserved[i]);
    }
    assert_int_equal(dm_work_region_count(ctx, w), 0); /* nothing added */
    /* Codes that only look alike are regions. */
    assert_status(ctx,
                  dm_work_add(ctx, w, "National", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                  DM_OK);
    assert_status(ctx,
                  dm_work_add(ctx, w, "zone", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                  DM_OK);
    assert_int_equal(dm_work_region_count(ctx, w), 2);
    dm_work_free(w);
    w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    double km2 = -1;
    assert_null(dm_work_region_code(ctx, w, 0));
    assert_int_equal(dm_context_last_status(ctx), DM_ERR_OUT_OF_RANGE);
    assert_status(ctx,
                  dm_work_area_km2(ctx, w, 0, DM_HAZARD_HIGH,
                                   DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED,
                                   &km2),
                  DM_ERR_OUT_OF_RANGE);
    assert_true(km2 == -1);
    assert_status(ctx, dm_work_total_km2(ctx, NULL, &km2),
                  DM_ERR_NULL_ARGUMENT);
    assert_status(ctx, dm_work_new(ctx, NULL), DM_ERR_NULL_ARGUMENT);
    dm_work_free(w);
    dm_context_free(ctx);
}

/* Many regions (the table's index grows many times): each code keeps its
 * own region, in the order first seen, whatever the order rows come in. */
/* A work table holds at most DM_MAX_WORK_REGIONS regions: the last one
 * fits, one more is refused naming it; rows of regions it has still add. */
static void regions_are_bounded(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    char code[32];
    for (int i = 0; i < DM_MAX_WORK_REGIONS; i++) {
        snprintf(code, sizeof code, "R%d", i);
        assert_status(ctx,
                      dm_work_add(ctx, w, code, NULL, DM_HAZARD_LOW,
                                  DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                      DM_OK);
    }
    assert_status(ctx,
                  dm_work_add(ctx, w, "one-more", NULL, DM_HAZARD_LOW,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "region 'one-more': more than the 100000 regions");
    assert_status(ctx,
                  dm_work_add(ctx, w, "R7", NULL, DM_HAZARD_HIGH,
                              DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 1.0),
                  DM_OK);
    assert_int_equal(dm_work_region_count(ctx, w), DM_MAX_WORK_REGIONS);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void many_regions_keep_their_rows(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_new(ctx, &w), DM_OK);
    enum {
        N = 5000
    };
    char code[32];
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < N; i++) {
            int r = pass == 0 ? i : N - 1 - i; /* then backwards */
            snprintf(code, sizeof code, "UA-%d", r);
            assert_status(ctx,
                          dm_work_add(ctx, w, code, NULL, DM_HAZARD_HIGH,
                                      DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED,
                                      (double)r),
                          DM_OK);
        }
    assert_int_equal(dm_work_region_count(ctx, w), N);
    for (int i = 0; i < N; i += 97) {
        snprintf(code, sizeof code, "UA-%d", i);
        assert_string_equal(dm_work_region_code(ctx, w, (size_t)i), code);
        double km2 = -1;
        assert_status(ctx,
                      dm_work_area_km2(ctx, w, (size_t)i, DM_HAZARD_HIGH,
                                       DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED,
                                       &km2),
                      DM_OK);
        assert_true(km2 == 2.0 * i); /* both passes' rows, summed */
    }
    dm_work_free(w);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(cells_add_up),
        cmocka_unit_test(bad_cells_are_refused),
        cmocka_unit_test(many_regions_keep_their_rows),
        cmocka_unit_test(regions_are_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
