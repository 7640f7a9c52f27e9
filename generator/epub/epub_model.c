/* epub_model: the template context.  Everything the package document,
 * navigation and content templates need is computed here (manifest,
 * spine, play order, accessibility lists), so templates stay plain data
 * walks and a theme cannot get the spine and the NCX out of step.  The
 * fields are documented in builtin_templates.c and the theme README. */
#include "epub_impl.h"
#include "../data/value.h"
#include "../markdown/markdown.h"

#include <string.h>
#include <time.h>

#ifndef LOA_VERSION
#define LOA_VERSION "unknown"   /* the Makefile defines it */
#endif

struct label_set { const char *lang; struct epub_labels l; const char *summary; };

static const struct label_set label_sets[] = {
    {"vi", {"Mục lục", "Bìa", "Điểm mốc", "Bắt đầu đọc"},
     "Ấn phẩm có mục lục, các chương và tiêu đề theo đúng thứ tự đọc, "
     "và văn bản thay thế cho mọi hình ảnh. "
     "Người đọc có thể đổi phông chữ, cỡ chữ và màu nền."},
    {"en", {"Contents", "Cover", "Landmarks", "Start reading"},
     "This publication has a table of contents, chapters and headings in reading "
     "order, and a text alternative for every image. Readers can change the font, "
     "text size and colours."},
};

static const struct label_set *labels_for(const char *lang)
{
    for (size_t i = 0; i < sizeof label_sets / sizeof label_sets[0]; i++) {
        size_t n = strlen(label_sets[i].lang);
        if (!strncmp(lang, label_sets[i].lang, n) && (!lang[n] || lang[n] == '-'))
            return &label_sets[i];
    }
    return &label_sets[1];
}

void epub_fill_labels(const char *lang, const struct epub_labels *given, struct epub_labels *out)
{
    const struct epub_labels *d = &labels_for(lang)->l;
    out->contents = given->contents ? given->contents : d->contents;
    out->cover = given->cover ? given->cover : d->cover;
    out->landmarks = given->landmarks ? given->landmarks : d->landmarks;
    out->start = given->start ? given->start : d->start;
}

const char *epub_iso_time(arena *a, long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return "1970-01-01T00:00:00Z";
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(a, s);
}

/* --- small builders ------------------------------------------------------- */

static void set_opt(arena *a, value *m, const char *key, const char *s)
{
    if (s && *s) val_add(a, m, key, val_str(a, s));
}

static void push_str(arena *a, value *list, const char *s) { val_push(a, list, val_str(a, s)); }

static value *item(arena *a, const char *id, const char *href, const char *mt, const char *props)
{
    value *m = val_map(a);
    val_add(a, m, "id", val_str(a, id));
    val_add(a, m, "href", val_str(a, href));
    val_add(a, m, "media_type", val_str(a, mt));
    set_opt(a, m, "properties", props);
    return m;
}

static value *spine_ref(arena *a, const char *idref, const char *href)
{
    value *m = val_map(a);
    val_add(a, m, "idref", val_str(a, idref));
    val_add(a, m, "href", val_str(a, href));
    return m;
}

/* --- chapters ------------------------------------------------------------- */

static value *heading_list(struct epub_writer *w, const struct epub_chapter *c,
                           const char *href, int *order)
{
    arena *a = &w->a;
    value *list = val_list(a);
    for (size_t i = 0; i < c->n_headings; i++) {
        const struct md_heading *h = &c->headings[i];
        if (h->level != 2 || !h->id || !*h->id) continue;
        value *m = val_map(a);
        val_add(a, m, "id", val_str(a, h->id));
        val_add(a, m, "title", val_str(a, h->text));
        val_add(a, m, "href", val_str(a, arena_printf(a, "%s#%s", href, h->id)));
        val_add(a, m, "play_order", val_int(a, ++*order));
        val_add(a, m, "nav_id", val_str(a, arena_printf(a, "np-%d", *order)));
        val_push(a, list, m);
    }
    return list;
}

/* Content documents with inline SVG or MathML must say so in the
 * manifest, or epubcheck (and Apple Books) reject them. */
static const char *doc_properties(const char *body)
{
    int svg = strstr(body, "<svg") != NULL, math = strstr(body, "<math") != NULL;
    return svg && math ? "mathml svg" : svg ? "svg" : math ? "mathml" : NULL;
}

