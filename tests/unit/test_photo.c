/* photos: upright, stripped, resized, cached, deterministic (libvips). */
#include "../test.h"
#include "../../generator/photos/photo.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"
#include "../../generator/util/image.h"

#include <stdarg.h>
#include <stdlib.h>
#include <vips/vips.h>

/* A 1200x800 JPEG with GPS and orientation 6 (shown rotated a quarter
 * turn), as phones write them.  0 when made, -1 when exiftool is missing. */
static int phone_photo(const char *path)
{
    VipsImage *grey = NULL, *rgb = NULL;
    if (vips_xyz(&grey, 1200, 800, NULL) != 0) return -1;
    if (vips_bandjoin_const1(grey, &rgb, 7, NULL) != 0) return -1;
    VipsImage *u8 = NULL;
    vips_cast_uchar(rgb, &u8, NULL);
    int r = vips_jpegsave(u8, path, "Q", 90, NULL);
    g_object_unref(grey);
    g_object_unref(rgb);
    g_object_unref(u8);
    if (r != 0) return -1;
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "exiftool -q -overwrite_original -Orientation#=6 -GPSLatitude=21.0285 "
                     "-GPSLatitudeRef=N -GPSLongitude=105.8542 -GPSLongitudeRef=E "
                     "-Artist='Nguyen Van A' %s 2>&1", path);
    r = t_run(cmd.data, NULL) == 0 ? 0 : -1;
    buf_release(&cmd);
    return r;
}

static int has_metadata(const char *path)
{
    buf cmd = BUF_INIT, out = BUF_INIT;
    buf_printf(&cmd, "exiftool -s -GPS:all -EXIF:all -XMP:all -IPTC:all %s 2>&1", path);
    t_run(cmd.data, &out);
    int r = out.len > 0;
    if (r && getenv("LOA_TEST_VERBOSE")) fprintf(stderr, "    exiftool: %s\n", out.data);
    buf_release(&cmd);
    buf_release(&out);
    return r;
}

