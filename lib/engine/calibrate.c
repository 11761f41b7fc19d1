/* Calibration to the record by sequential Monte Carlo approximate Bayesian
 * computation (ABC-SMC; Toni et al. 2009, Beaumont et al. 2009): draws of
 * the scenario's ranged figures are simulated over the record's months by
 * the projection engine, kept when every simulated observation lies within
 * a tolerance of the recorded one (in units of its range), generation by
 * generation with a shrinking tolerance. Deterministic for a seed whatever
 * the threads: proposals are made in a fixed order from their own streams
 * and accepted in that order. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "posterior-private.h"
#include "projection-private.h"

/* Proposals simulated together in one call of the engine. */
#define BATCH 512
#define DEFAULT_PARTICLES 1000
#define DEFAULT_GENERATIONS 16
#define DEFAULT_QUANTILE 0.5
#define DEFAULT_TARGET 1.0
#define DEFAULT_MAX_SIMULATIONS 2000000
/* Values the observer keeps per observation and run: a track at the end
 * and before the start, and the cancelled track likewise (for shares). */
#define KEPT 4
/* A generation whose proposals are accepted this rarely has stalled. */
#define MIN_ACCEPTANCE 1e-4

void dm_calibrate_options_init(dm_calibrate_options *o)
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

/* An observation as the simulation reads it. */
typedef struct fit_obs {
    size_t index; /* in the record */
    const dm_quantity_info *q;
    size_t row;            /* the region's row, or the nation's */
    size_t m_end, m_begin; /* series indices; m_begin for flows */
    double value, low, high;
} fit_obs;

/* The particles of one generation. */
typedef struct population {
    size_t n;
    double *theta; /* [n][nfit] */
    double *w;     /* [n] */
    double *rho;   /* [n] */
    double *sim;   /* [n][nobs] */
} population;

typedef struct calib {
    dm_context *ctx;
    const dm_work *work;
    const dm_scenario *sc;
    const dm_record *record;
    dm_calibrate_options o;
    size_t R, H;
    fit_obs *obs;
    size_t nobs;
    size_t *slot; /* scenario slots fitted */
    size_t nfit;
    /* The batch being simulated. */
    double *theta; /* [BATCH][nfit] */
    double *kept;  /* [BATCH][nobs][KEPT] */
    double *sim;   /* [BATCH][nobs] */
    double *rho;   /* [BATCH] */
    size_t simulations;
    uint64_t batch_seed;
} calib;

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

/* The ranged figures fitted: every one but the counts of schedules. */
static dm_status select_params(calib *c)
{
    const dm_scenario *sc = c->sc;
    c->slot = calloc(sc->nparams + 1, sizeof *c->slot);
    if (c->slot == NULL)
        return dm_no_memory(c->ctx);
    for (size_t i = 0; i < sc->nparams; i++)
        if (sc->params[i]->min < sc->params[i]->max && !sc->param_is_count[i])
            c->slot[c->nfit++] = i;
    if (c->nfit == 0)
        return dm_error(c->ctx, DM_ERR_EMPTY,
                        "dm_calibrate: scenario '%s' has no ranged figure to "
                        "fit",
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
static double distance(const fit_obs *f, double sim)
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
static void draw_batch(const dm_sampler *self, size_t run, dm_rng *rng,
                       double *x)
{
    const calib *c = ((const batch_sampler *)self)->c;
    const dm_scenario *sc = c->sc;
    for (size_t i = 0; i < sc->nparams; i++)
        x[i] = dm_param_draw(sc->params[i], rng);
    for (size_t k = 0; k < c->nfit; k++)
        x[c->slot[k]] = c->theta[run * c->nfit + k];
}

/* Simulates the first n proposals of the batch: sim and rho. */
static dm_status simulate(calib *c, size_t n)
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
            double z = distance(&c->obs[i], v);
            c->sim[r * c->nobs + i] = v;
            rho = z > rho ? z : rho;
        }
        c->rho[r] = rho;
    }
    c->simulations += n;
    return DM_OK;
}

/* ---- proposals -----------------------------------------------------------
 */

/* A generation's own seed, so that its proposals' streams are unrelated
 * to another generation's and to the runs' streams. */
static uint64_t mix(uint64_t seed, uint64_t a, uint64_t b)
{
    uint64_t z = seed + a * UINT64_C(0x9E3779B97F4A7C15) +
                 b * UINT64_C(0xD1B54A32D192ED03);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A standard normal draw (Box–Muller). */
static double gaussian(dm_rng *rng)
{
    double u = dm_rng_uniform(rng), v = dm_rng_uniform(rng);
    return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * DM_PI * v);
}

