/* demine-plan: how much more capacity releases a share of the area by a
 * deadline: the fewest extra units of one asset, or the smallest
 * multiplier of all capacity, at a quantile of the Monte Carlo runs. */
#include <math.h>
#include <stdio.h>
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
/* The national strategy's horizon: ten years (strategy to 2033, 2024). */
#define DEFAULT_DEADLINE_MONTHS 120

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
                           json_object_new_double(cli->release_share));
    json_object_object_add(o, "deadline", json_object_new_string(dl));
    json_object_object_add(o, "quantile",
                           json_object_new_double(cli->quantile));
    json_object_object_add(o, "runs",
                           json_object_new_int64((int64_t)cli->runs));
    json_object_object_add(o, "seed",
                           json_object_new_int64((int64_t)cli->seed));
    json_object_object_add(o, "feasible",
                           json_object_new_boolean(r->feasible));
    if (r->feasible) {
        json_object_object_add(
            o, cli->asset != NULL ? "extra_units" : "multiplier",
            json_object_new_double(cli->asset != NULL ? r->extra_units
                                                      : r->multiplier));
        json_object_object_add(o, "months", json_object_new_double(r->months));
        json_object_object_add(
            o, "months_one_step_less",
            isfinite(r->months_one_step_less)
                ? json_object_new_double(r->months_one_step_less)
                : NULL);
    } else {
        json_object_object_add(o, "reason", json_object_new_string(r->reason));
    }
    json_object_object_add(o, "share_by_deadline",
                           json_object_new_double(r->share_by_deadline));
    json_object_object_add(o, "projections",
                           json_object_new_int64((int64_t)r->projections));
    json_object_object_add(o, "fitted_figures",
                           json_object_new_boolean(fitted));
    puts(json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

static void print_table(const dm_cli *cli, dm_context *ctx,
                        const dm_scenario *sc, double km2, int deadline,
                        int fitted, const dm_plan_result *r)
{
    int start = 0;
    (void)dm_scenario_start(ctx, sc, &start);
    char dl[DM_MONTH_TEXT_SIZE], from[DM_MONTH_TEXT_SIZE], m1[40], m2[40];
    dm_month_format(deadline, dl, sizeof dl);
    dm_month_format(cli->from_month != 0 ? cli->from_month : start, from,
                    sizeof from);
    printf("scenario %s: release %.0f %% of %.0f km² by %s (%d months) at "
           "P%.0f of %zu runs\n",
           dm_scenario_name(ctx, sc), 100.0 * cli->release_share, km2, dl,
           deadline - start, 100.0 * cli->quantile, cli->runs);
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
        (void)dm_scenario_asset_units(
            ctx, sc, i, cli->from_month != 0 ? cli->from_month : start,
            &units);
        printf("answer:   %.0f more units of '%s' from %s (it has %.0f "
               "then, the mode of its count)\n",
               r->extra_units, cli->asset, from, units);
        printf("with it:  %.0f %% released in %s\n",
               100.0 * cli->release_share, m1);
        printf("one less: %s\n", m2);
    } else {
        printf("answer:   %.2f × the capacity of every asset\n",
               r->multiplier);
        printf("with it:  %.0f %% released in %s\n",
               100.0 * cli->release_share, m1);
        printf("%.2f ×:   %s\n", r->multiplier - DM_PLAN_MULTIPLIER_STEP, m2);
    }
    printf("(%zu Monte Carlo projections with seed %llu; %s)\n",
           r->projections, cli->seed,
           fitted ? "the figures fitted to the record"
                  : "the scenario's ranges");
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

/* The search of dm_plan_capacity() with the flags' options, `months` from
 * the start to the deadline. */
static int plan(const dm_cli *cli, dm_context *ctx, const dm_work *work,
                const dm_scenario *sc, const dm_posterior *post, int months,
                dm_plan_result *r)
{
    dm_plan_options o;
    dm_plan_options_init(&o);
    dm_projection_options po;
    dm_projection_options_init(&po);
    po.runs = cli->runs;
    po.seed = cli->seed;
    po.threads = cli->threads;
    po.posterior = post;
    o.projection = &po;
    o.asset = cli->asset;
    o.from_month = cli->from_month;
    o.target_share = cli->release_share;
    o.deadline_months = (size_t)months;
    o.quantile = cli->quantile;
    dm_status s = dm_plan_capacity(ctx, work, sc, &o, r);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(cli, ctx, s);
}

int main(int argc, char **argv)
{
    dm_cli cli;
    int rc = dm_cli_parse(&cli, argc, argv,
                          DM_CLI_BOUNDARIES | DM_CLI_CONTAMINATION |
                              DM_CLI_PROJECTION | DM_CLI_PLAN | DM_CLI_FORMAT |
                              DM_CLI_POSTERIOR,
                          TOOL,
                          "How much more capacity releases a share of the "
                          "national area by a deadline:\nthe fewest extra "
                          "units of one asset (--asset), or the smallest "
                          "multiplier\nof all capacity, at a quantile of the "
                          "Monte Carlo runs. Default: 80 % in\nten years at "
                          "P50, the national strategy's goal, on the "
                          "baseline scenario.\nExits 1 when no capacity can "
                          "(the reason is printed).",
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
    int deadline = cli.deadline_month != 0 ? cli.deadline_month
                                           : start + DEFAULT_DEADLINE_MONTHS;
    if (rc == DM_EXIT_OK && deadline <= start)
        rc = dm_cli_usage(&cli, "--deadline must come after the scenario's "
                                "start");
    dm_plan_result r;
    dm_plan_result_init(&r);
    if (rc == DM_EXIT_OK)
        rc = plan(&cli, ctx, work, sc, post, deadline - start, &r);
    if (rc == DM_EXIT_OK) {
        double km2 = 0;
        (void)dm_work_total_km2(ctx, work, &km2);
        if (cli.format == DM_FORMAT_JSON)
            print_json(&cli, file, deadline, post != NULL, &r);
        else
            print_table(&cli, ctx, sc, km2, deadline, post != NULL, &r);
        if (!r.feasible) {
            fprintf(stderr, TOOL ": impossible: %s\n", r.reason);
            rc = DM_EXIT_FAILED;
        }
    }
    dm_posterior_free(post);
    dm_scenario_free(sc);
    dm_work_free(work);
    dm_context_free(ctx);
    return rc;
}
