/* epub: epub_write, from book model to .epub file.
 *
 *   check the model -> read images and fonts -> check chapter bodies ->
 *   build the template context -> render every document -> zip them in a
 *   fixed order into OUT.tmp -> rename to OUT
 *
 * All documents are rendered before the container is opened, so a
 * template error never leaves even a temporary file behind. */
#include "epub_impl.h"
#include "epub_zip.h"
#include "../data/value.h"
#include "../util/diag.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct book_file {
    const char *name;       /* path in the container */
    const char *data;
    size_t len;
    enum ocf_method how;
};

struct file_list {
    struct book_file *f;
    size_t n, cap;
};

static const char mimetype[] = "application/epub+zip";

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

/* Apple Books ignores embedded fonts unless the book asks for them. */
static const char ibooks_options[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<display_options>\n"
    "  <platform name=\"*\">\n"
    "    <option name=\"specified-fonts\">true</option>\n"
    "  </platform>\n"
    "</display_options>\n";

static void add_file(struct epub_writer *w, struct file_list *l, const char *name,
                     const char *data, size_t len, enum ocf_method how)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        l->f = arena_grow_array(&w->a, l->f, l->n, cap, sizeof *l->f);
        l->cap = cap;
    }
    l->f[l->n++] = (struct book_file){name, data, len, how};
}

/* Renders template NAME into the arena as EPUB/FILE. */
static int add_doc(struct epub_writer *w, struct file_list *l, const char *tpl,
                   const char *file, const value *ctx, buf *scratch)
{
    buf_clear(scratch);
    if (epub_render(w, tpl, ctx, scratch) < 0) return -1;
    const char *data = arena_strndup(&w->a, scratch->data, scratch->len);
    add_file(w, l, arena_printf(&w->a, "EPUB/%s", file), data, scratch->len, OCF_DEFLATE);
    return 0;
}

static int add_stylesheet(struct epub_writer *w, struct file_list *l, buf *scratch)
{
    buf_clear(scratch);
    if (epub_stylesheet(w, scratch) < 0) return -1;
    epub_font_css(w, scratch);
    const char *data = arena_strndup(&w->a, scratch->data, scratch->len);
    add_file(w, l, "EPUB/style.css", data, scratch->len, OCF_DEFLATE);
    return 0;
}

static int add_front_docs(struct epub_writer *w, struct file_list *l, buf *s)
{
    int rc = 0;
    if (add_doc(w, l, "package.opf", "package.opf", w->ctx, s) < 0) rc = -1;
    if (add_doc(w, l, "nav.xhtml", "nav.xhtml", w->ctx, s) < 0) rc = -1;
    if (add_doc(w, l, "toc.ncx", "toc.ncx", w->ctx, s) < 0) rc = -1;
    if (add_stylesheet(w, l, s) < 0) rc = -1;
    if (w->cover && add_doc(w, l, "cover.xhtml", "cover.xhtml", w->ctx, s) < 0) rc = -1;
    if (w->b->title_page_xhtml && add_doc(w, l, "title.xhtml", "title.xhtml", w->ctx, s) < 0)
        rc = -1;
    return rc;
}

static int add_chapters(struct epub_writer *w, struct file_list *l, buf *s)
{
    for (size_t i = 0; i < w->b->n_chapters; i++) {
        const char *file = arena_printf(&w->a, "chap-%s.xhtml", w->b->chapters[i].slug);
        /* one template error is the same error in every chapter: stop */
        if (add_doc(w, l, "chapter.xhtml", file, epub_chapter_context(w, i), s) < 0) return -1;
    }
    return 0;
}

static void add_res(struct epub_writer *w, struct file_list *l, const struct epub_res *r)
{
    enum ocf_method how = epub_compressible(r->media_type) ? OCF_DEFLATE : OCF_STORE;
    add_file(w, l, arena_printf(&w->a, "EPUB/%s", r->href), r->data.data, r->data.len, how);
}

/* The container's entries, in their final order: mimetype first (OCF). */
static int collect(struct epub_writer *w, struct file_list *l)
{
    add_file(w, l, "mimetype", mimetype, sizeof mimetype - 1, OCF_STORE);
    add_file(w, l, "META-INF/container.xml", container_xml, sizeof container_xml - 1,
             OCF_DEFLATE);
    if (w->n_fonts)
        add_file(w, l, "META-INF/com.apple.ibooks.display-options.xml", ibooks_options,
                 sizeof ibooks_options - 1, OCF_DEFLATE);
    buf scratch = BUF_INIT;
    int rc = add_front_docs(w, l, &scratch);
    if (rc == 0) rc = add_chapters(w, l, &scratch);
    buf_release(&scratch);
    for (size_t i = 0; i < w->n_images; i++) add_res(w, l, &w->images[i]);
    for (size_t i = 0; i < w->n_fonts; i++) add_res(w, l, &w->fonts[i]);
    return rc;
}

static int pack(const struct file_list *l, const char *tmp)
{
    struct ocf *z = ocf_open(tmp);
    if (!z) return -1;
    for (size_t i = 0; i < l->n; i++) {
        const struct book_file *f = &l->f[i];
        if (ocf_add(z, f->name, f->data, f->len, f->how) < 0) {
            ocf_discard(z);
            return -1;
        }
    }
    return ocf_close(z);
}

static int write_book(struct epub_writer *w, const char *out_path)
{
    struct file_list l = {0};
    if (collect(w, &l) < 0) return -1;
    const char *tmp = arena_printf(&w->a, "%s.tmp", out_path);
    if (pack(&l, tmp) < 0) {
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, out_path) < 0) {
        diag_error(DIAG_EPUB_WRITE,
                   out_path, 0, 0, "cannot move book into place: %s", strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int prepare(struct epub_writer *w)
{
    epub_uuid(w->b->id_seed, w->uuid);
    w->modified = epub_iso_time(&w->a, w->b->modified);
    epub_fill_labels(w->b->lang, &w->b->labels, &w->labels);
    int images = epub_load_images(w), fonts = epub_load_fonts(w);
    if (images < 0 || fonts < 0) return -1;
    if (epub_check_bodies(w)) return -1;
    epub_context(w);
    return epub_templates_open(w);
}

int epub_write(const struct epub_book *b, const char *out_path)
{
    if (epub_check_book(b)) return -1;
    struct epub_writer w = {0};
    w.b = b;
    arena_init(&w.a);
    int rc = prepare(&w);
    struct file_list l = {0};
    if (rc == 0 && !out_path) rc = collect(&w, &l) < 0 ? -1 : 0;
    else if (rc == 0) rc = write_book(&w, out_path);
    epub_templates_close(&w);
    epub_release_res(&w);
    arena_release(&w.a);
    return rc;
}
