/* Conflict sources: the features that cause contamination, read with GDAL. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>

#include "crs-private.h"
#include "geom-private.h"
#include "io-private.h"
#include "sources-private.h"

/* The farthest a band may reach: no distance on the Earth is longer than
 * half its circumference (20,037 km at the equator). */
#define MAX_BAND_KM 20000.0
#include "work-private.h"

/* Most bands a feature may have; more is a typo, not a model. */
#define DM_MAX_BANDS 16

static const char *const kind_names[DM_SOURCE_KIND_COUNT] = {
    "line_of_contact", "occupied",    "liberated_2022",
    "border_strip",    "battle_site",
};

const char *dm_source_kind_name(dm_source_kind kind)
{
    return (unsigned)kind < DM_SOURCE_KIND_COUNT ? kind_names[kind] : NULL;
}

dm_hazard dm_source_band_hazard(const dm_source *s, size_t band)
{
    size_t h = (size_t)s->hazard + band;
    return h < DM_HAZARD_COUNT ? (dm_hazard)h : DM_HAZARD_LOW;
}

static void dm_sources_options_init_full(dm_sources_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->kind_field = "kind";
    opts->class_field = "class";
    opts->bands_field = "bands_km";
}

void dm_sources_options_init_size(dm_sources_options *opts, size_t size)
{
    dm_sources_options full;
    dm_sources_options_init_full(&full);
    dm_init_copy(opts, &full, sizeof full, size);
}

typedef struct loader {
    dm_context *ctx;
    int kind_idx, class_idx, bands_idx, zone_idx, name_idx;
    dm_sources *out;
    size_t cap;
} loader;

static void source_clear(dm_context *ctx, dm_source *s)
{
    free(s->bands_km);
    free(s->name);
    if (s->geom != NULL)
        GEOSGeom_destroy_r(dm_geos(ctx), s->geom);
    memset(s, 0, sizeof *s);
}

/* Parses "10,30", "10 30" or "[10, 30]" into bands; 0 on a bad number. */
static int parse_band_list(const char *text, double *bands, size_t *n,
                           const char **bad)
{
    const char *p = text;
    *n = 0;
    for (;;) {
        while (*p == ' ' || *p == ',' || *p == '[' || *p == ']' || *p == '\t')
            p++;
        if (*p == '\0')
            return 1;
        if (*n == DM_MAX_BANDS) {
            *bad = p;
            return 0;
        }
        char *end;
        errno = 0;
        /* GDAL's strtod reads "10.5" whatever the locale: "10,30" is two
         * bands under a German locale too. */
        double d = CPLStrtod(p, &end);
        if (end == p || errno == ERANGE ||
            (*end != '\0' && *end != ',' && *end != ' ' && *end != ']' &&
             *end != '\t')) {
            *bad = p;
            return 0;
        }
        bands[(*n)++] = d;
        p = end;
    }
}

/* Each band finite, >= 0, at most MAX_BAND_KM, beyond the one before. */
static dm_status check_bands(dm_context *ctx, const char *where,
                             const char *field, const double *bands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(bands[i]) || bands[i] < 0.0 || bands[i] > MAX_BAND_KM)
            return dm_error(ctx, DM_ERR_BAD_VALUE,
                            "%s: field '%s': band %zu is %g km; distances "
                            "are finite, >= 0 and at most %g km (half the "
                            "Earth's circumference)",
                            where, field, i + 1, bands[i], MAX_BAND_KM);
        if (i > 0 && bands[i] <= bands[i - 1])
            return dm_error(ctx, DM_ERR_BAD_VALUE,
                            "%s: field '%s': band %zu (%g km) is not beyond "
                            "band %zu (%g km); distances must increase",
                            where, field, i + 1, bands[i], i, bands[i - 1]);
    }
    return DM_OK;
}

