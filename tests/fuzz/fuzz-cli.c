/* Fuzz target: the tools' command lines. The input, split at line breaks,
 * is argv (up to 64 arguments) for dm_cli_parse() with every group of
 * flags the tools take: numbers, months, years, lists of zones, formats.
 * It either accepts them (every value in its domain) or returns the usage
 * status; it never reads past argv or keeps a pointer it does not own.
 * What the parser prints (help, usage errors) goes to /dev/null. */
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

/* Points stdout and stderr at /dev/null (saved in keep[2]), or back. */
static void quiet(int on, int keep[2])
{
    fflush(stdout);
    fflush(stderr);
    if (on) {
        int null = open("/dev/null", O_WRONLY);
        keep[0] = dup(1);
        keep[1] = dup(2);
        dup2(null, 1);
        dup2(null, 2);
        close(null);
    } else {
        dup2(keep[0], 1);
        dup2(keep[1], 2);
        close(keep[0]);
        close(keep[1]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[MAX_ARGS + 2] = {"demine-fuzz"};
    int argc = 1;
    for (char *p = text; argc <= MAX_ARGS;) {
        argv[argc++] = p;
        char *nl = strchr(p, '\n');
        if (nl == NULL)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    argv[argc] = NULL;
    static dm_cli cli;
    int keep[2];
    quiet(1, keep);
    int rc = dm_cli_parse(&cli, argc, argv, ~0u, "demine-fuzz", "fuzzing",
                          "the output");
    quiet(0, keep);
    /* Accepted: the values are in their documented domains. */
    if (rc < 0 &&
        (cli.runs > DM_MAX_RUNS || cli.nscenarios > DM_CLI_MAX_SCENARIOS ||
         cli.nby > DM_CLI_MAX_BY ||
         (cli.area_unit_km2 != 1.0 &&
          cli.area_unit_km2 != DM_KM2_PER_HECTARE &&
          cli.area_unit_km2 != DM_KM2_PER_M2)))
        abort();
    free(text);
    return 0;
}
