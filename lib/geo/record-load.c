/* The record from a file: one observation per row of any GDAL source with
 * an attribute table, through the loader skeleton (io.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>

#include "io-private.h"
#include "record-private.h"

static void dm_record_load_options_init_full(dm_record_load_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
}

void dm_record_load_options_init_size(dm_record_load_options *opts,
                                      size_t size)
{
    dm_record_load_options full;
    dm_record_load_options_init_full(&full);
    dm_init_copy(opts, &full, sizeof full, size);
}

/* The fields of a row, by their place in the table below. */
enum {
    F_DATE,
    F_REGION,
    F_QUANTITY,
    F_VALUE,
    F_LOW,
    F_HIGH,
    F_FROM,
    F_SOURCE,
    F_NOTE,
    F_COUNT
};

typedef struct row_reader {
    dm_context *ctx;
    const char *source;
    int idx[F_COUNT];
    dm_record *record;
} row_reader;

/* A month field into *month; an empty optional one leaves 0. */
static dm_status month_field(row_reader *r, OGRFeatureH f, int field,
                             const char *where, int *month)
{
    const char *text = dm_vector_text(f, r->idx[field]);
    if (text[0] == '\0' && field == F_FROM)
        return DM_OK;
    if (dm_month_parse(text, month) == DM_OK)
        return DM_OK;
    return dm_error(r->ctx, DM_ERR_BAD_VALUE,
                    "%s, field '%s': '%s' is not a month YYYY-MM between "
                    "%d-01 and %d-12",
                    where, field == F_FROM ? "from" : "date", text,
                    DM_YEAR_MIN, DM_YEAR_MAX);
}

/* A number field into *v, read without the locale (CPLStrtod); an empty
 * optional one gives NAN. */
static dm_status number_field(row_reader *r, OGRFeatureH f, int field,
                              const char *name, const char *where, double *v)
{
    const char *text = dm_vector_text(f, r->idx[field]);
    *v = NAN;
    if (text[0] == '\0' && field != F_VALUE)
        return DM_OK;
    char *end = NULL;
    *v = CPLStrtod(text, &end);
    while (end != NULL && (*end == ' ' || *end == '\t'))
        end++;
    if (text[0] != '\0' && end != text && end != NULL && *end == '\0')
        return DM_OK;
    return dm_error(r->ctx, DM_ERR_BAD_VALUE,
                    "%s, field '%s': '%s' is not a number", where, name, text);
}

static dm_status read_row(void *userdata, const dm_vector *v,
                          struct dm_crs_transform *t, OGRFeatureH f)
{
    (void)t;
    row_reader *r = userdata;
    char where[600];
    snprintf(where, sizeof where, "record '%s', layer '%s', row (FID) %lld",
             r->source, v->layer_name, (long long)OGR_F_GetFID(f));
    dm_observation o;
    dm_observation_init(&o);
    dm_status s = month_field(r, f, F_DATE, where, &o.month);
    if (s == DM_OK)
        s = month_field(r, f, F_FROM, where, &o.from_month);
    if (s == DM_OK)
        s = number_field(r, f, F_VALUE, "value", where, &o.value);
    if (s == DM_OK)
        s = number_field(r, f, F_LOW, "low", where, &o.low);
    if (s == DM_OK)
        s = number_field(r, f, F_HIGH, "high", where, &o.high);
    if (s != DM_OK)
        return s;
    const char *region = dm_vector_text(f, r->idx[F_REGION]);
    o.region = region[0] != '\0' ? region : NULL;
    o.quantity = dm_vector_text(f, r->idx[F_QUANTITY]);
    o.source = dm_vector_text(f, r->idx[F_SOURCE]);
    o.note = dm_vector_text(f, r->idx[F_NOTE]);
    return dm_record_add_at(r->ctx, r->record, &o, where);
}

dm_status dm_record_load(dm_context *ctx, const char *source,
                         const dm_record_load_options *opts, dm_record **out)
{
    DM_CHECK(ctx, source, out);
    DM_GEO_BEGIN(ctx);
    dm_record_load_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_record_load_options_init);
    row_reader r = {ctx, source, {-1, -1, -1, -1, -1, -1, -1, -1, -1}, NULL};
    const dm_field_spec fields[F_COUNT] = {
        [F_DATE] = {"date", NULL, "date field", &r.idx[F_DATE]},
        [F_REGION] = {"region", NULL, "region field", &r.idx[F_REGION]},
        [F_QUANTITY] = {"quantity", NULL, "quantity field",
                        &r.idx[F_QUANTITY]},
        [F_VALUE] = {"value", NULL, "value field", &r.idx[F_VALUE]},
        [F_LOW] = {"low", "low", "low field", &r.idx[F_LOW]},
        [F_HIGH] = {"high", "high", "high field", &r.idx[F_HIGH]},
        [F_FROM] = {"from", "from", "from field", &r.idx[F_FROM]},
        [F_SOURCE] = {"source", "source", "source field", &r.idx[F_SOURCE]},
        [F_NOTE] = {"note", "note", "note field", &r.idx[F_NOTE]},
    };
    dm_load_spec spec = {.what = "record",
                         .item = "row",
                         .source = source,
                         .layer = o.layer,
                         .where = o.where,
                         .fields = fields,
                         .nfields = F_COUNT,
                         .crs = DM_LOAD_NO_CRS,
                         .feature = read_row,
                         .userdata = &r};
    dm_status s = dm_record_new(ctx, &r.record);
    if (s == DM_OK)
        s = dm_vector_load(ctx, &spec);
    if (s != DM_OK) {
        dm_record_free(r.record);
        return s;
    }
    *out = r.record;
    return DM_OK;
}
