/* Surveyed hazardous areas (SHA/CHA polygons) overlaid with the regions as
 * the model is: overlapping polygons count once, the higher class, the
 * confirmed state and the occupied zone winning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contamination-private.h"
#include "crs-private.h"
#include "geom-private.h"
#include "io-private.h"

static void dm_survey_options_init_full(dm_survey_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->class_field = "class";
    opts->status_field = "status";
    opts->zone_field = "zone";
    opts->default_hazard = DM_HAZARD_HIGH;
    opts->default_state = DM_AREA_SUSPECTED;
    opts->default_zone = DM_ZONE_CONTROLLED;
    opts->threads = 1;
}

void dm_survey_options_init_size(dm_survey_options *opts, size_t size)
{
    dm_survey_options full;
    dm_survey_options_init_full(&full);
    dm_init_copy(opts, &full, sizeof full, size);
}

/* The polygons read, by class, state and zone, before precedence. */
typedef struct survey {
    GEOSGeometry **by[DM_CELL_COUNT][DM_AREA_STATE_COUNT];
    size_t n[DM_CELL_COUNT][DM_AREA_STATE_COUNT];
    size_t cap[DM_CELL_COUNT][DM_AREA_STATE_COUNT];
} survey;

static void survey_free(dm_context *ctx, survey *sv)
{
    for (size_t k = 0; k < DM_CELL_COUNT; k++)
        for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
            for (size_t i = 0; i < sv->n[k][st]; i++)
                GEOSGeom_destroy_r(dm_geos(ctx), sv->by[k][st][i]);
            free(sv->by[k][st]);
        }
}

/* Keeps poly (owned) among the polygons of one cell and state. */
static dm_status survey_add(dm_context *ctx, survey *sv, size_t k, int st,
                            GEOSGeometry *poly)
{
    if (sv->n[k][st] == sv->cap[k][st]) {
        size_t cap = sv->cap[k][st] ? 2 * sv->cap[k][st] : 16;
        GEOSGeometry **p = realloc(sv->by[k][st], cap * sizeof *p);
        if (p == NULL) {
            GEOSGeom_destroy_r(dm_geos(ctx), poly);
            return dm_no_memory(ctx);
        }
        sv->by[k][st] = p;
        sv->cap[k][st] = cap;
    }
    sv->by[k][st][sv->n[k][st]++] = poly;
    return DM_OK;
}

/* What dm_vector_load() hands to each survey feature. */
typedef struct survey_reader {
    dm_context *ctx;
    const dm_survey_options *o;
    int idx[3]; /* class, status, zone fields; -1: the default */
    survey *sv;
    dm_repair_log *repairs;
} survey_reader;

/* Half the Earth's surface (m²): 2πR², R the authalic radius of WGS 84. */
#define HEMISPHERE_M2 (2.0 * DM_PI * 6371007.2 * 6371007.2)

/* A hazardous area is a field, not a continent: a polygon wider than 180°
 * of longitude or 90° of latitude (geographic sources; checked before the
 * reprojection, which folds it over), or larger than a hemisphere once in
 * the equal-area CRS (tg, when not NULL), has no meaning in a country's
 * equal-area map and was lost without a word in the clipping. */
static dm_status survey_extent(dm_context *ctx, const dm_crs_transform *t,
                               const GEOSGeometry *g, const GEOSGeometry *tg,
                               const char *where)
{
    if (tg != NULL) {
        double m2 = dm_geom_area(ctx, tg);
        return m2 <= HEMISPHERE_M2
                   ? DM_OK
                   : dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                              "%s covers %.4g km² in the equal-area CRS: "
                              "more than a hemisphere (%.4g km²), which no "
                              "survey of hazardous land covers",
                              where, m2 / DM_M2_PER_KM2,
                              HEMISPHERE_M2 / DM_M2_PER_KM2);
    }
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    GEOSGeom_getXMin_r(dm_geos(ctx), g, &x0);
    GEOSGeom_getYMin_r(dm_geos(ctx), g, &y0);
    GEOSGeom_getXMax_r(dm_geos(ctx), g, &x1);
    GEOSGeom_getYMax_r(dm_geos(ctx), g, &y1);
    double lon = t->swap_xy ? y1 - y0 : x1 - x0,
           lat = t->swap_xy ? x1 - x0 : y1 - y0;
    if (t->geographic && (lon > 180.0 || lat > 90.0))
        return dm_error(ctx, DM_ERR_BAD_GEOMETRY,
                        "%s spans %.1f° of longitude and %.1f° of latitude: "
                        "more than a hemisphere (180° by 90°), which no "
                        "survey of hazardous land covers and no equal-area "
                        "map of a country holds",
                        where, lon, lat);
    return DM_OK;
}

