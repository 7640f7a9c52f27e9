/* epub_impl: what the parts of generator/epub/ share.  Not for use outside
 * the folder.
 *
 *   epub.c         epub_write: checks, resources, templates, container
 *   epub_check.c   the model and the chapter bodies (slugs, alt text, img src)
 *   epub_res.c     images and fonts: read, probe, media types, @font-face
 *   epub_model.c   the template context built from the book
 *   epub_render.c  templates: theme file or built-in, compiled once
 *   epub_zip.c     the OCF container (reproducible zip)
 *   epub_id.c      SHA-1 and the UUID of dc:identifier
 */
#pragma once
#include "epub.h"
#include "../util/arena.h"
#include "../util/buf.h"

#include <stddef.h>

struct value;
struct mus_cache;

/* A file of the book: an image, a font. */
struct epub_res {
    const char *src_path;   /* on disk, for messages */
    const char *href;       /* in the book, relative to EPUB/ */
    const char *id;         /* manifest id */
    const char *media_type;
    int width, height;      /* images; 0 when unknown */
    const char *family;     /* fonts: the @font-face family */
    int weight, italic;     /* fonts */
    buf data;               /* the file's bytes */
};

/* One book being written.  Everything but the resource bytes lives in a. */
struct epub_writer {
    const struct epub_book *b;
    arena a;
    char uuid[EPUB_UUID_LEN + 1];
    const char *modified;           /* CCYY-MM-DDThh:mm:ssZ */
    struct epub_labels labels;      /* with defaults filled in */
    struct epub_res *cover;         /* points into images, or NULL */
    struct epub_res *images; size_t n_images;
    struct epub_res *fonts; size_t n_fonts;
    struct value *ctx;              /* template context root */
    struct value *chapter_ctx;      /* see epub_chapter_context */
    struct mus_cache *mus;
    int template_missing;           /* the loader found no such file (epub_render.c) */
};

/* epub_check.c: each returns the number of errors it reported. */
int epub_check_book(const struct epub_book *b);
int epub_check_bodies(const struct epub_writer *w);
int epub_is_slug(const char *s, int allow_slash);
/* [A-Za-z0-9._-], whatever the locale says. */
static inline int epub_slug_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
}

/* epub_res.c: 0, or -1 after reporting. */
int epub_load_images(struct epub_writer *w);
int epub_load_fonts(struct epub_writer *w);
void epub_font_css(const struct epub_writer *w, buf *css);
void epub_release_res(struct epub_writer *w);
/* Should the container compress this media type (text), or store it
 * (already compressed images and fonts)? */
int epub_compressible(const char *media_type);

/* epub_model.c */
void epub_fill_labels(const char *lang, const struct epub_labels *given,
                      struct epub_labels *out);
const char *epub_iso_time(arena *a, long long unix_seconds);
struct value *epub_context(struct epub_writer *w);
/* A copy of the root with "chapter" set, for one chapter document. */
struct value *epub_chapter_context(struct epub_writer *w, size_t i);

/* epub_render.c */
int epub_templates_open(struct epub_writer *w);
void epub_templates_close(struct epub_writer *w);
/* Renders NAME.mustache against ctx into out.  0, or -1 after reporting. */
int epub_render(struct epub_writer *w, const char *name, const struct value *ctx, buf *out);
/* The stylesheet: the theme's style.css or the built-in, as is. */
int epub_stylesheet(struct epub_writer *w, buf *out);

/* builtin_templates.c: appends the built-in file NAME (as named in a
 * theme's epub/ folder: "nav.xhtml.mustache", "style.css") to out.
 * -1 for an unknown name. */
int epub_builtin_template(const char *name, buf *out);
