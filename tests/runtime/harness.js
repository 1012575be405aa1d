/* The assertion harness of the runtime's JS tests, prepended by run.sh to each *.test.js. Tests
 * run in turn after load, each printing "ok - NAME" or "not ok - NAME"; a summary line ends. */
const harnessTests = [];

function test(name, fn) {
    harnessTests.push({name, fn});
}

function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

class AssertionError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AssertionError';
    }
}

function harnessShow(value) {
    try {
        return typeof value === 'string' ? JSON.stringify(value) : String(value);
    } catch (e) {
        return Object.prototype.toString.call(value);
    }
}

function harnessDeepEqual(a, b) {
    if (Object.is(a, b))
        return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
        return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b))
        return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => harnessDeepEqual(a[k], b[k]));
}

const assert = {
    ok(value, message) {
        if (!value)
            throw new AssertionError(message || 'expected a truthy value, got ' +
                                     harnessShow(value));
    },
    equal(actual, expected, message) {
        if (!Object.is(actual, expected))
            throw new AssertionError((message ? message + ': ' : '') + 'expected ' +
                                     harnessShow(expected) + ', got ' + harnessShow(actual));
    },
    deepEqual(actual, expected, message) {
        if (!harnessDeepEqual(actual, expected))
            throw new AssertionError((message ? message + ': ' : '') + 'expected ' +
                                     JSON.stringify(expected) + ', got ' +
                                     JSON.stringify(actual));
    },
    throws(fn, errorClass, message) {
        try {
            fn();
        } catch (e) {
            if (errorClass && !(e instanceof errorClass))
                throw new AssertionError((message ? message + ': ' : '') + 'expected a ' +
                                         errorClass.name + ', got ' + harnessShow(e));
            return e;
        }
        throw new AssertionError((message ? message + ': ' : '') + 'expected an exception');
    },
};

/* Started from a promise job: the engine's own microtask queue, not the APIs under test. */
Promise.resolve().then(async () => {
    let passed = 0, failed = 0;
    for (const t of harnessTests) {
        try {
            await t.fn();
            passed++;
            console.log('ok - ' + t.name);
        } catch (e) {
            failed++;
            console.log('not ok - ' + t.name);
            console.log('  ' + String(e && e.stack ? e + '\n' + e.stack : e)
                                   .split('\n').join('\n  '));
        }
    }
    console.log('# harness: ' + passed + ' passed, ' + failed + ' failed');
});
