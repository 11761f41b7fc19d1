/* Pictures with cairo: the burn-down chart of projections, drawn alone
 * (dm_render_burndown) or as a panel of the comparison (render-compare.c),
 * and the names of the land drawn. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "picture-private.h"
#include "record-private.h"
#include "render-private.h"

static void dm_chart_options_init_full(dm_chart_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->width = 1400;
    o->height = 800;
    o->target_share = DM_STRATEGY_RELEASED_SHARE;
    o->target_month = DM_STRATEGY_DEADLINE;
    o->region = DM_NATIONAL;
}

void dm_chart_options_init_size(dm_chart_options *o, size_t size)
{
    dm_chart_options full;
    dm_chart_options_init_full(&full);
    dm_init_copy(o, &full, sizeof full, size);
}

void dm_land_name(dm_context *ctx, const dm_projection *p, size_t region,
                  char *buf, size_t size)
{
    if (region == DM_NATIONAL) {
        snprintf(buf, size, "national");
        return;
    }
    if (region < DM_ZONES(1)) {
        const char *name = dm_projection_region_name(ctx, p, region);
        snprintf(buf, size, "%s",
                 name != NULL && name[0] != '\0'
                     ? name
                     : dm_projection_region_code(ctx, p, region));
        return;
    }
    unsigned all = (1u << DM_ZONE_COUNT) - 1u;
    unsigned mask = all - (unsigned)(DM_NATIONAL - region), open = 0;
    int start = 0;
    if (dm_projection_start(ctx, p, &start) == DM_OK &&
        dm_projection_open_zones(ctx, p, start, &open) == DM_OK &&
        open == mask) {
        snprintf(buf, size, "land open at the start");
        return;
    }
    size_t k = 0;
    buf[0] = '\0';
    for (int z = 0; z < DM_ZONE_COUNT; z++) {
        if (!(mask & DM_ZONE_BIT(z)))
            continue;
        int more = (mask >> (z + 1)) != 0;
        k += (size_t)snprintf(buf + k, k < size ? size - k : 0, "%s%s",
                              dm_zone_name((dm_zone)z), more ? " and " : "");
        if (k >= size)
            break;
    }
    for (char *c = buf; *c != '\0'; c++)
        *c = *c == '_' ? ' ' : *c;
    if (k < size)
        snprintf(buf + k, size - k, " land");
}

/* One scenario's quantile curves. */
typedef struct curve {
    const char *label;
    char fallback[32]; /* "scenario 3" when no label is given */
    int start;
    size_t count; /* months + 1 */
    double *p10, *p50, *p90;
} curve;

struct dm_burndown {
    const char *fn; /* the caller, in messages */
    curve *curves;
    size_t n;
    dm_chart_options o; /* the caller's, with its defaults */
    int x0, x1;         /* months shown */
    double ymax;        /* km² at the top */
    double initial;     /* the land's km² in the first projection */
    size_t runs;
    int replay_end; /* the month the first projection's replay ends */
    char land[160]; /* dm_land_name() */
};

typedef dm_burndown chart_data;

typedef dm_chart_box chart_box;

static double chart_x(const chart_box *b, const chart_data *d, double month)
{
    return dm_chart_x(b, d->x0, d->x1, month);
}

static double chart_y(const chart_box *b, const chart_data *d, double km2)
{
    return dm_chart_y(b, d->ymax, km2);
}

/* A km² tick: a whole number with thousands separators, or as many
 * decimals as a step below 1 needs (0.25: two). */
static void km2_label(char *buf, size_t size, double v, double step)
{
    if (step >= 1.0) {
        dm_thousands(buf, size, v);
        return;
    }
    int decimals = 1;
    double scaled = step * 10.0;
    while (decimals < 9 && fabs(scaled - round(scaled)) > 1e-6 * scaled) {
        decimals++;
        scaled *= 10.0;
    }
    snprintf(buf, size, "%.*f", decimals, v);
}

/* The y axis: km² with gridlines. */
static void draw_km2_axis(painter *p, const chart_data *d, const chart_box *b,
                          double font)
{
    cairo_t *cr = p->cr;
    double step = dm_nice_step(d->ymax, 6);
    for (double v = 0; v <= d->ymax + 1e-9 * d->ymax; v += step) {
        double y = chart_y(b, d, v);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_set_line_width(cr, 1.0);
        cairo_move_to(cr, b->left, y);
        cairo_line_to(cr, b->left + b->width, y);
        cairo_stroke(cr);
        char label[32];
        km2_label(label, sizeof label, v, step);
        cairo_text_extents_t e;
        cairo_text_extents(cr, label, &e);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_move_to(cr, b->left - e.width - font * 0.5, y + e.height / 2);
        dm_show_text(p, label);
    }
}

/* The x axis: years. */
static void draw_year_axis(painter *p, const chart_data *d, const chart_box *b,
                           double font)
{
    cairo_t *cr = p->cr;
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
        dm_show_text(p, label);
    }
}

