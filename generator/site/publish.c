/* publish: which pages become books, and the books themselves.
 * Every e-magazine series (a section of type emagazine) in every language
 * it exists in, and every collection under `publications:` in site.yml,
 * per language.  Books are written in parallel into the staging folder at
 * <lang>/epub/<slug>.epub before the pages, so pages can show their sizes. */
#include "site.h"
#include "output.h"
#include "assets.h"
#include "media.h"
#include "book_key.h"
#include "context.h"
#include "../data/value.h"
#include "../epub/epub.h"
#include "../data/yaml.h"
#include "../i18n/strings.h"
#include "../markdown/markdown.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/pool.h"
#include "../util/text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A site.yml value that is text or a per-language map {vi: ..., en: ...}. */
static const char *loc_str(const struct site *s, const value *v, const struct lang *L)
{
    if (!v) return NULL;
    if (v->kind == VAL_STR) return v->u.str.s;
    if (v->kind != VAL_MAP) return NULL;
    for (size_t c = 0; c < L->n_chain; c++) {
        const char *t = val_cstr(val_get(v, L->chain[c]));
        if (t) return t;
    }
    (void)s;
    return NULL;
}

/* A publication field for language L: languages.<code>.<key>, else <key>
 * (text or a per-language map). */
static const char *pub_str(const struct site *s, const value *spec, const char *key, const struct lang *L)
{
    const value *langs = val_get(spec, "languages");
    if (langs && langs->kind == VAL_MAP) {
        const char *t = val_cstr(val_get(val_get(langs, L->code), key));
        if (t) return t;
    }
    return loc_str(s, val_get(spec, key), L);
}

static const char *pub_slug(const value *spec)
{
    const char *slug = val_cstr(val_get(spec, "slug"));
    return slug ? slug : val_cstr(val_get(spec, "id"));
}

static int pub_wants(const value *spec, const struct lang *L)
{
    const value *langs = val_get(spec, "languages");
    if (!langs) return 1;
    if (langs->kind == VAL_MAP) return val_get(langs, L->code) != NULL;
    for (size_t k = 0; langs->kind == VAL_LIST && k < langs->u.list.n; k++)
        if (val_cstr(langs->u.list.items[k]) && !strcmp(val_cstr(langs->u.list.items[k]), L->code)) return 1;
    return 0;
}

/* A series named under publications: gets that entry's metadata instead of
 * a book of its own. */
static const value *series_spec(const struct site *s, const struct page *sec)
{
    const value *list = s->cfg.publications;
    for (size_t i = 0; list && list->kind == VAL_LIST && i < list->u.list.n; i++) {
        const value *spec = list->u.list.items[i];
        const char *sect = val_cstr(val_get(spec, "section"));
        const char *kind = val_cstr(val_get(spec, "kind"));
        if (sect && kind && !strcmp(kind, "series") && !strcmp(sect, sec->rel_dir)) return spec;
    }
    return NULL;
}

static int cmp_date_asc(const void *x, const void *y)
{
    const struct page *a = *(struct page *const *)x, *b = *(struct page *const *)y;
    return a->date_t < b->date_t ? -1 : a->date_t > b->date_t;
}

static int cmp_title(const void *x, const void *y)
{
    const struct page *a = *(struct page *const *)x, *b = *(struct page *const *)y;
    return strcmp(a->title ? a->title : "", b->title ? b->title : "");
}

static void add_pub(struct site *s, struct publication *p)
{
    s->pubs = realloc(s->pubs, (s->n_pubs + 1) * sizeof *s->pubs);
    if (!s->pubs) die_oom();
    s->pubs[s->n_pubs++] = *p;
}

/* Books go to <lang>/epub/<slug>.epub in every language; a language on a
 * domain of its own serves that folder at its root. */
static void set_paths(struct site *s, struct publication *pub)
{
    const struct lang *L = config_lang(&s->cfg, pub->lang);
    pub->out_rel = arena_printf(&s->a, "%s/epub/%s.epub", pub->lang, pub->slug);
    int own_domain = !*L->prefix && *L->out_prefix;
    pub->url = site_url(L, own_domain ? arena_printf(&s->a, "epub/%s.epub", pub->slug)
                                      : pub->out_rel, &s->a);
}

