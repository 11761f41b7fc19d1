/* demine-calibrate: fit a scenario's ranged figures to the record by
 * approximate Bayesian computation and report the fit: each observation
 * beside what the fitted runs simulate (P10, P50, P90), each fitted
 * figure's prior and posterior, the acceptance and the effective sample
 * size; write the posterior, the report (CSV, JSON) and a burn-down chart
 * of the replay with the record's observations. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "demine.h"

#define TOOL "demine-calibrate"
#define DEFAULT_OUT "calibration"
#define DEFAULT_SCENARIO "baseline.json"
/* Runs of the projection drawn for the chart. */
#define DEFAULT_RUNS 500
/* The chart shows the replay and this many months of projection. */
#define CHART_MONTHS_AFTER 36

static const double quantiles[3] = {0.1, 0.5, 0.9};

typedef struct calib_run {
    dm_cli cli;
    dm_context *ctx;
    const char *dir;
    char scenario_path[4096];
    dm_work *work;
    dm_regions *regions;
    dm_contamination *contamination;
    dm_scenario *sc;
    dm_record *record;
    dm_posterior *post;
    dm_posterior_info info;
    dm_projection *replay;
    dm_output *out;
    double seconds;
} calib_run;

/* ---- progress ----------------------------------------------------------- */

static void on_progress(size_t done, size_t most, void *data)
{
    (void)most;
    (void)data;
    fprintf(stderr, "\r" TOOL ": generation %zu", done);
}

/* ---- the figures of the report ------------------------------------------ */

/* Quantile q of the triangular distribution (min, mode, max). */
static double triangular(double a, double c, double b, double q)
{
    if (!(b > a))
        return a;
    double f = (c - a) / (b - a);
    return q < f ? a + sqrt(q * (b - a) * (c - a))
                 : b - sqrt((1 - q) * (b - a) * (b - c));
}

typedef struct param_row {
    const char *name;
    double min, mode, max;
    double prior[3], post[3]; /* P5, P50, P95 */
} param_row;

static int param_at(dm_context *ctx, const dm_posterior *p, size_t i,
                    param_row *r)
{
    static const double q[3] = {0.05, 0.5, 0.95};
    r->name = dm_posterior_param_name(ctx, p, i);
    if (r->name == NULL || dm_posterior_param_prior(
                               ctx, p, i, &r->min, &r->mode, &r->max) != DM_OK)
        return 0;
    for (int k = 0; k < 3; k++) {
        r->prior[k] = triangular(r->min, r->mode, r->max, q[k]);
        if (dm_posterior_param_quantile(ctx, p, i, q[k], &r->post[k]) != DM_OK)
            return 0;
    }
    return 1;
}

/* The posterior's 90 % interval over the prior's. */
static double narrowing(const param_row *r)
{
    double prior = r->prior[2] - r->prior[0];
    return prior > 0.0 ? (r->post[2] - r->post[0]) / prior : NAN;
}

typedef struct obs_row {
    dm_observation o;
    const char *where;
    double sim[3]; /* P10, P50, P90 */
    int within;    /* the P50 within the range */
} obs_row;

static int obs_at(dm_context *ctx, const dm_posterior *p, size_t i, obs_row *r)
{
    dm_observation_init(&r->o);
    for (int k = 0; k < 3; k++)
        if (dm_posterior_observation(ctx, p, i, &r->o, quantiles[k],
                                     &r->sim[k]) != DM_OK)
            return 0;
    r->within = r->sim[1] >= r->o.low && r->sim[1] <= r->o.high;
    return 1;
}

static const char *month_text(int month, char *buf, size_t size)
{
    return month != 0 ? dm_month_format(month, buf, size) : "";
}

/* ---- table on stdout ---------------------------------------------------- */

