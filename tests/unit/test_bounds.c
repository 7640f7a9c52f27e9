/* Bounded inputs, dates and determinism (issue 10): every limit of
 * util/limits.h crossed once through a whole build, with the exact error;
 * the diagnostics cap; a full disk; undated feeds and books; site.year;
 * SOURCE_DATE_EPOCH; a file changed between the read and render stages. */
#include "../test.h"
#include "../../generator/site/site.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* A minimal site in dir: one dated page, a theme that prints the year. */
static void site_in(const char *dir)
{
    t_write(dir, "content/site.yml", "title: T\ntheme: t\nbase_url: https://x.test/\n");
    t_write(dir, "content/a.md", "---\ntitle: A\ndate: 2023-01-01\n---\nHello.\n");
    t_write(dir, "theme/layouts/_default/single.mustache",
            "<p>{{page.title}} {{site.year}}</p>{{{page.content}}}\n");
    t_write(dir, "theme/layouts/_default/list.mustache",
            "<ul>{{#pages}}<li>{{title}}</li>{{/pages}}</ul>\n");
}

/* Builds dir's site into dir/output; env goes before the command. */
static int build_env(const char *dir, const char *env, const char *extra, buf *log)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s %s build --content content --theme theme --out output --quiet "
               "--jobs 2 %s 2>&1", dir, env, t_loa(), extra ? extra : "");
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static int build(const char *dir, buf *log)
{
    return build_env(dir, "SOURCE_DATE_EPOCH=1767225600", NULL, log);
}

static char *slurp(const char *dir, const char *rel)
{
    char *p = fs_join(dir, rel);
    buf b = BUF_INIT;
    if (fs_read_file(p, &b) != 0) buf_puts(&b, "(missing)");
    free(p);
    return buf_detach(&b);
}

static void put_bytes(const char *dir, const char *rel, const buf *b)
{
    char *p = fs_join(dir, rel);
    CHECK_INT(fs_write_file(p, b->data, b->len), 0);
    free(p);
}

/* One build that must fail (exit 1) with msg in its log. */
static void expect_fail(const char *dir, const char *msg)
{
    buf log = BUF_INIT;
    int r = build(dir, &log);
    if (!CHECK_INT_OK(r, 1)) fprintf(stderr, "    log: %s\n", log.data);
    CHECK_HAS(log.data, msg);
    buf_release(&log);
}

/* --- sizes of content files --------------------------------------------------------- */

static void test_file_sizes(void)
{
    char *d = t_tmpdir("bounds-size");
    site_in(d);
    buf cmd = BUF_INIT;
    /* 50 MB of Markdown: refused before it is read */
    buf_printf(&cmd, "cd %s && printf -- '---\\ntitle: Big\\n---\\n' > content/big.md && "
               "truncate -s 50M content/big.md", d);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    expect_fail(d, "content/big.md: error: the file is 50.0 MiB, more than the limit of 8 MiB "
                "for a content file; split it into several pages");
    char *big = fs_join(d, "content/big.md");
    unlink(big);
    free(big);
    /* 600 KiB of front matter */
    buf b = BUF_INIT;
    buf_puts(&b, "---\ntitle: B\nnotes: \"");
    for (int i = 0; i < 600 * 1024 / 8; i++) buf_puts(&b, "notes.. ");
    buf_puts(&b, "\"\n---\nText.\n");
    put_bytes(d, "content/b.md", &b);
    expect_fail(d, "content/b.md:2:1: error: the front matter is 600 KiB, more than the limit of "
                "512 KiB; move long text into the body, or lists into content/data/");
    buf_release(&b);
    buf_release(&cmd);
    t_tmpdir_done(d);
}

/* --- Markdown pre-scan ------------------------------------------------------------- */

