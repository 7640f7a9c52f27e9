/* The Mustache engine: the official spec read straight from
 * ../shared/mustache-spec (or $LOA_SPEC_DIR), every error message with its
 * exact text and position, and rendering from several threads at once. */
#include "../test.h"
#include "../../generator/data/value.h"
#include "../../generator/data/yaml.h"
#include "../../generator/templates/mustache.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- the spec ------------------------------------------------------------ */

/* Partials come from the test case's "partials" map. */
static char *map_loader(void *ud, const char *name, char **path)
{
    const value *src = val_get(ud, name);
    if (!src || src->kind != VAL_STR) return NULL;
    *path = strdup(name);
    char *s = strndup(src->u.str.s, src->u.str.len);
    if (!s || !*path) die_oom();
    return s;
}

static int spec_case(const value *tc, const char *file)
{
    const value *tpl = val_get(tc, "template"), *exp = val_get(tc, "expected");
    const value *name = val_get(tc, "name");
    mus_cache *c = mus_cache_new(map_loader, val_get(tc, "partials"));
    buf out = BUF_INIT;
    mus_template *t = mus_compile(c, NULL, "spec", tpl->u.str.s, tpl->u.str.len);
    int ok = t && mus_render(c, t, &mus_value_ops, NULL, val_get(tc, "data"), NULL, &out) == 0 &&
             out.len == exp->u.str.len && memcmp(out.data, exp->u.str.s, out.len) == 0;
    if (!t_check(ok, __FILE__, __LINE__, "spec case"))
        fprintf(stderr, "    %s: %s\n    template: [%s]\n    got:      [%s]\n    expected: [%s]\n",
                file, val_cstr(name), tpl->u.str.s, out.data, exp->u.str.s);
    buf_release(&out);
    mus_cache_free(c);
    return ok;
}

static void test_spec(void)
{
    const char *dir = getenv("LOA_SPEC_DIR");
    if (!dir || !*dir) dir = "../shared/mustache-spec";
    char **names;
    size_t n;
    if (!CHECK(fs_list_dir(dir, &names, &n) == 0)) return;
    int total = 0, passed = 0;
    buf msgs = BUF_INIT;   /* spec cases with missing partials warn */
    unsigned errors = diag_errors();
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len < 5 || strcmp(names[i] + len - 5, ".json") || !strcmp(names[i], "~lambdas.json"))
            continue;
        arena a = ARENA_INIT;
        char *path = fs_join(dir, names[i]);
        const value *tests = val_get(yaml_load_file(&a, path), "tests");
        CHECK(tests && tests->kind == VAL_LIST);
        diag_capture(&msgs);
        for (size_t k = 0; tests && k < tests->u.list.n; k++, total++)
            passed += spec_case(tests->u.list.items[k], names[i]);
        diag_capture(NULL);
        free(path);
        arena_release(&a);
    }
    fs_free_list(names, n);
    fprintf(stderr, "mustache spec: %d/%d\n", passed, total);
    CHECK_INT(total, 184);
    CHECK_INT(diag_errors(), errors);
    buf_release(&msgs);
}

/* ---- helpers ----------------------------------------------------------------- */

/* Partials from a NULL-terminated list of name, source pairs. */
static char *list_loader(void *ud, const char *name, char **path)
{
    for (const char *const *p = ud; p && *p; p += 2)
        if (!strcmp(p[0], name)) {
            buf b = BUF_INIT;
            buf_printf(&b, "%s.mustache", name);
            *path = buf_detach(&b);
            char *s = strdup(p[1]);
            if (!s) die_oom();
            return s;
        }
    return NULL;
}

static arena data_arena;
static buf msgs, out;
static int have_codes;   /* every message of the last run had its code */

static const value *yaml(const char *text)
{
    return yaml_parse(&data_arena, text, strlen(text), "data", 0);
}

enum { OK = 0, BAD_COMPILE = -1, BAD_RENDER = -2 };

/* Compiles src as t.mustache and renders it against data; diagnostics
 * land in msgs and the output in out. */
/* The wording is what these tests check: the stable code that ends each
 * line (" [LOA-E0401]") is counted (every ERR checks that each line has
 * one) and taken out here. */
static int count(const char *s, const char *what)
{
    int n = 0;
    for (; (s = strstr(s, what)); s++) n++;
    return n;
}

