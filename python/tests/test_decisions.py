"""Decisions from Python: the land of sets of zones, measures and their
quantiles, paired changes between two scenarios (compare()), the yearly
cost, a budget ceiling and the priority policy, what drives a measure
(sensitivity), what US$1 m a year on each asset buys (plan_rank), the
planner's target land, and the comparison and sensitivity charts."""
import math
import os
import subprocess
import sys
import tempfile
import unittest

import demine
from demine import _lib

from .util import CHECKOUT

try:  # the rule numpy.quantile applies by default ('linear'), when there
    import numpy
except ImportError:  # pragma: no cover - depends on the machine
    numpy = None

# One region of 1.2 km² of accessible land, cleared by 20 deminers of P m²
# a day (a range: 50-150), 10 days a month, US$500 a unit-day: 0.0002 P km²
# a month; 80 % in 4,800 / P months, all in 6,000 / P. The horizon (72
# months) cuts the runs of P < 83.3 short of 100 %.
SIMPLE = """{"name": "simple", "start": "2030-01", "horizon_months": 72,
 "assets": [{"name": "deminers", "kind": "manual", "count": 20,
   "productivity_m2_per_day": %s, "working_days_per_month": 10,
   "cost_usd_per_unit_day": 500}],
 "land_release": {"high": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "medium": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "low": {"nts_cancel_share": 0, "ts_reduce_share": 0}},
 "unconstrained_survey": {"nts": {"cost_usd_per_ha": 0},
   "ts": {"cost_usd_per_ha": 0}}%s}"""
RANGED = '{"min": 50, "mode": 100, "max": 150}'
PRODUCTIVITY = "assets[deminers].productivity_m2_per_day"


def simple(productivity=RANGED, extra="", count=20, horizon=72):
    return (SIMPLE % (productivity, extra)).replace(
        '"count": 20', '"count": %d' % count).replace(
        '"horizon_months": 72', '"horizon_months": %d' % horizon)


# Two clearance assets on more land than they can clear (tests/test-plan.c,
# ranking_by_what_a_million_buys): US$1 m a year buys 1e6 / (cost a day ×
# 10 days × 12) units of each, which clear 1e6 / (US$ per km²) km² a year
# from 2025-01 to the end of 2033 (9 years).
TWO_ASSETS = """{"name": "two", "start": "2025-01", "horizon_months": 120,
 "assets": [
  {"name": "dear", "kind": "manual", "count": 1,
   "productivity_m2_per_day": 100, "working_days_per_month": 10,
   "cost_usd_per_unit_day": 200},
  {"name": "cheap", "kind": "mechanical", "count": 1,
   "productivity_m2_per_day": 1000, "working_days_per_month": 10,
   "cost_usd_per_unit_day": 500}],
 "land_release": {"high": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "medium": {"nts_cancel_share": 0, "ts_reduce_share": 0},
   "low": {"nts_cancel_share": 0, "ts_reduce_share": 0}},
 "unconstrained_survey": {"nts": {"cost_usd_per_ha": 0},
   "ts": {"cost_usd_per_ha": 0}}}"""


def own_quantile(values, q):
    """Quantile q of values with linear interpolation between the order
    statistics (numpy.quantile's default 'linear'), where an infinite
    neighbour gives its infinity; nan for no value."""
    v = sorted(values)
    n = len(v)
    if n == 0:
        return math.nan
    h = (n - 1) * q
    lo = math.floor(h)
    if lo >= n - 1:
        return v[-1]
    frac = h - lo
    if frac == 0 or v[lo] == v[lo + 1] or math.isinf(v[lo]):
        return v[lo]
    if math.isinf(v[lo + 1]):
        return v[lo + 1]
    return v[lo] + frac * (v[lo + 1] - v[lo])


