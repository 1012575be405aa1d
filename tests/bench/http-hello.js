// The turf-worker side of tests/bench/http.sh: answers every request "hello", 200, text/plain.
addEventListener('fetch', (event) => event.respondWith(new Response('hello')));