static void test_markdown_bounds(void)
{
    char *d = t_tmpdir("bounds-md");
    site_in(d);
    /* the 40,000-column row that took cmark-gfm 85 s; the 257th '|' is at column 513 */
    buf b = BUF_INIT;
    buf_puts(&b, "---\ntitle: Wide\n---\n");
    for (int i = 0; i < 40000; i++) buf_puts(&b, "|a");
    buf_puts(&b, "|\n");
    for (int i = 0; i < 40000; i++) buf_puts(&b, "|-");
    buf_puts(&b, "|\n");
    put_bytes(d, "content/wide.md", &b);
    expect_fail(d, "content/wide.md:4:513: error: more than 256 '|' on one line (table cells); "
                "split the table, or write the text without '|'");
    /* many narrow rows: the cells of the whole file */
    buf_clear(&b);
    buf_puts(&b, "---\ntitle: Long\n---\n");
    for (int r = 0; r < 1000; r++) {
        for (int i = 0; i < 200; i++) buf_puts(&b, "|a");
        buf_puts(&b, "|\n");
    }
    put_bytes(d, "content/wide.md", &b);
    expect_fail(d, "content/wide.md:501:207: error: more than 100000 '|' in this file (table "
                "cells); split the page or the table");
    /* one line of more than 1 MiB */
    buf_clear(&b);
    buf_puts(&b, "---\ntitle: Line\n---\n\n");
    for (int i = 0; i < (1 << 20) / 8 + 1; i++) buf_puts(&b, "abcdefg ");
    buf_puts(&b, "\n");
    put_bytes(d, "content/wide.md", &b);
    expect_fail(d, "content/wide.md:5:1: error: line is 1048584 bytes long, more than the limit "
                "of 1048576; break it into shorter lines");
    buf_release(&b);
    t_tmpdir_done(d);
}

/* --- template output ------------------------------------------------------------- */

/* p1 includes p2 ten times, ... p<depth> holds text. */
static void fan_out(const char *d, int depth, const char *leaf)
{
    buf b = BUF_INIT, name = BUF_INIT;
    for (int k = 1; k < depth; k++) {
        buf_clear(&b);
        for (int i = 0; i < 10; i++) buf_printf(&b, "{{>p%d}}", k + 1);
        buf_clear(&name);
        buf_printf(&name, "theme/partials/p%d.mustache", k);
        t_write(d, name.data, b.data);
    }
    buf_clear(&name);
    buf_printf(&name, "theme/partials/p%d.mustache", depth);
    t_write(d, name.data, leaf);
    t_write(d, "theme/layouts/_default/single.mustache", "<main>{{>p1}}</main>\n");
    buf_release(&b);
    buf_release(&name);
}

static void test_render_bounds(void)
{
    char *d = t_tmpdir("bounds-render");
    site_in(d);
    /* 10 per level, 8 deep, 200 bytes at the bottom: 2 GB if nothing stopped it */
    fan_out(d, 8, "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
            "tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis "
            "nostrud exercitation ullamco laboris.</p>\n");
    expect_fail(d, "for 'content/a.md' makes more than 32 MiB (the limit); partials or sections "
                "repeat each other too often, make them stop sooner");
    /* empty partials: no output, 10^9 tags */
    fan_out(d, 9, "");
    expect_fail(d, "for 'content/a.md' visits more than 20000000 template tags (the limit)");
    t_tmpdir_done(d);
}

/* --- images ---------------------------------------------------------------------- */

static void be32(buf *b, uint32_t v)
{
    for (int s = 24; s >= 0; s -= 8) buf_putc(b, (int)(v >> s & 0xff));
}

static void png(buf *b, uint32_t w, uint32_t h, int complete)
{
    buf_put(b, "\x89PNG\r\n\x1a\n", 8);
    be32(b, 13);
    buf_puts(b, "IHDR");
    be32(b, w);
    be32(b, h);
    buf_put(b, "\x08\x06\x00\x00\x00", 5);
    be32(b, 0);
    be32(b, complete ? 0 : 5000);
    buf_puts(b, complete ? "IEND" : "IDAT");
    be32(b, 0);
}

static void test_images(void)
{
    char *d = t_tmpdir("bounds-img");
    site_in(d);
    buf b = BUF_INIT;
    png(&b, 100000, 100000, 1);
    put_bytes(d, "content/huge.png", &b);
    buf_clear(&b);
    png(&b, 40, 30, 0);
    put_bytes(d, "content/cut.png", &b);
    buf_release(&b);
    t_write(d, "content/fake.jpg", "This is not a photo.\n");
    t_write(d, "content/wide.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" "
            "width=\"99999999999999999999\" height=\"10\"/>\n");
    t_write(d, "content/ok.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"5\" height=\"5\"/>\n");
    t_write(d, "content/b.md", "---\ntitle: B\nimage: fake.jpg\nimage_alt: A\n---\n"
            "![a](huge.png)\n\n![b](cut.png) ![c](wide.svg) ![d](ok.svg)\n");
    buf log = BUF_INIT;
    CHECK_INT(build(d, &log), 1);
    CHECK_HAS(log.data, "content/b.md:3:8: error: image 'fake.jpg' is not a PNG, JPEG, WebP, GIF "
              "or SVG file (or is corrupt); export it again in one of these formats");
    CHECK_HAS(log.data, "content/b.md:6:1: error: image 'huge.png' is 100000x100000 pixels (10000 "
              "megapixels), more than the limit of 100 megapixels; resize it");
    CHECK_HAS(log.data, "content/b.md:8:1: error: image 'cut.png' is a truncated PNG (it ends "
              "inside its 'IDAT' chunk); export it again");
    CHECK_HAS(log.data, "content/b.md:8:15: error: image 'wide.svg' is an SVG whose width is "
              "10,000,000 px or more");
    CHECK_NOT_HAS(log.data, "ok.svg");
    buf_release(&log);
    t_tmpdir_done(d);
}

