/* The runtime-spec state document (`turf state`, hooks' stdin, the on-disk container store):
 * ociVersion, id, status, pid, bundle, annotations. */
#ifndef TURF_OCI_STATE_H
#define TURF_OCI_STATE_H

#include <stdbool.h>

#include "config.h"

struct oci_state {
    char *oci_version;
    char *id;
    char *status;       /* creating, created, running, stopped */
    struct oci_i32 pid; /* required while created or running */
    char *bundle;       /* absolute path */
    struct oci_map annotations;
};

int oci_state_parse_string(const char *json, size_t len, const char *source, struct oci_state **out,
                           struct turf_error **err);
json_t *oci_state_to_json(const struct oci_state *state);
/* Pretty-printed JSON text the caller frees; NULL only when out of memory. */
char *oci_state_dump(const struct oci_state *state);
bool oci_state_equal(const struct oci_state *a, const struct oci_state *b);
void oci_state_free(struct oci_state *state);

#endif
