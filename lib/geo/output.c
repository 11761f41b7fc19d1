/* Writing the contamination through GDAL, whole or not at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "atomic-private.h"
#include "contamination-private.h"
#include "crs-private.h"
#include "geom-private.h"
#include "style-private.h"

/* The CRS of lon/lat output: WGS 84 with longitude first (the
 * transformation's target), recorded in the files as EPSG:4326 read
 * longitude first, so that GeoPackage and the others name EPSG's code. */
#define DM_LONLAT_CRS "OGC:CRS84"
#define DM_LONLAT_EPSG "EPSG:4326"
/* What the layer is, for the drivers that keep a description. */
#define DM_LAYER_DESCRIPTION                                                  \
    "demine: land contaminated by mines and explosive remnants of war, as "   \
    "estimated (a model unless read from surveys), per region, hazard "       \
    "class, zone and state; area_km2 measured in an equal-area CRS"

static void dm_write_options_init_full(dm_write_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->layer = "contamination";
}

void dm_write_options_init_size(dm_write_options *opts, size_t size)
{
    dm_write_options full;
    dm_write_options_init_full(&full);
    dm_init_copy(opts, &full, sizeof full, size);
}

/* Whether the space-separated list holds word (case ignored). */
static int listed(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p != NULL && *p != '\0';) {
        while (*p == ' ')
            p++;
        size_t k = strcspn(p, " ");
        if (k == n && strncasecmp(p, word, n) == 0)
            return 1;
        p += k;
    }
    return 0;
}

/* The GDAL vector driver that creates files of a name's extension, as
 * GDAL's own metadata lists them (GDAL_DMD_EXTENSIONS); NULL when none. */
static GDALDriverH driver_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash != NULL ? slash : path, '.');
    if (dot == NULL || dot[1] == '\0')
        return NULL;
    for (int i = 0; i < GDALGetDriverCount(); i++) {
        GDALDriverH d = GDALGetDriver(i);
        if (GDALGetMetadataItem(d, GDAL_DCAP_VECTOR, NULL) != NULL &&
            GDALGetMetadataItem(d, GDAL_DCAP_CREATE, NULL) != NULL &&
            listed(GDALGetMetadataItem(d, GDAL_DMD_EXTENSIONS, NULL), dot + 1))
            return d;
    }
    return NULL;
}

/* The GDAL vector driver whose datasets are named by a connection prefix
 * that starts path ("PG:" for PostGIS), as GDAL's metadata lists it
 * (GDAL_DMD_CONNECTION_PREFIX): the output is then a database's table, not
 * a file. NULL when none. */
static GDALDriverH driver_by_prefix(const char *path)
{
    for (int i = 0; i < GDALGetDriverCount(); i++) {
        GDALDriverH d = GDALGetDriver(i);
        const char *prefix =
            GDALGetMetadataItem(d, GDAL_DMD_CONNECTION_PREFIX, NULL);
        if (prefix != NULL && prefix[0] != '\0' &&
            strncasecmp(path, prefix, strlen(prefix)) == 0 &&
            GDALGetMetadataItem(d, GDAL_DCAP_VECTOR, NULL) != NULL)
            return d;
    }
    return NULL;
}

/* path for messages: a connection string's password replaced by "***". */
static void redact(const char *path, char *out, size_t size)
{
    snprintf(out, size, "%s", path);
    for (char *p = out; (p = strstr(p, "password=")) != NULL;) {
        p += strlen("password=");
        size_t n = strcspn(p, " ");
        if (n > 0) {
            memmove(p + 3, p + n, strlen(p + n) + 1);
            memcpy(p, "***", 3);
        }
    }
}

typedef struct writer {
    dm_context *ctx;
    const dm_contamination *c;
    const dm_write_options *o;
    const char *path;
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRSpatialReferenceH srs;
    dm_crs_transform t;
    int transform;
    int lonlat; /* lon/lat output: asked for, or GeoJSON (RFC 7946) */
    GEOSWKBWriter *wkb;
    GIntBig written; /* features written */
    char layer_name[256];
    char name[1024]; /* path for messages (no password) */
} writer;

