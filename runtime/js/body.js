/* The Fetch body mixin shared by Request and Response: what a body can be made of, reading it
 * once (text, json, arrayBuffer, bytes, blob), bodyUsed, and the body as a ReadableStream. */
(function (internal) {
    'use strict';

    /* Each Request/Response holds its body under this key: {source, stream, used}, where source
     * is null, a string, a Uint8Array or a ReadableStream, and stream the ReadableStream made
     * for `.body` (created only if asked for). */
    const BODY = Symbol('body');
    internal.BODY = BODY;

    const TEXT_TYPE = 'text/plain;charset=UTF-8';
    const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

    /* Fetch's "UTF-8 encode" and "UTF-8 decode" (a leading BOM is not part of the text), with
     * the Encoding Standard's decoder: one U+FFFD per maximal subpart of a bad sequence. */
    internal.encodeUtf8 = internal.textEncode;
    internal.decodeUtf8 = (u8) => {
        const s = internal.textDecode(u8, false, false);
        return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
    };

    function copyBytes(view) {
        return new Uint8Array(view.buffer.slice(view.byteOffset,
                                                view.byteOffset + view.byteLength));
    }

    /* Fetch's "extract a body": returns [source, default Content-Type or null]. */
    internal.extractBody = function (init) {
        if (init === null || init === undefined)
            return [null, null];
        if (typeof init === 'string')
            return [init, TEXT_TYPE];
        if (init instanceof ArrayBuffer)
            return [new Uint8Array(init.slice(0)), null];
        if (ArrayBuffer.isView(init))
            return [copyBytes(init), null];
        if (internal.isReadableStream(init)) {
            if (init.locked || internal.streamDisturbed(init))
                throw new TypeError('the body stream is locked or already read');
            return [init, null];
        }
        if (typeof URLSearchParams === 'function' && init instanceof URLSearchParams)
            return [init.toString(), FORM_TYPE];
        if (typeof Blob === 'function' && init instanceof Blob)
            throw new TypeError('Blob bodies are not supported');
        return [String(init), TEXT_TYPE];
    };

    internal.makeBody = (source) => ({source, stream: null, used: false});

    function streamOf(slot) {
        if (slot.stream)
            return slot.stream;
        const source = slot.source;
        if (source === null)
            return null;
        if (internal.isReadableStream(source))
            return slot.stream = source;
        const bytes = typeof source === 'string' ? internal.encodeUtf8(source) : source;
        return slot.stream = new ReadableStream({
            start(controller) {
                if (bytes.byteLength)
                    controller.enqueue(bytes);
                controller.close();
            },
        });
    }
    internal.bodyStream = (obj) => streamOf(obj[BODY]);

    function used(slot) {
        return slot.used || (slot.stream !== null && internal.streamDisturbed(slot.stream));
    }
    internal.bodyUsed = (obj) => used(obj[BODY]);

    async function readAll(stream) {
        const reader = stream.getReader();
        const chunks = [];
        let total = 0;
        for (;;) {
            const {value, done} = await reader.read();
            if (done)
                break;
            if (!ArrayBuffer.isView(value)) {
                reader.cancel();
                throw new TypeError('a body stream chunk is not a Uint8Array');
            }
            const u8 = value instanceof Uint8Array
                           ? value : new Uint8Array(value.buffer, value.byteOffset,
                                                    value.byteLength);
            chunks.push(u8);
            total += u8.byteLength;
        }
        if (chunks.length === 1)
            return chunks[0];
        const out = new Uint8Array(total);
        let at = 0;
        for (const c of chunks) {
            out.set(c, at);
            at += c.byteLength;
        }
        return out;
    }

    /* Resolves to the whole body: a string (when it was made from one and never streamed) or a
     * Uint8Array. A body read before rejects with a TypeError. */
    function consume(obj, name) {
        const slot = obj[BODY];
        if (!slot)
            return Promise.reject(new TypeError(name + ': illegal invocation'));
        if (used(slot))
            return Promise.reject(new TypeError(name + ': the body has already been read'));
        if (slot.stream && slot.stream.locked)
            return Promise.reject(new TypeError(name + ': the body stream is locked'));
        slot.used = true;
        const source = slot.source;
        if (source === null)
            return Promise.resolve(new Uint8Array(0));
        if (slot.stream === null && !internal.isReadableStream(source))
            return Promise.resolve(source);
        return readAll(streamOf(slot));
    }
    internal.consumeBody = consume;

    const asText = (v) => typeof v === 'string' ? v : internal.decodeUtf8(v);
    const asBytes = (v) => typeof v === 'string' ? internal.encodeUtf8(v) : v;

    const methods = {
        text() {
            return consume(this, 'text').then(asText);
        },
        json() {
            return consume(this, 'json').then((v) => JSON.parse(asText(v)));
        },
        arrayBuffer() {
            return consume(this, 'arrayBuffer').then((v) => {
                const u8 = asBytes(v);
                return u8.byteOffset === 0 && u8.byteLength === u8.buffer.byteLength
                           ? (typeof v === 'string' ? u8.buffer : u8.buffer.slice(0))
                           : u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
            });
        },
        bytes() {
            return consume(this, 'bytes').then((v) => typeof v === 'string'
                                                   ? asBytes(v) : new Uint8Array(v));
        },
        blob() {
            if (typeof Blob !== 'function')
                return Promise.reject(new TypeError('blob: Blob is not available'));
            return consume(this, 'blob').then((v) => new Blob([asBytes(v)], {
                type: this.headers.get('content-type') || '',
            }));
        },
        formData() {
            return Promise.reject(new TypeError('formData: not supported'));
        },
    };

    /* Adds the mixin to a class's prototype. */
    internal.mixinBody = function (proto) {
        for (const name of Object.keys(methods))
            Object.defineProperty(proto, name, {value: methods[name], writable: true,
                                                configurable: true});
        Object.defineProperty(proto, 'body', {
            get() {
                return streamOf(this[BODY]);
            },
            configurable: true,
        });
        Object.defineProperty(proto, 'bodyUsed', {
            get() {
                return used(this[BODY]);
            },
            configurable: true,
        });
    };

    /* clone(): a stream body is teed, one branch each; other sources are immutable and shared. */
    internal.cloneBody = function (obj) {
        const slot = obj[BODY];
        if (used(slot) || (slot.stream && slot.stream.locked))
            throw new TypeError('clone: the body has already been read');
        const source = slot.stream || slot.source;
        if (source !== null && internal.isReadableStream(source)) {
            const [a, b] = source.tee();
            slot.source = slot.stream = a;
            return internal.makeBody(b);
        }
        return internal.makeBody(slot.source);
    };
})
