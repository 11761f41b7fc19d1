/* The QGIS style a GeoPackage carries: the layer_styles table read back
 * with GDAL, its QML and SLD well-formed, a category and a rule per hazard
 * class coloured as the map, a layer name from the input escaped; other
 * formats get no second layer. */
#include "testutil.h"

#include <ctype.h>

#include <gdal.h>
#include <ogr_api.h>

#include "render-private.h" /* white box: the map's colours */

/* ---- a small XML well-formedness check (no XML library here) ---- */

static size_t name_length(const char *p)
{
    size_t n = 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == ':' ||
           p[n] == '-' || p[n] == '.' || (unsigned char)p[n] >= 0x80)
        n++;
    return isdigit((unsigned char)p[0]) || p[0] == '-' ? 0 : n;
}

/* Skips the entity or character reference at *p ('&'); 0 if it is none. */
static int skip_reference(const char **p)
{
    static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                        "&apos;"};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strncmp(*p, named[i], strlen(named[i])) == 0) {
            *p += strlen(named[i]);
            return 1;
        }
    const char *q = *p + 1;
    if (*q++ != '#')
        return 0;
    int hex = *q == 'x' ? (q++, 1) : 0;
    const char *digits = q;
    while (hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q))
        q++;
    if (q == digits || *q != ';')
        return 0;
    *p = q + 1;
    return 1;
}

/* Character data up to the next '<' (or, in an attribute, the quote):
 * references well-formed, no '<' in an attribute; 0 if not. */
static int skip_chars(const char **p, char quote)
{
    while (**p != '\0' && **p != (quote ? quote : '<')) {
        if (**p == '<')
            return 0;
        if (**p != '&')
            (*p)++;
        else if (!skip_reference(p))
            return 0;
    }
    return 1;
}

static void skip_space(const char **p)
{
    while (isspace((unsigned char)**p))
        (*p)++;
}

/* A start tag's name and attributes at *p (after '<'); *empty when it
 * closes itself. NULL or what is wrong. */
static const char *start_tag(const char **p, int *empty)
{
    size_t n = name_length(*p);
    if (n == 0)
        return "a tag without a name";
    *p += n;
    for (;;) {
        const char *before = *p;
        skip_space(p);
        if (**p == '>' || (**p == '/' && (*p)[1] == '>')) {
            *empty = **p == '/';
            *p += *empty ? 2 : 1;
            return NULL;
        }
        if (*p == before || (n = name_length(*p)) == 0)
            return "an attribute without a name or a space";
        *p += n;
        skip_space(p);
        if (*(*p)++ != '=')
            return "an attribute without '='";
        skip_space(p);
        char quote = **p;
        if (quote != '"' && quote != '\'')
            return "an attribute value without quotes";
        (*p)++;
        if (!skip_chars(p, quote) || **p != quote)
            return "a bad attribute value";
        (*p)++;
    }
}

/* NULL when text is one well-formed XML document (a declaration, a
 * DOCTYPE without an internal subset, elements, attributes, character data
 * and references: what the styles use), else what is wrong. */
static const char *xml_problem(const char *text)
{
    const char *open[64], *p = text;
    size_t depth = 0, roots = 0;
    while (*p != '\0') {
        if (*p != '<') {
            const char *start = p;
            if (!skip_chars(&p, 0))
                return "bad character data";
            for (const char *q = start; depth == 0 && q < p; q++)
                if (!isspace((unsigned char)*q))
                    return "text outside the root element";
            continue;
        }
        if (strncmp(p, "<?", 2) == 0 || strncmp(p, "<!DOCTYPE", 9) == 0) {
            if (depth > 0 || roots > 0)
                return "a declaration or DOCTYPE after the root";
            const char *end = strstr(p, p[1] == '?' ? "?>" : ">");
            if (end == NULL ||
                (p[1] == '!' && memchr(p, '[', (size_t)(end - p))))
                return "a bad declaration or DOCTYPE";
            p = end + (p[1] == '?' ? 2 : 1);
        } else if (p[1] == '/') {
            size_t n = name_length(p + 2);
            if (depth == 0 || n == 0 || strncmp(open[depth - 1], p + 2, n) ||
                name_length(open[depth - 1]) != n)
                return "an end tag that closes no open element";
            p += 2 + n;
            skip_space(&p);
            if (*p++ != '>')
                return "an end tag without '>'";
            depth--;
        } else {
            if (depth == 0 && roots++ > 0)
                return "two root elements";
            const char *name = ++p;
            int empty = 0;
            const char *problem = start_tag(&p, &empty);
            if (problem != NULL)
                return problem;
            if (!empty && depth == sizeof open / sizeof open[0])
                return "too deep for this check";
            if (!empty)
                open[depth++] = name;
        }
    }
    return depth == 0 && roots == 1 ? NULL : "no root, or an unclosed element";
}

