/* Pictures with cairo: what drives a measure, as a tornado chart of the
 * figures' partial rank correlations (dm_projection_sensitivity()). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "picture-private.h"
#include "render-private.h"

/* The most bars drawn (the header's 1–40): more would not be readable. */
#define TOP_MAX 40
/* The titles' left margin, of the width. */
#define TITLE_MARGIN 0.02

typedef struct bar {
    const char *name; /* the figure's key path, borrowed */
    double prcc;
    size_t index; /* the figure's, for ties */
} bar;

typedef struct tornado_data {
    const dm_chart_options *o;
    bar bars[TOP_MAX];
    size_t count;     /* bars drawn */
    size_t effective; /* figures with a PRCC other than 0 */
    size_t runs;
    char measure[96]; /* "months to 80 %" */
    char land[160];
} tornado_data;

/* A reader's name of a measure. */
static void measure_label(dm_measure m, int year, char *buf, size_t size)
{
    switch (m) {
    case DM_MEASURE_MONTHS_TO_80:
        snprintf(buf, size, "months to 80 %%");
        break;
    case DM_MEASURE_MONTHS_TO_95:
        snprintf(buf, size, "months to 95 %%");
        break;
    case DM_MEASURE_MONTHS_TO_100:
        snprintf(buf, size, "months to 100 %%");
        break;
    case DM_MEASURE_COST: snprintf(buf, size, "the cost"); break;
    case DM_MEASURE_RELEASED: snprintf(buf, size, "km² released"); break;
    case DM_MEASURE_CLEARED: snprintf(buf, size, "km² cleared"); break;
    case DM_MEASURE_USD_PER_KM2_RELEASED:
        snprintf(buf, size, "US$ per km² released");
        break;
    case DM_MEASURE_USD_PER_KM2_CLEARED:
        snprintf(buf, size, "US$ per km² cleared");
        break;
    case DM_MEASURE_RELEASED_BY:
        snprintf(buf, size, "km² released by the end of %d", year);
        break;
    case DM_MEASURE_COST_IN_YEAR:
        snprintf(buf, size, "US$ spent in %d", year);
        break;
    default: snprintf(buf, size, "%s", "the measure"); break;
    }
}

/* The figures with an effect, largest first (dm_projection_drivers()),
 * the first `top` of them into d; a failure says which measure of which
 * land (DM_ERR_INVALID_ARGUMENT when the measure does not vary). */
static dm_status tornado_load(dm_context *ctx, const dm_projection *p,
                              size_t region, dm_measure measure, int year,
                              size_t top, tornado_data *d)
{
    measure_label(measure, year, d->measure, sizeof d->measure);
    dm_land_name(ctx, p, region, d->land, sizeof d->land);
    d->runs = dm_projection_runs(ctx, p);
    size_t order[TOP_MAX];
    double prcc[TOP_MAX];
    dm_status s = dm_projection_drivers(ctx, p, region, measure, year, order,
                                        prcc, top, &d->effective);
    if (s != DM_OK)
        return dm_error_wrap(ctx, s, "dm_render_sensitivity: %s (%s)",
                             d->measure, d->land);
    d->count = d->effective < top ? d->effective : top;
    for (size_t i = 0; i < d->count; i++)
        d->bars[i] = (bar){dm_projection_param_name(ctx, p, order[i]), prcc[i],
                           order[i]};
    return DM_OK;
}

/* The PRCC axis: gridlines and ticks over −1 to 1, its title, the frame. */
static void draw_prcc_axis(painter *p, const tornado_data *d,
                           const dm_chart_box *b, double font)
{
    cairo_set_font_size(p->cr, font);
    for (int k = -2; k <= 2; k++) {
        double v = k * 0.5;
        char text[16];
        snprintf(text, sizeof text, "%g", v);
        dm_x_tick(p, b, dm_tornado_x(b, v), text, font);
    }
    char title[160];
    snprintf(title, sizeof title, "partial rank correlation (PRCC) with %s",
             d->measure);
    dm_x_caption_and_frame(p, b, title, font);
}

/* The key paths' font: `font`, smaller when the widest would not fit left
 * of the box. */
static double name_font(painter *p, const tornado_data *d,
                        const dm_chart_box *b, double font)
{
    cairo_set_font_size(p->cr, font);
    double widest = 0.0, room = b->left - font * 1.6;
    for (size_t i = 0; i < d->count; i++) {
        cairo_text_extents_t e;
        cairo_text_extents(p->cr, d->bars[i].name, &e);
        widest = e.x_advance > widest ? e.x_advance : widest;
    }
    return widest > room && room > 0 ? font * room / widest : font;
}

