/* epub_check: what must hold before a book is written.  The site build
 * already checks content; these checks are defence in depth, so that a
 * bad model gives a compiler-style message instead of a book epubcheck
 * rejects.  Every problem is reported, not just the first. */
#include "epub_impl.h"
#include "../util/diag.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ASCII names only: OCF allows UTF-8 file names, but readers and zip tools
 * still mangle them.  With allow_slash, a relative path without "." or
 * ".." segments. */
int epub_is_slug(const char *s, int allow_slash)
{
    if (!s || !*s) return 0;
    const char *seg = s;
    for (const char *p = s;; p++) {
        if (*p == '/' || !*p) {
            size_t n = (size_t)(p - seg);
            if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && !strncmp(seg, "..", 2)))
                return 0;
            if (!*p) return 1;
            if (!allow_slash) return 0;
            seg = p + 1;
        } else if (!epub_slug_char((unsigned char)*p)) {
            return 0;
        }
    }
}

static int is_date(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i]) return 0;
    }
    if (s[10]) return 0;
    int month = atoi(s + 5), day = atoi(s + 8);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int is_lang(const char *s)
{
    if (!s || !isalpha((unsigned char)*s)) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-') return 0;
    return 1;
}

static int is_relator(const char *s)
{
    return strlen(s) == 3 && islower((unsigned char)s[0]) && islower((unsigned char)s[1]) &&
           islower((unsigned char)s[2]);
}

static int empty(const char *s) { return !s || !*s; }

static int check_metadata(const struct epub_book *b)
{
    int n = 0;
    const char *t = empty(b->title) ? "(untitled)" : b->title;
    if (empty(b->title)) { diag_error(DIAG_EPUB_METADATA, NULL, 0, 0, "book: no title"); n++; }
    if (empty(b->id_seed)) { diag_error(DIAG_EPUB_METADATA,
                                        NULL, 0, 0, "book '%s': no id_seed", t); n++; }
    if (!is_lang(b->lang)) {
        diag_error(DIAG_EPUB_METADATA,
                   NULL, 0, 0, "book '%s': language '%s' is not a BCP 47 tag", t,
                   b->lang ? b->lang : "");
        n++;
    }
    if (b->dir && strcmp(b->dir, "ltr") && strcmp(b->dir, "rtl")) {
        diag_error(DIAG_EPUB_METADATA,
                   NULL, 0, 0, "book '%s': dir '%s' is not ltr or rtl", t, b->dir);
        n++;
    }
    if (b->creator_role && !is_relator(b->creator_role)) {
        diag_error(DIAG_EPUB_METADATA,
                   NULL, 0, 0, "book '%s': creator role '%s' is not a MARC relator code "
                   "(aut, edt, trl...)", t, b->creator_role);
        n++;
    }
    if (b->date && !is_date(b->date)) {
        diag_error(DIAG_EPUB_METADATA,
                   NULL, 0, 0, "book '%s': date '%s' is not a date (expected YYYY-MM-DD)", t,
                   b->date);
        n++;
    }
    if (b->modified < 0) { diag_error(DIAG_EPUB_METADATA,
                                      NULL, 0, 0, "book '%s': modified time is negative", t); n++; }
    if (b->n_chapters == 0) { diag_error(DIAG_EPUB_NO_CHAPTERS,
                                         NULL, 0, 0, "book '%s': no chapters", t); n++; }
    return n;
}

static int check_chapter(const struct epub_book *b, size_t i)
{
    const struct epub_chapter *c = &b->chapters[i];
    const char *f = c->source_file;
    int n = 0;
    if (empty(c->title)) { diag_error(DIAG_EPUB_CHAPTER,
                                      f, 0, 0, "book chapter %zu has no title", i + 1); n++; }
    if (!c->body_xhtml) { diag_error(DIAG_EPUB_CHAPTER,
                                     f, 0, 0, "book chapter %zu has no body", i + 1); n++; }
    if (!epub_is_slug(c->slug, 0)) {
        diag_error(DIAG_EPUB_CHAPTER,
                   f, 0, 0, "book chapter slug '%s' is not an ASCII slug ([A-Za-z0-9._-])",
                   c->slug ? c->slug : "");
        return n + 1;
    }
    for (size_t j = 0; j < i; j++) {
        if (b->chapters[j].slug && !strcmp(b->chapters[j].slug, c->slug)) {
            diag_error(DIAG_EPUB_CHAPTER,
                       f, 0, 0, "book chapter slug '%s' is used twice (also chapter %zu)", c->slug,
                       j + 1);
            return n + 1;
        }
    }
    return n;
}

