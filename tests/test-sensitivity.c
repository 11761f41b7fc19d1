/* Partial rank correlations (dm_prcc): exact answers for monotone
 * relations, agreement with a second method (ranks computed here by
 * counting, partial correlations by regression residuals or by inverting
 * the correlation matrix with Gauss–Jordan), ties and milestones not
 * reached, inputs left out, and refusals. dm_prcc is private, so this
 * program links the engine's static library (tests/meson.build) and uses
 * testutil.h's macros only. */
#include "testutil.h"

#include "sensitivity-private.h"

#define MAX_INPUTS 8

/* A 64-bit LCG (Knuth's MMIX constants): a stream of its own, so that the
 * test does not depend on the library's generator. */
typedef struct lcg {
    uint64_t s;
} lcg;

static double uniform(lcg *g)
{
    g->s =
        g->s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (double)(g->s >> 11) * 0x1.0p-53;
}

/* n × p uniform inputs, row-major; free(). */
static double *inputs(lcg *g, size_t n, size_t p)
{
    double *x = malloc(n * p * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n * p; i++)
        x[i] = uniform(g);
    return x;
}

/* Mean ranks by counting, O(n²): 1 + the values below + half the others
 * equal. INFINITY counts as equal to INFINITY and above all else. */
static void count_ranks(const double *v, size_t stride, size_t n, double *r)
{
    for (size_t i = 0; i < n; i++) {
        double below = 0.0, equal = 0.0;
        for (size_t j = 0; j < n; j++) {
            if (v[j * stride] < v[i * stride])
                below += 1.0;
            else if (j != i && v[j * stride] == v[i * stride])
                equal += 1.0;
        }
        r[i] = 1.0 + below + 0.5 * equal;
    }
}

static double mean(const double *v, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s / (double)n;
}

static double pearson(const double *a, const double *b, size_t n)
{
    double ma = mean(a, n), mb = mean(b, n), sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / sqrt(saa * sbb);
}

/* v minus its least-squares line on u (with an intercept), in place. */
static void residual_on(double *v, const double *u, size_t n)
{
    double mu = mean(u, n), mv = mean(v, n), suv = 0, suu = 0;
    for (size_t i = 0; i < n; i++) {
        suv += (u[i] - mu) * (v[i] - mv);
        suu += (u[i] - mu) * (u[i] - mu);
    }
    double slope = suv / suu;
    for (size_t i = 0; i < n; i++)
        v[i] -= mv + slope * (u[i] - mu);
}

/* For two inputs: the partial rank correlation of input `which` with y
 * given the other, as the correlation of the residuals of rank(y) and
 * rank(x_which) regressed on rank(x_other). */
static double prcc_by_residuals(const double *x, size_t n, const double *y,
                                size_t which)
{
    double *ra = malloc(n * sizeof *ra), *rb = malloc(n * sizeof *rb);
    double *ry = malloc(n * sizeof *ry);
    assert_true(ra != NULL && rb != NULL && ry != NULL);
    count_ranks(x + which, 2, n, ra);
    count_ranks(x + (1 - which), 2, n, rb);
    count_ranks(y, 1, n, ry);
    residual_on(ra, rb, n);
    residual_on(ry, rb, n);
    double r = pearson(ra, ry, n);
    free(ra);
    free(rb);
    free(ry);
    return r;
}

/* Inverts the m × m matrix a (row-major) into inv by Gauss–Jordan with
 * partial pivoting. */
static void gauss_jordan(double *a, size_t m, double *inv)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            inv[i * m + j] = i == j;
    for (size_t col = 0; col < m; col++) {
        size_t piv = col;
        for (size_t r = col + 1; r < m; r++)
            if (fabs(a[r * m + col]) > fabs(a[piv * m + col]))
                piv = r;
        for (size_t j = 0; j < m; j++) {
            double t = a[col * m + j];
            a[col * m + j] = a[piv * m + j];
            a[piv * m + j] = t;
            t = inv[col * m + j];
            inv[col * m + j] = inv[piv * m + j];
            inv[piv * m + j] = t;
        }
        double d = a[col * m + col];
        assert_true(fabs(d) > 1e-12);
        for (size_t j = 0; j < m; j++) {
            a[col * m + j] /= d;
            inv[col * m + j] /= d;
        }
        for (size_t r = 0; r < m; r++) {
            double f = a[r * m + col];
            if (r == col || f == 0.0)
                continue;
            for (size_t j = 0; j < m; j++) {
                a[r * m + j] -= f * a[col * m + j];
                inv[r * m + j] -= f * inv[col * m + j];
            }
        }
    }
}

