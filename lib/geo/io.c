/* Reading vector sources with GDAL: open, pick a layer, filter, find
 * fields, convert geometries to GEOS. */
#define _GNU_SOURCE /* struct stat64 behind GDAL's VSIStatBufL */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <cpl_vsi.h>

#include "crs-private.h"
#include "io-private.h"

static const char *layer_name_at(const void *ds, size_t i)
{
    return OGR_L_GetName(GDALDatasetGetLayer((GDALDatasetH)ds, (int)i));
}

static const char *field_name_at(const void *defn, size_t i)
{
    return OGR_Fld_GetNameRef(
        OGR_FD_GetFieldDefn((OGRFeatureDefnH)defn, (int)i));
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
            dm_list_names(names, sizeof names, (size_t)nlayers, layer_name_at,
                          v->ds);
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
    v->wkb = GEOSWKBReader_create_r(dm_geos(ctx));
    if (v->wkb == NULL) {
        dm_vector_close(v);
        return dm_no_memory(ctx);
    }
    v->geos = dm_geos(ctx);
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
        dm_list_names(names, sizeof names, (size_t)OGR_FD_GetFieldCount(defn),
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
    return dm_error_wrap(ctx, s, "%s, field '%s'", where,
                         OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, idx)));
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

/* The vertices g has once no edge is longer than step (0: as it is). */
static double vertices_after(OGRGeometryH g, double step)
{
    int parts = OGR_G_GetGeometryCount(g);
    double n = 0.0;
    if (parts > 0) {
        for (int i = 0; i < parts; i++)
            n += vertices_after(OGR_G_GetGeometryRef(g, i), step);
        return n;
    }
    int k = OGR_G_GetPointCount(g);
    n = k;
    for (int i = 1; step > 0.0 && i < k; i++)
        n += ceil(hypot(OGR_G_GetX(g, i) - OGR_G_GetX(g, i - 1),
                        OGR_G_GetY(g, i) - OGR_G_GetY(g, i - 1)) /
                  step);
    return n;
}

/* Before g (of feature) is densified and transformed: every coordinate in
 * the source's domain, and no more vertices than a feature may have once
 * its edges are followed (counted first: refused before they exist). */
static dm_status check_for_transform(dm_context *ctx, const dm_vector *v,
                                     OGRFeatureH feature, OGRGeometryH g,
                                     const dm_crs_transform *t)
{
    char where[600];
    snprintf(where, sizeof where, "%s '%s', layer '%s', feature %lld", v->what,
             v->source, v->layer_name, (long long)OGR_F_GetFID(feature));
    double bad[2];
    if (!coordinates_ok(g, t, bad))
        return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                        "%s: coordinate (%g, %g) is not finite or outside "
                        "the source CRS's domain",
                        where, bad[0], bad[1]);
    double n = vertices_after(g, t->densify);
    if (n > DM_MAX_FEATURE_VERTICES)
        return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                        "%s: %.0f vertices once its edges are followed (more "
                        "than the %d a feature may have)",
                        where, n, DM_MAX_FEATURE_VERTICES);
    return DM_OK;
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
        dm_status s = check_for_transform(ctx, v, feature, g, t);
        if (s != DM_OK) {
            if (linear != NULL)
                OGR_G_DestroyGeometry(linear);
            return s;
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
        *out = GEOSWKBReader_read_r(dm_geos(ctx), v->wkb, wkb, size);
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

/* ---- the loader skeleton ---------------------------------------------- */

static dm_status empty_layer(dm_context *ctx, const dm_load_spec *spec,
                             const dm_vector *v)
{
    int filtered = spec->where != NULL && spec->where[0] != '\0';
    return dm_error(ctx, DM_ERR_EMPTY, "%s '%s', layer '%s' has no %s%s%s%s",
                    spec->what, spec->source, v->layer_name, spec->item,
                    filtered ? " matching '" : "", filtered ? spec->where : "",
                    filtered ? "'" : "");
}

/* Before anything is opened: a required field must be named. */
static dm_status check_required(dm_context *ctx, const dm_load_spec *spec)
{
    for (size_t i = 0; i < spec->nfields; i++)
        if (spec->fields[i].dflt == NULL && spec->fields[i].name == NULL)
            return dm_error(ctx, DM_ERR_NULL_ARGUMENT,
                            "loading %s '%s': the %s is NULL (it is "
                            "required)",
                            spec->what, spec->source, spec->fields[i].option);
    return DM_OK;
}

static dm_status resolve_fields(dm_context *ctx, const dm_load_spec *spec,
                                const dm_vector *v)
{
    for (size_t i = 0; i < spec->nfields; i++) {
        const dm_field_spec *f = &spec->fields[i];
        dm_status s =
            f->dflt != NULL
                ? dm_vector_optional_field(ctx, v, f->name, f->dflt, f->option,
                                           f->index)
                : dm_vector_field(ctx, v, f->name, f->option, f->index);
        if (s != DM_OK)
            return s;
    }
    return DM_OK;
}

/* What the feature loop hands to the loader's callback. */
typedef struct load_loop {
    const dm_load_spec *spec;
    const dm_vector *v;
    dm_crs_transform *t;
} load_loop;

static dm_status load_one(void *userdata, OGRFeatureH f)
{
    const load_loop *l = userdata;
    return l->spec->feature(l->spec->userdata, l->v, l->t, f);
}

static dm_status load_layer(dm_context *ctx, const dm_load_spec *spec,
                            dm_vector *v, PJ **src, dm_crs_transform *t)
{
    dm_status s = check_required(ctx, spec);
    if (s == DM_OK)
        s = dm_vector_open(ctx, spec->what, spec->source, spec->layer,
                           spec->where, v);
    /* An empty layer may have no fields at all: say it is empty first. */
    if (s == DM_OK && OGR_L_GetFeatureCount(v->layer, TRUE) == 0)
        s = empty_layer(ctx, spec, v);
    if (s == DM_OK)
        s = resolve_fields(ctx, spec, v);
    int swap = 0;
    if (s == DM_OK && spec->crs != DM_LOAD_NO_CRS)
        s = dm_crs_of_layer(ctx, v, spec->source_crs, src, &swap);
    if (s == DM_OK && spec->crs == DM_LOAD_DOMAIN)
        dm_crs_domain_init(ctx, *src, swap, t);
    if (s == DM_OK && spec->crs == DM_LOAD_TRANSFORM)
        s = dm_crs_transform_init(ctx, *src, swap, spec->target, t);
    if (s == DM_OK && spec->crs_wkt != NULL &&
        (*spec->crs_wkt = dm_crs_wkt(ctx, *src)) == NULL)
        s = dm_context_last_status(ctx);
    size_t n = 0;
    load_loop l = {spec, v, spec->crs == DM_LOAD_NO_CRS ? NULL : t};
    if (s == DM_OK)
        s = dm_vector_each(ctx, v, load_one, &l, &n);
    if (s == DM_OK && n == 0)
        s = empty_layer(ctx, spec, v);
    return s;
}

dm_status dm_vector_load(dm_context *ctx, const dm_load_spec *spec)
{
    dm_vector v;
    dm_crs_transform t;
    PJ *src = NULL;
    memset(&v, 0, sizeof v);
    memset(&t, 0, sizeof t);
    dm_gdal_begin(ctx);
    dm_status s = load_layer(ctx, spec, &v, &src, &t);
    dm_crs_transform_fini(&t);
    proj_destroy(src);
    dm_vector_close(&v);
    dm_gdal_end(ctx);
    return s;
}
