/* The posterior: weighted draws of a scenario's fitted parameters, their
 * file (JSON with json-c, doubles written to round-trip exactly), their
 * quantiles, and the sampler that projections draw runs from. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "atomic-private.h"
#include "posterior-private.h"
#include "projection-private.h"
#include "scenario-parse-private.h"

/* The first key of the file: what it is, and the version of its layout. */
#define POSTERIOR_FORMAT "demine posterior 1"

dm_posterior *dm_posterior_new(size_t nparams, size_t n, size_t nobs)
{
    dm_posterior *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->nparams = nparams;
    p->n = n;
    p->nobs = nobs;
    p->names = calloc(nparams + 1, sizeof *p->names);
    p->prior = calloc(nparams + 1, sizeof *p->prior);
    p->values = calloc(n * nparams + 1, sizeof *p->values);
    p->weights = calloc(n + 1, sizeof *p->weights);
    p->distance = calloc(n + 1, sizeof *p->distance);
    p->sim = calloc(n * nobs + 1, sizeof *p->sim);
    p->observations = calloc(1, sizeof *p->observations);
    if (p->names == NULL || p->prior == NULL || p->values == NULL ||
        p->weights == NULL || p->distance == NULL || p->sim == NULL ||
        p->observations == NULL) {
        dm_posterior_free(p);
        return NULL;
    }
    return p;
}

void dm_posterior_free(dm_posterior *p)
{
    if (p == NULL)
        return;
    if (p->names != NULL)
        for (size_t i = 0; i < p->nparams; i++)
            free(p->names[i]);
    free(p->names);
    free(p->prior);
    free(p->values);
    free(p->weights);
    free(p->distance);
    free(p->sim);
    dm_record_free(p->observations);
    free(p->scenario);
    free(p);
}

double dm_effective_size(const double *w, size_t n)
{
    double s = 0.0, s2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += w[i];
        s2 += w[i] * w[i];
    }
    return s2 > 0.0 ? s * s / s2 : 0.0;
}

/* ---- accessors -----------------------------------------------------------
 */

static void dm_posterior_info_init_full(dm_posterior_info *info)
{
    if (info == NULL)
        return;
    memset(info, 0, sizeof *info);
    info->struct_size = sizeof *info;
}

void dm_posterior_info_init_size(dm_posterior_info *info, size_t size)
{
    dm_posterior_info full;
    dm_posterior_info_init_full(&full);
    dm_init_copy(info, &full, sizeof full, size);
}

dm_status dm_posterior_info_get(dm_context *ctx, const dm_posterior *posterior,
                                dm_posterior_info *info)
{
    DM_CHECK(ctx, posterior, info);
    dm_status s = dm_result_check(ctx, __func__, "dm_posterior_info_init",
                                  info, sizeof(dm_posterior_info));
    if (s != DM_OK)
        return s;
    const dm_posterior *p = posterior;
    dm_posterior_info r;
    dm_posterior_info_init(&r);
    r.scenario = p->scenario;
    r.first_month = p->first_month;
    r.last_month = p->last_month;
    r.parameters = p->nparams;
    r.particles = p->n;
    r.generations = p->generations;
    r.simulations = p->simulations;
    r.epsilon = p->epsilon;
    r.acceptance = p->acceptance;
    r.ess = p->ess;
    r.observations = p->nobs;
    r.seed = p->seed;
    dm_result_give(info, &r);
    return DM_OK;
}

const char *dm_posterior_param_name(dm_context *ctx,
                                    const dm_posterior *posterior, size_t i)
{
    DM_CHECK_OR(NULL, ctx, posterior);
    if (i >= posterior->nparams) {
        dm_out_of_range(ctx, "parameter", i, posterior->nparams);
        return NULL;
    }
    return posterior->names[i];
}

dm_status dm_posterior_param_prior(dm_context *ctx,
                                   const dm_posterior *posterior, size_t i,
                                   double *min, double *mode, double *max)
{
    DM_CHECK(ctx, posterior, min, mode, max);
    if (i >= posterior->nparams)
        return dm_out_of_range(ctx, "parameter", i, posterior->nparams);
    *min = posterior->prior[i].min;
    *mode = posterior->prior[i].mode;
    *max = posterior->prior[i].max;
    return DM_OK;
}

/* Orders particle indices by a value (the sort's comparison reads them). */
typedef struct keyed {
    double key, weight;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    double x = ((const keyed *)a)->key, y = ((const keyed *)b)->key;
    return (x > y) - (x < y);
}

/* Quantile q of n values (stride apart) under their weights: the smallest
 * value whose cumulative weight reaches q. */