/* For p inputs: -P[i][y] / sqrt(P[i][i] P[y][y]) with P the inverse of the
 * Pearson correlations of the counted ranks. */
static void prcc_by_inverse(const double *x, size_t n, size_t p,
                            const double *y, double *out)
{
    size_t m = p + 1;
    double *r = malloc(m * n * sizeof *r);
    double a[(MAX_INPUTS + 1) * (MAX_INPUTS + 1)];
    double inv[(MAX_INPUTS + 1) * (MAX_INPUTS + 1)];
    assert_non_null(r);
    assert_true(p <= MAX_INPUTS);
    for (size_t j = 0; j < p; j++)
        count_ranks(x + j, p, n, r + j * n);
    count_ranks(y, 1, n, r + p * n);
    for (size_t j = 0; j < m; j++)
        for (size_t k = 0; k < m; k++)
            a[j * m + k] = pearson(r + j * n, r + k * n, n);
    gauss_jordan(a, m, inv);
    for (size_t i = 0; i < p; i++)
        out[i] = -inv[i * m + p] / sqrt(inv[i * m + i] * inv[p * m + p]);
    free(r);
}

/* y = exp(3 x1): y's ranks are x1's, the inputs' partial correlations
 * exact; x2 and x3 unrelated noise. */
static void monotone_input_gives_one(void **state)
{
    (void)state;
    size_t n = 2000, p = 3;
    lcg g = {1};
    double *x = inputs(&g, n, p), *y = malloc(n * sizeof *y);
    assert_non_null(y);
    for (size_t r = 0; r < n; r++)
        y[r] = exp(3.0 * x[r * p]);
    dm_context *ctx = dm_context_new();
    double c[3];
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    assert_abs(c[0], 1.0, 1e-12);
    assert_true(fabs(c[1]) < 0.1);
    assert_true(fabs(c[2]) < 0.1);
    /* With noise in y, x1 stays near 1 and the others near 0. */
    for (size_t r = 0; r < n; r++)
        y[r] += 0.05 * uniform(&g);
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    assert_true(c[0] > 0.95 && c[0] <= 1.0);
    assert_true(fabs(c[1]) < 0.1);
    assert_true(fabs(c[2]) < 0.1);
    dm_context_free(ctx);
    free(x);
    free(y);
}

/* y = 1 / x2, decreasing: -1 for x2. */
static void decreasing_input_gives_minus_one(void **state)
{
    (void)state;
    size_t n = 1000, p = 2;
    lcg g = {2};
    double *x = inputs(&g, n, p), *y = malloc(n * sizeof *y);
    assert_non_null(y);
    for (size_t r = 0; r < n; r++)
        y[r] = 1.0 / (x[r * p + 1] + 0.01);
    dm_context *ctx = dm_context_new();
    double c[2];
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    assert_abs(c[1], -1.0, 1e-12);
    assert_true(fabs(c[0]) < 0.1);
    dm_context_free(ctx);
    free(x);
    free(y);
}

/* y = x1 + x2 + noise: the residual regression's answer. */
static void agrees_with_residual_regression(void **state)
{
    (void)state;
    size_t n = 500, p = 2;
    lcg g = {3};
    double *x = inputs(&g, n, p), *y = malloc(n * sizeof *y);
    assert_non_null(y);
    for (size_t r = 0; r < n; r++)
        y[r] = x[r * p] + x[r * p + 1] + 0.3 * uniform(&g);
    dm_context *ctx = dm_context_new();
    double c[2];
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    double e0 = prcc_by_residuals(x, n, y, 0);
    double e1 = prcc_by_residuals(x, n, y, 1);
    assert_abs(c[0], e0, 1e-9);
    assert_abs(c[1], e1, 1e-9);
    /* Both matter, and about as much. */
    assert_true(e0 > 0.5 && e1 > 0.5 && e0 < 1.0 && e1 < 1.0);
    dm_context_free(ctx);
    free(x);
    free(y);
}

