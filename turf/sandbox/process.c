/* The process side of a sandbox: host settings seen from inside (hostname, sysctl) and the
 * settings of the process itself up to exec (oom score, rlimits, ids, groups, umask, cwd). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <linux/close_range.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../oci/names.h"
#include "../base/cleanup.h"
#include "sandbox.h"

static int write_proc(const char *path, const char *value, struct turf_error **err)
{
    _cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
    size_t len = strlen(value);
    if (fd < 0 || write(fd, value, len) != (ssize_t)len)
        return turf_error_errno(err, -errno, "write \"%s\" to %s", value, path);
    return 0;
}

int turf_sandbox_setup_host(const struct oci_config *c, struct turf_error **err)
{
    if (c->hostname && sethostname(c->hostname, strlen(c->hostname)) < 0)
        return turf_error_errno(err, -errno, "set hostname \"%s\"", c->hostname);
    if (c->domainname && setdomainname(c->domainname, strlen(c->domainname)) < 0)
        return turf_error_errno(err, -errno, "set domainname \"%s\"", c->domainname);
    const struct oci_map *sysctl = c->linux_ ? &c->linux_->sysctl : NULL;
    for (size_t i = 0; sysctl && i < sysctl->n_entries; i++) {
        char path[512];
        int n = snprintf(path, sizeof(path), "/proc/sys/%s", sysctl->entries[i].key);
        for (char *p = path + 10; n > 0 && *p; p++)
            if (*p == '.')
                *p = '/';
        int r = write_proc(path, sysctl->entries[i].value, err);
        if (r < 0)
            return turf_error_wrap(err, "sysctl %s", sysctl->entries[i].key);
    }
    return 0;
}

static bool apparmor_enabled(void)
{
    char c = 0;
    _cleanup_close_ int fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
    return fd >= 0 && read(fd, &c, 1) == 1 && c == 'Y';
}

static bool selinux_enabled(void)
{
    return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

/* The LSM labels take effect at exec. A config that asks for an LSM the host does not run
 * fails: running the process unconfined instead would be a silent downgrade. */
static int setup_lsm(const struct oci_process *p, struct turf_error **err)
{
    int r;
    if (p->apparmor_profile && *p->apparmor_profile) {
        if (!apparmor_enabled())
            return turf_error_set(err, -EOPNOTSUPP,
                                  "process.apparmorProfile: \"%s\" is set, but AppArmor is not "
                                  "enabled on this host",
                                  p->apparmor_profile);
        _cleanup_free_ char *value = NULL;
        if (asprintf(&value, "exec %s", p->apparmor_profile) < 0)
            return turf_error_errno(err, -ENOMEM, "apparmorProfile");
        const char *attr = access("/proc/self/attr/apparmor/exec", F_OK) == 0
                               ? "/proc/self/attr/apparmor/exec"
                               : "/proc/self/attr/exec";
        if ((r = write_proc(attr, value, err)) < 0)
            return turf_error_wrap(err, "process.apparmorProfile");
    }
    if (p->selinux_label && *p->selinux_label) {
        if (!selinux_enabled())
            return turf_error_set(err, -EOPNOTSUPP,
                                  "process.selinuxLabel: \"%s\" is set, but SELinux is not "
                                  "enabled on this host",
                                  p->selinux_label);
        if ((r = write_proc("/proc/self/attr/exec", p->selinux_label, err)) < 0)
            return turf_error_wrap(err, "process.selinuxLabel");
    }
    return 0;
}

int turf_sandbox_setup_process(const struct oci_process *p, struct turf_error **err)
{
    int r;
    if (p->oom_score_adj.set) {
        char value[16];
        snprintf(value, sizeof(value), "%d", p->oom_score_adj.value);
        if ((r = write_proc("/proc/self/oom_score_adj", value, err)) < 0)
            return r;
    }
    for (size_t i = 0; i < p->n_rlimits; i++) {
        const struct oci_rlimit *rl = &p->rlimits[i];
        struct rlimit lim = {.rlim_cur = rl->soft.value, .rlim_max = rl->hard.value};
        if (setrlimit(oci_rlimit_from_name(rl->type), &lim) < 0)
            return turf_error_errno(err, -errno, "set %s to soft %llu, hard %llu", rl->type,
                                    (unsigned long long)rl->soft.value,
                                    (unsigned long long)rl->hard.value);
    }
    if ((r = turf_sandbox_drop_bounding(p->capabilities, err)) < 0)
        return r;
    if (p->user) {
        const struct oci_user *u = p->user;
        gid_t groups[256];
        size_t n = u->n_additional_gids < 256 ? u->n_additional_gids : 256;
        for (size_t i = 0; i < n; i++)
            groups[i] = u->additional_gids[i];
        /* setgroups is refused in a user namespace whose gid_map was written after denying
         * it; an empty list there is the only possible answer anyway. */
        if (setgroups(n, groups) < 0 && !(errno == EPERM && n == 0))
            return turf_error_errno(err, -errno, "set additional groups");
        if (setresgid(u->gid.value, u->gid.value, u->gid.value) < 0)
            return turf_error_errno(err, -errno, "set gid %u", u->gid.value);
        if (setresuid(u->uid.value, u->uid.value, u->uid.value) < 0)
            return turf_error_errno(err, -errno, "set uid %u", u->uid.value);
        umask(u->umask.set ? u->umask.value : 022);
    } else {
        umask(022);
    }
    if ((r = turf_sandbox_set_capabilities(p->capabilities, err)) < 0)
        return r;
    if ((r = setup_lsm(p, err)) < 0)
        return r;
    if (p->no_new_privileges.value && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return turf_error_errno(err, -errno, "set no_new_privs");
    if (chdir(p->cwd) < 0)
        return turf_error_errno(err, -errno, "change to working directory %s", p->cwd);
    return 0;
}

int turf_sandbox_exec(const struct oci_process *p, int preserve_fds, struct turf_error **err)
{
    /* Whatever Turf itself still has open must not reach the container. */
    for (int fd = 3; fd < 3 + preserve_fds; fd++)
        fcntl(fd, F_SETFD, 0);
    if (syscall(SYS_close_range, 3 + preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        return turf_error_errno(err, -errno, "mark descriptors close-on-exec");
    char *const empty[] = {NULL};
    char *const *env = p->env ? p->env : empty;
    /* execvpe searches the PATH of the calling process; the container's is what counts. */
    const char *path = NULL;
    for (size_t i = 0; env[i]; i++)
        if (strncmp(env[i], "PATH=", 5) == 0)
            path = env[i] + 5;
    if (path)
        setenv("PATH", path, 1);
    else
        unsetenv("PATH");
    execvpe(p->args[0], p->args, env);
    int e = errno;
    if (e == ENOENT)
        return turf_error_set(err, -e, "exec \"%s\": executable file not found in $PATH",
                              p->args[0]);
    return turf_error_errno(err, -e, "exec \"%s\"", p->args[0]);
}
