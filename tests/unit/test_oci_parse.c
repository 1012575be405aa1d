/* Unit tests of config.json parsing and validation (oci/config.h): what valid configs parse
 * to, field by field, and the exact message each kind of invalid config is refused with. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "test-helpers.h"

/* ---- valid configs ---- */

Test(oci_parse, accepts_a_minimal_config_and_leaves_every_other_field_absent)
{
    struct oci_config *c = test_parse_good("minimal.json");
    assert_str(c->oci_version, "1.2.0");
    cr_assert_not_null(c->root);
    assert_str(c->root->path, "rootfs");
    assert_unset(c->root->readonly);
    cr_assert_null(c->mounts);
    cr_assert_eq(c->n_mounts, 0);
    cr_assert_null(c->process);
    cr_assert_null(c->hostname);
    cr_assert_null(c->domainname);
    cr_assert_null(c->hooks);
    cr_assert_null(c->annotations.entries);
    cr_assert_eq(c->annotations.n_entries, 0);
    cr_assert_null(c->linux_);
    cr_assert_null(oci_config_find_namespace(c, "pid"));
    oci_config_free(c);
}

Test(oci_parse, accepts_runc_default_config)
{
    struct oci_config *c = test_parse_good("runc-default.json");
    cr_assert(c->process->terminal.set && c->process->terminal.value);
    assert_strv(c->process->args, "sh");
    assert_strv(c->process->capabilities->bounding, "CAP_AUDIT_WRITE", "CAP_KILL",
                "CAP_NET_BIND_SERVICE");
    cr_assert_null(c->process->capabilities->inheritable);
    cr_assert_eq(c->n_mounts, 7);
    assert_str(c->mounts[6].destination, "/sys/fs/cgroup");
    cr_assert_eq(c->linux_->n_namespaces, 5);
    cr_assert_eq(c->linux_->resources->n_devices, 1);
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_root_and_mounts)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    assert_str(c->oci_version, "1.2.0");
    assert_str(c->root->path, "/var/lib/turf/ks/rootfs");
    assert_set(c->root->readonly, true);

    cr_assert_eq(c->n_mounts, 2);
    const struct oci_mount *proc = &c->mounts[0], *data = &c->mounts[1];
    assert_str(proc->destination, "/proc");
    assert_str(proc->type, "proc");
    assert_str(proc->source, "proc");
    cr_assert_null(proc->options);
    cr_assert_null(proc->uid_mappings);
    cr_assert_eq(proc->n_gid_mappings, 0);

    assert_str(data->destination, "/data");
    assert_str(data->type, "bind");
    assert_str(data->source, "/srv/volumes/data");
    assert_strv(data->options, "rbind", "rw", "idmap");
    cr_assert_eq(data->n_uid_mappings, 1);
    assert_set(data->uid_mappings[0].container_id, 0);
    assert_set(data->uid_mappings[0].host_id, 200000);
    assert_set(data->uid_mappings[0].size, 1000);
    cr_assert_eq(data->n_gid_mappings, 1);
    assert_set(data->gid_mappings[0].host_id, 300000);
    assert_set(data->gid_mappings[0].size, 2000);

    assert_str(c->hostname, "kitchen");
    assert_str(c->domainname, "sink.example");
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_process)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    const struct oci_process *p = c->process;
    cr_assert_not_null(p);
    assert_set(p->terminal, true);
    cr_assert_not_null(p->console_size);
    assert_set(p->console_size->height, 25);
    assert_set(p->console_size->width, 80);

    cr_assert_not_null(p->user);
    assert_set(p->user->uid, 1001);
    assert_set(p->user->gid, 1002);
    assert_set(p->user->umask, 022);
    cr_assert_eq(p->user->n_additional_gids, 3);
    cr_assert_eq(p->user->additional_gids[0], 5);
    cr_assert_eq(p->user->additional_gids[1], 10);
    cr_assert_eq(p->user->additional_gids[2], UINT32_MAX);
    assert_str(p->user->username, "builder");

    assert_strv(p->args, "/usr/bin/make", "-j4", "all");
    assert_str(p->command_line, "make -j4 all");
    assert_strv(p->env, "PATH=/usr/bin:/bin", "HOME=/home/builder", "EMPTY=");
    assert_str(p->cwd, "/home/builder/src");

    cr_assert_not_null(p->capabilities);
    assert_strv(p->capabilities->bounding, "CAP_CHOWN", "CAP_NET_ADMIN", "CAP_CHECKPOINT_RESTORE");
    assert_strv(p->capabilities->effective, "CAP_CHOWN");
    assert_strv(p->capabilities->inheritable, "CAP_KILL", "CAP_SETUID");
    assert_strv(p->capabilities->permitted, "CAP_CHOWN", "CAP_NET_ADMIN");
    assert_strv(p->capabilities->ambient, "CAP_NET_BIND_SERVICE");

    cr_assert_eq(p->n_rlimits, 2);
    assert_str(p->rlimits[0].type, "RLIMIT_NOFILE");
    assert_set(p->rlimits[0].hard, 4096);
    assert_set(p->rlimits[0].soft, 1024);
    assert_str(p->rlimits[1].type, "RLIMIT_CORE");
    assert_set(p->rlimits[1].hard, (uint64_t)INT64_MAX);
    assert_set(p->rlimits[1].soft, 0);

    assert_set(p->no_new_privileges, false);
    assert_str(p->apparmor_profile, "turf-default");
    assert_str(p->selinux_label, "system_u:system_r:container_t:s0:c1,c2");
    assert_set(p->oom_score_adj, -500);

    cr_assert_not_null(p->io_priority);
    assert_str(p->io_priority->class_, "IOPRIO_CLASS_BE");
    assert_set(p->io_priority->priority, 7);

    const struct oci_scheduler *s = p->scheduler;
    cr_assert_not_null(s);
    assert_str(s->policy, "SCHED_DEADLINE");
    assert_set(s->nice, -20);
    assert_set(s->priority, 0);
    assert_strv(s->flags, "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_UTIL_CLAMP_MAX");
    assert_set(s->runtime, 10000000);
    assert_set(s->deadline, 20000000);
    assert_set(s->period, 30000000);
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_hooks_of_all_six_kinds)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    const struct oci_hooks *h = c->hooks;
    cr_assert_not_null(h);
    static const size_t counts[OCI_HOOK_KIND_COUNT] = {1, 2, 1, 1, 1, 1};
    static const char *const first_paths[OCI_HOOK_KIND_COUNT] = {
        "/usr/libexec/hooks/prestart",         "/usr/libexec/hooks/create-runtime",
        "/usr/libexec/hooks/create-container", "/usr/libexec/hooks/start-container",
        "/usr/libexec/hooks/poststart",        "/usr/libexec/hooks/poststop",
    };
    for (int k = 0; k < OCI_HOOK_KIND_COUNT; k++) {
        cr_assert_eq(h->kind[k].n_hooks, counts[k], "hook kind %d", k);
        assert_str(h->kind[k].hooks[0].path, first_paths[k]);
    }

    const struct oci_hook *pre = &h->kind[OCI_HOOK_PRESTART].hooks[0];
    assert_strv(pre->args, "prestart", "--net");
    assert_strv(pre->env, "STAGE=prestart");
    assert_set(pre->timeout, 5);

    const struct oci_hook *cr = h->kind[OCI_HOOK_CREATE_RUNTIME].hooks;
    cr_assert_null(cr[0].args);
    cr_assert_null(cr[0].env);
    assert_unset(cr[0].timeout);
    assert_str(cr[1].path, "/usr/libexec/hooks/create-runtime-2");
    assert_set(cr[1].timeout, INT32_MAX);

    assert_strv(h->kind[OCI_HOOK_CREATE_CONTAINER].hooks[0].args, "cc");
    assert_strv(h->kind[OCI_HOOK_START_CONTAINER].hooks[0].env, "A=1", "B=2");
    assert_set(h->kind[OCI_HOOK_POSTSTART].hooks[0].timeout, 1);
    const struct oci_hook *post = &h->kind[OCI_HOOK_POSTSTOP].hooks[0];
    assert_strv(post->args, "poststop", "--cleanup");
    assert_strv(post->env, "STAGE=poststop");
    assert_set(post->timeout, 30);
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_annotations_in_document_order)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    cr_assert_eq(c->annotations.n_entries, 3);
    assert_str(c->annotations.entries[0].key, "org.example.zeta");
    assert_str(c->annotations.entries[0].value, "last-alphabetically-first-in-document");
    assert_str(c->annotations.entries[1].key, "org.example.alpha");
    assert_str(c->annotations.entries[2].key, "run.turf.pool");
    assert_str(oci_map_get(&c->annotations, "org.example.alpha"), "one");
    assert_str(oci_map_get(&c->annotations, "run.turf.pool"), "");
    cr_assert_null(oci_map_get(&c->annotations, "org.example"));
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_namespaces_mappings_and_time_offsets)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    const struct oci_linux *l = c->linux_;
    cr_assert_not_null(l);
    static const char *const types[] = {"pid", "network", "mount",  "ipc",
                                        "uts", "user",    "cgroup", "time"};
    cr_assert_eq(l->n_namespaces, 8);
    for (size_t i = 0; i < 8; i++)
        assert_str(l->namespaces[i].type, types[i]);
    assert_str(l->namespaces[1].path, "/var/run/netns/kitchen");
    cr_assert_null(l->namespaces[0].path);
    cr_assert_eq(oci_config_find_namespace(c, "network"), &l->namespaces[1]);

    cr_assert_eq(l->n_uid_mappings, 2);
    assert_set(l->uid_mappings[0].container_id, 0);
    assert_set(l->uid_mappings[0].host_id, 100000);
    assert_set(l->uid_mappings[0].size, 65536);
    assert_set(l->uid_mappings[1].container_id, 65536);
    assert_set(l->uid_mappings[1].host_id, 1000);
    assert_set(l->uid_mappings[1].size, 1);
    cr_assert_eq(l->n_gid_mappings, 1);
    assert_set(l->gid_mappings[0].size, 65536);

    cr_assert_eq(l->n_time_offsets, 2);
    assert_str(l->time_offsets[0].key, "monotonic");
    assert_set(l->time_offsets[0].secs, -86400);
    assert_set(l->time_offsets[0].nanosecs, 999999999);
    assert_str(l->time_offsets[1].key, "boottime");
    assert_set(l->time_offsets[1].secs, 31536000);
    assert_set(l->time_offsets[1].nanosecs, 0);
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_devices)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    const struct oci_linux *l = c->linux_;
    cr_assert_eq(l->n_devices, 4);
    const struct oci_device *fuse = &l->devices[0];
    assert_str(fuse->type, "c");
    assert_str(fuse->path, "/dev/fuse");
    assert_set(fuse->major, 10);
    assert_set(fuse->minor, 229);
    assert_set(fuse->file_mode, 0666);
    assert_set(fuse->uid, 0);
    assert_set(fuse->gid, 0);
    assert_str(l->devices[1].type, "b");
    assert_set(l->devices[1].file_mode, 0660);
    assert_set(l->devices[1].uid, 6);
    assert_set(l->devices[1].gid, 6);
    assert_str(l->devices[2].type, "u");
    assert_unset(l->devices[2].file_mode);
    assert_unset(l->devices[2].uid);
    const struct oci_device *fifo = &l->devices[3];
    assert_str(fifo->type, "p");
    assert_str(fifo->path, "/dev/ctl-fifo");
    assert_unset(fifo->major);
    assert_unset(fifo->minor);
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_cgroup_resources)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    assert_str(c->linux_->cgroups_path, "/turf/kitchen-sink");
    const struct oci_resources *r = c->linux_->resources;
    cr_assert_not_null(r);

    cr_assert_eq(r->n_devices, 4);
    assert_set(r->devices[0].allow, false);
    cr_assert_null(r->devices[0].type);
    assert_unset(r->devices[0].major);
    assert_str(r->devices[0].access, "rwm");
    assert_set(r->devices[1].allow, true);
    assert_str(r->devices[1].type, "c");
    assert_set(r->devices[1].major, 10);
    assert_set(r->devices[1].minor, 229);
    assert_str(r->devices[1].access, "rw");
    assert_set(r->devices[2].major, -1);
    assert_set(r->devices[2].minor, -1);
    assert_str(r->devices[3].type, "a");
    cr_assert_null(r->devices[3].access);

    const struct oci_memory *m = r->memory;
    cr_assert_not_null(m);
    assert_set(m->limit, 536870912);
    assert_set(m->reservation, 268435456);
    assert_set(m->swap, 1073741824);
    assert_set(m->kernel, -1);
    assert_set(m->kernel_tcp, 67108864);
    assert_set(m->swappiness, 60);
    assert_set(m->disable_oom_killer, true);
    assert_set(m->use_hierarchy, false);
    assert_set(m->check_before_update, true);

    const struct oci_cpu *cpu = r->cpu;
    cr_assert_not_null(cpu);
    assert_set(cpu->shares, 1024);
    assert_set(cpu->quota, 50000);
    assert_set(cpu->burst, 10000);
    assert_set(cpu->period, 100000);
    assert_set(cpu->realtime_runtime, 950000);
    assert_set(cpu->realtime_period, 1000000);
    assert_str(cpu->cpus, "0-3,5,7-8");
    assert_str(cpu->mems, "0");
    assert_set(cpu->idle, 1);

    cr_assert_not_null(r->pids);
    assert_set(r->pids->limit, 128);

    const struct oci_block_io *b = r->block_io;
    cr_assert_not_null(b);
    assert_set(b->weight, 500);
    assert_set(b->leaf_weight, 300);
    cr_assert_eq(b->n_weight_device, 2);
    assert_set(b->weight_device[0].major, 8);
    assert_set(b->weight_device[0].minor, 0);
    assert_set(b->weight_device[0].weight, 700);
    assert_set(b->weight_device[0].leaf_weight, 10);
    assert_set(b->weight_device[1].minor, 16);
    assert_set(b->weight_device[1].weight, 1000);
    assert_unset(b->weight_device[1].leaf_weight);
    cr_assert_eq(b->n_throttle_read_bps_device, 1);
    assert_set(b->throttle_read_bps_device[0].rate, 104857600);
    cr_assert_eq(b->n_throttle_write_bps_device, 2);
    assert_set(b->throttle_write_bps_device[1].major, 8);
    assert_set(b->throttle_write_bps_device[1].minor, 16);
    assert_set(b->throttle_write_bps_device[1].rate, 1);
    cr_assert_eq(b->n_throttle_read_iops_device, 1);
    assert_set(b->throttle_read_iops_device[0].rate, 1000);
    cr_assert_eq(b->n_throttle_write_iops_device, 1);
    assert_set(b->throttle_write_iops_device[0].rate, 500);

    cr_assert_eq(r->n_hugepage_limits, 2);
    assert_str(r->hugepage_limits[0].page_size, "2MB");
    assert_set(r->hugepage_limits[0].limit, 209715200);
    assert_str(r->hugepage_limits[1].page_size, "1GB");
    assert_set(r->hugepage_limits[1].limit, 0);

    cr_assert_not_null(r->network);
    assert_set(r->network->class_id, 1048577);
    cr_assert_eq(r->network->n_priorities, 2);
    assert_str(r->network->priorities[0].name, "eth0");
    assert_set(r->network->priorities[0].priority, 500);
    assert_str(r->network->priorities[1].name, "lo");
    assert_set(r->network->priorities[1].priority, 0);

    cr_assert_eq(r->n_rdma, 2);
    assert_str(r->rdma[0].key, "mlx5_1");
    assert_set(r->rdma[0].hca_handles, 3);
    assert_set(r->rdma[0].hca_objects, 10000);
    assert_str(r->rdma[1].key, "mlx4_0");
    assert_set(r->rdma[1].hca_handles, 2);
    assert_unset(r->rdma[1].hca_objects);

    cr_assert_eq(r->unified.n_entries, 3);
    assert_str(r->unified.entries[0].key, "memory.high");
    assert_str(r->unified.entries[0].value, "400000000");
    assert_str(oci_map_get(&r->unified, "io.max"), "8:0 rbps=1048576");
    assert_str(r->unified.entries[2].key, "cpu.weight");
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_seccomp)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    const struct oci_seccomp *s = c->linux_->seccomp;
    cr_assert_not_null(s);
    assert_str(s->default_action, "SCMP_ACT_ERRNO");
    assert_set(s->default_errno_ret, 38);
    assert_strv(s->architectures, "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64");
    assert_strv(s->flags, "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW");
    assert_str(s->listener_path, "/run/turf/seccomp-agent.sock");
    assert_str(s->listener_metadata, "kitchen-sink");

    cr_assert_eq(s->n_syscalls, 6);
    const struct oci_syscall *sc = s->syscalls;
    assert_strv(sc[0].names, "read", "write", "exit_group");
    assert_str(sc[0].action, "SCMP_ACT_ALLOW");
    assert_unset(sc[0].errno_ret);
    cr_assert_null(sc[0].args);
    cr_assert_eq(sc[0].n_args, 0);

    assert_strv(sc[1].names, "personality");
    cr_assert_eq(sc[1].n_args, 2);
    assert_set(sc[1].args[0].index, 0);
    assert_set(sc[1].args[0].value, 0);
    assert_unset(sc[1].args[0].value_two);
    assert_str(sc[1].args[0].op, "SCMP_CMP_EQ");
    assert_set(sc[1].args[1].index, 5);
    assert_set(sc[1].args[1].value, 255);
    assert_set(sc[1].args[1].value_two, 8);
    assert_str(sc[1].args[1].op, "SCMP_CMP_MASKED_EQ");

    assert_str(sc[2].action, "SCMP_ACT_ERRNO");
    assert_set(sc[2].errno_ret, 1);
    assert_str(sc[3].action, "SCMP_ACT_TRACE");
    assert_set(sc[3].errno_ret, 0);
    assert_strv(sc[4].names, "mount", "umount2");
    assert_str(sc[4].action, "SCMP_ACT_NOTIFY");
    assert_str(sc[5].action, "SCMP_ACT_KILL_PROCESS");
    oci_config_free(c);
}

