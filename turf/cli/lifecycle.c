/* turf start, state, kill, delete and list: each a thin wrapper over turf/container. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../container/container.h"
#include "cli.h"

/* Parses "[--flag]... ID [EXTRA]" for the commands that take only boolean flags. */
static int parse_id_command(const char *name, const char *usage, const struct option *options,
                            bool *flags, int argc, char **argv, const char **id, const char **extra)
{
    int c;
    while ((c = getopt_long(argc, argv, "+afhq", options, NULL)) != -1) {
        if (c == 'h') {
            printf("%s", usage);
            return -1;
        }
        bool known = false;
        for (const struct option *o = options; o->name; o++)
            if (o->val == c && o->val != 'h') {
                flags[o - options] = true;
                known = true;
            }
        if (!known)
            return turf_usage_error(name, "unknown option \"%s\"", argv[optind - 1]);
    }
    int want = extra ? 2 : 1;
    if (argc - optind < 1 || argc - optind > want)
        return turf_usage_error(name, "expected a container id%s", extra ? " [and a signal]" : "");
    *id = argv[optind];
    if (extra)
        *extra = argc - optind == 2 ? argv[optind + 1] : NULL;
    return 0;
}

#define PARSE(name, usage, options, flags, id, extra)                                              \
    do {                                                                                           \
        int _r = parse_id_command(name, usage, options, flags, argc, argv, id, extra);             \
        if (_r != 0)                                                                               \
            return _r < 0 ? TURF_EXIT_OK : _r;                                                     \
    } while (0)

static const struct option help_only[] = {{"help", no_argument, NULL, 'h'}, {0}};

int turf_cmd_start(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    const char *id;
    bool flags[1] = {0};
    PARSE("start", "Usage: turf start ID\n\nRun the user process of a created container.\n",
          help_only, flags, &id, NULL);
    return turf_backend_start(g, id, err) < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}

int turf_cmd_state(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    const char *id;
    bool flags[1] = {0};
    PARSE("state", "Usage: turf state ID\n\nPrint the container's state as JSON.\n", help_only,
          flags, &id, NULL);
    json_t *state;
    if (turf_backend_state(g, id, &state, err) < 0)
        return TURF_EXIT_FAILURE;
    json_dumpf(state, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(state);
    return TURF_EXIT_OK;
}

int turf_cmd_kill(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    static const struct option options[] = {
        {"all", no_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'}, {0}};
    const char *id, *signame;
    bool flags[2] = {0};
    PARSE("kill",
          "Usage: turf kill [--all] ID [SIGNAL]\n\nSend SIGNAL (default SIGTERM; a name or a "
          "number) to the container's init,\nor with --all to every process of the "
          "container.\n",
          options, flags, &id, &signame);
    int sig = signame ? turf_signal_parse(signame) : SIGTERM;
    if (sig < 0)
        return turf_usage_error("kill", "unknown signal \"%s\"", signame);
    return turf_backend_kill(g, id, sig, flags[0], err) < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}

int turf_cmd_delete(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    static const struct option options[] = {
        {"force", no_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {0}};
    const char *id;
    bool flags[2] = {0};
    PARSE("delete",
          "Usage: turf delete [--force] ID\n\nDelete a stopped container; --force kills it "
          "first.\n",
          options, flags, &id, NULL);
    return turf_backend_delete(g, id, flags[0], err) < 0 ? TURF_EXIT_FAILURE : TURF_EXIT_OK;
}

/* runc's table: Go's tabwriter with a minimum cell width of 12 and a padding of 3. */
static void print_table(json_t *list)
{
    static const char *const heads[] = {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"};
    static const char *const keys[] = {"id", "pid", "status", "bundle", "created", "owner"};
    size_t rows = json_array_size(list) + 1;
    char cells[rows][6][1024];
    int width[6] = {0};
    for (size_t r = 0; r < rows; r++)
        for (int k = 0; k < 6; k++) {
            json_t *v = r ? json_object_get(json_array_get(list, r - 1), keys[k]) : NULL;
            if (!r)
                snprintf(cells[r][k], sizeof(cells[r][k]), "%s", heads[k]);
            else if (json_is_integer(v))
                snprintf(cells[r][k], sizeof(cells[r][k]), "%lld",
                         (long long)json_integer_value(v));
            else
                snprintf(cells[r][k], sizeof(cells[r][k]), "%s",
                         json_string_value(v) ? json_string_value(v) : "");
            int w = (int)strlen(cells[r][k]) + 3;
            width[k] = w > width[k] ? w : width[k];
        }
    for (size_t r = 0; r < rows; r++) {
        for (int k = 0; k < 5; k++)
            printf("%-*s", width[k] > 12 ? width[k] : 12, cells[r][k]);
        printf("%s\n", cells[r][5]);
    }
}

int turf_cmd_list(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    static const struct option options[] = {{"format", required_argument, NULL, 'f'},
                                            {"quiet", no_argument, NULL, 'q'},
                                            {"help", no_argument, NULL, 'h'},
                                            {0}};
    const char *format = "table";
    bool quiet = false;
    int c;
    while ((c = getopt_long(argc, argv, "f:qh", options, NULL)) != -1) {
        if (c == 'f')
            format = optarg;
        else if (c == 'q')
            quiet = true;
        else if (c == 'h') {
            printf("Usage: turf list [--format table|json] [--quiet]\n\nList the containers "
                   "under --root.\n");
            return TURF_EXIT_OK;
        } else
            return turf_usage_error("list", "unknown option \"%s\"", argv[optind - 1]);
    }
    if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
        return turf_usage_error("list", "--format: expected table or json, got \"%s\"", format);
    json_t *list;
    if (turf_backend_list(g, &list, err) < 0)
        return TURF_EXIT_FAILURE;
    size_t i;
    json_t *s;
    if (quiet)
        json_array_foreach(list, i, s) printf("%s\n", json_string_value(json_object_get(s, "id")));
    else if (strcmp(format, "json") == 0) {
        /* runc prints null for no containers (a nil Go slice); scripts may rely on it. */
        if (json_array_size(list))
            json_dumpf(list, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
        else
            fputs("null", stdout);
        putchar('\n');
    } else
        print_table(list);
    json_decref(list);
    return TURF_EXIT_OK;
}
