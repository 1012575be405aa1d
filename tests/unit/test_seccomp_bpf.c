/* Unit tests of turf_sandbox_seccomp_allows, the in-process run of an exported seccomp program
 * (turfd uses it to decide whether a pooled child may load its filter before a create names
 * it): its verdicts must be the kernel's for the same program. */
#include <errno.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <seccomp.h>
#include <valgrind/valgrind.h>

#include "../../turf/sandbox/sandbox.h"

/* Default ERRNO(EPERM); exit_group (for the kernel test's child), read and write allowed; close allowed only when its fd is 5; getppid
 * logged; getuid killed. */
static int export_filter(void)
{
    /* libseccomp asks the kernel which actions it has; valgrind does not pass that question on
     * (the checks run under it too): the kernel here has them all (API level 3). */
    cr_assert_eq(seccomp_api_set(3), 0);
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    cr_assert_not_null(ctx);
    cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(exit_group), 0), 0);
    cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(read), 0), 0);
    cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(write), 0), 0);
    cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(close), 1, SCMP_A0(SCMP_CMP_EQ, 5)),
                 0);
    cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_LOG, SCMP_SYS(getppid), 0), 0);
    cr_assert_eq(seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(getuid), 0), 0);
    int fd = memfd_create("test-seccomp", MFD_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(seccomp_export_bpf(ctx, fd), 0);
    seccomp_release(ctx);
    return fd;
}

static bool allows(int fd, int nr)
{
    return turf_sandbox_seccomp_allows(fd, &nr, 1);
}

Test(seccomp_bpf, allowed_and_logged_calls_pass_the_others_do_not)
{
    int fd = export_filter();
    int both[] = {SYS_read, SYS_write};
    cr_expect(turf_sandbox_seccomp_allows(fd, both, 2));
    cr_expect(allows(fd, SYS_getppid), "SCMP_ACT_LOG lets the call through");
    cr_expect_not(allows(fd, SYS_openat), "the default action is ERRNO");
    cr_expect_not(allows(fd, SYS_getuid), "a KILL rule");
    cr_expect_not(allows(fd, SYS_close), "allowed only for fd 5, and arguments are taken as 0");
    int mixed[] = {SYS_read, SYS_openat, SYS_write};
    cr_expect_not(turf_sandbox_seccomp_allows(fd, mixed, 3), "one refused call refuses the list");
    close(fd);
}

Test(seccomp_bpf, not_a_program_allows_nothing)
{
    int fd = memfd_create("empty", MFD_CLOEXEC);
    int nr = SYS_read;
    cr_expect_not(turf_sandbox_seccomp_allows(fd, &nr, 1));
    close(fd);
}

/* The kernel's verdict: a child loads the program and makes the call with arguments 0
 * (harmless for these calls); 1 when it ran, 0 when it failed with EPERM or was killed. */
static int kernel_allows(int fd, int nr)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        struct turf_error *err = NULL;
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
            turf_sandbox_load_seccomp_bpf(fd, 0, &err))
            _exit(3);
        long r = syscall(nr, 0, 0, 0, 0, 0, 0);
        /* exit_group itself: _exit would run sanitizer code that the filter refuses. */
        syscall(SYS_exit_group, r < 0 && errno == EPERM ? 0 : 1);
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(!(WIFEXITED(status) && WEXITSTATUS(status) == 3), "the filter loads");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 0;
}

Test(seccomp_bpf, verdicts_match_the_kernel)
{
    /* Valgrind cannot run a process under a filter that refuses its own calls. */
    if (RUNNING_ON_VALGRIND)
        cr_skip_test("under valgrind: the kernel's side runs in the plain runs");
    int fd = export_filter();
    static const int calls[] = {SYS_read,   SYS_write,  SYS_close,      SYS_getppid,
                                SYS_getuid, SYS_getpid, SYS_sched_yield};
    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
        cr_expect_eq(allows(fd, calls[i]), kernel_allows(fd, calls[i]), "system call %d", calls[i]);
    close(fd);
}
