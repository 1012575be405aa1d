#!/usr/bin/env bash
# Integration tests of turfd and WarmFork, as root: seeds (test-seed, a seed without JS, and
# turf-worker with examples/hello-worker), warm sandboxes through the CLI and turfd's socket,
# their isolation, crashes and OOM kills, seed deaths and pools, the socket protocol with bad
# input, a leak run of create/start/delete cycles, turfd restarts and socket activation.
#
#   BUILD_DIR=$PWD/build TURFD_CYCLES=100 bash tests/integration/turfd.sh   (make check-turfd)
#
# Everything runs under a private root and socket in a temp dir; every id and seed name starts
# with td<pid>- (cgroups are named after them, and other turfds may run on this host); all of
# it is deleted on every exit path.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
BUILD_DIR=${BUILD_DIR:-$top/build}
TURF=$BUILD_DIR/turf
TURFD=$BUILD_DIR/turfd
WORKER=$BUILD_DIR/turf-worker
TEST_SEED=$BUILD_DIR/test-seed
CLIENT=$BUILD_DIR/turfd-client
TURFD_CYCLES=${TURFD_CYCLES:-100}
TMO=${TMO:-20} # seconds any one turf command may take
# Under SANITIZE=1 a sandbox that crashes or exits ends through ASan or LSan (which cannot stop
# the world under the sandbox's seccomp filter): exit status 1.
SAN_STATUS=
[ "${SANITIZE:-0}" = 1 ] && SAN_STATUS="|1"
SECONDS=0

if [ "$(id -u)" != 0 ]; then
    t_skip "turfd tests" "need root to create namespaces, cgroups and seeds (run as root)"
    t_finish
    exit
fi
for tool in jq curl timeout ss; do
    if ! command -v "$tool" >/dev/null; then
        t_skip "turfd tests" "$tool is missing (make deps)"
        t_finish
        exit
    fi
done
for bin in "$TURF" "$TURFD" "$WORKER" "$TEST_SEED" "$CLIENT"; do
    if [ ! -x "$bin" ]; then
        t_check "$bin exists (make check-turfd builds it)" false
        t_finish
        exit
    fi
done

# ---- state, helpers and cleanup ----

P="td$$" # every sandbox id and seed name starts with $P-
work=$(mktemp -d /tmp/turf-td.XXXXXX)
chmod 0755 "$work" # the seeds run as host uid 100000 and must reach their bundles
ROOT=$work/root
SOCK=$work/turfd.sock
TURFD_PID=0

# The turfd of this run, on $ROOT and $SOCK (waits until it answers).
start_turfd() {
    "$TURFD" --root "$ROOT" --socket "$SOCK" --debug >>"$work/turfd.log" 2>&1 &
    TURFD_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        printf '{"op":"ping"}\n' | "$CLIENT" -t 1000 "$SOCK" 2>/dev/null | grep -q '"ok":true' &&
            return 0
        kill -0 "$TURFD_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}
# stop_turfd [SIGNAL]: stops it and waits; sets TURFD_RC.
stop_turfd() {
    TURFD_RC=0
    [ "$TURFD_PID" -gt 0 ] || return 0
    kill "-${1:-TERM}" "$TURFD_PID" 2>/dev/null
    wait "$TURFD_PID" 2>/dev/null || TURFD_RC=$?
    TURFD_PID=0
}

tc() { timeout -k 5 "$TMO" "$TURF" --daemon-socket "$SOCK" "$@"; }
# raw [CLIENT OPTIONS]: turfd-client on $SOCK (requests on stdin).
raw() { timeout -k 5 "$TMO" "$CLIENT" "$@" "$SOCK"; }

cleanup() {
    local id d
    if [ "$TURFD_PID" -gt 0 ] && kill -0 "$TURFD_PID" 2>/dev/null; then
        for d in "$ROOT"/sandboxes/*/; do
            [ -d "$d" ] && tc delete -f "$(basename "$d")" >/dev/null 2>&1
        done
        for id in $(tc seed list --format json 2>/dev/null | jq -r '.[].name' 2>/dev/null); do
            tc seed delete "$id" >/dev/null 2>&1
        done
        stop_turfd KILL
    fi
    [ -n "${SD_PID:-}" ] && kill -9 "$SD_PID" 2>/dev/null && wait "$SD_PID" 2>/dev/null
    [ -n "${T2_PID:-}" ] && kill -9 "$T2_PID" 2>/dev/null && wait "$T2_PID" 2>/dev/null
    [ -n "${RUN_FG:-}" ] && kill -9 "$RUN_FG" 2>/dev/null && wait "$RUN_FG" 2>/dev/null
    # What turfd could not delete (or a killed turfd left): through the store directly.
    for d in "$ROOT"/sandboxes/*/ "$ROOT"/seeds/*/ "$work"/root-sd/sandboxes/*/ \
        "$work"/root-sd/seeds/*/ "$work"/root-2/sandboxes/*/ "$work"/root-2/seeds/*/; do
        [ -d "$d" ] || continue
        timeout 20 "$TURF" --root "$(dirname "$d")" delete -f "$(basename "$d")" >/dev/null 2>&1
    done
    # (Seed and pool cgroups are named seed:TAG:NAME and pool:TAG:NAME:N.)
    find /sys/fs/cgroup -maxdepth 7 -depth -type d -name "*$P-*" -exec rmdir {} + 2>/dev/null
    if find /sys/fs/cgroup -maxdepth 7 -type d -name "*$P-*" 2>/dev/null | grep -q .; then
        echo "# cleanup: cgroups of this run remain:"
        find /sys/fs/cgroup -maxdepth 7 -type d -name "*$P-*" | sed 's/^/#   /'
    fi
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# alive PID: exists and is not a zombie (a sandbox orphaned by a killed turfd becomes a zombie
# of whatever reaper the host has).
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat:0:1}" != Z ] && [ "${stat:0:1}" != X ]
}
# wait_for SECONDS COMMAND...: retries COMMAND every 50 ms until it succeeds.
wait_for() {
    local i n=$(($1 * 20))
    shift
    for ((i = 0; i < n; i++)); do
        "$@" && return 0
        sleep 0.05
    done
    "$@"
}

field() { tc state "$1" 2>/dev/null | jq -r "$2"; }
status_is() { [ "$(field "$1" .status)" = "$2" ]; }
pid_of() { field "$1" .pid; }
seed_field() { tc seed list --format json 2>/dev/null | jq -r --arg n "$1" ".[] | select(.name == \$n) | $2"; }

# http UNIX-SOCKET|HOST:PORT [PATH]: GET with curl; prints the body, fails unless 200.
http() {
    local target=$1 path=${2:-/} code
    local -a how=(--unix-socket "$target" "http://sandbox$path")
    case $target in /*) ;; *) how=("http://$target$path") ;; esac
    code=$(curl -s -m 5 -o "$work/body" -w '%{http_code}' "${how[@]}") || return 1
    cat "$work/body"
    [ "$code" = 200 ]
}
serves() { http "$@" >/dev/null; }
# says TARGET PATH TEXT: the answer contains TEXT.
says() {
    local body
    body=$(http "$1" "$2") || { echo "  no answer from $1$2"; return 1; }
    case $body in *"$3"*) ;; *) echo "  answer: $body (expected: ...$3...)"; return 1 ;; esac
}

# warm ID SEED [CREATE OPTIONS]: create (listening on $work/ID.sock) and start a sandbox.
warm() {
    local id=$1 seed=$2
    shift 2
    tc create --seed "$seed" --listen "unix:$work/$id.sock" "$@" "$id" >/dev/null &&
        tc start "$id"
}
sock() { echo "$work/$1.sock"; }
# nothing_left ID: no store entry, log, listen socket or cgroup named ID.
nothing_left() {
    [ ! -e "$ROOT/sandboxes/$1" ] && [ ! -e "$ROOT/logs/$1.log" ] && [ ! -e "$(sock "$1")" ] &&
        ! find /sys/fs/cgroup -maxdepth 7 -type d -name "$1" | grep -q .
}
# fails_with TEXT ARGS...: `turf ARGS` through turfd fails, saying TEXT.
fails_with() {
    local want=$1 out
    shift
    if out=$(tc "$@" 2>&1); then
        echo "  succeeded: $out"
        return 1
    fi
    case $out in *"$want"*) ;; *) echo "  error: $out (expected ...$want...)"; return 1 ;; esac
}

ns() { readlink "/proc/$1/ns/$2"; }
# cg_ok ID PID: every cgroup of PID is .../turf/ID.
cg_ok() {
    local line
    while read -r line; do
        case $line in */turf/"$1") ;; *) echo "  $line"; return 1 ;; esac
    done <"/proc/$2/cgroup"
}
# mem_limit PID: the memory limit of its cgroup (v1 or v2).
mem_limit() {
    local v1 v2
    v1=$(sed -n 's/^[0-9]*:memory://p' "/proc/$1/cgroup")
    v2=$(sed -n 's/^0:://p' "/proc/$1/cgroup")
    if [ -n "$v1" ]; then
        cat "/sys/fs/cgroup/memory$v1/memory.limit_in_bytes"
    else
        cat "/sys/fs/cgroup$v2/memory.max"
    fi
}

