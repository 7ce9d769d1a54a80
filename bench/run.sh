#!/usr/bin/env bash
# bench/run.sh -- rsemu side by side with the zero-work Beast "limit" server and
# moto_server, in one interleaved run on loopback, with rsemu_loadgen (SigV4-signed
# awsQuery over keep-alive connections). Prints one table plus the scale figures.
#
#   1. builds rsemu, rsemu_loadgen (build-perf, Release at -O2) and the limit server
#      (../shared/bench-anchors/build.sh);
#   2. starts limit (--mode fixed), moto_server and rsemu (in memory) on loopback,
#      timing launch -> first answered DescribeClusters (rsemu_loadgen --startup-cmd);
#   3. runs the mixes describe-one, describe-page (10,000 clusters seeded in rsemu),
#      describe-tags, writes, authz-heavy against each server, ROUNDS interleaved
#      rounds (order reversed every other round);
#   4. scale: a fresh rsemu with 100 clusters, then 100,000: page-of-100 cost and RSS;
#   5. durable: rsemu --data-dir: write throughput, then kill -9 and count what survived.
# It stops only the processes it started, by PID. About 6-8 minutes with the defaults.
#
# Usage: bench/run.sh [--duration S] [--rounds N] [--connections N] [--no-moto] [--out DIR]
#                     [--scale-clusters N] [--no-build]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchors="${ANCHORS_DIR:-$root/../shared/bench-anchors}"
build="${BUILD_DIR:-$root/build-perf}"
DUR=3
ROUNDS=2
CONNS=32
RUN_MOTO=1
BUILD=1
SCALE=100000
OUT=""
LIMIT_PORT="${LIMIT_PORT:-18711}"
MOTO_PORT="${MOTO_PORT:-18713}"
RSEMU_PORT="${RSEMU_PORT:-18714}"
SCALE_PORT="${SCALE_PORT:-18715}"
DURABLE_PORT="${DURABLE_PORT:-18716}"
PROBE_PORT="${PROBE_PORT:-18717}"
# The limit server runs with the anchors' default of 2 threads; rsemu with its
# own default (1 I/O thread; see emulator/options.h).
LIMIT_THREADS="${LIMIT_THREADS:-2}"

while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DUR="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --connections) CONNS="$2"; shift 2 ;;
        --no-moto) RUN_MOTO=0; shift ;;
        --no-build) BUILD=0; shift ;;
        --scale-clusters) SCALE="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 64 ;;
    esac
done
OUT="${OUT:-/tmp/rsemu-bench-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
RAW="$OUT/results.tsv"
INFO="$OUT/servers.tsv"
: >"$RAW"
printf 'server\tstartup_ms\trss_idle_kb\trss_after_kb\n' >"$INFO"

STARTED_PIDS=()
cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${STARTED_PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    STARTED_PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
port_in_use() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }

if [ "$BUILD" = 1 ]; then
    # -O2: GCC 12 reports false -Wrestrict errors at -O3 (CMake's Release default).
    echo "== build ($build)"
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS_RELEASE="-O2 -g -DNDEBUG" >"$OUT/cmake.log"
    cmake --build "$build" -j2 --target rsemu rsemu_loadgen >"$OUT/build.log" 2>&1 \
        || { tail -30 "$OUT/build.log" >&2; exit 1; }
fi
RSEMU="$build/rsemu"
LOADGEN="$build/rsemu_loadgen"
LIMIT="$("$anchors/build.sh" 2>"$OUT/limit-build.log")"
MOTO=""
if [ "$RUN_MOTO" = 1 ]; then
    MOTO="$(command -v moto_server || true)"
    [ -n "$MOTO" ] || { echo "moto_server not on PATH; rerun with --no-moto" >&2; exit 1; }