/* --- diagnostics cap -------------------------------------------------------------- */

static void test_diag_cap(void)
{
    buf cap = BUF_INIT;
    diag_reset();
    diag_capture(&cap);
    for (int i = 0; i < 25; i++)
        diag_error(DIAG_FM_BAD_VALUE, "x.md", (unsigned)i + 1, 1, "same kind %d", i);
    diag_warn(DIAG_TEXT_NFC, "y.md", 1, 1, "another kind");
    diag_flush();
    diag_capture(NULL);
    CHECK_HAS(cap.data, "x.md:20:1: error: same kind 19 [LOA-E0208]\n");
    CHECK_NOT_HAS(cap.data, "x.md:21:1");
    CHECK_HAS(cap.data, "y.md:1:1: warning: another kind [LOA-W0503]\n");
    CHECK_HAS(cap.data, "loa: ... and 5 more errors like this one: same kind 0\n");
    CHECK_INT(diag_errors(), 25);
    /* flushed: the next messages of that kind print again */
    buf_clear(&cap);
    diag_capture(&cap);
    diag_error(DIAG_FM_BAD_VALUE, "x.md", 1, 1, "same kind %d", 0);
    diag_capture(NULL);
    CHECK_HAS(cap.data, "x.md:1:1: error: same kind 0");
    diag_reset();
    buf_release(&cap);
    /* through a build: 30 pages with a missing image */
    char *d = t_tmpdir("bounds-diag");
    site_in(d);
    buf name = BUF_INIT;
    for (int i = 0; i < 30; i++) {
        buf_clear(&name);
        buf_printf(&name, "content/p%02d.md", i);
        t_write(d, name.data, "---\ntitle: P\n---\n![x](missing.png)\n");
    }
    buf log = BUF_INIT;
    CHECK_INT(build(d, &log), 1);
    CHECK_HAS(log.data, "loa: ... and 10 more errors like this one: image 'missing.png' does not "
              "exist");
    CHECK_HAS(log.data, "loa: build failed with 30 errors");
    size_t lines = 0;
    for (const char *p = log.data; (p = strstr(p, "error: image 'missing.png'")); p++) lines++;
    CHECK_INT(lines, 20);
    buf_release(&log);
    buf_release(&name);
    t_tmpdir_done(d);
}

/* --- a full disk ---------------------------------------------------------------- */

/* opts: the tmpfs mount options (bytes, or file entries); what: the words
 * the message must have. */
static void disk_full(const char *opts, const char *what)
{
    char *d = t_tmpdir("bounds-disk");
    site_in(d);
    buf cmd = BUF_INIT, log = BUF_INIT, page = BUF_INIT;
    /* the disk holds the output folder and the staging folder beside it */
    buf_printf(&cmd, "mkdir -p %s/disk && mount -t tmpfs -o %s tmpfs %s/disk 2>&1", d, opts, d);
    if (getuid() != 0 || t_run(cmd.data, NULL) != 0) {
        fprintf(stderr, "SKIP [bounds] full disk: needs root and a tmpfs mount\n");
        t_skipped++;
        buf_release(&cmd);
        t_tmpdir_done(d);
        return;
    }
    buf_puts(&page, "---\ntitle: P\n---\n");
    for (int i = 0; i < 200; i++) buf_puts(&page, "Text that fills the disk quickly. ");
    buf name = BUF_INIT;
    for (int i = 0; i < 100; i++) {
        buf_clear(&name);
        buf_printf(&name, "content/p%03d.md", i);
        put_bytes(d, name.data, &page);
    }
    int r = build_env(d, "SOURCE_DATE_EPOCH=1767225600", "--out disk/output", &log);
    buf_clear(&cmd);
    buf_printf(&cmd, "umount %s/disk", d);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    CHECK_INT(r, 1);
    CHECK_HAS(log.data, "error: the disk is full (No space left on device; ");
    CHECK_HAS(log.data, what);
    CHECK_HAS(log.data, "free some space or pass --out with a folder on another disk, then build "
              "again; nothing more is written");
    size_t lines = 0;
    for (const char *p = log.data; (p = strstr(p, "error:")); p++) lines++;
    if (!CHECK(lines <= 2)) fprintf(stderr, "    log: %.3000s\n", log.data);
    buf_release(&name);
    buf_release(&page);
    buf_release(&log);
    buf_release(&cmd);
    t_tmpdir_done(d);
}

