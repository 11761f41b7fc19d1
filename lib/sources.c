/* Conflict sources: the features that cause contamination, read with GDAL. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "crs-private.h"
#include "geom-private.h"
#include "io-private.h"
#include "sources-private.h"
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

void dm_sources_options_init(dm_sources_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->kind_field = "kind";
    opts->class_field = "class";
    opts->bands_field = "bands_km";
}

typedef struct loader {
    dm_context *ctx;
    dm_vector v;
    dm_crs_transform t;
    PJ *crs;
    int kind_idx, class_idx, bands_idx, zone_idx, name_idx;
    dm_sources *out;
    size_t cap;
} loader;

static void source_clear(dm_context *ctx, dm_source *s)
{
    free(s->bands_km);
    free(s->name);
    if (s->geom != NULL)
        GEOSGeom_destroy_r(ctx->geos, s->geom);
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
        double d = strtod(p, &end);
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
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(bands[i]) || bands[i] < 0.0)
            return dm_error(ctx, DM_ERR_BAD_VALUE,
                            "%s: field '%s': band %zu is %g km; distances "
                            "are finite and >= 0",
                            where, field, i + 1, bands[i]);
        if (i > 0 && bands[i] <= bands[i - 1])
            return dm_error(ctx, DM_ERR_BAD_VALUE,
                            "%s: field '%s': band %zu (%g km) is not beyond "
                            "band %zu (%g km); distances must increase",
                            where, field, i + 1, bands[i], i, bands[i - 1]);
    }
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

static dm_status read_feature(loader *L, OGRFeatureH f)
{
    dm_context *ctx = L->ctx;
    char where[600];
    snprintf(where, sizeof where,
             "conflict sources '%s', layer '%s', feature %lld", L->v.source,
             L->v.layer_name, (long long)OGR_F_GetFID(f));

    dm_source src;
    memset(&src, 0, sizeof src);
    int kind = 0, hazard = 0, zone = 0;
    dm_status s =
        dm_vector_enum(ctx, f, L->kind_idx, where, kind_index, &kind);
    if (s == DM_OK)
        s = dm_vector_enum(ctx, f, L->class_idx, where, dm_hazard_index,
                           &hazard);
    if (s != DM_OK)
        return s;
    src.kind = (dm_source_kind)kind;
    src.hazard = (dm_hazard)hazard;
    src.zone =
        src.kind == DM_SOURCE_OCCUPIED ? DM_ZONE_OCCUPIED : DM_ZONE_CONTROLLED;
    if (L->zone_idx >= 0 && OGR_F_IsFieldSetAndNotNull(f, L->zone_idx)) {
        s = dm_vector_enum(ctx, f, L->zone_idx, where, dm_zone_index, &zone);
        if (s != DM_OK)
            return s;
        src.zone = (dm_zone)zone;
    }

    GEOSGeometry *g = NULL;
    s = dm_vector_geometry(ctx, &L->v, f, &L->t, &g);
    if (s != DM_OK)
        return s;
    if (g == NULL && src.kind != DM_SOURCE_OCCUPIED)
        return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                        "%s: a %s needs a geometry (only an occupied "
                        "territory may be derived)",
                        where, kind_names[src.kind]);
    if (g != NULL) {
        int type = GEOSGeomTypeId_r(ctx->geos, g);
        if (type == GEOS_GEOMETRYCOLLECTION && dm_geom_is_polygonal(ctx, g))
            type = GEOS_MULTIPOLYGON;
        if (!kind_allows(src.kind, type)) {
            s = dm_error(ctx, DM_ERR_GEOMETRY_TYPE, "%s: a %s cannot be a %s",
                         where, kind_names[src.kind],
                         dm_geom_type_name(ctx, g));
            GEOSGeom_destroy_r(ctx->geos, g);
            return s;
        }
        /* East, north order and domain checks (no change of CRS). */
        s = dm_crs_transform_geometry(ctx, &L->t, g, where, &src.geom);
        GEOSGeom_destroy_r(ctx->geos, g);
        if (s != DM_OK)
            return s;
        if (dm_geom_is_polygonal(ctx, src.geom)) {
            GEOSGeometry *poly = dm_geom_polygonal_part(ctx, src.geom);
            GEOSGeom_destroy_r(ctx->geos, src.geom);
            src.geom = poly;
            int repaired = 0;
            s = poly == NULL
                    ? dm_error(ctx, DM_ERR_GEOS, "%s: %s", where,
                               dm_geos_message(ctx))
                    : dm_geom_make_valid(ctx, &src.geom, where, &repaired);
            if (s != DM_OK) {
                source_clear(ctx, &src);
                return s;
            }
        }
    }
    int polygonal = src.geom == NULL || dm_geom_is_polygonal(ctx, src.geom);
    s = read_bands(L, f, where, polygonal, &src);
    if (s == DM_OK && L->name_idx >= 0)
        src.name = dm_strdup(ctx, OGR_F_IsFieldSetAndNotNull(f, L->name_idx)
                                      ? OGR_F_GetFieldAsString(f, L->name_idx)
                                      : "");
    else if (s == DM_OK)
        src.name = dm_strdup(ctx, "");
    if (s == DM_OK && src.name == NULL)
        s = DM_ERR_NO_MEMORY;
    if (s == DM_OK && L->out->count == L->cap) {
        size_t cap = L->cap ? 2 * L->cap : 16;
        dm_source *p = realloc(L->out->items, cap * sizeof *p);
        if (p == NULL)
            s = dm_no_memory(ctx);
        else {
            L->out->items = p;
            L->cap = cap;
        }
    }
    if (s != DM_OK) {
        source_clear(ctx, &src);
        return s;
    }
    L->out->items[L->out->count++] = src;
    return DM_OK;
}

