#!/bin/sh
# Installs demine into a temporary prefix and uses it as an outside project
# would: the README's C example built with pkg-config, the installed tool on
# the installed data, and demine as a meson subproject.
# Usage: install-test.sh SOURCE_ROOT
set -eu
src=$(cd "$1" && pwd)
. "$(dirname "$0")/../tools/lib.sh"
prefix="$tmp/prefix"

meson setup "$tmp/build" "$src" --prefix "$prefix" -Dtests=false \
    >"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log"; fail "meson setup"; }
meson compile -C "$tmp/build" >"$tmp/compile.log" 2>&1 || { cat "$tmp/compile.log"; fail "compile"; }
meson install -C "$tmp/build" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "install"; }

[ -f "$prefix/include/demine.h" ] || fail "header not installed"
lib=$(find "$prefix" -name 'libdemine.so.3' | head -n 1)
[ -n "$lib" ] || fail "libdemine.so.3 not installed"
libdir=$(dirname "$lib")
[ -f "$libdir/libdemine.so" ] || fail "libdemine.so (dev link) not installed"
[ -f "$prefix/share/demine/ukraine-admin1.geojson" ] || fail "data not installed"
[ -x "$prefix/bin/demine-regions" ] || fail "tool not installed"
pc=$(find "$prefix" -name demine.pc | head -n 1)
[ -n "$pc" ] || fail "demine.pc not installed"
# Only the API is exported: every dynamic symbol starts with dm_.
if command -v nm >/dev/null 2>&1; then
    others=$(nm -D --defined-only "$lib" | awk '$2 == "T" && $3 !~ /^dm_/ { print $3 }')
    [ -z "$others" ] || fail "symbols exported besides dm_*: $others"
fi
ok "installed: header, library, demine.pc, tool, data"

