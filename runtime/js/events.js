/* Worker global events: addEventListener/removeEventListener on the global scope (also reached
 * as `self`), and internal.dispatchEvent, which C calls to fire install and deserialize. */
(function (internal) {
    'use strict';

    /* type -> [{callback, once, removed}], in registration order */
    const listeners = new Map();

    function flag(options, name) {
        return typeof options === 'object' && options !== null && Boolean(options[name]);
    }

    function addEventListener(type, callback, options) {
        if (arguments.length < 2)
            throw new TypeError('addEventListener: expected (type, listener)');
        if (callback === null || callback === undefined)
            return;
        if (typeof callback !== 'function' && typeof callback !== 'object')
            throw new TypeError('addEventListener: the listener must be a function or an ' +
                                'object with a handleEvent method');
        type = String(type);
        let list = listeners.get(type);
        if (!list)
            listeners.set(type, list = []);
        if (list.some((l) => l.callback === callback))
            return; /* as in the DOM: a listener registered twice runs once */
        list.push({callback, once: flag(options, 'once'), removed: false});
    }

    function removeEventListener(type, callback) {
        const list = listeners.get(String(type));
        if (!list)
            return;
        const i = list.findIndex((l) => l.callback === callback);
        if (i >= 0) {
            list[i].removed = true;
            list.splice(i, 1);
        }
    }

    /* Calls each listener of `type` with a fresh event; one that throws is reported and the rest
     * still run. Returns how many threw. */
    internal.dispatchEvent = function (type) {
        const list = listeners.get(type);
        if (!list || list.length === 0)
            return 0;
        const event = {type, timeStamp: performance.now()};
        let failed = 0;
        for (const l of list.slice()) {
            if (l.removed)
                continue;
            if (l.once)
                removeEventListener(type, l.callback);
            try {
                if (typeof l.callback === 'function') {
                    l.callback.call(globalThis, event);
                } else {
                    const handle = l.callback.handleEvent;
                    if (typeof handle !== 'function')
                        throw new TypeError("the '" + type + "' listener object has no " +
                                            'handleEvent method');
                    handle.call(l.callback, event);
                }
            } catch (e) {
                failed++;
                internal.reportError(e);
            }
        }
        return failed;
    };

    const define = (name, value) => Object.defineProperty(
        globalThis, name, {value, writable: true, enumerable: true, configurable: true});
    define('addEventListener', addEventListener);
    define('removeEventListener', removeEventListener);
    /* Worker scripts reach the global scope as `self` (self.addEventListener('fetch', ...)). */
    define('self', globalThis);
})