static void plan_series(struct site *s)
{
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (p->kind != PK_SECTION || !p->ct || !ctype_def(p->ct)->series_book || !p->n_children)
            continue;
        if (p->fallback_of && !p->src) continue;   /* a series shown from another language is no book */
        size_t real = 0;
        for (size_t k = 0; k < p->n_children; k++) real += !p->children[k]->is_fallback;
        if (!real) continue;
        struct publication pub = {0};
        const value *spec = series_spec(s, p);
        if (spec && !pub_wants(spec, p->L)) continue;
        pub.series = p;
        pub.spec = (value *)spec;
        pub.lang = p->lang;
        const char *sl = strrchr(p->path, '/');
        pub.slug = spec && pub_slug(spec) ? pub_slug(spec) : sl ? sl + 1 : p->path;
        pub.title = spec && pub_str(s, spec, "title", p->L) ? pub_str(s, spec, "title", p->L) : p->title;
        pub.subtitle = spec && pub_str(s, spec, "subtitle", p->L) ? pub_str(s, spec, "subtitle", p->L)
                       : val_cstr(val_get(p->fm, "standfirst"));
        pub.chapters = arena_alloc(&s->a, (p->n_children + 1) * sizeof *pub.chapters);
        for (size_t k = 0; k < p->n_children; k++)
            if (!p->children[k]->is_fallback) pub.chapters[pub.n_chapters++] = p->children[k];
        set_paths(s, &pub);
        add_pub(s, &pub);
    }
}

static struct page *find_page(struct site *s, const char *src, const struct lang *L)
{
    struct page *p = hmap_get(&s->by_src, src);
    if (!p) return NULL;
    return p->tr && p->tr[L->index] && !p->tr[L->index]->is_fallback ? p->tr[L->index] : NULL;
}

static void plan_collection(struct site *s, value *spec, const struct lang *L)
{
    const char *slug = pub_slug(spec);
    const char *section = val_cstr(val_get(spec, "section"));
    value *pages = val_get(spec, "pages");
    struct page **ch = arena_alloc(&s->a, (s->n_pages + 1) * sizeof *ch);
    size_t n = 0;
    if (section) {
        for (size_t i = 0; i < s->n_pages; i++) {
            struct page *p = s->pages[i];
            if (p->kind == PK_SECTION && p->L == L && !strcmp(p->rel_dir, section))
                for (size_t k = 0; k < p->n_children; k++)
                    if (!p->children[k]->is_fallback) ch[n++] = p->children[k];
        }
    }
    for (size_t i = 0; pages && pages->kind == VAL_LIST && i < pages->u.list.n; i++) {
        value *it = pages->u.list.items[i];
        const char *src = val_cstr(it);
        struct page *p = src ? find_page(s, arena_printf(&s->a, "%s/%s", s->o.content_dir, src), L) : NULL;
        if (p) ch[n++] = p;
        else if (src && !hmap_get(&s->by_src, arena_printf(&s->a, "%s/%s", s->o.content_dir, src)) &&
                 !(s->partial && fs_is_file(arena_printf(&s->a, "%s/%s", s->o.content_dir, src))))
            diag_error(DIAG_PUB_NO_FILE,
                       s->cfg.file, it->line, it->col, "publication '%s': no content file '%s'", slug, src);
    }
    if (!n) return;
    const char *order = val_cstr(val_get(spec, "order"));
    if (order && !strcmp(order, "date")) qsort(ch, n, sizeof *ch, cmp_date_asc);
    else if (order && !strcmp(order, "title")) qsort(ch, n, sizeof *ch, cmp_title);
    struct publication pub = {0};
    pub.spec = spec;
    pub.lang = L->code;
    pub.slug = slug;
    pub.title = pub_str(s, spec, "title", L);
    pub.subtitle = pub_str(s, spec, "subtitle", L);
    pub.chapters = ch;
    pub.n_chapters = n;
    set_paths(s, &pub);
    add_pub(s, &pub);
}

