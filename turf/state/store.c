/* The container store (see store.h). Records go through the oci/ codec like every other
 * document, so they get the same parse errors and round-trip guarantees. */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../oci/codec.h"
#include "../base/cleanup.h"
#include "../base/fileio.h"

#define RECORD_FILE "state.json"

static const struct codec_field record_fields[] = {
    CODEC_FIELD("ociVersion", CODEC_STRING, struct turf_record, oci_version, .required = true),
    CODEC_FIELD("id", CODEC_STRING, struct turf_record, id, .required = true),
    CODEC_FIELD("status", CODEC_STRING, struct turf_record, status, .required = true),
    CODEC_FIELD("pid", CODEC_I32, struct turf_record, pid),
    CODEC_FIELD("pidStartTime", CODEC_U64, struct turf_record, pid_start_time),
    CODEC_FIELD("bundle", CODEC_STRING, struct turf_record, bundle, .required = true),
    CODEC_FIELD("rootfs", CODEC_STRING, struct turf_record, rootfs),
    CODEC_FIELD("created", CODEC_STRING, struct turf_record, created),
    CODEC_FIELD("owner", CODEC_STRING, struct turf_record, owner),
    CODEC_FIELD("annotations", CODEC_STRING_MAP, struct turf_record, annotations),
    CODEC_FIELD("seed", CODEC_STRING, struct turf_record, seed),
    CODEC_FIELD("exitStatus", CODEC_I32, struct turf_record, exit_status),
    CODEC_FIELD("oomKills", CODEC_U32, struct turf_record, oom_kills),
};
static const struct codec_type record_type = CODEC_TYPE(struct turf_record, record_fields);

int turf_store_check_id(const char *id, struct turf_error **err)
{
    if (!*id || strcmp(id, ".") == 0 || strcmp(id, "..") == 0 || strlen(id) > 1024)
        return turf_error_set(err, -EINVAL, "invalid container id \"%s\"", id);
    for (const char *c = id; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || strchr("_+-.", *c);
        if (!ok)
            return turf_error_set(err, -EINVAL,
                                  "invalid container id \"%s\": only letters, digits and _+-. "
                                  "are allowed",
                                  id);
    }
    return 0;
}

static int lock_dir(const char *root, const char *id, int fd, struct turf_container_dir *out,
                    struct turf_error **err)
{
    if (flock(fd, LOCK_EX) < 0)
        return turf_error_errno(err, -errno, "lock container %s", id);
    out->fd = fd;
    out->id = strdup(id);
    if (!out->id || asprintf(&out->path, "%s/%s", root, id) < 0) {
        turf_store_close(out);
        return turf_error_errno(err, -ENOMEM, "open container %s", id);
    }
    return 0;
}

