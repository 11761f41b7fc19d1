/* Scenario files: a full file read back through the accessors, "extends",
 * the default scenarios, and a catalogue of bad files, each refused with
 * its own status and a message naming the file and the key, nothing
 * printed, nothing returned. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

/* A valid scenario; the bad ones below change one thing in it. */
#define LAND                                                                  \
    "\"land_release\": {\"high\": {\"nts_cancel_share\": 0.32, "              \
    "\"ts_reduce_share\": 0.35}, \"medium\": {\"nts_cancel_share\": 0.32, "   \
    "\"ts_reduce_share\": 0.35}, \"low\": {\"nts_cancel_share\": 0.32, "      \
    "\"ts_reduce_share\": 0.35}}"
#define ASSET0                                                                \
    "{\"name\": \"nts\", \"kind\": \"nts\", \"count\": 3, "                   \
    "\"productivity_m2_per_day\": 1000, \"working_days_per_month\": 20, "     \
    "\"cost_usd_per_unit_day\": 1}"
#define ASSET1                                                                \
    "{\"name\": \"deminers\", \"kind\": \"manual\", \"description\": \"x\", " \
    "\"count\": [{\"from\": \"2025-01\", \"count\": 100}, {\"from\": "        \
    "\"2026-03\", \"count\": {\"min\": 150, \"mode\": 200, \"max\": 300}}], " \
    "\"productivity_m2_per_day\": {\"min\": 10, \"mode\": 30, \"max\": 50}, " \
    "\"working_days_per_month\": 21, \"seasonal_factors\": [1, 1, 1, 1, 1, "  \
    "1, 1, 1, 1, 1, 1, 0.5], \"availability\": 0.9, \"training_months\": 3, " \
    "\"cost_usd_per_unit_day\": {\"min\": 30, \"mode\": 90, \"max\": 150}, "  \
    "\"detector\": {\"search_minutes_per_m2\": 15, \"false_alarms_per_m2\": " \
    "0.5, \"minutes_per_false_alarm\": 20, \"rejection\": 0.965}}"
#define ASSET2                                                                \
    "{\"name\": \"machines\", \"kind\": \"mechanical\", \"count\": 5, "       \
    "\"productivity_m2_per_day\": 3000, \"working_days_per_month\": 20, "     \
    "\"cost_usd_per_unit_day\": 900}"

static const char *valid_text(void)
{
    return "{\"name\": \"full\", \"description\": \"every key\", \"start\": "
           "\"2025-07\", \"horizon_months\": 120, \"assets\": [" ASSET0
           ", " ASSET1 ", " ASSET2 "], " LAND
           ", \"unconstrained_survey\": {\"ts\": {\"cost_usd_per_ha\": "
           "3000}}, \"access\": {\"controlled\": \"open\", \"occupied\": "
           "\"2027-01\"}, \"policy\": {\"type\": \"weights\", \"weights\": "
           "{\"UA-63\": 3, \"UA-14\": {\"min\": 1, \"mode\": 2, \"max\": 4}}, "
           "\"default_weight\": 1}}";
}

