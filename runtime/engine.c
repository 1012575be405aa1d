/* JavaScriptCore configured for one thread (see engine.h). What was measured about JSC threads
 * and fork() on our target is in the project notes (jsc-fork-safety.md); the code follows it. */
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jsc/jsc.h>

#include "../turf/base/cleanup.h"

/* libpas, JSC's allocator, runs a scavenger thread that returns free pages to the kernel. A
 * fork while it holds the allocator lock leaves the child's allocator locked forever. The .so
 * exports these plain C functions; no header declares them. Suspending before the scavenger
 * has ever started costs microseconds (it only bumps a counter); suspending a running
 * scavenger waits up to one scavenger period (about 100 ms) for the thread to exit. */
void pas_scavenger_suspend(void);

static bool configured;

struct bool_option {
    const char *name;
    bool value;
};

/* Concurrent JIT and GC each start helper threads; WebAssembly compiles on a worklist thread
 * that no option turns off (numberOfWasmCompilerThreads=0 still starts one), so WebAssembly is
 * not offered until it can be made single-threaded. */
static const struct bool_option bool_options[] = {
    {"useConcurrentJIT", false},
    {"useConcurrentGC", false},
    {"useWasm", false},
};

int turf_engine_configure(struct turf_error **err)
{
    if (configured)
        return 0;
    /* First, before anything in JSC allocates: later the scavenger may already be running. */
    if (TURF_ENGINE_STRICT_THREADS)
        pas_scavenger_suspend();
#ifdef TURF_WORKER_DIAG_KEEP_SCAVENGER
    /* Diagnostic builds: a shorter scavenger period (libpas exports it) makes the scavenger hold
     * its locks more often, so the fork stress can show what it costs in fewer forks. */
    extern double pas_scavenger_period_in_milliseconds;
    const char *period = getenv("TURF_WORKER_DIAG_SCAVENGER_PERIOD_MS");
    if (period && atof(period) > 0)
        pas_scavenger_period_in_milliseconds = atof(period);
#endif
    for (size_t i = 0; i < TURF_ARRAY_SIZE(bool_options); i++) {
        if (!jsc_options_set_boolean(bool_options[i].name, bool_options[i].value))
            return turf_error_set(err, -EINVAL, "JavaScriptCore rejected the option %s=%s",
                                  bool_options[i].name, bool_options[i].value ? "true" : "false");
    }
    if (!jsc_options_set_uint("numberOfGCMarkers", 1))
        return turf_error_set(err, -EINVAL,
                              "JavaScriptCore rejected the option numberOfGCMarkers=1");
    configured = true;
    return 0;
}

const char *turf_engine_summary(void)
{
    static char line[256];
    snprintf(line, sizeof(line),
             "JavaScriptCore %u.%u.%u: useConcurrentJIT=false useConcurrentGC=false "
             "numberOfGCMarkers=1 useWasm=false, libpas scavenger %s",
             jsc_get_major_version(), jsc_get_minor_version(), jsc_get_micro_version(),
             TURF_ENGINE_STRICT_THREADS ? "suspended" : "left running (diagnostic build)");
    return line;
}

/* Appends the name of thread tid to names, after a comma unless it is the first. */
static void append_thread_name(const char *tid, char *names, size_t size)
{
    char path[300], comm[64] = "?";
    snprintf(path, sizeof(path), "/proc/self/task/%s/comm", tid);
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, comm, sizeof(comm) - 1);
        if (n > 0) {
            comm[n] = '\0';
            comm[strcspn(comm, "\n")] = '\0';
        }
    }
    size_t used = strlen(names);
    if (used + 1 < size)
        snprintf(names + used, size - used, "%s%s (%s)", used ? ", " : "", comm, tid);
}

int turf_engine_count_threads(char *names, size_t size)
{
    if (names && size)
        names[0] = '\0';
    DIR *dir = opendir("/proc/self/task");
    if (!dir)
        return -errno;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.')
            continue;
        count++;
        if (names && size)
            append_thread_name(entry->d_name, names, size);
    }
    closedir(dir);
    return count;
}
