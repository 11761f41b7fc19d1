/* Scenarios: read a JSON file with json-c, lay it over the file it
 * extends, validate every key strictly, and keep the result in flat
 * structs (scenario-private.h). The schema is docs/scenario-format.md. */
#define _GNU_SOURCE /* realpath */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "scenario-private.h"

/* Deepest chain of "extends" followed; a longer one is taken as a loop. */
#define MAX_EXTENDS_DEPTH 16
/* Longest key path kept for messages. */
#define PATH_MAX_LEN 256
/* Plausible years of a start month or a date in a schedule. */
#define YEAR_MIN 1900
#define YEAR_MAX 2300
/* Longest month in days: working days per month cannot exceed it. */
#define DAYS_IN_LONGEST_MONTH 31.0
/* Largest scenario file read (a scenario is a few kB). */
#define MAX_FILE_BYTES (16u << 20)

static const char *const kind_names[DM_ASSET_KIND_COUNT] = {
    "nts", "ts", "manual", "mechanical", "mdd"};

const char *dm_asset_kind_name(dm_asset_kind kind)
{
    return (unsigned)kind < DM_ASSET_KIND_COUNT ? kind_names[kind] : NULL;
}

void dm_month_format(int month, char *buf, size_t size)
{
    if (month == DM_NEVER) {
        snprintf(buf, size, "never");
        return;
    }
    int year = month >= 0 ? month / 12 : -((-month + 11) / 12);
    snprintf(buf, size, "%04d-%02d", year, month - year * 12 + 1);
}

/* ---- parsing state and messages ------------------------------------- */

typedef struct parser {
    dm_context *ctx;
    const char *file; /* for messages */
    char path[PATH_MAX_LEN];
    size_t len;
} parser;

/* Appends ".key" (or "key" at the top) to the path; returns the old
 * length for pop(). */
static size_t push_key(parser *p, const char *key)
{
    size_t old = p->len;
    int n = snprintf(p->path + p->len, sizeof p->path - p->len, "%s%s",
                     p->len ? "." : "", key);
    if (n > 0)
        p->len += (size_t)n < sizeof p->path - p->len
                      ? (size_t)n
                      : sizeof p->path - p->len - 1;
    return old;
}

static size_t push_index(parser *p, size_t i)
{
    size_t old = p->len;
    int n = snprintf(p->path + p->len, sizeof p->path - p->len, "[%zu]", i);
    if (n > 0)
        p->len += (size_t)n < sizeof p->path - p->len
                      ? (size_t)n
                      : sizeof p->path - p->len - 1;
    return old;
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

static const char *type_name(json_object *o)
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

static int is_number(json_object *o)
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
        int known = 0;
        for (const char *const *a = allowed; *a != NULL; a++)
            if (strcmp(key, *a) == 0)
                known = 1;
        if (!known) {
            char list[512] = "";
            size_t used = 0;
            for (const char *const *a = allowed; *a != NULL; a++) {
                int n = snprintf(list + used, sizeof list - used, "%s%s",
                                 used ? ", " : "", *a);
                if (n < 0 || (size_t)n >= sizeof list - used)
                    break;
                used += (size_t)n;
            }
            size_t old = push_key(p, key);
            dm_status s = perr(p, DM_ERR_SCENARIO,
                               "unknown key (the keys here are: %s)", list);
            pop(p, old);
            return s;
        }
    }
    return DM_OK;
}

static dm_status expect_type(parser *p, json_object *o, json_type type,
                             const char *what)
{
    if (json_object_get_type(o) != type)
        return perr(p, DM_ERR_SCENARIO, "expected %s, found %s", what,
                    type_name(o));
    return DM_OK;
}

/* ---- numbers and ranges ---------------------------------------------- */

typedef enum domain {
    NONNEG,   /* >= 0 */
    POSITIVE, /* > 0 */
    SHARE,    /* 0–1 */
    DAYS      /* 0–31 */
} domain;

static dm_status check_domain(parser *p, double v, domain d)
{
    if (!isfinite(v))
        return perr(p, DM_ERR_BAD_VALUE, "%g is not a finite number", v);
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
                    type_name(o));
    double v = json_object_get_double(o);
    dm_status s = check_domain(p, v, d);
    if (s == DM_OK)
        *out = v;
    return s;
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
                    type_name(o));
    static const char *const keys[] = {"min", "mode", "max", NULL};
    dm_status s = check_keys(p, o, keys);
    if (s != DM_OK)
        return s;
    double v[3];
    for (int i = 0; i < 3; i++) {
        json_object *x = NULL;
        size_t old = push_key(p, keys[i]);
        if (!json_object_object_get_ex(o, keys[i], &x))
            s = perr(p, DM_ERR_SCENARIO,
                     "missing (a range needs min, mode "
                     "and max)");
        else
            s = number_value(p, x, d, &v[i]);
        pop(p, old);
        if (s != DM_OK)
            return s;
    }
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
                    "expected a month \"YYYY-MM\", found %s", type_name(o));
    const char *str = json_object_get_string(o);
    int year = 0, month = 0, used = 0;
    if (strlen(str) != 7 ||
        sscanf(str, "%4d-%2d%n", &year, &month, &used) != 2 || used != 7 ||
        str[4] != '-')
        return perr(p, DM_ERR_BAD_VALUE, "'%s' is not a month \"YYYY-MM\"",
                    str);
    if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12)
        return perr(p, DM_ERR_BAD_VALUE,
                    "'%s' is not a month between %d-01 and %d-12", str,
                    YEAR_MIN, YEAR_MAX);
    *out = DM_MONTH(year, month);
    return DM_OK;
}