# A free TCP port on loopback, from a range of our own.
free_port() {
    local p
    for ((p = 20000 + ($$ % 1000) * 20; p < 65000; p++)); do
        ss -ltnH "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
    done
}

# Bundles staged where the seed's uid (100000) can reach them: test-seed and hello-worker.
stage() {
    cp -a "$top/examples/hello-worker" "$work/$1"
    rm -f "$work/$1/turf-worker"
    cp "$2" "$work/$1/turf-worker"
}
stage ts "$TEST_SEED"
jq '.process.args = ["/opt/turf/turf-worker"]' "$top/examples/hello-worker/config.json" \
    >"$work/ts/config.json"
stage hw "$WORKER"
# A sandbox bundle for the test-seed with a 32 MiB memory limit (its rootfs is the seed's).
mkdir -p "$work/small"
ln -s "$work/ts/rootfs" "$work/small/rootfs"
jq '.linux.resources.memory.limit = 33554432' "$work/ts/config.json" >"$work/small/config.json"

echo "# turfd: $TURFD; work dir $work"
if ! start_turfd; then
    t_check "turfd starts and answers on its socket" false
    sed 's/^/#   /' "$work/turfd.log"
    t_finish
    exit
fi
TS=$P-ts
HW=$P-hw

# ---- 1. basics ----

t_check "seed create (test-seed)" tc seed create --bundle "$work/ts" "$TS"
t_check "seed create (turf-worker, hello-worker)" tc seed create --bundle "$work/hw" "$HW"
t_check "seed list shows both ready" \
    eval '[ "$(seed_field "$TS" .status)" = ready ] && [ "$(seed_field "$HW" .status)" = ready ]'
t_check "the seed log exists" test -f "$ROOT/logs/seed-$TS.log"

port=$(free_port)
B1=$P-basic
t_check "create --seed --listen HOST:PORT" \
    tc create --seed "$TS" --listen "127.0.0.1:$port" --pid-file "$work/basic.pid" "$B1"
t_check "state: created, turf.seed names the seed" \
    eval '[ "$(field "$B1" .status)" = created ] && [ "$(field "$B1" .turf.seed)" = "$TS" ]'
t_check "--pid-file holds the sandbox's pid" eval '[ "$(cat "$work/basic.pid")" = "$(pid_of "$B1")" ]'
t_check "start" tc start "$B1"
t_check "state: running" status_is "$B1" running
t_check "HTTP 200 on the TCP listen address (test-seed)" says "127.0.0.1:$port" / "hello from $B1"
t_check "list shows it running" \
    eval 'tc list --format json | jq -e --arg id "$B1" "any((. // [])[]; .id == \$id and .status == \"running\")" >/dev/null'
t_check "ps lists its pid" eval '[ "$(tc ps --format json "$B1" | jq -c .)" = "[$(pid_of "$B1")]" ]'
t_check "its process is turfd's child" eval '[ "$(ps -o ppid= -p "$(pid_of "$B1")" | tr -d " ")" = "$TURFD_PID" ]'
t_check "pause: state paused, no answer" \
    eval 'tc pause "$B1" && status_is "$B1" paused && ! curl -s -m 1 "http://127.0.0.1:$port/" >/dev/null'
t_check "resume: running and serving again" \
    eval 'tc resume "$B1" && status_is "$B1" running && serves "127.0.0.1:$port"'
t_check "events --stats through turfd: runc's stats JSON, with the pids of the sandbox" \
    eval 'tc events --stats "$B1" | jq -e ".type == \"stats\" and .id == \"$B1\" and
                                         .data.pids.current >= 1 and .data.memory.usage.usage > 0"'
t_check "kill KILL" tc kill "$B1" KILL
t_check "state: stopped, exitStatus 137" \
    eval 'wait_for 5 status_is "$B1" stopped && [ "$(field "$B1" .turf.exitStatus)" = 137 ]'
