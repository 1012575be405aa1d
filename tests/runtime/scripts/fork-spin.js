// A child that never answers: it spins after deserialize. The parent's watchdog must kill it.
let child = false;
addEventListener('deserialize', () => child = true);
globalThis.forkStressTask = function () {
    while (child) {
    }
    return 1;
};