fi
echo "== machine: $(nproc) cpus, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# startup_probe NAME PORT REPEAT CMD: launch -> first answered request, repeated.
startup_probe() {
    local name="$1" port="$2" repeat="$3" cmd="$4" line
    port_in_use "$port" && { echo "port $port in use" >&2; exit 1; }
    line=$("$LOADGEN" --port "$port" --repeat "$repeat" --startup-cmd "$cmd" \
           | grep '^LOADGEN_RESULT')
    echo "  startup $name: $line"
    printf 'startup\t-\t%s\t%s\n' "$name" "$line" >>"$RAW"
}

declare -A PORT PID
NAMES=()
start_server() {  # NAME PORT CMD...
    local name="$1" port="$2"; shift 2
    port_in_use "$port" && { echo "port $port is in use" >&2; exit 1; }
    "$@" >"$OUT/$name.log" 2>&1 &
    local pid=$!
    STARTED_PIDS+=("$pid")
    for _ in $(seq 600); do
        port_in_use "$port" && break
        kill -0 "$pid" 2>/dev/null || { echo "$name died, see $OUT/$name.log" >&2; exit 1; }
        sleep 0.05
    done
    PORT[$name]="$port"; PID[$name]="$pid"; NAMES+=("$name")
    echo "  started $name pid=$pid port=$port"
}

echo "== startup probes (launch -> first answered DescribeClusters)"
startup_probe rsemu "$PROBE_PORT" 10 "$RSEMU --port $PROBE_PORT --log-level warn"
startup_probe limit "$PROBE_PORT" 5 "$LIMIT --mode fixed --host 127.0.0.1 --port $PROBE_PORT --threads $LIMIT_THREADS"
[ -n "$MOTO" ] && startup_probe moto "$PROBE_PORT" 2 "$MOTO -H 127.0.0.1 -p $PROBE_PORT"

echo "== start servers"
start_server limit "$LIMIT_PORT" "$LIMIT" --mode fixed --host 127.0.0.1 --port "$LIMIT_PORT" --threads "$LIMIT_THREADS"
[ -n "$MOTO" ] && start_server moto "$MOTO_PORT" "$MOTO" -H 127.0.0.1 -p "$MOTO_PORT"
start_server rsemu "$RSEMU_PORT" "$RSEMU" --host 127.0.0.1 --port "$RSEMU_PORT"
sleep 1
declare -A RSS_IDLE
for name in "${NAMES[@]}"; do RSS_IDLE[$name]=$(rss_kb "${PID[$name]}"); done

# one_run MIX ROUND NAME [loadgen args...]
one_run() {
    local mix="$1" round="$2" name="$3" line; shift 3
    line=$("$LOADGEN" --port "${PORT[$name]}" --server-pid "${PID[$name]}" --mix "$mix" \
           --connections "$CONNS" --duration "$DUR" "$@" 2>>"$OUT/loadgen.err" \
           | grep '^LOADGEN_RESULT' || true)
    [ -n "$line" ] || line="LOADGEN_RESULT mix=$mix requests=0 rps=0 p50_us=0 p99_us=0 non2xx=0 errors=1 cpu_us_per_req=-1"
    printf 'load\t%s\t%s\t%s\n' "$round" "$name" "$line" >>"$RAW"
    echo "  $mix r$round $name: ${line#LOADGEN_RESULT }"
}

echo "== seed rsemu with 10,000 clusters (50 accounts x 200: the node quota per account)"
"$LOADGEN" --port "$RSEMU_PORT" --mix seed --seed-clusters 10000 --connections 8 | grep '^LOADGEN_RESULT'

MIXES="describe-one describe-page describe-tags writes authz-heavy"
for mix in $MIXES; do
    echo "== $mix: $ROUNDS rounds x ${DUR}s, $CONNS connections"
    for r in $(seq "$ROUNDS"); do
        list="${NAMES[*]}"
        [ $((r % 2)) = 0 ] && list="$(echo "$list" | tr ' ' '\n' | tac | tr '\n' ' ')"
        for name in $list; do
            # moto would need minutes to seed 10,000 clusters: no describe-page row.
            [ "$name" = moto ] && [ "$mix" = describe-page ] && continue
            one_run "$mix" "$r" "$name" --seed-clusters 10000
        done
    done
