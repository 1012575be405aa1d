/* crypto.getRandomValues, crypto.randomUUID and crypto.subtle.digest (Web Crypto API). */

const toHex = (buffer) => Array.from(new Uint8Array(buffer),
                                     (b) => b.toString(16).padStart(2, '0')).join('');
const utf8 = (s) => new TextEncoder().encode(s);

test('getRandomValues fills integer typed arrays and returns them', () => {
    for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
                     Int32Array, Uint32Array, BigInt64Array, BigUint64Array]) {
        const a = new T(64);
        assert.equal(crypto.getRandomValues(a), a, T.name);
        assert.ok(a.some((v) => v != 0), T.name + ' got only zeros');
    }
    const whole = new Uint8Array(16);
    crypto.getRandomValues(whole.subarray(4, 8));
    assert.deepEqual(Array.from(whole.subarray(0, 4)), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(whole.subarray(8)), [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(crypto.getRandomValues(new Uint8Array(65536)).length, 65536);
    assert.equal(crypto.getRandomValues(new Uint8Array(0)).length, 0);
});

test('getRandomValues refuses floats, DataViews and more than 65536 bytes', () => {
    for (const a of [new Float32Array(4), new Float64Array(4), new DataView(new ArrayBuffer(4))])
        assert.equal(assert.throws(() => crypto.getRandomValues(a), DOMException).name,
                     'TypeMismatchError');
    const big = assert.throws(() => crypto.getRandomValues(new Uint32Array(16385)), DOMException);
    assert.equal(big.name, 'QuotaExceededError');
    assert.equal(big.code, 22);
    assert.throws(() => crypto.getRandomValues([1, 2]), TypeError);
    assert.throws(() => crypto.getRandomValues(), TypeError);
});

test('random bytes look random: every byte value appears in 64 KiB', () => {
    const a = crypto.getRandomValues(new Uint8Array(65536));
    const counts = new Array(256).fill(0);
    for (const b of a)
        counts[b]++;
    assert.ok(counts.every((c) => c > 128 && c < 384), 'uneven counts');
});

test('randomUUID gives distinct version 4 UUIDs', () => {
    const seen = new Set();
    for (let i = 0; i < 1000; i++) {
        const u = crypto.randomUUID();
        assert.ok(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u),
                  u);
        seen.add(u);
    }
    assert.equal(seen.size, 1000);
});

test('crypto and crypto.subtle cannot be constructed', () => {
    assert.throws(() => new Crypto(), TypeError);
    assert.throws(() => new SubtleCrypto(), TypeError);
    assert.ok(crypto instanceof Crypto);
    assert.ok(crypto.subtle instanceof SubtleCrypto);
});

/* FIPS 180-4 examples (one-block, empty and two-block messages). */
const msg448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
const vectors = {
    'SHA-1': {
        abc: 'a9993e364706816aba3e25717850c26c9cd0d89d',
        '': 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        [msg448]: '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    },
    'SHA-256': {
        abc: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        '': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        [msg448]: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    },
    'SHA-384': {
        abc: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed' +
             '8086072ba1e7cc2358baeca134c825a7',
        '': '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da' +
            '274edebfe76f65fbd51ad2f14898b95b',
        [msg448]: '3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6' +
                  'b0455a8520bc4e6f5fe95b1fe3c8452b',
    },
    'SHA-512': {
        abc: 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a' +
             '2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
        '': 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce' +
            '47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
        [msg448]: '204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335' +
                  '96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445',
    },
};

test('subtle.digest matches the FIPS 180 examples for SHA-1/256/384/512', async () => {
    for (const [algorithm, cases] of Object.entries(vectors)) {
        for (const [input, expected] of Object.entries(cases)) {
            const out = await crypto.subtle.digest(algorithm, utf8(input));
            assert.ok(out instanceof ArrayBuffer);
            assert.equal(toHex(out), expected, algorithm + '("' + input + '")');
        }
    }
});

test('subtle.digest takes {name}, any case, and any BufferSource', async () => {
    const abc256 = vectors['SHA-256'].abc;
    assert.equal(toHex(await crypto.subtle.digest({name: 'sha-256'}, utf8('abc'))), abc256);
    assert.equal(toHex(await crypto.subtle.digest('Sha-256', utf8('abc').buffer)), abc256);
    const padded = utf8('xabcx');
    assert.equal(toHex(await crypto.subtle.digest('SHA-256', padded.subarray(1, 4))), abc256);
    assert.equal(toHex(await crypto.subtle.digest('SHA-256', new DataView(padded.buffer, 1, 3))),
                 abc256);
});

test('subtle.digest copies the data before it returns', async () => {
    const data = utf8('abc');
    const p = crypto.subtle.digest('SHA-256', data);
    data[0] = 0;
    assert.equal(toHex(await p), vectors['SHA-256'].abc);
});

test('subtle.digest rejects unknown algorithms and bad data', async () => {
    const rejection = async (p) => {
        try {
            await p;
        } catch (e) {
            return e;
        }
        throw new AssertionError('expected a rejection');
    };
    const e = await rejection(crypto.subtle.digest('MD5', utf8('abc')));
    assert.ok(e instanceof DOMException);
    assert.equal(e.name, 'NotSupportedError');
    assert.equal((await rejection(crypto.subtle.digest('SHA-256', 'abc'))).name, 'TypeError');
    assert.equal((await rejection(crypto.subtle.digest({}, utf8('a')))).name, 'TypeError');
});
