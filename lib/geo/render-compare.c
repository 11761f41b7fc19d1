/* Pictures with cairo: scenarios compared with the first, run by run. On
 * the left, the change each makes in the years to 80 %, 95 % and 100 %
 * released of the land open at the start (the P50 of the paired
 * difference as a bar, its P10–P90 as whiskers); on the right, the
 * burn-down of that land (render-chart.c's). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "picture-private.h"
#include "render-private.h"

/* The milestones compared, as measures (DM_MEASURE_MONTHS_TO_80 …). */
#define MILESTONES 3
/* The quantiles of a change: P10, P50, P90. */
static const double change_q[3] = {0.1, 0.5, 0.9};
/* Space between the rows of two scenarios, of a row. */
#define GROUP_GAP 0.6
/* The axis's room past the finite changes on a side with a change past the
 * horizon, of their range. */
#define INFINITE_ROOM 0.8

typedef struct label {
    const char *text;
    char fallback[32]; /* "scenario 3" when no label is given */
} label;

typedef struct compare_data {
    size_t n;
    const dm_chart_options *o;
    label *labels;
    double (*change)[3]; /* [(scenario - 1) × MILESTONES + m][quantile],
                            in years; ±INFINITY, NAN as the measure's */
    dm_burndown *burndown;
    char land[160];
    size_t runs;
    double lo, hi, step; /* the change axis, years */
    int pos_infinite;    /* whether an arrow is drawn, to the right */
    int neg_infinite;    /* to the left */
    int undefined;       /* whether an "n/a" is drawn */
} compare_data;

/* The land of p open by `month` (the start when 0) as DM_ZONES(): the
 * land a plan by then can release (demine-plan's default target); or an
 * error when none is. */
static dm_status open_land(dm_context *ctx, const dm_projection *p, int month,
                           size_t *region)
{
    int start = 0;
    unsigned mask = 0;
    dm_status s = dm_projection_start(ctx, p, &start);
    if (s == DM_OK)
        s = dm_projection_open_zones(ctx, p, month != 0 ? month : start,
                                     &mask);
    if (s == DM_OK && mask == 0)
        s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                     "dm_render_comparison: no land of the first projection "
                     "is open by then: nothing to compare");
    *region = DM_ZONES(mask);
    return s;
}

/* The paired changes of every scenario against the first, in years. */
static dm_status read_changes(dm_context *ctx,
                              const dm_projection *const *projections,
                              size_t region, compare_data *d)
{
    for (size_t j = 1; j < d->n; j++)
        for (size_t m = 0; m < MILESTONES; m++)
            for (size_t k = 0; k < 3; k++) {
                double v = NAN;
                dm_status s = dm_projection_change_quantile(
                    ctx, projections[0], projections[j], region,
                    (dm_measure)(DM_MEASURE_MONTHS_TO_80 + (int)m), 0,
                    change_q[k], &v, NULL);
                if (s != DM_OK)
                    return dm_error_wrap(ctx, s,
                                         "dm_render_comparison: '%s' "
                                         "against '%s'",
                                         d->labels[j].text, d->labels[0].text);
                d->change[(j - 1) * MILESTONES + m][k] = v / 12.0;
            }
    return DM_OK;
}

/* The change axis: round steps over the finite changes and 0, with some
 * room either side. */
