/* Private: the contamination's layout, for the writer and the renderer. */
#ifndef DM_CONTAMINATION_PRIVATE_H
#define DM_CONTAMINATION_PRIVATE_H

#include "context-private.h"
#include "regions-private.h"

/* Cells per region: class × zone × state. */
#define DM_CELLS (DM_HAZARD_COUNT * DM_ZONE_COUNT * DM_AREA_STATE_COUNT)

static inline size_t dm_cell(dm_hazard h, dm_zone z, dm_area_state st)
{
    return ((size_t)h * DM_ZONE_COUNT + (size_t)z) * DM_AREA_STATE_COUNT +
           (size_t)st;
}

typedef struct dm_contamination_region {
    char *code;
    char *name;
    double area_m2;               /* the region's own area */
    double cell_m2[DM_CELLS];     /* contaminated area per cell */
    GEOSGeometry *cell[DM_CELLS]; /* its polygons; NULL when none */
} dm_contamination_region;

struct dm_contamination {
    dm_context *ctx; /* the context that made it; outlives it */
    size_t count;
    dm_contamination_region *regions;
    double national_m2;        /* the regions' outline */
    double total_m2;           /* contaminated, clipped to the outline */
    double class_m2[DM_CELLS]; /* national, from the national polygons */
    double factor;
    int iterations;
    double outside_m2; /* survey area outside every region */
    char *crs_wkt;
};

#endif
