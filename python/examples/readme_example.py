import demine

with demine.Context() as ctx:
    regions = ctx.load_regions()                 # the embedded Ukraine units
    contamination = ctx.build_contamination(regions, ctx.load_sources())
    print("%.0f km² contaminated (%.1f %%)" % (contamination.total_km2,
                                               100 * contamination.total_share))
    lviv, luhansk = contamination["UA-46"], contamination["UA-09"]
    print(lviv.name, round(lviv.share, 3), luhansk.name, round(luhansk.share, 3))
    work = contamination.work_table()
    baseline = ctx.load_scenario(demine.data_dir() + "/scenarios/baseline.json")
    p = ctx.project(work, baseline, runs=200, threads=2)
    kyiv = p.summary("UA-32")
    print(kyiv["name"], "80 %% released in %.1f years (P50)"
          % (kyiv["months_to"][80]["p50"] / 12))
