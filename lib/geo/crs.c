/* Coordinate reference systems and transformations, with PROJ. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>

#include "crs-private.h"

dm_status dm_crs_create(dm_context *ctx, const char *definition,
                        const char *what, PJ **out)
{
    PJ *crs = proj_create(dm_proj(ctx), definition);
    if (crs == NULL)
        return dm_error(ctx, DM_ERR_BAD_CRS,
                        "%s '%s' is not a CRS PROJ "
                        "understands: %s",
                        what, definition,
                        proj_context_errno_string(
                            dm_proj(ctx), proj_context_errno(dm_proj(ctx))));
    if (!proj_is_crs(crs)) {
        proj_destroy(crs);
        return dm_error(ctx, DM_ERR_BAD_CRS,
                        "%s '%s' is a PROJ object but not a CRS", what,
                        definition);
    }
    *out = crs;
    return DM_OK;
}

/* The horizontal part of a CRS: the source of a bound CRS, the first part
 * of a compound one. new: proj_destroy(). */
static PJ *horizontal_crs(dm_context *ctx, PJ *crs)
{
    switch (proj_get_type(crs)) {
    case PJ_TYPE_BOUND_CRS: {
        PJ *base = proj_get_source_crs(dm_proj(ctx), crs);
        if (base == NULL)
            return NULL;
        PJ *h = horizontal_crs(ctx, base);
        proj_destroy(base);
        return h;
    }
    case PJ_TYPE_COMPOUND_CRS: {
        PJ *first = proj_crs_get_sub_crs(dm_proj(ctx), crs, 0);
        if (first == NULL)
            return NULL;
        PJ *h = horizontal_crs(ctx, first);
        proj_destroy(first);
        return h;
    }
    default: return proj_clone(dm_proj(ctx), crs);
    }
}

