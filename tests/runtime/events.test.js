/* addEventListener on the worker's global scope, and the install event fired after load. The
 * harness starts before install (in a promise job), so the checks first wait for a timer. */
const seen = [];
let scriptDone = false;
let doneAtInstall = null;
let thisAtInstall = null;

addEventListener('install', function (event) {
    seen.push(['first', event]);
    doneAtInstall = scriptDone;
    thisAtInstall = this;
});
self.addEventListener('install', (event) => seen.push(['second', event]));

const twice = () => seen.push(['twice']);
addEventListener('install', twice);
addEventListener('install', twice);

const removed = () => seen.push(['removed']);
addEventListener('install', removed);
removeEventListener('install', removed);

addEventListener('install', {handleEvent(event) {
    seen.push(['object', event, this]);
}});
addEventListener('install', () => seen.push(['once']), {once: true});
addEventListener('install', null);

let deserialized = false;
addEventListener('deserialize', () => deserialized = true);

test('install fires once the whole script has run', async () => {
    await delay(1);
    assert.equal(doneAtInstall, true);
});

test('install listeners run once each, in registration order', async () => {
    await delay(1);
    assert.deepEqual(seen.map((s) => s[0]), ['first', 'second', 'twice', 'object', 'once']);
});

test('every listener gets the same event, of type install', async () => {
    await delay(1);
    const event = seen[0][1];
    assert.equal(event.type, 'install');
    assert.equal(typeof event.timeStamp, 'number');
    assert.equal(seen[1][1], event);
    assert.equal(seen[3][1], event);
});

test('a function listener is called on the global object; handleEvent on its object', async () => {
    await delay(1);
    assert.equal(thisAtInstall, globalThis);
    assert.equal(seen[3][2].handleEvent !== undefined, true);
});

test('deserialize does not fire in a worker that was not forked', async () => {
    await delay(1);
    assert.equal(deserialized, false);
});

test('self is the global object', () => {
    assert.equal(self, globalThis);
});

test('addEventListener checks its arguments', () => {
    assert.throws(() => addEventListener('install'), TypeError);
    assert.throws(() => addEventListener('install', 42), TypeError);
});

scriptDone = true;