static void drop_codes(buf *m)
{
    if (!m->len) return;
    size_t k = 0;
    for (size_t i = 0; i < m->len; i++) {
        if (!strncmp(m->data + i, " [LOA-", 6) && i + 12 <= m->len && m->data[i + 11] == ']') {
            i += 11;
            continue;
        }
        m->data[k++] = m->data[i];
    }
    m->len = k;
    m->data[k] = 0;
}

static int run(const char *src, const char *const *partials, const value *data, int strict)
{
    buf_clear(&msgs);
    buf_clear(&out);
    diag_capture(&msgs);
    mus_cache *c = mus_cache_new(list_loader, (void *)partials);
    mus_template *t = mus_compile(c, "t", "t.mustache", src, strlen(src));
    struct mus_render_opts o = {.strict = strict};
    int rc = !t ? BAD_COMPILE : mus_render(c, t, &mus_value_ops, NULL, data, &o, &out) ? BAD_RENDER : OK;
    mus_cache_free(c);
    diag_capture(NULL);
    have_codes = count(msgs.data, "\n") == count(msgs.data, " [LOA-");
    drop_codes(&msgs);
    return rc;
}

#define ERR(src, msg) do { CHECK_INT(run(src, NULL, NULL, 0), BAD_COMPILE); \
                           CHECK(have_codes); CHECK_STR(msgs.data, msg); } while (0)

/* ---- errors ------------------------------------------------------------------ */

static void test_structure_errors(void)
{
    ERR("<ul>\n{{#posts}}\n  <li>{{title}}</li>\n",
        "t.mustache:4:1: error: section 'posts' opened at 2:1 is never closed "
        "(add '{{/posts}}' where it should end)\n");
    ERR("{{^a}}{{<b}}",
        "t.mustache:1:13: error: inverted section 'a' opened at 1:1 is never closed "
        "(add '{{/a}}' where it should end)\n"
        "t.mustache:1:13: error: parent 'b' opened at 1:7 is never closed "
        "(add '{{/b}}' where it should end)\n");
    ERR("{{#posts}}\n  {{/post}}",
        "t.mustache:2:3: error: '{{/post}}' does not close section 'posts' opened at 1:1 "
        "(expected '{{/posts}}')\n");
    ERR("{{=<% %>=}}\n<%$b%>x<%/c%>",
        "t.mustache:2:8: error: '<%/c%>' does not close block 'b' opened at 2:1 "
        "(expected '<%/b%>')\n");
    ERR("a {{/x}}", "t.mustache:1:3: error: '{{/x}}' closes nothing: no section 'x' is open here\n");
    ERR("a {{b", "t.mustache:1:3: error: '{{' is never closed (expected '}}')\n");
    ERR("a {{{b}}", "t.mustache:1:3: error: '{{{' is never closed (expected '}}}')\n");
    ERR("{{{a}} {{{b}}}",
        "t.mustache:1:1: error: '{{{' is missing a '}' before '}}' (write '{{{name}}}')\n");
    ERR("x {{a {{b}}", "t.mustache:1:3: error: '{{' inside a tag: is a '}}' missing before it?\n");
    char deep[1000] = "";
    for (int i = 0; i < 101; i++) strcat(deep, "{{#a}}");
    ERR(deep, "t.mustache:1:601: error: sections nest more than 100 deep here; "
        "split the template into partials\n");
}

static void test_tag_errors(void)
{
    ERR("{{}}", "t.mustache:1:1: error: tag '{{}}' has no name\n");
    ERR("a\n  {{# }}{{/}}", "t.mustache:2:3: error: tag '{{# }}' has no name\n");
    ERR("{{>*}}", "t.mustache:1:1: error: tag '{{>*}}' has no name\n");
    ERR("{{#each posts}}",
        "t.mustache:1:1: error: 'each posts' is not a name: names cannot contain spaces "
        "(Mustache has no helpers like 'if' or 'each': {{#name}} is both)\n");
    ERR("{{a b}}", "t.mustache:1:1: error: 'a b' is not a name: names cannot contain spaces\n");
    ERR("{{%FILTERS}}", "t.mustache:1:1: error: pragma tags like '{{%FILTERS}}' are not supported\n");
    ERR("{{a..b}}", "t.mustache:1:1: error: 'a..b' is not a valid name: a dotted name has no "
        "empty parts (write 'a.b', or '.' for the current item)\n");
    ERR("{{#a.}}{{/a.}}", "t.mustache:1:1: error: 'a.' is not a valid name: a dotted name has "
        "no empty parts (write 'a.b', or '.' for the current item)\n");
}

