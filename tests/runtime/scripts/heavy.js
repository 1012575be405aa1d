// Enough work for every JIT tier, the GC and regexps; run with --debug to count threads after.
function mix(x) {
    return (x * 2654435761) >>> 0;
}
let h = 0;
for (let i = 0; i < 5000000; i++)
    h = (h + mix(i)) % 1000000007;
const kept = [];
for (let r = 0; r < 30; r++) {
    const junk = [];
    for (let i = 0; i < 20000; i++)
        junk.push({i, s: 'x' + i, re: /(\d+)$/.exec('k' + i)[1]});
    kept.push(junk[r]);
}
setTimeout(() => console.log('heavy done', h, kept.length), 1);
