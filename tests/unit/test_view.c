/* The lazy view (site/view.c, site/context.c) and the dependency record
 * (site/deps.c): a page costs what its layout asks for, a series is
 * walked in place, every output knows what it read, and --explain says
 * it.  Counts, never times. */
#include "../test.h"
#include "../../generator/data/value.h"
#include "../../generator/site/context.h"
#include "../../generator/site/deps.h"
#include "../../generator/site/site.h"
#include "../../generator/site/view.h"
#include "../../generator/templates/mustache.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"

#include <stdlib.h>

#define EPOCH "SOURCE_DATE_EPOCH=1767225600 "

/* A site with one e-magazine series of n parts and one other page. */
static void series_site(const char *dir, size_t n)
{
    buf b = BUF_INIT;
    t_write(dir, "content/site.yml",
            "title: T\ntheme: t\nbase_url: https://x.test/\nparams:\n  motto: M\n");
    t_write(dir, "content/s/_index.md", "---\ntitle: Series\ntype: emagazine\n---\nAll parts.\n");
    t_write(dir, "content/other/x.md", "---\ntitle: Other\ndate: 2023-01-01\n---\nAlone.\n");
    for (size_t i = 1; i <= n; i++) {
        buf_clear(&b);
        buf_printf(&b, "content/s/p%04zu.md", i);
        char text[160];
        snprintf(text, sizeof text, "---\ntitle: Part %zu\nweight: %zu\nsummary: About %zu.\n---\n"
                 "Text of part %zu.\n", i, i, i, i);
        t_write(dir, b.data, text);
    }
    t_write(dir, "content/data/org.yml", "name: Office\n");
    t_write(dir, "theme/layouts/_default/single.mustache",
            "<h1>{{page.title}}</h1>{{site.data.org.name}} {{site.params.motto}} {{site.title}}\n");
    t_write(dir, "theme/layouts/_default/list.mustache",
            "{{page.title}}:{{#pages}} {{title}}{{/pages}}\n");
    t_write(dir, "theme/layouts/emagazine/single.mustache",
            "<h1>{{page.title}}</h1>{{#page.series}}{{> parts}}{{/page.series}}\n");
    t_write(dir, "theme/partials/parts.mustache",
            "{{#parts}}<a href=\"{{url}}\">{{title}}</a>{{/parts}}{{t.missing_label}}\n");
    buf_release(&b);
}

/* The model of dir's site (no output); c holds the content folder's name
 * as long as the site lives. */
static struct site *model(const char *dir, buf *c)
{
    buf_printf(c, "%s/content", dir);
    struct build_opts o = {.content_dir = c->data, .out_dir = "unused", .jobs = 1, .quiet = 1,
                           .now = 1767225600, .have_epoch = 1};
    struct site *s = site_new(&o);
    CHECK_INT(site_prepare(s, 0), 0);
    return s;
}

static struct page *page_named(struct site *s, const char *tail)
{
    size_t tl = strlen(tail);
    for (size_t i = 0; i < s->n_pages; i++) {
        const char *src = s->pages[i]->src;
        if (src && strlen(src) >= tl && !strcmp(src + strlen(src) - tl, tail)) return s->pages[i];
    }
    return NULL;
}

static const void *get(struct view *v, const void *obj, const char *name)
{
    return obj ? view_ops.get(v, obj, name, strlen(name)) : NULL;
}

/* What one part page costs when its layout asks for the title and for
 * the series' title and length only: names resolved and bytes used. */
struct cost { unsigned long resolved; size_t bytes; size_t parts; };

static struct cost part_cost(struct site *s, struct page *p, int walk_parts)
{
    arena a;
    arena_init(&a);
    struct view v = {s, &a, NULL, 0};
    const value *pg = ctx_page_node(&v, p, NULL, NULL);
    get(&v, pg, "title");
    get(&v, pg, "title");   /* memoised: counted once */
    const void *series = get(&v, pg, "series");
    get(&v, series, "title");
    const void *parts = get(&v, series, "parts");
    struct cost c = {0, 0, parts ? view_ops.len(&v, parts) : 0};
    for (size_t i = 0; walk_parts && i < c.parts; i++) get(&v, view_ops.at(&v, parts, i), "title");
    c.resolved = v.resolved;
    c.bytes = a.used_total;
    arena_release(&a);
    return c;
}

