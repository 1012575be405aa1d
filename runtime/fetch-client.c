/* The client half of fetch(): one HTTP/1.1 exchange per connection over libuv TCP, the response
 * parsed with http_parser and handed to js/fetch.js as head, body chunks and end (or error). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <http_parser.h>

#include "http-buf.h"
#include "http-server.h"
#include "jsutil.h"

struct fetch {
    uv_tcp_t tcp;
    uv_connect_t connect;
    uv_write_t write;
    http_parser parser;
    uint32_t id;
    JSObjectRef callback; /* callback(kind, a, b, c), protected while the exchange lasts */
    struct turf_buf out;  /* the request: head and body */
    struct turf_buf status_text, headers;
    int hstate;
    bool head_method, finished, closing;
};

static GHashTable *fetches; /* id -> struct fetch *, the exchanges the glue can abort */
static uint32_t last_id;
static http_parser_settings settings;

static void fetch_free(uv_handle_t *handle)
{
    struct fetch *f = (struct fetch *)handle;
    turf_buf_free(&f->out);
    turf_buf_free(&f->status_text);
    turf_buf_free(&f->headers);
    free(f);
}

/* Ends the exchange: no callback after this one. */
static void fetch_close(struct fetch *f)
{
    if (f->closing)
        return;
    f->closing = true;
    g_hash_table_remove(fetches, GUINT_TO_POINTER(f->id));
    struct turf_worker *w = turf_worker_get();
    JSValueUnprotect(w->ctx, f->callback);
    uv_close((uv_handle_t *)&f->tcp, fetch_free);
}

static void notify(struct fetch *f, const char *kind, size_t argc, JSValueRef *args)
{
    if (f->closing)
        return;
    struct turf_worker *w = turf_worker_get();
    JSValueRef argv[4] = {turf_js_make_string(w->ctx, kind)};
    for (size_t i = 0; i < argc && i < 3; i++)
        argv[i + 1] = args[i];
    JSValueRef exception = NULL;
    JSObjectCallAsFunction(w->ctx, f->callback, NULL, argc + 1, argv, &exception);
    if (exception)
        turf_worker_report_exception(w, exception, "Uncaught");
}

static void fail(struct fetch *f, const char *what, int code)
{
    struct turf_worker *w = turf_worker_get();
    char msg[256];
    snprintf(msg, sizeof(msg), "%s: %s", what, uv_strerror(code));
    JSValueRef arg = turf_js_make_string(w->ctx, msg);
    notify(f, "error", 1, &arg);
    fetch_close(f);
}

static int on_status(http_parser *p, const char *at, size_t len)
{
    struct fetch *f = p->data;
    return turf_buf_append(&f->status_text, at, len) < 0 ? -1 : 0;
}

static int on_header_field(http_parser *p, const char *at, size_t len)
{
    struct fetch *f = p->data;
    if (f->hstate == 2 && turf_buf_append(&f->headers, "\n", 1) < 0)
        return -1;
    f->hstate = 1;
    if (turf_buf_reserve(&f->headers, len) < 0)
        return -1;
    /* Lowercased, as the Headers glue keeps names. */
    for (size_t i = 0; i < len; i++)
        f->headers.data[f->headers.len++] =
            (at[i] >= 'A' && at[i] <= 'Z') ? (char)(at[i] + 32) : at[i];
    return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t len)
{
    struct fetch *f = p->data;
    if (f->hstate == 1 && turf_buf_append(&f->headers, ":", 1) < 0)
        return -1;
    f->hstate = 2;
    return turf_buf_append(&f->headers, at, len) < 0 ? -1 : 0;
}

static JSValueRef latin1(JSContextRef ctx, const struct turf_buf *b)
{
    JSChar *chars = malloc((b->len + 1) * sizeof(JSChar));
    if (!chars)
        return JSValueMakeNull(ctx);
    for (size_t i = 0; i < b->len; i++)
        chars[i] = (unsigned char)b->data[i];
    JSStringRef s = JSStringCreateWithCharacters(chars, b->len);
    free(chars);
    JSValueRef v = JSValueMakeString(ctx, s);
    JSStringRelease(s);
    return v;
}

