/* The HTTP/1.1 server of turf-worker: listeners, connections, limits, timeouts and graceful
 * shutdown in C; each complete request is handed to the fetch-event glue (js/fetch-event.js). */
#ifndef TURF_RUNTIME_HTTP_SERVER_H
#define TURF_RUNTIME_HTTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "../turf/base/error.h"
#include "worker.h"

struct turf_http_options {
    uint32_t max_header_bytes;    /* request line and headers; more is answered 431 */
    uint64_t max_body_bytes;      /* request body; more is answered 413 */
    uint32_t read_timeout_ms;     /* from a request's first byte to its last; then closed */
    uint32_t idle_timeout_ms;     /* keep-alive connection with nothing in flight; then closed */
    uint32_t handler_timeout_ms;  /* a fetch handler that has not answered gets 504 */
    uint32_t shutdown_timeout_ms; /* SIGTERM/SIGINT: in-flight work gets this long */
};

#define TURF_HTTP_DEFAULT_MAX_HEADER_BYTES    16384u
#define TURF_HTTP_DEFAULT_MAX_BODY_BYTES      (10u << 20)
#define TURF_HTTP_DEFAULT_READ_TIMEOUT_MS     10000u
#define TURF_HTTP_DEFAULT_IDLE_TIMEOUT_MS     5000u
#define TURF_HTTP_DEFAULT_HANDLER_TIMEOUT_MS  30000u
#define TURF_HTTP_DEFAULT_SHUTDOWN_TIMEOUT_MS 10000u

void turf_http_options_default(struct turf_http_options *opt);

/* Installs the natives the glue needs (internal.http*, internal.fetch*, UTF-8 helpers). Called
 * by turf_worker_init; opens no socket and starts no handle, so a seed can fork after it. */
int turf_http_install(struct turf_worker *w, struct turf_error **err);

/* Serves HTTP on an already listening socket (TCP or UNIX stream), which the server takes over
 * (made close-on-exec, closed at the end). The first call also installs the SIGTERM/SIGINT
 * handlers and the timeout sweep; call it again to serve several sockets. Then run the loop
 * (turf_worker_run) until turf_http_serve_* returns from a graceful shutdown. */
int turf_http_serve_fd(struct turf_worker *w, int listen_fd, const struct turf_http_options *opt,
                       struct turf_error **err);

/* Opens and serves the listener a --listen spec names: "HOST:PORT" (numeric IPv4, [IPv6] or
 * localhost; port 0 picks a free one), "unix:PATH" or "fd:N". With spec NULL, serves the
 * sockets of systemd socket activation (LISTEN_PID is this process, LISTEN_FDS from fd 3);
 * returns -ENOENT if there are none. Logs "listening on ADDRESS" at info level. */
int turf_http_serve_spec(struct turf_worker *w, const char *spec,
                         const struct turf_http_options *opt, struct turf_error **err);

/* In a seed before it parks: sends one request (GET / with X-Turf-Warmup: 1) through the
 * server and the script's fetch handler over a socketpair, so that what a first request
 * compiles and allocates is made once and shared by every forked sandbox. */
int turf_http_warmup(struct turf_worker *w, struct turf_error **err);

/* True when a graceful shutdown has finished (or timed out) and the loop was stopped. */
bool turf_http_shutdown_done(struct turf_worker *w);

/* Closes every listener, connection and handle of the server and the outbound fetches, and
 * forgets pending requests; lets the loop run their close callbacks. Safe without a server. */
void turf_http_done(struct turf_worker *w);

/* Outbound fetch() natives (fetch-client.c), installed by turf_http_install. */
int turf_fetch_client_install(struct turf_worker *w, struct turf_error **err);
void turf_fetch_client_done(struct turf_worker *w);

#endif
