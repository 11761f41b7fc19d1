/* The projection engine: land release month by month over flat arrays,
 * Monte Carlo runs on pthreads, quantiles. No allocation happens inside
 * the month loop: every buffer a run needs is made before the workers
 * start. */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "posterior-private.h"
#include "projection-private.h"

/* m² in a km², hectares in a km². */
#define M2_PER_KM2 1.0e6
#define HA_PER_KM2 100.0
/* Runs accumulated together into one partial sum of the mean series, the
 * partial sums then added in chunk order. Fixed, so that the sums, and the
 * means, do not depend on the threads. */
#define RUNS_PER_CHUNK 32
/* A milestone is reached when the remaining area is within this share of
 * the region's area of its target (rounding of the transfers). */
#define REACHED_TOLERANCE 1e-12
/* Bytes in a GiB, for messages. */
#define GIB 1073741824.0

static void dm_projection_options_init_full(dm_projection_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->runs = 1;
    o->seed = 1;
    o->threads = 1;
}

void dm_projection_options_init_size(dm_projection_options *o, size_t size)
{
    dm_projection_options full;
    dm_projection_options_init_full(&full);
    dm_init_copy(o, &full, sizeof full, size);
}

void dm_engine_options_init(dm_engine_options *e)
{
    memset(e, 0, sizeof *e);
    for (int k = 0; k < DM_MILESTONE_COUNT; k++)
        e->shares[k] = dm_milestone_share((dm_milestone)k);
    e->extra_asset = SIZE_MAX;
    e->multiplier = 1.0;
    e->multiplier_from = INT_MIN;
}

/* ---- the shared, read-only setup of a projection ------------------------ */

/* A region's class and state with a front profile: where its accessible
 * and front-line km² are in a run's states, and the profile. */
struct front_cell {
    size_t acc, front; /* offsets into the states */
    double profile[DM_FRONT_PROFILE_COUNT];
};

typedef struct setup {
    const dm_scenario *sc;
    const dm_work *work; /* read during the call only */
    const dm_engine_options *eng;
    /* The regions the runs simulate (nregions of them: see
     * compact_regions()): table[i] is the work table's index of region i,
     * slot[r] the simulated region that stands for table region r. */
    size_t *table, *slot;
    size_t nregions, ncells, horizon, runs;
    /* [region]: bit k set for each cell k that can hold land (land at the
     * start, or moved in by the front line): the others stay empty, and
     * adding their zeros changes no sum, so the runs skip them. */
    unsigned *live;
    uint64_t seed;
    dm_series_kept kept;
    int keep;                  /* every run's series of each region */
    int summarise;             /* each region's counts (region_summaries) */
    int summaries_only;        /* no series */
    double *init;              /* [cell][state] */
    int open[DM_ZONE_COUNT];   /* first month index open; INT_MAX never */
    struct front_cell *fronts; /* the cells with a front profile */
    size_t nfronts;
    size_t *policy_region; /* [npolicy]: region index or SIZE_MAX */
    int *listed;           /* [region]: 1 when the order names it */
    dm_projection *p;
    /* The sums of the mean series, [horizon + 1][row][series]: each
     * chunk's partial sums are added in chunk order (merged: the chunks
     * added so far), so only the chunks being run are held. */
    double *sum;
    size_t merged;
    pthread_mutex_t merge_lock;
    pthread_cond_t merge_turn;
    size_t chunk_size;
    atomic_size_t next_chunk;
    atomic_size_t done;
    pthread_mutex_t progress_lock;
    const dm_projection_options *opts;
    const dm_sampler *sampler; /* the runs' parameters */
    dm_sampler prior;          /* the scenario's ranges, when no other */
} setup;

/* ---- one worker's scratch ----------------------------------------------- */

/* A cache line: each worker's arrays start on their own line and fill
 * whole lines, so that workers never write to the same line (false
 * sharing halves the speed of two threads). */
#define CACHE_LINE 64

