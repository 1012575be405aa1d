/* Warm sandboxes as turfd watches them: made by turf_warm_create from a seed's child, reaped
 * here (they are our children) with their exit status written to their record, their cgroup's
 * OOM kills counted, and both streamed as events. After a restart the live ones of the store
 * are adopted: watched through pidfds, since they are no longer our children. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../cgroups/cgroups.h"
#include "../../oci/config.h"
#include "../base/cleanup.h"
#include "../base/log.h"
#include "../container/container.h"
#include "../container/warm.h"
#include "../state/store.h"
#include "daemon.h"

#define LISTEN_ANNOTATION "run.turf.listen"

static struct sandbox *find(struct turfd *d, const char *id)
{
    for (struct sandbox *b = d->sandboxes; b; b = b->next)
        if (strcmp(b->id, id) == 0)
            return b;
    return NULL;
}

static void sandbox_free(struct turfd *d, struct sandbox *b)
{
    for (struct sandbox **p = &d->sandboxes; *p; p = &(*p)->next)
        if (*p == b) {
            *p = b->next;
            break;
        }
    turfd_unwatch(d, &b->pidfd);
    turfd_unwatch(d, &b->oom);
    cg_manager_free(b->cgroup);
    if (b->release_fd >= 0)
        close(b->release_fd);
    if (b->listen_path)
        unlink(b->listen_path);
    free(b->listen_path);
    free(b->id);
    free(b);
}

/* Changes the record of a sandbox that may be gone already (then nothing happens). */
static void update_record(struct turfd *d, const char *id, int exit_status, uint64_t oom_kills)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    struct turf_error *err = NULL;
    if (turf_store_open(d->sandboxes_root, id, &dir, &err) == 0 &&
        turf_record_read(&dir, &rec, &err) == 0) {
        if (exit_status != INT32_MIN)
            rec->exit_status = (struct oci_i32){true, exit_status};
        if (oom_kills)
            rec->oom_kills = (struct oci_u32){true, (uint32_t)oom_kills};
        turf_record_write(&dir, rec, &err);
    }
    turf_record_free(rec);
    turf_store_close(&dir);
    turf_error_free(&err);
}

static void exit_event(struct turfd *d, struct sandbox *b, int status_code, bool known)
{
    json_t *e =
        json_pack("{s:s, s:s, s:i}", "type", "exit", "id", b->id, "pid", (json_int_t)b->pid);
    json_object_set_new(e, "status", known ? json_integer(status_code) : json_null());
    turfd_broadcast_event(d, e);
    json_decref(e);
}

/* Reads the sandbox's OOM kill count: a rise is recorded and told. */
static void oom_check(struct turfd *d, struct sandbox *b)
{
    cg_oom_fd_drain(b->oom.fd);
    struct turf_error *err = NULL;
    uint64_t count = 0;
    /* From the cgroup kept since the create: the store's is refused once the pid is gone,
     * and an exit is when the count matters most. */
    if (b->cgroup && cg_manager_oom_kill_count(b->cgroup, &count, &err) == 0 &&
        count > b->oom_kills) {
        b->oom_kills = count;
        update_record(d, b->id, INT32_MIN, count);
        json_t *e =
            json_pack("{s:s, s:s, s:I}", "type", "oom", "id", b->id, "oomKills", (json_int_t)count);
        turfd_broadcast_event(d, e);
        json_decref(e);
    }
    if (err)
        turf_log_debug("sandbox %s: OOM kill count: %s", b->id, err->msg);
    turf_error_free(&err);
}

bool turfd_sandboxes_reaped(struct turfd *d, pid_t pid, int status)
{
    for (struct sandbox *b = d->sandboxes; b; b = b->next) {
        if (b->pid != pid || !b->child)
            continue;
        int code = turf_exit_code(status);
        turf_log_debug("sandbox %s (pid %d) exited with status %d", b->id, (int)pid, code);
        /* An OOM kill is counted before the exit it caused is told: its eventfd may not
         * have been read yet. */
        if (b->oom.fd >= 0)
            oom_check(d, b);
        update_record(d, b->id, code, 0);
        exit_event(d, b, code, true);
        /* Keep watching its OOM events until it is deleted; the pid is spent. */
        b->pid = 0;
        return true;
    }
    return false;
}

