/* Response (Fetch): bodies of every kind, status checks, headers, clone, and the static json,
 * redirect and error. A plain text Response builds no Headers object unless one is asked for. */
(function (internal) {
    'use strict';

    const BODY = internal.BODY;
    const R = Symbol('response');
    const NULL_BODY = new Set([101, 103, 204, 205, 304]);
    const REDIRECT = new Set([301, 302, 303, 307, 308]);
    const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;
    /* The header block for the C writer when the only header is the default Content-Type. */
    const TEXT_BLOCK = 'content-type: text/plain;charset=UTF-8\r\n';

    class Response {
        constructor(body, init) {
            if (body === undefined)
                body = null;
            if (init === undefined || init === null)
                init = {};
            else if (typeof init !== 'object')
                throw new TypeError('Response: init must be an object');
            const status = init.status === undefined ? 200 : Number(init.status);
            if (!(status >= 200 && status <= 599) || status !== Math.floor(status))
                throw new RangeError('Response: status ' + init.status +
                                     ' is outside 200-599');
            let statusText = '';
            if (init.statusText !== undefined) {
                statusText = String(init.statusText);
                if (!REASON.test(statusText))
                    throw new TypeError('Response: invalid statusText');
            }
            const st = {status, statusText, headers: null, type: 'default', url: '',
                        redirected: false, block: null};
            let source = null, type = null;
            if (body !== null) {
                if (NULL_BODY.has(status))
                    throw new TypeError('Response: status ' + status + ' cannot have a body');
                [source, type] = internal.extractBody(body);
            }
            if (init.headers === undefined && type === 'text/plain;charset=UTF-8') {
                st.block = TEXT_BLOCK; /* fast path: Headers made on first access */
            } else {
                st.headers = new Headers(init.headers);
                if (type && !st.headers.has('content-type'))
                    st.headers.set('content-type', type);
            }
            this[R] = st;
            this[BODY] = internal.makeBody(source);
        }
        static error() {
            const r = new Response(null, {status: 200});
            Object.assign(r[R], {status: 0, type: 'error'});
            internal.headersSetGuard(r.headers, 'immutable');
            return r;
        }
        static redirect(url, status) {
            status = status === undefined ? 302 : Number(status);
            if (!REDIRECT.has(status))
                throw new RangeError('Response.redirect: ' + status + ' is not a redirect status');
            let location = String(url);
            if (typeof URL === 'function') {
                try {
                    location = new URL(location).href;
                } catch (e) {
                    throw new TypeError('Response.redirect: invalid URL ' +
                                        JSON.stringify(location));
                }
            }
            const r = new Response(null, {status, headers: {location}});
            internal.headersSetGuard(r.headers, 'immutable');
            return r;
        }
        static json(data, init) {
            const text = JSON.stringify(data);
            if (text === undefined)
                throw new TypeError('Response.json: the value cannot be serialized to JSON');
            const r = new Response(text, Object.assign({}, init, {headers: init && init.headers}));
            const h = r.headers;
            if (!(init && init.headers && h.has('content-type')))
                h.set('content-type', 'application/json');
            return r;
        }
        get status() {
            return this[R].status;
        }
        get ok() {
            const s = this[R].status;
            return s >= 200 && s <= 299;
        }
        get statusText() {
            return this[R].statusText;
        }
        get headers() {
            const st = this[R];
            if (st.headers === null) {
                st.headers = new Headers({'content-type': 'text/plain;charset=UTF-8'});
                st.block = null;
            }
            return st.headers;
        }
        get type() {
            return this[R].type;
        }
        get url() {
            return this[R].url;
        }
        get redirected() {
            return this[R].redirected;
        }
        clone() {
            const st = this[R];
            const copy = Object.create(Response.prototype);
            copy[R] = Object.assign({}, st, {headers: st.headers && new Headers(st.headers)});
            copy[BODY] = internal.cloneBody(this);
            return copy;
        }
        get [Symbol.toStringTag]() {
            return 'Response';
        }
    }
    internal.mixinBody(Response.prototype);

    internal.isResponse = (v) => v instanceof Response;
    internal.responseState = (r) => r[R];
    /* The header block for the C writer. */
    internal.responseBlock = (r) => {
        const st = r[R];
        return st.headers === null ? st.block : internal.headersBlock(st.headers);
    };
    /* A response made by fetch(): any status, immutable headers parsed from C's block. */
    internal.makeFetchResponse = function (status, statusText, raw, stream, url) {
        const r = Object.create(Response.prototype);
        r[R] = {status, statusText, headers: internal.headersFromRaw(raw, 'immutable'),
                type: 'basic', url, redirected: false, block: null};
        r[BODY] = internal.makeBody(stream);
        return r;
    };

    Object.defineProperty(globalThis, 'Response',
                          {value: Response, writable: true, enumerable: false, configurable: true});
})
