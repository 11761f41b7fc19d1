/* The work table: km² per region × hazard class × zone × state. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "work-private.h"

dm_status dm_work_new(dm_context *ctx, dm_work **out)
{
    DM_CHECK(ctx, out);
    dm_work *w = calloc(1, sizeof *w);
    if (w == NULL)
        return dm_no_memory(ctx);
    *out = w;
    return DM_OK;
}

void dm_work_free(dm_work *work)
{
    if (work == NULL)
        return;
    for (size_t i = 0; i < work->count; i++) {
        free(work->regions[i].code);
        free(work->regions[i].name);
    }
    free(work->regions);
    free(work);
}

dm_status dm_work_region_index(dm_context *ctx, dm_work *w, const char *code,
                               const char *name, size_t *index)
{
    for (size_t i = 0; i < w->count; i++)
        if (strcmp(w->regions[i].code, code) == 0) {
            *index = i;
            return DM_OK;
        }
    if (w->count == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 32;
        dm_work_region *p = realloc(w->regions, cap * sizeof *p);
        if (p == NULL)
            return dm_no_memory(ctx);
        w->regions = p;
        w->cap = cap;
    }
    dm_work_region *r = &w->regions[w->count];
    memset(r, 0, sizeof *r);
    r->code = dm_strdup(ctx, code);
    r->name = dm_strdup(ctx, name != NULL ? name : code);
    if (r->code == NULL || r->name == NULL) {
        free(r->code);
        free(r->name);
        return dm_no_memory(ctx);
    }
    *index = w->count++;
    return DM_OK;
}

dm_status dm_work_add(dm_context *ctx, dm_work *work, const char *region_code,
                      const char *region_name, dm_hazard hazard, dm_zone zone,
                      dm_area_state state, double km2)
{
    DM_CHECK(ctx, work, region_code);
    if (region_code[0] == '\0')
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_work_add: empty region code");
    if (!dm_cell_valid(hazard, zone, state))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_work_add: region '%s': class %d, zone %d or "
                        "state %d out of range",
                        region_code, (int)hazard, (int)zone, (int)state);
    if (!isfinite(km2) || km2 < 0.0)
        return dm_error(ctx, DM_ERR_BAD_VALUE,
                        "dm_work_add: region '%s': area %g km² is not a "
                        "finite, non-negative number",
                        region_code, km2);
    size_t i;
    dm_status s =
        dm_work_region_index(ctx, work, region_code, region_name, &i);
    if (s != DM_OK)
        return s;
    work->regions[i].km2[dm_cell(hazard, zone)][state] += km2;
    return DM_OK;
}

size_t dm_work_region_count(dm_context *ctx, const dm_work *work)
{
    (void)ctx;
    return work != NULL ? work->count : 0;
}

/* Region i, or NULL with DM_ERR_OUT_OF_RANGE recorded. */
static const dm_work_region *region_at(dm_context *ctx, const dm_work *w,
                                       size_t i)
{
    if (i < w->count)
        return &w->regions[i];
    dm_out_of_range(ctx, "work region", i, w->count);
    return NULL;
}

const char *dm_work_region_code(dm_context *ctx, const dm_work *work, size_t i)
{
    DM_CHECK_OR(NULL, ctx, work);
    const dm_work_region *r = region_at(ctx, work, i);
    return r != NULL ? r->code : NULL;
}

const char *dm_work_region_name(dm_context *ctx, const dm_work *work, size_t i)
{
    DM_CHECK_OR(NULL, ctx, work);
    const dm_work_region *r = region_at(ctx, work, i);
    return r != NULL ? r->name : NULL;
}

dm_status dm_work_find(dm_context *ctx, const dm_work *work, const char *code,
                       size_t *index)
{
    DM_CHECK(ctx, work, code, index);
    for (size_t i = 0; i < work->count; i++)
        if (strcmp(work->regions[i].code, code) == 0) {
            *index = i;
            return DM_OK;
        }
    return dm_error(ctx, DM_ERR_NOT_FOUND,
                    "no region of the work table has the code '%s'", code);
}

dm_status dm_work_area_km2(dm_context *ctx, const dm_work *work, size_t region,
                           dm_hazard hazard, dm_zone zone, dm_area_state state,
                           double *km2)
{
    DM_CHECK(ctx, work, km2);
    const dm_work_region *r = region_at(ctx, work, region);
    if (r == NULL)
        return DM_ERR_OUT_OF_RANGE;
    if (!dm_cell_valid(hazard, zone, state))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_work_area_km2: class %d, zone %d or state %d "
                        "out of range",
                        (int)hazard, (int)zone, (int)state);
    *km2 = r->km2[dm_cell(hazard, zone)][state];
    return DM_OK;
}

static double region_sum(const dm_work_region *r)
{
    double sum = 0.0;
    for (size_t k = 0; k < DM_CELL_COUNT; k++)
        for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
            sum += r->km2[k][st];
    return sum;
}

dm_status dm_work_region_total_km2(dm_context *ctx, const dm_work *work,
                                   size_t region, double *km2)
{
    DM_CHECK(ctx, work, km2);
    const dm_work_region *r = region_at(ctx, work, region);
    if (r == NULL)
        return DM_ERR_OUT_OF_RANGE;
    *km2 = region_sum(r);
    return DM_OK;
}

dm_status dm_work_total_km2(dm_context *ctx, const dm_work *work, double *km2)
{
    DM_CHECK(ctx, work, km2);
    double sum = 0.0;
    for (size_t i = 0; i < work->count; i++)
        sum += region_sum(&work->regions[i]);
    *km2 = sum;
    return DM_OK;
}
