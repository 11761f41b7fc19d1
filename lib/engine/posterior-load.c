/* Reading a posterior back from the JSON that dm_posterior_write() makes,
 * strictly: a file that is not one is refused naming the key. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "posterior-private.h"
#include "scenario-parse-private.h"

/* Largest posterior file read. */
#define MAX_POSTERIOR_BYTES (256u << 20)

typedef struct reader {
    dm_context *ctx;
    const char *path;
} reader;

static dm_status bad(reader *r, const char *key, const char *what)
{
    return dm_error(r->ctx, DM_ERR_CORRUPT,
                    "posterior '%s': %s: %s (is it a file dm_posterior_write "
                    "made?)",
                    r->path, key, what);
}

static json_object *get(json_object *o, const char *key, json_type type)
{
    json_object *x = NULL;
    if (!json_object_object_get_ex(o, key, &x) ||
        json_object_get_type(x) != type)
        return NULL;
    return x;
}

static int number(json_object *o, double *v)
{
    json_type t = json_object_get_type(o);
    if (t != json_type_double && t != json_type_int)
        return 0;
    *v = json_object_get_double(o);
    return isfinite(*v);
}

/* n numbers of the array under key into v. */
static dm_status numbers(reader *r, json_object *o, const char *key,
                         const char *where, double *v, size_t n)
{
    json_object *a = get(o, key, json_type_array);
    char label[128];
    snprintf(label, sizeof label, "%s.%s", where, key);
    if (a == NULL || json_object_array_length(a) != n)
        return bad(r, label, "missing, or not the right number of numbers");
    for (size_t i = 0; i < n; i++)
        if (!number(json_object_array_get_idx(a, i), &v[i]))
            return bad(r, label, "a value is not a finite number");
    return DM_OK;
}

static dm_status month_key(reader *r, json_object *o, const char *key,
                           int *month)
{
    json_object *x = get(o, key, json_type_string);
    if (x == NULL || dm_month_parse(json_object_get_string(x), month) != DM_OK)
        return bad(r, key, "missing, or not a month YYYY-MM");
    return DM_OK;
}

static dm_status read_header(reader *r, json_object *root, dm_posterior *p)
{
    json_object *x = get(root, "format", json_type_string);
    if (x == NULL || strcmp(json_object_get_string(x), "demine posterior 1"))
        return bad(r, "format", "not \"demine posterior 1\"");
    if ((x = get(root, "scenario", json_type_string)) == NULL)
        return bad(r, "scenario", "missing");
    if ((p->scenario = dm_strdup(r->ctx, json_object_get_string(x))) == NULL)
        return DM_ERR_NO_MEMORY;
    dm_status s = month_key(r, root, "first_month", &p->first_month);
    if (s == DM_OK)
        s = month_key(r, root, "last_month", &p->last_month);
    if (s != DM_OK)
        return s;
    double v[3];
    const char *keys[] = {"epsilon", "acceptance", "ess"};
    for (int i = 0; i < 3; i++) {
        if ((x = get(root, keys[i], json_type_double)) == NULL &&
            (x = get(root, keys[i], json_type_int)) == NULL)
            return bad(r, keys[i], "missing");
        if (!number(x, &v[i]))
            return bad(r, keys[i], "not a finite number");
    }
    p->epsilon = v[0];
    p->acceptance = v[1];
    p->ess = v[2];
    const char *counts[] = {"seed", "generations", "simulations"};
    uint64_t c[3];
    for (int i = 0; i < 3; i++) {
        if ((x = get(root, counts[i], json_type_int)) == NULL)
            return bad(r, counts[i], "missing, or not a whole number");
        c[i] = json_object_get_uint64(x);
    }
    p->seed = c[0];
    p->generations = (size_t)c[1];
    p->simulations = (size_t)c[2];
    return DM_OK;
}

static dm_status read_params(reader *r, json_object *a, dm_posterior *p)
{
    for (size_t i = 0; i < p->nparams; i++) {
        json_object *o = json_object_array_get_idx(a, i), *name;
        char where[64];
        snprintf(where, sizeof where, "parameters[%zu]", i);
        if (json_object_get_type(o) != json_type_object ||
            (name = get(o, "name", json_type_string)) == NULL)
            return bad(r, where, "not an object with a name");
        double prior[3];
        dm_status s = numbers(r, o, "prior", where, prior, 3);
        if (s != DM_OK)
            return s;
        if (!(prior[0] <= prior[1] && prior[1] <= prior[2]))
            return bad(r, where, "its prior is not min <= mode <= max");
        p->prior[i].min = prior[0];
        p->prior[i].mode = prior[1];
        p->prior[i].max = prior[2];
        if ((p->names[i] = dm_strdup(r->ctx, json_object_get_string(name))) ==
            NULL)
            return DM_ERR_NO_MEMORY;
    }
    return DM_OK;
}

