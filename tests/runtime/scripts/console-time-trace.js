// console.time/timeLog/timeEnd print elapsed milliseconds; console.trace prints a stack on stderr.
console.time('span');
console.timeLog('span', 'midway', 1);
console.timeEnd('span');
console.timeEnd('span');
function traced() {
    console.trace('here %d', 7);
}
traced();
