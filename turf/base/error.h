/* Error objects: a negative errno plus a message that says what was being done, with which
 * input. Functions return the negative errno and fill *err; the caller that knows the wider
 * context prefixes it (turf_error_wrap) and the top level prints it once. */
#ifndef TURF_BASE_ERROR_H
#define TURF_BASE_ERROR_H

#include <stdarg.h>

struct turf_error {
    int code;  /* negative errno (-EINVAL for bad input) */
    char *msg; /* human text, never NULL once set */
};

/* Sets *err (replacing any earlier error) and returns code, which must be negative.
 * A "%m" in fmt is not supported: pass strerror(-code) explicitly or use turf_error_errno. */
int turf_error_set(struct turf_error **err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int turf_error_setv(struct turf_error **err, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Like turf_error_set, and appends ": <strerror(-code)>". */
int turf_error_errno(struct turf_error **err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message of an existing error with "<context>: " and returns its code. */
int turf_error_wrap(struct turf_error **err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void turf_error_free(struct turf_error **err);

#define _cleanup_error_ __attribute__((cleanup(turf_error_free)))

#endif
