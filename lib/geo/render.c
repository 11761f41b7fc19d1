/* Pictures with cairo: the contamination map. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo-svg.h>
#include <cairo.h>

#include "atomic-private.h"
#include "contamination-private.h"
#include "regions-private.h"
#include "render-private.h"

/* Contamination polygons on top of the fill, per class: dark, translucent,
 * so that the region's colour still shows. */
static const double class_rgba[DM_HAZARD_COUNT][4] = {
    {0.30, 0.00, 0.10, 0.70}, /* high */
    {0.45, 0.10, 0.20, 0.45}, /* medium */
    {0.55, 0.35, 0.35, 0.25}, /* low */
};

#define DEFAULT_ATTRIBUTION                                                   \
    "Boundaries: Natural Earth 1:10m admin-1 (public domain). "               \
    "Contamination: demine model from conflict sources, calibrated to the "   \
    "national estimate; not a survey."

/* Line widths: each region is one path with this outline (the SVG test
 * counts them by it), legend boxes have another. */
#define REGION_LINE 0.8
#define LEGEND_LINE 0.5

void dm_map_options_init(dm_map_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->width = 1600;
    o->height = 1100;
    o->labels = DM_MAP_LABEL_CODE;
}

/* ---- drawing -------------------------------------------------------------
 */

typedef struct painter {
    dm_context *ctx;
    cairo_t *cr;
    dm_map_layout layout;
    int width, height;
} painter;

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

static void set_rgb255(cairo_t *cr, const unsigned char c[3])
{
    cairo_set_source_rgb(cr, c[0] / 255.0, c[1] / 255.0, c[2] / 255.0);
}

/* A pattern of thin diagonal lines for the occupied zone. */
static cairo_pattern_t *hatch_pattern(double spacing)
{
    int size = (int)ceil(spacing);
    cairo_surface_t *tile =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size);
    cairo_t *t = cairo_create(tile);
    cairo_set_source_rgba(t, 0.1, 0.1, 0.1, 0.55);
    cairo_set_line_width(t, 1.0);
    cairo_move_to(t, 0, size);
    cairo_line_to(t, size, 0);
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
        set_rgb255(cr, dm_share_ramp[dm_share_class(share)]);
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
        cairo_set_source_rgba(cr, class_rgba[h][0], class_rgba[h][1],
                              class_rgba[h][2], class_rgba[h][3]);
        cairo_fill(cr);
    }
    /* The occupied zone, hatched. */
    for (size_t i = 0; i < c->count; i++)
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                const GEOSGeometry *g =
                    c->regions[i].cell[dm_cell(h, DM_ZONE_OCCUPIED)][st];
                if (g != NULL)
                    geometry_path(p, g);
            }
    cairo_pattern_t *hatch = hatch_pattern(p->height * 0.008);
    cairo_set_source(cr, hatch);
    cairo_fill(cr);
    cairo_pattern_destroy(hatch);
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
            halo_text(cr, px, py,
                      which == DM_MAP_LABEL_NAME ? r->items[i].name
                                                 : r->items[i].code,
                      1);
        }
        GEOSGeom_destroy_r(dm_geos(p->ctx), pt);
    }
}

/* A whole number with thousands separators: 179663.4 -> "179,663". */
static void thousands(char *buf, size_t size, double value)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(value));
    size_t n = strlen(digits), k = 0;
    if (value < 0 && k + 1 < size)
        buf[k++] = '-';
    for (size_t i = 0; i < n && k + 1 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0 && k + 1 < size)
            buf[k++] = ',';
        if (k + 1 < size)
            buf[k++] = digits[i];
    }
    buf[k] = '\0';
}

