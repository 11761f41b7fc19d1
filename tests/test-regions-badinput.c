/* Bad boundaries: each gets its own status and a message naming the
 * culprit, nothing is returned, nothing is printed. */
#include "testutil.h"

#define FC_BEGIN "{\"type\":\"FeatureCollection\",\"features\":["
#define FC_END "]}"
#define SQUARE "[[[30,48],[31,48],[31,49],[30,49],[30,48]]]"

/* Loads with the library's output trapped; checks status, that *out stays
 * NULL, that the message holds `needle`, and that nothing was printed. */
static void expect_failure(const char *source, const dm_regions_options *o,
                           dm_status want, const char *needle)
{
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL;
    char printed[256];
    quiet_begin();
    dm_status got = dm_regions_load(ctx, source, o, &r);
    size_t n = quiet_end(printed, sizeof printed);
    if (n != 0)
        fail_msg("the library printed %zu bytes: '%s'", n, printed);
    assert_status(ctx, got, want);
    assert_null(r);
    assert_message_has(ctx, needle);
    assert_int_equal(dm_context_last_status(ctx), want);
    dm_context_free(ctx);
}

static void missing_file(void **state)
{
    (void)state;
    const char *path = test_path("no-such-file.geojson");
    expect_failure(path, NULL, DM_ERR_FILE_NOT_FOUND, path);
}

static void not_a_vector_source(void **state)
{
    (void)state;
    const char *path = test_write("notes.txt", "Just some words.\n");
    expect_failure(path, NULL, DM_ERR_NOT_VECTOR, path);
    /* A folder with nothing GDAL reads in it. */
    const char *dir = test_path("empty-folder");
    mkdir(dir, 0700);
    expect_failure(dir, NULL, DM_ERR_NOT_VECTOR, dir);
}

static void truncated_geojson(void **state)
{
    (void)state;
    const char *path = test_write(
        "truncated.geojson", FC_BEGIN
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"A\",\"name\":\"a\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[30,48],"
        "[31,48],[31,");
    expect_failure(path, NULL, DM_ERR_CORRUPT, path);
}

static void missing_layer(void **state)
{
    (void)state;
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.layer = "oblasts";
    expect_failure(test_embedded_boundaries(), &o, DM_ERR_LAYER_NOT_FOUND,
                   "no layer 'oblasts' (layers: ukraine_admin1)");
}

static void empty_layer(void **state)
{
    (void)state;
    const char *path = test_write("empty.geojson", FC_BEGIN FC_END);
    expect_failure(path, NULL, DM_ERR_EMPTY, path);
    /* A filter that matches nothing names the filter. */
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.where = "code = 'UA-99'";
    expect_failure(test_embedded_boundaries(), &o, DM_ERR_EMPTY,
                   "matching 'code = 'UA-99''");
}

static void layer_of_points(void **state)
{
    (void)state;
    const char *path =
        test_write("points.geojson", FC_BEGIN
                   "{\"type\":\"Feature\",\"properties\":{\"code\":\"P\","
                   "\"name\":\"p\"},\"geometry\":{\"type\":\"Point\","
                   "\"coordinates\":[30,48]}}" FC_END);
    expect_failure(path, NULL, DM_ERR_GEOMETRY_TYPE, "is a Point");
}

static void mixed_geometry_types(void **state)
{
    (void)state;
    const char *path = test_write(
        "mixed.geojson", FC_BEGIN
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"A\",\"name\":\"a\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQUARE
        "}},{\"type\":\"Feature\",\"properties\":{\"code\":\"B\",\"name\":"
        "\"b\"},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
        "[[30,48],[31,49]]}}" FC_END);
    expect_failure(path, NULL, DM_ERR_GEOMETRY_TYPE,
                   "feature 1 ('B') is a "
                   "LineString");
}

/* Every kind of geometry that is no polygon, named as GEOS names it; a
 * collection of polygons is polygons. */