static void plan_collections(struct site *s)
{
    value *list = s->cfg.publications;
    if (!list) return;
    if (list->kind != VAL_LIST) {
        diag_error(DIAG_PUB_LIST,
                   s->cfg.file, list->line, list->col, "'publications' must be a list of books");
        return;
    }
    for (size_t i = 0; i < list->u.list.n; i++) {
        value *spec = list->u.list.items[i];
        const char *kind = val_cstr(val_get(spec, "kind"));
        if (kind && !strcmp(kind, "series")) continue;   /* metadata for a series book, see plan_series */
        if (kind && strcmp(kind, "collection")) {
            value *k = val_get(spec, "kind");
            diag_error(DIAG_PUB_KIND,
                       s->cfg.file, k->line, k->col, "publication kind must be 'collection' or 'series'");
            continue;
        }
        if (!pub_slug(spec) || (!val_get(spec, "section") && !val_get(spec, "pages"))) {
            diag_error(DIAG_PUB_NEEDS,
                       s->cfg.file, spec->line, spec->col, "a publication needs 'id' (or 'slug') and "
                       "'section' or 'pages'");
            continue;
        }
        for (size_t l = 0; l < s->cfg.n_langs; l++)
            if (pub_wants(spec, &s->cfg.langs[l])) plan_collection(s, spec, &s->cfg.langs[l]);
    }
}

/* --- one book -------------------------------------------------------------- */

struct book_ctx { struct site *s; const struct publication *pub; const struct page *p; arena *a;
                  struct epub_image *imgs; size_t n_imgs, cap_imgs; int bad; };

static const char *book_image(void *ud, const char *src, const char *alt, unsigned line, unsigned col)
{
    struct book_ctx *b = ud;
    struct page_image im;
    int r = asset_resolve(b->s, b->p, src, &im, b->a);
    if (r < 0) {   /* the page's own render reports it: once is enough */
        b->bad = 1;
        return NULL;
    }
    if (!alt || !*alt) {
        diag_error(DIAG_EPUB_IMAGE_ALT,
                   b->p->src, line, col, "image '%s' has no alt text; every image in a book needs one "
                   "(write it in ![...])", src);
        b->bad = 1;
    }
    if (r == 1) {
        diag_warn(DIAG_PUB_REMOTE_IMAGE,
                  b->p->src, line, col, "remote image '%s' cannot go into the book '%s'; it is left out "
                  "and its alt text shown instead", src, b->pub->slug);
        return MD_IMAGE_DROP;
    }
    /* the book gets a copy at most images.book_width wide, without metadata */
    const char *file = media_book_file(b->s, im.src_path, b->a);
    if (!file) {
        b->bad = 1;
        return NULL;
    }
    for (size_t i = 0; i < b->n_imgs; i++)
        if (!strcmp(b->imgs[i].src_path, file)) return b->imgs[i].href;
    const char *base = strrchr(im.src_path, '/');
    base = base ? base + 1 : im.src_path;
    const char *dot = strrchr(base, '.');
    buf slug = BUF_INIT;
    text_slugify(base, dot ? (size_t)(dot - base) : strlen(base), &slug);
    const char *href = arena_printf(b->a, "images/%zu-%s%s", b->n_imgs + 1, slug.data, dot ? dot : "");
    buf_release(&slug);
    if (b->n_imgs == b->cap_imgs) {
        b->cap_imgs = b->cap_imgs ? b->cap_imgs * 2 : 8;
        b->imgs = arena_grow_array(b->a, b->imgs, b->n_imgs, b->cap_imgs, sizeof *b->imgs);
    }
    b->imgs[b->n_imgs++] = (struct epub_image){file, href};
    return href;
}

/* "/x/" written in a chapter: in a book it can only mean the site's page,
 * at its full address (under base_url's path). */
static const char *site_path_link(struct book_ctx *b, const char *href)
{
    if (href[0] != '/' || href[1] == '/') return NULL;
    const char *why, *to = asset_link_resolve(b->s, b->p, href, &why, b->a);
    if (!to) to = site_url(b->p->L, href, b->a);
    return site_permalink(b->s, b->p->L, to, b->a);
}

