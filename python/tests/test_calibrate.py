"""The record, calibration and posteriors from Python: known figures
recovered from a record simulated with them (as tests/tools/
calibrate-tool.sh does in C), the posterior's file, determinism,
projections drawn from it, the embedded record and fit, bad records."""
import math
import os
import tempfile
import unittest

import demine

# One NTS team of P m² a day, 30 days a month, cancelling the share c of
# what it surveys. With P = 2e6 and c = 0.9 it surveys 60 km² a month: in
# 2025, 720 km², 648 released and 72 flagged; 352 km² remain. The scenario
# is the C tools' fixture.
HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "tests", "tools", "nts-only",
                       "scenario.json")) as _f:
    NTS_ONLY = _f.read()
TRUTH = {"assets[nts].productivity_m2_per_day": 2e6,
         "land_release.low.nts_cancel_share": 0.9}


def triangular_quantile(t, q):
    """The quantile q of the triangular distribution (min, mode, max)."""
    a, c, b = t
    f = (c - a) / (b - a)
    return (a + math.sqrt(q * (b - a) * (c - a)) if q < f
            else b - math.sqrt((1 - q) * (b - a) * (b - c)))


class CalibrationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ctx = demine.Context()
        cls.work = cls.ctx.new_work()
        cls.work.add("A", 1000, hazard="low", name="Alpha")
        cls.scenario = cls.ctx.load_scenario(json=NTS_ONLY)
        cls.record = cls.ctx.new_record()
        cls.record.add("remaining_km2", 352, "2025-12", source="simulated")
        cls.record.add("released_km2", 648, "2025-12", from_month="2025-01")
        cls.record.add("flagged_km2", 72, "2025-12", from_month="2025-01",
                       region="A")
        cls.post = cls.ctx.calibrate(cls.work, cls.scenario, cls.record,
                                     particles=200, threads=2)

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def test_record_as_added(self):
        self.assertEqual(len(self.record), 3)
        first, _, last = list(self.record)
        self.assertEqual(first, demine.Observation(
            "2025-12", None, "national", "remaining_km2", 352.0,
            352 * 0.95, 352 * 1.05, "simulated", None,
            "the record, observation 0"))
        self.assertEqual((last.date, last.from_, last.region), ("2025-12",
                                                                "2025-01",
                                                                "A"))
        self.assertEqual(self.record[-1], last)
        with self.assertRaises(IndexError):
            self.record[3]
        self.assertIn("flagged_share", demine.QUANTITIES)

    def test_the_posterior_holds_the_truth_and_is_narrower(self):
        info = self.post.info
        self.assertEqual(info["scenario"], "nts-only")
        self.assertEqual((info["first_month"], info["last_month"]),
                         ("2025-01", "2025-12"))
        self.assertEqual((info["parameters"], info["particles"],
                          info["observations"], info["seed"]), (2, 200, 3, 1))
        self.assertLessEqual(info["epsilon"], 1.0)
        params = self.post.parameters()
        self.assertEqual(sorted(p["name"] for p in params), sorted(TRUTH))
        for p in params:
            truth = TRUTH[p["name"]]
            self.assertLessEqual(p["p05"], truth, p)
            self.assertLessEqual(truth, p["p95"], p)
            self.assertLessEqual(p["p05"], p["p50"])
            self.assertLessEqual(p["p50"], p["p95"])
            prior = (triangular_quantile(p["prior"], 0.95) -
                     triangular_quantile(p["prior"], 0.05))
            self.assertLess(p["p95"] - p["p05"], prior, p)
        obs = self.post.observations()
        self.assertEqual([o["quantity"] for o in obs],
                         ["remaining_km2", "released_km2", "flagged_km2"])
        self.assertEqual(obs[2]["region"], "A")
        self.assertEqual(obs[1]["from_"], "2025-01")
        for o in obs:
            self.assertTrue(o["within"], o)
            s = o["simulated"]
            self.assertEqual(sorted(s), [0.1, 0.5, 0.9])
            self.assertLessEqual(s[0.1], s[0.5])
            self.assertLessEqual(s[0.5], s[0.9])
            self.assertLessEqual(o["low"], s[0.5])
            self.assertLessEqual(s[0.5], o["high"])
        self.assertEqual(list(self.post.observations(q=(0.25,))[0]
                              ["simulated"]), [0.25])

    def test_write_and_load_round_trip(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "posterior.json")
            self.post.write(path)
            with self.ctx.load_posterior(path) as back:
                self.assertEqual(back.info, self.post.info)
                self.assertEqual(back.parameters(), self.post.parameters())
                self.assertEqual(back.observations(),
                                 self.post.observations())

    def test_same_seed_same_bytes_whatever_the_threads(self):
        one = self.ctx.calibrate(self.work, self.scenario, self.record,
                                 particles=200, threads=1)
        with tempfile.TemporaryDirectory() as d:
            paths = [os.path.join(d, n) for n in ("one.json", "two.json")]
            one.write(paths[0])
            self.post.write(paths[1])
            data = []
            for path in paths:
                with open(path, "rb") as f:
                    data.append(f.read())
        self.assertEqual(data[0], data[1])
        one.close()

    def test_progress(self):
        calls = []
        with self.ctx.calibrate(self.work, self.scenario, self.record,
                                particles=50, seed=7,
                                progress=lambda d, m: calls.append(
                                    (d, m))) as post:
            self.assertEqual(post.info["seed"], 7)
        self.assertTrue(calls)
        self.assertEqual(calls[-1][0], len(calls))

    def test_projection_replays_the_record(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "posterior.json")
            self.post.write(path)
            post = self.ctx.load_posterior(path)
        p = self.ctx.project(self.work, self.scenario, runs=50,
                             posterior=post)
        self.assertEqual(post.applies(self.scenario), 2)
        post.close()  # the projection does not need it afterwards
        self.assertEqual(p.replay_months, 12)
        remaining = p.remaining(0.5)
        self.assertLess(abs(remaining[12] / 352 - 1), 0.05)
        self.assertEqual(remaining[0], 1000.0)
        free = self.ctx.project(self.work, self.scenario, runs=5)
        self.assertEqual(free.replay_months, 0)
        with self.assertRaises(ValueError):
            self.ctx.project(self.work, self.scenario, posterior=post)
        with self.assertRaises(ValueError):
            self.ctx.project(self.work, self.scenario, posterior="fitted")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "replay.png")
            self.ctx.render_burndown([p], path, labels=["nts-only"],
                                     width=640, height=400,
                                     record=self.record, end="2026-06")
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_planning_draws_from_the_posterior(self):
        """The planner's projections take the fitted figures: releasing
        80 % of the land by the end of 2025 means surveying 800 / 0.9 km²
        at the true figures, 889 / 720 = 1.23 times the true rate, which
        the fitted figures give within their spread; without the posterior
        the answer is the prior's. (The multiplier from the start: by
        default it starts after the record, which here ends at the
        deadline.)"""
        fitted = self.ctx.plan_capacity(self.work, self.scenario,
                                        target_share=0.8,
                                        deadline_months=12, runs=20,
                                        threads=2, posterior=self.post,
                                        from_month="2025-01")
        self.assertEqual(fitted["from_month"], "2025-01")
        # By default the extra starts after the record (2025-12): nothing
        # can change the months that happened, so 80 % by then is
        # impossible whatever the multiplier.
        late = self.ctx.plan_capacity(self.work, self.scenario,
                                      target_share=0.8, deadline_months=12,
                                      runs=20, threads=2,
                                      posterior=self.post)
        self.assertEqual(late["from_month"], "2026-01")
        self.assertFalse(late["feasible"])
        self.assertTrue(fitted["feasible"], fitted["reason"])
        self.assertLess(abs(fitted["multiplier"] - 800 / 0.9 / 720), 0.06)
        prior = self.ctx.plan_capacity(self.work, self.scenario,
                                       target_share=0.8,
                                       deadline_months=12, runs=20,
                                       threads=2)
        self.assertNotEqual(prior["multiplier"], fitted["multiplier"])
        baseline = self.ctx.load_scenario(
            os.path.join(demine.data_dir(), "scenarios", "baseline.json"))
        with self.assertRaises(demine.UsageError):
            self.ctx.plan_capacity(self.work, baseline, posterior=self.post)

    def test_closed_posterior_and_record_raise(self):
        post = self.ctx.calibrate(self.work, self.scenario, self.record,
                                  particles=50)
        post.close()
        post.close()  # twice is fine
        self.assertTrue(post.closed)
        for use in (lambda: post.info, post.parameters, post.observations,
                    lambda: post.write("never.json"),
                    lambda: post.applies(self.scenario)):
            with self.assertRaises(ValueError):
                use()
        record = self.ctx.new_record()
        record.close()
        with self.assertRaises(ValueError):
            len(record)
        p = self.ctx.project(self.work, self.scenario)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "never.png")
            with self.assertRaises(ValueError):
                self.ctx.render_burndown([p], path, record=record)
            self.assertFalse(os.path.exists(path))


