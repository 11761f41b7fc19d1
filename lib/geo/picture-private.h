/* Private: what the contamination map (render-map.c) and the burn-down
 * chart (render-chart.c) share, in picture.c: the painter they draw with,
 * the checks of a picture's size and format, the PNG/SVG writer. */
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
} painter;

/* Draws a whole picture with p from data. */
typedef void (*dm_draw_fn)(painter *p, const void *data);

/* Sets cr's source to an RGB 0–255 colour. */
void dm_set_rgb255(cairo_t *cr, const unsigned char c[3]);

/* A whole number with thousands separators: 179663.4 -> "179,663". */
void dm_thousands(char *buf, size_t size, double value);

/* Checks size and format shared by every picture; *fmt: "png" or "svg". */
dm_status dm_picture_args(dm_context *ctx, const char *path, int width,
                          int height, const char *format, const char **fmt);

/* Draws into a PNG or SVG at `path`, whole or not at all; layout or NULL. */
dm_status dm_picture_draw(dm_context *ctx, const char *path, const char *fmt,
                          int width, int height, dm_draw_fn draw,
                          const void *data, dm_map_layout *layout);

#endif
