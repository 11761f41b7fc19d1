/* Survey polygons, writing the contamination, and bad conflict sources. */
#include "testutil.h"

#include <limits.h>
#include <math.h>

#include <dirent.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* The squares of test-contamination.c: W is x 5,000–5,200 km, E is
 * 5,200–5,400 km, both y 2,800–3,200 km, in EPSG:3035. */
static const char *crs3035 =
    "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
    "\"urn:ogc:def:crs:EPSG::3035\"}},";

static dm_regions *squares(dm_context *ctx)
{
    const char *path =
        test_writef("squares.geojson",
                    "{\"type\":\"FeatureCollection\",%s\"features\":["
                    "{\"type\":\"Feature\",\"properties\":{\"code\":\"W\","
                    "\"name\":\"west\"},"
                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
                    "5000000,2800000],"
                    "[5200000,2800000],[5200000,3200000],[5000000,3200000],"
                    "[5000000,2800000]]]}},"
                    "{\"type\":\"Feature\",\"properties\":{\"code\":\"E\","
                    "\"name\":\"east\"},"
                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
                    "5200000,2800000],"
                    "[5400000,2800000],[5400000,3200000],[5200000,3200000],"
                    "[5200000,2800000]]]}}]}",
                    crs3035);
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.target_crs = "EPSG:3035";
    dm_regions *r = NULL;
    assert_status(ctx, dm_regions_load(ctx, path, &o, &r), DM_OK);
    return r;
}

/* A box feature (km) with properties. */
#define BOX(props, x0, y0, x1, y1)                                            \
    "{\"type\":\"Feature\",\"properties\":{" props "},\"geometry\":{"         \
    "\"type\":\"Polygon\",\"coordinates\":[[[" #x0 "000," #y0 "000],[" #x1    \
    "000," #y0 "000],[" #x1 "000," #y1 "000],[" #x0 "000," #y1 "000],[" #x0   \
    "000," #y0 "000]]]}}"

static const char *survey_file(const char *name, const char *features)
{
    return test_writef(name,
                       "{\"type\":\"FeatureCollection\",%s\"features\":[%s]}",
                       crs3035, features);
}

static double area(dm_context *ctx, const dm_contamination *c, size_t region,
                   dm_hazard h, dm_zone z, dm_area_state st)
{
    double km2 = -1;
    assert_status(
        ctx, dm_contamination_area_km2(ctx, c, region, h, z, st, &km2), DM_OK);
    return km2;
}

static void survey_overlaps_count_once(void **state)
{
    (void)state;
    /* P1 SHA high 100×100 km across W|E; P2 CHA low overlapping P1's east
     * half; P3 occupied medium, half outside E. */
    const char *path = survey_file(
        "survey.geojson",
        BOX("\"class\":\"high\",\"status\":\"SHA\",\"zone\":\"controlled\"",
            5150, 3000, 5250,
            3100) "," BOX("\"class\":\"low\",\"status\":\"CHA\",\"zone\":"
                          "\"controlled\"",
                          5200, 3000, 5300,
                          3100) "," BOX("\"class\":\"medium\",\"status\":"
                                        "\"suspected\",\"zone\":"
                                        "\"occupied\"",
                                        5350, 2800, 5450, 2900));
    dm_context *ctx = dm_context_new();
    dm_regions *r = squares(ctx);
    dm_contamination *c = NULL;
    assert_status(ctx, dm_contamination_load_survey(ctx, r, path, NULL, &c),
                  DM_OK);
    const size_t W = 0, E = 1;
    const dm_hazard H = DM_HAZARD_HIGH, M = DM_HAZARD_MEDIUM,
                    L = DM_HAZARD_LOW;
    const dm_zone CT = DM_ZONE_CONTROLLED, OC = DM_ZONE_OCCUPIED;
    const dm_area_state SU = DM_AREA_SUSPECTED, CF = DM_AREA_CONFIRMED;
    /* High wins over low where they overlap; confirmed wins there too. */
    assert_rel(area(ctx, c, W, H, CT, SU), 5000.0, 1e-9);
    assert_rel(area(ctx, c, E, H, CT, CF), 5000.0, 1e-9);
    assert_abs(area(ctx, c, E, H, CT, SU), 0.0, 1e-9);
    assert_rel(area(ctx, c, E, L, CT, CF), 5000.0, 1e-9);
    assert_abs(area(ctx, c, W, L, CT, CF), 0.0, 1e-9);
    assert_rel(area(ctx, c, E, M, OC, SU), 5000.0, 1e-9);
    double total, outside;
    assert_status(ctx, dm_contamination_total_km2(ctx, c, &total), DM_OK);
    assert_rel(total, 20000.0, 1e-9);
    assert_status(ctx, dm_contamination_outside_km2(ctx, c, &outside), DM_OK);
    assert_rel(outside, 5000.0, 1e-9);
    double factor;
    int it;
    assert_status(ctx, dm_contamination_calibration(ctx, c, &factor, &it),
                  DM_OK);
    assert_abs(factor, 1.0, 0.0);
    assert_int_equal(it, 0);
    dm_contamination_free(c);

    /* Without the mapped fields: every polygon takes the defaults. */
    dm_survey_options o;
    dm_survey_options_init(&o);
    o.class_field = o.status_field = o.zone_field = NULL;
    o.default_hazard = DM_HAZARD_MEDIUM;
    o.default_state = DM_AREA_CONFIRMED;
    assert_status(ctx, dm_contamination_load_survey(ctx, r, path, &o, &c),
                  DM_OK);
    /* P1 ∪ P2 is 150 × 100 km; P3 has 50 × 100 km inside. */
    assert_rel(area(ctx, c, W, M, CT, CF) + area(ctx, c, E, M, CT, CF),
               20000.0, 1e-9);
    dm_contamination_free(c);
    dm_regions_free(r);
    dm_context_free(ctx);
}

