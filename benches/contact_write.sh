#!/usr/bin/env bash
# The cost of SQLite's durability setting on a write (ADR 009): `POST /api/v1/cases/{id}/contacts` under
# wrk with `synchronous = FULL` (the default) and `NORMAL`, alternating in one run on the same data, so the
# ratio holds up on a noisy machine even when the absolute figures move.
#   bash benches/contact_write.sh                 # SCALE=team, 4 rounds of 10 s per setting
#   ROUNDS=2 DURATION=20s bash benches/contact_write.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCALE=${SCALE:-team}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-4}
TARGET=${CARGO_TARGET_DIR:-target}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --bin schakel
BIN="$TARGET/release/schakel"
WORK=$(mktemp -d /tmp/schakel-write-bench.XXXXXX)
PID=""
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; PID=""; }
cleanup() { stop; rm -rf "$WORK"; }
trap cleanup EXIT

echo "==> generating the $SCALE dataset"
"$BIN" generate --scale "$SCALE" --seed 1 --data-dir "$WORK/data" | tee "$WORK/generate.txt"
CASE=$(grep -o 'benchmark case id [0-9]*' "$WORK/generate.txt" | grep -o '[0-9]*$')
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

start_server() { # $1: full | normal
    SCHAKEL_SQLITE_SYNCHRONOUS=$1 "$BIN" serve --data-dir "$WORK/data" --bind "127.0.0.1:$PORT" \
        >>"$WORK/serve.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 600); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
    echo "server did not start" >&2; tail -20 "$WORK/serve.log" >&2; exit 1
}

totp() { # $1: base32 secret, $2: time step offset
python3 - "$1" "$2" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30 + int(sys.argv[2])), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}

# The social worker `smw` enrols in two-factor sign-in on the page (required for the role), then signs in
# to the API with the next step's code (the current one was used at enrolment and cannot be replayed).
start_server full
JAR="$WORK/jar"
curl -s -c "$JAR" -b "$JAR" -o /dev/null -d 'username=smw&password=schakel-demo' "$BASE/login"
PAGE=$(curl -s -b "$JAR" "$BASE/account/two-factor")
SECRET=$(printf '%s' "$PAGE" | grep -o 'id="totp-secret">[A-Z2-7]*' | sed 's/.*>//')
CSRF=$(printf '%s' "$PAGE" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "csrf=$CSRF&code=$(totp "$SECRET" 0)" "$BASE/account/two-factor"
TOKEN=$(curl -s -H 'content-type: application/json' \
    -d "{\"username\":\"smw\",\"password\":\"schakel-demo\",\"totp\":\"$(totp "$SECRET" 1)\"}" \
    "$BASE/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
stop

TODAY=$(date -u +%F)
cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"held_on":"$TODAY","kind":"gesprek_kind","participants":"kind","minutes":30,"note":"Belasting-test: gesprek over school en thuis."}'
LUA

run() { # $1: full | normal
    start_server "$1"
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
        -H 'content-type: application/json' --data "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$WORK/post.lua")" \
        "$BASE/api/v1/cases/$CASE/contacts")
    [ "$status" = 201 ] || [ "$status" = 200 ] || { echo "contact write answers $status" >&2; stop; exit 1; }
    local out rps p50 p99
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" "$BASE/api/v1/cases/$CASE/contacts")
    rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ { print $2 }')
    p50=$(printf '%s\n' "$out" | awk '$1 == "50%" { print $2 }')
    p99=$(printf '%s\n' "$out" | awk '$1 == "99%" { print $2 }')
    printf 'synchronous=%-7s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
    printf '%s\n' "$out" | grep -E 'Non-2xx|Socket errors' || true
    stop
}
echo "==> wrk -t2 -c$CONNECTIONS -d$DURATION, POST /api/v1/cases/$CASE/contacts, $ROUNDS rounds ($(nproc) cores shared by server and wrk)"
for _ in $(seq 1 "$ROUNDS"); do
    run full
    run normal
done
echo "==> access log: $("$BIN" audit verify --data-dir "$WORK/data" 2>&1)"
