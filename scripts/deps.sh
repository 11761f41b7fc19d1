# Sourced by scripts/run and scripts/test: installs the Debian packages that
# are missing (as root, or with sudo when it needs no password), or says
# which to install.

# dm_need_packages PKG...
dm_need_packages() {
    missing=""
    for p in "$@"; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
            missing="$missing $p"
        fi
    done
    [ -n "$missing" ] || return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "demine: missing packages:$missing; install them (Debian names) and run again" >&2
        return 1
    fi
    if [ "$(id -u)" = 0 ]; then
        sudo=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        echo "demine: missing packages:$missing" >&2
        echo "demine: run: sudo apt-get install$missing" >&2
        return 1
    fi
    echo "demine: installing$missing" >&2
    # Refresh the package lists once if they are missing or older than a day.
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
        $sudo apt-get update -qq >&2
    fi
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
}

# The packages every build needs.
DM_BUILD_PACKAGES="gcc g++ pkg-config meson ninja-build libgdal-dev libgeos-dev libproj-dev libjson-c-dev libcairo2-dev libfontconfig-dev"
# What the tests need on top.
DM_TEST_PACKAGES="libcmocka-dev python3 binutils gdal-bin locales python3-venv python3-pip postgresql-15-postgis-3 valgrind clang libclang-rt-dev chromium"

# dm_configure BUILDDIR [MESON OPTIONS...]: set up a build folder once.
dm_configure() {
    dir=$1
    shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@" >&2
    fi
}