/* A bow-tie drawn as a hazardous area is kept as its two triangles, and
 * the change is told: 0 km² as drawn (its lobes, of opposite orientation,
 * cancel exactly in the plane), 2 × ½ × 100 × 50 km² once repaired. */
static void survey_bow_tie_repair_is_told(void **state)
{
    (void)state;
    const char *path = survey_file(
        "bowtie-survey.geojson",
        "{\"type\":\"Feature\",\"properties\":{\"class\":\"high\"},"
        "\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[5050000,2900000],[5150000,3000000],"
        "[5150000,2900000],[5050000,3000000],[5050000,2900000]]]}}," BOX(
            "\"class\":\"low\"", 5250, 3000, 5300, 3100));
    dm_context *ctx = dm_context_new();
    dm_regions *r = squares(ctx);
    dm_contamination *c = NULL;
    dm_survey_options o;
    dm_survey_options_init(&o);
    o.status_field = o.zone_field = NULL;
    assert_status(ctx, dm_contamination_load_survey(ctx, r, path, &o, &c),
                  DM_OK);
    assert_int_equal(dm_contamination_repaired_count(ctx, c), 1);
    const char *where = NULL, *reason = NULL;
    double drawn = -1.0, repaired = -1.0, total = 0.0;
    assert_status(
        ctx,
        dm_contamination_repair(ctx, c, 0, &where, &reason, &drawn, &repaired),
        DM_OK);
    assert_non_null(strstr(where, "bowtie-survey.geojson"));
    assert_non_null(strstr(where, "feature 0"));
    assert_string_equal(reason, "Self-intersection");
    assert_abs(drawn, 0.0, 1e-9);
    assert_rel(repaired, 5000.0, 1e-9);
    assert_status(ctx, dm_contamination_total_km2(ctx, c, &total), DM_OK);
    assert_rel(total, 5000.0 + 5000.0, 1e-9);
    assert_int_equal(
        dm_contamination_repair(ctx, c, 1, &where, NULL, NULL, NULL),
        DM_ERR_OUT_OF_RANGE);
    dm_contamination_free(c);
    dm_regions_free(r);
    dm_context_free(ctx);
}

/* Loads a survey expecting failure; nothing printed, nothing returned. */
static void survey_fails(const char *path, const dm_survey_options *o,
                         dm_status want, const char *needle)
{
    dm_context *ctx = dm_context_new();
    dm_regions *r = squares(ctx);
    dm_contamination *c = NULL;
    char printed[256];
    quiet_begin();
    dm_status got = dm_contamination_load_survey(ctx, r, path, o, &c);
    size_t n = quiet_end(printed, sizeof printed);
    if (n != 0)
        fail_msg("printed: %s", printed);
    assert_status(ctx, got, want);
    assert_null(c);
    assert_message_has(ctx, needle);
    dm_regions_free(r);
    dm_context_free(ctx);
}