static void *zalloc(size_t count, size_t size)
{
    size_t bytes = count * size;
    bytes = (bytes + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
    if (bytes == 0)
        bytes = CACHE_LINE;
    void *p = aligned_alloc(CACHE_LINE, bytes);
    if (p != NULL)
        memset(p, 0, bytes);
    return p;
}

typedef struct scratch {
    double *x; /* the run's parameters, by the scenario's slots */
    /* Share of what each stage takes that it releases, per class. */
    double release[DM_STAGE_COUNT][DM_HAZARD_COUNT];
    double *st;       /* [cell][state] */
    double *cap;      /* [stage][month] km² */
    double *costfull; /* [stage][month] US$ if the stage's capacity is used */
    double *stage_cost_per_km2; /* [stage] for unconstrained stages */
    double *demand, *frac, *used_r, *cost_r, *rem_prev, *weight;
    size_t *order;    /* [stage][region]: the weights policy's fill order */
    double month_use; /* share of the month the stages needed (0–1) */
    /* Rows: the regions, then the sets of zones (dm_zones_row()). */
    double *flagged_r; /* [row]: cumulative km² NTS flagged */
    double *tracks;    /* [row][DM_TRACK_COUNT] at this month */
    double *sums;      /* [row][state] at this month */
    int *reached;      /* [row][milestone] */
    double *rem_run;   /* [horizon + 1][row]: this run's remaining */
    double *area_run;  /* [row]: this run's initial km² */
    double *acc;       /* [horizon + 1][row][series]: the chunk's sums */
    uint32_t *hist;    /* with region_summaries, the runs' counts (the
                          projection's own for the first worker) */
    int own_hist;
    /* Cumulative US$ and km² flagged of each zone, nationally. */
    double cost_z[DM_ZONE_COUNT], flagged_z[DM_ZONE_COUNT];
} scratch;

static void scratch_free(const setup *su, scratch *w)
{
    (void)su;
    free(w->x);
    free(w->st);
    free(w->cap);
    free(w->costfull);
    free(w->stage_cost_per_km2);
    free(w->demand);
    free(w->frac);
    free(w->used_r);
    free(w->cost_r);
    free(w->rem_prev);
    free(w->weight);
    free(w->order);
    free(w->reached);
    free(w->rem_run);
    free(w->flagged_r);
    free(w->area_run);
    free(w->tracks);
    free(w->sums);
    free(w->acc);
    if (w->own_hist)
        free(w->hist);
}

/* A worker's scratch; the first counts the regions' runs into the
 * projection's own counts, the others into theirs, added at the end. */
static dm_status scratch_alloc(dm_context *ctx, const setup *su, scratch *w,
                               int first)
{
    memset(w, 0, sizeof *w);
    if (su->summarise && first) {
        w->hist = su->p->hist;
    } else if (su->summarise) {
        w->hist =
            calloc(su->nregions * (su->horizon + 1) * (DM_SUMMARY_BINS + 2),
                   sizeof *w->hist);
        w->own_hist = 1;
        if (w->hist == NULL)
            return dm_no_memory(ctx);
    }
    size_t R = su->nregions, H = su->horizon, N = R + DM_AGGREGATES;
    w->x = zalloc(su->sc->nparams, sizeof(double));
    w->st = zalloc(su->ncells * DM_STATE_COUNT, sizeof(double));
    w->cap = zalloc(DM_STAGE_COUNT * H, sizeof(double));
    w->costfull = zalloc(DM_STAGE_COUNT * H, sizeof(double));
    w->stage_cost_per_km2 = zalloc(DM_STAGE_COUNT, sizeof(double));
    w->demand = zalloc(R, sizeof(double));
    w->frac = zalloc(R, sizeof(double));
    w->used_r = zalloc(R, sizeof(double));
    w->cost_r = zalloc(N, sizeof(double));
    w->rem_prev = zalloc(N, sizeof(double));
    w->weight = zalloc(R, sizeof(double));
    w->order = zalloc(DM_STAGE_COUNT * R, sizeof(size_t));
    w->reached = zalloc(N * DM_MILESTONE_COUNT, sizeof(int));
    w->rem_run = zalloc(N * (H + 1), sizeof(double));
    w->flagged_r = zalloc(N, sizeof(double));
    w->area_run = zalloc(N, sizeof(double));
    w->tracks = zalloc(N * DM_TRACK_COUNT, sizeof(double));
    w->sums = zalloc(N * DM_STATE_COUNT, sizeof(double));
    w->acc = su->summaries_only
                 ? zalloc(1, sizeof(double))
                 : zalloc(N * DM_SERIES_COUNT * (H + 1), sizeof(double));
    if (w->x == NULL || w->st == NULL || w->cap == NULL ||
        w->costfull == NULL || w->stage_cost_per_km2 == NULL ||
        w->demand == NULL || w->frac == NULL || w->used_r == NULL ||
        w->cost_r == NULL || w->rem_prev == NULL || w->weight == NULL ||
        w->order == NULL || w->reached == NULL || w->rem_run == NULL ||
        w->flagged_r == NULL || w->area_run == NULL || w->tracks == NULL ||
        w->sums == NULL || w->acc == NULL) {
        scratch_free(su, w);
        return dm_no_memory(ctx);
    }
    return DM_OK;
}

/* ---- capacity of a run ------------------------------------------------- */

/* Productive units of asset a in month index m: units present at the start
 * are trained; units added later are productive `training` months after
 * they arrive (a fraction of the month when training is fractional);
 * decreases take effect at once. */
static double productive_units(const setup *su, const scratch *w, size_t ai,
                               size_t m)
{
    const dm_scenario *sc = su->sc;
    const dm_asset *a = &sc->assets[ai];
    double training = dm_asset_value(sc, w->x, ai, DM_AP_TRAINING);
    int start = sc->start;
    double now = (double)start + (double)m; /* the month's first instant */
    double units = 0.0, prev = 0.0, trained = 0.0;
    for (size_t k = 0; k < a->nsteps && a->steps[k].month <= start + (int)m;
         k++) {
        double count = dm_asset_count(sc, w->x, ai, k);
        double delta = count - prev;
        prev = count;
        units = count;
        if (delta <= 0.0 || a->steps[k].month <= start) {
            trained += delta;
        } else {
            double ready = now + 1.0 - ((double)a->steps[k].month + training);
            trained += delta * (ready <= 0.0   ? 0.0
                                : ready >= 1.0 ? 1.0
                                               : ready);
        }
    }
    if (su->eng->extra_asset == ai && su->eng->extra_units > 0.0) {
        int from = su->eng->extra_from < start ? start : su->eng->extra_from;
        if (from <= start + (int)m) {
            double ready = now + 1.0 - ((double)from + training);
            units += su->eng->extra_units;
            trained += su->eng->extra_units * (ready <= 0.0   ? 0.0
                                               : ready >= 1.0 ? 1.0
                                                              : ready);
        }
    }
    if (trained < 0.0)
        trained = 0.0;
    return trained < units ? trained : units;
}

/* The yearly budget: in each calendar year from the budget's first month,
 * every asset's capacity (and its cost) scaled by the share of it that the
 * ceiling pays for, when the year's full capacity would cost more. A year
 * the horizon or the budget's start cuts has the ceiling of its months. */
static void apply_budget(const setup *su, scratch *w)
{
    const dm_scenario *sc = su->sc;
    size_t H = su->horizon;
    double ceiling = w->x[sc->budget_slot];
    size_t m = 0;
    while (m < H) {
        int month = sc->start + (int)m;
        size_t end = m + (size_t)(DM_MONTHS_PER_YEAR - month % 12);
        if (end > H)
            end = H;
        if (month < sc->budget_from) {
            size_t from = (size_t)(sc->budget_from - sc->start);
            m = from < end ? from : end;
            continue;
        }
        double full = 0.0;
        for (int st = 0; st < DM_STAGE_COUNT; st++)
            for (size_t k = m; k < end; k++)
                full += w->costfull[(size_t)st * H + k];
        double allowed = ceiling * (double)(end - m) / DM_MONTHS_PER_YEAR;
        if (full > allowed) {
            double f = allowed / full;
            for (int st = 0; st < DM_STAGE_COUNT; st++)
                for (size_t k = m; k < end; k++) {
                    w->cap[(size_t)st * H + k] *= f;
                    w->costfull[(size_t)st * H + k] *= f;
                }
        }
        m = end;
    }
}

static void run_capacity(const setup *su, scratch *w)
{
    const dm_scenario *sc = su->sc;
    size_t H = su->horizon;
    memset(w->cap, 0, DM_STAGE_COUNT * H * sizeof(double));
    memset(w->costfull, 0, DM_STAGE_COUNT * H * sizeof(double));
    for (size_t i = 0; i < sc->nassets; i++) {
        const dm_asset *a = &sc->assets[i];
        const double *v = w->x + a->slot + a->nsteps;
        size_t stage = dm_kind(a->kind)->stage;
        double rate = dm_asset_rate(a->has_detector, v); /* m² per unit-day */
        for (size_t m = 0; m < H; m++) {
            int calendar = (sc->start + (int)m) % DM_MONTHS_PER_YEAR;
            double mult = sc->start + (int)m >= su->eng->multiplier_from
                              ? su->eng->multiplier
                              : 1.0;
            double unit_days = productive_units(su, w, i, m) * v[DM_AP_DAYS] *
                               v[DM_AP_SEASONAL + calendar] *
                               v[DM_AP_AVAILABILITY] * mult;
            w->cap[stage * H + m] += unit_days * rate / M2_PER_KM2;
            w->costfull[stage * H + m] += unit_days * v[DM_AP_COST];
        }
    }
    if (sc->has_budget)
        apply_budget(su, w);
    for (int stage = 0; stage < DM_STAGE_COUNT; stage++) {
        int unconstrained = sc->unconstrained[stage];
        w->stage_cost_per_km2[stage] =
            unconstrained ? w->x[sc->unconstrained_slot[stage]] * HA_PER_KM2
                          : 0.0;
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            w->release[stage][h] = sc->release_slot[stage][h] == DM_NO_SLOT
                                       ? 1.0
                                       : w->x[sc->release_slot[stage][h]];
        if (unconstrained || su->eng->unlimited[stage])
            for (size_t m = 0; m < H; m++)
                w->cap[stage * H + m] = INFINITY;
    }
}

/* ---- the policy ----------------------------------------------------------
 */

static void draw_weights(const setup *su, scratch *w)
{
    size_t R = su->nregions;
    for (size_t r = 0; r < R; r++)
        w->weight[r] = w->x[su->sc->default_weight_slot];
    for (size_t i = 0; i < su->sc->npolicy; i++)
        if (su->policy_region[i] != SIZE_MAX)
            w->weight[su->policy_region[i]] = w->x[su->sc->weight_slot + i];
    for (int st = 0; st < DM_STAGE_COUNT; st++)
        for (size_t r = 0; r < R; r++)
            w->order[st * R + r] = r;
}

/* The order policy: the listed regions in order, each fully before the
 * next; what is left goes to the others in proportion to their demand. */
static void allocate_order(const setup *su, scratch *w, double C)
{
    size_t R = su->nregions;
    const double *d = w->demand;
    double *f = w->frac;
    double left = C, rest = 0.0;
    for (size_t r = 0; r < R; r++) {
        f[r] = 0.0;
        if (!su->listed[r])
            rest += d[r];
    }
    for (size_t i = 0; i < su->sc->npolicy && left > 0.0; i++) {
        size_t r = su->policy_region[i];
        if (r == SIZE_MAX || d[r] <= 0.0)
            continue;
        if (d[r] <= left) {
            f[r] = 1.0;
            left -= d[r];
        } else {
            f[r] = left / d[r];
            left = 0.0;
        }
    }
    if (left > 0.0 && rest > 0.0) {
        double share = left >= rest ? 1.0 : left / rest;
        for (size_t r = 0; r < R; r++)
            if (!su->listed[r])
                f[r] = share;
    }
}

/* The weights policy, by water-filling: region r gets min(d[r], λ w[r])
 * with the sum C, so capacity splits in proportion to the weights and what
 * a region cannot use goes to the others by their weights. Regions
 * saturate in increasing order of d/w; the order of last month is nearly
 * right, so an insertion sort keeps it cheaply. */
static void allocate_weights(const setup *su, scratch *w, int stage, double C)
{
    size_t R = su->nregions;
    const double *d = w->demand;
    double *f = w->frac;
    size_t *order = w->order + stage * R;
    for (size_t i = 1; i < R; i++) {
        size_t r = order[i], k = i;
        double key = d[r] / w->weight[r];
        while (k > 0 && d[order[k - 1]] / w->weight[order[k - 1]] > key) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = r;
    }
    double left = C, weights = 0.0;
    for (size_t r = 0; r < R; r++)
        if (d[r] > 0.0)
            weights += w->weight[r];
    size_t i = 0;
    for (; i < R; i++) {
        size_t r = order[i];
        if (d[r] <= 0.0) {
            f[r] = 0.0;
            continue;
        }
        if (d[r] * weights > left * w->weight[r])
            break;
        f[r] = 1.0;
        left -= d[r];
        weights -= w->weight[r];
    }
    double lambda = weights > 0.0 ? left / weights : 0.0;
    for (; i < R; i++) {
        size_t r = order[i];
        f[r] = d[r] > 0.0 ? lambda * w->weight[r] / d[r] : 0.0;
        if (f[r] > 1.0)
            f[r] = 1.0;
    }
}

/* Sets frac[r], the share of region r's demand served by capacity C < D
 * (the total demand), so that the served sum is C. */
static void allocate(const setup *su, scratch *w, int stage, double C,
                     double D)
{
    switch (su->sc->policy) {
    case DM_POLICY_PROPORTIONAL:
    case DM_POLICY_PRIORITY: /* a stage it does not order: proportional */
        for (size_t r = 0; r < su->nregions; r++)
            w->frac[r] = C / D;
        break;
    case DM_POLICY_ORDER: allocate_order(su, w, C); break;
    case DM_POLICY_WEIGHTS: allocate_weights(su, w, stage, C); break;
    }
}

/* Re-draws the front-line zone of every cell with a front profile at the
 * run's width: of the controlled km², what lies within the width of the
 * front is front line, the rest accessible. */
static void draw_front_line(const setup *su, scratch *w, double width_km)
{
    for (size_t i = 0; i < su->nfronts; i++) {
        const struct front_cell *fc = &su->fronts[i];
        double *acc = w->st + fc->acc, *front = w->st + fc->front;
        double controlled = *acc + *front;
        double f = dm_front_at(fc->profile, width_km);
        *front = f < controlled ? f : controlled;
        *acc = controlled - *front;
    }
}

/* The list of cells with a front profile (su->fronts). */
static dm_status list_fronts(dm_context *ctx, setup *su, const dm_work *work)
{
    size_t n = 0;
    for (size_t r = 0; r < su->nregions; r++)
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int a = 0; a < DM_AREA_STATE_COUNT; a++)
                n += work->regions[su->table[r]].has_front[h][a] != 0;
    su->fronts = calloc(n + 1, sizeof *su->fronts);
    if (su->fronts == NULL)
        return dm_no_memory(ctx);
    for (size_t r = 0; r < su->nregions; r++)
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int a = 0; a < DM_AREA_STATE_COUNT; a++) {
                const dm_work_region *wr = &work->regions[su->table[r]];
                if (!wr->has_front[h][a])
                    continue;
                int st = a == DM_AREA_SUSPECTED ? DM_STATE_SUSPECTED
                                                : DM_STATE_CONFIRMED;
                struct front_cell *fc = &su->fronts[su->nfronts++];
                fc->acc = (r * DM_CELL_COUNT +
                           dm_cell((dm_hazard)h, DM_ZONE_ACCESSIBLE)) *
                              DM_STATE_COUNT +
                          (size_t)st;
                fc->front = (r * DM_CELL_COUNT +
                             dm_cell((dm_hazard)h, DM_ZONE_FRONT_LINE)) *
                                DM_STATE_COUNT +
                            (size_t)st;
                memcpy(fc->profile, wr->front[h][a], sizeof fc->profile);
            }
    return DM_OK;
}