static void publishes_upright_and_stripped(const char *dir)
{
    char *src = fs_join(dir, "phone.jpg"), *cache = fs_join(dir, "cache");
    if (t_run("command -v exiftool >/dev/null", NULL) != 0 || phone_photo(src) != 0) {
        fprintf(stderr, "    SKIP photo metadata tests: exiftool missing (libimage-exiftool-perl)\n");
        t_skipped++;
        free(src);
        free(cache);
        return;
    }
    CHECK(has_metadata(src));
    static const unsigned widths[] = {480, 960, 1600};
    struct photo_opts o = {.widths = widths, .n_widths = 3, .webp = 1};
    struct photo_set ps;
    char err[512];
    CHECK_INT(photo_publish(src, &o, cache, &ps, err, sizeof err), 0);
    /* upright: 800 wide, 1200 high; 480 and 800 (the original) in two formats */
    unsigned plan[8];
    CHECK_INT(photo_plan(&o, 800, plan), 2);
    CHECK_INT(photo_plan(&o, 4000, plan), 4);
    CHECK_INT(plan[3], 4000);
    CHECK_INT(photo_plan(&o, 300, plan), 1);
    CHECK_INT(ps.width, 800);
    CHECK_INT(ps.height, 1200);
    CHECK_INT(ps.n, 4);
    CHECK(!ps.from_cache);
    if (ps.n == 4) {
        CHECK_INT(ps.files[0].width, 480);
        CHECK_INT(ps.files[0].height, 720);
        CHECK_STR(ps.files[0].ext, "webp");
        CHECK_STR(ps.files[1].ext, "jpg");
        CHECK_INT(ps.files[3].width, 800);
        for (size_t i = 0; i < ps.n; i++) {
            struct image_info ii;
            CHECK_INT(image_probe(ps.files[i].path, &ii), 0);
            CHECK_INT(ii.width, ps.files[i].width);
            CHECK_INT(ii.height, ps.files[i].height);
            CHECK_STR(ii.media_type, ps.files[i].media_type);
            VipsImage *back = vips_image_new_from_file(ps.files[i].path, "fail", TRUE, NULL);
            double avg = -1;
            CHECK(back && vips_avg(back, &avg, NULL) == 0 && avg > 0);
            if (back) g_object_unref(back);
            if (!CHECK(!has_metadata(ps.files[i].path))) fprintf(stderr, "    %s\n", ps.files[i].path);
        }
    }
    /* the same source again comes from the cache, byte for byte */
    buf first = BUF_INIT, again = BUF_INIT;
    if (ps.n) fs_read_file(ps.files[1].path, &first);
    struct photo_set ps2;
    CHECK_INT(photo_publish(src, &o, cache, &ps2, err, sizeof err), 0);
    CHECK(ps2.from_cache);
    CHECK_INT(ps2.n, ps.n);
    CHECK_INT(ps2.height, 1200);
    /* made again from nothing: the same bytes (deterministic encoders) */
    char *cache2 = fs_join(dir, "cache2");
    struct photo_set ps3;
    CHECK_INT(photo_publish(src, &o, cache2, &ps3, err, sizeof err), 0);
    if (ps3.n > 1) fs_read_file(ps3.files[1].path, &again);
    CHECK(first.len > 0 && first.len == again.len && !memcmp(first.data, again.data, first.len));
    /* AVIF on request: decodable, no metadata */
    struct photo_opts av = o;
    av.avif = 1;
    struct photo_set ps5;
    CHECK_INT(photo_publish(src, &av, cache, &ps5, err, sizeof err), 0);
    CHECK_INT(ps5.n, 6);
    if (ps5.n == 6) {
        CHECK_STR(ps5.files[0].ext, "avif");
        CHECK_STR(ps5.files[0].media_type, "image/avif");
        VipsImage *back = vips_image_new_from_file(ps5.files[0].path, NULL);
        CHECK(back && back->Xsize == 480 && back->Ysize == 720);
        if (back) g_object_unref(back);
        CHECK(!has_metadata(ps5.files[0].path));
    }
    photo_set_release(&ps5);
    /* keep_metadata opts out: GPS stays */
    struct photo_opts keep = o;
    keep.keep_metadata = 1;
    struct photo_set ps4;
    CHECK_INT(photo_publish(src, &keep, cache, &ps4, err, sizeof err), 0);
    CHECK(ps4.n > 1 && has_metadata(ps4.files[1].path));
    photo_set_release(&ps);
    photo_set_release(&ps2);
    photo_set_release(&ps3);
    photo_set_release(&ps4);
    buf_release(&first);
    buf_release(&again);
    free(src);
    free(cache);
    free(cache2);
}

static void bad_input(const char *dir)
{
    static const unsigned widths[] = {480};
    struct photo_opts o = {.widths = widths, .n_widths = 1};
    struct photo_set ps;
    char err[512];
    char *cache = fs_join(dir, "cache");
    t_write(dir, "text.jpg", "this is not a picture\n");
    char *p = fs_join(dir, "text.jpg");
    CHECK_INT(photo_publish(p, &o, cache, &ps, err, sizeof err), -1);
    CHECK_HAS(err, "not a JPEG, PNG or WebP file");
    free(p);
    /* a PNG header claiming 100000 x 100000 with no pixel data */
    static const unsigned char big[] = {
        0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
        0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 2, 0, 0, 0, 0, 0, 0, 0};
    p = fs_join(dir, "huge.png");
    fs_write_file(p, big, sizeof big);
    CHECK_INT(photo_publish(p, &o, cache, &ps, err, sizeof err), -1);
    CHECK(strstr(err, "megapixels") || strstr(err, "damaged"));
    free(p);
    /* over the byte limit */
    o.max_bytes = 10;
    t_write(dir, "small.jpg", "\xff\xd8\xff and more than ten bytes");
    p = fs_join(dir, "small.jpg");
    CHECK_INT(photo_publish(p, &o, cache, &ps, err, sizeof err), -1);
    CHECK_HAS(err, "more than the limit");
    free(p);
    /* truncated JPEG */
    o.max_bytes = 0;
    t_write(dir, "cut.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF");
    p = fs_join(dir, "cut.jpg");
    CHECK_INT(photo_publish(p, &o, cache, &ps, err, sizeof err), -1);
    CHECK_HAS(err, "damaged or truncated");
    free(p);
    free(cache);
}

