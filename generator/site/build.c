/* build: the orchestration of one build (see site.h for the stages) and
 * the read stage. */
#define _GNU_SOURCE
#include "site.h"
#include "deps.h"
#include "explain.h"
#include "relurl.h"
#include "media.h"
#include "output.h"
#include "../cards/cards.h"
#include "../content/front_matter.h"
#include "../data/value.h"
#include "../data/yaml.h"
#include "../i18n/strings.h"
#include "../templates/mustache.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/escape.h"
#include "../util/fs.h"
#include "../util/limits.h"
#include "../util/pool.h"
#include "../util/text.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* LOA_TIMINGS=1 prints how long each stage took, to stderr.  A build runs
 * its stages on one thread: per thread is per build, and builds side by side
 * (tests, loa serve) do not share the clock. */
static void lap(const char *what)
{
    static _Thread_local double last;
    static _Thread_local int on = -1;
    if (on < 0) on = getenv("LOA_TIMINGS") && *getenv("LOA_TIMINGS") == '1';
    double t = now_s();
    if (on && what) fprintf(stderr, "loa: %-10s %7.1f ms\n", what, (t - last) * 1e3);
    last = t;
}

/* Model stage only, which runs on one thread. */
void site_add_page(struct site *s, struct page *p)
{
    if (s->n_pages == s->cap_pages) {
        s->cap_pages = s->cap_pages ? s->cap_pages * 2 : 1024;
        struct page **np = realloc(s->pages, s->cap_pages * sizeof *np);
        if (!np) die_oom();
        s->pages = np;
    }
    p->index = s->n_pages;
    s->pages[s->n_pages++] = p;
}

int site_write(struct site *s, const char *rel, const char *data, size_t len)
{
    if (s->o.dry) return 0;   /* loa check: rendered and checked, never written */
    size_t n = strlen(rel);
    if (!s->cfg.relative_urls || n < 5 || strcmp(rel + n - 5, ".html"))
        return output_write(s->out, rel, data, len);
    buf b = BUF_INIT;   /* every HTML file passes here: pages, listings, 404, redirects */
    relurl_rewrite(s->cfg.base_path, rel, data, len, &b);
    int r = output_write(s->out, rel, b.data, b.len);
    buf_release(&b);
    return r;
}

const char *site_url(const struct lang *L, const char *rel, arena *a)
{
    return arena_cat(a, L->base_path, rel + (rel[0] == '/'), (char *)NULL);
}

const char *site_url_rel(const struct lang *L, const char *url)
{
    size_t n = strlen(L->base_path);
    if (!strncmp(url, L->base_path, n)) return url + n;
    if (n > 1 && !strncmp(url, L->base_path, n - 1) && !url[n - 1]) return "";
    return url + (url[0] == '/');
}

const char *site_permalink(struct site *s, const struct lang *L, const char *url, arena *a)
{
    (void)s;
    const char *base = L->base_url;
    /* url starts with the base path (site_url): only the origin goes before it */
    size_t bl = strlen(base) - strlen(L->base_path);
    const char *u = url;
    for (; *u && (unsigned char)*u < 0x80 && *u != ' '; u++) {}
    if (!*u) {   /* the origin and the URL joined, without formatting */
        size_t ul = (size_t)(u - url);
        char *r = arena_alloc(a, bl + ul + 1);
        memcpy(r, base, bl);
        memcpy(r + bl, url, ul + 1);
        return r;
    }
    /* slugs in other scripts stay UTF-8 in pages (IRIs); absolute URLs for
     * feeds, sitemaps and share metadata are percent-encoded */
    buf b = BUF_INIT;
    buf_put(&b, base, bl);
    text_url_escape(url, strlen(url), &b);
    const char *r = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return r;
}

/* A fast 64-bit hash: tells the render stage's read from the read stage's when the
 * file changed in between (an editor saving during a build). */
