/* The engine alone: this program links the engine's and the core's static
 * libraries without libdemine, GDAL, GEOS or PROJ (tests/meson.build), so
 * an engine file that used any of them would not link. It projects a work
 * table built cell by cell against an analytic answer, as a caller with a
 * mine-action database export would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demine.h"

/* One machine clearing 1 km² a day for 3 days a month (3 km² a month);
 * survey without a capacity limit that cancels and reduces nothing. */
static const char scenario_json[] =
    "{\"name\": \"alone\", \"start\": \"2026-01\", \"horizon_months\": 24, "
    "\"assets\": [{\"name\": \"machine\", \"kind\": \"mechanical\", "
    "\"count\": 1, \"productivity_m2_per_day\": 1000000, "
    "\"working_days_per_month\": 3, \"cost_usd_per_unit_day\": 100}], "
    "\"land_release\": {\"high\": {\"nts_cancel_share\": 0, "
    "\"ts_reduce_share\": 0}, \"medium\": {\"nts_cancel_share\": 0, "
    "\"ts_reduce_share\": 0}, \"low\": {\"nts_cancel_share\": 0, "
    "\"ts_reduce_share\": 0}}, \"unconstrained_survey\": {\"nts\": "
    "{\"cost_usd_per_ha\": 0}, \"ts\": {\"cost_usd_per_ha\": 0}}}";

static void projects_without_geometry(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    assert_non_null(ctx);
    dm_work *w = NULL;
    assert_int_equal(dm_work_new(ctx, &w), DM_OK);
    /* 30 km² in two classes of one region. */
    assert_int_equal(dm_work_add(ctx, w, "UA-63", "Kharkiv", DM_HAZARD_HIGH,
                                 DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED, 18.0),
                     DM_OK);
    assert_int_equal(dm_work_add(ctx, w, "UA-63", NULL, DM_HAZARD_LOW,
                                 DM_ZONE_CONTROLLED, DM_AREA_CONFIRMED, 12.0),
                     DM_OK);
    dm_scenario *s = NULL;
    assert_int_equal(dm_scenario_load_string(ctx, scenario_json, NULL, &s),
                     DM_OK);
    dm_projection *p = NULL;
    assert_int_equal(dm_project(ctx, w, s, NULL, &p), DM_OK);
    /* 30 km² at 3 km² a month: 80 % (24 km²) after 8 months, all after
     * 10; cost 3 unit-days × US$100 a month for 10 months. */
    double m80 = 0, m100 = 0, usd = 0;
    assert_int_equal(
        dm_projection_months_to(ctx, p, DM_NATIONAL, DM_RELEASE_80, 0, &m80),
        DM_OK);
    assert_int_equal(
        dm_projection_months_to(ctx, p, DM_NATIONAL, DM_RELEASE_100, 0, &m100),
        DM_OK);
    assert_int_equal(dm_projection_cost(ctx, p, DM_NATIONAL, 0, &usd), DM_OK);
    assert_true(fabs(m80 - 8.0) < 1e-9);
    assert_true(fabs(m100 - 10.0) < 1e-9);
    assert_true(fabs(usd - 10 * 3 * 100.0) < 1e-6);
    /* Months, from the library's own parser and formatter. */
    int month = 0;
    char text[DM_MONTH_TEXT_SIZE];
    assert_int_equal(dm_month_parse("2026-01", &month), DM_OK);
    assert_string_equal(dm_month_format(month + 10, text, sizeof text),
                        "2026-11");
    dm_projection_free(p);
    dm_scenario_free(s);
    dm_work_free(w);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(projects_without_geometry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