static void full_file_reads_back(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *path = test_write("full.json", valid_text());
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load(ctx, path, &s), DM_OK);
    assert_string_equal(dm_scenario_name(ctx, s), "full");
    assert_string_equal(dm_scenario_description(ctx, s), "every key");
    int start = 0;
    assert_status(ctx, dm_scenario_start(ctx, s, &start), DM_OK);
    assert_int_equal(start, DM_MONTH(2025, 7));
    assert_int_equal(dm_scenario_horizon(ctx, s), 120);
    assert_int_equal(dm_scenario_asset_count(ctx, s), 3);
    assert_string_equal(dm_scenario_asset_name(ctx, s, 1), "deminers");
    dm_asset_kind k;
    assert_status(ctx, dm_scenario_asset_kind(ctx, s, 2, &k), DM_OK);
    assert_int_equal(k, DM_ASSET_MECHANICAL);
    size_t i = 9;
    assert_status(ctx, dm_scenario_find_asset(ctx, s, "machines", &i), DM_OK);
    assert_int_equal(i, 2);
    assert_status(ctx, dm_scenario_find_asset(ctx, s, "dogs", &i),
                  DM_ERR_NOT_FOUND);
    assert_message_has(ctx, "assets: nts, deminers, machines");
    double u = -1;
    assert_status(
        ctx, dm_scenario_asset_units(ctx, s, 1, DM_MONTH(2026, 2), &u), DM_OK);
    assert_abs(u, 100, 0);
    assert_status(
        ctx, dm_scenario_asset_units(ctx, s, 1, DM_MONTH(2026, 3), &u), DM_OK);
    assert_abs(u, 200, 0); /* the mode of the range */
    assert_status(ctx,
                  dm_scenario_asset_units(ctx, s, 1, DM_MONTH(2024, 12), &u),
                  DM_OK);
    assert_abs(u, 0, 0);
    /* Ranged: a count, productivity, cost, one weight. */
    assert_int_equal(dm_scenario_ranged_count(ctx, s), 4);
    assert_null(dm_scenario_asset_name(ctx, s, 3));
    assert_int_equal(dm_context_last_status(ctx), DM_ERR_OUT_OF_RANGE);
    assert_string_equal(dm_asset_kind_name(DM_ASSET_MDD), "mdd");
    assert_null(dm_asset_kind_name((dm_asset_kind)5));
    dm_scenario_free(s);
    dm_scenario_free(NULL);
    assert_int_equal(dm_scenario_asset_count(ctx, NULL), 0);
    dm_context_free(ctx);
}

static void extends_lays_one_file_over_another(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    mkdir(test_path("sub"), 0700);
    test_write("sub/base.json", valid_text());
    /* Override one key of an asset, add an asset, open occupied land
     * earlier, keep the rest. Relative to the extending file's folder. */
    const char *child = test_write(
        "sub/child.json",
        "{\"extends\": \"base.json\", \"name\": \"child\", \"assets\": ["
        "{\"name\": \"machines\", \"count\": 27}, {\"name\": \"dogs\", "
        "\"kind\": \"mdd\", \"count\": 6, \"productivity_m2_per_day\": 1500, "
        "\"working_days_per_month\": 20, \"cost_usd_per_unit_day\": 100}], "
        "\"access\": {\"occupied\": \"2026-01\"}}");
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load(ctx, child, &s), DM_OK);
    assert_string_equal(dm_scenario_name(ctx, s), "child");
    /* What it does not say it keeps, its description too. */
    assert_string_equal(dm_scenario_description(ctx, s), "every key");
    assert_int_equal(dm_scenario_asset_count(ctx, s), 4);
    assert_string_equal(dm_scenario_asset_name(ctx, s, 3), "dogs");
    double u = 0;
    assert_status(
        ctx, dm_scenario_asset_units(ctx, s, 2, DM_MONTH(2025, 7), &u), DM_OK);
    assert_abs(u, 27, 0);
    assert_int_equal(dm_scenario_horizon(ctx, s), 120);
    dm_scenario_free(s);

    /* A chain of two, and extends from a string with a base folder. */
    test_write("sub/grandchild.json",
               "{\"extends\": \"child.json\", \"name\": \"g\", "
               "\"horizon_months\": 24}");
    assert_status(ctx,
                  dm_scenario_load(ctx, test_path("sub/grandchild.json"), &s),
                  DM_OK);
    assert_int_equal(dm_scenario_asset_count(ctx, s), 4);
    assert_int_equal(dm_scenario_horizon(ctx, s), 24);
    dm_scenario_free(s);
    assert_status(ctx,
                  dm_scenario_load_string(ctx,
                                          "{\"extends\": "
                                          "\"child.json\"}",
                                          test_path("sub"), &s),
                  DM_OK);
    assert_string_equal(dm_scenario_name(ctx, s), "child");
    dm_scenario_free(s);
    /* None at all: "". */
    assert_status(
        ctx,
        dm_scenario_load_string(ctx,
                                "{\"name\": \"bare\", \"start\": \"2025-01\", "
                                "\"horizon_months\": 12, \"assets\": [" ASSET2
                                "], " CLEAR_ONLY "}",
                                NULL, &s),
        DM_OK);
    assert_string_equal(dm_scenario_description(ctx, s), "");
    dm_scenario_free(s);
    dm_context_free(ctx);
}

