/* The overlay of national polygons with the regions, one region per item
 * of parallel work: the polygons whose envelope meets the region's are
 * tried in their order, a region prepared by its worker tells whether it
 * holds a polygon whole (no overlay needed) or only meets it
 * (intersection), and the pieces are united into the region's cell. Each
 * region's result depends on nothing but its own geometry and the
 * polygons, so it is the same on any number of threads. */
#include <stdlib.h>
#include <string.h>

#include "contamination-private.h"
#include "geom-private.h"

/* The polygons of one national table, with their envelopes. */
typedef struct parts {
    const GEOSGeometry **g;
    double (*env)[4]; /* xmin, ymin, xmax, ymax */
    size_t n;
} parts;

typedef struct overlay {
    const dm_regions *regions;
    dm_contamination *c;
    parts cell[DM_CELL_COUNT][DM_AREA_STATE_COUNT];
} overlay;

static void overlay_free(overlay *o)
{
    for (size_t k = 0; k < DM_CELL_COUNT; k++)
        for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
            free(o->cell[k][st].g);
            free(o->cell[k][st].env);
        }
}

/* The polygons of `national` and their envelopes, settled for the
 * workers to read. */
static dm_status list_parts(dm_context *ctx, const GEOSGeometry *national,
                            parts *p)
{
    int n = GEOSGetNumGeometries_r(dm_geos(ctx), national);
    p->g = malloc((n > 0 ? (size_t)n : 1) * sizeof *p->g);
    p->env = malloc((n > 0 ? (size_t)n : 1) * sizeof *p->env);
    if (p->g == NULL || p->env == NULL)
        return dm_no_memory(ctx);
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *g = GEOSGetGeometryN_r(dm_geos(ctx), national, i);
        dm_geom_settle(ctx, g);
        double *e = p->env[p->n];
        if (GEOSisEmpty_r(dm_geos(ctx), g) != 0 ||
            !GEOSGeom_getXMin_r(dm_geos(ctx), g, &e[0]) ||
            !GEOSGeom_getYMin_r(dm_geos(ctx), g, &e[1]) ||
            !GEOSGeom_getXMax_r(dm_geos(ctx), g, &e[2]) ||
            !GEOSGeom_getYMax_r(dm_geos(ctx), g, &e[3]))
            continue; /* an empty polygon meets nothing */
        p->g[p->n++] = g;
    }
    return DM_OK;
}