def quantile(values, q):
    """numpy.quantile (linear) where NumPy is there and every value is
    finite; own_quantile() otherwise (NumPy's interpolation makes nan of
    -inf and a finite neighbour)."""
    if numpy is not None and values and all(map(math.isfinite, values)):
        return float(numpy.quantile(values, q))
    return own_quantile(values, q)


def paired(base, other):
    """other - base run by run, as the library pairs them: none where both
    are the same infinity (neither reaches the milestone) or either is nan,
    -inf where only other is finite, +inf where only base is."""
    out = []
    for a, b in zip(base, other):
        if math.isnan(a) or math.isnan(b):
            continue
        if math.isinf(a) and math.isinf(b) and a == b:
            continue
        out.append(b if math.isinf(b) else -a if math.isinf(a) else b - a)
    return out


class Fixture(unittest.TestCase):
    def setUp(self):
        self.ctx = demine.Context()
        self.work = self.ctx.new_work()
        self.work.add("A", 1.2, hazard="high", name="alpha")
        # Occupied land that never opens: the nation never reaches 80 %.
        self.work.add("B", 5.0, hazard="low", zone="occupied", name="beta")

    def tearDown(self):
        self.ctx.close()

    def project(self, text, runs=40, seed=7, **kw):
        return self.ctx.project(self.work, self.ctx.load_scenario(json=text),
                                runs=runs, seed=seed, **kw)

    def assertClose(self, got, want, rel=1e-12, msg=None):
        if math.isnan(want) or math.isinf(want):
            self.assertTrue(got == want or (math.isnan(got)
                                            and math.isnan(want)),
                            "%r != %r %s" % (got, want, msg or ""))
        else:
            self.assertLessEqual(abs(got - want),
                                 rel * max(abs(want), 1.0),
                                 "%r != %r %s" % (got, want, msg or ""))


class ZonesTest(Fixture):
    def test_zone_regions(self):
        self.assertEqual(demine.zone_bit("accessible"), 1)
        self.assertEqual(demine.zone_bit("occupied"), 4)
        self.assertEqual(demine.zones_region(7), demine.NATIONAL)
        self.assertEqual(demine.zones(*demine.ZONES), demine.NATIONAL)
        self.assertEqual(demine.zones("occupied"), demine.zones_region(4))
        self.assertEqual(demine.zones("accessible", "front_line"),
                         demine.NATIONAL - 4)
        self.assertEqual(demine.zones_mask(("accessible", 2)), 5)
        for bad in ((), ("moon",)):
            with self.assertRaises(ValueError):
                demine.zones(*bad)
        with self.assertRaises(ValueError):
            demine.zones_region(0)

    def test_open_zones_and_their_land(self):
        p = self.project(simple(), runs=4)
        self.assertEqual(p.open_zones(), 1)
        self.assertEqual(p.open_zones("2035-01"), 1)
        self.assertEqual(p.open_region(), demine.zones("accessible"))
        self.assertAlmostEqual(p.area_km2(p.open_region()), 1.2, places=12)
        self.assertAlmostEqual(p.area_km2(demine.zones("occupied")), 5.0,
                               places=12)
        self.assertAlmostEqual(p.area_km2(demine.zones_region(7)), 6.2,
                               places=12)
        opening = self.project(simple(extra=', "access": {"occupied": '
                                      '"2032-01"}'), runs=4)
        self.assertEqual(opening.open_zones(), 1)
        self.assertEqual(opening.open_zones("2032-01"), 5)
        self.assertEqual(opening.open_zones(demine.month_number("2031-12")),
                         1)


