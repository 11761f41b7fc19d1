/* Reading vector sources with GDAL: open, pick a layer, filter, find
 * fields, convert geometries to GEOS. */
#define _GNU_SOURCE /* struct stat64 behind GDAL's VSIStatBufL */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <cpl_vsi.h>

#include "crs-private.h"
#include "io-private.h"

/* Appends the names in `names` (count n, fetched by get(i)) to buf as
 * "a, b, c", cut to the buffer. */
static void list_names(char *buf, size_t size, int n,
                       const char *(*get)(const void *, int), const void *obj)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used + 1 < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         get(obj, i));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (n == 0)
        snprintf(buf, size, "none");
}

static const char *layer_name_at(const void *ds, int i)
{
    return OGR_L_GetName(GDALDatasetGetLayer((GDALDatasetH)ds, i));
}

static const char *field_name_at(const void *defn, int i)
{
    return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn((OGRFeatureDefnH)defn, i));
}

dm_status dm_vector_open(dm_context *ctx, const char *what, const char *source,
                         const char *layer, const char *where, dm_vector *v)
{
    memset(v, 0, sizeof *v);
    v->what = what;
    v->source = source;

    v->ds = GDALOpenEx(
        source, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
        NULL, NULL, NULL);
    if (v->ds == NULL) {
        /* Tell a missing file from an unknown format from a damaged file:
         * a driver that claims the file but cannot open it means damage. */
        GDALDriverH drv =
            GDALIdentifyDriverEx(source, GDAL_OF_VECTOR, NULL, NULL);
        VSIStatBufL st;
        if (drv != NULL)
            return dm_error(ctx, DM_ERR_CORRUPT,
                            "%s '%s': the file looks like %s but cannot be "
                            "read (damaged or truncated?): %s",
                            what, source, GDALGetDriverShortName(drv),
                            dm_gdal_message(ctx));
        if (VSIStatExL(source, &st, VSI_STAT_EXISTS_FLAG) != 0)
            return dm_error(ctx, DM_ERR_FILE_NOT_FOUND,
                            "%s '%s': no such file or data source", what,
                            source);
        return dm_error(
            ctx, DM_ERR_NOT_VECTOR,
            "%s '%s' is not a vector data source GDAL can read%s%s", what,
            source, dm_gdal_message(ctx)[0] ? ": " : "", dm_gdal_message(ctx));
    }

    int nlayers = GDALDatasetGetLayerCount(v->ds);
    if (nlayers == 0) {
        dm_vector_close(v);
        return dm_error(ctx, DM_ERR_NOT_VECTOR, "%s '%s' has no vector layer",
                        what, source);
    }
    if (layer != NULL) {
        v->layer = GDALDatasetGetLayerByName(v->ds, layer);
        if (v->layer == NULL) {
            char names[512];
            list_names(names, sizeof names, nlayers, layer_name_at, v->ds);
            dm_vector_close(v);
            return dm_error(ctx, DM_ERR_LAYER_NOT_FOUND,
                            "%s '%s' has no layer '%s' (layers: %s)", what,
                            source, layer, names);
        }
    } else {
        v->layer = GDALDatasetGetLayer(v->ds, 0);
    }
    v->layer_name = OGR_L_GetName(v->layer);

    if (where != NULL && where[0] != '\0' &&
        OGR_L_SetAttributeFilter(v->layer, where) != OGRERR_NONE) {
        dm_status s =
            dm_error(ctx, DM_ERR_BAD_FILTER,
                     "%s '%s', layer '%s': invalid filter '%s': %s", what,
                     source, v->layer_name, where, dm_gdal_message(ctx));
        dm_vector_close(v);
        return s;
    }
    v->wkb = GEOSWKBReader_create_r(ctx->geos);
    if (v->wkb == NULL) {
        dm_vector_close(v);
        return dm_no_memory(ctx);
    }
    v->geos = ctx->geos;
    return DM_OK;
}

void dm_vector_close(dm_vector *v)
{
    if (v->wkb != NULL)
        GEOSWKBReader_destroy_r(v->geos, v->wkb);
    if (v->ds != NULL)
        GDALClose(v->ds);
    v->wkb = NULL;
    v->ds = NULL;
    v->layer = NULL;
}

dm_status dm_vector_field(dm_context *ctx, const dm_vector *v,
                          const char *field, const char *option, int *index)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(v->layer);
    int i = OGR_FD_GetFieldIndex(defn, field);
    if (i < 0) {
        char names[512];
        list_names(names, sizeof names, OGR_FD_GetFieldCount(defn),
                   field_name_at, defn);
        return dm_error(ctx, DM_ERR_FIELD_NOT_FOUND,
                        "%s '%s', layer '%s': no field '%s' (the %s; fields: "
                        "%s)",
                        v->what, v->source, v->layer_name, field, option,
                        names);
    }
    *index = i;
    return DM_OK;
}

dm_status dm_vector_optional_field(dm_context *ctx, const dm_vector *v,
                                   const char *field, const char *dflt,
                                   const char *option, int *index)
{
    *index = -1;
    if (field == NULL)
        return DM_OK;
    if (strcmp(field, dflt) == 0 &&
        OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(v->layer), field) < 0)
        return DM_OK;
    return dm_vector_field(ctx, v, field, option, index);
}

