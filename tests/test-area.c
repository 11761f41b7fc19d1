/* Areas measured by the library against independent computations: the
 * ellipsoidal area of a latitude-longitude cell (closed form), squares and
 * circles of known size in a projected CRS. */
#include "testutil.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* WGS 84 ellipsoid. */
static const double WGS84_A = 6378137.0;
static const double WGS84_F = 1.0 / 298.257223563;

static double authalic_q(double phi, double e)
{
    double s = sin(phi);
    return s / (1.0 - e * e * s * s) +
           (1.0 / (2.0 * e)) * log((1.0 + e * s) / (1.0 - e * s));
}

/* Area in km² of the cell lon0..lon1, lat0..lat1 (degrees) on the WGS 84
 * ellipsoid: (b²/2) Δλ [q(φ1) − q(φ0)] (Snyder, Map Projections, eq. 3-12). */
static double ellipsoid_cell_km2(double lon0, double lat0, double lon1,
                                 double lat1)
{
    const double d = M_PI / 180.0;
    double e2 = WGS84_F * (2.0 - WGS84_F);
    double e = sqrt(e2);
    double b = WGS84_A * (1.0 - WGS84_F);
    double q = authalic_q(lat1 * d, e) - authalic_q(lat0 * d, e);
    return 0.5 * b * b * (lon1 - lon0) * d * q / 1e6;
}

static const char *cell_geojson(const char *name, double lon0, double lat0,
                                double lon1, double lat1)
{
    return test_writef(
        name,
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        "\"properties\":{\"code\":\"C\",\"name\":\"cell\"},\"geometry\":{"
        "\"type\":\"Polygon\",\"coordinates\":[[[%g,%g],[%g,%g],[%g,%g],"
        "[%g,%g],[%g,%g]]]}}]}",
        lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1, lon0, lat0);
}

static double load_single_km2(const char *path, const dm_regions_options *o)
{
    dm_context *ctx = dm_context_new();
    dm_regions *r = NULL;
    double km2 = -1.0;
    dm_status s = dm_regions_load(ctx, path, o, &r);
    if (s != DM_OK)
        fail_msg("load %s: %s", path, dm_context_last_error(ctx));
    assert_int_equal(dm_regions_count(ctx, r), 1);
    assert_status(ctx, dm_regions_area_km2(ctx, r, 0, &km2), DM_OK);
    double total = 0.0;
    assert_status(ctx, dm_regions_total_area_km2(ctx, r, &total), DM_OK);
    assert_rel(total, km2, 1e-12);
    dm_regions_free(r);
    dm_context_free(ctx);
    return km2;
}

static void lonlat_cells_match_the_ellipsoid(void **state)
{
    (void)state;
    const struct {
        double lon0, lat0, lon1, lat1;
    } cells[] = {
        {30.0, 48.0, 31.0, 49.0}, /* near the CRS's centre */
        {22.0, 51.0, 23.0, 52.0}, /* far north-west corner */
        {39.0, 44.5, 40.0, 45.5}, /* far south-east */
        {22.0, 44.0, 40.0, 52.0}, /* all of Ukraine's extent in one cell */
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        const char *path =
            cell_geojson("cell.geojson", cells[i].lon0, cells[i].lat0,
                         cells[i].lon1, cells[i].lat1);
        double expected = ellipsoid_cell_km2(cells[i].lon0, cells[i].lat0,
                                             cells[i].lon1, cells[i].lat1);
        assert_rel(load_single_km2(path, NULL), expected, 1e-3);
    }
    /* The closed form against a numerical integral of M(φ) N(φ) cos φ over
     * 48°–49° N, 1° of longitude (100,000 midpoint steps): 8,217.732 km². */
    assert_rel(ellipsoid_cell_km2(30, 48, 31, 49), 8217.732076, 1e-8);
}

static void no_crs_with_source_crs_reads_lon_lat(void **state)
{
    (void)state;
    /* CSV with a WKT column: GDAL gives it no CRS. */
    const char *path = test_write(
        "cell.csv", "code,name,WKT\n"
                    "C,cell,\"POLYGON((30 48,31 48,31 49,30 49,30 48))\"\n");
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.source_crs = "EPSG:4326";
    assert_rel(load_single_km2(path, &o), ellipsoid_cell_km2(30, 48, 31, 49),
               1e-3);
}

