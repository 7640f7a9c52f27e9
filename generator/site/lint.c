/* lint: mistakes that would otherwise pass in silence, found once the
 * model is built (a page's type is known only then): front matter fields
 * nothing reads, a 'type' or 'layout' the theme has no layout for.  Each
 * is a warning (an error with --strict) at the field's line and column. */
#include "lint.h"
#include "../content/ctype.h"
#include "../content/front_matter.h"
#include "../data/value.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/suggest.h"

#include <stdlib.h>
#include <string.h>

/* Names in dir: sub-folders (want_dirs) or the NAME of NAME.mustache
 * files, NULL-terminated, malloc'd; "_default" is left out. */
static char **theme_names(const char *dir, int want_dirs)
{
    char **names;
    size_t n, k = 0;
    if (fs_list_dir(dir, &names, &n) != 0) n = 0;
    char **out = calloc(n + 1, sizeof *out);
    if (!out) die_oom();
    for (size_t i = 0; i < n; i++) {
        char *path = fs_join(dir, names[i]);
        size_t len = strlen(names[i]);
        if (want_dirs && fs_is_dir(path) && strcmp(names[i], "_default")) out[k++] = names[i];
        else if (!want_dirs && len > 9 && !strcmp(names[i] + len - 9, ".mustache")) {
            names[i][len - 9] = '\0';
            out[k++] = names[i];
        } else free(names[i]);
        free(path);
    }
    free(names);
    return out;
}

static void free_names(char **names)
{
    for (char **p = names; *p; p++) free(*p);
    free(names);
}

static void join_names(buf *b, char **names)
{
    for (char **p = names; *p; p++) buf_printf(b, "%s'%s'", p == names ? "" : ", ", *p);
    if (!*names) buf_puts(b, "none");
}

static void check_type(const struct page *p, const char *layouts)
{
    const value *tv = val_get(p->fm, "type");
    const char *ty = val_cstr(tv);
    if (!ty || !*ty || !strcmp(ty, "page")) return;   /* "page": loa's own default */
    /* loa's own content types have their own data and fields: a theme may
     * show them with its _default layouts */
    if (ctype_find(ty)) return;
    char *dir = fs_join(layouts, ty);
    int ok = fs_is_dir(dir);
    free(dir);
    if (ok) return;
    char **types = theme_names(layouts, 1);
    size_t n_types = 0;
    while (types && types[n_types]) n_types++;
    const char *near = suggest_closest(ty, (const char *const *)types, n_types);
    buf have = BUF_INIT;
    if (near) buf_printf(&have, "did you mean '%s'? ", near);
    buf_puts(&have, "types with layouts: ");
    join_names(&have, types);
    diag_warn(DIAG_LAYOUT_TYPE_NONE,
              p->src, tv->line, tv->col, "type '%s' has no layouts (no folder %s/%s), so the "
              "page looks like any other; %s", ty, layouts, ty, have.data);
    buf_release(&have);
    free_names(types);
}

static void check_layout(struct site *s, const struct page *p, const char *layouts)
{
    const value *lv = val_get(p->fm, "layout");
    const char *name = val_cstr(lv);
    if (!lv || lv->kind == VAL_NULL) return;
    if (!name || !*name || strchr(name, '/') || strchr(name, '.')) {
        diag_warn(DIAG_LAYOUT_NAME_BAD,
                  p->src, lv->line, lv->col, "'layout' must be the name of a layout file "
                  "without folder or extension (layout: wide for %s/<type>/wide.mustache)",
                  layouts);
        return;
    }
    if (site_layout_exists(s, p, name)) return;
    const char *ty = p->type && *p->type ? p->type : "_default";
    char *tdir = fs_join(layouts, ty), *ddir = fs_join(layouts, "_default");
    char **own = theme_names(tdir, 0), **dflt = theme_names(ddir, 0);
    buf have = BUF_INIT;
    join_names(&have, own);
    buf_printf(&have, " in %s, ", tdir);
    join_names(&have, dflt);
    buf_printf(&have, " in %s", ddir);
    diag_warn(DIAG_LAYOUT_NAME_MISSING,
              p->src, lv->line, lv->col, "no layout '%s' for a page of type '%s' (looked for "
              "%s/%s.mustache, then in _default); the usual layout is used; layouts that exist: %s",
              name, ty, tdir, name, have.data);
    buf_release(&have);
    free_names(own);
    free_names(dflt);
    free(tdir);
    free(ddir);
}

void site_lint(struct site *s)
{
    const char **tax = calloc(s->cfg.n_taxonomies + 1, sizeof *tax);
    if (!tax) die_oom();
    for (size_t i = 0; i < s->cfg.n_taxonomies; i++) tax[i] = s->cfg.taxonomies[i].plural;
    char *layouts = s->theme_dir ? fs_join(s->theme_dir, "layouts") : NULL;
    int theme = layouts && fs_is_dir(layouts);   /* loa check runs without a theme */
    for (size_t i = 0; i < s->n_pages; i++) {
        const struct page *p = s->pages[i];
        if (!p->src || p->is_fallback || p->fallback_of) continue;
        fm_check_keys(p, p->type, tax);
        if (theme) check_type(p, layouts);
        if (theme) check_layout(s, p, layouts);
    }
    free(layouts);
    free(tax);
}
