#include "config.h"
#include "../data/value.h"
#include "../data/yaml.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/escape.h"
#include "../util/fs.h"
#include "../util/suggest.h"
#include "../i18n/locale.h"

#include <stdlib.h>
#include <string.h>

struct cfg_ctx { arena *a; const char *file; struct site_config *c; int bad; };

static const char *want_str(struct cfg_ctx *x, value *v, const char *key)
{
    if (!v || v->kind == VAL_NULL) return NULL;
    const char *s = val_scalar_text(x->a, v);
    if (s) return s;
    diag_error(x->file, v->line, v->col, "'%s' must be text", key);
    x->bad = 1;
    return NULL;
}

static int want_bool(struct cfg_ctx *x, value *v, const char *key, int dflt)
{
    if (!v || v->kind == VAL_NULL) return dflt;
    if (v->kind == VAL_BOOL) return v->u.b;
    diag_error(x->file, v->line, v->col, "'%s' must be true or false", key);
    x->bad = 1;
    return dflt;
}

static int want_int(struct cfg_ctx *x, value *v, const char *key, int dflt, int min)
{
    if (!v || v->kind == VAL_NULL) return dflt;
    if (v->kind == VAL_INT && v->u.i >= min && v->u.i < 1000000) return (int)v->u.i;
    diag_error(x->file, v->line, v->col, "'%s' must be a whole number of at least %d", key, min);
    x->bad = 1;
    return dflt;
}

static const char *with_slash(arena *a, const char *url)
{
    size_t n = strlen(url);
    if (n && url[n - 1] == '/') return url;
    return arena_printf(a, "%s/", url);
}

static void check_keys(struct cfg_ctx *x, value *map, const char *const *known, const char *where)
{
    if (!map || map->kind != VAL_MAP) return;
    for (size_t i = 0; i < map->u.map.n; i++) {
        const char *k = map->u.map.e[i].key;
        const char *const *p = known;
        while (*p && strcmp(*p, k)) p++;
        if (!*p)
            diag_warn(x->file, map->u.map.e[i].val->line, map->u.map.e[i].val->col,
                      "unknown key '%s' in %s; it is ignored (check the spelling)", k, where);
    }
}

/* Names from site.yml that become folder names in the output (taxonomy
 * names, publication ids) must be one plain part: no '/', '..', control
 * characters.  The error points at the value in site.yml. */
