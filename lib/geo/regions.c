/* Regions: administrative units read with GDAL, transformed with PROJ,
 * repaired and measured with GEOS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "crs-private.h"
#include "geom-private.h"
#include "io-private.h"
#include "regions-private.h"

static void dm_regions_options_init_full(dm_regions_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->name_field = "name";
    opts->code_field = "code";
    opts->threads = 1;
}

void dm_regions_options_init_size(dm_regions_options *opts, size_t size)
{
    dm_regions_options full;
    dm_regions_options_init_full(&full);
    dm_init_copy(opts, &full, sizeof full, size);
}

/* A unit while it is being read: the parts of the features sharing its
 * code. */
typedef struct pending_unit {
    char *code;
    char *name;
    GEOSGeometry **parts;
    size_t nparts, cap;
} pending_unit;

typedef struct loader {
    dm_context *ctx;
    const char *source;
    PJ *dst_crs;
    int code_idx, name_idx;
    pending_unit *units;
    size_t nunits, cap;
    dm_repair_log repairs;
} loader;

static void loader_free(loader *L)
{
    for (size_t i = 0; i < L->nunits; i++) {
        pending_unit *u = &L->units[i];
        for (size_t k = 0; k < u->nparts; k++)
            GEOSGeom_destroy_r(dm_geos(L->ctx), u->parts[k]);
        free(u->parts);
        free(u->code);
        free(u->name);
    }
    free(L->units);
    dm_repair_log_free(&L->repairs);
    proj_destroy(L->dst_crs);
}

/* The unit with this code, added when new; NULL when out of memory. */
static pending_unit *unit_for(loader *L, const char *code, const char *name)
{
    for (size_t i = 0; i < L->nunits; i++)
        if (strcmp(L->units[i].code, code) == 0)
            return &L->units[i];
    if (L->nunits == L->cap) {
        size_t c = L->cap ? 2 * L->cap : 32;
        pending_unit *p = realloc(L->units, c * sizeof *p);
        if (p == NULL)
            return NULL;
        L->units = p;
        L->cap = c;
    }
    pending_unit *u = &L->units[L->nunits];
    memset(u, 0, sizeof *u);
    u->code = dm_strdup(L->ctx, code);
    u->name = dm_strdup(L->ctx, name);
    if (u->code == NULL || u->name == NULL) {
        free(u->code);
        free(u->name);
        return NULL;
    }
    L->nunits++;
    return u;
}

static int unit_add_part(pending_unit *u, GEOSGeometry *g)
{
    if (u->nparts == u->cap) {
        size_t c = u->cap ? 2 * u->cap : 2;
        GEOSGeometry **p = realloc(u->parts, c * sizeof *p);
        if (p == NULL)
            return 0;
        u->parts = p;
        u->cap = c;
    }
    u->parts[u->nparts++] = g;
    return 1;
}

