"""python/examples/compare_scenarios.py runs and says what it should."""
import os
import re
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
            km2 = float(re.search(r"contaminated: (\d+) km²",
                                  out.stdout).group(1))
            self.assertLess(abs(km2 / 160000 - 1), 0.001)
            # Every scenario from the embedded fit: the record replayed,
            # then projected.
            for name in ("baseline", "ceasefire", "japan-ceasefire",
                         "japan-support", "scale-up"):
                m = re.search(
                    "\n%s: 5 runs from 2023-01 over 30 years\nreplay of the "
                    "record 2023-01 to 2024-12 \\(([0-9]+) of ([0-9]+) "
                    "figures fitted\\), projection from 2025-01\n"
                    % re.escape(name), out.stdout)
                self.assertIsNotNone(m, name)
                self.assertGreater(int(m.group(1)), 0)
                self.assertLessEqual(int(m.group(1)), int(m.group(2)))
            self.assertEqual(out.stdout.count("\ntotal "), 5)
            self.assertTrue(os.path.getsize(os.path.join(d, "map.png")) > 0)
            self.assertTrue(os.path.getsize(os.path.join(d,
                                                         "burndown.png")) > 0)
            with open(os.path.join(d, "report.html"),
                      encoding="utf-8") as f:
                page = f.read()
            self.assertIn('data-versus="baseline"', page)
            for name in ("ceasefire", "japan-ceasefire", "japan-support",
                         "scale-up"):
                self.assertIn('data-scenario="%s"' % name, page)
            self.assertIn('id="assets-table"', page)


README_EXAMPLE = os.path.join(CHECKOUT, "python", "examples",
                              "readme_example.py")


def readme():
    with open(os.path.join(CHECKOUT, "README.md"), encoding="utf-8") as f:
        return f.read()


class ReadmeExampleTest(unittest.TestCase):
    def test_readme_example_prints_what_the_readme_shows(self):
        out = subprocess.run(
            [sys.executable, README_EXAMPLE],
            capture_output=True, text=True, check=True,
            env=dict(os.environ, PYTHONPATH=os.path.join(CHECKOUT, "python")))
        self.assertIn("\nreplay 2023-01 to 2024-12; ", out.stdout)
        shown = readme().split(
            "python3 python/examples/readme_example.py\n",
            1)[1].split("```", 1)[0]
        self.assertEqual(out.stdout, shown)

    def test_readme_shows_the_example_code(self):
        shown = readme().split("`python/examples/readme_example.py`",
                               1)[1].split("```python\n", 1)[1].split(
                                   "```", 1)[0]
        with open(README_EXAMPLE, encoding="utf-8") as f:
            self.assertEqual(f.read(), shown)


if __name__ == "__main__":
    unittest.main()