/* The log density of the triangular prior of p at x (−INFINITY outside). */
static double log_prior(const dm_param *p, double x)
{
    if (x < p->min || x > p->max)
        return -INFINITY;
    double span = p->max - p->min;
    double d = x < p->mode   ? 2.0 * (x - p->min) / (span * (p->mode - p->min))
               : x > p->mode ? 2.0 * (p->max - x) / (span * (p->max - p->mode))
                             : 2.0 / span;
    return d > 0.0 ? log(d) : -INFINITY;
}

/* Proposal `attempt` of generation g into theta: from the prior in the
 * first generation, else a particle of the last drawn by weight and
 * perturbed by the kernel (sigma). 0 when it falls outside the prior. */
static int propose(const calib *c, size_t g, size_t attempt,
                   const population *last, const double *cumulative,
                   const double *sigma, double *theta)
{
    dm_rng rng;
    dm_rng_init(&rng, mix(c->o.seed, g, 1), attempt);
    const dm_scenario *sc = c->sc;
    if (last == NULL) {
        for (size_t k = 0; k < c->nfit; k++)
            theta[k] = dm_param_draw(sc->params[c->slot[k]], &rng);
        return 1;
    }
    double u = dm_rng_uniform(&rng);
    size_t lo = 0, hi = last->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cumulative[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    const double *from = last->theta + lo * c->nfit;
    int inside = 1;
    for (size_t k = 0; k < c->nfit; k++) {
        const dm_param *p = sc->params[c->slot[k]];
        theta[k] = from[k] + sigma[k] * gaussian(&rng);
        inside &= theta[k] >= p->min && theta[k] <= p->max;
    }
    return inside;
}

/* ---- generations ----------------------------------------------------------
 */

static dm_status population_alloc(calib *c, population *p, size_t n)
{
    memset(p, 0, sizeof *p);
    p->theta = calloc(n * c->nfit + 1, sizeof *p->theta);
    p->w = calloc(n + 1, sizeof *p->w);
    p->rho = calloc(n + 1, sizeof *p->rho);
    p->sim = calloc(n * c->nobs + 1, sizeof *p->sim);
    if (p->theta == NULL || p->w == NULL || p->rho == NULL || p->sim == NULL)
        return dm_no_memory(c->ctx);
    return DM_OK;
}

static void population_free(population *p)
{
    free(p->theta);
    free(p->w);
    free(p->rho);
    free(p->sim);
    memset(p, 0, sizeof *p);
}

/* Keeps proposal r of the batch as particle p->n. */
static void keep(const calib *c, population *p, size_t r)
{
    memcpy(p->theta + p->n * c->nfit, c->theta + r * c->nfit,
           c->nfit * sizeof *p->theta);
    memcpy(p->sim + p->n * c->nobs, c->sim + r * c->nobs,
           c->nobs * sizeof *p->sim);
    p->rho[p->n] = c->rho[r];
    p->w[p->n] = 1.0;
    p->n++;
}

/* The kernel's width for each parameter: twice the weighted variance of
 * the last generation (Beaumont et al. 2009); the cumulative weights. */
static void kernel(const calib *c, const population *last, double *sigma,
                   double *cumulative)
{
    double total = 0.0;
    for (size_t j = 0; j < last->n; j++) {
        total += last->w[j];
        cumulative[j] = total;
    }
    for (size_t j = 0; j < last->n; j++)
        cumulative[j] /= total;
    cumulative[last->n - 1] = 1.0;
    for (size_t k = 0; k < c->nfit; k++) {
        double mean = 0.0, var = 0.0;
        for (size_t j = 0; j < last->n; j++)
            mean += last->w[j] / total * last->theta[j * c->nfit + k];
        for (size_t j = 0; j < last->n; j++) {
            double d = last->theta[j * c->nfit + k] - mean;
            var += last->w[j] / total * d * d;
        }
        sigma[k] = sqrt(2.0 * var);
    }
}

/* The new particles' weights: prior over the kernel's mixture density of
 * the last generation (computed in logs). */
static void reweigh(const calib *c, population *now, const population *last,
                    const double *sigma)
{
    double total_last = 0.0;
    for (size_t j = 0; j < last->n; j++)
        total_last += last->w[j];
    double *lw = now->w, top = -INFINITY;
    for (size_t i = 0; i < now->n; i++) {
        const double *ti = now->theta + i * c->nfit;
        double lp = 0.0, mix_max = -INFINITY;
        for (size_t k = 0; k < c->nfit; k++)
            lp += log_prior(c->sc->params[c->slot[k]], ti[k]);
        double sum = 0.0;
        for (int pass = 0; pass < 2; pass++)
            for (size_t j = 0; j < last->n; j++) {
                const double *tj = last->theta + j * c->nfit;
                double e = 0.0;
                for (size_t k = 0; k < c->nfit; k++) {
                    double z = sigma[k] > 0.0 ? (ti[k] - tj[k]) / sigma[k] : 0;
                    e -= 0.5 * z * z;
                }
                e += log(last->w[j] / total_last);
                if (pass == 0)
                    mix_max = e > mix_max ? e : mix_max;
                else
                    sum += exp(e - mix_max);
            }
        lw[i] = lp - (mix_max + log(sum));
        top = lw[i] > top ? lw[i] : top;
    }
    for (size_t i = 0; i < now->n; i++)
        lw[i] = exp(lw[i] - top);
}

/* Fills a batch with valid proposals from attempt *attempt on. */
static size_t fill_batch(const calib *c, size_t g, size_t *attempt,
                         const population *last, const double *cumulative,
                         const double *sigma)
{
    size_t n = 0;
    while (n < BATCH) {
        if (propose(c, g, (*attempt)++, last, cumulative, sigma,
                    c->theta + n * c->nfit))
            n++;
        if (*attempt > 64 * (size_t)BATCH + c->o.max_simulations)
            break; /* the kernel keeps missing the prior: give up */
    }
    return n;
}

/* The first generation: N / quantile draws from the prior, the N nearest
 * kept; *eps their largest distance. */
static dm_status first_generation(calib *c, population *now, double *eps)
{
    size_t want = (size_t)ceil((double)c->o.particles / c->o.quantile);
    population all;
    dm_status s = population_alloc(c, &all, want);
    size_t attempt = 0;
    while (s == DM_OK && all.n < want) {
        size_t n = fill_batch(c, 0, &attempt, NULL, NULL, NULL);
        if (n > want - all.n)
            n = want - all.n;
        c->batch_seed = mix(c->o.seed, 0, 2 + attempt);
        s = simulate(c, n);
        for (size_t r = 0; s == DM_OK && r < n; r++)
            keep(c, &all, r);
    }
    /* The N smallest distances, ties in the order of the draws. */
    size_t *order = s == DM_OK ? calloc(want, sizeof *order) : NULL;
    if (s == DM_OK && order == NULL)
        s = dm_no_memory(c->ctx);
    for (size_t i = 0; s == DM_OK && i < want; i++) {
        size_t k = i;
        while (k > 0 && all.rho[order[k - 1]] > all.rho[i]) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    for (size_t i = 0; s == DM_OK && i < c->o.particles; i++) {
        size_t j = order[i];
        memcpy(now->theta + i * c->nfit, all.theta + j * c->nfit,
               c->nfit * sizeof *now->theta);
        memcpy(now->sim + i * c->nobs, all.sim + j * c->nobs,
               c->nobs * sizeof *now->sim);
        now->rho[i] = all.rho[j];
        now->w[i] = 1.0;
        now->n = i + 1;
        *eps = all.rho[j];
    }
    free(order);
    population_free(&all);
    return s;
}

/* Generation g: proposals perturbed from `last`, accepted within eps in
 * the order of their attempts until N. *rate: accepted / simulated. A
 * generation that spends the budget or stalls is DM_ERR_UNREACHABLE
 * (`now` then holds what it has). */
static dm_status next_generation(calib *c, size_t g, const population *last,
                                 double eps, population *now, double *rate)
{
    double *sigma = calloc(c->nfit + 1, sizeof *sigma);
    double *cumulative = calloc(last->n + 1, sizeof *cumulative);
    if (sigma == NULL || cumulative == NULL) {
        free(sigma);
        free(cumulative);
        return dm_no_memory(c->ctx);
    }
    kernel(c, last, sigma, cumulative);
    now->n = 0;
    size_t attempt = 0, simulated_here = 0;
    dm_status s = DM_OK;
    while (s == DM_OK && now->n < c->o.particles) {
        size_t n = fill_batch(c, g, &attempt, last, cumulative, sigma);
        if (n == 0 || c->simulations + n > c->o.max_simulations ||
            (simulated_here >= 10 * (size_t)BATCH &&
             (double)now->n < MIN_ACCEPTANCE * (double)simulated_here)) {
            s = DM_ERR_UNREACHABLE;
            break;
        }
        c->batch_seed = mix(c->o.seed, g, 2 + attempt);
        s = simulate(c, n);
        simulated_here += n;
        for (size_t r = 0; s == DM_OK && r < n && now->n < c->o.particles; r++)
            if (c->rho[r] <= eps)
                keep(c, now, r);
    }
    *rate = simulated_here > 0 ? (double)now->n / (double)simulated_here : 0;
    if (s == DM_OK)
        reweigh(c, now, last, sigma);
    free(sigma);
    free(cumulative);
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The quantile q of a population's distances (unweighted). */
static double rho_quantile(const population *p, double q)
{
    double *v = malloc((p->n ? p->n : 1) * sizeof *v);
    if (v == NULL)
        return p->rho[0];
    memcpy(v, p->rho, p->n * sizeof *v);
    qsort(v, p->n, sizeof *v, cmp_double);
    size_t k = (size_t)floor(q * (double)(p->n - 1));
    double r = v[k];
    free(v);
    return r;
}

/* When the target was not reached: the observation that the draws came
 * least near, named with how near they came. */
static dm_status unreachable(calib *c, const population *p, double eps)
{
    size_t worst = 0;
    double worst_z = -1.0, closest = NAN;
    for (size_t i = 0; i < c->nobs; i++) {
        double best = INFINITY, at = NAN;
        for (size_t j = 0; j < p->n; j++) {
            double z = distance(&c->obs[i], p->sim[j * c->nobs + i]);
            if (z < best) {
                best = z;
                at = p->sim[j * c->nobs + i];
            }
        }
        if (best > worst_z) {
            worst_z = best;
            worst = i;
            closest = at;
        }
    }
    const fit_obs *f = &c->obs[worst];
    return dm_error(c->ctx, DM_ERR_UNREACHABLE,
                    "%s: no draw came within the range of this observation "
                    "(%s %g, %g–%g; the closest draw gave %g, %.3g ranges "
                    "away): the calibration stopped at a tolerance of %.3g "
                    "ranges after %zu simulations",
                    c->record->items[f->index].where, f->q->name, f->value,
                    f->low, f->high, closest, worst_z, eps, c->simulations);
}

/* The posterior of a population. */
static dm_status make_posterior(calib *c, const population *p, size_t gens,
                                double eps, double rate, dm_posterior **out)
{
    dm_posterior *post = dm_posterior_new(c->nfit, p->n, c->nobs);
    if (post == NULL)
        return dm_no_memory(c->ctx);
    dm_status s = DM_OK;
    double total = 0.0;
    for (size_t j = 0; j < p->n; j++)
        total += p->w[j];
    for (size_t j = 0; j < p->n; j++)
        post->weights[j] = p->w[j] / total;
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
    post->generations = gens;
    post->simulations = c->simulations;
    post->epsilon = eps;
    post->acceptance = rate;
    post->ess = dm_effective_size(post->weights, p->n);
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
        !(o->quantile > 0.0 && o->quantile < 1.0) || !(o->target > 0.0) ||
        !isfinite(o->target) || o->max_simulations < o->particles)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_calibrate: particles %zu (2–1,000,000), threads "
                        "%u (1–1024), generations %zu (>= 1), quantile %g "
                        "(0–1), target %g (> 0) or max_simulations %zu "
                        "(>= particles) out of range",
                        o->particles, o->threads, o->max_generations,
                        o->quantile, o->target, o->max_simulations);
    return DM_OK;
}

static dm_status calib_alloc(calib *c)
{
    c->theta = calloc((size_t)BATCH * c->nfit, sizeof *c->theta);
    c->kept = calloc((size_t)BATCH * c->nobs * KEPT, sizeof *c->kept);
    c->sim = calloc((size_t)BATCH * c->nobs, sizeof *c->sim);
    c->rho = calloc(BATCH, sizeof *c->rho);
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

/* The generations, from the prior down to the target tolerance. */
static dm_status run_generations(calib *c, dm_posterior **out)
{
    population pop[2];
    dm_status s = population_alloc(c, &pop[0], c->o.particles);
    if (s == DM_OK)
        s = population_alloc(c, &pop[1], c->o.particles);
    double eps = INFINITY, rate = 1.0;
    size_t g = 0, cur = 0;
    if (s == DM_OK)
        s = first_generation(c, &pop[0], &eps);
    rate = (double)c->o.particles / (double)c->simulations;
    for (g = 1; s == DM_OK && eps > c->o.target && g < c->o.max_generations;
         g++) {
        double next = rho_quantile(&pop[cur], c->o.quantile);
        next = next > c->o.target ? next : c->o.target;
        s = next_generation(c, g, &pop[cur], next, &pop[1 - cur], &rate);
        if (s == DM_OK) {
            cur = 1 - cur;
            eps = next;
        }
        if (c->o.progress != NULL)
            c->o.progress(g, c->o.max_generations, c->o.progress_data);
    }
    if (s == DM_ERR_UNREACHABLE || (s == DM_OK && eps > c->o.target))
        s = unreachable(c, &pop[cur], eps);
    if (s == DM_OK)
        s = make_posterior(c, &pop[cur], g, eps, rate, out);
    population_free(&pop[0]);
    population_free(&pop[1]);
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
        s = run_generations(&c, out);
    calib_free(&c);
    return s;
}
