/* The contamination model from conflict sources: the sources buffered in
 * bands, unioned per hazard class with precedence (high over medium over
 * low), calibrated to a target by one scale factor on every band, split by
 * zone and overlaid with the regions (overlay.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contamination-private.h"
#include "crs-private.h"
#include "geom-private.h"
#include "occupied-private.h"
#include "work-private.h"
#include "sources-private.h"

#define M_PER_KM 1e3

/* Calibration: the band scale factor is doubled from 1 until it covers the
 * target; past this factor the sources cannot reach it. */
#define DM_MAX_SCALE 1e4

static void dm_contamination_options_init_full(dm_contamination_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->target_share = DM_DEFAULT_TARGET_SHARE;
    opts->target_km2 = DM_DEFAULT_TARGET_KM2;
    opts->tolerance = 0.001;
    opts->max_iterations = 100;
    opts->quadrant_segments = 8;
    opts->front_line_km = DM_DEFAULT_FRONT_LINE_KM;
    opts->threads = 1;
}

void dm_contamination_options_init_size(dm_contamination_options *opts,
                                        size_t size)
{
    dm_contamination_options full;
    dm_contamination_options_init_full(&full);
    dm_init_copy(opts, &full, sizeof full, size);
}

/* ---- the model from conflict sources ----------------------------------- */

typedef struct model {
    dm_context *ctx;
    const dm_regions *regions;
    const dm_sources *sources;
    int quadsegs;
    unsigned threads;
    GEOSGeometry **geom; /* per source, in the regions' CRS (borrowed or
                            owned, see owned[]) */
    int *owned;
    int *inside; /* per source: known to lie within the outline (a
                    derived occupied territory is made of its faces) */
    size_t n;
    /* The last footprint area_at() measured, and at which scale, so that
     * the classes at the calibrated scale do not build it again. */
    GEOSGeometry *last_low;
    double last_k;
    /* The front: the lines of contact and border strips (NULL: none), and
     * the band of the front-line zone around it (NULL: no such zone). */
    GEOSGeometry *front, *front_band;
} model;

static void model_free(model *m)
{
    GEOSGeom_destroy_r(dm_geos(m->ctx), m->front);
    GEOSGeom_destroy_r(dm_geos(m->ctx), m->front_band);
    if (m->last_low != NULL)
        GEOSGeom_destroy_r(dm_geos(m->ctx), m->last_low);
    free(m->inside);
    for (size_t i = 0; m->owned != NULL && m->geom != NULL && i < m->n; i++)
        if (m->owned[i] && m->geom[i] != NULL)
            GEOSGeom_destroy_r(dm_geos(m->ctx), m->geom[i]);
    free(m->geom);
    free(m->owned);
}

/* The occupied territory left of the sources' lines of contact. */
static dm_status derive_from_contact(model *m, GEOSGeometry **out)
{
    const GEOSGeometry **contact = calloc(m->n ? m->n : 1, sizeof *contact);
    if (contact == NULL)
        return dm_no_memory(m->ctx);
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++)
        if (m->sources->items[i].kind == DM_SOURCE_LINE_OF_CONTACT)
            contact[n++] = m->geom[i];
    dm_status s = dm_derive_occupied(m->ctx, m->regions->outline, contact, n,
                                     m->quadsegs, m->sources->path, out);
    free(contact);
    return s;
}

