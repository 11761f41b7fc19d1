"""The HTML report from Python (Context.write_report()): a page an HTML
parser reads without error (every element closed in order, ids unique,
nothing loaded from outside the file), every section there, names from
the inputs escaped, and the same bytes from the same inputs."""
import html.parser
import os
import re
import shutil
import tempfile
import unittest

import demine

from .util import BOUNDARIES, DATA, SOURCES

# Elements HTML closes by itself.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}

# What the page holds: each section and the figures and tables in it.
IDS = {"question", "inputs", "scenarios", "answer", "where", "map", "fit",
       "fit-chart", "record-fit", "burndown-section", "burndown-open",
       "burndown", "compare", "comparison-chart", "comparison",
       "answer-table", "cost-per-year", "assets", "assets-table", "drivers", "regions",
       "region-table", "how-to-read"}


class StrictParser(html.parser.HTMLParser):
    """Fails on an end tag that closes no open element or another one,
    an element left open, a repeated id, or a resource from outside."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.text, self.errors = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append("id %r twice" % a["id"])
            self.ids.add(a["id"])
        for key in ("src", "href"):
            if key in a and not a[key].startswith("data:"):
                self.errors.append("<%s %s=%r> loads from outside"
                                   % (tag, key, a[key][:60]))
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append("</%s> at %s closes %s" % (
                tag, self.getpos(),
                self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "style":
            # CSS loads nothing either: every url() a data: URI.
            for url in re.findall(r"url\(\s*['\"]?([^'\")]{0,60})", data):
                if not url.startswith("data:"):
                    self.errors.append("url(%s) in the style" % url)
            return
        self.text.append(data)

    def check(self, page):
        self.feed(page)
        self.close()
        if self.stack:
            self.errors.append("left open: %s" % self.stack)
        return self.errors


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        ctx = cls.ctx = demine.Context()
        cls.regions = ctx.load_regions(BOUNDARIES)
        sources = ctx.load_sources(SOURCES)
        cls.contamination = ctx.build_contamination(cls.regions, sources)
        cls.work = cls.contamination.work_table()
        cls.record = ctx.load_record()
        cls.posterior = ctx.load_posterior()
        # A scenario file whose name has every character HTML gives a
        # meaning to.
        cls.odd = os.path.join(cls.tmp, 'base <&"> line.json')
        shutil.copy(os.path.join(DATA, "scenarios", "baseline.json"),
                    cls.odd)
        cls.files = [cls.odd,
                     os.path.join(DATA, "scenarios", "japan-support.json")]
        cls.scenarios = [ctx.load_scenario(f) for f in cls.files]
        cls.projections = [
            ctx.project(cls.work, s, runs=30, seed=3, threads=2,
                        posterior=cls.posterior) for s in cls.scenarios]
        # The ranking from the first 20 of the runs, as demine-project
        # takes the first 500.
        cls.ranks = ctx.plan_rank(cls.work, cls.scenarios[0], runs=20,
                                  seed=3, posterior=cls.posterior)

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()
        shutil.rmtree(cls.tmp)

    def write(self, name):
        path = os.path.join(self.tmp, name)
        self.ctx.write_report(
            self.projections, path,
            labels=[s.name for s in self.scenarios],
            scenarios=self.scenarios, scenario_files=self.files,
            regions=self.regions, contamination=self.contamination,
            record=self.record, record_file="record.csv",
            posterior=self.posterior, posterior_file="posterior.json",
            ranks=self.ranks, rank_runs=20)
        with open(path, "rb") as f:
            return f.read()

    def test_a_parser_reads_the_page_and_finds_every_section(self):
        page = self.write("report.html").decode("utf-8")
        self.assertTrue(page.startswith("<!DOCTYPE html>\n"))
        p = StrictParser()
        self.assertEqual(p.check(page), [])
        self.assertEqual(IDS - p.ids, set())
        text = " ".join(p.text)
        self.assertIn("demine %s" % demine.version(), page)
        self.assertIn("not a survey", text)
        self.assertIn("What each asset buys", text)
        for r in self.ranks:
            self.assertIn(r["name"], text)
        self.assertIn("(P50 of 20 runs)", text)
        # Its face is in the file (demine sans, from fontconfig's
        # sans-serif), and its six pictures are SVGs there too.
        self.assertIn('@font-face{font-family:"demine sans"', page)
        self.assertIn("src:url(data:font/", page)
        self.assertGreaterEqual(page.count('src="data:image/svg+xml;base64,'),
                                6)

    def test_the_comparison_table_is_projection_comparison(self):
        """The report's national comparison rows hold the figures
        Projection.comparison() gives (as comparison.csv writes them)."""
        page = self.write("cmp.html").decode("utf-8")

        class Rows(html.parser.HTMLParser):
            rows, row = {}, None

            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "tr" and a.get("data-region") == "national":
                    self.row = {}
                    self.rows[(a["data-measure"], a["data-year"])] = self.row
                elif tag == "tr":
                    self.row = None
                elif tag == "td" and self.row is not None:
                    self.row[a["data-column"]] = a["data-value"]
        rows = Rows()
        rows.feed(page)
        want = self.projections[0].comparison(self.projections[1])
        self.assertEqual(len(want), len(rows.rows))
        for w in want:
            got = rows.rows[(w["measure"], str(w["year"] or ""))]
            for column in ("change_p10", "change_p50", "change_p90",
                           "versus_p50", "scenario_p50"):
                v = w[column]
                text = ("" if v != v else "inf" if v == float("inf")
                        else "-inf" if v == -float("inf") else "%.6g" % v)
                self.assertEqual(got[column], text, (w["measure"], column))
            self.assertEqual(got["paired_runs"], str(w["paired_runs"]))

    def test_names_from_the_inputs_are_escaped(self):
        page = self.write("escaped.html").decode("utf-8")
        self.assertNotIn('base <&"> line.json', page)
        self.assertIn("base &lt;&amp;&quot;&gt; line.json", page)
        p = StrictParser()
        self.assertEqual(p.check(page), [])
        self.assertIn(self.odd, " ".join(p.text))

    def test_the_same_inputs_make_the_same_bytes(self):
        self.assertEqual(self.write("a.html"), self.write("b.html"))

    def test_a_folder_that_does_not_exist_is_an_error(self):
        with self.assertRaises(demine.DemineError) as e:
            self.ctx.write_report(self.projections,
                                  os.path.join(self.tmp, "no", "r.html"))
        self.assertIn(os.path.join(self.tmp, "no"), e.exception.message)


if __name__ == "__main__":
    unittest.main()
