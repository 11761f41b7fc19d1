/* Command-line flags shared by the demine tools: one meaning everywhere
 * (see DESIGN.md). Uses only the public header. */
#ifndef DM_CLI_H
#define DM_CLI_H

#include <stdio.h>

#include "demine.h"

/* Exit statuses of every tool. */
enum {
    DM_EXIT_OK = 0,
    DM_EXIT_FAILED = 1,
    DM_EXIT_USAGE = 2
};

typedef enum dm_cli_format {
    DM_FORMAT_TABLE,
    DM_FORMAT_CSV,
    DM_FORMAT_JSON
} dm_cli_format;

/* The keys of --work-field (code, name, class, zone, state, area) and
 * --survey-field (class, status, zone), in the order of the fields of
 * dm_work_load_options and dm_survey_options they set. */
#define DM_CLI_WORK_KEYS 6
#define DM_CLI_SURVEY_KEYS 3
extern const char *const dm_cli_work_keys[DM_CLI_WORK_KEYS];
extern const char *const dm_cli_survey_keys[DM_CLI_SURVEY_KEYS];

/* "a, b or c" of n names, into buf. */
void dm_cli_list(char *buf, size_t size, const char *const *names, size_t n);

/* Which groups of flags a tool takes. */
enum {
    DM_CLI_BOUNDARIES = 1u << 0, /* --boundaries --layer --where --name-field
                                    --code-field --source-crs --target-crs */
    DM_CLI_FORMAT = 1u << 1,     /* --format table|csv|json */
    DM_CLI_OUT = 1u << 2,        /* --out PATH (a file or a folder: the tool
                                    says which) */
    DM_CLI_CONTAMINATION = 1u << 3, /* --sources --survey --target-share
                                       --target-km2 */
    DM_CLI_PROJECTION = 1u << 4,    /* --scenario FILE (repeatable) --runs N
                                       --seed S --threads T --work SRC
                                       --work-layer NAME */
    DM_CLI_PLAN = 1u << 5,          /* --asset NAME --from YYYY-MM
                                       --release-share X --deadline YYYY-MM
                                       --quantile Q --zones LIST */
    DM_CLI_POLYGONS = 1u << 6,      /* --lonlat --map (demine-contamination) */
    DM_CLI_RECORD = 1u << 7,        /* --record SRC|none */
    DM_CLI_POSTERIOR = 1u << 8,     /* --posterior FILE|none */
    DM_CLI_CALIBRATE = 1u << 9,     /* --particles N */
    DM_CLI_COMPARE = 1u << 10,      /* --versus NAME --by YEARS */
    DM_CLI_RANK = 1u << 11,         /* --rank */
    DM_CLI_SERIES = 1u << 12        /* --region-series --report FILE
                                       (demine-project) */
};

/* How the regions' series are kept (--region-series). */
typedef enum dm_cli_series {
    DM_CLI_SERIES_AUTO, /* counts when every run's would not fit */
    DM_CLI_SERIES_EVERY,
    DM_CLI_SERIES_COUNTS
} dm_cli_series;

/* Most years --by takes. */
#define DM_CLI_MAX_BY 16

/* Most --scenario flags one run takes. */
#define DM_CLI_MAX_SCENARIOS 32

typedef struct dm_cli {
    const char *tool; /* program name for messages */
    dm_regions_options regions;
    const char *boundaries; /* default: the embedded Ukraine file */
    dm_cli_format format;
    const char *out;     /* NULL: the tool's default */
    const char *sources; /* default: the embedded conflict sources */
    const char *survey;  /* NULL: model from the sources */
    dm_contamination_options contamination;
    int share_given, km2_given; /* --target-share, --target-km2 */
    int lonlat;                 /* --lonlat */
    const char *out_format;     /* --out-format DRIVER; NULL: by extension */
    const char *map;            /* --map FILE.png|svg */
    dm_map_labels labels;       /* --labels codes|names|none */
    char default_sources[4096];
    char default_boundaries[4096];
    /* DM_CLI_PROJECTION */
    const char *scenarios[DM_CLI_MAX_SCENARIOS];
    size_t nscenarios;       /* 0: the tool's default */
    size_t runs;             /* 0: the tool's default */
    unsigned long long seed; /* default 1 */
    unsigned threads;        /* default: the processors online */
    const char *work;       /* work table, any GDAL source; NULL: none given */
    const char *work_layer; /* NULL: the first */
    const char *work_where; /* --work-where SQL */
    double area_unit_km2;   /* --area-unit: km² per unit; default 1 */
    /* --work-field: the fields of dm_cli_work_keys (NULL: the default) */
    const char *work_fields[DM_CLI_WORK_KEYS];
    char work_map[1024];
    /* DM_CLI_CONTAMINATION's survey: --survey-layer, --survey-where and
     * --survey-field (the fields of dm_cli_survey_keys) */
    const char *survey_layer, *survey_where;
    const char *survey_fields[DM_CLI_SURVEY_KEYS];
    char survey_map[1024];
    /* DM_CLI_PLAN */
    const char *asset;    /* NULL: a multiplier of all capacity */
    int from_month;       /* DM_MONTH(); 0: the scenario's start */
    double release_share; /* default 0.80 */
    int deadline_month;   /* DM_MONTH(); 0: the strategy's, 2033-12 */
    double quantile;      /* default 0.5 */
    unsigned zones;       /* DM_ZONE_BIT()s; 0: those open by the deadline */
    /* DM_CLI_RECORD, DM_CLI_POSTERIOR, DM_CLI_CALIBRATE */
    const char *record;    /* default: the embedded record; "none": none */
    const char *posterior; /* NULL: the embedded one where it applies;
                              "none": none */
    size_t particles;      /* 0: the library's default */
    /* DM_CLI_COMPARE, DM_CLI_RANK */
    const char *versus;    /* NULL: the first scenario */
    int by[DM_CLI_MAX_BY]; /* years; default 2026, 2030, 2033 */
    size_t nby;
    int rank; /* --rank */
    /* DM_CLI_SERIES */
    dm_cli_series region_series;
    const char *report; /* --report FILE; NULL: only report.html in --out */
    char default_record[4096];
} dm_cli;

