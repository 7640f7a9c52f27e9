/* diag: compiler-style diagnostics.
 *   content/vi/x.md:12:5: error: front matter: 'date' is not a date (...)
 * Errors and warnings are counted so a build can report all of them and
 * exit 1 at the end.  Thread-safe: messages are written whole, under a
 * lock, and counters are atomic.  Output goes to stderr unless a capture
 * buffer is set (tests). */
#pragma once
#include <stdarg.h>
#include <stddef.h>

struct buf;

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* file may be NULL (no location); line/col 0 mean "unknown" and are left out. */
void diag(enum diag_level lvl, const char *file, unsigned line, unsigned col,
          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag_v(enum diag_level lvl, const char *file, unsigned line, unsigned col,
            const char *fmt, va_list ap);
#define diag_error(f, l, c, ...) diag(DIAG_ERROR, f, l, c, __VA_ARGS__)
#define diag_warn(f, l, c, ...) diag(DIAG_WARNING, f, l, c, __VA_ARGS__)

/* At most LIMIT_DIAG_PER_KIND (util/limits.h) messages with the same
 * format string are printed; the others are counted, and diag_flush
 * prints one line per such kind, "loa: ... and N more errors like this
 * one: ...", then forgets the kinds.  Call it when a command ends. */
void diag_flush(void);

unsigned diag_errors(void);
unsigned diag_warnings(void);
void diag_reset(void);
/* Send messages to b instead of stderr (NULL restores stderr). */
void diag_capture(struct buf *b);
/* Treat warnings as errors (--strict). */
void diag_set_strict(int on);
/* Suppress warnings on stderr (--quiet); still counted. */
void diag_set_quiet(int on);

_Noreturn void die_oom(void);
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
