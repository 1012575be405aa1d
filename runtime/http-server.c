/* The HTTP/1.1 server (see http-server.h): libuv streams parsed by http_parser, requests handed
 * to js/fetch-event.js as they complete, responses written strictly in request order. */
#include "http-server.h"

#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <http_parser.h>

#include "../turf/base/log.h"
#include "http-buf.h"
#include "jsutil.h"

/* More requests than this queued on one connection (pipelined, not yet answered) and the
 * server stops reading from it until some are answered. */
#define PIPELINE_MAX 64
/* A streaming response asks for more chunks only while less than this is waiting to be sent. */
#define STREAM_HIGH_WATER (64u << 10)
#define READ_BUFFER_SIZE  (64u << 10)

enum resp_state { RESP_WAITING, RESP_STREAM, RESP_DONE };

struct conn;

struct req {
    struct turf_http *srv;
    struct conn *c;            /* NULL once the connection is gone (the handler may still answer) */
    struct req *next;          /* the connection's queue, in arrival order */
    struct req *wprev, *wnext; /* the server's list of requests waiting for their handler */
    uint32_t id;               /* the glue's handle; 0 until dispatched */
    enum resp_state state;
    bool waiting;     /* on the waiting list (dispatched, no response yet) */
    bool addressable; /* in the id table: waiting or streaming */
    bool head_method, keep_alive, http10, chunked_out, want_drain;
    bool discard_body; /* HEAD, 204, 304: a streamed body is not sent */
    uint64_t deadline; /* handler deadline, loop ms */
    enum http_method method;
    struct turf_buf url, headers, body;
    struct turf_buf out; /* response bytes not yet handed to the socket */
};

/* A connection's or a listener's libuv handle: TCP or a UNIX socket. */
union stream_handle {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
};

struct conn {
    union stream_handle h;
    struct turf_http *srv;
    struct conn *prev, *next;
    http_parser parser;
    struct req *cur;         /* being received */
    struct req *head, *tail; /* received, answered in this order */
    unsigned queued;
    uint64_t deadline; /* read or idle deadline, loop ms; 0 for none */
    size_t header_bytes;
    int hstate;       /* 0 none, 1 in a header name, 2 in a value */
    int error_status; /* the status a parse error is answered with (400, 413, 431) */
    bool reading, closing, no_more, close_after_write;
};

struct listener {
    union stream_handle h;
    struct turf_http *srv;
    struct listener *next;
};

struct turf_http {
    struct turf_worker *w;
    struct turf_http_options opt;
    bool serving;
    uint64_t sweep_ms; /* the sweep's period; it runs only while there is something to sweep */
    struct listener *listeners;
    struct conn *conns;
    unsigned conn_count;
    struct req *waiting; /* dispatched requests without a response yet */
    GHashTable *by_id;   /* id -> struct req *, what the glue can still address */
    uint32_t last_id;
    unsigned wait_until; /* waitUntil promises not settled */
    uv_timer_t sweep;
    uv_signal_t sigterm, sigint;
    bool shutting_down, stopped;
    uint64_t shutdown_deadline;
    JSObjectRef js_handle, js_drain;     /* internal.httpHandle / httpDrain, protected */
    JSValueRef methods[HTTP_SOURCE + 1]; /* method names as JS strings, protected */
    char date[40];
    time_t date_second;
    JSChar *latin1; /* scratch for bytes -> JS strings */
    size_t latin1_cap;
    char read_buffer[READ_BUFFER_SIZE];
};

static http_parser_settings parser_settings;

static void free_handle(uv_handle_t *handle)
{
    free(handle);
}

static struct turf_http *server(void)
{
    struct turf_worker *w = turf_worker_get();
    return w ? w->http : NULL;
}

static uint64_t now_ms(struct turf_http *s)
{
    return uv_now(&s->w->loop);
}

/* ---- requests ---- */

static void req_forget(struct req *r)
{
    struct turf_http *s = r->srv;
    if (r->waiting) {
        if (r->wprev)
            r->wprev->wnext = r->wnext;
        else
            s->waiting = r->wnext;
        if (r->wnext)
            r->wnext->wprev = r->wprev;
        r->waiting = false;
        r->wprev = r->wnext = NULL;
    }
    if (r->addressable) {
        g_hash_table_remove(s->by_id, GUINT_TO_POINTER(r->id));
        r->addressable = false;
    }
}

static void req_free(struct req *r)
{
    req_forget(r);
    turf_buf_free(&r->url);
    turf_buf_free(&r->headers);
    turf_buf_free(&r->body);
    turf_buf_free(&r->out);
    free(r);
}

/* ---- writing ---- */

struct write_req {
    uv_write_t req;
    struct conn *c;
    size_t len;
    char data[];
};

static void conn_close(struct conn *c);
static void conn_flush(struct conn *c);
static void check_shutdown(struct turf_http *s);

static void call_drain(struct conn *c)
{
    struct req *r = c->head;
    if (!r || r->state != RESP_STREAM || !r->want_drain || !r->addressable)
        return;
    r->want_drain = false;
    struct turf_http *s = c->srv;
    JSValueRef arg = JSValueMakeNumber(s->w->ctx, r->id);
    JSValueRef exception = NULL;
    JSObjectCallAsFunction(s->w->ctx, s->js_drain, NULL, 1, &arg, &exception);
    if (exception)
        turf_worker_report_exception(s->w, exception, "Uncaught");
}

static void on_write(uv_write_t *req, int status)
{
    struct write_req *wr = (struct write_req *)req;
    struct conn *c = wr->c;
    free(wr);
    if (c->closing)
        return;
    if (status < 0) {
        conn_close(c);
        return;
    }
    if (c->h.stream.write_queue_size == 0) {
        if (c->close_after_write) {
            conn_close(c);
            return;
        }
        call_drain(c);
    }
}

