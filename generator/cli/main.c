/* loa: command-line entry.  Each subcommand lives in cmd_NAME.c. */
#include "cli.h"
#include "../util/diag.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: loa <command> [options]\n"
    "\n"
    "commands:\n"
    "  build     build content/ with a theme into output/ (site and EPUBs)\n"
    "  render    render one Mustache template to standard output\n"
    "  check     report on content (loa check --translations)\n"
    "\n"
    "  loa --help, loa <command> --help, loa --version\n"
    "See loa(1) for everything.\n";

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("loa %s\n", LOA_VERSION);
        return 0;
    }
    int (*cmd)(int, char **) = !strcmp(argv[1], "build") ? cmd_build
                             : !strcmp(argv[1], "render") ? cmd_render
                             : !strcmp(argv[1], "check") ? cmd_check : NULL;
    if (cmd) {
        int rc = cmd(argc - 1, argv + 1);
        diag_flush();   /* "... and N more like this" for kinds past the cap */
        return rc;
    }
    fprintf(stderr, "loa: unknown command '%s'\n\n%s", argv[1], usage);
    return 2;
}
