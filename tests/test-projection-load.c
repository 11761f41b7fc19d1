/* dm_work_load: a work table from a CSV or any GDAL source, with a field
 * mapping; each bad row refused naming the file, the row and the field. */
#include "testutil.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_rows_add_up),
        cmocka_unit_test(bad_rows_name_file_row_and_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
