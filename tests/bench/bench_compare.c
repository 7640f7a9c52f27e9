/* bench-compare: loa against Hugo on one corpus, side by side.
 *
 *   build/bench-compare LOA DIR N [ROUNDS]
 *
 * Generates (once per N) a corpus of N pages per language (vi and en) in
 * loa's layout and in Hugo's, with equivalent templates on both sides:
 * header, menu, language switcher, hreflang links, tags, prev/next, the
 * 50 newest pages on list, term and home pages (paginated by 50), RSS and
 * sitemaps.  Sections: stories, conventions, postcards and news, and one
 * e-magazine series of at least 1,000 parts (N/4 below N = 4,000); some
 * pages carry GFM tables.  Then builds both cold (output removed first),
 * alternating, ROUNDS times each, and prints medians of wall time and peak
 * RSS with the ratios loa/Hugo, loa with --jobs 1 and 2, and the time
 * cmark-gfm takes to convert the same Markdown in one process (the floor
 * under any generator that uses it).  DIR should be on tmpfs (/dev/shm).
 *
 * BENCH_LOA_ONLY=1 leaves Hugo out (corpus and runs): for sizes Hugo
 * would take hours on, such as the million-page run (N=500000).
 *
 * A benchmark, never a test: `make bench-compare N=10000` runs it. */
#define _GNU_SOURCE
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench_stats.h"

static const char *const vi_words[] = {
    "quyền", "con", "người", "Việt", "Nam", "bảo", "đảm", "công", "ước", "thực", "hiện",
    "chính", "sách", "dân", "tộc", "thiểu", "số", "giảm", "nghèo", "giáo", "dục", "y", "tế",
    "trẻ", "em", "phụ", "nữ", "bình", "đẳng", "giới", "xã", "huyện", "tỉnh", "phát", "triển",
    "bền", "vững", "cộng", "đồng", "tín", "ngưỡng", "tôn", "giáo", "tự", "do", "pháp", "luật"};
static const char *const en_words[] = {
    "human", "rights", "Viet", "Nam", "ensures", "convention", "policy", "people", "ethnic",
    "minority", "poverty", "reduction", "education", "health", "children", "women", "equality",
    "commune", "district", "province", "development", "sustainable", "community", "belief",
    "religion", "freedom", "law", "state", "report", "progress", "school", "clinic", "road"};
static const char *const tags_vi[] = {"giảm nghèo", "giáo dục", "y tế", "dân tộc thiểu số",
                                      "trẻ em", "phụ nữ", "người khuyết tật", "tôn giáo"};
static const char *const tags_en[] = {"poverty", "education", "health", "ethnic minorities",
                                      "children", "women", "disability", "religion"};
static const char *const sections[] = {"stories", "conventions", "postcards", "news"};
/* "news" is no type of loa's: its pages use the default layouts, with no warning */
static const char *const types[] = {"story", "convention", "postcard", NULL};

static unsigned long long rng;
static int loa_only;   /* BENCH_LOA_ONLY=1: no Hugo side (the million-page run) */

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void words(buf *b, int en, int n)
{
    const char *const *w = en ? en_words : vi_words;
    unsigned nw = en ? sizeof en_words / sizeof *en_words : sizeof vi_words / sizeof *vi_words;
    for (int i = 0; i < n; i++) {
        buf_puts(b, w[rnd(nw)]);
        buf_putc(b, i + 1 == n ? '.' : ' ');
    }
}

static void table(buf *b, int en)
{
    buf_puts(b, "\n| Xã | Năm | Tỉ lệ |\n|---|---:|---:|\n");
    for (int r = 0; r < 6; r++) {
        buf_puts(b, "| ");
        words(b, en, 2);
        buf_printf(b, " | %d | %u,%u |\n", 2015 + r, rnd(40), rnd(10));
    }
}

/* One page's text: front matter (type only for loa) and a body of about
 * 500 words with a heading, emphasis, a link and sometimes a table. */
