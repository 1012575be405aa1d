/* The worker: one JavaScriptCore context and one libuv loop on one thread, with the Web API
 * areas (console.c, timers.c, performance.c, the glue in js/) installed on its global object. */
#ifndef TURF_RUNTIME_WORKER_H
#define TURF_RUNTIME_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include <JavaScriptCore/JavaScript.h>
#include <uv.h>

#include "../turf/base/error.h"

struct turf_timers;
struct turf_http;

struct turf_worker {
    JSGlobalContextRef ctx;
    /* Natives for the JS glue and hooks the glue hands back to C (dispatchEvent, inspect...).
     * Protected from GC and never reachable from scripts. */
    JSObjectRef internal;
    uv_loop_t loop;
    bool loop_ready;
    const char *script_path;
    /* Exceptions reported since the start: from timers, listeners, microtasks, unhandled
     * rejections. The worker keeps running after one; any makes the exit status 1. */
    unsigned uncaught_errors;
    struct turf_timers *timers;
    struct turf_http *http; /* the HTTP server and fetch() client (http-server.h) */
    uint64_t hrtime_origin; /* uv_hrtime() at startup: performance.now() counts from here */
    double time_origin;     /* the same instant as Unix time in ms: performance.timeOrigin */
};

/* The process has at most one worker (one JS thread, one loop). Native callbacks, which JSC
 * hands only a context, reach it through this process-wide pointer; set by turf_worker_init. */
struct turf_worker *turf_worker_get(void);

/* Configures the engine, creates the loop and the context, and installs the Web APIs. */
int turf_worker_init(struct turf_worker *w, const char *script_path, struct turf_error **err);

/* Releases what turf_worker_init created, including timers still pending. */
void turf_worker_done(struct turf_worker *w);

/* Compiles the script without running it; a syntax error becomes *err as "PATH:LINE: ...". */
int turf_worker_check_script(struct turf_worker *w, struct turf_error **err);

/* Runs the script. An exception it throws is reported on stderr, then returned as -EINVAL. */
int turf_worker_load_script(struct turf_worker *w, struct turf_error **err);

/* Runs the loop until it has nothing left to do. */
void turf_worker_run(struct turf_worker *w);

/* Fires the event `type` at the listeners registered with addEventListener. Returns how many
 * listeners threw (each reported already), or a negative errno if dispatch itself failed. */
int turf_worker_dispatch_event(struct turf_worker *w, const char *type);

/* Writes "<prefix> <formatted exception, with its stack>" to stderr and counts it. */
void turf_worker_report_exception(struct turf_worker *w, JSValueRef exception, const char *prefix);

/* Writes all of buf to fd (1 or 2), retrying short writes. */
void turf_worker_write(int fd, const char *buf, size_t len);

/* The Web API areas. */
int turf_console_install(struct turf_worker *w, struct turf_error **err);
int turf_performance_install(struct turf_worker *w, struct turf_error **err);
int turf_timers_install(struct turf_worker *w, struct turf_error **err);
void turf_timers_done(struct turf_worker *w);
int turf_abort_install(struct turf_worker *w, struct turf_error **err);
void turf_abort_done(struct turf_worker *w);
int turf_encoding_install(struct turf_worker *w, struct turf_error **err);
int turf_base64_install(struct turf_worker *w, struct turf_error **err);
int turf_url_install(struct turf_worker *w, struct turf_error **err);
int turf_crypto_install(struct turf_worker *w, struct turf_error **err);

#endif
