/* The HTML report (dm_report_write()): the comparison's figures against
 * those worked out by hand for one cell cleared at a known rate, names
 * from the inputs escaped, the same bytes from the same inputs, and bad
 * arguments refused with the older file left as it was. */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>

/* A region name and a scenario label with every character HTML gives a
 * meaning to. */
#define ODD_NAME "Kherson <b>\"south\"</b> & 'co'"
#define ODD_LABEL "fast <script>alert(1)</script> & \"more\""
#define ODD_NAME_ESCAPED                                                      \
    "Kherson &lt;b&gt;&quot;south&quot;&lt;/b&gt; &amp; 'co'"
#define ODD_LABEL_ESCAPED                                                     \
    "fast &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"

/* units deminers at 1,000 m² a day, 10 days a month: 0.01 units km² a
 * month. */
static dm_scenario *deminers(dm_context *ctx, int units)
{
    char *text = NULL;
    assert_true(
        asprintf(&text,
                 "{\"name\": \"d%d\", \"description\": \"%d deminers <&>\", "
                 "\"start\": \"2025-01\", \"horizon_months\": 120, "
                 "\"assets\": [{\"name\": \"m\", \"kind\": \"manual\", "
                 "\"count\": %d, \"productivity_m2_per_day\": 1000, "
                 "\"working_days_per_month\": 10, "
                 "\"cost_usd_per_unit_day\": 90}], " CLEAR_ONLY "}",
                 units, units, units) > 0);
    dm_scenario *s = NULL;
    if (dm_scenario_load_string(ctx, text, NULL, &s) != DM_OK)
        fail_msg("scenario: %s\n%s", dm_context_last_error(ctx), text);
    free(text);
    return s;
}

typedef struct pair {
    dm_context *ctx;
    dm_work *work;
    dm_scenario *sc[2];
    dm_projection *p[2];
    const char *labels[2];
} pair;

/* 3 km² in one region with an odd name, cleared by 30 deminers (10
 * months) and by 60 (5 months). */
static void pair_make(pair *t)
{
    memset(t, 0, sizeof *t);
    t->ctx = dm_context_new();
    assert_non_null(t->ctx);
    assert_status(t->ctx, dm_work_new(t->ctx, &t->work), DM_OK);
    assert_status(t->ctx,
                  dm_work_add(t->ctx, t->work, "UA-65", ODD_NAME,
                              DM_HAZARD_HIGH, DM_ZONE_ACCESSIBLE,
                              DM_AREA_SUSPECTED, 3.0),
                  DM_OK);
    for (int i = 0; i < 2; i++) {
        t->sc[i] = deminers(t->ctx, 30 * (i + 1));
        dm_projection_options o;
        dm_projection_options_init(&o);
        o.runs = 4;
        o.seed = 7;
        assert_status(t->ctx,
                      dm_project(t->ctx, t->work, t->sc[i], &o, &t->p[i]),
                      DM_OK);
    }
    t->labels[0] = "slow";
    t->labels[1] = ODD_LABEL;
}

static void pair_free(pair *t)
{
    for (int i = 0; i < 2; i++) {
        dm_projection_free(t->p[i]);
        dm_scenario_free(t->sc[i]);
    }
    dm_work_free(t->work);
    dm_context_free(t->ctx);
}

static char *report(pair *t, const char *name, size_t versus)
{
    dm_report_options o;
    dm_report_options_init(&o);
    o.labels = t->labels;
    o.scenarios = (const dm_scenario *const *)t->sc;
    o.versus = versus;
    const char *path = test_path(name);
    assert_status(t->ctx,
                  dm_report_write(t->ctx, (const dm_projection *const *)t->p,
                                  2, path, &o),
                  DM_OK);
    return test_slurp(path, NULL);
}

/* The comparison row of `measure` on the nation: from its <tr> to its
 * end, into buf. */
static const char *national_row(const char *html, const char *measure,
                                char *buf, size_t size)
{
    char key[128];
    snprintf(key, sizeof key,
             "data-region=\"national\" data-measure=\"%s\" data-year=\"\"",
             measure);
    const char *at = strstr(html, key);
    if (at == NULL)
        fail_msg("no national row of %s", measure);
    const char *end = strstr(at, "</tr>");
    assert_non_null(end);
    snprintf(buf, size, "%.*s", (int)(end - at), at);
    return buf;
}

static void assert_has(const char *text, const char *needle)
{
    assert_non_null(text);
    if (strstr(text, needle) == NULL) {
        size_t n = strlen(text);
        fail_msg("'%s' not found in:\n%.*s", needle,
                 (int)(n < 2000 ? n : 2000), text);
    }
}

/* 30 deminers clear the 3 km² in 3 / 0.3 = 10 months, 60 in 5: the fast
 * scenario's change in years to 100 % is -5/12 in every run, +5/12 the
 * other way round; its cost over the horizon, 60 × 10 days × US$90 a
 * month for 5 months against 30 × … for 10, the same US$0.27 m. */
