/* loa new: a new site, or a new content file from an archetype.
 *   loa new site DIR
 *   loa new TYPE "Title" [--lang CODE] [--section PATH] [--content DIR]  */
#include "cli.h"
#include "new_skeleton.h"
#include "../config/config.h"
#include "../data/value.h"
#include "../templates/mustache.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/install.h"
#include "../util/suggest.h"
#include "../util/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char new_usage[] =
    "usage: loa new site DIR\n"
    "       loa new TYPE \"Title\" [--lang CODE] [--section PATH] [--content DIR]\n"
    "\n"
    "  site      a small working site in DIR: site.yml with Vietnamese and English,\n"
    "            one page of each content type, the default theme\n"
    "  TYPE      story, convention, postcard, emagazine or page: a content file from\n"
    "            THEME/archetypes/TYPE.md (or loa's own), dated today, draft: true\n"
    "  --lang    the page's language (default: the site's default language)\n"
    "  --section the folder under content/ (default: stories, conventions, postcards,\n"
    "            emagazine, or the root for a page)\n";

/* ---- loa new site DIR ---------------------------------------------------- */

static int copy_tree(const char *from, const char *to)
{
    char **names;
    size_t n;
    if (fs_list_dir(from, &names, &n) != 0) return -1;
    int r = 0;
    for (size_t i = 0; r == 0 && i < n; i++) {
        char *f = fs_join(from, names[i]), *t = fs_join(to, names[i]);
        r = fs_is_dir(f) ? copy_tree(f, t) : fs_copy_file(f, t);
        free(f);
        free(t);
    }
    fs_free_list(names, n);
    return r;
}

static int dir_is_empty_or_missing(const char *dir)
{
    if (!fs_exists(dir)) return 1;
    char **names;
    size_t n;
    if (!fs_is_dir(dir) || fs_list_dir(dir, &names, &n) != 0) return 0;
    fs_free_list(names, n);
    return n == 0;
}

static int new_site(const char *dir)
{
    if (!dir_is_empty_or_missing(dir)) {
        fprintf(stderr, "loa new site: '%s' exists and is not an empty folder; "
                        "name a new folder\n", dir);
        return 1;
    }
    char *theme = install_theme_dir("portal");
    if (!theme) {
        fprintf(stderr, "loa new site: the default theme 'portal' is not installed with loa; "
                        "reinstall loa (make install)\n");
        return 1;
    }
    for (size_t i = 0; i < new_n_site_files; i++) {
        char *p = fs_join(dir, new_site_files[i].path);
        const char *t = new_site_files[i].text;
        if (fs_write_file(p, t, strlen(t)) != 0) {
            fprintf(stderr, "loa new site: cannot write %s: %s\n", p, strerror(errno));
            free(p);
            free(theme);
            return 1;
        }
        free(p);
    }
    char *to = fs_join(dir, "themes/portal");
    int r = copy_tree(theme, to);
    if (r != 0) fprintf(stderr, "loa new site: cannot copy the theme to %s: %s\n", to, strerror(errno));
    else printf("Created a site in %s\nNext: cd %s && loa serve\n", dir, dir);
    free(to);
    free(theme);
    return r == 0 ? 0 : 1;
}

/* ---- loa new TYPE "Title" -------------------------------------------------- */

struct new_opts {
    const char *type, *title, *lang, *section, *content;
};

/* title as a double-quoted YAML scalar */
static void yaml_quote(const char *s, buf *out)
{
    buf_putc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') buf_putc(out, '\\');
        if (c >= 0x20 || c == '\t') buf_putc(out, c);
    }
    buf_putc(out, '"');
}

static void today(char out[11])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    if (sde && *sde) gmtime_r(&t, &tm);
    else localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The archetype's text: THEME/archetypes/TYPE.md, else the built-in one. */
static char *archetype_text(const struct site_config *cfg, const char *type, char **path)
{
    char *theme = NULL;
    if (cfg->theme) {
        char *local = fs_join("themes", cfg->theme);
        theme = fs_is_dir(local) ? local : (free(local), install_theme_dir(cfg->theme));
    }
    if (theme) {
        buf rel = BUF_INIT;
        buf_printf(&rel, "archetypes/%s.md", type);
        char *p = fs_join(theme, rel.data);
        buf_release(&rel);
        buf b = BUF_INIT;
        free(theme);
        if (fs_is_file(p) && fs_read_file(p, &b) == 0) {
            *path = p;
            return buf_detach(&b);
        }
        buf_release(&b);
        free(p);
    }
    const struct new_archetype *a = new_archetype_find(type);
    *path = NULL;
    return a ? buf_strdup(a->text) : NULL;
}

static int safe_section(const char *s)
{
    if (*s == '/' || strstr(s, "..") || strchr(s, '\\')) return 0;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20) return 0;
    return 1;
}

