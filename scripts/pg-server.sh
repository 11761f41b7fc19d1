# Sourced by the PostGIS benchmark peer (bench/peer_postgis.sh) and the
# PostGIS output test (tests/tools/postgis-output.sh): a private
# PostgreSQL server with PostGIS on a Unix socket in a folder of its own,
# for one run. Run as root, the server runs as the user `postgres` (or
# `nobody`), since PostgreSQL refuses to run as root.
#
#   dm_pg_available          0 when initdb, pg_ctl and psql are installed
#   dm_pg_start DIR          initdb + start in DIR (made by the caller, empty);
#                            creates database `demine` with PostGIS and sets
#                            PGHOST, PGUSER, PGDATABASE and DM_PG (the GDAL
#                            connection string "PG:host=… dbname=demine")
#   dm_pg_stop               stops the server if dm_pg_start started it
# Needs postgresql-15-postgis-3 (Debian), which the callers install.

dm_pg_bin=${PG_BINDIR:-$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
dm_pg_dir=
dm_pg_as_owner=()

dm_pg_available() {
    [ -x "$dm_pg_bin/initdb" ] && [ -x "$dm_pg_bin/pg_ctl" ] \
        && command -v psql >/dev/null 2>&1
}

dm_pg_start() {
    local dir=$1
    if [ "$(id -u)" = 0 ]; then
        local owner=postgres
        id "$owner" >/dev/null 2>&1 || owner=nobody
        chown "$owner" "$dir"
        dm_pg_as_owner=(runuser -u "$owner" --)
    fi
    (cd / && "${dm_pg_as_owner[@]}" "$dm_pg_bin/initdb" -D "$dir/data" -U demine \
        --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1) || {
        cat "$dir/initdb.log" >&2
        return 1
    }
    dm_pg_dir=$dir
    (cd / && "${dm_pg_as_owner[@]}" "$dm_pg_bin/pg_ctl" -D "$dir/data" \
        -l "$dir/server.log" -w \
        -o "-k $dir -h '' -c fsync=off -c synchronous_commit=off" start \
        >/dev/null) || {
        cat "$dir/server.log" >&2
        return 1
    }
    export PGHOST="$dir" PGUSER=demine PGDATABASE=postgres
    command psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE demine' || return 1
    export PGDATABASE=demine
    command psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION postgis' || return 1
    DM_PG="PG:host=$dir user=demine dbname=demine"
}

dm_pg_stop() {
    [ -n "$dm_pg_dir" ] || return 0
    (cd / && "${dm_pg_as_owner[@]}" "$dm_pg_bin/pg_ctl" -D "$dm_pg_dir/data" \
        -m fast -w stop >/dev/null 2>&1) || true
    dm_pg_dir=
}
