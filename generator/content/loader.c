#define _GNU_SOURCE
#include "loader.h"
#include "../config/config.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/hmap.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct scan {
    arena *a;
    const struct site_config *cfg;
    struct content_list *cl;
    int bad;
    char *root;      /* the content folder, symbolic links resolved */
    hmap visited;    /* folders entered, by "device:inode" (keys in the arena) */
};

enum entry { E_SKIP, E_DIR, E_FILE };

/* 1 the first time the folder st describes is seen (by device and inode,
 * so a folder reached through a link is entered once whatever its path). */
static int first_visit(struct scan *s, const struct stat *st)
{
    const char *key = arena_printf(s->a, "%llu:%llu", (unsigned long long)st->st_dev,
                                   (unsigned long long)st->st_ino);
    return hmap_put(&s->visited, key, (void *)1) == NULL;
}

/* A symbolic link is followed only while it stays inside content/: a link
 * to /etc or to a folder beside the project would publish it.  A dangling
 * link is left to the read stage, which reports it. */
static int link_ok(struct scan *s, const char *p)
{
    char *target = fs_realpath(p);
    if (!target) return 1;
    int ok = fs_is_beneath(s->root, target);
    if (!ok) {
        diag_error(DIAG_CONTENT_LINK_OUTSIDE,
                   p, 0, 0, "symbolic link to '%s' leads outside the content folder; loa "
                   "publishes only what is inside it: copy the files in or remove the link",
                   target);
        s->bad = 1;
    }
    free(target);
    return ok;
}

static const char *special_kind(mode_t m)
{
    return S_ISFIFO(m) ? "a named pipe" : S_ISSOCK(m) ? "a socket" : "a device";
}

/* A named pipe would make the read wait for ever, a device read without
 * end: neither is content. */
static enum entry refuse_special(struct scan *s, const char *p, mode_t m)
{
    diag_error(DIAG_CONTENT_NOT_FILE, p, 0, 0, "%s, not a file; loa reads only regular files "
               "and folders: remove it from the content folder", special_kind(m));
    s->bad = 1;
    return E_SKIP;
}

/* What the walk does with p, whose type readdir gave (DT_UNKNOWN when the
 * file system does not say): a regular file costs no system call, and its
 * size is read when it is opened.  Every folder is entered once, so links
 * to '.' or to a parent end the walk instead of looping. */
static enum entry classify(struct scan *s, const char *p, unsigned char type)
{
    if (type == DT_REG) return E_FILE;
    struct stat st;
    if (lstat(p, &st) != 0) return E_FILE;   /* gone since the listing: the read says so */
    int is_link = S_ISLNK(st.st_mode);
    if (is_link && !link_ok(s, p)) return E_SKIP;
    if (is_link && stat(p, &st) != 0) return E_FILE;   /* dangling: the read reports it */
    if (S_ISREG(st.st_mode)) return E_FILE;
    if (!S_ISDIR(st.st_mode)) return refuse_special(s, p, st.st_mode);
    if (first_visit(s, &st)) return E_DIR;
    if (is_link)
        diag_warn(DIAG_CONTENT_LINK_LOOP,
                  p, 0, 0, "symbolic link to a folder that is already part of the site; "
                  "skipped (a link loop, or the same folder twice): remove the link");
    return E_SKIP;
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int looks_like_lang(const char *s, size_t n)
{
    if (n < 2 || n > 8) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] == '-' && i >= 2))) return 0;
    return 1;
}

static void add_file(struct scan *s, const char *path, const char *out_rel)
{
    struct content_list *cl = s->cl;
    if (cl->n_files == cl->cap_files) {
        cl->cap_files = cl->cap_files ? cl->cap_files * 2 : 64;
        cl->files = arena_grow_array(s->a, cl->files, cl->n_files, cl->cap_files, sizeof *cl->files);
    }
    cl->files[cl->n_files++] = (struct static_file){arena_strdup(s->a, path), arena_strdup(s->a, out_rel)};
}

/* name is "x.md" / "x.en.md"; decides stem and language. Returns 0 to skip. */
static int split_name(struct scan *s, const char *path, const char *name, const char *dir_lang,
                      const char **stem, const char **lang)
{
    size_t n = strlen(name) - 3;   /* without .md */
    const char *dot = memrchr(name, '.', n);
    *lang = dir_lang ? dir_lang : s->cfg->default_lang->code;
    if (dot && dot != name) {
        const char *code = dot + 1;
        size_t cl = (size_t)(name + n - code);
        char *c = arena_strndup(s->a, code, cl);
        if (config_lang(s->cfg, c)) {
            *lang = c;
            *stem = arena_strndup(s->a, name, (size_t)(dot - name));
            return 1;
        }
        if (looks_like_lang(code, cl)) {
            diag_warn(DIAG_CONTENT_UNKNOWN_LANG,
                      path, 0, 0, "'%s' is not a language in site.yml; the file is skipped "
                      "(add the language under 'languages:' or rename the file)", c);
            return 0;
        }
    }
    *stem = arena_strndup(s->a, name, n);
    return 1;
}