/* Projects the sources into the regions' CRS and derives what must be. */
static dm_status model_init(model *m, dm_context *ctx,
                            const dm_regions *regions,
                            const dm_sources *sources, int quadsegs)
{
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    m->regions = regions;
    m->sources = sources;
    m->quadsegs = quadsegs;
    m->n = sources->count;
    m->geom = calloc(m->n ? m->n : 1, sizeof *m->geom);
    m->owned = calloc(m->n ? m->n : 1, sizeof *m->owned);
    m->inside = calloc(m->n ? m->n : 1, sizeof *m->inside);
    if (m->geom == NULL || m->owned == NULL || m->inside == NULL)
        return dm_no_memory(ctx);

    PJ *src = NULL, *dst = NULL;
    dm_crs_transform t;
    memset(&t, 0, sizeof t);
    dm_status s = dm_crs_create(ctx, sources->crs_wkt, "sources' CRS", &src);
    if (s == DM_OK)
        s = dm_crs_create(ctx, regions->crs_wkt, "regions' CRS", &dst);
    if (s == DM_OK)
        s = dm_crs_transform_init(ctx, src, 0, dst, &t);
    for (size_t i = 0; s == DM_OK && i < m->n; i++) {
        const dm_source *so = &sources->items[i];
        if (so->geom == NULL)
            continue;
        char where[600];
        snprintf(where, sizeof where, "conflict sources '%s', feature %zu",
                 sources->path, i);
        s = dm_crs_transform_geometry(ctx, &t, so->geom, where, &m->geom[i]);
        if (s == DM_OK)
            m->owned[i] = 1;
        if (s == DM_OK && dm_geom_is_polygonal(ctx, m->geom[i])) {
            int repaired;
            s = dm_geom_make_valid(ctx, &m->geom[i], where, &repaired);
        }
    }
    dm_crs_transform_fini(&t);
    proj_destroy(src);
    proj_destroy(dst);

    /* Occupied territories without a geometry: from the line of contact,
     * derived once and shared. */
    GEOSGeometry *derived = NULL;
    for (size_t i = 0; s == DM_OK && i < m->n; i++) {
        if (sources->items[i].geom != NULL)
            continue;
        if (derived == NULL) {
            s = derive_from_contact(m, &derived);
            if (s != DM_OK)
                break;
            m->geom[i] = derived;
            m->owned[i] = 1;
        } else {
            m->geom[i] = derived; /* borrowed from the first */
        }
        m->inside[i] = 1;
    }
    return s;
}

/* One buffering of footprint(): source i's last band of class `level` or
 * higher, distances scaled by k, into out[i] (NULL: no such band). */
typedef struct buffering {
    const model *m;
    double k;
    dm_hazard level;
    int zone_only;
    GEOSGeometry **out;
    int *clip; /* the buffer may reach past the outline */
} buffering;

static dm_status buffer_source(dm_context *ctx, size_t i, void *user)
{
    const buffering *b = user;
    const model *m = b->m;
    const dm_source *so = &m->sources->items[i];
    if (b->zone_only && so->zone != DM_ZONE_OCCUPIED)
        return DM_OK;
    /* The last band whose class is `level` or higher. */
    size_t last = so->nbands;
    for (size_t band = 0; band < so->nbands; band++)
        if (dm_source_band_hazard(so, band) <= b->level)
            last = band;
    if (last == so->nbands)
        return DM_OK;
    double distance = b->k * so->bands_km[last] * M_PER_KM;
    b->clip[i] = !(m->inside[i] && distance == 0.0);
    b->out[i] = dm_geom_buffer(ctx, m->geom[i], distance, m->quadsegs, 0);
    if (b->out[i] == NULL)
        return dm_geos_error(ctx, "buffering source %zu failed: %s", i,
                             dm_geos_message(ctx));
    return DM_OK;
}

/* Union of every source's footprint up to its last band of class `level`
 * or higher (DM_HAZARD_LOW: every band), distances scaled by k, clipped to
 * the outline. new; an empty multipolygon when nothing reaches the level.
 * The buffers are made on the model's threads, united in the sources'
 * order. */
static dm_status footprint(model *m, double k, dm_hazard level, int zone_only,
                           GEOSGeometry **out)
{
    dm_context *ctx = m->ctx;
    GEOSGeometry **parts = calloc(m->n ? m->n : 1, sizeof *parts);
    int *clips = calloc(m->n ? m->n : 1, sizeof *clips);
    if (parts == NULL || clips == NULL) {
        free(parts);
        free(clips);
        return dm_no_memory(ctx);
    }
    buffering b = {m, k, level, zone_only, parts, clips};
    dm_status s = dm_geo_parallel(ctx, m->threads, m->n, buffer_source, &b);
    size_t np = 0;
    int clip = 0;
    for (size_t i = 0; i < m->n; i++) {
        clip |= clips[i];
        if (parts[i] != NULL)
            parts[np++] = parts[i];
    }
    free(clips);
    GEOSGeometry *u = NULL;
    if (s == DM_OK) {
        u = dm_geom_union(ctx, parts, np);
        if (u == NULL)
            s = dm_geos_error(ctx, "union of the bands failed: %s",
                              dm_geos_message(ctx));
    }
    for (size_t i = 0; i < np; i++)
        GEOSGeom_destroy_r(dm_geos(ctx), parts[i]);
    free(parts);
    if (s != DM_OK)
        return s;
    if (!clip) {
        *out = u; /* made of the outline's own faces: nothing to clip */
        return DM_OK;
    }
    *out = dm_geom_intersection(ctx, u, m->regions->outline);
    GEOSGeom_destroy_r(dm_geos(ctx), u);
    if (*out == NULL)
        return dm_geos_error(ctx,
                             "clipping to the outline failed: "
                             "%s",
                             dm_geos_message(ctx));
    return DM_OK;
}