static char *target_path(const struct new_opts *o, const struct site_config *cfg, const char *slug)
{
    const struct new_archetype *a = new_archetype_find(o->type);
    const char *section = o->section ? o->section : a ? a->section : "";
    int bundle = a && a->bundle;
    int other = o->lang && cfg->default_lang && strcmp(o->lang, cfg->default_lang->code);
    buf p = BUF_INIT;
    buf_printf(&p, "%s/%s%s%s", o->content, section, *section ? "/" : "", slug);
    if (bundle) buf_puts(&p, "/index");
    if (other) buf_printf(&p, ".%s", o->lang);
    buf_puts(&p, ".md");
    return buf_detach(&p);
}

static int render_archetype(const char *text, const char *path, value *data, buf *out)
{
    mus_cache *c = mus_cache_new(NULL, NULL);
    mus_template *t = mus_compile(c, NULL, path ? path : "archetype", text, strlen(text));
    int r = t ? mus_render(c, t, &mus_value_ops, NULL, data, NULL, out) : -1;
    mus_cache_free(c);
    return r;
}

static int new_page(const struct new_opts *o)
{
    if (!fs_is_dir(o->content)) {
        fprintf(stderr, "loa new: there is no '%s' folder here; run it in your site's folder "
                        "(or make one with: loa new site DIR)\n", o->content);
        return 1;
    }
    if (o->section && !safe_section(o->section)) {
        fprintf(stderr, "loa new: --section must be a folder inside %s, like stories or "
                        "emagazine/series-name\n", o->content);
        return 2;
    }
    arena a;
    arena_init(&a);
    struct site_config cfg;
    int r = 1;
    if (config_load(&a, o->content, &cfg) != 0) goto done;
    if (o->lang && !config_lang(&cfg, o->lang)) {
        fprintf(stderr, "loa new: site.yml has no language '%s'\n", o->lang);
        goto done;
    }
    buf slug = BUF_INIT, qt = BUF_INIT, out = BUF_INIT;
    text_slugify(o->title, strlen(o->title), &slug);
    yaml_quote(o->title, &qt);
    char date[11], *apath = NULL;
    today(date);
    char *text = archetype_text(&cfg, o->type, &apath);
    char *path = target_path(o, &cfg, slug.data);
    value *data = val_map(&a);
    val_set_str(&a, data, "title", qt.data);
    val_set_str(&a, data, "date", date);
    val_set_str(&a, data, "slug", slug.data);
    val_set_str(&a, data, "lang", o->lang ? o->lang : cfg.default_lang ? cfg.default_lang->code : "");
    if (!text) fprintf(stderr, "loa new: no archetype for '%s'\n", o->type);
    else if (fs_exists(path))
        fprintf(stderr, "loa new: %s already exists; edit it, or pick another title\n", path);
    else if (render_archetype(text, apath, data, &out) == 0) {
        if (fs_write_file(path, out.data, out.len) != 0)
            fprintf(stderr, "loa new: cannot write %s: %s\n", path, strerror(errno));
        else {
            printf("%s\n", path);
            r = 0;
        }
    }
    free(text);
    free(apath);
    free(path);
    buf_release(&slug);
    buf_release(&qt);
    buf_release(&out);
done:
    arena_release(&a);
    return r;
}

static int unknown_type(const char *t)
{
    const char *s = suggest_closest(t, new_types, new_n_types);
    fprintf(stderr, "loa new: unknown type '%s'", t);
    if (s) fprintf(stderr, "; did you mean '%s'?", s);
    fprintf(stderr, " (site, story, convention, postcard, emagazine, page)\n");
    return 2;
}

static int parse_opts(int argc, char **argv, struct new_opts *o)
{
    static const char *const flags[] = {"--lang", "--section", "--content", "--help"};
    for (int i = 3; i < argc; i++) {
        const char *f = argv[i];
        const char **dst = !strcmp(f, "--lang") ? &o->lang : !strcmp(f, "--section") ? &o->section
                           : !strcmp(f, "--content") ? &o->content : NULL;
        if (dst && i + 1 < argc) {
            *dst = argv[++i];
            continue;
        }
        const char *s = dst ? NULL : suggest_closest(f, flags, 4);
        if (dst) fprintf(stderr, "loa new: %s needs a value\n", f);
        else fprintf(stderr, "loa new: unknown option '%s'%s%s%s\n", f, s ? "; did you mean '" : "",
                     s ? s : "", s ? "'?" : "");
        return -1;
    }
    return 0;
}

int cmd_new(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(new_usage, stdout);
        return 0;
    }
    if (argc < 3) {
        fputs(new_usage, stderr);
        return 2;
    }
    if (!strcmp(argv[1], "site")) {
        if (argc > 3) {
            fprintf(stderr, "loa new site: one folder name, please\n");
            return 2;
        }
        return new_site(argv[2]);
    }
    if (!new_archetype_find(argv[1])) return unknown_type(argv[1]);
    struct new_opts o = {.type = argv[1], .title = argv[2], .content = "content"};
    if (!*o.title) {
        fprintf(stderr, "loa new: the title is empty\n");
        return 2;
    }
    if (parse_opts(argc, argv, &o) != 0) return 2;
    return new_page(&o);
}