/* The front line's width in a run at a month: the run's widths at the
 * scenario's steps, linear in between, the first before and the last
 * after. */
static double front_width(const dm_scenario *sc, const double *x, int month)
{
    const double *km = x + sc->front_line_slot;
    size_t n = sc->nfront;
    if (month <= sc->front[0].month)
        return km[0];
    for (size_t i = 1; i < n; i++)
        if (month < sc->front[i].month) {
            double t0 = sc->front[i - 1].month, t1 = sc->front[i].month;
            return km[i - 1] + (km[i] - km[i - 1]) * (month - t0) / (t1 - t0);
        }
    return km[n - 1];
}

/* ---- one run --------------------------------------------------------------
 */

/* The cells whose zone is open in a month, listed once for the month. */
typedef struct open_cells {
    size_t n;
    size_t k[DM_CELL_COUNT];
    unsigned mask; /* bit k for each k listed */
} open_cells;

static void list_open(const setup *su, int month_index, open_cells *o)
{
    o->n = 0;
    o->mask = 0;
    for (size_t k = 0; k < DM_CELL_COUNT; k++)
        if (month_index >= su->open[dm_cell_zone(k)]) {
            o->k[o->n++] = k;
            o->mask |= 1u << k;
        }
}

/* With a class order, the share of each class's open area in `src` that
 * the stage takes when it takes the share f of the region's: the classes
 * in order, each whole before the next. */
static void ordered_shares(const double *c, double f, const open_cells *open,
                           int src, const int *order, double *g)
{
    double avail[DM_HAZARD_COUNT] = {0}, left = 0.0;
    for (size_t i = 0; i < open->n; i++)
        avail[dm_cell_hazard(open->k[i])] +=
            c[open->k[i] * DM_STATE_COUNT + src];
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        left += f * avail[h];
    for (int i = 0; i < DM_HAZARD_COUNT; i++) {
        int h = order[i];
        double t = left < avail[h] ? left : avail[h];
        g[h] = avail[h] > 0.0 ? (t >= avail[h] ? 1.0 : t / avail[h]) : 0.0;
        left -= t;
    }
}

/* The km² a transfer takes and sends on, per zone. */
typedef struct zone_flow {
    double taken[DM_ZONE_COUNT], onward[DM_ZONE_COUNT];
} zone_flow;

/* Moves the share f of a region's open area in the stage's source state
 * (of each class: the shares `given`, when given): the stage's share of
 * it released, the rest on. Returns the km² taken. */