class MeasureTest(Fixture):
    def test_measures_per_run_and_their_quantiles(self):
        p = self.project(simple())
        self.assertEqual(p.years(), (2030, 2035))
        self.assertIn("months_to_80", demine.MEASURES)
        self.assertEqual(len(demine.MEASURES), 10)
        open_land = p.open_region()
        months = list(p.measure("months_to_80", region=open_land))
        self.assertEqual(len(months), 40)
        # The enum's value and the name give the same.
        self.assertEqual(list(p.measure(0, region=open_land)), months)
        rates = [row[p.params().index(PRODUCTIVITY)]
                 for row in p.param_values()]
        for m, rate in zip(months, rates):
            want = 0.96 / (0.0002 * rate)  # inf past the horizon
            self.assertClose(m, want if want <= 72 else math.inf, rel=1e-9)
        self.assertTrue(any(map(math.isinf, months)))
        self.assertTrue(any(map(math.isfinite, months)))
        # The nation never reaches 80 %: inf in every run.
        self.assertTrue(all(math.isinf(m) for m in p.measure("months_to_80")))
        q = p.measure_quantiles("months_to_80", region=open_land)
        self.assertEqual(set(q), {"p10", "p50", "p90"})
        for name, x in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
            self.assertAlmostEqual(q[name], quantile(months, x), places=9)
        self.assertEqual(q["p50"], p.months_quantile(80, 0.5, open_land))
        # A cost per km² of nothing released is nan, left out of quantiles.
        none = p.measure("usd_per_km2_released", region=demine.zones(
            "occupied"))
        self.assertTrue(all(math.isnan(x) for x in none))
        self.assertTrue(math.isnan(p.measure_quantile(
            "usd_per_km2_released", region=demine.zones("occupied"))))
        # The cost per km² cleared: US$500 a unit-day for P m².
        for usd, rate in zip(p.measure("usd_per_km2_cleared", "A"), rates):
            self.assertAlmostEqual(usd / (500 * 1e6 / rate), 1, places=9)

    def test_yearly_cost_sums_to_the_cost_of_each_run(self):
        p = self.project(simple())
        first, last = p.years()
        years = range(first, last + 1)
        per_year = [list(p.measure("cost_usd_in", year=y)) for y in years]
        total = list(p.measure("cost_usd"))
        for run in range(p.runs):
            self.assertClose(sum(y[run] for y in per_year), total[run],
                             rel=1e-9, msg="run %d" % run)
        yearly = p.yearly_cost()
        self.assertEqual(list(yearly), list(years))
        for y, values in zip(years, per_year):
            for name, x in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
                self.assertClose(yearly[y][name], quantile(values, x),
                                 msg="%d %s" % (y, name))
        # The first full year: 200 unit-days a month × US$500 × 12.
        self.assertEqual(yearly[2030]["p50"], 1.2e6)
        self.assertEqual(p.yearly_cost(region="B")[2031]["p90"], 0.0)

    def test_a_budget_ceiling_from_a_month(self):
        # US$600,000 a year from 2031 pays half the deminers: 0.24 km² in
        # 2030, then 0.01 a month: 80 % (0.96) at 12 + 72 = 84 months.
        p = self.project(simple(productivity="100", horizon=120, extra=(
            ', "budget": {"usd_per_year": 600000, "from": "2031-01"}')),
            runs=2)
        yearly = p.yearly_cost()
        self.assertAlmostEqual(yearly[2030]["p50"], 1.2e6, delta=1e-6)
        self.assertAlmostEqual(yearly[2031]["p50"], 6e5, delta=1e-6)
        self.assertAlmostEqual(p.measure_quantile("months_to_80",
                                                  region="A"), 84, places=9)
        self.assertAlmostEqual(p.measure_quantile("released_km2_by",
                                                  region="A", year=2031),
                               0.36, places=12)

    def test_the_priority_policy_clears_high_first_nationally(self):
        # 1 km² of high and 1 of low land, each its own region, all open:
        # 0.02 km² a month clears the high in 50 months, then the low.
        # Shared in proportion, each region has half and ends at 100.
        work = self.ctx.new_work()
        work.add("H", 1.0, hazard="high")
        work.add("L", 1.0, hazard="low")
        months = {}
        for policy in ("priority", "proportional"):
            text = simple(productivity="100", horizon=120, extra=(
                ', "policy": {"type": "%s"}' % policy))
            p = self.ctx.project(work, self.ctx.load_scenario(json=text))
            months[policy] = (p.months_to(100, region="H"),
                              p.months_to(100, region="L"))
        self.assertAlmostEqual(months["priority"][0], 50, places=9)
        self.assertAlmostEqual(months["priority"][1], 100, places=9)
        self.assertAlmostEqual(months["proportional"][0], 100, places=9)


