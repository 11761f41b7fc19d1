/* Private: the regions' layout, for the files that overlay them. */
#ifndef DM_REGIONS_PRIVATE_H
#define DM_REGIONS_PRIVATE_H

#include "geo-private.h"
#include "geom-private.h"

typedef struct dm_region {
    char *code;
    char *name;
    GEOSGeometry *geom; /* valid, polygonal, in the target CRS (metres) */
    double area_m2;
    double bounds[4]; /* xmin, ymin, xmax, ymax */
} dm_region;

struct dm_regions {
    dm_context *ctx; /* the context that made them; outlives them */
    size_t count;
    dm_region *items;
    GEOSGeometry *outline; /* union of all units */
    double outline_area_m2;
    double outline_bounds[4];
    char *crs_wkt;         /* target CRS, WKT2 */
    char *source;          /* the source as given, for the map's footer */
    dm_repair_log repairs; /* features repaired by make-valid */
};

#endif
