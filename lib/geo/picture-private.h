/* Private: what the pictures share, in picture.c: the painter they draw
 * with, the checks of a picture's size and format, the PNG/SVG writer;
 * and, in render-chart.c, the burn-down drawn alone (dm_render_burndown)
 * or beside the comparison (render-compare.c), and the names of land. */
#ifndef DM_PICTURE_PRIVATE_H
#define DM_PICTURE_PRIVATE_H

#include <stddef.h>

#include <cairo.h>

#include "geo-private.h"
#include "render-private.h"

/* What a picture is drawn with. */
typedef struct painter {
    dm_context *ctx;
    cairo_t *cr;
    dm_map_layout layout;
    int width, height;
    /* SVG only: the words shown with dm_show_text(), a line each, and the
     * title shown with dm_show_title(), which the writer puts into the
     * file's <desc> and <title> (cairo writes text as glyph outlines, so
     * readers and searches would find none). */
    int svg;
    char *words;
    size_t words_len, words_cap;
    int words_failed; /* out of memory */
    char *title;
} painter;

/* Draws a whole picture with p from data. */
typedef void (*dm_draw_fn)(painter *p, const void *data);

/* Sets cr's source to an RGB 0–255 colour. */
void dm_set_rgb255(cairo_t *cr, const unsigned char c[3]);

/* A whole number with thousands separators: 179663.4 -> "179,663". */
void dm_thousands(char *buf, size_t size, double value);

/* cairo_show_text() at the current point, keeping the words for an SVG. */
/* Keeps the words of text drawn otherwise (as a path) for an SVG. */
void dm_keep_text(painter *p, const char *text);

void dm_show_text(painter *p, const char *text);

/* A vertical gridline of box b at x with its label under the box. */
void dm_x_tick(painter *p, const dm_chart_box *b, double x, const char *label,
               double font);

/* The x axis's caption under box b's tick labels, and b's frame. */
void dm_x_caption_and_frame(painter *p, const dm_chart_box *b,
                            const char *caption, double font);

/* As dm_show_text(), for the picture's title. */
void dm_show_title(painter *p, const char *text);

/* Checks size and format shared by every picture; *fmt: "png" or "svg". */
dm_status dm_picture_args(dm_context *ctx, const char *path, int width,
                          int height, const char *format, const char **fmt);

/* Draws into a PNG or SVG at `path`, whole or not at all; layout or NULL. */
dm_status dm_picture_draw(dm_context *ctx, const char *path, const char *fmt,
                          int width, int height, dm_draw_fn draw,
                          const void *data, dm_map_layout *layout);

/* ---- the map (render-map.c) ---- */

/* The map's default attribution: the inputs the contamination was made
 * of — the boundaries with their licence where the file is a known one,
 * the survey's file or the conflict sources (the model: not a survey). */
void dm_map_attribution(const dm_contamination *c, char *buf, size_t size);

/* ---- the burn-down (render-chart.c) ---- */

/* The quantile curves of projections for one land, read once and drawn
 * into a box: the whole page's (dm_render_burndown) or a panel's. */
typedef struct dm_burndown dm_burndown;

/* Reads the P10, P50 and P90 curves of opts->region for n projections
 * (labels as dm_render_burndown's), the record's points when
 * opts->region is DM_NATIONAL, and the months shown (opts->end_month);
 * `fn` names the caller in messages. *out: new, dm_burndown_free(). */
dm_status dm_burndown_load(dm_context *ctx, const char *fn,
                           const dm_projection *const *projections,
                           const char *const *labels, size_t n,
                           const dm_chart_options *opts, dm_burndown **out);

/* Accepts NULL. */
void dm_burndown_free(dm_burndown *d);

/* Draws the axes, the replay, the curves, the record, the target and the
 * legend into box b of a panel starting at page x panel_x, panel_w wide
 * (its y axis title sits at the panel's left). */
void dm_burndown_draw(painter *p, const dm_burndown *d, const dm_chart_box *b,
                      double panel_x, double panel_w);

/* A reader's name of the land `region` of projection p (DM_NATIONAL,
 * DM_ZONES() or a region): "national", "land open at the start" (the
 * zones open at the projection's start), "front line and occupied land",
 * a region's name (its code when it has none). */
void dm_land_name(dm_context *ctx, const dm_projection *p, size_t region,
                  char *buf, size_t size);

#endif
