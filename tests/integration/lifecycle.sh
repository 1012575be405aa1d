#!/usr/bin/env bash
# Integration tests of the container lifecycle and the container's world, driving a real OCI
# runtime as containerd does (runc's command lines) on a busybox-static bundle, as root.
#
#   bash tests/integration/lifecycle.sh                  # the turf in build/
#   RUNTIME=runc bash tests/integration/lifecycle.sh     # the very same tests against runc
#
# runc is the reference for the command line (exit statuses, error texts as substrings); a test
# that runc cannot run on this host skips for runc with the reason. Every container is created
# under a private --root in a temp dir and deleted on every exit path.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
RUNTIME=${RUNTIME:-$top/build/turf}
case $RUNTIME in */*) RUNTIME=$(realpath -m "$RUNTIME") ;; esac # the tests change directory
TMO=${TMO:-20} # seconds any one runtime command may take

if [ "$(id -u)" != 0 ]; then
    t_skip "lifecycle tests" "need root to create namespaces and mounts (run as root)"
    t_finish
    exit
fi
if [ ! -x /bin/busybox ] || ! /bin/busybox --list 2>/dev/null | grep -qx sh; then
    t_skip "lifecycle tests" "busybox-static (/bin/busybox) is missing: apt-get install busybox-static (make deps)"
    t_finish
    exit
fi
for tool in jq perl timeout unshare nsenter pgrep; do
    if ! command -v "$tool" >/dev/null; then
        t_skip "lifecycle tests" "$tool is missing (make deps)"
        t_finish
        exit
    fi
done
if ! command -v "$RUNTIME" >/dev/null; then
    t_check "the runtime $RUNTIME exists (build it with make)" false
    t_finish
    exit
fi

rt_version=$("$RUNTIME" --version 2>/dev/null | head -n 1)
rt_name=${rt_version%% *}
echo "# runtime: $RUNTIME ($rt_version)"

# ---- state, registration and cleanup ----

work=$(mktemp -d /tmp/turf-lc.XXXXXX)
# A user-namespaced init (host uid 100000) must be able to reach the rootfs through this path.
chmod 0755 "$work"
STATE=$work/state
CIDS=()   # "ROOT|ID" of every container this run created
PIDS=()   # "PID:STARTTIME" of processes this run may leave behind (killed at exit)
MOUNTS=() # mount points this run mounted (unmounted at exit, last first)

cleanup() {
    local entry root id pid m i
    for entry in "${CIDS[@]}"; do
        root=${entry%%|*} id=${entry#*|}
        [ -d "$root/$id" ] || continue
        pid=$(timeout 10 "$RUNTIME" --root "$root" state "$id" 2>/dev/null | jq -r '.pid // 0' 2>/dev/null)
        [ "${pid:-0}" -gt 0 ] 2>/dev/null && track_pid "$pid"
        timeout 30 "$RUNTIME" --root "$root" delete --force "$id" >/dev/null 2>&1
    done
    for entry in "${PIDS[@]}"; do
        pid=${entry%%:*}
        [ "$(start_time "$pid")" = "${entry#*:}" ] && kill -9 "$pid" 2>/dev/null
    done
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        m=${MOUNTS[i]}
        is_mounted "$m" && umount "$m"
    done
    # A runtime killed part-way through create (the tests below do that) can leave its empty
    # cgroups behind (runc 1.1 does); they carry our ids, so remove them.
    find /sys/fs/cgroup -maxdepth 3 -depth -type d -name "lc$$-*" -exec rmdir {} + 2>/dev/null
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

is_mounted() { awk -v m="$1" '$5 == m { found = 1 } END { exit !found }' /proc/self/mountinfo; }

# Field 22 of /proc/PID/stat: with the pid it names one process for good.
start_time() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    local -a f
    read -ra f <<<"${stat##*) }"
    echo "${f[19]}"
}
track_pid() {
    local t
    t=$(start_time "$1") && PIDS+=("$1:$t")
}
# alive PID: the process exists and is not a zombie.
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat:0:1}" != Z ] && [ "${stat:0:1}" != X ]
}

# new_id NAME: sets ID to a unique container id and registers it for cleanup.
new_id() {
    ID="lc$$-$1"
    CIDS+=("$STATE|$ID")
}

# The runtime under the private root.
rt() { timeout -k 5 "$TMO" "$RUNTIME" --root "$STATE" "$@"; }

# run_ctr ID BUNDLE [RUN FLAGS...]: `run` in the foreground; sets OUT, ERR and RC. Output goes
# through files, never a pipe: a process left in the container would hold a pipe open.
run_ctr() {
    local id=$1 b=$2
    shift 2
    RC=0
    rt run "$@" --bundle "$b" "$id" </dev/null >"$work/stdout" 2>"$work/stderr" || RC=$?
    OUT=$(<"$work/stdout")
    ERR=$(<"$work/stderr")
}
# create_ctr ID BUNDLE [CREATE FLAGS...]: sets ERR and RC; the container's stdio goes to
# $work/ID.out and $work/ID.err (never to a pipe: the container would hold it open).
create_ctr() {
    local id=$1 b=$2
    shift 2
    RC=0
    rt create "$@" --bundle "$b" "$id" </dev/null >"$work/$id.out" 2>"$work/$id.err" || RC=$?
    ERR=$(<"$work/$id.err")
}
state_of() { rt state "$1" 2>/dev/null | jq -r ".${2:-status}" 2>/dev/null; }
# wait_status ID STATUS: polls state for up to 10 s.
wait_status() {
    local i
    for ((i = 0; i < 200; i++)); do
        [ "$(state_of "$1")" = "$2" ] && return 0
        sleep 0.05
    done
    return 1
}
wait_dead() {
    local i
    for ((i = 0; i < 200; i++)); do
        alive "$1" || return 0
        sleep 0.05
    done
    return 1
}
# A container init that runs until SIGTERM (a bare sleep as pid 1 would ignore it).
LONG='trap "exit 0" TERM; sleep 1000 & wait'

# ---- assertions (each prints what it expected and got when it fails) ----

eq() { # DESC EXPECTED GOT
    [ "$2" = "$3" ] && return 0
    printf '  %s\n    expected: %s\n    got:      %s\n' "$1" "$2" "$3"
    return 1
}
ne() { # DESC UNEXPECTED GOT
    [ "$2" != "$3" ] && [ -n "$3" ] && return 0
    printf '  %s\n    expected something other than: %s\n    got: %s\n' "$1" "$2" "$3"
    return 1
}
has() { # DESC HAYSTACK NEEDLE
    case $2 in *"$3"*) return 0 ;; esac
    printf '  %s\n    expected to contain: %s\n    got: %s\n' "$1" "$3" "$2"
    return 1
}
matches() { # DESC TEXT ERE
    grep -Eq -- "$3" <<<"$2" && return 0
    printf '  %s\n    expected a line matching: %s\n    got: %s\n' "$1" "$3" "$2"
    return 1
}
# fails_with DESC WANT_STATUS GOT_STATUS MESSAGE STDERR: an error with runc's status and text.
fails_with() {
    local ok=0
    if [ "$2" = nonzero ]; then
        [ "$3" != 0 ] || ok=1
    else
        [ "$3" = "$2" ] || ok=1
    fi
    case $5 in *"$4"*) ;; *) ok=1 ;; esac
    [ $ok = 0 ] && return 0
    printf '  %s\n    expected: exit %s, stderr containing: %s\n    got:      exit %s, stderr: %s\n' \
        "$1" "$2" "$4" "$3" "$5"
    return 1
}
ran() { # DESC: the last run_ctr exited 0
    [ "$RC" = 0 ] && return 0
    printf '  %s\n    exit %s, stderr: %s\n    stdout: %s\n' "$1" "$RC" "$ERR" "$OUT"
    return 1
}
line() { awk -v k="$1" '$1 == k { sub(/^[^ ]* ?/, ""); print; exit }' <<<"$OUT"; } # "KEY value" in OUT
no_entry() { # ID: nothing is left of the container under --root
    [ ! -e "$STATE/$1" ] && return 0
    echo "  $STATE/$1 is left behind: $(ls -A "$STATE/$1" 2>&1 | tr '\n' ' ')"
    return 1
}

# ---- runtime capabilities: what runc (the reference) cannot do on this host ----

lacks_time_ns() { # the runtime lists its namespaces and time is not among them (runc 1.1)
    local f
    f=$("$RUNTIME" features 2>/dev/null) || return 1
    ! jq -e '.linux.namespaces | index("time")' <<<"$f" >/dev/null 2>&1
}
lacks_domainname() { # runc applies domainname from 1.2 on; 1.1 ignores the field
    [ "$rt_name" = runc ] || return 1
    local v=${rt_version#runc version }
    v=${v%%[+-]*}
    [ "$(printf '%s\n1.2.0\n' "$v" | sort -V | head -n 1)" != 1.2.0 ]
}

# ---- the fixture: one busybox rootfs, a base config from `$RUNTIME spec` ----

rootfs=$work/rootfs
mkdir -p "$rootfs/bin" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/tmp" "$rootfs/etc"
cp /bin/busybox "$rootfs/bin/busybox"
for a in sh cat echo ls id readlink hostname sleep stat touch wc grep tr head sed mkdir rm \
    true false test env pwd kill; do
    ln -s busybox "$rootfs/bin/$a"
done
mkdir -p "$work/base"
if ! (cd "$work/base" && "$RUNTIME" spec) >"$work/spec.log" 2>&1 ||
    ! jq --arg root "$rootfs" '.process.terminal = false | .root.path = $root | .process.args = ["true"]' \
        "$work/base/config.json" >"$work/base.json" 2>>"$work/spec.log"; then
    t_check "the fixture: $RUNTIME spec writes a config.json" eq "spec" "a config.json" "$(cat "$work/spec.log")"
    t_finish
    exit
fi

# cfg NAME SCRIPT [JQ FILTER [JQ ARGS...]]: a bundle $work/b/NAME sharing the rootfs (by its
# absolute root.path) whose process is `sh -c SCRIPT` (SCRIPT empty: keep the args), edited
# by FILTER. Sets B to the bundle directory.
cfg() {
    local name=$1 script=$2 filter=${3:-.}
    shift 3 2>/dev/null || shift $#
    B=$work/b/$name
    mkdir -p "$B"
    jq --arg s "$script" "$@" "(if \$s != \"\" then .process.args = [\"sh\", \"-c\", \$s] else . end) | $filter" \
        "$work/base.json" >"$B/config.json" || echo "  (fixture) jq failed for bundle $name" >&2
}

# ================================ run ================================

cfg exit3 'exit 3'
new_id exit3
run_ctr "$ID" "$B"
t_check "run exits with the container's exit status (sh -c 'exit 3' -> 3)" eq "run exit status" 3 "$RC"
t_check "run removes the container after it exits (no --keep)" no_entry "$ID"

cfg out 'echo to-stdout; echo to-stderr >&2'
new_id out
run_ctr "$ID" "$B"
t_check "run: the container's stdout reaches run's stdout" eq "stdout" to-stdout "$OUT"
t_check "run: the container's stderr reaches run's stderr" has "stderr" "$ERR" to-stderr

cfg keep 'exit 0'
new_id keep
run_ctr "$ID" "$B" --keep
keep_id=$ID
t_check "run --keep leaves a stopped container behind" eq "status after run --keep (run exit $RC: $ERR)" stopped "$(state_of "$keep_id")"
rc=0
rt delete "$keep_id" >/dev/null 2>&1 || rc=$?
t_check "delete of the stopped container that run --keep left works" eq "delete exit status" 0 "$rc"
t_check "... and leaves nothing under --root" no_entry "$keep_id"

cfg detach "$LONG"
new_id detach
RC=0
rt run --detach --bundle "$B" "$ID" </dev/null >"$work/$ID.out" 2>"$work/$ID.err" || RC=$?
t_check "run --detach returns 0 at once and the container runs" \
    eq "run --detach status, then state ($(cat "$work/$ID.err"))" "0 running" "$RC $(state_of "$ID")"
rt kill "$ID" TERM >/dev/null 2>&1
wait_status "$ID" stopped
rt delete "$ID" >/dev/null 2>&1

# ============================ create, start, state ============================

cfg life "$LONG"
B_life=$B
new_id life
life=$ID
create_ctr "$life" "$B_life" --pid-file "$work/life.pid"
t_check "create exits 0" eq "create exit status (stderr: $ERR)" 0 "$RC"
state_json=$(rt state "$life" 2>&1)
life_pid=$(jq -r .pid <<<"$state_json" 2>/dev/null)
t_check "state after create: created" eq "status" created "$(jq -r .status <<<"$state_json" 2>/dev/null)"
t_check "the --pid-file holds the pid that state reports" \
    eq "pid file vs state pid" "$life_pid" "$(cat "$work/life.pid" 2>/dev/null)"
t_check "the state pid is a live process on the host" alive "${life_pid:-0}"
check_state_fields() {
    jq -e --arg id "$life" --arg b "$(realpath "$B_life")" '
        (.ociVersion | type == "string" and length > 0) and .id == $id and
        (.pid | type == "number" and . > 0) and .status == "created" and .bundle == $b' \
        <<<"$state_json" >/dev/null 2>&1 && return 0
    echo "  state JSON: $state_json"
    return 1
}
t_check "state JSON has ociVersion, id, pid, status and the absolute bundle" check_state_fields

rc=0
rt create --bundle "$B_life" "$life" </dev/null >/dev/null 2>"$work/err" || rc=$?
t_check "create with an id in use fails (exit 1) and leaves the first container alone" \
    eq "exit status, then status of the first" "1 created" "$rc $(state_of "$life")"
t_check "create with an id in use says so (runc: 'container with given ID already exists')" \
    has "stderr" "$(cat "$work/err")" "already exists"

rc=0
rt start "$life" >"$work/start.out" 2>&1 || rc=$?
t_check "start exits 0" eq "start exit status ($(cat "$work/start.out"))" 0 "$rc"
t_check "state after start: running, same pid" eq "status pid" "running $life_pid" "$(state_of "$life") $(state_of "$life" pid)"

rc=0
rt start "$life" >/dev/null 2>"$work/err" || rc=$?
t_check "start of a running container fails: exit 1, 'cannot start an already running container'" \
    fails_with "start twice" 1 "$rc" "cannot start an already running container" "$(cat "$work/err")"

rc=0
rt delete "$life" >/dev/null 2>"$work/err" || rc=$?
t_check "delete of a running container without --force fails: exit 1, runc's message" \
    fails_with "delete running" 1 "$rc" "cannot delete container $life that is not stopped: running" "$(cat "$work/err")"
t_check "... and the container is still running" eq "status" running "$(state_of "$life")"

rc=0
rt kill "$life" >/dev/null 2>"$work/err" || rc=$?
t_check "kill with no signal sends SIGTERM: exit 0 and the container stops" \
    eq "kill exit status, then status ($(cat "$work/err"))" "0 stopped" "$rc $(wait_status "$life" stopped; state_of "$life")"
t_check "the init process is gone after it stopped" wait_dead "${life_pid:-0}"

rc=0
rt start "$life" >/dev/null 2>"$work/err" || rc=$?
t_check "start of a stopped container fails: exit 1, 'cannot start a container that has stopped'" \
    fails_with "start stopped" 1 "$rc" "cannot start a container that has stopped" "$(cat "$work/err")"
rc=0
rt kill "$life" KILL >/dev/null 2>"$work/err" || rc=$?
t_check "kill of a stopped container fails: exit 1, 'container not running'" \
    fails_with "kill stopped" 1 "$rc" "container not running" "$(cat "$work/err")"

rc=0
rt delete "$life" >/dev/null 2>"$work/err" || rc=$?
t_check "delete of a stopped container exits 0" eq "delete exit status ($(cat "$work/err"))" 0 "$rc"
t_check "... and leaves nothing under --root" no_entry "$life"
for cmd in state start kill delete; do
    rc=0
    rt $cmd "$life" >/dev/null 2>"$work/err" || rc=$?
    t_check "$cmd of a missing container fails: exit 1, 'container does not exist'" \
        fails_with "$cmd missing" 1 "$rc" "container does not exist" "$(cat "$work/err")"
done
rc=0
rt delete --force "lc$$-never-created" >/dev/null 2>"$work/err" || rc=$?
t_check "delete --force of a missing container exits 0" eq "exit status ($(cat "$work/err"))" 0 "$rc"

# delete --force of a running and of a created container
for phase in running created; do
    cfg "force-$phase" "$LONG"
    new_id "force-$phase"
    create_ctr "$ID" "$B"
    [ "$phase" = running ] && rt start "$ID" >/dev/null 2>&1
    pid=$(state_of "$ID" pid)
    st=$(state_of "$ID")
    rc=0
    rt delete --force "$ID" >/dev/null 2>"$work/err" || rc=$?
    t_check "delete --force of a $phase container exits 0 and the container is gone" \
        eq "state before, delete exit status, entry ($(cat "$work/err"))" "$phase 0 gone" \
        "$st $rc $([ -e "$STATE/$ID" ] && echo left || echo gone)"
    t_check "... and its init process is gone" wait_dead "${pid:-0}"
done

# ================================ kill ================================

for sig in TERM SIGTERM KILL 15 9; do
    cfg "kill-$sig" "$LONG"
    new_id "kill-$sig"
    create_ctr "$ID" "$B"
    rt start "$ID" >/dev/null 2>&1
    st=$(state_of "$ID")
    rc=0
    rt kill "$ID" "$sig" >/dev/null 2>"$work/err" || rc=$?
    wait_status "$ID" stopped
    t_check "kill ID $sig: exit 0 and the container stops" \
        eq "state before, kill exit status, state after ($(cat "$work/err"))" "running 0 stopped" \
        "$st $rc $(state_of "$ID")"
    rt delete --force "$ID" >/dev/null 2>&1
done

cfg kill-bad "$LONG"
new_id kill-bad
create_ctr "$ID" "$B"
rt start "$ID" >/dev/null 2>&1
rc=0
rt kill "$ID" NOSUCHSIG >/dev/null 2>"$work/err" || rc=$?
t_check "kill with an unknown signal fails (exit != 0, 'unknown signal')" \
    fails_with "kill NOSUCHSIG" nonzero "$rc" 'unknown signal' "$(cat "$work/err")"
t_check "... and the container keeps running" eq "status" running "$(state_of "$ID")"
rt delete --force "$ID" >/dev/null 2>&1

# kill --all: every process of the container, with and without a pid namespace of its own. The
# init starts two children and says so in a bind-mounted directory; the host finds them with
# pgrep -P. Without a pid namespace, killing the init alone would leave them running.
all_dead() { # the processes $init and $kids are all gone
    local p
    [ -n "$kids" ] || { echo "  no child processes of the init (${init:-no pid}) were found"; return 1; }
    for p in $init $kids; do
        wait_dead "$p" || { echo "  pid $p ($(tr '\0' ' ' </proc/"$p"/cmdline)) is still alive"; return 1; }
    done
}
for mode in pidns shared; do
    mkdir -p "$work/killall-$mode"
    filter='.mounts += [{"destination": "/out", "type": "bind", "source": $out, "options": ["rbind", "rw"]}]'
    [ "$mode" = shared ] && filter="$filter"' | .linux.namespaces |= map(select(.type != "pid"))'
    cfg "killall-$mode" 'sleep 1001 & sleep 1002 & echo ready > /out/ready; wait' \
        "$filter" --arg out "$work/killall-$mode"
    new_id "killall-$mode"
    create_ctr "$ID" "$B"
    rt start "$ID" >/dev/null 2>&1
    init=$(state_of "$ID" pid)
    for ((i = 0; i < 200; i++)); do [ -s "$work/killall-$mode/ready" ] && break; sleep 0.05; done
    kids=$(pgrep -P "${init:-0}" | tr '\n' ' ')
    for k in $kids; do track_pid "$k"; done
    rc=0
    rt kill --all "$ID" KILL >/dev/null 2>"$work/err" || rc=$?
    t_check "kill --all ID KILL ($mode pid namespace): exit 0" eq "kill --all exit status ($(cat "$work/err"))" 0 "$rc"
    t_check "kill --all ID KILL ($mode pid namespace): the init and its children are all gone" all_dead
    wait_status "$ID" stopped
    rt delete --force "$ID" >/dev/null 2>&1
done

# delete --force in a shared pid namespace must not leave the container's other processes.
mkdir -p "$work/delall"
cfg delall 'sleep 1003 & echo ready > /out/ready; wait' \
    '.mounts += [{"destination": "/out", "type": "bind", "source": $out, "options": ["rbind", "rw"]}] | .linux.namespaces |= map(select(.type != "pid"))' \
    --arg out "$work/delall"
new_id delall
create_ctr "$ID" "$B"
rt start "$ID" >/dev/null 2>&1
init=$(state_of "$ID" pid)
for ((i = 0; i < 200; i++)); do [ -s "$work/delall/ready" ] && break; sleep 0.05; done
kids=$(pgrep -P "${init:-0}" | tr '\n' ' ')
for k in $kids; do track_pid "$k"; done
rt delete --force "$ID" >/dev/null 2>&1
t_check "delete --force (shared pid namespace): the init and its children are all gone" all_dead

# ================================ list ================================

STATE_MAIN=$STATE
STATE=$work/state-list
mkdir -p "$STATE"
rc=0
out=$(rt list -q 2>&1) || rc=$?
t_check "list -q of an empty --root prints nothing (exit 0)" eq "exit status and output" "0 " "$rc $out"
cfg list-a "$LONG"
B_list=$B
new_id list-a
id_a=$ID
create_ctr "$id_a" "$B_list"
rt start "$id_a" >/dev/null 2>&1
new_id list-b
id_b=$ID
create_ctr "$id_b" "$B_list"
pid_a=$(state_of "$id_a" pid)
pid_b=$(state_of "$id_b" pid)
table=$(rt list 2>&1)
t_check "list: the table header is runc's" \
    matches "header" "$(head -n 1 <<<"$table")" '^ID +PID +STATUS +BUNDLE +CREATED +OWNER$'
t_check "list: a row for the running container (id, pid, status, bundle, created, owner)" \
    matches "rows" "$table" "^$id_a +$pid_a +running +$(realpath "$B_list") +[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+ +root\$"
t_check "list: a row for the created container" \
    matches "rows" "$table" "^$id_b +$pid_b +created +$(realpath "$B_list") +[^ ]+ +root\$"
json=$(rt list --format json 2>&1)
check_list_json() {
    jq -e --arg a "$id_a" --arg b "$id_b" --argjson pa "${pid_a:-0}" --arg bundle "$(realpath "$B_list")" '
        length == 2 and
        (map(select(.id == $a))[0] | .pid == $pa and .status == "running" and .bundle == $bundle and
            (.ociVersion | length > 0) and (.created | test("^[0-9]{4}-")) and .owner == "root") and
        (map(select(.id == $b))[0] | .status == "created")' <<<"$json" >/dev/null 2>&1 && return 0
    echo "  list --format json: $json"
    return 1
}
t_check "list --format json: both containers with ociVersion, id, pid, status, bundle, created, owner" check_list_json
t_check "list -q prints exactly the ids" eq "list -q" "$(printf '%s\n' "$id_a" "$id_b" | sort)" "$(rt list -q 2>&1 | sort)"
t_check "list --quiet is list -q" eq "list --quiet" "$(printf '%s\n' "$id_a" "$id_b" | sort)" "$(rt list --quiet 2>&1 | sort)"
rt delete --force "$id_a" >/dev/null 2>&1
rt delete --force "$id_b" >/dev/null 2>&1
STATE=$STATE_MAIN

# ============================ namespaces ============================

host_ns() { readlink "/proc/$$/ns/$1"; }
ns_script='for n in pid net ipc uts mnt cgroup user time; do echo "$n $(readlink /proc/self/ns/$n)"; done'

cfg ns "$ns_script" '.linux.namespaces += [{"type": "cgroup"}]'
new_id ns
run_ctr "$ID" "$B"
t_check "namespaces: the container runs" ran "run"
for n in pid net ipc uts mnt cgroup; do
    t_check "namespaces: $n differs from the host's (readlink /proc/self/ns/$n)" \
        ne "ns/$n inside vs host" "$(host_ns $n)" "$(line $n)"
done
t_check "namespaces: user is the host's when not asked for" eq "ns/user" "$(host_ns user)" "$(line user)"

cfg userns "$ns_script"'; echo "uid_map $(cat /proc/self/uid_map | tr -s " " | sed "s/^ //")"; echo "gid_map $(cat /proc/self/gid_map | tr -s " " | sed "s/^ //")"; echo "uid $(id -u)"' \
    '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
new_id userns
run_ctr "$ID" "$B"
t_check "user namespace with mappings: the container runs" ran "run"
t_check "user namespace: ns/user differs from the host's" ne "ns/user" "$(host_ns user)" "$(line user)"
t_check "user namespace: /proc/self/uid_map is 0 100000 65536" eq "uid_map" "0 100000 65536" "$(line uid_map)"
t_check "user namespace: /proc/self/gid_map is 0 100000 65536" eq "gid_map" "0 100000 65536" "$(line gid_map)"
t_check "user namespace: the process is uid 0 inside" eq "id -u" 0 "$(line uid)"

if lacks_time_ns; then
    t_skip "time namespace with timeOffsets" "$rt_version does not support time namespaces ($RUNTIME features)"
else
    cfg timens "$ns_script"'; echo "offsets $(grep monotonic /proc/self/timens_offsets | tr -s " ")"' \
        '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"monotonic": {"secs": 86400, "nanosecs": 0}}'
    new_id timens
    run_ctr "$ID" "$B"
    t_check "time namespace: the container runs" ran "run"
    t_check "time namespace: ns/time differs from the host's" ne "ns/time" "$(host_ns time)" "$(line time)"
    t_check "time namespace: /proc/self/timens_offsets has monotonic 86400 0" \
        eq "timens_offsets" "monotonic 86400 0" "$(line offsets)"
fi

# Joining by path: the network namespace of another container's init.
cfg join-holder "$LONG"
new_id join-holder
holder=$ID
create_ctr "$holder" "$B"
holder_pid=$(state_of "$holder" pid)
holder_net=$(readlink "/proc/${holder_pid:-0}/ns/net" 2>/dev/null)
cfg join-net 'readlink /proc/self/ns/net' \
    '.linux.namespaces |= map(if .type == "network" then .path = $p else . end)' --arg p "/proc/${holder_pid:-0}/ns/net"
new_id join-net
run_ctr "$ID" "$B"
t_check "joining a namespace by path: the container runs" ran "run"
t_check "joining /proc/PID/ns/net of another container: the same network namespace" \
    eq "ns/net" "${holder_net:-holder has no pid}" "$OUT"
rt delete --force "$holder" >/dev/null 2>&1

# Joining by path: a namespace made with unshare and kept by a bind-mounted nsfs file.
touch "$work/utsns"
if unshare --uts="$work/utsns" hostname lc-joined-uts 2>"$work/err"; then
    MOUNTS+=("$work/utsns")
    uts_ns=$(nsenter --uts="$work/utsns" readlink /proc/self/ns/uts)
    cfg join-uts 'echo "uts $(readlink /proc/self/ns/uts)"; echo "hostname $(hostname)"' \
        'del(.hostname) | .linux.namespaces |= map(if .type == "uts" then .path = $p else . end)' --arg p "$work/utsns"
    new_id join-uts
    run_ctr "$ID" "$B"
    t_check "joining a bind-mounted (unshare) uts namespace: the container runs" ran "run"
    t_check "joining a bind-mounted uts namespace: the same namespace" eq "ns/uts" "$uts_ns" "$(line uts)"
    t_check "joining a bind-mounted uts namespace: its hostname" eq "hostname" lc-joined-uts "$(line hostname)"
    umount "$work/utsns"
else
    t_check "unshare --uts=FILE makes a namespace to join" eq "unshare" 0 "$(cat "$work/err")"
fi

# hostname, domainname, pid 1
cfg uts 'echo "hostname $(hostname)"; echo "domainname $(cat /proc/sys/kernel/domainname)"' \
    '.hostname = "lc-host" | .domainname = "lc.example"'
new_id uts
run_ctr "$ID" "$B"
t_check "hostname: set from config.json" eq "hostname" lc-host "$(line hostname)"
if lacks_domainname; then
    t_skip "domainname: set from config.json" "$rt_version ignores domainname (runc applies it from 1.2)"
else
    t_check "domainname: set from config.json" eq "domainname" lc.example "$(line domainname)"
fi
t_check "the host's hostname is unchanged" ne "host hostname" lc-host "$(hostname)"

cfg pid1 'echo "pid $$"; echo "cmdline $(tr "\0" " " < /proc/1/cmdline)"; echo "procs $(ls /proc | grep -c "^[0-9]")"'
new_id pid1
run_ctr "$ID" "$B"
t_check "pid namespace: the process is pid 1" eq "\$\$" 1 "$(line pid)"
t_check "pid namespace: /proc/1/cmdline is the container's process" has "cmdline" "$(line cmdline)" "sh -c echo"
t_check "pid namespace: only the container's processes are visible" \
    matches "processes in /proc" "$(line procs)" '^[1-5]$'

# ============================== mounts ==============================

mkdir -p "$work/robind" "$work/rb/sub" "$work/rw"
echo ro-content >"$work/robind/file"
echo single-file >"$work/single"
if mount -t tmpfs -o size=1m lc-sub "$work/rb/sub"; then
    MOUNTS+=("$work/rb/sub")
    echo inner >"$work/rb/sub/inner"
fi
mounts_filter='.mounts += [
    {"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "size=1m", "mode=1777"]},
    {"destination": "/robind", "type": "bind", "source": ($w + "/robind"), "options": ["bind", "ro"]},
    {"destination": "/rb", "type": "bind", "source": ($w + "/rb"), "options": ["rbind"]},
    {"destination": "/plainbind", "type": "bind", "source": ($w + "/rb"), "options": ["bind"]},
    {"destination": "/rw", "type": "bind", "source": ($w + "/rw"), "options": ["bind", "rw"]},
    {"destination": "/etc/single", "type": "bind", "source": ($w + "/single"), "options": ["bind", "ro"]}]'
cfg mounts '
m() { grep " $1 " /proc/self/mountinfo | tail -n 1; }
echo "scratch $(m /scratch)"
echo "scratch-write $(echo x > /scratch/f && cat /scratch/f)"
echo "robind $(m /robind)"
echo "robind-read $(cat /robind/file)"
echo "robind-write $(touch /robind/new 2>/dev/null && echo allowed || echo refused)"
echo "rb-inner $(cat /rb/sub/inner 2>&1)"
echo "rb-sub $(m /rb/sub)"
echo "plain-inner $(ls /plainbind/sub)"
echo "rw-write $(echo w > /rw/f && echo allowed || echo refused)"
echo "single $(cat /etc/single)"
echo "root $(m /)"
echo "root-write $(touch /lc-root-write 2>/dev/null && echo allowed || echo refused)"' \
    "$mounts_filter" --arg w "$work"
new_id mounts
run_ctr "$ID" "$B"
t_check "mounts: the container runs" ran "run"
t_check "mounts: a tmpfs with size=1m shows in mountinfo (tmpfs, size=1024k, nosuid, nodev)" \
    matches "/scratch in mountinfo" "$(line scratch)" ' - tmpfs .*size=1024k'
t_check "mounts: the tmpfs mount has nosuid and nodev in its mount options" \
    matches "/scratch mount options" "$(line scratch | cut -d' ' -f6)" '^(.*,)?nosuid,(.*,)?nodev(,|$)|^(.*,)?nodev,(.*,)?nosuid(,|$)'
t_check "mounts: the tmpfs is writable" eq "write /scratch" x "$(line scratch-write)"
t_check "mounts: a read-only bind mount shows the host directory" eq "cat /robind/file" ro-content "$(line robind-read)"
t_check "mounts: a read-only bind mount refuses writes" eq "touch /robind/new" refused "$(line robind-write)"
t_check "mounts: ... and is ro in mountinfo" matches "/robind mount options" "$(line robind | cut -d' ' -f6)" '(^|,)ro(,|$)'
t_check "mounts: ... and nothing reached the host directory" test ! -e "$work/robind/new"
t_check "mounts: rbind carries the submounts of its source" eq "cat /rb/sub/inner" inner "$(line rb-inner)"
t_check "mounts: the rbind submount shows in mountinfo" matches "/rb/sub" "$(line rb-sub)" ' /rb/sub .* - tmpfs '
t_check "mounts: a plain bind does not carry submounts" eq "ls /plainbind/sub" "" "$(line plain-inner)"
t_check "mounts: a rw bind mount accepts writes that reach the host" \
    eq "write /rw/f, host sees" "allowed w" "$(line rw-write) $(cat "$work/rw/f" 2>/dev/null)"
t_check "mounts: a single file can be bind-mounted" eq "cat /etc/single" single-file "$(line single)"
t_check "readonly root: writes to / are refused" eq "touch /lc-root-write" refused "$(line root-write)"
t_check "readonly root: / is ro in mountinfo" matches "/ mount options" "$(line root | cut -d' ' -f6)" '(^|,)ro(,|$)'
t_check "readonly root: nothing reached the rootfs" test ! -e "$rootfs/lc-root-write"

cfg rwroot 'touch /tmp/lc-rw-root && echo allowed; rm -f /tmp/lc-rw-root' '.root.readonly = false'
new_id rwroot
run_ctr "$ID" "$B"
t_check "a root that is not readonly accepts writes" eq "touch /tmp/x" allowed "$OUT"

# /dev: default devices, symlinks, linux.devices
cfg dev '
for d in null zero full random urandom tty; do echo "dev-$d $(stat -c "%F %t:%T %a" /dev/$d)"; done
for l in fd stdin stdout stderr ptmx; do echo "link-$l $(readlink /dev/$l)"; done
echo "zero $(head -c 4 /dev/zero | wc -c)"
echo "null $(echo x > /dev/null && echo ok)"
echo "fuse $(stat -c "%F %t:%T %a %u %g" /dev/fuse)"
echo "fifo $(stat -c "%F %a %u %g" /dev/lcfifo)"
for d in /dev/pts /dev/shm /dev/mqueue; do echo "mnt-$d $(grep " $d " /proc/self/mountinfo | sed "s/.* - //" | cut -d" " -f1)"; done' \
    '.linux.devices = [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 416, "uid": 1, "gid": 2},
                       {"path": "/dev/lcfifo", "type": "p", "fileMode": 384, "uid": 3, "gid": 4}]'
new_id dev
run_ctr "$ID" "$B"
t_check "/dev: the container runs" ran "run"
for d in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
    name=${d%%:*}
    t_check "/dev/$name is the character device ${d#*:} (mode 666)" \
        eq "stat /dev/$name" "character special file ${d#*:} 666" "$(line "dev-$name")"
done
for l in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 stderr:/proc/self/fd/2 ptmx:pts/ptmx; do
    t_check "/dev/${l%%:*} is a symlink to ${l#*:}" eq "readlink /dev/${l%%:*}" "${l#*:}" "$(line "link-${l%%:*}")"
done
t_check "/dev/zero and /dev/null work" eq "read zero, write null" "4 ok" "$(line zero) $(line null)"
t_check "linux.devices: /dev/fuse c 10:229 with fileMode 0640, uid 1, gid 2" \
    eq "stat /dev/fuse" "character special file a:e5 640 1 2" "$(line fuse)"
t_check "linux.devices: a fifo /dev/lcfifo with fileMode 0600, uid 3, gid 4" \
    eq "stat /dev/lcfifo" "fifo 600 3 4" "$(line fifo)"
for m in pts:devpts shm:tmpfs mqueue:mqueue; do
    t_check "/dev/${m%%:*} is a ${m#*:} mount" eq "fstype of /dev/${m%%:*}" "${m#*:}" "$(line "mnt-/dev/${m%%:*}")"
done

# ============================ host settings ============================

host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
cfg sysctl 'cat /proc/sys/net/ipv4/ip_forward' '.linux.sysctl = {"net.ipv4.ip_forward": "1"}'
new_id sysctl
run_ctr "$ID" "$B"
t_check "sysctl net.ipv4.ip_forward=1 is visible in the container's network namespace" \
    eq "ip_forward (run: $RC $ERR)" 1 "$OUT"
t_check "sysctl: the host's value is unchanged" eq "host ip_forward" "$host_fwd" "$(cat /proc/sys/net/ipv4/ip_forward)"

cfg rlimit 'echo "soft $(ulimit -n)"; echo "hard $(ulimit -Hn)"' \
    '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 512, "hard": 1000}]'
new_id rlimit
run_ctr "$ID" "$B"
t_check "rlimit NOFILE: soft 512 (ulimit -n)" eq "ulimit -n (run: $RC $ERR)" 512 "$(line soft)"
t_check "rlimit NOFILE: hard 1000 (ulimit -Hn)" eq "ulimit -Hn" 1000 "$(line hard)"

# ============================== process ==============================

cfg user 'echo "uid $(id -u)"; echo "gid $(id -g)"; echo "groups $(id -G)"; grep "^Groups:" /proc/self/status | tr -s "\t " " "' \
    '.process.user = {"uid": 1000, "gid": 1001, "additionalGids": [10, 20]}'
new_id user
run_ctr "$ID" "$B"
t_check "user: uid 1000 (id -u)" eq "id -u (run: $RC $ERR)" 1000 "$(line uid)"
t_check "user: gid 1001 (id -g)" eq "id -g" 1001 "$(line gid)"
t_check "user: additionalGids 10 20 are the supplementary groups" eq "Groups in /proc/self/status" "10 20" "$(sed -n 's/^Groups: //p' <<<"$OUT" | sed 's/ $//')"
t_check "user: id -G lists gid 1001 and the groups 10 20" eq "id -G" "1001 10 20" "$(line groups)"

cfg umask 'umask' '.process.user.umask = 23'
new_id umask
run_ctr "$ID" "$B"
t_check "umask 0027 from process.user.umask" eq "umask (run: $RC $ERR)" 0027 "$OUT"
cfg umask-default 'umask'
new_id umask-default
run_ctr "$ID" "$B"
t_check "umask defaults to 0022" eq "umask" 0022 "$OUT"

cfg env-cwd 'echo "foo $FOO"; echo "cwd $(pwd)"' '.process.env += ["FOO=bar baz"] | .process.cwd = "/tmp"'
new_id env-cwd
run_ctr "$ID" "$B"
t_check "process.env reaches the process" eq "\$FOO" "bar baz" "$(line foo)"
t_check "process.cwd is the working directory" eq "pwd" /tmp "$(line cwd)"

caps_script='grep -E "^(CapBnd|CapEff|CapPrm|NoNewPrivs):" /proc/self/status | tr -d "\t" | tr ":" " "'
cfg caps "$caps_script"
new_id caps
run_ctr "$ID" "$B"
t_check "capabilities (runc's default spec): CapBnd 20000420" eq "CapBnd" 0000000020000420 "$(line CapBnd)"
t_check "capabilities (runc's default spec): CapEff and CapPrm 20000420" \
    eq "CapEff CapPrm" "0000000020000420 0000000020000420" "$(line CapEff) $(line CapPrm)"
t_check "noNewPrivileges true: NoNewPrivs 1" eq "NoNewPrivs" 1 "$(line NoNewPrivs)"
cfg caps2 "$caps_script" \
    '.process.capabilities = {"bounding": ["CAP_CHOWN", "CAP_KILL"], "effective": ["CAP_CHOWN", "CAP_KILL"], "permitted": ["CAP_CHOWN", "CAP_KILL"]} | .process.noNewPrivileges = false'
new_id caps2
run_ctr "$ID" "$B"
t_check "capabilities: bounding CHOWN+KILL is CapBnd 21" eq "CapBnd (run: $RC $ERR)" 0000000000000021 "$(line CapBnd)"
t_check "capabilities: effective and permitted CHOWN+KILL are CapEff and CapPrm 21" \
    eq "CapEff CapPrm" "0000000000000021 0000000000000021" "$(line CapEff) $(line CapPrm)"
t_check "noNewPrivileges false: NoNewPrivs 0" eq "NoNewPrivs" 0 "$(line NoNewPrivs)"
# A non-root process keeps capabilities across exec only through the ambient set.
cfg caps3 'grep -E "^Cap(Bnd|Eff|Prm|Inh|Amb):" /proc/self/status | tr -d "\t" | tr ":" " "' \
    '.process.user = {"uid": 1000, "gid": 1000} | .process.capabilities = {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"], "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]}'
new_id caps3
run_ctr "$ID" "$B"
t_check "capabilities of uid 1000 with ambient KILL: CapBnd, CapEff, CapPrm, CapInh, CapAmb all 20" \
    eq "CapBnd CapEff CapPrm CapInh CapAmb (run: $RC $ERR)" \
    "0000000000000020 0000000000000020 0000000000000020 0000000000000020 0000000000000020" \
    "$(line CapBnd) $(line CapEff) $(line CapPrm) $(line CapInh) $(line CapAmb)"

# /proc/kcore is in runc's default maskedPaths, but this kernel has none: check two others.
cfg masked '
echo "timer_list $(wc -c < /proc/timer_list)"
echo "firmware $(ls -A /sys/firmware | wc -l)"
echo "sys-write $(echo lc-hacked 2>/dev/null > /proc/sys/kernel/hostname && echo allowed || echo refused)"
echo "hostname $(hostname)"
echo "sys $(grep " /proc/sys " /proc/self/mountinfo | cut -d" " -f6)"'
new_id masked
run_ctr "$ID" "$B"
t_check "maskedPaths: /proc/timer_list (a file; the host's is not empty) reads empty" \
    eq "wc -c < /proc/timer_list (host: $(wc -c </proc/timer_list); run: $RC $ERR)" 0 "$(line timer_list)"
t_check "maskedPaths: /sys/firmware (a directory; the host's is not empty) is empty" \
    eq "ls -A /sys/firmware | wc -l (host: $(ls -A /sys/firmware | wc -l))" 0 "$(line firmware)"
t_check "readonlyPaths: a write to /proc/sys fails" eq "write /proc/sys/kernel/hostname" "refused" "$(line sys-write)"
t_check "readonlyPaths: ... and changed nothing" ne "hostname" lc-hacked "$(line hostname)"
t_check "readonlyPaths: /proc/sys is ro in mountinfo" matches "/proc/sys mount options" "$(line sys)" '(^|,)ro(,|$)'

cfg nopivot 'echo pivot-free; test -e /work && echo host-root-visible; true'
new_id nopivot
run_ctr "$ID" "$B" --no-pivot
t_check "run --no-pivot works and the host's root is out of sight" eq "stdout (run: $RC $ERR)" pivot-free "$OUT"
cfg nopivot2 'echo started'
new_id nopivot2
create_ctr "$ID" "$B" --no-pivot
rt start "$ID" >/dev/null 2>&1
wait_status "$ID" stopped
t_check "create --no-pivot, start: the process runs" eq "output (create: $RC $ERR)" started "$(cat "$work/$ID.out")"
rt delete --force "$ID" >/dev/null 2>&1

# ============================ crash cases ============================

# subreaped STATUSFILE COMMAND...: runs COMMAND as a child subreaper's child; afterwards writes
# the pids of every process COMMAND left behind (reparented to the subreaper) to STATUSFILE,
# kills them, and exits with COMMAND's status.
subreaped() {
    perl -e '
        require "syscall.ph";
        syscall(&SYS_prctl, 36, 1, 0, 0, 0) == 0 or die "PR_SET_CHILD_SUBREAPER: $!\n";
        my $left = shift @ARGV;
        my $pid = fork() // die "fork: $!\n";
        if ($pid == 0) { exec { $ARGV[0] } @ARGV or exit 127; }
        waitpid($pid, 0);
        my $st = $?;
        select(undef, undef, undef, 0.3);
        1 while waitpid(-1, 1) > 0; # WNOHANG: reap what already died
        open(my $c, "<", "/proc/$$/task/$$/children") or die "children: $!\n";
        my $kids = <$c> // "";
        my @left;
        for my $k (split " ", $kids) {
            open(my $f, "<", "/proc/$k/cmdline") and push @left, "$k(" . join(" ", split /\0/, <$f> // "") . ")";
            kill "KILL", $k;
            waitpid($k, 0);
        }
        open(my $o, ">", $left) or die "$left: $!\n";
        print $o join(" ", @left);
        exit($st & 127 ? 128 + ($st & 127) : $st >> 8);
    ' "$@"
}

cfg crash "$LONG"
new_id crash
create_ctr "$ID" "$B"
pid=$(state_of "$ID" pid)
[ "${pid:-0}" -gt 0 ] && kill -9 "$pid"
wait_status "$ID" stopped
t_check "crash: the init killed (kill -9) after create -> state says stopped" \
    eq "status (create: $RC $ERR)" stopped "$(state_of "$ID")"
rc=0
rt delete "$ID" >/dev/null 2>"$work/err" || rc=$?
t_check "crash: delete (no --force) of the killed container exits 0" eq "delete exit status ($(cat "$work/err"))" 0 "$rc"
t_check "crash: ... and leaves nothing under --root" no_entry "$ID"

cfg noexec '' '.process.args = ["lc-no-such-binary", "arg"]'
new_id noexec
rc=0
subreaped "$work/left" timeout -k 5 "$TMO" "$RUNTIME" --root "$STATE" create --bundle "$B" "$ID" \
    </dev/null >/dev/null 2>"$work/err" || rc=$?
t_check "create with a missing executable fails: exit 1, 'executable file not found'" \
    fails_with "create" 1 "$rc" "executable file not found" "$(cat "$work/err")"
t_check "... the message names the executable" has "stderr" "$(cat "$work/err")" lc-no-such-binary
t_check "... and leaves no container directory" no_entry "$ID"
t_check "... and no process behind" eq "processes left behind" "" "$(cat "$work/left" 2>/dev/null)"

cfg badcfg 'true' '.linux.resources.memory = {"limit": "1G"}'
new_id badcfg
rc=0
subreaped "$work/left" timeout -k 5 "$TMO" "$RUNTIME" --root "$STATE" create --bundle "$B" "$ID" \
    </dev/null >/dev/null 2>"$work/err" || rc=$?
t_check "a bad config.json (memory limit \"1G\") fails create: exit 1, the message names the field" \
    fails_with "create" 1 "$rc" "memory.limit" "$(cat "$work/err")"
t_check "... and leaves no container directory" no_entry "$ID"
t_check "... and no process behind" eq "processes left behind" "" "$(cat "$work/left" 2>/dev/null)"

# create SIGKILLed part-way (after 2, 5, 10, 20 and 40 ms: create takes some 20-50 ms here, so at
# different stages): delete --force must then clean up whatever is there, exit 0 and leave nothing.
cfg midcreate "$LONG"
for ms in 2 5 10 20 40; do
    new_id "midcreate-$ms"
    rc=0
    subreaped "$work/left" sh -c '
        timeout --foreground -s KILL "$1" "$2" --root "$3" create --bundle "$4" "$5" </dev/null >/dev/null 2>&1
        exec "$2" --root "$3" delete --force "$5"' sh "0.$(printf %03d "$ms")" "$RUNTIME" "$STATE" "$B" "$ID" \
        </dev/null >/dev/null 2>"$work/err" || rc=$?
    t_check "create killed after $ms ms: delete --force exits 0" eq "delete --force exit status ($(cat "$work/err"))" 0 "$rc"
    t_check "create killed after $ms ms: delete --force leaves no container directory" no_entry "$ID"
    t_check "create killed after $ms ms: no process is left behind" eq "processes left behind" "" "$(cat "$work/left" 2>/dev/null)"
    if [ "$(basename "$RUNTIME")" = runc ]; then
        t_skip "create killed after $ms ms: no cgroup is left behind" "runc 1.1 leaves them"
    else
        t_check "create killed after $ms ms: no cgroup is left behind" \
            eq "cgroups left behind" "" "$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$ID" 2>/dev/null)"
    fi
done

# ============================== the end ==============================

leftover() {
    local l
    l=$(ls -A "$STATE" 2>/dev/null | tr '\n' ' ')
    [ -z "$l" ] && return 0
    echo "  left under --root: $l"
    return 1
}
t_check "every container this run created is gone from --root" leftover

t_finish
