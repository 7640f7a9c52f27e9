#include "buf.h"
#include "diag.h"
#include "escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf *b) { b->data = (char *)""; b->len = 0; b->cap = 0; }

void buf_release(buf *b)
{
    if (b->cap) free(b->data);
    buf_init(b);
}

void buf_grow(buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap += cap / 2 + 64;
    char *p = b->cap ? realloc(b->data, cap) : malloc(cap);
    if (!p) die_oom();
    if (!b->cap) p[0] = '\0';
    b->data = p;
    b->cap = cap;
}

void buf_put(buf *b, const void *p, size_t n)
{
    if (!n) return;
    buf_grow(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(buf *b, int c)
{
    buf_grow(b, 1);
    b->data[b->len++] = (char)c;
    b->data[b->len] = '\0';
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0) return;
    buf_grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_clear(buf *b) { buf_truncate(b, 0); }

void buf_truncate(buf *b, size_t len)
{
    if (len >= b->len) return;
    b->len = len;
    b->data[len] = '\0';
}

char *buf_detach(buf *b)
{
    char *p = b->cap ? b->data : strdup("");
    if (!p) die_oom();
    buf_init(b);
    return p;
}

/* One escaper per context lives in escape.c; this name stays for callers
 * written before it (the same bytes as esc_html_attr). */
void buf_put_html(buf *b, const char *s, size_t n) { esc_html_attr(b, s, n); }

int str_eq(str a, const char *cstr)
{
    size_t n = strlen(cstr);
    return a.len == n && memcmp(a.ptr, cstr, n) == 0;
}

char *buf_strdup(const char *s)
{
    char *d = strdup(s);
    if (!d) die_oom();
    return d;
}
