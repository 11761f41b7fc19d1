/* The contamination model: conflict sources buffered in bands, unioned per
 * hazard class with precedence, calibrated to a target, split by zone and
 * overlaid with the regions; or surveyed hazardous areas overlaid the same
 * way. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "contamination-private.h"
#include "crs-private.h"
#include "geom-private.h"
#include "io-private.h"
#include "sources-private.h"
#include "work-private.h"

#define M2_PER_KM2 1e6
#define M_PER_KM 1e3

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
/* Calibration: the band scale factor is doubled from 1 until it covers the
 * target; past this factor the sources cannot reach it. */
#define DM_MAX_SCALE 1e4

void dm_contamination_options_init(dm_contamination_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->target_share = DM_DEFAULT_TARGET_SHARE;
    opts->target_km2 = 0.0;
    opts->tolerance = 0.001;
    opts->max_iterations = 100;
    opts->quadrant_segments = 8;
}

/* ---- results ------------------------------------------------------------ */

static dm_contamination *contamination_new(dm_context *ctx,
                                           const dm_regions *regions)
{
    dm_contamination *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->ctx = ctx;
    c->factor = 1.0;
    c->regions = calloc(regions->count, sizeof *c->regions);
    c->crs_wkt = dm_strdup(ctx, regions->crs_wkt);
    if (c->regions == NULL || c->crs_wkt == NULL) {
        free(c->regions);
        free(c->crs_wkt);
        free(c);
        return NULL;
    }
    c->count = regions->count;
    c->national_m2 = regions->outline_area_m2;
    for (size_t i = 0; i < regions->count; i++) {
        c->regions[i].code = dm_strdup(ctx, regions->items[i].code);
        c->regions[i].name = dm_strdup(ctx, regions->items[i].name);
        c->regions[i].area_m2 = regions->items[i].area_m2;
        if (c->regions[i].code == NULL || c->regions[i].name == NULL) {
            dm_contamination_free(c);
            return NULL;
        }
    }
    return c;
}

void dm_contamination_free(dm_contamination *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->count; i++) {
        dm_contamination_region *r = &c->regions[i];
        for (size_t k = 0; k < DM_CELLS; k++)
            if (r->cell[k] != NULL)
                GEOSGeom_destroy_r(c->ctx->geos, r->cell[k]);
        free(r->code);
        free(r->name);
    }
    free(c->regions);
    free(c->crs_wkt);
    free(c);
}

/* ---- overlay with the regions -------------------------------------------
 * The national polygons of each cell (class × zone × state) are cut by the
 * regions: an STRtree finds the regions whose envelope meets a polygon, a
 * prepared region tells whether it holds the polygon whole (no overlay
 * needed) or only meets it (intersection). */

typedef struct overlay {
    dm_context *ctx;
    const dm_regions *regions;
    const GEOSPreparedGeometry **prepared;
    GEOSSTRtree *tree;
    size_t *index; /* the tree holds pointers into this array */
    /* Parts collected per region for the current cell. */
    GEOSGeometry ***parts;
    size_t *nparts, *cap;
    const GEOSGeometry *part; /* the polygon being placed */
    size_t *candidates;
    size_t ncandidates, candidates_cap;
    int failed;
} overlay;

static void collect_candidate(void *item, void *userdata)
{
    overlay *o = userdata;
    if (o->ncandidates == o->candidates_cap) {
        size_t cap = o->candidates_cap ? 2 * o->candidates_cap : 16;
        size_t *p = realloc(o->candidates, cap * sizeof *p);
        if (p == NULL) {
            o->failed = 1;
            return;
        }
        o->candidates = p;
        o->candidates_cap = cap;
    }
    o->candidates[o->ncandidates++] = *(size_t *)item;
}

static int add_part(overlay *o, size_t region, GEOSGeometry *g)
{
    if (o->nparts[region] == o->cap[region]) {
        size_t cap = o->cap[region] ? 2 * o->cap[region] : 8;
        GEOSGeometry **p = realloc(o->parts[region], cap * sizeof *p);
        if (p == NULL)
            return 0;
        o->parts[region] = p;
        o->cap[region] = cap;
    }
    o->parts[region][o->nparts[region]++] = g;
    return 1;
}

static void overlay_free(overlay *o)
{
    size_t n = o->regions ? o->regions->count : 0;
    for (size_t i = 0; i < n; i++) {
        if (o->prepared != NULL && o->prepared[i] != NULL)
            GEOSPreparedGeom_destroy_r(o->ctx->geos, o->prepared[i]);
        if (o->parts != NULL) {
            for (size_t k = 0; k < o->nparts[i]; k++)
                GEOSGeom_destroy_r(o->ctx->geos, o->parts[i][k]);
            free(o->parts[i]);
        }
    }
    if (o->tree != NULL)
        GEOSSTRtree_destroy_r(o->ctx->geos, o->tree);
    free(o->prepared);
    free(o->index);
    free(o->parts);
    free(o->nparts);
    free(o->cap);
    free(o->candidates);
}

static dm_status overlay_init(overlay *o, dm_context *ctx,
                              const dm_regions *regions)
{
    memset(o, 0, sizeof *o);
    o->ctx = ctx;
    o->regions = regions;
    size_t n = regions->count;
    o->prepared = calloc(n, sizeof *o->prepared);
    o->index = calloc(n, sizeof *o->index);
    o->parts = calloc(n, sizeof *o->parts);
    o->nparts = calloc(n, sizeof *o->nparts);
    o->cap = calloc(n, sizeof *o->cap);
    o->tree = GEOSSTRtree_create_r(ctx->geos, 10);
    if (!o->prepared || !o->index || !o->parts || !o->nparts || !o->cap ||
        !o->tree)
        return dm_no_memory(ctx);
    for (size_t i = 0; i < n; i++) {
        o->index[i] = i;
        o->prepared[i] = GEOSPrepare_r(ctx->geos, regions->items[i].geom);
        if (o->prepared[i] == NULL)
            return dm_error(ctx, DM_ERR_GEOS,
                            "cannot prepare region '%s': "
                            "%s",
                            regions->items[i].code, dm_geos_message(ctx));
        GEOSSTRtree_insert_r(ctx->geos, o->tree, regions->items[i].geom,
                             &o->index[i]);
    }
    return DM_OK;
}

