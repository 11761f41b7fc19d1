/* Sequential Monte Carlo ABC with MCMC moves (Drovandi and Pettitt 2011;
 * Del Moral, Doucet and Jasra 2012): particles drawn from the prior are
 * ranked by their distance to the record; each generation keeps the
 * nearest share of them, the tolerance being the distance of the last one
 * kept, replaces the others by copies of the kept ones and moves each copy
 * by Metropolis–Hastings steps that leave the ABC posterior at that
 * tolerance invariant (a Gaussian random walk shaped by the kept
 * particles' covariance; a step is taken when the simulation lands within
 * the tolerance, with the prior's ratio). Every particle so weighs the
 * same, and the tolerance shrinks down to the target.
 *
 * Deterministic for a seed whatever the threads: every proposal, choice
 * and acceptance draws from its own stream (generation, step, particle),
 * and the engine's runs from theirs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate-private.h"

/* The chance that a copy is never moved in a generation: sets its steps
 * from the acceptance of the first step (Drovandi and Pettitt's c). */
#define MOVE_MISS 0.01
/* Most steps of one generation's moves. */
#define MAX_STEPS 100
/* Moves accepted this rarely cannot shrink the tolerance any more. */
#define MIN_ACCEPTANCE 1e-3
/* The share of particles within the target from which the next
 * generation goes to the target at once. */
#define JUMP 0.1

dm_status dm_population_alloc(dm_calib *c, dm_population *p, size_t n)
{
    memset(p, 0, sizeof *p);
    p->theta = calloc(n * c->nfit + 1, sizeof *p->theta);
    p->rho = calloc(n + 1, sizeof *p->rho);
    p->sim = calloc(n * c->nobs + 1, sizeof *p->sim);
    if (p->theta == NULL || p->rho == NULL || p->sim == NULL)
        return dm_no_memory(c->ctx);
    return DM_OK;
}

void dm_population_free(dm_population *p)
{
    free(p->theta);
    free(p->rho);
    free(p->sim);
    memset(p, 0, sizeof *p);
}

/* ---- densities and kernels ---------------------------------------------- */

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

/* The log prior density of a parameter vector. */
static double log_prior_all(const dm_calib *c, const double *theta)
{
    double lp = 0.0;
    for (size_t k = 0; k < c->nfit; k++)
        lp += log_prior(c->sc->params[c->slot[k]], theta[k]);
    return lp;
}

/* The Cholesky factor L (lower, row-major) of the symmetric n × n matrix A
 * in place of A; 0 when A is not positive definite. */
static int cholesky(double *A, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        double d = A[j * n + j];
        for (size_t k = 0; k < j; k++)
            d -= A[j * n + k] * A[j * n + k];
        if (!(d > 0.0))
            return 0;
        A[j * n + j] = sqrt(d);
        for (size_t i = j + 1; i < n; i++) {
            double v = A[i * n + j];
            for (size_t k = 0; k < j; k++)
                v -= A[i * n + k] * A[j * n + k];
            A[i * n + j] = v / A[j * n + j];
        }
        for (size_t k = j + 1; k < n; k++)
            A[j * n + k] = 0.0;
    }
    return 1;
}

/* The moves' random walk: a normal of the covariance of the first k
 * particles scaled by 2.38² / d (Roberts, Gelman and Gilks 1997), as its
 * Cholesky factor L (n × n, then 2n of scratch). A tiny ridge of each
 * prior's span keeps it positive definite; one that still is not falls
 * back to the variances alone. */
