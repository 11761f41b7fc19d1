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
    return dm_param_quantile(p, dm_rng_uniform(rng));
}

double dm_param_quantile(const dm_param *p, double u)
{
    if (p->min == p->max)
        return p->mode;
    /* Inverse of the triangular CDF. */
    double span = p->max - p->min;
    double left = (p->mode - p->min) / span;
    double v = u < left ? p->min + sqrt(u * span * (p->mode - p->min))
                        : p->max - sqrt((1.0 - u) * span * (p->max - p->mode));
    return v < p->min ? p->min : v > p->max ? p->max : v;
}

uint64_t dm_stream_key(const char *name)
{
    /* FNV-1a, then one splitmix64 step to spread the bits. */
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    for (const unsigned char *c = (const unsigned char *)name; *c; c++)
        h = (h ^ *c) * UINT64_C(0x100000001B3);
    return splitmix64(&h);
}

double dm_stream_uniform(uint64_t seed, uint64_t run, uint64_t key)
{
    /* The seed hashed, the run mixed in and hashed, the key mixed in and
     * hashed: neighbouring seeds, runs and keys give unrelated values. */
    uint64_t x = seed;
    x = splitmix64(&x) ^ (run * UINT64_C(0xD1B54A32D192ED03));
    x = splitmix64(&x) ^ key;
    return (double)(splitmix64(&x) >> 11) * 0x1.0p-53;
}

void dm_draw_prior(const dm_scenario *sc, uint64_t seed, size_t run, double *x)
{
    for (size_t i = 0; i < sc->nparams; i++) {
        const dm_param *p = sc->params[i];
        x[i] = p->min == p->max
                   ? p->mode
                   : dm_param_quantile(
                         p, dm_stream_uniform(seed, run, sc->param_keys[i]));
    }
}

static void draw_prior(const dm_sampler *self, uint64_t seed, size_t run,
                       double *x)
{
    dm_draw_prior(self->scenario, seed, run, x);
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
