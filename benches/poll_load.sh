#!/usr/bin/env bash
# A live poll under load (issue 13: "300 poll answers a second from 300 simulated phones on this machine with no
# lost answer"; ADR 026). Starts the release server on a generated database, signs a social worker in as the
# organiser, then runs the load client (benches/poll_load.rs): it opens a poll, gives 300 phones each their own
# cookie jar through the real poll page, fires the answers open-loop at the target rate, repeats one answer per
# phone (it must be ignored) and checks the poll's counts against what was sent. Exits non-zero on a failed
# answer, a lost answer or a double count.
#   bash benches/poll_load.sh                  # SQLite in a fresh temp dir
#   bash benches/poll_load.sh --postgres       # a fresh PostgreSQL database (PGHOST etc., default 127.0.0.1:5432)
#   RATE=300 DURATION=10 PHONES=300 bash benches/poll_load.sh
#   PROFILE=debug RATE=50 PHONES=50 bash benches/poll_load.sh   # a quick check of the harness, no figures
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
POSTGRES=0
[ "${1:-}" = "--postgres" ] && POSTGRES=1
SCALE=${SCALE:-team}
RATE=${RATE:-300}
DURATION=${DURATION:-10}
PHONES=${PHONES:-300}
TARGET=${CARGO_TARGET_DIR:-target}
PROFILE=${PROFILE:-release}
if [ "$PROFILE" = release ]; then cargo build --release --bin schakel --example poll_load; else cargo build --bin schakel --example poll_load; fi
BIN="$TARGET/$PROFILE/schakel"
CLIENT="$TARGET/$PROFILE/examples/poll_load"
WORK=$(mktemp -d /tmp/schakel-poll-bench.XXXXXX)
PID=""
DB=""
PG_ADMIN="postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; PID=""; }
cleanup() {
    stop
    if [ -n "$DB" ]; then psql -q "$PG_ADMIN/postgres" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$POSTGRES" = 1 ]; then
    DB="schakel_poll_bench_$$"
    psql -q "$PG_ADMIN/postgres" -c "CREATE DATABASE $DB" >/dev/null
    export SCHAKEL_DATABASE_URL="$PG_ADMIN/$DB"
    BACKEND="PostgreSQL ($(psql -tA "$PG_ADMIN/postgres" -c 'SHOW server_version'))"
else
    BACKEND="SQLite (embedded, WAL)"
fi

echo "==> generating the $SCALE dataset on $BACKEND"
"$BIN" generate --scale "$SCALE" --seed 1 --data-dir "$WORK/data" >"$WORK/generate.txt"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$BIN" serve --data-dir "$WORK/data" --bind "127.0.0.1:$PORT" >>"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$BASE/healthz" >/dev/null || { echo "server did not start" >&2; tail -20 "$WORK/serve.log" >&2; exit 1; }

totp() { # $1: base32 secret, $2: time step offset
python3 - "$1" "$2" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30 + int(sys.argv[2])), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}

# The organiser, social worker `smw`, enrols in two-factor sign-in on the page (required for the role), then
# signs in to the API with the next step's code (the current one was used at enrolment and cannot be replayed).
JAR="$WORK/jar"
curl -s -c "$JAR" -b "$JAR" -o /dev/null -d 'username=smw&password=schakel-demo' "$BASE/login"
PAGE=$(curl -s -b "$JAR" "$BASE/account/two-factor")
SECRET=$(printf '%s' "$PAGE" | grep -o 'id="totp-secret">[A-Z2-7]*' | sed 's/.*>//')
CSRF=$(printf '%s' "$PAGE" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "csrf=$CSRF&code=$(totp "$SECRET" 0)" "$BASE/account/two-factor"
POLL_LOAD_TOKEN=$(curl -s -H 'content-type: application/json' \
    -d "{\"username\":\"smw\",\"password\":\"schakel-demo\",\"totp\":\"$(totp "$SECRET" 1)\"}" \
    "$BASE/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export POLL_LOAD_TOKEN

echo "==> $PHONES phones, $RATE answers/s for $DURATION s on $BACKEND ($(nproc) cores shared by server and client)"
CPU_BEFORE=$(awk '{ print $14 + $15 }' "/proc/$PID/stat")
STATUS=0
"$CLIENT" --base "$BASE" --phones "$PHONES" --rate "$RATE" --duration "$DURATION" || STATUS=$?
CPU_AFTER=$(awk '{ print $14 + $15 }' "/proc/$PID/stat")
echo "==> server CPU during the run: $(( (CPU_AFTER - CPU_BEFORE) * 1000 / $(getconf CLK_TCK) )) ms;" \
    "RSS $(awk '/VmRSS/ { print $2 / 1024 " MB" }' "/proc/$PID/status")"
stop
[ "$STATUS" = 0 ] && echo "==> OK: no lost answer" || echo "==> FAILED (exit $STATUS)"
exit "$STATUS"