/* The contaminated area at scale k (m²). */
static dm_status area_at(model *m, double k, double *m2)
{
    GEOSGeometry *g = NULL;
    dm_status s = footprint(m, k, DM_HAZARD_LOW, 0, &g);
    if (s != DM_OK)
        return s;
    *m2 = dm_geom_area(m->ctx, g);
    if (m->last_low != NULL)
        GEOSGeom_destroy_r(dm_geos(m->ctx), m->last_low);
    m->last_low = g;
    m->last_k = k;
    return DM_OK;
}

/* Finds the scale factor whose contaminated area is the target (m²) within
 * the tolerance: bracket by doubling, then the Illinois variant of regula
 * falsi (a bracketing secant that keeps the root between its ends). */
static dm_status calibrate(model *m, double target, double tol, int max_it,
                           double *factor, int *iterations)
{
    dm_context *ctx = m->ctx;
    double lo = 0.0, f_lo, hi = 1.0, f_hi;
    int it = 0;
    dm_status s = area_at(m, lo, &f_lo);
    it++;
    if (s != DM_OK)
        return s;
    if (f_lo > target * (1.0 + tol))
        return dm_error(ctx, DM_ERR_UNREACHABLE,
                        "target %.1f km² is below the %.1f km² that the "
                        "polygon sources cover before any buffering",
                        target / DM_M2_PER_KM2, f_lo / DM_M2_PER_KM2);
    if (fabs(f_lo - target) <= tol * target) {
        *factor = 0.0;
        *iterations = it;
        return DM_OK;
    }
    for (;;) {
        s = area_at(m, hi, &f_hi);
        it++;
        if (s != DM_OK)
            return s;
        if (f_hi >= target)
            break;
        if (hi >= DM_MAX_SCALE || it >= max_it)
            return dm_error(ctx, DM_ERR_UNREACHABLE,
                            "target %.1f km² is out of reach: with every band "
                            "scaled by %g the sources cover %.1f km² of the "
                            "%.1f km² outline",
                            target / DM_M2_PER_KM2, hi, f_hi / DM_M2_PER_KM2,
                            m->regions->outline_area_m2 / DM_M2_PER_KM2);
        lo = hi;
        f_lo = f_hi;
        hi *= 2.0;
    }
    double g_lo = f_lo - target, g_hi = f_hi - target;
    int side = 0;
    double k = hi, fk = f_hi;
    while (fabs(fk - target) > tol * target) {
        if (it >= max_it)
            return dm_error(ctx, DM_ERR_UNREACHABLE,
                            "calibration did not reach %.1f km² within %.3g "
                            "in %d steps (last: factor %g, %.1f km²)",
                            target / DM_M2_PER_KM2, tol, it, k,
                            fk / DM_M2_PER_KM2);
        k = (lo * g_hi - hi * g_lo) / (g_hi - g_lo);
        if (!(k > lo && k < hi))
            k = 0.5 * (lo + hi);
        s = area_at(m, k, &fk);
        it++;
        if (s != DM_OK)
            return s;
        double gk = fk - target;
        if (gk > 0.0) {
            hi = k;
            g_hi = gk;
            if (side == 1)
                g_lo *= 0.5; /* Illinois: the stale end counts half */
            side = 1;
        } else {
            lo = k;
            g_lo = gk;
            if (side == -1)
                g_hi *= 0.5;
            side = -1;
        }
    }
    *factor = k;
    *iterations = it;
    return DM_OK;
}

