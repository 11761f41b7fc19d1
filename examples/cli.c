/* Command-line flags shared by the demine tools. */
#define _POSIX_C_SOURCE 200809L /* sigaction */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"

/* The flags from OPT_BOUNDARIES to OPT_REPORT set a field of dm_cli
 * (value_flag()); --help and --version come after them. */
enum {
    OPT_BOUNDARIES = 256,
    OPT_LAYER,
    OPT_WHERE,
    OPT_NAME_FIELD,
    OPT_CODE_FIELD,
    OPT_SOURCE_CRS,
    OPT_TARGET_CRS,
    OPT_FORMAT,
    OPT_OUT,
    OPT_SOURCES,
    OPT_SURVEY,
    OPT_SURVEY_LAYER,
    OPT_SURVEY_WHERE,
    OPT_SURVEY_FIELD,
    OPT_TARGET_SHARE,
    OPT_TARGET_KM2,
    OPT_LONLAT,
    OPT_OUT_FORMAT,
    OPT_MAP,
    OPT_LABELS,
    OPT_REGION_SERIES,
    OPT_SCENARIO,
    OPT_RUNS,
    OPT_SEED,
    OPT_THREADS,
    OPT_WORK,
    OPT_WORK_LAYER,
    OPT_WORK_WHERE,
    OPT_WORK_FIELD,
    OPT_AREA_UNIT,
    OPT_ASSET,
    OPT_FROM,
    OPT_RELEASE_SHARE,
    OPT_DEADLINE,
    OPT_QUANTILE,
    OPT_RECORD,
    OPT_POSTERIOR,
    OPT_PARTICLES,
    OPT_ZONES,
    OPT_VERSUS,
    OPT_BY,
    OPT_RANK,
    OPT_REPORT,
    OPT_HELP,
    OPT_VERSION
};

const char *const dm_cli_work_keys[DM_CLI_WORK_KEYS] = {
    "code", "name", "class", "zone", "state", "area"};
const char *const dm_cli_survey_keys[DM_CLI_SURVEY_KEYS] = {"class", "status",
                                                            "zone"};

/* "a, b or c" of n names, into buf. */
void dm_cli_list(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 i == 0       ? ""
                                 : i + 1 == n ? " or "
                                              : ", ",
                                 names[i]);
}

typedef struct flag_help {
    int id;
    unsigned group; /* 0: every tool */
    const char *usage;
    const char *text;
} flag_help;

