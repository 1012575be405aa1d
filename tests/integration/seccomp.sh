#!/usr/bin/env bash
# linux.seccomp through the real binary, proved from inside busybox containers: the filter is in
# place, denied calls fail with the configured errno, argument conditions, every action (KILL,
# KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, TRACE, LOG, NOTIFY with a listener), unknown names,
# exec, no_new_privs off, and examples/seccomp/default.json with busybox and turf-worker.
#   bash tests/integration/seccomp.sh                    # turf (build/turf)
#   RUNTIME=runc bash tests/integration/seccomp.sh       # the same tests against runc
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
ID_PREFIX=sc
RUNTIME=${RUNTIME:-$top/build/turf}
case $RUNTIME in */*) RUNTIME=$(realpath -m "$RUNTIME") ;; esac # the tests change directory
WORKER=${WORKER:-$top/build/turf-worker}
PROFILE=$top/examples/seccomp/default.json

if [ "$(id -u)" != 0 ] || [ ! -x /bin/busybox ]; then
    t_skip "seccomp tests" "need root and busybox-static"
    t_finish
    exit
fi
for tool in jq cc timeout; do
    if ! command -v "$tool" >/dev/null; then
        t_skip "seccomp tests" "$tool is missing (make deps)"
        t_finish
        exit
    fi
done
is_runc=false
[ "$(basename "$RUNTIME")" = runc ] && is_runc=true

work=$(mktemp -d /tmp/turf-sc-it.XXXXXX)
chmod 0755 "$work"
root="$work/state"
ids=()
listener_pid=
rt() { timeout 20 "$RUNTIME" --root "$root" "$@"; }
cleanup() {
    local id
    for id in "${ids[@]}"; do rt delete --force "$id" >/dev/null 2>&1; done
    [ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The rootfs: busybox, plus a static probe that makes any one system call with raw arguments
# (so that an errno can be told from the kernel's own answer) and the NOTIFY agent.
mkdir -p "$work/rootfs/tmp" "$work/rootfs/mnt"
t_busybox_rootfs "$work/rootfs" sh cat echo sleep ls grep id ps wc seq rm mkdir date true uname \
    unshare mount linux32 linux64 head
if ! cc -static -O2 -o "$work/rootfs/bin/probe" "$top/tests/tools/syscall-probe.c" ||
    ! cc -O2 -D_GNU_SOURCE -o "$work/listener" "$top/tests/tools/seccomp-listener.c"; then
    t_check "the test tools build (cc, static glibc)" false
    t_finish
    exit
fi
ln "$work/rootfs/bin/probe" "$work/rootfs/bin/logprobe" # a command name of its own in the log
"$RUNTIME" spec --bundle "$work" >/dev/null 2>&1 || runc spec --bundle "$work"
jq --arg r "$work/rootfs" '.ociVersion = "1.0.2" | .root = {path: $r, readonly: false} | .process.terminal = false' \
    "$work/config.json" > "$work/base.json"

# run NAME JQ-FILTER COMMAND: runs `sh -c COMMAND` in a new container whose config is base.json
# changed by JQ-FILTER; prints stdout and stderr (of the runtime too) and exits with run's status.
run() {
    local id
    id_for "$1"
    mkdir -p "$work/$1"
    jq --arg c "$3" "$2 | .process.args = [\"sh\", \"-c\", \$c]" "$work/base.json" > "$work/$1/config.json"
    (cd "$work/$1" && rt run "$id" 2>&1)
}
# A filter that allows everything but RULES (a JSON array).
allow_but() { echo ".linux.seccomp = {defaultAction: \"SCMP_ACT_ALLOW\", syscalls: $1}"; }
with_sys_admin='.process.capabilities.bounding += ["CAP_SYS_ADMIN"] | .process.capabilities.effective += ["CAP_SYS_ADMIN"] | .process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
# Checks on $out, the output of the last container: every pattern present / none present;
# `count N PATTERN`: exactly N lines match.
has() { local p; for p in "$@"; do grep -q -- "$p" <<< "$out" || return 1; done; }
lacks() { local p; for p in "$@"; do grep -q -- "$p" <<< "$out" && return 1; done; return 0; }
count() { [ "$(grep -c -- "$2" <<< "$out")" = "$1" ]; }

echo "# runtime: $RUNTIME"

# --- SCMP_ACT_LOG (first: the kernel rate-limits these audit lines to 10 in 5 seconds, so we
# wait until the last 5 seconds had none, e.g. from the kills of a previous run) ---
audit_quiet() {
    local now last
    for _ in $(seq 1 30); do
        now=$(cut -d' ' -f1 /proc/uptime)
        last=$(dmesg | grep 'type=1326' | tail -n 1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
        [ -z "$last" ] || awk -v n="$now" -v l="$last" 'BEGIN { exit !(n - l > 5.5) }' && return 0
        sleep 0.2
    done
}
dmesg >/dev/null 2>&1 && audit_quiet
# A line logged after this instant (not a count of lines: a busy kernel log ring drops old ones).
since=$(cut -d' ' -f1 /proc/uptime)
logged_since() {
    dmesg | grep 'comm="logprobe".*code=0x7ffc0000' |
        sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p' | awk -v s="$since" '$1 > s {found=1} END {exit !found}'
}
out=$(run log "$(allow_but '[{names: ["getppid"], action: "SCMP_ACT_LOG"}]')" 'logprobe getppid')
t_check "SCMP_ACT_LOG lets the call through" has "getppid: ok"
if dmesg >/dev/null 2>&1; then
    sleep 0.3
    t_check "SCMP_ACT_LOG: the kernel logs the call (audit type=1326)" logged_since
else
    t_skip "SCMP_ACT_LOG: the kernel logs the call" "dmesg is not readable"
fi

# --- the filter is in place; ERRNO and errnoRet ---
rules='[{names: ["unshare"], action: "SCMP_ACT_ERRNO"},
        {names: ["mount"], action: "SCMP_ACT_ERRNO", errnoRet: 13},
        {names: ["keyctl"], action: "SCMP_ACT_ERRNO", errnoRet: 38}]'
cmd='grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status; unshare -n true && echo UNSHARED; mount -t tmpfs tmpfs /mnt && echo MOUNTED; probe mount 0 0 0 0 0; probe keyctl 0; probe getppid; echo alive'
out=$(run errno "$with_sys_admin | $(allow_but "$rules")" "$cmd")
t_check "the process runs in seccomp filter mode (Seccomp: 2)" has $'Seccomp:\t2'
t_check "with no_new_privs set (NoNewPrivs: 1)" has $'NoNewPrivs:\t1'
t_check "a denied call fails with EPERM by default: unshare says Operation not permitted" \
    eval 'has "unshare.*Operation not permitted" && lacks UNSHARED'
t_check "mount -t tmpfs is denied" lacks MOUNTED
t_check "errnoRet sets the errno: mount(2) fails with 13 (EACCES)" has "mount: errno 13 "
t_check "errnoRet 38: keyctl fails with ENOSYS" has "keyctl: errno 38 (Function not implemented)"
t_check "an allowed call works (getppid) and the process goes on" has "getppid: ok" alive
# The control: without the filter, the same container may unshare and mount, and mount(2)
# reaches the kernel (EFAULT for its null pointers) - so the answers above are the filter's.
out=$(run errno-control "$with_sys_admin" "$cmd")
t_check "control: without the filter the same process unshares, mounts, reaches mount(2)" \
    has UNSHARED MOUNTED "mount: errno 14 "

# --- argument conditions ---
rules='[{names: ["personality"], action: "SCMP_ACT_ERRNO", errnoRet: 13, args: [{index: 0, value: 8, op: "SCMP_CMP_EQ"}]}]'
out=$(run personality "$(allow_but "$rules")" 'linux32 true && echo L32; linux64 true && echo L64')
t_check "an argument rule blocks only its value: personality(PER_LINUX32) is denied" \
    eval 'has "linux32.*Permission denied" && lacks L32'
t_check "and personality(PER_LINUX) works" has L64
# Two conditions on one argument: each is a rule of its own (either value is denied).
rules='[{names: ["personality"], action: "SCMP_ACT_ERRNO", errnoRet: 13, args: [{index: 0, value: 8, op: "SCMP_CMP_EQ"}, {index: 0, value: 131072, op: "SCMP_CMP_EQ"}]}]'
out=$(run same-index "$(allow_but "$rules")" 'probe personality 8; probe personality 0x20000; probe personality 0')
t_check "two conditions on the same argument: each value is denied" count 2 "personality: errno 13 "
t_check "two conditions on the same argument: other values pass" has "personality: ok"
# Conditions on different arguments: one rule, all must hold (setpriority(PRIO_PROCESS, 0, >10)).
rules='[{names: ["setpriority"], action: "SCMP_ACT_ERRNO", errnoRet: 13, args: [{index: 0, value: 0, op: "SCMP_CMP_EQ"}, {index: 2, value: 10, op: "SCMP_CMP_GT"}]}]'
out=$(run and-args "$(allow_but "$rules")" 'probe setpriority 0 0 15; probe setpriority 0 0 5; probe setpriority 1 0 15')
t_check "conditions on different arguments all hold: setpriority(PRIO_PROCESS, 0, 15) is denied" \
    has "setpriority: errno 13 "
t_check "one condition failing lets it through (nice 5, or PRIO_PGRP)" count 2 "setpriority: ok"
# SCMP_CMP_MASKED_EQ: clone is denied when it asks for a new UTS namespace.
rules='[{names: ["clone"], action: "SCMP_ACT_ERRNO", errnoRet: 95, args: [{index: 0, value: 67108864, valueTwo: 67108864, op: "SCMP_CMP_MASKED_EQ"}]}]'
out=$(run masked "$(allow_but "$rules")" 'probe clone 0x04000011; probe clone 0x11')
t_check "SCMP_CMP_MASKED_EQ: clone(CLONE_NEWUTS) fails with the rule's errno" has "clone: errno 95 "
t_check "SCMP_CMP_MASKED_EQ: a plain clone works" has "clone: ok"

# --- the killing actions: SIGSYS, exit status 128+31 ---
for action in SCMP_ACT_KILL SCMP_ACT_KILL_PROCESS SCMP_ACT_KILL_THREAD SCMP_ACT_TRAP; do
    name=$(tr 'A-Z_' 'a-z-' <<< "${action#SCMP_ACT_}")
    rules="[{names: [\"uname\"], action: \"$action\"}]"
    id_for "$name"
    mkdir -p "$work/$name"
    jq "$(allow_but "$rules") | .process.args = [\"uname\"]" "$work/base.json" > "$work/$name/config.json"
    t_check "$action on uname: the process dies of SIGSYS (run exits 159)" \
        t_status_is 159 bash -c "cd '$work/$name' && timeout 20 '$RUNTIME' --root '$root' run '$id'"
done
# (keyctl: busybox sh itself calls uname)
out=$(run kill-child "$(allow_but '[{names: ["keyctl"], action: "SCMP_ACT_KILL_PROCESS"}]')" 'probe keyctl; echo "status $?"')
t_check "a killed child is seen by its parent as killed by SIGSYS (status 159)" has "status 159"

# --- TRACE, unknown names, rules equal to the default ---
out=$(run trace "$(allow_but '[{names: ["getppid"], action: "SCMP_ACT_TRACE", errnoRet: 42}]')" 'probe getppid')
t_check "SCMP_ACT_TRACE without a tracer fails the call with ENOSYS" has "getppid: errno 38 "
rules='[{names: ["nonexistent_syscall_x", "keyctl"], action: "SCMP_ACT_ERRNO", errnoRet: 38}, {names: ["getppid"], action: "SCMP_ACT_ALLOW"}]'
out=$(run unknown "$(allow_but "$rules")" 'probe keyctl; echo ran')
t_check "a name libseccomp does not know is skipped: the container runs" has ran
t_check "the rule's other names still apply" has "keyctl: errno 38 "
if $is_runc; then
    t_skip "the unknown name is reported as a warning" "runc 1.1 logs it at debug level only"
else
    t_check "the unknown name is reported as a warning" has 'warning.*nonexistent_syscall_x'
fi
t_check "a rule with the default action (an ALLOW for getppid here) is skipped, not an error" has ran

# --- architectures and flags ---
out=$(run archs '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86", "SCMP_ARCH_X32"], syscalls: [{names: ["keyctl"], action: "SCMP_ACT_ERRNO", errnoRet: 38}]}' 'probe keyctl')
t_check "extra architectures: the filter loads and applies" has "keyctl: errno 38 "
if $is_runc; then
    t_skip "linux.seccomp.flags are accepted" "runc 1.1 refuses linux.seccomp.flags"
else
    out=$(run flags '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", flags: ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"], syscalls: [{names: ["keyctl"], action: "SCMP_ACT_ERRNO", errnoRet: 38}]}' 'probe keyctl')
    t_check "flags LOG, SPEC_ALLOW, TSYNC, WAIT_KILLABLE_RECV are accepted; the filter applies" \
        has "keyctl: errno 38 "
fi

# --- without no_new_privs: loaded while still privileged, as runc does ---
out=$(run nnp-off ".process.noNewPrivileges = false | .process.user = {uid: 1000, gid: 1000} | $(allow_but '[{names: ["keyctl"], action: "SCMP_ACT_ERRNO", errnoRet: 38}]')" \
    'grep -E "^(Seccomp|NoNewPrivs|CapEff):" /proc/self/status; id -u; probe keyctl')
t_check "no_new_privs off, uid 1000, no capabilities: the filter is in place (Seccomp: 2)" \
    has $'Seccomp:\t2' "keyctl: errno 38 " '^1000$' $'CapEff:\t0000000000000000'
t_check "and no_new_privs stays off (NoNewPrivs: 0)" has $'NoNewPrivs:\t0'

# --- exec gets the filter too ---
id_for exec
mkdir -p "$work/exec"
jq "$(allow_but '[{names: ["keyctl"], action: "SCMP_ACT_ERRNO", errnoRet: 38}]') | .process.args = [\"sleep\", \"30\"]" \
    "$work/base.json" > "$work/exec/config.json"
(cd "$work/exec" && rt run -d "$id") >/dev/null 2>&1
out=$(rt exec "$id" sh -c 'grep "^Seccomp:" /proc/self/status; probe keyctl' 2>&1)
t_check "an exec'd process runs under the filter" has $'Seccomp:\t2' "keyctl: errno 38 "
rt delete --force "$id" >/dev/null 2>&1

# --- a filter libseccomp refuses fails create, names the rule, leaves nothing ---
id_for refused
mkdir -p "$work/refused"
jq "$(allow_but '[{names: ["write"], action: "SCMP_ACT_ERRNO", errnoRet: 5, args: [{index: 0, value: 99, op: "SCMP_CMP_EQ"}]}, {names: ["write"], action: "SCMP_ACT_ERRNO", errnoRet: 6, args: [{index: 0, value: 99, op: "SCMP_CMP_EQ"}]}]') | .process.args = [\"true\"]" \
    "$work/base.json" > "$work/refused/config.json"
out=$(cd "$work/refused" && rt create "$id" 2>&1)
rc=$?
t_check "two actions for the same condition fail create" [ "$rc" != 0 ]
if $is_runc; then
    t_skip "the error names the rule" "runc's message names the system call only"
else
    t_check "the error names the rule: linux.seccomp.syscalls[1]: add rule for \"write\"" \
        has 'linux.seccomp.syscalls\[1\]: add rule for "write"'
fi
t_check "and leaves no container behind" bash -c "! timeout 20 '$RUNTIME' --root '$root' state '$id' >/dev/null 2>&1"

# --- SCMP_ACT_NOTIFY: the agent gets the fd and the state, and answers ---
sock="$work/agent.sock"
start_listener() {
    rm -f "$work/states" "$work/notes" "$sock"
    "$work/listener" "$sock" "$work/states" "$work/notes" "$1" &
    listener_pid=$!
    for _ in $(seq 1 100); do [ -S "$sock" ] && break; sleep 0.02; done
}
stop_listener() {
    for _ in $(seq 1 100); do kill -0 "$listener_pid" 2>/dev/null || break; sleep 0.05; done
    kill "$listener_pid" 2>/dev/null
    wait "$listener_pid" 2>/dev/null
    listener_pid=
}
notify=".linux.seccomp = {defaultAction: \"SCMP_ACT_ALLOW\", listenerPath: \"$sock\", listenerMetadata: \"agent-meta-$$\", syscalls: [{names: [\"mkdir\", \"uname\"], action: \"SCMP_ACT_NOTIFY\"}]}"
start_listener 1
id_notify="sc$$-notify"
out=$(run notify "$notify" 'mkdir /tmp/made && echo MADE; uname -s')
stop_listener
state=$(head -n 1 "$work/states" 2>/dev/null)
t_check "NOTIFY: the agent's errno reaches the process (mkdir: Disk quota exceeded)" \
    eval 'has "Disk quota exceeded" && lacks MADE'
t_check "NOTIFY: a call the agent continues works (uname)" has Linux
t_check "NOTIFY: the agent answered both calls" \
    bash -c "grep -q ' errno 122\$' '$work/notes' && grep -q ' continue\$' '$work/notes'"
process_state_ok() {
    jq -e --arg id "$id_notify" --arg m "agent-meta-$$" \
        '.fds == ["seccompFd"] and .pid > 0 and .metadata == $m and .state.id == $id and .state.pid == .pid and (.ociVersion | type) == "string"' \
        <<< "$state" >/dev/null
}
t_check "NOTIFY: the agent got the containerProcessState (fds, pid, metadata, state)" process_state_ok
# exec: a second connection, with the exec'd process's own pid.
start_listener 2
id_for notify-exec
mkdir -p "$work/notify-exec"
jq "$notify | .process.args = [\"sleep\", \"30\"]" "$work/base.json" > "$work/notify-exec/config.json"
(cd "$work/notify-exec" && rt run -d "$id") >/dev/null 2>&1
out=$(rt exec "$id" mkdir /tmp/made2 2>&1)
rt delete --force "$id" >/dev/null 2>&1
stop_listener
t_check "NOTIFY in exec: the agent answers the exec'd process too" has "Disk quota exceeded"
t_check "NOTIFY in exec: its state has its own pid and the container's init" \
    bash -c "sed -n 2p '$work/states' | jq -e --arg id '$id' '.state.id == \$id and .pid != .state.pid and .state.status == \"running\"' >/dev/null"
id_for notify-nobody
mkdir -p "$work/notify-nobody"
jq "$notify | .process.args = [\"true\"]" "$work/base.json" > "$work/notify-nobody/config.json"
rm -f "$sock"
out=$(cd "$work/notify-nobody" && rt create "$id" 2>&1)
rc=$?
t_check "NOTIFY with nobody listening fails create and leaves nothing" \
    eval '[ $rc != 0 ] && ! rt state "$id" >/dev/null 2>&1'
if ! $is_runc; then
    t_check "and the error names listenerPath" has "linux.seccomp.listenerPath: connect to $sock"
fi
if $is_runc; then
    t_skip "NOTIFY on sendmsg is refused at create" "runc refuses NOTIFY on write, which it uses instead"
else
    id_for notify-sendmsg
    mkdir -p "$work/notify-sendmsg"
    jq ".linux.seccomp = {defaultAction: \"SCMP_ACT_ALLOW\", listenerPath: \"$sock\", syscalls: [{names: [\"sendmsg\"], action: \"SCMP_ACT_NOTIFY\"}]} | .process.args = [\"true\"]" \
        "$work/base.json" > "$work/notify-sendmsg/config.json"
    start_listener 1
    out=$(cd "$work/notify-sendmsg" && rt create "$id" 2>&1)
    rc=$?
    kill "$listener_pid" 2>/dev/null
    wait "$listener_pid" 2>/dev/null
    listener_pid=
    t_check "NOTIFY on sendmsg (which sends the agent its fd) fails create, naming the rule" \
        eval '[ $rc != 0 ] && has "linux.seccomp.syscalls\[0\].*sendmsg" && ! rt state "$id" >/dev/null 2>&1'
fi

# --- examples/seccomp/default.json ---
profile=".linux.seccomp = $(jq -c . "$PROFILE")"
t_check "default.json: the profile denies by default with EPERM" \
    eval 'jq -e ".defaultAction == \"SCMP_ACT_ERRNO\" and .defaultErrnoRet == 1" "$PROFILE" >/dev/null'
# Allowed without a condition, that is (clone and personality are allowed for some arguments).
dangerous_not_allowed() {
    jq -e '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW" and (.args // [] | length) == 0) | .names[]] as $allowed
        | ["mount", "umount2", "unshare", "setns", "keyctl", "add_key", "request_key", "ptrace", "bpf",
           "perf_event_open", "kexec_load", "kexec_file_load", "init_module", "finit_module",
           "delete_module", "reboot", "swapon", "swapoff", "personality", "userfaultfd", "clone",
           "io_uring_setup", "io_uring_enter", "io_uring_register"]
        | all(. as $n | $allowed | index($n) | not)' "$PROFILE" >/dev/null
}
t_check "default.json: none of the dangerous calls is allowed" dangerous_not_allowed
cmd='ls / >/dev/null && echo hi > /tmp/f && cat /tmp/f && rm /tmp/f && sleep 0.1 && (sleep 0.1 &) && wait && seq 3 | wc -l && ps >/dev/null && date >/dev/null && id -u && echo BUSYBOX-OK
unshare -n true && echo UNSHARED; mount -t tmpfs tmpfs /mnt && echo MOUNTED
probe keyctl; probe clone 0x10000011; probe clone 0x11; probe personality 0x40000; probe personality 0xffffffff; probe io_uring_setup 1 0; probe ptrace; probe bpf; probe setns; probe userfaultfd'
out=$(run default "$with_sys_admin | $profile" "$cmd")
t_check "default.json: busybox sh, ls, cat, echo, sleep, ps, a pipe and a subshell work" has BUSYBOX-OK
t_check "default.json: unshare and mount are denied (even with CAP_SYS_ADMIN)" \
    eval 'lacks UNSHARED MOUNTED && has "unshare.*Operation not permitted"'
t_check "default.json: keyctl, ptrace, bpf, setns, userfaultfd, io_uring are denied with EPERM" \
    has "keyctl: errno 1 " "ptrace: errno 1 " "bpf: errno 1 " "setns: errno 1 " \
    "userfaultfd: errno 1 " "io_uring_setup: errno 1 "
t_check "default.json: clone with CLONE_NEWUSER is denied, a plain clone works" \
    has "clone: errno 1 " "clone: ok"
t_check "default.json: personality(ADDR_NO_RANDOMIZE) is denied, the query works" \
    has "personality: errno 1 " "personality: ok"
out=$(run default-errno "$profile | .linux.seccomp.defaultErrnoRet = 95" 'probe keyctl; echo ran')
t_check "defaultErrnoRet: what the profile does not allow fails with that errno" \
    has "keyctl: errno 95 " ran
out=$(run default-nnp-off ".process.noNewPrivileges = false | .process.user = {uid: 1000, gid: 1000} | $profile" \
    'id -u; grep "^Seccomp:" /proc/self/status; probe keyctl')
t_check "default.json without no_new_privs, as uid 1000: the runtime's own setup is allowed" \
    has '^1000$' $'Seccomp:\t2' "keyctl: errno 1 "

# turf-worker (dynamically linked) with the host's /usr, read-only, under the profile.
if [ ! -x "$WORKER" ]; then
    t_skip "default.json runs turf-worker" "$WORKER is not built (make)"
else
    wroot="$work/worker-rootfs"
    mkdir -p "$wroot/usr" "$wroot/proc" "$wroot/dev" "$wroot/tmp" "$wroot/scripts" "$wroot/opt"
    binds='[{"destination": "/usr", "type": "bind", "source": "/usr", "options": ["rbind", "ro"]}]'
    for d in bin sbin lib lib64 lib32 libx32; do
        if [ -L "/$d" ]; then
            ln -s "$(readlink "/$d")" "$wroot/$d"
        elif [ -d "/$d" ]; then
            mkdir -p "$wroot/$d"
            binds=$(jq -c --arg d "/$d" '. + [{destination: $d, type: "bind", source: $d, options: ["rbind", "ro"]}]' <<< "$binds")
        fi
    done
    cp "$WORKER" "$wroot/opt/turf-worker"
    cp "$top"/tests/runtime/scripts/*.js "$wroot/scripts/"
    cat "$top/tests/runtime/harness.js" "$top/tests/runtime/timers.test.js" > "$wroot/scripts/timers.test.js"
    worker() {
        local id
        id_for "$1"
        mkdir -p "$work/$1"
        jq --arg r "$wroot" --argjson b "$binds" --argjson a "$2" \
            ".root = {path: \$r, readonly: true} | .mounts += \$b | .process.args = \$a | $profile" \
            "$work/base.json" > "$work/$1/config.json"
        (cd "$work/$1" && timeout 60 "$RUNTIME" --root "$root" run "$id" 2>&1)
    }
    out=$(worker worker-heavy '["/opt/turf-worker", "/scripts/heavy.js"]')
    t_check "default.json: turf-worker runs heavy.js (JIT, GC, regexps, a timer)" has "heavy done"
    out=$(worker worker-timers '["/opt/turf-worker", "/scripts/timers.test.js"]')
    rc=$?
    t_check "default.json: turf-worker passes timers.test.js" [ "$rc" = 0 ]
    out=$(worker worker-fork '["/opt/turf-worker", "--fork-stress", "5", "/scripts/fork-stress.js"]')
    t_check "default.json: turf-worker forks children (--fork-stress 5)" has "0 hung, 0 crashed, 0 wrong"
fi

# --- features ---
t_check "features reports seccomp with every action, operator and the native architecture" \
    bash -c "timeout 20 '$RUNTIME' features | jq -e '.linux.seccomp.enabled and (.linux.seccomp.actions | index(\"SCMP_ACT_NOTIFY\")) and (.linux.seccomp.operators | length) == 7 and (.linux.seccomp.archs | index(\"SCMP_ARCH_X86_64\"))' >/dev/null"

t_finish