static void page_text(buf *b, int i, int en, const char *type, int weight, int loa)
{
    const char *const *tags = en ? tags_en : tags_vi;
    buf_printf(b, "---\ntitle: \"%s %d: ", en ? "Story" : "Câu chuyện", i);
    words(b, en, 6);
    buf_printf(b, "\"\ndate: 20%02u-%02u-%02u\n", 15 + rnd(10), 1 + rnd(12), 1 + rnd(28));
    buf_printf(b, "tags: [\"%s\", \"%s\"]\n", tags[rnd(8)], tags[rnd(8)]);
    if (loa && type) buf_printf(b, "type: %s\n", type);
    if (weight) buf_printf(b, "weight: %d\n", weight);
    buf_printf(b, "translationKey: k%d\n---\n", i);
    for (int p = 0; p < 8; p++) {
        if (p == 3) {
            buf_puts(b, "\n## ");
            words(b, en, 4);
            buf_putc(b, '\n');
        }
        if (p == 6 && i % 10 == 0) table(b, en);
        buf_putc(b, '\n');
        words(b, en, 40 + (int)rnd(40));
        if (p == 5) buf_puts(b, " **Đậm** và *nghiêng* [liên kết](https://example.org/).");
        buf_putc(b, '\n');
    }
}

static void put(const char *root, const char *rel, const buf *b)
{
    char *p = fs_join(root, rel);
    if (loa_only && strstr(p, "/hugo/")) {
        free(p);
        return;
    }
    if (fs_write_file(p, b->data, b->len) != 0) {
        perror(p);
        exit(1);
    }
    free(p);
}

static void put_str(const char *root, const char *rel, const char *s)
{
    buf b = BUF_INIT;
    buf_puts(&b, s);
    put(root, rel, &b);
    buf_release(&b);
}

static void section_index(const char *loa, const char *hugo, const char *sec, const char *type)
{
    char rel[256];
    buf b = BUF_INIT;
    for (int en = 0; en < 2; en++) {
        buf_clear(&b);
        buf_printf(&b, "---\ntitle: \"%s %s\"\n", en ? "Section" : "Chuyên mục", sec);
        snprintf(rel, sizeof rel, "%s/_index%s.md", sec, en ? ".en" : "");
        buf b2 = BUF_INIT;
        buf_put(&b2, b.data, b.len);
        buf_puts(&b2, "---\n");
        put(hugo, rel, &b2);
        if (type) buf_printf(&b, "type: %s\n", type);
        buf_puts(&b, "---\n");
        put(loa, rel, &b);
        buf_release(&b2);
    }
    buf_release(&b);
}

static const char loa_site[] =
    "title: Bench\nbase_url: https://bench.test/\ntheme: bench\npaginate: 50\n"
    "default_language: vi\n"
    "languages:\n  vi: {name: Tiếng Việt, kind: national}\n"
    "  en: {name: English, kind: foreign, fallback: vi}\n"
    "taxonomies: {tags: tag}\n"
    "menus:\n  vi:\n    - {name: Trang chủ, url: /, weight: 1}\n"
    "    - {name: Câu chuyện, url: /stories/, weight: 2}\n"
    "  en:\n    - {name: Home, url: /en/, weight: 1}\n"
    "    - {name: Stories, url: /en/stories/, weight: 2}\n";

static const char hugo_config[] =
    "baseURL: https://bench.test/\ntitle: Bench\ndefaultContentLanguage: vi\n"
    "paginate: 50\ntaxonomies: {tag: tags}\ndisableKinds: []\n"
    "languages:\n  vi:\n    weight: 1\n    languageName: Tiếng Việt\n"
    "    menus:\n      main:\n        - {name: Trang chủ, url: /, weight: 1}\n"
    "        - {name: Câu chuyện, url: /stories/, weight: 2}\n"
    "  en:\n    weight: 2\n    languageName: English\n"
    "    menus:\n      main:\n        - {name: Home, url: /en/, weight: 1}\n"
    "        - {name: Stories, url: /en/stories/, weight: 2}\n";

/* The same page on both sides: head with canonical, hreflang and RSS
 * links; menu; language switcher; translations; main. */