static void print_summary(const calib_run *r)
{
    const dm_posterior_info *in = &r->info;
    char a[DM_MONTH_TEXT_SIZE], b[DM_MONTH_TEXT_SIZE];
    printf("%s fitted to %s: replay %s to %s\n",
           dm_scenario_name(r->ctx, r->sc),
           strcmp(r->cli.record, r->cli.default_record) == 0
               ? "the embedded record"
               : r->cli.record,
           dm_month_format(in->first_month, a, sizeof a),
           dm_month_format(in->last_month, b, sizeof b));
    printf("%zu particles, %zu generations, %zu simulations in %.1f s "
           "(%u threads, seed %llu)\n",
           in->particles, in->generations, in->simulations, r->seconds,
           r->cli.threads, in->seed);
    printf("tolerance reached: %.3g of each observation's range; last "
           "moves accepted: %.1f %%; effective sample size: %.0f\n\n",
           in->epsilon, 100.0 * in->acceptance, in->ess);
}

static void print_observations(const calib_run *r)
{
    printf("%-7s %-7s %-8s %-16s %12s %12s %12s  %-31s %s\n", "date", "from",
           "region", "quantity", "value", "low", "high",
           "simulated P10 / P50 / P90", "P50 in range");
    for (size_t i = 0; i < r->info.observations; i++) {
        obs_row o;
        if (!obs_at(r->ctx, r->post, i, &o))
            continue;
        char d[DM_MONTH_TEXT_SIZE], f[DM_MONTH_TEXT_SIZE], sim[96];
        snprintf(sim, sizeof sim, "%.4g / %.4g / %.4g", o.sim[0], o.sim[1],
                 o.sim[2]);
        printf("%-7s %-7s %-8s %-16s %12.6g %12.6g %12.6g  %-31s %s\n",
               month_text(o.o.month, d, sizeof d),
               month_text(o.o.from_month, f, sizeof f), o.o.region,
               o.o.quantity, o.o.value, o.o.low, o.o.high, sim,
               o.within ? "yes" : "NO");
    }
    putchar('\n');
}

static void print_parameters(const calib_run *r)
{
    printf("%-46s %-31s %-31s %s\n", "fitted figure", "prior P5 / P50 / P95",
           "posterior P5 / P50 / P95", "90 % width");
    for (size_t i = 0; i < r->info.parameters; i++) {
        param_row p;
        if (!param_at(r->ctx, r->post, i, &p))
            continue;
        char pr[96], po[96];
        snprintf(pr, sizeof pr, "%.4g / %.4g / %.4g", p.prior[0], p.prior[1],
                 p.prior[2]);
        snprintf(po, sizeof po, "%.4g / %.4g / %.4g", p.post[0], p.post[1],
                 p.post[2]);
        printf("%-46s %-31s %-31s %3.0f %%\n", p.name, pr, po,
               100.0 * narrowing(&p));
    }
}

/* ---- files ----------------------------------------------------------------
 */

static int write_failed(const calib_run *r, const char *file)
{
    fprintf(stderr, TOOL ": cannot write '%s/%s': %s\n", r->dir, file,
            strerror(errno));
    return DM_EXIT_FAILED;
}

/* fit.csv: the observations beside the simulated quantiles. */
static void fit_csv(const calib_run *r, FILE *f)
{
    fputs("date,from,region,quantity,value,low,high,simulated_p10,"
          "simulated_p50,simulated_p90,p50_within_range,source\n",
          f);
    for (size_t i = 0; i < r->info.observations; i++) {
        obs_row o;
        if (!obs_at(r->ctx, r->post, i, &o))
            continue;
        char d[DM_MONTH_TEXT_SIZE], m[DM_MONTH_TEXT_SIZE];
        fprintf(f, "%s,%s,", month_text(o.o.month, d, sizeof d),
                month_text(o.o.from_month, m, sizeof m));
        dm_cli_csv_field(f, o.o.region);
        fprintf(f, ",%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%s,", o.o.quantity,
                o.o.value, o.o.low, o.o.high, o.sim[0], o.sim[1], o.sim[2],
                o.within ? "yes" : "no");
        dm_cli_csv_field(f, o.o.source != NULL ? o.o.source : "");
        fputc('\n', f);
    }
}

