/* Pictures with cairo: the contamination map. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>

#include "contamination-private.h"
#include "picture-private.h"
#include "regions-private.h"
#include "render-private.h"

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* The footer's default: the inputs the contamination was made of — the
 * boundaries with their licence where the file is a known one (the
 * embedded Natural Earth file, geoBoundaries), the survey's file or the
 * conflict sources (the model: not a survey). */
void dm_map_attribution(const dm_contamination *c, char *buf, size_t size)
{
    char b[400], m[400];
    const char *bn = base_name(c->boundaries);
    if (strcmp(bn, DM_DEFAULT_BOUNDARIES) == 0)
        snprintf(b, sizeof b,
                 "Boundaries: Natural Earth 1:10m admin-1 (public domain).");
    else if (strstr(bn, "geoBoundaries") != NULL)
        snprintf(b, sizeof b, "Boundaries: geoBoundaries, %.300s (CC BY 4.0).",
                 bn);
    else
        snprintf(b, sizeof b, "Boundaries: %.300s.", bn);
    const char *in = c->input != NULL ? base_name(c->input) : "";
    if (c->survey)
        snprintf(m, sizeof m,
                 "Contamination: surveyed hazardous areas, %.300s (SHA/CHA "
                 "as recorded).",
                 in);
    else if (strcmp(in, DM_DEFAULT_SOURCES) == 0)
        snprintf(m, sizeof m,
                 "Contamination: demine model from conflict sources, "
                 "calibrated to the national estimate; not a survey.");
    else
        snprintf(m, sizeof m,
                 "Contamination: demine model from the conflict sources "
                 "%.300s; not a survey.",
                 in);
    snprintf(buf, size, "%s %s", b, m);
}

/* Line widths: each region is one path with this outline (the SVG test
 * counts them by it), legend boxes have another. */
#define REGION_LINE 0.8
#define LEGEND_LINE 0.5

static void dm_map_options_init_full(dm_map_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->width = 1600;
    o->height = 1100;
    o->labels = DM_MAP_LABEL_CODE;
}

void dm_map_options_init_size(dm_map_options *o, size_t size)
{
    dm_map_options full;
    dm_map_options_init_full(&full);
    dm_init_copy(o, &full, sizeof full, size);
}

static void ring_path(painter *p, const GEOSGeometry *ring)
{
    const GEOSCoordSequence *seq =
        GEOSGeom_getCoordSeq_r(dm_geos(p->ctx), ring);
    unsigned n = 0;
    if (seq == NULL || !GEOSCoordSeq_getSize_r(dm_geos(p->ctx), seq, &n))
        return;
    for (unsigned i = 0; i < n; i++) {
        double x, y, px, py;
        GEOSCoordSeq_getXY_r(dm_geos(p->ctx), seq, i, &x, &y);
        dm_map_to_page(&p->layout, x, y, &px, &py);
        if (i == 0)
            cairo_move_to(p->cr, px, py);
        else
            cairo_line_to(p->cr, px, py);
    }
    cairo_close_path(p->cr);
}

/* Adds the polygons of g to the current path (even-odd fills holes). */
static void geometry_path(painter *p, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = dm_geos(p->ctx);
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        ring_path(p, GEOSGetExteriorRing_r(h, g));
        int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; i++)
            ring_path(p, GEOSGetInteriorRingN_r(h, g, i));
        return;
    }
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; type != GEOS_POINT && i < n; i++)
        geometry_path(p, GEOSGetGeometryN_r(h, g, i));
}

/* How each closed zone is hatched: the occupied zone with dark lines
 * rising to the right, the front line with lighter ones falling. */
static const struct zone_hatch {
    dm_zone zone;
    const char *label;
    int rising;
    double alpha;
} hatches[] = {
    {DM_ZONE_OCCUPIED, "occupied zone", 1, 0.55},
    {DM_ZONE_FRONT_LINE, "front-line zone", 0, 0.35},
};

/* A pattern of thin diagonal lines. */
static cairo_pattern_t *hatch_pattern(double spacing,
                                      const struct zone_hatch *z)
{
    int size = (int)ceil(spacing);
    cairo_surface_t *tile =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size);
    cairo_t *t = cairo_create(tile);
    cairo_set_source_rgba(t, 0.1, 0.1, 0.1, z->alpha);
    cairo_set_line_width(t, 1.0);
    cairo_move_to(t, 0, z->rising ? size : 0);
    cairo_line_to(t, size, z->rising ? 0 : size);
    cairo_stroke(t);
    cairo_destroy(t);
    cairo_pattern_t *pat = cairo_pattern_create_for_surface(tile);
    cairo_pattern_set_extend(pat, CAIRO_EXTEND_REPEAT);
    cairo_surface_destroy(tile);
    return pat;
}

/* Text with a white halo, so it reads on any fill. */
static void halo_text(cairo_t *cr, double x, double y, const char *text,
                      int centred)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, text, &e);
    if (centred) {
        x -= e.width / 2 + e.x_bearing;
        y -= e.height / 2 + e.y_bearing;
    }
    cairo_move_to(cr, x, y);
    cairo_text_path(cr, text);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 3.0);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill(cr);
}