static void test_page_costs_what_it_asks(void)
{
    if (!t_selected("view page")) return;
    struct cost small, big, walked;
    char *d1 = t_tmpdir("view-small"), *d2 = t_tmpdir("view-big");
    series_site(d1, 10);
    series_site(d2, 2000);
    buf c1 = BUF_INIT, c2 = BUF_INIT;
    struct site *s1 = model(d1, &c1), *s2 = model(d2, &c2);
    small = part_cost(s1, page_named(s1, "s/p0005.md"), 0);
    big = part_cost(s2, page_named(s2, "s/p0005.md"), 0);
    CHECK_INT(small.parts, 10);
    CHECK_INT(big.parts, 2000);
    /* title and series: two names, whatever the series' length */
    CHECK_INT(small.resolved, 2);
    CHECK_INT(big.resolved, small.resolved);
    CHECK_INT(big.bytes, small.bytes);
    /* a layout that prints every part's title pays per part, once */
    walked = part_cost(s2, page_named(s2, "s/p0005.md"), 1);
    CHECK_INT(walked.resolved, 2 + 2000);
    /* a listing item shows the summary fields only, not the page's own */
    arena a;
    arena_init(&a);
    struct view v = {s2, &a, NULL, 0};
    const value *item = ctx_summary_node(&v, page_named(s2, "s/p0005.md"));
    CHECK(get(&v, item, "title") != NULL);
    CHECK(get(&v, item, "series") == NULL);
    CHECK(get(&v, item, "content") == NULL);
    /* materialised, the node is the plain map an eager build made */
    const value *m = view_materialize(&v, item);
    CHECK_INT(m->kind, VAL_MAP);
    CHECK_STR(val_cstr(val_get(m, "title")), "Part 5");
    CHECK_STR(val_cstr(val_get(m, "kind")), "page");
    arena_release(&a);
    site_release(s1);
    site_release(s2);
    buf_release(&c1);
    buf_release(&c2);
    t_tmpdir_done(d1);
    t_tmpdir_done(d2);
}

/* The whole series rendered page by page without printing the parts:
 * names resolved and bytes grow with the number of parts, not its square. */
static void test_series_scales_linearly(void)
{
    if (!t_selected("view linear")) return;
    size_t sizes[2] = {200, 2000};
    unsigned long resolved[2] = {0, 0};
    size_t bytes[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        char *d = t_tmpdir("view-linear");
        series_site(d, sizes[k]);
        buf c = BUF_INIT;
        struct site *s = model(d, &c);
        for (size_t i = 0; i < s->n_pages; i++) {
            struct page *p = s->pages[i];
            if (p->kind != PK_PAGE || !p->parent || strcmp(p->parent->title, "Series")) continue;
            struct cost c = part_cost(s, p, 0);
            resolved[k] += c.resolved;
            bytes[k] += c.bytes;
        }
        site_release(s);
        buf_release(&c);
        t_tmpdir_done(d);
    }
    CHECK_INT(resolved[0], 2 * 200);
    CHECK_INT(resolved[1], 2 * 2000);
    /* ten times the parts: ten times the bytes (a quadratic build would be 100) */
    if (!CHECK(bytes[1] <= 11 * bytes[0]))
        fprintf(stderr, "    bytes: %zu for 200 parts, %zu for 2000\n", bytes[0], bytes[1]);
}

/* A long series lists, on each part, only the parts around it: the window
 * of seven starts where it should, at the ends too, and short series have
 * no window to show. */
static void test_series_nearby(void)
{
    char *d = t_tmpdir("nearby");
    series_site(d, 20);
    buf c = BUF_INIT;
    struct site *s = model(d, &c);
    arena a;
    arena_init(&a);
    struct view v = {s, &a, NULL, 0};
    static const struct { const char *part; long long start; size_t n; } cases[] = {
        {"s/p0001.md", 1, 4}, {"s/p0010.md", 7, 7}, {"s/p0020.md", 17, 4}};
    for (size_t k = 0; k < 3; k++) {
        struct page *p = page_named(s, cases[k].part);
        const void *series = get(&v, ctx_page_node(&v, p, NULL, NULL), "series");
        CHECK(val_truthy(get(&v, series, "is_long")));
        const value *start = get(&v, series, "nearby_start");
        CHECK(start && start->kind == VAL_INT && start->u.i == cases[k].start);
        const void *near = get(&v, series, "nearby");
        CHECK_INT(near ? view_ops.len(&v, near) : 0, cases[k].n);
        const value *num = near ? get(&v, view_ops.at(&v, near, 0), "number") : NULL;
        CHECK(num && num->kind == VAL_INT && num->u.i == cases[k].start);
    }
    arena_release(&a);
    site_release(s);
    buf_release(&c);
    t_tmpdir_done(d);
    d = t_tmpdir("short");
    series_site(d, 12);
    s = model(d, (buf_clear(&c), &c));
    arena_init(&a);
    v = (struct view){s, &a, NULL, 0};
    const void *series = get(&v, ctx_page_node(&v, page_named(s, "s/p0006.md"), NULL, NULL),
                             "series");
    CHECK(!val_truthy(get(&v, series, "is_long")));
    arena_release(&a);
    site_release(s);
    buf_release(&c);
    t_tmpdir_done(d);
}

