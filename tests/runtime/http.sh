#!/usr/bin/env bash
# Serving tests of turf-worker through real loopback connections: the listener forms (TCP, unix:,
# fd:, LISTEN_FDS), HTTP/1.1 framing, limits, timeouts, the fetch event's error answers, module
# style, waitUntil, streaming, outbound fetch() and graceful shutdown. Prints "ok"/"FAIL" per
# check, then "N passed, M failed"; exits 1 if any failed. Environment: TURF_WORKER (the binary),
# TURF_HTTP_RAW (tests/runtime/http-raw.c, built).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
W=${TURF_WORKER:-$top/build/turf-worker}
RAW=${TURF_HTTP_RAW:-$top/build/tests/runtime/http-raw}
APP=$here/http-app.js

work=$(mktemp -d /tmp/turf-http.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
problems=

check() { # check NAME CONDITION-DESCRIPTION: records a problem when the last test failed
    problems+="  $1"$'\n'
}
verdict() {
    if [ -z "$problems" ]; then
        passed=$((passed + 1))
        echo "ok   - http: $1"
    else
        failed=$((failed + 1))
        echo "FAIL - http: $1"
        printf '%s' "$problems"
        echo "  --- worker stderr:"; tail -n 20 "$work/err" 2>/dev/null | sed 's/^/    /'
    fi
    problems=
}
has() { # has FILE FIXED-STRING
    grep -qF -- "$2" "$1" || problems+="  $(basename "$1") lacks: $2"$'\n'
}
lacks() {
    ! grep -qF -- "$2" "$1" || problems+="  $(basename "$1") has: $2"$'\n'
}
same() { # same ACTUAL EXPECTED
    [ "$1" = "$2" ] || problems+="  got '$1', expected '$2'"$'\n'
}

# start [FLAGS...] SCRIPT: starts a worker on 127.0.0.1 with a free port; sets $pid and $port.
start() {
    : >"$work/err"
    "$W" --listen 127.0.0.1:0 "$@" >"$work/out" 2>"$work/err" &
    pid=$!
    pids+=("$pid")
    port=
    for _ in $(seq 250); do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/err")
        [ -n "$port" ] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    problems+="  the worker did not start listening"$'\n'
    return 1
}
stop() { # stop: SIGTERM and wait (bounded); sets $status
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 250); do kill -0 "$pid" 2>/dev/null || break; sleep 0.02; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    status=$?
}
C() { curl -sS --max-time 5 "$@"; }
U() { echo "http://127.0.0.1:$port$1"; }
raw() { "$RAW" --port "$port" "$@"; }

# ---- basics ----
start "$APP"
same "$(C "$(U /)")" "hello"
C -i "$(U /)" >"$work/r"
has "$work/r" "HTTP/1.1 200 OK"
has "$work/r" "content-type: text/plain;charset=UTF-8"
has "$work/r" "content-length: 5"
grep -qE '^date: [A-Z][a-z]{2}, [0-9]{2} ' "$work/r" || problems+="  no date header"$'\n'
verdict "GET / answers 200 hello with content-type, content-length and date"

C -I "$(U /)" >"$work/r"
has "$work/r" "content-length: 5"
printf 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' | raw >"$work/r" 2>/dev/null
lacks "$work/r" "hello"
has "$work/r" "HTTP/1.1 200 OK"
verdict "HEAD: headers with the length, no body"

C -v "$(U /)" "$(U /json)" "$(U /url)" >"$work/r" 2>&1
has "$work/r" "Re-using existing connection"
has "$work/r" '{"a":1}'
has "$work/r" "http://127.0.0.1:$port/url GET"
verdict "keep-alive: three requests on one connection; Response.json; request.url absolute"

printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\nGET /url HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
    raw >"$work/r" 2>/dev/null
same "$(grep -ao 'HTTP/1.1 200' "$work/r" | wc -l)" 3
same "$(grep -aoE 'hello|slow done|/url GET' "$work/r" | tr '\n' ' ')" "hello slow done /url GET "
verdict "pipelining: three requests in one write, answered in order though the second is slow"

printf 'GET / HTTP/1.0\r\n\r\n' | raw >"$work/r" 2>"$work/e"
has "$work/r" "connection: close"
has "$work/e" "closed after"
printf 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' | raw --timeout-ms 300 >"$work/r" 2>"$work/e"
has "$work/r" "connection: keep-alive"
has "$work/e" "timeout"
verdict "HTTP/1.0: closed after the answer by default, kept open with Connection: keep-alive"

