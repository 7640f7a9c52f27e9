/* loa: command-line entry.  Each subcommand lives in cmd_NAME.c. */
#include "cli.h"
#include "../util/diag.h"
#include "../util/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: loa <command> [options]\n"
    "\n"
    "commands:\n"
    "  build     build content/ with a theme into output/ (site and EPUBs)\n"
    "  render    render one Mustache template to standard output\n"
    "  check     report on content (loa check --translations)\n"
    "  serve     preview: build, serve on 127.0.0.1:1313, rebuild and reload on save\n"
    "  new       a new site (loa new site DIR) or page (loa new story \"Title\")\n"
    "\n"
    "  loa --help, loa <command> --help, loa --version\n"
    "See loa(1) for everything.\n";

static int unknown_command(const char *cmd)
{
    static const char *const commands[] = {"build", "check", "new", "render", "serve", "version"};
    const char *s = suggest_closest(cmd, commands, sizeof commands / sizeof *commands);
    if (s) fprintf(stderr, "loa: unknown command '%s'; did you mean 'loa %s'?\n", cmd, s);
    else fprintf(stderr, "loa: unknown command '%s'\n\n%s", cmd, usage);
    return 2;
}

int main(int argc, char **argv)
{
    /* libzip calls localtime() from the book-packing threads; with TZ
     * unset glibc re-reads the zone on every call and frees the old one
     * (a data race ThreadSanitizer reports).  Naming the same zone
     * explicitly makes every call after this first one read-only. */
    if (!getenv("TZ")) setenv("TZ", ":/etc/localtime", 1);
    tzset();
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
                             : !strcmp(argv[1], "check") ? cmd_check
                             : !strcmp(argv[1], "new") ? cmd_new
                             : !strcmp(argv[1], "serve") ? cmd_serve : NULL;
    if (!cmd) return unknown_command(argv[1]);
    int rc = cmd(argc - 1, argv + 1);
    diag_flush();   /* "... and N more like this" for kinds past the cap */
    return rc;
}
