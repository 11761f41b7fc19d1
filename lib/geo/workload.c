/* The work table from a file: one area per row of any GDAL source with an
 * attribute table, through the same opening and error classification as
 * the boundaries (io.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>

#include "io-private.h"
#include "work-private.h"

void dm_work_load_options_init(dm_work_load_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->code_field = "code";
    o->name_field = "name";
    o->class_field = "class";
    o->zone_field = "zone";
    o->state_field = "state";
    o->area_field = "area_km2";
}

/* The index of an optional field: -1 when `field` is NULL, or when it is
 * the default name and the layer does not have it. */
typedef struct fields {
    int code, name, hazard, zone, state, area;
} fields;

/* A row's error: file, layer, FID, field. */
#define ROW_ERROR(status, fmt, ...)                                           \
    dm_error(ctx, status,                                                     \
             "work table '%s', layer '%s', row (FID) %lld, "                  \
             "field '%s': " fmt,                                              \
             source, v->layer_name, (long long)OGR_F_GetFID(f), __VA_ARGS__)

static dm_status add_row(dm_context *ctx, const char *source,
                         const dm_vector *v, const dm_work_load_options *o,
                         const fields *fl, OGRFeatureH f, dm_work *w);

/* What dm_vector_load() hands to each row. */
typedef struct row_args {
    dm_context *ctx;
    const char *source;
    const dm_work_load_options *o;
    fields fl;
    dm_work *w;
} row_args;

static dm_status add_one(void *userdata, const dm_vector *v,
                         struct dm_crs_transform *t, OGRFeatureH f)
{
    (void)t;
    row_args *a = userdata;
    return add_row(a->ctx, a->source, v, a->o, &a->fl, f, a->w);
}

static dm_status add_row(dm_context *ctx, const char *source,
                         const dm_vector *v, const dm_work_load_options *o,
                         const fields *fl, OGRFeatureH f, dm_work *w)
{
    const char *code = dm_vector_text(f, fl->code);
    if (code[0] == '\0')
        return ROW_ERROR(DM_ERR_BAD_VALUE, "%s", o->code_field,
                         "an empty region code");
    const char *name = fl->name >= 0 ? dm_vector_text(f, fl->name) : NULL;
    if (name != NULL && name[0] == '\0')
        name = NULL;

    char where[600];
    snprintf(where, sizeof where,
             "work table '%s', layer '%s', row (FID) %lld", source,
             v->layer_name, (long long)OGR_F_GetFID(f));
    int h = 0, z = 0, st = DM_AREA_SUSPECTED;
    dm_status s =
        dm_vector_enum(ctx, f, fl->hazard, where, dm_hazard_index, &h);
    if (s == DM_OK)
        s = dm_vector_enum(ctx, f, fl->zone, where, dm_zone_index, &z);
    /* An empty state is suspected. */
    if (s == DM_OK && dm_vector_text(f, fl->state)[0] != '\0')
        s = dm_vector_enum(ctx, f, fl->state, where, dm_area_state_index, &st);
    if (s != DM_OK)
        return s;

    const char *text;
    double km2 = NAN;
    if (!OGR_F_IsFieldSetAndNotNull(f, fl->area))
        return ROW_ERROR(DM_ERR_BAD_VALUE, "%s", o->area_field,
                         "no area (empty)");
    OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, fl->area));
    if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
        km2 = OGR_F_GetFieldAsDouble(f, fl->area);
    } else {
        text = OGR_F_GetFieldAsString(f, fl->area);
        if (text[0] == '\0')
            return ROW_ERROR(DM_ERR_BAD_VALUE, "%s", o->area_field,
                             "no area (empty)");
        char *end = NULL;
        errno = 0;
        km2 = CPLStrtod(text, &end); /* "120.5" in every locale */
        while (end != NULL && (*end == ' ' || *end == '\t'))
            end++;
        if (end == text || end == NULL || *end != '\0')
            return ROW_ERROR(DM_ERR_BAD_VALUE, "'%s' is not a number",
                             o->area_field, text);
    }
    if (!isfinite(km2) || km2 < 0.0)
        return ROW_ERROR(DM_ERR_BAD_VALUE,
                         "%g km² is not a finite, non-negative area",
                         o->area_field, km2);
    s = dm_work_add(ctx, w, code, name, (dm_hazard)h, (dm_zone)z,
                    (dm_area_state)st, km2);
    if (s != DM_OK)
        return dm_error_wrap(ctx, s, "work table '%s', row (FID) %lld", source,
                             (long long)OGR_F_GetFID(f));
    return DM_OK;
}

dm_status dm_work_load(dm_context *ctx, const char *source,
                       const dm_work_load_options *opts, dm_work **out)
{
    DM_CHECK(ctx, source, out);
    DM_GEO_BEGIN(ctx);
    dm_work_load_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_work_load_options_init);
    row_args a = {ctx, source, &o, {-1, -1, -1, -1, -1, -1}, NULL};
    const dm_field_spec fields[] = {
        {o.code_field, NULL, "code field", &a.fl.code},
        {o.class_field, NULL, "class field", &a.fl.hazard},
        {o.zone_field, NULL, "zone field", &a.fl.zone},
        {o.area_field, NULL, "area field", &a.fl.area},
        {o.name_field, "name", "name field", &a.fl.name},
        {o.state_field, "state", "state field", &a.fl.state},
    };
    dm_load_spec spec = {.what = "work table",
                         .item = "row",
                         .source = source,
                         .layer = o.layer,
                         .where = o.where,
                         .fields = fields,
                         .nfields = sizeof fields / sizeof fields[0],
                         .crs = DM_LOAD_NO_CRS,
                         .feature = add_one,
                         .userdata = &a};
    dm_status s = dm_work_new(ctx, &a.w);
    if (s == DM_OK)
        s = dm_vector_load(ctx, &spec);
    if (s != DM_OK) {
        dm_work_free(a.w);
        return s;
    }
    *out = a.w;
    return DM_OK;
}
