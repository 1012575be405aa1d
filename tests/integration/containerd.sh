#!/usr/bin/env bash
# turf as the OCI runtime behind containerd's runc shim (io.containerd.runc.v2 with BinaryName,
# i.e. `ctr run --runc-binary`), checked case by case against runc on the same containerd.
#
#   bash tests/integration/containerd.sh                        # build/turf, then runc
#   RUNTIMES="/path/to/turf" bash tests/integration/containerd.sh   # one runtime only
#
# A private containerd (its own root, state, socket and config under a temp dir) runs in a
# private mount namespace with a tmpfs over /run, because containerd 1.6 always puts shim
# sockets under /run/containerd; the host's containerd, if any, is never contacted. The image
# is built here from busybox-static as an OCI layout tarball and imported, with no registry.
# Each runtime is called through a wrapper that records its argv (kept as argv.<name> in the
# temp dir with KEEP=1). Everything is removed on any exit and checked for from outside.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
RUNTIMES=${RUNTIMES:-"$top/build/turf runc"}
TMO=${TMO:-30} # seconds any one ctr command may take

# ---- the outer part: preconditions, the private namespace, and the leftover checks ----

if [ -z "${TURF_CTD_WORK:-}" ]; then
    if [ "$(id -u)" != 0 ]; then
        t_skip "containerd tests" "need root to run containerd (run as root)"
        t_finish
        exit
    fi
    for tool in containerd ctr containerd-shim-runc-v2 jq sha256sum tar unshare script timeout \
        pgrep; do
        if ! command -v "$tool" >/dev/null; then
            t_skip "containerd tests" "$tool is missing: apt-get install containerd (make deps)"
            t_finish
            exit
        fi
    done
    if [ ! -x /bin/busybox ]; then
        t_skip "containerd tests" "busybox-static is missing (make deps)"
        t_finish
        exit
    fi
    for r in $RUNTIMES; do
        if ! command -v "$r" >/dev/null; then
            t_check "the runtime $r exists (build it with make)" false
            t_finish
            exit
        fi
    done

    work=$(mktemp -d /tmp/turf-ctd.XXXXXX)
    chmod 0755 "$work"
    ns=turfctd$$
    host_containerd=$(pgrep -x containerd | sort | tr '\n' ' ')
    outer_cleanup() {
        # Whatever the inner part left (it was killed, say): processes first, then cgroups.
        local pid
        for pid in $(pgrep -f -- "$work/" 2>/dev/null); do
            [ "$pid" != $$ ] && kill -9 "$pid" 2>/dev/null
        done
        find /sys/fs/cgroup -maxdepth 3 -depth -type d -path "*/$ns/*" -exec rmdir {} + \
            2>/dev/null
        find /sys/fs/cgroup -maxdepth 2 -depth -type d -name "$ns" -exec rmdir {} + 2>/dev/null
        if [ "${KEEP:-0}" = 1 ]; then
            echo "# kept $work"
        else
            rm -rf --one-file-system "$work"
        fi
    }
    trap outer_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    start=$(date +%s)
    TURF_CTD_WORK=$work TURF_CTD_NS=$ns RUNTIMES="$RUNTIMES" \
        timeout -k 10 600 unshare -m --propagation private bash "$0"
    echo "# inner part exited with $? after $(($(date +%s) - start)) s"
    read -r T_PASSED T_FAILED T_SKIPPED <"$work/counts" 2>/dev/null || T_FAILED=$((T_FAILED + 1))

    no_processes() {
        local left
        left=$(pgrep -af -- "$work/" | grep -v "^$$ ")
        [ -z "$left" ] && return 0
        echo "  left running: $left"
        return 1
    }
    no_mounts() {
        local left
        left=$(awk -v w="$work" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo)
        [ -z "$left" ] && return 0
        echo "  left mounted: $left"
        return 1
    }
    no_cgroups() {
        local left
        left=$(find /sys/fs/cgroup -maxdepth 3 -type d -name "$ns" 2>/dev/null)
        [ -z "$left" ] && return 0
        echo "  left cgroups: $left"
        return 1
    }
    host_untouched() {
        local now
        now=$(pgrep -x containerd | sort | tr '\n' ' ')
        [ "$now" = "$host_containerd" ] && [ ! -e /run/containerd/s ] && return 0
        echo "  host containerd before: '$host_containerd', after: '$now'"
        return 1
    }
    t_check "nothing of containerd, its shims or the containers is left running" no_processes
    t_check "nothing is left mounted under the temp root" no_mounts
    t_check "no cgroup named after the test's containerd namespace is left" no_cgroups
    t_check "the host's containerd (if any) and its /run/containerd were not touched" host_untouched
    t_finish
    exit
