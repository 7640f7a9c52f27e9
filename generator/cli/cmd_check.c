/* loa check: every check of a build without writing anything (site_build
 * with build_opts.dry); or, with --translations, which pages exist in
 * which language, which are missing, which are older than their
 * source-language version, and the share of pages in minority and foreign
 * languages against the plans' 15–20% target.  Text for people, --format
 * json for CI. */
#include "cli.h"
#include "../data/value.h"
#include "../report/textcol.h"
#include "../site/site.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char check_usage[] =
    "usage: loa check [--content DIR] [--theme DIR] [--strict] [--quiet] [--drafts]\n"
    "                 [--future] [--expired] [--no-epub] [--jobs N]\n"
    "       loa check --translations [--format text|json] [--content DIR] [--theme DIR]\n"
    "\n"
    "loa check runs every check of loa build (site.yml, front matter, links,\n"
    "images, alt text, templates, UI strings, books) and writes nothing: no\n"
    "output folder, no lock, no cache; photos and cards are not drawn, only\n"
    "their inputs read.  Exit 0; 1 on content errors; 2 on usage or\n"
    "configuration errors, as loa build.\n"
    "\n"
    "--translations reports, per section and language, the pages that exist,\n"
    "are missing or are older than the default-language version (by lastmod,\n"
    "else the file's modification time), and the share of pages in minority\n"
    "and foreign languages against the 15-20% target, with each row's source\n"
    "file.  Exit 0; 1 on content errors; 2 on usage errors.\n";

static long long stamp(const struct page *p)
{
    if (p->lastmod_t) return p->lastmod_t;
    long long m = p->src ? fs_mtime(p->src) : -1;
    return m > 0 ? m : p->date_t;
}

struct row { const char *section, *key, *title, *src; const struct page **by_lang; };

/* Text columns: titles cut by display width, one column per language wide
 * enough for its code and the longest state ("missing"). */
#define TITLE_COLS 40

static size_t lang_cols(const struct lang *L)
{
    size_t n = strlen(L->code);
    return (n > 7 ? n : 7) + 1;
}

static void text_header(const struct site *s, const char *section, buf *out)
{
    buf_printf(out, "\n%s/\n  ", *section ? section : "(root)");
    textcol_put(out, "Title", TITLE_COLS);
    buf_putc(out, ' ');
    for (size_t l = 0; l < s->cfg.n_langs; l++)
        textcol_put(out, s->cfg.langs[l].code, lang_cols(&s->cfg.langs[l]));
    buf_puts(out, "Source\n");
}

static int cmp_row(const void *x, const void *y)
{
    const struct row *a = x, *b = y;
    int c = strcmp(a->section, b->section);
    return c ? c : strcmp(a->key, b->key);
}

static void json_str(buf *b, const char *s)
{
    value v = {.kind = VAL_STR};
    v.u.str.s = s ? s : "";
    v.u.str.len = strlen(v.u.str.s);
    val_write_json(&v, b);
}

static int report(struct site *s, int json)
{
    size_t nl = s->cfg.n_langs, n = 0;
    struct row *rows = calloc(s->n_pages + 1, sizeof *rows);
    if (!rows) die_oom();
    const struct lang *D = s->cfg.default_lang;
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->kind != PK_PAGE || p->is_fallback || !p->tr) continue;
        int first = 1;   /* one row per group: from the first real page in it */
        for (size_t l = 0; l < nl; l++)
            if (p->tr[l] && !p->tr[l]->is_fallback) { first = p->tr[l] == p; break; }
        if (!first) continue;
        struct page *src = p->tr[D->index] && !p->tr[D->index]->is_fallback ? p->tr[D->index] : p;
        rows[n++] = (struct row){src->section ? src->section : "", p->key, src->title, src->src,
                                 (const struct page **)p->tr};
    }
    qsort(rows, n, sizeof *rows, cmp_row);
    size_t *have = calloc(nl, sizeof *have), *stale = calloc(nl, sizeof *stale), total = 0;
    buf out = BUF_INIT;
    if (json) buf_puts(&out, "{\"pages\":[");
    for (size_t r = 0; r < n; r++) {
        const struct page *src = rows[r].by_lang[D->index];
        if (src && src->is_fallback) src = NULL;
        if (json) {
            buf_puts(&out, r ? ",{\"section\":" : "{\"section\":");
            json_str(&out, rows[r].section);
            buf_puts(&out, ",\"title\":");
            json_str(&out, rows[r].title);
            buf_puts(&out, ",\"languages\":{");
        } else if (r == 0 || strcmp(rows[r].section, rows[r - 1].section)) {
            text_header(s, rows[r].section, &out);
        }
        if (!json) {
            buf_puts(&out, "  ");
            textcol_put(&out, rows[r].title ? rows[r].title : rows[r].key, TITLE_COLS);
            buf_putc(&out, ' ');
        }
        for (size_t l = 0; l < nl; l++) {
            const struct page *q = rows[r].by_lang[l];
            const char *state = "missing";
            if (q && !q->is_fallback) {
                have[l]++;
                total++;
                state = "ok";
                if (src && q != src && stamp(q) < stamp(src)) { state = "stale"; stale[l]++; }
            }
            if (json) {
                buf_printf(&out, "%s\"%s\":\"%s\"", l ? "," : "", s->cfg.langs[l].code, state);
            } else {
                textcol_put(&out, state, lang_cols(&s->cfg.langs[l]));
            }
        }
        if (json) {
            buf_puts(&out, "},\"source\":");
            json_str(&out, rows[r].src);
            buf_putc(&out, '}');
        } else {
            buf_printf(&out, "%s\n", rows[r].src ? rows[r].src : "");
        }
    }
    size_t other = 0;
    for (size_t l = 0; l < nl; l++)
        if (strcmp(s->cfg.langs[l].kind, "national")) other += have[l];
    double share = total ? 100.0 * (double)other / (double)total : 0;
    if (json) {
        buf_puts(&out, "],\"languages\":[");
        for (size_t l = 0; l < nl; l++) {
            buf_printf(&out, "%s{\"code\":\"%s\",\"kind\":\"%s\",\"pages\":%zu,\"missing\":%zu,\"stale\":%zu}",
                       l ? "," : "", s->cfg.langs[l].code, s->cfg.langs[l].kind, have[l], n - have[l], stale[l]);
        }
        buf_printf(&out, "],\"total_pages\":%zu,\"minority_foreign_share\":%.1f,\"target_min\":15,"
                   "\"target_max\":20,\"meets_target\":%s}\n", total, share,
                   share >= 15.0 ? "true" : "false");
    } else {
        buf_puts(&out, "\nlanguage  kind       pages  missing  stale\n");
        for (size_t l = 0; l < nl; l++)
            buf_printf(&out, "%-9s %-9s %6zu %8zu %6zu\n", s->cfg.langs[l].code, s->cfg.langs[l].kind,
                       have[l], n - have[l], stale[l]);
        buf_printf(&out, "\nminority and foreign languages: %zu of %zu pages (%.1f%%); target 15-20%%: %s\n",
                   other, total, share, share >= 15.0 ? "met" : "not met");
    }
    fwrite(out.data, 1, out.len, stdout);
    buf_release(&out);
    free(have);
    free(stale);
    free(rows);
    return 0;
}