static void xml_check_checks(void **state)
{
    (void)state;
    const char *good[] = {
        "<a/>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a PUBLIC 'x' 'y'>\n"
        "<a b=\"&amp;&lt;&#38;&#x26;\" c='\"'><d>x &gt; y</d></a>\n",
    };
    const char *bad[] = {
        "",
        "<a>",
        "<a></b>",
        "<a/><b/>",
        "<a b=c/>",
        "<a b=\"<\"/>",
        "<a>&</a>",
        "<a>&x;</a>",
        "x<a/>",
        "<a b=\"\"c=\"\"/>",
        "<a><b></a></b>",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (xml_problem(good[i]) != NULL)
            fail_msg("'%s' refused: %s", good[i], xml_problem(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (xml_problem(bad[i]) == NULL)
            fail_msg("'%s' taken as well-formed", bad[i]);
}

/* ---- reading the style back ---- */

/* The value of attribute `name` in the tag that starts at tag, into out;
 * 0 when the tag has none. (The styles' values here hold no quotes.) */
static int attribute(const char *tag, const char *name, char *out, size_t size)
{
    const char *end = strchr(tag, '>');
    char key[64];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *at = strstr(tag, key);
    if (at == NULL || end == NULL || at > end)
        return 0;
    at += strlen(key);
    snprintf(out, size, "%.*s", (int)strcspn(at, "\""), at);
    return 1;
}

/* The first tag `open` (e.g. "<category ") whose attribute `name` is
 * `value`, or NULL. */
static const char *tag_with(const char *text, const char *open,
                            const char *name, const char *value)
{
    char got[256];
    for (const char *t = strstr(text, open); t; t = strstr(t + 1, open))
        if (attribute(t, name, got, sizeof got) && strcmp(got, value) == 0)
            return t;
    return NULL;
}

/* The text of the element after `from` that starts with `open`, or "". */
static void element_text(const char *from, const char *open, char *out,
                         size_t size)
{
    const char *at = strstr(from, open);
    out[0] = '\0';
    if (at != NULL) {
        at += strlen(open);
        snprintf(out, size, "%.*s", (int)strcspn(at, "<"), at);
    }
}

/* Byte b (0–255) is a nearest one to the map's value v (0–1). */
static void assert_byte_of(long b, double v, const char *what)
{
    if (b < 0 || b > 255 || fabs((double)b - v * 255.0) > 0.5 + 1e-9)
        fail_msg("%s: %ld is not the byte of the map's %g", what, b, v);
}

/* In the QML: the renderer is categorized on a field of the layer, and
 * each class has a category valued and labelled with its name (the
 * legend's label) whose symbol fills with the map's colour. */
static void check_qml(const char *qml, OGRLayerH layer)
{
    const char *renderer =
        tag_with(qml, "<renderer-v2 ", "type", "categorizedSymbol");
    assert_non_null(renderer);
    char field[64], label[64], symbol[16], colour[64];
    assert_true(attribute(renderer, "attr", field, sizeof field));
    assert_string_equal(field, "class");
    assert_true(OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), field) >= 0);
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        const char *name = dm_hazard_name((dm_hazard)h);
        const char *cat = tag_with(qml, "<category ", "value", name);
        if (cat == NULL)
            fail_msg("no category for class '%s'", name);
        assert_true(attribute(cat, "label", label, sizeof label));
        assert_string_equal(label, name);
        assert_true(attribute(cat, "symbol", symbol, sizeof symbol));
        const char *sym = tag_with(qml, "<symbol ", "name", symbol);
        assert_non_null(sym);
        const char *c = tag_with(sym, "<Option ", "name", "color");
        assert_non_null(c);
        assert_true(attribute(c, "value", colour, sizeof colour));
        long rgba[4];
        char *p = colour;
        for (int i = 0; i < 4; i++) {
            rgba[i] = strtol(p, &p, 10);
            assert_true(*p == (i < 3 ? ',' : '\0'));
            p += i < 3;
            assert_byte_of(rgba[i], dm_class_rgba[h][i], name);
        }
        /* The old form (<prop k= v=>) says the same. */
        const char *prop = tag_with(sym, "<prop ", "k", "color");
        assert_non_null(prop);
        char old[64];
        assert_true(attribute(prop, "v", old, sizeof old));
        assert_string_equal(old, colour);
    }
}