static dm_status read_bands(loader *L, OGRFeatureH f, const char *where,
                            int polygonal, dm_source *s)
{
    dm_context *ctx = L->ctx;
    double bands[DM_MAX_BANDS];
    size_t n = 0;
    const char *field =
        OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, L->bands_idx));
    if (!OGR_F_IsFieldSetAndNotNull(f, L->bands_idx))
        return dm_error(ctx, DM_ERR_BAD_VALUE,
                        "%s: no bands (field '%s' is "
                        "empty)",
                        where, field);
    switch (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, L->bands_idx))) {
    case OFTInteger:
    case OFTInteger64:
    case OFTReal: bands[n++] = OGR_F_GetFieldAsDouble(f, L->bands_idx); break;
    case OFTIntegerList:
    case OFTInteger64List:
    case OFTRealList: {
        /* JSON arrays: [10, 30] comes as integers, [10.5, 30] as reals. */
        int count = 0;
        const double *reals = NULL;
        const int *ints = NULL;
        const GIntBig *bigs = NULL;
        OGRFieldType type =
            OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, L->bands_idx));
        if (type == OFTRealList)
            reals = OGR_F_GetFieldAsDoubleList(f, L->bands_idx, &count);
        else if (type == OFTIntegerList)
            ints = OGR_F_GetFieldAsIntegerList(f, L->bands_idx, &count);
        else
            bigs = OGR_F_GetFieldAsInteger64List(f, L->bands_idx, &count);
        if (count > DM_MAX_BANDS)
            return dm_error(ctx, DM_ERR_BAD_VALUE,
                            "%s: field '%s' has %d "
                            "bands, at most %d",
                            where, field, count, DM_MAX_BANDS);
        for (int i = 0; i < count; i++)
            bands[n++] = reals  ? reals[i]
                         : ints ? (double)ints[i]
                                : (double)bigs[i];
        break;
    }
    default: {
        const char *text = OGR_F_GetFieldAsString(f, L->bands_idx);
        const char *bad = NULL;
        if (!parse_band_list(text, bands, &n, &bad))
            return dm_error(ctx, DM_ERR_BAD_VALUE,
                            "%s: field '%s' = '%s': '%s' is not a distance in "
                            "km (or there are more than %d bands)",
                            where, field, text, bad, DM_MAX_BANDS);
        break;
    }
    }
    if (n == 0)
        return dm_error(ctx, DM_ERR_BAD_VALUE, "%s: no bands in field '%s'",
                        where, field);
    dm_status st = check_bands(ctx, where, field, bands, n);
    if (st != DM_OK)
        return st;
    if (bands[0] == 0.0 && !polygonal)
        return dm_error(ctx, DM_ERR_BAD_VALUE,
                        "%s: field '%s': a first band of 0 km covers nothing "
                        "around a point or line",
                        where, field);
    s->bands_km = malloc(n * sizeof *s->bands_km);
    if (s->bands_km == NULL)
        return dm_no_memory(ctx);
    memcpy(s->bands_km, bands, n * sizeof *bands);
    s->nbands = n;
    return DM_OK;
}

/* 1 when a geometry of GEOS type `type` suits the kind. */
static int kind_allows(dm_source_kind kind, int type)
{
    switch (kind) {
    case DM_SOURCE_LINE_OF_CONTACT:
    case DM_SOURCE_BORDER_STRIP:
        return type == GEOS_LINESTRING || type == GEOS_MULTILINESTRING;
    case DM_SOURCE_OCCUPIED:
        return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
    case DM_SOURCE_BATTLE_SITE:
        return type == GEOS_POINT || type == GEOS_MULTIPOINT;
    case DM_SOURCE_LIBERATED: return type != GEOS_LINEARRING;
    }
    return 0;
}

static dm_status kind_index(dm_context *ctx, const char *name, int *out)
{
    return dm_name_index(ctx, "kind", kind_names, DM_SOURCE_KIND_COUNT, name,
                         out);
}

