/* loa report and its pieces: periods, display-width columns, and every
 * output format on tests/cases/report, whose counts were made by hand:
 * in 2025-H1 there are 9 products (2 convention summaries, 3 stories,
 * 1 postcard, 2 e-magazine parts, 1 EPUB); 7 in Vietnamese, 1 English,
 * 1 Hmong, so 2 of 9 (22.2%) are in minority or foreign languages; a
 * draft, an undated page, an about page and pages dated 2024-12-31 and
 * 2025-07-01 are left out. */
#include "../test.h"
#include "../../generator/report/report.h"
#include "../../generator/report/textcol.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <stdlib.h>

#define FIXTURE "--content tests/cases/report/content --theme tests/cases/multilingual/theme"
#define EPOCH "SOURCE_DATE_EPOCH=1767225600 "

static void periods(void)
{
    arena a;
    arena_init(&a);
    const char *from = NULL, *to = NULL;
    CHECK_INT(report_period("2025-H1", &a, &from, &to), 0);
    CHECK_STR(from, "2025-01-01");
    CHECK_STR(to, "2025-06-30");
    CHECK_INT(report_period("2024-H2", &a, &from, &to), 0);
    CHECK_STR(from, "2024-07-01");
    CHECK_STR(to, "2024-12-31");
    CHECK_INT(report_period("2025", &a, &from, &to), 0);
    CHECK_STR(to, "2025-12-31");
    CHECK_INT(report_period("2024-Q1", &a, &from, &to), 0);
    CHECK_STR(to, "2024-03-31");
    CHECK_INT(report_period("2025-H3", &a, &from, &to), -1);
    CHECK_INT(report_period("2025-Q5", &a, &from, &to), -1);
    CHECK_INT(report_period("25", &a, &from, &to), -1);
    CHECK_INT(report_period("2025-06", &a, &from, &to), -1);
    CHECK(report_is_date("2024-02-29"));
    CHECK(!report_is_date("2025-02-29"));
    CHECK(!report_is_date("2025-13-01"));
    CHECK(!report_is_date("2025-1-01"));
    CHECK(!report_is_date("2025-01-01x"));
    arena_release(&a);
}

static void columns(void)
{
    buf b = BUF_INIT;
    CHECK_INT(textcol_width("Quyền con người"), 15);
    CHECK_INT(textcol_width("中文"), 4);
    /* cut between characters, never inside one, with an ellipsis */
    textcol_put(&b, "Quyền con người", 6);
    CHECK_STR(b.data, "Quyền\xe2\x80\xa6");
    buf_clear(&b);
    textcol_put(&b, "ab", 4);
    CHECK_STR(b.data, "ab  ");
    buf_clear(&b);
    /* a double-width character that does not fit is left out whole, and padded */
    textcol_put(&b, "a中文字", 4);
    CHECK_STR(b.data, "a中\xe2\x80\xa6");
    buf_clear(&b);
    textcol_put(&b, "中中中", 4);
    CHECK_STR(b.data, "中\xe2\x80\xa6 ");
    buf_clear(&b);
    textcol_put_right(&b, "7", 3);
    CHECK_STR(b.data, "  7");
    buf_release(&b);
}

/* Runs loa report on the fixture; returns the exit status and the output
 * (stdout and stderr) in out. */
static int run_report(const char *args, buf *out)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, EPOCH "%s report " FIXTURE " %s 2>&1", t_loa(), args);
    int r = t_run(cmd.data, out);
    buf_release(&cmd);
    return r;
}

