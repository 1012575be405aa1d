// The node side of tests/bench/http.sh: answers every request "hello", 200, text/plain, like
// tests/bench/http-hello.js does on turf-worker. Port from argv[2].
require('http').createServer((request, response) => {
    response.writeHead(200, {'content-type': 'text/plain;charset=UTF-8'});
    response.end('hello');
}).listen(Number(process.argv[2]), '127.0.0.1');
