#!/usr/bin/env bash
# Runs each unit test binary under valgrind. Criterion runs every test in a worker process, and
# valgrind's exit code only covers the first process, so each process logs to its own file and
# any error or definite/indirect leak in any of them fails the run.
set -uo pipefail
logs=$(mktemp -d /tmp/turf-valgrind.XXXXXX)
trap 'rm -rf "$logs"' EXIT
failed=0
for t in "$@"; do
    name=$(basename "$t")
    if ! valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --trace-children=yes \
        --log-file="$logs/$name.%p" "$t" --jobs 1 > "$logs/$name.out" 2>&1; then
        echo "valgrind: $name: the tests failed"
        tail -5 "$logs/$name.out"
        failed=1
    fi
    for log in "$logs/$name".[0-9]*; do
        if [ -s "$log" ]; then
            echo "valgrind: $name: errors reported in $(basename "$log"):"
            head -40 "$log"
            failed=1
        fi
    done
    grep -h 'Synthesis' "$logs/$name.out" | sed "s|^|valgrind: $name: |"
done
[ "$failed" = 0 ] && echo "valgrind: no errors and no leaks in $# unit test binaries"
exit "$failed"
