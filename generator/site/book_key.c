#include "book_key.h"
#include "../epub/epub.h"
#include "../markdown/markdown.h"
#include "../util/fs.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* FNV-1a, with a separator after each piece so "ab"+"c" differs from
 * "a"+"bc". */
static void mix(unsigned long long *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) *h = (*h ^ p[i]) * 1099511628211ull;
    *h = (*h ^ 0xff) * 1099511628211ull;
}

static void mix_str(unsigned long long *h, const char *s)
{
    if (s) mix(h, s, strlen(s));
    else mix(h, "\0null", 5);
}

static void mix_int(unsigned long long *h, long long v)
{
    mix(h, &v, sizeof v);
}

/* A file by name and identity: a changed or replaced file changes these. */
static void mix_file(unsigned long long *h, const char *path)
{
    struct stat st;
    mix_str(h, path);
    if (!path || stat(path, &st) != 0) {
        mix_int(h, -1);
        return;
    }
    mix_int(h, (long long)st.st_size);
    mix_int(h, (long long)st.st_mtim.tv_sec);
    mix_int(h, (long long)st.st_mtim.tv_nsec);
    mix_int(h, (long long)st.st_ino);
    mix_int(h, (long long)st.st_mode);
}

/* Every entry of a folder, in name order, folders walked (not through a
 * symbolic link: a link to '.' would walk for ever; the theme's loader
 * refuses links anyway), at most 16 deep. */
static void mix_tree(unsigned long long *h, const char *dir, int depth)
{
    char **names;
    size_t n;
    if (!dir || fs_list_dir(dir, &names, &n) != 0) {
        mix_str(h, dir);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char *p = fs_join(dir, names[i]);
        struct stat st;
        if (depth < 16 && lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) mix_tree(h, p, depth + 1);
        else mix_file(h, p);
        free(p);
    }
    fs_free_list(names, n);
}

static void mix_meta(unsigned long long *h, const struct epub_book *b)
{
    const char *texts[] = {b->id_seed, b->title, b->subtitle, b->lang, b->dir, b->creator,
                           b->creator_role, b->publisher, b->description, b->date, b->rights,
                           b->series, b->cover_alt, b->title_page_xhtml,
                           b->accessibility_summary, b->accessibility_certified_by,
                           b->labels.contents, b->labels.cover, b->labels.landmarks,
                           b->labels.start};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) mix_str(h, texts[i]);
    mix_int(h, b->modified);
    mix_int(h, b->series_position);
}

static void mix_chapter(unsigned long long *h, const struct epub_chapter *c)
{
    mix_str(h, c->title);
    mix_str(h, c->slug);
    mix_str(h, c->body_xhtml);
    mix_str(h, c->source_file);
    mix_int(h, (long long)c->n_headings);
    for (size_t k = 0; k < c->n_headings; k++) {
        mix_int(h, c->headings[k].level);
        mix_str(h, c->headings[k].id);
        mix_str(h, c->headings[k].text);
    }
}

unsigned long long book_key(const struct epub_book *b)
{
    unsigned long long h = 14695981039346656037ull;
    mix_meta(&h, b);
    mix_int(&h, (long long)b->n_chapters);
    for (size_t i = 0; i < b->n_chapters; i++) mix_chapter(&h, &b->chapters[i]);
    mix_file(&h, b->cover_path);
    mix_int(&h, (long long)b->n_images);
    for (size_t i = 0; i < b->n_images; i++) {
        mix_str(&h, b->images[i].href);
        mix_file(&h, b->images[i].src_path);
    }
    mix_int(&h, (long long)b->n_fonts);
    for (size_t i = 0; i < b->n_fonts; i++) mix_file(&h, b->font_paths[i]);
    mix_tree(&h, b->templates_dir, 0);
    return h ? h : 1;
}
