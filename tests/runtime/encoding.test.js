/* TextEncoder and TextDecoder (Encoding Standard, UTF-8), atob and btoa (forgiving-base64). */

const bytes = (...b) => new Uint8Array(b);
const units = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16)).join(' ');
const decode = (b, options) => new TextDecoder('utf-8', options).decode(b);

test('TextEncoder encodes UTF-8; a lone surrogate becomes U+FFFD', () => {
    const e = new TextEncoder();
    assert.equal(e.encoding, 'utf-8');
    assert.deepEqual(Array.from(e.encode('aé€😀')),
                     [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    assert.deepEqual(Array.from(e.encode('\ud800x\udc00')),
                     [0xef, 0xbf, 0xbd, 0x78, 0xef, 0xbf, 0xbd]);
    assert.deepEqual(Array.from(e.encode('\udc00\ud800')),
                     [0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd]);
    assert.equal(e.encode().length, 0);
    assert.deepEqual(Array.from(e.encode(12)), [0x31, 0x32]);
    assert.ok(e.encode('x') instanceof Uint8Array);
});

test('encodeInto writes whole code points only and counts UTF-16 units read', () => {
    const e = new TextEncoder();
    const buf = new Uint8Array(5);
    assert.deepEqual(e.encodeInto('a😀b', buf), {read: 3, written: 5});
    assert.deepEqual(Array.from(buf), [0x61, 0xf0, 0x9f, 0x98, 0x80]);
    const small = new Uint8Array(4);
    assert.deepEqual(e.encodeInto('aé€', small), {read: 2, written: 3});
    const offset = new Uint8Array(8).subarray(4, 6);
    assert.deepEqual(e.encodeInto('xyz', offset), {read: 2, written: 2});
    assert.deepEqual(Array.from(offset.buffer instanceof ArrayBuffer ?
                                new Uint8Array(offset.buffer) : []),
                     [0, 0, 0, 0, 0x78, 0x79, 0, 0]);
    assert.throws(() => e.encodeInto('x', new Uint16Array(2)), TypeError);
});

test('TextDecoder accepts the labels of UTF-8 only', () => {
    for (const label of ['utf-8', 'UTF-8', ' utf8 ', 'unicode-1-1-utf-8', 'Unicode-1-1-UTF-8'])
        assert.equal(new TextDecoder(label).encoding, 'utf-8', label);
    assert.equal(new TextDecoder().encoding, 'utf-8');
    for (const label of ['latin1', 'utf-16le', 'utf-9', ''])
        assert.throws(() => new TextDecoder(label), RangeError, label);
    const d = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});
    assert.equal(d.fatal, true);
    assert.equal(d.ignoreBOM, true);
});

test('TextDecoder decodes every kind of BufferSource, at its offset', () => {
    const buf = new Uint8Array([0x78, 0x61, 0xc3, 0xa9, 0x78]);
    assert.equal(decode(buf.subarray(1, 4)), 'aé');
    assert.equal(decode(buf.buffer), 'xaéx');
    assert.equal(decode(new DataView(buf.buffer, 1, 3)), 'aé');
    assert.equal(decode(new Uint16Array([0x6968])), 'hi');
    assert.equal(new TextDecoder().decode(), '');
    assert.throws(() => decode('abc'), TypeError);
});

test('ill-formed input: one U+FFFD per maximal subpart', () => {
    const cases = [
        [[0xc0, 0x80], 'fffd fffd'],                 /* overlong 2-byte */
        [[0xe0, 0x80, 0x80], 'fffd fffd fffd'],      /* overlong 3-byte */
        [[0xf0, 0x80, 0x80, 0x80], 'fffd fffd fffd fffd'],
        [[0xed, 0xa0, 0x80], 'fffd fffd fffd'],      /* a surrogate encoded in UTF-8 */
        [[0xf4, 0x90, 0x80, 0x80], 'fffd fffd fffd fffd'], /* above U+10FFFF */
        [[0xe2, 0x82], 'fffd'],                      /* truncated at the end */
        [[0xe2, 0x82, 0x61], 'fffd 61'],             /* truncated before ASCII */
        [[0xf0, 0x9f, 0x98], 'fffd'],
        [[0xf0, 0x9f, 0x98, 0xe2, 0x82, 0xac], 'fffd 20ac'],
        [[0x80, 0xbf], 'fffd fffd'],                 /* lone continuation bytes */
        [[0xff, 0xfe, 0x61], 'fffd fffd 61'],
        [[0xf8, 0x88, 0x80, 0x80, 0x80], 'fffd fffd fffd fffd fffd'],
        [[0x61, 0xf1, 0x80, 0x80, 0xe1, 0x80, 0xc2, 0x62, 0x80, 0x63, 0x80, 0xbf, 0x64],
         '61 fffd fffd fffd 62 fffd 63 fffd fffd 64'],
    ];
    for (const [input, expected] of cases)
        assert.equal(units(decode(new Uint8Array(input))), expected, input.join(','));
    assert.equal(units(decode(bytes(0xef, 0xbf, 0xbf, 0xf4, 0x8f, 0xbf, 0xbf))), 'ffff 10ffff');
});

