/* turf seed create|list|delete: turfd's seeds, through its socket (--daemon-socket,
 * TURF_DAEMON_SOCKET, or the default one). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/cleanup.h"
#include "cli.h"

static const char usage[] =
    "Usage: turf seed create [--bundle DIR] [--pool N] NAME\n"
    "       turf seed list [--format table|json]\n"
    "       turf seed delete NAME\n\n"
    "Seeds are runtimes that turfd keeps started, with their code loaded, to fork warm\n"
    "sandboxes from (turf create --seed NAME ID). A seed is made from a bundle whose\n"
    "process links the seed library (e.g. turf-worker --seed SCRIPT.js).\n\n"
    "Options:\n"
    "  -b, --bundle DIR   the seed's bundle (default: the current directory)\n"
    "      --pool N       keep N children forked and parked, so that a create is only a\n"
    "                     release (default: the run.turf.pool annotation, else 0)\n"
    "  -f, --format FMT   list as a table (default) or as JSON\n";

/* Seeds live in turfd only: its default socket when none is given. */
static int call(const struct turf_globals *g, json_t *req, json_t **reply, struct turf_error **err)
{
    return turf_daemon_call(g, req, reply, err);
}

static int seed_create(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    static const struct option options[] = {{"bundle", required_argument, NULL, 'b'},
                                            {"pool", required_argument, NULL, 'p'},
                                            {"help", no_argument, NULL, 'h'},
                                            {0}};
    const char *bundle = ".";
    long pool = -1;
    int c;
    while ((c = getopt_long(argc, argv, "b:h", options, NULL)) != -1) {
        if (c == 'b') {
            bundle = optarg;
        } else if (c == 'p') {
            char *end;
            pool = strtol(optarg, &end, 10);
            if (*end || pool < 0 || pool > 1024)
                return turf_usage_error(
                    "seed create", "--pool: expected a number from 0 to 1024, got \"%s\"", optarg);
        } else if (c == 'h') {
            fputs(usage, stdout);
            return TURF_EXIT_OK;
        } else {
            return turf_usage_error("seed create", "unknown option \"%s\"", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return turf_usage_error("seed create", "expected exactly one seed name");
    _cleanup_free_ char *abs = realpath(bundle, NULL);
    if (!abs) {
        turf_error_errno(err, -errno, "bundle %s", bundle);
        return TURF_EXIT_FAILURE;
    }
    json_t *req =
        json_pack("{s:s, s:s, s:s}", "op", "seed-create", "name", argv[optind], "bundle", abs);
    if (pool >= 0)
        json_object_set_new(req, "pool", json_integer(pool));
    json_t *reply;
    if (call(g, req, &reply, err) < 0)
        return TURF_EXIT_FAILURE;
    json_decref(reply);
    return TURF_EXIT_OK;
}

static int seed_list(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {0}};
    const char *format = "table";
    int c;
    while ((c = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
        if (c == 'f') {
            format = optarg;
        } else if (c == 'h') {
            fputs(usage, stdout);
            return TURF_EXIT_OK;
        } else {
            return turf_usage_error("seed list", "unknown option \"%s\"", argv[optind - 1]);
        }
    }
    if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
        return turf_usage_error("seed list", "--format: expected table or json, got \"%s\"",
                                format);
    if (optind != argc)
        return turf_usage_error("seed list", "unexpected argument \"%s\"", argv[optind]);
    json_t *reply;
    if (call(g, json_pack("{s:s}", "op", "seed-list"), &reply, err) < 0)
        return TURF_EXIT_FAILURE;
    json_t *seeds = json_object_get(reply, "seeds");
    if (strcmp(format, "json") == 0) {
        json_dumpf(seeds, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
        putchar('\n');
    } else {
        printf("%-16s %-8s %-11s %-7s %-8s %s\n", "NAME", "PID", "STATUS", "POOL", "RESTARTS",
               "BUNDLE");
        size_t i;
        json_t *s;
        json_array_foreach(seeds, i, s)
        {
            char pool[32];
            snprintf(pool, sizeof(pool), "%lld/%lld",
                     (long long)json_integer_value(json_object_get(s, "pooled")),
                     (long long)json_integer_value(json_object_get(s, "pool")));
            printf("%-16s %-8lld %-11s %-7s %-8lld %s\n",
                   json_string_value(json_object_get(s, "name")),
                   (long long)json_integer_value(json_object_get(s, "pid")),
                   json_string_value(json_object_get(s, "status")), pool,
                   (long long)json_integer_value(json_object_get(s, "restarts")),
                   json_string_value(json_object_get(s, "bundle")));
        }
    }
    json_decref(reply);
    return TURF_EXIT_OK;
}

static int seed_delete(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return TURF_EXIT_OK;
    }
    if (argc != 2)
        return turf_usage_error("seed delete", "expected exactly one seed name");
    json_t *reply;
    if (call(g, json_pack("{s:s, s:s}", "op", "seed-delete", "name", argv[1]), &reply, err) < 0)
        return TURF_EXIT_FAILURE;
    json_decref(reply);
    return TURF_EXIT_OK;
}

int turf_cmd_seed(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    if (argc < 2)
        return turf_usage_error("seed", "expected create, list or delete");
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        fputs(usage, stdout);
        return TURF_EXIT_OK;
    }
    optind = 0;
    if (strcmp(sub, "create") == 0)
        return seed_create(g, argc - 1, argv + 1, err);
    if (strcmp(sub, "list") == 0)
        return seed_list(g, argc - 1, argv + 1, err);
    if (strcmp(sub, "delete") == 0)
        return seed_delete(g, argc - 1, argv + 1, err);
    return turf_usage_error("seed", "unknown subcommand \"%s\" (expected create, list or delete)",
                            sub);
}
