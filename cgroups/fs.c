/* cgroupfs file access for the manager: reads of numbers and keyed files, single-write control
 * file updates with errors that name the file and value, and a few string-vector helpers. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../turf/base/cleanup.h"
#include "../turf/base/fileio.h"
#include "internal.h"

void cg_strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

size_t cg_strv_len(char *const *v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

char **cg_strv_copy(char *const *v)
{
    size_t n = cg_strv_len(v);
    char **out = calloc(n + 1, sizeof(*out));
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        out[i] = strdup(v[i]);
        if (!out[i]) {
            cg_strv_free(out);
            return NULL;
        }
    }
    return out;
}

bool cg_strv_contains(char *const *v, const char *s)
{
    for (size_t i = 0; v && v[i]; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

const struct cg_node *cg_node_for(const struct cg_manager *mgr, const char *controller)
{
    for (size_t i = 0; i < mgr->n; i++) {
        const struct cg_node *n = &mgr->nodes[i];
        if (controller[0] == '\0' ? n->version == 2 : cg_strv_contains(n->controllers, controller))
            return n;
    }
    return NULL;
}

const struct cg_node *cg_node_v2(const struct cg_manager *mgr)
{
    return cg_node_for(mgr, "");
}

const struct cg_node *cg_node_procs(const struct cg_manager *mgr)
{
    static const char *const prefer[] = {"", "freezer", "pids", "memory"};
    for (size_t i = 0; i < TURF_ARRAY_SIZE(prefer); i++) {
        const struct cg_node *n = cg_node_for(mgr, prefer[i]);
        if (n)
            return n;
    }
    return mgr->n ? &mgr->nodes[0] : NULL;
}

bool cg_file_exists(const char *dir, const char *file)
{
    _cleanup_free_ char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, file) < 0)
        return false;
    return access(path, F_OK) == 0;
}

int cg_read(const char *dir, const char *file, char **out, struct turf_error **err)
{
    _cleanup_free_ char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, file) < 0)
        return turf_error_errno(err, -ENOMEM, "read %s/%s", dir, file);
    return turf_read_file(path, CG_READ_MAX, out, NULL, err);
}

static int parse_u64(const char *s, uint64_t *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end;
    if (strncmp(s, "max", 3) == 0 && (s[3] == '\0' || s[3] == '\n' || s[3] == ' ')) {
        *out = UINT64_MAX;
        return 0;
    }
    if (s[0] == '-') {
        /* v1 spells "unlimited" as -1 (cpu.cfs_quota_us). */
        long long v = strtoll(s, &end, 10);
        if (v != -1 || (*end && *end != '\n' && *end != ' '))
            return -EINVAL;
        *out = UINT64_MAX;
        return 0;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || (*end && *end != '\n' && *end != ' '))
        return -EINVAL;
    *out = v;
    return 0;
}

int cg_read_u64(const char *dir, const char *file, uint64_t *out, struct turf_error **err)
{
    _cleanup_free_ char *text = NULL;
    int r = cg_read(dir, file, &text, err);
    if (r < 0)
        return r;
    if (parse_u64(text, out) < 0)
        return turf_error_set(err, -EINVAL, "read %s/%s: expected a number, got \"%.40s\"", dir,
                              file, text);
    return 0;
}

int cg_keyed_get(const char *text, const char *key, uint64_t *out)
{
    size_t klen = strlen(key);
    for (const char *line = text; line && *line;) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ' ')
            return parse_u64(line + klen + 1, out);
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return -ENOENT;
}

int cg_write(const char *dir, const char *file, const char *value, struct turf_error **err)
{
    _cleanup_free_ char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, file) < 0)
        return turf_error_errno(err, -ENOMEM, "write \"%s\" to %s/%s", value, dir, file);
    /* O_TRUNC is ignored by cgroupfs and keeps a plain-file test tree exact. */
    _cleanup_close_ int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0)
        return turf_error_errno(err, -errno, "write \"%s\" to %s", value, path);
    size_t len = strlen(value);
    ssize_t n;
    do
        n = write(fd, value, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return turf_error_errno(err, -errno, "write \"%s\" to %s", value, path);
    if ((size_t)n != len)
        return turf_error_set(err, -EIO, "write \"%s\" to %s: short write (%zd of %zu bytes)",
                              value, path, n, len);
    return 0;
}

int cg_node_write(const struct cg_node *node, const char *file, const char *value,
                  const char *field, struct turf_error **err)
{
    int r = 0;
    if (node->version == 1) {
        /* The controller a v1 file belongs to is its prefix: "memory.limit_in_bytes". */
        const char *dot = strchr(file, '.');
        char controller[64];
        if (dot && (size_t)(dot - file) < sizeof(controller)) {
            memcpy(controller, file, (size_t)(dot - file));
            controller[dot - file] = '\0';
            if (strcmp(controller, "cgroup") != 0)
                r = cg_libcg_write_v1(node, controller, file, value, err);
        }
    }
    if (r == 0)
        r = cg_write(node->path, file, value, err);
    if (r == 1)
        r = 0;
    if (r < 0 && field)
        turf_error_wrap(err, "%s", field);
    return r;
}

int cg_node_writef(const struct cg_node *node, const char *file, const char *field,
                   struct turf_error **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    _cleanup_free_ char *value = NULL;
    int n = vasprintf(&value, fmt, ap);
    va_end(ap);
    if (n < 0)
        return turf_error_errno(err, -ENOMEM, "%s: format a value for %s", field, file);
    return cg_node_write(node, file, value, field, err);
}

int cg_error_no_controller(const char *field, const char *controller, struct turf_error **err)
{
    if (cg_libcg_kernel_has(controller))
        return turf_error_set(err, -EOPNOTSUPP,
                              "%s: the %s controller is in the kernel but not mounted on this "
                              "host (no v1 hierarchy, not in the cgroup2 mount's "
                              "cgroup.controllers)",
                              field, controller);
    return turf_error_set(err, -EOPNOTSUPP, "%s: this kernel has no %s cgroup controller", field,
                          controller);
}
