"""The QGIS style a GeoPackage carries, read as QGIS and other tools read
it: the layer_styles table through SQLite, its QML and SLD parsed as XML,
every hazard class coloured as the map draws it (the colours read back from
the map's SVG)."""
import os
import re
import sqlite3
import tempfile
import unittest
import xml.etree.ElementTree as ET

import demine

from .util import BOUNDARIES, SOURCES

SE = "{http://www.opengis.net/se}"
OGC = "{http://www.opengis.net/ogc}"
SLD = "{http://www.opengis.net/sld}"
# cairo's SVG writes a fill as "fill:rgb(30%,0%,10%);fill-opacity:0.7".
FILL = re.compile(r"fill:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\);"
                  r"fill-opacity:([\d.]+)")


def map_colours(svg):
    """The map's colour of each class, RGBA 0-1: its translucent fills are
    the contamination's, on the map (lowest class first) and then in the
    legend, which lists the classes in demine.HAZARDS' order."""
    with open(svg) as f:
        fills = [tuple(float(v) / 100 for v in m[:3]) + (float(m[3]),)
                 for m in FILL.findall(f.read()) if float(m[3]) < 1]
    n = len(demine.HAZARDS)
    assert len(fills) == 2 * n, fills
    assert fills[:n] == fills[n:][::-1], fills
    return dict(zip(demine.HAZARDS, fills[n:]))


def styles(gpkg):
    """The rows of layer_styles as dicts, and gpkg_contents' data type of
    the table."""
    db = sqlite3.connect(gpkg)
    try:
        db.row_factory = sqlite3.Row
        rows = [dict(r) for r in db.execute("SELECT * FROM layer_styles")]
        kind = db.execute("SELECT data_type FROM gpkg_contents WHERE "
                          "table_name = 'layer_styles'").fetchone()
        return rows, kind[0] if kind else None
    finally:
        db.close()


def geometry_column(gpkg, table):
    db = sqlite3.connect(gpkg)
    try:
        return db.execute("SELECT column_name FROM gpkg_geometry_columns "
                          "WHERE table_name = ?", (table,)).fetchone()[0]
    finally:
        db.close()


class StyleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.ctx = demine.Context()
        cls.regions = cls.ctx.load_regions(BOUNDARIES)
        sources = cls.ctx.load_sources(SOURCES)
        cls.c = cls.ctx.build_contamination(cls.regions, sources)
        cls.gpkg = os.path.join(cls.tmp.name, "c.gpkg")
        cls.c.write(cls.gpkg)
        svg = os.path.join(cls.tmp.name, "map.svg")
        cls.c.render_map(cls.regions, svg, width=800, height=600)
        cls.colours = map_colours(svg)

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()
        cls.tmp.cleanup()

    def assertSameColour(self, byte, value, what):
        """A 0-255 byte is a nearest one to the map's 0-1 value (the SVG's
        percentages are rounded to 1e-6 %)."""
        self.assertLessEqual(abs(byte - value * 255), 0.5 + 1e-6, what)

    def test_one_default_row_for_the_layer(self):
        rows, kind = styles(self.gpkg)
        self.assertEqual(kind, "attributes")
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["f_table_name"], "contamination")
        self.assertEqual(row["f_geometry_column"],
                         geometry_column(self.gpkg, "contamination"))
        # QGIS picks a layer's style with f_table_schema = '' (not NULL).
        self.assertEqual(row["f_table_schema"], "")
        self.assertEqual(row["useAsDefault"], 1)
        self.assertTrue(row["update_time"])

    def test_qml_categories_coloured_as_the_map(self):
        row = styles(self.gpkg)[0][0]
        qml = ET.fromstring(row["styleQML"])
        renderer = qml.find("renderer-v2")
        self.assertEqual(renderer.get("type"), "categorizedSymbol")
        self.assertEqual(renderer.get("attr"), "class")
        categories = renderer.findall("categories/category")
        self.assertEqual([c.get("value") for c in categories],
                         list(demine.HAZARDS))
        symbols = {s.get("name"): s for s in renderer.findall(
            "symbols/symbol")}
        for cat in categories:
            hazard = cat.get("value")
            self.assertEqual(cat.get("label"), hazard)  # the legend's
            layer = symbols[cat.get("symbol")].find("layer")
            self.assertEqual(layer.get("class"), "SimpleFill")
            options = {o.get("name"): o.get("value")
                       for o in layer.findall("Option/Option")}
            props = {p.get("k"): p.get("v") for p in layer.findall("prop")}
            self.assertEqual(options, props)
            rgba = [int(v) for v in options["color"].split(",")]
            self.assertEqual(len(rgba), 4)
            for byte, value in zip(rgba, self.colours[hazard]):
                self.assertSameColour(byte, value, hazard)

    def test_sld_rules_coloured_as_the_map(self):
        row = styles(self.gpkg)[0][0]
        sld = ET.fromstring(row["styleSLD"])
        self.assertEqual(sld.find(SLD + "NamedLayer/" + SE + "Name").text,
                         "contamination")
        rules = sld.findall(".//" + SE + "Rule")
        self.assertEqual(len(rules), len(demine.HAZARDS))
        for rule in rules:
            equal = rule.find(OGC + "Filter/" + OGC + "PropertyIsEqualTo")
            self.assertEqual(equal.find(OGC + "PropertyName").text, "class")
            hazard = equal.find(OGC + "Literal").text
            self.assertEqual(rule.find(SE + "Description/" + SE +
                                       "Title").text, hazard)
            params = {p.get("name"): p.text for p in rule.findall(
                SE + "PolygonSymbolizer/" + SE + "Fill/" + SE +
                "SvgParameter")}
            fill = params["fill"]
            self.assertRegex(fill, r"^#[0-9a-f]{6}$")
            want = self.colours[hazard]
            for i in range(3):
                self.assertSameColour(int(fill[1 + 2 * i:3 + 2 * i], 16),
                                      want[i], hazard)
            self.assertAlmostEqual(float(params["fill-opacity"]), want[3],
                                   places=6)
        self.assertEqual(sorted(r.find(SE + "Name").text for r in rules),
                         sorted(demine.HAZARDS))

    def test_layer_name_escaped(self):
        name = "fields & roads <north> \"A\" 'B'\ttab"
        path = os.path.join(self.tmp.name, "named.gpkg")
        self.c.write(path, layer=name)
        rows, _ = styles(path)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["f_table_name"], name)
        ET.fromstring(rows[0]["styleQML"])
        sld = ET.fromstring(rows[0]["styleSLD"])
        self.assertEqual(sld.find(SLD + "NamedLayer/" + SE + "Name").text,
                         name)

    def test_layer_name_xml_cannot_carry(self):
        # A conforming parser (expat) takes the styles whatever the name: a
        # control character is left out; a name with a character XML
        # excludes (U+FFFE, which is UTF-8) is named with its non-ASCII
        # bytes made '?'.
        path = os.path.join(self.tmp.name, "odd.gpkg")
        for name, named in (("\u043f\u043e\u043b\u044f \x01\u2014 \U0001f4a3",
                             "\u043f\u043e\u043b\u044f \u2014 \U0001f4a3"),
                            ("zone \ufffe \u043f", "zone ??? ??")):
            self.c.write(path, layer=name)
            rows, _ = styles(path)
            self.assertEqual(rows[0]["f_table_name"], name)
            ET.fromstring(rows[0]["styleQML"])
            sld = ET.fromstring(rows[0]["styleSLD"])
            self.assertEqual(
                sld.find(SLD + "NamedLayer/" + SE + "Name").text, named)


if __name__ == "__main__":
    unittest.main()