/* Places one polygon of a national cell into the regions it meets. */
static dm_status place_polygon(overlay *o, const GEOSGeometry *poly)
{
    dm_context *ctx = o->ctx;
    o->ncandidates = 0;
    GEOSSTRtree_query_r(ctx->geos, o->tree, poly, collect_candidate, o);
    if (o->failed)
        return dm_no_memory(ctx);
    for (size_t c = 0; c < o->ncandidates; c++) {
        size_t r = o->candidates[c];
        char inside =
            GEOSPreparedContainsProperly_r(ctx->geos, o->prepared[r], poly);
        GEOSGeometry *piece = NULL;
        if (inside == 1) {
            piece = GEOSGeom_clone_r(ctx->geos, poly);
        } else if (inside == 0) {
            char meets =
                GEOSPreparedIntersects_r(ctx->geos, o->prepared[r], poly);
            if (meets == 0)
                continue;
            if (meets == 1)
                piece =
                    dm_geom_intersection(ctx, poly, o->regions->items[r].geom);
        }
        if (piece == NULL)
            return dm_error(ctx, DM_ERR_GEOS,
                            "overlay with region '%s' "
                            "failed: %s",
                            o->regions->items[r].code, dm_geos_message(ctx));
        if (GEOSisEmpty_r(ctx->geos, piece) || !add_part(o, r, piece)) {
            int empty = GEOSisEmpty_r(ctx->geos, piece) == 1;
            GEOSGeom_destroy_r(ctx->geos, piece);
            if (!empty)
                return dm_no_memory(ctx);
        }
    }
    return DM_OK;
}

/* Cuts the national polygons of one cell by the regions into c. */
static dm_status overlay_cell(overlay *o, const GEOSGeometry *national,
                              size_t cell, dm_contamination *c)
{
    dm_context *ctx = o->ctx;
    int n = GEOSGetNumGeometries_r(ctx->geos, national);
    for (int i = 0; i < n; i++) {
        dm_status s =
            place_polygon(o, GEOSGetGeometryN_r(ctx->geos, national, i));
        if (s != DM_OK)
            return s;
    }
    for (size_t r = 0; r < o->regions->count; r++) {
        if (o->nparts[r] == 0)
            continue;
        /* Pieces of disjoint polygons are disjoint but may share edges:
         * union them into one valid multipolygon. */
        GEOSGeometry *g = dm_geom_union(ctx, o->parts[r], o->nparts[r]);
        for (size_t k = 0; k < o->nparts[r]; k++)
            GEOSGeom_destroy_r(ctx->geos, o->parts[r][k]);
        o->nparts[r] = 0;
        if (g == NULL)
            return dm_error(ctx, DM_ERR_GEOS,
                            "union in region '%s' failed: "
                            "%s",
                            c->regions[r].code, dm_geos_message(ctx));
        GEOSGeometry *poly = dm_geom_polygonal_part(ctx, g);
        GEOSGeom_destroy_r(ctx->geos, g);
        if (poly == NULL)
            return dm_error(ctx, DM_ERR_GEOS, "%s", dm_geos_message(ctx));
        double a = dm_geom_area(ctx, poly);
        if (a <= 0.0) {
            GEOSGeom_destroy_r(ctx->geos, poly);
            continue;
        }
        c->regions[r].cell[cell] = poly;
        c->regions[r].cell_m2[cell] = a;
    }
    return DM_OK;
}

/* Overlays the national cells (NULL: empty) with the regions. */
static dm_status overlay_all(dm_context *ctx, const dm_regions *regions,
                             GEOSGeometry *national[DM_CELLS],
                             dm_contamination *c)
{
    overlay o;
    dm_status s = overlay_init(&o, ctx, regions);
    for (size_t k = 0; s == DM_OK && k < DM_CELLS; k++) {
        c->class_m2[k] = dm_geom_area(ctx, national[k]);
        if (national[k] != NULL && c->class_m2[k] > 0.0)
            s = overlay_cell(&o, national[k], k, c);
    }
    overlay_free(&o);
    return s;
}

/* ---- the model from conflict sources ----------------------------------- */

typedef struct model {
    dm_context *ctx;
    const dm_regions *regions;
    const dm_sources *sources;
    int quadsegs;
    GEOSGeometry **geom; /* per source, in the regions' CRS (borrowed or
                            owned, see owned[]) */
    int *owned;
    int *inside; /* per source: known to lie within the outline (a
                    derived occupied territory is made of its faces) */
    size_t n;
    /* The last footprint area_at() measured, and at which scale, so that
     * the classes at the calibrated scale do not build it again. */
    GEOSGeometry *last_low;
    double last_k;
} model;

static void model_free(model *m)
{
    if (m->last_low != NULL)
        GEOSGeom_destroy_r(m->ctx->geos, m->last_low);
    free(m->inside);
    for (size_t i = 0; i < m->n; i++)
        if (m->owned[i] && m->geom[i] != NULL)
            GEOSGeom_destroy_r(m->ctx->geos, m->geom[i]);
    free(m->geom);
    free(m->owned);
}

/* The outer rings of the outline's polygons, as one multilinestring. new. */
static GEOSGeometry *outer_boundary(dm_context *ctx, const GEOSGeometry *g)
{
    int n = GEOSGetNumGeometries_r(ctx->geos, g);
    GEOSGeometry **rings = malloc((size_t)(n > 0 ? n : 1) * sizeof *rings);
    if (rings == NULL)
        return NULL;
    int k = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *ring = GEOSGetExteriorRing_r(
            ctx->geos, GEOSGetGeometryN_r(ctx->geos, g, i));
        const GEOSCoordSequence *seq =
            ring ? GEOSGeom_getCoordSeq_r(ctx->geos, ring) : NULL;
        GEOSCoordSequence *copy =
            seq ? GEOSCoordSeq_clone_r(ctx->geos, seq) : NULL;
        rings[k] = copy ? GEOSGeom_createLineString_r(ctx->geos, copy) : NULL;
        if (rings[k] != NULL)
            k++;
    }
    GEOSGeometry *m = GEOSGeom_createCollection_r(
        ctx->geos, GEOS_MULTILINESTRING, rings, (unsigned)k);
    if (m == NULL)
        for (int i = 0; i < k; i++)
            GEOSGeom_destroy_r(ctx->geos, rings[i]);
    free(rings);
    return m;
}

/* A line of contact whose ends, where they stop inside the outline, are
 * joined to the nearest point of its outer boundary (and overshoot it).
 * new. */
