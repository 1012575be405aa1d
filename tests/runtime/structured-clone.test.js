/* structuredClone: what it copies, what it keeps shared, and what it refuses. */

const cloneError = (value, options) => {
    const e = assert.throws(() => structuredClone(value, options), DOMException);
    assert.equal(e.name, 'DataCloneError');
    assert.equal(e.code, 25);
};

test('primitives come back as they are, bigint included', () => {
    for (const v of [undefined, null, true, false, 0, -0, NaN, 1.5, 'text', 10n ** 30n])
        assert.ok(Object.is(structuredClone(v), v), String(v));
});

test('wrapper objects, Date and RegExp are copied', () => {
    const b = structuredClone(Object(false));
    assert.equal(typeof b, 'object');
    assert.equal(b.valueOf(), false);
    assert.equal(structuredClone(Object(42)).valueOf(), 42);
    assert.equal(structuredClone(Object('s')).valueOf(), 's');
    assert.equal(structuredClone(Object(7n)).valueOf(), 7n);
    const d = new Date(1234567890123);
    const dc = structuredClone(d);
    assert.ok(dc instanceof Date && dc !== d);
    assert.equal(dc.getTime(), d.getTime());
    const r = /a+b/giu;
    r.lastIndex = 3;
    const rc = structuredClone(r);
    assert.ok(rc instanceof RegExp && rc !== r);
    assert.equal(rc.source, 'a+b');
    assert.equal(rc.flags, 'giu');
    assert.equal(rc.lastIndex, 0);
});

test('objects and arrays are deep copies; holes and extra properties are kept', () => {
    class Point {
        constructor() { this.x = 1; }
        get y() { return 2; }
    }
    const p = structuredClone(new Point());
    assert.equal(Object.getPrototypeOf(p), Object.prototype);
    assert.deepEqual(p, {x: 1});
    const a = [1, , 3];
    a.extra = 'yes';
    const ac = structuredClone(a);
    assert.ok(Array.isArray(ac));
    assert.equal(ac.length, 3);
    assert.equal(1 in ac, false);
    assert.equal(ac.extra, 'yes');
    const nested = {list: [{deep: true}]};
    const nc = structuredClone(nested);
    assert.ok(nc.list[0] !== nested.list[0]);
    assert.equal(nc.list[0].deep, true);
});

test('Map and Set are copied with their entries cloned', () => {
    const key = {k: 1};
    const m = new Map([[key, 'v'], ['s', {n: 2}]]);
    const mc = structuredClone(m);
    assert.ok(mc instanceof Map && mc !== m);
    assert.equal(mc.size, 2);
    const [k2] = mc.keys();
    assert.ok(k2 !== key);
    assert.equal(k2.k, 1);
    assert.equal(mc.get('s').n, 2);
    const s = structuredClone(new Set([1, 'two', key]));
    assert.equal(s.size, 3);
    assert.ok(s.has('two'));
});

test('cycles and shared references are preserved', () => {
    const shared = {s: true};
    const o = {a: shared, b: shared};
    o.self = o;
    const m = new Map();
    m.set('m', m);
    o.map = m;
    const c = structuredClone(o);
    assert.ok(c !== o);
    assert.equal(c.self, c);
    assert.equal(c.a, c.b);
    assert.ok(c.a !== shared);
    assert.equal(c.map.get('m'), c.map);
});

test('ArrayBuffers are copied; views of one buffer keep sharing the copy', () => {
    const buf = new ArrayBuffer(8);
    const u8 = new Uint8Array(buf);
    u8.set([1, 2, 3, 4, 5, 6, 7, 8]);
    const view = new DataView(buf, 2, 4);
    const u16 = new Uint16Array(buf, 4, 2);
    const c = structuredClone({buf, u8, view, u16, big: new BigInt64Array([5n])});
    assert.ok(c.buf !== buf);
    assert.equal(c.u8.buffer, c.buf);
    assert.equal(c.view.buffer, c.buf);
    assert.equal(c.u16.buffer, c.buf);
    assert.ok(c.view instanceof DataView);
    assert.equal(c.view.byteOffset, 2);
    assert.equal(c.view.byteLength, 4);
    assert.equal(c.u16.byteOffset, 4);
    assert.equal(c.u16.length, 2);
    assert.deepEqual(Array.from(c.u8), [1, 2, 3, 4, 5, 6, 7, 8]);
    c.u8[0] = 99;
    assert.equal(u8[0], 1);
    assert.equal(c.big[0], 5n);
});

test('errors keep their type, message and stack', () => {
    const e = new RangeError('out of range');
    const c = structuredClone(e);
    assert.ok(c instanceof RangeError && c !== e);
    assert.equal(c.message, 'out of range');
    assert.equal(c.stack, e.stack);
    class Custom extends TypeError {}
    assert.ok(structuredClone(new Custom('x')) instanceof Error);
    const d = structuredClone(new DOMException('gone', 'AbortError'));
    assert.ok(d instanceof DOMException);
    assert.equal(d.name, 'AbortError');
    assert.equal(d.code, 20);
});

test('functions, symbols, weak collections and promises are DataCloneErrors', () => {
    cloneError(() => {});
    cloneError(Symbol('s'));
    cloneError({f() {}});
    cloneError(new WeakMap());
    cloneError(new WeakSet());
    cloneError(Promise.resolve());
    cloneError(Object(Symbol('s')));
    assert.throws(() => structuredClone(), TypeError);
});

test('transfer moves an ArrayBuffer: the original is detached', () => {
    const buf = new Uint8Array([1, 2, 3]).buffer;
    const view = new Uint8Array(buf, 1);
    const c = structuredClone({buf, view}, {transfer: [buf]});
    assert.equal(buf.byteLength, 0);
    assert.equal(buf.detached, true);
    assert.deepEqual(Array.from(new Uint8Array(c.buf)), [1, 2, 3]);
    assert.equal(c.view.buffer, c.buf);
    assert.deepEqual(Array.from(c.view), [2, 3]);
    cloneError(1, {transfer: [{}]});
    const twice = new ArrayBuffer(1);
    cloneError(1, {transfer: [twice, twice]});
    cloneError(buf);
    const alone = new ArrayBuffer(2);
    structuredClone(0, {transfer: [alone]});
    assert.equal(alone.detached, true);
});