Test(oci_parse, accepts_kitchen_sink_sysctl_paths_labels_rdt_and_personality)
{
    struct oci_config *c = test_parse_good("kitchen-sink.json");
    const struct oci_linux *l = c->linux_;
    cr_assert_eq(l->sysctl.n_entries, 5);
    assert_str(l->sysctl.entries[0].key, "net.ipv4.ip_forward");
    assert_str(l->sysctl.entries[0].value, "1");
    assert_str(oci_map_get(&l->sysctl, "net/ipv4/tcp_keepalive_time"), "600");
    assert_str(oci_map_get(&l->sysctl, "kernel.shmmax"), "68719476736");
    assert_str(oci_map_get(&l->sysctl, "kernel.domainname"), "sink.example");
    assert_str(l->sysctl.entries[4].key, "fs.mqueue.msg_max");

    assert_str(l->rootfs_propagation, "rslave");
    assert_strv(l->masked_paths, "/proc/kcore", "/sys/firmware");
    assert_strv(l->readonly_paths, "/proc/sys", "/proc/sysrq-trigger");
    assert_str(l->mount_label, "system_u:object_r:container_file_t:s0:c1,c2");

    cr_assert_not_null(l->intel_rdt);
    assert_str(l->intel_rdt->clos_id, "turf-ks");
    assert_str(l->intel_rdt->l3_cache_schema, "L3:0=7f0;1=1f");
    assert_str(l->intel_rdt->mem_bw_schema, "MB:0=20;1=70");
    assert_set(l->intel_rdt->enable_cmt, true);
    assert_set(l->intel_rdt->enable_mbm, false);

    cr_assert_not_null(l->personality);
    assert_str(l->personality->domain, "LINUX32");
    assert_strv(l->personality->flags, "ADDR_NO_RANDOMIZE");
    oci_config_free(c);
}

