/* Capacity planning: the smallest addition of an asset, or multiplier of
 * all capacity, that meets a release target by a deadline at a quantile.
 * Every projection of the search uses the same seed (common random
 * numbers), so the answer is exact for those runs. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "projection-private.h"

/* Defaults: the national strategy's goal, 80 % in ten years (National
 * Mine Action Strategy to 2033, approved 2024). */
#define PLAN_DEFAULT_SHARE 0.80
#define PLAN_DEFAULT_DEADLINE_MONTHS 120
#define PLAN_DEFAULT_QUANTILE 0.5
/* Search bounds: beyond them the question has no practical answer. */
#define PLAN_DEFAULT_MAX_UNITS 1e7
#define PLAN_DEFAULT_MAX_MULTIPLIER 1000.0
/* Steps of the multiplier in one unit of it. */
#define STEPS_PER_MULTIPLIER 100.0

void dm_plan_options_init(dm_plan_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->target_share = PLAN_DEFAULT_SHARE;
    o->deadline_months = PLAN_DEFAULT_DEADLINE_MONTHS;
    o->quantile = PLAN_DEFAULT_QUANTILE;
    o->max_units = PLAN_DEFAULT_MAX_UNITS;
    o->max_multiplier = PLAN_DEFAULT_MAX_MULTIPLIER;
    dm_projection_options_init(&o->projection);
}

typedef struct search {
    dm_context *ctx;
    const dm_work *work;
    const dm_scenario *sc;
    const dm_plan_options *o;
    dm_projection_options popts;
    dm_engine_options eng;
    int multiplier_mode;
    size_t projections;
} search;

/* Months to the target (at the quantile) with n extra units or n steps of
 * the multiplier; and, when share is not NULL, the share released by the
 * deadline at the quantile. */
static dm_status evaluate(search *se, double n, double *months, double *share)
{
    dm_engine_options eng = se->eng;
    if (se->multiplier_mode)
        eng.multiplier = n / STEPS_PER_MULTIPLIER;
    else
        eng.extra_units = n;
    eng.summaries_only = share == NULL;
    dm_projection *p = NULL;
    dm_status s =
        dm_project_engine(se->ctx, se->work, se->sc, &se->popts, &eng, &p);
    if (s != DM_OK)
        return s;
    se->projections++;
    size_t R = p->nregions;
    *months = dm_quantile_sorted(p->months_sorted +
                                     (R * DM_MILESTONE_COUNT) * p->runs,
                                 p->runs, se->o->quantile);
    if (share != NULL) {
        size_t H1 = p->horizon + 1, m = se->o->deadline_months;
        double rem = dm_quantile_sorted(p->remaining + m * p->runs, p->runs,
                                        se->o->quantile);
        *share = p->area[R] > 0.0 ? 1.0 - rem / p->area[R] : 1.0;
        (void)H1;
    }
    dm_projection_free(p);
    return DM_OK;
}

static int meets(const search *se, double months)
{
    return months <= (double)se->o->deadline_months;
}

/* Why even unlimited capacity misses: land that does not open in time, or
 * the stages that stay limited. */
