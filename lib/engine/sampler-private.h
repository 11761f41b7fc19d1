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

typedef struct dm_sampler dm_sampler;

struct dm_sampler {
    /* Fills x (the scenario's nparams values, in its slot order) for run
     * `run`, drawing what it needs from rng (that run's own stream).
     * Called from the worker threads at once: it must only read the
     * sampler. */
    void (*draw)(const dm_sampler *self, size_t run, dm_rng *rng, double *x);
    const dm_scenario *scenario;
    const void *data; /* the sampler's own (a posterior's draws) */
};

/* The sampler of the scenario's own ranges: each parameter from its
 * triangular distribution, in slot order. */
void dm_sampler_prior(dm_sampler *s, const dm_scenario *sc);

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
