#!/usr/bin/env bash
# Schakel's test command: `bash scripts/test.sh [cargo test args] [-- test binary args]`
#
# Makes sure the test prerequisites are present (Chromium + ChromeDriver from
# Debian's packages, a PostgreSQL server answering on 127.0.0.1:5432), exports
# the SCHAKEL_TEST_* variables the tests read, then runs the whole workspace's
# tests. Works on a fresh Debian 12 machine (as root, or with sudo); quick and
# quiet when everything is already there.
#
# Environment (all optional):
#   SCHAKEL_TEST_POSTGRES_URL    use this server instead of setting one up locally
#   SCHAKEL_TEST_CHROMIUM        browser binary        (default /usr/bin/chromium)
#   SCHAKEL_TEST_CHROMEDRIVER    chromedriver binary   (default /usr/bin/chromedriver)
#   SCHAKEL_TEST_THREADS         libtest --test-threads (default 4)
#   SCHAKEL_TEST_SETUP_ONLY=1    only set up, print the exports, do not run cargo
#   SCHAKEL_TEST_ICALENDAR_PYTHON  a python with the `icalendar` package (default: a venv under
#                                ${XDG_CACHE_HOME:-~/.cache}/schakel, pinned below); the presence tests read
#                                the calendar feed back with it (RFC 5545)
#   SCHAKEL_TEST_SCHEMATHESIS    1: after the tests, fuzz the API of the demo as every role against its
#                                OpenAPI document (scripts/schemathesis.sh); 0: skip. Default: 1 when run
#                                without arguments (the whole suite, as CI does), else 0.
#
# Examples:
#   bash scripts/test.sh
#   bash scripts/test.sh -p schakel-domain        (then without --workspace)
#   bash scripts/test.sh --test browser -- --nocapture
#   eval "$(SCHAKEL_TEST_SETUP_ONLY=1 bash scripts/test.sh | grep '^export ')"
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_HOST=127.0.0.1
PG_PORT=5432

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we are root, through sudo if we have it.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root (or sudo) to run: $*"
    fi
}

# Run a command as the postgres OS user, from a directory it can read.
as_postgres() {
    if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u postgres -- "$@")
    elif [ "$(id -u)" -eq 0 ]; then
        (cd / && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
    elif command -v sudo >/dev/null 2>&1; then
        (cd / && sudo -u postgres "$@")
    else
        die "need root (or sudo) to run as postgres: $*"
    fi
}

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_browser() {
    log "ensuring Chromium + ChromeDriver"
    if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        apt_install chromium chromium-driver
    fi
    # The PDF annual report is read back as text in the tests (pdftotext, Debian poppler-utils).
    if ! command -v pdftotext >/dev/null 2>&1; then
        apt_install poppler-utils
    fi
    export SCHAKEL_TEST_CHROMIUM="${SCHAKEL_TEST_CHROMIUM:-/usr/bin/chromium}"
    export SCHAKEL_TEST_CHROMEDRIVER="${SCHAKEL_TEST_CHROMEDRIVER:-/usr/bin/chromedriver}"
    [ -x "$SCHAKEL_TEST_CHROMIUM" ] || die "no browser at $SCHAKEL_TEST_CHROMIUM"
    [ -x "$SCHAKEL_TEST_CHROMEDRIVER" ] || die "no chromedriver at $SCHAKEL_TEST_CHROMEDRIVER"
}

pg_ready() {
    command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
}

# Can this URL log in (without a password prompt) and create databases?
pg_url_works() {
    local out
    out="$(PGCONNECT_TIMEOUT=5 psql "$1" -X -w -A -t -q \
        -c "select rolcreatedb or rolsuper from pg_roles where rolname = current_user" 2>/dev/null)" || return 1
    [ "$out" = "t" ]
}

# The version of the first PostgreSQL cluster configured on this machine, if any.
pg_cluster_version() {
    local v
    for v in $(ls /etc/postgresql 2>/dev/null | sort -V); do
        if [ -f "/etc/postgresql/$v/main/postgresql.conf" ]; then
            echo "$v"
            return 0
        fi
    done
    return 1
}