static void write_bytes(struct conn *c, const char *data, size_t len)
{
    if (c->closing || len == 0)
        return;
    /* Straight to the socket when nothing is queued before it: no copy, no allocation. */
    if (c->h.stream.write_queue_size == 0) {
        uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
        int n = uv_try_write(&c->h.stream, &b, 1);
        if (n == (int)len)
            return;
        if (n < 0 && n != UV_EAGAIN) {
            conn_close(c);
            return;
        }
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        }
    }
    struct write_req *wr = malloc(sizeof(*wr) + len);
    if (!wr) {
        conn_close(c);
        return;
    }
    wr->c = c;
    wr->len = len;
    memcpy(wr->data, data, len);
    uv_buf_t b = uv_buf_init(wr->data, (unsigned)len);
    if (uv_write(&wr->req, &c->h.stream, &b, 1, on_write) < 0) {
        free(wr);
        conn_close(c);
    }
}

static const char *date_header(struct turf_http *s)
{
    time_t t = time(NULL);
    if (t != s->date_second) {
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(s->date, sizeof(s->date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
        s->date_second = t;
    }
    return s->date;
}

static bool status_has_body(int status)
{
    return !(status < 200 || status == 204 || status == 304);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);
static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf);

static void conn_update_reading(struct conn *c)
{
    bool want = !c->closing && !c->no_more && c->queued < PIPELINE_MAX;
    if (want && !c->reading) {
        if (uv_read_start(&c->h.stream, on_alloc, on_read) == 0)
            c->reading = true;
    } else if (!want && c->reading) {
        uv_read_stop(&c->h.stream);
        c->reading = false;
    }
}

/* Hands what the head of the queue has to the socket, retires answered requests, and decides
 * whether the connection goes idle, goes on, or closes. */
static void conn_flush(struct conn *c)
{
    struct turf_http *s = c->srv;
    while (c->head && !c->closing) {
        struct req *r = c->head;
        if (r->out.len) {
            write_bytes(c, r->out.data, r->out.len);
            r->out.len = 0;
        }
        if (r->state != RESP_DONE)
            break;
        c->head = r->next;
        if (!c->head)
            c->tail = NULL;
        c->queued--;
        bool keep = r->keep_alive && !s->shutting_down;
        req_free(r);
        if (!keep) {
            c->no_more = true;
            c->close_after_write = true;
            break;
        }
    }
    if (c->closing)
        return;
    if (c->close_after_write && !c->head) {
        if (c->h.stream.write_queue_size == 0)
            conn_close(c);
        else
            conn_update_reading(c);
        return;
    }
    if (!c->head && !c->cur)
        c->deadline = now_ms(s) + s->opt.idle_timeout_ms;
    conn_update_reading(c);
}

/* Builds the status line and headers into r->out. body_len < 0: chunked or close-delimited. */
static int build_head(struct req *r, int status, const char *status_text, JSStringRef headers,
                      int64_t body_len)
{
    struct turf_http *s = r->srv;
    struct turf_buf *o = &r->out;
    char line[128];
    if (!status_text || !*status_text) {
        status_text = http_status_str((enum http_status)status);
        if (!strcmp(status_text, "<unknown>"))
            status_text = "";
    }
    int n = snprintf(line, sizeof(line), "HTTP/1.1 %d ", status);
    if (turf_buf_append(o, line, (size_t)n) < 0 || turf_buf_append_str(o, status_text) < 0 ||
        turf_buf_append(o, "\r\n", 2) < 0)
        return -ENOMEM;
    bool has_date = false;
    if (headers) {
        size_t start = o->len;
        if (turf_buf_append_js_latin1(o, headers) < 0)
            return -ENOMEM;
        /* The glue writes names lowercased; a script may set its own Date. */
        has_date = (o->len - start >= 5 && !memcmp(o->data + start, "date:", 5)) ||
                   memmem(o->data + start, o->len - start, "\ndate:", 6);
    }
    if (!has_date) {
        n = snprintf(line, sizeof(line), "date: %s\r\n", date_header(s));
        if (turf_buf_append(o, line, (size_t)n) < 0)
            return -ENOMEM;
    }
    if (s->shutting_down || (r->c && r->c->no_more))
        r->keep_alive = false;
    if (body_len >= 0) {
        if (status_has_body(status) || (status == 304 && body_len > 0)) {
            n = snprintf(line, sizeof(line), "content-length: %" PRId64 "\r\n", body_len);
            if (turf_buf_append(o, line, (size_t)n) < 0)
                return -ENOMEM;
        }
    } else if (!r->http10) {
        r->chunked_out = true;
        if (turf_buf_append_str(o, "transfer-encoding: chunked\r\n") < 0)
            return -ENOMEM;
    } else {
        r->keep_alive = false; /* HTTP/1.0 without a length: the end of the body is the close */
    }
    const char *conn_header = !r->keep_alive ? "connection: close\r\n\r\n"
                              : r->http10    ? "connection: keep-alive\r\n\r\n"
                                             : "\r\n";
    return turf_buf_append_str(o, conn_header);
}

/* A response made by the server itself (400, 413, 431, 500, 504): text/plain, closing when the
 * request stream cannot go on. */
static void req_answer_error(struct req *r, int status, bool close)
{
    char body[64];
    int n =
        snprintf(body, sizeof(body), "%d %s\n", status, http_status_str((enum http_status)status));
    r->out.len = 0;
    if (close)
        r->keep_alive = false;
    _cleanup_jsstring_ JSStringRef headers =
        JSStringCreateWithUTF8CString("content-type: text/plain; charset=utf-8\r\n");
    build_head(r, status, NULL, headers, n);
    if (!r->head_method)
        turf_buf_append(&r->out, body, (size_t)n);
    r->state = RESP_DONE;
    req_forget(r);
}

/* ---- connections ---- */

static void conn_free(uv_handle_t *handle)
{
    struct conn *c = (struct conn *)handle;
    struct turf_http *s = c->srv;
    free(c);
    check_shutdown(s);
}

static void conn_close(struct conn *c)
{
    if (c->closing)
        return;
    struct turf_http *s = c->srv;
    c->closing = true;
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    s->conn_count--;
    /* Requests still with their handler stay addressable, so an answer that comes late is
     * simply dropped; the rest go now. */
    for (struct req *r = c->head, *next; r; r = next) {
        next = r->next;
        r->c = NULL;
        r->next = NULL;
        if (!r->addressable)
            req_free(r);
    }
    c->head = c->tail = c->cur = NULL;
    uv_close(&c->h.handle, conn_free);
}

static struct req *req_new(struct conn *c)
{
    struct req *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->srv = c->srv;
    r->c = c;
    r->keep_alive = true;
    if (c->tail)
        c->tail->next = r;
    else
        c->head = r;
    c->tail = r;
    c->queued++;
    return r;
}

static int on_message_begin(http_parser *p)
{
    struct conn *c = p->data;
    c->header_bytes = 0;
    c->hstate = 0;
    c->cur = req_new(c);
    if (!c->cur)
        return -1;
    c->deadline = now_ms(c->srv) + c->srv->opt.read_timeout_ms;
    return 0;
}

static int count_header_bytes(struct conn *c, size_t len)
{
    c->header_bytes += len;
    if (c->header_bytes > c->srv->opt.max_header_bytes) {
        c->error_status = 431;
        return -1;
    }
    return 0;
}

static int on_url(http_parser *p, const char *at, size_t len)
{
    struct conn *c = p->data;
    if (count_header_bytes(c, len) < 0)
        return -1;
    return turf_buf_append(&c->cur->url, at, len) < 0 ? -1 : 0;
}

/* Headers reach the glue as one string, "name:value\n" per field, names lowercased here. */
static int on_header_field(http_parser *p, const char *at, size_t len)
{
    struct conn *c = p->data;
    struct turf_buf *h = &c->cur->headers;
    if (count_header_bytes(c, len + 2) < 0)
        return -1;
    if (c->hstate == 2 && turf_buf_append(h, "\n", 1) < 0)
        return -1;
    c->hstate = 1;
    if (turf_buf_reserve(h, len) < 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        char ch = at[i];
        h->data[h->len++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
    }
    return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t len)
{
    struct conn *c = p->data;
    struct turf_buf *h = &c->cur->headers;
    if (count_header_bytes(c, len) < 0)
        return -1;
    if (c->hstate == 1 && turf_buf_append(h, ":", 1) < 0)
        return -1;
    c->hstate = 2;
    return turf_buf_append(h, at, len) < 0 ? -1 : 0;
}

static bool expects_continue(const struct turf_buf *h)
{
    static const char key[] = "expect:";
    for (size_t i = 0; i + sizeof(key) - 1 <= h->len;) {
        const char *line = h->data + i;
        const char *end = memchr(line, '\n', h->len - i);
        size_t n = end ? (size_t)(end - line) : h->len - i;
        if (n >= sizeof(key) - 1 && !memcmp(line, key, sizeof(key) - 1)) {
            const char *v = line + sizeof(key) - 1;
            size_t vn = n - (sizeof(key) - 1);
            while (vn && (*v == ' ' || *v == '\t'))
                v++, vn--;
            if (vn >= 12 && !strncasecmp(v, "100-continue", 12))
                return true;
        }
        i += n + 1;
    }
    return false;
}

static int on_headers_complete(http_parser *p)
{
    struct conn *c = p->data;
    struct req *r = c->cur;
    struct turf_http *s = c->srv;
    if (c->hstate == 2 && turf_buf_append(&r->headers, "\n", 1) < 0)
        return -1;
    c->hstate = 0;
    r->method = (enum http_method)p->method;
    r->head_method = p->method == HTTP_HEAD;
    r->http10 = p->http_major == 1 && p->http_minor == 0;
    r->keep_alive = http_should_keep_alive(p) && !s->shutting_down;
    if ((p->flags & F_CONTENTLENGTH) && p->content_length > s->opt.max_body_bytes) {
        c->error_status = 413;
        return -1;
    }
    /* The client waits for our go-ahead before the body: give it, unless an earlier pipelined
     * response is still to come (an interim response cannot jump the queue); clients then send
     * the body after a short wait anyway. */
    if (!r->http10 && c->head == r && expects_continue(&r->headers))
        write_bytes(c, "HTTP/1.1 100 Continue\r\n\r\n", 25);
    return 0;
}

static int on_body(http_parser *p, const char *at, size_t len)
{
    struct conn *c = p->data;
    struct req *r = c->cur;
    if (r->body.len + len > c->srv->opt.max_body_bytes) {
        c->error_status = 413;
        return -1;
    }
    return turf_buf_append(&r->body, at, len) < 0 ? -1 : 0;
}

/* Bytes as a JS string, one character per byte: URLs and header values are ByteStrings. */
static JSValueRef make_latin1(struct turf_http *s, const char *data, size_t len)
{
    if (len > s->latin1_cap) {
        size_t cap = len < 1024 ? 1024 : len * 2;
        JSChar *p = realloc(s->latin1, cap * sizeof(JSChar));
        if (!p)
            return JSValueMakeNull(s->w->ctx);
        s->latin1 = p;
        s->latin1_cap = cap;
    }
    for (size_t i = 0; i < len; i++)
        s->latin1[i] = (unsigned char)data[i];
    _cleanup_jsstring_ JSStringRef str = JSStringCreateWithCharacters(s->latin1, len);
    return JSValueMakeString(s->w->ctx, str);
}

static void dispatch(struct conn *c, struct req *r)
{
    struct turf_http *s = c->srv;
    JSContextRef ctx = s->w->ctx;
    do {
        r->id = ++s->last_id;
    } while (r->id == 0 || g_hash_table_contains(s->by_id, GUINT_TO_POINTER(r->id)));
    g_hash_table_insert(s->by_id, GUINT_TO_POINTER(r->id), r);
    r->addressable = true;
    r->waiting = true;
    r->wnext = s->waiting;
    if (s->waiting)
        s->waiting->wprev = r;
    s->waiting = r;
    r->deadline = now_ms(s) + s->opt.handler_timeout_ms;

    JSValueRef body = JSValueMakeNull(ctx);
    if (r->body.len || (c->parser.flags & (F_CHUNKED | F_CONTENTLENGTH))) {
        size_t len;
        char *bytes = turf_buf_steal(&r->body, &len);
        JSObjectRef ab = turf_js_array_buffer_take(ctx, bytes, len);
        if (ab)
            body = ab;
    }
    JSValueRef args[5] = {
        JSValueMakeNumber(ctx, r->id),
        r->method <= HTTP_SOURCE ? s->methods[r->method] : JSValueMakeUndefined(ctx),
        make_latin1(s, r->url.data, r->url.len),
        make_latin1(s, r->headers.data, r->headers.len),
        body,
    };
    turf_buf_free(&r->url);
    turf_buf_free(&r->headers);
    uint32_t id = r->id;
    JSValueRef exception = NULL;
    JSObjectCallAsFunction(ctx, s->js_handle, NULL, 5, args, &exception);
    if (exception) {
        turf_worker_report_exception(s->w, exception, "Uncaught");
        /* The call may have answered the request, or closed its connection and freed it. */
        r = g_hash_table_lookup(s->by_id, GUINT_TO_POINTER(id));
        if (r && r->state == RESP_WAITING && r->c)
            req_answer_error(r, 500, false);
    }
}

static int on_message_complete(http_parser *p)
{
    struct conn *c = p->data;
    struct req *r = c->cur;
    c->cur = NULL;
    c->deadline = 0;
    if (p->upgrade)
        c->no_more = true; /* no protocol switch: answer, then close */
    dispatch(c, r);
    /* The handler may have answered (and the connection closed) already. */
    if (c->closing)
        return -1;
    conn_flush(c);
    return c->closing ? -1 : 0;
}

static void on_alloc(uv_handle_t *handle, TURF_UNUSED size_t suggested, uv_buf_t *buf)
{
    struct conn *c = (struct conn *)handle;
    /* One thread and the bytes are parsed before the callback returns: one buffer for all. */
    *buf = uv_buf_init(c->srv->read_buffer, READ_BUFFER_SIZE);
}

static void conn_fail(struct conn *c, int status)
{
    c->no_more = true;
    struct req *r = c->cur ? c->cur : req_new(c);
    c->cur = NULL;
    c->deadline = 0;
    if (!r) {
        conn_close(c);
        return;
    }
    req_forget(r);
    req_answer_error(r, status, true);
    conn_flush(c);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct conn *c = (struct conn *)stream;
    if (nread == 0)
        return;
    if (nread < 0) {
        /* EOF: a request half received is abandoned; answered ones still go out (the client
         * may have shut down only its sending side). */
        if (c->cur || !c->head || nread != UV_EOF) {
            conn_close(c);
            return;
        }
        c->no_more = true;
        c->close_after_write = true;
        conn_update_reading(c);
        return;
    }
    if (c->no_more)
        return;
    size_t n = http_parser_execute(&c->parser, &parser_settings, buf->base, (size_t)nread);
    if (c->closing)
        return;
    enum http_errno e = HTTP_PARSER_ERRNO(&c->parser);
    if (e != HPE_OK) {
        int status = c->error_status ? c->error_status : e == HPE_HEADER_OVERFLOW ? 431 : 400;
        conn_fail(c, status);
        return;
    }
    if (c->parser.upgrade || n != (size_t)nread)
        c->no_more = true;
    conn_update_reading(c);
}

static void sweep_wake(struct turf_http *s);

/* A new connection starts reading its first request. */
static void conn_start(struct turf_http *s, struct conn *c)
{
    http_parser_init(&c->parser, HTTP_REQUEST);
    c->parser.data = c;
    c->next = s->conns;
    if (s->conns)
        s->conns->prev = c;
    s->conns = c;
    s->conn_count++;
    c->deadline = now_ms(s) + s->opt.read_timeout_ms;
    conn_update_reading(c);
    sweep_wake(s);
}

static void on_connection(uv_stream_t *server_stream, int status)
{
    struct listener *l = (struct listener *)server_stream;
    struct turf_http *s = l->srv;
    if (status < 0 || s->shutting_down)
        return;
    struct conn *c = calloc(1, sizeof(*c));
    if (!c)
        return;
    c->srv = s;
    if (l->h.handle.type == UV_TCP)
        uv_tcp_init(&s->w->loop, &c->h.tcp);
    else
        uv_pipe_init(&s->w->loop, &c->h.pipe, 0);
    if (uv_accept(server_stream, &c->h.stream) < 0) {
        uv_close(&c->h.handle, free_handle);
        return;
    }
    if (l->h.handle.type == UV_TCP)
        uv_tcp_nodelay(&c->h.tcp, 1);
    conn_start(s, c);
}

/* ---- the seed's warm-up ---- */

static int lookup_hooks(struct turf_http *s, struct turf_error **err);

/* One request through the whole path (parser, fetch event, the script's handler, Response,
 * writer) on a socketpair, in the seed before it parks: the code, caches and objects that the
 * first request makes then exist once, in memory every sandbox shares, instead of being made
 * again (and written) by each sandbox on its first request. */
int turf_http_warmup(struct turf_worker *w, struct turf_error **err)
{
    struct turf_http *s = w->http;
    if (!s)
        return turf_error_set(err, -EINVAL, "http: not installed");
    int r = lookup_hooks(s, err);
    if (r < 0)
        return r;
    if (!s->serving)
        turf_http_options_default(&s->opt);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return turf_error_errno(err, -errno, "http warm-up: socketpair");
    struct conn *c = calloc(1, sizeof(*c));
    if (!c) {
        close(sv[0]);
        close(sv[1]);
        return turf_error_errno(err, -ENOMEM, "http warm-up");
    }
    c->srv = s;
    uv_pipe_init(&s->w->loop, &c->h.pipe, 0);
    if ((r = uv_pipe_open(&c->h.pipe, sv[0])) < 0) {
        close(sv[0]);
        close(sv[1]);
        uv_close(&c->h.handle, free_handle);
        uv_run(&w->loop, UV_RUN_NOWAIT);
        return turf_error_set(err, r, "http warm-up: %s", uv_strerror(r));
    }
    conn_start(s, c);
    static const char req[] = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Turf-Warmup: 1\r\n"
                              "Connection: close\r\n\r\n";
    bool answered = false;
    if (write(sv[1], req, sizeof(req) - 1) == (ssize_t)sizeof(req) - 1) {
        /* Until the server has answered and closed its end (bounded: a handler that never
         * answers is not waited for). */
        uint64_t until = uv_hrtime() + 5000000000ull;
        char buf[4096];
        while (uv_hrtime() < until) {
            uv_run(&w->loop, UV_RUN_NOWAIT);
            ssize_t n = recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT);
            if (n > 0) {
                answered = true;
                continue;
            }
            if (n == 0)
                break;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                break;
            struct pollfd p = {.fd = sv[1], .events = POLLIN};
            poll(&p, 1, 1);
        }
    }
    close(sv[1]);
    while (s->conns)
        conn_close(s->conns);
    uv_run(&w->loop, UV_RUN_NOWAIT);
    return answered ? 0 : turf_error_set(err, -ETIMEDOUT, "http warm-up: no answer");
}

/* ---- timeouts and shutdown ---- */

static void finish_shutdown(struct turf_http *s)
{
    if (s->stopped)
        return;
    s->stopped = true;
    turf_log_debug("http: shutdown complete");
    uv_stop(&s->w->loop);
}

static void check_shutdown(struct turf_http *s)
{
    if (s->shutting_down && !s->stopped && s->conn_count == 0 && s->wait_until == 0 &&
        g_hash_table_size(s->by_id) == 0)
        finish_shutdown(s);
}

static void on_sweep(uv_timer_t *timer)
{
    struct turf_http *s = timer->data;
    uint64_t now = now_ms(s);
    /* Handlers out of time: 504, in order with the rest of their connection. */
    for (struct req *r = s->waiting, *next; r; r = next) {
        next = r->wnext;
        if (r->deadline > now)
            continue;
        struct conn *c = r->c;
        if (c) {
            req_answer_error(r, 504, false);
            conn_flush(c);
        } else {
            req_free(r); /* its connection is gone: nothing to answer */
        }
    }
    for (struct conn *c = s->conns, *next; c; c = next) {
        next = c->next;
        if (c->deadline && c->deadline <= now && (c->cur || !c->head))
            conn_close(c); /* a slow client, or a keep-alive connection idle too long */
    }
    if (s->shutting_down && now >= s->shutdown_deadline) {
        turf_log_warn("shutdown: %u connection%s and %u waitUntil promise%s still open after "
                      "%" PRIu32 " ms; exiting",
                      s->conn_count, s->conn_count == 1 ? "" : "s", s->wait_until,
                      s->wait_until == 1 ? "" : "s", s->opt.shutdown_timeout_ms);
        finish_shutdown(s);
    }
    check_shutdown(s);
    /* An idle server sleeps: a thousand idle sandboxes must not wake up four times a second
     * each. The next connection or a shutdown starts the sweep again. */
    if (!s->conns && !s->waiting && !s->shutting_down)
        uv_timer_stop(&s->sweep);
}

static void sweep_wake(struct turf_http *s)
{
    if (s->serving && !uv_is_active((uv_handle_t *)&s->sweep))
        uv_timer_start(&s->sweep, on_sweep, s->sweep_ms, s->sweep_ms);
}

static void on_signal(uv_signal_t *handle, int signum)
{
    struct turf_http *s = handle->data;
    if (s->shutting_down)
        return;
    turf_log_info("%s: stopping; finishing requests in flight",
                  signum == SIGTERM ? "SIGTERM" : "SIGINT");
    s->shutting_down = true;
    s->shutdown_deadline = now_ms(s) + s->opt.shutdown_timeout_ms;
    sweep_wake(s);
    for (struct listener *l = s->listeners, *next; l; l = next) {
        next = l->next;
        uv_close(&l->h.handle, free_handle);
    }
    s->listeners = NULL;
    for (struct conn *c = s->conns, *next; c; c = next) {
        next = c->next;
        c->no_more = true;
        for (struct req *r = c->head; r; r = r->next)
            r->keep_alive = false;
        if (!c->head)
            conn_close(c);
        else if (c->cur)
            conn_close(c); /* mid-request: nothing can be answered in order */
        else
            conn_update_reading(c);
    }
    check_shutdown(s);
}

static int lookup_hooks(struct turf_http *s, struct turf_error **err);

static int start_serving(struct turf_http *s, const struct turf_http_options *opt,
                         struct turf_error **err)
{
    if (s->serving)
        return 0;
    int r = lookup_hooks(s, err);
    if (r < 0)
        return r;
    s->opt = *opt;
    uint32_t shortest = opt->read_timeout_ms;
    if (opt->idle_timeout_ms < shortest)
        shortest = opt->idle_timeout_ms;
    if (opt->handler_timeout_ms < shortest)
        shortest = opt->handler_timeout_ms;
    uint64_t tick = shortest / 10;
    tick = tick < 5 ? 5 : tick > 250 ? 250 : tick;
    if ((r = uv_timer_init(&s->w->loop, &s->sweep)) < 0 ||
        (r = uv_signal_init(&s->w->loop, &s->sigterm)) < 0 ||
        (r = uv_signal_init(&s->w->loop, &s->sigint)) < 0)
        return turf_error_set(err, r, "http: cannot set up the event loop: %s", uv_strerror(r));
    s->sweep.data = s->sigterm.data = s->sigint.data = s;
    s->sweep_ms = tick;
    uv_timer_start(&s->sweep, on_sweep, tick, tick);
    uv_signal_start(&s->sigterm, on_signal, SIGTERM);
    uv_signal_start(&s->sigint, on_signal, SIGINT);
    s->serving = true;
    return 0;
}

/* ---- listeners ---- */

static int add_listener(struct turf_http *s, int fd, const char *what, struct turf_error **err)
{
    int domain = 0;
    socklen_t dl = sizeof(domain);
    int type = 0;
    socklen_t tl = sizeof(type);
    if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &dl) < 0 ||
        getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0)
        return turf_error_errno(err, -errno, "%s: not a socket", what);
    if (type != SOCK_STREAM)
        return turf_error_set(err, -EINVAL, "%s: not a stream socket", what);
    int flags = fcntl(fd, F_GETFD);
    if (flags >= 0)
        fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    struct listener *l = calloc(1, sizeof(*l));
    if (!l)
        return turf_error_set(err, -ENOMEM, "%s: out of memory", what);
    l->srv = s;
    int r = domain == AF_UNIX ? uv_pipe_init(&s->w->loop, &l->h.pipe, 0)
                              : uv_tcp_init(&s->w->loop, &l->h.tcp);
    if (r < 0) {
        free(l);
        return turf_error_set(err, r, "%s: cannot listen: %s", what, uv_strerror(r));
    }
    r = domain == AF_UNIX ? uv_pipe_open(&l->h.pipe, fd) : uv_tcp_open(&l->h.tcp, fd);
    if (r == 0)
        r = uv_listen(&l->h.stream, 1024, on_connection);
    if (r < 0) {
        uv_close(&l->h.handle, free_handle);
        return turf_error_set(err, r, "%s: cannot listen: %s", what, uv_strerror(r));
    }
    l->next = s->listeners;
    s->listeners = l;
    return 0;
}