static void bad_surveys(void **state)
{
    (void)state;
    survey_fails(survey_file("outside.geojson",
                             BOX("\"class\":\"high\",\"status\":\"SHA\","
                                 "\"zone\":\"controlled\"",
                                 6000, 3000, 6100, 3100)),
                 NULL, DM_ERR_EMPTY, "no polygon falls inside the regions");
    survey_fails(survey_file("badclass.geojson",
                             BOX("\"class\":\"severe\",\"status\":\"SHA\","
                                 "\"zone\":\"controlled\"",
                                 5100, 3000, 5150, 3100)),
                 NULL, DM_ERR_BAD_VALUE,
                 "feature 0, field 'class': unknown hazard class 'severe'");
    survey_fails(survey_file("badstatus.geojson",
                             BOX("\"class\":\"high\",\"status\":\"maybe\","
                                 "\"zone\":\"controlled\"",
                                 5100, 3000, 5150, 3100)),
                 NULL, DM_ERR_BAD_VALUE, "field 'status'");
    survey_fails(survey_file("nofield.geojson", BOX("\"hazard\":\"high\"",
                                                    5100, 3000, 5150, 3100)),
                 NULL, DM_ERR_FIELD_NOT_FOUND, "no field 'class'");
    survey_fails(test_path("missing-survey.gpkg"), NULL, DM_ERR_FILE_NOT_FOUND,
                 "missing-survey.gpkg");
    /* Larger than a hemisphere: in lon/lat (GeoJSON's default), 340° by
     * 160° around the regions — its reprojection folds over and it was
     * lost without a word; in metres, 20,000 km square (4e8 km², more than
     * 2πR² = 2.55e8 km²). Both refused, naming the feature. */
    survey_fails(
        test_write("hemisphere.geojson",
                   "{\"type\":\"FeatureCollection\",\"features\":["
                   "{\"type\":\"Feature\",\"properties\":{\"class\":"
                   "\"high\",\"status\":\"SHA\",\"zone\":\"controlled\"},"
                   "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
                   "-170,-80],[170,-80],[170,80],[-170,80],[-170,-80]]]}}]}"),
        NULL, DM_ERR_BAD_GEOMETRY,
        "feature 0 spans 340.0° of longitude and 160.0° of latitude: more "
        "than a hemisphere");
    survey_fails(survey_file("continent.geojson",
                             BOX("\"class\":\"high\",\"status\":\"SHA\","
                                 "\"zone\":\"controlled\"",
                                 -10000, -10000, 10000, 10000)),
                 NULL, DM_ERR_BAD_GEOMETRY,
                 "feature 0 covers 4e+08 km² in the equal-area CRS: more "
                 "than a hemisphere (2.55e+08 km²)");
    dm_survey_options o;
    dm_survey_options_init(&o);
    o.default_hazard = (dm_hazard)7;
    survey_fails(test_path("missing-survey.gpkg"), &o, DM_ERR_INVALID_ARGUMENT,
                 "default class, state or zone");
}

/* ---- writing
 * ---------------------------------------------------------------- */

/* Number of entries in the temporary folder whose name starts with p. */
static int entries_starting(const char *dir, const char *p)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL)
        n += strncmp(e->d_name, p, strlen(p)) == 0;
    if (d != NULL)
        closedir(d);
    return n;
}

/* Two squares named in Cyrillic (EPSG:3035) with a border strip across
 * them: the contamination written in each format. */
