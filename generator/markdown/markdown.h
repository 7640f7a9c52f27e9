/* markdown: one Markdown document to HTML (site pages) or XHTML (EPUB
 * chapters), with cmark-gfm and the GitHub extensions table, footnotes,
 * strikethrough, autolink, tagfilter and task lists.
 *
 * On top of cmark's HTML, md_render
 *   - gives every heading a stable id: the slug of its text (text_slugify,
 *     "section" when empty), "-2", "-3" ... for repeats in one document;
 *   - builds a table of contents of h2-h4, a plain-text copy, a summary
 *     and a word count from the same walk of the syntax tree;
 *   - lets the caller rewrite link and image destinations (hooks), with
 *     file line:col positions;
 *   - turns "> [!PULLQUOTE]" blockquotes into <blockquote class="pullquote">
 *     and "> [!NOTE]" into <div class="note" role="note">;
 *   - escapes raw HTML unless unsafe_html is set;
 *   - turns ```chart code blocks into charts (SVG and a data table);
 *   - in XHTML mode, emits EPUB 3 footnotes and makes raw HTML well-formed
 *     XML or reports where it is not.
 *
 * Thread-safe: the extensions are registered once (pthread_once); each
 * call has its own parser and state, so any number of threads may call
 * md_render at once, each with its own arena. */
#pragma once
#include <stddef.h>

struct arena;

/* What an image hook returns to leave the image out: its alt text is shown
 * instead, in <span class="image-left-out">.  Books use it for remote
 * images, which an EPUB may not load. */
extern const char md_image_drop[];
#define MD_IMAGE_DROP md_image_drop

struct md_link_hooks {
    void *ud;
    /* Called for every link destination; return a replacement (arena or
     * static string) or NULL to keep it.  Used to rewrite links to other
     * .md files into page URLs; the callback reports errors itself.
     * line is the file line (line_offset added); col counts characters
     * and is 0 when unknown (email autolinks: line is the paragraph's). */
    const char *(*link)(void *ud, const char *href, unsigned line, unsigned col);
    /* Called for every image; return replacement src or NULL to keep.
     * alt is the image description as plain text, "" when missing. */
    const char *(*image)(void *ud, const char *src, const char *alt, unsigned line, unsigned col);
    /* Optional: the pixel size of the image at src (after the image hook);
     * return 0 with *w, *h set to have width and height written into the
     * <img>, so pages do not shift as images load. */
    int (*size)(void *ud, const char *src, unsigned *w, unsigned *h);
    /* Optional, HTML only: the srcset of narrower copies of the image at
     * src in its own format, in WebP and AVIF (either may be NULL); return 0 to
     * have a sized image written as <picture> with both, sizes set to
     * the reading column and loading="lazy". */
    int (*srcset)(void *ud, const char *src, const char **srcset, const char **webp,
                  const char **avif);
};

/* The sizes attribute of Markdown images: the reading column. */
#define MD_IMAGE_SIZES "(max-width: 48rem) 100vw, 48rem"

struct md_opts {
    const char *file;        /* for diagnostics */
    unsigned line_offset;    /* lines before the body (front matter) so positions are file lines */
    /* 0: raw HTML is escaped (shown as text) and javascript:, vbscript:,
     * file: and non-image data: URLs are emptied, as cmark's safe mode
     * does; 1: both passed through. */
    int unsafe_html;
    /* 1: output is well-formed XML for an EPUB content document:
     *   - footnote references are <a epub:type="noteref" role="doc-noteref"
     *     href="#fn-N" id="fnref-N">N</a> (the 2nd reference to the same
     *     note gets id "fnref-N-2"), and the notes are
     *     <aside epub:type="footnote" role="doc-footnote" id="fn-N"> blocks
     *     at the end, each starting with a back link "N." to its first
     *     reference.  The chapter template must declare
     *     xmlns:epub="http://www.idpf.org/2007/ops" on <html>.
     *   - raw HTML (unsafe_html only) is rewritten as XML: void elements
     *     self-closed (<br />), bare attributes given values
     *     (disabled="disabled"), unquoted values quoted, named entities made
     *     numeric (&nbsp; -> &#160;), stray '&' and '<' escaped, comments,
     *     doctypes and processing instructions dropped.  Elements that are
     *     not closed, or closed in the wrong place, are errors:
     *       x.md:14:7: error: inline HTML '<div>' is not closed; close it or remove it
     *   - characters XML forbids (C0 controls, U+FFFE, U+FFFF) are dropped. */
    int xhtml;
    const struct md_link_hooks *hooks;  /* may be NULL */
    size_t summary_chars;    /* length limit of the plain-text summary in characters; 0 means 200 */
    /* 1: the text was rendered before for another page (a fallback copy
     * in another language): its warnings (Hugo shortcodes) were given. */
    int repeat;
    /* 1: the caller checked that text is valid UTF-8 (site pages: read
     * through site_load_text), so cmark-gfm's own check, about a tenth of
     * its parse, is skipped; 0: cmark-gfm replaces invalid bytes. */
    int utf8_checked;
    /* ```chart blocks (generator/chart): numbers in the first language of
     * this chain ICU knows (NULL: ICU's root locale), `data:` files looked
     * up in data_dir (NULL: content/data). */
    const char *const *lang_chain;
    size_t n_lang_chain;
    const char *data_dir;
    /* Typography (site pages and books set both; NULL/0 keeps plain CommonMark):
     * quote_open/quote_close: straight "double quotes" become these marks
     * (the language's: “ ” vi and en, « » fr), and cmark's smart punctuation
     * makes ' an apostrophe or single quote, -- an en dash, --- an em dash
     * and ... an ellipsis; code is never touched.
     * shift_headings: when the body has a level-1 heading (# Title), every
     * heading goes down one level (h1 -> h2 ... h5 -> h6; h6 stays), since
     * the page's title is its only <h1>. */
    const char *quote_open, *quote_close;
    int shift_headings;
};

struct md_heading {
    int level;               /* 1-6 */
    const char *id;          /* unique in the document, without '#' */
    const char *text;        /* plain text */
};

/* Every pointer is allocated in the arena given to md_render. */
struct md_result {
    char *html;             /* body HTML (XHTML when opts.xhtml) */
    char *toc_html;         /* nested <ul> of h2-h4 with links to #ids, "" if < 2 headings */
    struct md_heading *headings;
    size_t n_headings;      /* all headings h1-h6, in document order */
    /* Plain text of the first paragraphs (not headings, code, tables,
     * image descriptions, pull quotes, notes or footnotes), whitespace
     * collapsed; longer than summary_chars characters it is cut at a word
     * boundary and ends with "…". */
    char *summary;
    char *plain;            /* whole plain text, one line per block (for search) */
    size_t word_count;      /* text_word_count of plain: code counts, markup does not */
    int has_footnotes;
};

/* Renders text[0..len) (the body after any front matter).  Returns 0, or
 * -1 if errors were reported through diag (XHTML raw HTML); *out is
 * filled in either case so a build can go on and report more. */
int md_render(struct arena *a, const char *text, size_t len, const struct md_opts *o,
              struct md_result *out);
