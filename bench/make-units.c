/* Synthetic admin units for the scale benchmark (issue 15): N seeded
 * Voronoi cells that partition Ukraine, as a planner's hromadas (1,469) or
 * raions (136) would.
 *
 * Reads the boundaries (default: the embedded ukraine-admin1.geojson),
 * reprojects them with PROJ to the project's equal-area CRS
 * (DM_DEFAULT_CRS, lon/lat edges densified first as the library does) and
 * unions them with GEOS into the national outline; draws N points
 * uniformly inside it (splitmix64 seeded with SEED, rejection sampling over
 * the outline's envelope with a prepared "contains"); makes the GEOS
 * Voronoi diagram of the points over the outline's envelope, clips each
 * cell to the outline, cuts its edges into pieces of at most 3 km (see
 * DENSIFY_METRES) and writes the N units through GDAL in EPSG:4326
 * (longitude, latitude) with fields code ("H0001", the cell of the first
 * point drawn, …) and name ("hromada 1", …). The format is GDAL's for
 * OUT's extension (.gpkg, .geojson, .fgb …).
 *
 * The units must partition the outline: the sum of their areas, measured
 * again from the lon/lat coordinates written, must equal the outline's
 * area within PARTITION_TOLERANCE, or the program fails. The figures go to
 * stderr.
 *
 * Usage: make-units N SEED OUT [BOUNDARIES]
 * Exit status: 0 success, 1 failure (input, output, partition), 2 usage.
 *
 * Only GDAL, GEOS (reentrant API) and PROJ make the units; demine.h gives
 * the default CRS and where the embedded data is. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#define GEOS_USE_ONLY_R_API
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <proj.h>

#include "demine.h"

/* The largest |sum of the units' areas - outline area| / outline area. */
#define PARTITION_TOLERANCE 1e-4
/* Lon/lat edges are densified to this step (degrees) before they are
 * projected, as the library does (lib/geo/crs-private.h,
 * DM_DENSIFY_DEGREES), so the outline is the one it measures. */
#define DENSIFY_DEGREES 0.05
/* The cells' edges, straight in the equal-area CRS, are cut into pieces
 * no longer than this (metres) before they are written in lon/lat: less
 * than DENSIFY_DEGREES anywhere in Ukraine (0.05° of longitude is 3.4 km
 * at 52.4° N), so the library adds no vertex when it reads them and it
 * and geopandas (which does not densify) measure the same polygons.
 * Without it the library follows a 100 km edge straight in lon/lat and
 * geopandas straight in the plane; the two bow apart by hundreds of metres
 * and move up to 2 % of a unit's area to its neighbour. */
#define DENSIFY_METRES 3000.0
/* Rejection sampling gives up after this many draws per point (the outline
 * covers about half of its envelope). */
#define MAX_DRAWS_PER_POINT 1000
/* The most units: the codes have four digits. */
#define MAX_UNITS 9999
#define LAYER_NAME "units"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("make-units: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void geos_message(const char *message, void *userdata)
{
    fprintf(stderr, "make-units: GEOS %s: %s\n", (const char *)userdata,
            message);
}

/* splitmix64 (Steele, Lea and Flood 2014; Vigna's public-domain C): one
 * 64-bit state, a Weyl sequence through a bijective mix. Simple, fast,
 * good enough to place points, and the same on every platform. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, 1): the top 53 bits. */
static double uniform01(uint64_t *state)
{
    return (double)(splitmix64(state) >> 11) * 0x1.0p-53;
}

/* ---- coordinates through PROJ --------------------------------------------
 */

typedef struct transform {
    PJ *pj;
    PJ_DIRECTION direction;
    int failed;
} transform;

static int transform_xy(double *x, double *y, void *userdata)
{
    transform *t = userdata;
    PJ_COORD c = proj_coord(*x, *y, 0.0, 0.0);
    c = proj_trans(t->pj, t->direction, c);
    if (c.xy.x == HUGE_VAL || c.xy.y == HUGE_VAL) {
        t->failed = 1;
        return 0;
    }
    *x = c.xy.x;
    *y = c.xy.y;
    return 1;
}