t_check "its stdout went to logs/ID.log" grep -q "sandbox $B1" "$ROOT/logs/$B1.log"
t_check "delete" tc delete "$B1"
t_check "gone from list, the store and the logs" \
    eval '! tc list --format json | jq -e --arg id "$B1" "any((. // [])[]; .id == \$id)" >/dev/null &&
          [ ! -e "$ROOT/sandboxes/$B1" ] && [ ! -e "$ROOT/logs/$B1.log" ]'
t_check "the TCP port is free again" eval '! ss -ltnH "sport = :$port" | grep -q .'

H1=$P-hello
t_check "create and start from the turf-worker seed" warm "$H1" "$HW"
t_check "HTTP 200 from hello.js" says "$(sock "$H1")" /some/path "hello from /some/path"
t_check "kill TERM: the worker exits, state stopped with an exit status" \
    eval 'tc kill "$H1" TERM && wait_for 5 status_is "$H1" stopped &&
          [[ "$(field "$H1" .turf.exitStatus)" =~ ^(0|143$SAN_STATUS)$ ]]'
t_check "delete removes its unix listen socket" \
    eval 'tc delete "$H1" && [ ! -e "$(sock "$H1")" ]'

# ---- 1b. run: made and started in one request ----

R1=$P-run
t_check "run --seed -d: running when it returns, without an exec fifo, and serves" \
    eval 'tc run --seed "$HW" --listen "unix:$(sock "$R1")" -d --pid-file "$work/run.pid" "$R1" &&
          status_is "$R1" running && [ ! -e "$ROOT/sandboxes/$R1/exec.fifo" ] &&
          [ "$(cat "$work/run.pid")" = "$(pid_of "$R1")" ] && says "$(sock "$R1")" /r "hello from /r"'
t_check "start of a sandbox that run made: an error" fails_with "already running" start "$R1"
t_check "run of an existing id: an error, the sandbox still serves" \
    eval 'fails_with "exists" run --seed "$HW" -d "$R1" && serves "$(sock "$R1")"'
t_check "run through the socket: {\"op\":\"run\"} replies its pid and listen address" \
    eval 'tc delete -f "$R1" && printf "%s\n" "{\"op\":\"run\",\"id\":\"$R1\",\"seed\":\"$HW\",\"listen\":\"unix:$(sock "$R1")\"}" |
          raw | jq -e --arg l "unix:$(sock "$R1")" ".ok and .pid > 0 and .listen == \$l" >/dev/null &&
          says "$(sock "$R1")" /raw "hello from /raw"'
tc delete -f "$R1" >/dev/null 2>&1
# In the foreground, turf run waits for the sandbox's exit (turfd's exit event), passes on the
# signals it gets, deletes the sandbox and exits with its status.
R2=$P-runfg
"$TURF" --daemon-socket "$SOCK" run --seed "$HW" --listen "unix:$(sock "$R2")" "$R2" &
RUN_FG=$!
t_check "run --seed in the foreground: the sandbox serves" wait_for 5 serves "$(sock "$R2")"
t_check "its exit (kill KILL) ends the run with status 137 and deletes it" \
    eval 'tc kill "$R2" KILL; wait "$RUN_FG"; st=$?; RUN_FG=
          [ "$st" = 137 ] || echo "  exit status $st"; [ "$st" = 137 ] && nothing_left "$R2"'
"$TURF" --daemon-socket "$SOCK" run --seed "$HW" --listen "unix:$(sock "$R2")" "$R2" &
RUN_FG=$!
t_check "SIGTERM to a foreground run goes to the worker, which exits; the run exits with its status" \
    eval 'wait_for 5 serves "$(sock "$R2")" && kill -TERM "$RUN_FG"; wait "$RUN_FG"; st=$?; RUN_FG=
          [[ "$st" =~ ^(0|143$SAN_STATUS)$ ]] || echo "  exit status $st"
          [[ "$st" =~ ^(0|143$SAN_STATUS)$ ]] && nothing_left "$R2"'

# ---- 2. isolation ----

I1=$P-iso1 I2=$P-iso2
if warm "$I1" "$TS" && warm "$I2" "$TS"; then
    p1=$(pid_of "$I1") p2=$(pid_of "$I2") seed_pid=$(seed_field "$TS" .pid)
    t_check "two sandboxes of one seed: different pid namespaces" \
        eval '[ "$(ns $p1 pid)" != "$(ns $p2 pid)" ]'
    t_check "and not the seed's nor turfd's (the seed stays in turfd's)" \
        eval '[ "$(ns $p1 pid)" != "$(ns $seed_pid pid)" ] && [ "$(ns $p1 pid)" != "$(ns $TURFD_PID pid)" ] &&
              [ "$(ns $seed_pid pid)" = "$(ns $TURFD_PID pid)" ]'
    t_check "different mount, uts, ipc and net namespaces" \
        eval '[ "$(ns $p1 mnt)" != "$(ns $p2 mnt)" ] && [ "$(ns $p1 uts)" != "$(ns $p2 uts)" ] &&
              [ "$(ns $p1 ipc)" != "$(ns $p2 ipc)" ] && [ "$(ns $p1 net)" != "$(ns $p2 net)" ]'
    t_check "the seed's user namespace, not turfd's" \
        eval '[ "$(ns $p1 user)" = "$(ns $seed_pid user)" ] && [ "$(ns $p1 user)" != "$(ns $TURFD_PID user)" ]'
    t_check "pid 1, hostname and uid 0 inside" says "$(sock "$I1")" / "pid 1 host hello-worker uid 0"
    t_check "host uid 100000 outside" grep -Eq '^Uid:\s+100000\s+100000\s+100000\s+100000$' "/proc/$p1/status"
    t_check "every cgroup of sandbox 1 is .../turf/ID" cg_ok "$I1" "$p1"
    t_check "every cgroup of sandbox 2 is .../turf/ID" cg_ok "$I2" "$p2"
    t_check "the memory limit of the config (128 MiB)" eval '[ "$(mem_limit $p1)" = 134217728 ]'
    t_check "capabilities: CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE only" \
        grep -q '^CapEff:\s*0000000020000420$' "/proc/$p1/status"
    t_check "no_new_privs and a seccomp filter" \
        eval 'grep -q "^NoNewPrivs:\s*1$" /proc/$p1/status && grep -q "^Seccomp:\s*2$" /proc/$p1/status'
    t_check "its network namespace has only lo" \
        eval '[ "$(tail -n +3 /proc/$p1/net/dev | cut -d: -f1 | tr -d " ")" = lo ]'
else
    t_check "create two sandboxes for the isolation tests" false
fi

# ---- 3. crash and OOM containment ----

