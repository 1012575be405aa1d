/* TextEncoder and TextDecoder (WHATWG Encoding Standard, UTF-8 only), atob and btoa (HTML
 * Standard's forgiving-base64). The conversions are native: encoding.c and base64.c. */
(function (internal) {
    'use strict';

    const DOMException = internal.DOMException;
    const {textEncode, textEncodeInto, textDecode, base64Decode, base64Encode} = internal;

    /* A Uint8Array over the bytes of a BufferSource (no copy). */
    function toBytes(input, what) {
        if (input instanceof ArrayBuffer)
            return new Uint8Array(input);
        if (ArrayBuffer.isView(input))
            return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
        throw new TypeError(what + ': expected an ArrayBuffer, a typed array or a DataView');
    }

    function dictionary(value, what) {
        if (value === undefined || value === null)
            return {};
        if (typeof value !== 'object' && typeof value !== 'function')
            throw new TypeError(what + ': the options must be an object');
        return value;
    }

    class TextEncoder {
        get encoding() {
            return 'utf-8';
        }

        encode(input = '') {
            return textEncode(String(input));
        }

        encodeInto(source, destination) {
            if (arguments.length < 2)
                throw new TypeError('TextEncoder.prototype.encodeInto: expected 2 arguments');
            if (!(destination instanceof Uint8Array))
                throw new TypeError('TextEncoder.prototype.encodeInto: the destination must ' +
                                    'be a Uint8Array');
            return textEncodeInto(String(source), destination);
        }
    }

    /* The labels of UTF-8 in the Encoding Standard; other encodings are not supported. */
    const utf8Labels = new Set(['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8',
                                'utf8', 'x-unicode20utf8']);
    const decoders = new WeakMap();

    function decoderState(self, what) {
        const s = decoders.get(self);
        if (!s)
            throw new TypeError('TextDecoder.prototype.' + what + ': not a TextDecoder');
        return s;
    }

    class TextDecoder {
        constructor(label = 'utf-8', options = undefined) {
            const name = String(label).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
            if (!utf8Labels.has(name))
                throw new RangeError("TextDecoder: the encoding '" + String(label) +
                                     "' is not supported (only UTF-8 is)");
            const o = dictionary(options, 'TextDecoder');
            decoders.set(this, {fatal: Boolean(o.fatal), ignoreBOM: Boolean(o.ignoreBOM),
                                pending: null, bomSeen: false});
        }

        get encoding() {
            decoderState(this, 'encoding');
            return 'utf-8';
        }

        get fatal() {
            return decoderState(this, 'fatal').fatal;
        }

        get ignoreBOM() {
            return decoderState(this, 'ignoreBOM').ignoreBOM;
        }

        decode(input = undefined, options = undefined) {
            const s = decoderState(this, 'decode');
            let bytes = input === undefined ? new Uint8Array(0) :
                toBytes(input, 'TextDecoder.prototype.decode');
            const stream = Boolean(dictionary(options, 'TextDecoder.prototype.decode').stream);
            if (s.pending) {
                const joined = new Uint8Array(s.pending.length + bytes.length);
                joined.set(s.pending);
                joined.set(bytes, s.pending.length);
                bytes = joined;
                s.pending = null;
            }
            let text;
            if (stream) {
                const result = textDecode(bytes, s.fatal, true);
                if (result !== null) {
                    text = result[0];
                    if (result[1] > 0)
                        s.pending = bytes.slice(bytes.length - result[1]);
                }
            } else {
                text = textDecode(bytes, s.fatal, false);
            }
            if (text === null || text === undefined) {
                s.pending = null;
                s.bomSeen = false;
                throw new TypeError('TextDecoder.prototype.decode: the input is not valid ' +
                                    'UTF-8');
            }
            if (!s.bomSeen && text.length > 0) {
                s.bomSeen = true;
                if (!s.ignoreBOM && text.charCodeAt(0) === 0xFEFF)
                    text = text.slice(1);
            }
            if (!stream)
                s.bomSeen = false;
            return text;
        }
    }

    function atob(data) {
        if (arguments.length < 1)
            throw new TypeError('atob: expected 1 argument');
        const out = base64Decode(String(data));
        if (out === null)
            throw new DOMException('atob: the string is not valid base64',
                                   'InvalidCharacterError');
        return out;
    }

    function btoa(data) {
        if (arguments.length < 1)
            throw new TypeError('btoa: expected 1 argument');
        const out = base64Encode(String(data));
        if (out === null)
            throw new DOMException('btoa: the string has characters outside of Latin1',
                                   'InvalidCharacterError');
        return out;
    }

    for (const [cls, tag] of [[TextEncoder, 'TextEncoder'], [TextDecoder, 'TextDecoder']])
        Object.defineProperty(cls.prototype, Symbol.toStringTag, {value: tag,
                                                                  configurable: true});
    const defineInterface = (name, value) => Object.defineProperty(
        globalThis, name, {value, writable: true, enumerable: false, configurable: true});
    const defineOperation = (name, value) => Object.defineProperty(
        globalThis, name, {value, writable: true, enumerable: true, configurable: true});
    defineInterface('TextEncoder', TextEncoder);
    defineInterface('TextDecoder', TextDecoder);
    defineOperation('atob', atob);
    defineOperation('btoa', btoa);
    internal.toBytes = toBytes;
})
