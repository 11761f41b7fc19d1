/* Capacity planning: the smallest addition of an asset, or multiplier of
 * all capacity, that meets a release target by a deadline at a quantile.
 * Every projection of the search uses the same seed (common random
 * numbers), so the answer is exact for those runs. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "posterior-private.h"
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
    o->struct_size = sizeof *o;
    o->target_share = PLAN_DEFAULT_SHARE;
    o->deadline_months = PLAN_DEFAULT_DEADLINE_MONTHS;
    o->quantile = PLAN_DEFAULT_QUANTILE;
    o->max_units = PLAN_DEFAULT_MAX_UNITS;
    o->max_multiplier = PLAN_DEFAULT_MAX_MULTIPLIER;
    o->projection = NULL;
}

void dm_plan_result_init(dm_plan_result *r)
{
    if (r == NULL)
        return;
    memset(r, 0, sizeof *r);
    r->struct_size = sizeof *r;
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
    /* Every milestone of the search is the target share. */
    s = dm_projection_months_quantile(se->ctx, p, DM_NATIONAL, DM_RELEASE_80,
                                      se->o->quantile, months);
    if (s == DM_OK && share != NULL) {
        double initial = 0.0;
        s = dm_projection_area_km2(se->ctx, p, DM_NATIONAL, &initial);
        double rem = dm_projection_remaining_at(
            p, p->nregions, se->o->deadline_months, se->o->quantile);
        if (s == DM_OK)
            *share = initial > 0.0 ? 1.0 - rem / initial : 1.0;
    }
    dm_projection_free(p);
    return s;
}

static int meets(const search *se, double months)
{
    return months <= (double)se->o->deadline_months;
}

/* "YYYY-MM", or "never". */
static const char *when(int month, char *buf, size_t size)
{
    if (month == DM_NEVER) {
        snprintf(buf, size, "never");
        return buf;
    }
    return dm_month_format(month, buf, size);
}

/* The least width step i of the band takes in a run: its range's least,
 * or, when the projections draw it from a posterior, the least of the
 * posterior's draws. */
static double least_width(const search *se, size_t i)
{
    const dm_scenario *sc = se->sc;
    const dm_posterior *post = se->popts.posterior;
    size_t k = post != NULL
                   ? dm_posterior_slot(post, sc, sc->front_line_slot + i)
                   : DM_NO_SLOT;
    if (k == DM_NO_SLOT)
        return sc->front[i].value.min;
    double least = INFINITY;
    for (size_t j = 0; j < post->n; j++) {
        double v = post->values[j * post->nparams + k];
        least = v < least ? v : least;
    }
    return least;
}

/* The narrowest front-line band a run can have by `month`: the least of
 * each step, linear between the steps as the engine's widths are; NAN
 * without a band. */
static double narrowest_band(const search *se, int month)
{
    const dm_scenario *sc = se->sc;
    if (sc->nfront == 0)
        return NAN;
    double least = INFINITY;
    for (size_t i = 0; i < sc->nfront; i++) {
        const dm_step *a = &sc->front[i];
        double wa = least_width(se, i);
        if (a->month <= month || i == 0)
            least = wa < least ? wa : least;
        if (i + 1 < sc->nfront && a->month < month &&
            month < sc->front[i + 1].month) {
            const dm_step *b = &sc->front[i + 1];
            double t = (double)(month - a->month) / (b->month - a->month);
            double w = wa + t * (least_width(se, i + 1) - wa);
            least = w < least ? w : least;
        }
    }
    return least;
}

/* The km² of region i, class h and state st that lie in a zone closed by
 * the deadline: with a front profile and a band, the controlled km² within
 * the narrowest band the scenario allows are the front line's. */
