/* Scope-bound cleanup for C: variables declared with these attributes are released on every
 * path out of their scope, so functions need neither goto ladders nor repeated frees. */
#ifndef TURF_BASE_CLEANUP_H
#define TURF_BASE_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void turf_freep(void *p)
{
    free(*(void **)p);
}

static inline void turf_closep(int *fd)
{
    if (*fd >= 0) {
        int saved = errno;
        close(*fd);
        errno = saved;
    }
}

static inline void turf_fclosep(FILE **f)
{
    if (*f)
        fclose(*f);
}

/* Hand ownership out of a cleanup-managed variable: returns the value and clears the variable. */
#define TURF_STEAL(p)                                                                              \
    ({                                                                                             \
        __typeof__(p) _stolen = (p);                                                               \
        (p) = NULL;                                                                                \
        _stolen;                                                                                   \
    })
#define TURF_STEAL_FD(fd)                                                                          \
    ({                                                                                             \
        int _stolen = (fd);                                                                        \
        (fd) = -1;                                                                                 \
        _stolen;                                                                                   \
    })

#define _cleanup_(f)     __attribute__((cleanup(f)))
#define _cleanup_free_   _cleanup_(turf_freep)
#define _cleanup_close_  _cleanup_(turf_closep)
#define _cleanup_fclose_ _cleanup_(turf_fclosep)

#define TURF_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
