/* Mistakes that used to pass in silence, and the YAML input bounds.
 *
 * Error cases are data: tests/cases/errors/NAME/content (a whole content
 * folder; theme/ too when the case needs its own, else _theme is used)
 * and expected.stderr, compared byte for byte with what `loa build`
 * writes to stderr.  The exit status must be 1 when an error is expected,
 * else 0; a case with warnings only is built again with --strict, which
 * must fail with each warning turned into an error.  The bounds (aliases,
 * nesting, front matter size) are generated here, not stored. */
#include "../test.h"
#include "../../generator/content/front_matter.h"
#include "../../generator/data/yaml.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"
#include "../../generator/util/suggest.h"

#include <stdlib.h>

#define CASES "tests/cases/errors"
#define EPOCH "SOURCE_DATE_EPOCH=1767225600 "

/* Copies case `name` to a fresh folder and builds it there; stderr in err. */
static int build_case(const char *name, const char *extra, buf *err, char **dir)
{
    *dir = t_tmpdir(name);
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cp -R " CASES "/%s/content %s/ && if [ -d " CASES "/%s/theme ]; then "
               "cp -R " CASES "/%s/theme %s/; else cp -R " CASES "/_theme %s/theme; fi",
               name, *dir, name, name, *dir, *dir);
    t_run(cmd.data, NULL);
    buf_clear(&cmd);
    buf_printf(&cmd, "cd %s && " EPOCH "%s build --content content --theme theme --out out %s "
               "2>&1 >/dev/null", *dir, t_loa(), extra);
    int r = t_run(cmd.data, err);
    buf_release(&cmd);
    return r;
}

/* expected with every "warning:" made "error:", as --strict reports it */
static void strict_form(const char *expected, buf *out)
{
    for (const char *p = expected; *p; ) {
        const char *w = strstr(p, ": warning: ");
        size_t n = w ? (size_t)(w - p) : strlen(p);
        buf_put(out, p, n);
        if (!w) break;
        buf_puts(out, ": error: ");
        p = w + strlen(": warning: ");
    }
}

static int only_site_yml_errors(const char *text)
{
    for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
        const char *e = strstr(l, ": error: "), *nl = strchr(l, '\n');
        if (e && (!nl || e < nl) && strncmp(l, "content/site.yml:", 17)) return 0;
    }
    return 1;
}

static void run_case(const char *name)
{
    buf path = BUF_INIT, expected = BUF_INIT, err = BUF_INIT;
    buf_printf(&path, CASES "/%s/expected.stderr", name);
    if (!CHECK(fs_read_file(path.data, &expected) == 0)) { buf_release(&path); return; }
    char *dir;
    /* content errors exit 1; errors in site.yml alone are configuration: 2 */
    int want = strstr(expected.data, ": error: ") ? 1 : 0;
    if (want && only_site_yml_errors(expected.data)) want = 2;
    int r = build_case(name, "", &err, &dir);
    if (!CHECK_INT_OK(r, want)) fprintf(stderr, "  [%s]\n%s", name, err.data);
    if (!CHECK_STR(err.data, expected.data)) fprintf(stderr, "  [%s]\n", name);
    t_tmpdir_done(dir);
    if (!want && strstr(expected.data, ": warning: ")) {
        buf strict = BUF_INIT;
        strict_form(expected.data, &strict);
        buf_clear(&err);
        r = build_case(name, "--strict", &err, &dir);
        if (!CHECK_INT_OK(r, 1)) fprintf(stderr, "  [%s --strict]\n%s", name, err.data);
        CHECK_HAS(err.data, strict.data);
        t_tmpdir_done(dir);
        buf_release(&strict);
    }
    buf_release(&path); buf_release(&expected); buf_release(&err);
}

static void error_cases(void)
{
    char **names;
    size_t n, ran = 0;
    if (!CHECK(fs_list_dir(CASES, &names, &n) == 0)) return;
    for (size_t i = 0; i < n; i++) {
        if (names[i][0] == '_') continue;
        run_case(names[i]);
        ran++;
    }
    CHECK(ran > 0);
    fs_free_list(names, n);
}

/* yaml_parse on text; the messages it reported go to msgs. */
static value *parse(arena *a, const char *text, size_t len, buf *msgs)
{
    buf_clear(msgs);
    diag_capture(msgs);
    value *v = yaml_parse(a, text, len, "f.yml", 0);
    diag_capture(NULL);
    return v;
}