/* A new geometry: g with every coordinate transformed; NULL on failure. */
static GEOSGeometry *transformed(GEOSContextHandle_t h, const GEOSGeometry *g,
                                 PJ *pj, PJ_DIRECTION direction)
{
    transform t = {pj, direction, 0};
    GEOSGeometry *out = GEOSGeom_transformXY_r(h, g, transform_xy, &t);
    if (out != NULL && t.failed) {
        GEOSGeom_destroy_r(h, out);
        out = NULL;
    }
    return out;
}

/* From `from` to `to` (any PROJ definitions), in longitude, latitude (east,
 * north) order whatever the CRSs' own axis order: traditional GIS order,
 * as OGR's OAMS_TRADITIONAL_GIS_ORDER. NULL on failure. */
static PJ *crs_to_crs(PJ_CONTEXT *pctx, const char *from, const char *to)
{
    PJ *pj = proj_create_crs_to_crs(pctx, from, to, NULL);
    if (pj == NULL)
        return NULL;
    PJ *norm = proj_normalize_for_visualization(pctx, pj);
    proj_destroy(pj);
    return norm;
}

/* ---- the national outline --------------------------------------------------
 */

/* The union of every feature of the boundaries' first layer in the
 * equal-area CRS; new, NULL on failure (said on stderr). */
static GEOSGeometry *read_outline(GEOSContextHandle_t h, PJ_CONTEXT *pctx,
                                  const char *path, size_t *features)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    if (ds == NULL || GDALDatasetGetLayerCount(ds) < 1) {
        const char *why = CPLGetLastErrorMsg();
        fail("%s: %s%s%s%s", path,
             ds == NULL ? "cannot open it as a vector source" : "has no layer",
             *why ? " (" : "", why, *why ? ")" : "");
        GDALClose(ds);
        return NULL;
    }
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    /* The source's CRS, or lon/lat when it has none (GeoJSON's rule). */
    char *wkt = NULL;
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (srs != NULL && OSRExportToWkt(srs, &wkt) != OGRERR_NONE) {
        CPLFree(wkt);
        wkt = NULL;
    }
    PJ *pj = crs_to_crs(pctx, wkt ? wkt : "EPSG:4326", DM_DEFAULT_CRS);
    int geographic = srs == NULL || OSRIsGeographic(srs);
    CPLFree(wkt);
    if (pj == NULL) {
        fail("%s: no transformation to the equal-area CRS: %s", path,
             proj_context_errno_string(pctx, proj_context_errno(pctx)));
        GDALClose(ds);
        return NULL;
    }

    size_t n = 0, cap = 0;
    GEOSGeometry **parts = NULL;
    GEOSWKBReader *reader = GEOSWKBReader_create_r(h);
    OGRFeatureH f;
    int ok = 1;
    OGR_L_ResetReading(layer);
    while (ok && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g != NULL && !OGR_G_IsEmpty(g)) {
            OGR_G_FlattenTo2D(g);
            if (geographic)
                OGR_G_Segmentize(g, DENSIFY_DEGREES);
            size_t size = (size_t)OGR_G_WkbSize(g);
            unsigned char *wkb = malloc(size);
            GEOSGeometry *geom = NULL, *laea = NULL;
            if (wkb != NULL &&
                OGR_G_ExportToIsoWkb(g, wkbNDR, wkb) == OGRERR_NONE)
                geom = GEOSWKBReader_read_r(h, reader, wkb, size);
            free(wkb);
            if (geom != NULL)
                laea = transformed(h, geom, pj, PJ_FWD);
            GEOSGeom_destroy_r(h, geom);
            if (laea != NULL && !GEOSisValid_r(h, laea)) {
                GEOSGeometry *valid = GEOSMakeValid_r(h, laea);
                GEOSGeom_destroy_r(h, laea);
                laea = valid;
            }
            if (laea == NULL) {
                fail("%s: feature %" PRId64 ": cannot read or project its "
                     "geometry",
                     path, (int64_t)OGR_F_GetFID(f));
                ok = 0;
            } else {
                if (n == cap) {
                    cap = cap ? 2 * cap : 64;
                    GEOSGeometry **grown = realloc(parts, cap * sizeof *parts);
                    if (grown == NULL) {
                        GEOSGeom_destroy_r(h, laea);
                        fail("out of memory");
                        ok = 0;
                        OGR_F_Destroy(f);
                        break;
                    }
                    parts = grown;
                }
                parts[n++] = laea;
            }
        }
        OGR_F_Destroy(f);
    }
    GEOSWKBReader_destroy_r(h, reader);
    proj_destroy(pj);
    GDALClose(ds);
    *features = n;
    if (!ok || n == 0) {
        if (ok)
            fail("%s: no geometry", path);
        for (size_t i = 0; i < n; i++)
            GEOSGeom_destroy_r(h, parts[i]);
        free(parts);
        return NULL;
    }
    /* The collection takes the parts; the union is new. */
    GEOSGeometry *all = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION,
                                                    parts, (unsigned)n);
    free(parts);
    GEOSGeometry *outline = all ? GEOSUnaryUnion_r(h, all) : NULL;
    GEOSGeom_destroy_r(h, all);
    if (outline == NULL)
        fail("%s: the union of the units failed", path);
    return outline;
}

