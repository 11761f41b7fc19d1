"""demine: landmine contamination estimates and clearance projections.

Python bindings over libdemine with ctypes (no compiled parts). The library
is found through DEMINE_LIBRARY, the checkout's meson build tree, or the
installed library, in that order.

    import demine
    with demine.Context() as ctx:
        regions = ctx.load_regions()          # the embedded Ukraine units
        print(regions.total_area_km2)
"""

from ._errors import (ComputeError, DemineError, DemineSystemError,
                      InputError, UsageError)
from ._lib import path as library_path
from .core import (ASSET_KINDS, HAZARDS, MEASURES, MILESTONES, NATIONAL,
                   QUANTITIES, SERIES, SOURCE_KINDS, STATES,
                   STRATEGY_DEADLINE, YEAR_MEASURES, ZONES, Contamination,
                   ContaminatedRegion, Context, Observation, Posterior,
                   Projection, Record, Region, Regions, Scenario, Source,
                   Sources, Work, compare, compared_measures, data_dir,
                   month_number, month_text,
                   version, zone_bit, zones, zones_mask, zones_region)

__all__ = [
    "ASSET_KINDS", "ComputeError", "Contamination", "ContaminatedRegion",
    "Context", "DemineError", "DemineSystemError", "HAZARDS", "InputError",
    "MEASURES", "MILESTONES", "NATIONAL", "Observation", "Posterior",
    "Projection", "QUANTITIES", "Record", "Region", "Regions", "SERIES",
    "SOURCE_KINDS", "STATES", "STRATEGY_DEADLINE", "Scenario", "Source",
    "Sources", "UsageError", "Work", "YEAR_MEASURES", "ZONES", "compare",
    "compared_measures", "data_dir", "library_path", "month_number", "month_text", "version",
    "zone_bit", "zones", "zones_mask", "zones_region",
]
__version__ = "0.5.0"
