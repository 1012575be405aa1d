/* URL and URLSearchParams beyond the WPT parsing cases (run.sh runs those): setters, the live
 * searchParams, canParse/parse, toJSON, and URLSearchParams' own behaviour. */

test('URL parses with a base and exposes its parts', () => {
    const u = new URL('../b/c?x=1#frag', 'https://user:pw@Example.COM:8080/a/d/e');
    assert.equal(u.href, 'https://user:pw@example.com:8080/a/b/c?x=1#frag');
    assert.equal(u.origin, 'https://example.com:8080');
    assert.equal(u.protocol, 'https:');
    assert.equal(u.username, 'user');
    assert.equal(u.password, 'pw');
    assert.equal(u.host, 'example.com:8080');
    assert.equal(u.hostname, 'example.com');
    assert.equal(u.port, '8080');
    assert.equal(u.pathname, '/a/b/c');
    assert.equal(u.search, '?x=1');
    assert.equal(u.hash, '#frag');
    assert.equal(String(u), u.href);
    assert.equal(JSON.stringify({u}), '{"u":"https://user:pw@example.com:8080/a/b/c?x=1#frag"}');
});

test('strings that are nearly a serialized URL are normalised, not taken as they are', () => {
    /* url.js reads a string that is already a serialized special URL without the state machine:
     * each of these differs from that form in one place and must come out normalised. */
    const cases = [
        ['HTTP://a/', 'http://a/'], ['http://A.com/', 'http://a.com/'],
        ['http://a:80/', 'http://a/'], ['http://a:080/x', 'http://a/x'],
        ['https://a:443/', 'https://a/'], ['ws://a:80/', 'ws://a/'], ['wss://a:443/', 'wss://a/'],
        ['ftp://a:21/', 'ftp://a/'], ['http://a:8080', 'http://a:8080/'], ['http://a?q', 'http://a/?q'],
        ['http://a:/', 'http://a/'], ['http://1.2.3.04/', 'http://1.2.3.4/'],
        ['http://0x7f.1/', 'http://127.0.0.1/'], ['http://127.1/', 'http://127.0.0.1/'],
        ['http://a/./b/../c', 'http://a/c'], ['http://a/%2e/b/%2E%2e/c', 'http://a/c'],
        ['http://a/b c', 'http://a/b%20c'], ['http://a/{}`', 'http://a/%7B%7D%60'],
        ["http://a/?x'y", 'http://a/?x%27y'], ['http://a/#x`y', 'http://a/#x%60y'],
        ['http://a/b\\c', 'http://a/b/c'], [' http://a/ ', 'http://a/'], ['http://a/\tb', 'http://a/b'],
        ['http://a/\u00e9', 'http://a/%C3%A9'], ['http://u@a/', 'http://u@a/'],
        ['http://a/%zz', 'http://a/%zz'], ['file://a/b', 'file://a/b'],
    ];
    for (const [input, href] of cases)
        assert.equal(new URL(input).href, href, JSON.stringify(input));
    for (const bad of ['http://a.1/', 'http://a.0x10/', 'http://1.2.3.256/', 'http://a:65536/',
                       'http://xn--/', 'http:///'])
        assert.throws(() => new URL(bad), TypeError, bad);
    const u = new URL('http://localhost:8080/a//b?c=d&e#f');
    assert.deepEqual([u.href, u.host, u.port, u.pathname, u.search, u.hash],
                     ['http://localhost:8080/a//b?c=d&e#f', 'localhost:8080', '8080', '/a//b',
                      '?c=d&e', '#f']);
    assert.deepEqual([...u.searchParams], [['c', 'd'], ['e', '']]);
    assert.deepEqual([new URL('http://a/?').search, new URL('http://a/?').href], ['', 'http://a/?']);
    assert.throws(() => new URL('http://a/x', 'not a base'), TypeError);
});

test('invalid URLs throw TypeError; canParse and parse do not', () => {
    assert.throws(() => new URL('no scheme'), TypeError);
    assert.throws(() => new URL('/path', 'not a base'), TypeError);
    assert.throws(() => new URL('http://exa mple.com/'), TypeError);
    assert.equal(URL.canParse('https://x/'), true);
    assert.equal(URL.canParse('x'), false);
    assert.equal(URL.canParse('x', 'https://y/'), true);
    assert.equal(URL.parse('x'), null);
    assert.equal(URL.parse('x', 'https://y/z').href, 'https://y/x');
});

test('hosts: IPv4 number forms, IPv6 compression, IDNA to punycode', () => {
    assert.equal(new URL('http://0x7f.1/').host, '127.0.0.1');
    assert.equal(new URL('http://2130706433/').host, '127.0.0.1');
    assert.equal(new URL('http://0177.0.0.1/').host, '127.0.0.1');
    assert.throws(() => new URL('http://256.256.256.256/'), TypeError);
    assert.equal(new URL('http://[0:0:0:0:0:0:0:1]/').host, '[::1]');
    assert.equal(new URL('http://[2001:db8:0:0:1:0:0:1]/').host, '[2001:db8::1:0:0:1]');
    assert.equal(new URL('http://[::ffff:192.168.0.1]/').host, '[::ffff:c0a8:1]');
    assert.equal(new URL('http://bücher.example/').host, 'xn--bcher-kva.example');
    assert.equal(new URL('http://ＥＸＡＭＰＬＥ.com/').host, 'example.com');
    assert.equal(new URL('foo://Opaque.Host/').host, 'Opaque.Host');
});

