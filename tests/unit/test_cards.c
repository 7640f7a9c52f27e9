/* cards: share images, square postcards, posters and QR codes drawn at
 * build time (generator/cards/).  Checked from the outside, the way a
 * fanpage or a print shop sees them: sizes from the PNG header, text read
 * back by OCR (tesseract, Vietnamese), QR codes decoded by zbarimg, PDF
 * posters through pdfinfo and pdftotext; then determinism, the cache, and
 * the errors for slogans, fonts and scripts. */
#include "../test.h"
#include "../../generator/cards/card_layout.h"
#include "../../generator/cards/card_qr.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"
#include "../../generator/util/image.h"

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SLOGAN "Quyền con người là của tất cả mọi người"

static const char *const site_yml =
    "title: Cổng thông tin Quyền con người\nbase_url: https://qcn.example.gov.vn/\n"
    "publisher: Sở Tư pháp tỉnh Lai Châu\ndefault_language: vi\n"
    "languages:\n  vi: {name: Tiếng Việt}\n  en: {name: English, title: Human Rights Portal}\n";

static const char *const postcard_md =
    "---\ntitle: Bưu thiếp\ntype: postcard\ndate: 2023-12-10\n"
    "slogan: \"" SLOGAN "\"\nhashtags: [NhanQuyen, UDHR75]\n---\nText.\n";

/* A small theme: the default layout prints what the cards stage hands to
 * templates, so the checks read plain lines. */
static void theme(const char *d, const char *postcard_yml)
{
    t_write(d, "theme/postcard.yml", postcard_yml);
    t_write(d, "theme/layouts/_default/single.mustache",
            "{{#page.og.image}}og={{permalink}} {{width}}x{{height}} {{type}} "
            "alt={{alt}}\n{{/page.og.image}}"
            "{{#page.card}}square={{square.url}} {{square.size_human}}\n"
            "{{#posters}}poster={{url}} {{paper}}\n{{/posters}}{{/page.card}}"
            "{{#page.qr}}qr={{url}}\n{{/page.qr}}");
    t_write(d, "theme/layouts/_default/list.mustache",
            "{{#page.og.image}}og={{permalink}} {{width}}x{{height}}\n{{/page.og.image}}");
}

static void site(const char *d)
{
    t_write(d, "content/site.yml", site_yml);
    t_write(d, "content/_index.md", "---\ntitle: Trang chủ\n---\n");
    t_write(d, "content/postcards/quyen/index.md", postcard_md);
    t_write(d, "content/postcards/quyen/index.en.md",
            "---\ntitle: Postcard\ntype: postcard\nslogan: Human rights belong to "
            "everyone\n---\nText.\n");
    t_write(d, "content/stories/ban-muong.md",
            "---\ntitle: Bản Mường có đường mới\ndate: 2024-01-15\n---\nX.\n");
}

/* A PNG from the repository, as a postcard's background. */
static void background(const char *d, const char *rel)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cp content/conventions/cover.png %s/%s", d, rel);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    buf_release(&cmd);
}

/* The same picture as a JPEG, written with gdk-pixbuf. */
static void jpeg(const char *d, const char *rel)
{
    GdkPixbuf *pb = gdk_pixbuf_new_from_file("content/conventions/cover.png", NULL);
    char *p = fs_join(d, rel);
    CHECK(pb && gdk_pixbuf_save(pb, p, "jpeg", NULL, "quality", "95", NULL));
    if (pb) g_object_unref(pb);
    free(p);
}

static int build(const char *d, const char *extra, buf *log)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd,
               "cd %s && SOURCE_DATE_EPOCH=1735689600 %s build --content content --theme theme "
               "--out %s --quiet 2>&1",
               d, t_loa(), extra ? extra : "output");
    if (log) buf_clear(log);
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static char *read_out(const char *d, const char *rel)
{
    char *p = fs_join(d, rel);
    buf b = BUF_INIT;
    fs_read_file(p, &b);
    free(p);
    return buf_detach(&b);
}

static void png_size(const char *d, const char *rel, unsigned w, unsigned h)
{
    char *p = fs_join(d, rel);
    struct image_info im = {0};
    CHECK_INT(image_probe(p, &im), 0);
    CHECK_STR(im.media_type ? im.media_type : "", "image/png");
    CHECK_INT(im.width, w);
    CHECK_INT(im.height, h);
    free(p);
}