/* ---- the parts of a scenario ----------------------------------------- */

static dm_status parse_schedule(parser *p, json_object *o, int start,
                                dm_asset *a)
{
    if (is_number(o) || json_object_get_type(o) == json_type_object) {
        /* One count from the start on. */
        a->steps = calloc(1, sizeof *a->steps);
        if (a->steps == NULL)
            return dm_no_memory(p->ctx);
        a->nsteps = 1;
        a->steps[0].month = start;
        return param_value(p, o, NONNEG, &a->steps[0].count);
    }
    if (json_object_get_type(o) != json_type_array)
        return perr(p, DM_ERR_SCENARIO,
                    "expected a count or an array of steps "
                    "[{\"from\": \"YYYY-MM\", \"count\": N}], found %s",
                    type_name(o));
    size_t n = json_object_array_length(o);
    if (n == 0)
        return perr(p, DM_ERR_BAD_VALUE,
                    "an empty schedule (give at least "
                    "one step)");
    a->steps = calloc(n, sizeof *a->steps);
    if (a->steps == NULL)
        return dm_no_memory(p->ctx);
    a->nsteps = n;
    static const char *const keys[] = {"from", "count", NULL};
    for (size_t i = 0; i < n; i++) {
        json_object *step = json_object_array_get_idx(o, i), *x = NULL;
        size_t old = push_index(p, i);
        dm_status s = expect_type(p, step, json_type_object,
                                  "a step {\"from\", \"count\"}");
        if (s == DM_OK)
            s = check_keys(p, step, keys);
        if (s == DM_OK) {
            size_t o2 = push_key(p, "from");
            if (!json_object_object_get_ex(step, "from", &x))
                s = perr(p, DM_ERR_SCENARIO, "missing (required)");
            else
                s = month_value(p, x, &a->steps[i].month);
            if (s == DM_OK && i > 0 &&
                a->steps[i].month <= a->steps[i - 1].month)
                s = perr(p, DM_ERR_BAD_VALUE,
                         "'%s' is not after the previous step's month "
                         "(steps go forward in time)",
                         json_object_get_string(x));
            pop(p, o2);
        }
        if (s == DM_OK)
            s = param_key(p, step, "count", NONNEG, NULL, &a->steps[i].count);
        pop(p, old);
        if (s != DM_OK)
            return s;
    }
    return DM_OK;
}

static dm_status parse_detector(parser *p, json_object *o, dm_asset *a)
{
    static const char *const keys[] = {"search_minutes_per_m2",
                                       "false_alarms_per_m2",
                                       "minutes_per_false_alarm",
                                       "rejection",
                                       "description",
                                       NULL};
    dm_status s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    if (s == DM_OK)
        s = param_key(p, o, "search_minutes_per_m2", POSITIVE, NULL,
                      &a->search);
    if (s == DM_OK)
        s = param_key(p, o, "false_alarms_per_m2", NONNEG, NULL,
                      &a->false_alarms);
    if (s == DM_OK)
        s = param_key(p, o, "minutes_per_false_alarm", NONNEG, NULL,
                      &a->fa_minutes);
    if (s == DM_OK)
        s = param_key(p, o, "rejection", SHARE, NULL, &a->rejection);
    if (s == DM_OK)
        a->has_detector = 1;
    return s;
}

