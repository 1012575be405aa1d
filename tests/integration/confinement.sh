#!/usr/bin/env bash
# Escape attempts from a container with the default config (`spec`: runc's capabilities,
# no_new_privs, masked and read-only paths, its own namespaces and cgroup). Every attempt
# must fail, and the host must be unchanged.
#   bash tests/integration/confinement.sh                # turf (build/turf)
#   RUNTIME=runc bash tests/integration/confinement.sh   # the same tests against runc
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
RUNTIME=${RUNTIME:-$top/build/turf}

if [ "$(id -u)" != 0 ] || [ ! -x /bin/busybox ]; then
    t_skip "confinement tests" "need root and busybox-static"
    t_finish
    exit
fi
work=$(mktemp -d /tmp/turf-conf-it.XXXXXX)
root="$work/state"
n=0
cleanup() {
    for i in $(seq 1 "$n"); do timeout 20 "$RUNTIME" --root "$root" delete -f "cf$$-$i" >/dev/null 2>&1; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/rootfs/mnt" "$work/rootfs/tmp"
t_busybox_rootfs "$work/rootfs" sh cat echo ls id hostname mount mknod insmod chroot grep wc head kill
# A set-uid root program (busybox drops set-uid privileges by itself, so it proves nothing):
# no_new_privs must keep it from granting anything.
cc -static -O2 -o "$work/rootfs/bin/print-euid" "$top/tests/tools/print-euid.c"
chmod 4755 "$work/rootfs/bin/print-euid"
"$RUNTIME" spec --bundle "$work" >/dev/null 2>&1 || runc spec --bundle "$work"
jq --arg r "$work/rootfs" '.ociVersion = "1.0.2" | .root.path = $r | .root.readonly = false | .process.terminal = false' \
    "$work/config.json" > "$work/base.json"

# inside [JQ-EXTRA] -- COMMAND: runs COMMAND (sh -c) in a fresh default container; prints its
# output and exits with its status.
inside() {
    local extra='.'
    if [ "$1" != -- ]; then extra=$1; shift; fi
    shift
    n=$((n + 1))
    mkdir -p "$work/b$n"
    jq --arg c "$1" "$extra | .process.args = [\"sh\", \"-c\", \$c]" "$work/base.json" > "$work/b$n/config.json"
    (cd "$work/b$n" && timeout 20 "$RUNTIME" --root "$root" run "cf$$-$n" 2>&1)
}

# Checks on the output of the last `inside`: every pattern present / none present.
out_has() { local p; for p in "$@"; do grep -q -- "$p" <<< "$out" || return 1; done; }
out_lacks() { local p; for p in "$@"; do grep -q -- "$p" <<< "$out" && return 1; done; return 0; }

host_hostname=$(hostname)
out=$(inside -- 'mount -t tmpfs none /mnt && echo MOUNTED; mount -o remount,rw /proc/sys 2>&1 && echo REMOUNTED')
t_check "mounting a filesystem fails" out_lacks MOUNTED
t_check "remounting /proc/sys read-write fails" out_lacks REMOUNTED
out=$(inside -- 'echo > /tmp/m.ko; insmod /tmp/m.ko 2>&1; echo status=$?')
t_check "loading a kernel module fails" out_lacks 'status=0'
out=$(inside -- 'hostname evil 2>&1; echo status=$?; echo 1 > /proc/sys/kernel/hostname 2>&1; echo w=$?')
t_check "changing the hostname fails inside" eval 'out_has status=1 && out_lacks w=0'
t_check "and the host's hostname is unchanged" [ "$(hostname)" = "$host_hostname" ]
out=$(inside -- 'echo 1 > /proc/sys/kernel/panic_on_oops 2>&1; echo w=$?; echo 1 > /proc/sysrq-trigger 2>&1; echo s=$?')
t_check "writing /proc/sys fails" out_has w=1
t_check "writing /proc/sysrq-trigger fails" out_has s=1
out=$(inside -- "ls /proc | grep -c '^[0-9]'; kill -0 $$ 2>&1; echo k=\$?; ls /proc/$$ 2>&1 | head -1")
t_check "host processes are invisible (a handful of pids, ours not among them)" \
    eval '[ "$(head -1 <<< "$out")" -lt 10 ] && out_has k=1'
out=$(inside -- 'mknod /tmp/disk b 8 0 2>&1; echo m=$?; mknod /tmp/mem c 1 1 2>&1; echo c=$?')
t_check "making device nodes fails (no CAP_MKNOD)" out_has m=1 c=1
out=$(inside -- 'cat /proc/timer_list | wc -c; ls /sys/firmware | wc -l; cat /proc/keys 2>&1 | wc -c')
t_check "masked paths show nothing (/proc/timer_list, /sys/firmware, /proc/keys)" \
    eval '[ "$(tr "\n" " " <<< "$out")" = "0 0 0 " ]'
out=$(inside '.process.user = {uid: 1000, gid: 1000}' -- 'print-euid')
t_check "a set-uid root program runs as the user under no_new_privs" out_has euid=1000
out=$(inside '.process.user = {uid: 1000, gid: 1000} | .process.noNewPrivileges = false' -- 'print-euid')
t_check "(without no_new_privs the same program does become root: the check above can fail)" \
    out_has euid=0
out=$(inside -- 'grep -E "^Cap(Eff|Bnd)" /proc/self/status; chroot / true 2>&1; echo c=$?')
t_check "only runc's default capabilities (AUDIT_WRITE, KILL, NET_BIND_SERVICE)" \
    out_has "CapEff:.0000000020000420" "CapBnd:.0000000020000420"
t_check "chroot fails (no CAP_SYS_CHROOT)" out_has c=1
out=$(inside -- 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null; echo 1 > /sys/fs/cgroup/pids/pids.max 2>&1; echo w=$?')
t_check "the cgroup filesystem is read-only inside" out_has w=1

# Bad confinement settings fail at create, name the field, and leave nothing behind.
bad() {
    n=$((n + 1))
    mkdir -p "$work/b$n"
    jq "$1 | .process.args = [\"true\"]" "$work/base.json" > "$work/b$n/config.json"
    local out
    out=$(cd "$work/b$n" && timeout 20 "$RUNTIME" --root "$root" create "cf$$-$n" 2>&1)
    local rc=$?
    [ $rc != 0 ] && grep -q "$2" <<< "$out" && ! timeout 20 "$RUNTIME" --root "$root" state "cf$$-$n" >/dev/null 2>&1
}
t_check "an unknown capability fails create" bad '.process.capabilities.bounding += ["CAP_NOPE"]' 'CAP_NOPE'
t_check "an unknown rlimit fails create" bad '.process.rlimits += [{type: "RLIMIT_NOPE", soft: 1, hard: 1}]' 'RLIMIT_NOPE'
t_check "an unknown seccomp action fails create" bad '.linux.seccomp = {defaultAction: "SCMP_ACT_NOPE"}' 'SCMP_ACT_NOPE'
t_check "an unknown seccomp operator fails create" \
    bad '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", syscalls: [{names: ["personality"], action: "SCMP_ACT_ERRNO", args: [{index: 0, value: 1, op: "SCMP_CMP_NOPE"}]}]}' 'SCMP_CMP_NOPE'
if [ "$(basename "$RUNTIME")" = runc ]; then
    t_skip "a seccomp argument index out of range fails create" "runc 1.1 lets libseccomp refuse it at run time"
else
    t_check "a seccomp argument index out of range fails create" \
        bad '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", syscalls: [{names: ["personality"], action: "SCMP_ACT_ERRNO", args: [{index: 6, value: 1, op: "SCMP_CMP_EQ"}]}]}' 'index'
fi
t_finish
