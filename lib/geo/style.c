/* The QGIS style of a GeoPackage's contamination layer: QGIS reads the
 * default style of a layer from the file's `layer_styles` table (the table
 * its "Save as default" writes), as QML, and other tools read the SLD
 * beside it. Both colour the hazard classes as the map does. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
/* XML takes Unicode text: a byte that is not UTF-8 becomes U+FFFD. */
#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"

/* Text growing in memory; `no_memory` once an allocation failed (what
 * follows is then dropped). */
typedef struct text {
    char *s;
    size_t len, cap;
    int no_memory;
} text;

static void put_n(text *t, const char *s, size_t n)
{
    if (t->no_memory)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap > 0 ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (p == NULL) {
            t->no_memory = 1;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void put(text *t, const char *s) { put_n(t, s, strlen(s)); }

/* The length of the UTF-8 sequence of a character XML allows at s; 0 when
 * there is none (a stray or overlong byte, a surrogate, U+FFFE, U+FFFF, a
 * control character). */
static size_t xml_char_length(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
    size_t n = c >= 0xc2 && c <= 0xdf   ? 2
               : c >= 0xe0 && c <= 0xef ? 3
               : c >= 0xf0 && c <= 0xf4 ? 4
                                        : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) ||
        (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90) ||
        (c == 0xef && s[1] == 0xbf && s[2] >= 0xbe))
        return 0;
    return n;
}

/* The entity that stands for c in XML text and attribute values (white
 * space too, which a parser would fold in an attribute), NULL if none. */
static const char *xml_entity(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    case '\t': return "&#9;";
    case '\n': return "&#10;";
    case '\r': return "&#13;";
    default: return NULL;
    }
}

/* Puts s (from the input: a layer name) as XML character data. */
static void put_xml(text *t, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        const char *entity = xml_entity(*p);
        size_t n = entity != NULL ? 1 : xml_char_length(p);
        if (entity != NULL)
            put(t, entity);
        else if (n == 0)
            put(t, REPLACEMENT_CHARACTER);
        else
            put_n(t, (const char *)p, n);
        p += n > 0 ? n : 1;
    }
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
 * map. */
static void qml_symbol(text *t, dm_hazard h)
{
    char head[256], colour[64];
    const char *props[3][2];
    fill_properties(h, props, colour, sizeof colour);
    snprintf(head, sizeof head,
             "   <symbol type=\"fill\" name=\"%d\" alpha=\"1\" "
             "clip_to_extent=\"1\" force_rhr=\"0\">\n"
             "    <layer class=\"SimpleFill\" enabled=\"1\" pass=\"%d\" "
             "locked=\"0\">\n"
             "     <Option type=\"Map\">\n",
             (int)h, DM_HAZARD_COUNT - 1 - (int)h);
    put(t, head);
    for (size_t i = 0; i < 3; i++) {
        put(t, "      <Option type=\"QString\" name=\"");
        put_xml(t, props[i][0]);
        put(t, "\" value=\"");
        put_xml(t, props[i][1]);
        put(t, "\"/>\n");
    }
    put(t, "     </Option>\n");
    for (size_t i = 0; i < 3; i++) {
        put(t, "     <prop k=\"");
        put_xml(t, props[i][0]);
        put(t, "\" v=\"");
        put_xml(t, props[i][1]);
        put(t, "\"/>\n");
    }
    put(t, "    </layer>\n   </symbol>\n");
}

/* The QML: a categorized renderer on the class field, a category per class
 * labelled as the map's legend. */
static void qml(text *t)
{
    put(t, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"" QML_VERSION "\" styleCategories=\"Symbology\">\n"
           " <renderer-v2 type=\"categorizedSymbol\" attr=\"" CLASS_FIELD
           "\" symbollevels=\"1\" forceraster=\"0\" enableorderby=\"0\" "
           "referencescale=\"-1\">\n  <categories>\n");
    for (int h = 0; h < DM_HAZARD_COUNT; h++) {
        char symbol[16];
        snprintf(symbol, sizeof symbol, "%d", h);
        put(t, "   <category type=\"string\" render=\"true\" value=\"");
        put_xml(t, dm_hazard_name((dm_hazard)h));
        put(t, "\" label=\"");
        put_xml(t, dm_hazard_name((dm_hazard)h));
        put(t, "\" symbol=\"");
        put(t, symbol);
        put(t, "\"/>\n");
    }
    put(t, "  </categories>\n  <symbols>\n");
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        qml_symbol(t, (dm_hazard)h);
    put(t, "  </symbols>\n </renderer-v2>\n"
           " <layerGeometryType>2</layerGeometryType>\n</qgis>\n");
}

/* SLD rule of class h: the features of that class, filled with its colour
 * and its opacity (the map's alpha), titled as the legend. */
static void sld_rule(text *t, dm_hazard h)
{
    const char *name = dm_hazard_name(h);
    int c[4];
    class_bytes(h, c);
    char colour[16], opacity[32];
    snprintf(colour, sizeof colour, "#%02x%02x%02x", c[0], c[1], c[2]);
    dm_format_c(opacity, sizeof opacity, "%g", dm_class_rgba[h][3]);
    put(t, "    <se:Rule>\n     <se:Name>");
    put_xml(t, name);
    put(t, "</se:Name>\n     <se:Description>\n      <se:Title>");
    put_xml(t, name);
    put(t, "</se:Title>\n     </se:Description>\n"
           "     <ogc:Filter>\n      <ogc:PropertyIsEqualTo>\n"
           "       <ogc:PropertyName>" CLASS_FIELD "</ogc:PropertyName>\n"
           "       <ogc:Literal>");
    put_xml(t, name);
    put(t, "</ogc:Literal>\n      </ogc:PropertyIsEqualTo>\n"
           "     </ogc:Filter>\n     <se:PolygonSymbolizer>\n"
           "      <se:Fill>\n       <se:SvgParameter name=\"fill\">");
    put(t, colour);
    put(t, "</se:SvgParameter>\n"
           "       <se:SvgParameter name=\"fill-opacity\">");
    put(t, opacity);
    put(t, "</se:SvgParameter>\n      </se:Fill>\n"
           "     </se:PolygonSymbolizer>\n    </se:Rule>\n");
}

/* The SLD (1.1, as QGIS exports it) of the layer named `layer`. */
static void sld(text *t, const char *layer)
{
    put(t,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" "
        "xmlns:ogc=\"http://www.opengis.net/ogc\" "
        "xmlns:se=\"http://www.opengis.net/se\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "version=\"1.1.0\" xsi:schemaLocation=\"http://www.opengis.net/sld "
        "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n"
        " <NamedLayer>\n  <se:Name>");
    put_xml(t, layer);
    put(t, "</se:Name>\n  <UserStyle>\n   <se:Name>" STYLE_NAME
           "</se:Name>\n   <se:FeatureTypeStyle>\n");
    for (int h = 0; h < DM_HAZARD_COUNT; h++)
        sld_rule(t, (dm_hazard)h);
    put(t, "   </se:FeatureTypeStyle>\n  </UserStyle>\n </NamedLayer>\n"
           "</StyledLayerDescriptor>\n");
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
    text q = {0}, s = {0};
    qml(&q);
    sld(&s, OGR_L_GetName(layer));
    OGRLayerH styles = NULL;
    dm_status st = q.no_memory || s.no_memory
                       ? dm_no_memory(ctx)
                       : create_table(ctx, ds, path, &styles);
    if (st == DM_OK)
        st = insert_row(ctx, styles, layer, q.s, s.s, path);
    free(q.s);
    free(s.s);
    return st;
}
