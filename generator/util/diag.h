/* diag: compiler-style diagnostics.
 *   content/vi/x.md:12:5: error: front matter: 'date' is not a date (...)
 * Errors and warnings are counted so a build can report all of them and
 * exit 1 at the end.  Thread-safe: messages are written whole, under a
 * lock, and counters are atomic.  Output goes to stderr unless a capture
 * buffer is set (tests).
 *
 * State per build: counters, the per-kind caps, --strict, --quiet, the
 * format, the capture buffer and the collected records live in a struct
 * diag_ctx, one per build or command, so one process can run many builds
 * (loa serve runs one per change; tests run builds side by side in
 * threads).  Only the pointer to the current context is thread-local:
 * about 200 call sites in every stage report through diag_error and
 * friends, and none of them has to be handed a context.  A build (or a
 * test) installs its context with diag_ctx_use on its thread; pool_run
 * (util/pool.h) installs the caller's context in each worker while it
 * runs that build's tasks.  A thread that installed none reports to the
 * process context: the command's own (main.c sets its format). */
#pragma once
#include <stdarg.h>
#include <stddef.h>

#include "diag_codes.h"

struct buf;

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag_ctx;
/* A fresh context: text on stderr, nothing counted.  The owner frees it
 * (diag_ctx_free) after uninstalling it from every thread. */
struct diag_ctx *diag_ctx_new(void);
void diag_ctx_free(struct diag_ctx *c);
/* Installs c as this thread's current context (NULL: the process
 * context) and returns the one it replaces, to be installed again after. */
struct diag_ctx *diag_ctx_use(struct diag_ctx *c);
/* This thread's current context (the process context when none was installed). */
struct diag_ctx *diag_ctx_current(void);

/* Every diagnostic has a stable code from diag_codes.h, given first:
 *   diag_error(DIAG_FM_BAD_VALUE, file, line, col, "front matter: ...", ...)
 * file may be NULL (no location); line/col 0 mean "unknown" and are left out. */
#define diag_error(code, f, l, c, ...) diag_coded(DIAG_ERROR, code, f, l, c, __VA_ARGS__)
#define diag_warn(code, f, l, c, ...) diag_coded(DIAG_WARNING, code, f, l, c, __VA_ARGS__)
#define diag_note(code, f, l, c, ...) diag_coded(DIAG_NOTE, code, f, l, c, __VA_ARGS__)

/* At most LIMIT_DIAG_PER_KIND (util/limits.h) messages with the same
 * format string are printed as text; the others are counted, and
 * diag_flush prints one line per such kind, "loa: ... and N more errors
 * like this one: ...", then forgets the kinds.  Call it when a command
 * ends.  Machine formats (--diagnostics) get every message. */
void diag_flush(void);

/* The code is shown in every format. */
void diag_coded(enum diag_level lvl, enum diag_code code, const char *file, unsigned line,
                unsigned col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_coded_v(enum diag_level lvl, enum diag_code code, const char *file, unsigned line,
                  unsigned col, const char *fmt, va_list ap);

/* Output formats for CI (--diagnostics).  text: the compiler-style lines;
 * json: one JSON object per line (JSON Lines); github: GitHub Actions
 * workflow commands (::error file=...::), ending with one summary
 * annotation with the totals, since GitHub shows only 10 per step;
 * gitlab: a GitLab Code Quality report; sarif: SARIF 2.1.0.  json and
 * github are written as they come; gitlab and sarif are collected and
 * written by diag_finish.  Everything goes to stderr, or to the file given
 * to diag_set_output. */
enum diag_format { DIAG_FMT_TEXT, DIAG_FMT_JSON, DIAG_FMT_GITHUB, DIAG_FMT_GITLAB, DIAG_FMT_SARIF };
/* "text", "json", "github", "gitlab", "sarif": 0, or -1 for another name. */
int diag_set_format(const char *name);
enum diag_format diag_format(void);
/* Machine-readable diagnostics to path (created or truncated by
 * diag_finish; text stays on stderr).  NULL: stderr. */
void diag_set_output(const char *path);
/* Writes what the format writes at the end (totals, the collected report)
 * and frees the records.  0, or -1 when the output file cannot be written
 * (reported on stderr). */
int diag_finish(void);

/* The functions below act on this thread's current context. */
unsigned diag_errors(void);
unsigned diag_warnings(void);
void diag_reset(void);
/* Send messages to b instead of stderr (NULL restores stderr). */
void diag_capture(struct buf *b);
/* Treat warnings as errors (--strict). */
void diag_set_strict(int on);
/* Suppress warnings on stderr (--quiet); still counted. */
void diag_set_quiet(int on);

/* Internal errors: a message on stderr and exit status 3 (DIAG_EXIT_INTERNAL). */
_Noreturn void die_oom(void);
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Exit statuses of every command. */
enum { DIAG_EXIT_OK = 0, DIAG_EXIT_CONTENT = 1, DIAG_EXIT_USAGE = 2, DIAG_EXIT_INTERNAL = 3 };
