/* page: the page index.  One struct page per content file and language,
 * plus the generated list pages.  The index holds what listings, URLs,
 * feeds and sitemaps need; bodies (Markdown, HTML) are produced and
 * dropped page by page during rendering, so memory follows the index, not
 * the bodies. */
#pragma once
#include "ctype.h"
#include <stddef.h>

struct value;
struct md_result;
struct lang;

enum page_kind { PK_PAGE, PK_SECTION, PK_HOME, PK_TAXONOMY, PK_TERM, PK_404 };

struct page_image {
    const char *url;         /* root-relative URL of the file in output */
    const char *src_path;    /* file on disk, NULL for remote */
    const char *alt;
    int width, height;
    const char *media_type;
};

struct page {
    enum page_kind kind;
    const char *src;         /* content file as given (content/stories/x.md), NULL if generated */
    const char *rel_dir;     /* folder relative to the content root, "" at the root ("stories", "emagazine/udhr75") */
    const char *key;         /* translation group key */
    const char *lang;        /* language code */
    const struct lang *L;
    const char *section;     /* top-level section, "" for root pages */
    const char *bundle_dir;  /* source folder of a page bundle, else NULL */
    struct value *fm;        /* front matter map (never NULL) */
    unsigned body_line;      /* 1-based line where the Markdown body starts */
    size_t body_off, body_len;  /* body in the source text (re-read on render) */
    /* standard fields */
    const char *title, *slug, *type, *summary_fm, *description, *translation_key;
    enum ctype ct;           /* type among loa's own (content/ctype.h), set by the model */
    const char *date, *lastmod, *expiry;   /* YYYY-MM-DD or full ISO, NULL if unset */
    long long date_t, lastmod_t, expiry_t; /* Unix seconds, 0 if unset */
    int draft, weight, has_weight;
    int text_clean;          /* the file was valid UTF-8 and NFC when read: no need to check again */
    unsigned long long text_hash;   /* of the bytes first read (site_load_text) */
    unsigned long long text_size;   /* their number */
    struct page_image image;
    /* derived */
    const char *url;         /* "/en/stories/x/" */
    const char *out_path;    /* "en/stories/x/index.html" */
    struct page *parent;     /* nearest section page */
    struct page **children; size_t n_children, cap_children;  /* section members, sorted */
    struct page *prev, *next;
    struct page *fallback_of;   /* for fallback copies: the page whose text is shown */
    size_t index;            /* position in site.pages */
    struct page **tr;        /* translation group: one slot per site language (shared) */
    struct page **subsections; size_t n_sub, cap_sub;   /* sections inside a section */
    void *owner;             /* PK_TERM: struct term *; PK_TAXONOMY: struct taxonomy * */
    int is_fallback;
    const char *path;        /* URL path without language prefix: "stories/x" ("" for home) */
    /* filled after Markdown */
    const char *summary;     /* plain text */
    size_t word_count;
    struct value *summary_val;  /* list pages only: what listings show, as plain values (search page) */
    struct md_result *md;    /* a series part's Markdown, made before pages render (render.c) */
    int md_failed;
    int skip_reason;         /* 0 built; 1 draft; 2 future; 3 expired */
};