test('file URLs keep Windows drive letters', () => {
    assert.equal(new URL('file:///C|/a/../../b').href, 'file:///C:/b');
    assert.equal(new URL('..', 'file:///C:/').href, 'file:///C:/');
    assert.equal(new URL('file://localhost/etc/passwd').href, 'file:///etc/passwd');
});

test('setters change one part and keep the rest', () => {
    const u = new URL('http://example.com/path?q=1#h');
    u.protocol = 'https';
    assert.equal(u.href, 'https://example.com/path?q=1#h');
    u.protocol = 'foo'; /* special to non-special: ignored */
    assert.equal(u.protocol, 'https:');
    u.username = 'a b';
    u.password = 'p@ss';
    assert.equal(u.href, 'https://a%20b:p%40ss@example.com/path?q=1#h');
    u.host = 'other.org:444';
    assert.equal(u.host, 'other.org:444');
    u.hostname = 'third.net';
    assert.equal(u.host, 'third.net:444');
    u.port = '443';
    assert.equal(u.port, '', 'the default port is dropped');
    u.port = 'abc';
    assert.equal(u.port, '');
    u.port = '8443x';
    assert.equal(u.port, '8443');
    u.pathname = '/a b/../c';
    assert.equal(u.pathname, '/c');
    u.search = 'x=1 2';
    assert.equal(u.search, '?x=1%202');
    u.hash = 'frag ment';
    assert.equal(u.hash, '#frag%20ment');
    u.hash = '';
    u.search = '';
    assert.equal(u.href, 'https://a%20b:p%40ss@third.net:8443/c');
    u.href = 'http://new/';
    assert.equal(u.host, 'new');
    assert.throws(() => { u.href = 'nope'; }, TypeError);
    const opaque = new URL('mailto:someone@example.com');
    opaque.pathname = 'x';
    opaque.host = 'y';
    assert.equal(opaque.href, 'mailto:someone@example.com');
    const file = new URL('file:///x');
    file.username = 'u';
    file.port = '1';
    assert.equal(file.href, 'file:///x');
});

test('searchParams is live in both directions', () => {
    const u = new URL('https://x/?a=1&b=2&a=3');
    const p = u.searchParams;
    assert.equal(u.searchParams, p);
    assert.deepEqual(p.getAll('a'), ['1', '3']);
    p.append('c', 'd e');
    assert.equal(u.search, '?a=1&b=2&a=3&c=d+e');
    p.delete('a');
    assert.equal(u.href, 'https://x/?b=2&c=d+e');
    u.search = '?z=9';
    assert.equal(p.get('z'), '9');
    assert.equal(p.has('b'), false);
    p.delete('z');
    assert.equal(u.href, 'https://x/');
    u.href = 'https://y/?k=v';
    assert.equal(p.get('k'), 'v');
});

test('URLSearchParams from a string, a sequence and a record', () => {
    assert.equal(new URLSearchParams('?a=1&b=%20x+y&&c').toString(), 'a=1&b=+x+y&c=');
    assert.equal(new URLSearchParams('b=%20x+y').get('b'), ' x y');
    assert.equal(new URLSearchParams([['a', '1'], ['a', '2']]).toString(), 'a=1&a=2');
    assert.equal(new URLSearchParams({x: '1', y: 'é'}).toString(), 'x=1&y=%C3%A9');
    assert.equal(new URLSearchParams(new Map([['m', 'n']])).toString(), 'm=n');
    assert.throws(() => new URLSearchParams([['a']]), TypeError);
    assert.throws(() => new URLSearchParams([['a', 'b', 'c']]), TypeError);
    assert.equal(new URLSearchParams('a=\ud800').get('a'), '\ufffd');
});

test('URLSearchParams methods: has/delete with a value, set, sort, size, iteration', () => {
    const p = new URLSearchParams('b=2&a=1&b=3&c=4');
    assert.equal(p.size, 4);
    assert.equal(p.has('b', '3'), true);
    assert.equal(p.has('b', '4'), false);
    p.delete('b', '2');
    assert.equal(p.toString(), 'a=1&b=3&c=4');
    p.set('a', 'x');
    p.append('a', 'y');
    p.set('a', 'z');
    assert.equal(p.toString(), 'a=z&b=3&c=4');
    p.append('B', '0');
    p.append('a', 'w');
    p.sort();
    assert.equal(p.toString(), 'B=0&a=z&a=w&b=3&c=4');
    assert.deepEqual([...p.keys()], ['B', 'a', 'a', 'b', 'c']);
    assert.deepEqual([...p.values()], ['0', 'z', 'w', '3', '4']);
    assert.deepEqual([...p].map((e) => e.join('=')), ['B=0', 'a=z', 'a=w', 'b=3', 'c=4']);
    const seen = [];
    p.forEach((value, name, self) => seen.push(name + value + (self === p)));
    assert.equal(seen[0], 'B0true');
    assert.equal(p.get('missing'), null);
    assert.equal(new URLSearchParams({s: "a b!'()~*&=+"}).toString(),
                 's=a+b%21%27%28%29%7E*%26%3D%2B');
});