static void explain(search *se, double share, dm_plan_result *r)
{
    const dm_scenario *sc = se->sc;
    const dm_work *w = se->work;
    double total = 0.0, closed = 0.0;
    int deadline = sc->start + (int)se->o->deadline_months;
    for (size_t i = 0; i < w->count; i++)
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int z = 0; z < DM_ZONE_COUNT; z++)
                for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                    double a = w->regions[i].km2[h][z][st];
                    total += a;
                    if (sc->open[z] == DM_NEVER || sc->open[z] >= deadline)
                        closed += a;
                }
    char when[16];
    dm_month_format(sc->open[DM_ZONE_OCCUPIED], when, sizeof when);
    char dl[16];
    dm_month_format(deadline, dl, sizeof dl);
    if (total > 0.0 && 1.0 - closed / total < se->o->target_share) {
        snprintf(r->reason, sizeof r->reason,
                 "%.1f %% of the area (%.0f km²) lies in zones that are not "
                 "open before the deadline %s (occupied territory opens: "
                 "%s), so at most %.1f %% can be released, less than the "
                 "target %.1f %%",
                 100.0 * closed / total, closed, dl, when,
                 100.0 * (1.0 - closed / total), 100.0 * se->o->target_share);
        return;
    }
    if (se->multiplier_mode) {
        snprintf(r->reason, sizeof r->reason,
                 "even unlimited capacity of every asset releases only "
                 "%.1f %% by the deadline %s at the quantile %.2f "
                 "(target %.1f %%)",
                 100.0 * share, dl, se->o->quantile,
                 100.0 * se->o->target_share);
        return;
    }
    const dm_asset *a =
        &sc->assets[se->o->asset != NULL ? se->eng.extra_asset : 0];
    static const char *const stage_names[DM_STAGE_COUNT] = {
        "non-technical survey", "technical survey", "clearance"};
    snprintf(r->reason, sizeof r->reason,
             "even unlimited %s capacity (the stage of '%s') releases only "
             "%.1f %% by the deadline %s at the quantile %.2f (target "
             "%.1f %%): the other stages limit it",
             stage_names[dm_asset_stage(a->kind)], a->name, 100.0 * share, dl,
             se->o->quantile, 100.0 * se->o->target_share);
}

