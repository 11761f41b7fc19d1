/* The record: dated observations of land release, checked as they are
 * added. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "projection-private.h"
#include "record-private.h"

/* The range of an observation given without one: ±5 % (DOMAIN.md: "treat
 * each as an estimate with the range given, or ±5 % where none is
 * given"). */
#define DEFAULT_RANGE 0.05

static const dm_quantity_info quantities[] = {
    {"remaining_km2", DM_QUANTITY_STOCK, DM_TRACK_REMAINING},
    {"accessible_km2", DM_QUANTITY_STOCK, DM_TRACK_OPEN},
    {"released_km2", DM_QUANTITY_FLOW, DM_TRACK_RELEASED},
    {"cancelled_km2", DM_QUANTITY_FLOW, DM_TRACK_CANCELLED},
    {"flagged_km2", DM_QUANTITY_FLOW, DM_TRACK_FLAGGED},
    {"cleared_km2", DM_QUANTITY_FLOW, DM_TRACK_CLEARED},
    {"cost_usd", DM_QUANTITY_FLOW, DM_TRACK_COST},
    {"flagged_share", DM_QUANTITY_SHARE, DM_TRACK_FLAGGED},
    {"nts_sites", DM_QUANTITY_CONTEXT, -1},
    {"nts_communities", DM_QUANTITY_CONTEXT, -1},
    {"nts_surveyed_km2", DM_QUANTITY_CONTEXT, -1},
    {"task_sites", DM_QUANTITY_CONTEXT, -1},
    {"task_sites_km2", DM_QUANTITY_CONTEXT, -1},
    {"handed_over_sites", DM_QUANTITY_CONTEXT, -1},
    {"handed_over_km2", DM_QUANTITY_CONTEXT, -1},
};
#define QUANTITY_COUNT (sizeof quantities / sizeof quantities[0])

const dm_quantity_info *dm_quantity(size_t i)
{
    return i < QUANTITY_COUNT ? &quantities[i] : NULL;
}

const char *dm_record_quantity_name(size_t i)
{
    return i < QUANTITY_COUNT ? quantities[i].name : NULL;
}

int dm_quantity_index(const char *name)
{
    for (size_t i = 0; name != NULL && i < QUANTITY_COUNT; i++)
        if (strcmp(name, quantities[i].name) == 0)
            return (int)i;
    return -1;
}

static void dm_observation_init_full(dm_observation *obs)
{
    if (obs == NULL)
        return;
    memset(obs, 0, sizeof *obs);
    obs->struct_size = sizeof *obs;
    obs->low = obs->high = NAN;
}

void dm_observation_init_size(dm_observation *obs, size_t size)
{
    dm_observation full;
    dm_observation_init_full(&full);
    dm_init_copy(obs, &full, sizeof full, size);
}

dm_status dm_record_new(dm_context *ctx, dm_record **out)
{
    DM_CHECK(ctx, out);
    dm_record *r = calloc(1, sizeof *r);
    if (r == NULL)
        return dm_no_memory(ctx);
    *out = r;
    return DM_OK;
}

static void obs_clear(dm_obs *o)
{
    free(o->region);
    free(o->source);
    free(o->note);
    free(o->where);
}

void dm_record_free(dm_record *record)
{
    if (record == NULL)
        return;
    for (size_t i = 0; i < record->count; i++)
        obs_clear(&record->items[i]);
    free(record->items);
    free(record);
}

static const char *quantity_name_at(const void *table, size_t i)
{
    return ((const dm_quantity_info *)table)[i].name;
}

