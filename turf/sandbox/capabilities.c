/* Capabilities of the container process with libcap: the bounding set is cut down before the
 * ids change, then the permitted, effective, inheritable and ambient sets are set exactly. */
#include <errno.h>
#include <sys/capability.h>
#include <string.h>
#include <sys/prctl.h>

#include "../../oci/names.h"
#include "../base/log.h"
#include "sandbox.h"

static bool in_list(char *const *names, int cap)
{
    const char *name = oci_capability_name(cap);
    for (size_t i = 0; names && name && names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

int turf_sandbox_drop_bounding(const struct oci_capabilities *c, struct turf_error **err)
{
    if (!c)
        return 0;
    for (int cap = 0; cap <= CAP_LAST_CAP && cap_valid(cap); cap++) {
        if (in_list(c->bounding, cap) || prctl(PR_CAPBSET_READ, cap) <= 0)
            continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
            return turf_error_errno(err, -errno, "drop %s from the bounding set",
                                    oci_capability_name(cap));
    }
    /* Keep the permitted set across the uid change that follows; it is set exactly after. */
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
        return turf_error_errno(err, -errno, "keep capabilities across setuid");
    return 0;
}

int turf_sandbox_set_capabilities(const struct oci_capabilities *c, struct turf_error **err)
{
    if (!c)
        return 0;
    cap_t caps = cap_init();
    if (!caps)
        return turf_error_errno(err, -errno, "set capabilities");
    int last = oci_capability_last();
    for (int cap = 0; cap <= last; cap++) {
        if (!cap_valid(cap) || prctl(PR_CAPBSET_READ, cap) < 0) {
            turf_log_debug("capability %s is unknown to this kernel; ignored",
                           oci_capability_name(cap));
            continue;
        }
        cap_value_t v = cap;
        if (in_list(c->effective, cap))
            cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET);
        if (in_list(c->permitted, cap))
            cap_set_flag(caps, CAP_PERMITTED, 1, &v, CAP_SET);
        if (in_list(c->inheritable, cap))
            cap_set_flag(caps, CAP_INHERITABLE, 1, &v, CAP_SET);
    }
    int r = cap_set_proc(caps);
    int e = errno;
    cap_free(caps);
    if (r < 0)
        return turf_error_errno(err, -e, "set capabilities");
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
        return turf_error_errno(err, -errno, "clear ambient capabilities");
    /* The kernel only raises an ambient capability that is also permitted and inheritable;
     * like runc, skip the others rather than fail (runc's own default spec asks for three
     * ambient capabilities and no inheritable ones). */
    for (int cap = 0; cap <= last && c->ambient; cap++)
        if (in_list(c->ambient, cap) && cap_valid(cap) &&
            prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
            turf_log_debug("ambient capability %s not raised: %s", oci_capability_name(cap),
                           strerror(errno));
    return 0;
}
