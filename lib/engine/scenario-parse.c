/* Reading a scenario: a JSON document (already laid over the file it
 * extends) into a dm_scenario, strictly: every key known, every value in
 * its domain, messages naming the file and the key path. The schema is
 * docs/scenario-format.md. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <json-c/linkhash.h>

#include "sampler-private.h"
#include "scenario-parse-private.h"

/* Longest key path kept for messages. */
#define PATH_MAX_LEN 256
/* Longest month in days: working days per month cannot exceed it. */
#define DAYS_IN_LONGEST_MONTH 31.0

/* ---- parsing state and messages ------------------------------------- */

typedef struct parser {
    dm_context *ctx;
    const char *file; /* for messages */
    char path[PATH_MAX_LEN];
    size_t len;
} parser;

/* Moves the end of the path past the n characters just printed (cut at
 * the buffer's end); returns the old length for pop(). */
static size_t advance(parser *p, size_t old, int n)
{
    if (n > 0)
        p->len += (size_t)n < sizeof p->path - p->len
                      ? (size_t)n
                      : sizeof p->path - p->len - 1;
    return old;
}

/* Appends ".key" (or "key" at the top) to the path. */
static size_t push_key(parser *p, const char *key)
{
    return advance(p, p->len,
                   snprintf(p->path + p->len, sizeof p->path - p->len, "%s%s",
                            p->len ? "." : "", key));
}

/* Appends "[i]" to the path. */
static size_t push_index(parser *p, size_t i)
{
    return advance(
        p, p->len,
        snprintf(p->path + p->len, sizeof p->path - p->len, "[%zu]", i));
}

static void pop(parser *p, size_t old)
{
    p->len = old;
    p->path[old] = '\0';
}

/* Records an error naming the file and the current key path. */
static dm_status perr(parser *p, dm_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static dm_status perr(parser *p, dm_status status, const char *fmt, ...)
{
    char detail[DM_MESSAGE_MAX / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (p->len == 0)
        return dm_error(p->ctx, status, "scenario '%s': %s", p->file, detail);
    return dm_error(p->ctx, status, "scenario '%s': %s: %s", p->file, p->path,
                    detail);
}

const char *dm_json_type_name(const json_object *o)
{
    switch (json_object_get_type(o)) {
    case json_type_null: return "null";
    case json_type_boolean: return "a boolean";
    case json_type_double:
    case json_type_int: return "a number";
    case json_type_object: return "an object";
    case json_type_array: return "an array";
    case json_type_string: return "a string";
    }
    return "a value";
}

static int is_number(const json_object *o)
{
    json_type t = json_object_get_type(o);
    return t == json_type_int || t == json_type_double;
}

/* Rejects keys that are not in `allowed` (NULL-terminated), so a typo is
 * an error and not a silent default. */
static dm_status check_keys(parser *p, json_object *obj,
                            const char *const *allowed)
{
    json_object_object_foreach (obj, key, val) {
        (void)val;
        size_t n = 0;
        int known = 0;
        for (; allowed[n] != NULL; n++)
            known |= strcmp(key, allowed[n]) == 0;
        if (known)
            continue;
        char list[512];
        dm_list_strings(list, sizeof list, allowed, n);
        size_t old = push_key(p, key);
        dm_status s = perr(p, DM_ERR_SCENARIO,
                           "unknown key (the keys here are: %s)", list);
        pop(p, old);
        return s;
    }
    return DM_OK;
}

static dm_status expect_type(parser *p, const json_object *o, json_type type,
                             const char *what)
{
    if (json_object_get_type(o) != type)
        return perr(p, DM_ERR_SCENARIO, "expected %s, found %s", what,
                    dm_json_type_name(o));
    return DM_OK;
}

/* The string under `key` (optional: a missing key leaves *out alone). */
static dm_status string_key(parser *p, json_object *obj, const char *key,
                            int required, const char **out)
{
    json_object *x = NULL;
    size_t old = push_key(p, key);
    dm_status s = DM_OK;
    if (!json_object_object_get_ex(obj, key, &x)) {
        if (required)
            s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    } else if ((s = expect_type(p, x, json_type_string, "a string")) ==
               DM_OK) {
        *out = json_object_get_string(x);
    }
    pop(p, old);
    return s;
}

/* Most assets a scenario has: an asset is a kind of unit with its own
 * figures (the defaults have up to 7), so a thousand is far beyond any
 * plan, and keeps the checks of names and "like" quick. */
#define MAX_ASSETS 1000

/* Longest scenario name: it makes the names of output files. */
#define SCENARIO_NAME_MAX 64

/* Whether `name` may name a scenario, and so its output files: 1 to
 * SCENARIO_NAME_MAX of A-Z a-z 0-9 '-' '_' '.', a letter or digit first,
 * no "..": no path separator, no control character, no bytes that are not
 * ASCII, whatever the file system. */
static int scenario_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > SCENARIO_NAME_MAX || strstr(name, "..") != NULL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.')))
            return 0;
    }
    return 1;
}

/* `text` for a message: printable ASCII as it is, any other byte as \xNN
 * (no control character or stray byte reaches a terminal), cut with "…"
 * when longer than the buffer. */
static const char *escaped(const char *text, char *buf, size_t size)
{
    size_t k = 0;
    for (const unsigned char *c = (const unsigned char *)text;
         *c != '\0' && k + 8 < size; c++) {
        if (*c >= 0x20 && *c < 0x7f)
            buf[k++] = (char)*c;
        else
            k += (size_t)snprintf(buf + k, size - k, "\\x%02X", *c);
    }
    if (text[0] != '\0' && k + 8 >= size)
        k += (size_t)snprintf(buf + k, size - k, "…");
    buf[k] = '\0';
    return buf;
}

/* A required, non-empty name under "name", copied; a scenario's (top) one
 * must also make a file name. */
static dm_status name_key(parser *p, json_object *obj, int scenario,
                          char **out)
{
    const char *name = NULL;
    dm_status s = string_key(p, obj, "name", 1, &name);
    size_t old = push_key(p, "name");
    if (s == DM_OK && name[0] == '\0')
        s = perr(p, DM_ERR_BAD_VALUE, "an empty name");
    else if (s == DM_OK && scenario && !scenario_name_ok(name)) {
        char shown[4 * SCENARIO_NAME_MAX + 8];
        s = perr(p, DM_ERR_BAD_VALUE,
                 "'%s' is not a scenario name: 1 to %d of A-Z, a-z, 0-9, "
                 "'-', '_' and '.', a letter or digit first, no '..' (it "
                 "names the output files)",
                 escaped(name, shown, sizeof shown), SCENARIO_NAME_MAX);
    }
    pop(p, old);
    if (s == DM_OK && (*out = dm_strdup(p->ctx, name)) == NULL)
        s = DM_ERR_NO_MEMORY;
    return s;
}

/* ---- numbers and ranges ---------------------------------------------- */

