#!/usr/bin/env bash
# Benchmark (not a test): `run` of /bin/true in the same busybox bundle with turf, crun and runc,
# interleaved in a shuffled order (the kernel tears network namespaces down asynchronously and
# bills whoever runs next), printing medians and ratios. crun 1.8 refuses this host's hybrid
# cgroup layout, so all three run in a private mount namespace with /sys/fs/cgroup/unified
# unmounted: the same, pure cgroup v1, layout for each.
#   bash tests/bench/run-true.sh [RUNS]    (default 40 runs of each)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
runs=${1:-40}
turf=${TURF:-$top/build/turf}

if [ "$(id -u)" != 0 ]; then
    echo "bench: needs root (containers)" >&2
    exit 1
fi
if [ -z "${TURF_BENCH_INNER:-}" ]; then
    exec unshare --mount --propagation private env TURF_BENCH_INNER=1 bash "$0" "$@"
fi
umount /sys/fs/cgroup/unified 2>/dev/null || true

work=$(mktemp -d /tmp/turf-bench.XXXXXX)
trap 'for r in turf crun runc; do "$r" --root "$work/state-$r" delete -f "bench-$r" >/dev/null 2>&1 || true; done 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/bin"
cp /bin/busybox "$work/rootfs/bin/"
ln -s busybox "$work/rootfs/bin/true"
ln -s busybox "$work/rootfs/bin/sh"
"$turf" spec --bundle "$work"
jq '.ociVersion = "1.0.2" | .process.terminal = false | .process.args = ["/bin/true"]' "$work/config.json" > "$work/c"
mv "$work/c" "$work/config.json"  # crun 1.8 knows runtime-spec versions up to 1.1 only

declare -A bin=([turf]="$turf" [crun]=crun [runc]=runc)
available=()
for r in turf crun runc; do
    if command -v "${bin[$r]}" >/dev/null && (cd "$work" && "${bin[$r]}" --root "$work/state-$r" run "bench-$r" >/dev/null 2>&1); then
        available+=("$r")
    else
        echo "bench: $r cannot run the bundle here; left out" >&2
    fi
done

# One timed run; EPOCHREALTIME is a bash builtin, so no process is forked to read the clock.
declare -A times
for i in $(seq 1 "$runs"); do
    for r in $(printf '%s\n' "${available[@]}" | shuf); do
        start=$EPOCHREALTIME
        (cd "$work" && "${bin[$r]}" --root "$work/state-$r" run "bench-$r" >/dev/null 2>&1)
        end=$EPOCHREALTIME
        times[$r]+="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) * 1000 }') "
    done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "run /bin/true, busybox bundle, $runs runs each, shuffled; private mount namespace, cgroup v1 only"
declare -A med
for r in "${available[@]}"; do
    med[$r]=$(median <<< "${times[$r]}")
    printf '  %-5s median %7.2f ms\n' "$r" "${med[$r]}"
done
for r in "${available[@]}"; do
    [ "$r" = turf ] && continue
    awk -v t="${med[turf]}" -v o="${med[$r]}" -v n="$r" 'BEGIN { printf "  turf / %s = %.2f (below 1: turf is faster)\n", n, t / o }'
done
