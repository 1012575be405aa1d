/* Request (Fetch): from a URL or another Request plus init; method normalisation, headers, body,
 * clone. Requests the server receives are built lazily from what C parsed. */
(function (internal) {
    'use strict';

    const BODY = internal.BODY;
    const R = Symbol('request');
    const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
    const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
    const FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK']);

    function normalizeMethod(method) {
        method = String(method);
        if (!TOKEN.test(method))
            throw new TypeError('Request: invalid method ' + JSON.stringify(method));
        const upper = method.toUpperCase();
        if (FORBIDDEN.has(upper))
            throw new TypeError('Request: forbidden method ' + method);
        return NORMALIZED.has(upper) ? upper : method;
    }

    function parseURL(url) {
        url = String(url);
        if (typeof URL === 'function') {
            let parsed;
            try {
                parsed = new URL(url);
            } catch (e) {
                throw new TypeError('Request: invalid URL ' + JSON.stringify(url));
            }
            if (parsed.username || parsed.password)
                throw new TypeError('Request: a URL with credentials is not allowed');
            return parsed.href;
        }
        if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url))
            throw new TypeError('Request: invalid URL ' + JSON.stringify(url));
        return url;
    }

    function newSignal() {
        return typeof AbortController === 'function' ? new AbortController().signal : null;
    }

    class Request {
        constructor(input, init) {
            if (init === undefined || init === null)
                init = {};
            else if (typeof init !== 'object')
                throw new TypeError('Request: init must be an object');
            let st, inputBody = null;
            if (input instanceof Request) {
                const from = input[R];
                st = {
                    method: from.method, url: input.url, target: null, headers: null,
                    signal: from.signal, redirect: from.redirect,
                };
                inputBody = input;
            } else {
                st = {
                    method: 'GET', url: parseURL(input), target: null, headers: null,
                    signal: null, redirect: 'follow',
                };
            }
            if (init.method !== undefined)
                st.method = normalizeMethod(init.method);
            if (init.redirect !== undefined) {
                if (!['follow', 'error', 'manual'].includes(init.redirect))
                    throw new TypeError('Request: invalid redirect mode');
                st.redirect = init.redirect;
            }
            if (init.signal !== undefined && init.signal !== null)
                st.signal = init.signal;
            if (st.signal === null)
                st.signal = newSignal();
            const headers = new Headers(init.headers !== undefined
                                            ? init.headers
                                            : inputBody ? inputBody.headers : undefined);
            let source = null;
            if (init.body !== undefined && init.body !== null) {
                if (st.method === 'GET' || st.method === 'HEAD')
                    throw new TypeError('Request: a ' + st.method + ' request cannot have a ' +
                                        'body');
                const [s, type] = internal.extractBody(init.body);
                source = s;
                if (type && !headers.has('content-type'))
                    headers.set('content-type', type);
                this[BODY] = internal.makeBody(source);
            } else if (inputBody && inputBody[BODY].source !== null) {
                if (inputBody.bodyUsed)
                    throw new TypeError('Request: the body of the input request was already ' +
                                        'read');
                if (st.method === 'GET' || st.method === 'HEAD')
                    throw new TypeError('Request: a ' + st.method + ' request cannot have a ' +
                                        'body');
                /* The new request takes the body over; the input counts as read. */
                const slot = inputBody[BODY];
                this[BODY] = internal.makeBody(slot.stream || slot.source);
                slot.used = true;
            } else {
                this[BODY] = internal.makeBody(null);
            }
            st.headers = headers;
            this[R] = st;
        }
        get method() {
            return this[R].method;
        }
        get url() {
            const st = this[R];
            if (st.url === null) {
                /* Received: origin-form target plus the Host header, resolved on first use. */
                const target = st.target;
                if (target[0] !== '/' && /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target)) {
                    st.url = target;
                } else {
                    const host = internal.headersGetRaw(this.headers, 'host') || 'localhost';
                    st.url = 'http://' + host + (target[0] === '/' ? target : '/' + target);
                }
                /* a malformed Host: the text as received */
                st.url = internal.parseURL(st.url) ?? st.url;
            }
            return st.url;
        }
        get headers() {
            const st = this[R];
            if (st.headers === null)
                st.headers = internal.headersFromRaw(st.raw, 'immutable');
            return st.headers;
        }
        get signal() {
            const st = this[R];
            if (st.signal === null)
                st.signal = newSignal();
            return st.signal === null ? undefined : st.signal;
        }
        get redirect() {
            return this[R].redirect;
        }
        get destination() {
            return '';
        }
        get referrer() {
            return 'about:client';
        }
        get mode() {
            return 'cors';
        }
        get credentials() {
            return 'same-origin';
        }
        get cache() {
            return 'default';
        }
        clone() {
            const st = this[R];
            const copy = Object.create(Request.prototype);
            copy[R] = Object.assign({}, st, {headers: new Headers(this.headers)});
            copy[BODY] = internal.cloneBody(this);
            return copy;
        }
        get [Symbol.toStringTag]() {
            return 'Request';
        }
    }
    internal.mixinBody(Request.prototype);

    /* What the server hands the fetch event: body is an ArrayBuffer or null. */
    internal.makeIncomingRequest = function (method, target, raw, body) {
        const r = Object.create(Request.prototype);
        r[R] = {method, url: null, target, raw, headers: null, signal: null, redirect: 'manual'};
        r[BODY] = internal.makeBody(body === null ? null : new Uint8Array(body));
        return r;
    };
    internal.requestState = (r) => r[R];

    Object.defineProperty(globalThis, 'Request',
                          {value: Request, writable: true, enumerable: false, configurable: true});
})