/* A GeoPackage written through GDAL with one feature in EPSG:3035. */
static const char *gpkg_3035(const char *name, const char *wkt)
{
    const char *path = test_path(name);
    GDALAllRegister();
    unlink(path);
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 3035);
    OGRLayerH layer =
        GDALDatasetCreateLayer(ds, "shapes", srs, wkbUnknown, NULL);
    OSRRelease(srs);
    OGRFieldDefnH fd = OGR_Fld_Create("code", OFTString);
    OGR_L_CreateField(layer, fd, 1);
    OGR_Fld_Destroy(fd);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    OGR_F_SetFieldString(f, 0, "S");
    OGRGeometryH g = NULL;
    char *w = (char *)wkt;
    assert_int_equal(OGR_G_CreateFromWkt(&w, NULL, &g), OGRERR_NONE);
    OGR_F_SetGeometryDirectly(f, g);
    assert_int_equal(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
    OGR_F_Destroy(f);
    GDALClose(ds);
    return path;
}

static void square_in_a_projected_crs(void **state)
{
    (void)state;
    /* 10 km × 10 km near Kyiv in ETRS89-LAEA (EPSG:3035, easting first). */
    const char *path = gpkg_3035(
        "square.gpkg", "POLYGON((5700000 3100000,5710000 3100000,"
                       "5710000 3110000,5700000 3110000,5700000 3100000))");
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.name_field = NULL;
    /* Into the default CRS: both are equal-area, so the area is kept. */
    assert_rel(load_single_km2(path, &o), 100.0, 1e-3);
    /* Measured in its own CRS: no transformation at all. */
    o.target_crs = "EPSG:3035";
    assert_rel(load_single_km2(path, &o), 100.0, 1e-12);
}

static void circle_of_curves_is_linearised(void **state)
{
    (void)state;
    /* A CURVEPOLYGON circle of radius 10 km: π r² = 314.159 km². */
    const char *path =
        gpkg_3035("circle.gpkg", "CURVEPOLYGON(CIRCULARSTRING(5700000 3100000,"
                                 "5720000 3100000,5700000 3100000))");
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.name_field = NULL;
    o.target_crs = "EPSG:3035";
    assert_rel(load_single_km2(path, &o), M_PI * 10.0 * 10.0, 1e-3);
}

