/* Unit tests of the default config (`turf spec`, plain and rootless), the name tables of
 * oci/names.h, the small accessors of oci/config.h, and the base library's whole-file I/O
 * (turf/base/fileio.h) and error objects (turf/base/error.h). */
#include <dirent.h>
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "../../oci/names.h"
#include "test-helpers.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static struct oci_config *new_default(bool rootless)
{
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    int r = oci_config_new_default(rootless, &c, &err);
    cr_assert_eq(r, 0, "oci_config_new_default(%d): %s", rootless, err ? err->msg : "");
    cr_assert_null(err);
    cr_assert_not_null(c);
    return c;
}

/* ---- the default config ---- */

static void assert_default_capability_set(char **set, const char *which)
{
    cr_assert_not_null(set, "capabilities.%s is absent", which);
    test_assert_strv(
        which, set,
        (const char *const[]){"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", NULL});
}

static void assert_runc_process_and_root(const struct oci_config *c)
{
    assert_str(c->oci_version, "1.2.0");
    const struct oci_process *p = c->process;
    cr_assert_not_null(p);
    assert_set(p->terminal, true);
    assert_set(p->user->uid, 0);
    assert_set(p->user->gid, 0);
    assert_strv(p->args, "sh");
    assert_strv(p->env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "TERM=xterm");
    assert_str(p->cwd, "/");
    assert_default_capability_set(p->capabilities->bounding, "bounding");
    assert_default_capability_set(p->capabilities->effective, "effective");
    assert_default_capability_set(p->capabilities->permitted, "permitted");
    assert_default_capability_set(p->capabilities->ambient, "ambient");
    cr_assert_null(p->capabilities->inheritable);
    cr_assert_eq(p->n_rlimits, 1);
    assert_str(p->rlimits[0].type, "RLIMIT_NOFILE");
    assert_set(p->rlimits[0].hard, 1024);
    assert_set(p->rlimits[0].soft, 1024);
    assert_set(p->no_new_privileges, true);

    assert_str(c->root->path, "rootfs");
    assert_set(c->root->readonly, true);
    assert_str(c->hostname, "turf");
    cr_assert_null(c->domainname);
    cr_assert_null(c->hooks);
}

Test(oci_spec, default_config_has_runc_process_root_and_hostname)
{
    struct oci_config *c = new_default(false);
    assert_runc_process_and_root(c);
    oci_config_free(c);
}