/* The colour of one pixel of a PNG, 0xRRGGBB, or -1. */
static long pixel(const char *d, const char *rel, int x, int y)
{
    char *p = fs_join(d, rel);
    cairo_surface_t *img = cairo_image_surface_create_from_png(p);
    free(p);
    long c = -1;
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
        const unsigned char *row =
            cairo_image_surface_get_data(img) + y * cairo_image_surface_get_stride(img);
        c = (long)(*(const uint32_t *)(row + 4 * x) & 0xFFFFFF);
    }
    cairo_surface_destroy(img);
    return c;
}

/* Colours equal within rounding. */
static int near(long a, long b)
{
    for (int sh = 0; sh < 24; sh += 8)
        if (labs(((a >> sh) & 0xFF) - ((b >> sh) & 0xFF)) > 6) return 0;
    return a >= 0;
}

/* Runs a tool on an output file; its output in out. */
static int tool(const char *d, const char *fmt, const char *rel, buf *out)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && ", d);
    buf_printf(&cmd, fmt, rel);
    buf_clear(out);
    int r = t_run(cmd.data, out);
    buf_release(&cmd);
    return r;
}

static void files_and_metadata(const char *d)
{
    png_size(d, "output/postcards/quyen/share-card.png", 1200, 630);
    png_size(d, "output/postcards/quyen/square-card.png", 1080, 1080);
    png_size(d, "output/en/postcards/quyen/share-card.png", 1200, 630);
    png_size(d, "output/stories/ban-muong/share-card.png", 1200, 630);
    png_size(d, "output/share-card.png", 1200, 630);
    png_size(d, "output/stories/dai/share-card.png", 1200, 630);
    char *html = read_out(d, "output/postcards/quyen/index.html");
    CHECK_HAS(html,
              "og=https://qcn.example.gov.vn/postcards/quyen/share-card.png 1200x630 image/png "
              "alt=" SLOGAN);
    CHECK_HAS(html, "square=/postcards/quyen/square-card.png ");
    CHECK_HAS(html, "poster=/postcards/quyen/poster-a4.pdf A4");
    CHECK_HAS(html, "poster=/postcards/quyen/poster-a3.pdf A3");
    CHECK_HAS(html, "qr=/postcards/quyen/qr.svg");
    free(html);
    /* a page without an image of its own gets a title card, listings the site's */
    html = read_out(d, "output/stories/ban-muong/index.html");
    CHECK_HAS(html,
              "og=https://qcn.example.gov.vn/stories/ban-muong/share-card.png 1200x630 image/png "
              "alt=Bản Mường có đường mới");
    free(html);
    html = read_out(d, "output/stories/index.html");
    CHECK_HAS(html, "og=https://qcn.example.gov.vn/share-card.png 1200x630");
    free(html);
    html = read_out(d, "output/en/index.html");
    CHECK_HAS(html, "og=https://qcn.example.gov.vn/en/share-card.png 1200x630");
    free(html);
}

/* The text is really there, stacked diacritics included. */
static void ocr(const char *d)
{
    buf out = BUF_INIT;
    if (!CHECK_INT_OK(tool(d, "OMP_THREAD_LIMIT=1 tesseract %s - -l vie 2>/dev/null",
                           "output/postcards/quyen/share-card.png", &out),
                      0))
        return;
    static const char *const words[] = {"Quyền", "người",      "tất",
                                        "mọi",   "#NhanQuyen", "tháng 12 năm 2023"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) CHECK_HAS(out.data, words[i]);
    tool(d, "OMP_THREAD_LIMIT=1 tesseract %s - -l vie 2>/dev/null", "output/stories/ban-muong/share-card.png", &out);
    CHECK_HAS(out.data, "Bản Mường");
    CHECK_HAS(out.data, "đường mới");
    buf_release(&out);
}