int turf_http_serve_fd(struct turf_worker *w, int listen_fd, const struct turf_http_options *opt,
                       struct turf_error **err)
{
    struct turf_http *s = w->http;
    if (!s)
        return turf_error_set(err, -EINVAL, "http: not installed");
    int r = start_serving(s, opt, err);
    if (r < 0)
        return r;
    char what[32];
    snprintf(what, sizeof(what), "fd %d", listen_fd);
    return add_listener(s, listen_fd, what, err);
}

static int open_tcp(const char *spec, int *fd_out, struct turf_error **err)
{
    char host[256];
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(host))
        return turf_error_set(err, -EINVAL, "--listen %s: expected HOST:PORT, unix:PATH or fd:N",
                              spec);
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = '\0';
    char *end;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (errno || end == colon + 1 || *end || port > 65535)
        return turf_error_set(err, -EINVAL, "--listen %s: bad port '%s'", spec, colon + 1);
    struct sockaddr_storage ss = {0};
    size_t hl = strlen(host);
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        memmove(host, host + 1, hl - 1);
    }
    if (!strcmp(host, "localhost"))
        strcpy(host, "127.0.0.1");
    if (uv_ip4_addr(host, (int)port, (struct sockaddr_in *)&ss) != 0 &&
        uv_ip6_addr(host, (int)port, (struct sockaddr_in6 *)&ss) != 0)
        return turf_error_set(
            err, -EINVAL, "--listen %s: '%s' is not a numeric IP address or localhost", spec, host);
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return turf_error_errno(err, -errno, "--listen %s: socket", spec);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    socklen_t len =
        ss.ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
    if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 1024) < 0) {
        int e = -errno;
        close(fd);
        return turf_error_errno(err, e, "--listen %s", spec);
    }
    *fd_out = fd;
    return 0;
}

