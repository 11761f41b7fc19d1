/* Capacity planning: the smallest addition of an asset, or multiplier of
 * all capacity, that meets a release target by a deadline at a quantile.
 * Every projection of the search uses the same seed (common random
 * numbers), so the answer is exact for those runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "posterior-private.h"
#include "projection-private.h"

/* Defaults: the national strategy's goal, 80 % by 2033 (National Mine
 * Action Strategy to 2033, approved 2024): DM_STRATEGY_RELEASED_SHARE by
 * DM_STRATEGY_DEADLINE. */
#define PLAN_DEFAULT_SHARE DM_STRATEGY_RELEASED_SHARE
#define PLAN_DEFAULT_QUANTILE 0.5
/* Search bounds: beyond them the question has no practical answer. */
#define PLAN_DEFAULT_MAX_UNITS 1e7
#define PLAN_DEFAULT_MAX_MULTIPLIER 1000.0
/* Steps of the multiplier in one unit of it. */
#define STEPS_PER_MULTIPLIER 100.0
/* m² in a km², US$ in a million. */
#define M2_PER_KM2_PLAN 1.0e6
#define USD_PER_MILLION 1.0e6

static void dm_plan_options_init_full(dm_plan_options *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->target_share = PLAN_DEFAULT_SHARE;
    o->deadline_months = 0;
    o->quantile = PLAN_DEFAULT_QUANTILE;
    o->max_units = PLAN_DEFAULT_MAX_UNITS;
    o->max_multiplier = PLAN_DEFAULT_MAX_MULTIPLIER;
    o->projection = NULL;
}

void dm_plan_options_init_size(dm_plan_options *o, size_t size)
{
    dm_plan_options full;
    dm_plan_options_init_full(&full);
    dm_init_copy(o, &full, sizeof full, size);
}

static void dm_plan_result_init_full(dm_plan_result *r)
{
    if (r == NULL)
        return;
    memset(r, 0, sizeof *r);
    r->struct_size = sizeof *r;
}

void dm_plan_result_init_size(dm_plan_result *r, size_t size)
{
    dm_plan_result full;
    dm_plan_result_init_full(&full);
    dm_init_copy(r, &full, sizeof full, size);
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
    unsigned zones;    /* the target land's */
    size_t deadline;   /* months from the start */
    double target_km2; /* the target land's, of the last evaluation */
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
    s = dm_projection_months_quantile(se->ctx, p, DM_ZONES(se->zones),
                                      DM_RELEASE_80, se->o->quantile, months);
    if (s == DM_OK && share != NULL) {
        double initial = 0.0;
        size_t row = dm_zones_row(p->nregions, se->zones);
        s = dm_projection_area_km2(se->ctx, p, DM_ZONES(se->zones), &initial);
        double rem =
            dm_projection_remaining_at(p, row, se->deadline, se->o->quantile);
        if (s == DM_OK)
            *share = initial > 0.0 ? 1.0 - rem / initial : 1.0;
        se->target_km2 = initial;
    }
    dm_projection_free(p);
    return s;
}

static int meets(const search *se, double months)
{
    return months <= (double)se->deadline;
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

/* The km² of region i, class h and state st in the target's zones
 * (*target) and of them in a zone closed by the deadline (returned): with
 * a front profile and a band, the controlled km² within the narrowest band
 * the scenario allows are the front line's. */
static double closed_km2(const search *se, size_t i, int h, int st,
                         int deadline, double *target)
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
    *target = 0.0;
    for (int k = 0; k < DM_ZONE_COUNT; k++) {
        if (!(se->zones & DM_ZONE_BIT(k)))
            continue;
        *target += z[k];
        if (sc->open[k] == DM_NEVER || sc->open[k] >= deadline)
            closed += z[k];
    }
    return closed;
}

/* Why even unlimited capacity misses: land of the target that does not
 * open in time, or the stages that stay limited. */
