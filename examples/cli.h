/* Command-line flags shared by the demine tools: one meaning everywhere
 * (see DESIGN.md). Uses only the public header. */
#ifndef DM_CLI_H
#define DM_CLI_H

#include <stdio.h>

#include "demine.h"

/* Exit statuses of every tool. */
enum { DM_EXIT_OK = 0, DM_EXIT_FAILED = 1, DM_EXIT_USAGE = 2 };

typedef enum dm_cli_format {
    DM_FORMAT_TABLE,
    DM_FORMAT_CSV,
    DM_FORMAT_JSON
} dm_cli_format;

/* Which groups of flags a tool takes. */
enum {
    DM_CLI_BOUNDARIES = 1u << 0, /* --boundaries --layer --where --name-field
                                    --code-field --source-crs --target-crs */
    DM_CLI_FORMAT = 1u << 1,     /* --format table|csv|json */
    DM_CLI_OUT = 1u << 2,        /* --out PATH (a file or a folder: the tool
                                    says which) */
    DM_CLI_CONTAMINATION = 1u << 3 /* --sources --survey --target-share
                                      --target-km2 --lonlat --map */
};

typedef struct dm_cli {
    const char *tool;       /* program name for messages */
    dm_regions_options regions;
    const char *boundaries; /* default: the embedded Ukraine file */
    dm_cli_format format;
    const char *out;        /* NULL: the tool's default */
    const char *sources;    /* default: the embedded conflict sources */
    const char *survey;     /* NULL: model from the sources */
    dm_contamination_options contamination;
    int lonlat;             /* --lonlat */
    const char *map;        /* --map FILE.png|svg */
    char default_sources[4096];
    char default_boundaries[4096];
} dm_cli;

/* Parses argv. Returns -1 to go on, or an exit status: DM_EXIT_OK after
 * --help or --version, DM_EXIT_USAGE after a bad flag (message printed).
 * `summary` is the tool's description for --help; `out_help` describes its
 * --out (NULL when the tool takes no DM_CLI_OUT). */
int dm_cli_parse(dm_cli *cli, int argc, char **argv, unsigned groups,
                 const char *tool, const char *summary, const char *out_help);

/* Prints "tool: message" on stderr for a failed library call and returns
 * DM_EXIT_FAILED. */
int dm_cli_fail(const dm_cli *cli, dm_context *ctx, dm_status status);

#endif
