/* fetch(): outbound plain-http requests through the C client (fetch-client.c); the response
 * body arrives as a ReadableStream. No redirects are followed, no connection is reused. */
(function (internal) {
    'use strict';

    const BODY = internal.BODY;
    const URL_PARTS = /^http:\/\/(\[[^\]]+\]|[^/:?#]*)(?::(\d*))?([^#]*)/i;
    const SKIP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive',
                          'host']);

    function abortReason(signal) {
        if (signal.reason !== undefined)
            return signal.reason;
        return typeof DOMException === 'function'
                   ? new DOMException('The operation was aborted.', 'AbortError')
                   : new TypeError('The operation was aborted.');
    }

    async function fetch(input, init) {
        const request = new Request(input, init);
        const signal = request.signal;
        if (signal && signal.aborted)
            throw abortReason(signal);
        const url = request.url;
        const m = URL_PARTS.exec(url);
        if (!m)
            throw new TypeError('fetch: only http: URLs are supported, not ' +
                                JSON.stringify(url.split(':')[0] + ':'));
        const hostPart = m[1];
        const host = hostPart[0] === '[' ? hostPart.slice(1, -1) : hostPart;
        const port = m[2] ? Number(m[2]) : 80;
        const path = m[3] || '/';
        const method = request.method;

        let body = null;
        if (request[BODY].source !== null) {
            const whole = await internal.consumeBody(request, 'fetch');
            body = typeof whole === 'string' ? internal.encodeUtf8(whole) : whole;
        }
        let head = method + ' ' + path + ' HTTP/1.1\r\nhost: ' + hostPart +
                   (m[2] ? ':' + m[2] : '') + '\r\nconnection: close\r\n';
        head += internal.headersBlock(request.headers, SKIP);
        if (!request.headers.has('accept'))
            head += 'accept: */*\r\n';
        if (!request.headers.has('user-agent'))
            head += 'user-agent: turf-worker\r\n';
        if (body !== null || method === 'POST' || method === 'PUT' || method === 'PATCH')
            head += 'content-length: ' + (body ? body.byteLength : 0) + '\r\n';
        head += '\r\n';

        return new Promise((resolve, reject) => {
            let controller = null, answered = false, id = 0;
            const stream = new ReadableStream({
                start(c) {
                    controller = c;
                },
                cancel() {
                    internal.fetchAbort(id);
                },
            });
            const onAbort = () => {
                internal.fetchAbort(id);
                const reason = abortReason(signal);
                if (!answered)
                    reject(reason);
                else
                    try { controller.error(reason); } catch (e) { /* already closed */ }
            };
            const done = () => {
                if (signal)
                    signal.removeEventListener('abort', onAbort);
            };
            const callback = (kind, a, b, c) => {
                if (kind === 'head') {
                    answered = true;
                    resolve(internal.makeFetchResponse(a, b, c, stream, url));
                } else if (kind === 'data') {
                    controller.enqueue(new Uint8Array(a));
                } else if (kind === 'end') {
                    done();
                    controller.close();
                } else if (kind === 'error') {
                    done();
                    const e = new TypeError('fetch failed: ' + url + ': ' + a);
                    if (!answered)
                        reject(e);
                    else
                        controller.error(e);
                }
            };
            id = body === null
                     ? internal.fetchStart(host, port, head, method === 'HEAD', callback)
                     : internal.fetchStart(host, port, head, method === 'HEAD', callback,
                                           body.buffer, body.byteOffset, body.byteLength);
            if (signal && typeof signal.addEventListener === 'function')
                signal.addEventListener('abort', onAbort);
        });
    }

    Object.defineProperty(globalThis, 'fetch',
                          {value: fetch, writable: true, enumerable: true, configurable: true});
})