/* ---- the units
 * --------------------------------------------------------------- */

/* N points inside the outline, drawn with the seed; a new MultiPoint, NULL
 * on failure. */
static GEOSGeometry *draw_points(GEOSContextHandle_t h,
                                 const GEOSGeometry *outline, int n,
                                 uint64_t seed)
{
    double xmin, ymin, xmax, ymax;
    if (!GEOSGeom_getXMin_r(h, outline, &xmin) ||
        !GEOSGeom_getYMin_r(h, outline, &ymin) ||
        !GEOSGeom_getXMax_r(h, outline, &xmax) ||
        !GEOSGeom_getYMax_r(h, outline, &ymax))
        return NULL;
    const GEOSPreparedGeometry *inside = GEOSPrepare_r(h, outline);
    GEOSGeometry **points = calloc((size_t)n, sizeof *points);
    if (inside == NULL || points == NULL) {
        GEOSPreparedGeom_destroy_r(h, inside);
        free(points);
        return NULL;
    }
    uint64_t state = seed;
    int got = 0;
    long draws = 0;
    while (got < n && draws < (long)MAX_DRAWS_PER_POINT * n) {
        double x = xmin + (xmax - xmin) * uniform01(&state);
        double y = ymin + (ymax - ymin) * uniform01(&state);
        draws++;
        GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, x, y);
        if (p == NULL)
            break;
        if (GEOSPreparedContains_r(h, inside, p) == 1)
            points[got++] = p;
        else
            GEOSGeom_destroy_r(h, p);
    }
    GEOSPreparedGeom_destroy_r(h, inside);
    if (got < n) {
        fail("drew %d points inside the outline of %d in %ld draws", got, n,
             draws);
        for (int i = 0; i < got; i++)
            GEOSGeom_destroy_r(h, points[i]);
        free(points);
        return NULL;
    }
    GEOSGeometry *multi =
        GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, points, (unsigned)n);
    free(points);
    return multi;
}

/* The polygons of g (an intersection may return lines and points beside
 * them) as one new MultiPolygon; NULL when g has none. */
static GEOSGeometry *polygons_of(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(h, g);
    int n = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(h, g);
    GEOSGeometry **polys = calloc((size_t)(n > 0 ? n : 1), sizeof *polys);
    unsigned k = 0;
    if (polys == NULL)
        return NULL;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *part =
            type == GEOS_POLYGON ? g : GEOSGetGeometryN_r(h, g, i);
        if (GEOSGeomTypeId_r(h, part) == GEOS_POLYGON &&
            !GEOSisEmpty_r(h, part))
            polys[k++] = GEOSGeom_clone_r(h, part);
        else if (GEOSGeomTypeId_r(h, part) == GEOS_MULTIPOLYGON)
            for (int j = 0; j < GEOSGetNumGeometries_r(h, part); j++)
                polys[k++] =
                    GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, part, j));
    }
    GEOSGeometry *multi = NULL;
    if (k > 0)
        multi = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys, k);
    free(polys);
    return multi;
}

/* A new linear ring: ring with each edge cut into equal pieces of at
 * most step. A piece's points are computed from the edge's
 * lexicographically smaller end whichever way the ring runs, so that an
 * edge two cells share gets the same points, bit for bit, in both. */
