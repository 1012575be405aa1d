#!/usr/bin/env bash
# Hello-world HTTP: one turf-worker against one node server, measured side by side in one run.
# requests/s: each server pinned to CPU 0, wrk (keep-alive, -t1 -c32) pinned to CPU 1, rounds
# alternating, medians and the ratio. spawn->first 200: fork to the first 200 answer (http-probe),
# median over SPAWNS runs each. Usage: http.sh [ROUNDS] [SECONDS] [SPAWNS]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
W=${TURF_WORKER:-$top/build/turf-worker}
PROBE=${TURF_HTTP_PROBE:-$top/build/tests/bench/http-probe}
ROUNDS=${1:-5}
SECONDS_PER_ROUND=${2:-5}
SPAWNS=${3:-20}

for tool in wrk node taskset; do
    command -v "$tool" >/dev/null || { echo "http.sh: $tool not found (make deps)" >&2; exit 1; }
done
[ "$(nproc)" -ge 2 ] || echo "http.sh: fewer than 2 CPUs; server and wrk share one" >&2
cpu_server=0
cpu_client=$(($(nproc) > 1 ? 1 : 0))

pids=()
trap 'for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
wait_port() {
    for _ in $(seq 500); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.01
    done
    echo "http.sh: nothing listening on port $1" >&2
    return 1
}
free_port() { # a port nothing listens on now
    local p
    while :; do
        p=$((20000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}

tport=$(free_port)
taskset -c $cpu_server "$W" --listen "127.0.0.1:$tport" "$here/http-hello.js" 2>/dev/null &
pids+=($!)
nport=$(free_port)
[ "$nport" != "$tport" ] || nport=$((tport + 1))
taskset -c $cpu_server node "$here/node-hello.js" "$nport" &
pids+=($!)
wait_port "$tport"
wait_port "$nport"

rps() { taskset -c $cpu_client wrk -t1 -c32 -d"${SECONDS_PER_ROUND}s" "http://127.0.0.1:$1/" |
        awk '/^Requests\/sec/ {printf "%d\n", $2}'; }
# One short warm-up each (JIT tiers, caches), not counted.
SECONDS_PER_ROUND=1 rps "$tport" >/dev/null
SECONDS_PER_ROUND=1 rps "$nport" >/dev/null
: >/tmp/turf-bench-t.$$; : >/tmp/turf-bench-n.$$
for i in $(seq "$ROUNDS"); do
    rps "$tport" >>/tmp/turf-bench-t.$$
    rps "$nport" >>/tmp/turf-bench-n.$$
done
t=$(median </tmp/turf-bench-t.$$); n=$(median </tmp/turf-bench-n.$$)
echo "rounds: turf-worker $(tr '\n' ' ' </tmp/turf-bench-t.$$)| node $(tr '\n' ' ' </tmp/turf-bench-n.$$)"
rm -f /tmp/turf-bench-t.$$ /tmp/turf-bench-n.$$
printf 'requests/s        turf-worker %d  node %d  ratio %.2f\n' "$t" "$n" "$(echo "$t $n" | awk '{print $1/$2}')"
for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
wait 2>/dev/null || true
pids=()

: >/tmp/turf-spawn-t.$$; : >/tmp/turf-spawn-n.$$
for i in $(seq "$SPAWNS"); do
    p=$(free_port)
    taskset -c $cpu_server "$PROBE" "$p" "$W" --listen "127.0.0.1:$p" "$here/http-hello.js" \
        2>/dev/null >>/tmp/turf-spawn-t.$$
    p=$(free_port)
    taskset -c $cpu_server "$PROBE" "$p" node "$here/node-hello.js" "$p" >>/tmp/turf-spawn-n.$$
done
t=$(median </tmp/turf-spawn-t.$$); n=$(median </tmp/turf-spawn-n.$$)
rm -f /tmp/turf-spawn-t.$$ /tmp/turf-spawn-n.$$
printf 'spawn->first 200  turf-worker %.1f ms  node %.1f ms  ratio %.2f\n' "$t" "$n" \
    "$(echo "$t $n" | awk '{print $1/$2}')"
