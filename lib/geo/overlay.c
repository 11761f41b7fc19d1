/* The overlay of national polygons with the regions: an STRtree finds the
 * regions whose envelope meets a polygon, a prepared region tells whether
 * it holds the polygon whole (no overlay needed) or only meets it
 * (intersection). */
#include <stdlib.h>
#include <string.h>

#include "contamination-private.h"
#include "geom-private.h"

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
            GEOSPreparedGeom_destroy_r(dm_geos(o->ctx), o->prepared[i]);
        if (o->parts != NULL) {
            for (size_t k = 0; o->nparts != NULL && k < o->nparts[i]; k++)
                GEOSGeom_destroy_r(dm_geos(o->ctx), o->parts[i][k]);
            free(o->parts[i]);
        }
    }
    if (o->tree != NULL)
        GEOSSTRtree_destroy_r(dm_geos(o->ctx), o->tree);
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
    o->tree = GEOSSTRtree_create_r(dm_geos(ctx), 10);
    if (!o->prepared || !o->index || !o->parts || !o->nparts || !o->cap ||
        !o->tree)
        return dm_no_memory(ctx);
    for (size_t i = 0; i < n; i++) {
        o->index[i] = i;
        o->prepared[i] = GEOSPrepare_r(dm_geos(ctx), regions->items[i].geom);
        if (o->prepared[i] == NULL)
            return dm_geos_error(ctx,
                                 "cannot prepare region '%s': "
                                 "%s",
                                 regions->items[i].code, dm_geos_message(ctx));
        GEOSSTRtree_insert_r(dm_geos(ctx), o->tree, regions->items[i].geom,
                             &o->index[i]);
    }
    return DM_OK;
}

/* Places one polygon of a national cell into the regions it meets. */
static dm_status place_polygon(overlay *o, const GEOSGeometry *poly)
{
    dm_context *ctx = o->ctx;
    o->ncandidates = 0;
    GEOSSTRtree_query_r(dm_geos(ctx), o->tree, poly, collect_candidate, o);
    if (o->failed)
        return dm_no_memory(ctx);
    for (size_t c = 0; c < o->ncandidates; c++) {
        size_t r = o->candidates[c];
        char inside =
            GEOSPreparedContainsProperly_r(dm_geos(ctx), o->prepared[r], poly);
        GEOSGeometry *piece = NULL;
        if (inside == 1) {
            piece = GEOSGeom_clone_r(dm_geos(ctx), poly);
        } else if (inside == 0) {
            char meets =
                GEOSPreparedIntersects_r(dm_geos(ctx), o->prepared[r], poly);
            if (meets == 0)
                continue;
            if (meets == 1)
                piece =
                    dm_geom_intersection(ctx, poly, o->regions->items[r].geom);
        }
        if (piece == NULL)
            return dm_geos_error(ctx,
                                 "overlay with region '%s' "
                                 "failed: %s",
                                 o->regions->items[r].code,
                                 dm_geos_message(ctx));
        if (GEOSisEmpty_r(dm_geos(ctx), piece) || !add_part(o, r, piece)) {
            int empty = GEOSisEmpty_r(dm_geos(ctx), piece) == 1;
            GEOSGeom_destroy_r(dm_geos(ctx), piece);
            if (!empty)
                return dm_no_memory(ctx);
        }
    }
    return DM_OK;
}

/* Cuts the national polygons of one cell and state by the regions into
 * c. */
static dm_status overlay_cell(overlay *o, const GEOSGeometry *national,
                              size_t cell, int state, dm_contamination *c)
{
    dm_context *ctx = o->ctx;
    int n = GEOSGetNumGeometries_r(dm_geos(ctx), national);
    for (int i = 0; i < n; i++) {
        dm_status s =
            place_polygon(o, GEOSGetGeometryN_r(dm_geos(ctx), national, i));
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
            GEOSGeom_destroy_r(dm_geos(ctx), o->parts[r][k]);
        o->nparts[r] = 0;
        if (g == NULL)
            return dm_geos_error(ctx,
                                 "union in region '%s' failed: "
                                 "%s",
                                 c->regions[r].code, dm_geos_message(ctx));
        GEOSGeometry *poly = dm_geom_polygonal_part(ctx, g);
        GEOSGeom_destroy_r(dm_geos(ctx), g);
        if (poly == NULL)
            return dm_geos_error(ctx, "%s", dm_geos_message(ctx));
        double a = dm_geom_area(ctx, poly);
        if (a <= 0.0) {
            GEOSGeom_destroy_r(dm_geos(ctx), poly);
            continue;
        }
        c->regions[r].cell[cell][state] = poly;
        c->regions[r].cell_m2[cell][state] = a;
    }
    return DM_OK;
}

dm_status dm_overlay_cells(dm_context *ctx, const dm_regions *regions,
                           dm_cell_polygons national, dm_contamination *c)
{
    overlay o;
    dm_status s = overlay_init(&o, ctx, regions);
    for (size_t k = 0; s == DM_OK && k < DM_CELL_COUNT; k++)
        for (int st = 0; s == DM_OK && st < DM_AREA_STATE_COUNT; st++) {
            c->class_m2[k][st] = dm_geom_area(ctx, national[k][st]);
            if (national[k][st] != NULL && c->class_m2[k][st] > 0.0)
                s = overlay_cell(&o, national[k][st], k, st, c);
        }
    overlay_free(&o);
    return s;
}
