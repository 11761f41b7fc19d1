#!/usr/bin/python3
"""The contamination model of demine, written as a GIS analyst would write it
with geopandas and shapely instead of using the library: the fair peer of
`demine-contamination` in the benchmark (issue 8).

The same steps as lib/geo/model.c, with the same parameters:

1. regions: read, reprojected to the same Lambert azimuthal equal-area CRS,
   invalid ones repaired with make_valid, features sharing a code dissolved;
   the national outline is their union;
2. conflict sources: read and reprojected; an `occupied` feature without a
   geometry is derived from the line of contact (the outline split by the
   line, the faces on its left kept);
3. bands: every source buffered (round caps and joins, 8 segments per
   quarter circle) at k times its band distances; cumulative footprints per
   class, clipped to the outline; high = C_high, medium = C_medium - C_high,
   low = C_low - C_medium; each split by the occupied zone;
4. calibration: the factor k for which C_low covers the target share of the
   outline within the tolerance: k = 0, then k = 1 doubled until it covers
   the target, then the Illinois variant of regula falsi;
5. overlay with the regions: contaminated km2 per region and class.

Run it with Debian's Python (`apt-get install python3-geopandas`):

    /usr/bin/python3 bench/peer_geopandas.py --format csv
    /usr/bin/python3 bench/peer_geopandas.py \\
        --boundaries ../shared/data/geoBoundaries-UKR-ADM1.geojson \\
        --name-field shapeName --code-field shapeISO --format csv

Prints code,name,km2,share,high_km2,medium_km2,low_km2,occupied_km2 per
region and a last `total` row (the national union, as the library does); the
calibration factor and its steps go to stderr. Exit status 0 on success, 1
on bad input or a failed run, 2 on bad usage.
"""

import argparse
import csv
import os
import re
import sys
import time

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point
from shapely.ops import nearest_points, polygonize, unary_union

# The library's DM_DEFAULT_CRS.
LAEA = ("+proj=laea +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 +ellps=WGS84 "
        "+units=m +no_defs +type=crs")
CLASSES = ["high", "medium", "low"]       # index = precedence, 0 wins
KINDS = ["line_of_contact", "occupied", "liberated_2022", "border_strip",
         "battle_site"]
QUAD_SEGS = 8             # segments per quarter circle of every buffer
OVERSHOOT_M = 100.0       # a line of contact is carried this far past the border
SIDE_PROBE_M = 1000.0     # width of the strips that tell left from right
SIDE_RATIO = 10.0         # a face is on the left when left area > 10 x right
MAX_SCALE = 1e4           # calibration gives up past this factor

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")


class InputError(Exception):
    """Bad input: a message for the user, exit status 1."""


def polygonal(geom):
    """The polygons of a geometry (an overlay may return lines and points
    beside them) as one Polygon or MultiPolygon."""
    if geom is None or geom.is_empty:
        return MultiPolygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    if geom.geom_type == "GeometryCollection":
        polys = []
        for part in geom.geoms:
            part = polygonal(part)
            polys.extend(getattr(part, "geoms", [part]))
        polys = [p for p in polys if not p.is_empty]
        return MultiPolygon(polys) if polys else MultiPolygon()
    return MultiPolygon()


# ---- inputs ----------------------------------------------------------------

def read_regions(path, code_field, name_field):
    """Regions in the equal-area CRS: code, name, geometry, area_m2."""
    regions = gpd.read_file(path)
    if len(regions) == 0:
        raise InputError(f"boundaries '{path}' have no feature")
    for field in (code_field, name_field):
        if field not in regions.columns:
            raise InputError(f"boundaries '{path}': no field '{field}' "
                             f"(fields: {', '.join(regions.columns)})")
    if regions.crs is None:
        raise InputError(f"boundaries '{path}' have no CRS")
    code = regions[code_field].astype(str)
    regions = gpd.GeoDataFrame(
        {"code": code,
         "name": regions[name_field].astype(object).where(
             regions[name_field].notna(), code).astype(str)},
        geometry=regions.geometry, crs=regions.crs).to_crs(LAEA)
    invalid = ~regions.is_valid
    if invalid.any():
        regions.loc[invalid, "geometry"] = (
            regions.loc[invalid].make_valid().apply(polygonal))
    if regions["code"].duplicated().any():
        regions = regions.dissolve(by="code", sort=False, as_index=False)
    regions["area_m2"] = regions.area
    return regions.reset_index(drop=True)


