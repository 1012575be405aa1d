#!/usr/bin/env bash
# Integration tests of the turf, turfd and turf-worker binaries as a user runs them, and of
# `turf spec` output under a real runtime: runc runs it on a busybox rootfs (as root).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
TURF=${TURF:-$top/build/turf}
BIN=$(dirname "$TURF")

work=$(mktemp -d /tmp/turf-it.XXXXXX)
ctr="turf-it-$$"
cleanup() {
    if command -v runc >/dev/null && [ "$(id -u)" = 0 ]; then
        runc delete --force "$ctr" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# --- command line basics ---
t_check "turf --version names the version and spec" \
    t_output_is "$(printf 'turf version 0.1.0\nspec: 1.2.0')" "$TURF" --version
t_check "turf --help lists the commands" bash -c "'$TURF' --help | grep -q '^  spec '"
t_check "an unknown command is a usage error (exit 2)" t_status_is 2 "$TURF" frobnicate
t_check "an unknown global option is a usage error (exit 2)" t_status_is 2 "$TURF" --frob spec
t_check "a bad --log-format is a usage error (exit 2)" t_status_is 2 "$TURF" --log-format xml spec
t_check "a command on a container that does not exist says so and exits 1" \
    t_status_is 1 "$TURF" --root "$work/state" pause nosuch
t_check "turfd: an unknown option is a usage error (exit 2)" t_status_is 2 "$BIN/turfd" --frob
t_check "turfd: a relative --root is a usage error (exit 2)" \
    t_output_is 'turfd: --root must be an absolute path, got "rel"' "$BIN/turfd" --root rel
t_check "turf-worker: a missing script is an error naming the file (exit 1)" \
    t_output_is "turf-worker: open $work/none.js: No such file or directory" "$BIN/turf-worker" "$work/none.js"
t_check "turfd --help works" t_status_is 0 "$BIN/turfd" --help
t_check "turf-worker --help works" t_status_is 0 "$BIN/turf-worker" --help

# --- spec and validate ---
mkdir -p "$work/b" "$work/rootless" "$work/bad"
t_check "turf spec writes config.json into --bundle" \
    bash -c "'$TURF' spec --bundle '$work/b' && test -s '$work/b/config.json'"
t_check "turf spec output is valid JSON with runc's default process" \
    bash -c "jq -e '.process.args == [\"sh\"] and .root.path == \"rootfs\"' '$work/b/config.json' >/dev/null"
t_check "turf spec refuses to overwrite config.json (exit 1)" t_status_is 1 "$TURF" spec -b "$work/b"
t_check "turf validate accepts the default spec" \
    t_output_is "config.json: valid (ociVersion 1.2.0, process \"sh\", 7 mounts, namespaces: pid network ipc uts mount)" \
    "$TURF" validate --bundle "$work/b"
t_check "turf spec --rootless maps the caller to root in a user namespace" \
    bash -c "'$TURF' spec --rootless -b '$work/rootless' && jq -e '(.linux.namespaces | map(.type) | index(\"user\")) and (.linux.namespaces | map(.type) | index(\"network\") | not) and .linux.uidMappings[0].hostID == $(id -u)' '$work/rootless/config.json' >/dev/null"
t_check "turf validate accepts the rootless spec" t_status_is 0 "$TURF" validate -b "$work/rootless"

jq '.linux.resources.memory = {"limit": "1G"}' "$work/b/config.json" > "$work/bad/config.json"
before=$(sha256sum < "$work/bad/config.json")
t_check "turf validate names the field and the problem (exit 1)" \
    t_output_is 'turf: config.json: linux.resources.memory.limit: expected an integer, got string "1G"' \
    "$TURF" validate -b "$work/bad"
t_check "a rejected config.json is left as it was" \
    bash -c "[ \"\$(sha256sum < '$work/bad/config.json')\" = '$before' ]"
t_check "a missing bundle is an error naming the file" \
    t_output_is "turf: open $work/none/config.json: No such file or directory" "$TURF" validate -b "$work/none"
t_check "--log-format json writes runc-style JSON error lines to --log" \
    bash -c "'$TURF' --log '$work/log.json' --log-format json validate -b '$work/bad' 2>/dev/null; jq -e 'select(.level == \"error\" and (.msg | test(\"memory.limit\")) and (.time | test(\"^[0-9]{4}-\")))' '$work/log.json' >/dev/null"

# --- the docs say what CI runs ---
readme_test_command=$(grep -E '^    make deps && make check' "$top/README.md" | sed 's/^    //')
t_check "CI runs exactly the README's test command" \
    bash -c "[ -n '$readme_test_command' ] && grep -qxF '$readme_test_command' '$top/.ci/run'"

# --- runc runs turf's default spec (root only: runc needs it to create namespaces) ---
if [ "$(id -u)" != 0 ]; then
    t_skip "runc runs turf spec output" "needs root to create namespaces"
elif ! command -v runc >/dev/null || [ ! -x /bin/busybox ]; then
    t_skip "runc runs turf spec output" "runc or busybox-static missing (make deps)"
else
    mkdir -p "$work/run/rootfs/bin"
    cp /bin/busybox "$work/run/rootfs/bin/"
    for a in sh cat grep hostname id; do ln -s busybox "$work/run/rootfs/bin/$a"; done
    "$TURF" spec -b "$work/run"
    # runc's own spec would need the same two changes to run without a terminal.
    jq '.process.terminal = false | .process.args = ["sh", "-c", "echo $(hostname) $(id -u); grep -E \"^(CapBnd|NoNewPrivs)\" /proc/self/status"]' \
        "$work/run/config.json" > "$work/run/c" && mv "$work/run/c" "$work/run/config.json"
    out=$(cd "$work/run" && timeout 30 runc run "$ctr" 2>&1)
    t_check "runc runs turf spec output on a busybox rootfs" \
        t_output_is "$(printf 'turf 0\nCapBnd:\t0000000020000420\nNoNewPrivs:\t1')" echo "$out"
fi


# --- the example bundle runs as its README says (root: it makes namespaces) ---
if [ "$(id -u)" = 0 ] && [ -x /bin/busybox ]; then
    cp -r "$top/examples/busybox" "$work/example"
    rm -rf "$work/example/rootfs"
    "$work/example/make-rootfs.sh" >/dev/null
    out=$(cd "$work/example" && timeout 30 "$TURF" --root "$work/example-state" run "ex-$$" 2>&1)
    t_check "examples/busybox runs: hello, seccomp filter, no_new_privs" \
        bash -c 'grep -q "hello from busybox" <<< "$1" && grep -q "^Seccomp:.2" <<< "$1" && grep -q "^NoNewPrivs:.1" <<< "$1"' _ "$out"
else
    t_skip "examples/busybox runs" "needs root and busybox-static"
fi

# examples/hello-worker: its sandboxes get the seccomp profile of examples/seccomp, verbatim.
t_check "examples/hello-worker carries examples/seccomp/default.json as its linux.seccomp" \
    bash -c "diff <(jq -S .linux.seccomp '$top/examples/hello-worker/config.json') \
                  <(jq -S . '$top/examples/seccomp/default.json')"
t_check "turf validate accepts examples/hello-worker" \
    t_status_is 0 "$TURF" validate --bundle "$top/examples/hello-worker"

# examples/systemd: both units pass systemd-analyze verify without a word, in a scratch root
# holding the host's own units and turfd where ExecStart looks for it.
if command -v systemd-analyze >/dev/null; then
    sysroot=$work/systemd-root
    mkdir -p "$sysroot/usr/local/sbin" "$sysroot/etc/systemd/system" "$sysroot/usr/lib/systemd"
    cp -a /usr/lib/systemd/system "$sysroot/usr/lib/systemd/"
    cp "$BIN/turfd" "$sysroot/usr/local/sbin/turfd"
    cp "$top/examples/systemd/turfd.service" "$top/examples/systemd/turfd.socket" \
        "$sysroot/etc/systemd/system/"
    t_check "examples/systemd: systemd-analyze verify accepts turfd.service and turfd.socket" \
        t_output_is "" systemd-analyze verify --man=no --root="$sysroot" turfd.service turfd.socket
    sed -i 's/^Type=notify/Typ=notify/' "$sysroot/etc/systemd/system/turfd.service"
    t_check "systemd-analyze verify would notice a broken unit (the check can fail)" \
        bash -c "systemd-analyze verify --man=no --root='$sysroot' turfd.service 2>&1 | grep -q Typ"
else
    t_skip "examples/systemd verifies" "systemd-analyze is not installed (package systemd)"
fi

t_finish