/* Reads one feature into its unit. */
static dm_status read_feature(void *userdata, const dm_vector *v,
                              dm_crs_transform *t, OGRFeatureH f)
{
    loader *L = userdata;
    dm_context *ctx = L->ctx;
    char where[600];
    long long fid = (long long)OGR_F_GetFID(f);
    snprintf(where, sizeof where, "boundaries '%s', layer '%s', feature %lld",
             v->source, v->layer_name, fid);

    const char *code = OGR_F_IsFieldSetAndNotNull(f, L->code_idx)
                           ? OGR_F_GetFieldAsString(f, L->code_idx)
                           : "";
    if (code[0] == '\0')
        return dm_error(
            ctx, DM_ERR_BAD_VALUE,
            "%s: the code field '%s' is "
            "empty",
            where, OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, L->code_idx)));
    const char *name = code;
    if (L->name_idx >= 0 && OGR_F_IsFieldSetAndNotNull(f, L->name_idx))
        name = OGR_F_GetFieldAsString(f, L->name_idx);

    GEOSGeometry *g = NULL;
    dm_status s = dm_vector_geometry(ctx, v, f, t, &g);
    if (s != DM_OK)
        return s;
    if (g == NULL)
        return dm_error(ctx, DM_ERR_BAD_GEOMETRY, "%s ('%s'): no geometry",
                        where, code);
    if (!dm_geom_is_polygonal(ctx, g)) {
        s = dm_error(ctx, DM_ERR_GEOMETRY_TYPE,
                     "%s ('%s') is a %s; boundaries must be polygons", where,
                     code, dm_geom_type_name(ctx, g));
        GEOSGeom_destroy_r(dm_geos(ctx), g);
        return s;
    }
    GEOSGeometry *moved = NULL;
    s = dm_crs_transform_geometry(ctx, t, g, where, &moved);
    GEOSGeom_destroy_r(dm_geos(ctx), g);
    if (s != DM_OK)
        return s;

    /* Collections of polygons become one MultiPolygon; then repair. */
    GEOSGeometry *poly = dm_geom_polygonal_part(ctx, moved);
    GEOSGeom_destroy_r(dm_geos(ctx), moved);
    if (poly == NULL)
        return dm_geos_error(ctx, "%s: %s", where, dm_geos_message(ctx));
    s = dm_geom_repair(ctx, &poly, where, &L->repairs);
    if (s != DM_OK) {
        GEOSGeom_destroy_r(dm_geos(ctx), poly);
        return s;
    }

    pending_unit *u = unit_for(L, code, name);
    if (u == NULL || !unit_add_part(u, poly)) {
        GEOSGeom_destroy_r(dm_geos(ctx), poly);
        return dm_no_memory(ctx);
    }
    return DM_OK;
}

/* The national outline: the union of the units, on `threads` threads when
 * they are many; its area and bounds. */
static dm_status make_outline(loader *L, dm_regions *r, unsigned threads)
{
    dm_context *ctx = L->ctx;
    GEOSGeometry **geoms = malloc(r->count * sizeof *geoms);
    if (geoms == NULL)
        return dm_no_memory(ctx);
    for (size_t i = 0; i < r->count; i++)
        geoms[i] = r->items[i].geom;
    dm_status s =
        dm_geom_union_blocks(ctx, geoms, r->count, threads, &r->outline);
    free(geoms);
    if (s == DM_OK &&
        !GEOSArea_r(dm_geos(ctx), r->outline, &r->outline_area_m2))
        s = dm_geos_error(ctx, "%s", dm_geos_message(ctx));
    if (s != DM_OK)
        return dm_error_wrap(ctx, s,
                             "boundaries '%s': cannot build the national "
                             "outline",
                             L->source);
    GEOSGeom_getXMin_r(dm_geos(ctx), r->outline, &r->outline_bounds[0]);
    GEOSGeom_getYMin_r(dm_geos(ctx), r->outline, &r->outline_bounds[1]);
    GEOSGeom_getXMax_r(dm_geos(ctx), r->outline, &r->outline_bounds[2]);
    GEOSGeom_getYMax_r(dm_geos(ctx), r->outline, &r->outline_bounds[3]);
    return DM_OK;
}

/* Moves the pending units into regions: union of parts, area, bounds;
 * the outline on `threads` threads. */
