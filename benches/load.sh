#!/usr/bin/env bash
# Load harness for Schakel: start-up time, idle memory, and requests/s + latency for a few
# representative routes under wrk. Run from the repository root:
#
#     bash benches/load.sh
#
# Knobs (environment): DURATION (default 15s), CONNECTIONS (64), THREADS (2), SCALE (city), SEED (1),
# YEARS (the generator's default when unset), BACKEND (sqlite | postgres), PG_URL (postgres://postgres@127.0.0.1:5432,
# without a database: the run creates and drops two databases of its own).
# wrk and the server run on the same machine and share its cores; figures are for comparing routes
# and commits, not a capacity statement for a production host.
#
# The bare anchor (ADR 029, issue 14): benches/bare is a minimal axum server — one primary-key read of a
# 1,000,000-row table answering a small HTML page, one INSERT — on the same backend (rusqlite with Schakel's
# pragmas, or PostgreSQL through sqlx's plain driver). It runs in the same run, and every Schakel route is
# reported as a ratio to it: reads to the bare read, the contact write to the bare insert. Absolute figures on
# a shared machine move 2x between runs; the ratios hold better.
set -euo pipefail

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
SCALE="${SCALE:-city}"
SEED="${SEED:-1}"
YEARS="${YEARS:-}"
BACKEND="${BACKEND:-sqlite}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
PASSWORD="schakel-demo"
[[ "$BACKEND" == "sqlite" || "$BACKEND" == "postgres" ]] || { echo "load.sh: BACKEND must be sqlite or postgres" >&2; exit 2; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() {
    echo "load.sh: $*" >&2
    exit 1
}

# ---------- build and tools ----------
echo "== building release binaries (Schakel, and the bare anchor in benches/bare)" >&2
cargo build --release --bin schakel >&2
BIN="${CARGO_TARGET_DIR:-target}/release/schakel"
[[ -x "$BIN" ]] || die "no binary at $BIN"
cargo build --release --manifest-path benches/bare/Cargo.toml >&2
BARE_BIN="${CARGO_TARGET_DIR:-benches/bare/target}/release/schakel-bare"
[[ -x "$BARE_BIN" ]] || die "no binary at $BARE_BIN"
command -v python3 >/dev/null 2>&1 || die "python3 is not available (two-factor codes for the social worker)"

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
BARE_PID=""
PG_DBS=()
cleanup() {
    for pid in "$SERVER_PID" "$BARE_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    for db in "${PG_DBS[@]}"; do
        psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    done
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
BARE_PORT="$(free_port)"
BARE_BASE="http://127.0.0.1:$BARE_PORT"

DB_ARGS=()
BARE_ARGS=(--sqlite "$WORK/bare.sqlite")
BARE_PREFIX="/sqlite"
if [[ "$BACKEND" == "postgres" ]]; then
    command -v psql >/dev/null 2>&1 || die "psql is not available"
    for db in "schakel_load_$$" "schakel_bare_$$"; do
        psql -q "$PG_URL/postgres" -c "CREATE DATABASE $db" >/dev/null || die "cannot create database $db at $PG_URL"
        PG_DBS+=("$db")
    done
    DB_ARGS=(--database-url "$PG_URL/schakel_load_$$")
    BARE_ARGS+=(--postgres "$PG_URL/schakel_bare_$$")
    BARE_PREFIX="/pg"
fi

# The anchor first: it fills its 1,000,000-row table(s) at start-up, before Schakel is started and measured.
echo "== starting the bare anchor on $BARE_BASE (filling 1,000,000 rows)" >&2
"$BARE_BIN" --bind "127.0.0.1:$BARE_PORT" "${BARE_ARGS[@]}" >"$WORK/bare.log" 2>&1 &
BARE_PID=$!
for _ in $(seq 1 600); do
    kill -0 "$BARE_PID" 2>/dev/null || { cat "$WORK/bare.log" >&2; die "the bare anchor exited during start-up"; }
    curl -fs -o /dev/null --max-time 1 "$BARE_BASE/healthz" && break
    sleep 0.5
done
curl -fs -o /dev/null "$BARE_BASE/healthz" || die "the bare anchor did not start"

echo "== generating $SCALE world (seed $SEED, $BACKEND) in $DATA" >&2
GEN_ARGS=(--scale "$SCALE" --seed "$SEED")
[[ -n "$YEARS" ]] && GEN_ARGS+=(--years "$YEARS")
"$BIN" generate "${GEN_ARGS[@]}" --data-dir "$DATA" "${DB_ARGS[@]}" | tee "$WORK/generate.txt"
CASE="$(grep -o 'benchmark case id [0-9]*' "$WORK/generate.txt" | grep -o '[0-9]*$' || true)"
LONG_CASE="$(grep -o 'long case id [0-9]*' "$WORK/generate.txt" | grep -o '[0-9]*$' || true)"
[[ -n "$CASE" && -n "$LONG_CASE" ]] || die "the generator did not name the benchmark cases (200 and 2000 contacts)"

# ---------- start-up time and idle memory ----------
now_ns() { date +%s%N; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime of the server
CLK_TCK="$(getconf CLK_TCK)"
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# The parts of the RSS: anonymous (the process's own heap and stacks) and file-backed (the binary and, on SQLite,
# the database pages mapped by `PRAGMA mmap_size`: the kernel's page cache, shared, dropped under pressure).
rss_part_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

echo "== starting server on $BASE" >&2
START_NS="$(now_ns)"
RUST_LOG="${RUST_LOG:-warn}" "$BIN" serve --data-dir "$DATA" "${DB_ARGS[@]}" --bind "127.0.0.1:$PORT" \
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

# The social worker `smw` (whose the benchmark cases are) enrols in two-factor sign-in on the page (required
# for the role), then signs in to the API with the next step's code (the current one cannot be replayed).
totp() { # $1: base32 secret, $2: time step offset
    python3 - "$1" "$2" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30 + int(sys.argv[2])), hashlib.sha1).digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))