static dm_status read_one(void *userdata, OGRFeatureH f)
{
    return read_feature(userdata, f);
}

static dm_status load(loader *L, const char *source,
                      const dm_sources_options *o)
{
    dm_context *ctx = L->ctx;
    dm_status s = dm_vector_open(ctx, "conflict sources", source, o->layer,
                                 o->where, &L->v);
    if (s != DM_OK)
        return s;
    if (OGR_L_GetFeatureCount(L->v.layer, TRUE) == 0)
        return dm_error(ctx, DM_ERR_EMPTY,
                        "conflict sources '%s', layer '%s' has no feature",
                        source, L->v.layer_name);
    const struct {
        const char *name, *option;
        int *idx;
    } required[] = {
        {o->kind_field, "kind field", &L->kind_idx},
        {o->class_field, "class field", &L->class_idx},
        {o->bands_field, "bands field", &L->bands_idx},
    };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (required[i].name == NULL)
            return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                            "dm_sources_load: the %s is required",
                            required[i].option);
        s = dm_vector_field(ctx, &L->v, required[i].name, required[i].option,
                            required[i].idx);
        if (s != DM_OK)
            return s;
    }
    /* NULL: the documented name when the layer has it. */
    s = dm_vector_optional_field(ctx, &L->v,
                                 o->zone_field ? o->zone_field : "zone",
                                 "zone", "zone field", &L->zone_idx);
    if (s == DM_OK)
        s = dm_vector_optional_field(ctx, &L->v,
                                     o->name_field ? o->name_field : "name",
                                     "name", "name field", &L->name_idx);
    if (s != DM_OK)
        return s;

    int swap = 0;
    s = dm_crs_of_layer(ctx, &L->v, o->source_crs, &L->crs, &swap);
    if (s != DM_OK)
        return s;
    dm_crs_domain_init(ctx, L->crs, swap, &L->t);
    L->out->crs_wkt = dm_crs_wkt(ctx, L->crs);
    L->out->path = dm_strdup(ctx, source);
    if (L->out->crs_wkt == NULL || L->out->path == NULL)
        return dm_context_last_status(ctx);

    return dm_vector_each(ctx, &L->v, read_one, L, NULL);
}

dm_status dm_sources_load(dm_context *ctx, const char *source,
                          const dm_sources_options *opts, dm_sources **out)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (source == NULL)
        return dm_null_argument(ctx, "dm_sources_load", "source");
    if (out == NULL)
        return dm_null_argument(ctx, "dm_sources_load", "out");
    dm_sources_options defaults;
    if (opts == NULL) {
        dm_sources_options_init(&defaults);
        opts = &defaults;
    }
    dm_sources *r = calloc(1, sizeof *r);
    if (r == NULL)
        return dm_no_memory(ctx);
    r->ctx = ctx;
    loader L;
    memset(&L, 0, sizeof L);
    L.ctx = ctx;
    L.out = r;

    dm_gdal_begin(ctx);
    dm_status s = load(&L, source, opts);
    proj_destroy(L.crs);
    dm_vector_close(&L.v);
    dm_gdal_end(ctx);
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

dm_status dm_sources_info(dm_context *ctx, const dm_sources *s, size_t i,
                          dm_source_info *info)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (s == NULL || info == NULL)
        return dm_null_argument(ctx, "dm_sources_info",
                                s == NULL ? "sources" : "info");
    if (i >= s->count)
        return dm_out_of_range(ctx, "source", i, s->count);
    const dm_source *src = &s->items[i];
    info->kind = src->kind;
    info->hazard = src->hazard;
    info->zone = src->zone;
    info->band_count = src->nbands;
    info->bands_km = src->bands_km;
    info->name = src->name;
    info->has_geometry = src->geom != NULL;
    return DM_OK;
}
