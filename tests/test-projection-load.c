/* dm_work_load: a work table from a CSV or any GDAL source, with a field
 * mapping; each bad row refused naming the file, the row and the field. */
#include "testutil.h"

#include <math.h>

#define HEADER "code,name,class,zone,state,area_km2\n"

static void csv_rows_add_up(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *path = test_write(
        "work.csv", HEADER "UA-63,Kharkiv,high,controlled,suspected,10.5\n"
                           "UA-63,Kharkiv,high,controlled,suspected,2\n"
                           "UA-63,Kharkiv,low,occupied,confirmed,4\n"
                           "UA-14,Donetsk,Medium,OCCUPIED,,0.25\n");
    dm_work *w = NULL;
    assert_status(ctx, dm_work_load(ctx, path, NULL, &w), DM_OK);
    assert_int_equal(dm_work_region_count(ctx, w), 2);
    assert_string_equal(dm_work_region_name(ctx, w, 1), "Donetsk");
    double km2 = 0;
    assert_status(ctx,
                  dm_work_area_km2(ctx, w, 0, DM_HAZARD_HIGH,
                                   DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED,
                                   &km2),
                  DM_OK);
    assert_rel(km2, 12.5, 0);
    /* An empty state is suspected. */
    assert_status(ctx,
                  dm_work_area_km2(ctx, w, 1, DM_HAZARD_MEDIUM,
                                   DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED, &km2),
                  DM_OK);
    assert_rel(km2, 0.25, 0);
    assert_status(ctx, dm_work_total_km2(ctx, w, &km2), DM_OK);
    assert_rel(km2, 16.75, 1e-15);
    dm_work_free(w);

    /* Other field names, no state field (all suspected), a filter. */
    path =
        test_write("export.csv", "oblast,haz,ctrl,km2\nA,low,controlled,1.5\n"
                                 "B,high,occupied,2\nA,low,controlled,0.5\n");
    dm_work_load_options o;
    dm_work_load_options_init(&o);
    assert_string_equal(o.area_field, "area_km2");
    o.code_field = "oblast";
    o.name_field = NULL;
    o.class_field = "haz";
    o.zone_field = "ctrl";
    o.area_field = "km2";
    o.where = "oblast = 'A'";
    assert_status(ctx, dm_work_load(ctx, path, &o, &w), DM_OK);
    assert_int_equal(dm_work_region_count(ctx, w), 1);
    assert_string_equal(dm_work_region_name(ctx, w, 0), "A");
    assert_status(ctx,
                  dm_work_area_km2(ctx, w, 0, DM_HAZARD_LOW,
                                   DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED,
                                   &km2),
                  DM_OK);
    assert_rel(km2, 2.0, 0);
    dm_work_free(w);

    /* A GeoJSON attribute table with a numeric area, geometry ignored. */
    path = test_write(
        "work.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        "\"properties\":{\"code\":\"X\",\"class\":\"medium\",\"zone\":"
        "\"controlled\",\"state\":\"confirmed\",\"area_km2\":3.25},"
        "\"geometry\":null}]}");
    assert_status(ctx, dm_work_load(ctx, path, NULL, &w), DM_OK);
    assert_status(ctx,
                  dm_work_area_km2(ctx, w, 0, DM_HAZARD_MEDIUM,
                                   DM_ZONE_CONTROLLED, DM_AREA_CONFIRMED,
                                   &km2),
                  DM_OK);
    assert_rel(km2, 3.25, 0);
    dm_work_free(w);
    dm_context_free(ctx);
}

static void expect_bad(const char *name, const char *text,
                       const dm_work_load_options *o, dm_status want,
                       const char *needle)
{
    dm_context *ctx = dm_context_new();
    const char *path = text != NULL ? test_write(name, text) : test_path(name);
    dm_work *w = NULL;
    char printed[256];
    quiet_begin();
    dm_status got = dm_work_load(ctx, path, o, &w);
    size_t n = quiet_end(printed, sizeof printed);
    if (n != 0)
        fail_msg("%s: the library printed '%s'", name, printed);
    if (got != want)
        fail_msg("%s: %s, expected %s: %s", name, dm_status_str(got),
                 dm_status_str(want), dm_context_last_error(ctx));
    assert_null(w);
    assert_message_has(ctx, path);
    if (strstr(dm_context_last_error(ctx), needle) == NULL)
        fail_msg("%s: message '%s' does not contain '%s'", name,
                 dm_context_last_error(ctx), needle);
    dm_context_free(ctx);
}

