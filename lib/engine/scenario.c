/* Scenarios: read a JSON file with json-c, lay it over the file it
 * extends, and keep the validated result (scenario-parse.c reads it);
 * the accessors of the public API. The schema is docs/scenario-format.md. */
#define _GNU_SOURCE /* realpath */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "scenario-parse-private.h"

/* Deepest chain of "extends" followed; a longer one is taken as a loop. */
#define MAX_EXTENDS_DEPTH 16
/* Largest scenario file read (a scenario is a few kB). */
#define MAX_FILE_BYTES (16u << 20)

/* ---- reading files and "extends" ------------------------------------- */

static dm_status read_file(dm_context *ctx, const char *path, char **text,
                           size_t *len)
{
    return dm_read_text_file(ctx, "scenario", path, MAX_FILE_BYTES,
                             DM_ERR_SCENARIO, text, len);
}

/* Lays `over` on `base` (both objects): keys of `over` replace those of
 * `base`, except "assets" (merged by name: a same-named asset's keys
 * replace the base asset's, a new name is appended) and the objects
 * "land_release", "access", "unconstrained_survey" (merged key by key).
 * Takes ownership of neither; `base` is changed. */
static dm_status merge_over(dm_context *ctx, json_object *base,
                            json_object *over)
{
    json_object_object_foreach (over, key, val) {
        if (strcmp(key, "extends") == 0)
            continue;
        json_object *old = NULL;
        int had = json_object_object_get_ex(base, key, &old);
        if (had && strcmp(key, "assets") == 0 &&
            json_object_get_type(old) == json_type_array &&
            json_object_get_type(val) == json_type_array) {
            for (size_t i = 0; i < json_object_array_length(val); i++) {
                json_object *a = json_object_array_get_idx(val, i), *name,
                            *match = NULL;
                if (json_object_get_type(a) == json_type_object &&
                    json_object_object_get_ex(a, "name", &name) &&
                    json_object_get_type(name) == json_type_string)
                    for (size_t k = 0; k < json_object_array_length(old);
                         k++) {
                        json_object *b = json_object_array_get_idx(old, k),
                                    *bn;
                        if (json_object_get_type(b) == json_type_object &&
                            json_object_object_get_ex(b, "name", &bn) &&
                            json_object_get_type(bn) == json_type_string &&
                            strcmp(json_object_get_string(bn),
                                   json_object_get_string(name)) == 0)
                            match = b;
                    }
                if (match != NULL) {
                    json_object_object_foreach (a, ak, av) {
                        if (json_object_object_add(match, ak,
                                                   json_object_get(av)) != 0)
                            return dm_no_memory(ctx);
                    }
                } else if (json_object_array_add(old, json_object_get(a)) !=
                           0) {
                    return dm_no_memory(ctx);
                }
            }
            continue;
        }
        if (had &&
            (strcmp(key, "land_release") == 0 || strcmp(key, "access") == 0 ||
             strcmp(key, "unconstrained_survey") == 0) &&
            json_object_get_type(old) == json_type_object &&
            json_object_get_type(val) == json_type_object) {
            json_object_object_foreach (val, k2, v2) {
                if (json_object_object_add(old, k2, json_object_get(v2)) != 0)
                    return dm_no_memory(ctx);
            }
            continue;
        }
        if (json_object_object_add(base, key, json_object_get(val)) != 0)
            return dm_no_memory(ctx);
    }
    return DM_OK;
}

/* The folder of a path ("." when it has none), into buf. */
static void dir_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(buf, size, ".");
    else if (slash == path)
        snprintf(buf, size, "/");
    else
        snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

static dm_status load_document(dm_context *ctx, const char *file,
                               const char *text, size_t len,
                               const char *base_dir, int depth,
                               json_object **out);

/* The base that `ext` (the value of "extends" in `file`) names, read and
 * checked as a scenario of its own; its errors name both files. */
