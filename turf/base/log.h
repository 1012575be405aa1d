/* Process-wide logging: human text on stderr, or runc-style JSON lines ({"level","msg","time"})
 * when --log-format json is given, which is what containerd's shim reads from --log FILE.
 * The log target is one of the few process-wide settings; turf_log_setup sets it once. */
#ifndef TURF_BASE_LOG_H
#define TURF_BASE_LOG_H

#include <stdbool.h>

enum turf_log_level { TURF_LOG_DEBUG, TURF_LOG_INFO, TURF_LOG_WARN, TURF_LOG_ERROR };

/* path NULL means stderr; json selects JSON lines; debug lowers the threshold to debug. */
int turf_log_setup(const char *program, const char *path, bool json, bool debug);
void turf_log(enum turf_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define turf_log_error(...) turf_log(TURF_LOG_ERROR, __VA_ARGS__)
#define turf_log_warn(...)  turf_log(TURF_LOG_WARN, __VA_ARGS__)
#define turf_log_info(...)  turf_log(TURF_LOG_INFO, __VA_ARGS__)
#define turf_log_debug(...) turf_log(TURF_LOG_DEBUG, __VA_ARGS__)

#endif
