/* turf exec: run a process in a container, with runc's flags. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../container/exec.h"
#include "cli.h"

int turf_cmd_exec(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    static const struct option options[] = {
        {"process", required_argument, NULL, 'p'},
        {"detach", no_argument, NULL, 'd'},
        {"pid-file", required_argument, NULL, 'P'},
        {"console-socket", required_argument, NULL, 'c'},
        {"tty", no_argument, NULL, 't'},
        {"cwd", required_argument, NULL, 'w'},
        {"env", required_argument, NULL, 'e'},
        {"user", required_argument, NULL, 'u'},
        {"no-new-privs", no_argument, NULL, 'N'},
        {"preserve-fds", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct turf_exec_options o = {.root = g->root};
    char *env[argc + 1];
    size_t n_env = 0;
    int c;
    /* "+": options end at the container id; what follows is the command. */
    while ((c = getopt_long(argc, argv, "+p:dte:u:w:h", options, NULL)) != -1) {
        switch (c) {
        case 'p':
            o.process_file = optarg;
            break;
        case 'd':
            o.detach = true;
            break;
        case 'P':
            o.pid_file = optarg;
            break;
        case 'c':
            o.console_socket = optarg;
            break;
        case 't':
            o.tty = true;
            break;
        case 'w':
            o.cwd = optarg;
            break;
        case 'e':
            env[n_env++] = optarg;
            break;
        case 'u':
            o.user = optarg;
            break;
        case 'N':
            o.no_new_privs = true;
            break;
        case 'f':
            o.preserve_fds = atoi(optarg);
            break;
        case 'h':
            printf("Usage: turf exec [OPTIONS] ID [COMMAND [ARG...]]\n\n"
                   "Run a process in a created or running container.\n\n"
                   "  -p, --process FILE        the process as an OCI process JSON object\n"
                   "  -d, --detach              return once the process has started\n"
                   "      --pid-file FILE       write its pid to FILE\n"
                   "      --console-socket SOCK send its terminal's master end there\n"
                   "  -t, --tty                 give it a terminal (needs --console-socket)\n"
                   "      --cwd DIR             working directory\n"
                   "  -e, --env NAME=VALUE      set an environment variable (repeatable)\n"
                   "  -u, --user UID[:GID]      run as this user\n"
                   "      --no-new-privs        set no_new_privs\n"
                   "      --preserve-fds N      pass N more descriptors after stdio\n");
            return TURF_EXIT_OK;
        default:
            return turf_usage_error("exec", "unknown option \"%s\"", argv[optind - 1]);
        }
    }
    env[n_env] = NULL;
    if (optind >= argc)
        return turf_usage_error("exec", "expected a container id");
    o.id = argv[optind];
    o.args = argv + optind + 1;
    o.env = env;
    if (!o.process_file && !o.args[0])
        return turf_usage_error("exec", "expected a command (or --process FILE)");
    int status;
    /* runc exits 255 when the exec itself fails, to tell it from the process's own status. */
    if (turf_container_exec(&o, &status, err) < 0)
        return 255;
    return status;
}
