"""Regions from Python: the same figures as the C tests."""
import math
import os
import tempfile
import unittest

import demine

from .util import BOUNDARIES, SHARED, UKRAINE_OFFICIAL_KM2


class RegionsTest(unittest.TestCase):
    def setUp(self):
        self.ctx = demine.Context()
        self.regions = self.ctx.load_regions(BOUNDARIES)

    def tearDown(self):
        self.ctx.close()

    def test_national_area_within_one_percent(self):
        self.assertLess(abs(self.regions.total_area_km2 / UKRAINE_OFFICIAL_KM2
                            - 1), 0.01)

    def test_27_units_as_records(self):
        units = list(self.regions)
        self.assertEqual(len(units), 27)
        self.assertEqual(len({u.code for u in units}), 27)
        for u in units:
            self.assertIsInstance(u, demine.Region)
            self.assertGreater(u.area_km2, 0)
            self.assertLess(u.bounds[0], u.bounds[2])
        self.assertAlmostEqual(sum(u.area_km2 for u in units),
                               self.regions.total_area_km2, delta=1e-3)
        self.assertEqual(self.regions["UA-46"].name, "Lviv")
        self.assertEqual(self.regions[-1], units[-1])

    def test_lonlat_cell_matches_the_ellipsoid(self):
        # Closed form of the WGS 84 area of 30–31° E, 48–49° N (see
        # tests/test-area.c): 8,217.732 km².
        a, f = 6378137.0, 1 / 298.257223563
        e = math.sqrt(f * (2 - f))
        b = a * (1 - f)

        def q(phi):
            s = math.sin(phi)
            return s / (1 - e * e * s * s) + math.log((1 + e * s) /
                                                      (1 - e * s)) / (2 * e)
        expected = 0.5 * b * b * math.radians(1) * (
            q(math.radians(49)) - q(math.radians(48))) / 1e6
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "cell.geojson")
            with open(path, "w") as out:
                out.write('{"type":"FeatureCollection","features":[{"type":'
                          '"Feature","properties":{"code":"C","name":"c"},'
                          '"geometry":{"type":"Polygon","coordinates":[[[30,'
                          '48],[31,48],[31,49],[30,49],[30,48]]]}}]}')
            cell = self.ctx.load_regions(path)
            self.assertLess(abs(cell[0].area_km2 / expected - 1), 1e-3)

    def test_options(self):
        oblasts = self.ctx.load_regions(BOUNDARIES, where="type = 'oblast'")
        self.assertEqual(len(oblasts), 24)
        self.assertIn("Lambert Azimuthal Equal Area", self.regions.crs_wkt)

    @unittest.skipUnless(os.path.isdir(SHARED), "../shared/data is absent")
    def test_second_source_with_its_own_fields(self):
        gb = self.ctx.load_regions(
            os.path.join(SHARED, "geoBoundaries-UKR-ADM1.geojson"),
            name_field="shapeName", code_field="shapeISO")
        self.assertEqual(len(gb), 27)
        lviv = gb["UA-46"].area_km2
        self.assertLess(abs(lviv / self.regions["UA-46"].area_km2 - 1), 0.05)


