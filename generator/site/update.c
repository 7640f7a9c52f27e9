/* update: loa serve's quick path.  When every changed file is a page
 * already in the build and the edit changes its body, or what it prints
 * (title, description, summary, a theme's own text fields), only that page
 * and the outputs whose dependency record says they read what changed are
 * rendered again, from the model kept in memory, and replaced in the live
 * folder.  Everything else (dates, tags, weights, slugs, images, a new,
 * removed or renamed file, the theme, site.yml, data, i18n, static files)
 * needs a whole build, and so does an edit that turns up an error: the whole build
 * reports it the usual way.
 *
 * A layout or partial edit renders again, from the same model, the
 * outputs whose record names that template (every page for a base
 * layout): no content is read or parsed again but the Markdown of the
 * pages rendered, and no card or book is made.  A template no output used
 * (a new one, which may change which layout a page takes) needs a whole
 * build.  Feeds, the search index and books read bodies
 * outside templates: loa serve brings them in line with a whole build once
 * the edits settle. */
#include "site.h"
#include "deps.h"
#include "output.h"
#include "../cards/cards.h"
#include "../content/front_matter.h"
#include "../data/value.h"
#include "../markdown/markdown.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../templates/mustache.h"

#include <stdlib.h>
#include <string.h>

/* Pages whose text comes from path: the page itself and the fallback
 * copies other languages show.  NULL when path is not a regular page. */
static struct page **pages_of(struct site *s, const char *path, size_t *n)
{
    struct page **out = NULL;
    *n = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        struct page *p = s->pages[i];
        if (!p->src || strcmp(p->src, path)) continue;
        if (p->kind != PK_PAGE) {
            free(out);
            *n = 0;
            return NULL;
        }
        struct page **grown = realloc(out, (*n + 1) * sizeof *out);
        if (!grown) die_oom();
        out = grown;
        out[(*n)++] = p;
    }
    return out;
}

/* Front matter whose change the quick path follows: what pages print, not
 * which pages exist, where they go, what they link or draw.  The title, the
 * description, the summary, and a theme's own scalar fields (not images). */
static unsigned light_key(const char *key)
{
    if (!strcmp(key, "title")) return DEP_TITLE;
    if (!strcmp(key, "description") || !strcmp(key, "summary")) return DEP_SUMMARY;
    if (fm_is_standard(key)) return 0;
    static const char *const images[] = {"hero", "cover", "image", "photos", "emblem", "logo",
                                         "icon", "params", NULL};
    for (const char *const *i = images; *i; i++)
        if (!strcmp(key, *i)) return 0;
    size_t n = strlen(key);
    static const char *const ends[] = {"image", "icon", "logo", NULL};
    for (const char *const *e = ends; *e; e++)
        if (n >= strlen(*e) && !strcmp(key + n - strlen(*e), *e)) return 0;
    return DEP_PARAMS;
}

/* The fields a front matter edit changes, or 0 when a whole build is
 * needed: the same keys in the same order, only light ones changed, to
 * scalar values. */
static unsigned light_diff(const value *old, const value *new)
{
    if (!old || !new || old->kind != VAL_MAP || new->kind != VAL_MAP) return 0;
    if (old->u.map.n != new->u.map.n) return 0;
    unsigned f = 0;
    for (size_t i = 0; i < old->u.map.n; i++) {
        const struct val_entry *a = &old->u.map.e[i], *b = &new->u.map.e[i];
        if (strcmp(a->key, b->key)) return 0;
        if (val_equal(a->val, b->val)) continue;
        unsigned k = light_key(a->key);
        if (!k || b->val->kind == VAL_LIST || b->val->kind == VAL_MAP) return 0;
        f |= k;
    }
    return f;
}

/* A section lists its pages by weight, then date, then title: a new title
 * moves p among the pages that tie with it on the first two. */
static int ties(const struct page *a, const struct page *b)
{
    return a->has_weight == b->has_weight && a->weight == b->weight && a->date_t == b->date_t;
}

static struct page **tie_group(const struct page *p, size_t *n)
{
    const struct page *sec = p->parent;
    *n = 0;
    if (!sec) return NULL;
    struct page **g = malloc((sec->n_children + 1) * sizeof *g);
    if (!g) die_oom();
    for (size_t i = 0; i < sec->n_children; i++)
        if (ties(sec->children[i], p)) g[(*n)++] = sec->children[i];
    return g;
}

