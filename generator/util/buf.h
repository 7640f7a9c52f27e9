/* buf: a growable byte buffer whose data is never NULL and always
 * NUL-terminated (after buf_init the data points at a static ""),
 * after git's strbuf and cmark's strbuf.  Out of memory aborts. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;   /* owned by the buf once cap > 0; never NULL */
    size_t len;
    size_t cap;
} buf;

#define BUF_INIT {(char *)"", 0, 0}

void buf_init(buf *b);
void buf_release(buf *b);              /* frees data; b is reusable after */
void buf_grow(buf *b, size_t extra);   /* ensure room for len+extra+1 */
void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, int c);
void buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
void buf_clear(buf *b);                /* len = 0, keeps capacity */
void buf_truncate(buf *b, size_t len);
char *buf_detach(buf *b);              /* caller frees with free() */
char *buf_strdup(const char *s);       /* strdup that aborts when memory runs out */
/* Same as esc_html_attr (util/escape.h), which new code calls. */
void buf_put_html(buf *b, const char *s, size_t n);

/* Non-owning slice, for parsers. */
typedef struct str {
    const char *ptr;
    size_t len;
} str;

#define STR_LIT(s) ((str){(s), sizeof(s) - 1})
static inline str str_from(const char *s, size_t n) { return (str){s, n}; }
int str_eq(str a, const char *cstr);