Test(oci_parse, accepts_rootless_config_with_user_namespace_mappings)
{
    struct oci_config *c = test_parse_good("rootless.json");
    const struct oci_linux *l = c->linux_;
    cr_assert_not_null(oci_config_find_namespace(c, "user"));
    cr_assert_null(oci_config_find_namespace(c, "network"));
    cr_assert_eq(l->n_uid_mappings, 2);
    cr_assert_eq(l->n_gid_mappings, 2);
    assert_set(l->uid_mappings[0].container_id, 0);
    assert_set(l->uid_mappings[0].host_id, 1000);
    assert_set(l->uid_mappings[0].size, 1);
    assert_set(l->uid_mappings[1].container_id, 1);
    assert_set(l->uid_mappings[1].host_id, 100000);
    assert_set(l->uid_mappings[1].size, 65536);
    assert_set(l->gid_mappings[1].host_id, 100000);
    cr_assert_null(l->resources);
    assert_set(c->process->terminal, false);
    assert_str(c->mounts[5].destination, "/sys");
    assert_str(c->mounts[5].type, "none");
    assert_strv(c->mounts[5].options, "rbind", "nosuid", "noexec", "nodev", "ro");
    oci_config_free(c);
}

Test(oci_parse, accepts_containerd_cri_config)
{
    struct oci_config *c = test_parse_good("containerd-cri.json");
    assert_str(c->oci_version, "1.1.0");
    const struct oci_process *p = c->process;
    cr_assert_eq(oci_strv_len(p->env), 21);
    assert_str(p->env[20], "OPTIONS=--a=b --c=d");
    assert_set(p->user->uid, 65534);
    cr_assert_eq(p->user->n_additional_gids, 1);
    assert_set(p->oom_score_adj, 1000);
    cr_assert_eq(oci_strv_len(p->capabilities->bounding), 14);
    cr_assert_null(p->capabilities->inheritable);
    cr_assert_null(p->capabilities->ambient);
    assert_str(p->apparmor_profile, "cri-containerd.apparmor.d");

    cr_assert_eq(c->n_mounts, 12);
    assert_str(c->mounts[11].destination, "/var/run/secrets/kubernetes.io/serviceaccount");
    assert_strv(c->mounts[11].options, "rbind", "rprivate", "ro");
    cr_assert_eq(c->annotations.n_entries, 7);
    assert_str(oci_map_get(&c->annotations, "io.kubernetes.cri.sandbox-id"), "9a8b7c6d5e4f");

    const struct oci_linux *l = c->linux_;
    assert_str(l->cgroups_path, "/kubepods/besteffort/pod1234/abc");
    const struct oci_namespace *net = oci_config_find_namespace(c, "network");
    cr_assert_not_null(net);
    assert_str(net->path, "/proc/1234/ns/net");
    cr_assert_null(oci_config_find_namespace(c, "pid")->path);
    assert_set(l->resources->memory->limit, 0);
    assert_set(l->resources->memory->swap, 0);
    assert_set(l->resources->cpu->shares, 2);

    const struct oci_seccomp *s = l->seccomp;
    assert_str(s->default_action, "SCMP_ACT_ERRNO");
    assert_set(s->default_errno_ret, 1);
    assert_strv(s->architectures, "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
    cr_assert_eq(s->n_syscalls, 9);
    cr_assert_eq(oci_strv_len(s->syscalls[0].names), 250);
    assert_str(s->syscalls[0].names[0], "accept");
    assert_str(s->syscalls[0].names[249], "writev");
    assert_set(s->syscalls[4].args[0].value, UINT32_MAX);
    const struct oci_syscall *clone = &s->syscalls[7];
    assert_strv(clone->names, "clone");
    assert_str(clone->args[0].op, "SCMP_CMP_MASKED_EQ");
    assert_set(clone->args[0].value, 2114060288);
    assert_set(clone->args[0].value_two, 0); /* present and zero, not absent */
    assert_set(s->syscalls[8].errno_ret, 38);
    cr_assert_eq(oci_strv_len(l->masked_paths), 11);
    oci_config_free(c);
}

Test(oci_parse, accepts_and_ignores_unknown_keys_everywhere)
{
    struct oci_config *c = test_parse_good("unknown-keys.json");
    assert_set(c->root->readonly, false);
    cr_assert_eq(c->n_mounts, 1);
    assert_str(c->mounts[0].source, "proc");
    assert_set(c->process->user->uid, 10);
    assert_set(c->process->user->gid, 20);
    assert_unset(c->process->terminal);
    assert_strv(c->process->capabilities->bounding, "CAP_KILL");
    cr_assert_eq(c->process->n_rlimits, 1);
    assert_set(c->process->rlimits[0].soft, 32);
    cr_assert_eq(c->hooks->kind[OCI_HOOK_PRESTART].n_hooks, 1);
    for (int k = OCI_HOOK_CREATE_RUNTIME; k < OCI_HOOK_KIND_COUNT; k++)
        cr_assert_eq(c->hooks->kind[k].n_hooks, 0);
    assert_set(c->linux_->resources->memory->limit, 4194304);
    cr_assert_null(c->linux_->resources->cpu);
    assert_set(c->linux_->seccomp->syscalls[0].args[0].value, 2);
    cr_assert_null(c->linux_->sysctl.entries);

    char *dump = oci_config_dump(c);
    cr_assert_not_null(dump);
    cr_assert_null(strstr(dump, "x-"), "an unknown key survived into the dump:\n%s", dump);
    cr_assert_null(strstr(dump, "windows"));
    cr_assert_null(strstr(dump, "solaris"));
    cr_assert_null(strstr(dump, "hypervisor"));
    free(dump);
    oci_config_free(c);
}

Test(oci_parse, accepts_json_null_as_an_absent_field)
{
    struct oci_config *c = test_parse_good("nulls.json");
    assert_unset(c->root->readonly);
    cr_assert_null(c->mounts);
    cr_assert_null(c->hostname);
    cr_assert_null(c->domainname);
    cr_assert_null(c->annotations.entries);

    const struct oci_process *p = c->process;
    assert_unset(p->terminal);
    cr_assert_null(p->console_size);
    assert_unset(p->user->umask);
    cr_assert_null(p->user->additional_gids);
    cr_assert_eq(p->user->n_additional_gids, 0);
    cr_assert_null(p->user->username);
    cr_assert_null(p->command_line);
    cr_assert_null(p->env);
    assert_strv(p->capabilities->bounding, "CAP_KILL");
    cr_assert_null(p->capabilities->effective);
    cr_assert_null(p->capabilities->ambient);
    cr_assert_null(p->rlimits);
    assert_unset(p->no_new_privileges);
    cr_assert_null(p->apparmor_profile);
    assert_unset(p->oom_score_adj);
    cr_assert_null(p->io_priority);
    cr_assert_null(p->scheduler);

    cr_assert_null(c->hooks->kind[OCI_HOOK_PRESTART].hooks);
    cr_assert_eq(c->hooks->kind[OCI_HOOK_POSTSTOP].n_hooks, 1);
    const struct oci_hook *h = &c->hooks->kind[OCI_HOOK_POSTSTOP].hooks[0];
    cr_assert_null(h->args);
    cr_assert_null(h->env);
    assert_unset(h->timeout);

    const struct oci_linux *l = c->linux_;
    cr_assert_eq(l->n_namespaces, 2);
    cr_assert_null(l->namespaces[0].path);
    cr_assert_null(l->uid_mappings);
    cr_assert_null(l->time_offsets);
    cr_assert_null(l->devices);
    cr_assert_null(l->cgroups_path);
    cr_assert_null(l->resources->devices);
    assert_set(l->resources->memory->limit, 1048576);
    assert_unset(l->resources->memory->reservation);
    assert_unset(l->resources->memory->swappiness);
    assert_unset(l->resources->memory->disable_oom_killer);
    cr_assert_null(l->resources->cpu);
    cr_assert_null(l->resources->rdma);
    cr_assert_null(l->resources->unified.entries);
    cr_assert_null(l->sysctl.entries);
    cr_assert_null(l->seccomp);
    cr_assert_null(l->masked_paths);
    cr_assert_null(l->intel_rdt);
    cr_assert_null(l->personality);
    oci_config_free(c);
}

Test(oci_parse, accepts_relative_mount_destination)
{
    struct oci_config *c = test_parse_good("relative-mount-destination.json");
    cr_assert_eq(c->n_mounts, 2);
    assert_str(c->mounts[1].destination, "var/cache/app");
    assert_str(c->mounts[1].source, "/srv/cache");
    oci_config_free(c);
}

Test(oci_parse, accepts_empty_lists_and_maps_as_present_not_absent)
{
    struct oci_config *c = test_parse_good("empty-collections.json");
    cr_assert_not_null(c->mounts);
    cr_assert_eq(c->n_mounts, 0);
    assert_strv_empty(c->process->env);
    cr_assert_not_null(c->process->user->additional_gids);
    cr_assert_eq(c->process->user->n_additional_gids, 0);
    assert_strv_empty(c->process->capabilities->bounding);
    assert_strv_empty(c->process->capabilities->ambient);
    cr_assert_not_null(c->process->rlimits);
    cr_assert_eq(c->process->n_rlimits, 0);
    cr_assert_not_null(c->hooks->kind[OCI_HOOK_PRESTART].hooks);
    cr_assert_null(c->hooks->kind[OCI_HOOK_POSTSTART].hooks);
    cr_assert_not_null(c->annotations.entries);
    cr_assert_eq(c->annotations.n_entries, 0);
    cr_assert_not_null(c->linux_->namespaces);
    cr_assert_eq(c->linux_->n_namespaces, 0);
    cr_assert_not_null(c->linux_->resources->rdma);
    cr_assert_not_null(c->linux_->resources->unified.entries);
    cr_assert_not_null(c->linux_->sysctl.entries);
    assert_strv_empty(c->linux_->masked_paths);
    oci_config_free(c);
}

Test(oci_parse, accepts_joined_user_namespace_without_mappings)
{
    struct oci_config *c = test_parse_good("joined-namespaces.json");
    assert_str(c->oci_version, "1.0.2-dev+turf.1");
    const struct oci_namespace *user = oci_config_find_namespace(c, "user");
    cr_assert_not_null(user);
    assert_str(user->path, "/proc/4321/ns/user");
    cr_assert_null(c->linux_->uid_mappings);
    cr_assert_null(c->linux_->gid_mappings);
    assert_str(oci_config_find_namespace(c, "uts")->path, "/proc/4321/ns/uts");
    oci_config_free(c);
}

Test(oci_parse, accepts_any_1_x_version_with_prerelease_and_build_parts)
{
    static const char *const versions[] = {"1.0.0",     "1.0.2-dev", "1.1.0-rc.1",
                                           "1.2.0+git", "1.3.0",     "1.10.200-a.b+c.d"};
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text), "{\"ociVersion\": \"%s\", \"root\": {\"path\": \"r\"}}",
                 versions[i]);
        struct oci_config *c = test_parse_text(versions[i], text, strlen(text));
        assert_str(c->oci_version, versions[i]);
        oci_config_free(c);
    }
}