/* In the SLD: a rule per class, filtered on its name, filled with the
 * map's colour (#rrggbb) and alpha (fill-opacity). */
static void check_sld(const char *sld)
{
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        const char *name = dm_hazard_name((dm_hazard)h);
        char literal[128], got[64];
        snprintf(literal, sizeof literal, "<ogc:Literal>%s</ogc:Literal>",
                 name);
        const char *rule = strstr(sld, literal);
        if (rule == NULL)
            fail_msg("no SLD rule for class '%s'", name);
        const char *start = rule;
        while (start > sld && strncmp(start, "<se:Rule>", 9) != 0)
            start--;
        element_text(start, "<se:Title>", got, sizeof got);
        assert_string_equal(got, name);
        element_text(rule, "<se:SvgParameter name=\"fill\">", got, sizeof got);
        assert_int_equal(strlen(got), 7);
        assert_int_equal(got[0], '#');
        for (int i = 0; i < 3; i++) {
            char two[3] = {got[1 + 2 * i], got[2 + 2 * i], '\0'};
            assert_byte_of(strtol(two, NULL, 16), dm_class_rgba[h][i], name);
        }
        element_text(rule, "<se:SvgParameter name=\"fill-opacity\">", got,
                     sizeof got);
        assert_abs(strtod(got, NULL), dm_class_rgba[h][3], 0.5 / 255.0);
    }
}

/* The one row of `layer_styles` in the GeoPackage at path, checked
 * against its layer `name`; the SLD names the layer as `escaped`. */
static void check_style(const char *path, const char *name,
                        const char *escaped)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_int_equal(GDALDatasetGetLayerCount(ds), 2);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, name);
    OGRLayerH styles = GDALDatasetGetLayerByName(ds, "layer_styles");
    assert_non_null(layer);
    assert_non_null(styles);
    assert_int_equal(OGR_L_GetGeomType(styles), wkbNone);
    /* Registered as an attributes table, as GeoPackage readers look. */
    OGRLayerH sql =
        GDALDatasetExecuteSQL(ds,
                              "SELECT data_type FROM gpkg_contents WHERE "
                              "table_name = 'layer_styles'",
                              NULL, NULL);
    assert_non_null(sql);
    OGRFeatureH row = OGR_L_GetNextFeature(sql);
    assert_non_null(row);
    assert_string_equal(OGR_F_GetFieldAsString(row, 0), "attributes");
    OGR_F_Destroy(row);
    GDALDatasetReleaseResultSet(ds, sql);

    assert_int_equal(OGR_L_GetFeatureCount(styles, TRUE), 1);
    OGR_L_ResetReading(styles);
    OGRFeatureH f = OGR_L_GetNextFeature(styles);
    assert_non_null(f);
