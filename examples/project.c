/* demine-project: run clearance scenarios on a work table; print years to
 * 80 % and 100 % released and the cost per region and nationally (P50 and
 * P10–P90 of the Monte Carlo runs); write the monthly series (CSV), a
 * summary (JSON), the pictures and the report (one HTML page) to a
 * folder. */
#include <errno.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "compare.h"
#include "demine.h"

#define TOOL "demine-project"
/* At least 500 runs by default (issue 8's default run). */
#define DEFAULT_RUNS 500
#define DEFAULT_OUT "out"
#define MONTHS_PER_YEAR 12.0
#define USD_PER_MILLION 1e6
/* Quantiles of the table: P10, P50, P90. */
static const double quantiles[3] = {0.1, 0.5, 0.9};

/* Everything one run holds; freed by run_free(). */
typedef struct run {
    dm_cli cli;
    dm_context *ctx;
    const char *dir; /* --out */
    dm_work *work;
    dm_regions *regions;             /* NULL with --work */
    dm_contamination *contamination; /* NULL with --work */
    glob_t glob;                     /* the default scenarios */
    int globbed;
    int said_counts; /* region_counts() said it chose counts */
    dm_scenario *sc[DM_CLI_MAX_SCENARIOS];
    dm_projection *proj[DM_CLI_MAX_SCENARIOS];
    const char *names[DM_CLI_MAX_SCENARIOS];
    char *series_file[DM_CLI_MAX_SCENARIOS];       /* <scenario>-series.csv */
    const char *series_path[DM_CLI_MAX_SCENARIOS]; /* where to write it */
    char *yearly_file[DM_CLI_MAX_SCENARIOS];       /* <scenario>-yearly.csv */
    const char *yearly_path[DM_CLI_MAX_SCENARIOS];
    size_t versus;  /* the scenario the others are compared with */
    dm_output *out; /* every file, committed together at the end */
    json_object *root, *all;
    dm_record *record;       /* drawn on the burn-down; NULL: none */
    dm_posterior *posterior; /* the fit the runs draw from; NULL: none */
    int posterior_given;     /* --posterior FILE */
    int fitted[DM_CLI_MAX_SCENARIOS]; /* scenario i draws from it */
    char posterior_path[4096];        /* its file, as the summary gives it */
    dm_asset_rank *ranks; /* what each asset of the versus scenario buys */
    size_t nranks, rank_runs;
} run;

/* ---- progress on a terminal --------------------------------------------- */

typedef struct progress {
    const char *name;
    int last;
} progress;

#define BAR_WIDTH 40

static void on_progress(size_t done, size_t total, void *data)
{
    progress *p = data;
    int percent = (int)(100 * done / total);
    if (percent == p->last && done != total)
        return;
    p->last = percent;
    int filled = (int)(BAR_WIDTH * done / total);
    fprintf(stderr, "\r%-16.16s [%.*s%*s] %3d %% of %zu runs", p->name, filled,
            "########################################", BAR_WIDTH - filled, "",
            percent, total);
    if (done == total)
        fputs("\r\033[K", stderr);
}

/* ---- formatting --------------------------------------------------------- */

/* Years from months, or ">H" past the horizon (H years). */
static void years_text(double months, size_t horizon, char *buf, size_t size)
{
    if (isinf(months))
        snprintf(buf, size, ">%g", (double)horizon / MONTHS_PER_YEAR);
    else
        snprintf(buf, size, "%.1f", months / MONTHS_PER_YEAR);
}

/* "P50 (P10–P90)" of months to a milestone, in years. */
static void milestone_cell(dm_context *ctx, const dm_projection *p,
                           size_t region, dm_milestone m, char *buf,
                           size_t size)
{
    size_t h = dm_projection_months(ctx, p);
    double v[3];
    char t[3][16];
    for (int i = 0; i < 3; i++) {
        (void)dm_projection_months_quantile(ctx, p, region, m, quantiles[i],
                                            &v[i]);
        years_text(v[i], h, t[i], sizeof t[i]);
    }
    snprintf(buf, size, "%s (%s–%s)", t[1], t[0], t[2]);
}

static void cost_cell(dm_context *ctx, const dm_projection *p, size_t region,
                      char *buf, size_t size)
{
    double v[3];
    for (int i = 0; i < 3; i++)
        (void)dm_projection_cost_quantile(ctx, p, region, quantiles[i], &v[i]);
    snprintf(buf, size, "%.0f (%.0f–%.0f)", v[1] / USD_PER_MILLION,
             v[0] / USD_PER_MILLION, v[2] / USD_PER_MILLION);
}

