/* The cold-path lifecycle (see container.h). create clones the init into its namespaces and
 * talks to it over a SOCK_SEQPACKET pair: the init waits for "go" (id maps written), sets
 * itself up, answers "ready" or "error:<message>", then blocks opening the exec fifo for
 * writing until start opens it for reading. */
#include "container.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/keyctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../cgroups/cgroups.h"
#include "../../oci/config.h"
#include "../base/cleanup.h"
#include "../base/fileio.h"
#include "../base/log.h"
#include "../sandbox/sandbox.h"
#include "../state/store.h"

#include "internal.h"

/* ---- process identity ---- */

/* Field 22 of /proc/PID/stat (start time in clock ticks), and whether PID is a zombie. */
int turf_proc_stat(pid_t pid, unsigned long long *start, char *state)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    if (n <= 0)
        return -EIO;
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
    if (!p || sscanf(p + 2,
                     "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d "
                     "%*d %*d %*d %llu",
                     state, start) != 2)
        return -EIO;
    return 0;
}

static bool record_alive(const struct turf_record *rec)
{
    unsigned long long start;
    char state;
    if (!rec->pid.set || rec->pid.value <= 0 || turf_proc_stat(rec->pid.value, &start, &state) < 0)
        return false;
    return state != 'Z' && state != 'X' && start == rec->pid_start_time.value;
}

/* ---- cgroups ---- */

#define CGROUP_FILE "cgroup.json"

/* The devices every container may use whatever its rules say, as runc allows them: mknod of
 * any node, the standard character devices, the pty devices and tun. */
static const struct oci_device_cgroup default_allowed_devices[] = {
    {.allow = {true, true}, .type = "c", .major = {true, -1}, .minor = {true, -1}, .access = "m"},
    {.allow = {true, true}, .type = "b", .major = {true, -1}, .minor = {true, -1}, .access = "m"},
    {.allow = {true, true}, .type = "c", .major = {true, 1}, .minor = {true, 3}, .access = "rwm"},
    {.allow = {true, true}, .type = "c", .major = {true, 1}, .minor = {true, 5}, .access = "rwm"},
    {.allow = {true, true}, .type = "c", .major = {true, 1}, .minor = {true, 7}, .access = "rwm"},
    {.allow = {true, true}, .type = "c", .major = {true, 1}, .minor = {true, 8}, .access = "rwm"},
    {.allow = {true, true}, .type = "c", .major = {true, 1}, .minor = {true, 9}, .access = "rwm"},
    {.allow = {true, true}, .type = "c", .major = {true, 5}, .minor = {true, 0}, .access = "rwm"},
    {.allow = {true, true}, .type = "c", .major = {true, 5}, .minor = {true, 2}, .access = "rwm"},
    {.allow = {true, true},
     .type = "c",
     .major = {true, 136},
     .minor = {true, -1},
     .access = "rwm"},
    {.allow = {true, true},
     .type = "c",
     .major = {true, 10},
     .minor = {true, 200},
     .access = "rwm"},
};

int turf_container_apply_resources(struct cg_manager *cg, const struct oci_config *c,
                                   struct turf_error **err)
{
    struct oci_resources none = {0};
    const struct oci_resources *res =
        c->linux_ && c->linux_->resources ? c->linux_->resources : &none;
    size_t n_devices = c->linux_ ? c->linux_->n_devices : 0;
    size_t n = res->n_devices + TURF_ARRAY_SIZE(default_allowed_devices) + n_devices;
    _cleanup_free_ struct oci_device_cgroup *rules = calloc(n, sizeof(*rules));
    if (!rules)
        return turf_error_errno(err, -ENOMEM, "device rules");
    size_t k = 0;
    for (size_t i = 0; i < res->n_devices; i++)
        rules[k++] = res->devices[i];
    for (size_t i = 0; i < TURF_ARRAY_SIZE(default_allowed_devices); i++)
        rules[k++] = default_allowed_devices[i];
    for (size_t i = 0; i < n_devices; i++) {
        const struct oci_device *d = &c->linux_->devices[i];
        if (strcmp(d->type, "p") == 0)
            continue; /* fifos are not devices to the cgroup */
        rules[k++] = (struct oci_device_cgroup){.allow = {true, true},
                                                .type = d->type[0] == 'b' ? "b" : "c",
                                                .major = d->major,
                                                .minor = d->minor,
                                                .access = "rwm"};
    }
    struct oci_resources with_defaults = *res;
    with_defaults.devices = rules;
    with_defaults.n_devices = k;
    return cg_manager_apply(cg, &with_defaults, err);
}

int turf_container_make_cgroup(const char *id, bool systemd, const struct oci_config *c,
                               const struct turf_container_dir *dir, struct cg_manager **out,
                               struct turf_error **err)
{
    _cleanup_cg_layout_ struct cg_layout *layout = NULL;
    int r = cg_layout_detect(&layout, err);
    if (r < 0)
        return r;
    r = cg_manager_create(layout, c->linux_ ? c->linux_->cgroups_path : NULL, id,
                          systemd ? CG_MANAGER_SYSTEMD : 0, out, err);
    if (r < 0)
        return r;
    return turf_container_adopt_cgroup(*out, c, dir, true, err);
}

int turf_container_adopt_cgroup(struct cg_manager *cg, const struct oci_config *c,
                                const struct turf_container_dir *dir, bool resources,
                                struct turf_error **err)
{
    json_t *j = cg_manager_to_json(cg);
    _cleanup_free_ char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    _cleanup_free_ char *path = NULL;
    json_decref(j);
    if (!text || asprintf(&path, "%s/" CGROUP_FILE, dir->path) < 0)
        return turf_error_errno(err, -ENOMEM, "save the cgroup of %s", dir->id);
    int r = turf_write_file_atomic(path, text, strlen(text), 0600, err);
    if (r < 0 || !resources)
        return r;
    return turf_container_apply_resources(cg, c, err);
}

/* The container's cgroup as create recorded it; -ENOENT when it has none. */
static int load_cgroup(const struct turf_container_dir *dir, struct cg_manager **out,
                       struct turf_error **err)
{
    _cleanup_free_ char *path = NULL;
    if (asprintf(&path, "%s/" CGROUP_FILE, dir->path) < 0)
        return -ENOMEM;
    json_error_t jerr;
    json_t *j = json_load_file(path, 0, &jerr);
    if (!j)
        return access(path, F_OK) < 0 ? -ENOENT
                                      : turf_error_set(err, -EINVAL, "%s: %s", path, jerr.text);
    int r = cg_manager_from_json(j, out, err);
    json_decref(j);
    return r;
}

static int load_config_copy(const struct turf_container_dir *dir, struct oci_config **out,
                            struct turf_error **err);

