/* turf spec: write a default config.json into a bundle, as `runc spec` does. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../oci/config.h"
#include "../base/cleanup.h"
#include "cli.h"

static void print_spec_help(void)
{
    printf("Usage: turf spec [--bundle DIR] [--rootless]\n\n"
           "Write a default OCI config.json (runtime-spec " OCI_SPEC_VERSION ") into DIR.\n\n"
           "  -b, --bundle DIR   bundle directory (default: the current directory)\n"
           "      --rootless     a config for a container started by an unprivileged user\n"
           "  -h, --help         show this help\n");
}

int turf_cmd_spec(const struct turf_globals *g, int argc, char **argv, struct turf_error **err)
{
    (void)g;
    static const struct option options[] = {
        {"bundle", required_argument, NULL, 'b'},
        {"rootless", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *bundle = ".";
    bool rootless = false;
    int c;
    while ((c = getopt_long(argc, argv, "b:h", options, NULL)) != -1) {
        switch (c) {
        case 'b':
            bundle = optarg;
            break;
        case 'r':
            rootless = true;
            break;
        case 'h':
            print_spec_help();
            return TURF_EXIT_OK;
        default:
            return turf_usage_error("spec", "unknown option \"%s\"", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return turf_usage_error("spec", "unexpected argument \"%s\"", argv[optind]);

    _cleanup_oci_config_ struct oci_config *config = NULL;
    if (oci_config_new_default(rootless, &config, err) < 0)
        return TURF_EXIT_FAILURE;
    _cleanup_free_ char *text = oci_config_dump(config);
    _cleanup_free_ char *path = NULL;
    if (!text || asprintf(&path, "%s/config.json", bundle) < 0) {
        turf_error_errno(err, -ENOMEM, "spec");
        return TURF_EXIT_FAILURE;
    }

    _cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            turf_error_set(err, -EEXIST, "spec: %s exists already; remove it first", path);
        else
            turf_error_errno(err, -errno, "spec: create %s", path);
        return TURF_EXIT_FAILURE;
    }
    if (dprintf(fd, "%s\n", text) < 0 || close(TURF_STEAL_FD(fd)) < 0) {
        turf_error_errno(err, -errno, "spec: write %s", path);
        unlink(path);
        return TURF_EXIT_FAILURE;
    }
    return TURF_EXIT_OK;
}
