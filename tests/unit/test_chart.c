/* chart: ```chart blocks.  Parsing, errors with their file positions,
 * well-formed SVG for every type, the table against the data, numbers in
 * the page's language, colour contrast, data files; then whole builds: the
 * page, its HTML validity, and an e-magazine book through epubcheck. */
#include "../test.h"
#include "../../generator/chart/chart.h"
#include "../../generator/i18n/locale.h"
#include "../../generator/markdown/markdown.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"

#include <stdlib.h>
#include <sys/wait.h>

static arena A = ARENA_INIT;
static const char *const VI[] = {"vi"};
static const char *const EN[] = {"en"};
static const char *const HMN[] = {"hmn", "vi"};

/* A block that starts on line 10 of x.md, at column 1. */
static struct chart_env env_for(const char *const *chain, size_t n, const char *data_dir)
{
    return (struct chart_env){"x.md", 10, 1, data_dir, chain, n, "chart-1"};
}

static const char *render(const char *block, const char *const *chain, size_t n, buf *diags)
{
    struct chart_env env = env_for(chain, n, NULL);
    buf out = BUF_INIT;
    if (diags) diag_capture(diags);
    int r = chart_render(&A, block, strlen(block), &env, &out, NULL);
    if (diags) diag_capture(NULL);
    char *s = r == 0 ? arena_strndup(&A, out.data, out.len) : NULL;
    buf_release(&out);
    return s;
}

/* The diagnostics of a block that must fail. */
static const char *errors_of(const char *block)
{
    buf d = BUF_INIT;
    const char *html = render(block, VI, 1, &d);
    CHECK(html == NULL);
    char *s = arena_strndup(&A, d.data, d.len);
    buf_release(&d);
    return s;
}