/* Kills whatever is left in the container's cgroup and removes it everywhere. A create killed
 * between making the directories and recording them left no cgroup.json: the manager is then
 * made again from the config copy (written before any cgroup; making existing, empty
 * directories is harmless) so that nothing is left behind. */
int turf_container_destroy_cgroup(const struct turf_container_dir *dir, struct turf_error **err)
{
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    int r = load_cgroup(dir, &cg, err);
    if (r == -ENOENT) {
        _cleanup_oci_config_ struct oci_config *c = NULL;
        _cleanup_cg_layout_ struct cg_layout *layout = NULL;
        if (load_config_copy(dir, &c, err) < 0) {
            turf_error_free(err); /* no config either: create never got to the cgroups */
            return 0;
        }
        if ((r = cg_layout_detect(&layout, err)) < 0)
            return r;
        r = cg_manager_create(layout, c->linux_ ? c->linux_->cgroups_path : NULL, dir->id, 0, &cg,
                              err);
        if (r == -EBUSY) {
            turf_error_free(err); /* another container's by now: nothing of ours is in it */
            return 0;
        }
        if (r < 0)
            return r;
    } else if (r < 0) {
        return r;
    }
    if ((r = cg_manager_kill(cg, SIGKILL, err)) < 0)
        return r;
    return cg_manager_destroy(cg, err);
}

static bool cgroup_frozen(const struct turf_container_dir *dir)
{
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    struct turf_error *ignored = NULL;
    enum cg_freezer_state state = CG_FREEZER_THAWED;
    if (load_cgroup(dir, &cg, &ignored) == 0)
        cg_manager_freezer_state(cg, &state, &ignored);
    turf_error_free(&ignored);
    return state == CG_FREEZER_FROZEN;
}

static const char *derive_status(const struct turf_container_dir *dir,
                                 const struct turf_record *rec)
{
    if (!record_alive(rec))
        return "stopped";
    if (strcmp(rec->status, "creating") == 0)
        return "creating";
    if (faccessat(dir->fd, EXEC_FIFO, F_OK, 0) == 0)
        return "created";
    return cgroup_frozen(dir) ? "paused" : "running";
}

/* ---- state documents and hooks ---- */

static json_t *record_state_json(const struct turf_record *rec, const char *status)
{
    bool stopped = strcmp(status, "stopped") == 0;
    json_t *j = json_pack(
        "{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}", "ociVersion", rec->oci_version, "id", rec->id,
        "pid", stopped || !rec->pid.set ? 0 : (json_int_t)rec->pid.value, "status", status,
        "bundle", rec->bundle, "rootfs", rec->rootfs ? rec->rootfs : "", "created",
        rec->created ? rec->created : "", "owner", rec->owner ? rec->owner : "");
    if (j && rec->annotations.n_entries) {
        json_t *a = json_object();
        for (size_t i = 0; i < rec->annotations.n_entries; i++)
            json_object_set_new(a, rec->annotations.entries[i].key,
                                json_string(rec->annotations.entries[i].value));
        json_object_set_new(j, "annotations", a);
    }
    /* Not in the runtime-spec (tools ignore keys they do not know): what turfd knows of a
     * warm sandbox. */
    if (j && (rec->seed || rec->exit_status.set || rec->oom_kills.set)) {
        json_t *t = json_object();
        if (rec->seed)
            json_object_set_new(t, "seed", json_string(rec->seed));
        if (rec->exit_status.set)
            json_object_set_new(t, "exitStatus", json_integer(rec->exit_status.value));
        if (rec->oom_kills.set)
            json_object_set_new(t, "oomKills", json_integer(rec->oom_kills.value));
        json_object_set_new(j, "turf", t);
    }
    return j;
}

