/* performance: the High Resolution Time API, performance.now() and performance.timeOrigin.
 * now() counts from the worker's start on the monotonic clock (uv_hrtime), in milliseconds. */
#include "jsutil.h"
#include "worker.h"

static JSValueRef native_now(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                             TURF_UNUSED JSObjectRef this_object, TURF_UNUSED size_t argc,
                             TURF_UNUSED const JSValueRef argv[], TURF_UNUSED JSValueRef *exception)
{
    struct turf_worker *w = turf_worker_get();
    return JSValueMakeNumber(ctx, (double)(uv_hrtime() - w->hrtime_origin) / 1e6);
}

int turf_performance_install(struct turf_worker *w, TURF_UNUSED struct turf_error **err)
{
    JSObjectRef performance = JSObjectMake(w->ctx, NULL, NULL);
    turf_js_set_function(w->ctx, performance, "now", native_now, TURF_JS_WEB_IDL);
    turf_js_set(w->ctx, performance, "timeOrigin", JSValueMakeNumber(w->ctx, w->time_origin),
                kJSPropertyAttributeReadOnly | kJSPropertyAttributeDontDelete);
    turf_js_set(w->ctx, JSContextGetGlobalObject(w->ctx), "performance", performance,
                TURF_JS_WEB_IDL);
    return 0;
}