static void add_source(struct scan *s, const char *path, const char *rel_dir, const char *name,
                       const char *dir_lang, const char *bundle)
{
    const char *stem, *lang;
    if (!split_name(s, path, name, dir_lang, &stem, &lang)) return;
    struct content_list *cl = s->cl;
    if (cl->n_src == cl->cap_src) {
        cl->cap_src = cl->cap_src ? cl->cap_src * 2 : 256;
        cl->src = arena_grow_array(s->a, cl->src, cl->n_src, cl->cap_src, sizeof *cl->src);
    }
    struct source *src = &cl->src[cl->n_src++];
    src->path = arena_strdup(s->a, path);
    src->rel_dir = arena_strdup(s->a, rel_dir);
    src->stem = stem;
    src->lang = lang;
    src->is_section = !strcmp(stem, "_index");
    src->bundle_dir = bundle && !src->is_section ? arena_strdup(s->a, bundle) : NULL;
}

static char *join_rel(const char *a, const char *b)
{
    return *a ? fs_join(a, b) : strdup(b);
}

/* Everything under a bundle folder except its index files is a resource. */
static void scan_resources(struct scan *s, const char *dir, const char *out_rel)
{
    struct fs_entry *e;
    size_t n;
    if (fs_list_entries(dir, &e, &n) != 0) return;
    for (size_t i = 0; i < n; i++) {
        const char *nm = e[i].name;
        if (nm[0] == '.') continue;
        char *p = fs_join(dir, nm), *o = join_rel(out_rel, nm);
        enum entry k = classify(s, p, e[i].type);
        if (k == E_DIR) scan_resources(s, p, o);
        else if (k == E_FILE && !ends_with(nm, ".md")) add_file(s, p, o);
        free(p);
        free(o);
    }
    fs_free_entries(e, n);
}

static int has_index(const struct fs_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strncmp(e[i].name, "index.", 6) && ends_with(e[i].name, ".md")) return 1;
    return 0;
}

static void scan_dir(struct scan *s, const char *dir, const char *rel, const char *out_rel,
                     const char *dir_lang, int depth)
{
    struct fs_entry *names;
    size_t n;
    if (depth > 32) { diag_error(DIAG_CONTENT_TOO_DEEP,
                                 dir, 0, 0, "folders nested more than 32 deep; is there a link loop?"); s->bad = 1; return; }
    if (fs_list_entries(dir, &names, &n) != 0) {
        diag_error(DIAG_CONTENT_READ_DIR, dir, 0, 0, "cannot read folder: %s", strerror(errno));
        s->bad = 1;
        return;
    }
    int bundle = depth > 0 && has_index(names, n);
    for (size_t i = 0; i < n; i++) {
        const char *nm = names[i].name;
        if (nm[0] == '.') continue;
        char *p = fs_join(dir, nm);
        if (depth == 0 && (!strcmp(nm, "site.yml") || !strcmp(nm, "i18n"))) { free(p); continue; }
        enum entry e = classify(s, p, names[i].type);
        if (e == E_SKIP) { free(p); continue; }
        if (depth == 0 && !strcmp(nm, "data") && e == E_DIR) {
            s->cl->data_dir = arena_strdup(s->a, p);
            free(p);
            continue;
        }
        if (e == E_DIR) {
            const char *sub_lang = dir_lang;
            char *sub_rel = join_rel(rel, nm), *sub_out = join_rel(out_rel, nm);
            if (depth == 0 && !dir_lang && config_lang(s->cfg, nm)) {
                sub_lang = config_lang(s->cfg, nm)->code;   /* content/en/...: a language folder */
                free(sub_rel);
                sub_rel = strdup("");
            }
            if (bundle) scan_resources(s, p, sub_out);
            else scan_dir(s, p, sub_rel, sub_out, sub_lang, depth + 1);
            free(sub_rel);
            free(sub_out);
        } else if (ends_with(nm, ".md")) {
            add_source(s, p, rel, nm, dir_lang, bundle && !strncmp(nm, "index.", 6) ? dir : NULL);
            if (bundle && strncmp(nm, "index.", 6) && strncmp(nm, "_index.", 7))
                diag_warn(DIAG_CONTENT_MD_IN_BUNDLE,
                          p, 0, 0, "a Markdown file inside a page bundle is not a page; move it out of '%s' or rename it index.md", dir);
        } else {
            char *o = join_rel(out_rel, nm);
            add_file(s, p, o);
            free(o);
        }
        free(p);
    }
    fs_free_entries(names, n);
}

int loader_scan(arena *a, const struct site_config *cfg, const char *content_dir, struct content_list *out)
{
    memset(out, 0, sizeof *out);
    if (!fs_is_dir(content_dir)) {
        diag_error(DIAG_CONTENT_MISSING,
                   content_dir, 0, 0, "the content folder does not exist; create it or pass --content DIR");
        return -2;
    }
    struct scan s = {a, cfg, out, 0, fs_realpath(content_dir), {0}};
    if (!s.root) die_oom();
    hmap_init(&s.visited);
    struct stat st;
    if (stat(content_dir, &st) == 0) first_visit(&s, &st);
    scan_dir(&s, content_dir, "", "", NULL, 0);
    hmap_release(&s.visited);
    free(s.root);
    return s.bad ? -1 : 0;
}