static dm_status gdal_failed(writer *w, const char *what)
{
    return dm_error(w->ctx, DM_ERR_IO, "cannot write '%s': %s: %s", w->name,
                    what, dm_gdal_message(w->ctx));
}

/* Whether the driver takes the layer creation option `name` (GDAL's own
 * list of them). */
static int takes_option(GDALDriverH drv, const char *name)
{
    const char *list =
        GDALGetMetadataItem(drv, GDAL_DS_LAYER_CREATIONOPTIONLIST, NULL);
    char quoted[64];
    snprintf(quoted, sizeof quoted, "name='%s'", name);
    return list != NULL && strstr(list, quoted) != NULL;
}

/* The CRS written: EPSG:4326 (longitude first) for lon/lat; the regions'
 * equal-area CRS otherwise, named when it came without a name (a PROJ
 * string gives "unknown"). */
static dm_status output_srs(writer *w)
{
    w->srs = OSRNewSpatialReference(NULL);
    OSRSetAxisMappingStrategy(w->srs, OAMS_TRADITIONAL_GIS_ORDER);
    char *wkt = w->c->crs_wkt;
    OGRErr e = w->lonlat ? OSRSetFromUserInput(w->srs, DM_LONLAT_EPSG)
                         : OSRImportFromWkt(w->srs, &wkt);
    if (e != OGRERR_NONE)
        return dm_error(w->ctx, DM_ERR_BAD_CRS,
                        "cannot write '%s': GDAL does not take the CRS: %s",
                        w->name, dm_gdal_message(w->ctx));
    const char *name = OSRGetName(w->srs);
    if (!w->lonlat && (name == NULL || strcmp(name, "unknown") == 0)) {
        const char *method = OSRGetAttrValue(w->srs, "PROJECTION", 0);
        char named[256];
        snprintf(named, sizeof named, "demine equal-area CRS (%s)",
                 method != NULL ? method : "projected");
        for (char *c = named; *c; c++)
            *c = *c == '_' ? ' ' : *c;
        OSRSetProjCS(w->srs, named);
    }
    return DM_OK;
}

/* The layer's name: the options' (default "contamination"), or for a
 * Shapefile or a CSV file, whose layer is the file, the file's own name. */
static void layer_name(const writer *w, GDALDriverH drv, char *name,
                       size_t size)
{
    snprintf(name, size, "%s", w->o->layer);
    const char *d = GDALGetDriverShortName(drv);
    if (strcmp(d, "ESRI Shapefile") != 0 && strcmp(d, "CSV") != 0)
        return;
    const char *slash = strrchr(w->path, '/');
    const char *base = slash != NULL ? slash + 1 : w->path;
    const char *dot = strrchr(base, '.');
    snprintf(name, size, "%.*s",
             (int)(dot != NULL ? (size_t)(dot - base) : strlen(base)), base);
}

/* The layer and its fields in w->ds; a database's table of that name is
 * replaced (OVERWRITE, inside the write's transaction). */
