#!/usr/bin/env bash
# The container lifecycle's cgroup side through the real binary: placement in every hierarchy
# before the process runs, limits, pause/resume, update, events (stats and OOM) and removal.
#   bash tests/integration/cgroups.sh                    # turf (build/turf)
#   RUNTIME=runc bash tests/integration/cgroups.sh       # the same tests against runc
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
ID_PREFIX=cg
RUNTIME=${RUNTIME:-$top/build/turf}

if [ "$(id -u)" != 0 ]; then
    t_skip "cgroup tests" "need root to create containers and cgroups"
    t_finish
    exit
fi
if [ ! -x /bin/busybox ]; then
    t_skip "cgroup tests" "busybox-static is missing (make deps)"
    t_finish
    exit
fi

work=$(mktemp -d /tmp/turf-cg-it.XXXXXX)
root="$work/state"
ids=()
rt() { timeout 20 "$RUNTIME" --root "$root" "$@"; }
cleanup() {
    for id in "${ids[@]}"; do rt delete --force "$id" >/dev/null 2>&1; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/rootfs/tmp"
t_busybox_rootfs "$work/rootfs" sh cat echo sleep head tr grep seq mv
"$RUNTIME" spec --bundle "$work" >/dev/null 2>&1 || runc spec --bundle "$work"
jq --arg r "$work/rootfs" '.root = {path: $r, readonly: false} | .process.terminal = false' \
    "$work/config.json" > "$work/base.json"


# --- placement and limits, read from inside ---
b=$(bundle limits '.process.args = ["sh", "-c", "cat /proc/self/cgroup; cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max"] | .linux.resources.memory = {limit: 33554432} | .linux.resources.pids = {limit: 40} | .linux.cgroupsPath = "/turf-it-'$$'/limits"')
id_for limits
out=$(cd "$b" && rt run "$id" 2>&1)
t_check "the process is in its cgroup in the memory hierarchy" \
    grep -q "memory:.*/turf-it-$$/limits\$" <<< "$out"
t_check "the process is in its cgroup in the cgroup v2 tree too (hybrid host)" \
    bash -c "[ ! -d /sys/fs/cgroup/unified ] || grep -q '^0::/turf-it-$$/limits\$' <<< '$out'"
t_check "memory.limit_in_bytes is the config's limit" grep -qx 33554432 <<< "$out"
t_check "pids.max is the config's limit" grep -qx 40 <<< "$out"
t_check "run removes the container's cgroup" \
    bash -c "! find /sys/fs/cgroup -maxdepth 4 -path '*/turf-it-$$/limits' | grep -q ."
if [ "$(basename "$RUNTIME")" = runc ]; then
    t_skip "run removes the parents of the cgroup it made" "runc 1.1 leaves them"
    find /sys/fs/cgroup -maxdepth 3 -type d -name "turf-it-$$" -exec rmdir {} + 2>/dev/null
else
    t_check "run removes the parents of the cgroup it made" \
        bash -c "! find /sys/fs/cgroup -maxdepth 3 -name 'turf-it-$$' | grep -q ."
fi

# --- pids.limit stops a fork loop ---
b=$(bundle pids '.process.args = ["sh", "-c", "for i in $(seq 1 40); do sleep 2 & done 2>&1 | grep -c fork"] | .linux.resources.pids = {limit: 8}')
id_for pids
t_check "fork fails at pids.limit" bash -c "(cd '$b' && timeout 20 '$RUNTIME' --root '$root' run '$id') | grep -qv '^0\$'"

# --- pause really freezes; resume thaws ---
# The counter is replaced atomically (write, then rename), so a reader never sees it half done.
b=$(bundle pause '.process.args = ["sh", "-c", "trap \"exit 0\" TERM; i=0; while true; do i=$((i+1)); echo $i > /tmp/count.new; mv /tmp/count.new /tmp/count; sleep 0.05; done"]')
count() { cat "$work/rootfs/tmp/count" 2>/dev/null; }
id_for pause
(cd "$b" && rt run -d "$id") >/dev/null 2>&1
sleep 0.4
t_check "resume of a running container fails with \"not paused\"" \
    bash -c "out=\$(timeout 20 '$RUNTIME' --root '$root' resume '$id' 2>&1); [ \$? != 0 ] && grep -q 'not paused' <<< \"\$out\""
t_check "pause succeeds" rt pause "$id"
t_check "state says paused" bash -c "timeout 20 '$RUNTIME' --root '$root' state '$id' | jq -e '.status == \"paused\"' >/dev/null"
a=$(count); sleep 0.5; c=$(count)
t_check "a paused container's counter stops ($a -> $c)" bash -c "[ -n '$a' ] && [ '$a' = '$c' ]"
t_check "pause of a paused container fails" bash -c "! timeout 20 '$RUNTIME' --root '$root' pause '$id' 2>/dev/null"
t_check "resume succeeds" rt resume "$id"
sleep 0.5
d=$(count)
t_check "a resumed container's counter moves on ($c -> $d)" bash -c "[ -n '$d' ] && [ '$d' -gt '$c' ]"

# --- update and events --stats ---
t_check "update --memory 100m --pids-limit 77 succeeds" rt update --memory 100m --pids-limit 77 "$id"
stats=$(rt events --stats "$id")
t_check "events --stats is a stats event for the container" \
    jq -e --arg id "$id" '.type == "stats" and .id == $id' <<< "$stats" >/dev/null >/dev/null
t_check "events --stats shows the updated memory limit" \
    jq -e '.data.memory.usage.limit == 104857600' <<< "$stats" >/dev/null >/dev/null
t_check "events --stats shows the updated pids limit and live pids" \
    jq -e '.data.pids.limit == 77 and .data.pids.current >= 1' <<< "$stats" >/dev/null >/dev/null
t_check "events --stats has cpu usage" jq -e '.data.cpu.usage.total > 0' <<< "$stats" >/dev/null >/dev/null
t_check "update --resources - applies a linux.resources object" \
    bash -c "echo '{\"memory\": {\"limit\": 83886080}}' | timeout 20 '$RUNTIME' --root '$root' update --resources - '$id' && [ \"\$(timeout 20 '$RUNTIME' --root '$root' events --stats '$id' | jq .data.memory.usage.limit)\" = 83886080 ]"
t_check "delete --force of a paused container works" \
    bash -c "timeout 20 '$RUNTIME' --root '$root' pause '$id' && timeout 20 '$RUNTIME' --root '$root' delete --force '$id'"
t_check "and leaves no cgroup behind" bash -c "! find /sys/fs/cgroup -maxdepth 4 -name '$id' | grep -q ."

# --- an OOM kill stays in the container and is reported ---
b=$(bundle oom '.process.args = ["sh", "-c", "sleep 1; x=$(head -c 100000000 /dev/zero | tr \"\\\\0\" a); sleep 5"] | .linux.resources.memory = {limit: 20971520}')
id_for oom
(cd "$b" && rt run -d "$id") >/dev/null 2>&1
events=$(timeout 8 "$RUNTIME" --root "$root" events --interval 1s "$id" 2>/dev/null)
t_check "events reports the OOM kill" grep -q '"type":"oom"' <<< "$events"
t_check "the OOM-killed container ends up stopped" \
    bash -c "sleep 1; timeout 20 '$RUNTIME' --root '$root' state '$id' | jq -e '.status == \"stopped\"' >/dev/null"
t_check "delete removes it" rt delete "$id"

# --- a cgroup in use is not shared ---
# Two containers with one cgroupsPath would share limits, a pause and the kill at delete: the
# second create is refused, and the first keeps its cgroup and its process.
b=$(bundle shared '.process.args = ["sleep", "30"] | .linux.cgroupsPath = "/turf-it-'$$'-shared/c"')
id_for shared-1
first=$id
(cd "$b" && rt run -d "$first") >/dev/null 2>&1
id_for shared-2
if [ "$(basename "$RUNTIME")" = runc ]; then
    t_skip "a second container in the cgroup of a running one is refused" \
        "runc 1.1 only warns (1.2 refuses)"
    rt delete --force "$first" >/dev/null 2>&1
    find /sys/fs/cgroup -maxdepth 2 -type d -name "turf-it-$$-shared" -exec rmdir {}/c {} \; 2>/dev/null
else
    out=$(cd "$b" && rt create "$id" 2>&1)
    rc=$?
    t_check "a second container in the cgroup of a running one is refused, saying why" \
        bash -c "[ $rc != 0 ] && grep -q 'in use' <<< \"\$1\" &&
                 ! timeout 20 '$RUNTIME' --root '$root' state '$id' >/dev/null 2>&1" _ "$out"
    t_check "the first still runs in its cgroup" \
        bash -c "p=\$(timeout 20 '$RUNTIME' --root '$root' state '$first' | jq .pid) &&
                 grep -q \"^[0-9]*:pids:/turf-it-$$-shared/c\$\" /proc/\$p/cgroup"
    t_check "deleting the first removes that cgroup" \
        bash -c "timeout 20 '$RUNTIME' --root '$root' delete --force '$first' &&
                 ! find /sys/fs/cgroup -maxdepth 3 -name 'turf-it-$$-shared' | grep -q ."
fi

t_finish