static void explain(search *se, double share, dm_plan_result *r)
{
    const dm_scenario *sc = se->sc;
    const dm_work *w = se->work;
    double total = 0.0, closed = 0.0;
    int deadline = sc->start + (int)se->deadline;
    for (size_t i = 0; i < w->count; i++)
        for (int h = 0; h < DM_HAZARD_COUNT; h++)
            for (int st = 0; st < DM_AREA_STATE_COUNT; st++) {
                double target = 0.0;
                closed += closed_km2(se, i, h, st, deadline, &target);
                total += target;
            }
    char front[16], occupied[16], dl[16];
    when(sc->open[DM_ZONE_FRONT_LINE], front, sizeof front);
    when(sc->open[DM_ZONE_OCCUPIED], occupied, sizeof occupied);
    when(deadline, dl, sizeof dl);
    if (total > 0.0 && 1.0 - closed / total < se->o->target_share) {
        snprintf(r->reason, sizeof r->reason,
                 "%.1f %% of the target land (%.*f km²) lies in zones that "
                 "are not open before the deadline %s (occupied territory "
                 "opens: %s; the front line: %s), so at most %.1f %% can be "
                 "released, less than the target %.1f %%",
                 100.0 * closed / total, closed >= 10.0 ? 0 : 1, closed, dl,
                 occupied, front, 100.0 * (1.0 - closed / total),
                 100.0 * se->o->target_share);
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
    if (o->deadline_months > DM_MAX_HORIZON)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: deadline %zu months is not "
                        "between 1 and %d",
                        o->deadline_months, DM_MAX_HORIZON);
    if (o->zones > DM_ALL_ZONES)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: zones %#x is not a set of "
                        "DM_ZONE_BIT()s",
                        o->zones);
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
    se->target_km2 = un.target_km2;
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

/* The search's setup from the caller's options (taken into *o): the
 * deadline, the target land, the engine's knobs. */
static dm_status plan_setup(dm_context *ctx, const dm_work *work,
                            const dm_scenario *sc, const dm_plan_options *opts,
                            dm_plan_options *o, search *se)
{
    DM_TAKE_OPTIONS(ctx, *o, opts, dm_plan_options_init);
    *se = (search){.ctx = ctx, .work = work, .sc = sc, .o = o};
    DM_TAKE_OPTIONS(ctx, se->popts, o->projection, dm_projection_options_init);
    dm_status s = check_plan_options(ctx, o);
    if (s != DM_OK)
        return s;
    se->deadline = o->deadline_months;
    if (se->deadline == 0) {
        if (DM_STRATEGY_DEADLINE <= sc->start)
            return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                            "dm_plan_capacity: scenario '%s' starts after "
                            "the strategy's deadline 2033-12 (give "
                            "deadline_months)",
                            sc->name);
        se->deadline = (size_t)(DM_STRATEGY_DEADLINE - sc->start);
    }
    se->zones = o->zones;
    for (int z = 0; o->zones == 0 && z < DM_ZONE_COUNT; z++)
        if (sc->open[z] != DM_NEVER &&
            sc->open[z] <= sc->start + (int)se->deadline)
            se->zones |= DM_ZONE_BIT(z);
    se->popts.keep_series = 0;
    se->popts.progress = NULL;
    dm_engine_options_init(&se->eng);
    se->eng.horizon = se->deadline > sc->horizon ? se->deadline : sc->horizon;
    for (int k = 0; k < DM_MILESTONE_COUNT; k++)
        se->eng.shares[k] = o->target_share;
    return DM_OK;
}

/* The extra cost a year of the answer n against none (n0): the paired
 * P50 of the cumulative cost difference at the end of the deadline's
 * year, over the years from the extra's start. */
static dm_status extra_cost(search *se, double n, double n0, double *usd)
{
    dm_projection *p[2] = {NULL, NULL};
    dm_status s = DM_OK;
    for (int k = 0; k < 2 && s == DM_OK; k++) {
        dm_engine_options eng = se->eng;
        double v = k == 0 ? n0 : n;
        if (se->multiplier_mode)
            eng.multiplier = v / STEPS_PER_MULTIPLIER;
        else
            eng.extra_units = v;
        eng.summaries_only = 1;
        s = dm_project_engine(se->ctx, se->work, se->sc, &se->popts, &eng,
                              &p[k]);
        se->projections += s == DM_OK;
    }
    double *d = s == DM_OK ? malloc((p[0]->runs + 1) * sizeof *d) : NULL;
    if (s == DM_OK && d == NULL)
        s = dm_no_memory(se->ctx);
    if (s == DM_OK) {
        const dm_scenario *sc = se->sc;
        int end = sc->start + (int)se->deadline;
        size_t y = (size_t)(end / DM_MONTHS_PER_YEAR - p[0]->first_year);
        if (y >= p[0]->nyears)
            y = p[0]->nyears - 1;
        size_t row = p[0]->nregions;
        for (size_t run = 0; run < p[0]->runs; run++)
            d[run] = p[1]->year_cost[dm_year_at(p[1], run, row, y)] -
                     p[0]->year_cost[dm_year_at(p[0], run, row, y)];
        dm_sort_doubles(d, p[0]->runs);
        int from =
            se->multiplier_mode ? se->eng.multiplier_from : se->eng.extra_from;
        double years =
            (double)((p[0]->first_year + (int)y + 1) * DM_MONTHS_PER_YEAR -
                     from) /
            DM_MONTHS_PER_YEAR;
        *usd =
            years > 0.0 ? dm_quantile_sorted(d, p[0]->runs, 0.5) / years : NAN;
    }
    free(d);
    dm_projection_free(p[0]);
    dm_projection_free(p[1]);
    return s;
}

