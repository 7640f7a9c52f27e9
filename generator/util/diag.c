#include "diag.h"
#include "buf.h"
#include "limits.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_uint n_errors, n_warnings;
static buf *capture;
static int strict, quiet;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Messages of one kind (one format string): after LIMIT_DIAG_PER_KIND
 * of them the rest are only counted, so that one cause (a full disk, a
 * renamed partial used by every page) does not bury the others. */
enum { KINDS = 512 };
static struct kind {
    const char *fmt;               /* the key; NULL: free slot */
    unsigned n;
    enum diag_level lvl;
    char first[80];                /* the first message, for the summary line */
} kinds[KINDS];
static unsigned n_kinds;

/* Under the lock.  NULL when the table is full: such kinds are not capped. */
static struct kind *kind_of(const char *fmt)
{
    size_t h = ((uintptr_t)fmt >> 3) % KINDS;
    for (size_t i = 0; i < KINDS; i++, h = (h + 1) % KINDS) {
        if (kinds[h].fmt == fmt) return &kinds[h];
        if (kinds[h].fmt) continue;
        if (n_kinds >= KINDS / 2) return NULL;
        n_kinds++;
        kinds[h].fmt = fmt;
        return &kinds[h];
    }
    return NULL;
}

/* Whether the message is printed; counts it. */
static int admit(enum diag_level lvl, const char *fmt, const char *text)
{
    struct kind *k = lvl == DIAG_NOTE ? NULL : kind_of(fmt);
    if (!k) return 1;
    if (k->n++ == 0) {
        k->lvl = lvl;
        snprintf(k->first, sizeof k->first, "%s", text);
    }
    return k->n <= LIMIT_DIAG_PER_KIND;
}

static void emit(const buf *m)
{
    if (capture) buf_put(capture, m->data, m->len);
    else fwrite(m->data, 1, m->len, stderr);
}

void diag_v(enum diag_level lvl, const char *file, unsigned line, unsigned col,
            const char *fmt, va_list ap)
{
    if (lvl == DIAG_WARNING && strict) lvl = DIAG_ERROR;
    if (lvl == DIAG_ERROR) atomic_fetch_add(&n_errors, 1);
    if (lvl == DIAG_WARNING) atomic_fetch_add(&n_warnings, 1);
    if (lvl != DIAG_ERROR && quiet && !capture) return;
    buf m = BUF_INIT;
    if (file) {
        buf_puts(&m, file);
        if (line) buf_printf(&m, ":%u", line);
        if (line && col) buf_printf(&m, ":%u", col);
        buf_puts(&m, ": ");
    }
    buf_puts(&m, lvl == DIAG_ERROR ? "error: " : lvl == DIAG_WARNING ? "warning: " : "note: ");
    size_t text = m.len;
    buf_vprintf(&m, fmt, ap);
    buf_putc(&m, '\n');
    pthread_mutex_lock(&lock);
    if (admit(lvl, fmt, m.data + text)) emit(&m);
    pthread_mutex_unlock(&lock);
    buf_release(&m);
}

static void forget_kinds(void)
{
    memset(kinds, 0, sizeof kinds);
    n_kinds = 0;
}

void diag_flush(void)
{
    buf m = BUF_INIT;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < KINDS; i++) {
        struct kind *k = &kinds[i];
        if (k->fmt && k->n > LIMIT_DIAG_PER_KIND) {
            int whole = strchr(k->first, '\n') != NULL;
            buf_printf(&m, "loa: ... and %u more %s like this one: %.*s%s\n",
                       k->n - LIMIT_DIAG_PER_KIND, k->lvl == DIAG_ERROR ? "errors" : "warnings",
                       (int)strcspn(k->first, "\n"), k->first, whole ? "" : "...");
        }
    }
    forget_kinds();
    emit(&m);
    pthread_mutex_unlock(&lock);
    buf_release(&m);
}

void diag(enum diag_level lvl, const char *file, unsigned line, unsigned col,
          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_v(lvl, file, line, col, fmt, ap);
    va_end(ap);
}

unsigned diag_errors(void) { return atomic_load(&n_errors); }
unsigned diag_warnings(void) { return atomic_load(&n_warnings); }
void diag_reset(void)
{
    atomic_store(&n_errors, 0);
    atomic_store(&n_warnings, 0);
    pthread_mutex_lock(&lock);
    forget_kinds();
    pthread_mutex_unlock(&lock);
}
void diag_capture(buf *b) { capture = b; }
void diag_set_strict(int on) { strict = on; }
void diag_set_quiet(int on) { quiet = on; }

void die_oom(void)
{
    static const char msg[] = "loa: out of memory\n";
    ssize_t r = write(2, msg, sizeof msg - 1);
    (void)r;
    abort();
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loa: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}
