/* The Web Crypto API, the parts a worker needs most: crypto.getRandomValues, crypto.randomUUID and
 * crypto.subtle.digest (SHA-1/256/384/512). The bytes come from crypto.c (getrandom, GChecksum). */
(function (internal) {
    'use strict';

    /* dom-exception.js loads after this file: look DOMException up when it is needed. */
    const domException = (message, name) => new internal.DOMException(message, name);
    const {randomFill, digest} = internal;
    const MAX_RANDOM_BYTES = 65536;

    const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
                           Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

    function bytesOf(view) {
        return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    }

    let constructing = false;
    function illegal(name) {
        if (!constructing)
            throw new TypeError(name + ': illegal constructor');
    }

    const hex = Array.from({length: 256}, (_, i) => i.toString(16).padStart(2, '0'));

    class Crypto {
        constructor() {
            illegal('Crypto');
        }

        get subtle() {
            return subtle;
        }

        getRandomValues(array) {
            if (arguments.length < 1)
                throw new TypeError('crypto.getRandomValues: expected 1 argument');
            if (!ArrayBuffer.isView(array))
                throw new TypeError('crypto.getRandomValues: expected an integer typed array');
            if (!integerArrays.some((T) => array instanceof T))
                throw domException('crypto.getRandomValues: expected an integer typed ' +
                                       'array, got ' + Object.prototype.toString.call(array),
                                       'TypeMismatchError');
            if (array.byteLength > MAX_RANDOM_BYTES)
                throw domException('crypto.getRandomValues: ' + array.byteLength +
                                       ' bytes asked, at most ' + MAX_RANDOM_BYTES + ' allowed',
                                       'QuotaExceededError');
            randomFill(bytesOf(array));
            return array;
        }

        randomUUID() {
            const b = randomFill(new Uint8Array(16));
            b[6] = (b[6] & 0x0f) | 0x40; /* version 4 */
            b[8] = (b[8] & 0x3f) | 0x80; /* variant 10 */
            let s = '';
            for (let i = 0; i < 16; i++) {
                if (i === 4 || i === 6 || i === 8 || i === 10)
                    s += '-';
                s += hex[b[i]];
            }
            return s;
        }
    }

    const digestNames = new Map(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']
        .map((name) => [name.toLowerCase(), name]));

    class SubtleCrypto {
        constructor() {
            illegal('SubtleCrypto');
        }

        /* Resolves to an ArrayBuffer. The data is copied before this returns, as the spec asks;
         * hashing runs at once (it is fast) and the promise settles in a microtask. */
        digest(algorithm, data) {
            try {
                if (arguments.length < 2)
                    throw new TypeError('crypto.subtle.digest: expected 2 arguments');
                let name = algorithm;
                if (typeof algorithm === 'object' && algorithm !== null) {
                    if (algorithm.name === undefined)
                        throw new TypeError("crypto.subtle.digest: the algorithm has no 'name'");
                    name = algorithm.name;
                }
                const known = digestNames.get(String(name).toLowerCase());
                if (!known)
                    throw domException("crypto.subtle.digest: unsupported algorithm '" +
                                           String(name) + "'", 'NotSupportedError');
                let bytes;
                if (data instanceof ArrayBuffer)
                    bytes = new Uint8Array(data);
                else if (ArrayBuffer.isView(data))
                    bytes = bytesOf(data);
                else
                    throw new TypeError('crypto.subtle.digest: the data must be an ' +
                                        'ArrayBuffer, a typed array or a DataView');
                return Promise.resolve(digest(known, bytes));
            } catch (e) {
                return Promise.reject(e);
            }
        }
    }

    for (const [cls, tag] of [[Crypto, 'Crypto'], [SubtleCrypto, 'SubtleCrypto']])
        Object.defineProperty(cls.prototype, Symbol.toStringTag, {value: tag,
                                                                  configurable: true});
    constructing = true;
    const crypto = new Crypto();
    const subtle = new SubtleCrypto();
    constructing = false;

    const defineInterface = (name, value) => Object.defineProperty(
        globalThis, name, {value, writable: true, enumerable: false, configurable: true});
    defineInterface('Crypto', Crypto);
    defineInterface('SubtleCrypto', SubtleCrypto);
    Object.defineProperty(globalThis, 'crypto', {get: () => crypto, enumerable: true,
                                                 configurable: true});
})
