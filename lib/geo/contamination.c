/* The contamination object: areas and polygons per region, class, zone and
 * state; its accessors; its work table. It is built by model.c (from
 * conflict sources) or survey.c (from surveyed polygons). */
#include <stdlib.h>
#include <string.h>

#include "contamination-private.h"
#include "geom-private.h"
#include "work-private.h"

dm_contamination *dm_contamination_new(dm_context *ctx,
                                       const dm_regions *regions)
{
    dm_contamination *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->ctx = ctx;
    c->factor = 1.0;
    c->regions = calloc(regions->count, sizeof *c->regions);
    c->crs_wkt = dm_strdup(ctx, regions->crs_wkt);
    c->boundaries = dm_strdup(ctx, regions->source);
    if (c->regions == NULL || c->crs_wkt == NULL || c->boundaries == NULL) {
        free(c->regions);
        free(c->crs_wkt);
        free(c->boundaries);
        free(c);
        return NULL;
    }
    c->count = regions->count;
    c->national_m2 = regions->outline_area_m2;
    for (size_t i = 0; i < regions->count; i++) {
        c->regions[i].code = dm_strdup(ctx, regions->items[i].code);
        c->regions[i].name = dm_strdup(ctx, regions->items[i].name);
        c->regions[i].area_m2 = regions->items[i].area_m2;
        if (c->regions[i].code == NULL || c->regions[i].name == NULL) {
            dm_contamination_free(c);
            return NULL;
        }
    }
    return c;
}

void dm_cell_polygons_free(dm_context *ctx, dm_cell_polygons cells)
{
    for (size_t k = 0; k < DM_CELL_COUNT; k++)
        for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
            if (cells[k][st] != NULL)
                GEOSGeom_destroy_r(dm_geos(ctx), cells[k][st]);
            cells[k][st] = NULL;
        }
}

dm_status dm_split_zones(dm_context *ctx, const GEOSGeometry *cls,
                         GEOSGeometry *const zones[DM_ZONE_COUNT],
                         GEOSGeometry *parts[DM_ZONE_COUNT])
{
    GEOSGeometry *rest = GEOSGeom_clone_r(dm_geos(ctx), cls);
    for (int z = DM_ZONE_COUNT - 1; z > 0 && rest != NULL; z--) {
        if (zones[z] == NULL) {
            parts[z] = GEOSGeom_createEmptyCollection_r(dm_geos(ctx),
                                                        GEOS_MULTIPOLYGON);
            continue;
        }
        parts[z] = dm_geom_intersection(ctx, rest, zones[z]);
        GEOSGeometry *left =
            parts[z] != NULL ? dm_geom_difference(ctx, rest, zones[z]) : NULL;
        GEOSGeom_destroy_r(dm_geos(ctx), rest);
        rest = left;
    }
    parts[0] = rest;
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        if (parts[z] == NULL)
            return dm_geos_error(ctx, "splitting by zone failed: %s",
                                 dm_geos_message(ctx));
    return DM_OK;
}

/* m² of p within the prepared band b (of geometry bg). */
static double area_within(dm_context *ctx, const GEOSPreparedGeometry *b,
                          const GEOSGeometry *bg, const GEOSGeometry *p)
{
    if (p == NULL || GEOSPreparedIntersects_r(dm_geos(ctx), b, p) != 1)
        return 0.0;
    if (GEOSPreparedContains_r(dm_geos(ctx), b, p) == 1)
        return dm_geom_area(ctx, p);
    GEOSGeometry *x = dm_geom_intersection(ctx, p, bg);
    double a = dm_geom_area(ctx, x);
    GEOSGeom_destroy_r(dm_geos(ctx), x);
    return a;
}

typedef struct profiles {
    const GEOSGeometry *front;
    int quadsegs;
    dm_contamination *c;
} profiles;

/* The profile's point at width k (item k - 1) of every region: one
 * worker's item, writing only the regions' front_m2[…][k]. */