/* Out of bytes, and out of file entries: a tmpfs has a fixed number of
 * inodes, and a site of a million pages needs two per page.  Either way:
 * one message, the build stops writing, the old site stays. */
static void test_disk_full(void)
{
    disk_full("size=64k", "KiB free) while writing");
    disk_full("size=8m,nr_inodes=40", "no file entries (inodes) left");
}

/* --- dates ------------------------------------------------------------------------ */

static void undated_site(const char *d)
{
    site_in(d);
    t_write(d, "content/a.md", "---\ntitle: A\n---\nUndated.\n");
    t_write(d, "content/mag/_index.md", "---\ntitle: Mag\ntype: emagazine\n---\nSeries.\n");
    t_write(d, "content/mag/one.md", "---\ntitle: One\nweight: 1\n---\nPart one.\n");
    t_write(d, "content/mag/two.md", "---\ntitle: Two\nweight: 2\n---\nPart two.\n");
}

static void test_undated(void)
{
    char *d = t_tmpdir("bounds-undated");
    undated_site(d);
    buf cmd = BUF_INIT, log = BUF_INIT, opf = BUF_INIT;
    /* no SOURCE_DATE_EPOCH: the newest content file's time, 2024-03-05 */
    buf_printf(&cmd, "cd %s && find content -type f -exec touch -d '2024-03-05 10:00:00 UTC' {} + "
               "&& touch -d '2021-01-01 UTC' content/site.yml", d);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    if (!CHECK_INT_OK(build_env(d, "env -u SOURCE_DATE_EPOCH", NULL, &log), 0))
        fprintf(stderr, "    log: %s\n", log.data);
    char *atom = slurp(d, "output/atom.xml"), *rss = slurp(d, "output/index.xml");
    char *sec = slurp(d, "output/mag/atom.xml"), *page = slurp(d, "output/a/index.html");
    CHECK_HAS(atom, "<updated>2024-03-05T10:00:00Z</updated>");
    CHECK_NOT_HAS(atom, "1970");
    CHECK_NOT_HAS(sec, "1970");
    CHECK_NOT_HAS(rss, "1970");
    CHECK_NOT_HAS(rss, "lastBuildDate");
    CHECK_NOT_HAS(rss, "pubDate");
    CHECK_HAS(page, "A 2024</p>");
    buf_clear(&cmd);
    buf_printf(&cmd, "cd %s && unzip -p $(find output -name '*.epub') '*.opf'", d);
    t_run(cmd.data, &opf);
    CHECK_HAS(opf.data, "<meta property=\"dcterms:modified\">2024-03-05T10:00:00Z</meta>");
    /* SOURCE_DATE_EPOCH wins: 2026-01-01 */
    buf_clear(&log);
    CHECK_INT(build(d, &log), 0);
    free(atom);
    atom = slurp(d, "output/atom.xml");
    CHECK_HAS(atom, "<updated>2026-01-01T00:00:00Z</updated>");
    buf_clear(&opf);
    t_run(cmd.data, &opf);
    CHECK_HAS(opf.data, "<meta property=\"dcterms:modified\">2026-01-01T00:00:00Z</meta>");
    free(atom); free(rss); free(sec); free(page);
    buf_release(&cmd); buf_release(&log); buf_release(&opf);
    t_tmpdir_done(d);
}

/* The demo without SOURCE_DATE_EPOCH: its conventions are undated, and
 * its book and feeds said 1970-01-01. */
static void test_demo_dates(void)
{
    char *d = t_tmpdir("bounds-demo");
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(&cmd, "env -u SOURCE_DATE_EPOCH %s build --quiet --out %s/out 2>&1", t_loa(), d);
    CHECK_INT(t_run(cmd.data, &log), 0);
    buf_clear(&cmd);
    buf_clear(&log);
    buf_printf(&cmd, "cd %s/out && for b in $(find . -name '*.epub' | sort); do "
               "unzip -p $b '*.opf' | grep -o 'dcterms:modified\">[^<]*'; done; "
               "grep -rl 1970-01-01 --include='*.xml' .; "
               "grep -rl 'Thu, 01 Jan 1970' --include='*.xml' .", d);
    t_run(cmd.data, &log);
    CHECK_HAS(log.data, "dcterms:modified\">20");
    CHECK_NOT_HAS(log.data, "1970");
    buf_release(&cmd);
    buf_release(&log);
    t_tmpdir_done(d);
}

