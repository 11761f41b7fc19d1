/* Private: a scenario's validated contents, read directly by the
 * projection engine and the capacity planner. Never installed. */
#ifndef DM_SCENARIO_PRIVATE_H
#define DM_SCENARIO_PRIVATE_H

#include <limits.h>
#include <stdint.h>

#include "context-private.h"

/* Months in a year, for the seasonal factors. */
#define DM_MONTHS_PER_YEAR 12

/* An access date that never comes. */
#define DM_NEVER INT_MAX

/* Longest horizon accepted: a century of months keeps series small. */
#define DM_MAX_HORIZON 1200

/* A numeric parameter: fixed when min == mode == max, else triangular. */
typedef struct dm_param {
    double min, mode, max;
} dm_param;

/* One dated step of a count schedule (month as DM_MONTH()). */
typedef struct dm_step {
    int month;
    dm_param count;
} dm_step;

typedef struct dm_asset {
    char *name;
    dm_asset_kind kind;
    size_t nsteps;
    dm_step *steps;                        /* months strictly increasing */
    dm_param productivity;                 /* m² per unit and working day */
    dm_param days;                         /* working days per month */
    dm_param seasonal[DM_MONTHS_PER_YEAR]; /* January … December */
    dm_param availability;                 /* 0–1 */
    dm_param training;     /* months before a new unit is productive */
    dm_param cost;         /* US$ per unit-day */
    int has_detector;      /* manual assets only */
    dm_param search;       /* minutes of search per m² */
    dm_param false_alarms; /* false alarms per m² */
    dm_param fa_minutes;   /* minutes to investigate one false alarm */
    dm_param rejection;    /* share of false alarms the detector rejects */
} dm_asset;

typedef enum dm_policy {
    DM_POLICY_PROPORTIONAL = 0,
    DM_POLICY_ORDER = 1,
    DM_POLICY_WEIGHTS = 2
} dm_policy;

/* Survey stages, the first two kinds of asset. */
#define DM_SURVEY_COUNT 2

struct dm_scenario {
    char *name;
    int start;      /* DM_MONTH() */
    size_t horizon; /* months */
    size_t nassets;
    dm_asset *assets;
    dm_param cancel[DM_HAZARD_COUNT]; /* share of suspected cancelled by NTS */
    dm_param reduce[DM_HAZARD_COUNT]; /* share of confirmed reduced by TS */
    int unconstrained[DM_SURVEY_COUNT]; /* NTS, TS without a capacity */
    dm_param unconstrained_cost[DM_SURVEY_COUNT]; /* US$ per ha */
    int open[DM_ZONE_COUNT]; /* first month (DM_MONTH()) open, or DM_NEVER */
    dm_policy policy;
    size_t npolicy;      /* regions named by the policy */
    char **policy_codes; /* order, or the regions given a weight */
    dm_param *policy_weights;
    dm_param default_weight;
    size_t nranged; /* parameters with min < max */
};

/* A scenario's parameters drawn for one run, in plain doubles. */
typedef struct dm_drawn_asset {
    double productivity, days, seasonal[DM_MONTHS_PER_YEAR], availability,
        training, cost;
    double search, false_alarms, fa_minutes, rejection;
    double *counts; /* nsteps */
} dm_drawn_asset;

typedef struct dm_drawn {
    dm_drawn_asset *assets; /* nassets */
    double cancel[DM_HAZARD_COUNT], reduce[DM_HAZARD_COUNT];
    double unconstrained_cost[DM_SURVEY_COUNT];
    double *policy_weights; /* npolicy */
    double default_weight;
} dm_drawn;

/* A random stream (xoshiro256**), one per run. */
typedef struct dm_rng {
    uint64_t s[4];
} dm_rng;

/* The stream of run `run` for `seed`: independent of any other run's, so
 * results do not depend on which thread runs which run. */
void dm_rng_init(dm_rng *rng, uint64_t seed, uint64_t run);

/* Uniform in [0, 1), 53 bits. */
double dm_rng_uniform(dm_rng *rng);

/* A draw from the triangular distribution of p (no draw when fixed). */
double dm_param_draw(const dm_param *p, dm_rng *rng);

/* Storage for one run's draws; free with dm_drawn_free(). */
dm_status dm_drawn_alloc(dm_context *ctx, const dm_scenario *s, dm_drawn *d);
void dm_drawn_free(const dm_scenario *s, dm_drawn *d);

/* Draws every parameter of s in a fixed order. With rng NULL, each takes
 * its mode. */
void dm_scenario_draw(const dm_scenario *s, dm_rng *rng, dm_drawn *d);

/* The productivity in m² per unit-day of a drawn asset: for a manual asset
 * with a detector, scaled by the time per m² a detector that rejects
 * nothing needs over the time this detector needs (docs/scenario-format.md).
 */
double dm_asset_productivity(const dm_asset *a, const dm_drawn_asset *d);

/* "YYYY-MM" of a DM_MONTH() value into buf (at least 8 bytes). */
void dm_month_format(int month, char *buf, size_t size);

#endif