/* The kind, class and zone of a feature. */
static dm_status read_attributes(loader *L, OGRFeatureH f, const char *where,
                                 dm_source *src)
{
    dm_context *ctx = L->ctx;
    int kind = 0, hazard = 0, zone = 0;
    dm_status s =
        dm_vector_enum(ctx, f, L->kind_idx, where, kind_index, &kind);
    if (s == DM_OK)
        s = dm_vector_enum(ctx, f, L->class_idx, where, dm_hazard_index,
                           &hazard);
    if (s != DM_OK)
        return s;
    src->kind = (dm_source_kind)kind;
    src->hazard = (dm_hazard)hazard;
    src->zone = src->kind == DM_SOURCE_OCCUPIED ? DM_ZONE_OCCUPIED
                                                : DM_ZONE_CONTROLLED;
    if (L->zone_idx >= 0 && OGR_F_IsFieldSetAndNotNull(f, L->zone_idx)) {
        s = dm_vector_enum(ctx, f, L->zone_idx, where, dm_zone_index, &zone);
        if (s != DM_OK)
            return s;
        src->zone = (dm_zone)zone;
    }
    return DM_OK;
}

/* The geometry of a feature, checked against its kind, in east, north
 * order, polygons repaired; NULL for a derived occupied territory. */
static dm_status read_geometry(dm_context *ctx, const dm_vector *v,
                               dm_crs_transform *t, OGRFeatureH f,
                               const char *where, dm_source *src)
{
    GEOSGeometry *g = NULL;
    dm_status s = dm_vector_geometry(ctx, v, f, t, &g);
    if (s != DM_OK)
        return s;
    if (g == NULL && src->kind != DM_SOURCE_OCCUPIED)
        return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                        "%s: a %s needs a geometry (only an occupied "
                        "territory may be derived)",
                        where, kind_names[src->kind]);
    if (g == NULL)
        return DM_OK;
    int type = GEOSGeomTypeId_r(dm_geos(ctx), g);
    if (type == GEOS_GEOMETRYCOLLECTION && dm_geom_is_polygonal(ctx, g))
        type = GEOS_MULTIPOLYGON;
    if (!kind_allows(src->kind, type)) {
        s = dm_error(ctx, DM_ERR_GEOMETRY_TYPE, "%s: a %s cannot be a %s",
                     where, kind_names[src->kind], dm_geom_type_name(ctx, g));
        GEOSGeom_destroy_r(dm_geos(ctx), g);
        return s;
    }
    /* East, north order and domain checks (no change of CRS). */
    s = dm_crs_transform_geometry(ctx, t, g, where, &src->geom);
    GEOSGeom_destroy_r(dm_geos(ctx), g);
    if (s != DM_OK || !dm_geom_is_polygonal(ctx, src->geom))
        return s;
    GEOSGeometry *poly = dm_geom_polygonal_part(ctx, src->geom);
    GEOSGeom_destroy_r(dm_geos(ctx), src->geom);
    src->geom = poly;
    int repaired = 0;
    return poly == NULL
               ? dm_geos_error(ctx, "%s: %s", where, dm_geos_message(ctx))
               : dm_geom_make_valid(ctx, &src->geom, where, &repaired);
}

/* Keeps src (owned) among the sources read. */
static dm_status keep_source(loader *L, dm_source *src)
{
    if (L->out->count == L->cap) {
        size_t cap = L->cap ? 2 * L->cap : 16;
        dm_source *p = realloc(L->out->items, cap * sizeof *p);
        if (p == NULL)
            return dm_no_memory(L->ctx);
        L->out->items = p;
        L->cap = cap;
    }
    L->out->items[L->out->count++] = *src;
    return DM_OK;
}

static dm_status read_feature(void *userdata, const dm_vector *v,
                              dm_crs_transform *t, OGRFeatureH f)
{
    loader *L = userdata;
    dm_context *ctx = L->ctx;
    char where[600];
    snprintf(where, sizeof where,
             "conflict sources '%s', layer '%s', feature %lld", v->source,
             v->layer_name, (long long)OGR_F_GetFID(f));
    dm_source src;
    memset(&src, 0, sizeof src);
    dm_status s = read_attributes(L, f, where, &src);
    if (s == DM_OK)
        s = read_geometry(ctx, v, t, f, where, &src);
    int polygonal = src.geom == NULL || dm_geom_is_polygonal(ctx, src.geom);
    if (s == DM_OK)
        s = read_bands(L, f, where, polygonal, &src);
    if (s == DM_OK)
        src.name = dm_strdup(
            ctx, L->name_idx >= 0 && OGR_F_IsFieldSetAndNotNull(f, L->name_idx)
                     ? OGR_F_GetFieldAsString(f, L->name_idx)
                     : "");
    if (s == DM_OK && src.name == NULL)
        s = DM_ERR_NO_MEMORY;
    if (s == DM_OK)
        s = keep_source(L, &src);
    if (s != DM_OK)
        source_clear(ctx, &src);
    return s;
}

