#include "context.h"
#include "theme_data.h"
#include "deps.h"
#include "view.h"
#include "media.h"
#include "../data/value.h"
#include "../i18n/locale.h"
#include "../i18n/strings.h"
#include "../markdown/markdown.h"
#include "../util/buf.h"
#include "../util/hmap.h"
#include "../util/diag.h"
#include "../util/text.h"
#include "assets.h"
#include "../cards/cards.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const kind_names[] = {"page", "section", "home", "taxonomy", "term", "404"};

/* A date as a language writes it, made once per site: ICU's formatting
 * costs some 14,000 instructions, and a site prints the same few hundred
 * dates on every listing.  The key is the date, the style and the language:
 * the pattern comes from the UI strings and the language's chain, both
 * fixed for the life of a site (a new site is made when they change). */
const char *ctx_date(struct site *s, const struct lang *L, const char *iso, int longform, arena *a)
{
    (void)a;
    if (!iso || strlen(iso) < 10) return "";
    enum i18n_date_style st = longform ? I18N_DATE_LONG : I18N_DATE_SHORT;
    const char *pat = i18n_date_pattern(s->strings, L->chain, L->n_chain, st);
    char key[32];   /* "YYYY-MM-DD", the style, the language's number */
    snprintf(key, sizeof key, "%.10s%c%zu", iso, st == I18N_DATE_LONG ? 'L' : 'S',
             (size_t)L->index);
    pthread_mutex_lock(&s->dates_lock);
    const char *r = hmap_get(&s->dates, key);
    pthread_mutex_unlock(&s->dates_lock);
    if (r) return r;
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    buf b = BUF_INIT;
    if (i18n_format_date(L->chain, L->n_chain, y, m, d, st, pat, &b) != 0) buf_put(&b, iso, 10);
    pthread_mutex_lock(&s->dates_lock);
    r = hmap_get(&s->dates, key);   /* another thread may have made it meanwhile */
    if (!r) {
        r = arena_strndup(&s->dates_a, b.data, b.len);
        hmap_put(&s->dates, arena_strdup(&s->dates_a, key), (void *)r);
    }
    pthread_mutex_unlock(&s->dates_lock);
    buf_release(&b);
    return r;
}

static value *date_val(struct site *s, const struct lang *L, const char *iso, arena *a)
{
    value *v = val_map(a);
    val_add_ref(a, v, "long", val_str(a, ctx_date(s, L, iso, 1, a)));
    val_add_ref(a, v, "short", val_str(a, ctx_date(s, L, iso, 0, a)));
    val_add_ref(a, v, "text", val_str(a, ctx_date(s, L, iso, tdata_date_long(s, L), a)));
    return v;
}

static const char *plural_text(struct site *s, const struct lang *L, const char *key, double n, arena *a)
{
    buf b = BUF_INIT;
    i18n_t_count(s->strings, L->chain, L->n_chain, key, n, &b);
    const char *r = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return r;
}

static value *link_val(struct site *s, const struct page *p, arena *a)
{
    if (!p) return NULL;
    value *v = val_map(a);
    val_add_ref(a, v, "title", val_str(a, p->title ? p->title : ""));
    val_add_ref(a, v, "url", val_str(a, p->url));
    (void)s;
    return v;
}

static value *image_val(struct site *s, const struct page *p, const struct page_image *im, arena *a)
{
    if (!im->url) return NULL;
    value *v = val_map(a);
    val_add_ref(a, v, "url", val_str(a, im->url));
    val_add_ref(a, v, "permalink", val_str(a, im->url[0] == '/' && im->url[1] != '/'
                                             ? site_permalink(s, p->L, im->url, a) : im->url));
    if (im->width) val_add_ref(a, v, "width", val_int(a, im->width));
    if (im->height) val_add_ref(a, v, "height", val_int(a, im->height));
    val_add_ref(a, v, "alt", val_str(a, im->alt ? im->alt : ""));
    if (im->media_type) val_add_ref(a, v, "type", val_str(a, im->media_type));
    struct media_srcsets set;
    if (media_srcset(s, im, a, &set) == 0) {
        val_add_ref(a, v, "srcset", val_str_nocopy(a, set.fallback, strlen(set.fallback)));
        if (set.webp) val_add_ref(a, v, "srcset_webp", val_str_nocopy(a, set.webp, strlen(set.webp)));
        if (set.avif) val_add_ref(a, v, "srcset_avif", val_str_nocopy(a, set.avif, strlen(set.avif)));
        val_add_ref(a, v, "has_modern", val_bool(a, set.webp || set.avif));
    }
    return v;
}

/* An image named in front matter: key holds the path, key_alt the text. */
value *ctx_fm_image(struct site *s, const struct page *p, const char *key, const char *alt_key,
                    struct page_image *out, arena *a)
{
    const value *ref = val_get(p->fm, key);
    struct page_image im;
    if (!val_cstr(ref) || !*val_cstr(ref)) return NULL;
    if (asset_resolve(s, p, val_cstr(ref), &im, a) < 0) return NULL;   /* reported by the render check */
    im.alt = val_cstr(val_get(p->fm, alt_key));
    if (out) *out = im;
    return image_val(s, p, &im, a);
}

static value *terms_val(struct site *s, const struct page *p, const struct taxonomy_def *d, arena *a)
{
    value *list = val_list(a);
    value *v = val_get(p->fm, d->plural);
    struct taxonomy *tx = &s->ls[p->L->index].tax[d - s->cfg.taxonomies];
    buf t = BUF_INIT, sl = BUF_INIT;
    for (size_t k = 0; v && v->kind == VAL_LIST && k < v->u.list.n; k++) {
        buf_clear(&t);
        buf_clear(&sl);
        val_write_text(v->u.list.items[k], &t);
        text_slugify(t.data, t.len, &sl);
        size_t at = (size_t)hmap_get(&tx->by_slug, sl.data);
        if (at && tx->terms[at - 1].link) val_push(a, list, tx->terms[at - 1].link);
    }
    buf_release(&sl);
    buf_release(&t);
    return list;
}

static value *convention_val(struct site *s, const struct page *p, arena *a);
static value *story_val(struct site *s, const struct page *p, arena *a);
static value *postcard_val(struct site *s, const struct page *p, arena *a);

/* A string that lives as long as the build (the page index's own) goes in
 * by reference: listings hold tens of thousands of these. */
static value *ref(arena *a, const char *str)
{
    return val_str_nocopy(a, str ? str : "", str ? strlen(str) : 0);
}

/* --- type-specific blocks ------------------------------------------------ */

static const char *fm_text(const struct page *p, const char *key)
{
    const char *t = val_cstr(val_get(p->fm, key));
    return t ? t : "";
}

static value *convention_val(struct site *s, const struct page *p, arena *a)
{
    value *v = val_map(a);
    val_add_ref(a, v, "short_name", val_str(a, fm_text(p, "short_name")));
    val_add_ref(a, v, "full_title", val_str(a, fm_text(p, "full_title")));
    val_add_ref(a, v, "text_url", val_str(a, fm_text(p, "text_url")));
    static const char *const dates[] = {"adopted", "in_force"};
    for (int i = 0; i < 2; i++) {
        const char *d = val_cstr(val_get(p->fm, dates[i]));
        val_add(a, v, dates[i], val_str(a, d ? ctx_date(s, p->L, d, 1, a) : ""));
        val_add(a, v, arena_printf(a, "%s_iso", dates[i]), val_str(a, d ? d : ""));
    }
    value *vn = val_list(a), *src = val_get(p->fm, "vietnam");
    static const char *const steps[] = {"signature", "ratification", "accession", "in_force"};
    for (int i = 0; i < 4; i++) {
        const char *d = val_cstr(val_get(src, steps[i]));
        if (!d) continue;
        value *e = val_map(a);
        buf label = BUF_INIT;
        i18n_t_count(s->strings, p->L->chain, p->L->n_chain, arena_printf(a, "vietnam_%s", steps[i]), 1, &label);
        val_add_ref(a, e, "kind", val_str(a, steps[i]));
        val_add_ref(a, e, "label", val_str(a, label.len ? label.data : steps[i]));
        val_add_ref(a, e, "date", val_str(a, ctx_date(s, p->L, d, 1, a)));
        val_add_ref(a, e, "date_iso", val_str(a, d));
        buf_release(&label);
        val_push(a, vn, e);
    }
    val_add_ref(a, v, "vietnam", vn);
    value *arts = val_get(p->fm, "articles");
    val_add_ref(a, v, "articles", arts && arts->kind == VAL_LIST ? arts : val_list(a));
    return v;
}