static void draw_axes(painter *p, const chart_data *d, const chart_box *b,
                      double panel_x, double panel_w)
{
    cairo_t *cr = p->cr;
    double font = p->height * 0.02;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, font);
    draw_km2_axis(p, d, b, font);
    draw_year_axis(p, d, b, font);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1.2);
    cairo_rectangle(cr, b->left, b->top, b->width, b->height);
    cairo_stroke(cr);
    /* Axis title, upright along the y axis. */
    cairo_save(cr);
    cairo_move_to(cr, panel_x + panel_w * 0.018,
                  b->top + b->height / 2 + font * 8);
    cairo_rotate(cr, -DM_PI / 2);
    dm_show_text(p, "remaining hazardous area, km²");
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
    dm_show_text(p, "replay");
    cairo_move_to(cr, x1 + font * 0.4, b->top + b->height - font * 0.6);
    dm_show_text(p, "projection");
}

/* Whether observation x is one the chart draws: what remains nationally,
 * on a chart of the nation. */
static int drawn(const chart_data *d, const dm_obs *x)
{
    if (d->o.region != DM_NATIONAL)
        return 0;
    return x->region == NULL && strcmp(dm_quantity((size_t)x->quantity)->name,
                                       "remaining_km2") == 0;
}

/* The record's observations of what remains: a point at the end of its
 * month, a bar over its range. */
static void draw_record(painter *p, const chart_data *d, const chart_box *b)
{
    const dm_record *r = d->o.record;
    if (r == NULL)
        return;
    cairo_t *cr = p->cr;
    double radius = p->height * 0.006, cap = radius * 1.2;
    for (size_t i = 0; i < r->count; i++) {
        const dm_obs *x = &r->items[i];
        if (!drawn(d, x))
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
    const dm_chart_options *o = &d->o;
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
    dm_show_text(p, label);
}

#define BAND_NOTE "line: P50; band: P10–P90 of the runs"
#define RECORD_NOTE "point, bar: the record and its range"

/* Whether the record's points are drawn. */
static int with_record(const chart_data *d)
{
    return d->o.record != NULL && d->o.region == DM_NATIONAL;
}

/* The legend's left edge: at 62 % of the box, or further left when its
 * widest line (at the current font) would pass the box's right edge. */
static double legend_x(painter *p, const chart_data *d, const chart_box *b,
                       double font)
{
    cairo_text_extents_t e;
    cairo_text_extents(p->cr, BAND_NOTE, &e);
    double widest = e.x_advance;
    if (with_record(d)) {
        cairo_text_extents(p->cr, RECORD_NOTE, &e);
        widest = e.x_advance + font * 2.8 > widest ? e.x_advance + font * 2.8
                                                   : widest;
    }
    for (size_t i = 0; i < d->n; i++) {
        cairo_text_extents(p->cr, d->curves[i].label, &e);
        if (e.x_advance + font * 2.8 > widest)
            widest = e.x_advance + font * 2.8;
    }
    double x = b->left + b->width * 0.62, right = b->left + b->width - font;
    if (x + widest > right)
        x = right - widest > b->left + font ? right - widest : b->left + font;
    return x;
}

static void draw_chart_legend(painter *p, const chart_data *d,
                              const chart_box *b)
{
    cairo_t *cr = p->cr;
    double font = p->height * 0.02, line = font * 1.5;
    cairo_set_font_size(cr, font);
    double x = legend_x(p, d, b, font), y = b->top + line;
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
        dm_show_text(p, d->curves[i].label);
        y += line;
    }
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, x, y);
    dm_show_text(p, BAND_NOTE);
    if (!with_record(d))
        return;
    y += line;
    double r = p->height * 0.006;
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    cairo_arc(cr, x + font * 1.1, y - font * 0.3, r, 0, 2 * DM_PI);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, x + font * 2.8, y);
    dm_show_text(p, RECORD_NOTE);
}

void dm_burndown_draw(painter *p, const dm_burndown *d, const dm_chart_box *b,
                      double panel_x, double panel_w)
{
    draw_axes(p, d, b, panel_x, panel_w);
    draw_replay(p, d, b);
    draw_curves(p, d, b);
    draw_record(p, d, b);
    draw_target(p, d, b);
    draw_chart_legend(p, d, b);
}

static void draw_chart(painter *p, const void *data)
{
    const chart_data *d = data;
    chart_box b;
    dm_chart_box_compute(p->width, p->height, &b);
    dm_burndown_draw(p, d, &b, 0.0, p->width);
    cairo_t *cr = p->cr;
    int national = d->o.region == DM_NATIONAL;
    char title[256];
    if (d->o.title != NULL)
        snprintf(title, sizeof title, "%s", d->o.title);
    else if (national)
        snprintf(title, sizeof title, "Remaining hazardous area");
    else
        snprintf(title, sizeof title, "Remaining hazardous area: %s", d->land);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, p->height * 0.036);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, b.left, p->height * 0.055);
    dm_show_title(p, title);
    char sub[256];
    snprintf(sub, sizeof sub,
             "%s, not yet released (suspected, "
             "confirmed, to clear); %zu Monte Carlo runs",
             d->land, d->runs);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->height * 0.021);
    cairo_move_to(cr, b.left, p->height * 0.09);
    dm_show_text(p, sub);
}

