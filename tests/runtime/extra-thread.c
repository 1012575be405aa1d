/* Preloaded into turf-worker by tests/runtime/run.sh (LD_PRELOAD): starts a thread before main,
 * so the startup check that the worker has exactly one thread must fail. */
#include <pthread.h>
#include <unistd.h>

static void *idle(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

__attribute__((constructor)) static void start_extra_thread(void)
{
    pthread_t thread;
    if (pthread_create(&thread, NULL, idle, NULL) == 0)
        pthread_detach(thread);
}