static int check_image(const struct epub_book *b, size_t i)
{
    const struct epub_image *im = &b->images[i];
    if (!im->src_path) { diag_error(DIAG_EPUB_IMAGE_PATH,
                                    NULL, 0, 0, "book image %zu has no file", i + 1); return 1; }
    if (!epub_is_slug(im->href, 1)) {
        diag_error(DIAG_EPUB_IMAGE_PATH,
                   im->src_path, 0, 0, "book image path '%s' is not an ASCII slug path",
                   im->href ? im->href : "");
        return 1;
    }
    for (size_t j = 0; j < i; j++) {
        const struct epub_image *o = &b->images[j];
        if (o->href && !strcmp(o->href, im->href) && strcmp(o->src_path, im->src_path)) {
            diag_error(DIAG_EPUB_IMAGE_PATH,
                       im->src_path, 0, 0, "book image path '%s' is also used by %s", im->href,
                       o->src_path);
            return 1;
        }
    }
    return 0;
}

int epub_check_book(const struct epub_book *b)
{
    int n = check_metadata(b);
    for (size_t i = 0; i < b->n_chapters; i++) n += check_chapter(b, i);
    for (size_t i = 0; i < b->n_images; i++) n += check_image(b, i);
    return n;
}

/* --- bodies: every <img> has alt text and a src inside the book ---------- */

struct tag_attr { const char *val; size_t len; int found; };

/* Finds name="..." in the tag that starts at p (after "<img"); returns
 * where the tag ends.  Bodies are well-formed XHTML, so attributes are
 * quoted and '>' inside quotes is skipped. */
static const char *scan_img(const char *p, struct tag_attr *alt, struct tag_attr *src)
{
    while (*p && *p != '>') {
        while (isspace((unsigned char)*p) || *p == '/') p++;
        const char *name = p;
        while (*p && *p != '=' && *p != '>' && !isspace((unsigned char)*p)) p++;
        size_t nlen = (size_t)(p - name);
        while (isspace((unsigned char)*p)) p++;
        if (*p != '=') continue;
        p++;
        while (isspace((unsigned char)*p)) p++;
        char q = *p;
        if (q != '"' && q != '\'') continue;
        const char *v = ++p;
        while (*p && *p != q) p++;
        struct tag_attr *a = nlen == 3 && !strncmp(name, "alt", 3) ? alt
                           : nlen == 3 && !strncmp(name, "src", 3) ? src : NULL;
        if (a) { a->val = v; a->len = (size_t)(p - v); a->found = 1; }
        if (*p) p++;
    }
    return p;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i])) return 0;
    return 1;
}

static int in_book(const struct epub_writer *w, const char *s, size_t n)
{
    for (size_t i = 0; i < w->n_images; i++)
        if (strlen(w->images[i].href) == n && !strncmp(w->images[i].href, s, n)) return 1;
    return 0;
}

static int check_img(const struct epub_writer *w, const char *file, struct tag_attr alt,
                     struct tag_attr src)
{
    int n = 0;
    int ns = (int)src.len;
    if (!alt.found || blank(alt.val, alt.len)) {
        diag_error(DIAG_EPUB_IMAGE_ALT,
                   file, 0, 0, "image '%.*s' has no alt text (books need a text alternative "
                   "for every image)", ns, src.val ? src.val : "");
        n++;
    }
    if (!src.found || !src.len) {
        diag_error(DIAG_EPUB_IMAGE_NOT_IN_BOOK, file, 0, 0, "an image has no src");
        n++;
    } else if (memchr(src.val, ':', src.len) || !strncmp(src.val, "//", 2)) {
        diag_error(DIAG_EPUB_IMAGE_NOT_IN_BOOK,
                   file, 0, 0, "image '%.*s' is not in the book (remote images cannot be "
                   "read offline)", ns, src.val);
        n++;
    } else if (!in_book(w, src.val, src.len)) {
        diag_error(DIAG_EPUB_IMAGE_NOT_IN_BOOK,
                   file, 0, 0, "image '%.*s' is not among the book's images", ns, src.val);
        n++;
    }
    return n;
}

static int check_body(const struct epub_writer *w, const char *file, const char *body)
{
    int n = 0;
    for (const char *p = body; (p = strstr(p, "<img")) != NULL;) {
        p += 4;
        if (!isspace((unsigned char)*p) && *p != '/' && *p != '>') continue;
        struct tag_attr alt = {0}, src = {0};
        p = scan_img(p, &alt, &src);
        n += check_img(w, file, alt, src);
    }
    return n;
}

int epub_check_bodies(const struct epub_writer *w)
{
    const struct epub_book *b = w->b;
    int n = 0;
    for (size_t i = 0; i < b->n_chapters; i++) {
        const struct epub_chapter *c = &b->chapters[i];
        n += check_body(w, c->source_file ? c->source_file : c->slug, c->body_xhtml);
    }
    if (b->title_page_xhtml) n += check_body(w, "title page", b->title_page_xhtml);
    return n;
}
