/* Private: reading vector sources with GDAL, shared by the loaders of
 * boundaries, conflict sources and survey polygons. */
#ifndef DM_IO_PRIVATE_H
#define DM_IO_PRIVATE_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "context-private.h"

/* An open vector layer and what the loaders need to know of it. */
typedef struct dm_vector {
    const char *what; /* "boundaries", "conflict sources", … for messages */
    const char *source; /* borrowed from the caller */
    GDALDatasetH ds;
    OGRLayerH layer;
    const char *layer_name; /* borrowed from GDAL */
    GEOSContextHandle_t geos;
    GEOSWKBReader *wkb;
} dm_vector;

/* Opens `source` read-only and selects a layer (NULL: the first) and an
 * attribute filter (NULL: none). Must run between dm_gdal_begin/end.
 * Classifies failures: DM_ERR_FILE_NOT_FOUND, DM_ERR_NOT_VECTOR,
 * DM_ERR_CORRUPT, DM_ERR_LAYER_NOT_FOUND, DM_ERR_BAD_FILTER. */
dm_status dm_vector_open(dm_context *ctx, const char *what, const char *source,
                         const char *layer, const char *where, dm_vector *v);

/* Closes what dm_vector_open opened; safe on a zeroed struct. */
void dm_vector_close(dm_vector *v);

/* Index of an attribute field, or DM_ERR_FIELD_NOT_FOUND naming the field,
 * the layer and the fields there are. `option` names the option that set
 * the field ("name field") for the message. */
dm_status dm_vector_field(dm_context *ctx, const dm_vector *v,
                          const char *field, const char *option, int *index);

/* An optional field: NULL gives none (-1); the default name `dflt` gives
 * none when the layer lacks it; any other name must exist
 * (DM_ERR_FIELD_NOT_FOUND as dm_vector_field). */
dm_status dm_vector_optional_field(dm_context *ctx, const dm_vector *v,
                                   const char *field, const char *dflt,
                                   const char *option, int *index);

/* Turns a name into an index, or fails with the context's message. */
typedef dm_status (*dm_name_parser)(dm_context *ctx, const char *name,
                                    int *out);

/* Reads field idx of f (its text, "" when unset) through parse into
 * *value; a failure is re-raised as "<where>, field '<name>': <why>". idx
 * < 0 (a field the layer does not have) leaves *value as it is. */
dm_status dm_vector_enum(dm_context *ctx, OGRFeatureH f, int idx,
                         const char *where, dm_name_parser parse, int *value);

/* The text of field idx of f; "" when unset, null, or idx < 0. */
const char *dm_vector_text(OGRFeatureH f, int idx);

/* Calls fn(userdata, feature) for every feature of the layer (after its
 * filter), destroying each after; the first failing call stops. A failure
 * of GDAL while reading is DM_ERR_CORRUPT naming the source and layer.
 * *count (may be NULL) receives the features read. */
dm_status dm_vector_each(dm_context *ctx, const dm_vector *v,
                         dm_status (*fn)(void *userdata, OGRFeatureH f),
                         void *userdata, size_t *count);

struct dm_crs_transform;

/* Converts a feature's geometry to GEOS, flattened to 2D and linearised
 * (curves to lines). With a transformation t (NULL: none), first checks
 * that every coordinate is finite and inside the source CRS's domain
 * (DM_ERR_BAD_GEOMETRY naming the feature and the coordinate), then
 * densifies so that no edge is longer than t->densify. The feature's own
 * geometry is changed on the way. *out is NULL when the feature has no
 * geometry. */
dm_status dm_vector_geometry(dm_context *ctx, const dm_vector *v,
                             OGRFeatureH feature,
                             const struct dm_crs_transform *t,
                             GEOSGeometry **out);

#endif
