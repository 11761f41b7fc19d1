"""Loading libdemine and declaring its functions for ctypes.

The library is looked for, in order: the file named by the environment
variable DEMINE_LIBRARY; the meson build tree of the checkout this package
sits in (``build/lib``); the installed library (``ctypes.util.find_library``).
When none loads, OSError lists every place tried.
"""

import ctypes
import ctypes.util
import os

from . import _errors

_HERE = os.path.dirname(os.path.abspath(__file__))
# The soname of the interface these bindings mirror (lib/meson.build).
_SONAME = "libdemine.so.3"


def _candidates():
    env = os.environ.get("DEMINE_LIBRARY")
    if env:
        yield "DEMINE_LIBRARY", env
    checkout = os.path.dirname(os.path.dirname(_HERE))
    yield "build tree", os.path.join(checkout, "build", "lib", _SONAME)
    found = ctypes.util.find_library("demine")
    yield "installed (ctypes.util.find_library)", found or _SONAME


def _load():
    tried = []
    for where, path in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s: %s (%s)" % (where, path, e))
    raise OSError("cannot load libdemine; tried:\n  " + "\n  ".join(tried))


lib, path = _load()

# ---- option and info structs (mirror include/demine.h) ---------------------

c_char_p = ctypes.c_char_p
c_double = ctypes.c_double
c_int = ctypes.c_int
c_size_t = ctypes.c_size_t
c_void_p = ctypes.c_void_p
POINTER = ctypes.POINTER


class RegionsOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("layer", c_char_p), ("where", c_char_p),
                ("name_field", c_char_p), ("code_field", c_char_p),
                ("source_crs", c_char_p), ("target_crs", c_char_p),
                ("threads", ctypes.c_uint)]


class SourcesOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("layer", c_char_p), ("where", c_char_p),
                ("source_crs", c_char_p), ("kind_field", c_char_p),
                ("class_field", c_char_p), ("bands_field", c_char_p),
                ("zone_field", c_char_p), ("name_field", c_char_p)]


class SourceInfo(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("kind", c_int), ("hazard", c_int), ("zone", c_int),
                ("band_count", c_size_t), ("bands_km", POINTER(c_double)),
                ("name", c_char_p), ("has_geometry", c_int)]


class ContaminationOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("target_share", c_double), ("target_km2", c_double),
                ("tolerance", c_double), ("max_iterations", c_int),
                ("quadrant_segments", c_int), ("front_line_km", c_double),
                ("threads", ctypes.c_uint)]


class SurveyOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("layer", c_char_p), ("where", c_char_p),
                ("source_crs", c_char_p), ("class_field", c_char_p),
                ("status_field", c_char_p), ("zone_field", c_char_p),
                ("default_hazard", c_int), ("default_state", c_int),
                ("default_zone", c_int), ("threads", ctypes.c_uint)]


class WriteOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("driver", c_char_p), ("layer", c_char_p),
                ("lonlat", c_int)]


class MapOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("width", c_int), ("height", c_int), ("labels", c_int),
                ("title", c_char_p), ("attribution", c_char_p),
                ("format", c_char_p)]


class WorkLoadOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("layer", c_char_p), ("where", c_char_p),
                ("code_field", c_char_p), ("name_field", c_char_p),
                ("class_field", c_char_p), ("zone_field", c_char_p),
                ("state_field", c_char_p), ("area_field", c_char_p),
                ("area_unit_km2", c_double), ("regions", c_void_p)]


PROGRESS_FN = ctypes.CFUNCTYPE(None, c_size_t, c_size_t, c_void_p)


class ProjectionOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("runs", c_size_t), ("seed", ctypes.c_ulonglong),
                ("threads", ctypes.c_uint), ("keep_series", c_int),
                ("progress", PROGRESS_FN), ("progress_data", c_void_p),
                ("posterior", c_void_p), ("region_summaries", c_int)]


class Observation(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("month", c_int), ("from_month", c_int),
                ("region", c_char_p), ("quantity", c_char_p),
                ("value", c_double), ("low", c_double), ("high", c_double),
                ("source", c_char_p), ("note", c_char_p)]


class RecordLoadOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("layer", c_char_p), ("where", c_char_p)]


class CalibrateOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("particles", c_size_t), ("max_generations", c_size_t),
                ("quantile", c_double), ("target", c_double),
                ("max_simulations", c_size_t), ("seed", ctypes.c_ulonglong),
                ("threads", ctypes.c_uint),
                ("progress", PROGRESS_FN), ("progress_data", c_void_p)]


class PosteriorInfo(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("scenario", c_char_p), ("first_month", c_int),
                ("last_month", c_int), ("parameters", c_size_t),
                ("particles", c_size_t), ("generations", c_size_t),
                ("simulations", c_size_t), ("epsilon", c_double),
                ("acceptance", c_double), ("ess", c_double),
                ("observations", c_size_t), ("seed", ctypes.c_ulonglong)]


class PlanOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("asset", c_char_p), ("from_month", c_int),
                ("target_share", c_double), ("deadline_months", c_size_t),
                ("quantile", c_double), ("max_units", c_double),
                ("max_multiplier", c_double),
                ("projection", POINTER(ProjectionOptions)),
                ("zones", ctypes.c_uint)]


PLAN_REASON_MAX = 512


class PlanResult(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("feasible", c_int), ("extra_units", c_double),
                ("multiplier", c_double), ("months", c_double),
                ("months_one_step_less", c_double),
                ("share_by_deadline", c_double), ("projections", c_size_t),
                ("reason", ctypes.c_char * PLAN_REASON_MAX),
                ("zones", ctypes.c_uint), ("target_km2", c_double),
                ("deadline", c_int), ("extra_usd_per_year", c_double),
                ("from_month", c_int)]


class AssetRank(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("asset", c_size_t), ("name", c_char_p),
                ("usd_per_unit_year", c_double), ("units_per_musd", c_double),
                ("usd_per_km2", c_double), ("km2_by_deadline", c_double),
                ("months_saved_80", c_double),
                ("months_saved_100", c_double)]


class ChartOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("width", c_int), ("height", c_int), ("title", c_char_p),
                ("target_share", c_double), ("target_month", c_int),
                ("format", c_char_p), ("record", c_void_p),
                ("end_month", c_int), ("region", c_size_t)]


class ReportOptions(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t),
                ("title", c_char_p), ("labels", POINTER(c_char_p)),
                ("scenarios", POINTER(c_void_p)),
                ("scenario_files", POINTER(c_char_p)),
                ("versus", c_size_t),
                ("regions", c_void_p), ("contamination", c_void_p),
                ("work_file", c_char_p),
                ("record", c_void_p), ("record_file", c_char_p),
                ("posterior", c_void_p), ("posterior_file", c_char_p),
                ("ranks", POINTER(AssetRank)), ("rank_count", c_size_t),
                ("rank_runs", c_size_t),
                ("by_years", POINTER(c_int)), ("by_count", c_size_t)]


# ---- error checks ------------------------------------------------------------

def _check_status(result, func, args):
    """errcheck for functions returning dm_status: raise on non-zero."""
    if result != 0:
        raise _errors.from_context(result, args[0])
    return args


def _check_string(result, func, args):
    """errcheck for borrowed strings where NULL means "ask the context"."""
    if result is None:
        raise _errors.from_context(None, args[0])
    return result.decode("utf-8")


# Functions of demine.h the package does not declare, and why (the test
# test_bindings_cover_the_header keeps this list and the table in step with
# the header).
NOT_WRAPPED = {
    "dm_output_begin": "Python writes its own files (os.replace)",
    "dm_output_path": "Python writes its own files (os.replace)",
    "dm_output_commit": "Python writes its own files (os.replace)",
    "dm_output_abort": "Python writes its own files (os.replace)",
    "dm_output_abort_in_signal": "Python writes its own files (os.replace)",
    "dm_hazard_from_name": "Python maps names itself (core.HAZARDS)",
    "dm_zone_from_name": "Python maps names itself (core.ZONES)",
    "dm_area_state_from_name": "Python maps names itself (core.STATES)",
}