static dm_status parse_asset(parser *p, json_object *o, int start, dm_asset *a)
{
    static const char *const keys[] = {"name",
                                       "kind",
                                       "description",
                                       "count",
                                       "productivity_m2_per_day",
                                       "working_days_per_month",
                                       "seasonal_factors",
                                       "availability",
                                       "training_months",
                                       "cost_usd_per_unit_day",
                                       "detector",
                                       NULL};
    static const double one = 1.0, zero = 0.0;
    dm_status s = expect_type(p, o, json_type_object, "an asset object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    if (s != DM_OK)
        return s;

    json_object *x = NULL;
    size_t old = push_key(p, "name");
    if (!json_object_object_get_ex(o, "name", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else if ((s = expect_type(p, x, json_type_string, "a string")) == DM_OK &&
             json_object_get_string(x)[0] == '\0')
        s = perr(p, DM_ERR_BAD_VALUE, "an empty name");
    if (s == DM_OK &&
        (a->name = dm_strdup(p->ctx, json_object_get_string(x))) == NULL)
        s = DM_ERR_NO_MEMORY;
    pop(p, old);
    if (s != DM_OK)
        return s;

    old = push_key(p, "kind");
    if (!json_object_object_get_ex(o, "kind", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else if ((s = expect_type(p, x, json_type_string, "a string")) == DM_OK) {
        int found = -1;
        for (int k = 0; k < DM_ASSET_KIND_COUNT; k++)
            if (strcmp(json_object_get_string(x), kind_names[k]) == 0)
                found = k;
        if (found < 0)
            s = perr(p, DM_ERR_BAD_VALUE,
                     "unknown kind '%s' (one of: nts, ts, manual, "
                     "mechanical, mdd)",
                     json_object_get_string(x));
        else
            a->kind = (dm_asset_kind)found;
    }
    pop(p, old);
    if (s == DM_OK && json_object_object_get_ex(o, "description", &x)) {
        old = push_key(p, "description");
        s = expect_type(p, x, json_type_string, "a string");
        pop(p, old);
    }
    if (s != DM_OK)
        return s;

    old = push_key(p, "count");
    if (!json_object_object_get_ex(o, "count", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else
        s = parse_schedule(p, x, start, a);
    pop(p, old);
    if (s == DM_OK)
        s = param_key(p, o, "productivity_m2_per_day", NONNEG, NULL,
                      &a->productivity);
    if (s == DM_OK)
        s = param_key(p, o, "working_days_per_month", DAYS, NULL, &a->days);
    if (s == DM_OK)
        s = param_key(p, o, "availability", SHARE, &one, &a->availability);
    if (s == DM_OK)
        s = param_key(p, o, "training_months", NONNEG, &zero, &a->training);
    if (s == DM_OK)
        s = param_key(p, o, "cost_usd_per_unit_day", NONNEG, NULL, &a->cost);
    if (s != DM_OK)
        return s;

    old = push_key(p, "seasonal_factors");
    if (!json_object_object_get_ex(o, "seasonal_factors", &x)) {
        for (int m = 0; m < DM_MONTHS_PER_YEAR; m++)
            a->seasonal[m].min = a->seasonal[m].mode = a->seasonal[m].max =
                1.0;
    } else if ((s = expect_type(p, x, json_type_array,
                                "an array of 12 factors")) == DM_OK) {
        if (json_object_array_length(x) != DM_MONTHS_PER_YEAR)
            s = perr(p, DM_ERR_BAD_VALUE,
                     "%zu factors (one per month: 12, January first)",
                     json_object_array_length(x));
        for (int m = 0; s == DM_OK && m < DM_MONTHS_PER_YEAR; m++) {
            size_t o2 = push_index(p, (size_t)m);
            s = param_value(p, json_object_array_get_idx(x, (size_t)m), NONNEG,
                            &a->seasonal[m]);
            pop(p, o2);
        }
    }
    pop(p, old);
    if (s != DM_OK)
        return s;

    if (json_object_object_get_ex(o, "detector", &x)) {
        old = push_key(p, "detector");
        if (a->kind != DM_ASSET_MANUAL)
            s = perr(p, DM_ERR_BAD_VALUE,
                     "a detector model is for manual assets only (this is "
                     "a %s asset)",
                     kind_names[a->kind]);
        else
            s = parse_detector(p, x, a);
        pop(p, old);
    }
    return s;
}

static dm_status parse_land_release(parser *p, json_object *o, dm_scenario *sc)
{
    static const char *const keys[] = {"high", "medium", "low", "description",
                                       NULL};
    static const char *const class_keys[] = {"nts_cancel_share",
                                             "ts_reduce_share", NULL};
    dm_status s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    for (int h = 0; s == DM_OK && h < DM_HAZARD_COUNT; h++) {
        json_object *c = NULL;
        size_t old = push_key(p, dm_hazard_name((dm_hazard)h));
        if (!json_object_object_get_ex(o, dm_hazard_name((dm_hazard)h), &c))
            s = perr(p, DM_ERR_SCENARIO,
                     "missing (give the shares of each class: high, medium, "
                     "low)");
        if (s == DM_OK)
            s = expect_type(p, c, json_type_object, "an object");
        if (s == DM_OK)
            s = check_keys(p, c, class_keys);
        if (s == DM_OK)
            s = param_key(p, c, "nts_cancel_share", SHARE, NULL,
                          &sc->cancel[h]);
        if (s == DM_OK)
            s = param_key(p, c, "ts_reduce_share", SHARE, NULL,
                          &sc->reduce[h]);
        pop(p, old);
    }
    return s;
}

static dm_status parse_access(parser *p, json_object *o, dm_scenario *sc)
{
    static const char *const keys[] = {"controlled", "occupied", "description",
                                       NULL};
    dm_status s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    for (int z = 0; s == DM_OK && z < DM_ZONE_COUNT; z++) {
        json_object *x = NULL;
        if (!json_object_object_get_ex(o, dm_zone_name((dm_zone)z), &x))
            continue;
        size_t old = push_key(p, dm_zone_name((dm_zone)z));
        if (x == NULL || (json_object_get_type(x) == json_type_string &&
                          strcmp(json_object_get_string(x), "never") == 0))
            sc->open[z] = DM_NEVER;
        else if (json_object_get_type(x) == json_type_string &&
                 strcmp(json_object_get_string(x), "open") == 0)
            sc->open[z] = INT_MIN;
        else if (json_object_get_type(x) == json_type_string)
            s = month_value(p, x, &sc->open[z]);
        else
            s = perr(p, DM_ERR_SCENARIO,
                     "expected \"open\", a month \"YYYY-MM\", \"never\" or "
                     "null, found %s",
                     type_name(x));
        pop(p, old);
    }
    return s;
}

static dm_status parse_unconstrained(parser *p, json_object *o,
                                     dm_scenario *sc)
{
    static const char *const keys[] = {"nts", "ts", "description", NULL};
    static const char *const sub[] = {"cost_usd_per_ha", NULL};
    dm_status s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    for (int k = 0; s == DM_OK && k < DM_SURVEY_COUNT; k++) {
        json_object *x = NULL;
        if (!json_object_object_get_ex(o, kind_names[k], &x) || x == NULL)
            continue; /* null: constrained (an "extends" can undo it) */
        size_t old = push_key(p, kind_names[k]);
        s = expect_type(p, x, json_type_object,
                        "an object {\"cost_usd_per_ha\": N}");
        if (s == DM_OK)
            s = check_keys(p, x, sub);
        if (s == DM_OK)
            s = param_key(p, x, "cost_usd_per_ha", NONNEG, NULL,
                          &sc->unconstrained_cost[k]);
        if (s == DM_OK)
            sc->unconstrained[k] = 1;
        pop(p, old);
    }
    return s;
}

static dm_status parse_policy(parser *p, json_object *o, dm_scenario *sc)
{
    static const char *const keys[] = {
        "type", "regions", "weights", "default_weight", "description", NULL};
    static const double one = 1.0;
    dm_status s = expect_type(p, o, json_type_object, "an object");
    if (s == DM_OK)
        s = check_keys(p, o, keys);
    if (s != DM_OK)
        return s;
    json_object *t = NULL, *x = NULL;
    size_t old = push_key(p, "type");
    if (!json_object_object_get_ex(o, "type", &t))
        s = perr(p, DM_ERR_SCENARIO,
                 "missing (proportional, order or "
                 "weights)");
    else if ((s = expect_type(p, t, json_type_string, "a string")) == DM_OK) {
        const char *type = json_object_get_string(t);
        if (strcmp(type, "proportional") == 0)
            sc->policy = DM_POLICY_PROPORTIONAL;
        else if (strcmp(type, "order") == 0)
            sc->policy = DM_POLICY_ORDER;
        else if (strcmp(type, "weights") == 0)
            sc->policy = DM_POLICY_WEIGHTS;
        else
            s = perr(p, DM_ERR_BAD_VALUE,
                     "unknown policy '%s' (proportional, order or weights)",
                     type);
    }
    pop(p, old);
    if (s != DM_OK)
        return s;

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

    if (sc->policy == DM_POLICY_ORDER) {
        old = push_key(p, "regions");
        if (!has_regions)
            s = perr(p, DM_ERR_SCENARIO,
                     "missing (the region codes in order)");
        else
            s = expect_type(p, x, json_type_array, "an array of region codes");
        size_t n = s == DM_OK ? json_object_array_length(x) : 0;
        if (s == DM_OK &&
            (sc->policy_codes = calloc(n + 1, sizeof(char *))) == NULL)
            s = dm_no_memory(p->ctx);
        for (size_t i = 0; s == DM_OK && i < n; i++) {
            json_object *c = json_object_array_get_idx(x, i);
            size_t o2 = push_index(p, i);
            s = expect_type(p, c, json_type_string, "a region code");
            for (size_t k = 0; s == DM_OK && k < i; k++)
                if (strcmp(sc->policy_codes[k], json_object_get_string(c)) ==
                    0)
                    s = perr(p, DM_ERR_BAD_VALUE, "'%s' is listed twice",
                             json_object_get_string(c));
            if (s == DM_OK && (sc->policy_codes[i] = dm_strdup(
                                   p->ctx, json_object_get_string(c))) == NULL)
                s = DM_ERR_NO_MEMORY;
            if (s == DM_OK)
                sc->npolicy = i + 1;
            pop(p, o2);
        }
        pop(p, old);
        return s;
    }
    if (sc->policy == DM_POLICY_WEIGHTS) {
        s = param_key(p, o, "default_weight", POSITIVE, &one,
                      &sc->default_weight);
        if (s != DM_OK)
            return s;
        old = push_key(p, "weights");
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
    }
    return s;
}

static size_t count_ranged(const dm_scenario *sc);

/* Builds a scenario from a JSON document already laid over what it
 * extends ("extends" removed). */
static dm_status parse_scenario(parser *p, json_object *root, dm_scenario *sc)
{
    static const char *const keys[] = {"name",
                                       "description",
                                       "extends",
                                       "start",
                                       "horizon_months",
                                       "assets",
                                       "land_release",
                                       "unconstrained_survey",
                                       "access",
                                       "policy",
                                       NULL};
    dm_status s =
        expect_type(p, root, json_type_object, "a JSON object at the top");
    if (s == DM_OK)
        s = check_keys(p, root, keys);
    if (s != DM_OK)
        return s;

    json_object *x = NULL;
    size_t old = push_key(p, "name");
    if (!json_object_object_get_ex(root, "name", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else if ((s = expect_type(p, x, json_type_string, "a string")) == DM_OK &&
             json_object_get_string(x)[0] == '\0')
        s = perr(p, DM_ERR_BAD_VALUE, "an empty name");
    if (s == DM_OK &&
        (sc->name = dm_strdup(p->ctx, json_object_get_string(x))) == NULL)
        s = DM_ERR_NO_MEMORY;
    pop(p, old);
    if (s == DM_OK && json_object_object_get_ex(root, "description", &x)) {
        old = push_key(p, "description");
        s = expect_type(p, x, json_type_string, "a string");
        pop(p, old);
    }
    if (s != DM_OK)
        return s;

    old = push_key(p, "start");
    if (!json_object_object_get_ex(root, "start", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (the first month, \"YYYY-MM\")");
    else
        s = month_value(p, x, &sc->start);
    pop(p, old);
    if (s != DM_OK)
        return s;

    old = push_key(p, "horizon_months");
    if (!json_object_object_get_ex(root, "horizon_months", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else if (json_object_get_type(x) != json_type_int)
        s = perr(p, DM_ERR_SCENARIO,
                 "expected a whole number of months, "
                 "found %s",
                 json_object_get_type(x) == json_type_double ? "a fraction"
                                                             : type_name(x));
    else if (json_object_get_int64(x) < 1 ||
             json_object_get_int64(x) > DM_MAX_HORIZON)
        s = perr(p, DM_ERR_BAD_VALUE, "%lld months is not between 1 and %d",
                 (long long)json_object_get_int64(x), DM_MAX_HORIZON);
    else
        sc->horizon = (size_t)json_object_get_int64(x);
    pop(p, old);
    if (s != DM_OK)
        return s;

    old = push_key(p, "assets");
    if (!json_object_object_get_ex(root, "assets", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (an array, possibly empty)");
    else
        s = expect_type(p, x, json_type_array, "an array of assets");
    if (s == DM_OK) {
        size_t n = json_object_array_length(x);
        sc->assets = calloc(n + 1, sizeof *sc->assets);
        if (sc->assets == NULL)
            s = dm_no_memory(p->ctx);
        for (size_t i = 0; s == DM_OK && i < n; i++) {
            size_t o2 = push_index(p, i);
            sc->nassets = i + 1;
            s = parse_asset(p, json_object_array_get_idx(x, i), sc->start,
                            &sc->assets[i]);
            for (size_t k = 0; s == DM_OK && k < i; k++)
                if (strcmp(sc->assets[k].name, sc->assets[i].name) == 0) {
                    size_t o3 = push_key(p, "name");
                    s = perr(p, DM_ERR_BAD_VALUE,
                             "'%s' is also the name of assets[%zu] (names "
                             "are unique)",
                             sc->assets[i].name, k);
                    pop(p, o3);
                }
            pop(p, o2);
        }
    }
    pop(p, old);
    if (s != DM_OK)
        return s;

    old = push_key(p, "land_release");
    if (!json_object_object_get_ex(root, "land_release", &x))
        s = perr(p, DM_ERR_SCENARIO, "missing (required)");
    else
        s = parse_land_release(p, x, sc);
    pop(p, old);
    if (s != DM_OK)
        return s;

    sc->open[DM_ZONE_CONTROLLED] = INT_MIN;
    sc->open[DM_ZONE_OCCUPIED] = DM_NEVER;
    if (json_object_object_get_ex(root, "access", &x)) {
        old = push_key(p, "access");
        s = parse_access(p, x, sc);
        pop(p, old);
    }
    if (s == DM_OK &&
        json_object_object_get_ex(root, "unconstrained_survey", &x)) {
        old = push_key(p, "unconstrained_survey");
        s = parse_unconstrained(p, x, sc);
        pop(p, old);
    }
    for (size_t i = 0; s == DM_OK && i < sc->nassets; i++)
        if ((int)sc->assets[i].kind < DM_SURVEY_COUNT &&
            sc->unconstrained[sc->assets[i].kind]) {
            size_t o2 = push_key(p, "assets");
            size_t o3 = push_index(p, i);
            s = perr(p, DM_ERR_BAD_VALUE,
                     "a %s asset, but unconstrained_survey.%s says that "
                     "survey has no capacity limit (remove one of them)",
                     kind_names[sc->assets[i].kind],
                     kind_names[sc->assets[i].kind]);
            pop(p, o3);
            pop(p, o2);
        }
    sc->policy = DM_POLICY_PROPORTIONAL;
    if (s == DM_OK && json_object_object_get_ex(root, "policy", &x)) {
        old = push_key(p, "policy");
        s = parse_policy(p, x, sc);
        pop(p, old);
    }
    if (s == DM_OK)
        sc->nranged = count_ranged(sc);
    return s;
}

/* ---- reading files and "extends" ------------------------------------- */

/* Parses text strictly with json-c; DM_ERR_SCENARIO with the line and
 * column of the first error. */
static dm_status parse_json(parser *p, const char *text, size_t len,
                            json_object **out)
{
    json_tokener *tok = json_tokener_new();
    if (tok == NULL)
        return dm_no_memory(p->ctx);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *root = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (root == NULL && jerr == json_tokener_continue)
        jerr = json_tokener_error_parse_eof;
    if (jerr == json_tokener_success)
        while (end < len && strchr(" \t\r\n", text[end]) != NULL)
            end++;
    if (jerr != json_tokener_success || end < len) {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < end && i < len; i++) {
            if (text[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        json_object_put(root);
        return perr(p, DM_ERR_SCENARIO,
                    "malformed JSON at line %zu, column "
                    "%zu: %s",
                    line, col,
                    jerr != json_tokener_success
                        ? json_tokener_error_desc(jerr)
                        : "text after the end of the document");
    }
    *out = root;
    return DM_OK;
}

static dm_status read_file(dm_context *ctx, const char *path, char **text,
                           size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT)
            return dm_error(ctx, DM_ERR_FILE_NOT_FOUND,
                            "scenario '%s': no such file", path);
        return dm_error(ctx, DM_ERR_IO, "scenario '%s': cannot open: %s", path,
                        strerror(errno));
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    dm_status s = buf != NULL ? DM_OK : dm_no_memory(ctx);
    while (s == DM_OK) {
        if (n + 1 >= cap) {
            if (cap >= MAX_FILE_BYTES) {
                s = dm_error(ctx, DM_ERR_SCENARIO,
                             "scenario '%s': larger than %u bytes, not a "
                             "scenario",
                             path, MAX_FILE_BYTES);
                break;
            }
            char *more = realloc(buf, cap * 2);
            if (more == NULL) {
                s = dm_no_memory(ctx);
                break;
            }
            buf = more;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                s = dm_error(ctx, DM_ERR_IO, "scenario '%s': read error: %s",
                             path, strerror(errno));
            break;
        }
    }
    fclose(f);
    if (s != DM_OK) {
        free(buf);
        return s;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return DM_OK;
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

static dm_status build(dm_context *ctx, const char *file, json_object *root,
                       dm_scenario **out);

/* The document of `file` (text given), with what it extends laid under it
 * and validated on its own first, so that an error in a base file names
 * that file. `depth` counts the chain. */
static dm_status load_document(dm_context *ctx, const char *file,
                               const char *text, size_t len,
                               const char *base_dir, int depth,
                               json_object **out)
{
    parser p = {.ctx = ctx, .file = file};
    json_object *root = NULL;
    dm_status s = parse_json(&p, text, len, &root);
    if (s != DM_OK)
        return s;
    json_object *ext = NULL;
    if (json_object_get_type(root) != json_type_object ||
        !json_object_object_get_ex(root, "extends", &ext)) {
        *out = root;
        return DM_OK;
    }
    size_t old = push_key(&p, "extends");
    if (json_object_get_type(ext) != json_type_string ||
        json_object_get_string(ext)[0] == '\0') {
        s = perr(&p, DM_ERR_SCENARIO, "expected a file name, found %s",
                 type_name(ext));
    } else if (depth >= MAX_EXTENDS_DEPTH) {
        s = perr(&p, DM_ERR_SCENARIO,
                 "more than %d files extend one another: a loop?",
                 MAX_EXTENDS_DEPTH);
    }
    pop(&p, old);
    if (s != DM_OK) {
        json_object_put(root);
        return s;
    }
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
    json_object *base = NULL;
    s = read_file(ctx, base_path, &btext, &blen);
    if (s != DM_OK) {
        char msg[DM_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", dm_context_last_error(ctx));
        dm_status st = dm_error(ctx, s, "scenario '%s' extends '%s': %s", file,
                                name, msg);
        json_object_put(root);
        return st;
    }
    s = load_document(ctx, base_path, btext, blen, base_base, depth + 1,
                      &base);
    free(btext);
    if (s == DM_OK) {
        /* The base must be a valid scenario by itself. */
        dm_scenario *check = NULL;
        s = build(ctx, base_path, base, &check);
        dm_scenario_free(check);
    }
    if (s != DM_OK && s != DM_ERR_NO_MEMORY) {
        /* Name the extending file too: the error is in what it extends. */
        char msg[DM_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", dm_context_last_error(ctx));
        dm_error(ctx, s, "scenario '%s' extends '%s': %s", file, name, msg);
    }
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

static dm_status build(dm_context *ctx, const char *file, json_object *root,
                       dm_scenario **out)
{
    dm_scenario *sc = calloc(1, sizeof *sc);
    if (sc == NULL)
        return dm_no_memory(ctx);
    parser p = {.ctx = ctx, .file = file};
    dm_status s = parse_scenario(&p, root, sc);
    if (s != DM_OK) {
        dm_scenario_free(sc);
        return s;
    }
    *out = sc;
    return DM_OK;
}

static dm_status load_text(dm_context *ctx, const char *file, const char *text,
                           size_t len, const char *base_dir, dm_scenario **out)
{
    json_object *root = NULL;
    dm_status s = load_document(ctx, file, text, len, base_dir, 0, &root);
    if (s != DM_OK)
        return s;
    s = build(ctx, file, root, out);
    json_object_put(root);
    return s;
}

dm_status dm_scenario_load(dm_context *ctx, const char *path,
                           dm_scenario **out)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (path == NULL || out == NULL)
        return dm_null_argument(ctx, "dm_scenario_load",
                                path == NULL ? "path" : "out");
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
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    dm_begin_call(ctx);
    if (json == NULL || out == NULL)
        return dm_null_argument(ctx, "dm_scenario_load_string",
                                json == NULL ? "json" : "out");
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
    free(sc->name);
    free(sc);
}

/* ---- accessors ---------------------------------------------------------- */

const char *dm_scenario_name(dm_context *ctx, const dm_scenario *sc)
{
    if (sc == NULL) {
        if (ctx != NULL)
            dm_null_argument(ctx, "dm_scenario_name", "scenario");
        return NULL;
    }
    return sc->name;
}

dm_status dm_scenario_start(dm_context *ctx, const dm_scenario *sc, int *month)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    if (sc == NULL || month == NULL)
        return dm_null_argument(ctx, "dm_scenario_start",
                                sc == NULL ? "scenario" : "month");
    *month = sc->start;
    return DM_OK;
}

size_t dm_scenario_horizon(dm_context *ctx, const dm_scenario *sc)
{
    (void)ctx;
    return sc != NULL ? sc->horizon : 0;
}

size_t dm_scenario_asset_count(dm_context *ctx, const dm_scenario *sc)
{
    (void)ctx;
    return sc != NULL ? sc->nassets : 0;
}

static const dm_asset *asset_at(dm_context *ctx, const dm_scenario *sc,
                                size_t i, const char *function)
{
    if (ctx == NULL)
        return NULL;
    if (sc == NULL) {
        dm_null_argument(ctx, function, "scenario");
        return NULL;
    }
    if (i >= sc->nassets) {
        dm_out_of_range(ctx, "asset", i, sc->nassets);
        return NULL;
    }
    return &sc->assets[i];
}

const char *dm_scenario_asset_name(dm_context *ctx, const dm_scenario *sc,
                                   size_t i)
{
    const dm_asset *a = asset_at(ctx, sc, i, "dm_scenario_asset_name");
    return a != NULL ? a->name : NULL;
}

dm_status dm_scenario_asset_kind(dm_context *ctx, const dm_scenario *sc,
                                 size_t i, dm_asset_kind *kind)
{
    const dm_asset *a = asset_at(ctx, sc, i, "dm_scenario_asset_kind");
    if (a == NULL)
        return ctx != NULL ? ctx->last_status : DM_ERR_NULL_ARGUMENT;
    if (kind == NULL)
        return dm_null_argument(ctx, "dm_scenario_asset_kind", "kind");
    *kind = a->kind;
    return DM_OK;
}

dm_status dm_scenario_find_asset(dm_context *ctx, const dm_scenario *sc,
                                 const char *name, size_t *index)
{
    if (ctx == NULL)
        return DM_ERR_NULL_ARGUMENT;
    if (sc == NULL || name == NULL || index == NULL)
        return dm_null_argument(ctx, "dm_scenario_find_asset",
                                sc == NULL     ? "scenario"
                                : name == NULL ? "name"
                                               : "index");
    for (size_t i = 0; i < sc->nassets; i++)
        if (strcmp(sc->assets[i].name, name) == 0) {
            *index = i;
            return DM_OK;
        }
    char list[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < sc->nassets; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s",
                         i ? ", " : "", sc->assets[i].name);
        if (n < 0 || (size_t)n >= sizeof list - used)
            break;
        used += (size_t)n;
    }
    return dm_error(ctx, DM_ERR_NOT_FOUND,
                    "scenario '%s' has no asset '%s' (assets: %s)", sc->name,
                    name, sc->nassets ? list : "none");
}

dm_status dm_scenario_asset_units(dm_context *ctx, const dm_scenario *sc,
                                  size_t i, int month, double *units)
{
    const dm_asset *a = asset_at(ctx, sc, i, "dm_scenario_asset_units");
    if (a == NULL)
        return ctx != NULL ? ctx->last_status : DM_ERR_NULL_ARGUMENT;
    if (units == NULL)
        return dm_null_argument(ctx, "dm_scenario_asset_units", "units");
    double u = 0.0;
    for (size_t k = 0; k < a->nsteps && a->steps[k].month <= month; k++)
        u = a->steps[k].count.mode;
    *units = u;
    return DM_OK;
}

size_t dm_scenario_ranged_count(dm_context *ctx, const dm_scenario *sc)
{
    (void)ctx;
    return sc != NULL ? sc->nranged : 0;
}

/* ---- draws ----------------------------------------------------------------
 */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

void dm_rng_init(dm_rng *rng, uint64_t seed, uint64_t run)
{
    /* Hash the seed, mix in the run and hash again, so that neighbouring
     * seeds and runs give unrelated streams; then fill the state with
     * splitmix64 as xoshiro's authors advise. */
    uint64_t x = seed;
    uint64_t h = splitmix64(&x);
    x = h ^ (run * UINT64_C(0xD1B54A32D192ED03));
    (void)splitmix64(&x);
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

double dm_rng_uniform(dm_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return (double)(result >> 11) * 0x1.0p-53;
}

double dm_param_draw(const dm_param *p, dm_rng *rng)
{
    if (rng == NULL || p->min == p->max)
        return p->mode;
    /* Inverse of the triangular CDF. */
    double u = dm_rng_uniform(rng);
    double span = p->max - p->min;
    double left = (p->mode - p->min) / span;
    double v = u < left ? p->min + sqrt(u * span * (p->mode - p->min))
                        : p->max - sqrt((1.0 - u) * span * (p->max - p->mode));
    return v < p->min ? p->min : v > p->max ? p->max : v;
}

static size_t ranged(const dm_param *p) { return p->min < p->max; }

static size_t count_ranged(const dm_scenario *sc)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->nassets; i++) {
        const dm_asset *a = &sc->assets[i];
        for (size_t k = 0; k < a->nsteps; k++)
            n += ranged(&a->steps[k].count);
        n += ranged(&a->productivity) + ranged(&a->days) +
             ranged(&a->availability) + ranged(&a->training) +
             ranged(&a->cost);
        for (int m = 0; m < DM_MONTHS_PER_YEAR; m++)
            n += ranged(&a->seasonal[m]);
        if (a->has_detector)
            n += ranged(&a->search) + ranged(&a->false_alarms) +
                 ranged(&a->fa_minutes) + ranged(&a->rejection);
    }
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        n += ranged(&sc->cancel[h]) + ranged(&sc->reduce[h]);
    for (int k = 0; k < DM_SURVEY_COUNT; k++)
        n += sc->unconstrained[k] ? ranged(&sc->unconstrained_cost[k]) : 0;
    if (sc->policy == DM_POLICY_WEIGHTS) {
        for (size_t i = 0; i < sc->npolicy; i++)
            n += ranged(&sc->policy_weights[i]);
        n += ranged(&sc->default_weight);
    }
    return n;
}

dm_status dm_drawn_alloc(dm_context *ctx, const dm_scenario *sc, dm_drawn *d)
{
    memset(d, 0, sizeof *d);
    d->assets = calloc(sc->nassets + 1, sizeof *d->assets);
    d->policy_weights = calloc(sc->npolicy + 1, sizeof(double));
    if (d->assets == NULL || d->policy_weights == NULL) {
        dm_drawn_free(sc, d);
        return dm_no_memory(ctx);
    }
    for (size_t i = 0; i < sc->nassets; i++) {
        d->assets[i].counts = calloc(sc->assets[i].nsteps, sizeof(double));
        if (d->assets[i].counts == NULL) {
            dm_drawn_free(sc, d);
            return dm_no_memory(ctx);
        }
    }
    return DM_OK;
}

void dm_drawn_free(const dm_scenario *sc, dm_drawn *d)
{
    if (d->assets != NULL)
        for (size_t i = 0; i < sc->nassets; i++)
            free(d->assets[i].counts);
    free(d->assets);
    free(d->policy_weights);
    memset(d, 0, sizeof *d);
}

void dm_scenario_draw(const dm_scenario *sc, dm_rng *rng, dm_drawn *d)
{
    /* The order of the draws is part of the results' reproducibility:
     * change it only with a note in the changelog. */
    for (size_t i = 0; i < sc->nassets; i++) {
        const dm_asset *a = &sc->assets[i];
        dm_drawn_asset *x = &d->assets[i];
        for (size_t k = 0; k < a->nsteps; k++)
            x->counts[k] = dm_param_draw(&a->steps[k].count, rng);
        x->productivity = dm_param_draw(&a->productivity, rng);
        x->days = dm_param_draw(&a->days, rng);
        for (int m = 0; m < DM_MONTHS_PER_YEAR; m++)
            x->seasonal[m] = dm_param_draw(&a->seasonal[m], rng);
        x->availability = dm_param_draw(&a->availability, rng);
        x->training = dm_param_draw(&a->training, rng);
        x->cost = dm_param_draw(&a->cost, rng);
        if (a->has_detector) {
            x->search = dm_param_draw(&a->search, rng);
            x->false_alarms = dm_param_draw(&a->false_alarms, rng);
            x->fa_minutes = dm_param_draw(&a->fa_minutes, rng);
            x->rejection = dm_param_draw(&a->rejection, rng);
        }
    }
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        d->cancel[h] = dm_param_draw(&sc->cancel[h], rng);
        d->reduce[h] = dm_param_draw(&sc->reduce[h], rng);
    }
    for (int k = 0; k < DM_SURVEY_COUNT; k++)
        d->unconstrained_cost[k] =
            sc->unconstrained[k]
                ? dm_param_draw(&sc->unconstrained_cost[k], rng)
                : 0.0;
    if (sc->policy == DM_POLICY_WEIGHTS) {
        for (size_t i = 0; i < sc->npolicy; i++)
            d->policy_weights[i] = dm_param_draw(&sc->policy_weights[i], rng);
        d->default_weight = dm_param_draw(&sc->default_weight, rng);
    }
}

double dm_asset_productivity(const dm_asset *a, const dm_drawn_asset *d)
{
    if (!a->has_detector)
        return d->productivity;
    /* Minutes per m²: search, plus the false alarms the detector does not
     * reject times the minutes each takes. The productivity given is the
     * one with a detector that rejects nothing, so the time ratio scales
     * it; the working minutes of a day cancel out. */
    double plain = d->search + d->false_alarms * d->fa_minutes;
    double with =
        d->search + d->false_alarms * (1.0 - d->rejection) * d->fa_minutes;
    return d->productivity * plain / with;
}