static void bad_rows_name_file_row_and_field(void **state)
{
    (void)state;
    expect_bad("class.csv",
               HEADER "A,a,high,controlled,,1\nA,a,severe,controlled,,1\n",
               NULL, DM_ERR_BAD_VALUE,
               "row (FID) 2, field 'class': unknown hazard class 'severe'");
    expect_bad("zone.csv", HEADER "A,a,high,contested,,1\n", NULL,
               DM_ERR_BAD_VALUE, "field 'zone': unknown zone 'contested'");
    expect_bad("state.csv", HEADER "A,a,high,controlled,cleared,1\n", NULL,
               DM_ERR_BAD_VALUE, "field 'state': unknown state 'cleared'");
    expect_bad("area.csv", HEADER "A,a,high,controlled,,12 km2\n", NULL,
               DM_ERR_BAD_VALUE, "field 'area_km2': '12 km2' is not a number");
    expect_bad("negative.csv", HEADER "A,a,high,controlled,,-3\n", NULL,
               DM_ERR_BAD_VALUE, "field 'area_km2': -3 km² is not a finite");
    expect_bad("nan.csv", HEADER "A,a,high,controlled,,nan\n", NULL,
               DM_ERR_BAD_VALUE, "field 'area_km2': nan km²");
    expect_bad("noarea.csv", HEADER "A,a,high,controlled,,\n", NULL,
               DM_ERR_BAD_VALUE, "field 'area_km2': no area");
    expect_bad("nocode.csv", HEADER ",a,high,controlled,,1\n", NULL,
               DM_ERR_BAD_VALUE, "field 'code': an empty region code");
    expect_bad("nofield.csv", "code,class,zone,km2\nA,high,controlled,1\n",
               NULL, DM_ERR_FIELD_NOT_FOUND,
               "no field 'area_km2' (the area field; fields: code, class, "
               "zone, km2)");
    dm_work_load_options o;
    dm_work_load_options_init(&o);
    o.state_field = "status"; /* named, so required */
    expect_bad("nostatus.csv", HEADER "A,a,high,controlled,,1\n", &o,
               DM_ERR_FIELD_NOT_FOUND, "no field 'status'");
    expect_bad("empty.csv", HEADER, NULL, DM_ERR_EMPTY, "no row");
    expect_bad("missing.csv", NULL, NULL, DM_ERR_FILE_NOT_FOUND,
               "no such file");
    dm_context *ctx = dm_context_new();
    dm_work *w = NULL;
    assert_status(ctx, dm_work_load(ctx, NULL, NULL, &w),
                  DM_ERR_NULL_ARGUMENT);
    o.area_field = NULL;
    assert_status(ctx, dm_work_load(ctx, "x.csv", &o, &w),
                  DM_ERR_NULL_ARGUMENT);
    assert_message_has(ctx, "area field");
    dm_context_free(ctx);
}

/* A table in hectares read as km² makes Kharkiv (31,400 km²) hold 30,000
 * times more than it has: refused at the row that takes it past its area
 * when the regions are given, naming the row, the region, both areas and
 * the figures in hectares and m²; loaded with its unit, it holds what the
 * hectares say. */
