#!/usr/bin/env bash
# Lints the man pages in man/: each must format without a single warning, both with
# `groff -ww -z -man` and with `man -l` at 80 columns. Prints the warnings of every page
# that has some, then "N passed, M failed"; exits 1 if any page failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

for tool in groff man; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "lint.sh: $tool not found (install groff-base and man-db)" >&2
        echo "0 passed, 0 failed"
        exit 1
    fi
done

shopt -s nullglob
pages=(man/*.[0-9])
if [ "${#pages[@]}" -eq 0 ]; then
    echo "lint.sh: no man pages found in $root/man" >&2
    echo "0 passed, 0 failed"
    exit 1
fi

passed=0
failed=0
for page in "${pages[@]}"; do
    problems=""

    # groff: stdout is empty with -z; anything on stderr is a warning or an error.
    if ! out="$(groff -ww -z -man "$page" 2>&1 >/dev/null)"; then
        out="${out:+$out$'\n'}groff exited with a failure status"
    fi
    if [ -n "$out" ]; then
        problems+="groff -ww -z -man:"$'\n'"$out"$'\n'
    fi

    # man: render as a reader would at 80 columns; keep only stderr.
    if ! out="$(MANPAGER=cat PAGER=cat MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)"; then
        out="${out:+$out$'\n'}man exited with a failure status"
    fi
    if [ -n "$out" ]; then
        problems+="MANWIDTH=80 man -l:"$'\n'"$out"$'\n'
    fi

    if [ -z "$problems" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $page"
        printf '%s' "$problems" | sed 's/^/  /'
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