typedef enum domain {
    NONNEG,   /* >= 0 */
    POSITIVE, /* > 0 */
    SHARE,    /* 0–1 */
    DAYS      /* 0–31 */
} domain;

/* The largest figure a scenario may give: no input of the model comes
 * near it (the largest default is survey's 10,000,000 m² per
 * operator-day), and products of a few such figures stay finite. */
#define FIGURE_MAX 1e12

static dm_status check_domain(parser *p, double v, domain d)
{
    if (!isfinite(v))
        return perr(p, DM_ERR_BAD_VALUE, "%g is not a finite number", v);
    if (fabs(v) > FIGURE_MAX)
        return perr(p, DM_ERR_BAD_VALUE,
                    "%g is larger than any figure of the model can be (at "
                    "most %g)",
                    v, FIGURE_MAX);
    switch (d) {
    case NONNEG:
        if (v < 0.0)
            return perr(p, DM_ERR_BAD_VALUE, "%g is negative (must be >= 0)",
                        v);
        break;
    case POSITIVE:
        if (!(v > 0.0))
            return perr(p, DM_ERR_BAD_VALUE, "%g must be > 0", v);
        break;
    case SHARE:
        if (v < 0.0 || v > 1.0)
            return perr(p, DM_ERR_BAD_VALUE,
                        "%g is not a share between 0 and 1", v);
        break;
    case DAYS:
        if (v < 0.0 || v > DAYS_IN_LONGEST_MONTH)
            return perr(p, DM_ERR_BAD_VALUE,
                        "%g is not a number of days in a month (0–%g)", v,
                        DAYS_IN_LONGEST_MONTH);
        break;
    }
    return DM_OK;
}

static dm_status number_value(parser *p, json_object *o, domain d, double *out)
{
    if (!is_number(o))
        return perr(p, DM_ERR_SCENARIO, "expected a number, found %s",
                    dm_json_type_name(o));
    double v = json_object_get_double(o);
    dm_status s = check_domain(p, v, d);
    if (s == DM_OK)
        *out = v;
    return s;
}

/* The three numbers of a range {"min", "mode", "max"}, in order. */
static dm_status range_value(parser *p, json_object *o, domain d,
                             dm_param *out)
{
    static const char *const keys[] = {"min", "mode", "max", NULL};
    dm_status s = check_keys(p, o, keys);
    double v[3];
    for (int i = 0; s == DM_OK && i < 3; i++) {
        json_object *x = NULL;
        size_t old = push_key(p, keys[i]);
        if (!json_object_object_get_ex(o, keys[i], &x))
            s = perr(p, DM_ERR_SCENARIO,
                     "missing (a range needs min, mode and max)");
        else
            s = number_value(p, x, d, &v[i]);
        pop(p, old);
    }
    if (s != DM_OK)
        return s;
    if (v[0] > v[1] || v[1] > v[2]) {
        size_t old = push_key(p, v[0] > v[1] ? "min" : "max");
        s = perr(p, DM_ERR_BAD_VALUE,
                 "min %g, mode %g, max %g are not in order (min <= mode <= "
                 "max)",
                 v[0], v[1], v[2]);
        pop(p, old);
        return s;
    }
    out->min = v[0];
    out->mode = v[1];
    out->max = v[2];
    return DM_OK;
}

/* A number, or a triangular range {"min", "mode", "max"}. */
static dm_status param_value(parser *p, json_object *o, domain d,
                             dm_param *out)
{
    if (is_number(o)) {
        double v = 0.0;
        dm_status s = number_value(p, o, d, &v);
        if (s == DM_OK)
            out->min = out->mode = out->max = v;
        return s;
    }
    if (json_object_get_type(o) != json_type_object)
        return perr(p, DM_ERR_SCENARIO,
                    "expected a number or a range {\"min\", \"mode\", "
                    "\"max\"}, found %s",
                    dm_json_type_name(o));
    return range_value(p, o, d, out);
}

/* The parameter under `key` of obj; when absent, `dflt` if given (NULL:
 * the key is required). */
static dm_status param_key(parser *p, json_object *obj, const char *key,
                           domain d, const double *dflt, dm_param *out)
{
    json_object *o = NULL;
    size_t old = push_key(p, key);
    dm_status s = DM_OK;
    if (!json_object_object_get_ex(obj, key, &o)) {
        if (dflt != NULL)
            out->min = out->mode = out->max = *dflt;
        else
            s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    } else {
        s = param_value(p, o, d, out);
    }
    pop(p, old);
    return s;
}

/* "YYYY-MM" as DM_MONTH(). */
static dm_status month_value(parser *p, json_object *o, int *out)
{
    if (json_object_get_type(o) != json_type_string)
        return perr(p, DM_ERR_SCENARIO,
                    "expected a month \"YYYY-MM\", found %s",
                    dm_json_type_name(o));
    const char *str = json_object_get_string(o);
    if (dm_month_parse(str, out) != DM_OK)
        return perr(p, DM_ERR_BAD_VALUE,
                    "'%s' is not a month \"YYYY-MM\" between %d-01 and "
                    "%d-12",
                    str, DM_YEAR_MIN, DM_YEAR_MAX);
    return DM_OK;
}

/* ---- an asset ------------------------------------------------------------
 */

/* Where an asset's numeric parameter is read. */
typedef enum place {
    IN_ASSET,    /* a key of the asset object */
    IN_DETECTOR, /* a key of its "detector" object */
    IN_SEASONS   /* an entry of its "seasonal_factors" array */
} place;

/* One row per dm_asset_param: its key, domain and default. */
static const struct asset_key {
    const char *key;
    place where;
    domain d;
    int required;
    double dflt;
} asset_keys[DM_AP_COUNT] = {
    [DM_AP_PRODUCTIVITY] = {"productivity_m2_per_day", IN_ASSET, NONNEG, 1,
                            0.0},
    [DM_AP_DAYS] = {"working_days_per_month", IN_ASSET, DAYS, 1, 0.0},
    [DM_AP_AVAILABILITY] = {"availability", IN_ASSET, SHARE, 0, 1.0},
    [DM_AP_TRAINING] = {"training_months", IN_ASSET, NONNEG, 0, 0.0},
    [DM_AP_COST] = {"cost_usd_per_unit_day", IN_ASSET, NONNEG, 1, 0.0},
    [DM_AP_SEARCH] = {"search_minutes_per_m2", IN_DETECTOR, POSITIVE, 1, 0.0},
    [DM_AP_FALSE_ALARMS] = {"false_alarms_per_m2", IN_DETECTOR, NONNEG, 1,
                            0.0},
    [DM_AP_FA_MINUTES] = {"minutes_per_false_alarm", IN_DETECTOR, NONNEG, 1,
                          0.0},
    [DM_AP_REJECTION] = {"rejection", IN_DETECTOR, SHARE, 1, 0.0},
#define SEASON(m)                                                             \
    [DM_AP_SEASONAL + (m)] = {"seasonal_factors", IN_SEASONS, NONNEG, 0, 1.0}
    SEASON(0),
    SEASON(1),
    SEASON(2),
    SEASON(3),
    SEASON(4),
    SEASON(5),
    SEASON(6),
    SEASON(7),
    SEASON(8),
    SEASON(9),
    SEASON(10),
    SEASON(11),
#undef SEASON
};