class CompareTest(Fixture):
    def setUp(self):
        super().setUp()
        self.base = self.project(simple())
        self.other = self.project(simple(count=30))

    def test_paired_changes_from_the_runs(self):
        base, other = self.base, self.other
        region = base.open_region()
        by = (2031, 2033, 2035)
        c = demine.compare(base, other, region=region, by=by)
        self.assertEqual(list(c), [
            "years_to_80", "years_to_95", "years_to_100", "released_km2_by",
            "cost_usd", "usd_per_km2_released", "usd_per_km2_cleared"])
        self.assertEqual(list(c["released_km2_by"]), list(by))
        checks = [(c["years_to_%d" % m], "months_to_%d" % m, None, 1 / 12)
                  for m in (80, 95, 100)]
        checks += [(c["released_km2_by"][y], "released_km2_by", y, 1)
                   for y in by]
        checks += [(c[k], k, None, 1) for k in (
            "cost_usd", "usd_per_km2_released", "usd_per_km2_cleared")]
        for got, measure, year, scale in checks:
            d = paired(list(base.measure(measure, region, year)),
                       list(other.measure(measure, region, year)))
            self.assertEqual(got["runs"], len(d), measure)
            for name, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
                self.assertClose(got[name], quantile(d, q) * scale,
                                 msg="%s %s %s" % (measure, year, name))
        # 1.5 times the deminers: 80 % a third sooner in every run that
        # reaches it in both.
        for a, b in zip(base.measure("months_to_80", region),
                        other.measure("months_to_80", region)):
            if math.isfinite(a):
                self.assertClose(b - a, -a / 3, rel=1e-9)
        # More than a tenth of the runs reach 100 % in the horizon only
        # with more deminers (-inf): the P10 is -inf.
        d100 = paired(list(base.measure("months_to_100", region)),
                      list(other.measure("months_to_100", region)))
        self.assertGreater(d100.count(-math.inf), 0.1 * len(d100))
        self.assertEqual(c["years_to_100"]["p10"], -math.inf)
        self.assertTrue(math.isfinite(c["years_to_100"]["p90"]))
        # The same in the Projection method.
        self.assertEqual(base.change(other, "cost_usd", region),
                         c["cost_usd"])
        value, runs = base.change_quantile(other, "released_km2_by", 0.5,
                                           region, 2031)
        self.assertEqual((value, runs), (c["released_km2_by"][2031]["p50"],
                                         c["released_km2_by"][2031]["runs"]))

    def test_comparison_rows_are_compare_in_the_files_units(self):
        """Projection.comparison(): comparison.csv's rows, the same
        figures as compare() with the cost in US$ m; the measures of
        compared_measures() in their order."""
        region = self.base.open_region()
        by = (2031, 2033)
        rows = self.base.comparison(self.other, region, by=by)
        c = demine.compare(self.base, self.other, region=region, by=by)
        self.assertEqual(
            [(r["measure"], r["year"]) for r in rows],
            [("months_to_80", None), ("months_to_95", None),
             ("months_to_100", None), ("released_km2_by", 2031),
             ("released_km2_by", 2033), ("cost_usd", None),
             ("usd_per_km2_released", None), ("usd_per_km2_cleared", None)])
        self.assertEqual([m for m, _, _, _ in demine.compared_measures()],
                         ["months_to_80", "months_to_95", "months_to_100",
                          "released_km2_by", "cost_usd",
                          "usd_per_km2_released", "usd_per_km2_cleared"])
        for r in rows:
            key = {"months_to_%d" % m: "years_to_%d" % m
                   for m in (80, 95, 100)}.get(r["measure"], r["measure"])
            want = c[key] if r["year"] is None else c[key][r["year"]]
            scale = 1e-6 if r["measure"] == "cost_usd" else 1
            for q in ("p10", "p50", "p90"):
                self.assertClose(r["change_" + q], want[q] * scale,
                                 msg="%s %s" % (r["measure"], q))
            self.assertEqual(r["paired_runs"], want["runs"])
            p50 = self.base.measure_quantile(r["measure"], 0.5, region,
                                             r["year"])
            unit = 1 / 12 if r["unit"] == "years" else scale
            self.assertClose(r["versus_p50"], p50 * unit)

    def test_no_run_reaches_it_nationally(self):
        c = demine.compare(self.base, self.other, by=(2031,))
        self.assertEqual(c["years_to_80"]["runs"], 0)
        self.assertTrue(math.isnan(c["years_to_80"]["p50"]))
        self.assertEqual(c["cost_usd"]["runs"], 40)

    def test_own_quantile_is_numpys_linear(self):
        values = [3.0, -1.5, 8.25, 0.0, 2.0, 11.0, -7.0]
        for q in (0.0, 0.1, 0.5, 0.9, 1.0):
            if numpy is not None:
                self.assertAlmostEqual(own_quantile(values, q),
                                       float(numpy.quantile(values, q)),
                                       places=12)
        self.assertEqual(own_quantile(values, 0.5), 2.0)
        self.assertEqual(own_quantile([1.0, 2.0], 0.25), 1.25)
        self.assertEqual(own_quantile([-math.inf, 1.0, 2.0], 0.1),
                         -math.inf)

    def test_runs_that_do_not_pair_up(self):
        other = self.project(simple(count=30), seed=8)
        with self.assertRaises(demine.UsageError) as e:
            demine.compare(self.base, other)
        self.assertEqual(e.exception.status_name, "DM_ERR_INVALID_ARGUMENT")
        self.assertIn("their seeds differ", e.exception.message)
        fewer = self.project(simple(count=30), runs=10)
        with self.assertRaises(demine.UsageError) as e:
            self.base.change(fewer, "cost_usd")
        self.assertIn("numbers of runs differ", e.exception.message)


