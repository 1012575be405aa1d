/* turf exec: another process in a running (or created) container's namespaces. */
#ifndef TURF_CONTAINER_EXEC_H
#define TURF_CONTAINER_EXEC_H

#include <stdbool.h>

#include "../base/error.h"

struct turf_exec_options {
    const char *root;
    const char *id;
    const char *process_file; /* --process FILE: an OCI process object */
    char **args;              /* otherwise: the command line */
    char **env;               /* --env NAME=VALUE... */
    const char *cwd;
    const char *user; /* UID[:GID] */
    const char *console_socket;
    const char *pid_file;
    bool tty;
    bool detach;
    bool no_new_privs;
    int preserve_fds;
};

/* In the foreground *exit_status is the process's exit status (128+N for signal N). */
int turf_container_exec(const struct turf_exec_options *o, int *exit_status,
                        struct turf_error **err);

#endif