static double transfer(double *c, double f, const open_cells *open,
                       const dm_stage_info *info, const double *shares,
                       const int *order, const double *given, zone_flow *zf)
{
    const int src = info->from, rel = info->released, onward = info->onward;
    double moved = 0.0;
    double g[DM_HAZARD_COUNT] = {f, f, f};
    if (given != NULL)
        memcpy(g, given, sizeof g);
    else if (order != NULL && f < 1.0)
        ordered_shares(c, f, open, src, order, g);
    for (size_t i = 0; i < open->n; i++) {
        size_t k = open->k[i];
        double *x = c + k * DM_STATE_COUNT;
        double fk = g[dm_cell_hazard(k)];
        double take = fk >= 1.0 ? x[src] : fk * x[src];
        if (take <= 0.0)
            continue;
        x[src] = fk >= 1.0 ? 0.0 : x[src] - take;
        int z = dm_cell_zone(k);
        if (shares != NULL) {
            double released = take * shares[dm_cell_hazard(k)];
            x[rel] += released;
            x[onward] += take - released;
            zf->onward[z] += take - released;
        } else {
            x[rel] += take;
        }
        zf->taken[z] += take;
        moved += take;
    }
    return moved;
}

/* The priority policy: the share of each class's open land in `src`,
 * nationally, that capacity C serves, the classes in the stage's order. */
static void priority_shares(const setup *su, const scratch *w, int stage,
                            const open_cells *open, double C, double *g)
{
    static const int high_first[DM_HAZARD_COUNT] = {
        DM_HAZARD_HIGH, DM_HAZARD_MEDIUM, DM_HAZARD_LOW};
    const dm_scenario *sc = su->sc;
    const int *order =
        sc->has_class_order[stage] ? sc->class_order[stage] : high_first;
    const int src = dm_stage_row(stage)->from;
    double avail[DM_HAZARD_COUNT] = {0}, left = C;
    for (size_t r = 0; r < su->nregions; r++) {
        const double *c = w->st + r * DM_CELL_COUNT * DM_STATE_COUNT;
        for (size_t i = 0; i < open->n; i++)
            avail[dm_cell_hazard(open->k[i])] +=
                c[open->k[i] * DM_STATE_COUNT + src];
    }
    for (int i = 0; i < DM_HAZARD_COUNT; i++) {
        int h = order[i];
        double t = left < avail[h] ? left : avail[h];
        g[h] = avail[h] > 0.0 ? (t >= avail[h] ? 1.0 : t / avail[h]) : 0.0;
        left -= t;
    }
}

/* One stage in month m: demand per region, the policy, the transfers, and
 * the cost. */
static void run_stage(const setup *su, scratch *w, int stage, size_t m,
                      const open_cells *open)
{
    size_t R = su->nregions, H = su->horizon;
    const dm_stage_info *info = dm_stage_row(stage);
    const int src = info->from;
    /* A stage without a share releases all it takes. */
    const double *shares = info->share_key != NULL ? w->release[stage] : NULL;
    double *st = w->st;
    double D = 0.0;
    for (size_t r = 0; r < R; r++) {
        double d = 0.0;
        const double *c = st + r * DM_CELL_COUNT * DM_STATE_COUNT;
        for (unsigned live = su->live[r] & open->mask; live != 0;
             live &= live - 1)
            d += c[(size_t)__builtin_ctz(live) * DM_STATE_COUNT + src];
        w->demand[r] = d;
        D += d;
    }
    if (D <= 0.0)
        return;
    double C = w->cap[stage * H + m];
    if (!(C > 0.0))
        return;
    int all = C >= D;
    double given[DM_HAZARD_COUNT];
    int by_class = !all && su->sc->policy == DM_POLICY_PRIORITY &&
                   su->sc->priority_stage[stage];
    if (by_class)
        priority_shares(su, w, stage, open, C, given);
    else if (!all)
        allocate(su, w, stage, C, D);
    double used = 0.0;
    zone_flow zf = {{0}, {0}};
    for (size_t r = 0; r < R; r++) {
        double f = all || by_class ? 1.0 : w->frac[r];
        w->used_r[r] = 0.0;
        if (w->demand[r] <= 0.0 || f <= 0.0)
            continue;
        zone_flow rz = {{0}, {0}};
        w->used_r[r] = transfer(
            st + r * DM_CELL_COUNT * DM_STATE_COUNT, f, open, info, shares,
            su->sc->has_class_order[stage] ? su->sc->class_order[stage] : NULL,
            by_class ? given : NULL, &rz);
        used += w->used_r[r];
        double onward_km2 = 0.0;
        for (int z = 0; z < DM_ZONE_COUNT; z++) {
            zf.taken[z] += rz.taken[z];
            zf.onward[z] += rz.onward[z];
            onward_km2 += rz.onward[z];
        }
        if (stage == DM_STAGE_NTS) {
            w->flagged_r[r] += onward_km2;
            w->flagged_r[R] += onward_km2;
        }
    }
    if (stage == DM_STAGE_NTS)
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            w->flagged_z[z] += zf.onward[z];
    /* Cost: the unit-days used (the share of capacity that found work), or
     * per hectare for survey without a capacity limit. */
    if (!isinf(C) && used / C > w->month_use)
        w->month_use = used / C > 1.0 ? 1.0 : used / C;
    double cost = isinf(C) ? used * w->stage_cost_per_km2[stage]
                           : w->costfull[stage * H + m] * (used / C);
    if (cost > 0.0 && used > 0.0) {
        for (size_t r = 0; r < R; r++)
            w->cost_r[r] += cost * (w->used_r[r] / used);
        w->cost_r[R] += cost;
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            w->cost_z[z] += cost * (zf.taken[z] / used);
    }
}

/* Checks the milestones of region r (R: national) after month m (index
 * m + 1 of the series), given its remaining area now and before. */
static void check_milestones(const setup *su, scratch *w, double *months_to,
                             size_t r, double area, double rem, double prev,
                             double month_end)
{
    for (int k = 0; k < DM_MILESTONE_COUNT; k++) {
        int *done = &w->reached[r * DM_MILESTONE_COUNT + k];
        if (*done)
            continue;
        double target = (1.0 - su->eng->shares[k]) * area;
        if (rem > target + REACHED_TOLERANCE * area)
            continue;
        *done = 1;
        /* Progress is taken as even over the part of the month the
         * stages needed (all of it when a stage's capacity ran out; the
         * share used when the work ended first; none when only survey
         * without a capacity limit worked). */
        double frac = 0.0;
        if (month_end > 0.0 && prev > rem) {
            frac = (prev - target) / (prev - rem);
            frac = w->month_use * (frac < 0.0 ? 0.0 : frac > 1.0 ? 1.0 : frac);
        }
        months_to[r * DM_MILESTONE_COUNT + k] =
            month_end > 0.0 ? month_end - 1.0 + frac : 0.0;
    }
}

/* A row's tracks from its sums of the states and its flows. */
static void set_tracks(double *t, const double *sums, double flagged,
                       double open_rem, double cost)
{
    t[DM_TRACK_REMAINING] = sums[DM_STATE_SUSPECTED] +
                            sums[DM_STATE_CONFIRMED] + sums[DM_STATE_TO_CLEAR];
    t[DM_TRACK_RELEASED] = sums[DM_STATE_CANCELLED] + sums[DM_STATE_REDUCED] +
                           sums[DM_STATE_CLEARED];
    t[DM_TRACK_CANCELLED] = sums[DM_STATE_CANCELLED];
    t[DM_TRACK_FLAGGED] = flagged;
    t[DM_TRACK_CLEARED] = sums[DM_STATE_CLEARED];
    t[DM_TRACK_OPEN] = open_rem;
    t[DM_TRACK_COST] = cost;
}

/* The rows of the sets of zones other than the nation's, from each zone's
 * sums. */
