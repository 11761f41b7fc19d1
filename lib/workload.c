/* The work table from a file: one area per row of any GDAL source with an
 * attribute table, through the same opening and error classification as
 * the boundaries (io.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io-private.h"
#include "work-private.h"

void dm_work_load_options_init(dm_work_load_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
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

/* What dm_vector_each() hands to each row. */
typedef struct row_args {
    dm_context *ctx;
    const char *source;
    const dm_vector *v;
    const dm_work_load_options *o;
    const fields *fl;
    dm_work *w;
} row_args;

static dm_status add_one(void *userdata, OGRFeatureH f)
{
    row_args *a = userdata;
    return add_row(a->ctx, a->source, a->v, a->o, a->fl, f, a->w);
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
        km2 = strtod(text, &end);
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
    if (s != DM_OK) {
        char msg[DM_MESSAGE_MAX / 2];
        snprintf(msg, sizeof msg, "%s", dm_context_last_error(ctx));
        return dm_error(ctx, s, "work table '%s', row (FID) %lld: %s", source,
                        (long long)OGR_F_GetFID(f), msg);
    }
    return DM_OK;
}

dm_status dm_work_load(dm_context *ctx, const char *source,
                       const dm_work_load_options *opts, dm_work **out)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (source == NULL || out == NULL)
        return dm_null_argument(ctx, "dm_work_load",
                                source == NULL ? "source" : "out");
    dm_work_load_options o;
    if (opts != NULL)
        o = *opts;
    else
        dm_work_load_options_init(&o);
    const char *required[][2] = {{o.code_field, "code field"},
                                 {o.class_field, "class field"},
                                 {o.zone_field, "zone field"},
                                 {o.area_field, "area field"}};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (required[i][0] == NULL)
            return dm_error(ctx, DM_ERR_NULL_ARGUMENT,
                            "dm_work_load: the %s is NULL (it is required)",
                            required[i][1]);

    dm_gdal_begin(ctx);
    dm_vector v;
    dm_status s =
        dm_vector_open(ctx, "work table", source, o.layer, o.where, &v);
    fields fl = {-1, -1, -1, -1, -1, -1};
    if (s == DM_OK)
        s = dm_vector_field(ctx, &v, o.code_field, "code field", &fl.code);
    if (s == DM_OK)
        s = dm_vector_field(ctx, &v, o.class_field, "class field", &fl.hazard);
    if (s == DM_OK)
        s = dm_vector_field(ctx, &v, o.zone_field, "zone field", &fl.zone);
    if (s == DM_OK)
        s = dm_vector_field(ctx, &v, o.area_field, "area field", &fl.area);
    if (s == DM_OK)
        s = dm_vector_optional_field(ctx, &v, o.name_field, "name",
                                     "name field", &fl.name);
    if (s == DM_OK)
        s = dm_vector_optional_field(ctx, &v, o.state_field, "state",
                                     "state field", &fl.state);
    dm_work *w = NULL;
    if (s == DM_OK)
        s = dm_work_new(ctx, &w);
    size_t rows = 0;
    if (s == DM_OK) {
        row_args a = {ctx, source, &v, &o, &fl, w};
        s = dm_vector_each(ctx, &v, add_one, &a, &rows);
    }
    if (s == DM_OK && rows == 0)
        s = dm_error(ctx, DM_ERR_EMPTY,
                     "work table '%s', layer '%s': no row%s%s%s", source,
                     v.layer_name, o.where ? " matching '" : "",
                     o.where ? o.where : "", o.where ? "'" : "");
    dm_vector_close(&v);
    dm_gdal_end(ctx);
    if (s != DM_OK) {
        dm_work_free(w);
        return s;
    }
    *out = w;
    return DM_OK;
}
