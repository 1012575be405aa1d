/* The worker's lifecycle: engine, loop and context up; Web APIs and JS glue installed; the
 * script checked or run; events dispatched; exceptions reported; everything released. */
#include "worker.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../turf/base/cleanup.h"
#include "../turf/base/fileio.h"
#include "../turf/base/log.h"
#include "engine.h"
#include "glue.h"
#include "http-server.h"
#include "jsutil.h"
#include "module-default.h"

/* Exported by JavaScriptCore but declared only in a private header (JSContextRefPrivate.h):
 * JSC calls `function(promise, reason)` after a microtask checkpoint for each rejected promise
 * that still has no handler. */
void JSGlobalContextSetUnhandledRejectionCallback(JSGlobalContextRef ctx, JSObjectRef function,
                                                  JSValueRef *exception);

#define TURF_SCRIPT_MAX_SIZE (64u << 20)

static struct turf_worker *current;

struct turf_worker *turf_worker_get(void)
{
    return current;
}

void turf_worker_write(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return; /* Nowhere left to report it. */
        }
        buf += n;
        len -= (size_t)n;
    }
}

/* The exception formatted by the console glue (message and stack, or an inspected value), or
 * plain ToString if the glue is missing or fails too. */
static char *format_exception(struct turf_worker *w, JSValueRef exception)
{
    JSObjectRef format = NULL;
    if (w->internal)
        format =
            turf_js_as_function(w->ctx, turf_js_get(w->ctx, w->internal, "formatException", NULL));
    if (format) {
        JSValueRef thrown = NULL;
        JSValueRef text = JSObjectCallAsFunction(w->ctx, format, NULL, 1, &exception, &thrown);
        if (!thrown && text && JSValueIsString(w->ctx, text)) {
            char *s = turf_js_value_to_utf8(w->ctx, text, NULL, NULL);
            if (s)
                return s;
        }
    }
    char *s = turf_js_value_to_utf8(w->ctx, exception, NULL, NULL);
    return s ? s : strdup("(an exception that cannot be converted to a string)");
}

void turf_worker_report_exception(struct turf_worker *w, JSValueRef exception, const char *prefix)
{
    w->uncaught_errors++;
    _cleanup_free_ char *text = format_exception(w, exception);
    _cleanup_free_ char *line = NULL;
    int n = asprintf(&line, "%s %s\n", prefix, text ? text : "(out of memory)");
    if (n > 0)
        turf_worker_write(STDERR_FILENO, line, (size_t)n);
}

/* internal.reportError(error): for exceptions the glue catches (listeners, microtasks). */
static JSValueRef native_report_error(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                      TURF_UNUSED JSObjectRef this_object, size_t argc,
                                      const JSValueRef argv[], TURF_UNUSED JSValueRef *exception)
{
    turf_worker_report_exception(turf_worker_get(), argc ? argv[0] : JSValueMakeUndefined(ctx),
                                 "Uncaught");
    return JSValueMakeUndefined(ctx);
}

static JSValueRef native_unhandled_rejection(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                             TURF_UNUSED JSObjectRef this_object, size_t argc,
                                             const JSValueRef argv[],
                                             TURF_UNUSED JSValueRef *exception)
{
    turf_worker_report_exception(turf_worker_get(), argc > 1 ? argv[1] : JSValueMakeUndefined(ctx),
                                 "Uncaught (in promise)");
    return JSValueMakeUndefined(ctx);
}

/* Evaluates each glue file to its function and calls it with the internal object. */
static int load_glue(struct turf_worker *w, struct turf_error **err)
{
    for (size_t i = 0; i < turf_glue_count; i++) {
        const struct turf_glue *g = &turf_glue_files[i];
        char url[128];
        snprintf(url, sizeof(url), "turf:%s", g->name);
        _cleanup_jsstring_ JSStringRef source = JSStringCreateWithUTF8CString(g->start);
        _cleanup_jsstring_ JSStringRef source_url = JSStringCreateWithUTF8CString(url);
        JSValueRef exception = NULL;
        JSValueRef value = JSEvaluateScript(w->ctx, source, NULL, source_url, 1, &exception);
        JSObjectRef install = exception ? NULL : turf_js_as_function(w->ctx, value);
        if (install) {
            JSValueRef arg = w->internal;
            JSObjectCallAsFunction(w->ctx, install, NULL, 1, &arg, &exception);
        }
        if (exception || !install) {
            _cleanup_free_ char *text =
                exception ? format_exception(w, exception) : strdup("not a function expression");
            return turf_error_set(err, -EINVAL, "internal error in %s: %s", url, text ? text : "?");
        }
    }
    return 0;
}