static void geojson_with_named_projected_crs(void **state)
{
    (void)state;
    /* GeoJSON 2008 "crs" member naming EPSG:3035: x is still the easting. */
    const char *path = test_write(
        "square3035.geojson",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
        "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3035\"}},"
        "\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"S\","
        "\"name\":\"s\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        "[[[5700000,3100000],[5720000,3100000],[5720000,3105000],"
        "[5700000,3105000],[5700000,3100000]]]}}]}");
    assert_rel(load_single_km2(path, NULL), 100.0, 1e-3);
}

static void authority_axis_order_is_respected(void **state)
{
    (void)state;
    /* GML with EPSG:4326 in its official latitude, longitude order. By
     * default GDAL swaps it to x = longitude on reading (data axis mapping
     * 2,1); with GML_INVERT_AXIS_ORDER_IF_LAT_LONG=NO it keeps x = latitude
     * (mapping 1,2) and the library must swap. Both must give the same
     * cell, west of the CRS's centre (31.5° E) and astride 48.5° N. */
    const char *path = test_write(
        "cell.gml",
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
        "<ogr:FeatureCollection xmlns:ogr=\"http://ogr.maptools.org/\" "
        "xmlns:gml=\"http://www.opengis.net/gml/3.2\"><ogr:featureMember>"
        "<ogr:cells gml:id=\"cells.0\"><ogr:geometryProperty><gml:Polygon "
        "srsName=\"urn:ogc:def:crs:EPSG::4326\" gml:id=\"p0\"><gml:exterior>"
        "<gml:LinearRing><gml:posList>48 30 48 31 49 31 49 30 48 30"
        "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"
        "</ogr:geometryProperty><ogr:code>C</ogr:code><ogr:name>cell"
        "</ogr:name></ogr:cells></ogr:featureMember>"
        "</ogr:FeatureCollection>\n");
    double bounds[2][4];
    for (int keep_lat_lon = 0; keep_lat_lon < 2; keep_lat_lon++) {
        if (keep_lat_lon)
            setenv("GML_INVERT_AXIS_ORDER_IF_LAT_LONG", "NO", 1);
        dm_context *ctx = dm_context_new();
        dm_regions *r = NULL;
        double km2 = 0.0;
        assert_status(ctx, dm_regions_load(ctx, path, NULL, &r), DM_OK);
        assert_status(ctx, dm_regions_area_km2(ctx, r, 0, &km2), DM_OK);
        assert_rel(km2, ellipsoid_cell_km2(30, 48, 31, 49), 1e-3);
        assert_status(ctx, dm_regions_bounds(ctx, r, 0, bounds[keep_lat_lon]),
                      DM_OK);
        assert_true(bounds[keep_lat_lon][2] < 0.0);
        assert_true(bounds[keep_lat_lon][1] < 0.0 &&
                    bounds[keep_lat_lon][3] > 0.0);
        dm_regions_free(r);
        dm_context_free(ctx);
        unsetenv("GML_INVERT_AXIS_ORDER_IF_LAT_LONG");
    }
    for (int k = 0; k < 4; k++)
        assert_abs(bounds[1][k], bounds[0][k], 1e-6);
}

/* Every kind of CRS a user may give: a bound CRS (a datum shift to WGS 84
 * attached), a compound one (with heights), a projected one in US feet, a
 * compound projected target; and what is none: a PROJ operation that is
 * no CRS, a CRS of the Moon (no transformation to the Earth). */
static void crs_of_every_kind(void **state)
{
    (void)state;
    const char *cell = test_write(
        "kinds.csv", "code,name,WKT\n"
                     "C,cell,\"POLYGON((30 48,31 48,31 49,30 49,30 48))\"\n");
    double want = ellipsoid_cell_km2(30, 48, 31, 49);
    dm_regions_options o;
    dm_regions_options_init(&o);
    o.source_crs = "+proj=longlat +ellps=WGS84 +towgs84=0,0,0 +type=crs";
    assert_rel(load_single_km2(cell, &o), want, 1e-3);
    o.source_crs = "EPSG:4326+5773"; /* WGS 84 + EGM96 height */
    assert_rel(load_single_km2(cell, &o), want, 1e-3);
    o.source_crs = "EPSG:4326";
    o.target_crs = "EPSG:3035+5773"; /* LAEA Europe + EGM96 height */
    assert_rel(load_single_km2(cell, &o), want, 1e-3);
    /* 1,000 US survey feet square near New York (EPSG:2263): 1000² ×
     * (1200 / 3937)² m². */
    const char *feet = test_write(
        "feet.csv",
        "code,name,WKT\nF,feet,\"POLYGON((980000 200000,981000 200000,981000 "
        "201000,980000 201000,980000 200000))\"\n");
    dm_regions_options_init(&o);
    o.source_crs = "EPSG:2263";
    double ft = 1200.0 / 3937.0;
    assert_rel(load_single_km2(feet, &o), 1e6 * ft * ft / 1e6, 1e-4);

    struct {
        const char *source, *target;
        dm_status status;
        const char *message;
    } bad[] = {
        {"+proj=merc", NULL, DM_ERR_BAD_CRS,
         "source CRS '+proj=merc' is a PROJ object but not a CRS"},
        {"EPSG:4326", "+proj=merc +lon_0=30", DM_ERR_BAD_CRS,
         "is a PROJ object but not a CRS"},
        {"IAU_2015:30100", NULL, DM_ERR_PROJ, "no transformation from"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dm_regions_options_init(&o);
        o.source_crs = bad[i].source;
        o.target_crs = bad[i].target;
        dm_context *ctx = dm_context_new();
        dm_regions *r = NULL;
        assert_status(ctx, dm_regions_load(ctx, cell, &o, &r), bad[i].status);
        assert_null(r);
        assert_message_has(ctx, bad[i].message);
        dm_context_free(ctx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lonlat_cells_match_the_ellipsoid),
        cmocka_unit_test(no_crs_with_source_crs_reads_lon_lat),
        cmocka_unit_test(square_in_a_projected_crs),
        cmocka_unit_test(circle_of_curves_is_linearised),
        cmocka_unit_test(geojson_with_named_projected_crs),
        cmocka_unit_test(authority_axis_order_is_respected),
        cmocka_unit_test(crs_of_every_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