static GEOSGeometry *reach_border(dm_context *ctx, const GEOSGeometry *line,
                                  const GEOSGeometry *outline,
                                  const GEOSGeometry *boundary)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx->geos, line);
    unsigned n = 0;
    if (seq == NULL || !GEOSCoordSeq_getSize_r(ctx->geos, seq, &n) || n < 2)
        return NULL;
    GEOSCoordSequence *out = GEOSCoordSeq_create_r(ctx->geos, n + 2, 2);
    if (out == NULL)
        return NULL;
    for (unsigned i = 0; i < n; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(ctx->geos, seq, i, &x, &y);
        GEOSCoordSeq_setXY_r(ctx->geos, out, i + 1, x, y);
    }
    for (int end = 0; end < 2; end++) {
        double x, y;
        GEOSCoordSeq_getXY_r(ctx->geos, seq, end ? n - 1 : 0, &x, &y);
        double nx = x, ny = y;
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(ctx->geos, x, y);
        if (pt != NULL && GEOSIntersects_r(ctx->geos, outline, pt) == 1) {
            GEOSCoordSequence *near =
                GEOSNearestPoints_r(ctx->geos, pt, boundary);
            double bx, by;
            if (near != NULL &&
                GEOSCoordSeq_getXY_r(ctx->geos, near, 1, &bx, &by)) {
                double len = hypot(bx - x, by - y);
                double f = len > 0.0 ? DM_CONTACT_OVERSHOOT_M / len : 0.0;
                nx = bx + (bx - x) * f;
                ny = by + (by - y) * f;
            }
            if (near != NULL)
                GEOSCoordSeq_destroy_r(ctx->geos, near);
        }
        GEOSGeom_destroy_r(ctx->geos, pt);
        GEOSCoordSeq_setXY_r(ctx->geos, out, end ? n + 1 : 0, nx, ny);
    }
    return GEOSGeom_createLineString_r(ctx->geos, out);
}

/* The occupied territory left of the lines of contact: the national outline
 * split by the (extended) lines, keeping the faces that lie on their left. */
static dm_status derive_occupied(model *m, GEOSGeometry **out)
{
    dm_context *ctx = m->ctx;
    GEOSContextHandle_t h = ctx->geos;
    /* Every line of contact, as single linestrings reaching the border. */
    GEOSGeometry **lines = NULL;
    size_t nlines = 0, cap = 0;
    GEOSGeometry *boundary = outer_boundary(ctx, m->regions->outline);
    dm_status s = boundary != NULL
                      ? DM_OK
                      : dm_error(ctx, DM_ERR_GEOS, "%s", dm_geos_message(ctx));
    for (size_t i = 0; i < m->n && s == DM_OK; i++) {
        if (m->sources->items[i].kind != DM_SOURCE_LINE_OF_CONTACT)
            continue;
        int parts = GEOSGetNumGeometries_r(h, m->geom[i]);
        for (int p = 0; p < parts && s == DM_OK; p++) {
            if (nlines == cap) {
                cap = cap ? 2 * cap : 4;
                GEOSGeometry **q = realloc(lines, cap * sizeof *q);
                if (q == NULL) {
                    s = dm_no_memory(ctx);
                    break;
                }
                lines = q;
            }
            lines[nlines] =
                reach_border(ctx, GEOSGetGeometryN_r(h, m->geom[i], p),
                             m->regions->outline, boundary);
            if (lines[nlines] == NULL)
                s = dm_error(ctx, DM_ERR_GEOS,
                             "cannot join a line of "
                             "contact to the border: %s",
                             dm_geos_message(ctx));
            else
                nlines++;
        }
    }
    if (s == DM_OK && nlines == 0)
        s = dm_error(ctx, DM_ERR_BAD_VALUE,
                     "conflict sources '%s': an occupied territory without "
                     "a geometry is derived from the line of contact, and "
                     "there is none",
                     m->sources->path);

    GEOSGeometry *left = NULL, *right = NULL, *faces = NULL, *noded = NULL;
    GEOSGeometry *linework = NULL;
    if (s == DM_OK) {
        /* Node the outline's boundary with the lines, then polygonize. */
        GEOSGeometry **all = malloc((nlines + 1) * sizeof *all);
        if (all == NULL)
            s = dm_no_memory(ctx);
        else {
            size_t k = 0;
            all[k] = GEOSBoundary_r(h, m->regions->outline);
            if (all[k] != NULL)
                k++;
            for (size_t i = 0; i < nlines; i++) {
                all[k] = GEOSGeom_clone_r(h, lines[i]);
                if (all[k] != NULL)
                    k++;
            }
            linework = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION,
                                                   all, (unsigned)k);
            if (linework == NULL)
                for (size_t i = 0; i < k; i++)
                    GEOSGeom_destroy_r(h, all[i]);
            free(all);
            noded = linework ? GEOSUnaryUnion_r(h, linework) : NULL;
            if (noded != NULL) {
                const GEOSGeometry *in[1] = {noded};
                faces = GEOSPolygonize_r(h, in, 1);
            }
        }
        if (s == DM_OK && faces == NULL)
            s = dm_error(ctx, DM_ERR_GEOS,
                         "splitting the outline by the "
                         "line of contact failed: %s",
                         dm_geos_message(ctx));
    }
    /* Strips on each side of the lines tell the faces apart. */
    for (size_t i = 0; s == DM_OK && i < nlines; i++) {
        for (int side = -1; side <= 1; side += 2) {
            GEOSGeometry *strip = dm_geom_buffer(
                ctx, lines[i], DM_SIDE_PROBE_M, m->quadsegs, side);
            GEOSGeometry **acc = side > 0 ? &left : &right;
            if (strip == NULL) {
                s = dm_error(ctx, DM_ERR_GEOS, "%s", dm_geos_message(ctx));
                break;
            }
            if (*acc == NULL) {
                *acc = strip;
            } else {
                GEOSGeometry *u = GEOSUnion_r(h, *acc, strip);
                GEOSGeom_destroy_r(h, strip);
                GEOSGeom_destroy_r(h, *acc);
                *acc = u;
                if (u == NULL) {
                    s = dm_error(ctx, DM_ERR_GEOS, "%s", dm_geos_message(ctx));
                    break;
                }
            }
        }
    }
    GEOSGeometry **kept = NULL;
    size_t nkept = 0;
    if (s == DM_OK) {
        int nfaces = GEOSGetNumGeometries_r(h, faces);
        kept = malloc((size_t)(nfaces > 0 ? nfaces : 1) * sizeof *kept);
        if (kept == NULL)
            s = dm_no_memory(ctx);
        for (int i = 0; s == DM_OK && i < nfaces; i++) {
            const GEOSGeometry *face = GEOSGetGeometryN_r(h, faces, i);
            /* Faces of holes in the outline lie outside it. */
            GEOSGeometry *pt = GEOSPointOnSurface_r(h, face);
            char in = pt ? GEOSIntersects_r(h, m->regions->outline, pt) : 2;
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
    }
    if (s == DM_OK && nkept == 0)
        s = dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                     "conflict sources '%s': the line of contact does not "
                     "split the national outline into an occupied side (on "
                     "its left) and the rest",
                     m->sources->path);
    if (s == DM_OK) {
        *out = dm_geom_union(ctx, kept, nkept);
        if (*out == NULL)
            s = dm_error(ctx, DM_ERR_GEOS, "%s", dm_geos_message(ctx));
    }
    free(kept);
    for (size_t i = 0; i < nlines; i++)
        GEOSGeom_destroy_r(h, lines[i]);
    free(lines);
    GEOSGeom_destroy_r(h, boundary);
    GEOSGeom_destroy_r(h, left);
    GEOSGeom_destroy_r(h, right);
    GEOSGeom_destroy_r(h, faces);
    GEOSGeom_destroy_r(h, noded);
    GEOSGeom_destroy_r(h, linework);
    return s;
}