# The README's example, built with pkg-config against the installed files.
export PKG_CONFIG_PATH="$(dirname "$pc")"
version=$(sed -n "s/^ *version: '\(.*\)',$/\1/p" "$src/meson.build" | head -n 1)
[ "$(pkg-config --modversion demine)" = "$version" ] || fail "pkg-config version"
awk '/<!-- example:begin -->/ { f = 1; next } /<!-- example:end -->/ { f = 0 }
     f && !/^```/' "$src/README.md" >"$tmp/example.c"
[ -s "$tmp/example.c" ] || fail "no example in README.md"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror "$tmp/example.c" -o "$tmp/example" \
    $(pkg-config --cflags --libs demine) || fail "the README example does not compile"
LD_LIBRARY_PATH="$libdir" "$tmp/example" >"$tmp/example.out" || fail "the README example failed"
grep -q '^27 units, 599167 km²; Lviv: 21873 km²$' "$tmp/example.out" \
    || fail "README example output: $(cat "$tmp/example.out")"
ok "README example built with pkg-config finds the installed data"

# The installed tool finds the installed library by its RPATH (no
# LD_LIBRARY_PATH, no ldconfig: the prefix is one the loader never
# searches) and reads the installed data, not the source tree's.
readelf -d "$prefix/bin/demine-regions" | grep -q "R.*PATH.*$libdir" \
    || fail "no RPATH to $libdir: $(readelf -d "$prefix/bin/demine-regions" | grep PATH)"
env -u LD_LIBRARY_PATH "$prefix/bin/demine-regions" --format json >"$tmp/regions.json" \
    || fail "the installed tool without LD_LIBRARY_PATH"
grep -q "\"source\":\"$prefix/share/demine/ukraine-admin1.geojson\"" "$tmp/regions.json" \
    || grep -q "\"source\": *\"$prefix/share/demine/ukraine-admin1.geojson\"" "$tmp/regions.json" \
    || fail "installed tool: $(grep source "$tmp/regions.json")"
ok "installed demine-regions uses the installed data folder"

# The installed demine-project finds the installed record and fit.
for f in record-ukraine.csv posterior-baseline.json scenarios/baseline.json; do
    [ -f "$prefix/share/demine/$f" ] || fail "$f not installed"
done
env -u LD_LIBRARY_PATH "$prefix/bin/demine-project" --runs 5 \
    --scenario "$prefix/share/demine/scenarios/baseline.json" --out "$tmp/proj" >"$tmp/proj.txt" \
    || fail "installed demine-project"
grep -q '^replay of the record 2023-01 to 2024-12' "$tmp/proj.txt" \
    || fail "installed demine-project does not replay: $(sed -n 2p "$tmp/proj.txt")"
grep -q "\"posterior\": *\"$prefix/share/demine/posterior-baseline.json\"" "$tmp/proj/summary.json" \
    || fail "installed demine-project: $(grep posterior "$tmp/proj/summary.json")"
ok "installed demine-project draws from the installed fit"

# The Python package installed with pip in a plain venv (no system site
# packages, so no setuptools or wheel of the system's), offline: its build
# backend is in the tree and needs nothing from an index, with build
# isolation or without. PIP_NO_INDEX makes any download fail the test;
# PIP_CONFIG_FILE=/dev/null keeps a user's pip configuration out. -e
# installs it editable: the package imported from the checkout.
if /usr/bin/python3 -c "import ensurepip, venv" 2>/dev/null; then
    export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_CONFIG_FILE=/dev/null
    for how in isolated no-isolation editable; do
        case $how in
        isolated) opts= ;;
        no-isolation) opts=--no-build-isolation ;;
        editable) opts=--editable ;;
        esac
        venv="$tmp/venv-$how"
        /usr/bin/python3 -m venv "$venv" >"$tmp/venv.log" 2>&1 \
            || { cat "$tmp/venv.log"; fail "python3 -m venv"; }
        # shellcheck disable=SC2086
        "$venv/bin/pip" install $opts "$src/python" >"$tmp/pip-$how.log" 2>&1 \
            || { cat "$tmp/pip-$how.log"; fail "pip install $opts ./python"; }
        # The library found as installed (by LD_LIBRARY_PATH), except the
        # editable package, which would find the checkout's build tree
        # first: DEMINE_LIBRARY names the installed one.
        demine_library=
        [ "$how" != editable ] || demine_library="$lib"
        (cd "$tmp" && env -u PYTHONPATH DEMINE_LIBRARY="$demine_library" \
            LD_LIBRARY_PATH="$libdir" "$venv/bin/python" - "$prefix" "$how" \
            "$src/python" "$version" <<'PY') || fail "the package from pip install $opts"
import os, sys, sysconfig
import demine
prefix, how, source, version = sys.argv[1:]
if how == "editable":
    expected = os.path.join(source, "demine", "__init__.py")
else:
    expected = os.path.join(sysconfig.get_paths()["purelib"], "demine", "__init__.py")
assert demine.__file__ == expected, (demine.__file__, expected)
assert demine.__version__ == version, demine.__version__
assert demine.library_path in ("libdemine.so.3",) or demine.library_path.startswith(prefix), demine.library_path
assert demine.data_dir() == os.path.join(prefix, "share", "demine"), demine.data_dir()
with demine.Context() as ctx:
    assert len(ctx.load_regions()) == 27
PY
        # RECORD lists what was installed: uninstalling leaves nothing.
        "$venv/bin/pip" uninstall -y demine >>"$tmp/pip-$how.log" 2>&1 \
            || { cat "$tmp/pip-$how.log"; fail "pip uninstall demine ($how)"; }
        left=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
        left=$(find "$left" -maxdepth 1 \( -name 'demine*' -o -name '__editable__*' \))
        [ -z "$left" ] || fail "pip uninstall demine ($how) left $left"
        ok "pip install ${opts:+$opts }./python offline in a plain venv finds the installed library and data"
    done
    unset PIP_NO_INDEX PIP_DISABLE_PIP_VERSION_CHECK PIP_CONFIG_FILE
else
    echo "ok $((n + 1)) - # SKIP no venv/ensurepip (python3-venv) for /usr/bin/python3"
    n=$((n + 1))
fi

# demine as a subproject of another meson project.
mkdir -p "$tmp/consumer/subprojects"
ln -s "$src" "$tmp/consumer/subprojects/demine"
cp "$tmp/example.c" "$tmp/consumer/main.c"
cat >"$tmp/consumer/meson.build" <<'MESON'
project('consumer', 'c', default_options: ['c_std=c11'])
demine = dependency('demine', fallback: ['demine', 'demine_dep'])
executable('consumer', 'main.c', dependencies: demine)
MESON
unset PKG_CONFIG_PATH
meson setup "$tmp/consumer-build" "$tmp/consumer" --force-fallback-for=demine \
    >"$tmp/sub.log" 2>&1 || { cat "$tmp/sub.log"; fail "subproject setup"; }
# As a subproject only the library is built unless the parent asks.
meson introspect --targets "$tmp/consumer-build" >"$tmp/targets.json"
python3 - "$tmp/targets.json" <<'PY' || fail "the subproject builds more than its library"
import json, sys
names = {t["name"] for t in json.load(open(sys.argv[1]))}
tools = {"demine-regions", "demine-contamination", "demine-project",
         "demine-plan", "demine-calibrate"}
extra = {n for n in names if n.startswith(("test-", "bench-")) or n in tools}
assert not extra, sorted(extra)
assert any(n.startswith("demine") for n in names), sorted(names)
PY
meson compile -C "$tmp/consumer-build" >>"$tmp/sub.log" 2>&1 || { cat "$tmp/sub.log"; fail "subproject compile"; }
"$tmp/consumer-build/consumer" "$src/data/ukraine-admin1.geojson" >"$tmp/sub.out" \
    || fail "subproject program failed"
grep -q '^27 units' "$tmp/sub.out" || fail "subproject output: $(cat "$tmp/sub.out")"
ok "demine as a meson subproject: the library alone"
echo "1..$n"