static void qr_codes(const char *d)
{
    buf out = BUF_INIT;
    CHECK_INT(
        tool(d, "zbarimg -q --raw %s 2>/dev/null", "output/postcards/quyen/square-card.png", &out),
        0);
    CHECK_STR(out.data, "https://qcn.example.gov.vn/postcards/quyen/\n");
    CHECK_INT(tool(d, "zbarimg -q --raw %s 2>/dev/null",
                   "output/en/postcards/quyen/square-card.png", &out),
              0);
    CHECK_STR(out.data, "https://qcn.example.gov.vn/en/postcards/quyen/\n");
    /* the SVG, rasterised by the PDF poster's twin: decode the A4 poster */
    CHECK_INT(tool(d,
                   "pdftoppm -r 100 -png %s /tmp/loa-qr-$$ && zbarimg -q --raw "
                   "/tmp/loa-qr-$$-1.png 2>/dev/null; "
                   "rm -f /tmp/loa-qr-$$-1.png",
                   "output/postcards/quyen/poster-a4.pdf", &out),
              0);
    CHECK_STR(out.data, "https://qcn.example.gov.vn/postcards/quyen/\n");
    char *svg = read_out(d, "output/postcards/quyen/qr.svg");
    CHECK_HAS(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    CHECK_HAS(svg, "<title>QR: https://qcn.example.gov.vn/postcards/quyen/</title>");
    free(svg);
    buf_release(&out);
}

static void posters(const char *d)
{
    buf out = BUF_INIT;
    CHECK_INT(tool(d, "pdfinfo %s", "output/postcards/quyen/poster-a4.pdf", &out), 0);
    CHECK_HAS(out.data, "Page size:       595.276 x 841.89 pts (A4)");
    CHECK_HAS(out.data, "CreationDate:    Wed Jan  1 00:00:00 2025 UTC");
    CHECK_INT(tool(d, "pdfinfo %s", "output/postcards/quyen/poster-a3.pdf", &out), 0);
    CHECK_HAS(out.data, "Page size:       841.89 x 1190.55 pts (A3)");
    CHECK_INT(tool(d, "pdffonts %s", "output/postcards/quyen/poster-a3.pdf", &out), 0);
    CHECK_HAS(out.data, "NotoSans-Bold");
    CHECK_NOT_HAS(out.data, " no  "); /* every font embedded */
    CHECK_INT(
        tool(d, "pdftotext %s - | tr '\\n' ' '", "output/postcards/quyen/poster-a4.pdf", &out), 0);
    CHECK_HAS(out.data, "Quyền con người");
    CHECK_HAS(out.data, "mọi người");
    CHECK_HAS(out.data, "Sở Tư pháp tỉnh Lai Châu");
    /* a postcard drawn over its own photo, cropped to fill */
    png_size(d, "output/postcards/anh/share-card.png", 1200, 630);
    png_size(d, "output/postcards/anh/square-card.png", 1080, 1080);
    CHECK(near(pixel(d, "output/postcards/quyen/share-card.png", 1150, 20),
               0x9e1b1f)); /* theme colour */
    CHECK(near(pixel(d, "output/postcards/anh/share-card.png", 1150, 20),
               0x3f0b0c)); /* photo, scrim */
    CHECK(near(pixel(d, "output/postcards/jpeg/share-card.png", 1150, 20), 0x3f0b0c)); /* JPEG */
    buf_release(&out);
}

static size_t cache_entries(const char *d)
{
    buf out = BUF_INIT;
    tool(d, "find %s -type f | wc -l", ".loa-cache", &out);
    size_t n = (size_t)atol(out.data);
    buf_release(&out);
    return n;
}

/* When a build from the cache differs from the first build: which inodes
 * the two files are (a poster is a hard link to its cache entry), how many
 * bytes differ and where, and the build's own messages, so a rare failure
 * in CI says what happened. */
static void explain_difference(const char *d, const buf *log)
{
    buf out = BUF_INIT;
    tool(d, "diff -rq output again | while read -r _ a _ b _; do ls -li \"$a\" \"$b\"; "
            "cmp -l \"$a\" \"$b\" | wc -l; cmp \"$a\" \"$b\"; done; "
            "find .loa-cache -name '*.pdf' -printf '%%i %%s %%p\\n'%s", "", &out);
    fprintf(stderr, "build log:\n%s\ndifferences:\n%s\n", log->data ? log->data : "", out.data);
    buf_release(&out);
}

/* Two builds give the same bytes, from the cache or drawn afresh; only
 * what changed is redrawn. */
static void determinism_and_cache(const char *d)
{
    buf log = BUF_INIT, out = BUF_INIT;
    size_t n = cache_entries(d);
    CHECK(n >= 10);
    CHECK_INT(build(d, "again", &log), 0);
    CHECK_INT(cache_entries(d), n);
    if (!CHECK_INT_OK(tool(d, "diff -r output %s && echo same", "again", &out), 0))
        explain_difference(d, &log);
    CHECK_STR(out.data, "same\n");
    CHECK_INT(tool(d, "rm -rf .loa-cache again && %s", "true", &out), 0);
    CHECK_INT(build(d, "again", &log), 0);
    CHECK_INT(tool(d, "diff -r output %s && echo same", "again", &out), 0);
    CHECK_STR(out.data, "same\n");
    CHECK_INT(cache_entries(d), n);
    /* two builds at once on an empty cache: each writes its own temporary entry, then renames */
    buf cmd = BUF_INIT;
    buf_printf(
        &cmd,
        "rm -rf .loa-cache p1 p2 && for o in p1 p2; do SOURCE_DATE_EPOCH=1735689600 %s build "
        "--content content --theme theme --out $o --quiet & done; wait; diff -r p1 output && "
        "diff -r p2 output && echo same",
        t_loa());
    CHECK_INT(tool(d, "%s", cmd.data, &out), 0);
    CHECK_STR(out.data, "same\n");
    CHECK_INT(cache_entries(d), n);
    buf_release(&cmd);
    t_write(d, "content/postcards/quyen/index.md",
            "---\ntitle: Bưu thiếp\ntype: postcard\ndate: 2023-12-10\n"
            "slogan: Quyền con người\n---\nText.\n");
    CHECK_INT(build(d, "again", &log), 0);
    CHECK_INT(cache_entries(d), n + 4); /* share, square, two posters of the one postcard */
    CHECK_INT(tool(d, "ls .loa-cache/cards/*/ | grep -c tmp; %s", "true", &out), 0);
    CHECK_STR(out.data, "0\n");
    buf_release(&log);
    buf_release(&out);
}

static void drawn(void)
{
    char *d = t_tmpdir("cards");
    site(d);
    theme(d, "fonts: {default: Noto Sans}\nlogo: logo.svg\nqr: {pages: true}\n");
    t_write(d, "theme/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"
            "<circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"#f2c14e\"/></svg>\n");
    t_write(d, "content/postcards/anh/index.md",
            "---\ntitle: Ảnh\ntype: postcard\nimage: bg.png\n"
            "focal: [0.5, 0.2]\nslogan: Ảnh nền của bưu thiếp\n---\n");
    background(d, "content/postcards/anh/bg.png");
    t_write(d, "content/postcards/jpeg/index.md", "---\ntitle: JPEG\ntype: postcard\nimage: bg.jpg\n"
            "focal: [0.5, 0.2]\nslogan: Ảnh nền của bưu thiếp\n---\n");
    jpeg(d, "content/postcards/jpeg/bg.jpg");
    /* a title too long for its card is cut with an ellipsis, not an error */
    t_write(d, "content/stories/dai.md", "---\ntitle: \"Câu chuyện rất dài về quyền con người ở "
            "các xã vùng cao, nơi đồng bào các dân tộc thiểu số cùng nhau giữ rừng, mở đường, dựng "
            "trường học và trạm y tế, để mọi trẻ em đều được đến trường và mọi người dân đều được "
            "chăm sóc sức khỏe, đúng như tinh thần của Tuyên ngôn Quốc tế Nhân quyền\"\n---\nX.\n");
    buf log = BUF_INIT;
    if (CHECK_INT_OK(build(d, NULL, &log), 0)) {
        files_and_metadata(d);
        ocr(d);
        qr_codes(d);
        posters(d);
        determinism_and_cache(d);
    } else {
        fprintf(stderr, "%s\n", log.data);
    }
    buf_release(&log);
    if (getenv("LOA_KEEP")) return;
    CHECK_INT(t_tmpdir_done(d), 0);
}

/* A build that must fail with msg, leaving no output. */
static void fails(const char *tag, const char *postcard_yml, const char *file, const char *text,
                  const char *msg)
{
    char *d = t_tmpdir(tag);
    site(d);
    theme(d, postcard_yml);
    if (file) t_write(d, file, text);
    background(d, "content/postcards/quyen/bg.png");
    buf log = BUF_INIT;
    int r = build(d, NULL, &log);
    if (!CHECK_INT_OK(r, 1)) fprintf(stderr, "[%s]\n%s\n", tag, log.data);
    CHECK_HAS(log.data, msg);
    char *out = fs_join(d, "output/index.html");
    CHECK(!fs_exists(out));
    free(out);
    buf_release(&log);
    CHECK_INT(t_tmpdir_done(d), 0);
}

static void errors(void)
{
    fails("long", "slogan: {max_size: 0.12, min_size: 0.1}\n", "content/postcards/long/index.md",
          "---\ntitle: Dài\ntype: postcard\nslogan: \"Mọi người sinh ra đều được tự do và bình "
          "đẳng về "
          "nhân phẩm và quyền lợi. Mọi con người đều được tạo hóa ban cho lý trí và lương tâm, và "
          "cần "
          "phải đối xử với nhau trong tình anh em.\"\n---\n",
          "content/postcards/long/index.md:4:9: error: slogan does not fit on the share image "
          "(1200x630) "
          "even at its smallest size; shorten it, or lower slogan: min_size in theme/postcard.yml");
    fails(
        "nofont", "fonts:\n  default: Noto Sans\n  en: No Such Family\n", NULL, NULL,
        "theme/postcard.yml:3:7: error: font 'No Such Family' for language 'en' is not installed");
    /* a language whose script the font cannot draw (fontconfig knows Thai's letters) */
    fails("script", "fonts: {default: Noto Sans}\n", "content/site.yml",
          "title: T\nbase_url: https://x.test/\nlanguages:\n  vi: {name: Tiếng Việt}\n  th: {name: "
          "ไทย}\n",
          "theme/postcard.yml:1:18: error: font 'Noto Sans' cannot draw language 'th' (ไทย): it "
          "has no glyph for U+");
    /* a language fontconfig does not know: each text is checked (Tai Dam in Tai Viet letters) */
    fails("glyph", "fonts: {default: DejaVu Sans}\n", "content/postcards/tai/index.md",
          "---\ntitle: T\ntype: postcard\nslogan: \"ꪀꪱ ꪶꪒ\"\n---\n",
          "content/postcards/tai/index.md:4:9: error: font 'DejaVu Sans' has no glyph for U+AA80 "
          "in the card "
          "text for language 'vi'");
    fails("colour", "colours: {background: red}\n", NULL, NULL,
          "theme/postcard.yml:1:23: error: postcard.yml: a colour is \"#rrggbb\"");
    fails("focal", "{}\n", "content/postcards/quyen/index.md",
          "---\ntitle: B\ntype: postcard\nimage: bg.png\nfocal: [2, 0]\nslogan: S\n---\n",
          "content/postcards/quyen/index.md:5:8: error: focal: is [x, y], two fractions");
}

static void qr_svg(void)
{
    buf b = BUF_INIT;
    CHECK_INT(card_qr_svg("https://x.test/a/", &b), 0);
    CHECK_HAS(b.data, "viewBox=\"0 0 33 33\"");  /* version 2: 25 modules and the quiet zone */
    CHECK_HAS(b.data, "<path d=\"M4 4h7v1h-7z"); /* the top-left finder pattern */
    buf_clear(&b);
    char big[4000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK_INT(card_qr_svg(big, &b), -1);
    buf_release(&b);
}

static void layout_defaults(void)
{
    char *d = t_tmpdir("layout");
    arena a = ARENA_INIT;
    struct card_layout l;
    CHECK_INT(card_layout_load(&a, d, &l), 1); /* no postcard.yml: no cards */
    t_write(d, "postcard.yml",
            "share: {width: 600, height: 315}\nposters: [A3]\nfonts: {default: X, blt: Y}\n");
    CHECK_INT(card_layout_load(&a, d, &l), 0);
    CHECK_INT(l.share_w, 600);
    CHECK_INT(l.square_w, 1080);
    CHECK(!l.poster_a4 && l.poster_a3);
    CHECK(l.title_cards && !l.qr_pages);
    const struct value *at;
    CHECK_STR(card_layout_font(&l, "blt-Tavt", &at), "Y");
    CHECK_STR(card_layout_font(&l, "vi", &at), "X");
    buf msgs = BUF_INIT;
    diag_capture(&msgs);
    unsigned e0 = diag_errors();
    t_write(d, "postcard.yml", "title_cards: false\nqr: {pages: true}\n");
    CHECK_INT(card_layout_load(&a, d, &l), 0);
    CHECK(!l.title_cards && l.qr_pages);
    t_write(d, "postcard.yml", "margin: 3\nposters: [A5]\n");
    CHECK_INT(card_layout_load(&a, d, &l), -1);
    diag_capture(NULL);
    CHECK_INT(diag_errors() - e0, 2);
    CHECK_HAS(msgs.data, "postcard.yml:1:9: error: postcard.yml: a size is a fraction");
    CHECK_HAS(msgs.data,
              "postcard.yml:2:11: error: postcard.yml: posters: lists paper sizes, A4 and/or A3");
    buf_release(&msgs);
    arena_release(&a);
    CHECK_INT(t_tmpdir_done(d), 0);
}

void suite_cards(void)
{
    qr_svg();
    layout_defaults();
    drawn();
    errors();
}
