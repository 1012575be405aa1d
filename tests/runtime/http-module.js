/* A module-style worker for tests/runtime/http.sh: `export default { fetch }`, rewritten by
 * turf-worker into a classic script. */
const greeting = 'hello from a module';

export default {
    async fetch(request, env, ctx) {
        ctx.waitUntil(Promise.resolve());
        if (request.url.endsWith('/throw')) {
            ctx.passThroughOnException();
            throw new Error('module boom');
        }
        return new Response(greeting + ' ' + typeof env);
    },
};