static void fill_zone_tracks(const setup *su, scratch *w,
                             double zs[DM_ZONE_COUNT][DM_STATE_COUNT],
                             const int *zone_open)
{
    size_t R = su->nregions;
    for (unsigned mask = 1; mask < DM_ALL_ZONES; mask++) {
        size_t row = dm_zones_row(R, mask);
        double *sums = w->sums + row * DM_STATE_COUNT;
        double flagged = 0.0, cost = 0.0, open_rem = 0.0;
        memset(sums, 0, DM_STATE_COUNT * sizeof *sums);
        for (int z = 0; z < DM_ZONE_COUNT; z++) {
            if (!(mask & DM_ZONE_BIT(z)))
                continue;
            for (int st = 0; st < DM_STATE_COUNT; st++)
                sums[st] += zs[z][st];
            flagged += w->flagged_z[z];
            cost += w->cost_z[z];
            if (zone_open[z])
                open_rem += zs[z][DM_STATE_SUSPECTED] +
                            zs[z][DM_STATE_CONFIRMED] +
                            zs[z][DM_STATE_TO_CLEAR];
        }
        set_tracks(w->tracks + row * DM_TRACK_COUNT, sums, flagged, open_rem,
                   cost);
    }
}

/* The tracks of every row at index m of the series: regions' sums of
 * their cells, the nation's of the regions, each set of zones' of its
 * zones' cells. */
static void fill_tracks(const setup *su, scratch *w, size_t m)
{
    size_t R = su->nregions;
    int zone_open[DM_ZONE_COUNT];
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        zone_open[z] = (int)m >= su->open[z];
    double zs[DM_ZONE_COUNT][DM_STATE_COUNT] = {{0}};
    double nat_open = 0.0;
    double *ns = w->sums + R * DM_STATE_COUNT;
    memset(ns, 0, DM_STATE_COUNT * sizeof *ns);
    for (size_t r = 0; r < R; r++) {
        const double *c = w->st + r * DM_CELL_COUNT * DM_STATE_COUNT;
        double sums[DM_STATE_COUNT] = {0}, open_rem = 0.0;
        for (unsigned live = su->live[r]; live != 0; live &= live - 1) {
            int k = __builtin_ctz(live);
            const double *x = c + k * DM_STATE_COUNT;
            double *z = zs[dm_cell_zone((size_t)k)];
            for (int st = 0; st < DM_STATE_COUNT; st++) {
                sums[st] += x[st];
                z[st] += x[st];
            }
            if (zone_open[dm_cell_zone((size_t)k)])
                open_rem += x[DM_STATE_SUSPECTED] + x[DM_STATE_CONFIRMED] +
                            x[DM_STATE_TO_CLEAR];
        }
        set_tracks(w->tracks + r * DM_TRACK_COUNT, sums, w->flagged_r[r],
                   open_rem, w->cost_r[r]);
        nat_open += open_rem;
        memcpy(w->sums + r * DM_STATE_COUNT, sums, sizeof sums);
        /* The nation's from its own sums of the states, as a region's. */
        for (int st = 0; st < DM_STATE_COUNT; st++)
            ns[st] += sums[st];
    }
    set_tracks(w->tracks + R * DM_TRACK_COUNT, ns, w->flagged_r[R], nat_open,
               w->cost_r[R]);
    fill_zone_tracks(su, w, zs, zone_open);
}

/* The milestones, the remaining series and the mean's sums at index m. */
static void record_month(const setup *su, scratch *w, size_t m,
                         double *months_to, double *acc)
{
    size_t R = su->nregions, N = R + DM_AGGREGATES;
    /* Month-major, so a month's sums go to one contiguous block. */
    double *acc_m = acc != NULL ? acc + m * N * DM_SERIES_COUNT : NULL;
    for (size_t r = 0; r < N; r++) {
        const double *t = w->tracks + r * DM_TRACK_COUNT;
        double rem = t[DM_TRACK_REMAINING];
        /* A run's own area of each row: a zone's depends on the run's
         * front line, and grows (or shrinks) as land leaves (or joins) the
         * band: its milestones are shares of the land in it this month,
         * the six states' sum (a region's, the nation's: their area). */
        const double *sums = w->sums + r * DM_STATE_COUNT;
        double area = 0.0;
        for (int st = 0; st < DM_STATE_COUNT; st++)
            area += sums[st];
        if (m == 0)
            w->area_run[r] = rem;
        check_milestones(su, w, months_to, r, r <= R ? su->p->area[r] : area,
                         rem, w->rem_prev[r], (double)m);
        w->rem_prev[r] = rem;
        w->rem_run[m * N + r] = rem;
        if (acc_m == NULL)
            continue;
        double *a = acc_m + r * DM_SERIES_COUNT;
        for (int s = 0; s < DM_STATE_COUNT; s++)
            a[s] += sums[s];
        a[DM_SERIES_COST] += t[DM_TRACK_COST];
        a[DM_SERIES_FLAGGED] += t[DM_TRACK_FLAGGED];
        a[DM_SERIES_OPEN] += t[DM_TRACK_OPEN];
    }
}

/* At the end of each calendar year (or the horizon), each row's
 * cumulative cost and km² released; at the horizon, its km² cleared. */
static void record_year(const setup *su, const scratch *w, size_t run,
                        size_t m, size_t *year)
{
    dm_projection *p = su->p;
    size_t N = p->nrows, Y = p->nyears;
    if (*year >= Y || dm_projection_year_end(p, *year) != m)
        return;
    for (size_t r = 0; r < N; r++) {
        const double *t = w->tracks + r * DM_TRACK_COUNT;
        size_t i = dm_year_at(p, run, r, *year);
        if (i != SIZE_MAX) {
            p->year_cost[i] = t[DM_TRACK_COST];
            p->year_released[i] = t[DM_TRACK_RELEASED];
        }
        if (m == su->horizon) {
            p->cost[run * N + r] = t[DM_TRACK_COST];
            p->cleared[run * N + r] = t[DM_TRACK_CLEARED];
            p->released[run * N + r] = t[DM_TRACK_RELEASED];
        }
    }
    ++*year;
}

/* A run's parameters, capacity and initial state. */
static void start_run(const setup *su, scratch *w, size_t run)
{
    const dm_scenario *sc = su->sc;
    size_t N = su->p->nrows;
    su->sampler->draw(su->sampler, su->seed, run, w->x);
    /* An asset like another has the other's figures, run by run. */
    for (size_t i = 0; i < sc->nties; i++)
        w->x[sc->ties[i][0]] = w->x[sc->ties[i][1]];
    memcpy(su->p->params + run * sc->nparams, w->x,
           sc->nparams * sizeof *w->x);
    run_capacity(su, w);
    if (sc->policy == DM_POLICY_WEIGHTS)
        draw_weights(su, w);
    memcpy(w->st, su->init, su->ncells * DM_STATE_COUNT * sizeof(double));
    memset(w->cost_r, 0, N * sizeof(double));
    memset(w->flagged_r, 0, N * sizeof(double));
    memset(w->cost_z, 0, sizeof w->cost_z);
    memset(w->flagged_z, 0, sizeof w->flagged_z);
    memset(w->reached, 0, N * DM_MILESTONE_COUNT * sizeof(int));
}

