/* Turns an OCI mount's "options" list into what mount(2) and mount_setattr(2) take: flags to
 * set and clear, propagation changes, recursive attributes, and the filesystem data string. */
#ifndef TURF_SANDBOX_MOUNT_OPTIONS_H
#define TURF_SANDBOX_MOUNT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"

struct turf_mount_options {
    unsigned long flags;       /* MS_* to set (MS_BIND and MS_REC included for binds) */
    unsigned long propagation; /* MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE | MS_REC, or 0 */
    uint64_t attr_set;         /* MOUNT_ATTR_* applied recursively ("rro", "rnosuid"...) */
    uint64_t attr_clr;
    char *data; /* the options the kernel does not know as flags, comma-joined */
};

int turf_mount_options_parse(char *const *options, struct turf_mount_options *out,
                             struct turf_error **err);
void turf_mount_options_free(struct turf_mount_options *opts);
/* MS_* propagation flags for "private", "rshared"...; 0 for NULL or another name. */
unsigned long turf_mount_propagation_flags(const char *name);
/* The option names the parser knows (for `turf features`): fills up to max, returns count. */
size_t turf_mount_options_known(const char **names, size_t max);

#endif