static value *photos_val(struct site *s, const struct page *p, arena *a)
{
    value *out = val_list(a), *ph = val_get(p->fm, "photos");
    for (size_t i = 0; ph && ph->kind == VAL_LIST && i < ph->u.list.n; i++) {
        value *it = ph->u.list.items[i];
        struct page_image im;
        const char *src = val_cstr(val_get(it, "src"));
        if (!src || asset_resolve(s, p, src, &im, a) < 0) continue;
        im.alt = val_cstr(val_get(it, "alt"));
        value *e = image_val(s, p, &im, a);
        val_add_ref(a, e, "caption", val_str(a, val_cstr(val_get(it, "caption")) ? val_cstr(val_get(it, "caption")) : ""));
        val_push(a, out, e);
    }
    return out;
}

static value *story_val(struct site *s, const struct page *p, arena *a)
{
    value *v = val_map(a);
    static const char *const keys[] = {"province", "district", "commune", "author", "unit"};
    buf place = BUF_INIT;
    for (int i = 0; i < 5; i++) val_add(a, v, keys[i], val_str(a, fm_text(p, keys[i])));
    for (int i = 2; i >= 0; i--) {
        const char *t = fm_text(p, keys[i]);
        if (!*t) continue;
        if (place.len) buf_puts(&place, ", ");
        buf_puts(&place, t);
    }
    val_add_ref(a, v, "place", val_strn(a, place.data, place.len));
    buf_release(&place);
    val_add_ref(a, v, "photos", photos_val(s, p, a));
    val_add_ref(a, v, "has_photos", val_bool(a, val_truthy(val_get(v, "photos"))));
    return v;
}

static value *postcard_val(struct site *s, const struct page *p, arena *a)
{
    (void)s;
    value *v = val_map(a);
    val_add_ref(a, v, "slogan", val_str(a, *fm_text(p, "slogan") ? fm_text(p, "slogan") : p->title));
    val_add_ref(a, v, "caption", val_str(a, fm_text(p, "caption")));
    value *tags = val_list(a), *h = val_get(p->fm, "hashtags");
    for (size_t i = 0; h && h->kind == VAL_LIST && i < h->u.list.n; i++) {
        buf t = BUF_INIT;
        val_write_text(h->u.list.items[i], &t);
        value *e = val_map(a);
        val_add_ref(a, e, "tag", val_str(a, t.data[0] == '#' ? t.data + 1 : t.data));
        val_push(a, tags, e);
        buf_release(&t);
    }
    val_add_ref(a, v, "hashtags", tags);
    return v;
}

/* --- the page's own context ------------------------------------------------ */

/* --- a series' parts, walked in place -------------------------------------- */

/* Parts from .. from + n - 1 of a series (all of them, or the window
 * around the current part that long series show). */
struct part_list { const struct page *sec, *cur; size_t from, n; };

/* A series longer than this lists, on each part, only the parts around it
 * (page.series.nearby): every part on every part of a series of 1,000 is
 * 1,000 links per page, output that grows with the square of the series. */
#define SERIES_NEARBY 3
#define SERIES_LONG 12

static const struct page *part_of(const value *node, size_t *i)
{
    const struct part_list *pl = node->u.lazy.obj;
    *i = (size_t)node->u.lazy.aux;
    return pl->sec->children[*i];
}

static const value *part_get(struct view *v, const value *node, const char *name, size_t len)
{
    static const char *const names[] = {"title", "url", "number", "summary", "is_current"};
    static const unsigned deps[] = {DEP_TITLE, DEP_URL, 0, DEP_SUMMARY, 0};
    size_t i, k = 0;
    const struct page *c = part_of(node, &i);
    while (k < 5 && (strlen(names[k]) != len || memcmp(names[k], name, len))) k++;
    if (k == 5) return NULL;
    v->resolved++;
    if (v->rec && deps[k]) deps_page(v->rec, c->index, deps[k]);
    const struct part_list *pl = node->u.lazy.obj;
    switch (k) {
    case 0: return ref(v->a, c->title);   /* the index's strings outlive the render */
    case 1: return ref(v->a, c->url);
    case 2: return val_int(v->a, (long long)i + 1);
    case 3: return val_str(v->a, c->summary ? c->summary : "");
    default: return val_bool(v->a, c == pl->cur);
    }
}

static const char *part_key(struct view *v, const value *node, size_t i)
{
    static const char *const names[] = {"title", "url", "number", "summary", "is_current", NULL};
    (void)v;
    (void)node;
    return i < 5 ? names[i] : NULL;
}

static const struct view_class part_class = {part_get, NULL, NULL, part_key};

static size_t parts_len(struct view *v, const value *node)
{
    const struct part_list *pl = node->u.lazy.obj;
    if (v->rec) deps_page(v->rec, pl->sec->index, DEP_MEMBERS);
    return pl->n;
}

static const value *parts_at(struct view *v, const value *node, size_t i)
{
    const struct part_list *pl = node->u.lazy.obj;
    return view_node(v, &part_class, pl, (const void *)(pl->from + i));
}

static const struct view_class parts_class = {NULL, parts_len, parts_at, NULL};

/* The series a part (or the series page) belongs to: its parts are a
 * list node, so a part that does not print them costs nothing per part. */
static value *series_val(struct view *vw, const struct page *p)
{
    struct site *s = vw->s;
    arena *a = vw->a;
    const struct page *sec = p->kind == PK_SECTION ? p : p->parent;
    if (!sec || sec->kind != PK_SECTION || !sec->ct || !ctype_def(sec->ct)->series_book ||
        !sec->n_children)
        return NULL;   /* a folder of series is no series */
    if (vw->rec)
        deps_page(vw->rec, sec->index, DEP_TITLE | DEP_URL | DEP_PARAMS | DEP_IMAGE | DEP_MEMBERS);
    value *v = val_map(a);
    val_add_ref(a, v, "title", val_str(a, sec->title));
    val_add_ref(a, v, "url", val_str(a, sec->url));
    val_add_ref(a, v, "standfirst", val_str(a, fm_text(sec, "standfirst")));
    value *cover = ctx_fm_image(s, sec, "cover", "cover_alt", NULL, a);
    if (cover) val_add_ref(a, v, "cover", cover);
    value *credits = val_get(sec->fm, "credits");
    val_add_ref(a, v, "credits", credits && credits->kind == VAL_LIST ? credits : val_list(a));
    int has_credits = credits && credits->kind == VAL_LIST && credits->u.list.n > 0;
    val_add_ref(a, v, "has_credits", val_bool(a, has_credits));
    size_t pos = 0;
    for (size_t i = 0; i < sec->n_children; i++)   /* pointers only: no part is read */
        if (sec->children[i] == p) {
            val_add_ref(a, v, "position", val_int(a, (long long)i + 1));
            pos = i;
        }
    struct part_list *pl = arena_alloc(a, sizeof *pl), *near = arena_alloc(a, sizeof *near);
    *pl = (struct part_list){sec, p, 0, sec->n_children};
    size_t from = pos > SERIES_NEARBY ? pos - SERIES_NEARBY : 0;
    size_t to = pos + SERIES_NEARBY + 1 < sec->n_children ? pos + SERIES_NEARBY + 1 : sec->n_children;
    *near = (struct part_list){sec, p, from, to - from};
    val_add_ref(a, v, "parts", view_node(vw, &parts_class, pl, NULL));
    val_add_ref(a, v, "total", val_int(a, (long long)sec->n_children));
    val_add_ref(a, v, "is_long", val_bool(a, sec->n_children > SERIES_LONG));
    val_add_ref(a, v, "nearby", view_node(vw, &parts_class, near, NULL));
    val_add_ref(a, v, "nearby_start", val_int(a, (long long)from + 1));
    for (size_t i = 0; i < s->n_pubs; i++)
        if (s->pubs[i].series == sec && s->pubs[i].size > 0) {
            value *e = val_map(a);
            val_add_ref(a, e, "url", val_str(a, s->pubs[i].url));
            val_add_ref(a, e, "size_human", val_str(a, ctx_size_human(s->pubs[i].size, a)));
            val_add_ref(a, v, "epub", e);
        }
    return v;
}

