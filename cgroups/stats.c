/* Statistics: cpu, cpuset, memory, pids, blkio and hugetlb read from v1 or v2 files into one
 * struct, and its JSON in the shape of runc's `events --stats` data object. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../turf/base/cleanup.h"
#include "internal.h"

void cg_stats_free(struct cg_stats *s)
{
    if (!s)
        return;
    free(s->cpu.percpu);
    free(s->cpu.percpu_user);
    free(s->cpu.percpu_kernel);
    free(s->cpuset.cpus);
    free(s->cpuset.mems);
    for (size_t i = 0; i < s->memory.n_raw; i++)
        free(s->memory.raw[i].key);
    free(s->memory.raw);
    free(s->blkio.service_bytes);
    free(s->blkio.serviced);
    free(s->hugetlb);
    free(s);
}

/* Reads an optional file: a missing file (an older kernel, no swap accounting) is "not there"
 * (returns 0 with *text NULL), anything else is an error. */
static int read_opt(const char *dir, const char *file, char **text, struct turf_error **err)
{
    *text = NULL;
    struct turf_error *e = NULL;
    int r = cg_read(dir, file, text, &e);
    if (r == -ENOENT) {
        turf_error_free(&e);
        return 0;
    }
    if (r < 0)
        *err = e;
    return r;
}

static int read_opt_u64(const char *dir, const char *file, uint64_t *out, struct turf_error **err)
{
    _cleanup_free_ char *text = NULL;
    int r = read_opt(dir, file, &text, err);
    if (r < 0 || !text)
        return r;
    char *end;
    errno = 0;
    if (strncmp(text, "max", 3) == 0) {
        *out = UINT64_MAX;
        return 0;
    }
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text)
        return turf_error_set(err, -EINVAL, "read %s/%s: expected a number, got \"%.40s\"", dir,
                              file, text);
    *out = v;
    return 0;
}

/* A whitespace-separated list of numbers (cpuacct.usage_percpu). */
static int parse_u64_list(const char *text, uint64_t **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (const char *p = text;;) {
        while (*p == ' ' || *p == '\n')
            p++;
        if (!*p)
            return 0;
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p)
            return 0;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            uint64_t *bigger = realloc(*out, cap * sizeof(**out));
            if (!bigger)
                return -ENOMEM;
            *out = bigger;
        }
        (*out)[(*n)++] = v;
        p = end;
    }
}

/* A cpuset list ("0-3,8") expanded into numbers. */
static int parse_cpu_list(const char *text, uint64_t **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (const char *p = text; *p && *p != '\n';) {
        char *end;
        unsigned long a = strtoul(p, &end, 10), b = a;
        if (end == p)
            return 0;
        p = end;
        if (*p == '-') {
            b = strtoul(p + 1, &end, 10);
            p = end;
        }
        for (unsigned long v = a; v <= b && v - a < 65536; v++) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 16;
                uint64_t *bigger = realloc(*out, cap * sizeof(**out));
                if (!bigger)
                    return -ENOMEM;
                *out = bigger;
            }
            (*out)[(*n)++] = v;
        }
        if (*p == ',')
            p++;
    }
    return 0;
}

