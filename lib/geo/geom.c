/* GEOS helpers: polygonal parts, repair, union. */
#include <stdlib.h>

#include "geom-private.h"

const char *dm_geom_type_name(dm_context *ctx, const GEOSGeometry *g)
{
    switch (GEOSGeomTypeId_r(dm_geos(ctx), g)) {
    case GEOS_POINT: return "Point";
    case GEOS_LINESTRING: return "LineString";
    case GEOS_LINEARRING: return "LinearRing";
    case GEOS_POLYGON: return "Polygon";
    case GEOS_MULTIPOINT: return "MultiPoint";
    case GEOS_MULTILINESTRING: return "MultiLineString";
    case GEOS_MULTIPOLYGON: return "MultiPolygon";
    case GEOS_GEOMETRYCOLLECTION: return "GeometryCollection";
    default: return "geometry of unknown type";
    }
}

int dm_geom_is_polygonal(dm_context *ctx, const GEOSGeometry *g)
{
    switch (GEOSGeomTypeId_r(dm_geos(ctx), g)) {
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON: return 1;
    case GEOS_GEOMETRYCOLLECTION: {
        int n = GEOSGetNumGeometries_r(dm_geos(ctx), g);
        for (int i = 0; i < n; i++)
            if (!dm_geom_is_polygonal(ctx,
                                      GEOSGetGeometryN_r(dm_geos(ctx), g, i)))
                return 0;
        return 1;
    }
    default: return 0;
    }
}

/* Appends clones of the polygons in g to *parts (growing it). */
static int collect_polygons(dm_context *ctx, const GEOSGeometry *g,
                            GEOSGeometry ***parts, size_t *n, size_t *cap)
{
    int type = GEOSGeomTypeId_r(dm_geos(ctx), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(dm_geos(ctx), g))
            return 1;
        if (*n == *cap) {
            size_t c = *cap ? 2 * *cap : 8;
            GEOSGeometry **p = realloc(*parts, c * sizeof *p);
            if (p == NULL) {
                dm_geos_no_memory(ctx);
                return 0;
            }
            *parts = p;
            *cap = c;
        }
        GEOSGeometry *clone = GEOSGeom_clone_r(dm_geos(ctx), g);
        if (clone == NULL)
            return 0;
        (*parts)[(*n)++] = clone;
        return 1;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int k = GEOSGetNumGeometries_r(dm_geos(ctx), g);
        for (int i = 0; i < k; i++)
            if (!collect_polygons(ctx, GEOSGetGeometryN_r(dm_geos(ctx), g, i),
                                  parts, n, cap))
                return 0;
    }
    return 1; /* points and lines are dropped */
}

GEOSGeometry *dm_geom_polygonal_part(dm_context *ctx, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(dm_geos(ctx), g);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
        return GEOSGeom_clone_r(dm_geos(ctx), g);

    GEOSGeometry **parts = NULL;
    size_t n = 0, cap = 0;
    GEOSGeometry *result = NULL;
    if (collect_polygons(ctx, g, &parts, &n, &cap)) {
        if (n == 0)
            result = GEOSGeom_createEmptyCollection_r(dm_geos(ctx),
                                                      GEOS_MULTIPOLYGON);
        else
            result = GEOSGeom_createCollection_r(
                dm_geos(ctx), GEOS_MULTIPOLYGON, parts, (unsigned)n);
        if (result != NULL)
            n = 0; /* the collection owns the parts now */
    }
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(dm_geos(ctx), parts[i]);
    free(parts);
    return result;
}

dm_status dm_geom_make_valid(dm_context *ctx, GEOSGeometry **g,
                             const char *where, int *repaired)
{
    *repaired = 0;
    char valid = GEOSisValid_r(dm_geos(ctx), *g);
    if (valid == 1)
        return DM_OK;
    if (valid != 0)
        return dm_geos_error(ctx, "%s: cannot check validity: %s", where,
                             dm_geos_message(ctx));

    GEOSMakeValidParams *params = GEOSMakeValidParams_create_r(dm_geos(ctx));
    if (params == NULL)
        return dm_no_memory(ctx);
    GEOSMakeValidParams_setMethod_r(dm_geos(ctx), params,
                                    GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(dm_geos(ctx), params, 0);
    GEOSGeometry *fixed = GEOSMakeValidWithParams_r(dm_geos(ctx), *g, params);
    GEOSMakeValidParams_destroy_r(dm_geos(ctx), params);
    if (fixed == NULL)
        return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                        "%s: invalid geometry that GEOS cannot repair: %s",
                        where, dm_geos_message(ctx));
    GEOSGeometry *poly = dm_geom_polygonal_part(ctx, fixed);
    GEOSGeom_destroy_r(dm_geos(ctx), fixed);
    if (poly == NULL)
        return dm_geos_error(ctx, "%s: %s", where, dm_geos_message(ctx));
    GEOSGeom_destroy_r(dm_geos(ctx), *g);
    *g = poly;
    *repaired = 1;
    return DM_OK;
}

