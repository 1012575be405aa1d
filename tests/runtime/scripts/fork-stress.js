// Loaded by turf-worker --fork-stress: forkStressTask() is the allocation- and GC-heavy work each
// forked child does (the C side then runs a full GC); every child must answer like the parent.
let forked = false;

addEventListener('deserialize', () => {
    forked = true;
});

// Armed before the forks: each child's loop must still run it, after deserialize.
setTimeout(() => {
    if (!forked)
        throw new Error('a timer armed before fork ran before deserialize');
}, 1);

globalThis.forkStressTask = function () {
    const objects = [];
    for (let i = 0; i < 100000; i++)
        objects.push({id: i, name: 'item-' + i, tags: [i % 7, i % 11], nested: {value: i * 3}});
    for (let i = 0; i < objects.length; i += 2)
        objects[i] = null; // garbage for the collector while the rest stays live
    let sum = 0;
    for (const o of objects)
        if (o)
            sum = (sum * 31 + o.id + o.name.length + o.tags[1] + o.nested.value) % 1000000007;
    const map = new Map();
    for (let i = 0; i < 20000; i++)
        map.set('k' + i, {i});
    const copy = JSON.parse(JSON.stringify(objects.slice(1, 2001).filter(Boolean)));
    return [sum, map.size, copy.length, copy[copy.length - 1].name].join(':');
};

// Run by the parent before each fork: allocation and garbage, so that fork() lands while the
// parent's allocator is busy rather than idle.
globalThis.forkStressParentTask = function () {
    let keep = null;
    for (let i = 0; i < 20000; i++)
        keep = {i, s: 'parent-' + i, prev: i % 100 ? keep : null};
    return keep.i;
};
