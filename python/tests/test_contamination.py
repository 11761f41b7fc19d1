"""The contamination model from Python: calibrated share, sums, output."""
import os
import tempfile
import unittest

import demine

from .util import BOUNDARIES, SOURCES


class ContaminationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ctx = demine.Context()
        cls.regions = cls.ctx.load_regions(BOUNDARIES)
        cls.sources = cls.ctx.load_sources(SOURCES)
        # The authorities' "about 30 %" (the default is the 160,000 km² of
        # land of the 2023 estimate: test_default_is_the_2023_land).
        cls.c = cls.ctx.build_contamination(cls.regions, cls.sources,
                                            target_share=0.30)

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def test_calibrated_to_30_percent(self):
        self.assertLess(abs(self.c.total_share / 0.30 - 1), 0.001)
        factor, steps = self.c.calibration
        self.assertGreater(factor, 0)
        self.assertGreater(steps, 1)

    def test_default_is_the_2023_land(self):
        c = self.ctx.build_contamination(self.regions, self.sources)
        self.assertLess(abs(c.total_km2 / (174000 - 14000) - 1), 0.001)
        front = sum(c.class_km2(h, "front_line") for h in demine.HAZARDS)
        self.assertGreater(front, 0)
        c.close()

    def test_regions_and_classes_add_up(self):
        rows = list(self.c)
        self.assertEqual(len(rows), 27)
        total = self.c.total_km2
        self.assertLess(abs(sum(r.km2 for r in rows) / total - 1), 1e-6)
        classes = sum(self.c.class_km2(h, z) for h in demine.HAZARDS
                      for z in demine.ZONES)
        self.assertLess(abs(classes / total - 1), 1e-6)
        work = self.c.work_table()
        self.assertLess(abs(work.total_km2 / total - 1), 1e-9)

    def test_west_clean_front_contaminated(self):
        for code in ("UA-46", "UA-07", "UA-21", "UA-26", "UA-61", "UA-77",
                     "UA-56", "UA-68"):
            self.assertLess(self.c[code].share, 0.02, code)
        self.assertGreater(self.c["UA-09"].share, 0.9)
        self.assertGreater(self.c["UA-43"].occupied_km2 /
                           self.c["UA-43"].km2, 0.99)
        # The zones add up; Kharkiv, on the line, has a front line.
        for r in self.c:
            parts = r.high_km2 + r.medium_km2 + r.low_km2
            self.assertLess(abs(parts - r.km2), 1e-6 * max(r.km2, 1), r)
        kharkiv = self.c["UA-63"]
        self.assertGreater(kharkiv.front_line_km2, 0.0)
        self.assertLess(kharkiv.front_line_km2 + kharkiv.occupied_km2,
                        kharkiv.km2)

    def test_sources_as_records(self):
        kinds = [s.kind for s in self.sources]
        self.assertEqual(kinds.count("liberated_2022"), 5)
        border = [s for s in self.sources if s.kind == "border_strip"][0]
        self.assertEqual(border.bands_km, (10.0, 30.0))

    def test_write_and_map(self):
        with tempfile.TemporaryDirectory() as d:
            gpkg = os.path.join(d, "c.gpkg")
            self.c.write(gpkg)
            self.assertTrue(os.path.getsize(gpkg) > 0)
            png = os.path.join(d, "map.png")
            self.c.render_map(self.regions, png, width=800, height=600)
            with open(png, "rb") as f:
                head = f.read(24)
            self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
            self.assertEqual(int.from_bytes(head[16:20], "big"), 800)
            with self.assertRaises(demine.UsageError) as e:
                self.c.render_map(self.regions, png, width=0, height=0)
            self.assertEqual(e.exception.status_name,
                             "DM_ERR_INVALID_ARGUMENT")
            with self.assertRaises(demine.DemineSystemError):
                self.c.write(os.path.join(d, "no", "such", "c.gpkg"))

    def test_unreachable_target(self):
        with self.assertRaises(demine.ComputeError) as e:
            self.ctx.build_contamination(self.regions, self.sources,
                                         target_km2=2 * 603628)
        self.assertEqual(e.exception.status_name, "DM_ERR_UNREACHABLE")


if __name__ == "__main__":
    unittest.main()
