#!/usr/bin/env bash
# Load harness for Schakel: start-up time, idle memory, and requests/s + latency for a few
# representative routes under wrk. Run from the repository root:
#
#     bash benches/load.sh
#
# Knobs (environment): DURATION (default 15s), CONNECTIONS (64), THREADS (2), SCALE (city), SEED (1).
# wrk and the server run on the same machine and share its cores; figures are for comparing routes
# and commits, not a capacity statement for a production host.
set -euo pipefail

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
SCALE="${SCALE:-city}"
SEED="${SEED:-1}"
PASSWORD="schakel-demo"

cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() {
    echo "load.sh: $*" >&2
    exit 1
}

# ---------- build and tools ----------
echo "== building release binary" >&2
cargo build --release --bin schakel >&2
BIN="${CARGO_TARGET_DIR:-target}/release/schakel"
[[ -x "$BIN" ]] || die "no binary at $BIN"

if ! command -v wrk >/dev/null 2>&1; then
    echo "== installing wrk" >&2
    if [[ $(id -u) -eq 0 ]]; then
        apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; }
    else
        sudo apt-get install -y wrk >&2
    fi
fi
command -v wrk >/dev/null 2>&1 || die "wrk is not available"
command -v curl >/dev/null 2>&1 || die "curl is not available"

# ---------- fresh data, free port, cleanup ----------
WORK="$(mktemp -d -t schakel-load.XXXXXX)"
DATA="$WORK/data"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    else
        local p
        for _ in $(seq 1 50); do
            p=$((20000 + RANDOM % 20000))
            if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
                echo "$p"
                return
            fi
        done
        die "no free port found"
    fi
}
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"

echo "== generating $SCALE world (seed $SEED) in $DATA" >&2
"$BIN" generate --scale "$SCALE" --seed "$SEED" --data-dir "$DATA"

# ---------- start-up time and idle memory ----------
now_ns() { date +%s%N; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime of the server
CLK_TCK="$(getconf CLK_TCK)"
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

echo "== starting server on $BASE" >&2
START_NS="$(now_ns)"
RUST_LOG="${RUST_LOG:-warn}" "$BIN" serve --data-dir "$DATA" --bind "127.0.0.1:$PORT" \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
READY=""
for _ in $(seq 1 3000); do # at most ~30 s plus curl time
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        cat "$WORK/server.log" >&2
        die "server exited during start-up"
    fi
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/healthz" || true)"
    if [[ "$code" == "200" ]]; then
        READY="$(now_ns)"
        break
    fi
    sleep 0.01
done
[[ -n "$READY" ]] || { cat "$WORK/server.log" >&2; die "server did not answer /healthz with 200"; }
STARTUP_MS=$(((READY - START_NS) / 1000000))
sleep 0.5 # let the runtime settle before reading memory
RSS_IDLE_KB="$(rss_kb "$SERVER_PID")"

# ---------- credentials (one sign-in each: the login throttle is not our target) ----------
JAR="$WORK/cookies"
code="$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" \
    -d "username=beheer&password=$PASSWORD" "$BASE/login")"
[[ "$code" == "303" || "$code" == "302" || "$code" == "200" ]] || die "web sign-in as beheer answered $code"
SESSION="$(awk '$6 == "schakel_session" { print $7 }' "$JAR")"
[[ -n "$SESSION" ]] || die "no schakel_session cookie after signing in as beheer"

TOKEN_JSON="$(curl -s -X POST -H 'content-type: application/json' \
    -d "{\"username\":\"beheer\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login")"
TOKEN="$(printf '%s' "$TOKEN_JSON" | sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')"
[[ -n "$TOKEN" ]] || die "no API token for beheer; answer was: $TOKEN_JSON"

COOKIE_H="Cookie: schakel_session=$SESSION"
AUTH_H="Authorization: Bearer $TOKEN"

# name|path|header (header may be empty)
ROUTES=(
    "static|/static/schakel.css|"
    "healthz|/healthz|"
    "schools page|/schools?page=3|$COOKIE_H"
    "api schools|/api/v1/schools?limit=50|$AUTH_H"
    "workers (logged)|/workers|$COOKIE_H"
)

# Every route must answer 200 with these credentials; wrk counts redirects as successes.
check_route() {
    local name="$1" path="$2" hdr="$3" out
    if [[ -n "$hdr" ]]; then
        out="$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -H "$hdr" "$BASE$path")"
    else
        out="$(curl -s -o /dev/null -w '%{http_code} %{size_download}' "$BASE$path")"
    fi
    [[ "${out%% *}" == "200" ]] || die "$name ($path) answered ${out%% *}, not 200"
    echo "${out##* }"
}
declare -A BYTES
for r in "${ROUTES[@]}"; do
    IFS='|' read -r name path hdr <<<"$r"
    BYTES[$name]="$(check_route "$name" "$path" "$hdr")"
    echo "   ok 200  $name  $path  (${BYTES[$name]} bytes)" >&2
