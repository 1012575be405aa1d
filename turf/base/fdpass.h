/* Passing a file descriptor over a UNIX socket (SCM_RIGHTS) with a short text beside it: the
 * terminal's master end to a console socket, a seccomp notify fd to its listener. */
#ifndef TURF_BASE_FDPASS_H
#define TURF_BASE_FDPASS_H

#include <stddef.h>

/* Sends fd with text as the message body. Returns 0 or a negative errno. */
int turf_send_fd(int sock, int fd, const char *text);
/* Receives one descriptor (close-on-exec) and up to size-1 bytes of text (may be NULL).
 * Returns the descriptor or a negative errno. */
int turf_receive_fd(int sock, char *text, size_t size);

#endif