int dm_crs_is_geographic(dm_context *ctx, PJ *crs)
{
    PJ *h = horizontal_crs(ctx, crs);
    if (h == NULL)
        return 0;
    PJ_TYPE type = proj_get_type(h);
    proj_destroy(h);
    return type == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
           type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

/* Metres (or radians) per unit of the CRS's first axis; 0 when unknown. */
static double axis_unit(dm_context *ctx, PJ *crs)
{
    double factor = 0.0;
    PJ *h = horizontal_crs(ctx, crs);
    if (h == NULL)
        return 0.0;
    PJ *cs = proj_crs_get_coordinate_system(dm_proj(ctx), h);
    if (cs != NULL) {
        if (!proj_cs_get_axis_info(dm_proj(ctx), cs, 0, NULL, NULL, NULL,
                                   &factor, NULL, NULL, NULL))
            factor = 0.0;
        proj_destroy(cs);
    }
    proj_destroy(h);
    return factor;
}

dm_status dm_crs_of_layer(dm_context *ctx, const dm_vector *v,
                          const char *fallback, PJ **out, int *swap_xy)
{
    *swap_xy = 0;
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(v->layer);
    if (fallback != NULL && fallback[0] != '\0') {
        /* Checked even when unused, so that a typo never passes. */
        PJ *crs = NULL;
        dm_status s = dm_crs_create(ctx, fallback, "source CRS", &crs);
        if (s != DM_OK || srs == NULL) {
            *out = crs;
            return s;
        }
        proj_destroy(crs);
    }
    if (srs == NULL)
        return dm_error(ctx, DM_ERR_NO_CRS,
                        "%s '%s', layer '%s' has no CRS: give the source CRS "
                        "(e.g. --source-crs EPSG:4326)",
                        v->what, v->source, v->layer_name);

    /* GDAL tells which CRS axis the data's x holds; when that axis points
     * north (latitude first, as EPSG:4326 is defined), swap. */
    int n = 0;
    const int *mapping = OSRGetDataAxisToSRSAxisMapping(srs, &n);
    if (mapping != NULL && n >= 2) {
        OGRAxisOrientation orientation = OAO_Other;
        int axis = abs(mapping[0]) - 1;
        if (axis >= 0 && OSRGetAxis(srs, NULL, axis, &orientation) != NULL &&
            (orientation == OAO_North || orientation == OAO_South))
            *swap_xy = 1;
    }

    char *wkt = NULL;
    const char *wkt_options[] = {"FORMAT=WKT2_2019", NULL};
    if (OSRExportToWktEx(srs, &wkt, wkt_options) != OGRERR_NONE ||
        wkt == NULL) {
        CPLFree(wkt);
        return dm_error(ctx, DM_ERR_BAD_CRS,
                        "%s '%s', layer '%s': its CRS cannot be exported: %s",
                        v->what, v->source, v->layer_name,
                        dm_gdal_message(ctx));
    }
    dm_status s = dm_crs_create(ctx, wkt, "layer CRS", out);
    CPLFree(wkt);
    return s;
}

void dm_crs_domain_init(dm_context *ctx, PJ *src, int swap_xy,
                        dm_crs_transform *t)
{
    memset(t, 0, sizeof *t);
    t->swap_xy = swap_xy;
    t->geographic = dm_crs_is_geographic(ctx, src);
    double unit = axis_unit(ctx, src);
    t->max_abs = DM_MAX_ABS_METRES / (unit > 0.0 ? unit : 1.0);
    if (unit > 0.0)
        t->densify = t->geographic
                         ? DM_DENSIFY_DEGREES * (DM_PI / 180.0) / unit
                         : DM_DENSIFY_METRES / unit;
}

dm_status dm_crs_transform_init(dm_context *ctx, PJ *src, int swap_xy, PJ *dst,
                                dm_crs_transform *t)
{
    dm_crs_domain_init(ctx, src, swap_xy, t);
    if (proj_is_equivalent_to_with_ctx(dm_proj(ctx), src, dst,
                                       PJ_COMP_EQUIVALENT)) {
        t->densify = 0.0; /* no transformation, nothing to follow */
        return DM_OK;
    }

    PJ *op =
        proj_create_crs_to_crs_from_pj(dm_proj(ctx), src, dst, NULL, NULL);
    if (op == NULL)
        return dm_error(
            ctx, DM_ERR_PROJ, "no transformation from '%s' to '%s': %s",
            proj_get_name(src), proj_get_name(dst), dm_proj_message(ctx));
    /* Data are (x = east, y = north) after any swap; ask PROJ for the same
     * order on both sides. */
    t->pj = proj_normalize_for_visualization(dm_proj(ctx), op);
    proj_destroy(op);
    if (t->pj == NULL)
        return dm_error(ctx, DM_ERR_PROJ,
                        "cannot normalise the transformation from '%s' to "
                        "'%s': %s",
                        proj_get_name(src), proj_get_name(dst),
                        dm_proj_message(ctx));
    return DM_OK;
}

void dm_crs_transform_fini(dm_crs_transform *t)
{
    proj_destroy(t->pj);
    t->pj = NULL;
}

int dm_crs_point_in_domain(const dm_crs_transform *t, double x, double y)
{
    if (!isfinite(x) || !isfinite(y))
        return 0;
    if (t->geographic)
        return fabs(x) <= DM_MAX_ABS_LONGITUDE && fabs(y) <= 90.0;
    return fabs(x) <= t->max_abs && fabs(y) <= t->max_abs;
}

static int transform_point(double *x, double *y, void *userdata)
{
    dm_crs_transform *t = userdata;
    double a = *x, b = *y;
    if (t->swap_xy) {
        double tmp = a;
        a = b;
        b = tmp;
    }
    if (!dm_crs_point_in_domain(t, a, b)) {
        t->failed = 1;
        t->bad_x = a;
        t->bad_y = b;
        return 0;
    }
    if (t->pj != NULL) {
        PJ_COORD c = proj_trans(t->pj, PJ_FWD, proj_coord(a, b, 0, 0));
        if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) {
            t->failed = 1;
            t->bad_x = a;
            t->bad_y = b;
            return 0;
        }
        a = c.xy.x;
        b = c.xy.y;
    }
    *x = a;
    *y = b;
    return 1;
}

dm_status dm_crs_transform_geometry(dm_context *ctx, dm_crs_transform *t,
                                    const GEOSGeometry *in, const char *where,
                                    GEOSGeometry **out)
{
    t->failed = 0;
    GEOSGeometry *g =
        GEOSGeom_transformXY_r(dm_geos(ctx), in, transform_point, t);
    if (g == NULL) {
        if (t->failed)
            return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                            "%s: coordinate (%g, %g) is not finite or outside "
                            "the source CRS's domain",
                            where, t->bad_x, t->bad_y);
        return dm_geos_error(ctx, "%s: cannot transform: %s", where,
                             dm_geos_message(ctx));
    }
    *out = g;
    return DM_OK;
}

char *dm_crs_wkt(dm_context *ctx, PJ *crs)
{
    const char *wkt = proj_as_wkt(dm_proj(ctx), crs, PJ_WKT2_2019, NULL);
    if (wkt == NULL) {
        dm_error(ctx, DM_ERR_PROJ, "cannot write CRS '%s' as WKT: %s",
                 proj_get_name(crs), dm_proj_message(ctx));
        return NULL;
    }
    return dm_strdup(ctx, wkt);
}