static void every_geometry_type_named(void **state)
{
    (void)state;
    static const struct {
        const char *geometry, *name;
    } kinds[] = {
        {"{\"type\":\"MultiPoint\",\"coordinates\":[[30,48],[31,49]]}",
         "is a MultiPoint"},
        {"{\"type\":\"MultiLineString\",\"coordinates\":[[[30,48],[31,"
         "49]]]}",
         "is a MultiLineString"},
        {"{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":"
         "\"Polygon\",\"coordinates\":" SQUARE "},{\"type\":\"Point\","
         "\"coordinates\":[30,48]}]}",
         "is a GeometryCollection"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const char *path = test_writef(
            "kind.geojson",
            FC_BEGIN "{\"type\":\"Feature\",\"properties\":{\"code\":"
                     "\"K\",\"name\":\"k\"},\"geometry\":%s}" FC_END,
            kinds[i].geometry);
        expect_failure(path, NULL, DM_ERR_GEOMETRY_TYPE, kinds[i].name);
    }
    /* Two squares in a collection: a unit of 2 × 8,217.7 km². */
    const char *path =
        test_write("collection.geojson", FC_BEGIN
                   "{\"type\":\"Feature\",\"properties\":{\"code\":\"G\","
                   "\"name\":\"g\"},\"geometry\":{\"type\":"
                   "\"GeometryCollection\",\"geometries\":[{\"type\":"
                   "\"Polygon\",\"coordinates\":" SQUARE "},{\"type\":"
                   "\"Polygon\",\"coordinates\":[[[31,48],[32,48],[32,49],[31,"
                   "49],[31,48]]]}]}}" FC_END);
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL;
    assert_status(ctx, dm_regions_load(ctx, path, NULL, &r), DM_OK);
    double km2 = 0;
    assert_status(ctx, dm_regions_area_km2(ctx, r, 0, &km2), DM_OK);
    assert_rel(km2, 2 * 8217.732076, 1e-3);
    dm_regions_free(r);
    dm_context_free(ctx);
}

/* A feature whose edges, followed at 0.05° for the reprojection, would
 * make more than 10 million vertices (1,500 edges across 359° of
 * longitude: about 10.8 million): refused before they are made. */
static void too_many_vertices_once_densified(void **state)
{
    (void)state;
    size_t cap = 64 * 1600, used = 0;
    char *ring = malloc(cap);
    assert_non_null(ring);
    for (int i = 0; i <= 1500; i++)
        used +=
            (size_t)snprintf(ring + used, cap - used, "%s[%d,%.2f]",
                             i ? "," : "", i % 2 ? 359 : 0, -75.0 + i * 0.1);
    snprintf(ring + used, cap - used, ",[0,-75]");
    const char *path = test_writef(
        "zigzag.geojson",
        FC_BEGIN "{\"type\":\"Feature\",\"properties\":{\"code\":\"Z\","
                 "\"name\":\"z\"},\"geometry\":{\"type\":\"Polygon\","
                 "\"coordinates\":[[%s]]}}" FC_END,
        ring);
    free(ring);
    expect_failure(path, NULL, DM_ERR_BAD_GEOMETRY,
                   "vertices once its edges are followed (more than the "
                   "10000000 a feature may have)");
}

static void name_field_that_does_not_exist(void **state)
{
    (void)state;
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.name_field = "shapeName";
    expect_failure(test_embedded_boundaries(), &o, DM_ERR_FIELD_NOT_FOUND,
                   "no field 'shapeName' (the name field; fields: code, name");
    dm_regions_options_init(&o);
    o.code_field = "shapeISO";
    expect_failure(test_embedded_boundaries(), &o, DM_ERR_FIELD_NOT_FOUND,
                   "no field 'shapeISO' (the code field");
}

static void no_crs_and_no_source_crs(void **state)
{
    (void)state;
    const char *path = test_write(
        "nocrs.csv", "code,name,WKT\nC,cell,\"POLYGON((30 48,31 48,31 49,"
                     "30 49,30 48))\"\n");
    expect_failure(path, NULL, DM_ERR_NO_CRS, path);
    expect_failure(path, NULL, DM_ERR_NO_CRS, "--source-crs");
}

static void bad_crs_definitions(void **state)
{
    (void)state;
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.source_crs = "EPSG:999999";
    expect_failure(test_embedded_boundaries(), &o, DM_ERR_BAD_CRS,
                   "EPSG:999999");
    dm_regions_options_init(&o);
    o.target_crs = "EPSG:4326";
    expect_failure(test_embedded_boundaries(), &o, DM_ERR_BAD_CRS,
                   "geographic");
    o.target_crs = "not a crs at all";
    expect_failure(test_embedded_boundaries(), &o, DM_ERR_BAD_CRS,
                   "not a crs at all");
}

static void bad_filter(void **state)
{
    (void)state;
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.where = "no_such_field = 3";
    expect_failure(test_embedded_boundaries(), &o, DM_ERR_BAD_FILTER,
                   "no_such_field = 3");
}

static void huge_and_non_finite_coordinates(void **state)
{
    (void)state;
    const char *path = test_write(
        "huge.geojson", FC_BEGIN
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"H\",\"name\":\"h\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[30,48],"
        "[1e300,48],[31,49],[30,48]]]}}" FC_END);
    expect_failure(path, NULL, DM_ERR_BAD_GEOMETRY, "(1e+300, 48)");
    path = test_write(
        "lat100.geojson", FC_BEGIN
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"H\",\"name\":\"h\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[30,48],"
        "[31,100],[31,49],[30,48]]]}}" FC_END);
    expect_failure(path, NULL, DM_ERR_BAD_GEOMETRY, "feature 0");
    /* A CSV can carry 'nan' and 'inf' straight into the WKT; GDAL either
     * refuses such WKT (no geometry) or passes the value on: both are
     * DM_ERR_BAD_GEOMETRY. */
    const char *values[] = {"nan", "inf", "-inf"};
    for (size_t i = 0; i < 3; i++) {
        path = test_writef("nonfinite.csv",
                           "code,WKT\nN,\"POLYGON((30 48,%s 48,31 49,"
                           "30 48))\"\n",
                           values[i]);
        dm_regions_options o;
        dm_regions_options_init(&o);
        o.source_crs = "EPSG:4326";
        o.name_field = NULL;
        expect_failure(path, &o, DM_ERR_BAD_GEOMETRY, "feature 1");
    }
}

static void empty_code_and_missing_geometry(void **state)
{
    (void)state;
    const char *path = test_write(
        "nocode.geojson", FC_BEGIN
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"\",\"name\":\"x\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" SQUARE
        "}}" FC_END);
    expect_failure(path, NULL, DM_ERR_BAD_VALUE, "code field 'code' is empty");
    path =
        test_write("nogeom.geojson", FC_BEGIN
                   "{\"type\":\"Feature\",\"properties\":{"
                   "\"code\":\"G\",\"name\":\"g\"},\"geometry\":null}" FC_END);
    expect_failure(path, NULL, DM_ERR_BAD_GEOMETRY, "('G'): no geometry");
}

/* A unit whose polygons enclose nothing (all its vertices on a line of
 * latitude) has no area: refused, not kept as a region of 0 km². */
static void unit_of_zero_area(void **state)
{
    (void)state;
    const char *path =
        test_write("flat.geojson", FC_BEGIN
                   "{\"type\":\"Feature\",\"properties\":{\"code\":\"Z\","
                   "\"name\":\"flat\"},\"geometry\":{\"type\":\"Polygon\","
                   "\"coordinates\":[[[30,48],[31,48],[32,48],[30,48]]]}},"
                   "{\"type\":\"Feature\",\"properties\":{\"code\":\"S\","
                   "\"name\":\"square\"},\"geometry\":{\"type\":\"Polygon\","
                   "\"coordinates\":" SQUARE "}}" FC_END);
    expect_failure(path, NULL, DM_ERR_BAD_GEOMETRY,
                   "unit 'Z': its polygons have no area");
}

static void bow_tie_is_repaired_not_rejected(void **state)
{
    (void)state;
    /* The bow-tie's edges cross at (30.5, 48.5): it is the two triangles. */
    const char *bowtie = test_write(
        "bowtie.geojson",
        FC_BEGIN "{\"type\":\"Feature\",\"properties\":{\"code\":\"B\","
                 "\"name\":\"bow-tie\"},\"geometry\":{\"type\":\"Polygon\","
                 "\"coordinates\":[[[30,48],[31,49],[31,48],[30,49],[30,48]]]"
                 "}}" FC_END);
    const char *triangles =
        test_write("triangles.geojson", FC_BEGIN
                   "{\"type\":\"Feature\",\"properties\":{\"code\":\"T\","
                   "\"name\":\"two triangles\"},\"geometry\":{\"type\":"
                   "\"MultiPolygon\",\"coordinates\":[[[[30,48],[30.5,48.5],"
                   "[30,49],[30,48]]],[[[31,48],[31,49],[30.5,48.5],[31,48]]]]"
                   "}}" FC_END);
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL, *t = NULL;
    char printed[256];
    quiet_begin();
    dm_status s = dm_regions_load(ctx, bowtie, NULL, &r);
    size_t n = quiet_end(printed, sizeof printed);
    assert_int_equal(n, 0);
    assert_status(ctx, s, DM_OK);
    assert_int_equal(dm_regions_repaired_count(ctx, r), 1);
    assert_status(ctx, dm_regions_load(ctx, triangles, NULL, &t), DM_OK);
    assert_int_equal(dm_regions_repaired_count(ctx, t), 0);
    double a_bowtie, a_triangles;
    assert_status(ctx, dm_regions_area_km2(ctx, r, 0, &a_bowtie), DM_OK);
    assert_status(ctx, dm_regions_area_km2(ctx, t, 0, &a_triangles), DM_OK);
    assert_rel(a_bowtie, a_triangles, 1e-4);
    /* Half of the 1° cell (8,217.7 km², see test-area.c), give or take the
     * curvature of the diagonals. */
    assert_rel(a_bowtie, 8217.7 / 2.0, 0.01);
    /* What the repair changed is told: the bow-tie as drawn has its two
     * lobes of opposite orientation, which cancel (to the curvature's
     * difference); repaired, it is both triangles. */
    const char *where = NULL, *reason = NULL;
    double drawn = -1.0, repaired = -1.0;
    assert_status(
        ctx, dm_regions_repair(ctx, r, 0, &where, &reason, &drawn, &repaired),
        DM_OK);
    assert_non_null(strstr(where, "bowtie.geojson"));
    assert_non_null(strstr(where, "feature"));
    assert_string_equal(reason, "Self-intersection");
    assert_true(drawn >= 0.0 && drawn < 0.01 * a_bowtie);
    assert_rel(repaired, a_bowtie, 1e-12);
    assert_status(ctx, dm_regions_repair(ctx, r, 0, NULL, NULL, NULL, NULL),
                  DM_OK);
    assert_int_equal(dm_regions_repair(ctx, r, 1, &where, NULL, NULL, NULL),
                     DM_ERR_OUT_OF_RANGE);
    assert_int_equal(dm_regions_repair(ctx, t, 0, &where, NULL, NULL, NULL),
                     DM_ERR_OUT_OF_RANGE);
    dm_regions_free(r);
    dm_regions_free(t);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_file),
        cmocka_unit_test(not_a_vector_source),
        cmocka_unit_test(truncated_geojson),
        cmocka_unit_test(missing_layer),
        cmocka_unit_test(empty_layer),
        cmocka_unit_test(layer_of_points),
        cmocka_unit_test(mixed_geometry_types),
        cmocka_unit_test(every_geometry_type_named),
        cmocka_unit_test(too_many_vertices_once_densified),
        cmocka_unit_test(name_field_that_does_not_exist),
        cmocka_unit_test(no_crs_and_no_source_crs),
        cmocka_unit_test(bad_crs_definitions),
        cmocka_unit_test(bad_filter),
        cmocka_unit_test(huge_and_non_finite_coordinates),
        cmocka_unit_test(empty_code_and_missing_geometry),
        cmocka_unit_test(unit_of_zero_area),
        cmocka_unit_test(bow_tie_is_repaired_not_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