static void walk(const dm_calib *c, const dm_population *p, size_t k,
                 double *L)
{
    size_t n = c->nfit;
    double *mean = L + n * n, *diag = mean + n;
    double scale = 2.38 * 2.38 / (double)n;
    for (size_t a = 0; a < n; a++) {
        mean[a] = 0.0;
        for (size_t j = 0; j < k; j++)
            mean[a] += p->theta[j * n + a] / (double)k;
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b <= a; b++) {
            double cov = 0.0;
            for (size_t j = 0; j < k; j++)
                cov += (p->theta[j * n + a] - mean[a]) *
                       (p->theta[j * n + b] - mean[b]);
            L[a * n + b] = L[b * n + a] = scale * cov / (double)k;
        }
    for (size_t a = 0; a < n; a++) {
        const dm_param *q = c->sc->params[c->slot[a]];
        double span = q->max - q->min;
        L[a * n + a] += 1e-12 * span * span;
        diag[a] = L[a * n + a];
    }
    if (cholesky(L, n))
        return;
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            L[a * n + b] = a == b ? sqrt(diag[a]) : 0.0;
}

/* ---- the population ------------------------------------------------------
 */

typedef struct ranked {
    double rho;
    size_t i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->rho != y->rho)
        return (x->rho > y->rho) - (x->rho < y->rho);
    return (x->i > y->i) - (x->i < y->i);
}

/* Orders the particles by distance (ties by their place: stable). */
static dm_status rank(dm_calib *c, dm_population *p)
{
    size_t n = p->n;
    ranked *r = malloc((n + 1) * sizeof *r);
    dm_population t;
    dm_status s = dm_population_alloc(c, &t, n);
    if (r == NULL || s != DM_OK) {
        free(r);
        dm_population_free(&t);
        return dm_no_memory(c->ctx);
    }
    for (size_t i = 0; i < n; i++)
        r[i] = (ranked){p->rho[i], i};
    qsort(r, n, sizeof *r, cmp_ranked);
    for (size_t k = 0; k < n; k++) {
        size_t i = r[k].i;
        memcpy(t.theta + k * c->nfit, p->theta + i * c->nfit,
               c->nfit * sizeof *t.theta);
        memcpy(t.sim + k * c->nobs, p->sim + i * c->nobs,
               c->nobs * sizeof *t.sim);
        t.rho[k] = p->rho[i];
    }
    t.n = n;
    dm_population_free(p);
    *p = t;
    free(r);
    return DM_OK;
}

/* Particle i of p from the batch's simulation r. */
static void take(const dm_calib *c, dm_population *p, size_t i, size_t r)
{
    memcpy(p->theta + i * c->nfit, c->theta + r * c->nfit,
           c->nfit * sizeof *p->theta);
    memcpy(p->sim + i * c->nobs, c->sim + r * c->nobs,
           c->nobs * sizeof *p->sim);
    p->rho[i] = c->rho[r];
}

/* Generation 0: every particle drawn from the prior and simulated. */
static dm_status from_prior(dm_calib *c, dm_population *p)
{
    size_t N = c->o.particles;
    dm_status s = DM_OK;
    for (size_t from = 0; s == DM_OK && from < N; from += DM_CALIB_BATCH) {
        size_t n = N - from < DM_CALIB_BATCH ? N - from : DM_CALIB_BATCH;
        for (size_t r = 0; r < n; r++) {
            dm_rng rng;
            dm_rng_init(&rng, dm_calib_mix(c->o.seed, 0, 1), from + r);
            for (size_t k = 0; k < c->nfit; k++)
                c->theta[r * c->nfit + k] =
                    dm_param_draw(c->sc->params[c->slot[k]], &rng);
        }
        c->batch_seed = dm_calib_mix(c->o.seed, 0, 2 + from);
        s = dm_calib_simulate(c, n);
        for (size_t r = 0; s == DM_OK && r < n; r++)
            take(c, p, from + r, r);
    }
    p->n = N;
    return s == DM_OK ? rank(c, p) : s;
}

/* Replaces particles k … N − 1 by copies of particles drawn uniformly
 * from the first k. */
