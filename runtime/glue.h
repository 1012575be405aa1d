/* The JS glue of runtime/js/, embedded in the binary at build time: runtime.mk generates the
 * table (js-glue.c) from the directory listing, in file-name order. */
#ifndef TURF_RUNTIME_GLUE_H
#define TURF_RUNTIME_GLUE_H

#include <stddef.h>

/* Each file is one function expression, `(function (internal) { ... })`, that the worker
 * evaluates and calls with its internal object. */
struct turf_glue {
    const char *name;  /* file name, e.g. "console.js" */
    const char *start; /* its text; NUL-terminated at end */
    const char *end;
};

extern const struct turf_glue turf_glue_files[];
extern const size_t turf_glue_count;

#endif