/* Display width of UTF-8 text (the dash is one column, three bytes). */
static int width_of(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static void print_padded(const char *s, int width, int left)
{
    int pad = width - width_of(s);
    if (!left)
        printf("%*s", pad > 0 ? pad : 0, "");
    fputs(s, stdout);
    if (left)
        printf("%*s", pad > 0 ? pad : 0, "");
}

static void print_row(const char *code, int code_width, const char *name,
                      int name_width, const char *area, const char *c80,
                      const char *c100, const char *cost)
{
    print_padded(code, code_width + 1, 1);
    print_padded(name, name_width + 1, 1);
    print_padded(area, 9, 0);
    printf("  ");
    print_padded(c80, 20, 1);
    print_padded(c100, 20, 1);
    print_padded(cost, 22, 0);
    putchar('\n');
}

/* "replay of the record 2023-01 to 2024-12 (fitted), projection from
 * 2025-01", or "projection from 2025-07 (the scenario's ranges)". */
static void phases_text(dm_context *ctx, const dm_projection *p, char *buf,
                        size_t size)
{
    int start = 0;
    (void)dm_projection_start(ctx, p, &start);
    size_t replay = dm_projection_replay_months(ctx, p);
    char a[DM_MONTH_TEXT_SIZE], b[DM_MONTH_TEXT_SIZE], c[DM_MONTH_TEXT_SIZE];
    dm_month_format(start, a, sizeof a);
    if (replay == 0) {
        snprintf(buf, size, "projection from %s (the scenario's ranges)", a);
        return;
    }
    dm_month_format(start + (int)replay - 1, b, sizeof b);
    dm_month_format(start + (int)replay, c, sizeof c);
    snprintf(buf, size,
             "replay of the record %s to %s (the fitted figures), projection "
             "from %s",
             a, b, c);
}

static void print_table(dm_context *ctx, const dm_cli *cli, const char *file,
                        const dm_scenario *sc, const dm_projection *p)
{
    size_t R = dm_projection_region_count(ctx, p);
    char phases[192];
    phases_text(ctx, p, phases, sizeof phases);
    printf("%s (%s): %zu runs, seed %llu, over %g years\n%s\n",
           dm_scenario_name(ctx, sc), file, dm_projection_runs(ctx, p),
           cli->seed, (double)dm_projection_months(ctx, p) / MONTHS_PER_YEAR,
           phases);
    int nw = (int)strlen("(open at the start)"), cw = 8;
    for (size_t r = 0; r < dm_row_count(ctx, p); r++) {
        int w = r < R ? width_of(dm_projection_region_name(ctx, p, r)) : 0;
        int c = width_of(dm_row_code(ctx, p, r));
        nw = w > nw ? w : nw;
        cw = c > cw ? c : cw;
    }
    print_row("code", cw, "name", nw, "km²", "years to 80 %", "years to 100 %",
              "cost US$ m");
    char c80[64], c100[64], cost[64], area[32];
    for (size_t r = 0; r < dm_row_count(ctx, p); r++) {
        size_t reg = dm_row_region(ctx, p, r);
        double km2 = 0;
        (void)dm_projection_area_km2(ctx, p, reg, &km2);
        milestone_cell(ctx, p, reg, DM_RELEASE_80, c80, sizeof c80);
        milestone_cell(ctx, p, reg, DM_RELEASE_100, c100, sizeof c100);
        cost_cell(ctx, p, reg, cost, sizeof cost);
        snprintf(area, sizeof area, "%.0f", km2);
        if (r == R)
            putchar('\n'); /* the lands of the zones after the regions */
        print_row(dm_row_code(ctx, p, r), cw,
                  r < R ? dm_projection_region_name(ctx, p, r)
                        : dm_land_of(ctx, p, r - R).name,
                  nw, area, c80, c100, cost);
    }
    putchar('\n');
}

/* One row per region (and "national") and month: P10/P50/P90 of the
 * remaining km², then the mean of each state and of the cumulative cost.
 * 1 on success, 0 after printing why. */
static int write_series(dm_context *ctx, FILE *f, const char *name,
                        const dm_projection *p)
{
    size_t R = dm_projection_region_count(ctx, p);
    size_t H1 = dm_projection_months(ctx, p) + 1;
    int start = 0;
    (void)dm_projection_start(ctx, p, &start);
    double *q = malloc(3 * H1 * sizeof *q);
    int ok = q != NULL;
    size_t replay = dm_projection_replay_months(ctx, p);
    fprintf(f, "scenario,region,month,date,phase,remaining_p10_km2,"
               "remaining_p50_km2,remaining_p90_km2");
    for (int k = 0; k < DM_SERIES_COUNT; k++)
        fprintf(f, ",%s%s", dm_series_name(k),
                k == DM_SERIES_COST ? "_mean" : "_mean_km2");
    fputc('\n', f);
    for (size_t r = 0; ok && r < R + DM_LAND_COUNT; r++) {
        size_t reg = dm_row_region(ctx, p, r);
        const double *v[DM_SERIES_COUNT];
        size_t n = 0;
        for (int i = 0; ok && i < 3; i++)
            ok = dm_projection_remaining_quantile(ctx, p, reg, quantiles[i],
                                                  q + i * H1, H1) == DM_OK;
        for (int k = 0; ok && k < DM_SERIES_COUNT; k++)
            ok = dm_projection_series(ctx, p, reg, k, &v[k], &n) == DM_OK;
        for (size_t m = 0; ok && m < H1; m++) {
            char date[DM_MONTH_TEXT_SIZE];
            dm_month_format(start + (int)m, date, sizeof date);
            dm_cli_csv_field(f, name);
            fputc(',', f);
            dm_cli_csv_field(f, dm_row_code(ctx, p, r));
            /* Row m is the state at the start of month m: after m months,
             * the last of them replayed while m <= replay. */
            fprintf(f, ",%zu,%s,%s,%.6f,%.6f,%.6f", m, date,
                    m == 0        ? "start"
                    : m <= replay ? "replay"
                                  : "projection",
                    q[m], q[H1 + m], q[2 * H1 + m]);
            for (int k = 0; k < DM_SERIES_COUNT; k++)
                fprintf(f, k == DM_SERIES_COST ? ",%.0f" : ",%.6f", v[k][m]);
            fputc('\n', f);
        }
    }
    free(q);
    if (!ok)
        fprintf(stderr, TOOL ": %s\n", dm_context_last_error(ctx));
    return ok;
}

static json_object *region_summary(dm_context *ctx, const dm_projection *p,
                                   size_t reg)
{
    json_object *o = json_object_new_object();
    size_t R = dm_projection_region_count(ctx, p);
    if (reg < R) {
        json_object_object_add(
            o, "code",
            json_object_new_string(dm_projection_region_code(ctx, p, reg)));
        json_object_object_add(
            o, "name",
            json_object_new_string(dm_projection_region_name(ctx, p, reg)));
    }
    (void)R;
    double km2 = 0, v[3];
    (void)dm_projection_area_km2(ctx, p, reg, &km2);
    json_object_object_add(o, "area_km2", dm_cli_json_double(km2));
    json_object *months = json_object_new_object();
    static const char *const keys[DM_MILESTONE_COUNT] = {"80", "95", "100"};
    for (int m = 0; m < DM_MILESTONE_COUNT; m++) {
        for (int i = 0; i < 3; i++)
            (void)dm_projection_months_quantile(ctx, p, reg, m, quantiles[i],
                                                &v[i]);
        json_object_object_add(months, keys[m], dm_quantile_json(v));
    }
    json_object_object_add(o, "months_to_release_percent", months);
    for (int i = 0; i < 3; i++)
        (void)dm_projection_cost_quantile(ctx, p, reg, quantiles[i], &v[i]);
    json_object_object_add(o, "cost_usd", dm_quantile_json(v));
    return o;
}

static json_object *scenario_summary(dm_context *ctx, const char *file,
                                     const dm_scenario *sc,
                                     const dm_projection *p)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "name",
                           json_object_new_string(dm_scenario_name(ctx, sc)));
    json_object_object_add(o, "file", json_object_new_string(file));
    int start = 0;
    (void)dm_projection_start(ctx, p, &start);
    char from[DM_MONTH_TEXT_SIZE];
    dm_month_format(start, from, sizeof from);
    json_object_object_add(o, "start", json_object_new_string(from));
    json_object_object_add(
        o, "horizon_months",
        json_object_new_int64((int64_t)dm_projection_months(ctx, p)));
    json_object_object_add(
        o, "runs", json_object_new_int64((int64_t)dm_projection_runs(ctx, p)));
    size_t replay = dm_projection_replay_months(ctx, p);
    json_object_object_add(o, "replay_months",
                           json_object_new_int64((int64_t)replay));
    char last[DM_MONTH_TEXT_SIZE];
    json_object_object_add(
        o, "replay_last",
        replay > 0 ? json_object_new_string(dm_month_format(
                         start + (int)replay - 1, last, sizeof last))
                   : NULL);
    json_object_object_add(o, "national", region_summary(ctx, p, DM_NATIONAL));
    /* Each zone's land, the land open at the start (the one that answers
     * while the rest stays closed), with the cost of each year. */
    json_object *lands = json_object_new_object();
    for (size_t l = 0; l < DM_LAND_COUNT; l++) {
        dm_land land = dm_land_of(ctx, p, l);
        json_object *ls = region_summary(ctx, p, land.region);
        json_object_object_add(ls, "cost_usd_by_year",
                               dm_yearly_json(ctx, p, land.region));
        json_object_object_add(lands, land.code, ls);
    }
    json_object_object_add(o, "lands", lands);
    json_object *drives = json_object_new_object();
    json_object_object_add(drives, "open_at_start",
                           dm_sensitivity_json(ctx, p, dm_open_land(ctx, p)));
    json_object_object_add(drives, "national",
                           dm_sensitivity_json(ctx, p, DM_NATIONAL));
    json_object_object_add(o, "sensitivity_prcc", drives);
    json_object *regions = json_object_new_array();
    for (size_t r = 0; r < dm_projection_region_count(ctx, p); r++)
        json_object_array_add(regions, region_summary(ctx, p, r));
    json_object_object_add(o, "regions", regions);
    return o;
}

