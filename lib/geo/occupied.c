/* The occupied territory derived from the lines of contact: the national
 * outline split by the lines (their ends joined to the border), keeping
 * the faces on their left. */
#include <math.h>
#include <stdlib.h>

#include "geom-private.h"
#include "occupied-private.h"

/* To split the national outline, each end of a line of contact that stops
 * inside the outline is joined to the nearest point of the outline's outer
 * boundary (the border, or the coast), and carried this far past it so
 * that it surely crosses. */
#define DM_CONTACT_OVERSHOOT_M 100.0
/* Width of the strips on either side of the line of contact that tell which
 * faces of the split outline lie on its left (occupied) side: a face is on
 * the left when its share of the left strip is this many times its share of
 * the right one (a face the line does not split has both). */
#define DM_SIDE_PROBE_M 1000.0
#define DM_SIDE_RATIO 10.0

/* The outer rings of the outline's polygons, as one multilinestring. new. */
static GEOSGeometry *outer_boundary(dm_context *ctx, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = dm_geos(ctx);
    int n = GEOSGetNumGeometries_r(h, g);
    GEOSGeometry **rings = malloc((size_t)(n > 0 ? n : 1) * sizeof *rings);
    if (rings == NULL) {
        dm_geos_no_memory(ctx);
        return NULL;
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *ring =
            GEOSGetExteriorRing_r(h, GEOSGetGeometryN_r(h, g, i));
        const GEOSCoordSequence *seq =
            ring ? GEOSGeom_getCoordSeq_r(h, ring) : NULL;
        GEOSCoordSequence *copy = seq ? GEOSCoordSeq_clone_r(h, seq) : NULL;
        rings[k] = copy ? GEOSGeom_createLineString_r(h, copy) : NULL;
        if (rings[k] != NULL)
            k++;
    }
    GEOSGeometry *m = GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING,
                                                  rings, (unsigned)k);
    if (m == NULL)
        for (int i = 0; i < k; i++)
            GEOSGeom_destroy_r(h, rings[i]);
    free(rings);
    return m;
}

/* Where an end (x, y) that lies inside the outline reaches the boundary,
 * overshooting it; (x, y) itself when it lies outside. */
static void reach_point(dm_context *ctx, const GEOSGeometry *outline,
                        const GEOSGeometry *boundary, double x, double y,
                        double *nx, double *ny)
{
    GEOSContextHandle_t h = dm_geos(ctx);
    *nx = x;
    *ny = y;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    if (pt != NULL && GEOSIntersects_r(h, outline, pt) == 1) {
        GEOSCoordSequence *near = GEOSNearestPoints_r(h, pt, boundary);
        double bx, by;
        if (near != NULL && GEOSCoordSeq_getXY_r(h, near, 1, &bx, &by)) {
            double len = hypot(bx - x, by - y);
            double f = len > 0.0 ? DM_CONTACT_OVERSHOOT_M / len : 0.0;
            *nx = bx + (bx - x) * f;
            *ny = by + (by - y) * f;
        }
        if (near != NULL)
            GEOSCoordSeq_destroy_r(h, near);
    }
    GEOSGeom_destroy_r(h, pt);
}

/* A line of contact whose ends, where they stop inside the outline, are
 * joined to the nearest point of its outer boundary (and overshoot it).
 * new. */
static GEOSGeometry *reach_border(dm_context *ctx, const GEOSGeometry *line,
                                  const GEOSGeometry *outline,
                                  const GEOSGeometry *boundary)
{
    GEOSContextHandle_t h = dm_geos(ctx);
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, line);
    unsigned n = 0;
    if (seq == NULL || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 2)
        return NULL;
    GEOSCoordSequence *out = GEOSCoordSeq_create_r(h, n + 2, 2);
    if (out == NULL)
        return NULL;
    for (unsigned i = 0; i < n; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
        GEOSCoordSeq_setXY_r(h, out, i + 1, x, y);
    }
    for (int end = 0; end < 2; end++) {
        double x, y, nx, ny;
        GEOSCoordSeq_getXY_r(h, seq, end ? n - 1 : 0, &x, &y);
        reach_point(ctx, outline, boundary, x, y, &nx, &ny);
        GEOSCoordSeq_setXY_r(h, out, end ? n + 1 : 0, nx, ny);
    }
    return GEOSGeom_createLineString_r(h, out);
}

