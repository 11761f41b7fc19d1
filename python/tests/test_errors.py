"""Errors, closed handles, garbage collection, threads."""
import gc
import os
import tempfile
import threading
import unittest

import demine

from .util import BOUNDARIES, SOURCES


def rss_kb():
    """Resident set size of this process in kB (Linux)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


class ErrorsTest(unittest.TestCase):
    def test_missing_file_names_the_path(self):
        with demine.Context() as ctx:
            path = os.path.join(tempfile.gettempdir(), "no-such-file.geojson")
            with self.assertRaises(demine.DemineError) as e:
                ctx.load_regions(path)
            self.assertIsInstance(e.exception, demine.InputError)
            self.assertIn(path, str(e.exception))
            self.assertEqual(e.exception.status_name, "DM_ERR_FILE_NOT_FOUND")
            self.assertEqual(e.exception.status, 2049)

    def test_bad_field_and_lookup(self):
        with demine.Context() as ctx:
            with self.assertRaises(demine.InputError) as e:
                ctx.load_regions(BOUNDARIES, name_field="shapeName")
            self.assertIn("shapeName", e.exception.message)
            regions = ctx.load_regions(BOUNDARIES)
            with self.assertRaises(demine.UsageError) as e:
                regions.find("UA-99")
            self.assertEqual(e.exception.status_name, "DM_ERR_NOT_FOUND")
            with self.assertRaises(IndexError):
                regions[27]

    def test_closed_handles_raise(self):
        ctx = demine.Context()
        regions = ctx.load_regions(BOUNDARIES)
        regions.close()
        regions.close()  # twice is fine
        with self.assertRaises(ValueError):
            len(regions)
        with self.assertRaises(ValueError):
            regions.total_area_km2
        work = ctx.new_work()
        ctx.close()  # closes the work table first
        self.assertTrue(work.closed)
        with self.assertRaises(ValueError):
            work.add("UA-46", 1.0)
        with self.assertRaises(ValueError):
            ctx.load_regions(BOUNDARIES)

    def test_garbage_collection_leaks_nothing(self):
        d = tempfile.TemporaryDirectory()
        self.addCleanup(d.cleanup)
        square = os.path.join(d.name, "square.geojson")
        with open(square, "w") as out:
            out.write('{"type":"FeatureCollection","features":[{"type":'
                      '"Feature","properties":{"code":"S","name":"s"},'
                      '"geometry":{"type":"Polygon","coordinates":[[[30,48],'
                      '[31,48],[31,49],[30,49],[30,48]]]}}]}')

        def cycle():
            ctx = demine.Context()
            regions = ctx.load_regions(square)
            work = ctx.new_work()
            work.add(regions[0].code, 1.5)
            try:
                ctx.load_regions(square + ".missing")
            except demine.InputError:
                pass
            # no close(): garbage collection frees them
        for _ in range(100):
            cycle()
        gc.collect()
        before = rss_kb()
        for _ in range(1000):
            cycle()
        gc.collect()
        grown = rss_kb() - before
        self.assertLess(grown, 4096, "RSS grew by %d kB" % grown)


class ThreadsTest(unittest.TestCase):
    def run_pipeline(self):
        with demine.Context() as ctx:
            regions = ctx.load_regions(BOUNDARIES)
            sources = ctx.load_sources(SOURCES)
            c = ctx.build_contamination(regions, sources)
            return [r.km2 for r in c] + [c.total_km2, c.calibration[0]]

    def test_two_threads_two_contexts_same_results(self):
        serial = self.run_pipeline()
        results = [None, None]

        def work(i):
            results[i] = self.run_pipeline()
        threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results[0], serial)
        self.assertEqual(results[1], serial)


if __name__ == "__main__":
    unittest.main()
