"""python/examples/compare_scenarios.py runs and says what it should."""
import os
import subprocess
import sys
import tempfile
import unittest

from .util import CHECKOUT

EXAMPLE = os.path.join(CHECKOUT, "python", "examples", "compare_scenarios.py")


class ExampleTest(unittest.TestCase):
    def test_compare_scenarios(self):
        with tempfile.TemporaryDirectory() as d:
            out = subprocess.run(
                [sys.executable, EXAMPLE, "--runs", "5", "--threads", "2",
                 "--out", d], capture_output=True, text=True, check=True,
                env=dict(os.environ, PYTHONPATH=os.path.join(CHECKOUT,
                                                             "python")))
            self.assertIn("contaminated: 179663 km² (30.0 %", out.stdout)
            for name in ("baseline", "ceasefire", "japan-support",
                         "scale-up"):
                self.assertIn(name + ": 5 runs from 2025-07", out.stdout)
            self.assertEqual(out.stdout.count("\ntotal "), 4)
            self.assertTrue(os.path.getsize(os.path.join(d, "map.png")) > 0)
            self.assertTrue(os.path.getsize(os.path.join(d,
                                                         "burndown.png")) > 0)


if __name__ == "__main__":
    unittest.main()