/* Projects the sources into the regions' CRS and derives what must be. */
static dm_status model_init(model *m, dm_context *ctx,
                            const dm_regions *regions,
                            const dm_sources *sources, int quadsegs)
{
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    m->regions = regions;
    m->sources = sources;
    m->quadsegs = quadsegs;
    m->n = sources->count;
    m->geom = calloc(m->n ? m->n : 1, sizeof *m->geom);
    m->owned = calloc(m->n ? m->n : 1, sizeof *m->owned);
    m->inside = calloc(m->n ? m->n : 1, sizeof *m->inside);
    if (m->geom == NULL || m->owned == NULL || m->inside == NULL)
        return dm_no_memory(ctx);

    PJ *src = NULL, *dst = NULL;
    dm_crs_transform t;
    memset(&t, 0, sizeof t);
    dm_status s = dm_crs_create(ctx, sources->crs_wkt, "sources' CRS", &src);
    if (s == DM_OK)
        s = dm_crs_create(ctx, regions->crs_wkt, "regions' CRS", &dst);
    if (s == DM_OK)
        s = dm_crs_transform_init(ctx, src, 0, dst, &t);
    for (size_t i = 0; s == DM_OK && i < m->n; i++) {
        const dm_source *so = &sources->items[i];
        if (so->geom == NULL)
            continue;
        char where[600];
        snprintf(where, sizeof where, "conflict sources '%s', feature %zu",
                 sources->path, i);
        s = dm_crs_transform_geometry(ctx, &t, so->geom, where, &m->geom[i]);
        if (s == DM_OK)
            m->owned[i] = 1;
        if (s == DM_OK && dm_geom_is_polygonal(ctx, m->geom[i])) {
            int repaired;
            s = dm_geom_make_valid(ctx, &m->geom[i], where, &repaired);
        }
    }
    dm_crs_transform_fini(&t);
    proj_destroy(src);
    proj_destroy(dst);

    /* Occupied territories without a geometry: from the line of contact,
     * derived once and shared. */
    GEOSGeometry *derived = NULL;
    for (size_t i = 0; s == DM_OK && i < m->n; i++) {
        if (sources->items[i].geom != NULL)
            continue;
        if (derived == NULL) {
            s = derive_occupied(m, &derived);
            if (s != DM_OK)
                break;
            m->geom[i] = derived;
            m->owned[i] = 1;
        } else {
            m->geom[i] = derived; /* borrowed from the first */
        }
        m->inside[i] = 1;
    }
    return s;
}

/* Union of every source's footprint up to its last band of class `level`
 * or higher (DM_HAZARD_LOW: every band), distances scaled by k, clipped to
 * the outline. new; an empty multipolygon when nothing reaches the level. */
static dm_status footprint(model *m, double k, dm_hazard level, int zone_only,
                           GEOSGeometry **out)
{
    dm_context *ctx = m->ctx;
    GEOSGeometry **parts = calloc(m->n ? m->n : 1, sizeof *parts);
    if (parts == NULL)
        return dm_no_memory(ctx);
    size_t np = 0;
    int clip = 0; /* some part may reach past the outline */
    dm_status s = DM_OK;
    for (size_t i = 0; i < m->n; i++) {
        const dm_source *so = &m->sources->items[i];
        if (zone_only && so->zone != DM_ZONE_OCCUPIED)
            continue;
        /* The last band whose class is `level` or higher. */
        size_t last = so->nbands;
        for (size_t b = 0; b < so->nbands; b++)
            if (dm_source_band_hazard(so, b) <= level)
                last = b;
        if (last == so->nbands)
            continue;
        double distance = k * so->bands_km[last] * M_PER_KM;
        clip |= !(m->inside[i] && distance == 0.0);
        parts[np] = dm_geom_buffer(ctx, m->geom[i], distance, m->quadsegs, 0);
        if (parts[np] == NULL) {
            s = dm_error(ctx, DM_ERR_GEOS, "buffering source %zu failed: %s",
                         i, dm_geos_message(ctx));
            break;
        }
        np++;
    }
    GEOSGeometry *u = NULL;
    if (s == DM_OK) {
        u = dm_geom_union(ctx, parts, np);
        if (u == NULL)
            s = dm_error(ctx, DM_ERR_GEOS, "union of the bands failed: %s",
                         dm_geos_message(ctx));
    }
    for (size_t i = 0; i < np; i++)
        GEOSGeom_destroy_r(ctx->geos, parts[i]);
    free(parts);
    if (s != DM_OK)
        return s;
    if (!clip) {
        *out = u; /* made of the outline's own faces: nothing to clip */
        return DM_OK;
    }
    *out = dm_geom_intersection(ctx, u, m->regions->outline);
    GEOSGeom_destroy_r(ctx->geos, u);
    if (*out == NULL)
        return dm_error(ctx, DM_ERR_GEOS,
                        "clipping to the outline failed: "
                        "%s",
                        dm_geos_message(ctx));
    return DM_OK;
}

/* The contaminated area at scale k (m²). */
static dm_status area_at(model *m, double k, double *m2)
{
    GEOSGeometry *g = NULL;
    dm_status s = footprint(m, k, DM_HAZARD_LOW, 0, &g);
    if (s != DM_OK)
        return s;
    *m2 = dm_geom_area(m->ctx, g);
    if (m->last_low != NULL)
        GEOSGeom_destroy_r(m->ctx->geos, m->last_low);
    m->last_low = g;
    m->last_k = k;
    return DM_OK;
}

/* Finds the scale factor whose contaminated area is the target (m²) within
 * the tolerance: bracket by doubling, then the Illinois variant of regula
 * falsi (a bracketing secant that keeps the root between its ends). */