class SensitivityTest(Fixture):
    def test_one_ranged_figure_drives_everything(self):
        p = self.project(simple())
        names = p.params()
        self.assertIn(PRODUCTIVITY, names)
        values = p.param_values()
        self.assertEqual(len(values), 40)
        self.assertEqual({len(row) for row in values}, {len(names)})
        column = names.index(PRODUCTIVITY)
        for i, name in enumerate(names):
            distinct = {row[i] for row in values}
            if i == column:
                self.assertGreater(len(distinct), 30)
                self.assertTrue(all(50 <= x <= 150 for x in distinct))
            else:
                self.assertEqual(len(distinct), 1, name)
        for measure, year in (("months_to_80", None),
                              ("released_km2_by", 2031),
                              ("usd_per_km2_cleared", None)):
            s = p.sensitivity(measure, region=p.open_region(), year=year)
            self.assertEqual(list(s), names)
            self.assertGreater(abs(s[PRODUCTIVITY]), 0.99, measure)
            for name in names:
                if name != PRODUCTIVITY:
                    self.assertEqual(s[name], 0.0, (measure, name))
        # Fewer months with more m² a day; more released by 2031.
        self.assertLess(p.sensitivity("months_to_80", "A")[PRODUCTIVITY], 0)
        self.assertGreater(p.sensitivity("released_km2_by", "A",
                                         2031)[PRODUCTIVITY], 0)

    def test_a_measure_that_does_not_vary(self):
        p = self.project(simple())
        s = p.sensitivity("cost_usd_in", year=2030)  # 1.2 M in every run
        self.assertTrue(all(math.isnan(x) for x in s.values()))
        with self.assertRaises(demine.UsageError) as e:
            p.drivers("cost_usd_in", year=2030)
        self.assertIn("does not vary", e.exception.message)

    def test_drivers_are_the_sensitivity_ranked(self):
        """Projection.drivers(): the figures with an effect, largest
        |PRCC| first, as the sensitivity sorted here."""
        work = self.ctx.new_work()
        work.add("A", 1.2)
        two = simple(extra="").replace(
            '"cost_usd_per_unit_day": 500',
            '"cost_usd_per_unit_day": {"min": 400, "mode": 500, "max": 600}')
        p = self.ctx.project(work, self.ctx.load_scenario(json=two), runs=60,
                             seed=4)
        s = p.sensitivity("cost_usd")
        by_hand = sorted(((k, v) for k, v in s.items() if v == v and v != 0),
                         key=lambda kv: -abs(kv[1]))
        self.assertEqual(len(by_hand), 2)
        self.assertEqual(p.drivers("cost_usd"), by_hand)

    def test_errors_carry_the_library_message(self):
        p = self.project(simple(), runs=3)
        with self.assertRaises(demine.UsageError) as e:
            p.sensitivity("months_to_80", "A")
        self.assertEqual(e.exception.status_name, "DM_ERR_INVALID_ARGUMENT")
        self.assertIn("too few", e.exception.message)
        with self.assertRaises(demine.UsageError) as e:
            p.measure("released_km2_by", year=1999)
        self.assertEqual(e.exception.status_name, "DM_ERR_OUT_OF_RANGE")
        self.assertIn("year 1999 is not within the projection (2030",
                      e.exception.message)
        with self.assertRaises(demine.UsageError) as e:
            p.measure_quantile("cost_usd", q=1.5)
        self.assertIn("quantile 1.5", e.exception.message)
        with self.assertRaises(demine.UsageError) as e:
            p.measure("cost_usd", region=7)
        self.assertEqual(e.exception.status_name, "DM_ERR_OUT_OF_RANGE")
        with self.assertRaises(ValueError):
            p.measure("months_to_90")
        with self.assertRaises(KeyError):
            p.measure("cost_usd", region="UA-99")


