/* The QGIS style a GeoPackage carries: the layer_styles table read back
 * with GDAL, its QML and SLD parsed by GDAL's XML parser
 * (CPLParseXMLString), a category and a rule per hazard class coloured as
 * the map, a layer name from the input escaped; other formats get no
 * second layer. (CPLParseXMLString refuses unclosed and mismatched
 * elements but takes some text a conforming parser refuses, such as a bare
 * '&': test_style.py parses the same styles with expat.) */
#include "testutil.h"

#include <gdal.h>
#include <ogr_api.h>

#include <cpl_minixml.h>
#include <cpl_string.h>

#include "render-private.h" /* white box: the map's colours */

/* The XML document `text` (the style `what`), parsed; fails the test when
 * GDAL's parser refuses it. */
static CPLXMLNode *parse(const char *text, const char *what)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLXMLNode *doc = CPLParseXMLString(text);
    CPLPopErrorHandler();
    if (doc == NULL)
        fail_msg("%s is not well-formed:\n%s", what, text);
    return doc;
}

/* The value at `path` under node (an attribute, or an element's text),
 * failing the test when there is none. */
static const char *value(CPLXMLNode *node, const char *path)
{
    const char *v = CPLGetXMLValue(node, path, NULL);
    if (v == NULL)
        fail_msg("no '%s' in <%s>", path, node ? node->pszValue : "(none)");
    return v;
}

/* The number of child elements `name` of parent. */
static int children(const CPLXMLNode *parent, const char *name)
{
    int n = 0;
    for (const CPLXMLNode *c = parent ? parent->psChild : NULL; c != NULL;
         c = c->psNext)
        n += c->eType == CXT_Element && strcmp(c->pszValue, name) == 0;
    return n;
}

/* The first child element `name` of parent whose value at `path` is
 * `want`, or NULL. */
static CPLXMLNode *child_with(CPLXMLNode *parent, const char *name,
                              const char *path, const char *want)
{
    for (CPLXMLNode *c = parent ? parent->psChild : NULL; c != NULL;
         c = c->psNext) {
        const char *v = CPLGetXMLValue(c, path, NULL);
        if (c->eType == CXT_Element && strcmp(c->pszValue, name) == 0 &&
            v != NULL && strcmp(v, want) == 0)
            return c;
    }
    return NULL;
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
static void check_qml(const char *text, OGRLayerH layer)
{
    CPLXMLNode *doc = parse(text, "styleQML");
    assert_int_equal(doc->eType, CXT_Literal); /* QGIS's DOCTYPE first */
    assert_true(strncmp(doc->pszValue, "<!DOCTYPE qgis ", 15) == 0);
    CPLXMLNode *renderer = CPLGetXMLNode(doc, "=qgis.renderer-v2");
    assert_non_null(renderer);
    assert_string_equal(value(renderer, "type"), "categorizedSymbol");
    const char *field = value(renderer, "attr");
    assert_string_equal(field, "class");
    assert_true(OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), field) >= 0);
    CPLXMLNode *categories = CPLGetXMLNode(renderer, "categories");
    CPLXMLNode *symbols = CPLGetXMLNode(renderer, "symbols");
    assert_int_equal(children(categories, "category"), DM_HAZARD_COUNT);
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        const char *name = dm_hazard_name((dm_hazard)h);
        CPLXMLNode *cat = child_with(categories, "category", "value", name);
        if (cat == NULL)
            fail_msg("no category for class '%s'", name);
        assert_string_equal(value(cat, "label"), name);
        CPLXMLNode *sym =
            child_with(symbols, "symbol", "name", value(cat, "symbol"));
        assert_non_null(sym);
        CPLXMLNode *fill = CPLGetXMLNode(sym, "layer");
        assert_non_null(fill);
        assert_string_equal(value(fill, "class"), "SimpleFill");
        CPLXMLNode *c = child_with(CPLGetXMLNode(fill, "Option"), "Option",
                                   "name", "color");
        assert_non_null(c);
        const char *colour = value(c, "value");
        long rgba[4];
        char *p = (char *)colour;
        for (int i = 0; i < 4; i++) {
            rgba[i] = strtol(p, &p, 10);
            assert_true(*p == (i < 3 ? ',' : '\0'));
            p += i < 3;
            assert_byte_of(rgba[i], dm_class_rgba[h][i], name);
        }
        /* The old form (<prop k= v=>) says the same. */
        CPLXMLNode *prop = child_with(fill, "prop", "k", "color");
        assert_non_null(prop);
        assert_string_equal(value(prop, "v"), colour);
    }
    CPLDestroyXMLNode(doc);
}

/* In the SLD: the layer named `layer`, and a rule per class, filtered on
 * its name, filled with the map's colour (#rrggbb) and alpha
 * (fill-opacity). */