static void change_axis(compare_data *d)
{
    double lo = 0.0, hi = 0.0;
    for (size_t r = 0; r < (d->n - 1) * MILESTONES; r++)
        for (size_t k = 0; k < 3; k++) {
            double v = d->change[r][k];
            d->pos_infinite |= isinf(v) && v > 0;
            d->neg_infinite |= isinf(v) && v < 0;
            d->undefined |= isnan(v);
            if (isfinite(v)) {
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
        }
    double range = hi - lo;
    if (!(range > 0.0)) {
        lo = -1.0;
        hi = 1.0;
        range = 2.0;
    }
    /* Room for the arrows past the horizon and the notes in them. */
    if (d->pos_infinite)
        hi += INFINITE_ROOM * range;
    if (d->neg_infinite)
        lo -= INFINITE_ROOM * range;
    range = hi - lo;
    d->step = dm_nice_step(range, 5);
    d->lo = d->step * floor((lo - 0.04 * range) / d->step);
    d->hi = d->step * ceil((hi + 0.04 * range) / d->step);
}

static dm_status compare_load(dm_context *ctx,
                              const dm_projection *const *projections,
                              const char *const *labels, size_t region,
                              compare_data *d)
{
    d->labels = calloc(d->n, sizeof *d->labels);
    d->change = calloc((d->n - 1) * MILESTONES, sizeof *d->change);
    if (d->labels == NULL || d->change == NULL)
        return dm_no_memory(ctx);
    for (size_t i = 0; i < d->n; i++) {
        label *l = &d->labels[i];
        snprintf(l->fallback, sizeof l->fallback, "scenario %zu", i + 1);
        l->text =
            labels != NULL && labels[i] != NULL ? labels[i] : l->fallback;
    }
    dm_status s = read_changes(ctx, projections, region, d);
    if (s != DM_OK)
        return s;
    change_axis(d);
    dm_chart_options o = *d->o;
    o.region = region;
    o.record = NULL;
    o.target_share = 0.0;
    s = dm_burndown_load(ctx, "dm_render_comparison", projections, labels,
                         d->n, &o, &d->burndown);
    if (s != DM_OK)
        return s;
    dm_land_name(ctx, projections[0], region, d->land, sizeof d->land);
    d->runs = dm_projection_runs(ctx, projections[0]);
    return DM_OK;
}

/* Page x of a change in years, ±INFINITY at the axis's ends. */
static double change_x(const compare_data *d, const dm_chart_box *b, double v)
{
    if (v < d->lo)
        v = d->lo;
    if (v > d->hi)
        v = d->hi;
    return b->left + (v - d->lo) / (d->hi - d->lo) * b->width;
}

/* The height of a row, and the middle of row r (scenario j, from 1). */
static double row_height(const compare_data *d, const dm_chart_box *b)
{
    double rows = (double)((d->n - 1) * MILESTONES);
    return b->height / (rows + GROUP_GAP * (double)(d->n - 2));
}

static double row_y(const compare_data *d, const dm_chart_box *b, size_t j,
                    size_t m)
{
    double r = (double)((j - 1) * MILESTONES + m);
    return b->top + (r + 0.5 + GROUP_GAP * (double)(j - 1)) * row_height(d, b);
}

/* The gridlines, ticks and labels of the change axis, its title. */
static void draw_change_axis(painter *p, const compare_data *d,
                             const dm_chart_box *b, double font)
{
    cairo_set_font_size(p->cr, font);
    long first = lround(d->lo / d->step), last = lround(d->hi / d->step);
    for (long k = first; k <= last; k++) {
        double v = (double)k * d->step;
        char text[32];
        snprintf(text, sizeof text, "%g", k == 0 ? 0.0 : v);
        dm_x_tick(p, b, change_x(d, b, v), text, font);
    }
    dm_x_caption_and_frame(p, b, "change in years (negative: sooner)", font);
}

/* A triangle pointing along the axis (dir ±1) with its tip at (x, y). */
static void arrow_head(cairo_t *cr, double x, double y, double dir,
                       double half)
{
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x - dir * half * 1.6, y - half);
    cairo_line_to(cr, x - dir * half * 1.6, y + half);
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* The bar from 0 to the P50, to the axis's end with an arrow and a note
 * in it when the P50 is past the horizon. */
static void draw_bar(painter *p, const compare_data *d, const dm_chart_box *b,
                     size_t j, double v, double y, double thick, double font)
{
    cairo_t *cr = p->cr;
    double x0 = change_x(d, b, 0.0), x1 = change_x(d, b, v);
    double dir = v < 0 ? -1.0 : 1.0, head = isinf(v) ? thick * 0.8 : 0.0;
    dm_set_rgb255(cr, dm_scenario_colours[j % DM_SCENARIO_COLOURS]);
    double end = x1 - dir * head * 1.6;
    cairo_rectangle(cr, x0 < end ? x0 : end, y - thick / 2, fabs(end - x0),
                    thick);
    cairo_fill(cr);
    if (!isinf(v))
        return;
    arrow_head(cr, x1, y, dir, head);
    const char *note =
        v > 0 ? "past the horizon" : "the first past the horizon";
    cairo_set_font_size(cr, fmin(thick * 0.7, font * 0.9));
    cairo_text_extents_t e;
    cairo_text_extents(cr, note, &e);
    double pad = thick * 0.3;
    if (e.x_advance + 2 * pad > fabs(end - x0))
        return; /* the notes under the axis say it */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_move_to(cr, v > 0 ? x0 + pad : x0 - pad - e.x_advance,
                  y + e.height / 2);
    dm_show_text(p, note);
}

/* The P10–P90 whiskers: caps at their ends, arrows at ends past the
 * horizon. */
static void draw_whiskers(painter *p, const compare_data *d,
                          const dm_chart_box *b, const double q[3], double y,
                          double thick)
{
    cairo_t *cr = p->cr;
    double x10 = change_x(d, b, q[0]), x90 = change_x(d, b, q[2]);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, x10, y);
    cairo_line_to(cr, x90, y);
    cairo_stroke(cr);
    const double ends[2] = {q[0], q[2]}, xs[2] = {x10, x90};
    for (int k = 0; k < 2; k++) {
        if (isinf(ends[k])) {
            arrow_head(cr, xs[k], y, ends[k] < 0 ? -1.0 : 1.0, thick * 0.3);
            continue;
        }
        cairo_move_to(cr, xs[k], y - thick * 0.4);
        cairo_line_to(cr, xs[k], y + thick * 0.4);
        cairo_stroke(cr);
    }
}

