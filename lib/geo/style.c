/* The QGIS style of a GeoPackage's contamination layer: QGIS reads the
 * default style of a layer from the file's `layer_styles` table (the table
 * its "Save as default" writes), as QML, and other tools read the SLD
 * beside it. Both colour the hazard classes as the map does. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_minixml.h>
#include <cpl_string.h>

#include "style-private.h"

#include "render-private.h"

/* The field of the hazard class that output.c writes, whose values are
 * dm_hazard_name()'s. */
#define CLASS_FIELD "class"
/* QGIS's table of styles, and the name of the one written. */
#define STYLES_TABLE "layer_styles"
#define STYLE_NAME "demine hazard classes"
#define STYLE_DESCRIPTION                                                     \
    "The contamination by hazard class, coloured as demine's map"
/* The QGIS version the QML is written for: it reads the <prop> elements of
 * older versions and the <Option> map of newer ones, both written. */
#define QML_VERSION "3.22.0"
#define QML_DOCTYPE                                                           \
    "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"

/* The XML is GDAL's (cpl_minixml.h): CPLSerializeXMLTree escapes '&', '<'
 * and '>' in text and attribute values and '"' in attribute values, drops
 * the control characters XML has not, and copies the other bytes. Its
 * allocations are GDAL's own: when memory runs out CPLCreateXMLNode aborts
 * (CE_Fatal), as CPLForceToASCII does; CPLSerializeXMLTree returns NULL
 * when its text cannot grow (DM_ERR_NO_MEMORY here), though GDAL 3.6 dies
 * when its first block or an escaped copy cannot be had. */

/* A child element `name` of parent (NULL: a tree of its own) with the
 * attributes that follow, as name, value pairs ended by NULL. */
static CPLXMLNode *element(CPLXMLNode *parent, const char *name, ...)
{
    CPLXMLNode *e = CPLCreateXMLNode(parent, CXT_Element, name);
    va_list ap;
    va_start(ap, name);
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;)
        CPLAddXMLAttributeAndValue(e, k, va_arg(ap, const char *));
    va_end(ap);
    return e;
}

/* A child element `name` of parent holding the text `value`, with an
 * attribute `key` (NULL: none) of value `key_value`. */
static void text_element(CPLXMLNode *parent, const char *name,
                         const char *value, const char *key,
                         const char *key_value)
{
    CPLXMLNode *e = CPLCreateXMLElementAndValue(parent, name, value);
    if (key != NULL)
        CPLAddXMLAttributeAndValue(e, key, key_value);
}

/* Whether XML can carry the bytes of s as they are (the serializer copies
 * them): UTF-8 (CPLIsUTF8) without what CPLIsUTF8 lets through and XML
 * excludes, the UTF-8 of a surrogate (ED A0-BF ..) and of U+FFFE and U+FFFF
 * (EF BF BE-BF). */
static int xml_takes(const char *s)
{
    if (!CPLIsUTF8(s, -1))
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        if ((p[0] == 0xed && p[1] >= 0xa0) ||
            (p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe))
            return 0;
    return 1;
}

/* A class's colour as 0–255 bytes: the nearest to the map's. */
static void class_bytes(dm_hazard h, int rgba[4])
{
    for (int i = 0; i < 4; i++)
        rgba[i] = (int)lround(dm_class_rgba[h][i] * UCHAR_MAX);
}

/* The properties of a class's SimpleFill, as QGIS's colour "r,g,b,a":
 * filled, without an outline (the map strokes none). */
static void fill_properties(dm_hazard h, const char *props[3][2], char *colour,
                            size_t size)
{
    int c[4];
    class_bytes(h, c);
    snprintf(colour, size, "%d,%d,%d,%d", c[0], c[1], c[2], c[3]);
    props[0][0] = "color";
    props[0][1] = colour;
    props[1][0] = "outline_style";
    props[1][1] = "no";
    props[2][0] = "style";
    props[2][1] = "solid";
}

/* Symbol h of the renderer: a SimpleFill drawn in pass (symbol level)
 * DM_HAZARD_COUNT - 1 - h, so that the higher classes lie on top as on the
 * map; its properties both as QGIS 3's <Option> map and as the older
 * <prop> elements. */