/* parameters.csv: the fitted figures' priors and posteriors. */
static void parameters_csv(const calib_run *r, FILE *f)
{
    fputs("name,prior_min,prior_mode,prior_max,prior_p05,prior_p50,"
          "prior_p95,posterior_p05,posterior_p50,posterior_p95,"
          "width_ratio\n",
          f);
    for (size_t i = 0; i < r->info.parameters; i++) {
        param_row p;
        if (!param_at(r->ctx, r->post, i, &p))
            continue;
        dm_cli_csv_field(f, p.name);
        fprintf(f, ",%.17g,%.17g,%.17g", p.min, p.mode, p.max);
        for (int k = 0; k < 3; k++)
            fprintf(f, ",%.17g", p.prior[k]);
        for (int k = 0; k < 3; k++)
            fprintf(f, ",%.17g", p.post[k]);
        fprintf(f, ",%.6g\n", narrowing(&p));
    }
}

static json_object *triple(const double *v)
{
    json_object *a = json_object_new_array();
    for (int k = 0; k < 3; k++)
        json_object_array_add(a, dm_cli_json_double(v[k]));
    return a;
}

static json_object *fit_observations(const calib_run *r)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < r->info.observations; i++) {
        obs_row o;
        if (!obs_at(r->ctx, r->post, i, &o))
            continue;
        json_object *x = json_object_new_object();
        char d[DM_MONTH_TEXT_SIZE];
        json_object_object_add(
            x, "date",
            json_object_new_string(dm_month_format(o.o.month, d, sizeof d)));
        if (o.o.from_month != 0)
            json_object_object_add(x, "from",
                                   json_object_new_string(dm_month_format(
                                       o.o.from_month, d, sizeof d)));
        json_object_object_add(x, "region",
                               json_object_new_string(o.o.region));
        json_object_object_add(x, "quantity",
                               json_object_new_string(o.o.quantity));
        json_object_object_add(x, "value", dm_cli_json_double(o.o.value));
        json_object_object_add(x, "low", dm_cli_json_double(o.o.low));
        json_object_object_add(x, "high", dm_cli_json_double(o.o.high));
        json_object_object_add(x, "simulated_p10_p50_p90", triple(o.sim));
        json_object_object_add(x, "p50_within_range",
                               json_object_new_boolean(o.within));
        json_object_object_add(
            x, "source",
            json_object_new_string(o.o.source != NULL ? o.o.source : ""));
        json_object_array_add(a, x);
    }
    return a;
}

static json_object *fit_parameters(const calib_run *r)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < r->info.parameters; i++) {
        param_row p;
        if (!param_at(r->ctx, r->post, i, &p))
            continue;
        json_object *x = json_object_new_object();
        const double range[3] = {p.min, p.mode, p.max};
        json_object_object_add(x, "name", json_object_new_string(p.name));
        json_object_object_add(x, "prior_min_mode_max", triple(range));
        json_object_object_add(x, "prior_p05_p50_p95", triple(p.prior));
        json_object_object_add(x, "posterior_p05_p50_p95", triple(p.post));
        json_object_object_add(x, "width_ratio",
                               dm_cli_json_double(narrowing(&p)));
        json_object_array_add(a, x);
    }
    return a;
}

/* fit.json: what the calibration did, the observations, the figures. */
static json_object *fit_json(const calib_run *r)
{
    const dm_posterior_info *in = &r->info;
    json_object *o = json_object_new_object();
    char a[DM_MONTH_TEXT_SIZE], b[DM_MONTH_TEXT_SIZE];
    json_object_object_add(o, "scenario",
                           json_object_new_string(in->scenario));
    json_object_object_add(o, "record", json_object_new_string(r->cli.record));
    json_object_object_add(
        o, "replay_first",
        json_object_new_string(dm_month_format(in->first_month, a, sizeof a)));
    json_object_object_add(
        o, "replay_last",
        json_object_new_string(dm_month_format(in->last_month, b, sizeof b)));
    json_object_object_add(o, "particles",
                           json_object_new_int64((int64_t)in->particles));
    json_object_object_add(o, "generations",
                           json_object_new_int64((int64_t)in->generations));
    json_object_object_add(o, "simulations",
                           json_object_new_int64((int64_t)in->simulations));
    json_object_object_add(o, "seconds", dm_cli_json_double(r->seconds));
    json_object_object_add(o, "seed",
                           json_object_new_uint64((uint64_t)in->seed));
    json_object_object_add(o, "tolerance", dm_cli_json_double(in->epsilon));
    json_object_object_add(o, "acceptance",
                           dm_cli_json_double(in->acceptance));
    json_object_object_add(o, "effective_sample_size",
                           dm_cli_json_double(in->ess));
    json_object_object_add(o, "observations", fit_observations(r));
    json_object_object_add(o, "parameters", fit_parameters(r));
    return o;
}

