/* Helpers shared by the C tests: fixtures in a temporary folder, checks on
 * doubles, and a trap for anything printed on stdout or stderr. */
#ifndef DM_TESTUTIL_H
#define DM_TESTUTIL_H

#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demine.h"

/* Exit status that tells meson a test was skipped. */
#define TEST_SKIP 77

/* |a - b| <= tol * |b|, with a message giving both values. */
#define assert_rel(a, b, tol)                                                 \
    do {                                                                      \
        double a_ = (a), b_ = (b), t_ = (tol);                                \
        if (!(fabs(a_ - b_) <= t_ * fabs(b_)))                                \
            fail_msg("%s = %.10g, expected %.10g within %g relative "         \
                     "(off by %.3g)",                                         \
                     #a, a_, b_, t_, (a_ - b_) / b_);                         \
    } while (0)

/* |a - b| <= tol. */
#define assert_abs(a, b, tol)                                                 \
    do {                                                                      \
        double a_ = (a), b_ = (b), t_ = (tol);                                \
        if (!(fabs(a_ - b_) <= t_))                                           \
            fail_msg("%s = %.10g, expected %.10g within %g", #a, a_, b_, t_); \
    } while (0)

/* The status, with the context's message when it is not the one expected. */
#define assert_status(ctx, got, want)                                         \
    do {                                                                      \
        dm_status g_ = (got), w_ = (want);                                    \
        if (g_ != w_)                                                         \
            fail_msg("%s returned %s, expected %s; message: %s", #got,        \
                     dm_status_str(g_), dm_status_str(w_),                    \
                     dm_context_last_error(ctx));                             \
    } while (0)

/* Asserts that the context's message contains `needle`. */
#define assert_message_has(ctx, needle)                                       \
    do {                                                                      \
        const char *m_ = dm_context_last_error(ctx);                          \
        if (strstr(m_, (needle)) == NULL)                                     \
            fail_msg("message '%s' does not contain '%s'", m_, (needle));     \
    } while (0)

/* A scenario's land release (JSON keys) by which survey cancels and
 * reduces nothing and has no capacity limit: all suspected area is to
 * clear at once, so only clearance takes time. */
#define CLEAR_ONLY                                                            \
    "\"land_release\": {\"high\": {\"nts_cancel_share\": 0, "                 \
    "\"ts_reduce_share\": 0}, \"medium\": {\"nts_cancel_share\": 0, "         \
    "\"ts_reduce_share\": 0}, \"low\": {\"nts_cancel_share\": 0, "            \
    "\"ts_reduce_share\": 0}}, \"unconstrained_survey\": {\"nts\": "          \
    "{\"cost_usd_per_ha\": 0}, \"ts\": {\"cost_usd_per_ha\": 0}}"

/* A temporary folder for this test program, removed at exit. */
const char *test_tmpdir(void);

/* Path of `name` in the temporary folder; static buffer per call slot
 * (up to 8 live at once). Like every helper here that returns a static
 * buffer, call it before starting threads, never from them. */
const char *test_path(const char *name);

/* Writes text to the file `name` in the temporary folder; returns its path. */
const char *test_write(const char *name, const char *text);

/* A whole file, not empty, NUL-terminated (new: free()); its length in *size
 * when size is not NULL. Fails the test when it cannot be read. */
char *test_slurp(const char *path, size_t *size);

/* Writes a formatted text; returns its path. */
const char *test_writef(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Between quiet_begin() and quiet_end(), stdout and stderr go to a file;
 * quiet_end() returns how many bytes were written there and copies the
 * first of them into `seen` (size bytes). */
void quiet_begin(void);
size_t quiet_end(char *seen, size_t size);

/* Path of the embedded Ukraine boundaries
 * (DM_TEST_DATA/ukraine-admin1.geojson). */
const char *test_embedded_boundaries(void);

/* The embedded Ukraine model, built once per group by a cmocka group setup
 * and freed by test_ukraine_teardown(): test_ukraine_setup() builds it at
 * 30 % of the national area with two zones (controlled and occupied, no
 * front-line zone), as the tests of the model's geometry were written for;
 * test_ukraine_defaults_setup() with the library's defaults (160,000 km²,
 * the front-line zone at DM_DEFAULT_FRONT_LINE_KM). */
typedef struct ukraine {
    dm_context *ctx;
    dm_regions *regions;
    dm_contamination *c;
} ukraine;
int test_ukraine_setup(void **state);
int test_ukraine_defaults_setup(void **state);
int test_ukraine_teardown(void **state);

/* The shared test data folder (../shared/data), or NULL when absent. */
const char *test_shared_data(void);

#endif