const char *ctx_size_human(long long n, arena *a)
{
    if (n < 1024) return arena_printf(a, "%lld B", n);
    if (n < 1024 * 1024) return arena_printf(a, "%.0f KB", n / 1024.0);
    return arena_printf(a, "%.1f MB", n / (1024.0 * 1024.0));
}

/* Other languages of the page, for the language switcher. */
static value *translations_val(struct view *vw, const struct page *p)
{
    struct site *s = vw->s;
    arena *a = vw->a;
    value *tr = val_list(a);
    for (size_t l = 0; p->tr && l < s->cfg.n_langs; l++) {
        const struct page *q = p->tr[l];
        if (!q || !q->url || q == p || q->is_fallback) continue;
        if (vw->rec) deps_page(vw->rec, q->index, DEP_TITLE | DEP_URL);
        value *e = val_map(a);
        val_add_ref(a, e, "code", val_str(a, q->lang));
        val_add_ref(a, e, "name", val_str(a, q->L->name));
        val_add_ref(a, e, "url", val_str(a, q->url));
        val_add_ref(a, e, "title", val_str(a, q->title ? q->title : ""));
        val_push(a, tr, e);
    }
    return tr;
}

/* hreflang alternates: every language but fallback copies, plus x-default. */
static value *alternates_val(struct view *vw, const struct page *p)
{
    struct site *s = vw->s;
    arena *a = vw->a;
    value *alt = val_list(a);
    for (size_t l = 0; p->tr && l < s->cfg.n_langs; l++) {
        const struct page *q = p->tr[l];
        if (!q || !q->url || q->is_fallback) continue;   /* a copy is no alternate */
        if (vw->rec && q != p) deps_page(vw->rec, q->index, DEP_URL);
        value *e = val_map(a);
        val_add_ref(a, e, "hreflang", val_str(a, q->lang));
        val_add_ref(a, e, "permalink", val_str(a, site_permalink(s, q->L, q->url, a)));
        val_push(a, alt, e);
        if (q->L->is_default) {
            value *x = val_map(a);
            val_add_ref(a, x, "hreflang", val_str(a, "x-default"));
            val_add_ref(a, x, "permalink", val_str(a, site_permalink(s, q->L, q->url, a)));
            val_push(a, alt, x);
        }
    }
    return alt;
}

static value *breadcrumbs_val(struct view *vw, const struct page *p)
{
    struct site *s = vw->s;
    arena *a = vw->a;
    const struct page *chain[64];
    size_t n = 0;
    for (const struct page *q = p; q && n < 64; q = q->parent) chain[n++] = q;
    const struct page *home = s->ls[p->L->index].home;
    if (n && chain[n - 1] != home && home && n < 64) chain[n++] = home;
    value *list = val_list(a);
    for (size_t i = n; i-- > 0;) {
        value *e = val_map(a);
        if (vw->rec) deps_page(vw->rec, chain[i]->index, DEP_TITLE | DEP_URL);
        val_add_ref(a, e, "title", val_str(a, chain[i]->title ? chain[i]->title : ""));
        val_add_ref(a, e, "url", val_str(a, chain[i]->url));
        val_add_ref(a, e, "permalink", val_str(a, site_permalink(s, p->L, chain[i]->url, a)));
        val_add_ref(a, e, "position", val_int(a, (long long)(n - i)));
        val_add_ref(a, e, "is_current", val_bool(a, i == 0));
        val_push(a, list, e);
    }
    return list;
}

static const char *jsonld(struct site *s, const struct page *p, const value *desc_v,
                          const value *img, const value *crumbs, arena *a)
{
    value *g = val_list(a);
    value *art = val_map(a);
    val_add_ref(a, art, "@type", val_str(a, tdata_schema_type(p)));
    val_add_ref(a, art, "headline", val_str(a, p->title ? p->title : ""));
    val_add_ref(a, art, "name", val_str(a, p->title ? p->title : ""));
    val_add_ref(a, art, "inLanguage", val_str(a, p->lang));
    val_add_ref(a, art, "url", val_str(a, site_permalink(s, p->L, p->url, a)));
    const char *desc = val_cstr(desc_v);
    if (desc && *desc) val_add_ref(a, art, "description", val_str(a, desc));
    if (p->date) val_add_ref(a, art, "datePublished", val_strn(a, p->date, 10));
    if (p->lastmod || p->date) val_add_ref(a, art, "dateModified", val_strn(a, p->lastmod ? p->lastmod : p->date, 10));
    if (img) val_add_ref(a, art, "image", val_get(img, "permalink"));
    const char *pub = s->cfg.publisher ? s->cfg.publisher : p->L->title;
    value *org = val_map(a);
    val_add_ref(a, org, "@type", val_str(a, "GovernmentOrganization"));
    val_add_ref(a, org, "name", val_str(a, pub ? pub : ""));
    val_add_ref(a, art, "publisher", org);
    const char *author = val_cstr(val_get(p->fm, "author"));
    if (!author) author = val_cstr(val_get(p->fm, "unit"));
    if (p->kind == PK_PAGE) {
        value *au = val_map(a);
        val_add_ref(a, au, "@type", val_str(a, author ? "Person" : "GovernmentOrganization"));
        val_add_ref(a, au, "name", val_str(a, author ? author : pub ? pub : ""));
        val_add_ref(a, art, "author", au);
    }
    val_push(a, g, art);
    value *bl = val_map(a), *items = val_list(a);
    val_add_ref(a, bl, "@type", val_str(a, "BreadcrumbList"));
    for (size_t i = 0; i < crumbs->u.list.n; i++) {
        value *c = crumbs->u.list.items[i], *e = val_map(a);
        val_add_ref(a, e, "@type", val_str(a, "ListItem"));
        val_add_ref(a, e, "position", val_get(c, "position"));
        val_add_ref(a, e, "name", val_get(c, "title"));
        val_add_ref(a, e, "item", val_get(c, "permalink"));
        val_push(a, items, e);
    }
    val_add_ref(a, bl, "itemListElement", items);
    val_push(a, g, bl);
    value *root = val_map(a);
    val_add_ref(a, root, "@context", val_str(a, "https://schema.org"));
    val_add_ref(a, root, "@graph", g);
    buf b = BUF_INIT;
    val_write_json(root, &b);   /* esc_json: no '<' left to end the script element */
    const char *r = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return r;
}

static value *og_val(struct site *s, const struct page *p, const value *title, const value *desc,
                     const value *page_img, arena *a)
{
    value *og = val_map(a);
    val_add_ref(a, og, "type", val_str(a, p->kind == PK_PAGE ? "article" : "website"));
    val_add_ref(a, og, "title", (value *)title);
    val_add_ref(a, og, "description", (value *)desc);
    val_add_ref(a, og, "locale", val_str(a, p->L->og_locale));
    value *alts = val_list(a);
    for (size_t l = 0; p->tr && l < s->cfg.n_langs; l++) {
        const struct page *q = p->tr[l];
        if (!q || q == p || q->is_fallback || !q->url) continue;
        if (!*q->L->og_locale || !strcmp(q->L->og_locale, p->L->og_locale)) continue;
        int dup = 0;   /* two languages may map to one locale (hmn, vi: vi_VN) */
        for (size_t k = 0; k < alts->u.list.n; k++)
            dup |= !strcmp(val_cstr(val_get(alts->u.list.items[k], "locale")), q->L->og_locale);
        if (dup) continue;
        value *e = val_map(a);
        val_add_ref(a, e, "locale", val_str(a, q->L->og_locale));
        val_push(a, alts, e);
    }
    val_add_ref(a, og, "locale_alternates", alts);
    value *img = (value *)page_img;
    const char *mt = val_cstr(val_get(img, "type"));
    if (mt && strcmp(mt, "image/png") && strcmp(mt, "image/jpeg") && strcmp(mt, "image/gif") && strcmp(mt, "image/webp"))
        img = NULL;   /* fanpages and search engines do not show SVG share images */
    if (!img || card_is_postcard(p)) {   /* a postcard's image is its card's background */
        value *card = card_og_image(s, p, 0, a);
        if (card) img = card;
    }
    if (!img) {
        value *dflt = val_path(s->cfg.params, "og_image");
        if (val_cstr(dflt)) {
            struct page_image im;
            if (asset_resolve(s, p, arena_printf(a, "/%s", val_cstr(dflt) + (val_cstr(dflt)[0] == '/')), &im, a) == 0) {
                im.alt = val_cstr(val_path(s->cfg.params, "og_image_alt"));
                img = image_val(s, p, &im, a);
            }
        }
    }
    if (!img) img = card_og_image(s, p, 1, a);   /* no page is shared without an image */
    if (img) val_add_ref(a, og, "image", img);
    val_add_ref(a, og, "site_name", val_str(a, p->L->title ? p->L->title : ""));
    return og;
}