ensure_postgres() {
    log "ensuring PostgreSQL"
    if [ -n "${SCHAKEL_TEST_POSTGRES_URL:-}" ]; then
        log "using SCHAKEL_TEST_POSTGRES_URL from the environment"
        return 0
    fi

    if ! pg_ready; then
        if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
            apt_install postgresql
        fi
        local ver
        if ! ver="$(pg_cluster_version)"; then
            ver="$(ls /usr/lib/postgresql | sort -V | tail -1)"
            log "creating PostgreSQL $ver cluster 'main'"
            as_root pg_createcluster "$ver" main
        fi
        log "starting PostgreSQL $ver cluster 'main'"
        # Exits non-zero when the cluster already runs (e.g. started by apt's postinst).
        as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true

        local waited=0
        until pg_ready; do
            [ "$waited" -lt 30 ] || die "PostgreSQL did not answer on $PG_HOST:$PG_PORT within 30 s"
            sleep 1
            waited=$((waited + 1))
        done
    fi

    local url="postgres://postgres@$PG_HOST:$PG_PORT/postgres"
    if ! pg_url_works "$url"; then
        # A fresh install of Debian's package uses scram over TCP: give the
        # postgres role a password (through the local socket, peer auth) and use it.
        log "no passwordless TCP login for postgres; setting password auth"
        as_postgres psql -X -q -p "$PG_PORT" -v ON_ERROR_STOP=1 \
            -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
        url="postgres://postgres:postgres@$PG_HOST:$PG_PORT/postgres"
        pg_url_works "$url" || die "cannot log in to PostgreSQL at $PG_HOST:$PG_PORT as postgres"
    fi
    export SCHAKEL_TEST_POSTGRES_URL="$url"
}

run_tests() {
    # Extra arguments go to cargo test; anything after a `--` goes to the test
    # binaries, where we add --test-threads unless it was given.
    local cargo_args=() test_args=() seen_sep=0 arg has_threads=0
    for arg in "$@"; do
        if [ "$seen_sep" -eq 0 ] && [ "$arg" = "--" ]; then
            seen_sep=1
        elif [ "$seen_sep" -eq 0 ]; then
            cargo_args+=("$arg")
        else
            test_args+=("$arg")
            case "$arg" in --test-threads*) has_threads=1 ;; esac
        fi
    done
    if [ "$has_threads" -eq 0 ]; then
        test_args+=("--test-threads=${SCHAKEL_TEST_THREADS:-4}")
    fi
    # cargo silently ignores -p when --workspace is given too: pick one.
    local scope=(--workspace)
    for arg in ${cargo_args[@]+"${cargo_args[@]}"}; do
        case "$arg" in -p | -p* | --package | --package=*) scope=() ;; esac
    done

    log "cargo test ${scope[*]} --locked ${cargo_args[*]} -- ${test_args[*]}"
    cargo test ${scope[@]+"${scope[@]}"} --locked ${cargo_args[@]+"${cargo_args[@]}"} -- "${test_args[@]}"
}

# Python's icalendar, pinned, in a venv of its own: a second, independent reader of the calendar feed.
ICALENDAR_VERSION=6.3.1
ensure_icalendar() {
    if [ -n "${SCHAKEL_TEST_ICALENDAR_PYTHON:-}" ]; then
        return
    fi
    local venv="${XDG_CACHE_HOME:-$HOME/.cache}/schakel/icalendar-$ICALENDAR_VERSION"
    if ! "$venv/bin/python" -c "import icalendar, sys; sys.exit(icalendar.__version__ != '$ICALENDAR_VERSION')" 2>/dev/null; then
        log "installing python icalendar $ICALENDAR_VERSION into $venv"
        rm -rf "$venv"
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install --quiet --disable-pip-version-check "icalendar==$ICALENDAR_VERSION" >&2
    fi
    export SCHAKEL_TEST_ICALENDAR_PYTHON="$venv/bin/python"
}

ensure_browser
ensure_postgres
ensure_icalendar
export SCHAKEL_TEST_REQUIRE_ALL=1

log "SCHAKEL_TEST_CHROMIUM=$SCHAKEL_TEST_CHROMIUM"
log "SCHAKEL_TEST_CHROMEDRIVER=$SCHAKEL_TEST_CHROMEDRIVER"
log "SCHAKEL_TEST_POSTGRES_URL=$SCHAKEL_TEST_POSTGRES_URL"

if [ "${SCHAKEL_TEST_SETUP_ONLY:-0}" = "1" ]; then
    for v in SCHAKEL_TEST_CHROMIUM SCHAKEL_TEST_CHROMEDRIVER SCHAKEL_TEST_POSTGRES_URL SCHAKEL_TEST_ICALENDAR_PYTHON SCHAKEL_TEST_REQUIRE_ALL; do
        printf 'export %s=%q\n' "$v" "${!v}"
    done
    exit 0
fi

schemathesis_default=0
[ "$#" -eq 0 ] && schemathesis_default=1

run_tests "$@"

if [ "${SCHAKEL_TEST_SCHEMATHESIS:-$schemathesis_default}" = "1" ]; then
    # The debug binary the tests just built (`cargo build` alone could rebuild it with other features).
    schakel_bin="${CARGO_TARGET_DIR:-target}/debug/schakel"
    if [ ! -x "$schakel_bin" ]; then
        log "cargo build --locked --bin schakel"
        cargo build --locked --bin schakel
    fi
    bash scripts/schemathesis.sh "$schakel_bin"
fi
