/* The native half of AbortSignal.timeout (js/events.js): internal.unrefTimeout(ms, callback), a
 * libuv timer that is unreferenced, so a pending timeout signal alone does not keep the loop
 * alive (as in node). Each timer's handle is marked so that turf_abort_done finds it. */
#include <stdlib.h>

#include "jsutil.h"
#include "worker.h"

#define TURF_ABORT_MAX_MS 2147483647.0

static const char abort_timer_mark; /* handle.data of every timer made here */

struct abort_timer {
    uv_timer_t handle;
    JSObjectRef callback; /* protected until the handle is closed */
};

static void abort_timer_free(uv_handle_t *handle)
{
    struct abort_timer *t = (struct abort_timer *)handle;
    JSValueUnprotect(turf_worker_get()->ctx, t->callback);
    free(t);
}

static void on_abort_timer(uv_timer_t *handle)
{
    struct abort_timer *t = (struct abort_timer *)handle;
    struct turf_worker *w = turf_worker_get();
    uv_close((uv_handle_t *)handle, abort_timer_free);
    JSValueRef exception = NULL;
    JSObjectCallAsFunction(w->ctx, t->callback, NULL, 0, NULL, &exception);
    if (exception)
        turf_worker_report_exception(w, exception, "Uncaught");
}

static JSValueRef native_unref_timeout(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                       TURF_UNUSED JSObjectRef this_object, size_t argc,
                                       const JSValueRef argv[], JSValueRef *exception)
{
    struct turf_worker *w = turf_worker_get();
    JSObjectRef callback = argc > 1 ? turf_js_as_function(ctx, argv[1]) : NULL;
    if (!callback)
        return turf_js_throw_type_error(ctx, exception, "unrefTimeout: expected (ms, callback)");
    double ms = JSValueToNumber(ctx, argv[0], exception);
    if (*exception)
        return NULL;
    if (!(ms >= 0))
        ms = 0;
    if (ms > TURF_ABORT_MAX_MS)
        ms = TURF_ABORT_MAX_MS;
    struct abort_timer *t = calloc(1, sizeof(*t));
    if (!t)
        return turf_js_throw_type_error(ctx, exception, "unrefTimeout: out of memory");
    t->callback = callback;
    JSValueProtect(ctx, callback);
    uv_timer_init(&w->loop, &t->handle);
    t->handle.data = (void *)&abort_timer_mark;
    /* Counted from now, not from the loop's cached time (as in timers.c). */
    uint64_t now_ms = (uv_hrtime() + 999999) / 1000000;
    uint64_t lag_ms = now_ms > uv_now(&w->loop) ? now_ms - uv_now(&w->loop) : 0;
    uv_timer_start(&t->handle, on_abort_timer, (uint64_t)ms + lag_ms, 0);
    uv_unref((uv_handle_t *)&t->handle);
    return JSValueMakeUndefined(ctx);
}

int turf_abort_install(struct turf_worker *w, TURF_UNUSED struct turf_error **err)
{
    turf_js_set_function(w->ctx, w->internal, "unrefTimeout", native_unref_timeout, TURF_JS_HIDDEN);
    return 0;
}

static void close_abort_timer(uv_handle_t *handle, TURF_UNUSED void *arg)
{
    if (handle->data == &abort_timer_mark && !uv_is_closing(handle))
        uv_close(handle, abort_timer_free);
}

void turf_abort_done(struct turf_worker *w)
{
    uv_walk(&w->loop, close_abort_timer, NULL);
}