static const char loa_base[] =
    "<!DOCTYPE html>\n<html lang=\"{{page.lang}}\">\n<head><meta charset=\"utf-8\">"
    "<title>{{page.title}} | {{site.title}}</title>\n"
    "<link rel=\"canonical\" href=\"{{page.permalink}}\">\n"
    "{{#page.alternates}}<link rel=\"alternate\" hreflang=\"{{hreflang}}\" href=\"{{permalink}}\">"
    "{{/page.alternates}}\n"
    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"{{site.rss_url}}\">\n</head>\n"
    "<body>\n<nav>{{#site.menu}}<a href=\"{{url}}\">{{name}}</a> {{/site.menu}}</nav>\n"
    "<ul class=\"langs\">{{#site.languages}}<li>{{name}}</li>{{/site.languages}}</ul>\n"
    "<ul>{{#page.translations}}<li><a hreflang=\"{{code}}\" href=\"{{url}}\">{{name}}</a></li>"
    "{{/page.translations}}</ul>\n<main>{{$main}}{{/main}}</main>\n</body>\n</html>\n";
static const char loa_single[] =
    "{{<base}}{{$main}}<h1>{{page.title}}</h1><time>{{page.date}}</time>\n"
    "{{#page.tags}}<a href=\"{{url}}\">{{name}}</a> {{/page.tags}}\n{{{page.content}}}\n"
    "{{#page.prev}}<a rel=\"prev\" href=\"{{url}}\">{{title}}</a>{{/page.prev}}\n"
    "{{#page.next}}<a rel=\"next\" href=\"{{url}}\">{{title}}</a>{{/page.next}}\n"
    "{{/main}}{{/base}}\n";
static const char loa_list[] =
    "{{<base}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}\n<ul>{{#pages}}"
    "<li><a href=\"{{url}}\">{{title}}</a> {{date}} {{summary}}</li>\n{{/pages}}</ul>\n"
    "{{#paginator.show}}{{#paginator.has_prev}}<a href=\"{{paginator.prev_url}}\">prev</a>"
    "{{/paginator.has_prev}}{{#paginator.has_next}}<a href=\"{{paginator.next_url}}\">next</a>"
    "{{/paginator.has_next}}{{/paginator.show}}\n{{/main}}{{/base}}\n";
static const char loa_terms[] =
    "{{<base}}{{$main}}<h1>{{page.title}}</h1><ul>{{#terms}}<li><a href=\"{{url}}\">{{name}}</a>"
    " {{count}}</li>{{/terms}}</ul>{{/main}}{{/base}}\n";

static const char hugo_base[] =
    "<!DOCTYPE html>\n<html lang=\"{{ .Language.Lang }}\">\n<head><meta charset=\"utf-8\">"
    "<title>{{ .Title }} | {{ .Site.Title }}</title>\n"
    "<link rel=\"canonical\" href=\"{{ .Permalink }}\">\n"
    "{{ range .AllTranslations }}<link rel=\"alternate\" hreflang=\"{{ .Language.Lang }}\" "
    "href=\"{{ .Permalink }}\">{{ end }}\n"
    "{{ with .OutputFormats.Get \"rss\" }}<link rel=\"alternate\" type=\"application/rss+xml\" "
    "href=\"{{ .Permalink }}\">{{ end }}\n</head>\n<body>\n"
    "<nav>{{ range .Site.Menus.main }}<a href=\"{{ .URL }}\">{{ .Name }}</a> {{ end }}</nav>\n"
    "<ul class=\"langs\">{{ range .Site.Languages }}<li>{{ .LanguageName }}</li>{{ end }}</ul>\n"
    "<ul>{{ range .Translations }}<li><a hreflang=\"{{ .Language.Lang }}\" "
    "href=\"{{ .RelPermalink }}\">{{ .Language.LanguageName }}</a></li>{{ end }}</ul>\n"
    "<main>{{ block \"main\" . }}{{ end }}</main>\n</body>\n</html>\n";
static const char hugo_single[] =
    "{{ define \"main\" }}<h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}</time>\n"
    "{{ range .GetTerms \"tags\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}\n"
    "{{ .Content }}\n"
    "{{ with .PrevInSection }}<a rel=\"prev\" href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n"
    "{{ with .NextInSection }}<a rel=\"next\" href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n"
    "{{ end }}\n";
static const char hugo_list[] =
    "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}\n<ul>"
    "{{ $p := .Pages.ByDate.Reverse }}{{ if .IsHome }}{{ $p = .Site.RegularPages.ByDate.Reverse }}"
    "{{ end }}{{ range (.Paginate $p).Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> "
    "{{ .Date.Format \"2006-01-02\" }} {{ .Summary | plainify | truncate 200 }}</li>\n{{ end }}</ul>\n"
    "{{ with .Paginator }}{{ with .Prev }}<a href=\"{{ .URL }}\">prev</a>{{ end }}"
    "{{ with .Next }}<a href=\"{{ .URL }}\">next</a>{{ end }}{{ end }}\n{{ end }}\n";
