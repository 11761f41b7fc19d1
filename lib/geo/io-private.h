/* Private: reading vector sources with GDAL, shared by the loaders of
 * boundaries, conflict sources and survey polygons. */
#ifndef DM_IO_PRIVATE_H
#define DM_IO_PRIVATE_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "geo-private.h"

/* An open vector layer and what the loaders need to know of it. */
/* Most vertices a feature may have once its edges are densified for the
 * reprojection (10 million: about 160 MB in GEOS; the full-resolution
 * boundaries of Ukraine have 138,000 in all). */
#define DM_MAX_FEATURE_VERTICES 10000000

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

/* ---- the loader skeleton ----------------------------------------------
 * Every loader (boundaries, conflict sources, survey polygons, work
 * tables) opens a layer, says when it is empty, finds its fields, works out
 * the CRS and reads the features the same way: dm_vector_load(). */

/* A field a loader reads. */
typedef struct dm_field_spec {
    /* The name the caller gave; NULL: none (optional fields only). */
    const char *name;
    /* For an optional field: the documented default name, taken only when
     * the layer has it (any other name must exist); "" for a field that is
     * optional only by being NULL. NULL: a required field, which must be
     * given and exist. */
    const char *dflt;
    const char *option; /* the option that names it ("code field") */
    int *index;         /* receives the field's index, -1 when none */
} dm_field_spec;

/* What a loader does with the layer's CRS. */
typedef enum dm_load_crs {
    DM_LOAD_NO_CRS,   /* nothing: attribute tables */
    DM_LOAD_DOMAIN,   /* check coordinates in the layer's CRS, no change */
    DM_LOAD_TRANSFORM /* transform to `target` */
} dm_load_crs;

typedef struct dm_load_spec {
    const char *what; /* "boundaries" … for messages */
    const char *item; /* "feature" or "row", for "has no …" */
    const char *source, *layer, *where;
    const char *source_crs; /* for a layer without a CRS */
    const dm_field_spec *fields;
    size_t nfields;
    dm_load_crs crs;
    PJ *target;     /* DM_LOAD_TRANSFORM: borrowed */
    char **crs_wkt; /* when not NULL: receives the layer's CRS as
                       WKT2 (new: free()) */
    /* Called for every feature with the open layer and the transformation
     * (NULL for DM_LOAD_NO_CRS); the first failure stops. */
    dm_status (*feature)(void *userdata, const dm_vector *v,
                         struct dm_crs_transform *t, OGRFeatureH f);
    void *userdata;
} dm_load_spec;

/* Opens the source, checks it has a feature, resolves the fields, sets up
 * the CRS, reads every feature through spec->feature and closes, with
 * GDAL's errors routed into the context. A layer with no feature (after
 * the filter), before or after reading, is DM_ERR_EMPTY. */
dm_status dm_vector_load(dm_context *ctx, const dm_load_spec *spec);

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
