// Loaded by turf-worker --fork-stress: each child (and the parent, once) prints a random UUID and
// 16 random bytes. run.sh checks that they all differ: crypto reads getrandom(2), so no generator
// state is copied into the children by fork().
const hex = (a) => Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
console.log('before fork ' + crypto.randomUUID());
globalThis.forkStressTask = function () {
    console.log('random ' + crypto.randomUUID() + ' ' +
                hex(crypto.getRandomValues(new Uint8Array(16))));
    return 'ok';
};
