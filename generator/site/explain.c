#include "explain.h"
#include "deps.h"
#include "site.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/suggest.h"

#include <stdlib.h>
#include <string.h>

/* "/vi/x/", "output/vi/x" and "vi/x/index.html" all name one output. */
static void normalise(const struct site *s, const char *path, buf *b)
{
    size_t n = strlen(s->o.out_dir);
    if (!strncmp(path, s->o.out_dir, n) && path[n] == '/') path += n + 1;
    while (*path == '/') path++;
    buf_puts(b, path);
    if (!b->len || b->data[b->len - 1] == '/') buf_puts(b, "index.html");
}

static int not_found(const struct site *s, const char *path)
{
    size_t n = deps_count(s->deps);
    const char **paths = malloc((n ? n : 1) * sizeof *paths);
    if (!paths) die_oom();
    for (size_t i = 0; i < n; i++) paths[i] = deps_at(s->deps, i)->path;
    const char *near = suggest_closest(path, paths, n);
    if (near)
        diag_error(DIAG_EXPLAIN_NO_OUTPUT, NULL, 0, 0, "--explain: no page was rendered to '%s'; did you mean '%s'?",
                   path, near);
    else
        diag_error(DIAG_EXPLAIN_NO_OUTPUT, NULL, 0, 0, "--explain: no page was rendered to '%s'; give an output path "
                   "such as '%s' (relative to %s)", path, n ? paths[0] : "index.html",
                   s->o.out_dir);
    free(paths);
    return 2;
}

static void print_pages(const struct site *s, const struct deps_output *o, FILE *out)
{
    buf f = BUF_INIT;
    fprintf(out, "  pages of the index (source file: fields read):\n");
    for (size_t i = 0; i < o->n_runs; i++)
        for (uint32_t k = 0; k < o->runs[i].count; k++) {
            const struct page *p = s->pages[o->runs[i].first + k * o->runs[i].step];
            buf_clear(&f);
            deps_fields_text(o->runs[i].fields, &f);
            if (p->src && p->is_fallback)   /* a copy of another language's text */
                fprintf(out, "    %s (its copy in %s): %s\n", p->src, p->lang, f.data);
            else if (p->src) fprintf(out, "    %s: %s\n", p->src, f.data);
            else fprintf(out, "    %s (generated, %s): %s\n", p->url, p->lang, f.data);
        }
    buf_release(&f);
}

/* Inputs are sorted "data.", "site.", "t.": one line per kind. */
static void print_inputs(const struct deps_output *o, const char *prefix, const char *what,
                         FILE *out)
{
    size_t pl = strlen(prefix), shown = 0;
    for (size_t i = 0; i < o->n_inputs; i++) {
        if (strncmp(o->inputs[i], prefix, pl)) continue;
        fprintf(out, "%s%s", shown++ ? ", " : what, o->inputs[i] + pl);
    }
    if (shown) fputc('\n', out);
}

int explain_output(struct site *s, const char *path, FILE *out)
{
    buf b = BUF_INIT;
    normalise(s, path, &b);
    const struct deps_output *o = s->deps ? deps_find(s->deps, b.data) : NULL;
    if (!o) {
        int r = not_found(s, b.data);
        buf_release(&b);
        return r;
    }
    fprintf(out, "%s depends on:\n  templates:\n", o->path);
    for (size_t i = 0; i < o->n_templates; i++) fprintf(out, "    %s\n", o->templates[i]);
    print_pages(s, o, out);
    print_inputs(o, "t.", "  UI strings (t.): ", out);
    print_inputs(o, "data.", "  data files (site.data.): ", out);
    print_inputs(o, "site.", "  site.yml and site values (site.): ", out);
    buf_release(&b);
    return 0;
}