static const flag_help help_rows[] = {
    {OPT_BOUNDARIES, DM_CLI_BOUNDARIES, "--boundaries SRC",
     "administrative boundaries, any GDAL vector source\n"
     "                        (default: the embedded Ukraine admin-1 file)"},
    {OPT_LAYER, DM_CLI_BOUNDARIES, "--layer NAME",
     "layer of the boundaries source (default: the first)"},
    {OPT_WHERE, DM_CLI_BOUNDARIES, "--where SQL",
     "attribute filter, an OGR SQL WHERE clause"},
    {OPT_NAME_FIELD, DM_CLI_BOUNDARIES, "--name-field F",
     "field with the unit's name (default: name)"},
    {OPT_CODE_FIELD, DM_CLI_BOUNDARIES, "--code-field F",
     "field with the unit's code (default: code)"},
    {OPT_SOURCE_CRS, DM_CLI_BOUNDARIES, "--source-crs CRS",
     "CRS of any input that has none, e.g. EPSG:4326"},
    {OPT_TARGET_CRS, DM_CLI_BOUNDARIES, "--target-crs CRS",
     "equal-area CRS to measure in (default: LAEA on Ukraine)"},
    {OPT_FORMAT, DM_CLI_FORMAT, "--format FMT",
     "output format: table (default), csv or json"},
    {OPT_SOURCES, DM_CLI_CONTAMINATION, "--sources SRC",
     "conflict sources, any GDAL vector source\n"
     "                        (default: the embedded Ukraine sources)"},
    {OPT_SURVEY, DM_CLI_CONTAMINATION, "--survey SRC",
     "surveyed hazardous-area polygons (SHA/CHA) instead\n"
     "                        of the model from conflict sources"},
    {OPT_SURVEY_LAYER, DM_CLI_CONTAMINATION, "--survey-layer NAME",
     "layer of the survey (default: the first)"},
    {OPT_SURVEY_WHERE, DM_CLI_CONTAMINATION, "--survey-where SQL",
     "survey polygons to read, an OGR SQL WHERE clause"},
    {OPT_SURVEY_FIELD, DM_CLI_CONTAMINATION, "--survey-field K=F,…",
     "the survey's field for each of class, status, zone\n"
     "                        (e.g. status=SHA_CHA when an IMSMA export's\n"
     "                        own Status says Active/Closed)"},
    {OPT_TARGET_SHARE, DM_CLI_CONTAMINATION, "--target-share X",
     "calibrate to this share of the national area instead\n"
     "                        (0.30: the authorities' about 30 %; 0 with\n"
     "                        --target-km2 0: bands as given)"},
    {OPT_TARGET_KM2, DM_CLI_CONTAMINATION, "--target-km2 N",
     "calibrate to N km² (default 160000: the 2023 estimate\n"
     "                        less its water; overrides --target-share)"},
    {OPT_LONLAT, DM_CLI_POLYGONS, "--lonlat",
     "write longitude, latitude (EPSG:4326) instead of the\n"
     "                        equal-area CRS (GeoJSON always is)"},
    {OPT_OUT_FORMAT, DM_CLI_POLYGONS, "--out-format DRIVER",
     "GDAL's driver for --out (e.g. GPKG, GeoJSON, CSV,\n"
     "                        \"ESRI Shapefile\"; default: the one GDAL\n"
     "                        lists for the file's extension)"},
    {OPT_MAP, DM_CLI_POLYGONS, "--map FILE",
     "draw the contamination map (.png or .svg)"},
    {OPT_LABELS, DM_CLI_POLYGONS, "--labels WHAT",
     "the map's region labels: codes (default), names or none"},
    {OPT_OUT, DM_CLI_OUT, "--out PATH", NULL /* the tool's own text */},
    {OPT_SCENARIO, DM_CLI_PROJECTION, "--scenario FILE",
     "scenario (JSON), repeatable (default: the tool's)"},
    {OPT_WORK, DM_CLI_PROJECTION, "--work SRC",
     "work table: km² per region, class, zone, state; any\n"
     "                        GDAL source with fields code, name, class, "
     "zone,\n"
     "                        state (optional), area_km2"},
    {OPT_WORK_LAYER, DM_CLI_PROJECTION, "--work-layer NAME",
     "layer of the work table (default: the first)"},
    {OPT_WORK_WHERE, DM_CLI_PROJECTION, "--work-where SQL",
     "rows of the work table to read, an OGR SQL WHERE clause"},
    {OPT_WORK_FIELD, DM_CLI_PROJECTION, "--work-field K=F,…",
     "the work table's field for each of code, name,\n"
     "                        class, zone, state, area (e.g. "
     "code=region_code,\n"
     "                        area=Area_km2: what an export calls them)"},
    {OPT_AREA_UNIT, DM_CLI_PROJECTION, "--area-unit km2|ha|m2",
     "the unit of the work table's areas (default km2)"},
    {OPT_RUNS, DM_CLI_PROJECTION, "--runs N",
     "Monte Carlo runs (default: the tool's)"},
    {OPT_SEED, DM_CLI_PROJECTION, "--seed S",
     "random seed (default 1); the same seed, the same results"},
    {OPT_THREADS, DM_CLI_PROJECTION | DM_CLI_CONTAMINATION, "--threads T",
     "worker threads (default: the processors online)"},
    {OPT_ASSET, DM_CLI_PLAN, "--asset NAME",
     "add units of this asset (default: scale all capacity)"},
    {OPT_FROM, DM_CLI_PLAN, "--from YYYY-MM",
     "month the extra units arrive (default: the start)"},
    {OPT_RELEASE_SHARE, DM_CLI_PLAN, "--release-share X",
     "share of the land open by the deadline to release\n"
     "                        (default 0.80)"},
    {OPT_DEADLINE, DM_CLI_PLAN, "--deadline YYYY-MM",
     "deadline (default 2033-12, the national strategy's)"},
    {OPT_QUANTILE, DM_CLI_PLAN, "--quantile Q",
     "runs that must meet it: 0.5 = P50 (default), 0.9 = P90"},
    {OPT_RECORD, DM_CLI_RECORD, "--record SRC",
     "the record: dated observations, any GDAL table\n"
     "                        (default: the embedded record of Ukraine; "
     "none)"},
    {OPT_POSTERIOR, DM_CLI_POSTERIOR, "--posterior FILE",
     "draw the fitted figures from this posterior (default:\n"
     "                        the embedded one, for the scenarios it fits; "
     "none:\n"
     "                        the scenarios' ranges)"},
    {OPT_PARTICLES, DM_CLI_CALIBRATE, "--particles N",
     "particles of the calibration (default 500)"},
    {OPT_ZONES, DM_CLI_PLAN, "--zones LIST",
     "the target land: zones accessible,front_line,occupied\n"
     "                        or all (default: those open by the deadline)"},
    {OPT_VERSUS, DM_CLI_COMPARE, "--versus NAME",
     "compare every scenario with this one (default: the\n"
     "                        first)"},
    {OPT_BY, DM_CLI_COMPARE, "--by YEARS",
     "years whose end the km² released are compared by\n"
     "                        (default 2026,2030,2033)"},
    {OPT_RANK, DM_CLI_RANK, "--rank",
     "rank the assets by what US$1 m a year on each buys"},
    {OPT_REGION_SERIES, DM_CLI_SERIES, "--region-series HOW",
     "each region's series of every run (every), or counted\n"
     "                        in bins of 1/128 of its area, without its "
     "yearly\n"
     "                        figures (counts); auto (default): counts when\n"
     "                        every run's would take more than 1 GiB"},
    {OPT_REPORT, DM_CLI_SERIES, "--report FILE",
     "write the report (one HTML page) to FILE too, beside\n"
     "                        report.html in --out"},
    {OPT_HELP, 0, "--help", "print this help and exit"},
    {OPT_VERSION, 0, "--version", "print the version and exit"},
};

