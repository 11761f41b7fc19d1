/* Calibration to the record by approximate Bayesian computation: the
 * record's observations placed on the months the engine simulates, the
 * scenario's ranged figures that they depend on chosen for the fit, the
 * engine run on batches of parameter vectors with an observer that keeps
 * what each run does at those months, and the result made a posterior.
 * The sequential Monte Carlo between is abc-smc.c. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate-private.h"

#define DEFAULT_PARTICLES 500
#define DEFAULT_GENERATIONS 100
#define DEFAULT_QUANTILE 0.8
#define DEFAULT_TARGET 1.0
#define DEFAULT_MAX_SIMULATIONS 2000000
/* Values the observer keeps per observation and run: a track at the end
 * and before the start, and the cancelled track likewise (for shares). */
#define KEPT 4

static void dm_calibrate_options_init_full(dm_calibrate_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->particles = DEFAULT_PARTICLES;
    o->max_generations = DEFAULT_GENERATIONS;
    o->quantile = DEFAULT_QUANTILE;
    o->target = DEFAULT_TARGET;
    o->max_simulations = DEFAULT_MAX_SIMULATIONS;
    o->seed = 1;
    o->threads = 1;
}

void dm_calibrate_options_init_size(dm_calibrate_options *o, size_t size)
{
    dm_calibrate_options full;
    dm_calibrate_options_init_full(&full);
    dm_init_copy(o, &full, sizeof full, size);
}

typedef dm_fit_obs fit_obs;
typedef dm_calib calib;

/* ---- observations ------------------------------------------------------ */

static dm_status place_obs(calib *c, size_t i, const dm_obs *x, fit_obs *f)
{
    const char *where = c->record->items[i].where;
    int start = c->sc->start;
    size_t row = c->R;
    if (x->region != NULL &&
        dm_work_find(c->ctx, c->work, x->region, &row) != DM_OK)
        return dm_error(c->ctx, DM_ERR_BAD_VALUE,
                        "%s: region '%s' is not in the work table", where,
                        x->region);
    int flow = f->q->kind != DM_QUANTITY_STOCK;
    int first = flow ? x->from : x->month + 1;
    if (first < start || x->month >= start + (int)c->sc->horizon) {
        char a[DM_MONTH_TEXT_SIZE], b[DM_MONTH_TEXT_SIZE];
        return dm_error(
            c->ctx, DM_ERR_BAD_VALUE,
            "%s: its months are outside the scenario's horizon "
            "(%s to %s)",
            where, dm_month_format(start, a, sizeof a),
            dm_month_format(start + (int)c->sc->horizon - 1, b, sizeof b));
    }
    f->index = i;
    f->row = row;
    f->m_end = (size_t)(x->month - start + 1);
    f->m_begin = flow ? (size_t)(x->from - start) : f->m_end;
    f->value = x->value;
    f->low = x->low;
    f->high = x->high;
    return DM_OK;
}

/* The observations the model simulates, and the months to simulate. */
static dm_status select_obs(calib *c)
{
    const dm_record *r = c->record;
    c->obs = calloc(r->count + 1, sizeof *c->obs);
    if (c->obs == NULL)
        return dm_no_memory(c->ctx);
    size_t last = 0;
    for (size_t i = 0; i < r->count; i++) {
        const dm_quantity_info *q = dm_quantity((size_t)r->items[i].quantity);
        if (q->kind == DM_QUANTITY_CONTEXT)
            continue;
        fit_obs *f = &c->obs[c->nobs];
        f->q = q;
        dm_status s = place_obs(c, i, &r->items[i], f);
        if (s != DM_OK)
            return s;
        last = f->m_end > last ? f->m_end : last;
        c->nobs++;
    }
    if (c->nobs == 0)
        return dm_error(c->ctx, DM_ERR_EMPTY,
                        "dm_calibrate: the record has no observation the "
                        "model simulates (only context)");
    c->H = last > 0 ? last : 1;
    return DM_OK;
}

/* Whether the record has an observation of cost. */
static int record_has_cost(const calib *c)
{
    for (size_t i = 0; i < c->nobs; i++)
        if (c->obs[i].q->track == DM_TRACK_COST)
            return 1;
    return 0;
}

/* Marks the parameters that change no simulated observation: the costs
 * when the record has none, and the figures of a detector that rejects
 * nothing (its time ratio is then 1). */