class RepairTest(unittest.TestCase):
    """A bow-tie, as a boundary unit and as a survey polygon: kept as its
    two triangles, and the repair told with both areas."""

    BOWTIE = ('{"type":"FeatureCollection","features":[{"type":"Feature",'
              '"properties":{"code":"B","name":"bow-tie","class":"high"},'
              '"geometry":{"type":"Polygon","coordinates":[[[36,49.5],'
              '[36.2,49.7],[36.2,49.5],[36,49.7],[36,49.5]]]}}]}')

    def test_bow_tie_repairs_are_told(self):
        with tempfile.TemporaryDirectory() as tmp, demine.Context() as ctx:
            path = os.path.join(tmp, "bowtie.geojson")
            with open(path, "w") as f:
                f.write(self.BOWTIE)
            unit = ctx.load_regions(path)
            (r,) = unit.repairs()
            self.assertIn("bowtie.geojson", r["feature"])
            self.assertIn("Self-intersection", r["reason"])
            self.assertLess(r["drawn_km2"], 0.01 * r["repaired_km2"])
            self.assertAlmostEqual(r["repaired_km2"], unit["B"].area_km2,
                                   delta=1e-9 * r["repaired_km2"])
            regions = ctx.load_regions(BOUNDARIES)
            self.assertEqual(regions.repairs(), [])
            c = ctx.load_survey(regions, path, status_field=None,
                                zone_field=None)
            (s,) = c.repairs()
            self.assertLess(s["drawn_km2"], 0.01 * s["repaired_km2"])
            # The same triangles, once in each CRS's hands: within 0.1 %.
            self.assertAlmostEqual(s["repaired_km2"], r["repaired_km2"],
                                   delta=1e-3 * r["repaired_km2"])
            # The map of a survey says so, in its title and its footer,
            # with no attribution given: the library knows its inputs.
            svg = os.path.join(tmp, "map.svg")
            c.render_map(regions, svg, width=800, height=600)
            with open(svg, encoding="utf-8") as f:
                text = f.read()
            self.assertIn("Surveyed hazardous areas by region", text)
            self.assertIn("km² of hazardous areas", text)
            self.assertIn("Boundaries: Natural Earth 1:10m admin-1 (public "
                          "domain). Contamination: surveyed hazardous areas, "
                          "bowtie.geojson (SHA/CHA as recorded).", text)
            self.assertNotIn("demine model", text)
            # Boundaries of geoBoundaries are credited with their licence.
            gb = os.path.join(tmp, "geoBoundaries-bowtie.geojson")
            with open(gb, "w") as f:
                f.write(self.BOWTIE)
            units = ctx.load_regions(gb)
            on_units = ctx.load_survey(units, path, status_field=None,
                                       zone_field=None)
            on_units.render_map(units, svg, width=800, height=600)
            with open(svg, encoding="utf-8") as f:
                text = f.read()
            self.assertIn("Boundaries: geoBoundaries, geoBoundaries-bowtie."
                          "geojson (CC BY 4.0). Contamination: surveyed "
                          "hazardous areas, bowtie.geojson", text)


class WorkUnitTest(unittest.TestCase):
    """A work table in hectares: refused against the regions as km²,
    read right with its unit."""

    def test_hectares(self):
        with tempfile.TemporaryDirectory() as tmp, demine.Context() as ctx:
            path = os.path.join(tmp, "export.csv")
            with open(path, "w") as f:
                f.write("code,name,class,zone,state,area_km2\n"
                        "UA-63,Kharkiv,high,controlled,confirmed,12050\n"
                        "UA-63,Kharkiv,medium,controlled,,2400000\n")
            regions = ctx.load_regions(BOUNDARIES)
            self.assertAlmostEqual(ctx.load_work(path).total_km2, 2412050.0)
            with self.assertRaises(demine.InputError) as e:
                ctx.load_work(path, regions=regions)
            self.assertIn("row (FID) 2", str(e.exception))
            self.assertIn("region 'UA-63' now holds 2412050.0 km²",
                          str(e.exception))
            work = ctx.load_work(path, area_unit="ha", regions=regions)
            self.assertAlmostEqual(work.total_km2, 24120.5, delta=1e-9)
            work = ctx.load_work(path, area_unit="m2")
            self.assertAlmostEqual(work.total_km2, 2.41205, delta=1e-12)
            with self.assertRaises(ValueError):
                ctx.load_work(path, area_unit="acre")


if __name__ == "__main__":
    unittest.main()


class BindingsTest(unittest.TestCase):
    def test_bindings_cover_the_header(self):
        """Every DM_API function of demine.h is declared in the ctypes
        table, or listed as deliberately not wrapped, and nothing else."""
        import re
        from demine import _lib
        from .util import CHECKOUT
        with open(os.path.join(CHECKOUT, "include", "demine.h")) as f:
            header = f.read()
        api = set(re.findall(r"^DM_API[^(]*?\b(dm_\w+)\(", header, re.M))
        table = {name for name, _, _, _ in _lib._TABLE}
        self.assertEqual(api - table - set(_lib.NOT_WRAPPED), set())
        self.assertEqual(table - api, set())
        self.assertEqual(set(_lib.NOT_WRAPPED) & table, set())

    def test_work_lookups(self):
        with demine.Context() as ctx:
            work = ctx.new_work()
            work.add("UA-46", 2.0, hazard="low", name="Lviv")
            work.add("UA-46", 1.0, hazard="high", state="confirmed")
            self.assertEqual(work.find("UA-46"), 0)
            self.assertEqual(work.region_total_km2("UA-46"), 3.0)
            self.assertEqual(work.area_km2("UA-46", "high", state="confirmed"),
                             1.0)
            with self.assertRaises(demine.UsageError):
                work.find("UA-99")
