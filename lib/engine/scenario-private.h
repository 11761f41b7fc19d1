/* Private: a scenario's validated contents, read by the sampler, the
 * projection engine and the capacity planner. Never installed. */
#ifndef DM_SCENARIO_PRIVATE_H
#define DM_SCENARIO_PRIVATE_H

#include <limits.h>
#include <stdint.h>

#include "asset-private.h"
#include "names-private.h"
#include "work-private.h"

/* An access date that never comes. */
#define DM_NEVER INT_MAX

/* Longest horizon accepted: a century of months keeps series small. */
#define DM_MAX_HORIZON 1200

/* A numeric parameter: fixed when min == mode == max, else triangular. */
typedef struct dm_param {
    double min, mode, max;
} dm_param;

/* One dated step of a schedule (month as DM_MONTH()): an asset's count
 * from that month, or the front line's width at that month. */
typedef struct dm_step {
    int month;
    dm_param value;
} dm_step;

typedef struct dm_asset {
    char *name;
    int kind; /* a row of the kind table (dm_kind()) */
    size_t nsteps;
    dm_step *steps;          /* months strictly increasing */
    dm_param p[DM_AP_COUNT]; /* by dm_asset_param */
    int has_detector;
    /* "like": the index of the earlier asset whose figures this one shares
     * where it gives none of its own (tied[k]: figure k is that asset's,
     * the same value in every run), or -1. */
    int like;
    unsigned char tied[DM_AP_COUNT];
    /* Where its values start in a run's parameters (dm_scenario.params):
     * the nsteps counts, then the DM_AP_COUNT parameters. */
    size_t slot;
} dm_asset;

typedef enum dm_policy {
    DM_POLICY_PROPORTIONAL = 0,
    DM_POLICY_ORDER = 1,
    DM_POLICY_WEIGHTS = 2,
    /* The classes in their order nationally: a stage takes each class in
     * every region before the next class (the class order's, high,
     * medium, low where the stage has none), regions sharing a class in
     * proportion to their land of it. */
    DM_POLICY_PRIORITY = 3
} dm_policy;

/* No slot: a value that is not drawn (clearance releases all it takes). */
#define DM_NO_SLOT ((size_t)-1)

struct dm_scenario {
    char *name;
    char *description; /* "description", or NULL */
    int start;         /* DM_MONTH() */
    size_t horizon;    /* months */
    size_t nassets;
    dm_asset *assets;
    /* Share of what a survey stage takes that it releases, per class:
     * cancelled by NTS, reduced by TS. */
    dm_param release[DM_STAGE_COUNT][DM_HAZARD_COUNT];
    int unconstrained[DM_STAGE_COUNT];           /* no capacity limit */
    dm_param unconstrained_cost[DM_STAGE_COUNT]; /* US$ per ha */
    int open[DM_ZONE_COUNT]; /* first month (DM_MONTH()) open, or DM_NEVER */
    dm_policy policy;
    size_t npolicy;      /* regions named by the policy */
    char **policy_codes; /* order, or the regions given a weight */
    dm_param *policy_weights;
    dm_param default_weight;
    /* The order a stage takes the classes of a region in (policy
     * "class_order"; nationally under the priority policy):
     * class_order[stage][i] the i-th class, the next one only when it is
     * done; has_class_order 0: all together, in proportion to their area
     * (high, medium, low under the priority policy). */
    int class_order[DM_STAGE_COUNT][DM_HAZARD_COUNT];
    int has_class_order[DM_STAGE_COUNT];
    /* Under the priority policy, the stages that take the classes in
     * order nationally ("stages"; default every stage); the others share
     * in proportion, as the proportional policy. */
    int priority_stage[DM_STAGE_COUNT];
    /* The width of the front-line zone in km, for work tables with a front
     * profile: its widths at dated steps (months increasing), linear in
     * between, the first before and the last after; nfront 0: not given
     * (the work table's zones as they are). Drawn per run. */
    size_t nfront;
    dm_step *front;
    /* A yearly budget ceiling (US$ a calendar year) from budget_from: each
     * month of a year then has the share of every asset's capacity that
     * the ceiling pays for (all of it when the year's full capacity costs
     * no more). has_budget 0: none. */
    int has_budget;
    dm_param budget;
    int budget_from; /* DM_MONTH(); INT_MIN: from the start */

    /* Every numeric parameter, in the order a run draws them (the order is
     * part of the results' reproducibility: change it only with a note in
     * the changelog), with its key path for reports. */
    size_t nparams;
    const dm_param **params;
    char **param_names;
    uint64_t *param_keys;          /* dm_stream_key() of each name */
    unsigned char *param_is_count; /* 1: a count of an asset's schedule */
    size_t nranged;                /* parameters with min < max */
    /* Slots of the values that are not an asset's. */
    size_t release_slot[DM_STAGE_COUNT][DM_HAZARD_COUNT];
    size_t unconstrained_slot[DM_STAGE_COUNT];
    size_t weight_slot; /* npolicy weights from here (weights policy) */
    size_t default_weight_slot; /* DM_NO_SLOT unless the weights policy */
    size_t front_line_slot;     /* the nfront widths from here; DM_NO_SLOT
                                   unless front_line_km */
    size_t budget_slot;         /* DM_NO_SLOT without a budget */
    /* Slots whose value in a run is another slot's: [i][0] takes [i][1]'s
     * (the figures an asset shares with the one it is "like"), in the
     * order of the assets, so that a chain resolves. */
    size_t nties;
    size_t (*ties)[2];
};

/* Whether slot i takes another slot's value (an asset's tied figure). */
int dm_scenario_param_tied(const dm_scenario *sc, size_t i);

/* Index of the asset named `name`, or DM_ERR_NOT_FOUND naming the assets
 * there are. */
dm_status dm_scenario_asset_index(dm_context *ctx, const dm_scenario *sc,
                                  const char *name, size_t *index);

#endif
