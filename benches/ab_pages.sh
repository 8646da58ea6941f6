#!/usr/bin/env bash
# A/B of the case page and the schools page between two release binaries (e.g. before and after a change), on
# the same machine in alternating rounds, each route next to the static route of the same round (ADR 007):
#
#   bash benches/ab_pages.sh OLD_BINARY NEW_BINARY
#
# Each binary generates its own dataset (SCALE, default city; seed 1) — a database migrated by a newer binary
# cannot be opened by an older one — and is served on its own port. Knobs: SCALE, ROUNDS (3), DURATION (10s),
# CONNECTIONS (64). Prints one line per round, binary and route: req/s, p50, p99, and req/s as a share of the
# static route of that round. The case page is also measured at `?section=contacts` (the section a worker uses
# most) when the binary has sections.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
SCALE=${SCALE:-city}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
WORK=$(mktemp -d /tmp/schakel-ab.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

totp() {
    python3 - "$1" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}

# start NAME BINARY: generate, serve, sign in as `smw` (with two-factor enrolment); sets BASE_NAME, COOKIE_NAME, CASE_NAME.
start() {
    local name=$1 bin=$2 dir="$WORK/$1"
    mkdir -p "$dir"
    "$bin" generate --scale "$SCALE" --seed 1 --data-dir "$dir/data" >"$dir/generate.txt"
    local case port base jar page secret csrf
    case=$(grep -o 'benchmark case id [0-9]*' "$dir/generate.txt" | grep -o '[0-9]*$')
    port=$(free_port)
    base="http://127.0.0.1:$port"
    "$bin" serve --data-dir "$dir/data" --bind "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 600); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    jar="$dir/jar"
    curl -s -c "$jar" -b "$jar" -o /dev/null -d 'username=smw&password=schakel-demo' "$base/login"
    page=$(curl -s -b "$jar" "$base/account/two-factor")
    secret=$(printf '%s' "$page" | grep -o 'id="totp-secret">[A-Z2-7]*' | sed 's/.*>//')
    csrf=$(printf '%s' "$page" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
    curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf=$csrf&code=$(totp "$secret")" "$base/account/two-factor"
    printf -v "BASE_$name" '%s' "$base"
    printf -v "COOKIE_$name" '%s' "$(awk '$6 == "schakel_session" { print $7 }' "$jar")"
    printf -v "CASE_$name" '%s' "$case"
}

# measure LABEL URL [curl/wrk header]: one wrk run; prints "rps p50 p99".
measure() {
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
    if printf '%s\n' "$out" | grep -q 'Non-2xx'; then echo "non-2xx answers for $*" >&2; exit 1; fi
    printf '%s %s %s\n' \
        "$(printf '%s\n' "$out" | awk '/Requests\/sec/ { print $2 }')" \
        "$(printf '%s\n' "$out" | awk '$1 == "50%" { print $2 }')" \
        "$(printf '%s\n' "$out" | awk '$1 == "99%" { print $2 }')"
}

echo "==> generating the $SCALE dataset for both binaries"
start A "$1"
start B "$2"
echo "==> wrk, $CONNECTIONS connections, $DURATION per route, $ROUNDS alternating rounds ($(nproc) cores shared)"
printf '%-5s %-3s %-26s %10s %9s %9s %8s\n' round bin route "req/s" p50 p99 "÷static"
for round in $(seq 1 "$ROUNDS"); do
    for name in A B; do
        base_var="BASE_$name" cookie_var="COOKIE_$name" case_var="CASE_$name"
        base=${!base_var} cookie="Cookie: schakel_session=${!cookie_var}" case=${!case_var}
        read -r s_rps s_p50 s_p99 < <(measure "$base/static/schakel.css")
        printf '%-5s %-3s %-26s %10s %9s %9s %8s\n' "$round" "$name" "static" "$s_rps" "$s_p50" "$s_p99" "1"
        routes=("case page|/cases/$case" "schools page|/schools?page=3")
        if curl -s -H "$cookie" "$base/cases/$case" | grep -q 'data-section='; then
            routes+=("case page, contacts|/cases/$case?section=contacts")
        fi
        for r in "${routes[@]}"; do
            read -r rps p50 p99 < <(measure -H "$cookie" "$base${r#*|}")
            printf '%-5s %-3s %-26s %10s %9s %9s %8s\n' "$round" "$name" "${r%%|*}" "$rps" "$p50" "$p99" \
                "$(python3 -c "print(f'{$rps / $s_rps * 100:.2f} %')")"
        done
    done
done