static void print_help(const char *tool, const char *summary, unsigned groups,
                       const char *out_help)
{
    printf("Usage: %s [OPTION]...\n%s\n\nOptions:\n", tool, summary);
    for (size_t i = 0; i < sizeof help_rows / sizeof help_rows[0]; i++) {
        const flag_help *h = &help_rows[i];
        if (h->group != 0 && !(h->group & groups))
            continue;
        printf("  %-20s  %s\n", h->usage,
               h->text != NULL ? h->text : out_help);
    }
    printf("\nExit status: 0 success, 1 bad input or failed run, "
           "2 bad usage.\n");
}

/* A finite number in [min, max]; 0 when the text is not one. */
static int parse_number(const char *text, double min, double max, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v) || v < min || v > max)
        return 0;
    *out = v;
    return 1;
}

static int usage_error(const char *tool, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", tool);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help'.\n", tool);
    return DM_EXIT_USAGE;
}

/* Every flag; a tool takes those of its groups (see help_rows). */
static const struct option all_options[] = {
    {"boundaries", required_argument, NULL, OPT_BOUNDARIES},
    {"layer", required_argument, NULL, OPT_LAYER},
    {"where", required_argument, NULL, OPT_WHERE},
    {"name-field", required_argument, NULL, OPT_NAME_FIELD},
    {"code-field", required_argument, NULL, OPT_CODE_FIELD},
    {"source-crs", required_argument, NULL, OPT_SOURCE_CRS},
    {"target-crs", required_argument, NULL, OPT_TARGET_CRS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"out", required_argument, NULL, OPT_OUT},
    {"sources", required_argument, NULL, OPT_SOURCES},
    {"survey", required_argument, NULL, OPT_SURVEY},
    {"target-share", required_argument, NULL, OPT_TARGET_SHARE},
    {"target-km2", required_argument, NULL, OPT_TARGET_KM2},
    {"lonlat", no_argument, NULL, OPT_LONLAT},
    {"out-format", required_argument, NULL, OPT_OUT_FORMAT},
    {"labels", required_argument, NULL, OPT_LABELS},
    {"region-series", required_argument, NULL, OPT_REGION_SERIES},
    {"map", required_argument, NULL, OPT_MAP},
    {"scenario", required_argument, NULL, OPT_SCENARIO},
    {"runs", required_argument, NULL, OPT_RUNS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"work", required_argument, NULL, OPT_WORK},
    {"work-layer", required_argument, NULL, OPT_WORK_LAYER},
    {"work-where", required_argument, NULL, OPT_WORK_WHERE},
    {"work-field", required_argument, NULL, OPT_WORK_FIELD},
    {"area-unit", required_argument, NULL, OPT_AREA_UNIT},
    {"survey-layer", required_argument, NULL, OPT_SURVEY_LAYER},
    {"survey-where", required_argument, NULL, OPT_SURVEY_WHERE},
    {"survey-field", required_argument, NULL, OPT_SURVEY_FIELD},
    {"asset", required_argument, NULL, OPT_ASSET},
    {"from", required_argument, NULL, OPT_FROM},
    {"release-share", required_argument, NULL, OPT_RELEASE_SHARE},
    {"deadline", required_argument, NULL, OPT_DEADLINE},
    {"quantile", required_argument, NULL, OPT_QUANTILE},
    {"record", required_argument, NULL, OPT_RECORD},
    {"posterior", required_argument, NULL, OPT_POSTERIOR},
    {"particles", required_argument, NULL, OPT_PARTICLES},
    {"zones", required_argument, NULL, OPT_ZONES},
    {"versus", required_argument, NULL, OPT_VERSUS},
    {"by", required_argument, NULL, OPT_BY},
    {"rank", no_argument, NULL, OPT_RANK},
    {"report", required_argument, NULL, OPT_REPORT},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
};

#define OPTION_COUNT (sizeof all_options / sizeof all_options[0])

/* The flags of `groups` and those of every tool into opts, ended by a zero
 * entry, for getopt_long(). */
static void select_options(unsigned groups, struct option *opts)
{
    size_t n = 0;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        unsigned group = 0;
        for (size_t k = 0; k < sizeof help_rows / sizeof help_rows[0]; k++)
            if (help_rows[k].id == all_options[i].val)
                group = help_rows[k].group;
        if (group == 0 || (group & groups))
            opts[n++] = all_options[i];
    }
    memset(&opts[n], 0, sizeof opts[n]);
}

