/* The worker tests/runtime/http.sh serves: one route per behaviour under test. */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

addEventListener('fetch', (event) => {
    const request = event.request;
    /* Parsed by hand, so the test does not depend on URL. */
    const [path, query = ''] = request.url.replace(/^http:\/\/[^/]+/, '').split('?');
    const param = (name) => (new RegExp('(?:^|&)' + name + '=([^&]*)').exec(query) || [])[1];
    if (path === '/')
        return event.respondWith(new Response('hello'));
    if (path === '/echo')
        return event.respondWith((async () => {
            const body = await request.text();
            return new Response(request.method + ' ' + body.length + ' ' + body, {
                headers: {'x-content-type': request.headers.get('content-type') || ''},
            });
        })());
    if (path === '/stream-body')
        return event.respondWith((async () => {
            let n = 0, chunks = 0;
            for await (const chunk of request.body) {
                n += chunk.byteLength;
                chunks++;
            }
            return new Response('read ' + n + ' bytes');
        })());
    if (path === '/throw')
        throw new Error('boom in handler');
    if (path === '/reject')
        return event.respondWith(Promise.reject(new Error('rejected in handler')));
    if (path === '/pass') {
        event.passThroughOnException();
        throw new Error('boom after passThroughOnException');
    }
    if (path === '/never')
        return event.respondWith(new Promise(() => {}));
    if (path === '/none')
        return;
    if (path === '/slow')
        return event.respondWith(sleep(Number(param('ms'))).then(
            () => new Response('slow done')));
    if (path === '/stream')
        return event.respondWith(new Response(new ReadableStream({
            n: 0,
            async pull(controller) {
                await sleep(150);
                if (this.n++ === 3)
                    return controller.close();
                controller.enqueue(Uint8Array.from('chunk' + this.n + '\n', (c) => c.charCodeAt(0)));
            },
        })));
    if (path === '/waituntil') {
        event.waitUntil(sleep(300).then(() => console.log('waitUntil done')));
        return event.respondWith(new Response('answered before waitUntil'));
    }
    if (path === '/fetch')
        return event.respondWith((async () => {
            const port = param('port');
            const r = await fetch('http://127.0.0.1:' + port + '/echo',
                                  {method: 'POST', body: 'ping', headers: {'content-type': 'x/y'}});
            const text = await r.text();
            return new Response('upstream ' + r.status + ' ' + r.headers.get('x-content-type') +
                                ' [' + text + ']');
        })());
    if (path === '/fetch-refused')
        return event.respondWith(fetch('http://127.0.0.1:1/').then(
            () => new Response('unexpected'),
            (e) => new Response(e.name + ': ' + e.message)));
    if (path === '/json')
        return event.respondWith(Response.json({a: 1}, {status: 201}));
    if (path === '/url')
        return event.respondWith(new Response(request.url + ' ' + request.method));
    if (path === '/big')
        return event.respondWith(new Response(new Uint8Array(1 << 20).fill(97)));
    event.respondWith(new Response('not found', {status: 404}));
});