/* The labels' font: `font`, smaller when the widest would not fit left of
 * the box. */
static double label_font(painter *p, const compare_data *d,
                         const dm_chart_box *b, double font)
{
    cairo_t *cr = p->cr;
    cairo_set_font_size(cr, font);
    double widest = 0.0, room = b->left - font * 1.6;
    for (size_t j = 1; j < d->n; j++) {
        char text[160];
        snprintf(text, sizeof text, "%s: 100 %%", d->labels[j].text);
        cairo_text_extents_t e;
        cairo_text_extents(cr, text, &e);
        widest = e.x_advance > widest ? e.x_advance : widest;
    }
    return widest > room && room > 0 ? font * room / widest : font;
}

/* Every scenario's rows: label, bar, whiskers, or "n/a". */
static void draw_rows(painter *p, const compare_data *d, const dm_chart_box *b)
{
    cairo_t *cr = p->cr;
    double row = row_height(d, b), thick = fmin(row * 0.55, p->height * 0.045);
    double font = label_font(p, d, b, fmin(p->height * 0.019, row * 0.8));
    for (size_t j = 1; j < d->n; j++)
        for (size_t m = 0; m < MILESTONES; m++) {
            const double *q = d->change[(j - 1) * MILESTONES + m];
            double y = row_y(d, b, j, m);
            char text[160];
            snprintf(text, sizeof text, "%s: %.0f %%", d->labels[j].text,
                     100.0 * dm_milestone_share((dm_milestone)m));
            cairo_set_font_size(cr, font);
            cairo_text_extents_t e;
            cairo_text_extents(cr, text, &e);
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            cairo_move_to(cr, b->left - font * 0.6 - e.x_advance,
                          y + e.height / 2);
            dm_show_text(p, text);
            if (isnan(q[1])) {
                cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
                cairo_move_to(cr, change_x(d, b, 0.0) + font * 0.4,
                              y + e.height / 2);
                dm_show_text(p, "n/a");
                continue;
            }
            draw_bar(p, d, b, j, q[1], y, thick, font);
            draw_whiskers(p, d, b, q, y, thick);
        }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, change_x(d, b, 0.0), b->top);
    cairo_line_to(cr, change_x(d, b, 0.0), b->top + b->height);
    cairo_stroke(cr);
}