static GEOSGeometry *densified_ring(GEOSContextHandle_t h,
                                    const GEOSGeometry *ring, double step)
{
    const GEOSCoordSequence *in = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    if (in == NULL || !GEOSCoordSeq_getSize_r(h, in, &n) || n < 4)
        return NULL;
    double *xy = malloc(2 * (size_t)n * sizeof *xy);
    if (xy == NULL || !GEOSCoordSeq_copyToBuffer_r(h, in, xy, 0, 0)) {
        free(xy);
        return NULL;
    }
    size_t count = 1;
    for (unsigned i = 0; i + 1 < n; i++) {
        double dx = xy[2 * i + 2] - xy[2 * i],
               dy = xy[2 * i + 3] - xy[2 * i + 1];
        count += (size_t)ceil(hypot(dx, dy) / step);
    }
    double *out = malloc(2 * count * sizeof *out);
    if (out == NULL) {
        free(xy);
        return NULL;
    }
    size_t k = 0;
    for (unsigned i = 0; i + 1 < n; i++) {
        const double *a = xy + 2 * i, *b = xy + 2 * i + 2;
        int reversed = b[0] < a[0] || (b[0] == a[0] && b[1] < a[1]);
        const double *p = reversed ? b : a, *q = reversed ? a : b;
        unsigned pieces =
            (unsigned)ceil(hypot(q[0] - p[0], q[1] - p[1]) / step);
        out[2 * k] = a[0];
        out[2 * k + 1] = a[1];
        k++;
        for (unsigned j = 1; j < pieces; j++) {
            unsigned m = reversed ? pieces - j : j;
            double t = (double)m / (double)pieces;
            out[2 * k] = p[0] + (q[0] - p[0]) * t;
            out[2 * k + 1] = p[1] + (q[1] - p[1]) * t;
            k++;
        }
    }
    out[2 * k] = xy[2 * (n - 1)];
    out[2 * k + 1] = xy[2 * (n - 1) + 1];
    k++;
    free(xy);
    GEOSCoordSequence *seq =
        GEOSCoordSeq_copyFromBuffer_r(h, out, (unsigned)k, 0, 0);
    free(out);
    return seq ? GEOSGeom_createLinearRing_r(h, seq) : NULL;
}

/* A new MultiPolygon: every ring of multi densified (densified_ring()). */
static GEOSGeometry *densified(GEOSContextHandle_t h,
                               const GEOSGeometry *multi, double step)
{
    int np = GEOSGetNumGeometries_r(h, multi);
    GEOSGeometry **polys = calloc((size_t)np, sizeof *polys);
    int ok = polys != NULL;
    for (int i = 0; ok && i < np; i++) {
        const GEOSGeometry *poly = GEOSGetGeometryN_r(h, multi, i);
        int nh = GEOSGetNumInteriorRings_r(h, poly);
        GEOSGeometry *shell =
            densified_ring(h, GEOSGetExteriorRing_r(h, poly), step);
        GEOSGeometry **holes =
            calloc((size_t)(nh > 0 ? nh : 1), sizeof *holes);
        ok = shell != NULL && holes != NULL;
        for (int j = 0; ok && j < nh; j++)
            ok = (holes[j] = densified_ring(
                      h, GEOSGetInteriorRingN_r(h, poly, j), step)) != NULL;
        if (ok)
            ok = (polys[i] = GEOSGeom_createPolygon_r(h, shell, holes,
                                                      (unsigned)nh)) != NULL;
        if (!ok) {
            GEOSGeom_destroy_r(h, shell);
            for (int j = 0; holes != NULL && j < nh; j++)
                GEOSGeom_destroy_r(h, holes[j]);
        }
        free(holes);
    }
    GEOSGeometry *out = NULL;
    if (ok)
        out = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys,
                                          (unsigned)np);
    else
        for (int i = 0; polys != NULL && i < np; i++)
            GEOSGeom_destroy_r(h, polys[i]);
    free(polys);
    return out;
}

typedef struct hit {
    const GEOSGeometry *point;
    GEOSContextHandle_t h;
    int found; /* the cell's index + 1, 0 while none */
    int ambiguous;
} hit;