static void draw_title(painter *p, const char *title,
                       const dm_contamination *c)
{
    cairo_t *cr = p->cr;
    char text[512], sub[512];
    snprintf(text, sizeof text, "%s",
             title ? title : "Estimated contamination by region");
    char total[32], national[32], factor[64] = "";
    thousands(total, sizeof total, c->total_m2 / 1e6);
    thousands(national, sizeof national, c->national_m2 / 1e6);
    if (c->iterations > 0)
        snprintf(factor, sizeof factor, "; bands calibrated × %.3f",
                 c->factor);
    snprintf(sub, sizeof sub, "%s km² contaminated, %.1f %% of %s km²%s",
             total, 100.0 * c->total_m2 / c->national_m2, national, factor);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, p->height * 0.032);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, DM_MARGIN * p->height, p->height * 0.045);
    cairo_show_text(cr, text);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->height * 0.018);
    cairo_move_to(cr, DM_MARGIN * p->height, p->height * 0.075);
    cairo_show_text(cr, sub);
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
    cairo_show_text(cr, "Contaminated share");
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    y += box * 0.6;
    for (int i = DM_SHARE_CLASSES - 1; i >= 0; i--) {
        char label[64];
        snprintf(label, sizeof label, "%g–%g %%", 100 * dm_share_breaks[i],
                 fmin(100.0, 100 * dm_share_breaks[i + 1]));
        cairo_rectangle(cr, x, y, box * 1.6, box);
        set_rgb255(cr, dm_share_ramp[i]);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_set_line_width(cr, LEGEND_LINE);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, x + box * 2.0, y + box * 0.75);
        cairo_show_text(cr, label);
        y += box * 1.25;
    }
    y += box;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, "Hazard class");
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    y += box * 0.6;
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        cairo_rectangle(cr, x, y, box * 1.6, box);
        set_rgb255(cr, dm_share_ramp[0]);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, class_rgba[h][0], class_rgba[h][1],
                              class_rgba[h][2], class_rgba[h][3]);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, x + box * 2.0, y + box * 0.75);
        cairo_show_text(cr, dm_hazard_name(h));
        y += box * 1.25;
    }
    cairo_rectangle(cr, x, y, box * 1.6, box);
    cairo_pattern_t *hatch = hatch_pattern(p->height * 0.008);
    cairo_set_source(cr, hatch);
    cairo_fill(cr);
    cairo_pattern_destroy(hatch);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, x + box * 2.0, y + box * 0.75);
    cairo_show_text(cr, "occupied zone");
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
    cairo_show_text(cr, label);
}

static void draw_attribution(painter *p, const char *text)
{
    cairo_t *cr = p->cr;
    cairo_set_font_size(cr, p->height * 0.012);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, DM_MARGIN * p->height, p->height * (1.0 - 0.015));
    cairo_show_text(cr, text);
}

/* ---- files -----------------------------------------------------------------
 */

/* "png" or "svg" from the option or the extension; NULL when neither. */
static const char *picture_format(const char *path, const char *format)
{
    const char *f = format;
    if (f == NULL) {
        const char *dot = strrchr(path, '.');
        f = dot != NULL && strchr(dot, '/') == NULL ? dot + 1 : "";
    }
    if (strcasecmp(f, "png") == 0)
        return "png";
    if (strcasecmp(f, "svg") == 0)
        return "svg";
    return NULL;
}

/* Checks size and format shared by every picture. */
static dm_status picture_args(dm_context *ctx, const char *path, int width,
                              int height, const char *format, const char **fmt)
{
    if (width < DM_PICTURE_MIN_SIZE || width > DM_PICTURE_MAX_SIZE ||
        height < DM_PICTURE_MIN_SIZE || height > DM_PICTURE_MAX_SIZE)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "picture size %d × %d is outside %d–%d", width, height,
                        DM_PICTURE_MIN_SIZE, DM_PICTURE_MAX_SIZE);
    *fmt = picture_format(path, format);
    if (*fmt == NULL)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "cannot tell the picture format of '%s' (png or svg)",
                        path);
    return DM_OK;
}

typedef void (*draw_fn)(painter *p, const void *data);

