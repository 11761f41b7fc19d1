/* The union of many polygons on several threads. The polygons are put in
 * order along a Hilbert curve through their envelopes' centres, so that a
 * run of them is a compact patch; the runs of DM_UNION_BLOCK are united
 * one block per item of parallel work, and the blocks' unions are united
 * in runs of DM_UNION_FAN_IN again, level by level, until one is left.
 * The blocks depend on the polygons alone (their count and envelopes),
 * never on the threads, and each block is one GEOS union in its own slot,
 * so the result is the same, bit for bit, on any number of threads. */
#include <stdint.h>
#include <stdlib.h>

#include "geom-private.h"

/* Polygons per block of the first level: patches small enough that a
 * block's union is cheap, many enough that the blocks keep every thread
 * busy. */
#define DM_UNION_BLOCK 32

/* Unions per block of the levels above: a tree like GEOS's own cascaded
 * union, whose levels stay parallel until the last. */
#define DM_UNION_FAN_IN 4

_Static_assert(DM_UNION_FAN_IN <= DM_UNION_BLOCK, "a block's array");

/* Cells per axis of the grid the Hilbert order is drawn on (2^16). */
#define HILBERT_ORDER 16

typedef struct keyed {
    uint64_t key;
    size_t index;
} keyed;

/* One level: the inputs in their order, a slot per block for its union. */
typedef struct level {
    GEOSGeometry *const *in;
    const size_t *order; /* NULL: the inputs' own order */
    size_t n, block;
    GEOSGeometry **out;
} level;

/* The distance along the Hilbert curve of cell (x, y) of a 2^order grid. */
static uint64_t hilbert_key(uint32_t x, uint32_t y)
{
    uint64_t d = 0;
    for (uint32_t s = 1u << (HILBERT_ORDER - 1); s > 0; s >>= 1) {
        uint32_t rx = (x & s) > 0, ry = (y & s) > 0;
        d += (uint64_t)s * s * ((3 * rx) ^ ry);
        if (ry == 0) { /* rotate the quadrant */
            if (rx == 1) {
                x = s - 1 - (x & (s - 1));
                y = s - 1 - (y & (s - 1));
            }
            uint32_t t = x;
            x = y;
            y = t;
        }
        x &= s - 1;
        y &= s - 1;
    }
    return d;
}

static int by_key(const void *a, const void *b)
{
    const keyed *p = a, *q = b;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return p->index < q->index ? -1 : p->index > q->index;
}

/* Cell of coordinate v on an axis from lo over span, 0 … 2^order - 1. */
static uint32_t grid_cell(double v, double lo, double span)
{
    double max = (double)((1u << HILBERT_ORDER) - 1);
    double c = span > 0.0 ? (v - lo) / span * max : 0.0;
    return c <= 0.0 ? 0 : c >= max ? (uint32_t)max : (uint32_t)c;
}

/* The parts' indices in Hilbert order of their envelopes' centres (ties:
 * in their own order); empty parts count as the grid's origin. */
static size_t *hilbert_order(dm_context *ctx, GEOSGeometry *const *parts,
                             size_t n)
{
    keyed *k = malloc(n * sizeof *k);
    double(*c)[2] = malloc(n * sizeof *c);
    size_t *order = malloc(n * sizeof *order);
    if (k == NULL || c == NULL || order == NULL) {
        free(k);
        free(c);
        free(order);
        return NULL;
    }
    double lo[2] = {0.0, 0.0}, hi[2] = {0.0, 0.0};
    for (size_t i = 0; i < n; i++) {
        double e[4] = {0.0, 0.0, 0.0, 0.0};
        if (GEOSisEmpty_r(dm_geos(ctx), parts[i]) == 0) {
            GEOSGeom_getXMin_r(dm_geos(ctx), parts[i], &e[0]);
            GEOSGeom_getYMin_r(dm_geos(ctx), parts[i], &e[1]);
            GEOSGeom_getXMax_r(dm_geos(ctx), parts[i], &e[2]);
            GEOSGeom_getYMax_r(dm_geos(ctx), parts[i], &e[3]);
        }
        for (int a = 0; a < 2; a++) {
            c[i][a] = (e[a] + e[a + 2]) / 2.0;
            lo[a] = i == 0 || c[i][a] < lo[a] ? c[i][a] : lo[a];
            hi[a] = i == 0 || c[i][a] > hi[a] ? c[i][a] : hi[a];
        }
    }
    for (size_t i = 0; i < n; i++) {
        k[i].index = i;
        k[i].key = hilbert_key(grid_cell(c[i][0], lo[0], hi[0] - lo[0]),
                               grid_cell(c[i][1], lo[1], hi[1] - lo[1]));
    }
    qsort(k, n, sizeof *k, by_key);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].index;
    free(k);
    free(c);
    return order;
}

/* Item b of a level: the union of its block, settled for the workers of
 * the next level to read. */
static dm_status unite_block(dm_context *ctx, size_t b, void *user)
{
    level *L = user;
    size_t lo = b * L->block;
    size_t m = L->n - lo < L->block ? L->n - lo : L->block;
    GEOSGeometry *block[DM_UNION_BLOCK];
    for (size_t i = 0; i < m; i++)
        block[i] = L->in[L->order != NULL ? L->order[lo + i] : lo + i];
    L->out[b] = dm_geom_union(ctx, block, m);
    if (L->out[b] == NULL)
        return dm_geos_error(ctx, "the union of block %zu: %s", b,
                             dm_geos_message(ctx));
    dm_geom_settle(ctx, L->out[b]);
    return DM_OK;
}

static void destroy_all(dm_context *ctx, GEOSGeometry **g, size_t n)
{
    for (size_t i = 0; g != NULL && i < n; i++)
        if (g[i] != NULL)
            GEOSGeom_destroy_r(dm_geos(ctx), g[i]);
    free(g);
}

/* The levels from the first one's inputs to the one union left, *out. */
static dm_status unite_levels(dm_context *ctx, level L, unsigned threads,
                              GEOSGeometry **out)
{
    GEOSGeometry **below = NULL; /* the level's inputs when its own */
    for (;;) {
        size_t nb = (L.n + L.block - 1) / L.block;
        L.out = calloc(nb, sizeof *L.out);
        dm_status s = L.out != NULL
                          ? dm_geo_parallel(ctx, threads, nb, unite_block, &L)
                          : dm_no_memory(ctx);
        destroy_all(ctx, below, L.n);
        if (s != DM_OK) {
            destroy_all(ctx, L.out, nb);
            return s;
        }
        if (nb == 1) {
            *out = L.out[0];
            free(L.out);
            return DM_OK;
        }
        below = L.out;
        L = (level){.in = below, .n = nb, .block = DM_UNION_FAN_IN};
    }
}

dm_status dm_geom_union_blocks(dm_context *ctx, GEOSGeometry *const *parts,
                               size_t n, unsigned threads, GEOSGeometry **out)
{
    if (n < DM_UNION_BLOCKS_MIN) {
        *out = dm_geom_union(ctx, parts, n);
        return *out != NULL ? DM_OK
                            : dm_geos_error(ctx, "%s", dm_geos_message(ctx));
    }
    for (size_t i = 0; i < n; i++)
        dm_geom_settle(ctx, parts[i]); /* read by every worker */
    size_t *order = hilbert_order(ctx, parts, n);
    if (order == NULL)
        return dm_no_memory(ctx);
    level first = {
        .in = parts, .order = order, .n = n, .block = DM_UNION_BLOCK};
    dm_status s = unite_levels(ctx, first, threads, out);
    free(order);
    return s;
}