static char *record_state_text(const struct turf_record *rec, const char *status)
{
    json_t *j = record_state_json(rec, status);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

static json_t *state_json(const struct turf_container_dir *dir, const struct turf_record *rec)
{
    return record_state_json(rec, derive_status(dir, rec));
}

/* The config as create stored it: start and delete run its hooks. */
static int load_config_copy(const struct turf_container_dir *dir, struct oci_config **out,
                            struct turf_error **err)
{
    _cleanup_free_ char *path = NULL;
    if (asprintf(&path, "%s/" CONFIG_COPY, dir->path) < 0)
        return turf_error_errno(err, -ENOMEM, "load config of %s", dir->id);
    return oci_config_parse_file(path, out, err);
}

/* poststart and poststop failures are warnings: the spec keeps the lifecycle going. */
static void run_hooks_warn(const struct turf_container_dir *dir, const struct turf_record *rec,
                           enum oci_hook_kind kind, const char *status)
{
    _cleanup_oci_config_ struct oci_config *c = NULL;
    struct turf_error *e = NULL;
    if (rec->seed)
        return; /* warm sandboxes have no hooks (turfd refuses configs with them) */
    if (load_config_copy(dir, &c, &e) == 0 && c->hooks && c->hooks->kind[kind].n_hooks) {
        _cleanup_free_ char *state = record_state_text(rec, status);
        if (state)
            turf_hooks_run(c, kind, state, &e);
    }
    if (e)
        turf_log_warn("%s", e->msg);
    turf_error_free(&e);
}

/* ---- the init process ---- */

struct init_context {
    const struct oci_config *config;
    const struct turf_sandbox *sandbox;
    int sync_fd;
    int dir_fd; /* the state directory (its own O_PATH open), to reach the fifo after pivot */
    /* The parent's descriptors the children must close: the locked directory (flock locks
     * belong to the open file, so a child holding it would hold the lock) and the parent's
     * end of the sync socket. */
    int parent_fds[2];
    bool unshare_cgroupns; /* after placement, so the namespace is rooted at our cgroup */
    char *state;      /* the state JSON, received before pivot_root when the config has hooks */
    int console_fd;   /* connected --console-socket, or -1 */
    int preserve_fds; /* descriptors after stdio that the process keeps */
    /* Connected to linux.seccomp.listenerPath before the clone (the path is the host's), or
     * -1; the parent sends the state after "go" for the containerProcessState. */
    int seccomp_listener_fd;
    const char *keyring; /* a new session keyring's name, or NULL for --no-new-keyring */
    const int *pass_fds; /* moved to 3+preserve_fds... before exec (preserve_fds counts them) */
    int n_pass_fds;
    int stdout_fd; /* > 0: becomes stdout and stderr */
    char *seccomp_state;
};

static void close_parent_fds(const struct init_context *ctx)
{
    close(ctx->parent_fds[0]);
    close(ctx->parent_fds[1]);
}

_Noreturn void turf_sync_fail(int sync_fd, struct turf_error *e, int status)
{
    char msg[4096];
    int n = snprintf(msg, sizeof(msg), "error:%s", e ? e->msg : "unknown error");
    if (send(sync_fd, msg, (size_t)(n < (int)sizeof(msg) ? n : (int)sizeof(msg) - 1), 0) < 0) {
        /* The parent is gone; nobody is left to tell. */
    }
    _exit(status);
}

static _Noreturn void init_fail(int sync_fd, struct turf_error *e)
{
    turf_sync_fail(sync_fd, e, 1);
}

/* Looks the executable up in the container's PATH, so that create fails (as runc's does) on a
 * missing program instead of start. */
static int check_executable(const struct oci_process *p, struct turf_error **err)
{
    const char *file = p->args[0];
    if (strchr(file, '/'))
        return access(file, X_OK) == 0 ? 0 : turf_error_errno(err, -errno, "exec \"%s\"", file);
    const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    for (size_t i = 0; p->env && p->env[i]; i++)
        if (strncmp(p->env[i], "PATH=", 5) == 0)
            path = p->env[i] + 5;
    _cleanup_free_ char *dirs = strdup(path);
    for (char *save = NULL, *d = dirs ? strtok_r(dirs, ":", &save) : NULL; d;
         d = strtok_r(NULL, ":", &save)) {
        char full[4096];
        snprintf(full, sizeof(full), "%s/%s", *d ? d : ".", file);
        if (access(full, X_OK) == 0)
            return 0;
    }
    return turf_error_set(err, -ENOENT, "exec \"%s\": executable file not found in $PATH", file);
}

/* In the init, between the mounts and pivot_root: the parent runs prestart and createRuntime
 * and sends the state JSON; then createContainer runs here, in the container's namespaces. */
static int init_before_pivot(void *data, struct turf_error **err)
{
    struct init_context *ctx = data;
    static char msg[65536];
    if (send(ctx->sync_fd, "hooks", 5, 0) < 0)
        return turf_error_errno(err, -errno, "ask for hooks");
    ssize_t n = recv(ctx->sync_fd, msg, sizeof(msg) - 1, 0);
    if (n <= 0)
        _exit(1);
    msg[n] = '\0';
    if (strncmp(msg, "state:", 6) != 0)
        _exit(1); /* the parent failed and reports it */
    ctx->state = msg + 6;
    return turf_hooks_run(ctx->config, OCI_HOOK_CREATE_CONTAINER, ctx->state, err);
}

/* The state JSON with another status, for the hooks that see the container later on. */
static char *state_with_status(const char *state, const char *status)
{
    json_t *j = json_loads(state, 0, NULL);
    if (!j)
        return NULL;
    json_object_set_new(j, "status", json_string(status));
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

/* The state the parent sends after "go" when the init has a seccomp listener. */
static int receive_seccomp_state(struct init_context *ctx, struct turf_error **err)
{
    char *buf = malloc(65536);
    ssize_t n = buf ? recv(ctx->sync_fd, buf, 65535, 0) : -1;
    if (n <= 6 || strncmp(buf, "state:", 6) != 0) {
        free(buf);
        return turf_error_set(err, -EPROTO, "receive the state for the seccomp listener");
    }
    buf[n] = '\0';
    ctx->seccomp_state = buf;
    memmove(buf, buf + 6, (size_t)n - 5);
    return 0;
}

/* Puts the passed descriptors in their places, through copies above them so that none is
 * overwritten before it has moved. */
static int move_pass_fds(const struct init_context *ctx)
{
    int base = 3 + ctx->preserve_fds - ctx->n_pass_fds, copies[TURF_MAX_PASS_FDS];
    for (int i = 0; i < ctx->n_pass_fds; i++)
        if ((copies[i] = fcntl(ctx->pass_fds[i], F_DUPFD_CLOEXEC, base + ctx->n_pass_fds)) < 0)
            return -errno;
    for (int i = 0; i < ctx->n_pass_fds; i++)
        if (dup2(copies[i], base + i) < 0)
            return -errno;
    return 0;
}

static _Noreturn void init_main(struct init_context *ctx)
{
    struct turf_error *err = NULL;
    char msg[64];
    const struct oci_config *c = ctx->config;
    sigset_t none;
    struct turf_seccomp *filter = NULL;
    struct turf_seccomp_listener listener = {.fd = ctx->seccomp_listener_fd};

    close_parent_fds(ctx);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    /* Wait until the parent has written the id maps (and placed us in our cgroup). */
    ssize_t n = recv(ctx->sync_fd, msg, sizeof(msg) - 1, 0);
    if (n <= 0)
        _exit(1);
    msg[n] = '\0';
    if (strcmp(msg, "go") != 0)
        _exit(1);
    if (ctx->seccomp_listener_fd >= 0 && receive_seccomp_state(ctx, &err) < 0)
        init_fail(ctx->sync_fd, err);
    listener.state = ctx->seccomp_state;

    if (ctx->unshare_cgroupns && unshare(CLONE_NEWCGROUP) < 0) {
        turf_error_errno(&err, -errno, "create the cgroup namespace");
        init_fail(ctx->sync_fd, err);
    }
    if (ctx->sandbox->userns && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)) {
        turf_error_errno(&err, -errno, "become root in the user namespace");
        init_fail(ctx->sync_fd, err);
    }
    if (setsid() < 0) {
        turf_error_errno(&err, -errno, "setsid");
        init_fail(ctx->sync_fd, err);
    }
    /* A session keyring of its own, as runc gives each container, so that keys the container
     * adds are not shared with the host's session. */
    if (ctx->keyring && syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, ctx->keyring) < 0 &&
        errno != ENOSYS) {
        turf_error_errno(&err, -errno, "create session keyring %s", ctx->keyring);
        init_fail(ctx->sync_fd, err);
    }
    if (turf_sandbox_setup_rootfs(ctx->sandbox, &err) < 0)
        init_fail(ctx->sync_fd, err);
    if (ctx->console_fd >= 0) {
        if (turf_sandbox_setup_terminal(ctx->console_fd, c->process, &err) < 0)
            init_fail(ctx->sync_fd, err);
        close(ctx->console_fd);
    }
    if (check_executable(c->process, &err) < 0 ||
        turf_sandbox_build_seccomp(c->linux_ ? c->linux_->seccomp : NULL, &filter, &err) < 0)
        init_fail(ctx->sync_fd, err);
    /* Without no_new_privs only CAP_SYS_ADMIN lets us load a filter, and the process may be
     * about to lose it: then, as runc does, the filter goes in before the ids and capabilities
     * change (and the profile must allow what the rest of the setup does). */
    if (!c->process->no_new_privileges.value &&
        turf_sandbox_load_seccomp(TURF_STEAL(filter), &listener, &err) < 0)
        init_fail(ctx->sync_fd, err);
    if (turf_sandbox_setup_process(c->process, &err) < 0)
        init_fail(ctx->sync_fd, err);
    /* The last chance to report a problem: afterwards we are parked and the parent is gone. */
    if (faccessat(ctx->dir_fd, EXEC_FIFO, W_OK, AT_EACCESS) < 0) {
        turf_error_errno(&err, -errno, "open the exec fifo as uid %d", (int)geteuid());
        init_fail(ctx->sync_fd, err);
    }

    if (send(ctx->sync_fd, "ready", 5, 0) < 0)
        _exit(1);
    close(ctx->sync_fd);

    /* Park: opening a fifo for writing blocks until `turf start` opens it for reading. */
    int fifo = openat(ctx->dir_fd, EXEC_FIFO, O_WRONLY | O_CLOEXEC);
    if (fifo < 0 || write(fifo, "0", 1) != 1)
        _exit(1);
    close(fifo);
    close(ctx->dir_fd);
    if (ctx->stdout_fd > 0 && (dup2(ctx->stdout_fd, 1) < 0 || dup2(ctx->stdout_fd, 2) < 0))
        _exit(1);
    if (ctx->n_pass_fds && move_pass_fds(ctx) < 0)
        _exit(1);

    if (ctx->state && c->hooks && c->hooks->kind[OCI_HOOK_START_CONTAINER].n_hooks) {
        char *state = state_with_status(ctx->state, "created");
        if (turf_hooks_run(c, OCI_HOOK_START_CONTAINER, state ? state : ctx->state, &err) < 0) {
            fprintf(stderr, "turf: %s\n", err->msg);
            _exit(1);
        }
        free(state);
    }
    /* The filter as the very last step: only the exec itself runs under it. */
    if (filter) {
        char *created =
            ctx->seccomp_state ? state_with_status(ctx->seccomp_state, "created") : NULL;
        listener.state = created ? created : ctx->seccomp_state;
        if (turf_sandbox_load_seccomp(TURF_STEAL(filter), &listener, &err) < 0) {
            fprintf(stderr, "turf: %s\n", err->msg);
            _exit(1);
        }
    }
    turf_sandbox_exec(c->process, ctx->preserve_fds, &err);
    /* stdio is the only channel left: start has already returned. */
    fprintf(stderr, "turf: %s\n", err ? err->msg : "exec failed");
    _exit(127);
}