static void test_delimiter_errors(void)
{
    ERR("{{=<% =}}", "t.mustache:1:1: error: set-delimiters tag needs two delimiters "
        "separated by a space, like {{=<% %>=}}\n");
    ERR("x\n{{=a b c=}}", "t.mustache:2:1: error: set-delimiters tag needs two delimiters "
        "separated by a space, like {{=<% %>=}}\n");
    ERR("{{=<% %>}}", "t.mustache:1:1: error: set-delimiters tag must end with '=' before "
        "'}}', like {{=<% %>=}}\n");
    ERR("{{=<%= %>=}}", "t.mustache:1:1: error: delimiter '<%=' cannot contain '='\n");
    ERR("{{= =}}", "t.mustache:1:1: error: set-delimiters tag needs two delimiters "
        "separated by a space, like {{=<% %>=}}\n");
    ERR("{{=| |=}}|x", "t.mustache:1:10: error: '|' is never closed (expected '|')\n");
}

static void test_utf8_errors(void)
{
    ERR("ok\nab\xff", "t.mustache:2:3: error: invalid UTF-8 (byte 0xFF at offset 5); "
        "save the template as UTF-8\n");
    ERR("Chào \xc3", "t.mustache:1:6: error: invalid UTF-8 (byte 0xC3 at offset 6); "
        "save the template as UTF-8\n");
    ERR("\xc0\xaf", "t.mustache:1:1: error: invalid UTF-8 (byte 0xC0 at offset 0); "
        "save the template as UTF-8\n");
    ERR("\xed\xa0\x80", "t.mustache:1:1: error: invalid UTF-8 (byte 0xED at offset 0); "
        "save the template as UTF-8\n");
    /* Columns count characters: "Chào " is five. */
    CHECK_INT(run("Chào {{ten}}", NULL, yaml("{}"), 1), BAD_RENDER);
    CHECK_STR(msgs.data, "t.mustache:1:6: error: 'ten' is not defined\n");
    CHECK_INT(run("\xEF\xBB\xBFok {{x}}", NULL, yaml("x: 1"), 0), OK);   /* BOM dropped */
    CHECK_STR(out.data, "ok 1");
}

static void test_partial_errors(void)
{
    const char *const none[] = {NULL};
    CHECK_INT(run("x\n {{>nav}}\ny", none, NULL, 0), OK);
    CHECK_STR(msgs.data, "t.mustache:2:2: warning: partial 'nav' not found (asked for by 't'); "
              "it renders as nothing\n");
    CHECK_STR(out.data, "x\ny");
    CHECK_INT(run("{{<base}}{{$a}}x{{/a}}{{/base}}", none, NULL, 0), BAD_COMPILE);
    CHECK_STR(msgs.data, "t.mustache:1:1: error: parent template 'base' not found (asked for by "
              "'t'); check the name or add the template\n");
    const char *const bad[] = {"head", "<title>{{#x}}</title>", NULL};
    CHECK_INT(run("{{>head}}", bad, NULL, 0), BAD_COMPILE);
    CHECK_STR(msgs.data, "head.mustache:1:22: error: section 'x' opened at 1:8 is never closed "
              "(add '{{/x}}' where it should end)\n"
              "t.mustache:1:1: note: partial 'head' has errors (reported above)\n");
    const char *const dyn[] = {"list", "{{>*kind}}", NULL};
    CHECK_INT(run("{{#items}}{{>list}}{{/items}}", dyn, yaml("items: [{kind: card}, {kind: card}]"), 0), OK);
    CHECK_STR(msgs.data, "list.mustache:1:1: warning: partial 'card' (the value of 'kind') not "
              "found (asked for by 'list'); it renders as nothing\n");   /* once */
    CHECK_INT(run("{{<*layout}}{{/*layout}}", none, yaml("layout: base"), 0), BAD_RENDER);
    CHECK_STR(msgs.data, "t.mustache:1:1: error: parent template 'base' (the value of 'layout') "
              "not found (asked for by 't')\n");
    CHECK_INT(run("{{<p}}\n{{#x}}{{/x}}{{$a}}{{/a}}{{/p}}", (const char *const[]){"p", "", NULL},
                  NULL, 0), OK);
    CHECK_STR(msgs.data, "t.mustache:2:1: warning: a section inside parent 'p' is ignored: only "
              "{{$block}} tags count there\n");
}

