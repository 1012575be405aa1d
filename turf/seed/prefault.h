/* The pages a sandbox touches, learned once per seed and populated ahead of time in pooled
 * children (prefault.c). Internal to the seed library. */
#ifndef TURF_SEED_PREFAULT_H
#define TURF_SEED_PREFAULT_H

#include <stddef.h>

#include "../base/error.h"

/* In the seed: forks a throwaway child that runs prepare (if any) and rehearse, and keeps the
 * list of pages it wrote or mapped for every later child. */
int turf_seed_learn_pages(int (*prepare)(void *), void *prepare_data, int (*rehearse)(void *),
                          void *rehearse_data, struct turf_error **err);
/* In the seed: the same, with the functions set by turf_seed_set_prepare and
 * turf_seed_set_rehearse; nothing when no rehearse function is set. */
int turf_seed_rehearse(struct turf_error **err);
/* How many pages the list will copy (written) and map (read). */
void turf_seed_prefault_stats(size_t *write_pages, size_t *read_pages);
/* In a child: populates the listed pages (errors ignored: a page that is gone is skipped). */
void turf_seed_prefault(void);

#endif