static dm_contamination *cyrillic_world(dm_context *ctx, dm_regions **r)
{
    const char *regions = test_writef(
        "cyrillic.geojson",
        "{\"type\":\"FeatureCollection\",%s\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"W\",\"name\":"
        "\"Захід\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        "[[[5000000,2800000],[5200000,2800000],[5200000,3200000],[5000000,"
        "3200000],[5000000,2800000]]]}},{\"type\":\"Feature\",\"properties\":"
        "{\"code\":\"E\",\"name\":\"Схід «Є»\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[5200000,2800000],[5400000,2800000],"
        "[5400000,3200000],[5200000,3200000],[5200000,2800000]]]}}]}",
        crs3035);
    dm_regions_options ro;
    dm_regions_options_init(&ro);
    ro.target_crs = "EPSG:3035";
    assert_status(ctx, dm_regions_load(ctx, regions, &ro, r), DM_OK);
    const char *sources = test_writef(
        "strip.geojson",
        "{\"type\":\"FeatureCollection\",%s\"features\":[{\"type\":"
        "\"Feature\",\"properties\":{\"kind\":\"border_strip\",\"class\":"
        "\"medium\",\"bands_km\":\"10,25\"},\"geometry\":{\"type\":"
        "\"LineString\",\"coordinates\":[[5050000,2900000],[5350000,"
        "3100000]]}}]}",
        crs3035);
    dm_sources *s = NULL;
    assert_status(ctx, dm_sources_load(ctx, sources, NULL, &s), DM_OK);
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    o.target_share = 0.0;
    o.target_km2 = 0.0;
    o.front_line_km = 0.0;
    dm_contamination *c = NULL;
    assert_status(ctx, dm_contamination_build(ctx, *r, s, &o, &c), DM_OK);
    dm_sources_free(s);
    return c;
}

/* The index of a field, under its name or, in a Shapefile (DBF field names
 * are 10 characters at most), the name cut to 10. */
static int field_index(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0) {
        char cut[11] = {0};
        memcpy(cut, name, strlen(name) < 10 ? strlen(name) : 10);
        i = OGR_F_GetFieldIndex(f, cut);
    }
    assert_true(i >= 0);
    return i;
}

/* Reads a written file back with GDAL: its one layer's CRS (the EPSG code
 * when `epsg` is not 0, else its name holds `name`), every feature valid,
 * each one's area in EPSG:3035 equal to its area_km2 within 0.01 %, and
 * the Cyrillic names as written. Returns the features. (A GeoPackage
 * holds the QGIS style's table too, test-style.c; no other format gets a
 * second layer.) */
static int read_back(const char *path, int epsg, const char *name)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    if (ds == NULL)
        fail_msg("GDAL cannot open %s", path);
    const char *dot = strrchr(path, '.');
    int gpkg = dot != NULL && strcmp(dot, ".gpkg") == 0;
    assert_int_equal(GDALDatasetGetLayerCount(ds), 1 + gpkg);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    assert_string_not_equal(OGR_L_GetName(layer), "layer_styles");
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (epsg != 0) {
        assert_non_null(srs);
        OSRAutoIdentifyEPSG(srs);
        const char *code = OSRGetAuthorityCode(srs, NULL);
        if (code == NULL || atoi(code) != epsg)
            fail_msg("%s: CRS code %s, expected EPSG:%d", path,
                     code ? code : "(none)", epsg);
    } else if (srs == NULL || strstr(OSRGetName(srs), name) == NULL) {
        fail_msg("%s: CRS named '%s'", path, srs ? OSRGetName(srs) : "");
    }
    OGRSpatialReferenceH laea = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(laea, 3035);
    OSRSetAxisMappingStrategy(laea, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH here = OSRClone(srs);
    OSRSetAxisMappingStrategy(here, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct =
        OCTNewCoordinateTransformation(here, laea);
    assert_non_null(ct);
    int n = 0, cyrillic = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_G_Clone(OGR_F_GetGeometryRef(f));
        if (!OGR_G_IsValid(g))
            fail_msg("%s: feature %d is not valid", path, n);
        assert_int_equal(OGR_G_Transform(g, ct), OGRERR_NONE);
        double km2 = OGR_G_Area(g) / 1e6;
        double want =
            OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "area_km2"));
        if (!(fabs(km2 - want) <= 1e-4 * want))
            fail_msg("%s: feature %d has %.6f km², its area_km2 %.6f", path, n,
                     km2, want);
        const char *region =
            OGR_F_GetFieldAsString(f, field_index(f, "region_name"));
        if (strcmp(region, "Захід") != 0 && strcmp(region, "Схід «Є»") != 0)
            fail_msg("%s: region name '%s'", path, region);
        cyrillic += strcmp(region, "Захід") == 0;
        OGR_G_DestroyGeometry(g);
        OGR_F_Destroy(f);
        n++;
    }
    assert_true(cyrillic > 0);
    /* Every reader gets the area as a number (a CSV from its .csvt). */
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int area = OGR_FD_GetFieldIndex(defn, "area_km2");
    assert_true(area >= 0);
    assert_int_equal(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, area)),
                     OFTReal);
    OCTDestroyCoordinateTransformation(ct);
    OSRRelease(here);
    OSRRelease(laea);
    GDALClose(ds);
    return n;
}