static dm_status weighted_quantile(dm_context *ctx, const double *values,
                                   size_t stride, const double *weights,
                                   size_t n, double q, double *out)
{
    if (!(q >= 0.0 && q <= 1.0))
        return dm_error(ctx, DM_ERR_INVALID_ARGUMENT,
                        "quantile %g is not between 0 and 1", q);
    keyed *k = malloc((n ? n : 1) * sizeof *k);
    if (k == NULL)
        return dm_no_memory(ctx);
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        k[i].key = values[i * stride];
        k[i].weight = weights[i];
        total += weights[i];
    }
    qsort(k, n, sizeof *k, cmp_keyed);
    double cum = 0.0;
    *out = n > 0 ? k[n - 1].key : NAN;
    for (size_t i = 0; i < n; i++) {
        cum += k[i].weight;
        if (cum >= q * total) {
            *out = k[i].key;
            break;
        }
    }
    free(k);
    return DM_OK;
}

dm_status dm_posterior_param_quantile(dm_context *ctx,
                                      const dm_posterior *posterior, size_t i,
                                      double q, double *value)
{
    DM_CHECK(ctx, posterior, value);
    if (i >= posterior->nparams)
        return dm_out_of_range(ctx, "parameter", i, posterior->nparams);
    return weighted_quantile(ctx, posterior->values + i, posterior->nparams,
                             posterior->weights, posterior->n, q, value);
}

dm_status dm_posterior_observation(dm_context *ctx,
                                   const dm_posterior *posterior, size_t i,
                                   dm_observation *obs, double q,
                                   double *simulated)
{
    DM_CHECK(ctx, posterior, obs, simulated);
    if (i >= posterior->nobs)
        return dm_out_of_range(ctx, "observation", i, posterior->nobs);
    dm_status s = dm_record_observation(ctx, posterior->observations, i, obs);
    if (s == DM_OK)
        s = weighted_quantile(ctx, posterior->sim + i, posterior->nobs,
                              posterior->weights, posterior->n, q, simulated);
    return s;
}

/* ---- the sampler ------------------------------------------------------- */