static dm_status finish(loader *L, dm_regions *r, unsigned threads)
{
    dm_context *ctx = L->ctx;
    r->items = calloc(L->nunits, sizeof *r->items);
    if (r->items == NULL)
        return dm_no_memory(ctx);
    for (size_t i = 0; i < L->nunits; i++) {
        pending_unit *u = &L->units[i];
        dm_region *item = &r->items[r->count];
        GEOSGeometry *g = u->nparts == 1
                              ? u->parts[0]
                              : dm_geom_union(ctx, u->parts, u->nparts);
        if (g == NULL)
            return dm_geos_error(ctx,
                                 "boundaries '%s': cannot merge "
                                 "the %zu features of unit '%s': %s",
                                 L->source, u->nparts, u->code,
                                 dm_geos_message(ctx));
        if (u->nparts == 1)
            u->nparts = 0; /* moved into the item */
        item->geom = g;
        item->code = u->code;
        item->name = u->name;
        u->code = u->name = NULL;
        r->count++;
        if (!GEOSArea_r(dm_geos(ctx), g, &item->area_m2) ||
            item->area_m2 <= 0.0)
            return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                            "boundaries '%s', unit '%s': its polygons have "
                            "no area",
                            L->source, item->code);
        GEOSGeom_getXMin_r(dm_geos(ctx), g, &item->bounds[0]);
        GEOSGeom_getYMin_r(dm_geos(ctx), g, &item->bounds[1]);
        GEOSGeom_getXMax_r(dm_geos(ctx), g, &item->bounds[2]);
        GEOSGeom_getYMax_r(dm_geos(ctx), g, &item->bounds[3]);
    }

    dm_status s = make_outline(L, r, threads);
    if (s != DM_OK)
        return s;
    r->repairs = L->repairs;
    L->repairs = (dm_repair_log){0};
    r->crs_wkt = dm_crs_wkt(ctx, L->dst_crs);
    return r->crs_wkt != NULL ? DM_OK : dm_context_last_status(ctx);
}

static dm_status load(loader *L, const char *source,
                      const dm_regions_options *o, dm_regions *r)
{
    dm_context *ctx = L->ctx;
    if (o->code_field == NULL || o->code_field[0] == '\0')
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_regions_load: a code field is required");
    if (o->threads < 1 || o->threads > DM_MAX_THREADS)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_regions_load: threads %u is not in 1–%d",
                        o->threads, DM_MAX_THREADS);
    const char *target = o->target_crs ? o->target_crs : DM_DEFAULT_CRS;
    dm_status s = dm_crs_create(ctx, target, "target CRS", &L->dst_crs);
    if (s != DM_OK)
        return s;
    if (dm_crs_is_geographic(ctx, L->dst_crs))
        return dm_error(ctx, DM_ERR_BAD_CRS,
                        "target CRS '%s' is geographic; areas need a "
                        "projected, equal-area CRS",
                        target);
    /* No name field (NULL or ""): the code names the unit. */
    const dm_field_spec fields[] = {
        {o->code_field, NULL, "code field", &L->code_idx},
        {o->name_field, "", "name field", &L->name_idx},
    };
    dm_load_spec spec = {.what = "boundaries",
                         .item = "feature",
                         .source = source,
                         .layer = o->layer,
                         .where = o->where,
                         .source_crs = o->source_crs,
                         .fields = fields,
                         .nfields = sizeof fields / sizeof fields[0],
                         .crs = DM_LOAD_TRANSFORM,
                         .target = L->dst_crs,
                         .feature = read_feature,
                         .userdata = L};
    s = dm_vector_load(ctx, &spec);
    return s == DM_OK ? finish(L, r, o->threads) : s;
}

dm_status dm_regions_load(dm_context *ctx, const char *source,
                          const dm_regions_options *opts, dm_regions **out)
{
    DM_CHECK(ctx, source, out);
    DM_GEO_BEGIN(ctx);
    dm_regions_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_regions_options_init);
    dm_regions *r = calloc(1, sizeof *r);
    if (r == NULL)
        return dm_no_memory(ctx);
    r->ctx = ctx;
    r->source = dm_strdup(ctx, source);
    if (r->source == NULL) {
        free(r);
        return DM_ERR_NO_MEMORY;
    }
    loader L;
    memset(&L, 0, sizeof L);
    L.ctx = ctx;
    L.source = source;
    dm_status s = load(&L, source, &o, r);
    loader_free(&L);

    if (s != DM_OK) {
        dm_regions_free(r);
        return s;
    }
    *out = r;
    return DM_OK;
}

