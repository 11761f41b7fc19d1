/* Global sensitivity: partial rank correlation coefficients (PRCC) of a
 * Monte Carlo projection's inputs with one of its outputs. Ranks make the
 * measure fit any monotone relation and let a milestone never reached
 * (INFINITY) take part as "later than every other run". */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sensitivity-private.h"

/* The share of an input's rank variance left unexplained by the earlier
 * inputs' ranks (its pivot in the factorisation) below which it counts as
 * collinear with them: its partial correlation would be rounding noise
 * over rounding noise. */
#define COLLINEAR_PIVOT 1e-10

/* Runs per block of the ranks' cross products: a block of every column
 * (4 KiB each) stays in cache while the pairs of columns are summed. */
#define RUN_BLOCK 512

/* A value's sort key and its run, radix-sorted to rank a column. */
typedef struct rank_pair {
    uint64_t key;
    size_t run;
} rank_pair;

/* Everything dm_prcc() needs, allocated at once. The columns are the
 * varying inputs (in x's order), then y: m = q + 1 of them. */
typedef struct prcc_work {
    size_t n, q, m;
    rank_pair *pairs, *spare; /* [run] each */
    double *ranks;            /* [column][run], centred on 0 */
    double *c;                /* [column][column]: correlations, then L */
    double *sd;               /* [column] */
    double *beta;             /* [input]: standardised regression of y */
    double *inv_diag;         /* [input]: diagonal of the inverse */
    double *w;                /* [input]: a column of L⁻¹ */
    size_t *column;           /* [input]: the input's index in x */
    unsigned char *collinear; /* [input] */
} prcc_work;

static void work_free(prcc_work *wk)
{
    free(wk->pairs);
    free(wk->spare);
    free(wk->ranks);
    free(wk->c);
    free(wk->sd);
    free(wk->beta);
    free(wk->inv_diag);
    free(wk->w);
    free(wk->column);
    free(wk->collinear);
}

static dm_status work_alloc(dm_context *ctx, prcc_work *wk, size_t n, size_t q)
{
    *wk = (prcc_work){.n = n, .q = q, .m = q + 1};
    size_t m = wk->m;
    if (m > SIZE_MAX / sizeof(double) / n || m > SIZE_MAX / sizeof(double) / m)
        return dm_no_memory(ctx);
    wk->pairs = malloc(n * sizeof *wk->pairs);
    wk->spare = malloc(n * sizeof *wk->spare);
    wk->ranks = malloc(n * m * sizeof *wk->ranks);
    wk->c = malloc(m * m * sizeof *wk->c);
    wk->sd = malloc(m * sizeof *wk->sd);
    wk->beta = malloc(m * sizeof *wk->beta);
    wk->inv_diag = malloc(m * sizeof *wk->inv_diag);
    wk->w = malloc(m * sizeof *wk->w);
    wk->column = malloc(m * sizeof *wk->column);
    wk->collinear = calloc(m, sizeof *wk->collinear);
    if (wk->pairs == NULL || wk->spare == NULL || wk->ranks == NULL ||
        wk->c == NULL || wk->sd == NULL || wk->beta == NULL ||
        wk->inv_diag == NULL || wk->w == NULL || wk->column == NULL ||
        wk->collinear == NULL) {
        work_free(wk);
        return dm_no_memory(ctx);
    }
    return DM_OK;
}

/* Whether a column varies over the runs; DM_ERR_INVALID_ARGUMENT at a NaN,
 * which has no rank. `input` names it in the message (SIZE_MAX: y). */
static dm_status scan_column(dm_context *ctx, const double *v, size_t stride,
                             size_t n, size_t input, int *varies)
{
    *varies = 0;
    for (size_t r = 0; r < n; r++) {
        double a = v[r * stride];
        if (isnan(a)) {
            if (input == SIZE_MAX)
                return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                                "dm_prcc: y of run %zu is NaN", r);
            return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                            "dm_prcc: input %zu of run %zu is NaN", input, r);
        }
        if (a != v[0])
            *varies = 1;
    }
    return DM_OK;
}

/* An unsigned key in the order of the doubles (not NaN): the sign bit
 * flipped for positives, every bit for negatives. -0 is made 0 first, so
 * that equal doubles have equal keys. */
static uint64_t order_key(double v)
{
    if (v == 0.0)
        v = 0.0;
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b >> 63 ? ~b : b | (UINT64_C(1) << 63);
}

/* Sorts n pairs by key, a byte at a time from the lowest (stable, so that
 * ties keep the runs' order); a byte every key shares is skipped. Returns
 * the array that holds the result, a or spare. Linear, where a comparison
 * sort of every column would cost more than the rest of dm_prcc(). */
