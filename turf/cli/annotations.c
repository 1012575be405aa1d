/* run.turf.* annotations on the cold path (see annotations.h and turf(8), ANNOTATIONS). */
#include "annotations.h"

#include <string.h>

#include "../../oci/config.h"
#include "../base/log.h"

void turf_note_ignored_annotations(const char *bundle)
{
    struct oci_config *c = NULL;
    struct turf_error *err = NULL;
    if (oci_config_load_bundle(bundle ? bundle : ".", &c, &err) < 0) {
        turf_error_free(&err);
        return;
    }
    for (size_t i = 0; i < c->annotations.n_entries; i++) {
        const struct oci_map_entry *a = &c->annotations.entries[i];
        if (strncmp(a->key, "run.turf.", 9) == 0)
            turf_log_debug("annotation %s=\"%s\" ignored: reserved for turfd (WarmFork); this "
                           "container starts cold",
                           a->key, a->value);
    }
    oci_config_free(c);
}