static void text_counts(void)
{
    buf out = BUF_INIT;
    CHECK_INT(run_report("--period 2025-H1", &out), 0);
    CHECK_HAS(out.data, "Products published: Sở Tư pháp tỉnh Lai Châu\n");
    CHECK_HAS(out.data, "Period: 2025-H1 (2025-01-01 to 2025-06-30)\n");
    CHECK_HAS(out.data, "Products: 9\n");
    CHECK_HAS(out.data, "Minority and foreign languages: 2 of 9 (22.2%)\n");
    CHECK_HAS(out.data,
              "Target 15-20%: met: 22.2% is 2.2 points above the 20% top of the target\n");
    CHECK_HAS(out.data, "Left out: 1 page without a date\n");
    CHECK_HAS(
        out.data,
        "  Convention summary      2\n  Story                   3\n  Postcard                1\n"
        "  E-magazine part         2\n  EPUB                    1\n");
    CHECK_HAS(out.data, "  vi            7\n  en            1\n  hmn           1\n");
    CHECK_HAS(out.data, "  Phòng Tư pháp                 2\n");
    CHECK_HAS(out.data, "  Tam Đường      2\n");
    CHECK_HAS(out.data, "  2025-04      3\n");
    /* titles cut by display width at a character boundary, columns aligned */
    CHECK_HAS(out.data,
              "  2025-01-15  Story               vi    Trường học mới ở bản Bo, nơi trẻ em vùn…  "
              "tests/cases/report/content/stories/a.md\n");
    CHECK_HAS(out.data,
              "  vi    Tuyên ngôn 77 năm                                2  130 B (estimate)\n");
    CHECK_NOT_HAS(out.data, "Bản nháp");
    CHECK_NOT_HAS(out.data, "Giới thiệu");
    CHECK_NOT_HAS(out.data, "Cuối năm cũ");
    CHECK_NOT_HAS(out.data, "Đầu nửa năm sau");
    buf_clear(&out);
    /* --from/--to are inclusive; an open period takes undated pages too */
    CHECK_INT(run_report("--from 2024-12-31 --to 2025-01-15", &out), 0);
    CHECK_HAS(out.data, "Products: 2\n");
    CHECK_HAS(out.data, "Target 15-20%: not met: 0.0% is 15.0 points below the 15% minimum\n");
    buf_clear(&out);
    CHECK_INT(run_report("", &out), 0);
    CHECK_HAS(out.data, "Period: all dates\nProducts: 12\n");
    buf_clear(&out);
    CHECK_INT(run_report("--period 2030", &out), 0);
    CHECK_HAS(out.data, "Target 15-20%: not met: no products in this period\n");
    buf_release(&out);
}

static void csv_bytes(void)
{
    buf out = BUF_INIT;
    CHECK_INT(run_report("--period 2025-H1 --format csv", &out), 0);
    static const char head[] = "\xef\xbb\xbf"
                               "Report,Products published\r\n";
    CHECK(out.len > sizeof head && !memcmp(out.data, head, sizeof head - 1));
    size_t bare_lf = 0, lines = 0;
    for (size_t i = 0; i < out.len; i++)
        if (out.data[i] == '\n') {
            lines++;
            bare_lf += i == 0 || out.data[i - 1] != '\r';
        }
    CHECK_INT(bare_lf, 0);
    CHECK(lines > 40);
    CHECK_HAS(out.data, "\r\nShare (%),22.2\r\n");
    CHECK_HAS(out.data,
              "\r\nBy language group\r\nGroup,Count\r\nnational,7\r\nforeign,1\r\nminority,1\r\n");
    /* RFC 4180: a field with a comma or a quote is quoted, quotes doubled */
    CHECK_HAS(out.data,
              "2025-05-20,Story,vi,national,\"Đường mới, \"\"cầu\"\" mới\",/stories/b/,"
              "tests/cases/report/content/stories/b.md,Nguyễn Văn A,Lai Châu,Sìn Hồ,\r\n");
    CHECK_HAS(out.data, "\r\nvi,Tuyên ngôn 77 năm,2025-04-02,/vi/epub/s1.epub,2,130,estimate\r\n");
    buf_clear(&out);
    /* a text Excel would run as a formula gets a leading quote */
    char *d = t_tmpdir("report-formula");
    t_write(d, "content/site.yml", "theme: t\n");
    t_write(d, "content/s/a.md",
            "---\ntitle: '=1+1'\ntype: story\ndate: 2025-01-01\nunit: '@x'\n---\n");
    /* a poster is counted when there is one; an about page never */
    t_write(d, "content/p.md", "---\ntitle: Áp phích\ntype: poster\ndate: 2025-02-01\n---\n");
    t_write(d, "content/about.md", "---\ntitle: About\ndate: 2025-02-01\n---\n");
    t_write(d, "theme/layouts/_default/single.mustache", "x");
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s report --theme theme --format csv 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data,
              "\r\n2025-01-01,Story,vi,national,\"'=1+1\",/s/a/,content/s/a.md,\"'@x\",,,\r\n");
    CHECK_HAS(out.data, "\r\nProducts,2\r\n");
    CHECK_HAS(out.data, "\r\nEPUB,0\r\nPoster,1\r\n");
    CHECK_NOT_HAS(out.data, "About");
    t_tmpdir_done(d);
    buf_release(&cmd);
    buf_release(&out);
}

static void json_schema(void)
{
    char *d = t_tmpdir("report-json");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "--period 2025-H1 --format json --out %s/r.json", d);
    CHECK_INT(run_report(cmd.data, &out), 0);
    CHECK_INT(out.len, 0);
    buf_clear(&out);
    char *json = fs_join(d, "r.json");
    fs_read_file(json, &out);
    CHECK_HAS(
        out.data,
        "\"period\":\"2025-H1\",\"from\":\"2025-01-01\",\"to\":\"2025-06-30\",\"products\":9,"
        "\"minority_foreign\":2,\"share\":22.2,\"target\":{\"min\":15,\"max\":20,\"met\":true,");
    CHECK_HAS(out.data,
              "\"by_type\":[{\"key\":\"convention\",\"count\":2},{\"key\":\"story\",\"count\":3},");
    CHECK_HAS(out.data, "\"epubs\":[{\"slug\":\"s1\",\"language\":\"vi\",");
    buf_clear(&out);
    buf_clear(&cmd);
    buf_printf(&cmd,
               "/usr/bin/python3 tests/tools/check-json-schema.py docs/report.schema.json %s 2>&1",
               json);
    if (!CHECK_INT_OK(t_run(cmd.data, &out), 0)) fprintf(stderr, "%s", out.data);
    free(json);
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

