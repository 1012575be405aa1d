/* queueMicrotask and promise jobs (JSC's microtask queue), and how they interleave with the
 * libuv timers. */

test('queueMicrotask runs after the current task and before any timer', async () => {
    const order = [];
    setTimeout(() => order.push('timeout'), 0);
    queueMicrotask(() => order.push('microtask'));
    order.push('sync');
    await delay(10);
    assert.deepEqual(order, ['sync', 'microtask', 'timeout']);
});

test('queueMicrotask and promise reactions share one FIFO queue', async () => {
    const order = [];
    queueMicrotask(() => order.push('a'));
    Promise.resolve().then(() => order.push('b'));
    queueMicrotask(() => order.push('c'));
    await delay(1);
    assert.deepEqual(order, ['a', 'b', 'c']);
});

test('a microtask queued by a microtask still runs before the next timer', async () => {
    const order = [];
    setTimeout(() => order.push('timeout'), 0);
    queueMicrotask(() => {
        order.push('outer');
        queueMicrotask(() => order.push('inner'));
    });
    await delay(10);
    assert.deepEqual(order, ['outer', 'inner', 'timeout']);
});

test('microtasks queued by a timer run before the next timer callback', async () => {
    const order = [];
    setTimeout(() => {
        order.push('t1');
        queueMicrotask(() => order.push('m1'));
        Promise.resolve().then(() => order.push('p1'));
    }, 5);
    setTimeout(() => order.push('t2'), 5);
    await delay(25);
    assert.deepEqual(order, ['t1', 'm1', 'p1', 't2']);
});

test('queueMicrotask needs a function', () => {
    assert.throws(() => queueMicrotask(), TypeError);
    assert.throws(() => queueMicrotask('code'), TypeError);
});

test('queueMicrotask is not affected by a replaced Promise', async () => {
    const saved = Promise;
    let ran = false;
    try {
        globalThis.Promise = function () {
            throw new Error('replaced');
        };
        queueMicrotask(() => ran = true);
    } finally {
        globalThis.Promise = saved;
    }
    await delay(1);
    assert.ok(ran);
});