void dm_regions_free(dm_regions *r)
{
    if (r == NULL)
        return;
    GEOSContextHandle_t h = dm_geos(r->ctx);
    for (size_t i = 0; i < r->count; i++) {
        GEOSGeom_destroy_r(h, r->items[i].geom);
        free(r->items[i].code);
        free(r->items[i].name);
    }
    free(r->items);
    free(r->source);
    dm_repair_log_free(&r->repairs);
    if (r->outline != NULL)
        GEOSGeom_destroy_r(h, r->outline);
    free(r->crs_wkt);
    free(r);
}

/* ---- accessors ---------------------------------------------------------- */

/* Unit i, or NULL with DM_ERR_OUT_OF_RANGE recorded. */
static const dm_region *item_at(dm_context *ctx, const dm_regions *r, size_t i)
{
    if (i < r->count)
        return &r->items[i];
    dm_out_of_range(ctx, "region", i, r->count);
    return NULL;
}

size_t dm_regions_count(dm_context *ctx, const dm_regions *regions)
{
    (void)ctx;
    return regions != NULL ? regions->count : 0;
}

const char *dm_regions_code(dm_context *ctx, const dm_regions *regions,
                            size_t i)
{
    DM_CHECK_OR(NULL, ctx, regions);
    const dm_region *item = item_at(ctx, regions, i);
    return item != NULL ? item->code : NULL;
}

const char *dm_regions_name(dm_context *ctx, const dm_regions *regions,
                            size_t i)
{
    DM_CHECK_OR(NULL, ctx, regions);
    const dm_region *item = item_at(ctx, regions, i);
    return item != NULL ? item->name : NULL;
}

dm_status dm_regions_area_km2(dm_context *ctx, const dm_regions *regions,
                              size_t i, double *km2)
{
    DM_CHECK(ctx, regions, km2);
    const dm_region *item = item_at(ctx, regions, i);
    if (item == NULL)
        return DM_ERR_OUT_OF_RANGE;
    *km2 = item->area_m2 / DM_M2_PER_KM2;
    return DM_OK;
}

dm_status dm_regions_bounds(dm_context *ctx, const dm_regions *regions,
                            size_t i, double bounds[4])
{
    DM_CHECK(ctx, regions, bounds);
    const dm_region *item = item_at(ctx, regions, i);
    if (item == NULL)
        return DM_ERR_OUT_OF_RANGE;
    memcpy(bounds, item->bounds, sizeof item->bounds);
    return DM_OK;
}

dm_status dm_regions_find(dm_context *ctx, const dm_regions *regions,
                          const char *code, size_t *index)
{
    DM_CHECK(ctx, regions, code, index);
    for (size_t i = 0; i < regions->count; i++)
        if (strcmp(regions->items[i].code, code) == 0) {
            *index = i;
            return DM_OK;
        }
    return dm_error(ctx, DM_ERR_NOT_FOUND, "no region has the code '%s'",
                    code);
}

dm_status dm_regions_total_area_km2(dm_context *ctx, const dm_regions *regions,
                                    double *km2)
{
    DM_CHECK(ctx, regions, km2);
    *km2 = regions->outline_area_m2 / DM_M2_PER_KM2;
    return DM_OK;
}

dm_status dm_regions_total_bounds(dm_context *ctx, const dm_regions *regions,
                                  double bounds[4])
{
    DM_CHECK(ctx, regions, bounds);
    memcpy(bounds, regions->outline_bounds, sizeof regions->outline_bounds);
    return DM_OK;
}

const char *dm_regions_crs_wkt(dm_context *ctx, const dm_regions *regions)
{
    DM_CHECK_OR(NULL, ctx, regions);
    return regions->crs_wkt;
}

size_t dm_regions_repaired_count(dm_context *ctx, const dm_regions *regions)
{
    (void)ctx;
    return regions != NULL ? regions->repairs.count : 0;
}

dm_status dm_regions_repair(dm_context *ctx, const dm_regions *regions,
                            size_t i, const char **where, const char **reason,
                            double *drawn_km2, double *repaired_km2)
{
    DM_CHECK(ctx, regions);
    return dm_repair_log_get(ctx, &regions->repairs, i, where, reason,
                             drawn_km2, repaired_km2);
}
