/* builtin_templates: the book templates and stylesheet of the portal
 * theme (themes/portal/epub/), compiled in.  A theme's epub/ folder may
 * hold any of these files; each one it lacks comes from here.  The
 * Makefile generates the arrays from the theme's files (embed.awk), so the
 * two cannot drift; test_epub still compares them.
 *
 * Files: package.opf.mustache, nav.xhtml.mustache, toc.ncx.mustache,
 * chapter.xhtml.mustache, cover.xhtml.mustache, title.xhtml.mustache (all
 * Mustache) and style.css (plain CSS; loa appends @font-face rules and a
 * body font-family when the book embeds fonts).  Partials ({{> name}})
 * load NAME.mustache from the same folder.
 *
 * THE TEMPLATE CONTEXT.  Every template renders against one root map;
 * optional fields are absent (so {{#field}}...{{/field}} tests them).
 * Paths are relative to the package document, like every href in a book.
 *
 *   title, subtitle?        the book's titles
 *   lang, dir, is_rtl       BCP 47 code; "ltr" or "rtl"; true for rtl
 *   identifier, uuid        "urn:uuid:..." (dc:identifier, dtb:uid); the bare UUID
 *   creator?, creator_role  e.g. "Nguyễn Văn A", "aut" (MARC relator)
 *   publisher?, description?, date? (YYYY-MM-DD), rights?
 *   modified                "2024-05-01T08:00:00Z" (dcterms:modified)
 *   generator               "loa 0.1.0"
 *   series?                 {name, position?}
 *   stylesheet              "style.css"
 *   labels                  {contents, cover, landmarks, start}: navigation words
 *   cover?                  {id, image_id, href, media_type, width?, height?, alt,
 *                           page_href}: the cover image (href, manifest id) and
 *                           its page ("cover.xhtml")
 *   title_page?             {href, body}: body is XHTML (use {{{body}}})
 *   chapters                [{id, href, slug, title, number, play_order, nav_id,
 *                           properties?, body, headings, has_headings}]
 *                           id "chap-SLUG", href "chap-SLUG.xhtml", number from 1,
 *                           body XHTML; headings [{id, title, href, play_order,
 *                           nav_id}] are the chapter's level-2 headings.
 *                           play_order counts chapters and headings together,
 *                           in reading order, as the NCX wants.
 *   first_chapter           chapters[0]
 *   ncx_depth               1, or 2 when some chapter has headings
 *   images                  [{id, href, media_type, width?, height?}] (not the cover)
 *   fonts                   [{id, href, media_type, family, weight, style}]
 *   has_images, has_fonts   images counts the cover too
 *   manifest                [{id, href, media_type, properties?}]: every file
 *                           of the book but the package document
 *   spine                   [{idref, href}]: cover page, title page, nav, chapters
 *   access_modes            ["textual"] plus "visual" with images
 *   accessibility_features  ["structuralNavigation", "tableOfContents",
 *                           "readingOrder", "alternativeText" (with images),
 *                           "displayTransformability"]
 *   accessibility_summary   the book's, or a built-in one in vi or en
 *   conforms_to             "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
 *   certified_by?           a11y:certifiedBy
 *
 * chapter.xhtml also gets chapter: the current entry of chapters. */
#include "epub_impl.h"

#include <string.h>

/* builtin_*[] and builtins[]: made from themes/portal/epub/ by embed.awk
 * (the Makefile writes BUILD/gen/epub_builtin.inc). */
#include "epub_builtin.inc"

int epub_builtin_template(const char *name, buf *out)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        if (strcmp(builtins[i].name, name)) continue;
        for (const char *const *l = builtins[i].lines; *l; l++) buf_puts(out, *l);
        return 0;
    }
    return -1;
}