/* --- a page, resolved name by name ------------------------------------------- */

/* One page as templates see it: the page's own context (`page`, full) or
 * what listings show of it (summary).  Each name is resolved once. */
struct pnode {
    struct page *p;
    const struct md_result *md;   /* full only; NULL: no text */
    const char *url;              /* page N of a listing: its URL, else NULL */
    int full;
    const value **memo;           /* by field, then by taxonomy; NULL until asked */
};

struct pfield;
typedef value *(*pfield_fn)(struct view *v, struct pnode *n, const struct pfield *f);

/* One name a template may ask of a page: its resolver, the fields of the
 * index it reads, whether listings show it (else only the page's own). */
struct pfield {
    const char *name;
    pfield_fn fn;
    unsigned deps;
    int full_only;
    int arg;
};

static const value absent;   /* memo: resolved to nothing */

static const value *page_self(struct view *v, struct pnode *n, const char *name);

static value *f_kind(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return val_str(v->a, kind_names[n->p->kind]);
}

static value *f_is_kind(struct view *v, struct pnode *n, const struct pfield *f)
{
    return val_bool(v->a, (int)n->p->kind == f->arg);
}

/* Fields that are strings of the index (by offset in struct page). */
static value *f_title(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return ref(v->a, n->p->title);
}

static value *f_url(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return n->url ? val_str(v->a, n->url) : ref(v->a, n->p->url);
}

static value *f_permalink(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return val_str(v->a, site_permalink(v->s, n->p->L, n->url ? n->url : n->p->url, v->a));
}

static value *f_string(struct view *v, struct pnode *n, const struct pfield *f)
{
    const struct page *p = n->p;
    const char *const strs[] = {p->type, p->section, p->lang, p->L->dir, p->summary};
    return ref(v->a, strs[f->arg]);
}

static value *f_has_date(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return val_bool(v->a, n->p->date != NULL);
}

/* arg: 0 date, 1 date_formatted, 2 lastmod, 3 lastmod_formatted */
static value *f_date(struct view *v, struct pnode *n, const struct pfield *f)
{
    const char *d = f->arg < 2 ? n->p->date : n->p->lastmod;
    if (!d) return NULL;
    if (f->arg % 2 == 0) return val_strn(v->a, d, 10);
    return date_val(v->s, n->p->L, d, v->a);
}

/* the page's picture: image, else an e-magazine part's hero, else a series cover */
static value *f_image(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    value *img = ctx_fm_image(v->s, n->p, "image", "image_alt", NULL, v->a);
    if (!img) img = ctx_fm_image(v->s, n->p, "hero", "hero_alt", NULL, v->a);
    if (!img) img = ctx_fm_image(v->s, n->p, "cover", "cover_alt", NULL, v->a);
    return img;
}

static value *f_card(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return card_page_value(v->s, n->p, v->a);
}

/* arg: 0 is_fallback, 1 weight, 2 word_count, 3 draft */
static value *f_number(struct view *v, struct pnode *n, const struct pfield *f)
{
    const struct page *p = n->p;
    if (f->arg == 0) return val_bool(v->a, p->is_fallback);
    if (f->arg == 1) return val_int(v->a, p->weight);
    if (f->arg == 2) return val_int(v->a, (long long)p->word_count);
    return val_bool(v->a, p->draft);
}

static value *f_params(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)v;
    (void)f;
    return n->p->fm;
}

/* arg: 0 convention, 1 story, 2 postcard: only on pages of that type */
static value *f_typed(struct view *v, struct pnode *n, const struct pfield *f)
{
    static const enum ctype types[] = {CT_CONVENTION, CT_STORY, CT_POSTCARD};
    if (n->p->ct != types[f->arg]) return NULL;
    if (f->arg == 0) return convention_val(v->s, n->p, v->a);
    if (f->arg == 1) return story_val(v->s, n->p, v->a);
    return postcard_val(v->s, n->p, v->a);
}

/* listings that mix types label each card: the string type_<type>, empty when missing */
static value *f_type_label(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    const struct page *p = n->p;
    const char *key = arena_printf(v->a, "type_%s", p->type ? p->type : "");
    if (v->rec) deps_input(v->rec, DEPS_STRING, key, strlen(key));
    return val_str(v->a, plural_text(v->s, p->L, key, 1, v->a));
}

static value *f_description(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    const struct page *p = n->p;
    const char *desc = p->description ? p->description : p->summary && *p->summary ? p->summary
                       : p->L->description ? p->L->description : "";
    return val_str(v->a, desc);
}

static value *f_locale(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return val_str(v->a, n->p->L->og_locale);
}

/* a fallback copy is duplicate text: search engines are sent to the original */
static value *f_canonical(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    const struct page *p = n->p;
    if (p->is_fallback && v->rec) deps_page(v->rec, p->fallback_of->index, DEP_URL);
    const struct page *to = p->is_fallback ? p->fallback_of : p;
    const char *url = n->url ? n->url : to->url;   /* page N of a listing is not page 1 */
    return val_str(v->a, site_permalink(v->s, to->L, url, v->a));
}

/* arg: 0 content, 1 toc, 2 has_toc */
static value *f_body(struct view *v, struct pnode *n, const struct pfield *f)
{
    const struct md_result *md = n->md;
    if (f->arg == 0) return val_str(v->a, md && md->html ? md->html : "");
    if (f->arg == 1) return val_str(v->a, md && md->toc_html ? md->toc_html : "");
    return val_bool(v->a, md && md->toc_html && *md->toc_html);
}

/* arg: 0 reading_minutes, 1 reading_time */
static value *f_reading(struct view *v, struct pnode *n, const struct pfield *f)
{
    if (!tdata_has_reading_time(n->p)) return NULL;   /* postcards */
    long long minutes = (long long)(n->p->word_count + 219) / 220;
    if (minutes < 1) minutes = 1;
    if (f->arg == 0) return val_int(v->a, minutes);
    if (v->rec) deps_input(v->rec, DEPS_STRING, "reading_time", strlen("reading_time"));
    return val_str(v->a, plural_text(v->s, n->p->L, "reading_time", (double)minutes, v->a));
}

/* What reads the other languages' copies of p reads their URLs. */
static void rec_translation_urls(struct view *v, const struct page *p)
{
    for (size_t l = 0; v->rec && p->tr && l < v->s->cfg.n_langs; l++)
        if (p->tr[l] && p->tr[l] != p) deps_page(v->rec, p->tr[l]->index, DEP_URL);
}

static value *f_translations(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return translations_val(v, n->p);
}

static value *f_language_links(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    const struct page *p = n->p;
    rec_translation_urls(v, p);
    return tdata_language_links(v->s, p, v->a);
}

static value *f_content_lang(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return val_str(v->a, tdata_content_lang(n->p));
}

static value *f_has_translations(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return val_bool(v->a, val_truthy(page_self(v, n, "translations")));
}

static value *f_alternates(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return alternates_val(v, n->p);
}

static value *f_fallback(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    const struct page *p = n->p;
    if (!p->is_fallback) return NULL;
    if (v->rec) deps_page(v->rec, p->fallback_of->index, DEP_URL);
    value *r = val_map(v->a);
    val_add_ref(v->a, r, "code", val_str(v->a, p->fallback_of->lang));
    val_add_ref(v->a, r, "name", val_str(v->a, p->fallback_of->L->name));
    val_add_ref(v->a, r, "url", val_str(v->a, p->fallback_of->url));
    return r;
}

static value *f_breadcrumbs(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return breadcrumbs_val(v, n->p);
}

/* arg: 0 prev, 1 next */
static value *f_neighbour(struct view *v, struct pnode *n, const struct pfield *f)
{
    const struct page *q = f->arg ? n->p->next : n->p->prev;
    if (q && v->rec) deps_page(v->rec, q->index, DEP_TITLE | DEP_URL);
    return q ? link_val(v->s, q, v->a) : NULL;
}

