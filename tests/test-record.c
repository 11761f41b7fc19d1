/* The record: observations added and read from files, their defaults, and
 * every refusal naming the file, the row and the field. */
#include "testutil.h"

static dm_status add(dm_context *ctx, dm_record *r, const char *quantity,
                     int from, int month, double value, double low,
                     double high)
{
    dm_observation o;
    dm_observation_init(&o);
    o.quantity = quantity;
    o.from_month = from;
    o.month = month;
    o.value = value;
    o.low = low;
    o.high = high;
    return dm_record_add(ctx, r, &o);
}

/* Observations added: ±5 % when no range is given, "national" read as the
 * whole country, strings copied. */
static void observations_and_their_defaults(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_record *r = NULL;
    assert_status(ctx, dm_record_new(ctx, &r), DM_OK);
    char region[8] = "UA-48";
    dm_observation o;
    dm_observation_init(&o);
    o.quantity = "flagged_share";
    o.region = region;
    o.from_month = DM_MONTH(2023, 1);
    o.month = DM_MONTH(2024, 12);
    o.value = 0.02;
    o.source = "a source";
    assert_status(ctx, dm_record_add(ctx, r, &o), DM_OK);
    strcpy(region, "XX");
    assert_status(ctx,
                  add(ctx, r, "remaining_km2", 0, DM_MONTH(2023, 12), 142000,
                      130000, 150000),
                  DM_OK);
    dm_observation_init(&o);
    o.quantity = "released_km2";
    o.region = DM_RECORD_NATIONAL;
    o.from_month = DM_MONTH(2024, 1);
    o.month = DM_MONTH(2024, 12);
    o.value = 17000;
    assert_status(ctx, dm_record_add(ctx, r, &o), DM_OK);
    assert_int_equal(dm_record_count(ctx, r), 3);

    dm_observation x;
    dm_observation_init(&x);
    assert_status(ctx, dm_record_observation(ctx, r, 0, &x), DM_OK);
    assert_string_equal(x.region, "UA-48");
    assert_string_equal(x.quantity, "flagged_share");
    assert_string_equal(x.source, "a source");
    assert_rel(x.low, 0.019, 1e-12);
    assert_rel(x.high, 0.021, 1e-12);
    assert_int_equal(x.from_month, DM_MONTH(2023, 1));
    assert_status(ctx, dm_record_observation(ctx, r, 1, &x), DM_OK);
    assert_string_equal(x.region, DM_RECORD_NATIONAL);
    assert_true(x.low == 130000 && x.high == 150000 && x.from_month == 0);
    assert_status(ctx, dm_record_observation(ctx, r, 2, &x), DM_OK);
    assert_string_equal(x.region, DM_RECORD_NATIONAL);
    assert_rel(x.low, 16150, 1e-12);
    assert_rel(x.high, 17850, 1e-12);
    assert_string_equal(dm_record_where(ctx, r, 2),
                        "the record, observation 2");
    assert_status(ctx, dm_record_observation(ctx, r, 3, &x),
                  DM_ERR_OUT_OF_RANGE);

    /* The names of the quantities, all of them. */
    size_t n = 0;
    while (dm_record_quantity_name(n) != NULL)
        n++;
    assert_int_equal(n, 15);
    assert_string_equal(dm_record_quantity_name(0), "remaining_km2");
    dm_record_free(r);
    dm_context_free(ctx);
}