if status_is "$I1" running && status_is "$I2" running; then
    curl -s -m 5 "--unix-socket" "$(sock "$I1")" http://sandbox/crash >/dev/null 2>&1
    # abort() in a pid 1: the kernel drops the SIGABRT it sends itself (no handler), so abort
    # ends on its last resort, an illegal instruction that kills it with SIGSEGV: 139.
    t_check "GET /crash: stopped with a signal's exit status (134 or 139)" \
        eval 'wait_for 5 status_is "$I1" stopped && [[ "$(field "$I1" .turf.exitStatus)" =~ ^(13[49]$SAN_STATUS)$ ]]'
    t_check "the sibling still serves" says "$(sock "$I2")" / "hello from $I2"
    t_check "the seed is still ready" eval '[ "$(seed_field "$TS" .status)" = ready ]'
    C3=$P-after-crash
    t_check "a new create still works" eval 'warm "$C3" "$TS" && serves "$(sock "$C3")"'
fi

O1=$P-oom
if tc create --seed "$TS" --bundle "$work/small" --listen "unix:$(sock "$O1")" "$O1" >/dev/null &&
    tc start "$O1"; then
    tc events "$O1" >"$work/oom-events" 2>&1 &
    oom_ev=$!
    sleep 0.2
    t_check "the small sandbox's memory limit is 32 MiB" eval '[ "$(mem_limit $(pid_of "$O1"))" = 33554432 ]'
    curl -s -m 10 --unix-socket "$(sock "$O1")" "http://sandbox/alloc?256" >/dev/null 2>&1
    t_check "GET /alloc?256 over a 32 MiB limit: killed" wait_for 10 status_is "$O1" stopped
    # The pid is gone (state says stopped) a moment before turfd has reaped it and recorded
    # its exit and OOM kills.
    oom_counted() { [ "$(field "$O1" ".turf.oomKills // 0")" -ge 1 ]; }
    t_check "state: oomKills >= 1" eval 'wait_for 5 oom_counted ||
        { echo "  state: $(tc state "$O1" | jq -c .turf)"; grep -F "$O1" "$work/turfd.log" | tail -5 | sed "s/^/  /"; false; }'
    t_check "turf events shows the oom event" \
        wait_for 5 grep -Eq '"type": ?"oom"' "$work/oom-events"
    t_check "the sibling is unaffected" says "$(sock "$I2")" / "hello from $I2"
    kill "$oom_ev" 2>/dev/null
    wait "$oom_ev" 2>/dev/null
else
    t_check "create a sandbox with a 32 MiB limit" false
fi

# ---- 4. seed death ----

D1=$P-seeddeath
if warm "$D1" "$TS"; then
    raw -k -t 15000 <<<'{"op":"events"}' >"$work/all-events" 2>&1 &
    ev_pid=$!
    sleep 0.2
    old=$(seed_field "$TS" .pid)
    kill -9 "$old"
    t_check "kill -9 the seed: its sandbox keeps serving" says "$(sock "$D1")" / "hello from $D1"
    t_check "seed list: ready again with restarts >= 1 within 5 s" \
        wait_for 5 eval '[ "$(seed_field "$TS" .status)" = ready ] && [ "$(seed_field "$TS" .restarts)" -ge 1 ] &&
                         [ "$(seed_field "$TS" .pid)" != "$old" ]'
    t_check "events: seed-exit and seed-restart" \
        wait_for 5 eval 'grep -q "\"seed-exit\"" "$work/all-events" && grep -q "\"seed-restart\"" "$work/all-events"'
    kill "$ev_pid" 2>/dev/null
    wait "$ev_pid" 2>/dev/null
    D2=$P-afterseed
    t_check "a new create from the restarted seed works" eval 'warm "$D2" "$TS" && serves "$(sock "$D2")"'
    t_check "the old sandbox still serves" serves "$(sock "$D1")"
else
    t_check "create a sandbox for the seed-death test" false
fi

# ---- 5. pool ----

# turfd's children that are neither seeds nor sandboxes: pooled children.
pooled_children() {
    local known
    known=$({ tc seed list --format json | jq -r ".[].pid"; tc list --format json | jq -r "(. // [])[].pid"; } 2>/dev/null)
    ps --ppid "$TURFD_PID" -o pid= | tr -d " " | grep -vxF -f <(echo "$known")
}
none_alive() {
    local p
    for p in "$@"; do alive "$p" && return 1; done
    return 0
}

PS=$P-pool
t_check "seed create --pool 2" tc seed create --pool 2 --bundle "$work/ts" "$PS"
if [ "$(seed_field "$PS" .status)" = ready ]; then
    t_check "seed list shows 2/2 pooled" wait_for 5 eval '[ "$(seed_field "$PS" .pooled)" = 2 ]'
    before=$(pooled_children)
    PL=$P-pooled
    t_check "create from a pooled seed serves" eval 'warm "$PL" "$PS" && says "$(sock "$PL")" / "hello from $PL"'
    t_check "it was a pooled child (forked before the create)" \
        eval 'grep -qx "$(pid_of "$PL")" <<<"$before"'
    t_check "a pooled sandbox's cgroup is renamed after it (v1 hierarchies)" \
        eval 'grep -q "^[0-9]*:pids:.*/turf/$PL\$" "/proc/$(pid_of "$PL")/cgroup"'
    t_check "pooled children wait in cgroups of their own, recorded under the root" \
        eval 'ls "$ROOT/pool/" | grep -q "^pool:[0-9a-f]*:$PS:" &&
              ls -d /sys/fs/cgroup/pids/turf/pool:*:"$PS":* >/dev/null 2>&1'
    t_check "the pool refills to 2/2" wait_for 5 eval '[ "$(seed_field "$PS" .pooled)" = 2 ]'
    pooled=$(pooled_children)
    t_check "seed delete of a pooled seed ends its pooled children" \
        eval 'tc seed delete "$PS" && [ -n "$pooled" ] && wait_for 5 none_alive $pooled'
    # (cgroup v2 cannot rename: there the sandbox taken from the pool keeps the pool's name.)
    empty_pool_cgroups() {
        local d
        for d in $(find /sys/fs/cgroup -maxdepth 6 -name "pool:*:$PS:*" 2>/dev/null); do
            [ -n "$(cat "$d/cgroup.procs" 2>/dev/null)" ] || echo "$d"
        done
    }
    t_check "... and removes their cgroups and records" \
        eval '! ls "$ROOT/pool/" | grep -q "^pool:[0-9a-f]*:$PS:" && [ -z "$(empty_pool_cgroups)" ]'
    t_check "its sandbox outlives the seed" serves "$(sock "$PL")"
fi

# Two turfds on one host, each with its own root and socket, and a seed of the same name in
# each (pooled): their seeds and pools must not share a cgroup (a seed delete in one would
# kill the other's), and a sandbox id the other turfd uses is refused, not joined.
T2_SOCK=$work/turfd-2.sock
t2() { timeout -k 5 "$TMO" "$TURF" --daemon-socket "$T2_SOCK" "$@"; }
"$TURFD" --root "$work/root-2" --socket "$T2_SOCK" >>"$work/turfd-2.log" 2>&1 &
T2_PID=$!
t_check "a second turfd on a root of its own" \
    wait_for 5 eval 'printf "{\"op\":\"ping\"}\n" | "$CLIENT" -t 1000 "$T2_SOCK" 2>/dev/null | grep -q "\"ok\":true"'
TW=$P-twin
t_check "both make a pooled seed of the same name" \
    eval 'tc seed create --pool 1 --bundle "$work/ts" "$TW" && t2 seed create --pool 1 --bundle "$work/ts" "$TW"'
twin_pid() { "$@" seed list --format json 2>/dev/null | jq -r --arg n "$TW" '.[] | select(.name == $n) | .pid'; }
pids_cgroup() { sed -n 's/^[0-9]*:pids://p' "/proc/$1/cgroup"; }
tw1=$(twin_pid tc) tw2=$(twin_pid t2)
t_check "... each in a cgroup of its own" \
    eval '[ -n "$tw1" ] && [ -n "$tw2" ] && [ "$(pids_cgroup "$tw1")" != "$(pids_cgroup "$tw2")" ]'
t_check "... each with a pooled child in a pool cgroup of its own" \
    eval 'wait_for 5 eval "[ \"\$(seed_field $TW .pooled)\" = 1 ] &&
                          [ \"\$(t2 seed list --format json | jq -r .[0].pooled)\" = 1 ]" &&
          [ "$(find /sys/fs/cgroup/pids -maxdepth 3 -type d -name "pool:*:$TW:1" | wc -l)" = 2 ]'
t_check "a sandbox of the first turfd serves" \
    eval 'warm "$TW-s" "$TW" && serves "$(sock "$TW-s")"'
t_check "the second turfd refuses the same sandbox id: its cgroup is in use" \
    eval '! out=$(t2 create --seed "$TW" --listen "unix:$work/$TW-s2.sock" "$TW-s" 2>&1) &&
          grep -q "in use" <<<"$out"'
t_check "... and forgets that sandbox, keeping the first turfd's" \
    eval '[ -z "$(t2 list -q)" ] && serves "$(sock "$TW-s")"'
t_check "seed delete in the second turfd leaves the first's seed and its pool" \
    eval 't2 seed delete "$TW" && sleep 0.3 && alive "$tw1" && [ "$(twin_pid tc)" = "$tw1" ] &&
          [ "$(seed_field "$TW" .restarts)" = 0 ] && [ "$(seed_field "$TW" .pooled)" = 1 ]'
kill -TERM "$T2_PID" && wait "$T2_PID"
T2_PID=
tag1=$(pids_cgroup "$tw1" | sed -n "s/.*seed:\([0-9a-f]*\):$TW\$/\1/p")
twin_cgroups() { find /sys/fs/cgroup -maxdepth 7 -type d -name "*:$TW*"; }
t_check "... and the second turfd, stopped, leaves no cgroup behind; the first's stay" \
    eval '[ -n "$tag1" ] && twin_cgroups | grep -q ":$tag1:" && ! twin_cgroups | grep -qv ":$tag1:"'
tc delete -f "$TW-s" >/dev/null 2>&1
tc seed delete "$TW" >/dev/null 2>&1
t_check "the first turfd's seed delete removes its seed and pool cgroups" \
    eval '! twin_cgroups | grep -q .'

# A pooled turf-worker seed rehearses a sandbox once (its deserialize event and a request, in
# a throwaway fork) and its pooled children copy the pages the rehearsal wrote, before any
# create.
HP=$P-hwpool
rehearsal() { sed -n 's/.*rehearsed a sandbox: it writes \([0-9]*\) pages and maps \([0-9]*\) pages.*/\1 \2/p' "$ROOT/logs/seed-$HP.log"; }
t_check "seed create --pool 1 (turf-worker)" tc seed create --pool 1 --bundle "$work/hw" "$HP"
if [ "$(seed_field "$HP" .status)" = ready ]; then
    read -r written mapped < <(rehearsal)
    t_check "the seed logs its rehearsal: pages written and code mapped" \
        eval '[ "${written:-0}" -gt 0 ] && [ "${mapped:-0}" -gt 0 ]'
    # private_kb PID: the memory only PID maps (smaps_rollup).
    private_kb() { awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s + 0}' "/proc/$1/smaps_rollup"; }
    t_check "its pooled child holds those pages before any create" \
        eval 'wait_for 5 eval "[ \"\$(seed_field "$HP" .pooled)\" = 1 ]" &&
              child=$(pooled_children | head -n 1) && [ -n "$child" ] &&
              [ "$(private_kb "$child")" -ge $((written * 4)) ]'
    # Configured with the seed's bundle while it waits: confined before any create, its
    # seccomp filter included (the default profile allows what a create then asks of it).
    t_check "that child is confined before any create (NoNewPrivs, Seccomp filter)" \
        eval 'grep -q "^NoNewPrivs:[[:space:]]*1" "/proc/$child/status" &&
              grep -q "^Seccomp:[[:space:]]*2" "/proc/$child/status"'
    t_check "a create takes it and serves hello.js" \
        eval 'warm "$HP-1" "$HP" && says "$(sock "$HP-1")" /rehearsed "hello from /rehearsed" &&
              [ "$(pid_of "$HP-1")" = "$child" ]'
    tc delete -f "$HP-1" >/dev/null 2>&1
    t_check "run takes the refilled pooled child: running when it returns, and serves" \
        eval 'wait_for 5 eval "[ \"\$(seed_field "$HP" .pooled)\" = 1 ]" &&
              child=$(pooled_children | head -n 1) && [ -n "$child" ] &&
              tc run --seed "$HP" --listen "unix:$(sock "$HP-2")" -d "$HP-2" &&
              status_is "$HP-2" running && [ "$(pid_of "$HP-2")" = "$child" ] &&
              says "$(sock "$HP-2")" /run "hello from /run"'
    tc delete -f "$HP-2" >/dev/null 2>&1
    tc seed delete "$HP" >/dev/null 2>&1
fi

# A filter that refuses a call the child still makes at create (faccessat, for the exec fifo)
# cannot go in early: that pooled child waits unfiltered and loads it at start.
HL=$P-hwlate
cp -a "$work/hw" "$work/hw-late"
jq '.linux.seccomp.syscalls |= map(.names -= ["faccessat", "faccessat2"])' "$work/hw/config.json" \
    >"$work/hw-late/config.json"
t_check "seed create --pool 1 with a filter refusing faccessat" \
    tc seed create --pool 1 --bundle "$work/hw-late" "$HL"
if [ "$(seed_field "$HL" .status)" = ready ]; then
    t_check "its pooled child is configured (NoNewPrivs) but not yet filtered (Seccomp 0)" \
        eval 'wait_for 5 eval "[ \"\$(seed_field "$HL" .pooled)\" = 1 ]" &&
              child=$(pooled_children | head -n 1) && [ -n "$child" ] &&
              grep -q "^NoNewPrivs:[[:space:]]*1" "/proc/$child/status" &&
              grep -q "^Seccomp:[[:space:]]*0" "/proc/$child/status"'
    t_check "a create takes it; after start it is filtered and serves" \
        eval 'warm "$HL-1" "$HL" && says "$(sock "$HL-1")" /late "hello from /late" &&
              [ "$(pid_of "$HL-1")" = "$child" ] &&
              grep -q "^Seccomp:[[:space:]]*2" "/proc/$child/status"'
    tc delete -f "$HL-1" >/dev/null 2>&1
    t_check "run of such a child: filtered when it returns, and serves" \
        eval 'wait_for 5 eval "[ \"\$(seed_field "$HL" .pooled)\" = 1 ]" &&
              child=$(pooled_children | head -n 1) && [ -n "$child" ] &&
              tc run --seed "$HL" --listen "unix:$(sock "$HL-2")" -d "$HL-2" &&
              [ "$(pid_of "$HL-2")" = "$child" ] &&
              grep -q "^Seccomp:[[:space:]]*2" "/proc/$child/status" &&
              says "$(sock "$HL-2")" /late "hello from /late"'
    tc delete -f "$HL-2" >/dev/null 2>&1
    tc seed delete "$HL" >/dev/null 2>&1
fi

# ---- 6. the socket protocol ----

# reply_of REQUEST-LINES...: turfd's reply lines to these lines sent on one connection.
replies() { printf '%s\n' "$@" | raw; }
# errors_then_ok LINE...: each line gets an error reply and a ping after them on the same
# connection still gets its answer.
errors_then_ok() {
    local out n=$#
    out=$(replies "$@" '{"op":"ping"}')
    if [ "$(grep -c '"ok":false,"error":' <<<"$out")" != "$n" ] ||
        ! tail -n 1 <<<"$out" | grep -q "\"ok\":true,\"pid\":$TURFD_PID"; then
        echo "  replies: $out"
        return 1
    fi
}
t_check "malformed JSON: an error, then the connection still answers" errors_then_ok '{"op":'
t_check "a JSON array, a string, a number: errors" errors_then_ok '[1,2]' '"ping"' '42'
t_check "an unknown op, a missing op, a non-string op: errors" \
    errors_then_ok '{"op":"explode"}' '{}' '{"op":7}'
t_check "ops that need an id, without one: errors" \
    errors_then_ok '{"op":"state"}' '{"op":"start"}' '{"op":"kill"}' '{"op":"delete"}' '{"op":"ps"}' \
    '{"op":"create","seed":"x"}' '{"op":"state","id":5}'
t_check "an empty line and a NUL byte: errors" errors_then_ok '' "$(printf '{"op":"ping"\x01}')"
t_check "duplicate keys: an error" errors_then_ok '{"op":"ping","op":"list"}'
t_check "an id with a slash or dots: errors" \
    errors_then_ok "{\"op\":\"create\",\"seed\":\"$TS\",\"id\":\"../$P-x\"}" \
    "{\"op\":\"create\",\"seed\":\"$TS\",\"id\":\"..\"}" '{"op":"state","id":"../../etc"}'
t_check "kill with a bad signal: errors" \
    errors_then_ok "{\"op\":\"kill\",\"id\":\"$I2\",\"signal\":\"SIGNOPE\"}" \
    "{\"op\":\"kill\",\"id\":\"$I2\",\"signal\":0}" "{\"op\":\"kill\",\"id\":\"$I2\",\"signal\":99}"
t_check "seed-create with a bad pool or bundle: errors" \
    errors_then_ok "{\"op\":\"seed-create\",\"name\":\"$P-bad\",\"bundle\":\"$work/ts\",\"pool\":-1}" \
    "{\"op\":\"seed-create\",\"name\":\"$P-bad\",\"bundle\":\"$work/nonexistent\"}" \
    "{\"op\":\"seed-create\",\"name\":\"$P-bad\",\"bundle\":\"$work/small\",\"pool\":\"2\"}"
t_check "several requests in one write are answered in order" \
    eval '[ "$(replies "{\"op\":\"ping\"}" "{\"op\":\"seed-list\"}" "{\"op\":\"list\"}" |
              jq -c "keys" | tr "\n" " ")" = "[\"ok\",\"pid\"] [\"ok\",\"seeds\"] [\"containers\",\"ok\"] " ]'

# A 2 MiB line without a newline: an error, the connection closed, turfd serving on.
# A client connected before the big one, whose request comes while the big one is sent.
{ sleep 0.3; echo '{"op":"ping"}'; } | raw -t 8000 >"$work/held.out" 2>&1 &
held=$!
big=$(raw -b 2097152 2>&1)
t_check "a 2 MiB line: 'request too large' and the connection closed" \
    eval 'grep -q "request too large" <<<"$big" && [ "$(wc -l <<<"$big")" = 1 ]'
t_check "turfd still serves new clients after it" eval 'replies "{\"op\":\"ping\"}" | grep -q "\"ok\":true"'
t_check "and answered the client connected meanwhile" wait_for 5 grep -q '"ok":true' "$work/held.out"
wait "$held"
printf '{"op":"ping", "x":"' | raw -n 0
printf '{"op":"seed-li' | raw -n 0
t_check "clients that disconnect mid-line do not disturb it" \
    eval 'replies "{\"op\":\"ping\"}" | grep -q "\"ok\":true"'
many() {
    local i pids=() ok=0
    for ((i = 0; i < 64; i++)); do
        printf '{"op":"ping"}\n{"op":"list"}\n' | raw -n 2 >"$work/many.$i" 2>&1 &
        pids+=($!)
    done
    wait "${pids[@]}"
    for ((i = 0; i < 64; i++)); do
        [ "$(grep -c '"ok":true' "$work/many.$i")" = 2 ] && ok=$((ok + 1))
    done
    rm -f "$work"/many.*
    [ "$ok" = 64 ] || { echo "  $ok of 64 clients got both answers"; return 1; }
}
t_check "64 clients at once all get their answers" many
# 20000 requests in one go, then the replies read: about 500 kB of answers, more than the
# socket holds, so turfd must queue them rather than drop the client.
t_check "a client that reads its 20000 answers late gets every one" \
    eval '[ "$(yes "{\"op\":\"ping\"}" | head -20000 | "$CLIENT" -t 20000 "$SOCK" |
               grep -c "\"ok\":true")" = 20000 ]'

X=$P-order
t_check "start before create: an error" fails_with "does not exist" start "$X"
t_check "state, kill, ps, pause of an unknown id: errors" \
    eval 'fails_with "does not exist" state "$X" && fails_with "does not exist" kill "$X" KILL &&
          ! tc ps "$X" >/dev/null 2>&1 && ! tc pause "$X" >/dev/null 2>&1'
t_check "create from an unknown seed: an error" fails_with "does not exist" create --seed "$P-noseed" "$X"
t_check "seed-delete of an unknown seed: an error" fails_with "does not exist" seed delete "$P-noseed"
t_check "seed create of an existing name: an error" fails_with "already exists" seed create --bundle "$work/ts" "$TS"
t_check "a seed bundle without a user namespace: an error" \
    eval 'mkdir -p "$work/nouser" && ln -sf "$work/ts/rootfs" "$work/nouser/rootfs" &&
          jq "del(.linux.namespaces[] | select(.type == \"user\"))" "$work/ts/config.json" >"$work/nouser/config.json" &&
          fails_with "user namespace" seed create --bundle "$work/nouser" "$P-nouser"'
t_check "create with an existing id: an error" fails_with "exists" create --seed "$TS" --listen "unix:$work/dup.sock" "$I2"
t_check "which leaves the existing sandbox serving, with its log" \
    eval 'says "$(sock "$I2")" / "hello from $I2" && grep -q "sandbox $I2" "$ROOT/logs/$I2.log" && [ ! -e "$work/dup.sock" ]'
seed_pid=$(seed_field "$TS" .pid)
t_check "a sandbox named like a seed does not share the seed's cgroup" \
    eval 'warm "$TS" "$HW" && tc delete -f "$TS" && sleep 0.2 && alive "$seed_pid" &&
          [ "$(seed_field "$TS" .pid)" = "$seed_pid" ] && [ "$(seed_field "$TS" .status)" = ready ]'
t_check "delete of a running sandbox without -f: an error" fails_with "running" delete "$I2"
t_check "delete, then delete again: an error" \
    eval 'tc delete -f "$I2" && fails_with "does not exist" delete "$I2"'
t_check "create of a bad listen address: an error, nothing left behind" \
    eval 'fails_with "listen" create --seed "$TS" --listen "nohost" "$X" && [ ! -e "$ROOT/sandboxes/$X" ] &&
          [ ! -e "$ROOT/logs/$X.log" ]'

mkdir -p "$work/hooks" && ln -sf "$work/ts/rootfs" "$work/hooks/rootfs"
jq '.hooks = {"poststart": [{"path": "/bin/true"}]}' "$work/ts/config.json" >"$work/hooks/config.json"
t_check "a sandbox bundle with hooks: an error, nothing left behind" \
    eval 'fails_with "hooks" create --seed "$TS" --bundle "$work/hooks" --listen "unix:$(sock "$X")" "$X" &&
          nothing_left "$X"'
t_check "the same with run (detached and in the foreground): an error, nothing left behind" \
    eval 'fails_with "hooks" run -d --seed "$TS" --bundle "$work/hooks" --listen "unix:$(sock "$X")" "$X" &&
          nothing_left "$X" &&
          fails_with "hooks" run --seed "$TS" --bundle "$work/hooks" --listen "unix:$(sock "$X")" "$X" &&
          nothing_left "$X"'
kill -9 "$(seed_field "$TS" .pid)"
t_check "a create while its seed is down: an error, nothing left behind" \
    eval '! tc create --seed "$TS" --listen "unix:$(sock "$X")" "$X" >/dev/null 2>&1 && nothing_left "$X"'
t_check "the seed is back within 5 s" wait_for 5 eval '[ "$(seed_field "$TS" .status)" = ready ]'

if command -v setpriv >/dev/null; then
    nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    out=$(printf '{"op":"list"}\n' | nobody "$CLIENT" "$SOCK" 2>&1)
    t_check "a non-root client cannot connect (socket mode 0600)" \
        eval '[ "$(stat -c %a "$SOCK")" = 600 ] && grep -q "Permission denied" <<<"$out"'
    chmod 0666 "$SOCK"
    out=$(printf '{"op":"list"}\n' | nobody "$CLIENT" "$SOCK" 2>&1)
    chmod 0600 "$SOCK"
    t_check "a non-root peer that gets through is refused by its credentials" \
        eval 'grep -q "permission denied" <<<"$out" && ! grep -q "containers" <<<"$out"'
else
    t_skip "non-root clients" "setpriv is missing (util-linux)"
fi
# The seed's side of the protocol, spoken to directly: tests/tools/seed-proto starts test-seed
# with its channel at fd 3 and sends what turfd never would.
seed_proto_out=$("$BUILD_DIR/seed-proto" "$BUILD_DIR/test-seed" 2>/dev/null)
while IFS= read -r line; do
    case $line in
    "ok   - "*) t_check "seed protocol: ${line#ok   - }" true ;;
    "FAIL - "*) t_check "seed protocol: ${line#FAIL - }" false ;;
    esac