static void draw_regions(painter *p, const dm_regions *r,
                         const dm_contamination *c)
{
    cairo_t *cr = p->cr;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    /* One path per region: fill by share, thin grey outline. */
    for (size_t i = 0; i < r->count; i++) {
        double sum = 0.0;
        for (size_t k = 0; k < DM_CELL_COUNT; k++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++)
                sum += c->regions[i].cell_m2[k][st];
        double share =
            r->items[i].area_m2 > 0 ? sum / r->items[i].area_m2 : 0.0;
        geometry_path(p, r->items[i].geom);
        dm_set_rgb255(cr, dm_share_ramp[dm_share_class(share)]);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_set_line_width(cr, REGION_LINE);
        cairo_stroke(cr);
    }
    /* The contamination, lowest class first so the highest is on top. */
    for (int h = DM_HAZARD_COUNT - 1; h >= 0; h--) {
        for (size_t i = 0; i < c->count; i++)
            for (int z = 0; z < DM_ZONE_COUNT; z++)
                for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                    const GEOSGeometry *g =
                        c->regions[i].cell[dm_cell(h, z)][st];
                    if (g != NULL)
                        geometry_path(p, g);
                }
        cairo_set_source_rgba(cr, dm_class_rgba[h][0], dm_class_rgba[h][1],
                              dm_class_rgba[h][2], dm_class_rgba[h][3]);
        cairo_fill(cr);
    }
    /* The closed zones, hatched. */
    for (size_t k = 0; k < sizeof hatches / sizeof hatches[0]; k++) {
        for (size_t i = 0; i < c->count; i++)
            for (int h = 0; h < DM_HAZARD_COUNT; h++)
                for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                    const GEOSGeometry *g =
                        c->regions[i].cell[dm_cell(h, hatches[k].zone)][st];
                    if (g != NULL)
                        geometry_path(p, g);
                }
        cairo_pattern_t *hatch = hatch_pattern(p->height * 0.008, &hatches[k]);
        cairo_set_source(cr, hatch);
        cairo_fill(cr);
        cairo_pattern_destroy(hatch);
    }
    /* The national outline. */
    geometry_path(p, r->outline);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 1.6);
    cairo_stroke(cr);
}

static void draw_labels(painter *p, const dm_regions *r, dm_map_labels which)
{
    if (which == DM_MAP_LABEL_NONE)
        return;
    cairo_t *cr = p->cr;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->height * 0.0125);
    for (size_t i = 0; i < r->count; i++) {
        GEOSGeometry *pt =
            GEOSPointOnSurface_r(dm_geos(p->ctx), r->items[i].geom);
        double x, y, px, py;
        if (pt != NULL && GEOSGeomGetX_r(dm_geos(p->ctx), pt, &x) &&
            GEOSGeomGetY_r(dm_geos(p->ctx), pt, &y)) {
            dm_map_to_page(&p->layout, x, y, &px, &py);
            const char *label = which == DM_MAP_LABEL_NAME ? r->items[i].name
                                                           : r->items[i].code;
            halo_text(cr, px, py, label, 1);
            dm_keep_text(p, label);
        }
        GEOSGeom_destroy_r(dm_geos(p->ctx), pt);
    }
}

static void draw_title(painter *p, const char *title,
                       const dm_contamination *c)
{
    cairo_t *cr = p->cr;
    char text[512], sub[512];
    snprintf(text, sizeof text, "%s",
             title       ? title
             : c->survey ? "Surveyed hazardous areas by region"
                         : "Estimated contamination by region");
    char total[32], national[32], factor[64] = "";
    dm_thousands(total, sizeof total, c->total_m2 / 1e6);
    dm_thousands(national, sizeof national, c->national_m2 / 1e6);
    if (c->iterations > 0)
        snprintf(factor, sizeof factor, "; bands calibrated × %.3f",
                 c->factor);
    snprintf(sub, sizeof sub, "%s km² %s, %.1f %% of %s km²%s", total,
             c->survey ? "of hazardous areas" : "contaminated",
             100.0 * c->total_m2 / c->national_m2, national, factor);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, p->height * 0.032);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, DM_MARGIN * p->height, p->height * 0.045);
    dm_show_text(p, text);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->height * 0.018);
    cairo_move_to(cr, DM_MARGIN * p->height, p->height * 0.075);
    dm_show_text(p, sub);
}

