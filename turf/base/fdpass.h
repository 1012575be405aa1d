/* Passing file descriptors over a UNIX socket (SCM_RIGHTS) with a message beside them: the
 * terminal's master end to a console socket, a seccomp notify fd, the WarmFork channels. */
#ifndef TURF_BASE_FDPASS_H
#define TURF_BASE_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

#define TURF_MAX_PASSED_FDS 8

/* Sends len bytes of buf (a single NUL byte when len is 0) with n_fds descriptors. Returns 0
 * or a negative errno. */
int turf_send_fds(int sock, const void *buf, size_t len, const int *fds, size_t n_fds);
/* Receives one message of at most size bytes and up to max_fds descriptors (close-on-exec;
 * any beyond max_fds are closed). Returns the message length (0: the peer closed) or a
 * negative errno; -EMSGSIZE when the message or its descriptors were cut (none are kept). */
ssize_t turf_receive_fds(int sock, void *buf, size_t size, int *fds, size_t max_fds, size_t *n_fds);

/* Sends fd with text as the message body. Returns 0 or a negative errno. */
int turf_send_fd(int sock, int fd, const char *text);
/* Receives one descriptor (close-on-exec) and up to size-1 bytes of text (may be NULL).
 * Returns the descriptor or a negative errno. */
int turf_receive_fd(int sock, char *text, size_t size);

#endif