# ---- bodies ----
same "$(C -d 'abc' "$(U /echo)")" "POST 3 abc"
same "$(C -H 'Transfer-Encoding: chunked' -H 'Content-Type: text/x' --data-binary 'chunked body' "$(U /echo)" -D "$work/h")" "POST 12 chunked body"
has "$work/h" "x-content-type: text/x"
head -c 200000 /dev/zero | tr '\0' 'z' >"$work/big"
same "$(C -H 'Expect: 100-continue' --data-binary @"$work/big" "$(U /stream-body)")" "read 200000 bytes"
printf 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n@PAUSE@hi' |
    raw >"$work/r" 2>/dev/null
has "$work/r" "HTTP/1.1 100 Continue"
has "$work/r" "POST 2 hi"
verdict "request bodies: Content-Length, chunked, 100-continue, request.body as a stream"

C -D "$work/h" -o "$work/body" "$(U /big)"
same "$(wc -c <"$work/body")" 1048576
has "$work/h" "content-length: 1048576"
verdict "a 1 MiB Uint8Array response body arrives whole"

C -N "$(U /stream)" | while IFS= read -r line; do echo "$(date +%s%N) $line"; done >"$work/r"
same "$(cut -d' ' -f2 "$work/r" | tr '\n' ' ')" "chunk1 chunk2 chunk3 "
first=$(head -n1 "$work/r" | cut -d' ' -f1); last=$(tail -n1 "$work/r" | cut -d' ' -f1)
[ $(((last - first) / 1000000)) -ge 200 ] || problems+="  chunks did not arrive apart"$'\n'
C -i "$(U /stream)" >"$work/r"
has "$work/r" "transfer-encoding: chunked"
verdict "a ReadableStream body is sent chunked, each chunk as it comes"

# ---- limits ----
C -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$(U /)" >"$work/r"
same "$(cat "$work/r")" 431
verdict "headers over --max-header-size (16384 by default): 431"
stop

start --max-body-size 1000 --max-header-size 2000 "$APP"
same "$(C -o /dev/null -w '%{http_code}' --data-binary @"$work/big" "$(U /echo)")" 413
same "$(C -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' --data-binary @"$work/big" "$(U /echo)")" 413
same "$(C -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 3000 /dev/zero | tr '\0' a)" "$(U /)")" 431
same "$(C -d small "$(U /echo)")" "POST 5 small"
verdict "--max-body-size and --max-header-size: 413 (Content-Length or chunked) and 431"
stop

# ---- malformed requests and timeouts ----
start --read-timeout-ms 400 --idle-timeout-ms 300 --handler-timeout-ms 500 "$APP"
printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\nBAD REQUEST LINE\r\n\r\n' | raw >"$work/r" 2>"$work/e" &
C "$(U /slow?ms=200)" >"$work/r2"
wait $!
has "$work/r" "HTTP/1.1 200 OK"
has "$work/r" "HTTP/1.1 400 Bad Request"
has "$work/e" "closed after"
same "$(cat "$work/r2")" "slow done"
verdict "malformed request: 400 and that connection closed; a parallel one is served"

printf 'GET / HTTP/1.1\r\nHost: x\r\nX-Half: ' | raw --timeout-ms 3000 >"$work/r" 2>"$work/e" &
sleep 0.1
same "$(C "$(U /)")" "hello"
wait $!
ms=$(sed -n 's/.*closed after \([0-9]*\) ms/\1/p' "$work/e")
[ -n "$ms" ] && [ "$ms" -ge 300 ] && [ "$ms" -lt 2000 ] || problems+="  slow client closed after '${ms}' ms"$'\n'
verdict "a slow client (half a header, then silence) is closed after --read-timeout-ms"

printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' | raw --timeout-ms 3000 >"$work/r" 2>"$work/e"
ms=$(sed -n 's/.*closed after \([0-9]*\) ms/\1/p' "$work/e")
has "$work/r" "hello"
[ -n "$ms" ] && [ "$ms" -ge 200 ] && [ "$ms" -lt 2000 ] || problems+="  idle closed after '${ms}' ms"$'\n'
verdict "an idle keep-alive connection is closed after --idle-timeout-ms"

same "$(C -o /dev/null -w '%{http_code}' "$(U /never)")" 504
verdict "a handler that never answers gets 504 after --handler-timeout-ms"
stop

# ---- errors in handlers ----
start "$APP"
same "$(C -o /dev/null -w '%{http_code}' "$(U /throw)")" 500
same "$(C "$(U /)")" "hello"
has "$work/err" "Uncaught Error: boom in handler"
grep -q "http-app.js:[0-9]*" "$work/err" || problems+="  no stack in stderr"$'\n'
verdict "a throwing handler: 500, the error with its stack on stderr, the next request 200"