static int open_unix(const char *spec, const char *path, int *fd_out, struct turf_error **err)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (!*path || strlen(path) >= sizeof(sa.sun_path))
        return turf_error_set(err, -EINVAL, "--listen %s: bad socket path", spec);
    strcpy(sa.sun_path, path);
    /* A socket left by an earlier run is replaced; any other file is not touched. */
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return turf_error_errno(err, -errno, "--listen %s: socket", spec);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1024) < 0) {
        int e = -errno;
        close(fd);
        return turf_error_errno(err, e, "--listen %s", spec);
    }
    *fd_out = fd;
    return 0;
}

static void log_address(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
        return;
    char ip[64] = "";
    if (ss.ss_family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        uv_ip4_name(in, ip, sizeof(ip));
        turf_log_info("listening on http://%s:%d/", ip, ntohs(in->sin_port));
    } else if (ss.ss_family == AF_INET6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        uv_ip6_name(in6, ip, sizeof(ip));
        turf_log_info("listening on http://[%s]:%d/", ip, ntohs(in6->sin6_port));
    } else if (ss.ss_family == AF_UNIX) {
        turf_log_info("listening on unix:%s", ((struct sockaddr_un *)&ss)->sun_path);
    }
}

int turf_http_serve_spec(struct turf_worker *w, const char *spec,
                         const struct turf_http_options *opt, struct turf_error **err)
{
    int fd = -1, r;
    if (!spec) {
        /* systemd socket activation: fds 3.. when LISTEN_PID names this process. */
        const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
        if (!pid || !fds || strtol(pid, NULL, 10) != (long)getpid())
            return -ENOENT;
        long n = strtol(fds, NULL, 10);
        if (n < 1 || n > 64)
            return -ENOENT;
        unsetenv("LISTEN_PID");
        unsetenv("LISTEN_FDS");
        unsetenv("LISTEN_FDNAMES");
        for (int i = 0; i < n; i++) {
            if ((r = turf_http_serve_fd(w, 3 + i, opt, err)) < 0)
                return turf_error_wrap(err, "LISTEN_FDS");
            log_address(3 + i);
        }
        return 0;
    }
    if (!strncmp(spec, "fd:", 3)) {
        char *end;
        errno = 0;
        long n = strtol(spec + 3, &end, 10);
        if (errno || end == spec + 3 || *end || n < 0 || n > INT_MAX)
            return turf_error_set(err, -EINVAL, "--listen %s: bad descriptor number", spec);
        fd = (int)n;
    } else if (!strncmp(spec, "unix:", 5)) {
        if ((r = open_unix(spec, spec + 5, &fd, err)) < 0)
            return r;
        if ((r = turf_http_serve_fd(w, fd, opt, err)) < 0) {
            close(fd);
            return r;
        }
        turf_log_info("listening on %s", spec);
        return 0;
    } else if ((r = open_tcp(spec, &fd, err)) < 0) {
        return r;
    }
    if ((r = turf_http_serve_fd(w, fd, opt, err)) < 0) {
        if (strncmp(spec, "fd:", 3))
            close(fd);
        return turf_error_wrap(err, "--listen %s", spec);
    }
    log_address(fd);
    return 0;
}