/* clone(2) without a new stack: the child continues on a copy of ours, like fork. */
static pid_t clone_process(unsigned long flags)
{
    return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

/* Starts the init and returns its pid, or a negative errno. When namespaces must be joined or
 * a time namespace made, an intermediate process does that and clones the init as our child
 * (CLONE_PARENT): setns into a pid namespace and unshare(CLONE_NEWTIME) only affect children. */
static pid_t spawn_init(struct init_context *ctx, unsigned long flags, struct turf_error **err)
{
    const struct oci_config *c = ctx->config;
    if (!turf_sandbox_joins_namespaces(c) && !turf_sandbox_new_time_namespace(c)) {
        pid_t pid = clone_process(flags);
        if (pid == 0)
            init_main(ctx);
        if (pid < 0)
            return turf_error_errno(err, -errno, "clone the container init");
        return pid;
    }

    pid_t stage = fork();
    if (stage < 0)
        return turf_error_errno(err, -errno, "fork");
    if (stage == 0) {
        struct turf_error *e = NULL;
        close_parent_fds(ctx);
        if (turf_sandbox_join_namespaces(c, &e) < 0 ||
            (turf_sandbox_new_time_namespace(c) && turf_sandbox_unshare_time(c, &e) < 0))
            init_fail(ctx->sync_fd, e);
        pid_t pid = clone_process(flags | CLONE_PARENT);
        if (pid == 0)
            init_main(ctx);
        if (pid < 0) {
            turf_error_errno(&e, -errno, "clone the container init");
            init_fail(ctx->sync_fd, e);
        }
        char msg[32];
        int len = snprintf(msg, sizeof(msg), "pid:%d", (int)pid);
        _exit(send(ctx->sync_fd, msg, (size_t)len, 0) == len ? 0 : 1);
    }
    /* The stage (and, on failure, the init) answer on the child's end: read ours. */
    char msg[4096];
    ssize_t n = recv(ctx->parent_fds[1], msg, sizeof(msg) - 1, 0);
    int status;
    waitpid(stage, &status, 0);
    if (n <= 0)
        return turf_error_set(err, -ECHILD, "the namespace-joining process died");
    msg[n] = '\0';
    if (strncmp(msg, "error:", 6) == 0)
        return turf_error_set(err, -EINVAL, "%s", msg + 6);
    return (pid_t)atoi(msg + 4);
}

/* ---- create ---- */

char *turf_now_rfc3339(void)
{
    struct timespec ts;
    struct tm tm;
    char buf[64], *s = NULL;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
    if (asprintf(&s, "%s.%09ldZ", buf, ts.tv_nsec) < 0)
        return NULL;
    return s;
}

static int write_pid_file(const char *path, pid_t pid, struct turf_error **err)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), "%d", (int)pid);
    return turf_write_file_atomic(path, buf, (size_t)n, 0644, err);
}

/* systemd socket activation: descriptors passed to us with LISTEN_FDS go on to the container's
 * process, which sees them as its own (LISTEN_PID=1), as runc does. */
static int add_listen_fds(struct oci_process *p, int *preserve_fds, struct turf_error **err)
{
    const char *value = getenv("LISTEN_FDS"), *for_pid = getenv("LISTEN_PID");
    int n = value ? atoi(value) : 0;
    /* systemd's rule: the descriptors are ours only when LISTEN_PID names us. */
    if (n <= 0 || !for_pid || atoi(for_pid) != (int)getpid())
        return 0;
    size_t len = oci_strv_len(p->env);
    char **env = realloc(p->env, (len + 3) * sizeof(char *));
    if (!env)
        return turf_error_errno(err, -ENOMEM, "LISTEN_FDS");
    p->env = env;
    env[len] = env[len + 1] = env[len + 2] = NULL;
    if (asprintf(&env[len], "LISTEN_FDS=%d", n) < 0 || !(env[len + 1] = strdup("LISTEN_PID=1")))
        return turf_error_errno(err, -ENOMEM, "LISTEN_FDS");
    *preserve_fds += n;
    return 0;
}

static int check_runnable(const struct oci_config *c, struct turf_error **err)
{
    if (!c->process)
        return turf_error_set(err, -EINVAL,
                              "config.json: process: required to create a "
                              "container");
    if (!oci_config_find_namespace(c, "mount"))
        return turf_error_set(err, -EINVAL,
                              "config.json: linux.namespaces: a mount namespace "
                              "is required");
    return 0;
}

int turf_container_start_time(pid_t pid, unsigned long long *start, struct turf_error **err)
{
    char state;
    int r = turf_proc_stat(pid, start, &state);
    return r < 0 ? turf_error_errno(err, r, "read the start time of pid %d", (int)pid) : 0;
}

/* Records the container's process in rec (pid and start time: the pid alone could be reused)
 * and writes the record to the state directory. */
