#!/usr/bin/env bash
# The main job (`make demo`): start turfd on a private root, make a seed of the hello-worker
# bundle (turf-worker with its script loaded), warm-fork SANDBOXES sandboxes from it, send each
# an HTTP request, and print per sandbox the time from create to its first response and its
# memory; then remove everything. Needs root (namespaces, cgroups).
# Usage: demo.sh [BUILD_DIR]   (default build; SANDBOXES=N in the environment, default 5)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=$(cd "${1:-$top/build}" && pwd)
N=${SANDBOXES:-5}
if [ "$(id -u)" != 0 ]; then
    echo "demo: WarmFork makes namespaces and cgroups: run it as root (sudo make demo)" >&2
    exit 1
fi

work=$(mktemp -d /tmp/turf-demo.XXXXXX)
chmod 755 "$work" # the seed runs as uid 100000 and reads its bundle from here
sock=$work/turfd.sock
turfd_pid=
T=("$B/turf" --daemon-socket "$sock")
cleanup() {
    if [ -n "$turfd_pid" ]; then
        for id in $("${T[@]}" list -q 2>/dev/null); do "${T[@]}" delete -f "$id" || true; done
        "${T[@]}" seed delete hello 2>/dev/null || true
        kill -TERM "$turfd_pid" 2>/dev/null || true
        wait "$turfd_pid" 2>/dev/null || true
    fi
    umount "$work/root" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
ms_since() { echo $((($(date +%s%N) - $1) / 1000)) | awk '{printf "%.2f", $1 / 1000}'; }
say() { printf '\n$ %s\n' "$*"; }

bash "$top/examples/hello-worker/stage.sh" "$work/hello-worker" "$B/turf-worker"
# turfd's state on tmpfs, as its default root /run/turfd is on a systemd host (the state
# files are rewritten on every create; on a disk filesystem each rename costs a flush).
mkdir -p "$work/root"
mount -t tmpfs -o mode=0700 turf-state "$work/root" || true
say turfd --root "$work/root" --socket "$sock" "&"
"$B/turfd" --root "$work/root" --socket "$sock" 2>"$work/turfd.log" &
turfd_pid=$!
for _ in $(seq 500); do [ -S "$sock" ] && break; sleep 0.01; done

say turf --daemon-socket "$sock" seed create --bundle "$work/hello-worker" hello
start=$(date +%s%N)
"${T[@]}" seed create --bundle "$work/hello-worker" hello
echo "(seed ready in $(ms_since "$start") ms: turf-worker started, app/hello.js loaded, parked)"
"${T[@]}" seed list

printf '\nWarm-forking %d sandboxes, each listening on its own port:\n' "$N"
printf '%-8s %-7s %-8s %-9s %-8s %-10s %-9s %-8s %-9s %s\n' SANDBOX PID HOST-UID CREATE START \
    "FIRST 200" TOTAL PSS PRIVATE RESPONSE
for i in $(seq "$N"); do
    while :; do
        port=$((20000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    id=hello-$i
    # create and start through turfd's socket, then GET / until the first 200 (warm-probe)
    read -r _ create _ startms _ first _ total < <("$B/warm-probe" one "$sock" hello "$id" "$port")
    body=$(curl -s --max-time 5 "http://127.0.0.1:$port/demo-$i")
    pid=$("${T[@]}" state "$id" | jq .pid)
    read -r pss priv < <(awk '/^Pss:/ {p=$2} /^Private_(Clean|Dirty):/ {u+=$2} END {print p, u}' \
        "/proc/$pid/smaps_rollup")
    uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
    printf '%-8s %-7s %-8s %-9s %-8s %-10s %-9s %-8s %-9s %s\n' "$id" "$pid" "$uid" "$create" \
        "$startms" "$first" "$total" "${pss}k" "${priv}k" "$body"
done
echo "(times in ms: create and start requests to turfd, then until the first HTTP 200; memory"
echo " after that request, from /proc/PID/smaps_rollup. make bench compares with cold starts.)"

say turf --daemon-socket "$sock" list
"${T[@]}" list
say turf --daemon-socket "$sock" state hello-1
"${T[@]}" state hello-1 | jq -c '{id, status, pid, turf}'
pid=$("${T[@]}" state hello-1 | jq .pid)
echo "Confinement of hello-1 as the host sees it (/proc/$pid/status):"
grep -E '^(CapEff|NoNewPrivs|Seccomp):' "/proc/$pid/status" | sed 's/^/  /'
echo "  pid namespace $(readlink "/proc/$pid/ns/pid"), turfd's $(readlink /proc/self/ns/pid)"

say "turf --daemon-socket $sock delete -f hello-1 ... hello-$N; seed delete hello"
for i in $(seq "$N"); do "${T[@]}" delete -f "hello-$i"; done
"${T[@]}" seed delete hello
echo "(done; turfd stops and $work is removed)"