/* Why the observation is refused, into why; 0 when it is not. */
static int refuse(const dm_observation *o, int q, char *why, size_t size)
{
    const dm_quantity_info *info = q >= 0 ? &quantities[q] : NULL;
    int flow = info != NULL && (info->kind == DM_QUANTITY_FLOW ||
                                info->kind == DM_QUANTITY_SHARE);
    char list[512];
    if (info == NULL) {
        dm_list_names(list, sizeof list, QUANTITY_COUNT, quantity_name_at,
                      quantities);
        return snprintf(why, size,
                        "field 'quantity': unknown quantity "
                        "'%s' (one of: %s)",
                        o->quantity ? o->quantity : "", list);
    }
    if (!isfinite(o->value) || o->value < 0.0)
        return snprintf(why, size,
                        "field 'value': %g is not a finite, "
                        "non-negative value",
                        o->value);
    if (info->kind == DM_QUANTITY_SHARE && o->value > 1.0)
        return snprintf(why, size, "field 'value': %g is a share above 1",
                        o->value);
    if (info->kind == DM_QUANTITY_SHARE && o->high > 1.0)
        return snprintf(why, size, "field 'high': %g is a share above 1",
                        o->high);
    if (!(o->low <= o->high))
        return snprintf(why, size,
                        "fields 'low', 'high': low %g is above "
                        "high %g",
                        o->low, o->high);
    if (!(o->low <= o->value && o->value <= o->high))
        return snprintf(why, size,
                        "field 'value': %g is outside its range "
                        "%g–%g",
                        o->value, o->low, o->high);
    if (o->low < 0.0)
        return snprintf(why, size, "field 'low': %g is negative", o->low);
    if (flow && o->from_month == 0)
        return snprintf(why, size,
                        "field 'from': %s is a flow over months "
                        "and needs its first month",
                        info->name);
    if (flow && o->from_month > o->month)
        return snprintf(why, size,
                        "field 'from': its first month comes "
                        "after its month");
    if (!flow && info->kind != DM_QUANTITY_CONTEXT && o->from_month != 0)
        return snprintf(why, size,
                        "field 'from': %s is a stock at the end "
                        "of its month; it has no first month",
                        info->name);
    return 0;
}

dm_status dm_record_add_at(dm_context *ctx, dm_record *record,
                           const dm_observation *in, const char *where)
{
    dm_observation o = *in;
    if (isnan(o.low))
        o.low = o.value * (1.0 - DEFAULT_RANGE);
    if (isnan(o.high))
        o.high = o.value * (1.0 + DEFAULT_RANGE);
    if (o.region != NULL && strcmp(o.region, DM_RECORD_NATIONAL) == 0)
        o.region = NULL;
    int q = dm_quantity_index(o.quantity);
    char why[1024], label[64];
    if (where == NULL) {
        snprintf(label, sizeof label, "the record, observation %zu",
                 record->count);
        where = label;
    }
    if (refuse(&o, q, why, sizeof why))
        return dm_error(ctx, DM_ERR_BAD_VALUE, "%s: %s", where, why);
    dm_status s = dm_grow(ctx, &record->items, &record->cap, record->count,
                          sizeof *record->items, 32);
    if (s != DM_OK)
        return s;
    dm_obs *x = &record->items[record->count];
    memset(x, 0, sizeof *x);
    x->month = o.month;
    x->from = o.from_month;
    x->quantity = q;
    x->value = o.value;
    x->low = o.low;
    x->high = o.high;
    x->region = o.region != NULL ? dm_strdup(ctx, o.region) : NULL;
    x->source = dm_strdup(ctx, o.source);
    x->note = dm_strdup(ctx, o.note);
    x->where = dm_strdup(ctx, where);
    if ((o.region != NULL && x->region == NULL) || x->source == NULL ||
        x->note == NULL || x->where == NULL) {
        obs_clear(x);
        return DM_ERR_NO_MEMORY;
    }
    record->count++;
    return DM_OK;
}

dm_status dm_record_add(dm_context *ctx, dm_record *record,
                        const dm_observation *obs)
{
    DM_CHECK(ctx, record, obs);
    dm_observation o;
    DM_TAKE_OPTIONS(ctx, o, obs, dm_observation_init);
    return dm_record_add_at(ctx, record, &o, NULL);
}

size_t dm_record_count(dm_context *ctx, const dm_record *record)
{
    (void)ctx;
    return record != NULL ? record->count : 0;
}

dm_status dm_record_observation(dm_context *ctx, const dm_record *record,
                                size_t i, dm_observation *obs)
{
    DM_CHECK(ctx, record, obs);
    dm_status s = dm_result_check(ctx, __func__, "dm_observation_init", obs,
                                  sizeof(dm_observation));
    if (s != DM_OK)
        return s;
    if (i >= record->count)
        return dm_out_of_range(ctx, "observation", i, record->count);
    const dm_obs *x = &record->items[i];
    dm_observation o;
    dm_observation_init(&o);
    o.month = x->month;
    o.from_month = x->from;
    o.region = x->region != NULL ? x->region : DM_RECORD_NATIONAL;
    o.quantity = quantities[x->quantity].name;
    o.value = x->value;
    o.low = x->low;
    o.high = x->high;
    o.source = x->source;
    o.note = x->note;
    dm_result_give(obs, &o);
    return DM_OK;
}

const char *dm_record_where(dm_context *ctx, const dm_record *record, size_t i)
{
    DM_CHECK_OR(NULL, ctx, record);
    if (i >= record->count) {
        dm_out_of_range(ctx, "observation", i, record->count);
        return NULL;
    }
    return record->items[i].where;
}
