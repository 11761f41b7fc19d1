#!/usr/bin/env python3
"""The job of demine-project, from Python: model the contamination of the
embedded Ukraine data, run every default scenario with the figures fitted
to the record (the embedded posterior: the runs replay 2023-24, then
project), print the years to 80 % and 100 % released and the cost per
region and nationally (P50, P10–P90), draw the map and the burn-down
chart with the record, and write the report (report.html: the page
demine-project writes, what each asset of baseline buys with it).

Usage: compare_scenarios.py [--runs N] [--threads T] [--out DIR]
"""
import argparse
import math
import os

import demine


def years(months):
    return ">H" if math.isinf(months) else "%.1f" % (months / 12)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default="out")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    with demine.Context() as ctx:
        regions = ctx.load_regions()
        contamination = ctx.build_contamination(regions, ctx.load_sources())
        work = contamination.work_table()
        print("contaminated: %.0f km² (%.1f %% of %.0f km²)\n" % (
            contamination.total_km2, 100 * contamination.total_share,
            regions.total_area_km2))
        posterior = ctx.load_posterior()  # the embedded fit of baseline
        fitted = posterior.info["parameters"]
        projections, scenarios = [], list(ctx.default_scenarios())
        for scenario in scenarios:
            p = ctx.project(work, scenario, runs=args.runs,
                            threads=args.threads, posterior=posterior)
            projections.append(p)
            print("%s: %d runs from %s over %d years" % (
                scenario.name, p.runs, p.start, p.months // 12))
            start = demine.month_number(p.start)
            print("replay of the record %s to %s (%d of %d figures fitted), "
                  "projection from %s" % (
                      p.start, demine.month_text(start + p.replay_months - 1),
                      posterior.applies(scenario), fitted,
                      demine.month_text(start + p.replay_months)))
            print("%-7s %-16s %9s  %-18s %-18s %s" % (
                "code", "name", "km²", "years to 80 %", "years to 100 %",
                "cost US$ m"))
            for region in p.regions + [None]:
                s = p.summary(region)
                m80, m100, cost = (s["months_to"][80], s["months_to"][100],
                                   s["cost_usd"])
                print("%-7s %-16s %9.0f  %-18s %-18s %.0f (%.0f–%.0f)" % (
                    s["code"] or "total", s["name"], s["area_km2"],
                    "%s (%s–%s)" % (years(m80["p50"]), years(m80["p10"]),
                                    years(m80["p90"])),
                    "%s (%s–%s)" % (years(m100["p50"]), years(m100["p10"]),
                                    years(m100["p90"])),
                    cost["p50"] / 1e6, cost["p10"] / 1e6, cost["p90"] / 1e6))
            print()
        contamination.render_map(regions, os.path.join(args.out, "map.png"))
        record = ctx.load_record()
        labels = [p.scenario_name for p in projections]
        ctx.render_burndown(projections, os.path.join(args.out,
                                                      "burndown.png"),
                            labels=labels, record=record)
        # The report compares every scenario with the first (baseline) and
        # says what US$1 m a year on each of its assets buys.
        ranks = ctx.plan_rank(work, scenarios[0], runs=min(args.runs, 200),
                              threads=args.threads, posterior=posterior)
        ctx.write_report(projections, os.path.join(args.out, "report.html"),
                         labels=labels, scenarios=scenarios,
                         regions=regions, contamination=contamination,
                         record=record, posterior=posterior, ranks=ranks,
                         rank_runs=min(args.runs, 200))
        print("pictures and report.html in", args.out)


if __name__ == "__main__":
    main()
