"""Pythonic classes over libdemine's handles.

Every class owns its handle: ``close()`` frees it, ``with`` closes it at the
end of the block, and garbage collection closes it as a last resort. A
closed object raises ValueError when used; it never reaches the library.
Objects keep their Context alive, and closing a Context closes what it made
first (the library requires objects to be freed before their context).
One Context per thread.
"""

import collections
import ctypes
import os
import weakref

from ._lib import (PROGRESS_FN, AssetRank, CalibrateOptions, ChartOptions,
                   ContaminationOptions, MapOptions, Observation as _CObs,
                   PlanOptions, PlanResult, PosteriorInfo, ProjectionOptions,
                   RecordLoadOptions, RegionsOptions, ReportOptions,
                   SourceInfo,
                   SourcesOptions, SurveyOptions, WorkLoadOptions,
                   WriteOptions, lib)

try:  # NumPy arrays for series when NumPy is there; lists otherwise.
    import numpy as _np
except ImportError:  # pragma: no cover - depends on the machine
    _np = None

HAZARDS = ("high", "medium", "low")
ZONES = ("accessible", "front_line", "occupied")
STATES = ("suspected", "confirmed")
SOURCE_KINDS = ("line_of_contact", "occupied", "liberated_2022",
                "border_strip", "battle_site")
MAP_LABELS = ("code", "name", "none")
ASSET_KINDS = ("nts", "ts", "manual", "mechanical", "mdd")
SERIES = ("suspected", "confirmed", "to_clear", "cancelled", "reduced",
          "cleared", "cost_usd", "flagged", "open_remaining")
MILESTONES = (80, 95, 100)
NATIONAL = ctypes.c_size_t(-1).value  # DM_NATIONAL
# The strategy's target month (DM_STRATEGY_DEADLINE), the chart's marker.
STRATEGY_DEADLINE = "2033-12"

DEFAULT_BOUNDARIES = "ukraine-admin1.geojson"
DEFAULT_SOURCES = "conflict-ukraine.geojson"
DEFAULT_RECORD = "record-ukraine.csv"  # DM_DEFAULT_RECORD
DEFAULT_POSTERIOR = "posterior-baseline.json"  # DM_DEFAULT_POSTERIOR

Region = collections.namedtuple("Region", "code name area_km2 bounds")
Source = collections.namedtuple(
    "Source", "kind hazard zone bands_km name has_geometry")
ContaminatedRegion = collections.namedtuple(
    "ContaminatedRegion",
    "code name km2 share high_km2 medium_km2 low_km2 front_line_km2 "
    "occupied_km2 "
    "confirmed_km2")
# One observation of a record: date and from_ as 'YYYY-MM' (from_ None for
# a stock), region "national" for the whole country, low and high the
# range in force (±5 % filled in), source and note None when empty, where
# it was read ("file, row N", or "the record, observation N").
Observation = collections.namedtuple(
    "Observation",
    "date from_ region quantity value low high source note where")


def version():
    """The library's version string."""
    return lib.dm_version().decode()


def data_dir():
    """The folder of the embedded data (see dm_data_dir())."""
    return lib.dm_data_dir().decode()


def month_number(text):
    """'2025-07' as DM_MONTH(2025, 7), read by the library's own parser
    (dm_month_parse: four digits, a dash, two; years 1900-2300)."""
    out = ctypes.c_int()
    raw = text.encode("utf-8") if isinstance(text, str) else None
    if raw is None or lib.dm_month_parse(raw, ctypes.byref(out)) != 0:
        raise ValueError("month %r is not YYYY-MM" % (text,))
    return out.value


def month_text(number):
    """DM_MONTH() as 'YYYY-MM' (dm_month_format)."""
    buf = ctypes.create_string_buffer(16)
    return lib.dm_month_format(number, buf, len(buf)).decode("ascii")


def _quantities():
    out = []
    while True:
        name = lib.dm_record_quantity_name(len(out))
        if name is None:
            return tuple(out)
        out.append(name.decode("ascii"))


# The quantities an observation may have (dm_record_quantity_name()).
QUANTITIES = _quantities()


def _measures():
    out = []
    while True:
        name = lib.dm_measure_name(len(out))
        if name is None:
            return tuple(out)
        out.append(name.decode("ascii"))


# What a run gives (dm_measure_name(), in the enum's order): months_to_80,
# months_to_95, months_to_100, cost_usd, released_km2, cleared_km2,
# usd_per_km2_released, usd_per_km2_cleared, and two that take a calendar
# year: released_km2_by (km² released by the end of the year) and
# cost_usd_in (US$ spent in the year).
MEASURES = _measures()
YEAR_MEASURES = ("released_km2_by", "cost_usd_in")

# The quantiles of the dicts {"p10", "p50", "p90"} the methods give.
_P = (0.1, 0.5, 0.9)


def _pname(q):
    return "p%02d" % round(q * 100)


def zone_bit(zone):
    """DM_ZONE_BIT(): the bit of a zone (a ZONES name or index) in a mask
    of zones."""
    return 1 << _index(ZONES, zone, "zone")


def zones_mask(zones):
    """A mask of zones from an int mask (returned as it is), one zone name
    or an iterable of ZONES names or indices."""
    if isinstance(zones, int):
        if not 0 <= zones <= 7:
            raise ValueError("zone mask %d is not 0-7" % zones)
        return zones
    if isinstance(zones, str):
        zones = (zones,)
    mask = 0
    for z in zones:
        mask |= zone_bit(z)
    return mask


def zones_region(mask):
    """DM_ZONES(mask): the region index of the land of a set of zones in
    every region (mask: an OR of zone_bit()s, 1-7); zones_region(7) is
    NATIONAL. Projection methods take it where they take a region."""
    if not isinstance(mask, int) or not 1 <= mask <= 7:
        raise ValueError("zone mask %r is not 1-7" % (mask,))
    return NATIONAL - (7 - mask)


def zones(*names):
    """The region index of the land of the zones named (ZONES names or
    indices): zones("accessible") is the accessible land of every region,
    zones(*ZONES) the nation (NATIONAL)."""
    if not names:
        raise ValueError("zones() needs at least one zone (one of: %s)"
                         % ", ".join(ZONES))
    return zones_region(zones_mask(names))


def _measure(value):
    """A measure's enum value from its name or value."""
    return _index(MEASURES, value, "measure")


def _quantile_dict(fn, qs=_P):
    return {_pname(q): fn(q) for q in qs}


def _month(value):
    """A month given as 'YYYY-MM' or as DM_MONTH() (an int)."""
    return month_number(value) if isinstance(value, str) else value


def _array(values):
    return _np.array(values) if _np is not None else list(values)


def _matrix(rows, columns):
    """A 2-D NumPy array of rows, or a list of lists without NumPy."""
    if _np is not None:
        return _np.array(rows, dtype=float).reshape(len(rows), columns)
    return [list(r) for r in rows]


def _year(year):
    """The year argument of a measure: 0 (none) for None."""
    return 0 if year is None else int(year)


def _b(s):
    return None if s is None else os.fsencode(s) if isinstance(
        s, os.PathLike) else s.encode("utf-8")


def _index(names, value, what):
    if isinstance(value, int):
        if 0 <= value < len(names):
            return value
    elif value in names:
        return names.index(value)
    raise ValueError("unknown %s %r (one of: %s)" %
                     (what, value, ", ".join(names)))


def _repairs(handle, count, get):
    """The features make-valid repaired: dicts of feature (where it is),
    reason (what GEOS found wrong), drawn_km2 and repaired_km2."""
    out = []
    for i in range(count(handle._c, handle._p)):
        where, reason = ctypes.c_char_p(), ctypes.c_char_p()
        drawn, repaired = ctypes.c_double(), ctypes.c_double()
        get(handle._c, handle._p, i, ctypes.byref(where), ctypes.byref(reason),
            ctypes.byref(drawn), ctypes.byref(repaired))
        out.append({"feature": where.value.decode("utf-8"),
                    "reason": reason.value.decode("utf-8"),
                    "drawn_km2": drawn.value,
                    "repaired_km2": repaired.value})
    return out