static void cell_of_point(void *item, void *userdata)
{
    hit *q = userdata;
    const GEOSGeometry *cell = item;
    if (GEOSContains_r(q->h, cell, q->point) == 1) {
        int index = (int)(intptr_t)GEOSGeom_getUserData_r(q->h, cell);
        if (q->found)
            q->ambiguous = 1;
        else
            q->found = index + 1;
    }
}

/* The Voronoi cells of the points, each clipped to the outline, in the
 * order of the points; units[i] new. 0 on failure. */
static int make_cells(GEOSContextHandle_t h, const GEOSGeometry *outline,
                      const GEOSGeometry *points, int n, GEOSGeometry **units)
{
    GEOSGeometry *env = GEOSEnvelope_r(h, outline);
    GEOSGeometry *diagram =
        env ? GEOSVoronoiDiagram_r(h, points, env, 0.0, 0) : NULL;
    GEOSGeom_destroy_r(h, env);
    if (diagram == NULL) {
        fail("the Voronoi diagram failed");
        return 0;
    }
    int cells = GEOSGetNumGeometries_r(h, diagram);
    if (cells != n) {
        fail("the Voronoi diagram of %d points has %d cells", n, cells);
        GEOSGeom_destroy_r(h, diagram);
        return 0;
    }
    /* GEOS 3.11 keeps no order: find each point's cell with an STRtree. */
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    for (int i = 0; i < cells; i++) {
        GEOSGeometry *cell = (GEOSGeometry *)GEOSGetGeometryN_r(h, diagram, i);
        GEOSGeom_setUserData_r(h, cell, (void *)(intptr_t)i);
        GEOSSTRtree_insert_r(h, tree, cell, cell);
    }
    const GEOSPreparedGeometry *prepared = GEOSPrepare_r(h, outline);
    int ok = prepared != NULL;
    for (int i = 0; ok && i < n; i++) {
        hit q = {GEOSGetGeometryN_r(h, points, i), h, 0, 0};
        GEOSSTRtree_query_r(h, tree, q.point, cell_of_point, &q);
        if (!q.found || q.ambiguous) {
            fail("point %d lies in %s Voronoi cell", i + 1,
                 q.found ? "more than one" : "no");
            ok = 0;
            break;
        }
        const GEOSGeometry *cell = GEOSGetGeometryN_r(h, diagram, q.found - 1);
        GEOSGeometry *clipped;
        if (GEOSPreparedContains_r(h, prepared, cell) == 1)
            clipped = GEOSGeom_clone_r(h, cell);
        else
            clipped = GEOSIntersection_r(h, cell, outline);
        GEOSGeometry *polys = clipped ? polygons_of(h, clipped) : NULL;
        units[i] = polys ? densified(h, polys, DENSIFY_METRES) : NULL;
        GEOSGeom_destroy_r(h, clipped);
        GEOSGeom_destroy_r(h, polys);
        if (units[i] == NULL) {
            fail("unit %d: the cell clipped to the outline has no polygon",
                 i + 1);
            ok = 0;
        }
    }
    GEOSPreparedGeom_destroy_r(h, prepared);
    GEOSSTRtree_destroy_r(h, tree);
    GEOSGeom_destroy_r(h, diagram);
    return ok;
}

/* ---- output
 * ------------------------------------------------------------------- */