test('fatal turns ill-formed input into a TypeError', () => {
    const d = new TextDecoder('utf-8', {fatal: true});
    assert.throws(() => d.decode(bytes(0xc0, 0x80)), TypeError);
    assert.throws(() => d.decode(bytes(0xe2, 0x82)), TypeError);
    assert.equal(d.decode(bytes(0xe2, 0x82, 0xac)), '€');
    assert.throws(() => d.decode(bytes(0x61, 0xed, 0xa0, 0x80)), TypeError);
});

test('a leading BOM is removed unless ignoreBOM; only at the start of a stream', () => {
    const bom = [0xef, 0xbb, 0xbf];
    assert.equal(decode(bytes(...bom, 0x61)), 'a');
    assert.equal(decode(bytes(...bom, ...bom, 0x61)), '\ufeffa');
    assert.equal(decode(bytes(...bom, 0x61), {ignoreBOM: true}), '\ufeffa');
    const d = new TextDecoder();
    assert.equal(d.decode(bytes(0xef, 0xbb), {stream: true}), '');
    assert.equal(d.decode(bytes(0xbf, 0x61), {stream: true}), 'a');
    assert.equal(d.decode(bytes(...bom)), '\ufeff');
    assert.equal(d.decode(bytes(...bom, 0x62)), 'b', 'a new stream after a final decode');
});

test('streaming keeps a partial sequence across calls', () => {
    const d = new TextDecoder();
    const all = new TextEncoder().encode('a€😀é');
    let out = '';
    for (const b of all)
        out += d.decode(bytes(b), {stream: true});
    out += d.decode();
    assert.equal(out, 'a€😀é');
    assert.equal(d.decode(bytes(0xf0, 0x9f), {stream: true}), '');
    assert.equal(units(d.decode()), 'fffd', 'an unfinished sequence at the end');
    assert.equal(d.decode(bytes(0xe2), {stream: true}), '');
    assert.equal(units(d.decode(bytes(0x61), {stream: true})), 'fffd 61');
    const f = new TextDecoder('utf-8', {fatal: true});
    assert.equal(f.decode(bytes(0xe2, 0x82), {stream: true}), '');
    assert.equal(f.decode(bytes(0xac)), '€');
});

test('the decoder round-trips every code point through the encoder', () => {
    let s = '';
    for (let cp = 0; cp < 0x110000; cp += cp < 0x800 ? 1 : 61)
        if (cp < 0xd800 || cp > 0xdfff)
            s += String.fromCodePoint(cp);
    assert.equal(decode(new TextEncoder().encode(s)), s);
});

test('atob decodes forgiving-base64 into a binary string', () => {
    assert.equal(atob('aGVsbG8='), 'hello');
    assert.equal(atob('aGVsbG8'), 'hello');
    assert.equal(atob(' aG\tVs\nbG8\f=\r'), 'hello');
    assert.equal(atob(''), '');
    assert.equal(atob('YQ'), 'a');
    assert.equal(atob('YR'), 'a', 'extra bits are dropped');
    assert.equal(atob('/+8='), '\xff\xef');
    assert.equal(atob(null), '\x9e\xe9\x65', 'the argument is converted to a string');
    assert.throws(() => atob(undefined), DOMException, '"undefined" has 9 characters');
    for (const bad of ['a', 'aGVsbG8==', 'aGVs=bG8', 'aGVsbG8===', 'a===', '*aaa', 'é', '=',
                       'ab=c'])
        assert.equal(assert.throws(() => atob(bad), DOMException).name,
                     'InvalidCharacterError', bad);
    assert.throws(() => atob(), TypeError);
});

test('btoa encodes Latin-1 and refuses anything wider', () => {
    assert.equal(btoa('hello'), 'aGVsbG8=');
    assert.equal(btoa(''), '');
    assert.equal(btoa('a'), 'YQ==');
    assert.equal(btoa('ab'), 'YWI=');
    assert.equal(btoa('\xff\xef'), '/+8=');
    let all = '';
    for (let i = 0; i < 256; i++)
        all += String.fromCharCode(i);
    assert.equal(atob(btoa(all)), all);
    const e = assert.throws(() => btoa('€'), DOMException);
    assert.equal(e.name, 'InvalidCharacterError');
    assert.equal(e.code, 5);
    assert.throws(() => btoa(), TypeError);
});
