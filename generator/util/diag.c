#include "diag.h"
#include "buf.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static atomic_uint n_errors, n_warnings;
static buf *capture;
static int strict, quiet;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

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
    buf_vprintf(&m, fmt, ap);
    buf_putc(&m, '\n');
    pthread_mutex_lock(&lock);
    if (capture) buf_put(capture, m.data, m.len);
    else fwrite(m.data, 1, m.len, stderr);
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
void diag_reset(void) { atomic_store(&n_errors, 0); atomic_store(&n_warnings, 0); }
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