/* The map's options from the flags (--labels); its title and footer are
 * the library's, from the inputs the contamination was made of. */
void dm_cli_map_options(const dm_cli *cli, dm_map_options *o);

/* Parses argv. Returns -1 to go on, or an exit status: DM_EXIT_OK after
 * --help or --version, DM_EXIT_USAGE after a bad flag (message printed).
 * `summary` is the tool's description for --help; `out_help` describes its
 * --out (NULL when the tool takes no DM_CLI_OUT). */
int dm_cli_parse(dm_cli *cli, int argc, char **argv, unsigned groups,
                 const char *tool, const char *summary, const char *out_help);

/* The work table of a DM_CLI_PROJECTION tool: from --work (any GDAL
 * source, --work-layer). The one place that gets it, so that a default
 * (the embedded contamination) can take the place of the usage error.
 * Returns DM_EXIT_OK with *work (free with dm_work_free()), or the exit
 * status after printing why. */
int dm_cli_load_work(const dm_cli *cli, dm_context *ctx, dm_work **work,
                     dm_regions **regions, dm_contamination **contamination);

/* The contamination the flags ask for: survey polygons (--survey) or the
 * model from conflict sources (--sources, --target-*), on the boundaries
 * (--boundaries …). --source-crs serves every input without a CRS. Says
 * on stderr what was read but not counted (survey land outside every
 * region) and each repair that changed a feature's area by over 1 %. */
dm_status dm_cli_contamination(const dm_cli *cli, dm_context *ctx,
                               const dm_regions *regions,
                               dm_contamination **out);

/* The record of --record (the embedded one by default): DM_EXIT_OK with
 * *record, NULL for --record none (free with dm_record_free()), or the
 * exit status after printing why. */
int dm_cli_load_record(const dm_cli *cli, dm_context *ctx, dm_record **record);

/* The posterior of --posterior: DM_EXIT_OK with *posterior (free with
 * dm_posterior_free()): the file given, NULL for "none", or by default
 * the embedded one (NULL when there is none); *given: 1 when a file was
 * named. Or the exit status after printing why. */
int dm_cli_load_posterior(const dm_cli *cli, dm_context *ctx,
                          dm_posterior **posterior, int *given);

/* Prints "tool: message" and the --help hint on stderr and returns
 * DM_EXIT_USAGE, for a usage error a tool finds after parsing. */
int dm_cli_usage(const dm_cli *cli, const char *message);

/* While `out` is being written: SIGINT, SIGTERM and SIGHUP remove what it
 * wrote (dm_output_abort_in_signal()) before the process ends as the
 * signal would end it, so the folder's older files stay and no temporary
 * folder is left. dm_cli_unguard_output() before committing or aborting. */
void dm_cli_guard_output(dm_output *out);
void dm_cli_unguard_output(void);

/* A JSON number, or JSON null (NULL) when v is not finite: JSON has no
 * NaN or Infinity, so no output of the tools ever holds one. */
struct json_object *dm_cli_json_double(double v);

/* What the input lost or had repaired, added to a tool's JSON object:
 * outside_km2, boundaries_repaired and survey_repaired (counts), and
 * repairs: [{input, feature, reason, drawn_km2, repaired_km2}]. */
struct json_object;
void dm_cli_input_json(struct json_object *root, dm_context *ctx,
                       const dm_regions *regions, const dm_contamination *c);

/* Writes one CSV field, quoted (RFC 4180) when it holds a comma, a quote
 * or a line break. */
void dm_cli_csv_field(FILE *f, const char *s);

/* Prints "tool: message" on stderr for a failed library call and returns
 * DM_EXIT_FAILED. */
int dm_cli_fail(const dm_cli *cli, dm_context *ctx, dm_status status);

#endif