static int stat_cpu(const struct cg_manager *mgr, struct cg_stats *s, struct turf_error **err)
{
    const struct cg_node *acct = cg_node_for(mgr, "cpuacct");
    const struct cg_node *cpu = cg_node_for(mgr, "cpu");
    _cleanup_free_ char *text = NULL;
    int r;
    if (acct && acct->version == 1) {
        const char *d = acct->path;
        if ((r = read_opt_u64(d, "cpuacct.usage", &s->cpu.total, err)) < 0 ||
            (r = read_opt_u64(d, "cpuacct.usage_user", &s->cpu.user, err)) < 0 ||
            (r = read_opt_u64(d, "cpuacct.usage_sys", &s->cpu.kernel, err)) < 0)
            return r;
        static const char *const files[] = {"cpuacct.usage_percpu", "cpuacct.usage_percpu_user",
                                            "cpuacct.usage_percpu_sys"};
        uint64_t **lists[] = {&s->cpu.percpu, &s->cpu.percpu_user, &s->cpu.percpu_kernel};
        size_t *counts[] = {&s->cpu.n_percpu, &s->cpu.n_percpu_user, &s->cpu.n_percpu_kernel};
        for (size_t i = 0; i < TURF_ARRAY_SIZE(files); i++) {
            _cleanup_free_ char *list = NULL;
            if ((r = read_opt(d, files[i], &list, err)) < 0)
                return r;
            if (list && parse_u64_list(list, lists[i], counts[i]) < 0)
                return turf_error_errno(err, -ENOMEM, "read %s/%s", d, files[i]);
        }
        if (!s->cpu.user && !s->cpu.kernel) {
            /* Older kernels: cpuacct.stat in USER_HZ ticks. */
            _cleanup_free_ char *st = NULL;
            if ((r = read_opt(d, "cpuacct.stat", &st, err)) < 0)
                return r;
            long hz = sysconf(_SC_CLK_TCK);
            uint64_t v;
            if (st && hz > 0 && cg_keyed_get(st, "user", &v) == 0)
                s->cpu.user = v * (1000000000ull / (uint64_t)hz);
            if (st && hz > 0 && cg_keyed_get(st, "system", &v) == 0)
                s->cpu.kernel = v * (1000000000ull / (uint64_t)hz);
        }
    }
    const struct cg_node *v2 = cg_node_v2(mgr);
    bool v2_usage = !(acct && acct->version == 1) && v2;
    bool v2_throttle = cpu ? cpu->version == 2 : false;
    if (v2_usage || v2_throttle) {
        if ((r = read_opt(v2->path, "cpu.stat", &text, err)) < 0)
            return r;
        uint64_t v;
        if (text && v2_usage) {
            if (cg_keyed_get(text, "usage_usec", &v) == 0)
                s->cpu.total = v * 1000;
            if (cg_keyed_get(text, "user_usec", &v) == 0)
                s->cpu.user = v * 1000;
            if (cg_keyed_get(text, "system_usec", &v) == 0)
                s->cpu.kernel = v * 1000;
        }
        if (text && v2_throttle) {
            cg_keyed_get(text, "nr_periods", &s->cpu.periods);
            cg_keyed_get(text, "nr_throttled", &s->cpu.throttled_periods);
            if (cg_keyed_get(text, "throttled_usec", &v) == 0)
                s->cpu.throttled_time = v * 1000;
        }
    }
    if (cpu && cpu->version == 1) {
        _cleanup_free_ char *st = NULL;
        if ((r = read_opt(cpu->path, "cpu.stat", &st, err)) < 0)
            return r;
        if (st) {
            cg_keyed_get(st, "nr_periods", &s->cpu.periods);
            cg_keyed_get(st, "nr_throttled", &s->cpu.throttled_periods);
            cg_keyed_get(st, "throttled_time", &s->cpu.throttled_time);
        }
    }
    return 0;
}