static dm_status create_layer(writer *w, GDALDriverH drv, int database)
{
    dm_status s = output_srs(w);
    if (s != DM_OK)
        return s;
    char **options = NULL;
    if (database && takes_option(drv, "OVERWRITE"))
        options = CSLSetNameValue(options, "OVERWRITE", "YES");
    if (database && takes_option(drv, "GEOMETRY_NAME")) /* as a GeoPackage */
        options = CSLSetNameValue(options, "GEOMETRY_NAME", "geom");
    if (takes_option(drv, "RFC7946"))
        options = CSLSetNameValue(options, "RFC7946", "YES");
    if (takes_option(drv, "ENCODING"))
        options = CSLSetNameValue(options, "ENCODING", "UTF-8");
    if (takes_option(drv, "GEOMETRY")) /* CSV: the polygons as WKT */
        options = CSLSetNameValue(options, "GEOMETRY", "AS_WKT");
    if (takes_option(drv, "CREATE_CSVT")) /* CSV: .csvt types, .prj CRS */
        options = CSLSetNameValue(options, "CREATE_CSVT", "YES");
    if (takes_option(drv, "DESCRIPTION"))
        options =
            CSLSetNameValue(options, "DESCRIPTION", DM_LAYER_DESCRIPTION);
    layer_name(w, drv, w->layer_name, sizeof w->layer_name);
    w->layer = GDALDatasetCreateLayer(w->ds, w->layer_name, w->srs,
                                      wkbMultiPolygon, options);
    CSLDestroy(options);
    if (w->layer == NULL)
        return gdal_failed(w, "creating the layer");
    static const struct {
        const char *name;
        OGRFieldType type;
    } fields[] = {
        {"region_code", OFTString}, {"region_name", OFTString},
        {"class", OFTString},       {"zone", OFTString},
        {"state", OFTString},       {"area_km2", OFTReal},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, fields[i].type);
        OGRErr fe = OGR_L_CreateField(w->layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (fe != OGRERR_NONE)
            return gdal_failed(w, "creating the fields");
    }
    return DM_OK;
}

static dm_status write_cell(writer *w, const dm_contamination_region *r,
                            size_t k, int st)
{
    dm_context *ctx = w->ctx;
    const GEOSGeometry *g = r->cell[k][st];
    GEOSGeometry *moved = NULL;
    if (w->transform) {
        char where[256];
        snprintf(where, sizeof where, "contamination of region '%s'", r->code);
        dm_status s = dm_crs_transform_geometry(ctx, &w->t, g, where, &moved);
        /* A polygon valid in the equal-area CRS may cross itself once its
         * vertices are moved: repaired, so readers get valid features. */
        int repaired = 0;
        if (s == DM_OK)
            s = dm_geom_make_valid(ctx, &moved, where, &repaired);
        if (s != DM_OK) {
            GEOSGeom_destroy_r(dm_geos(ctx), moved);
            return s;
        }
        g = moved;
    }
    size_t size = 0;
    unsigned char *wkb = GEOSWKBWriter_write_r(dm_geos(ctx), w->wkb, g, &size);
    GEOSGeom_destroy_r(dm_geos(ctx), moved);
    if (wkb == NULL)
        return dm_geos_error(ctx, "%s", dm_geos_message(ctx));
    OGRGeometryH og = NULL;
    OGRErr e = OGR_G_CreateFromWkbEx(wkb, NULL, &og, size);
    GEOSFree_r(dm_geos(ctx), wkb);
    if (e != OGRERR_NONE)
        return gdal_failed(w, "converting a geometry");
    og = OGR_G_ForceToMultiPolygon(og);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->layer));
    OGR_F_SetFieldString(f, 0, r->code);
    OGR_F_SetFieldString(f, 1, r->name);
    OGR_F_SetFieldString(f, 2, dm_hazard_name(dm_cell_hazard(k)));
    OGR_F_SetFieldString(f, 3, dm_zone_name(dm_cell_zone(k)));
    OGR_F_SetFieldString(f, 4, dm_area_state_name((dm_area_state)st));
    OGR_F_SetFieldDouble(f, 5, r->cell_m2[k][st] / DM_M2_PER_KM2);
    OGR_F_SetGeometryDirectly(f, og);
    e = OGR_L_CreateFeature(w->layer, f);
    OGR_F_Destroy(f);
    if (e != OGRERR_NONE)
        return gdal_failed(w, "writing a feature");
    w->written++;
    return DM_OK;
}

static dm_status write_all(writer *w)
{
    for (size_t i = 0; i < w->c->count; i++) {
        const dm_contamination_region *r = &w->c->regions[i];
        for (size_t k = 0; k < DM_CELL_COUNT; k++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                if (r->cell[k][st] == NULL)
                    continue;
                dm_status s = write_cell(w, r, k, st);
                if (s != DM_OK)
                    return s;
            }
    }
    return dm_qgis_style_write(w->ctx, w->ds, w->layer, w->name);
}