done
for name in "${NAMES[@]}"; do
    printf '%s\t\t%s\t%s\n' "$name" "${RSS_IDLE[$name]}" "$(rss_kb "${PID[$name]}")" >>"$INFO"
done
cleanup

echo "== scale: page of 100 with 100 clusters, then with $SCALE"
start_server scale "$SCALE_PORT" "$RSEMU" --host 127.0.0.1 --port "$SCALE_PORT" --log-level warn
"$LOADGEN" --port "$SCALE_PORT" --mix seed --seed-clusters 100 --connections 4 | grep '^LOADGEN_RESULT'
sleep 0.5
rss100=$(rss_kb "${PID[scale]}")
one_run describe-page 1 scale --seed-clusters 100
t0=$(date +%s)
"$LOADGEN" --port "$SCALE_PORT" --mix seed --seed-clusters "$SCALE" --seed-from 100 --connections 8 \
    | grep '^LOADGEN_RESULT'
t1=$(date +%s)
sleep 0.5
rss_big=$(rss_kb "${PID[scale]}")
one_run describe-page 2 scale --seed-clusters "$SCALE"
printf 'scale\t-\tscale\tclusters_small=100 rss_small_kb=%s clusters_big=%s rss_big_kb=%s seed_s=%s\n' \
    "$rss100" "$SCALE" "$rss_big" "$((t1 - t0))" >>"$RAW"
cleanup

echo "== durable: rsemu --data-dir, writes, then kill -9 and recount"
DATA="$OUT/data"
rm -rf "$DATA"
start_server durable "$DURABLE_PORT" "$RSEMU" --host 127.0.0.1 --port "$DURABLE_PORT" \
    --data-dir "$DATA" --log-level warn
for r in $(seq "$ROUNDS"); do one_run writes "$r" durable; done
"$LOADGEN" --port "$DURABLE_PORT" --mix seed --seed-clusters 200 --connections 8 | grep '^LOADGEN_RESULT' \
    | tee "$OUT/durable-seed.txt"
acked=$(sed -n 's/.*requests=\([0-9]*\).*non2xx=\([0-9]*\).*/\1 \2/p' "$OUT/durable-seed.txt" | awk '{print $1-$2}')
kill -KILL "${PID[durable]}"
wait "${PID[durable]}" 2>/dev/null || true
STARTED_PIDS=()
start_server durable2 "$DURABLE_PORT" "$RSEMU" --host 127.0.0.1 --port "$DURABLE_PORT" \
    --data-dir "$DATA" --log-level warn
count_clusters() {  # the clusters of the first seeded account (DescribeClusters pages)
    local marker="" total=0 body n
    local auth='Authorization: AWS4-HMAC-SHA256 Credential=222200000000/20261128/us-east-1/redshift/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000'
    while :; do
        body=$(curl -s -X POST -H 'Content-Type: application/x-www-form-urlencoded' -H "$auth" \
               -H 'X-Amz-Date: 20261128T120000Z' \
               --data "Action=DescribeClusters&Version=2012-12-01&MaxRecords=100${marker:+&Marker=$marker}" \
               "http://127.0.0.1:$DURABLE_PORT/")
        n=$(grep -o '<ClusterIdentifier>' <<<"$body" | wc -l)
        total=$((total + n))
        marker=$(sed -n 's:.*<Marker>\([^<]*\)</Marker>.*:\1:p' <<<"$body" | python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.stdin.read().strip(),safe=""))')
        [ -n "$marker" ] || break
    done
    echo "$total"
}
survived=$(count_clusters)
printf 'durable\t-\tdurable\tacked=%s survived=%s\n' "$acked" "$survived" >>"$RAW"
echo "  acknowledged creates: $acked, present after kill -9 and restart: $survived"
cleanup

load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== results ($ROUNDS interleaved rounds x ${DUR}s per cell, $CONNS connections; load average at end: $load_end)"
python3 "$root/bench/report.py" "$RAW" "$INFO"
echo "raw results: $OUT"
