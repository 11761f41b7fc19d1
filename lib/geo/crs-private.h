/* Private: coordinate reference systems and transformations with PROJ. */
#ifndef DM_CRS_PRIVATE_H
#define DM_CRS_PRIVATE_H

#include "geo-private.h"
#include "io-private.h"

/* Longest edge kept when densifying before a transformation, so that the
 * projected polygon follows the source's edges: 0.05° (about 5.5 km north
 * to south) for geographic sources, 5 km for projected ones. The area error
 * of an undensified 1°-wide edge along a parallel is about 0.07 % of a 1°
 * cell in the default CRS; densified to 0.05° it is 400 times smaller. */
#define DM_DENSIFY_DEGREES 0.05
#define DM_DENSIFY_METRES 5000.0

/* Largest |longitude| accepted from a geographic source: data may use
 * 0..360, never more. */
#define DM_MAX_ABS_LONGITUDE 360.0
/* Largest |x| or |y| in metres accepted from a projected source: the
 * Earth's circumference is 4e7 m, so anything past 1e8 m is not on it (and
 * would make densifying explode). */
#define DM_MAX_ABS_METRES 1e8

typedef struct dm_crs_transform {
    PJ *pj;         /* NULL when source and target are the same CRS */
    int swap_xy;    /* the data's x is the CRS's northing or latitude */
    int geographic; /* the source is geographic (degrees) */
    double densify; /* longest edge in source units; 0: no densifying */
    double max_abs; /* largest |x|, |y| in source units (projected) */
    /* Filled by the callback when a point fails. */
    int failed;
    double bad_x, bad_y;
} dm_crs_transform;

/* A CRS from any definition PROJ reads; new: proj_destroy(). DM_ERR_BAD_CRS
 * naming `what` (e.g. "target CRS") and the definition on failure. */
dm_status dm_crs_create(dm_context *ctx, const char *definition,
                        const char *what, PJ **out);

/* The CRS of a layer, or `fallback` (read east, north) when the layer has
 * none. *swap_xy tells whether the layer's x is the CRS's north axis
 * (authority-compliant latitude, longitude order). DM_ERR_NO_CRS when the
 * layer has none and no fallback was given. */
dm_status dm_crs_of_layer(dm_context *ctx, const dm_vector *v,
                          const char *fallback, PJ **out, int *swap_xy);

/* Only the source side of a transformation: swap, domain checks, densify
 * step; pj stays NULL, so dm_crs_transform_geometry swaps and checks. */
void dm_crs_domain_init(dm_context *ctx, PJ *src, int swap_xy,
                        dm_crs_transform *t);

/* Prepares the transformation from src (data in the order given by swap_xy)
 * to dst (east, north). DM_ERR_PROJ when PROJ has no operation. */
dm_status dm_crs_transform_init(dm_context *ctx, PJ *src, int swap_xy, PJ *dst,
                                dm_crs_transform *t);
void dm_crs_transform_fini(dm_crs_transform *t);

/* Checks that every coordinate is finite and in the source's domain, and
 * transforms (densify first, when reading: see dm_vector_geometry). new
 * geometry in *out. DM_ERR_BAD_GEOMETRY naming `where` and the coordinate when
 * a point fails. */
dm_status dm_crs_transform_geometry(dm_context *ctx, dm_crs_transform *t,
                                    const GEOSGeometry *in, const char *where,
                                    GEOSGeometry **out);

/* 1 when (x east, y north) in source units is finite and inside the
 * source CRS's domain. */
int dm_crs_point_in_domain(const dm_crs_transform *t, double x, double y);

/* WKT2 of a CRS; new: free(). */
char *dm_crs_wkt(dm_context *ctx, PJ *crs);

/* 1 when the CRS is geographic (degrees), 0 otherwise. */
int dm_crs_is_geographic(dm_context *ctx, PJ *crs);

#endif