/* The lines of contact and border strips as one geometry, and the band of
 * the front-line zone around them; neither when there is no such line. */
static dm_status make_front(model *m, double width_km)
{
    dm_context *ctx = m->ctx;
    GEOSGeometry **lines = calloc(m->n ? m->n : 1, sizeof *lines);
    if (lines == NULL)
        return dm_no_memory(ctx);
    unsigned n = 0;
    for (size_t i = 0; i < m->n; i++) {
        dm_source_kind kind = m->sources->items[i].kind;
        if ((kind == DM_SOURCE_LINE_OF_CONTACT ||
             kind == DM_SOURCE_BORDER_STRIP) &&
            m->geom[i] != NULL &&
            (lines[n] = GEOSGeom_clone_r(dm_geos(ctx), m->geom[i])) != NULL)
            n++;
    }
    dm_status s = DM_OK;
    if (n > 0) {
        GEOSGeometry *all = GEOSGeom_createCollection_r(
            dm_geos(ctx), GEOS_GEOMETRYCOLLECTION, lines, n);
        m->front = all != NULL ? GEOSUnaryUnion_r(dm_geos(ctx), all) : NULL;
        if (all == NULL)
            for (unsigned i = 0; i < n; i++)
                GEOSGeom_destroy_r(dm_geos(ctx), lines[i]);
        GEOSGeom_destroy_r(dm_geos(ctx), all);
        if (m->front != NULL && width_km > 0.0)
            m->front_band = dm_geom_buffer(ctx, m->front, width_km * M_PER_KM,
                                           m->quadsegs, 0);
        if (m->front == NULL || (width_km > 0.0 && m->front_band == NULL))
            s = dm_geos_error(ctx, "the front-line zone: %s",
                              dm_geos_message(ctx));
    }
    free(lines);
    return s;
}

/* The national polygons per cell at scale k: classes by precedence, split
 * by zone (occupied over front line over accessible); all suspected. */
static dm_status national_cells(model *m, double k, dm_cell_polygons cells,
                                double *total_m2)
{
    dm_context *ctx = m->ctx;
    GEOSGeometry *cum[DM_HAZARD_COUNT] = {NULL};
    GEOSGeometry *zone = NULL;
    dm_status s = DM_OK;
    for (int h = 0; h < DM_HAZARD_COUNT && s == DM_OK; h++) {
        if (h == DM_HAZARD_LOW && m->last_low != NULL && m->last_k == k) {
            cum[h] = m->last_low; /* the calibration's last step */
            m->last_low = NULL;
            continue;
        }
        s = footprint(m, k, (dm_hazard)h, 0, &cum[h]);
    }
    if (s == DM_OK)
        s = footprint(m, k, DM_HAZARD_LOW, 1, &zone);
    if (s == DM_OK)
        *total_m2 = dm_geom_area(ctx, cum[DM_HAZARD_LOW]);
    for (int h = 0; h < DM_HAZARD_COUNT && s == DM_OK; h++) {
        /* high = C_high; medium = C_medium − C_high; low = C_low − C_med. */
        GEOSGeometry *cls = h == 0
                                ? GEOSGeom_clone_r(dm_geos(ctx), cum[0])
                                : dm_geom_difference(ctx, cum[h], cum[h - 1]);
        GEOSGeometry *zones[DM_ZONE_COUNT] = {NULL};
        zones[DM_ZONE_OCCUPIED] = zone;
        zones[DM_ZONE_FRONT_LINE] = m->front_band;
        GEOSGeometry *parts[DM_ZONE_COUNT] = {NULL};
        s = cls != NULL ? dm_split_zones(ctx, cls, zones, parts)
                        : dm_geos_error(ctx, "class %s: %s", dm_hazard_name(h),
                                        dm_geos_message(ctx));
        GEOSGeom_destroy_r(dm_geos(ctx), cls);
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            cells[dm_cell(h, z)][DM_AREA_SUSPECTED] = parts[z];
    }
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        GEOSGeom_destroy_r(dm_geos(ctx), cum[h]);
    GEOSGeom_destroy_r(dm_geos(ctx), zone);
    return s;
}

