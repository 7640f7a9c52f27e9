/* update: loa serve's quick path.  When every changed file is the body of
 * a page already in the build (front matter unchanged), only that page and
 * the outputs whose dependency record says they read its body or its
 * summary are rendered again, from the model kept in memory, and replaced
 * in the live folder.  Everything else (front matter, a new, removed or
 * renamed file, the theme, site.yml, data, i18n, static files) needs a
 * whole build, and so does an edit that turns up an error: the whole build
 * reports it the usual way.  Feeds, the search index and books read bodies
 * outside templates: loa serve brings them in line with a whole build once
 * the edits settle. */
#include "site.h"
#include "deps.h"
#include "output.h"
#include "../content/front_matter.h"
#include "../data/value.h"
#include "../markdown/markdown.h"
#include "../util/arena.h"
#include "../util/buf.h"

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
        if (!grown) abort();
        out = grown;
        out[(*n)++] = p;
    }
    return out;
}

/* The new text of p's file, if only its body changed: 1 with the body's
 * place set in p's copies; 0 when the front matter changed (or the file
 * cannot be read or parsed: the whole build reports why). */
static int body_only(struct site *s, struct page **ps, size_t n, arena *a)
{
    struct page *p = ps[0];
    buf text = BUF_INIT;
    int clean = 0;
    unsigned long long hash = 0;
    if (site_load_text(p->src, &text, 0, &clean, &hash) != 0) return 0;
    const char *yaml;
    size_t ylen, off;
    unsigned line;
    struct page tmp = *p;
    tmp.fm = NULL;
    int same = fm_split(p->src, text.data, text.len, &yaml, &ylen, &off, &line) == 0 &&
               fm_parse(a, &tmp, yaml, ylen) == 0 && val_equal(tmp.fm, p->fm);
    for (size_t i = 0; same && i < n; i++) {
        ps[i]->body_off = off;
        ps[i]->body_len = text.len - off;
        ps[i]->body_line = line;
        ps[i]->text_hash = hash;
        ps[i]->text_clean = clean;
    }
    buf_release(&text);
    (void)s;
    return same;
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
    size_t k = deps_affected(s->deps, p->index, fields, NULL, 0);
    const struct deps_output **o = malloc((k + 1) * sizeof *o);
    const char **grown = realloc(*outs, (*n + k + 1) * sizeof **outs);
    if (!o || !grown) abort();
    *outs = grown;
    deps_affected(s->deps, p->index, fields, o, k);
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

int site_update(struct site *s, const char *const *paths, size_t n, size_t *n_written)
{
    *n_written = 0;
    if (!s->deps || !n) return 0;
    arena a;
    arena_init(&a);
    const char **outs = NULL;
    size_t n_outs = 0;
    int ok = 1, bad = 0;
    for (size_t i = 0; ok && i < n; i++) {
        size_t np;
        struct page **ps = pages_of(s, paths[i], &np);
        ok = ps && np && body_only(s, ps, np, &a);
        for (size_t k = 0; ok && k < np; k++) {
            unsigned f = changed_fields(s, ps[k], &bad);
            ok = !bad;
            if (ok) add_affected(s, ps[k], f, &outs, &n_outs);
        }
        free(ps);
    }
    arena_release(&a);
    int r = 0;
    if (ok) {
        n_outs = unique(outs, n_outs);
        r = write_again(s, outs, n_outs) == 0 ? 1 : -1;
        if (r == 1) *n_written = n_outs;
    }
    free(outs);
    return bad ? -1 : r;
}
