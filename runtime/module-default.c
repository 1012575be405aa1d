/* The rewrite of module-style worker scripts into classic scripts (see module-default.h). Only
 * statements at column 0 count, so a string or comment mentioning `export` is left alone. */
#include "module-default.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool starts_with_word(const char *line, const char *word)
{
    size_t n = strlen(word);
    return !strncmp(line, word, n) &&
           !(isalnum((unsigned char)line[n]) || line[n] == '_' || line[n] == '$');
}

int turf_module_default_rewrite(const char *path, char **text, struct turf_error **err)
{
    static const char replacement[] = "globalThis." TURF_MODULE_DEFAULT_GLOBAL " =";
    const char *found = NULL;
    int line_no = 1;
    for (const char *line = *text; line; line_no++) {
        const char *p = line;
        if (starts_with_word(p, "export")) {
            p += 6;
            while (*p == ' ' || *p == '\t')
                p++;
            if (!starts_with_word(p, "default") || found)
                return turf_error_set(err, -EINVAL,
                                      "%s:%d: only one `export default` is supported in a "
                                      "module-style worker; bundle it first (esbuild --bundle "
                                      "--format=iife), see turf-worker(1)",
                                      path, line_no);
            found = line;
        } else if (starts_with_word(p, "import") && p[6] != '(' && p[6] != '.') {
            return turf_error_set(err, -EINVAL,
                                  "%s:%d: import statements are not supported; bundle the worker "
                                  "into one script first (esbuild --bundle --format=iife), see "
                                  "turf-worker(1)",
                                  path, line_no);
        }
        const char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    if (!found)
        return 0;
    const char *after = found + 6;
    while (*after == ' ' || *after == '\t')
        after++;
    after += 7; /* "default" */
    size_t head = (size_t)(found - *text), tail = strlen(after);
    char *out = malloc(head + sizeof(replacement) + tail + 1);
    if (!out)
        return turf_error_set(err, -ENOMEM, "%s: out of memory", path);
    memcpy(out, *text, head);
    memcpy(out + head, replacement, sizeof(replacement) - 1);
    memcpy(out + head + sizeof(replacement) - 1, after, tail + 1);
    free(*text);
    *text = out;
    return 1;
}