/* ---- the output folder -------------------------------------------------- */

/* Where to write `file` of the output; NULL after printing why (a scenario
 * name that makes no plain file name). */
static const char *output_path(run *r, const char *file)
{
    const char *path = dm_output_path(r->ctx, r->out, file);
    if (path == NULL)
        (void)dm_cli_fail(&r->cli, r->ctx, dm_context_last_status(r->ctx));
    return path;
}

static void write_failed(const run *r, const char *file)
{
    fprintf(stderr, TOOL ": cannot write '%s/%s': %s\n", r->dir, file,
            strerror(errno));
}

/* Opens `path`, where `file` of the output goes, for writing; NULL after
 * printing why. */
static FILE *open_file(const run *r, const char *path, const char *file)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        write_failed(r, file);
    return f;
}

/* Closes f: DM_EXIT_OK, or DM_EXIT_FAILED when a write failed (message
 * printed) or `ok` is 0 (message printed by the writer). */
static int close_file(const run *r, FILE *f, const char *file, int ok)
{
    int bad = ferror(f) != 0;
    if (fclose(f) != 0)
        bad = 1;
    if (bad && ok)
        write_failed(r, file);
    return ok && !bad ? DM_EXIT_OK : DM_EXIT_FAILED;
}

/* Begins the output in --out and finds where each series goes, before the
 * long runs: a folder that cannot be written or a scenario name that makes
 * no file name fails fast. */
