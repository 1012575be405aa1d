/* Timers: setTimeout, setInterval, clearTimeout, clearInterval, each a libuv timer on the
 * worker's loop (no thread pool). queueMicrotask lives in js/timers.js: JSC runs microtasks. */
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

#include "jsutil.h"
#include "worker.h"

/* Delays are capped like setTimeout's in browsers and node (a signed 32-bit count of ms). */
#define TURF_TIMER_MAX_MS 2147483647.0

struct turf_timers {
    GHashTable *by_id; /* id -> struct turf_timer *, for clearTimeout */
    uint32_t last_id;
};

struct turf_timer {
    uv_timer_t handle;
    uint32_t id;
    bool repeat;
    JSObjectRef callback; /* protected until the handle is closed */
    JSObjectRef args;     /* extra arguments as an array, protected; NULL if none */
};

static void timer_free(uv_handle_t *handle)
{
    struct turf_timer *t = (struct turf_timer *)handle;
    struct turf_worker *w = turf_worker_get();
    JSValueUnprotect(w->ctx, t->callback);
    if (t->args)
        JSValueUnprotect(w->ctx, t->args);
    free(t);
}

/* Forgets the timer and closes its handle; the callback and arguments stay valid until the
 * close callback runs, later in this loop iteration, so a running callback may cancel itself. */
static void timer_cancel(struct turf_worker *w, struct turf_timer *t)
{
    g_hash_table_remove(w->timers->by_id, GUINT_TO_POINTER(t->id));
    uv_timer_stop(&t->handle);
    uv_close((uv_handle_t *)&t->handle, timer_free);
}

static void on_timer(uv_timer_t *handle)
{
    struct turf_timer *t = (struct turf_timer *)handle;
    struct turf_worker *w = turf_worker_get();
    if (!t->repeat)
        timer_cancel(w, t);

    size_t argc = 0;
    _cleanup_free_ JSValueRef *argv = NULL;
    if (t->args) {
        JSValueRef length = turf_js_get(w->ctx, t->args, "length", NULL);
        argc = (size_t)JSValueToNumber(w->ctx, length, NULL);
        /* The values stay alive through the protected array they come from. */
        argv = calloc(argc, sizeof(*argv));
        if (!argv)
            argc = 0;
        for (size_t i = 0; i < argc; i++)
            argv[i] = JSObjectGetPropertyAtIndex(w->ctx, t->args, (unsigned)i, NULL);
    }

    JSValueRef exception = NULL;
    JSObjectCallAsFunction(w->ctx, t->callback, NULL, argc, argv, &exception);
    if (exception)
        turf_worker_report_exception(w, exception, "Uncaught");
}

static JSValueRef schedule(JSContextRef ctx, const char *name, bool repeat, size_t argc,
                           const JSValueRef argv[], JSValueRef *exception)
{
    struct turf_worker *w = turf_worker_get();
    JSObjectRef callback = argc ? turf_js_as_function(ctx, argv[0]) : NULL;
    if (!callback)
        return turf_js_throw_type_error(ctx, exception, "%s: the callback must be a function",
                                        name);
    double delay = argc > 1 ? JSValueToNumber(ctx, argv[1], exception) : 0;
    if (*exception)
        return NULL;
    /* As in node: a delay below 1 ms, above the cap or not a number becomes 1 ms. Never 0,
     * so that a timer scheduled by a timer callback cannot run in the same loop pass. */
    uint64_t ms = delay >= 1 && delay <= TURF_TIMER_MAX_MS ? (uint64_t)delay : 1;
    JSObjectRef args = NULL;
    if (argc > 2) {
        args = JSObjectMakeArray(ctx, argc - 2, argv + 2, exception);
        if (!args)
            return NULL;
    }

    struct turf_timer *t = calloc(1, sizeof(*t));
    if (!t)
        return turf_js_throw_type_error(ctx, exception, "%s: out of memory", name);
    do {
        t->id = ++w->timers->last_id;
    } while (t->id == 0 || g_hash_table_contains(w->timers->by_id, GUINT_TO_POINTER(t->id)));
    t->repeat = repeat;
    t->callback = callback;
    t->args = args;
    JSValueProtect(ctx, callback);
    if (args)
        JSValueProtect(ctx, args);
    /* libuv counts a timeout from the loop's cached time, taken when this loop iteration began;
     * count from now instead, or a timer set late in a long task would fire early. Rounded up,
     * and the cached time itself is not updated, so the timer is due strictly after it and never
     * runs in the timer pass that is running now. */
    uint64_t now_ms = (uv_hrtime() + 999999) / 1000000;
    uint64_t lag_ms = now_ms > uv_now(&w->loop) ? now_ms - uv_now(&w->loop) : 0;
    uv_timer_init(&w->loop, &t->handle);
    uv_timer_start(&t->handle, on_timer, ms + lag_ms, repeat ? ms : 0);
    g_hash_table_insert(w->timers->by_id, GUINT_TO_POINTER(t->id), t);
    return JSValueMakeNumber(ctx, t->id);
}

static JSValueRef native_set_timeout(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                     TURF_UNUSED JSObjectRef this_object, size_t argc,
                                     const JSValueRef argv[], JSValueRef *exception)
{
    return schedule(ctx, "setTimeout", false, argc, argv, exception);
}

static JSValueRef native_set_interval(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                      TURF_UNUSED JSObjectRef this_object, size_t argc,
                                      const JSValueRef argv[], JSValueRef *exception)
{
    return schedule(ctx, "setInterval", true, argc, argv, exception);
}

/* clearTimeout and clearInterval share one list of ids, as in browsers: either clears either.
 * An id that is not a live timer is ignored. */
static JSValueRef native_clear(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                               TURF_UNUSED JSObjectRef this_object, size_t argc,
                               const JSValueRef argv[], JSValueRef *exception)
{
    struct turf_worker *w = turf_worker_get();
    if (argc && JSValueIsNumber(ctx, argv[0])) {
        double id = JSValueToNumber(ctx, argv[0], exception);
        if (id >= 1 && id <= UINT32_MAX && id == (double)(uint32_t)id) {
            struct turf_timer *t =
                g_hash_table_lookup(w->timers->by_id, GUINT_TO_POINTER((uint32_t)id));
            if (t)
                timer_cancel(w, t);
        }
    }
    return JSValueMakeUndefined(ctx);
}

int turf_timers_install(struct turf_worker *w, struct turf_error **err)
{
    w->timers = calloc(1, sizeof(*w->timers));
    if (!w->timers)
        return turf_error_set(err, -ENOMEM, "timers: out of memory");
    w->timers->by_id = g_hash_table_new(g_direct_hash, g_direct_equal);
    JSObjectRef global = JSContextGetGlobalObject(w->ctx);
    turf_js_set_function(w->ctx, global, "setTimeout", native_set_timeout, TURF_JS_WEB_IDL);
    turf_js_set_function(w->ctx, global, "setInterval", native_set_interval, TURF_JS_WEB_IDL);
    turf_js_set_function(w->ctx, global, "clearTimeout", native_clear, TURF_JS_WEB_IDL);
    turf_js_set_function(w->ctx, global, "clearInterval", native_clear, TURF_JS_WEB_IDL);
    return 0;
}

void turf_timers_done(struct turf_worker *w)
{
    if (!w->timers)
        return;
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, w->timers->by_id);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        struct turf_timer *t = value;
        g_hash_table_iter_remove(&iter);
        uv_timer_stop(&t->handle);
        uv_close((uv_handle_t *)&t->handle, timer_free);
    }
    g_hash_table_destroy(w->timers->by_id);
    free(w->timers);
    w->timers = NULL;
}
