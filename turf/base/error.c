/* Error objects shared by every Turf module (see error.h for the conventions). */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *format_message(const char *fmt, va_list ap)
{
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        return NULL;
    return msg;
}

int turf_error_setv(struct turf_error **err, int code, const char *fmt, va_list ap)
{
    if (code >= 0)
        code = -EINVAL;
    if (!err)
        return code;
    /* Format before freeing the old error: the new message may quote it. */
    char *msg = format_message(fmt, ap);
    if (!msg)
        msg = strdup("out of memory while formatting an error");
    turf_error_free(err);
    struct turf_error *e = msg ? calloc(1, sizeof(*e)) : NULL;
    if (!e) {
        free(msg);
        return code;
    }
    e->code = code;
    e->msg = msg;
    *err = e;
    return code;
}

int turf_error_set(struct turf_error **err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = turf_error_setv(err, code, fmt, ap);
    va_end(ap);
    return r;
}

int turf_error_errno(struct turf_error **err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = turf_error_setv(err, code, fmt, ap);
    va_end(ap);
    if (err && *err) {
        char *msg = NULL;
        if (asprintf(&msg, "%s: %s", (*err)->msg, strerror(-r)) >= 0) {
            free((*err)->msg);
            (*err)->msg = msg;
        }
    }
    return r;
}

int turf_error_wrap(struct turf_error **err, const char *fmt, ...)
{
    if (!err || !*err)
        return -EINVAL;
    va_list ap;
    va_start(ap, fmt);
    char *prefix = format_message(fmt, ap);
    va_end(ap);
    if (!prefix || !*prefix) {
        free(prefix);
        return (*err)->code;
    }
    char *msg = NULL;
    if (asprintf(&msg, "%s: %s", prefix, (*err)->msg) >= 0) {
        free((*err)->msg);
        (*err)->msg = msg;
    }
    free(prefix);
    return (*err)->code;
}

void turf_error_free(struct turf_error **err)
{
    if (!err || !*err)
        return;
    free((*err)->msg);
    free(*err);
    *err = NULL;
}
