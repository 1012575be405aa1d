// Errors after load (timer, microtask, unhandled rejection) are reported and the loop goes on;
// the exit status is 1 at the end.
setTimeout(() => {
    throw new RangeError('thrown in a timer');
}, 1);
queueMicrotask(() => {
    throw new Error('thrown in a microtask');
});
Promise.reject(new TypeError('rejected and never handled'));
setTimeout(() => console.log('still running after the errors'), 10);
