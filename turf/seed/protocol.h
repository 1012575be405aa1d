/* The WarmFork protocol between turfd, a seed and a forked child (both sides live in this
 * directory). Every message is one SOCK_SEQPACKET datagram holding a JSON object with a "type",
 * plus descriptors (SCM_RIGHTS) where said:
 *   seed  -> turfd  {"type":"ready","pid":N}                 once, when the seed has parked
 *   turfd -> seed   {"type":"fork","flags":F}  + [channel]    clone a child (F: CLONE_NEW*)
 *   seed  -> turfd  {"type":"forked","pid":N} | {"type":"error","message":S}
 *   turfd -> child  {"type":"prepare","namespaces":F,"maskedPaths":[..],"readonlyPaths":[..]}
 *                   a pooled child, once placed in its own cgroup: mount /proc and mask it as
 *                   the seed's bundle says, run the runtime's prepare function
 *   turfd -> child  {"type":"config","id":S,"config":{...},"namespaces":F,
 *                    "seccompFlags":N,"fds":{"dir":i,"stdio":i,"listen":i,"seccomp":i}}
 *                   + the descriptors the "fds" indexes name (state directory as O_PATH,
 *                   stdout/stderr, listening socket, seccomp program in a memfd).
 *                   A pooled child may get it in two parts: first the config ("config",
 *                   "namespaces", "seccompFlags", the seccomp program, and "seccompEarly":true
 *                   when the filter allows every TURF_SEED_CLAIM_SYSCALLS call: then it is
 *                   loaded at once), applied while it waits; then, when a create takes it,
 *                   its name ("id" and the other descriptors). Only the part with "id" is
 *                   answered. With "start":true the sandbox starts once ready.
 *   child -> turfd  {"type":"ready"} | {"type":"error","message":S}
 * The child then parks on the exec fifo of its state directory, exactly like a cold init,
 * until `turf start` opens it; or, told to start, goes on at once. */
#ifndef TURF_SEED_PROTOCOL_H
#define TURF_SEED_PROTOCOL_H

#include <jansson.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include "../base/error.h"

/* What a pooled child that is configured already calls between a create's "config" and its
 * start (receive, answer, its stdout, the exec fifo and the wait for its starter to let go,
 * memory, exit on failure): its filter may be loaded ahead only if it allows all of them. */
#define TURF_SEED_CLAIM_SYSCALLS                                                                   \
    {                                                                                              \
        SYS_recvmsg, SYS_sendmsg, SYS_dup2, SYS_faccessat2, SYS_faccessat, SYS_openat, SYS_write,  \
            SYS_poll, SYS_ppoll, SYS_close, SYS_brk, SYS_mmap, SYS_munmap, SYS_mremap,             \
            SYS_exit_group, SYS_exit                                                               \
    }

/* Largest message on a WarmFork channel (a config without its seccomp rules fits easily). */
#define TURF_SEED_MAX_MESSAGE (256 * 1024)

/* Sends j (which it does not take) with n_fds descriptors. */
int turf_seed_send(int sock, json_t *j, const int *fds, size_t n_fds, struct turf_error **err);
/* Receives one message: *out is the object (its "type" a string), fds[] the descriptors.
 * Returns 0, -ECONNRESET when the peer closed, or another negative errno. */
int turf_seed_receive(int sock, json_t **out, int *fds, size_t max_fds, size_t *n_fds,
                      struct turf_error **err);
/* A message's "type", never NULL. */
const char *turf_seed_type(json_t *j);

/* Waits at most timeout_ms for the next message from peer ("the seed", "the sandbox"):
 * 0 when its type is `type` (*out, if not NULL, is the message, to json_decref); an
 * {"type":"error"} becomes *err with its message; -ECONNRESET when the peer closed. */
int turf_seed_expect(int sock, const char *type, int timeout_ms, const char *peer, json_t **out,
                     struct turf_error **err);
/* turfd's side: waits for a seed's "ready" (*pid: the pid it reports); asks a seed to clone a
 * child into the namespaces given (CLONE_NEW* flags) and returns its host pid and the channel
 * to it. Both wait at most timeout_ms for the answer. */
int turf_seed_wait_ready(int sock, int timeout_ms, pid_t *pid, struct turf_error **err);
int turf_seed_request_fork(int sock, unsigned long namespaces, int timeout_ms, pid_t *pid,
                           int *channel, struct turf_error **err);

/* In a new child: receives its config, sets it up and confines it, reports, parks on the exec
 * fifo and returns once started (see seed.h). Never returns on failure. */
struct turf_seed_child;
int turf_seed_child_main(int channel, struct turf_seed_child *child);

#endif