/* The contact lines as single linestrings that reach the border. */
typedef struct lines {
    GEOSGeometry **items;
    size_t n, cap;
} lines;

static void lines_free(dm_context *ctx, lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        GEOSGeom_destroy_r(dm_geos(ctx), l->items[i]);
    free(l->items);
}

static dm_status reach_all(dm_context *ctx, const GEOSGeometry *outline,
                           const GEOSGeometry *const *contact, size_t n,
                           lines *out)
{
    GEOSContextHandle_t h = dm_geos(ctx);
    GEOSGeometry *boundary = outer_boundary(ctx, outline);
    if (boundary == NULL)
        return dm_geos_error(ctx, "%s", dm_geos_message(ctx));
    dm_status s = DM_OK;
    for (size_t i = 0; i < n && s == DM_OK; i++) {
        int parts = GEOSGetNumGeometries_r(h, contact[i]);
        for (int p = 0; p < parts && s == DM_OK; p++) {
            if (out->n == out->cap) {
                size_t cap = out->cap ? 2 * out->cap : 4;
                GEOSGeometry **q = realloc(out->items, cap * sizeof *q);
                if (q == NULL) {
                    s = dm_no_memory(ctx);
                    break;
                }
                out->items = q;
                out->cap = cap;
            }
            out->items[out->n] = reach_border(
                ctx, GEOSGetGeometryN_r(h, contact[i], p), outline, boundary);
            if (out->items[out->n] == NULL)
                s = dm_geos_error(
                    ctx,
                    "cannot join a line of contact to the border: "
                    "%s",
                    dm_geos_message(ctx));
            else
                out->n++;
        }
    }
    GEOSGeom_destroy_r(h, boundary);
    return s;
}