done <<<"$seed_proto_out"
t_check "seed protocol: every check ran" eval '[ "$(grep -c "^ok" <<<"$seed_proto_out")" -ge 12 ]'
t_check "turfd is still alive after all that" kill -0 "$TURFD_PID"

# ---- 7. leaks: create/start/delete cycles ----

fd_count() { ls "/proc/$TURFD_PID/fd" | wc -l; }
mount_count() { wc -l </proc/self/mountinfo; }
logs_list() { ls "$ROOT/logs"; }
fds0=$(fd_count) mounts0=$(mount_count) logs0=$(logs_list) children0=$(ps --ppid "$TURFD_PID" -o pid= | wc -l)
leak_pids=()
leak_failed=0
start_s=$SECONDS
for ((i = 0; i < TURFD_CYCLES; i++)); do
    id=$P-leak-$i
    if ! warm "$id" "$TS"; then
        leak_failed=$((leak_failed + 1))
        tc delete -f "$id" >/dev/null 2>&1
        continue
    fi
    leak_pids+=("$(pid_of "$id")")
    # Every 10th answers HTTP first; every 3rd is killed first, the others are deleted with -f.
    if ((i % 10 == 0)) && ! says "$(sock "$id")" / "hello from $id"; then
        leak_failed=$((leak_failed + 1))
    fi
    if ((i % 3 == 0)); then
        tc kill "$id" KILL && wait_for 5 status_is "$id" stopped && tc delete "$id" ||
            leak_failed=$((leak_failed + 1))
    else
        tc delete -f "$id" || leak_failed=$((leak_failed + 1))
    fi