static void html_page(void)
{
    char *d = t_tmpdir("report-html");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "--period 2025-H1 --format html --out %s/report.html", d);
    CHECK_INT(run_report(cmd.data, &out), 0);
    buf_clear(&out);
    char *html = fs_join(d, "report.html");
    fs_read_file(html, &out);
    CHECK_HAS(out.data,
              "<h1>Sở Tư pháp tỉnh Lai Châu</h1>\n<p class=\"period\">Products published: 2025-H1 "
              "(2025-01-01 to 2025-06-30)</p>");
    CHECK_HAS(out.data, "@page{size:A4;");
    /* content text is escaped */
    CHECK_HAS(out.data, "<td lang=\"vi\">&lt;Quyền&gt; &amp; bổn phận</td>");
    CHECK_NOT_HAS(out.data, "<Quyền>");
    buf_clear(&out);
    buf_clear(&cmd);
    buf_printf(&cmd, "sh tests/tools/check-html.sh %s 2>&1", d);
    if (!CHECK_INT_OK(t_run(cmd.data, &out), 0)) fprintf(stderr, "%s", out.data);
    free(html);
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

/* The workbook read back with openpyxl: one sheet per table, the counts,
 * Vietnamese intact; and two runs give the same bytes. */
static void xlsx_read_back(void)
{
    char *d = t_tmpdir("report-xlsx");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "--period 2025-H1 --format xlsx --out %s/r.xlsx", d);
    CHECK_INT(run_report(cmd.data, &out), 0);
    buf_clear(&cmd);
    buf_printf(&cmd, "--period 2025-H1 --format xlsx --out %s/r2.xlsx", d);
    CHECK_INT(run_report(cmd.data, &out), 0);
    CHECK_INT(out.len, 0);
    buf_clear(&cmd);
    buf_printf(&cmd, "cmp %s/r.xlsx %s/r2.xlsx 2>&1", d, d);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    buf_clear(&cmd);
    buf_printf(&cmd,
               "/usr/bin/python3 -c \"import openpyxl\n"
               "wb = openpyxl.load_workbook('%s/r.xlsx')\n"
               "print('|'.join(wb.sheetnames))\n"
               "for name in ('Summary', 'By type', 'By language group', 'Items', 'EPUBs'):\n"
               "    for row in wb[name].iter_rows(values_only=True):\n"
               "        print(name, row)\n\" 2>&1",
               d);
    buf_clear(&out);
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data,
              "Summary|By type|By language|By language group|By unit or author|By province|"
              "By district|By commune|By month|Items|EPUBs\n");
    CHECK_HAS(out.data, "Summary ('Agency', 'Sở Tư pháp tỉnh Lai Châu')\n");
    CHECK_HAS(out.data, "Summary ('Products', 9)\n");
    CHECK_HAS(out.data, "Summary ('Share (%)', 22.2)\n");
    CHECK_HAS(out.data, "By type ('Story', 3)\n");
    CHECK_HAS(out.data, "By language group ('minority', 1)\n");
    CHECK_HAS(out.data,
              "Items ('2025-03-01', 'Story', 'hmn', 'minority', 'Tsev kawm ntawv tshiab',");
    CHECK_HAS(out.data, "EPUBs ('vi', 'Tuyên ngôn 77 năm', '2025-04-02', '/vi/epub/s1.epub', 2, "
                        "130, 'estimate')\n");
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

/* The size of a built book is the file's; the report writes nothing. */
static void built_book_size(void)
{
    char *d = t_tmpdir("report-built");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd,
               "cp -R tests/cases/report/content %s/content && cd %s && mkdir -p output/vi/epub && "
               "printf 12345 > output/vi/epub/s1.epub && " EPOCH "%s report --content content "
               "--theme %s/tests/cases/multilingual/theme --format csv 2>&1 && find output | sort",
               d, d, t_loa(), getenv("PWD") ? getenv("PWD") : ".");
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, ",2,5,build\r\n");
    CHECK_HAS(out.data, "\r\noutput\noutput/vi\noutput/vi/epub\noutput/vi/epub/s1.epub\n");
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

