/* Private: GEOS helpers shared by regions and contamination. */
#ifndef DM_GEOM_PRIVATE_H
#define DM_GEOM_PRIVATE_H

#include "geo-private.h"

/* The name of g's type ("Point", "LineString" …), static. */
const char *dm_geom_type_name(dm_context *ctx, const GEOSGeometry *g);

/* 1 when g is a Polygon or MultiPolygon, or a collection of nothing else. */
int dm_geom_is_polygonal(dm_context *ctx, const GEOSGeometry *g);

/* The polygonal parts of g as one new (Multi)Polygon, possibly empty;
 * lines and points (what make-valid leaves of collapsed rings) are dropped.
 * NULL on a GEOS failure. */
GEOSGeometry *dm_geom_polygonal_part(dm_context *ctx, const GEOSGeometry *g);

/* Replaces *g by a valid polygonal geometry when it is invalid (GEOS
 * make-valid, "structure" method: a bow-tie keeps both of its triangles).
 * *repaired is set to 1 when it was. `where` names the feature for
 * messages. */
dm_status dm_geom_make_valid(dm_context *ctx, GEOSGeometry **g,
                             const char *where, int *repaired);

/* The features make-valid changed, for the caller to report: where each
 * is, what GEOS found wrong, its area as drawn (GEOS's area of the invalid
 * polygon: a bow-tie's two lobes cancel) and once repaired, in m². */
typedef struct dm_repair_entry {
    char *where;
    char *reason;
    double drawn_m2, repaired_m2;
} dm_repair_entry;

typedef struct dm_repair_log {
    dm_repair_entry *entries;
    size_t count, cap;
} dm_repair_log;

void dm_repair_log_free(dm_repair_log *log);

/* dm_geom_make_valid() that, when *g was invalid, adds it to log. */
dm_status dm_geom_repair(dm_context *ctx, GEOSGeometry **g, const char *where,
                         dm_repair_log *log);

/* The i-th entry of log into the public function's outputs (each may be
 * NULL); DM_ERR_OUT_OF_RANGE past the end. */
dm_status dm_repair_log_get(dm_context *ctx, const dm_repair_log *log,
                            size_t i, const char **where, const char **reason,
                            double *drawn_km2, double *repaired_km2);

/* Union of n geometries (borrowed); new geometry, or NULL on failure. An
 * empty polygon when n is 0. */
GEOSGeometry *dm_geom_union(dm_context *ctx, GEOSGeometry *const *parts,
                            size_t n);

/* Fewer polygons than this are united by dm_geom_union_blocks() in one
 * union, as dm_geom_union() does; the embedded oblasts are, so that what
 * was fitted to them does not move by a rounding. */
#define DM_UNION_BLOCKS_MIN 64

/* The union of n geometries (borrowed, settled here: they must not be
 * changed by others meanwhile) into *out (new), on `threads` threads
 * from DM_UNION_BLOCKS_MIN of them (union.c: blocks of nearby ones,
 * fixed by the geometries alone); the same, bit for bit, on any number of
 * threads. DM_ERR_GEOS or DM_ERR_NO_MEMORY with the message in ctx. */
dm_status dm_geom_union_blocks(dm_context *ctx, GEOSGeometry *const *parts,
                               size_t n, unsigned threads, GEOSGeometry **out);

/* Polygonal part of a ∩ b, a − b; new, NULL on a GEOS failure (the
 * context has its message). */
GEOSGeometry *dm_geom_intersection(dm_context *ctx, const GEOSGeometry *a,
                                   const GEOSGeometry *b);
GEOSGeometry *dm_geom_difference(dm_context *ctx, const GEOSGeometry *a,
                                 const GEOSGeometry *b);

/* Buffer with round caps and joins, `quadsegs` segments per quarter
 * circle; new, NULL on failure. A distance of 0 on a polygon is the polygon
 * itself; on a point or line it is empty. single_sided: 0, or +1 for the
 * left side of a line only, -1 for the right side. */
GEOSGeometry *dm_geom_buffer(dm_context *ctx, const GEOSGeometry *g,
                             double distance, int quadsegs, int single_sided);

/* Makes g safe to read from several threads at once: GEOS 3.11 computes
 * a geometry's envelope (and a coordinate sequence's dimension) on first
 * use and caches it, a write two readers would race on; this computes
 * them all now, in every part and ring. NULL is left alone. */
void dm_geom_settle(dm_context *ctx, const GEOSGeometry *g);

/* Area in m² (the CRS's unit squared); 0 for NULL. */
double dm_geom_area(dm_context *ctx, const GEOSGeometry *g);

#endif