/* What the bars, whiskers, arrows and "n/a" mean, under the axis. */
static void draw_notes(painter *p, const compare_data *d,
                       const dm_chart_box *b, double font)
{
    cairo_t *cr = p->cr;
    const char *notes[3] = {
        "bar: P50 of the change run by run; whiskers: P10–P90",
        d->pos_infinite || d->neg_infinite
            ? "arrow: past the horizon (one reaches it within the "
              "horizon, the other not)"
            : NULL,
        d->undefined ? "n/a: neither reaches it within the horizon" : NULL,
    };
    double y = b->top + b->height + font * 4.6, x = p->width * 0.5 * 0.03;
    cairo_set_font_size(cr, font * 0.88);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    for (int k = 0; k < 3; k++) {
        if (notes[k] == NULL)
            continue;
        cairo_move_to(cr, x, y);
        dm_show_text(p, notes[k]);
        y += font * 1.3;
    }
}

/* The title, the subtitle and the panels' headings. */
static void draw_headings(painter *p, const compare_data *d,
                          const dm_chart_box *left, const dm_chart_box *right)
{
    cairo_t *cr = p->cr;
    double x = p->width * 0.5 * 0.03;
    char text[512];
    if (d->o->title != NULL)
        snprintf(text, sizeof text, "%s", d->o->title);
    else
        snprintf(text, sizeof text, "Scenarios against %s: %s",
                 d->labels[0].text, d->land);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, p->height * 0.036);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, x, p->height * 0.055);
    dm_show_title(p, text);
    cairo_set_font_size(cr, p->height * 0.023);
    snprintf(text, sizeof text,
             "Years to 80 %%, 95 %%, 100 %% released: "
             "the change against %s",
             d->labels[0].text);
    cairo_move_to(cr, x, left->top - p->height * 0.02);
    dm_show_text(p, text);
    snprintf(text, sizeof text, "Remaining hazardous area: %s", d->land);
    cairo_move_to(cr, right->left, right->top - p->height * 0.02);
    dm_show_text(p, text);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, p->height * 0.021);
    snprintf(text, sizeof text,
             "%s, not yet released; each scenario in the same %zu Monte "
             "Carlo runs (the same seed) as %s",
             d->land, d->runs, d->labels[0].text);
    cairo_move_to(cr, x, p->height * 0.09);
    dm_show_text(p, text);
}

static void draw_compare(painter *p, const void *data)
{
    const compare_data *d = data;
    dm_chart_box left, right;
    dm_compare_boxes(p->width, p->height, &left, &right);
    cairo_t *cr = p->cr;
    double font = p->height * 0.019;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    draw_change_axis(p, d, &left, font);
    draw_rows(p, d, &left);
    draw_notes(p, d, &left, font);
    dm_burndown_draw(p, d->burndown, &right, p->width / 2.0, p->width / 2.0);
    draw_headings(p, d, &left, &right);
}

dm_status dm_render_comparison(dm_context *ctx,
                               const dm_projection *const *projections,
                               const char *const *labels, size_t n,
                               const char *path, const dm_chart_options *opts)
{
    DM_CHECK(ctx, path);
    if (projections == NULL || n < 2)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_render_comparison: %zu projection%s; a "
                        "comparison needs 2 or more",
                        n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        if (projections[i] == NULL)
            return dm_error(ctx, DM_ERR_NULL_ARGUMENT,
                            "dm_render_comparison: projection %zu is NULL", i);
    dm_chart_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_chart_options_init);
    const char *fmt = NULL;
    size_t region = DM_NATIONAL;
    dm_status s =
        dm_picture_args(ctx, path, o.width, o.height, o.format, &fmt);
    if (s == DM_OK)
        s = open_land(ctx, projections[0], o.target_month, &region);
    compare_data d;
    memset(&d, 0, sizeof d);
    d.n = n;
    d.o = &o;
    if (s == DM_OK)
        s = compare_load(ctx, projections, labels, region, &d);
    if (s == DM_OK)
        s = dm_picture_draw(ctx, path, fmt, o.width, o.height, draw_compare,
                            &d, NULL);
    dm_burndown_free(d.burndown);
    free(d.labels);
    free(d.change);
    return s;
}
