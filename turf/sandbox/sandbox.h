/* The one path that turns an OCI config into a confined process, shared by `turf create` (in a
 * freshly cloned init) and by the WarmFork child (in a freshly forked seed child). The caller
 * creates or joins the namespaces and places the process in its cgroup; these functions do
 * the rest, in this order: rootfs, host settings, process settings, exec. */
#ifndef TURF_SANDBOX_H
#define TURF_SANDBOX_H

#include <stdbool.h>
#include <sys/types.h>

#include "../../oci/config.h"

struct turf_sandbox {
    const struct oci_config *config;
    const char *rootfs; /* absolute host path of root.path */
    bool no_pivot;      /* --no-pivot: MS_MOVE and chroot instead of pivot_root */
    bool userns;        /* in a new user namespace: devices are bind-mounted, not made */
    /* Called after the mounts and before pivot_root, where the runtime-spec runs the
     * prestart, createRuntime and createContainer hooks. May be NULL. */
    int (*before_pivot)(void *data, struct turf_error **err);
    void *before_pivot_data;
};

/* Namespaces. clone_flags gets the CLONE_NEW* flags of the namespaces to create (time
 * excluded: it must be unshared by the parent, see turf_sandbox_unshare_time). */
int turf_sandbox_namespace_flags(const struct oci_config *c, unsigned long *clone_flags,
                                 struct turf_error **err);
bool turf_sandbox_joins_namespaces(const struct oci_config *c);
bool turf_sandbox_new_time_namespace(const struct oci_config *c);
/* setns() into every namespace given by path, the user namespace first. */
int turf_sandbox_join_namespaces(const struct oci_config *c, struct turf_error **err);
/* unshare(CLONE_NEWTIME) and write timeOffsets: the children made next are inside it. */
int turf_sandbox_unshare_time(const struct oci_config *c, struct turf_error **err);
/* Writes /proc/PID/{uid_map,gid_map} for a process in a new user namespace. */
int turf_sandbox_write_id_maps(pid_t pid, const struct oci_linux *l, struct turf_error **err);

/* The mounts, /dev, pivot_root, then the host settings (turf_sandbox_setup_host), then
 * masked and read-only paths and the read-only root. */
int turf_sandbox_setup_rootfs(const struct turf_sandbox *s, struct turf_error **err);
/* Masks (masked) and makes read-only (readonly) the paths of linux.maskedPaths and
 * linux.readonlyPaths that lie under the directory under (all of them when NULL); called by
 * turf_sandbox_setup_rootfs, and by a WarmFork child over the /proc of its pid namespace. */
int turf_sandbox_mask_paths(char *const *masked, char *const *readonly, const char *under,
                            struct turf_error **err);
/* hostname, domainname and sysctl (called by turf_sandbox_setup_rootfs). */
int turf_sandbox_setup_host(const struct oci_config *c, struct turf_error **err);
/* oomScoreAdj, rlimits, groups and ids, umask, cwd: everything up to exec. */
int turf_sandbox_setup_process(const struct oci_process *p, struct turf_error **err);
/* Capabilities, split around the id change: cut the bounding set (and keep caps across
 * setuid) before it, set the other four sets exactly after it. */
int turf_sandbox_drop_bounding(const struct oci_capabilities *c, struct turf_error **err);
int turf_sandbox_set_capabilities(const struct oci_capabilities *c, struct turf_error **err);
/* Runs the config's hooks of one kind, in order, with the state JSON on stdin; the first
 * failure stops the rest. */
int turf_hooks_run(const struct oci_config *c, enum oci_hook_kind kind, const char *state,
                   struct turf_error **err);
/* Terminal: connect to a console socket (in the caller's namespaces), then, inside the
 * container, allocate a pty, send its master there and make the slave our stdio and
 * controlling terminal (the caller must already be a session leader). */
int turf_console_socket_connect(const char *path, struct turf_error **err);
int turf_sandbox_setup_terminal(int console_socket, const struct oci_process *p,
                                struct turf_error **err);
/* seccomp with libseccomp, in two steps. turf_sandbox_build_seccomp makes the filter of
 * linux.seccomp (*out stays NULL when s is NULL) while an error can still fail create;
 * turf_sandbox_load_seccomp loads it (and frees it; NULL loads nothing) as the last step
 * before exec, or, when no_new_privs is off, before the process gives up CAP_SYS_ADMIN, as
 * runc does. A filter with SCMP_ACT_NOTIFY rules sends its notify fd (SCM_RIGHTS) with the
 * runtime-spec's containerProcessState over a socket that turf_sandbox_seccomp_listener_connect
 * connected to listenerPath from the runtime's mount namespace (*fd is -1 when no rule
 * notifies). */
struct turf_seccomp;
struct turf_seccomp_listener {
    int fd;            /* connected to listenerPath, or -1 */
    pid_t pid;         /* the process, seen from the runtime; 0: the "pid" of state */
    const char *state; /* the container's state JSON */
};
int turf_sandbox_seccomp_listener_connect(const struct oci_seccomp *s, int *fd,
                                          struct turf_error **err);
int turf_sandbox_build_seccomp(const struct oci_seccomp *s, struct turf_seccomp **out,
                               struct turf_error **err);
int turf_sandbox_load_seccomp(struct turf_seccomp *f, const struct turf_seccomp_listener *l,
                              struct turf_error **err);
void turf_sandbox_free_seccomp(struct turf_seccomp *f);
/* The WarmFork path compiles a filter once, on the privileged side, and ships the program:
 * turf_sandbox_export_seccomp writes f's BPF program into a new memfd (*memfd) and gives the
 * seccomp(2) flags its attributes ask for (*flags); a filter with SCMP_ACT_NOTIFY rules is
 * refused. turf_sandbox_load_seccomp_bpf loads such a program in the process that calls it. */
int turf_sandbox_export_seccomp(const struct turf_seccomp *f, int *memfd, unsigned *flags,
                                struct turf_error **err);
int turf_sandbox_load_seccomp_bpf(int memfd, unsigned flags, struct turf_error **err);
/* Runs such a program, as the kernel would, for each of these system calls of the native
 * architecture with all arguments 0: true when it allows every one (SCMP_ACT_ALLOW or
 * SCMP_ACT_LOG). */
bool turf_sandbox_seccomp_allows(int memfd, const int *syscalls, size_t n);
/* execvpe in the container, with the config's environment, keeping stdio and the
 * preserve_fds descriptors after it open. Returns only on failure. */
int turf_sandbox_exec(const struct oci_process *p, int preserve_fds, struct turf_error **err);

#endif