fi

# ---- the inner part, in a private mount namespace ----

work=$TURF_CTD_WORK
ns=$TURF_CTD_NS
sock=$work/containerd.sock
image=docker.io/library/turf-busybox:test
save_counts() { echo "$T_PASSED $T_FAILED $T_SKIPPED" >"$work/counts"; }

ctr_() { timeout -k 5 "$TMO" ctr --address "$sock" --namespace "$ns" "$@"; }

inner_cleanup() {
    local id r pid i
    if [ -S "$sock" ]; then
        for id in $(ctr_ task ls -q 2>/dev/null); do
            ctr_ task kill --all -s SIGKILL "$id" >/dev/null 2>&1
            ctr_ task delete --force "$id" >/dev/null 2>&1
        done
        for id in $(ctr_ container ls -q 2>/dev/null); do
            ctr_ container delete "$id" >/dev/null 2>&1
        done
    fi
    # Anything the shims did not clean: ask each runtime to delete it from the shim's root.
    for r in $RUNTIMES; do
        for id in $(ls "/run/containerd/runc/$ns" 2>/dev/null); do
            timeout 20 "$r" --root "/run/containerd/runc/$ns" delete --force "$id" \
                >/dev/null 2>&1
        done
    done
    [ -n "${containerd_pid:-}" ] && kill "$containerd_pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
        pgrep -f -- "-address $sock" >/dev/null || [ -z "${containerd_pid:-}" ] ||
            kill -0 "$containerd_pid" 2>/dev/null || break
        if [ $i = 50 ]; then
            for pid in $(pgrep -f -- "-address $sock"); do kill -9 "$pid" 2>/dev/null; done
        fi
        [ $i = 50 ] && [ -n "${containerd_pid:-}" ] && kill -9 "$containerd_pid" 2>/dev/null
        sleep 0.1
    done
    # Processes still in the namespace's cgroups, then the cgroups themselves.
    for pid in $(cat /sys/fs/cgroup/*/"$ns"/*/cgroup.procs 2>/dev/null); do
        kill -9 "$pid" 2>/dev/null
    done
    find /sys/fs/cgroup -maxdepth 3 -depth -type d -path "*/$ns/*" -exec rmdir {} + 2>/dev/null
    find /sys/fs/cgroup -maxdepth 2 -depth -type d -name "$ns" -exec rmdir {} + 2>/dev/null
    awk -v w="$work" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null; done
    save_counts
}
trap inner_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A private /run: containerd's shim sockets and the runtimes' state land in this tmpfs.
mount -t tmpfs -o mode=0755 tmpfs /run || { t_check "a private /run" false; exit 1; }
mkdir -p /run/containerd "$work/opt"

