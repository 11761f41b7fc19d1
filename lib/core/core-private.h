/* Private: what both sides of the library use: the context and its last
 * error, argument checks, option structs that carry their size, strings.
 * No GDAL, GEOS or PROJ here: the engine builds on this alone. Never
 * installed. */
#ifndef DM_CORE_PRIVATE_H
#define DM_CORE_PRIVATE_H

#include <stddef.h>

#include "demine.h"

/* π, which strict C11 does not define. */
#define DM_PI 3.14159265358979323846

/* Longest message kept; longer ones are cut (with "…"). */
#define DM_MESSAGE_MAX 2048

/* The geometry side's state of a context (lib/geo/geo-private.h): made on
 * the first geometry call, so that a program that only projects never
 * starts GDAL, GEOS or PROJ. */
struct dm_geo;

struct dm_context {
    dm_status last_status;
    char last_error[DM_MESSAGE_MAX];
    struct dm_geo *geo; /* NULL until the first geometry call */
    void (*geo_free)(struct dm_geo *geo); /* set with geo */
};

/* Records an error in the context and returns its status, so that callers
 * write `return dm_error(ctx, DM_ERR_X, "…", …);`. */
dm_status dm_error(dm_context *ctx, dm_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records "<fmt ...>: <the message recorded so far>" with `status`: for a
 * caller that adds where a failure of a callee happened. */
dm_status dm_error_wrap(dm_context *ctx, dm_status status, const char *fmt,
                        ...) __attribute__((format(printf, 3, 4)));

/* Records DM_ERR_NULL_ARGUMENT naming the function and the argument. */
dm_status dm_null_argument(dm_context *ctx, const char *function,
                           const char *argument);

/* Records DM_ERR_NO_MEMORY. */
dm_status dm_no_memory(dm_context *ctx);

/* Records DM_ERR_OUT_OF_RANGE for index i of n. */
dm_status dm_out_of_range(dm_context *ctx, const char *what, size_t i,
                          size_t n);

/* snprintf in the C locale whatever the process's (a host program may
 * have called setlocale(LC_ALL, "") with a comma for the decimal point):
 * for numbers written into files that are read back. */
int dm_format_c(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* strdup that reports DM_ERR_NO_MEMORY through ctx; NULL in gives "". */
char *dm_strdup(dm_context *ctx, const char *s);

/* Room for one more item in the array *items_ptr (a pointer to the
 * array's pointer) of `count` items of `size` bytes, `*cap` allocated:
 * doubled when full, `first` items the first time. DM_OK, or
 * DM_ERR_NO_MEMORY recorded with the array as it was. */
dm_status dm_grow(dm_context *ctx, void *items_ptr, size_t *cap, size_t count,
                  size_t size, size_t first);

/* The whole text file at path into *text (new: free(); NUL-terminated) and
 * its length: regular files only (DM_ERR_IO otherwise), DM_ERR_FILE_NOT_FOUND,
 * `too_large` past max_bytes; messages name `what` ("scenario") and the
 * path. */
dm_status dm_read_text_file(dm_context *ctx, const char *what,
                            const char *path, size_t max_bytes,
                            dm_status too_large, char **text, size_t *len);

/* "a, b, c": the n names that name_at(obj, i) gives, into buf, cut to its
 * size; "none" when n is 0. For messages that say what there is. */
void dm_list_names(char *buf, size_t size, size_t n,
                   const char *(*name_at)(const void *obj, size_t i),
                   const void *obj);

/* The same for an array of n strings. */
void dm_list_strings(char *buf, size_t size, const char *const *names,
                     size_t n);

/* ---- argument checks --------------------------------------------------
 * One check for the opening of every public function (as GDAL's
 * VALIDATE_POINTER): the context first (NULL: DM_ERR_NULL_ARGUMENT, nothing
 * recorded), then each pointer named in order; the first NULL one is
 * recorded as "<function>: argument '<name>' is NULL". */

/* The first NULL of n pointers, named by `names` ("a, b, c"), or DM_OK. */
dm_status dm_check_pointers(dm_context *ctx, const char *function,
                            const char *names, const void *const *ptrs,
                            size_t n);

#define DM_POINTERS_(...) ((const void *const[]){__VA_ARGS__})
#define DM_NPOINTERS_(...)                                                    \
    (sizeof DM_POINTERS_(__VA_ARGS__) / sizeof(const void *))

/* Returns the status from the calling function when ctx or one of the
 * pointers is NULL. */
#define DM_CHECK(ctx, ...)                                                    \
    do {                                                                      \
        if ((ctx) == NULL)                                                    \
            return DM_ERR_NULL_ARGUMENT;                                      \
        dm_status check_ = dm_check_pointers((ctx), __func__, #__VA_ARGS__,   \
                                             DM_POINTERS_(__VA_ARGS__),       \
                                             DM_NPOINTERS_(__VA_ARGS__));     \
        if (check_ != DM_OK)                                                  \
            return check_;                                                    \
    } while (0)

/* As DM_CHECK, for functions that return `fail` (NULL, 0) on error; a NULL
 * context returns it too. */
#define DM_CHECK_OR(fail, ctx, ...)                                           \
    do {                                                                      \
        if ((ctx) == NULL)                                                    \
            return (fail);                                                    \
        if (dm_check_pointers((ctx), __func__, #__VA_ARGS__,                  \
                              DM_POINTERS_(__VA_ARGS__),                      \
                              DM_NPOINTERS_(__VA_ARGS__)) != DM_OK)           \
            return (fail);                                                    \
    } while (0)

/* ---- option and result structs that carry their size -----------------
 * Every public option or result struct starts with `size_t struct_size`,
 * set to its sizeof by its init function. A caller built against an older
 * header passes a smaller size: the fields it knows are taken, the newer
 * ones keep their defaults. A size of 0 (not initialised) or larger than
 * this library's struct (a newer header) is DM_ERR_INVALID_ARGUMENT. */

/* Copies the caller's struct (`given`, its size in its first field) over
 * `local` (already initialised with the defaults, `local_size` bytes). */
dm_status dm_options_take(dm_context *ctx, const char *function,
                          const char *type, void *local, size_t local_size,
                          const void *given);

/* Checks a result struct's size (as above) before the library fills it. */
dm_status dm_result_check(dm_context *ctx, const char *function,
                          const char *type, const void *given,
                          size_t local_size);

/* Copies a filled result into the caller's struct, as much as it holds. */
void dm_result_give(void *given, const void *local);

/* An init function's work: the defaults (`full`, full_size bytes, its
 * struct_size set) into the caller's struct of `size` bytes (the sizeof of
 * the header it was built with, which the init macros pass), as much of
 * them as it holds, its struct_size that much. Nothing when dst is NULL or
 * too small to hold a struct_size. */
void dm_init_copy(void *dst, const void *full, size_t full_size, size_t size);

/* `local` gets the defaults, then the caller's `given` (NULL: defaults
 * only); returns the status from the calling function on a bad size. */
#define DM_TAKE_OPTIONS(ctx, local, given, init)                              \
    do {                                                                      \
        init(&(local));                                                       \
        if ((given) != NULL) {                                                \
            dm_status take_ = dm_options_take(                                \
                (ctx), __func__, #init, &(local), sizeof(local), (given));    \
            if (take_ != DM_OK)                                               \
                return take_;                                                 \
        }                                                                     \
    } while (0)

#endif