PY
}
SMW_JAR="$WORK/smw-cookies"
curl -s -c "$SMW_JAR" -b "$SMW_JAR" -o /dev/null -d "username=smw&password=$PASSWORD" "$BASE/login"
PAGE="$(curl -s -b "$SMW_JAR" "$BASE/account/two-factor")"
SECRET="$(printf '%s' "$PAGE" | grep -o 'id="totp-secret">[A-Z2-7]*' | sed 's/.*>//' || true)"
CSRF="$(printf '%s' "$PAGE" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//' || true)"
[[ -n "$SECRET" && -n "$CSRF" ]] || die "no two-factor enrolment page for smw"
curl -s -b "$SMW_JAR" -c "$SMW_JAR" -o /dev/null -d "csrf=$CSRF&code=$(totp "$SECRET" 0)" "$BASE/account/two-factor"
SMW_SESSION="$(awk '$6 == "schakel_session" { print $7 }' "$SMW_JAR")"
SMW_JSON="$(curl -s -H 'content-type: application/json' \
    -d "{\"username\":\"smw\",\"password\":\"$PASSWORD\",\"totp\":\"$(totp "$SECRET" 1)\"}" "$BASE/api/v1/auth/login")"
SMW_TOKEN="$(printf '%s' "$SMW_JSON" | sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')"
[[ -n "$SMW_SESSION" && -n "$SMW_TOKEN" ]] || die "smw could not sign in; API answer: $SMW_JSON"
SMW_COOKIE_H="Cookie: schakel_session=$SMW_SESSION"
SMW_AUTH_H="Authorization: Bearer $SMW_TOKEN"

# Writes: wrk scripts with a fixed body (no per-request Lua, which would cost wrk CPU on the shared cores).
TODAY="$(date -u +%F)"
CONTACT_BODY="{\"held_on\":\"$TODAY\",\"kind\":\"gesprek_kind\",\"participants\":\"kind\",\"minutes\":30,\"note\":\"Belasting-test: gesprek over school en thuis.\"}"
cat >"$WORK/contact.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $SMW_TOKEN"
wrk.body = '$CONTACT_BODY'
LUA
cat >"$WORK/bare-insert.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$CONTACT_BODY'
LUA