done
echo "# $TURFD_CYCLES warm create/start/delete cycles in $((SECONDS - start_s)) s"
t_check "$TURFD_CYCLES create/start/delete cycles all succeed" eval '[ "$leak_failed" = 0 ]'
t_check "no sandbox process left" wait_for 5 none_alive "${leak_pids[@]}"
t_check "no cgroup left" eval '! find /sys/fs/cgroup -maxdepth 7 -type d -name "$P-leak-*" | grep -q .'
t_check "no state entry left" eval '! ls "$ROOT/sandboxes" | grep -q "^$P-leak-"'
t_check "no log file left" eval '[ "$(logs_list)" = "$logs0" ]'
t_check "no listen socket left" eval '! ls "$work" | grep -q "^$P-leak-.*\.sock$"'
t_check "turfd's descriptors did not grow ($fds0 before)" eval '[ "$(fd_count)" -le $((fds0 + 2)) ] || { echo "  $(fd_count) now"; false; }'
t_check "turfd's children did not grow ($children0 before)" \
    wait_for 5 eval '[ "$(ps --ppid "$TURFD_PID" -o pid= | wc -l)" -le "$children0" ]'
t_check "mounts unchanged ($mounts0)" eval '[ "$(mount_count)" = "$mounts0" ]'

# ---- 8. turfd restarts ----