static void test_year(void)
{
    char *d = t_tmpdir("bounds-year");
    site_in(d);
    t_write(d, "content/b.md", "---\ntitle: B\ndate: 2022-05-01\nlastmod: 2024-12-31\n---\nB.\n");
    buf log = BUF_INIT;
    /* the newest content date, whatever the clock says */
    CHECK_INT(build_env(d, "env -u SOURCE_DATE_EPOCH", NULL, &log), 0);
    char *a = slurp(d, "output/a/index.html");
    CHECK_HAS(a, "A 2024</p>");
    free(a);
    CHECK_INT(build_env(d, "SOURCE_DATE_EPOCH=1767225600", NULL, &log), 0);
    a = slurp(d, "output/a/index.html");
    CHECK_HAS(a, "A 2026</p>");
    free(a);
    buf_release(&log);
    t_tmpdir_done(d);
}

static void test_bad_epoch(void)
{
    static const char *const bad[] = {"9223372036854775807", "-1", "abc", "1e9", "",
                                      "253402300800", "12 ", "0x10"};
    char *d = t_tmpdir("bounds-epoch");
    site_in(d);
    buf env = BUF_INIT, log = BUF_INIT;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (!*bad[i]) continue;   /* empty: unset, the clock */
        buf_clear(&env);
        buf_clear(&log);
        buf_printf(&env, "SOURCE_DATE_EPOCH='%s'", bad[i]);
        CHECK_INT(build_env(d, env.data, NULL, &log), 2);
        CHECK_HAS(log.data, "is not a time loa can use; give whole seconds since 1970-01-01 UTC, "
                  "from 0 to 253402300799 (9999-12-31), or unset it");
    }
    buf_clear(&log);
    CHECK_INT(build_env(d, "SOURCE_DATE_EPOCH=253402300799", NULL, &log), 0);
    char *a = slurp(d, "output/a/index.html");
    CHECK_HAS(a, "A 9999</p>");
    free(a);
    buf_release(&env);
    buf_release(&log);
    t_tmpdir_done(d);
}

/* --- a file that changes between the read and render stages ----------------------- */

static void test_changed(void)
{
    char *d = t_tmpdir("bounds-changed");
    char *p = fs_join(d, "x.md");
    buf text = BUF_INIT, cap = BUF_INIT;
    t_write(d, "x.md", "---\ntitle: X\n---\nClean text.\n");
    int clean = 0;
    unsigned long long hash = 0, size = 0;
    CHECK_INT(site_load_text(p, &text, 1, &clean, &hash, &size), 0);
    CHECK(clean == 1 && hash != 0);
    CHECK_INT((int)size, 29);
    /* the same bytes: accepted again without the checks, read in one call */
    CHECK_INT(site_load_text(p, &text, 0, &clean, &hash, &size), 0);
    CHECK_HAS(text.data, "Clean text.");
    CHECK_INT((int)text.len, 29);
    /* longer or shorter since: read whole, and the hash tells */
    const char *other[] = {"---\ntitle: X\n---\nClean text.\nMore.\n", "---\ntitle: X\n---\n"};
    for (size_t i = 0; i < 2; i++) {
        t_write(d, "x.md", other[i]);
        unsigned long long h2 = hash, s2 = size;
        int c2 = clean;
        diag_reset();
        diag_capture(&cap);
        CHECK_INT(site_load_text(p, &text, 0, &c2, &h2, &s2), -1);
        diag_capture(NULL);
        CHECK_HAS(cap.data, "the file changed during the build");
        CHECK_INT((int)s2, (int)strlen(other[i]));
        buf_clear(&cap);
    }
    diag_reset();
    /* an editor saves invalid UTF-8 of the same length in between */
    t_write(d, "x.md", "---\ntitle: X\n---\nClean t\xff\xfet.\n");
    diag_reset();
    diag_capture(&cap);
    CHECK_INT(site_load_text(p, &text, 0, &clean, &hash, &size), -1);
    diag_capture(NULL);
    CHECK_HAS(cap.data, "x.md: error: the file changed during the build; build again");
    CHECK_INT(diag_errors(), 1);
    diag_reset();
    buf_release(&text);
    buf_release(&cap);
    free(p);
    t_tmpdir_done(d);
}

void suite_bounds(void)
{
    test_file_sizes();
    test_markdown_bounds();
    test_render_bounds();
    test_images();
    test_diag_cap();
    test_disk_full();
    test_undated();
    test_demo_dates();
    test_year();
    test_bad_epoch();
    test_changed();
}