static int record_pid(struct turf_container_dir *dir, struct turf_record *rec, pid_t pid,
                      struct turf_error **err)
{
    unsigned long long start;
    int r = turf_container_start_time(pid, &start, err);
    if (r < 0)
        return r;
    rec->pid = (struct oci_i32){true, pid};
    rec->pid_start_time = (struct oci_u64){true, start};
    return turf_record_write(dir, rec, err);
}

/* The name of our effective user, looked up once (turfd creates many containers). */
static const char *owner_name(void)
{
    static char name[256];
    static uid_t looked_up = (uid_t)-1;
    uid_t uid = geteuid();
    if (looked_up != uid) {
        struct passwd *pw = getpwuid(uid);
        snprintf(name, sizeof(name), "%s", pw ? pw->pw_name : "");
        looked_up = uid;
    }
    return name;
}

int turf_container_begin(const struct turf_begin *b, struct turf_container_dir *dir,
                         struct turf_new_container *out, struct turf_error **err)
{
    int r = turf_store_create(b->root, b->id, dir, err);
    if (r < 0)
        return r;
    _cleanup_free_ char *dumped = b->config_text ? NULL : oci_config_dump(b->config);
    const char *copy = b->config_text ? b->config_text : dumped;
    _cleanup_free_ char *copy_path = NULL;
    out->created = turf_now_rfc3339();
    out->owner = strdup(owner_name());
    if (!copy || !out->created || !out->owner ||
        asprintf(&copy_path, "%s/" CONFIG_COPY, dir->path) < 0)
        return turf_error_errno(err, -ENOMEM, "create");
    if ((r = turf_write_file_atomic(copy_path, copy, strlen(copy), 0600, err)) < 0)
        return r;
    out->rec = (struct turf_record){
        .oci_version = OCI_SPEC_VERSION,
        .id = (char *)b->id,
        .status = "creating",
        .bundle = (char *)b->bundle,
        .rootfs = (char *)b->rootfs,
        .created = out->created,
        .owner = out->owner,
        .annotations = b->config->annotations,
        .seed = (char *)b->seed,
    };
    if (b->pid > 0) {
        out->rec.pid = (struct oci_i32){true, b->pid};
        out->rec.pid_start_time = (struct oci_u64){true, b->pid_start_time};
    }
    return turf_record_write(dir, &out->rec, err);
}

int turf_container_make_exec_fifo(const struct turf_container_dir *dir, struct turf_error **err)
{
    /* 0622 whatever our umask: the process opens it for writing after it has become the
     * container's user, who may be anyone on the host. */
    if (mkfifoat(dir->fd, EXEC_FIFO, 0622) < 0 || fchmodat(dir->fd, EXEC_FIFO, 0622, 0) < 0)
        return turf_error_errno(err, -errno, "create %s/" EXEC_FIFO, dir->path);
    return 0;
}

void turf_new_container_release(struct turf_new_container *n)
{
    free(n->created);
    free(n->owner);
}

/* The runtime-spec: a relative source of a bind mount is relative to the bundle. */
static int resolve_bind_sources(struct oci_config *c, const char *bundle, struct turf_error **err)
{
    for (size_t i = 0; i < c->n_mounts; i++) {
        struct oci_mount *m = &c->mounts[i];
        bool bind = m->type && strcmp(m->type, "bind") == 0;
        for (size_t k = 0; !bind && m->options && m->options[k]; k++)
            bind = strcmp(m->options[k], "bind") == 0 || strcmp(m->options[k], "rbind") == 0;
        if (!bind || !m->source || m->source[0] == '/')
            continue;
        char *abs;
        if (asprintf(&abs, "%s/%s", bundle, m->source) < 0)
            return turf_error_errno(err, -ENOMEM, "mounts[%zu].source", i);
        free(m->source);
        m->source = abs;
    }
    return 0;
}

