/* The table-driven JSON codec (see codec.h): parse with JSON-path errors, emit, compare, free.
 * Every walk below follows the same field tables, so the four stay in step. */
#include "codec.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct codec_ctx {
    const char *source;
    struct turf_error **err;
    size_t len;
    char path[1024];
};

#define AT(obj, off)       ((void *)((char *)(obj) + (off)))
#define AT_CONST(obj, off) ((const void *)((const char *)(obj) + (off)))

/* ---- paths and errors ---- */

static void path_append(struct codec_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void path_append(struct codec_ctx *ctx, const char *fmt, ...)
{
    if (ctx->len >= sizeof(ctx->path) - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(ctx->path + ctx->len, sizeof(ctx->path) - ctx->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        ctx->len += (size_t)n;
    if (ctx->len >= sizeof(ctx->path))
        ctx->len = sizeof(ctx->path) - 1;
}

static void path_key(struct codec_ctx *ctx, const char *key)
{
    path_append(ctx, ctx->len ? ".%s" : "%s", key);
}

static void path_restore(struct codec_ctx *ctx, size_t len)
{
    ctx->len = len;
    ctx->path[len] = '\0';
}

int codec_error(struct codec_ctx *ctx, const char *sub, const char *fmt, ...)
{
    size_t saved = ctx->len;
    if (sub && *sub)
        path_append(ctx, (ctx->len && sub[0] != '[') ? ".%s" : "%s", sub);

    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);

    const char *text = msg ? msg : "out of memory";
    if (ctx->len)
        turf_error_set(ctx->err, -EINVAL, "%s: %s: %s", ctx->source, ctx->path, text);
    else
        turf_error_set(ctx->err, -EINVAL, "%s: %s", ctx->source, text);
    free(msg);
    path_restore(ctx, saved);
    return -EINVAL;
}

static int out_of_memory(struct codec_ctx *ctx)
{
    turf_error_set(ctx->err, -ENOMEM, "%s: out of memory", ctx->source);
    return -ENOMEM;
}

static const char *big_integer_digits(const json_t *v);

/* "string \"1G\"", "real 1.5", "an array"... for "expected X, got Y" messages. */
static void describe(const json_t *v, char *buf, size_t size)
{
    switch (json_typeof(v)) {
    case JSON_STRING: {
        const char *s = json_string_value(v);
        if (big_integer_digits(v)) {
            snprintf(buf, size, "integer %s", big_integer_digits(v));
            break;
        }
        size_t n = strlen(s);
        if (n > 40)
            snprintf(buf, size, "string \"%.40s...\"", s);
        else
            snprintf(buf, size, "string \"%s\"", s);
        break;
    }
    case JSON_INTEGER:
        snprintf(buf, size, "integer %" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        snprintf(buf, size, "real %g", json_real_value(v));
        break;
    case JSON_TRUE:
        snprintf(buf, size, "true");
        break;
    case JSON_FALSE:
        snprintf(buf, size, "false");
        break;
    case JSON_NULL:
        snprintf(buf, size, "null");
        break;
    case JSON_OBJECT:
        snprintf(buf, size, "an object");
        break;
    case JSON_ARRAY:
        snprintf(buf, size, "an array");
        break;
    }
}

static int type_error(struct codec_ctx *ctx, const char *expected, const json_t *v)
{
    char got[96];
    describe(v, got, sizeof(got));
    return codec_error(ctx, NULL, "expected %s, got %s", expected, got);
}

/* ---- integers beyond int64 ----
 * jansson keeps integers as long long and refuses larger ones while decoding, but uint64 fields
 * (rlimits of RLIM_INFINITY, seccomp argument masks) take the full range, exactly. So
 * codec_loadb rewrites each integer token outside int64 into a string of a NUL byte and the
 * token's digits, which no document can hold itself (a \u0000 escape is refused), the field
 * parsers read such a string as the integer it stands for, codec_emit makes the same form for
 * uint64 values above INT64_MAX, and codec_dumps writes them back as bare integers. */

#define TAG_ESCAPE     "\\u0000" /* how json_dumps writes the NUL byte */
#define TAG_ESCAPE_LEN 6
#define TAG_GROWTH     (TAG_ESCAPE_LEN + 2) /* the escape and two quotes */

/* The digits ("-123...") of a tagged big integer, or NULL when v is anything else. */
static const char *big_integer_digits(const json_t *v)
{
    if (!json_is_string(v))
        return NULL;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n < 2 || s[0] != '\0')
        return NULL;
    size_t i = s[1] == '-' ? 2 : 1;
    if (i >= n)
        return NULL;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return NULL;
    return s + 1;
}

/* A valid JSON integer token (no sign) that lies outside int64. */
static bool beyond_int64(const char *digits, size_t n, bool negative)
{
    if (n > 1 && digits[0] == '0')
        return false; /* not valid JSON: jansson says so */
    const char *limit = negative ? "9223372036854775808" : "9223372036854775807";
    return n > 19 || (n == 19 && memcmp(digits, limit, 19) > 0);
}

struct big_token {
    size_t start, end; /* in the input text */
    int line;
};

/* Finds the integer tokens outside int64 (appended to *tokens) and refuses \u0000 escapes.
 * Returns 0, -ENOMEM, or -EINVAL with *bad_line and *bad_column set. */
static int scan_big_integers(const char *text, size_t len, struct big_token **tokens, size_t *n,
                             int *bad_line, int *bad_column)
{
    bool in_string = false;
    int line = 1;
    size_t line_start = 0, cap = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') {
            line++;
            line_start = i + 1;
        }
        if (in_string) {
            if (c == '"') {
                in_string = false;
            } else if (c == '\\' && i + 1 < len) {
                if (text[i + 1] == 'u' && i + 5 < len && memcmp(text + i + 2, "0000", 4) == 0) {
                    *bad_line = line;
                    *bad_column = (int)(i - line_start) + 1;
                    return -EINVAL;
                }
                i++;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
            continue;
        }
        if (c != '-' && (c < '0' || c > '9'))
            continue;
        size_t start = i, d = c == '-' ? i + 1 : i, end = d;
        while (end < len && text[end] >= '0' && text[end] <= '9')
            end++;
        if (end < len && (text[end] == '.' || text[end] == 'e' || text[end] == 'E')) {
            while (end < len && strchr("0123456789.eE+-", text[end]))
                end++; /* a real: jansson's business */
        } else if (end > d && beyond_int64(text + d, end - d, c == '-')) {
            if (*n == cap) {
                cap = cap ? 2 * cap : 4;
                struct big_token *t = realloc(*tokens, cap * sizeof(**tokens));
                if (!t)
                    return -ENOMEM;
                *tokens = t;
            }
            (*tokens)[(*n)++] = (struct big_token){start, end, line};
        }
        i = end - 1;
    }
    return 0;
}

int codec_loadb(const char *text, size_t len, size_t flags, const char *source, json_t **out,
                struct turf_error **err)
{
    struct big_token *tokens = NULL;
    size_t n = 0;
    int bad_line = 0, bad_column = 0;
    *out = NULL;
    int r = scan_big_integers(text, len, &tokens, &n, &bad_line, &bad_column);
    if (r < 0)
        free(tokens);
    if (r == -EINVAL)
        return turf_error_set(err, r, "%s: line %d, column %d: \\u0000 is not allowed in a string",
                              source, bad_line, bad_column);
    if (r < 0)
        return turf_error_set(err, r, "%s: out of memory", source);

    json_error_t jerr;
    if (n == 0) {
        *out = json_loadb(text, len, flags, &jerr);
    } else {
        char *copy = malloc(len + n * TAG_GROWTH + 1);
        if (!copy) {
            free(tokens);
            return turf_error_set(err, -ENOMEM, "%s: out of memory", source);
        }
        size_t from = 0, to = 0;
        for (size_t k = 0; k < n; k++) {
            memcpy(copy + to, text + from, tokens[k].start - from);
            to += tokens[k].start - from;
            memcpy(copy + to, "\"" TAG_ESCAPE, TAG_ESCAPE_LEN + 1);
            to += TAG_ESCAPE_LEN + 1;
            memcpy(copy + to, text + tokens[k].start, tokens[k].end - tokens[k].start);
            to += tokens[k].end - tokens[k].start;
            copy[to++] = '"';
            from = tokens[k].end;
        }
        memcpy(copy + to, text + from, len - from);
        to += len - from;
        *out = json_loadb(copy, to, flags | JSON_ALLOW_NUL, &jerr);
        free(copy);
        if (!*out) {
            /* Report the column of the text as written, before the rewrite. */
            size_t shift = 0;
            for (size_t k = 0; k < n; k++)
                if (tokens[k].line == jerr.line &&
                    tokens[k].end + (k + 1) * TAG_GROWTH <= (size_t)jerr.position)
                    shift += TAG_GROWTH;
            jerr.column -= (int)shift;
        }
    }
    free(tokens);
    if (!*out)
        return turf_error_set(err, -EINVAL, "%s: line %d, column %d: %s", source, jerr.line,
                              jerr.column, jerr.text);
    return 0;
}

char *codec_dumps(const json_t *j, size_t flags)
{
    char *s = json_dumps(j, flags);
    if (!s || !strstr(s, "\"" TAG_ESCAPE))
        return s;
    /* Tagged strings become bare integers; the text only shrinks, so rewrite it in place. */
    bool in_string = false;
    size_t to = 0;
    for (size_t from = 0; s[from]; from++) {
        char c = s[from];
        if (!in_string && c == '"' && strncmp(s + from + 1, TAG_ESCAPE, TAG_ESCAPE_LEN) == 0) {
            from += 1 + TAG_ESCAPE_LEN;
            while (s[from] != '"')
                s[to++] = s[from++];
            continue;
        }
        if (in_string && c == '\\') {
            s[to++] = s[from++];
        } else if (c == '"') {
            in_string = !in_string;
        }
        s[to++] = s[from];
    }
    s[to] = '\0';
    return s;
}

/* ---- parsing ---- */

static int parse_object(struct codec_ctx *ctx, const struct codec_type *type, json_t *v, void *obj);

static int check_one_of(struct codec_ctx *ctx, const struct codec_field *f, const char *s)
{
    if (!f->one_of)
        return 0;
    for (const char *const *p = f->one_of; *p; p++)
        if (strcmp(*p, s) == 0)
            return 0;
    char allowed[1024];
    size_t n = 0;
    allowed[0] = '\0';
    for (const char *const *p = f->one_of; *p && n < sizeof(allowed); p++) {
        int w = snprintf(allowed + n, sizeof(allowed) - n, "%s%s", n ? ", " : "", *p);
        if (w > 0)
            n += (size_t)w;
    }
    return codec_error(ctx, NULL, "unknown value \"%s\" (expected one of: %s)", s, allowed);
}

static int parse_string(struct codec_ctx *ctx, const struct codec_field *f, json_t *v, char **out)
{
    if (!json_is_string(v) || big_integer_digits(v))
        return type_error(ctx, "a string", v);
    const char *s = json_string_value(v);
    int r = check_one_of(ctx, f, s);
    if (r < 0)
        return r;
    *out = strdup(s);
    if (!*out)
        return out_of_memory(ctx);
    if (f->check)
        return f->check(ctx, s);
    return 0;
}

static int parse_strv(struct codec_ctx *ctx, const struct codec_field *f, json_t *v, char ***out)
{
    if (!json_is_array(v))
        return type_error(ctx, "an array of strings", v);
    size_t n = json_array_size(v);
    char **strv = calloc(n + 1, sizeof(char *));
    if (!strv)
        return out_of_memory(ctx);
    *out = strv;
    size_t saved = ctx->len;
    for (size_t i = 0; i < n; i++) {
        path_append(ctx, "[%zu]", i);
        int r = parse_string(ctx, f, json_array_get(v, i), &strv[i]);
        path_restore(ctx, saved);
        if (r < 0)
            return r;
    }
    return 0;
}

/* Integer kinds: storage range, narrowed by the field's own range when it has one. */
static int parse_integer(struct codec_ctx *ctx, const struct codec_field *f, json_t *v, int64_t lo,
                         int64_t hi, int64_t *out)
{
    if (f->ranged) {
        lo = f->min > lo ? f->min : lo;
        hi = f->max < hi ? f->max : hi;
    }
    const char *big = big_integer_digits(v);
    if (big)
        return codec_error(ctx, NULL,
                           "expected an integer between %" PRId64 " and %" PRId64 ", got %s", lo,
                           hi, big);
    if (!json_is_integer(v))
        return type_error(ctx, "an integer", v);
    int64_t x = json_integer_value(v);
    if (x < lo || x > hi)
        return codec_error(ctx, NULL,
                           "expected an integer between %" PRId64 " and %" PRId64 ", got %" PRId64,
                           lo, hi, x);
    *out = x;
    return 0;
}

/* uint64 fields: any JSON integer from 0 to UINT64_MAX (or the field's own maximum), exactly. */
static int parse_unsigned(struct codec_ctx *ctx, const struct codec_field *f, json_t *v,
                          uint64_t *out)
{
    uint64_t lo = 0, hi = UINT64_MAX;
    if (f->ranged) {
        lo = f->min > 0 ? (uint64_t)f->min : 0;
        hi = f->max >= 0 ? (uint64_t)f->max : 0;
    }
    const char *big = big_integer_digits(v);
    uint64_t x;
    if (big) {
        errno = 0;
        x = strtoull(big, NULL, 10);
        if (big[0] == '-' || errno == ERANGE || x < lo || x > hi)
            return codec_error(ctx, NULL,
                               "expected an integer between %" PRIu64 " and %" PRIu64 ", got %s",
                               lo, hi, big);
    } else {
        if (!json_is_integer(v))
            return type_error(ctx, "an integer", v);
        json_int_t i = json_integer_value(v);
        if (i < 0 || (uint64_t)i < lo || (uint64_t)i > hi)
            return codec_error(ctx, NULL,
                               "expected an integer between %" PRIu64 " and %" PRIu64
                               ", got %" JSON_INTEGER_FORMAT,
                               lo, hi, i);
        x = (uint64_t)i;
    }
    *out = x;
    return 0;
}

static int parse_array_of_objects(struct codec_ctx *ctx, const struct codec_field *f, json_t *v,
                                  void *obj)
{
    if (!json_is_array(v))
        return type_error(ctx, "an array of objects", v);
    size_t n = json_array_size(v);
    void *items = calloc(n ? n : 1, f->type->size);
    if (!items)
        return out_of_memory(ctx);
    *(void **)AT(obj, f->offset) = items;
    *(size_t *)AT(obj, f->count_offset) = n;
    size_t saved = ctx->len;
    for (size_t i = 0; i < n; i++) {
        path_append(ctx, "[%zu]", i);
        int r = parse_object(ctx, f->type, json_array_get(v, i), (char *)items + i * f->type->size);
        path_restore(ctx, saved);
        if (r < 0)
            return r;
    }
    return 0;
}

static int parse_map(struct codec_ctx *ctx, const struct codec_field *f, json_t *v, void *obj)
{
    bool of_strings = f->kind == CODEC_STRING_MAP;
    if (!json_is_object(v))
        return type_error(ctx, of_strings ? "an object of strings" : "an object of objects", v);
    size_t n = json_object_size(v);
    size_t item_size = of_strings ? sizeof(struct oci_map_entry) : f->type->size;
    void *items = calloc(n ? n : 1, item_size);
    if (!items)
        return out_of_memory(ctx);
    if (of_strings) {
        struct oci_map *map = AT(obj, f->offset);
        map->entries = items;
        map->n_entries = n;
    } else {
        *(void **)AT(obj, f->offset) = items;
        *(size_t *)AT(obj, f->count_offset) = n;
    }

    size_t i = 0, saved = ctx->len;
    const char *key;
    json_t *value;
    json_object_foreach(v, key, value)
    {
        void *item = (char *)items + i++ * item_size;
        /* Both entry kinds start with `char *key`. */
        *(char **)item = strdup(key);
        if (!*(char **)item)
            return out_of_memory(ctx);
        path_append(ctx, "[\"%s\"]", key);
        int r = of_strings ? parse_string(ctx, f, value, &((struct oci_map_entry *)item)->value)
                           : parse_object(ctx, f->type, value, item);
        path_restore(ctx, saved);
        if (r < 0)
            return r;
    }
    return 0;
}

static int parse_field(struct codec_ctx *ctx, const struct codec_field *f, json_t *v, void *obj)
{
    void *p = AT(obj, f->offset);
    int64_t x;
    int r;

    switch (f->kind) {
    case CODEC_STRING:
        return parse_string(ctx, f, v, p);
    case CODEC_STRV:
        return parse_strv(ctx, f, v, p);
    case CODEC_BOOL:
        if (!json_is_boolean(v))
            return type_error(ctx, "a boolean", v);
        *(struct oci_bool *)p = (struct oci_bool){true, json_is_true(v)};
        break;
    case CODEC_I32:
        if ((r = parse_integer(ctx, f, v, INT32_MIN, INT32_MAX, &x)) < 0)
            return r;
        *(struct oci_i32 *)p = (struct oci_i32){true, (int32_t)x};
        break;
    case CODEC_U32:
        if ((r = parse_integer(ctx, f, v, 0, UINT32_MAX, &x)) < 0)
            return r;
        *(struct oci_u32 *)p = (struct oci_u32){true, (uint32_t)x};
        break;
    case CODEC_I64:
        if ((r = parse_integer(ctx, f, v, INT64_MIN, INT64_MAX, &x)) < 0)
            return r;
        *(struct oci_i64 *)p = (struct oci_i64){true, x};
        break;
    case CODEC_U64: {
        uint64_t u = 0;
        if ((r = parse_unsigned(ctx, f, v, &u)) < 0)
            return r;
        *(struct oci_u64 *)p = (struct oci_u64){true, u};
        break;
    }
    case CODEC_U32_ARRAY: {
        if (!json_is_array(v))
            return type_error(ctx, "an array of integers", v);
        size_t n = json_array_size(v), saved = ctx->len;
        uint32_t *items = calloc(n ? n : 1, sizeof(uint32_t));
        if (!items)
            return out_of_memory(ctx);
        *(uint32_t **)p = items;
        *(size_t *)AT(obj, f->count_offset) = n;
        for (size_t i = 0; i < n; i++) {
            path_append(ctx, "[%zu]", i);
            r = parse_integer(ctx, f, json_array_get(v, i), 0, UINT32_MAX, &x);
            path_restore(ctx, saved);
            if (r < 0)
                return r;
            items[i] = (uint32_t)x;
        }
        return 0;
    }
    case CODEC_OBJECT: {
        void *child = calloc(1, f->type->size);
        if (!child)
            return out_of_memory(ctx);
        *(void **)p = child;
        return parse_object(ctx, f->type, v, child);
    }
    case CODEC_OBJECT_ARRAY:
        return parse_array_of_objects(ctx, f, v, obj);
    case CODEC_OBJECT_MAP:
    case CODEC_STRING_MAP:
        return parse_map(ctx, f, v, obj);
    }
    if (f->check)
        return f->check(ctx, p);
    return 0;
}

static int parse_object(struct codec_ctx *ctx, const struct codec_type *type, json_t *v, void *obj)
{
    if (!json_is_object(v))
        return type_error(ctx, "an object", v);

    for (size_t i = 0; i < type->n_fields; i++) {
        const struct codec_field *f = &type->fields[i];
        json_t *value = json_object_get(v, f->name);
        size_t saved = ctx->len;
        path_key(ctx, f->name);
        int r;
        if (!value || json_is_null(value))
            r = f->required ? codec_error(ctx, NULL, "required field is missing") : 0;
        else
            r = parse_field(ctx, f, value, obj);
        path_restore(ctx, saved);
        if (r < 0)
            return r;
    }
    return type->check ? type->check(ctx, obj) : 0;
}

int codec_parse(const struct codec_type *type, json_t *root, const char *source, void **out,
                struct turf_error **err)
{
    struct codec_ctx ctx = {.source = source, .err = err};
    *out = NULL;
    void *obj = calloc(1, type->size);
    if (!obj)
        return out_of_memory(&ctx);
    int r = parse_object(&ctx, type, root, obj);
    if (r < 0) {
        codec_free(type, obj);
        return r;
    }
    *out = obj;
    return 0;
}

int codec_parse_text(const struct codec_type *type, const char *text, size_t len,
                     const char *source, void **out, struct turf_error **err)
{
    json_t *root = NULL;
    *out = NULL;
    int r = codec_loadb(text, len, JSON_REJECT_DUPLICATES, source, &root, err);
    if (r < 0)
        return r;
    r = codec_parse(type, root, source, out, err);
    json_decref(root);
    return r;
}

/* ---- emitting ---- */

static json_t *emit_strv(char *const *strv)
{
    json_t *a = json_array();
    for (size_t i = 0; a && strv[i]; i++)
        if (json_array_append_new(a, json_string(strv[i])) < 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* Returns the JSON for a field, NULL when the field is absent, or sets *oom. */
static json_t *emit_field(const struct codec_field *f, const void *obj, bool *oom)
{
    const void *p = AT_CONST(obj, f->offset);
    json_t *j = NULL;

    switch (f->kind) {
    case CODEC_STRING:
        if (!*(char *const *)p)
            return NULL;
        j = json_string(*(char *const *)p);
        break;
    case CODEC_STRV:
        if (!*(char **const *)p)
            return NULL;
        j = emit_strv(*(char **const *)p);
        break;
    case CODEC_BOOL:
        if (!((const struct oci_bool *)p)->set)
            return NULL;
        j = json_boolean(((const struct oci_bool *)p)->value);
        break;
    case CODEC_I32:
        if (!((const struct oci_i32 *)p)->set)
            return NULL;
        j = json_integer(((const struct oci_i32 *)p)->value);
        break;
    case CODEC_U32:
        if (!((const struct oci_u32 *)p)->set)
            return NULL;
        j = json_integer(((const struct oci_u32 *)p)->value);
        break;
    case CODEC_I64:
        if (!((const struct oci_i64 *)p)->set)
            return NULL;
        j = json_integer(((const struct oci_i64 *)p)->value);
        break;
    case CODEC_U64:
        if (!((const struct oci_u64 *)p)->set)
            return NULL;
        {
            uint64_t u = ((const struct oci_u64 *)p)->value;
            if (u <= INT64_MAX) {
                j = json_integer((json_int_t)u);
            } else {
                char tagged[24];
                int n = snprintf(tagged, sizeof(tagged), "%c%" PRIu64, '\0', u);
                j = json_stringn(tagged, (size_t)n);
            }
            break;
        }
    case CODEC_U32_ARRAY: {
        const uint32_t *items = *(uint32_t *const *)p;
        size_t n = *(const size_t *)AT_CONST(obj, f->count_offset);
        if (!items)
            return NULL;
        j = json_array();
        for (size_t i = 0; j && i < n; i++)
            if (json_array_append_new(j, json_integer(items[i])) < 0)
                *oom = true;
        break;
    }
    case CODEC_OBJECT:
        if (!*(void *const *)p)
            return NULL;
        j = codec_emit(f->type, *(void *const *)p);
        break;
    case CODEC_OBJECT_ARRAY: {
        const char *items = *(char *const *)p;
        size_t n = *(const size_t *)AT_CONST(obj, f->count_offset);
        if (!items)
            return NULL;
        j = json_array();
        for (size_t i = 0; j && i < n; i++) {
            json_t *item = codec_emit(f->type, items + i * f->type->size);
            if (!item || json_array_append_new(j, item) < 0)
                *oom = true;
        }
        break;
    }
    case CODEC_OBJECT_MAP: {
        const char *items = *(char *const *)p;
        size_t n = *(const size_t *)AT_CONST(obj, f->count_offset);
        if (!items)
            return NULL;
        j = json_object();
        for (size_t i = 0; j && i < n; i++) {
            const void *item = items + i * f->type->size;
            json_t *value = codec_emit(f->type, item);
            if (!value || json_object_set_new(j, *(char *const *)item, value) < 0)
                *oom = true;
        }
        break;
    }
    case CODEC_STRING_MAP: {
        const struct oci_map *map = p;
        if (!map->entries)
            return NULL;
        j = json_object();
        for (size_t i = 0; j && i < map->n_entries; i++)
            if (json_object_set_new(j, map->entries[i].key, json_string(map->entries[i].value)) < 0)
                *oom = true;
        break;
    }
    }
    if (!j)
        *oom = true;
    return j;
}

json_t *codec_emit(const struct codec_type *type, const void *obj)
{
    json_t *o = json_object();
    bool oom = false;
    for (size_t i = 0; o && i < type->n_fields && !oom; i++) {
        json_t *v = emit_field(&type->fields[i], obj, &oom);
        if (v && json_object_set_new(o, type->fields[i].name, v) < 0)
            oom = true;
    }
    if (oom) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- equality ---- */

static bool str_equal(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool strv_equal(char *const *a, char *const *b)
{
    if (!a || !b)
        return a == b;
    for (; *a && *b; a++, b++)
        if (strcmp(*a, *b) != 0)
            return false;
    return !*a && !*b;
}

static bool field_equal(const struct codec_field *f, const void *a, const void *b)
{
    const void *pa = AT_CONST(a, f->offset), *pb = AT_CONST(b, f->offset);
    size_t na = 0, nb = 0;
    if (f->kind == CODEC_U32_ARRAY || f->kind == CODEC_OBJECT_ARRAY ||
        f->kind == CODEC_OBJECT_MAP) {
        na = *(const size_t *)AT_CONST(a, f->count_offset);
        nb = *(const size_t *)AT_CONST(b, f->count_offset);
        if (na != nb || (*(void *const *)pa == NULL) != (*(void *const *)pb == NULL))
            return false;
    }

    switch (f->kind) {
    case CODEC_STRING:
        return str_equal(*(char *const *)pa, *(char *const *)pb);
    case CODEC_STRV:
        return strv_equal(*(char **const *)pa, *(char **const *)pb);
    case CODEC_BOOL: {
        const struct oci_bool *x = pa, *y = pb;
        return x->set == y->set && (!x->set || x->value == y->value);
    }
    case CODEC_I32:
    case CODEC_U32: {
        const struct oci_u32 *x = pa, *y = pb;
        return x->set == y->set && (!x->set || x->value == y->value);
    }
    case CODEC_I64:
    case CODEC_U64: {
        const struct oci_u64 *x = pa, *y = pb;
        return x->set == y->set && (!x->set || x->value == y->value);
    }
    case CODEC_U32_ARRAY:
        return na == 0 ||
               memcmp(*(uint32_t *const *)pa, *(uint32_t *const *)pb, na * sizeof(uint32_t)) == 0;
    case CODEC_OBJECT: {
        const void *x = *(void *const *)pa, *y = *(void *const *)pb;
        return (!x || !y) ? x == y : codec_equal(f->type, x, y);
    }
    case CODEC_OBJECT_ARRAY:
    case CODEC_OBJECT_MAP:
        for (size_t i = 0; i < na; i++) {
            const char *x = *(char *const *)pa + i * f->type->size;
            const char *y = *(char *const *)pb + i * f->type->size;
            if (f->kind == CODEC_OBJECT_MAP && !str_equal(*(char *const *)x, *(char *const *)y))
                return false;
            if (!codec_equal(f->type, x, y))
                return false;
        }
        return true;
    case CODEC_STRING_MAP: {
        const struct oci_map *x = pa, *y = pb;
        if (x->n_entries != y->n_entries || (!x->entries) != (!y->entries))
            return false;
        for (size_t i = 0; i < x->n_entries; i++)
            if (!str_equal(x->entries[i].key, y->entries[i].key) ||
                !str_equal(x->entries[i].value, y->entries[i].value))
                return false;
        return true;
    }
    }
    return false;
}

bool codec_equal(const struct codec_type *type, const void *a, const void *b)
{
    for (size_t i = 0; i < type->n_fields; i++)
        if (!field_equal(&type->fields[i], a, b))
            return false;
    return true;
}

/* ---- freeing ---- */

static void free_strv(char **strv)
{
    for (size_t i = 0; strv && strv[i]; i++)
        free(strv[i]);
    free(strv);
}

/* Frees the members of obj, not obj itself. */
static void free_members(const struct codec_type *type, void *obj)
{
    for (size_t i = 0; i < type->n_fields; i++) {
        const struct codec_field *f = &type->fields[i];
        void *p = AT(obj, f->offset);
        switch (f->kind) {
        case CODEC_STRING:
        case CODEC_U32_ARRAY:
            free(*(void **)p);
            break;
        case CODEC_STRV:
            free_strv(*(char ***)p);
            break;
        case CODEC_OBJECT:
            codec_free(f->type, *(void **)p);
            break;
        case CODEC_OBJECT_ARRAY:
        case CODEC_OBJECT_MAP: {
            char *items = *(char **)p;
            size_t n = *(size_t *)AT(obj, f->count_offset);
            for (size_t k = 0; items && k < n; k++) {
                char *item = items + k * f->type->size;
                if (f->kind == CODEC_OBJECT_MAP)
                    free(*(char **)item);
                free_members(f->type, item);
            }
            free(items);
            break;
        }
        case CODEC_STRING_MAP: {
            struct oci_map *map = p;
            for (size_t k = 0; map->entries && k < map->n_entries; k++) {
                free(map->entries[k].key);
                free(map->entries[k].value);
            }
            free(map->entries);
            break;
        }
        case CODEC_BOOL:
        case CODEC_I32:
        case CODEC_U32:
        case CODEC_I64:
        case CODEC_U64:
            break;
        }
    }
}

void codec_free(const struct codec_type *type, void *obj)
{
    if (!obj)
        return;
    free_members(type, obj);
    free(obj);
}
