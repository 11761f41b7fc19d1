/* Samplers: each Monte Carlo run's parameters. The scenario's own ranges
 * (triangular distributions) are the sampler here; a posterior fitted to
 * the record implements the same interface. */
#include <math.h>

#include "sampler-private.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

void dm_rng_init(dm_rng *rng, uint64_t seed, uint64_t run)
{
    /* Hash the seed, mix in the run and hash again, so that neighbouring
     * seeds and runs give unrelated streams; then fill the state with
     * splitmix64 as xoshiro's authors advise. */
    uint64_t x = seed;
    uint64_t h = splitmix64(&x);
    x = h ^ (run * UINT64_C(0xD1B54A32D192ED03));
    (void)splitmix64(&x);
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

double dm_rng_uniform(dm_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return (double)(result >> 11) * 0x1.0p-53;
}

double dm_param_draw(const dm_param *p, dm_rng *rng)
{
    if (rng == NULL || p->min == p->max)
        return p->mode;
    /* Inverse of the triangular CDF. */
    double u = dm_rng_uniform(rng);
    double span = p->max - p->min;
    double left = (p->mode - p->min) / span;
    double v = u < left ? p->min + sqrt(u * span * (p->mode - p->min))
                        : p->max - sqrt((1.0 - u) * span * (p->max - p->mode));
    return v < p->min ? p->min : v > p->max ? p->max : v;
}

static void draw_prior(const dm_sampler *self, size_t run, dm_rng *rng,
                       double *x)
{
    (void)run;
    const dm_scenario *sc = self->scenario;
    for (size_t i = 0; i < sc->nparams; i++)
        x[i] = dm_param_draw(sc->params[i], rng);
}

void dm_sampler_prior(dm_sampler *s, const dm_scenario *sc)
{
    s->draw = draw_prior;
    s->scenario = sc;
    s->data = NULL;
}

void dm_scenario_modes(const dm_scenario *sc, double *x)
{
    for (size_t i = 0; i < sc->nparams; i++)
        x[i] = sc->params[i]->mode;
}
