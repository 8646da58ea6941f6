#!/usr/bin/env bash
# Schema-driven fuzzing of the JSON API: `bash scripts/schemathesis.sh [path/to/schakel binary]`
#
# Starts the demo (a fresh SQLite database with the demo world) on a free loopback port, signs in as every
# demo role through POST /api/v1/auth/login, and runs schemathesis against the served OpenAPI document with
# each role's bearer token: positive and negative examples of every operation (the auth routes and token
# revocation excluded: they would end the run's own token),
# checking that no answer is a server error and that every answer conforms to the documented status codes,
# content types and response schemas. Exits non-zero on any failure.
#
# schemathesis (pinned) is installed from PyPI into a virtual environment under
# ${XDG_CACHE_HOME:-~/.cache}/schakel on first use.
#
# Environment (all optional):
#   SCHAKEL_BIN                  the binary to run (default: $CARGO_TARGET_DIR or ./target, debug/schakel)
#   SCHEMATHESIS_MAX_EXAMPLES    examples per operation in the fuzzing phase (default 8)
#   SCHEMATHESIS_PARALLEL        roles fuzzed side by side (default 2)
#   SCHEMATHESIS_ROLES           space-separated demo accounts (default: all six)
#   SCHEMATHESIS_SEED            random seed (default: a fixed one, so CI runs are reproducible)
#   SCHEMATHESIS_REPORT_DIR      where the JUnit reports go (default: $target/schemathesis)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SCHEMATHESIS_VERSION=4.32.5
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

target_dir=${CARGO_TARGET_DIR:-target}
bin=${1:-${SCHAKEL_BIN:-$target_dir/debug/schakel}}
[ -x "$bin" ] || die "no schakel binary at $bin (build it first: cargo build)"
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-8}
parallel=${SCHEMATHESIS_PARALLEL:-2}
roles=${SCHEMATHESIS_ROLES:-smw teamleider school gemeente beheer privacy}
seed=${SCHEMATHESIS_SEED:-20261201}
report_dir=${SCHEMATHESIS_REPORT_DIR:-$target_dir/schemathesis}

# --- schemathesis, pinned, in its own virtual environment ---
venv="${XDG_CACHE_HOME:-$HOME/.cache}/schakel/schemathesis-$SCHEMATHESIS_VERSION"
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    command -v python3 >/dev/null 2>&1 || die "python3 is needed for schemathesis"
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
        log "installing python3-venv"
        if [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >&2
        else
            die "python3's venv module is missing (apt-get install python3-venv)"
        fi
    fi
    log "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
st="$venv/bin/st"
"$st" --version

# --- the demo server ---
data_dir=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
server_log="$data_dir/server.log"
log "starting the demo on $base ($bin)"
"$bin" demo --data-dir "$data_dir" --bind "127.0.0.1:$port" >"$server_log" 2>&1 &
server_pid=$!
cleanup() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -rf "$data_dir"
}
trap cleanup EXIT

waited=0
# Python's standard library instead of curl: python3 is needed anyway, curl may not be installed.
http_ok() {
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$1" >/dev/null 2>&1
}
sign_in() {
    python3 - "$base" "$1" <<'PY'
import json, sys, urllib.request
base, username = sys.argv[1], sys.argv[2]
body = json.dumps({"username": username, "password": "schakel-demo"}).encode()
request = urllib.request.Request(base + "/api/v1/auth/login", data=body, headers={"content-type": "application/json"})
with urllib.request.urlopen(request, timeout=20) as response:
    print(json.load(response)["token"])
PY
}

until http_ok "$base/healthz"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; die "the demo server stopped"; }
    [ "$waited" -lt 120 ] || { cat "$server_log" >&2; die "the demo server did not answer within 60 s"; }
    sleep 0.5
    waited=$((waited + 1))
done

mkdir -p "$report_dir"
report_dir=$(cd "$report_dir" && pwd)

# One role's run: its ids in scope, then schemathesis with its token. One worker per run: CPython 3.11 before
# 3.11.8 can fail `ast.parse` in threads (hypothesis uses it), so parallelism comes from running roles side by
# side instead.
run_role() {
    local role=$1 token rc=0 start=$SECONDS
    token=$(sign_in "$role") || {
        echo "cannot sign in as $role" >"$report_dir/$role.log"
        echo "1 0" >"$report_dir/$role.rc"
        return
    }
    python3 scripts/schemathesis_config.py "$base" "$token" "$report_dir/$role.toml" >"$report_dir/$role.log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then
        # From the report directory: schemathesis keeps its crash cache (.schemathesis/) in the working directory.
        (cd "$report_dir" && "$st" --config-file "$report_dir/$role.toml" run "$base/api/v1/openapi.json" \
            --header "Authorization: Bearer $token" \
            --exclude-path-regex '^/api/v1/(auth/|tokens/[^/]+/revoke$)' \
            --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
            --phases examples,coverage,fuzzing \
            --max-examples "$max_examples" \
            --workers 1 \
            --seed "$seed" \
            --generation-database none \
            --request-timeout 20 \
            --no-color \
            --report junit --report-junit-path "$report_dir/$role.xml" \
            >>"$report_dir/$role.log" 2>&1) || rc=$?
    fi
    echo "$rc $((SECONDS - start))" >"$report_dir/$role.rc"
}

start_all=$SECONDS
log "schemathesis as: $roles (max $max_examples examples per operation and phase, $parallel roles at a time)"
role_pids=()
for role in $roles; do
    rm -f "$report_dir/$role.rc"
    # The server is a background job too: count only the role runs still going.
    while [ "$(for p in ${role_pids[@]+"${role_pids[@]}"}; do kill -0 "$p" 2>/dev/null && echo "$p"; done | wc -l)" -ge "$parallel" ]; do
        sleep 1
    done
    run_role "$role" &
    role_pids+=("$!")
done
for p in "${role_pids[@]}"; do
    wait "$p" || true
done

failed=()
summary=()
for role in $roles; do
    read -r rc took <"$report_dir/$role.rc" || { rc=1; took=0; }
    # The closing summary of schemathesis: how many test cases, and how many failed.
    cases=$(grep -E '^  [0-9]+ generated' "$report_dir/$role.log" | tail -n 1 | sed 's/^ *//' || true)
    closing=$(grep -E '^=+ .* in [0-9.]+s =+$' "$report_dir/$role.log" | tail -n 1 | tr -d '=' | sed 's/^ *//; s/ *$//' || true)
    if [ "$rc" -ne 0 ]; then
        failed+=("$role")
        log "schemathesis as $role failed:"
        sed -n '/^=* FAILURES =*$/,$p; /^=* ERRORS =*$/,$p' "$report_dir/$role.log" >&2
        grep -q -E '^=* (FAILURES|ERRORS) =*$' "$report_dir/$role.log" || cat "$report_dir/$role.log" >&2
        summary+=("$role: FAILED in ${took}s; ${cases:-no test cases}; ${closing}")
    else
        summary+=("$role: ok in ${took}s; ${cases:-no test cases}; ${closing}")
    fi
done

if grep -q -E 'panicked|internal error' "$server_log"; then
    log "the server logged internal errors:"
    grep -E 'panicked|internal error' "$server_log" >&2 | head -n 40
    failed+=("server log")
fi

log "schemathesis summary ($((SECONDS - start_all))s)"
printf '    %s\n' "${summary[@]}" >&2
role_count=$(wc -w <<<"$roles")
printf 'schemathesis: %s passed, %s failed\n' "$((role_count - ${#failed[@]}))" "${#failed[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    die "schemathesis found failures for: ${failed[*]} (reports in $report_dir)"
fi
