/* What the pictures (render-map.c, render-chart.c, render-compare.c,
 * render-sensitivity.c) share: see picture-private.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Appends a line to the words of an SVG. */
static void keep_words(painter *p, const char *text)
{
    if (!p->svg || p->words_failed)
        return;
    size_t n = strlen(text), need = p->words_len + n + 2;
    if (need > p->words_cap) {
        size_t cap = p->words_cap > 0 ? p->words_cap : 1024;
        while (cap < need)
            cap *= 2;
        char *w = realloc(p->words, cap);
        if (w == NULL) {
            p->words_failed = 1;
            return;
        }
        p->words = w;
        p->words_cap = cap;
    }
    memcpy(p->words + p->words_len, text, n);
    p->words_len += n;
    p->words[p->words_len++] = '\n';
    p->words[p->words_len] = '\0';
}

void dm_keep_text(painter *p, const char *text) { keep_words(p, text); }

void dm_show_text(painter *p, const char *text)
{
    cairo_show_text(p->cr, text);
    keep_words(p, text);
}

void dm_show_title(painter *p, const char *text)
{
    cairo_show_text(p->cr, text);
    if (!p->svg)
        return;
    free(p->title);
    size_t n = strlen(text) + 1;
    p->title = malloc(n);
    if (p->title != NULL)
        memcpy(p->title, text, n);
    p->words_failed |= p->title == NULL;
}

/* An SVG as cairo writes it, in memory until its words go in. */
typedef struct svg_buffer {
    unsigned char *data;
    size_t len, cap;
} svg_buffer;

static cairo_status_t svg_write(void *closure, const unsigned char *data,
                                unsigned int length)
{
    svg_buffer *b = closure;
    if (b->len + length + 1 > b->cap) {
        size_t cap = b->cap > 0 ? b->cap : 65536;
        while (cap < b->len + length + 1)
            cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (d == NULL)
            return CAIRO_STATUS_NO_MEMORY;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, length);
    b->len += length;
    b->data[b->len] = '\0';
    return CAIRO_STATUS_SUCCESS;
}

/* Writes n bytes of s with XML's special characters escaped. */
static void write_escaped(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&')
            fputs("&amp;", f);
        else if (s[i] == '<')
            fputs("&lt;", f);
        else if (s[i] == '>')
            fputs("&gt;", f);
        else
            fputc(s[i], f);
    }
}

/* cairo names the groups and images of an SVG "surface<N>" and
 * "image<N>" with a counter of every surface the process made; renamed
 * "surface1", "surface2"… (and "image1"…) in the order they appear, the
 * same picture is the same bytes whatever was drawn before it. */
static const char *const counted_ids[2] = {"surface", "image"};

/* The ids of each kind seen in a file, in order. */
typedef struct surface_ids {
    unsigned long seen[2][256];
    size_t n[2];
} surface_ids;

/* The number of id `id` of kind k in the file: its place among those seen
 * (a new one is appended); 0 when there is no room. */
static unsigned long surface_number(surface_ids *ids, int k, unsigned long id)
{
    for (size_t i = 0; i < ids->n[k]; i++)
        if (ids->seen[k][i] == id)
            return i + 1;
    if (ids->n[k] == sizeof ids->seen[k] / sizeof ids->seen[k][0])
        return 0;
    ids->seen[k][ids->n[k]++] = id;
    return ids->n[k];
}

/* The kind of counted id that text[i + 1] starts, after a quote or '#';
 * -1 for none. */
static int counted_at(const char *text, size_t i, size_t n)
{
    if (text[i] != '"' && text[i] != '#')
        return -1;
    for (int k = 0; k < 2; k++) {
        size_t len = strlen(counted_ids[k]);
        if (i + 1 + len < n && strncmp(text + i + 1, counted_ids[k], len) == 0)
            return k;
    }
    return -1;
}

/* Writes n bytes of text with its counted ids renamed. */
static void write_renumbered(FILE *f, const char *text, size_t n,
                             surface_ids *ids)
{
    size_t done = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        int k = counted_at(text, i, n);
        if (k < 0)
            continue;
        size_t d = i + 1 + strlen(counted_ids[k]), end = d;
        unsigned long id = 0;
        while (end < n && text[end] >= '0' && text[end] <= '9')
            id = id * 10 + (unsigned long)(text[end++] - '0');
        unsigned long number = end > d ? surface_number(ids, k, id) : 0;
        if (number == 0)
            continue;
        fwrite(text + done, 1, d - done, f);
        fprintf(f, "%lu", number);
        done = end;
        i = end - 1;
    }
    fwrite(text + done, 1, n - done, f);
}

