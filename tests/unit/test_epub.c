/* test_epub: books written from small models into a folder under /tmp.
 * Checks the container bytes directly (OCF: mimetype first, stored, no
 * extra field; fixed times), identifier stability, navigation order
 * against the spine, byte-identical rebuilds, the model and body checks,
 * theme overrides, and runs epubcheck on every book (skipped with a note
 * when Java or epubcheck is missing).  Images are PNGs written here; the
 * embedded font is DejaVu from fonts-dejavu-core when installed. */
#include "../test.h"
#include "../../generator/epub/epub.h"
#include "../../generator/epub/epub_id.h"
#include "../../generator/markdown/markdown.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

static char tmp[] = "/tmp/loa-epub-XXXXXX";
static arena A;

static const char *path_in(const char *name) { return arena_printf(&A, "%s/%s", tmp, name); }
static void put(const char *path, const char *s) { fs_write_file(path, s, strlen(s)); }

/* --- tiny PNGs: stored (uncompressed) deflate blocks need no zlib -------- */

static uint32_t crc32_of(const unsigned char *p, size_t n, uint32_t c)
{
    c = ~c;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void put_be32(buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    buf_put(b, x, 4);
}

static void png_chunk(buf *b, const char *type, const void *data, size_t n)
{
    put_be32(b, (uint32_t)n);
    size_t at = b->len;
    buf_put(b, type, 4);
    buf_put(b, data, n);
    put_be32(b, crc32_of((const unsigned char *)b->data + at, n + 4, 0));
}

static void write_png(const char *path, unsigned w, unsigned h)
{
    buf raw = BUF_INIT, z = BUF_INIT, png = BUF_INIT;
    for (unsigned y = 0; y < h; y++) {
        buf_putc(&raw, 0);   /* filter: none */
        for (unsigned x = 0; x < w; x++) buf_put(&raw, (char[]){(char)(x * 9), (char)(y * 7), 90}, 3);
    }
    buf_put(&z, "\x78\x01", 2);
    for (size_t off = 0; off < raw.len || off == 0;) {
        size_t n = raw.len - off > 65535 ? 65535 : raw.len - off;
        unsigned char hd[5] = {off + n == raw.len, (unsigned char)n, (unsigned char)(n >> 8),
                               (unsigned char)~n, (unsigned char)(~n >> 8)};
        buf_put(&z, hd, 5);
        buf_put(&z, raw.data + off, n);
        off += n;
        if (off == raw.len) break;
    }
    uint32_t s1 = 1, s2 = 0;
    for (size_t i = 0; i < raw.len; i++) {
        s1 = (s1 + (unsigned char)raw.data[i]) % 65521;
        s2 = (s2 + s1) % 65521;
    }
    put_be32(&z, s2 << 16 | s1);
    buf_put(&png, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13] = {0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        ihdr[i] = (unsigned char)(w >> (24 - 8 * i));
        ihdr[4 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    png_chunk(&png, "IHDR", ihdr, 13);
    png_chunk(&png, "IDAT", z.data, z.len);
    png_chunk(&png, "IEND", "", 0);
    fs_write_file(path, png.data, png.len);
    buf_release(&raw);
    buf_release(&z);
    buf_release(&png);
}

/* --- reading books back ------------------------------------------------------- */

static char *entry(const char *book, const char *name)
{
    int err;
    zip_t *za = zip_open(book, ZIP_RDONLY, &err);
    if (!za) return NULL;
    zip_stat_t st;
    zip_file_t *f = NULL;
    char *s = NULL;
    if (zip_stat(za, name, 0, &st) == 0 && (f = zip_fopen(za, name, 0)) != NULL) {
        s = arena_alloc(&A, st.size + 1);
        if (zip_fread(f, s, st.size) != (zip_int64_t)st.size) s = NULL;
        zip_fclose(f);
    }
    zip_close(za);
    return s;
}

static int read_all(const char *path, buf *b)
{
    buf_clear(b);
    return fs_read_file(path, b);
}

static unsigned le16(const unsigned char *p) { return p[0] | p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | (uint32_t)le16(p + 2) << 16; }

/* Walks the local headers from byte 0 as a reader would: every entry at
 * its fixed time, no extra field, no data descriptor, ASCII name. */
static void check_local_headers(const char *book)
{
    buf b = BUF_INIT;
    CHECK(read_all(book, &b) == 0);
    const unsigned char *p = (const unsigned char *)b.data;
    size_t off = 0, n = 0;
    int fixed = 1, no_extra = 1, no_descriptor = 1, ascii = 1;
    while (off + 30 <= b.len && le32(p + off) == 0x04034b50) {
        const unsigned char *h = p + off;
        unsigned nlen = le16(h + 26), xlen = le16(h + 28);
        if (n == 0) {
            CHECK_INT(le16(h + 8), 0);   /* stored */
            CHECK_INT(nlen, 8);
            CHECK(!memcmp(h + 30, "mimetype", 8));
            CHECK_INT(le32(h + 18), 20);  /* compressed size */
            CHECK(!memcmp(h + 38, "application/epub+zip", 20));
        }
        if (le16(h + 10) != 0 || le16(h + 12) != 0x21) fixed = 0;
        if (xlen) no_extra = 0;
        if (le16(h + 6) & 8) no_descriptor = 0;
        for (unsigned i = 0; i < nlen; i++)
            if (h[30 + i] < 0x21 || h[30 + i] > 0x7e) ascii = 0;
        off += 30 + nlen + xlen + le32(h + 18);
        n++;
    }
    CHECK(n >= 6);
    CHECK(fixed);
    CHECK(no_extra);
    CHECK(no_descriptor);
    CHECK(ascii);
    CHECK_INT(le32(p + off), 0x02014b50);   /* the central directory follows */
    buf_release(&b);
}

/* --- the books ---------------------------------------------------------------- */

static const char ch1_md[] =
    "Đoạn mở đầu có chú thích[^1] và chữ *nghiêng*.\n\n"
    "## Phần một\n\n"
    "![Bản đồ vùng núi phía Bắc](map.png)\n\n"
    "> [!PULLQUOTE]\n> Một câu trích dẫn nổi bật.\n\n"
    "| Năm | Sự kiện |\n|---|---|\n| 1945 | Độc lập |\n\n"
    "### Chi tiết\n\nVăn bản & ký hiệu <đặc biệt>.\n\n"
    "## Phần hai\n\nThêm một chú thích[^2].\n\n"
    "[^1]: Chú thích thứ nhất.\n[^2]: Chú thích thứ hai.\n";

static const char *img_hook(void *ud, const char *src, const char *alt, unsigned l, unsigned c)
{
    (void)ud; (void)src; (void)alt; (void)l; (void)c;
    return "images/1-map.png";
}

static struct epub_chapter chapters[3];
static struct epub_image images[1];
static const char *fonts[2];
static size_t n_fonts;

static void setup_chapters(void)
{
    struct md_link_hooks hooks = {NULL, NULL, img_hook, NULL, NULL};
    struct md_opts o = {.file = "content/vi/ch1.md", .xhtml = 1, .hooks = &hooks};
    struct md_result md;
    CHECK(md_render(&A, ch1_md, strlen(ch1_md), &o, &md) == 0);
    chapters[0] = (struct epub_chapter){"Chương một: Đường lên", "1", md.html, "content/vi/ch1.md",
                                        md.headings, md.n_headings};
    chapters[1] = (struct epub_chapter){"Chương hai", "2",
                                        "<p>Đêm ấy, “trăng” sáng &amp; gió.</p>\n"
                                        "<figure><img src=\"images/1-map.png\" alt=\"Lại bản đồ\"/>"
                                        "<figcaption>Bản đồ</figcaption></figure>\n",
                                        "content/vi/ch2.md", NULL, 0};
    chapters[2] = (struct epub_chapter){"Lời cuối", "ket-thuc", "<p>Hết.</p>\n", "content/vi/ch3.md",
                                        NULL, 0};
    images[0] = (struct epub_image){path_in("map.png"), "images/1-map.png"};
}

static void setup_fonts(void)
{
    static const char *const candidates[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
                                             "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"};
    for (size_t i = 0; i < 2; i++)
        if (fs_is_file(candidates[i])) fonts[n_fonts++] = candidates[i];
    if (!n_fonts) fprintf(stderr, "  note: fonts-dejavu-core not installed, books embed no font\n");
}

static struct epub_book full_book(void)
{
    return (struct epub_book){
        .id_seed = "https://example.org/vi/series/duong-len/",
        .title = "Đường lên “Mây” & núi", .subtitle = "Ghi chép", .lang = "vi", .dir = "ltr",
        .creator = "Nguyễn Thị Ánh", .creator_role = "aut", .publisher = "Nhà Loa",
        .description = "Những ghi chép <ngắn> trên đường.", .date = "2024-05-01",
        .rights = "CC BY 4.0", .modified = 1714550400,
        .series = "Đường xa", .series_position = 2,
        .cover_path = path_in("cover.png"), .cover_alt = "Bìa: dãy núi lúc bình minh",
        .title_page_xhtml = "<p>Loạt bài của <em>Nhà Loa</em>.</p>",
        .chapters = chapters, .n_chapters = 3, .images = images, .n_images = 1,
        .font_paths = fonts, .n_fonts = n_fonts,
        .accessibility_summary = "Sách có mục lục, tiêu đề theo thứ tự đọc và chú thích ảnh.",
        .accessibility_certified_by = "Nhà Loa",
    };
}

/* Heading ids in other scripts stay UTF-8 (text_slugify): the nav and
 * NCX links to them must still pass epubcheck. */
static const struct md_heading min_headings[2] = {{2, "مقدمة", "مقدمة"}, {3, "x", "x"}};
static struct epub_chapter min_chapter[1] = {
    {"مقدمة", "intro", "<h2 id=\"مقدمة\">مقدمة</h2>\n<p>نص قصير.</p>\n<h3 id=\"x\">x</h3>\n",
     "content/ar/intro.md", min_headings, 2}};

static struct epub_book min_book(void)
{
    return (struct epub_book){.id_seed = "min", .title = "كتاب", .lang = "ar", .dir = "rtl",
                              .modified = 0, .chapters = min_chapter, .n_chapters = 1};
}

/* --- tests ---------------------------------------------------------------------- */

static void test_identifier(void)
{
    unsigned char h[20];
    epub_sha1("abc", 3, h);
    CHECK(!memcmp(h, "\xa9\x99\x3e\x36\x47\x06\x81\x6a\xba\x3e\x25\x71\x78\x50\xc2\x6c"
                     "\x9c\xd0\xd8\x9d", 20));
    char a[EPUB_UUID_LEN + 1], b[EPUB_UUID_LEN + 1], c[EPUB_UUID_LEN + 1];
    epub_uuid("python.org", a);   /* RFC 4122 v5, URL namespace, as Python's uuid5 */
    CHECK_STR(a, "7af94e2b-4dd9-50f0-9c9a-8a48519bdef0");
    epub_uuid("https://example.org/book/", a);
    epub_uuid("https://example.org/book/", b);
    epub_uuid("https://example.org/book2/", c);
    CHECK_STR(a, b);
    CHECK(strcmp(a, c) != 0);
    int shape = strlen(a) == 36 && a[14] == '5' && strchr("89ab", a[19]);
    for (int i = 0; i < 36; i++)
        shape &= (i == 8 || i == 13 || i == 18 || i == 23) ? a[i] == '-' : !!strchr("0123456789abcdef", a[i]);
    CHECK(shape);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

/* Values of attr="..." inside [from, to) of s, in order, skipping ones
 * with a '#' (sub-entries), joined by spaces. */
static const char *attrs(const char *s, const char *from, const char *to, const char *attr)
{
    buf out = BUF_INIT;
    const char *p = s ? strstr(s, from) : NULL;
    const char *end = p ? strstr(p, to) : NULL;
    size_t al = strlen(attr);
    for (; p && end && (p = strstr(p, attr)) != NULL && p < end; p += al) {
        const char *v = p + al, *q = strchr(v, '"');
        if (q && !memchr(v, '#', (size_t)(q - v))) {
            if (out.len) buf_putc(&out, ' ');
            buf_put(&out, v, (size_t)(q - v));
        }
    }
    const char *r = arena_strdup(&A, out.data);
    buf_release(&out);
    return r;
}

/* idrefs of the spine turned into hrefs through the manifest. */
static const char *spine_hrefs(const char *opf)
{
    buf out = BUF_INIT;
    const char *sp = strstr(opf, "<spine");
    for (const char *p = sp; p && (p = strstr(p, "idref=\"")) != NULL; p += 7) {
        const char *q = strchr(p + 7, '"');
        char *item = arena_printf(&A, "<item id=\"%.*s\" href=\"", (int)(q - p - 7), p + 7);
        const char *it = strstr(opf, item);
        if (!it) continue;
        it += strlen(item);
        if (out.len) buf_putc(&out, ' ');
        buf_put(&out, it, (size_t)(strchr(it, '"') - it));
    }
    const char *r = arena_strdup(&A, out.data);
    buf_release(&out);
    return r;
}

static void test_full_book(void)
{
    struct epub_book b = full_book();
    const char *out = path_in("full.epub");
    CHECK_INT(epub_write(&b, out), 0);
    CHECK(!fs_exists(path_in("full.epub.tmp")));
    check_local_headers(out);
    char uuid[EPUB_UUID_LEN + 1];
    epub_uuid(b.id_seed, uuid);
    const char *id = arena_printf(&A, "urn:uuid:%s", uuid);

    char *opf = entry(out, "EPUB/package.opf");
    CHECK_HAS(entry(out, "META-INF/container.xml"), "full-path=\"EPUB/package.opf\"");
    CHECK_HAS(opf, "unique-identifier=\"uid\" xml:lang=\"vi\" dir=\"ltr\"");
    CHECK_HAS(opf, arena_printf(&A, "<dc:identifier id=\"uid\">%s</dc:identifier>", id));
    CHECK_HAS(opf, "<dc:title id=\"title\">Đường lên “Mây” &amp; núi</dc:title>");
    CHECK_HAS(opf, "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>");
    CHECK_HAS(opf, "<dc:language>vi</dc:language>");
    CHECK_HAS(opf, "<meta refines=\"#creator\" property=\"role\" scheme=\"marc:relators\">aut</meta>");
    CHECK_HAS(opf, "<dc:date>2024-05-01</dc:date>");
    CHECK_HAS(opf, "<dc:description>Những ghi chép &lt;ngắn&gt; trên đường.</dc:description>");
    CHECK_INT(count(opf, "dcterms:modified"), 1);
    CHECK_HAS(opf, "<meta property=\"dcterms:modified\">2024-05-01T08:00:00Z</meta>");
    CHECK_HAS(opf, "<meta property=\"belongs-to-collection\" id=\"series\">Đường xa</meta>");
    CHECK_HAS(opf, "<meta refines=\"#series\" property=\"collection-type\">series</meta>");
    CHECK_HAS(opf, "<meta refines=\"#series\" property=\"group-position\">2</meta>");
    CHECK_HAS(opf, "href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\"");
    CHECK_HAS(opf, "<meta name=\"cover\" content=\"cover-image\"/>");
    CHECK_HAS(opf, "<item id=\"img-1\" href=\"images/1-map.png\" media-type=\"image/png\"/>");
    CHECK_HAS(opf, "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>");
    CHECK_HAS(opf, "<spine toc=\"ncx\">");
    CHECK_HAS(opf, "<meta property=\"schema:accessMode\">visual</meta>");
    CHECK_HAS(opf, "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>");
    CHECK_HAS(opf, "<meta property=\"schema:accessibilityHazard\">none</meta>");
    CHECK_HAS(opf, "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>");
    CHECK_HAS(opf, "<meta property=\"a11y:certifiedBy\">Nhà Loa</meta>");
    CHECK_STR(spine_hrefs(opf), "cover.xhtml title.xhtml nav.xhtml chap-1.xhtml chap-2.xhtml "
                                "chap-ket-thuc.xhtml");

    if (n_fonts) {
        CHECK_HAS(opf, "href=\"fonts/DejaVuSerif.ttf\" media-type=\"font/ttf\"");
        CHECK_HAS(entry(out, "META-INF/com.apple.ibooks.display-options.xml"),
                  "<option name=\"specified-fonts\">true</option>");
        char *css = entry(out, "EPUB/style.css");
        CHECK_HAS(css, "font-family: \"DejaVuSerif\";\n  font-style: normal;\n  font-weight: 400;\n"
                       "  src: url(\"fonts/DejaVuSerif.ttf\");");
        if (n_fonts > 1) CHECK_HAS(css, "font-weight: 700;\n  src: url(\"fonts/DejaVuSerif-Bold.ttf\")");
        CHECK_HAS(css, "blockquote.pullquote");
    }

    char *ch = entry(out, "EPUB/chap-1.xhtml");
    CHECK(ch && !strncmp(ch, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>", 52));
    CHECK_HAS(ch, "lang=\"vi\" xml:lang=\"vi\"");
    CHECK_HAS(ch, "<title>Chương một: Đường lên</title>");
    CHECK_HAS(ch, "epub:type=\"chapter\" role=\"doc-chapter\"");
    CHECK_HAS(ch, "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>");
    CHECK_HAS(ch, "epub:type=\"noteref\"");
    CHECK_HAS(ch, "epub:type=\"footnote\"");
    CHECK_HAS(ch, "class=\"pullquote\"");
    CHECK_HAS(ch, "src=\"images/1-map.png\"");
    CHECK_HAS(entry(out, "EPUB/cover.xhtml"), "alt=\"Bìa: dãy núi lúc bình minh\" width=\"60\" height=\"90\"");
    CHECK_HAS(entry(out, "EPUB/title.xhtml"), "<p>Loạt bài của <em>Nhà Loa</em>.</p>");
}

/* The table of contents in nav.xhtml and the NCX list the chapters in
 * spine order; the NCX's play order counts 1, 2, 3... in document order. */
static void test_navigation(void)
{
    const char *out = path_in("full.epub");
    char *opf = entry(out, "EPUB/package.opf"), *nav = entry(out, "EPUB/nav.xhtml");
    char *ncx = entry(out, "EPUB/toc.ncx");
    const char *chapters_in_spine = strstr(spine_hrefs(opf), "chap-");
    CHECK_STR(attrs(nav, "epub:type=\"toc\"", "</nav>", "href=\""), chapters_in_spine);
    CHECK_STR(attrs(ncx, "<navMap>", "</navMap>", "src=\""), chapters_in_spine);
    CHECK_HAS(nav, "<a href=\"chap-1.xhtml#phan-mot\">Phần một</a>");
    CHECK_NOT_HAS(nav, "#chi-tiet");   /* h3: not a sub-entry */
    CHECK_HAS(nav, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"\">");
    CHECK_HAS(nav, "<a epub:type=\"bodymatter\" href=\"chap-1.xhtml\">");
    CHECK_HAS(nav, "<a epub:type=\"cover\" href=\"cover.xhtml\">Bìa</a>");
    CHECK_HAS(nav, "role=\"doc-toc\"");
    char uuid[EPUB_UUID_LEN + 1];
    epub_uuid(full_book().id_seed, uuid);
    CHECK_HAS(ncx, arena_printf(&A, "<meta name=\"dtb:uid\" content=\"urn:uuid:%s\"/>", uuid));
    CHECK_HAS(ncx, "<meta name=\"dtb:depth\" content=\"2\"/>");
    int seq = 1;
    for (int k = 1; k <= 5; k++) seq &= count(ncx, arena_printf(&A, "playOrder=\"%d\"", k)) == 1;
    CHECK(seq);
    CHECK_INT(count(ncx, "playOrder="), 5);   /* 3 chapters, 2 h2 */
    CHECK(strstr(ncx, "playOrder=\"2\"") < strstr(ncx, "chap-1.xhtml#phan-mot"));
}

static int same_file(const char *a, const char *b)
{
    buf x = BUF_INIT, y = BUF_INIT;
    int same = read_all(a, &x) == 0 && read_all(b, &y) == 0 && x.len == y.len &&
               !memcmp(x.data, y.data, x.len);
    buf_release(&x);
    buf_release(&y);
    return same;
}

static void test_reproducible(void)
{
    struct epub_book b = full_book();
    CHECK_INT(epub_write(&b, path_in("again.epub")), 0);
    CHECK(same_file(path_in("full.epub"), path_in("again.epub")));
    b.id_seed = "another";
    CHECK_INT(epub_write(&b, path_in("other.epub")), 0);
    CHECK(!same_file(path_in("full.epub"), path_in("other.epub")));
    struct epub_book m = min_book();
    CHECK_INT(epub_write(&m, path_in("min.epub")), 0);
    CHECK_INT(epub_write(&m, path_in("min2.epub")), 0);
    CHECK(same_file(path_in("min.epub"), path_in("min2.epub")));
}

static void test_minimal_book(void)
{
    const char *out = path_in("min.epub");
    check_local_headers(out);
    char *opf = entry(out, "EPUB/package.opf");
    CHECK_HAS(opf, "xml:lang=\"ar\" dir=\"rtl\"");
    CHECK_HAS(opf, "<spine toc=\"ncx\" page-progression-direction=\"rtl\">");
    CHECK_HAS(opf, "<meta property=\"dcterms:modified\">1970-01-01T00:00:00Z</meta>");
    CHECK_NOT_HAS(opf, "cover");
    CHECK_NOT_HAS(opf, "accessMode\">visual");
    CHECK_NOT_HAS(opf, "alternativeText");
    CHECK_STR(spine_hrefs(opf), "nav.xhtml chap-intro.xhtml");
    CHECK(entry(out, "META-INF/com.apple.ibooks.display-options.xml") == NULL);
    CHECK_HAS(entry(out, "EPUB/nav.xhtml"), "<h1 id=\"toc-title\">Contents</h1>");
    CHECK_HAS(entry(out, "EPUB/nav.xhtml"), "<a href=\"chap-intro.xhtml#مقدمة\">مقدمة</a>");
}

/* --- errors: reported compiler-style, and no file left behind ------------- */

static void expect_error(struct epub_book *b, const char *msg)
{
    buf cap = BUF_INIT;
    const char *out = path_in("bad.epub");
    diag_capture(&cap);
    int rc = epub_write(b, out);
    diag_capture(NULL);
    CHECK_INT(rc, -1);
    CHECK_HAS(cap.data, msg);
    CHECK(!fs_exists(out));
    CHECK(!fs_exists(path_in("bad.epub.tmp")));
    buf_release(&cap);
}

static void test_errors(void)
{
    struct epub_chapter ch[2] = {
        {"Một", "1", "<p><img src=\"images/1-map.png\" alt=\" \"/></p>", "content/vi/a.md", NULL, 0},
        {"Hai", "2", "<p><img alt=\"x\" src=\"https://example.org/x.png\"/><img src='images/no.png' "
                     "alt='y'/></p>", "content/vi/b.md", NULL, 0}};
    struct epub_book b = full_book();
    b.chapters = ch;
    b.n_chapters = 2;
    expect_error(&b, "content/vi/a.md: error: image 'images/1-map.png' has no alt text");
    expect_error(&b, "content/vi/b.md: error: image 'https://example.org/x.png' is not in the book");
    expect_error(&b, "content/vi/b.md: error: image 'images/no.png' is not among the book's images");

    struct epub_book m = min_book();
    struct epub_chapter bad[2] = {{"A", "x y", "<p/>", "a.md", NULL, 0}, {"", "x y", "", "b.md", NULL, 0}};
    m.chapters = bad;
    m.n_chapters = 2;
    m.date = "2024-13-01";
    m.creator_role = "author";
    expect_error(&m, "a.md: error: book chapter slug 'x y' is not an ASCII slug");
    expect_error(&m, "b.md: error: book chapter 2 has no title");
    expect_error(&m, "error: book 'كتاب': date '2024-13-01' is not a date (expected YYYY-MM-DD)");
    expect_error(&m, "creator role 'author' is not a MARC relator code");
    bad[0].slug = bad[1].slug = "same";
    bad[1].title = "B";
    expect_error(&m, "b.md: error: book chapter slug 'same' is used twice (also chapter 1)");

    m = min_book();
    m.n_chapters = 0;
    expect_error(&m, "book 'كتاب': no chapters");

    m = min_book();
    put(path_in("notimage.png"), "hello");
    struct epub_image im[1] = {{path_in("notimage.png"), "images/x.png"}};
    m.images = im;
    m.n_images = 1;
    expect_error(&m, "notimage.png: error: book image is not a PNG, JPEG, WebP, GIF or SVG file");
    m.images = NULL;
    m.n_images = 0;
    const char *font[1] = {path_in("notimage.png")};
    m.font_paths = font;
    m.n_fonts = 1;
    expect_error(&m, "notimage.png: error: book font is not a TrueType, OpenType, WOFF or WOFF2 file");
    font[0] = path_in("missing.ttf");
    expect_error(&m, "missing.ttf: error: cannot read book font");

    m = min_book();
    struct epub_image up[1] = {{path_in("map.png"), "../map.png"}};
    m.images = up;
    m.n_images = 1;
    expect_error(&m, "map.png: error: book image path '../map.png' is not an ASCII slug path");
}

/* An image listed twice, and a cover that chapters also show, are packed
 * once. */
static void test_shared_images(void)
{
    struct epub_image twice[2] = {{path_in("map.png"), "images/map.png"},
                                  {path_in("map.png"), "images/map.png"}};
    struct epub_book m = min_book();
    m.images = twice;
    m.n_images = 2;
    m.cover_path = path_in("map.png");
    CHECK_INT(epub_write(&m, path_in("shared.epub")), 0);
    char *opf = entry(path_in("shared.epub"), "EPUB/package.opf");
    CHECK_HAS(opf, "<item id=\"cover-image\" href=\"images/map.png\" media-type=\"image/png\" "
                   "properties=\"cover-image\"/>");
    CHECK_INT(count(opf, "images/map.png"), 1);
    CHECK_HAS(entry(path_in("shared.epub"), "EPUB/cover.xhtml"), "alt=\"كتاب\"");   /* the title */
}

/* A theme overrides the files it has; the rest are the built-ins. */
static void test_template_override(void)
{
    const char *dir = path_in("theme-epub");
    put(path_in("theme-epub/chapter.xhtml.mustache"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
                  "<head><title>{{chapter.title}}</title></head><body>{{> mark}}{{{chapter.body}}}</body></html>\n");
    put(path_in("theme-epub/mark.mustache"), "<p class=\"theme-mark\">{{chapter.number}}</p>");
    put(path_in("theme-epub/style.css"), "body { color: black }\n");
    struct epub_book b = min_book();
    b.templates_dir = dir;
    CHECK_INT(epub_write(&b, path_in("themed.epub")), 0);
    CHECK_HAS(entry(path_in("themed.epub"), "EPUB/chap-intro.xhtml"), "<p class=\"theme-mark\">1</p><h2");
    CHECK_STR(entry(path_in("themed.epub"), "EPUB/style.css"), "body { color: black }\n");
    CHECK_HAS(entry(path_in("themed.epub"), "EPUB/nav.xhtml"), "epub:type=\"landmarks\"");

    put(path_in("theme-epub/nav.xhtml.mustache"), "{{#chapters}}oops");
    expect_error(&b, "theme-epub/nav.xhtml.mustache:1:");
}

/* The built-ins are the portal theme's files: they must not drift apart. */
static void test_builtins_match_theme(void)
{
    static const char *const files[] = {"package.opf.mustache", "nav.xhtml.mustache", "toc.ncx.mustache",
                                        "chapter.xhtml.mustache", "cover.xhtml.mustache",
                                        "title.xhtml.mustache", "style.css"};
    if (!fs_is_dir("themes/portal/epub")) {
        fprintf(stderr, "  note: not run from the source tree, built-ins not compared with the theme\n");
        return;
    }
    /* a book rendered with the theme folder equals one with the built-ins */
    struct epub_book b = full_book();
    b.templates_dir = "themes/portal/epub";
    CHECK_INT(epub_write(&b, path_in("theme.epub")), 0);
    CHECK(same_file(path_in("full.epub"), path_in("theme.epub")));
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = arena_printf(&A, "themes/portal/epub/%s", files[i]);
        if (!t_check(fs_is_file(p), __FILE__, __LINE__, "theme file exists")) fprintf(stderr, "    %s\n", p);
    }
}

/* --- epubcheck ---------------------------------------------------------------- */

static const char epubcheck_jar[] = "/usr/share/java/epubcheck.jar";

/* One JVM per book, all at once: epubcheck spends seconds starting up
 * (C1-only JIT and the serial collector roughly halve that). */
static void epubcheck(const char *const *books, size_t n)
{
    buf cmd = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_printf(&cmd, "(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar %s '%s' --failonwarnings "
                   ">'%s.log' 2>&1; echo $? >'%s.rc') & ", epubcheck_jar, books[i], books[i], books[i]);
    buf_puts(&cmd, "wait");
    CHECK(system(cmd.data) == 0);
    buf_release(&cmd);
    for (size_t i = 0; i < n; i++) {
        buf log = BUF_INIT, rc = BUF_INIT;
        read_all(arena_printf(&A, "%s.log", books[i]), &log);
        read_all(arena_printf(&A, "%s.rc", books[i]), &rc);
        if (!t_check(!strcmp(rc.data, "0\n"), __FILE__, __LINE__, "epubcheck --failonwarnings passes"))
            fprintf(stderr, "    %s:\n%s\n", books[i], log.data);
        CHECK_HAS(log.data, "0 fatals / 0 errors / 0 warnings");
        buf_release(&log);
        buf_release(&rc);
    }
}

static void test_epubcheck(void)
{
    if (system("command -v java >/dev/null 2>&1") != 0 || !fs_is_file(epubcheck_jar)) {
        fprintf(stderr, "  note: java or %s missing, epubcheck skipped (make test installs them)\n",
                epubcheck_jar);
        return;
    }
    const char *books[] = {path_in("full.epub"), path_in("min.epub")};
    epubcheck(books, 2);
}

void suite_epub(void)
{
    int failed_before = t_failed;
    arena_init(&A);
    if (!mkdtemp(tmp)) { CHECK(!"mkdtemp"); return; }
    write_png(path_in("cover.png"), 60, 90);
    write_png(path_in("map.png"), 20, 10);
    setup_chapters();
    setup_fonts();
    test_identifier();
    test_full_book();
    test_navigation();
    test_reproducible();
    test_minimal_book();
    test_errors();
    test_shared_images();
    test_template_override();
    test_builtins_match_theme();
    test_epubcheck();
    if (t_failed == failed_before) fs_remove_tree(tmp);
    else fprintf(stderr, "  books kept in %s\n", tmp);
    arena_release(&A);
}