static void draw_posterior(const dm_sampler *self, uint64_t seed, size_t run,
                           double *x)
{
    const dm_posterior_sampler *ps = (const dm_posterior_sampler *)self;
    const dm_scenario *sc = self->scenario;
    const dm_posterior *p = ps->posterior;
    /* Every parameter from its range, then one particle by weight, from a
     * stream of its own: a scenario drawing from the same posterior takes
     * the same particle in the same run. */
    dm_draw_prior(sc, seed, run, x);
    double u = dm_stream_uniform(seed, run, dm_stream_key("posterior"));
    size_t lo = 0, hi = p->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ps->cumulative[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    const double *v = p->values + lo * p->nparams;
    for (size_t i = 0; i < sc->nparams; i++)
        if (ps->map[i] != DM_NO_SLOT)
            x[i] = v[ps->map[i]];
}

size_t dm_posterior_slot(const dm_posterior *p, const dm_scenario *sc,
                         size_t i)
{
    if (sc->param_is_count[i])
        return DM_NO_SLOT;
    const dm_param *a = sc->params[i];
    for (size_t k = 0; k < p->nparams; k++) {
        const dm_param *b = &p->prior[k];
        /* A figure the scenario keeps as it was fitted: one it changes (an
         * extension setting a new productivity, say) is its own. */
        if (strcmp(sc->param_names[i], p->names[k]) == 0 && a->min == b->min &&
            a->mode == b->mode && a->max == b->max)
            return k;
    }
    return DM_NO_SLOT;
}

dm_status dm_posterior_applies(dm_context *ctx, const dm_posterior *posterior,
                               const dm_scenario *scenario, size_t *count)
{
    DM_CHECK(ctx, posterior, scenario, count);
    *count = 0;
    for (size_t i = 0; i < scenario->nparams; i++)
        *count += dm_posterior_slot(posterior, scenario, i) != DM_NO_SLOT;
    return DM_OK;
}

void dm_sampler_posterior(dm_posterior_sampler *s, const dm_scenario *sc,
                          const dm_posterior *posterior, size_t *map,
                          double *cumulative)
{
    s->base.draw = draw_posterior;
    s->base.scenario = sc;
    s->base.data = NULL;
    s->posterior = posterior;
    s->map = map;
    s->cumulative = cumulative;
    for (size_t i = 0; i < sc->nparams; i++)
        map[i] = dm_posterior_slot(posterior, sc, i);
    double c = 0.0;
    for (size_t j = 0; j < posterior->n; j++) {
        c += posterior->weights[j];
        cumulative[j] = c;
    }
    for (size_t j = 0; j < posterior->n; j++)
        cumulative[j] /= c > 0.0 ? c : 1.0;
    if (posterior->n > 0)
        cumulative[posterior->n - 1] = 1.0; /* u < 1 always finds one */
}

/* ---- the file ------------------------------------------------------------
 */

/* A double that reads back to the same bits. */
static json_object *exact(double v)
{
    char text[32];
    dm_format_c(text, sizeof text, "%.17g", v); /* "0.5", never "0,5" */
    return json_object_new_double_s(v, text);
}

static json_object *month_string(int month)
{
    char text[DM_MONTH_TEXT_SIZE];
    return json_object_new_string(dm_month_format(month, text, sizeof text));
}

static json_object *observation_json(const dm_obs *o)
{
    json_object *j = json_object_new_object();
    json_object_object_add(j, "date", month_string(o->month));
    if (o->from != 0)
        json_object_object_add(j, "from", month_string(o->from));
    json_object_object_add(
        j, "region",
        json_object_new_string(o->region ? o->region : DM_RECORD_NATIONAL));
    json_object_object_add(
        j, "quantity",
        json_object_new_string(dm_quantity((size_t)o->quantity)->name));
    json_object_object_add(j, "value", exact(o->value));
    json_object_object_add(j, "low", exact(o->low));
    json_object_object_add(j, "high", exact(o->high));
    json_object_object_add(j, "source", json_object_new_string(o->source));
    json_object_object_add(j, "note", json_object_new_string(o->note));
    return j;
}

static json_object *numbers(const double *v, size_t n)
{
    json_object *a = json_object_new_array_ext((int)n);
    for (size_t i = 0; i < n; i++)
        json_object_array_add(a, exact(v[i]));
    return a;
}

static json_object *posterior_json(const dm_posterior *p)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "format",
                           json_object_new_string(POSTERIOR_FORMAT));
    json_object_object_add(root, "scenario",
                           json_object_new_string(p->scenario));
    json_object_object_add(root, "first_month", month_string(p->first_month));
    json_object_object_add(root, "last_month", month_string(p->last_month));
    json_object_object_add(root, "seed",
                           json_object_new_uint64((uint64_t)p->seed));
    json_object_object_add(root, "generations",
                           json_object_new_uint64(p->generations));
    json_object_object_add(root, "simulations",
                           json_object_new_uint64(p->simulations));
    json_object_object_add(root, "epsilon", exact(p->epsilon));
    json_object_object_add(root, "acceptance", exact(p->acceptance));
    json_object_object_add(root, "ess", exact(p->ess));
    json_object *params = json_object_new_array();
    for (size_t i = 0; i < p->nparams; i++) {
        json_object *j = json_object_new_object();
        double prior[3] = {p->prior[i].min, p->prior[i].mode, p->prior[i].max};
        json_object_object_add(j, "name", json_object_new_string(p->names[i]));
        json_object_object_add(j, "prior", numbers(prior, 3));
        json_object_array_add(params, j);
    }
    json_object_object_add(root, "parameters", params);
    json_object *obs = json_object_new_array();
    for (size_t i = 0; i < p->nobs; i++)
        json_object_array_add(obs,
                              observation_json(&p->observations->items[i]));
    json_object_object_add(root, "observations", obs);
    json_object *parts = json_object_new_array_ext((int)p->n);
    for (size_t j = 0; j < p->n; j++) {
        json_object *x = json_object_new_object();
        json_object_object_add(x, "weight", exact(p->weights[j]));
        json_object_object_add(x, "distance", exact(p->distance[j]));
        json_object_object_add(
            x, "values", numbers(p->values + j * p->nparams, p->nparams));
        json_object_object_add(x, "simulated",
                               numbers(p->sim + j * p->nobs, p->nobs));
        json_object_array_add(parts, x);
    }
    json_object_object_add(root, "particles", parts);
    return root;
}

dm_status dm_posterior_write(dm_context *ctx, const dm_posterior *posterior,
                             const char *path)
{
    DM_CHECK(ctx, posterior, path);
    json_object *root = posterior_json(posterior);
    if (root == NULL)
        return dm_no_memory(ctx);
    const char *text = json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    dm_atomic a;
    dm_status s =
        text != NULL ? dm_atomic_begin(ctx, path, &a) : dm_no_memory(ctx);
    if (s == DM_OK) {
        FILE *f = fopen(a.tmp, "w");
        int ok = f != NULL && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
        ok = f != NULL && fclose(f) == 0 && ok;
        if (ok)
            s = dm_atomic_commit(ctx, &a);
        else {
            dm_atomic_abort(&a);
            s = dm_error(ctx, DM_ERR_IO, "cannot write '%s'", path);
        }
    }
    json_object_put(root);
    return s;
}
