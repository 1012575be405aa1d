#!/usr/bin/env bash
# The main job on a built-in default (`make demo`): write Turf's default OCI config with
# `turf spec`, check it with `turf validate`, and show how a broken config is reported.
# Later releases replace this with the WarmFork demo.
set -euo pipefail
turf=${1:-build/turf}
work=$(mktemp -d /tmp/turf-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "\$ turf spec --bundle $work"
"$turf" spec --bundle "$work"
echo "(wrote $(wc -c < "$work/config.json") bytes; first lines:)"
head -12 "$work/config.json"
echo "..."
echo "\$ turf validate --bundle $work"
"$turf" validate --bundle "$work"

echo
echo "A config with a memory limit written as \"1G\" instead of a number of bytes:"
sed 's/"resources": {/"resources": {\n      "memory": {"limit": "1G"},/' "$work/config.json" > "$work/bad.json"
mkdir "$work/bad" && mv "$work/bad.json" "$work/bad/config.json"
echo "\$ turf validate --bundle $work/bad"
if "$turf" validate --bundle "$work/bad" 2>&1; then
    echo "demo: the broken config was accepted" >&2
    exit 1
fi
echo "(rejected, exit status 1)"