R=()
for n in 1 2 3; do
    R+=("$P-restart$n")
    warm "$P-restart$n" "$TS" || t_check "create $P-restart$n" false
done
rpids=$(for id in "${R[@]}"; do pid_of "$id"; done)
all_running() {
    local id
    for id in "${R[@]}"; do status_is "$id" running || { echo "  $id: $(field "$id" .status)"; return 1; }; done
}
all_serve() {
    local id
    for id in "${R[@]}"; do says "$(sock "$id")" / "hello from $id" || return 1; done
}
stop_turfd KILL
t_check "kill -9 turfd: its sandboxes keep serving" all_serve
t_check "a new turfd starts on the same root and socket" start_turfd
t_check "turf list shows all 3 running" all_running
t_check "with the same pids" eval '[ "$(for id in "${R[@]}"; do pid_of "$id"; done)" = "$rpids" ]'
t_check "they still serve" all_serve
t_check "the seeds are recreated from seeds.json" \
    wait_for 5 eval '[ "$(seed_field "$TS" .status)" = ready ] && [ "$(seed_field "$HW" .status)" = ready ]'
t_check "a new create from the recreated seed works" \
    eval 'warm "$P-restart4" "$TS" && serves "$(sock "$P-restart4")"'
t_check "the new turfd kills an adopted sandbox: stopped" \
    eval 'tc kill "${R[0]}" KILL && wait_for 5 status_is "${R[0]}" stopped'