static void comparison_is_worked_out_by_hand(void **state)
{
    (void)state;
    pair t;
    pair_make(&t);
    char *html = report(&t, "r.html", 0), row[4096];
    national_row(html, "months_to_100", row, sizeof row);
    assert_has(row, "data-column=\"change_p50\" data-value=\"-0.416667\">"
                    "−0.42<");
    assert_has(row, "data-column=\"change_p10\" data-value=\"-0.416667\"");
    assert_has(row, "data-column=\"versus_p50\" data-value=\"0.833333\">"
                    "0.83<");
    assert_has(row, "data-column=\"scenario_p50\" data-value=\"0.416667\"");
    assert_has(row, "data-column=\"paired_runs\" data-value=\"4\">4<");
    national_row(html, "cost_usd", row, sizeof row);
    /* (The paired difference of US$0.27 m and 0.27 m rounds to some
     * 1e-17, which comparison.csv writes as it is too.) */
    assert_has(row, "\">+0</td><td class=\"n\" data-column=\"change_p10\"");
    assert_has(row, "data-column=\"versus_p50\" data-value=\"0.27\">0<");
    /* Every measure of comparison.csv on both lands, km² by each of the
     * three default years: (6 + 3) × 2 rows. */
    size_t rows = 0;
    for (const char *at = html; (at = strstr(at, "data-measure=")) != NULL;
         at++)
        rows++;
    assert_int_equal(rows, 18);
    free(html);
    html = report(&t, "r2.html", 1);
    national_row(html, "months_to_100", row, sizeof row);
    assert_has(row, "data-column=\"change_p50\" data-value=\"0.416667\">"
                    "+0.42<");
    free(html);
    pair_free(&t);
}

/* Names come from input files: each appears escaped, never raw. */
static void names_are_escaped(void **state)
{
    (void)state;
    pair t;
    pair_make(&t);
    char *html = report(&t, "escaped.html", 0);
    assert_null(strstr(html, ODD_NAME));
    assert_null(strstr(html, ODD_LABEL));
    assert_null(strstr(html, "<script"));
    assert_has(html, ODD_NAME_ESCAPED);
    assert_has(html, ODD_LABEL_ESCAPED);
    assert_has(html, "data-scenario=\"" ODD_LABEL_ESCAPED "\"");
    assert_has(html, "30 deminers &lt;&amp;&gt;"); /* the description */
    free(html);
    pair_free(&t);
}

/* The same inputs and seed, projected again in another context: the same
 * bytes. */
