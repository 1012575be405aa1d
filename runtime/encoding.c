/* The native half of TextEncoder and TextDecoder (js/encoding.js): UTF-8 to and from JavaScript
 * strings (UTF-16) per the WHATWG Encoding Standard, in C because it runs on every body. */
#include <stdint.h>
#include <stdlib.h>

#include "jsutil.h"
#include "worker.h"

#define REPLACEMENT 0xFFFD

/* The bytes of a Uint8Array argument (the glue turns every BufferSource into one). */
static const uint8_t *u8_bytes(JSContextRef ctx, JSValueRef value, size_t *len,
                               JSValueRef *exception)
{
    if (JSValueGetTypedArrayType(ctx, value, NULL) != kJSTypedArrayTypeUint8Array) {
        turf_js_throw_type_error(ctx, exception, "expected a Uint8Array");
        return NULL;
    }
    JSObjectRef array = JSValueToObject(ctx, value, NULL);
    *len = JSObjectGetTypedArrayByteLength(ctx, array, NULL);
    /* The pointer is to the start of the buffer, not of the view. */
    const uint8_t *bytes = JSObjectGetTypedArrayBytesPtr(ctx, array, NULL);
    return bytes ? bytes + JSObjectGetTypedArrayByteOffset(ctx, array, NULL) : (const uint8_t *)"";
}

/* internal.textEncode(string) -> Uint8Array */
static JSValueRef native_utf8_encode(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                     TURF_UNUSED JSObjectRef this_object, size_t argc,
                                     const JSValueRef argv[], JSValueRef *exception)
{
    _cleanup_jsstring_ JSStringRef s = turf_js_arg_string(ctx, argc, argv, exception);
    if (!s)
        return NULL;
    size_t n = JSStringGetLength(s), total = 0;
    const JSChar *units = JSStringGetCharactersPtr(s);
    for (size_t i = 0; i < n;)
        total += turf_utf8_len(turf_utf16_next(units, n, &i));
    JSObjectRef array = JSObjectMakeTypedArray(ctx, kJSTypedArrayTypeUint8Array, total, exception);
    if (!array)
        return NULL;
    uint8_t *out = JSObjectGetTypedArrayBytesPtr(ctx, array, NULL);
    for (size_t i = 0, o = 0; i < n;)
        o += turf_utf8_put(out + o, turf_utf16_next(units, n, &i));
    return array;
}

/* internal.textEncodeInto(string, uint8array) -> {read, written}: whole code points only. */
static JSValueRef native_utf8_encode_into(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                          TURF_UNUSED JSObjectRef this_object, size_t argc,
                                          const JSValueRef argv[], JSValueRef *exception)
{
    if (argc < 2)
        return turf_js_throw_type_error(ctx, exception, "textEncodeInto: expected 2 arguments");
    _cleanup_jsstring_ JSStringRef s = JSValueToStringCopy(ctx, argv[0], exception);
    if (!s)
        return NULL;
    size_t room;
    uint8_t *out = (uint8_t *)u8_bytes(ctx, argv[1], &room, exception);
    if (!out)
        return NULL;
    size_t n = JSStringGetLength(s), read = 0, written = 0;
    const JSChar *units = JSStringGetCharactersPtr(s);
    while (read < n) {
        size_t next = read;
        uint32_t cp = turf_utf16_next(units, n, &next);
        if (written + turf_utf8_len(cp) > room)
            break;
        written += turf_utf8_put(out + written, cp);
        read = next;
    }
    JSObjectRef result = JSObjectMake(ctx, NULL, NULL);
    turf_js_set(ctx, result, "read", JSValueMakeNumber(ctx, (double)read),
                kJSPropertyAttributeNone);
    turf_js_set(ctx, result, "written", JSValueMakeNumber(ctx, (double)written),
                kJSPropertyAttributeNone);
    return result;
}

/* internal.textDecode(uint8array, fatal, stream): the Encoding Standard's UTF-8 decoder, which
 * replaces each maximal subpart of an ill-formed sequence with one U+FFFD. Returns the string;
 * with stream, [string, count of trailing bytes that begin an unfinished sequence]; null if
 * fatal and the input is ill-formed. */
static JSValueRef native_utf8_decode(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                     TURF_UNUSED JSObjectRef this_object, size_t argc,
                                     const JSValueRef argv[], JSValueRef *exception)
{
    if (argc < 3)
        return turf_js_throw_type_error(ctx, exception, "textDecode: expected 3 arguments");
    size_t n;
    const uint8_t *in = u8_bytes(ctx, argv[0], &n, exception);
    if (!in)
        return NULL;
    bool fatal = JSValueToBoolean(ctx, argv[1]);
    bool stream = JSValueToBoolean(ctx, argv[2]);
    /* Each byte yields at most one unit (a 4-byte sequence yields 2); one more for the end. */
    _cleanup_free_ JSChar *out = malloc((n + 1) * sizeof(JSChar));
    if (!out)
        return turf_js_throw_type_error(ctx, exception, "textDecode: out of memory");
    size_t o = 0, needed = 0, seen = 0, start = 0;
    uint32_t cp = 0;
    uint8_t lower = 0x80, upper = 0xBF;
    bool error = false;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = in[i];
        if (needed == 0) {
            start = i;
            if (b < 0x80) {
                out[o++] = b;
            } else if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                cp = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                lower = b == 0xE0 ? 0xA0 : 0x80;
                upper = b == 0xED ? 0x9F : 0xBF;
                needed = 2;
                cp = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                lower = b == 0xF0 ? 0x90 : 0x80;
                upper = b == 0xF4 ? 0x8F : 0xBF;
                needed = 3;
                cp = b & 0x07;
            } else {
                error = true;
                out[o++] = REPLACEMENT;
            }
            continue;
        }
        if (b < lower || b > upper) {
            /* The sequence so far is one maximal subpart; b starts afresh. */
            needed = seen = cp = 0;
            lower = 0x80;
            upper = 0xBF;
            error = true;
            out[o++] = REPLACEMENT;
            i--;
            continue;
        }
        lower = 0x80;
        upper = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
        if (++seen < needed)
            continue;
        if (cp >= 0x10000) {
            out[o++] = (JSChar)(0xD800 + ((cp - 0x10000) >> 10));
            out[o++] = (JSChar)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            out[o++] = (JSChar)cp;
        }
        needed = seen = cp = 0;
    }
    size_t pending = 0;
    if (needed != 0) {
        if (stream) {
            pending = n - start;
        } else {
            error = true;
            out[o++] = REPLACEMENT;
        }
    }
    if (error && fatal)
        return JSValueMakeNull(ctx);
    _cleanup_jsstring_ JSStringRef s = JSStringCreateWithCharacters(out, o);
    JSValueRef text = JSValueMakeString(ctx, s);
    if (!stream)
        return text;
    JSValueRef pair[2] = {text, JSValueMakeNumber(ctx, (double)pending)};
    return JSObjectMakeArray(ctx, 2, pair, exception);
}

int turf_encoding_install(struct turf_worker *w, TURF_UNUSED struct turf_error **err)
{
    turf_js_set_function(w->ctx, w->internal, "textEncode", native_utf8_encode, TURF_JS_HIDDEN);
    turf_js_set_function(w->ctx, w->internal, "textEncodeInto", native_utf8_encode_into,
                         TURF_JS_HIDDEN);
    turf_js_set_function(w->ctx, w->internal, "textDecode", native_utf8_decode, TURF_JS_HIDDEN);
    return 0;
}
