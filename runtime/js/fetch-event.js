/* The Service Worker fetch event: each request from the C server (internal.httpHandle) becomes a
 * FetchEvent, or a call of a module-style `export default {fetch}`; answers go back to C. */
(function (internal) {
    'use strict';

    const BODY = internal.BODY;
    const STATE = Symbol('fetch event state');
    /* Extends the global Event when events.js provides one. */
    const Base = typeof Event === 'function' ? Event : Object;
    const modernDispatch = Base !== Object;

    /* Without a global Event, events.js can only fire events it makes itself: keep our own
     * list of 'fetch' listeners beside it. */
    const fallbackListeners = [];
    if (!modernDispatch) {
        const add = globalThis.addEventListener, remove = globalThis.removeEventListener;
        const define = (name, value) => Object.defineProperty(
            globalThis, name, {value, writable: true, enumerable: true, configurable: true});
        define('addEventListener', function (type, callback, options) {
            add.apply(this, arguments);
            if (String(type) === 'fetch' && callback && !fallbackListeners.includes(callback))
                fallbackListeners.push(callback);
        });
        define('removeEventListener', function (type, callback) {
            remove.apply(this, arguments);
            const i = String(type) === 'fetch' ? fallbackListeners.indexOf(callback) : -1;
            if (i >= 0)
                fallbackListeners.splice(i, 1);
        });
    }

    function invalidState(message) {
        return typeof DOMException === 'function' ? new DOMException(message, 'InvalidStateError')
                                                  : new TypeError(message);
    }

    function trackWaitUntil(promise) {
        internal.httpWaitUntil(1);
        Promise.resolve(promise).then(() => internal.httpWaitUntil(-1), (e) => {
            internal.reportError(e);
            internal.httpWaitUntil(-1);
        });
    }

    class FetchEvent extends Base {
        constructor(type, init) {
            if (Base === Object) {
                super();
                this.type = String(type);
                this.timeStamp = performance.now();
            } else {
                super(type, init);
            }
            if (!init || typeof init !== 'object' || !(init.request instanceof Request))
                throw new TypeError('FetchEvent: init.request must be a Request');
            this[STATE] = {request: init.request, dispatching: true, responded: false,
                           response: undefined, passThrough: false};
        }
        get request() {
            return this[STATE].request;
        }
        get clientId() {
            return '';
        }
        respondWith(response) {
            const st = this[STATE];
            if (!st.dispatching)
                throw invalidState('respondWith: must be called while the event is dispatched');
            if (st.responded)
                throw invalidState('respondWith: already called for this event');
            st.responded = true;
            st.response = response;
        }
        waitUntil(promise) {
            trackWaitUntil(promise);
        }
        passThroughOnException() {
            this[STATE].passThrough = true;
        }
    }

    function dispatch(event) {
        if (modernDispatch)
            return internal.dispatchEvent(event);
        let failed = 0;
        for (const l of fallbackListeners.slice()) {
            try {
                if (typeof l === 'function')
                    l.call(globalThis, event);
                else
                    l.handleEvent(event);
            } catch (e) {
                failed++;
                internal.reportError(e);
            }
        }
        return failed;
    }

    /* ---- answers ---- */

    const drains = new Map(); /* id -> resolve, for streaming responses waiting on the socket */
    internal.httpDrain = function (id) {
        const resolve = drains.get(id);
        if (resolve) {
            drains.delete(id);
            resolve();
        }
    };

    function answerError(id, status, request) {
        const text = status + (status === 502 ? ' Bad Gateway\n' : ' Internal Server Error\n');
        internal.httpRespond(id, status, '', 'content-type: text/plain; charset=utf-8\r\n', 1,
                             text);
    }

    async function pump(id, stream) {
        let reader;
        try {
            reader = stream.getReader();
            for (;;) {
                const {value, done} = await reader.read();
                if (done)
                    break;
                let u8 = value;
                if (typeof u8 === 'string')
                    u8 = internal.encodeUtf8(u8);
                else if (!ArrayBuffer.isView(u8))
                    throw new TypeError('a response body chunk is not a Uint8Array');
                const more = internal.httpWrite(id, u8.buffer, u8.byteOffset, u8.byteLength);
                if (more < 0) {
                    reader.cancel();
                    internal.httpEnd(id, true);
                    return;
                }
                if (more === 0)
                    await new Promise((resolve) => drains.set(id, resolve));
            }
            internal.httpEnd(id, false);
        } catch (e) {
            internal.reportError(e);
            internal.httpEnd(id, true);
            if (reader)
                reader.cancel(e).catch(() => {});
        }
    }

    function send(id, response, passThrough) {
        if (!internal.isResponse(response)) {
            internal.reportError(new TypeError('respondWith: the value is not a Response'));
            answerError(id, passThrough ? 502 : 500);
            return;
        }
        const st = internal.responseState(response);
        if (st.type === 'error') {
            answerError(id, 502);
            return;
        }
        const slot = response[BODY];
        if (internal.bodyUsed(response) || (slot.stream && slot.stream.locked)) {
            internal.reportError(new TypeError('respondWith: the response body was already read'));
            answerError(id, 500);
            return;
        }
        const block = internal.responseBlock(response);
        const source = slot.stream || slot.source;
        slot.used = true;
        if (source === null)
            internal.httpRespond(id, st.status, st.statusText, block, 0);
        else if (typeof source === 'string')
            internal.httpRespond(id, st.status, st.statusText, block, 1, source);
        else if (source instanceof Uint8Array)
            internal.httpRespond(id, st.status, st.statusText, block, 2, source.buffer,
                                 source.byteOffset, source.byteLength);
        else if (internal.httpRespond(id, st.status, st.statusText, block, 3))
            pump(id, source);
    }

    function settle(id, state, value) {
        if (internal.isResponse(value)) {
            send(id, value, state.passThrough);
            return;
        }
        Promise.resolve(value).then((response) => send(id, response, state.passThrough),
                                    (e) => {
                                        internal.reportError(e);
                                        answerError(id, state.passThrough ? 502 : 500);
                                    });
    }

    /* ---- module style ---- */

    let moduleChecked = false, moduleHandler = null;
    const env = {};
    function moduleDefault() {
        if (moduleChecked)
            return moduleHandler;
        moduleChecked = true;
        const exported = globalThis.__turf_default_export;
        if (exported === undefined)
            return null;
        delete globalThis.__turf_default_export;
        if (exported && typeof exported.fetch === 'function')
            moduleHandler = exported;
        else
            internal.write(2, 'turf-worker: the default export has no fetch method; using ' +
                              'fetch event listeners\n');
        return moduleHandler;
    }

    function runModule(id, handler, request) {
        const state = {passThrough: false};
        const ctx = {
            waitUntil: trackWaitUntil,
            passThroughOnException() {
                state.passThrough = true;
            },
        };
        let value;
        try {
            value = handler.fetch(request, env, ctx);
        } catch (e) {
            internal.reportError(e);
            answerError(id, state.passThrough ? 502 : 500);
            return;
        }
        settle(id, state, value);
    }

    /* Called by C for each complete request. */
    internal.httpHandle = function (id, method, target, raw, body) {
        const request = internal.makeIncomingRequest(method, target, raw, body);
        const handler = moduleDefault();
        if (handler) {
            runModule(id, handler, request);
            return;
        }
        const event = new FetchEvent('fetch', {request});
        const st = event[STATE];
        const failed = dispatch(event);
        st.dispatching = false;
        if (st.responded) {
            settle(id, st, st.response);
        } else if (failed) {
            answerError(id, st.passThrough ? 502 : 500);
        } else {
            internal.write(2, 'turf-worker: no fetch listener called respondWith() for ' +
                              method + ' ' + target + '; answered 500\n');
            answerError(id, 500);
        }
    };

    Object.defineProperty(globalThis, 'FetchEvent', {value: FetchEvent, writable: true,
                                                     enumerable: false, configurable: true});
})