static dm_status calibrate(model *m, double target, double tol, int max_it,
                           double *factor, int *iterations)
{
    dm_context *ctx = m->ctx;
    double lo = 0.0, f_lo, hi = 1.0, f_hi;
    int it = 0;
    dm_status s = area_at(m, lo, &f_lo);
    it++;
    if (s != DM_OK)
        return s;
    if (f_lo > target * (1.0 + tol))
        return dm_error(ctx, DM_ERR_UNREACHABLE,
                        "target %.1f km² is below the %.1f km² that the "
                        "polygon sources cover before any buffering",
                        target / M2_PER_KM2, f_lo / M2_PER_KM2);
    if (fabs(f_lo - target) <= tol * target) {
        *factor = 0.0;
        *iterations = it;
        return DM_OK;
    }
    for (;;) {
        s = area_at(m, hi, &f_hi);
        it++;
        if (s != DM_OK)
            return s;
        if (f_hi >= target)
            break;
        if (hi >= DM_MAX_SCALE || it >= max_it)
            return dm_error(ctx, DM_ERR_UNREACHABLE,
                            "target %.1f km² is out of reach: with every band "
                            "scaled by %g the sources cover %.1f km² of the "
                            "%.1f km² outline",
                            target / M2_PER_KM2, hi, f_hi / M2_PER_KM2,
                            m->regions->outline_area_m2 / M2_PER_KM2);
        lo = hi;
        f_lo = f_hi;
        hi *= 2.0;
    }
    double g_lo = f_lo - target, g_hi = f_hi - target;
    int side = 0;
    double k = hi, fk = f_hi;
    while (fabs(fk - target) > tol * target) {
        if (it >= max_it)
            return dm_error(ctx, DM_ERR_UNREACHABLE,
                            "calibration did not reach %.1f km² within %.3g "
                            "in %d steps (last: factor %g, %.1f km²)",
                            target / M2_PER_KM2, tol, it, k, fk / M2_PER_KM2);
        k = (lo * g_hi - hi * g_lo) / (g_hi - g_lo);
        if (!(k > lo && k < hi))
            k = 0.5 * (lo + hi);
        s = area_at(m, k, &fk);
        it++;
        if (s != DM_OK)
            return s;
        double gk = fk - target;
        if (gk > 0.0) {
            hi = k;
            g_hi = gk;
            if (side == 1)
                g_lo *= 0.5; /* Illinois: the stale end counts half */
            side = 1;
        } else {
            lo = k;
            g_lo = gk;
            if (side == -1)
                g_hi *= 0.5;
            side = -1;
        }
    }
    *factor = k;
    *iterations = it;
    return DM_OK;
}

/* The national polygons per cell at scale k: classes by precedence, split
 * by the occupied zone; all suspected. */
static dm_status national_cells(model *m, double k,
                                GEOSGeometry *cells[DM_CELLS],
                                double *total_m2)
{
    dm_context *ctx = m->ctx;
    GEOSGeometry *cum[DM_HAZARD_COUNT] = {NULL};
    GEOSGeometry *zone = NULL;
    dm_status s = DM_OK;
    for (int h = 0; h < DM_HAZARD_COUNT && s == DM_OK; h++) {
        if (h == DM_HAZARD_LOW && m->last_low != NULL && m->last_k == k) {
            cum[h] = m->last_low; /* the calibration's last step */
            m->last_low = NULL;
            continue;
        }
        s = footprint(m, k, (dm_hazard)h, 0, &cum[h]);
    }
    if (s == DM_OK)
        s = footprint(m, k, DM_HAZARD_LOW, 1, &zone);
    if (s == DM_OK)
        *total_m2 = dm_geom_area(ctx, cum[DM_HAZARD_LOW]);
    for (int h = 0; h < DM_HAZARD_COUNT && s == DM_OK; h++) {
        /* high = C_high; medium = C_medium − C_high; low = C_low − C_med. */
        GEOSGeometry *cls = h == 0
                                ? GEOSGeom_clone_r(ctx->geos, cum[0])
                                : dm_geom_difference(ctx, cum[h], cum[h - 1]);
        GEOSGeometry *occ = cls ? dm_geom_intersection(ctx, cls, zone) : NULL;
        GEOSGeometry *ctl = cls ? dm_geom_difference(ctx, cls, zone) : NULL;
        GEOSGeom_destroy_r(ctx->geos, cls);
        cells[dm_cell(h, DM_ZONE_OCCUPIED, DM_AREA_SUSPECTED)] = occ;
        cells[dm_cell(h, DM_ZONE_CONTROLLED, DM_AREA_SUSPECTED)] = ctl;
        if (occ == NULL || ctl == NULL)
            s = dm_error(ctx, DM_ERR_GEOS,
                         "splitting class %s by zone "
                         "failed: %s",
                         dm_hazard_name(h), dm_geos_message(ctx));
    }
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        GEOSGeom_destroy_r(ctx->geos, cum[h]);
    GEOSGeom_destroy_r(ctx->geos, zone);
    return s;
}

static void cells_free(dm_context *ctx, GEOSGeometry *cells[DM_CELLS])
{
    for (size_t k = 0; k < DM_CELLS; k++)
        if (cells[k] != NULL)
            GEOSGeom_destroy_r(ctx->geos, cells[k]);
}

static dm_status check_options(dm_context *ctx,
                               const dm_contamination_options *o)
{
    if (!isfinite(o->target_share))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "target share %g is not a number", o->target_share);
    if (o->target_share > 1.0 && o->target_km2 <= 0.0)
        return dm_error(ctx, DM_ERR_UNREACHABLE,
                        "target share %g is more than the whole national "
                        "area",
                        o->target_share);
    if (!isfinite(o->target_km2))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "target area %g km² is not finite", o->target_km2);
    if (!(o->tolerance > 0.0 && o->tolerance < 0.5))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "tolerance %g is not in (0, 0.5)", o->tolerance);
    if (o->max_iterations < 1)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "max_iterations %d is below 1", o->max_iterations);
    if (o->quadrant_segments < 1 || o->quadrant_segments > 1024)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "quadrant_segments %d is not in 1–1024",
                        o->quadrant_segments);
    return DM_OK;
}

static dm_status build(dm_context *ctx, const dm_regions *regions,
                       const dm_sources *sources,
                       const dm_contamination_options *o, dm_contamination *c)
{
    model m;
    dm_status s = model_init(&m, ctx, regions, sources, o->quadrant_segments);
    double target = o->target_km2 > 0.0
                        ? o->target_km2 * M2_PER_KM2
                        : o->target_share * regions->outline_area_m2;
    if (s == DM_OK && target > regions->outline_area_m2)
        s = dm_error(ctx, DM_ERR_UNREACHABLE,
                     "target %.1f km² is more than the national area of "
                     "%.1f km²",
                     target / M2_PER_KM2,
                     regions->outline_area_m2 / M2_PER_KM2);
    if (s == DM_OK && target > 0.0)
        s = calibrate(&m, target, o->tolerance, o->max_iterations, &c->factor,
                      &c->iterations);
    GEOSGeometry *cells[DM_CELLS] = {NULL};
    if (s == DM_OK)
        s = national_cells(&m, c->factor, cells, &c->total_m2);
    if (s == DM_OK)
        s = overlay_all(ctx, regions, cells, c);
    cells_free(ctx, cells);
    model_free(&m);
    return s;
}

