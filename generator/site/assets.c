#include "assets.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/image.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *asset_normalize(arena *a, const char *path)
{
    size_t n = strlen(path);
    char *out = arena_alloc(a, n + 2);
    size_t o = 0;
    const char *p = path;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* skip */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (o == 0) return NULL;
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
        } else {
            if (o) out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len + (e != NULL);
    }
    out[o] = '\0';
    return out;
}

static const char *page_dir(const struct page *p)
{
    return p->fallback_of && p->fallback_of->src ? p->fallback_of->src : p->src;
}

static int is_remote(const char *ref)
{
    return !strncmp(ref, "http://", 7) || !strncmp(ref, "https://", 8) || !strncmp(ref, "//", 2);
}

/* Content path (relative to the content folder) of ref seen from page p. */
static char *content_rel(struct site *s, const struct page *p, const char *ref, arena *a)
{
    const char *cd = s->o.content_dir;
    size_t cl = strlen(cd);
    while (cl > 1 && cd[cl - 1] == '/') cl--;
    if (ref[0] == '/') return asset_normalize(a, ref + 1);
    const char *src = page_dir(p);
    if (!src) return asset_normalize(a, ref);
    const char *sl = strrchr(src, '/');
    const char *dir = sl ? arena_strndup(a, src, (size_t)(sl - src)) : "";
    /* dir is content/... ; take the part after the content folder */
    if (!strncmp(dir, cd, cl) && (dir[cl] == '/' || !dir[cl])) dir += cl + (dir[cl] == '/');
    return asset_normalize(a, *dir ? arena_printf(a, "%s/%s", dir, ref) : ref);
}

/* What the file system says of one content-relative path, found once per
 * build: pages refer to the same images from checks, summaries, share
 * metadata and Markdown, and from several threads. */
struct probe { int found; int from_theme; struct image_info info; };

static const struct probe *probe(struct site *s, const char *rel, int may_be_theme)
{
    /* "/x.png" may come from the theme's static folder, "x.png" may not:
     * they are two questions (normalised paths never start with '/') */
    size_t n = strlen(rel) + 2;
    char *key = malloc(n);
    if (!key) die_oom();
    snprintf(key, n, "%s%s", may_be_theme ? "/" : "", rel);
    pthread_mutex_lock(&s->probe_lock);
    struct probe *pr = hmap_get(&s->probes, key);
    if (pr) free(key);
    else {
        pr = calloc(1, sizeof *pr);
        if (!pr) die_oom();
        char *disk = fs_join(s->o.content_dir, rel);
        if (!fs_is_file(disk) && may_be_theme) {
            free(disk);
            char *st = fs_join(s->theme_dir, "static");
            disk = fs_join(st, rel);
            free(st);
            pr->from_theme = 1;
        }
        pr->found = fs_is_file(disk);
        if (pr->found) image_probe(disk, &pr->info);   /* on failure: no size, a problem */
        free(disk);
        hmap_put(&s->probes, key, pr);
    }
    pthread_mutex_unlock(&s->probe_lock);
    return pr;
}

int asset_resolve(struct site *s, const struct page *p, const char *ref, struct page_image *img, arena *a)
{
    memset(img, 0, sizeof *img);
    if (is_remote(ref)) { img->url = ref; return 1; }
    const char *q = strpbrk(ref, "?#");
    const char *clean = q ? arena_strndup(a, ref, (size_t)(q - ref)) : ref;
    char *rel = content_rel(s, p, clean, a);
    if (!rel || !*rel) return -1;
    const struct probe *pr = probe(s, rel, ref[0] == '/');
    if (!pr->found) return -1;
    img->src_path = pr->from_theme ? arena_printf(a, "%s/static/%s", s->theme_dir, rel)
                                   : arena_printf(a, "%s/%s", s->o.content_dir, rel);
    img->url = arena_printf(a, "%s%s", s->cfg.base_path, rel);
    img->width = (int)pr->info.width;
    img->height = (int)pr->info.height;
    img->media_type = pr->info.media_type;
    return 0;
}

/* The extensions of the formats image_probe reads: such a file must be one. */
static int image_named(const char *rel)
{
    static const char *const exts[] = {".png", ".jpg", ".jpeg", ".jpe", ".webp", ".gif", ".svg"};
    const char *dot = strrchr(rel, '.');
    for (size_t i = 0; dot && i < sizeof exts / sizeof *exts; i++)
        if (!strcasecmp(dot, exts[i])) return 1;
    return 0;
}

const char *asset_image_problem(struct site *s, const struct page *p, const char *ref, arena *a)
{
    if (is_remote(ref)) return NULL;
    const char *q = strpbrk(ref, "?#");
    char *rel = content_rel(s, p, q ? arena_strndup(a, ref, (size_t)(q - ref)) : ref, a);
    if (!rel || !*rel) return NULL;
    const struct probe *pr = probe(s, rel, ref[0] == '/');
    if (!pr->found || pr->info.media_type || !pr->info.problem[0] || !image_named(rel)) return NULL;
    return pr->info.problem;
}