void turfd_sandbox_watch_event(struct turfd *d, struct watch *w)
{
    for (struct sandbox *b = d->sandboxes; b; b = b->next) {
        if (w == &b->oom) {
            oom_check(d, b);
            return;
        }
        if (w == &b->pidfd) {
            /* An adopted sandbox exited: its status went to whoever was its parent. */
            if (b->oom.fd >= 0)
                oom_check(d, b);
            exit_event(d, b, 0, false);
            turfd_unwatch(d, &b->pidfd);
            b->pid = 0;
            return;
        }
    }
}

/* Starts watching a sandbox: its exit (pidfd when it is not our child) and, once the reply is
 * out (turfd_sandboxes_after_replies), its OOM kills. */
/* cg: the sandbox's cgroup when the caller has it (taken), else read from the store. */
static struct sandbox *track(struct turfd *d, const char *id, pid_t pid, bool child,
                             struct cg_manager *cg)
{
    struct sandbox *b = calloc(1, sizeof(*b));
    if (!b || !(b->id = strdup(id))) {
        free(b);
        cg_manager_free(cg);
        return NULL;
    }
    b->pid = pid;
    b->child = child;
    b->pidfd = (struct watch){WATCH_PIDFD, -1};
    b->oom = (struct watch){WATCH_OOM, -1};
    b->release_fd = -1;
    if (!child) {
        b->pidfd.fd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (b->pidfd.fd >= 0 && turfd_watch(d, &b->pidfd, EPOLLIN) < 0)
            turfd_unwatch(d, &b->pidfd);
    }
    struct turf_error *err = NULL;
    if (cg || turf_container_cgroup(d->sandboxes_root, id, &cg, &err) == 0) {
        b->cgroup = cg;
        b->oom_later = true;
        d->after_replies = true;
    }
    turf_error_free(&err);
    b->next = d->sandboxes;
    d->sandboxes = b;
    return b;
}

void turfd_sandboxes_after_replies(struct turfd *d)
{
    if (!d->after_replies)
        return;
    d->after_replies = false;
    for (struct sandbox *b = d->sandboxes; b; b = b->next) {
        if (b->release_fd >= 0)
            close(TURF_STEAL_FD(b->release_fd));
        if (!b->oom_later)
            continue;
        b->oom_later = false;
        struct turf_error *err = NULL;
        b->oom.fd = cg_manager_oom_fd(b->cgroup, &err);
        if (b->oom.fd >= 0 && turfd_watch(d, &b->oom, EPOLLIN) < 0)
            turfd_unwatch(d, &b->oom);
        cg_manager_oom_kill_count(b->cgroup, &b->oom_kills, &err);
        if (err)
            turf_log_debug("sandbox %s: OOM watch: %s", b->id, err->msg);
        turf_error_free(&err);
    }
}

void turfd_sandboxes_restore(struct turfd *d)
{
    char **ids = NULL;
    struct turf_error *err = NULL;
    if (turf_store_list(d->sandboxes_root, &ids, &err) < 0) {
        turf_log_error("%s", err->msg);
        turf_error_free(&err);
        return;
    }
    unsigned adopted = 0;
    for (size_t i = 0; ids[i]; i++) {
        json_t *state = NULL;
        if (turf_container_state(d->sandboxes_root, ids[i], &state, &err) < 0) {
            turf_error_free(&err);
            continue;
        }
        const char *status = json_string_value(json_object_get(state, "status"));
        pid_t pid = (pid_t)json_integer_value(json_object_get(state, "pid"));
        if (status && strcmp(status, "stopped") != 0 && pid > 0 &&
            track(d, ids[i], pid, false, NULL))
            adopted++;
        else if (!track(d, ids[i], 0, false, NULL))
            turf_log_warn("cannot watch sandbox %s", ids[i]);
        json_decref(state);
    }
    turf_strv_free(ids);
    if (adopted)
        turf_log_info("adopted %u live warm sandbox%s", adopted, adopted == 1 ? "" : "es");
}

void turfd_sandboxes_release(struct turfd *d)
{
    while (d->sandboxes) {
        struct sandbox *b = d->sandboxes;
        free(b->listen_path);
        b->listen_path = NULL; /* the sandbox still serves on it */
        sandbox_free(d, b);
    }
}

/* ---- listen addresses ---- */

