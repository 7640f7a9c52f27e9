/* epub_render: the book's templates.  Each name is looked up as
 * TEMPLATES_DIR/NAME.mustache, then among the built-ins, so a theme
 * overrides only the files it has.  One cache per book: the templates are
 * compiled once and rendered for every chapter. */
#include "epub_impl.h"
#include "../templates/mustache.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Theme file, else built-in, else NULL (not an error: the engine asks
 * for partials that may not exist). */
static char *load_file(struct epub_writer *w, const char *file, char **path)
{
    buf b = BUF_INIT;
    if (w->b->templates_dir) {
        char *p = fs_join(w->b->templates_dir, file);
        if (fs_is_file(p)) {
            if (fs_read_file(p, &b) == 0) { *path = p; return buf_detach(&b); }
            diag_error(DIAG_EPUB_TEMPLATE,
                       p, 0, 0, "cannot read book template: %s", fs_read_error(errno));
            buf_release(&b);
            free(p);
            w->template_missing = 0;
            return NULL;
        }
        free(p);
    }
    if (epub_builtin_template(file, &b) == 0) {
        *path = malloc(strlen(file) + sizeof "(built-in) epub/");
        if (!*path) die_oom();
        strcat(strcpy(*path, "(built-in) epub/"), file);
        return buf_detach(&b);
    }
    buf_release(&b);
    return NULL;
}

static char *loader(void *ud, const char *name, char **path)
{
    struct epub_writer *w = ud;
    size_t n = strlen(name);
    char *file = malloc(n + sizeof ".mustache");
    if (!file) die_oom();
    strcat(strcpy(file, name), ".mustache");
    w->template_missing = 1;
    char *src = load_file(w, file, path);
    if (src) w->template_missing = 0;
    free(file);
    return src;
}

int epub_templates_open(struct epub_writer *w)
{
    w->mus = mus_cache_new(loader, w);
    return 0;
}

void epub_templates_close(struct epub_writer *w)
{
    if (w->mus) mus_cache_free(w->mus);
    w->mus = NULL;
}

int epub_render(struct epub_writer *w, const char *name, const struct value *ctx, buf *out)
{
    w->template_missing = 0;
    mus_template *t = mus_get(w->mus, name);
    if (!t) {
        if (w->template_missing)
            diag_error(DIAG_EPUB_TEMPLATE,
                       w->b->templates_dir, 0, 0, "no book template '%s.mustache'", name);
        return -1;
    }
    return mus_render(w->mus, t, &mus_value_ops, NULL, ctx, NULL, out);
}

int epub_stylesheet(struct epub_writer *w, buf *out)
{
    char *path = NULL;
    char *css = load_file(w, "style.css", &path);
    free(path);
    if (!css) return -1;
    buf_puts(out, css);
    free(css);
    return 0;
}
