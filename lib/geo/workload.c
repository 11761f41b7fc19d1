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

static void dm_work_load_options_init_full(dm_work_load_options *o)
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
    o->area_unit_km2 = 1.0;
}

void dm_work_load_options_init_size(dm_work_load_options *o, size_t size)
{
    dm_work_load_options full;
    dm_work_load_options_init_full(&full);
    dm_init_copy(o, &full, sizeof full, size);
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

/* The name of the area field's unit, for messages. */
static const char *unit_name(double km2_per_unit)
{
    return km2_per_unit == 1.0                  ? "km²"
           : km2_per_unit == DM_KM2_PER_HECTARE ? "ha"
           : km2_per_unit == DM_KM2_PER_M2      ? "m²"
                                                : "units";
}

/* The row's area in km²: a number field, or text read as a number in
 * every locale, times the unit. */
static dm_status row_area(dm_context *ctx, const char *source,
                          const dm_vector *v, const dm_work_load_options *o,
                          const fields *fl, OGRFeatureH f, double *km2)
{
    const char *text;
    double value = NAN;
    if (!OGR_F_IsFieldSetAndNotNull(f, fl->area))
        return ROW_ERROR(DM_ERR_BAD_VALUE, "%s", o->area_field,
                         "no area (empty)");
    OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, fl->area));
    if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
        value = OGR_F_GetFieldAsDouble(f, fl->area);
    } else {
        text = OGR_F_GetFieldAsString(f, fl->area);
        if (text[0] == '\0')
            return ROW_ERROR(DM_ERR_BAD_VALUE, "%s", o->area_field,
                             "no area (empty)");
        char *end = NULL;
        errno = 0;
        value = CPLStrtod(text, &end); /* "120.5" in every locale */
        while (end != NULL && (*end == ' ' || *end == '\t'))
            end++;
        if (end == text || end == NULL || *end != '\0')
            return ROW_ERROR(DM_ERR_BAD_VALUE, "'%s' is not a number",
                             o->area_field, text);
    }
    *km2 = value * o->area_unit_km2;
    if (!isfinite(*km2) || value < 0.0)
        return ROW_ERROR(DM_ERR_BAD_VALUE,
                         "%g %s is not a finite, non-negative area",
                         o->area_field, value, unit_name(o->area_unit_km2));
    return DM_OK;
}

/* A region that holds more land to work than it has is a table in the
 * wrong unit (hectares or m² read as km²), said at the row that takes it
 * past its area. */
static dm_status row_plausible(dm_context *ctx, const char *source,
                               const dm_vector *v,
                               const dm_work_load_options *o, OGRFeatureH f,
                               const dm_work *w, const char *code)
{
    size_t k = 0, i = 0;
    double held = 0.0, area = 0.0;
    if (dm_regions_find(ctx, o->regions, code, &k) != DM_OK) {
        dm_context_clear_error(ctx); /* a code the regions lack: not checked */
        return DM_OK;
    }
    if (dm_work_find(ctx, w, code, &i) != DM_OK ||
        dm_work_region_total_km2(ctx, w, i, &held) != DM_OK ||
        dm_regions_area_km2(ctx, o->regions, k, &area) != DM_OK)
        return dm_context_last_status(ctx);
    if (held <= 1.01 * area)
        return DM_OK;
    double raw = held / o->area_unit_km2;
    return ROW_ERROR(DM_ERR_BAD_VALUE,
                     "region '%s' now holds %.1f km² to work, more than its "
                     "own %.1f km²: are the areas in hectares (%.1f km²) or "
                     "m² (%.4f km²)? Give their unit (area_unit_km2; "
                     "--area-unit ha|m2)",
                     o->area_field, code, held, area, raw * DM_KM2_PER_HECTARE,
                     raw * DM_KM2_PER_M2);
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

    double km2 = NAN;
    s = row_area(ctx, source, v, o, fl, f, &km2);
    if (s != DM_OK)
        return s;
    s = dm_work_add(ctx, w, code, name, (dm_hazard)h, (dm_zone)z,
                    (dm_area_state)st, km2);
    if (s != DM_OK)
        return dm_error_wrap(ctx, s, "work table '%s', row (FID) %lld", source,
                             (long long)OGR_F_GetFID(f));
    return o->regions != NULL ? row_plausible(ctx, source, v, o, f, w, code)
                              : DM_OK;
}

dm_status dm_work_load(dm_context *ctx, const char *source,
                       const dm_work_load_options *opts, dm_work **out)
{
    DM_CHECK(ctx, source, out);
    DM_GEO_BEGIN(ctx);
    dm_work_load_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_work_load_options_init);
    if (!(isfinite(o.area_unit_km2) && o.area_unit_km2 > 0.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_work_load: area_unit_km2 %g is not a finite, "
                        "positive number of km² per unit",
                        o.area_unit_km2);
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
