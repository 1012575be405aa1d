/* linux.seccomp as a libseccomp filter: built while an error can still fail create, loaded as
 * the last step before exec; a SCMP_ACT_NOTIFY filter's fd goes to the config's listener. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <seccomp.h>

#include "../../oci/config.h"
#include "../base/cleanup.h"
#include "../base/log.h"
#include "../base/fdpass.h"
#include "sandbox.h"

#define SYSCALL_ARG_MAX 6 /* a system call has at most six arguments */

struct turf_seccomp {
    scmp_filter_ctx ctx;
    const struct oci_seccomp *config; /* for listenerMetadata */
    bool notify;                      /* a rule with SCMP_ACT_NOTIFY made it into the filter */
};

/* The libseccomp action for an OCI action. SCMP_ACT_KILL kills the thread, as in runc; ERRNO
 * and TRACE return EPERM unless errnoRet says otherwise. */
static int action_from_name(const char *name, const struct oci_u32 *errno_ret, uint32_t *out)
{
    uint32_t ret = errno_ret->set ? errno_ret->value : EPERM;
    if (errno_ret->set && errno_ret->value > 0xffff)
        return -ERANGE;
    if (strcmp(name, "SCMP_ACT_KILL") == 0 || strcmp(name, "SCMP_ACT_KILL_THREAD") == 0)
        *out = SCMP_ACT_KILL_THREAD;
    else if (strcmp(name, "SCMP_ACT_KILL_PROCESS") == 0)
        *out = SCMP_ACT_KILL_PROCESS;
    else if (strcmp(name, "SCMP_ACT_TRAP") == 0)
        *out = SCMP_ACT_TRAP;
    else if (strcmp(name, "SCMP_ACT_ERRNO") == 0)
        *out = SCMP_ACT_ERRNO(ret);
    else if (strcmp(name, "SCMP_ACT_TRACE") == 0)
        *out = SCMP_ACT_TRACE(ret);
    else if (strcmp(name, "SCMP_ACT_ALLOW") == 0)
        *out = SCMP_ACT_ALLOW;
    else if (strcmp(name, "SCMP_ACT_LOG") == 0)
        *out = SCMP_ACT_LOG;
    else if (strcmp(name, "SCMP_ACT_NOTIFY") == 0)
        *out = SCMP_ACT_NOTIFY;
    else
        return -EINVAL;
    return 0;
}