/* Loads text with output trapped and checks the failure. */
static void expect_bad(const char *name, const char *text, dm_status want,
                       const char *needle)
{
    dm_context *ctx = dm_context_new();
    const char *path = test_write(name, text);
    dm_scenario *s = NULL;
    char printed[256];
    quiet_begin();
    dm_status got = dm_scenario_load(ctx, path, &s);
    size_t n = quiet_end(printed, sizeof printed);
    if (n != 0)
        fail_msg("%s: the library printed '%s'", name, printed);
    if (got != want)
        fail_msg("%s: %s, expected %s: %s", name, dm_status_str(got),
                 dm_status_str(want), dm_context_last_error(ctx));
    assert_null(s);
    assert_message_has(ctx, path);
    if (strstr(dm_context_last_error(ctx), needle) == NULL)
        fail_msg("%s: message '%s' does not contain '%s'", name,
                 dm_context_last_error(ctx), needle);
    dm_context_free(ctx);
}

/* valid_text() with the first `from` replaced by `to`. */
static char *variant(const char *from, const char *to)
{
    const char *base = valid_text();
    const char *at = strstr(base, from);
    if (at == NULL)
        fail_msg("'%s' is not in the valid text", from);
    char *out = NULL;
    assert_true(asprintf(&out, "%.*s%s%s", (int)(at - base), base, to,
                         at + strlen(from)) > 0);
    return out;
}

