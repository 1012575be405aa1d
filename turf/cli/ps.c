/* turf ps: the processes of a container, as runc prints them: a JSON array of pids, or the
 * lines of `ps -ef` (or of the given ps options) that belong to the container. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../base/cleanup.h"
#include "../container/container.h"
#include "cli.h"

static bool has_pid(const pid_t *pids, size_t n, long pid)
{
    for (size_t i = 0; i < n; i++)
        if (pids[i] == pid)
            return true;
    return false;
}

/* Runs ps with the given options and keeps the header and the container's lines. */
static int print_ps_table(char **ps_args, const pid_t *pids, size_t n, struct turf_error **err)
{
    char *default_args[] = {"-ef", NULL};
    char **args = ps_args && ps_args[0] ? ps_args : default_args;
    size_t n_args = 0;
    while (args[n_args])
        n_args++;
    char *argv[n_args + 2];
    argv[0] = "ps";
    for (size_t i = 0; i <= n_args; i++)
        argv[i + 1] = args[i];

    int out[2];
    if (pipe(out) < 0)
        return turf_error_errno(err, -errno, "ps");
    pid_t child = fork();
    if (child == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execvp("ps", argv);
        _exit(127);
    }
    close(out[1]);
    _cleanup_fclose_ FILE *f = fdopen(out[0], "r");
    char *line = NULL;
    size_t cap = 0;
    int pid_column = -1, status;
    while (f && getline(&line, &cap, f) > 0) {
        char copy[4096], *save = NULL;
        snprintf(copy, sizeof(copy), "%s", line);
        if (pid_column < 0) {
            int col = 0;
            for (char *t = strtok_r(copy, " \t\n", &save); t;
                 t = strtok_r(NULL, " \t\n", &save), col++)
                if (strcmp(t, "PID") == 0)
                    pid_column = col;
            fputs(line, stdout);
            if (pid_column < 0)
                break;
            continue;
        }
        char *t = strtok_r(copy, " \t\n", &save);
        for (int col = 0; t && col < pid_column; col++)
            t = strtok_r(NULL, " \t\n", &save);
        if (t && has_pid(pids, n, strtol(t, NULL, 10)))
            fputs(line, stdout);
    }
    free(line);
    waitpid(child, &status, 0);
    if (pid_column < 0)
        return turf_error_set(err, -EINVAL, "ps: couldn't find the PID column in ps output");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return turf_error_set(err, -EINVAL, "ps: ps exited with status %d", WEXITSTATUS(status));
    return 0;
}

int turf_cmd_ps(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {0}};
    const char *format = "table";
    int c;
    while ((c = getopt_long(argc, argv, "+f:h", options, NULL)) != -1) {
        if (c == 'f')
            format = optarg;
        else if (c == 'h') {
            printf("Usage: turf ps [--format table|json] ID [PS OPTIONS...]\n\nList the "
                   "processes of a container (default ps options: -ef).\n");
            return TURF_EXIT_OK;
        } else
            return turf_usage_error("ps", "unknown option \"%s\"", argv[optind - 1]);
    }
    if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
        return turf_usage_error("ps", "--format: expected table or json, got \"%s\"", format);
    if (optind >= argc)
        return turf_usage_error("ps", "expected a container id");
    const char *id = argv[optind];
    pid_t *pids = NULL;
    size_t n = 0;
    if (turf_backend_pids(g, id, &pids, &n, err) < 0)
        return TURF_EXIT_FAILURE;
    int r = 0;
    if (strcmp(format, "json") == 0) {
        printf("[");
        for (size_t i = 0; i < n; i++)
            printf("%s%d", i ? "," : "", (int)pids[i]);
        printf("]\n");
    } else {
        r = print_ps_table(argv + optind + 1, pids, n, err);
    }
    free(pids);
    return r < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}