/* Alias pages redirect with the page's title, written outside templates. */
static int aliased(const struct site *s, const struct page *p)
{
    for (size_t i = 0; i < s->n_aliases; i++)
        if (s->aliases[i].p == p) return 1;
    return 0;
}

static void add_affected(struct site *s, const struct page *p, unsigned fields,
                         const char ***outs, size_t *n);

/* After a title edit: each copy's section in order again, and the outputs
 * that read a page of its tie (listings, neighbours) rendered again; an
 * output that read none of them shows the same pages in the same order. */
static void reorder(struct site *s, struct page **ps, size_t n, const char ***outs,
                    size_t *n_outs)
{
    for (size_t i = 0; i < n; i++) {
        size_t ng;
        struct page **g = tie_group(ps[i], &ng);
        if (ng > 1) {
            site_order_section(s, ps[i]->parent);
            for (size_t k = 0; k < ng; k++) add_affected(s, g[k], ~0u, outs, n_outs);
        }
        free(g);
    }
}

/* Reads p's file again and says what changed: 1 with *fm_fields set (0 for
 * a body edit) and the new text's place and fields set in every copy of
 * p; 0 when only a whole build can follow the edit (or the file cannot be
 * read or parsed: the whole build reports why). */
static int follow(struct site *s, struct page **ps, size_t n, unsigned *fm_fields)
{
    struct page *p = ps[0];
    buf text = BUF_INIT;
    int clean = 0;
    unsigned long long hash = 0, size = 0;
    if (site_load_text(p->src, &text, 0, &clean, &hash, &size) != 0) return 0;
    const char *yaml;
    size_t ylen, off;
    unsigned line;
    struct page tmp = *p;
    tmp.fm = NULL;
    int ok = fm_split(p->src, text.data, text.len, &yaml, &ylen, &off, &line) == 0 &&
             fm_parse(&s->a, &tmp, yaml, ylen) == 0;
    *fm_fields = 0;
    if (ok && !val_equal(tmp.fm, p->fm)) {
        *fm_fields = light_diff(p->fm, tmp.fm);
        ok = *fm_fields != 0;
        for (size_t i = 0; ok && i < n; i++) ok = !card_drawn_for(s, ps[i]) && !aliased(s, ps[i]);
    }
    for (size_t i = 0; ok && i < n; i++) {
        struct page *q = ps[i];
        q->fm = tmp.fm;
        q->title = tmp.title;
        q->description = tmp.description;
        q->summary_fm = tmp.summary_fm;
        q->body_off = off;
        q->body_len = text.len - off;
        q->body_line = line;
        q->text_hash = hash;
        q->text_clean = clean;
    }
    buf_release(&text);
    return ok;
}

/* What a body edit changes of p: the body always, the summary when the
 * new text gives another one.  Series parts keep their Markdown (their
 * pages show each other's summaries), so theirs is made again here. */
static unsigned changed_fields(struct site *s, struct page *p, int *bad)
{
    struct md_result md;
    if (site_markdown(s, p, 0, &s->a, &md) != 0) {
        *bad = 1;
        return 0;
    }
    const char *sum = p->summary_fm ? p->summary_fm : md.summary ? md.summary : "";
    unsigned f = DEP_BODY;
    if (!p->summary || strcmp(p->summary, sum)) f |= DEP_SUMMARY;
    p->summary = arena_strdup(&s->a, sum);
    p->word_count = md.word_count;
    if (p->md) {
        struct md_result *keep = arena_alloc(&s->a, sizeof *keep);
        *keep = md;
        p->md = keep;
    }
    return f;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The outputs that read fields of p, added to *outs. */
static void add_affected(struct site *s, const struct page *p, unsigned fields, const char ***outs,
                         size_t *n)
{
    size_t total = deps_count(s->deps);   /* one pass over the records, not two */
    const struct deps_output **o = malloc((total + 1) * sizeof *o);
    if (!o) die_oom();
    size_t k = deps_affected(s->deps, p->index, fields, o, total);
    const char **grown = realloc(*outs, (*n + k + 1) * sizeof **outs);
    if (!grown) die_oom();
    *outs = grown;
    for (size_t i = 0; i < k; i++) (*outs)[(*n)++] = o[i]->path;
    if (p->out_path) (*outs)[(*n)++] = p->out_path;
    free(o);
}

/* Sorted, each once. */
static size_t unique(const char **v, size_t n)
{
    if (!n) return 0;
    qsort(v, n, sizeof *v, cmp_str);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i], v[k - 1])) v[k++] = v[i];
    return k;
}

