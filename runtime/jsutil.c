/* JavaScriptCore C API helpers (see jsutil.h). UTF-16 is converted here because
 * JSStringGetUTF8CString returns "" for text with a lone surrogate, losing console output. */
#include "jsutil.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

char *turf_js_string_to_utf8(JSStringRef s, size_t *len)
{
    size_t n = JSStringGetLength(s);
    const JSChar *units = JSStringGetCharactersPtr(s);
    /* One UTF-16 unit takes at most 3 bytes; a surrogate pair (2 units) takes 4. */
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;)
        o += turf_utf8_put((unsigned char *)out + o, turf_utf16_next(units, n, &i));
    out[o] = '\0';
    if (len)
        *len = o;
    return out;
}

JSStringRef turf_js_arg_string(JSContextRef ctx, size_t argc, const JSValueRef argv[],
                               JSValueRef *exception)
{
    return JSValueToStringCopy(ctx, argc ? argv[0] : JSValueMakeUndefined(ctx), exception);
}

char *turf_js_value_to_utf8(JSContextRef ctx, JSValueRef value, size_t *len, JSValueRef *exception)
{
    JSValueRef thrown = NULL;
    _cleanup_jsstring_ JSStringRef s = JSValueToStringCopy(ctx, value, &thrown);
    if (thrown || !s) {
        if (exception)
            *exception = thrown;
        return NULL;
    }
    return turf_js_string_to_utf8(s, len);
}

JSValueRef turf_js_make_string(JSContextRef ctx, const char *utf8)
{
    _cleanup_jsstring_ JSStringRef s = JSStringCreateWithUTF8CString(utf8);
    return JSValueMakeString(ctx, s);
}

JSValueRef turf_js_get(JSContextRef ctx, JSObjectRef obj, const char *name, JSValueRef *exception)
{
    _cleanup_jsstring_ JSStringRef key = JSStringCreateWithUTF8CString(name);
    return JSObjectGetProperty(ctx, obj, key, exception);
}

void turf_js_set(JSContextRef ctx, JSObjectRef obj, const char *name, JSValueRef value,
                 JSPropertyAttributes attributes)
{
    _cleanup_jsstring_ JSStringRef key = JSStringCreateWithUTF8CString(name);
    JSObjectSetProperty(ctx, obj, key, value, attributes, NULL);
}

void turf_js_set_function(JSContextRef ctx, JSObjectRef obj, const char *name,
                          JSObjectCallAsFunctionCallback fn, JSPropertyAttributes attributes)
{
    _cleanup_jsstring_ JSStringRef key = JSStringCreateWithUTF8CString(name);
    JSObjectRef f = JSObjectMakeFunctionWithCallback(ctx, key, fn);
    JSObjectSetProperty(ctx, obj, key, f, attributes, NULL);
}

JSObjectRef turf_js_as_function(JSContextRef ctx, JSValueRef value)
{
    if (!value || !JSValueIsObject(ctx, value))
        return NULL;
    JSObjectRef obj = JSValueToObject(ctx, value, NULL);
    return obj && JSObjectIsFunction(ctx, obj) ? obj : NULL;
}

JSValueRef turf_js_throw_type_error(JSContextRef ctx, JSValueRef *exception, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    JSValueRef arg = turf_js_make_string(ctx, msg);
    JSObjectRef ctor = JSValueToObject(
        ctx, turf_js_get(ctx, JSContextGetGlobalObject(ctx), "TypeError", NULL), NULL);
    JSObjectRef error = ctor ? JSObjectCallAsConstructor(ctx, ctor, 1, &arg, NULL) : NULL;
    if (!error)
        error = JSObjectMakeError(ctx, 1, &arg, NULL);
    if (exception)
        *exception = error;
    return NULL;
}
