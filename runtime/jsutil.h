/* Helpers over the JavaScriptCore C API that every runtime area uses: UTF-8 strings in and out
 * (lone surrogates become U+FFFD instead of losing the string), properties, functions, errors. */
#ifndef TURF_RUNTIME_JSUTIL_H
#define TURF_RUNTIME_JSUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <JavaScriptCore/JavaScript.h>

#include "../turf/base/cleanup.h"

#define TURF_UNUSED __attribute__((unused))

static inline void turf_js_string_releasep(JSStringRef *s)
{
    if (*s)
        JSStringRelease(*s);
}
#define _cleanup_jsstring_ _cleanup_(turf_js_string_releasep)

/* Property attributes of Web IDL operations and attributes on the global object. */
#define TURF_JS_WEB_IDL kJSPropertyAttributeNone
/* Property attributes of namespaces (console) and of internal hooks. */
#define TURF_JS_HIDDEN kJSPropertyAttributeDontEnum

/* The UTF-8 encoding of s, NUL-terminated, malloc'd; *len (if not NULL) gets its length.
 * Returns NULL only when out of memory. */
char *turf_js_string_to_utf8(JSStringRef s, size_t *len);

/* ToString(value) as malloc'd UTF-8. Returns NULL with *exception set if ToString threw. */
char *turf_js_value_to_utf8(JSContextRef ctx, JSValueRef value, size_t *len, JSValueRef *exception);

JSValueRef turf_js_make_string(JSContextRef ctx, const char *utf8);

/* obj[name]; undefined when absent, NULL if a getter threw (then *exception is set). */
JSValueRef turf_js_get(JSContextRef ctx, JSObjectRef obj, const char *name, JSValueRef *exception);

void turf_js_set(JSContextRef ctx, JSObjectRef obj, const char *name, JSValueRef value,
                 JSPropertyAttributes attributes);

void turf_js_set_function(JSContextRef ctx, JSObjectRef obj, const char *name,
                          JSObjectCallAsFunctionCallback fn, JSPropertyAttributes attributes);

/* The object if value is a callable object, else NULL. */
JSObjectRef turf_js_as_function(JSContextRef ctx, JSValueRef value);

/* Sets *exception to a new TypeError with the formatted message; returns NULL, so a native
 * function can `return turf_js_throw_type_error(...)`. */
JSValueRef turf_js_throw_type_error(JSContextRef ctx, JSValueRef *exception, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