static rank_pair *radix_sort(rank_pair *a, rank_pair *spare, size_t n)
{
    size_t count[8][256] = {{0}};
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            count[b][(a[i].key >> (8 * b)) & 0xFF]++;
    for (int b = 0; b < 8; b++) {
        size_t *cb = count[b];
        if (cb[(a[0].key >> (8 * b)) & 0xFF] == n)
            continue;
        for (size_t d = 0, at = 0; d < 256; d++) {
            size_t k = cb[d];
            cb[d] = at;
            at += k;
        }
        for (size_t i = 0; i < n; i++)
            spare[cb[(a[i].key >> (8 * b)) & 0xFF]++] = a[i];
        rank_pair *t = a;
        a = spare;
        spare = t;
    }
    return a;
}

/* The centred ranks (mean rank minus (n + 1) / 2; ties get their mean
 * rank) of n values at src with a stride, into dst. They are multiples of
 * 1/2 no larger than n / 2 in size, so that their cross products summed
 * over up to 200,000 runs are exact in doubles: in any order, the same. */
static void rank_column(prcc_work *wk, const double *src, size_t stride,
                        double *dst)
{
    size_t n = wk->n;
    for (size_t r = 0; r < n; r++)
        wk->pairs[r] = (rank_pair){order_key(src[r * stride]), r};
    const rank_pair *sorted = radix_sort(wk->pairs, wk->spare, n);
    for (size_t k = 0; k < n;) {
        size_t e = k + 1;
        while (e < n && sorted[e].key == sorted[k].key)
            e++;
        /* Sorted positions k … e - 1 have ranks k + 1 … e. */
        double centred = 0.5 * ((double)(k + e) - (double)n);
        for (size_t i = k; i < e; i++)
            dst[sorted[i].run] = centred;
        k = e;
    }
}

/* Four sums, which the compiler can keep in vector registers; exact
 * (rank_column()), so their order does not matter. */
static double dot(const double *a, const double *b, size_t n)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++)
        s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

/* The correlation matrix of the ranks' columns (lower triangle), their
 * cross products summed a block of runs at a time. */
static void rank_correlations(prcc_work *wk)
{
    size_t m = wk->m, n = wk->n;
    double *c = wk->c;
    for (size_t i = 0; i < m * m; i++)
        c[i] = 0.0;
    for (size_t r0 = 0; r0 < n; r0 += RUN_BLOCK) {
        size_t len = n - r0 < RUN_BLOCK ? n - r0 : RUN_BLOCK;
        for (size_t j = 0; j < m; j++) {
            const double *a = wk->ranks + j * n + r0;
            for (size_t k = 0; k <= j; k++)
                c[j * m + k] += dot(a, wk->ranks + k * n + r0, len);
        }
    }
    for (size_t j = 0; j < m; j++)
        wk->sd[j] = sqrt(c[j * m + j]);
    for (size_t j = 0; j < m; j++) {
        for (size_t k = 0; k < j; k++)
            c[j * m + k] /= wk->sd[j] * wk->sd[k];
        c[j * m + j] = 1.0;
    }
}

/* Row k of the Cholesky factor L of the correlations, in place, over the
 * columns not collinear; returns the pivot: the share of column k's
 * variance the earlier columns do not explain. */
static double cholesky_row(prcc_work *wk, size_t k)
{
    size_t m = wk->m;
    double *c = wk->c, *ck = c + k * m;
    double pivot = ck[k];
    for (size_t j = 0; j < k; j++) {
        if (wk->collinear[j])
            continue;
        const double *cj = c + j * m;
        double s = ck[j];
        for (size_t i = 0; i < j; i++)
            if (!wk->collinear[i])
                s -= ck[i] * cj[i];
        ck[j] = s / cj[j];
        pivot -= ck[j] * ck[j];
    }
    return pivot;
}

/* Factors the inputs' correlations, leaving out each input the earlier
 * ones explain (dropping it from a left-looking Cholesky gives the factor
 * of the others alone), then y's row: L's last row z = L⁻¹ b for y's
 * correlations b with the inputs. Returns y's pivot s = 1 - bᵀ A⁻¹ b, the
 * share of y's ranks' variance the inputs' ranks leave. */
static double factor(prcc_work *wk)
{
    size_t m = wk->m;
    for (size_t k = 0; k < wk->q; k++) {
        double pivot = cholesky_row(wk, k);
        if (pivot < COLLINEAR_PIVOT)
            wk->collinear[k] = 1;
        else
            wk->c[k * m + k] = sqrt(pivot);
    }
    return cholesky_row(wk, wk->q);
}

/* beta = A⁻¹ b = L⁻ᵀ z, and the diagonal of A⁻¹ = L⁻ᵀ L⁻¹: the squared
 * norms of L⁻¹'s columns, each solved from L w = e_i. */