static int stat_cpuset(const struct cg_manager *mgr, struct cg_stats *s, struct turf_error **err)
{
    const struct cg_node *node = cg_node_for(mgr, "cpuset");
    if (!node)
        return 0;
    bool v1 = node->version == 1;
    const char *files[2][2] = {
        {v1 ? "cpuset.effective_cpus" : "cpuset.cpus.effective", "cpuset.cpus"},
        {v1 ? "cpuset.effective_mems" : "cpuset.mems.effective", "cpuset.mems"}};
    uint64_t **lists[] = {&s->cpuset.cpus, &s->cpuset.mems};
    size_t *counts[] = {&s->cpuset.n_cpus, &s->cpuset.n_mems};
    for (size_t i = 0; i < 2; i++) {
        _cleanup_free_ char *text = NULL;
        int r = read_opt(node->path, files[i][0], &text, err);
        if (r == 0 && !text)
            r = read_opt(node->path, files[i][1], &text, err);
        if (r < 0)
            return r;
        if (text && parse_cpu_list(text, lists[i], counts[i]) < 0)
            return turf_error_errno(err, -ENOMEM, "read %s/%s", node->path, files[i][0]);
    }
    if (!v1)
        return 0;
    const struct {
        const char *file;
        uint64_t *value;
    } flags[] = {
        {"cpuset.cpu_exclusive", &s->cpuset.cpu_exclusive},
        {"cpuset.mem_exclusive", &s->cpuset.mem_exclusive},
        {"cpuset.mem_hardwall", &s->cpuset.mem_hardwall},
        {"cpuset.memory_migrate", &s->cpuset.memory_migrate},
        {"cpuset.memory_pressure", &s->cpuset.memory_pressure},
        {"cpuset.memory_spread_page", &s->cpuset.memory_spread_page},
        {"cpuset.memory_spread_slab", &s->cpuset.memory_spread_slab},
        {"cpuset.sched_load_balance", &s->cpuset.sched_load_balance},
    };
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        int r = read_opt_u64(node->path, flags[i].file, flags[i].value, err);
        if (r < 0)
            return r;
    }
    _cleanup_free_ char *level = NULL;
    int r = read_opt(node->path, "cpuset.sched_relax_domain_level", &level, err);
    if (r < 0)
        return r;
    if (level)
        s->cpuset.sched_relax_domain_level = strtoll(level, NULL, 10);
    return 0;
}

