/* What the map (render-map.c) and the burn-down chart (render-chart.c)
 * share: see picture-private.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cairo-svg.h>
#include <cairo.h>

#include "atomic-private.h"
#include "picture-private.h"

void dm_set_rgb255(cairo_t *cr, const unsigned char c[3])
{
    cairo_set_source_rgb(cr, c[0] / 255.0, c[1] / 255.0, c[2] / 255.0);
}

void dm_thousands(char *buf, size_t size, double value)
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

dm_status dm_picture_args(dm_context *ctx, const char *path, int width,
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

dm_status dm_picture_draw(dm_context *ctx, const char *path, const char *fmt,
                          int width, int height, dm_draw_fn draw,
                          const void *data, dm_map_layout *layout)
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
