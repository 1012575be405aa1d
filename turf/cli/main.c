/* turf: the OCI runtime command line. Parses the global options runc takes, then hands the
 * rest of argv to the command's own file. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/log.h"
#include "cli.h"

struct command {
    const char *name;
    turf_command_fn fn; /* NULL: not implemented yet */
    const char *summary;
};

static const struct command commands[] = {
    {"create", turf_cmd_create,
     "create a container from a bundle, stopped before the user process"},
    {"start", turf_cmd_start, "run the user process of a created container"},
    {"run", turf_cmd_run, "create and start a container"},
    {"state", turf_cmd_state, "print the state of a container as runtime-spec state JSON"},
    {"kill", turf_cmd_kill, "send a signal to a container's init (or all) processes"},
    {"delete", turf_cmd_delete, "delete a stopped container and everything it held"},
    {"list", turf_cmd_list, "list the containers under --root"},
    {"ps", turf_cmd_ps, "list the processes of a container"},
    {"exec", turf_cmd_exec, "run another process in a running container"},
    {"pause", turf_cmd_pause, "freeze every process of a container"},
    {"resume", turf_cmd_resume, "thaw a paused container"},
    {"update", turf_cmd_update, "change the resource limits of a running container"},
    {"events", turf_cmd_events, "print a container's statistics and OOM events as JSON"},
    {"features", turf_cmd_features, "print what this runtime supports as JSON"},
    {"spec", turf_cmd_spec, "write a default config.json"},
    {"validate", turf_cmd_validate, "check a bundle's config.json as create will"},
    {"seed", turf_cmd_seed, "create, list or delete turfd's seeds (through turfd)"},
};

static void print_help(FILE *f)
{
    fprintf(f, "Usage: turf [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n\n"
               "A runc-compatible OCI container runtime, and the client of turfd.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-10s %s%s\n", commands[i].name, commands[i].summary,
                commands[i].fn ? "" : " (not implemented yet)");
    fprintf(f, "\nGlobal options:\n"
               "  --root DIR          state directory (default /run/turf)\n"
               "  --log FILE          write log lines to FILE instead of stderr\n"
               "  --log-format FMT    text (default) or json\n"
               "  --debug             log debug detail\n"
               "  --systemd-cgroup    manage cgroups through systemd (needs systemd)\n"
               "  --daemon-socket PATH  send create --seed, start, state, kill, delete, list,\n"
               "                      ps, pause, resume and events to turfd at PATH (also\n"
               "                      TURF_DAEMON_SOCKET; seed and create --seed default to\n"
               "                      " TURF_DEFAULT_DAEMON_SOCKET ")\n"
               "  -h, --help          show this help\n"
               "  -v, --version       show the version\n\n"
               "Run 'turf COMMAND --help' for a command's options. See turf(8).\n");
}

int turf_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, command ? "turf %s: " : "turf: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nRun 'turf%s%s --help' for usage.\n", command ? " " : "",
            command ? command : "");
    return TURF_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    struct turf_globals g = {.root = "/run/turf"};
    const char *daemon_env = getenv("TURF_DAEMON_SOCKET");
    if (daemon_env && *daemon_env)
        g.daemon_socket = daemon_env;
    enum { OPT_ROOT = 256, OPT_LOG, OPT_LOG_FORMAT, OPT_DEBUG, OPT_SYSTEMD_CGROUP, OPT_DAEMON };
    static const struct option options[] = {
        {"root", required_argument, NULL, OPT_ROOT},
        {"log", required_argument, NULL, OPT_LOG},
        {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
        {"debug", no_argument, NULL, OPT_DEBUG},
        {"systemd-cgroup", no_argument, NULL, OPT_SYSTEMD_CGROUP},
        {"daemon-socket", required_argument, NULL, OPT_DAEMON},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},
        {0},
    };

    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+hv", options, NULL)) != -1) {
        switch (c) {
        case OPT_ROOT:
            g.root = optarg;
            break;
        case OPT_LOG:
            g.log_path = optarg;
            break;
        case OPT_LOG_FORMAT:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return turf_usage_error(NULL, "--log-format: expected text or json, got \"%s\"",
                                        optarg);
            g.log_json = strcmp(optarg, "json") == 0;
            break;
        case OPT_DEBUG:
            g.debug = true;
            break;
        case OPT_SYSTEMD_CGROUP:
            g.systemd_cgroup = true;
            break;
        case OPT_DAEMON:
            g.daemon_socket = optarg;
            break;
        case 'h':
            print_help(stdout);
            return TURF_EXIT_OK;
        case 'v':
            printf("turf version %s\nspec: 1.2.0\n", TURF_VERSION);
            return TURF_EXIT_OK;
        default:
            return turf_usage_error(NULL, "unknown global option \"%s\"", argv[optind - 1]);
        }
    }
    if (turf_log_setup("turf", g.log_path, g.log_json, g.debug) < 0) {
        fprintf(stderr, "turf: cannot open log file %s\n", g.log_path);
        return TURF_EXIT_FAILURE;
    }
    if (optind >= argc) {
        print_help(stderr);
        return TURF_EXIT_USAGE;
    }

    const char *name = argv[optind];
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(commands[i].name, name) != 0)
            continue;
        if (!commands[i].fn) {
            turf_log_error("%s: not implemented yet", name);
            if (g.log_path)
                fprintf(stderr, "turf: %s: not implemented yet\n", name);
            return TURF_EXIT_FAILURE;
        }
        _cleanup_error_ struct turf_error *err = NULL;
        int cmd_argc = argc - optind;
        char **cmd_argv = argv + optind;
        optind = 0; /* the command's getopt starts afresh on its own argv */
        int status = commands[i].fn(&g, cmd_argc, cmd_argv, &err);
        if (err) {
            /* Like runc: the error goes to the log (which containerd shows users) and, when
             * the log is a file, to stderr as well. */
            turf_log_error("%s", err->msg);
            if (g.log_path)
                fprintf(stderr, "turf: %s\n", err->msg);
        }
        return status;
    }
    return turf_usage_error(NULL, "unknown command \"%s\"", name);
}
