#!/usr/bin/env python3
"""Runs demine-contamination and its benchmark peers on the same inputs and
checks that they agree: every region's contaminated km² within 0.5 % (or
0.25 km², 0.5 % of 50 km², for small areas), the national total within
0.1 %. Prints the comparison; exit status 0 when every peer agrees, 1 when
one does not or fails, 2 on bad usage. Standard library only.

    bench/compare_peer.py --tool /tmp/peer-build/examples/demine-contamination
    bench/compare_peer.py --tool … --peer geopandas --peer postgis \\
        --boundaries ../shared/data/geoBoundaries-UKR-ADM1.geojson \\
        --name-field shapeName --code-field shapeISO
"""

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PEERS = {
    "geopandas": ["/usr/bin/python3", os.path.join(HERE, "peer_geopandas.py")],
    "postgis": [os.path.join(HERE, "peer_postgis.sh")],
}
CLASSES = ["high", "medium", "low"]


def find_tool():
    for candidate in (os.environ.get("DEMINE_CONTAMINATION"),
                      os.path.join(ROOT, "build", "examples",
                                   "demine-contamination"),
                      "/tmp/peer-build/examples/demine-contamination"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def run(cmd):
    """Runs cmd; (stdout, stderr, seconds). Raises RuntimeError on failure."""
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    seconds = time.perf_counter() - start
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {p.returncode}:\n"
                           f"{p.stderr.strip()}")
    return p.stdout, p.stderr, seconds


def read_csv(text):
    """{code: row} with floats for every numeric column; 'total' included."""
    rows = {}
    for row in csv.DictReader(io.StringIO(text)):
        out = {"name": row["name"]}
        for key, value in row.items():
            if key not in ("code", "name"):
                out[key] = float(value)
        rows[row["code"]] = out
    return rows


def agree(a, b, rel, abs_km2):
    """|a - b| within rel of the larger, or within abs_km2."""
    diff = abs(a - b)
    return diff <= abs_km2 or diff <= rel * max(abs(a), abs(b))


def rel_diff(a, b):
    if a == b:
        return 0.0
    return (b - a) / max(abs(a), abs(b))


def compare(name, lib, peer, args):
    """Prints the table of one peer against the library; True when they
    agree."""
    ok = True
    missing = sorted(set(lib) ^ set(peer))
    if missing:
        print(f"{name}: regions not in both outputs: {', '.join(missing)}")
        ok = False
    print(f"\n{'code':8} {'name':30} {'library km2':>13} {name + ' km2':>15} "
          f"{'diff km2':>10} {'diff':>8}  classes h/m/l/occ (diff %)")
    worst_rel = (0.0, "-")   # over regions of at least small_km2
    worst_abs = (0.0, "-")   # over smaller regions
    worst_class = (0.0, "-")
    for code in [c for c in lib if c in peer]:
        a, b = lib[code], peer[code]
        d = b["km2"] - a["km2"]
        r = rel_diff(a["km2"], b["km2"])
        if code == "total":
            good = agree(a["km2"], b["km2"], args.national_tolerance, 0.0)
        else:
            good = agree(a["km2"], b["km2"], args.region_tolerance,
                         args.region_tolerance * args.small_km2)
            if max(a["km2"], b["km2"]) >= args.small_km2:
                if abs(r) > worst_rel[0]:
                    worst_rel = (abs(r), code)
            elif abs(d) > worst_abs[0]:
                worst_abs = (abs(d), code)
        classes = []
        for key in [f"{c}_km2" for c in CLASSES] + ["occupied_km2"]:
            if key in a and key in b:
                cr = rel_diff(a[key], b[key])
                classes.append(f"{100 * cr:+.2f}")
                if (code != "total" and abs(cr) > worst_class[0] and
                        max(a[key], b[key]) >= args.small_km2):
                    worst_class = (abs(cr), f"{code} {key}")
        ok &= good
        print(f"{code:8} {a['name'][:30]:30} {a['km2']:13.3f} {b['km2']:15.3f} "
              f"{d:+10.3f} {100 * r:+7.3f}%  {' '.join(classes)}"
              f"{'' if good else '  <-- DISAGREES'}")
    total = rel_diff(lib["total"]["km2"], peer["total"]["km2"]) \
        if "total" in lib and "total" in peer else float("nan")
    print(f"{name}: max region difference {100 * worst_rel[0]:.3f} % "
          f"({worst_rel[1]}, regions >= {args.small_km2:g} km²); "
          f"max small-region difference {worst_abs[0]:.3f} km² "
          f"({worst_abs[1]}); national {100 * total:+.4f} %; "
          f"max class difference {100 * worst_class[0]:.3f} % "
          f"({worst_class[1]}, informative)")
    return ok


def main():
    p = argparse.ArgumentParser(
        description="Compare demine-contamination with its peers.")
    p.add_argument("--tool", default=find_tool(),
                   help="demine-contamination to run (default: "
                   "$DEMINE_CONTAMINATION, build/examples/, /tmp/peer-build)")
    p.add_argument("--peer", action="append", choices=sorted(PEERS),
                   help="peer to check (repeatable; default: geopandas)")
    p.add_argument("--boundaries")
    p.add_argument("--name-field")
    p.add_argument("--code-field")
    p.add_argument("--sources")
    p.add_argument("--target-share", default="0.30")
    p.add_argument("--region-tolerance", type=float, default=0.005)
    p.add_argument("--national-tolerance", type=float, default=0.001)
    p.add_argument("--small-km2", type=float, default=50.0,
                   help="regions under this are compared with an absolute "
                   "tolerance of region-tolerance × small-km2")
    args = p.parse_args()
    if not args.tool:
        p.error("no demine-contamination found: give --tool")
    peers = args.peer or ["geopandas"]

    inputs = []
    for flag in ("boundaries", "name_field", "code_field", "sources",
                 "target_share"):
        value = getattr(args, flag)
        if value is not None:
            inputs += ["--" + flag.replace("_", "-"), value]

    try:
        out, _, seconds = run([args.tool] + inputs + ["--format", "csv"])
        lib = read_csv(out)
        js, _, _ = run([args.tool] + inputs + ["--format", "json"])
        cal = json.loads(js)["calibration"]
    except (RuntimeError, OSError, ValueError, KeyError) as e:
        print(f"compare_peer: the library failed: {e}", file=sys.stderr)
        return 1
    print(f"library: {args.tool} ({seconds:.2f} s): factor "
          f"{cal['factor']:.6f}, {cal['iterations']} steps")

    ok = True
    for name in peers:
        try:
            out, err, seconds = run(PEERS[name] + inputs + ["--format", "csv"])
            peer = read_csv(out)
        except (RuntimeError, OSError, ValueError, KeyError) as e:
            print(f"compare_peer: peer {name} failed: {e}", file=sys.stderr)
            ok = False
            continue
        m = re.search(r"factor ([0-9.eE+-]+)", err)
        steps = re.search(r"\((\d+) steps\)", err)
        print(f"\n{name}: {' '.join(PEERS[name])} ({seconds:.2f} s): factor "
              f"{float(m.group(1)) if m else float('nan'):.6f}, "
              f"{steps.group(1) if steps else '?'} steps")
        ok &= compare(name, lib, peer, args)
    print("\nAGREE" if ok else "\nDISAGREE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