dm_status dm_contamination_build(dm_context *ctx, const dm_regions *regions,
                                 const dm_sources *sources,
                                 const dm_contamination_options *opts,
                                 dm_contamination **out)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (regions == NULL || sources == NULL || out == NULL)
        return dm_null_argument(ctx, "dm_contamination_build",
                                regions == NULL   ? "regions"
                                : sources == NULL ? "sources"
                                                  : "out");
    dm_contamination_options defaults;
    if (opts == NULL) {
        dm_contamination_options_init(&defaults);
        opts = &defaults;
    }
    dm_status s = check_options(ctx, opts);
    if (s != DM_OK)
        return s;
    dm_contamination *c = contamination_new(ctx, regions);
    if (c == NULL)
        return dm_no_memory(ctx);
    s = build(ctx, regions, sources, opts, c);
    if (s != DM_OK) {
        dm_contamination_free(c);
        return s;
    }
    *out = c;
    return DM_OK;
}

/* ---- surveyed hazardous areas --------------------------------------------
 */

void dm_survey_options_init(dm_survey_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->class_field = "class";
    opts->status_field = "status";
    opts->zone_field = "zone";
    opts->default_hazard = DM_HAZARD_HIGH;
    opts->default_state = DM_AREA_SUSPECTED;
    opts->default_zone = DM_ZONE_CONTROLLED;
}

/* The polygons read, by class, state and zone, before precedence. */
typedef struct survey {
    GEOSGeometry **by[DM_CELLS];
    size_t n[DM_CELLS], cap[DM_CELLS];
} survey;

static void survey_free(dm_context *ctx, survey *sv)
{
    for (size_t k = 0; k < DM_CELLS; k++) {
        for (size_t i = 0; i < sv->n[k]; i++)
            GEOSGeom_destroy_r(ctx->geos, sv->by[k][i]);
        free(sv->by[k]);
    }
}

/* What dm_vector_each() hands to each survey feature. */
typedef struct survey_reader {
    dm_context *ctx;
    const dm_survey_options *o;
    const dm_vector *v;
    dm_crs_transform *t;
    const int *idx; /* class, status, zone fields; -1: the default */
    survey *sv;
} survey_reader;

static dm_status read_survey_feature(void *userdata, OGRFeatureH f)
{
    survey_reader *r = userdata;
    dm_context *ctx = r->ctx;
    char where[600];
    snprintf(where, sizeof where, "survey '%s', layer '%s', feature %lld",
             r->v->source, r->v->layer_name, (long long)OGR_F_GetFID(f));
    int hz = (int)r->o->default_hazard, st = (int)r->o->default_state,
        zn = (int)r->o->default_zone;
    dm_status s =
        dm_vector_enum(ctx, f, r->idx[0], where, dm_hazard_index, &hz);
    if (s == DM_OK)
        s = dm_vector_enum(ctx, f, r->idx[1], where, dm_area_state_index, &st);
    if (s == DM_OK)
        s = dm_vector_enum(ctx, f, r->idx[2], where, dm_zone_index, &zn);
    GEOSGeometry *g = NULL, *tg = NULL, *poly = NULL;
    if (s == DM_OK)
        s = dm_vector_geometry(ctx, r->v, f, r->t, &g);
    if (s == DM_OK && g == NULL)
        s = dm_error(ctx, DM_ERR_BAD_GEOMETRY, "%s: no geometry", where);
    if (s == DM_OK && !dm_geom_is_polygonal(ctx, g))
        s = dm_error(ctx, DM_ERR_GEOMETRY_TYPE,
                     "%s is a %s; hazardous areas must be polygons", where,
                     dm_geom_type_name(ctx, g));
    if (s == DM_OK)
        s = dm_crs_transform_geometry(ctx, r->t, g, where, &tg);
    GEOSGeom_destroy_r(ctx->geos, g);
    if (s == DM_OK) {
        poly = dm_geom_polygonal_part(ctx, tg);
        int repaired;
        s = poly ? dm_geom_make_valid(ctx, &poly, where, &repaired)
                 : dm_error(ctx, DM_ERR_GEOS, "%s: %s", where,
                            dm_geos_message(ctx));
    }
    GEOSGeom_destroy_r(ctx->geos, tg);
    survey *sv = r->sv;
    size_t k = dm_cell(hz, zn, st);
    if (s == DM_OK && sv->n[k] == sv->cap[k]) {
        size_t cap = sv->cap[k] ? 2 * sv->cap[k] : 16;
        GEOSGeometry **p = realloc(sv->by[k], cap * sizeof *p);
        if (p == NULL) {
            s = dm_no_memory(ctx);
        } else {
            sv->by[k] = p;
            sv->cap[k] = cap;
        }
    }
    if (s != DM_OK) {
        GEOSGeom_destroy_r(ctx->geos, poly);
        return s;
    }
    sv->by[k][sv->n[k]++] = poly;
    return DM_OK;
}

static dm_status read_survey(dm_context *ctx, const dm_regions *regions,
                             const char *source, const dm_survey_options *o,
                             survey *sv)
{
    dm_vector v;
    PJ *src = NULL, *dst = NULL;
    dm_crs_transform t;
    memset(&t, 0, sizeof t);
    int idx[3] = {-1, -1, -1};
    const char *fields[3] = {o->class_field, o->status_field, o->zone_field};
    const char *options[3] = {"class field", "status field", "zone field"};

    dm_status s =
        dm_vector_open(ctx, "survey", source, o->layer, o->where, &v);
    if (s != DM_OK)
        return s;
    if (OGR_L_GetFeatureCount(v.layer, TRUE) == 0)
        s = dm_error(ctx, DM_ERR_EMPTY,
                     "survey '%s', layer '%s' has no "
                     "feature",
                     source, v.layer_name);
    for (int i = 0; i < 3 && s == DM_OK; i++)
        if (fields[i] != NULL)
            s = dm_vector_field(ctx, &v, fields[i], options[i], &idx[i]);
    int swap = 0;
    if (s == DM_OK)
        s = dm_crs_of_layer(ctx, &v, o->source_crs, &src, &swap);
    if (s == DM_OK)
        s = dm_crs_create(ctx, regions->crs_wkt, "regions' CRS", &dst);
    if (s == DM_OK)
        s = dm_crs_transform_init(ctx, src, swap, dst, &t);

    if (s == DM_OK) {
        survey_reader r = {ctx, o, &v, &t, idx, sv};
        s = dm_vector_each(ctx, &v, read_survey_feature, &r, NULL);
    }
    dm_crs_transform_fini(&t);
    proj_destroy(src);
    proj_destroy(dst);
    dm_vector_close(&v);
    return s;
}

