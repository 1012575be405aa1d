// An exception at load: turf-worker reports it with its stack and exits 1, without install.
console.log('before the throw');
addEventListener('install', () => console.log('install must not fire'));
function thrower() {
    throw new Error('boom at load');
}
function outer() {
    thrower();
}
outer();