static void run_one(const setup *su, scratch *w, size_t run, double *acc)
{
    const dm_scenario *sc = su->sc;
    dm_projection *p = su->p;
    size_t N = p->nrows, H = su->horizon;
    start_run(su, w, run);
    double width = NAN;
    if (sc->nfront > 0) {
        width = front_width(sc, w->x, sc->start);
        draw_front_line(su, w, width);
    }
    double *months_to = p->months_to + run * N * DM_MILESTONE_COUNT;
    for (size_t i = 0; i < N * DM_MILESTONE_COUNT; i++)
        months_to[i] = INFINITY;
    size_t year = 0;
    for (size_t m = 0; m <= H; m++) {
        if (m > 0 && sc->nfront > 1) {
            /* The band as it is this month: land leaves it as it narrows. */
            double now = front_width(sc, w->x, sc->start + (int)m - 1);
            if (now != width)
                draw_front_line(su, w, width = now);
        }
        if (m > 0) {
            open_cells open;
            list_open(su, (int)(m - 1), &open);
            w->month_use = 0.0;
            for (int stage = 0; stage < DM_STAGE_COUNT; stage++)
                run_stage(su, w, stage, m - 1, &open);
        }
        fill_tracks(su, w, m);
        record_month(su, w, m, months_to, acc);
        record_year(su, w, run, m, &year);
        if (su->eng->observe != NULL)
            su->eng->observe(su->eng->observe_data, run, m, w->tracks, N);
    }
    memcpy(p->agg_area + run * DM_AGGREGATES, w->area_run + su->nregions,
           DM_AGGREGATES * sizeof(double));
    if (H == 0)
        for (size_t r = 0; r < N; r++) {
            p->cost[run * N + r] = 0.0;
            p->cleared[run * N + r] = 0.0;
            p->released[run * N + r] = 0.0;
        }
}

/* ---- workers ------------------------------------------------------------ */

typedef struct worker {
    setup *su;
    scratch w;
    pthread_t thread;
    int started;
    char pad[CACHE_LINE]; /* keeps the next worker's scratch off this line */
} worker;

/* A run's remaining km² of each region at each month into its counts: at
 * 0, in one of DM_SUMMARY_BINS equal bins of the region's area, or at the
 * whole area. The counts are [region][bin][month], so that the months of a
 * run, whose km² change little from one to the next, count next to each
 * other. */
static void count_regions(const setup *su, const scratch *w)
{
    size_t R = su->nregions, N = R + DM_AGGREGATES, H1 = su->horizon + 1;
    for (size_t r = 0; r < R; r++) {
        double area = su->p->area[r];
        uint32_t *c = w->hist + r * H1 * (DM_SUMMARY_BINS + 2);
        for (size_t m = 0; m < H1; m++) {
            double v = w->rem_run[m * N + r];
            size_t b = DM_SUMMARY_BINS + 1;
            if (!(v > 0.0))
                b = 0;
            else if (v < area) {
                b = 1 + (size_t)(v / area * DM_SUMMARY_BINS);
                if (b > DM_SUMMARY_BINS)
                    b = DM_SUMMARY_BINS;
            }
            c[b * H1 + m]++;
        }
    }
}

/* A run's remaining series into the projection's [row][month][run]: every
 * row when the regions' are kept, the aggregates' alone otherwise. */
static void store_remaining(const setup *su, const scratch *w, size_t run)
{
    dm_projection *p = su->p;
    size_t R = su->nregions, N = p->nrows, H1 = su->horizon + 1;
    if (su->summaries_only)
        return;
    if (su->summarise)
        count_regions(su, w);
    for (size_t r = su->keep ? 0 : R; r < N; r++) {
        size_t row = su->keep ? r : r - R;
        double *dst = p->remaining + row * H1 * su->runs + run;
        const double *srcv = w->rem_run + r;
        for (size_t m = 0; m < H1; m++)
            dst[m * su->runs] = srcv[m * N];
    }
}

/* Adds a chunk's sums to the projection's once the chunks before it are
 * added (they were handed out first, so their workers are running them),
 * and clears them for the worker's next chunk. */
static void merge_chunk(setup *su, double *acc, size_t chunk)
{
    size_t n =
        (su->nregions + DM_AGGREGATES) * DM_SERIES_COUNT * (su->horizon + 1);
    pthread_mutex_lock(&su->merge_lock);
    while (su->merged != chunk)
        pthread_cond_wait(&su->merge_turn, &su->merge_lock);
    for (size_t i = 0; i < n; i++)
        su->sum[i] += acc[i];
    su->merged++;
    pthread_cond_broadcast(&su->merge_turn);
    pthread_mutex_unlock(&su->merge_lock);
    memset(acc, 0, n * sizeof *acc);
}

static void *work_loop(void *arg)
{
    worker *wk = arg;
    setup *su = wk->su;
    size_t nchunks = (su->runs + su->chunk_size - 1) / su->chunk_size;
    for (;;) {
        size_t chunk = atomic_fetch_add(&su->next_chunk, 1);
        if (chunk >= nchunks)
            break;
        double *acc = su->summaries_only ? NULL : wk->w.acc;
        size_t end = (chunk + 1) * su->chunk_size;
        if (end > su->runs)
            end = su->runs;
        for (size_t run = chunk * su->chunk_size; run < end; run++) {
            run_one(su, &wk->w, run, acc);
            store_remaining(su, &wk->w, run);
            size_t done = atomic_fetch_add(&su->done, 1) + 1;
            if (su->opts->progress != NULL) {
                pthread_mutex_lock(&su->progress_lock);
                su->opts->progress(done, su->runs, su->opts->progress_data);
                pthread_mutex_unlock(&su->progress_lock);
            }
        }
        if (acc != NULL)
            merge_chunk(su, acc, chunk);
    }
    return NULL;
}

/* Sorted copies for the quantiles, once all runs are done. The remaining
 * series have one row per region and a last national row when kept, and
 * only the national row otherwise. */
static void finish(setup *su)
{
    dm_projection *p = su->p;
    size_t N = p->nrows, runs = su->runs, H1 = su->horizon + 1;
    /* The sets of zones' areas: the runs' mean (the front line's width
     * moves land between the accessible and the front-line zones). */
    for (size_t a = 1; a < DM_AGGREGATES; a++) {
        double sum = 0.0;
        for (size_t run = 0; run < runs; run++)
            sum += p->agg_area[run * DM_AGGREGATES + a];
        p->area[p->nregions + a] = sum / (double)runs;
    }
    for (size_t r = 0; r < N; r++) {
        for (int k = 0; k < DM_MILESTONE_COUNT; k++) {
            double *dst =
                p->months_sorted + (r * DM_MILESTONE_COUNT + k) * runs;
            for (size_t run = 0; run < runs; run++)
                dst[run] =
                    p->months_to[(run * N + r) * DM_MILESTONE_COUNT + k];
            dm_sort_doubles(dst, runs);
        }
        double *dst = p->cost_sorted + r * runs;
        for (size_t run = 0; run < runs; run++)
            dst[run] = p->cost[run * N + r];
        dm_sort_doubles(dst, runs);
    }
    if (su->summaries_only)
        return;
    size_t rows = su->keep ? N : DM_AGGREGATES;
    for (size_t r = 0; r < rows; r++)
        for (size_t m = 0; m < H1; m++)
            dm_sort_doubles(p->remaining + (r * H1 + m) * runs, runs);
    /* From the sums' [month][row][series] to [row][series][month], the
     * mean. */
    const double *sum = su->sum;
    for (size_t m = 0; m < H1; m++)
        for (size_t r = 0; r < N; r++)
            for (size_t k = 0; k < DM_SERIES_COUNT; k++)
                p->mean[(r * DM_SERIES_COUNT + k) * H1 + m] =
                    sum[(m * N + r) * DM_SERIES_COUNT + k] / (double)runs;
}

/* Whether a region has land to release. */
static int has_land(const dm_work_region *wr)
{
    for (int k = 0; k < DM_CELL_COUNT; k++)
        if (wr->km2[k][DM_AREA_SUSPECTED] > 0.0 ||
            wr->km2[k][DM_AREA_CONFIRMED] > 0.0)
            return 1;
    return 0;
}