/* Every refusal of dm_record_add, each naming the field. */
static void refusals_name_the_field(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    dm_record *r = NULL;
    assert_status(ctx, dm_record_new(ctx, &r), DM_OK);
    const int y23 = DM_MONTH(2023, 1), d23 = DM_MONTH(2023, 12);
    struct {
        const char *quantity;
        int from, month;
        double value, low, high;
        const char *message;
    } bad[] = {
        {"hectares", 0, d23, 1, NAN, NAN,
         "field 'quantity': unknown quantity 'hectares' (one of: "
         "remaining_km2, accessible_km2, released_km2"},
        {"remaining_km2", 0, d23, -1, NAN, NAN,
         "field 'value': -1 is not a finite, non-negative value"},
        {"remaining_km2", 0, d23, NAN, 1, 2, "field 'value': nan"},
        {"remaining_km2", 0, d23, INFINITY, 1, 2, "field 'value': inf"},
        {"remaining_km2", 0, d23, 10, 12, 8,
         "fields 'low', 'high': low 12 is above high 8"},
        {"remaining_km2", 0, d23, 20, 8, 12,
         "field 'value': 20 is outside its range 8–12"},
        {"flagged_share", y23, d23, 1.5, NAN, NAN,
         "field 'value': 1.5 is a share above 1"},
        {"flagged_share", y23, d23, 0.5, 0.4, 1.2,
         "field 'high': 1.2 is a share above 1"},
        {"released_km2", 0, d23, 10, NAN, NAN,
         "field 'from': released_km2 is a flow over months and needs its "
         "first month"},
        {"released_km2", DM_MONTH(2024, 1), d23, 10, NAN, NAN,
         "field 'from': its first month comes after its month"},
        {"remaining_km2", y23, d23, 10, NAN, NAN,
         "field 'from': remaining_km2 is a stock at the end of its month"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_status(ctx,
                      add(ctx, r, bad[i].quantity, bad[i].from, bad[i].month,
                          bad[i].value, bad[i].low, bad[i].high),
                      DM_ERR_BAD_VALUE);
        assert_message_has(ctx, "the record, observation 0: ");
        assert_message_has(ctx, bad[i].message);
    }
    assert_int_equal(dm_record_count(ctx, r), 0);
    /* Context is kept as it is, a first month or not. */
    assert_status(ctx, add(ctx, r, "nts_sites", y23, d23, 1883, NAN, NAN),
                  DM_OK);
    dm_record_free(r);
    dm_context_free(ctx);
}

static const char *header = "date,region,quantity,value,low,high,from,"
                            "source,note\n";

/* A file read: every field, empty optional ones, numbers read the same
 * in any locale, and where each row came from. */
static void record_from_a_file(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *path = test_writef(
        "record.csv",
        "%s"
        "2023-12,national,remaining_km2,142000,130000,150000,,DOMAIN,\n"
        "2024-12,UA-48,released_km2,17000.5,,,2024-01,\"a, b\",a note\n"
        "2023-12,,flagged_km2,239,,,2023-01,,\n",
        header);
    dm_record *r = NULL;
    assert_status(ctx, dm_record_load(ctx, path, NULL, &r), DM_OK);
    assert_int_equal(dm_record_count(ctx, r), 3);
    dm_observation o;
    dm_observation_init(&o);
    assert_status(ctx, dm_record_observation(ctx, r, 1, &o), DM_OK);
    assert_string_equal(o.region, "UA-48");
    assert_string_equal(o.quantity, "released_km2");
    assert_true(o.value == 17000.5);
    assert_rel(o.low, 17000.5 * 0.95, 1e-12);
    assert_int_equal(o.from_month, DM_MONTH(2024, 1));
    assert_int_equal(o.month, DM_MONTH(2024, 12));
    assert_string_equal(o.source, "a, b");
    assert_string_equal(o.note, "a note");
    assert_status(ctx, dm_record_observation(ctx, r, 0, &o), DM_OK);
    assert_string_equal(o.region, DM_RECORD_NATIONAL);
    assert_true(o.low == 130000 && o.high == 150000);
    assert_status(ctx, dm_record_observation(ctx, r, 2, &o), DM_OK);
    assert_string_equal(o.region, DM_RECORD_NATIONAL);
    const char *where = dm_record_where(ctx, r, 2);
    assert_non_null(strstr(where, "record.csv"));
    assert_non_null(strstr(where, "row (FID) 3"));
    dm_record_free(r);

    /* A filter. */
    dm_record_load_options lo;
    dm_record_load_options_init(&lo);
    lo.where = "quantity = 'flagged_km2'";
    assert_status(ctx, dm_record_load(ctx, path, &lo, &r), DM_OK);
    assert_int_equal(dm_record_count(ctx, r), 1);
    dm_record_free(r);
    dm_context_free(ctx);
}

/* Bad files: each error names the file, the row and the field, and
 * nothing is returned. */
static void bad_files_name_file_row_and_field(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    struct {
        const char *rows;
        const char *message;
    } bad[] = {
        {"2023-13,national,remaining_km2,1,,,,,\n",
         "row (FID) 1, field 'date': '2023-13' is not a month"},
        {"2023-12,national,remaining_km2,1,,,,,\n"
         "2023-12,national,hectares,1,,,,,\n",
         "row (FID) 2: field 'quantity': unknown quantity 'hectares'"},
        {"2023-12,national,remaining_km2,-5,,,,,\n",
         "row (FID) 1: field 'value': -5 is not a finite, non-negative"},
        {"2023-12,national,remaining_km2,1e,,,,,\n",
         "row (FID) 1, field 'value': '1e' is not a number"},
        {"2023-12,national,remaining_km2,,,,,,\n",
         "row (FID) 1, field 'value': '' is not a number"},
        {"2023-12,national,remaining_km2,5,6,4,,,\n",
         "row (FID) 1: fields 'low', 'high': low 6 is above high 4"},
        {"2023-12,national,released_km2,5,,,2023-1x,,\n",
         "row (FID) 1, field 'from': '2023-1x' is not a month"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *path = test_writef("bad.csv", "%s%s", header, bad[i].rows);
        dm_record *r = NULL;
        assert_status(ctx, dm_record_load(ctx, path, NULL, &r),
                      DM_ERR_BAD_VALUE);
        assert_null(r);
        assert_message_has(ctx, "record '");
        assert_message_has(ctx, "bad.csv', layer 'bad', ");
        assert_message_has(ctx, bad[i].message);
    }
    /* A table without a required field, and no file at all. */
    const char *path = test_write("short.csv", "date,region,quantity\n"
                                               "2023-12,national,x\n");
    dm_record *r = NULL;
    assert_true(dm_record_load(ctx, path, NULL, &r) != DM_OK);
    assert_message_has(ctx, "short.csv");
    assert_message_has(ctx, "'value'");
    assert_null(r);
    assert_status(ctx, dm_record_load(ctx, test_path("none.csv"), NULL, &r),
                  DM_ERR_FILE_NOT_FOUND);
    assert_message_has(ctx, "none.csv");
    dm_context_free(ctx);
}

/* The library prints nothing, even for bad input. */
static void prints_nothing(void **state)
{
    (void)state;
    dm_context *ctx = dm_context_new();
    const char *path =
        test_writef("quiet.csv", "%s2023-13,,x,,,,,,\n", header);
    quiet_begin();
    dm_record *r = NULL;
    dm_status s = dm_record_load(ctx, path, NULL, &r);
    char seen[128];
    size_t printed = quiet_end(seen, sizeof seen);
    assert_int_equal(s, DM_ERR_BAD_VALUE);
    assert_int_equal(printed, 0);
    dm_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(observations_and_their_defaults),
        cmocka_unit_test(refusals_name_the_field),
        cmocka_unit_test(record_from_a_file),
        cmocka_unit_test(bad_files_name_file_row_and_field),
        cmocka_unit_test(prints_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
