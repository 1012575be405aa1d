/* The native half of atob and btoa (js/encoding.js): forgiving-base64 (HTML Standard) over
 * "binary strings", whose code units are bytes. The glue turns a null result into an
 * InvalidCharacterError. */
#include <stdint.h>
#include <stdlib.h>

#include "jsutil.h"
#include "worker.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int sextet(JSChar c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static bool is_ascii_whitespace(JSChar c)
{
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

/* internal.base64Decode(string) -> binary string, or null if it is not forgiving-base64. */
static JSValueRef native_base64_decode(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                       TURF_UNUSED JSObjectRef this_object, size_t argc,
                                       const JSValueRef argv[], JSValueRef *exception)
{
    _cleanup_jsstring_ JSStringRef s = turf_js_arg_string(ctx, argc, argv, exception);
    if (!s)
        return NULL;
    size_t n = JSStringGetLength(s);
    const JSChar *in = JSStringGetCharactersPtr(s);
    _cleanup_free_ JSChar *clean = malloc((n + 1) * sizeof(JSChar));
    if (!clean)
        return turf_js_throw_type_error(ctx, exception, "atob: out of memory");
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        if (!is_ascii_whitespace(in[i]))
            clean[len++] = in[i];
    if (len % 4 == 0 && len > 0 && clean[len - 1] == '=') {
        len--;
        if (clean[len - 1] == '=')
            len--;
    }
    if (len % 4 == 1)
        return JSValueMakeNull(ctx);
    /* Decoded in place: the output is never longer than the input. */
    uint32_t buffer = 0;
    unsigned bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int v = sextet(clean[i]);
        if (v < 0)
            return JSValueMakeNull(ctx);
        buffer = (buffer << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            clean[o++] = (JSChar)((buffer >> bits) & 0xFF);
        }
    }
    _cleanup_jsstring_ JSStringRef out = JSStringCreateWithCharacters(clean, o);
    return JSValueMakeString(ctx, out);
}

/* internal.base64Encode(string) -> base64, or null if a code unit is above U+00FF. */
static JSValueRef native_base64_encode(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                       TURF_UNUSED JSObjectRef this_object, size_t argc,
                                       const JSValueRef argv[], JSValueRef *exception)
{
    _cleanup_jsstring_ JSStringRef s = turf_js_arg_string(ctx, argc, argv, exception);
    if (!s)
        return NULL;
    size_t n = JSStringGetLength(s);
    const JSChar *in = JSStringGetCharactersPtr(s);
    _cleanup_free_ JSChar *out = malloc(((n + 2) / 3 * 4 + 1) * sizeof(JSChar));
    if (!out)
        return turf_js_throw_type_error(ctx, exception, "btoa: out of memory");
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        size_t take = n - i < 3 ? n - i : 3;
        uint32_t group = 0;
        for (size_t k = 0; k < 3; k++) {
            JSChar c = k < take ? in[i + k] : 0;
            if (c > 0xFF)
                return JSValueMakeNull(ctx);
            group = (group << 8) | c;
        }
        out[o++] = (JSChar)alphabet[(group >> 18) & 63];
        out[o++] = (JSChar)alphabet[(group >> 12) & 63];
        out[o++] = take > 1 ? (JSChar)alphabet[(group >> 6) & 63] : '=';
        out[o++] = take > 2 ? (JSChar)alphabet[group & 63] : '=';
    }
    _cleanup_jsstring_ JSStringRef text = JSStringCreateWithCharacters(out, o);
    return JSValueMakeString(ctx, text);
}

int turf_base64_install(struct turf_worker *w, TURF_UNUSED struct turf_error **err)
{
    turf_js_set_function(w->ctx, w->internal, "base64Decode", native_base64_decode, TURF_JS_HIDDEN);
    turf_js_set_function(w->ctx, w->internal, "base64Encode", native_base64_encode, TURF_JS_HIDDEN);
    return 0;
}
