/* Test tool for the seccomp tests: makes one raw system call by name with numeric arguments
 * (0x... allowed, missing ones 0) and prints "NAME: ok" or "NAME: errno N (text)". Built static.
 * Usage: syscall-probe NAME [ARG...] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define CALL(name) #name, SYS_##name

static const struct {
    const char *name;
    long nr;
} calls[] = {
    {CALL(add_key)},       {CALL(bpf)},          {CALL(clone)},          {CALL(clone3)},
    {CALL(delete_module)}, {CALL(finit_module)}, {CALL(getpid)},         {CALL(getppid)},
    {CALL(getpriority)},   {CALL(init_module)},  {CALL(io_uring_setup)}, {CALL(kexec_load)},
    {CALL(keyctl)},        {CALL(mkdir)},        {CALL(mount)},          {CALL(perf_event_open)},
    {CALL(personality)},   {CALL(ptrace)},       {CALL(reboot)},         {CALL(request_key)},
    {CALL(setns)},         {CALL(setpriority)},  {CALL(swapon)},         {CALL(umount2)},
    {CALL(uname)},         {CALL(unshare)},      {CALL(userfaultfd)},
};

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 8) {
        fprintf(stderr, "usage: syscall-probe NAME [ARG...]\n");
        return 2;
    }
    long nr = -1;
    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
        if (strcmp(calls[i].name, argv[1]) == 0)
            nr = calls[i].nr;
    if (nr < 0) {
        fprintf(stderr, "syscall-probe: unknown system call %s\n", argv[1]);
        return 2;
    }
    unsigned long a[6] = {0};
    for (int i = 2; i < argc; i++)
        a[i - 2] = strtoul(argv[i], NULL, 0);
    long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    if (r == 0 && nr == SYS_clone)
        _exit(0); /* the child of a clone that went through */
    if (r < 0) {
        int e = errno;
        printf("%s: errno %d (%s)\n", argv[1], e, strerror(e));
        return 1;
    }
    if (nr == SYS_clone)
        waitpid((pid_t)r, NULL, __WALL);
    printf("%s: ok\n", argv[1]);
    return 0;
}