Test(oci_parse, accepts_values_at_the_edges_of_their_ranges)
{
    const char *text =
        "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"},"
        " \"process\": {\"args\": [\"a\"], \"cwd\": \"/\", \"oomScoreAdj\": -1000,"
        "   \"user\": {\"uid\": 4294967295, \"gid\": 0, \"umask\": 511},"
        "   \"ioPriority\": {\"class\": \"IOPRIO_CLASS_IDLE\", \"priority\": 0},"
        "   \"scheduler\": {\"policy\": \"SCHED_OTHER\", \"nice\": 19}},"
        " \"hooks\": {\"poststop\": [{\"path\": \"/h\", \"timeout\": 1}]},"
        " \"linux\": {\"namespaces\": [{\"type\": \"user\"}],"
        "   \"uidMappings\": [{\"containerID\": 4294967295, \"hostID\": 0, \"size\": 1}],"
        "   \"gidMappings\": [{\"containerID\": 0, \"hostID\": 0, \"size\": 4294967295}],"
        "   \"resources\": {\"memory\": {\"limit\": -1, \"swap\": -1, \"swappiness\": 100},"
        "     \"cpu\": {\"quota\": -1, \"idle\": 0}, \"pids\": {\"limit\": -1},"
        "     \"blockIO\": {\"weight\": 10, \"leafWeight\": 1000},"
        "     \"devices\": [{\"allow\": true, \"major\": 4294967295, \"access\": \"\"}]},"
        "   \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
        "[\"x\"],"
        "     \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 5, \"value\": "
        "9223372036854775807, \"op\": \"SCMP_CMP_GT\"}]}]}}}";
    struct oci_config *c = test_parse_text("edge values", text, strlen(text));
    assert_set(c->process->oom_score_adj, -1000);
    assert_set(c->process->user->uid, UINT32_MAX);
    assert_set(c->process->user->umask, 0777);
    assert_set(c->process->scheduler->nice, 19);
    assert_set(c->linux_->uid_mappings[0].container_id, UINT32_MAX);
    assert_set(c->linux_->gid_mappings[0].size, UINT32_MAX);
    assert_set(c->linux_->resources->memory->limit, -1);
    assert_set(c->linux_->resources->pids->limit, -1);
    assert_set(c->linux_->resources->devices[0].major, UINT32_MAX);
    assert_set(c->linux_->seccomp->syscalls[0].args[0].value, (uint64_t)INT64_MAX);
    oci_config_free(c);
}

Test(oci_parse, accepts_sysctls_of_the_namespaces_the_container_has)
{
    const char *text = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": {"
                       "\"namespaces\": [{\"type\": \"ipc\"}, {\"type\": \"uts\"},"
                       " {\"type\": \"network\", \"path\": \"/proc/1/ns/net\"}],"
                       "\"sysctl\": {\"kernel.msgmnb\": \"1\", \"kernel.sem\": \"1 2 3 4\","
                       " \"kernel/shm_rmid_forced\": \"1\", \"fs.mqueue.queues_max\": \"9\","
                       " \"kernel.hostname\": \"h\", \"net.core.somaxconn\": \"4096\"}}}";
    struct oci_config *c = test_parse_text("namespaced sysctls", text, strlen(text));
    cr_assert_eq(c->linux_->sysctl.n_entries, 6);
    assert_str(oci_map_get(&c->linux_->sysctl, "kernel.sem"), "1 2 3 4");
    oci_config_free(c);
}

/* ---- how configs reach the parser ---- */

static char bundle[64];

static void make_bundle(void)
{
    test_make_tmpdir(bundle, sizeof(bundle));
}

static void remove_bundle(void)
{
    test_rm_rf(bundle);
}

static void write_bundle_config(const char *text, size_t len)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/config.json", bundle);
    test_write_file(path, text, len);
}

Test(oci_parse, loads_a_bundle_directory, .init = make_bundle, .fini = remove_bundle)
{
    size_t len;
    char *text = test_read_data("oci/good/kitchen-sink.json", &len);
    write_bundle_config(text, len);
    free(text);
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    int r = oci_config_load_bundle(bundle, &c, &err);
    cr_assert_eq(r, 0, "%s", err ? err->msg : "");
    cr_assert_null(err);
    assert_str(c->hostname, "kitchen");
    oci_config_free(c);
}

Test(oci_parse, rejects_a_bundle_config_naming_it_config_json, .init = make_bundle,
     .fini = remove_bundle)
{
    size_t len;
    char *text = test_read_data("oci/bad/swap-below-limit.json", &len);
    write_bundle_config(text, len);
    free(text);
    struct oci_config *c = (struct oci_config *)&c;
    struct turf_error *err = NULL;
    int r = oci_config_load_bundle(bundle, &c, &err);
    cr_assert_eq(r, -EINVAL);
    cr_assert_null(c);
    cr_assert_not_null(err);
    cr_assert_str_eq(err->msg, "config.json: linux.resources.memory.swap: memory+swap limit "
                               "536870912 is below the memory limit 1073741824");
    turf_error_free(&err);
}

Test(oci_parse, rejects_a_bundle_without_config_json, .init = make_bundle, .fini = remove_bundle)
{
    struct oci_config *c = (struct oci_config *)&c;
    struct turf_error *err = NULL;
    int r = oci_config_load_bundle(bundle, &c, &err);
    cr_assert_eq(r, -ENOENT);
    cr_assert_null(c);
    cr_assert_not_null(err);
    cr_assert_eq(err->code, -ENOENT);
    char expected[256];
    snprintf(expected, sizeof(expected), "open %s/config.json: No such file or directory", bundle);
    cr_assert_str_eq(err->msg, expected);
    turf_error_free(&err);
}

Test(oci_parse, rejects_a_config_larger_than_16_MiB, .init = make_bundle, .fini = remove_bundle)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/config.json", bundle);
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, (off_t)OCI_CONFIG_MAX_SIZE + 1), 0);
    close(fd);
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    int r = oci_config_load_bundle(bundle, &c, &err);
    cr_assert_eq(r, -EFBIG);
    cr_assert_null(c);
    char expected[256];
    snprintf(expected, sizeof(expected), "read %s: file is larger than 16777216 bytes", path);
    cr_assert_str_eq(err->msg, expected);
    turf_error_free(&err);
}

Test(oci_parse, names_a_parsed_file_by_its_path_in_messages, .init = make_bundle,
     .fini = remove_bundle)
{
    const char *text = "{\"ociVersion\": \"1.2.0\"}";
    write_bundle_config(text, strlen(text));
    char path[128], expected[256];
    snprintf(path, sizeof(path), "%s/config.json", bundle);
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    cr_assert_eq(oci_config_parse_file(path, &c, &err), -EINVAL);
    cr_assert_null(c);
    snprintf(expected, sizeof(expected), "%s: root: required field is missing", path);
    cr_assert_str_eq(err->msg, expected);
    turf_error_free(&err);
}