/* Draws into a PNG or SVG at `path`, whole or not at all. */
static dm_status draw_picture(dm_context *ctx, const char *path,
                              const char *fmt, int width, int height,
                              draw_fn draw, const void *data,
                              dm_map_layout *layout)
{
    dm_atomic a;
    dm_status s = dm_atomic_begin(ctx, path, &a);
    if (s != DM_OK)
        return s;
    int svg = strcmp(fmt, "svg") == 0;
    cairo_surface_t *surface =
        svg ? cairo_svg_surface_create(a.tmp, width, height)
            : cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    if (svg)
        cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_2);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    painter p;
    memset(&p, 0, sizeof p);
    p.ctx = ctx;
    p.cr = cr;
    p.width = width;
    p.height = height;
    if (layout != NULL)
        p.layout = *layout;
    draw(&p, data);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    if (cs == CAIRO_STATUS_SUCCESS && !svg)
        cs = cairo_surface_write_to_png(surface, a.tmp);
    cairo_surface_finish(surface);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (cs != CAIRO_STATUS_SUCCESS) {
        dm_atomic_abort(&a);
        return dm_error(ctx, DM_ERR_IO, "cannot draw '%s': %s", path,
                        cairo_status_to_string(cs));
    }
    return dm_atomic_commit(ctx, &a);
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
    draw_attribution(p, m->o->attribution ? m->o->attribution
                                          : DEFAULT_ATTRIBUTION);
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
    dm_status s =
        picture_args(ctx, path, opts->width, opts->height, opts->format, &fmt);
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
    return draw_picture(ctx, path, fmt, opts->width, opts->height, draw_map,
                        &m, &layout);
}

/* ---- burn-down chart
 * --------------------------------------------------------- */

void dm_chart_options_init(dm_chart_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->width = 1400;
    o->height = 800;
    o->target_share = DM_STRATEGY_RELEASED_SHARE;
    o->target_month = DM_STRATEGY_DEADLINE;
}

/* One scenario's quantile curves. */
typedef struct curve {
    const char *label;
    char fallback[32]; /* "scenario 3" when no label is given */
    int start;
    size_t count; /* months + 1 */
    double *p10, *p50, *p90;
} curve;

typedef struct chart_data {
    curve *curves;
    size_t n;
    const dm_chart_options *o;
    int x0, x1;     /* months shown */
    double ymax;    /* km² at the top */
    double initial; /* national km² of the first projection */
    size_t runs;
} chart_data;

typedef dm_chart_box chart_box;

static double chart_x(const chart_box *b, const chart_data *d, double month)
{
    return dm_chart_x(b, d->x0, d->x1, month);
}

static double chart_y(const chart_box *b, const chart_data *d, double km2)
{
    return dm_chart_y(b, d->ymax, km2);
}

static void draw_axes(painter *p, const chart_data *d, const chart_box *b)
{
    cairo_t *cr = p->cr;
    double font = p->height * 0.02;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, font);
    /* y: km², gridlines. */
    double step = dm_nice_step(d->ymax, 6);
    for (double v = 0; v <= d->ymax + 1e-9 * d->ymax; v += step) {
        double y = chart_y(b, d, v);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_set_line_width(cr, 1.0);
        cairo_move_to(cr, b->left, y);
        cairo_line_to(cr, b->left + b->width, y);
        cairo_stroke(cr);
        char label[32];
        thousands(label, sizeof label, v);
        cairo_text_extents_t e;
        cairo_text_extents(cr, label, &e);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_move_to(cr, b->left - e.width - font * 0.5, y + e.height / 2);
        cairo_show_text(cr, label);
    }
    /* x: years. */
    int years = (d->x1 - d->x0) / 12;
    int every = years <= 12 ? 1 : years <= 24 ? 2 : years <= 60 ? 5 : 10;
    int first = d->x0 / 12;
    for (int y = first; y * 12 <= d->x1; y++) {
        if (y * 12 < d->x0 || y % every != 0)
            continue;
        double x = chart_x(b, d, y * 12);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, x, b->top);
        cairo_line_to(cr, x, b->top + b->height);
        cairo_stroke(cr);
        char label[16];
        snprintf(label, sizeof label, "%d", y);
        cairo_text_extents_t e;
        cairo_text_extents(cr, label, &e);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_move_to(cr, x - e.width / 2, b->top + b->height + font * 1.5);
        cairo_show_text(cr, label);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1.2);
    cairo_rectangle(cr, b->left, b->top, b->width, b->height);
    cairo_stroke(cr);
    /* Axis title, upright along the y axis. */
    cairo_save(cr);
    cairo_move_to(cr, p->width * 0.018, b->top + b->height / 2 + font * 8);
    cairo_rotate(cr, -DM_PI / 2);
    cairo_show_text(cr, "remaining hazardous area, km²");
    cairo_restore(cr);
}

