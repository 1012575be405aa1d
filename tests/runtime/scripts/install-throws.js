// The first install listener throws: the second still runs, then the worker exits 1.
addEventListener('install', () => {
    throw new TypeError('install failed');
});
addEventListener('install', () => console.log('second listener ran'));
setTimeout(() => console.log('the loop must not run'), 1);