static const char hugo_terms[] =
    "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}"
    "<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}"
    "</ul>{{ end }}\n";

static void themes(const char *root)
{
    char *t = fs_join(root, "loa/themes/bench/layouts");
    put_str(t, "base.mustache", loa_base);
    put_str(t, "_default/single.mustache", loa_single);
    put_str(t, "_default/list.mustache", loa_list);
    put_str(t, "index.mustache", loa_list);
    put_str(t, "taxonomy/terms.mustache", loa_terms);
    put_str(t, "404.mustache", "{{<base}}{{$main}}<h1>404</h1>{{/main}}{{/base}}\n");
    free(t);
    t = fs_join(root, "hugo");
    put_str(t, "config.yaml", hugo_config);
    put_str(t, "layouts/_default/baseof.html", hugo_base);
    put_str(t, "layouts/_default/single.html", hugo_single);
    put_str(t, "layouts/_default/list.html", hugo_list);
    put_str(t, "layouts/_default/terms.html", hugo_terms);
    put_str(t, "layouts/404.html", "{{ define \"main\" }}<h1>404</h1>{{ end }}\n");
    free(t);
}

static void generate(const char *root, int n)
{
    char *loa = fs_join(root, "loa/content"), *hugo = fs_join(root, "hugo/content");
    themes(root);
    put_str(loa, "site.yml", loa_site);
    int series = n >= 4000 ? 1000 : n / 4;
    for (int s = 0; s < 4; s++) section_index(loa, hugo, sections[s], types[s]);
    section_index(loa, hugo, "emagazine", "emagazine");
    section_index(loa, hugo, "emagazine/series", "emagazine");
    buf b = BUF_INIT, rel = BUF_INIT;
    for (int i = 0; i < n; i++) {
        int part = i < series;
        for (int en = 0; en < 2; en++) {
            for (int side = 0; side < 2; side++) {
                rng = 88172645463325252ULL + (unsigned long long)i * 2 + (unsigned)en;
                buf_clear(&b);
                buf_clear(&rel);
                const char *type = part ? "emagazine" : types[i % 4];
                page_text(&b, i, en, type, part ? i + 1 : 0, side == 0);
                if (part) buf_printf(&rel, "emagazine/series/p%06d%s.md", i, en ? ".en" : "");
                else buf_printf(&rel, "%s/p%06d%s.md", sections[i % 4], i, en ? ".en" : "");
                put(side == 0 ? loa : hugo, rel.data, &b);
            }
        }
    }
    buf_release(&b);
    buf_release(&rel);
    free(loa);
    free(hugo);
}

struct run { double s; long rss_kb; };

static struct run timed(char *const argv[], const char *clean)
{
    buf rm = BUF_INIT;
    buf_printf(&rm, "rm -rf '%s' '%s'.loa-* 2>/dev/null", clean, clean);
    if (system(rm.data) != 0) fprintf(stderr, "bench-compare: could not clean %s\n", clean);
    buf_release(&rm);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout)) _exit(126);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bench-compare: %s failed\n", argv[0]);
        exit(1);
    }
    return (struct run){(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss};
}

/* Every Markdown body of the loa corpus through cmark-gfm with the same
 * extensions loa enables, in one process: the floor. */