def parse_bands(value, where):
    """ "10,30", [10, 30] or 10 -> [10.0, 30.0], checked as the library does."""
    if isinstance(value, (list, tuple, np.ndarray)):
        bands = [float(v) for v in value]
    elif isinstance(value, (int, float, np.number)) and not pd.isna(value):
        bands = [float(value)]
    elif isinstance(value, str):
        try:
            bands = [float(v) for v in re.split(r"[\s,\[\]]+", value) if v]
        except ValueError:
            raise InputError(f"{where}: bands_km '{value}' is not a list of "
                             "distances in km") from None
    else:
        raise InputError(f"{where}: no bands")
    if not bands:
        raise InputError(f"{where}: no bands")
    if any(not np.isfinite(b) or b < 0 for b in bands) or any(
            b <= a for a, b in zip(bands, bands[1:])):
        raise InputError(f"{where}: bands {bands} must be >= 0 and increase")
    return bands


def read_sources(path):
    """Conflict sources in the equal-area CRS, with per class level the
    distance (km) of the outer edge of the last band of that class or
    higher (NaN when the source has none)."""
    src = gpd.read_file(path)
    if len(src) == 0:
        raise InputError(f"conflict sources '{path}' have no feature")
    for field in ("kind", "class", "bands_km"):
        if field not in src.columns:
            raise InputError(f"conflict sources '{path}': no field '{field}'")
    if src.crs is None:
        raise InputError(f"conflict sources '{path}' have no CRS")
    src = src.to_crs(LAEA)

    bad = ~src["kind"].isin(KINDS)
    if bad.any():
        raise InputError(f"conflict sources '{path}': unknown kind "
                         f"'{src.loc[bad, 'kind'].iloc[0]}'")
    bad = ~src["class"].isin(CLASSES)
    if bad.any():
        raise InputError(f"conflict sources '{path}': unknown class "
                         f"'{src.loc[bad, 'class'].iloc[0]}'")
    default_zone = np.where(src["kind"] == "occupied", "occupied", "controlled")
    if "zone" in src.columns:
        src["zone"] = src["zone"].where(src["zone"].notna() & (src["zone"] != ""),
                                        default_zone)
    else:
        src["zone"] = default_zone
    if not src["zone"].isin(["controlled", "occupied"]).all():
        raise InputError(f"conflict sources '{path}': a zone is neither "
                         "controlled nor occupied")
    missing = src.geometry.isna() | src.geometry.is_empty
    if (missing & (src["kind"] != "occupied")).any():
        raise InputError(f"conflict sources '{path}': only an occupied "
                         "territory may have no geometry")

    # Polygon sources are repaired like the regions.
    poly = src.geom_type.isin(["Polygon", "MultiPolygon"]) & ~missing
    invalid = poly & ~src.is_valid
    if invalid.any():
        src.loc[invalid, "geometry"] = (
            src.loc[invalid].make_valid().apply(polygonal))

    reach = {level: [] for level in range(len(CLASSES))}
    for i, row in src.iterrows():
        where = f"conflict sources '{path}', feature {i}"
        bands = parse_bands(row["bands_km"], where)
        if bands[0] == 0 and not (missing[i] or poly[i]):
            raise InputError(f"{where}: a first band of 0 km covers nothing "
                             "around a point or line")
        first = CLASSES.index(row["class"])
        hazards = [min(first + b, len(CLASSES) - 1) for b in range(len(bands))]
        for level in reach:
            inside = [d for d, h in zip(bands, hazards) if h <= level]
            reach[level].append(inside[-1] if inside else np.nan)
    for level, distances in reach.items():
        src[f"reach_{level}"] = distances
    return src


