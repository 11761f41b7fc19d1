/* png-region: what a rectangle of a PNG file shows. For the browser test
 * of the report: a figure that did not load or came out blank is a white
 * (or single-coloured) rectangle in the page's screenshot.
 *
 * Usage: png-region FILE.png X Y W H   (device pixels, the top left at 0 0)
 * Prints "distinct=N nonwhite=F": the number of distinct colours in the
 * rectangle (composited over white) and the fraction of its pixels that are
 * not near-white (a channel below NEAR_WHITE). */
#include <cairo.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pixel whose three channels are all at least this is white. */
#define NEAR_WHITE 240

static int parse_int(const char *text, const char *what, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < 0 || v > INT_MAX) {
        fprintf(stderr, "png-region: %s '%s' is not a whole number >= 0\n",
                what, text);
        return -1;
    }
    *out = v;
    return 0;
}

/* Whether the file can be read and starts as a PNG does (cairo's own
 * message for a file of another kind is "out of memory"). */
static int is_png(const char *path)
{
    static const unsigned char magic[8] = {0x89, 'P',  'N',  'G',
                                           '\r', '\n', 0x1a, '\n'};
    unsigned char head[8];
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "png-region: %s: %s\n", path, strerror(errno));
        return 0;
    }
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n != sizeof head || memcmp(head, magic, sizeof magic) != 0) {
        fprintf(stderr, "png-region: %s: not a PNG file\n", path);
        return 0;
    }
    return 1;
}

/* The rectangle's pixels, composited over white into an RGB24 image. */
static cairo_surface_t *crop_over_white(cairo_surface_t *png, long x, long y,
                                        long w, long h)
{
    cairo_surface_t *out =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    if (cairo_surface_status(out) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(out);
        return NULL;
    }
    cairo_t *cr = cairo_create(out);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_surface(cr, png, -(double)x, -(double)y);
    cairo_paint(cr);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(out);
    if (status != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(out);
        return NULL;
    }
    return out;
}

static int measure(cairo_surface_t *img, long w, long h)
{
    /* One bit for each of the 2^24 colours. */
    uint8_t *seen = calloc((size_t)1 << 21, 1);
    if (seen == NULL) {
        fprintf(stderr, "png-region: out of memory\n");
        return -1;
    }
    const unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    unsigned long distinct = 0, nonwhite = 0;
    for (long row = 0; row < h; row++) {
        const uint32_t *px =
            (const uint32_t *)(const void *)(data + row * stride);
        for (long col = 0; col < w; col++) {
            uint32_t rgb = px[col] & 0xffffffu;
            unsigned r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff,
                     b = rgb & 0xff;
            if (!(seen[rgb >> 3] & (1u << (rgb & 7)))) {
                seen[rgb >> 3] |= (uint8_t)(1u << (rgb & 7));
                distinct++;
            }
            if (r < NEAR_WHITE || g < NEAR_WHITE || b < NEAR_WHITE)
                nonwhite++;
        }
    }
    free(seen);
    printf("distinct=%lu nonwhite=%.4f\n", distinct,
           (double)nonwhite / ((double)w * (double)h));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: png-region FILE.png X Y W H\n");
        return 2;
    }
    long x, y, w, h;
    if (parse_int(argv[2], "X", &x) || parse_int(argv[3], "Y", &y) ||
        parse_int(argv[4], "W", &w) || parse_int(argv[5], "H", &h))
        return 2;
    if (w == 0 || h == 0) {
        fprintf(stderr, "png-region: the rectangle %ldx%ld is empty\n", w, h);
        return 2;
    }
    if (!is_png(argv[1]))
        return 1;
    cairo_surface_t *png = cairo_image_surface_create_from_png(argv[1]);
    cairo_status_t status = cairo_surface_status(png);
    if (status != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "png-region: %s: cannot read the PNG: %s\n", argv[1],
                cairo_status_to_string(status));
        cairo_surface_destroy(png);
        return 1;
    }
    long iw = cairo_image_surface_get_width(png);
    long ih = cairo_image_surface_get_height(png);
    if (w > iw || x > iw - w || h > ih || y > ih - h) {
        fprintf(stderr,
                "png-region: %s: the rectangle %ld %ld %ld %ld (x y w h) "
                "is outside the %ldx%ld image\n",
                argv[1], x, y, w, h, iw, ih);
        cairo_surface_destroy(png);
        return 1;
    }
    cairo_surface_t *crop = crop_over_white(png, x, y, w, h);
    cairo_surface_destroy(png);
    if (crop == NULL) {
        fprintf(stderr, "png-region: cannot crop %s\n", argv[1]);
        return 1;
    }
    int rc = measure(crop, w, h);
    cairo_surface_destroy(crop);
    return rc == 0 ? 0 : 1;
}
