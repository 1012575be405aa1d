/* Builds a container's filesystem view inside its new mount namespace: the config's mounts,
 * /dev, pivot_root, the read-only root, masked and read-only paths. Destinations are resolved
 * with openat2(RESOLVE_IN_ROOT) and mounted through /proc/self/fd, so a symlink in the rootfs
 * can never point a mount outside it. */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "mount-options.h"

static int sys_openat2(int dirfd, const char *path, uint64_t flags, uint64_t resolve)
{
    struct open_how how = {.flags = flags, .resolve = resolve};
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

static int sys_mount_setattr(int dirfd, const char *path, unsigned flags, uint64_t set,
                             uint64_t clr)
{
    struct mount_attr attr = {.attr_set = set, .attr_clr = clr};
    return (int)syscall(SYS_mount_setattr, dirfd, path, flags, &attr, sizeof(attr));
}

static int open_in_root(int root_fd, const char *path)
{
    while (*path == '/')
        path++;
    if (!*path)
        return fcntl(root_fd, F_DUPFD_CLOEXEC, 3);
    return sys_openat2(root_fd, path, O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

/* Opens path inside the rootfs as an O_PATH fd, creating missing directories on the way and the
 * last component as a directory or an empty file. Returns the fd or a negative errno. */
static int make_in_root(int root_fd, const char *path, bool as_file)
{
    int fd = open_in_root(root_fd, path);
    if (fd >= 0 || errno != ENOENT)
        return fd >= 0 ? fd : -errno;

    _cleanup_free_ char *copy = strdup(path);
    if (!copy)
        return -ENOMEM;
    char *slash = strrchr(copy, '/');
    const char *name = slash ? slash + 1 : copy;
    if (slash)
        *slash = '\0';
    if (!*name)
        return -EINVAL;
    int r = slash && *copy ? make_in_root(root_fd, copy, false) : open_in_root(root_fd, "/");
    if (r < 0)
        return r;
    _cleanup_close_ int parent = r;
    /* O_PATH fds cannot be used with mkdirat/openat to create, so reopen the directory. */
    _cleanup_close_ int dir = openat(parent, ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (dir < 0)
        return -errno;
    if (as_file) {
        int f = openat(dir, name, O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (f < 0 && errno != EEXIST)
            return -errno;
        if (f >= 0)
            close(f);
    } else if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST) {
        return -errno;
    }
    fd = sys_openat2(dir, name, O_PATH | O_CLOEXEC | O_NOFOLLOW, RESOLVE_IN_ROOT);
    if (fd < 0)
        fd = open_in_root(root_fd, path); /* a symlink: resolve it inside the root */
    return fd >= 0 ? fd : -errno;
}

static void fd_path(int fd, char buf[static 32])
{
    snprintf(buf, 32, "/proc/self/fd/%d", fd);
}

static uint64_t ms_to_attr(unsigned long flags)
{
    uint64_t a = 0;
    if (flags & MS_RDONLY)
        a |= MOUNT_ATTR_RDONLY;
    if (flags & MS_NOSUID)
        a |= MOUNT_ATTR_NOSUID;
    if (flags & MS_NODEV)
        a |= MOUNT_ATTR_NODEV;
    if (flags & MS_NOEXEC)
        a |= MOUNT_ATTR_NOEXEC;
    if (flags & MS_NODIRATIME)
        a |= MOUNT_ATTR_NODIRATIME;
    return a;
}

/* Applies the flags of a bind mount (which mount(2) ignores on the first call) without clearing
 * flags the kernel locked on it, then propagation and recursive attributes. The destination is
 * resolved again: an fd opened before the mount still names the directory it covers. */
static int finish_mount(int root_fd, const char *dest, const struct turf_mount_options *o,
                        bool bind, const char *what, struct turf_error **err)
{
    if (!bind && !o->propagation && !o->attr_set && !o->attr_clr)
        return 0;
    _cleanup_close_ int fd = open_in_root(root_fd, dest);
    if (fd < 0)
        return turf_error_errno(err, -errno, "open %s after mounting it", dest);
    char target[32];
    fd_path(fd, target);
    if (bind) {
        uint64_t set = ms_to_attr(o->flags);
        if (o->flags & MS_NOATIME)
            set |= MOUNT_ATTR_NOATIME;
        else if (o->flags & MS_STRICTATIME)
            set |= MOUNT_ATTR_STRICTATIME;
        uint64_t clr = (o->flags & (MS_NOATIME | MS_STRICTATIME)) ? MOUNT_ATTR__ATIME : 0;
        if ((set || clr) && sys_mount_setattr(AT_FDCWD, target, 0, set, clr) < 0)
            return turf_error_errno(err, -errno, "set flags of %s", what);
    }
    if (o->propagation && mount(NULL, target, NULL, o->propagation, NULL) < 0)
        return turf_error_errno(err, -errno, "set propagation of %s", what);
    if ((o->attr_set || o->attr_clr) &&
        sys_mount_setattr(AT_FDCWD, target, AT_RECURSIVE, o->attr_set, o->attr_clr) < 0)
        return turf_error_errno(err, -errno, "set recursive attributes of %s", what);
    return 0;
}

/* The cgroup filesystem, the way runc presents it: on v1 (and hybrid) hosts a tmpfs with one
 * bind mount per hierarchy, each showing only the container's own cgroup. */
static int mount_cgroups(int root_fd, const char *dest, const struct turf_mount_options *o,
                         struct turf_error **err)
{
    _cleanup_fclose_ FILE *self = fopen("/proc/self/cgroup", "re");
    if (!self)
        return turf_error_errno(err, -errno, "read /proc/self/cgroup");

    int r = make_in_root(root_fd, dest, false);
    if (r < 0)
        return turf_error_errno(err, r, "create mount point %s", dest);
    _cleanup_close_ int fd = r;
    char target[32];
    fd_path(fd, target);
    if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
        return turf_error_errno(err, -errno, "mount tmpfs on %s", dest);

    char line[4096];
    while (fgets(line, sizeof(line), self)) {
        /* "4:memory:/a/b" or "0::/a/b" */
        char *ctrl = strchr(line, ':'), *path = ctrl ? strchr(ctrl + 1, ':') : NULL;
        if (!path)
            continue;
        *path++ = '\0';
        ctrl++;
        path[strcspn(path, "\n")] = '\0';
        const char *name = *ctrl ? ctrl : "unified";
        if (strncmp(name, "name=", 5) == 0)
            name += 5;

        _cleanup_free_ char *host = NULL, *inside = NULL;
        if (asprintf(&host, "/sys/fs/cgroup/%s%s", name, path) < 0 ||
            asprintf(&inside, "%s/%s", dest, name) < 0)
            return turf_error_errno(err, -ENOMEM, "mount cgroups");
        struct stat st;
        if (stat(host, &st) < 0)
            continue; /* a hierarchy not mounted where the convention says: leave it out */
        if ((r = make_in_root(root_fd, inside, false)) < 0)
            return turf_error_errno(err, r, "create mount point %s", inside);
        _cleanup_close_ int sub = r;
        char sub_target[32];
        fd_path(sub, sub_target);
        if (mount(host, sub_target, NULL, MS_BIND | MS_REC, NULL) < 0)
            return turf_error_errno(err, -errno, "bind %s on %s", host, inside);
        if ((r = finish_mount(root_fd, inside, o, true, inside, err)) < 0)
            return r;
    }
    _cleanup_close_ int mounted = open_in_root(root_fd, dest);
    if ((o->flags & MS_RDONLY) &&
        (mounted < 0 || sys_mount_setattr(mounted, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY, 0) < 0))
        return turf_error_errno(err, -errno, "make %s read-only", dest);
    return 0;
}

static int do_mount(int root_fd, const struct oci_mount *m, struct turf_error **err)
{
    struct turf_mount_options o;
    int r = turf_mount_options_parse(m->options, &o, err);
    if (r < 0)
        return turf_error_wrap(err, "mount %s", m->destination);
    const char *type = m->type ? m->type : "none";
    bool bind = (o.flags & MS_BIND) != 0;
    char what[512];
    snprintf(what, sizeof(what), "%s on %s", m->source ? m->source : type, m->destination);

    if (strcmp(type, "cgroup") == 0 && !bind) {
        r = mount_cgroups(root_fd, m->destination, &o, err);
        turf_mount_options_free(&o);
        return r;
    }

    bool as_file = false;
    struct stat st;
    if (bind && m->source && stat(m->source, &st) == 0 && !S_ISDIR(st.st_mode))
        as_file = true;
    r = make_in_root(root_fd, m->destination, as_file);
    if (r < 0) {
        turf_mount_options_free(&o);
        return turf_error_errno(err, r, "create mount point %s", m->destination);
    }
    _cleanup_close_ int fd = r;
    char target[32];
    fd_path(fd, target);

    unsigned long flags = bind ? o.flags & (MS_BIND | MS_REC) : o.flags;
    r = mount(m->source ? m->source : type, target, bind ? NULL : type, flags,
              bind || !*o.data ? NULL : o.data);
    if (r < 0 && strcmp(type, "sysfs") == 0 && (errno == EPERM || errno == EBUSY)) {
        /* Without a network namespace of its own a user namespace cannot mount sysfs: fall
         * back, as runc does, to the host's /sys read-only. */
        bind = true;
        r = mount("/sys", target, NULL, MS_BIND | MS_REC, NULL);
    }
    if (r < 0) {
        r = turf_error_errno(err, -errno, "mount %s", what);
    } else {
        r = finish_mount(root_fd, m->destination, &o, bind, what, err);
    }
    turf_mount_options_free(&o);
    return r;
}

static const struct {
    const char *path;
    unsigned major, minor;
} default_devices[] = {
    {"/dev/null", 1, 3},   {"/dev/zero", 1, 5},    {"/dev/full", 1, 7},
    {"/dev/random", 1, 8}, {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0},
};

static int make_device(int root_fd, const char *path, char type, unsigned major, unsigned minor,
                       mode_t perm, uid_t uid, gid_t gid, bool userns, struct turf_error **err)
{
    _cleanup_free_ char *dir = strdup(path);
    if (!dir)
        return turf_error_errno(err, -ENOMEM, "create device %s", path);
    char *slash = strrchr(dir, '/');
    const char *name = slash + 1;
    *slash = '\0';
    int r = make_in_root(root_fd, *dir ? dir : "/", false);
    if (r < 0)
        return turf_error_errno(err, r, "create directory of device %s", path);
    _cleanup_close_ int parent_path = r;
    _cleanup_close_ int parent = openat(parent_path, ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (parent < 0)
        return turf_error_errno(err, -errno, "open directory of device %s", path);

    if (userns) {
        /* A user namespace may not mknod: bind the host's device node instead. */
        int f = openat(parent, name, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        if (f < 0)
            return turf_error_errno(err, -errno, "create device %s", path);
        char target[32];
        fd_path(f, target);
        r = mount(path, target, NULL, MS_BIND, NULL);
        close(f);
        if (r < 0)
            return turf_error_errno(err, -errno, "bind device %s", path);
        return 0;
    }
    mode_t kind = type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR;
    unlinkat(parent, name, 0);
    if (mknodat(parent, name, kind | perm, makedev(major, minor)) < 0)
        return turf_error_errno(err, -errno, "mknod %s", path);
    if (fchownat(parent, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0 ||
        fchmodat(parent, name, perm, 0) < 0)
        return turf_error_errno(err, -errno, "set owner and mode of %s", path);
    return 0;
}

static int setup_dev(int root_fd, const struct turf_sandbox *s, struct turf_error **err)
{
    const struct oci_linux *l = s->config->linux_;
    int r;
    for (size_t i = 0; i < TURF_ARRAY_SIZE(default_devices); i++)
        if ((r = make_device(root_fd, default_devices[i].path, 'c', default_devices[i].major,
                             default_devices[i].minor, 0666, 0, 0, s->userns, err)) < 0)
            return r;
    for (size_t i = 0; l && i < l->n_devices; i++) {
        const struct oci_device *d = &l->devices[i];
        mode_t perm = d->file_mode.set ? d->file_mode.value : 0666;
        if ((r = make_device(root_fd, d->path, d->type[0], (unsigned)d->major.value,
                             (unsigned)d->minor.value, perm, d->uid.value, d->gid.value, s->userns,
                             err)) < 0)
            return r;
    }

    static const struct {
        const char *target, *link;
    } links[] = {
        {"/proc/self/fd", "dev/fd"},       {"/proc/self/fd/0", "dev/stdin"},
        {"/proc/self/fd/1", "dev/stdout"}, {"/proc/self/fd/2", "dev/stderr"},
        {"pts/ptmx", "dev/ptmx"},
    };
    _cleanup_close_ int dev_path = make_in_root(root_fd, "/dev", false);
    if (dev_path < 0)
        return turf_error_errno(err, dev_path, "create /dev");
    _cleanup_close_ int root_dir = openat(root_fd, ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    for (size_t i = 0; i < TURF_ARRAY_SIZE(links); i++) {
        /* /dev/ptmx must point at the container's devpts, not at a device node the image had. */
        if (strcmp(links[i].link, "dev/ptmx") == 0)
            unlinkat(root_dir, links[i].link, 0);
        if (symlinkat(links[i].target, root_dir, links[i].link) < 0 && errno != EEXIST)
            return turf_error_errno(err, -errno, "create symlink /%s", links[i].link);
    }
    return 0;
}

static int enter_root(const struct turf_sandbox *s, struct turf_error **err)
{
    if (s->no_pivot) {
        if (chdir(s->rootfs) < 0 || mount(s->rootfs, "/", NULL, MS_MOVE, NULL) < 0 ||
            chroot(".") < 0 || chdir("/") < 0)
            return turf_error_errno(err, -errno, "move the root to %s", s->rootfs);
        return 0;
    }
    _cleanup_close_ int old_root = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    _cleanup_close_ int new_root = open(s->rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (old_root < 0 || new_root < 0)
        return turf_error_errno(err, -errno, "open the old and new roots");
    /* pivot_root(".", ".") stacks the old root on top of the new one; detach it from there. */
    if (fchdir(new_root) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
        return turf_error_errno(err, -errno, "pivot_root to %s", s->rootfs);
    if (fchdir(old_root) < 0 || mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0 ||
        umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
        return turf_error_errno(err, -errno, "detach the old root");
    return 0;
}

static bool is_under(const char *path, const char *dir)
{
    size_t len = dir ? strlen(dir) : 0;
    return !dir || (strncmp(path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0'));
}

int turf_sandbox_mask_paths(char *const *masked, char *const *readonly, const char *under,
                            struct turf_error **err)
{
    for (size_t i = 0; masked && masked[i]; i++) {
        struct stat st;
        if (!is_under(masked[i], under) || stat(masked[i], &st) < 0)
            continue; /* nothing there to hide */
        int r = S_ISDIR(st.st_mode) ? mount("tmpfs", masked[i], "tmpfs", MS_RDONLY, NULL)
                                    : mount("/dev/null", masked[i], NULL, MS_BIND, NULL);
        if (r < 0)
            return turf_error_errno(err, -errno, "mask %s", masked[i]);
    }
    for (size_t i = 0; readonly && readonly[i]; i++) {
        if (!is_under(readonly[i], under))
            continue;
        if (mount(readonly[i], readonly[i], NULL, MS_BIND | MS_REC, NULL) < 0) {
            if (errno == ENOENT)
                continue;
            return turf_error_errno(err, -errno, "bind %s read-only", readonly[i]);
        }
        if (sys_mount_setattr(AT_FDCWD, readonly[i], AT_RECURSIVE, MOUNT_ATTR_RDONLY, 0) < 0)
            return turf_error_errno(err, -errno, "make %s read-only", readonly[i]);
    }
    return 0;
}

/* rootfsPropagation, or runc's default: see the host's mounts, never push ours back. */
static unsigned long root_propagation(const struct oci_linux *l)
{
    unsigned long flags = l ? turf_mount_propagation_flags(l->rootfs_propagation) : 0;
    return flags ? flags : MS_SLAVE | MS_REC;
}

int turf_sandbox_setup_rootfs(const struct turf_sandbox *s, struct turf_error **err)
{
    const struct oci_config *c = s->config;
    const struct oci_linux *l = c->linux_;
    int r;

    if (mount(NULL, "/", NULL, root_propagation(l), NULL) < 0)
        return turf_error_errno(err, -errno, "set the propagation of /");
    /* pivot_root needs the new root to be a mount point whose parent is not shared. */
    if (mount(s->rootfs, s->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
        return turf_error_errno(err, -errno, "bind %s onto itself", s->rootfs);
    if (mount(NULL, s->rootfs, NULL, MS_PRIVATE, NULL) < 0)
        return turf_error_errno(err, -errno, "make %s private", s->rootfs);

    _cleanup_close_ int root_fd = open(s->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0)
        return turf_error_errno(err, -errno, "open rootfs %s", s->rootfs);
    for (size_t i = 0; i < c->n_mounts; i++)
        if ((r = do_mount(root_fd, &c->mounts[i], err)) < 0)
            return r;
    if ((r = setup_dev(root_fd, s, err)) < 0)
        return r;
    if (s->before_pivot && (r = s->before_pivot(s->before_pivot_data, err)) < 0)
        return r;
    if ((r = enter_root(s, err)) < 0)
        return r;
    /* Before the read-only and masked paths: sysctls are written through /proc/sys. */
    if ((r = turf_sandbox_setup_host(c, err)) < 0)
        return r;
    if (l && (r = turf_sandbox_mask_paths(l->masked_paths, l->readonly_paths, NULL, err)) < 0)
        return r;
    if (c->root->readonly.value && sys_mount_setattr(AT_FDCWD, "/", 0, MOUNT_ATTR_RDONLY, 0) < 0)
        return turf_error_errno(err, -errno, "make the root read-only");
    if (l && l->rootfs_propagation && mount(NULL, "/", NULL, root_propagation(l), NULL) < 0)
        return turf_error_errno(err, -errno, "set the propagation of the new root");
    return 0;
}