static int begin_output(run *r)
{
    dm_status s = dm_output_begin(r->ctx, r->dir, &r->out);
    if (s != DM_OK)
        return dm_cli_fail(&r->cli, r->ctx, s);
    dm_cli_guard_output(r->out); /* a signal leaves the older files */
    for (size_t i = 0; i < r->cli.nscenarios; i++) {
        const char *name = dm_scenario_name(r->ctx, r->sc[i]);
        size_t n = strlen(name) + sizeof "-series.csv";
        r->series_file[i] = malloc(n);
        r->yearly_file[i] = malloc(n);
        if (r->series_file[i] == NULL || r->yearly_file[i] == NULL) {
            fprintf(stderr, TOOL ": out of memory\n");
            return DM_EXIT_FAILED;
        }
        snprintf(r->series_file[i], n, "%s-series.csv", name);
        snprintf(r->yearly_file[i], n, "%s-yearly.csv", name);
        r->series_path[i] = output_path(r, r->series_file[i]);
        r->yearly_path[i] = r->series_path[i] != NULL
                                ? output_path(r, r->yearly_file[i])
                                : NULL;
        if (r->yearly_path[i] == NULL)
            return DM_EXIT_FAILED;
    }
    return DM_EXIT_OK;
}

static int write_summary(run *r)
{
    const char *path = output_path(r, "summary.json");
    FILE *f = path != NULL ? open_file(r, path, "summary.json") : NULL;
    if (f == NULL)
        return DM_EXIT_FAILED;
    fputs(json_object_to_json_string_ext(r->root,
                                         JSON_C_TO_STRING_PRETTY |
                                             JSON_C_TO_STRING_NOSLASHESCAPE),
          f);
    fputc('\n', f);
    return close_file(r, f, "summary.json", 1);
}

/* ---- the comparison ------------------------------------------------------
 */

/* The scenario of --versus (default the first): its index, or the exit
 * status after printing why. */
static int find_versus(run *r)
{
    r->versus = 0;
    if (r->cli.versus == NULL)
        return DM_EXIT_OK;
    for (size_t i = 0; i < r->cli.nscenarios; i++)
        if (strcmp(dm_scenario_name(r->ctx, r->sc[i]), r->cli.versus) == 0) {
            r->versus = i;
            return DM_EXIT_OK;
        }
    fprintf(stderr, TOOL ": --versus '%s' is not one of the scenarios run\n",
            r->cli.versus);
    return DM_EXIT_USAGE;
}