/* Binds ADDR in our network namespace: "HOST:PORT" (IPv4, or [IPv6]:PORT) or "unix:PATH". */
static int bind_listen(const char *addr, char **unix_path, struct turf_error **err)
{
    *unix_path = NULL;
    struct sockaddr_storage ss = {0};
    socklen_t len;
    int family;
    if (strncmp(addr, "unix:", 5) == 0) {
        struct sockaddr_un *un = (struct sockaddr_un *)&ss;
        if (strlen(addr + 5) == 0 || strlen(addr + 5) >= sizeof(un->sun_path))
            return turf_error_set(err, -EINVAL, "listen address %s: bad socket path", addr);
        un->sun_family = family = AF_UNIX;
        strcpy(un->sun_path, addr + 5);
        len = sizeof(*un);
    } else {
        const char *colon = strrchr(addr, ':');
        char host[64];
        char *end;
        long port = colon ? strtol(colon + 1, &end, 10) : -1;
        if (!colon || *end || colon == addr || port < 0 || port > 65535 ||
            (size_t)(colon - addr) >= sizeof(host))
            return turf_error_set(err, -EINVAL,
                                  "listen address \"%s\": expected HOST:PORT or unix:PATH", addr);
        memcpy(host, addr, (size_t)(colon - addr));
        host[colon - addr] = '\0';
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        size_t hl = strlen(host);
        if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
            host[hl - 1] = '\0';
            if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) != 1)
                return turf_error_set(err, -EINVAL, "listen address \"%s\": bad IPv6 host", addr);
            in6->sin6_family = family = AF_INET6;
            in6->sin6_port = htons((uint16_t)port);
            len = sizeof(*in6);
        } else {
            if (strcmp(host, "localhost") == 0)
                strcpy(host, "127.0.0.1");
            if (inet_pton(AF_INET, host, &in->sin_addr) != 1)
                return turf_error_set(err, -EINVAL,
                                      "listen address \"%s\": expected a numeric IPv4 host", addr);
            in->sin_family = family = AF_INET;
            in->sin_port = htons((uint16_t)port);
            len = sizeof(*in);
        }
    }
    _cleanup_close_ int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return turf_error_errno(err, -errno, "listen address %s: socket", addr);
    int one = 1;
    if (family != AF_UNIX)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 1024) < 0)
        return turf_error_errno(err, -errno, "listen on %s", addr);
    if (family == AF_UNIX && !(*unix_path = strdup(addr + 5))) {
        unlink(addr + 5);
        return turf_error_errno(err, -ENOMEM, "listen address");
    }
    return TURF_STEAL_FD(fd);
}

/* ---- bundles ---- */

/* Bundles made ready (config parsed, filter compiled) and reused while their config.json is
 * unchanged (same inode, size and modification time): a create from a known bundle parses
 * nothing. At most MAX_BUNDLES, the least recently used going first. */
#define MAX_BUNDLES 64

struct cached_bundle {
    struct turf_warm_bundle *b;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    uint64_t used;
    struct cached_bundle *next;
};

static struct cached_bundle *bundles;
static uint64_t bundle_clock;

const struct turf_warm_bundle *turfd_bundle_get(const char *path, struct turf_error **err)
{
    char config[4096];
    struct stat st;
    snprintf(config, sizeof(config), "%s/config.json", path);
    if (stat(config, &st) < 0) {
        turf_error_errno(err, -errno, "bundle %s: config.json", path);
        return NULL;
    }
    size_t n = 0;
    struct cached_bundle **oldest = NULL;
    for (struct cached_bundle **p = &bundles; *p; p = &(*p)->next, n++) {
        struct cached_bundle *c = *p;
        if (strcmp(c->b->path, path) == 0 || (c->dev == st.st_dev && c->ino == st.st_ino)) {
            if (c->dev == st.st_dev && c->ino == st.st_ino && c->size == st.st_size &&
                c->mtime.tv_sec == st.st_mtim.tv_sec && c->mtime.tv_nsec == st.st_mtim.tv_nsec) {
                c->used = ++bundle_clock;
                return c->b;
            }
            c->used = 0; /* changed: the oldest now, replaced below */
        }
        if (!oldest || c->used < (*oldest)->used)
            oldest = p;
    }
    struct turf_warm_bundle *b;
    static unsigned long serial;
    if (turf_warm_bundle_load(path, &b, err) < 0)
        return NULL;
    b->serial = ++serial;
    struct cached_bundle *c;
    if (n >= MAX_BUNDLES || (oldest && (*oldest)->used == 0)) {
        c = *oldest; /* reuse the slot */
        turf_warm_bundle_free(c->b);
    } else if (!(c = calloc(1, sizeof(*c)))) {
        turf_warm_bundle_free(b);
        turf_error_errno(err, -ENOMEM, "bundle %s", path);
        return NULL;
    } else {
        c->next = bundles;
        bundles = c;
    }
    c->b = b;
    c->dev = st.st_dev;
    c->ino = st.st_ino;
    c->size = st.st_size;
    c->mtime = st.st_mtim;
    c->used = ++bundle_clock;
    return b;
}