int turf_store_create(const char *root, const char *id, struct turf_container_dir *out,
                      struct turf_error **err)
{
    *out = (struct turf_container_dir){.fd = -1};
    int r = turf_store_check_id(id, err);
    if (r < 0)
        return r;
    if ((r = turf_mkdir_p(root, 0711, 0711)) < 0)
        return turf_error_errno(err, r, "create state directory %s", root);
    _cleanup_close_ int root_fd = open(root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (root_fd < 0)
        return turf_error_errno(err, -errno, "open state directory %s", root);
    if (mkdirat(root_fd, id, 0711) < 0) {
        if (errno == EEXIST)
            return turf_error_set(err, -EEXIST, "container with given ID already exists: %s", id);
        return turf_error_errno(err, -errno, "create %s/%s", root, id);
    }
    int fd = openat(root_fd, id, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return turf_error_errno(err, -errno, "open %s/%s", root, id);
    return lock_dir(root, id, fd, out, err);
}

int turf_store_open(const char *root, const char *id, struct turf_container_dir *out,
                    struct turf_error **err)
{
    *out = (struct turf_container_dir){.fd = -1};
    int r = turf_store_check_id(id, err);
    if (r < 0)
        return r;
    _cleanup_free_ char *path = NULL;
    if (asprintf(&path, "%s/%s", root, id) < 0)
        return turf_error_errno(err, -ENOMEM, "open container %s", id);
    int fd = open(path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return turf_error_set(err, -ENOENT, "container does not exist: %s", id);
        return turf_error_errno(err, -errno, "open %s", path);
    }
    r = lock_dir(root, id, fd, out, err);
    if (r < 0)
        return r;
    /* A concurrent delete may have removed the directory while we waited for the lock. */
    struct stat st;
    if (fstat(out->fd, &st) < 0 || st.st_nlink == 0) {
        turf_store_close(out);
        return turf_error_set(err, -ENOENT, "container does not exist: %s", id);
    }
    return 0;
}

void turf_store_close(struct turf_container_dir *dir)
{
    if (dir->fd >= 0)
        close(dir->fd);
    free(dir->id);
    free(dir->path);
    *dir = (struct turf_container_dir){.fd = -1};
}

int turf_store_remove(struct turf_container_dir *dir, struct turf_error **err)
{
    int dfd = dup(dir->fd);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0)
            close(dfd);
        return turf_error_errno(err, -errno, "remove %s", dir->path);
    }
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            unlinkat(dir->fd, e->d_name, 0) < 0 && errno != ENOENT) {
            int r = -errno;
            closedir(d);
            return turf_error_errno(err, r, "remove %s/%s", dir->path, e->d_name);
        }
    closedir(d);
    if (rmdir(dir->path) < 0 && errno != ENOENT)
        return turf_error_errno(err, -errno, "remove %s", dir->path);
    turf_store_close(dir);
    return 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int turf_store_list(const char *root, char ***ids, struct turf_error **err)
{
    *ids = NULL;
    DIR *d = opendir(root);
    size_t n = 0, cap = 8;
    char **list = calloc(cap + 1, sizeof(char *));
    if (!list) {
        if (d)
            closedir(d);
        return turf_error_errno(err, -ENOMEM, "list %s", root);
    }
    if (!d) {
        if (errno != ENOENT) {
            free(list);
            return turf_error_errno(err, -errno, "list %s", root);
        }
        *ids = list;
        return 0;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_type != DT_DIR || e->d_name[0] == '.' || turf_store_check_id(e->d_name, NULL))
            continue;
        if (n == cap) {
            char **bigger = realloc(list, (cap * 2 + 1) * sizeof(char *));
            if (!bigger)
                break;
            list = bigger;
            cap *= 2;
        }
        list[n] = strdup(e->d_name);
        if (list[n])
            list[++n] = NULL;
    }
    closedir(d);
    qsort(list, n, sizeof(char *), compare_strings);
    *ids = list;
    return 0;
}

void turf_strv_free(char **strv)
{
    for (size_t i = 0; strv && strv[i]; i++)
        free(strv[i]);
    free(strv);
}

int turf_record_read(const struct turf_container_dir *dir, struct turf_record **out,
                     struct turf_error **err)
{
    _cleanup_free_ char *path = NULL, *text = NULL;
    size_t len;
    *out = NULL;
    if (asprintf(&path, "%s/" RECORD_FILE, dir->path) < 0)
        return turf_error_errno(err, -ENOMEM, "read state of %s", dir->id);
    int r = turf_read_file(path, 1 << 20, &text, &len, err);
    if (r < 0)
        return r;
    return codec_parse_text(&record_type, text, len, path, (void **)out, err);
}

int turf_record_write(const struct turf_container_dir *dir, const struct turf_record *record,
                      struct turf_error **err)
{
    json_t *j = codec_emit(&record_type, record);
    _cleanup_free_ char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    _cleanup_free_ char *path = NULL;
    json_decref(j);
    if (!text || asprintf(&path, "%s/" RECORD_FILE, dir->path) < 0)
        return turf_error_errno(err, -ENOMEM, "write state of %s", dir->id);
    return turf_write_file_atomic(path, text, strlen(text), 0600, err);
}

void turf_record_free(struct turf_record *record)
{
    codec_free(&record_type, record);
}