static dm_status load_base(dm_context *ctx, const char *file, json_object *ext,
                           const char *base_dir, int depth, json_object **out)
{
    if (json_object_get_type(ext) != json_type_string ||
        json_object_get_string(ext)[0] == '\0')
        return dm_error(ctx, DM_ERR_SCENARIO,
                        "scenario '%s': extends: expected a file name, "
                        "found %s",
                        file,
                        json_object_get_type(ext) == json_type_string
                            ? "an empty string"
                            : dm_json_type_name(ext));
    if (depth >= MAX_EXTENDS_DEPTH)
        return dm_error(ctx, DM_ERR_SCENARIO,
                        "scenario '%s': extends: more than %d files extend "
                        "one another: a loop?",
                        file, MAX_EXTENDS_DEPTH);
    const char *name = json_object_get_string(ext);
    char base_path[PATH_MAX], base_base[PATH_MAX];
    if (name[0] == '/')
        snprintf(base_path, sizeof base_path, "%s", name);
    else
        snprintf(base_path, sizeof base_path, "%s/%s",
                 base_dir != NULL ? base_dir : ".", name);
    dir_of(base_path, base_base, sizeof base_base);
    char *btext = NULL;
    size_t blen = 0;
    dm_status s = read_file(ctx, base_path, &btext, &blen);
    if (s == DM_OK)
        s = load_document(ctx, base_path, btext, blen, base_base, depth + 1,
                          out);
    free(btext);
    if (s == DM_OK) {
        /* The base must be a valid scenario by itself. */
        dm_scenario *check = NULL;
        s = dm_scenario_build(ctx, base_path, *out, &check);
        dm_scenario_free(check);
        if (s != DM_OK) {
            json_object_put(*out);
            *out = NULL;
        }
    }
    if (s != DM_OK && s != DM_ERR_NO_MEMORY)
        /* Name the extending file too: the error is in what it extends. */
        dm_error_wrap(ctx, s, "scenario '%s' extends '%s'", file, name);
    return s;
}

/* The document of `file` (text given), with what it extends laid under it
 * and validated on its own first, so that an error in a base file names
 * that file. `depth` counts the chain. */
static dm_status load_document(dm_context *ctx, const char *file,
                               const char *text, size_t len,
                               const char *base_dir, int depth,
                               json_object **out)
{
    json_object *root = NULL, *ext = NULL, *base = NULL;
    dm_status s = dm_json_parse(ctx, "scenario", file, text, len,
                                DM_ERR_SCENARIO, &root);
    if (s != DM_OK)
        return s;
    if (json_object_get_type(root) != json_type_object ||
        !json_object_object_get_ex(root, "extends", &ext)) {
        *out = root;
        return DM_OK;
    }
    s = load_base(ctx, file, ext, base_dir, depth, &base);
    if (s == DM_OK)
        s = merge_over(ctx, base, root);
    json_object_put(root);
    if (s != DM_OK) {
        json_object_put(base);
        return s;
    }
    *out = base;
    return DM_OK;
}

static dm_status load_text(dm_context *ctx, const char *file, const char *text,
                           size_t len, const char *base_dir, dm_scenario **out)
{
    json_object *root = NULL;
    dm_status s = load_document(ctx, file, text, len, base_dir, 0, &root);
    if (s != DM_OK)
        return s;
    s = dm_scenario_build(ctx, file, root, out);
    json_object_put(root);
    return s;
}

dm_status dm_scenario_load(dm_context *ctx, const char *path,
                           dm_scenario **out)
{
    DM_CHECK(ctx, path, out);
    char *text = NULL;
    size_t len = 0;
    dm_status s = read_file(ctx, path, &text, &len);
    if (s != DM_OK)
        return s;
    char dir[PATH_MAX];
    dir_of(path, dir, sizeof dir);
    s = load_text(ctx, path, text, len, dir, out);
    free(text);
    return s;
}

dm_status dm_scenario_load_string(dm_context *ctx, const char *json,
                                  const char *base_dir, dm_scenario **out)
{
    DM_CHECK(ctx, json, out);
    return load_text(ctx, "<string>", json, strlen(json), base_dir, out);
}

void dm_scenario_free(dm_scenario *sc)
{
    if (sc == NULL)
        return;
    for (size_t i = 0; i < sc->nassets; i++) {
        free(sc->assets[i].name);
        free(sc->assets[i].steps);
    }
    free(sc->assets);
    if (sc->policy_codes != NULL)
        for (size_t i = 0; i < sc->npolicy; i++)
            free(sc->policy_codes[i]);
    free(sc->policy_codes);
    free(sc->policy_weights);
    free(sc->front);
    free(sc->ties);
    if (sc->param_names != NULL)
        for (size_t i = 0; i < sc->nparams; i++)
            free(sc->param_names[i]);
    free(sc->param_names);
    free(sc->param_is_count);
    free(sc->param_keys);
    free(sc->params);
    free(sc->name);
    free(sc->description);
    free(sc);
}