static void replenish(const dm_calib *c, dm_population *p, size_t k, size_t g)
{
    for (size_t i = k; i < p->n; i++) {
        dm_rng rng;
        dm_rng_init(&rng, dm_calib_mix(c->o.seed, g, 0), i);
        size_t j = (size_t)(dm_rng_uniform(&rng) * (double)k);
        j = j < k ? j : k - 1;
        memcpy(p->theta + i * c->nfit, p->theta + j * c->nfit,
               c->nfit * sizeof *p->theta);
        memcpy(p->sim + i * c->nobs, p->sim + j * c->nobs,
               c->nobs * sizeof *p->sim);
        p->rho[i] = p->rho[j];
    }
}

/* One Metropolis–Hastings step of generation g (step `step`) for the
 * particles k … N − 1 at tolerance eps; adds to *accepted and *proposed. */
static dm_status step_once(dm_calib *c, dm_population *p, size_t k, double eps,
                           const double *L, size_t g, size_t step,
                           size_t *accepted, size_t *proposed)
{
    size_t n = c->nfit, N = p->n;
    size_t *who = malloc(DM_CALIB_BATCH * sizeof *who);
    double *logu = malloc(DM_CALIB_BATCH * sizeof *logu);
    double *z = malloc((n + 1) * sizeof *z);
    dm_status s = who && logu && z ? DM_OK : dm_no_memory(c->ctx);
    for (size_t from = k; s == DM_OK && from < N; from += DM_CALIB_BATCH) {
        size_t to = N - from < DM_CALIB_BATCH ? N : from + DM_CALIB_BATCH;
        size_t nb = 0;
        for (size_t i = from; i < to; i++) {
            dm_rng rng;
            dm_rng_init(&rng, dm_calib_mix(c->o.seed, g, 1 + step), i);
            const double *ti = p->theta + i * n;
            double *t = c->theta + nb * n;
            for (size_t a = 0; a < n; a++)
                z[a] = gaussian(&rng);
            for (size_t a = 0; a < n; a++) {
                double d = 0.0;
                for (size_t b = 0; b <= a; b++)
                    d += L[a * n + b] * z[b];
                t[a] = ti[a] + d;
            }
            double ratio = log_prior_all(c, t) - log_prior_all(c, ti);
            double u = dm_rng_uniform(&rng);
            (*proposed)++;
            if (isinf(ratio) && ratio < 0.0)
                continue; /* outside the prior: refused unsimulated */
            who[nb] = i;
            logu[nb] = log(1.0 - u) - ratio; /* take when <= 0 */
            nb++;
        }
        if (nb == 0)
            continue;
        c->batch_seed =
            dm_calib_mix(c->o.seed, g, ((uint64_t)step << 32) + from + 1);
        s = dm_calib_simulate(c, nb);
        for (size_t r = 0; s == DM_OK && r < nb; r++)
            if (c->rho[r] <= eps && logu[r] <= 0.0) {
                take(c, p, who[r], r);
                (*accepted)++;
            }
    }
    free(who);
    free(logu);
    free(z);
    return s;
}

/* The moves of generation g: one step, then as many more as make a copy
 * move at least once with probability 1 − MOVE_MISS at the acceptance
 * seen. *rate: the acceptance of all the steps. */
static dm_status move(dm_calib *c, dm_population *p, size_t k, double eps,
                      size_t g, double *rate)
{
    double *L = calloc(c->nfit * (c->nfit + 2), sizeof *L);
    if (L == NULL)
        return dm_no_memory(c->ctx);
    walk(c, p, k, L);
    size_t accepted = 0, proposed = 0, steps = 1;
    dm_status s = step_once(c, p, k, eps, L, g, 0, &accepted, &proposed);
    double first = proposed > 0 ? (double)accepted / (double)proposed : 0;
    if (first >= 1.0)
        steps = 1;
    else if (first > 0.0)
        steps = (size_t)ceil(log(MOVE_MISS) / log(1.0 - first));
    else
        steps = MAX_STEPS;
    steps = steps > MAX_STEPS ? MAX_STEPS : steps;
    for (size_t r = 1;
         s == DM_OK && r < steps && c->simulations < c->o.max_simulations; r++)
        s = step_once(c, p, k, eps, L, g, r, &accepted, &proposed);
    *rate = proposed > 0 ? (double)accepted / (double)proposed : 0.0;
    free(L);
    return s == DM_OK ? rank(c, p) : s;
}