bool turf_http_shutdown_done(struct turf_worker *w)
{
    return w->http && w->http->stopped;
}

void turf_http_done(struct turf_worker *w)
{
    struct turf_http *s = w->http;
    turf_fetch_client_done(w);
    if (!s)
        return;
    for (struct listener *l = s->listeners, *next; l; l = next) {
        next = l->next;
        uv_close(&l->h.handle, free_handle);
    }
    s->listeners = NULL;
    while (s->conns)
        conn_close(s->conns);
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, s->by_id);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        struct req *r = value;
        r->addressable = false;
        g_hash_table_iter_remove(&iter);
        req_forget(r);
        turf_buf_free(&r->url);
        turf_buf_free(&r->headers);
        turf_buf_free(&r->body);
        turf_buf_free(&r->out);
        free(r);
    }
    if (s->serving) {
        uv_close((uv_handle_t *)&s->sweep, NULL);
        uv_close((uv_handle_t *)&s->sigterm, NULL);
        uv_close((uv_handle_t *)&s->sigint, NULL);
    }
    s->shutting_down = true;
    s->stopped = true;
    uv_run(&w->loop, UV_RUN_NOWAIT);
    JSContextRef ctx = w->ctx;
    if (s->js_handle) {
        JSValueUnprotect(ctx, s->js_handle);
        JSValueUnprotect(ctx, s->js_drain);
    }
    for (size_t i = 0; i <= HTTP_SOURCE; i++)
        JSValueUnprotect(ctx, s->methods[i]);
    g_hash_table_destroy(s->by_id);
    free(s->latin1);
    free(s);
    w->http = NULL;
}

