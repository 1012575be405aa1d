/* AbortController and AbortSignal (DOM Standard §3.1). */

test('abort() sets aborted and a default AbortError reason, once', () => {
    const c = new AbortController();
    const s = c.signal;
    assert.equal(c.signal, s);
    assert.equal(s.aborted, false);
    assert.equal(s.reason, undefined);
    s.throwIfAborted();
    let events = 0, handler = 0, event;
    s.addEventListener('abort', (e) => { events++; event = e; });
    s.onabort = () => handler++;
    c.abort();
    c.abort('again');
    assert.equal(s.aborted, true);
    assert.ok(s.reason instanceof DOMException);
    assert.equal(s.reason.name, 'AbortError');
    assert.equal(events, 1);
    assert.equal(handler, 1);
    assert.equal(event.type, 'abort');
    assert.equal(event.isTrusted, true);
    assert.equal(event.target, s);
    const thrown = assert.throws(() => s.throwIfAborted());
    assert.equal(thrown, s.reason);
});

test('abort(reason) keeps the reason as given', () => {
    const c = new AbortController();
    const reason = new Error('mine');
    c.abort(reason);
    assert.equal(c.signal.reason, reason);
    const c2 = new AbortController();
    c2.abort(0);
    assert.equal(c2.signal.reason, 0);
});

test('onabort is null until set; setting null removes it', () => {
    const c = new AbortController();
    assert.equal(c.signal.onabort, null);
    let n = 0;
    const f = () => n++;
    c.signal.onabort = f;
    assert.equal(c.signal.onabort, f);
    c.signal.onabort = null;
    c.abort();
    assert.equal(n, 0);
});

test('AbortSignal cannot be constructed; AbortSignal.abort() is aborted already', () => {
    assert.throws(() => new AbortSignal(), TypeError);
    const s = AbortSignal.abort();
    assert.equal(s.aborted, true);
    assert.equal(s.reason.name, 'AbortError');
    assert.equal(AbortSignal.abort('why').reason, 'why');
    assert.ok(s instanceof EventTarget);
    assert.equal(Object.prototype.toString.call(s), '[object AbortSignal]');
});

test('AbortSignal.timeout aborts with a TimeoutError after the delay', async () => {
    const s = AbortSignal.timeout(10);
    assert.equal(s.aborted, false);
    const start = performance.now();
    /* The signal's timer does not keep the worker alive by itself: this one does. */
    const keepAlive = setTimeout(() => {}, 5000);
    await new Promise((resolve) => s.addEventListener('abort', resolve));
    clearTimeout(keepAlive);
    assert.ok(performance.now() - start >= 9, 'fired after ' + (performance.now() - start));
    assert.equal(s.aborted, true);
    assert.ok(s.reason instanceof DOMException);
    assert.equal(s.reason.name, 'TimeoutError');
    assert.equal(s.reason.code, 23);
    assert.throws(() => AbortSignal.timeout(-1), TypeError);
    assert.throws(() => AbortSignal.timeout(NaN), TypeError);
});

test('AbortSignal.any follows the first of its signals to abort', () => {
    const a = new AbortController(), b = new AbortController();
    const any = AbortSignal.any([a.signal, b.signal]);
    const nested = AbortSignal.any([any]);
    const order = [];
    any.onabort = () => order.push(['any', nested.aborted]);
    nested.onabort = () => order.push(['nested']);
    a.signal.onabort = () => order.push(['a']);
    assert.equal(any.aborted, false);
    a.abort('first');
    b.abort('second');
    assert.equal(any.aborted, true);
    assert.equal(any.reason, 'first');
    assert.equal(nested.reason, 'first');
    assert.deepEqual(order, [['a'], ['any', true], ['nested']]);
});

test('AbortSignal.any of an aborted signal is aborted at once', () => {
    const s = AbortSignal.any([new AbortController().signal, AbortSignal.abort('done')]);
    assert.equal(s.aborted, true);
    assert.equal(s.reason, 'done');
    assert.equal(AbortSignal.any([]).aborted, false);
    assert.throws(() => AbortSignal.any([{}]), TypeError);
});