static void units_and_plausibility(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL;
    assert_status(ctx,
                  dm_regions_load(ctx, test_embedded_boundaries(), NULL, &r),
                  DM_OK);
    double kharkiv = 0.0;
    size_t k = 0;
    assert_status(ctx, dm_regions_find(ctx, r, "UA-63", &k), DM_OK);
    assert_status(ctx, dm_regions_area_km2(ctx, r, k, &kharkiv), DM_OK);
    const char *path = test_write("hectares.csv", HEADER
                                  "UA-63,Kharkiv,high,controlled,,25000\n"
                                  "XX,not a region,high,controlled,,9e6\n"
                                  "UA-63,Kharkiv,low,controlled,,25000\n");
    dm_work_load_options o;
    dm_work_load_options_init(&o);
    assert_true(o.area_unit_km2 == 1.0);
    assert_null(o.regions);
    dm_work *w = NULL;
    /* Without the regions, as before: read as km². */
    assert_status(ctx, dm_work_load(ctx, path, &o, &w), DM_OK);
    dm_work_free(w);
    w = NULL;
    o.regions = r;
    char text[256];
    snprintf(text, sizeof text,
             "row (FID) 3, field 'area_km2': region 'UA-63' now holds "
             "50000.0 km² to work, more than its own %.1f km²: are the "
             "areas in hectares (500.0 km²) or m² (0.0500 km²)?",
             kharkiv);
    expect_bad("hectares.csv",
               HEADER "UA-63,Kharkiv,high,controlled,,25000\n"
                      "XX,not a region,high,controlled,,9e6\n"
                      "UA-63,Kharkiv,low,controlled,,25000\n",
               &o, DM_ERR_BAD_VALUE, text);
    /* Within 1 % of the region's area is not refused; past it is. */
    char row[160];
    snprintf(row, sizeof row, HEADER "UA-63,Kharkiv,high,controlled,,%.6f\n",
             1.009 * kharkiv);
    assert_status(ctx, dm_work_load(ctx, test_write("near.csv", row), &o, &w),
                  DM_OK);
    dm_work_free(w);
    w = NULL;
    snprintf(row, sizeof row, HEADER "UA-63,Kharkiv,high,controlled,,%.6f\n",
             1.011 * kharkiv);
    expect_bad("over.csv", row, &o, DM_ERR_BAD_VALUE, "row (FID) 1");

    /* With their unit: hectares and m². */
    double km2 = 0.0;
    o.area_unit_km2 = DM_KM2_PER_HECTARE;
    assert_status(ctx, dm_work_load(ctx, path, &o, &w), DM_OK);
    size_t i = 0;
    assert_status(ctx, dm_work_find(ctx, w, "UA-63", &i), DM_OK);
    assert_status(ctx, dm_work_region_total_km2(ctx, w, i, &km2), DM_OK);
    assert_rel(km2, 500.0, 1e-12);
    assert_status(ctx, dm_work_find(ctx, w, "XX", &i), DM_OK);
    assert_status(ctx, dm_work_region_total_km2(ctx, w, i, &km2), DM_OK);
    assert_rel(km2, 9e4, 1e-12); /* not a region: not checked */
    dm_work_free(w);
    w = NULL;
    o.area_unit_km2 = DM_KM2_PER_M2;
    assert_status(ctx, dm_work_load(ctx, path, &o, &w), DM_OK);
    assert_status(ctx, dm_work_find(ctx, w, "UA-63", &i), DM_OK);
    assert_status(ctx, dm_work_region_total_km2(ctx, w, i, &km2), DM_OK);
    assert_rel(km2, 0.05, 1e-12);
    dm_work_free(w);
    w = NULL;
    expect_bad("negative-ha.csv", HEADER "A,a,high,controlled,,-3\n", &o,
               DM_ERR_BAD_VALUE, "field 'area_km2': -3 m² is not a finite");
    const double bad[] = {0.0, -0.01, NAN, INFINITY};
    for (size_t j = 0; j < sizeof bad / sizeof bad[0]; j++) {
        o.area_unit_km2 = bad[j];
        assert_int_equal(dm_work_load(ctx, path, &o, &w),
                         DM_ERR_INVALID_ARGUMENT);
        assert_null(w);
        assert_message_has(ctx, "area_unit_km2");
    }
    dm_regions_free(r);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_rows_add_up),
        cmocka_unit_test(bad_rows_name_file_row_and_field),
        cmocka_unit_test(units_and_plausibility),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
