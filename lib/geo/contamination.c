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
        memcpy(c->regions[i].bounds, regions->items[i].bounds,
               sizeof c->regions[i].bounds);
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

/* From this many regions on, a cell that crosses a band's edge is cut by
 * the band's part around its region (cut once per region and width) rather
 * than by the whole band, every vertex of which an intersection visits:
 * the same area but for the rounding. Fewer regions (the embedded oblasts,
 * which the shipped posterior was fitted to) keep the whole band, bit for
 * bit as before. */
#define DM_LOCAL_BAND_MIN 64

/* Clearance in m of a region's bounds to the edges of its part of the
 * band: where the cut adds edges, no cell of the region is. */
#define DM_LOCAL_BAND_MARGIN_M 1000.0

/* One band as the cells of one region see it. */
typedef struct band_view {
    const GEOSPreparedGeometry *prepared; /* the whole band, prepared */
    const GEOSGeometry *whole;
    const double *bounds; /* the region's; NULL: cut by the whole band */
    GEOSGeometry *local;  /* its part around them, when first needed */
} band_view;

/* The geometry to cut a cell of the view's region by: the band's part
 * around the region, made once, or the whole band. NULL on failure. */
static const GEOSGeometry *band_cutter(dm_context *ctx, band_view *b)
{
    if (b->bounds == NULL)
        return b->whole;
    if (b->local == NULL) {
        const double *e = b->bounds, m = DM_LOCAL_BAND_MARGIN_M;
        b->local = GEOSClipByRect_r(dm_geos(ctx), b->whole, e[0] - m, e[1] - m,
                                    e[2] + m, e[3] + m);
    }
    return b->local;
}

/* m² of cell p (NULL: none) within the band into *m2. */
static dm_status area_within(dm_context *ctx, band_view *b,
                             const GEOSGeometry *p, double *m2)
{
    *m2 = 0.0;
    if (p == NULL ||
        GEOSPreparedIntersects_r(dm_geos(ctx), b->prepared, p) != 1)
        return DM_OK;
    if (GEOSPreparedContains_r(dm_geos(ctx), b->prepared, p) == 1) {
        *m2 = dm_geom_area(ctx, p);
        return DM_OK;
    }
    const GEOSGeometry *cut = band_cutter(ctx, b);
    GEOSGeometry *x = cut != NULL ? dm_geom_intersection(ctx, p, cut) : NULL;
    if (x == NULL)
        return dm_geos_error(ctx, "%s", dm_geos_message(ctx));
    *m2 = dm_geom_area(ctx, x);
    GEOSGeom_destroy_r(dm_geos(ctx), x);
    return DM_OK;
}

typedef struct profiles {
    const dm_contamination *c;
    dm_front_profile *out;
} profiles;

/* Region i's profile at width k, within the band (prepared as pb). */
static dm_status region_at_width(dm_context *ctx, const profiles *p, size_t i,
                                 size_t k, const GEOSPreparedGeometry *pb,
                                 const GEOSGeometry *band)
{
    const dm_contamination_region *r = &p->c->regions[i];
    band_view v = {pb, band, NULL, NULL};
    if (p->c->count >= DM_LOCAL_BAND_MIN)
        v.bounds = r->bounds;
    dm_status s = DM_OK;
    for (int h = 0; s == DM_OK && h < DM_HAZARD_COUNT; h++)
        for (int st = 0; s == DM_OK && st < DM_AREA_STATE_COUNT; st++) {
            double a = 0.0, f = 0.0;
            s = area_within(ctx, &v,
                            r->cell[dm_cell(h, DM_ZONE_ACCESSIBLE)][st], &a);
            if (s == DM_OK)
                s = area_within(
                    ctx, &v, r->cell[dm_cell(h, DM_ZONE_FRONT_LINE)][st], &f);
            p->out[i][h][st][k] = a + f;
        }
    if (v.local != NULL)
        GEOSGeom_destroy_r(dm_geos(ctx), v.local);
    if (s != DM_OK)
        return dm_error_wrap(ctx, s, "the front's band of %g km, region '%s'",
                             (double)k * DM_FRONT_PROFILE_STEP_KM, r->code);
    return DM_OK;
}

/* The profile's point at width k (item k - 1) of every region: one
 * worker's item, writing only the profiles' […][k]. */
