// Defines no forkStressTask(): --fork-stress must refuse before forking.
console.log('loaded');