/* ---- natives for the glue ---- */

static struct req *lookup(JSContextRef ctx, size_t argc, const JSValueRef argv[])
{
    struct turf_http *s = server();
    if (!s || argc < 1)
        return NULL;
    double id = JSValueToNumber(ctx, argv[0], NULL);
    if (!(id >= 1 && id <= UINT32_MAX))
        return NULL;
    return g_hash_table_lookup(s->by_id, GUINT_TO_POINTER((uint32_t)id));
}

/* internal.httpRespond(id, status, statusText, headerBlock, kind, a, b, c): kind 0 no body,
 * 1 the string a, 2 the bytes (a: ArrayBuffer, b: offset, c: length), 3 a stream (chunks come
 * with httpWrite). Returns false if the request can no longer be answered. */
static JSValueRef native_respond(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                 TURF_UNUSED JSObjectRef this_object, size_t argc,
                                 const JSValueRef argv[], JSValueRef *exception)
{
    struct req *r = lookup(ctx, argc, argv);
    if (!r || r->state != RESP_WAITING || argc < 5)
        return JSValueMakeBoolean(ctx, false);
    int status = (int)JSValueToNumber(ctx, argv[1], NULL);
    _cleanup_free_ char *status_text = turf_js_value_to_utf8(ctx, argv[2], NULL, exception);
    _cleanup_jsstring_ JSStringRef headers = JSValueToStringCopy(ctx, argv[3], exception);
    if (!status_text || !headers)
        return NULL;
    int kind = (int)JSValueToNumber(ctx, argv[4], NULL);
    struct turf_buf body = {0};
    const char *bytes = NULL;
    size_t len = 0;
    if (kind == 1 && argc > 5) {
        _cleanup_jsstring_ JSStringRef text = JSValueToStringCopy(ctx, argv[5], exception);
        if (!text)
            return NULL;
        /* Short bodies are encoded into the response itself, after the head, below. */
        if (turf_buf_append_js_utf8(&body, text) < 0)
            return turf_js_throw_type_error(ctx, exception, "out of memory");
        bytes = body.data;
        len = body.len;
    } else if (kind == 2 && argc > 7) {
        if (!turf_js_buffer_view(ctx, argv + 5, &bytes, &len, exception))
            return NULL;
    }
    struct turf_http *s = r->srv;
    req_forget(r);
    bool stream = kind == 3;
    if (stream) {
        /* Stays addressable for httpWrite/httpEnd. */
        g_hash_table_insert(s->by_id, GUINT_TO_POINTER(r->id), r);
        r->addressable = true;
    }
    bool no_body = r->head_method || !status_has_body(status);
    if (build_head(r, status, status_text, headers, stream ? -1 : (int64_t)len) < 0 ||
        (!no_body && !stream && turf_buf_append(&r->out, bytes, len) < 0)) {
        turf_buf_free(&body);
        req_answer_error(r, 500, true);
    } else {
        r->state = stream ? RESP_STREAM : RESP_DONE;
        if (stream && no_body) {
            r->chunked_out = false;
            r->discard_body = true;
        }
        turf_buf_free(&body);
    }
    if (r->c)
        conn_flush(r->c);
    else if (!r->addressable)
        req_free(r);
    return JSValueMakeBoolean(ctx, true);
}

