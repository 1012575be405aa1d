/* DOM events and aborting (DOM Standard §2, §3): Event, CustomEvent, EventTarget, the global scope
 * as an event target (also reached as `self`), AbortController and AbortSignal. C fires install
 * and deserialize, and the HTTP glue fires fetch, through internal.dispatchEvent. */
(function (internal) {
    'use strict';

    const DOMException = internal.DOMException;
    const reportError = internal.reportError;
    const now = () => performance.now();

    const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;

    /* ---- Event ---- */

    /* event -> its internal state (the flags and slots of the DOM Standard). */
    const events = new WeakMap();

    function eventState(event, what) {
        const s = events.get(event);
        if (!s)
            throw new TypeError('Event.prototype.' + what + ': not an Event');
        return s;
    }

    function dictBool(dict, name) {
        return dict !== undefined && dict !== null && Boolean(dict[name]);
    }

    class Event {
        constructor(type, eventInitDict = undefined) {
            if (arguments.length < 1)
                throw new TypeError("Event: the constructor needs a 'type' argument");
            if (eventInitDict !== undefined && eventInitDict !== null &&
                typeof eventInitDict !== 'object' && typeof eventInitDict !== 'function')
                throw new TypeError('Event: the init dictionary must be an object');
            events.set(this, {
                type: String(type),
                bubbles: dictBool(eventInitDict, 'bubbles'),
                cancelable: dictBool(eventInitDict, 'cancelable'),
                composed: dictBool(eventInitDict, 'composed'),
                target: null,
                currentTarget: null,
                eventPhase: NONE,
                stopPropagation: false,
                stopImmediatePropagation: false,
                canceled: false,
                inPassiveListener: false,
                dispatching: false,
                initialized: true,
                isTrusted: false,
                timeStamp: now(),
            });
        }

        get type() { return eventState(this, 'type').type; }
        get target() { return eventState(this, 'target').target; }
        get srcElement() { return eventState(this, 'srcElement').target; }
        get currentTarget() { return eventState(this, 'currentTarget').currentTarget; }
        get eventPhase() { return eventState(this, 'eventPhase').eventPhase; }
        get bubbles() { return eventState(this, 'bubbles').bubbles; }
        get cancelable() { return eventState(this, 'cancelable').cancelable; }
        get composed() { return eventState(this, 'composed').composed; }
        get isTrusted() { return eventState(this, 'isTrusted').isTrusted; }
        get timeStamp() { return eventState(this, 'timeStamp').timeStamp; }
        get defaultPrevented() { return eventState(this, 'defaultPrevented').canceled; }

        composedPath() {
            const s = eventState(this, 'composedPath');
            return s.dispatching && s.currentTarget ? [s.currentTarget] : [];
        }

        stopPropagation() {
            eventState(this, 'stopPropagation').stopPropagation = true;
        }

        get cancelBubble() { return eventState(this, 'cancelBubble').stopPropagation; }
        set cancelBubble(value) {
            if (value)
                eventState(this, 'cancelBubble').stopPropagation = true;
        }

        stopImmediatePropagation() {
            const s = eventState(this, 'stopImmediatePropagation');
            s.stopPropagation = s.stopImmediatePropagation = true;
        }

        preventDefault() {
            const s = eventState(this, 'preventDefault');
            if (s.cancelable && !s.inPassiveListener)
                s.canceled = true;
        }

        get returnValue() { return !eventState(this, 'returnValue').canceled; }
        set returnValue(value) {
            if (!value)
                this.preventDefault();
        }

        initEvent(type, bubbles = false, cancelable = false) {
            const s = eventState(this, 'initEvent');
            if (arguments.length < 1)
                throw new TypeError("Event.prototype.initEvent: needs a 'type' argument");
            if (s.dispatching)
                return;
            Object.assign(s, {
                type: String(type), bubbles: Boolean(bubbles), cancelable: Boolean(cancelable),
                initialized: true, stopPropagation: false, stopImmediatePropagation: false,
                canceled: false, isTrusted: false, target: null,
            });
        }
    }

    const phases = {NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE};
    for (const [name, value] of Object.entries(phases)) {
        const desc = {value, writable: false, enumerable: true, configurable: false};
        Object.defineProperty(Event, name, desc);
        Object.defineProperty(Event.prototype, name, desc);
    }

    class CustomEvent extends Event {
        constructor(type, eventInitDict = undefined) {
            if (arguments.length < 1)
                throw new TypeError("CustomEvent: the constructor needs a 'type' argument");
            super(type, eventInitDict);
            const detail = eventInitDict === undefined || eventInitDict === null ?
                null : eventInitDict.detail;
            eventState(this, 'detail').detail = detail === undefined ? null : detail;
        }

        get detail() { return eventState(this, 'detail').detail; }

        initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
            const s = eventState(this, 'initCustomEvent');
            if (s.dispatching)
                return;
            this.initEvent(type, bubbles, cancelable);
            s.detail = detail;
        }
    }

    /* ---- EventTarget ---- */

    /* target -> {listeners: [{type, callback, capture, once, passive, removed}]} */
    const targets = new WeakMap();

    /* A method called unbound (addEventListener(...) at the top level) acts on the global. */
    function targetState(target, what) {
        if (target === undefined || target === null)
            target = globalThis;
        const s = targets.get(target);
        if (!s)
            throw new TypeError('EventTarget.prototype.' + what + ': not an EventTarget');
        return s;
    }

    function flatten(options, what) {
        if (typeof options === 'boolean' || typeof options !== 'object' || options === null)
            return {capture: Boolean(options)};
        const out = {capture: Boolean(options.capture)};
        if (what === 'add') {
            out.once = Boolean(options.once);
            out.passive = Boolean(options.passive);
            const signal = options.signal;
            if (signal !== undefined) {
                if (!signals.has(signal))
                    throw new TypeError("addEventListener: 'signal' must be an AbortSignal");
                out.signal = signal;
            }
        }
        return out;
    }

    function removeListener(state, listener) {
        listener.removed = true;
        const i = state.listeners.indexOf(listener);
        if (i >= 0)
            state.listeners.splice(i, 1);
    }

    function addListener(target, state, type, callback, options) {
        if (callback === null || callback === undefined)
            return;
        if (typeof callback !== 'function' && typeof callback !== 'object')
            throw new TypeError('addEventListener: the listener must be a function or an ' +
                                'object with a handleEvent method');
        const {capture, once = false, passive = false, signal} = options;
        if (signal && signalState(signal).aborted)
            return;
        if (state.listeners.some((l) => l.type === type && l.callback === callback &&
                                        l.capture === capture))
            return; /* as in the DOM: a listener registered twice runs once */
        const listener = {type, callback, capture, once, passive, removed: false};
        state.listeners.push(listener);
        if (signal)
            addAbortAlgorithm(signal, () => removeListener(state, listener));
    }

    class EventTarget {
        constructor() {
            targets.set(this, {listeners: []});
        }

        addEventListener(type, callback, options = undefined) {
            const state = targetState(this, 'addEventListener');
            if (arguments.length < 2)
                throw new TypeError('addEventListener: expected (type, listener)');
            addListener(this, state, String(type), callback, flatten(options, 'add'));
        }

        removeEventListener(type, callback, options = undefined) {
            const state = targetState(this, 'removeEventListener');
            if (arguments.length < 2)
                throw new TypeError('removeEventListener: expected (type, listener)');
            type = String(type);
            const {capture} = flatten(options, 'remove');
            const l = state.listeners.find((l) => l.type === type && l.callback === callback &&
                                                  l.capture === capture);
            if (l)
                removeListener(state, l);
        }

        dispatchEvent(event) {
            const target = this === undefined || this === null ? globalThis : this;
            targetState(target, 'dispatchEvent');
            const s = events.get(event);
            if (!s)
                throw new TypeError('dispatchEvent: the argument must be an Event');
            if (s.dispatching || !s.initialized)
                throw new DOMException('dispatchEvent: the event is already being dispatched',
                                       'InvalidStateError');
            s.isTrusted = false;
            dispatch(target, event);
            return !s.canceled;
        }
    }

    /* Calls the listeners of `listeners` (a copy) that match the phase. Returns how many threw;
     * each is reported and the others still run. */
    function innerInvoke(target, state, event, s, listeners, capturePhase) {
        let failed = 0;
        for (const l of listeners) {
            if (l.removed || l.type !== s.type || l.capture !== capturePhase)
                continue;
            if (l.once)
                removeListener(state, l);
            s.inPassiveListener = l.passive;
            try {
                if (typeof l.callback === 'function') {
                    l.callback.call(target, event);
                } else {
                    const handle = l.callback.handleEvent;
                    if (typeof handle !== 'function')
                        throw new TypeError("the '" + s.type + "' listener object has no " +
                                            'handleEvent method');
                    handle.call(l.callback, event);
                }
            } catch (e) {
                failed++;
                reportError(e);
            }
            s.inPassiveListener = false;
            if (s.stopImmediatePropagation)
                break;
        }
        return failed;
    }

    /* Dispatches event at target, which has no parent: capture listeners first, then the others,
     * both at the target phase. Returns how many listeners threw. */
    function dispatch(target, event) {
        const s = events.get(event);
        const state = targets.get(target);
        s.dispatching = true;
        s.target = target;
        s.currentTarget = target;
        s.eventPhase = AT_TARGET;
        let failed = 0;
        try {
            if (!s.stopPropagation)
                failed += innerInvoke(target, state, event, s, state.listeners.slice(), true);
            if (!s.stopPropagation)
                failed += innerInvoke(target, state, event, s, state.listeners.slice(), false);
        } finally {
            s.eventPhase = NONE;
            s.currentTarget = null;
            s.dispatching = false;
            s.stopPropagation = s.stopImmediatePropagation = false;
        }
        return failed;
    }

    /* Defines proto.on<type>: an event handler attribute (DOM's "event handler IDL attribute").
     * Its listener is added when first set to a function and keeps its place in the list. */
    const handlers = new WeakMap(); /* target -> Map(type -> {value, listener}) */
    function defineEventHandler(proto, type) {
        Object.defineProperty(proto, 'on' + type, {
            enumerable: true,
            configurable: true,
            get() {
                const map = handlers.get(this);
                const h = map && map.get(type);
                return h ? h.value : null;
            },
            set(value) {
                const state = targetState(this, 'on' + type);
                let map = handlers.get(this);
                if (!map)
                    handlers.set(this, map = new Map());
                let h = map.get(type);
                if (!h)
                    map.set(type, h = {value: null, listener: null});
                h.value = typeof value === 'function' || (typeof value === 'object' &&
                                                          value !== null) ? value : null;
                if (h.value === null) {
                    if (h.listener)
                        removeListener(state, h.listener);
                    h.listener = null;
                } else if (!h.listener) {
                    const target = this;
                    const callback = function (event) {
                        if (typeof h.value === 'function')
                            return h.value.call(target, event);
                    };
                    addListener(this, state, type, callback, {capture: false});
                    h.listener = state.listeners[state.listeners.length - 1];
                }
            },
        });
    }

    /* ---- AbortController and AbortSignal ---- */

    /* signal -> {aborted, reason, algorithms: [fn], dependent, sources: Set<WeakRef>,
     *            dependents: Set<WeakRef>} */
    const signals = new WeakMap();
    let constructingSignal = false;

    function signalState(signal, what) {
        const s = signals.get(signal);
        if (!s)
            throw new TypeError('AbortSignal.prototype.' + what + ': not an AbortSignal');
        return s;
    }

    function createSignal() {
        constructingSignal = true;
        try {
            return new AbortSignal();
        } finally {
            constructingSignal = false;
        }
    }

    function addAbortAlgorithm(signal, algorithm) {
        const s = signalState(signal, 'add');
        if (!s.aborted)
            s.algorithms.push(algorithm);
    }

    function removeAbortAlgorithm(signal, algorithm) {
        const s = signalState(signal, 'remove');
        const i = s.algorithms.indexOf(algorithm);
        if (i >= 0)
            s.algorithms.splice(i, 1);
    }

    function runAbortSteps(signal, s) {
        const algorithms = s.algorithms;
        s.algorithms = [];
        for (const algorithm of algorithms) {
            try {
                algorithm(s.reason);
            } catch (e) {
                reportError(e);
            }
        }
        const event = new Event('abort');
        events.get(event).isTrusted = true;
        dispatch(signal, event);
    }

    function signalAbort(signal, reason) {
        const s = signalState(signal, 'abort');
        if (s.aborted)
            return;
        s.aborted = true;
        s.reason = reason !== undefined ? reason :
            new DOMException('This operation was aborted', 'AbortError');
        /* Dependents (from AbortSignal.any) get their reason before any abort event fires. */
        const toAbort = [];
        for (const ref of s.dependents) {
            const dep = ref.deref();
            const ds = dep && signals.get(dep);
            if (ds && !ds.aborted) {
                ds.aborted = true;
                ds.reason = s.reason;
                toAbort.push(dep);
            }
        }
        s.dependents.clear();
        runAbortSteps(signal, s);
        for (const dep of toAbort)
            runAbortSteps(dep, signals.get(dep));
    }

    class AbortSignal extends EventTarget {
        constructor() {
            if (!constructingSignal)
                throw new TypeError('AbortSignal: illegal constructor (use AbortController)');
            super();
            signals.set(this, {aborted: false, reason: undefined, algorithms: [],
                               dependent: false, sources: new Set(), dependents: new Set()});
        }

        get aborted() { return signalState(this, 'aborted').aborted; }
        get reason() { return signalState(this, 'reason').reason; }

        throwIfAborted() {
            const s = signalState(this, 'throwIfAborted');
            if (s.aborted)
                throw s.reason;
        }

        static abort(reason = undefined) {
            const signal = createSignal();
            signalAbort(signal, reason);
            return signal;
        }

        /* The timer does not keep the worker alive by itself (as in node): a script whose only
         * pending work is a timeout signal exits. */
        static timeout(milliseconds) {
            const ms = Number(milliseconds);
            if (arguments.length < 1 || !Number.isFinite(ms) || ms < 0 ||
                ms > Number.MAX_SAFE_INTEGER)
                throw new TypeError('AbortSignal.timeout: expected a count of milliseconds, ' +
                                    'got ' + String(milliseconds));
            const signal = createSignal();
            const fire = () => signalAbort(signal, new DOMException(
                'The operation timed out', 'TimeoutError'));
            if (internal.unrefTimeout)
                internal.unrefTimeout(Math.trunc(ms), fire);
            else
                setTimeout(fire, Math.trunc(ms));
            return signal;
        }

        static any(signalList) {
            if (signalList === null || typeof signalList !== 'object' ||
                typeof signalList[Symbol.iterator] !== 'function')
                throw new TypeError('AbortSignal.any: expected a sequence of AbortSignals');
            const list = Array.from(signalList);
            for (const signal of list)
                signalState(signal, 'any');
            const result = createSignal();
            const rs = signals.get(result);
            for (const signal of list) {
                const s = signals.get(signal);
                if (s.aborted) {
                    rs.aborted = true;
                    rs.reason = s.reason;
                    return result;
                }
            }
            rs.dependent = true;
            const link = (source) => {
                rs.sources.add(new WeakRef(source));
                signals.get(source).dependents.add(new WeakRef(result));
            };
            for (const signal of list) {
                const s = signals.get(signal);
                if (!s.dependent) {
                    link(signal);
                } else {
                    for (const ref of s.sources) {
                        const source = ref.deref();
                        if (source)
                            link(source);
                    }
                }
            }
            return result;
        }
    }
    defineEventHandler(AbortSignal.prototype, 'abort');

    const controllers = new WeakMap(); /* controller -> its signal */

    class AbortController {
        constructor() {
            controllers.set(this, createSignal());
        }

        get signal() {
            const signal = controllers.get(this);
            if (!signal)
                throw new TypeError('AbortController.prototype.signal: not an AbortController');
            return signal;
        }

        abort(reason = undefined) {
            signalAbort(this.signal, reason);
        }
    }

    for (const [cls, tag] of [[Event, 'Event'], [CustomEvent, 'CustomEvent'],
                              [EventTarget, 'EventTarget'], [AbortSignal, 'AbortSignal'],
                              [AbortController, 'AbortController']])
        Object.defineProperty(cls.prototype, Symbol.toStringTag, {value: tag,
                                                                  configurable: true});

    /* ---- the global scope ---- */

    /* Its prototype is immutable in JSC, so the global gets EventTarget's methods as its own
     * properties rather than EventTarget.prototype in its chain. */
    targets.set(globalThis, {listeners: []});

    /* internal.dispatchEvent(type or event): fires a trusted event at the global scope's
     * listeners (a plain Event when given a type). Returns how many listeners threw. */
    const globalListeners = targets.get(globalThis).listeners;
    internal.dispatchEvent = function (typeOrEvent) {
        if (typeof typeOrEvent === 'string') {
            /* An event no listener waits for is not made: nothing could see it. */
            let listened = false;
            for (let i = 0; i < globalListeners.length && !listened; i++)
                listened = globalListeners[i].type === typeOrEvent;
            if (!listened)
                return 0;
        }
        const event = typeof typeOrEvent === 'string' ? new Event(typeOrEvent) : typeOrEvent;
        const s = events.get(event);
        if (!s)
            throw new TypeError('internal.dispatchEvent: expected a type or an Event');
        if (s.dispatching)
            throw new DOMException('the event is already being dispatched', 'InvalidStateError');
        s.isTrusted = true;
        return dispatch(globalThis, event);
    };

    internal.Event = Event;
    internal.EventTarget = EventTarget;
    internal.AbortSignal = AbortSignal;
    internal.AbortController = AbortController;
    internal.defineEventHandler = defineEventHandler;
    internal.createAbortSignal = createSignal;
    internal.signalAbort = signalAbort;
    internal.addAbortAlgorithm = addAbortAlgorithm;
    internal.removeAbortAlgorithm = removeAbortAlgorithm;
    /* Marks an event as trusted (created by the runtime), for glue that dispatches its own. */
    internal.setEventTrusted = (event) => { eventState(event, 'isTrusted').isTrusted = true; };

    const defineOperation = (name, value) => Object.defineProperty(
        globalThis, name, {value, writable: true, enumerable: true, configurable: true});
    const defineInterface = (name, value) => Object.defineProperty(
        globalThis, name, {value, writable: true, enumerable: false, configurable: true});
    defineOperation('addEventListener', EventTarget.prototype.addEventListener);
    defineOperation('removeEventListener', EventTarget.prototype.removeEventListener);
    defineOperation('dispatchEvent', EventTarget.prototype.dispatchEvent);
    /* Worker scripts reach the global scope as `self` (self.addEventListener('fetch', ...)). */
    defineOperation('self', globalThis);
    defineInterface('Event', Event);
    defineInterface('CustomEvent', CustomEvent);
    defineInterface('EventTarget', EventTarget);
    defineInterface('AbortSignal', AbortSignal);
    defineInterface('AbortController', AbortController);
})