static int on_headers_complete(http_parser *p)
{
    struct fetch *f = p->data;
    if (f->hstate == 2)
        turf_buf_append(&f->headers, "\n", 1);
    /* 1xx interim responses (100 Continue) are skipped: the final one follows. */
    if (p->status_code >= 100 && p->status_code < 200) {
        f->status_text.len = f->headers.len = 0;
        f->hstate = 0;
        return 0;
    }
    JSContextRef ctx = turf_worker_get()->ctx;
    JSValueRef args[3] = {JSValueMakeNumber(ctx, p->status_code), latin1(ctx, &f->status_text),
                          latin1(ctx, &f->headers)};
    notify(f, "head", 3, args);
    return f->closing ? -1 : f->head_method ? 1 : 0; /* 1: a HEAD response has no body */
}

static int on_body(http_parser *p, const char *at, size_t len)
{
    struct fetch *f = p->data;
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, at, len);
    JSContextRef ctx = turf_worker_get()->ctx;
    JSValueRef ab = turf_js_array_buffer_take(ctx, copy, len);
    notify(f, "data", 1, &ab);
    return f->closing ? -1 : 0;
}

static int on_message_complete(http_parser *p)
{
    struct fetch *f = p->data;
    if (p->status_code >= 100 && p->status_code < 200)
        return 0;
    f->finished = true;
    notify(f, "end", 0, NULL);
    fetch_close(f);
    return -1; /* nothing more is read from this connection */
}

static char read_buffer[64 << 10];

static void on_alloc(TURF_UNUSED uv_handle_t *h, TURF_UNUSED size_t n, uv_buf_t *buf)
{
    *buf = uv_buf_init(read_buffer, sizeof(read_buffer));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct fetch *f = (struct fetch *)stream;
    if (f->closing || nread == 0)
        return;
    if (nread < 0) {
        /* The end of a close-delimited body, or a connection lost mid-response. */
        if (nread == UV_EOF)
            http_parser_execute(&f->parser, &settings, NULL, 0);
        if (!f->closing)
            fail(f, "connection closed before the response was complete",
                 nread == UV_EOF ? UV_ECONNRESET : (int)nread);
        return;
    }
    http_parser_execute(&f->parser, &settings, buf->base, (size_t)nread);
    if (!f->closing && HTTP_PARSER_ERRNO(&f->parser) != HPE_OK)
        fail(f, "invalid HTTP response", UV_EPROTO);
}

static void on_write(uv_write_t *req, int status)
{
    struct fetch *f = req->data;
    if (status < 0 && !f->closing)
        fail(f, "cannot send the request", status);
}

static void on_connect(uv_connect_t *req, int status)
{
    struct fetch *f = req->data;
    if (f->closing)
        return;
    if (status < 0) {
        fail(f, "cannot connect", status);
        return;
    }
    uv_tcp_nodelay(&f->tcp, 1);
    f->write.data = f;
    uv_buf_t b = uv_buf_init(f->out.data, (unsigned)f->out.len);
    int r = uv_write(&f->write, (uv_stream_t *)&f->tcp, &b, 1, on_write);
    if (r == 0)
        r = uv_read_start((uv_stream_t *)&f->tcp, on_alloc, on_read);
    if (r < 0)
        fail(f, "cannot send the request", r);
}

/* internal.fetchStart(host, port, head, isHead, callback[, buffer, offset, length]) -> id.
 * host is a numeric address or localhost (the glue checks); head is the request head, already
 * serialized. Throws a TypeError if the connection cannot even be attempted. */
