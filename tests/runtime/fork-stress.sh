#!/usr/bin/env bash
# The full fork-safety proof (make stress-runtime): TURF_FORKS (default 1000) children forked one
# after another from a worker that has loaded scripts/fork-stress.js, each under a watchdog.
# Prints the worker's summary lines; exits non-zero if any child hung, crashed or answered wrong.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
W=${TURF_WORKER:-$here/../../build/turf-worker}
FORKS=${TURF_FORKS:-1000}

# Own process group, so that an interrupted run leaves no child behind.
# Under ASan, the fast unwinder: see the same line in run.sh.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=1 \
    setsid "$W" --fork-stress "$FORKS" "$here/scripts/fork-stress.js" &
pid=$!
trap 'kill -KILL -- "-$pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
wait "$pid"
status=$?
if [ "$status" = 0 ]; then
    echo "stress-runtime: $FORKS forks: passed"
else
    echo "stress-runtime: $FORKS forks: FAILED (exit status $status)"
fi
exit "$status"
