/* Growable byte buffers for the HTTP server and client, and the conversions between JavaScript
 * values (strings, ArrayBuffers) and bytes that their natives share. */
#ifndef TURF_RUNTIME_HTTP_BUF_H
#define TURF_RUNTIME_HTTP_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include <JavaScriptCore/JavaScript.h>

struct turf_buf {
    char *data;
    size_t len;
    size_t cap;
};

/* Makes room for n more bytes; returns -ENOMEM or 0. */
int turf_buf_reserve(struct turf_buf *b, size_t n);
int turf_buf_append(struct turf_buf *b, const void *data, size_t n);
int turf_buf_append_str(struct turf_buf *b, const char *s);
void turf_buf_free(struct turf_buf *b);
/* Hands the bytes over to the caller (malloc'd, may be NULL when empty) and empties b. */
char *turf_buf_steal(struct turf_buf *b, size_t *len);

/* Appends a JS string as UTF-8 (lone surrogates become U+FFFD). */
int turf_buf_append_js_utf8(struct turf_buf *b, JSStringRef s);
/* Appends a JS string whose characters are all below 256 (a ByteString: header names and
 * values, already validated by the Headers glue) one byte per character. */
int turf_buf_append_js_latin1(struct turf_buf *b, JSStringRef s);

/* The bytes of argv[i..i+2] = (ArrayBuffer, byteOffset, byteLength), the way the glue passes a
 * Uint8Array's view. Returns false (and leaves *exception set) if they are not that. */
bool turf_js_buffer_view(JSContextRef ctx, const JSValueRef argv[], const char **data, size_t *len,
                         JSValueRef *exception);

/* A new ArrayBuffer that takes ownership of the malloc'd bytes (freed with it). */
JSObjectRef turf_js_array_buffer_take(JSContextRef ctx, char *data, size_t len);

#endif
