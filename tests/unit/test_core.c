/* Unit tests of the core modules: value, yaml, front matter, config, hmap,
 * pool, asset paths. */
#include "../test.h"
#include "../../generator/config/config.h"
#include "../../generator/content/front_matter.h"
#include "../../generator/content/page.h"
#include "../../generator/data/value.h"
#include "../../generator/data/yaml.h"
#include "../../generator/site/assets.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/hmap.h"
#include "../../generator/util/pool.h"

#include <stdatomic.h>
#include <stdlib.h>

static void yaml_types(void)
{
    arena a = ARENA_INIT;
    const char *y = "a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: [x, 2]\ng: {h: i}\nj: 2023-12-10\nk: 0x10\nl: 012\n";
    value *v = yaml_parse(&a, y, strlen(y), "t.yml", 0);
    CHECK(v && v->kind == VAL_MAP);
    CHECK_INT(val_get(v, "a")->kind, VAL_INT);
    CHECK_INT(val_get(v, "b")->kind, VAL_FLOAT);
    CHECK_INT(val_get(v, "c")->u.b, 1);
    CHECK_INT(val_get(v, "d")->kind, VAL_NULL);
    CHECK_INT(val_get(v, "e")->kind, VAL_STR);
    CHECK_INT(val_get(v, "f")->u.list.n, 2);
    CHECK_STR(val_cstr(val_path(v, "g.h")), "i");
    CHECK_STR(val_cstr(val_get(v, "j")), "2023-12-10");
    CHECK_INT(val_get(v, "k")->u.i, 16);
    CHECK_INT(val_get(v, "f")->line, 6);
    CHECK_INT(val_get(v, "f")->col, 4);
    buf b = BUF_INIT;
    val_write_text(val_get(v, "b"), &b);
    CHECK_STR(b.data, "1.5");
    buf_clear(&b);
    val_write_json(val_get(v, "f"), &b);
    CHECK_STR(b.data, "[\"x\",2]");
    buf_release(&b);
    arena_release(&a);
}

static void yaml_errors(void)
{
    arena a = ARENA_INIT;
    buf log = BUF_INIT;
    diag_capture(&log);
    const char *y = "a: 1\na: 2\n";
    CHECK(yaml_parse(&a, y, strlen(y), "d.yml", 0) == NULL);
    CHECK_HAS(log.data, "d.yml:2:1: error: invalid YAML: key 'a' appears twice");
    buf_clear(&log);
    y = "a: [1, 2\n";
    CHECK(yaml_parse(&a, y, strlen(y), "e.yml", 4) == NULL);
    CHECK_HAS(log.data, "e.yml:6:1: error: invalid YAML");
    buf_clear(&log);
    y = "a: &x 1\nb: *x\nc: *y\n";
    CHECK(yaml_parse(&a, y, strlen(y), "f.yml", 0) == NULL);
    CHECK_HAS(log.data, "f.yml:3:4: error: unknown YAML alias '*y'");
    y = "a: &x [1]\nb: *x\n";
    value *v = yaml_parse(&a, y, strlen(y), "g.yml", 0);
    CHECK(v && val_get(v, "b") == val_get(v, "a"));
    y = "";
    v = yaml_parse(&a, y, 0, "h.yml", 0);
    CHECK(v && v->kind == VAL_NULL);
    diag_capture(NULL);
    buf_release(&log);
    arena_release(&a);
}

