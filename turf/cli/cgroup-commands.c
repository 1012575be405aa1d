/* turf pause, resume, update and events: the commands that act on a container's cgroup, with
 * runc's flags and output. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cgroups/cgroups.h"
#include "../base/cleanup.h"
#include "../base/fileio.h"
#include "../container/container.h"
#include "cli.h"

static int one_id(const char *name, const char *usage, int argc, char **argv, const char **id)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("%s", usage);
        return -1;
    }
    if (argc != 2 || argv[1][0] == '-')
        return turf_usage_error(name, "expected exactly one container id");
    *id = argv[1];
    return 0;
}

int turf_cmd_pause(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    const char *id = NULL;
    int r = one_id("pause", "Usage: turf pause ID\n\nFreeze every process of a container.\n", argc,
                   argv, &id);
    if (r)
        return r < 0 ? TURF_EXIT_OK : r;
    return turf_backend_pause(g, id, err) < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}

int turf_cmd_resume(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    const char *id = NULL;
    int r =
        one_id("resume", "Usage: turf resume ID\n\nThaw a paused container.\n", argc, argv, &id);
    if (r)
        return r < 0 ? TURF_EXIT_OK : r;
    return turf_backend_resume(g, id, err) < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}

/* "512", "64k", "100m", "1g" (runc's units are powers of 1024). */
static int parse_size(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || errno)
        return -EINVAL;
    long long unit = 1;
    switch (*end) {
    case 'k':
    case 'K':
        unit = 1LL << 10;
        break;
    case 'm':
    case 'M':
        unit = 1LL << 20;
        break;
    case 'g':
    case 'G':
        unit = 1LL << 30;
        break;
    case '\0':
        break;
    default:
        return -EINVAL;
    }
    if (*end && end[1] && !((end[1] == 'b' || end[1] == 'B') && !end[2]))
        return -EINVAL;
    *out = v * unit;
    return 0;
}