static void yaml_bounds(void)
{
    arena a;
    arena_init(&a);
    buf text = BUF_INIT, msgs = BUF_INIT;
    /* the report's case: one 64 KiB string used as tags thousands of times;
     * the 16th use passes 1 MiB */
    buf_puts(&text, "big: &s \"");
    for (int i = 0; i < 65536; i++) buf_putc(&text, 'x');
    buf_puts(&text, "\"\ntags:\n");
    for (int i = 0; i < 8000; i++) buf_puts(&text, "  - *s\n");
    CHECK(parse(&a, text.data, text.len, &msgs) == NULL);
    CHECK_STR(msgs.data, "f.yml:18:5: error: YAML aliases in this file expand to more than 1024 "
              "KiB (the limit); use '*s' fewer times or make the anchored value shorter "
              "[LOA-E0509]\n");
    /* many small aliases: the count is bounded too */
    buf_clear(&text);
    buf_puts(&text, "a: &a x\nl: [");
    for (int i = 0; i <= YAML_MAX_ALIASES; i++) buf_puts(&text, "*a,");
    buf_puts(&text, "]\n");
    CHECK(parse(&a, text.data, text.len, &msgs) == NULL);
    CHECK_HAS(msgs.data, "f.yml:2:30005: error: more than 10000 YAML aliases in one file");
    /* nested aliases count what they expand to (a billion laughs) */
    buf_clear(&text);
    buf_puts(&text, "a: &a [\"0123456789012345678901234567890123456789\"]\n");
    const char *prev = "a";
    char name[8];
    for (int i = 0; i < 9; i++) {
        snprintf(name, sizeof name, "b%d", i);
        buf_printf(&text, "%s: &%s [", name, name);
        for (int k = 0; k < 10; k++) buf_printf(&text, "*%s,", prev);
        buf_puts(&text, "]\n");
        prev = arena_strdup(&a, name);
    }
    CHECK(parse(&a, text.data, text.len, &msgs) == NULL);
    CHECK_HAS(msgs.data, "error: YAML aliases in this file expand to more than 1024 KiB");
    /* an alias inside the node it names would make the tree contain itself */
    CHECK(parse(&a, "a: &x [1, *x]\n", 14, &msgs) == NULL);
    CHECK_STR(msgs.data, "f.yml:1:11: error: YAML alias '*x' is inside the node it names; a value "
              "cannot contain itself [LOA-E0508]\n");
    /* nesting */
    buf_clear(&text);
    for (int i = 0; i <= YAML_MAX_DEPTH + 1; i++) buf_putc(&text, '[');
    CHECK(parse(&a, text.data, text.len, &msgs) == NULL);
    CHECK_HAS(msgs.data, "f.yml:1:202: error: YAML nested more than 200 levels deep (the limit)");
    /* within the limits all is well, and aliases still share their node */
    value *v = parse(&a, "a: &a {k: 1}\nb: *a\n", 19, &msgs);
    CHECK(v && val_get(v, "a") == val_get(v, "b"));
    CHECK_STR(msgs.data, "");
    arena_release(&a);
    buf_release(&text);
    buf_release(&msgs);
}

static void yaml_positions(void)
{
    arena a;
    arena_init(&a);
    buf msgs = BUF_INIT;
    /* a BOM is skipped: the error is where an editor shows it */
    static const char bom[] = "\xEF\xBB\xBFtitle: x\nlist: [a\n";
    CHECK(parse(&a, bom, sizeof bom - 1, &msgs) == NULL);
    CHECK_HAS(msgs.data, "f.yml:3:1: error: invalid YAML: did not find expected ',' or ']'");
    value *v = parse(&a, "\xEF\xBB\xBFtitle: x\n", 12, &msgs);
    CHECK_STR(val_cstr(val_get(v, "title")), "x");
    /* invalid UTF-8 at its real place, with the advice that fits */
    CHECK(parse(&a, "a: 1\nb: \"caf\xE9\"\n", 15, &msgs) == NULL);
    CHECK_STR(msgs.data, "f.yml:2:8: error: invalid UTF-8 at byte offset 12; save the file as "
              "UTF-8 [LOA-E0502]\n");
    /* a raw control character */
    CHECK(parse(&a, "a: x\x02y\n", 7, &msgs) == NULL);
    CHECK_STR(msgs.data, "f.yml:1:5: error: the control character U+0002 is not text; remove it "
              "(is this a binary file?) [LOA-E0504]\n");
    /* "\0" and "\e" escapes, and a tab escape that is fine */
    CHECK(parse(&a, "a: \"x\\0\"\n", 9, &msgs) == NULL);
    CHECK_HAS(msgs.data, "f.yml:1:4: error: YAML text contains the control character U+0000");
    CHECK(parse(&a, "a: \"x\\ty\"\n", 10, &msgs) != NULL);
    /* a colon in a list item's value */
    static const char colon[] = "- name: Ban: Mường\n";
    CHECK(parse(&a, colon, sizeof colon - 1, &msgs) == NULL);
    CHECK_HAS(msgs.data, "f.yml:1:12: error: invalid YAML: a colon followed by a space in the "
              "value of 'name' starts a new field; put the name in quotes: "
              "name: \"Ban: Mường\"");
    arena_release(&a);
    buf_release(&msgs);
}