static double closed_km2(const search *se, size_t i, int h, int st,
                         int deadline)
{
    const dm_scenario *sc = se->sc;
    const dm_work_region *wr = &se->work->regions[i];
    double z[DM_ZONE_COUNT];
    for (int k = 0; k < DM_ZONE_COUNT; k++)
        z[k] = wr->km2[dm_cell((dm_hazard)h, (dm_zone)k)][st];
    double band = narrowest_band(se, deadline);
    if (wr->has_front[h][st] && !isnan(band)) {
        double controlled = z[DM_ZONE_ACCESSIBLE] + z[DM_ZONE_FRONT_LINE];
        double f = dm_front_at(wr->front[h][st], band);
        z[DM_ZONE_FRONT_LINE] = f < controlled ? f : controlled;
        z[DM_ZONE_ACCESSIBLE] = controlled - z[DM_ZONE_FRONT_LINE];
    }
    double closed = 0.0;
    for (int k = 0; k < DM_ZONE_COUNT; k++)
        if (sc->open[k] == DM_NEVER || sc->open[k] >= deadline)
            closed += z[k];
    return closed;
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
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                for (int k = 0; k < DM_ZONE_COUNT; k++)
                    total += w->regions[i]
                                 .km2[dm_cell((dm_hazard)h, (dm_zone)k)][st];
                closed += closed_km2(se, i, h, st, deadline);
            }
    char front[16], occupied[16], dl[16];
    when(sc->open[DM_ZONE_FRONT_LINE], front, sizeof front);
    when(sc->open[DM_ZONE_OCCUPIED], occupied, sizeof occupied);
    when(deadline, dl, sizeof dl);
    if (total > 0.0 && 1.0 - closed / total < se->o->target_share) {
        snprintf(r->reason, sizeof r->reason,
                 "%.1f %% of the area (%.0f km²) lies in zones that are not "
                 "open before the deadline %s (occupied territory opens: "
                 "%s; the front line: %s), so at most %.1f %% can be "
                 "released, less than the target %.1f %%",
                 100.0 * closed / total, closed, dl, occupied, front,
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
    const dm_asset *a = &sc->assets[se->eng.extra_asset];
    snprintf(r->reason, sizeof r->reason,
             "even unlimited %s capacity (the stage of '%s') releases only "
             "%.1f %% by the deadline %s at the quantile %.2f (target "
             "%.1f %%): the other stages limit it",
             dm_stage_row(dm_kind(a->kind)->stage)->label, a->name,
             100.0 * share, dl, se->o->quantile, 100.0 * se->o->target_share);
}

static dm_status check_plan_options(dm_context *ctx, const dm_plan_options *o)
{
    if (!(o->target_share > 0.0 && o->target_share <= 1.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: target share %g is not in (0, 1]",
                        o->target_share);
    if (!(o->quantile >= 0.0 && o->quantile <= 1.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: quantile %g is not in [0, 1]",
                        o->quantile);
    if (o->deadline_months < 1 || o->deadline_months > DM_MAX_HORIZON)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: deadline %zu months is not "
                        "between 1 and %d",
                        o->deadline_months, DM_MAX_HORIZON);
    if (!(o->max_units >= 1.0 && o->max_units < 1e15) ||
        !(o->max_multiplier > 0.0 && o->max_multiplier < 1e9))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: bound max_units %g or "
                        "max_multiplier %g out of range",
                        o->max_units, o->max_multiplier);
    return DM_OK;
}

/* Unlimited capacity of the asset's stage (every stage for the
 * multiplier): if that misses, nothing will. *feasible is 0 then, with the
 * result filled. */
static dm_status try_unlimited(search *se, dm_plan_result *r, int *feasible)
{
    search un = *se;
    for (int st = 0; st < DM_STAGE_COUNT; st++)
        if (se->multiplier_mode ||
            (size_t)st ==
                dm_kind(se->sc->assets[se->eng.extra_asset].kind)->stage)
            un.eng.unlimited[st] = 1;
    double months = 0.0, share = 0.0;
    dm_status s =
        evaluate(&un, se->multiplier_mode ? STEPS_PER_MULTIPLIER : 0.0,
                 &months, &share);
    se->projections = un.projections;
    *feasible = s == DM_OK && meets(se, months);
    if (s == DM_OK && !*feasible) {
        r->months = months;
        r->share_by_deadline = share;
        r->projections = se->projections;
        explain(se, share, r);
    }
    return s;
}

/* The bracket [lo, hi] of n around the answer: hi meets, lo (-1: nothing
 * below 0) does not; with their months. hi < 0: nothing up to max_n
 * meets. */
typedef struct bracket {
    double lo, hi, m_lo, m_hi;
} bracket;

static dm_status find_bracket(search *se, double n0, double max_n, bracket *b)
{
    double months = 0.0;
    b->lo = b->hi = -1.0;
    b->m_lo = b->m_hi = NAN;
    dm_status s = evaluate(se, n0, &months, NULL);
    if (s != DM_OK)
        return s;
    if (meets(se, months)) {
        b->hi = n0;
        b->m_hi = months;
        if (n0 <= 0.0)
            return DM_OK;
        /* Fewer may do: search [0, n0]. */
        if ((s = evaluate(se, 0.0, &months, NULL)) != DM_OK)
            return s;
        if (meets(se, months)) {
            b->hi = 0.0;
            b->m_hi = months;
        } else {
            b->lo = 0.0;
            b->m_lo = months;
        }
        return DM_OK;
    }
    b->lo = n0;
    b->m_lo = months;
    /* Double the step until the target is met or the bound is reached. */
    for (double step = n0 > 0.0 ? n0 : 1.0;; step *= 2.0) {
        double next = b->lo + step > max_n ? max_n : b->lo + step;
        if (next <= b->lo)
            return DM_OK;
        if ((s = evaluate(se, next, &months, NULL)) != DM_OK)
            return s;
        if (meets(se, months)) {
            b->hi = next;
            b->m_hi = months;
            return DM_OK;
        }
        b->lo = next;
        b->m_lo = months;
    }
}

/* Bisects the bracket down to neighbours: hi meets, hi - 1 does not. */
static dm_status bisect(search *se, bracket *b)
{
    while (b->hi - b->lo > 1.0) {
        double mid = floor((b->lo + b->hi) / 2.0), months = 0.0;
        dm_status s = evaluate(se, mid, &months, NULL);
        if (s != DM_OK)
            return s;
        if (meets(se, months)) {
            b->hi = mid;
            b->m_hi = months;
        } else {
            b->lo = mid;
            b->m_lo = months;
        }
    }
    return DM_OK;
}

/* The integer search on n: extra units, or steps of the multiplier. */
static dm_status search_n(search *se, dm_plan_result *r)
{
    double max_n = se->multiplier_mode
                       ? floor(se->o->max_multiplier * STEPS_PER_MULTIPLIER)
                       : floor(se->o->max_units);
    double n0 = se->multiplier_mode ? STEPS_PER_MULTIPLIER : 0.0;
    if (n0 > max_n)
        n0 = max_n;
    bracket b;
    double months = 0.0, share = 0.0;
    dm_status s = find_bracket(se, n0, max_n, &b);
    if (s == DM_OK && b.hi < 0.0) {
        s = evaluate(se, max_n, &months, &share);
        if (s != DM_OK)
            return s;
        r->feasible = 0;
        r->months = months;
        r->share_by_deadline = share;
        snprintf(r->reason, sizeof r->reason,
                 "no %s up to the bound (%g) meets the deadline: with it, "
                 "%.1f %% is released by then at the quantile %.2f",
                 se->multiplier_mode ? "multiplier" : "number of units",
                 se->multiplier_mode ? max_n / STEPS_PER_MULTIPLIER : max_n,
                 100.0 * share, se->o->quantile);
        return DM_OK;
    }
    if (s == DM_OK)
        s = bisect(se, &b);
    if (s == DM_OK)
        s = evaluate(se, b.hi, &months, &share);
    if (s != DM_OK)
        return s;
    r->feasible = 1;
    r->months = b.m_hi;
    r->share_by_deadline = share;
    r->months_one_step_less = b.lo >= 0.0 ? b.m_lo : NAN;
    r->multiplier = se->multiplier_mode ? b.hi / STEPS_PER_MULTIPLIER : 1.0;
    r->extra_units = se->multiplier_mode ? 0.0 : b.hi;
    return DM_OK;
}

dm_status dm_plan_capacity(dm_context *ctx, const dm_work *work,
                           const dm_scenario *scenario,
                           const dm_plan_options *opts, dm_plan_result *result)
{
    DM_CHECK(ctx, work, scenario, result);
    dm_status s = dm_result_check(ctx, __func__, "dm_plan_result_init", result,
                                  sizeof(dm_plan_result));
    dm_plan_options o;
    if (s != DM_OK)
        return s;
    DM_TAKE_OPTIONS(ctx, o, opts, dm_plan_options_init);
    search se = {.ctx = ctx, .work = work, .sc = scenario, .o = &o};
    DM_TAKE_OPTIONS(ctx, se.popts, o.projection, dm_projection_options_init);
    if ((s = check_plan_options(ctx, &o)) != DM_OK)
        return s;
    se.popts.keep_series = 0;
    se.popts.progress = NULL;
    dm_engine_options_init(&se.eng);
    se.eng.horizon = o.deadline_months > scenario->horizon ? o.deadline_months
                                                           : scenario->horizon;
    for (int k = 0; k < DM_MILESTONE_COUNT; k++)
        se.eng.shares[k] = o.target_share;
    se.multiplier_mode = o.asset == NULL;
    if (o.asset != NULL) {
        s = dm_scenario_asset_index(ctx, scenario, o.asset,
                                    &se.eng.extra_asset);
        if (s != DM_OK)
            return s;
        se.eng.extra_from = o.from_month != 0 ? o.from_month : scenario->start;
    }
    dm_plan_result r;
    dm_plan_result_init(&r);
    r.multiplier = 1.0;
    r.months_one_step_less = NAN;
    int feasible = 0;
    s = try_unlimited(&se, &r, &feasible);
    if (s == DM_OK && feasible)
        s = search_n(&se, &r);
    if (s != DM_OK)
        return s;
    r.projections = se.projections;
    dm_result_give(result, &r);
    return DM_OK;
}