static value *chapter_value(struct epub_writer *w, size_t i, int *order)
{
    arena *a = &w->a;
    const struct epub_chapter *c = &w->b->chapters[i];
    const char *href = arena_printf(a, "chap-%s.xhtml", c->slug);
    value *m = val_map(a);
    val_add(a, m, "id", val_str(a, arena_printf(a, "chap-%s", c->slug)));
    val_add(a, m, "href", val_str(a, href));
    val_add(a, m, "slug", val_str(a, c->slug));
    val_add(a, m, "title", val_str(a, c->title));
    val_add(a, m, "number", val_int(a, (long long)i + 1));
    val_add(a, m, "play_order", val_int(a, ++*order));
    val_add(a, m, "nav_id", val_str(a, arena_printf(a, "np-%d", *order)));
    val_add(a, m, "body", val_str_nocopy(a, c->body_xhtml, strlen(c->body_xhtml)));
    set_opt(a, m, "properties", doc_properties(c->body_xhtml));
    value *hs = heading_list(w, c, href, order);
    val_add(a, m, "headings", hs);
    val_add(a, m, "has_headings", val_bool(a, hs->u.list.n > 0));
    return m;
}

static void add_chapters(struct epub_writer *w, value *root)
{
    value *list = val_list(&w->a);
    int order = 0, depth = 1;
    for (size_t i = 0; i < w->b->n_chapters; i++) {
        value *c = chapter_value(w, i, &order);
        if (val_truthy(val_get(c, "has_headings"))) depth = 2;
        val_push(&w->a, list, c);
    }
    val_add(&w->a, root, "chapters", list);
    if (list->u.list.n) val_add(&w->a, root, "first_chapter", list->u.list.items[0]);
    val_add(&w->a, root, "ncx_depth", val_int(&w->a, depth));
}

/* --- resources ------------------------------------------------------------ */

static value *res_value(arena *a, const struct epub_res *r)
{
    value *m = item(a, r->id, r->href, r->media_type, NULL);
    if (r->width > 0 && r->height > 0) {
        val_add(a, m, "width", val_int(a, r->width));
        val_add(a, m, "height", val_int(a, r->height));
    }
    if (r->family) {
        val_add(a, m, "family", val_str(a, r->family));
        val_add(a, m, "weight", val_int(a, r->weight));
        val_add(a, m, "style", val_str(a, r->italic ? "italic" : "normal"));
    }
    return m;
}

static void add_resources(struct epub_writer *w, value *root)
{
    arena *a = &w->a;
    value *images = val_list(a), *fonts = val_list(a);
    for (size_t i = 0; i < w->n_images; i++)
        if (&w->images[i] != w->cover) val_push(a, images, res_value(a, &w->images[i]));
    for (size_t i = 0; i < w->n_fonts; i++) val_push(a, fonts, res_value(a, &w->fonts[i]));
    val_add(a, root, "images", images);
    val_add(a, root, "fonts", fonts);
    val_add(a, root, "has_images", val_bool(a, images->u.list.n > 0 || w->cover));
    val_add(a, root, "has_fonts", val_bool(a, fonts->u.list.n > 0));
    if (!w->cover) return;
    const struct epub_book *b = w->b;
    value *c = res_value(a, w->cover);
    val_add(a, c, "image_id", val_str(a, w->cover->id));
    val_add(a, c, "page_href", val_str(a, "cover.xhtml"));
    val_add(a, c, "alt", val_str(a, b->cover_alt && *b->cover_alt ? b->cover_alt : b->title));
    val_add(a, root, "cover", c);
}

/* Every file of the book but mimetype, META-INF and the package document
 * itself, in the order they are zipped. */
static void add_manifest(struct epub_writer *w, value *root)
{
    arena *a = &w->a;
    value *man = val_list(a), *spine = val_list(a);
    const char *xhtml = "application/xhtml+xml";
    val_push(a, man, item(a, "nav", "nav.xhtml", xhtml, "nav"));
    val_push(a, man, item(a, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL));
    val_push(a, man, item(a, "css", "style.css", "text/css", NULL));
    if (w->cover) {
        val_push(a, man, item(a, "cover", "cover.xhtml", xhtml, NULL));
        val_push(a, spine, spine_ref(a, "cover", "cover.xhtml"));
    }
    if (w->b->title_page_xhtml) {
        val_push(a, man, item(a, "titlepage", "title.xhtml", xhtml, NULL));
        val_push(a, spine, spine_ref(a, "titlepage", "title.xhtml"));
    }
    val_push(a, spine, spine_ref(a, "nav", "nav.xhtml"));
    value *chs = val_get(root, "chapters");
    for (size_t i = 0; i < chs->u.list.n; i++) {
        value *c = chs->u.list.items[i];
        const char *id = val_cstr(val_get(c, "id")), *href = val_cstr(val_get(c, "href"));
        val_push(a, man, item(a, id, href, xhtml, val_cstr(val_get(c, "properties"))));
        val_push(a, spine, spine_ref(a, id, href));
    }
    for (size_t i = 0; i < w->n_images; i++) {
        const struct epub_res *r = &w->images[i];
        const char *props = r == w->cover ? "cover-image" : NULL;
        val_push(a, man, item(a, r->id, r->href, r->media_type, props));
    }
    for (size_t i = 0; i < w->n_fonts; i++)
        val_push(a, man, item(a, w->fonts[i].id, w->fonts[i].href, w->fonts[i].media_type, NULL));
    val_add(a, root, "manifest", man);
    val_add(a, root, "spine", spine);
}

