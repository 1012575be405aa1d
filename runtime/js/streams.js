/* ReadableStream (Streams standard, default readers only): an underlying source's start, pull
 * and cancel; enqueue/close/error; readers; async iteration; tee. Bodies are built on it. */
(function (internal) {
    'use strict';

    const S = Symbol('stream state');

    function settlePending(st) {
        while (st.queue.length && st.reads.length)
            st.reads.shift().resolve({value: st.queue.shift(), done: false});
        if (st.queue.length === 0 && st.closeRequested && st.state === 'readable') {
            st.state = 'closed';
            for (const r of st.reads.splice(0))
                r.resolve({value: undefined, done: true});
            if (st.reader)
                st.reader.closedResolve();
        }
    }

    function desiredSize(st) {
        if (st.state === 'errored')
            return null;
        if (st.state === 'closed')
            return 0;
        return st.highWaterMark - st.queue.length;
    }

    /* Calls pull when the source should produce: started, not closing, and a read waiting or
     * the queue below the high-water mark. One pull at a time. */
    function maybePull(st) {
        if (!st.started || st.state !== 'readable' || st.closeRequested || !st.pull)
            return;
        if (st.reads.length === 0 && desiredSize(st) <= 0)
            return;
        if (st.pulling) {
            st.pullAgain = true;
            return;
        }
        st.pulling = true;
        let p;
        try {
            p = Promise.resolve(st.pull.call(st.source, st.controller));
        } catch (e) {
            p = Promise.reject(e);
        }
        p.then(() => {
            st.pulling = false;
            if (st.pullAgain) {
                st.pullAgain = false;
                maybePull(st);
            }
        }, (e) => error(st, e));
    }

    function error(st, e) {
        if (st.state !== 'readable')
            return;
        st.state = 'errored';
        st.storedError = e;
        st.queue.length = 0;
        for (const r of st.reads.splice(0))
            r.reject(e);
        if (st.reader)
            st.reader.closedReject(e);
    }

    function cancel(st, reason) {
        st.disturbed = true;
        if (st.state === 'closed')
            return Promise.resolve();
        if (st.state === 'errored')
            return Promise.reject(st.storedError);
        st.queue.length = 0;
        st.closeRequested = true;
        st.state = 'closed';
        for (const r of st.reads.splice(0))
            r.resolve({value: undefined, done: true});
        if (st.reader)
            st.reader.closedResolve();
        try {
            return Promise.resolve(st.cancel ? st.cancel.call(st.source, reason) : undefined)
                .then(() => undefined);
        } catch (e) {
            return Promise.reject(e);
        }
    }

    class ReadableStreamDefaultController {
        constructor() {
            throw new TypeError('ReadableStreamDefaultController: illegal constructor');
        }
        get desiredSize() {
            return desiredSize(this[S]);
        }
        enqueue(chunk) {
            const st = this[S];
            if (st.state !== 'readable' || st.closeRequested)
                throw new TypeError('ReadableStream: cannot enqueue into a closed stream');
            st.queue.push(chunk);
            settlePending(st);
            maybePull(st);
        }
        close() {
            const st = this[S];
            if (st.state !== 'readable' || st.closeRequested)
                throw new TypeError('ReadableStream: the stream is already closing');
            st.closeRequested = true;
            settlePending(st);
        }
        error(e) {
            error(this[S], e);
        }
    }

    class ReadableStreamDefaultReader {
        constructor(stream) {
            if (!(stream instanceof ReadableStream))
                throw new TypeError('ReadableStreamDefaultReader: expected a ReadableStream');
            const st = stream[S];
            if (st.reader)
                throw new TypeError('ReadableStream: already locked to a reader');
            st.reader = this;
            this[S] = st;
            this.closed = new Promise((resolve, reject) => {
                this.closedResolve = resolve;
                this.closedReject = reject;
            });
            this.closed.catch(() => {});
            Object.defineProperty(this, 'closedResolve', {enumerable: false});
            Object.defineProperty(this, 'closedReject', {enumerable: false});
            if (st.state === 'closed')
                this.closedResolve();
            else if (st.state === 'errored')
                this.closedReject(st.storedError);
        }
        read() {
            const st = this[S];
            if (!st)
                return Promise.reject(new TypeError('ReadableStreamDefaultReader: released'));
            st.disturbed = true;
            if (st.queue.length) {
                const value = st.queue.shift();
                settlePending(st);
                maybePull(st);
                return Promise.resolve({value, done: false});
            }
            if (st.state === 'closed')
                return Promise.resolve({value: undefined, done: true});
            if (st.state === 'errored')
                return Promise.reject(st.storedError);
            return new Promise((resolve, reject) => {
                st.reads.push({resolve, reject});
                maybePull(st);
            });
        }
        releaseLock() {
            const st = this[S];
            if (!st)
                return;
            const e = new TypeError('ReadableStreamDefaultReader: the lock was released');
            for (const r of st.reads.splice(0))
                r.reject(e);
            if (st.state === 'readable')
                this.closedReject(e);
            st.reader = null;
            this[S] = null;
        }
        cancel(reason) {
            const st = this[S];
            if (!st)
                return Promise.reject(new TypeError('ReadableStreamDefaultReader: released'));
            return cancel(st, reason);
        }
    }

    class ReadableStream {
        constructor(source, strategy) {
            source = source === undefined || source === null ? {} : source;
            strategy = strategy || {};
            if (source.type !== undefined)
                throw new RangeError('ReadableStream: only default (non-byte) streams are ' +
                                     'supported');
            const hwm = strategy.highWaterMark === undefined ? 1 : Number(strategy.highWaterMark);
            if (Number.isNaN(hwm) || hwm < 0)
                throw new RangeError('ReadableStream: invalid highWaterMark');
            const controller = Object.create(ReadableStreamDefaultController.prototype);
            const st = {
                source, controller, state: 'readable', queue: [], reads: [], reader: null,
                closeRequested: false, started: false, pulling: false, pullAgain: false,
                disturbed: false, storedError: undefined, highWaterMark: hwm,
                pull: typeof source.pull === 'function' ? source.pull : null,
                cancel: typeof source.cancel === 'function' ? source.cancel : null,
            };
            controller[S] = st;
            this[S] = st;
            let started;
            try {
                started = typeof source.start === 'function'
                              ? source.start.call(source, controller) : undefined;
            } catch (e) {
                error(st, e);
                throw e;
            }
            Promise.resolve(started).then(() => {
                st.started = true;
                maybePull(st);
            }, (e) => error(st, e));
        }
        get locked() {
            return this[S].reader !== null;
        }
        getReader(options) {
            if (options && options.mode !== undefined)
                throw new RangeError('ReadableStream.getReader: only the default reader is ' +
                                     'supported');
            return new ReadableStreamDefaultReader(this);
        }
        cancel(reason) {
            if (this.locked)
                return Promise.reject(new TypeError('ReadableStream.cancel: the stream is ' +
                                                    'locked'));
            return cancel(this[S], reason);
        }
        tee() {
            const reader = this.getReader();
            let c1, c2, canceled = 0;
            const pull = () => reader.read().then(({value, done}) => {
                if (done) {
                    try { c1.close(); } catch (e) { /* canceled */ }
                    try { c2.close(); } catch (e) { /* canceled */ }
                    return;
                }
                try { c1.enqueue(value); } catch (e) { /* canceled */ }
                try { c2.enqueue(value); } catch (e) { /* canceled */ }
            }, (e) => {
                c1.error(e);
                c2.error(e);
            });
            const cancelOne = () => {
                if (++canceled === 2)
                    return reader.cancel();
            };
            const b1 = new ReadableStream({start: (c) => { c1 = c; }, pull, cancel: cancelOne});
            const b2 = new ReadableStream({start: (c) => { c2 = c; }, pull, cancel: cancelOne});
            return [b1, b2];
        }
        values(options) {
            const reader = this.getReader();
            const preventCancel = Boolean(options && options.preventCancel);
            return {
                next: () => reader.read().then((r) => {
                    if (r.done)
                        reader.releaseLock();
                    return r;
                }),
                return: (value) => {
                    const p = preventCancel ? Promise.resolve() : reader.cancel(value);
                    return p.then(() => {
                        reader.releaseLock();
                        return {value, done: true};
                    });
                },
                [Symbol.asyncIterator]() {
                    return this;
                },
            };
        }
        [Symbol.asyncIterator](options) {
            return this.values(options);
        }
        get [Symbol.toStringTag]() {
            return 'ReadableStream';
        }
    }

    internal.streamDisturbed = (stream) => stream[S].disturbed;
    internal.isReadableStream = (v) => v instanceof ReadableStream;

    const define = (name, value) => Object.defineProperty(
        globalThis, name, {value, writable: true, enumerable: false, configurable: true});
    define('ReadableStream', ReadableStream);
    define('ReadableStreamDefaultReader', ReadableStreamDefaultReader);
    define('ReadableStreamDefaultController', ReadableStreamDefaultController);
})