static int envelopes_meet(const double a[4], const double b[4])
{
    return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/* The piece of polygon g in region r (prepared as pr): NULL with *s set on
 * a failure, NULL with DM_OK when they do not meet. */
static GEOSGeometry *piece_of(dm_context *ctx, const dm_region *r,
                              const GEOSPreparedGeometry *pr,
                              const GEOSGeometry *g, dm_status *s)
{
    *s = DM_OK;
    char inside = GEOSPreparedContainsProperly_r(dm_geos(ctx), pr, g);
    GEOSGeometry *piece = NULL;
    if (inside == 1) {
        piece = GEOSGeom_clone_r(dm_geos(ctx), g);
    } else if (inside == 0) {
        char meets = GEOSPreparedIntersects_r(dm_geos(ctx), pr, g);
        if (meets == 0)
            return NULL;
        if (meets == 1)
            piece = dm_geom_intersection(ctx, g, r->geom);
    }
    if (piece == NULL)
        *s = dm_geos_error(ctx, "overlay with region '%s' failed: %s", r->code,
                           dm_geos_message(ctx));
    else if (GEOSisEmpty_r(dm_geos(ctx), piece) == 1) {
        GEOSGeom_destroy_r(dm_geos(ctx), piece);
        piece = NULL;
    }
    return piece;
}

/* Region r's cell from the pieces (owned, n of them): their union, its
 * polygonal part, its area; the pieces are freed. */
static dm_status unite(dm_context *ctx, dm_contamination_region *cr,
                       GEOSGeometry **pieces, size_t n, size_t k, int st)
{
    /* Pieces of disjoint polygons are disjoint but may share edges: union
     * them into one valid multipolygon. */
    GEOSGeometry *g = dm_geom_union(ctx, pieces, n);
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(dm_geos(ctx), pieces[i]);
    if (g == NULL)
        return dm_geos_error(ctx, "union in region '%s' failed: %s", cr->code,
                             dm_geos_message(ctx));
    GEOSGeometry *poly = dm_geom_polygonal_part(ctx, g);
    GEOSGeom_destroy_r(dm_geos(ctx), g);
    if (poly == NULL)
        return dm_geos_error(ctx, "%s", dm_geos_message(ctx));
    double a = dm_geom_area(ctx, poly);
    if (a <= 0.0) {
        GEOSGeom_destroy_r(dm_geos(ctx), poly);
        return DM_OK;
    }
    cr->cell[k][st] = poly;
    cr->cell_m2[k][st] = a;
    return DM_OK;
}

/* One national table cut by region r: the pieces of the polygons that
 * meet it, in the polygons' order. */
static dm_status cut_cell(dm_context *ctx, const overlay *o, size_t ri,
                          const GEOSPreparedGeometry *pr, size_t k, int st)
{
    const parts *p = &o->cell[k][st];
    const dm_region *r = &o->regions->items[ri];
    GEOSGeometry **pieces = malloc((p->n ? p->n : 1) * sizeof *pieces);
    if (pieces == NULL)
        return dm_no_memory(ctx);
    size_t n = 0;
    dm_status s = DM_OK;
    for (size_t j = 0; s == DM_OK && j < p->n; j++) {
        if (!envelopes_meet(p->env[j], r->bounds))
            continue;
        GEOSGeometry *piece = piece_of(ctx, r, pr, p->g[j], &s);
        if (piece != NULL)
            pieces[n++] = piece;
    }
    if (s == DM_OK && n > 0)
        s = unite(ctx, &o->c->regions[ri], pieces, n, k, st);
    else
        for (size_t i = 0; i < n; i++)
            GEOSGeom_destroy_r(dm_geos(ctx), pieces[i]);
    free(pieces);
    return s;
}

/* Item: region ri, every table; its prepared geometry its worker's own. */
static dm_status cut_region(dm_context *ctx, size_t ri, void *user)
{
    const overlay *o = user;
    const dm_region *r = &o->regions->items[ri];
    const GEOSPreparedGeometry *pr = GEOSPrepare_r(dm_geos(ctx), r->geom);
    if (pr == NULL)
        return dm_geos_error(ctx, "cannot prepare region '%s': %s", r->code,
                             dm_geos_message(ctx));
    dm_status s = DM_OK;
    for (size_t k = 0; s == DM_OK && k < DM_CELL_COUNT; k++)
        for (int st = 0; s == DM_OK && st < DM_AREA_STATE_COUNT; st++)
            if (o->cell[k][st].n > 0)
                s = cut_cell(ctx, o, ri, pr, k, st);
    GEOSPreparedGeom_destroy_r(dm_geos(ctx), pr);
    return s;
}

dm_status dm_overlay_cells(dm_context *ctx, const dm_regions *regions,
                           dm_cell_polygons national, unsigned threads,
                           dm_contamination *c)
{
    overlay o;
    memset(&o, 0, sizeof o);
    o.regions = regions;
    o.c = c;
    dm_status s = DM_OK;
    for (size_t k = 0; s == DM_OK && k < DM_CELL_COUNT; k++)
        for (int st = 0; s == DM_OK && st < DM_AREA_STATE_COUNT; st++) {
            c->class_m2[k][st] = dm_geom_area(ctx, national[k][st]);
            if (national[k][st] != NULL && c->class_m2[k][st] > 0.0)
                s = list_parts(ctx, national[k][st], &o.cell[k][st]);
        }
    for (size_t i = 0; s == DM_OK && i < regions->count; i++)
        dm_geom_settle(ctx, regions->items[i].geom);
    if (s == DM_OK)
        s = dm_geo_parallel(ctx, threads, regions->count, cut_region, &o);
    overlay_free(&o);
    return s;
}