dm_status dm_plan_capacity(dm_context *ctx, const dm_work *work,
                           const dm_scenario *sc, const dm_plan_options *opts,
                           dm_plan_result *result)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (work == NULL || sc == NULL || result == NULL)
        return dm_null_argument(ctx, "dm_plan_capacity",
                                work == NULL ? "work"
                                : sc == NULL ? "scenario"
                                             : "result");
    dm_plan_options o;
    if (opts != NULL)
        o = *opts;
    else
        dm_plan_options_init(&o);
    if (!(o.target_share > 0.0 && o.target_share <= 1.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: target share %g is not in (0, 1]",
                        o.target_share);
    if (!(o.quantile >= 0.0 && o.quantile <= 1.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: quantile %g is not in [0, 1]",
                        o.quantile);
    if (o.deadline_months < 1 || o.deadline_months > DM_MAX_HORIZON)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: deadline %zu months is not "
                        "between 1 and %d",
                        o.deadline_months, DM_MAX_HORIZON);
    if (!(o.max_units >= 1.0 && o.max_units < 1e15) ||
        !(o.max_multiplier > 0.0 && o.max_multiplier < 1e9))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: bound max_units %g or "
                        "max_multiplier %g out of range",
                        o.max_units, o.max_multiplier);

    search se = {.ctx = ctx, .work = work, .sc = sc, .o = &o};
    se.popts = o.projection;
    se.popts.keep_series = 0;
    se.popts.progress = NULL;
    dm_engine_options_init(&se.eng);
    se.eng.horizon =
        o.deadline_months > sc->horizon ? o.deadline_months : sc->horizon;
    for (int k = 0; k < DM_MILESTONE_COUNT; k++)
        se.eng.shares[k] = o.target_share;
    se.multiplier_mode = o.asset == NULL;
    if (o.asset != NULL) {
        dm_status s =
            dm_scenario_find_asset(ctx, sc, o.asset, &se.eng.extra_asset);
        if (s != DM_OK)
            return s;
        se.eng.extra_from = o.from_month != 0 ? o.from_month : sc->start;
    }

    memset(result, 0, sizeof *result);
    result->multiplier = 1.0;
    result->months_one_step_less = NAN;

    /* Unlimited capacity of the asset's stage (every stage for the
     * multiplier) first: if that misses, nothing will. */
    {
        search un = se;
        for (int st = 0; st < DM_STAGE_COUNT; st++)
            if (se.multiplier_mode ||
                st == dm_asset_stage(sc->assets[se.eng.extra_asset].kind))
                un.eng.unlimited[st] = 1;
        double months = 0.0, share = 0.0;
        dm_status s =
            evaluate(&un, se.multiplier_mode ? STEPS_PER_MULTIPLIER : 0.0,
                     &months, &share);
        se.projections = un.projections;
        if (s != DM_OK)
            return s;
        if (!meets(&se, months)) {
            result->feasible = 0;
            result->months = months;
            result->share_by_deadline = share;
            result->projections = se.projections;
            explain(&se, share, result);
            return DM_OK;
        }
    }

    /* Integer search on n: extra units, or steps of the multiplier. */
    double max_n = se.multiplier_mode
                       ? floor(o.max_multiplier * STEPS_PER_MULTIPLIER)
                       : floor(o.max_units);
    double n0 = se.multiplier_mode ? STEPS_PER_MULTIPLIER : 0.0;
    if (n0 > max_n)
        n0 = max_n;
    double lo = -1.0, hi = -1.0, m_lo = NAN, m_hi = NAN, months = 0.0;
    dm_status s = evaluate(&se, n0, &months, NULL);
    if (s != DM_OK)
        return s;
    if (meets(&se, months)) {
        hi = n0;
        m_hi = months;
        lo = -1.0; /* below 0 nothing is tried */
        if (n0 > 0.0) {
            /* Fewer may do: search [0, n0]. */
            double months0 = 0.0;
            if ((s = evaluate(&se, 0.0, &months0, NULL)) != DM_OK)
                return s;
            if (meets(&se, months0)) {
                hi = 0.0;
                m_hi = months0;
            } else {
                lo = 0.0;
                m_lo = months0;
            }
        }
    } else {
        lo = n0;
        m_lo = months;
        double step = n0 > 0.0 ? n0 : 1.0;
        for (;;) {
            double next = lo + step;
            if (next > max_n)
                next = max_n;
            if (next <= lo)
                break;
            if ((s = evaluate(&se, next, &months, NULL)) != DM_OK)
                return s;
            if (meets(&se, months)) {
                hi = next;
                m_hi = months;
                break;
            }
            lo = next;
            m_lo = months;
            step *= 2.0;
        }
        if (hi < 0.0) {
            double share = 0.0;
            if ((s = evaluate(&se, max_n, &months, &share)) != DM_OK)
                return s;
            result->feasible = 0;
            result->months = months;
            result->share_by_deadline = share;
            result->projections = se.projections;
            snprintf(result->reason, sizeof result->reason,
                     "no %s up to the bound (%g) meets the deadline: with "
                     "it, %.1f %% is released by then at the quantile %.2f",
                     se.multiplier_mode ? "multiplier" : "number of units",
                     se.multiplier_mode ? max_n / STEPS_PER_MULTIPLIER : max_n,
                     100.0 * share, o.quantile);
            return DM_OK;
        }
    }
    while (hi - lo > 1.0) {
        double mid = floor((lo + hi) / 2.0);
        if ((s = evaluate(&se, mid, &months, NULL)) != DM_OK)
            return s;
        if (meets(&se, months)) {
            hi = mid;
            m_hi = months;
        } else {
            lo = mid;
            m_lo = months;
        }
    }
    double share = 0.0;
    if ((s = evaluate(&se, hi, &months, &share)) != DM_OK)
        return s;
    result->feasible = 1;
    result->months = m_hi;
    result->share_by_deadline = share;
    result->months_one_step_less = lo >= 0.0 ? m_lo : NAN;
    if (se.multiplier_mode) {
        result->multiplier = hi / STEPS_PER_MULTIPLIER;
        result->extra_units = 0.0;
    } else {
        result->extra_units = hi;
    }
    result->projections = se.projections;
    return DM_OK;
}
