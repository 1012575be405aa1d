#!/usr/bin/env bash
# The container's processes through the real binary: hooks (order, namespaces, state on stdin,
# failure and timeout), exec, ps, terminals over a console socket, --preserve-fds and
# LISTEN_FDS.
#   bash tests/integration/process.sh                    # turf (build/turf)
#   RUNTIME=runc bash tests/integration/process.sh       # the same tests against runc
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
ID_PREFIX=pr
RUNTIME=${RUNTIME:-$top/build/turf}
RECVTTY=${RECVTTY:-$top/build/recvtty}

if [ "$(id -u)" != 0 ]; then
    t_skip "process tests" "need root to create containers"
    t_finish
    exit
fi
if [ ! -x /bin/busybox ] || [ ! -x "$RECVTTY" ]; then
    t_skip "process tests" "busybox-static or build/recvtty is missing (make deps all)"
    t_finish
    exit
fi

work=$(mktemp -d /tmp/turf-proc-it.XXXXXX)
root="$work/state"
ids=()
rt() { timeout 20 "$RUNTIME" --root "$root" "$@"; }
cleanup() {
    for id in "${ids[@]}"; do rt delete --force "$id" >/dev/null 2>&1; done
    [ -n "${recv_pid:-}" ] && kill "$recv_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_busybox_rootfs "$work/rootfs" sh cat echo sleep tty stty ls id grep readlink true
"$RUNTIME" spec --bundle "$work" >/dev/null 2>&1 || runc spec --bundle "$work"
jq --arg r "$work/rootfs" '.ociVersion = "1.0.2" | .root = {path: $r, readonly: true} | .process.terminal = false' \
    "$work/config.json" > "$work/base.json"

# --- hooks ---
cat > "$work/hook.sh" <<HOOK
#!/bin/sh
# Records: the hook's name, the status and id from the state on stdin, its mount namespace.
state=\$(cat)
echo "\$1 \$(echo "\$state" | jq -r '.status + " " + .id') \$(readlink /proc/self/ns/mnt)" >> "$work/hooks.log"
HOOK
chmod +x "$work/hook.sh"
h() { printf '{"path": "%s", "args": ["hook.sh", "%s"]}' "$work/hook.sh" "$1"; }
b=$(bundle hooks ".process.args = [\"true\"] | .hooks = {prestart: [$(h prestart)], createRuntime: [$(h createRuntime)], poststart: [$(h poststart)], poststop: [$(h poststop)]}")
id_for hooks
(cd "$b" && rt run "$id") >/dev/null 2>&1
host_mnt=$(readlink /proc/self/ns/mnt)
t_check "hooks run in the order prestart, createRuntime, poststart, poststop" \
    bash -c "[ \"\$(cut -d' ' -f1 '$work/hooks.log' | tr '\n' ' ')\" = 'prestart createRuntime poststart poststop ' ]"
# poststart sees "running" (runc 1.1 still says "created" there).
t_check "hooks get the container's state on stdin (id and status)" \
    bash -c "grep -q '^prestart creating $id ' '$work/hooks.log' && grep -Eq '^poststart (running|created) $id ' '$work/hooks.log' && grep -q '^poststop stopped $id ' '$work/hooks.log'"
t_check "runtime-namespace hooks run in the host's mount namespace" \
    bash -c "! grep -vF ' $host_mnt' '$work/hooks.log' | grep -q ."

# createContainer and startContainer run in the container's namespaces: the hook writes into
# the container's /dev/shm-free tmpfs at /run, visible to the process.
b=$(bundle inhooks '.process.args = ["cat", "/run/hooks"] | .mounts += [{destination: "/run", type: "tmpfs", source: "tmpfs"}] | .hooks = {createContainer: [{path: "/bin/sh", args: ["sh", "-c", "echo createContainer >> '"$work"'/rootfs-hook.log"]}], startContainer: [{path: "/bin/sh", args: ["sh", "-c", "echo startContainer > /run/hooks"]}]}')
id_for inhooks
out=$(cd "$b" && rt run "$id" 2>&1)
t_check "startContainer runs inside the container before the process" grep -qx startContainer <<< "$out"
t_check "createContainer runs" grep -qx createContainer "$work/rootfs-hook.log"

b=$(bundle badhook ".process.args = [\"true\"] | .hooks = {createRuntime: [{path: \"/bin/false\"}]}")
id_for badhook
t_check "a failing createRuntime hook fails create" bash -c "! (cd '$b' && timeout 20 '$RUNTIME' --root '$root' create '$id') 2>/dev/null"
t_check "and leaves no container behind" bash -c "! timeout 20 '$RUNTIME' --root '$root' state '$id' >/dev/null 2>&1"
b=$(bundle slowhook ".process.args = [\"true\"] | .hooks = {prestart: [{path: \"/bin/sleep\", args: [\"sleep\", \"30\"], timeout: 1}]}")
id_for slowhook
start=$SECONDS
t_check "a hook past its timeout fails create" bash -c "! (cd '$b' && timeout 20 '$RUNTIME' --root '$root' create '$id') 2>/dev/null"
t_check "within a few seconds of the timeout" [ $((SECONDS - start)) -lt 10 ]

# --- exec and ps ---
b=$(bundle exec '.process.args = ["sh", "-c", "trap \"exit 0\" TERM; while true; do sleep 0.2; done"] | .hostname = "ex"')
id_for exec
(cd "$b" && rt run -d "$id") >/dev/null 2>&1
t_check "exec runs in the container's namespaces (hostname)" t_output_is ex rt exec "$id" sh -c 'cat /proc/sys/kernel/hostname'
t_check "exec exits with the process's status" t_status_is 5 rt exec "$id" sh -c 'exit 5'
t_check "exec --env, --cwd and --user apply" \
    t_output_is "X=1 / 1000:1000" rt exec -e X=1 --cwd / --user 1000:1000 "$id" sh -c 'echo X=$X $(pwd) $(id -u):$(id -g)'
echo '{"args": ["sh", "-c", "echo from-process-file"], "cwd": "/", "user": {"uid": 0, "gid": 0}, "env": ["PATH=/bin"]}' > "$work/process.json"
t_check "exec --process FILE runs that process" t_output_is from-process-file rt exec --process "$work/process.json" "$id"
t_check "exec of a missing program fails" bash -c "! timeout 20 '$RUNTIME' --root '$root' exec '$id' nosuchprogram 2>/dev/null"
t_check "exec --detach --pid-file writes a live pid" \
    bash -c "timeout 20 '$RUNTIME' --root '$root' exec -d --pid-file '$work/exec.pid' '$id' sleep 30 && kill -0 \$(cat '$work/exec.pid')"
t_check "ps --format json lists the init and the exec'd process" \
    bash -c "timeout 20 '$RUNTIME' --root '$root' ps --format json '$id' | jq -e --argjson p \$(cat '$work/exec.pid') 'index(\$p) != null and length >= 2' >/dev/null"
t_check "ps shows a ps -ef table with the container's processes" \
    bash -c "timeout 20 '$RUNTIME' --root '$root' ps '$id' | grep -q 'sleep 30'"
t_check "delete --force ends the exec'd process too" \
    bash -c "timeout 20 '$RUNTIME' --root '$root' delete -f '$id'; sleep 0.3; ! kill -0 \$(cat '$work/exec.pid') 2>/dev/null"
t_check "exec into a deleted container fails" bash -c "! timeout 20 '$RUNTIME' --root '$root' exec '$id' true 2>/dev/null"

# --- terminal over a console socket ---
b=$(bundle tty '.process.terminal = true | .process.consoleSize = {height: 30, width: 100} | .process.args = ["sh", "-c", "tty; stty size"]')
id_for tty
"$RECVTTY" "$work/tty.sock" > "$work/tty.out" 2>/dev/null < /dev/null &
recv_pid=$!
for _ in $(seq 50); do [ -S "$work/tty.sock" ] && break; sleep 0.05; done
(cd "$b" && rt run -d --console-socket "$work/tty.sock" "$id") >/dev/null 2>&1
for _ in $(seq 50); do grep -q '30 100' "$work/tty.out" 2>/dev/null && break; sleep 0.1; done
t_check "the process has a pty from the container's devpts" grep -q '^/dev/pts/[0-9]' "$work/tty.out"
t_check "consoleSize sets the terminal's size" grep -q '^30 100' "$work/tty.out"
kill "$recv_pid" 2>/dev/null
b=$(bundle notty '.process.terminal = true | .process.args = ["true"]')
id_for notty
t_check "terminal: true in the background without --console-socket fails" \
    bash -c "! (cd '$b' && timeout 20 '$RUNTIME' --root '$root' create '$id') 2>/dev/null"

# --- descriptors ---
b=$(bundle fds '.process.args = ["sh", "-c", "cat <&3; cat <&4 2>/dev/null && echo LEAKED; echo LISTEN_FDS=$LISTEN_FDS LISTEN_PID=$LISTEN_PID"]')
id_for fds
echo passed-on > "$work/fd3"
out=$(cd "$b" && rt run --preserve-fds 1 "$id" 3< "$work/fd3" 4< "$work/fd3" 2>&1)
t_check "--preserve-fds 1 passes descriptor 3" grep -q passed-on <<< "$out"
t_check "and no descriptor past it" bash -c "! grep -q LEAKED <<< '$out'"
id_for listen
# systemd's rule: the descriptors are ours only when LISTEN_PID is our (the runtime's) pid.
out=$(cd "$b" && LISTEN_FDS=1 RT="$RUNTIME" ROOT="$root" ID="$id" \
    timeout 20 sh -c 'LISTEN_PID=$$ exec "$RT" --root "$ROOT" run "$ID"' 3< "$work/fd3" 2>&1)
t_check "LISTEN_FDS passes the socket-activation descriptors on" grep -q passed-on <<< "$out"
t_check "with LISTEN_FDS=1 and LISTEN_PID=1 in the process's environment" \
    grep -q 'LISTEN_FDS=1 LISTEN_PID=1' <<< "$out"

id_for listen-other
out=$(cd "$b" && LISTEN_FDS=1 LISTEN_PID=1 rt run "$id" 3< "$work/fd3" 2>&1)
t_check "LISTEN_FDS meant for another process (LISTEN_PID) passes nothing on" \
    bash -c "! grep -q passed-on <<< \"\$1\"" _ "$out"

# --- session keyring ---
b=$(bundle keyring '.process.args = ["sh", "-c", "trap \"exit 0\" TERM; while true; do sleep 0.2; done"]')
id_for keyring
(cd "$b" && rt run -d "$id") >/dev/null 2>&1
t_check "a container gets a session keyring of its own (_ses.ID)" grep -q "_ses.$id:" /proc/keys
rt delete -f "$id" >/dev/null 2>&1
id_for nokeyring
(cd "$b" && rt run -d --no-new-keyring "$id") >/dev/null 2>&1
t_check "--no-new-keyring makes none" bash -c "! grep -q '_ses.$id:' /proc/keys"
rt delete -f "$id" >/dev/null 2>&1


# --- oomScoreAdj ---
b=$(bundle oom '.process.args = ["cat", "/proc/self/oom_score_adj"] | .process.oomScoreAdj = 123')
id_for oom
t_check "oomScoreAdj is the process's oom_score_adj" \
    t_output_is 123 bash -c "cd '$b' && timeout 20 '$RUNTIME' --root '$root' run '$id'"

t_finish