/* Writes the SVG of b to tmp with the painter's title and words after the
 * opening <svg> tag (where readers look for them). */
static dm_status write_svg(dm_context *ctx, const char *path, const char *tmp,
                           const svg_buffer *b, const painter *p)
{
    FILE *f = fopen(tmp, "wb");
    if (f == NULL)
        return dm_error(ctx, DM_ERR_IO, "cannot write '%s': %s", path,
                        strerror(errno));
    const char *text = (const char *)b->data;
    const char *tag = b->len > 0 ? strstr(text, "<svg") : NULL;
    const char *end = tag != NULL ? strchr(tag, '>') : NULL;
    size_t at = end != NULL ? (size_t)(end + 1 - text) : b->len;
    surface_ids ids;
    ids.n[0] = ids.n[1] = 0;
    write_renumbered(f, text, at, &ids);
    if (end != NULL && p->title != NULL) {
        fputs("\n<title>", f);
        write_escaped(f, p->title, strlen(p->title));
        fputs("</title>", f);
    }
    if (end != NULL && p->words_len > 0) {
        fputs("\n<desc>", f);
        write_escaped(f, p->words, p->words_len - 1);
        fputs("</desc>", f);
    }
    write_renumbered(f, text + at, b->len - at, &ids);
    int failed = ferror(f);
    failed |= fclose(f) != 0;
    if (failed)
        return dm_error(ctx, DM_ERR_IO, "cannot write '%s': %s", path,
                        strerror(errno));
    return DM_OK;
}

/* Paints the page white and draws on it with p. */
static cairo_status_t paint(cairo_surface_t *surface, painter *p,
                            dm_draw_fn draw, const void *data)
{
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    p->cr = cr;
    draw(p, data);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    p->cr = NULL;
    return cs;
}

dm_status dm_picture_draw(dm_context *ctx, const char *path, const char *fmt,
                          int width, int height, dm_draw_fn draw,
                          const void *data, dm_map_layout *layout)
{
    dm_atomic a;
    dm_status s = dm_atomic_begin(ctx, path, &a);
    if (s != DM_OK)
        return s;
    painter p;
    memset(&p, 0, sizeof p);
    p.ctx = ctx;
    p.width = width;
    p.height = height;
    p.svg = strcmp(fmt, "svg") == 0;
    if (layout != NULL)
        p.layout = *layout;
    svg_buffer buf = {NULL, 0, 0};
    cairo_surface_t *surface =
        p.svg ? cairo_svg_surface_create_for_stream(svg_write, &buf, width,
                                                    height)
              : cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    if (p.svg)
        cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_2);
    cairo_status_t cs = paint(surface, &p, draw, data);
    if (cs == CAIRO_STATUS_SUCCESS && !p.svg)
        cs = cairo_surface_write_to_png(surface, a.tmp);
    cairo_surface_finish(surface);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (cs != CAIRO_STATUS_SUCCESS)
        s = dm_error(
            ctx, cs == CAIRO_STATUS_NO_MEMORY ? DM_ERR_NO_MEMORY : DM_ERR_IO,
            "cannot draw '%s': %s", path, cairo_status_to_string(cs));
    else if (p.words_failed)
        s = dm_no_memory(ctx);
    else if (p.svg)
        s = write_svg(ctx, path, a.tmp, &buf, &p);
    free(buf.data);
    free(p.words);
    free(p.title);
    if (s != DM_OK) {
        dm_atomic_abort(&a);
        return s;
    }
    return dm_atomic_commit(ctx, &a);
}

void dm_x_tick(painter *p, const dm_chart_box *b, double x, const char *label,
               double font)
{
    cairo_t *cr = p->cr;
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_set_line_width(cr, 1.0);
    cairo_move_to(cr, x, b->top);
    cairo_line_to(cr, x, b->top + b->height);
    cairo_stroke(cr);
    cairo_text_extents_t e;
    cairo_text_extents(cr, label, &e);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, x - e.x_advance / 2, b->top + b->height + font * 1.5);
    dm_show_text(p, label);
}

void dm_x_caption_and_frame(painter *p, const dm_chart_box *b,
                            const char *caption, double font)
{
    cairo_t *cr = p->cr;
    cairo_text_extents_t e;
    cairo_text_extents(cr, caption, &e);
    cairo_move_to(cr, b->left + (b->width - e.x_advance) / 2,
                  b->top + b->height + font * 3.0);
    dm_show_text(p, caption);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 1.2);
    cairo_rectangle(cr, b->left, b->top, b->width, b->height);
    cairo_stroke(cr);
}