/* arg: 0 sample, 1 translation_status, 2 is_draft_translation */
static value *f_status(struct view *v, struct pnode *n, const struct pfield *f)
{
    if (f->arg == 0) return val_bool(v->a, val_truthy(val_get(n->p->fm, "sample")));
    const char *ts = val_cstr(val_get(n->p->fm, "translation_status"));
    if (f->arg == 1) return val_str(v->a, ts ? ts : "");
    return val_bool(v->a, ts && !strcmp(ts, "draft"));
}

static value *f_series(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return series_val(v, n->p);
}

static value *f_epub(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return (value *)view_get(v, page_self(v, n, "series"), "epub");
}

static value *f_qr(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    return card_qr_value(v->s, n->p, v->a);
}

static value *f_og(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    const struct page *p = n->p;
    rec_translation_urls(v, p);
    return og_val(v->s, p, page_self(v, n, "title"), page_self(v, n, "description"),
                  page_self(v, n, "image"), v->a);
}

static value *f_jsonld(struct view *v, struct pnode *n, const struct pfield *f)
{
    (void)f;
    const value *crumbs = page_self(v, n, "breadcrumbs");
    const char *j = jsonld(v->s, n->p, page_self(v, n, "description"), page_self(v, n, "image"),
                           crumbs, v->a);
    return val_str(v->a, j);
}

/* The names of a page in the order the theme README lists them (and an
 * eager build would: view_materialize).  NULL name: the taxonomies
 * (site.yml), each a list of {name, url} of the page's terms. */
#define TAXONOMIES_AT 22
static const struct pfield pfields[] = {
    {"kind", f_kind, DEP_KIND, 0, 0},
    {"is_page", f_is_kind, DEP_KIND, 0, PK_PAGE},
    {"is_section", f_is_kind, DEP_KIND, 0, PK_SECTION},
    {"is_home", f_is_kind, DEP_KIND, 0, PK_HOME},
    {"is_taxonomy", f_is_kind, DEP_KIND, 0, PK_TAXONOMY},
    {"is_term", f_is_kind, DEP_KIND, 0, PK_TERM},
    {"is_404", f_is_kind, DEP_KIND, 0, PK_404},
    {"title", f_title, DEP_TITLE, 0, 0},
    {"url", f_url, DEP_URL, 0, 0},
    {"permalink", f_permalink, DEP_URL, 0, 0},
    {"type", f_string, DEP_KIND, 0, 0},
    {"section", f_string, DEP_KIND, 0, 1},
    {"lang", f_string, DEP_KIND, 0, 2},
    {"dir", f_string, DEP_KIND, 0, 3},
    {"summary", f_string, DEP_SUMMARY, 0, 4},
    {"has_date", f_has_date, DEP_DATE, 0, 0},
    {"date", f_date, DEP_DATE, 0, 0},
    {"date_formatted", f_date, DEP_DATE, 0, 1},
    {"lastmod", f_date, DEP_DATE, 0, 2},
    {"lastmod_formatted", f_date, DEP_DATE, 0, 3},
    {"image", f_image, DEP_IMAGE, 0, 0},
    {"card", f_card, DEP_IMAGE | DEP_TITLE | DEP_DATE, 0, 0},
    {NULL, NULL, DEP_TERMS, 0, 0},
    {"is_fallback", f_number, DEP_TRANSLATIONS, 0, 0},
    {"content_lang", f_content_lang, DEP_TRANSLATIONS, 0, 0},
    {"weight", f_number, DEP_KIND, 0, 1},
    {"word_count", f_number, DEP_BODY, 0, 2},
    {"params", f_params, DEP_PARAMS, 0, 0},
    {"convention", f_typed, DEP_PARAMS, 0, 0},
    {"story", f_typed, DEP_PARAMS, 0, 1},
    {"postcard", f_typed, DEP_PARAMS | DEP_TITLE, 0, 2},
    {"type_label", f_type_label, DEP_KIND, 0, 0},
    {"description", f_description, DEP_SUMMARY, 1, 0},
    {"locale", f_locale, DEP_KIND, 1, 0},
    {"canonical", f_canonical, DEP_URL | DEP_TRANSLATIONS, 1, 0},
    {"content", f_body, DEP_BODY, 1, 0},
    {"toc", f_body, DEP_BODY, 1, 1},
    {"has_toc", f_body, DEP_BODY, 1, 2},
    {"reading_minutes", f_reading, DEP_BODY, 1, 0},
    {"reading_time", f_reading, DEP_BODY, 1, 1},
    {"translations", f_translations, DEP_TRANSLATIONS, 1, 0},
    {"has_translations", f_has_translations, DEP_TRANSLATIONS, 1, 0},
    {"alternates", f_alternates, DEP_TRANSLATIONS | DEP_URL, 1, 0},
    {"language_links", f_language_links, DEP_TRANSLATIONS | DEP_URL, 1, 0},
    {"fallback", f_fallback, DEP_TRANSLATIONS, 1, 0},
    {"breadcrumbs", f_breadcrumbs, DEP_TITLE | DEP_URL, 1, 0},
    {"prev", f_neighbour, DEP_MEMBERS, 1, 0},
    {"next", f_neighbour, DEP_MEMBERS, 1, 1},
    {"draft", f_number, DEP_PARAMS, 1, 3},
    {"sample", f_status, DEP_PARAMS, 1, 0},
    {"translation_status", f_status, DEP_PARAMS, 1, 1},
    {"is_draft_translation", f_status, DEP_PARAMS, 1, 2},
    {"series", f_series, DEP_MEMBERS, 1, 0},
    {"epub", f_epub, DEP_MEMBERS, 1, 0},
    {"qr", f_qr, DEP_URL, 1, 0},
    {"og", f_og, DEP_TITLE | DEP_SUMMARY | DEP_IMAGE | DEP_TRANSLATIONS, 1, 0},
    {"jsonld", f_jsonld, DEP_TITLE | DEP_SUMMARY | DEP_IMAGE | DEP_DATE | DEP_URL | DEP_PARAMS,
     1, 0},
};
#define N_PFIELDS (sizeof pfields / sizeof pfields[0])

/* Slot of name in the memo: a field, else N_PFIELDS + taxonomy; -1: none.
 * A taxonomy named like a later field wins, as it did in the eager map. */
/* The first field of each name, found by hashing (a page's names were
 * looked up by comparing each field's: five million strncmp calls a
 * 2,000-page build).  Filled once, read by every thread. */
enum { FIELD_SLOTS = 256 };
static int16_t field_slot[FIELD_SLOTS];   /* index + 1, 0: empty */
static pthread_once_t field_once = PTHREAD_ONCE_INIT;

static size_t field_hash(const char *s, size_t len)
{
    return hmap_hash(s, len) & (FIELD_SLOTS - 1);
}

static void fill_fields(void)
{
    for (size_t i = 0; i < N_PFIELDS; i++) {
        const char *f = pfields[i].name;
        if (!f) continue;
        size_t h = field_hash(f, strlen(f));
        while (field_slot[h] && strcmp(pfields[field_slot[h] - 1].name, f))
            h = (h + 1) & (FIELD_SLOTS - 1);
        if (!field_slot[h]) field_slot[h] = (int16_t)(i + 1);   /* the first of a name */
    }
}

/* The first field named name[0..len), or -1. */
static long first_field(const char *name, size_t len)
{
    pthread_once(&field_once, fill_fields);
    for (size_t h = field_hash(name, len); field_slot[h]; h = (h + 1) & (FIELD_SLOTS - 1)) {
        const char *f = pfields[field_slot[h] - 1].name;
        if (!strncmp(f, name, len) && !f[len]) return field_slot[h] - 1;
    }
    return -1;
}

static long page_slot(const struct site *s, const struct pnode *n, const char *name, size_t len)
{
    long k = first_field(name, len);
    if (k >= 0 && !n->full && pfields[k].full_only) {   /* hidden here: a later one of the name? */
        size_t from = (size_t)k + 1;
        k = -1;
        for (size_t i = from; i < N_PFIELDS && k < 0; i++) {
            const char *f = pfields[i].name;
            if (f && !pfields[i].full_only && !strncmp(f, name, len) && !f[len]) k = (long)i;
        }
    }
    if (k >= 0 && k < TAXONOMIES_AT) return k;
    for (size_t t = 0; t < s->cfg.n_taxonomies; t++) {
        const char *pl = s->cfg.taxonomies[t].plural;
        if (!strncmp(pl, name, len) && !pl[len]) return (long)(N_PFIELDS + t);
    }
    return k;
}