# ---- the occupied territory left of the line of contact --------------------

def reach_border(line, outline, exterior):
    """The line with each end that stops inside the outline joined to the
    nearest point of the outline's exterior rings, 100 m past it."""
    coords = list(line.coords)
    ends = []
    for x, y in (coords[0], coords[-1]):
        point = Point(x, y)
        if outline.intersects(point):
            bx, by = nearest_points(point, exterior)[1].coords[0]
            length = np.hypot(bx - x, by - y)
            f = OVERSHOOT_M / length if length > 0 else 0.0
            ends.append((bx + (bx - x) * f, by + (by - y) * f))
        else:
            ends.append((x, y))
    return LineString([ends[0]] + coords + [ends[1]])


def derive_occupied(outline, contact_lines):
    """The faces of the outline split by the lines of contact that lie on
    their left (occupied) side."""
    parts = getattr(outline, "geoms", [outline])
    exterior = MultiLineString([p.exterior for p in parts])
    lines = []
    for geom in contact_lines:
        lines.extend(getattr(geom, "geoms", [geom]))
    if not lines:
        raise InputError("an occupied territory without a geometry is "
                         "derived from the line of contact, and there is none")
    lines = [reach_border(line, outline, exterior) for line in lines]

    noded = unary_union([outline.boundary] + lines)
    faces = list(polygonize(noded))
    left = unary_union([l.buffer(SIDE_PROBE_M, resolution=QUAD_SEGS,
                                 single_sided=True) for l in lines])
    right = unary_union([l.buffer(-SIDE_PROBE_M, resolution=QUAD_SEGS,
                                  single_sided=True) for l in lines])
    kept = []
    for face in faces:
        if not outline.intersects(face.representative_point()):
            continue  # a hole of the outline
        on_left = face.intersection(left).area
        on_right = face.intersection(right).area
        if on_left > 0 and on_left > SIDE_RATIO * on_right:
            kept.append(face)
    if not kept:
        raise InputError("the line of contact does not split the national "
                         "outline into an occupied side (on its left)")
    return unary_union(kept)


# ---- bands, calibration, classes ------------------------------------------

