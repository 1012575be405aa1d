/* turf validate: parse and check a bundle's config.json exactly as create will, and say what
 * it found. Turf's own addition: runc has no such command. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../../oci/config.h"
#include "cli.h"

static void print_validate_help(void)
{
    printf("Usage: turf validate [--bundle DIR]\n\n"
           "Check DIR/config.json against the OCI runtime-spec as 'turf create' will.\n\n"
           "  -b, --bundle DIR   bundle directory (default: the current directory)\n"
           "  -h, --help         show this help\n");
}

static void print_summary(const struct oci_config *c)
{
    printf("config.json: valid (ociVersion %s", c->oci_version);
    if (c->process && c->process->args)
        printf(", process \"%s\"", c->process->args[0]);
    printf(", %zu mount%s", c->n_mounts, c->n_mounts == 1 ? "" : "s");
    if (c->linux_ && c->linux_->n_namespaces) {
        printf(", namespaces:");
        for (size_t i = 0; i < c->linux_->n_namespaces; i++)
            printf(" %s%s", c->linux_->namespaces[i].type,
                   c->linux_->namespaces[i].path ? "(joined)" : "");
    }
    if (c->linux_ && c->linux_->seccomp)
        printf(", seccomp: %zu rules", c->linux_->seccomp->n_syscalls);
    printf(")\n");
}

int turf_cmd_validate(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    (void)g;
    static const struct option options[] = {
        {"bundle", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *bundle = ".";
    int c;
    while ((c = getopt_long(argc, argv, "b:h", options, NULL)) != -1) {
        switch (c) {
        case 'b':
            bundle = optarg;
            break;
        case 'h':
            print_validate_help();
            return TURF_EXIT_OK;
        default:
            return turf_usage_error("validate", "unknown option \"%s\"", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return turf_usage_error("validate", "unexpected argument \"%s\"", argv[optind]);

    _cleanup_oci_config_ struct oci_config *config = NULL;
    if (oci_config_load_bundle(bundle, &config, err) < 0)
        return TURF_EXIT_FAILURE;
    print_summary(config);
    return TURF_EXIT_OK;
}
