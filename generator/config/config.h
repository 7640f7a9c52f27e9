/* config: content/site.yml into a struct site_config.  Unknown keys are
 * warnings with their position; wrong types are errors.  Everything lives
 * in the build arena. */
#pragma once
#include <stddef.h>

struct arena;
struct value;

enum untranslated_mode { UNTRANSLATED_OMIT, UNTRANSLATED_FALLBACK };

struct lang {
    const char *code;        /* BCP 47: vi, en, hmn */
    const char *name;        /* native name: Tiếng Việt */
    const char *dir;         /* ltr | rtl */
    const char *title;       /* site title in this language (or the site's) */
    const char *description;
    const char *base_url;    /* ends with '/' */
    const char *prefix;      /* URL prefix: "" for the default at root, "en/" otherwise */
    const char *out_prefix;  /* folder in the output: the prefix, or "en/" for a language on
                                a domain of its own (deploy output/en/ there) */
    const char **chain;      /* this language, then its fallbacks, then the default */
    size_t n_chain;
    enum untranslated_mode untranslated;
    int is_default;
    const char *kind;        /* national | foreign | minority (for reports) */
    size_t index;            /* position in site_config.langs */
    struct value *menu;      /* list of {name, url|page, weight} or NULL */
    const char *og_locale;   /* OpenGraph locale Facebook accepts, along the chain ("" if none) */
    const char *quote_open, *quote_close;   /* the language's quotation marks (CLDR) */
};

struct taxonomy_def {
    const char *plural;      /* tags: the front matter key and URL segment */
    const char *singular;    /* tag */
};

/* images: in site.yml: how photos are published (see site/media.h). */
struct image_settings {
    int process;              /* 0: copy images as they are (process: false) */
    unsigned widths[16];      /* ascending */
    size_t n_widths;
    int quality;              /* JPEG and WebP, 1-100 */
    int webp;                 /* also publish WebP */
    int avif;                 /* also publish AVIF (slower to make) */
    int keep_metadata;        /* keep EXIF/XMP/IPTC of every image */
    struct value *keep_for;   /* list of content paths that keep theirs, or NULL */
    unsigned long long max_pixels, max_bytes;
    unsigned book_width;      /* images in books are at most this wide */
};

struct site_config {
    const char *file;        /* path of site.yml, for messages */
    const char *title, *description, *base_url, *theme;
    const char *author, *publisher, *copyright;
    struct lang *langs; size_t n_langs;
    struct lang *default_lang;
    int default_language_in_subdir;
    int unsafe_html;
    int paginate;            /* items per listing page, default 10 */
    int summary_chars;       /* default 200 */
    int search;              /* write the search index and page (search: false turns it off) */
    struct taxonomy_def *taxonomies; size_t n_taxonomies;
    struct value *publications;   /* raw list, read by site/publish.c */
    struct value *params;         /* free-form, for templates */
    struct value *conventions_order; /* optional list of short names */
    struct value *root;           /* the whole file */
    struct image_settings images;
    struct value *agency;         /* agency: map, checked (site/identity.c resolves it) */
    int generator_credit;         /* generator_credit: true shows "made with loa" */
    int feed_limit;               /* items per feed, 0 = all (default 20) */
};

/* Reads dir/site.yml (the file may be missing: defaults then).  Returns 0,
 * or -1 after reporting errors. */
int config_load(struct arena *a, const char *content_dir, struct site_config *out);
struct lang *config_lang(const struct site_config *c, const char *code);
/* 1 if code has the shape of a BCP 47 tag (vi, hmn, zh-Hant, pt-BR). */
int config_lang_code_ok(const char *code);