class Model:
    def __init__(self, regions, sources):
        self.regions = regions
        self.outline = regions.unary_union
        self.outline_m2 = self.outline.area
        self.sources = sources
        missing = sources.geometry.isna() | sources.geometry.is_empty
        if missing.any():
            lines = sources.loc[sources["kind"] == "line_of_contact", "geometry"]
            occupied = derive_occupied(self.outline, list(lines))
            sources.loc[missing, "geometry"] = gpd.GeoSeries(
                [occupied] * int(missing.sum()), index=sources.index[missing],
                crs=sources.crs)
        self.polygon = sources.geom_type.isin(["Polygon", "MultiPolygon"])

    def footprint(self, k, level, zone_only=False):
        """Union of every source buffered to its last band of class `level`
        or higher, distances times k, clipped to the outline."""
        sel = self.sources[f"reach_{level}"].notna()
        if zone_only:
            sel &= self.sources["zone"] == "occupied"
        src = self.sources[sel]
        distance = k * src[f"reach_{level}"].to_numpy() * 1000.0
        parts = []
        for geom, d, is_polygon in zip(src.geometry, distance, self.polygon[sel]):
            if d > 0:
                parts.append(geom.buffer(d, resolution=QUAD_SEGS))
            elif is_polygon:  # a band of 0 km is the polygon itself
                parts.append(geom)
        union = unary_union(parts)
        return polygonal(union.intersection(self.outline))

    def area_at(self, k):
        return self.footprint(k, len(CLASSES) - 1).area

    def calibrate(self, target, tol, max_it):
        """The same steps as the library: k = 0, k = 1 doubled until the
        target is covered, then Illinois regula falsi."""
        lo, hi = 0.0, 1.0
        f_lo = self.area_at(lo)
        it = 1
        if f_lo > target * (1 + tol):
            raise InputError(f"target {target / 1e6:.1f} km² is below the "
                             f"{f_lo / 1e6:.1f} km² that the polygon sources "
                             "cover before any buffering")
        if abs(f_lo - target) <= tol * target:
            return 0.0, it
        while True:
            f_hi = self.area_at(hi)
            it += 1
            if f_hi >= target:
                break
            if hi >= MAX_SCALE or it >= max_it:
                raise InputError(f"target {target / 1e6:.1f} km² is out of "
                                 f"reach (factor {hi:g}: {f_hi / 1e6:.1f} km²)")
            lo, f_lo = hi, f_hi
            hi *= 2
        g_lo, g_hi = f_lo - target, f_hi - target
        side = 0
        k, fk = hi, f_hi
        while abs(fk - target) > tol * target:
            if it >= max_it:
                raise InputError(f"calibration did not converge in {it} steps")
            k = (lo * g_hi - hi * g_lo) / (g_hi - g_lo)
            if not lo < k < hi:
                k = 0.5 * (lo + hi)
            fk = self.area_at(k)
            it += 1
            gk = fk - target
            if gk > 0:
                hi, g_hi = k, gk
                if side == 1:
                    g_lo *= 0.5
                side = 1
            else:
                lo, g_lo = k, gk
                if side == -1:
                    g_hi *= 0.5
                side = -1
        return k, it

    def cells(self, k):
        """The national polygons per class and zone at factor k, and the
        national contaminated area (m²)."""
        cum = [self.footprint(k, level) for level in range(len(CLASSES))]
        zone = self.footprint(k, len(CLASSES) - 1, zone_only=True)
        rows = []
        for level, name in enumerate(CLASSES):
            cls = cum[0] if level == 0 else polygonal(
                cum[level].difference(cum[level - 1]))
            rows.append((name, "occupied", polygonal(cls.intersection(zone))))
            rows.append((name, "controlled", polygonal(cls.difference(zone))))
        cells = gpd.GeoDataFrame(rows, columns=["class", "zone", "geometry"],
                                 crs=self.regions.crs)
        return cells, cum[-1].area


def per_region(cells, regions):
    """km² per region and class (and in the occupied zone)."""
    cells = cells[~cells.is_empty].explode(index_parts=False)
    pieces = gpd.overlay(cells, regions[["code", "geometry"]],
                         how="intersection", keep_geom_type=True)
    pieces["km2"] = pieces.area / 1e6
    table = pieces.pivot_table(index="code", columns="class", values="km2",
                               aggfunc="sum")
    table = table.reindex(index=regions["code"], columns=CLASSES, fill_value=0.0)
    table = table.fillna(0.0)
    occupied = (pieces[pieces["zone"] == "occupied"].groupby("code")["km2"].sum()
                .reindex(regions["code"], fill_value=0.0))
    out = regions[["code", "name"]].copy()
    for name in CLASSES:
        out[f"{name}_km2"] = table[name].to_numpy()
    out["km2"] = out[[f"{c}_km2" for c in CLASSES]].sum(axis=1)
    out["share"] = out["km2"] / (regions["area_m2"] / 1e6)
    out["occupied_km2"] = occupied.to_numpy()
    return out


