#!/usr/bin/env bash
# Copies the hello-worker bundle to DIR with a turf-worker binary inside it, ready for
# `turf seed create --bundle DIR`. The seed runs as uid 100000 on the host (its user namespace
# maps 0 to 100000), so the copy lives where that user can reach it: DIR's parents must be
# searchable by others (a fresh `mktemp -d` is 0700: chmod 755 it first).
# Usage: stage.sh DIR [TURF_WORKER]   (TURF_WORKER defaults to build/turf-worker)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:?usage: stage.sh DIR [TURF_WORKER]}
worker=${2:-$here/../../build/turf-worker}
[ -x "$worker" ] || { echo "stage.sh: $worker is not built (make)" >&2; exit 1; }
mkdir -p "$dir"
cp -a "$here/config.json" "$here/app" "$here/rootfs" "$dir/"
cp "$worker" "$dir/turf-worker"
chmod -R go+rX "$dir"
