/* demine-plan: how much more capacity releases a share of the area by a
 * deadline: the fewest extra units of one asset, or the smallest
 * multiplier of all capacity, at a quantile of the Monte Carlo runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"
#include "demine.h"

#define TOOL "demine-plan"
/* Each step of the search is a Monte Carlo projection: fewer runs than
 * demine-project keeps it quick. */
#define DEFAULT_RUNS 200
#define DEFAULT_SCENARIO "baseline.json"
#define MONTHS_PER_YEAR 12
#define USD_PER_MILLION 1e6

static void months_text(double months, char *buf, size_t size)
{
    if (isinf(months))
        snprintf(buf, size, "never within the horizon");
    else if (isnan(months))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.2f months", months);
}

static void print_json(const dm_cli *cli, const char *scenario, int deadline,
                       int fitted, const dm_plan_result *r)
{
    json_object *o = json_object_new_object();
    char dl[DM_MONTH_TEXT_SIZE], from[DM_MONTH_TEXT_SIZE];
    dm_month_format(deadline, dl, sizeof dl);
    json_object_object_add(o, "scenario", json_object_new_string(scenario));
    json_object_object_add(
        o, "asset",
        cli->asset != NULL ? json_object_new_string(cli->asset) : NULL);
    if (cli->asset != NULL && cli->from_month != 0) {
        dm_month_format(cli->from_month, from, sizeof from);
        json_object_object_add(o, "from", json_object_new_string(from));
    }
    json_object_object_add(o, "release_share",
                           dm_cli_json_double(cli->release_share));
    json_object_object_add(o, "deadline", json_object_new_string(dl));
    json_object_object_add(o, "quantile", dm_cli_json_double(cli->quantile));
    json_object_object_add(o, "runs",
                           json_object_new_int64((int64_t)cli->runs));
    json_object_object_add(o, "seed",
                           json_object_new_uint64((uint64_t)cli->seed));
    json_object_object_add(o, "feasible",
                           json_object_new_boolean(r->feasible));
    if (r->feasible) {
        json_object_object_add(
            o, cli->asset != NULL ? "extra_units" : "multiplier",
            dm_cli_json_double(cli->asset != NULL ? r->extra_units
                                                  : r->multiplier));
        json_object_object_add(o, "months", dm_cli_json_double(r->months));
        json_object_object_add(o, "months_one_step_less",
                               dm_cli_json_double(r->months_one_step_less));
    } else {
        json_object_object_add(o, "reason", json_object_new_string(r->reason));
    }
    json_object_object_add(o, "share_by_deadline",
                           dm_cli_json_double(r->share_by_deadline));
    static const char *const zones[DM_ZONE_COUNT] = {"accessible",
                                                     "front_line", "occupied"};
    json_object *target = json_object_new_array();
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        if (r->zones & DM_ZONE_BIT(z))
            json_object_array_add(target, json_object_new_string(zones[z]));
    json_object_object_add(o, "target_zones", target);
    json_object_object_add(o, "target_km2", dm_cli_json_double(r->target_km2));
    json_object_object_add(o, "extra_usd_per_year",
                           dm_cli_json_double(r->extra_usd_per_year));
    json_object_object_add(o, "projections",
                           json_object_new_int64((int64_t)r->projections));
    json_object_object_add(o, "fitted_figures",
                           json_object_new_boolean(fitted));
    puts(json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

/* "the land open by the deadline (accessible, occupied)" for a zones
 * mask. */
static void land_text(unsigned zones, int given, char *buf, size_t size)
{
    static const char *const names[DM_ZONE_COUNT] = {"accessible",
                                                     "front line", "occupied"};
    size_t n = (size_t)snprintf(buf, size, "%s",
                                given ? "the land of the zones ("
                                      : "the land of the zones open by the "
                                        "deadline (");
    const char *sep = "";
    for (int z = 0; z < DM_ZONE_COUNT && n < size; z++)
        if (zones & DM_ZONE_BIT(z)) {
            n += (size_t)snprintf(buf + n, size - n, "%s%s", sep, names[z]);
            sep = ", ";
        }
    if (n < size)
        snprintf(buf + n, size - n, ")");
}

/* The multiplier in units of each asset and money a year. */
static void print_multiplier(dm_context *ctx, const dm_scenario *sc, int month,
                             const dm_plan_result *r)
{
    char when[DM_MONTH_TEXT_SIZE];
    dm_month_format(month, when, sizeof when);
    printf("that is:  ");
    size_t n = dm_scenario_asset_count(ctx, sc);
    for (size_t i = 0; i < n; i++) {
        double units = 0;
        (void)dm_scenario_asset_units(ctx, sc, i, month, &units);
        printf("%s%+.0f %s", i > 0 ? ", " : "", units * (r->multiplier - 1.0),
               dm_scenario_asset_name(ctx, sc, i));
    }
    printf(" (on the counts of %s),\n          US$ %+.0f m a year "
           "against the scenario as it is, to the end of the deadline's "
           "year (P50)\n",
           when, round(r->extra_usd_per_year / USD_PER_MILLION) + 0.0);
}

static void print_table(const dm_cli *cli, dm_context *ctx,
                        const dm_scenario *sc, int fitted,
                        const dm_plan_result *r)
{
    int start = 0;
    (void)dm_scenario_start(ctx, sc, &start);
    char dl[DM_MONTH_TEXT_SIZE], from[DM_MONTH_TEXT_SIZE], m1[40], m2[40];
    char land[160];
    dm_month_format(r->deadline, dl, sizeof dl);
    dm_month_format(r->from_month, from, sizeof from);
    land_text(r->zones, cli->zones != 0, land, sizeof land);
    printf("scenario %s: release %.0f %% of %s,\n%.0f km², by %s (%d "
           "months) at P%.0f of %zu runs\n",
           dm_scenario_name(ctx, sc), 100.0 * cli->release_share, land,
           r->target_km2, dl, r->deadline - start, 100.0 * cli->quantile,
           cli->runs);
    if (!r->feasible) {
        printf("impossible: %s\n", r->reason);
        return;
    }
    months_text(r->months, m1, sizeof m1);
    months_text(r->months_one_step_less, m2, sizeof m2);
    if (cli->asset != NULL) {
        size_t i = 0;
        double units = 0;
        (void)dm_scenario_find_asset(ctx, sc, cli->asset, &i);
        (void)dm_scenario_asset_units(ctx, sc, i, r->from_month, &units);
        printf("answer:   %.0f more units of '%s' from %s (it has %.0f "
               "then, the mode of its count),\n          US$ %+.0f m a year "
               "against the scenario as it is, to the end of the deadline's "
               "year (P50)\n",
               r->extra_units, cli->asset, from, units,
               round(r->extra_usd_per_year / USD_PER_MILLION) + 0.0);
        printf("with it:  %.0f %% released in %s\n",
               100.0 * cli->release_share, m1);
        printf("one less: %s\n", m2);
    } else if (r->multiplier < DM_PLAN_MULTIPLIER_STEP / 2.0) {
        /* Met before the extra would start: by the record's months. */
        printf("answer:   nothing more: %.0f %% is released in %s, before %s "
               "(the first month\n          projected)\n",
               100.0 * cli->release_share, m1, from);
    } else {
        printf("answer:   %.2f × the capacity of every asset\n",
               r->multiplier);
        print_multiplier(ctx, sc, r->from_month, r);
        printf("with it:  %.0f %% released in %s\n",
               100.0 * cli->release_share, m1);
        printf("%.2f ×:   %s\n", r->multiplier - DM_PLAN_MULTIPLIER_STEP, m2);
    }
    printf("(%zu Monte Carlo projections with seed %llu; %s)\n",
           r->projections, cli->seed,
           fitted ? "the figures fitted to the record"
                  : "the scenario's ranges");
}

/* "+1.2" months as years, "n/a" (neither reaches it), "+inf". */
static void saved_text(double months, char *buf, size_t size)
{
    if (isnan(months))
        snprintf(buf, size, "n/a");
    else if (isinf(months))
        snprintf(buf, size, months > 0 ? "+inf" : "-inf");
    else /* rounded first: a saving too small to show reads +0.00 */
        snprintf(buf, size, "%+.2f",
                 round(months / MONTHS_PER_YEAR * 100.0) / 100.0 + 0.0);
}

static void print_rank(const dm_cli *cli, dm_context *ctx,
                       const dm_scenario *sc, int months, int fitted,
                       unsigned zones, const dm_asset_rank *v, size_t n)
{
    int start = 0;
    (void)dm_scenario_start(ctx, sc, &start);
    char dl[16];
    /* The km² are those released by the end of the deadline's year. */
    snprintf(dl, sizeof dl, "end %d", (start + months) / 12);
    char land[160];
    land_text(zones, cli->zones != 0, land, sizeof land);
    printf("scenario %s: what US$1 m a year more of each asset buys\non %s,\n"
           "paired runs (P50 of %zu; %s)\n",
           dm_scenario_name(ctx, sc), land, cli->runs,
           fitted ? "the figures fitted to the record"
                  : "the scenario's ranges");
    printf("%-22s %10s %12s %13s %16s %12s %12s\n", "asset", "units",
           "US$/unit/yr", "US$/km²", "km² more by", "years saved",
           "years saved");
    printf("%-22s %10s %12s %13s %16s %12s %12s\n", "", "per US$1m", "", "",
           dl, "to 80 %", "to 100 %");
    for (size_t i = 0; i < n; i++) {
        char s80[16], s100[16];
        saved_text(v[i].months_saved_80, s80, sizeof s80);
        saved_text(v[i].months_saved_100, s100, sizeof s100);
        printf("%-22s %10.1f %12.0f %13.0f %16.1f %12s %12s\n", v[i].name,
               v[i].units_per_musd, v[i].usd_per_unit_year, v[i].usd_per_km2,
               v[i].km2_by_deadline, s80, s100);
    }
}

static void print_rank_json(const dm_cli *cli, dm_context *ctx,
                            const dm_scenario *sc, int months,
                            const dm_asset_rank *v, size_t n)
{
    int start = 0;
    (void)dm_scenario_start(ctx, sc, &start);
    char dl[DM_MONTH_TEXT_SIZE];
    json_object *o = json_object_new_object();
    json_object_object_add(o, "scenario",
                           json_object_new_string(dm_scenario_name(ctx, sc)));
    json_object_object_add(o, "deadline",
                           json_object_new_string(dm_month_format(
                               start + months, dl, sizeof dl)));
    json_object_object_add(o, "runs",
                           json_object_new_int64((int64_t)cli->runs));
    json_object *all = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_new_object();
        json_object_object_add(a, "asset", json_object_new_string(v[i].name));
        json_object_object_add(a, "units_per_usd_million",
                               dm_cli_json_double(v[i].units_per_musd));
        json_object_object_add(a, "usd_per_unit_year",
                               dm_cli_json_double(v[i].usd_per_unit_year));
        json_object_object_add(a, "usd_per_km2",
                               dm_cli_json_double(v[i].usd_per_km2));
        json_object_object_add(a, "km2_more_by_deadline",
                               dm_cli_json_double(v[i].km2_by_deadline));
        json_object_object_add(a, "months_saved_80",
                               dm_cli_json_double(v[i].months_saved_80));
        json_object_object_add(a, "months_saved_100",
                               dm_cli_json_double(v[i].months_saved_100));
        json_object_array_add(all, a);
    }
    json_object_object_add(o, "ranking", all);
    puts(json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

/* The posterior the runs draw from: --posterior, or the embedded one
 * when it fits the scenario; NULL: the scenario's ranges. */
static int load_posterior(const dm_cli *cli, dm_context *ctx,
                          const dm_scenario *sc, dm_posterior **post)
{
    int given = 0;
    int rc = dm_cli_load_posterior(cli, ctx, post, &given);
    size_t n = 0;
    if (rc != DM_EXIT_OK || *post == NULL)
        return rc;
    dm_status s = dm_posterior_applies(ctx, *post, sc, &n);
    if (s != DM_OK)
        return dm_cli_fail(cli, ctx, s);
    if (n == 0 && given) {
        fprintf(stderr,
                TOOL ": scenario '%s' keeps none of the figures fitted in "
                     "'%s' (give --posterior none to run it from its "
                     "ranges)\n",
                dm_scenario_name(ctx, sc), cli->posterior);
        return DM_EXIT_FAILED;
    }
    if (n == 0) {
        dm_posterior_free(*post);
        *post = NULL;
    }
    return DM_EXIT_OK;
}

/* The planner's options from the flags, `months` from the start to the
 * deadline; po: its projections'. */
static void plan_options(const dm_cli *cli, const dm_posterior *post,
                         int months, dm_plan_options *o,
                         dm_projection_options *po)
{
    dm_plan_options_init(o);
    dm_projection_options_init(po);
    po->runs = cli->runs;
    po->seed = cli->seed;
    po->threads = cli->threads;
    po->posterior = post;
    o->projection = po;
    o->asset = cli->asset;
    o->from_month = cli->from_month;
    o->target_share = cli->release_share;
    o->deadline_months = (size_t)months;
    o->quantile = cli->quantile;
    o->zones = cli->zones;
}

/* The search of dm_plan_capacity() with the flags' options, `months` from
 * the start to the deadline. */
static int plan(const dm_cli *cli, dm_context *ctx, const dm_work *work,
                const dm_scenario *sc, const dm_posterior *post, int months,
                dm_plan_result *r)
{
    dm_plan_options o;
    dm_projection_options po;
    plan_options(cli, post, months, &o, &po);
    dm_status s = dm_plan_capacity(ctx, work, sc, &o, r);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(cli, ctx, s);
}

/* The plan and its answer on stdout. */
static int plan_and_print(const dm_cli *cli, dm_context *ctx,
                          const dm_work *work, const dm_scenario *sc,
                          const dm_posterior *post, const char *file,
                          int months)
{
    dm_plan_result r;
    dm_plan_result_init(&r);
    int rc = plan(cli, ctx, work, sc, post, months, &r);
    if (rc != DM_EXIT_OK)
        return rc;
    if (cli->format == DM_FORMAT_JSON)
        print_json(cli, file, r.deadline, post != NULL, &r);
    else
        print_table(cli, ctx, sc, post != NULL, &r);
    if (!r.feasible) {
        fprintf(stderr, TOOL ": impossible: %s\n", r.reason);
        return DM_EXIT_FAILED;
    }
    return DM_EXIT_OK;
}

/* The target land's zones: --zones, or those open by the deadline. */
static unsigned target_zones(const dm_cli *cli, dm_context *ctx,
                             const dm_scenario *sc, int months)
{
    int start = 0;
    unsigned mask = cli->zones;
    (void)dm_scenario_start(ctx, sc, &start);
    if (mask == 0)
        (void)dm_scenario_open_zones(ctx, sc, start + months, &mask);
    return mask;
}

/* --rank: what US$1 m a year on each asset buys, best first. */
static int rank(const dm_cli *cli, dm_context *ctx, const dm_work *work,
                const dm_scenario *sc, const dm_posterior *post, int months)
{
    dm_plan_options o;
    dm_projection_options po;
    plan_options(cli, post, months, &o, &po);
    size_t count = dm_scenario_asset_count(ctx, sc), n = 0;
    dm_asset_rank *v = calloc(count + 1, sizeof *v);
    if (v == NULL) {
        fprintf(stderr, TOOL ": out of memory\n");
        return DM_EXIT_FAILED;
    }
    for (size_t i = 0; i < count; i++)
        dm_asset_rank_init(&v[i]);
    dm_status s = dm_plan_rank(ctx, work, sc, &o, v, count, &n);
    if (s == DM_OK && cli->format == DM_FORMAT_JSON)
        print_rank_json(cli, ctx, sc, months, v, n);
    else if (s == DM_OK)
        print_rank(cli, ctx, sc, months, post != NULL,
                   target_zones(cli, ctx, sc, months), v, n);
    free(v);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(cli, ctx, s);
}

int main(int argc, char **argv)
{
    dm_cli cli;
    int rc = dm_cli_parse(&cli, argc, argv,
                          DM_CLI_BOUNDARIES | DM_CLI_CONTAMINATION |
                              DM_CLI_PROJECTION | DM_CLI_PLAN | DM_CLI_FORMAT |
                              DM_CLI_POSTERIOR | DM_CLI_RANK,
                          TOOL,
                          "How much more capacity releases a share of the "
                          "land open by a deadline:\nthe fewest extra units "
                          "of one asset (--asset), or the smallest multiplier"
                          "\nof all capacity, at a quantile of the Monte "
                          "Carlo runs; or (--rank) what\nUS$1 m a year on "
                          "each asset buys. Default: 80 % by 2033-12 at P50, "
                          "the\nnational strategy's goal, on the baseline "
                          "scenario. Exits 1 when no\ncapacity can (the "
                          "reason is printed).",
                          NULL);
    if (rc >= 0)
        return rc;
    if (cli.nscenarios > 1)
        return dm_cli_usage(&cli, "one --scenario at a time");
    if (cli.format == DM_FORMAT_CSV)
        return dm_cli_usage(&cli, "--format: table or json");
    if (cli.runs == 0)
        cli.runs = DEFAULT_RUNS;
    char default_scenario[4096];
    snprintf(default_scenario, sizeof default_scenario, "%s/scenarios/%s",
             dm_data_dir(), DEFAULT_SCENARIO);
    const char *file = cli.nscenarios ? cli.scenarios[0] : default_scenario;

    dm_context *ctx = dm_context_new();
    if (ctx == NULL) {
        fprintf(stderr, TOOL ": cannot create a context\n");
        return DM_EXIT_FAILED;
    }
    dm_work *work = NULL;
    dm_scenario *sc = NULL;
    dm_posterior *post = NULL;
    rc = dm_cli_load_work(&cli, ctx, &work, NULL, NULL);
    dm_status s = DM_OK;
    if (rc == DM_EXIT_OK && (s = dm_scenario_load(ctx, file, &sc)) != DM_OK)
        rc = dm_cli_fail(&cli, ctx, s);
    if (rc == DM_EXIT_OK)
        rc = load_posterior(&cli, ctx, sc, &post);
    int start = 0;
    if (rc == DM_EXIT_OK)
        (void)dm_scenario_start(ctx, sc, &start);
    int deadline =
        cli.deadline_month != 0 ? cli.deadline_month : DM_STRATEGY_DEADLINE;
    if (rc == DM_EXIT_OK && deadline <= start)
        rc = dm_cli_usage(&cli, "--deadline must come after the scenario's "
                                "start");
    if (rc == DM_EXIT_OK && cli.rank && cli.asset != NULL)
        rc = dm_cli_usage(&cli, "--rank ranks every asset: no --asset");
    if (rc == DM_EXIT_OK && cli.rank)
        rc = rank(&cli, ctx, work, sc, post, deadline - start);
    else if (rc == DM_EXIT_OK)
        rc = plan_and_print(&cli, ctx, work, sc, post, file, deadline - start);
    dm_posterior_free(post);
    dm_scenario_free(sc);
    dm_work_free(work);
    dm_context_free(ctx);
    return rc;
}
