/* The container lifecycle of the cold path, as the runtime-spec and runc define it: create
 * parks a fully set-up init on the exec fifo, start releases it, and state, kill, delete and
 * list work from the on-disk store, so any later turf process can act on a container. */
#ifndef TURF_CONTAINER_H
#define TURF_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "../../oci/config.h"
#include "../../oci/state.h"
#include "../base/error.h"

struct turf_create_options {
    const char *root;
    const char *id;
    const char *bundle; /* default "." */
    const char *pid_file;
    const char *console_socket;
    int console_fd;      /* > 0: a connected socket to send the terminal to, instead of the path */
    bool systemd_cgroup; /* --systemd-cgroup */
    bool no_pivot;
    bool no_new_keyring;
    int preserve_fds;
    /* For turfd starting a seed: descriptors that become 3+preserve_fds, ... in the process;
     * a descriptor for its stdout and stderr (0: keep ours); a change to the config after it
     * is loaded and checked, before anything is made from it. */
    const int *pass_fds;
    int n_pass_fds;
    int stdout_fd;
    int (*adjust_config)(struct oci_config **c, void *data, struct turf_error **err);
    void *adjust_data;
};

/* The start time of a pid (field 22 of /proc/PID/stat), which a record keeps beside the pid to
 * tell the process from a later one with the same pid. */
int turf_container_start_time(pid_t pid, unsigned long long *start, struct turf_error **err);

/* Creates the container; on success *pid is its init (a child of the calling process). */
int turf_container_create(const struct turf_create_options *o, pid_t *pid, struct turf_error **err);
int turf_container_start(const char *root, const char *id, struct turf_error **err);
/* The same, handing the read end of the exec fifo to the caller (*fifo): a warm sandbox waits
 * until it is closed before it runs its user's code (turfd closes it once its reply is out);
 * a cold init does not wait. */
int turf_container_start_holding(const char *root, const char *id, int *fifo,
                                 struct turf_error **err);

/* The runtime-spec state, with the status derived from the live process. */
int turf_container_state(const char *root, const char *id, json_t **out, struct turf_error **err);
int turf_container_kill(const char *root, const char *id, int sig, bool all,
                        struct turf_error **err);
int turf_container_delete(const char *root, const char *id, bool force, struct turf_error **err);
/* The pids of a container's processes (none once it has stopped); free *pids. */
int turf_container_pids(const char *root, const char *id, pid_t **pids, size_t *n,
                        struct turf_error **err);
/* A JSON array of the states of every container under root. */
int turf_container_list(const char *root, json_t **out, struct turf_error **err);

/* Freeze and thaw through the cgroup (runc's messages when the state does not allow it). */
int turf_container_pause(const char *root, const char *id, struct turf_error **err);
int turf_container_resume(const char *root, const char *id, struct turf_error **err);
/* Applies the fields set in res to a live container's cgroup. */
int turf_container_update(const char *root, const char *id, const struct oci_resources *res,
                          struct turf_error **err);
/* The cgroup of a container that has not stopped, for events. */
struct cg_manager;
int turf_container_cgroup(const char *root, const char *id, struct cg_manager **cg,
                          struct turf_error **err);
/* True once the container has stopped or is gone. */
bool turf_container_stopped(const char *root, const char *id);

/* For exec: the init of a created or running container and the config create stored. */
int turf_container_running_init(const char *root, const char *id, pid_t *init,
                                struct oci_config **config, struct turf_error **err);

/* Waits for the child pid, passing on the signals a terminal or a supervisor sends us
 * (TURF_FORWARDED_SIGNALS), and returns its exit status (128+N when killed by signal N). */
#define TURF_FORWARDED_SIGNALS                                                                     \
    {                                                                                              \
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH                               \
    }
int turf_wait_forwarding_signals(pid_t pid);
/* A wait status as a shell reports it: the exit code, or 128+N when killed by signal N. */
int turf_exit_code(int wait_status);

/* In a child that reports to turf over a sync socket: sends "error:<message>" and exits with
 * status (the parent turns the message into its own error). */
_Noreturn void turf_sync_fail(int sync_fd, struct turf_error *e, int status);

/* "SIGTERM", "TERM", "term", "15" -> 15; -EINVAL when unknown. */
int turf_signal_parse(const char *s);

#endif
