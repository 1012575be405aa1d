/* Whole-file I/O helpers (see fileio.h). */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"

int turf_read_file(const char *path, size_t max_size, char **out, size_t *out_len,
                   struct turf_error **err)
{
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return turf_error_errno(err, -errno, "open %s", path);

    size_t cap = 4096, len = 0;
    _cleanup_free_ char *buf = malloc(cap);
    if (!buf)
        return turf_error_errno(err, -ENOMEM, "read %s", path);
    for (;;) {
        if (len + 1 >= cap) {
            if (len > max_size)
                return turf_error_set(err, -EFBIG, "read %s: file is larger than %zu bytes", path,
                                      max_size);
            char *bigger = realloc(buf, cap * 2);
            if (!bigger)
                return turf_error_errno(err, -ENOMEM, "read %s", path);
            buf = bigger;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return turf_error_errno(err, -errno, "read %s", path);
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > max_size)
            return turf_error_set(err, -EFBIG, "read %s: file is larger than %zu bytes", path,
                                  max_size);
    }
    buf[len] = '\0';
    *out = TURF_STEAL(buf);
    if (out_len)
        *out_len = len;
    return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int turf_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode,
                           struct turf_error **err)
{
    _cleanup_free_ char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp.%d", path, (int)getpid()) < 0)
        return turf_error_errno(err, -ENOMEM, "write %s", path);

    _cleanup_close_ int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return turf_error_errno(err, -errno, "create %s", tmp);
    /* No fsync: the rename makes the write atomic for every reader and for a writer that is
     * killed half-way, which is what state needs. Durability across a power cut would buy
     * nothing (state lives on /run, which a reboot empties) and costs a disk flush per write
     * on hosts where /run is not a tmpfs; runc and crun do not flush either. */
    int r = write_all(fd, data, len);
    if (r == 0 && close(TURF_STEAL_FD(fd)) < 0)
        r = -errno;
    if (r == 0 && rename(tmp, path) < 0)
        r = -errno;
    if (r < 0) {
        unlink(tmp);
        return turf_error_errno(err, r, "write %s", path);
    }
    return 0;
}

int turf_mkdir_p(const char *path, mode_t parent_mode, mode_t mode)
{
    _cleanup_free_ char *copy = strdup(path);
    if (!copy)
        return -ENOMEM;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, parent_mode) < 0 && errno != EEXIST)
            return -errno;
        *p = '/';
    }
    return mkdir(copy, mode) < 0 && errno != EEXIST ? -errno : 0;
}
