#include "config.h"
#include "../data/value.h"
#include "../data/yaml.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

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
    if (!l->dir) l->dir = "ltr";
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
    for (size_t i = 0; i < n; i++) add_lang(x, langs->u.map.e[i].key, langs->u.map.e[i].val);
    if (!config_lang(c, dflt)) add_lang(x, dflt, NULL);
    c->default_lang = config_lang(c, dflt);
    c->default_lang->is_default = 1;
    for (size_t i = 0; i < c->n_langs; i++) {
        struct lang *l = &c->langs[i];
        build_chain(x, l, n ? val_get(langs, l->code) : NULL);
        if (!l->title) l->title = c->title;
        if (!l->kind) l->kind = l->is_default ? "national" : "foreign";
        if (!l->description) l->description = c->description;
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
    }
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
        "params", "conventions_order", "search", 0};
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
    c->publications = val_get(root, "publications");
    c->params = val_get(root, "params");
    c->conventions_order = val_get(root, "conventions_order");
    return x.bad ? -1 : 0;
}

struct lang *config_lang(const struct site_config *c, const char *code)
{
    for (size_t i = 0; i < c->n_langs; i++)
        if (!strcmp(c->langs[i].code, code)) return &c->langs[i];
    return NULL;
}
