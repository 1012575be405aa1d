/* structuredClone (HTML Standard's structured serialisation, done as one deep copy): primitives,
 * wrapper objects, plain objects, arrays with holes, Date, RegExp, Map, Set, ArrayBuffer, typed
 * arrays and DataView (views of one buffer keep sharing it), errors, DOMException; cycles and
 * shared references are kept. ArrayBuffers can be transferred. */
(function (internal) {
    'use strict';

    const DOMException = internal.DOMException;
    const dataCloneError = (what) => new DOMException(what + ' could not be cloned',
                                                      'DataCloneError');

    const toTag = Object.prototype.toString;
    const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
    const bufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
    const bufferSlice = ArrayBuffer.prototype.slice;
    const bufferTransfer = ArrayBuffer.prototype.transfer;
    const bufferDetached = getter(ArrayBuffer.prototype, 'detached');
    const TypedArray = Object.getPrototypeOf(Uint8Array);
    const typedArrayName = getter(TypedArray.prototype, Symbol.toStringTag);
    const dataViewBuffer = getter(DataView.prototype, 'buffer');
    const mapSize = getter(Map.prototype, 'size');
    const setSize = getter(Set.prototype, 'size');
    const regExpSource = getter(RegExp.prototype, 'source');
    const regExpFlags = getter(RegExp.prototype, 'flags');

    /* Calls brand(value) and says whether it worked: the internal-slot checks of the spec. */
    function has(brand, value) {
        try {
            brand.call(value);
            return true;
        } catch (e) {
            return false;
        }
    }

    const errorNames = new Set(['Error', 'EvalError', 'RangeError', 'ReferenceError',
                                'SyntaxError', 'TypeError', 'URIError']);
    const errorConstructors = {Error, EvalError, RangeError, ReferenceError, SyntaxError,
                               TypeError, URIError};

    function copyOwnEnumerable(from, to, memo) {
        for (const key of Object.keys(from))
            to[key] = clone(from[key], memo);
    }

    function cloneBuffer(buffer, memo) {
        if (bufferDetached.call(buffer))
            throw dataCloneError('A detached ArrayBuffer');
        const copy = bufferSlice.call(buffer, 0, bufferByteLength.call(buffer));
        memo.set(buffer, copy);
        return copy;
    }

    function clone(value, memo) {
        const type = typeof value;
        if (type === 'symbol')
            throw dataCloneError('A symbol');
        if (value === null || (type !== 'object' && type !== 'function'))
            return value;
        if (memo.has(value))
            return memo.get(value);
        if (type === 'function')
            throw dataCloneError('A function');

        let out;
        if (has(Boolean.prototype.valueOf, value)) {
            out = Object(Boolean.prototype.valueOf.call(value));
        } else if (has(Number.prototype.valueOf, value)) {
            out = Object(Number.prototype.valueOf.call(value));
        } else if (has(String.prototype.valueOf, value)) {
            out = Object(String.prototype.valueOf.call(value));
        } else if (has(BigInt.prototype.valueOf, value)) {
            out = Object(BigInt.prototype.valueOf.call(value));
        } else if (has(Symbol.prototype.valueOf, value)) {
            throw dataCloneError('A Symbol object');
        } else if (has(Date.prototype.getTime, value)) {
            out = new Date(Date.prototype.getTime.call(value));
        } else if (has(regExpSource, value) && value !== RegExp.prototype) {
            out = new RegExp(regExpSource.call(value), regExpFlags.call(value));
        } else if (has(bufferByteLength, value)) {
            return cloneBuffer(value, memo);
        } else if (ArrayBuffer.isView(value)) {
            const name = typedArrayName.call(value);
            const buffer = name ? value.buffer : dataViewBuffer.call(value);
            const copy = memo.has(buffer) ? memo.get(buffer) : cloneBuffer(buffer, memo);
            out = name ? new globalThis[name](copy, value.byteOffset, value.length) :
                new DataView(copy, value.byteOffset, value.byteLength);
        } else if (has(mapSize, value)) {
            out = new Map();
            memo.set(value, out);
            /* The entries are listed first: the spec serialises them before copying. */
            for (const [k, v] of Array.from(Map.prototype.entries.call(value)))
                out.set(clone(k, memo), clone(v, memo));
            return out;
        } else if (has(setSize, value)) {
            out = new Set();
            memo.set(value, out);
            for (const v of Array.from(Set.prototype.values.call(value)))
                out.add(clone(v, memo));
            return out;
        } else if (value instanceof DOMException) {
            out = new DOMException(value.message, value.name);
            if (typeof value.stack === 'string')
                Object.defineProperty(out, 'stack', {value: value.stack, writable: true,
                                                     configurable: true});
        } else if (toTag.call(value) === '[object Error]') {
            let name = value.name;
            name = errorNames.has(name) ? name : 'Error';
            const messageDesc = Object.getOwnPropertyDescriptor(value, 'message');
            out = messageDesc ? new errorConstructors[name](String(value.message)) :
                new errorConstructors[name]();
            if (typeof value.stack === 'string')
                Object.defineProperty(out, 'stack', {value: value.stack, writable: true,
                                                     configurable: true});
            memo.set(value, out);
            if ('cause' in value)
                Object.defineProperty(out, 'cause', {value: clone(value.cause, memo),
                                                     writable: true, configurable: true});
            return out;
        } else if (Array.isArray(value)) {
            out = new Array(value.length);
            memo.set(value, out);
            copyOwnEnumerable(value, out, memo);
            return out;
        } else {
            const tag = toTag.call(value);
            if (value instanceof WeakMap || value instanceof WeakSet || value instanceof Promise ||
                (typeof WeakRef === 'function' && value instanceof WeakRef) ||
                tag === '[object WeakMap]' || tag === '[object WeakSet]')
                throw dataCloneError('A ' + tag.slice(8, -1));
            out = {};
            memo.set(value, out);
            copyOwnEnumerable(value, out, memo);
            return out;
        }
        memo.set(value, out);
        return out;
    }

    /* The transferred buffers are copied into the clone like the others, then detached, so that
     * views of them anywhere in the value are cloned before their buffer goes away. */
    function structuredClone(value, options = undefined) {
        if (arguments.length < 1)
            throw new TypeError('structuredClone: expected 1 argument');
        if (options !== undefined && options !== null && typeof options !== 'object')
            throw new TypeError('structuredClone: the options must be an object');
        const transfer = options && options.transfer !== undefined ?
            Array.from(options.transfer) : [];
        const seen = new Set();
        for (const item of transfer) {
            if (!has(bufferByteLength, item))
                throw dataCloneError('Only ArrayBuffers can be transferred; a value');
            if (seen.has(item))
                throw dataCloneError('An ArrayBuffer listed twice in transfer');
            if (bufferDetached.call(item))
                throw dataCloneError('A detached ArrayBuffer');
            seen.add(item);
        }
        const memo = new Map();
        const out = clone(value, memo);
        for (const buffer of transfer) {
            if (!memo.has(buffer))
                memo.set(buffer, bufferSlice.call(buffer, 0));
            bufferTransfer.call(buffer);
        }
        return out;
    }

    Object.defineProperty(globalThis, 'structuredClone',
                          {value: structuredClone, writable: true, enumerable: true,
                           configurable: true});
    internal.structuredClone = structuredClone;
})