static const char *book_link(void *ud, const char *href, unsigned line, unsigned col)
{
    struct book_ctx *b = ud;
    const char *frag;
    int missing;
    struct page *t = asset_link_target(b->s, b->p, href, &frag, &missing, b->a);
    (void)line;
    (void)col;
    if (missing) {   /* reported by the page's own render */
        b->bad = 1;
        return NULL;
    }
    if (!t) return site_path_link(b, href);
    for (size_t i = 0; i < b->pub->n_chapters; i++)   /* a chapter of this book: link inside it */
        if (b->pub->chapters[i] == t) return arena_printf(b->a, "chap-%zu.xhtml%s", i + 1, frag);
    return arena_printf(b->a, "%s%s", site_permalink(b->s, t->L, t->url, b->a), frag);
}

/* The cover: languages.<code>.cover or cover in site.yml (relative to the
 * content folder), else the series' own cover.  Sets *img (url, file). */
static const char *cover_of(struct site *s, const struct publication *pub, const char **alt, arena *a,
                            struct page_image *img)
{
    const struct lang *L = config_lang(&s->cfg, pub->lang);
    const char *spec_cover = pub->spec ? pub_str(s, pub->spec, "cover", L) : NULL;
    const struct page *owner = spec_cover ? NULL : pub->series;
    const value *lang_spec = pub->spec ? val_get(val_get(pub->spec, "languages"), L->code) : NULL;
    const value *ref = owner ? val_get(owner->fm, "cover")
                       : val_get(lang_spec, "cover") ? val_get(lang_spec, "cover") : val_get(pub->spec, "cover");
    const char *r = owner ? val_cstr(ref) : spec_cover;
    memset(img, 0, sizeof *img);
    *alt = owner ? val_cstr(val_get(owner->fm, "cover_alt")) : pub_str(s, pub->spec, "cover_alt", L);
    if (!r) return NULL;
    struct page_image im;
    struct page dummy = {0};
    /* site.yml paths are relative to the content folder */
    if (!owner) { dummy.src = arena_printf(a, "%s/site.yml", s->o.content_dir); dummy.L = L; }
    if (asset_resolve(s, owner ? owner : &dummy, r, &im, a) != 0) {
        diag_error(DIAG_PUB_COVER,
                   owner ? owner->src : s->cfg.file, ref->line, ref->col, "cover image '%s' does not exist; "
                   "the path is relative to %s", r, owner ? "the series' _index.md" : "the content folder");
        return NULL;
    }
    *img = im;
    return media_book_file(s, im.src_path, a);
}

static void fonts_for(struct site *s, const char *lang, struct epub_book *bk, arena *a)
{
    char *dir = arena_printf(a, "%s/epub/fonts/%s", s->theme_dir, lang);
    char **names;
    size_t n;
    if (!fs_is_dir(dir) || fs_list_dir(dir, &names, &n) != 0) return;
    const char **paths = arena_alloc(a, (n + 1) * sizeof *paths);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *dot = strrchr(names[i], '.');
        if (dot && (!strcmp(dot, ".ttf") || !strcmp(dot, ".otf") || !strcmp(dot, ".woff") || !strcmp(dot, ".woff2")))
            paths[k++] = arena_printf(a, "%s/%s", dir, names[i]);
    }
    fs_free_list(names, n);
    bk->font_paths = paths;
    bk->n_fonts = k;
}

/* Words of the book's navigation from the UI strings (epub_contents,
 * epub_cover, epub_landmarks, epub_start), so books in any language can
 * have them; NULL leaves the writer's built-in vi/en words. */
static const char *ui(struct site *s, const struct lang *L, const char *key, arena *a)
{
    buf b = BUF_INIT;
    const char *r = i18n_t_count(s->strings, L->chain, L->n_chain, key, 1, &b) == 0 && b.len
                    ? arena_strndup(a, b.data, b.len) : NULL;
    buf_release(&b);
    return r;
}

