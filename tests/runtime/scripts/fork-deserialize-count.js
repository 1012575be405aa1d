// The answer counts deserialize events: 0 in the parent, 1 in each child, so every child is a
// wrong answer. Proves that deserialize fires in the child and that wrong answers are caught.
let deserializeEvents = 0;
addEventListener('deserialize', () => deserializeEvents++);
globalThis.forkStressTask = () => deserializeEvents;