static void qml_symbol(CPLXMLNode *symbols, dm_hazard h)
{
    char name[16], pass[16], colour[64];
    const char *props[3][2];
    fill_properties(h, props, colour, sizeof colour);
    snprintf(name, sizeof name, "%d", (int)h);
    snprintf(pass, sizeof pass, "%d", DM_HAZARD_COUNT - 1 - (int)h);
    CPLXMLNode *symbol =
        element(symbols, "symbol", "type", "fill", "name", name, "alpha", "1",
                "clip_to_extent", "1", "force_rhr", "0", NULL);
    CPLXMLNode *layer =
        element(symbol, "layer", "class", "SimpleFill", "enabled", "1", "pass",
                pass, "locked", "0", NULL);
    CPLXMLNode *map = element(layer, "Option", "type", "Map", NULL);
    for (size_t i = 0; i < 3; i++)
        element(map, "Option", "type", "QString", "name", props[i][0], "value",
                props[i][1], NULL);
    for (size_t i = 0; i < 3; i++)
        element(layer, "prop", "k", props[i][0], "v", props[i][1], NULL);
}

/* The QML, after QGIS's DOCTYPE: a categorized renderer on the class
 * field, a category per class labelled as the map's legend. */
static CPLXMLNode *qml(void)
{
    CPLXMLNode *doctype = CPLCreateXMLNode(NULL, CXT_Literal, QML_DOCTYPE);
    CPLXMLNode *root = element(NULL, "qgis", "version", QML_VERSION,
                               "styleCategories", "Symbology", NULL);
    CPLAddXMLSibling(doctype, root);
    CPLXMLNode *renderer =
        element(root, "renderer-v2", "type", "categorizedSymbol", "attr",
                CLASS_FIELD, "symbollevels", "1", "forceraster", "0",
                "enableorderby", "0", "referencescale", "-1", NULL);
    CPLXMLNode *categories = element(renderer, "categories", NULL);
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        char symbol[16];
        snprintf(symbol, sizeof symbol, "%d", h);
        const char *name = dm_hazard_name((dm_hazard)h);
        element(categories, "category", "type", "string", "render", "true",
                "value", name, "label", name, "symbol", symbol, NULL);
    }
    CPLXMLNode *symbols = element(renderer, "symbols", NULL);
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        qml_symbol(symbols, (dm_hazard)h);
    CPLCreateXMLElementAndValue(root, "layerGeometryType", "2");
    return doctype;
}

/* SLD rule of class h: the features of that class, filled with its colour
 * and its opacity (the map's alpha), titled as the legend. */
static void sld_rule(CPLXMLNode *style, dm_hazard h)
{
    const char *name = dm_hazard_name(h);
    int c[4];
    class_bytes(h, c);
    char colour[16], opacity[32];
    snprintf(colour, sizeof colour, "#%02x%02x%02x", c[0], c[1], c[2]);
    dm_format_c(opacity, sizeof opacity, "%g", dm_class_rgba[h][3]);
    CPLXMLNode *rule = element(style, "se:Rule", NULL);
    text_element(rule, "se:Name", name, NULL, NULL);
    text_element(element(rule, "se:Description", NULL), "se:Title", name, NULL,
                 NULL);
    CPLXMLNode *filter = element(rule, "ogc:Filter", NULL);
    CPLXMLNode *equal = element(filter, "ogc:PropertyIsEqualTo", NULL);
    text_element(equal, "ogc:PropertyName", CLASS_FIELD, NULL, NULL);
    text_element(equal, "ogc:Literal", name, NULL, NULL);
    CPLXMLNode *fill =
        element(element(rule, "se:PolygonSymbolizer", NULL), "se:Fill", NULL);
    text_element(fill, "se:SvgParameter", colour, "name", "fill");
    text_element(fill, "se:SvgParameter", opacity, "name", "fill-opacity");
}

/* The SLD (1.1, as QGIS exports it) of the layer named `layer`, after the
 * XML declaration. */
static CPLXMLNode *sld(const char *layer)
{
    CPLXMLNode *declaration =
        element(NULL, "?xml", "version", "1.0", "encoding", "UTF-8", NULL);
    CPLXMLNode *root = element(
        NULL, "StyledLayerDescriptor", "xmlns", "http://www.opengis.net/sld",
        "xmlns:ogc", "http://www.opengis.net/ogc", "xmlns:se",
        "http://www.opengis.net/se", "xmlns:xlink",
        "http://www.w3.org/1999/xlink", "xmlns:xsi",
        "http://www.w3.org/2001/XMLSchema-instance", "version", "1.1.0",
        "xsi:schemaLocation",
        "http://www.opengis.net/sld "
        "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd",
        NULL);
    CPLAddXMLSibling(declaration, root);
    CPLXMLNode *named = element(root, "NamedLayer", NULL);
    text_element(named, "se:Name", layer, NULL, NULL);
    CPLXMLNode *user = element(named, "UserStyle", NULL);
    text_element(user, "se:Name", STYLE_NAME, NULL, NULL);
    CPLXMLNode *types = element(user, "se:FeatureTypeStyle", NULL);
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        sld_rule(types, (dm_hazard)h);
    return declaration;
}