int turf_worker_init(struct turf_worker *w, const char *script_path, struct turf_error **err)
{
    *w = (struct turf_worker){.script_path = script_path};
    int r = turf_engine_configure(err);
    if (r < 0)
        return r;
    r = uv_loop_init(&w->loop);
    if (r < 0)
        return turf_error_set(err, r, "cannot create the event loop: %s", uv_strerror(r));
    w->loop_ready = true;
    current = w;

    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    w->hrtime_origin = uv_hrtime();
    w->time_origin = (double)now.tv_sec * 1e3 + (double)now.tv_nsec / 1e6;

    w->ctx = JSGlobalContextCreate(NULL);
    if (!w->ctx)
        return turf_error_set(err, -ENOMEM, "cannot create a JavaScript context");
    w->internal = JSObjectMake(w->ctx, NULL, NULL);
    JSValueProtect(w->ctx, w->internal);
    turf_js_set_function(w->ctx, w->internal, "reportError", native_report_error, TURF_JS_HIDDEN);

    JSObjectRef on_rejection =
        JSObjectMakeFunctionWithCallback(w->ctx, NULL, native_unhandled_rejection);
    JSGlobalContextSetUnhandledRejectionCallback(w->ctx, on_rejection, NULL);

    if ((r = turf_console_install(w, err)) < 0 || (r = turf_performance_install(w, err)) < 0 ||
        (r = turf_timers_install(w, err)) < 0 || (r = turf_abort_install(w, err)) < 0 ||
        (r = turf_encoding_install(w, err)) < 0 || (r = turf_base64_install(w, err)) < 0 ||
        (r = turf_url_install(w, err)) < 0 || (r = turf_crypto_install(w, err)) < 0 ||
        (r = turf_http_install(w, err)) < 0 || (r = load_glue(w, err)) < 0)
        return r;
    return 0;
}

void turf_worker_done(struct turf_worker *w)
{
    if (w->loop_ready) {
        turf_timers_done(w);
        turf_abort_done(w);
        /* Last: it runs the loop once for its close callbacks, and no timer may fire then. */
        turf_http_done(w);
        /* Lets the close callbacks of the handles closed above run. */
        uv_run(&w->loop, UV_RUN_NOWAIT);
    }
    if (w->ctx) {
        if (w->internal)
            JSValueUnprotect(w->ctx, w->internal);
        JSGlobalContextRelease(w->ctx);
    }
    if (w->loop_ready && uv_loop_close(&w->loop) < 0)
        turf_log_debug("event loop: handles still open at exit");
    if (current == w)
        current = NULL;
    *w = (struct turf_worker){0};
}

/* ToNumber(obj[name]) as an int, or -1 if absent or not a number. */
static int number_property(JSContextRef ctx, JSValueRef value, const char *name)
{
    JSObjectRef obj = JSValueIsObject(ctx, value) ? JSValueToObject(ctx, value, NULL) : NULL;
    JSValueRef v = obj ? turf_js_get(ctx, obj, name, NULL) : NULL;
    return v && JSValueIsNumber(ctx, v) ? (int)JSValueToNumber(ctx, v, NULL) : -1;
}

static int read_script(struct turf_worker *w, JSStringRef *out, struct turf_error **err)
{
    _cleanup_free_ char *text = NULL;
    int r = turf_read_file(w->script_path, TURF_SCRIPT_MAX_SIZE, &text, NULL, err);
    if (r < 0)
        return r;
    /* A module-style worker (export default { fetch }) becomes a classic script. */
    if ((r = turf_module_default_rewrite(w->script_path, &text, err)) < 0)
        return r;
    *out = JSStringCreateWithUTF8CString(text);
    return 0;
}

int turf_worker_check_script(struct turf_worker *w, struct turf_error **err)
{
    _cleanup_jsstring_ JSStringRef source = NULL;
    int r = read_script(w, &source, err);
    if (r < 0)
        return r;
    _cleanup_jsstring_ JSStringRef url = JSStringCreateWithUTF8CString(w->script_path);
    JSValueRef exception = NULL;
    if (JSCheckScriptSyntax(w->ctx, source, url, 1, &exception))
        return 0;
    _cleanup_free_ char *message = turf_js_value_to_utf8(w->ctx, exception, NULL, NULL);
    int line = number_property(w->ctx, exception, "line");
    if (line > 0)
        return turf_error_set(err, -EINVAL, "%s:%d: %s", w->script_path, line,
                              message ? message : "syntax error");
    return turf_error_set(err, -EINVAL, "%s: %s", w->script_path,
                          message ? message : "syntax error");
}

int turf_worker_load_script(struct turf_worker *w, struct turf_error **err)
{
    _cleanup_jsstring_ JSStringRef source = NULL;
    int r = read_script(w, &source, err);
    if (r < 0)
        return r;
    _cleanup_jsstring_ JSStringRef url = JSStringCreateWithUTF8CString(w->script_path);
    uint64_t start = uv_hrtime();
    JSValueRef exception = NULL;
    JSEvaluateScript(w->ctx, source, NULL, url, 1, &exception);
    if (exception) {
        turf_worker_report_exception(w, exception, "Uncaught");
        return turf_error_set(err, -EINVAL, "%s: the script threw an exception while loading",
                              w->script_path);
    }
    turf_log_debug("script: %s ran in %.2f ms", w->script_path,
                   (double)(uv_hrtime() - start) / 1e6);
    return 0;
}

int turf_worker_dispatch_event(struct turf_worker *w, const char *type)
{
    JSObjectRef dispatch =
        turf_js_as_function(w->ctx, turf_js_get(w->ctx, w->internal, "dispatchEvent", NULL));
    if (!dispatch)
        return -ENOSYS;
    JSValueRef arg = turf_js_make_string(w->ctx, type);
    JSValueRef exception = NULL;
    JSValueRef failed = JSObjectCallAsFunction(w->ctx, dispatch, NULL, 1, &arg, &exception);
    if (exception) {
        turf_worker_report_exception(w, exception, "Uncaught");
        return -EIO;
    }
    return (int)JSValueToNumber(w->ctx, failed, NULL);
}

void turf_worker_run(struct turf_worker *w)
{
    uv_run(&w->loop, UV_RUN_DEFAULT);
}