/* Every format as a GIS reads it: GeoJSON always lon/lat (EPSG:4326, RFC
 * 7946) even unasked; a GeoPackage in lon/lat is EPSG:4326, in the
 * equal-area CRS that CRS by name; a Shapefile of any file name with its
 * .cpg saying UTF-8; FlatGeobuf; CSV (WKT, its CRS in a .prj beside it,
 * its types in a .csvt). */
static void every_format_reads_back(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL;
    dm_contamination *c = cyrillic_world(ctx, &r);
    double total = 0;
    assert_status(ctx, dm_contamination_total_km2(ctx, c, &total), DM_OK);
    dm_write_options lonlat;
    dm_write_options_init(&lonlat);
    lonlat.lonlat = 1;
    struct {
        const char *name;
        const dm_write_options *o;
        int epsg;
        const char *crs_name;
    } formats[] = {
        {"c.geojson", NULL, 4326, NULL},
        {"c.gpkg", &lonlat, 4326, NULL},
        {"c.gpkg", NULL, 3035, NULL},
        {"roads and fields.shp", NULL, 3035, NULL},
        {"c.fgb", &lonlat, 4326, NULL},
        {"c.csv", NULL, 3035, NULL},
    };
    int features = -1;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        const char *path = test_path(formats[i].name);
        assert_status(ctx, dm_contamination_write(ctx, c, path, formats[i].o),
                      DM_OK);
        int n = read_back(path, formats[i].epsg, formats[i].crs_name);
        if (features >= 0)
            assert_int_equal(n, features);
        features = n;
    }
    assert_true(features >= 4);
    char *cpg = test_slurp(test_path("roads and fields.cpg"), NULL);
    assert_string_equal(cpg, "UTF-8");
    free(cpg);
    dm_contamination_free(c);
    dm_regions_free(r);
    dm_context_free(ctx);
}

static void geopackage_has_the_documented_fields(void **state)
{
    ukraine *u = *state;
    const char *path = test_path("contamination.gpkg");
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, NULL),
                  DM_OK);
    assert_int_equal(entries_starting(test_tmpdir(), ".demine-"), 0);

    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "contamination");
    assert_non_null(layer);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const char *fields[] = {"region_code", "region_name", "class",
                            "zone",        "state",       "area_km2"};
    assert_int_equal(OGR_FD_GetFieldCount(defn), 6);
    for (int i = 0; i < 6; i++)
        assert_string_equal(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)),
                            fields[i]);
    assert_int_equal(wkbFlatten(OGR_L_GetGeomType(layer)), wkbMultiPolygon);
    /* Each feature's geometry measures what its area_km2 says, and the
     * areas add up to the library's national total. */
    double sum = 0.0, total;
    OGRFeatureH f;
    int n = 0;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        double km2 = OGR_F_GetFieldAsDouble(f, 5);
        assert_rel(OGR_G_Area(OGR_F_GetGeometryRef(f)) / 1e6, km2, 1e-9);
        size_t i;
        assert_status(u->ctx,
                      dm_regions_find(u->ctx, u->regions,
                                      OGR_F_GetFieldAsString(f, 0), &i),
                      DM_OK);
        dm_hazard h;
        dm_zone z;
        dm_area_state st;
        assert_status(
            u->ctx,
            dm_hazard_from_name(u->ctx, OGR_F_GetFieldAsString(f, 2), &h),
            DM_OK);
        assert_status(
            u->ctx,
            dm_zone_from_name(u->ctx, OGR_F_GetFieldAsString(f, 3), &z),
            DM_OK);
        assert_status(
            u->ctx,
            dm_area_state_from_name(u->ctx, OGR_F_GetFieldAsString(f, 4), &st),
            DM_OK);
        double lib;
        assert_status(
            u->ctx, dm_contamination_area_km2(u->ctx, u->c, i, h, z, st, &lib),
            DM_OK);
        assert_rel(km2, lib, 1e-12);
        sum += km2;
        n++;
        OGR_F_Destroy(f);
    }
    assert_true(n > 27);
    assert_status(u->ctx, dm_contamination_total_km2(u->ctx, u->c, &total),
                  DM_OK);
    assert_rel(sum, total, 1e-6);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    assert_non_null(srs);
    assert_string_equal(OSRGetAttrValue(srs, "PROJECTION", 0),
                        "Lambert_Azimuthal_Equal_Area");
    GDALClose(ds);
}