/* comparison.csv, its table and its part of the summary, when there is
 * more than one scenario. */
static int compare_all(run *r)
{
    if (r->cli.nscenarios < 2)
        return DM_EXIT_OK;
    dm_compare_set c = {(const dm_projection *const *)r->proj,
                        r->names,
                        r->cli.nscenarios,
                        r->versus,
                        r->cli.by,
                        r->cli.nby};
    dm_print_comparison(r->ctx, &c);
    json_object_object_add(r->root, "comparison",
                           dm_comparison_json(r->ctx, &c));
    const char *path = output_path(r, "comparison.csv");
    FILE *f = path != NULL ? open_file(r, path, "comparison.csv") : NULL;
    if (f == NULL)
        return DM_EXIT_FAILED;
    int ok = dm_write_comparison(r->ctx, f, &c);
    return close_file(r, f, "comparison.csv", ok);
}

/* ---- pictures ----------------------------------------------------------- */

/* Whether some figure drives the months to 80 % of the land open at the
 * start: none does when nothing is ranged, the milestone does not vary or
 * the runs are too few for the figures. */
static int drives_anything(dm_context *ctx, const dm_projection *p)
{
    size_t n = 0;
    if (dm_projection_drivers(ctx, p, dm_open_land(ctx, p),
                              DM_MEASURE_MONTHS_TO_80, 0, NULL, NULL, 0,
                              &n) != DM_OK)
        n = 0;
    dm_context_clear_error(ctx);
    return n > 0;
}

/* comparison.<format> (with more than one scenario) and
 * sensitivity.<format>: what drives the months to 80 % of the land open
 * at the start of the scenario the others are compared with (when some
 * figure does). */
static dm_status draw_decisions(run *r, const char *format)
{
    char file[32];
    const char *path;
    dm_status s = DM_OK;
    if (r->cli.nscenarios > 1) {
        snprintf(file, sizeof file, "comparison.%s", format);
        if ((path = output_path(r, file)) == NULL)
            return dm_context_last_status(r->ctx);
        const dm_projection *order[DM_CLI_MAX_SCENARIOS];
        const char *labels[DM_CLI_MAX_SCENARIOS];
        /* The one compared with first. */
        order[0] = r->proj[r->versus];
        labels[0] = r->names[r->versus];
        for (size_t i = 0, k = 1; i < r->cli.nscenarios; i++)
            if (i != r->versus) {
                order[k] = r->proj[i];
                labels[k++] = r->names[i];
            }
        s = dm_render_comparison(r->ctx, order, labels, r->cli.nscenarios,
                                 path, NULL);
    }
    const dm_projection *p = r->proj[r->versus];
    if (s == DM_OK && drives_anything(r->ctx, p)) {
        snprintf(file, sizeof file, "sensitivity.%s", format);
        if ((path = output_path(r, file)) == NULL)
            return dm_context_last_status(r->ctx);
        s = dm_render_sensitivity(r->ctx, p, dm_open_land(r->ctx, p),
                                  DM_MEASURE_MONTHS_TO_80, 0, 15, path, NULL);
    }
    return s;
}

/* map.png/.svg (when the work table came from the contamination model),
 * comparison and sensitivity charts and burndown.png/.svg in the
 * output. */
static int draw_pictures(run *r)
{
    static const char *const formats[] = {"png", "svg"};
    char file[16];
    const char *path;
    for (size_t f = 0; f < 2; f++) {
        dm_status s = DM_OK;
        if (r->contamination != NULL) {
            snprintf(file, sizeof file, "map.%s", formats[f]);
            if ((path = output_path(r, file)) == NULL)
                return DM_EXIT_FAILED;
            dm_map_options mo;
            dm_cli_map_options(&r->cli, &mo);
            s = dm_render_map(r->ctx, r->regions, r->contamination, path, &mo);
        }
        if (s == DM_OK)
            s = draw_decisions(r, formats[f]);
        if (s == DM_OK) {
            snprintf(file, sizeof file, "burndown.%s", formats[f]);
            if ((path = output_path(r, file)) == NULL)
                return DM_EXIT_FAILED;
            dm_chart_options co;
            dm_chart_options_init(&co);
            co.record = r->record;
            s = dm_render_burndown(r->ctx,
                                   (const dm_projection *const *)r->proj,
                                   r->names, r->cli.nscenarios, path, &co);
        }
        if (s != DM_OK)
            return dm_cli_fail(&r->cli, r->ctx, s);
    }
    return DM_EXIT_OK;
}

/* ---- the report ---------------------------------------------------------
 */