static void same_inputs_same_bytes(void **state)
{
    (void)state;
    pair a, b;
    pair_make(&a);
    pair_make(&b);
    size_t na = 0, nb = 0;
    char *x = report(&a, "a.html", 0), *y = report(&b, "b.html", 0);
    free(x);
    free(y);
    x = test_slurp(test_path("a.html"), &na);
    y = test_slurp(test_path("b.html"), &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(x, y, na);
    free(x);
    free(y);
    pair_free(&a);
    pair_free(&b);
}

/* Refused before anything is written: the older report stays. */
static void bad_arguments_leave_the_older_file(void **state)
{
    (void)state;
    pair t;
    pair_make(&t);
    char *before = report(&t, "keep.html", 0);
    const char *path = test_path("keep.html");
    const dm_projection *const *p = (const dm_projection *const *)t.p;
    dm_report_options o;
    dm_report_options_init(&o);
    assert_status(t.ctx, dm_report_write(t.ctx, p, 0, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(t.ctx, "1 to 64 projections, not 0");
    assert_status(t.ctx, dm_report_write(t.ctx, p, 65, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(t.ctx, "not 65");
    o.versus = 2;
    assert_status(t.ctx, dm_report_write(t.ctx, p, 2, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(t.ctx, "versus 2");
    o.versus = 0;
    dm_regions *regions = NULL; /* the map's regions without its
                                   contamination */
    assert_status(
        t.ctx,
        dm_regions_load(t.ctx, test_embedded_boundaries(), NULL, &regions),
        DM_OK);
    o.regions = regions;
    assert_status(t.ctx, dm_report_write(t.ctx, p, 2, path, &o),
                  DM_ERR_INVALID_ARGUMENT);
    assert_message_has(t.ctx, "both the regions and the contamination");
    o.regions = NULL;
    dm_regions_free(regions);
    assert_status(t.ctx, dm_report_write(t.ctx, p, 2, NULL, &o),
                  DM_ERR_NULL_ARGUMENT);
    assert_message_has(t.ctx, "path");
    assert_status(t.ctx,
                  dm_report_write(t.ctx, p, 2, "/nonexistent/dir/r.html", &o),
                  DM_ERR_IO);
    assert_message_has(t.ctx, "/nonexistent/dir");
    char *after = test_slurp(path, NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
    pair_free(&t);
}

/* The disk fills mid-write (a file size limit below the page's, SIGXFSZ
 * ignored, as tools/atomic-outputs.sh does for the tools): in a picture
 * (20 kB) and in the page itself (1 MB: every picture fits, the page's
 * embedded face alone does not): DM_ERR_IO naming the page, the older
 * page as it was, no temporary folder left beside it. */
static void a_write_that_fails_midway_leaves_the_older_file(void **state)
{
    (void)state;
    pair t;
    pair_make(&t);
    mkdir(test_path("full"), 0700);
    char *before = report(&t, "full/r.html", 0);
    const char *path = test_path("full/r.html");
    static const rlim_t limits[] = {20000, 1000000};
    for (size_t i = 0; i < 2; i++) {
        struct rlimit old, low;
        assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
        low = old;
        low.rlim_cur = limits[i];
        void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &low), 0);
        dm_status s = dm_report_write(t.ctx, (const dm_projection *const *)t.p,
                                      2, path, NULL);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
        signal(SIGXFSZ, was);
        assert_status(t.ctx, s, DM_ERR_IO);
        assert_message_has(t.ctx, "full/r.html'");
        char *after = test_slurp(path, NULL);
        assert_string_equal(before, after);
        free(after);
        DIR *d = opendir(test_path("full"));
        assert_non_null(d);
        size_t entries = 0;
        for (struct dirent *e; (e = readdir(d)) != NULL;)
            entries +=
                strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
        closedir(d);
        assert_int_equal(entries, 1); /* r.html alone */
    }
    free(before);
    pair_free(&t);
}

/* What each asset buys: a row per asset in rank order; when none of
 * them shows a change (km² to the km², years to 0.01), the page says
 * so, and not when one does. */
static void ranks_that_buy_nothing_say_so(void **state)
{
    (void)state;
    pair t;
    pair_make(&t);
    dm_asset_rank ranks[2];
    for (int i = 0; i < 2; i++)
        dm_asset_rank_init(&ranks[i]);
    ranks[0].name = "dogs <k9>";
    ranks[1].name = "machines";
    ranks[0].km2_by_deadline = 0.4; /* shows +0 */
    ranks[1].months_saved_100 = 0.05;
    dm_report_options o;
    dm_report_options_init(&o);
    o.ranks = ranks;
    o.rank_count = 2;
    o.rank_runs = 3;
    const dm_projection *const *p = (const dm_projection *const *)t.p;
    const char *path = test_path("ranks.html");
    assert_status(t.ctx, dm_report_write(t.ctx, p, 2, path, &o), DM_OK);
    char *html = test_slurp(path, NULL);
    assert_has(html, "<th scope=\"row\">dogs &lt;k9&gt;</th>");
    assert_true(strstr(html, "dogs &lt;k9&gt;") < strstr(html, "machines"));
    assert_has(html, "(P50 of 3 runs)");
    assert_has(html, "id=\"assets-nothing\"");
    free(html);
    ranks[1].months_saved_100 = 0.07; /* +0.01 years */
    assert_status(t.ctx, dm_report_write(t.ctx, p, 2, path, &o), DM_OK);
    html = test_slurp(path, NULL);
    assert_null(strstr(html, "id=\"assets-nothing\""));
    free(html);
    pair_free(&t);
}

/* Projections of other runs, or of another seed, do not pair up: the
 * message says which projection and why. */
static void unpaired_projections_are_refused(void **state)
{
    (void)state;
    pair t;
    pair_make(&t);
    const unsigned long long seeds[2] = {7, 8};
    const size_t runs[2] = {5, 4};
    const char *why[2] = {"numbers of runs differ", "seeds differ"};
    for (int k = 0; k < 2; k++) {
        dm_projection_options o;
        dm_projection_options_init(&o);
        o.runs = runs[k];
        o.seed = seeds[k];
        dm_projection *other = NULL;
        assert_status(t.ctx, dm_project(t.ctx, t.work, t.sc[1], &o, &other),
                      DM_OK);
        const dm_projection *p[2] = {t.p[0], other};
        assert_status(t.ctx,
                      dm_report_write(t.ctx, p, 2, test_path("u.html"), NULL),
                      DM_ERR_INVALID_ARGUMENT);
        assert_message_has(t.ctx, "projection 1 does not pair with "
                                  "projection 0");
        assert_message_has(t.ctx, why[k]);
        assert_int_equal(access(test_path("u.html"), F_OK), -1);
        dm_projection_free(other);
    }
    pair_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comparison_is_worked_out_by_hand),
        cmocka_unit_test(names_are_escaped),
        cmocka_unit_test(same_inputs_same_bytes),
        cmocka_unit_test(bad_arguments_leave_the_older_file),
        cmocka_unit_test(a_write_that_fails_midway_leaves_the_older_file),
        cmocka_unit_test(ranks_that_buy_nothing_say_so),
        cmocka_unit_test(unpaired_projections_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