static void draw_legend(painter *p)
{
    cairo_t *cr = p->cr;
    double x = p->width * (1.0 - DM_LEGEND_BAND) + DM_MARGIN * p->height;
    double y = p->height * DM_TITLE_BAND + DM_MARGIN * p->height;
    double box = p->height * 0.025, font = p->height * 0.016;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, font);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, x, y);
    dm_show_text(p, "Contaminated share");
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    y += box * 0.6;
    for (int i = DM_SHARE_CLASSES - 1; i >= 0; i--) {
        char label[64];
        snprintf(label, sizeof label, "%g–%g %%", 100 * dm_share_breaks[i],
                 fmin(100.0, 100 * dm_share_breaks[i + 1]));
        cairo_rectangle(cr, x, y, box * 1.6, box);
        dm_set_rgb255(cr, dm_share_ramp[i]);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_set_line_width(cr, LEGEND_LINE);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, x + box * 2.0, y + box * 0.75);
        dm_show_text(p, label);
        y += box * 1.25;
    }
    y += box;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_move_to(cr, x, y);
    dm_show_text(p, "Hazard class");
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    y += box * 0.6;
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        cairo_rectangle(cr, x, y, box * 1.6, box);
        dm_set_rgb255(cr, dm_share_ramp[0]);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, dm_class_rgba[h][0], dm_class_rgba[h][1],
                              dm_class_rgba[h][2], dm_class_rgba[h][3]);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, x + box * 2.0, y + box * 0.75);
        dm_show_text(p, dm_hazard_name(h));
        y += box * 1.25;
    }
    for (size_t k = 0; k < sizeof hatches / sizeof hatches[0]; k++) {
        cairo_rectangle(cr, x, y, box * 1.6, box);
        cairo_pattern_t *hatch = hatch_pattern(p->height * 0.008, &hatches[k]);
        cairo_set_source(cr, hatch);
        cairo_fill(cr);
        cairo_pattern_destroy(hatch);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, x + box * 2.0, y + box * 0.75);
        dm_show_text(p, hatches[k].label);
        y += box * 1.25;
    }
}

/* A scale bar of a round length near a fifth of the map's width. */
static void draw_scale_bar(painter *p)
{
    static const double lengths_km[] = {10,  20,  25,  50,   100,
                                        200, 250, 500, 1000, 2000};
    double want = p->layout.area_w / 5.0 / p->layout.scale / 1000.0;
    double km = lengths_km[0];
    for (size_t i = 0; i < sizeof lengths_km / sizeof lengths_km[0]; i++)
        if (lengths_km[i] <= want)
            km = lengths_km[i];
    double len = km * 1000.0 * p->layout.scale;
    double x = p->layout.area_x, y = p->height * (1.0 - DM_BOTTOM_BAND * 0.62);
    double tick = p->height * 0.008;
    cairo_t *cr = p->cr;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 2.0);
    cairo_move_to(cr, x, y - tick);
    cairo_line_to(cr, x, y);
    cairo_line_to(cr, x + len, y);
    cairo_line_to(cr, x + len, y - tick);
    cairo_move_to(cr, x + len / 2, y);
    cairo_line_to(cr, x + len / 2, y - tick * 0.6);
    cairo_stroke(cr);
    char label[64];
    snprintf(label, sizeof label, "%g km (equal-area projection)", km);
    cairo_set_font_size(cr, p->height * 0.014);
    cairo_move_to(cr, x + len + tick, y);
    dm_show_text(p, label);
}

static void draw_attribution(painter *p, const char *text)
{
    cairo_t *cr = p->cr;
    cairo_set_font_size(cr, p->height * 0.012);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, DM_MARGIN * p->height, p->height * (1.0 - 0.015));
    dm_show_text(p, text);
}

typedef struct map_data {
    const dm_regions *regions;
    const dm_contamination *c;
    const dm_map_options *o;
} map_data;

static void draw_map(painter *p, const void *data)
{
    const map_data *m = data;
    draw_regions(p, m->regions, m->c);
    draw_labels(p, m->regions, m->o->labels);
    draw_title(p, m->o->title, m->c);
    draw_legend(p);
    draw_scale_bar(p);
    char footer[900];
    dm_map_attribution(m->c, footer, sizeof footer);
    draw_attribution(p, m->o->attribution ? m->o->attribution : footer);
}

dm_status dm_render_map(dm_context *ctx, const dm_regions *regions,
                        const dm_contamination *c, const char *path,
                        const dm_map_options *opts)
{
    DM_CHECK(ctx, regions, c, path);
    DM_GEO_BEGIN(ctx);
    dm_map_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_map_options_init);
    opts = &o;
    const char *fmt = NULL;
    dm_status s = dm_picture_args(ctx, path, opts->width, opts->height,
                                  opts->format, &fmt);
    if (s != DM_OK)
        return s;
    if ((unsigned)opts->labels > DM_MAP_LABEL_NONE)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "map labels %d out of range", (int)opts->labels);
    int same = c->count == regions->count;
    for (size_t i = 0; same && i < c->count; i++)
        same = strcmp(c->regions[i].code, regions->items[i].code) == 0;
    if (!same)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "the contamination was built on other regions than "
                        "those given to dm_render_map");
    dm_map_layout layout;
    dm_map_layout_compute(regions->outline_bounds, opts->width, opts->height,
                          &layout);
    map_data m = {regions, c, opts};
    return dm_picture_draw(ctx, path, fmt, opts->width, opts->height, draw_map,
                           &m, &layout);
}