const char *dm_vector_text(OGRFeatureH f, int idx)
{
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx))
        return "";
    return OGR_F_GetFieldAsString(f, idx);
}

dm_status dm_vector_enum(dm_context *ctx, OGRFeatureH f, int idx,
                         const char *where, dm_name_parser parse, int *value)
{
    if (idx < 0)
        return DM_OK;
    dm_status s = parse(ctx, dm_vector_text(f, idx), value);
    if (s == DM_OK)
        return DM_OK;
    char why[DM_MESSAGE_MAX];
    snprintf(why, sizeof why, "%s", dm_context_last_error(ctx));
    return dm_error(ctx, s, "%s, field '%s': %s", where,
                    OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, idx)), why);
}

dm_status dm_vector_each(dm_context *ctx, const dm_vector *v,
                         dm_status (*fn)(void *userdata, OGRFeatureH f),
                         void *userdata, size_t *count)
{
    OGRFeatureH f;
    size_t n = 0;
    OGR_L_ResetReading(v->layer);
    CPLErrorReset();
    while ((f = OGR_L_GetNextFeature(v->layer)) != NULL) {
        dm_status s = fn(userdata, f);
        OGR_F_Destroy(f);
        n++;
        if (s != DM_OK)
            return s;
    }
    if (count != NULL)
        *count = n;
    if (CPLGetLastErrorType() >= CE_Failure)
        return dm_error(ctx, DM_ERR_CORRUPT,
                        "%s '%s', layer '%s': reading the features failed: "
                        "%s",
                        v->what, v->source, v->layer_name,
                        dm_gdal_message(ctx));
    return DM_OK;
}

/* 0 when a coordinate of g is not finite or outside the source's domain;
 * the coordinate in bad[2]. */
static int coordinates_ok(OGRGeometryH g, const dm_crs_transform *t,
                          double bad[2])
{
    int parts = OGR_G_GetGeometryCount(g);
    if (parts > 0) {
        for (int i = 0; i < parts; i++)
            if (!coordinates_ok(OGR_G_GetGeometryRef(g, i), t, bad))
                return 0;
        return 1;
    }
    int n = OGR_G_GetPointCount(g);
    for (int i = 0; i < n; i++) {
        double x = OGR_G_GetX(g, i), y = OGR_G_GetY(g, i);
        if (t->swap_xy) {
            double tmp = x;
            x = y;
            y = tmp;
        }
        if (!dm_crs_point_in_domain(t, x, y)) {
            bad[0] = x;
            bad[1] = y;
            return 0;
        }
    }
    return 1;
}

dm_status dm_vector_geometry(dm_context *ctx, const dm_vector *v,
                             OGRFeatureH feature, const dm_crs_transform *t,
                             GEOSGeometry **out)
{
    *out = NULL;
    OGRGeometryH g = OGR_F_GetGeometryRef(feature);
    if (g == NULL || OGR_G_IsEmpty(g))
        return DM_OK;

    OGRGeometryH linear = NULL;
    if (OGR_G_HasCurveGeometry(g, TRUE)) {
        linear = OGR_G_GetLinearGeometry(g, 0, NULL);
        if (linear == NULL)
            return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                            "%s '%s', layer '%s', feature %lld: cannot "
                            "linearise its curves: %s",
                            v->what, v->source, v->layer_name,
                            (long long)OGR_F_GetFID(feature),
                            dm_gdal_message(ctx));
        g = linear;
    }
    OGR_G_FlattenTo2D(g);
    if (t != NULL) {
        double bad[2];
        if (!coordinates_ok(g, t, bad)) {
            if (linear != NULL)
                OGR_G_DestroyGeometry(linear);
            return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                            "%s '%s', layer '%s', feature %lld: coordinate "
                            "(%g, %g) is not finite or outside the source "
                            "CRS's domain",
                            v->what, v->source, v->layer_name,
                            (long long)OGR_F_GetFID(feature), bad[0], bad[1]);
        }
        /* Densify here rather than with GEOSDensify, which "fixes" polygons
         * by buffer(0) and so silently drops half of a bow-tie before
         * make-valid can repair it. */
        if (t->densify > 0.0)
            OGR_G_Segmentize(g, t->densify);
    }

    size_t size = OGR_G_WkbSizeEx(g);
    unsigned char *wkb = malloc(size > 0 ? size : 1);
    dm_status status = DM_OK;
    if (wkb == NULL) {
        status = dm_no_memory(ctx);
    } else if (OGR_G_ExportToIsoWkb(g, wkbNDR, wkb) != OGRERR_NONE) {
        status =
            dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                     "%s '%s', layer '%s', feature %lld: cannot export "
                     "the geometry: %s",
                     v->what, v->source, v->layer_name,
                     (long long)OGR_F_GetFID(feature), dm_gdal_message(ctx));
    } else {
        *out = GEOSWKBReader_read_r(ctx->geos, v->wkb, wkb, size);
        if (*out == NULL)
            status = dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                              "%s '%s', layer '%s', feature %lld: GEOS cannot "
                              "read the geometry: %s",
                              v->what, v->source, v->layer_name,
                              (long long)OGR_F_GetFID(feature),
                              dm_geos_message(ctx));
    }
    free(wkb);
    if (linear != NULL)
        OGR_G_DestroyGeometry(linear);
    return status;
}