cat >"$work/config.toml" <<EOF
version = 2
root = "$work/root"
state = "$work/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$work/containerd-ttrpc.sock"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$work/opt"
EOF
# The CRI fragment in examples/ parses, and registers the handler as documented (the CRI plugin
# itself is not started here: no kubelet).
cri_fragment_parses() {
    local dump
    printf 'version = 2\nroot = "%s"\nstate = "%s"\nimports = ["%s"]\n' "$work/cri-root" \
        "$work/cri-state" "$top/examples/containerd/config.toml" >"$work/cri.toml"
    dump=$(timeout 20 containerd --config "$work/cri.toml" config dump 2>&1) || {
        echo "  $dump" | tail -5
        return 1
    }
    grep -A 20 -F '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.turf]' <<<"$dump" |
        grep -q 'runtime_type = "io.containerd.runc.v2"' &&
        grep -A 8 -F 'runtimes.turf.options]' <<<"$dump" | grep -q 'BinaryName = "/usr/local/bin/turf"'
}
t_check "examples/containerd/config.toml parses and registers the turf handler" cri_fragment_parses

containerd --config "$work/config.toml" >"$work/containerd.log" 2>&1 &
containerd_pid=$!
up=0
for ((i = 0; i < 200; i++)); do
    if [ -S "$sock" ] && ctr_ version >/dev/null 2>&1; then
        up=1
        break
    fi
    kill -0 "$containerd_pid" 2>/dev/null || break
    sleep 0.05
done
if [ $up = 0 ]; then
    t_check "a private containerd starts" false
    tail -20 "$work/containerd.log"
    exit 1
fi
echo "# containerd $(containerd --version | awk '{print $3}') on $sock, namespace $ns"

# ---- the image: an OCI layout tarball built here from busybox-static ----

# blob FILE MEDIATYPE: moves FILE into the layout's blobs and prints its descriptor.
blob() {
    local digest size
    digest=$(sha256sum "$1" | cut -d' ' -f1)
    size=$(stat -c %s "$1")
    mv "$1" "$work/oci/blobs/sha256/$digest"
    jq -cn --arg m "$2" --arg d "sha256:$digest" --argjson s "$size" \
        '{mediaType: $m, digest: $d, size: $s}'
}
build_image() {
    local rootfs=$work/image-rootfs layer config manifest diff_id
    t_busybox_rootfs "$rootfs" sh echo cat sleep true false tty ps ls yes
    mkdir -p "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/tmp" "$rootfs/etc" \
        "$work/oci/blobs/sha256"
    echo 'root:x:0:0:root:/:/bin/sh' >"$rootfs/etc/passwd"
    echo 'root:x:0:' >"$rootfs/etc/group"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" \
        -cf "$work/layer.tar" . || return 1
    diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    layer=$(blob "$work/layer.tar" application/vnd.oci.image.layer.v1.tar)
    jq -n --arg d "$diff_id" '{architecture: "amd64", os: "linux",
        config: {Env: ["PATH=/bin"], Cmd: ["/bin/sh"], WorkingDir: "/"},
        rootfs: {type: "layers", diff_ids: [$d]}}' >"$work/config.json"
    config=$(blob "$work/config.json" application/vnd.oci.image.config.v1+json)
    jq -n --argjson c "$config" --argjson l "$layer" '{schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json", config: $c, layers: [$l]}' \
        >"$work/manifest.json"
    manifest=$(blob "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)
    jq -n --argjson m "$manifest" --arg name "$image" '{schemaVersion: 2,
        manifests: [$m + {platform: {architecture: "amd64", os: "linux"},
        annotations: {"io.containerd.image.name": $name,
                      "org.opencontainers.image.ref.name": "test"}}]}' >"$work/oci/index.json"
    echo '{"imageLayoutVersion": "1.0.0"}' >"$work/oci/oci-layout"
    tar -C "$work/oci" -cf "$work/image.tar" oci-layout index.json blobs
}
imported() {
    build_image && ctr_ image import "$work/image.tar" >/dev/null &&
        ctr_ image ls -q | grep -qx "$image"
}
t_check "an OCI image built from busybox-static is imported (no registry)" imported

# ---- helpers for the cases ----