static int do_create(const struct turf_create_options *o, struct turf_container_dir *dir,
                     pid_t *pid_out, struct turf_error **err)
{
    _cleanup_oci_config_ struct oci_config *c = NULL;
    _cleanup_free_ char *bundle = realpath(o->bundle ? o->bundle : ".", NULL);
    if (!bundle)
        return turf_error_errno(err, -errno, "bundle %s", o->bundle ? o->bundle : ".");
    int r = oci_config_load_bundle(bundle, &c, err);
    if (r < 0 || (r = check_runnable(c, err)) < 0)
        return r;
    if (o->adjust_config && (r = o->adjust_config(&c, o->adjust_data, err)) < 0)
        return r;
    if (o->n_pass_fds < 0 || o->n_pass_fds > TURF_MAX_PASS_FDS)
        return turf_error_set(err, -EINVAL, "at most %d descriptors can be passed",
                              TURF_MAX_PASS_FDS);
    if ((r = resolve_bind_sources(c, bundle, err)) < 0)
        return r;

    _cleanup_free_ char *root_path = NULL;
    if (c->root->path[0] == '/')
        root_path = strdup(c->root->path);
    else if (asprintf(&root_path, "%s/%s", bundle, c->root->path) < 0)
        root_path = NULL;
    _cleanup_free_ char *rootfs = root_path ? realpath(root_path, NULL) : NULL;
    if (!rootfs)
        return turf_error_errno(err, -errno, "rootfs %s", root_path ? root_path : "");

    __attribute__((cleanup(turf_new_container_release))) struct turf_new_container nc = {0};
    struct turf_begin begin = {
        .root = o->root, .id = o->id, .config = c, .bundle = bundle, .rootfs = rootfs};
    if ((r = turf_container_begin(&begin, dir, &nc, err)) < 0 ||
        (r = turf_container_make_exec_fifo(dir, err)) < 0)
        return r;
    struct turf_record rec = nc.rec;

    unsigned long flags;
    if ((r = turf_sandbox_namespace_flags(c, &flags, err)) < 0)
        return r;
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    if ((r = turf_container_make_cgroup(o->id, o->systemd_cgroup, c, dir, &cg, err)) < 0)
        return r;
    bool has_console = o->console_socket || o->console_fd > 0;
    if (c->process->terminal.value && !has_console)
        return turf_error_set(err, -EINVAL,
                              "process.terminal is true but no --console-socket "
                              "was given to receive the terminal");
    if (!c->process->terminal.value && has_console)
        return turf_error_set(err, -EINVAL, "--console-socket needs process.terminal: true");
    _cleanup_close_ int console_fd = -1;
    if (o->console_fd > 0 && (console_fd = fcntl(o->console_fd, F_DUPFD_CLOEXEC, 3)) < 0)
        return turf_error_errno(err, -errno, "console");
    if (o->console_socket && (console_fd = turf_console_socket_connect(o->console_socket, err)) < 0)
        return console_fd;
    int preserve_fds = o->preserve_fds + o->n_pass_fds;
    if ((r = add_listen_fds(c->process, &preserve_fds, err)) < 0)
        return r;
    char keyring[1100];
    snprintf(keyring, sizeof(keyring), "_ses.%s", o->id);
    /* Connected here, in our mount namespace: the init only sends over it, after pivot_root. */
    _cleanup_close_ int listener_fd = -1;
    if ((r = turf_sandbox_seccomp_listener_connect(c->linux_ ? c->linux_->seccomp : NULL,
                                                   &listener_fd, err)) < 0)
        return r;
    struct turf_sandbox sandbox = {
        .config = c,
        .rootfs = rootfs,
        .no_pivot = o->no_pivot,
        .userns = (flags & CLONE_NEWUSER) != 0,
    };
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return turf_error_errno(err, -errno, "socketpair");
    _cleanup_close_ int parent_end = sv[0];
    _cleanup_close_ int child_end = sv[1];
    _cleanup_close_ int init_dir = openat(dir->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (init_dir < 0)
        return turf_error_errno(err, -errno, "open %s", dir->path);
    struct init_context ctx = {.config = c,
                               .sandbox = &sandbox,
                               .sync_fd = child_end,
                               .dir_fd = init_dir,
                               .parent_fds = {dir->fd, parent_end},
                               .console_fd = console_fd,
                               .preserve_fds = preserve_fds,
                               .seccomp_listener_fd = listener_fd,
                               .keyring = o->no_new_keyring ? NULL : keyring,
                               .pass_fds = o->pass_fds,
                               .n_pass_fds = o->n_pass_fds,
                               .stdout_fd = o->stdout_fd};
    if (flags & CLONE_NEWCGROUP) {
        flags &= ~(unsigned long)CLONE_NEWCGROUP;
        ctx.unshare_cgroupns = true;
    }
    if (c->hooks) {
        sandbox.before_pivot = init_before_pivot;
        sandbox.before_pivot_data = &ctx;
    }

    /* The init unblocks signals it inherits and must not die with us once created. */
    pid_t pid = spawn_init(&ctx, flags, err);
    if (pid < 0)
        return pid;
    *pid_out = pid;
    close(TURF_STEAL_FD(child_end));

    /* Record the init at once: should we die from here on, delete --force can still find and
     * kill it. */
    if ((r = record_pid(dir, &rec, pid, err)) < 0)
        return r;

    /* In its cgroup, with its limits, before it runs a single instruction of its own. */
    if ((r = cg_manager_add_pid(cg, pid, err)) < 0)
        return r;
    if (sandbox.userns && (r = turf_sandbox_write_id_maps(pid, c->linux_, err)) < 0)
        return r;
    if (send(parent_end, "go", 2, 0) < 0)
        return turf_error_errno(err, -errno, "release the container init");
    if (listener_fd >= 0) {
        _cleanup_free_ char *state = record_state_text(&rec, "creating");
        _cleanup_free_ char *reply = NULL;
        if (!state || asprintf(&reply, "state:%s", state) < 0)
            return turf_error_errno(err, -ENOMEM, "seccomp listener state");
        if (send(parent_end, reply, strlen(reply), 0) < 0)
            return turf_error_errno(err, -errno, "send the state to the container init");
    }

    char msg[4096];
    for (;;) {
        ssize_t n = recv(parent_end, msg, sizeof(msg) - 1, 0);
        if (n <= 0)
            return turf_error_set(err, -ECHILD, "the container init exited during setup");
        msg[n] = '\0';
        if (strncmp(msg, "error:", 6) == 0)
            return turf_error_set(err, -EINVAL, "%s", msg + 6);
        if (strcmp(msg, "ready") == 0)
            break;
        if (strcmp(msg, "hooks") != 0)
            return turf_error_set(err, -EPROTO, "unexpected message from the container init");
        _cleanup_free_ char *state = record_state_text(&rec, "creating");
        _cleanup_free_ char *reply = NULL;
        if (!state || asprintf(&reply, "state:%s", state) < 0)
            return turf_error_errno(err, -ENOMEM, "hooks");
        if ((r = turf_hooks_run(c, OCI_HOOK_PRESTART, state, err)) < 0 ||
            (r = turf_hooks_run(c, OCI_HOOK_CREATE_RUNTIME, state, err)) < 0)
            return r;
        if (send(parent_end, reply, strlen(reply), 0) < 0)
            return turf_error_errno(err, -errno, "send the state to the container init");
    }

    rec.status = "created";
    if ((r = turf_record_write(dir, &rec, err)) < 0)
        return r;
    if (o->pid_file && (r = write_pid_file(o->pid_file, pid, err)) < 0)
        return r;
    return 0;
}

int turf_container_create(const struct turf_create_options *o, pid_t *pid, struct turf_error **err)
{
    struct turf_container_dir dir = {.fd = -1};
    *pid = 0;
    int r = do_create(o, &dir, pid, err);
    if (r < 0) {
        if (*pid > 0) {
            kill(*pid, SIGKILL);
            waitpid(*pid, NULL, 0);
        }
        turf_container_undo_create(&dir);
        return turf_error_wrap(err, "create %s", o->id);
    }
    turf_store_close(&dir);
    return 0;
}

void turf_container_undo_create(struct turf_container_dir *dir)
{
    if (dir->fd >= 0) {
        struct turf_error *ignored = NULL;
        turf_container_destroy_cgroup(dir, &ignored);
        turf_error_free(&ignored);
        turf_store_remove(dir, &ignored);
        turf_error_free(&ignored);
    }
    turf_store_close(dir);
}

/* ---- start, state, kill, delete, list ---- */

static int open_container(const char *root, const char *id, struct turf_container_dir *dir,
                          struct turf_record **rec, struct turf_error **err)
{
    int r = turf_store_open(root, id, dir, err);
    if (r < 0)
        return r;
    /* On a failed read the directory stays open (and locked) for the caller to decide. */
    return turf_record_read(dir, rec, err);
}

static int wait_for_fifo(int fifo, pid_t pid, struct turf_error **err)
{
    /* A parked init writes as soon as our open lets its own through: give it a few
     * milliseconds before paying for a pidfd to watch it die (pidfd_open alone can take a
     * millisecond). */
    struct pollfd quick = {.fd = fifo, .events = POLLIN};
    if (poll(&quick, 1, 5) == 1 && (quick.revents & POLLIN)) {
        char byte;
        if (read(fifo, &byte, 1) == 1)
            return 0;
    }
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    struct pollfd fds[2] = {{.fd = fifo, .events = POLLIN}, {.fd = pidfd, .events = POLLIN}};
    for (;;) {
        int n = poll(fds, pidfd >= 0 ? 2 : 1, pidfd >= 0 ? -1 : 100);
        if (n < 0 && errno == EINTR)
            continue;
        char byte;
        if (fds[0].revents & POLLIN) {
            ssize_t got = read(fifo, &byte, 1);
            if (pidfd >= 0)
                close(pidfd);
            return got == 1 ? 0 : turf_error_set(err, -ECHILD, "the container init exited");
        }
        if ((pidfd >= 0 && (fds[1].revents & POLLIN)) || (pidfd < 0 && kill(pid, 0) < 0)) {
            if (pidfd >= 0)
                close(pidfd);
            return turf_error_set(err, -ECHILD, "the container init exited before start");
        }
    }
}

int turf_container_start(const char *root, const char *id, struct turf_error **err)
{
    return turf_container_start_holding(root, id, NULL, err);
}

int turf_container_start_holding(const char *root, const char *id, int *hold,
                                 struct turf_error **err)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    int r = open_container(root, id, &dir, &rec, err);
    if (r < 0) {
        turf_store_close(&dir);
        return r;
    }
    const char *status = derive_status(&dir, rec);
    if (strcmp(status, "created") != 0) {
        if (strcmp(status, "stopped") == 0)
            r = turf_error_set(err, -EINVAL, "cannot start a container that has stopped");
        else if (strcmp(status, "running") == 0)
            r = turf_error_set(err, -EINVAL, "cannot start an already running container");
        else
            r = turf_error_set(err, -EINVAL, "cannot start a container in the %s state", status);
    } else {
        int fifo = openat(dir.fd, EXEC_FIFO, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fifo < 0) {
            r = turf_error_errno(err, -errno, "open %s/" EXEC_FIFO, dir.path);
        } else {
            r = wait_for_fifo(fifo, rec->pid.value, err);
            if (r == 0) {
                unlinkat(dir.fd, EXEC_FIFO, 0);
                run_hooks_warn(&dir, rec, OCI_HOOK_POSTSTART, "running");
            }
            if (r == 0 && hold)
                *hold = fifo;
            else
                close(fifo);
        }
    }
    turf_record_free(rec);
    turf_store_close(&dir);
    return r;
}

