/* The native half of URL (js/url.js): recognising, in one pass over the string, a URL that is
 * already written as the URL serializer writes it. Every request's url is one ("http://" + Host +
 * target, and what clients send is almost always canonical); parsing such a string with the
 * state machine in JS costs a sandbox time and, worse, the pages that running it writes. */
#include "jsutil.h"
#include "worker.h"

struct special_scheme {
    const char *name;
    long port;
};

/* The special schemes but file, which has its own host and path rules. */
static const struct special_scheme special_schemes[] = {
    {"http", 80}, {"https", 443}, {"ws", 80}, {"wss", 443}, {"ftp", 21},
};

/* Whether the n units at u are the ASCII string s. */
static bool units_equal(const JSChar *u, size_t n, const char *s)
{
    size_t i = 0;
    for (; i < n && s[i]; i++)
        if (u[i] != (unsigned char)s[i])
            return false;
    return i == n && !s[i];
}

static bool is_digit(JSChar c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(JSChar c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Labels u[a, b) of a host that the domain parser would return as they are: lowercase ASCII
 * letters, digits, '-', '_', no empty label and no xn-- label (Punycode to validate). Returns
 * the last label's start, or -1. */
static long domain_last_label(const JSChar *u, size_t a, size_t b)
{
    size_t label = a;
    for (size_t i = a; i <= b; i++) {
        if (i < b && u[i] != '.') {
            JSChar c = u[i];
            if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_'))
                return -1;
            continue;
        }
        if (i == label)
            return -1;
        if (i - label >= 4 && u[label] == 'x' && u[label + 1] == 'n' && u[label + 2] == '-' &&
            u[label + 3] == '-')
            return -1;
        if (i < b)
            label = i + 1;
    }
    return (long)label;
}

/* A host that ends in a number is an IPv4 address: accepted only as four dotted decimal
 * numbers 0-255 without leading zeros (the serialized form). */
static bool dotted_ipv4(const JSChar *u, size_t a, size_t b)
{
    unsigned parts = 0;
    for (size_t i = a; i <= b; i++) {
        size_t start = i;
        unsigned value = 0;
        for (; i < b && is_digit(u[i]); i++) {
            value = value * 10 + (u[i] - '0');
            if (value > 255)
                return false;
        }
        if (i == start || (i - start > 1 && u[start] == '0') || (i < b && u[i] != '.'))
            return false;
        parts++;
    }
    return parts == 4;
}

/* Code points the parser would percent-encode (or end the part on) after the path, query and
 * fragment states, beyond what url_split refuses everywhere (controls, space, non-ASCII, '\'). */
static bool encoded_in(JSChar c, char part)
{
    switch (part) {
    case '/':
        return c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}';
    case '?':
        return c == '"' || c == '<' || c == '>' || c == '\'';
    default:
        return c == '"' || c == '<' || c == '>' || c == '`';
    }
}

/* Splits u[0, n) if it is the serialization of an absolute URL with a special scheme (not file),
 * no credentials, a domain or IPv4 host, a path without dot segments and nothing to percent-
 * encode. ends[] gets the scheme's end, the host's end, the path's start and end and the query's
 * end; *port the port or -1. Anything else (including every URL that
 * fails to parse) returns false and is for the full parser. */
static bool url_split(const JSChar *u, size_t n, size_t ends[5], long *port)
{
    for (size_t i = 0; i < n; i++)
        if (u[i] <= 0x20 || u[i] >= 0x7F || u[i] == '\\')
            return false;
    size_t i = 0;
    while (i < n && u[i] >= 'a' && u[i] <= 'z')
        i++;
    const struct special_scheme *scheme = NULL;
    for (size_t k = 0; k < sizeof(special_schemes) / sizeof(special_schemes[0]); k++)
        if (units_equal(u, i, special_schemes[k].name))
            scheme = &special_schemes[k];
    if (!scheme || n - i < 3 || u[i] != ':' || u[i + 1] != '/' || u[i + 2] != '/')
        return false;
    ends[0] = i;
    size_t host = i + 3;
    for (i = host; i < n && u[i] != ':' && u[i] != '/'; i++)
        if (u[i] == '?' || u[i] == '#' || u[i] == '@' || u[i] == '[')
            return false;
    ends[1] = i;
    long last = domain_last_label(u, host, i);
    if (last < 0)
        return false;
    bool numeric = true;
    for (size_t k = (size_t)last; k < i; k++)
        numeric = numeric && is_digit(u[k]);
    if (numeric && !dotted_ipv4(u, host, i))
        return false;
    if (i - (size_t)last >= 2 && u[last] == '0' && u[last + 1] == 'x') {
        bool hex = true;
        for (size_t k = (size_t)last + 2; k < i; k++)
            hex = hex && is_hex(u[k]);
        if (hex)
            return false; /* an IPv4 number in hex */
    }
    *port = -1;
    if (i < n && u[i] == ':') {
        size_t start = ++i;
        long value = 0;
        for (; i < n && is_digit(u[i]) && i - start < 5; i++)
            value = value * 10 + (u[i] - '0');
        if (i == start || u[start] == '0' || value > 65535 || value == scheme->port)
            return false;
        *port = value;
    }
    if (i == n || u[i] != '/')
        return false;
    ends[2] = i;
    for (size_t segment = ++i;; i++) {
        bool end = i == n || u[i] == '?' || u[i] == '#';
        if (!end && u[i] != '/') {
            if (encoded_in(u[i], '/') ||
                (u[i] == '%' && n - i >= 3 && u[i + 1] == '2' && (u[i + 2] | 0x20) == 'e'))
                return false; /* to encode, or maybe a dot segment */
            continue;
        }
        if (units_equal(u + segment, i - segment, ".") ||
            units_equal(u + segment, i - segment, ".."))
            return false;
        if (end)
            break;
        segment = i + 1;
    }
    ends[3] = i;
    if (i < n && u[i] == '?')
        for (i++; i < n && u[i] != '#'; i++)
            if (encoded_in(u[i], '?'))
                return false;
    ends[4] = i;
    if (i < n)
        for (i++; i < n; i++)
            if (encoded_in(u[i], '#'))
                return false;
    return true;
}

/* internal.urlSplit(string) -> [scheme end, host end, path start, path end, query end, port or
 * null] if url_split recognises the string, else undefined. */
static JSValueRef native_url_split(JSContextRef ctx, TURF_UNUSED JSObjectRef function,
                                   TURF_UNUSED JSObjectRef this_object, size_t argc,
                                   const JSValueRef argv[], JSValueRef *exception)
{
    _cleanup_jsstring_ JSStringRef s = turf_js_arg_string(ctx, argc, argv, exception);
    if (!s)
        return NULL;
    size_t ends[5];
    long port;
    if (!url_split(JSStringGetCharactersPtr(s), JSStringGetLength(s), ends, &port))
        return JSValueMakeUndefined(ctx);
    JSValueRef parts[6];
    for (size_t k = 0; k < 5; k++)
        parts[k] = JSValueMakeNumber(ctx, (double)ends[k]);
    parts[5] = port < 0 ? JSValueMakeNull(ctx) : JSValueMakeNumber(ctx, (double)port);
    return JSObjectMakeArray(ctx, 6, parts, exception);
}

int turf_url_install(struct turf_worker *w, TURF_UNUSED struct turf_error **err)
{
    turf_js_set_function(w->ctx, w->internal, "urlSplit", native_url_split, TURF_JS_HIDDEN);
    return 0;
}
