/* loa build: options into struct build_opts, then site_build. */
#include "cli.h"
#include "../site/site.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/limits.h"
#include "../util/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char build_usage[] =
    "usage: loa build [options]\n"
    "\n"
    "Builds content/ with its theme into output/: pages, listings, feeds,\n"
    "sitemaps and EPUB books.  Writes to a staging folder and swaps it in only\n"
    "when the whole build succeeded.\n"
    "\n"
    "  --content DIR     content folder (default: content)\n"
    "  --theme DIR       theme folder (default: themes/<theme in site.yml>)\n"
    "  --out DIR         output folder (default: output)\n"
    "  --base-url URL    override base_url from site.yml\n"
    "  --drafts          include pages with draft: true\n"
    "  --future          include pages dated in the future\n"
    "  --expired         include pages past their expiryDate\n"
    "  --strict          warnings are errors; undefined template variables are errors\n"
    "  --no-epub         skip the books\n"
    "  --jobs N          threads (default: number of cores)\n"
    "  --quiet           print nothing but errors\n"
    "  --shard K/N       write only the K-th of N parts of the site (CI runners);\n"
    "                    the N outputs copied into one folder equal a whole build\n"
    "  --explain OUTPUT  after the build, print what OUTPUT (e.g. vi/index.html) read\n"
    "\n"
    "SOURCE_DATE_EPOCH, when set, is the build time (feeds, books, site.year, 'now'):\n"
    "whole seconds since 1970, 0 to 253402300799.\n";

static int want_arg(int argc, char **argv, int i)
{
    if (i + 1 < argc) return 1;
    fprintf(stderr, "loa build: %s needs a value\n", argv[i]);
    return 0;
}

static char *trim_slash(char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') p[--n] = '\0';
    return p;
}

static int unknown_option(const char *a)
{
    static const char *const flags[] = {"--content", "--theme", "--out", "--base-url", "--drafts",
                                        "--future", "--expired", "--strict", "--no-epub", "--jobs",
                                        "--quiet", "--shard", "--explain", "--help"};
    const char *s = suggest_closest(a, flags, sizeof flags / sizeof *flags);
    if (s) fprintf(stderr, "loa build: unknown option '%s'; did you mean '%s'?\n", a, s);
    else fprintf(stderr, "loa build: unknown option '%s'\n\n%s", a, build_usage);
    return 2;
}

/* The last second of 9999-12-31: four-digit years in every date format. */
#define EPOCH_MAX 253402300799ll

/* SOURCE_DATE_EPOCH (reproducible-builds.org): whole seconds since
 * 1970-01-01 UTC, digits only; else the clock.  0, or -1 reported. */
int cli_build_time(struct build_opts *o)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde) {
        o->now = (long long)time(NULL);
        return 0;
    }
    long long t = 0;
    const char *p = sde;
    for (; *p >= '0' && *p <= '9' && t <= EPOCH_MAX; p++) t = t * 10 + (*p - '0');
    if (*p || t > EPOCH_MAX) {
        fprintf(stderr, "loa: SOURCE_DATE_EPOCH='%.40s%s' is not a time loa can use; give whole "
                "seconds since 1970-01-01 UTC, from 0 to %lld (9999-12-31), or unset it\n",
                sde, strlen(sde) > 40 ? "..." : "", EPOCH_MAX);
        return -1;
    }
    o->now = t;
    o->have_epoch = 1;
    return 0;
}

/* "K/N" with 1 <= K <= N <= LIMIT_SHARDS.  0, or -1 reported. */
static int parse_shard(const char *v, struct build_opts *o)
{
    char *end;
    long k = strtol(v, &end, 10);
    long n = *end == '/' ? strtol(end + 1, &end, 10) : 0;
    if (*end || k < 1 || n < 1 || k > n || n > LIMIT_SHARDS) {
        fprintf(stderr, "loa build: --shard takes K/N, this part K of N parts, with 1 <= K <= N "
                "<= %d (for example --shard 2/4), not '%s'\n", LIMIT_SHARDS, v);
        return -1;
    }
    o->shard_k = (unsigned)k;
    o->shard_n = (unsigned)n;
    return 0;
}

int cmd_build(int argc, char **argv)
{
    struct build_opts o = {.content_dir = "content", .out_dir = "output"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { fputs(build_usage, stdout); return 0; }
        else if (!strcmp(a, "--drafts")) o.drafts = 1;
        else if (!strcmp(a, "--future")) o.future = 1;
        else if (!strcmp(a, "--expired")) o.expired = 1;
        else if (!strcmp(a, "--strict")) o.strict = 1;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) o.quiet = 1;
        else if (!strcmp(a, "--no-epub")) o.no_epub = 1;
        else if (!strcmp(a, "--content") && want_arg(argc, argv, i)) o.content_dir = trim_slash(argv[++i]);
        else if (!strcmp(a, "--theme") && want_arg(argc, argv, i)) o.theme_dir = trim_slash(argv[++i]);
        else if (!strcmp(a, "--out") && want_arg(argc, argv, i)) o.out_dir = trim_slash(argv[++i]);
        else if (!strcmp(a, "--base-url") && want_arg(argc, argv, i)) o.base_url = argv[++i];
        else if (!strcmp(a, "--shard") && want_arg(argc, argv, i)) {
            if (parse_shard(argv[++i], &o) != 0) return 2;
        }
        else if (!strcmp(a, "--explain") && want_arg(argc, argv, i)) o.explain = argv[++i];
        else if (!strcmp(a, "--jobs") && want_arg(argc, argv, i)) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 256) { fprintf(stderr, "loa build: --jobs takes a number from 1 to 256\n"); return 2; }
            o.jobs = (unsigned)n;
        } else {
            return unknown_option(a);
        }
    }
    if (!fs_is_dir(o.content_dir)) {
        fprintf(stderr, "loa build: there is no '%s' folder here; run loa in your site's folder, "
                        "pass --content DIR, or start a site with: loa new site DIR\n", o.content_dir);
        return 2;
    }
    if (cli_build_time(&o) != 0) return 2;
    diag_set_strict(o.strict);
    diag_set_quiet(o.quiet);
    return site_build(&o);
}
