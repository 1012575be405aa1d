/* The container's terminal, as runc makes it: a pty allocated inside the container (from its
 * own devpts), whose slave becomes the process's stdio and controlling terminal and whose
 * master is sent over the console socket (SCM_RIGHTS) to whoever asked for it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "../base/fdpass.h"
#include "sandbox.h"

int turf_console_socket_connect(const char *path, struct turf_error **err)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(addr.sun_path))
        return turf_error_set(err, -ENAMETOOLONG, "console socket path %s is too long", path);
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return turf_error_errno(err, -errno, "console socket");
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        int r = -errno;
        close(fd);
        return turf_error_errno(err, r, "connect to console socket %s", path);
    }
    return fd;
}

int turf_sandbox_setup_terminal(int console_socket, const struct oci_process *p,
                                struct turf_error **err)
{
    _cleanup_close_ int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return turf_error_errno(err, -errno, "open /dev/ptmx");
    char name[128];
    if (grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, name, sizeof(name)))
        return turf_error_errno(err, -errno, "allocate a pseudo-terminal");
    _cleanup_close_ int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0)
        return turf_error_errno(err, -errno, "open %s", name);
    if (p->console_size) {
        struct winsize ws = {.ws_row = (unsigned short)p->console_size->height.value,
                             .ws_col = (unsigned short)p->console_size->width.value};
        ioctl(slave, TIOCSWINSZ, &ws);
    }
    if (p->user && fchown(slave, p->user->uid.value, p->user->gid.value) < 0 && errno != EINVAL)
        return turf_error_errno(err, -errno, "chown %s", name);
    int r = turf_send_fd(console_socket, master, name);
    if (r < 0)
        return turf_error_errno(err, r, "send the terminal to the console socket");
    if (ioctl(slave, TIOCSCTTY, 0) < 0)
        return turf_error_errno(err, -errno, "make %s the controlling terminal", name);
    for (int fd = 0; fd < 3; fd++)
        if (dup2(slave, fd) < 0)
            return turf_error_errno(err, -errno, "dup %s", name);
    return 0;
}