static void check_sld(const char *text, const char *layer)
{
    CPLXMLNode *doc = parse(text, "styleSLD");
    CPLXMLNode *named =
        CPLGetXMLNode(doc, "=StyledLayerDescriptor.NamedLayer");
    assert_non_null(named);
    assert_string_equal(value(named, "se:Name"), layer);
    CPLXMLNode *types = CPLGetXMLNode(named, "UserStyle.se:FeatureTypeStyle");
    assert_int_equal(children(types, "se:Rule"), DM_HAZARD_COUNT);
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        const char *name = dm_hazard_name((dm_hazard)h);
        CPLXMLNode *rule =
            child_with(types, "se:Rule",
                       "ogc:Filter.ogc:PropertyIsEqualTo.ogc:Literal", name);
        if (rule == NULL)
            fail_msg("no SLD rule for class '%s'", name);
        assert_string_equal(
            value(rule, "ogc:Filter.ogc:PropertyIsEqualTo.ogc:PropertyName"),
            "class");
        assert_string_equal(value(rule, "se:Description.se:Title"), name);
        CPLXMLNode *fill = CPLGetXMLNode(rule, "se:PolygonSymbolizer.se:Fill");
        const char *got =
            value(child_with(fill, "se:SvgParameter", "name", "fill"), "");
        assert_int_equal(strlen(got), 7);
        assert_int_equal(got[0], '#');
        for (int i = 0; i < 3; i++) {
            char two[3] = {got[1 + 2 * i], got[2 + 2 * i], '\0'};
            assert_byte_of(strtol(two, NULL, 16), dm_class_rgba[h][i], name);
        }
        got = value(
            child_with(fill, "se:SvgParameter", "name", "fill-opacity"), "");
        assert_abs(strtod(got, NULL), dm_class_rgba[h][3], 0.5 / 255.0);
    }
    CPLDestroyXMLNode(doc);
}

/* The one row of `layer_styles` in the GeoPackage at path, checked
 * against its layer `name`; the SLD names the layer `sld_name` (the name,
 * unless XML cannot carry it), written as `escaped`. */
static void check_style(const char *path, const char *name,
                        const char *sld_name, const char *escaped)
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
    /* Both declare UTF-8 (XML's default and the SLD's declaration). */
    if (!CPLIsUTF8(qml, -1) || !CPLIsUTF8(sld, -1))
        fail_msg("a style is not UTF-8:\n%s\n%s", qml, sld);
    check_qml(qml, layer);
    check_sld(sld, sld_name);
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
    check_style(path, "contamination", "contamination", "contamination");
    /* In lon/lat too (another CRS, the same style). */
    dm_write_options o;
    dm_write_options_init(&o);
    o.lonlat = 1;
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, &o),
                  DM_OK);
    check_style(path, "contamination", "contamination", "contamination");
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
    /* Quotes need no escaping in text (GDAL's serializer leaves them). */
    check_style(path, o.layer, o.layer,
                "fields &amp; roads &lt;north&gt; \"A\" 'B'");
    /* UTF-8 as it is, a control character (which XML has not) left out. */
    o.layer =
        "\xd0\xbf\xd0\xbe\xd0\xbb\xd1\x8f \x01\xe2\x80\x94 \xf0\x9f\x92\xa3";
    assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, &o),
                  DM_OK);
    check_style(
        path, o.layer,
        "\xd0\xbf\xd0\xbe\xd0\xbb\xd1\x8f \xe2\x80\x94 \xf0\x9f\x92\xa3",
        "\xd0\xbf\xd0\xbe\xd0\xbb\xd1\x8f \xe2\x80\x94 \xf0\x9f\x92\xa3");
}

/* A layer name XML cannot carry (the GeoPackage takes any bytes): not
 * UTF-8, or the UTF-8 of a surrogate or of U+FFFE, which CPLIsUTF8 lets
 * through; the SLD names it with its non-ASCII bytes made '?'. */
static void layer_name_not_utf8(void **state)
{
    ukraine *u = *state;
    const char *path = test_path("bytes.gpkg");
    /* The name; as the SLD names it; as the SLD writes it. */
    const char *names[][3] = {
        {"fields \xff & <roads> \xd0\xbf", "fields ? & <roads> ??",
         "fields ? &amp; &lt;roads&gt; ??"},
        {"surrogate \xed\xa0\x80", "surrogate ???", "surrogate ???"},
        {"not a character \xef\xbf\xbe", "not a character ???",
         "not a character ???"},
    };
    dm_write_options o;
    dm_write_options_init(&o);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        o.layer = names[i][0];
        assert_status(u->ctx, dm_contamination_write(u->ctx, u->c, path, &o),
                      DM_OK);
        check_style(path, o.layer, names[i][1], names[i][2]);
    }
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
    const struct CMUnitTest with_ukraine[] = {
        cmocka_unit_test(geopackage_carries_its_style),
        cmocka_unit_test(layer_name_is_escaped),
        cmocka_unit_test(layer_name_not_utf8),
        cmocka_unit_test(other_formats_get_no_style),
    };
    return cmocka_run_group_tests_name(
        "ukraine", with_ukraine, test_ukraine_setup, test_ukraine_teardown);
}