void turfd_bundles_release(void)
{
    while (bundles) {
        struct cached_bundle *c = bundles;
        bundles = c->next;
        turf_warm_bundle_free(c->b);
        free(c);
    }
}

/* ---- create and delete ---- */

int turfd_sandbox_create(struct turfd *d, json_t *req, bool start, json_t **reply,
                         struct turf_error **err)
{
    const char *id = json_string_value(json_object_get(req, "id"));
    const char *seed_name = json_string_value(json_object_get(req, "seed"));
    const char *bundle = json_string_value(json_object_get(req, "bundle"));
    if (!id || !seed_name)
        return turf_error_set(err, -EINVAL, "\"id\" and \"seed\": strings are required");
    int r = turf_store_check_id(id, err);
    if (r < 0)
        return r;
    /* Before the log file is opened (truncated) and, on failure, removed: those of a live
     * sandbox with this id are not ours to touch. */
    _cleanup_free_ char *existing = NULL;
    if (asprintf(&existing, "%s/%s", d->sandboxes_root, id) < 0)
        return turf_error_errno(err, -ENOMEM, "create %s", id);
    if (find(d, id) || faccessat(AT_FDCWD, existing, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
        return turf_error_set(err, -EEXIST, "container with given ID already exists: %s", id);
    struct seed *s = turfd_seed_find(d, seed_name);
    if (!s)
        return turf_error_set(err, -ENOENT, "seed %s does not exist", seed_name);
    const struct turf_warm_bundle *b = turfd_bundle_get(bundle ? bundle : s->bundle, err);
    if (!b)
        return (*err)->code;
    /* The listen address: the request's, else the bundle's run.turf.listen annotation. */
    const char *listen = json_string_value(json_object_get(req, "listen"));
    if (!listen)
        listen = oci_map_get(&b->config->annotations, LISTEN_ANNOTATION);
    _cleanup_free_ char *listen_addr = listen ? strdup(listen) : NULL;
    _cleanup_free_ char *unix_path = NULL, *log_path = NULL;
    _cleanup_close_ int listen_fd = -1;
    if (listen_addr && (listen_fd = bind_listen(listen_addr, &unix_path, err)) < 0)
        return listen_fd;
    if (asprintf(&log_path, "%s/%s.log", d->logs_dir, id) < 0)
        return turf_error_errno(err, -ENOMEM, "create %s", id);
    _cleanup_close_ int log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (log_fd < 0)
        return turf_error_errno(err, -errno, "open %s", log_path);
    struct turf_warm_create_options o = {
        .root = d->sandboxes_root,
        .id = id,
        .bundle = b,
        .seed = s->name,
        .rootfs = s->rootfs,
        .stdio_fd = log_fd,
        .listen_fd = listen_fd,
        .get_child = turfd_seed_child,
        .data = s,
        .start = start,
    };
    pid_t pid;
    struct cg_manager *cg = NULL;
    _cleanup_close_ int release_fd = -1;
    o.cgroup = &cg;
    o.release = &release_fd;
    if ((r = turf_warm_create(&o, &pid, err)) < 0) {
        if (unix_path)
            unlink(unix_path);
        unlink(log_path);
        return r;
    }
    struct sandbox *tracked = track(d, id, pid, true, TURF_STEAL(cg));
    if (tracked)
        tracked->listen_path = TURF_STEAL(unix_path);
    if (release_fd >= 0)
        turfd_sandbox_release_later(d, id, TURF_STEAL_FD(release_fd));
    *reply = json_pack("{s:b, s:i}", "ok", 1, "pid", (json_int_t)pid);
    if (listen_addr)
        json_object_set_new(*reply, "listen", json_string(listen_addr));
    return 0;
}

void turfd_sandbox_release_later(struct turfd *d, const char *id, int fd)
{
    if (fd < 0)
        return;
    struct sandbox *b = find(d, id);
    if (!b || b->release_fd >= 0) {
        close(fd);
        return;
    }
    b->release_fd = fd;
    d->after_replies = true;
}

int turfd_sandbox_delete(struct turfd *d, const char *id, bool force, struct turf_error **err)
{
    int r = turf_container_delete(d->sandboxes_root, id, force, err);
    if (r < 0)
        return r;
    struct sandbox *b = find(d, id);
    if (b)
        sandbox_free(d, b);
    _cleanup_free_ char *log_path = NULL;
    if (asprintf(&log_path, "%s/%s.log", d->logs_dir, id) >= 0)
        unlink(log_path);
    return 0;
}