static void bad_files_are_refused_naming_the_key(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to;
        dm_status want;
        const char *needle;
    } cases[] = {
        /* malformed JSON */
        {"\"horizon_months\": 120,", "\"horizon_months\": 120",
         DM_ERR_SCENARIO, "malformed JSON at line 1"},
        {"{\"name\": \"full\"", "{\"name\": 'full'", DM_ERR_SCENARIO,
         "malformed JSON"},
        /* json-c reads NaN even in strict mode: the check on values
         * refuses it. */
        {"\"availability\": 0.9", "\"availability\": NaN", DM_ERR_BAD_VALUE,
         "assets[1].availability: nan is not a finite number"},
        /* a scenario's name makes file names: none that escapes --out,
         * holds a control character or a byte that is not ASCII */
        {"{\"name\": \"full\"", "{\"name\": \"./../escaped\"",
         DM_ERR_BAD_VALUE,
         "name: './../escaped' is not a scenario name: 1 to 64 of A-Z"},
        {"{\"name\": \"full\"", "{\"name\": \"a/b\"", DM_ERR_BAD_VALUE,
         "name: 'a/b' is not a scenario name"},
        {"{\"name\": \"full\"", "{\"name\": \"a\\\\b\"", DM_ERR_BAD_VALUE,
         "name: 'a\\b' is not a scenario name"},
        {"{\"name\": \"full\"", "{\"name\": \"..\"", DM_ERR_BAD_VALUE,
         "name: '..' is not"},
        {"{\"name\": \"full\"", "{\"name\": \"x..y\"", DM_ERR_BAD_VALUE,
         "name: 'x..y' is not"},
        {"{\"name\": \"full\"", "{\"name\": \".hidden\"", DM_ERR_BAD_VALUE,
         "name: '.hidden' is not"},
        {"{\"name\": \"full\"", "{\"name\": \"two words\"", DM_ERR_BAD_VALUE,
         "name: 'two words' is not"},
        {"{\"name\": \"full\"", "{\"name\": \"bad\\nline\"", DM_ERR_BAD_VALUE,
         "name: 'bad\\x0Aline' is not"},
        {"{\"name\": \"full\"", "{\"name\": \"caf\xe9\"", DM_ERR_BAD_VALUE,
         "name: 'caf\\xE9' is not"},
        {"{\"name\": \"full\"",
         "{\"name\": "
         "\"a123456789012345678901234567890123456789012345678901234567890123"
         "4\"", /* 65 */
         DM_ERR_BAD_VALUE, "is not a scenario name: 1 to 64"},
        /* figures past any the model can have: the arithmetic stays
         * finite (1e308 made capacity from nothing) */
        {"\"cost_usd_per_unit_day\": 900}",
         "\"cost_usd_per_unit_day\": 1e308}", DM_ERR_BAD_VALUE,
         "cost_usd_per_unit_day: 1e+308 is larger than any figure"},
        {"\"mode\": 30", "\"mode\": 1e13", DM_ERR_BAD_VALUE,
         "1e+13 is larger than any figure of the model can be (at most "
         "1e+12)"},
        /* unknown keys, anywhere */
        {"\"horizon_months\"", "\"horizon_month\"", DM_ERR_SCENARIO,
         "horizon_month: unknown key"},
        {"\"availability\": 0.9", "\"availabilty\": 0.9", DM_ERR_SCENARIO,
         "assets[1].availabilty: unknown key"},
        {"\"mode\": 30", "\"mod\": 30", DM_ERR_SCENARIO,
         "assets[1].productivity_m2_per_day.mod: unknown key"},
        {"\"rejection\": 0.965", "\"rejection\": 0.965, \"gain\": 2",
         DM_ERR_SCENARIO, "assets[1].detector.gain"},
        /* negative, NaN-like, infinite rates */
        {"\"productivity_m2_per_day\": 3000",
         "\"productivity_m2_per_day\": -3000", DM_ERR_BAD_VALUE,
         "assets[2].productivity_m2_per_day: -3000 is negative"},
        {"\"min\": 10, \"mode\": 30", "\"min\": -10, \"mode\": 30",
         DM_ERR_BAD_VALUE, "assets[1].productivity_m2_per_day.min: -10"},
        {"\"productivity_m2_per_day\": 3000",
         "\"productivity_m2_per_day\": 1e999", DM_ERR_BAD_VALUE,
         "assets[2].productivity_m2_per_day: inf is not a finite number"},
        {"\"working_days_per_month\": 21", "\"working_days_per_month\": 40",
         DM_ERR_BAD_VALUE, "assets[1].working_days_per_month: 40"},
        /* shares above 1 */
        {"\"nts_cancel_share\": 0.32", "\"nts_cancel_share\": 1.2",
         DM_ERR_BAD_VALUE,
         "land_release.high.nts_cancel_share: 1.2 is not a share"},
        {"\"availability\": 0.9", "\"availability\": 1.5", DM_ERR_BAD_VALUE,
         "assets[1].availability"},
        {"\"rejection\": 0.965",
         "\"rejection\": {\"min\": 0.9, \"mode\": "
         "0.95, \"max\": 1.01}",
         DM_ERR_BAD_VALUE, "assets[1].detector.rejection.max"},
        /* min above mode, mode above max */
        {"{\"min\": 10, \"mode\": 30, \"max\": 50}",
         "{\"min\": 40, \"mode\": 30, \"max\": 50}", DM_ERR_BAD_VALUE,
         "assets[1].productivity_m2_per_day.min: min 40, mode 30, max 50 are "
         "not in order"},
        {"{\"min\": 10, \"mode\": 30, \"max\": 50}",
         "{\"min\": 10, \"mode\": 60, \"max\": 50}", DM_ERR_BAD_VALUE,
         "productivity_m2_per_day.max"},
        {"{\"min\": 10, \"mode\": 30, \"max\": 50}",
         "{\"min\": 10, \"max\": 50}", DM_ERR_SCENARIO,
         "productivity_m2_per_day.mode: missing"},
        /* dates out of order, malformed dates */
        {"\"2026-03\"", "\"2024-03\"", DM_ERR_BAD_VALUE,
         "assets[1].count[1].from: '2024-03' is not after the previous"},
        {"\"2026-03\"", "\"2026-13\"", DM_ERR_BAD_VALUE,
         "assets[1].count[1].from: '2026-13' is not a month"},
        /* two steps in the same month: the second is no step forward */
        {"\"2026-03\"", "\"2025-01\"", DM_ERR_BAD_VALUE,
         "assets[1].count[1].from: '2025-01' is not after the previous"},
        /* a blank or a missing zero in a month */
        {"\"2026-03\"", "\"2026- 3\"", DM_ERR_BAD_VALUE,
         "assets[1].count[1].from: '2026- 3' is not a month"},
        {"\"2026-03\"", "\"2026-3\"", DM_ERR_BAD_VALUE,
         "assets[1].count[1].from: '2026-3' is not a month"},
        {"\"start\": \"2025-07\"", "\"start\": \"July 2025\"",
         DM_ERR_BAD_VALUE, "start: 'July 2025' is not a month"},
        {"\"occupied\": \"2027-01\"", "\"occupied\": \"soon\"",
         DM_ERR_BAD_VALUE, "access.occupied: 'soon'"},
        /* wrong types */
        {"\"horizon_months\": 120", "\"horizon_months\": \"120\"",
         DM_ERR_SCENARIO, "horizon_months: expected a whole number"},
        {"\"horizon_months\": 120", "\"horizon_months\": 12.5",
         DM_ERR_SCENARIO, "found a fraction"},
        {"\"horizon_months\": 120", "\"horizon_months\": 0", DM_ERR_BAD_VALUE,
         "horizon_months: 0 months"},
        {"\"working_days_per_month\": 20, \"cost_usd_per_unit_day\": 900",
         "\"working_days_per_month\": true, \"cost_usd_per_unit_day\": 900",
         DM_ERR_SCENARIO,
         "assets[2].working_days_per_month: expected a number "
         "or a range"},
        {"\"count\": 5", "\"count\": \"five\"", DM_ERR_SCENARIO,
         "assets[2].count: expected a count or an array of steps"},
        {"\"assets\": [", "\"assets\": {\"a\": [", DM_ERR_SCENARIO,
         "malformed JSON"},
        {"[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5]", "[1, 1, 0.5]",
         DM_ERR_BAD_VALUE, "assets[1].seasonal_factors: 3 factors"},
        {"\"kind\": \"mechanical\"", "\"kind\": \"robot\"", DM_ERR_BAD_VALUE,
         "assets[2].kind: unknown kind 'robot'"},
        {"\"name\": \"machines\"", "\"name\": \"nts\"", DM_ERR_BAD_VALUE,
         "assets[2].name: 'nts' is also the name of assets[0]"},
        /* a region listed twice by the order policy (hashed: linear) */
        {"\"policy\": {\"type\": \"weights\", \"weights\": {\"UA-63\": 3, "
         "\"UA-14\": {\"min\": 1, \"mode\": 2, \"max\": 4}}, "
         "\"default_weight\": 1}",
         "\"policy\": {\"type\": \"order\", \"regions\": [\"UA-63\", "
         "\"UA-14\", \"UA-63\"]}",
         DM_ERR_BAD_VALUE, "policy.regions[2]: 'UA-63' is listed twice"},
        {"\"kind\": \"mechanical\", \"count\": 5",
         "\"kind\": \"mechanical\", \"detector\": {}, \"count\": 5",
         DM_ERR_BAD_VALUE,
         "assets[2].detector: a detector model is for "
         "manual assets only"},
        /* missing keys */
        {"\"start\": \"2025-07\", ", "", DM_ERR_SCENARIO, "start: missing"},
        {"\"cost_usd_per_unit_day\": 900", "\"availability\": 1",
         DM_ERR_SCENARIO, "assets[2].cost_usd_per_unit_day: missing"},
        {"\"low\": {\"nts_cancel_share\": 0.32, \"ts_reduce_share\": 0.35}",
         "\"description\": \"no low\"", DM_ERR_SCENARIO,
         "land_release.low: missing"},
        /* policy */
        {"\"type\": \"weights\"", "\"type\": \"random\"", DM_ERR_BAD_VALUE,
         "policy.type: unknown policy 'random'"},
        {"\"UA-63\": 3", "\"UA-63\": 0", DM_ERR_BAD_VALUE,
         "policy.weights.UA-63: 0 must be > 0"},
        {"\"type\": \"weights\"", "\"type\": \"order\"", DM_ERR_SCENARIO,
         "policy: \"weights\" and \"default_weight\" belong to the policy "
         "\"weights\""},
        /* contradictions */
        {"\"unconstrained_survey\": {\"ts\"",
         "\"unconstrained_survey\": {\"nts\"", DM_ERR_BAD_VALUE,
         "assets[0]: a nts asset, but "
         "unconstrained_survey.nts"},
        {"{\"name\": \"full\"", "[{\"name\": \"full\"", DM_ERR_SCENARIO,
         "malformed JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = variant(cases[i].from, cases[i].to);
        char name[32];
        snprintf(name, sizeof name, "bad-%02zu.json", i);
        expect_bad(name, text, cases[i].want, cases[i].needle);
        free(text);
    }
    expect_bad("array.json", "[1, 2]", DM_ERR_SCENARIO,
               "expected a JSON object at the top, found an array");
    expect_bad("empty.json", "", DM_ERR_SCENARIO, "malformed JSON");
    expect_bad("trailing.json", "{\"name\": \"x\"} {}", DM_ERR_SCENARIO,
               "malformed JSON at line 1, column 15");
    /* A missing file, and extends gone wrong: a missing base, a loop, a
     * base with an error of its own (named in the base). */
    dm_context *ctx = dm_context_new();
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load(ctx, test_path("nope.json"), &s),
                  DM_ERR_FILE_NOT_FOUND);
    assert_message_has(ctx, "nope.json");
    dm_context_free(ctx);
    expect_bad("orphan.json", "{\"extends\": \"missing-base.json\"}",
               DM_ERR_FILE_NOT_FOUND, "missing-base.json");
    test_write("loop-a.json", "{\"extends\": \"loop-b.json\"}");
    expect_bad("loop-b.json", "{\"extends\": \"loop-a.json\"}",
               DM_ERR_SCENARIO, "a loop?");
    char *badbase = variant("\"availability\": 0.9", "\"availability\": -1");
    test_write("bad-base.json", badbase);
    free(badbase);
    expect_bad("good-child.json",
               "{\"extends\": \"bad-base.json\", \"name\": "
               "\"c\"}",
               DM_ERR_BAD_VALUE, "bad-base.json': assets[1].availability");
    test_write("full.json", valid_text());
    expect_bad("bad-child.json",
               "{\"extends\": \"full.json\", \"assets\": "
               "[{\"name\": \"deminers\", \"count\": -4}]}",
               DM_ERR_BAD_VALUE, "assets[1].count: -4 is negative");
    expect_bad("extends-type.json", "{\"extends\": 3}", DM_ERR_SCENARIO,
               "extends: expected a file name");
}