/* Writes the units, already in lon/lat; 0 on failure. */
static int write_units(GEOSContextHandle_t h, const char *path,
                       GEOSGeometry *const *lonlat, int n)
{
    const char *driver_name = NULL;
    const char *dot = strrchr(path, '.');
    if (dot != NULL && strcmp(dot, ".gpkg") == 0)
        driver_name = "GPKG";
    else if (dot != NULL &&
             (strcmp(dot, ".geojson") == 0 || strcmp(dot, ".json") == 0))
        driver_name = "GeoJSON";
    else if (dot != NULL && strcmp(dot, ".fgb") == 0)
        driver_name = "FlatGeobuf";
    else if (dot != NULL && strcmp(dot, ".shp") == 0)
        driver_name = "ESRI Shapefile";
    GDALDriverH driver = driver_name ? GDALGetDriverByName(driver_name) : NULL;
    if (driver == NULL) {
        fail("%s: give a .gpkg, .geojson, .fgb or .shp file", path);
        return 0;
    }
    if (remove(path) != 0 && errno != ENOENT) {
        fail("%s: cannot replace it: %s", path, strerror(errno));
        return 0;
    }
    GDALDatasetH ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, NULL);
    if (ds == NULL) {
        fail("%s: cannot create it: %s", path, CPLGetLastErrorMsg());
        return 0;
    }
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH layer =
        GDALDatasetCreateLayer(ds, LAYER_NAME, srs, wkbMultiPolygon, NULL);
    OSRRelease(srs);
    int ok = layer != NULL;
    if (ok) {
        OGRFieldDefnH code = OGR_Fld_Create("code", OFTString);
        OGRFieldDefnH name = OGR_Fld_Create("name", OFTString);
        ok = OGR_L_CreateField(layer, code, 1) == OGRERR_NONE &&
             OGR_L_CreateField(layer, name, 1) == OGRERR_NONE;
        OGR_Fld_Destroy(code);
        OGR_Fld_Destroy(name);
    }
    GEOSWKBWriter *writer = GEOSWKBWriter_create_r(h);
    GEOSWKBWriter_setByteOrder_r(h, writer, GEOS_WKB_NDR);
    GDALDatasetStartTransaction(ds, 0);
    for (int i = 0; ok && i < n; i++) {
        char code[16], name[32];
        snprintf(code, sizeof code, "H%04d", i + 1);
        snprintf(name, sizeof name, "hromada %d", i + 1);
        size_t size = 0;
        unsigned char *wkb =
            GEOSWKBWriter_write_r(h, writer, lonlat[i], &size);
        OGRGeometryH g = NULL;
        if (wkb == NULL ||
            OGR_G_CreateFromWkbEx(wkb, NULL, &g, size) != OGRERR_NONE)
            ok = 0;
        GEOSFree_r(h, wkb);
        OGRFeatureH f = ok ? OGR_F_Create(OGR_L_GetLayerDefn(layer)) : NULL;
        if (f != NULL) {
            OGR_F_SetFieldString(f, 0, code);
            OGR_F_SetFieldString(f, 1, name);
            OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(g));
            g = NULL;
            ok = OGR_L_CreateFeature(layer, f) == OGRERR_NONE;
            OGR_F_Destroy(f);
        }
        OGR_G_DestroyGeometry(g);
        if (!ok)
            fail("%s: cannot write unit %s: %s", path, code,
                 CPLGetLastErrorMsg());
    }
    GEOSWKBWriter_destroy_r(h, writer);
    if (ok && GDALDatasetCommitTransaction(ds) != OGRERR_NONE &&
        GDALDatasetTestCapability(ds, ODsCTransactions)) {
        fail("%s: cannot commit: %s", path, CPLGetLastErrorMsg());
        ok = 0;
    }
    GDALClose(ds); /* flushes */
    if (!ok)
        remove(path);
    return ok;
}

/* ---- main
 * ------------------------------------------------------------------------ */