/* The most runs the ranking of the assets takes: the first of the runs
 * (the same seed), as many as demine-plan --rank takes by default, enough
 * for the P50s it gives, and few enough that a planner's 10,000 runs (and
 * 1,469 units) do not pay for it five times over. */
#define RANK_RUNS 200

/* What US$1 m a year on each asset of the scenario compared with buys,
 * with the first RANK_RUNS of its runs, for the report: into r->ranks
 * (NULL with none). */
static int rank_assets(run *r, const dm_projection_options *po)
{
    const dm_scenario *sc = r->sc[r->versus];
    size_t count = dm_scenario_asset_count(r->ctx, sc);
    if (count == 0)
        return DM_EXIT_OK;
    r->ranks = calloc(count, sizeof *r->ranks);
    if (r->ranks == NULL) {
        fprintf(stderr, TOOL ": out of memory\n");
        return DM_EXIT_FAILED;
    }
    for (size_t i = 0; i < count; i++)
        dm_asset_rank_init(&r->ranks[i]);
    dm_projection_options first = *po;
    first.runs = po->runs < RANK_RUNS ? po->runs : RANK_RUNS;
    r->rank_runs = first.runs;
    dm_plan_options o;
    dm_plan_options_init(&o);
    o.projection = &first;
    dm_status s =
        dm_plan_rank(r->ctx, r->work, sc, &o, r->ranks, count, &r->nranks);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(&r->cli, r->ctx, s);
}

/* report.html in the output (and --report FILE): the page of the whole
 * run, made by the library from the projections. */
static int write_report(run *r)
{
    const char *path = output_path(r, "report.html");
    if (path == NULL)
        return DM_EXIT_FAILED;
    dm_report_options o;
    dm_report_options_init(&o);
    o.labels = r->names;
    o.scenarios = (const dm_scenario *const *)r->sc;
    o.scenario_files = (const char *const *)r->cli.scenarios;
    o.versus = r->versus;
    o.regions = r->regions;
    o.contamination = r->contamination;
    o.work_file = r->cli.work;
    o.record = r->record;
    o.record_file = r->record != NULL ? r->cli.record : NULL;
    o.posterior = r->fitted[r->versus] ? r->posterior : NULL;
    o.posterior_file = r->posterior_path;
    o.ranks = r->ranks;
    o.rank_count = r->nranks;
    o.rank_runs = r->rank_runs;
    o.by_years = r->cli.by;
    o.by_count = r->cli.nby;
    const dm_projection *const *p = (const dm_projection *const *)r->proj;
    dm_status s = dm_report_write(r->ctx, p, r->cli.nscenarios, path, &o);
    if (s == DM_OK && r->cli.report != NULL)
        s = dm_report_write(r->ctx, p, r->cli.nscenarios, r->cli.report, &o);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(&r->cli, r->ctx, s);
}

/* ---- main --------------------------------------------------------------- */

/* The default scenarios: every *.json of dm_data_dir()/scenarios, sorted. */
static int default_scenarios(glob_t *g, dm_cli *cli)
{
    char pattern[4096];
    snprintf(pattern, sizeof pattern, "%s/scenarios/*.json", dm_data_dir());
    if (glob(pattern, 0, NULL, g) != 0 || g->gl_pathc == 0) {
        fprintf(stderr,
                TOOL ": no scenario in '%s/scenarios' (give "
                     "--scenario FILE)\n",
                dm_data_dir());
        return DM_EXIT_FAILED;
    }
    for (size_t i = 0; i < g->gl_pathc && i < DM_CLI_MAX_SCENARIOS; i++)
        cli->scenarios[cli->nscenarios++] = g->gl_pathv[i];
    return DM_EXIT_OK;
}

static int parse_flags(dm_cli *cli, int argc, char **argv)
{
    return dm_cli_parse(cli, argc, argv,
                        DM_CLI_BOUNDARIES | DM_CLI_CONTAMINATION |
                            DM_CLI_PROJECTION | DM_CLI_OUT | DM_CLI_RECORD |
                            DM_CLI_POSTERIOR | DM_CLI_COMPARE | DM_CLI_SERIES,
                        TOOL,
                        "Project land release under clearance scenarios: "
                        "years to 80 % and 100 %\nreleased and the cost, "
                        "per region, per zone, for the land open at the\n"
                        "start and nationally (P50 and P10–P90 of the "
                        "Monte Carlo runs); then\neach scenario against "
                        "the first (--versus), run by run. Default\n"
                        "scenarios: every file in the data folder's "
                        "scenarios/. Years past\nthe horizon print as "
                        "'>H'.",
                        "folder for <scenario>-series.csv, "
                        "<scenario>-yearly.csv,\n"
                        "                        comparison.csv, "
                        "summary.json, map, comparison,\n"
                        "                        sensitivity and "
                        "burndown .png/.svg, report.html\n"
                        "                        (default: out)");
}