/* Is text well-formed XML (an XHTML body)?  -1 when xmllint is missing. */
static int xml_ok(const char *text)
{
    if (system("command -v xmllint >/dev/null 2>&1") != 0) return -1;
    char path[] = "/tmp/loa-chart-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) return -1;
    fprintf(f, "<body xmlns=\"http://www.w3.org/1999/xhtml\">\n%s</body>\n", text);
    fclose(f);
    char cmd[80];
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
    int st = system(cmd);
    remove(path);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

#define CHECK_XML(s)                                                                               \
    do {                                                                                           \
        const char *s_ = (s);                                                                      \
        int ok_ = xml_ok(s_);                                                                      \
        if (ok_ < 0)                                                                               \
            fprintf(stderr, "    (xmllint missing: well-formedness not checked)\n");               \
        else if (!CHECK(ok_))                                                                      \
            fprintf(stderr, "%s\n", s_ ? s_ : "(null)");                                           \
    } while (0)

static const char *const BAR =
    "type: bar\ntitle: Years to join\ndescription: From adoption to accession\nunits: years\n"
    "source: UN Treaty Collection\n---\nConvention, Years\nICCPR, 16\nCRC, 1\nCAT, 1234.5\n";

static void parse(void)
{
    struct chart c;
    struct chart_env env = env_for(EN, 1, NULL);
    CHECK_INT(chart_parse(&A, BAR, strlen(BAR), &env, &c), 0);
    CHECK_INT(c.type, CHART_BAR);
    CHECK(c.horizontal && !c.stacked);
    CHECK_STR(c.title, "Years to join");
    CHECK_STR(c.units, "years");
    CHECK_STR(c.head, "Convention");
    CHECK_INT(c.n_series, 1);
    CHECK_STR(c.series[0], "Years");
    CHECK_INT(c.n_rows, 3);
    CHECK_STR(c.labels[2], "CAT");
    CHECK(c.v[2] == 1234.5);
    const char *g = "type: bar\norientation: vertical\nstacked: true\ntitle: G\n---\n"
                    "Year, \"Women, girls\", Men\n2023, 1, 2\n\n2024, 3, -0\n";
    CHECK_INT(chart_parse(&A, g, strlen(g), &env, &c), 0);
    CHECK(!c.horizontal && c.stacked);
    CHECK_INT(c.n_series, 2);
    CHECK_STR(c.series[0], "Women, girls"); /* quoted cells keep their commas */
    CHECK_INT(c.n_rows, 2); /* blank lines are skipped */
    CHECK(c.v[2] == 3);
    const char *d =
        "type: donut\ntitle: D\ncolours: [\"#2f73b4\", \"#9e1b1f\"]\n---\nk, v\na, 1\nb, 2\n";
    buf w = BUF_INIT;
    diag_capture(&w);
    CHECK_INT(chart_parse(&A, d, strlen(d), &env, &c), 0);
    diag_capture(NULL);
    /* dark red is fine on white, too dark on the dark background: a warning */
    CHECK_HAS(w.data, "x.md:12:22: warning: chart: colour '#9e1b1f' has contrast");
    CHECK_NOT_HAS(w.data, "#2f73b4");
    buf_release(&w);
    CHECK(c.type == CHART_PIE && c.donut);
    CHECK_STR(c.colours[1], "#9e1b1f");
}

/* Every error names x.md and the line:col inside the block (line 10 is
 * the block's first line). */
static void errors(void)
{
    CHECK_HAS(
        errors_of("type: bars\ntitle: T\n---\na, b\nx, 1\n"),
        "x.md:10:7: error: chart: unknown type 'bars'; use bar, line, pie, donut or pictogram");
    CHECK_HAS(errors_of("type: bar\ntitle: T\n---\na, b\nx, 1, 2\n"),
              "x.md:14:1: error: chart: this row has 3 cells but the first row has 2");
    CHECK_HAS(errors_of("type: bar\ntitle: T\n---\na, b\nx, 1\nyy,  1.234,5\n"),
              "x.md:15:1: error");
    CHECK_HAS(errors_of("type: bar\ntitle: T\n---\na, b\nx, 1\ny, many\n"),
              "x.md:15:4: error: chart: 'many' is not a number; write numbers like 1234.5");
    CHECK_HAS(errors_of("type: bar\ntitle: T\n---\na, b\nx, 45%\n"),
              "x.md:14:4: error: chart: '45%' is not a number");
    CHECK_HAS(errors_of("type: bar\ntitle: T\n---\na, b\nx, -2e15\n"),
              "x.md:14:4: error: chart: '-2e15' is not a number");
    CHECK_HAS(errors_of("type: bar\ntitle: T\n---\na, b\nx, nan\ny, 0x10\n"), "x.md:15:4: error");
    CHECK_HAS(errors_of("type: bar\ntitle: T\ndata: none.csv\n"),
              "x.md:12:7: error: chart: data file 'content/data/none.csv' does not exist");
    CHECK_HAS(errors_of("type: bar\ntitle: T\ndata: [a.csv]\n"), "x.md:12:7: error: chart: 'data' must");
    CHECK_HAS(errors_of("type: bar\ntitle: T\ndata:\n"), "error: chart: 'data' must name");
    CHECK_HAS(errors_of("type: bar\ntitle: T\ndata: ../site.yml\n"),
              "x.md:12:7: error: chart: 'data' must name");
    CHECK_HAS(errors_of("type: bar\ntitle: T\nlegend: no\n---\na, b\nx, 1\n"),
              "x.md:12:9: error: chart: unknown key 'legend'");
    CHECK_HAS(errors_of("type: bar\n---\na, b\nx, 1\n"),
              "x.md:10:1: error: chart: the header needs 'title:'");
    CHECK_HAS(errors_of("title: T\n---\na, b\nx, 1\n"),
              "x.md:10:1: error: chart: the header needs 'type:'");
    CHECK_HAS(errors_of("type: pie\ntitle: T\n---\na, b, c\nx, 1, 2\n"),
              "x.md:13:7: error: chart: a pie shows one series, this has 2");
    CHECK_HAS(errors_of("type: pie\ntitle: T\n---\na, b\nx, -1\ny, 2\n"),
              "x.md:14:4: error: chart: -1 is negative");
    CHECK_HAS(errors_of("type: bar\ntitle: T\ncolours: [\"#ffcc00\"]\n---\na, b\nx, 1\n"),
              "x.md:12:11: error: chart: colour '#ffcc00' has contrast");
    CHECK_HAS(errors_of("type: pictogram\ntitle: T\n---\na, b\nx, 101\n"),
              "x.md:14:4: error: chart: 101 needs more than 100 icons");
    CHECK_HAS(errors_of("type: bar\ntitle: T\n---\n"), "error: chart: no rows");
    CHECK_HAS(errors_of("type: bar\ntitle: T\n---\na, \"b\nx, 1\n"),
              "x.md:13:4: error: chart: quoted cell has no closing");
    buf many = BUF_INIT;
    buf_puts(&many, "type: line\ntitle: T\n---\nk, v\n");
    for (int i = 0; i <= CHART_MAX_ROWS; i++) buf_printf(&many, "r%d, %d\n", i, i);
    CHECK_HAS(errors_of(many.data), "x.md:114:1: error: chart: more than 100 rows");
    buf_clear(&many);
    buf_puts(
        &many,
        "type: bar\ntitle: T\n---\nk, 1, 2, 3, 4, 5, 6, 7, 8, 9\nx, 1, 2, 3, 4, 5, 6, 7, 8, 9\n");
    CHECK_HAS(errors_of(many.data), "x.md:13:28: error: chart: 9 series; at most 8");
    buf_release(&many);
    /* several errors of one block are all reported */
    const char *all = errors_of("type: bars\ntitle: T\n---\na, b\nx, 1, 2\ny, z\n");
    CHECK_HAS(all, "x.md:10:7");
    CHECK_HAS(all, "x.md:14:1");
    CHECK_HAS(all, "x.md:15:4");
}

static const char *const TYPES[] = {
    "type: bar\ntitle: E\ndescription: extremes\n---\nk, a\nx, 1e15\ny, -1e15\nz, 1e-300\n",
    "type: line\ntitle: Z\ndescription: zeros\n---\nk, a\nx, 0\ny, 0\n",
    "type: bar\norientation: vertical\ntitle: V\ndescription: d\n---\nk, a, b\nx, 1, 2\ny, -3, 4\n",
    "type: bar\nstacked: true\ntitle: S\ndescription: d\n---\nk, a, b, c\nx, 1, 2, 3\ny, 3, 4, 0\n",
    "type: bar\ntitle: G & <g>\ndescription: \"a < b\"\n---\nk, a, b\n\"x & y\", 1, 2\ny, -3, 4\n",
    "type: line\ntitle: L\ndescription: d\n---\nyear, a, b, c, d, e\n"
    "2020, 1, 2, 3, 4, 5\n2021, 2, 1, 0, 6, 5\n",
    "type: pie\ntitle: P\ndescription: d\n---\nk, v\na, 1\nb, 0\nc, 2\n",
    "type: pie\ntitle: P\ndescription: d\n---\nk, v\na, 5\n",
    "type: donut\ntitle: D\ndescription: d\n---\nk, v\n"
    "a, 1\nb, 2\nc, 3\nd, 1\ne, 1\nf, 1\ng, 1\nh, 1\ni, 1\n",
    "type: pictogram\ntitle: I\ndescription: d\nicon_value: 1000\nunits: schools\n---\n"
    "k, v\na, 2500\nb, 40000\n",
};

static void svg_well_formed(void)
{
    for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++) {
        const char *h = render(TYPES[i], EN, 1, NULL);
        if (!CHECK(h != NULL)) continue;
        CHECK_XML(h);
        CHECK_HAS(h, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
        CHECK_HAS(h, "role=\"img\" aria-labelledby=\"chart-1-t chart-1-d\"");
        CHECK_HAS(h, "<title id=\"chart-1-t\">");
        CHECK_HAS(h, "<desc id=\"chart-1-d\">");
        CHECK_NOT_HAS(h, "<script");
    }
    const char *h = render(TYPES[4], EN, 1, NULL);
    CHECK_HAS(h, "<title id=\"chart-1-t\">G &amp; &lt;g&gt;</title>");
    CHECK_HAS(h, "<th scope=\"row\">x &amp; y</th>");
    /* series differ by pattern as well as colour */
    CHECK_HAS(h, "<pattern id=\"chart-1-p1\"");
    CHECK_HAS(h, "fill=\"url(#chart-1-p1)\"");
    CHECK_HAS(h, "<path d=\"M-2 2L2-2M0 8L8 0M6 10L10 6\"");
    /* lines differ by dashes and marker shapes */
    h = render(TYPES[5], EN, 1, NULL);
    CHECK_HAS(h, "stroke-dasharray=\"8 4\"");
    CHECK_HAS(h, "<circle");
    CHECK_HAS(h, "<rect");
}

static void table_matches_data(void)
{
    const char *h = render(BAR, EN, 1, NULL);
    CHECK_HAS(h, "<figure class=\"chart chart-bar chart-horizontal\" id=\"chart-1\">");
    CHECK_HAS(h, "<caption>Years to join (years)</caption>");
    CHECK_HAS(
        h, "<thead><tr><th scope=\"col\">Convention</th><th scope=\"col\">Years</th></tr></thead>");
    CHECK_HAS(h,
              "<tr><th scope=\"row\">ICCPR</th><td>16</td></tr>\n"
              "<tr><th scope=\"row\">CRC</th><td>1</td></tr>\n"
              "<tr><th scope=\"row\">CAT</th><td>1,234.5</td></tr>");
    CHECK_HAS(h, "<p class=\"chart-source\">Source: UN Treaty Collection</p>");
    h = render(TYPES[6], EN, 1, NULL);
    CHECK_HAS(h, "<th scope=\"col\">%</th>");
    CHECK_HAS(h, "<tr><th scope=\"row\">a</th><td>1</td><td>33.3%</td></tr>");
    CHECK_HAS(h, "<tr><th scope=\"row\">c</th><td>2</td><td>66.7%</td></tr>");
}

static void numbers_per_language(void)
{
    const char *vi = render(BAR, VI, 1, NULL), *en = render(BAR, EN, 1, NULL);
    CHECK_HAS(vi, "<td>1.234,5</td>");
    CHECK_HAS(vi, ">1.234,5</text>");
    CHECK_HAS(vi, "<p class=\"chart-source\">Nguồn: UN Treaty Collection</p>");
    CHECK_HAS(en, "<td>1,234.5</td>");
    CHECK_HAS(en, ">1,234.5</text>");
    /* H'Mông has no ICU data: its chain's Vietnamese format and word */
    const char *hmn = render(BAR, HMN, 2, NULL);
    CHECK_HAS(hmn, "<td>1.234,5</td>");
    CHECK_HAS(hmn, "Nguồn:");
    const char *pct = "type: bar\ntitle: T\nunits: \"%\"\n---\nk, v\na, 12.5\n";
    buf w = BUF_INIT;
    CHECK_HAS(render(pct, VI, 1, &w), "<td>12,5%</td>");
    CHECK_HAS(render(pct, EN, 1, &w), "<td>12.5%</td>");
    /* no description: built, with a warning */
    CHECK_HAS(w.data, "x.md:10:1: warning: chart 'T' has no description; add 'description:'");
    buf_release(&w);
}

static void contrast(void)
{
    CHECK(chart_contrast("#ffffff", "#000000") > 20.9);
    CHECK(chart_contrast("#777777", "#ffffff") > 4.4 && chart_contrast("#777777", "#ffffff") < 4.6);
    /* the built-in colours: 3:1 on the portal's light and dark backgrounds */
    const char *h = render(TYPES[8], EN, 1, NULL);
    for (const char *p = h; (p = strstr(p, "<rect width=\"8\" height=\"8\" fill=\"")); p++) {
        char col[8];
        memcpy(col, p + 33, 7);
        col[7] = 0;
        CHECK(chart_contrast(col, "#ffffff") >= 3 && chart_contrast(col, "#15171b") >= 3 &&
              chart_contrast(col, "#1d2026") >= 3);
    }
}

static void data_files(void)
{
    char *dir = t_tmpdir("chart-data");
    t_write(dir, "s.csv", "Province, Schools\nLai Châu, 3\n\"Bà Rịa – Vũng Tàu\", 4.5\n");
    t_write(dir, "s.yml",
            "- {province: Lai Châu, schools: 3}\n- {province: Quảng Nam, schools: 7}\n");
    t_write(dir, "empty.csv", "\n");
    t_write(dir, "bad.csv", "Province, Schools\nLai Châu, 3\nQuảng Nam, bảy\n");
    t_write(dir, "bad.yml", "- {province: Lai Châu, schools: 3}\n- {province: Quảng Nam}\n");
    struct chart c;
    struct chart_env env = env_for(VI, 1, dir);
    const char *b = "type: bar\ntitle: T\ndata: s.csv\n";
    CHECK_INT(chart_parse(&A, b, strlen(b), &env, &c), 0);
    CHECK_INT(c.n_rows, 2);
    CHECK_STR(c.labels[1], "Bà Rịa – Vũng Tàu");
    CHECK(c.v[1] == 4.5);
    b = "type: bar\ntitle: T\ndata: s.yml\n";
    CHECK_INT(chart_parse(&A, b, strlen(b), &env, &c), 0);
    CHECK_STR(c.head, "province");
    CHECK_STR(c.series[0], "schools");
    CHECK_STR(c.labels[1], "Quảng Nam");
    CHECK(c.v[1] == 7);
    buf d = BUF_INIT;
    diag_capture(&d);
    b = "type: bar\ntitle: T\ndata: bad.csv\n";
    CHECK_INT(chart_parse(&A, b, strlen(b), &env, &c), -1);
    b = "type: bar\ntitle: T\ndata: bad.yml\n";
    CHECK_INT(chart_parse(&A, b, strlen(b), &env, &c), -1);
    b = "type: bar\ntitle: T\ndata: empty.csv\n";
    CHECK_INT(chart_parse(&A, b, strlen(b), &env, &c), -1);
    b = "type: bar\ntitle: T\ndata: s.csv\n---\nk, v\na, 1\n";
    CHECK_INT(chart_parse(&A, b, strlen(b), &env, &c), -1);
    diag_capture(NULL);
    CHECK_HAS(d.data,
              "/bad.csv:3:12: error: chart: 'bảy' is not a number"); /* columns in characters */
    CHECK_HAS(d.data, "/bad.yml:2:3: error: chart data: row 2 has no value for 'schools'");
    CHECK_HAS(d.data, "x.md:12:7: error: chart: rows after '---' and 'data:' both given");
    CHECK_HAS(d.data, "/empty.csv:1:1: error: chart: no rows");
    buf_release(&d);
    t_tmpdir_done(dir);
}

/* Through md_render: positions are file positions, also in a list item;
 * XHTML output is well-formed; ids are unique in the page. */
static void in_markdown(void)
{
    const char *md =
        "Text.\n\n```chart\ntype: bar\ntitle: A\ndescription: d\n---\nk, v\na, 1\n```\n\n"
        "## Chart 2\n\n- item\n\n  ```chart\n  type: pie\n  title: B\n  description: d\n"
        "  ---\n  k, v\n  a, x\n  ```\n";
    struct md_opts o = {
        .file = "p.md", .line_offset = 3, .xhtml = 1, .lang_chain = VI, .n_lang_chain = 1};
    struct md_result r;
    buf d = BUF_INIT;
    diag_capture(&d);
    CHECK_INT(md_render(&A, md, strlen(md), &o, &r), -1);
    diag_capture(NULL);
    CHECK_HAS(d.data, "p.md:25:6: error: chart: 'x' is not a number");
    buf_release(&d);
    md = "```chart\ntype: bar\ntitle: A\ndescription: d\n---\nk, v\na, 1\n```\n\n## Chart 2\n\n"
         "```chart\ntype: line\ntitle: B\ndescription: d\n---\nk, v\na, 1\nb, 2\n```\n";
    CHECK_INT(md_render(&A, md, strlen(md), &o, &r), 0);
    CHECK_XML(r.html);
    CHECK_HAS(r.html, "id=\"chart-1\"");
    CHECK_HAS(r.html, "<h2 id=\"chart-2\">"); /* the heading came first */
    CHECK_HAS(r.html, "<figure class=\"chart chart-line\" id=\"chart-2-2\">");
    CHECK_NOT_HAS(r.html, "<pre>");
    CHECK_NOT_HAS(r.plain, "type: bar");
    CHECK_HAS(r.plain, "B\nd\n");    /* title and description are searchable text */
    /* other code blocks stay code */
    CHECK_INT(md_render(&A, "```charts\nx\n```\n", 16, &o, &r), 0);
    CHECK_HAS(r.html, "<pre><code class=\"language-charts\">x\n</code></pre>");
}

/* ---- whole builds ---------------------------------------------------------------------------- */

static const char *const PART =
    "---\ntitle: %s\nweight: 1\n---\n%s\n\n```chart\ntype: bar\ntitle: %s\ndescription: %s\n"
    "source: UN Treaty Collection\n---\nConvention, %s\nCEDAW, 3\nCAT, 31\nICCPR, 1234.5\n```\n";

static void site(const char *dir)
{
    t_write(dir, "content/site.yml",
            "title: T\nbase_url: https://x.test/\ndefault_language: vi\n"
            "languages:\n  vi: {name: Tiếng Việt}\n  en: {name: English}\n");
    t_write(dir, "content/mag/s/_index.md",
            "---\ntitle: Loạt bài\ntype: emagazine\ndate: 2023-12-10\n---\n");
    t_write(dir, "content/mag/s/_index.en.md",
            "---\ntitle: Series\ntype: emagazine\ndate: 2023-12-10\n---\n");
    buf b = BUF_INIT;
    buf_printf(&b, PART, "Phần một", "Số năm.", "Số năm",
               "Số năm từ khi thông qua đến khi gia nhập", "Năm");
    t_write(dir, "content/mag/s/a.md", b.data);
    buf_clear(&b);
    buf_printf(&b, PART, "Part one", "Years.", "Years", "Years from adoption to accession",
               "Years");
    t_write(dir, "content/mag/s/a.en.md", b.data);
    buf_release(&b);
}

static void end_to_end(void)
{
    char *dir = t_tmpdir("chart-build");
    site(dir);
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(&cmd,
               "SOURCE_DATE_EPOCH=1767225600 %s build --content %s/content --theme themes/portal "
               "--out %s/out --quiet 2>&1",
               t_loa(), dir, dir);
    if (!CHECK_INT_OK(t_run(cmd.data, &log), 0)) fprintf(stderr, "%s\n", log.data);
    buf page = BUF_INIT;
    char *vi = fs_join(dir, "out/mag/s/a/index.html"),
         *en = fs_join(dir, "out/en/mag/s/a/index.html");
    fs_read_file(vi, &page);
    CHECK_HAS(page.data, "<figure class=\"chart chart-bar chart-horizontal\" id=\"chart-1\">");
    CHECK_HAS(page.data, "<td>1.234,5</td>");
    CHECK_HAS(page.data, "Nguồn: UN Treaty Collection");
    buf_clear(&page);
    fs_read_file(en, &page);
    CHECK_HAS(page.data, "<td>1,234.5</td>");
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "sh tests/tools/check-html.sh %s/out 2>&1", dir);
    if (!CHECK_INT_OK(t_run(cmd.data, &log), 0)) fprintf(stderr, "%s\n", log.data);
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "sh tests/tools/epubcheck.sh %s/out 2>&1", dir);
    int r = t_run(cmd.data, &log);
    if (!CHECK_INT_OK(r, 0)) fprintf(stderr, "%s\n", log.data);
    CHECK_HAS(log.data, "epubcheck: 2 books checked");
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(
        &cmd,
        "cd %s/out && for f in $(find . -name '*.epub'); do unzip -p $f 'EPUB/chap-*.xhtml'; done",
        dir);
    t_run(cmd.data, &log);
    CHECK_HAS(log.data, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    CHECK_HAS(log.data, "<td>1.234,5</td>");
    free(vi);
    free(en);
    buf_release(&page);
    buf_release(&cmd);
    buf_release(&log);
    t_tmpdir_done(dir);
}