/* Five inputs of mixed signs and weights, one unrelated: the inverse of the
 * correlation matrix by Gauss–Jordan. */
static void agrees_with_the_inverse(void **state)
{
    (void)state;
    size_t n = 300, p = 5;
    lcg g = {4};
    double *x = inputs(&g, n, p), *y = malloc(n * sizeof *y);
    assert_non_null(y);
    for (size_t r = 0; r < n; r++) {
        const double *v = x + r * p;
        y[r] =
            v[0] + 2.0 * v[1] - v[2] + 0.2 * v[3] * v[3] + 0.5 * uniform(&g);
    }
    dm_context *ctx = dm_context_new();
    double c[5], e[5];
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    prcc_by_inverse(x, n, p, y, e);
    for (size_t i = 0; i < p; i++)
        assert_abs(c[i], e[i], 1e-9);
    assert_true(c[1] > c[0] && c[0] > 0.0 && c[2] < 0.0);
    dm_context_free(ctx);
    free(x);
    free(y);
}

/* y rounded (ties) and INFINITY where a milestone is not reached: ranked
 * last, as a value above every finite one would be. */
static void ties_and_infinity(void **state)
{
    (void)state;
    size_t n = 400, p = 2;
    lcg g = {5};
    double *x = inputs(&g, n, p), *y = malloc(n * sizeof *y);
    double *y_big = malloc(n * sizeof *y_big);
    assert_true(y != NULL && y_big != NULL);
    size_t inf = 0;
    for (size_t r = 0; r < n; r++) {
        y[r] = floor(10.0 * (x[r * p] + 0.5 * x[r * p + 1]));
        if (y[r] >= 12.0) {
            y[r] = INFINITY;
            inf++;
        }
        y_big[r] = isinf(y[r]) ? 1e300 : y[r];
        /* Ties in an input too, a few INFINITY there, and -0 (equal to
         * the 0 of floor(), so tied with it). */
        double t = floor(20.0 * x[r * p + 1]);
        x[r * p + 1] = r % 37 == 0 ? INFINITY : r % 11 == 0 ? -0.0 : t;
    }
    assert_true(inf > 10 && inf < n / 2);
    dm_context *ctx = dm_context_new();
    double c[2], c_big[2];
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    assert_status(ctx, dm_prcc(ctx, x, n, p, y_big, c_big), DM_OK);
    for (size_t i = 0; i < p; i++) {
        assert_true(isfinite(c[i]) && c[i] >= -1.0 && c[i] <= 1.0);
        assert_abs(c[i], c_big[i], 1e-15);
        /* Mean ranks for the ties, as counted here. */
        assert_abs(c[i], prcc_by_residuals(x, n, y, i), 1e-9);
    }
    assert_true(c[0] > 0.5 && c[1] > 0.2);
    dm_context_free(ctx);
    free(x);
    free(y);
    free(y_big);
}

/* x with column `drop` removed (n × (p - 1)); free(). */
static double *without_column(const double *x, size_t n, size_t p, size_t drop)
{
    double *out = malloc(n * (p - 1) * sizeof *out);
    assert_non_null(out);
    for (size_t r = 0; r < n; r++)
        for (size_t j = 0, k = 0; j < p; j++)
            if (j != drop)
                out[r * (p - 1) + k++] = x[r * p + j];
    return out;
}

/* A constant input gets 0 and leaves the others as they are without it; so
 * does a copy of an input's ranks (here an increasing function of it),
 * the copy getting the 0. */
