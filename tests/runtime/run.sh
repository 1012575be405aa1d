#!/usr/bin/env bash
# The turf-worker tests, run through the real binary: the JS suites (*.test.js, each prepended
# with harness.js), console output compared exactly (console-format.*), and the command line,
# exit statuses, error reports, the single-thread checks and a fork stress (scripts/).
# Prints "ok"/"FAIL" per check, then "N passed, M failed"; exits 1 if any failed.
# Environment: TURF_WORKER (the binary), TURF_EXTRA_THREAD_SO (tests/runtime/extra-thread.c,
# built), TURF_FORKS (children in the fork stress, default 200).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
W=${TURF_WORKER:-$top/build/turf-worker}
EXTRA_THREAD_SO=${TURF_EXTRA_THREAD_SO:-$top/build/tests/runtime/extra-thread.so}
FORKS=${TURF_FORKS:-200}
S=$here/scripts

if [ ! -x "$W" ]; then
    echo "run.sh: $W is not built (make build/turf-worker)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

work=$(mktemp -d /tmp/turf-runtime.XXXXXX)
group= # process group of the worker running now, killed on the way out
cleanup() {
    [ -n "$group" ] && kill -KILL -- "-$group" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
problems=

# t_run LIMIT_S ARGS...: runs the worker in a process group of its own, stdout to $work/out,
# stderr to $work/err, exit status to $status. The group (the worker and any child it forked) is
# killed if the worker is still running after LIMIT_S seconds, and in any case once it exits.
t_run() {
    local limit=$1 pid waited=0
    shift
    setsid "$W" "$@" >"$work/out" 2>"$work/err" &
    pid=$!
    group=$pid
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((limit * 50)) ]; do
        sleep 0.02
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        problems+="  still running after ${limit}s: killed"$'\n'
        kill -KILL -- "-$pid" 2>/dev/null
    fi
    wait "$pid"
    status=$?
    kill -KILL -- "-$pid" 2>/dev/null
    group=
}

want_status() {
    [ "$status" = "$1" ] || problems+="  exit status $status, expected $1"$'\n'
}
# want_out/want_err FIXED-STRING: the stream contains the string.
want_out() {
    grep -qF -- "$1" "$work/out" || problems+="  stdout lacks: $1"$'\n'
}
want_err() {
    grep -qF -- "$1" "$work/err" || problems+="  stderr lacks: $1"$'\n'
}
# want_out_re/want_err_re ERE: some line of the stream matches.
want_out_re() {
    grep -qE -- "$1" "$work/out" || problems+="  no stdout line matches: $1"$'\n'
}
want_err_re() {
    grep -qE -- "$1" "$work/err" || problems+="  no stderr line matches: $1"$'\n'
}
no_out() {
    ! grep -qF -- "$1" "$work/out" || problems+="  stdout has: $1"$'\n'
}
want_out_empty() {
    [ ! -s "$work/out" ] || problems+="  stdout is not empty"$'\n'
}
want_err_empty() {
    [ ! -s "$work/err" ] || problems+="  stderr is not empty"$'\n'
}
# want_same FILE EXPECTED: FILE ($work/out or $work/err) equals EXPECTED exactly.
want_same() {
    local diff
    if ! diff=$(diff -u "$2" "$1"); then
        problems+="  $(basename "$1") differs from $(basename "$2"):"$'\n'
        problems+="$(sed 's/^/    /' <<<"$diff")"$'\n'
    fi
}

# verdict NAME: closes a check; on failure prints why and what the worker wrote.
verdict() {
    if [ -z "$problems" ]; then
        passed=$((passed + 1))
        echo "ok   - $1"
    else
        failed=$((failed + 1))
        echo "FAIL - $1"
        printf '%s' "$problems"
        echo "  --- stdout:"; head -n 40 "$work/out" 2>/dev/null | sed 's/^/    /'
        echo "  --- stderr:"; head -n 40 "$work/err" 2>/dev/null | sed 's/^/    /'
    fi
    problems=
}

