#!/bin/sh
# Outputs are whole or absent: a run that fails mid-write (here: the file
# size limit, with SIGXFSZ ignored so that write() fails with EFBIG) exits 1
# with a message, leaves no partial GeoPackage, PNG, CSV or JSON, no
# temporary file, and an older complete file untouched.
# Usage: atomic-outputs.sh TOOL_DIR
set -eu
dir=$1
. "$(dirname "$0")/lib.sh"

# limited CMD...: runs CMD with files limited to 40 blocks (20–40 kB).
limited() {
    set +e
    (trap '' XFSZ; ulimit -f 40; "$@") >/dev/null 2>"$tmp/err"
    s=$?
    set -e
}

# Nothing but the expected names (no .demine-*, no .*.XXXXXX).
no_leftovers() {
    left=$(find "$tmp/out" -name '.*' ! -name '.' | head -n 1)
    [ -z "$left" ] || fail "$1: temporary file left: $left"
}

mkdir -p "$tmp/out"
limited "$dir/demine-contamination" --out "$tmp/out/c.gpkg"
[ "$s" = 1 ] || fail "GeoPackage: exit $s"
grep -q "c.gpkg" "$tmp/err" || fail "GeoPackage: message $(cat "$tmp/err")"
[ ! -e "$tmp/out/c.gpkg" ] || fail "a partial GeoPackage"
no_leftovers GeoPackage
ok "GeoPackage failing mid-write: exit 1, no file"

limited "$dir/demine-contamination" --out "$tmp/out/c.geojson" --lonlat
[ "$s" = 1 ] && [ ! -e "$tmp/out/c.geojson" ] || fail "GeoJSON: exit $s"
no_leftovers GeoJSON
ok "GeoJSON failing mid-write: exit 1, no file"

limited "$dir/demine-contamination" --map "$tmp/out/m.png"
[ "$s" = 1 ] && [ ! -e "$tmp/out/m.png" ] || fail "PNG: exit $s"
grep -q "m.png" "$tmp/err" || fail "PNG: message"
no_leftovers PNG
ok "PNG failing mid-write: exit 1, no file"

limited "$dir/demine-project" --runs 20 --out "$tmp/out/p"
[ "$s" = 1 ] || fail "project: exit $s"
[ -z "$(ls -A "$tmp/out/p")" ] || fail "project left: $(ls -A "$tmp/out/p")"
ok "CSV and JSON failing mid-write: exit 1, no file"

# A complete file is replaced only by a complete one.
"$dir/demine-contamination" --out "$tmp/out/keep.gpkg" >/dev/null
cp "$tmp/out/keep.gpkg" "$tmp/before.gpkg"
limited "$dir/demine-contamination" --out "$tmp/out/keep.gpkg" --target-share 0.25
[ "$s" = 1 ] || fail "rewrite: exit $s"
cmp -s "$tmp/out/keep.gpkg" "$tmp/before.gpkg" || fail "the old file changed"
no_leftovers rewrite
ok "a failed rewrite leaves the old file as it was"
# Interrupted (SIGTERM, SIGINT) while it projects: the process ends as
# the signal ends it, the older outputs stay as they were, no temporary
# folder is left; and while one run writes a folder, a second is refused.
"$dir/demine-project" --runs 20 --out "$tmp/out/q" >/dev/null
cp "$tmp/out/q/summary.json" "$tmp/before.json"
for sig in TERM INT; do
    "$dir/demine-project" --runs 3000 --threads 1 --out "$tmp/out/q" >/dev/null 2>&1 &
    pid=$!
    for i in $(seq 1 100); do
        [ -n "$(find "$tmp/out/q" -maxdepth 1 -name '.demine-*' | head -n 1)" ] && break
        sleep 0.1
    done
    [ -n "$(find "$tmp/out/q" -maxdepth 1 -name '.demine-*')" ] || fail "$sig: the run never started"
    if [ "$sig" = TERM ]; then
        status "$dir/demine-project" --runs 5 --out "$tmp/out/q" 2>"$tmp/err" >/dev/null
        [ "$s" = 1 ] && grep -q "is being written by another run" "$tmp/err" \
            || fail "a second writer: exit $s: $(cat "$tmp/err")"
    fi
    kill -s "$sig" "$pid"
    set +e
    wait "$pid"
    s=$?
    set -e
    [ "$s" -gt 128 ] || fail "$sig: exit $s, not ended by the signal"
    cmp -s "$tmp/out/q/summary.json" "$tmp/before.json" || fail "$sig: the older summary changed"
    [ -z "$(find "$tmp/out/q" -maxdepth 1 -name '.demine-*')" ] || fail "$sig: temporary folder left"
done
ok "interrupted by SIGTERM or SIGINT: the older files stay, nothing left; one writer at a time"
echo "1..$n"