t_check "and deletes it" eval 'tc delete "${R[0]}" && [ ! -e "$ROOT/sandboxes/${R[0]}" ]'
t_check "delete -f of an adopted running sandbox" \
    eval 'p=$(pid_of "${R[1]}") && tc delete -f "${R[1]}" && wait_for 5 none_alive $p'
R=("${R[2]}" "$P-restart4")
stop_turfd TERM
t_check "SIGTERM: turfd exits 0" eval '[ "$TURFD_RC" = 0 ]'
t_check "and removes its socket file" test ! -e "$SOCK"
t_check "its sandboxes keep serving" all_serve
t_check "a new turfd adopts them: running and serving" eval 'start_turfd && all_running && all_serve'
for id in "${R[@]}"; do tc delete -f "$id" >/dev/null 2>&1; done

# ---- 9. socket activation (LISTEN_FDS) ----

if command -v systemd-socket-activate >/dev/null; then
    SD_SOCK=$work/sd.sock
    systemd-socket-activate -l "$SD_SOCK" "$TURFD" --root "$work/root-sd" --socket "$work/unused.sock" \
        >"$work/turfd-sd.log" 2>&1 &
    SD_PID=$! # turfd itself once it is launched (systemd-socket-activate execs it)
    wait_for 5 test -S "$SD_SOCK"
    sdc() { timeout -k 5 "$TMO" "$TURF" --daemon-socket "$SD_SOCK" "$@"; }
    t_check "turfd launched by systemd-socket-activate answers on the passed socket" \
        eval 'printf "{\"op\":\"ping\"}\n" | timeout 10 "$CLIENT" -t 5000 "$SD_SOCK" | grep -q "\"ok\":true"'
    t_check "it says it uses systemd's socket and made none of its own" \
        eval 'grep -q "socket passed by systemd" "$work/turfd-sd.log" && [ ! -e "$work/unused.sock" ]'
    t_check "seeds and sandboxes work through it" \
        eval 'sdc seed create --bundle "$work/ts" "$P-sd" &&
              sdc create --seed "$P-sd" --listen "unix:$work/$P-sdbox.sock" "$P-sdbox" &&
              sdc start "$P-sdbox" && says "$work/$P-sdbox.sock" / "hello from $P-sdbox" &&
              sdc delete -f "$P-sdbox" && sdc seed delete "$P-sd"'
    kill -TERM "$SD_PID"
    rc=0
    wait "$SD_PID" || rc=$?
    SD_PID=
    t_check "SIGTERM: exits 0 and leaves systemd's socket file" eval '[ "$rc" = 0 ] && [ -S "$SD_SOCK" ]'
else
    t_skip "socket activation" "systemd-socket-activate is missing (systemd)"
fi

# ---- the end: nothing of ours left in turfd ----

for id in $(tc list --format json 2>/dev/null | jq -r "(. // [])[].id" 2>/dev/null); do tc delete -f "$id" >/dev/null 2>&1; done
t_check "seed delete of both seeds" eval 'tc seed delete "$TS" && tc seed delete "$HW" &&
    [ "$(tc seed list --format json)" = "[]" ]'
t_check "no sandbox left in the store" eval '[ -z "$(ls "$ROOT/sandboxes")" ]'
t_check "no seed container left" eval '[ -z "$(ls "$ROOT/seeds")" ]'
stop_turfd TERM
t_check "no cgroup of this run left" eval '! find /sys/fs/cgroup -maxdepth 7 -type d -name "$P-*" | grep -q .'
if [ "$T_FAILED" != 0 ]; then
    echo "# turfd's log (last 40 lines):"
    tail -n 40 "$work/turfd.log" | sed 's/^/#   /'
fi
echo "# $SECONDS s"
t_finish