/* A string under key, or "" when absent. */
static const char *text(json_object *o, const char *key)
{
    json_object *x = get(o, key, json_type_string);
    return x != NULL ? json_object_get_string(x) : "";
}

static dm_status read_observations(reader *r, json_object *a, dm_posterior *p)
{
    for (size_t i = 0; i < p->nobs; i++) {
        json_object *o = json_object_array_get_idx(a, i);
        char where[64];
        snprintf(where, sizeof where, "observations[%zu]", i);
        if (json_object_get_type(o) != json_type_object)
            return bad(r, where, "not an object");
        dm_observation ob;
        dm_observation_init(&ob);
        if (dm_month_parse(text(o, "date"), &ob.month) != DM_OK)
            return bad(r, where, "its date is not a month YYYY-MM");
        if (text(o, "from")[0] != '\0' &&
            dm_month_parse(text(o, "from"), &ob.from_month) != DM_OK)
            return bad(r, where, "its from is not a month YYYY-MM");
        json_object *v;
        double *dst[3] = {&ob.value, &ob.low, &ob.high};
        const char *keys[3] = {"value", "low", "high"};
        for (int k = 0; k < 3; k++)
            if (!json_object_object_get_ex(o, keys[k], &v) ||
                !number(v, dst[k]))
                return bad(r, where, "a value, low or high is missing");
        ob.region = text(o, "region");
        ob.quantity = text(o, "quantity");
        ob.source = text(o, "source");
        ob.note = text(o, "note");
        /* Where the record sat is not kept (the file would differ from
         * machine to machine): the observation is the posterior's. */
        char at[600];
        snprintf(at, sizeof at, "posterior '%s', %s", r->path, where);
        dm_status s = dm_record_add_at(r->ctx, p->observations, &ob, at);
        if (s == DM_ERR_NO_MEMORY)
            return s;
        if (s != DM_OK)
            return dm_error_wrap(r->ctx, DM_ERR_CORRUPT, "posterior '%s', %s",
                                 r->path, where);
    }
    return DM_OK;
}

static dm_status read_particles(reader *r, json_object *a, dm_posterior *p)
{
    for (size_t j = 0; j < p->n; j++) {
        json_object *o = json_object_array_get_idx(a, j), *x;
        char where[64];
        snprintf(where, sizeof where, "particles[%zu]", j);
        if (json_object_get_type(o) != json_type_object)
            return bad(r, where, "not an object");
        if (!json_object_object_get_ex(o, "weight", &x) ||
            !number(x, &p->weights[j]) || p->weights[j] < 0.0 ||
            !json_object_object_get_ex(o, "distance", &x) ||
            !number(x, &p->distance[j]))
            return bad(r, where, "its weight or distance is missing");
        dm_status s = numbers(r, o, "values", where,
                              p->values + j * p->nparams, p->nparams);
        if (s == DM_OK)
            s = numbers(r, o, "simulated", where, p->sim + j * p->nobs,
                        p->nobs);
        if (s != DM_OK)
            return s;
    }
    return DM_OK;
}

static dm_status read_posterior(reader *r, json_object *root,
                                dm_posterior **out)
{
    json_object *params = get(root, "parameters", json_type_array);
    json_object *obs = get(root, "observations", json_type_array);
    json_object *parts = get(root, "particles", json_type_array);
    if (params == NULL || obs == NULL || parts == NULL ||
        json_object_array_length(parts) == 0)
        return bad(r, "parameters, observations, particles",
                   "missing, or no particle");
    dm_posterior *p = dm_posterior_new(json_object_array_length(params),
                                       json_object_array_length(parts),
                                       json_object_array_length(obs));
    if (p == NULL)
        return dm_no_memory(r->ctx);
    dm_status s = read_header(r, root, p);
    if (s == DM_OK)
        s = read_params(r, params, p);
    if (s == DM_OK)
        s = read_observations(r, obs, p);
    if (s == DM_OK)
        s = read_particles(r, parts, p);
    if (s != DM_OK) {
        dm_posterior_free(p);
        return s;
    }
    *out = p;
    return DM_OK;
}

dm_status dm_posterior_load(dm_context *ctx, const char *path,
                            dm_posterior **out)
{
    DM_CHECK(ctx, path, out);
    char *buf = NULL;
    size_t len = 0;
    dm_status s =
        dm_read_text_file(ctx, "posterior", path, MAX_POSTERIOR_BYTES,
                          DM_ERR_CORRUPT, &buf, &len);
    if (s != DM_OK)
        return s;
    json_object *root = NULL;
    s = dm_json_parse(ctx, "posterior", path, buf, len, DM_ERR_CORRUPT, &root);
    free(buf);
    if (s != DM_OK)
        return s;
    reader r = {ctx, path};
    s = json_object_get_type(root) == json_type_object
            ? read_posterior(&r, root, out)
            : bad(&r, "the top", "not an object");
    json_object_put(root);
    return s;
}