static void geojson_in_lon_lat(void **state)
{
    ukraine *u = *state;
    const char *path = test_path("contamination.geojson");
    dm_write_options o;
    dm_write_options_init(&o);
    o.lonlat = 1;
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, &o),
                  DM_OK);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGREnvelope env;
    assert_int_equal(OGR_L_GetExtent(layer, &env, TRUE), OGRERR_NONE);
    /* Ukraine: 22–41° E, 44–53° N. */
    assert_true(env.MinX > 22.0 && env.MaxX < 41.0);
    assert_true(env.MinY > 44.0 && env.MaxY < 53.0);
    GDALClose(ds);
}

static void failed_writes_leave_nothing(void **state)
{
    ukraine *u = *state;
    char printed[256];
    /* No such folder. */
    const char *nodir = test_path("no/such/folder/c.gpkg");
    quiet_begin();
    dm_status s = dm_contamination_write(u->ctx, u->c, nodir, NULL);
    assert_int_equal(quiet_end(printed, sizeof printed), 0);
    assert_status(u->ctx, s, DM_ERR_IO);
    assert_message_has(u->ctx, "no/such/folder");
    /* An extension that names no format. */
    assert_status(
        u->ctx, dm_contamination_write(u->ctx, u->c, test_path("c.xyz"), NULL),
        DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "c.xyz");
    assert_true(access(test_path("c.xyz"), F_OK) != 0);
    /* The destination is a folder: everything is written, then the rename
     * fails; the temporary files are removed and the folder is untouched. */
    const char *blocked = test_path("blocked.geojson");
    mkdir(blocked, 0700);
    test_write("blocked.geojson/keep", "x");
    quiet_begin();
    s = dm_contamination_write(u->ctx, u->c, blocked, NULL);
    assert_int_equal(quiet_end(printed, sizeof printed), 0);
    assert_status(u->ctx, s, DM_ERR_IO);
    assert_int_equal(entries_starting(test_tmpdir(), ".demine-"), 0);
    assert_int_equal(access(test_path("blocked.geojson/keep"), F_OK), 0);
    /* A good file is replaced only by a complete one. */
    const char *good = test_path("good.gpkg");
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, good, NULL),
                  DM_OK);
    struct stat before, after;
    assert_int_equal(stat(good, &before), 0);
    dm_write_options o;
    dm_write_options_init(&o);
    o.driver = "NoSuchDriver";
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, good, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "NoSuchDriver");
    dm_write_options_init(&o);
    o.layer = "";
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, good, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(u->ctx, "no layer name");
    assert_int_equal(stat(good, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino);
}

/* ---- bad conflict sources ------------------------------------------------
 */

#define FEATURE(props, geom)                                                  \
    "{\"type\":\"Feature\",\"properties\":{" props "},\"geometry\":" geom "}"
#define LINE "{\"type\":\"LineString\",\"coordinates\":[[30,48],[31,49]]}"

static void sources_fail(const char *name, const char *features,
                         const dm_sources_options *o, dm_status want,
                         const char *needle)
{
    const char *path = test_writef(
        name, "{\"type\":\"FeatureCollection\",\"features\":[%s]}", features);
    dm_context *ctx = dm_context_new();
    dm_sources *s = NULL;
    char printed[256];
    quiet_begin();
    dm_status got = dm_sources_load(ctx, path, o, &s);
    size_t n = quiet_end(printed, sizeof printed);
    if (n != 0)
        fail_msg("printed: %s", printed);
    assert_status(ctx, got, want);
    assert_null(s);
    assert_message_has(ctx, needle);
    assert_message_has(ctx, name);
    dm_context_free(ctx);
}

/* Bands as a file may write them: a JSON array of integers or of reals,
 * a single integer or real, a list in text with blanks, brackets and
 * tabs; each read to the same distances. */