# One table for every function the package uses: name, restype, argtypes,
# errcheck (None: no check). Handles are c_void_p.
_STATUS = ctypes.c_int
_TABLE = [
    ("dm_version", c_char_p, [], None),
    ("dm_status_str", c_char_p, [c_int], None),
    ("dm_data_dir", c_char_p, [], None),
    ("dm_context_new", c_void_p, [], None),
    ("dm_context_free", None, [c_void_p], None),
    ("dm_context_last_error", c_char_p, [c_void_p], None),
    ("dm_context_last_status", c_int, [c_void_p], None),
    ("dm_context_clear_error", None, [c_void_p], None),
    # months
    ("dm_month_parse", c_int, [c_char_p, POINTER(c_int)], None),
    ("dm_month_format", c_char_p, [c_int, c_char_p, c_size_t], None),
    # regions
    ("dm_regions_options_init_size", None, [POINTER(RegionsOptions), c_size_t], None),
    ("dm_regions_load", _STATUS,
     [c_void_p, c_char_p, POINTER(RegionsOptions), POINTER(c_void_p)],
     _check_status),
    ("dm_regions_free", None, [c_void_p], None),
    ("dm_regions_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_regions_code", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_regions_name", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_regions_area_km2", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_double)], _check_status),
    ("dm_regions_bounds", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_double * 4)], _check_status),
    ("dm_regions_find", _STATUS,
     [c_void_p, c_void_p, c_char_p, POINTER(c_size_t)], _check_status),
    ("dm_regions_total_area_km2", _STATUS,
     [c_void_p, c_void_p, POINTER(c_double)], _check_status),
    ("dm_regions_total_bounds", _STATUS,
     [c_void_p, c_void_p, POINTER(c_double * 4)], _check_status),
    ("dm_regions_crs_wkt", c_char_p, [c_void_p, c_void_p], _check_string),
    ("dm_regions_repaired_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_regions_repair", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_char_p), POINTER(c_char_p),
      POINTER(c_double), POINTER(c_double)], _check_status),
    # names
    ("dm_hazard_name", c_char_p, [c_int], None),
    ("dm_zone_name", c_char_p, [c_int], None),
    ("dm_area_state_name", c_char_p, [c_int], None),
    ("dm_source_kind_name", c_char_p, [c_int], None),
    # work table
    ("dm_work_new", _STATUS, [c_void_p, POINTER(c_void_p)], _check_status),
    ("dm_work_free", None, [c_void_p], None),
    ("dm_work_add", _STATUS,
     [c_void_p, c_void_p, c_char_p, c_char_p, c_int, c_int, c_int, c_double],
     _check_status),
    ("dm_work_region_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_work_region_code", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_work_region_name", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_work_area_km2", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, c_int, POINTER(c_double)],
     _check_status),
    ("dm_work_total_km2", _STATUS, [c_void_p, c_void_p, POINTER(c_double)],
     _check_status),
    ("dm_work_find", _STATUS,
     [c_void_p, c_void_p, c_char_p, POINTER(c_size_t)], _check_status),
    ("dm_work_set_front_profile", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, POINTER(c_double),
      c_size_t], _check_status),
    ("dm_work_front_profile", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, POINTER(c_double),
      c_size_t], _check_status),
    ("dm_work_region_total_km2", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_double)], _check_status),
    # conflict sources
    ("dm_sources_options_init_size", None, [POINTER(SourcesOptions), c_size_t], None),
    ("dm_sources_load", _STATUS,
     [c_void_p, c_char_p, POINTER(SourcesOptions), POINTER(c_void_p)],
     _check_status),
    ("dm_sources_free", None, [c_void_p], None),
    ("dm_sources_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_source_info_init_size", None, [POINTER(SourceInfo), c_size_t], None),
    ("dm_sources_info", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(SourceInfo)], _check_status),
    # contamination
    ("dm_contamination_options_init_size", None, [POINTER(ContaminationOptions), c_size_t],
     None),
    ("dm_contamination_build", _STATUS,
     [c_void_p, c_void_p, c_void_p, POINTER(ContaminationOptions),
      POINTER(c_void_p)], _check_status),
    ("dm_survey_options_init_size", None, [POINTER(SurveyOptions), c_size_t], None),
    ("dm_contamination_load_survey", _STATUS,
     [c_void_p, c_void_p, c_char_p, POINTER(SurveyOptions),
      POINTER(c_void_p)], _check_status),
    ("dm_contamination_free", None, [c_void_p], None),
    ("dm_contamination_region_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_contamination_region_code", c_char_p,
     [c_void_p, c_void_p, c_size_t], _check_string),
    ("dm_contamination_region_name", c_char_p,
     [c_void_p, c_void_p, c_size_t], _check_string),
    ("dm_contamination_area_km2", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, c_int, POINTER(c_double)],
     _check_status),
    ("dm_contamination_region_km2", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_double)], _check_status),
    ("dm_contamination_region_share", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_double)], _check_status),
    ("dm_contamination_total_km2", _STATUS,
     [c_void_p, c_void_p, POINTER(c_double)], _check_status),
    ("dm_contamination_total_share", _STATUS,
     [c_void_p, c_void_p, POINTER(c_double)], _check_status),
    ("dm_contamination_class_km2", _STATUS,
     [c_void_p, c_void_p, c_int, c_int, POINTER(c_double)], _check_status),
    ("dm_contamination_calibration", _STATUS,
     [c_void_p, c_void_p, POINTER(c_double), POINTER(c_int)], _check_status),
    ("dm_contamination_outside_km2", _STATUS,
     [c_void_p, c_void_p, POINTER(c_double)], _check_status),
    ("dm_contamination_repaired_count", c_size_t, [c_void_p, c_void_p],
     None),
    ("dm_contamination_repair", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_char_p), POINTER(c_char_p),
      POINTER(c_double), POINTER(c_double)], _check_status),
    ("dm_work_from_contamination", _STATUS,
     [c_void_p, c_void_p, POINTER(c_void_p)], _check_status),
    ("dm_write_options_init_size", None, [POINTER(WriteOptions), c_size_t], None),
    ("dm_contamination_write", _STATUS,
     [c_void_p, c_void_p, c_char_p, POINTER(WriteOptions)], _check_status),
    # pictures
    ("dm_map_options_init_size", None, [POINTER(MapOptions), c_size_t], None),
    ("dm_render_map", _STATUS,
     [c_void_p, c_void_p, c_void_p, c_char_p, POINTER(MapOptions)],
     _check_status),
    ("dm_chart_options_init_size", None, [POINTER(ChartOptions), c_size_t], None),
    ("dm_render_burndown", _STATUS,
     [c_void_p, POINTER(c_void_p), POINTER(c_char_p), c_size_t, c_char_p,
      POINTER(ChartOptions)], _check_status),
    ("dm_render_comparison", _STATUS,
     [c_void_p, POINTER(c_void_p), POINTER(c_char_p), c_size_t, c_char_p,
      POINTER(ChartOptions)], _check_status),
    ("dm_report_options_init_size", None,
     [POINTER(ReportOptions), c_size_t], None),
    ("dm_report_write", _STATUS,
     [c_void_p, POINTER(c_void_p), c_size_t, c_char_p,
      POINTER(ReportOptions)], _check_status),
    ("dm_render_sensitivity", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, c_size_t, c_char_p,
      POINTER(ChartOptions)], _check_status),
    # work tables from files
    ("dm_work_load_options_init_size", None, [POINTER(WorkLoadOptions), c_size_t], None),
    ("dm_work_load", _STATUS,
     [c_void_p, c_char_p, POINTER(WorkLoadOptions), POINTER(c_void_p)],
     _check_status),
    # scenarios
    ("dm_scenario_load", _STATUS, [c_void_p, c_char_p, POINTER(c_void_p)],
     _check_status),
    ("dm_scenario_load_string", _STATUS,
     [c_void_p, c_char_p, c_char_p, POINTER(c_void_p)], _check_status),
    ("dm_scenario_free", None, [c_void_p], None),
    ("dm_scenario_name", c_char_p, [c_void_p, c_void_p], _check_string),
    ("dm_scenario_description", c_char_p, [c_void_p, c_void_p],
     _check_string),
    ("dm_scenario_start", _STATUS, [c_void_p, c_void_p, POINTER(c_int)],
     _check_status),
    ("dm_scenario_horizon", c_size_t, [c_void_p, c_void_p], None),
    ("dm_scenario_asset_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_scenario_asset_name", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_scenario_asset_kind", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_int)], _check_status),
    ("dm_scenario_find_asset", _STATUS,
     [c_void_p, c_void_p, c_char_p, POINTER(c_size_t)], _check_status),
    ("dm_scenario_ranged_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_scenario_open_zones", _STATUS,
     [c_void_p, c_void_p, c_int, POINTER(ctypes.c_uint)], _check_status),
    ("dm_scenario_asset_units", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, POINTER(c_double)],
     _check_status),
    ("dm_asset_kind_name", c_char_p, [c_int], None),
    # projections
    ("dm_projection_options_init_size", None, [POINTER(ProjectionOptions), c_size_t], None),
    ("dm_project", _STATUS,
     [c_void_p, c_void_p, c_void_p, POINTER(ProjectionOptions),
      POINTER(c_void_p)], _check_status),
    ("dm_projection_free", None, [c_void_p], None),
    ("dm_projection_runs", c_size_t, [c_void_p, c_void_p], None),
    ("dm_projection_seed", ctypes.c_ulonglong, [c_void_p, c_void_p], None),
    ("dm_compared_measure", c_int,
     [c_size_t, POINTER(c_int), POINTER(c_char_p), POINTER(c_double),
      POINTER(c_char_p)], None),
    ("dm_projection_compare", _STATUS,
     [c_void_p, c_void_p, c_void_p, c_size_t, c_int, c_int,
      POINTER(c_double), POINTER(c_size_t), POINTER(c_double),
      POINTER(c_double)], None),
    ("dm_projection_drivers", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, POINTER(c_size_t),
      POINTER(c_double), c_size_t, POINTER(c_size_t)], _check_status),
    ("dm_projection_months", c_size_t, [c_void_p, c_void_p], None),
    ("dm_projection_start", _STATUS, [c_void_p, c_void_p, POINTER(c_int)],
     _check_status),
    ("dm_projection_region_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_projection_region_code", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_projection_region_name", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_projection_area_km2", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_double)], _check_status),
    ("dm_projection_months_to", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_size_t, POINTER(c_double)],
     _check_status),
    ("dm_projection_months_quantile", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_double, POINTER(c_double)],
     _check_status),
    ("dm_projection_cost", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_size_t, POINTER(c_double)],
     _check_status),
    ("dm_projection_cost_quantile", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_double, POINTER(c_double)],
     _check_status),
    ("dm_projection_series", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, POINTER(POINTER(c_double)),
      POINTER(c_size_t)], _check_status),
    ("dm_projection_remaining_quantile", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_double, POINTER(c_double), c_size_t],
     _check_status),
    ("dm_projection_open_zones", _STATUS,
     [c_void_p, c_void_p, c_int, POINTER(ctypes.c_uint)], _check_status),
    ("dm_projection_drop_series", _STATUS, [c_void_p, c_void_p],
     _check_status),
    # measures, paired changes, sensitivity
    ("dm_measure_name", c_char_p, [c_int], None),
    ("dm_projection_years", _STATUS,
     [c_void_p, c_void_p, POINTER(c_int), POINTER(c_int)], _check_status),
    ("dm_projection_measure", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, c_size_t,
      POINTER(c_double)], _check_status),
    ("dm_projection_measure_quantile", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, c_double,
      POINTER(c_double)], _check_status),
    ("dm_projection_change_quantile", _STATUS,
     [c_void_p, c_void_p, c_void_p, c_size_t, c_int, c_int, c_double,
      POINTER(c_double), POINTER(c_size_t)], _check_status),
    ("dm_projection_param_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_projection_param_name", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_projection_param_value", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_size_t, POINTER(c_double)],
     _check_status),
    ("dm_projection_sensitivity", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_int, c_int, POINTER(c_double),
      c_size_t], _check_status),
    ("dm_projection_replay_months", c_size_t, [c_void_p, c_void_p], None),
    ("dm_series_name", c_char_p, [c_int], None),
    ("dm_milestone_share", c_double, [c_int], None),
    # the record
    ("dm_observation_init_size", None, [POINTER(Observation), c_size_t], None),
    ("dm_record_quantity_name", c_char_p, [c_size_t], None),
    ("dm_record_new", _STATUS, [c_void_p, POINTER(c_void_p)], _check_status),
    ("dm_record_free", None, [c_void_p], None),
    ("dm_record_add", _STATUS, [c_void_p, c_void_p, POINTER(Observation)],
     _check_status),
    ("dm_record_count", c_size_t, [c_void_p, c_void_p], None),
    ("dm_record_observation", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(Observation)], _check_status),
    ("dm_record_where", c_char_p, [c_void_p, c_void_p, c_size_t],
     _check_string),
    ("dm_record_load_options_init_size", None, [POINTER(RecordLoadOptions), c_size_t],
     None),
    ("dm_record_load", _STATUS,
     [c_void_p, c_char_p, POINTER(RecordLoadOptions), POINTER(c_void_p)],
     _check_status),
    # calibration
    ("dm_calibrate_options_init_size", None, [POINTER(CalibrateOptions), c_size_t], None),
    ("dm_calibrate", _STATUS,
     [c_void_p, c_void_p, c_void_p, c_void_p, POINTER(CalibrateOptions),
      POINTER(c_void_p)], _check_status),
    ("dm_posterior_free", None, [c_void_p], None),
    ("dm_posterior_write", _STATUS, [c_void_p, c_void_p, c_char_p],
     _check_status),
    ("dm_posterior_load", _STATUS, [c_void_p, c_char_p, POINTER(c_void_p)],
     _check_status),
    ("dm_posterior_info_init_size", None, [POINTER(PosteriorInfo), c_size_t], None),
    ("dm_posterior_info_get", _STATUS,
     [c_void_p, c_void_p, POINTER(PosteriorInfo)], _check_status),
    ("dm_posterior_param_name", c_char_p, [c_void_p, c_void_p, c_size_t],
     None),
    ("dm_posterior_param_prior", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(c_double), POINTER(c_double),
      POINTER(c_double)], _check_status),
    ("dm_posterior_param_quantile", _STATUS,
     [c_void_p, c_void_p, c_size_t, c_double, POINTER(c_double)],
     _check_status),
    ("dm_posterior_applies", _STATUS,
     [c_void_p, c_void_p, c_void_p, POINTER(c_size_t)], _check_status),
    ("dm_posterior_observation", _STATUS,
     [c_void_p, c_void_p, c_size_t, POINTER(Observation), c_double,
      POINTER(c_double)], _check_status),
    # planning
    ("dm_plan_options_init_size", None, [POINTER(PlanOptions), c_size_t], None),
    ("dm_plan_result_init_size", None, [POINTER(PlanResult), c_size_t], None),
    ("dm_plan_capacity", _STATUS,
     [c_void_p, c_void_p, c_void_p, POINTER(PlanOptions),
      POINTER(PlanResult)], _check_status),
    ("dm_asset_rank_init_size", None, [POINTER(AssetRank), c_size_t], None),
    ("dm_plan_rank", _STATUS,
     [c_void_p, c_void_p, c_void_p, POINTER(PlanOptions), POINTER(AssetRank),
      c_size_t, POINTER(c_size_t)], _check_status),
]


# Functions of the table that the loaded library does not export (one built
# from older sources than the header, e.g. while a function is being
# written): calling one raises NotImplementedError naming it and the file.
MISSING = set()


def _missing(name):
    def call(*args):
        raise NotImplementedError(
            "%s is not in %s (a library built before the function was "
            "added: rebuild it)" % (name, path))
    call.__name__ = name
    return call


def _declare():
    for name, restype, argtypes, errcheck in _TABLE:
        try:
            fn = getattr(lib, name)
        except AttributeError:
            MISSING.add(name)
            setattr(lib, name, _missing(name))
            continue
        fn.restype = restype
        fn.argtypes = argtypes
        if errcheck is not None:
            fn.errcheck = errcheck


_declare()
_errors.bind(lib)
