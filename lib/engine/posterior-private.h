/* Private: a posterior's layout, made by the calibration and read by the
 * posterior sampler of projections. Never installed. */
#ifndef DM_POSTERIOR_PRIVATE_H
#define DM_POSTERIOR_PRIVATE_H

#include "record-private.h"
#include "sampler-private.h"

struct dm_posterior {
    char *scenario;          /* the scenario fitted */
    int first_month;         /* its start */
    int last_month;          /* the record's last month */
    size_t nparams;          /* fitted parameters */
    char **names;            /* their key paths */
    dm_param *prior;         /* their priors */
    size_t n;                /* particles */
    double *values;          /* [n][nparams] */
    double *weights;         /* [n], summing to 1 */
    double *distance;        /* [n]: ρ of each */
    size_t nobs;             /* observations fitted */
    dm_record *observations; /* them, in the order of sim */
    double *sim;             /* [n][nobs]: simulated values */
    size_t generations, simulations;
    double epsilon, acceptance, ess;
    unsigned long long seed;
};

/* An empty posterior with room for n particles of nparams parameters and
 * nobs observations; NULL when out of memory. */
dm_posterior *dm_posterior_new(size_t nparams, size_t n, size_t nobs);

/* The posterior's index of scenario slot i: the fitted figure of the same
 * key path whose prior is the slot's range; DM_NO_SLOT for a count, a
 * figure not fitted, or one the scenario changed. */
size_t dm_posterior_slot(const dm_posterior *p, const dm_scenario *sc,
                         size_t i);

/* The effective sample size of n weights: (Σw)² / Σw². */
double dm_effective_size(const double *w, size_t n);

/* The sampler of a projection from a posterior: each run takes the
 * scenario's ranges for every parameter, then the values of one particle
 * drawn by weight for the parameters the posterior fitted (by key path);
 * `map` (the scenario's nparams entries: the posterior's index or
 * DM_NO_SLOT) and `cumulative` (the particles' cumulative weights) are
 * the caller's, kept alive while the sampler is used. */
typedef struct dm_posterior_sampler {
    dm_sampler base;
    const dm_posterior *posterior;
    const size_t *map;
    const double *cumulative;
} dm_posterior_sampler;

/* Fills the map and the cumulative weights (the caller's arrays of the
 * scenario's nparams and the posterior's n) and the sampler. */
void dm_sampler_posterior(dm_posterior_sampler *s, const dm_scenario *sc,
                          const dm_posterior *posterior, size_t *map,
                          double *cumulative);

#endif