static int check_jobs(const char *arg, struct build_opts *o)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || n < 1 || n > 256) {
        fprintf(stderr, "loa check: --jobs takes a number from 1 to 256\n");
        return -1;
    }
    o->jobs = (unsigned)n;
    return 0;
}

/* The options loa check shares with loa build: 1 taken (with its value), 0 not one of them,
 * -1 a bad value. */
static int build_option(int argc, char **argv, int *i, struct build_opts *o)
{
    const char *a = argv[*i];
    int more = *i + 1 < argc;
    if (!strcmp(a, "--strict")) o->strict = 1;
    else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) o->quiet = 1;
    else if (!strcmp(a, "--drafts")) o->drafts = 1;
    else if (!strcmp(a, "--future")) o->future = 1;
    else if (!strcmp(a, "--expired")) o->expired = 1;
    else if (!strcmp(a, "--no-epub")) o->no_epub = 1;
    else if (!strcmp(a, "--content") && more) o->content_dir = argv[++*i];
    else if (!strcmp(a, "--theme") && more) o->theme_dir = argv[++*i];
    else if (!strcmp(a, "--base-url") && more) o->base_url = argv[++*i];
    else if (!strcmp(a, "--jobs") && more) return check_jobs(argv[++*i], o) == 0 ? 1 : -1;
    else return 0;
    return 1;
}

static int translations(struct build_opts *o, int json)
{
    o->drafts = o->future = 1;   /* a translation report counts work in progress too */
    struct site *s = site_new(o);
    /* any error while reading is an error here too; configuration errors exit 2 */
    int prepared = site_prepare(s, 0);
    int r = prepared == -2 ? 2 : prepared == 0 && !diag_errors() ? report(s, json) : 1;
    site_release(s);
    return r;
}

/* Every check of a build, nothing written (site_build with dry set). */
static int check_all(struct build_opts *o)
{
    if (!fs_is_dir(o->content_dir)) {
        fprintf(stderr, "loa check: there is no '%s' folder here; run loa in your site's folder "
                "or pass --content DIR\n", o->content_dir);
        return 2;
    }
    if (cli_build_time(o) != 0) return 2;
    o->dry = 1;
    diag_set_strict(o->strict);
    diag_set_quiet(o->quiet);
    return site_build(o);
}

/* --translations, --format, --help: 1 taken, 0 not one of them, -1 a bad value. */
static int report_option(int argc, char **argv, int *i, int *trans, int *json)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--translations")) {
        *trans = 1;
        return 1;
    }
    if (strcmp(a, "--format") || *i + 1 >= argc) return 0;
    const char *f = argv[++*i];
    *json = !strcmp(f, "json");
    if (*json || !strcmp(f, "text")) return 1;
    fprintf(stderr, "loa check: --format is text or json\n");
    return -1;
}

int cmd_check(int argc, char **argv)
{
    struct build_opts o = {.content_dir = "content", .out_dir = "output",
                           .now = (long long)time(NULL)};
    int trans = 0, json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(check_usage, stdout);
            return 0;
        }
        int b = build_option(argc, argv, &i, &o);
        if (!b) b = report_option(argc, argv, &i, &trans, &json);
        if (b < 0) return 2;
        if (b) continue;
        fprintf(stderr, "loa check: unknown option '%s'\n\n%s", argv[i], check_usage);
        return 2;
    }
    return trans ? translations(&o, json) : check_all(&o);
}