static int write_again(struct site *s, const char **outs, size_t n)
{
    s->out = output_patch_begin(s->o.out_dir);
    if (!s->out) return -1;
    int r = site_render_again(s, outs, n);
    if (r == 0) r = output_commit(s->out);
    output_end(s->out);
    s->out = NULL;
    return r;
}

/* The theme-relative name of path ("partials/header.mustache") when it is
 * in the theme's layouts/ or partials/, else NULL. */
static const char *theme_template(const struct site *s, const char *path)
{
    size_t n = strlen(s->theme_dir);
    while (n > 1 && s->theme_dir[n - 1] == '/') n--;
    if (strncmp(path, s->theme_dir, n) || path[n] != '/') return NULL;
    const char *rel = path + n + 1;
    if (strncmp(rel, "layouts/", 8) && strncmp(rel, "partials/", 9)) return NULL;
    return rel;
}

static int is_mustache(const char *rel)
{
    size_t k = strlen(rel);
    return k > 9 && !strcmp(rel + k - 9, ".mustache");
}

static int uses(const struct deps_output *o, const char *tpl)
{
    return bsearch(&tpl, o->templates, o->n_templates, sizeof *o->templates, cmp_str) != NULL;
}

/* The outputs that used the template at rel, added to *outs; 0 when none
 * did. */
static size_t add_users(struct site *s, const char *rel, const char ***outs, size_t *n)
{
    char *tpl = fs_join(s->theme_dir, rel);   /* as the theme's loader names it */
    size_t found = 0, total = deps_count(s->deps);
    const char **grown = realloc(*outs, (*n + total + 1) * sizeof **outs);
    if (!grown) die_oom();
    *outs = grown;
    for (size_t i = 0; i < total; i++) {
        const struct deps_output *o = deps_at(s->deps, i);
        if (!uses(o, tpl)) continue;
        (*outs)[(*n)++] = o->path;
        found++;
    }
    free(tpl);
    return found;
}

/* The template's name for the theme's loader: rel without its folder and
 * extension ("partials/header.mustache" gives "header"). */
static char *template_name(const char *rel)
{
    const char *name = strchr(rel, '/') + 1;
    buf b = BUF_INIT;
    buf_put(&b, name, strlen(name) - strlen(".mustache"));
    return buf_detach(&b);
}

/* 1 when some output used a template at or beneath path. */
static int used_under(const struct site *s, const char *path)
{
    size_t n = strlen(path), total = deps_count(s->deps);
    for (size_t i = 0; i < total; i++) {
        const struct deps_output *o = deps_at(s->deps, i);
        for (size_t k = 0; k < o->n_templates; k++)
            if (!strncmp(o->templates[k], path, n) && o->templates[k][n] == '/') return 1;
    }
    return 0;
}

/* What a path in the theme's layouts/ or partials/ asks: 'T' a template
 * some output used, edited in place; 'I' nothing (the loader reads only
 * .mustache files: an editor's or sed's temporary file); 0 a whole build
 * (a new, removed or unused template, a folder of them). */
static int template_change(struct site *s, const char *path, const char ***outs, size_t *n)
{
    const char *rel = theme_template(s, path);
    if (!rel) return 0;
    if (is_mustache(rel)) return fs_is_file(path) && add_users(s, rel, outs, n) > 0 ? 'T' : 0;
    if (fs_is_dir(path)) return 0;
    char *full = fs_join(s->theme_dir, rel);
    int used = used_under(s, full);
    free(full);
    return used ? 0 : 'I';
}

/* Every path a layout or partial some output used (or a file the theme's
 * loader never reads): 1 after rendering those outputs again with the
 * theme read anew; 0 when a whole build is needed; -1 when a template has
 * an error (the whole build reports it). */
