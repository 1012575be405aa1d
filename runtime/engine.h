/* Process-wide JavaScriptCore setup for a fork-safe worker: the engine options that keep JSC on
 * one thread, the allocator scavenger switched off, and the thread count that proves it. */
#ifndef TURF_RUNTIME_ENGINE_H
#define TURF_RUNTIME_ENGINE_H

#include <stddef.h>

#include "../turf/base/error.h"

/* A diagnostic build (CFLAGS=-DTURF_WORKER_DIAG_KEEP_SCAVENGER in the environment of make, with
 * its own BUILD directory) leaves the allocator scavenger running, to measure what that costs
 * fork safety; its thread checks then warn instead of failing, and the environment variable
 * TURF_WORKER_DIAG_SCAVENGER_PERIOD_MS shortens the scavenger's period. Never ship such a build. */
#ifdef TURF_WORKER_DIAG_KEEP_SCAVENGER
#define TURF_ENGINE_STRICT_THREADS 0
#else
#define TURF_ENGINE_STRICT_THREADS 1
#endif

/* Configures JavaScriptCore so that it starts no JIT-compiler, GC or allocator helper thread.
 * Must run before the first VM or context is created (JSC reads its options once, when the
 * first VM starts); later calls do nothing. */
int turf_engine_configure(struct turf_error **err);

/* One line naming the engine and the options turf_engine_configure set, for --debug. */
const char *turf_engine_summary(void);

/* Counts the threads of this process (/proc/self/task). Writes their names, comma-separated,
 * into names (may be NULL). Returns the count or a negative errno. */
int turf_engine_count_threads(char *names, size_t size);

#endif