/* The regions the runs simulate: those with land, in the table's order,
 * and the first without: every region without land has the same rows
 * (nothing to release, nothing spent), and adds nothing to the nation's
 * or the policy's sums, so its rows are that one's. A table of many empty
 * units (a fine partition of the country) costs what its units with land
 * cost. Every region when the runs are observed (the observer reads the
 * table's rows). With `slot` NULL, only counts them. */
static size_t compact_regions(const dm_work *work,
                              const dm_engine_options *eng, size_t *table,
                              size_t *slot)
{
    size_t n = 0, empty = SIZE_MAX;
    for (size_t r = 0; r < work->count; r++) {
        int land = eng->observe != NULL || has_land(&work->regions[r]);
        if (!land && empty != SIZE_MAX) {
            if (slot != NULL)
                slot[r] = empty;
            continue;
        }
        if (!land)
            empty = n;
        if (slot != NULL) {
            slot[r] = n;
            table[n] = r;
        }
        n++;
    }
    return n;
}

/* The shared setup of a projection: what is read of the scenario and the
 * work table before the workers start. */
static dm_status setup_init(dm_context *ctx, setup *su, const dm_work *work,
                            const dm_scenario *sc,
                            const dm_projection_options *opts,
                            const dm_engine_options *eng)
{
    memset(su, 0, sizeof *su);
    su->sc = sc;
    su->work = work;
    su->eng = eng;
    su->opts = opts;
    dm_sampler_prior(&su->prior, sc);
    su->sampler = eng->sampler != NULL ? eng->sampler : &su->prior;
    su->horizon = eng->horizon > 0 ? eng->horizon : sc->horizon;
    su->runs = opts->runs;
    su->seed = opts->seed;
    su->kept = eng->summaries_only      ? DM_KEEP_NONE
               : !opts->keep_series     ? DM_KEEP_AGGREGATES
               : opts->region_summaries ? DM_KEEP_SUMMARIES
                                        : DM_KEEP_ALL;
    su->keep = su->kept == DM_KEEP_ALL;
    su->summarise = su->kept == DM_KEEP_SUMMARIES;
    su->summaries_only = eng->summaries_only;
    su->chunk_size = RUNS_PER_CHUNK;
    atomic_init(&su->next_chunk, 0);
    atomic_init(&su->done, 0);
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        su->open[z] = sc->open[z] == DM_NEVER    ? INT_MAX
                      : sc->open[z] <= sc->start ? 0
                                                 : sc->open[z] - sc->start;
    su->table = calloc(work->count + 1, sizeof *su->table);
    su->slot = calloc(work->count + 1, sizeof *su->slot);
    su->live = calloc(work->count + 1, sizeof *su->live);
    if (su->table == NULL || su->slot == NULL || su->live == NULL)
        return dm_no_memory(ctx);
    su->nregions = compact_regions(work, eng, su->table, su->slot);
    su->ncells = su->nregions * DM_CELL_COUNT;
    size_t R = su->nregions;
    su->init = calloc(su->ncells * DM_STATE_COUNT, sizeof(double));
    su->policy_region = calloc(sc->npolicy + 1, sizeof(size_t));
    su->listed = calloc(R, sizeof(int));
    if (su->init == NULL || su->policy_region == NULL || su->listed == NULL)
        return dm_no_memory(ctx);
    dm_status s = sc->nfront > 0 ? list_fronts(ctx, su, work) : DM_OK;
    if (s != DM_OK)
        return s;
    for (size_t i = 0; i < sc->npolicy; i++) {
        su->policy_region[i] = SIZE_MAX;
        for (size_t r = 0; r < work->count; r++)
            if (strcmp(work->regions[r].code, sc->policy_codes[i]) == 0)
                su->policy_region[i] = su->slot[r];
        if (su->policy_region[i] == SIZE_MAX)
            return dm_error(ctx, DM_ERR_NOT_FOUND,
                            "scenario '%s': the policy names region '%s', "
                            "which the work table does not have",
                            sc->name, sc->policy_codes[i]);
        if (sc->policy == DM_POLICY_ORDER)
            su->listed[su->policy_region[i]] = 1;
    }
    return DM_OK;
}

static void setup_free(setup *su)
{
    free(su->sum);
    free(su->table);
    free(su->slot);
    free(su->live);
    free(su->init);
    free(su->fronts);
    free(su->policy_region);
    free(su->listed);
}

/* The initial areas: each cell's suspected and confirmed km², each
 * region's and the nation's total (the sets of zones' are the runs', as
 * the front line's width draws them: finish()). */
static void fill_initial(setup *su, const dm_work *work)
{
    dm_projection *p = su->p;
    size_t R = su->nregions;
    memcpy(p->shares, su->eng->shares, sizeof p->shares);
    for (size_t r = 0; r < R; r++) {
        double total = 0.0;
        const dm_work_region *wr = &work->regions[su->table[r]];
        for (size_t k = 0; k < DM_CELL_COUNT; k++) {
            double *c = su->init + (r * DM_CELL_COUNT + k) * DM_STATE_COUNT;
            c[DM_STATE_SUSPECTED] = wr->km2[k][DM_AREA_SUSPECTED];
            c[DM_STATE_CONFIRMED] = wr->km2[k][DM_AREA_CONFIRMED];
            total += c[DM_STATE_SUSPECTED] + c[DM_STATE_CONFIRMED];
            if (c[DM_STATE_SUSPECTED] > 0.0 || c[DM_STATE_CONFIRMED] > 0.0)
                su->live[r] |= 1u << k;
        }
        p->area[r] = total;
        p->area[R] += total;
    }
    /* The front line moves land between a class's accessible and
     * front-line cells. */
    for (size_t i = 0; i < su->nfronts; i++) {
        size_t a = su->fronts[i].acc / DM_STATE_COUNT,
               f = su->fronts[i].front / DM_STATE_COUNT;
        unsigned both =
            (1u << (a % DM_CELL_COUNT)) | (1u << (f % DM_CELL_COUNT));
        if (su->live[a / DM_CELL_COUNT] & both)
            su->live[a / DM_CELL_COUNT] |= both;
    }
}

/* The workers' locks: of the progress calls, of the merging of chunks. */
static int locks_init(setup *su)
{
    if (pthread_mutex_init(&su->progress_lock, NULL) != 0)
        return 0;
    if (pthread_mutex_init(&su->merge_lock, NULL) != 0) {
        pthread_mutex_destroy(&su->progress_lock);
        return 0;
    }
    if (pthread_cond_init(&su->merge_turn, NULL) != 0) {
        pthread_mutex_destroy(&su->merge_lock);
        pthread_mutex_destroy(&su->progress_lock);
        return 0;
    }
    return 1;
}

static void locks_destroy(setup *su)
{
    pthread_cond_destroy(&su->merge_turn);
    pthread_mutex_destroy(&su->merge_lock);
    pthread_mutex_destroy(&su->progress_lock);
}

/* Runs every chunk of runs on `nthreads` workers (the calling thread is
 * one of them). */
