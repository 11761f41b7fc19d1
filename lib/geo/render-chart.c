/* Pictures with cairo: the burn-down chart of projections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "picture-private.h"
#include "record-private.h"
#include "render-private.h"

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
    int replay_end; /* the month the first projection's replay ends */
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
        dm_thousands(label, sizeof label, v);
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
        dm_set_rgb255(cr, rgb);
        cairo_set_line_width(cr, 2.5);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

/* The months the first projection replays the record, shaded, and the
 * words "replay" and "projection" either side of their end. */
static void draw_replay(painter *p, const chart_data *d, const chart_box *b)
{
    if (d->replay_end <= d->curves[0].start)
        return;
    cairo_t *cr = p->cr;
    double x0 = chart_x(b, d, d->curves[0].start);
    double x1 = chart_x(b, d, d->replay_end);
    cairo_rectangle(cr, x0, b->top, x1 - x0, b->height);
    cairo_set_source_rgba(cr, 0.5, 0.5, 0.5, 0.12);
    cairo_fill(cr);
    double font = p->height * 0.018;
    cairo_set_font_size(cr, font);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_text_extents_t e;
    cairo_text_extents(cr, "replay", &e);
    cairo_move_to(cr, x1 - e.width - font * 0.4,
                  b->top + b->height - font * 0.6);
    cairo_show_text(cr, "replay");
    cairo_move_to(cr, x1 + font * 0.4, b->top + b->height - font * 0.6);
    cairo_show_text(cr, "projection");
}

/* Whether observation x is one the chart draws: what remains nationally. */
static int drawn(const dm_obs *x)
{
    return x->region == NULL && strcmp(dm_quantity((size_t)x->quantity)->name,
                                       "remaining_km2") == 0;
}

/* The record's observations of what remains: a point at the end of its
 * month, a bar over its range. */
static void draw_record(painter *p, const chart_data *d, const chart_box *b)
{
    const dm_record *r = d->o->record;
    if (r == NULL)
        return;
    cairo_t *cr = p->cr;
    double radius = p->height * 0.006, cap = radius * 1.2;
    for (size_t i = 0; i < r->count; i++) {
        const dm_obs *x = &r->items[i];
        if (!drawn(x))
            continue;
        double cx = chart_x(b, d, x->month + 1);
        double lo = chart_y(b, d, x->low), hi = chart_y(b, d, x->high);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        cairo_set_line_width(cr, 1.5);
        cairo_move_to(cr, cx, lo);
        cairo_line_to(cr, cx, hi);
        cairo_move_to(cr, cx - cap, lo);
        cairo_line_to(cr, cx + cap, lo);
        cairo_move_to(cr, cx - cap, hi);
        cairo_line_to(cr, cx + cap, hi);
        cairo_stroke(cr);
        cairo_arc(cr, cx, chart_y(b, d, x->value), radius, 0, 2 * DM_PI);
        cairo_fill(cr);
    }
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
    char label[96], month[DM_MONTH_TEXT_SIZE];
    snprintf(label, sizeof label, "target: %.0f %% released by %s",
             100.0 * o->target_share,
             dm_month_format(o->target_month, month, sizeof month));
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
        dm_set_rgb255(cr, rgb);
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
    if (d->o->record == NULL)
        return;
    y += line;
    double r = p->height * 0.006;
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    cairo_arc(cr, x + font * 1.1, y - font * 0.3, r, 0, 2 * DM_PI);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, x + font * 2.8, y);
    cairo_show_text(cr, "point, bar: the record and its range");
}

static void draw_chart(painter *p, const void *data)
{
    const chart_data *d = data;
    chart_box b;
    dm_chart_box_compute(p->width, p->height, &b);
    draw_axes(p, d, &b);
    draw_replay(p, d, &b);
    draw_curves(p, d, &b);
    draw_record(p, d, &b);
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

/* Reads the quantile curves of projection i into d->curves[i] and widens
 * the months and the top of d to them. */
static dm_status add_curve(dm_context *ctx,
                           const dm_projection *const *projections,
                           const char *const *labels, size_t i, chart_data *d)
{
    curve *c = &d->curves[i];
    if (projections[i] == NULL)
        return dm_error(ctx, DM_ERR_NULL_ARGUMENT,
                        "dm_render_burndown: "
                        "projection %zu is NULL",
                        i);
    size_t months = dm_projection_months(ctx, projections[i]);
    if (months == 0)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_render_burndown: "
                        "projection %zu has no month to draw",
                        i);
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
    if (c->p10 == NULL || c->p50 == NULL || c->p90 == NULL)
        return dm_no_memory(ctx);
    dm_status s = dm_projection_start(ctx, projections[i], &c->start);
    if (s == DM_OK)
        s = dm_projection_remaining_quantile(ctx, projections[i], DM_NATIONAL,
                                             0.1, c->p10, c->count);
    if (s == DM_OK)
        s = dm_projection_remaining_quantile(ctx, projections[i], DM_NATIONAL,
                                             0.5, c->p50, c->count);
    if (s == DM_OK)
        s = dm_projection_remaining_quantile(ctx, projections[i], DM_NATIONAL,
                                             0.9, c->p90, c->count);
    if (s != DM_OK)
        return s;
    int end = c->start + (int)months;
    d->x0 = i == 0 || c->start < d->x0 ? c->start : d->x0;
    d->x1 = i == 0 || end > d->x1 ? end : d->x1;
    for (size_t k = 0; k < c->count; k++)
        d->ymax = c->p90[k] > d->ymax ? c->p90[k] : d->ymax;
    if (i == 0) {
        s = dm_projection_area_km2(ctx, projections[0], DM_NATIONAL,
                                   &d->initial);
        d->runs = dm_projection_runs(ctx, projections[0]);
        d->replay_end =
            c->start + (int)dm_projection_replay_months(ctx, projections[0]);
    }
    return s;
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
    dm_status s = dm_picture_args(ctx, path, opts->width, opts->height,
                                  opts->format, &fmt);
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
    for (size_t i = 0; s == DM_OK && i < n; i++)
        s = add_curve(ctx, projections, labels, i, &d);
    for (size_t i = 0; s == DM_OK && o.record != NULL && i < o.record->count;
         i++)
        if (drawn(&o.record->items[i]) && o.record->items[i].high > d.ymax)
            d.ymax = o.record->items[i].high;
    if (s == DM_OK && o.end_month != 0) {
        if (o.end_month <= d.x0)
            s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                         "dm_render_burndown: end month %d is not after the "
                         "start",
                         o.end_month);
        else if (o.end_month < d.x1)
            d.x1 = o.end_month;
    }
    if (s == DM_OK) {
        d.ymax = dm_chart_top(d.ymax);
        s = dm_picture_draw(ctx, path, fmt, opts->width, opts->height,
                            draw_chart, &d, NULL);
    }
    curves_free(d.curves, n);
    return s;
}
