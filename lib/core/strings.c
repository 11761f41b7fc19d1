/* Strings: copies, numbers written in the C locale, and the lists of
 * names that messages quote. */
#define _GNU_SOURCE /* newlocale, uselocale */
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core-private.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

int dm_format_c(char *buf, size_t size, const char *fmt, ...)
{
    pthread_once(&c_locale_once, make_c_locale);
    /* This thread's locale only, and only for the call: a host program's
     * setlocale(LC_ALL, "") is never changed. */
    locale_t old = c_locale != (locale_t)0 ? uselocale(c_locale) : (locale_t)0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (old != (locale_t)0)
        uselocale(old);
    return n;
}

dm_status dm_grow(dm_context *ctx, void *items_ptr, size_t *cap, size_t count,
                  size_t size, size_t first)
{
    if (count < *cap)
        return DM_OK;
    size_t n = *cap ? 2 * *cap : first;
    void *items;
    memcpy(&items, items_ptr, sizeof items);
    void *p =
        n > *cap && n <= SIZE_MAX / size ? realloc(items, n * size) : NULL;
    if (p == NULL)
        return dm_no_memory(ctx);
    memcpy(items_ptr, &p, sizeof p);
    *cap = n;
    return DM_OK;
}

char *dm_strdup(dm_context *ctx, const char *s)
{
    if (s == NULL)
        s = "";
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy == NULL) {
        dm_no_memory(ctx);
        return NULL;
    }
    memcpy(copy, s, n);
    return copy;
}

void dm_list_names(char *buf, size_t size, size_t n,
                   const char *(*name_at)(const void *obj, size_t i),
                   const void *obj)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         name_at(obj, i));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (n == 0)
        snprintf(buf, size, "none");
}

static const char *string_at(const void *obj, size_t i)
{
    return ((const char *const *)obj)[i];
}

void dm_list_strings(char *buf, size_t size, const char *const *names,
                     size_t n)
{
    dm_list_names(buf, size, n, string_at, names);
}