same "$(C -o /dev/null -w '%{http_code}' "$(U /reject)")" 500
has "$work/err" "rejected in handler"
same "$(C -o /dev/null -w '%{http_code}' "$(U /pass)")" 502
same "$(C -o /dev/null -w '%{http_code}' "$(U /none)")" 500
has "$work/err" "no fetch listener called respondWith()"
verdict "rejected respondWith: 500; passThroughOnException then throw: 502; no respondWith: 500"

# ---- waitUntil, fetch() ----
same "$(C "$(U /waituntil)")" "answered before waitUntil"
lacks "$work/out" "waitUntil done"
sleep 0.5
has "$work/out" "waitUntil done"
verdict "waitUntil: the answer goes first, the promise still runs to its end"

same "$(C "$(U "/fetch?port=$port")")" "upstream 200 x/y [POST 4 ping]"
same "$(C "$(U /fetch-refused)")" "TypeError: fetch failed: http://127.0.0.1:1/: cannot connect: connection refused"
verdict "fetch(): a POST to a loopback server (the worker itself); refused connection is a TypeError"

# ---- graceful shutdown ----
C "$(U /slow?ms=600)" >"$work/r" &
curl_pid=$!
sleep 0.2
kill -TERM "$pid"
sleep 0.1
C -o /dev/null -w '%{http_code}' "$(U /)" >"$work/r2" 2>/dev/null
wait $curl_pid
for _ in $(seq 250); do kill -0 "$pid" 2>/dev/null || break; sleep 0.02; done
wait "$pid"
status=$?
same "$(cat "$work/r")" "slow done"
same "$(cat "$work/r2")" "000"
same "$status" 0
verdict "SIGTERM: no new connections, the in-flight slow request completes, exit 0"

start --shutdown-timeout-ms 300 "$APP"
C "$(U /never)" >/dev/null 2>&1 &
curl_pid=$!
sleep 0.2
kill -TERM "$pid"
t0=$(date +%s%N)
wait "$pid"
status=$?
t1=$(date +%s%N)
wait $curl_pid 2>/dev/null
same "$status" 0
[ $(((t1 - t0) / 1000000)) -lt 2000 ] || problems+="  shutdown took $(((t1 - t0) / 1000000)) ms"$'\n'
has "$work/err" "still open after 300 ms"
verdict "SIGTERM with a handler that never answers: exit 0 after --shutdown-timeout-ms"

# ---- module style ----
start "$here/http-module.js"
same "$(C "$(U /)")" "hello from a module object"
same "$(C -o /dev/null -w '%{http_code}' "$(U /throw)")" 502
has "$work/err" "module boom"
verdict "module style: export default { fetch(request, env, ctx) } serves; ctx.passThroughOnException"
stop
printf 'import x from "./y.js";\nexport default {};\n' >"$work/imports.js"
"$W" --check "$work/imports.js" 2>"$work/e"
has "$work/e" "imports.js:1: import statements are not supported"
verdict "module style: an import is refused with file and line, pointing at bundling"

# ---- listener forms ----
sock=$work/w.sock
"$W" --listen "unix:$sock" "$APP" 2>"$work/err" &
pid=$!; pids+=("$pid")
for _ in $(seq 250); do [ -S "$sock" ] && break; sleep 0.02; done
same "$(curl -sS --max-time 5 --unix-socket "$sock" http://x/)" "hello"
stop
verdict "--listen unix:PATH"

# fd:N and LISTEN_FDS: a perl wrapper binds a socket on fd 7 or 3 and execs the worker.
cat >"$work/activate.pl" <<'PL'
use IO::Socket::INET; use POSIX;
$^F = 255; # descriptors above 2 stay open across exec
my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1:0", Listen => 16, ReuseAddr => 1) or die;
open(my $f, ">", $ARGV[0]) or die; print $f $s->sockport, "\n"; close $f;
my $mode = $ARGV[1];
POSIX::dup2(fileno($s), $mode eq "fd" ? 7 : 3) or die;
if ($mode eq "fd") { exec $ARGV[2], "--listen", "fd:7", $ARGV[3]; }
$ENV{LISTEN_FDS} = "1"; $ENV{LISTEN_PID} = $$;
exec $ARGV[2], $ARGV[3];
PL
for mode in fd systemd; do
    rm -f "$work/port"
    perl "$work/activate.pl" "$work/port" "$mode" "$W" "$APP" 2>"$work/err" &
    pid=$!; pids+=("$pid")
    for _ in $(seq 250); do [ -s "$work/port" ] && grep -q listening "$work/err" && break; sleep 0.02; done
    port=$(cat "$work/port")
    same "$(C "$(U /)")" "hello"
    stop
    same "$status" 0
    verdict "listening socket passed as $([ $mode = fd ] && echo '--listen fd:7' || echo 'LISTEN_FDS=1 (fd 3)')"
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