# name|server|path|header|wrk script|anchor   (server: schakel | bare; header, script and anchor may be empty)
# Reads run before writes, so the cases have their generated contacts when read. The bare read reads one fixed
# row, as the case routes read one fixed case.
ROUTES=(
    "bare read|bare|$BARE_PREFIX/items/500000|||"
    "static|schakel|/static/schakel.css|||bare read"
    "healthz|schakel|/healthz|||bare read"
    "schools page|schakel|/schools?page=3|$COOKIE_H||bare read"
    "api schools|schakel|/api/v1/schools?limit=50|$AUTH_H||bare read"
    "workers (logged)|schakel|/workers|$COOKIE_H||bare read"
    "case page 200|schakel|/cases/$CASE|$SMW_COOKIE_H||bare read"
    "case page 2000|schakel|/cases/$LONG_CASE|$SMW_COOKIE_H||bare read"
    "case api 200|schakel|/api/v1/cases/$CASE|$SMW_AUTH_H||bare read"
    "case api 2000|schakel|/api/v1/cases/$LONG_CASE|$SMW_AUTH_H||bare read"
    "bare insert|bare|$BARE_PREFIX/items||bare-insert.lua|"
    "contact write|schakel|/api/v1/cases/$CASE/contacts|$SMW_AUTH_H|contact.lua|bare insert"
)

base_of() { if [[ "$1" == "bare" ]]; then echo "$BARE_BASE"; else echo "$BASE"; fi; }

# Every route must answer 200 (a write 201) with these credentials; wrk counts redirects as successes.
check_route() {
    local name="$1" server="$2" path="$3" hdr="$4" script="$5" out want=200 args=()
    [[ -n "$hdr" ]] && args+=(-H "$hdr")
    if [[ -n "$script" ]]; then
        want=201
        args+=(-X POST -H 'content-type: application/json' --data "$CONTACT_BODY")
    fi
    out="$(curl -s -o "$WORK/check.out" -w '%{http_code} %{size_download}' "${args[@]}" "$(base_of "$server")$path")"
    [[ "${out%% *}" == "$want" ]] || die "$name ($path) answered ${out%% *}, not $want"
    echo "${out##* }"
}
declare -A BYTES
for r in "${ROUTES[@]}"; do
    IFS='|' read -r name server path hdr script _ <<<"$r"
    BYTES[$name]="$(check_route "$name" "$server" "$path" "$hdr" "$script")"
    echo "   ok  $name  $path  (${BYTES[$name]} bytes)" >&2
done
for c in "$CASE" "$LONG_CASE"; do
    n="$(curl -s -H "$SMW_COOKIE_H" "$BASE/cases/$c" | grep -o 'Contacten ([0-9]*' | grep -o '[0-9]*$' || true)"
    echo "   case $c shows ${n:-?} contacts on its page" >&2
done

