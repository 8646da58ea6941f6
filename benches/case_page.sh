#!/usr/bin/env bash
# The case-file page under load: a case with 200 contacts on the generated dataset (country scale by default),
# measured with wrk next to the static route in the same run. Every request to the case page opens a case
# file, so it also writes an access-log entry (group-committed) — that cost is part of the figure.
#   bash benches/case_page.sh            # SCALE=country (342 municipalities, ~6,800 schools, 60,000 cases)
#   SCALE=city bash benches/case_page.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCALE=${SCALE:-country}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
TARGET=${CARGO_TARGET_DIR:-target}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --bin schakel
BIN="$TARGET/release/schakel"
WORK=$(mktemp -d /tmp/schakel-case-bench.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "==> generating the $SCALE dataset"
start=$(date +%s)
"$BIN" generate --scale "$SCALE" --seed 1 --data-dir "$WORK/data" | tee "$WORK/generate.txt"
echo "    generated in $(( $(date +%s) - start ))s"
CASE=$(grep -o 'benchmark case id [0-9]*' "$WORK/generate.txt" | grep -o '[0-9]*$')
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$BIN" serve --data-dir "$WORK/data" --bind "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# Sign in as the social worker `smw`: password, then two-factor enrolment (required for the role), with the
# TOTP code computed here from the secret the page shows.
JAR="$WORK/jar"
curl -s -c "$JAR" -b "$JAR" -o /dev/null -d 'username=smw&password=schakel-demo' "$BASE/login"
PAGE=$(curl -s -b "$JAR" "$BASE/account/two-factor")
SECRET=$(printf '%s' "$PAGE" | grep -o 'id="totp-secret">[A-Z2-7]*' | sed 's/.*>//')
CSRF=$(printf '%s' "$PAGE" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
CODE=$(python3 - "$SECRET" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
)
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "csrf=$CSRF&code=$CODE" "$BASE/account/two-factor"
COOKIE=$(awk '$6 == "schakel_session" { print $7 }' "$JAR")
STATUS=$(curl -s -o "$WORK/case.html" -w '%{http_code}' -H "Cookie: schakel_session=$COOKIE" "$BASE/cases/$CASE")
CONTACTS=$(grep -o 'Contacten ([0-9]*' "$WORK/case.html" | grep -o '[0-9]*$' || true)
echo "==> /cases/$CASE answers $STATUS with ${CONTACTS:-?} contacts ($(wc -c < "$WORK/case.html") bytes)"
[ "$STATUS" = 200 ] || { echo "case page not reachable" >&2; tail -20 "$WORK/serve.log" >&2; exit 1; }

run() {
    local label=$1 path=$2; shift 2
    local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$BASE$path")
    local rps p50 p99
    rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ { print $2 }')
    p50=$(printf '%s\n' "$out" | awk '$1 == "50%" { print $2 }')
    p99=$(printf '%s\n' "$out" | awk '$1 == "99%" { print $2 }')
    printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$label" "$rps" "$p50" "$p99"
    printf '%s\n' "$out" | grep -E 'Non-2xx|Socket errors' || true
}
echo "==> wrk, $CONNECTIONS connections, $DURATION each ($(nproc) cores shared by server and wrk)"
run "static /static/schakel.css" /static/schakel.css
run "case page (200 contacts)" "/cases/$CASE" -H "Cookie: schakel_session=$COOKIE"
echo "==> access log entries written: $("$BIN" audit verify --data-dir "$WORK/data" 2>&1)"