/* Reads the closed file back: some drivers (GeoJSON in GDAL 3.6) do not
 * report a failed write, so a full disk or a file size limit would leave a
 * truncated file that looks written. The file counts only if it opens and
 * holds every feature. */
static dm_status verify(writer *w, const char *tmp)
{
    GDALDatasetH ds =
        GDALOpenEx(tmp, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH layer = ds ? GDALDatasetGetLayerByName(ds, w->layer_name) : NULL;
    GIntBig n = layer ? OGR_L_GetFeatureCount(layer, TRUE) : -1;
    if (ds != NULL)
        GDALClose(ds);
    if (n == w->written)
        return DM_OK;
    return dm_error(w->ctx, DM_ERR_IO,
                    "cannot write '%s': the file written is incomplete "
                    "(%lld of %lld features read back; disk full or file "
                    "too large?)",
                    w->name, (long long)(n < 0 ? 0 : n),
                    (long long)w->written);
}

static dm_status prepare_transform(writer *w)
{
    if (!w->lonlat)
        return DM_OK;
    PJ *src = NULL, *dst = NULL;
    dm_status s = dm_crs_create(w->ctx, w->c->crs_wkt, "regions' CRS", &src);
    if (s == DM_OK)
        s = dm_crs_create(w->ctx, DM_LONLAT_CRS, "output CRS", &dst);
    if (s == DM_OK)
        s = dm_crs_transform_init(w->ctx, src, 0, dst, &w->t);
    proj_destroy(src);
    proj_destroy(dst);
    w->transform = s == DM_OK;
    return s;
}

/* Writes into a temporary file beside path, committed (renamed) once it
 * is complete and read back whole. */
static dm_status write_file(writer *w, GDALDriverH drv)
{
    dm_atomic a;
    dm_status s = dm_atomic_begin(w->ctx, w->path, &a);
    if (s != DM_OK)
        return s;
    w->ds = GDALCreate(drv, a.tmp, 0, 0, 0, GDT_Unknown, NULL);
    s = w->ds != NULL ? create_layer(w, drv, 0)
                      : gdal_failed(w, "creating the file");
    if (s == DM_OK &&
        GDALDatasetStartTransaction(w->ds, FALSE) == OGRERR_NONE) {
        s = write_all(w);
        if (s == DM_OK && GDALDatasetCommitTransaction(w->ds) != OGRERR_NONE)
            s = gdal_failed(w, "committing");
    } else if (s == DM_OK) {
        s = write_all(w); /* drivers without transactions */
    }
    if (w->ds != NULL) {
        CPLErrorReset();
        GDALClose(w->ds);
        w->ds = NULL;
        if (s == DM_OK && CPLGetLastErrorType() >= CE_Failure)
            s = gdal_failed(w, "closing the file");
        if (s == DM_OK)
            s = verify(w, a.tmp);
    }
    if (s == DM_OK)
        return dm_atomic_commit(w->ctx, &a);
    dm_atomic_abort(&a);
    return s;
}

/* Writes a database's table (PostGIS) in one transaction: the table is
 * replaced whole when it commits, and left as it was when anything fails
 * (PostgreSQL's DDL is transactional too). */
static dm_status write_database(writer *w, GDALDriverH drv)
{
    w->ds =
        GDALOpenEx(w->path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    if (w->ds == NULL)
        return dm_error(w->ctx, DM_ERR_IO, "cannot open the database '%s': %s",
                        w->name, dm_gdal_message(w->ctx));
    dm_status s = DM_OK;
    if (GDALDatasetStartTransaction(w->ds, FALSE) != OGRERR_NONE)
        s = gdal_failed(w, "starting a transaction");
    if (s == DM_OK)
        s = create_layer(w, drv, 1);
    if (s == DM_OK)
        s = write_all(w);
    if (s == DM_OK && GDALDatasetCommitTransaction(w->ds) != OGRERR_NONE)
        s = gdal_failed(w, "committing");
    else if (s != DM_OK)
        (void)GDALDatasetRollbackTransaction(w->ds);
    if (s == DM_OK) {
        OGRLayerH l = GDALDatasetGetLayerByName(w->ds, w->layer_name);
        GIntBig n = l != NULL ? OGR_L_GetFeatureCount(l, TRUE) : -1;
        if (n != w->written)
            s = dm_error(w->ctx, DM_ERR_IO,
                         "cannot write '%s': table '%s' holds %lld of the "
                         "%lld features written",
                         w->name, w->layer_name, (long long)n,
                         (long long)w->written);
    }
    GDALClose(w->ds);
    w->ds = NULL;
    return s;
}

/* The driver of the options, of a connection prefix ("PG:"), or of the
 * file's extension; NULL with the error recorded. *database: 1 for a
 * connection. */
static GDALDriverH output_driver(dm_context *ctx, const char *path,
                                 const dm_write_options *o, int *database)
{
    GDALDriverH prefixed = driver_by_prefix(path);
    *database =
        prefixed != NULL &&
        (o->driver == NULL || GDALGetDriverByName(o->driver) == prefixed);
    GDALDriverH drv = o->driver != NULL  ? GDALGetDriverByName(o->driver)
                      : prefixed != NULL ? prefixed
                                         : driver_for(path);
    if (drv == NULL && o->driver == NULL) {
        dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                 "cannot tell the format of '%s' from its extension: no "
                 "GDAL vector driver writes it (e.g. .gpkg, .geojson, .shp, "
                 ".fgb, .csv, or PG:… for PostGIS); name a driver",
                 path);
        return NULL;
    }
    if (drv == NULL ||
        GDALGetMetadataItem(drv, GDAL_DCAP_VECTOR, NULL) == NULL ||
        (!*database &&
         GDALGetMetadataItem(drv, GDAL_DCAP_CREATE, NULL) == NULL)) {
        dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                 "'%s' is not a GDAL vector driver that can create files",
                 o->driver);
        return NULL;
    }
    return drv;
}

