/* The native half of the Web Crypto API (js/crypto.js): random bytes straight from getrandom(2),
 * so no userspace generator state is copied by fork() into a warm-forked sandbox, and the SHA
 * digests of GLib's GChecksum (GLib comes with JavaScriptCore). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

#include <glib.h>

#include "jsutil.h"
#include "worker.h"

/* The bytes of a Uint8Array argument (the glue turns every BufferSource into one). */
static uint8_t *u8_bytes(JSContextRef ctx, JSValueRef value, size_t *len, JSValueRef *exception)
{
    if (JSValueGetTypedArrayType(ctx, value, NULL) != kJSTypedArrayTypeUint8Array) {
        turf_js_throw_type_error(ctx, exception, "expected a Uint8Array");
        return NULL;
    }
    JSObjectRef array = JSValueToObject(ctx, value, NULL);
    *len = JSObjectGetTypedArrayByteLength(ctx, array, NULL);
    /* The pointer is to the start of the buffer, not of the view. */
    uint8_t *bytes = JSObjectGetTypedArrayBytesPtr(ctx, array, NULL);
    return bytes ? bytes + JSObjectGetTypedArrayByteOffset(ctx, array, NULL) : (uint8_t *)"";
}

/* internal.randomFill(uint8array): fills it from getrandom(2), which blocks only before the
 * kernel's pool is first initialised, long before any worker runs. */
static JSValueRef native_random_fill(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                     TURF_UNUSED JSObjectRef this_object, size_t argc,
                                     const JSValueRef argv[], JSValueRef *exception)
{
    size_t len;
    uint8_t *bytes = u8_bytes(ctx, argc ? argv[0] : JSValueMakeUndefined(ctx), &len, exception);
    if (!bytes)
        return NULL;
    for (size_t done = 0; done < len;) {
        ssize_t n = getrandom(bytes + done, len - done, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return turf_js_throw_type_error(ctx, exception, "getrandom: %s", strerror(errno));
        }
        done += (size_t)n;
    }
    return argv[0];
}

/* internal.digest(name, uint8array) -> ArrayBuffer; name is one of SHA-1, SHA-256, SHA-384,
 * SHA-512 (the glue has normalised it). */
static JSValueRef native_digest(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                TURF_UNUSED JSObjectRef this_object, size_t argc,
                                const JSValueRef argv[], JSValueRef *exception)
{
    if (argc < 2)
        return turf_js_throw_type_error(ctx, exception, "digest: expected 2 arguments");
    _cleanup_free_ char *name = turf_js_value_to_utf8(ctx, argv[0], NULL, exception);
    if (!name)
        return NULL;
    GChecksumType type;
    if (strcmp(name, "SHA-1") == 0)
        type = G_CHECKSUM_SHA1;
    else if (strcmp(name, "SHA-256") == 0)
        type = G_CHECKSUM_SHA256;
    else if (strcmp(name, "SHA-384") == 0)
        type = G_CHECKSUM_SHA384;
    else if (strcmp(name, "SHA-512") == 0)
        type = G_CHECKSUM_SHA512;
    else
        return turf_js_throw_type_error(ctx, exception, "digest: unknown algorithm %s", name);
    size_t len;
    const uint8_t *data = u8_bytes(ctx, argv[1], &len, exception);
    if (!data)
        return NULL;
    GChecksum *checksum = g_checksum_new(type);
    g_checksum_update(checksum, data, (gssize)len);
    guint8 out[64];
    gsize out_len = sizeof(out);
    g_checksum_get_digest(checksum, out, &out_len);
    g_checksum_free(checksum);
    JSObjectRef array =
        JSObjectMakeTypedArray(ctx, kJSTypedArrayTypeUint8Array, out_len, exception);
    if (!array)
        return NULL;
    memcpy(JSObjectGetTypedArrayBytesPtr(ctx, array, NULL), out, out_len);
    return JSObjectGetTypedArrayBuffer(ctx, array, exception);
}

int turf_crypto_install(struct turf_worker *w, TURF_UNUSED struct turf_error **err)
{
    turf_js_set_function(w->ctx, w->internal, "randomFill", native_random_fill, TURF_JS_HIDDEN);
    turf_js_set_function(w->ctx, w->internal, "digest", native_digest, TURF_JS_HIDDEN);
    return 0;
}