static void band_forms(void **state)
{
    (void)state;
    static const struct {
        const char *bands;
        size_t n;
        double first, last;
    } forms[] = {
        {"[10, 30]", 2, 10, 30},    {"[10.5, 30]", 2, 10.5, 30},
        {"10", 1, 10, 10},          {"12.5", 1, 12.5, 12.5},
        {"\"[10 30]\"", 2, 10, 30}, {"\"\\t5,\\t20 \"", 2, 5, 20},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const char *path = test_writef(
            "bands.geojson",
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
            "\"Feature\",\"properties\":{\"kind\":\"border_strip\","
            "\"class\":\"high\",\"bands_km\":%s},\"geometry\":" LINE "}]}",
            forms[i].bands);
        dm_context *ctx = dm_context_new();
        dm_sources *src = NULL;
        assert_status(ctx, dm_sources_load(ctx, path, NULL, &src), DM_OK);
        dm_source_info info;
        dm_source_info_init(&info);
        assert_status(ctx, dm_sources_info(ctx, src, 0, &info), DM_OK);
        if (info.band_count != forms[i].n ||
            info.bands_km[0] != forms[i].first ||
            info.bands_km[info.band_count - 1] != forms[i].last)
            fail_msg("%s read as %zu bands", forms[i].bands, info.band_count);
        dm_sources_free(src);
        dm_context_free(ctx);
    }
    /* 17 bands, in an array and in text (16 the most); none at all. */
    sources_fail("many.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"
                         "16,17]",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "has 17 bands, at most 16");
    sources_fail("many-text.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":\"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"
                         "16,17\"",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "or there are more than 16 bands");
    sources_fail("none.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":\" , \"",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "no bands in field 'bands_km'");
    sources_fail("null.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":null",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE,
                 "no bands (field 'bands_km' is empty)");
}

static void bad_sources(void **state)
{
    (void)state;
    sources_fail("kind.geojson",
                 FEATURE("\"kind\":\"trench\",\"class\":\"high\","
                         "\"bands_km\":\"10\"",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE,
                 "field 'kind': unknown kind 'trench'");
    sources_fail("class.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"extreme\","
                         "\"bands_km\":\"10\"",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "unknown hazard class 'extreme'");
    sources_fail("zone.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"zone\":\"grey\",\"bands_km\":\"10\"",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "unknown zone 'grey'");
    sources_fail("negative.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":\"10,-5\"",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "band 2 is -5 km");
    /* 1e300 km once reached GEOS and came back as "buffering source 0
     * failed", naming nothing. */
    sources_fail("far.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":[10, 1e300]",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE,
                 "field 'bands_km': band 2 is 1e+300 km; distances are "
                 "finite, >= 0 and at most 20000 km");
    sources_fail("text.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":\"ten\"",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "'ten' is not a distance in km");
    sources_fail("order.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":[30, 10]",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "distances must increase");
    sources_fail("zero.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":0",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "0 km covers nothing");
    sources_fail("nan.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":\"nan\"",
                         LINE),
                 NULL, DM_ERR_BAD_VALUE, "band 1 is nan km");
    sources_fail("type.geojson",
                 FEATURE("\"kind\":\"battle_site\",\"class\":\"high\","
                         "\"bands_km\":\"5\"",
                         LINE),
                 NULL, DM_ERR_GEOMETRY_TYPE,
                 "a battle_site cannot be a LineString");
    sources_fail("nogeom.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":\"5\"",
                         "null"),
                 NULL, DM_ERR_BAD_GEOMETRY, "a border_strip needs a geometry");
    sources_fail("nobands.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\"", LINE),
                 NULL, DM_ERR_FIELD_NOT_FOUND, "no field 'bands_km'");
    dm_sources_options o;
    dm_sources_options_init(&o);
    o.zone_field = "side";
    sources_fail("zonefield.geojson",
                 FEATURE("\"kind\":\"border_strip\",\"class\":\"high\","
                         "\"bands_km\":\"5\"",
                         LINE),
                 &o, DM_ERR_FIELD_NOT_FOUND, "no field 'side'");

    /* A layer with no CRS. */
    const char *csv = test_write(
        "nocrs.csv", "kind,class,bands_km,WKT\nborder_strip,high,10,"
                     "\"LINESTRING(30 48,31 49)\"\n");
    dm_context *ctx = dm_context_new();
    dm_sources *s = NULL;
    assert_status(ctx, dm_sources_load(ctx, csv, NULL, &s), DM_ERR_NO_CRS);
    assert_message_has(ctx, "nocrs.csv");
    dm_sources_options_init(&o);
    o.source_crs = "EPSG:4326";
    assert_status(ctx, dm_sources_load(ctx, csv, &o, &s), DM_OK);
    dm_sources_free(s);
    dm_context_free(ctx);
}