static dm_status front_width(dm_context *ctx, size_t item, void *user)
{
    const profiles *p = user;
    size_t k = item + 1;
    double metres = (double)k * DM_FRONT_PROFILE_STEP_KM * 1e3;
    GEOSGeometry *band =
        dm_geom_buffer(ctx, p->c->front, metres, p->c->quadsegs, 0);
    const GEOSPreparedGeometry *b =
        band != NULL ? GEOSPrepare_r(dm_geos(ctx), band) : NULL;
    if (b == NULL) {
        GEOSGeom_destroy_r(dm_geos(ctx), band);
        return dm_geos_error(ctx, "the front's band of %g km: %s",
                             metres / 1e3, dm_geos_message(ctx));
    }
    dm_status s = DM_OK;
    for (size_t i = 0; s == DM_OK && i < p->c->count; i++)
        s = region_at_width(ctx, p, i, k, b, band);
    GEOSPreparedGeom_destroy_r(dm_geos(ctx), b);
    GEOSGeom_destroy_r(dm_geos(ctx), band);
    return s;
}

void dm_contamination_keep_front(dm_context *ctx, dm_contamination *c,
                                 GEOSGeometry *front, int quadsegs,
                                 unsigned threads)
{
    /* Read by the workers of every dm_work_from_contamination(). */
    dm_geom_settle(ctx, front);
    for (size_t i = 0; i < c->count; i++)
        for (size_t k = 0; k < DM_CELL_COUNT; k++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                dm_geom_settle(ctx, c->regions[i].cell[k][st]);
    c->front = front;
    c->quadsegs = quadsegs;
    c->threads = threads;
}

dm_status dm_front_profiles(dm_context *ctx, const dm_contamination *c,
                            dm_front_profile *out)
{
    /* A sliver of rounding where a cell only touches a band's edge can make
     * a profile fall by 1e-9 m²: dm_work_set_front_profile() takes such a
     * fall as none. */
    profiles p = {c, out};
    return dm_geo_parallel(ctx, c->threads, DM_FRONT_PROFILE_COUNT - 1,
                           front_width, &p);
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
    if (c->front != NULL)
        GEOSGeom_destroy_r(dm_geos(c->ctx), c->front);
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

/* Region i's rows of the work table (r), with its front profile when
 * given. */
static dm_status work_rows(dm_context *ctx, const dm_contamination_region *cr,
                           dm_front_profile prof, dm_work *w)
{
    size_t r;
    dm_status s = dm_work_region_index(ctx, w, cr->code, cr->name, &r);
    for (size_t k = 0; s == DM_OK && k < DM_CELL_COUNT; k++)
        for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
            w->regions[r].km2[k][st] += cr->cell_m2[k][st] / DM_M2_PER_KM2;
    for (int h = 0; s == DM_OK && prof != NULL && h < DM_HAZARD_COUNT; h++)
        for (int st = 0; s == DM_OK && st < DM_AREA_STATE_COUNT; st++) {
            double km2[DM_FRONT_PROFILE_COUNT];
            for (size_t k = 0; k < DM_FRONT_PROFILE_COUNT; k++)
                km2[k] = prof[h][st][k] / DM_M2_PER_KM2;
            s = dm_work_set_front_profile(ctx, w, r, (dm_hazard)h,
                                          (dm_area_state)st, km2,
                                          DM_FRONT_PROFILE_COUNT);
        }
    return s;
}

dm_status dm_work_from_contamination(dm_context *ctx,
                                     const dm_contamination *c, dm_work **out)
{
    DM_CHECK(ctx, c, out);
    DM_GEO_BEGIN(ctx);
    /* The front profiles are measured here, for the work table alone:
     * the contamination's own figures do not need them. */
    dm_front_profile *prof = NULL;
    dm_status s = DM_OK;
    if (c->front != NULL) {
        prof = calloc(c->count + 1, sizeof *prof);
        s = prof != NULL ? dm_front_profiles(ctx, c, prof) : dm_no_memory(ctx);
    }
    dm_work *w = NULL;
    if (s == DM_OK)
        s = dm_work_new(ctx, &w);
    for (size_t i = 0; s == DM_OK && i < c->count; i++)
        s = work_rows(ctx, &c->regions[i], prof != NULL ? prof[i] : NULL, w);
    free(prof);
    if (s != DM_OK) {
        dm_work_free(w);
        return s;
    }
    *out = w;
    return DM_OK;
}
