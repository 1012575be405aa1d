/* turf create: create a container whose init waits for `turf start` (runc's flags). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "../base/cleanup.h"
#include "../base/fileio.h"
#include "../container/container.h"
#include "annotations.h"
#include "cli.h"

const struct option turf_create_options[] = {
    {"bundle", required_argument, NULL, 'b'},
    {"pid-file", required_argument, NULL, 'p'},
    {"console-socket", required_argument, NULL, 'c'},
    {"no-pivot", no_argument, NULL, 'P'},
    {"no-new-keyring", no_argument, NULL, 'K'},
    {"preserve-fds", required_argument, NULL, 'f'},
    {"help", no_argument, NULL, 'h'},
    {0},
};

/* create and run: a warm sandbox made by turfd from a seed. */
const struct option turf_warm_options[2] = {
    {"seed", required_argument, NULL, 'S'},
    {"listen", required_argument, NULL, 'L'},
};

/* Shared by create and run: fills o from one option; false when c is not one of them. */
bool turf_create_option(int c, const char *arg, struct turf_create_options *o)
{
    switch (c) {
    case 'b':
        o->bundle = arg;
        return true;
    case 'p':
        o->pid_file = arg;
        return true;
    case 'c':
        o->console_socket = arg;
        return true;
    case 'P':
        o->no_pivot = true;
        return true;
    case 'K':
        o->no_new_keyring = true;
        return true;
    case 'f':
        o->preserve_fds = atoi(arg);
        return true;
    }
    return false;
}

const char turf_create_options_help[] =
    "  -b, --bundle DIR          bundle directory (default: the current directory)\n"
    "      --pid-file FILE       write the init's pid to FILE\n"
    "      --console-socket SOCK receive the terminal's master end there (not supported yet)\n"
    "      --no-pivot            use MS_MOVE and chroot instead of pivot_root\n"
    "      --no-new-keyring      keep the caller's session keyring\n"
    "      --preserve-fds N      pass N more file descriptors after stdio\n";

/* turf create|run --seed: turfd forks the seed; the bundle (default: the seed's) is the
 * sandbox's config. op: "create", or "run" (started at once). */
int turf_create_warm(const struct turf_globals *g, const struct turf_create_options *o,
                     const char *seed, const char *listen, const char *op, struct turf_error **err)
{
    if (o->console_socket || o->no_pivot || o->preserve_fds)
        return turf_usage_error(op, "--seed cannot be combined with --console-socket, "
                                    "--no-pivot or --preserve-fds");
    _cleanup_free_ char *bundle = o->bundle ? realpath(o->bundle, NULL) : NULL;
    if (o->bundle && !bundle) {
        turf_error_errno(err, -errno, "bundle %s", o->bundle);
        return TURF_EXIT_FAILURE;
    }
    json_t *req = json_pack("{s:s, s:s, s:s}", "op", op, "id", o->id, "seed", seed);
    if (bundle)
        json_object_set_new(req, "bundle", json_string(bundle));
    if (listen)
        json_object_set_new(req, "listen", json_string(listen));
    json_t *reply; /* turfd's default socket when none is given */
    if (turf_daemon_call(g, req, &reply, err) < 0)
        return TURF_EXIT_FAILURE;
    json_int_t pid = json_integer_value(json_object_get(reply, "pid"));
    json_decref(reply);
    if (o->pid_file) {
        char buf[32];
        int n = snprintf(buf, sizeof(buf), "%lld", (long long)pid);
        if (turf_write_file_atomic(o->pid_file, buf, (size_t)n, 0644, err) < 0)
            return TURF_EXIT_FAILURE;
    }
    return TURF_EXIT_OK;
}

int turf_cmd_create(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    struct turf_create_options o = {.root = g->root, .systemd_cgroup = g->systemd_cgroup};
    struct option options[sizeof(turf_create_options) / sizeof(turf_create_options[0]) + 2];
    size_t n = 0;
    for (const struct option *p = turf_warm_options; n < 2; p++)
        options[n++] = *p;
    for (const struct option *p = turf_create_options;; p++) {
        options[n++] = *p;
        if (!p->name)
            break;
    }
    const char *seed = NULL, *listen = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "b:h", options, NULL)) != -1) {
        if (turf_create_option(c, optarg, &o))
            continue;
        if (c == 'S') {
            seed = optarg;
            continue;
        }
        if (c == 'L') {
            listen = optarg;
            continue;
        }
        if (c == 'h') {
            printf("Usage: turf create [OPTIONS] ID\n\nCreate a container; its process waits "
                   "for 'turf start ID'.\n\n%s"
                   "      --seed NAME           ask turfd to make a warm sandbox from seed NAME\n"
                   "                            (the bundle defaults to the seed's)\n"
                   "      --listen ADDR         with --seed: HOST:PORT or unix:PATH that turfd\n"
                   "                            binds and hands to the sandbox\n",
                   turf_create_options_help);
            return TURF_EXIT_OK;
        }
        return turf_usage_error("create", "unknown option \"%s\"", argv[optind - 1]);
    }
    if (optind != argc - 1)
        return turf_usage_error("create", "expected exactly one container id");
    o.id = argv[optind];
    if (listen && !seed)
        return turf_usage_error("create", "--listen needs --seed");
    if (seed)
        return turf_create_warm(g, &o, seed, listen, "create", err);
    if (g->debug)
        turf_note_ignored_annotations(o.bundle);
    pid_t pid;
    return turf_container_create(&o, &pid, err) < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}