static void exit_codes(void)
{
    buf out = BUF_INIT;
    CHECK_INT(run_report("--period 2025-H3", &out), 2);
    CHECK_HAS(out.data,
              "loa report: error: --period '2025-H3': use a year (2025), a half (2025-H1)");
    buf_clear(&out);
    CHECK_INT(run_report("--from 2025-02-30", &out), 2);
    CHECK_HAS(out.data, "--from '2025-02-30' is not a date (YYYY-MM-DD)");
    buf_clear(&out);
    CHECK_INT(run_report("--from 2025-03-01 --to 2025-01-01", &out), 2);
    CHECK_INT(run_report("--period 2025 --from 2025-01-01", &out), 2);
    CHECK_INT(run_report("--format xlsx", &out), 2);
    CHECK_INT(run_report("--format pdf", &out), 2);
    CHECK_INT(run_report("--bogus", &out), 2);
    CHECK_INT(run_report("--out", &out), 2);
    buf_clear(&out);
    /* --out makes no folders */
    char *d = t_tmpdir("report-bad");
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "--format csv --out %s/no/r.csv", d);
    CHECK_INT(run_report(cmd.data, &out), 1);
    CHECK_HAS(out.data, "/no/r.csv: error: cannot write the report: No such file or directory; "
                        "check that its folder exists and is writable [LOA-E0801]\n");
    buf_clear(&out);
    buf_clear(&cmd);
    buf_printf(&cmd, "--format xlsx --out %s/no/r.xlsx", d);
    CHECK_INT(run_report(cmd.data, &out), 1);
    CHECK_HAS(out.data, "/no/r.xlsx: error: cannot write the workbook: ");
    CHECK_HAS(out.data, " [LOA-E0802]\n");
    buf_clear(&out);
    buf_clear(&cmd);
    /* broken content is a content error: exit 1, with the file's position */
    t_write(d, "content/site.yml", "theme: t\n");
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2025-13-45\ntype: story\n---\n");
    t_write(d, "theme/layouts/_default/single.mustache", "x");
    buf_printf(&cmd, "cd %s && %s report --theme theme 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 1);
    CHECK_HAS(out.data, "content/a.md:3:");
    t_tmpdir_done(d);
    buf_release(&cmd);
    buf_clear(&out);
    CHECK_INT(run_report("--help", &out), 0);
    CHECK_HAS(out.data, "usage: loa report");
    buf_release(&out);
}

/* loa check --translations: titles cut by display width at a character
 * boundary (never inside a UTF-8 sequence), columns aligned, source paths
 * shown, and an error exits 1. */
static void translations(void)
{
    char *d = t_tmpdir("check-tr");
    t_write(d, "content/site.yml",
            "theme: t\nlanguages: {vi: {name: V}, en: {name: E}, hmn: {name: H, "
            "kind: minority}}\n");
    t_write(d, "content/s/a.md",
            "---\ntitle: Trường học mới ở bản Bo, nơi trẻ em vùng cao được học cả ngày\n"
            "---\n");
    t_write(d, "content/s/a.hmn.md", "---\ntitle: Tsev kawm ntawv\n---\n");
    t_write(d, "content/s/b.en.md",
            "---\ntitle: 中文标题中文标题中文标题中文标题中文标题中文标题\n---\n");
    t_write(d, "theme/layouts/_default/single.mustache", "x");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s check --translations --theme theme 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data,
              "\ns/\n  Title                                    vi      en      hmn     Source\n");
    CHECK_HAS(
        out.data,
        "  Trường học mới ở bản Bo, nơi trẻ em vùn… ok      missing ok      content/s/a.md\n");
    /* 2 columns a character: 19 of them and the ellipsis take 39 columns, a space pads the 40th */
    CHECK_HAS(
        out.data,
        "  中文标题中文标题中文标题中文标题中文标…  missing ok      missing content/s/b.en.md\n");
    buf_clear(&out);
    buf_clear(&cmd);
    buf_printf(&cmd, "cd %s && %s check --translations --theme theme --format json 2>&1", d,
               t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "\"languages\":{\"vi\":\"ok\",\"en\":\"missing\",\"hmn\":\"ok\"},"
                        "\"source\":\"content/s/a.md\"}");
    buf_clear(&out);
    buf_clear(&cmd);
    t_write(d, "content/s/c.md", "---\ntitle: C\ndate: 2025-02-31\n---\n");
    buf_printf(&cmd, "cd %s && %s check --translations --theme theme 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 1);
    CHECK_HAS(out.data, "content/s/c.md:3:");
    buf_clear(&out);
    buf_clear(&cmd);
    /* the check reads content only: a missing theme folder is no error */
    buf_printf(&cmd, "cd %s && rm content/s/c.md && %s check --translations 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_NOT_HAS(out.data, "theme folder");
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

void suite_report(void)
{
    periods();
    columns();
    text_counts();
    csv_bytes();
    json_schema();
    html_page();
    xlsx_read_back();
    built_book_size();
    exit_codes();
    translations();
}
