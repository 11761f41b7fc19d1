/* The work table: km² per region × hazard class × zone × state. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "work-private.h"

/* The Earth's surface, 510.1 million km² (WGS 84 ellipsoid): no area of a
 * work table can be larger. */
#define EARTH_SURFACE_KM2 5.101e8

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
    free(work->slots);
    free(work);
}

/* Whether a region code is one the outputs give the lands of the zones
 * and the nation ("national", "open_at_start", "zone:…"): a region so
 * coded could not be told from them. */
static int reserved_code(const char *code)
{
    return strcmp(code, "national") == 0 ||
           strcmp(code, "open_at_start") == 0 ||
           strncmp(code, "zone:", 5) == 0;
}

static size_t code_hash(const char *code)
{
    /* FNV-1a */
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    for (const unsigned char *c = (const unsigned char *)code; *c; c++)
        h = (h ^ *c) * UINT64_C(0x100000001B3);
    return (size_t)(h ^ (h >> 32));
}

/* The slot of `code`: the one holding it, or the empty one it would go. */
static size_t find_slot(const dm_work *w, const char *code)
{
    size_t mask = w->nslots - 1, i = code_hash(code) & mask;
    while (w->slots[i] != 0 &&
           strcmp(w->regions[w->slots[i] - 1].code, code) != 0)
        i = (i + 1) & mask;
    return i;
}

/* The table twice as large, every region placed again. */
static dm_status grow_slots(dm_context *ctx, dm_work *w)
{
    size_t n = w->nslots ? 2 * w->nslots : 64;
    size_t *slots = calloc(n, sizeof *slots);
    if (slots == NULL)
        return dm_no_memory(ctx);
    free(w->slots);
    w->slots = slots;
    w->nslots = n;
    for (size_t r = 0; r < w->count; r++)
        w->slots[find_slot(w, w->regions[r].code)] = r + 1;
    return DM_OK;
}

dm_status dm_work_region_index(dm_context *ctx, dm_work *w, const char *code,
                               const char *name, size_t *index)
{
    if (2 * (w->count + 1) > w->nslots) {
        dm_status s = grow_slots(ctx, w);
        if (s != DM_OK)
            return s;
    }
    size_t slot = find_slot(w, code);
    if (w->slots[slot] != 0) {
        *index = w->slots[slot] - 1;
        return DM_OK;
    }
    if (reserved_code(code))
        return dm_error(ctx, DM_ERR_BAD_VALUE,
                        "region code '%s' is reserved: the outputs give the "
                        "nation ('national'), the land open at the start "
                        "('open_at_start') and each zone ('zone:…') under "
                        "such codes",
                        code);
    if (w->count >= DM_MAX_WORK_REGIONS)
        return dm_error(ctx, DM_ERR_BAD_VALUE,
                        "region '%s': more than the %d regions a work table "
                        "may hold",
                        code, DM_MAX_WORK_REGIONS);
    dm_status grown =
        dm_grow(ctx, &w->regions, &w->cap, w->count, sizeof *w->regions, 32);
    if (grown != DM_OK)
        return grown;
    dm_work_region *r = &w->regions[w->count];
    memset(r, 0, sizeof *r);
    r->code = dm_strdup(ctx, code);
    r->name = dm_strdup(ctx, name != NULL ? name : code);
    if (r->code == NULL || r->name == NULL) {
        free(r->code);
        free(r->name);
        return dm_no_memory(ctx);
    }
    w->slots[slot] = w->count + 1;
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
    if (km2 > EARTH_SURFACE_KM2)
        return dm_error(ctx, DM_ERR_BAD_VALUE,
                        "dm_work_add: region '%s': area %g km² is larger "
                        "than the Earth's surface (510 million km²)",
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

/* Relative slack on the profile's check against the controlled area: the
 * two come from the same polygons, so they differ by rounding alone. */
#define PROFILE_SLACK 1e-9
/* A profile that falls by less than this (1 m²) from one width to the
 * next is rounding of the geometry, not a fall: where a cell only touches
 * a band's edge, the intersection can leave a sliver (1e-9 m²) that the
 * next, wider band's does not. It is kept as the width before's. */
#define PROFILE_FALL_KM2 1e-6

static dm_status profile_args(dm_context *ctx, const dm_work *work, size_t i,
                              dm_hazard hazard, dm_area_state state,
                              size_t count)
{
    if (i >= work->count)
        return dm_out_of_range(ctx, "work region", i, work->count);
    if (!dm_cell_valid(hazard, DM_ZONE_ACCESSIBLE, state) ||
        count != DM_FRONT_PROFILE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "front profile: class %d, state %d or count %zu "
                        "out of range (%d values)",
                        (int)hazard, (int)state, count,
                        DM_FRONT_PROFILE_COUNT);
    return DM_OK;
}

dm_status dm_work_set_front_profile(dm_context *ctx, dm_work *work, size_t i,
                                    dm_hazard hazard, dm_area_state state,
                                    const double *km2, size_t count)
{
    DM_CHECK(ctx, work, km2);
    dm_status s = profile_args(ctx, work, i, hazard, state, count);
    if (s != DM_OK)
        return s;
    dm_work_region *r = &work->regions[i];
    double controlled = dm_work_controlled_km2(r, hazard, state);
    for (size_t k = 0; k < count; k++) {
        int falls = k > 0 && km2[k] < km2[k - 1] - PROFILE_FALL_KM2;
        const char *why = !isfinite(km2[k]) || km2[k] < 0.0
                              ? "is not a finite, non-negative area"
                          : falls ? "is less than at the width before"
                          : km2[k] > controlled * (1.0 + PROFILE_SLACK) + 1e-12
                              ? "is more than the controlled area of the cell"
                              : NULL;
        /* The figure it is compared with: the width before's, or the
         * cell's controlled km². */
        if (why != NULL)
            return dm_error(ctx, DM_ERR_BAD_VALUE,
                            "work region '%s', class %s, state %s: front "
                            "profile at %g km: %g km² %s (%g km²)",
                            r->code, dm_hazard_name(hazard),
                            dm_area_state_name(state),
                            (double)k * DM_FRONT_PROFILE_STEP_KM, km2[k], why,
                            falls ? km2[k - 1] : controlled);
    }
    double *front = r->front[hazard][state];
    for (size_t k = 0; k < count; k++) {
        front[k] = km2[k] < controlled ? km2[k] : controlled;
        if (k > 0 && front[k] < front[k - 1])
            front[k] = front[k - 1];
    }
    r->has_front[hazard][state] = 1;
    return DM_OK;
}

dm_status dm_work_front_profile(dm_context *ctx, const dm_work *work, size_t i,
                                dm_hazard hazard, dm_area_state state,
                                double *km2, size_t count)
{
    DM_CHECK(ctx, work, km2);
    dm_status s = profile_args(ctx, work, i, hazard, state, count);
    if (s != DM_OK)
        return s;
    if (!work->regions[i].has_front[hazard][state])
        return dm_error(ctx, DM_ERR_NOT_FOUND,
                        "work region '%s' has no front profile for class "
                        "%s, state %s",
                        work->regions[i].code, dm_hazard_name(hazard),
                        dm_area_state_name(state));
    memcpy(km2, work->regions[i].front[hazard][state], count * sizeof *km2);
    return DM_OK;
}
