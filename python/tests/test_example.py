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
            # The default contamination: the land of the 2023 estimate,
            # 174,000 - 14,000 km² of water (within 0.1 %).
            import re
            km2 = float(re.search(r"contaminated: (\d+) km²",
                                  out.stdout).group(1))
            self.assertLess(abs(km2 / 160000 - 1), 0.001)
            for name in ("baseline", "ceasefire", "japan-support",
                         "scale-up"):
                self.assertIn(name + ": 5 runs from 2025-07", out.stdout)
            self.assertEqual(out.stdout.count("\ntotal "), 4)
            self.assertTrue(os.path.getsize(os.path.join(d, "map.png")) > 0)
            self.assertTrue(os.path.getsize(os.path.join(d,
                                                         "burndown.png")) > 0)


class ReadmeExampleTest(unittest.TestCase):
    def test_readme_example_prints_what_the_readme_shows(self):
        out = subprocess.run(
            [sys.executable, os.path.join(CHECKOUT, "python", "examples",
                                          "readme_example.py")],
            capture_output=True, text=True, check=True,
            env=dict(os.environ, PYTHONPATH=os.path.join(CHECKOUT, "python")))
        with open(os.path.join(CHECKOUT, "README.md")) as f:
            readme = f.read()
        shown = readme.split("python3 python/examples/readme_example.py\n",
                             1)[1].split("```", 1)[0]
        self.assertEqual(out.stdout, shown)


if __name__ == "__main__":
    unittest.main()