class BadRecordTest(unittest.TestCase):
    def setUp(self):
        self.ctx = demine.Context()

    def tearDown(self):
        self.ctx.close()

    def test_refused_observations_name_the_field(self):
        record = self.ctx.new_record()
        with self.assertRaises(demine.InputError) as e:
            record.add("acres", 1, "2025-12")
        self.assertIn("field 'quantity': unknown quantity 'acres'",
                      e.exception.message)
        self.assertEqual(e.exception.status_name, "DM_ERR_BAD_VALUE")
        with self.assertRaises(demine.InputError) as e:
            record.add("remaining_km2", -1, "2025-12")
        self.assertIn("field 'value'", e.exception.message)
        with self.assertRaises(demine.InputError) as e:
            record.add("released_km2", 1, "2025-12")
        self.assertIn("field 'from'", e.exception.message)
        with self.assertRaises(ValueError):
            record.add("remaining_km2", 1, "2025-13")
        self.assertEqual(len(record), 0)

    def test_a_bad_file_names_its_row_and_field(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.csv")
            with open(path, "w") as f:
                f.write("date,region,quantity,value\n"
                        "2025-12,national,acres,1\n")
            with self.assertRaises(demine.InputError) as e:
                self.ctx.load_record(path)
        self.assertIn("bad.csv", e.exception.message)
        self.assertIn("row (FID) 1: field 'quantity'", e.exception.message)

    def test_an_unreachable_record(self):
        work = self.ctx.new_work()
        work.add("A", 1000, hazard="low")
        scenario = self.ctx.load_scenario(json=NTS_ONLY)
        record = self.ctx.new_record()
        record.add("remaining_km2", 352, "2025-12")
        record.add("remaining_km2", 10, "2025-03")
        with self.assertRaises(demine.ComputeError) as e:
            self.ctx.calibrate(work, scenario, record, particles=100)
        self.assertIn("no draw came within", e.exception.message)
        self.assertIn("observation 1", e.exception.message)
        self.assertEqual(e.exception.status_name, "DM_ERR_UNREACHABLE")


class EmbeddedTest(unittest.TestCase):
    def setUp(self):
        self.ctx = demine.Context()

    def tearDown(self):
        self.ctx.close()

    def test_the_embedded_record(self):
        record = self.ctx.load_record()
        self.assertEqual(len(record), 21)
        first = record[0]
        self.assertEqual((first.date, first.region, first.quantity,
                          first.value, first.from_),
                         ("2022-12", "national", "remaining_km2", 160000.0,
                          None))
        self.assertIn("row (FID) 1", first.where)
        for o in record:
            self.assertIn(o.quantity, demine.QUANTITIES)
            self.assertLessEqual(o.low, o.value)
            self.assertLessEqual(o.value, o.high)

    def test_the_embedded_posterior(self):
        post = self.ctx.load_posterior()
        info = post.info
        self.assertEqual(info["scenario"], "baseline")
        self.assertEqual(info["first_month"], "2023-01")
        self.assertEqual(len(post.parameters()), info["parameters"])
        baseline = self.ctx.load_scenario(
            os.path.join(demine.data_dir(), "scenarios", "baseline.json"))
        self.assertEqual(post.applies(baseline), info["parameters"])
        for o in post.observations():
            self.assertTrue(o["within"], o)
        # A projection from it replays the record's months; a small work
        # table is enough to see it.
        work = self.ctx.new_work()
        work.add("UA-32", 100, hazard="low")
        p = self.ctx.project(work, baseline, runs=2, posterior="embedded")
        first, last = (demine.month_number(info[k])
                       for k in ("first_month", "last_month"))
        self.assertEqual(p.replay_months, last - first + 1)

    def test_missing_posterior_file(self):
        with self.assertRaises(demine.InputError):
            self.ctx.load_posterior(os.path.join(tempfile.gettempdir(),
                                                 "no-such-posterior.json"))


if __name__ == "__main__":
    unittest.main()
