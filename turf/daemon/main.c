/* turfd: the daemon that keeps seeds and creates sandboxes by WarmFork. Not implemented yet:
 * this placeholder answers --help and --version and otherwise fails clearly. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("Usage: turfd [--root DIR] [--socket PATH]\n\n"
               "The Turf daemon: keeps seed processes and creates sandboxes by WarmFork.\n"
               "Not implemented yet in this release; see turfd(8).\n");
        return 0;
    }
    if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-v") == 0)) {
        printf("turfd version 0.1.0\n");
        return 0;
    }
    fprintf(stderr, "turfd: not implemented yet\n");
    return 1;
}