static void front_matter_size(void)
{
    buf text = BUF_INIT, msgs = BUF_INIT;
    buf_puts(&text, "---\n");
    while (text.len <= FM_MAX_BYTES + 4) buf_puts(&text, "k: 0123456789012345678901234567890\n");
    buf_puts(&text, "---\nbody\n");
    const char *yaml;
    size_t ylen, off;
    unsigned line;
    diag_capture(&msgs);
    int r = fm_split("x.md", text.data, text.len, &yaml, &ylen, &off, &line);
    diag_capture(NULL);
    CHECK_INT(r, -1);
    CHECK_HAS(msgs.data, "x.md:2:1: error: the front matter is 512 KiB, more than the limit of "
              "512 KiB");
    CHECK_INT(fm_check_size("x.md", FM_MAX_BYTES), 0);
    buf_release(&text);
    buf_release(&msgs);
}

static void suggestions(void)
{
    static const char *const keys[] = {"title", "date", "tags", "type", 0};
    CHECK_STR(suggest_closest("tittle", keys, 4), "title");
    CHECK_STR(suggest_closest("Titel", keys, 4), "title");
    CHECK_STR(suggest_closest("tag", keys, 4), "tags");
    CHECK(suggest_closest("province", keys, 4) == NULL);
    static const char *const langs[] = {"vi", "en", 0};
    CHECK_STR(suggest_closest("vn", langs, 2), "vi");
    CHECK(suggest_closest("fr", langs, 2) == NULL);
    CHECK_INT(suggest_distance("kitten", "sitting"), 3);
    CHECK_INT(suggest_distance("a", "abcdef"), 5);
}

/* layout: NAME picks that layout; params: fields are page.params.NAME */
static void layout_and_params(void)
{
    char *d = t_tmpdir("layout-params");
    t_write(d, "content/site.yml", "title: T\n");
    t_write(d, "content/a.md", "---\ntitle: A\nlayout: wide\nparams: {mood: calm}\n---\nx\n");
    t_write(d, "theme/layouts/_default/single.mustache", "single {{page.title}}\n");
    t_write(d, "theme/layouts/_default/list.mustache", "list\n");
    t_write(d, "theme/layouts/_default/wide.mustache",
            "wide {{page.title}} {{page.params.mood}}\n");
    buf cmd = BUF_INIT, log = BUF_INIT, page = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build --content content --theme theme --out out --strict 2>&1",
               d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 0);
    char *out = fs_join(d, "out/a/index.html");
    CHECK(fs_read_file(out, &page) == 0);
    CHECK_STR(page.data, "wide A calm\n");
    free(out);
    t_tmpdir_done(d);
    buf_release(&cmd); buf_release(&log); buf_release(&page);
}

/* A relative link to a file beside the source becomes the file's URL,
 * unless it already leads there (a bundle's own files stay relative). */
static void link_rewrites(void)
{
    buf err = BUF_INIT, page = BUF_INIT;
    char *dir;
    CHECK_INT(build_case("link-ok", "", &err, &dir), 0);
    char *b = fs_join(dir, "out/stories/b/index.html"), *bu = fs_join(dir, "out/bundle/index.html");
    CHECK(fs_read_file(b, &page) == 0);
    CHECK_HAS(page.data, "href=\"/files/r.pdf\"");
    CHECK_HAS(page.data, "href=\"../../a/\"");
    buf_clear(&page);
    CHECK(fs_read_file(bu, &page) == 0);
    CHECK_HAS(page.data, "href=\"r.txt\"");
    free(b);
    free(bu);
    t_tmpdir_done(dir);
    buf_release(&err);
    buf_release(&page);
}

/* loa check fails when reading the content failed; a missing theme is no error there */
static void check_exit_code(void)
{
    char *d = t_tmpdir("check-exit");
    t_write(d, "content/site.yml", "theme: nowhere\n");
    t_write(d, "content/a.md", "---\ntitle: A\n---\nx\n");
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s check --translations 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 0);
    CHECK_NOT_HAS(log.data, "error");
    t_write(d, "content/b.md", "---\ndate: soon\n---\nx\n");
    buf_clear(&log);
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "content/b.md:2:7: error: front matter: 'date' is not a date");
    t_tmpdir_done(d);
    buf_release(&cmd); buf_release(&log);
}

void suite_errors(void)
{
    suggestions();
    yaml_bounds();
    yaml_positions();
    front_matter_size();
    error_cases();
    layout_and_params();
    link_rewrites();
    check_exit_code();
}