static unsigned long long text_hash(const char *p, size_t n)
{
    uint64_t h = 14695981039346656037ull ^ n;
    size_t i = 0;
    for (uint64_t w; i + 8 <= n; i += 8) {   /* eight bytes a step */
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h ? h : 1;   /* 0 means "not read yet" */
}

static int too_big(const char *path, unsigned long long size)
{
    if (size <= LIMIT_CONTENT_FILE) return 0;
    diag_error(DIAG_CONTENT_TOO_LARGE,
               path, 0, 0, "the file is %.1f MiB, more than the limit of %u MiB for a content "
               "file; split it into several pages", size / 1048576.0, LIMIT_CONTENT_FILE >> 20);
    return 1;
}

/* The raw bytes, at most LIMIT_CONTENT_FILE of them; the same bytes as
 * the first read when *hash is set.  0, or -1 reported. */
static int read_raw(const char *path, buf *raw, unsigned long long *hash,
                    unsigned long long *seen)
{
    unsigned long long size = 0;
    if (fs_read_file_again(path, raw, LIMIT_CONTENT_FILE, *seen, &size) != 0) {
        if (errno == EFBIG && too_big(path, size)) return -1;
        diag_error(DIAG_FILE_READ, path, 0, 0, "cannot read the file: %s", fs_read_error(errno));
        return -1;
    }
    if (too_big(path, raw->len)) return -1;
    *seen = raw->len;
    if (!hash) return 0;
    unsigned long long h = text_hash(raw->data, raw->len);
    if (*hash && *hash != h) {
        diag_error(DIAG_CONTENT_CHANGED,
                   path, 0, 0, "the file changed during the build; build again");
        return -1;
    }
    *hash = h;
    return 0;
}

/* Reads a content file, checks UTF-8 and NFC; text is normalised in place.
 * Shared by the read and render stages so both see the same bytes. */
int site_load_text(const char *path, buf *text, int warn, int *was_clean,
                   unsigned long long *hash, unsigned long long *size)
{
    buf raw = BUF_INIT;
    if (read_raw(path, &raw, hash, size) != 0) {
        buf_release(&raw);
        return -1;
    }
    if (was_clean && *was_clean && hash) {   /* the same bytes passed both checks when read */
        buf_release(text);
        *text = raw;
        return 0;
    }
    int nfc = text_nfc(raw.data, raw.len, text);   /* also checks UTF-8: -1 when invalid */
    size_t bad = 0;
    if (nfc < 0 && !text_utf8_check(raw.data, raw.len, &bad)) {
        unsigned line, col;
        text_line_col(raw.data, raw.len, bad, &line, &col);
        diag_error(DIAG_TEXT_UTF8,
                   path, line, col, "invalid UTF-8 at byte offset %zu; save the file as UTF-8", bad);
        buf_release(&raw);
        return -1;
    }
    if (nfc == 1) {   /* already NFC: hand over the bytes */
        buf_release(text);
        *text = raw;
        if (was_clean) *was_clean = 1;
        return 0;
    }
    if (warn) {
        unsigned line = text_nfc_first_bad_line(raw.data, raw.len);
        diag_warn(DIAG_TEXT_NFC,
                  path, line, 0, "text is not in Unicode NFC form (decomposed accents, often pasted from "
                  "Word or PDF); loa normalised it, re-save the file to silence this");
    }
    buf_release(&raw);
    return 0;
}

struct read_ctx { struct site *s; arena *wa; int *bad; };

static void read_one(void *vctx, size_t i, unsigned w)
{
    struct read_ctx *x = vctx;
    struct site *s = x->s;
    const struct source *src = &s->cl.src[i];
    arena *a = &x->wa[w];
    buf text = BUF_INIT;
    int clean = 0;
    unsigned long long hash = 0, size = 0;
    if (site_load_text(src->path, &text, 1, &clean, &hash, &size) != 0) {
        x->bad[i] = 1;
        buf_release(&text);
        return;
    }
    struct page *p = arena_alloc(a, sizeof *p);
    p->text_clean = clean;
    p->text_hash = hash;
    p->text_size = size;
    p->src = src->path;
    p->lang = src->lang;
    p->L = config_lang(&s->cfg, src->lang);
    p->kind = src->is_section ? (*src->rel_dir ? PK_SECTION : PK_HOME) : PK_PAGE;
    p->bundle_dir = src->bundle_dir;
    p->rel_dir = src->rel_dir;
    const char *yaml;
    size_t ylen;
    if (fm_split(p->src, text.data, text.len, &yaml, &ylen, &p->body_off, &p->body_line) != 0 ||
        fm_parse(a, p, yaml, ylen) != 0) {
        x->bad[i] = 1;
        buf_release(&text);
        return;
    }
    if (esc_check_urls(p->src, p->fm) != 0) x->bad[i] = 1;   /* text_url and any *_url */
    p->body_len = text.len - p->body_off;
    p->index = i;
    s->pages[i] = p;
    buf_release(&text);
}

int site_read(struct site *s)
{
    size_t n = s->cl.n_src;
    s->cap_pages = n + 64;
    s->pages = calloc(s->cap_pages, sizeof *s->pages);
    int *bad = calloc(n + 1, sizeof *bad);
    unsigned jobs = s->o.jobs;
    arena *wa = calloc(jobs, sizeof *wa);
    if (!s->pages || !bad || !wa) die_oom();
    struct read_ctx x = {s, wa, bad};
    pool_run(n, jobs, read_one, &x);
    /* the worker arenas live as long as the build: chain them to the site's */
    int failed = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        failed |= bad[i];
        if (s->pages[i]) { s->pages[k] = s->pages[i]; s->pages[k]->index = k; k++; }
    }
    s->n_pages = k;
    free(bad);
    s->worker_arenas = wa;
    return failed ? -1 : 0;
}

