import demine

with demine.Context() as ctx:
    regions = ctx.load_regions()               # the embedded Ukraine units
    contamination = ctx.build_contamination(regions, ctx.load_sources())
    print("%.0f km² contaminated (%.1f %%)" % (
        contamination.total_km2, 100 * contamination.total_share))
    lviv, luhansk = contamination["UA-46"], contamination["UA-09"]
    print(lviv.name, round(lviv.share, 3),
          luhansk.name, round(luhansk.share, 3))
    work = contamination.work_table()
    baseline = ctx.load_scenario(demine.data_dir() +
                                 "/scenarios/baseline.json")
    # The fitted figures of the embedded posterior: the runs replay the
    # record (2023-24), then project from it.
    p = ctx.project(work, baseline, runs=200, threads=2,
                    posterior="embedded")
    kyiv = p.summary("UA-32")
    print(kyiv["name"], "80 %% released in %.1f years (P50)"
          % (kyiv["months_to"][80]["p50"] / 12))
    n = p.replay_months                          # the months replayed
    end = demine.month_text(demine.month_number(p.start) + n - 1)
    recorded = [o.value for o in ctx.load_record()  # the embedded record
                if o.quantity == "remaining_km2" and o.date == end]
    print("replay %s to %s; %s km² remain at the end of %s (P50; recorded "
          "%s ± 5 %%)" % (p.start, end, format(p.remaining()[n], ",.0f"),
                          end[:4], format(recorded[0], ",.0f")))
