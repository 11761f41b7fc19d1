#!/usr/bin/env python3
"""What a decision changes, from Python: project the embedded ceasefire and
japan-ceasefire scenarios (the land opens in 2027, without and with
Japan's package) with the figures fitted to the record and the same seed
(so each run of one pairs with the same run of the other), then print the
paired changes the package makes on the land open by 2033-12 (all of it),
ceasefire's yearly cost in 2027-2029, the five figures that drive its
months to 100 % of that land, and what US$1 m a year more on each of its
assets buys.

Usage: decisions.py [--runs N] [--threads T] [--seed S] [--out DIR]
(--out: also draw the comparison and the sensitivity charts there)
"""
import argparse
import math
import os

import demine


def fmt(x, digits=2):
    """A number for the table: inf as "past the horizon" signs, no -0."""
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "-H" if x < 0 else "+H"
    return "%.*f" % (digits, round(x, digits) + 0.0)


def band(d, scale=1.0, digits=2):
    """P50 (P10 to P90) of a dict of quantiles, scaled."""
    return "%s (%s to %s)" % tuple(fmt(d[p] * scale, digits)
                                   for p in ("p50", "p10", "p90"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()

    with demine.Context() as ctx:
        regions = ctx.load_regions()
        work = ctx.build_contamination(regions,
                                       ctx.load_sources()).work_table()
        folder = os.path.join(demine.data_dir(), "scenarios")
        baseline = ctx.load_scenario(os.path.join(folder, "ceasefire.json"))
        japan = ctx.load_scenario(os.path.join(folder,
                                               "japan-ceasefire.json"))
        posterior = ctx.load_posterior()  # the embedded fit of baseline
        base, other = (ctx.project(work, s, runs=args.runs, seed=args.seed,
                                   threads=args.threads, posterior=posterior)
                       for s in (baseline, japan))
        deadline = demine.STRATEGY_DEADLINE
        open_land = base.open_region(deadline)
        zones = [z for z in demine.ZONES
                 if base.open_zones(deadline) & demine.zone_bit(z)]
        print("%d runs, seed %d, from %s; land open by %s (%s): "
              "%.0f km²" % (base.runs, args.seed, base.start, deadline,
                            " + ".join(zones), base.area_km2(open_land)))
        print("ceasefire's years to 100 %% of it: %s" % band(
            base.measure_quantiles("months_to_100", open_land), 1 / 12))

        c = demine.compare(base, other, region=open_land)
        print("japan-ceasefire - ceasefire, P50 (P10 to P90) of the paired "
              "runs (H: horizon):")
        for m in demine.MILESTONES:
            d = c["years_to_%d" % m]
            print("  years to %3d %%         %s, %d runs" % (m, band(d),
                                                            d["runs"]))
        for year, d in c["released_km2_by"].items():
            print("  km² released by %d   %s" % (year, band(d, digits=0)))
        print("  cost, US$ m            %s" % band(c["cost_usd"], 1e-6, 1))
        print("  US$ per km² released   %s" % band(
            c["usd_per_km2_released"], digits=0))
        print("  US$ per km² cleared    %s" % band(
            c["usd_per_km2_cleared"], digits=0))

        print("ceasefire's yearly cost, US$ m, P50 (P10 to P90):")
        yearly = base.yearly_cost()
        for year in (2027, 2028, 2029):
            print("  %d  %s" % (year, band(yearly[year], 1e-6, 1)))

        print("what drives its months to 100 % of that land (PRCC):")
        prcc = base.sensitivity("months_to_100", region=open_land)
        top = sorted(prcc.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:5]
        for name, value in top:
            print("  %+.3f  %s" % (value, name))

        ranks = ctx.plan_rank(work, baseline, runs=args.runs, seed=args.seed,
                              threads=args.threads, posterior=posterior)
        arrive = demine.month_text(
            demine.month_number(posterior.info["last_month"]) + 1)
        print("US$1 m a year more from %s: km² released by %s, "
              "P50:" % (arrive, demine.STRATEGY_DEADLINE))
        print("  %-15s %8s %12s %9s %12s" % (
            "asset", "units", "US$/km²", "km²", "months 80/100"))
        for r in ranks:
            print("  %-15s %8.2f %12.0f %9.1f %6s/%s" % (
                r["name"], r["units_per_musd"], r["usd_per_km2"],
                r["km2_by_deadline"] + 0.0, fmt(r["months_saved_80"], 1),
                fmt(r["months_saved_100"], 1)))

        if args.out:
            os.makedirs(args.out, exist_ok=True)
            ctx.render_comparison([base, other],
                                  os.path.join(args.out, "comparison.png"),
                                  labels=["ceasefire", "japan-ceasefire"])
            ctx.render_sensitivity(base, "months_to_100",
                                   os.path.join(args.out, "sensitivity.png"),
                                   region=open_land, top=15)
            print("pictures in", args.out)


if __name__ == "__main__":
    main()