# run_ctr ARGS...: a ctr command; sets OUT (stdout+stderr) and RC.
run_ctr() {
    RC=0
    OUT=$(ctr_ "$@" </dev/null 2>&1) || RC=$?
}
eq() { # DESC EXPECTED GOT
    [ "$2" = "$3" ] && return 0
    printf '  %s\n    expected: %s\n    got:      %s\n' "$1" "$2" "$3"
    return 1
}
has() { # DESC HAYSTACK NEEDLE
    case $2 in *"$3"*) return 0 ;; esac
    printf '  %s\n    expected to contain: %s\n    got: %s\n' "$1" "$3" "$2"
    return 1
}
lacks() { # DESC HAYSTACK NEEDLE
    case $2 in *"$3"*)
        printf '  %s\n    expected not to contain: %s\n    got: %s\n' "$1" "$3" "$2"
        return 1
        ;;
    esac
}
# task_status ID: RUNNING, PAUSED, STOPPED... as `ctr task ls` shows it.
task_status() { ctr_ task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $3 }'; }
task_pid() { ctr_ task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $2 }'; }
wait_task() { # ID STATUS: polls for up to 10 s
    local i
    for ((i = 0; i < 100; i++)); do
        [ "$(task_status "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    echo "  task $1 is $(task_status "$1"), expected $2"
    return 1
}
# cg_file PID CONTROLLER FILE: a cgroup v1 file of the cgroup PID is in.
cg_file() {
    local path
    path=$(awk -F: -v c="$2" '$2 ~ "(^|,)" c "(,|$)" { print $3 }' "/proc/$1/cgroup")
    cat "/sys/fs/cgroup/$2$path/$3" 2>/dev/null
}
gone() { # ID: the task and container are deleted, and so are their state and cgroups
    local left
    left=$(
        ctr_ container ls -q | grep -x "$1"
        ls -d "/run/containerd/runc/$ns/$1" 2>/dev/null
        find /sys/fs/cgroup -maxdepth 4 -type d -path "*/$ns/$1" 2>/dev/null
    )
    [ -z "$left" ] && return 0
    echo "  left of $1: $left"
    return 1
}
# A container init that ends on SIGTERM (a bare sleep as pid 1 would ignore it).
LONG='trap "exit 0" TERM; while :; do sleep 0.1; done'

# ---- the cases, once per runtime ----

run_cases() {
    local rt=$1 name=$2 w=$work/bin/$name id p out
    mkdir -p "$work/bin"
    # The recording wrapper: one line per call, the argv as the shim gave it.
    printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>%s\nexec %s "$@"\n' "$work/argv.$name" \
        "$(command -v "$rt")" >"$w"
    chmod 0755 "$w"
    local R=(--runc-binary "$w")
    echo "# runtime $name: $rt"

    id=$name-out
    run_ctr run --rm "${R[@]}" "$image" "$id" echo hello from "$name"
    t_check "$name: ctr run shows the output and exits 0" \
        eq "output and status" "hello from $name/0" "$OUT/$RC"

    id=$name-status
    run_ctr run --rm "${R[@]}" "$image" "$id" sh -c 'exit 7'
    t_check "$name: ctr run exits with the container's status" eq "status" 7 "$RC"
    t_check "$name: a --rm run leaves nothing behind" gone "$id"

    id=$name-error
    run_ctr run --rm "${R[@]}" "$image" "$id" /no/such/binary
    t_check "$name: a failing create is an error" eq "nonzero status" 1 "$((RC != 0))"
    t_check "$name: ctr shows the runtime's own error (from the JSON log)" \
        lacks "error" "$OUT" "unable to retrieve OCI runtime error"
    t_check "$name: the error names the missing binary" has "error" "$OUT" "/no/such/binary"
    echo "  # $name error: $OUT"
    ctr_ container delete "$id" >/dev/null 2>&1

    id=$name-long
    run_ctr run -d --memory-limit 67108864 --cpus 0.5 "${R[@]}" "$image" "$id" sh -c "$LONG"
    t_check "$name: ctr run -d starts a detached task" eq "status" 0 "$RC"
    t_check "$name: the detached task is RUNNING" wait_task "$id" RUNNING
    p=$(task_pid "$id")
    t_check "$name: the memory limit is applied" \
        eq "memory.limit_in_bytes" 67108864 "$(cg_file "$p" memory memory.limit_in_bytes)"
    t_check "$name: the CPU limit is applied" eq "cpu.cfs_quota_us/cfs_period_us" \
        "50000/100000" \
        "$(cg_file "$p" cpu cpu.cfs_quota_us)/$(cg_file "$p" cpu cpu.cfs_period_us)"

    run_ctr task exec --exec-id e1 "$id" echo from exec
    t_check "$name: ctr task exec runs a process and shows its output" \
        eq "output and status" "from exec/0" "$OUT/$RC"
    run_ctr task exec --exec-id e2 "$id" sh -c 'exit 3'
    t_check "$name: ctr task exec exits with the process's status" eq "status" 3 "$RC"
    out=$(timeout -k 5 "$TMO" script -qec "ctr --address $sock --namespace $ns task exec -t \
        --exec-id e3 $id sh -c 'tty; echo tty-ok'" /dev/null </dev/null 2>&1)
    t_check "$name: ctr task exec -t gives the process a terminal" has "output" "$out" "/dev/pts/"
    t_check "$name: ctr task exec -t shows the output" has "output" "$out" "tty-ok"

    ctr_ task exec -d --exec-id e4 "$id" sleep 1000 >/dev/null 2>&1
    run_ctr task ps "$id"
    t_check "$name: ctr task ps lists the init and the exec'd process" eq "init listed, pids >= 2" \
        "1/1" "$(awk -v p="$p" 'NR > 1 && $1 == p { i = 1 } NR > 1 && $1 ~ /^[0-9]+$/ { n++ }
            END { print i + 0 "/" (n >= 2) }' <<<"$OUT")"

    run_ctr task metrics "$id"
    t_check "$name: ctr task metrics reports memory and pids" \
        eq "metrics" "1/1" "$(grep -c '^memory.usage_in_bytes' <<<"$OUT")/$(awk \
        '$1 == "pids.current" && $2 >= 2 { n++ } END { print n + 0 }' <<<"$OUT")"

    # The shim reads cgroups itself for metrics; `events --stats` is runc's own view of them.
    timeout 20 "$rt" --root "/run/containerd/runc/$ns" events --stats "$id" 2>&1 |
        jq -c '[paths(scalars) | map(select(type == "string")) | join(".")] | unique' \
            >"$work/stats.$name" 2>&1

    run_ctr task pause "$id"
    t_check "$name: ctr task pause freezes the task" wait_task "$id" PAUSED
    t_check "$name: the freezer says FROZEN" eq freezer.state FROZEN \
        "$(cg_file "$p" freezer freezer.state)"
    run_ctr task resume "$id"
    t_check "$name: ctr task resume thaws it" wait_task "$id" RUNNING

    run_ctr task kill "$id"
    t_check "$name: ctr task kill (SIGTERM) stops the task" wait_task "$id" STOPPED
    run_ctr task delete "$id"
    t_check "$name: ctr task delete succeeds" eq "status" 0 "$RC"
    run_ctr container delete "$id"
    t_check "$name: the container is deleted with its state and cgroups" gone "$id"

    id=$name-all
    run_ctr run -d "${R[@]}" "$image" "$id" sleep 1000
    wait_task "$id" RUNNING >/dev/null
    ctr_ task exec -d --exec-id e1 "$id" sleep 1000 >/dev/null 2>&1
    run_ctr task kill -s SIGKILL --all "$id"
    t_check "$name: ctr task kill --all -s SIGKILL stops the task" wait_task "$id" STOPPED
    run_ctr task delete "$id"
    t_check "$name: the killed task is deleted" eq "status" 0 "$RC"
    ctr_ container delete "$id" >/dev/null 2>&1
    t_check "$name: nothing is left of the killed task" gone "$id"

    id=$name-kill
    run_ctr run -d "${R[@]}" "$image" "$id" sleep 1000
    wait_task "$id" RUNNING >/dev/null
    run_ctr task kill -s 9 "$id"
    t_check "$name: ctr task kill -s 9 stops a task that ignores SIGTERM" wait_task "$id" STOPPED
    run_ctr task delete "$id"
    ctr_ container delete "$id" >/dev/null 2>&1
    t_check "$name: nothing is left of it" gone "$id"

    # What the shim does when a container is gone already: runc's status is the reference.
    local st=0
    timeout 20 "$rt" --root "/run/containerd/runc/$ns" delete --force "$name-never" \
        >/dev/null 2>&1 || st=$?
    echo "$st" >"$work/delete-force.$name"

    # The error line the shim reads from --log: runc's {"level","msg","time"}.
    timeout 20 "$rt" --root "/run/containerd/runc/$ns" --log "$work/log.$name" --log-format json \
        state "$name-never" >/dev/null 2>&1
    t_check "$name: an error is logged as a JSON line with level, msg and time" eq "log" \
        "error" "$(jq -r 'select(.msg != "" and (.time | test("^[0-9-]+T"))) | .level' \
            "$work/log.$name" 2>&1 | tail -n 1)"
    t_check "$name: nothing is left in the runtime's state directory" \
        eq "entries" "" "$(ls "/run/containerd/runc/$ns" 2>/dev/null)"
    t_check "$name: the shim called $name with runc's global flags every time" \
        eq "calls without --root/--log/--log-format json" 0 \
        "$(grep -vc -- "^--root /run/containerd/runc/$ns --log .*/log.json --log-format json " \
            "$work/argv.$name")"
}

for rt in $RUNTIMES; do
    name=$(basename "$rt")
    run_cases "$rt" "$name"
done

# ---- the two runtimes compared ----

# The calls with ids, pids and paths replaced, one per line, in order of first use.
normalised() {
    sed -E -e "s#^--root /run/containerd/runc/$ns --log [^ ]*/log.json --log-format json ##" \
        -e "s#$work/state/[^ ]*/([a-z.]+)#B/\1#g" -e "s#/tmp/[^ ]*/pty[^ ]*#SOCK#g" \
        -e 's#/tmp/runc-process[0-9]+#P.json#' -e "s#(runc|turf)-[a-z]+#ID#g" -e 's#--console-socket [^ ]+#--console-socket SOCK#' \
        -e 's#(runc-process|process)[0-9]+#process#g' -e 's#[a-z]+\.pid#X.pid#' "$1" |
        awk '!seen[$0]++'
}
names=()
for rt in $RUNTIMES; do names+=("$(basename "$rt")"); done
if [ ${#names[@]} = 2 ]; then
    for n in "${names[@]}"; do
        echo "# the shim's calls of ${n}:"
        normalised "$work/argv.$n" | sed 's/^/#   /'
    done
    t_check "the shim used the same command lines for ${names[0]} and ${names[1]}" \
        eq "calls" "$(normalised "$work/argv.${names[1]}" | sort)" \
        "$(normalised "$work/argv.${names[0]}" | sort)"
    # (Both leave out a memory.cache of 0, as runc's omitempty does: whether it shows depends
    # on the page cache of the moment, not on the runtime.)
    t_check "events --stats of ${names[0]} has every key runc's has" eq "keys missing" "[]" \
        "$(jq -cn --slurpfile a "$work/stats.${names[0]}" --slurpfile b \
            "$work/stats.${names[1]}" '$b[0] - $a[0] - ["data.memory.cache"]')"
    t_check "delete --force of a container that does not exist: ${names[0]} exits as ${names[1]}" \
        eq "status" "$(cat "$work/delete-force.${names[1]}")" \
        "$(cat "$work/delete-force.${names[0]}")"
fi