static void mark_inert(const calib *c, unsigned char *inert)
{
    const dm_scenario *sc = c->sc;
    int cost = record_has_cost(c);
    for (size_t i = 0; i < sc->nassets; i++) {
        const dm_asset *a = &sc->assets[i];
        size_t base = a->slot + a->nsteps;
        const dm_param *rej = &a->p[DM_AP_REJECTION];
        if (!cost)
            inert[base + DM_AP_COST] = 1;
        if (!a->has_detector || (rej->min == 0.0 && rej->max == 0.0))
            for (int k = DM_AP_SEARCH; k <= DM_AP_REJECTION; k++)
                inert[base + (size_t)k] = 1;
    }
    for (int st = 0; st < DM_STAGE_COUNT; st++)
        if (!cost && sc->unconstrained_slot[st] != DM_NO_SLOT)
            inert[sc->unconstrained_slot[st]] = 1;
}

/* The ranged figures fitted: every one but the counts of schedules (drawn
 * from their ranges in every simulation), those that change no simulated
 * observation (mark_inert(): their posterior is their prior) and those an
 * asset shares with the one it is like (they are that one's). */
static dm_status select_params(calib *c)
{
    const dm_scenario *sc = c->sc;
    c->slot = calloc(sc->nparams + 1, sizeof *c->slot);
    unsigned char *inert = calloc(sc->nparams + 1, 1);
    if (c->slot == NULL || inert == NULL) {
        free(inert);
        return dm_no_memory(c->ctx);
    }
    mark_inert(c, inert);
    for (size_t i = 0; i < sc->nparams; i++)
        if (sc->params[i]->min < sc->params[i]->max &&
            !sc->param_is_count[i] && !inert[i] &&
            !dm_scenario_param_tied(sc, i))
            c->slot[c->nfit++] = i;
    free(inert);
    if (c->nfit == 0)
        return dm_error(c->ctx, DM_ERR_EMPTY,
                        "dm_calibrate: scenario '%s' has no ranged figure "
                        "that the record's observations depend on",
                        sc->name);
    return DM_OK;
}

static void observe(void *data, size_t run, size_t m, const double *tracks,
                    size_t rows)
{
    (void)rows;
    calib *c = data;
    for (size_t i = 0; i < c->nobs; i++) {
        const fit_obs *f = &c->obs[i];
        double *k = c->kept + (run * c->nobs + i) * KEPT;
        const double *t = tracks + f->row * DM_TRACK_COUNT;
        if (m == f->m_end) {
            k[0] = t[f->q->track];
            k[2] = t[DM_TRACK_CANCELLED];
        }
        if (m == f->m_begin && f->q->kind != DM_QUANTITY_STOCK) {
            k[1] = t[f->q->track];
            k[3] = t[DM_TRACK_CANCELLED];
        }
    }
}

/* The simulated value of observation i from what the observer kept. */
static double simulated(const fit_obs *f, const double *k)
{
    switch (f->q->kind) {
    case DM_QUANTITY_STOCK: return k[0];
    case DM_QUANTITY_FLOW: return k[0] - k[1];
    case DM_QUANTITY_SHARE: {
        double flagged = k[0] - k[1], cancelled = k[2] - k[3];
        return flagged + cancelled > 0.0 ? flagged / (flagged + cancelled)
                                         : 0.0;
    }
    case DM_QUANTITY_CONTEXT: break;
    }
    return NAN;
}

/* How far a simulated value is from the observation, in units of its
 * range on that side (the other side's when that one is empty). */
double dm_calib_distance(const fit_obs *f, double sim)
{
    double d = sim - f->value;
    double up = f->high - f->value, down = f->value - f->low;
    double w = d > 0.0 ? (up > 0.0 ? up : down) : (down > 0.0 ? down : up);
    if (!(w > 0.0))
        w = fabs(f->value) * 1e-9 + 1e-300;
    return fabs(d) / w;
}

/* ---- simulation of a batch ---------------------------------------------- */

typedef struct batch_sampler {
    dm_sampler base;
    const calib *c;
} batch_sampler;

/* A run: the scenario's ranges for everything (the counts of schedules
 * are so integrated out), then the proposal for what is fitted. */
static void draw_batch(const dm_sampler *self, uint64_t seed, size_t run,
                       double *x)
{
    const calib *c = ((const batch_sampler *)self)->c;
    dm_draw_prior(c->sc, seed, run, x);
    for (size_t k = 0; k < c->nfit; k++)
        x[c->slot[k]] = c->theta[run * c->nfit + k];
}