dm_status dm_plan_capacity(dm_context *ctx, const dm_work *work,
                           const dm_scenario *scenario,
                           const dm_plan_options *opts, dm_plan_result *result)
{
    DM_CHECK(ctx, work, scenario, result);
    dm_status s = dm_result_check(ctx, __func__, "dm_plan_result_init", result,
                                  sizeof(dm_plan_result));
    dm_plan_options o;
    search se;
    if (s == DM_OK)
        s = plan_setup(ctx, work, scenario, opts, &o, &se);
    if (s != DM_OK)
        return s;
    if (se.zones == 0)
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "dm_plan_capacity: no zone of scenario '%s' is open "
                        "by the deadline",
                        scenario->name);
    se.multiplier_mode = o.asset == NULL;
    if (o.asset != NULL) {
        s = dm_scenario_asset_index(ctx, scenario, o.asset,
                                    &se.eng.extra_asset);
        if (s != DM_OK)
            return s;
    }
    /* The extra, units or multiplier, from --from; by default from the
     * first month projected (after the posterior's record: the record's
     * months are what happened), else the start. */
    const dm_posterior *post = se.popts.posterior;
    int from = o.from_month != 0 ? o.from_month
               : post != NULL    ? post->last_month + 1
                                 : scenario->start;
    se.eng.extra_from = se.eng.multiplier_from =
        from < scenario->start ? scenario->start : from;
    dm_plan_result r;
    dm_plan_result_init(&r);
    r.multiplier = 1.0;
    r.months_one_step_less = NAN;
    r.extra_usd_per_year = NAN;
    int feasible = 0;
    s = try_unlimited(&se, &r, &feasible);
    if (s == DM_OK && feasible)
        s = search_n(&se, &r);
    if (s == DM_OK && r.feasible)
        s = se.multiplier_mode
                ? extra_cost(&se, r.multiplier * STEPS_PER_MULTIPLIER,
                             STEPS_PER_MULTIPLIER, &r.extra_usd_per_year)
                : extra_cost(&se, r.extra_units, 0.0, &r.extra_usd_per_year);
    if (s != DM_OK)
        return s;
    r.projections = se.projections;
    r.zones = se.zones;
    r.target_km2 = se.target_km2;
    r.deadline = scenario->start + (int)se.deadline;
    r.from_month = se.eng.extra_from;
    dm_result_give(result, &r);
    return DM_OK;
}

/* ---- what each asset buys ----------------------------------------------- */

static void dm_asset_rank_init_full(dm_asset_rank *v)
{
    if (v == NULL)
        return;
    memset(v, 0, sizeof *v);
    v->struct_size = sizeof *v;
}

void dm_asset_rank_init_size(dm_asset_rank *v, size_t size)
{
    dm_asset_rank full;
    dm_asset_rank_init_full(&full);
    dm_init_copy(v, &full, sizeof full, size);
}

/* US$ a unit of asset i costs a year at full use, with a run's values. */
static double unit_year_cost(const dm_scenario *sc, const double *x, size_t i)
{
    const dm_asset *a = &sc->assets[i];
    const double *v = x + a->slot + a->nsteps;
    double seasons = 0.0;
    for (int c = 0; c < DM_MONTHS_PER_YEAR; c++)
        seasons += v[DM_AP_SEASONAL + c];
    return v[DM_AP_COST] * v[DM_AP_DAYS] * v[DM_AP_AVAILABILITY] * seasons;
}

/* US$ per km² asset i works, with a run's values. */
static double unit_usd_per_km2(const dm_scenario *sc, const double *x,
                               size_t i)
{
    const dm_asset *a = &sc->assets[i];
    const double *v = x + a->slot + a->nsteps;
    double rate = dm_asset_rate(a->has_detector, v);
    return rate > 0.0 ? v[DM_AP_COST] * M2_PER_KM2_PLAN / rate : INFINITY;
}

/* The P50 over a projection's runs of f for asset i. */
static double median_over_runs(const dm_projection *p, const dm_scenario *sc,
                               size_t i, double *buf,
                               double (*f)(const dm_scenario *, const double *,
                                           size_t))
{
    for (size_t run = 0; run < p->runs; run++)
        buf[run] = f(sc, p->params + run * p->nparams, i);
    dm_sort_doubles(buf, p->runs);
    return dm_quantile_sorted(buf, p->runs, 0.5);
}