Test(oci_parse, names_the_given_source_in_messages)
{
    const char *text = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": 1}}";
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    cr_assert_eq(oci_config_parse_string(text, strlen(text), "bundles/a/config.json", &c, &err),
                 -EINVAL);
    cr_assert_str_eq(err->msg,
                     "bundles/a/config.json: root.path: expected a string, got integer 1");
    turf_error_free(&err);
}

Test(oci_parse, parses_only_the_given_length_of_text)
{
    const char *text = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}}GARBAGE";
    struct oci_config *c = test_parse_text("prefix", text, strlen(text) - strlen("GARBAGE"));
    assert_str(c->root->path, "r");
    oci_config_free(c);
}

Test(oci_parse, rejects_a_decoded_document_that_is_not_an_object)
{
    json_t *root = json_integer(5);
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    cr_assert_eq(oci_config_parse_json(root, "config.json", &c, &err), -EINVAL);
    json_decref(root);
    cr_assert_null(c);
    cr_assert_str_eq(err->msg, "config.json: expected an object, got integer 5");
    turf_error_free(&err);
}

/* ---- malformed JSON ---- */

Test(oci_parse, rejects_a_syntax_error_with_line_and_column)
{
    test_expect_bad_file("syntax-error.json",
                         "config.json: line 3, column 8: '}' expected near '\"root\"'");
}

Test(oci_parse, rejects_a_truncated_file)
{
    test_expect_bad_file("truncated.json",
                         "config.json: line 5, column 0: string or '}' expected near end of file");
}

Test(oci_parse, rejects_an_empty_file)
{
    test_expect_bad_file("empty.json",
                         "config.json: line 1, column 0: '[' or '{' expected near end of file");
}

Test(oci_parse, rejects_a_top_level_array)
{
    test_expect_bad_file("top-level-array.json", "config.json: expected an object, got an array");
}

Test(oci_parse, rejects_a_top_level_string)
{
    test_expect_text_rejected(
        "\"config\"", "config.json: line 1, column 8: '[' or '{' expected near '\"config\"'");
}

Test(oci_parse, rejects_duplicate_keys)
{
    test_expect_bad_file("duplicate-key.json",
                         "config.json: line 3, column 35: duplicate object key near '\"path\"'");
}

Test(oci_parse, rejects_duplicate_keys_even_inside_ignored_unknown_keys)
{
    test_expect_text_rejected(
        "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"x\": {\"a\": 1, \"a\": 2}}",
        "config.json: line 1, column 64: duplicate object key near '\"a\"'");
}

Test(oci_parse, rejects_text_after_the_document)
{
    test_expect_bad_file("trailing-garbage.json",
                         "config.json: line 2, column 1: end of file expected near '}'");
}

Test(oci_parse, rejects_an_integer_beyond_uint64_in_an_unsigned_field)
{
    test_expect_bad_file("integer-beyond-uint64.json",
                         "config.json: process.rlimits[0].hard: expected an integer between 0 and "
                         "18446744073709551615, got 18446744073709551616");
}

/* ---- version, root and process ---- */

Test(oci_parse, rejects_unknown_oci_version_major)
{
    test_expect_bad_file("version-unsupported-major.json",
                         "config.json: ociVersion: unsupported version \"2.0.0\": Turf implements "
                         "1.x (up to 1.2.0)");
}

Test(oci_parse, rejects_malformed_oci_version)
{
    test_expect_bad_file("version-malformed.json",
                         "config.json: ociVersion: \"1.2\" is not a version of the form "
                         "MAJOR.MINOR.PATCH");
    test_expect_text_rejected("{\"ociVersion\": \"v1.2.0\", \"root\": {\"path\": \"r\"}}",
                              "config.json: ociVersion: \"v1.2.0\" is not a version of the form "
                              "MAJOR.MINOR.PATCH");
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0.1\", \"root\": {\"path\": \"r\"}}",
                              "config.json: ociVersion: \"1.2.0.1\" is not a version of the form "
                              "MAJOR.MINOR.PATCH");
}

Test(oci_parse, rejects_missing_oci_version)
{
    test_expect_bad_file("version-missing.json",
                         "config.json: ociVersion: required field is missing");
}

Test(oci_parse, rejects_missing_root)
{
    test_expect_bad_file("root-missing.json", "config.json: root: required field is missing");
}

Test(oci_parse, rejects_null_root_as_missing)
{
    test_expect_bad_file("root-null.json", "config.json: root: required field is missing");
}

Test(oci_parse, rejects_missing_root_path)
{
    test_expect_bad_file("root-path-missing.json",
                         "config.json: root.path: required field is missing");
}

Test(oci_parse, rejects_missing_process_cwd)
{
    test_expect_bad_file("cwd-missing.json", "config.json: process.cwd: required field is missing");
}

Test(oci_parse, rejects_relative_process_cwd)
{
    test_expect_bad_file("cwd-relative.json",
                         "config.json: process.cwd: must be an absolute path, got \"home/user\"");
}

Test(oci_parse, rejects_missing_process_args)
{
    test_expect_bad_file("args-missing.json",
                         "config.json: process.args: required field is missing");
}

Test(oci_parse, rejects_empty_process_args)
{
    test_expect_bad_file("args-empty.json",
                         "config.json: process.args: must contain at least one entry");
}

Test(oci_parse, rejects_missing_console_size_width)
{
    test_expect_bad_file("console-size-width-missing.json",
                         "config.json: process.consoleSize.width: required field is missing");
}

/* ---- JSON types ---- */

Test(oci_parse, rejects_memory_limit_given_as_a_string)
{
    test_expect_bad_file("memory-limit-string.json",
                         "config.json: linux.resources.memory.limit: expected an integer, got "
                         "string \"1G\"");
}

Test(oci_parse, rejects_a_real_number_for_uid)
{
    test_expect_bad_file("uid-real.json",
                         "config.json: process.user.uid: expected an integer, got real 1.5");
}

Test(oci_parse, rejects_a_real_number_even_when_it_is_whole)
{
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, "
                              "\"linux\": {\"resources\": {\"pids\": {\"limit\": 1.0}}}}",
                              "config.json: linux.resources.pids.limit: expected an integer, got "
                              "real 1");
}

Test(oci_parse, rejects_an_object_where_an_array_is_expected)
{
    test_expect_bad_file("mounts-object.json",
                         "config.json: mounts: expected an array of objects, got an object");
}

Test(oci_parse, rejects_a_string_where_a_list_of_strings_is_expected)
{
    test_expect_bad_file("env-string.json",
                         "config.json: process.env: expected an array of strings, got string "
                         "\"PATH=/bin\"");
}

Test(oci_parse, rejects_a_number_where_a_string_is_expected)
{
    test_expect_bad_file("hostname-number.json",
                         "config.json: hostname: expected a string, got integer 42");
}

Test(oci_parse, rejects_a_string_where_a_boolean_is_expected)
{
    test_expect_bad_file("terminal-string.json",
                         "config.json: process.terminal: expected a boolean, got string \"true\"");
}

Test(oci_parse, rejects_wrong_types_with_a_description_of_what_was_given)
{
    const char *head = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": ";
    static const struct {
        const char *value, *got;
    } cases[] = {
        {"true", "true"},
        {"false", "false"},
        {"[]", "an array"},
        {"-7", "integer -7"},
        {"2.5e3", "real 2500"},
        {"\"0123456789012345678901234567890123456789012345\"",
         "string \"0123456789012345678901234567890123456789...\""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[256], expected[256];
        snprintf(text, sizeof(text), "%s%s}", head, cases[i].value);
        snprintf(expected, sizeof(expected), "config.json: linux: expected an object, got %s",
                 cases[i].got);
        test_expect_text_rejected(text, expected);
    }
}

/* ---- numbers out of range ---- */

Test(oci_parse, rejects_negative_uid)
{
    test_expect_bad_file("uid-negative.json",
                         "config.json: process.user.uid: expected an integer between 0 and "
                         "4294967295, got -1");
}

Test(oci_parse, rejects_uid_above_4294967295)
{
    test_expect_bad_file("uid-too-large.json",
                         "config.json: process.user.uid: expected an integer between 0 and "
                         "4294967295, got 4294967296");
}

Test(oci_parse, rejects_oom_score_adj_above_1000)
{
    test_expect_bad_file("oom-score-adj-too-high.json",
                         "config.json: process.oomScoreAdj: expected an integer between -1000 and "
                         "1000, got 1001");
}

Test(oci_parse, rejects_io_priority_above_7)
{
    test_expect_bad_file("io-priority-too-high.json",
                         "config.json: process.ioPriority.priority: expected an integer between 0 "
                         "and 7, got 8");
}

Test(oci_parse, rejects_umask_above_0777)
{
    test_expect_bad_file("umask-too-large.json",
                         "config.json: process.user.umask: expected an integer between 0 and 511, "
                         "got 512");
}

Test(oci_parse, rejects_nice_below_minus_20)
{
    test_expect_bad_file("nice-too-low.json",
                         "config.json: process.scheduler.nice: expected an integer between -20 and "
                         "19, got -21");
}

Test(oci_parse, rejects_swappiness_above_100)
{
    test_expect_bad_file("swappiness-too-high.json",
                         "config.json: linux.resources.memory.swappiness: expected an integer "
                         "between 0 and 100, got 101");
}

Test(oci_parse, rejects_block_io_weight_below_10)
{
    test_expect_bad_file("blkio-weight-too-low.json",
                         "config.json: linux.resources.blockIO.weight: expected an integer between "
                         "10 and 1000, got 5");
}

Test(oci_parse, rejects_negative_memory_limit_other_than_minus_one)
{
    test_expect_bad_file("memory-limit-negative.json",
                         "config.json: linux.resources.memory.limit: expected -1 (unlimited) or a "
                         "size in bytes, got -2");
}

Test(oci_parse, rejects_negative_memory_reservation_other_than_minus_one)
{
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                              "{\"resources\": {\"memory\": {\"reservation\": -100}}}}",
                              "config.json: linux.resources.memory.reservation: expected -1 "
                              "(unlimited) or a size in bytes, got -100");
}

