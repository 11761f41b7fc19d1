"""The ctypes mirrors of demine.h's structs against the C layout: the size
of each struct and the name and offset of each field, from a C program the
build generates from the header (tests/layout/gen-layout.py) and compiles
with the same compiler as the library."""
import json
import os
import subprocess
import unittest

from demine import _lib

# Every public struct of the header and its mirror.
MIRRORS = {
    "dm_regions_options": _lib.RegionsOptions,
    "dm_sources_options": _lib.SourcesOptions,
    "dm_source_info": _lib.SourceInfo,
    "dm_contamination_options": _lib.ContaminationOptions,
    "dm_survey_options": _lib.SurveyOptions,
    "dm_write_options": _lib.WriteOptions,
    "dm_map_options": _lib.MapOptions,
    "dm_work_load_options": _lib.WorkLoadOptions,
    "dm_projection_options": _lib.ProjectionOptions,
    "dm_plan_options": _lib.PlanOptions,
    "dm_plan_result": _lib.PlanResult,
    "dm_asset_rank": _lib.AssetRank,
    "dm_chart_options": _lib.ChartOptions,
    "dm_observation": _lib.Observation,
    "dm_record_load_options": _lib.RecordLoadOptions,
    "dm_calibrate_options": _lib.CalibrateOptions,
    "dm_posterior_info": _lib.PosteriorInfo,
    "dm_report_options": _lib.ReportOptions,
}


def c_layout():
    program = os.environ.get("DEMINE_LAYOUT_PROGRAM")
    if not program:
        raise unittest.SkipTest("DEMINE_LAYOUT_PROGRAM is not set (meson "
                                "test sets it)")
    out = subprocess.run([program], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


class LayoutTest(unittest.TestCase):
    def test_every_struct_has_a_mirror(self):
        self.assertEqual(set(c_layout()), set(MIRRORS))

    def test_sizes_and_offsets_match(self):
        import ctypes
        for name, c in c_layout().items():
            py = MIRRORS[name]
            with self.subTest(struct=name):
                self.assertEqual(
                    [f for f, _ in c["fields"]],
                    [f[0] for f in py._fields_],
                    "%s: the fields differ from the header's" % name)
                for field, offset in c["fields"]:
                    self.assertEqual(getattr(py, field).offset, offset,
                                     "%s.%s" % (name, field))
                self.assertEqual(ctypes.sizeof(py), c["size"], name)

    def test_init_functions_set_the_size(self):
        """Each init function, given more room than the struct needs,
        writes the library's own size into it: the mirror's must be
        it."""
        import ctypes
        inits = {
            "dm_regions_options": "dm_regions_options_init",
            "dm_sources_options": "dm_sources_options_init",
            "dm_source_info": "dm_source_info_init",
            "dm_contamination_options": "dm_contamination_options_init",
            "dm_survey_options": "dm_survey_options_init",
            "dm_write_options": "dm_write_options_init",
            "dm_map_options": "dm_map_options_init",
            "dm_work_load_options": "dm_work_load_options_init",
            "dm_projection_options": "dm_projection_options_init",
            "dm_plan_options": "dm_plan_options_init",
            "dm_plan_result": "dm_plan_result_init",
            "dm_asset_rank": "dm_asset_rank_init",
            "dm_chart_options": "dm_chart_options_init",
            "dm_observation": "dm_observation_init",
            "dm_record_load_options": "dm_record_load_options_init",
            "dm_calibrate_options": "dm_calibrate_options_init",
            "dm_posterior_info": "dm_posterior_info_init",
            "dm_report_options": "dm_report_options_init",
        }
        for name, init in inits.items():
            n = ctypes.sizeof(MIRRORS[name]) + 256
            room = ctypes.create_string_buffer(b"\xab" * n, n)
            getattr(_lib.lib, init + "_size")(
                ctypes.cast(room, ctypes.POINTER(MIRRORS[name])),
                ctypes.sizeof(room))
            s = MIRRORS[name].from_buffer_copy(room)
            self.assertEqual(s.struct_size, ctypes.sizeof(s), name)
            # The room past the struct is left as it was.
            self.assertEqual(room.raw[ctypes.sizeof(s):],
                             b"\xab" * (n - ctypes.sizeof(s)), name)

    def test_soname_is_the_mirrored_interface(self):
        """The bindings mirror one interface version: the library they
        load has its soname (lib/meson.build's current - age)."""
        import re
        out = subprocess.run(["readelf", "-d", _lib.path], check=True,
                             capture_output=True, text=True).stdout
        soname = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
        self.assertIsNotNone(soname, out)
        self.assertEqual(soname.group(1), _lib._SONAME)


if __name__ == "__main__":
    unittest.main()