/* Whether scenario i draws from the posterior: every scenario that keeps
 * some of its fitted figures. A posterior given by --posterior must fit
 * each scenario; the embedded one fits those that extend the baseline,
 * and the others run from their ranges (their table says so). */
static int uses_posterior(run *r, size_t i)
{
    size_t n = 0;
    if (r->posterior == NULL)
        return DM_EXIT_OK;
    dm_status s = dm_posterior_applies(r->ctx, r->posterior, r->sc[i], &n);
    if (s != DM_OK)
        return dm_cli_fail(&r->cli, r->ctx, s);
    r->fitted[i] = n > 0;
    if (n == 0 && r->posterior_given) {
        fprintf(stderr,
                TOOL ": scenario '%s' keeps none of the figures fitted in "
                     "'%s' (give --posterior none to run it from its "
                     "ranges)\n",
                dm_scenario_name(r->ctx, r->sc[i]), r->cli.posterior);
        return DM_EXIT_FAILED;
    }
    return DM_EXIT_OK;
}

/* The work table and every scenario, before the long runs, so a typo fails
 * fast. */
static int load_inputs(run *r)
{
    int rc = dm_cli_load_work(&r->cli, r->ctx, &r->work, &r->regions,
                              &r->contamination);
    if (rc == DM_EXIT_OK && r->cli.nscenarios == 0) {
        r->globbed = 1;
        rc = default_scenarios(&r->glob, &r->cli);
    }
    for (size_t i = 0; rc == DM_EXIT_OK && i < r->cli.nscenarios; i++) {
        dm_status s = dm_scenario_load(r->ctx, r->cli.scenarios[i], &r->sc[i]);
        if (s != DM_OK)
            rc = dm_cli_fail(&r->cli, r->ctx, s);
    }
    if (rc == DM_EXIT_OK)
        rc = dm_cli_load_record(&r->cli, r->ctx, &r->record);
    if (rc == DM_EXIT_OK)
        rc = dm_cli_load_posterior(&r->cli, r->ctx, &r->posterior,
                                   &r->posterior_given);
    for (size_t i = 0; rc == DM_EXIT_OK && i < r->cli.nscenarios; i++)
        rc = uses_posterior(r, i);
    return rc;
}

/* summary.json, filled by project_one(). */
static void start_summary(run *r)
{
    const dm_cli *cli = &r->cli;
    r->root = json_object_new_object();
    r->all = json_object_new_array();
    json_object_object_add(
        r->root, "work",
        json_object_new_string(cli->work != NULL ? cli->work : ""));
    json_object_object_add(r->root, "seed",
                           json_object_new_uint64((uint64_t)cli->seed));
    if (r->posterior_given)
        snprintf(r->posterior_path, sizeof r->posterior_path, "%s",
                 cli->posterior);
    else
        snprintf(r->posterior_path, sizeof r->posterior_path, "%s/%s",
                 dm_data_dir(), DM_DEFAULT_POSTERIOR);
    json_object_object_add(r->root, "posterior",
                           r->posterior == NULL
                               ? NULL
                               : json_object_new_string(r->posterior_path));
    json_object_object_add(
        r->root, "record",
        r->record == NULL ? NULL : json_object_new_string(cli->record));
    json_object_object_add(
        r->root, "quantiles",
        json_object_new_string("P10, P50, P90 of the runs; "
                               "null: not within the horizon"));
    json_object_object_add(r->root, "scenarios", r->all);
}

/* Bytes above which --region-series auto counts the regions' series. */
#define EVERY_RUN_BUDGET (1ull << 30)

/* Whether scenario i keeps its regions' series as counts (--region-series;
 * auto: when every run's of the regions with land would take more than
 * EVERY_RUN_BUDGET), said once on stderr when auto chose it. */
static int region_counts(run *r, size_t i)
{
    if (r->cli.region_series != DM_CLI_SERIES_AUTO)
        return r->cli.region_series == DM_CLI_SERIES_COUNTS;
    size_t n = 0, R = dm_work_region_count(r->ctx, r->work);
    for (size_t k = 0; k < R; k++) {
        double km2 = 0.0;
        (void)dm_work_region_total_km2(r->ctx, r->work, k, &km2);
        n += km2 > 0.0;
    }
    double bytes = (double)n * (double)r->cli.runs * sizeof(double) *
                   (double)(dm_scenario_horizon(r->ctx, r->sc[i]) + 1);
    if (bytes <= (double)EVERY_RUN_BUDGET)
        return 0;
    if (!r->said_counts)
        fprintf(stderr,
                TOOL ": every run's series of %zu regions with land would "
                     "take %.1f GiB: each region's is counted in bins of "
                     "1/%d of its area, without its yearly figures "
                     "(--region-series every to keep them)\n",
                n, bytes / (double)(1ull << 30), DM_SUMMARY_BINS);
    r->said_counts = 1;
    return 1;
}