class PlanTest(unittest.TestCase):
    def setUp(self):
        self.ctx = demine.Context()

    def tearDown(self):
        self.ctx.close()

    def test_ranking_by_what_a_million_buys(self):
        work = self.ctx.new_work()
        work.add("A", 1000.0)
        scenario = self.ctx.load_scenario(json=TWO_ASSETS)
        ranks = self.ctx.plan_rank(work, scenario)
        self.assertEqual([r["name"] for r in ranks], ["cheap", "dear"])
        cheap, dear = ranks
        self.assertEqual(set(cheap), {
            "asset", "name", "usd_per_unit_year", "units_per_musd",
            "usd_per_km2", "km2_by_deadline", "months_saved_80",
            "months_saved_100"})
        self.assertEqual((cheap["asset"], dear["asset"]), (1, 0))
        # cheap: US$500 for 1,000 m², 500,000 a km²; dear: 2,000,000.
        for got, want in ((cheap["usd_per_km2"], 5e5),
                          (cheap["usd_per_unit_year"], 500.0 * 10 * 12),
                          (cheap["units_per_musd"], 1e6 / 60000.0),
                          (cheap["km2_by_deadline"], 9 * 1e6 / 5e5),
                          (dear["usd_per_km2"], 2e6),
                          (dear["usd_per_unit_year"], 200.0 * 10 * 12),
                          (dear["km2_by_deadline"], 9 * 1e6 / 2e6)):
            self.assertLess(abs(got / want - 1), 1e-9, (got, want))
        # Neither reaches 80 % of the land in the horizon: nothing saved.
        self.assertTrue(math.isnan(cheap["months_saved_80"]))
        # A deadline of its own, 2029-12: to the end of 2029, 5 years.
        ranks = self.ctx.plan_rank(work, scenario, deadline_months=59,
                                   runs=2, threads=2)
        self.assertLess(abs(ranks[0]["km2_by_deadline"] / (5 * 2) - 1),
                        1e-9)
        # From a later month: 2030-01 to 2033-12, 4 years.
        ranks = self.ctx.plan_rank(work, scenario, from_month="2030-01")
        self.assertLess(abs(ranks[0]["km2_by_deadline"] / (4 * 2) - 1),
                        1e-9)

    def test_the_default_target_is_the_land_open_by_the_deadline(self):
        # 0.7 km² open, 0.3 occupied (tests/test-plan.c): 80 % of the 0.7
        # by 2033-12 (107 months) needs 6 units of 1,000 m² a month.
        work = self.ctx.new_work()
        work.add("A", 0.7)
        work.add("B", 0.3, hazard="low", zone="occupied")
        one = simple(productivity="100").replace(
            '"count": 20', '"count": 1').replace(
            '"2030-01"', '"2025-01"').replace(
            '"horizon_months": 72', '"horizon_months": 36')
        scenario = self.ctx.load_scenario(json=one)
        plan = self.ctx.plan_capacity(work, scenario, asset="deminers")
        self.assertTrue(plan["feasible"], plan["reason"])
        self.assertEqual(plan["deadline"], demine.STRATEGY_DEADLINE)
        self.assertEqual(plan["zones"], demine.zone_bit("accessible"))
        self.assertAlmostEqual(plan["target_km2"], 0.7, places=12)
        self.assertEqual(plan["extra_units"], 5)
        self.assertAlmostEqual(plan["months"], 0.56e6 / 6000.0, places=9)
        # 6 deminers × 1,000 m² × US$90 … costs more: the 5 extra units'
        # US$ a year.
        self.assertGreater(plan["extra_usd_per_year"], 0)
        # All the land asked for: the occupied part never opens.
        plan = self.ctx.plan_capacity(work, scenario, asset="deminers",
                                      zones=("accessible", "occupied"))
        self.assertFalse(plan["feasible"])
        self.assertEqual(plan["zones"], 5)
        self.assertIn("30.0 % of the target land", plan["reason"])
        self.assertTrue(math.isnan(plan["extra_usd_per_year"]))

    def test_plan_errors(self):
        work = self.ctx.new_work()
        work.add("A", 1000.0)
        scenario = self.ctx.load_scenario(json=TWO_ASSETS)
        with self.assertRaises(demine.UsageError) as e:
            self.ctx.plan_rank(work, scenario, runs=0)
        self.assertEqual(e.exception.status_name, "DM_ERR_INVALID_ARGUMENT")
        self.assertIn("runs", e.exception.message)
        with self.assertRaises(demine.UsageError) as e:
            self.ctx.plan_capacity(work, scenario, asset="robots")
        self.assertIn("robots", e.exception.message)
        with self.assertRaises(ValueError):
            self.ctx.plan_rank(work, scenario, zones=9)
        with self.assertRaises(ValueError):
            self.ctx.plan_rank(work, scenario, posterior="mine")


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", head
    return (int.from_bytes(head[16:20], "big"),
            int.from_bytes(head[20:24], "big"))


