/* Headers, Request, Response, the body mixin and ReadableStream, without a server. */
test('Headers: case-insensitive, combined with ", ", sorted, set-cookie apart', () => {
    const h = new Headers({'X-B': '1', 'x-a': ' 2 '});
    h.append('x-b', '3');
    h.append('Set-Cookie', 'a=1');
    h.append('set-cookie', 'b=2');
    assert.equal(h.get('X-B'), '1, 3');
    assert.equal(h.get('x-a'), '2');
    assert.deepEqual(h.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual([...h].map((e) => e.join('=')),
                     ['set-cookie=a=1', 'set-cookie=b=2', 'x-a=2', 'x-b=1, 3']);
    assert.equal(h.has('SET-COOKIE'), true);
    h.delete('x-b');
    assert.equal(h.get('x-b'), null);
});

test('Headers: invalid names and values are TypeErrors', () => {
    assert.throws(() => new Headers({'bad name': 'x'}), TypeError);
    assert.throws(() => new Headers([['x', 'a\r\nb']]), TypeError);
    assert.throws(() => new Headers([['x']]), TypeError);
    assert.throws(() => new Headers().set('x', '\u0100'), TypeError);
});

test('Request: method normalised, forbidden methods refused, GET without body', () => {
    assert.equal(new Request('http://example.com/a', {method: 'post'}).method, 'POST');
    assert.equal(new Request('http://example.com/a', {method: 'patch'}).method, 'patch');
    assert.throws(() => new Request('http://x/', {method: 'CONNECT'}), TypeError);
    assert.throws(() => new Request('http://x/', {body: 'no'}), TypeError);
    assert.throws(() => new Request('not a url'), TypeError);
});

test('Request: body, headers, clone and construction from a Request', async () => {
    const r = new Request('http://example.com/', {method: 'PUT', body: 'data'});
    assert.equal(r.headers.get('content-type'), 'text/plain;charset=UTF-8');
    const c = r.clone();
    assert.equal(await c.text(), 'data');
    const r2 = new Request(r, {headers: {'x-y': 'z'}});
    assert.equal(r2.method, 'PUT');
    assert.equal(r2.headers.get('x-y'), 'z');
    assert.equal(r.bodyUsed, true);
    assert.equal(await r2.text(), 'data');
});

test('Response: defaults, status checks, statusText, ok', () => {
    const r = new Response();
    assert.equal(r.status, 200);
    assert.equal(r.ok, true);
    assert.equal(r.type, 'default');
    assert.equal(r.body, null);
    assert.throws(() => new Response('x', {status: 99}), RangeError);
    assert.throws(() => new Response('x', {status: 600}), RangeError);
    assert.throws(() => new Response('x', {status: 204}), TypeError);
    assert.throws(() => new Response('x', {statusText: 'a\nb'}), TypeError);
    assert.equal(new Response(null, {status: 404, statusText: 'Nope'}).statusText, 'Nope');
});

test('Response.text(): UTF-8 decode strips one BOM, one U+FFFD per maximal subpart', async () => {
    const units = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16)).join(' ');
    const text = (bytes) => new Response(new Uint8Array(bytes)).text();
    const cases = [
        [[0xef, 0xbb, 0xbf, 0x61], '61'],
        [[0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'feff'],
        [[0xe0, 0x80], 'fffd fffd'],
        [[0xf0, 0x80, 0x80], 'fffd fffd fffd'],
        [[0xed, 0xa0, 0x80], 'fffd fffd fffd'],
        [[0xc0, 0xaf], 'fffd fffd'],
        [[0xf4, 0x90, 0x80, 0x80], 'fffd fffd fffd fffd'],
        [[0xe2, 0x82, 0x61], 'fffd 61'],
        [[0xf0, 0x9f, 0x98, 0x80], '1f600'],
    ];
    for (const [input, expected] of cases)
        assert.equal(units(await text(input)), expected, input.join(','));
    assert.equal(units(await new Request('http://x/', {method: 'POST',
                                                       body: new Uint8Array([0xc0, 0xaf])})
        .text()), 'fffd fffd');
});