/* The names a scenario may have: up to 64 of the documented characters. */
/* json-c keeps the last of repeated keys; a scenario that says one thing
 * twice is refused, naming the key and where it repeats. Keys of sibling
 * objects, and a key's spelling inside a string, are not repeats. */
static void repeated_keys_are_refused(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to, *needle;
    } cases[] = {
        {"\"horizon_months\": 120,",
         "\"horizon_months\": 120, \"horizon_months\": 60,",
         "key \"horizon_months\" repeated in one object at line 1, column 89"},
        /* in an asset, one level down */
        {"\"availability\": 0.9", "\"availability\": 0.9, \"availability\": 1",
         "key \"availability\" repeated"},
        /* the same key spelled with an escape */
        {"\"horizon_months\": 120,",
         "\"horizon_months\": 120, \"horizon\\u005fmonths\": 60,",
         "key \"horizon_months\" repeated"},
        /* on a later line: the line and column counted */
        {"\"default_weight\": 1}",
         "\"default_weight\": 1,\n  \"default_weight\": 2}",
         "key \"default_weight\" repeated in one object at line 2, column 3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = variant(cases[i].from, cases[i].to);
        char name[32];
        snprintf(name, sizeof name, "repeat-%02zu.json", i);
        expect_bad(name, text, DM_ERR_SCENARIO, cases[i].needle);
        free(text);
    }
    /* Not repeats: the same keys in sibling and nested objects (the valid
     * text's assets), and text that looks like a key inside a string. */
    char *text = variant("\"description\": \"every key\"",
                         "\"description\": \"{\\\"name\\\": 1, "
                         "\\\"name\\\": 2}\"");
    dm_context *ctx = dm_context_new();
    dm_scenario *sc = NULL;
    assert_status(
        ctx, dm_scenario_load(ctx, test_write("not-repeat.json", text), &sc),
        DM_OK);
    assert_string_equal(dm_scenario_name(ctx, sc), "full");
    dm_scenario_free(sc);
    dm_context_free(ctx);
    free(text);
}