static const value *resolve(struct view *v, struct pnode *n, long k)
{
    if (k >= (long)N_PFIELDS) {
        const struct taxonomy_def *d = &v->s->cfg.taxonomies[k - (long)N_PFIELDS];
        if (v->rec) deps_page(v->rec, n->p->index, DEP_TERMS);
        return terms_val(v->s, n->p, d, v->a);
    }
    const struct pfield *f = &pfields[k];
    if (v->rec) deps_page(v->rec, n->p->index, f->deps);
    return f->fn(v, n, f);
}

static const value *page_at_slot(struct view *v, struct pnode *n, long k)
{
    size_t slots = N_PFIELDS + v->s->cfg.n_taxonomies;
    if (!n->memo) n->memo = arena_alloc(v->a, slots * sizeof *n->memo);
    if (!n->memo[k]) {
        v->resolved++;
        const value *r = resolve(v, n, k);
        n->memo[k] = r ? r : &absent;
    }
    return n->memo[k] == &absent ? NULL : n->memo[k];
}

static const value *page_self(struct view *v, struct pnode *n, const char *name)
{
    long k = page_slot(v->s, n, name, strlen(name));
    return k < 0 ? NULL : page_at_slot(v, n, k);
}

static const value *page_get(struct view *v, const value *node, const char *name, size_t len)
{
    struct pnode *n = (struct pnode *)node->u.lazy.obj;
    long k = page_slot(v->s, n, name, len);
    return k < 0 ? NULL : page_at_slot(v, n, k);
}

static const char *page_key(struct view *v, const value *node, size_t i)
{
    const struct pnode *n = node->u.lazy.obj;
    for (size_t k = 0; k < N_PFIELDS; k++) {
        if (pfields[k].full_only && !n->full) continue;
        if (!pfields[k].name) {
            if (i < v->s->cfg.n_taxonomies) return v->s->cfg.taxonomies[i].plural;
            i -= v->s->cfg.n_taxonomies;
        } else if (!i--) {
            return pfields[k].name;
        }
    }
    return NULL;
}

static const struct view_class page_class = {page_get, NULL, NULL, page_key};

value *ctx_page_node(struct view *v, struct page *p, const struct md_result *md, const char *url)
{
    struct pnode *n = arena_alloc(v->a, sizeof *n);
    n->p = p;
    n->md = md;
    n->url = url;
    n->full = 1;
    return view_node(v, &page_class, n, NULL);
}

value *ctx_summary_node(struct view *v, struct page *p)
{
    struct pnode *n = arena_alloc(v->a, sizeof *n);
    n->p = p;
    return view_node(v, &page_class, n, NULL);
}

value *ctx_summary(struct site *s, struct page *p, arena *a)
{
    struct view v = {s, a, NULL, 0};
    return view_materialize(&v, ctx_summary_node(&v, p));
}

value *ctx_page(struct site *s, struct page *p, const struct md_result *md, arena *a)
{
    struct view v = {s, a, NULL, 0};
    return view_materialize(&v, ctx_page_node(&v, p, md, NULL));
}

/* --- site and root ------------------------------------------------------- */

static value *languages_val(struct site *s, struct lang_state *ls, arena *a)
{
    value *list = val_list(a);
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        const struct lang *L = &s->cfg.langs[l];
        value *e = val_map(a);
        val_add_ref(a, e, "code", val_str(a, L->code));
        val_add_ref(a, e, "name", val_str(a, L->name));
        val_add_ref(a, e, "dir", val_str(a, L->dir));
        val_add_ref(a, e, "url", val_str(a, s->ls[l].home ? s->ls[l].home->url : L->base_path));
        val_add_ref(a, e, "is_current", val_bool(a, L == ls->L));
        val_add_ref(a, e, "is_default", val_bool(a, L->is_default));
        val_push(a, list, e);
    }
    return list;
}

static value *menu_val(struct site *s, struct lang_state *ls, arena *a)
{
    value *list = val_list(a), *m = ls->L->menu;
    for (size_t c = 1; !m && c < ls->L->n_chain; c++)   /* no menu of its own: the chain's */
        m = config_lang(&s->cfg, ls->L->chain[c])->menu;
    for (size_t i = 0; m && m->kind == VAL_LIST && i < m->u.list.n; i++) {
        value *it = m->u.list.items[i];
        const char *name = val_cstr(val_get(it, "name"));
        const char *url = val_cstr(val_get(it, "url"));
        if (!name || !url) {
            diag_warn(DIAG_CFG_MENU_ENTRY,
                      s->cfg.file, it->line, it->col, "a menu entry needs 'name' and 'url'; it is left out");
            continue;
        }
        if (url[0] == '/' && url[1] != '/' && *ls->L->prefix && strncmp(url + 1, ls->L->prefix, strlen(ls->L->prefix)))
            url = arena_printf(a, "/%s%s", ls->L->prefix, url + 1);
        if (url[0] == '/' && url[1] != '/') url = site_url(ls->L, url, a);   /* under base_url */
        value *e = val_map(a);
        val_add_ref(a, e, "name", val_str(a, name));
        val_add_ref(a, e, "url", val_str(a, url));
        value *w = val_get(it, "weight");
        val_add_ref(a, e, "weight", val_int(a, w && w->kind == VAL_INT ? w->u.i : (long long)i));
        val_push(a, list, e);
    }
    /* by weight, stable: insertion sort of a handful of entries */
    for (size_t i = 1; i < list->u.list.n; i++) {
        value *x = list->u.list.items[i];
        size_t j = i;
        while (j > 0 && val_get(list->u.list.items[j - 1], "weight")->u.i > val_get(x, "weight")->u.i) {
            list->u.list.items[j] = list->u.list.items[j - 1];
            j--;
        }
        list->u.list.items[j] = x;
    }
    return list;
}

/* The menu with this page marked: is_current on the entry for the page,
 * is_ancestor on the entry of a section it is in (never the home page). */
static value *menu_for(const struct page *p, const value *menu, arena *a)
{
    value *list = val_list(a);
    const char *home = site_url(p->L, p->L->prefix, a);
    for (size_t i = 0; i < menu->u.list.n; i++) {
        const value *m = menu->u.list.items[i];
        const char *url = val_cstr(val_get(m, "url"));
        size_t n = strlen(url);
        int cur = !strcmp(url, p->url);
        int is_home = !strcmp(url, p->L->base_path) || !strcmp(url, home);
        int anc = !cur && !is_home && n > 1 && !strncmp(p->url, url, n);
        value *e = val_map(a);
        for (size_t k = 0; k < m->u.map.n; k++) val_add(a, e, m->u.map.e[k].key, m->u.map.e[k].val);
        val_add_ref(a, e, "is_current", val_bool(a, cur));
        val_add_ref(a, e, "is_ancestor", val_bool(a, anc));
        val_add_ref(a, e, "is_active", val_bool(a, cur || anc));
        val_push(a, list, e);
    }
    return list;
}

static value *taxonomies_val(struct site *s, struct lang_state *ls, arena *a)
{
    value *list = val_list(a);
    for (size_t t = 0; t < s->cfg.n_taxonomies; t++) {
        struct taxonomy *tx = &ls->tax[t];
        if (!tx->page) continue;
        value *e = val_map(a), *terms = val_list(a);
        val_add_ref(a, e, "name", val_str(a, tx->def->plural));
        val_add_ref(a, e, "title", val_str(a, tx->title));
        val_add_ref(a, e, "url", val_str(a, tx->page->url));
        for (size_t k = 0; k < tx->n; k++) {
            value *te = val_map(a);
            val_add_ref(a, te, "name", val_str(a, tx->terms[k].name));
            val_add_ref(a, te, "url", val_str(a, tx->terms[k].page->url));
            val_add_ref(a, te, "count", val_int(a, (long long)tx->terms[k].n));
            val_push(a, terms, te);
        }
        val_add_ref(a, e, "terms", terms);
        val_push(a, list, e);
    }
    return list;
}