Test(oci_spec, default_config_has_runc_mounts_and_namespaces)
{
    struct oci_config *c = new_default(false);
    static const char *const destinations[] = {"/proc",       "/dev", "/dev/pts",      "/dev/shm",
                                               "/dev/mqueue", "/sys", "/sys/fs/cgroup"};
    cr_assert_eq(c->n_mounts, 7);
    for (size_t i = 0; i < 7; i++)
        assert_str(c->mounts[i].destination, destinations[i]);
    assert_str(c->mounts[5].type, "sysfs");
    assert_strv(c->mounts[2].options, "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                "mode=0620", "gid=5");

    static const char *const namespaces[] = {"pid", "network", "ipc", "uts", "mount"};
    const struct oci_linux *l = c->linux_;
    cr_assert_eq(l->n_namespaces, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_str(l->namespaces[i].type, namespaces[i]);
        cr_assert_null(l->namespaces[i].path);
    }
    cr_assert_null(l->uid_mappings);
    cr_assert_null(oci_config_find_namespace(c, "user"));
    oci_config_free(c);
}

Test(oci_spec, default_config_masks_paths_and_denies_all_devices)
{
    struct oci_config *c = new_default(false);
    const struct oci_linux *l = c->linux_;
    cr_assert_eq(oci_strv_len(l->masked_paths), 10);
    assert_str(l->masked_paths[0], "/proc/acpi");
    assert_str(l->masked_paths[8], "/sys/firmware");
    assert_str(l->masked_paths[9], "/proc/scsi");
    assert_strv(l->readonly_paths, "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                "/proc/sysrq-trigger");
    cr_assert_not_null(l->resources);
    cr_assert_eq(l->resources->n_devices, 1);
    const struct oci_device_cgroup *d = &l->resources->devices[0];
    assert_set(d->allow, false);
    cr_assert_null(d->type);
    assert_unset(d->major);
    assert_unset(d->minor);
    assert_str(d->access, "rwm");
    cr_assert_null(l->resources->memory);
    cr_assert_null(l->seccomp);
    oci_config_free(c);
}

Test(oci_spec, default_config_is_the_repository_default_config_json)
{
    struct oci_config *c = new_default(false);
    size_t len;
    char *text = test_read_data("../../oci/default-config.json", &len);
    struct oci_config *file = test_parse_text("oci/default-config.json", text, len);
    free(text);
    cr_assert(oci_config_equal(c, file), "the embedded default differs from the file");
    oci_config_free(file);
    oci_config_free(c);
}

Test(oci_spec, default_configs_survive_a_dump_and_parse)
{
    for (int rootless = 0; rootless <= 1; rootless++) {
        struct oci_config *c = new_default(rootless);
        char *dump = oci_config_dump(c);
        cr_assert_not_null(dump);
        struct oci_config *again = test_parse_text("default dump", dump, strlen(dump));
        cr_assert(oci_config_equal(c, again), "rootless=%d", rootless);
        free(dump);
        oci_config_free(again);
        oci_config_free(c);
    }
}

Test(oci_spec, rootless_config_maps_the_caller_to_root_in_a_user_namespace)
{
    struct oci_config *c = new_default(true);
    assert_runc_process_and_root(c);
    const struct oci_linux *l = c->linux_;
    const struct oci_namespace *user = oci_config_find_namespace(c, "user");
    cr_assert_not_null(user);
    cr_assert_null(user->path);
    cr_assert_null(oci_config_find_namespace(c, "network"));
    static const char *const namespaces[] = {"pid", "ipc", "uts", "mount", "user"};
    cr_assert_eq(l->n_namespaces, 5);
    for (size_t i = 0; i < 5; i++)
        assert_str(l->namespaces[i].type, namespaces[i]);

    cr_assert_eq(l->n_uid_mappings, 1);
    assert_set(l->uid_mappings[0].container_id, 0);
    assert_set(l->uid_mappings[0].host_id, (uint32_t)geteuid());
    assert_set(l->uid_mappings[0].size, 1);
    cr_assert_eq(l->n_gid_mappings, 1);
    assert_set(l->gid_mappings[0].container_id, 0);
    assert_set(l->gid_mappings[0].host_id, (uint32_t)getegid());
    assert_set(l->gid_mappings[0].size, 1);
    cr_assert_null(l->resources, "a rootless config sets no cgroup resources");
    cr_assert_eq(oci_strv_len(l->masked_paths), 10);
    oci_config_free(c);
}

Test(oci_spec, rootless_config_bind_mounts_sys_and_drops_id_options)
{
    struct oci_config *c = new_default(true);
    cr_assert_eq(c->n_mounts, 6);
    size_t sys_mounts = 0;
    for (size_t i = 0; i < c->n_mounts; i++) {
        const struct oci_mount *m = &c->mounts[i];
        if (strncmp(m->destination, "/sys", 4) == 0) {
            sys_mounts++;
            assert_str(m->destination, "/sys");
            assert_str(m->type, "none");
            assert_str(m->source, "/sys");
            assert_strv(m->options, "rbind", "nosuid", "noexec", "nodev", "ro");
        }
        for (size_t k = 0; m->options && m->options[k]; k++) {
            cr_assert_neq(strncmp(m->options[k], "gid=", 4), 0, "%s keeps %s", m->destination,
                          m->options[k]);
            cr_assert_neq(strncmp(m->options[k], "uid=", 4), 0, "%s keeps %s", m->destination,
                          m->options[k]);
        }
    }
    cr_assert_eq(sys_mounts, 1, "expected exactly one mount at or under /sys");
    assert_str(c->mounts[2].destination, "/dev/pts");
    assert_strv(c->mounts[2].options, "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                "mode=0620");
    oci_config_free(c);
}

/* uid_t is unsigned: a caller whose uid is at or above 2^31 (common for user namespaces
 * allocated by systemd-homed or nested runtimes) must still be mapped. Needs root to take on
 * such an id; the test puts its ids back before it checks anything. */
Test(oci_spec, rootless_config_maps_a_caller_id_above_2_to_the_31)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to switch to a large effective uid");
    const uid_t big_uid = 3000000000u;
    const gid_t big_gid = 3000000001u;
    cr_assert_eq(setegid(big_gid), 0, "setegid: %s", strerror(errno));
    cr_assert_eq(seteuid(big_uid), 0, "seteuid: %s", strerror(errno));
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    int r = oci_config_new_default(true, &c, &err);
    int restored = seteuid(0) | setegid(0);
    cr_assert_eq(restored, 0, "cannot restore the effective ids");
    cr_expect_eq(r, 0, "oci_config_new_default(rootless) as uid %u: %s", big_uid,
                 err ? err->msg : "");
    turf_error_free(&err);
    if (r == 0) {
        cr_expect_eq(c->linux_->uid_mappings[0].host_id.value, big_uid);
        cr_expect_eq(c->linux_->gid_mappings[0].host_id.value, big_gid);
    }
    oci_config_free(c);
}

/* ---- names ---- */

Test(oci_names, maps_capability_names_to_numbers)
{
    cr_assert_eq(oci_capability_from_name("CAP_SYS_ADMIN"), 21);
    cr_assert_eq(oci_capability_from_name("CAP_CHOWN"), 0);
    cr_assert_eq(oci_capability_from_name("CAP_CHECKPOINT_RESTORE"), 40);
    cr_assert_eq(oci_capability_from_name("CAP_NOT_A_THING"), -1);
    cr_assert_eq(oci_capability_from_name("cap_sys_admin"), -1);
    cr_assert_eq(oci_capability_from_name("SYS_ADMIN"), -1);
    cr_assert_eq(oci_capability_from_name(""), -1);
}

Test(oci_names, numbers_capabilities_as_the_kernel_does)
{
    static const struct {
        const char *name;
        int number;
    } kernel[] = {
        {"CAP_CHOWN", CAP_CHOWN},
        {"CAP_DAC_OVERRIDE", CAP_DAC_OVERRIDE},
        {"CAP_DAC_READ_SEARCH", CAP_DAC_READ_SEARCH},
        {"CAP_FOWNER", CAP_FOWNER},
        {"CAP_FSETID", CAP_FSETID},
        {"CAP_KILL", CAP_KILL},
        {"CAP_SETGID", CAP_SETGID},
        {"CAP_SETUID", CAP_SETUID},
        {"CAP_SETPCAP", CAP_SETPCAP},
        {"CAP_LINUX_IMMUTABLE", CAP_LINUX_IMMUTABLE},
        {"CAP_NET_BIND_SERVICE", CAP_NET_BIND_SERVICE},
        {"CAP_NET_BROADCAST", CAP_NET_BROADCAST},
        {"CAP_NET_ADMIN", CAP_NET_ADMIN},
        {"CAP_NET_RAW", CAP_NET_RAW},
        {"CAP_IPC_LOCK", CAP_IPC_LOCK},
        {"CAP_IPC_OWNER", CAP_IPC_OWNER},
        {"CAP_SYS_MODULE", CAP_SYS_MODULE},
        {"CAP_SYS_RAWIO", CAP_SYS_RAWIO},
        {"CAP_SYS_CHROOT", CAP_SYS_CHROOT},
        {"CAP_SYS_PTRACE", CAP_SYS_PTRACE},
        {"CAP_SYS_PACCT", CAP_SYS_PACCT},
        {"CAP_SYS_ADMIN", CAP_SYS_ADMIN},
        {"CAP_SYS_BOOT", CAP_SYS_BOOT},
        {"CAP_SYS_NICE", CAP_SYS_NICE},
        {"CAP_SYS_RESOURCE", CAP_SYS_RESOURCE},
        {"CAP_SYS_TIME", CAP_SYS_TIME},
        {"CAP_SYS_TTY_CONFIG", CAP_SYS_TTY_CONFIG},
        {"CAP_MKNOD", CAP_MKNOD},
        {"CAP_LEASE", CAP_LEASE},
        {"CAP_AUDIT_WRITE", CAP_AUDIT_WRITE},
        {"CAP_AUDIT_CONTROL", CAP_AUDIT_CONTROL},
        {"CAP_SETFCAP", CAP_SETFCAP},
        {"CAP_MAC_OVERRIDE", CAP_MAC_OVERRIDE},
        {"CAP_MAC_ADMIN", CAP_MAC_ADMIN},
        {"CAP_SYSLOG", CAP_SYSLOG},
        {"CAP_WAKE_ALARM", CAP_WAKE_ALARM},
        {"CAP_BLOCK_SUSPEND", CAP_BLOCK_SUSPEND},
        {"CAP_AUDIT_READ", CAP_AUDIT_READ},
#ifdef CAP_PERFMON
        {"CAP_PERFMON", CAP_PERFMON},
#endif
#ifdef CAP_BPF
        {"CAP_BPF", CAP_BPF},
#endif
#ifdef CAP_CHECKPOINT_RESTORE
        {"CAP_CHECKPOINT_RESTORE", CAP_CHECKPOINT_RESTORE},
#endif
    };
    for (size_t i = 0; i < sizeof(kernel) / sizeof(kernel[0]); i++) {
        cr_assert_eq(oci_capability_from_name(kernel[i].name), kernel[i].number, "%s",
                     kernel[i].name);
        assert_str(oci_capability_name(kernel[i].number), kernel[i].name);
    }
}

Test(oci_names, names_every_capability_up_to_the_last_and_nothing_beyond)
{
    cr_assert_eq(oci_capability_last(), 40);
    for (int cap = 0; cap <= oci_capability_last(); cap++) {
        const char *name = oci_capability_name(cap);
        cr_assert_not_null(name, "capability %d has no name", cap);
        cr_assert_eq(oci_capability_from_name(name), cap, "%s", name);
    }
    cr_assert_null(oci_capability_name(oci_capability_last() + 1));
    cr_assert_null(oci_capability_name(-1));
}

Test(oci_names, maps_rlimit_names_to_resources)
{
    static const struct {
        const char *name;
        int resource;
    } rlimits[] = {
        {"RLIMIT_AS", RLIMIT_AS},
        {"RLIMIT_CORE", RLIMIT_CORE},
        {"RLIMIT_CPU", RLIMIT_CPU},
        {"RLIMIT_DATA", RLIMIT_DATA},
        {"RLIMIT_FSIZE", RLIMIT_FSIZE},
        {"RLIMIT_LOCKS", RLIMIT_LOCKS},
        {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
        {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
        {"RLIMIT_NICE", RLIMIT_NICE},
        {"RLIMIT_NOFILE", RLIMIT_NOFILE},
        {"RLIMIT_NPROC", RLIMIT_NPROC},
        {"RLIMIT_RSS", RLIMIT_RSS},
        {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
        {"RLIMIT_RTTIME", RLIMIT_RTTIME},
        {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
        {"RLIMIT_STACK", RLIMIT_STACK},
    };
    for (size_t i = 0; i < sizeof(rlimits) / sizeof(rlimits[0]); i++)
        cr_assert_eq(oci_rlimit_from_name(rlimits[i].name), rlimits[i].resource, "%s",
                     rlimits[i].name);
    cr_assert_eq(oci_rlimit_from_name("RLIMIT_NOFILE"), 7);
    cr_assert_eq(oci_rlimit_from_name("NOFILE"), -1);
    cr_assert_eq(oci_rlimit_from_name("rlimit_nofile"), -1);
    cr_assert_eq(oci_rlimit_from_name(""), -1);
}

Test(oci_names, maps_namespace_types_to_clone_flags_and_proc_names)
{
    static const struct {
        const char *type, *proc;
        unsigned long flag;
    } ns[] = {
        {"pid", "pid", CLONE_NEWPID},          {"network", "net", CLONE_NEWNET},
        {"mount", "mnt", CLONE_NEWNS},         {"ipc", "ipc", CLONE_NEWIPC},
        {"uts", "uts", CLONE_NEWUTS},          {"user", "user", CLONE_NEWUSER},
        {"cgroup", "cgroup", CLONE_NEWCGROUP}, {"time", "time", CLONE_NEWTIME},
    };
    cr_assert_eq(oci_namespace_clone_flag("network"), CLONE_NEWNET);
    size_t n = sizeof(ns) / sizeof(ns[0]);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(oci_namespace_clone_flag(ns[i].type), ns[i].flag, "%s", ns[i].type);
        assert_str(oci_namespace_proc_name(ns[i].type), ns[i].proc);
        assert_str(oci_namespace_types[i], ns[i].type);
    }
    cr_assert_null(oci_namespace_types[n], "oci_namespace_types has more than %zu types", n);
    cr_assert_eq(oci_namespace_clone_flag("net"), 0);
    cr_assert_eq(oci_namespace_clone_flag("mnt"), 0);
    cr_assert_eq(oci_namespace_clone_flag(""), 0);
    cr_assert_null(oci_namespace_proc_name("bogus"));
}

/* ---- accessors ---- */

Test(oci_accessors, map_get_returns_the_first_value_for_a_key)
{
    struct oci_map_entry entries[] = {
        {"a", "1"},
        {"b", ""},
        {"a", "2"},
    };
    struct oci_map map = {entries, 3};
    assert_str(oci_map_get(&map, "a"), "1");
    assert_str(oci_map_get(&map, "b"), "");
    cr_assert_null(oci_map_get(&map, "c"));
    cr_assert_null(oci_map_get(&map, ""));
    struct oci_map absent = {NULL, 0};
    cr_assert_null(oci_map_get(&absent, "a"));
}

Test(oci_accessors, strv_len_counts_entries_and_treats_null_as_empty)
{
    char *three[] = {"a", "b", "c", NULL};
    char *none[] = {NULL};
    cr_assert_eq(oci_strv_len(three), 3);
    cr_assert_eq(oci_strv_len(none), 0);
    cr_assert_eq(oci_strv_len(NULL), 0);
}

Test(oci_accessors, find_namespace_returns_the_entry_of_a_type)
{
    struct oci_config *c = test_parse_good("containerd-cri.json");
    const struct oci_namespace *ipc = oci_config_find_namespace(c, "ipc");
    cr_assert_eq(ipc, &c->linux_->namespaces[1]);
    assert_str(ipc->path, "/proc/1234/ns/ipc");
    cr_assert_null(oci_config_find_namespace(c, "user"));
    cr_assert_null(oci_config_find_namespace(c, "net"));
    oci_config_free(c);

    c = test_parse_good("minimal.json");
    cr_assert_null(oci_config_find_namespace(c, "pid"), "no linux section, no namespaces");
    oci_config_free(c);
}

/* ---- whole-file I/O ---- */

static char dir[64];

static void make_dir(void)
{
    test_make_tmpdir(dir, sizeof(dir));
}

static void remove_dir(void)
{
    test_rm_rf(dir);
}

static void path_in_dir(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

static size_t count_dir_entries(void)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

TestSuite(turf_fileio, .init = make_dir, .fini = remove_dir);

Test(turf_fileio, writes_a_file_that_reads_back_identically)
{
    char path[128];
    path_in_dir(path, sizeof(path), "state.json");
    const char data[] = "{\"a\": 1}\n\0binary\xff tail";
    struct turf_error *err = NULL;
    cr_assert_eq(turf_write_file_atomic(path, data, sizeof(data) - 1, 0644, &err), 0, "%s",
                 err ? err->msg : "");
    char *back = NULL;
    size_t len = 0;
    cr_assert_eq(turf_read_file(path, 1024, &back, &len, &err), 0, "%s", err ? err->msg : "");
    cr_assert_null(err);
    cr_assert_eq(len, sizeof(data) - 1);
    cr_assert_eq(memcmp(back, data, len), 0);
    cr_assert_eq(back[len], '\0', "the buffer is not NUL-terminated");
    free(back);
}

Test(turf_fileio, reads_an_empty_file_as_an_empty_string)
{
    char path[128];
    path_in_dir(path, sizeof(path), "empty");
    test_write_file(path, "", 0);
    char *text = NULL;
    size_t len = 99;
    struct turf_error *err = NULL;
    cr_assert_eq(turf_read_file(path, 0, &text, &len, &err), 0, "%s", err ? err->msg : "");
    cr_assert_eq(len, 0);
    cr_assert_str_eq(text, "");
    free(text);
}

Test(turf_fileio, reads_without_a_length_pointer)
{
    char path[128];
    path_in_dir(path, sizeof(path), "f");
    test_write_file(path, "hello", 5);
    char *text = NULL;
    cr_assert_eq(turf_read_file(path, 5, &text, NULL, NULL), 0);
    cr_assert_str_eq(text, "hello");
    free(text);
}

Test(turf_fileio, reads_a_file_larger_than_its_first_buffer)
{
    char path[128];
    path_in_dir(path, sizeof(path), "big");
    size_t size = 100003;
    char *data = malloc(size);
    cr_assert_not_null(data);
    for (size_t i = 0; i < size; i++)
        data[i] = (char)('a' + i % 26);
    test_write_file(path, data, size);
    char *back = NULL;
    size_t len = 0;
    struct turf_error *err = NULL;
    cr_assert_eq(turf_read_file(path, OCI_CONFIG_MAX_SIZE, &back, &len, &err), 0);
    cr_assert_eq(len, size);
    cr_assert_eq(memcmp(back, data, size), 0);
    free(back);
    free(data);
}

/* "at most max_size bytes": a file of exactly max_size bytes is read, one more is refused,
 * wherever max_size falls relative to the growing read buffer. */
Test(turf_fileio, reads_a_file_of_exactly_max_size_bytes)
{
    static const size_t sizes[] = {1, 100, 4094, 4095, 4096, 4097, 8191, 8192, 10000};
    char path[128];
    path_in_dir(path, sizeof(path), "sized");
    char *data = malloc(10001);
    cr_assert_not_null(data);
    memset(data, 'x', 10001);
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        size_t max = sizes[i];
        test_write_file(path, data, max);
        char *back = NULL;
        size_t len = 0;
        struct turf_error *err = NULL;
        int r = turf_read_file(path, max, &back, &len, &err);
        cr_expect_eq(r, 0, "a file of %zu bytes with max_size %zu: %s", max, max,
                     err ? err->msg : "");
        if (r == 0)
            cr_expect_eq(len, max);
        free(back);
        turf_error_free(&err);
    }
    free(data);
}

Test(turf_fileio, refuses_a_file_one_byte_over_max_size)
{
    static const size_t sizes[] = {0, 1, 100, 4094, 4095, 4096, 8191, 10000};
    char path[128], expected[256];
    path_in_dir(path, sizeof(path), "sized");
    char *data = malloc(10001);
    cr_assert_not_null(data);
    memset(data, 'y', 10001);
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        size_t max = sizes[i];
        test_write_file(path, data, max + 1);
        char *back = NULL;
        struct turf_error *err = NULL;
        int r = turf_read_file(path, max, &back, NULL, &err);
        cr_assert_eq(r, -EFBIG, "a file of %zu bytes with max_size %zu gave %d", max + 1, max, r);
        cr_assert_null(back);
        snprintf(expected, sizeof(expected), "read %s: file is larger than %zu bytes", path, max);
        cr_assert_str_eq(err->msg, expected);
        cr_assert_eq(err->code, -EFBIG);
        turf_error_free(&err);
    }
    free(data);
}

Test(turf_fileio, reports_a_missing_file_with_its_path_and_errno)
{
    char path[128], expected[256];
    path_in_dir(path, sizeof(path), "missing.json");
    char *text = NULL;
    struct turf_error *err = NULL;
    cr_assert_eq(turf_read_file(path, 10, &text, NULL, &err), -ENOENT);
    cr_assert_null(text);
    snprintf(expected, sizeof(expected), "open %s: No such file or directory", path);
    cr_assert_str_eq(err->msg, expected);
    cr_assert_eq(err->code, -ENOENT);
    turf_error_free(&err);
}

Test(turf_fileio, reports_reading_a_directory)
{
    char expected[256];
    char *text = NULL;
    struct turf_error *err = NULL;
    cr_assert_eq(turf_read_file(dir, 10, &text, NULL, &err), -EISDIR);
    cr_assert_null(text);
    snprintf(expected, sizeof(expected), "read %s: Is a directory", dir);
    cr_assert_str_eq(err->msg, expected);
    turf_error_free(&err);
}

Test(turf_fileio, replaces_a_file_and_leaves_no_temporary_file)
{
    char path[128];
    path_in_dir(path, sizeof(path), "config.json");
    test_write_file(path, "old content that is longer", 26);
    struct turf_error *err = NULL;
    cr_assert_eq(turf_write_file_atomic(path, "new", 3, 0600, &err), 0, "%s", err ? err->msg : "");
    char *back = NULL;
    size_t len = 0;
    cr_assert_eq(turf_read_file(path, 100, &back, &len, &err), 0);
    cr_assert_eq(len, 3);
    cr_assert_str_eq(back, "new");
    free(back);
    cr_assert_eq(count_dir_entries(), 1, "a temporary file was left behind");
}

Test(turf_fileio, creates_the_file_with_the_given_mode_under_the_umask)
{
    char path[128];
    struct stat st;
    struct turf_error *err = NULL;
    umask(0);
    path_in_dir(path, sizeof(path), "a");
    cr_assert_eq(turf_write_file_atomic(path, "x", 1, 0640, &err), 0);
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0640, "mode %o", st.st_mode & 07777);
    umask(022);
    path_in_dir(path, sizeof(path), "b");
    cr_assert_eq(turf_write_file_atomic(path, "", 0, 0666, &err), 0);
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0644, "mode %o", st.st_mode & 07777);
    cr_assert_eq(st.st_size, 0);
}

Test(turf_fileio, reports_a_write_into_a_missing_directory)
{
    char path[128], expected[256];
    path_in_dir(path, sizeof(path), "no/such/dir/state.json");
    struct turf_error *err = NULL;
    cr_assert_eq(turf_write_file_atomic(path, "x", 1, 0644, &err), -ENOENT);
    snprintf(expected, sizeof(expected), "create %s.tmp.%d: No such file or directory", path,
             (int)getpid());
    cr_assert_str_eq(err->msg, expected);
    cr_assert_eq(err->code, -ENOENT);
    turf_error_free(&err);
}

Test(turf_fileio, reports_a_failed_rename_and_removes_the_temporary_file)
{
    char path[128], expected[256];
    path_in_dir(path, sizeof(path), "target");
    cr_assert_eq(mkdir(path, 0755), 0);
    char inner[160];
    snprintf(inner, sizeof(inner), "%s/keep", path);
    test_write_file(inner, "k", 1); /* a non-empty directory cannot be replaced */
    struct turf_error *err = NULL;
    int r = turf_write_file_atomic(path, "x", 1, 0644, &err);
    cr_assert_eq(r, -EISDIR, "got %d", r);
    snprintf(expected, sizeof(expected), "write %s: Is a directory", path);
    cr_assert_str_eq(err->msg, expected);
    turf_error_free(&err);
    cr_assert_eq(count_dir_entries(), 1, "the temporary file was left behind");
}

/* ---- errors ---- */

Test(turf_error, set_stores_the_code_and_the_formatted_message)
{
    struct turf_error *err = NULL;
    int r = turf_error_set(&err, -ENOENT, "open %s (try %d)", "/x", 2);
    cr_assert_eq(r, -ENOENT);
    cr_assert_not_null(err);
    cr_assert_eq(err->code, -ENOENT);
    cr_assert_str_eq(err->msg, "open /x (try 2)");
    turf_error_free(&err);
    cr_assert_null(err, "turf_error_free must clear the pointer");
}

Test(turf_error, set_turns_a_non_negative_code_into_minus_einval)
{
    struct turf_error *err = NULL;
    cr_assert_eq(turf_error_set(&err, 0, "zero"), -EINVAL);
    cr_assert_eq(err->code, -EINVAL);
    cr_assert_eq(turf_error_set(&err, 5, "five"), -EINVAL);
    cr_assert_eq(err->code, -EINVAL);
    cr_assert_str_eq(err->msg, "five");
    turf_error_free(&err);
}

Test(turf_error, set_without_an_error_pointer_only_returns_the_code)
{
    cr_assert_eq(turf_error_set(NULL, -EPERM, "ignored %s", "text"), -EPERM);
    cr_assert_eq(turf_error_errno(NULL, -EPERM, "ignored"), -EPERM);
}

Test(turf_error, set_replaces_an_earlier_error)
{
    struct turf_error *err = NULL;
    turf_error_set(&err, -ENOENT, "first");
    turf_error_set(&err, -EACCES, "second");
    cr_assert_eq(err->code, -EACCES);
    cr_assert_str_eq(err->msg, "second");
    turf_error_free(&err);
}

/* Replacing an error with one that quotes it is a natural thing to write; the old message
 * must still be readable while the new one is formatted. */
Test(turf_error, set_may_quote_the_message_it_replaces)
{
    struct turf_error *err = NULL;
    turf_error_set(&err, -ENOENT, "open /etc/turf/turf.conf");
    turf_error_set(&err, err->code, "load settings: %s", err->msg);
    cr_assert_not_null(err);
    cr_expect_str_eq(err->msg, "load settings: open /etc/turf/turf.conf");
    turf_error_free(&err);
}

Test(turf_error, errno_appends_the_system_message)
{
    struct turf_error *err = NULL;
    cr_assert_eq(turf_error_errno(&err, -EACCES, "open %s", "/root/x"), -EACCES);
    cr_assert_str_eq(err->msg, "open /root/x: Permission denied");
    cr_assert_eq(err->code, -EACCES);
    turf_error_free(&err);
}

Test(turf_error, wrap_prefixes_context_and_keeps_the_code)
{
    struct turf_error *err = NULL;
    turf_error_errno(&err, -ENOENT, "open %s/config.json", "/b");
    cr_assert_eq(turf_error_wrap(&err, "load bundle %s", "/b"), -ENOENT);
    cr_assert_str_eq(err->msg, "load bundle /b: open /b/config.json: No such file or directory");
    cr_assert_eq(turf_error_wrap(&err, "create %s", "c1"), -ENOENT);
    cr_assert_str_eq(err->msg,
                     "create c1: load bundle /b: open /b/config.json: No such file or directory");
    cr_assert_eq(err->code, -ENOENT);
    turf_error_free(&err);
}

Test(turf_error, wrap_with_an_empty_prefix_keeps_the_message)
{
    struct turf_error *err = NULL;
    turf_error_set(&err, -EIO, "disk on fire");
    cr_assert_eq(turf_error_wrap(&err, "%s", ""), -EIO);
    cr_assert_str_eq(err->msg, "disk on fire");
    turf_error_free(&err);
}

Test(turf_error, wrap_without_an_error_returns_minus_einval)
{
    struct turf_error *err = NULL;
    cr_assert_eq(turf_error_wrap(&err, "context"), -EINVAL);
    cr_assert_null(err, "wrap must not invent an error");
    cr_assert_eq(turf_error_wrap(NULL, "context"), -EINVAL);
}

Test(turf_error, free_accepts_null_and_cleanup_attribute_frees)
{
    turf_error_free(NULL);
    struct turf_error *none = NULL;
    turf_error_free(&none);
    cr_assert_null(none);
    {
        _cleanup_error_ struct turf_error *scoped = NULL;
        turf_error_set(&scoped, -ENOMEM, "freed at the end of the scope (valgrind checks)");
        cr_assert_not_null(scoped);
    }
}