static void constant_and_duplicate_inputs(void **state)
{
    (void)state;
    size_t n = 600, p = 3;
    lcg g = {6};
    double *x = inputs(&g, n, p), *y = malloc(n * sizeof *y);
    assert_non_null(y);
    for (size_t r = 0; r < n; r++) {
        x[r * p + 1] = 4.5;
        y[r] = x[r * p] - 0.5 * x[r * p + 2] + 0.4 * uniform(&g);
    }
    dm_context *ctx = dm_context_new();
    double c[3], alone[2];
    double *x2 = without_column(x, n, p, 1);
    assert_status(ctx, dm_prcc(ctx, x2, n, 2, y, alone), DM_OK);
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    assert_true(c[1] == 0.0);
    assert_abs(c[0], alone[0], 1e-12);
    assert_abs(c[2], alone[1], 1e-12);
    /* Column 1 now a copy of column 0's ranks. */
    for (size_t r = 0; r < n; r++)
        x[r * p + 1] = 2.0 * x[r * p] + 5.0;
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    assert_true(c[1] == 0.0);
    assert_abs(c[0], alone[0], 1e-12);
    assert_abs(c[2], alone[1], 1e-12);
    /* The copy first: the later one (the original) gets the 0. */
    for (size_t r = 0; r < n; r++) {
        double t = x[r * p];
        x[r * p] = x[r * p + 1];
        x[r * p + 1] = t;
    }
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    assert_true(c[1] == 0.0);
    assert_abs(c[0], alone[0], 1e-12);
    assert_abs(c[2], alone[1], 1e-12);
    dm_context_free(ctx);
    free(x);
    free(x2);
    free(y);
}

/* y the same in every run (every run reaching nothing, say): NAN. */
static void constant_y_gives_nan(void **state)
{
    (void)state;
    size_t n = 50, p = 3;
    lcg g = {7};
    double *x = inputs(&g, n, p), y[50];
    for (size_t r = 0; r < n; r++)
        y[r] = INFINITY;
    dm_context *ctx = dm_context_new();
    double c[3] = {0, 0, 0};
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    for (size_t i = 0; i < p; i++)
        assert_true(isnan(c[i]));
    dm_context_free(ctx);
    free(x);
}

/* Too few runs for the varying inputs, NaN, NULL: refused, prcc
 * untouched; a constant input does not count against the runs. */
static void refusals(void **state)
{
    (void)state;
    size_t n = 5, p = 3;
    lcg g = {8};
    double *x = inputs(&g, n, p), y[5];
    for (size_t r = 0; r < n; r++)
        y[r] = x[r * p] + uniform(&g);
    dm_context *ctx = dm_context_new();
    double c[3] = {7, 7, 7};
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "dm_prcc");
    assert_message_has(ctx, "5 runs");
    assert_message_has(ctx, "3 varying inputs");
    assert_true(c[0] == 7 && c[1] == 7 && c[2] == 7);
    assert_status(ctx, dm_prcc(ctx, x, 0, p, y, c), DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "0 runs");
    for (size_t r = 0; r < n; r++)
        x[r * p + 2] = 1.0;
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_OK);
    assert_true(c[2] == 0.0);
    x[2 * p + 1] = NAN;
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "input 1 of run 2 is NaN");
    x[2 * p + 1] = 0.5;
    y[4] = NAN;
    assert_status(ctx, dm_prcc(ctx, x, n, p, y, c), DM_ERR_INVALID_ARGUMENT);
    assert_message_has(ctx, "y of run 4 is NaN");
    assert_status(ctx, dm_prcc(ctx, NULL, n, p, y, c), DM_ERR_NULL_ARGUMENT);
    assert_message_has(ctx, "'x'");
    assert_int_equal(dm_prcc(NULL, x, n, p, y, c), DM_ERR_NULL_ARGUMENT);
    dm_context_free(ctx);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(monotone_input_gives_one),
        cmocka_unit_test(decreasing_input_gives_minus_one),
        cmocka_unit_test(agrees_with_residual_regression),
        cmocka_unit_test(agrees_with_the_inverse),
        cmocka_unit_test(ties_and_infinity),
        cmocka_unit_test(constant_and_duplicate_inputs),
        cmocka_unit_test(constant_y_gives_nan),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
