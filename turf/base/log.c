/* Logging to stderr or a file, as text or JSON lines (see log.h). */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *log_program = "turf";
static int log_fd = STDERR_FILENO;
static bool log_json;
static enum turf_log_level log_threshold = TURF_LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warning", "error"};

int turf_log_setup(const char *program, const char *path, bool json, bool debug)
{
    log_program = program;
    log_json = json;
    log_threshold = debug ? TURF_LOG_DEBUG : TURF_LOG_INFO;
    if (path) {
        int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0)
            return -errno;
        log_fd = fd;
    }
    return 0;
}

/* Appends s to buf as the inside of a JSON string. */
static size_t json_escape(char *buf, size_t size, const char *s)
{
    size_t n = 0;
    for (; *s && n + 7 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)c;
        } else if (c < 0x20) {
            n += (size_t)snprintf(buf + n, size - n, "\\u%04x", c);
        } else {
            buf[n++] = (char)c;
        }
    }
    buf[n] = '\0';
    return n;
}

void turf_log(enum turf_log_level level, const char *fmt, ...)
{
    if (level < log_threshold)
        return;
    char msg[4096], line[8192 + 128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    int n;
    if (log_json) {
        char escaped[8192], stamp[64];
        struct timespec ts;
        struct tm tm;
        clock_gettime(CLOCK_REALTIME, &ts);
        gmtime_r(&ts.tv_sec, &tm);
        strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
        json_escape(escaped, sizeof(escaped), msg);
        n = snprintf(line, sizeof(line),
                     "{\"level\":\"%s\",\"msg\":\"%s\",\"time\":\"%s.%09ldZ\"}\n",
                     level_names[level], escaped, stamp, ts.tv_nsec);
    } else if (level == TURF_LOG_ERROR) {
        n = snprintf(line, sizeof(line), "%s: %s\n", log_program, msg);
    } else {
        n = snprintf(line, sizeof(line), "%s: %s: %s\n", log_program, level_names[level], msg);
    }
    if (n > (int)sizeof(line) - 1)
        n = (int)sizeof(line) - 1;
    /* One write per line, so concurrent writers to an O_APPEND file do not interleave. */
    if (write(log_fd, line, (size_t)n) < 0) {
        /* Nowhere left to report it. */
    }
}
