/* --fork-stress: proves on the running machine that a worker which has loaded its script can be
 * forked safely, the way turfd will fork seeds. */
#ifndef TURF_RUNTIME_FORK_STRESS_H
#define TURF_RUNTIME_FORK_STRESS_H

#include "worker.h"

#define TURF_FORK_STRESS_DEFAULT_WATCHDOG_MS 5000u

/* Calls the script's forkStressTask() once for the expected answer, then forks `count` children
 * one after another (calling forkStressParentTask() before each, if the script defines it). Each child runs uv_loop_fork, fires `deserialize`, calls forkStressTask()
 * from its loop, collects garbage, sends the answer back through a pipe and exits when its loop
 * is empty. A child that has not exited after watchdog_ms is killed and counted as hung.
 * Prints a summary on stdout; returns the exit status (0 only if every child answered right). */
int turf_fork_stress_run(struct turf_worker *w, unsigned count, unsigned watchdog_ms);

#endif