Test(oci_parse, rejects_cpu_idle_other_than_0_or_1)
{
    test_expect_bad_file("cpu-idle-too-high.json",
                         "config.json: linux.resources.cpu.idle: expected an integer between 0 and "
                         "1, got 2");
}

Test(oci_parse, rejects_cpu_quota_below_minus_one)
{
    test_expect_bad_file("cpu-quota-below-minus-one.json",
                         "config.json: linux.resources.cpu.quota: expected an integer between -1 "
                         "and 9223372036854775807, got -2");
}

Test(oci_parse, rejects_seccomp_argument_index_above_5)
{
    test_expect_bad_file(
        "seccomp-arg-index-too-high.json",
        "config.json: linux.seccomp.syscalls[0].args[0].index: expected an integer "
        "between 0 and 5, got 6");
}

Test(oci_parse, rejects_device_file_mode_above_0777)
{
    test_expect_bad_file("device-file-mode-too-large.json",
                         "config.json: linux.devices[0].fileMode: expected an integer between 0 "
                         "and 511, got 4095");
}

Test(oci_parse, rejects_hook_timeout_of_zero)
{
    test_expect_bad_file(
        "hook-timeout-zero.json",
        "config.json: hooks.poststop[0].timeout: expected an integer between 1 and "
        "2147483647, got 0");
}

/* ---- namespaces and id mappings ---- */

Test(oci_parse, rejects_duplicate_namespace_types)
{
    test_expect_bad_file("namespace-duplicate.json",
                         "config.json: linux.namespaces[2].type: namespace \"pid\" is already "
                         "listed at namespaces[0]");
}

Test(oci_parse, rejects_unknown_namespace_type)
{
    test_expect_bad_file("namespace-unknown-type.json",
                         "config.json: linux.namespaces[1].type: unknown value \"net\" (expected "
                         "one of: pid, network, mount, ipc, uts, user, cgroup, time)");
}

Test(oci_parse, rejects_relative_namespace_path)
{
    test_expect_bad_file("namespace-path-relative.json",
                         "config.json: linux.namespaces[0].path: must be an absolute path, got "
                         "\"proc/1234/ns/net\"");
}

Test(oci_parse, rejects_overlapping_uid_mappings_on_the_container_side)
{
    test_expect_bad_file("uid-mappings-overlap-container-side.json",
                         "config.json: linux.uidMappings[1]: containerID range overlaps "
                         "uidMappings[0]");
}

Test(oci_parse, rejects_overlapping_gid_mappings_on_the_host_side)
{
    test_expect_bad_file("gid-mappings-overlap-host-side.json",
                         "config.json: linux.gidMappings[1]: hostID range overlaps gidMappings[0]");
}

Test(oci_parse, rejects_mapping_of_size_zero)
{
    test_expect_bad_file("mapping-size-zero.json",
                         "config.json: linux.uidMappings[0].size: must be at least 1");
}

Test(oci_parse, rejects_mapping_range_past_the_largest_id)
{
    test_expect_bad_file("mapping-range-past-max-id.json",
                         "config.json: linux.uidMappings[0].size: the range goes past the largest "
                         "id 4294967295");
}

Test(oci_parse, rejects_mappings_without_user_namespace)
{
    test_expect_bad_file("mappings-without-user-namespace.json",
                         "config.json: linux.uidMappings: mappings need a user namespace in "
                         "linux.namespaces");
}

Test(oci_parse, rejects_new_user_namespace_without_mappings)
{
    test_expect_bad_file("user-namespace-without-mappings.json",
                         "config.json: linux.uidMappings: a new user namespace needs at least one "
                         "mapping");
}

Test(oci_parse, rejects_new_user_namespace_with_uid_but_no_gid_mappings)
{
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                              "{\"namespaces\": [{\"type\": \"user\"}], \"uidMappings\": "
                              "[{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]}}",
                              "config.json: linux.gidMappings: a new user namespace needs at least "
                              "one mapping");
}

Test(oci_parse, rejects_mount_uid_mappings_without_gid_mappings)
{
    test_expect_bad_file("mount-uid-mappings-without-gid-mappings.json",
                         "config.json: mounts[1].gidMappings: required together with uidMappings");
}

Test(oci_parse, rejects_overlapping_mount_mappings)
{
    test_expect_text_rejected(
        "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"mounts\": [{\"destination\": "
        "\"/d\", \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}], "
        "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 5}, {\"containerID\": "
        "4, \"hostID\": 9000, \"size\": 1}]}]}",
        "config.json: mounts[0].gidMappings[1]: containerID range overlaps gidMappings[0]");
}

Test(oci_parse, rejects_hostname_without_uts_namespace)
{
    test_expect_bad_file("hostname-without-uts-namespace.json",
                         "config.json: hostname: setting the hostname needs a uts namespace in "
                         "linux.namespaces");
}

Test(oci_parse, rejects_domainname_without_linux_section)
{
    test_expect_bad_file("domainname-without-linux.json",
                         "config.json: domainname: setting the domainname needs a uts namespace in "
                         "linux.namespaces");
}

/* ---- time offsets ---- */

Test(oci_parse, rejects_time_offsets_without_time_namespace)
{
    test_expect_bad_file("time-offsets-without-time-namespace.json",
                         "config.json: linux.timeOffsets[\"monotonic\"]: time offsets need a time "
                         "namespace in linux.namespaces");
}

Test(oci_parse, rejects_unknown_time_offsets_clock)
{
    test_expect_bad_file("time-offsets-unknown-clock.json",
                         "config.json: linux.timeOffsets[\"realtime\"]: unknown clock (expected "
                         "boottime or monotonic)");
}

/* The message names the offending value, as everywhere else (man turf-config, ERRORS). */
Test(oci_parse, rejects_time_offset_nanosecs_of_a_whole_second)
{
    test_expect_bad_file("time-offsets-nanosecs-too-large.json",
                         "config.json: linux.timeOffsets[\"boottime\"].nanosecs: must be below "
                         "1000000000");
}

/* ---- seccomp ---- */

Test(oci_parse, rejects_unknown_seccomp_action)
{
    test_expect_bad_file(
        "seccomp-action-unknown.json",
        "config.json: linux.seccomp.defaultAction: unknown value \"SCMP_ACT_DENY\" "
        "(expected one of: SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, "
        "SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, "
        "SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY)");
}

Test(oci_parse, rejects_unknown_seccomp_operator_naming_its_rule_and_argument)
{
    test_expect_bad_file("seccomp-op-unknown.json",
                         "config.json: linux.seccomp.syscalls[1].args[0].op: unknown value "
                         "\"SCMP_CMP_MATCH\" (expected one of: SCMP_CMP_NE, SCMP_CMP_LT, "
                         "SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ)");
}

Test(oci_parse, rejects_unknown_seccomp_architecture)
{
    test_expect_bad_file(
        "seccomp-arch-unknown.json",
        "config.json: linux.seccomp.architectures[1]: unknown value \"SCMP_ARCH_SPARC\" (expected "
        "one of: SCMP_ARCH_X86, SCMP_ARCH_X86_64, SCMP_ARCH_X32, SCMP_ARCH_ARM, SCMP_ARCH_AARCH64, "
        "SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, SCMP_ARCH_MIPSEL, "
        "SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_PPC, SCMP_ARCH_PPC64, "
        "SCMP_ARCH_PPC64LE, SCMP_ARCH_S390, SCMP_ARCH_S390X, SCMP_ARCH_PARISC, SCMP_ARCH_PARISC64, "
        "SCMP_ARCH_RISCV64, SCMP_ARCH_LOONGARCH64)");
}

Test(oci_parse, rejects_unknown_seccomp_flag)
{
    test_expect_bad_file("seccomp-flag-unknown.json",
                         "config.json: linux.seccomp.flags[0]: unknown value "
                         "\"SECCOMP_FILTER_FLAG_NEW_LISTENER\" (expected one of: "
                         "SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, "
                         "SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)");
}

Test(oci_parse, rejects_errno_ret_with_allow_action)
{
    test_expect_bad_file("seccomp-errnoret-with-allow.json",
                         "config.json: linux.seccomp.syscalls[0].errnoRet: only allowed with "
                         "SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not SCMP_ACT_ALLOW");
}

Test(oci_parse, rejects_default_errno_ret_with_kill_action)
{
    test_expect_bad_file("seccomp-default-errnoret-with-kill.json",
                         "config.json: linux.seccomp.defaultErrnoRet: only allowed with "
                         "SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not SCMP_ACT_KILL");
}

Test(oci_parse, rejects_notify_rule_without_listener_path)
{
    test_expect_bad_file("seccomp-notify-without-listener.json",
                         "config.json: linux.seccomp.listenerPath: required when a rule uses "
                         "SCMP_ACT_NOTIFY");
}

Test(oci_parse, rejects_notify_as_default_action)
{
    test_expect_bad_file("seccomp-notify-as-default.json",
                         "config.json: linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the "
                         "default action");
}

Test(oci_parse, rejects_relative_listener_path)
{
    test_expect_bad_file("listener-path-relative.json",
                         "config.json: linux.seccomp.listenerPath: must be an absolute path, got "
                         "\"agent.sock\"");
}