static void scenario_names_that_make_file_names(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "japan-support_2.0", "A", "9lives",
        "a12345678901234567890123456789012345678901234567890123456789012"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        dm_context *ctx = dm_context_new();
        char *from = NULL;
        assert_true(asprintf(&from, "{\"name\": \"%s\"", ok[i]) > 0);
        char *text = variant("{\"name\": \"full\"", from);
        dm_scenario *s = NULL;
        assert_status(ctx, dm_scenario_load_string(ctx, text, NULL, &s),
                      DM_OK);
        assert_string_equal(dm_scenario_name(ctx, s), ok[i]);
        dm_scenario_free(s);
        free(text);
        free(from);
        dm_context_free(ctx);
    }
}

/* A named pipe, a folder: refused without waiting for a writer, as the
 * scenario and as the base it extends. */
/* Bounded work: a scenario of more assets than any plan has is refused
 * before they are read. */
static void assets_are_bounded(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    size_t cap = 1002 * 64 + 512, k = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    k += (size_t)snprintf(text + k, cap - k,
                          "{\"name\": \"many\", \"start\": \"2025-01\", "
                          "\"horizon_months\": 12, \"assets\": [");
    for (int i = 0; i < 1001; i++)
        k += (size_t)snprintf(text + k, cap - k,
                              "%s{\"name\": \"a%d\", \"kind\": \"manual\"}",
                              i > 0 ? ", " : "", i);
    snprintf(text + k, cap - k, "], " LAND "}");
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load_string(ctx, text, NULL, &s),
                  DM_ERR_BAD_VALUE);
    assert_message_has(ctx, "assets: 1001 assets, more than a scenario may "
                            "have (1000)");
    assert_null(s);
    free(text);
    dm_context_free(ctx);
}