typedef void (*writer)(const calib_run *r, FILE *f);

static int write_file(const calib_run *r, const char *file, writer w)
{
    const char *path = dm_output_path(r->ctx, r->out, file);
    if (path == NULL)
        return dm_cli_fail(&r->cli, r->ctx, dm_context_last_status(r->ctx));
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return write_failed(r, file);
    w(r, f);
    int bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return write_failed(r, file);
    return DM_EXIT_OK;
}

static void fit_json_file(const calib_run *r, FILE *f)
{
    json_object *o = fit_json(r);
    fputs(json_object_to_json_string_ext(
              o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE),
          f);
    fputc('\n', f);
    json_object_put(o);
}

/* replay.png and replay.svg: the runs from the posterior over the record
 * and after, with the record's observations. */
static int draw_replay(calib_run *r)
{
    dm_chart_options co;
    dm_chart_options_init(&co);
    co.record = r->record;
    co.end_month = r->info.last_month + 1 + CHART_MONTHS_AFTER;
    co.target_share = 0.0;
    co.title = "Replay of the record, then the projection";
    static const char *const files[] = {"replay.png", "replay.svg"};
    const char *label = dm_scenario_name(r->ctx, r->sc);
    for (size_t i = 0; i < 2; i++) {
        const char *path = dm_output_path(r->ctx, r->out, files[i]);
        dm_status s =
            path != NULL
                ? dm_render_burndown(r->ctx,
                                     (const dm_projection *const *)&r->replay,
                                     &label, 1, path, &co)
                : dm_context_last_status(r->ctx);
        if (s != DM_OK)
            return dm_cli_fail(&r->cli, r->ctx, s);
    }
    return DM_EXIT_OK;
}

static int write_outputs(calib_run *r)
{
    const char *path = dm_output_path(r->ctx, r->out, "posterior.json");
    dm_status s = path != NULL ? dm_posterior_write(r->ctx, r->post, path)
                               : dm_context_last_status(r->ctx);
    if (s != DM_OK)
        return dm_cli_fail(&r->cli, r->ctx, s);
    int rc = write_file(r, "fit.csv", fit_csv);
    if (rc == DM_EXIT_OK)
        rc = write_file(r, "parameters.csv", parameters_csv);
    if (rc == DM_EXIT_OK)
        rc = write_file(r, "fit.json", fit_json_file);
    if (rc == DM_EXIT_OK)
        rc = draw_replay(r);
    return rc;
}

/* ---- the steps ------------------------------------------------------------
 */