test('Response: body types', async () => {
    assert.equal(await new Response('héllo').text(), 'héllo');
    assert.deepEqual(Array.from(await new Response(new Uint8Array([1, 2, 3])).bytes()),
                     [1, 2, 3]);
    const ab = await new Response(new Uint16Array([0x4241]).buffer).arrayBuffer();
    assert.equal(ab.byteLength, 2);
    assert.equal(await new Response(new DataView(new Uint8Array([104, 105]).buffer)).text(),
                 'hi');
    assert.deepEqual(await new Response('{"a":[1]}').json(), {a: [1]});
    if (typeof URLSearchParams === 'function') {
        const r = new Response(new URLSearchParams('a=1&b=2'));
        assert.equal(r.headers.get('content-type'),
                     'application/x-www-form-urlencoded;charset=UTF-8');
        assert.equal(await r.text(), 'a=1&b=2');
    }
});

test('Response: a second read rejects with a TypeError; bodyUsed', async () => {
    const r = new Response('once');
    assert.equal(r.bodyUsed, false);
    await r.text();
    assert.equal(r.bodyUsed, true);
    let error = null;
    await r.text().catch((e) => error = e);
    assert.ok(error instanceof TypeError);
});

test('Response: json, redirect, error, clone', async () => {
    const j = Response.json({x: 1}, {status: 201});
    assert.equal(j.status, 201);
    assert.equal(j.headers.get('content-type'), 'application/json');
    assert.equal(await j.text(), '{"x":1}');
    const r = Response.redirect('http://example.com/next', 301);
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), 'http://example.com/next');
    assert.throws(() => Response.redirect('http://example.com/', 200), RangeError);
    const e = Response.error();
    assert.equal(e.type, 'error');
    assert.equal(e.status, 0);
    const a = new Response('twice');
    const b = a.clone();
    assert.equal(await a.text(), 'twice');
    assert.equal(await b.text(), 'twice');
});

test('ReadableStream: start, pull, enqueue, close, reader, locked', async () => {
    let pulls = 0;
    const s = new ReadableStream({
        start(c) {
            c.enqueue('a');
        },
        pull(c) {
            pulls++;
            if (pulls === 3)
                c.close();
            else
                c.enqueue('p' + pulls);
        },
    });
    const reader = s.getReader();
    assert.equal(s.locked, true);
    assert.throws(() => s.getReader(), TypeError);
    const got = [];
    for (;;) {
        const {value, done} = await reader.read();
        if (done)
            break;
        got.push(value);
    }
    assert.deepEqual(got, ['a', 'p1', 'p2']);
    reader.releaseLock();
    assert.equal(s.locked, false);
});

test('ReadableStream: error, cancel, async iteration, tee', async () => {
    const failing = new ReadableStream({start(c) { c.error(new RangeError('bad')); }});
    let error = null;
    await failing.getReader().read().catch((e) => error = e);
    assert.ok(error instanceof RangeError);
    let reason = null;
    const s = new ReadableStream({cancel(r) { reason = r; }});
    await s.cancel('stop');
    assert.equal(reason, 'stop');
    const parts = [];
    for await (const chunk of new ReadableStream({start(c) { c.enqueue(1); c.enqueue(2); c.close(); }}))
        parts.push(chunk);
    assert.deepEqual(parts, [1, 2]);
    const [x, y] = new Response('teed').body.tee();
    assert.equal(await new Response(x).text(), 'teed');
    assert.equal(await new Response(y).text(), 'teed');
});

test('Response with a stream body reads through text()', async () => {
    const enc = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const r = new Response(new ReadableStream({
        start(c) {
            c.enqueue(enc('ab'));
            c.enqueue(enc('cd'));
            c.close();
        },
    }));
    assert.equal(await r.text(), 'abcd');
});

test('FetchEvent: extends Event when there is one; respondWith needs a Request', () => {
    const e = new FetchEvent('fetch', {request: new Request('http://x/')});
    assert.equal(e.type, 'fetch');
    if (typeof Event === 'function')
        assert.ok(e instanceof Event);
    assert.throws(() => new FetchEvent('fetch', {}), TypeError);
});
