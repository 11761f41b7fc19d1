/* Private: the contamination's layout, shared by the files that build it
 * (model.c from conflict sources, survey.c from surveyed polygons, both
 * through overlay.c), the writer and the renderer. Never installed. */
#ifndef DM_CONTAMINATION_PRIVATE_H
#define DM_CONTAMINATION_PRIVATE_H

#include "geo-private.h"
#include "geom-private.h"
#include "names-private.h"
#include "regions-private.h"

/* Polygons of one national or regional table: a geometry (NULL: none) per
 * cell (hazard class × zone, names-private.h) and state. */
typedef GEOSGeometry *dm_cell_polygons[DM_CELL_COUNT][DM_AREA_STATE_COUNT];

typedef struct dm_contamination_region {
    char *code;
    char *name;
    double area_m2;                                     /* the region's own */
    double bounds[4];                                   /* the region's */
    double cell_m2[DM_CELL_COUNT][DM_AREA_STATE_COUNT]; /* contaminated */
    dm_cell_polygons cell;                              /* its polygons */
} dm_contamination_region;

/* m² of a region's controlled (accessible or front-line) contamination of
 * each class and state within each width of the front
 * (dm_work_set_front_profile()). */
typedef double dm_front_profile[DM_HAZARD_COUNT][DM_AREA_STATE_COUNT]
                               [DM_FRONT_PROFILE_COUNT];

struct dm_contamination {
    dm_context *ctx; /* the context that made it; outlives it */
    size_t count;
    dm_contamination_region *regions;
    double national_m2; /* the regions' outline */
    double total_m2;    /* contaminated, clipped to the outline */
    /* National, from the national polygons. */
    double class_m2[DM_CELL_COUNT][DM_AREA_STATE_COUNT];
    double factor;
    int iterations;
    double outside_m2;     /* survey area outside every region */
    dm_repair_log repairs; /* survey polygons repaired */
    /* What it was made of, for the map's title and footer: the boundaries'
     * source, and the survey's or the conflict sources' file. */
    char *boundaries, *input;
    int survey; /* 1: read from survey polygons */
    char *crs_wkt;
    /* The front (the lines of contact and border strips, in the regions'
     * CRS) whose bands the work table's profiles measure, when they are
     * made (dm_work_from_contamination()): NULL when none was drawn; its
     * buffers' segments; the threads to measure on. Settled, as are the
     * cells' polygons, so that any thread may read them. */
    GEOSGeometry *front;
    int quadsegs;
    unsigned threads;
};

/* An empty contamination of the regions (their codes, names and areas
 * copied); NULL when out of memory. */
dm_contamination *dm_contamination_new(dm_context *ctx,
                                       const dm_regions *regions);

/* Cuts the national polygons of each cell and state (NULL: none) by the
 * regions into c, with the national areas (overlay.c), one region per item
 * of work on `threads` threads. */
dm_status dm_overlay_cells(dm_context *ctx, const dm_regions *regions,
                           dm_cell_polygons national, unsigned threads,
                           dm_contamination *c);

/* Splits cls by the zones' polygons (zones[z], NULL: none; zone 0, the
 * accessible one, is what is left): the higher zone wins where they
 * overlap (occupied over front line over accessible). New polygons in
 * parts[z]; DM_ERR_GEOS on failure (parts already made are kept for the
 * caller to free). */
dm_status dm_split_zones(dm_context *ctx, const GEOSGeometry *cls,
                         GEOSGeometry *const zones[DM_ZONE_COUNT],
                         GEOSGeometry *parts[DM_ZONE_COUNT]);

/* Keeps `front` (taken) in c for the work table's profiles, and settles
 * it and every cell's polygons. */
void dm_contamination_keep_front(dm_context *ctx, dm_contamination *c,
                                 GEOSGeometry *front, int quadsegs,
                                 unsigned threads);

/* The front profile of every region of c (out[c->count], zeroed): how
 * much of its controlled contamination lies within each width of c's
 * front. One width per item of work on c->threads threads. */
dm_status dm_front_profiles(dm_context *ctx, const dm_contamination *c,
                            dm_front_profile *out);

/* Destroys the polygons of a table and sets them to NULL. */
void dm_cell_polygons_free(dm_context *ctx, dm_cell_polygons cells);

#endif