static size_t pending_bytes(struct req *r)
{
    if (!r->c)
        return 0;
    size_t n = r->out.len + r->c->h.stream.write_queue_size;
    return n;
}

/* internal.httpWrite(id, buffer, offset, length): one chunk of a streaming response. Returns 1
 * to ask for more now, 0 to wait for internal.httpDrain(id), -1 if the client is gone. */
static JSValueRef native_write(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                               TURF_UNUSED JSObjectRef this_object, size_t argc,
                               const JSValueRef argv[], JSValueRef *exception)
{
    struct req *r = lookup(ctx, argc, argv);
    if (!r || r->state != RESP_STREAM || !r->c || r->c->closing || argc < 4)
        return JSValueMakeNumber(ctx, -1);
    const char *data;
    size_t len;
    if (!turf_js_buffer_view(ctx, argv + 1, &data, &len, exception))
        return NULL;
    if (len == 0)
        return JSValueMakeNumber(ctx, 1);
    if (!r->discard_body) {
        if (r->chunked_out) {
            char size[24];
            int n = snprintf(size, sizeof(size), "%zx\r\n", len);
            turf_buf_append(&r->out, size, (size_t)n);
        }
        turf_buf_append(&r->out, data, len);
        if (r->chunked_out)
            turf_buf_append(&r->out, "\r\n", 2);
    }
    if (r->c->head == r)
        conn_flush(r->c);
    if (!r->c || r->c->closing)
        return JSValueMakeNumber(ctx, -1);
    if (pending_bytes(r) < STREAM_HIGH_WATER)
        return JSValueMakeNumber(ctx, 1);
    r->want_drain = true;
    return JSValueMakeNumber(ctx, 0);
}