static double floor_seconds(const char *root)
{
    buf list = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "find '%s/loa/content' -name '*.md' | sort", root);
    FILE *f = popen(cmd.data, "r");
    char line[4096];
    while (f && fgets(line, sizeof line, f)) buf_puts(&list, line);
    if (f) pclose(f);
    cmark_gfm_core_extensions_ensure_registered();
    static const char *const exts[] = {"table", "strikethrough", "autolink", "tagfilter"};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    buf text = BUF_INIT;
    for (char *p = list.data, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        *nl = '\0';
        buf_clear(&text);
        if (fs_read_file(p, &text) != 0) continue;
        const char *body = strstr(text.data + 3, "\n---\n");
        body = body ? body + 5 : text.data;
        cmark_parser *ps = cmark_parser_new(CMARK_OPT_FOOTNOTES);
        for (size_t e = 0; e < 4; e++)
            cmark_parser_attach_syntax_extension(ps, cmark_find_syntax_extension(exts[e]));
        cmark_parser_feed(ps, body, strlen(body));
        cmark_node *doc = cmark_parser_finish(ps);
        char *html = cmark_render_html(doc, 0, cmark_parser_get_syntax_extensions(ps));
        free(html);
        cmark_node_free(doc);
        cmark_parser_free(ps);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    buf_release(&text);
    buf_release(&list);
    buf_release(&cmd);
    return (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench-compare LOA DIR N [ROUNDS]\n");
        return 2;
    }
    int n = atoi(argv[3]), rounds = argc > 4 ? atoi(argv[4]) : 3;
    loa_only = getenv("BENCH_LOA_ONLY") && *getenv("BENCH_LOA_ONLY") == '1';
    buf root = BUF_INIT, mark = BUF_INIT;
    buf_printf(&root, "%s/n%d", argv[2], n);
    buf_printf(&mark, "%s/.ready", root.data);
    if (!fs_exists(mark.data)) {
        fprintf(stderr, "bench-compare: generating %d pages per language in %s\n", n, root.data);
        generate(root.data, n);
        fs_write_file(mark.data, "", 0);
    }
    if (rounds == 0) return 0;   /* the corpus only (bench-serve uses it) */
    char *lc = fs_join(root.data, "loa/content"), *lt = fs_join(root.data, "loa/themes/bench");
    char *lo = fs_join(root.data, "loa/out"), *hs = fs_join(root.data, "hugo");
    char *ho = fs_join(root.data, "hugo/out");
    char *loa2[] = {argv[1], "build", "--content", lc, "--theme", lt, "--out", lo, "--quiet",
                    "--no-epub", "--jobs", "2", NULL};
    char *loa1[] = {argv[1], "build", "--content", lc, "--theme", lt, "--out", lo, "--quiet",
                    "--no-epub", "--jobs", "1", NULL};
    char *hugo[] = {"hugo", "--quiet", "-s", hs, "-d", ho, NULL};
    double lt_s[64], ht_s[64], l1_s[64], lr[64], hr[64];
    if (rounds > 64) rounds = 64;
    for (int r = 0; r < rounds; r++) {
        struct run a = timed(loa2, lo), b = {0, 0}, c = {0, 0};
        if (!loa_only) {
            b = timed(hugo, ho);
            c = timed(loa1, lo);
        }
        lt_s[r] = a.s;
        lr[r] = a.rss_kb / 1024.0;
        ht_s[r] = b.s;
        hr[r] = b.rss_kb / 1024.0;
        l1_s[r] = c.s;
        fprintf(stderr, "  round %d: loa %.2f s %.0f MiB, hugo %.2f s %.0f MiB, loa -j1 %.2f s\n",
                r + 1, a.s, lr[r], b.s, hr[r], c.s);
    }
    if (loa_only) {
        printf("| N/lang | pages | loa s | pages/s | loa MiB |\n|---|---|---|---|---|\n");
        double ml = median(lt_s, rounds), rl = median(lr, rounds);
        printf("| %d | %d | %.1f | %.0f | %.0f |\n", n, 2 * n, ml, 2 * n / ml, rl);
        return 0;
    }
    double fl = floor_seconds(root.data);
    double ml = median(lt_s, rounds), mh = median(ht_s, rounds), m1 = median(l1_s, rounds);
    double rl = median(lr, rounds), rh = median(hr, rounds);
    printf("| N/lang | loa s | Hugo s | Hugo/loa | loa MiB | Hugo MiB | Hugo/loa mem | "
           "cmark floor s | loa/floor | -j1/-j2 |\n|---|---|---|---|---|---|---|---|---|---|\n");
    printf("| %d | %.2f | %.2f | %.1f× | %.0f | %.0f | %.1f× | %.2f | %.2f | %.2f |\n", n, ml, mh,
           mh / ml, rl, rh, rh / rl, fl, ml / fl, m1 / ml);
    free(lc);
    free(lt);
    free(lo);
    free(hs);
    free(ho);
    buf_release(&root);
    buf_release(&mark);
    return 0;
}