int turf_container_state(const char *root, const char *id, json_t **out, struct turf_error **err)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    int r = open_container(root, id, &dir, &rec, err);
    if (r < 0) {
        turf_store_close(&dir);
        return r;
    }
    *out = state_json(&dir, rec);
    turf_record_free(rec);
    turf_store_close(&dir);
    return *out ? 0 : turf_error_errno(err, -ENOMEM, "state %s", id);
}

static pid_t parent_of(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    int ppid = 0;
    return p && sscanf(p + 2, "%*c %d", &ppid) == 1 ? (pid_t)ppid : 0;
}

/* The container's processes: everything in the init's pid namespace when it has one of its
 * own, else the init and its descendants. (Once containers get cgroups, the cgroup is the
 * answer; this works without one.) */
static int container_pids(pid_t init, pid_t **out, size_t *n_out)
{
    char ns[64], other[64], path[64];
    snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)init);
    ssize_t n = readlink(path, ns, sizeof(ns) - 1);
    if (n < 0)
        return -errno;
    ssize_t self = readlink("/proc/self/ns/pid", other, sizeof(other) - 1);
    bool own_ns = !(self == n && memcmp(ns, other, (size_t)n) == 0);

    DIR *d = opendir("/proc");
    if (!d)
        return -errno;
    size_t count = 0, cap = 64;
    pid_t *pids = malloc(cap * sizeof(pid_t));
    pids[count++] = init;
    struct dirent *e;
    while (pids && (e = readdir(d))) {
        pid_t pid = (pid_t)atoi(e->d_name);
        if (pid <= 0 || pid == init)
            continue;
        bool member = false;
        if (own_ns) {
            snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
            ssize_t m = readlink(path, other, sizeof(other) - 1);
            member = m == n && memcmp(ns, other, (size_t)n) == 0;
        } else {
            for (pid_t p = parent_of(pid); p > 1 && !member; p = parent_of(p))
                member = p == init;
        }
        if (!member)
            continue;
        if (count == cap) {
            pid_t *bigger = realloc(pids, (cap *= 2) * sizeof(pid_t));
            if (!bigger) {
                free(pids);
                pids = NULL;
                break;
            }
            pids = bigger;
        }
        pids[count++] = pid;
    }
    closedir(d);
    if (!pids)
        return -ENOMEM;
    *out = pids;
    *n_out = count;
    return 0;
}

/* The container's processes: its cgroup's, or without one, found through the init. */
static int list_pids(const struct turf_container_dir *dir, const struct turf_record *rec,
                     pid_t **pids, size_t *n, struct turf_error **err)
{
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    int r = load_cgroup(dir, &cg, err);
    if (r == 0)
        return cg_manager_pids(cg, pids, n, err);
    if (r != -ENOENT)
        return r;
    if ((r = container_pids(rec->pid.value, pids, n)) < 0)
        return turf_error_errno(err, r, "list the processes of %s", dir->id);
    return 0;
}

static int signal_all(const struct turf_container_dir *dir, const struct turf_record *rec, int sig,
                      struct turf_error **err)
{
    pid_t *pids;
    size_t n;
    int r = list_pids(dir, rec, &pids, &n, err);
    if (r < 0)
        return r;
    for (size_t i = 0; i < n; i++)
        kill(pids[i], sig);
    free(pids);
    return 0;
}

int turf_container_pids(const char *root, const char *id, pid_t **pids, size_t *n,
                        struct turf_error **err)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    int r = open_container(root, id, &dir, &rec, err);
    if (r == 0 && strcmp(derive_status(&dir, rec), "stopped") == 0) {
        *pids = NULL;
        *n = 0;
    } else if (r == 0) {
        r = list_pids(&dir, rec, pids, n, err);
    }
    turf_record_free(rec);
    turf_store_close(&dir);
    return r;
}

int turf_container_kill(const char *root, const char *id, int sig, bool all,
                        struct turf_error **err)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    int r = open_container(root, id, &dir, &rec, err);
    if (r < 0) {
        turf_store_close(&dir);
        return r;
    }
    if (strcmp(derive_status(&dir, rec), "stopped") == 0)
        r = turf_error_set(err, -ESRCH, "container not running");
    else if (all && (r = signal_all(&dir, rec, sig, err)) < 0)
        turf_error_wrap(err, "kill --all %s", id);
    else if (!all && kill(rec->pid.value, sig) < 0)
        r = turf_error_errno(err, -errno, "kill pid %d", (int)rec->pid.value);
    turf_record_free(rec);
    turf_store_close(&dir);
    return r;
}

static void wait_until_dead(const struct turf_record *rec)
{
    int pidfd = (int)syscall(SYS_pidfd_open, rec->pid.value, 0);
    if (pidfd >= 0) {
        struct pollfd p = {.fd = pidfd, .events = POLLIN};
        poll(&p, 1, 10000);
        close(pidfd);
        return;
    }
    for (int i = 0; i < 1000 && record_alive(rec); i++)
        usleep(10000);
}

