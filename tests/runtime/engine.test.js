/* The engine as configured for one thread: what it runs (JIT tiers, GC, regexps, Intl) and what
 * it deliberately leaves out. run.sh checks the thread count around such work with --debug. */

test('WebAssembly is not offered: its compiler always runs on a helper thread', () => {
    assert.equal(typeof WebAssembly, 'undefined');
});

test('hot code, regexps, JSON and Intl run correctly without concurrent JIT', () => {
    const f = (x) => (x * 2 + 1) & 7;
    let s = 0;
    for (let i = 0; i < 3000000; i++)
        s += f(i);
    assert.equal(s, 12000000); // (2x + 1) & 7 cycles through 1, 3, 5, 7
    const m = /a(b+)c/.exec('xxabbbc');
    assert.equal(m[1], 'bbb');
    assert.deepEqual(JSON.parse(JSON.stringify({a: [1, 'x']})), {a: [1, 'x']});
    assert.equal(new Intl.NumberFormat('en-US').format(1234.5), '1,234.5');
});

test('garbage collection under allocation pressure keeps live objects intact', () => {
    const live = [];
    for (let round = 0; round < 20; round++) {
        const garbage = [];
        for (let i = 0; i < 20000; i++)
            garbage.push({i, s: 'g' + i});
        live.push({round, last: garbage[garbage.length - 1]});
    }
    assert.equal(live.length, 20);
    assert.equal(live[19].last.s, 'g19999');
});
