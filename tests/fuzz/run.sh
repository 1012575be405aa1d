#!/usr/bin/env bash
# Runs the config parser fuzzer for a bounded time over the seed corpus and the test configs.
# New inputs go to a temporary directory (removed on exit), so the repository stays unchanged;
# a crash, leak, timeout or broken round trip leaves its reproducer in build/fuzz/.
set -euo pipefail
fuzzer=${1:?usage: run.sh FUZZER SECONDS}
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/turf-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "fuzz: $fuzzer for ${seconds}s"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="$here/oci_config.dict" -artifact_prefix="$top/build/fuzz/" -print_final_stats=1 \
    "$work" "$here/corpus/oci_config" "$top/tests/data/oci/good" "$top/tests/data/oci/bad" \
    > "$work/log" 2>&1 || { tail -60 "$work/log"; echo "fuzz: FAILED"; exit 1; }
grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/log" || true
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
if [ -z "$runs" ] || [ "$runs" -lt 1000 ]; then
    tail -30 "$work/log"; echo "fuzz: too few executions (${runs:-none})"; exit 1
fi
echo "fuzz: $runs inputs, no crash, leak, hang or round-trip mismatch"