/* Simulates the first n proposals of the batch: sim and rho. */
dm_status dm_calib_simulate(calib *c, size_t n)
{
    batch_sampler bs = {{draw_batch, c->sc, NULL}, c};
    dm_engine_options eng;
    dm_engine_options_init(&eng);
    eng.horizon = c->H;
    eng.summaries_only = 1;
    eng.sampler = &bs.base;
    eng.observe = observe;
    eng.observe_data = c;
    dm_projection_options po;
    dm_projection_options_init(&po);
    po.runs = n;
    po.seed = c->batch_seed;
    po.threads = c->o.threads;
    memset(c->kept, 0, n * c->nobs * KEPT * sizeof *c->kept);
    dm_projection *p = NULL;
    dm_status s = dm_project_engine(c->ctx, c->work, c->sc, &po, &eng, &p);
    dm_projection_free(p);
    if (s != DM_OK)
        return s;
    for (size_t r = 0; r < n; r++) {
        double rho = 0.0;
        for (size_t i = 0; i < c->nobs; i++) {
            double v =
                simulated(&c->obs[i], c->kept + (r * c->nobs + i) * KEPT);
            double z = dm_calib_distance(&c->obs[i], v);
            c->sim[r * c->nobs + i] = v;
            rho = z > rho ? z : rho;
        }
        c->rho[r] = rho;
    }
    c->simulations += n;
    return DM_OK;
}

/* ---- streams, the posterior ------------------------------------------- */

uint64_t dm_calib_mix(uint64_t seed, uint64_t a, uint64_t b)
{
    uint64_t z = seed + a * UINT64_C(0x9E3779B97F4A7C15) +
                 b * UINT64_C(0xD1B54A32D192ED03);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A particle's values, for sorting (each element carries its length, so
 * the comparison needs nothing global). */
typedef struct row_ref {
    const double *v;
    size_t n;
} row_ref;

static int cmp_rows(const void *a, const void *b)
{
    const row_ref *x = a, *y = b;
    for (size_t k = 0; k < x->n; k++)
        if (x->v[k] != y->v[k])
            return (x->v[k] > y->v[k]) - (x->v[k] < y->v[k]);
    return 0;
}

/* The effective sample size of n equally weighted particles, the copies
 * of one particle counting as one draw of their summed weight: n² / Σ
 * (copies)². */
static dm_status distinct_size(dm_context *ctx, const double *theta,
                               size_t n, size_t nfit, double *ess)
{
    row_ref *rows = malloc((n + 1) * sizeof *rows);
    if (rows == NULL)
        return dm_no_memory(ctx); /* NAN here once went into the file */
    for (size_t i = 0; i < n; i++)
        rows[i] = (row_ref){theta + i * nfit, nfit};
    qsort(rows, n, sizeof *rows, cmp_rows);
    double sum2 = 0.0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && cmp_rows(&rows[i], &rows[j]) == 0)
            j++;
        sum2 += (double)(j - i) * (double)(j - i);
        i = j;
    }
    free(rows);
    *ess = sum2 > 0.0 ? (double)n * (double)n / sum2 : 0.0;
    return DM_OK;
}