Test(oci_parse, rejects_empty_syscall_names)
{
    test_expect_bad_file("seccomp-syscall-names-empty.json",
                         "config.json: linux.seccomp.syscalls[1].names: must contain at least one "
                         "name");
}

Test(oci_parse, rejects_blank_syscall_name)
{
    test_expect_bad_file("seccomp-syscall-name-blank.json",
                         "config.json: linux.seccomp.syscalls[0].names[1]: must not be empty");
}

/* ---- process settings ---- */

Test(oci_parse, rejects_unknown_capability_name)
{
    test_expect_bad_file("capability-unknown.json",
                         "config.json: process.capabilities.bounding[1]: unknown capability "
                         "\"CAP_SYS_GOD\"");
}

Test(oci_parse, rejects_unknown_rlimit)
{
    test_expect_bad_file("rlimit-unknown.json",
                         "config.json: process.rlimits[0].type: unknown rlimit \"RLIMIT_FILES\"");
}

Test(oci_parse, rejects_duplicate_rlimit)
{
    test_expect_bad_file("rlimit-duplicate.json",
                         "config.json: process.rlimits[2].type: RLIMIT_NOFILE is already set by "
                         "rlimits[0]");
}

Test(oci_parse, rejects_soft_rlimit_above_hard)
{
    test_expect_bad_file("rlimit-soft-above-hard.json",
                         "config.json: process.rlimits[0].soft: soft limit 4096 is above the hard "
                         "limit 1024");
}

Test(oci_parse, rejects_env_entry_without_equals_sign)
{
    test_expect_bad_file("env-without-equals.json",
                         "config.json: process.env[1]: expected NAME=VALUE, got \"DEBUG\"");
}

Test(oci_parse, rejects_hook_env_entry_with_empty_name)
{
    test_expect_bad_file("hook-env-without-equals.json",
                         "config.json: hooks.poststart[1].env[0]: expected NAME=VALUE, got "
                         "\"=value\"");
}

Test(oci_parse, rejects_relative_hook_path)
{
    test_expect_bad_file("hook-path-relative.json",
                         "config.json: hooks.prestart[0].path: must be an absolute path, got "
                         "\"bin/hook\"");
}

Test(oci_parse, rejects_unknown_scheduler_policy)
{
    test_expect_bad_file("scheduler-policy-unknown.json",
                         "config.json: process.scheduler.policy: unknown value \"SCHED_LOTTERY\" "
                         "(expected one of: SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, "
                         "SCHED_ISO, SCHED_IDLE, SCHED_DEADLINE)");
}

Test(oci_parse, rejects_unknown_scheduler_flag)
{
    test_expect_bad_file("scheduler-flag-unknown.json",
                         "config.json: process.scheduler.flags[0]: unknown value "
                         "\"SCHED_FLAG_FAST\" (expected one of: SCHED_FLAG_RESET_ON_FORK, "
                         "SCHED_FLAG_RECLAIM, SCHED_FLAG_DL_OVERRUN, SCHED_FLAG_KEEP_POLICY, "
                         "SCHED_FLAG_KEEP_PARAMS, SCHED_FLAG_UTIL_CLAMP_MIN, "
                         "SCHED_FLAG_UTIL_CLAMP_MAX)");
}

Test(oci_parse, rejects_unknown_io_priority_class)
{
    test_expect_bad_file(
        "io-priority-class-unknown.json",
        "config.json: process.ioPriority.class: unknown value \"IOPRIO_CLASS_NONE\" "
        "(expected one of: IOPRIO_CLASS_RT, IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE)");
}

Test(oci_parse, rejects_negative_additional_gid_naming_its_index)
{
    test_expect_bad_file("additional-gid-negative.json",
                         "config.json: process.user.additionalGids[2]: expected an integer between "
                         "0 and 4294967295, got -5");
}

/* ---- mounts and paths ---- */

Test(oci_parse, rejects_empty_mount_destination_naming_its_index)
{
    test_expect_bad_file("mount-destination-empty.json",
                         "config.json: mounts[2].destination: must not be empty");
}

Test(oci_parse, rejects_relative_masked_path)
{
    test_expect_bad_file("masked-path-relative.json",
                         "config.json: linux.maskedPaths[1]: must be an absolute path, got "
                         "\"proc/kcore\"");
}

Test(oci_parse, rejects_relative_readonly_path)
{
    test_expect_bad_file("readonly-path-relative.json",
                         "config.json: linux.readonlyPaths[0]: must be an absolute path, got "
                         "\"proc/sys\"");
}

Test(oci_parse, rejects_bogus_rootfs_propagation)
{
    test_expect_bad_file("rootfs-propagation-bogus.json",
                         "config.json: linux.rootfsPropagation: unknown value \"bogus\" (expected "
                         "one of: private, shared, slave, unbindable, rprivate, rshared, rslave, "
                         "runbindable)");
}

Test(oci_parse, rejects_personality_domain_linux64)
{
    test_expect_bad_file("personality-domain-linux64.json",
                         "config.json: linux.personality.domain: unknown value \"LINUX64\" "
                         "(expected one of: LINUX, LINUX32)");
}

Test(oci_parse, rejects_mem_bw_schema_without_mb_prefix)
{
    test_expect_bad_file("mem-bw-schema-without-prefix.json",
                         "config.json: linux.intelRdt.memBwSchema: must start with \"MB:\" and be "
                         "one line");
}

/* ---- devices ---- */

Test(oci_parse, rejects_unknown_device_type)
{
    test_expect_bad_file("device-type-unknown.json",
                         "config.json: linux.devices[0].type: unknown value \"x\" (expected one "
                         "of: c, b, u, p)");
}

Test(oci_parse, rejects_character_device_without_major)
{
    test_expect_bad_file("device-char-without-major.json",
                         "config.json: linux.devices[0].major: required for a device of type "
                         "\"c\"");
}

Test(oci_parse, rejects_block_device_without_minor)
{
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                              "{\"devices\": [{\"type\": \"b\", \"path\": \"/dev/sda\", "
                              "\"major\": 8}]}}",
                              "config.json: linux.devices[0].minor: required for a device of type "
                              "\"b\"");
}

Test(oci_parse, rejects_fifo_with_major)
{
    test_expect_bad_file("device-fifo-with-major.json",
                         "config.json: linux.devices[0].major: must not be set for a fifo (type "
                         "\"p\")");
}

Test(oci_parse, rejects_device_cgroup_access_rwx)
{
    test_expect_bad_file("device-cgroup-access-rwx.json",
                         "config.json: linux.resources.devices[1].access: \"rwx\" is not a "
                         "combination of r, w and m");
}

Test(oci_parse, rejects_device_cgroup_access_with_a_repeated_letter)
{
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                              "{\"resources\": {\"devices\": [{\"allow\": true, \"access\": "
                              "\"rwr\"}]}}}",
                              "config.json: linux.resources.devices[0].access: \"rwr\" is not a "
                              "combination of r, w and m");
}

Test(oci_parse, rejects_device_cgroup_rule_without_allow)
{
    test_expect_bad_file("device-cgroup-allow-missing.json",
                         "config.json: linux.resources.devices[0].allow: required field is "
                         "missing");
}

Test(oci_parse, rejects_device_cgroup_type_p)
{
    test_expect_bad_file("device-cgroup-type-unknown.json",
                         "config.json: linux.resources.devices[0].type: unknown value \"p\" "
                         "(expected one of: a, c, b)");
}

/* ---- sysctl ---- */

Test(oci_parse, rejects_non_namespaced_sysctl)
{
    test_expect_bad_file("sysctl-not-namespaced.json",
                         "config.json: linux.sysctl[\"kernel.panic\"]: is not namespaced: setting "
                         "it would change the host");
}

Test(oci_parse, rejects_net_sysctl_without_network_namespace)
{
    test_expect_bad_file("sysctl-net-without-network-namespace.json",
                         "config.json: linux.sysctl[\"net.ipv4.ip_forward\"]: needs a network "
                         "namespace in linux.namespaces");
}

Test(oci_parse, rejects_ipc_sysctl_without_ipc_namespace)
{
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                              "{\"namespaces\": [{\"type\": \"uts\"}], \"sysctl\": "
                              "{\"fs/mqueue/msg_max\": \"10\"}}}",
                              "config.json: linux.sysctl[\"fs/mqueue/msg_max\"]: needs a ipc "
                              "namespace in linux.namespaces");
}

Test(oci_parse, rejects_sysctl_with_dotdot_component)
{
    test_expect_bad_file(
        "sysctl-dotdot.json",
        "config.json: linux.sysctl[\"net/../kernel/panic\"]: is not a sysctl name");
}

Test(oci_parse, rejects_sysctl_with_absolute_or_empty_name)
{
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                              "{\"namespaces\": [{\"type\": \"network\"}], \"sysctl\": "
                              "{\"/proc/sys/net/core/somaxconn\": \"1\"}}}",
                              "config.json: linux.sysctl[\"/proc/sys/net/core/somaxconn\"]: is not "
                              "a sysctl name");
    test_expect_text_rejected("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                              "{\"sysctl\": {\"\": \"1\"}}}",
                              "config.json: linux.sysctl[\"\"]: is not a sysctl name");
}

/* ---- resources ---- */

Test(oci_parse, rejects_unified_key_with_slash)
{
    test_expect_bad_file(
        "unified-key-with-slash.json",
        "config.json: linux.resources.unified[\"../memory.max\"]: must be a cgroup "
        "file name, not a path");
}