value *ctx_site(struct site *s, struct lang_state *ls)
{
    arena *a = &s->a;
    const struct lang *L = ls->L;
    value *v = val_map(a);
    val_add_ref(a, v, "title", val_str(a, L->title ? L->title : ""));
    val_add_ref(a, v, "description", val_str(a, L->description ? L->description : ""));
    val_add_ref(a, v, "base_url", val_str(a, L->base_url));
    val_add_ref(a, v, "base_path", val_str(a, L->base_path));
    val_add_ref(a, v, "lang", val_str(a, L->code));
    val_add_ref(a, v, "dir", val_str(a, L->dir));
    value *lv = val_map(a);
    val_add_ref(a, lv, "code", val_str(a, L->code));
    val_add_ref(a, lv, "name", val_str(a, L->name));
    val_add_ref(a, lv, "dir", val_str(a, L->dir));
    val_add_ref(a, lv, "locale", val_str(a, L->og_locale));
    val_add_ref(a, v, "language", lv);
    val_add_ref(a, v, "languages", languages_val(s, ls, a));
    val_add_ref(a, v, "has_languages", val_bool(a, s->cfg.n_langs > 1));
    val_add_ref(a, v, "menu", menu_val(s, ls, a));
    const char *home = ls->home ? ls->home->url : L->base_path;
    val_add_ref(a, v, "home_url", val_str(a, home));
    val_add_ref(a, v, "rss_url", val_str(a, arena_printf(a, "%sindex.xml", home)));
    val_add_ref(a, v, "atom_url", val_str(a, arena_printf(a, "%satom.xml", home)));
    val_add_ref(a, v, "taxonomies", taxonomies_val(s, ls, a));
    val_add_ref(a, v, "publications", ls->publications ? ls->publications : val_list(a));
    val_add_ref(a, v, "has_publications", val_bool(a, ls->publications && val_truthy(ls->publications)));
    val_add_ref(a, v, "params", s->cfg.params ? s->cfg.params : val_map(a));
    val_add_ref(a, v, "data", s->data);
    val_add_ref(a, v, "generator", val_str(a, "loa " LOA_VERSION));
    /* the site's time, not the clock: a build on 1 January must not differ */
    time_t when = (time_t)s->content_time;
    struct tm tm;
    if (gmtime_r(&when, &tm)) val_add_ref(a, v, "year", val_int(a, tm.tm_year + 1900));
    if (s->cfg.author) val_add_ref(a, v, "author", val_str(a, s->cfg.author));
    if (s->cfg.publisher) val_add_ref(a, v, "publisher", val_str(a, s->cfg.publisher));
    if (s->cfg.copyright) val_add_ref(a, v, "copyright", val_str(a, s->cfg.copyright));
    val_add_ref(a, v, "agency", tdata_agency(s, L, a));
    val_add_ref(a, v, "credit", val_bool(a, s->cfg.generator_credit));
    val_add_ref(a, v, "sections", tdata_sections(s, ls, 0, a));
    val_add_ref(a, v, "types", tdata_types(s, ls, a));
    val_add_ref(a, v, "has_type", tdata_has_type(s, ls, a));
    return v;
}

value *ctx_root(struct site *s, struct page *p, value *page_val, arena *a)
{
    struct lang_state *ls = &s->ls[p->L->index];
    value *r = val_map(a), *site = val_map(a);
    const value *sv = ls->site_val;
    for (size_t i = 0; i < sv->u.map.n; i++)   /* shallow copy: only the menu differs per page */
        val_add(a, site, sv->u.map.e[i].key,
                strcmp(sv->u.map.e[i].key, "menu") ? sv->u.map.e[i].val : menu_for(p, sv->u.map.e[i].val, a));
    val_add_ref(a, r, "site", site);
    val_add_ref(a, r, "page", page_val);
    val_add_ref(a, r, "t", ls->t);
    val_add_ref(a, r, "t_lang", ls->t_lang);
    return r;
}

/* --- site and root as nodes ------------------------------------------------------ */

struct snode { struct lang_state *ls; const struct page *p; const value *menu; };

/* site.* comes from site.yml (and the model): each name asked is recorded;
 * params and data record the names asked inside them. */
static const value *site_get(struct view *v, const value *node, const char *name, size_t len)
{
    struct snode *n = (struct snode *)node->u.lazy.obj;
    const value *x = val_getn(n->ls->site_val, name, len);
    if (!x) {
        if (v->rec) deps_input(v->rec, DEPS_SITE, name, len);
        return NULL;
    }
    if (len == 4 && !memcmp(name, "data", 4)) return view_recorded(v, x, VIEW_REC_DATA);
    if (len == 6 && !memcmp(name, "params", 6)) return view_recorded(v, x, VIEW_REC_PARAMS);
    if (v->rec) deps_input(v->rec, DEPS_SITE, name, len);
    if (len != 4 || memcmp(name, "menu", 4)) return x;
    if (!n->menu) n->menu = menu_for(n->p, x, v->a);   /* marks this page: per page */
    return n->menu;
}

static const char *site_key(struct view *v, const value *node, size_t i)
{
    (void)v;
    const struct snode *n = node->u.lazy.obj;
    const value *sv = n->ls->site_val;
    return i < sv->u.map.n ? sv->u.map.e[i].key : NULL;
}

static const struct view_class site_class = {site_get, NULL, NULL, site_key};

/* A list of pages of the index walked in place: what listings show of each. */
struct plist { struct page **items; size_t n; };

static size_t plist_len(struct view *v, const value *node)
{
    (void)v;
    return ((const struct plist *)node->u.lazy.obj)->n;
}

static const value *plist_at(struct view *v, const value *node, size_t i)
{
    return ctx_summary_node(v, ((const struct plist *)node->u.lazy.obj)->items[i]);
}

static const struct view_class plist_class = {NULL, plist_len, plist_at, NULL};

static value *plist(struct view *v, struct page **items, size_t n)
{
    struct plist *l = arena_alloc(v->a, sizeof *l);
    l->items = items;
    l->n = n;
    return view_node(v, &plist_class, l, NULL);
}

/* What a listing page lists: a section's members, a term's pages, the
 * language's regular pages for the home page; nothing for the others. */
void ctx_list_items(struct site *s, struct page *p, struct page ***items, size_t *n)
{
    struct lang_state *ls = &s->ls[p->L->index];
    *items = NULL;
    *n = 0;
    if (p->kind == PK_SECTION) { *items = p->children; *n = p->n_children; }
    else if (p->kind == PK_HOME) { *items = ls->regular; *n = ls->n_regular; }
    else if (p->kind == PK_TERM) { struct term *t = p->owner; *items = t->pages; *n = t->n; }
}

const char *ctx_pager_url(const struct page *p, size_t num, arena *a)
{
    return num <= 1 ? p->url : arena_printf(a, "%spage/%zu/", p->url, num);
}

struct rnode {
    struct page *p;
    value *page, *site, *t, *t_lang;
    const struct ctx_listing *list;   /* NULL: a regular page */
    const value *memo[5];             /* pages, has_pages, paginator, sections, home/terms */
};

static value *pages_val(struct view *v, struct rnode *r)
{
    struct page **items;
    size_t n, per = (size_t)v->s->cfg.paginate;
    ctx_list_items(v->s, r->p, &items, &n);
    size_t from = (r->list->num - 1) * per, to = from + per < n ? from + per : n;
    if (r->p->kind == PK_HOME) { from = 0; to = n < per ? n : per; }
    if (from > to) from = to;
    if (v->rec) deps_page(v->rec, r->p->index, DEP_MEMBERS);
    return plist(v, items + from, to - from);
}