static void test_recursion_errors(void)
{
    const char *const ab[] = {"a", "A{{>b}}", "b", "{{#x}}B{{>a}}{{/x}}", NULL};
    CHECK_INT(run("{{>a}}", ab, yaml("x: true"), 0), BAD_RENDER);
    CHECK_STR(msgs.data, "b.mustache:1:8: error: partials nest more than 64 deep: a -> b -> a; "
              "make the recursion stop (put it in a section over data that runs out)\n");
    CHECK_INT(run("{{>a}}", ab, yaml("x: false"), 0), OK);
    CHECK_STR(out.data, "A");   /* the same templates are fine when the data stops them */
    CHECK_INT(run("[{{<t}}{{/t}}]", NULL, NULL, 0), BAD_RENDER);
    CHECK_STR(msgs.data, "t.mustache:1:2: error: partials nest more than 64 deep: t -> t; "
              "make the recursion stop (put it in a section over data that runs out)\n");
}

static void test_strict(void)
{
    const value *d = yaml("name: An\nnothing: null\nuser: {}");
    CHECK_INT(run("Hi {{name}}{{nothing}} {{missing}}!", NULL, d, 0), OK);
    CHECK_STR(out.data, "Hi An !");
    CHECK_STR(msgs.data, "");
    CHECK_INT(run("Hi {{name}}{{nothing}}\n  {{user.email}}!", NULL, d, 1), BAD_RENDER);
    CHECK_STR(msgs.data, "t.mustache:2:3: error: 'user.email' is not defined\n");
    /* Sections test for presence: strict leaves them alone. */
    CHECK_INT(run("{{#missing}}x{{/missing}}{{^missing}}y{{/missing}}", NULL, d, 1), OK);
    CHECK_STR(out.data, "y");
    CHECK_INT(run("{{>*missing}}", NULL, d, 1), BAD_RENDER);
    CHECK_STR(msgs.data, "t.mustache:1:1: error: 'missing' is not defined\n");
}

/* ---- behaviour beyond the spec ------------------------------------------------ */

static void test_layouts(void)
{
    const char *const th[] = {
        "base", "<html>\n<head>\n  {{>head}}\n</head>\n<body>\n  {{$main}}\n  <p>empty</p>\n"
                "  {{/main}}\n</body>\n</html>\n",
        "head", "<title>{{$title}}Site{{/title}}</title>\n<meta charset=\"utf-8\">\n",
        NULL};
    const char *page = "{{<base}}\n{{$title}}{{page.title}} | Site{{/title}}\n{{$main}}\n"
                       "<ul>\n  {{#posts}}\n  <li>{{.}}</li>\n  {{/posts}}\n</ul>\n{{/main}}\n{{/base}}\n";
    CHECK_INT(run(page, th, yaml("page: {title: A & B}\nposts: [x, y]"), 0), OK);
    CHECK_STR(out.data, "<html>\n<head>\n  <title>A &amp; B | Site</title>\n"
              "  <meta charset=\"utf-8\">\n</head>\n<body>\n  <ul>\n    <li>x</li>\n"
              "    <li>y</li>\n  </ul>\n</body>\n</html>\n");
    CHECK_STR(msgs.data, "");
}

static void test_indentation(void)
{
    /* Standalone partials indent every line but empty ones, nested ones
     * add up, and interpolated newlines are left alone. */
    const char *const th[] = {"outer", "<div>\n\n  {{>inner}}\n</div>\n",
                              "inner", "<p>\n{{{text}}}\n</p>\n", NULL};
    CHECK_INT(run("<body>\n  {{>outer}}\n</body>\n", th, yaml("text: \"a\\nb\""), 0), OK);
    CHECK_STR(out.data, "<body>\n  <div>\n\n    <p>\n    a\nb\n    </p>\n  </div>\n</body>\n");
    /* An inline partial is not indented, even inside an indented one. */
    CHECK_INT(run("  {{>inner}} x\n", th, yaml("text: t"), 0), OK);
    CHECK_STR(out.data, "  <p>\nt\n</p>\n x\n");
    /* CRLF lines stay CRLF and standalone tags take their CRLF along. */
    CHECK_INT(run("a\r\n  {{#t}}\r\n  b\r\n  {{/t}}\r\nc", NULL, yaml("t: true"), 0), OK);
    CHECK_STR(out.data, "a\r\n  b\r\nc");
}