/* A series' title page: its standfirst and credits, as XHTML. */
static const char *series_title_page(const struct page *sp, arena *a)
{
    buf b = BUF_INIT;
    const char *sf = val_cstr(val_get(sp->fm, "standfirst"));
    if (sf) {
        buf_puts(&b, "<p class=\"standfirst\">");
        buf_put_html(&b, sf, strlen(sf));
        buf_puts(&b, "</p>\n");
    }
    const value *cr = val_get(sp->fm, "credits");
    for (size_t i = 0; cr && cr->kind == VAL_LIST && i < cr->u.list.n; i++) {
        const char *role = val_cstr(val_get(cr->u.list.items[i], "role"));
        const char *name = val_cstr(val_get(cr->u.list.items[i], "name"));
        if (!name) continue;
        buf_puts(&b, i ? "" : "<dl class=\"credits\">\n");
        buf_puts(&b, "<dt>");
        if (role) buf_put_html(&b, role, strlen(role));
        buf_puts(&b, "</dt><dd>");
        buf_put_html(&b, name, strlen(name));
        buf_puts(&b, "</dd>\n");
        if (i + 1 == cr->u.list.n) buf_puts(&b, "</dl>\n");
    }
    const char *r = b.len ? arena_strndup(a, b.data, b.len) : NULL;
    buf_release(&b);
    return r;
}

/* The newest date or lastmod of the book's chapters, else the site's time
 * (never 1970-01-01 for a book of undated pages). */
static long long newest_date(const struct site *s, const struct publication *pub)
{
    long long t = 0;
    int found = 0;
    for (size_t i = 0; i < pub->n_chapters; i++) {
        const struct page *p = pub->chapters[i];
        if (p->date && (!found || p->date_t > t)) t = p->date_t;
        found |= p->date != NULL;
        if (p->lastmod && (!found || p->lastmod_t > t)) t = p->lastmod_t;
        found |= p->lastmod != NULL;
    }
    return found ? t : s->content_time;
}

/* An e-magazine part's hero image opens its chapter, as on the web page. */
static const char *with_hero(struct book_ctx *bc, const struct page *p, const char *body)
{
    const value *hero = val_get(p->fm, "hero");
    const char *alt = val_cstr(val_get(p->fm, "hero_alt"));
    if (!val_cstr(hero) || !*val_cstr(hero)) return body;
    const char *src = book_image(bc, val_cstr(hero), alt ? alt : "", hero->line, hero->col);
    if (!src || src == MD_IMAGE_DROP) return body;
    buf b = BUF_INIT;
    buf_puts(&b, "<figure class=\"hero\"><img src=\"");
    buf_put_html(&b, src, strlen(src));
    buf_puts(&b, "\" alt=\"");
    if (alt) buf_put_html(&b, alt, strlen(alt));
    buf_puts(&b, "\"/></figure>\n");
    buf_puts(&b, body);
    const char *r = arena_strndup(bc->a, b.data, b.len);
    buf_release(&b);
    return r;
}

/* loa serve: links the book already served at out and returns 1 when it
 * was made from the same inputs (or, with any_key, when there is one):
 * same bytes, and a reader's download in progress is not disturbed. */
static int link_served(struct site *s, const struct publication *pub, const char *out, int any_key)
{
    for (size_t i = 0; i < s->o.n_books_before; i++) {
        const struct book_key *k = &s->o.books_before[i];
        if ((!any_key && k->key != pub->key) || strcmp(k->out_rel, pub->out_rel)) continue;
        char *old = fs_join(s->o.out_dir, pub->out_rel);
        int r = link(old, out) == 0;
        free(old);
        return r;
    }
    return 0;
}

/* The book into the build: the served one when its inputs did not change;
 * with books_later, the served one for now when they did (site_books_later
 * makes it once the pages are shown); else made. */
static int place_book(struct site *s, struct publication *pub, const struct epub_book *bk,
                      const char *out)
{
    if (link_served(s, pub, out, 0)) return 0;
    if (s->o.books_later && link_served(s, pub, out, 1)) {
        pub->later = 1;
        return 0;
    }
    return epub_write(bk, out);
}

/* site_books_later's pass: straight into the served folder (epub_write
 * renames a whole file over the old one). */