static void solve(prcc_work *wk)
{
    size_t m = wk->m, q = wk->q;
    const double *c = wk->c, *z = c + q * m;
    for (size_t k = q; k-- > 0;) {
        if (wk->collinear[k])
            continue;
        double s = z[k];
        for (size_t j = k + 1; j < q; j++)
            if (!wk->collinear[j])
                s -= c[j * m + k] * wk->beta[j];
        wk->beta[k] = s / c[k * m + k];
    }
    for (size_t i = 0; i < q; i++) {
        if (wk->collinear[i])
            continue;
        wk->w[i] = 1.0 / c[i * m + i];
        double norm = wk->w[i] * wk->w[i];
        for (size_t k = i + 1; k < q; k++) {
            if (wk->collinear[k])
                continue;
            double s = 0.0;
            for (size_t j = i; j < k; j++)
                if (!wk->collinear[j])
                    s -= c[k * m + j] * wk->w[j];
            wk->w[k] = s / c[k * m + k];
            norm += wk->w[k] * wk->w[k];
        }
        wk->inv_diag[i] = norm;
    }
}

/* With P the inverse of the correlations of the inputs and y, PRCC_i =
 * -P[i][y] / sqrt(P[i][i] P[y][y]); by the inverse of a block matrix that
 * is beta_i / sqrt(s (A⁻¹)_ii + beta_i²), which stays defined when y is a
 * function of the inputs' ranks (s = 0). */
static void coefficients(const prcc_work *wk, double s, size_t p,
                         const int *varies, double *prcc)
{
    /* s at rounding: y's ranks are explained by the inputs'. Flooring it
     * there gives ±1 to the inputs y depends on and keeps the others,
     * whose beta is rounding too, near 0 rather than at ±1. */
    if (s < DBL_EPSILON)
        s = DBL_EPSILON;
    for (size_t i = 0, a = 0; i < p; i++) {
        if (!varies[i]) {
            prcc[i] = 0.0;
            continue;
        }
        size_t k = a++;
        if (wk->collinear[k]) {
            prcc[i] = 0.0;
            continue;
        }
        double b = wk->beta[k];
        double v = b / sqrt(s * wk->inv_diag[k] + b * b);
        prcc[i] = v < -1.0 ? -1.0 : v > 1.0 ? 1.0 : v;
    }
}

/* Which inputs vary (varies: p flags), how many, and whether y does. */
static dm_status scan(dm_context *ctx, const double *x, size_t n, size_t p,
                      const double *y, int *varies, size_t *q, int *y_varies)
{
    *q = 0;
    for (size_t i = 0; i < p; i++) {
        dm_status s = scan_column(ctx, x + i, p, n, i, &varies[i]);
        if (s != DM_OK)
            return s;
        *q += (size_t)varies[i];
    }
    return scan_column(ctx, y, 1, n, SIZE_MAX, y_varies);
}

/* The coefficients of the q varying inputs (flagged in varies) and of the
 * others, with y varying. */
static dm_status compute(dm_context *ctx, const double *x, size_t n, size_t p,
                         const double *y, const int *varies, size_t q,
                         double *prcc)
{
    prcc_work wk;
    dm_status s = work_alloc(ctx, &wk, n, q);
    if (s != DM_OK)
        return s;
    for (size_t i = 0, k = 0; i < p; i++)
        if (varies[i])
            wk.column[k++] = i;
    for (size_t k = 0; k < q; k++)
        rank_column(&wk, x + wk.column[k], p, wk.ranks + k * n);
    rank_column(&wk, y, 1, wk.ranks + q * n);
    rank_correlations(&wk);
    double y_pivot = factor(&wk);
    solve(&wk);
    coefficients(&wk, y_pivot, p, varies, prcc);
    work_free(&wk);
    return DM_OK;
}

dm_status dm_prcc(dm_context *ctx, const double *x, size_t n, size_t p,
                  const double *y, double *prcc)
{
    DM_CHECK(ctx, x, y, prcc);
    if (p > SIZE_MAX / sizeof(int) - 1)
        return dm_no_memory(ctx);
    int *varies = malloc((p + 1) * sizeof *varies);
    if (varies == NULL)
        return dm_no_memory(ctx);
    size_t q = 0;
    int y_varies = 0;
    dm_status s = scan(ctx, x, n, p, y, varies, &q, &y_varies);
    /* The residuals a partial correlation compares have n - q degrees of
     * freedom (y's mean and the q - 1 other inputs taken out); a
     * correlation of them wants at least three. */
    if (s == DM_OK && n < q + 3)
        s = dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                     "dm_prcc: %zu runs are too few for %zu varying inputs "
                     "(at least %zu: the inputs plus 3)",
                     n, q, q + 3);
    if (s == DM_OK && y_varies)
        s = compute(ctx, x, n, p, y, varies, q, prcc);
    else if (s == DM_OK)
        for (size_t i = 0; i < p; i++)
            prcc[i] = NAN;
    free(varies);
    return s;
}