/* Projects scenario i: its table on stdout, its series in the output, its
 * part of the summary. */
static int project_one(run *r, size_t i)
{
    dm_context *ctx = r->ctx;
    dm_projection_options o;
    dm_projection_options_init(&o);
    o.runs = r->cli.runs;
    o.seed = r->cli.seed;
    o.threads = r->cli.threads;
    o.keep_series = 1;
    o.region_summaries = region_counts(r, i);
    o.posterior = r->fitted[i] ? r->posterior : NULL;
    progress bar = {dm_scenario_name(ctx, r->sc[i]), -1};
    if (isatty(STDERR_FILENO)) {
        o.progress = on_progress;
        o.progress_data = &bar;
    }
    dm_projection *p = NULL;
    dm_status s = dm_project(ctx, r->work, r->sc[i], &o, &p);
    if (s != DM_OK)
        return dm_cli_fail(&r->cli, ctx, s);
    r->proj[i] = p;
    r->names[i] = dm_scenario_name(ctx, r->sc[i]);
    print_table(ctx, &r->cli, r->cli.scenarios[i], r->sc[i], p);
    FILE *f = open_file(r, r->series_path[i], r->series_file[i]);
    if (f == NULL)
        return DM_EXIT_FAILED;
    int ok = write_series(ctx, f, r->names[i], p);
    if (close_file(r, f, r->series_file[i], ok) != DM_EXIT_OK)
        return DM_EXIT_FAILED;
    f = open_file(r, r->yearly_path[i], r->yearly_file[i]);
    if (f == NULL)
        return DM_EXIT_FAILED;
    ok = dm_write_yearly(ctx, f, r->names[i], p);
    if (close_file(r, f, r->yearly_file[i], ok) != DM_EXIT_OK)
        return DM_EXIT_FAILED;
    json_object_array_add(
        r->all, scenario_summary(ctx, r->cli.scenarios[i], r->sc[i], p));
    /* Its regional series are written: only the national one is needed for
     * the chart, so the memory of one projection is enough. */
    (void)dm_projection_drop_series(ctx, p);
    /* The ranking's projections after that: their memory does not come
     * on top of every run's series. */
    if (i == r->versus)
        return rank_assets(r, &o);
    return DM_EXIT_OK;
}

static void run_free(run *r)
{
    dm_cli_unguard_output();
    dm_output_abort(r->out);
    for (size_t i = 0; i < r->cli.nscenarios; i++) {
        dm_projection_free(r->proj[i]);
        free(r->series_file[i]);
        free(r->yearly_file[i]);
    }
    free(r->ranks);
    dm_contamination_free(r->contamination);
    dm_regions_free(r->regions);
    dm_posterior_free(r->posterior);
    dm_record_free(r->record);
    json_object_put(r->root);
    for (size_t i = 0; i < r->cli.nscenarios; i++)
        dm_scenario_free(r->sc[i]);
    if (r->globbed)
        globfree(&r->glob);
    dm_work_free(r->work);
    dm_context_free(r->ctx);
}

int main(int argc, char **argv)
{
    run r;
    memset(&r, 0, sizeof r);
    int rc = parse_flags(&r.cli, argc, argv);
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
    if (rc == DM_EXIT_OK)
        rc = begin_output(&r);
    start_summary(&r);
    if (rc == DM_EXIT_OK)
        rc = find_versus(&r);
    for (size_t i = 0; rc == DM_EXIT_OK && i < r.cli.nscenarios; i++)
        rc = project_one(&r, i);
    if (rc == DM_EXIT_OK)
        rc = compare_all(&r);
    if (rc == DM_EXIT_OK)
        rc = write_summary(&r);
    if (rc == DM_EXIT_OK)
        rc = draw_pictures(&r);
    if (rc == DM_EXIT_OK)
        rc = write_report(&r);
    if (rc == DM_EXIT_OK) {
        /* Every file moves into --out together; on any failure before,
         * run_free() removes them and the older files stay as they were. */
        dm_cli_unguard_output();
        dm_status s = dm_output_commit(r.ctx, r.out);
        r.out = NULL; /* freed either way */
        if (s != DM_OK)
            rc = dm_cli_fail(&r.cli, r.ctx, s);
    }
    run_free(&r);
    return rc;
}