static void set_defaults(dm_cli *cli, const char *tool)
{
    memset(cli, 0, sizeof *cli);
    cli->tool = tool;
    dm_regions_options_init(&cli->regions);
    cli->format = DM_FORMAT_TABLE;
    snprintf(cli->default_boundaries, sizeof cli->default_boundaries, "%s/%s",
             dm_data_dir(), DM_DEFAULT_BOUNDARIES);
    cli->boundaries = cli->default_boundaries;
    snprintf(cli->default_sources, sizeof cli->default_sources, "%s/%s",
             dm_data_dir(), DM_DEFAULT_SOURCES);
    cli->sources = cli->default_sources;
    dm_contamination_options_init(&cli->contamination);
    cli->seed = 1;
    cli->area_unit_km2 = 1.0;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    cli->threads = cpus > 0 ? (unsigned)cpus : 1;
    cli->release_share = 0.80;
    cli->quantile = 0.5;
    snprintf(cli->default_record, sizeof cli->default_record, "%s/%s",
             dm_data_dir(), DM_DEFAULT_RECORD);
    cli->record = cli->default_record;
    static const int by[] = {2026, 2030, 2033};
    for (size_t i = 0; i < 3; i++)
        cli->by[i] = by[i];
    cli->nby = 3;
}

/* The flags whose value is kept as given (and --lonlat): 1 when c is one
 * of them, 0 otherwise. */
static int plain_flag(dm_cli *cli, int c)
{
    switch (c) {
    case OPT_BOUNDARIES: cli->boundaries = optarg; break;
    case OPT_LAYER: cli->regions.layer = optarg; break;
    case OPT_WHERE: cli->regions.where = optarg; break;
    case OPT_NAME_FIELD: cli->regions.name_field = optarg; break;
    case OPT_CODE_FIELD: cli->regions.code_field = optarg; break;
    case OPT_SOURCE_CRS: cli->regions.source_crs = optarg; break;
    case OPT_TARGET_CRS: cli->regions.target_crs = optarg; break;
    case OPT_OUT: cli->out = optarg; break;
    case OPT_SOURCES: cli->sources = optarg; break;
    case OPT_SURVEY: cli->survey = optarg; break;
    case OPT_LONLAT: cli->lonlat = 1; break;
    case OPT_OUT_FORMAT: cli->out_format = optarg; break;
    case OPT_MAP: cli->map = optarg; break;
    case OPT_WORK: cli->work = optarg; break;
    case OPT_WORK_LAYER: cli->work_layer = optarg; break;
    case OPT_WORK_WHERE: cli->work_where = optarg; break;
    case OPT_SURVEY_LAYER: cli->survey_layer = optarg; break;
    case OPT_SURVEY_WHERE: cli->survey_where = optarg; break;
    case OPT_ASSET: cli->asset = optarg; break;
    case OPT_RECORD: cli->record = optarg; break;
    case OPT_POSTERIOR: cli->posterior = optarg; break;
    case OPT_VERSUS: cli->versus = optarg; break;
    case OPT_RANK: cli->rank = 1; break;
    case OPT_REPORT: cli->report = optarg; break;
    default: return 0;
    }
    return 1;
}

/* The flag values below: -1 to go on, DM_EXIT_USAGE after a bad value
 * (message printed). */

/* The index of optarg among n names, or -1 after the usage error
 * "unknown WHAT 'x' (a, b or c)". */
static int choice(const dm_cli *cli, const char *what,
                  const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(optarg, names[i]) == 0)
            return (int)i;
    char fmt[256];
    int len = snprintf(fmt, sizeof fmt, "unknown %s '%%s' (", what);
    for (size_t i = 0; i < n && len > 0 && (size_t)len < sizeof fmt; i++)
        len += snprintf(fmt + len, sizeof fmt - (size_t)len, "%s%s",
                        i == 0       ? ""
                        : i + 1 == n ? " or "
                                     : ", ",
                        names[i]);
    if (len > 0 && (size_t)len < sizeof fmt)
        snprintf(fmt + len, sizeof fmt - (size_t)len, ")");
    usage_error(cli->tool, fmt, optarg);
    return -1;
}

/* --area-unit */
static int area_unit_flag(dm_cli *cli)
{
    static const char *const names[] = {"km2", "ha", "m2"};
    static const double km2[] = {1.0, DM_KM2_PER_HECTARE, DM_KM2_PER_M2};
    int i = choice(cli, "area unit", names, 3);
    if (i < 0)
        return DM_EXIT_USAGE;
    cli->area_unit_km2 = km2[i];
    return -1;
}

/* --region-series */
static int region_series_flag(dm_cli *cli)
{
    static const char *const names[] = {"every", "counts", "auto"};
    static const dm_cli_series how[] = {
        DM_CLI_SERIES_EVERY, DM_CLI_SERIES_COUNTS, DM_CLI_SERIES_AUTO};
    int i = choice(cli, "--region-series", names, 3);
    if (i < 0)
        return DM_EXIT_USAGE;
    cli->region_series = how[i];
    return -1;
}

/* --labels */
static int labels_flag(dm_cli *cli)
{
    static const char *const names[] = {"codes", "names", "none"};
    static const dm_map_labels labels[] = {
        DM_MAP_LABEL_CODE, DM_MAP_LABEL_NAME, DM_MAP_LABEL_NONE};
    int i = choice(cli, "labels", names, 3);
    if (i < 0)
        return DM_EXIT_USAGE;
    cli->labels = labels[i];
    return -1;
}