static dm_status run_workers(dm_context *ctx, setup *su, size_t nthreads)
{
    worker *workers = zalloc(nthreads, sizeof *workers);
    if (workers == NULL)
        return dm_no_memory(ctx);
    dm_status s = DM_OK;
    size_t made = 0;
    for (; s == DM_OK && made < nthreads; made++) {
        workers[made].su = su;
        s = scratch_alloc(ctx, su, &workers[made].w, made == 0);
        if (s != DM_OK)
            break;
    }
    if (s == DM_OK && !locks_init(su))
        s = dm_error(ctx, DM_ERR_SYSTEM, "dm_project: cannot make a lock");
    if (s == DM_OK) {
        for (size_t i = 1; i < nthreads; i++) {
            if (pthread_create(&workers[i].thread, NULL, work_loop,
                               &workers[i]) != 0) {
                s = dm_error(ctx, DM_ERR_SYSTEM,
                             "dm_project: cannot start thread %zu of %zu", i,
                             nthreads);
                /* Stop the others: no chunk is left for them. */
                atomic_store(&su->next_chunk, SIZE_MAX / 2);
                break;
            }
            workers[i].started = 1;
        }
        if (s == DM_OK)
            work_loop(&workers[0]);
        for (size_t i = 1; i < nthreads; i++)
            if (workers[i].started)
                pthread_join(workers[i].thread, NULL);
        locks_destroy(su);
    }
    /* The other workers' counts into the first's, the projection's. */
    size_t n = su->nregions * (su->horizon + 1) * (DM_SUMMARY_BINS + 2);
    for (size_t i = 1; s == DM_OK && su->summarise && i < made; i++)
        for (size_t k = 0; k < n; k++)
            su->p->hist[k] += workers[i].w.hist[k];
    for (size_t i = 0; i < made; i++)
        scratch_free(su, &workers[i].w);
    free(workers);
    return s;
}

/* The projection itself, with the runs' parameters from eng->sampler. */
static dm_status project_runs(dm_context *ctx, const dm_work *work,
                              const dm_scenario *sc,
                              const dm_projection_options *opts,
                              const dm_engine_options *eng,
                              dm_projection **out)
{
    setup su;
    dm_status s = setup_init(ctx, &su, work, sc, opts, eng);
    size_t N = su.nregions + DM_AGGREGATES, H1 = su.horizon + 1;
    size_t nchunks = (su.runs + su.chunk_size - 1) / su.chunk_size;
    if (s == DM_OK)
        s = dm_projection_new(ctx, work, sc, su.runs, su.horizon, su.kept,
                              su.slot, su.nregions, &su.p);
    if (s == DM_OK && !su.summaries_only &&
        (su.sum = calloc(N * DM_SERIES_COUNT * H1, sizeof(double))) == NULL)
        s = dm_no_memory(ctx);
    if (s == DM_OK) {
        su.p->seed = opts->seed;
        fill_initial(&su, work);
        /* Workers: as many as asked, but no more than there are chunks. */
        s = run_workers(ctx, &su,
                        opts->threads < nchunks ? opts->threads : nchunks);
    }
    if (s == DM_OK)
        finish(&su);
    setup_free(&su);
    if (s != DM_OK) {
        dm_projection_free(su.p);
        return s;
    }
    *out = su.p;
    return DM_OK;
}

/* The runs drawn from opts->posterior: its record's months are the
 * replay. */
static dm_status project_posterior(dm_context *ctx, const dm_work *work,
                                   const dm_scenario *sc,
                                   const dm_projection_options *opts,
                                   const dm_engine_options *eng,
                                   dm_projection **out)
{
    const dm_posterior *post = opts->posterior;
    size_t applies = 0;
    dm_status s = dm_posterior_applies(ctx, post, sc, &applies);
    if (s == DM_OK && applies == 0)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_project: scenario '%s' keeps none of the "
                        "figures fitted in the posterior of scenario '%s' "
                        "(the same key path and range)",
                        sc->name, post->scenario);
    if (s != DM_OK)
        return s;
    size_t *map = calloc(sc->nparams + 1, sizeof *map);
    double *cumulative = calloc(post->n + 1, sizeof *cumulative);
    s = map != NULL && cumulative != NULL ? DM_OK : dm_no_memory(ctx);
    dm_posterior_sampler ps;
    dm_engine_options e = *eng;
    if (s == DM_OK) {
        dm_sampler_posterior(&ps, sc, post, map, cumulative);
        e.sampler = &ps.base;
        s = project_runs(ctx, work, sc, opts, &e, out);
    }
    if (s == DM_OK)
        (*out)->replay_last = post->last_month;
    free(map);
    free(cumulative);
    return s;
}

/* The bytes a projection's runs need: what each run keeps, per row, for
 * the whole projection (the per-region series when kept, the regions'
 * years unless summarised), the regions' counts (the projection's and
 * each other thread's), and the sums of the mean series (the projection's
 * and each thread's chunk). */
static double projection_bytes(const dm_work *work, const dm_scenario *sc,
                               const dm_projection_options *opts,
                               const dm_engine_options *eng)
{
    double regions = (double)compact_regions(work, eng, NULL, NULL);
    double rows = regions + DM_AGGREGATES;
    double months = (double)(eng->horizon > 0 ? eng->horizon : sc->horizon);
    double years = months / DM_MONTHS_PER_YEAR + 2.0;
    int every = opts->keep_series && !opts->region_summaries;
    int counted = opts->keep_series && opts->region_summaries;
    double series = eng->summaries_only ? 0.0
                    : every             ? rows * (months + 1.0)
                                        : DM_AGGREGATES * (months + 1.0);
    double year_rows = counted ? DM_AGGREGATES : rows;
    double per_run = rows * (2.0 * DM_MILESTONE_COUNT + 4.0) +
                     year_rows * 2.0 * years + (double)sc->nparams + series;
    double sums = eng->summaries_only ? 0.0
                                      : ((double)opts->threads + 2.0) * rows *
                                            DM_SERIES_COUNT * (months + 1.0);
    double counts = counted && !eng->summaries_only
                        ? (double)opts->threads * regions * (months + 1.0) *
                              (DM_SUMMARY_BINS + 2) * sizeof(uint32_t)
                        : 0.0;
    return ((double)opts->runs * per_run + sums) * (double)sizeof(double) +
           counts;
}

dm_status dm_project_engine(dm_context *ctx, const dm_work *work,
                            const dm_scenario *sc,
                            const dm_projection_options *opts,
                            const dm_engine_options *eng, dm_projection **out)
{
    if (opts->runs == 0 || opts->threads == 0)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_project: %s is 0 (at least 1)",
                        opts->runs == 0 ? "runs" : "threads");
    if (opts->runs > DM_MAX_RUNS)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_project: %zu runs, more than the %d a projection "
                        "takes (DM_MAX_RUNS)",
                        opts->runs, DM_MAX_RUNS);
    double bytes = projection_bytes(work, sc, opts, eng);
    if (bytes > (double)DM_MAX_PROJECTION_BYTES)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_project: %zu runs of %zu regions over %zu months "
                        "would need %.1f GiB, more than the %.0f GiB a "
                        "projection may take (DM_MAX_PROJECTION_BYTES): fewer "
                        "runs%s",
                        opts->runs, work->count,
                        eng->horizon > 0 ? eng->horizon : sc->horizon,
                        bytes / GIB, (double)DM_MAX_PROJECTION_BYTES / GIB,
                        opts->keep_series ? ", or no keep_series" : "");
    if (work->count == 0)
        return dm_error(ctx, DM_ERR_EMPTY,
                        "dm_project: the work table has no region");
    if (opts->posterior != NULL && eng->sampler == NULL)
        return project_posterior(ctx, work, sc, opts, eng, out);
    return project_runs(ctx, work, sc, opts, eng, out);
}

dm_status dm_project(dm_context *ctx, const dm_work *work,
                     const dm_scenario *scenario,
                     const dm_projection_options *opts, dm_projection **out)
{
    DM_CHECK(ctx, work, scenario, out);
    dm_projection_options o;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_projection_options_init);
    dm_engine_options eng;
    dm_engine_options_init(&eng);
    return dm_project_engine(ctx, work, scenario, &o, &eng, out);
}