/* Bar i: its key path on the left, the bar from 0, its value at its end. */
static void draw_tornado_bar(painter *p, const tornado_data *d,
                             const dm_chart_box *b, size_t i, double font,
                             double name_size, double thick)
{
    cairo_t *cr = p->cr;
    const bar *r = &d->bars[i];
    double y = dm_tornado_y(b, i, d->count);
    double x0 = dm_tornado_x(b, 0.0), x1 = dm_tornado_x(b, r->prcc);
    cairo_text_extents_t e;
    cairo_set_font_size(cr, name_size);
    cairo_text_extents(cr, r->name, &e);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, b->left - font * 0.6 - e.x_advance, y + e.height / 2);
    dm_show_text(p, r->name);
    dm_set_rgb255(cr, dm_prcc_colours[r->prcc > 0 ? 0 : 1]);
    cairo_rectangle(cr, x0 < x1 ? x0 : x1, y - thick / 2, fabs(x1 - x0),
                    thick);
    cairo_fill(cr);
    char value[16];
    snprintf(value, sizeof value, "%+.2f", r->prcc);
    cairo_set_font_size(cr, font);
    cairo_text_extents(cr, value, &e);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    double pad = font * 0.4;
    cairo_move_to(cr, r->prcc > 0 ? x1 + pad : x1 - pad - e.x_advance,
                  y + e.height / 2);
    dm_show_text(p, value);
}

/* The two colours' meaning, under the axis. */
static void draw_tornado_legend(painter *p, const dm_chart_box *b, double font)
{
    cairo_t *cr = p->cr;
    const char *meaning[2] = {"the measure grows with the figure",
                              "the measure falls as the figure grows"};
    double x = b->left, y = b->top + b->height + font * 4.8;
    cairo_set_font_size(cr, font * 0.9);
    for (int k = 0; k < 2; k++) {
        dm_set_rgb255(cr, dm_prcc_colours[k]);
        cairo_rectangle(cr, x, y - font * 0.75, font * 1.6, font * 0.9);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_move_to(cr, x + font * 2.2, y);
        dm_show_text(p, meaning[k]);
        cairo_text_extents_t e;
        cairo_text_extents(cr, meaning[k], &e);
        x += font * 4.0 + e.x_advance;
    }
}

static void draw_tornado_titles(painter *p, const tornado_data *d)
{
    cairo_t *cr = p->cr;
    double x = p->width * TITLE_MARGIN;
    char text[512];
    if (d->o->title != NULL)
        snprintf(text, sizeof text, "%s", d->o->title);
    else
        snprintf(text, sizeof text, "What drives %s (%s)", d->measure,
                 d->land);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, p->height * 0.036);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, x, p->height * 0.055);
    dm_show_title(p, text);
    snprintf(text, sizeof text,
             "%s, over %zu Monte Carlo runs, each figure's effect with the "
             "others held fixed; %zu of the %zu figures with an effect",
             d->land, d->runs, d->count, d->effective);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->height * 0.021);
    cairo_move_to(cr, x, p->height * 0.09);
    dm_show_text(p, text);
}

static void draw_tornado(painter *p, const void *data)
{
    const tornado_data *d = data;
    dm_chart_box b;
    dm_tornado_box(p->width, p->height, &b);
    cairo_t *cr = p->cr;
    double font = p->height * 0.02;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    draw_prcc_axis(p, d, &b, font);
    double row = d->count > 0 ? b.height / (double)d->count : b.height;
    double thick = fmin(row * 0.6, p->height * 0.05);
    font = fmin(font, row * 0.8);
    double name_size = name_font(p, d, &b, font);
    for (size_t i = 0; i < d->count; i++)
        draw_tornado_bar(p, d, &b, i, font, name_size, thick);
    if (d->count == 0) {
        const char *none = "no figure varies over the runs or has an effect";
        cairo_text_extents_t e;
        cairo_set_font_size(cr, font);
        cairo_text_extents(cr, none, &e);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_move_to(cr, b.left + (b.width - e.x_advance) / 2,
                      b.top + b.height / 2);
        dm_show_text(p, none);
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, dm_tornado_x(&b, 0.0), b.top);
    cairo_line_to(cr, dm_tornado_x(&b, 0.0), b.top + b.height);
    cairo_stroke(cr);
    draw_tornado_legend(p, &b, p->height * 0.02);
    draw_tornado_titles(p, d);
}

dm_status dm_render_sensitivity(dm_context *ctx,
                                const dm_projection *projection, size_t region,
                                dm_measure measure, int year, size_t top,
                                const char *path, const dm_chart_options *opts)
{
    DM_CHECK(ctx, projection, path);
    if (top < 1 || top > TOP_MAX)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_render_sensitivity: top %zu is not in 1–%d", top,
                        TOP_MAX);
    dm_chart_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_chart_options_init);
    const char *fmt = NULL;
    dm_status s =
        dm_picture_args(ctx, path, o.width, o.height, o.format, &fmt);
    if (s != DM_OK)
        return s;
    tornado_data d;
    memset(&d, 0, sizeof d);
    d.o = &o;
    s = tornado_load(ctx, projection, region, measure, year, top, &d);
    if (s == DM_OK)
        s = dm_picture_draw(ctx, path, fmt, o.width, o.height, draw_tornado,
                            &d, NULL);
    return s;
}