/* internal.httpEnd(id, failed): the end of a streaming response. A stream that failed ends the
 * connection without the final chunk, so the client sees the body is incomplete. */
static JSValueRef native_end(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                             TURF_UNUSED JSObjectRef this_object, size_t argc,
                             const JSValueRef argv[], TURF_UNUSED JSValueRef *exception)
{
    struct req *r = lookup(ctx, argc, argv);
    if (!r || r->state != RESP_STREAM)
        return JSValueMakeUndefined(ctx);
    bool failed = argc > 1 && JSValueToBoolean(ctx, argv[1]);
    req_forget(r);
    struct conn *c = r->c;
    if (!c) {
        req_free(r);
        return JSValueMakeUndefined(ctx);
    }
    if (failed) {
        r->keep_alive = false;
    } else if (r->chunked_out) {
        turf_buf_append(&r->out, "0\r\n\r\n", 5);
    }
    r->state = RESP_DONE;
    conn_flush(c);
    return JSValueMakeUndefined(ctx);
}

/* internal.httpWaitUntil(delta): the glue counts waitUntil promises still pending, so that a
 * graceful shutdown waits for them. */
static JSValueRef native_wait_until(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                    TURF_UNUSED JSObjectRef this_object, size_t argc,
                                    const JSValueRef argv[], TURF_UNUSED JSValueRef *exception)
{
    struct turf_http *s = server();
    if (s && argc) {
        int delta = (int)JSValueToNumber(ctx, argv[0], NULL);
        if (delta > 0)
            s->wait_until++;
        else if (s->wait_until > 0)
            s->wait_until--;
        check_shutdown(s);
    }
    return JSValueMakeUndefined(ctx);
}

int turf_http_install(struct turf_worker *w, struct turf_error **err)
{
    http_parser_settings_init(&parser_settings);
    parser_settings.on_message_begin = on_message_begin;
    parser_settings.on_url = on_url;
    parser_settings.on_header_field = on_header_field;
    parser_settings.on_header_value = on_header_value;
    parser_settings.on_headers_complete = on_headers_complete;
    parser_settings.on_body = on_body;
    parser_settings.on_message_complete = on_message_complete;

    struct turf_http *s = calloc(1, sizeof(*s));
    if (!s)
        return turf_error_set(err, -ENOMEM, "http: out of memory");
    s->w = w;
    turf_http_options_default(&s->opt);
    s->by_id = g_hash_table_new(g_direct_hash, g_direct_equal);
    w->http = s;
    for (size_t i = 0; i <= HTTP_SOURCE; i++) {
        s->methods[i] = turf_js_make_string(w->ctx, http_method_str((enum http_method)i));
        JSValueProtect(w->ctx, s->methods[i]);
    }
    turf_js_set_function(w->ctx, w->internal, "httpRespond", native_respond, TURF_JS_HIDDEN);
    turf_js_set_function(w->ctx, w->internal, "httpWrite", native_write, TURF_JS_HIDDEN);
    turf_js_set_function(w->ctx, w->internal, "httpEnd", native_end, TURF_JS_HIDDEN);
    turf_js_set_function(w->ctx, w->internal, "httpWaitUntil", native_wait_until, TURF_JS_HIDDEN);
    return turf_fetch_client_install(w, err);
}

/* The glue's hooks exist only after the glue ran (after turf_http_install): looked up when
 * serving starts. */
static int lookup_hooks(struct turf_http *s, struct turf_error **err)
{
    if (s->js_handle)
        return 0;
    JSContextRef ctx = s->w->ctx;
    s->js_handle = turf_js_as_function(ctx, turf_js_get(ctx, s->w->internal, "httpHandle", NULL));
    s->js_drain = turf_js_as_function(ctx, turf_js_get(ctx, s->w->internal, "httpDrain", NULL));
    if (!s->js_handle || !s->js_drain) {
        s->js_handle = s->js_drain = NULL;
        return turf_error_set(err, -ENOSYS, "http: the fetch-event glue is missing");
    }
    JSValueProtect(ctx, s->js_handle);
    JSValueProtect(ctx, s->js_drain);
    return 0;
}

void turf_http_options_default(struct turf_http_options *opt)
{
    *opt = (struct turf_http_options){
        .max_header_bytes = TURF_HTTP_DEFAULT_MAX_HEADER_BYTES,
        .max_body_bytes = TURF_HTTP_DEFAULT_MAX_BODY_BYTES,
        .read_timeout_ms = TURF_HTTP_DEFAULT_READ_TIMEOUT_MS,
        .idle_timeout_ms = TURF_HTTP_DEFAULT_IDLE_TIMEOUT_MS,
        .handler_timeout_ms = TURF_HTTP_DEFAULT_HANDLER_TIMEOUT_MS,
        .shutdown_timeout_ms = TURF_HTTP_DEFAULT_SHUTDOWN_TIMEOUT_MS,
    };
}