static void special_files_are_not_read(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *fifo = test_path("pipe.json");
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load(ctx, fifo, &s), DM_ERR_IO);
    assert_message_has(ctx, "pipe.json': not a regular file");
    const char *ext =
        test_write("extends-pipe.json", "{\"extends\": \"pipe.json\", "
                                        "\"name\": \"p\"}");
    assert_status(ctx, dm_scenario_load(ctx, ext, &s), DM_ERR_IO);
    assert_message_has(ctx, "extends 'pipe.json'");
    assert_message_has(ctx, "not a regular file");
    assert_null(s);
    /* A folder. */
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", test_path("folder.json"));
    rmdir(dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_status(ctx, dm_scenario_load(ctx, dir, &s), DM_ERR_IO);
    assert_message_has(ctx, "not a regular file");
    rmdir(dir);
    unlink(fifo);
    /* Larger than a scenario may be (16 MiB): refused once the limit is
     * read, never held whole; a path through a file that is no folder. */
    const char *big = test_path("big.json");
    FILE *f = fopen(big, "w");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (16 << 20) + 1), 0);
    fclose(f);
    assert_status(ctx, dm_scenario_load(ctx, big, &s), DM_ERR_SCENARIO);
    assert_message_has(ctx, "big.json': larger than 16777216 bytes, not a "
                            "scenario");
    unlink(big);
    char through[1100];
    snprintf(through, sizeof through, "%s/x.json", ext);
    assert_status(ctx, dm_scenario_load(ctx, through, &s), DM_ERR_IO);
    assert_message_has(ctx, "cannot open: Not a directory");
    assert_null(s);
    dm_context_free(ctx);
}

