#!/usr/bin/env bash
# Builds examples/busybox/rootfs from Debian's busybox-static: one static binary and its
# applets, enough for the example bundle (and for hand experiments with turf).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ -x /bin/busybox ] || { echo "make-rootfs: install busybox-static (make deps)" >&2; exit 1; }
mkdir -p "$here/rootfs/bin" "$here/rootfs/proc" "$here/rootfs/sys" "$here/rootfs/dev" "$here/rootfs/tmp"
cp /bin/busybox "$here/rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do
    [ -e "$here/rootfs/bin/$applet" ] || ln -s busybox "$here/rootfs/bin/$applet"
done
echo "rootfs ready: $here/rootfs"