audit_entries() {
    local out
    out="$("$BIN" audit verify --data-dir "$DATA" "${DB_ARGS[@]}" 2>&1)" || die "audit verify failed: $out"
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
    IFS='|' read -r name server path hdr script _ <<<"$r"
    echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency  $name  $path" >&2
    args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
    [[ -n "$hdr" && -z "$script" ]] && args+=(-H "$hdr")
    [[ -n "$script" ]] && args+=(-s "$WORK/$script")
    pid="$SERVER_PID"
    [[ "$server" == "bare" ]] && pid="$BARE_PID"
    ticks_before="$(cpu_ticks "$pid")"
    out="$(wrk "${args[@]}" "$(base_of "$server")$path")"
    ticks_after="$(cpu_ticks "$pid")"
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
    IFS='|' read -r name server path hdr script _ <<<"$r"
    check_route "$name" "$server" "$path" "$hdr" "$script" >/dev/null
done

RSS_LOADED_KB="$(rss_kb "$SERVER_PID")"
RSS_ANON_KB="$(rss_part_kb "$SERVER_PID" RssAnon)"
RSS_FILE_KB="$(rss_part_kb "$SERVER_PID" RssFile)"

# Every /workers request must have left an access-log entry; verify the chain while the server runs.
AUDIT_START_NS="$(now_ns)"
AUDIT_AFTER="$(audit_entries)"
AUDIT_MS=$((($(now_ns) - AUDIT_START_NS) / 1000000))

# ---------- report ----------
STATIC_RPS="${RPS[static]}"
echo
echo "Schakel load run: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo); wrk shares the cores with the server"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares the cores)"
echo "data: $BACKEND, generate ${GEN_ARGS[*]}; benchmark cases $CASE (200 contacts) and $LONG_CASE (2000); wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
echo "bare anchor: benches/bare ($BARE_PREFIX/items/{id}: one primary-key read of 1,000,000 rows; POST $BARE_PREFIX/items: one INSERT)"
echo "server CPU = the server process's user+system CPU time during the run / requests completed"
echo
printf '%-18s %s\n' "start-up" "$STARTUP_MS ms (spawn until /healthz answers 200, polled every 10 ms)"
printf '%-18s %s\n' "RSS idle" "$(mb "$RSS_IDLE_KB") MB"
printf '%-18s %s\n' "RSS after load" "$(mb "$RSS_LOADED_KB") MB (anonymous $(mb "$RSS_ANON_KB") MB, file-backed incl. mapped database $(mb "$RSS_FILE_KB") MB)"
printf '%-18s %s\n' "access log" "+$((AUDIT_AFTER - AUDIT_BEFORE)) entries during the load (wrk completed ${TOTAL["workers (logged)"]} /workers requests); chain of $AUDIT_AFTER verified in $AUDIT_MS ms"
echo
echo "vs bare = req/s as a share of the anchor's route in this run (reads: bare read; contact write: bare insert);"
echo "p99 x bare = the route's p99 as a multiple of the anchor's p99"
echo
printf '%-17s %-30s %8s %8s %8s %9s %8s %10s %11s %7s %6s\n' route path "req/s" "p50 ms" "p99 ms" "vs static" \
    "vs bare" "p99 x bare" "server CPU" bytes errors
for r in "${ROUTES[@]}"; do
    IFS='|' read -r name _ path _ _ anchor <<<"$r"
    ratio="$(awk -v a="${RPS[$name]}" -v b="$STATIC_RPS" 'BEGIN { printf "%.2f", a / b }')"
    vs_bare="-"
    p99_bare="-"
    if [[ -n "$anchor" ]]; then
        vs_bare="$(awk -v a="${RPS[$name]}" -v b="${RPS[$anchor]}" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
        p99_bare="$(awk -v a="${P99[$name]}" -v b="${P99[$anchor]}" 'BEGIN { printf "%.1fx", a / b }')"
    fi
    printf '%-17s %-30s %8s %8s %8s %8sx %8s %10s %8s us %7s %6s\n' "$name" "${path:0:30}" "${RPS[$name]}" \
        "${P50[$name]}" "${P99[$name]}" "$ratio" "$vs_bare" "$p99_bare" "${CPU_US[$name]}" "${BYTES[$name]}" \
        "${ERRS[$name]}"
done
awk -v a="${RPS["case page 2000"]}" -v b="${RPS["case page 200"]}" -v c="${RPS["case api 2000"]}" \
    -v d="${RPS["case api 200"]}" -v e="${P99["case page 2000"]}" -v f="${P99["case page 200"]}" \
    -v g="${P99["case api 2000"]}" -v h="${P99["case api 200"]}" 'BEGIN {
    printf "\n2000 vs 200 contacts: case page %.0f%% of the req/s, p99 %.1fx; case API %.0f%% of the req/s, p99 %.1fx\n",
        100 * a / b, e / f, 100 * c / d, g / h }'