def built(name):
    return unittest.skipIf(name in _lib.MISSING,
                           "%s is not in %s yet" % (name, _lib.path))


class ChartsTest(Fixture):
    def setUp(self):
        super().setUp()
        self.base = self.project(simple())
        self.other = self.project(simple(count=30))
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_burndown_of_the_land_of_zones(self):
        path = self.path("open.png")
        self.ctx.render_burndown([self.base, self.other], path,
                                 labels=["20", "30"], width=640, height=400,
                                 region=self.base.open_region())
        self.assertEqual(png_size(path), (640, 400))

    @built("dm_render_comparison")
    def test_comparison(self):
        path = self.path("comparison.png")
        self.ctx.render_comparison([self.base, self.other], path,
                                   labels=["20 deminers", "30 deminers"],
                                   width=900, height=500)
        self.assertEqual(png_size(path), (900, 500))
        svg = self.path("comparison.svg")
        self.ctx.render_comparison([self.base, self.other], svg)
        with open(svg, "rb") as f:
            self.assertIn(b"<svg", f.read(400))
        with self.assertRaises(demine.UsageError) as e:
            self.ctx.render_comparison([self.base], path)
        self.assertEqual(e.exception.status_name, "DM_ERR_INVALID_ARGUMENT")
        other_seed = self.project(simple(count=30), seed=8)
        with self.assertRaises(demine.UsageError):
            self.ctx.render_comparison([self.base, other_seed],
                                       self.path("no.png"))
        self.assertFalse(os.path.exists(self.path("no.png")))

    @built("dm_render_sensitivity")
    def test_sensitivity(self):
        path = self.path("sensitivity.png")
        self.ctx.render_sensitivity(self.base, "months_to_80", path,
                                    region=self.base.open_region(), top=5,
                                    width=800, height=450)
        self.assertEqual(png_size(path), (800, 450))
        self.ctx.render_sensitivity(self.base, "released_km2_by",
                                    self.path("by.png"), region="A",
                                    year=2031)
        self.assertGreater(os.path.getsize(self.path("by.png")), 0)
        with self.assertRaises(demine.UsageError) as e:
            self.ctx.render_sensitivity(self.base, "months_to_80", path,
                                        top=0)
        self.assertEqual(e.exception.status_name, "DM_ERR_INVALID_ARGUMENT")
        with self.assertRaises(demine.UsageError):
            self.ctx.render_sensitivity(self.base, "released_km2_by", path,
                                        year=1999)