/* The keys of the parameters read at `where`, then `extra`, NULL-ended. */
static void keys_of(place where, const char *const *extra, const char **keys,
                    size_t size)
{
    size_t n = 0;
    for (int k = 0; k < DM_AP_COUNT && n + 1 < size; k++)
        if (asset_keys[k].where == where)
            keys[n++] = asset_keys[k].key;
    for (; *extra != NULL && n + 1 < size; extra++)
        keys[n++] = *extra;
    keys[n] = NULL;
}

/* The parameters of one place read from obj; with `like`, one that obj
 * does not give is like's (tied). */
static dm_status read_params(parser *p, json_object *obj, place where,
                             const dm_asset *like, dm_asset *a)
{
    dm_status s = DM_OK;
    for (int k = 0; s == DM_OK && k < DM_AP_COUNT; k++) {
        const struct asset_key *ak = &asset_keys[k];
        if (ak->where != where)
            continue;
        if (like != NULL &&
            (obj == NULL || !json_object_object_get_ex(obj, ak->key, NULL))) {
            a->p[k] = like->p[k];
            a->tied[k] = 1;
            continue;
        }
        s = param_key(p, obj, ak->key, ak->d, ak->required ? NULL : &ak->dflt,
                      &a->p[k]);
    }
    return s;
}

