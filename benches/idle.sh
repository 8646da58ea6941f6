#!/usr/bin/env bash
# One request at a time on an idle server (issue 14 item 2: "one idle request for the case page < 1.5 ms"):
# generates city data (one year, seed 1), serves it, signs in as `smw` with two-factor, then asks each route 30
# times in a row with curl and prints the median of the last 25 `time_total`s. curl's own floor shows in the static
# route and /healthz; the server's time is roughly the route's figure minus that floor.
#
#     bash benches/idle.sh [BINARY]        (default: target/release/schakel; build it with cargo build --release)
#
# SCHAKEL_SQLITE_SYNCHRONOUS=normal shows what the access-log commit's fsync costs (ADR 009 keeps FULL).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${1:-target/release/schakel}
[[ -x "$BIN" ]] || { echo "idle.sh: no binary at $BIN" >&2; exit 1; }
W=$(mktemp -d -t schakel-idle.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
PASSWORD=schakel-demo
"$BIN" generate --scale city --seed 1 --years 1 --data-dir "$W/data" >"$W/generate.txt"
CASE=$(grep -o 'benchmark case id [0-9]*' "$W/generate.txt" | grep -o '[0-9]*$')
RUST_LOG=warn "$BIN" serve --data-dir "$W/data" --bind "127.0.0.1:$PORT" >"$W/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$W"' EXIT
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done

totp() {
    python3 - "$1" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
h = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}
JAR="$W/jar"
curl -s -c "$JAR" -b "$JAR" -o /dev/null -d "username=smw&password=$PASSWORD" "$BASE/login"
PAGE=$(curl -s -b "$JAR" -c "$JAR" "$BASE/account/two-factor")
SECRET=$(printf '%s' "$PAGE" | grep -o 'id="totp-secret">[A-Z2-7]*' | sed 's/.*>//')
CSRF=$(printf '%s' "$PAGE" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "csrf=$CSRF&code=$(totp "$SECRET")" "$BASE/account/two-factor"

echo "idle requests, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for route in /static/schakel.css /healthz "/schools?page=3" "/cases/$CASE" "/cases/$CASE?section=contacts" "/cases/$CASE?section=timeline"; do
    for _ in $(seq 30); do
        curl -s -b "$JAR" -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE$route"
    done >"$W/times.txt"
    status=$(tail -1 "$W/times.txt" | cut -d' ' -f1)
    [[ "$status" == 200 ]] || { echo "idle.sh: $route answered $status" >&2; exit 1; }
    median=$(tail -25 "$W/times.txt" | cut -d' ' -f2 | sort -n | sed -n 13p)
    printf '%-40s %8.2f ms\n' "$route" "$(python3 -c "print($median * 1000)")"
done
