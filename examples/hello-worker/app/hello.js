// The hello worker: answers every request with a greeting from its sandbox. As a seed, it is
// loaded once; each warm sandbox forked from it fires 'deserialize' and then serves.
let forkedAt = 0;

addEventListener('deserialize', () => {
    forkedAt = performance.now();
});

addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    event.respondWith(new Response(`hello from ${url.pathname}\n`, {
        headers: {'content-type': 'text/plain'},
    }));
});
