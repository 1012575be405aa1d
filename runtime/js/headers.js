/* Headers (Fetch): case-insensitive names, values combined with ", ", sorted iteration, and
 * set-cookie kept apart. Headers of incoming requests are parsed from C's block only if read. */
(function (internal) {
    'use strict';

    const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
    const BAD_VALUE = /[\0\r\n]|[^\0-\xff]/;
    const EDGE_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
    const LIST = Symbol('headers list');
    const RAW = Symbol('headers raw block');
    const GUARD = Symbol('headers guard');

    function checkName(name) {
        name = String(name);
        if (!TOKEN.test(name))
            throw new TypeError('Headers: invalid header name ' + JSON.stringify(name));
        return name.toLowerCase();
    }

    function checkValue(value, name) {
        value = String(value);
        if (value.length && (value.charCodeAt(0) <= 32 ||
                             value.charCodeAt(value.length - 1) <= 32))
            value = value.replace(EDGE_SPACE, '');
        if (BAD_VALUE.test(value))
            throw new TypeError('Headers: invalid value for header ' + JSON.stringify(name));
        return value;
    }

    /* The list: Map lowercased name -> combined value, except set-cookie -> array of values. */
    function list(h) {
        let map = h[LIST];
        if (map === null) {
            map = h[LIST] = new Map();
            const raw = h[RAW];
            h[RAW] = null;
            let start = 0;
            while (start < raw.length) {
                let end = raw.indexOf('\n', start);
                if (end < 0)
                    end = raw.length;
                const colon = raw.indexOf(':', start);
                if (colon > start && colon < end)
                    add(map, raw.slice(start, colon), raw.slice(colon + 1, end).trim());
                start = end + 1;
            }
        }
        return map;
    }

    function add(map, name, value) {
        if (name === 'set-cookie') {
            const cookies = map.get(name);
            if (cookies)
                cookies.push(value);
            else
                map.set(name, [value]);
            return;
        }
        const old = map.get(name);
        map.set(name, old === undefined ? value : old + ', ' + value);
    }

    function mutable(h) {
        if (h[GUARD] === 'immutable')
            throw new TypeError('Headers: these headers are immutable');
        return list(h);
    }

    function fill(h, init) {
        if (init === undefined || init === null)
            return;
        if (typeof init !== 'object' && typeof init !== 'function')
            throw new TypeError('Headers: init must be an object, an iterable of pairs or a ' +
                                'Headers');
        const map = list(h);
        if (init instanceof Headers) {
            for (const [name, value] of list(init))
                map.set(name, Array.isArray(value) ? value.slice() : value);
            return;
        }
        if (typeof init[Symbol.iterator] === 'function') {
            for (const pair of init) {
                const p = typeof pair === 'string' ? null : Array.from(pair);
                if (!p || p.length !== 2)
                    throw new TypeError('Headers: each init pair must have exactly 2 items');
                const name = checkName(p[0]);
                add(map, name, checkValue(p[1], name));
            }
            return;
        }
        for (const key of Object.keys(init)) {
            const name = checkName(key);
            add(map, name, checkValue(init[key], name));
        }
    }

    class Headers {
        constructor(init) {
            this[LIST] = new Map();
            this[RAW] = null;
            this[GUARD] = 'none';
            fill(this, init);
        }
        append(name, value) {
            name = checkName(name);
            add(mutable(this), name, checkValue(value, name));
        }
        delete(name) {
            mutable(this).delete(checkName(name));
        }
        get(name) {
            const v = list(this).get(checkName(name));
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
        }
        getSetCookie() {
            const v = list(this).get('set-cookie');
            return v ? v.slice() : [];
        }
        has(name) {
            return list(this).has(checkName(name));
        }
        set(name, value) {
            name = checkName(name);
            value = checkValue(value, name);
            mutable(this).set(name, name === 'set-cookie' ? [value] : value);
        }
        forEach(callback, thisArg) {
            if (typeof callback !== 'function')
                throw new TypeError('Headers.forEach: the callback must be a function');
            for (const [name, value] of this)
                callback.call(thisArg, value, name, this);
        }
        * entries() {
            /* Sorted by name, set-cookie once per cookie: the Fetch "sort and combine". */
            const map = list(this);
            const names = Array.from(map.keys()).sort();
            for (const name of names) {
                const v = map.get(name);
                if (v === undefined)
                    continue;
                if (Array.isArray(v))
                    for (const c of v)
                        yield [name, c];
                else
                    yield [name, v];
            }
        }
        * keys() {
            for (const [name] of this.entries())
                yield name;
        }
        * values() {
            for (const [, value] of this.entries())
                yield value;
        }
        [Symbol.iterator]() {
            return this.entries();
        }
        get [Symbol.toStringTag]() {
            return 'Headers';
        }
    }

    /* For the other glue files. */
    internal.headersFromRaw = function (raw, guard) {
        const h = Object.create(Headers.prototype);
        h[LIST] = null;
        h[RAW] = raw;
        h[GUARD] = guard;
        return h;
    };
    internal.headersFill = fill;
    internal.headersSetGuard = (h, guard) => {
        h[GUARD] = guard;
    };
    internal.headersGetRaw = (h, name) => {
        /* get() without the name check, for names the glue knows are valid */
        const v = list(h).get(name);
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    };
    internal.headersHas = (h, name) => list(h).has(name);
    /* "name: value\r\n" per header for the C writer; hop-by-hop fields are the server's. */
    const SKIP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);
    internal.headersBlock = function (h, skip) {
        let out = '';
        for (const [name, value] of list(h)) {
            if ((skip || SKIP).has(name))
                continue;
            if (Array.isArray(value))
                for (const v of value)
                    out += name + ': ' + v + '\r\n';
            else
                out += name + ': ' + value + '\r\n';
        }
        return out;
    };

    Object.defineProperty(globalThis, 'Headers',
                          {value: Headers, writable: true, enumerable: false, configurable: true});
})