struct page *asset_link_target(struct site *s, const struct page *p, const char *href,
                               const char **fragment, int *missing, arena *a)
{
    *missing = 0;
    *fragment = "";
    if (is_remote(href) || href[0] == '#' || strchr(href, ':')) return NULL;
    const char *hash = strchr(href, '#');
    const char *path = hash ? arena_strndup(a, href, (size_t)(hash - href)) : href;
    size_t n = strlen(path);
    if (n < 3 || strcmp(path + n - 3, ".md")) return NULL;
    if (hash) *fragment = hash;
    char *rel = content_rel(s, p, path, a);
    struct page *t = rel ? hmap_get(&s->by_src, arena_printf(a, "%s/%s", s->o.content_dir, rel)) : NULL;
    /* -1: a page that could not be read, already reported (site->partial) */
    if (!t) {
        const char *file = rel ? arena_printf(a, "%s/%s", s->o.content_dir, rel) : NULL;
        *missing = file && s->partial && fs_is_file(file) ? -1 : 1;
        return NULL;
    }
    struct page *same_lang = t->tr ? t->tr[p->L->index] : NULL;
    return same_lang ? same_lang : t;
}

/* "/ti%E1%BA%BFng/" → "/tiếng/": URLs are looked up as the pages wrote them. */
static char *url_decode(arena *a, const char *s)
{
    char *out = arena_alloc(a, strlen(s) + 1), *o = out;
    for (; *s; s++) {
        unsigned v;
        if (s[0] == '%' && s[1] && s[2] && sscanf(s + 1, "%2x", &v) == 1) {
            *o++ = (char)v;
            s += 2;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

/* Files loa writes beside the pages (feeds, sitemaps, robots.txt). */
static int generated_file(const char *rel)
{
    static const char *const names[] = {"index.xml", "atom.xml", "sitemap.xml", "robots.txt",
                                        "404.html", 0};
    const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    for (const char *const *n = names; *n; n++)
        if (!strcmp(base, *n)) return 1;
    return 0;
}

static int output_has(struct site *s, const struct page *p, const char *out, arena *a)
{
    if (hmap_get(&s->by_url, out)) return 1;
    /* a language on a domain of its own: /x/ there is <code>/x/ in output */
    return !*p->L->prefix && *p->L->out_prefix
           && hmap_get(&s->by_url, arena_printf(a, "%s%s", p->L->out_prefix, out));
}

static const char *pub_rel(struct site *s, const struct publication *pub)
{
    return site_url_rel(config_lang(&s->cfg, pub->lang), pub->url);
}

/* rel: a site path without its leading '/', normalised ("" is the home). */
static int site_has(struct site *s, const struct page *p, const char *rel, int dir, arena *a)
{
    if (!*rel || generated_file(rel)) return 1;
    if (output_has(s, p, arena_printf(a, "%s/index.html", rel), a)) return 1;
    if (!dir && (output_has(s, p, rel, a) || probe(s, rel, 1)->found)) return 1;
    for (size_t i = 0; i < s->n_pubs; i++)
        if (s->pubs[i].url && !strcmp(pub_rel(s, &s->pubs[i]), rel)) return 1;
    const char *pg = strstr(rel, "page/");   /* list page N, registered later */
    if (pg && (pg == rel || pg[-1] == '/') && pg[5] >= '0' && pg[5] <= '9')
        return site_has(s, p, pg == rel ? "" : arena_strndup(a, rel, (size_t)(pg - rel - 1)), 1, a);
    return 0;
}

/* "/x/" written in content, as a URL of the site: under its base path. */
static const char *under_base(const struct lang *L, const char *rel, int dir, const char *rest,
                              arena *a)
{
    if (!strcmp(L->base_path, "/")) return NULL;   /* as written */
    return arena_printf(a, "%s%s%s%s", L->base_path, rel, dir && *rel ? "/" : "", rest);
}

const char *asset_link_resolve(struct site *s, const struct page *p, const char *href,
                               const char **why, arena *a)
{
    *why = NULL;
    if (!*href || is_remote(href) || href[0] == '#' || href[0] == '?') return NULL;
    const char *colon = strchr(href, ':'), *slash = strchr(href, '/');
    if (colon && (!slash || colon < slash)) return NULL;   /* mailto:, tel:, ... */
    size_t plen = strcspn(href, "?#");
    const char *path = url_decode(a, arena_strndup(a, href, plen)), *rest = href + plen;
    int dir = path[strlen(path) - 1] == '/';
    int relative = path[0] != '/';
    if (relative) {
        /* the page's own path, without the base path ("/" before a page at the root) */
        const char *url = arena_printf(a, "/%s", p->url ? site_url_rel(p->L, p->url) : "");
        const char *from_url = arena_printf(a, "%.*s%s", (int)(strrchr(url, '/') - url + 1),
                                            url, path);
        char *file = content_rel(s, p, path, a), *at = asset_normalize(a, from_url + 1);
        /* a file beside the source: its URL, unless the link already leads there
         * (a bundle's files), which keeps relative links relative */
        if (file && *file && probe(s, file, 0)->found)
            return at && !strcmp(at, file)
                       ? NULL : arena_printf(a, "%s%s%s", s->cfg.base_path, file, rest);
        path = from_url;
    }
    char *rel = asset_normalize(a, path + 1);
    if (rel && site_has(s, p, rel, dir, a))
        return relative ? NULL : under_base(p->L, rel, dir, rest, a);
    const char *last = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (!rel) {
        *why = "it climbs above the site's root; fix the path";
        return NULL;
    }
    path = arena_printf(a, "/%s%s", rel, dir && *rel ? "/" : "");
    if (strchr(last, '.'))
        *why = arena_printf(a, "no such file%s in the content folder or the theme's static folder; "
                            "fix the path (relative paths start at this file's folder) or add the "
                            "file", relative ? arena_printf(a, " (nor %s)", path) : "");
    else
        *why = arena_printf(a, "no page of this site is at %s%s; fix the link", path,
                            relative ? " (relative links start at this page's address)" : "");
    return NULL;
}