static dm_status front_width(dm_context *ctx, size_t item, void *user)
{
    const profiles *p = user;
    const GEOSGeometry *front = p->front;
    int quadsegs = p->quadsegs;
    dm_contamination *c = p->c;
    size_t k = item + 1;
    double metres = (double)k * DM_FRONT_PROFILE_STEP_KM * 1e3;
    GEOSGeometry *band = dm_geom_buffer(ctx, front, metres, quadsegs, 0);
    const GEOSPreparedGeometry *b =
        band != NULL ? GEOSPrepare_r(dm_geos(ctx), band) : NULL;
    if (b == NULL) {
        GEOSGeom_destroy_r(dm_geos(ctx), band);
        return dm_geos_error(ctx, "the front's band of %g km: %s",
                             metres / 1e3, dm_geos_message(ctx));
    }
    for (size_t i = 0; i < c->count; i++) {
        dm_contamination_region *r = &c->regions[i];
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                r->front_m2[h][st][k] =
                    area_within(ctx, b, band,
                                r->cell[dm_cell(h, DM_ZONE_ACCESSIBLE)][st]) +
                    area_within(ctx, b, band,
                                r->cell[dm_cell(h, DM_ZONE_FRONT_LINE)][st]);
    }
    GEOSPreparedGeom_destroy_r(dm_geos(ctx), b);
    GEOSGeom_destroy_r(dm_geos(ctx), band);
    return DM_OK;
}

dm_status dm_front_profiles(dm_context *ctx, const GEOSGeometry *front,
                            int quadsegs, unsigned threads,
                            dm_contamination *c)
{
    /* Read by every worker: settled first. */
    dm_geom_settle(ctx, front);
    for (size_t i = 0; i < c->count; i++)
        for (size_t k = 0; k < DM_CELL_COUNT; k++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                dm_geom_settle(ctx, c->regions[i].cell[k][st]);
    profiles p = {front, quadsegs, c};
    dm_status s = dm_geo_parallel(ctx, threads, DM_FRONT_PROFILE_COUNT - 1,
                                  front_width, &p);
    if (s != DM_OK)
        return s;
    for (size_t i = 0; i < c->count; i++)
        c->regions[i].has_front = 1;
    return DM_OK;
}

void dm_contamination_free(dm_contamination *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->count; i++) {
        dm_contamination_region *r = &c->regions[i];
        dm_cell_polygons_free(c->ctx, r->cell);
        free(r->code);
        free(r->name);
    }
    free(c->regions);
    dm_repair_log_free(&c->repairs);
    free(c->boundaries);
    free(c->input);
    free(c->crs_wkt);
    free(c);
}

/* ---- accessors -------------------------------------------------------- */

/* Region i, or NULL with DM_ERR_OUT_OF_RANGE recorded. */
static const dm_contamination_region *
region_at(dm_context *ctx, const dm_contamination *c, size_t i)
{
    if (i < c->count)
        return &c->regions[i];
    dm_out_of_range(ctx, "region", i, c->count);
    return NULL;
}

size_t dm_contamination_region_count(dm_context *ctx,
                                     const dm_contamination *c)
{
    (void)ctx;
    return c != NULL ? c->count : 0;
}

const char *dm_contamination_region_code(dm_context *ctx,
                                         const dm_contamination *c, size_t i)
{
    DM_CHECK_OR(NULL, ctx, c);
    const dm_contamination_region *r = region_at(ctx, c, i);
    return r != NULL ? r->code : NULL;
}

const char *dm_contamination_region_name(dm_context *ctx,
                                         const dm_contamination *c, size_t i)
{
    DM_CHECK_OR(NULL, ctx, c);
    const dm_contamination_region *r = region_at(ctx, c, i);
    return r != NULL ? r->name : NULL;
}

static double region_sum(const dm_contamination_region *r)
{
    double sum = 0.0;
    for (size_t k = 0; k < DM_CELL_COUNT; k++)
        for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
            sum += r->cell_m2[k][st];
    return sum;
}

dm_status dm_contamination_area_km2(dm_context *ctx, const dm_contamination *c,
                                    size_t region, dm_hazard hazard,
                                    dm_zone zone, dm_area_state state,
                                    double *km2)
{
    DM_CHECK(ctx, c, km2);
    const dm_contamination_region *r = region_at(ctx, c, region);
    if (r == NULL)
        return DM_ERR_OUT_OF_RANGE;
    if (!dm_cell_valid(hazard, zone, state))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "class %d, zone %d or state %d out of range",
                        (int)hazard, (int)zone, (int)state);
    *km2 = r->cell_m2[dm_cell(hazard, zone)][state] / DM_M2_PER_KM2;
    return DM_OK;
}

dm_status dm_contamination_region_km2(dm_context *ctx,
                                      const dm_contamination *c, size_t region,
                                      double *km2)
{
    DM_CHECK(ctx, c, km2);
    const dm_contamination_region *r = region_at(ctx, c, region);
    if (r == NULL)
        return DM_ERR_OUT_OF_RANGE;
    *km2 = region_sum(r) / DM_M2_PER_KM2;
    return DM_OK;
}