static dm_status read_survey_feature(void *userdata, const dm_vector *v,
                                     dm_crs_transform *t, OGRFeatureH f)
{
    survey_reader *r = userdata;
    dm_context *ctx = r->ctx;
    char where[600];
    snprintf(where, sizeof where, "survey '%s', layer '%s', feature %lld",
             v->source, v->layer_name, (long long)OGR_F_GetFID(f));
    int hz = (int)r->o->default_hazard, st = (int)r->o->default_state,
        zn = (int)r->o->default_zone;
    dm_status s =
        dm_vector_enum(ctx, f, r->idx[0], where, dm_hazard_index, &hz);
    if (s == DM_OK)
        s = dm_vector_enum(ctx, f, r->idx[1], where, dm_area_state_index, &st);
    if (s == DM_OK)
        s = dm_vector_enum(ctx, f, r->idx[2], where, dm_zone_index, &zn);
    GEOSGeometry *g = NULL, *tg = NULL, *poly = NULL;
    if (s == DM_OK)
        s = dm_vector_geometry(ctx, v, f, t, &g);
    if (s == DM_OK && g == NULL)
        s = dm_error(ctx, DM_ERR_BAD_GEOMETRY, "%s: no geometry", where);
    if (s == DM_OK && !dm_geom_is_polygonal(ctx, g))
        s = dm_error(ctx, DM_ERR_GEOMETRY_TYPE,
                     "%s is a %s; hazardous areas must be polygons", where,
                     dm_geom_type_name(ctx, g));
    if (s == DM_OK)
        s = survey_extent(ctx, t, g, NULL, where);
    if (s == DM_OK)
        s = dm_crs_transform_geometry(ctx, t, g, where, &tg);
    if (s == DM_OK)
        s = survey_extent(ctx, t, g, tg, where);
    GEOSGeom_destroy_r(dm_geos(ctx), g);
    if (s == DM_OK) {
        poly = dm_geom_polygonal_part(ctx, tg);
        s = poly ? dm_geom_repair(ctx, &poly, where, r->repairs)
                 : dm_geos_error(ctx, "%s: %s", where, dm_geos_message(ctx));
    }
    GEOSGeom_destroy_r(dm_geos(ctx), tg);
    if (s != DM_OK) {
        GEOSGeom_destroy_r(dm_geos(ctx), poly);
        return s;
    }
    return survey_add(ctx, r->sv, dm_cell((dm_hazard)hz, (dm_zone)zn), st,
                      poly);
}

static dm_status read_survey(dm_context *ctx, const dm_regions *regions,
                             const char *source, const dm_survey_options *o,
                             survey *sv, dm_repair_log *repairs)
{
    survey_reader r = {ctx, o, {-1, -1, -1}, sv, repairs};
    /* A field left NULL gives every polygon the default; any name given
     * must exist. */
    const dm_field_spec fields[] = {
        {o->class_field, "", "class field", &r.idx[0]},
        {o->status_field, "", "status field", &r.idx[1]},
        {o->zone_field, "", "zone field", &r.idx[2]},
    };
    PJ *dst = NULL;
    dm_status s = dm_crs_create(ctx, regions->crs_wkt, "regions' CRS", &dst);
    dm_load_spec spec = {.what = "survey",
                         .item = "feature",
                         .source = source,
                         .layer = o->layer,
                         .where = o->where,
                         .source_crs = o->source_crs,
                         .fields = fields,
                         .nfields = sizeof fields / sizeof fields[0],
                         .crs = DM_LOAD_TRANSFORM,
                         .target = dst,
                         .feature = read_survey_feature,
                         .userdata = &r};
    if (s == DM_OK)
        s = dm_vector_load(ctx, &spec);
    proj_destroy(dst);
    return s;
}

/* Union of the survey polygons whose class, state, zone pass `keep`. */
static GEOSGeometry *survey_union(dm_context *ctx, const survey *sv,
                                  int (*keep)(int h, int z, int st, int arg),
                                  int arg)
{
    size_t n = 0;
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                if (keep(h, z, st, arg))
                    n += sv->n[dm_cell(h, z)][st];
    GEOSGeometry **all = malloc((n ? n : 1) * sizeof *all);
    if (all == NULL) {
        dm_geos_no_memory(ctx);
        return NULL;
    }
    size_t i = 0;
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                if (keep(h, z, st, arg)) {
                    size_t k = dm_cell(h, z);
                    for (size_t j = 0; j < sv->n[k][st]; j++)
                        all[i++] = sv->by[k][st][j];
                }
    GEOSGeometry *u = dm_geom_union(ctx, all, n);
    free(all);
    return u;
}

static int keep_class_up_to(int h, int z, int st, int level)
{
    (void)z;
    (void)st;
    return h <= level;
}

static int keep_confirmed(int h, int z, int st, int arg)
{
    (void)h;
    (void)z;
    (void)arg;
    return st == DM_AREA_CONFIRMED;
}

static int keep_zone(int h, int z, int st, int zone)
{
    (void)h;
    (void)st;
    return z == zone;
}