static void front_matter(void)
{
    const char *t = "---\ntitle: X\n---\nbody\n";
    const char *y;
    size_t yl, off;
    unsigned line;
    CHECK_INT(fm_split("x.md", t, strlen(t), &y, &yl, &off, &line), 0);
    CHECK_INT(yl, 9);
    CHECK_STR(t + off, "body\n");
    CHECK_INT(line, 4);
    t = "no front matter\n";
    CHECK_INT(fm_split("x.md", t, strlen(t), &y, &yl, &off, &line), 0);
    CHECK_INT(off, 0);
    CHECK_INT(line, 1);
    t = "\xEF\xBB\xBF---\r\ntitle: X\r\n...\r\nb";
    CHECK_INT(fm_split("x.md", t, strlen(t), &y, &yl, &off, &line), 0);
    CHECK_STR(t + off, "b");
    long long ts;
    CHECK_INT(fm_parse_date("2023-12-10", &ts), 0);
    CHECK_INT(ts, 1702166400);
    CHECK_INT(fm_parse_date("2023-12-10T07:00:00+07:00", &ts), 0);
    CHECK_INT(ts, 1702166400);
    CHECK_INT(fm_parse_date("2023-02-29", &ts), -1);
    CHECK_INT(fm_parse_date("2024-02-29", &ts), 0);
    CHECK_INT(fm_parse_date("10/12/2023", &ts), -1);
    arena a = ARENA_INIT;
    struct page p = {.src = "p.md"};
    const char *fm = "title: 42\ntags: one\nweight: 3\ndraft: false\nfoo: bar\n";
    CHECK_INT(fm_parse(&a, &p, fm, strlen(fm)), 0);
    CHECK_STR(p.title, "42");
    CHECK_INT(val_get(p.fm, "tags")->kind, VAL_LIST);
    CHECK_INT(p.weight, 3);
    CHECK(p.has_weight);
    CHECK(!fm_is_standard("foo"));
    CHECK(fm_is_standard("translationKey"));
    arena_release(&a);
}

static void config_langs(void)
{
    arena a = ARENA_INIT;
    buf log = BUF_INIT;
    diag_capture(&log);
    char *dir = t_tmpdir("config");
    t_write(dir, "site.yml", "title: T\nbase_url: https://x.test\ndefault_language: vi\nlanguages:\n"
            "  vi: {name: Tiếng Việt}\n  en: {name: English}\n  hmn: {name: Hmoob, fallback: vi, untranslated: fallback, kind: minority}\n"
            "colour: red\n");
    struct site_config c;
    CHECK_INT(config_load(&a, dir, &c), 0);
    CHECK_HAS(log.data, "site.yml:8:9: warning: unknown key 'colour' in site.yml");
    CHECK_INT(c.n_langs, 3);
    CHECK_STR(c.default_lang->code, "vi");
    CHECK_STR(c.base_url, "https://x.test/");
    struct lang *h = config_lang(&c, "hmn");
    CHECK_INT(h->n_chain, 2);
    CHECK_STR(h->chain[1], "vi");
    CHECK_STR(h->prefix, "hmn/");
    CHECK_STR(c.default_lang->prefix, "");
    CHECK_STR(h->kind, "minority");
    CHECK_STR(config_lang(&c, "en")->kind, "foreign");
    CHECK_INT(c.n_taxonomies, 3);
    t_write(dir, "site.yml", "default_language_in_subdir: true\nlanguages: {vi: {}, en: {fallback: [fr]}}\n");
    CHECK_INT(config_load(&a, dir, &c), -1);
    CHECK_HAS(log.data, "fallback 'fr' is not a language of this site");
    CHECK_STR(c.default_lang->prefix, "vi/");
    diag_capture(NULL);
    buf_release(&log);
    arena_release(&a);
    CHECK_INT(t_tmpdir_done(dir), 0);
}

static void maps_and_pools(void)
{
    hmap m;
    hmap_init(&m);
    char keys[1000][8];
    for (int i = 0; i < 1000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        CHECK(hmap_put(&m, keys[i], (void *)(long)(i + 1)) == NULL || 0);
    }
    int ok = 1;
    for (int i = 0; i < 1000; i++) ok &= hmap_get(&m, keys[i]) == (void *)(long)(i + 1);
    CHECK(ok);
    CHECK(hmap_get(&m, "nope") == NULL);
    CHECK(hmap_put(&m, keys[5], NULL) == (void *)6L);
    hmap_release(&m);
}

static atomic_int sum;
static void add(void *ctx, size_t i, unsigned w) { (void)ctx; (void)w; atomic_fetch_add(&sum, (int)i); }

static void pool(void)
{
    atomic_store(&sum, 0);
    pool_run(1000, 4, add, NULL);
    CHECK_INT(atomic_load(&sum), 499500);
    pool_run(0, 4, add, NULL);
    CHECK(pool_default_jobs() >= 1);
}