/* Union of the survey polygons whose class, state, zone pass `keep`. */
static GEOSGeometry *survey_union(dm_context *ctx, const survey *sv,
                                  int (*keep)(int h, int z, int st, int arg),
                                  int arg)
{
    size_t n = 0;
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                if (keep(h, z, st, arg))
                    n += sv->n[dm_cell(h, z, st)];
    GEOSGeometry **all = malloc((n ? n : 1) * sizeof *all);
    if (all == NULL)
        return NULL;
    size_t i = 0;
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                if (keep(h, z, st, arg)) {
                    size_t k = dm_cell(h, z, st);
                    for (size_t j = 0; j < sv->n[k]; j++)
                        all[i++] = sv->by[k][j];
                }
    GEOSGeometry *u = dm_geom_union(ctx, all, n);
    free(all);
    return u;
}

static int keep_class_up_to(int h, int z, int st, int level)
{
    (void)z;
    (void)st;
    return h <= level;
}

static int keep_confirmed(int h, int z, int st, int arg)
{
    (void)h;
    (void)z;
    (void)arg;
    return st == DM_AREA_CONFIRMED;
}

static int keep_occupied(int h, int z, int st, int arg)
{
    (void)h;
    (void)st;
    (void)arg;
    return z == DM_ZONE_OCCUPIED;
}

/* The national cells of a survey, by precedence, clipped to the outline. */
static dm_status survey_cells(dm_context *ctx, const dm_regions *regions,
                              const survey *sv, GEOSGeometry *cells[DM_CELLS],
                              dm_contamination *c)
{
    GEOSGeometry *cum[DM_HAZARD_COUNT] = {NULL}, *conf = NULL, *occ = NULL;
    dm_status s = DM_OK;
    for (int h = 0; h < DM_HAZARD_COUNT && s == DM_OK; h++) {
        GEOSGeometry *u = survey_union(ctx, sv, keep_class_up_to, h);
        cum[h] = u ? dm_geom_intersection(ctx, u, regions->outline) : NULL;
        if (h == DM_HAZARD_LOW && u != NULL)
            c->outside_m2 = dm_geom_area(ctx, u) - dm_geom_area(ctx, cum[h]);
        GEOSGeom_destroy_r(ctx->geos, u);
        if (cum[h] == NULL)
            s = dm_error(ctx, DM_ERR_GEOS, "survey union failed: %s",
                         dm_geos_message(ctx));
    }
    if (s == DM_OK) {
        conf = survey_union(ctx, sv, keep_confirmed, 0);
        occ = survey_union(ctx, sv, keep_occupied, 0);
        if (conf == NULL || occ == NULL)
            s = dm_error(ctx, DM_ERR_GEOS, "survey union failed: %s",
                         dm_geos_message(ctx));
    }
    if (s == DM_OK)
        c->total_m2 = dm_geom_area(ctx, cum[DM_HAZARD_LOW]);
    for (int h = 0; h < DM_HAZARD_COUNT && s == DM_OK; h++) {
        GEOSGeometry *cls = h == 0
                                ? GEOSGeom_clone_r(ctx->geos, cum[0])
                                : dm_geom_difference(ctx, cum[h], cum[h - 1]);
        for (int z = 0; z < DM_ZONE_COUNT && cls != NULL; z++) {
            GEOSGeometry *zg = z == DM_ZONE_OCCUPIED
                                   ? dm_geom_intersection(ctx, cls, occ)
                                   : dm_geom_difference(ctx, cls, occ);
            for (int st = 0; st < DM_AREA_STATE_COUNT && zg != NULL; st++)
                cells[dm_cell(h, z, st)] =
                    st == DM_AREA_CONFIRMED
                        ? dm_geom_intersection(ctx, zg, conf)
                        : dm_geom_difference(ctx, zg, conf);
            GEOSGeom_destroy_r(ctx->geos, zg);
        }
        GEOSGeom_destroy_r(ctx->geos, cls);
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                if (cells[dm_cell(h, z, st)] == NULL)
                    s = DM_ERR_GEOS;
        if (s != DM_OK)
            s = dm_error(ctx, DM_ERR_GEOS, "survey overlay failed: %s",
                         dm_geos_message(ctx));
    }
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        GEOSGeom_destroy_r(ctx->geos, cum[h]);
    GEOSGeom_destroy_r(ctx->geos, conf);
    GEOSGeom_destroy_r(ctx->geos, occ);
    return s;
}

dm_status dm_contamination_load_survey(dm_context *ctx,
                                       const dm_regions *regions,
                                       const char *source,
                                       const dm_survey_options *opts,
                                       dm_contamination **out)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (regions == NULL || source == NULL || out == NULL)
        return dm_null_argument(ctx, "dm_contamination_load_survey",
                                regions == NULL  ? "regions"
                                : source == NULL ? "source"
                                                 : "out");
    dm_survey_options defaults;
    if (opts == NULL) {
        dm_survey_options_init(&defaults);
        opts = &defaults;
    }
    if ((unsigned)opts->default_hazard >= DM_HAZARD_COUNT ||
        (unsigned)opts->default_state >= DM_AREA_STATE_COUNT ||
        (unsigned)opts->default_zone >= DM_ZONE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_contamination_load_survey: a default class, "
                        "state or zone is out of range");
    dm_contamination *c = contamination_new(ctx, regions);
    if (c == NULL)
        return dm_no_memory(ctx);
    survey sv;
    memset(&sv, 0, sizeof sv);
    GEOSGeometry *cells[DM_CELLS] = {NULL};
    dm_gdal_begin(ctx);
    dm_status s = read_survey(ctx, regions, source, opts, &sv);
    dm_gdal_end(ctx);
    if (s == DM_OK)
        s = survey_cells(ctx, regions, &sv, cells, c);
    if (s == DM_OK && c->total_m2 <= 0.0)
        s = dm_error(ctx, DM_ERR_EMPTY,
                     "survey '%s': no polygon falls inside the regions "
                     "(%.3f km² lie outside them; is the CRS right?)",
                     source, c->outside_m2 / M2_PER_KM2);
    if (s == DM_OK)
        s = overlay_all(ctx, regions, cells, c);
    cells_free(ctx, cells);
    survey_free(ctx, &sv);
    if (s != DM_OK) {
        dm_contamination_free(c);
        return s;
    }
    *out = c;
    return DM_OK;
}

