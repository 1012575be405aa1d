/* Growable byte buffers and JS string/ArrayBuffer conversions (see http-buf.h). Text is encoded
 * straight from JSC's UTF-16 into the output buffer, with no intermediate copy. */
#include "http-buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsutil.h"

int turf_buf_reserve(struct turf_buf *b, size_t n)
{
    if (b->cap - b->len >= n)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -ENOMEM;
    b->data = p;
    b->cap = cap;
    return 0;
}

int turf_buf_append(struct turf_buf *b, const void *data, size_t n)
{
    if (n == 0)
        return 0;
    int r = turf_buf_reserve(b, n);
    if (r < 0)
        return r;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return 0;
}

int turf_buf_append_str(struct turf_buf *b, const char *s)
{
    return turf_buf_append(b, s, strlen(s));
}

void turf_buf_free(struct turf_buf *b)
{
    free(b->data);
    *b = (struct turf_buf){0};
}

char *turf_buf_steal(struct turf_buf *b, size_t *len)
{
    char *p = b->data;
    *len = b->len;
    *b = (struct turf_buf){0};
    return p;
}

int turf_buf_append_js_utf8(struct turf_buf *b, JSStringRef s)
{
    size_t n = JSStringGetLength(s);
    const JSChar *u = JSStringGetCharactersPtr(s);
    int r = turf_buf_reserve(b, n * 3);
    if (r < 0)
        return r;
    unsigned char *o = (unsigned char *)b->data + b->len;
    /* Two UTF-16 units in, four bytes out at most: within the 3 per unit reserved. */
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80)
            *o++ = (unsigned char)u[i++];
        else
            o += turf_utf8_put(o, turf_utf16_next(u, n, &i));
    }
    b->len = (size_t)((char *)o - b->data);
    return 0;
}

int turf_buf_append_js_latin1(struct turf_buf *b, JSStringRef s)
{
    size_t n = JSStringGetLength(s);
    const JSChar *u = JSStringGetCharactersPtr(s);
    int r = turf_buf_reserve(b, n);
    if (r < 0)
        return r;
    for (size_t i = 0; i < n; i++)
        b->data[b->len + i] = (char)(u[i] & 0xFF);
    b->len += n;
    return 0;
}

bool turf_js_buffer_view(JSContextRef ctx, const JSValueRef argv[], const char **data, size_t *len,
                         JSValueRef *exception)
{
    JSObjectRef buffer = JSValueIsObject(ctx, argv[0]) ? JSValueToObject(ctx, argv[0], NULL) : NULL;
    if (!buffer || JSValueGetTypedArrayType(ctx, buffer, NULL) != kJSTypedArrayTypeArrayBuffer) {
        turf_js_throw_type_error(ctx, exception, "expected an ArrayBuffer");
        return false;
    }
    double offset = JSValueToNumber(ctx, argv[1], NULL);
    double length = JSValueToNumber(ctx, argv[2], NULL);
    size_t total = JSObjectGetArrayBufferByteLength(ctx, buffer, NULL);
    if (!(offset >= 0 && length >= 0 && offset + length <= (double)total)) {
        turf_js_throw_type_error(ctx, exception, "buffer view out of range");
        return false;
    }
    char *base = JSObjectGetArrayBufferBytesPtr(ctx, buffer, NULL);
    *data = base ? base + (size_t)offset : "";
    *len = (size_t)length;
    return true;
}

static void free_bytes(void *bytes, TURF_UNUSED void *context)
{
    free(bytes);
}

JSObjectRef turf_js_array_buffer_take(JSContextRef ctx, char *data, size_t len)
{
    if (!data) {
        /* JSC wants a real pointer even for an empty buffer. */
        data = malloc(1);
        len = 0;
        if (!data)
            return NULL;
    }
    return JSObjectMakeArrayBufferWithBytesNoCopy(ctx, data, len, free_bytes, NULL, NULL);
}
