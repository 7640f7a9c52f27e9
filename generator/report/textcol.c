#include "textcol.h"
#include "../util/buf.h"

#include <string.h>
#include <utf8proc.h>

/* The next character of s: its byte length and display width. */
static size_t next_char(const char *s, size_t *width)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
    if (n <= 0) {
        *width = 1;
        return 1;
    }
    int w = utf8proc_charwidth(c);
    *width = w > 0 ? (size_t)w : 0;
    return (size_t)n;
}

size_t textcol_width(const char *s)
{
    size_t total = 0, w;
    while (*s) {
        s += next_char(s, &w);
        total += w;
    }
    return total;
}

static void pad(struct buf *out, size_t n)
{
    while (n--) buf_putc(out, ' ');
}

void textcol_put(struct buf *out, const char *s, size_t width)
{
    size_t used = 0, w;
    if (!s) s = "";
    if (textcol_width(s) <= width) {
        buf_puts(out, s);
        pad(out, width - textcol_width(s));
        return;
    }
    /* leave one column for the ellipsis; a character never splits */
    while (*s && width) {
        size_t n = next_char(s, &w);
        if (used + w > width - 1) break;
        buf_put(out, s, n);
        used += w;
        s += n;
    }
    if (width) buf_puts(out, "\xe2\x80\xa6");
    pad(out, width ? width - used - 1 : 0);
}

void textcol_put_right(struct buf *out, const char *s, size_t width)
{
    size_t w = textcol_width(s);
    pad(out, w < width ? width - w : 0);
    buf_puts(out, s);
}