EXAMPLE = os.path.join(CHECKOUT, "python", "examples", "decisions.py")


class ExampleTest(unittest.TestCase):
    def run_example(self, *args):
        return subprocess.run(
            [sys.executable, EXAMPLE] + list(args), capture_output=True,
            text=True, check=True,
            env=dict(os.environ, PYTHONPATH=os.path.join(CHECKOUT,
                                                         "python"))).stdout

    def test_decisions_compact_and_deterministic(self):
        out = self.run_example()
        lines = out.splitlines()
        self.assertLessEqual(len(lines), 30, out)
        self.assertTrue(lines[0].startswith(
            "500 runs, seed 1, from 2023-01; land open by 2033-12 "
            "(accessible + front_line + occupied): "), out)
        for text in ("japan-ceasefire - ceasefire", "  years to  80 %",
                     "  km² released by 2033", "  cost, US$ m",
                     "  US$ per km² cleared", "  2027  ", "  2029  ",
                     "(PRCC):", "US$1 m a year more from 2025-01"):
            self.assertIn(text, out)
        prcc = out.split("(PRCC):\n", 1)[1].split("\nUS$1 m", 1)[0]
        self.assertEqual(len(prcc.splitlines()), 5, out)
        for name in ("nts-operators", "deminers", "machines", "dogs"):
            self.assertIn("\n  %s " % name, out)
        # The same runs whatever the threads.
        self.assertEqual(self.run_example("--threads", "1"), out)

    @built("dm_render_comparison")
    @built("dm_render_sensitivity")
    def test_decisions_pictures(self):
        with tempfile.TemporaryDirectory() as d:
            out = self.run_example("--runs", "200", "--out", d)
            self.assertIn("pictures in", out)
            for name in ("comparison.png", "sensitivity.png"):
                self.assertEqual(png_size(os.path.join(d, name)),
                                 (1400, 800))


if __name__ == "__main__":
    unittest.main()