static dm_status gdal_failed(dm_context *ctx, const char *path,
                             const char *what)
{
    return dm_error(ctx, DM_ERR_IO,
                    "cannot write '%s': %s the QGIS style table: %s", path,
                    what, dm_gdal_message(ctx));
}

/* The table, as QGIS creates it (QgsOgrProviderMetadata::saveStyle): FID
 * "id"; string widths as its; useAsDefault a boolean; update_time set by
 * the database when the row goes in. */
static dm_status create_table(dm_context *ctx, GDALDatasetH ds,
                              const char *path, OGRLayerH *out)
{
    static const struct {
        const char *name;
        OGRFieldType type;
        int width; /* 0: unbounded */
    } fields[] = {
        {"f_table_catalog", OFTString, 256},
        {"f_table_schema", OFTString, 256},
        {"f_table_name", OFTString, 256},
        {"f_geometry_column", OFTString, 256},
        {"styleName", OFTString, 30},
        {"styleQML", OFTString, 0},
        {"styleSLD", OFTString, 0},
        {"useAsDefault", OFTInteger, 0},
        {"description", OFTString, 0},
        {"owner", OFTString, 30},
        {"ui", OFTString, 30},
        {"update_time", OFTDateTime, 0},
    };
    char **options = CSLSetNameValue(NULL, "FID", "id");
    *out = GDALDatasetCreateLayer(ds, STYLES_TABLE, NULL, wkbNone, options);
    CSLDestroy(options);
    if (*out == NULL)
        return gdal_failed(ctx, path, "creating");
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, fields[i].type);
        OGR_Fld_SetWidth(fd, fields[i].width);
        if (fields[i].type == OFTInteger)
            OGR_Fld_SetSubType(fd, OFSTBoolean);
        if (fields[i].type == OFTDateTime)
            OGR_Fld_SetDefault(fd, "CURRENT_TIMESTAMP");
        OGRErr e = OGR_L_CreateField(*out, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return gdal_failed(ctx, path, "creating the fields of");
    }
    return DM_OK;
}

/* The row: the default style of `layer`, matched by QGIS on its table's
 * name, its geometry column and an empty schema. */
static dm_status insert_row(dm_context *ctx, OGRLayerH styles, OGRLayerH layer,
                            const char *qml_text, const char *sld_text,
                            const char *path)
{
    const char *values[][2] = {
        {"f_table_catalog", ""},
        {"f_table_schema", ""},
        {"f_table_name", OGR_L_GetName(layer)},
        {"f_geometry_column", OGR_L_GetGeometryColumn(layer)},
        {"styleName", STYLE_NAME},
        {"styleQML", qml_text},
        {"styleSLD", sld_text},
        {"description", STYLE_DESCRIPTION},
        {"owner", ""},
    };
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(styles);
    OGRFeatureH f = OGR_F_Create(defn);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        OGR_F_SetFieldString(f, OGR_FD_GetFieldIndex(defn, values[i][0]),
                             values[i][1]);
    OGR_F_SetFieldInteger(f, OGR_FD_GetFieldIndex(defn, "useAsDefault"), 1);
    OGRErr e = OGR_L_CreateFeature(styles, f);
    OGR_F_Destroy(f);
    if (e != OGRERR_NONE)
        return gdal_failed(ctx, path, "writing the row of");
    return DM_OK;
}

dm_status dm_qgis_style_write(dm_context *ctx, GDALDatasetH ds,
                              OGRLayerH layer, const char *path)
{
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    if (drv == NULL || strcmp(GDALGetDriverShortName(drv), "GPKG") != 0)
        return DM_OK;
    /* A name XML cannot carry as it is has its non-ASCII bytes made '?'. */
    const char *name = OGR_L_GetName(layer);
    char *ascii = xml_takes(name) ? NULL : CPLForceToASCII(name, -1, '?');
    CPLXMLNode *q = qml(), *s = sld(ascii != NULL ? ascii : name);
    char *qml_text = CPLSerializeXMLTree(q),
         *sld_text = CPLSerializeXMLTree(s);
    CPLDestroyXMLNode(q);
    CPLDestroyXMLNode(s);
    CPLFree(ascii);
    OGRLayerH styles = NULL;
    dm_status st = qml_text == NULL || sld_text == NULL
                       ? dm_no_memory(ctx)
                       : create_table(ctx, ds, path, &styles);
    if (st == DM_OK)
        st = insert_row(ctx, styles, layer, qml_text, sld_text, path);
    CPLFree(qml_text);
    CPLFree(sld_text);
    return st;
}