/* A whole build: every published copy upright and stripped, srcset in
 * the page, the book's copy stripped, rebuilds identical, bad images
 * named. */
/* Runs the command made from fmt; its output in out (emptied first). */
static int run_fmt(buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int run_fmt(buf *out, const char *fmt, ...)
{
    buf cmd = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&cmd, fmt, ap);
    va_end(ap);
    buf_clear(out);
    int r = t_run(cmd.data, out);
    buf_release(&cmd);
    return r;
}

static void site_build(const char *dir)
{
    char *site = fs_join(dir, "site");
    char *photo = fs_join(site, "content/stories/truong/anh.jpg");
    if (t_run("command -v exiftool >/dev/null", NULL) != 0 || fs_mkdir_p(site) != 0) {
        fprintf(stderr, "    SKIP photo build test: exiftool missing\n");
        t_skipped++;
        free(site);
        free(photo);
        return;
    }
    t_write(site, "content/site.yml", "title: T\nbase_url: https://t.example/\n"
                  "languages: {vi: {name: Tiếng Việt}}\nimages: {widths: [480, 960]}\n"
                  "publications:\n  - {id: sach, kind: collection, section: stories,\n"
                  "     languages: {vi: {title: Sách}}}\n");
    t_write(site, "content/stories/_index.md", "---\ntitle: Tin\n---\n");
    t_write(site, "content/stories/truong/index.md", "---\ntitle: Trường\ndate: 2025-01-02\n"
                  "image: anh.jpg\nimage_alt: Lớp học\n---\n\n![Lớp học mới](anh.jpg)\n");
    fs_mkdir_p(site);
    char *dirp = fs_join(site, "content/stories/truong");
    fs_mkdir_p(dirp);
    free(dirp);
    CHECK(phone_photo(photo) == 0);
    buf cmd = BUF_INIT, out = BUF_INIT;
    buf_printf(&cmd, "cd %s && SOURCE_DATE_EPOCH=1767225600 %s build --theme %s/themes/portal "
                     "--out o1 2>&1 && cp -R o1 first && SOURCE_DATE_EPOCH=1767225600 %s build "
                     "--theme %s/themes/portal --out o1 2>&1 && diff -r first o1 && echo SAME",
               site, t_loa(), getenv("PWD"), t_loa(), getenv("PWD"));
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "SAME");
    static const char *const files[] = {"anh.jpg", "anh-480w.jpg", "anh-480w.webp", "anh-800w.webp"};
    for (size_t i = 0; i < 4; i++) {
        buf p = BUF_INIT;
        buf_printf(&p, "%s/o1/stories/truong/%s", site, files[i]);
        if (!CHECK(fs_is_file(p.data))) fprintf(stderr, "    missing %s\n", files[i]);
        else if (!CHECK(!has_metadata(p.data))) fprintf(stderr, "    metadata in %s\n", files[i]);
        buf_release(&p);
    }
    buf page = BUF_INIT;
    char *pp = fs_join(site, "o1/stories/truong/index.html");
    fs_read_file(pp, &page);
    CHECK_HAS(page.data, "srcset=\"/stories/truong/anh-480w.webp 480w, "
                         "/stories/truong/anh-800w.webp 800w\"");
    CHECK_HAS(page.data, "srcset=\"/stories/truong/anh-480w.jpg 480w, /stories/truong/anh.jpg 800w\"");
    CHECK_HAS(page.data, "width=\"800\" height=\"1200\"");
    /* the book's copy: no metadata either */
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s && rm -rf book && mkdir book && cd book && unzip -q ../o1/vi/epub/sach.epub && "
                     "ls EPUB/images/*.jpg && exiftool -s -GPS:all -EXIF:all EPUB/images/*.jpg 2>&1", site);
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "EPUB/images/");
    CHECK_NOT_HAS(out.data, "GPS");
    CHECK_NOT_HAS(out.data, "Artist");
    /* keep_metadata: kept, and said */
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s && sed -i 's/images: {widths: \\[480, 960\\]}/images: {widths: [480, 960], "
                     "keep_metadata: [stories\\/truong\\/anh.jpg]}/' content/site.yml && %s build "
                     "--theme %s/themes/portal --out o2 2>&1; exiftool -s -GPSLatitude o2/stories/truong/anh.jpg",
               site, t_loa(), getenv("PWD"));
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "anh.jpg: note: published with its metadata (EXIF, GPS) kept");
    CHECK_HAS(out.data, "GPSLatitude");
    /* AVIF when asked: a source before WebP, in Markdown images too */
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s && sed -i 's/images: {/images: {avif: true, /' content/site.yml && "
                     "%s build --theme %s/themes/portal --out o4 2>&1 && grep -o "
                     "'<p><picture><source type=\"image/avif\" srcset=\"/stories/truong/anh-480w.avif 480w' "
                     "o4/stories/truong/index.html | wc -l", site, t_loa(), getenv("PWD"));
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "\n1\n");   /* the Markdown image (the page has no figure) */
    /* each book's size is said; over the theme's budget it is a warning */
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s && cp -R %s/themes/portal th && sed -i "
                     "'s/^epub_budget_kb: .*/epub_budget_kb: 1/' th/theme.yml && %s build --theme th --out o5 2>&1", site, getenv("PWD"),
               t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "vi/epub/sach.epub: warning: the book is ");
    CHECK_HAS(out.data, "over the theme's budget of 1 KB (epub_budget_kb in theme.yml)");
    CHECK_HAS(out.data, "  vi/epub/sach.epub: ");
    CHECK_HAS(out.data, " KB, 1 chapter\n");
    /* a symbolic link planted in the cache would publish any file: refused */
    CHECK_INT(run_fmt(&out, "cd %s && d=$(ls -d .loa-cache/photos/* | head -1) && rm -f $d/480.jpg"
                            " && ln -s /etc/passwd $d/480.jpg && %s build --theme %s/themes/portal "
                            "--out o6 2>&1; echo rc=$?; test ! -e o6", site, t_loa(), getenv("PWD")), 0);
    CHECK_HAS(out.data, "error: a symbolic link inside loa's cache; loa never makes one");
    CHECK_HAS(out.data, "rc=1");
    buf_clear(&cmd);
    buf_printf(&cmd, "rm -rf %s/.loa-cache", site);
    t_run(cmd.data, NULL);
    /* a text file named .jpg: an error naming it, nothing published */
    t_write(site, "content/stories/truong/gia.jpg", "not an image");
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s && %s build --theme %s/themes/portal --out o3 2>&1", site, t_loa(),
               getenv("PWD"));
    CHECK_INT(t_run(cmd.data, &out), 1);
    CHECK_HAS(out.data, "gia.jpg: error: not a JPEG, PNG or WebP file");
    /* libvips is opened when a photo is first made: without it, an error
     * that says what to install, and no site */
    CHECK_INT(run_fmt(&out, "cd %s && rm -f content/stories/truong/gia.jpg && rm -rf .loa-cache && "
                            "LOA_VIPS_LIBRARY=libloa-no-such-vips.so.0 %s build --theme "
                            "%s/themes/portal --out o7 2>&1; echo rc=$?; test ! -e o7", site, t_loa(),
                      getenv("PWD")), 0);
    CHECK_HAS(out.data, "anh.jpg: error: ");
    CHECK_HAS(out.data, "libvips is not installed (libloa-no-such-vips.so.0: cannot open shared "
                        "object file");
    CHECK_HAS(out.data, "apt install libvips42");
    CHECK_HAS(out.data, "rc=1");
    free(pp);
    free(site);
    free(photo);
    buf_release(&page);
    buf_release(&cmd);
    buf_release(&out);
}

void suite_photo(void)
{
    char *dir = t_tmpdir("photo");
    publishes_upright_and_stripped(dir);
    bad_input(dir);
    site_build(dir);
    CHECK(t_tmpdir_done(dir) == 0);
}