/* One step {"from": month, key: param} of a schedule. */
static dm_status parse_step(parser *p, json_object *step, const char *key,
                            const dm_step *prev, dm_step *out)
{
    const char *const keys[] = {"from", key, NULL};
    json_object *x = NULL;
    dm_status s = expect_type(p, step, json_type_object, "a step object");
    if (s == DM_OK)
        s = check_keys(p, step, keys);
    if (s != DM_OK)
        return s;
    size_t old = push_key(p, "from");
    if (!json_object_object_get_ex(step, "from", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else
        s = month_value(p, x, &out->month);
    if (s == DM_OK && prev != NULL && out->month <= prev->month)
        s = perr(p, DM_ERR_BAD_VALUE,
                 "'%s' is not after the previous step's month (steps go "
                 "forward in time)",
                 json_object_get_string(x));
    pop(p, old);
    if (s == DM_OK)
        s = param_key(p, step, key, NONNEG, NULL, &out->value);
    return s;
}

/* A schedule: one param (`what`) from the start on, or an array of steps
 * {"from": month, key: param}; into *steps (new) and *n. */
static dm_status parse_schedule(parser *p, json_object *o, int start,
                                const char *key, const char *what,
                                dm_step **steps, size_t *n)
{
    int one = is_number(o) || json_object_get_type(o) == json_type_object;
    if (!one && json_object_get_type(o) != json_type_array)
        return perr(p, DM_ERR_SCENARIO,
                    "expected a %s or an array of steps "
                    "[{\"from\": \"YYYY-MM\", \"%s\": N}], found %s",
                    what, key, dm_json_type_name(o));
    size_t count = one ? 1 : json_object_array_length(o);
    if (count == 0)
        return perr(p, DM_ERR_BAD_VALUE,
                    "an empty schedule (give at least one step)");
    *steps = calloc(count, sizeof **steps);
    if (*steps == NULL)
        return dm_no_memory(p->ctx);
    *n = count;
    if (one) {
        /* One value from the start on. */
        (*steps)[0].month = start;
        return param_value(p, o, NONNEG, &(*steps)[0].value);
    }
    dm_status s = DM_OK;
    for (size_t i = 0; s == DM_OK && i < count; i++) {
        size_t old = push_index(p, i);
        s = parse_step(p, json_object_array_get_idx(o, i), key,
                       i > 0 ? &(*steps)[i - 1] : NULL, &(*steps)[i]);
        pop(p, old);
    }
    return s;
}

static dm_status parse_seasons(parser *p, json_object *o, const dm_asset *like,
                               dm_asset *a)
{
    json_object *x = NULL;
    if (!json_object_object_get_ex(o, "seasonal_factors", &x))
        return read_params(p, NULL, IN_SEASONS, like, a); /* the defaults */
    size_t old = push_key(p, "seasonal_factors");
    dm_status s = expect_type(p, x, json_type_array, "an array of 12 factors");
    if (s == DM_OK && json_object_array_length(x) != DM_MONTHS_PER_YEAR)
        s = perr(p, DM_ERR_BAD_VALUE,
                 "%zu factors (one per month: 12, January first)",
                 json_object_array_length(x));
    for (int m = 0; s == DM_OK && m < DM_MONTHS_PER_YEAR; m++) {
        size_t o2 = push_index(p, (size_t)m);
        s = param_value(p, json_object_array_get_idx(x, (size_t)m),
                        asset_keys[DM_AP_SEASONAL + m].d,
                        &a->p[DM_AP_SEASONAL + m]);
        pop(p, o2);
    }
    pop(p, old);
    return s;
}

/* "a detector model is for manual assets only (this is a … asset)". */
static dm_status detector_kind_error(parser *p, const dm_asset *a)
{
    const char *with[16];
    size_t n = 0;
    for (size_t k = 0; k < dm_kind_count() && n < 16; k++)
        if (dm_kind((int)k)->detector)
            with[n++] = dm_kind((int)k)->name;
    char list[128];
    dm_list_strings(list, sizeof list, with, n);
    return perr(p, DM_ERR_BAD_VALUE,
                "a detector model is for %s assets only (this is a %s "
                "asset)",
                list, dm_kind(a->kind)->name);
}

/* The detector model; with `like`, the keys not given are like's, and no
 * "detector" at all is like's detector. */
static dm_status parse_detector(parser *p, json_object *o,
                                const dm_asset *like, dm_asset *a)
{
    json_object *x = NULL;
    const dm_asset *from = like != NULL && like->has_detector ? like : NULL;
    if (!json_object_object_get_ex(o, "detector", &x)) {
        if (from == NULL)
            return DM_OK;
        a->has_detector = 1;
        return read_params(p, NULL, IN_DETECTOR, from, a);
    }
    size_t old = push_key(p, "detector");
    static const char *const extra[] = {"description", NULL};
    const char *keys[DM_AP_COUNT + 2];
    keys_of(IN_DETECTOR, extra, keys, sizeof keys / sizeof keys[0]);
    dm_status s = DM_OK;
    if (!dm_kind(a->kind)->detector)
        s = detector_kind_error(p, a);
    if (s == DM_OK)
        s = expect_type(p, x, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, x, keys);
    if (s == DM_OK)
        s = read_params(p, x, IN_DETECTOR, from, a);
    if (s == DM_OK)
        a->has_detector = 1;
    pop(p, old);
    return s;
}

/* The kind: given, or the "like" asset's; given with "like", the same. */
static dm_status parse_kind(parser *p, json_object *o, const dm_asset *like,
                            dm_asset *a)
{
    const char *kind = NULL;
    dm_status s = string_key(p, o, "kind", like == NULL, &kind);
    if (s != DM_OK)
        return s;
    if (kind == NULL) {
        a->kind = like->kind;
        return DM_OK;
    }
    size_t old = push_key(p, "kind");
    if ((s = dm_kind_index(p->ctx, kind, &a->kind)) != DM_OK) {
        char why[DM_MESSAGE_MAX / 2];
        snprintf(why, sizeof why, "%s", dm_context_last_error(p->ctx));
        s = perr(p, s, "%s", why);
    } else if (like != NULL && a->kind != like->kind) {
        s = perr(p, DM_ERR_BAD_VALUE,
                 "'%s', but the asset it is like, '%s', is %s (an asset "
                 "shares figures only with one of its kind)",
                 kind, like->name, dm_kind(like->kind)->name);
    }
    pop(p, old);
    return s;
}

/* "like": an asset before this one, or NULL when not given. */
static dm_status parse_like(parser *p, json_object *o, const dm_asset *earlier,
                            size_t n, const dm_asset **like)
{
    const char *name = NULL;
    *like = NULL;
    dm_status s = string_key(p, o, "like", 0, &name);
    if (s != DM_OK || name == NULL)
        return s;
    for (size_t i = 0; i < n; i++)
        if (strcmp(earlier[i].name, name) == 0) {
            *like = &earlier[i];
            return DM_OK;
        }
    const char *names[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 64; i++)
        names[k++] = earlier[i].name;
    char list[512];
    dm_list_strings(list, sizeof list, names, k);
    size_t old = push_key(p, "like");
    s = perr(p, DM_ERR_BAD_VALUE,
             "'%s' is not an asset before this one (%s%s)", name,
             k > 0 ? "one of: " : "there is none", list);
    pop(p, old);
    return s;
}

/* Asset i of the scenario; `earlier` are the i before it. */
static dm_status parse_asset(parser *p, json_object *o, int start,
                             const dm_asset *earlier, size_t i, dm_asset *a)
{
    static const char *const extra[] = {
        "name",     "kind", "description", "count", "seasonal_factors",
        "detector", "like", NULL};
    const char *keys[DM_AP_COUNT + 10];
    keys_of(IN_ASSET, extra, keys, sizeof keys / sizeof keys[0]);
    const char *description = NULL;
    const dm_asset *like = NULL;
    json_object *x = NULL;
    a->like = -1;
    dm_status s = expect_type(p, o, json_type_object, "an asset object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    if (s == DM_OK)
        s = name_key(p, o, 0, &a->name);
    if (s == DM_OK)
        s = parse_like(p, o, earlier, i, &like);
    if (s == DM_OK && like != NULL)
        a->like = (int)(like - earlier);
    if (s == DM_OK)
        s = parse_kind(p, o, like, a);
    if (s == DM_OK)
        s = string_key(p, o, "description", 0, &description);
    if (s != DM_OK)
        return s;
    size_t old = push_key(p, "count");
    if (!json_object_object_get_ex(o, "count", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else
        s = parse_schedule(p, x, start, "count", "count", &a->steps,
                           &a->nsteps);
    pop(p, old);
    if (s == DM_OK)
        s = read_params(p, o, IN_ASSET, like, a);
    if (s == DM_OK)
        s = parse_seasons(p, o, like, a);
    if (s == DM_OK)
        s = parse_detector(p, o, like, a);
    return s;
}

static dm_status parse_assets(parser *p, json_object *root, dm_scenario *sc)
{
    json_object *x = NULL;
    dm_status s = DM_OK;
    size_t old = push_key(p, "assets");
    if (!json_object_object_get_ex(root, "assets", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (an array, possibly empty)");
    else
        s = expect_type(p, x, json_type_array, "an array of assets");
    size_t n = s == DM_OK ? json_object_array_length(x) : 0;
    if (s == DM_OK && n > MAX_ASSETS)
        s = perr(p, DM_ERR_BAD_VALUE,
                 "%zu assets, more than a scenario may have (%d): group "
                 "units of the same figures into one asset's count",
                 n, MAX_ASSETS);
    if (s == DM_OK && (sc->assets = calloc(n + 1, sizeof *sc->assets)) == NULL)
        s = dm_no_memory(p->ctx);
    /* The names so far, hashed (name → index + 1): linear in the assets. */
    struct lh_table *names = s == DM_OK ? lh_kchar_table_new(64, NULL) : NULL;
    if (s == DM_OK && names == NULL)
        s = dm_no_memory(p->ctx);
    for (size_t i = 0; s == DM_OK && i < n; i++) {
        size_t o2 = push_index(p, i);
        sc->nassets = i + 1;
        s = parse_asset(p, json_object_array_get_idx(x, i), sc->start,
                        sc->assets, i, &sc->assets[i]);
        struct lh_entry *e =
            s == DM_OK ? lh_table_lookup_entry(names, sc->assets[i].name)
                       : NULL;
        if (e != NULL) {
            size_t o3 = push_key(p, "name");
            s = perr(p, DM_ERR_BAD_VALUE,
                     "'%s' is also the name of assets[%zu] (names are "
                     "unique)",
                     sc->assets[i].name, (size_t)(uintptr_t)lh_entry_v(e) - 1);
            pop(p, o3);
        } else if (s == DM_OK &&
                   lh_table_insert(names, sc->assets[i].name,
                                   (void *)(uintptr_t)(i + 1)) != 0) {
            s = dm_no_memory(p->ctx);
        }
        pop(p, o2);
    }
    if (names != NULL)
        lh_table_free(names);
    pop(p, old);
    return s;
}

/* ---- land release, access, survey without limits ---------------------- */

static dm_status parse_class_shares(parser *p, json_object *c, dm_hazard h,
                                    dm_scenario *sc)
{
    const char *keys[DM_STAGE_COUNT + 1];
    size_t n = 0;
    for (int st = 0; st < DM_STAGE_COUNT; st++)
        if (dm_stage_row(st)->share_key != NULL)
            keys[n++] = dm_stage_row(st)->share_key;
    keys[n] = NULL;
    dm_status s = expect_type(p, c, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, c, keys);
    for (int st = 0; s == DM_OK && st < DM_STAGE_COUNT; st++) {
        const char *key = dm_stage_row(st)->share_key;
        if (key != NULL)
            s = param_key(p, c, key, SHARE, NULL, &sc->release[st][h]);
    }
    return s;
}

static dm_status parse_land_release(parser *p, json_object *root,
                                    dm_scenario *sc)
{
    static const char *const keys[] = {"high", "medium", "low", "description",
                                       NULL};
    json_object *o = NULL;
    size_t old = push_key(p, "land_release");
    dm_status s = DM_OK;
    if (!json_object_object_get_ex(root, "land_release", &o))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    if (s == DM_OK)
        s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    for (int h = 0; s == DM_OK && h < DM_HAZARD_COUNT; h++) {
        json_object *c = NULL;
        size_t o2 = push_key(p, dm_hazard_name((dm_hazard)h));
        if (!json_object_object_get_ex(o, dm_hazard_name((dm_hazard)h), &c))
            s = perr(p, DM_ERR_SCENARIO,
                     "missing (give the shares of each class: high, medium, "
                     "low)");
        else
            s = parse_class_shares(p, c, (dm_hazard)h, sc);
        pop(p, o2);
    }
    pop(p, old);
    /* Clearance releases all it takes. */
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int st = 0; st < DM_STAGE_COUNT; st++)
            if (dm_stage_row(st)->share_key == NULL)
                sc->release[st][h].min = sc->release[st][h].mode =
                    sc->release[st][h].max = 1.0;
    return s;
}

/* "open", a month, "never" or null for one zone. */
static dm_status access_value(parser *p, json_object *x, int *open)
{
    const char *text = json_object_get_type(x) == json_type_string
                           ? json_object_get_string(x)
                           : NULL;
    if (x == NULL || (text != NULL && strcmp(text, "never") == 0))
        *open = DM_NEVER;
    else if (text != NULL && strcmp(text, "open") == 0)
        *open = INT_MIN;
    else if (text != NULL)
        return month_value(p, x, open);
    else
        return perr(p, DM_ERR_SCENARIO,
                    "expected \"open\", a month \"YYYY-MM\", \"never\" or "
                    "null, found %s",
                    dm_json_type_name(x));
    return DM_OK;
}

/* The accessible zone's key before the front line was a zone of its own. */
#define OLD_ACCESSIBLE_KEY "controlled"

/* The width of the front-line zone, when given: one width, or widths at
 * dated steps. */
static dm_status front_line_width(parser *p, json_object *o, dm_scenario *sc)
{
    json_object *x = NULL;
    if (!json_object_object_get_ex(o, "front_line_km", &x))
        return DM_OK;
    size_t old = push_key(p, "front_line_km");
    dm_status s = parse_schedule(p, x, sc->start, "km", "width in km",
                                 &sc->front, &sc->nfront);
    for (size_t i = 0; s == DM_OK && i < sc->nfront; i++)
        if (sc->front[i].value.max > DM_MAX_FRONT_LINE_KM)
            s = perr(p, DM_ERR_BAD_VALUE,
                     "%g km is wider than the front profile reaches (%g km)",
                     sc->front[i].value.max, DM_MAX_FRONT_LINE_KM);
    pop(p, old);
    return s;
}

static dm_status parse_access(parser *p, json_object *o, dm_scenario *sc)
{
    const char *keys[DM_ZONE_COUNT + 4];
    for (int z = 0; z < DM_ZONE_COUNT; z++)
        keys[z] = dm_zone_name((dm_zone)z);
    keys[DM_ZONE_COUNT] = OLD_ACCESSIBLE_KEY;
    keys[DM_ZONE_COUNT + 1] = "front_line_km";
    keys[DM_ZONE_COUNT + 2] = "description";
    keys[DM_ZONE_COUNT + 3] = NULL;
    dm_status s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    if (s == DM_OK && json_object_object_get_ex(o, OLD_ACCESSIBLE_KEY, NULL) &&
        json_object_object_get_ex(o, keys[DM_ZONE_ACCESSIBLE], NULL))
        s = perr(p, DM_ERR_SCENARIO,
                 "both \"%s\" and \"" OLD_ACCESSIBLE_KEY "\" (its old name) "
                 "are given: keep one",
                 keys[DM_ZONE_ACCESSIBLE]);
    for (int z = 0; s == DM_OK && z < DM_ZONE_COUNT; z++) {
        const char *key = keys[z];
        json_object *x = NULL;
        if (z == DM_ZONE_ACCESSIBLE &&
            json_object_object_get_ex(o, OLD_ACCESSIBLE_KEY, NULL))
            key = OLD_ACCESSIBLE_KEY;
        if (!json_object_object_get_ex(o, key, &x))
            continue;
        size_t old = push_key(p, key);
        s = access_value(p, x, &sc->open[z]);
        pop(p, old);
    }
    if (s == DM_OK)
        s = front_line_width(p, o, sc);
    return s;
}

static dm_status parse_unconstrained(parser *p, json_object *o,
                                     dm_scenario *sc)
{
    static const char *const sub[] = {"cost_usd_per_ha", NULL};
    const char *keys[DM_STAGE_COUNT + 2];
    size_t n = 0;
    for (int st = 0; st < DM_STAGE_COUNT; st++)
        if (dm_stage_row(st)->may_be_unconstrained)
            keys[n++] = dm_stage_row(st)->name;
    keys[n++] = "description";
    keys[n] = NULL;
    dm_status s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    for (int st = 0; s == DM_OK && st < DM_STAGE_COUNT; st++) {
        const dm_stage_info *info = dm_stage_row(st);
        json_object *x = NULL;
        if (!info->may_be_unconstrained ||
            !json_object_object_get_ex(o, info->name, &x) || x == NULL)
            continue; /* null: constrained (an "extends" can undo it) */
        size_t old = push_key(p, info->name);
        s = expect_type(p, x, json_type_object,
                        "an object {\"cost_usd_per_ha\": N}");
        if (s == DM_OK)
            s = check_keys(p, x, sub);
        if (s == DM_OK)
            s = param_key(p, x, "cost_usd_per_ha", NONNEG, NULL,
                          &sc->unconstrained_cost[st]);
        if (s == DM_OK)
            sc->unconstrained[st] = 1;
        pop(p, old);
    }
    return s;
}

/* An asset of a stage that the scenario also says has no capacity limit
 * is a contradiction. */
static dm_status check_unconstrained(parser *p, const dm_scenario *sc)
{
    for (size_t i = 0; i < sc->nassets; i++) {
        const dm_kind_info *k = dm_kind(sc->assets[i].kind);
        if (!sc->unconstrained[k->stage])
            continue;
        size_t o2 = push_key(p, "assets");
        size_t o3 = push_index(p, i);
        dm_status s = perr(p, DM_ERR_BAD_VALUE,
                           "a %s asset, but unconstrained_survey.%s says "
                           "that survey has no capacity limit (remove one of "
                           "them)",
                           k->name, dm_stage_row(k->stage)->name);
        pop(p, o3);
        pop(p, o2);
        return s;
    }
    return DM_OK;
}

/* ---- the sharing policy ---------------------------------------------------
 */

static dm_status policy_type(parser *p, json_object *o, dm_policy *out)
{
    static const char *const names[] = {"proportional", "order", "weights",
                                        "priority"};
    const char *type = NULL;
    size_t old = push_key(p, "type");
    json_object *t = NULL;
    dm_status s = DM_OK;
    if (!json_object_object_get_ex(o, "type", &t))
        s = perr(p, DM_ERR_SCENARIO,
                 "missing (proportional, order, weights or priority)");
    else if ((s = expect_type(p, t, json_type_string, "a string")) == DM_OK) {
        type = json_object_get_string(t);
        s = perr(p, DM_ERR_BAD_VALUE,
                 "unknown policy '%s' (proportional, order, weights or "
                 "priority)",
                 type);
        for (int i = 0; i < 4; i++)
            if (strcmp(type, names[i]) == 0) {
                *out = (dm_policy)i;
                s = DM_OK;
            }
        if (s == DM_OK)
            dm_context_clear_error(p->ctx);
    }
    pop(p, old);
    return s;
}

static dm_status policy_order(parser *p, json_object *x, dm_scenario *sc)
{
    size_t old = push_key(p, "regions");
    dm_status s =
        x == NULL
            ? perr(p, DM_ERR_SCENARIO, "missing (the region codes in order)")
            : expect_type(p, x, json_type_array, "an array of region codes");
    size_t n = s == DM_OK ? json_object_array_length(x) : 0;
    if (s == DM_OK &&
        (sc->policy_codes = calloc(n + 1, sizeof(char *))) == NULL)
        s = dm_no_memory(p->ctx);
    /* The codes so far, hashed: linear in the regions listed. */
    struct lh_table *seen = s == DM_OK ? lh_kchar_table_new(64, NULL) : NULL;
    if (s == DM_OK && seen == NULL)
        s = dm_no_memory(p->ctx);
    for (size_t i = 0; s == DM_OK && i < n; i++) {
        json_object *c = json_object_array_get_idx(x, i);
        size_t o2 = push_index(p, i);
        s = expect_type(p, c, json_type_string, "a region code");
        if (s == DM_OK &&
            lh_table_lookup_entry(seen, json_object_get_string(c)) != NULL)
            s = perr(p, DM_ERR_BAD_VALUE, "'%s' is listed twice",
                     json_object_get_string(c));
        if (s == DM_OK && (sc->policy_codes[i] = dm_strdup(
                               p->ctx, json_object_get_string(c))) == NULL)
            s = DM_ERR_NO_MEMORY;
        if (s == DM_OK &&
            lh_table_insert(seen, sc->policy_codes[i], NULL) != 0)
            s = dm_no_memory(p->ctx);
        if (s == DM_OK)
            sc->npolicy = i + 1;
        pop(p, o2);
    }
    if (seen != NULL)
        lh_table_free(seen);
    pop(p, old);
    return s;
}

static dm_status policy_weights(parser *p, json_object *o, dm_scenario *sc)
{
    static const double one = 1.0;
    dm_status s =
        param_key(p, o, "default_weight", POSITIVE, &one, &sc->default_weight);
    if (s != DM_OK)
        return s;
    size_t old = push_key(p, "weights");
    json_object *w = NULL;
    if (!json_object_object_get_ex(o, "weights", &w))
        s = perr(p, DM_ERR_SCENARIO,
                 "missing (an object of region code: weight)");
    else
        s = expect_type(p, w, json_type_object,
                        "an object of region code: weight");
    size_t n = s == DM_OK ? (size_t)json_object_object_length(w) : 0;
    if (s == DM_OK &&
        ((sc->policy_codes = calloc(n + 1, sizeof(char *))) == NULL ||
         (sc->policy_weights = calloc(n + 1, sizeof(dm_param))) == NULL))
        s = dm_no_memory(p->ctx);
    if (s == DM_OK) {
        json_object_object_foreach (w, code, val) {
            size_t i = sc->npolicy;
            size_t o2 = push_key(p, code);
            s = param_value(p, val, POSITIVE, &sc->policy_weights[i]);
            if (s == DM_OK &&
                (sc->policy_codes[i] = dm_strdup(p->ctx, code)) == NULL)
                s = DM_ERR_NO_MEMORY;
            pop(p, o2);
            if (s != DM_OK)
                break;
            sc->npolicy = i + 1;
        }
    }
    pop(p, old);
    return s;
}

/* The classes of one stage's order: each class once. */
static dm_status class_order_of(parser *p, json_object *x, int *order)
{
    dm_status s =
        expect_type(p, x, json_type_array, "an array of the three classes");
    if (s == DM_OK && json_object_array_length(x) != DM_HAZARD_COUNT)
        s = perr(p, DM_ERR_BAD_VALUE,
                 "%zu classes (each of high, medium, low once)",
                 json_object_array_length(x));
    int seen[DM_HAZARD_COUNT] = {0};
    for (size_t i = 0; s == DM_OK && i < DM_HAZARD_COUNT; i++) {
        size_t old = push_index(p, i);
        json_object *c = json_object_array_get_idx(x, i);
        s = expect_type(p, c, json_type_string, "a class name");
        int h = -1;
        if (s == DM_OK &&
            dm_hazard_index(p->ctx, json_object_get_string(c), &h) != DM_OK)
            s = perr(p, DM_ERR_BAD_VALUE,
                     "unknown class '%s' (high, medium, "
                     "low)",
                     json_object_get_string(c));
        if (s == DM_OK && seen[h]++)
            s = perr(p, DM_ERR_BAD_VALUE, "'%s' twice",
                     json_object_get_string(c));
        if (s == DM_OK)
            order[i] = h;
        pop(p, old);
    }
    return s;
}

/* "class_order": {stage: [classes]}. */
static dm_status parse_class_order(parser *p, json_object *o, dm_scenario *sc)
{
    json_object *x = NULL;
    if (!json_object_object_get_ex(o, "class_order", &x))
        return DM_OK;
    size_t old = push_key(p, "class_order");
    const char *keys[DM_STAGE_COUNT + 1];
    for (int st = 0; st < DM_STAGE_COUNT; st++)
        keys[st] = dm_stage_row(st)->name;
    keys[DM_STAGE_COUNT] = NULL;
    dm_status s = expect_type(p, x, json_type_object,
                              "an object {\"nts\": [classes] …}");
    if (s == DM_OK)
        s = check_keys(p, x, keys);
    for (int st = 0; s == DM_OK && st < DM_STAGE_COUNT; st++) {
        json_object *c = NULL;
        if (!json_object_object_get_ex(x, keys[st], &c))
            continue;
        size_t o2 = push_key(p, keys[st]);
        s = class_order_of(p, c, sc->class_order[st]);
        sc->has_class_order[st] = s == DM_OK;
        pop(p, o2);
    }
    pop(p, old);
    return s;
}

/* "stages": [stage names] of the priority policy. */
static dm_status priority_stages(parser *p, json_object *o, dm_scenario *sc)
{
    json_object *x = NULL;
    for (int st = 0; st < DM_STAGE_COUNT; st++)
        sc->priority_stage[st] = sc->policy == DM_POLICY_PRIORITY;
    if (!json_object_object_get_ex(o, "stages", &x))
        return DM_OK;
    size_t old = push_key(p, "stages");
    dm_status s = sc->policy != DM_POLICY_PRIORITY
                      ? perr(p, DM_ERR_SCENARIO,
                             "\"stages\" belongs to the policy \"priority\"")
                      : expect_type(p, x, json_type_array,
                                    "an array of stages (nts, ts, clearance)");
    for (int st = 0; s == DM_OK && st < DM_STAGE_COUNT; st++)
        sc->priority_stage[st] = 0;
    for (size_t i = 0; s == DM_OK && i < json_object_array_length(x); i++) {
        json_object *e = json_object_array_get_idx(x, i);
        size_t o2 = push_index(p, i);
        const char *name = json_object_is_type(e, json_type_string)
                               ? json_object_get_string(e)
                               : "";
        int found = -1;
        for (int st = 0; st < DM_STAGE_COUNT; st++)
            if (strcmp(name, dm_stage_row(st)->name) == 0)
                found = st;
        if (found < 0)
            s = perr(p, DM_ERR_BAD_VALUE,
                     "'%s' is not a stage (nts, ts or clearance)", name);
        else if (sc->priority_stage[found]++)
            s = perr(p, DM_ERR_BAD_VALUE, "'%s' twice", name);
        pop(p, o2);
    }
    pop(p, old);
    return s;
}

static dm_status parse_policy(parser *p, json_object *o, dm_scenario *sc)
{
    static const char *const keys[] = {
        "type",        "regions", "weights",     "default_weight",
        "class_order", "stages",  "description", NULL};
    dm_status s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    if (s == DM_OK)
        s = policy_type(p, o, &sc->policy);
    if (s == DM_OK)
        s = parse_class_order(p, o, sc);
    if (s == DM_OK)
        s = priority_stages(p, o, sc);
    if (s != DM_OK)
        return s;
    json_object *x = NULL;
    int has_regions = json_object_object_get_ex(o, "regions", &x);
    int has_weights = json_object_object_get_ex(o, "weights", NULL);
    int has_default = json_object_object_get_ex(o, "default_weight", NULL);
    if (sc->policy != DM_POLICY_ORDER && has_regions)
        return perr(p, DM_ERR_SCENARIO,
                    "\"regions\" belongs to the policy \"order\"");
    if (sc->policy != DM_POLICY_WEIGHTS && (has_weights || has_default))
        return perr(p, DM_ERR_SCENARIO,
                    "\"weights\" and \"default_weight\" belong to the policy "
                    "\"weights\"");
    if (sc->policy == DM_POLICY_ORDER)
        return policy_order(p, has_regions ? x : NULL, sc);
    if (sc->policy == DM_POLICY_WEIGHTS)
        return policy_weights(p, o, sc);
    return DM_OK;
}

/* "budget": {"usd_per_year": N, "from": "YYYY-MM"}; null: none (an
 * extension removing its base's). */
static dm_status parse_budget(parser *p, json_object *o, dm_scenario *sc)
{
    if (o == NULL) {
        sc->has_budget = 0;
        return DM_OK;
    }
    static const char *const keys[] = {"usd_per_year", "from", "description",
                                       NULL};
    dm_status s =
        expect_type(p, o, json_type_object, "an object {\"usd_per_year\": N}");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    if (s == DM_OK)
        s = param_key(p, o, "usd_per_year", NONNEG, NULL, &sc->budget);
    sc->budget_from = INT_MIN;
    json_object *x = NULL;
    if (s == DM_OK && json_object_object_get_ex(o, "from", &x)) {
        size_t old = push_key(p, "from");
        s = month_value(p, x, &sc->budget_from);
        pop(p, old);
    }
    sc->has_budget = s == DM_OK;
    return s;
}

/* ---- the top level --------------------------------------------------------
 */

static dm_status parse_horizon(parser *p, json_object *root, size_t *out)
{
    json_object *x = NULL;
    dm_status s = DM_OK;
    size_t old = push_key(p, "horizon_months");
    if (!json_object_object_get_ex(root, "horizon_months", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else if (json_object_get_type(x) != json_type_int)
        s = perr(p, DM_ERR_SCENARIO,
                 "expected a whole number of months, "
                 "found %s",
                 json_object_get_type(x) == json_type_double
                     ? "a fraction"
                     : dm_json_type_name(x));
    else if (json_object_get_int64(x) < 1 ||
             json_object_get_int64(x) > DM_MAX_HORIZON)
        s = perr(p, DM_ERR_BAD_VALUE, "%lld months is not between 1 and %d",
                 (long long)json_object_get_int64(x), DM_MAX_HORIZON);
    else
        *out = (size_t)json_object_get_int64(x);
    pop(p, old);
    return s;
}

static dm_status parse_start(parser *p, json_object *root, int *out)
{
    json_object *x = NULL;
    dm_status s;
    size_t old = push_key(p, "start");
    if (!json_object_object_get_ex(root, "start", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (the first month, \"YYYY-MM\")");
    else
        s = month_value(p, x, out);
    pop(p, old);
    return s;
}

/* The optional object under `key`, read by fn. */
static dm_status optional_part(parser *p, json_object *root, const char *key,
                               dm_status (*fn)(parser *, json_object *,
                                               dm_scenario *),
                               dm_scenario *sc)
{
    json_object *x = NULL;
    if (!json_object_object_get_ex(root, key, &x))
        return DM_OK;
    size_t old = push_key(p, key);
    dm_status s = fn(p, x, sc);
    pop(p, old);
    return s;
}

static dm_status parse_scenario(parser *p, json_object *root, dm_scenario *sc)
{
    static const char *const keys[] = {
        "name",           "description",
        "extends",        "start",
        "horizon_months", "assets",
        "land_release",   "unconstrained_survey",
        "access",         "policy",
        "budget",         NULL};
    const char *description = NULL;
    dm_status s =
        expect_type(p, root, json_type_object, "a JSON object at the top");
    if (s == DM_OK)
        s = check_keys(p, root, keys);
    if (s == DM_OK)
        s = name_key(p, root, 1, &sc->name);
    if (s == DM_OK)
        s = string_key(p, root, "description", 0, &description);
    if (s == DM_OK && description != NULL) {
        free(sc->description);
        if ((sc->description = dm_strdup(p->ctx, description)) == NULL)
            s = DM_ERR_NO_MEMORY;
    }
    if (s == DM_OK)
        s = parse_start(p, root, &sc->start);
    if (s == DM_OK)
        s = parse_horizon(p, root, &sc->horizon);
    if (s == DM_OK)
        s = parse_assets(p, root, sc);
    if (s == DM_OK)
        s = parse_land_release(p, root, sc);
    sc->open[DM_ZONE_ACCESSIBLE] = INT_MIN;
    sc->open[DM_ZONE_FRONT_LINE] = DM_NEVER;
    sc->open[DM_ZONE_OCCUPIED] = DM_NEVER;
    if (s == DM_OK)
        s = optional_part(p, root, "access", parse_access, sc);
    if (s == DM_OK)
        s = optional_part(p, root, "unconstrained_survey", parse_unconstrained,
                          sc);
    if (s == DM_OK)
        s = check_unconstrained(p, sc);
    sc->policy = DM_POLICY_PROPORTIONAL;
    if (s == DM_OK)
        s = optional_part(p, root, "policy", parse_policy, sc);
    if (s == DM_OK)
        s = optional_part(p, root, "budget", parse_budget, sc);
    return s;
}

/* ---- the parameters in draw order ------------------------------------------
 */

typedef struct indexer {
    dm_context *ctx;
    dm_scenario *sc;
    size_t n, cap;
    dm_status s;
} indexer;

/* Adds one parameter and its key path; returns its slot. */
static size_t add_param(indexer *ix, const dm_param *param, const char *fmt,
                        ...) __attribute__((format(printf, 3, 4)));

static size_t add_param(indexer *ix, const dm_param *param, const char *fmt,
                        ...)
{
    dm_scenario *sc = ix->sc;
    if (ix->s != DM_OK)
        return DM_NO_SLOT;
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 64;
        const dm_param **p = realloc(sc->params, cap * sizeof *p);
        char **names =
            p ? realloc(sc->param_names, cap * sizeof *names) : NULL;
        unsigned char *counts =
            names ? realloc(sc->param_is_count, cap * sizeof *counts) : NULL;
        uint64_t *keys =
            counts ? realloc(sc->param_keys, cap * sizeof *keys) : NULL;
        if (p != NULL)
            sc->params = p;
        if (names != NULL)
            sc->param_names = names;
        if (counts != NULL)
            sc->param_is_count = counts;
        if (keys != NULL)
            sc->param_keys = keys;
        if (p == NULL || names == NULL || counts == NULL || keys == NULL) {
            ix->s = dm_no_memory(ix->ctx);
            return DM_NO_SLOT;
        }
        ix->cap = cap;
    }
    char name[PATH_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    sc->param_names[ix->n] = dm_strdup(ix->ctx, name);
    if (sc->param_names[ix->n] == NULL) {
        ix->s = DM_ERR_NO_MEMORY;
        return DM_NO_SLOT;
    }
    sc->params[ix->n] = param;
    sc->param_keys[ix->n] = dm_stream_key(name);
    sc->param_is_count[ix->n] = 0;
    sc->nparams = ++ix->n;
    sc->nranged += param->min < param->max;
    return ix->n - 1;
}

/* Records that slot `dst` takes slot `src`'s value in every run. */
static void add_tie(indexer *ix, size_t dst, size_t src)
{
    dm_scenario *sc = ix->sc;
    if (ix->s != DM_OK || dst == DM_NO_SLOT)
        return;
    size_t(*t)[2] = realloc(sc->ties, (sc->nties + 1) * sizeof *t);
    if (t == NULL) {
        ix->s = dm_no_memory(ix->ctx);
        return;
    }
    sc->ties = t;
    sc->ties[sc->nties][0] = dst;
    sc->ties[sc->nties][1] = src;
    sc->nties++;
    /* Not a draw of its own. */
    sc->nranged -= sc->params[dst]->min < sc->params[dst]->max;
}

static void index_asset(indexer *ix, dm_asset *a)
{
    const dm_scenario *sc = ix->sc;
    a->slot = ix->n;
    for (size_t k = 0; k < a->nsteps; k++) {
        char month[DM_MONTH_TEXT_SIZE];
        size_t slot =
            add_param(ix, &a->steps[k].value, "assets[%s].count[%s]", a->name,
                      dm_month_format(a->steps[k].month, month, sizeof month));
        if (slot != DM_NO_SLOT)
            ix->sc->param_is_count[slot] = 1;
    }
    for (int k = 0; k < DM_AP_COUNT; k++) {
        const struct asset_key *ak = &asset_keys[k];
        size_t slot;
        if (ak->where == IN_SEASONS)
            slot = add_param(ix, &a->p[k], "assets[%s].%s[%d]", a->name,
                             ak->key, k - DM_AP_SEASONAL);
        else
            slot = add_param(ix, &a->p[k], "assets[%s].%s%s", a->name,
                             ak->where == IN_DETECTOR ? "detector." : "",
                             ak->key);
        if (a->like >= 0 && a->tied[k]) {
            const dm_asset *like = &sc->assets[a->like];
            add_tie(ix, slot, like->slot + like->nsteps + (size_t)k);
        }
    }
}

/* Lists every numeric parameter in the order a run draws them. */
static dm_status index_params(dm_context *ctx, dm_scenario *sc)
{
    indexer ix = {ctx, sc, 0, 0, DM_OK};
    for (size_t i = 0; i < sc->nassets; i++)
        index_asset(&ix, &sc->assets[i]);
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        for (int st = 0; st < DM_STAGE_COUNT; st++) {
            const char *key = dm_stage_row(st)->share_key;
            sc->release_slot[st][h] =
                key == NULL
                    ? DM_NO_SLOT
                    : add_param(&ix, &sc->release[st][h], "land_release.%s.%s",
                                dm_hazard_name((dm_hazard)h), key);
        }
    for (int st = 0; st < DM_STAGE_COUNT; st++)
        sc->unconstrained_slot[st] =
            sc->unconstrained[st]
                ? add_param(&ix, &sc->unconstrained_cost[st],
                            "unconstrained_survey.%s.cost_usd_per_ha",
                            dm_stage_row(st)->name)
                : DM_NO_SLOT;
    sc->weight_slot = sc->default_weight_slot = DM_NO_SLOT;
    if (sc->policy == DM_POLICY_WEIGHTS) {
        sc->weight_slot = ix.n;
        for (size_t i = 0; i < sc->npolicy; i++)
            add_param(&ix, &sc->policy_weights[i], "policy.weights.%s",
                      sc->policy_codes[i]);
        sc->default_weight_slot =
            add_param(&ix, &sc->default_weight, "policy.default_weight");
    }
    sc->front_line_slot = sc->nfront > 0 ? ix.n : DM_NO_SLOT;
    for (size_t i = 0; i < sc->nfront; i++) {
        char month[DM_MONTH_TEXT_SIZE];
        if (sc->nfront == 1)
            add_param(&ix, &sc->front[i].value, "access.front_line_km");
        else
            add_param(
                &ix, &sc->front[i].value, "access.front_line_km[%s]",
                dm_month_format(sc->front[i].month, month, sizeof month));
    }
    sc->budget_slot = sc->has_budget
                          ? add_param(&ix, &sc->budget, "budget.usd_per_year")
                          : DM_NO_SLOT;
    return ix.s;
}

dm_status dm_scenario_build(dm_context *ctx, const char *file,
                            json_object *root, dm_scenario **out)
{
    dm_scenario *sc = calloc(1, sizeof *sc);
    if (sc == NULL)
        return dm_no_memory(ctx);
    parser p = {.ctx = ctx, .file = file};
    dm_status s = parse_scenario(&p, root, sc);
    if (s == DM_OK)
        s = index_params(ctx, sc);
    if (s != DM_OK) {
        dm_scenario_free(sc);
        return s;
    }
    *out = sc;
    return DM_OK;
}