/* The faces of the outline's boundary noded with the lines. new. */
static GEOSGeometry *split_outline(dm_context *ctx,
                                   const GEOSGeometry *outline, const lines *l)
{
    GEOSContextHandle_t h = dm_geos(ctx);
    GEOSGeometry **all = malloc((l->n + 1) * sizeof *all);
    if (all == NULL) {
        dm_geos_no_memory(ctx);
        return NULL;
    }
    size_t k = 0;
    all[k] = GEOSBoundary_r(h, outline);
    if (all[k] != NULL)
        k++;
    for (size_t i = 0; i < l->n; i++) {
        all[k] = GEOSGeom_clone_r(h, l->items[i]);
        if (all[k] != NULL)
            k++;
    }
    GEOSGeometry *linework = GEOSGeom_createCollection_r(
        h, GEOS_GEOMETRYCOLLECTION, all, (unsigned)k);
    if (linework == NULL)
        for (size_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(h, all[i]);
    free(all);
    GEOSGeometry *noded = linework ? GEOSUnaryUnion_r(h, linework) : NULL;
    GEOSGeometry *faces = NULL;
    if (noded != NULL) {
        const GEOSGeometry *in[1] = {noded};
        faces = GEOSPolygonize_r(h, in, 1);
    }
    GEOSGeom_destroy_r(h, noded);
    GEOSGeom_destroy_r(h, linework);
    return faces;
}

/* The union of the one-sided strips on the left (+1) and right (-1) of
 * every line, accumulated in order. */
static dm_status side_strips(dm_context *ctx, const lines *l, int quadsegs,
                             GEOSGeometry **left, GEOSGeometry **right)
{
    GEOSContextHandle_t h = dm_geos(ctx);
    for (size_t i = 0; i < l->n; i++)
        for (int side = -1; side <= 1; side += 2) {
            GEOSGeometry *strip = dm_geom_buffer(
                ctx, l->items[i], DM_SIDE_PROBE_M, quadsegs, side);
            GEOSGeometry **acc = side > 0 ? left : right;
            if (strip == NULL)
                return dm_geos_error(ctx, "%s", dm_geos_message(ctx));
            if (*acc == NULL) {
                *acc = strip;
                continue;
            }
            GEOSGeometry *u = GEOSUnion_r(h, *acc, strip);
            GEOSGeom_destroy_r(h, strip);
            GEOSGeom_destroy_r(h, *acc);
            *acc = u;
            if (u == NULL)
                return dm_geos_error(ctx, "%s", dm_geos_message(ctx));
        }
    return DM_OK;
}

/* The union of the faces inside the outline that lie on the left. */
static dm_status left_faces(dm_context *ctx, const GEOSGeometry *outline,
                            const GEOSGeometry *faces,
                            const GEOSGeometry *left,
                            const GEOSGeometry *right, const char *path,
                            GEOSGeometry **out)
{
    GEOSContextHandle_t h = dm_geos(ctx);
    int nfaces = GEOSGetNumGeometries_r(h, faces);
    GEOSGeometry **kept =
        malloc((size_t)(nfaces > 0 ? nfaces : 1) * sizeof *kept);
    if (kept == NULL)
        return dm_no_memory(ctx);
    size_t nkept = 0;
    for (int i = 0; i < nfaces; i++) {
        const GEOSGeometry *face = GEOSGetGeometryN_r(h, faces, i);
        /* Faces of holes in the outline lie outside it. */
        GEOSGeometry *pt = GEOSPointOnSurface_r(h, face);
        char in = pt ? GEOSIntersects_r(h, outline, pt) : 2;
        GEOSGeom_destroy_r(h, pt);
        if (in != 1)
            continue;
        GEOSGeometry *l = dm_geom_intersection(ctx, face, left);
        GEOSGeometry *r = dm_geom_intersection(ctx, face, right);
        double al = dm_geom_area(ctx, l), ar = dm_geom_area(ctx, r);
        GEOSGeom_destroy_r(h, l);
        GEOSGeom_destroy_r(h, r);
        if (al > 0.0 && al > DM_SIDE_RATIO * ar)
            kept[nkept++] = (GEOSGeometry *)face;
    }
    dm_status s = DM_OK;
    if (nkept == 0)
        s = dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                     "conflict sources '%s': the line of contact does not "
                     "split the national outline into an occupied side (on "
                     "its left) and the rest",
                     path);
    else if ((*out = dm_geom_union(ctx, kept, nkept)) == NULL)
        s = dm_geos_error(ctx, "%s", dm_geos_message(ctx));
    free(kept);
    return s;
}

dm_status dm_derive_occupied(dm_context *ctx, const GEOSGeometry *outline,
                             const GEOSGeometry *const *contact, size_t n,
                             int quadsegs, const char *path,
                             GEOSGeometry **out)
{
    GEOSContextHandle_t h = dm_geos(ctx);
    lines l = {NULL, 0, 0};
    GEOSGeometry *left = NULL, *right = NULL, *faces = NULL;
    dm_status s = reach_all(ctx, outline, contact, n, &l);
    if (s == DM_OK && l.n == 0)
        s = dm_error(ctx, DM_ERR_BAD_VALUE,
                     "conflict sources '%s': an occupied territory without "
                     "a geometry is derived from the line of contact, and "
                     "there is none",
                     path);
    if (s == DM_OK && (faces = split_outline(ctx, outline, &l)) == NULL)
        s = dm_geos_error(
            ctx,
            "splitting the outline by the line of contact failed: "
            "%s",
            dm_geos_message(ctx));
    if (s == DM_OK)
        s = side_strips(ctx, &l, quadsegs, &left, &right);
    if (s == DM_OK)
        s = left_faces(ctx, outline, faces, left, right, path, out);
    lines_free(ctx, &l);
    GEOSGeom_destroy_r(h, left);
    GEOSGeom_destroy_r(h, right);
    GEOSGeom_destroy_r(h, faces);
    return s;
}