static value *paginator_val(struct view *vw, const struct page *p, const struct ctx_listing *j)
{
    struct site *s = vw->s;
    arena *a = vw->a;
    value *v = val_map(a), *pages = val_list(a);
    if (vw->rec) deps_page(vw->rec, p->index, DEP_MEMBERS | DEP_URL);
    val_add_ref(a, v, "page_number", val_int(a, (long long)j->num));
    val_add_ref(a, v, "total_pages", val_int(a, (long long)j->total));
    val_add_ref(a, v, "show", val_bool(a, j->total > 1));
    val_add_ref(a, v, "has_prev", val_bool(a, j->num > 1));
    val_add_ref(a, v, "has_next", val_bool(a, j->num < j->total));
    if (j->num > 1) val_add_ref(a, v, "prev_url", val_str(a, ctx_pager_url(p, j->num - 1, a)));
    if (j->num < j->total)
        val_add_ref(a, v, "next_url", val_str(a, ctx_pager_url(p, j->num + 1, a)));
    /* a window, not every page: first, last and two either side of the
     * current one, with a gap entry where numbers are skipped (so a listing
     * of 600 pages does not carry 600 links on each of them) */
    size_t last_shown = 0;
    for (size_t k = 1; k <= j->total; k++) {
        int show = k == 1 || k == j->total || (k + 2 >= j->num && k <= j->num + 2);
        if (!show) continue;
        if (last_shown && k > last_shown + 1) {
            value *gap = val_map(a);
            val_add_ref(a, gap, "is_gap", val_bool(a, 1));
            val_push(a, pages, gap);
        }
        value *e = val_map(a);
        val_add_ref(a, e, "number", val_int(a, (long long)k));
        val_add_ref(a, e, "url", val_str(a, ctx_pager_url(p, k, a)));
        val_add_ref(a, e, "is_current", val_bool(a, k == j->num));
        val_add_ref(a, e, "is_gap", val_bool(a, 0));
        val_push(a, pages, e);
        last_shown = k;
    }
    val_add_ref(a, v, "pages", pages);
    buf t = BUF_INIT;
    if (vw->rec) deps_input(vw->rec, DEPS_STRING, "page_n", strlen("page_n"));
    i18n_t_count(s->strings, p->L->chain, p->L->n_chain, "page_n", (double)j->num, &t);
    val_add_ref(a, v, "label", val_strn(a, t.data, t.len));
    buf_release(&t);
    return v;
}

/* home.sections: site.sections with the first pages of each, in the
 * section's own order (or its sub-sections: the series of an e-magazine
 * section), walked as summary nodes. */
static value *home_sections(struct view *vw, struct lang_state *ls)
{
    arena *a = vw->a;
    value *list = tdata_sections(vw->s, ls, 0, a);
    for (size_t i = 0; i < list->u.list.n && i < ls->n_sections; i++) {
        struct page *sec = ls->sections[i];
        value *e = list->u.list.items[i], *l = val_list(a);
        if (vw->rec) deps_page(vw->rec, sec->index, DEP_MEMBERS);
        struct page *const *from = sec->n_children ? sec->children : sec->subsections;
        size_t n = sec->n_children ? sec->n_children : sec->n_sub;
        for (size_t k = 0; k < n && l->u.list.n < TDATA_HOME_ITEMS; k++)
            val_push(a, l, ctx_summary_node(vw, from[k]));
        const value *count = val_get(e, "count");
        long long total = count && count->kind == VAL_INT ? count->u.i : 0;
        val_add_ref(a, e, "pages", l);
        val_add_ref(a, e, "has_pages", val_bool(a, l->u.list.n > 0));
        val_add_ref(a, e, "has_more", val_bool(a, total > (long long)l->u.list.n));
    }
    return list;
}

/* The newest few of each content type for the home page. */
static value *home_latest(struct view *vw, struct lang_state *ls)
{
    static const enum ctype types[] = {CT_STORY, CT_CONVENTION, CT_POSTCARD, CT_EMAGAZINE};
    static const char *const keys[] = {"stories", "conventions", "postcards", "emagazines"};
    struct site *s = vw->s;
    arena *a = vw->a;
    value *v = val_map(a);
    for (int t = 0; t < 4; t++) {
        value *l = val_list(a);
        struct page **from = ls->regular;
        size_t n = ls->n_regular, max = 6;
        if (t == 1) {   /* conventions: all of them, in the order of their section */
            for (size_t i = 0; i < s->n_pages; i++) {
                struct page *sec = s->pages[i];
                int conv = sec->ct == CT_CONVENTION;
                if (sec->kind == PK_SECTION && sec->L == ls->L && conv) {
                    if (vw->rec) deps_page(vw->rec, sec->index, DEP_MEMBERS);
                    from = sec->children;
                    n = sec->n_children;
                    max = 100;
                    break;
                }
            }
        }
        if (t == 3) n = tdata_series_parts(ls, &from);   /* series in order, parts in order */
        for (size_t i = 0; i < n && l->u.list.n < max; i++) {
            struct page *p = from[i];
            if (vw->rec) deps_page(vw->rec, p->index, DEP_KIND);
            if (p->ct == types[t]) val_push(a, l, ctx_summary_node(vw, p));
        }
        val_add(a, v, keys[t], l);
        val_add(a, v, arena_printf(a, "has_%s", keys[t]), val_bool(a, l->u.list.n > 0));
    }
    val_add_ref(a, v, "sections", home_sections(vw, ls));
    return v;
}

static value *terms_list(struct view *vw, const struct page *p)
{
    struct taxonomy *t = p->owner;
    arena *a = vw->a;
    value *l = val_list(a);
    if (vw->rec) deps_input(vw->rec, DEPS_STRING, "pages_count", strlen("pages_count"));
    for (size_t k = 0; k < t->n; k++) {
        value *e = val_map(a);
        if (vw->rec) deps_page(vw->rec, t->terms[k].page->index, DEP_URL | DEP_MEMBERS);
        val_add_ref(a, e, "name", val_str(a, t->terms[k].name));
        val_add_ref(a, e, "url", val_str(a, t->terms[k].page->url));
        val_add_ref(a, e, "count", val_int(a, (long long)t->terms[k].n));
        buf c = BUF_INIT;
        i18n_t_count(vw->s->strings, p->L->chain, p->L->n_chain, "pages_count",
                     (double)t->terms[k].n, &c);
        val_add_ref(a, e, "count_text", val_strn(a, c.data, c.len));
        buf_release(&c);
        val_push(a, l, e);
    }
    return l;
}

static value *sections_val(struct view *v, const struct page *p)
{
    if (v->rec) deps_page(v->rec, p->index, DEP_MEMBERS);
    return plist(v, p->subsections, p->n_sub);
}

/* The names a listing adds to the root, after site, page and t. */
static const char *const list_names[] = {"pages", "has_pages", "paginator", "sections", "home",
                                         "terms"};

static const value *root_listing(struct view *v, struct rnode *r, int k)
{
    if (k == 1) return val_bool(v->a, plist_len(v, root_listing(v, r, 0)) > 0);
    if (r->memo[k < 4 ? k : 4]) return r->memo[k < 4 ? k : 4];
    const value *x = NULL;
    v->resolved++;
    if (k == 0) x = pages_val(v, r);
    else if (k == 2) x = paginator_val(v, r->p, r->list);
    else if (k == 3) x = sections_val(v, r->p);
    else if (k == 4 && r->p->kind == PK_HOME) x = home_latest(v, &v->s->ls[r->p->L->index]);
    else if (k == 5 && r->p->kind == PK_TAXONOMY) x = terms_list(v, r->p);
    return x ? (r->memo[k < 4 ? k : 4] = x) : NULL;
}

static const value *root_get(struct view *v, const value *node, const char *name, size_t len)
{
    struct rnode *r = (struct rnode *)node->u.lazy.obj;
    if (len == 4 && !memcmp(name, "site", 4)) return r->site;
    if (len == 4 && !memcmp(name, "page", 4)) return r->page;
    if (len == 1 && name[0] == 't') return r->t;
    if (len == 6 && !memcmp(name, "t_lang", 6)) return r->t_lang;
    for (int k = 0; r->list && k < 6; k++)
        if (strlen(list_names[k]) == len && !memcmp(list_names[k], name, len))
            return root_listing(v, r, k);
    return NULL;
}

static const char *root_key(struct view *v, const value *node, size_t i)
{
    static const char *const first[] = {"site", "page", "t", "t_lang"};
    const struct rnode *r = node->u.lazy.obj;
    (void)v;
    if (i < 4) return first[i];
    return r->list && i < 10 ? list_names[i - 4] : NULL;
}

static const struct view_class root_class = {root_get, NULL, NULL, root_key};

value *ctx_root_node(struct view *v, struct page *p, value *page, const struct ctx_listing *list)
{
    struct lang_state *ls = &v->s->ls[p->L->index];
    struct rnode *r = arena_alloc(v->a, sizeof *r);
    struct snode *sn = arena_alloc(v->a, sizeof *sn);
    sn->ls = ls;
    sn->p = p;
    r->p = p;
    r->page = page;
    r->site = view_node(v, &site_class, sn, NULL);
    r->t = view_recorded(v, ls->t, VIEW_REC_T);
    r->t_lang = ls->t_lang ? view_recorded(v, ls->t_lang, VIEW_REC_T) : NULL;
    r->list = list;
    return view_node(v, &root_class, r, NULL);
}