/* A broken chart fails the build, naming the file and the cell. */
static void build_error(void)
{
    char *dir = t_tmpdir("chart-bad");
    t_write(dir, "content/site.yml", "title: T\nbase_url: https://x.test/\n");
    t_write(dir, "content/a.md",
            "---\ntitle: A\n---\nText.\n\n```chart\ntype: bar\ntitle: T\n---\n"
            "k, v\na, 1\nb, two\n```\n");
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(&cmd,
               "%s build --content %s/content --theme themes/portal --out %s/out --quiet 2>&1",
               t_loa(), dir, dir);
    CHECK(t_run(cmd.data, &log) != 0);
    CHECK_HAS(log.data, "/content/a.md:12:4: error: chart: 'two' is not a number");
    buf_release(&cmd);
    buf_release(&log);
    t_tmpdir_done(dir);
}

void suite_chart(void)
{
    if (t_selected("chart/parse")) parse();
    if (t_selected("chart/errors")) errors();
    if (t_selected("chart/svg")) svg_well_formed();
    if (t_selected("chart/table")) table_matches_data();
    if (t_selected("chart/numbers")) numbers_per_language();
    if (t_selected("chart/contrast")) contrast();
    if (t_selected("chart/data")) data_files();
    if (t_selected("chart/markdown")) in_markdown();
    if (t_selected("chart/build")) end_to_end();
    if (t_selected("chart/build-error")) build_error();
    arena_release(&A);
}