#define FIELD(n) OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, n))
    assert_string_equal(FIELD("f_table_name"), OGR_L_GetName(layer));
    assert_string_equal(FIELD("f_table_name"), name);
    assert_string_equal(FIELD("f_geometry_column"),
                        OGR_L_GetGeometryColumn(layer));
    /* QGIS looks a layer's style up with f_table_schema = ''. */
    int schema = OGR_F_GetFieldIndex(f, "f_table_schema");
    assert_true(OGR_F_IsFieldSetAndNotNull(f, schema));
    assert_string_equal(FIELD("f_table_schema"), "");
    int dflt = OGR_F_GetFieldIndex(f, "useAsDefault");
    assert_int_equal(OGR_Fld_GetSubType(OGR_F_GetFieldDefnRef(f, dflt)),
                     OFSTBoolean);
    assert_int_equal(OGR_F_GetFieldAsInteger(f, dflt), 1);
    assert_true(
        OGR_F_IsFieldSetAndNotNull(f, OGR_F_GetFieldIndex(f, "update_time")));
    const char *qml = FIELD("styleQML"), *sld = FIELD("styleSLD");
    if (xml_problem(qml) != NULL)
        fail_msg("styleQML: %s:\n%s", xml_problem(qml), qml);
    if (xml_problem(sld) != NULL)
        fail_msg("styleSLD: %s:\n%s", xml_problem(sld), sld);
    check_qml(qml, layer);
    check_sld(sld);
    char named[512];
    snprintf(named, sizeof named, "<se:Name>%s</se:Name>", escaped);
    if (strstr(sld, named) == NULL)
        fail_msg("the SLD does not name the layer %s:\n%s", named, sld);
#undef FIELD
    OGR_F_Destroy(f);
    GDALClose(ds);
}

static void geopackage_carries_its_style(void **state)
{
    ukraine *u = *state;
    const char *path = test_path("styled.gpkg");
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, NULL),
                  DM_OK);
    check_style(path, "contamination", "contamination");
    /* In lon/lat too (another CRS, the same style). */
    dm_write_options o;
    dm_write_options_init(&o);
    o.lonlat = 1;
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, &o),
                  DM_OK);
    check_style(path, "contamination", "contamination");
}

static void layer_name_is_escaped(void **state)
{
    ukraine *u = *state;
    const char *path = test_path("named.gpkg");
    dm_write_options o;
    dm_write_options_init(&o);
    o.layer = "fields & roads <north> \"A\" 'B'";
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, &o),
                  DM_OK);
    check_style(
        path, o.layer,
        "fields &amp; roads &lt;north&gt; &quot;A&quot; &apos;B&apos;");
}

static void other_formats_get_no_style(void **state)
{
    ukraine *u = *state;
    const char *names[] = {"plain.geojson", "plain.fgb", "plain.shp",
                           "plain.csv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *path = test_path(names[i]);
        assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, NULL),
                      DM_OK);
        GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
        assert_non_null(ds);
        assert_int_equal(GDALDatasetGetLayerCount(ds), 1);
        assert_null(GDALDatasetGetLayerByName(ds, "layer_styles"));
        GDALClose(ds);
    }
    /* The Shapefile is its four files and its code page, no more. */
    const char *extra[] = {"plain.qml", "plain.sld", "layer_styles.dbf"};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        assert_true(access(test_path(extra[i]), F_OK) != 0);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest alone[] = {
        cmocka_unit_test(xml_check_checks),
    };
    const struct CMUnitTest with_ukraine[] = {
        cmocka_unit_test(geopackage_carries_its_style),
        cmocka_unit_test(layer_name_is_escaped),
        cmocka_unit_test(other_formats_get_no_style),
    };
    int failed = cmocka_run_group_tests_name("xml check", alone, NULL, NULL);
    failed += cmocka_run_group_tests_name(
        "ukraine", with_ukraine, test_ukraine_setup, test_ukraine_teardown);
    return failed;
}
