/* turf create: create a container whose init waits for `turf start` (runc's flags). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

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

int turf_cmd_create(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    struct turf_create_options o = {.root = g->root, .systemd_cgroup = g->systemd_cgroup};
    int c;
    while ((c = getopt_long(argc, argv, "b:h", turf_create_options, NULL)) != -1) {
        if (turf_create_option(c, optarg, &o))
            continue;
        if (c == 'h') {
            printf("Usage: turf create [OPTIONS] ID\n\nCreate a container; its process waits "
                   "for 'turf start ID'.\n\n%s",
                   turf_create_options_help);
            return TURF_EXIT_OK;
        }
        return turf_usage_error("create", "unknown option \"%s\"", argv[optind - 1]);
    }
    if (optind != argc - 1)
        return turf_usage_error("create", "expected exactly one container id");
    o.id = argv[optind];
    if (g->debug)
        turf_note_ignored_annotations(o.bundle);
    pid_t pid;
    return turf_container_create(&o, &pid, err) < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}