# ---- command line -----------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(
        description="demine's contamination model with geopandas (the "
                    "benchmark peer of demine-contamination).")
    parser.add_argument("--boundaries",
                        default=os.path.join(DATA, "ukraine-admin1.geojson"))
    parser.add_argument("--name-field", default="name")
    parser.add_argument("--code-field", default="code")
    parser.add_argument("--sources",
                        default=os.path.join(DATA, "conflict-ukraine.geojson"))
    parser.add_argument("--target-share", type=float, default=0.30)
    parser.add_argument("--target-km2", type=float, default=0.0)
    parser.add_argument("--tolerance", type=float, default=0.001)
    parser.add_argument("--max-iterations", type=int, default=100)
    parser.add_argument("--format", choices=["csv", "table"], default="table")
    parser.add_argument("--timings", action="store_true",
                        help="print the time of each phase on stderr")
    parser.add_argument("--regions-only", action="store_true",
                        help="only load the boundaries and print code, name, "
                             "area_km2 and the union's area (the peer of "
                             "demine-regions)")
    args = parser.parse_args(argv)
    if not 0 < args.tolerance < 0.5 or args.max_iterations < 1 or \
            not np.isfinite(args.target_share) or not np.isfinite(args.target_km2):
        parser.error("--tolerance must be in (0, 0.5), --max-iterations >= 1, "
                     "targets finite")

    clock = [time.perf_counter()]

    def phase(name):
        now = time.perf_counter()
        if args.timings:
            print(f"time {name}: {now - clock[0]:.3f} s", file=sys.stderr)
        clock[0] = now

    regions = read_regions(args.boundaries, args.code_field, args.name_field)
    if args.regions_only:
        outline = unary_union(regions.geometry.values)
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["code", "name", "area_km2"])
        for r in regions.itertuples():
            out.writerow([r.code, r.name, f"{r.area_m2 / 1e6:.3f}"])
        out.writerow(["total", "(union of all units)",
                      f"{outline.area / 1e6:.3f}"])
        phase("regions")
        return 0
    phase("regions")
    sources = read_sources(args.sources)
    model = Model(regions, sources)
    phase("sources and occupied zone")

    target = (args.target_km2 * 1e6 if args.target_km2 > 0
              else args.target_share * model.outline_m2)
    if target > model.outline_m2 * (1 + 1e-12):
        raise InputError(f"target {target / 1e6:.1f} km² is more than the "
                         f"national area of {model.outline_m2 / 1e6:.1f} km²")
    k, steps = 1.0, 0
    if target > 0:
        k, steps = model.calibrate(target, args.tolerance, args.max_iterations)
    phase("calibration")
    cells, total_m2 = model.cells(k)
    phase("classes and zones")
    table = per_region(cells, regions)
    phase("overlay")

    national = {f"{c}_km2": cells.loc[cells["class"] == c].area.sum() / 1e6
                for c in CLASSES}
    national["occupied_km2"] = (cells.loc[cells["zone"] == "occupied"].area.sum()
                                / 1e6)
    columns = ["km2", "share", "high_km2", "medium_km2", "low_km2",
               "occupied_km2"]
    rows = [[r.code, r.name] + [getattr(r, c) for c in columns]
            for r in table.itertuples()]
    rows.append(["total", "(national)", total_m2 / 1e6,
                 total_m2 / model.outline_m2] +
                [national[c] for c in columns[2:]])
    if args.format == "csv":
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["code", "name"] + columns)
        for row in rows:
            out.writerow(row[:2] + [f"{row[2]:.3f}", f"{row[3]:.6f}"] +
                         [f"{v:.3f}" for v in row[4:]])
    else:
        width = max(len(r[1]) for r in rows)
        print(f"{'code':7} {'name':{width}} {'km2':>10} {'share':>6} "
              f"{'high':>10} {'medium':>10} {'low':>10} {'occupied':>10}")
        for row in rows:
            print(f"{row[0]:7} {row[1]:{width}} {row[2]:10.1f} "
                  f"{100 * row[3]:5.1f}% " +
                  " ".join(f"{v:10.1f}" for v in row[4:]))
    if steps > 0:
        print(f"calibration: every band distance × {k:.4f} ({steps} steps); "
              f"factor {k!r}", file=sys.stderr)
    else:
        print("bands as given (no calibration)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InputError as e:
        print(f"peer_geopandas: {e}", file=sys.stderr)
        sys.exit(1)
    except Exception as e:  # GDAL, GEOS and PROJ errors, unreadable files
        print(f"peer_geopandas: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
