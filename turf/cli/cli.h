/* The turf command line: global options and one entry point per command (one file each). */
#ifndef TURF_CLI_H
#define TURF_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "../base/error.h"

#define TURF_VERSION "0.1.0"

/* Exit statuses, as runc's: 1 for a failed operation, 2 for a usage error. */
enum { TURF_EXIT_OK = 0, TURF_EXIT_FAILURE = 1, TURF_EXIT_USAGE = 2 };

struct turf_globals {
    const char *root; /* --root, default /run/turf */
    const char *log_path;
    bool log_json;
    bool debug;
    bool systemd_cgroup;
    /* --daemon-socket or TURF_DAEMON_SOCKET: the lifecycle commands go to turfd there. */
    const char *daemon_socket;
};

#define TURF_DEFAULT_DAEMON_SOCKET "/run/turf/turfd.sock"

/* A command gets its own argv (argv[0] is the command name) and returns an exit status.
 * On failure it fills *err and returns TURF_EXIT_FAILURE; main prints the error once. */
typedef int (*turf_command_fn)(const struct turf_globals *g, int argc, char **argv,
                               struct turf_error **err);

int turf_cmd_create(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_start(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_run(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_state(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_kill(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_delete(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_exec(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_ps(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_features(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_pause(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_resume(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_update(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_events(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_list(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_spec(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);
int turf_cmd_validate(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);

/* The foreground terminal of run: receive the pty master from a socket, then proxy our
 * stdio to it until pid exits; returns its exit status. */
int turf_receive_terminal(int sock);
int turf_proxy_terminal(pid_t pid, int master);

int turf_cmd_seed(const struct turf_globals *g, int argc, char **argv, struct turf_error **err);

/* turfd as the backend (daemon-client.c): each turf_backend_* goes to turfd when a daemon
 * socket is set, else to the store under --root. */
bool turf_daemon_enabled(const struct turf_globals *g);
int turf_daemon_connect(const struct turf_globals *g, struct turf_error **err);
int turf_daemon_send(int fd, json_t *req, struct turf_error **err);
int turf_daemon_read_line(FILE *in, json_t **out, struct turf_error **err);
/* One request (taken) and its reply; a failed one ({"ok":false}) becomes *err. */
int turf_daemon_call(const struct turf_globals *g, json_t *req, json_t **reply,
                     struct turf_error **err);
int turf_backend_start(const struct turf_globals *g, const char *id, struct turf_error **err);
int turf_backend_pause(const struct turf_globals *g, const char *id, struct turf_error **err);
int turf_backend_resume(const struct turf_globals *g, const char *id, struct turf_error **err);
int turf_backend_state(const struct turf_globals *g, const char *id, json_t **out,
                       struct turf_error **err);
int turf_backend_kill(const struct turf_globals *g, const char *id, int sig, bool all,
                      struct turf_error **err);
int turf_backend_delete(const struct turf_globals *g, const char *id, bool force,
                        struct turf_error **err);
int turf_backend_list(const struct turf_globals *g, json_t **out, struct turf_error **err);
bool turf_backend_stopped(const struct turf_globals *g, const char *id);
int turf_backend_pids(const struct turf_globals *g, const char *id, pid_t **pids, size_t *n,
                      struct turf_error **err);

/* Prints "<program> <command>: <message>" style usage errors and returns TURF_EXIT_USAGE. */
int turf_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