done

audit_entries() {
    local out
    out="$("$BIN" audit verify --data-dir "$DATA" 2>&1)" || die "audit verify failed: $out"
    grep -o '[0-9]\+ entries' <<<"$out" | grep -o '[0-9]\+' || echo 0
}
AUDIT_BEFORE="$(audit_entries)"

# ---------- load ----------
to_ms() { # wrk latency like 812.00us, 1.23ms, 1.05s -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n = n / 1000
        else if (v ~ /ms$/) n = n
        else if (v ~ /m$/) n = n * 60000
        else if (v ~ /s$/) n = n * 1000
        printf "%.2f", n
    }'
}

declare -A RPS P50 P99 ERRS TOTAL CPU_US
for r in "${ROUTES[@]}"; do
    IFS='|' read -r name path hdr <<<"$r"
    echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency  $name  $path" >&2
    args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
    [[ -n "$hdr" ]] && args+=(-H "$hdr")
    ticks_before="$(cpu_ticks "$SERVER_PID")"
    out="$(wrk "${args[@]}" "$BASE$path")"
    ticks_after="$(cpu_ticks "$SERVER_PID")"
    echo "$out" >"$WORK/wrk-${name// /_}.txt"
    RPS[$name]="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
    TOTAL[$name]="$(awk '/requests in/ { print $1; exit }' <<<"$out")"
    CPU_US[$name]="$(awk -v t=$((ticks_after - ticks_before)) -v hz="$CLK_TCK" -v n="${TOTAL[$name]}" \
        'BEGIN { printf "%.0f", t / hz * 1e6 / n }')"
    P50[$name]="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    P99[$name]="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")"
    sockerr="$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")"
    ERRS[$name]=$((${non2xx:-0} + ${sockerr:-0}))
    [[ -n "${RPS[$name]}" ]] || { echo "$out" >&2; die "could not read wrk output for $name"; }
    if [[ "${ERRS[$name]}" -gt 0 ]]; then
        echo "$out" >&2
        echo "load.sh: WARNING: $name had ${ERRS[$name]} non-2xx/3xx responses or socket errors" >&2
    fi
done

# The session and token must still be good after the load (a 303 to /login would look like success to wrk).
for r in "${ROUTES[@]}"; do
    IFS='|' read -r name path hdr <<<"$r"
    check_route "$name" "$path" "$hdr" >/dev/null
done

RSS_LOADED_KB="$(rss_kb "$SERVER_PID")"

# Every /workers request must have left an access-log entry; verify the chain while the server runs.
AUDIT_START_NS="$(now_ns)"
AUDIT_AFTER="$(audit_entries)"
AUDIT_MS=$((($(now_ns) - AUDIT_START_NS) / 1000000))

# ---------- report ----------
STATIC_RPS="${RPS[static]}"
echo
echo "Schakel load run: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo); wrk shares the cores with the server"
echo "data: generate --scale $SCALE --seed $SEED; wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
echo "server CPU = the server process's user+system CPU time during the run / requests completed"
echo
printf '%-18s %s\n' "start-up" "$STARTUP_MS ms (spawn until /healthz answers 200, polled every 10 ms)"
printf '%-18s %s\n' "RSS idle" "$(mb "$RSS_IDLE_KB") MB"
printf '%-18s %s\n' "RSS after load" "$(mb "$RSS_LOADED_KB") MB"
printf '%-18s %s\n' "access log" "+$((AUDIT_AFTER - AUDIT_BEFORE)) entries during the load (wrk completed ${TOTAL["workers (logged)"]} /workers requests); chain of $AUDIT_AFTER verified in $AUDIT_MS ms"
echo
printf '%-18s %-26s %9s %9s %9s %9s %11s %7s %6s\n' route path "req/s" "p50 ms" "p99 ms" "vs static" "server CPU" bytes errors
for r in "${ROUTES[@]}"; do
    IFS='|' read -r name path _ <<<"$r"
    ratio="$(awk -v a="${RPS[$name]}" -v b="$STATIC_RPS" 'BEGIN { printf "%.2f", a / b }')"
    printf '%-18s %-26s %9s %9s %9s %8sx %8s us %7s %6s\n' "$name" "$path" "${RPS[$name]}" "${P50[$name]}" \
        "${P99[$name]}" "$ratio" "${CPU_US[$name]}" "${BYTES[$name]}" "${ERRS[$name]}"
done
