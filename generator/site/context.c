#include "context.h"
#include "media.h"
#include "../data/value.h"
#include "../i18n/locale.h"
#include "../i18n/strings.h"
#include "../markdown/markdown.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/text.h"
#include "assets.h"
#include "../cards/cards.h"
#include "theme_data.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const kind_names[] = {"page", "section", "home", "taxonomy", "term", "404"};

const char *ctx_date(struct site *s, const struct lang *L, const char *iso, int longform, arena *a)
{
    if (!iso || strlen(iso) < 10) return "";
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    enum i18n_date_style st = longform ? I18N_DATE_LONG : I18N_DATE_SHORT;
    const char *pat = i18n_date_pattern(s->strings, L->chain, L->n_chain, st);
    buf b = BUF_INIT;
    if (i18n_format_date(L->chain, L->n_chain, y, m, d, st, pat, &b) != 0) buf_put(&b, iso, 10);
    const char *r = arena_strndup(a, b.data, b.len);
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

static void add_kind(value *v, const struct page *p, arena *a)
{
    val_add_ref(a, v, "kind", val_str(a, kind_names[p->kind]));
    static const char *const flags[] = {"is_page", "is_section", "is_home", "is_taxonomy", "is_term", "is_404"};
    for (int k = 0; k <= PK_404; k++) val_add(a, v, flags[k], val_bool(a, (int)p->kind == k));
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

value *ctx_summary(struct site *s, struct page *p, arena *a)
{
    value *v = val_map_sized(a, 48);   /* about 35 fields: sized once, see val_map_sized */
    add_kind(v, p, a);
    val_add_ref(a, v, "title", ref(a, p->title));
    val_add_ref(a, v, "url", ref(a, p->url));
    val_add_ref(a, v, "permalink", val_str(a, site_permalink(s, p->L, p->url, a)));
    val_add_ref(a, v, "type", ref(a, p->type));
    val_add_ref(a, v, "section", ref(a, p->section));
    val_add_ref(a, v, "lang", ref(a, p->lang));
    val_add_ref(a, v, "dir", ref(a, p->L->dir));
    val_add_ref(a, v, "summary", ref(a, p->summary));
    val_add_ref(a, v, "has_date", val_bool(a, p->date != NULL));
    if (p->date) {
        val_add_ref(a, v, "date", val_strn(a, p->date, 10));
        val_add_ref(a, v, "date_formatted", date_val(s, p->L, p->date, a));
    }
    if (p->lastmod) {
        val_add_ref(a, v, "lastmod", val_strn(a, p->lastmod, 10));
        val_add_ref(a, v, "lastmod_formatted", date_val(s, p->L, p->lastmod, a));
    }
    /* the page's picture: image, else an e-magazine part's hero, else a series cover */
    value *img = ctx_fm_image(s, p, "image", "image_alt", NULL, a);
    if (!img) img = ctx_fm_image(s, p, "hero", "hero_alt", NULL, a);
    if (!img) img = ctx_fm_image(s, p, "cover", "cover_alt", NULL, a);
    if (img) val_add_ref(a, v, "image", img);
    value *card = card_page_value(s, p, a);
    if (card) val_add_ref(a, v, "card", card);
    for (size_t i = 0; i < s->cfg.n_taxonomies; i++)
        val_add(a, v, s->cfg.taxonomies[i].plural, terms_val(s, p, &s->cfg.taxonomies[i], a));
    val_add_ref(a, v, "is_fallback", val_bool(a, p->is_fallback));
    val_add_ref(a, v, "content_lang", val_str(a, tdata_content_lang(p)));
    val_add_ref(a, v, "weight", val_int(a, p->weight));
    val_add_ref(a, v, "word_count", val_int(a, (long long)p->word_count));
    val_add_ref(a, v, "params", p->fm);
    const char *ty = p->type ? p->type : "";
    /* listings that mix types label each card: the string type_<type>, empty when missing */
    const char *label_key = arena_printf(a, "type_%s", ty);
    val_add_ref(a, v, "type_label", val_str(a, plural_text(s, p->L, label_key, 1, a)));
    if (!strcmp(ty, "convention")) val_add_ref(a, v, "convention", convention_val(s, p, a));
    else if (!strcmp(ty, "story")) val_add_ref(a, v, "story", story_val(s, p, a));
    else if (!strcmp(ty, "postcard")) val_add_ref(a, v, "postcard", postcard_val(s, p, a));
    return v;
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

static value *series_val(struct site *s, const struct page *p, arena *a)
{
    const struct page *sec = p->kind == PK_SECTION ? p : p->parent;
    if (!sec || !sec->type || strcmp(sec->type, "emagazine") || sec->kind != PK_SECTION || !sec->n_children)
        return NULL;   /* a folder of series is no series */
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
    value *parts = val_list(a);
    for (size_t i = 0; i < sec->n_children; i++) {
        const struct page *c = sec->children[i];
        value *e = val_map(a);
        val_add_ref(a, e, "title", val_str(a, c->title));
        val_add_ref(a, e, "url", val_str(a, c->url));
        val_add_ref(a, e, "number", val_int(a, (long long)i + 1));
        val_add_ref(a, e, "summary", val_str(a, c->summary ? c->summary : ""));
        val_add_ref(a, e, "is_current", val_bool(a, c == p));
        if (c == p) val_add_ref(a, v, "position", val_int(a, (long long)i + 1));
        val_push(a, parts, e);
    }
    val_add_ref(a, v, "parts", parts);
    val_add_ref(a, v, "total", val_int(a, (long long)sec->n_children));
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

static value *translations_val(struct site *s, const struct page *p, arena *a, value **alternates)
{
    value *tr = val_list(a), *alt = val_list(a);
    for (size_t l = 0; p->tr && l < s->cfg.n_langs; l++) {
        const struct page *q = p->tr[l];
        if (!q || !q->url) continue;
        if (q != p && !q->is_fallback) {
            value *e = val_map(a);
            val_add_ref(a, e, "code", val_str(a, q->lang));
            val_add_ref(a, e, "name", val_str(a, q->L->name));
            val_add_ref(a, e, "url", val_str(a, q->url));
            val_add_ref(a, e, "title", val_str(a, q->title ? q->title : ""));
            val_push(a, tr, e);
        }
        if (q->is_fallback) continue;   /* a copy in another language is no alternate */
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
    *alternates = alt;
    return tr;
}

static value *breadcrumbs_val(struct site *s, const struct page *p, arena *a)
{
    const struct page *chain[64];
    size_t n = 0;
    for (const struct page *q = p; q && n < 64; q = q->parent) chain[n++] = q;
    const struct page *home = s->ls[p->L->index].home;
    if (n && chain[n - 1] != home && home && n < 64) chain[n++] = home;
    value *list = val_list(a);
    for (size_t i = n; i-- > 0;) {
        value *e = val_map(a);
        val_add_ref(a, e, "title", val_str(a, chain[i]->title ? chain[i]->title : ""));
        val_add_ref(a, e, "url", val_str(a, chain[i]->url));
        val_add_ref(a, e, "permalink", val_str(a, site_permalink(s, p->L, chain[i]->url, a)));
        val_add_ref(a, e, "position", val_int(a, (long long)(n - i)));
        val_add_ref(a, e, "is_current", val_bool(a, i == 0));
        val_push(a, list, e);
    }
    return list;
}

static const char *jsonld(struct site *s, const struct page *p, value *pv, value *crumbs, arena *a)
{
    value *g = val_list(a);
    value *art = val_map(a);
    val_add_ref(a, art, "@type", val_str(a, tdata_schema_type(p)));
    val_add_ref(a, art, "headline", val_str(a, p->title ? p->title : ""));
    val_add_ref(a, art, "name", val_str(a, p->title ? p->title : ""));
    val_add_ref(a, art, "inLanguage", val_str(a, p->lang));
    val_add_ref(a, art, "url", val_str(a, site_permalink(s, p->L, p->url, a)));
    const char *desc = val_cstr(val_get(pv, "description"));
    if (desc && *desc) val_add_ref(a, art, "description", val_str(a, desc));
    if (p->date) val_add_ref(a, art, "datePublished", val_strn(a, p->date, 10));
    if (p->lastmod || p->date) val_add_ref(a, art, "dateModified", val_strn(a, p->lastmod ? p->lastmod : p->date, 10));
    value *img = val_get(pv, "image");
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

static value *og_val(struct site *s, const struct page *p, value *pv, arena *a)
{
    value *og = val_map(a);
    val_add_ref(a, og, "type", val_str(a, p->kind == PK_PAGE ? "article" : "website"));
    val_add_ref(a, og, "title", val_get(pv, "title"));
    val_add_ref(a, og, "description", val_get(pv, "description"));
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
    value *img = val_get(pv, "image");
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

value *ctx_page(struct site *s, struct page *p, const struct md_result *md, arena *a)
{
    value *v = val_map_sized(a, 80);
    value *sum = p->summary_val ? p->summary_val : ctx_summary(s, p, a);
    for (size_t i = 0; i < sum->u.map.n; i++) val_add(a, v, sum->u.map.e[i].key, sum->u.map.e[i].val);
    const char *desc = p->description ? p->description : p->summary && *p->summary ? p->summary
                       : p->L->description ? p->L->description : "";
    val_add_ref(a, v, "description", val_str(a, desc));
    val_add_ref(a, v, "locale", val_str(a, p->L->og_locale));
    /* a fallback copy is duplicate text: search engines are sent to the original */
    val_add_ref(a, v, "canonical", val_str(a, p->is_fallback ? site_permalink(s, p->fallback_of->L, p->fallback_of->url, a)
                                                         : site_permalink(s, p->L, p->url, a)));
    val_add_ref(a, v, "content", val_str(a, md && md->html ? md->html : ""));
    val_add_ref(a, v, "toc", val_str(a, md && md->toc_html ? md->toc_html : ""));
    val_add_ref(a, v, "has_toc", val_bool(a, md && md->toc_html && *md->toc_html));
    long long minutes = (long long)(p->word_count + 219) / 220;
    if (minutes < 1) minutes = 1;
    if (tdata_has_reading_time(p)) {
        val_add_ref(a, v, "reading_minutes", val_int(a, minutes));
        val_add_ref(a, v, "reading_time",
                    val_str(a, plural_text(s, p->L, "reading_time", (double)minutes, a)));
    }
    value *alts;
    val_add_ref(a, v, "translations", translations_val(s, p, a, &alts));
    val_add_ref(a, v, "has_translations", val_bool(a, val_truthy(val_get(v, "translations"))));
    val_add_ref(a, v, "alternates", alts);
    val_add_ref(a, v, "language_links", tdata_language_links(s, p, a));
    if (p->is_fallback) {
        value *f = val_map(a);
        val_add_ref(a, f, "code", val_str(a, p->fallback_of->lang));
        val_add_ref(a, f, "name", val_str(a, p->fallback_of->L->name));
        val_add_ref(a, f, "url", val_str(a, p->fallback_of->url));
        val_add_ref(a, v, "fallback", f);
    }
    value *crumbs = breadcrumbs_val(s, p, a);
    val_add_ref(a, v, "breadcrumbs", crumbs);
    if (p->prev) val_add_ref(a, v, "prev", link_val(s, p->prev, a));
    if (p->next) val_add_ref(a, v, "next", link_val(s, p->next, a));
    val_add_ref(a, v, "draft", val_bool(a, p->draft));
    val_add_ref(a, v, "sample", val_bool(a, val_truthy(val_get(p->fm, "sample"))));
    const char *ts = val_cstr(val_get(p->fm, "translation_status"));
    val_add_ref(a, v, "translation_status", val_str(a, ts ? ts : ""));
    val_add_ref(a, v, "is_draft_translation", val_bool(a, ts && !strcmp(ts, "draft")));
    value *series = series_val(s, p, a);
    if (series) {
        val_add_ref(a, v, "series", series);
        if (val_get(series, "epub")) val_add_ref(a, v, "epub", val_get(series, "epub"));
    }
    value *qr = card_qr_value(s, p, a);
    if (qr) val_add_ref(a, v, "qr", qr);
    val_add_ref(a, v, "og", og_val(s, p, v, a));
    val_add_ref(a, v, "jsonld", val_str(a, jsonld(s, p, v, crumbs, a)));
    return v;
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
        val_add_ref(a, e, "url", val_str(a, s->ls[l].home ? s->ls[l].home->url : "/"));
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
            diag_warn(s->cfg.file, it->line, it->col, "a menu entry needs 'name' and 'url'; it is left out");
            continue;
        }
        if (url[0] == '/' && url[1] != '/' && *ls->L->prefix && strncmp(url + 1, ls->L->prefix, strlen(ls->L->prefix)))
            url = arena_printf(a, "/%s%s", ls->L->prefix, url + 1);
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
    const char *home = p->L->prefix;
    for (size_t i = 0; i < menu->u.list.n; i++) {
        const value *m = menu->u.list.items[i];
        const char *url = val_cstr(val_get(m, "url"));
        size_t n = strlen(url);
        int cur = !strcmp(url, p->url);
        int is_home = !strcmp(url, "/") || (url[0] == '/' && !strncmp(url + 1, home, strlen(home)) && n == strlen(home) + 1);
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
    const char *home = ls->home ? ls->home->url : "/";
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
