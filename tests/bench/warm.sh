#!/usr/bin/env bash
# WarmFork against cold starts, measured side by side in one run (as root): time from a create
# request to a sandbox's first HTTP 200 (turfd WarmFork, with and without a pool; a cold
# `turf run` of turf-worker; a cold node), creates per second, and memory per idle sandbox
# with WARM_SANDBOXES warm sandboxes alive against NODE_PROCS node servers. Medians and ratios.
# Environment: TURF_BUILD (build directory), RUNS (default 40), WARM_SANDBOXES (1000),
# NODE_PROCS (100), RATE_CREATES (200).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
B=${TURF_BUILD:-$top/build}
RUNS=${RUNS:-40}
WARM_SANDBOXES=${WARM_SANDBOXES:-1000}
NODE_PROCS=${NODE_PROCS:-100}
RATE_CREATES=${RATE_CREATES:-200}

if [ "$(id -u)" != 0 ]; then
    echo "warm.sh: skipped: WarmFork needs root (namespaces, cgroups)"
    exit 0
fi
command -v node >/dev/null || { echo "warm.sh: node not found (make deps)" >&2; exit 1; }
for tool in turf turfd turf-worker warm-probe tests/bench/http-probe; do
    [ -x "$B/$tool" ] || { echo "warm.sh: $B/$tool is not built (make bench builds it)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/turf-warm-bench.XXXXXX)
chmod 755 "$work"
sock=$work/turfd.sock
turfd_pid=
node_pids=()
cleanup() {
    for p in "${node_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    for id in $("$B/turf" --root "$work/cold" list -q 2>/dev/null); do
        "$B/turf" --root "$work/cold" delete -f "$id" 2>/dev/null || true
    done
    if [ -n "$turfd_pid" ]; then
        for id in $("$B/turf" --daemon-socket "$sock" list -q 2>/dev/null); do
            "$B/turf" --daemon-socket "$sock" delete -f "$id" 2>/dev/null || true
        done
        kill -TERM "$turfd_pid" 2>/dev/null || true
        wait "$turfd_pid" 2>/dev/null || true
    fi
    umount "$work/root" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# A port nothing listens on and that this run has not handed out yet (the node servers are
# started before they bind: two could otherwise draw the same one).
declare -A ports_given
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 20000))
        [ -z "${ports_given[$p]:-}" ] || continue
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
        ports_given[$p]=1
        free_port_value=$p
        return
    done
}

bash "$top/examples/hello-worker/stage.sh" "$work/hw" "$B/turf-worker"
# turfd's state on tmpfs, as its default root /run/turfd is on a systemd host (the state
# files are rewritten on every create; on a disk filesystem each rename costs a flush).
mkdir -p "$work/root"
mount -t tmpfs -o mode=0700 turf-state "$work/root" || true
"$B/turfd" --root "$work/root" --socket "$sock" 2>"$work/turfd.log" &
turfd_pid=$!
for _ in $(seq 200); do [ -S "$sock" ] && break; sleep 0.01; done
T=("$B/turf" --daemon-socket "$sock")
"${T[@]}" seed create --bundle "$work/hw" hello
"${T[@]}" seed create --bundle "$work/hw" --pool 8 pooled
sleep 1 # the pool fills while turfd is idle

# -- create -> first 200 --
free_port; port=$free_port_value
# 20 ms between rounds for both, the time turfd needs (idle) to put a child back in the pool.
export WARM_PROBE_GAP_MS=20
read -r _ wc _ ws _ wf _ warm < <("$B/warm-probe" first "$sock" hello "$RUNS" "$port")
read -r _ pc _ ps _ pf _ pool < <("$B/warm-probe" first "$sock" pooled "$RUNS" "$port")
read -r _ rc _ _ _ rf _ prun < <("$B/warm-probe" first-run "$sock" pooled "$RUNS" "$port")
unset WARM_PROBE_GAP_MS

