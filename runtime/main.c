/* turf-worker: the JavaScript worker runtime. Not implemented yet: this placeholder answers
 * --help and --version and otherwise fails clearly. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("Usage: turf-worker [--listen ADDR] SCRIPT.js\n\n"
               "The Turf JavaScript worker runtime.\n"
               "Not implemented yet in this release; see turf-worker(1).\n");
        return 0;
    }
    if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-v") == 0)) {
        printf("turf-worker version 0.1.0\n");
        return 0;
    }
    fprintf(stderr, "turf-worker: not implemented yet\n");
    return 1;
}