static void settle_line(dm_context *ctx, const GEOSGeometry *line)
{
    double x;
    unsigned dims;
    if (line == NULL || GEOSisEmpty_r(dm_geos(ctx), line) != 0)
        return;
    GEOSGeom_getXMin_r(dm_geos(ctx), line, &x);
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(dm_geos(ctx), line);
    if (seq != NULL)
        GEOSCoordSeq_getDimensions_r(dm_geos(ctx), seq, &dims);
}

void dm_geom_settle(dm_context *ctx, const GEOSGeometry *g)
{
    if (g == NULL)
        return;
    double x;
    switch (GEOSGeomTypeId_r(dm_geos(ctx), g)) {
    case GEOS_POLYGON: {
        settle_line(ctx, GEOSGetExteriorRing_r(dm_geos(ctx), g));
        int holes = GEOSGetNumInteriorRings_r(dm_geos(ctx), g);
        for (int i = 0; i < holes; i++)
            settle_line(ctx, GEOSGetInteriorRingN_r(dm_geos(ctx), g, i));
        break;
    }
    case GEOS_MULTIPOINT:
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION: {
        int n = GEOSGetNumGeometries_r(dm_geos(ctx), g);
        for (int i = 0; i < n; i++)
            dm_geom_settle(ctx, GEOSGetGeometryN_r(dm_geos(ctx), g, i));
        break;
    }
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
    case GEOS_POINT: settle_line(ctx, g); break;
    default: break;
    }
    if (GEOSisEmpty_r(dm_geos(ctx), g) == 0)
        GEOSGeom_getXMin_r(dm_geos(ctx), g, &x);
}

void dm_repair_log_free(dm_repair_log *log)
{
    for (size_t i = 0; i < log->count; i++) {
        free(log->entries[i].where);
        free(log->entries[i].reason);
    }
    free(log->entries);
    *log = (dm_repair_log){0};
}

/* What GEOS finds wrong with g (new), without its location: that is in
 * the target CRS's metres, no help to the one who drew it. */
static char *invalid_reason(dm_context *ctx, const GEOSGeometry *g)
{
    char *reason = NULL;
    GEOSGeometry *location = NULL;
    char r = GEOSisValidDetail_r(dm_geos(ctx), g, 0, &reason, &location);
    GEOSGeom_destroy_r(dm_geos(ctx), location);
    char *copy = dm_strdup(ctx, r == 0 && reason != NULL ? reason : "invalid");
    GEOSFree_r(dm_geos(ctx), reason);
    return copy;
}

static dm_status log_add(dm_context *ctx, dm_repair_log *log,
                         dm_repair_entry *e)
{
    dm_status s = dm_grow(ctx, &log->entries, &log->cap, log->count,
                          sizeof *log->entries, 8);
    if (s != DM_OK)
        return s;
    log->entries[log->count++] = *e;
    return DM_OK;
}

dm_status dm_geom_repair(dm_context *ctx, GEOSGeometry **g, const char *where,
                         dm_repair_log *log)
{
    char valid = GEOSisValid_r(dm_geos(ctx), *g);
    if (valid != 0) { /* valid, or cannot tell: make-valid says which */
        int repaired;
        return dm_geom_make_valid(ctx, g, where, &repaired);
    }
    dm_repair_entry e = {.where = dm_strdup(ctx, where),
                         .reason = invalid_reason(ctx, *g),
                         .drawn_m2 = dm_geom_area(ctx, *g)};
    int repaired = 0;
    dm_status s = e.where != NULL && e.reason != NULL
                      ? dm_geom_make_valid(ctx, g, where, &repaired)
                      : dm_no_memory(ctx);
    e.repaired_m2 = dm_geom_area(ctx, *g);
    if (s == DM_OK)
        s = log_add(ctx, log, &e);
    if (s != DM_OK) {
        free(e.where);
        free(e.reason);
    }
    return s;
}

dm_status dm_repair_log_get(dm_context *ctx, const dm_repair_log *log,
                            size_t i, const char **where, const char **reason,
                            double *drawn_km2, double *repaired_km2)
{
    if (i >= log->count)
        return dm_out_of_range(ctx, "repair", i, log->count);
    const dm_repair_entry *e = &log->entries[i];
    if (where != NULL)
        *where = e->where;
    if (reason != NULL)
        *reason = e->reason;
    if (drawn_km2 != NULL)
        *drawn_km2 = e->drawn_m2 / DM_M2_PER_KM2;
    if (repaired_km2 != NULL)
        *repaired_km2 = e->repaired_m2 / DM_M2_PER_KM2;
    return DM_OK;
}