/* A data file that is a link out of content/ would hand any file on the
 * machine to the templates. */
static int data_inside(struct site *s, const char *p)
{
    char *root = fs_realpath(s->o.content_dir), *target = fs_realpath(p);
    int ok = !target || (root && fs_is_beneath(root, target));
    if (!ok)
        diag_error(DIAG_CONTENT_LINK_OUTSIDE,
                   p, 0, 0, "symbolic link to '%s' leads outside the content folder; copy the "
                   "file into content/data/ instead", target);
    free(root);
    free(target);
    return ok;
}

static int load_data(struct site *s)
{
    s->data = val_map(&s->a);
    if (!s->cl.data_dir) return 0;
    char **names;
    size_t n;
    if (fs_list_dir(s->cl.data_dir, &names, &n) != 0) return 0;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const char *dot = strrchr(names[i], '.');
        if (!dot || (strcmp(dot, ".yml") && strcmp(dot, ".yaml") && strcmp(dot, ".json"))) continue;
        char *p = fs_join(s->cl.data_dir, names[i]);
        if (!data_inside(s, p)) { bad = 1; free(p); continue; }
        value *v = yaml_load_file(&s->a, arena_strdup(&s->a, p));
        if (!v) bad = 1;
        else val_set(&s->a, s->data, arena_strndup(&s->a, names[i], (size_t)(dot - names[i])), v);
        free(p);
    }
    fs_free_list(names, n);
    return bad ? -1 : 0;
}

/* The one way into the theme: rel (a layout, a partial) must be a clean
 * relative path and is opened beneath the theme folder; a symbolic link
 * may point elsewhere in the theme, never out of it.  0, or -1 with errno
 * (ENOENT: no such file; EINVAL: a bad name; EXDEV/ELOOP: leaves the
 * theme). */
