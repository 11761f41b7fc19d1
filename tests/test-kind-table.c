/* A new kind of asset is one row of the kind table (lib/engine/assets.c):
 * this program links an engine built with one more row, a "drone" survey
 * kind in the stage of non-technical survey (tests/meson.build adds it
 * with DM_TEST_EXTRA_KIND), and nothing else of the engine knows of it.
 * The parser takes it, its capacity goes to its stage, and the rules of
 * that stage hold for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demine.h"

/* The row the build adds comes after the five of demine.h. */
#define DRONE ((dm_asset_kind)DM_ASSET_KIND_COUNT)

/* Drones surveying 1 km² a month (1 crew × 50,000 m²/day × 20 days) that
 * cancel all they survey; no other capacity. `extra` is laid on top. */
#define DRONE_SCENARIO(extra)                                                 \
    "{\"name\": \"drones\", \"start\": \"2026-01\", \"horizon_months\": 36, " \
    "\"assets\": [{\"name\": \"crew\", \"kind\": \"drone\", \"count\": 1, "   \
    "\"productivity_m2_per_day\": 50000, \"working_days_per_month\": 20, "    \
    "\"cost_usd_per_unit_day\": 10}], \"land_release\": {\"high\": "          \
    "{\"nts_cancel_share\": 1, \"ts_reduce_share\": 0}, \"medium\": "         \
    "{\"nts_cancel_share\": 1, \"ts_reduce_share\": 0}, \"low\": "            \
    "{\"nts_cancel_share\": 1, \"ts_reduce_share\": 0}}" extra "}"

static void the_new_row_is_a_kind(void **state)
{
    (void)state;
    assert_string_equal(dm_asset_kind_name(DRONE), "drone");
    assert_string_equal(dm_asset_kind_name(DM_ASSET_MDD), "mdd");
    assert_null(dm_asset_kind_name((dm_asset_kind)(DM_ASSET_KIND_COUNT + 1)));
}

static void its_capacity_goes_to_its_stage(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_scenario *s = NULL;
    assert_int_equal(
        dm_scenario_load_string(ctx, DRONE_SCENARIO(""), NULL, &s), DM_OK);
    dm_asset_kind kind = DM_ASSET_NTS;
    assert_int_equal(dm_scenario_asset_kind(ctx, s, 0, &kind), DM_OK);
    assert_int_equal(kind, DRONE);
    dm_work *w = NULL;
    assert_int_equal(dm_work_new(ctx, &w), DM_OK);
    assert_int_equal(dm_work_add(ctx, w, "A", NULL, DM_HAZARD_HIGH,
                                 DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 10.0),
                     DM_OK);
    dm_projection *p = NULL;
    assert_int_equal(dm_project(ctx, w, s, NULL, &p), DM_OK);
    /* Survey of 1 km² a month that cancels everything releases the 10 km²
     * in 10 months. Had the kind fallen to clearance, nothing would pass
     * survey and nothing would be released. */
    double m100 = 0;
    assert_int_equal(
        dm_projection_months_to(ctx, p, DM_NATIONAL, DM_RELEASE_100, 0, &m100),
        DM_OK);
    assert_true(fabs(m100 - 10.0) < 1e-9);
    dm_projection_free(p);
    dm_work_free(w);
    dm_scenario_free(s);
    dm_context_free(ctx);
}

static void the_rules_of_its_stage_hold(void **state)
{
    (void)state;
    /* A drone crew and survey without a capacity limit contradict. */
    dm_context *ctx = dm_context_new();
    dm_scenario *s = NULL;
    assert_int_equal(
        dm_scenario_load_string(
            ctx,
            DRONE_SCENARIO(", \"unconstrained_survey\": {\"nts\": "
                           "{\"cost_usd_per_ha\": 6}}"),
            NULL, &s),
        DM_ERR_BAD_VALUE);
    assert_non_null(strstr(dm_context_last_error(ctx),
                           "assets[0]: a drone asset, but "
                           "unconstrained_survey.nts"));
    /* A detector model is for kinds with a detector only. */
    assert_int_equal(
        dm_scenario_load_string(
            ctx,
            "{\"name\": \"d\", \"start\": \"2026-01\", \"horizon_months\": 1, "
            "\"assets\": [{\"name\": \"crew\", \"kind\": \"drone\", "
            "\"count\": 1, \"productivity_m2_per_day\": 1, "
            "\"working_days_per_month\": 1, \"cost_usd_per_unit_day\": 1, "
            "\"detector\": {}}], \"land_release\": {}}",
            NULL, &s),
        DM_ERR_BAD_VALUE);
    assert_non_null(strstr(dm_context_last_error(ctx),
                           "a detector model is for manual assets only "
                           "(this is a drone asset)"));
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_new_row_is_a_kind),
        cmocka_unit_test(its_capacity_goes_to_its_stage),
        cmocka_unit_test(the_rules_of_its_stage_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