static int format_flag(dm_cli *cli)
{
    static const char *const names[] = {"table", "csv", "json"};
    static const dm_cli_format formats[] = {DM_FORMAT_TABLE, DM_FORMAT_CSV,
                                            DM_FORMAT_JSON};
    int i = choice(cli, "format", names, 3);
    if (i < 0)
        return DM_EXIT_USAGE;
    cli->format = formats[i];
    return -1;
}

/* --target-share, --target-km2 */
static int contamination_flag(dm_cli *cli, int c)
{
    if (c == OPT_TARGET_SHARE) {
        if (!parse_number(optarg, 0.0, 1.0, &cli->contamination.target_share))
            return usage_error(cli->tool,
                               "--target-share '%s' is not a "
                               "number from 0 to 1",
                               optarg);
        cli->share_given = 1;
    } else if (!parse_number(optarg, 0.0, HUGE_VAL,
                             &cli->contamination.target_km2)) {
        return usage_error(cli->tool,
                           "--target-km2 '%s' is not a "
                           "number of km² >= 0",
                           optarg);
    } else {
        cli->km2_given = 1;
    }
    return -1;
}

/* --scenario, --runs, --seed, --threads */
static int projection_flag(dm_cli *cli, int c)
{
    if (c == OPT_SCENARIO) {
        if (cli->nscenarios == DM_CLI_MAX_SCENARIOS)
            return usage_error(cli->tool,
                               "too many --scenario flags (at "
                               "most 32): '%s'",
                               optarg);
        cli->scenarios[cli->nscenarios++] = optarg;
        return -1;
    }
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(optarg, &end, 10);
    if (optarg[0] == '-' || end == optarg || *end != '\0' || errno != 0 ||
        (c != OPT_SEED && (v == 0 || v > DM_MAX_RUNS)) ||
        (c == OPT_THREADS && v > DM_MAX_THREADS))
        return usage_error(cli->tool,
                           c == OPT_SEED
                               ? "--seed needs a whole number, not '%s'"
                               : "--runs and --threads need a whole "
                                 "number from 1 (runs: to 1,000,000; "
                                 "threads: to 1024), not '%s'",
                           optarg);
    if (c == OPT_RUNS)
        cli->runs = (size_t)v;
    else if (c == OPT_SEED)
        cli->seed = v;
    else
        cli->threads = (unsigned)v;
    return -1;
}

/* --from, --deadline, --release-share, --quantile */
static int plan_flag(dm_cli *cli, int c)
{
    if (c == OPT_FROM || c == OPT_DEADLINE) {
        if (dm_month_parse(optarg, c == OPT_FROM
                                       ? &cli->from_month
                                       : &cli->deadline_month) != DM_OK)
            return usage_error(cli->tool, "'%s' is not a month YYYY-MM",
                               optarg);
        return -1;
    }
    char *end = NULL;
    double v = strtod(optarg, &end);
    if (end == optarg || *end != '\0' || !isfinite(v) ||
        (c == OPT_RELEASE_SHARE ? !(v > 0.0 && v <= 1.0)
                                : !(v >= 0.0 && v <= 1.0)))
        return usage_error(cli->tool,
                           c == OPT_QUANTILE
                               ? "--quantile needs a number from 0 to 1, "
                                 "not '%s'"
                               : "--release-share needs a share above 0, "
                                 "at most 1, not '%s'",
                           optarg);
    if (c == OPT_QUANTILE)
        cli->quantile = v;
    else
        cli->release_share = v;
    return -1;
}

/* --particles */
static int particles_flag(dm_cli *cli)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(optarg, &end, 10);
    if (optarg[0] == '-' || end == optarg || *end != '\0' || errno != 0 ||
        v < 2 || v > 1000000)
        return usage_error(cli->tool,
                           "--particles needs a whole number from 2 to "
                           "1,000,000, not '%s'",
                           optarg);
    cli->particles = (size_t)v;
    return -1;
}

/* --zones accessible,front_line,occupied or all. */
static int zones_flag(dm_cli *cli)
{
    static const char *const names[DM_ZONE_COUNT] = {"accessible",
                                                     "front_line", "occupied"};
    cli->zones = 0;
    if (strcmp(optarg, "all") == 0) {
        cli->zones = DM_ZONE_BIT(0) | DM_ZONE_BIT(1) | DM_ZONE_BIT(2);
        return -1;
    }
    for (const char *p = optarg;;) {
        size_t len = strcspn(p, ",");
        int found = -1;
        for (int z = 0; z < DM_ZONE_COUNT; z++)
            if (strlen(names[z]) == len && strncmp(p, names[z], len) == 0)
                found = z;
        if (found < 0)
            return usage_error(cli->tool,
                               "--zones needs zones accessible, front_line, "
                               "occupied (comma-separated) or all, not '%s'",
                               optarg);
        cli->zones |= DM_ZONE_BIT(found);
        if (p[len] == '\0')
            return -1;
        p += len + 1;
    }
}

