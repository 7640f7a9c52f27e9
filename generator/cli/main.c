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
    "  check     every check of a build, nothing written (--translations: a report)\n"
    "  serve     preview: build, serve on 127.0.0.1:1313, rebuild and reload on save\n"
    "  new       a new site (loa new site DIR) or page (loa new story \"Title\")\n"
    "  report    products published in a period (loa report --period 2025-H1)\n"
    "  help      loa help codes: every diagnostic code, its meaning and fix\n"
    "\n"
    "options of every command:\n"
    "  --diagnostics text|json|github|gitlab|sarif   diagnostics for people or CI\n"
    "  --diagnostics-out FILE                        machine diagnostics to FILE\n"
    "\n"
    "  loa --help, loa <command> --help, loa --version\n"
    "See loa(1) for everything.\n";

static int unknown_command(const char *cmd)
{
    static const char *const commands[] = {"build", "check", "help", "new", "render", "report", "serve",
                                            "version"};
    const char *s = suggest_closest(cmd, commands, sizeof commands / sizeof *commands);
    if (s) fprintf(stderr, "loa: unknown command '%s'; did you mean 'loa %s'?\n", cmd, s);
    else fprintf(stderr, "loa: unknown command '%s'\n\n%s", cmd, usage);
    return 2;
}

/* Takes --diagnostics FORMAT and --diagnostics-out FILE out of argv (any
 * command accepts them).  0, or 2 after a usage error. */
static int diagnostics_options(int *argc, char **argv)
{
    int k = 0;
    for (int i = 0; i < *argc; i++) {
        int fmt = !strcmp(argv[i], "--diagnostics"), out = !strcmp(argv[i], "--diagnostics-out");
        if (!fmt && !out) {
            argv[k++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc) {
            fprintf(stderr, "loa: error: %s needs a value\n", argv[i]);
            return 2;
        }
        if (out) diag_set_output(argv[++i]);
        else if (diag_set_format(argv[++i]) != 0) {
            fprintf(stderr, "loa: error: --diagnostics '%s': use text, json, github, gitlab or sarif\n",
                    argv[i]);
            return 2;
        }
    }
    *argc = k;
    argv[k] = NULL;
    return 0;
}

static int run(int argc, char **argv)
{
    if (!strcmp(argv[1], "build")) return cmd_build(argc - 1, argv + 1);
    if (!strcmp(argv[1], "render")) return cmd_render(argc - 1, argv + 1);
    if (!strcmp(argv[1], "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(argv[1], "report")) return cmd_report(argc - 1, argv + 1);
    if (!strcmp(argv[1], "new")) return cmd_new(argc - 1, argv + 1);
    if (!strcmp(argv[1], "serve")) return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(argv[1], "help")) return cmd_help(argc - 1, argv + 1);
    return unknown_command(argv[1]);
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
    if (diagnostics_options(&argc, argv) != 0) return 2;
    int r = run(argc, argv);
    diag_flush();   /* "... and N more like this" for kinds past the cap */
    /* the report of the file formats is written even when the command failed */
    if (diag_finish() != 0 && r == 0) r = 1;
    return r;
}