static void test_inheritance(void)
{
    /* Blocks reach into the parent's partials; the most derived template
     * wins; an argument's own nested block can still be overridden. */
    const char *const th[] = {
        "base", "<title>{{$title}}Site{{/title}}</title>\n{{>nav}}\n",
        "nav", "<nav>{{$nav}}default{{/nav}}</nav>",
        "section", "{{<base}}{{$title}}Section: {{$name}}?{{/name}}{{/title}}{{/base}}", NULL};
    CHECK_INT(run("{{<section}}{{$name}}News{{/name}}{{$nav}}N{{/nav}}{{/section}}", th, NULL, 0), OK);
    CHECK_STR(out.data, "<title>Section: News</title>\n<nav>N</nav>");
    CHECK_INT(run("{{<section}}{{$title}}Mine{{/title}}{{/section}}", th, NULL, 0), OK);
    CHECK_STR(out.data, "<title>Mine</title>\n<nav>default</nav>");
    /* A block nested in its own argument renders its default, not itself. */
    CHECK_INT(run("{{<base}}{{$title}}[{{$title}}inner{{/title}}]{{/title}}{{/base}}", th, NULL, 0), OK);
    CHECK_STR(out.data, "<title>[inner]</title>\n<nav>default</nav>");
    /* Dynamic parents, closed with the star. */
    CHECK_INT(run("{{<*layout}}{{$title}}Dyn{{/title}}{{/*layout}}", th, yaml("layout: base"), 0), OK);
    CHECK_STR(out.data, "<title>Dyn</title>\n<nav>default</nav>");
}

static void test_walk_limit(void)
{
    buf src = BUF_INIT;
    for (int i = 0; i < 30; i++) buf_puts(&src, "{{#t}}");
    buf_puts(&src, "{{>p}}");
    for (int i = 0; i < 30; i++) buf_puts(&src, "{{/t}}");
    const char *const th[] = {"p", src.data, NULL};
    CHECK_INT(run("{{>p}}", th, yaml("t: true"), 0), BAD_RENDER);
    CHECK_STR(msgs.data, "p.mustache:1:43: error: sections and partials nest more than 1000 "
              "deep here; simplify the templates\n");
    buf_release(&src);
}

static void test_cache(void)
{
    const char *const th[] = {"a", "A", NULL};
    mus_cache *c = mus_cache_new(list_loader, (void *)th);
    mus_template *a = mus_get(c, "a");
    CHECK(a && a == mus_get(c, "a"));
    CHECK(mus_get(c, "nope") == NULL);
    CHECK_STR(mus_template_path(a), "a.mustache");
    mus_cache_free(c);
    mus_cache_free(NULL);
}

struct job {
    mus_cache *c;
    const mus_template *t;
    const value *data;
    int bad;
};

static void *render_many(void *arg)
{
    struct job *j = arg;
    buf b = BUF_INIT;
    for (int i = 0; i < 300; i++) {
        buf_clear(&b);
        if (mus_render(j->c, j->t, &mus_value_ops, NULL, j->data, NULL, &b) ||
            strcmp(b.data, "<a>1</a><b>2</b><a>3</a>|"))
            j->bad++;
    }
    buf_release(&b);
    return NULL;
}

/* Dynamic partials compile lazily while other threads render. */
static void test_threads(void)
{
    const char *const th[] = {"a", "<a>{{v}}</a>", "b", "<b>{{v}}</b>", NULL};
    mus_cache *c = mus_cache_new(list_loader, (void *)th);
    const char *src = "{{#items}}{{>*kind}}{{/items}}|";
    struct job j[4];
    pthread_t tid[4];
    const mus_template *t = mus_compile(c, "page", "page.mustache", src, strlen(src));
    const value *d = yaml("items: [{kind: a, v: 1}, {kind: b, v: 2}, {kind: a, v: 3}]");
    for (int i = 0; i < 4; i++) {
        j[i] = (struct job){c, t, d, 0};
        pthread_create(&tid[i], NULL, render_many, &j[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(tid[i], NULL);
        CHECK_INT(j[i].bad, 0);
    }
    mus_cache_free(c);
}

void suite_mustache(void)
{
    arena_init(&data_arena);
    if (t_selected("mustache")) test_spec();
    test_structure_errors();
    test_tag_errors();
    test_delimiter_errors();
    test_utf8_errors();
    test_partial_errors();
    test_recursion_errors();
    test_strict();
    test_layouts();
    test_indentation();
    test_inheritance();
    test_walk_limit();
    test_cache();
    test_threads();
    buf_release(&msgs);
    buf_release(&out);
    arena_release(&data_arena);
}