static int write_late(struct site *s, struct publication *pub, const struct epub_book *bk)
{
    char *out = fs_join(s->o.out_dir, pub->out_rel);
    int r = epub_write(bk, out);
    struct stat st;
    if (r == 0 && stat(out, &st) == 0) pub->size = (long long)st.st_size;
    if (r == 0) pub->later = 0;
    free(out);
    return r;
}

size_t site_book_keys(const struct site *s, struct book_key **out)
{
    *out = calloc(s->n_pubs + 1, sizeof **out);
    if (!*out) die_oom();
    size_t n = 0;
    for (size_t i = 0; i < s->n_pubs; i++) {
        if (!s->pubs[i].key || !s->pubs[i].size || s->pubs[i].later) continue;
        (*out)[n].out_rel = buf_strdup(s->pubs[i].out_rel);
        (*out)[n++].key = s->pubs[i].key;
    }
    return n;
}

void book_keys_free(struct book_key *k, size_t n)
{
    for (size_t i = 0; i < n; i++) free((void *)k[i].out_rel);
    free(k);
}

static int write_book(struct site *s, struct publication *pub, arena *a)
{
    const struct lang *L = config_lang(&s->cfg, pub->lang);
    struct book_ctx bc = {.s = s, .pub = pub, .a = a};
    struct md_link_hooks hooks = {&bc, book_link, book_image, NULL, NULL};
    struct epub_chapter *ch = arena_alloc(a, pub->n_chapters * sizeof *ch);
    for (size_t i = 0; i < pub->n_chapters; i++) {
        const struct page *p = pub->chapters[i];
        struct md_result md;
        bc.p = p;
        if (site_markdown_hooks(s, p, 1, a, &md, &hooks) != 0) bc.bad = 1;
        ch[i].title = p->title;
        ch[i].slug = arena_printf(a, "%zu", i + 1);
        ch[i].body_xhtml = md.html ? md.html : "";
        if (pub->series) ch[i].body_xhtml = with_hero(&bc, p, ch[i].body_xhtml);
        ch[i].source_file = p->src;
        ch[i].headings = md.headings;
        ch[i].n_headings = md.n_headings;
    }
    struct epub_book bk = {0};
    const value *spec = pub->spec;
    const struct page *sp = pub->series;
    const char *seed = spec ? val_cstr(val_get(spec, "identifier_seed")) : NULL;
    if (!seed && spec) seed = val_cstr(val_get(spec, "id_seed"));
    /* one identifier per language edition, stable across builds */
    bk.id_seed = seed ? arena_printf(a, "%s:%s", seed, L->code) : site_permalink(s, L, pub->url, a);
    bk.title = pub->title;
    bk.subtitle = pub->subtitle;
    bk.lang = L->code;
    bk.dir = L->dir;
    bk.creator = spec ? pub_str(s, spec, "creator", L) : NULL;
    if (!bk.creator && sp) bk.creator = val_cstr(val_get(sp->fm, "creator"));
    if (!bk.creator) bk.creator = s->cfg.publisher ? s->cfg.publisher : L->title;
    bk.publisher = spec ? pub_str(s, spec, "publisher", L) : NULL;
    if (!bk.publisher) bk.publisher = s->cfg.publisher ? s->cfg.publisher : L->title;
    bk.description = spec ? pub_str(s, spec, "description", L) : NULL;
    if (!bk.description && sp) bk.description = sp->description ? sp->description : val_cstr(val_get(sp->fm, "standfirst"));
    bk.date = sp && sp->date ? arena_strndup(a, sp->date, 10) : NULL;
    bk.rights = s->cfg.copyright;
    bk.modified = s->o.have_epoch ? s->o.now : newest_date(s, pub);
    if (sp) {
        bk.series = pub->title;
        value *pos = spec ? val_get(spec, "series_position") : NULL;
        bk.series_position = pos && pos->kind == VAL_INT ? (int)pos->u.i : 1;
    }
    struct page_image cover;
    bk.cover_path = cover_of(s, pub, &bk.cover_alt, a, &cover);
    if (sp) bk.title_page_xhtml = series_title_page(sp, a);
    bk.labels.contents = ui(s, L, "epub_contents", a);
    bk.labels.cover = ui(s, L, "epub_cover", a);
    bk.labels.landmarks = ui(s, L, "epub_landmarks", a);
    bk.labels.start = ui(s, L, "epub_start", a);
    free((void *)pub->cover_url);   /* made again by site_books_later */
    pub->cover_url = NULL;
    if (cover.url && !(pub->cover_url = strdup(cover.url))) die_oom();   /* books run in parallel: no shared arena */
    bk.chapters = ch;
    bk.n_chapters = pub->n_chapters;
    char *tdir = arena_printf(a, "%s/epub", s->theme_dir);
    bk.templates_dir = fs_is_dir(tdir) ? tdir : NULL;
    fonts_for(s, L->code, &bk, a);
    bk.images = bc.imgs;
    bk.n_images = bc.n_imgs;
    if (bc.bad) return -1;
    if (s->o.dry) return epub_write(&bk, NULL);   /* loa check: rendered, not packed */
    if (pub->later) return write_late(s, pub, &bk);
    char *out = output_file(s->out, pub->out_rel);
    if (!out) return -1;
    pub->key = book_key(&bk);
    int r = place_book(s, pub, &bk, out);
    struct stat st;
    if (r == 0 && stat(out, &st) == 0) pub->size = (long long)st.st_size;
    free(out);
    return r;
}

