/* linux.resources.blockIO: weights (v1 blkio.weight or blkio.bfq.weight; v2 io.bfq.weight or
 * io.weight, converted) and the four throttles (v1 blkio.throttle.*; v2 io.max). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../turf/base/cleanup.h"
#include "internal.h"

/* blkio weight [10, 1000] to io.weight [1, 10000], as runc converts it. */
static uint64_t blkio_to_io_weight(uint64_t w)
{
    if (w < 10)
        w = 10;
    return 1 + (w - 10) * 9999 / 990;
}

/* The first file of the list the kernel has, or NULL. */
static const char *first_existing(const struct cg_node *node, const char *a, const char *b)
{
    if (cg_file_exists(node->path, a))
        return a;
    if (b && cg_file_exists(node->path, b))
        return b;
    return NULL;
}

static int missing(const struct cg_node *node, const char *field, const char *a, const char *b,
                   struct turf_error **err)
{
    return turf_error_set(err, -EOPNOTSUPP, "%s: this kernel has no %s%s%s in %s", field, a,
                          b ? " or " : "", b ? b : "", node->path);
}

static int apply_weights(const struct cg_node *node, const struct oci_block_io *b,
                         struct turf_error **err)
{
    bool v1 = node->version == 1;
    if (b->weight.set) {
        const char *field = "linux.resources.blockIO.weight";
        const char *a = v1 ? "blkio.weight" : "io.bfq.weight";
        const char *alt = v1 ? "blkio.bfq.weight" : "io.weight";
        const char *file = first_existing(node, a, alt);
        if (!file)
            return missing(node, field, a, alt, err);
        uint64_t w = b->weight.value;
        if (strcmp(file, "io.weight") == 0)
            w = blkio_to_io_weight(w);
        int r = cg_node_writef(node, file, field, err, "%" PRIu64, w);
        if (r < 0)
            return r;
    }
    if (b->leaf_weight.set) {
        const char *field = "linux.resources.blockIO.leafWeight";
        if (!v1)
            return turf_error_set(err, -EOPNOTSUPP, "%s: cgroup v2 has no leaf weight", field);
        if (!cg_file_exists(node->path, "blkio.leaf_weight"))
            return missing(node, field, "blkio.leaf_weight", NULL, err);
        int r =
            cg_node_writef(node, "blkio.leaf_weight", field, err, "%" PRIu32, b->leaf_weight.value);
        if (r < 0)
            return r;
    }
    for (size_t i = 0; i < b->n_weight_device; i++) {
        const struct oci_weight_device *d = &b->weight_device[i];
        char field[96];
        snprintf(field, sizeof(field), "linux.resources.blockIO.weightDevice[%zu]", i);
        if (d->weight.set) {
            const char *a = v1 ? "blkio.weight_device" : "io.bfq.weight";
            const char *alt = v1 ? "blkio.bfq.weight_device" : "io.weight";
            const char *file = first_existing(node, a, alt);
            if (!file)
                return missing(node, field, a, alt, err);
            uint64_t w = d->weight.value;
            if (strcmp(file, "io.weight") == 0)
                w = blkio_to_io_weight(w);
            int r = cg_node_writef(node, file, field, err, "%" PRId64 ":%" PRId64 " %" PRIu64,
                                   d->major.value, d->minor.value, w);
            if (r < 0)
                return r;
        }
        if (d->leaf_weight.set) {
            if (!v1)
                return turf_error_set(err, -EOPNOTSUPP,
                                      "%s.leafWeight: cgroup v2 has no leaf "
                                      "weight",
                                      field);
            if (!cg_file_exists(node->path, "blkio.leaf_weight_device"))
                return missing(node, field, "blkio.leaf_weight_device", NULL, err);
            int r = cg_node_writef(node, "blkio.leaf_weight_device", field, err,
                                   "%" PRId64 ":%" PRId64 " %" PRIu32, d->major.value,
                                   d->minor.value, d->leaf_weight.value);
            if (r < 0)
                return r;
        }
    }
    return 0;
}

struct throttle {
    const char *json;    /* throttleReadBpsDevice */
    const char *v1_file; /* blkio.throttle.read_bps_device */
    const char *v2_key;  /* rbps */
};

static const struct throttle throttles[] = {
    {"throttleReadBpsDevice", "blkio.throttle.read_bps_device", "rbps"},
    {"throttleWriteBpsDevice", "blkio.throttle.write_bps_device", "wbps"},
    {"throttleReadIOPSDevice", "blkio.throttle.read_iops_device", "riops"},
    {"throttleWriteIOPSDevice", "blkio.throttle.write_iops_device", "wiops"},
};

static int apply_throttle(const struct cg_node *node, const struct throttle *t,
                          const struct oci_throttle_device *devs, size_t n, struct turf_error **err)
{
    for (size_t i = 0; i < n; i++) {
        const struct oci_throttle_device *d = &devs[i];
        char field[96];
        snprintf(field, sizeof(field), "linux.resources.blockIO.%s[%zu]", t->json, i);
        const char *file = node->version == 1 ? t->v1_file : "io.max";
        if (!cg_file_exists(node->path, file))
            return missing(node, field, file, NULL, err);
        int r;
        if (node->version == 1)
            /* 0 removes the rule on v1. */
            r = cg_node_writef(node, file, field, err, "%" PRId64 ":%" PRId64 " %" PRIu64,
                               d->major.value, d->minor.value, d->rate.value);
        else if (d->rate.value == 0)
            r = cg_node_writef(node, file, field, err, "%" PRId64 ":%" PRId64 " %s=max",
                               d->major.value, d->minor.value, t->v2_key);
        else
            r = cg_node_writef(node, file, field, err, "%" PRId64 ":%" PRId64 " %s=%" PRIu64,
                               d->major.value, d->minor.value, t->v2_key, d->rate.value);
        if (r < 0)
            return r;
    }
    return 0;
}

int cg_apply_blkio(const struct cg_manager *mgr, const struct oci_block_io *b,
                   struct turf_error **err)
{
    if (!b)
        return 0;
    bool any = b->weight.set || b->leaf_weight.set || b->n_weight_device ||
               b->n_throttle_read_bps_device || b->n_throttle_write_bps_device ||
               b->n_throttle_read_iops_device || b->n_throttle_write_iops_device;
    if (!any)
        return 0;
    const struct cg_node *node = cg_node_for(mgr, "blkio");
    if (!node)
        node = cg_node_for(mgr, "io");
    if (!node)
        return cg_error_no_controller("linux.resources.blockIO",
                                      mgr->mode == CG_MODE_V2 ? "io" : "blkio", err);
    int r = apply_weights(node, b, err);
    const struct oci_throttle_device *lists[] = {
        b->throttle_read_bps_device, b->throttle_write_bps_device, b->throttle_read_iops_device,
        b->throttle_write_iops_device};
    size_t counts[] = {b->n_throttle_read_bps_device, b->n_throttle_write_bps_device,
                       b->n_throttle_read_iops_device, b->n_throttle_write_iops_device};
    for (size_t i = 0; r == 0 && i < TURF_ARRAY_SIZE(throttles); i++)
        r = apply_throttle(node, &throttles[i], lists[i], counts[i], err);
    return r;
}