GEOSGeometry *dm_geom_union(dm_context *ctx, GEOSGeometry *const *parts,
                            size_t n)
{
    if (n == 0)
        return GEOSGeom_createEmptyPolygon_r(dm_geos(ctx));
    if (n == 1)
        return GEOSGeom_clone_r(dm_geos(ctx), parts[0]);
    GEOSGeometry **clones = malloc(n * sizeof *clones);
    if (clones == NULL) {
        dm_geos_no_memory(ctx);
        return NULL;
    }
    size_t made = 0;
    for (; made < n; made++) {
        clones[made] = GEOSGeom_clone_r(dm_geos(ctx), parts[made]);
        if (clones[made] == NULL)
            break;
    }
    GEOSGeometry *result = NULL;
    if (made == n) {
        GEOSGeometry *coll = GEOSGeom_createCollection_r(
            dm_geos(ctx), GEOS_GEOMETRYCOLLECTION, clones, (unsigned)n);
        if (coll != NULL) {
            made = 0; /* owned by coll */
            result = GEOSUnaryUnion_r(dm_geos(ctx), coll);
            GEOSGeom_destroy_r(dm_geos(ctx), coll);
        }
    }
    for (size_t i = 0; i < made; i++)
        GEOSGeom_destroy_r(dm_geos(ctx), clones[i]);
    free(clones);
    return result;
}

GEOSGeometry *dm_geom_intersection(dm_context *ctx, const GEOSGeometry *a,
                                   const GEOSGeometry *b)
{
    GEOSGeometry *g = GEOSIntersection_r(dm_geos(ctx), a, b);
    if (g == NULL)
        return NULL;
    GEOSGeometry *p = dm_geom_polygonal_part(ctx, g);
    GEOSGeom_destroy_r(dm_geos(ctx), g);
    return p;
}

GEOSGeometry *dm_geom_difference(dm_context *ctx, const GEOSGeometry *a,
                                 const GEOSGeometry *b)
{
    GEOSGeometry *g = GEOSDifference_r(dm_geos(ctx), a, b);
    if (g == NULL)
        return NULL;
    GEOSGeometry *p = dm_geom_polygonal_part(ctx, g);
    GEOSGeom_destroy_r(dm_geos(ctx), g);
    return p;
}

/* The buffer of each point of a multi-point, united once (GEOS's cascaded
 * union): GEOS's buffer of the multi-point as a whole nodes every circle
 * against every other and grew past 2 GB for 2,000 battle sites. */
static GEOSGeometry *buffer_points(dm_context *ctx, const GEOSGeometry *g,
                                   const GEOSBufferParams *p, double distance)
{
    int n = GEOSGetNumGeometries_r(dm_geos(ctx), g);
    GEOSGeometry **parts = n > 0 ? calloc((size_t)n, sizeof *parts) : NULL;
    if (parts == NULL) {
        dm_geos_no_memory(ctx);
        return NULL;
    }
    int made = 0;
    for (; made < n; made++) {
        parts[made] = GEOSBufferWithParams_r(
            dm_geos(ctx), GEOSGetGeometryN_r(dm_geos(ctx), g, made), p,
            distance);
        if (parts[made] == NULL)
            break;
    }
    GEOSGeometry *u = made == n ? dm_geom_union(ctx, parts, (size_t)n) : NULL;
    for (int i = 0; i < made; i++)
        GEOSGeom_destroy_r(dm_geos(ctx), parts[i]);
    free(parts);
    return u;
}

GEOSGeometry *dm_geom_buffer(dm_context *ctx, const GEOSGeometry *g,
                             double distance, int quadsegs, int single_sided)
{
    if (distance == 0.0 && single_sided == 0) {
        return dm_geom_is_polygonal(ctx, g)
                   ? dm_geom_polygonal_part(ctx, g)
                   : GEOSGeom_createEmptyCollection_r(dm_geos(ctx),
                                                      GEOS_MULTIPOLYGON);
    }
    GEOSBufferParams *p = GEOSBufferParams_create_r(dm_geos(ctx));
    if (p == NULL)
        return NULL;
    GEOSBufferParams_setQuadrantSegments_r(dm_geos(ctx), p, quadsegs);
    GEOSBufferParams_setEndCapStyle_r(dm_geos(ctx), p, GEOSBUF_CAP_ROUND);
    GEOSBufferParams_setJoinStyle_r(dm_geos(ctx), p, GEOSBUF_JOIN_ROUND);
    if (single_sided != 0)
        GEOSBufferParams_setSingleSided_r(dm_geos(ctx), p, 1);
    GEOSGeometry *b =
        GEOSGeomTypeId_r(dm_geos(ctx), g) == GEOS_MULTIPOINT &&
                single_sided == 0 && distance > 0.0
            ? buffer_points(ctx, g, p, distance)
            : GEOSBufferWithParams_r(dm_geos(ctx), g, p,
                                     single_sided < 0 ? -distance : distance);
    GEOSBufferParams_destroy_r(dm_geos(ctx), p);
    return b;
}

double dm_geom_area(dm_context *ctx, const GEOSGeometry *g)
{
    double a = 0.0;
    if (g == NULL || !GEOSArea_r(dm_geos(ctx), g, &a))
        return 0.0;
    return a;
}