/* Asset i's value against the projection p0 of the scenario as it is. */
static dm_status value_asset(search *se, const dm_projection *p0, size_t i,
                             double *buf, dm_asset_rank *v)
{
    const dm_scenario *sc = se->sc;
    v->asset = i;
    v->name = sc->assets[i].name;
    v->usd_per_unit_year = median_over_runs(p0, sc, i, buf, unit_year_cost);
    v->usd_per_km2 = median_over_runs(p0, sc, i, buf, unit_usd_per_km2);
    v->units_per_musd = v->usd_per_unit_year > 0.0
                            ? USD_PER_MILLION / v->usd_per_unit_year
                            : INFINITY;
    v->km2_by_deadline = v->months_saved_80 = v->months_saved_100 = NAN;
    if (!isfinite(v->units_per_musd))
        return DM_OK;
    dm_engine_options eng = se->eng;
    eng.extra_asset = i;
    eng.extra_units = v->units_per_musd;
    dm_projection *p1 = NULL;
    dm_status s =
        dm_project_engine(se->ctx, se->work, sc, &se->popts, &eng, &p1);
    if (s != DM_OK)
        return s;
    se->projections++;
    int year = (sc->start + (int)se->deadline) / DM_MONTHS_PER_YEAR;
    size_t land = DM_ZONES(se->zones);
    double m80 = NAN, m100 = NAN;
    s = dm_projection_change_quantile(se->ctx, p0, p1, land,
                                      DM_MEASURE_RELEASED_BY, year, 0.5,
                                      &v->km2_by_deadline, NULL);
    if (s == DM_OK)
        s = dm_projection_change_quantile(se->ctx, p0, p1, land,
                                          DM_MEASURE_MONTHS_TO_80, 0, 0.5,
                                          &m80, NULL);
    if (s == DM_OK)
        s = dm_projection_change_quantile(se->ctx, p0, p1, land,
                                          DM_MEASURE_MONTHS_TO_100, 0, 0.5,
                                          &m100, NULL);
    v->months_saved_80 = -m80;
    v->months_saved_100 = -m100;
    dm_projection_free(p1);
    return s;
}

static int by_km2(const void *a, const void *b)
{
    const dm_asset_rank *x = a, *y = b;
    double kx = isnan(x->km2_by_deadline) ? -INFINITY : x->km2_by_deadline;
    double ky = isnan(y->km2_by_deadline) ? -INFINITY : y->km2_by_deadline;
    if (kx != ky)
        return kx < ky ? 1 : -1;
    return (x->asset > y->asset) - (x->asset < y->asset);
}

dm_status dm_plan_rank(dm_context *ctx, const dm_work *work,
                       const dm_scenario *scenario,
                       const dm_plan_options *opts, dm_asset_rank *values,
                       size_t count, size_t *n)
{
    DM_CHECK(ctx, work, scenario, n);
    *n = 0;
    dm_status s = DM_OK;
    if (count > 0 && values == NULL)
        return dm_error(ctx, DM_ERR_NULL_ARGUMENT,
                        "dm_plan_rank: values is NULL for %zu values", count);
    /* The caller's values are as large as its dm_asset_rank: its
     * struct_size is the array's stride. */
    size_t stride = count > 0 ? values[0].struct_size : 0;
    if (count > 0)
        s = dm_result_check(ctx, __func__, "dm_asset_rank_init", values,
                            sizeof(dm_asset_rank));
    dm_plan_options o;
    search se;
    if (s == DM_OK)
        s = plan_setup(ctx, work, scenario, opts, &o, &se);
    if (s != DM_OK)
        return s;
    dm_engine_options_init(&se.eng);
    se.eng.horizon =
        se.deadline > scenario->horizon ? se.deadline : scenario->horizon;
    se.eng.summaries_only = 1;
    const dm_posterior *post = se.popts.posterior;
    se.eng.extra_from = o.from_month != 0 ? o.from_month
                        : post != NULL    ? post->last_month + 1
                                          : scenario->start;
    size_t all = scenario->nassets;
    dm_asset_rank *v = calloc(all + 1, sizeof *v);
    dm_projection *p0 = NULL;
    if (v == NULL)
        return dm_no_memory(ctx);
    s = dm_project_engine(ctx, work, scenario, &se.popts, &se.eng, &p0);
    double *buf = s == DM_OK ? malloc((p0->runs + 1) * sizeof *buf) : NULL;
    if (s == DM_OK && buf == NULL)
        s = dm_no_memory(ctx);
    for (size_t i = 0; s == DM_OK && i < all; i++) {
        dm_asset_rank_init(&v[i]);
        s = value_asset(&se, p0, i, buf, &v[i]);
    }
    if (s == DM_OK) {
        qsort(v, all, sizeof *v, by_km2);
        for (size_t i = 0; i < all && i < count; i++)
            dm_result_give((char *)values + i * stride, &v[i]);
        *n = all;
    }
    free(buf);
    free(v);
    dm_projection_free(p0);
    return s;
}
