/* The foreground terminal of `turf run` when no --console-socket is given (what runc does):
 * receive the container's pty master, put our own terminal in raw mode, and copy bytes both
 * ways while passing signals and window-size changes on, until the container exits. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "../base/fdpass.h"
#include "../container/container.h"
#include "cli.h"

int turf_receive_terminal(int sock)
{
    return turf_receive_fd(sock, NULL, 0);
}

static void copy_winsize(int master)
{
    struct winsize ws;
    if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
        ioctl(master, TIOCSWINSZ, &ws);
}

static bool copy(int from, int to)
{
    char buf[8192];
    ssize_t n = read(from, buf, sizeof(buf));
    if (n <= 0)
        return false;
    for (ssize_t done = 0; done < n;) {
        ssize_t w = write(to, buf + done, (size_t)(n - done));
        if (w < 0 && errno != EINTR)
            return false;
        done += w > 0 ? w : 0;
    }
    return true;
}

int turf_proxy_terminal(pid_t pid, int master)
{
    struct termios saved;
    bool raw = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (raw) {
        struct termios t = saved;
        cfmakeraw(&t);
        tcsetattr(STDIN_FILENO, TCSANOW, &t);
        copy_winsize(master);
    }
    sigset_t set;
    sigemptyset(&set);
    int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD};
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
        sigaddset(&set, forwarded[i]);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int sigfd = signalfd(-1, &set, SFD_CLOEXEC);

    struct pollfd fds[3] = {{.fd = master, .events = POLLIN},
                            {.fd = STDIN_FILENO, .events = POLLIN},
                            {.fd = sigfd, .events = POLLIN}};
    int status = 0;
    bool exited = false, master_open = true;
    while (!exited || master_open) {
        if (poll(fds, 3, exited ? 100 : -1) <= 0) {
            if (exited)
                break; /* the process is gone and the pty is quiet */
            continue;
        }
        if (fds[0].revents && !(master_open = copy(master, STDOUT_FILENO)))
            fds[0].fd = -1;
        if (fds[1].revents && !copy(STDIN_FILENO, master))
            fds[1].fd = -1;
        if (fds[2].revents) {
            struct signalfd_siginfo si;
            if (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
                if (si.ssi_signo == SIGWINCH)
                    copy_winsize(master);
                else if (si.ssi_signo != SIGCHLD)
                    kill(pid, (int)si.ssi_signo);
            }
            if (!exited && waitpid(pid, &status, WNOHANG) == pid)
                exited = true;
        }
    }
    if (raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    close(sigfd);
    return turf_exit_code(status);
}
