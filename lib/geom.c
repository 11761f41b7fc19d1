/* GEOS helpers: polygonal parts, repair, union. */
#include <stdlib.h>

#include "geom-private.h"

const char *dm_geom_type_name(dm_context *ctx, const GEOSGeometry *g)
{
    switch (GEOSGeomTypeId_r(ctx->geos, g)) {
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
    switch (GEOSGeomTypeId_r(ctx->geos, g)) {
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON: return 1;
    case GEOS_GEOMETRYCOLLECTION: {
        int n = GEOSGetNumGeometries_r(ctx->geos, g);
        for (int i = 0; i < n; i++)
            if (!dm_geom_is_polygonal(ctx,
                                      GEOSGetGeometryN_r(ctx->geos, g, i)))
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
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx->geos, g))
            return 1;
        if (*n == *cap) {
            size_t c = *cap ? 2 * *cap : 8;
            GEOSGeometry **p = realloc(*parts, c * sizeof *p);
            if (p == NULL)
                return 0;
            *parts = p;
            *cap = c;
        }
        GEOSGeometry *clone = GEOSGeom_clone_r(ctx->geos, g);
        if (clone == NULL)
            return 0;
        (*parts)[(*n)++] = clone;
        return 1;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int k = GEOSGetNumGeometries_r(ctx->geos, g);
        for (int i = 0; i < k; i++)
            if (!collect_polygons(ctx, GEOSGetGeometryN_r(ctx->geos, g, i),
                                  parts, n, cap))
                return 0;
    }
    return 1; /* points and lines are dropped */
}

GEOSGeometry *dm_geom_polygonal_part(dm_context *ctx, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(ctx->geos, g);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
        return GEOSGeom_clone_r(ctx->geos, g);

    GEOSGeometry **parts = NULL;
    size_t n = 0, cap = 0;
    GEOSGeometry *result = NULL;
    if (collect_polygons(ctx, g, &parts, &n, &cap)) {
        if (n == 0)
            result =
                GEOSGeom_createEmptyCollection_r(ctx->geos, GEOS_MULTIPOLYGON);
        else
            result = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOLYGON,
                                                 parts, (unsigned)n);
        if (result != NULL)
            n = 0; /* the collection owns the parts now */
    }
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(ctx->geos, parts[i]);
    free(parts);
    return result;
}

dm_status dm_geom_make_valid(dm_context *ctx, GEOSGeometry **g,
                             const char *where, int *repaired)
{
    *repaired = 0;
    char valid = GEOSisValid_r(ctx->geos, *g);
    if (valid == 1)
        return DM_OK;
    if (valid != 0)
        return dm_error(ctx, DM_ERR_GEOS, "%s: cannot check validity: %s",
                        where, dm_geos_message(ctx));

    GEOSMakeValidParams *params = GEOSMakeValidParams_create_r(ctx->geos);
    if (params == NULL)
        return dm_no_memory(ctx);
    GEOSMakeValidParams_setMethod_r(ctx->geos, params,
                                    GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(ctx->geos, params, 0);
    GEOSGeometry *fixed = GEOSMakeValidWithParams_r(ctx->geos, *g, params);
    GEOSMakeValidParams_destroy_r(ctx->geos, params);
    if (fixed == NULL)
        return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                        "%s: invalid geometry that GEOS cannot repair: %s",
                        where, dm_geos_message(ctx));
    GEOSGeometry *poly = dm_geom_polygonal_part(ctx, fixed);
    GEOSGeom_destroy_r(ctx->geos, fixed);
    if (poly == NULL)
        return dm_error(ctx, DM_ERR_GEOS, "%s: %s", where,
                        dm_geos_message(ctx));
    GEOSGeom_destroy_r(ctx->geos, *g);
    *g = poly;
    *repaired = 1;
    return DM_OK;
}

GEOSGeometry *dm_geom_union(dm_context *ctx, GEOSGeometry *const *parts,
                            size_t n)
{
    if (n == 0)
        return GEOSGeom_createEmptyPolygon_r(ctx->geos);
    if (n == 1)
        return GEOSGeom_clone_r(ctx->geos, parts[0]);
    GEOSGeometry **clones = malloc(n * sizeof *clones);
    if (clones == NULL)
        return NULL;
    size_t made = 0;
    for (; made < n; made++) {
        clones[made] = GEOSGeom_clone_r(ctx->geos, parts[made]);
        if (clones[made] == NULL)
            break;
    }
    GEOSGeometry *result = NULL;
    if (made == n) {
        GEOSGeometry *coll = GEOSGeom_createCollection_r(
            ctx->geos, GEOS_GEOMETRYCOLLECTION, clones, (unsigned)n);
        if (coll != NULL) {
            made = 0; /* owned by coll */
            result = GEOSUnaryUnion_r(ctx->geos, coll);
            GEOSGeom_destroy_r(ctx->geos, coll);
        }
    }
    for (size_t i = 0; i < made; i++)
        GEOSGeom_destroy_r(ctx->geos, clones[i]);
    free(clones);
    return result;
}

GEOSGeometry *dm_geom_intersection(dm_context *ctx, const GEOSGeometry *a,
                                   const GEOSGeometry *b)
{
    GEOSGeometry *g = GEOSIntersection_r(ctx->geos, a, b);
    if (g == NULL)
        return NULL;
    GEOSGeometry *p = dm_geom_polygonal_part(ctx, g);
    GEOSGeom_destroy_r(ctx->geos, g);
    return p;
}

GEOSGeometry *dm_geom_difference(dm_context *ctx, const GEOSGeometry *a,
                                 const GEOSGeometry *b)
{
    GEOSGeometry *g = GEOSDifference_r(ctx->geos, a, b);
    if (g == NULL)
        return NULL;
    GEOSGeometry *p = dm_geom_polygonal_part(ctx, g);
    GEOSGeom_destroy_r(ctx->geos, g);
    return p;
}

GEOSGeometry *dm_geom_buffer(dm_context *ctx, const GEOSGeometry *g,
                             double distance, int quadsegs, int single_sided)
{
    if (distance == 0.0 && single_sided == 0) {
        return dm_geom_is_polygonal(ctx, g)
                   ? dm_geom_polygonal_part(ctx, g)
                   : GEOSGeom_createEmptyCollection_r(ctx->geos,
                                                      GEOS_MULTIPOLYGON);
    }
    GEOSBufferParams *p = GEOSBufferParams_create_r(ctx->geos);
    if (p == NULL)
        return NULL;
    GEOSBufferParams_setQuadrantSegments_r(ctx->geos, p, quadsegs);
    GEOSBufferParams_setEndCapStyle_r(ctx->geos, p, GEOSBUF_CAP_ROUND);
    GEOSBufferParams_setJoinStyle_r(ctx->geos, p, GEOSBUF_JOIN_ROUND);
    if (single_sided != 0)
        GEOSBufferParams_setSingleSided_r(ctx->geos, p, 1);
    GEOSGeometry *b = GEOSBufferWithParams_r(
        ctx->geos, g, p, single_sided < 0 ? -distance : distance);
    GEOSBufferParams_destroy_r(ctx->geos, p);
    return b;
}

double dm_geom_area(dm_context *ctx, const GEOSGeometry *g)
{
    double a = 0.0;
    if (g == NULL || !GEOSArea_r(ctx->geos, g, &a))
        return 0.0;
    return a;
}
