/* loa report: the products published in a period, for the six-monthly and
 * yearly reports the plans require.  Reads the site model, writes nothing
 * but the report (standard output, or --out FILE). */
#include "cli.h"
#include "../report/report.h"
#include "../site/site.h"
#include "../util/buf.h"
#include "../util/diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char report_usage[] =
    "usage: loa report [--period 2025-H1|2025] [--from DATE] [--to DATE]\n"
    "                  [--format text|csv|json|html|xlsx] [--out FILE]\n"
    "                  [--content DIR] [--theme DIR]\n"
    "\n"
    "Counts the products published in the period (dates inclusive, YYYY-MM-DD)\n"
    "by type, language, language group, unit or author, place and month; the\n"
    "share in minority and foreign languages against the 15-20% target; the\n"
    "items; the EPUBs with their chapters and sizes.  --period takes a year\n"
    "(2025), a half (2025-H1, 2025-H2) or a quarter (2025-Q3).  xlsx needs --out.\n"
    "Exit 0; 1 on content errors; 2 on usage errors.\n";

enum fmt { F_TEXT, F_CSV, F_JSON, F_HTML, F_XLSX };

struct report_opts {
    struct build_opts o;
    const char *from, *to, *period, *out;
    enum fmt fmt;
};

static int usage_error(const char *fmt, const char *arg)
{
    fputs("loa report: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(see loa report --help)\n", stderr);
    return 2;
}

static int parse_format(const char *f, enum fmt *out)
{
    static const char *const names[] = {"text", "csv", "json", "html", "xlsx"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(f, names[i])) {
            *out = (enum fmt)i;
            return 0;
        }
    return -1;
}

/* One option at argv[*i]; 0, 1 for --help, or 2 after a usage error. */
static int option(struct report_opts *ro, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) return 1;
    static const char *const valued[] = {"--from", "--to",      "--period", "--format",
                                         "--out",  "--content", "--theme"};
    size_t k = 0;
    while (k < 7 && strcmp(a, valued[k])) k++;
    if (k == 7) return usage_error("unknown option '%s'", a);
    if (*i + 1 >= argc) return usage_error("%s needs a value", a);
    const char *v = argv[++*i];
    switch (k) {
    case 0:
        ro->from = v;
        return report_is_date(v) ? 0 : usage_error("--from '%s' is not a date (YYYY-MM-DD)", v);
    case 1:
        ro->to = v;
        return report_is_date(v) ? 0 : usage_error("--to '%s' is not a date (YYYY-MM-DD)", v);
    case 2: ro->period = v; return 0;
    case 3:
        return parse_format(v, &ro->fmt)
                   ? usage_error("--format '%s': use text, csv, json, html or xlsx", v)
                   : 0;
    case 4: ro->out = v; return 0;
    case 5: ro->o.content_dir = v; return 0;
    default: ro->o.theme_dir = v; return 0;
    }
}

static int parse(struct report_opts *ro, int argc, char **argv, arena *a)
{
    for (int i = 1; i < argc; i++) {
        int r = option(ro, argc, argv, &i);
        if (r == 1) {
            fputs(report_usage, stdout);
            return 1;
        }
        if (r) return r;
    }
    if (ro->period && (ro->from || ro->to))
        return usage_error("--period and --from/--to%s: give one or the other", "");
    if (ro->period && report_period(ro->period, a, &ro->from, &ro->to))
        return usage_error(
            "--period '%s': use a year (2025), a half (2025-H1) or a quarter (2025-Q1)",
            ro->period);
    if (ro->from && ro->to && strcmp(ro->from, ro->to) > 0)
        return usage_error("--from is after --to%s", "");
    if (ro->fmt == F_XLSX && !ro->out)
        return usage_error("--format xlsx needs --out FILE.xlsx%s", "");
    return cli_build_time(&ro->o) == 0 ? 0 : 2;
}

/* --out names a file the user chose: written as asked, no folders made. */
static int write_file(const char *path, const buf *b)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(b->data, 1, b->len, f) == b->len;
    int e = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (!ok)
        diag_coded(DIAG_ERROR, DIAG_REPORT_WRITE, path, 0, 0,
                   "cannot write the report: %s; "
                   "check that its folder exists and is writable",
                   strerror(e));
    return !ok;
}

static int emit(const struct report *r, const struct report_opts *ro)
{
    if (ro->fmt == F_XLSX) return report_write_xlsx(r, ro->out) ? 1 : 0;
    buf b = BUF_INIT;
    if (ro->fmt == F_TEXT)
        report_write_text(r, &b);
    else if (ro->fmt == F_CSV)
        report_write_csv(r, &b);
    else if (ro->fmt == F_JSON)
        report_write_json(r, &b);
    else
        report_write_html(r, &b);
    int bad = ro->out ? write_file(ro->out, &b) : fwrite(b.data, 1, b.len, stdout) != b.len;
    buf_release(&b);
    return bad;
}

int cmd_report(int argc, char **argv)
{
    struct report_opts ro = {.o = {.content_dir = "content", .out_dir = "output"}};
    arena a;
    arena_init(&a);
    int r = parse(&ro, argc, argv, &a);
    if (r) {
        arena_release(&a);
        return r == 1 ? 0 : r;
    }
    ro.o.expired = 1; /* an expired page was still published in its period */
    struct site *s = site_new(&ro.o);
    int prepared = site_prepare(s, 0);
    if (prepared == 0 && diag_errors() == 0) {
        struct report rep;
        report_build(&rep, s, ro.from, ro.to, ro.period);
        r = diag_errors() ? 1 : emit(&rep, &ro);
        report_release(&rep);
    } else {
        r = prepared == -2 ? 2 : 1; /* site.yml or the theme folder: configuration */
    }
    site_release(s);
    arena_release(&a);
    return r;
}