static int usage(void)
{
    fputs("Usage: make-units N SEED OUT [BOUNDARIES]\n"
          "N seeded Voronoi cells partitioning the boundaries' union "
          "(default: the\nembedded Ukraine admin-1 file), written to OUT "
          "(.gpkg, .geojson, .fgb, .shp)\nin EPSG:4326 with fields code "
          "(H0001 …) and name (hromada 1 …).\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5)
        return usage();
    char *end;
    errno = 0;
    long n = strtol(argv[1], &end, 10);
    if (errno || *end || n < 1 || n > MAX_UNITS) {
        fprintf(stderr, "make-units: N must be 1 to %d\n", MAX_UNITS);
        return usage();
    }
    errno = 0;
    unsigned long long seed = strtoull(argv[2], &end, 10);
    if (errno || *end || argv[2][0] == '-') {
        fprintf(stderr, "make-units: SEED must be a non-negative integer\n");
        return usage();
    }
    const char *out = argv[3];
    char boundaries[4096];
    if (argc == 5)
        snprintf(boundaries, sizeof boundaries, "%s", argv[4]);
    else
        snprintf(boundaries, sizeof boundaries, "%s/%s", dm_data_dir(),
                 DM_DEFAULT_BOUNDARIES);

    double t0 = now();
    GDALAllRegister();
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSContext_setNoticeMessageHandler_r(h, geos_message, "notice");
    GEOSContext_setErrorMessageHandler_r(h, geos_message, "error");
    PJ_CONTEXT *pctx = proj_context_create();
    GEOSGeometry **units = calloc((size_t)n, sizeof *units);
    GEOSGeometry **lonlat = calloc((size_t)n, sizeof *lonlat);
    GEOSGeometry *outline = NULL, *points = NULL;
    PJ *to_lonlat = NULL;
    int status = 1;
    size_t features = 0;
    if (units == NULL || lonlat == NULL || pctx == NULL) {
        fail("out of memory");
        goto done;
    }
    outline = read_outline(h, pctx, boundaries, &features);
    if (outline == NULL)
        goto done;
    double outline_m2 = 0.0;
    GEOSArea_r(h, outline, &outline_m2);
    points = draw_points(h, outline, (int)n, seed);
    if (points == NULL || !make_cells(h, outline, points, (int)n, units))
        goto done;
    double t_cells = now();

    to_lonlat = crs_to_crs(pctx, DM_DEFAULT_CRS, "EPSG:4326");
    if (to_lonlat == NULL) {
        fail("no transformation to EPSG:4326: %s",
             proj_context_errno_string(pctx, proj_context_errno(pctx)));
        goto done;
    }
    /* Each unit's area twice: as made, and measured again from the lon/lat
     * coordinates to be written (projected back), so that what is written
     * is what is checked. */
    double sum_m2 = 0.0, sum_written_m2 = 0.0, smallest = HUGE_VAL,
           largest = 0.0;
    for (long i = 0; i < n; i++) {
        double a = 0.0, b = 0.0;
        GEOSArea_r(h, units[i], &a);
        lonlat[i] = transformed(h, units[i], to_lonlat, PJ_FWD);
        GEOSGeometry *back =
            lonlat[i] ? transformed(h, lonlat[i], to_lonlat, PJ_INV) : NULL;
        if (back == NULL) {
            fail("unit %ld: cannot project it to EPSG:4326 and back", i + 1);
            goto done;
        }
        GEOSArea_r(h, back, &b);
        GEOSGeom_destroy_r(h, back);
        sum_m2 += a;
        sum_written_m2 += b;
        smallest = a < smallest ? a : smallest;
        largest = a > largest ? a : largest;
    }
    if (!write_units(h, out, lonlat, (int)n))
        goto done;
    double t_end = now();

    double rel = (sum_m2 - outline_m2) / outline_m2;
    double rel_written = (sum_written_m2 - outline_m2) / outline_m2;
    fprintf(stderr,
            "make-units: %ld units (seed %llu) of %zu features of %s -> %s\n"
            "make-units: outline %.3f km²; units' sum %.3f km² (%+.6f %%), "
            "as written %.3f km² (%+.6f %%); tolerance %g %%\n"
            "make-units: units from %.1f to %.1f km² (mean %.1f); %.2f s "
            "(%.2f s to the cells)\n",
            n, seed, features, boundaries, out, outline_m2 / 1e6, sum_m2 / 1e6,
            100 * rel, sum_written_m2 / 1e6, 100 * rel_written,
            100 * PARTITION_TOLERANCE, smallest / 1e6, largest / 1e6,
            outline_m2 / 1e6 / (double)n, t_end - t0, t_cells - t0);
    if (!(fabs(rel) <= PARTITION_TOLERANCE) ||
        !(fabs(rel_written) <= PARTITION_TOLERANCE)) {
        fail("the units do not partition the outline (tolerance %g %%)",
             100 * PARTITION_TOLERANCE);
        remove(out);
        goto done;
    }
    status = 0;
done:
    for (long i = 0; units != NULL && lonlat != NULL && i < n; i++) {
        GEOSGeom_destroy_r(h, units[i]);
        GEOSGeom_destroy_r(h, lonlat[i]);
    }
    free(units);
    free(lonlat);
    GEOSGeom_destroy_r(h, points);
    GEOSGeom_destroy_r(h, outline);
    proj_destroy(to_lonlat);
    proj_context_destroy(pctx);
    GEOS_finish_r(h);
    return status;
}