static void draw_curves(painter *p, const chart_data *d, const chart_box *b)
{
    cairo_t *cr = p->cr;
    cairo_save(cr);
    cairo_rectangle(cr, b->left, b->top, b->width, b->height);
    cairo_clip(cr);
    for (size_t i = 0; i < d->n; i++) {
        const curve *c = &d->curves[i];
        const unsigned char *rgb =
            dm_scenario_colours[i % DM_SCENARIO_COLOURS];
        /* The band: P90 forwards, P10 backwards. */
        for (size_t k = 0; k < c->count; k++)
            cairo_line_to(cr, chart_x(b, d, c->start + (double)k),
                          chart_y(b, d, c->p90[k]));
        for (size_t k = c->count; k-- > 0;)
            cairo_line_to(cr, chart_x(b, d, c->start + (double)k),
                          chart_y(b, d, c->p10[k]));
        cairo_close_path(cr);
        cairo_set_source_rgba(cr, rgb[0] / 255.0, rgb[1] / 255.0,
                              rgb[2] / 255.0, DM_BAND_ALPHA);
        cairo_fill(cr);
    }
    for (size_t i = 0; i < d->n; i++) {
        const curve *c = &d->curves[i];
        const unsigned char *rgb =
            dm_scenario_colours[i % DM_SCENARIO_COLOURS];
        for (size_t k = 0; k < c->count; k++)
            cairo_line_to(cr, chart_x(b, d, c->start + (double)k),
                          chart_y(b, d, c->p50[k]));
        set_rgb255(cr, rgb);
        cairo_set_line_width(cr, 2.5);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

static void draw_target(painter *p, const chart_data *d, const chart_box *b)
{
    const dm_chart_options *o = d->o;
    if (!(o->target_share > 0.0) || o->target_month < d->x0 ||
        o->target_month > d->x1)
        return;
    cairo_t *cr = p->cr;
    double level = (1.0 - o->target_share) * d->initial;
    double x = chart_x(b, d, o->target_month), y = chart_y(b, d, level);
    const double dash[] = {6.0, 4.0};
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 1.2);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, b->left, y);
    cairo_line_to(cr, x, y);
    cairo_line_to(cr, x, b->top + b->height);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    double r = p->height * 0.011;
    cairo_move_to(cr, x, y - r);
    cairo_line_to(cr, x + r, y);
    cairo_line_to(cr, x, y + r);
    cairo_line_to(cr, x - r, y);
    cairo_close_path(cr);
    cairo_fill(cr);
    char label[96];
    snprintf(label, sizeof label, "target: %.0f %% released by %04d-%02d",
             100.0 * o->target_share, o->target_month / 12,
             o->target_month % 12 + 1);
    cairo_set_font_size(cr, p->height * 0.019);
    cairo_move_to(cr, x + r * 1.5, y - r * 1.2);
    cairo_show_text(cr, label);
}

static void draw_chart_legend(painter *p, const chart_data *d,
                              const chart_box *b)
{
    cairo_t *cr = p->cr;
    double font = p->height * 0.02, line = font * 1.5;
    double x = b->left + b->width * 0.62, y = b->top + line;
    cairo_set_font_size(cr, font);
    for (size_t i = 0; i < d->n; i++) {
        const unsigned char *rgb =
            dm_scenario_colours[i % DM_SCENARIO_COLOURS];
        cairo_rectangle(cr, x, y - font * 0.75, font * 2.2, font * 0.9);
        cairo_set_source_rgba(cr, rgb[0] / 255.0, rgb[1] / 255.0,
                              rgb[2] / 255.0, DM_BAND_ALPHA);
        cairo_fill(cr);
        cairo_move_to(cr, x, y - font * 0.3);
        cairo_line_to(cr, x + font * 2.2, y - font * 0.3);
        set_rgb255(cr, rgb);
        cairo_set_line_width(cr, 2.5);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_move_to(cr, x + font * 2.8, y);
        cairo_show_text(cr, d->curves[i].label);
        y += line;
    }
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, "line: P50; band: P10–P90 of the runs");
}

