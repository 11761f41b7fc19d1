/* Private: what the calibration's two halves share. calibrate.c turns the
 * record into observations the engine simulates and the result into a
 * posterior; abc-smc.c is the sequential Monte Carlo ABC between them.
 * Never installed. */
#ifndef DM_CALIBRATE_PRIVATE_H
#define DM_CALIBRATE_PRIVATE_H

#include <stdint.h>

#include "posterior-private.h"
#include "projection-private.h"

/* Proposals simulated together in one call of the engine. */
#define DM_CALIB_BATCH 512

/* An observation as the simulation reads it. */
typedef struct dm_fit_obs {
    size_t index; /* in the record */
    const dm_quantity_info *q;
    size_t row;            /* the region's row, or the nation's */
    size_t m_end, m_begin; /* series indices; m_begin for flows */
    double value, low, high;
} dm_fit_obs;

/* Particles: parameter values, their distances and simulated values. */
typedef struct dm_population {
    size_t n;
    double *theta; /* [n][nfit] */
    double *rho;   /* [n] */
    double *sim;   /* [n][nobs] */
} dm_population;

typedef struct dm_calib {
    dm_context *ctx;
    const dm_work *work;
    const dm_scenario *sc;
    const dm_record *record;
    dm_calibrate_options o;
    size_t R, H;
    dm_fit_obs *obs;
    size_t nobs;
    size_t *slot; /* scenario slots fitted */
    size_t nfit;
    /* The batch being simulated. */
    double *theta; /* [DM_CALIB_BATCH][nfit] */
    double *kept;  /* [DM_CALIB_BATCH][nobs][4], the observer's */
    double *sim;   /* [DM_CALIB_BATCH][nobs] */
    double *rho;   /* [DM_CALIB_BATCH] */
    size_t simulations;
    uint64_t batch_seed;
} dm_calib;

/* What the SMC did, for the posterior. */
typedef struct dm_smc_result {
    size_t generations;
    double epsilon;    /* the tolerance reached */
    double acceptance; /* of the last generation's moves */
} dm_smc_result;

/* Simulates the first n (<= DM_CALIB_BATCH) parameter vectors of the
 * batch (c->theta) with the runs' seed c->batch_seed: c->sim, c->rho. */
dm_status dm_calib_simulate(dm_calib *c, size_t n);

/* How far a simulated value is from observation f, in units of its range
 * on that side. */
double dm_calib_distance(const dm_fit_obs *f, double sim);

/* A seed for the streams of (a, b), unrelated to another pair's. */
uint64_t dm_calib_mix(uint64_t seed, uint64_t a, uint64_t b);

dm_status dm_population_alloc(dm_calib *c, dm_population *p, size_t n);
void dm_population_free(dm_population *p);

/* The SMC from the prior down to the target tolerance: the particles in
 * *pop (allocated by the caller for c->o.particles), what it did in *r.
 * DM_ERR_UNREACHABLE naming the observation when it cannot. */
dm_status dm_calib_smc(dm_calib *c, dm_population *pop, dm_smc_result *r);

#endif