int dm_scenario_param_tied(const dm_scenario *sc, size_t i)
{
    for (size_t k = 0; k < sc->nties; k++)
        if (sc->ties[k][0] == i)
            return 1;
    return 0;
}

/* ---- accessors ---------------------------------------------------------- */

const char *dm_scenario_name(dm_context *ctx, const dm_scenario *scenario)
{
    DM_CHECK_OR(NULL, ctx, scenario);
    return scenario->name;
}

const char *dm_scenario_description(dm_context *ctx,
                                    const dm_scenario *scenario)
{
    DM_CHECK_OR(NULL, ctx, scenario);
    return scenario->description != NULL ? scenario->description : "";
}

dm_status dm_scenario_start(dm_context *ctx, const dm_scenario *scenario,
                            int *month)
{
    DM_CHECK(ctx, scenario, month);
    *month = scenario->start;
    return DM_OK;
}

size_t dm_scenario_horizon(dm_context *ctx, const dm_scenario *scenario)
{
    (void)ctx;
    return scenario != NULL ? scenario->horizon : 0;
}

size_t dm_scenario_asset_count(dm_context *ctx, const dm_scenario *scenario)
{
    (void)ctx;
    return scenario != NULL ? scenario->nassets : 0;
}

/* Asset i, or NULL with DM_ERR_OUT_OF_RANGE recorded. */
static const dm_asset *asset_at(dm_context *ctx, const dm_scenario *sc,
                                size_t i)
{
    if (i < sc->nassets)
        return &sc->assets[i];
    dm_out_of_range(ctx, "asset", i, sc->nassets);
    return NULL;
}

const char *dm_scenario_asset_name(dm_context *ctx,
                                   const dm_scenario *scenario, size_t i)
{
    DM_CHECK_OR(NULL, ctx, scenario);
    const dm_asset *a = asset_at(ctx, scenario, i);
    return a != NULL ? a->name : NULL;
}

dm_status dm_scenario_asset_kind(dm_context *ctx, const dm_scenario *scenario,
                                 size_t i, dm_asset_kind *kind)
{
    DM_CHECK(ctx, scenario, kind);
    const dm_asset *a = asset_at(ctx, scenario, i);
    if (a == NULL)
        return DM_ERR_OUT_OF_RANGE;
    *kind = (dm_asset_kind)a->kind;
    return DM_OK;
}

static const char *asset_name_at(const void *sc, size_t i)
{
    return ((const dm_scenario *)sc)->assets[i].name;
}

dm_status dm_scenario_asset_index(dm_context *ctx, const dm_scenario *sc,
                                  const char *name, size_t *index)
{
    for (size_t i = 0; i < sc->nassets; i++)
        if (strcmp(sc->assets[i].name, name) == 0) {
            *index = i;
            return DM_OK;
        }
    char list[512];
    dm_list_names(list, sizeof list, sc->nassets, asset_name_at, sc);
    return dm_error(ctx, DM_ERR_NOT_FOUND,
                    "scenario '%s' has no asset '%s' (assets: %s)", sc->name,
                    name, list);
}

dm_status dm_scenario_find_asset(dm_context *ctx, const dm_scenario *scenario,
                                 const char *name, size_t *index)
{
    DM_CHECK(ctx, scenario, name, index);
    return dm_scenario_asset_index(ctx, scenario, name, index);
}

dm_status dm_scenario_asset_units(dm_context *ctx, const dm_scenario *scenario,
                                  size_t i, int month, double *units)
{
    DM_CHECK(ctx, scenario, units);
    const dm_asset *a = asset_at(ctx, scenario, i);
    if (a == NULL)
        return DM_ERR_OUT_OF_RANGE;
    double u = 0.0;
    for (size_t k = 0; k < a->nsteps && a->steps[k].month <= month; k++)
        u = a->steps[k].value.mode;
    *units = u;
    return DM_OK;
}

dm_status dm_scenario_open_zones(dm_context *ctx, const dm_scenario *scenario,
                                 int month, unsigned *mask)
{
    DM_CHECK(ctx, scenario, mask);
    *mask = 0;
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        if (scenario->open[z] != DM_NEVER && scenario->open[z] <= month)
            *mask |= DM_ZONE_BIT(z);
    return DM_OK;
}

size_t dm_scenario_ranged_count(dm_context *ctx, const dm_scenario *scenario)
{
    (void)ctx;
    return scenario != NULL ? scenario->nranged : 0;
}