/* ---- accessors ------------------------------------------------------------
 */

static const dm_contamination_region *
region_at(dm_context *ctx, const dm_contamination *c, size_t i, const char *fn)
{
    if (ctx == NULL)
        return NULL;
    dm_begin_call(ctx);
    if (c == NULL) {
        dm_null_argument(ctx, fn, "contamination");
        return NULL;
    }
    if (i >= c->count) {
        dm_out_of_range(ctx, "region", i, c->count);
        return NULL;
    }
    return &c->regions[i];
}

#define REGION_OR_RETURN(r, ctx, c, i, fn, outp)                              \
    const dm_contamination_region *r = region_at(ctx, c, i, fn);              \
    if (r == NULL)                                                            \
        return ctx != NULL ? ctx->last_status : DM_ERR_NULL_ARGUMENT;         \
    if ((outp) == NULL)                                                       \
    return dm_null_argument(ctx, fn, #outp)

size_t dm_contamination_region_count(dm_context *ctx,
                                     const dm_contamination *c)
{
    (void)ctx;
    return c != NULL ? c->count : 0;
}

const char *dm_contamination_region_code(dm_context *ctx,
                                         const dm_contamination *c, size_t i)
{
    const dm_contamination_region *r =
        region_at(ctx, c, i, "dm_contamination_region_code");
    return r != NULL ? r->code : NULL;
}

const char *dm_contamination_region_name(dm_context *ctx,
                                         const dm_contamination *c, size_t i)
{
    const dm_contamination_region *r =
        region_at(ctx, c, i, "dm_contamination_region_name");
    return r != NULL ? r->name : NULL;
}

static double region_sum(const dm_contamination_region *r)
{
    double sum = 0.0;
    for (size_t k = 0; k < DM_CELLS; k++)
        sum += r->cell_m2[k];
    return sum;
}

dm_status dm_contamination_area_km2(dm_context *ctx, const dm_contamination *c,
                                    size_t i, dm_hazard h, dm_zone z,
                                    dm_area_state st, double *km2)
{
    REGION_OR_RETURN(r, ctx, c, i, "dm_contamination_area_km2", km2);
    if ((unsigned)h >= DM_HAZARD_COUNT || (unsigned)z >= DM_ZONE_COUNT ||
        (unsigned)st >= DM_AREA_STATE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "class %d, zone %d or state %d out of range", (int)h,
                        (int)z, (int)st);
    *km2 = r->cell_m2[dm_cell(h, z, st)] / M2_PER_KM2;
    return DM_OK;
}

dm_status dm_contamination_region_km2(dm_context *ctx,
                                      const dm_contamination *c, size_t i,
                                      double *km2)
{
    REGION_OR_RETURN(r, ctx, c, i, "dm_contamination_region_km2", km2);
    *km2 = region_sum(r) / M2_PER_KM2;
    return DM_OK;
}

dm_status dm_contamination_region_share(dm_context *ctx,
                                        const dm_contamination *c, size_t i,
                                        double *share)
{
    REGION_OR_RETURN(r, ctx, c, i, "dm_contamination_region_share", share);
    *share = r->area_m2 > 0.0 ? region_sum(r) / r->area_m2 : 0.0;
    return DM_OK;
}

/* Checks ctx, c and one out-pointer of a national accessor. */
static dm_status national_args(dm_context *ctx, const dm_contamination *c,
                               const void *outp, const char *fn)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (c == NULL)
        return dm_null_argument(ctx, fn, "contamination");
    if (outp == NULL)
        return dm_null_argument(ctx, fn, "out");
    return DM_OK;
}

dm_status dm_contamination_total_km2(dm_context *ctx,
                                     const dm_contamination *c, double *km2)
{
    dm_status s = national_args(ctx, c, km2, "dm_contamination_total_km2");
    if (s == DM_OK)
        *km2 = c->total_m2 / M2_PER_KM2;
    return s;
}

dm_status dm_contamination_total_share(dm_context *ctx,
                                       const dm_contamination *c,
                                       double *share)
{
    dm_status s = national_args(ctx, c, share, "dm_contamination_total_share");
    if (s == DM_OK)
        *share = c->national_m2 > 0.0 ? c->total_m2 / c->national_m2 : 0.0;
    return s;
}

dm_status dm_contamination_class_km2(dm_context *ctx,
                                     const dm_contamination *c, dm_hazard h,
                                     dm_zone z, double *km2)
{
    dm_status s = national_args(ctx, c, km2, "dm_contamination_class_km2");
    if (s != DM_OK)
        return s;
    if ((unsigned)h >= DM_HAZARD_COUNT || (unsigned)z >= DM_ZONE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "class %d or zone %d out of range", (int)h, (int)z);
    double sum = 0.0;
    for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
        sum += c->class_m2[dm_cell(h, z, st)];
    *km2 = sum / M2_PER_KM2;
    return DM_OK;
}

dm_status dm_contamination_calibration(dm_context *ctx,
                                       const dm_contamination *c,
                                       double *factor, int *iterations)
{
    dm_status s =
        national_args(ctx, c, factor, "dm_contamination_calibration");
    if (s != DM_OK)
        return s;
    if (iterations == NULL)
        return dm_null_argument(ctx, "dm_contamination_calibration",
                                "iterations");
    *factor = c->factor;
    *iterations = c->iterations;
    return DM_OK;
}

dm_status dm_contamination_outside_km2(dm_context *ctx,
                                       const dm_contamination *c, double *km2)
{
    dm_status s = national_args(ctx, c, km2, "dm_contamination_outside_km2");
    if (s == DM_OK)
        *km2 = c->outside_m2 / M2_PER_KM2;
    return s;
}

dm_status dm_work_from_contamination(dm_context *ctx,
                                     const dm_contamination *c, dm_work **out)
{
    dm_status s = national_args(ctx, c, out, "dm_work_from_contamination");
    if (s != DM_OK)
        return s;
    dm_work *w = NULL;
    s = dm_work_new(ctx, &w);
    for (size_t i = 0; s == DM_OK && i < c->count; i++) {
        size_t r;
        s = dm_work_region_index(ctx, w, c->regions[i].code,
                                 c->regions[i].name, &r);
        for (int h = 0; s == DM_OK && h < DM_HAZARD_COUNT; h++)
            for (int z = 0; z < DM_ZONE_COUNT; z++)
                for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                    w->regions[r].km2[h][z][st] +=
                        c->regions[i].cell_m2[dm_cell(h, z, st)] / M2_PER_KM2;
    }
    if (s != DM_OK) {
        dm_work_free(w);
        return s;
    }
    *out = w;
    return DM_OK;
}
