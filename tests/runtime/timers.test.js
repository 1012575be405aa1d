/* Timers: setTimeout/setInterval/clearTimeout/clearInterval on the worker's libuv loop: order,
 * arguments, cancelling, delay conversion, and no starvation by a 0 ms chain. */

test('setTimeout callbacks run in the order of their delays', async () => {
    const order = [];
    setTimeout(() => order.push(30), 30);
    setTimeout(() => order.push(10), 10);
    setTimeout(() => order.push(20), 20);
    await delay(60);
    assert.deepEqual(order, [10, 20, 30]);
});

test('timers with the same delay run in the order they were set', async () => {
    const order = [];
    for (let i = 0; i < 20; i++)
        setTimeout(() => order.push(i), 5);
    await delay(30);
    assert.deepEqual(order, [...Array(20).keys()]);
});

test('setTimeout(fn, 0) and setTimeout(fn) run after the current task, in order', async () => {
    const order = [];
    setTimeout(() => order.push('zero'), 0);
    setTimeout(() => order.push('none'));
    setTimeout(() => order.push('one'), 1);
    order.push('sync');
    await delay(20);
    assert.deepEqual(order, ['sync', 'zero', 'none', 'one']);
});

test('setTimeout passes its extra arguments to the callback', async () => {
    let got;
    setTimeout((...args) => got = args, 1, 'a', 2, null);
    await delay(15);
    assert.deepEqual(got, ['a', 2, null]);
});

test('clearTimeout cancels a pending timer', async () => {
    let ran = false;
    const id = setTimeout(() => ran = true, 5);
    clearTimeout(id);
    await delay(25);
    assert.equal(ran, false);
});

test('a callback can cancel a timer that is due in the same loop pass', async () => {
    const order = [];
    let second;
    setTimeout(() => {
        order.push('first');
        clearTimeout(second);
    }, 5);
    second = setTimeout(() => order.push('second'), 5);
    await delay(25);
    assert.deepEqual(order, ['first']);
});

test('setInterval repeats until clearInterval', async () => {
    let n = 0;
    const id = setInterval(() => {
        if (++n === 3)
            clearInterval(id);
    }, 2);
    await delay(80);
    assert.equal(n, 3);
});

test('setInterval passes its extra arguments on every run', async () => {
    const got = [];
    const id = setInterval((a, b) => {
        got.push(a + b);
        if (got.length === 2)
            clearInterval(id);
    }, 2, 'x', 'y');
    await delay(50);
    assert.deepEqual(got, ['xy', 'xy']);
});

test('clearTimeout and clearInterval clear either kind of timer', async () => {
    let n = 0;
    const interval = setInterval(() => n++, 2);
    const timeout = setTimeout(() => n++, 2);
    clearTimeout(interval);
    clearInterval(timeout);
    await delay(25);
    assert.equal(n, 0);
});

test('clearing an unknown id, a fired timer or a non-number does nothing', async () => {
    const id = setTimeout(() => {}, 1);
    await delay(10);
    clearTimeout(id);
    clearTimeout();
    clearTimeout(null);
    clearTimeout('1');
    clearTimeout(987654321);
    clearInterval(-1);
    clearInterval(1.5);
});

test('timer ids are distinct positive integers', () => {
    const ids = [setTimeout(() => {}, 1), setTimeout(() => {}, 1), setInterval(() => {}, 1)];
    ids.forEach(clearTimeout);
    for (const id of ids)
        assert.ok(Number.isInteger(id) && id > 0, 'id ' + id);
    assert.equal(new Set(ids).size, 3);
});

test('a callback that is not a function is a TypeError', () => {
    assert.throws(() => setTimeout('console.log(1)', 1), TypeError);
    assert.throws(() => setInterval({}, 1), TypeError);
    assert.throws(() => setTimeout(), TypeError);
});

test('negative, NaN, fractional and oversized delays still fire', async () => {
    let n = 0;
    setTimeout(() => n++, -5);
    setTimeout(() => n++, NaN);
    setTimeout(() => n++, 0.5);
    setTimeout(() => n++, 2 ** 40);
    setTimeout(() => n++, '3');
    await delay(30);
    assert.equal(n, 5);
});

test('a delay that cannot be converted to a number throws', () => {
    assert.throws(() => setTimeout(() => {}, Symbol('x')), TypeError);
});

test('a timer waits for its delay (20 ms, within a 1 ms clock step)', async () => {
    const start = performance.now();
    await delay(20);
    assert.ok(performance.now() - start >= 19, 'waited ' + (performance.now() - start));
});

test('a chain of setTimeout(fn, 0) does not starve a later timer', async () => {
    let chainDone = false, otherRanFirst = false;
    let left = 100;
    const step = () => {
        if (--left > 0)
            setTimeout(step, 0);
        else
            chainDone = true;
    };
    setTimeout(step, 0);
    setTimeout(() => otherRanFirst = !chainDone, 10);
    while (!chainDone)
        await delay(5);
    assert.ok(otherRanFirst, 'the 10 ms timer ran while the chain was still going');
});