struct books_ctx { struct site *s; _Atomic int failed; };

static void book_job(void *vx, size_t i, unsigned w)
{
    struct books_ctx *x = vx;
    arena a;
    (void)w;
    arena_init(&a);
    if (write_book(x->s, &x->s->pubs[i], &a) != 0) x->failed = 1;
    arena_release(&a);
}

static void publications_val(struct site *s)
{
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        struct lang_state *ls = &s->ls[l];
        arena *a = &s->a;
        value *list = val_list(a);
        for (size_t i = 0; i < s->n_pubs; i++) {
            const struct publication *pub = &s->pubs[i];
            if (strcmp(pub->lang, ls->L->code) || !pub->size) continue;
            value *e = val_map(a);
            val_add_ref(a, e, "title", val_str(a, pub->title ? pub->title : pub->slug));
            val_add_ref(a, e, "subtitle", val_str(a, pub->subtitle ? pub->subtitle : ""));
            const char *desc = pub->spec ? pub_str(s, pub->spec, "description", ls->L)
                               : pub->series ? val_cstr(val_get(pub->series->fm, "standfirst")) : NULL;
            val_add_ref(a, e, "description", val_str(a, desc ? desc : ""));
            val_add_ref(a, e, "lang", val_str(a, pub->lang));
            val_add_ref(a, e, "url", val_str(a, pub->url));
            val_add_ref(a, e, "permalink", val_str(a, site_permalink(s, ls->L, pub->url, a)));
            val_add_ref(a, e, "size", val_int(a, pub->size));
            val_add_ref(a, e, "size_human", val_str(a, ctx_size_human(pub->size, a)));
            val_add_ref(a, e, "chapters", val_int(a, (long long)pub->n_chapters));
            val_add_ref(a, e, "is_series", val_bool(a, pub->series != NULL));
            if (pub->series) val_add_ref(a, e, "series_url", val_str(a, pub->series->url));
            if (pub->cover_url) val_add_ref(a, e, "cover_url", val_str(a, pub->cover_url));
            val_push(a, list, e);
        }
        ls->publications = list;
    }
}

/* One `title` for books in several languages gives every edition the same
 * title (an English book with the Vietnamese one): said once per entry. */
static void warn_one_title(struct site *s)
{
    for (size_t i = 0; i < s->n_pubs; i++) {
        const value *spec = s->pubs[i].spec, *t = val_get(spec, "title");
        size_t n = 0, first = i;
        if (!t || t->kind == VAL_MAP) continue;
        for (size_t k = 0; k < s->n_pubs; k++) {
            if (s->pubs[k].spec != spec) continue;
            if (!n++) first = k;
        }
        if (n < 2 || first != i) continue;
        diag_warn(DIAG_PUB_ONE_TITLE, s->cfg.file, t->line, t->col, "publication '%s' has one title for its %zu "
                  "language editions, so every book is called '%s'; give one per language "
                  "(title: {vi: ..., en: ...} or languages.<code>.title)",
                  s->pubs[i].slug, n, val_cstr(t) ? val_cstr(t) : "");
    }
}