int site_theme_read(const struct site *s, const char *rel, buf *out)
{
    if (fs_check_rel(rel)) { errno = EINVAL; return -1; }
    int dir = open(s->theme_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return -1;
    int fd = fs_open_beneath(dir, rel, O_RDONLY, 0);
    int e = errno;
    close(dir);
    if (fd < 0) { errno = e; return -1; }
    struct stat st;
    int r = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? 0 : -1;
    if (r != 0) errno = ENOENT;
    char tmp[65536];
    for (ssize_t n; r == 0 && out && (n = read(fd, tmp, sizeof tmp)) != 0;) {
        if (n < 0) { r = -1; break; }
        buf_put(out, tmp, (size_t)n);
    }
    close(fd);
    return r;
}

static char *theme_load(void *ud, const char *name, char **path)
{
    struct site *s = ud;
    static const char *const dirs[] = {"partials", "layouts"};
    const char *why = fs_check_rel(name);
    if (why) {
        diag_error(DIAG_TPL_BAD_NAME,
                   s->theme_dir, 0, 0, "template name '%s' is not a path inside the theme (%s); "
                   "name a partial by its path under partials/, e.g. 'header'", name, why);
        return NULL;
    }
    for (size_t i = 0; i < 2; i++) {
        char *rel = arena_printf(&s->a, "%s/%s.mustache", dirs[i], name);
        buf b = BUF_INIT;
        if (site_theme_read(s, rel, &b) == 0) {
            *path = fs_join(s->theme_dir, rel);
            return buf_detach(&b);
        }
        if (errno == EXDEV || errno == ELOOP)
            diag_error(DIAG_TPL_LINK_OUTSIDE,
                       s->theme_dir, 0, 0, "'%s' is a symbolic link leading outside the theme; "
                       "loa reads templates only from inside the theme folder", rel);
        buf_release(&b);
    }
    return NULL;
}

void site_reload_templates(struct site *s)
{
    if (s->tpl) mus_cache_free(s->tpl);
    s->tpl = mus_cache_new(theme_load, s);
}

/* report 0: loa check, which needs no theme, says nothing of a missing one */
static int resolve_theme(struct site *s, int report)
{
    if (s->o.theme_dir) s->theme_dir = s->o.theme_dir;
    else if (s->cfg.theme) {
        s->theme_dir = arena_printf(&s->a, "themes/%s", s->cfg.theme);
#ifdef LOA_DATADIR
        /* the themes installed with loa, for a project without its own */
        const char *installed = arena_printf(&s->a, "%s/themes/%s", LOA_DATADIR, s->cfg.theme);
        if (!fs_is_dir(s->theme_dir) && fs_is_dir(installed)) s->theme_dir = installed;
#endif
    }
    else {
        if (!report) return -1;
        diag_error(DIAG_THEME_NONE,
                   s->cfg.file, 0, 0, "no theme: add 'theme: portal' to site.yml or pass --theme DIR");
        return -1;
    }
    if (!fs_is_dir(s->theme_dir)) {
        if (!report) return -1;
        const value *tv = s->o.theme_dir ? NULL : val_get(s->cfg.root, "theme");
        diag_error(DIAG_THEME_MISSING,
                   s->o.theme_dir ? s->theme_dir : s->cfg.file, tv ? tv->line : 0, tv ? tv->col : 0,
                   "theme folder '%s' does not exist; check 'theme:' in site.yml or --theme", s->theme_dir);
        return -1;
    }
    return 0;
}

/* Copies a file into the staging folder at rel (linking the previous
 * build's copy when it is the same, see reuse_previous). */
static void site_copy(struct site *s, const char *from, const char *rel)
{
    buf b = BUF_INIT;
    if (s->o.dry && access(from, R_OK) == 0) return;   /* loa check: readable is enough */
    if (fs_read_file(from, &b) != 0) diag_error(DIAG_FILE_READ,
                                                from, 0, 0, "cannot read: %s", fs_read_error(errno));
    else site_write(s, rel, b.data, b.len);
    buf_release(&b);
}

/* What to do with an entry of the theme's static/: 'd' walk it, 'f' copy
 * it, 0 skip it.  A link to a file inside the theme is copied; a link to
 * a folder is not followed (no loops); a link out of the theme is an error. */
static int static_kind(struct site *s, const char *p)
{
    struct stat st;
    if (lstat(p, &st) != 0) return 'f';   /* vanished: site_copy reports it */
    if (!S_ISLNK(st.st_mode)) return S_ISDIR(st.st_mode) ? 'd' : 'f';
    char *root = fs_realpath(s->theme_dir), *target = fs_realpath(p);
    int k = !target ? 'f' : (root && fs_is_beneath(root, target)) ? (fs_is_dir(p) ? 0 : 'f') : 'x';
    if (k == 'x')
        diag_error(DIAG_STATIC_LINK_OUTSIDE,
                   p, 0, 0, "symbolic link to '%s' leads outside the theme; copy the file "
                   "into the theme's static/ folder instead", target);
    else if (!k)
        diag_warn(DIAG_STATIC_LINK_DIR,
                  p, 0, 0, "symbolic link to a folder in static/ is not followed; "
                  "copy the folder or link its files one by one");
    free(root);
    free(target);
    return k == 'x' ? 0 : k;
}

static void copy_tree(struct site *s, const char *dir, const char *rel)
{
    char **names;
    size_t n;
    if (fs_list_dir(dir, &names, &n) != 0) return;
    for (size_t i = 0; i < n; i++) {
        if (names[i][0] == '.') continue;
        char *p = fs_join(dir, names[i]);
        char *r = *rel ? fs_join(rel, names[i]) : strdup(names[i]);
        int k = static_kind(s, p);
        if (k == 'd') copy_tree(s, p, r);
        else if (k == 'f') site_copy(s, p, r);
        free(p);
        free(r);
    }
    fs_free_list(names, n);
}

/* The theme's static files and the content's own files; photos go
 * through media (resized, stripped of their metadata). */
static int copy_static(struct site *s)
{
    char *st = fs_join(s->theme_dir, "static");
    copy_tree(s, st, "");
    free(st);
    for (size_t i = 0; i < s->cl.n_files; i++)
        if (!media_handles(s, s->cl.files[i].path))
            site_copy(s, s->cl.files[i].path, s->cl.files[i].out_rel);
    return media_publish_all(s);
}


static void summary(struct site *s, double t0)
{
    size_t pages = s->n_rendered;
    size_t books = 0;
    for (size_t i = 0; i < s->n_pubs; i++) books += s->pubs[i].size > 0;
    if (s->o.dry) books = s->n_pubs;   /* checked, not written: no size */
    printf("%s %zu pages, %zu EPUB%s in %.2f s", s->o.dry ? "Checked" : "Built", pages, books,
           books == 1 ? "" : "s", now_s() - t0);
    if (s->o.shard_n)
        printf(" (shard %u/%u: the pages of this part; books made in every part)", s->o.shard_k,
               s->o.shard_n);
    if (s->skipped[1] || s->skipped[2] || s->skipped[3]) {
        printf(" (skipped:");
        const char *sep = " ";
        if (s->skipped[1]) { printf("%s%u draft%s (use --drafts)", sep, s->skipped[1], s->skipped[1] == 1 ? "" : "s"); sep = ", "; }
        if (s->skipped[2]) { printf("%s%u dated in the future (use --future)", sep, s->skipped[2]); sep = ", "; }
        if (s->skipped[3]) printf("%s%u expired (use --expired)", sep, s->skipped[3]);
        printf(")");
    }
    if (diag_warnings()) printf(", %u warning%s", diag_warnings(), diag_warnings() == 1 ? "" : "s");
    printf("\n");
    for (size_t i = 0; i < s->n_pubs; i++)   /* readers on 3G download books whole */
        if (s->pubs[i].size > 0)
            printf("  %s: %lld KB, %zu chapter%s\n", s->pubs[i].out_rel, s->pubs[i].size / 1024,
                   s->pubs[i].n_chapters, s->pubs[i].n_chapters == 1 ? "" : "s");
}

void site_release(struct site *s)
{
    site_search_release(s);
    free(s->jobs);
    if (s->out_index) hmap_release(s->out_index);
    free(s->out_index);
    if (s->tpl) mus_cache_free(s->tpl);
    deps_free(s->deps);
    card_set_free(s->cards);
    if (s->strings) i18n_strings_free(s->strings);
    for (unsigned k = 0; s->worker_arenas && k < s->o.jobs; k++) arena_release(&s->worker_arenas[k]);
    free(s->worker_arenas);
    free(s->pages);
    for (size_t l = 0; s->ls && l < s->cfg.n_langs; l++)
        for (size_t t = 0; t < s->cfg.n_taxonomies; t++) hmap_release(&s->ls[l].tax[t].by_slug);
    hmap_release(&s->by_url);
    hmap_release(&s->by_src);
    for (size_t i = 0; i < s->probes.cap; i++)
        if (s->probes.slots[i].key) { free((void *)s->probes.slots[i].key); free(s->probes.slots[i].val); }
    hmap_release(&s->probes);
    pthread_mutex_destroy(&s->probe_lock);
    hmap_release(&s->dates);
    arena_release(&s->dates_a);
    pthread_mutex_destroy(&s->dates_lock);
    for (size_t i = 0; i < s->n_pubs; i++) free((void *)s->pubs[i].cover_url);
    free(s->pubs);
    arena_release(&s->a);
    free(s);
}

/* .loa-cache beside the content folder.  loa never makes a symbolic link
 * there, and reads and links cached files into the output: a link planted
 * in a repository would publish a file from anywhere, so one is refused. */
static int cache_dir(struct site *s)
{
    const char *cd = s->o.content_dir;
    const char *slash = strrchr(cd, '/');
    s->cache_dir = slash ? arena_printf(&s->a, "%.*s/.loa-cache", (int)(slash - cd), cd)
                         : ".loa-cache";
    char *link = fs_first_symlink(s->cache_dir);
    if (!link) return 0;
    diag_error(DIAG_CACHE_SYMLINK,
               link, 0, 0, "a symbolic link inside loa's cache; loa never makes one and will not "
               "follow it: delete the folder %s and build again", s->cache_dir);
    free(link);
    return -1;
}

int site_prepare(struct site *s, int check_out)
{
    /* site.yml, the theme folder and --out are configuration: -2, exit status 2 */
    if (config_load(&s->a, s->o.content_dir, &s->cfg) != 0) return -2;
    const char *why;
    if (s->o.base_url && config_set_base_url(&s->a, &s->cfg, s->o.base_url, &why) != 0) {
        diag_error(DIAG_CFG_BASE_URL, NULL, 0, 0, "--base-url '%s' %s; write it as https://host/ or "
                   "https://host/folder/", s->o.base_url, why);
        return -2;
    }
    config_params_under_base(&s->a, &s->cfg);
    if (cache_dir(s) != 0) return -1;
    /* loa check and loa report need no theme: they only read content */
    if (resolve_theme(s, check_out) != 0 && check_out) return -2;
    if (check_out && !s->o.dry && output_check(s->o.out_dir, s->o.content_dir, s->theme_dir) != 0) return -2;
    s->tpl = mus_cache_new(theme_load, s);
    struct i18n_lang *il = arena_alloc(&s->a, (s->cfg.n_langs + 1) * sizeof *il);
    for (size_t i = 0; i < s->cfg.n_langs; i++)
        il[i] = (struct i18n_lang){s->cfg.langs[i].code, s->cfg.langs[i].name, s->cfg.langs[i].chain,
                                   s->cfg.langs[i].n_chain};
    s->strings = i18n_strings_load(s->theme_dir, s->o.content_dir, il, s->cfg.n_langs);
    lap("setup");
    /* entries refused by the walk (a link out, a pipe) leave the others to
     * read: their errors are reported in the same run */
    int scanned = loader_scan(&s->a, &s->cfg, s->o.content_dir, &s->cl);
    if (scanned == -2) return -1;
    lap("scan");
    int bad = load_data(s);
    int unread = (site_read(s) != 0) | (scanned != 0);
    lap("read");
    if (getenv("LOA_TIMINGS") && *getenv("LOA_TIMINGS") == '1') {
        size_t w = 0;
        for (unsigned k = 0; s->worker_arenas && k < s->o.jobs; k++) w += s->worker_arenas[k].used_total;
        fprintf(stderr, "loa: memory   after reading: workers %.1f MiB\n", w / 1048576.0);
    }
    if (bad) return -1;          /* templates would report every name a data file held */
    s->partial = unread;   /* known to the model: pages left out are not missing */
    if (site_model(s) != 0) return -1;
    s->content_time = site_content_time(s);
    return unread ? -1 : 0;
}



static int stages(struct site *s)
{
    lap(NULL);
    int prepared = site_prepare(s, 1);
    if (prepared != 0 && !s->partial) return prepared;
    lap("prepare");
    int bad = prepared;   /* pages left out: the others still render, for their errors */
    s->out = s->o.dry ? NULL : output_begin(s->o.out_dir);
    if (!s->out && !s->o.dry) return -1;
    if (s->out && s->o.shard_n) output_set_shard(s->out, s->o.shard_k, s->o.shard_n);
    if (site_books(s) != 0) bad = -1;
    lap("books");
    site_search_begin(s);
    if (card_stage(s) != 0) bad = -1;
    lap("cards");
    if (site_render_pages(s) != 0) bad = -1;
    lap("pages");
    if (site_search_end(s) != 0) bad = -1;
    lap("search");
    if (site_write_extras(s) != 0) bad = -1;
    lap("extras");
    if (copy_static(s) != 0) bad = -1;
    lap("static");
    return bad || diag_errors() ? -1 : 0;
}

struct site *site_new(const struct build_opts *o)
{
    struct site *s = calloc(1, sizeof *s);
    if (!s) die_oom();
    arena_init(&s->a);
    s->o = *o;
    if (!s->o.jobs) s->o.jobs = pool_default_jobs();
    hmap_init(&s->by_url);
    hmap_init(&s->by_src);
    hmap_init(&s->probes);
    pthread_mutex_init(&s->probe_lock, NULL);
    hmap_init(&s->dates);
    arena_init(&s->dates_a);
    pthread_mutex_init(&s->dates_lock, NULL);
    return s;
}

int site_build(const struct build_opts *o)
{
    return site_build_keep(o, NULL);
}

int site_build_keep(const struct build_opts *o, struct site **keep)
{
    if (keep) *keep = NULL;
    double t0 = now_s();
    struct site *s = site_new(o);
    if (keep || o->explain) s->o.record_deps = 1;   /* someone will ask what outputs read */
    int r = stages(s);
    if (r == 0 && !o->dry && output_commit(s->out) != 0) r = -1;
    lap("swap");
    if (getenv("LOA_TIMINGS") && *getenv("LOA_TIMINGS") == '1') {
        size_t w = 0;
        for (unsigned k = 0; s->worker_arenas && k < s->o.jobs; k++) w += s->worker_arenas[k].used_total;
        fprintf(stderr, "loa: memory   %zu pages in the index; arenas: build %.1f MiB, workers %.1f MiB\n",
                s->n_pages, s->a.used_total / 1048576.0, w / 1048576.0);
        fprintf(stderr, "loa: view     %lu names resolved\n", s->n_resolved);
    }
    diag_flush();
    if (r != 0 && o->dry) {
        fprintf(stderr, "loa check: %u error%s\n", diag_errors(), diag_errors() == 1 ? "" : "s");
    } else if (r != 0) {
        fprintf(stderr, "loa: build failed with %u error%s; %s was left as it was\n", diag_errors(),
                diag_errors() == 1 ? "" : "s", s->o.out_dir);
    } else if (!s->o.quiet) {
        summary(s, t0);
    }
    if (r == 0 && s->o.explain) r = explain_output(s, s->o.explain, stdout) ? -2 : 0;
    output_end(s->out);   /* removes the staging folder of a failed build, unlocks */
    s->out = NULL;
    if (keep && r == 0) site_search_release(s);   /* written: loa serve needs no index */
    if (keep && r == 0) site_output_index(s);
    if (keep && r == 0) *keep = s;
    else site_release(s);
    return r == 0 ? 0 : r == -2 ? 2 : 1;
}