int turf_container_delete(const char *root, const char *id, bool force, struct turf_error **err)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    /* Declared before the first goto: its cleanup runs at out: on every path. */
    _cleanup_oci_config_ struct oci_config *c = NULL;
    int r = open_container(root, id, &dir, &rec, err);
    if (r < 0 && dir.fd >= 0) {
        /* The directory of a create that died before writing its record: nothing can be
         * running from it, so remove it. */
        turf_error_free(err);
        return turf_store_remove(&dir, err);
    }
    if (r == -ENOENT && force) {
        /* As runc: forcing the delete of a container that is already gone succeeds. */
        turf_error_free(err);
        return 0;
    }
    if (r < 0)
        return r;
    const char *status = derive_status(&dir, rec);
    if (strcmp(status, "stopped") != 0) {
        if (!force) {
            r = turf_error_set(err, -EBUSY, "cannot delete container %s that is not stopped: %s",
                               id, status);
            goto out;
        }
        /* Through the cgroup when there is one: it thaws a paused container first, which
         * SIGKILL alone would not end on cgroup v1. */
        struct turf_error *ignored = NULL;
        kill(rec->pid.value, SIGKILL);
        turf_container_destroy_cgroup(&dir, &ignored);
        turf_error_free(&ignored);
        signal_all(&dir, rec, SIGKILL, &ignored); /* without a cgroup: through the init */
        turf_error_free(&ignored);
        wait_until_dead(rec);
    }
    /* Whatever the container left in its cgroup goes with it. */
    if ((r = turf_container_destroy_cgroup(&dir, err)) < 0)
        goto out;
    /* poststop runs after the container is deleted: read its config before removing it. */
    struct turf_error *ignored = NULL;
    load_config_copy(&dir, &c, &ignored);
    turf_error_free(&ignored);
    r = turf_store_remove(&dir, err);
    if (r == 0 && c && c->hooks && c->hooks->kind[OCI_HOOK_POSTSTOP].n_hooks) {
        _cleanup_free_ char *state = record_state_text(rec, "stopped");
        if (state && turf_hooks_run(c, OCI_HOOK_POSTSTOP, state, &ignored) < 0)
            turf_log_warn("%s", ignored->msg);
        turf_error_free(&ignored);
    }
out:
    turf_record_free(rec);
    turf_store_close(&dir);
    return r;
}

int turf_container_list(const char *root, json_t **out, struct turf_error **err)
{
    char **ids = NULL;
    int r = turf_store_list(root, &ids, err);
    if (r < 0)
        return r;
    json_t *list = json_array();
    for (size_t i = 0; list && ids[i]; i++) {
        json_t *state = NULL;
        struct turf_error *ignored = NULL;
        /* A container being deleted as we look is simply not listed. */
        if (turf_container_state(root, ids[i], &state, &ignored) == 0)
            json_array_append_new(list, state);
        turf_error_free(&ignored);
    }
    turf_strv_free(ids);
    *out = list;
    return list ? 0 : turf_error_errno(err, -ENOMEM, "list");
}

/* Opens a container that has a cgroup and whose status is one of `allowed` (or any but
 * stopped when allowed is NULL); `refusal` is runc's message otherwise. */
static int open_cgroup(const char *root, const char *id, const char *const *allowed,
                       const char *refusal, struct cg_manager **cg, struct turf_error **err)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    int r = open_container(root, id, &dir, &rec, err);
    if (r == 0) {
        const char *status = derive_status(&dir, rec);
        bool ok = !allowed && strcmp(status, "stopped") != 0;
        for (const char *const *a = allowed; a && *a; a++)
            ok |= strcmp(*a, status) == 0;
        if (!ok)
            r = turf_error_set(err, -EINVAL, "%s", refusal);
        else if ((r = load_cgroup(&dir, cg, err)) == -ENOENT)
            r = turf_error_set(err, -ENOENT, "container %s has no cgroup", id);
    }
    turf_record_free(rec);
    turf_store_close(&dir);
    return r;
}

int turf_container_pause(const char *root, const char *id, struct turf_error **err)
{
    static const char *const running[] = {"running", "created", NULL};
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    int r = open_cgroup(root, id, running, "container not running", &cg, err);
    return r < 0 ? r : cg_manager_freeze(cg, err);
}

int turf_container_resume(const char *root, const char *id, struct turf_error **err)
{
    static const char *const paused[] = {"paused", NULL};
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    int r = open_cgroup(root, id, paused, "container not paused", &cg, err);
    return r < 0 ? r : cg_manager_thaw(cg, err);
}

int turf_container_update(const char *root, const char *id, const struct oci_resources *res,
                          struct turf_error **err)
{
    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    int r = open_cgroup(root, id, NULL, "container not running", &cg, err);
    return r < 0 ? r : cg_manager_apply(cg, res, err);
}

int turf_container_cgroup(const char *root, const char *id, struct cg_manager **cg,
                          struct turf_error **err)
{
    return open_cgroup(root, id, NULL, "container not running", cg, err);
}

bool turf_container_stopped(const char *root, const char *id)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    struct turf_error *ignored = NULL;
    bool stopped = open_container(root, id, &dir, &rec, &ignored) < 0 ||
                   strcmp(derive_status(&dir, rec), "stopped") == 0;
    turf_error_free(&ignored);
    turf_record_free(rec);
    turf_store_close(&dir);
    return stopped;
}

int turf_container_running_init(const char *root, const char *id, pid_t *init,
                                struct oci_config **config, struct turf_error **err)
{
    struct turf_container_dir dir;
    struct turf_record *rec = NULL;
    int r = open_container(root, id, &dir, &rec, err);
    if (r == 0) {
        const char *status = derive_status(&dir, rec);
        if (strcmp(status, "created") != 0 && strcmp(status, "running") != 0)
            r = turf_error_set(err, -ESRCH, "cannot exec in a %s container", status);
        else if ((r = load_config_copy(&dir, config, err)) == 0)
            *init = rec->pid.value;
    }
    turf_record_free(rec);
    turf_store_close(&dir);
    return r;
}

int turf_exit_code(int wait_status)
{
    return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

int turf_wait_forwarding_signals(pid_t pid)
{
    static const int forwarded[] = TURF_FORWARDED_SIGNALS;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
        sigaddset(&set, forwarded[i]);
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (;;) {
        int status;
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return turf_exit_code(status);
        if (done < 0)
            return 255;
        siginfo_t info;
        int sig = sigwaitinfo(&set, &info);
        if (sig > 0 && sig != SIGCHLD)
            kill(pid, sig);
    }
}

int turf_signal_parse(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (*s && !*end)
        return n > 0 && n < NSIG ? (int)n : -EINVAL;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (int sig = 1; sig < NSIG; sig++) {
        const char *name = sigabbrev_np(sig);
        if (name && strcasecmp(name, s) == 0)
            return sig;
    }
    return -EINVAL;
}
