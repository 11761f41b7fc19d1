/* The error core: the last error of a context, status names, argument
 * and option checks. Plain C: no dependency at all. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core-private.h"

const char *dm_status_str(dm_status status)
{
    switch (status) {
    case DM_OK: return "DM_OK";
    case DM_ERR_USAGE: return "DM_ERR_USAGE";
    case DM_ERR_NULL_ARGUMENT: return "DM_ERR_NULL_ARGUMENT";
    case DM_ERR_INVALID_ARGUMENT: return "DM_ERR_INVALID_ARGUMENT";
    case DM_ERR_OUT_OF_RANGE: return "DM_ERR_OUT_OF_RANGE";
    case DM_ERR_NOT_FOUND: return "DM_ERR_NOT_FOUND";
    case DM_ERR_INPUT: return "DM_ERR_INPUT";
    case DM_ERR_FILE_NOT_FOUND: return "DM_ERR_FILE_NOT_FOUND";
    case DM_ERR_NOT_VECTOR: return "DM_ERR_NOT_VECTOR";
    case DM_ERR_CORRUPT: return "DM_ERR_CORRUPT";
    case DM_ERR_LAYER_NOT_FOUND: return "DM_ERR_LAYER_NOT_FOUND";
    case DM_ERR_FIELD_NOT_FOUND: return "DM_ERR_FIELD_NOT_FOUND";
    case DM_ERR_EMPTY: return "DM_ERR_EMPTY";
    case DM_ERR_GEOMETRY_TYPE: return "DM_ERR_GEOMETRY_TYPE";
    case DM_ERR_NO_CRS: return "DM_ERR_NO_CRS";
    case DM_ERR_BAD_CRS: return "DM_ERR_BAD_CRS";
    case DM_ERR_BAD_FILTER: return "DM_ERR_BAD_FILTER";
    case DM_ERR_BAD_GEOMETRY: return "DM_ERR_BAD_GEOMETRY";
    case DM_ERR_BAD_VALUE: return "DM_ERR_BAD_VALUE";
    case DM_ERR_SCENARIO: return "DM_ERR_SCENARIO";
    case DM_ERR_COMPUTE: return "DM_ERR_COMPUTE";
    case DM_ERR_GEOS: return "DM_ERR_GEOS";
    case DM_ERR_PROJ: return "DM_ERR_PROJ";
    case DM_ERR_UNREACHABLE: return "DM_ERR_UNREACHABLE";
    case DM_ERR_SYSTEM: return "DM_ERR_SYSTEM";
    case DM_ERR_NO_MEMORY: return "DM_ERR_NO_MEMORY";
    case DM_ERR_IO: return "DM_ERR_IO";
    }
    return "DM_ERR_UNKNOWN";
}

const char *dm_context_last_error(const dm_context *ctx)
{
    return ctx != NULL ? ctx->last_error : "no context (NULL)";
}

dm_status dm_context_last_status(const dm_context *ctx)
{
    return ctx != NULL ? ctx->last_status : DM_ERR_NULL_ARGUMENT;
}

void dm_context_clear_error(dm_context *ctx)
{
    if (ctx == NULL)
        return;
    ctx->last_status = DM_OK;
    ctx->last_error[0] = '\0';
}

/* The start of the UTF-8 character that byte i of text is in. */
static size_t char_start(const char *text, size_t i)
{
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Keeps text (n bytes) as the context's message; a text too long keeps
 * its start (what failed, where) and its end (the reason), the middle
 * elided, never cut inside a character. */
static void keep_message(dm_context *ctx, const char *text, size_t n)
{
    static const char mid[] = " … ";
    size_t max = sizeof ctx->last_error - 1;
    if (n <= max) {
        memcpy(ctx->last_error, text, n + 1);
        return;
    }
    size_t head = char_start(text, max / 3);
    size_t tail = n - (max - head - (sizeof mid - 1));
    while (tail < n && ((unsigned char)text[tail] & 0xC0) == 0x80)
        tail++; /* to the next character's start */
    memcpy(ctx->last_error, text, head);
    memcpy(ctx->last_error + head, mid, sizeof mid - 1);
    memcpy(ctx->last_error + head + sizeof mid - 1, text + tail, n - tail + 1);
}

dm_status dm_error(dm_context *ctx, dm_status status, const char *fmt, ...)
{
    if (ctx == NULL)
        return status;
    char local[4 * DM_MESSAGE_MAX];
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(local, sizeof local, fmt, ap);
    va_end(ap);
    char *text = local;
    /* Longer than the local buffer: the whole of it, so that its end (the
     * reason) is kept; without memory, the start. */
    if (n >= (int)sizeof local && (text = malloc((size_t)n + 1)) != NULL)
        vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    if (text == NULL) {
        text = local;
        n = (int)sizeof local - 1;
    }
    keep_message(ctx, text, n < 0 ? 0 : (size_t)n);
    if (text != local)
        free(text);
    ctx->last_status = status;
    return status;
}

dm_status dm_error_wrap(dm_context *ctx, dm_status status, const char *fmt,
                        ...)
{
    if (ctx == NULL)
        return status;
    char where[DM_MESSAGE_MAX], why[DM_MESSAGE_MAX];
    snprintf(why, sizeof why, "%s", ctx->last_error);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(where, sizeof where, fmt, ap);
    va_end(ap);
    return dm_error(ctx, status, "%s: %s", where, why);
}

dm_status dm_null_argument(dm_context *ctx, const char *function,
                           const char *argument)
{
    return dm_error(ctx, DM_ERR_NULL_ARGUMENT, "%s: argument '%s' is NULL",
                    function, argument);
}

dm_status dm_no_memory(dm_context *ctx)
{
    return dm_error(ctx, DM_ERR_NO_MEMORY, "out of memory");
}

dm_status dm_out_of_range(dm_context *ctx, const char *what, size_t i,
                          size_t n)
{
    return dm_error(ctx, DM_ERR_OUT_OF_RANGE,
                    "%s index %zu is out of range (there are %zu)", what, i,
                    n);
}

dm_status dm_check_pointers(dm_context *ctx, const char *function,
                            const char *names, const void *const *ptrs,
                            size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ptrs[i] != NULL)
            continue;
        /* The i-th name of "a, b, c". */
        const char *name = names;
        for (size_t k = 0; k < i && name != NULL; k++) {
            name = strchr(name, ',');
            if (name != NULL)
                name++;
        }
        if (name == NULL)
            name = "?";
        while (*name == ' ')
            name++;
        size_t len = strcspn(name, ",");
        char arg[64];
        snprintf(arg, sizeof arg, "%.*s", (int)len, name);
        return dm_null_argument(ctx, function, arg);
    }
    return DM_OK;
}