# A cold sandbox of the same worker: the bundle without a network namespace (so the host
# reaches its port), the worker listening itself; `turf run` from fork to the first 200.
mkdir -p "$work/cold-hw"
cp -a "$work/hw/." "$work/cold-hw/"
: >"$work/cold.ms"
for i in $(seq "$RUNS"); do
    free_port; p=$free_port_value
    jq --arg l "127.0.0.1:$p" '.process.args = ["/opt/turf/turf-worker", "--listen", $l,
            "/app/hello.js"] | .linux.namespaces |= map(select(.type != "network"))' \
        "$work/hw/config.json" >"$work/cold-hw/config.json"
    "$B/tests/bench/http-probe" "$p" "$B/turf" --root "$work/cold" run --bundle "$work/cold-hw" \
        "cold-$i" >>"$work/cold.ms" 2>/dev/null
    "$B/turf" --root "$work/cold" delete -f "cold-$i" 2>/dev/null || true
done
cold=$(median <"$work/cold.ms")
: >"$work/node.ms"
for i in $(seq "$RUNS"); do
    free_port; p=$free_port_value
    "$B/tests/bench/http-probe" "$p" node "$here/node-hello.js" "$p" >>"$work/node.ms"
done
nodems=$(median <"$work/node.ms")

printf '\ncreate request -> first HTTP 200 (median of %d; ms)\n' "$RUNS"
printf '  WarmFork, pool, run %6.2f   (run %.2f, first 200 %.2f)\n' "$prun" "$rc" "$rf"
printf '  WarmFork, pool     %7.2f   (create %.2f, start %.2f, first 200 %.2f)\n' "$pool" "$pc" "$ps" "$pf"
printf '  WarmFork           %7.2f   (create %.2f, start %.2f, first 200 %.2f)\n' "$warm" "$wc" "$ws" "$wf"
printf '  cold turf run      %7.2f   (turf-worker in the same bundle, fork of turf run to 200)\n' "$cold"
printf '  cold node          %7.2f   (fork of node to 200)\n' "$nodems"
awk -v r="$prun" -v p="$pool" -v w="$warm" -v c="$cold" -v n="$nodems" 'BEGIN {
    printf "  ratios: node/WarmFork-pool-run %.1fx, node/WarmFork-pool %.1fx, node/WarmFork %.1fx,\n" \
           "          cold-turf/WarmFork %.1fx\n", n / r, n / p, n / w, c / w }'

# -- creates per second --
mkdir -p "$work/socks"
printf '\ncreates per second (%d sandboxes made and started, one after another)\n' "$RATE_CREATES"
printf '  WarmFork, create+start  %s\n' "$("$B/warm-probe" rate "$sock" hello "$RATE_CREATES" "$work/socks")"
printf '  WarmFork, run           %s\n' "$("$B/warm-probe" rate-run "$sock" hello "$RATE_CREATES" "$work/socks")"

# -- memory per idle sandbox --
# turfd watches two descriptors per sandbox (OOM, exit): let it have enough.
printf '\nmemory per idle sandbox, after one request each (PSS and private from smaps_rollup)\n'
read -r _ n _ wpss _ wpriv < <("$B/warm-probe" pss "$sock" hello "$WARM_SANDBOXES" "$work/socks")
printf '  WarmFork x %-6d  PSS %6.0f kB  private %6.0f kB\n' "$n" "$wpss" "$wpriv"
total_pss=0 total_priv=0
for i in $(seq "$NODE_PROCS"); do
    free_port; p=$free_port_value
    node "$here/node-hello.js" "$p" &
    node_pids+=($!)
    disown $!
    ports[i]=$p
done
for i in $(seq "$NODE_PROCS"); do
    for _ in $(seq 500); do
        curl -s -o /dev/null "http://127.0.0.1:${ports[i]}/" && break
        sleep 0.02
    done
done
for pid in "${node_pids[@]}"; do
    read -r pss priv < <(awk '/^Pss:/ {p=$2} /^Private_(Clean|Dirty):/ {u+=$2} END {print p, u}' \
        "/proc/$pid/smaps_rollup")
    total_pss=$((total_pss + pss))
    total_priv=$((total_priv + priv))
done
npss=$((total_pss / NODE_PROCS)) npriv=$((total_priv / NODE_PROCS))
printf '  node x %-10d  PSS %6d kB  private %6d kB\n' "$NODE_PROCS" "$npss" "$npriv"
awk -v a="$wpss" -v b="$npss" 'BEGIN { printf "  ratio node/WarmFork PSS %.1fx\n", b / a }'