/* Every "key value" line of memory.stat. */
static int parse_raw(const char *text, struct cg_stats *s)
{
    size_t cap = 0;
    for (const char *line = text; line && *line;) {
        const char *sp = strchr(line, ' ');
        const char *nl = strchr(line, '\n');
        if (sp && (!nl || sp < nl)) {
            if (s->memory.n_raw == cap) {
                cap = cap ? cap * 2 : 64;
                struct cg_stat_pair *bigger = realloc(s->memory.raw, cap * sizeof(*bigger));
                if (!bigger)
                    return -ENOMEM;
                s->memory.raw = bigger;
            }
            struct cg_stat_pair *p = &s->memory.raw[s->memory.n_raw];
            p->key = strndup(line, (size_t)(sp - line));
            if (!p->key)
                return -ENOMEM;
            p->value = strtoull(sp + 1, NULL, 10);
            s->memory.n_raw++;
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

static uint64_t raw_get(const struct cg_stats *s, const char *key)
{
    for (size_t i = 0; i < s->memory.n_raw; i++)
        if (strcmp(s->memory.raw[i].key, key) == 0)
            return s->memory.raw[i].value;
    return 0;
}

static int stat_memory_entry_v1(const char *dir, const char *prefix, struct cg_memory_entry *e,
                                struct turf_error **err)
{
    static const char *const suffix[] = {"usage_in_bytes", "max_usage_in_bytes", "limit_in_bytes",
                                         "failcnt"};
    uint64_t *dst[] = {&e->usage, &e->max_usage, &e->limit, &e->failcnt};
    for (size_t i = 0; i < TURF_ARRAY_SIZE(suffix); i++) {
        char file[64];
        snprintf(file, sizeof(file), "%s.%s", prefix, suffix[i]);
        int r = read_opt_u64(dir, file, dst[i], err);
        if (r < 0)
            return r;
    }
    return 0;
}

static int stat_memory(const struct cg_manager *mgr, struct cg_stats *s, struct turf_error **err)
{
    const struct cg_node *node = cg_node_for(mgr, "memory");
    if (!node)
        return 0;
    const char *d = node->path;
    _cleanup_free_ char *stat = NULL;
    int r = read_opt(d, "memory.stat", &stat, err);
    if (r < 0)
        return r;
    if (stat && parse_raw(stat, s) < 0)
        return turf_error_errno(err, -ENOMEM, "read %s/memory.stat", d);
    if (node->version == 1) {
        s->memory.cache = raw_get(s, "cache");
        if ((r = stat_memory_entry_v1(d, "memory", &s->memory.usage, err)) < 0 ||
            (r = stat_memory_entry_v1(d, "memory.memsw", &s->memory.swap, err)) < 0 ||
            (r = stat_memory_entry_v1(d, "memory.kmem", &s->memory.kernel, err)) < 0 ||
            (r = stat_memory_entry_v1(d, "memory.kmem.tcp", &s->memory.kernel_tcp, err)) < 0)
            return r;
        _cleanup_free_ char *oom = NULL;
        if ((r = read_opt(d, "memory.oom_control", &oom, err)) < 0)
            return r;
        if (oom)
            cg_keyed_get(oom, "oom_kill", &s->memory.oom_kill);
        return 0;
    }
    s->memory.cache = raw_get(s, "file");
    struct cg_memory_entry *u = &s->memory.usage, *sw = &s->memory.swap;
    if ((r = read_opt_u64(d, "memory.current", &u->usage, err)) < 0 ||
        (r = read_opt_u64(d, "memory.peak", &u->max_usage, err)) < 0 ||
        (r = read_opt_u64(d, "memory.max", &u->limit, err)) < 0 ||
        (r = read_opt_u64(d, "memory.swap.current", &sw->usage, err)) < 0 ||
        (r = read_opt_u64(d, "memory.swap.max", &sw->limit, err)) < 0)
        return r;
    /* v1 reports swap as memory+swap; do the same so consumers see one meaning. */
    sw->usage += u->usage;
    if (sw->limit != UINT64_MAX && u->limit != UINT64_MAX)
        sw->limit += u->limit;
    else
        sw->limit = UINT64_MAX;
    _cleanup_free_ char *events = NULL;
    if ((r = read_opt(d, "memory.events", &events, err)) < 0)
        return r;
    if (events) {
        cg_keyed_get(events, "max", &u->failcnt);
        cg_keyed_get(events, "oom_kill", &s->memory.oom_kill);
    }
    return 0;
}

static int stat_pids(const struct cg_manager *mgr, struct cg_stats *s, struct turf_error **err)
{
    const struct cg_node *node = cg_node_for(mgr, "pids");
    if (!node)
        return 0;
    int r = read_opt_u64(node->path, "pids.current", &s->pids.current, err);
    if (r == 0)
        r = read_opt_u64(node->path, "pids.max", &s->pids.limit, err);
    if (s->pids.limit == UINT64_MAX)
        s->pids.limit = 0; /* runc: 0 is unlimited */
    return r;
}

static int add_blkio(struct cg_blkio_entry **v, size_t *n, uint64_t major, uint64_t minor,
                     const char *op, uint64_t value)
{
    struct cg_blkio_entry *bigger = realloc(*v, (*n + 1) * sizeof(**v));
    if (!bigger)
        return -ENOMEM;
    *v = bigger;
    struct cg_blkio_entry *e = &bigger[(*n)++];
    e->major = major;
    e->minor = minor;
    snprintf(e->op, sizeof(e->op), "%s", op);
    e->value = value;
    return 0;
}

/* v1 "<maj>:<min> <Op> <value>" lines (the "Total" summary line has no device). */
static int parse_blkio_v1(const char *text, struct cg_blkio_entry **v, size_t *n)
{
    for (const char *line = text; line && *line;) {
        unsigned long long major, minor, value;
        char op[16];
        if (sscanf(line, "%llu:%llu %15s %llu", &major, &minor, op, &value) == 4 &&
            add_blkio(v, n, major, minor, op, value) < 0)
            return -ENOMEM;
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return 0;
}

static int stat_blkio(const struct cg_manager *mgr, struct cg_stats *s, struct turf_error **err)
{
    const struct cg_node *node = cg_node_for(mgr, "blkio");
    if (node && node->version == 1) {
        /* CFQ's files are gone from modern kernels; BFQ's or the throttle layer's remain. */
        static const char *const prefixes[] = {"blkio.", "blkio.bfq.", "blkio.throttle."};
        for (int kind = 0; kind < 2; kind++) {
            struct cg_blkio_entry **v = kind ? &s->blkio.serviced : &s->blkio.service_bytes;
            size_t *n = kind ? &s->blkio.n_serviced : &s->blkio.n_service_bytes;
            for (size_t i = 0; i < TURF_ARRAY_SIZE(prefixes) && *n == 0; i++) {
                char file[96];
                snprintf(file, sizeof(file), "%s%s", prefixes[i],
                         kind ? "io_serviced_recursive" : "io_service_bytes_recursive");
                _cleanup_free_ char *text = NULL;
                int r = read_opt(node->path, file, &text, err);
                if (r < 0)
                    return r;
                if (text && parse_blkio_v1(text, v, n) < 0)
                    return turf_error_errno(err, -ENOMEM, "read %s/%s", node->path, file);
            }
        }
        return 0;
    }
    node = cg_node_for(mgr, "io");
    if (!node)
        return 0;
    _cleanup_free_ char *text = NULL;
    int r = read_opt(node->path, "io.stat", &text, err);
    if (r < 0 || !text)
        return r;
    /* "<maj>:<min> rbytes=.. wbytes=.. rios=.. wios=.. dbytes=.. dios=.." */
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        unsigned long long major, minor;
        int used = 0;
        if (sscanf(line, "%llu:%llu%n", &major, &minor, &used) == 2) {
            char *save = NULL;
            for (char *kv = strtok_r(line + used, " ", &save); kv;
                 kv = strtok_r(NULL, " ", &save)) {
                char *eq = strchr(kv, '=');
                if (!eq)
                    continue;
                *eq = '\0';
                uint64_t value = strtoull(eq + 1, NULL, 10);
                int rr = 0;
                if (strcmp(kv, "rbytes") == 0 || strcmp(kv, "wbytes") == 0)
                    rr = add_blkio(&s->blkio.service_bytes, &s->blkio.n_service_bytes, major, minor,
                                   kv[0] == 'r' ? "Read" : "Write", value);
                else if (strcmp(kv, "rios") == 0 || strcmp(kv, "wios") == 0)
                    rr = add_blkio(&s->blkio.serviced, &s->blkio.n_serviced, major, minor,
                                   kv[0] == 'r' ? "Read" : "Write", value);
                if (rr < 0)
                    return turf_error_errno(err, -ENOMEM, "read %s/io.stat", node->path);
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

static int stat_hugetlb(const struct cg_manager *mgr, struct cg_stats *s, struct turf_error **err)
{
    const struct cg_node *node = cg_node_for(mgr, "hugetlb");
    if (!node)
        return 0;
    bool v1 = node->version == 1;
    const char *suffix = v1 ? ".usage_in_bytes" : ".current";
    DIR *d = opendir(node->path);
    if (!d)
        return errno == ENOENT ? 0 : turf_error_errno(err, -errno, "list %s", node->path);
    int r = 0;
    struct dirent *de;
    while (r == 0 && (de = readdir(d))) {
        /* hugetlb.<size>.current, but not hugetlb.<size>.rsvd.current */
        const char *name = de->d_name;
        size_t len = strlen(name), slen = strlen(suffix);
        if (strncmp(name, "hugetlb.", 8) != 0 || len <= 8 + slen ||
            strcmp(name + len - slen, suffix) != 0)
            continue;
        int size_len = (int)(len - 8 - slen);
        if (memchr(name + 8, '.', (size_t)size_len) || size_len >= 16)
            continue;
        struct cg_hugetlb_stats *bigger = realloc(s->hugetlb, (s->n_hugetlb + 1) * sizeof(*bigger));
        if (!bigger) {
            r = turf_error_errno(err, -ENOMEM, "read hugetlb statistics of %s", node->path);
            break;
        }
        s->hugetlb = bigger;
        struct cg_hugetlb_stats *h = &s->hugetlb[s->n_hugetlb++];
        *h = (struct cg_hugetlb_stats){0};
        snprintf(h->page_size, sizeof(h->page_size), "%.*s", size_len, name + 8);
        char file[64];
        snprintf(file, sizeof(file), "%s", name);
        r = read_opt_u64(node->path, file, &h->usage, err);
        if (r == 0 && v1) {
            snprintf(file, sizeof(file), "hugetlb.%s.max_usage_in_bytes", h->page_size);
            r = read_opt_u64(node->path, file, &h->max_usage, err);
            snprintf(file, sizeof(file), "hugetlb.%s.failcnt", h->page_size);
            if (r == 0)
                r = read_opt_u64(node->path, file, &h->failcnt, err);
        } else if (r == 0) {
            _cleanup_free_ char *events = NULL;
            snprintf(file, sizeof(file), "hugetlb.%s.events", h->page_size);
            r = read_opt(node->path, file, &events, err);
            if (r == 0 && events)
                cg_keyed_get(events, "max", &h->failcnt);
        }
    }
    closedir(d);
    return r;
}

int cg_manager_stats(const struct cg_manager *mgr, struct cg_stats **out, struct turf_error **err)
{
    const struct cg_node *procs = cg_node_procs(mgr);
    if (procs && access(procs->path, F_OK) != 0)
        return turf_error_errno(err, -errno, "statistics of cgroup %s: %s", mgr->id, procs->path);
    __attribute__((cleanup(cg_stats_freep))) struct cg_stats *s = calloc(1, sizeof(*s));
    if (!s)
        return turf_error_errno(err, -ENOMEM, "statistics of cgroup %s", mgr->id);
    int r = stat_cpu(mgr, s, err);
    if (r == 0)
        r = stat_cpuset(mgr, s, err);
    if (r == 0)
        r = stat_memory(mgr, s, err);
    if (r == 0)
        r = stat_pids(mgr, s, err);
    if (r == 0)
        r = stat_blkio(mgr, s, err);
    if (r == 0)
        r = stat_hugetlb(mgr, s, err);
    if (r < 0)
        return turf_error_wrap(err, "statistics of cgroup %s", mgr->id);
    *out = TURF_STEAL(s);
    return 0;
}

/* ---- JSON (runc's types.Stats; zero "omitempty" fields are left out, as Go does) ---- */

/* jansson integers are signed 64-bit: "unlimited" (UINT64_MAX) is written as INT64_MAX, which
 * still decodes into an unsigned field, where -1 would not. */
static json_t *u64_json(uint64_t v)
{
    return json_integer(v > (uint64_t)INT64_MAX ? (json_int_t)INT64_MAX : (json_int_t)v);
}

static void set_u64(json_t *obj, const char *key, uint64_t v, bool omit_zero)
{
    if (v || !omit_zero)
        json_object_set_new(obj, key, u64_json(v));
}

static json_t *u64_array(const uint64_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, u64_json(v[i]));
    return a;
}

static json_t *memory_entry(const struct cg_memory_entry *e)
{
    json_t *o = json_object();
    set_u64(o, "limit", e->limit, false);
    set_u64(o, "usage", e->usage, true);
    set_u64(o, "max", e->max_usage, true);
    set_u64(o, "failcnt", e->failcnt, false);
    return o;
}

static json_t *blkio_list(const struct cg_blkio_entry *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *e = json_object();
        set_u64(e, "major", v[i].major, true);
        set_u64(e, "minor", v[i].minor, true);
        if (v[i].op[0])
            json_object_set_new(e, "op", json_string(v[i].op));
        set_u64(e, "value", v[i].value, true);
        json_array_append_new(a, e);
    }
    return a;
}

json_t *cg_stats_to_json(const struct cg_stats *s)
{
    json_t *data = json_object();
    if (!data)
        return NULL;

    json_t *usage = json_object();
    set_u64(usage, "total", s->cpu.total, true);
    if (s->cpu.n_percpu)
        json_object_set_new(usage, "percpu", u64_array(s->cpu.percpu, s->cpu.n_percpu));
    if (s->cpu.n_percpu_kernel)
        json_object_set_new(usage, "percpu_kernel",
                            u64_array(s->cpu.percpu_kernel, s->cpu.n_percpu_kernel));
    if (s->cpu.n_percpu_user)
        json_object_set_new(usage, "percpu_user",
                            u64_array(s->cpu.percpu_user, s->cpu.n_percpu_user));
    set_u64(usage, "kernel", s->cpu.kernel, false);
    set_u64(usage, "user", s->cpu.user, false);
    json_t *throttling = json_object();
    set_u64(throttling, "periods", s->cpu.periods, true);
    set_u64(throttling, "throttledPeriods", s->cpu.throttled_periods, true);
    set_u64(throttling, "throttledTime", s->cpu.throttled_time, true);
    json_t *cpu = json_object();
    json_object_set_new(cpu, "usage", usage);
    if (json_object_size(throttling))
        json_object_set_new(cpu, "throttling", throttling);
    else
        json_decref(throttling);
    json_object_set_new(data, "cpu", cpu);

    json_t *cpuset = json_object();
    if (s->cpuset.n_cpus)
        json_object_set_new(cpuset, "cpus", u64_array(s->cpuset.cpus, s->cpuset.n_cpus));
    if (s->cpuset.n_mems)
        json_object_set_new(cpuset, "mems", u64_array(s->cpuset.mems, s->cpuset.n_mems));
    /* runc always writes these (no omitempty), zeros where the kernel has no such file. */
    set_u64(cpuset, "cpu_exclusive", s->cpuset.cpu_exclusive, false);
    set_u64(cpuset, "memory_migrate", s->cpuset.memory_migrate, false);
    set_u64(cpuset, "memory_pressure", s->cpuset.memory_pressure, false);
    set_u64(cpuset, "mem_exclusive", s->cpuset.mem_exclusive, false);
    set_u64(cpuset, "mem_hardwall", s->cpuset.mem_hardwall, false);
    set_u64(cpuset, "memory_spread_page", s->cpuset.memory_spread_page, false);
    set_u64(cpuset, "memory_spread_slab", s->cpuset.memory_spread_slab, false);
    set_u64(cpuset, "sched_load_balance", s->cpuset.sched_load_balance, false);
    json_object_set_new(cpuset, "sched_relax_domain_level",
                        json_integer(s->cpuset.sched_relax_domain_level));
    json_object_set_new(data, "cpuset", cpuset);

    json_t *memory = json_object();
    set_u64(memory, "cache", s->memory.cache, true);
    json_object_set_new(memory, "usage", memory_entry(&s->memory.usage));
    json_object_set_new(memory, "swap", memory_entry(&s->memory.swap));
    json_object_set_new(memory, "kernel", memory_entry(&s->memory.kernel));
    json_object_set_new(memory, "kernelTCP", memory_entry(&s->memory.kernel_tcp));
    if (s->memory.n_raw) {
        json_t *raw = json_object();
        for (size_t i = 0; i < s->memory.n_raw; i++)
            set_u64(raw, s->memory.raw[i].key, s->memory.raw[i].value, false);
        json_object_set_new(memory, "raw", raw);
    }
    json_object_set_new(data, "memory", memory);

    json_t *pids = json_object();
    set_u64(pids, "current", s->pids.current, true);
    set_u64(pids, "limit", s->pids.limit, true);
    json_object_set_new(data, "pids", pids);

    json_t *blkio = json_object();
    if (s->blkio.n_service_bytes)
        json_object_set_new(blkio, "ioServiceBytesRecursive",
                            blkio_list(s->blkio.service_bytes, s->blkio.n_service_bytes));
    if (s->blkio.n_serviced)
        json_object_set_new(blkio, "ioServicedRecursive",
                            blkio_list(s->blkio.serviced, s->blkio.n_serviced));
    json_object_set_new(data, "blkio", blkio);

    json_t *hugetlb = json_object();
    for (size_t i = 0; i < s->n_hugetlb; i++) {
        json_t *h = json_object();
        set_u64(h, "usage", s->hugetlb[i].usage, true);
        set_u64(h, "max", s->hugetlb[i].max_usage, true);
        set_u64(h, "failcnt", s->hugetlb[i].failcnt, false);
        json_object_set_new(hugetlb, s->hugetlb[i].page_size, h);
    }
    json_object_set_new(data, "hugetlb", hugetlb);
    json_object_set_new(data, "intel_rdt", json_object());
    json_object_set_new(data, "network_interfaces", json_null());
    return data;
}
