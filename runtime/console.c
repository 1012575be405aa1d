/* console: the native half. js/console.js formats (printf-style directives, the inspector,
 * groups, counters, timers); this writes the finished text to stdout or stderr. */
#include <unistd.h>

#include "jsutil.h"
#include "worker.h"

/* internal.write(fd, text): fd 1 or 2. One write(2) per call and no stdio buffer, so output is
 * never duplicated by fork() nor held back when the process is killed. */
static JSValueRef native_write(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                               TURF_UNUSED JSObjectRef this_object, size_t argc,
                               const JSValueRef argv[], JSValueRef *exception)
{
    if (argc < 2)
        return turf_js_throw_type_error(ctx, exception, "write: expected (fd, text)");
    int fd =
        (int)JSValueToNumber(ctx, argv[0], NULL) == STDERR_FILENO ? STDERR_FILENO : STDOUT_FILENO;
    size_t len = 0;
    _cleanup_free_ char *text = turf_js_value_to_utf8(ctx, argv[1], &len, exception);
    if (!text)
        return NULL;
    turf_worker_write(fd, text, len);
    return JSValueMakeUndefined(ctx);
}

int turf_console_install(struct turf_worker *w, TURF_UNUSED struct turf_error **err)
{
    turf_js_set_function(w->ctx, w->internal, "write", native_write, TURF_JS_HIDDEN);
    return 0;
}