static int update_templates(struct site *s, const char *const *paths, size_t n, size_t *n_written)
{
    const char **outs = NULL;
    size_t n_outs = 0;
    int ok = 1, any = 0;
    for (size_t i = 0; ok && i < n; i++) {
        int c = template_change(s, paths[i], &outs, &n_outs);
        ok = c != 0;
        any |= c == 'T';
    }
    int r = 0;
    if (ok && any) {
        site_reload_templates(s);
        r = 1;
        for (size_t i = 0; r == 1 && i < n; i++) {   /* errors before any page is replaced */
            const char *rel = theme_template(s, paths[i]);
            if (!is_mustache(rel)) continue;
            char *name = template_name(rel);
            if (!mus_get(s->tpl, name)) r = -1;
            free(name);
        }
    }
    if (r == 1) {
        n_outs = unique(outs, n_outs);
        r = write_again(s, outs, n_outs) == 0 ? 1 : -1;
        if (r == 1) *n_written = n_outs;
    }
    free(outs);
    return r;
}

static int all_templates(const struct site *s, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!theme_template(s, paths[i])) return 0;
    return 1;
}

/* 1 when o read site.publications (the books, with their sizes). */
static int shows_books(const struct deps_output *o)
{
    const char *key = "site.publications";
    return bsearch(&key, o->inputs, o->n_inputs, sizeof *o->inputs, cmp_str) != NULL;
}

int site_update_books(struct site *s, size_t *n_books, size_t *n_written)
{
    *n_written = 0;
    int r = site_books_later(s, n_books);
    if (r <= 0 || !s->deps) return r;
    size_t total = deps_count(s->deps), n = 0;
    const char **outs = malloc((total + 1) * sizeof *outs);
    if (!outs) die_oom();
    for (size_t i = 0; i < total; i++)
        if (shows_books(deps_at(s->deps, i))) outs[n++] = deps_at(s->deps, i)->path;
    r = write_again(s, outs, n) == 0 ? 1 : -1;
    if (r == 1) *n_written = n;
    free(outs);
    return r;
}

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return !strncmp(path, dir, n) && path[n] == '/';
}

/* A file of content/ that came and went between two looks (sed -i's
 * temporary, a script's): not there now, and nothing the build read.  A
 * page, a file, data, UI strings or site.yml that is gone needs a whole
 * build, and so does anything gone from the theme. */
static int transient(const struct site *s, const char *path)
{
    if (!under(path, s->o.content_dir) || fs_exists(path)) return 0;
    for (size_t i = 0; i < s->cl.n_src; i++)
        if (!strcmp(s->cl.src[i].path, path)) return 0;
    for (size_t i = 0; i < s->cl.n_files; i++)
        if (!strcmp(s->cl.files[i].path, path)) return 0;
    if (s->cl.data_dir && under(path, s->cl.data_dir)) return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return strcmp(base, "site.yml") && !strstr(path, "/i18n/");
}

int site_update(struct site *s, const char *const *paths, size_t n, size_t *n_written)
{
    *n_written = 0;
    if (!s->deps || !n) return 0;
    if (all_templates(s, paths, n)) return update_templates(s, paths, n, n_written);
    const char **outs = NULL;
    size_t n_outs = 0;
    int ok = 1, bad = 0;
    for (size_t i = 0; ok && i < n; i++) {
        if (transient(s, paths[i])) continue;
        size_t np;
        struct page **ps = pages_of(s, paths[i], &np);
        unsigned fm = 0;
        ok = ps && np && follow(s, ps, np, &fm);
        if (ok && (fm & DEP_TITLE)) reorder(s, ps, np, &outs, &n_outs);
        for (size_t k = 0; ok && k < np; k++) {
            unsigned f = changed_fields(s, ps[k], &bad) | fm;
            ok = !bad;
            if (ok) add_affected(s, ps[k], f, &outs, &n_outs);
        }
        free(ps);
    }
    int r = 0;
    if (ok) {
        n_outs = unique(outs, n_outs);
        r = write_again(s, outs, n_outs) == 0 ? 1 : -1;
        if (r == 1) *n_written = n_outs;
    }
    free(outs);
    return bad ? -1 : r;
}