static int load_inputs(calib_run *r)
{
    const dm_cli *cli = &r->cli;
    if (cli->nscenarios > 1)
        return dm_cli_usage(cli, "one --scenario at a time");
    if (strcmp(cli->record, "none") == 0)
        return dm_cli_usage(cli, "a calibration needs a record");
    if (cli->nscenarios == 1)
        snprintf(r->scenario_path, sizeof r->scenario_path, "%s",
                 cli->scenarios[0]);
    else
        snprintf(r->scenario_path, sizeof r->scenario_path, "%s/scenarios/%s",
                 dm_data_dir(), DEFAULT_SCENARIO);
    int rc = dm_cli_load_record(cli, r->ctx, &r->record);
    if (rc == DM_EXIT_OK) {
        dm_status s = dm_scenario_load(r->ctx, r->scenario_path, &r->sc);
        if (s != DM_OK)
            rc = dm_cli_fail(cli, r->ctx, s);
    }
    if (rc == DM_EXIT_OK)
        rc = dm_cli_load_work(cli, r->ctx, &r->work, &r->regions,
                              &r->contamination);
    return rc;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int calibrate(calib_run *r)
{
    dm_calibrate_options o;
    dm_calibrate_options_init(&o);
    if (r->cli.particles > 0)
        o.particles = r->cli.particles;
    o.seed = r->cli.seed;
    o.threads = r->cli.threads;
    if (isatty(STDERR_FILENO))
        o.progress = on_progress;
    double t0 = now_seconds();
    dm_status s =
        dm_calibrate(r->ctx, r->work, r->sc, r->record, &o, &r->post);
    r->seconds = now_seconds() - t0;
    if (o.progress != NULL)
        fputs("\r\033[K", stderr);
    if (s != DM_OK)
        return dm_cli_fail(&r->cli, r->ctx, s);
    dm_posterior_info_init(&r->info);
    s = dm_posterior_info_get(r->ctx, r->post, &r->info);
    dm_projection_options po;
    dm_projection_options_init(&po);
    po.runs = r->cli.runs;
    po.seed = r->cli.seed;
    po.threads = r->cli.threads;
    po.posterior = r->post;
    if (s == DM_OK)
        s = dm_project(r->ctx, r->work, r->sc, &po, &r->replay);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(&r->cli, r->ctx, s);
}

static void report(calib_run *r)
{
    if (r->cli.format == DM_FORMAT_CSV) {
        fit_csv(r, stdout);
        return;
    }
    if (r->cli.format == DM_FORMAT_JSON) {
        fit_json_file(r, stdout);
        return;
    }
    print_summary(r);
    print_observations(r);
    print_parameters(r);
}

static void run_free(calib_run *r)
{
    dm_cli_unguard_output();
    dm_output_abort(r->out);
    dm_projection_free(r->replay);
    dm_posterior_free(r->post);
    dm_record_free(r->record);
    dm_scenario_free(r->sc);
    dm_work_free(r->work);
    dm_contamination_free(r->contamination);
    dm_regions_free(r->regions);
    dm_context_free(r->ctx);
}

int main(int argc, char **argv)
{
    calib_run r;
    memset(&r, 0, sizeof r);
    int rc = dm_cli_parse(
        &r.cli, argc, argv,
        DM_CLI_BOUNDARIES | DM_CLI_CONTAMINATION | DM_CLI_PROJECTION |
            DM_CLI_RECORD | DM_CLI_CALIBRATE | DM_CLI_FORMAT | DM_CLI_OUT,
        TOOL,
        "Fit a scenario's ranged figures to the record of land release by "
        "approximate\nBayesian computation (default: the baseline and the "
        "embedded record of\nUkraine) and report the fit: each observation "
        "beside the fitted runs' P10,\nP50, P90; each figure's prior and "
        "posterior; acceptance; effective sample\nsize. --runs: runs of the "
        "replay chart (default 500).",
        "folder for posterior.json, fit.csv, parameters.csv,\n"
        "                        fit.json and replay.png/.svg (default: "
        "calibration)");
    if (rc >= 0)
        return rc;
    if (r.cli.runs == 0)
        r.cli.runs = DEFAULT_RUNS;
    r.dir = r.cli.out != NULL ? r.cli.out : DEFAULT_OUT;
    r.ctx = dm_context_new();
    if (r.ctx == NULL) {
        fprintf(stderr, TOOL ": cannot create a context\n");
        return DM_EXIT_FAILED;
    }
    rc = load_inputs(&r);
    if (rc == DM_EXIT_OK) {
        dm_status s = dm_output_begin(r.ctx, r.dir, &r.out);
        if (s != DM_OK)
            rc = dm_cli_fail(&r.cli, r.ctx, s);
        else
            dm_cli_guard_output(r.out); /* a signal leaves the older files */
    }
    if (rc == DM_EXIT_OK)
        rc = calibrate(&r);
    if (rc == DM_EXIT_OK)
        rc = write_outputs(&r);
    if (rc == DM_EXIT_OK) {
        dm_cli_unguard_output();
        dm_status s = dm_output_commit(r.ctx, r.out);
        r.out = NULL;
        if (s != DM_OK)
            rc = dm_cli_fail(&r.cli, r.ctx, s);
    }
    if (rc == DM_EXIT_OK)
        report(&r);
    run_free(&r);
    return rc;
}