static JSValueRef native_fetch_start(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                     TURF_UNUSED JSObjectRef this_object, size_t argc,
                                     const JSValueRef argv[], JSValueRef *exception)
{
    struct turf_worker *w = turf_worker_get();
    if (argc < 5 || !turf_js_as_function(ctx, argv[4]))
        return turf_js_throw_type_error(ctx, exception, "fetchStart: bad arguments");
    _cleanup_free_ char *host = turf_js_value_to_utf8(ctx, argv[0], NULL, exception);
    if (!host)
        return NULL;
    int port = (int)JSValueToNumber(ctx, argv[1], NULL);
    struct sockaddr_storage ss = {0};
    const char *ip = strcmp(host, "localhost") ? host : "127.0.0.1";
    if (uv_ip4_addr(ip, port, (struct sockaddr_in *)&ss) != 0 &&
        uv_ip6_addr(ip, port, (struct sockaddr_in6 *)&ss) != 0)
        return turf_js_throw_type_error(ctx, exception,
                                        "fetch: cannot resolve '%s': only numeric addresses and "
                                        "localhost are supported",
                                        host);
    _cleanup_jsstring_ JSStringRef head = JSValueToStringCopy(ctx, argv[2], exception);
    if (!head)
        return NULL;
    struct fetch *f = calloc(1, sizeof(*f));
    if (!f)
        return turf_js_throw_type_error(ctx, exception, "fetch: out of memory");
    const char *body = NULL;
    size_t body_len = 0;
    if (argc >= 8 && !JSValueIsUndefined(ctx, argv[5]) &&
        !turf_js_buffer_view(ctx, argv + 5, &body, &body_len, exception)) {
        free(f);
        return NULL;
    }
    if (turf_buf_append_js_latin1(&f->out, head) < 0 || turf_buf_append(&f->out, body, body_len)) {
        turf_buf_free(&f->out);
        free(f);
        return turf_js_throw_type_error(ctx, exception, "fetch: out of memory");
    }
    f->head_method = JSValueToBoolean(ctx, argv[3]);
    f->callback = turf_js_as_function(ctx, argv[4]);
    JSValueProtect(ctx, f->callback);
    http_parser_init(&f->parser, HTTP_RESPONSE);
    f->parser.data = f;
    do {
        f->id = ++last_id;
    } while (f->id == 0 || g_hash_table_contains(fetches, GUINT_TO_POINTER(f->id)));
    g_hash_table_insert(fetches, GUINT_TO_POINTER(f->id), f);
    uv_tcp_init(&w->loop, &f->tcp);
    f->connect.data = f;
    int r = uv_tcp_connect(&f->connect, &f->tcp, (struct sockaddr *)&ss, on_connect);
    if (r < 0) {
        fetch_close(f);
        return turf_js_throw_type_error(ctx, exception, "fetch: cannot connect to %s:%d: %s", host,
                                        port, uv_strerror(r));
    }
    return JSValueMakeNumber(ctx, f->id);
}

/* internal.fetchAbort(id): drops the exchange; the glue rejects or errors what is pending. */
static JSValueRef native_fetch_abort(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                     TURF_UNUSED JSObjectRef this_object, size_t argc,
                                     const JSValueRef argv[], TURF_UNUSED JSValueRef *exception)
{
    if (argc && fetches) {
        double id = JSValueToNumber(ctx, argv[0], NULL);
        struct fetch *f = id >= 1 && id <= UINT32_MAX
                              ? g_hash_table_lookup(fetches, GUINT_TO_POINTER((uint32_t)id))
                              : NULL;
        if (f)
            fetch_close(f);
    }
    return JSValueMakeUndefined(ctx);
}

int turf_fetch_client_install(struct turf_worker *w, TURF_UNUSED struct turf_error **err)
{
    http_parser_settings_init(&settings);
    settings.on_status = on_status;
    settings.on_header_field = on_header_field;
    settings.on_header_value = on_header_value;
    settings.on_headers_complete = on_headers_complete;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    if (!fetches)
        fetches = g_hash_table_new(g_direct_hash, g_direct_equal);
    turf_js_set_function(w->ctx, w->internal, "fetchStart", native_fetch_start, TURF_JS_HIDDEN);
    turf_js_set_function(w->ctx, w->internal, "fetchAbort", native_fetch_abort, TURF_JS_HIDDEN);
    return 0;
}

void turf_fetch_client_done(struct turf_worker *w)
{
    if (!fetches)
        return;
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, fetches);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        struct fetch *f = value;
        g_hash_table_iter_steal(&iter);
        f->closing = true;
        JSValueUnprotect(w->ctx, f->callback);
        uv_close((uv_handle_t *)&f->tcp, fetch_free);
    }
    g_hash_table_destroy(fetches);
    fetches = NULL;
}