/* The national cells of a survey, by precedence, clipped to the outline. */
static dm_status survey_cells(dm_context *ctx, const dm_regions *regions,
                              const survey *sv, dm_cell_polygons cells,
                              dm_contamination *c)
{
    GEOSGeometry *cum[DM_HAZARD_COUNT] = {NULL}, *conf = NULL;
    GEOSGeometry *zones[DM_ZONE_COUNT] = {NULL};
    dm_status s = DM_OK;
    for (int h = 0; h < DM_HAZARD_COUNT && s == DM_OK; h++) {
        GEOSGeometry *u = survey_union(ctx, sv, keep_class_up_to, h);
        cum[h] = u ? dm_geom_intersection(ctx, u, regions->outline) : NULL;
        if (h == DM_HAZARD_LOW && u != NULL)
            c->outside_m2 = dm_geom_area(ctx, u) - dm_geom_area(ctx, cum[h]);
        GEOSGeom_destroy_r(dm_geos(ctx), u);
        if (cum[h] == NULL)
            s = dm_geos_error(ctx, "survey union failed: %s",
                              dm_geos_message(ctx));
    }
    if (s == DM_OK) {
        conf = survey_union(ctx, sv, keep_confirmed, 0);
        int failed = conf == NULL;
        for (int z = 1; z < DM_ZONE_COUNT; z++) {
            zones[z] = survey_union(ctx, sv, keep_zone, z);
            failed |= zones[z] == NULL;
        }
        if (failed)
            s = dm_geos_error(ctx, "survey union failed: %s",
                              dm_geos_message(ctx));
    }
    if (s == DM_OK)
        c->total_m2 = dm_geom_area(ctx, cum[DM_HAZARD_LOW]);
    for (int h = 0; h < DM_HAZARD_COUNT && s == DM_OK; h++) {
        GEOSGeometry *cls = h == 0
                                ? GEOSGeom_clone_r(dm_geos(ctx), cum[0])
                                : dm_geom_difference(ctx, cum[h], cum[h - 1]);
        GEOSGeometry *parts[DM_ZONE_COUNT] = {NULL};
        if (cls != NULL)
            s = dm_split_zones(ctx, cls, zones, parts);
        for (int z = 0; z < DM_ZONE_COUNT; z++) {
            for (int st = 0; st < DM_AREA_STATE_COUNT && parts[z] != NULL;
                 st++)
                cells[dm_cell(h, z)][st] =
                    st == DM_AREA_CONFIRMED
                        ? dm_geom_intersection(ctx, parts[z], conf)
                        : dm_geom_difference(ctx, parts[z], conf);
            GEOSGeom_destroy_r(dm_geos(ctx), parts[z]);
        }
        GEOSGeom_destroy_r(dm_geos(ctx), cls);
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                if (cells[dm_cell(h, z)][st] == NULL)
                    s = DM_ERR_GEOS;
        if (s != DM_OK)
            s = dm_geos_error(ctx, "survey overlay failed: %s",
                              dm_geos_message(ctx));
    }
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        GEOSGeom_destroy_r(dm_geos(ctx), cum[h]);
    GEOSGeom_destroy_r(dm_geos(ctx), conf);
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        GEOSGeom_destroy_r(dm_geos(ctx), zones[z]);
    return s;
}

dm_status dm_contamination_load_survey(dm_context *ctx,
                                       const dm_regions *regions,
                                       const char *source,
                                       const dm_survey_options *opts,
                                       dm_contamination **out)
{
    DM_CHECK(ctx, regions, source, out);
    DM_GEO_BEGIN(ctx);
    dm_survey_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_survey_options_init);
    if (!dm_cell_valid(o.default_hazard, o.default_zone, o.default_state))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_contamination_load_survey: a default class, "
                        "state or zone is out of range");
    if (o.threads < 1 || o.threads > DM_MAX_THREADS)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_contamination_load_survey: threads %u is not in "
                        "1–%d",
                        o.threads, DM_MAX_THREADS);
    dm_contamination *c = dm_contamination_new(ctx, regions);
    if (c == NULL)
        return dm_no_memory(ctx);
    survey sv;
    memset(&sv, 0, sizeof sv);
    dm_cell_polygons cells = {{NULL}};
    c->survey = 1;
    c->input = dm_strdup(ctx, source);
    dm_status s = c->input != NULL
                      ? read_survey(ctx, regions, source, &o, &sv, &c->repairs)
                      : DM_ERR_NO_MEMORY;
    if (s == DM_OK)
        s = survey_cells(ctx, regions, &sv, cells, c);
    if (s == DM_OK && c->total_m2 <= 0.0)
        s = dm_error(ctx, DM_ERR_EMPTY,
                     "survey '%s': no polygon falls inside the regions "
                     "(%.3f km² lie outside them; is the CRS right?)",
                     source, c->outside_m2 / DM_M2_PER_KM2);
    if (s == DM_OK)
        s = dm_overlay_cells(ctx, regions, cells, o.threads, c);
    dm_cell_polygons_free(ctx, cells);
    survey_free(ctx, &sv);
    if (s != DM_OK) {
        dm_contamination_free(c);
        return s;
    }
    *out = c;
    return DM_OK;
}
