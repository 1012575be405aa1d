/* turf run: create and start a container; in the foreground, forward signals to it, wait,
 * delete it (unless --keep) and exit with its status, as runc run does. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "../../oci/config.h"
#include "../base/cleanup.h"

#include "../container/container.h"
#include "cli.h"

extern const struct option turf_create_options[];
extern const char turf_create_options_help[];
bool turf_create_option(int c, const char *arg, struct turf_create_options *o);

int turf_cmd_run(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    struct option options[16];
    size_t n = 0;
    for (; turf_create_options[n].name; n++)
        options[n] = turf_create_options[n];
    options[n++] = (struct option){"detach", no_argument, NULL, 'd'};
    options[n++] = (struct option){"keep", no_argument, NULL, 'k'};
    options[n] = (struct option){0};

    struct turf_create_options o = {.root = g->root, .systemd_cgroup = g->systemd_cgroup};
    bool detach = false, keep = false;
    int c;
    while ((c = getopt_long(argc, argv, "b:dh", options, NULL)) != -1) {
        if (turf_create_option(c, optarg, &o))
            continue;
        if (c == 'd')
            detach = true;
        else if (c == 'k')
            keep = true;
        else if (c == 'h') {
            printf("Usage: turf run [OPTIONS] ID\n\nCreate and start a container, wait for it "
                   "and exit with its status.\n\n%s"
                   "  -d, --detach              return once the container has started\n"
                   "      --keep                do not delete the container after it exits\n",
                   turf_create_options_help);
            return TURF_EXIT_OK;
        } else
            return turf_usage_error("run", "unknown option \"%s\"", argv[optind - 1]);
    }
    if (optind != argc - 1)
        return turf_usage_error("run", "expected exactly one container id");
    o.id = argv[optind];

    /* In the foreground, a terminal with nowhere to go comes to us: runc does the same. */
    _cleanup_oci_config_ struct oci_config *config = NULL;
    int sv[2] = {-1, -1};
    if (!detach && !o.console_socket &&
        oci_config_load_bundle(o.bundle ? o.bundle : ".", &config, err) == 0 && config->process &&
        config->process->terminal.value) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
            turf_error_errno(err, -errno, "socketpair");
            return TURF_EXIT_FAILURE;
        }
        o.console_fd = sv[1];
    }
    turf_error_free(err); /* create reports config problems itself */

    pid_t pid;
    int r = turf_container_create(&o, &pid, err);
    if (sv[1] >= 0)
        close(sv[1]);
    _cleanup_close_ int master = r == 0 && sv[0] >= 0 ? turf_receive_terminal(sv[0]) : -1;
    if (sv[0] >= 0)
        close(sv[0]);
    if (r < 0)
        return TURF_EXIT_FAILURE;
    if (turf_container_start(g->root, o.id, err) < 0) {
        struct turf_error *ignored = NULL;
        turf_container_delete(g->root, o.id, true, &ignored);
        turf_error_free(&ignored);
        return TURF_EXIT_FAILURE;
    }
    if (detach)
        return TURF_EXIT_OK;
    int status = master >= 0 ? turf_proxy_terminal(pid, master) : turf_wait_forwarding_signals(pid);
    if (!keep && turf_container_delete(g->root, o.id, true, err) < 0)
        return TURF_EXIT_FAILURE;
    return status;
}