void dm_burndown_free(dm_burndown *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; d->curves != NULL && i < d->n; i++) {
        free(d->curves[i].p10);
        free(d->curves[i].p50);
        free(d->curves[i].p90);
    }
    free(d->curves);
    free(d);
}

/* Reads the three quantile curves of projection p's land into c. */
static dm_status read_curves(dm_context *ctx, const dm_projection *p,
                             size_t region, curve *c)
{
    c->p10 = malloc(c->count * sizeof *c->p10);
    c->p50 = malloc(c->count * sizeof *c->p50);
    c->p90 = malloc(c->count * sizeof *c->p90);
    if (c->p10 == NULL || c->p50 == NULL || c->p90 == NULL)
        return dm_no_memory(ctx);
    dm_status s = dm_projection_start(ctx, p, &c->start);
    if (s == DM_OK)
        s = dm_projection_remaining_quantile(ctx, p, region, 0.1, c->p10,
                                             c->count);
    if (s == DM_OK)
        s = dm_projection_remaining_quantile(ctx, p, region, 0.5, c->p50,
                                             c->count);
    if (s == DM_OK)
        s = dm_projection_remaining_quantile(ctx, p, region, 0.9, c->p90,
                                             c->count);
    return s;
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
                        "%s: projection %zu is NULL", d->fn, i);
    size_t months = dm_projection_months(ctx, projections[i]);
    if (months == 0)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "%s: projection %zu has no month to draw", d->fn, i);
    if (labels != NULL && labels[i] != NULL) {
        c->label = labels[i];
    } else {
        snprintf(c->fallback, sizeof c->fallback, "scenario %zu", i + 1);
        c->label = c->fallback;
    }
    c->count = months + 1;
    dm_status s = read_curves(ctx, projections[i], d->o.region, c);
    if (s != DM_OK)
        return s;
    int end = c->start + (int)months;
    d->x0 = i == 0 || c->start < d->x0 ? c->start : d->x0;
    d->x1 = i == 0 || end > d->x1 ? end : d->x1;
    for (size_t k = 0; k < c->count; k++)
        d->ymax = c->p90[k] > d->ymax ? c->p90[k] : d->ymax;
    if (i == 0) {
        s = dm_projection_area_km2(ctx, projections[0], d->o.region,
                                   &d->initial);
        d->runs = dm_projection_runs(ctx, projections[0]);
        d->replay_end =
            c->start + (int)dm_projection_replay_months(ctx, projections[0]);
    }
    return s;
}

/* Widens the top to the record's ranges and cuts the months at the
 * options' end. */
static dm_status fit_axes(dm_context *ctx, chart_data *d)
{
    const dm_record *r = d->o.record;
    for (size_t i = 0; r != NULL && i < r->count; i++)
        if (drawn(d, &r->items[i]) && r->items[i].high > d->ymax)
            d->ymax = r->items[i].high;
    int end = d->o.end_month;
    if (end != 0 && end <= d->x0)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "%s: end month %d is not after the start", d->fn, end);
    if (end != 0 && end < d->x1)
        d->x1 = end;
    d->ymax = dm_chart_top(d->ymax);
    return DM_OK;
}

dm_status dm_burndown_load(dm_context *ctx, const char *fn,
                           const dm_projection *const *projections,
                           const char *const *labels, size_t n,
                           const dm_chart_options *opts, dm_burndown **out)
{
    *out = NULL;
    dm_burndown *d = calloc(1, sizeof *d);
    if (d == NULL)
        return dm_no_memory(ctx);
    d->fn = fn;
    d->o = *opts;
    d->n = n;
    d->curves = calloc(n, sizeof *d->curves);
    dm_status s = d->curves != NULL ? DM_OK : dm_no_memory(ctx);
    for (size_t i = 0; s == DM_OK && i < n; i++)
        s = add_curve(ctx, projections, labels, i, d);
    if (s == DM_OK)
        s = fit_axes(ctx, d);
    if (s != DM_OK) {
        dm_burndown_free(d);
        return s;
    }
    dm_land_name(ctx, projections[0], d->o.region, d->land, sizeof d->land);
    *out = d;
    return DM_OK;
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
    const char *fmt = NULL;
    dm_status s =
        dm_picture_args(ctx, path, o.width, o.height, o.format, &fmt);
    if (s != DM_OK)
        return s;
    if (!(o.target_share >= 0.0 && o.target_share <= 1.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "target share %g is not in 0–1", o.target_share);
    dm_burndown *d = NULL;
    s = dm_burndown_load(ctx, __func__, projections, labels, n, &o, &d);
    if (s == DM_OK)
        s = dm_picture_draw(ctx, path, fmt, o.width, o.height, draw_chart, d,
                            NULL);
    dm_burndown_free(d);
    return s;
}