dm_status dm_contamination_region_share(dm_context *ctx,
                                        const dm_contamination *c,
                                        size_t region, double *share)
{
    DM_CHECK(ctx, c, share);
    const dm_contamination_region *r = region_at(ctx, c, region);
    if (r == NULL)
        return DM_ERR_OUT_OF_RANGE;
    *share = r->area_m2 > 0.0 ? region_sum(r) / r->area_m2 : 0.0;
    return DM_OK;
}

dm_status dm_contamination_total_km2(dm_context *ctx,
                                     const dm_contamination *c, double *km2)
{
    DM_CHECK(ctx, c, km2);
    *km2 = c->total_m2 / DM_M2_PER_KM2;
    return DM_OK;
}

dm_status dm_contamination_total_share(dm_context *ctx,
                                       const dm_contamination *c,
                                       double *share)
{
    DM_CHECK(ctx, c, share);
    *share = c->national_m2 > 0.0 ? c->total_m2 / c->national_m2 : 0.0;
    return DM_OK;
}

dm_status dm_contamination_class_km2(dm_context *ctx,
                                     const dm_contamination *c,
                                     dm_hazard hazard, dm_zone zone,
                                     double *km2)
{
    DM_CHECK(ctx, c, km2);
    if ((unsigned)hazard >= DM_HAZARD_COUNT || (unsigned)zone >= DM_ZONE_COUNT)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "class %d or zone %d out of range", (int)hazard,
                        (int)zone);
    double sum = 0.0;
    for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
        sum += c->class_m2[dm_cell(hazard, zone)][st];
    *km2 = sum / DM_M2_PER_KM2;
    return DM_OK;
}

dm_status dm_contamination_calibration(dm_context *ctx,
                                       const dm_contamination *c,
                                       double *factor, int *iterations)
{
    DM_CHECK(ctx, c, factor, iterations);
    *factor = c->factor;
    *iterations = c->iterations;
    return DM_OK;
}

size_t dm_contamination_repaired_count(dm_context *ctx,
                                       const dm_contamination *c)
{
    (void)ctx;
    return c != NULL ? c->repairs.count : 0;
}

dm_status dm_contamination_repair(dm_context *ctx, const dm_contamination *c,
                                  size_t i, const char **where,
                                  const char **reason, double *drawn_km2,
                                  double *repaired_km2)
{
    DM_CHECK(ctx, c);
    return dm_repair_log_get(ctx, &c->repairs, i, where, reason, drawn_km2,
                             repaired_km2);
}

dm_status dm_contamination_outside_km2(dm_context *ctx,
                                       const dm_contamination *c, double *km2)
{
    DM_CHECK(ctx, c, km2);
    *km2 = c->outside_m2 / DM_M2_PER_KM2;
    return DM_OK;
}

dm_status dm_work_from_contamination(dm_context *ctx,
                                     const dm_contamination *c, dm_work **out)
{
    DM_CHECK(ctx, c, out);
    dm_work *w = NULL;
    dm_status s = dm_work_new(ctx, &w);
    for (size_t i = 0; s == DM_OK && i < c->count; i++) {
        const dm_contamination_region *cr = &c->regions[i];
        size_t r;
        s = dm_work_region_index(ctx, w, cr->code, cr->name, &r);
        for (size_t k = 0; s == DM_OK && k < DM_CELL_COUNT; k++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                w->regions[r].km2[k][st] += cr->cell_m2[k][st] / DM_M2_PER_KM2;
        for (int h = 0; s == DM_OK && cr->has_front && h < DM_HAZARD_COUNT;
             h++)
            for (int st = 0; s == DM_OK && st < DM_AREA_STATE_COUNT; st++) {
                double km2[DM_FRONT_PROFILE_COUNT];
                for (size_t k = 0; k < DM_FRONT_PROFILE_COUNT; k++)
                    km2[k] = cr->front_m2[h][st][k] / DM_M2_PER_KM2;
                s = dm_work_set_front_profile(ctx, w, r, (dm_hazard)h,
                                              (dm_area_state)st, km2,
                                              DM_FRONT_PROFILE_COUNT);
            }
    }
    if (s != DM_OK) {
        dm_work_free(w);
        return s;
    }
    *out = w;
    return DM_OK;
}
