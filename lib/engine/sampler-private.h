/* Private: where a Monte Carlo run's parameters come from. The engine asks
 * a sampler for each run's values; the scenario's ranges (its priors) are
 * one sampler, a posterior fitted to the record is another. Never
 * installed. */
#ifndef DM_SAMPLER_PRIVATE_H
#define DM_SAMPLER_PRIVATE_H

#include <stdint.h>

#include "scenario-private.h"

/* A random stream (xoshiro256**), one per run. */
typedef struct dm_rng {
    uint64_t s[4];
} dm_rng;

/* The stream of run `run` for `seed`: independent of any other run's, so
 * results do not depend on which thread runs which run. */
void dm_rng_init(dm_rng *rng, uint64_t seed, uint64_t run);

/* Uniform in [0, 1), 53 bits. */
double dm_rng_uniform(dm_rng *rng);

/* A draw from the triangular distribution of p; no draw (the mode) when p
 * is fixed or rng is NULL. */
double dm_param_draw(const dm_param *p, dm_rng *rng);

/* The value of p at the uniform u in [0, 1) (the inverse of its CDF); the
 * mode when p is fixed. */
double dm_param_quantile(const dm_param *p, double u);

/* The stream key of a name: a 64-bit hash of its bytes. */
uint64_t dm_stream_key(const char *name);

/* The uniform in [0, 1) of one named quantity (its key) in run `run` for
 * `seed`. A run draws each parameter from its own key, its key path's:
 * two scenarios sharing a figure draw the same uniform for it in the same
 * run whatever else they hold (common random numbers, so that their
 * difference run by run is the difference the scenario makes). */
double dm_stream_uniform(uint64_t seed, uint64_t run, uint64_t key);

typedef struct dm_sampler dm_sampler;

struct dm_sampler {
    /* Fills x (the scenario's nparams values, in its slot order) for run
     * `run` of `seed`, each value from its own stream
     * (dm_stream_uniform()). Called from the worker threads at once: it
     * must only read the sampler. */
    void (*draw)(const dm_sampler *self, uint64_t seed, size_t run, double *x);
    const dm_scenario *scenario;
    const void *data; /* the sampler's own (a posterior's draws) */
};

/* The sampler of the scenario's own ranges: each parameter from its
 * triangular distribution, with the uniform of its key path. */
void dm_sampler_prior(dm_sampler *s, const dm_scenario *sc);

/* Every parameter of the scenario from its range, as the prior sampler. */
void dm_draw_prior(const dm_scenario *sc, uint64_t seed, size_t run,
                   double *x);

/* Every parameter at its mode. */
void dm_scenario_modes(const dm_scenario *sc, double *x);

/* The value of asset parameter `param` of asset i in a run's values. */
static inline double dm_asset_value(const dm_scenario *sc, const double *x,
                                    size_t i, dm_asset_param param)
{
    const dm_asset *a = &sc->assets[i];
    return x[a->slot + a->nsteps + (size_t)param];
}

/* The count of step k of asset i in a run's values. */
static inline double dm_asset_count(const dm_scenario *sc, const double *x,
                                    size_t i, size_t k)
{
    return x[sc->assets[i].slot + k];
}

#endif