dm_status dm_contamination_write(dm_context *ctx, const dm_contamination *c,
                                 const char *path,
                                 const dm_write_options *opts)
{
    DM_CHECK(ctx, c, path);
    DM_GEO_BEGIN(ctx);
    dm_write_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_write_options_init);
    if (o.layer == NULL || o.layer[0] == '\0')
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_contamination_write: no layer name");
    int database = 0;
    GDALDriverH drv = output_driver(ctx, path, &o, &database);
    if (drv == NULL)
        return dm_context_last_status(ctx);

    writer w;
    memset(&w, 0, sizeof w);
    w.ctx = ctx;
    w.c = c;
    w.o = &o;
    w.path = path;
    redact(path, w.name, sizeof w.name);
    /* GeoJSON is longitude, latitude on WGS 84 (RFC 7946): any other CRS
     * in it is read as lon/lat by every reader and misplaced. */
    w.lonlat = o.lonlat || strcmp(GDALGetDriverShortName(drv), "GeoJSON") == 0;
    dm_gdal_begin(ctx);
    dm_status s = prepare_transform(&w);
    if (s == DM_OK) {
        w.wkb = GEOSWKBWriter_create_r(dm_geos(ctx));
        s = w.wkb == NULL ? dm_no_memory(ctx)
            : database    ? write_database(&w, drv)
                          : write_file(&w, drv);
    }
    dm_gdal_end(ctx);
    if (w.srs != NULL)
        OSRRelease(w.srs);
    if (w.wkb != NULL)
        GEOSWKBWriter_destroy_r(dm_geos(ctx), w.wkb);
    dm_crs_transform_fini(&w.t);
    return s;
}