/* The size a caller's struct says it has: its first field. */
static size_t given_size(const void *given)
{
    size_t size;
    memcpy(&size, given, sizeof size);
    return size;
}

dm_status dm_result_check(dm_context *ctx, const char *function,
                          const char *type, const void *given,
                          size_t local_size)
{
    size_t size = given_size(given);
    if (size < sizeof(size_t))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "%s: struct_size is %zu: fill the struct with "
                        "%s() first",
                        function, size, type);
    if (size > local_size)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "%s: struct_size %zu is larger than this library's "
                        "%zu bytes: the program was built against a newer "
                        "demine.h than the library it runs with (%s)",
                        function, size, local_size, dm_version());
    return DM_OK;
}

dm_status dm_options_take(dm_context *ctx, const char *function,
                          const char *type, void *local, size_t local_size,
                          const void *given)
{
    dm_status s = dm_result_check(ctx, function, type, given, local_size);
    if (s != DM_OK)
        return s;
    /* The fields the caller knows; the rest keep their defaults. The size
     * stays the library's own. */
    size_t size = given_size(given);
    memcpy((char *)local + sizeof(size_t),
           (const char *)given + sizeof(size_t), size - sizeof(size_t));
    return DM_OK;
}

void dm_init_copy(void *dst, const void *full, size_t full_size, size_t size)
{
    if (dst == NULL || size < sizeof(size_t))
        return;
    size_t n = size < full_size ? size : full_size;
    memcpy(dst, full, n);
    memcpy(dst, &n, sizeof n);
}

void dm_result_give(void *given, const void *local)
{
    size_t size = given_size(given);
    memcpy((char *)given + sizeof(size_t),
           (const char *)local + sizeof(size_t), size - sizeof(size_t));
}
