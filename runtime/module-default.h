/* Module-style workers (`export default { fetch(request, env, ctx) { ... } }`): JavaScriptCore's
 * C API has no module loader, so a single-file script is rewritten into a classic one. */
#ifndef TURF_RUNTIME_MODULE_DEFAULT_H
#define TURF_RUNTIME_MODULE_DEFAULT_H

#include "../turf/base/error.h"

/* The global property the rewritten `export default` assigns; js/fetch-event.js takes it. */
#define TURF_MODULE_DEFAULT_GLOBAL "__turf_default_export"

/* Rewrites *text in place when a line starts with `export default` (at column 0): that keyword
 * pair becomes an assignment to TURF_MODULE_DEFAULT_GLOBAL, so every line keeps its number. A
 * line starting with another `import` or `export` statement is an error naming PATH:LINE (the
 * script needs bundling first). Returns 1 if rewritten, 0 if a classic script, or -EINVAL. */
int turf_module_default_rewrite(const char *path, char **text, struct turf_error **err);

#endif