static int op_from_name(const char *name, enum scmp_compare *out)
{
    static const struct {
        const char *name;
        enum scmp_compare op;
    } ops[] = {
        {"SCMP_CMP_NE", SCMP_CMP_NE},
        {"SCMP_CMP_LT", SCMP_CMP_LT},
        {"SCMP_CMP_LE", SCMP_CMP_LE},
        {"SCMP_CMP_EQ", SCMP_CMP_EQ},
        {"SCMP_CMP_GE", SCMP_CMP_GE},
        {"SCMP_CMP_GT", SCMP_CMP_GT},
        {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
    };
    for (size_t i = 0; i < TURF_ARRAY_SIZE(ops); i++)
        if (strcmp(ops[i].name, name) == 0) {
            *out = ops[i].op;
            return 0;
        }
    return -EINVAL;
}

/* The version of the libseccomp we run with, for messages about what it does not know. */
static const char *library_version(void)
{
    static char text[32];
    const struct scmp_version *v = seccomp_version();
    snprintf(text, sizeof(text), "libseccomp %u.%u.%u", v ? v->major : SCMP_VER_MAJOR,
             v ? v->minor : SCMP_VER_MINOR, v ? v->micro : SCMP_VER_MICRO);
    return text;
}

/* SCMP_ARCH_X86_64 -> libseccomp's token for "x86_64"; 0 when the library does not know it. */
static uint32_t arch_from_name(const char *name)
{
    char lower[32];
    const char *p = strncmp(name, "SCMP_ARCH_", 10) == 0 ? name + 10 : name;
    size_t n = 0;
    for (; p[n] && n < sizeof(lower) - 1; n++)
        lower[n] = (char)tolower((unsigned char)p[n]);
    lower[n] = '\0';
    return seccomp_arch_resolve_name(lower);
}

/* The filter attributes behind linux.seccomp.flags. Each only changes logging, the speculative
 * store bypass mitigation, thread syncing or how a notifying wait is interrupted, so one the
 * library or the kernel lacks is skipped (with a debug log) rather than failing the container. */
static int set_flags(scmp_filter_ctx ctx, char *const *flags, struct turf_error **err)
{
    unsigned int api = seccomp_api_get();
    for (size_t i = 0; flags && flags[i]; i++) {
        const char *f = flags[i];
        int attr = -1;
        unsigned int min_api = 0;
        if (strcmp(f, "SECCOMP_FILTER_FLAG_TSYNC") == 0) {
            attr = SCMP_FLTATR_CTL_TSYNC;
            min_api = 2;
        } else if (strcmp(f, "SECCOMP_FILTER_FLAG_LOG") == 0) {
            attr = SCMP_FLTATR_CTL_LOG;
            min_api = 3;
        } else if (strcmp(f, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0) {
            attr = SCMP_FLTATR_CTL_SSB;
            min_api = 4;
        } else if (strcmp(f, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") == 0) {
#if SCMP_VER_MAJOR > 2 || (SCMP_VER_MAJOR == 2 && SCMP_VER_MINOR >= 6)
            attr = SCMP_FLTATR_CTL_WAITKILL;
            min_api = 7;
#endif
        } else {
            return turf_error_set(err, -EINVAL, "linux.seccomp.flags[%zu]: unknown flag \"%s\"", i,
                                  f);
        }
        if (attr < 0 || api < min_api) {
            turf_log_debug("linux.seccomp.flags[%zu]: %s is not supported by %s at API level %u; "
                           "skipped",
                           i, f, library_version(), api);
            continue;
        }
        int r = seccomp_attr_set(ctx, (enum scmp_filter_attr)attr, 1);
        if (r == -EOPNOTSUPP || r == -EINVAL) {
            turf_log_debug("linux.seccomp.flags[%zu]: %s is not supported here: %s; skipped", i, f,
                           strerror(-r));
            continue;
        }
        if (r < 0)
            return turf_error_errno(err, r, "linux.seccomp.flags[%zu]: set %s", i, f);
    }
    return 0;
}

/* One rule of linux.seccomp.syscalls[index] for the system call nr. Conditions on different
 * arguments all go into one rule (they must all match); when an argument is named twice, each
 * condition gets a rule of its own (any one matching is enough), as runc does. */
static int add_rule(scmp_filter_ctx ctx, const struct oci_syscall *sc, size_t index,
                    const char *name, int nr, uint32_t action, struct turf_error **err)
{
    _cleanup_free_ struct scmp_arg_cmp *conds = calloc(sc->n_args + 1, sizeof(*conds));
    unsigned int count[SYSCALL_ARG_MAX] = {0};
    bool repeated = false;
    if (!conds)
        return turf_error_errno(err, -ENOMEM, "linux.seccomp.syscalls[%zu]", index);
    for (size_t i = 0; i < sc->n_args; i++) {
        const struct oci_syscall_arg *a = &sc->args[i];
        enum scmp_compare op;
        if (a->index.value >= SYSCALL_ARG_MAX || op_from_name(a->op, &op) < 0)
            return turf_error_set(err, -EINVAL,
                                  "linux.seccomp.syscalls[%zu].args[%zu]: index %u, op \"%s\": "
                                  "not a valid condition",
                                  index, i, a->index.value, a->op);
        repeated |= ++count[a->index.value] > 1;
        conds[i] = (struct scmp_arg_cmp){.arg = a->index.value,
                                         .op = op,
                                         .datum_a = a->value.value,
                                         .datum_b = a->value_two.set ? a->value_two.value : 0};
    }
    int r = 0;
    if (!repeated)
        r = seccomp_rule_add_array(ctx, action, nr, (unsigned int)sc->n_args,
                                   sc->n_args ? conds : NULL);
    for (size_t i = 0; repeated && r == 0 && i < sc->n_args; i++)
        r = seccomp_rule_add_array(ctx, action, nr, 1, &conds[i]);
    if (r < 0)
        return turf_error_errno(err, r, "linux.seccomp.syscalls[%zu]: add rule for \"%s\"", index,
                                name);
    return 0;
}

void turf_sandbox_free_seccomp(struct turf_seccomp *f)
{
    if (!f)
        return;
    seccomp_release(f->ctx);
    free(f);
}

static void free_seccompp(struct turf_seccomp **f)
{
    turf_sandbox_free_seccomp(*f);
}

int turf_sandbox_build_seccomp(const struct oci_seccomp *s, struct turf_seccomp **out,
                               struct turf_error **err)
{
    *out = NULL;
    if (!s)
        return 0;
    uint32_t def;
    if (action_from_name(s->default_action, &s->default_errno_ret, &def) < 0)
        return turf_error_set(err, -EINVAL,
                              "linux.seccomp.defaultAction: \"%s\" with defaultErrnoRet %u is "
                              "not a valid default action",
                              s->default_action, s->default_errno_ret.value);
    __attribute__((cleanup(free_seccompp))) struct turf_seccomp *f = calloc(1, sizeof(*f));
    if (!f)
        return turf_error_errno(err, -ENOMEM, "linux.seccomp");
    f->config = s;
    if (!(f->ctx = seccomp_init(def)))
        return turf_error_set(err, -EINVAL, "linux.seccomp.defaultAction: libseccomp refuses %s",
                              s->default_action);
    /* no_new_privs is the config's to decide (process.noNewPrivileges), not libseccomp's, and
     * a failed load should report the kernel's errno rather than ECANCELED. */
    int r = seccomp_attr_set(f->ctx, SCMP_FLTATR_CTL_NNP, 0);
    if (r < 0)
        return turf_error_errno(err, r, "linux.seccomp: leave no_new_privs to the config");
    seccomp_attr_set(f->ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
    if ((r = set_flags(f->ctx, s->flags, err)) < 0)
        return r;
    /* The native architecture is always in the filter; the others are added. */
    for (size_t i = 0; s->architectures && s->architectures[i]; i++) {
        uint32_t arch = arch_from_name(s->architectures[i]);
        if (!arch) {
            turf_log_warn("linux.seccomp.architectures[%zu]: %s is unknown to %s; its system "
                          "calls meet the bad-architecture action (kill)",
                          i, s->architectures[i], library_version());
            continue;
        }
        if ((r = seccomp_arch_add(f->ctx, arch)) < 0 && r != -EEXIST)
            return turf_error_errno(err, r, "linux.seccomp.architectures[%zu]: add %s", i,
                                    s->architectures[i]);
    }
    for (size_t i = 0; i < s->n_syscalls; i++) {
        const struct oci_syscall *sc = &s->syscalls[i];
        uint32_t action;
        if ((r = action_from_name(sc->action, &sc->errno_ret, &action)) < 0)
            return turf_error_set(err, -EINVAL,
                                  "linux.seccomp.syscalls[%zu]: action \"%s\" with errnoRet %u "
                                  "is not valid",
                                  i, sc->action, sc->errno_ret.value);
        /* libseccomp refuses a rule that repeats the default action; it changes nothing. */
        if (action == def)
            continue;
        for (size_t k = 0; sc->names[k]; k++) {
            const char *name = sc->names[k];
            /* The runtime sends the notify fd to the listener with sendmsg: a filter that
             * suspended that call would wait for a listener that never gets the fd. */
            if (action == SCMP_ACT_NOTIFY && strcmp(name, "sendmsg") == 0)
                return turf_error_set(err, -EINVAL,
                                      "linux.seccomp.syscalls[%zu]: SCMP_ACT_NOTIFY cannot be "
                                      "used for \"sendmsg\": the runtime sends the listener its "
                                      "fd with it",
                                      i);
            int nr = seccomp_syscall_resolve_name(name);
            if (nr == __NR_SCMP_ERROR) {
                turf_log_warn("linux.seccomp.syscalls[%zu]: system call \"%s\" is unknown to %s; "
                              "its rule is skipped",
                              i, name, library_version());
                continue;
            }
            if ((r = add_rule(f->ctx, sc, i, name, nr, action, err)) < 0)
                return r;
            f->notify |= action == SCMP_ACT_NOTIFY;
        }
    }
    *out = TURF_STEAL(f);
    return 0;
}

static bool uses_notify(const struct oci_seccomp *s)
{
    for (size_t i = 0; s && i < s->n_syscalls; i++)
        if (strcmp(s->syscalls[i].action, "SCMP_ACT_NOTIFY") == 0)
            return true;
    return false;
}

int turf_sandbox_seccomp_listener_connect(const struct oci_seccomp *s, int *fd,
                                          struct turf_error **err)
{
    *fd = -1;
    if (!uses_notify(s))
        return 0;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (!s->listener_path || strlen(s->listener_path) >= sizeof(addr.sun_path))
        return turf_error_set(err, -ENAMETOOLONG,
                              "linux.seccomp.listenerPath: \"%s\" is not a usable socket path",
                              s->listener_path ? s->listener_path : "");
    strcpy(addr.sun_path, s->listener_path);
    _cleanup_close_ int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return turf_error_errno(err, -errno, "linux.seccomp.listenerPath: socket");
    if (connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0)
        return turf_error_errno(err, -errno, "linux.seccomp.listenerPath: connect to %s",
                                s->listener_path);
    *fd = TURF_STEAL_FD(sock);
    return 0;
}

/* The runtime-spec's containerProcessState: what the listener gets along with the fd. */
static char *process_state(const struct oci_seccomp *s, const struct turf_seccomp_listener *l)
{
    json_t *state = l->state ? json_loads(l->state, 0, NULL) : NULL;
    if (!json_is_object(state)) {
        json_decref(state);
        return NULL;
    }
    json_int_t pid = l->pid > 0 ? l->pid : json_integer_value(json_object_get(state, "pid"));
    json_t *j = json_pack("{s:s, s:[s], s:I}", "ociVersion", OCI_SPEC_VERSION, "fds", "seccompFd",
                          "pid", pid);
    if (j && s->listener_metadata)
        json_object_set_new(j, "metadata", json_string(s->listener_metadata));
    if (j)
        json_object_set_new(j, "state", state);
    else
        json_decref(state);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return text;
}

int turf_sandbox_load_seccomp(struct turf_seccomp *f, const struct turf_seccomp_listener *l,
                              struct turf_error **err)
{
    __attribute__((cleanup(free_seccompp))) struct turf_seccomp *owned = f;
    if (!f)
        return 0;
    /* Everything that allocates is done before the filter is in place. */
    _cleanup_free_ char *message = NULL;
    if (f->notify) {
        if (!l || l->fd < 0)
            return turf_error_set(err, -ENOTCONN,
                                  "linux.seccomp.listenerPath: no connection to send the notify "
                                  "fd to");
        if (!(message = process_state(f->config, l)))
            return turf_error_set(err, -EINVAL,
                                  "linux.seccomp.listenerPath: cannot make the container "
                                  "process state from the container state");
    }
    int r = seccomp_load(f->ctx);
    if (r < 0)
        return turf_error_errno(err, r, "linux.seccomp: load the filter");
    if (!f->notify)
        return 0;
    int notify_fd = seccomp_notify_fd(f->ctx);
    if (notify_fd < 0)
        return turf_error_errno(err, notify_fd, "linux.seccomp: get the notify fd");
    r = turf_send_fd(l->fd, notify_fd, message);
    close(notify_fd); /* the listener's now: our copy would keep it open after it is done */
    if (r < 0)
        return turf_error_errno(err, r, "linux.seccomp.listenerPath: send the notify fd to %s",
                                f->config->listener_path);
    return 0;
}

int turf_sandbox_export_seccomp(const struct turf_seccomp *f, int *memfd, unsigned *flags,
                                struct turf_error **err)
{
    *memfd = -1;
    *flags = 0;
    if (f->notify)
        return turf_error_set(err, -EOPNOTSUPP,
                              "linux.seccomp: SCMP_ACT_NOTIFY is not supported for warm "
                              "sandboxes");
    _cleanup_close_ int fd = memfd_create("turf-seccomp", MFD_CLOEXEC);
    if (fd < 0)
        return turf_error_errno(err, -errno, "linux.seccomp: memfd");
    int r = seccomp_export_bpf(f->ctx, fd);
    if (r < 0)
        return turf_error_errno(err, r, "linux.seccomp: export the filter");
    static const struct {
        enum scmp_filter_attr attr;
        unsigned flag;
    } attrs[] = {
        {SCMP_FLTATR_CTL_TSYNC, SECCOMP_FILTER_FLAG_TSYNC},
        {SCMP_FLTATR_CTL_LOG, SECCOMP_FILTER_FLAG_LOG},
        {SCMP_FLTATR_CTL_SSB, SECCOMP_FILTER_FLAG_SPEC_ALLOW},
    };
    for (size_t i = 0; i < TURF_ARRAY_SIZE(attrs); i++) {
        uint32_t v = 0;
        if (seccomp_attr_get(f->ctx, attrs[i].attr, &v) == 0 && v)
            *flags |= attrs[i].flag;
    }
    *memfd = TURF_STEAL_FD(fd);
    return 0;
}

/* A classic BPF machine over struct seccomp_data, as seccomp(2) runs one: the value the
 * program returns, or SECCOMP_RET_KILL_PROCESS for a program the kernel would refuse. */
static uint32_t run_bpf(const struct sock_filter *prog, size_t len, const struct seccomp_data *d)
{
    uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {0};
    for (size_t pc = 0; pc < len; pc++) {
        const struct sock_filter *i = &prog[pc];
        uint32_t src = BPF_SRC(i->code) == BPF_X ? x : i->k;
        switch (BPF_CLASS(i->code)) {
        case BPF_LD:
        case BPF_LDX: {
            uint32_t v;
            if (BPF_MODE(i->code) == BPF_ABS && BPF_SIZE(i->code) == BPF_W && i->k % 4 == 0 &&
                i->k + 4 <= sizeof(*d))
                memcpy(&v, (const char *)d + i->k, 4);
            else if (BPF_MODE(i->code) == BPF_IMM)
                v = i->k;
            else if (BPF_MODE(i->code) == BPF_MEM && i->k < BPF_MEMWORDS)
                v = mem[i->k];
            else if (BPF_MODE(i->code) == BPF_LEN)
                v = sizeof(*d);
            else
                return SECCOMP_RET_KILL_PROCESS;
            *(BPF_CLASS(i->code) == BPF_LD ? &a : &x) = v;
            break;
        }
        case BPF_ST:
        case BPF_STX:
            if (i->k >= BPF_MEMWORDS)
                return SECCOMP_RET_KILL_PROCESS;
            mem[i->k] = BPF_CLASS(i->code) == BPF_ST ? a : x;
            break;
        case BPF_ALU:
            switch (BPF_OP(i->code)) {
            case BPF_ADD:
                a += src;
                break;
            case BPF_SUB:
                a -= src;
                break;
            case BPF_MUL:
                a *= src;
                break;
            case BPF_DIV:
                if (!src)
                    return SECCOMP_RET_KILL_PROCESS;
                a /= src;
                break;
            case BPF_MOD:
                if (!src)
                    return SECCOMP_RET_KILL_PROCESS;
                a %= src;
                break;
            case BPF_AND:
                a &= src;
                break;
            case BPF_OR:
                a |= src;
                break;
            case BPF_XOR:
                a ^= src;
                break;
            case BPF_LSH:
                a = src < 32 ? a << src : 0;
                break;
            case BPF_RSH:
                a = src < 32 ? a >> src : 0;
                break;
            case BPF_NEG:
                a = -a;
                break;
            default:
                return SECCOMP_RET_KILL_PROCESS;
            }
            break;
        case BPF_JMP: {
            bool yes;
            switch (BPF_OP(i->code)) {
            case BPF_JA:
                pc += i->k;
                continue;
            case BPF_JEQ:
                yes = a == src;
                break;
            case BPF_JGT:
                yes = a > src;
                break;
            case BPF_JGE:
                yes = a >= src;
                break;
            case BPF_JSET:
                yes = (a & src) != 0;
                break;
            default:
                return SECCOMP_RET_KILL_PROCESS;
            }
            pc += yes ? i->jt : i->jf;
            break;
        }
        case BPF_RET:
            return BPF_RVAL(i->code) == BPF_A ? a : i->k;
        case BPF_MISC:
            if (BPF_MISCOP(i->code) == BPF_TAX)
                x = a;
            else
                a = x;
            break;
        }
    }
    return SECCOMP_RET_KILL_PROCESS; /* ran off the end: the kernel refuses such a program */
}

bool turf_sandbox_seccomp_allows(int memfd, const int *syscalls, size_t n)
{
    struct stat st;
    if (fstat(memfd, &st) < 0 || st.st_size <= 0 || st.st_size % sizeof(struct sock_filter))
        return false;
    void *prog = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, memfd, 0);
    if (prog == MAP_FAILED)
        return false;
    bool all = true;
    for (size_t k = 0; k < n && all; k++) {
        struct seccomp_data d = {.nr = syscalls[k], .arch = seccomp_arch_native()};
        uint32_t action = run_bpf(prog, (size_t)st.st_size / sizeof(struct sock_filter), &d) &
                          SECCOMP_RET_ACTION_FULL;
        all = action == SECCOMP_RET_ALLOW || action == SECCOMP_RET_LOG;
    }
    munmap(prog, (size_t)st.st_size);
    return all;
}

int turf_sandbox_load_seccomp_bpf(int memfd, unsigned flags, struct turf_error **err)
{
    struct stat st;
    if (fstat(memfd, &st) < 0)
        return turf_error_errno(err, -errno, "linux.seccomp: read the filter");
    if (st.st_size <= 0 || st.st_size % sizeof(struct sock_filter) ||
        st.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS)
        return turf_error_set(err, -EINVAL,
                              "linux.seccomp: a filter of %lld bytes is not a BPF "
                              "program",
                              (long long)st.st_size);
    void *prog = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, memfd, 0);
    if (prog == MAP_FAILED)
        return turf_error_errno(err, -errno, "linux.seccomp: map the filter");
    struct sock_fprog fprog = {.len = (unsigned short)(st.st_size / sizeof(struct sock_filter)),
                               .filter = prog};
    long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
    int e = errno;
    munmap(prog, (size_t)st.st_size);
    if (r < 0)
        return turf_error_errno(err, -e, "linux.seccomp: load the filter");
    return 0;
}