static void paths(void)
{
    arena a = ARENA_INIT;
    CHECK_STR(asset_normalize(&a, "a/b/../c/./d"), "a/c/d");
    CHECK_STR(asset_normalize(&a, "/a//b/"), "a/b");
    CHECK(asset_normalize(&a, "../x") == NULL);
    CHECK(asset_normalize(&a, "a/../../x") == NULL);
    arena_release(&a);
}

static void arenas(void)
{
    arena a = ARENA_INIT;
    char *big = arena_alloc(&a, 1 << 20);
    big[(1 << 20) - 1] = 1;
    char *s = arena_printf(&a, "%d-%s", 7, "x");
    CHECK_STR(s, "7-x");
    CHECK(((size_t)arena_alloc(&a, 3) & 15) == 0);
    arena_reset(&a);
    CHECK_STR(arena_strndup(&a, "abcdef", 3), "abc");
    arena_release(&a);
    buf b = BUF_INIT;
    CHECK_STR(b.data, "");
    buf_put_html(&b, "<a href=\"x\">&'</a>", 18);
    CHECK_STR(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    buf_release(&b);
}

/* The content types table: names, ids in step with the enum, what each
 * type does differently. */
static void content_types(void)
{
    CHECK_INT(ctype_of("story"), CT_STORY);
    CHECK_INT(ctype_of("emagazine"), CT_EMAGAZINE);
    CHECK_INT(ctype_of("page"), CT_NONE);
    CHECK_INT(ctype_of("Story"), CT_NONE);
    CHECK_INT(ctype_of(NULL), CT_NONE);
    CHECK(ctype_def(CT_NONE) == NULL);
    CHECK(ctype_def(CT_COUNT) == NULL);
    for (int t = CT_NONE + 1; t < CT_COUNT; t++) {
        const struct ctype_def *d = ctype_def((enum ctype)t);
        CHECK(d && d->id == (enum ctype)t && d->fields && d->fields[0]);
        CHECK(d && ctype_find(d->name) == d);
    }
    CHECK(ctype_def(CT_EMAGAZINE)->series_book);
    CHECK(!ctype_def(CT_STORY)->series_book);
    CHECK(ctype_def(CT_POSTCARD)->drawn_card);
    CHECK(!ctype_def(CT_POSTCARD)->reading_time && ctype_def(CT_STORY)->reading_time);
    CHECK_STR(ctype_def(CT_STORY)->schema_type, "NewsArticle");
    CHECK_INT(ctype_def(CT_CONVENTION)->order, CT_ORDER_CONVENTIONS);
    CHECK_STR(ctype_def(CT_STORY)->report_label, "Story");
}

static void value_equality(void)
{
    arena a;
    arena_init(&a);
    value *x = yaml_parse(&a, "title: A\ntags: [x, y]\nn: 1\n", strlen("title: A\ntags: [x, y]\nn: 1\n"), "t.yml", 0);
    value *y = yaml_parse(&a, "\n\ntitle: A\ntags:\n  - x\n  - y\nn: 1\n", strlen("\n\ntitle: A\ntags:\n  - x\n  - y\nn: 1\n"), "t.yml", 0);
    value *z = yaml_parse(&a, "title: A\ntags: [x, z]\nn: 1\n", strlen("title: A\ntags: [x, z]\nn: 1\n"), "t.yml", 0);
    value *w = yaml_parse(&a, "title: A\ntags: [x, y]\nn: \"1\"\n", strlen("title: A\ntags: [x, y]\nn: \"1\"\n"), "t.yml", 0);
    CHECK(x && y && z && w);
    CHECK(val_equal(x, y));   /* positions differ, data does not */
    CHECK(!val_equal(x, z));
    CHECK(!val_equal(x, w));  /* 1 is not "1" */
    CHECK(!val_equal(x, NULL));
    CHECK(val_equal(NULL, NULL));
    arena_release(&a);
}

void suite_core(void)
{
    value_equality();
    content_types();
    yaml_types();
    yaml_errors();
    front_matter();
    config_langs();
    maps_and_pools();
    pool();
    paths();
    arenas();
}
