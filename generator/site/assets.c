#include "assets.h"
#include "../util/buf.h"
#include "../util/fs.h"
#include "../util/image.h"

#include <stdlib.h>
#include <string.h>

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

int asset_resolve(struct site *s, const struct page *p, const char *ref, struct page_image *img, arena *a)
{
    memset(img, 0, sizeof *img);
    if (is_remote(ref)) { img->url = ref; return 1; }
    const char *q = strpbrk(ref, "?#");
    const char *clean = q ? arena_strndup(a, ref, (size_t)(q - ref)) : ref;
    char *rel = content_rel(s, p, clean, a);
    if (!rel || !*rel) return -1;
    char *disk = arena_printf(a, "%s/%s", s->o.content_dir, rel);
    if (!fs_is_file(disk) && ref[0] == '/') disk = arena_printf(a, "%s/static/%s", s->theme_dir, rel);
    if (!fs_is_file(disk)) return -1;
    img->src_path = disk;
    img->url = arena_printf(a, "/%s", rel);
    struct image_info info;
    if (image_probe(disk, &info) == 0) {
        img->width = info.width;
        img->height = info.height;
        img->media_type = info.media_type;
    }
    return 0;
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
    if (!t) { *missing = 1; return NULL; }
    struct page *same_lang = t->tr ? t->tr[p->L->index] : NULL;
    return same_lang ? same_lang : t;
}