/* The posterior of a population. */
static dm_status make_posterior(calib *c, const dm_population *p,
                                const dm_smc_result *r, dm_posterior **out)
{
    dm_posterior *post = dm_posterior_new(c->nfit, p->n, c->nobs);
    if (post == NULL)
        return dm_no_memory(c->ctx);
    dm_status s = DM_OK;
    for (size_t j = 0; j < p->n; j++)
        post->weights[j] = 1.0 / (double)p->n;
    memcpy(post->values, p->theta, p->n * c->nfit * sizeof *p->theta);
    memcpy(post->distance, p->rho, p->n * sizeof *p->rho);
    memcpy(post->sim, p->sim, p->n * c->nobs * sizeof *p->sim);
    for (size_t k = 0; s == DM_OK && k < c->nfit; k++) {
        post->prior[k] = *c->sc->params[c->slot[k]];
        post->names[k] = dm_strdup(c->ctx, c->sc->param_names[c->slot[k]]);
        if (post->names[k] == NULL)
            s = DM_ERR_NO_MEMORY;
    }
    for (size_t i = 0; s == DM_OK && i < c->nobs; i++) {
        dm_observation o;
        dm_observation_init(&o);
        s = dm_record_observation(c->ctx, c->record, c->obs[i].index, &o);
        if (s == DM_OK)
            s = dm_record_add_at(c->ctx, post->observations, &o,
                                 c->record->items[c->obs[i].index].where);
    }
    post->scenario = dm_strdup(c->ctx, c->sc->name);
    if (s == DM_OK && post->scenario == NULL)
        s = DM_ERR_NO_MEMORY;
    post->first_month = c->sc->start;
    post->last_month = c->sc->start + (int)c->H - 1;
    post->generations = r->generations;
    post->simulations = c->simulations;
    post->epsilon = r->epsilon;
    post->acceptance = r->acceptance;
    if (s == DM_OK)
        s = distinct_size(c->ctx, p->theta, p->n, c->nfit, &post->ess);
    post->seed = c->o.seed;
    if (s != DM_OK) {
        dm_posterior_free(post);
        return s;
    }
    *out = post;
    return DM_OK;
}

static dm_status check_calibrate_options(dm_context *ctx,
                                         const dm_calibrate_options *o)
{
    if (o->particles < 2 || o->particles > 1000000 || o->threads == 0 ||
        o->threads > 1024 || o->max_generations < 1 ||
        !(o->quantile > 0.0 && o->quantile < 1.0) ||
        o->quantile * (double)o->particles < 1.0 || !(o->target > 0.0) ||
        !isfinite(o->target) || o->max_simulations < o->particles)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_calibrate: particles %zu (2–1,000,000), threads "
                        "%u (1–1024), generations %zu (>= 1), quantile %g "
                        "(0–1, replacing at least one particle), target %g "
                        "(> 0) or max_simulations %zu (>= particles) out of "
                        "range",
                        o->particles, o->threads, o->max_generations,
                        o->quantile, o->target, o->max_simulations);
    return DM_OK;
}

static dm_status calib_alloc(calib *c)
{
    c->theta = calloc((size_t)DM_CALIB_BATCH * c->nfit, sizeof *c->theta);
    c->kept = calloc((size_t)DM_CALIB_BATCH * c->nobs * KEPT, sizeof *c->kept);
    c->sim = calloc((size_t)DM_CALIB_BATCH * c->nobs, sizeof *c->sim);
    c->rho = calloc(DM_CALIB_BATCH, sizeof *c->rho);
    if (c->theta == NULL || c->kept == NULL || c->sim == NULL ||
        c->rho == NULL)
        return dm_no_memory(c->ctx);
    return DM_OK;
}

static void calib_free(calib *c)
{
    free(c->obs);
    free(c->slot);
    free(c->theta);
    free(c->kept);
    free(c->sim);
    free(c->rho);
}

/* The SMC and the posterior of its particles. */
static dm_status run_smc(calib *c, dm_posterior **out)
{
    dm_population p;
    dm_smc_result r;
    memset(&r, 0, sizeof r);
    dm_status s = dm_population_alloc(c, &p, c->o.particles);
    if (s == DM_OK)
        s = dm_calib_smc(c, &p, &r);
    if (s == DM_OK)
        s = make_posterior(c, &p, &r, out);
    dm_population_free(&p);
    return s;
}

dm_status dm_calibrate(dm_context *ctx, const dm_work *work,
                       const dm_scenario *scenario, const dm_record *record,
                       const dm_calibrate_options *opts, dm_posterior **out)
{
    DM_CHECK(ctx, work, scenario, record, out);
    calib c;
    memset(&c, 0, sizeof c);
    DM_TAKE_OPTIONS(ctx, c.o, opts, dm_calibrate_options_init);
    c.ctx = ctx;
    c.work = work;
    c.sc = scenario;
    c.record = record;
    c.R = work->count;
    dm_status s = check_calibrate_options(ctx, &c.o);
    if (s == DM_OK && work->count == 0)
        s = dm_error(ctx, DM_ERR_EMPTY,
                     "dm_calibrate: the work table has no region");
    if (s == DM_OK)
        s = select_obs(&c);
    if (s == DM_OK)
        s = select_params(&c);
    if (s == DM_OK)
        s = calib_alloc(&c);
    if (s == DM_OK)
        s = run_smc(&c, out);
    calib_free(&c);
    return s;
}
