# Shared helpers for the shell test suites: named checks, skips with a reason, and the
# closing "N passed, M failed" line. Source it, call `t_check`, end with `t_finish`.
T_PASSED=0
T_FAILED=0
T_SKIPPED=0

# t_check NAME COMMAND...: passes when COMMAND exits 0.
t_check() {
    local name=$1
    shift
    if "$@"; then
        T_PASSED=$((T_PASSED + 1))
        echo "ok   - $name"
    else
        T_FAILED=$((T_FAILED + 1))
        echo "FAIL - $name"
    fi
}

t_skip() {
    T_SKIPPED=$((T_SKIPPED + 1))
    echo "skip - $1: $2"
}

# t_output_is EXPECTED COMMAND...: stdout+stderr of COMMAND equals EXPECTED.
t_output_is() {
    local expected=$1 got
    shift
    got=$("$@" 2>&1) || true
    [ "$got" = "$expected" ] || { printf '  expected: %s\n  got:      %s\n' "$expected" "$got"; return 1; }
}

# t_status_is CODE COMMAND...: COMMAND exits with CODE.
t_status_is() {
    local want=$1 rc=0
    shift
    "$@" >/dev/null 2>&1 || rc=$?
    [ "$rc" = "$want" ] || { echo "  exit status $rc, expected $want"; return 1; }
}

t_finish() {
    echo "$T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
    [ "$T_FAILED" = 0 ]
}

# Container fixtures shared by the suites. They expect $work (the run's temp directory, holding
# base.json), the array ids (the cleanup deletes every id in it) and ID_PREFIX.

# t_busybox_rootfs DIR APPLET...: DIR/bin with busybox-static and the given applets linked.
t_busybox_rootfs() {
    local dir=$1 applet
    shift
    mkdir -p "$dir/bin"
    cp /bin/busybox "$dir/bin/"
    for applet in "$@"; do ln -sf busybox "$dir/bin/$applet"; done
}

# bundle NAME JQ-FILTER: a bundle directory $work/NAME whose config.json is base.json through
# JQ-FILTER; prints the directory.
bundle() {
    mkdir -p "$work/$1"
    jq "$2" "$work/base.json" > "$work/$1/config.json"
    echo "$work/$1"
}

# id_for NAME: sets $id to a unique container id and registers it for the cleanup (call it
# directly, not in a $(...) subshell, where the registration would be lost).
id_for() {
    id="${ID_PREFIX}$$-$1"
    ids+=("$id")
}