static dm_status check_options(dm_context *ctx,
                               const dm_contamination_options *o)
{
    if (!isfinite(o->target_share))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "target share %g is not a number", o->target_share);
    if (o->target_share > 1.0 && o->target_km2 <= 0.0)
        return dm_error(ctx, DM_ERR_UNREACHABLE,
                        "target share %g is more than the whole national "
                        "area",
                        o->target_share);
    if (!isfinite(o->target_km2))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "target area %g km² is not finite", o->target_km2);
    if (!(o->tolerance > 0.0 && o->tolerance < 0.5))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "tolerance %g is not in (0, 0.5)", o->tolerance);
    if (o->max_iterations < 1)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "max_iterations %d is below 1", o->max_iterations);
    if (!(o->front_line_km >= 0.0 && o->front_line_km <= DM_MAX_FRONT_LINE_KM))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "front-line width %g km is not in 0–%g km",
                        o->front_line_km, DM_MAX_FRONT_LINE_KM);
    if (o->threads < 1 || o->threads > DM_MAX_THREADS)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "threads %u is not in 1–%d", o->threads,
                        DM_MAX_THREADS);
    if (o->quadrant_segments < 1 || o->quadrant_segments > 1024)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "quadrant_segments %d is not in 1–1024",
                        o->quadrant_segments);
    return DM_OK;
}

static dm_status build(dm_context *ctx, const dm_regions *regions,
                       const dm_sources *sources,
                       const dm_contamination_options *o, dm_contamination *c)
{
    model m;
    dm_status s = model_init(&m, ctx, regions, sources, o->quadrant_segments);
    m.threads = o->threads;
    /* The sources' geometries are read by the workers that buffer them. */
    for (size_t i = 0; s == DM_OK && i < m.n; i++)
        dm_geom_settle(ctx, m.geom[i]);
    double target = o->target_km2 > 0.0
                        ? o->target_km2 * DM_M2_PER_KM2
                        : o->target_share * regions->outline_area_m2;
    if (s == DM_OK && target > regions->outline_area_m2)
        s = dm_error(ctx, DM_ERR_UNREACHABLE,
                     "target %.1f km² is more than the national area of "
                     "%.1f km²",
                     target / DM_M2_PER_KM2,
                     regions->outline_area_m2 / DM_M2_PER_KM2);
    if (s == DM_OK && target > 0.0)
        s = calibrate(&m, target, o->tolerance, o->max_iterations, &c->factor,
                      &c->iterations);
    if (s == DM_OK)
        s = make_front(&m, o->front_line_km);
    dm_cell_polygons cells = {{NULL}};
    if (s == DM_OK)
        s = national_cells(&m, c->factor, cells, &c->total_m2);
    if (s == DM_OK)
        s = dm_overlay_cells(ctx, regions, cells, o->threads, c);
    /* The work table's front profiles measure the front's bands when it
     * is made (dm_work_from_contamination()). */
    if (s == DM_OK && m.front != NULL) {
        dm_contamination_keep_front(ctx, c, m.front, m.quadsegs, o->threads);
        m.front = NULL;
    }
    dm_cell_polygons_free(ctx, cells);
    model_free(&m);
    return s;
}

dm_status dm_contamination_build(dm_context *ctx, const dm_regions *regions,
                                 const dm_sources *sources,
                                 const dm_contamination_options *opts,
                                 dm_contamination **out)
{
    DM_CHECK(ctx, regions, sources, out);
    DM_GEO_BEGIN(ctx);
    dm_contamination_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_contamination_options_init);
    dm_status s = check_options(ctx, &o);
    if (s != DM_OK)
        return s;
    dm_contamination *c = dm_contamination_new(ctx, regions);
    if (c == NULL)
        return dm_no_memory(ctx);
    c->input = dm_strdup(ctx, sources->path);
    s = c->input != NULL ? build(ctx, regions, sources, &o, c)
                         : DM_ERR_NO_MEMORY;
    if (s != DM_OK) {
        dm_contamination_free(c);
        return s;
    }
    *out = c;
    return DM_OK;
}