static void test_deps_module(void)
{
    if (!t_selected("view deps")) return;
    deps *d = deps_new();
    deps_rec *r = deps_rec_new();
    for (size_t i = 10; i < 2010; i++) deps_page(r, i, DEP_TITLE);
    deps_page(r, 3, DEP_BODY);
    deps_page(r, 3, DEP_TITLE);
    deps_template(r, "layouts/a.mustache");
    deps_template(r, "layouts/a.mustache");
    deps_input(r, DEPS_STRING, "next", 4);
    deps_input(r, DEPS_STRING, "next", 4);
    deps_commit(d, "b/index.html", r);
    deps_rec_reset(r);
    deps_page(r, 3, DEP_URL);
    deps_commit(d, "a/index.html", r);
    /* one language's parts alternate with another's in the index: still one run */
    deps_rec_reset(r);
    for (size_t i = 5000; i < 9000; i += 2) deps_page(r, i, DEP_TITLE | DEP_URL);
    deps_page(r, 5001, DEP_BODY);
    deps_commit(d, "c/index.html", r);
    deps_finish(d);
    const struct deps_output *o = deps_find(d, "b/index.html");
    CHECK(o != NULL);
    if (o) {
        CHECK_INT(o->n_runs, 2);          /* page 3, then 10 .. 2009 as one run */
        CHECK_INT(o->runs[1].count, 2000);
        CHECK_INT(o->n_templates, 1);
        CHECK_INT(o->n_inputs, 1);
        CHECK_STR(o->inputs[0], "t.next");
        CHECK(deps_reads(o, 3, DEP_BODY));
        CHECK(deps_reads(o, 1500, DEP_TITLE));
        CHECK(!deps_reads(o, 1500, DEP_SUMMARY));
        CHECK(!deps_reads(o, 5, DEP_TITLE));
    }
    o = deps_find(d, "c/index.html");
    CHECK(o != NULL);
    if (o) {
        CHECK_INT(o->n_runs, 3);          /* 5000, then 5001, then 5002 .. 8998 by 2 */
        CHECK(deps_reads(o, 8998, DEP_URL));
        CHECK(!deps_reads(o, 8999, DEP_URL));
        CHECK(!deps_reads(o, 5003, DEP_TITLE));
        CHECK(deps_reads(o, 5001, DEP_BODY));
        CHECK(!deps_reads(o, 5001, DEP_TITLE));
    }
    const struct deps_output *hit[4];
    CHECK_INT(deps_affected(d, 3, DEP_URL, hit, 4), 1);
    CHECK_STR(hit[0]->path, "a/index.html");
    CHECK_INT(deps_affected(d, 3, DEP_TITLE | DEP_URL, hit, 4), 2);
    CHECK_INT(deps_affected(d, 7, ~0u, hit, 4), 0);
    CHECK(deps_find(d, "d/index.html") == NULL);
    deps_rec_free(r);
    deps_free(d);
}

static int build_explain(const char *dir, const char *what, buf *log)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, EPOCH "%s build --content %s/content --theme %s/theme --out %s/out --quiet "
               "--jobs 2 --explain %s 2>&1", t_loa(), dir, dir, dir, what);
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static void test_explain(void)
{
    if (!t_selected("view explain")) return;
    char *d = t_tmpdir("view-explain");
    series_site(d, 3);
    buf log = BUF_INIT;
    /* a part prints the series: every part's title is a dependency */
    CHECK_INT(build_explain(d, "s/p0001/", &log), 0);
    CHECK_HAS(log.data, "s/p0001/index.html depends on:");
    CHECK_HAS(log.data, "theme/layouts/emagazine/single.mustache");
    CHECK_HAS(log.data, "theme/partials/parts.mustache");
    CHECK_HAS(log.data, "content/s/p0002.md: title, url\n");
    CHECK_HAS(log.data, "content/s/p0003.md: title, url\n");
    CHECK_HAS(log.data, "content/s/_index.md: ");
    CHECK_HAS(log.data, "UI strings (t.): missing_label");
    /* a page that does not print the series does not depend on it */
    buf_clear(&log);
    CHECK_INT(build_explain(d, "other/x/index.html", &log), 0);
    CHECK_HAS(log.data, "content/other/x.md: title");
    CHECK_NOT_HAS(log.data, "p0002.md");
    CHECK_NOT_HAS(log.data, "parts.mustache");
    CHECK_HAS(log.data, "data files (site.data.): org\n");
    CHECK_HAS(log.data, "(site.): params.motto, title\n");
    /* the section's listing reads its members' titles */
    buf_clear(&log);
    CHECK_INT(build_explain(d, "/s/", &log), 0);
    CHECK_HAS(log.data, "content/s/p0002.md: title\n");
    CHECK_HAS(log.data, "content/s/_index.md: title, members");
    /* no such output: exit 2 and the nearest path */
    buf_clear(&log);
    CHECK_INT(build_explain(d, "s/p001/index.html", &log), 2);
    CHECK_HAS(log.data, "did you mean 's/p0001/index.html'?");
    /* paths that leave the output folder name no output: exit 2, nothing read there */
    const char *hostile[] = {"../content/s/p0001.md", "/etc/passwd", "s/../../theme", "s/%2e%2e/x"};
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        buf_clear(&log);
        CHECK_INT(build_explain(d, hostile[i], &log), 2);
        CHECK_HAS(log.data, "--explain: no page was rendered to");
        CHECK_NOT_HAS(log.data, "depends on:");
    }
    buf_release(&log);
    t_tmpdir_done(d);
}

void suite_view(void)
{
    test_page_costs_what_it_asks();
    test_series_scales_linearly();
    test_series_nearby();
    test_deps_module();
    test_explain();
}
