/* Helpers over the JavaScriptCore C API that every runtime area uses: UTF-8 strings in and out
 * (lone surrogates become U+FFFD instead of losing the string), properties, functions, errors. */
#ifndef TURF_RUNTIME_JSUTIL_H
#define TURF_RUNTIME_JSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* UTF-16 to UTF-8, the one way every encoder here does it (the Encoding Standard's: a lone
 * surrogate becomes U+FFFD). turf_utf16_next: the code point at units[*i] of n units (a
 * surrogate pair is one), advancing *i past it; turf_utf8_len: how many bytes cp takes;
 * turf_utf8_put: writes them at out, returning that count. */
static inline uint32_t turf_utf16_next(const JSChar *units, size_t n, size_t *i)
{
    uint32_t cp = units[(*i)++];
    if (cp >= 0xD800 && cp <= 0xDBFF && *i < n && units[*i] >= 0xDC00 && units[*i] <= 0xDFFF)
        return 0x10000 + ((cp - 0xD800) << 10) + (units[(*i)++] - 0xDC00);
    return cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp;
}

static inline size_t turf_utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static inline size_t turf_utf8_put(unsigned char *out, uint32_t cp)
{
    size_t len = turf_utf8_len(cp);
    static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
    if (len == 1) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    for (size_t k = len - 1; k > 0; k--, cp >>= 6)
        out[k] = (unsigned char)(0x80 | (cp & 0x3F));
    out[0] = (unsigned char)(lead[len] | cp);
    return len;
}

/* The first argument of a native function as a string (ToString; undefined when absent), or
 * NULL with *exception set if ToString threw. Release it (_cleanup_jsstring_). */
JSStringRef turf_js_arg_string(JSContextRef ctx, size_t argc, const JSValueRef argv[],
                               JSValueRef *exception);

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