static dm_status load(loader *L, const char *source,
                      const dm_sources_options *o)
{
    /* Zone and name: NULL takes the documented name when the layer has
     * it. */
    const dm_field_spec fields[] = {
        {o->kind_field, NULL, "kind field", &L->kind_idx},
        {o->class_field, NULL, "class field", &L->class_idx},
        {o->bands_field, NULL, "bands field", &L->bands_idx},
        {o->zone_field ? o->zone_field : "zone", "zone", "zone field",
         &L->zone_idx},
        {o->name_field ? o->name_field : "name", "name", "name field",
         &L->name_idx},
    };
    dm_load_spec spec = {.what = "conflict sources",
                         .item = "feature",
                         .source = source,
                         .layer = o->layer,
                         .where = o->where,
                         .source_crs = o->source_crs,
                         .fields = fields,
                         .nfields = sizeof fields / sizeof fields[0],
                         .crs = DM_LOAD_DOMAIN,
                         .crs_wkt = &L->out->crs_wkt,
                         .feature = read_feature,
                         .userdata = L};
    L->out->path = dm_strdup(L->ctx, source);
    if (L->out->path == NULL)
        return DM_ERR_NO_MEMORY;
    return dm_vector_load(L->ctx, &spec);
}

dm_status dm_sources_load(dm_context *ctx, const char *source,
                          const dm_sources_options *opts, dm_sources **out)
{
    DM_CHECK(ctx, source, out);
    DM_GEO_BEGIN(ctx);
    dm_sources_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_sources_options_init);
    dm_sources *r = calloc(1, sizeof *r);
    if (r == NULL)
        return dm_no_memory(ctx);
    r->ctx = ctx;
    loader L;
    memset(&L, 0, sizeof L);
    L.ctx = ctx;
    L.out = r;

    dm_status s = load(&L, source, &o);
    if (s != DM_OK) {
        dm_sources_free(r);
        return s;
    }
    *out = r;
    return DM_OK;
}

void dm_sources_free(dm_sources *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->count; i++)
        source_clear(s->ctx, &s->items[i]);
    free(s->items);
    free(s->crs_wkt);
    free(s->path);
    free(s);
}

size_t dm_sources_count(dm_context *ctx, const dm_sources *s)
{
    (void)ctx;
    return s != NULL ? s->count : 0;
}

static void dm_source_info_init_full(dm_source_info *info)
{
    if (info == NULL)
        return;
    memset(info, 0, sizeof *info);
    info->struct_size = sizeof *info;
}

void dm_source_info_init_size(dm_source_info *info, size_t size)
{
    dm_source_info full;
    dm_source_info_init_full(&full);
    dm_init_copy(info, &full, sizeof full, size);
}

dm_status dm_sources_info(dm_context *ctx, const dm_sources *sources, size_t i,
                          dm_source_info *info)
{
    DM_CHECK(ctx, sources, info);
    dm_status s = dm_result_check(ctx, __func__, "dm_source_info_init", info,
                                  sizeof(dm_source_info));
    if (s != DM_OK)
        return s;
    if (i >= sources->count)
        return dm_out_of_range(ctx, "source", i, sources->count);
    const dm_source *src = &sources->items[i];
    dm_source_info r;
    dm_source_info_init(&r);
    r.kind = src->kind;
    r.hazard = src->hazard;
    r.zone = src->zone;
    r.band_count = src->nbands;
    r.bands_km = src->bands_km;
    r.name = src->name;
    r.has_geometry = src->geom != NULL;
    dm_result_give(info, &r);
    return DM_OK;
}
