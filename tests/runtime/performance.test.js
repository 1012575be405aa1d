/* performance.now() and performance.timeOrigin (High Resolution Time): monotonic, fine-grained,
 * and consistent with the wall clock. */

test('performance.now() starts near zero and never goes back', () => {
    let last = performance.now();
    assert.ok(last >= 0 && last < 60000, 'now() = ' + last);
    for (let i = 0; i < 1000; i++) {
        const t = performance.now();
        assert.ok(t >= last);
        last = t;
    }
});

test('performance.now() has sub-millisecond resolution', () => {
    let fractional = false;
    for (let i = 0; i < 100 && !fractional; i++)
        fractional = performance.now() % 1 !== 0;
    assert.ok(fractional);
});

test('timeOrigin + now() is the current Unix time', () => {
    const diff = Math.abs(performance.timeOrigin + performance.now() - Date.now());
    assert.ok(diff < 50, 'off by ' + diff + ' ms');
});

test('performance.timeOrigin is read-only', () => {
    const origin = performance.timeOrigin;
    performance.timeOrigin = 0;
    assert.equal(performance.timeOrigin, origin);
});
