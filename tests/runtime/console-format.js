/* console formatting and inspection, compared exactly by run.sh with console-format.out
 * (stdout) and console-format.err (stderr). */
console.log('plain', 'words', 'joined');
console.log('%s is %d years and %i days; pi %f', 'Ada', 36.9, '12px', '3.14abc');
console.log('%d %i %f of a symbol and a bigint:', Symbol('s'), Symbol('t'), Symbol('u'), 5n);
console.log('%s %s %s %s', 7n, Symbol('sym'), null, undefined);
console.log('%s of an object, %s of an array, %s of a date', {a: 1}, [1, [2, [3]]], new Date(0));
const deep = {deep: {deeper: {deepest: {bottom: 1}}}};
console.log('%o | %O', deep, deep);
console.log('100%% sure, %c styled %c', 'color: red', 'x');
console.log('missing %s and %d', 'one');
console.log('%x is not a directive, nor is a trailing %');
console.log('extra args after format:', 1, 'two', {three: 3});
console.log(42, -0, 0, NaN, -Infinity, 123456789012345678901234567890n);
console.log(true, null, undefined, Symbol.iterator);
console.log(['a', "it's", 'say "hi"', 'tab\tnew\nline', '\u0001']);
console.log({a: 1, 'b-c': 2, 3: 'three', [Symbol('k')]: 'sym', nested: {x: [1, 2, {y: 3}]}});
console.log({level1: {level2: {level3: {level4: 'hidden'}}}, arr: [[[['deep']]]]});
console.log([], {}, [[]], [{}], new Array(3), [1, , 3, , , 6]);
console.log(Array.from({length: 120}, (_, i) => i));
console.log(new Map([['k', {v: 1}], [{o: 1}, 'obj key']]), new Set(['x', 1, [2]]));
console.log(new Map(), new Set(), new WeakMap(), Promise.resolve(1));
console.log(new Uint8Array([1, 2, 255]), new Float64Array(2), new ArrayBuffer(16));
console.log(function named() {}, () => {}, class Klass {}, class {}, Math.max,
            async function af() {});
console.log(new Date('2020-02-03T04:05:06.789Z'), new Date(NaN), /re+g/gi);
console.log(new Number(3), new String('boxed'), new Boolean(false), Object(7n));
class Point {
    constructor(x, y) {
        this.x = x;
        this.y = y;
    }
}
console.log(new Point(1, 2), Object.create(null), Object.assign(Object.create(null), {z: 1}));
const withGetters = {
    get g() { return 1; },
    set s(v) {},
    get gs() { return 1; },
    set gs(v) {},
};
console.log(withGetters);
const circular = {name: 'loop', list: []};
circular.self = circular;
circular.list.push(circular, [circular]);
console.log(circular);
const [a20, b20, c20] = ['a', 'b', 'c'].map((ch) => ch.repeat(20));
console.log({long1: a20, long2: b20, long3: c20});
console.log({multi: {a1: a20, a2: b20, a3: c20}, after: 1});
console.log('unicode: é € 😀, lone surrogate: \uD800!');
console.log();
console.info('info goes to stdout');
console.debug('debug goes to stdout');
console.warn('warn goes to stderr', {w: 1});
console.error('error goes to stderr %d', 5);
console.dir({a: {b: {c: {d: 1}}}});
console.dir({a: {b: {c: {d: 1}}}}, {depth: 0});
console.group('group A');
console.log('inside A');
console.group();
console.log('inside nested\nwith two lines');
console.groupEnd();
console.groupEnd();
console.groupEnd();
console.log('after groups');
console.count();
console.count();
console.count('named');
console.countReset();
console.count();
console.countReset('never');
console.assert(true, 'not printed');
console.assert(false, 'assertion with %s', 'format');
console.assert(false);
console.assert(false, {obj: 1});
console.timeEnd('no such timer');
const err = new Error('logged error');
console.log(err.message, typeof err.stack);
console.log({error: new RangeError('nested')}.error instanceof RangeError);
console.log(String(Object.prototype.toString.call(console)));
console.log('%s of a user toString, %s of an error', {toString() { return 'custom'; }},
            new Error('e'));
console.log({list: Array.from({length: 30}, (_, i) => 'item' + i), n: 1});