/* A series book without a cover shows a blank tile in readers' libraries. */
static void warn_no_cover(struct site *s)
{
    for (size_t i = 0; i < s->n_pubs; i++) {
        const struct publication *pub = &s->pubs[i];
        const struct lang *L = config_lang(&s->cfg, pub->lang);
        if (!pub->series || val_cstr(val_get(pub->series->fm, "cover"))) continue;
        if (pub->spec && pub_str(s, pub->spec, "cover", L)) continue;
        diag_warn(DIAG_PUB_NO_COVER, pub->series->src ? pub->series->src : s->cfg.file, 0, 0, "the e-magazine "
                  "series '%s' has no cover, so its %s book has none; add 'cover: FILE' (PNG or "
                  "JPEG, about 1200x1800) to this _index.md", pub->title ? pub->title : pub->slug,
                  pub->lang);
    }
}

void site_plan_books(struct site *s)
{
    if (s->books_planned) return;
    s->books_planned = 1;
    plan_series(s);
    plan_collections(s);
}

/* The theme's size budget for one book (epub_budget_kb in theme.yml), in
 * bytes, or 0 for none.  A reader on 3G downloads the whole book. */
static long long book_budget(struct site *s)
{
    char *p = fs_join(s->theme_dir, "theme.yml");
    long long r = 0;
    if (fs_is_file(p)) {
        value *t = yaml_load_file(&s->a, arena_strdup(&s->a, p));
        const value *b = t ? val_get(t, "epub_budget_kb") : NULL;
        if (b && b->kind == VAL_INT && b->u.i > 0) r = b->u.i * 1024;
    }
    free(p);
    return r;
}

static void check_budgets(struct site *s)
{
    long long budget = book_budget(s);
    for (size_t i = 0; budget && i < s->n_pubs; i++) {
        const struct publication *pub = &s->pubs[i];
        if (pub->size <= budget) continue;
        diag_warn(DIAG_PUB_BUDGET,
                  pub->out_rel, 0, 0, "the book is %lld KB, over the theme's budget of %lld KB "
                  "(epub_budget_kb in theme.yml); lower images.book_width in site.yml or use "
                  "fewer images", pub->size / 1024, budget / 1024);
    }
}

/* book_job for the books left for later only. */
static void late_job(void *vx, size_t i, unsigned w)
{
    struct books_ctx *x = vx;
    if (x->s->pubs[i].later) book_job(vx, i, w);
}

int site_books_later(struct site *s, size_t *n_made)
{
    *n_made = 0;
    long long *was = calloc(s->n_pubs + 1, sizeof *was);
    if (!was) die_oom();
    for (size_t i = 0; i < s->n_pubs; i++) {
        was[i] = s->pubs[i].size;
        *n_made += s->pubs[i].later;
    }
    struct books_ctx x = {s, 0};
    if (*n_made) pool_run(s->n_pubs, s->o.jobs, late_job, &x);
    int resized = 0;
    for (size_t i = 0; i < s->n_pubs; i++) resized |= was[i] != s->pubs[i].size;
    free(was);
    if (x.failed) return -1;
    if (!resized) return 0;
    publications_val(s);   /* the pages show each book's size */
    for (size_t l = 0; l < s->cfg.n_langs; l++)
        if (s->ls[l].site_val) val_set(&s->a, s->ls[l].site_val, "publications", s->ls[l].publications);
    return 1;
}

int site_books(struct site *s)
{
    site_plan_books(s);
    warn_one_title(s);   /* the build's, not loa report's: the plan is read by both */
    warn_no_cover(s);
    struct books_ctx x = {s, 0};
    if (!s->o.no_epub) pool_run(s->n_pubs, s->o.jobs, book_job, &x);
    if (!s->o.no_epub && !x.failed) check_budgets(s);
    publications_val(s);
    return x.failed ? -1 : 0;
}