/* --by 2026,2030,2033: years in increasing order. */
static int by_flag(dm_cli *cli)
{
    const char *p = optarg;
    cli->nby = 0;
    for (;;) {
        char *end = NULL;
        errno = 0;
        long y = strtol(p, &end, 10);
        if (end == p || errno != 0 || y < 1900 || y > 2200 ||
            (*end != ',' && *end != '\0') || cli->nby == DM_CLI_MAX_BY ||
            (cli->nby > 0 && y <= cli->by[cli->nby - 1]))
            return usage_error(cli->tool,
                               "--by needs years in increasing order, "
                               "comma-separated (at most 16), not '%s'",
                               optarg);
        cli->by[cli->nby++] = (int)y;
        if (*end == '\0')
            return -1;
        p = end + 1;
    }
}

/* A flag that sets a field of cli (OPT_BOUNDARIES to OPT_REPORT). */
/* --work-field / --survey-field "key=field,…": each key one of `keys`,
 * its field into fields[key's index] (pointing into buf, a copy). */
static int field_map(dm_cli *cli, const char *flag, const char *const *keys,
                     size_t nkeys, char *buf, size_t size, const char **fields)
{
    char why[512];
    if (snprintf(buf, size, "%s", optarg) >= (int)size) {
        snprintf(why, sizeof why, "%s: longer than %zu bytes", flag, size - 1);
        return usage_error(cli->tool, "%s", why);
    }
    for (char *item = strtok(buf, ","); item != NULL;
         item = strtok(NULL, ",")) {
        char *eq = strchr(item, '=');
        size_t k = 0;
        if (eq != NULL) {
            *eq = '\0';
            while (k < nkeys && strcmp(keys[k], item) != 0)
                k++;
        }
        if (eq == NULL || k == nkeys || eq[1] == '\0') {
            char list[128];
            dm_cli_list(list, sizeof list, keys, nkeys);
            snprintf(why, sizeof why,
                     "%s: '%.200s' is not KEY=FIELD with KEY one of %s", flag,
                     item, list);
            return usage_error(cli->tool, "%s", why);
        }
        fields[k] = eq + 1;
    }
    return -1;
}

static int value_flag(dm_cli *cli, int c)
{
    if (plain_flag(cli, c))
        return -1;
    switch (c) {
    case OPT_PARTICLES: return particles_flag(cli);
    case OPT_WORK_FIELD:
        return field_map(cli, "--work-field", dm_cli_work_keys,
                         DM_CLI_WORK_KEYS, cli->work_map, sizeof cli->work_map,
                         cli->work_fields);
    case OPT_SURVEY_FIELD:
        return field_map(cli, "--survey-field", dm_cli_survey_keys,
                         DM_CLI_SURVEY_KEYS, cli->survey_map,
                         sizeof cli->survey_map, cli->survey_fields);
    case OPT_BY: return by_flag(cli);
    case OPT_ZONES: return zones_flag(cli);
    case OPT_FORMAT: return format_flag(cli);
    case OPT_LABELS: return labels_flag(cli);
    case OPT_REGION_SERIES: return region_series_flag(cli);
    case OPT_AREA_UNIT: return area_unit_flag(cli);
    case OPT_TARGET_SHARE:
    case OPT_TARGET_KM2: return contamination_flag(cli, c);
    case OPT_SCENARIO:
    case OPT_RUNS:
    case OPT_SEED:
    case OPT_THREADS: return projection_flag(cli, c);
    default: return plan_flag(cli, c);
    }
}