int turf_cmd_update(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    enum {
        O_RESOURCES = 'r',
        O_MEMORY = 256,
        O_MEMRES,
        O_MEMSWAP,
        O_CPUSHARE,
        O_CPUQUOTA,
        O_CPUPERIOD,
        O_CPUS,
        O_MEMS,
        O_PIDS,
        O_BLKIO,
        O_RTPERIOD,
        O_RTRUNTIME
    };
    static const struct option options[] = {
        {"resources", required_argument, NULL, O_RESOURCES},
        {"memory", required_argument, NULL, O_MEMORY},
        {"memory-reservation", required_argument, NULL, O_MEMRES},
        {"memory-swap", required_argument, NULL, O_MEMSWAP},
        {"cpu-share", required_argument, NULL, O_CPUSHARE},
        {"cpu-quota", required_argument, NULL, O_CPUQUOTA},
        {"cpu-period", required_argument, NULL, O_CPUPERIOD},
        {"cpu-rt-period", required_argument, NULL, O_RTPERIOD},
        {"cpu-rt-runtime", required_argument, NULL, O_RTRUNTIME},
        {"cpuset-cpus", required_argument, NULL, O_CPUS},
        {"cpuset-mems", required_argument, NULL, O_MEMS},
        {"pids-limit", required_argument, NULL, O_PIDS},
        {"blkio-weight", required_argument, NULL, O_BLKIO},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *resources_file = NULL;
    struct oci_memory memory = {0};
    struct oci_cpu cpu = {0};
    struct oci_pids pids = {0};
    struct oci_block_io blkio = {0};
    int64_t v = 0;
    int c;
    while ((c = getopt_long(argc, argv, "r:h", options, NULL)) != -1) {
        if (c == 'h') {
            printf("Usage: turf update [OPTIONS] ID\n\nChange the resource limits of a "
                   "container.\n\n"
                   "  -r, --resources FILE|-   a linux.resources JSON object\n"
                   "  --memory SIZE, --memory-reservation SIZE, --memory-swap SIZE\n"
                   "  --cpu-share N, --cpu-quota N, --cpu-period N, --cpu-rt-period N,\n"
                   "  --cpu-rt-runtime N, --cpuset-cpus LIST, --cpuset-mems LIST\n"
                   "  --pids-limit N, --blkio-weight N\n");
            return TURF_EXIT_OK;
        }
        if (c == O_RESOURCES) {
            resources_file = optarg;
            continue;
        }
        if (c == '?' || c == ':')
            return turf_usage_error("update", "unknown option \"%s\"", argv[optind - 1]);
        if (c != O_CPUS && c != O_MEMS && parse_size(optarg, &v) < 0)
            return turf_usage_error("update", "%s: \"%s\" is not a number", argv[optind - 2],
                                    optarg);
        switch (c) {
        case O_MEMORY:
            memory.limit = (struct oci_i64){true, v};
            break;
        case O_MEMRES:
            memory.reservation = (struct oci_i64){true, v};
            break;
        case O_MEMSWAP:
            memory.swap = (struct oci_i64){true, v};
            break;
        case O_CPUSHARE:
            cpu.shares = (struct oci_u64){true, (uint64_t)v};
            break;
        case O_CPUQUOTA:
            cpu.quota = (struct oci_i64){true, v};
            break;
        case O_CPUPERIOD:
            cpu.period = (struct oci_u64){true, (uint64_t)v};
            break;
        case O_RTPERIOD:
            cpu.realtime_period = (struct oci_u64){true, (uint64_t)v};
            break;
        case O_RTRUNTIME:
            cpu.realtime_runtime = (struct oci_i64){true, v};
            break;
        case O_CPUS:
            cpu.cpus = optarg;
            break;
        case O_MEMS:
            cpu.mems = optarg;
            break;
        case O_PIDS:
            pids.limit = (struct oci_i64){true, v};
            break;
        case O_BLKIO:
            blkio.weight = (struct oci_u32){true, (uint32_t)v};
            break;
        }
    }
    if (optind != argc - 1)
        return turf_usage_error("update", "expected exactly one container id");
    const char *id = argv[optind];

    struct oci_resources flags = {0}, *parsed = NULL;
    if (resources_file) {
        _cleanup_free_ char *text = NULL;
        size_t len;
        const char *path = strcmp(resources_file, "-") == 0 ? "/dev/stdin" : resources_file;
        if (turf_read_file(path, OCI_CONFIG_MAX_SIZE, &text, &len, err) < 0 ||
            oci_resources_parse_string(text, len, resources_file, &parsed, err) < 0)
            return TURF_EXIT_FAILURE;
    } else {
        flags.memory = &memory;
        flags.cpu = &cpu;
        flags.pids = pids.limit.set ? &pids : NULL;
        flags.block_io = &blkio;
    }
    int r = turf_container_update(g->root, id, parsed ? parsed : &flags, err);
    oci_resources_free(parsed);
    return r < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}

static int print_stats(const struct cg_manager *cg, const char *id, struct turf_error **err)
{
    _cleanup_cg_stats_ struct cg_stats *stats = NULL;
    if (cg_manager_stats(cg, &stats, err) < 0)
        return -1;
    json_t *ev =
        json_pack("{s:s, s:s, s:o}", "type", "stats", "id", id, "data", cg_stats_to_json(stats));
    if (!ev)
        return -1;
    json_dumpf(ev, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    putchar('\n');
    fflush(stdout);
    json_decref(ev);
    return 0;
}

/* Through turfd: one set of statistics, printed as events --stats prints them. */
static int daemon_stats(const struct turf_globals *g, const char *id, struct turf_error **err)
{
    json_t *reply;
    if (turf_daemon_call(g, json_pack("{s:s, s:s}", "op", "stats", "id", id), &reply, err) < 0)
        return TURF_EXIT_FAILURE;
    json_t *ev = json_pack("{s:s, s:s, s:O}", "type", "stats", "id", id, "data",
                           json_object_get(reply, "data"));
    json_decref(reply);
    if (!ev)
        return TURF_EXIT_FAILURE;
    json_dumpf(ev, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(ev);
    return TURF_EXIT_OK;
}

/* Through turfd: its event lines for this sandbox (exit, oom), until it has exited. */
static int daemon_events(const struct turf_globals *g, const char *id, struct turf_error **err)
{
    _cleanup_close_ int fd = turf_daemon_connect(g, err);
    if (fd < 0 || turf_daemon_send(fd, json_pack("{s:s, s:s}", "op", "events", "id", id), err) < 0)
        return TURF_EXIT_FAILURE;
    FILE *in = fdopen(TURF_STEAL_FD(fd), "r");
    if (!in)
        return TURF_EXIT_FAILURE;
    json_t *line = NULL;
    int status = TURF_EXIT_FAILURE;
    if (turf_daemon_read_line(in, &line, err) == 0 && json_is_true(json_object_get(line, "ok"))) {
        /* Subscribed; a sandbox that has already stopped has nothing more to say. */
        status = TURF_EXIT_OK;
        while (!turf_backend_stopped(g, id)) {
            json_decref(line);
            line = NULL;
            if (turf_daemon_read_line(in, &line, err) < 0) {
                status = TURF_EXIT_FAILURE;
                break;
            }
            json_t *ev = json_object_get(line, "event");
            json_dumpf(ev, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
            putchar('\n');
            fflush(stdout);
            const char *type = json_string_value(json_object_get(ev, "type"));
            if (type && strcmp(type, "exit") == 0)
                break;
        }
    }
    json_decref(line);
    fclose(in);
    return status;
}

int turf_cmd_events(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    static const struct option options[] = {{"stats", no_argument, NULL, 's'},
                                            {"interval", required_argument, NULL, 'i'},
                                            {"help", no_argument, NULL, 'h'},
                                            {0}};
    bool stats_once = false;
    double interval = 5;
    int c;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == 's')
            stats_once = true;
        else if (c == 'i') {
            char *end;
            interval = strtod(optarg, &end);
            if (*end == 'm' && end[1] == 's')
                interval /= 1000, end += 2;
            else if (*end == 's')
                end++;
            if (*end || interval <= 0)
                return turf_usage_error("events",
                                        "--interval: expected a duration like 5s or "
                                        "500ms, got \"%s\"",
                                        optarg);
        } else if (c == 'h') {
            printf("Usage: turf events [--stats] [--interval DURATION] ID\n\n"
                   "Print the container's statistics (and OOM events) as JSON lines;\n"
                   "--stats prints one set of statistics and exits.\n");
            return TURF_EXIT_OK;
        } else
            return turf_usage_error("events", "unknown option \"%s\"", argv[optind - 1]);
    }
    if (optind != argc - 1)
        return turf_usage_error("events", "expected exactly one container id");
    const char *id = argv[optind];
    if (turf_daemon_enabled(g))
        return stats_once ? daemon_stats(g, id, err) : daemon_events(g, id, err);

    _cleanup_cg_manager_ struct cg_manager *cg = NULL;
    if (turf_container_cgroup(g->root, id, &cg, err) < 0)
        return TURF_EXIT_FAILURE;
    if (stats_once)
        return print_stats(cg, id, err) < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;

    _cleanup_close_ int oom = cg_manager_oom_fd(cg, err);
    if (oom < 0)
        return TURF_EXIT_FAILURE;
    while (!turf_container_stopped(g->root, id)) {
        if (print_stats(cg, id, err) < 0)
            return TURF_EXIT_FAILURE;
        struct pollfd p = {.fd = oom, .events = POLLIN};
        if (poll(&p, 1, (int)(interval * 1000)) > 0) {
            cg_oom_fd_drain(oom);
            printf("{\"type\":\"oom\",\"id\":\"%s\"}\n", id);
            fflush(stdout);
        }
    }
    return TURF_EXIT_OK;
}