static void unreachable_targets(void **state)
{
    ukraine *u = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", DM_TEST_DATA, DM_DEFAULT_SOURCES);
    dm_sources *s = NULL;
    assert_status(u->ctx, dm_sources_load(u->ctx, path, NULL, &s), DM_OK);
    dm_contamination_options o;
    dm_contamination_options_init(&o);
    dm_contamination *c = NULL;
    double national;
    assert_status(u->ctx,
                  dm_regions_total_area_km2(u->ctx, u->regions, &national),
                  DM_OK);
    o.target_km2 = 1.5 * national; /* 150 % */
    assert_status(u->ctx,
                  dm_contamination_build(u->ctx, u->regions, s, &o, &c),
                  DM_ERR_UNREACHABLE);
    assert_message_has(u->ctx, "more than the national area");
    o.target_km2 = 0.0;
    o.target_share = 1.5;
    assert_status(u->ctx,
                  dm_contamination_build(u->ctx, u->regions, s, &o, &c),
                  DM_ERR_UNREACHABLE);
    /* Less than the occupied territory covers on its own. */
    o.target_share = 0.05;
    assert_status(u->ctx,
                  dm_contamination_build(u->ctx, u->regions, s, &o, &c),
                  DM_ERR_UNREACHABLE);
    assert_message_has(u->ctx, "polygon sources cover before any buffering");
    o.target_share = 0.3;
    o.tolerance = 0.0;
    assert_status(u->ctx,
                  dm_contamination_build(u->ctx, u->regions, s, &o, &c),
                  DM_ERR_INVALID_ARGUMENT);
    o.tolerance = 0.001;
    /* Segments per quarter circle: 1 to 1,024 (the bound keeps a buffer's
     * vertices, and its time, bounded). */
    const int quadsegs[] = {0, -1, 1025, INT_MAX};
    for (size_t i = 0; i < sizeof quadsegs / sizeof quadsegs[0]; i++) {
        o.quadrant_segments = quadsegs[i];
        assert_status(u->ctx,
                      dm_contamination_build(u->ctx, u->regions, s, &o, &c),
                      DM_ERR_INVALID_ARGUMENT);
        char want[64];
        snprintf(want, sizeof want, "quadrant_segments %d is not in 1–1024",
                 quadsegs[i]);
        assert_message_has(u->ctx, want);
        assert_null(c);
    }
    dm_sources_free(s);
}

static void line_that_splits_nothing(void **state)
{
    ukraine *u = *state;
    /* A line of contact far outside Ukraine leaves nothing on its left. */
    const char *path =
        test_write("faraway.geojson",
                   "{\"type\":\"FeatureCollection\",\"features\":[" FEATURE(
                       "\"kind\":\"line_of_contact\",\"class\":\"high\","
                       "\"bands_km\":\"10\"",
                       "{\"type\":\"LineString\",\"coordinates\":[[0,40],[1,"
                       "41]]}") "," FEATURE("\"kind\":\"occupied\",\"class\":"
                                            "\"low\",\"bands_km\":\"0\"",
                                            "null") "]}");
    dm_sources *s = NULL;
    assert_status(u->ctx, dm_sources_load(u->ctx, path, NULL, &s), DM_OK);
    dm_contamination *c = NULL;
    assert_status(u->ctx,
                  dm_contamination_build(u->ctx, u->regions, s, NULL, &c),
                  DM_ERR_BAD_GEOMETRY);
    assert_message_has(u->ctx, "does not split the national outline");
    dm_sources_free(s);
}

int main(void)
{
    const struct CMUnitTest alone[] = {
        cmocka_unit_test(survey_overlaps_count_once),
        cmocka_unit_test(bad_surveys),
        cmocka_unit_test(survey_bow_tie_repair_is_told),
        cmocka_unit_test(bad_sources),
        cmocka_unit_test(band_forms),
        cmocka_unit_test(every_format_reads_back),
    };
    const struct CMUnitTest with_ukraine[] = {
        cmocka_unit_test(geopackage_has_the_documented_fields),
        cmocka_unit_test(geojson_in_lon_lat),
        cmocka_unit_test(failed_writes_leave_nothing),
        cmocka_unit_test(unreachable_targets),
        cmocka_unit_test(line_that_splits_nothing),
    };
    int failed =
        cmocka_run_group_tests_name("survey and sources", alone, NULL, NULL);
    failed += cmocka_run_group_tests_name(
        "ukraine", with_ukraine, test_ukraine_setup, test_ukraine_teardown);
    return failed;
}