Test(oci_parse, rejects_cgroups_path_with_dotdot)
{
    test_expect_bad_file("cgroups-path-dotdot.json",
                         "config.json: linux.cgroupsPath: must not contain \"..\" components, got "
                         "\"/kubepods/../../system.slice\"");
}

Test(oci_parse, accepts_cgroups_path_with_dots_inside_names)
{
    const char *text = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                       "{\"cgroupsPath\": \"system.slice:turf..x:abc...\"}}";
    struct oci_config *c = test_parse_text("dotted cgroupsPath", text, strlen(text));
    assert_str(c->linux_->cgroups_path, "system.slice:turf..x:abc...");
    oci_config_free(c);
}

Test(oci_parse, rejects_hugepage_size_without_b_suffix)
{
    test_expect_bad_file("hugepage-size-2M.json",
                         "config.json: linux.resources.hugepageLimits[0].pageSize: \"2M\" is not a "
                         "page size like \"2MB\" or \"1GB\"");
}

Test(oci_parse, rejects_cpu_list_with_open_range)
{
    test_expect_bad_file("cpus-open-range.json",
                         "config.json: linux.resources.cpu.cpus: \"0-\" is not a CPU or "
                         "memory-node list like \"0-3,5\"");
}

Test(oci_parse, rejects_malformed_cpu_and_memory_node_lists)
{
    static const char *const lists[] = {"3-1", "0,,1", "0,", "a", "-1", "0 1"};
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
        char text[256], expected[256];
        snprintf(text, sizeof(text),
                 "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
                 "{\"resources\": {\"cpu\": {\"mems\": \"%s\"}}}}",
                 lists[i]);
        snprintf(expected, sizeof(expected),
                 "config.json: linux.resources.cpu.mems: \"%s\" is not a CPU or memory-node list "
                 "like \"0-3,5\"",
                 lists[i]);
        test_expect_text_rejected(text, expected);
    }
}

Test(oci_parse, rejects_memory_swap_below_memory_limit)
{
    test_expect_bad_file("swap-below-limit.json",
                         "config.json: linux.resources.memory.swap: memory+swap limit 536870912 is "
                         "below the memory limit 1073741824");
}

Test(oci_parse, rejects_pids_without_limit)
{
    test_expect_bad_file("pids-limit-missing.json",
                         "config.json: linux.resources.pids.limit: required field is missing");
}

Test(oci_parse, rejects_negative_rdma_limit_naming_the_device)
{
    test_expect_bad_file("rdma-handles-negative.json",
                         "config.json: linux.resources.rdma[\"mlx5_0\"].hcaHandles: expected an "
                         "integer between 0 and 4294967295, got -1");
}

Test(oci_parse, rejects_throttle_rate_string_naming_its_index)
{
    test_expect_bad_file("throttle-rate-string.json",
                         "config.json: linux.resources.blockIO.throttleReadBpsDevice[1].rate: "
                         "expected an integer, got string \"10M\"");
}

/* ---- error messages as a whole ---- */

/* A long bad value must not cut the message off before the list of what is allowed. */
Test(oci_parse, rejects_a_long_unknown_value_with_the_whole_list_of_allowed_values)
{
    char type[601];
    memset(type, 'x', sizeof(type) - 1);
    type[sizeof(type) - 1] = '\0';
    char text[1024];
    snprintf(text, sizeof(text),
             "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": "
             "{\"namespaces\": [{\"type\": \"%s\"}]}}",
             type);
    char *msg = test_rejection_message("a 600-character namespace type", text, strlen(text));
    const char *prefix = "config.json: linux.namespaces[0].type: unknown value \"xxx";
    const char *suffix = "(expected one of: pid, network, mount, ipc, uts, user, cgroup, time)";
    cr_expect_eq(strncmp(msg, prefix, strlen(prefix)), 0, "%s", msg);
    size_t n = strlen(msg);
    cr_expect(n >= strlen(suffix) && strcmp(msg + n - strlen(suffix), suffix) == 0,
              "the message was cut: ...%s", n > 60 ? msg + n - 60 : msg);
    free(msg);
}

Test(oci_parse, rejects_every_file_in_the_bad_directory_with_an_explained_error)
{
    glob_t g;
    int r = glob(TURF_TEST_DATA "/oci/bad/*.json", 0, NULL, &g);
    cr_assert_eq(r, 0, "no files in %s/oci/bad", TURF_TEST_DATA);
    cr_assert_gt(g.gl_pathc, 40, "expected one bad config per error class");
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *rel = g.gl_pathv[i] + strlen(TURF_TEST_DATA) + 1;
        size_t len;
        char *text = test_read_data(rel, &len);
        char *msg = test_rejection_message(rel, text, len);
        cr_expect_eq(strncmp(msg, "config.json: ", 13), 0, "%s: %s", rel, msg);
        cr_expect_null(strchr(msg, '\n'), "%s: a message must be one line: %s", rel, msg);
        free(msg);
        free(text);
    }
    globfree(&g);
}

/* ---- the state document ---- */

static char *state_rejection(const char *text, size_t len)
{
    struct oci_state *s = (struct oci_state *)&s;
    struct turf_error *err = NULL;
    int r = oci_state_parse_string(text, len, "state.json", &s, &err);
    cr_assert_eq(r, -EINVAL, "state accepted: %s", text);
    cr_assert_null(s);
    cr_assert_not_null(err);
    char *msg = strdup(err->msg);
    turf_error_free(&err);
    return msg;
}

static void expect_state_file_rejected(const char *name, const char *expected)
{
    char rel[256];
    size_t len;
    snprintf(rel, sizeof(rel), "oci/state/bad/%s", name);
    char *text = test_read_data(rel, &len);
    char *msg = state_rejection(text, len);
    free(text);
    cr_assert_str_eq(msg, expected);
    free(msg);
}

static void expect_state_text_rejected(const char *text, const char *expected)
{
    char *msg = state_rejection(text, strlen(text));
    cr_assert_str_eq(msg, expected);
    free(msg);
}

Test(oci_state_parse, accepts_a_running_state_with_pid_and_annotations)
{
    size_t len;
    char *text = test_read_data("oci/state/good/running.json", &len);
    struct oci_state *s = NULL;
    struct turf_error *err = NULL;
    int r = oci_state_parse_string(text, len, "state.json", &s, &err);
    free(text);
    cr_assert_eq(r, 0, "%s", err ? err->msg : "");
    assert_str(s->oci_version, "1.2.0");
    assert_str(s->id, "web-1");
    assert_str(s->status, "running");
    assert_set(s->pid, 4422);
    assert_str(s->bundle, "/run/turf/bundles/web-1");
    cr_assert_eq(s->annotations.n_entries, 2);
    assert_str(s->annotations.entries[0].key, "run.turf.pool");
    assert_str(oci_map_get(&s->annotations, "run.turf.pool"), "warm");
    oci_state_free(s);
}

Test(oci_state_parse, accepts_a_stopped_state_without_pid)
{
    size_t len;
    char *text = test_read_data("oci/state/good/stopped.json", &len);
    struct oci_state *s = NULL;
    struct turf_error *err = NULL;
    int r = oci_state_parse_string(text, len, "state.json", &s, &err);
    free(text);
    cr_assert_eq(r, 0, "%s", err ? err->msg : "");
    assert_str(s->status, "stopped");
    assert_unset(s->pid);
    cr_assert_null(s->annotations.entries);
    oci_state_free(s);
}

Test(oci_state_parse, rejects_status_paused)
{
    expect_state_file_rejected("status-paused.json",
                               "state.json: status: unknown value \"paused\" (expected one of: "
                               "creating, created, running, stopped)");
}

Test(oci_state_parse, rejects_missing_pid_while_running)
{
    expect_state_file_rejected("pid-missing-while-running.json",
                               "state.json: pid: required while the container is running");
}

Test(oci_state_parse, rejects_missing_pid_while_created)
{
    expect_state_text_rejected(
        "{\"ociVersion\": \"1.2.0\", \"id\": \"a\", \"status\": \"created\", \"bundle\": \"/b\"}",
        "state.json: pid: required while the container is created");
}

Test(oci_state_parse, rejects_relative_bundle)
{
    expect_state_text_rejected("{\"ociVersion\": \"1.2.0\", \"id\": \"a\", \"status\": "
                               "\"stopped\", \"bundle\": \"bundles/a\"}",
                               "state.json: bundle: must be an absolute path, got \"bundles/a\"");
}

Test(oci_state_parse, rejects_container_ids_that_are_not_file_names)
{
    static const char *const ids[] = {"a/b", "..", ".", ""};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        char text[256], expected[256];
        snprintf(text, sizeof(text),
                 "{\"ociVersion\": \"1.2.0\", \"id\": \"%s\", \"status\": \"stopped\", "
                 "\"bundle\": \"/b\"}",
                 ids[i]);
        snprintf(expected, sizeof(expected), "state.json: id: \"%s\" is not a valid container id",
                 ids[i]);
        expect_state_text_rejected(text, expected);
    }
}

Test(oci_state_parse, rejects_negative_pid)
{
    expect_state_text_rejected("{\"ociVersion\": \"1.2.0\", \"id\": \"a\", \"status\": "
                               "\"running\", \"pid\": -1, \"bundle\": \"/b\"}",
                               "state.json: pid: expected an integer between 0 and 2147483647, "
                               "got -1");
}

Test(oci_state_parse, rejects_missing_id)
{
    expect_state_text_rejected(
        "{\"ociVersion\": \"1.2.0\", \"status\": \"stopped\", \"bundle\": \"/b\"}",
        "state.json: id: required field is missing");
}