static void misuse(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_scenario *s = NULL;
    assert_status(ctx, dm_scenario_load(ctx, NULL, &s), DM_ERR_NULL_ARGUMENT);
    assert_status(ctx, dm_scenario_load_string(ctx, "{}", NULL, NULL),
                  DM_ERR_NULL_ARGUMENT);
    assert_status(ctx, dm_scenario_load_string(ctx, "{}", NULL, &s),
                  DM_ERR_SCENARIO);
    assert_message_has(ctx, "scenario '<string>': name: missing");
    assert_null(dm_scenario_name(ctx, NULL));
    assert_int_equal(dm_context_last_status(ctx), DM_ERR_NULL_ARGUMENT);
    dm_context_free(ctx);
}

/* The default scenarios load, and say what data/README.md says. (In
 * japan-support 50 of the deminers have ALIS from 2025-01: the counts
 * checked are before it.) */
static void default_scenarios_load(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *names[] = {"baseline", "japan-support", "scale-up",
                           "ceasefire", "japan-ceasefire"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/scenarios/%s.json", DM_TEST_DATA,
                 names[i]);
        dm_scenario *s = NULL;
        assert_status(ctx, dm_scenario_load(ctx, path, &s), DM_OK);
        assert_string_equal(dm_scenario_name(ctx, s), names[i]);
        int start = 0;
        assert_status(ctx, dm_scenario_start(ctx, s, &start), DM_OK);
        /* From the 2023 estimate, where the record starts. */
        assert_int_equal(start, DM_MONTH(2023, 1));
        /* Uncertainty is kept as ranges where the sources give ranges. */
        assert_true(dm_scenario_ranged_count(ctx, s) >= 5);
        size_t k;
        assert_status(ctx, dm_scenario_find_asset(ctx, s, "deminers", &k),
                      DM_OK);
        /* The recorded ramp as dated counts (data/README.md). */
        struct {
            const char *asset;
            int month;
            double units;
        } ramp[] = {
            {"nts-operators", DM_MONTH(2023, 1), 6},
            {"nts-operators", DM_MONTH(2024, 9), 53},
            {"nts-operators", DM_MONTH(2025, 6), 112},
            {"machines", DM_MONTH(2023, 1), 0},
            {"machines", DM_MONTH(2024, 12), 151},
            {"machines", DM_MONTH(2025, 6), 278},
            {"deminers", DM_MONTH(2023, 1), 1300},
            {"deminers", DM_MONTH(2024, 12), 4021},
        };
        for (size_t r = 0; r < sizeof ramp / sizeof ramp[0]; r++) {
            double u = -1;
            assert_status(
                ctx, dm_scenario_find_asset(ctx, s, ramp[r].asset, &k), DM_OK);
            assert_status(
                ctx, dm_scenario_asset_units(ctx, s, k, ramp[r].month, &u),
                DM_OK);
            assert_true(u == ramp[r].units);
        }
        dm_scenario_free(s);
    }
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_file_reads_back),
        cmocka_unit_test(extends_lays_one_file_over_another),
        cmocka_unit_test(bad_files_are_refused_naming_the_key),
        cmocka_unit_test(repeated_keys_are_refused),
        cmocka_unit_test(scenario_names_that_make_file_names),
        cmocka_unit_test(special_files_are_not_read),
        cmocka_unit_test(assets_are_bounded),
        cmocka_unit_test(misuse),
        cmocka_unit_test(default_scenarios_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