/* --- metadata ------------------------------------------------------------- */

static void add_accessibility(struct epub_writer *w, value *root)
{
    arena *a = &w->a;
    int images = w->n_images > 0;
    value *modes = val_list(a), *feats = val_list(a);
    push_str(a, modes, "textual");
    if (images) push_str(a, modes, "visual");
    push_str(a, feats, "structuralNavigation");
    push_str(a, feats, "tableOfContents");
    push_str(a, feats, "readingOrder");
    if (images) push_str(a, feats, "alternativeText");
    push_str(a, feats, "displayTransformability");
    val_add(a, root, "access_modes", modes);
    val_add(a, root, "accessibility_features", feats);
    const char *sum = w->b->accessibility_summary;
    val_add(a, root, "accessibility_summary",
            val_str(a, sum && *sum ? sum : labels_for(w->b->lang)->summary));
    val_add(a, root, "conforms_to", val_str(a, "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"));
    set_opt(a, root, "certified_by", w->b->accessibility_certified_by);
}

static void add_labels(struct epub_writer *w, value *root)
{
    arena *a = &w->a;
    value *l = val_map(a);
    val_add(a, l, "contents", val_str(a, w->labels.contents));
    val_add(a, l, "cover", val_str(a, w->labels.cover));
    val_add(a, l, "landmarks", val_str(a, w->labels.landmarks));
    val_add(a, l, "start", val_str(a, w->labels.start));
    val_add(a, root, "labels", l);
}

static void add_metadata(struct epub_writer *w, value *root)
{
    arena *a = &w->a;
    const struct epub_book *b = w->b;
    const char *dir = b->dir ? b->dir : "ltr";
    val_add(a, root, "title", val_str(a, b->title));
    set_opt(a, root, "subtitle", b->subtitle);
    val_add(a, root, "lang", val_str(a, b->lang));
    val_add(a, root, "dir", val_str(a, dir));
    val_add(a, root, "is_rtl", val_bool(a, !strcmp(dir, "rtl")));
    val_add(a, root, "uuid", val_str(a, w->uuid));
    val_add(a, root, "identifier", val_str(a, arena_printf(a, "urn:uuid:%s", w->uuid)));
    set_opt(a, root, "creator", b->creator);
    val_add(a, root, "creator_role", val_str(a, b->creator_role ? b->creator_role : "aut"));
    set_opt(a, root, "publisher", b->publisher);
    set_opt(a, root, "description", b->description);
    set_opt(a, root, "date", b->date);
    set_opt(a, root, "rights", b->rights);
    val_add(a, root, "modified", val_str(a, w->modified));
    val_add(a, root, "stylesheet", val_str(a, "style.css"));
    val_add(a, root, "generator", val_str(a, "loa " LOA_VERSION));
    if (b->series && *b->series) {
        value *s = val_map(a);
        val_add(a, s, "name", val_str(a, b->series));
        if (b->series_position > 0) val_add(a, s, "position", val_int(a, b->series_position));
        val_add(a, root, "series", s);
    }
    if (b->title_page_xhtml) {
        value *t = val_map(a);
        val_add(a, t, "href", val_str(a, "title.xhtml"));
        val_add(a, t, "body", val_str_nocopy(a, b->title_page_xhtml, strlen(b->title_page_xhtml)));
        val_add(a, root, "title_page", t);
    }
}

value *epub_context(struct epub_writer *w)
{
    value *root = val_map(&w->a);
    add_metadata(w, root);
    add_labels(w, root);
    add_accessibility(w, root);
    add_chapters(w, root);
    add_resources(w, root);
    add_manifest(w, root);
    return w->ctx = root;
}

/* One map for all chapter documents: the root's entries plus "chapter",
 * whose value is swapped per chapter (documents render one at a time). */
value *epub_chapter_context(struct epub_writer *w, size_t i)
{
    value *chapter = val_get(w->ctx, "chapters")->u.list.items[i];
    value *m = w->chapter_ctx;
    if (m) {
        m->u.map.e[m->u.map.n - 1].val = chapter;
        return m;
    }
    const value *root = w->ctx;
    m = w->chapter_ctx = val_map(&w->a);
    for (size_t k = 0; k < root->u.map.n; k++)
        val_add(&w->a, m, root->u.map.e[k].key, root->u.map.e[k].val);
    val_add(&w->a, m, "chapter", chapter);
    return m;
}
