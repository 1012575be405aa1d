/* queueMicrotask, beside the libuv timers of timers.c: a job on JavaScriptCore's own microtask
 * queue, which JSC drains each time control returns to the loop. */
(function (internal) {
    'use strict';

    /* Captured now, so that a script replacing Promise cannot change how microtasks run. */
    const resolved = Promise.resolve();
    const then = Promise.prototype.then;
    const reportError = internal.reportError;

    function queueMicrotask(callback) {
        if (typeof callback !== 'function')
            throw new TypeError('queueMicrotask: the callback must be a function');
        /* An exception is reported like one from a timer, not turned into a rejected promise. */
        then.call(resolved, () => {
            try {
                callback();
            } catch (e) {
                reportError(e);
            }
        });
    }

    Object.defineProperty(globalThis, 'queueMicrotask',
                          {value: queueMicrotask, writable: true, enumerable: true,
                           configurable: true});
})