static void draw_chart(painter *p, const void *data)
{
    const chart_data *d = data;
    chart_box b;
    dm_chart_box_compute(p->width, p->height, &b);
    draw_axes(p, d, &b);
    draw_curves(p, d, &b);
    draw_target(p, d, &b);
    draw_chart_legend(p, d, &b);
    cairo_t *cr = p->cr;
    char title[256];
    snprintf(title, sizeof title, "%s",
             d->o->title ? d->o->title : "Remaining hazardous area");
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, p->height * 0.036);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, b.left, p->height * 0.055);
    cairo_show_text(cr, title);
    char sub[128];
    snprintf(sub, sizeof sub,
             "national, not yet released (suspected, "
             "confirmed, to clear); %zu Monte Carlo runs",
             d->runs);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->height * 0.021);
    cairo_move_to(cr, b.left, p->height * 0.09);
    cairo_show_text(cr, sub);
}

static void curves_free(curve *c, size_t n)
{
    for (size_t i = 0; c != NULL && i < n; i++) {
        free(c[i].p10);
        free(c[i].p50);
        free(c[i].p90);
    }
    free(c);
}

dm_status dm_render_burndown(dm_context *ctx,
                             const dm_projection *const *projections,
                             const char *const *labels, size_t n,
                             const char *path, const dm_chart_options *opts)
{
    DM_CHECK(ctx, path);
    if (n == 0 || projections == NULL)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_render_burndown: no projection to draw");
    dm_chart_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_chart_options_init);
    opts = &o;
    const char *fmt = NULL;
    dm_status s =
        picture_args(ctx, path, opts->width, opts->height, opts->format, &fmt);
    if (s != DM_OK)
        return s;
    if (!(opts->target_share >= 0.0 && opts->target_share <= 1.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "target share %g is not in 0–1", opts->target_share);
    chart_data d;
    memset(&d, 0, sizeof d);
    d.o = opts;
    d.n = n;
    d.curves = calloc(n, sizeof *d.curves);
    if (d.curves == NULL)
        return dm_no_memory(ctx);
    for (size_t i = 0; s == DM_OK && i < n; i++) {
        curve *c = &d.curves[i];
        if (projections[i] == NULL) {
            s = dm_error(ctx, DM_ERR_NULL_ARGUMENT,
                         "dm_render_burndown: "
                         "projection %zu is NULL",
                         i);
            break;
        }
        size_t months = dm_projection_months(ctx, projections[i]);
        if (months == 0) {
            s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                         "dm_render_burndown: "
                         "projection %zu has no month to draw",
                         i);
            break;
        }
        if (labels != NULL && labels[i] != NULL) {
            c->label = labels[i];
        } else {
            snprintf(c->fallback, sizeof c->fallback, "scenario %zu", i + 1);
            c->label = c->fallback;
        }
        c->count = months + 1;
        c->p10 = malloc(c->count * sizeof *c->p10);
        c->p50 = malloc(c->count * sizeof *c->p50);
        c->p90 = malloc(c->count * sizeof *c->p90);
        if (c->p10 == NULL || c->p50 == NULL || c->p90 == NULL) {
            s = dm_no_memory(ctx);
            break;
        }
        s = dm_projection_start(ctx, projections[i], &c->start);
        if (s == DM_OK)
            s = dm_projection_remaining_quantile(
                ctx, projections[i], DM_NATIONAL, 0.1, c->p10, c->count);
        if (s == DM_OK)
            s = dm_projection_remaining_quantile(
                ctx, projections[i], DM_NATIONAL, 0.5, c->p50, c->count);
        if (s == DM_OK)
            s = dm_projection_remaining_quantile(
                ctx, projections[i], DM_NATIONAL, 0.9, c->p90, c->count);
        if (s != DM_OK)
            break;
        int end = c->start + (int)months;
        d.x0 = i == 0 || c->start < d.x0 ? c->start : d.x0;
        d.x1 = i == 0 || end > d.x1 ? end : d.x1;
        for (size_t k = 0; k < c->count; k++)
            d.ymax = c->p90[k] > d.ymax ? c->p90[k] : d.ymax;
        if (i == 0) {
            s = dm_projection_area_km2(ctx, projections[0], DM_NATIONAL,
                                       &d.initial);
            d.runs = dm_projection_runs(ctx, projections[0]);
        }
    }
    if (s == DM_OK) {
        d.ymax = dm_chart_top(d.ymax);
        s = draw_picture(ctx, path, fmt, opts->width, opts->height, draw_chart,
                         &d, NULL);
    }
    curves_free(d.curves, n);
    return s;
}
