/* epub: writes one EPUB 3.3 book (with EPUB 2 fallbacks: NCX, guide,
 * <meta name="cover">) from a book model.  The site build fills the model
 * from pages; this module knows nothing of the site.
 *
 * A book is: mimetype, META-INF/container.xml, EPUB/package.opf,
 * EPUB/nav.xhtml, EPUB/toc.ncx, EPUB/style.css, EPUB/cover.xhtml (with a
 * cover), EPUB/title.xhtml (with title_page_xhtml), EPUB/chap-SLUG.xhtml per
 * chapter, EPUB/images/..., EPUB/fonts/... and, with fonts,
 * META-INF/com.apple.ibooks.display-options.xml.  The same model gives the
 * same bytes on every build (see epub_zip.c).
 *
 * Strings are borrowed for the duration of epub_write; nothing is kept. */
#pragma once
#include <stddef.h>

struct md_heading;

struct epub_image {
    const char *src_path;   /* file on disk */
    const char *href;       /* in-book path, ASCII slug: "images/ban-do.png" */
};

struct epub_chapter {
    const char *title;
    const char *slug;       /* ASCII [A-Za-z0-9._-]: file chap-SLUG.xhtml, unique */
    const char *body_xhtml; /* well-formed fragment (md_render, xhtml mode) */
    const char *source_file;/* for messages */
    const struct md_heading *headings;  /* optional: level-2 ones become sub-entries */
    size_t n_headings;
};

/* Words the navigation documents show; NULL fields get the built-in ones
 * for lang ("vi" and "en"; English otherwise). */
struct epub_labels {
    const char *contents;   /* "Mục lục" / "Contents" */
    const char *cover;      /* "Bìa" / "Cover" */
    const char *landmarks;  /* "Điểm mốc" / "Landmarks" */
    const char *start;      /* "Bắt đầu đọc" / "Start reading" */
};

struct epub_book {
    /* dc:identifier is urn:uuid: + a version 5 UUID of this seed (use the
     * book's canonical URL): same seed, same id, on every build. */
    const char *id_seed;
    const char *title, *subtitle;    /* title required */
    const char *lang, *dir;          /* BCP 47 required; dir "ltr" (default) or "rtl" */
    const char *creator;
    const char *creator_role;        /* MARC relator: "aut" (default), "edt", "trl"... */
    const char *publisher, *description;
    const char *date;                /* YYYY-MM-DD, optional */
    const char *rights;
    long long modified;              /* dcterms:modified, Unix seconds (UTC) */
    const char *series;              /* belongs-to-collection, optional */
    int series_position;             /* group-position when > 0 */
    const char *cover_path;          /* cover image on disk, optional */
    const char *cover_alt;           /* NULL: the title */
    const char *title_page_xhtml;    /* optional front matter after the title */
    struct epub_chapter *chapters; size_t n_chapters;   /* at least one */
    struct epub_image *images; size_t n_images;
    const char *const *font_paths; size_t n_fonts;      /* .ttf .otf .woff .woff2 */
    const char *templates_dir;       /* theme's epub/ folder or NULL: built-ins */
    const char *accessibility_summary;  /* NULL: a built-in one, in vi or en */
    const char *accessibility_certified_by;  /* a11y:certifiedBy, optional */
    struct epub_labels labels;
};

/* Writes the book to out_path (through out_path.tmp and a rename, so a
 * failed build never leaves a partial book).  Reports every problem it
 * finds through diag.  0 ok, -1 error. */
/* out_path NULL: every check and every document rendered, nothing
 * written (loa check). */
int epub_write(const struct epub_book *b, const char *out_path);

#define EPUB_UUID_LEN 36
/* The UUID epub_write puts in dc:identifier for seed (lower case, no
 * "urn:uuid:"): out gets EPUB_UUID_LEN characters and a NUL. */
void epub_uuid(const char *seed, char out[EPUB_UUID_LEN + 1]);
