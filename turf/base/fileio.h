/* Whole-file reads, atomic whole-file writes and mkdir -p: the state store, turfd and config
 * loading use them. */
#ifndef TURF_BASE_FILEIO_H
#define TURF_BASE_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Reads all of path (at most max_size bytes) into a NUL-terminated buffer. */
int turf_read_file(const char *path, size_t max_size, char **out, size_t *out_len,
                   struct turf_error **err);

/* Writes data to path through a temporary file in the same directory and rename(2), so that
 * readers see the old or the new content, never a mix. */
int turf_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode,
                           struct turf_error **err);

/* mkdir -p: the missing parents with parent_mode, path itself with mode. Returns 0 or a
 * negative errno; existing directories are fine. */
int turf_mkdir_p(const char *path, mode_t parent_mode, mode_t mode);

#endif
