"""Scenarios, projections and planning from Python."""
import math
import os
import tempfile
import threading
import unittest

import demine

# One region of 1.2 km² cleared at 20 deminers × 100 m² × 10 days =
# 0.02 km² a month: 80 % in 48 months, all in 60 (area / capacity).
SIMPLE = """{"name": "simple", "start": "2030-01", "horizon_months": 72,
 "assets": [{"name": "deminers", "kind": "manual", "count": 20,
   "productivity_m2_per_day": 100, "working_days_per_month": 10,
   "cost_usd_per_unit_day": 500}],
 "land_release": {"high": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "medium": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "low": {"nts_cancel_share": 0, "ts_reduce_share": 0}},
 "unconstrained_survey": {"nts": {"cost_usd_per_ha": 0},
   "ts": {"cost_usd_per_ha": 0}}}"""


class ProjectionTest(unittest.TestCase):
    def setUp(self):
        self.ctx = demine.Context()
        self.work = self.ctx.new_work()
        self.work.add("A", 1.2, hazard="high", name="alpha")
        self.scenario = self.ctx.load_scenario(json=SIMPLE)

    def tearDown(self):
        self.ctx.close()

    def test_analytic_months(self):
        p = self.ctx.project(self.work, self.scenario, runs=3, seed=11)
        self.assertEqual(p.runs, 3)
        self.assertEqual(p.seed, 11)
        self.assertEqual(self.scenario.description, "")
        described = self.ctx.load_scenario(json=SIMPLE.replace(
            '{"name": "simple",', '{"name": "d", "description": "a <b>",'))
        self.assertEqual(described.description, "a <b>")
        self.assertEqual(p.months, 72)
        self.assertEqual(p.start, "2030-01")
        s = p.summary()
        self.assertAlmostEqual(s["months_to"][80]["p50"], 48.0, places=9)
        self.assertAlmostEqual(s["months_to"][100]["p50"], 60.0, places=9)
        self.assertAlmostEqual(s["area_km2"], 1.2, places=12)
        # 200 unit-days a month × US$ 500 for 60 months.
        self.assertAlmostEqual(s["cost_usd"]["p50"], 200 * 500 * 60,
                               delta=1e-6)
        remaining = list(p.remaining(0.5))
        self.assertEqual(len(remaining), 73)
        for k in (0, 12, 30, 59):
            self.assertAlmostEqual(remaining[k], 1.2 - 0.02 * k, places=9)
        self.assertAlmostEqual(remaining[60], 0.0, places=9)
        cleared = list(p.series("cleared"))
        self.assertAlmostEqual(cleared[-1], 1.2, places=9)
        self.assertEqual(p.summary("A")["name"], "alpha")

    def test_region_series_as_counts(self):
        # The region's remaining km² is counted in bins of 1.2 / 128 km²:
        # each quantile within one bin of 1.2 - 0.02 k; the nation's is
        # every run's, exact.
        p = self.ctx.project(self.work, self.scenario, runs=3,
                             keep_series="counts")
        region = list(p.remaining(0.5, "A"))
        nation = list(p.remaining(0.5))
        for k in (0, 12, 30, 59, 60):
            exact = max(1.2 - 0.02 * k, 0.0)
            self.assertLessEqual(abs(region[k] - exact), 1.2 / 128 + 1e-12)
            self.assertAlmostEqual(nation[k], exact, places=9)
        self.assertAlmostEqual(p.months_to(80, region="A"), 48.0, places=9)
        first, _ = p.years()
        with self.assertRaisesRegex(demine.DemineError, "region_summaries"):
            p.measure("cost_usd_in", "A", year=first)
        self.assertGreater(p.measure_quantile("cost_usd_in", year=first), 0)
        with self.assertRaises(ValueError):
            self.ctx.project(self.work, self.scenario, keep_series="bins")

    def test_not_within_the_horizon_is_inf(self):
        scenario = self.ctx.load_scenario(
            json=SIMPLE.replace('"horizon_months": 72', '"horizon_months": 24'))
        p = self.ctx.project(self.work, scenario)
        self.assertTrue(math.isinf(p.months_to(100)))

    def test_scenario_accessors_and_defaults(self):
        self.assertEqual(self.scenario.name, "simple")
        self.assertEqual(self.scenario.assets, [("deminers", "manual")])
        self.assertEqual(self.scenario.units("deminers", "2031-06"), 20.0)
        self.assertEqual(self.scenario.find_asset("deminers"), 0)
        self.assertEqual(self.scenario.ranged_count, 0)
        with self.assertRaises(demine.UsageError):
            self.scenario.find_asset("robots")
        names = [s.name for s in self.ctx.default_scenarios()]
        self.assertEqual(names, ["baseline", "ceasefire", "japan-ceasefire",
                                 "japan-support", "scale-up"])

    def test_bad_scenario_names_the_key(self):
        with self.assertRaises(demine.InputError) as e:
            self.ctx.load_scenario(json=SIMPLE.replace(
                '"count": 20', '"count": 20, "cout": 3'))
        self.assertIn("cout", e.exception.message)
        self.assertEqual(e.exception.status_name, "DM_ERR_SCENARIO")

    def test_plan_minimum(self):
        # 0.96 km² (80 %) in 24 months needs 0.04 km² a month: 40 deminers.
        plan = self.ctx.plan_capacity(self.work, self.scenario,
                                      asset="deminers", deadline_months=24)
        self.assertTrue(plan["feasible"])
        self.assertEqual(plan["extra_units"], 20)
        self.assertLessEqual(plan["months"], 24)
        self.assertGreater(plan["months_one_step_less"], 24)

    def test_progress_and_threads_same_results(self):
        calls = []
        one = self.ctx.project(self.work, self.scenario, runs=8, threads=1,
                               progress=lambda d, t: calls.append((d, t)))
        two = self.ctx.project(self.work, self.scenario, runs=8, threads=2)
        self.assertEqual(calls[-1], (8, 8))
        self.assertEqual(list(one.remaining(0.9)), list(two.remaining(0.9)))

    def test_burndown_png(self):
        p = self.ctx.project(self.work, self.scenario)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "b.png")
            self.ctx.render_burndown([p], path, labels=["simple"], width=640,
                                     height=400)
            with open(path, "rb") as f:
                head = f.read(24)
            self.assertEqual(int.from_bytes(head[16:20], "big"), 640)
            with self.assertRaises(demine.UsageError):
                self.ctx.render_burndown([], path)


class ThreadedProjectionTest(unittest.TestCase):
    def test_two_python_threads_two_contexts(self):
        def run(out, i):
            with demine.Context() as ctx:
                work = ctx.new_work()
                work.add("A", 1.2)
                sc = ctx.load_scenario(json=SIMPLE)
                out[i] = list(ctx.project(work, sc, runs=20).remaining(0.5))
        serial = [None]
        run(serial, 0)
        results = [None, None]
        threads = [threading.Thread(target=run, args=(results, i))
                   for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [serial[0], serial[0]])


if __name__ == "__main__":
    unittest.main()