class _Handle:
    """A library object owned by Python."""

    _free = None  # the dm_*_free function

    def __init__(self, ctx, ptr):
        self._ctx = ctx
        self._ptr = ptr
        ctx._adopt(self)

    @property
    def _p(self):
        if self._ptr is None:
            raise ValueError("%s is closed" % type(self).__name__)
        return self._ptr

    @property
    def _c(self):
        return self._ctx._p

    @property
    def closed(self):
        return self._ptr is None

    def close(self):
        """Frees the handle; safe to call twice."""
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            self._free(ptr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Context:
    """A libdemine context: GEOS handle, PROJ context, last error."""

    def __init__(self):
        ptr = lib.dm_context_new()
        if not ptr:
            raise MemoryError("dm_context_new failed")
        self._ptr = ptr
        self._children = weakref.WeakSet()

    @property
    def _p(self):
        if self._ptr is None:
            raise ValueError("Context is closed")
        return self._ptr

    @property
    def closed(self):
        return self._ptr is None

    def _adopt(self, child):
        self._children.add(child)

    def close(self):
        """Closes every object made with this context, then the context."""
        if self._ptr is None:
            return
        for child in list(self._children):
            child.close()
        ptr, self._ptr = self._ptr, None
        lib.dm_context_free(ptr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    @property
    def last_error(self):
        return lib.dm_context_last_error(self._p).decode("utf-8", "replace")

    # ---- factories -------------------------------------------------------

    def load_regions(self, source=None, layer=None, where=None,
                     name_field="name", code_field="code", source_crs=None,
                     target_crs=None):
        """Administrative units from any GDAL vector source (default: the
        embedded Ukraine admin-1 file)."""
        return Regions._load(self, source, layer, where, name_field,
                             code_field, source_crs, target_crs)

    def load_sources(self, source=None, layer=None, where=None,
                     source_crs=None, **fields):
        """Conflict sources (default: the embedded ones). ``fields`` may
        rename kind_field, class_field, bands_field, zone_field,
        name_field."""
        return Sources._load(self, source, layer, where, source_crs, fields)

    def build_contamination(self, regions, sources, target_share=None,
                            target_km2=None, tolerance=None,
                            quadrant_segments=None, max_iterations=None,
                            front_line_km=None):
        """The contamination model, calibrated to target_km2 (default: the
        land of the 2023 estimate, 160,000 km²) or, given alone, to
        target_share of the national area; both 0 use the bands as given.
        front_line_km: the width of the front-line zone (default 20)."""
        return Contamination._build(self, regions, sources, target_share,
                                    target_km2, tolerance, quadrant_segments,
                                    max_iterations, front_line_km)

    def load_survey(self, regions, source, layer=None, where=None,
                    source_crs=None, class_field="class",
                    status_field="status", zone_field="zone",
                    default_hazard="high", default_state="suspected",
                    default_zone="accessible"):
        """Surveyed hazardous areas (SHA/CHA) overlaid with the regions."""
        return Contamination._survey(
            self, regions, source, layer, where, source_crs, class_field,
            status_field, zone_field, default_hazard, default_state,
            default_zone)

    def new_work(self):
        """An empty work table."""
        return Work._new(self)

    def load_work(self, source, layer=None, where=None, area_unit="km2",
                  regions=None, **fields):
        """A work table from any GDAL table (CSV, GeoPackage …). ``fields``
        may rename code_field, name_field, class_field, zone_field,
        state_field, area_field; area_unit is "km2", "ha" or "m2". With
        ``regions`` (Regions), a region holding more land to work than it
        has (a table in the wrong unit) raises InputError naming the
        row."""
        return Work._load(self, source, layer, where, area_unit, regions,
                          fields)

    def load_scenario(self, path=None, json=None, base_dir="."):
        """A scenario from a JSON file, or from a JSON string (``json=``;
        "extends" then resolves against base_dir)."""
        return Scenario._load(self, path, json, base_dir)

    def default_scenarios(self):
        """Every scenario of the embedded data, sorted by file name."""
        folder = os.path.join(data_dir(), "scenarios")
        return [self.load_scenario(os.path.join(folder, name))
                for name in sorted(os.listdir(folder))
                if name.endswith(".json")]

    def new_record(self):
        """An empty record of observations (Record.add())."""
        return Record._new(self)

    def load_record(self, source=None, layer=None, where=None):
        """A record from any GDAL table, one observation per row (date,
        region, quantity, value, low, high, from, source, note); default:
        the embedded record of Ukraine."""
        return Record._load(self, source, layer, where)

    def calibrate(self, work, scenario, record, particles=500, seed=1,
                  threads=1, max_generations=None, quantile=None,
                  target=None, max_simulations=None, progress=None):
        """Fits the scenario's ranged figures to the record (SMC ABC): a
        Posterior. None leaves the library's default (max_generations
        100, quantile 0.8, target 1, max_simulations 2,000,000).
        ``progress(done, most)`` is called after each generation. The same
        seed gives the same posterior whatever the threads; a record no
        draw can reach raises ComputeError naming the observation."""
        return Posterior._calibrate(self, work, scenario, record, particles,
                                    seed, threads, max_generations, quantile,
                                    target, max_simulations, progress)

    def load_posterior(self, path=None):
        """A posterior that Posterior.write() wrote; default: the embedded
        fit of the baseline to the embedded record."""
        return Posterior._load(self, path)

    def project(self, work, scenario, runs=1, seed=1, threads=1,
                keep_series=False, progress=None, posterior=None):
        """Monte Carlo projection of a work table under a scenario.
        ``keep_series``: True keeps every run's remaining km² per region
        and month (for Projection.remaining_quantile() of a region);
        "counts" keeps them as counts in DM_SUMMARY_BINS bins of each
        region's area (quantiles within one bin; the regions' yearly
        figures are then not kept), for many regions and runs.
        ``progress(done, total)`` is called as runs finish (from the
        library's threads). ``posterior``: a Posterior the runs draw their
        fitted figures from (the months of its record then replay it), or
        "embedded" for Context.load_posterior(); the projection does not
        need it afterwards."""
        return self._with_posterior(posterior, lambda post: (
            Projection._project(self, work, scenario, runs, seed, threads,
                                keep_series, progress, post)))

    def _plan_options(self, asset, from_month, target_share, deadline_months,
                      quantile, zones, runs, seed, threads, posterior):
        """A PlanOptions and what it points to (kept alive by the caller)."""
        o = PlanOptions()
        lib.dm_plan_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        keep = [_b(asset)]
        o.asset = keep[0]
        if from_month is not None:
            o.from_month = _month(from_month)
        if target_share is not None:
            o.target_share = target_share
        o.deadline_months = deadline_months
        if quantile is not None:
            o.quantile = quantile
        o.zones = zones_mask(zones)
        po = ProjectionOptions()
        lib.dm_projection_options_init_size(ctypes.byref(po), ctypes.sizeof(po))
        po.runs = runs
        po.seed = seed
        po.threads = threads
        # Borrowed for the call: `posterior` keeps it alive.
        po.posterior = posterior._p if posterior is not None else None
        keep.append(po)
        o.projection = ctypes.pointer(po)
        return o, keep

    def _with_posterior(self, posterior, call):
        """call(posterior) with a Posterior, None, or the embedded one."""
        if isinstance(posterior, str):
            if posterior != "embedded":
                raise ValueError("posterior %r: a Posterior or 'embedded'"
                                 % (posterior,))
            with self.load_posterior() as embedded:
                return call(embedded)
        return call(posterior)

    def plan_capacity(self, work, scenario, asset=None, from_month=None,
                      target_share=0.80, deadline_months=0, quantile=0.5,
                      runs=1, seed=1, threads=1, posterior=None, zones=0):
        """The smallest number of extra units of ``asset`` (or, without
        one, the smallest multiplier of all capacity) that releases
        target_share of the target land by the deadline at the quantile.
        deadline_months 0: the strategy's deadline (2033-12); zones: the
        target land, a mask or ZONES names (0: the zones open by the
        deadline). A dict; 'feasible' False with a 'reason' when even
        unlimited capacity cannot; 'zones' (the mask), 'target_km2' and
        'deadline' ('YYYY-MM') say what was planned for, and
        'extra_usd_per_year' what the answer spends more a year (P50 of the
        paired difference in cost to the end of the deadline's year; nan
        when not feasible).
        ``posterior``: as for project(), the fitted figures of every
        projection of the search."""
        def call(post):
            o, keep = self._plan_options(asset, from_month, target_share,
                                         deadline_months, quantile, zones,
                                         runs, seed, threads, post)
            r = PlanResult()
            lib.dm_plan_result_init_size(ctypes.byref(r), ctypes.sizeof(r))
            lib.dm_plan_capacity(self._p, work._p, scenario._p,
                                 ctypes.byref(o), ctypes.byref(r))
            del keep
            return {"feasible": bool(r.feasible),
                    "extra_units": r.extra_units,
                    "multiplier": r.multiplier, "months": r.months,
                    "months_one_step_less": r.months_one_step_less,
                    "share_by_deadline": r.share_by_deadline,
                    "zones": r.zones, "target_km2": r.target_km2,
                    "deadline": month_text(r.deadline),
                    "extra_usd_per_year": r.extra_usd_per_year,
                    "from_month": month_text(r.from_month),
                    "projections": r.projections,
                    "reason": r.reason.decode("utf-8", "replace")}
        return self._with_posterior(posterior, call)

    def plan_rank(self, work, scenario, deadline_months=0, zones=0,
                  from_month=None, runs=1, seed=1, threads=1,
                  posterior=None):
        """What US$1 m a year spent on more of each asset buys: for every
        asset, the projection again with the units US$1 m a year buys added
        from from_month (None: the month after the posterior's record, else
        the start), paired with the scenario as it is (the same seed). A
        list of dicts in rank order (most km² released by the end of the
        deadline's year first): asset (its index), name, usd_per_unit_year,
        units_per_musd, usd_per_km2 (P50 over the runs), km2_by_deadline
        (more km² of the target land, P50 of the paired difference),
        months_saved_80 and months_saved_100 (on the land open at the
        start; inf when only the extra reaches it, nan when neither does).
        deadline_months, zones and posterior as for plan_capacity()."""
        def call(post):
            o, keep = self._plan_options(None, from_month, None,
                                         deadline_months, None, zones, runs,
                                         seed, threads, post)
            count = max(lib.dm_scenario_asset_count(self._p, scenario._p), 1)
            values = (AssetRank * count)()
            for v in values:
                lib.dm_asset_rank_init_size(ctypes.byref(v), ctypes.sizeof(v))
            n = ctypes.c_size_t()
            lib.dm_plan_rank(self._p, work._p, scenario._p, ctypes.byref(o),
                             values, count, ctypes.byref(n))
            del keep
            out = []
            for v in values[:min(n.value, count)]:
                d = {name: getattr(v, name)
                     for name, _ in AssetRank._fields_[1:]}
                d["name"] = v.name.decode("utf-8")
                out.append(d)
            return out
        return self._with_posterior(posterior, call)

    @staticmethod
    def _chart_options(width, height, title, format, end=None):
        """A ChartOptions with the common fields and the strings it points
        to (kept alive by the caller)."""
        o = ChartOptions()
        lib.dm_chart_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        o.width, o.height = width, height
        keep = [_b(title), _b(format)]
        o.title, o.format = keep
        o.region = NATIONAL
        if end is not None:
            o.end_month = _month(end)
        return o, keep

    @staticmethod
    def _projections(projections, labels):
        """The C arrays of handles and labels (None: the defaults) and the
        labels' bytes (kept alive by the caller)."""
        projections = list(projections)
        n = len(projections)
        handles = (ctypes.c_void_p * max(n, 1))(*[p._p for p in projections])
        keep = None
        names = None
        if labels is not None:
            keep = [_b(x) for x in labels]
            names = (ctypes.c_char_p * max(n, 1))(*keep)
        return projections, handles, names, keep

    def render_burndown(self, projections, path, labels=None, width=1400,
                        height=800, title=None, target_share=0.80,
                        target_month=STRATEGY_DEADLINE, format=None,
                        record=None, end=None, region=None):
        """The burn-down chart of one or more projections (PNG or SVG).
        ``record``: a Record whose national remaining_km2 observations are
        drawn as points with their ranges; ``end``: the last month drawn
        ('YYYY-MM'; None: the projections' end); ``region``: the land drawn
        (None: the nation; zones(…) or a region whose series the
        projections kept, code or index; the record's points only for the
        nation). The months the first projection replays the record are
        shaded."""
        projections, handles, names, keep = self._projections(projections,
                                                              labels)
        o, strings = self._chart_options(width, height, title, format, end)
        o.target_share = target_share
        o.target_month = _month(target_month)
        # The record is borrowed for the call: `record` keeps it alive.
        o.record = record._p if record is not None else None
        if region is not None:
            o.region = (projections[0]._region(region) if projections
                        else region)
        lib.dm_render_burndown(self._p, handles, names, len(projections),
                               _b(path), ctypes.byref(o))

    def render_comparison(self, projections, path, labels=None, width=1400,
                          height=800, title=None, format=None, end=None):
        """The comparison of scenarios against the first (all projected
        with the same seed and runs): the change each other one makes in
        years to 80, 95 and 100 % released of the land open at the start
        (P50 bars with P10-P90), beside the burn-down of that land for
        every scenario. PNG or SVG; ``end``: the last month drawn."""
        projections, handles, names, keep = self._projections(projections,
                                                              labels)
        o, strings = self._chart_options(width, height, title, format, end)
        lib.dm_render_comparison(self._p, handles, names, len(projections),
                                 _b(path), ctypes.byref(o))

    def render_sensitivity(self, projection, measure, path, region=None,
                           year=None, top=15, width=1400, height=800,
                           title=None, format=None):
        """What drives a measure (MEASURES name) of a projection, as a
        tornado chart of the ``top`` figures with the largest |PRCC|
        (Projection.sensitivity()). PNG or SVG."""
        o, strings = self._chart_options(width, height, title, format)
        lib.dm_render_sensitivity(self._p, projection._p,
                                  projection._region(region),
                                  _measure(measure), _year(year), top,
                                  _b(path), ctypes.byref(o))


    def write_report(self, projections, path, labels=None, scenarios=None,
                     scenario_files=None, versus=0, regions=None,
                     contamination=None, work_file=None, record=None,
                     record_file=None, posterior=None, posterior_file=None,
                     ranks=None, rank_runs=0, by=(2026, 2030, 2033),
                     title=None):
        """One self-contained HTML page of the projections (as
        demine-project's report.html): the question and inputs, the map
        (``regions`` and ``contamination``, both or neither), the fit to
        ``record``/``posterior``, the burn-downs, the comparison with
        projections[versus] (comparison.csv's figures), what each asset
        buys (``ranks``: Context.plan_rank()'s list, of ``rank_runs``
        runs; 0: the projections'), what drives the
        answer, each region, and how to read it. Written whole or not at
        all; the same inputs make the same bytes."""
        projections, handles, names, keep = self._projections(projections,
                                                              labels)
        o = ReportOptions()
        lib.dm_report_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        n = len(projections)
        strings = [_b(title), _b(work_file), _b(record_file),
                   _b(posterior_file)]
        o.title, o.work_file, o.record_file, o.posterior_file = strings
        o.labels = names
        if scenarios is not None:
            sc = (ctypes.c_void_p * max(n, 1))(*[x._p for x in scenarios])
            o.scenarios = sc
        if scenario_files is not None:
            files = [_b(f) for f in scenario_files]
            o.scenario_files = (ctypes.c_char_p * max(n, 1))(*files)
        o.versus = versus
        o.regions = regions._p if regions is not None else None
        o.contamination = (contamination._p if contamination is not None
                           else None)
        o.record = record._p if record is not None else None
        o.posterior = posterior._p if posterior is not None else None
        rank_names = []
        if ranks:
            values = (AssetRank * len(ranks))()
            for v, r in zip(values, ranks):
                lib.dm_asset_rank_init_size(ctypes.byref(v), ctypes.sizeof(v))
                for name, _ in AssetRank._fields_[1:]:
                    if name != "name":
                        setattr(v, name, r[name])
                rank_names.append(_b(r["name"]))
                v.name = rank_names[-1]
            o.ranks, o.rank_count = values, len(ranks)
        o.rank_runs = rank_runs
        years = (ctypes.c_int * max(len(by), 1))(*by)
        o.by_years, o.by_count = years, len(by)
        lib.dm_report_write(self._p, handles, n, _b(path), ctypes.byref(o))


class Regions(_Handle):
    """Administrative units in an equal-area CRS. Iterates as Region
    records (code, name, area_km2, bounds)."""

    _free = lib.dm_regions_free

    @classmethod
    def _load(cls, ctx, source, layer, where, name_field, code_field,
              source_crs, target_crs):
        if source is None:
            source = os.path.join(data_dir(), DEFAULT_BOUNDARIES)
        o = RegionsOptions()
        lib.dm_regions_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        keep = [_b(x) for x in (layer, where, name_field, code_field,
                                source_crs, target_crs)]
        (o.layer, o.where, o.name_field, o.code_field, o.source_crs,
         o.target_crs) = keep
        out = ctypes.c_void_p()
        lib.dm_regions_load(ctx._p, _b(source), ctypes.byref(o),
                            ctypes.byref(out))
        return cls(ctx, out.value)

    def __len__(self):
        return lib.dm_regions_count(self._c, self._p)

    def _record(self, i):
        km2 = ctypes.c_double()
        b = (ctypes.c_double * 4)()
        lib.dm_regions_area_km2(self._c, self._p, i, ctypes.byref(km2))
        lib.dm_regions_bounds(self._c, self._p, i, ctypes.byref(b))
        return Region(lib.dm_regions_code(self._c, self._p, i),
                      lib.dm_regions_name(self._c, self._p, i), km2.value,
                      tuple(b))

    def __getitem__(self, key):
        """A Region by index or by code."""
        if isinstance(key, str):
            key = self.find(key)
        if not isinstance(key, int):
            raise TypeError("index or code expected")
        n = len(self)
        if key < 0:
            key += n
        if not 0 <= key < n:
            raise IndexError("region index %d out of range (%d)" % (key, n))
        return self._record(key)

    def __iter__(self):
        for i in range(len(self)):
            yield self._record(i)

    def find(self, code):
        """The index of the unit with this code; KeyError-like UsageError
        (DM_ERR_NOT_FOUND) when none."""
        i = ctypes.c_size_t()
        lib.dm_regions_find(self._c, self._p, _b(code), ctypes.byref(i))
        return i.value

    @property
    def total_area_km2(self):
        """Area of the national outline (the union of all units)."""
        v = ctypes.c_double()
        lib.dm_regions_total_area_km2(self._c, self._p, ctypes.byref(v))
        return v.value

    @property
    def total_bounds(self):
        b = (ctypes.c_double * 4)()
        lib.dm_regions_total_bounds(self._c, self._p, ctypes.byref(b))
        return tuple(b)

    @property
    def crs_wkt(self):
        return lib.dm_regions_crs_wkt(self._c, self._p)

    @property
    def repaired_count(self):
        return lib.dm_regions_repaired_count(self._c, self._p)

    def repairs(self):
        """Boundary features that were invalid and repaired, with their
        area as drawn and once valid (list of dicts)."""
        return _repairs(self, lib.dm_regions_repaired_count,
                        lib.dm_regions_repair)


class Sources(_Handle):
    """Conflict sources. Iterates as Source records."""

    _free = lib.dm_sources_free

    @classmethod
    def _load(cls, ctx, source, layer, where, source_crs, fields):
        if source is None:
            source = os.path.join(data_dir(), DEFAULT_SOURCES)
        o = SourcesOptions()
        lib.dm_sources_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        keep = [_b(layer), _b(where), _b(source_crs)]
        o.layer, o.where, o.source_crs = keep
        for name, value in fields.items():
            if name not in ("kind_field", "class_field", "bands_field",
                            "zone_field", "name_field"):
                raise TypeError("unknown option %r" % name)
            keep.append(_b(value))
            setattr(o, name, keep[-1])
        out = ctypes.c_void_p()
        lib.dm_sources_load(ctx._p, _b(source), ctypes.byref(o),
                            ctypes.byref(out))
        return cls(ctx, out.value)

    def __len__(self):
        return lib.dm_sources_count(self._c, self._p)

    def __iter__(self):
        for i in range(len(self)):
            info = SourceInfo()
            lib.dm_source_info_init_size(ctypes.byref(info), ctypes.sizeof(info))
            lib.dm_sources_info(self._c, self._p, i, ctypes.byref(info))
            yield Source(SOURCE_KINDS[info.kind], HAZARDS[info.hazard],
                         ZONES[info.zone],
                         tuple(info.bands_km[k]
                               for k in range(info.band_count)),
                         info.name.decode("utf-8"), bool(info.has_geometry))


class Contamination(_Handle):
    """Contaminated area per region × class × zone × state."""

    _free = lib.dm_contamination_free

    @classmethod
    def _build(cls, ctx, regions, sources, target_share, target_km2,
               tolerance, quadrant_segments, max_iterations, front_line_km):
        o = ContaminationOptions()
        lib.dm_contamination_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        if target_share is not None:
            o.target_share = target_share
            if target_km2 is None:
                o.target_km2 = 0.0  # a share given alone replaces the area
        if front_line_km is not None:
            o.front_line_km = front_line_km
        if target_km2 is not None:
            o.target_km2 = target_km2
        if tolerance is not None:
            o.tolerance = tolerance
        if quadrant_segments is not None:
            o.quadrant_segments = quadrant_segments
        if max_iterations is not None:
            o.max_iterations = max_iterations
        out = ctypes.c_void_p()
        lib.dm_contamination_build(ctx._p, regions._p, sources._p,
                                   ctypes.byref(o), ctypes.byref(out))
        return cls(ctx, out.value)

    @classmethod
    def _survey(cls, ctx, regions, source, layer, where, source_crs,
                class_field, status_field, zone_field, default_hazard,
                default_state, default_zone):
        o = SurveyOptions()
        lib.dm_survey_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        keep = [_b(x) for x in (layer, where, source_crs, class_field,
                                status_field, zone_field)]
        (o.layer, o.where, o.source_crs, o.class_field, o.status_field,
         o.zone_field) = keep
        o.default_hazard = _index(HAZARDS, default_hazard, "hazard class")
        o.default_state = _index(STATES, default_state, "state")
        o.default_zone = _index(ZONES, default_zone, "zone")
        out = ctypes.c_void_p()
        lib.dm_contamination_load_survey(ctx._p, regions._p, _b(source),
                                         ctypes.byref(o), ctypes.byref(out))
        return cls(ctx, out.value)

    def __len__(self):
        return lib.dm_contamination_region_count(self._c, self._p)

    def _double(self, fn, *args):
        v = ctypes.c_double()
        fn(self._c, self._p, *args, ctypes.byref(v))
        return v.value

    def area_km2(self, region, hazard, zone="accessible",
                 state="suspected"):
        """km² of one cell; region by index or code."""
        if isinstance(region, str):
            region = self._find(region)
        return self._double(lib.dm_contamination_area_km2, region,
                            _index(HAZARDS, hazard, "hazard class"),
                            _index(ZONES, zone, "zone"),
                            _index(STATES, state, "state"))

    def _find(self, code):
        for i in range(len(self)):
            if lib.dm_contamination_region_code(self._c, self._p, i) == code:
                return i
        raise KeyError(code)

    def _record(self, i):
        by = dict.fromkeys(HAZARDS, 0.0)
        front = occupied = confirmed = 0.0
        for h in range(len(HAZARDS)):
            for z in range(len(ZONES)):
                for s in range(len(STATES)):
                    km2 = self._double(lib.dm_contamination_area_km2, i, h, z,
                                       s)
                    by[HAZARDS[h]] += km2
                    occupied += km2 if ZONES[z] == "occupied" else 0.0
                    front += km2 if ZONES[z] == "front_line" else 0.0
                    confirmed += km2 if s == 1 else 0.0
        return ContaminatedRegion(
            lib.dm_contamination_region_code(self._c, self._p, i),
            lib.dm_contamination_region_name(self._c, self._p, i),
            self._double(lib.dm_contamination_region_km2, i),
            self._double(lib.dm_contamination_region_share, i),
            by["high"], by["medium"], by["low"], front, occupied,
            confirmed)

    def __iter__(self):
        for i in range(len(self)):
            yield self._record(i)

    def __getitem__(self, key):
        if isinstance(key, str):
            key = self._find(key)
        if not 0 <= key < len(self):
            raise IndexError(key)
        return self._record(key)

    @property
    def total_km2(self):
        return self._double(lib.dm_contamination_total_km2)

    @property
    def total_share(self):
        return self._double(lib.dm_contamination_total_share)

    def class_km2(self, hazard, zone="accessible"):
        return self._double(lib.dm_contamination_class_km2,
                            _index(HAZARDS, hazard, "hazard class"),
                            _index(ZONES, zone, "zone"))

    @property
    def calibration(self):
        """(factor, iterations): the band scale factor and the steps."""
        f = ctypes.c_double()
        it = ctypes.c_int()
        lib.dm_contamination_calibration(self._c, self._p, ctypes.byref(f),
                                         ctypes.byref(it))
        return f.value, it.value

    @property
    def outside_km2(self):
        return self._double(lib.dm_contamination_outside_km2)

    def repairs(self):
        """Survey polygons that were invalid and repaired, with their area
        as drawn and once valid (list of dicts)."""
        return _repairs(self, lib.dm_contamination_repaired_count,
                        lib.dm_contamination_repair)

    def work_table(self):
        """The Work table of its areas."""
        out = ctypes.c_void_p()
        lib.dm_work_from_contamination(self._c, self._p, ctypes.byref(out))
        return Work(self._ctx, out.value)

    def write(self, path, driver=None, layer="contamination", lonlat=False):
        """Writes the polygons (GeoPackage, GeoJSON …), whole or not at
        all: in the equal-area CRS, or in longitude, latitude (EPSG:4326)
        with lonlat=True; GeoJSON is always longitude, latitude (RFC
        7946)."""
        o = WriteOptions()
        lib.dm_write_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        keep = [_b(driver), _b(layer)]
        o.driver, o.layer = keep
        o.lonlat = 1 if lonlat else 0
        lib.dm_contamination_write(self._c, self._p, _b(path),
                                   ctypes.byref(o))

    def render_map(self, regions, path, width=1600, height=1100,
                   labels="code", title=None, attribution=None,
                   format=None):
        """Draws the map as PNG or SVG."""
        o = MapOptions()
        lib.dm_map_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        o.width, o.height = width, height
        o.labels = _index(MAP_LABELS, labels, "label kind")
        keep = [_b(title), _b(attribution), _b(format)]
        o.title, o.attribution, o.format = keep
        lib.dm_render_map(self._c, regions._p, self._p, _b(path),
                          ctypes.byref(o))


class Work(_Handle):
    """The work table: km² per region × class × zone × state."""

    _free = lib.dm_work_free

    @classmethod
    def _new(cls, ctx):
        out = ctypes.c_void_p()
        lib.dm_work_new(ctx._p, ctypes.byref(out))
        return cls(ctx, out.value)

    _UNITS = {"km2": 1.0, "ha": 0.01, "m2": 1e-6}

    @classmethod
    def _load(cls, ctx, source, layer, where, area_unit, regions, fields):
        o = WorkLoadOptions()
        lib.dm_work_load_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        keep = [_b(layer), _b(where)]
        o.layer, o.where = keep
        if area_unit not in cls._UNITS:
            raise ValueError("unknown area unit %r (km2, ha or m2)"
                             % (area_unit,))
        o.area_unit_km2 = cls._UNITS[area_unit]
        o.regions = regions._p if regions is not None else None
        for name, value in fields.items():
            if name not in ("code_field", "name_field", "class_field",
                            "zone_field", "state_field", "area_field"):
                raise TypeError("unknown option %r" % name)
            keep.append(_b(value))
            setattr(o, name, keep[-1])
        out = ctypes.c_void_p()
        lib.dm_work_load(ctx._p, _b(source), ctypes.byref(o),
                         ctypes.byref(out))
        return cls(ctx, out.value)

    def add(self, code, km2, hazard="high", zone="accessible",
            state="suspected", name=None):
        lib.dm_work_add(self._c, self._p, _b(code), _b(name),
                        _index(HAZARDS, hazard, "hazard class"),
                        _index(ZONES, zone, "zone"),
                        _index(STATES, state, "state"), float(km2))

    def __len__(self):
        return lib.dm_work_region_count(self._c, self._p)

    @property
    def codes(self):
        return [lib.dm_work_region_code(self._c, self._p, i)
                for i in range(len(self))]

    def find(self, code):
        """The index of the region with this code (UsageError if none)."""
        i = ctypes.c_size_t()
        lib.dm_work_find(self._c, self._p, _b(code), ctypes.byref(i))
        return i.value

    def region_total_km2(self, region):
        """km² of one region (index or code), every cell."""
        if isinstance(region, str):
            region = self.find(region)
        v = ctypes.c_double()
        lib.dm_work_region_total_km2(self._c, self._p, region,
                                     ctypes.byref(v))
        return v.value

    def area_km2(self, region, hazard, zone="accessible", state="suspected"):
        if isinstance(region, str):
            region = self.find(region)
        v = ctypes.c_double()
        lib.dm_work_area_km2(self._c, self._p, region,
                             _index(HAZARDS, hazard, "hazard class"),
                             _index(ZONES, zone, "zone"),
                             _index(STATES, state, "state"),
                             ctypes.byref(v))
        return v.value

    @property
    def total_km2(self):
        v = ctypes.c_double()
        lib.dm_work_total_km2(self._c, self._p, ctypes.byref(v))
        return v.value


class Scenario(_Handle):
    """A clearance scenario read from JSON."""

    _free = lib.dm_scenario_free

    @classmethod
    def _load(cls, ctx, path, json, base_dir):
        out = ctypes.c_void_p()
        if (path is None) == (json is None):
            raise TypeError("give a path or json=, not both")
        if json is not None:
            lib.dm_scenario_load_string(ctx._p, _b(json), _b(base_dir),
                                        ctypes.byref(out))
        else:
            lib.dm_scenario_load(ctx._p, _b(path), ctypes.byref(out))
        return cls(ctx, out.value)

    @property
    def name(self):
        return lib.dm_scenario_name(self._c, self._p)

    @property
    def description(self):
        """Its "description" ('' when it has none)."""
        return lib.dm_scenario_description(self._c, self._p)

    @property
    def start(self):
        """The start month as 'YYYY-MM'."""
        m = ctypes.c_int()
        lib.dm_scenario_start(self._c, self._p, ctypes.byref(m))
        return month_text(m.value)

    @property
    def horizon(self):
        """The horizon in months."""
        return lib.dm_scenario_horizon(self._c, self._p)

    @property
    def assets(self):
        """[(name, kind)] of its assets."""
        out = []
        for i in range(lib.dm_scenario_asset_count(self._c, self._p)):
            kind = ctypes.c_int()
            lib.dm_scenario_asset_kind(self._c, self._p, i, ctypes.byref(kind))
            out.append((lib.dm_scenario_asset_name(self._c, self._p, i),
                        ASSET_KINDS[kind.value]))
        return out

    @property
    def ranged_count(self):
        """How many of its numbers are triangular ranges."""
        return lib.dm_scenario_ranged_count(self._c, self._p)

    def open_zones(self, month):
        """The zones open at a month ('YYYY-MM' or DM_MONTH()) as a mask
        of zone_bit()s."""
        mask = ctypes.c_uint()
        lib.dm_scenario_open_zones(self._c, self._p, _month(month),
                                   ctypes.byref(mask))
        return mask.value

    def find_asset(self, name):
        """The index of the asset with this name (UsageError if none)."""
        i = ctypes.c_size_t()
        lib.dm_scenario_find_asset(self._c, self._p, _b(name), ctypes.byref(i))
        return i.value

    def units(self, asset, month):
        """Units of an asset (index or name) on its schedule in a month
        ('YYYY-MM'), at the mode of any range."""
        if isinstance(asset, str):
            asset = self.find_asset(asset)
        v = ctypes.c_double()
        lib.dm_scenario_asset_units(self._c, self._p, asset,
                                    month_number(month), ctypes.byref(v))
        return v.value


class Projection(_Handle):
    """Monthly land release under a scenario, over Monte Carlo runs.
    Regions are addressed by index, code, or None for the nation."""

    _free = lib.dm_projection_free

    @classmethod
    def _project(cls, ctx, work, scenario, runs, seed, threads, keep_series,
                 progress, posterior=None):
        o = ProjectionOptions()
        lib.dm_projection_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        o.runs, o.seed, o.threads = runs, seed, threads
        if keep_series not in (False, True, "counts"):
            raise ValueError("keep_series: False, True or 'counts', not %r"
                             % (keep_series,))
        o.keep_series = 1 if keep_series else 0
        o.region_summaries = 1 if keep_series == "counts" else 0
        # Borrowed for the call (`posterior` keeps it alive); the
        # projection copies what it needs of it.
        o.posterior = posterior._p if posterior is not None else None
        callback = None
        if progress is not None:
            # Kept referenced for the whole call (ctypes callbacks die with
            # their Python object).
            callback = PROGRESS_FN(lambda done, total, _: progress(done,
                                                                   total))
            o.progress = callback
        out = ctypes.c_void_p()
        lib.dm_project(ctx._p, work._p, scenario._p, ctypes.byref(o),
                       ctypes.byref(out))
        del callback
        p = cls(ctx, out.value)
        p.scenario_name = scenario.name
        return p

    def _region(self, region):
        if region is None:
            return NATIONAL
        if isinstance(region, str):
            codes = self.regions
            if region not in codes:
                raise KeyError(region)
            return codes.index(region)
        return region

    @property
    def runs(self):
        return lib.dm_projection_runs(self._c, self._p)

    @property
    def seed(self):
        """The seed its runs were drawn with."""
        return lib.dm_projection_seed(self._c, self._p)

    @property
    def months(self):
        return lib.dm_projection_months(self._c, self._p)

    @property
    def start(self):
        m = ctypes.c_int()
        lib.dm_projection_start(self._c, self._p, ctypes.byref(m))
        return month_text(m.value)

    @property
    def replay_months(self):
        """The months from the start that replay the record: those up to
        the last month of the posterior's record; 0 without a posterior.
        remaining()[replay_months] is what remains at the replay's end."""
        return lib.dm_projection_replay_months(self._c, self._p)

    @property
    def regions(self):
        """Region codes, in the work table's order."""
        return [lib.dm_projection_region_code(self._c, self._p, i)
                for i in range(lib.dm_projection_region_count(self._c,
                                                              self._p))]

    def area_km2(self, region=None):
        v = ctypes.c_double()
        lib.dm_projection_area_km2(self._c, self._p, self._region(region),
                                   ctypes.byref(v))
        return v.value

    def months_to(self, milestone=80, run=0, region=None):
        """Months to release 80, 95 or 100 % in one run; inf when not
        within the horizon."""
        v = ctypes.c_double()
        lib.dm_projection_months_to(self._c, self._p, self._region(region),
                                    MILESTONES.index(milestone), run,
                                    ctypes.byref(v))
        return v.value

    def months_quantile(self, milestone=80, q=0.5, region=None):
        v = ctypes.c_double()
        lib.dm_projection_months_quantile(self._c, self._p,
                                          self._region(region),
                                          MILESTONES.index(milestone), q,
                                          ctypes.byref(v))
        return v.value

    def cost_quantile(self, q=0.5, region=None):
        v = ctypes.c_double()
        lib.dm_projection_cost_quantile(self._c, self._p,
                                        self._region(region), q,
                                        ctypes.byref(v))
        return v.value

    def summary(self, region=None):
        """A dict: code, name, area_km2, months_to {80, 95, 100: {p10, p50,
        p90}}, cost_usd {p10, p50, p90}. inf: not within the horizon."""
        r = self._region(region)
        out = {"code": None if r == NATIONAL else
               lib.dm_projection_region_code(self._c, self._p, r),
               "name": "national" if r == NATIONAL else
               lib.dm_projection_region_name(self._c, self._p, r),
               "area_km2": self.area_km2(region), "months_to": {},
               "cost_usd": {}}
        for m in MILESTONES:
            out["months_to"][m] = {
                "p%d" % (q * 100): self.months_quantile(m, q, region)
                for q in (0.1, 0.5, 0.9)}
        out["cost_usd"] = {"p%d" % (q * 100): self.cost_quantile(q, region)
                           for q in (0.1, 0.5, 0.9)}
        return out

    def series(self, name, region=None):
        """The mean over the runs of a monthly series (SERIES names),
        horizon + 1 values."""
        values = ctypes.POINTER(ctypes.c_double)()
        count = ctypes.c_size_t()
        lib.dm_projection_series(self._c, self._p, self._region(region),
                                 SERIES.index(name), ctypes.byref(values),
                                 ctypes.byref(count))
        return _array(values[:count.value])

    def drop_series(self):
        """Frees the per-region series of every run (keep_series), keeping
        the national series and the summaries."""
        lib.dm_projection_drop_series(self._c, self._p)

    def remaining(self, q=0.5, region=None):
        """Quantile q over the runs of the remaining area each month."""
        n = self.months + 1
        buf = (ctypes.c_double * n)()
        lib.dm_projection_remaining_quantile(self._c, self._p,
                                             self._region(region), q, buf, n)
        return _array(buf)

    # ---- zones, measures, paired changes, sensitivity ---------------------

    def open_zones(self, month=None):
        """The zones open at a month ('YYYY-MM' or DM_MONTH(); None: the
        start) as a mask of zone_bit()s; zones_region() of it is their
        land (the land open at the start: open_region())."""
        m = _month(month) if month is not None else month_number(self.start)
        mask = ctypes.c_uint()
        lib.dm_projection_open_zones(self._c, self._p, m, ctypes.byref(mask))
        return mask.value

    def open_region(self, month=None):
        """The region index of the land of the zones open at a month (None:
        the start), for the methods that take a region."""
        return zones_region(self.open_zones(month))

    def years(self):
        """(first, last): the calendar years it covers, those a measure
        of YEAR_MEASURES takes."""
        first, last = ctypes.c_int(), ctypes.c_int()
        lib.dm_projection_years(self._c, self._p, ctypes.byref(first),
                                ctypes.byref(last))
        return first.value, last.value

    def measure(self, measure, region=None, year=None):
        """A measure (MEASURES name or dm_measure value) in every run: an
        array of runs values (a list without NumPy); inf for a milestone
        not reached, nan for a cost per km² of nothing. ``year``: the
        calendar year of the YEAR_MEASURES, ignored by the others."""
        m, r, y = _measure(measure), self._region(region), _year(year)
        v = ctypes.c_double()
        out = []
        for run in range(self.runs):
            lib.dm_projection_measure(self._c, self._p, r, m, y, run,
                                      ctypes.byref(v))
            out.append(v.value)
        return _array(out)

    def measure_quantile(self, measure, q=0.5, region=None, year=None):
        """Quantile q of a measure over the runs (linear between order
        statistics; runs where it is nan left out)."""
        v = ctypes.c_double()
        lib.dm_projection_measure_quantile(self._c, self._p,
                                           self._region(region),
                                           _measure(measure), _year(year), q,
                                           ctypes.byref(v))
        return v.value

    def measure_quantiles(self, measure, region=None, year=None, q=_P):
        """{"p10", "p50", "p90"} of a measure over the runs."""
        return _quantile_dict(
            lambda x: self.measure_quantile(measure, x, region, year), q)

    def yearly_cost(self, region=None, q=_P):
        """US$ spent in each calendar year: {year: {"p10", "p50",
        "p90"}} over the runs."""
        first, last = self.years()
        return {y: self.measure_quantiles("cost_usd_in", region, y, q)
                for y in range(first, last + 1)}

    def change_quantile(self, other, measure, q=0.5, region=None, year=None):
        """(value, runs): quantile q over the runs of the paired difference
        of a measure, ``other`` minus this projection, run by run (both
        projected with the same seed and runs); runs: how many have a
        difference. A run where only ``other`` reaches a milestone counts
        as -inf, only this one as +inf, neither: no difference."""
        v, n = ctypes.c_double(), ctypes.c_size_t()
        lib.dm_projection_change_quantile(self._c, self._p, other._p,
                                          self._region(region),
                                          _measure(measure), _year(year), q,
                                          ctypes.byref(v), ctypes.byref(n))
        return v.value, n.value

    def change(self, other, measure, region=None, year=None, q=_P):
        """{"p10", "p50", "p90", "runs"} of the paired difference of a
        measure, ``other`` minus this projection (change_quantile())."""
        out, runs = {}, 0
        for x in q:
            out[_pname(x)], runs = self.change_quantile(other, measure, x,
                                                        region, year)
        out["runs"] = runs
        return out

    def params(self):
        """The key paths of the scenario's numeric figures its runs drew
        ("assets[deminers].productivity_m2_per_day"), fixed or ranged."""
        return [lib.dm_projection_param_name(self._c, self._p, i)
                for i in range(lib.dm_projection_param_count(self._c,
                                                             self._p))]

    def param_values(self):
        """Each run's value of each figure: runs × len(params()) (a NumPy
        array; a list of lists without NumPy)."""
        count = lib.dm_projection_param_count(self._c, self._p)
        v = ctypes.c_double()
        rows = []
        for run in range(self.runs):
            row = []
            for i in range(count):
                lib.dm_projection_param_value(self._c, self._p, i, run,
                                              ctypes.byref(v))
                row.append(v.value)
            rows.append(row)
        return _matrix(rows, count)

    def sensitivity(self, measure, region=None, year=None):
        """What drives a measure: {figure's key path: PRCC} (partial rank
        correlation over the runs, -1 to 1; 0 for a figure that does not
        vary; nan for all when the measure does not vary), in params()
        order. Needs at least as many runs as varying figures plus 3."""
        names = self.params()
        buf = (ctypes.c_double * max(len(names), 1))()
        lib.dm_projection_sensitivity(self._c, self._p, self._region(region),
                                      _measure(measure), _year(year), buf,
                                      len(buf))
        return dict(zip(names, buf))


    def drivers(self, measure, region=None, year=None):
        """What drives a measure, ranked: [(figure's key path, PRCC)] of
        the figures with an effect, largest |PRCC| first (ties in params()
        order); [] when none has one. Raises when the measure does not
        vary over the runs."""
        count = lib.dm_projection_param_count(self._c, self._p)
        order = (ctypes.c_size_t * max(count, 1))()
        prcc = (ctypes.c_double * max(count, 1))()
        n = ctypes.c_size_t()
        lib.dm_projection_drivers(self._c, self._p, self._region(region),
                                  _measure(measure), _year(year), order,
                                  prcc, count, ctypes.byref(n))
        names = self.params()
        return [(names[order[i]], prcc[i]) for i in range(n.value)]

    def comparison(self, other, region=None, by=(2026, 2030, 2033)):
        """The figures of comparison.csv for ``other`` against this
        projection on one land: a list of dicts, one per compared measure
        (and year of ``by`` for released_km2_by) in the file's order, each
        with measure, year (None but for released_km2_by), unit, change_p10,
        change_p50, change_p90 (the paired change), paired_runs, versus_p50
        and scenario_p50, in the unit (years, km2, usd_million,
        usd_per_km2); nan where there is none."""
        out = []
        for measure, unit, scale, _ in compared_measures():
            years = by if measure == "released_km2_by" else (None,)
            for y in years:
                change = (ctypes.c_double * 3)()
                runs = ctypes.c_size_t()
                a, b = ctypes.c_double(), ctypes.c_double()
                lib.dm_projection_compare(
                    self._c, self._p, other._p, self._region(region),
                    _measure(measure), _year(y), change, ctypes.byref(runs),
                    ctypes.byref(a), ctypes.byref(b))
                out.append({"measure": measure, "year": y, "unit": unit,
                            "change_p10": change[0] * scale,
                            "change_p50": change[1] * scale,
                            "change_p90": change[2] * scale,
                            "paired_runs": runs.value,
                            "versus_p50": a.value * scale,
                            "scenario_p50": b.value * scale})
        lib.dm_context_clear_error(self._c)
        return out


def compared_measures():
    """The measures a comparison gives (comparison.csv's, in its order):
    [(measure name, unit, scale from the measure's own unit, label)]."""
    out, i = [], 0
    while True:
        m, unit, scale, label = (ctypes.c_int(), ctypes.c_char_p(),
                                 ctypes.c_double(), ctypes.c_char_p())
        if lib.dm_compared_measure(i, ctypes.byref(m), ctypes.byref(unit),
                                   ctypes.byref(scale),
                                   ctypes.byref(label)) != 0:
            return out
        out.append((lib.dm_measure_name(m.value).decode("ascii"),
                    unit.value.decode("ascii"), scale.value,
                    label.value.decode("utf-8")))
        i += 1


# The changes compare() gives: its key, the measure, and a scale.
_COMPARED = (("years_to_80", "months_to_80", 1 / 12),
             ("years_to_95", "months_to_95", 1 / 12),
             ("years_to_100", "months_to_100", 1 / 12),
             ("cost_usd", "cost_usd", 1),
             ("usd_per_km2_released", "usd_per_km2_released", 1),
             ("usd_per_km2_cleared", "usd_per_km2_cleared", 1))


def compare(base, other, region=None, by=(2026, 2030, 2033)):
    """The change ``other`` makes against ``base``, two projections of the
    same seed and runs, run by run: for each of years_to_80, years_to_95,
    years_to_100 (the change in years; -inf: only other reaches it, inf:
    only base does), cost_usd, usd_per_km2_released, usd_per_km2_cleared,
    and released_km2_by {year: …} for each year of ``by`` (km² released by
    its end), a dict {"p10", "p50", "p90", "runs"} (the quantiles of the
    paired differences, runs: those that have one). region: a region code
    or index, zones(…), base.open_region() (the land open at the start)
    or None (the nation)."""
    out = {}
    for key, measure, scale in _COMPARED:
        if key == "cost_usd":
            out["released_km2_by"] = {
                y: base.change(other, "released_km2_by", region, y)
                for y in by}
        d = base.change(other, measure, region)
        for p in ("p10", "p50", "p90"):
            d[p] *= scale
        out[key] = d
    return out


def _text(raw):
    """A borrowed C string as str; None for NULL or empty."""
    return raw.decode("utf-8", "replace") if raw else None


def _observation(o, where):
    """An Observation from a filled dm_observation."""
    return Observation(month_text(o.month),
                       month_text(o.from_month) if o.from_month else None,
                       o.region.decode("utf-8"), o.quantity.decode("ascii"),
                       o.value, o.low, o.high, _text(o.source), _text(o.note),
                       where)


class Record(_Handle):
    """Dated observations of land release. Iterates as Observation
    records, in the order they were added or read."""

    _free = lib.dm_record_free

    @classmethod
    def _new(cls, ctx):
        out = ctypes.c_void_p()
        lib.dm_record_new(ctx._p, ctypes.byref(out))
        return cls(ctx, out.value)

    @classmethod
    def _load(cls, ctx, source, layer, where):
        if source is None:
            source = os.path.join(data_dir(), DEFAULT_RECORD)
        o = RecordLoadOptions()
        lib.dm_record_load_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        keep = [_b(layer), _b(where)]
        o.layer, o.where = keep
        out = ctypes.c_void_p()
        lib.dm_record_load(ctx._p, _b(source), ctypes.byref(o),
                           ctypes.byref(out))
        return cls(ctx, out.value)

    def add(self, quantity, value, month, from_month=None, region=None,
            low=None, high=None, source=None, note=None):
        """Adds an observation: a stock at the end of ``month``, or a flow
        over from_month to month (both 'YYYY-MM'); region None or
        "national" for the whole country; low and high None: ±5 % of the
        value. InputError naming the field for a value the library
        refuses (unknown quantity, negative value, low > high …)."""
        o = _CObs()
        lib.dm_observation_init_size(ctypes.byref(o), ctypes.sizeof(o))
        o.month = _month(month)
        if from_month is not None:
            o.from_month = _month(from_month)
        keep = [_b(region), _b(quantity), _b(source), _b(note)]
        o.region, o.quantity, o.source, o.note = keep
        o.value = float(value)
        if low is not None:
            o.low = float(low)
        if high is not None:
            o.high = float(high)
        lib.dm_record_add(self._c, self._p, ctypes.byref(o))

    def __len__(self):
        return lib.dm_record_count(self._c, self._p)

    def _record(self, i):
        o = _CObs()
        lib.dm_observation_init_size(ctypes.byref(o), ctypes.sizeof(o))
        lib.dm_record_observation(self._c, self._p, i, ctypes.byref(o))
        return _observation(o, lib.dm_record_where(self._c, self._p, i))

    def __getitem__(self, i):
        if not isinstance(i, int):
            raise TypeError("observation index expected")
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("observation %d out of range (%d)" % (i, n))
        return self._record(i)

    def __iter__(self):
        for i in range(len(self)):
            yield self._record(i)


class Posterior(_Handle):
    """A scenario's figures fitted to a record (Context.calibrate()):
    equally weighted draws, their quantiles, and the simulated value of
    each observation fitted."""

    _free = lib.dm_posterior_free

    @classmethod
    def _calibrate(cls, ctx, work, scenario, record, particles, seed,
                   threads, max_generations, quantile, target,
                   max_simulations, progress):
        o = CalibrateOptions()
        lib.dm_calibrate_options_init_size(ctypes.byref(o), ctypes.sizeof(o))
        o.particles, o.seed, o.threads = particles, seed, threads
        for name, value in (("max_generations", max_generations),
                            ("quantile", quantile), ("target", target),
                            ("max_simulations", max_simulations)):
            if value is not None:
                setattr(o, name, value)
        callback = None
        if progress is not None:
            # Kept referenced for the whole call, as in Projection.
            callback = PROGRESS_FN(lambda done, most, _: progress(done,
                                                                  most))
            o.progress = callback
        out = ctypes.c_void_p()
        lib.dm_calibrate(ctx._p, work._p, scenario._p, record._p,
                         ctypes.byref(o), ctypes.byref(out))
        del callback
        return cls(ctx, out.value)

    @classmethod
    def _load(cls, ctx, path):
        if path is None:
            path = os.path.join(data_dir(), DEFAULT_POSTERIOR)
        out = ctypes.c_void_p()
        lib.dm_posterior_load(ctx._p, _b(path), ctypes.byref(out))
        return cls(ctx, out.value)

    def write(self, path):
        """Writes it as JSON, whole or not at all (the same posterior, the
        same bytes)."""
        lib.dm_posterior_write(self._c, self._p, _b(path))

    @property
    def info(self):
        """What the calibration did: a dict of scenario, first_month (the
        scenario's start) and last_month (the record's last: the end of the
        replay) as 'YYYY-MM', parameters, particles, generations,
        simulations, epsilon (the tolerance reached), acceptance, ess,
        observations and seed."""
        i = PosteriorInfo()
        lib.dm_posterior_info_init_size(ctypes.byref(i), ctypes.sizeof(i))
        lib.dm_posterior_info_get(self._c, self._p, ctypes.byref(i))
        out = {}
        for name, _ in PosteriorInfo._fields_[1:]:
            out[name] = getattr(i, name)
        out["scenario"] = i.scenario.decode("utf-8")
        out["first_month"] = month_text(i.first_month)
        out["last_month"] = month_text(i.last_month)
        return out

    def _names(self):
        out = []
        while True:
            name = lib.dm_posterior_param_name(self._c, self._p, len(out))
            if name is None:
                return out
            out.append(name.decode("utf-8"))

    def _quantile(self, i, q):
        v = ctypes.c_double()
        lib.dm_posterior_param_quantile(self._c, self._p, i, q,
                                        ctypes.byref(v))
        return v.value

    def parameters(self):
        """The fitted figures: a list of dicts with name (the key path,
        "assets[nts].productivity_m2_per_day"), prior (its triangular
        min, mode, max), and the posterior's p05, p50 and p95."""
        out = []
        for i, name in enumerate(self._names()):
            t = [ctypes.c_double() for _ in range(3)]
            lib.dm_posterior_param_prior(self._c, self._p, i,
                                         *[ctypes.byref(x) for x in t])
            d = {"name": name, "prior": tuple(x.value for x in t)}
            for q in (0.05, 0.5, 0.95):
                d["p%02d" % round(q * 100)] = self._quantile(i, q)
            out.append(d)
        return out

    def _simulated(self, i, q):
        o = _CObs()
        lib.dm_observation_init_size(ctypes.byref(o), ctypes.sizeof(o))
        v = ctypes.c_double()
        lib.dm_posterior_observation(self._c, self._p, i, ctypes.byref(o),
                                     q, ctypes.byref(v))
        return o, v.value

    def observations(self, q=(0.1, 0.5, 0.9)):
        """The observations fitted: a list of dicts of the Observation
        fields (but where), "simulated" {q: the quantile q of the value
        simulated over the draws} and "within" (the simulated P50 within
        low-high)."""
        out = []
        for i in range(self.info["observations"]):
            o, p50 = self._simulated(i, 0.5)
            d = _observation(o, None)._asdict()
            del d["where"]
            d["simulated"] = {x: self._simulated(i, x)[1] for x in q}
            d["within"] = o.low <= p50 <= o.high
            out.append(d)
        return out

    def applies(self, scenario):
        """How many of the fitted figures the scenario keeps as they were
        fitted (those a projection of it takes from the posterior); 0 for
        an unrelated scenario."""
        n = ctypes.c_size_t()
        lib.dm_posterior_applies(self._c, self._p, scenario._p,
                                 ctypes.byref(n))
        return n.value