int dm_cli_parse(dm_cli *cli, int argc, char **argv, unsigned groups,
                 const char *tool, const char *summary, const char *out_help)
{
    set_defaults(cli, tool);
    /* Only the flags of this tool's groups are accepted. */
    struct option opts[OPTION_COUNT + 1];
    select_options(groups, opts);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c >= OPT_BOUNDARIES && c <= OPT_REPORT) {
            int rc = value_flag(cli, c);
            if (rc >= 0)
                return rc;
            continue;
        }
        switch (c) {
        case OPT_HELP:
            print_help(tool, summary, groups, out_help);
            return DM_EXIT_OK;
        case OPT_VERSION:
            printf("%s (demine) %s\n", tool, dm_version());
            return DM_EXIT_OK;
        case ':':
            return usage_error(tool, "option '%s' needs a value",
                               argv[optind - 1]);
        default:
            return usage_error(tool, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error(tool, "unexpected argument '%s'", argv[optind]);
    /* A share replaces the default area target; an area given wins. */
    if (cli->share_given && !cli->km2_given)
        cli->contamination.target_km2 = 0.0;
    cli->regions.threads = cli->threads; /* the outline's union too */
    return -1;
}

/* The last part of a path. */
void dm_cli_map_options(const dm_cli *cli, dm_map_options *o)
{
    dm_map_options_init(o);
    o->labels = cli->labels;
}

int dm_cli_usage(const dm_cli *cli, const char *message)
{
    return usage_error(cli->tool, "%s", message);
}

/* A repair that moved a feature's area by more than 1 % is told one by
 * one (a bow-tie drawn as 0 km² that became its two triangles); the
 * others only counted. */
static int repair_changed_area(double drawn, double repaired)
{
    return fabs(repaired - drawn) > 0.01 * fmax(fabs(drawn), repaired);
}

typedef dm_status (*repair_fn)(dm_context *, const void *, size_t,
                               const char **, const char **, double *,
                               double *);

static dm_status regions_repair(dm_context *ctx, const void *r, size_t i,
                                const char **where, const char **reason,
                                double *drawn, double *repaired)
{
    return dm_regions_repair(ctx, r, i, where, reason, drawn, repaired);
}

static dm_status survey_repair(dm_context *ctx, const void *c, size_t i,
                               const char **where, const char **reason,
                               double *drawn, double *repaired)
{
    return dm_contamination_repair(ctx, c, i, where, reason, drawn, repaired);
}

static size_t report_repairs(const dm_cli *cli, dm_context *ctx,
                             const void *obj, size_t n, repair_fn get)
{
    size_t told = 0;
    for (size_t i = 0; i < n; i++) {
        const char *where = "", *reason = "";
        double drawn = 0.0, repaired = 0.0;
        if (get(ctx, obj, i, &where, &reason, &drawn, &repaired) != DM_OK ||
            !repair_changed_area(drawn, repaired))
            continue;
        if (told++ < 10)
            fprintf(stderr,
                    "%s: %s was invalid (%s) and was repaired: %.3f km² as "
                    "drawn, %.3f km² once valid (GEOS make-valid keeps "
                    "every part it encloses)\n",
                    cli->tool, where, reason, drawn, repaired);
    }
    if (told > 10)
        fprintf(stderr,
                "%s: … and %zu more repaired features whose area "
                "changed by more than 1 %%\n",
                cli->tool, told - 10);
    return told;
}

/* What was read but not counted, or changed on the way, said on stderr
 * (a survey in the wrong CRS would otherwise vanish without a word). */
static void report_input(const dm_cli *cli, dm_context *ctx,
                         const dm_regions *regions, const dm_contamination *c)
{
    double outside = 0.0;
    (void)dm_contamination_outside_km2(ctx, c, &outside);
    if (outside >= 0.05) /* what shows as 0.1 km²; less is the edges' */
        fprintf(stderr,
                "%s: %.1f km² of the survey polygons lie outside every "
                "region and are not counted (their CRS, or the "
                "boundaries?)\n",
                cli->tool, outside);
    size_t nb = dm_regions_repaired_count(ctx, regions),
           ns = dm_contamination_repaired_count(ctx, c);
    size_t told = report_repairs(cli, ctx, regions, nb, regions_repair) +
                  report_repairs(cli, ctx, c, ns, survey_repair);
    if (nb + ns > told)
        fprintf(stderr,
                "%s: %zu boundary unit(s) and %zu survey polygon(s) were "
                "invalid (self-intersecting) and were repaired; %zu of them "
                "changed their area by 1 %% or less\n",
                cli->tool, nb, ns, nb + ns - told);
}

static void add_repairs(json_object *a, dm_context *ctx, const void *obj,
                        size_t n, repair_fn get, const char *input)
{
    for (size_t i = 0; i < n; i++) {
        const char *where = "", *reason = "";
        double drawn = 0.0, repaired = 0.0;
        if (get(ctx, obj, i, &where, &reason, &drawn, &repaired) != DM_OK)
            continue;
        json_object *o = json_object_new_object();
        json_object_object_add(o, "input", json_object_new_string(input));
        json_object_object_add(o, "feature", json_object_new_string(where));
        json_object_object_add(o, "reason", json_object_new_string(reason));
        json_object_object_add(o, "drawn_km2", dm_cli_json_double(drawn));
        json_object_object_add(o, "repaired_km2",
                               dm_cli_json_double(repaired));
        json_object_array_add(a, o);
    }
}

void dm_cli_input_json(struct json_object *root, dm_context *ctx,
                       const dm_regions *regions, const dm_contamination *c)
{
    double outside = 0.0;
    (void)dm_contamination_outside_km2(ctx, c, &outside);
    size_t nb = dm_regions_repaired_count(ctx, regions),
           ns = dm_contamination_repaired_count(ctx, c);
    json_object_object_add(root, "outside_km2", dm_cli_json_double(outside));
    json_object_object_add(root, "boundaries_repaired",
                           json_object_new_int64((int64_t)nb));
    json_object_object_add(root, "survey_repaired",
                           json_object_new_int64((int64_t)ns));
    json_object *a = json_object_new_array();
    add_repairs(a, ctx, regions, nb, regions_repair, "boundaries");
    add_repairs(a, ctx, c, ns, survey_repair, "survey");
    json_object_object_add(root, "repairs", a);
}

static dm_status load_contamination(const dm_cli *cli, dm_context *ctx,
                                    const dm_regions *regions,
                                    dm_contamination **out)
{
    if (cli->survey != NULL) {
        dm_survey_options so;
        dm_survey_options_init(&so);
        so.source_crs = cli->regions.source_crs;
        so.layer = cli->survey_layer;
        so.where = cli->survey_where;
        so.threads = cli->threads;
        const char **f[DM_CLI_SURVEY_KEYS] = {
            &so.class_field, &so.status_field, &so.zone_field};
        for (size_t k = 0; k < DM_CLI_SURVEY_KEYS; k++)
            if (cli->survey_fields[k] != NULL)
                *f[k] = cli->survey_fields[k];
        return dm_contamination_load_survey(ctx, regions, cli->survey, &so,
                                            out);
    }
    dm_sources_options o;
    dm_sources_options_init(&o);
    o.source_crs = cli->regions.source_crs;
    dm_sources *sources = NULL;
    dm_status s = dm_sources_load(ctx, cli->sources, &o, &sources);
    dm_contamination_options co = cli->contamination;
    co.threads = cli->threads;
    if (s == DM_OK)
        s = dm_contamination_build(ctx, regions, sources, &co, out);
    dm_sources_free(sources);
    return s;
}

dm_status dm_cli_contamination(const dm_cli *cli, dm_context *ctx,
                               const dm_regions *regions,
                               dm_contamination **out)
{
    dm_status s = load_contamination(cli, ctx, regions, out);
    if (s == DM_OK)
        report_input(cli, ctx, regions, *out);
    return s;
}

int dm_cli_load_work(const dm_cli *cli, dm_context *ctx, dm_work **work,
                     dm_regions **regions, dm_contamination **contamination)
{
    dm_status s;
    if (cli->work != NULL) {
        /* A table of areas, e.g. a mine-action database's export. */
        dm_work_load_options o;
        dm_work_load_options_init(&o);
        o.layer = cli->work_layer;
        o.where = cli->work_where;
        const char **f[DM_CLI_WORK_KEYS] = {&o.code_field,  &o.name_field,
                                            &o.class_field, &o.zone_field,
                                            &o.state_field, &o.area_field};
        for (size_t k = 0; k < DM_CLI_WORK_KEYS; k++)
            if (cli->work_fields[k] != NULL)
                *f[k] = cli->work_fields[k];
        o.area_unit_km2 = cli->area_unit_km2;
        /* Checked against the boundaries: a region that holds more land
         * to work than it has is a table in hectares or m². */
        dm_regions *r = NULL;
        s = dm_regions_load(ctx, cli->boundaries, &cli->regions, &r);
        o.regions = r;
        if (s == DM_OK)
            s = dm_work_load(ctx, cli->work, &o, work);
        dm_regions_free(r);
        return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(cli, ctx, s);
    }
    /* Otherwise the contamination of the boundaries and sources. */
    dm_regions *r = NULL;
    dm_contamination *c = NULL;
    s = dm_regions_load(ctx, cli->boundaries, &cli->regions, &r);
    if (s == DM_OK)
        s = dm_cli_contamination(cli, ctx, r, &c);
    if (s == DM_OK)
        s = dm_work_from_contamination(ctx, c, work);
    if (s == DM_OK && regions != NULL && contamination != NULL) {
        *regions = r;
        *contamination = c;
        return DM_EXIT_OK;
    }
    dm_contamination_free(c);
    dm_regions_free(r);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(cli, ctx, s);
}

int dm_cli_load_record(const dm_cli *cli, dm_context *ctx, dm_record **record)
{
    *record = NULL;
    if (strcmp(cli->record, "none") == 0)
        return DM_EXIT_OK;
    dm_status s = dm_record_load(ctx, cli->record, NULL, record);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(cli, ctx, s);
}

int dm_cli_load_posterior(const dm_cli *cli, dm_context *ctx,
                          dm_posterior **posterior, int *given)
{
    *posterior = NULL;
    *given = cli->posterior != NULL && strcmp(cli->posterior, "none") != 0;
    if (cli->posterior != NULL && !*given)
        return DM_EXIT_OK;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dm_data_dir(), DM_DEFAULT_POSTERIOR);
    const char *file = *given ? cli->posterior : path;
    if (!*given && access(file, F_OK) != 0)
        return DM_EXIT_OK; /* no embedded posterior: the ranges */
    dm_status s = dm_posterior_load(ctx, file, posterior);
    return s == DM_OK ? DM_EXIT_OK : dm_cli_fail(cli, ctx, s);
}

