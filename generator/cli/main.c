/* loa: command-line entry.  Each subcommand lives in cmd_NAME.c. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: loa <command> [options]\n"
    "\n"
    "commands:\n"
    "  build     build content/ with a theme into output/ (site and EPUBs)\n"
    "  render    render one Mustache template to standard output\n"
    "  check     report on content (loa check --translations)\n"
    "  report    products published in a period (loa report --period 2025-H1)\n"
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
    if (!strcmp(argv[1], "build")) return cmd_build(argc - 1, argv + 1);
    if (!strcmp(argv[1], "render")) return cmd_render(argc - 1, argv + 1);
    if (!strcmp(argv[1], "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(argv[1], "report")) return cmd_report(argc - 1, argv + 1);
    fprintf(stderr, "loa: unknown command '%s'\n\n%s", argv[1], usage);
    return 2;
}