# ---- the JS suites: each JS test is one check, and so is the suite running to its end ----
for suite in "$here"/*.test.js; do
    name=$(basename "$suite")
    cat "$here/harness.js" "$suite" >"$work/$name"
    t_run 60 "$work/$name"
    while IFS= read -r line; do
        case $line in
        "ok - "*) passed=$((passed + 1)); echo "ok   - $name: ${line#ok - }" ;;
        "not ok - "*) failed=$((failed + 1)); echo "FAIL - $name: ${line#not ok - }" ;;
        "  "*) echo "  $line" ;;
        esac
    done <"$work/out"
    want_status 0
    want_out_re '^# harness: [1-9][0-9]* passed, 0 failed$'
    want_err_empty
    verdict "$name: ran every test to the end, exit 0, nothing on stderr"
done

# ---- the WPT URL parsing cases: every case of tests/data/wpt/url/urltestdata.json ----
URL_WPT_MIN=601 # all of them pass; the check fails if any stops passing
{ printf 'const urlTestData = '; cat "$top/tests/data/wpt/url/urltestdata.json"; echo ';'
  cat "$here/url-wpt.js"; } >"$work/url-wpt.js"
t_run 60 "$work/url-wpt.js"
want_status 0
want_err_empty
url_passed=$(sed -n 's/^url-wpt: \([0-9]*\) of \([0-9]*\)$/\1/p' "$work/out")
[ "${url_passed:-0}" -ge "$URL_WPT_MIN" ] ||
    problems+="  ${url_passed:-no} cases passed, at least $URL_WPT_MIN expected"$'\n'
verdict "url: the WPT URL parsing cases pass ($(tail -n 1 "$work/out" | sed 's/^url-wpt: //'))"

# The harness itself: a failing assertion is reported and counted, so a suite can fail.
cat "$here/harness.js" - >"$work/failing.js" <<'JS'
test('passes', () => assert.equal(1, 1));
test('fails', () => assert.equal(1, 2, 'one is not two'));
test('fails later', async () => { await delay(1); assert.ok(false); });
JS
t_run 30 "$work/failing.js"
want_out 'ok - passes'
want_out 'not ok - fails'
want_out 'AssertionError: one is not two: expected 2, got 1'
want_out 'not ok - fails later'
want_out '# harness: 1 passed, 2 failed'
verdict "harness: failing assertions are reported and counted"

# ---- console output, exactly ----
t_run 30 "$here/console-format.js"
want_status 0
want_same "$work/out" "$here/console-format.out"
want_same "$work/err" "$here/console-format.err"
verdict "console: formatting and inspection match console-format.out and .err exactly"

t_run 30 "$S/console-time-trace.js"
want_status 0
want_out_re '^span: [0-9]+\.[0-9]{3}ms midway 1$'
want_out_re '^span: [0-9]+\.[0-9]{3}ms$'
want_err "Warning: Timer 'span' does not exist"
want_err 'Trace: here 7'
want_err_re '^    at traced \(.*console-time-trace\.js:7:'
verdict "console: time/timeLog/timeEnd print elapsed ms; trace prints the stack on stderr"

# ---- the command line ----
t_run 10 --version
want_status 0
want_out 'turf-worker version 0.1.0'
verdict "--version prints the version, exit 0"

t_run 10 --help
want_status 0
want_out 'Usage: turf-worker [OPTIONS] SCRIPT.js'
want_out_re '--listen ADDR +serve HTTP on HOST:PORT'
want_out '--handler-timeout-ms M'
want_out '--fork-stress N'
verdict "--help prints the usage with --listen and the HTTP flags, exit 0"

t_run 10
want_status 2
want_err 'turf-worker: missing SCRIPT.js'
verdict "no script is a usage error (exit 2)"

t_run 10 --frobnicate "$S/good-syntax.js"
want_status 2
want_err "turf-worker: unrecognized option '--frobnicate'"
want_err "Run 'turf-worker --help' for usage."
no_out 'this script ran'
verdict "an unknown option is a usage error (exit 2)"

t_run 10 "$S/good-syntax.js" extra
want_status 2
want_err "unexpected argument 'extra'"
verdict "an argument after SCRIPT.js is a usage error (exit 2)"

t_run 10 --listen 999.0.0.1:8080 "$S/good-syntax.js"
want_status 1
want_err "--listen 999.0.0.1:8080: '999.0.0.1' is not a numeric IP address or localhost"
verdict "--listen with a bad address is an error naming it (exit 1); serving: tests/runtime/http.sh"

t_run 10 --idle-timeout-ms 0 "$S/good-syntax.js"
want_status 2
want_err "--idle-timeout-ms: expected a positive number, got '0'"
verdict "an HTTP timeout flag needs a positive number (exit 2)"

t_run 10 --fork-stress 0 "$S/fork-stress.js"
want_status 2
want_err 'expected a count of children'
verdict "--fork-stress needs a positive count (exit 2)"

t_run 10 "$work/no-such-script.js"
want_status 1
want_err "turf-worker: open $work/no-such-script.js: No such file or directory"
verdict "a missing script is an error naming the file (exit 1)"

# ---- --check ----
t_run 10 --check "$S/good-syntax.js"
want_status 0
want_out_empty
want_err_empty
verdict "--check accepts valid syntax without running the script (exit 0, no output)"

t_run 10 --check "$S/syntax-error.js"
want_status 1
want_err "turf-worker: $S/syntax-error.js:3: SyntaxError: Unexpected token ';'"
want_out_empty
verdict "--check reports a syntax error with file and line (exit 1)"

# ---- errors while loading and after ----
t_run 10 "$S/throws-at-load.js"
want_status 1
want_out 'before the throw'
no_out 'install must not fire'
want_err 'Uncaught Error: boom at load'
want_err_re "^    at thrower \\(.*throws-at-load\\.js:5:"
want_err_re "^    at outer \\(.*throws-at-load\\.js:8:"
want_err "turf-worker: $S/throws-at-load.js: the script threw an exception while loading"
verdict "an exception at load: message and stack on stderr, no install, exit 1"

t_run 10 "$S/syntax-error.js"
want_status 1
no_out 'must not run'
want_err "Uncaught SyntaxError: Unexpected token ';'"
want_err "    at $S/syntax-error.js:3"
verdict "a syntax error at load is reported with its line, exit 1"

t_run 10 "$S/install-throws.js"
want_status 1
want_err 'Uncaught TypeError: install failed'
want_out 'second listener ran'
no_out 'the loop must not run'
want_err "turf-worker: $S/install-throws.js: an install event listener threw"
verdict "a throwing install listener: the others still run, the loop does not, exit 1"

t_run 10 "$S/uncaught-async.js"
want_status 1
want_err 'Uncaught RangeError: thrown in a timer'
want_err 'Uncaught Error: thrown in a microtask'
want_err 'Uncaught (in promise) TypeError: rejected and never handled'
want_out 'still running after the errors'
verdict "errors in timers, microtasks and rejections are reported, the loop goes on, exit 1"

# ---- one thread ----
t_run 30 --debug "$S/heavy.js"
want_status 0
want_out_re '^heavy done [0-9]+ 30$'
want_err 'useConcurrentJIT=false useConcurrentGC=false numberOfGCMarkers=1 useWasm=false'
want_err 'libpas scavenger suspended'
want_err 'turf-worker: debug: threads: 1 after engine setup (fork-safe)'
want_err_re '^turf-worker: debug: threads: 1 at exit '
verdict "--debug: one thread after engine setup and still one after JIT- and GC-heavy work"

if [ -f "$EXTRA_THREAD_SO" ]; then
    # verify_asan_link_order=0: under ASan the preloaded library comes before libasan, which
    # ASan would otherwise refuse; the library only starts a thread.
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
        LD_PRELOAD=$EXTRA_THREAD_SO t_run 10 "$S/good-syntax.js"
    want_status 1
    want_err_re '^turf-worker: 2 threads are running after engine setup \(.*\); '
    want_err 'turf-worker must have exactly one to be fork-safe'
    no_out 'this script ran'
    verdict "a second thread at startup is refused before the script runs (exit 1)"
else
    problems+="  $EXTRA_THREAD_SO not built"$'\n'
    verdict "a second thread at startup is refused before the script runs (exit 1)"
fi

# ---- fork ----
# Under ASan the binary unwinds every malloc stack in full (runtime/sanitizer.c explains why);
# the fork stress allocates heavily and does not need it, so it keeps the fast unwinder.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=1 \
    t_run 600 --fork-stress "$FORKS" "$S/fork-stress.js"
want_status 0
want_out "fork-stress: $FORKS children: 0 hung, 0 crashed, 0 wrong;"
want_out "threads: at most 1 at a fork, at most 1 in a child"
want_out_re '^fork-stress: ms, median over '"$FORKS"' answers: '
want_err_empty
verdict "fork stress: $FORKS forks of a loaded worker, no hang, no crash, no wrong answer"
sed -n 's/^/  /p' "$work/out"

t_run 30 --fork-stress 3 "$S/fork-deserialize-count.js"
want_status 1
want_out 'fork-stress: 3 children: 0 hung, 0 crashed, 3 wrong;'
want_err 'fork-stress: child 0: pid'
want_err 'answered 1, expected 0'
verdict "fork stress: deserialize fires in each child, and a wrong answer fails the run"

t_run 30 --fork-stress 2 --watchdog-ms 300 "$S/fork-spin.js"
want_status 1
want_out 'fork-stress: 2 children: 2 hung, 0 crashed, 0 wrong;'
want_err_re 'hung: not done after 300 ms \(state R'
verdict "fork stress: the watchdog kills a child that never answers and counts it hung"

# A child killed by a signal counts as crashed: the script's child spins, this script kills it.
setsid "$W" --fork-stress 1 --watchdog-ms 20000 "$S/fork-spin.js" >"$work/out" 2>"$work/err" &
group=$!
for _ in $(seq 500); do
    child=$(pgrep -P "$group" | head -n 1)
    [ -n "$child" ] && break
    sleep 0.02
done
[ -n "${child:-}" ] && kill -TERM "$child"
wait "$group"
status=$?
kill -KILL -- "-$group" 2>/dev/null
group=
want_status 1
want_out 'fork-stress: 1 children: 0 hung, 1 crashed, 0 wrong;'
want_err 'killed by signal 15'
verdict "fork stress: a child killed by a signal is counted as crashed"

t_run 10 --fork-stress 2 "$S/fork-no-task.js"
want_status 1
want_err 'needs the script to define a function forkStressTask()'
verdict "fork stress: a script without forkStressTask() is refused before any fork"

t_run 60 --fork-stress 20 "$S/fork-random.js"
want_status 0
want_out 'fork-stress: 20 children: 0 hung, 0 crashed, 0 wrong;'
randoms=$(grep -c '^random ' "$work/out")
distinct=$(grep '^random ' "$work/out" | tr ' ' '\n' | grep -v '^random$' | sort -u | wc -l)
[ "$randoms" = 21 ] || problems+="  $randoms random lines, expected 21 (the parent and 20 children)"$'\n'
[ "$distinct" = 42 ] || problems+="  $distinct distinct random values of 42"$'\n'
verdict "crypto: 20 forked children and their parent draw different random values"

leftover=$(pgrep -f "$S/fork-" || true)
[ -z "$leftover" ] || problems+="  processes left behind: $leftover"$'\n'
verdict "no worker or forked child is left running"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