void dm_cli_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int dm_cli_fail(const dm_cli *cli, dm_context *ctx, dm_status status)
{
    fprintf(stderr, "%s: %s (%s)\n", cli->tool, dm_context_last_error(ctx),
            dm_status_str(status));
    return DM_EXIT_FAILED;
}

struct json_object *dm_cli_json_double(double v)
{
    return isfinite(v) ? json_object_new_double(v) : NULL;
}

/* The output a signal removes; one at a time in a tool. */
static dm_output *volatile guarded;
static const int guarded_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    dm_output_abort_in_signal(guarded);
    /* End as the signal would have: its default action, raised again. */
    signal(sig, SIG_DFL);
    raise(sig);
}

void dm_cli_guard_output(dm_output *out)
{
    guarded = out;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof guarded_signals / sizeof *guarded_signals;
         i++)
        sigaddset(&sa.sa_mask, guarded_signals[i]);
    for (size_t i = 0; i < sizeof guarded_signals / sizeof *guarded_signals;
         i++)
        sigaction(guarded_signals[i], &sa, NULL);
}

void dm_cli_unguard_output(void)
{
    for (size_t i = 0; i < sizeof guarded_signals / sizeof *guarded_signals;
         i++)
        signal(guarded_signals[i], SIG_DFL);
    guarded = NULL;
}