/* ---- when the target is not reached ------------------------------------- */

/* An observation that no particle came within range of, named with how
 * near they came; or, when each was reached by some particle but never all
 * together, the observation that the nearest particle misses most. */
static dm_status unreachable(dm_calib *c, const dm_population *p, double eps)
{
    size_t worst = 0;
    double worst_z = -1.0, closest = NAN;
    for (size_t i = 0; i < c->nobs; i++) {
        double best = INFINITY, at = NAN;
        for (size_t j = 0; j < p->n; j++) {
            double z = dm_calib_distance(&c->obs[i], p->sim[j * c->nobs + i]);
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
    const dm_fit_obs *f = &c->obs[worst];
    if (worst_z > c->o.target)
        return dm_error(c->ctx, DM_ERR_UNREACHABLE,
                        "%s: no draw came within the range of this "
                        "observation (%s %g, %g–%g; the closest draw gave "
                        "%g, %.3g ranges away): the calibration stopped at "
                        "a tolerance of %.3g ranges after %zu simulations",
                        c->record->items[f->index].where, f->q->name, f->value,
                        f->low, f->high, closest, worst_z, eps,
                        c->simulations);
    /* The particles are ranked: the first is the nearest. */
    double miss = -1.0;
    for (size_t i = 0; i < c->nobs; i++) {
        double z = dm_calib_distance(&c->obs[i], p->sim[i]);
        if (z > miss) {
            miss = z;
            worst = i;
        }
    }
    f = &c->obs[worst];
    return dm_error(c->ctx, DM_ERR_UNREACHABLE,
                    "%s: each observation was reached by some draw, never "
                    "all together; the nearest draw misses this one most "
                    "(%s %g, %g–%g; it gave %g, %.3g ranges away): the "
                    "calibration stopped at a tolerance of %.3g ranges "
                    "after %zu simulations",
                    c->record->items[f->index].where, f->q->name, f->value,
                    f->low, f->high, p->sim[worst], miss, eps, c->simulations);
}

/* ---- the generations -----------------------------------------------------
 */

/* The particles kept in a generation: the nearest share 1 − quantile;
 * or, once JUMP of them are within the target, every one within it (the
 * moves then spread the copies over the target's set rather than creep
 * towards it generation by generation). */
static size_t kept(const dm_calib *c, const dm_population *p, double *eps)
{
    size_t N = p->n, within = 0;
    while (within < N && p->rho[within] <= c->o.target)
        within++;
    size_t k = N - (size_t)floor(c->o.quantile * (double)N);
    k = k < 1 ? 1 : k;
    if ((double)within >= JUMP * (double)N || p->rho[k - 1] <= c->o.target) {
        *eps = c->o.target;
        return within;
    }
    *eps = p->rho[k - 1];
    return k;
}

dm_status dm_calib_smc(dm_calib *c, dm_population *p, dm_smc_result *r)
{
    dm_status s = from_prior(c, p);
    double eps = INFINITY, rate = 1.0;
    size_t g = 0;
    while (s == DM_OK && eps > c->o.target) {
        if (++g >= c->o.max_generations ||
            c->simulations >= c->o.max_simulations || rate < MIN_ACCEPTANCE) {
            s = DM_ERR_UNREACHABLE;
            break;
        }
        double next;
        size_t k = kept(c, p, &next);
        if (k < p->n) {
            replenish(c, p, k, g);
            s = move(c, p, k, next, g, &rate);
        }
        if (s == DM_OK)
            eps = next;
        if (c->o.progress != NULL)
            c->o.progress(g, c->o.max_generations, c->o.progress_data);
    }
    if (s == DM_ERR_UNREACHABLE)
        return unreachable(c, p, eps);
    r->generations = g;
    r->epsilon = eps;
    r->acceptance = rate;
    return s;
}