static int want_segment(struct cfg_ctx *x, const value *at, const char *name, const char *what)
{
    const char *why = fs_check_rel(name);
    if (!why && strchr(name, '/')) why = "it contains '/'";
    if (!why) return 1;
    diag_error(x->file, at ? at->line : 0, at ? at->col : 0, "%s '%s' becomes a folder name in "
               "the output, so it must be one plain name (%s); use letters, digits and '-'",
               what, name, why);
    x->bad = 1;
    return 0;
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* A BCP 47 tag in its common shape: a 2-8 letter language, then subtags
 * of 1-8 letters or digits (vi, hmn, zh-Hant, pt-BR, sr-Latn-RS).  The
 * code is written into lang="", hreflang, URLs and file names. */
int config_lang_code_ok(const char *code)
{
    size_t n = 0;
    while (is_alpha(code[n])) n++;
    if (n < 2 || n > 8) return 0;
    for (const char *p = code + n; *p;) {
        if (*p++ != '-') return 0;
        size_t k = 0;
        while (is_alnum(p[k])) k++;
        if (k < 1 || k > 8) return 0;
        p += k;
    }
    return 1;
}

static void want_lang_code(struct cfg_ctx *x, const value *at, const char *code)
{
    if (config_lang_code_ok(code)) return;
    diag_error(x->file, at ? at->line : 0, at ? at->col : 0, "'%s' is not a language code; use a "
               "BCP 47 tag such as vi, en, hmn, zh-Hant or pt-BR", code);
    x->bad = 1;
}

static void add_lang(struct cfg_ctx *x, const char *code, value *spec)
{
    struct site_config *c = x->c;
    struct lang *l = &c->langs[c->n_langs];
    memset(l, 0, sizeof *l);
    l->index = c->n_langs++;
    l->code = code;
    static const char *const known[] = {"name", "dir", "title", "description", "base_url",
                                        "fallback", "untranslated", "menu", "default", "kind", 0};
    check_keys(x, spec, known, "a language");
    l->name = want_str(x, val_get(spec, "name"), "name");
    if (!l->name) l->name = code;
    l->dir = want_str(x, val_get(spec, "dir"), "dir");
    if (!l->dir) l->dir = i18n_is_rtl(code) ? "rtl" : "ltr";   /* ar, he, fa, ur: no config */
    if (strcmp(l->dir, "ltr") && strcmp(l->dir, "rtl")) {
        value *d = val_get(spec, "dir");
        diag_error(x->file, d->line, d->col, "language '%s': dir must be ltr or rtl", code);
        x->bad = 1;
    }
    l->title = want_str(x, val_get(spec, "title"), "title");
    l->description = want_str(x, val_get(spec, "description"), "description");
    l->base_url = want_str(x, val_get(spec, "base_url"), "base_url");
    l->menu = val_get(spec, "menu");
    l->kind = want_str(x, val_get(spec, "kind"), "kind");
    if (l->kind && strcmp(l->kind, "national") && strcmp(l->kind, "foreign") && strcmp(l->kind, "minority")) {
        value *d = val_get(spec, "kind");
        diag_error(x->file, d->line, d->col, "language '%s': kind must be national, foreign or minority", code);
        x->bad = 1;
    }
    const char *u = want_str(x, val_get(spec, "untranslated"), "untranslated");
    l->untranslated = UNTRANSLATED_OMIT;
    if (u && !strcmp(u, "fallback")) l->untranslated = UNTRANSLATED_FALLBACK;
    else if (u && strcmp(u, "omit")) {
        value *d = val_get(spec, "untranslated");
        diag_error(x->file, d->line, d->col, "language '%s': untranslated must be 'omit' or 'fallback'", code);
        x->bad = 1;
    }
}

/* The chain: the language, its fallback list in order, then the default. */
static void build_chain(struct cfg_ctx *x, struct lang *l, value *spec)
{
    struct site_config *c = x->c;
    l->chain = arena_alloc(x->a, (c->n_langs + 1) * sizeof *l->chain);
    l->chain[l->n_chain++] = l->code;
    value *fb = val_get(spec, "fallback"), *single = fb;
    value one = {0};
    if (fb && fb->kind == VAL_STR) { one.kind = VAL_LIST; one.u.list.items = &single; one.u.list.n = 1; fb = &one; }
    for (size_t i = 0; fb && fb->kind == VAL_LIST && i < fb->u.list.n; i++) {
        const char *code = val_cstr(fb->u.list.items[i]);
        struct lang *f = code ? config_lang(c, code) : NULL;
        if (!f) {
            value *it = fb->u.list.items[i];
            diag_error(x->file, it->line, it->col, "language '%s': fallback '%s' is not a language of this site",
                       l->code, code ? code : "?");
            x->bad = 1;
            continue;
        }
        int dup = 0;
        for (size_t k = 0; k < l->n_chain; k++) dup |= !strcmp(l->chain[k], f->code);
        if (!dup) l->chain[l->n_chain++] = f->code;
    }
    int has_default = 0;
    for (size_t k = 0; k < l->n_chain; k++) has_default |= !strcmp(l->chain[k], c->default_lang->code);
    if (!has_default) l->chain[l->n_chain++] = c->default_lang->code;
}

/* default_language names none of 'languages': one error (not a warning
 * for every UI string of an empty language), and the build goes on with
 * the first language so the rest of site.yml is still checked. */
static const char *unknown_default(struct cfg_ctx *x, const value *at, const char *dflt)
{
    struct site_config *c = x->c;
    const char **codes = arena_alloc(x->a, (c->n_langs + 1) * sizeof *codes);
    buf have = BUF_INIT;
    for (size_t i = 0; i < c->n_langs; i++) {
        codes[i] = c->langs[i].code;
        buf_printf(&have, "%s%s", i ? ", " : "", codes[i]);
    }
    codes[c->n_langs] = NULL;
    const char *near = suggest_closest(dflt, codes, c->n_langs);
    if (near)
        diag_error(x->file, at ? at->line : 0, at ? at->col : 0,
                   "no language '%s'; did you mean '%s'?", dflt, near);
    else
        diag_error(x->file, at ? at->line : 0, at ? at->col : 0, "no language '%s'; "
                   "default_language must be one of 'languages' (%s)", dflt, have.data);
    buf_release(&have);
    x->bad = 1;
    return c->langs[0].code;
}

static void load_langs(struct cfg_ctx *x, value *root, const char *dflt)
{
    struct site_config *c = x->c;
    value *langs = val_get(root, "languages");
    size_t n = langs && langs->kind == VAL_MAP ? langs->u.map.n : 0;
    if (langs && langs->kind != VAL_MAP && langs->kind != VAL_NULL) {
        diag_error(x->file, langs->line, langs->col,
                   "'languages' must be a mapping from language code to its settings");
        x->bad = 1;
    }
    c->langs = arena_alloc(x->a, (n + 1) * sizeof *c->langs);
    for (size_t i = 0; i < n; i++) {
        want_lang_code(x, langs->u.map.e[i].val, langs->u.map.e[i].key);
        add_lang(x, langs->u.map.e[i].key, langs->u.map.e[i].val);
    }
    if (!config_lang(c, dflt) && n) {
        dflt = unknown_default(x, val_get(root, "default_language"), dflt);
    } else if (!config_lang(c, dflt)) {
        want_lang_code(x, val_get(root, "default_language"), dflt);
        add_lang(x, dflt, NULL);
    }
    c->default_lang = config_lang(c, dflt);
    c->default_lang->is_default = 1;
    for (size_t i = 0; i < c->n_langs; i++) {
        struct lang *l = &c->langs[i];
        build_chain(x, l, n ? val_get(langs, l->code) : NULL);
        if (!l->title) l->title = c->title;
        if (!l->kind) l->kind = l->is_default ? "national" : "foreign";
        if (!l->description) l->description = c->description;
        l->og_locale = i18n_og_locale_chain(l->chain, l->n_chain);
        char qo[16], qc[16];
        i18n_quotes(l->chain, l->n_chain, qo, qc, sizeof qo);
        l->quote_open = arena_strdup(x->a, qo);
        l->quote_close = arena_strdup(x->a, qc);
        int root_lang = l->is_default && !c->default_language_in_subdir;
        l->prefix = root_lang ? "" : arena_printf(x->a, "%s/", l->code);
        l->out_prefix = l->prefix;
        l->base_url = with_slash(x->a, l->base_url ? l->base_url : c->base_url);
        if (val_get(val_get(langs, l->code), "base_url") && !root_lang)
            l->prefix = "";   /* one domain per language: no URL prefix, its own output folder */
    }
}

static void load_taxonomies(struct cfg_ctx *x, value *root)
{
    struct site_config *c = x->c;
    value *t = val_get(root, "taxonomies");
    if (!t) {
        static struct taxonomy_def dflt[] = {{"tags", "tag"}, {"fields", "field"}, {"places", "place"}};
        c->taxonomies = dflt;
        c->n_taxonomies = 3;
        return;
    }
    if (t->kind != VAL_MAP) {
        diag_error(x->file, t->line, t->col, "'taxonomies' must map plural names to singular ones (tags: tag)");
        x->bad = 1;
        return;
    }
    c->taxonomies = arena_alloc(x->a, (t->u.map.n + 1) * sizeof *c->taxonomies);
    for (size_t i = 0; i < t->u.map.n; i++) {
        struct taxonomy_def *d = &c->taxonomies[c->n_taxonomies++];
        d->plural = t->u.map.e[i].key;
        d->singular = want_str(x, t->u.map.e[i].val, d->plural);
        if (!d->singular) d->singular = d->plural;
        want_segment(x, t->u.map.e[i].val, d->plural, "taxonomy");
        want_segment(x, t->u.map.e[i].val, d->singular, "taxonomy");
    }
}

/* images.widths: ascending whole numbers from 16 to 8192 */
static void load_widths(struct cfg_ctx *x, value *v, struct image_settings *im)
{
    if (!v || v->kind == VAL_NULL) return;
    if (v->kind != VAL_LIST || !v->u.list.n || v->u.list.n > 16) {
        diag_error(x->file, v->line, v->col, "images.widths must be a list of 1 to 16 widths in "
                   "pixels, like [480, 960, 1600]");
        x->bad = 1;
        return;
    }
    im->n_widths = 0;
    for (size_t i = 0; i < v->u.list.n; i++) {
        value *w = v->u.list.items[i];
        int ok = w->kind == VAL_INT && w->u.i >= 16 && w->u.i <= 8192;
        if (ok && im->n_widths && (unsigned)w->u.i <= im->widths[im->n_widths - 1]) ok = 0;
        if (!ok) {
            diag_error(x->file, w->line, w->col, "images.widths: each width is a number of pixels "
                       "from 16 to 8192, larger than the one before");
            x->bad = 1;
            return;
        }
        im->widths[im->n_widths++] = (unsigned)w->u.i;
    }
}

static void load_images(struct cfg_ctx *x, value *v)
{
    struct image_settings *im = &x->c->images;
    *im = (struct image_settings){.process = 1, .widths = {480, 960, 1600}, .n_widths = 3,
                                  .quality = 80, .webp = 1, .book_width = 1600};
    if (!v || v->kind == VAL_NULL) return;
    if (v->kind != VAL_MAP) {
        diag_error(x->file, v->line, v->col, "images must be a mapping (widths, quality, webp, ...)");
        x->bad = 1;
        return;
    }
    static const char *const known[] = {"process", "widths", "quality", "webp", "avif",
                                        "keep_metadata",
                                        "max_megapixels", "max_megabytes", "book_width", 0};
    check_keys(x, v, known, "images");
    im->process = want_bool(x, val_get(v, "process"), "images.process", 1);
    load_widths(x, val_get(v, "widths"), im);
    im->quality = want_int(x, val_get(v, "quality"), "images.quality", 80, 1);
    if (im->quality > 100) im->quality = 100;
    im->webp = want_bool(x, val_get(v, "webp"), "images.webp", 1);
    im->avif = want_bool(x, val_get(v, "avif"), "images.avif", 0);
    value *keep = val_get(v, "keep_metadata");
    if (keep && keep->kind == VAL_LIST) im->keep_for = keep;
    else im->keep_metadata = want_bool(x, keep, "images.keep_metadata", 0);
    im->max_pixels = 1000000ULL * (unsigned)want_int(x, val_get(v, "max_megapixels"),
                                                     "images.max_megapixels", 50, 1);
    im->max_bytes = 1048576ULL * (unsigned)want_int(x, val_get(v, "max_megabytes"),
                                                    "images.max_megabytes", 40, 1);
    im->book_width = (unsigned)want_int(x, val_get(v, "book_width"), "images.book_width", 1600, 64);
}

static void check_publication_names(struct cfg_ctx *x, const value *pubs)
{
    static const char *const keys[] = {"id", "slug"};
    for (size_t i = 0; pubs && pubs->kind == VAL_LIST && i < pubs->u.list.n; i++)
        for (size_t k = 0; k < 2; k++) {
            const value *v = val_get(pubs->u.list.items[i], keys[k]);
            const char *name = v ? val_cstr(v) : NULL;
            if (name) want_segment(x, v, name, "publication id");
        }
}

/* agency: each field text, or a map from language codes of this site to
 * text ({vi: ..., en: ...}); resolved per language by site/identity.c. */
static const char *const agency_keys[] = {"name", "emblem", "governing_body", "address", "phone",
    "email", "responsible_person", "licence", "contact_page", "accessibility_page", 0};

static void check_agency_field(struct cfg_ctx *x, const char *key, const value *v)
{
    if (v->kind == VAL_MAP) {
        for (size_t i = 0; i < v->u.map.n; i++) {
            const value *t = v->u.map.e[i].val;
            if (!config_lang(x->c, v->u.map.e[i].key)) {
                diag_error(x->file, t->line, t->col, "agency.%s: '%s' is not a language of this "
                           "site; use the codes under 'languages'", key, v->u.map.e[i].key);
                x->bad = 1;
            } else if (!val_scalar_text(x->a, t)) {
                diag_error(x->file, t->line, t->col, "agency.%s.%s must be text", key,
                           v->u.map.e[i].key);
                x->bad = 1;
            }
        }
        return;
    }
    if (v->kind == VAL_NULL || val_scalar_text(x->a, v)) return;
    diag_error(x->file, v->line, v->col, "agency.%s must be text, or a map from language code to "
               "text ({vi: ..., en: ...})", key);
    x->bad = 1;
}

static value *load_agency(struct cfg_ctx *x, value *v)
{
    if (!v || v->kind == VAL_NULL) return NULL;
    if (v->kind != VAL_MAP) {
        diag_error(x->file, v->line, v->col, "'agency' must be a mapping (name, governing_body, "
                   "address, phone, email, ...)");
        x->bad = 1;
        return NULL;
    }
    check_keys(x, v, agency_keys, "agency");
    for (size_t i = 0; i < v->u.map.n; i++)
        check_agency_field(x, v->u.map.e[i].key, v->u.map.e[i].val);
    return v;
}

int config_load(arena *a, const char *content_dir, struct site_config *c)
{
    memset(c, 0, sizeof *c);
    char *path = fs_join(content_dir, "site.yml");
    c->file = arena_strdup(a, path);
    free(path);
    struct cfg_ctx x = {a, c->file, c, 0};
    value *root = NULL;
    if (fs_exists(c->file)) {
        root = yaml_load_file(a, c->file);
        if (!root) return -1;
        if (root->kind != VAL_MAP && root->kind != VAL_NULL) {
            diag_error(c->file, root->line, root->col, "site.yml must be a mapping of settings (key: value)");
            return -1;
        }
    }
    static const char *const known[] = {"title", "description", "base_url", "baseURL", "theme", "author",
        "publisher", "copyright", "default_language", "default_language_in_subdir", "languages",
        "unsafe_html", "paginate", "summary_length", "taxonomies", "menus", "menu", "publications",
        "params", "conventions_order", "images", "search", "agency", "generator_credit",
        "feed_limit", 0};
    check_keys(&x, root, known, "site.yml");
    c->root = root;
    c->title = want_str(&x, val_get(root, "title"), "title");
    if (!c->title) c->title = "loa site";
    c->description = want_str(&x, val_get(root, "description"), "description");
    if (!c->description) c->description = "";
    const char *bu = want_str(&x, val_get(root, "base_url"), "base_url");
    if (!bu) bu = want_str(&x, val_get(root, "baseURL"), "baseURL");
    c->base_url = with_slash(a, bu ? bu : "http://localhost/");
    c->theme = want_str(&x, val_get(root, "theme"), "theme");
    c->author = want_str(&x, val_get(root, "author"), "author");
    c->publisher = want_str(&x, val_get(root, "publisher"), "publisher");
    c->copyright = want_str(&x, val_get(root, "copyright"), "copyright");
    c->default_language_in_subdir = want_bool(&x, val_get(root, "default_language_in_subdir"),
                                              "default_language_in_subdir", 0);
    c->unsafe_html = want_bool(&x, val_get(root, "unsafe_html"), "unsafe_html", 0);
    c->paginate = want_int(&x, val_get(root, "paginate"), "paginate", 10, 1);
    c->summary_chars = want_int(&x, val_get(root, "summary_length"), "summary_length", 200, 20);
    c->search = want_bool(&x, val_get(root, "search"), "search", 1);
    const char *dl = want_str(&x, val_get(root, "default_language"), "default_language");
    load_langs(&x, root, dl ? dl : "vi");
    load_taxonomies(&x, root);
    value *menus = val_get(root, "menus");
    for (size_t i = 0; menus && menus->kind == VAL_MAP && i < menus->u.map.n; i++) {
        struct lang *l = config_lang(c, menus->u.map.e[i].key);
        if (l && !l->menu) l->menu = menus->u.map.e[i].val;
        else if (!l)
            diag_warn(c->file, menus->u.map.e[i].val->line, menus->u.map.e[i].val->col,
                      "menus: '%s' is not a language of this site; that menu is ignored", menus->u.map.e[i].key);
    }
    if (esc_check_urls(c->file, root) != 0) x.bad = 1;   /* menus[].url, params.*_url */
    c->publications = val_get(root, "publications");
    check_publication_names(&x, c->publications);
    c->params = val_get(root, "params");
    c->conventions_order = val_get(root, "conventions_order");
    load_images(&x, val_get(root, "images"));
    c->agency = load_agency(&x, val_get(root, "agency"));
    c->generator_credit = want_bool(&x, val_get(root, "generator_credit"), "generator_credit", 0);
    c->feed_limit = want_int(&x, val_get(root, "feed_limit"), "feed_limit", 20, 0);
    return x.bad ? -1 : 0;
}

struct lang *config_lang(const struct site_config *c, const char *code)
{
    for (size_t i = 0; i < c->n_langs; i++)
        if (!strcmp(c->langs[i].code, code)) return &c->langs[i];
    return NULL;
}
