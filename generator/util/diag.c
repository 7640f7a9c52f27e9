#include "diag.h"
#include "buf.h"
#include "escape.h"
#include "limits.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Machine-readable output (--diagnostics): the format, where it goes, and
 * the records gitlab and sarif write at the end. */
struct diag_rec { enum diag_level lvl; enum diag_code code; char *file, *msg; unsigned line, col; };

/* Messages of one kind (one format string): after LIMIT_DIAG_PER_KIND
 * of them the rest are only counted, so that one cause (a full disk, a
 * renamed partial used by every page) does not bury the others. */
enum { KINDS = 512 };
struct kind {
    const char *fmt;               /* the key; NULL: free slot */
    unsigned n;
    enum diag_level lvl;
    char first[80];                /* the first message, for the summary line */
};

/* Everything one build or command knows about its diagnostics. */
struct diag_ctx {
    atomic_uint n_errors, n_warnings;
    buf *capture;
    int strict, quiet;
    pthread_mutex_t lock;
    enum diag_format format;
    const char *out_path;
    buf pending;                   /* json/github lines for out_path, written at the end */
    struct diag_rec *recs;
    size_t n_recs, cap_recs;
    struct kind kinds[KINDS];
    unsigned n_kinds;
};

/* The context of code that runs outside any build (the command itself). */
static struct diag_ctx process_ctx = {.lock = PTHREAD_MUTEX_INITIALIZER, .pending = BUF_INIT};
static _Thread_local struct diag_ctx *current;

static struct diag_ctx *cur(void)
{
    return current ? current : &process_ctx;
}

struct diag_ctx *diag_ctx_new(void)
{
    struct diag_ctx *c = calloc(1, sizeof *c);
    if (!c) die_oom();
    pthread_mutex_init(&c->lock, NULL);
    c->pending = (buf)BUF_INIT;
    return c;
}

static void drop_recs(struct diag_ctx *c)
{
    for (size_t i = 0; i < c->n_recs; i++) {
        free(c->recs[i].file);
        free(c->recs[i].msg);
    }
    free(c->recs);
    c->recs = NULL;
    c->n_recs = c->cap_recs = 0;
    buf_release(&c->pending);
}

void diag_ctx_free(struct diag_ctx *c)
{
    if (!c || c == &process_ctx) return;
    if (current == c) current = NULL;
    drop_recs(c);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

struct diag_ctx *diag_ctx_use(struct diag_ctx *c)
{
    struct diag_ctx *was = cur();
    current = c;
    return was;
}

struct diag_ctx *diag_ctx_current(void)
{
    return cur();
}

/* Under the lock.  NULL when the table is full: such kinds are not capped. */
static struct kind *kind_of(struct diag_ctx *c, const char *fmt)
{
    struct kind *kinds = c->kinds;
    size_t h = ((uintptr_t)fmt >> 3) % KINDS;
    for (size_t i = 0; i < KINDS; i++, h = (h + 1) % KINDS) {
        if (kinds[h].fmt == fmt) return &kinds[h];
        if (kinds[h].fmt) continue;
        if (c->n_kinds >= KINDS / 2) return NULL;
        c->n_kinds++;
        kinds[h].fmt = fmt;
        return &kinds[h];
    }
    return NULL;
}

/* Whether the message is printed; counts it. */
static int admit(struct diag_ctx *c, enum diag_level lvl, const char *fmt, const char *text)
{
    struct kind *k = lvl == DIAG_NOTE ? NULL : kind_of(c, fmt);
    if (!k) return 1;
    if (k->n++ == 0) {
        k->lvl = lvl;
        snprintf(k->first, sizeof k->first, "%s", text);
    }
    return k->n <= LIMIT_DIAG_PER_KIND;
}

static const char *const level_names[] = {"note", "warning", "error"};

#define DIAG_CODE_ID(name, code, example, text) code,
#define DIAG_CODE_TEXT(name, code, example, text) text,
#define DIAG_CODE_EXAMPLE(name, code, example, text) example,
static const char *const code_ids[] = {NULL, DIAG_CODES(DIAG_CODE_ID)};
static const char *const code_texts[] = {NULL, DIAG_CODES(DIAG_CODE_TEXT)};
static const char *const code_examples[] = {NULL, DIAG_CODES(DIAG_CODE_EXAMPLE)};

const char *diag_code_id(enum diag_code c)
{
    return (unsigned)c < DIAG_N_CODES ? code_ids[c] : NULL;
}

const char *diag_code_text(enum diag_code c)
{
    return (unsigned)c < DIAG_N_CODES ? code_texts[c] : NULL;
}

const char *diag_code_example(enum diag_code c)
{
    return (unsigned)c < DIAG_N_CODES ? code_examples[c] : NULL;
}

/* Text, machine lines and records all leave through here, under the lock. */
static void emit(struct diag_ctx *c, const buf *m, int text)
{
    if (c->capture) buf_put(c->capture, m->data, m->len);
    else if (!text && c->out_path) buf_put(&c->pending, m->data, m->len);
    else fwrite(m->data, 1, m->len, stderr);
}

/* A file name or message as the terminal gets it: control characters
 * (C0 but line breaks and tabs, DEL, C1) from a file name or the content
 * are written as \xHH, so no text can move the cursor, recolour or
 * retitle a terminal or a CI log. */
static void put_visible(buf *m, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; u[i]; i++) {
        int c1 = u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F;
        int c0 = (u[i] < 0x20 && u[i] != '\n' && u[i] != '\t') || u[i] == 0x7F;
        if (c1) buf_printf(m, "\\x%02X", u[++i]);
        else if (c0) buf_printf(m, "\\x%02X", u[i]);
        else buf_putc(m, (char)u[i]);
    }
}

static void text_line(buf *m, enum diag_level lvl, enum diag_code code, const char *file,
                      unsigned line, unsigned col, const char *msg)
{
    if (file) {
        put_visible(m, file);
        if (line) buf_printf(m, ":%u", line);
        if (line && col) buf_printf(m, ":%u", col);
        buf_puts(m, ": ");
    }
    buf_printf(m, "%s: ", level_names[lvl]);
    put_visible(m, msg);
    if (code) buf_printf(m, " [%s]", diag_code_id(code));
    buf_putc(m, '\n');
}

static void json_str(buf *m, const char *s)
{
    esc_json(m, s ? s : "", s ? strlen(s) : 0);
}

static void json_line(buf *m, const struct diag_rec *r)
{
    buf_puts(m, "{\"severity\":");
    json_str(m, level_names[r->lvl]);
    buf_puts(m, ",\"code\":");
    if (r->code) json_str(m, diag_code_id(r->code));
    else buf_puts(m, "null");
    buf_puts(m, ",\"file\":");
    if (r->file) json_str(m, r->file);
    else buf_puts(m, "null");
    buf_printf(m, ",\"line\":%u,\"column\":%u,\"message\":", r->line, r->col);
    json_str(m, r->msg);
    buf_puts(m, "}\n");
}

/* GitHub workflow commands: % CR LF are escaped in the message, and : ,
 * too in properties. */
static void gh_escape(buf *m, const char *s, int property)
{
    for (; *s; s++) {
        if (*s == '%') buf_puts(m, "%25");
        else if (*s == '\r') buf_puts(m, "%0D");
        else if (*s == '\n') buf_puts(m, "%0A");
        else if (property && *s == ':') buf_puts(m, "%3A");
        else if (property && *s == ',') buf_puts(m, "%2C");
        else buf_putc(m, *s);
    }
}

static void github_line(buf *m, const struct diag_rec *r)
{
    static const char *const cmd[] = {"notice", "warning", "error"};
    buf_printf(m, "::%s ", cmd[r->lvl]);
    if (r->file) {
        buf_puts(m, "file=");
        gh_escape(m, r->file, 1);
        if (r->line) buf_printf(m, ",line=%u", r->line);
        if (r->line && r->col) buf_printf(m, ",col=%u", r->col);
        buf_putc(m, ',');
    }
    buf_puts(m, "title=");
    gh_escape(m, r->code ? diag_code_id(r->code) : "loa", 1);
    buf_puts(m, "::");
    gh_escape(m, r->msg, 0);
    buf_putc(m, '\n');
}

static void keep(struct diag_ctx *c, const struct diag_rec *r)
{
    if (c->n_recs == c->cap_recs) {
        c->cap_recs = c->cap_recs ? 2 * c->cap_recs : 32;
        c->recs = realloc(c->recs, c->cap_recs * sizeof *c->recs);
        if (!c->recs) die_oom();
    }
    struct diag_rec *k = &c->recs[c->n_recs++];
    *k = *r;
    k->file = r->file ? strdup(r->file) : NULL;
    k->msg = strdup(r->msg);
    if ((r->file && !k->file) || !k->msg) die_oom();
}

/* shown: the text line is printed (not past the cap of its kind); the
 * machine formats get every record. */
static void dispatch(struct diag_ctx *c, const struct diag_rec *r, int shown)
{
    buf m = BUF_INIT;
    if (c->format == DIAG_FMT_TEXT || c->out_path) {
        if (shown && (r->lvl == DIAG_ERROR || !c->quiet || c->capture)) {
            text_line(&m, r->lvl, r->code, r->file, r->line, r->col, r->msg);
            emit(c, &m, 1);
        }
        buf_clear(&m);
    }
    if (c->format == DIAG_FMT_JSON) json_line(&m, r);
    else if (c->format == DIAG_FMT_GITHUB) github_line(&m, r);
    else if (c->format != DIAG_FMT_TEXT) keep(c, r);
    if (m.len) emit(c, &m, 0);
    buf_release(&m);
}

void diag_coded_v(enum diag_level lvl, enum diag_code code, const char *file, unsigned line,
                  unsigned col, const char *fmt, va_list ap)
{
    struct diag_ctx *c = cur();
    if (lvl == DIAG_WARNING && c->strict) lvl = DIAG_ERROR;
    if (lvl == DIAG_ERROR) atomic_fetch_add(&c->n_errors, 1);
    if (lvl == DIAG_WARNING) atomic_fetch_add(&c->n_warnings, 1);
    buf msg = BUF_INIT;
    buf_vprintf(&msg, fmt, ap);
    struct diag_rec r = {lvl, code, (char *)file, msg.data, line, col};
    pthread_mutex_lock(&c->lock);
    dispatch(c, &r, admit(c, lvl, fmt, msg.data));
    pthread_mutex_unlock(&c->lock);
    buf_release(&msg);
}

static void forget_kinds(struct diag_ctx *c)
{
    memset(c->kinds, 0, sizeof c->kinds);
    c->n_kinds = 0;
}

void diag_flush(void)
{
    struct diag_ctx *c = cur();
    buf m = BUF_INIT;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < KINDS; i++) {
        struct kind *k = &c->kinds[i];
        if (k->fmt && k->n > LIMIT_DIAG_PER_KIND) {
            int whole = strlen(k->first) + 1 < sizeof k->first;   /* not cut short */
            buf_printf(&m, "loa: ... and %u more %s like this one: %.*s%s\n",
                       k->n - LIMIT_DIAG_PER_KIND, k->lvl == DIAG_ERROR ? "errors" : "warnings",
                       (int)strcspn(k->first, "\n"), k->first, whole ? "" : "...");
        }
    }
    forget_kinds(c);
    emit(c, &m, 1);
    pthread_mutex_unlock(&c->lock);
    buf_release(&m);
}

void diag_coded(enum diag_level lvl, enum diag_code code, const char *file, unsigned line,
                unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_coded_v(lvl, code, file, line, col, fmt, ap);
    va_end(ap);
}

int diag_set_format(const char *name)
{
    static const char *const names[] = {"text", "json", "github", "gitlab", "sarif"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(name, names[i])) {
            cur()->format = (enum diag_format)i;
            return 0;
        }
    return -1;
}

enum diag_format diag_format(void) { return cur()->format; }
void diag_set_output(const char *path) { cur()->out_path = path; }

/* Unique and stable per problem, as GitLab wants: FNV-1a of what it is. */
static void fingerprint(buf *m, const struct diag_rec *r)
{
    unsigned long long h = 1469598103934665603ULL;
    buf k = BUF_INIT;
    buf_printf(&k, "%s|%s|%u|%u|%s", r->code ? diag_code_id(r->code) : "", r->file ? r->file : "",
               r->line, r->col, r->msg);
    for (size_t i = 0; i < k.len; i++) h = (h ^ (unsigned char)k.data[i]) * 1099511628211ULL;
    buf_printf(m, "\"%016llx\"", h);
    buf_release(&k);
}

static void gitlab_report(buf *m, const struct diag_rec *recs, size_t n_recs)
{
    static const char *const sev[] = {"info", "minor", "major"};
    buf_puts(m, "[");
    for (size_t i = 0; i < n_recs; i++) {
        const struct diag_rec *r = &recs[i];
        buf_puts(m, i ? ",\n {\"description\":" : "\n {\"description\":");
        json_str(m, r->msg);
        buf_puts(m, ",\"check_name\":");
        json_str(m, r->code ? diag_code_id(r->code) : "loa");
        buf_puts(m, ",\"fingerprint\":");
        fingerprint(m, r);
        buf_printf(m, ",\"severity\":\"%s\",\"location\":{\"path\":", sev[r->lvl]);
        json_str(m, r->file ? r->file : ".");
        buf_printf(m, ",\"lines\":{\"begin\":%u}}}", r->line ? r->line : 1);
    }
    buf_puts(m, "\n]\n");
}

static void sarif_rules(buf *m, const struct diag_rec *recs, size_t n_recs)
{
    int used[DIAG_N_CODES] = {0};
    for (size_t i = 0; i < n_recs; i++) used[recs[i].code] = 1;
    buf_puts(m, "\"rules\":[");
    if (used[0])   /* a diagnostic without a code: none in loa itself */
        buf_puts(m, "{\"id\":\"loa\",\"shortDescription\":{\"text\":\"no code\"}}");
    for (int c = 1, first = !used[0]; c < DIAG_N_CODES; c++) {
        if (!used[c]) continue;
        buf_puts(m, first ? "{\"id\":" : ",{\"id\":");
        first = 0;
        json_str(m, diag_code_id((enum diag_code)c));
        buf_puts(m, ",\"shortDescription\":{\"text\":");
        json_str(m, diag_code_text((enum diag_code)c));
        buf_puts(m, "}}");
    }
    buf_puts(m, "]");
}

static void sarif_result(buf *m, const struct diag_rec *r)
{
    buf_puts(m, "{\"ruleId\":");
    json_str(m, r->code ? diag_code_id(r->code) : "loa");
    buf_printf(m, ",\"level\":\"%s\",\"message\":{\"text\":", level_names[r->lvl]);
    json_str(m, r->msg);
    buf_puts(m, "}");
    if (r->file) {
        buf_puts(m, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
        json_str(m, r->file);
        buf_puts(m, "}");
        if (r->line) buf_printf(m, ",\"region\":{\"startLine\":%u", r->line);
        if (r->line && r->col) buf_printf(m, ",\"startColumn\":%u", r->col);
        buf_puts(m, r->line ? "}}}]" : "}}]");
    }
    buf_puts(m, "}");
}

static void sarif_report(buf *m, const struct diag_rec *recs, size_t n_recs)
{
    buf_puts(m, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
                "\"version\":\"2.1.0\",\n"
                "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"loa\",");
#ifdef LOA_VERSION
    buf_puts(m, "\"version\":\"" LOA_VERSION "\",");
#endif
    sarif_rules(m, recs, n_recs);
    buf_puts(m, "}},\n\"results\":[");
    for (size_t i = 0; i < n_recs; i++) {
        buf_puts(m, i ? ",\n" : "\n");
        sarif_result(m, &recs[i]);
    }
    buf_puts(m, "]}]}\n");
}

/* GitHub shows 10 annotations of a kind per step: the last one gives the totals. */
static void github_summary(struct diag_ctx *c, buf *m)
{
    unsigned e = atomic_load(&c->n_errors), w = atomic_load(&c->n_warnings);
    buf_printf(m, "::%s title=loa::%u error%s, %u warning%s", e ? "error" : "notice", e,
               e == 1 ? "" : "s", w, w == 1 ? "" : "s");
    if (e + w > 10) buf_puts(m, " (GitHub shows 10 annotations per step; the log has them all)");
    buf_putc(m, '\n');
}

static int write_out(struct diag_ctx *c, const buf *m)
{
    FILE *f = fopen(c->out_path, "wb");
    int ok = f && fwrite(m->data, 1, m->len, f) == m->len;
    int e = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (ok) return 0;
    const char *path = c->out_path;
    c->out_path = NULL;
    c->format = DIAG_FMT_TEXT;
    diag_coded(DIAG_ERROR, DIAG_DIAGNOSTICS_OUT, path, 0, 0,
               "cannot write the diagnostics: %s; check that its folder exists and is writable",
               strerror(e));
    return -1;
}

/* Reports are sorted by place: the read and render stages run in
 * parallel, so messages arrive in an order that changes from run to run. */
static int cmp_rec(const void *x, const void *y)
{
    const struct diag_rec *a = x, *b = y;
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return strcmp(a->msg, b->msg);
}

int diag_finish(void)
{
    struct diag_ctx *c = cur();
    pthread_mutex_lock(&c->lock);
    if (c->n_recs > 1) qsort(c->recs, c->n_recs, sizeof *c->recs, cmp_rec);
    buf m = BUF_INIT;
    buf_put(&m, c->pending.data, c->pending.len);
    if (c->format == DIAG_FMT_GITHUB) github_summary(c, &m);
    else if (c->format == DIAG_FMT_GITLAB) gitlab_report(&m, c->recs, c->n_recs);
    else if (c->format == DIAG_FMT_SARIF) sarif_report(&m, c->recs, c->n_recs);
    drop_recs(c);
    pthread_mutex_unlock(&c->lock);
    int r = 0;
    if (c->out_path && c->format != DIAG_FMT_TEXT) r = write_out(c, &m);
    else if (c->capture) buf_put(c->capture, m.data, m.len);
    else fwrite(m.data, 1, m.len, stderr);
    buf_release(&m);
    return r;
}

unsigned diag_errors(void) { return atomic_load(&cur()->n_errors); }
unsigned diag_warnings(void) { return atomic_load(&cur()->n_warnings); }
void diag_reset(void)
{
    struct diag_ctx *c = cur();
    atomic_store(&c->n_errors, 0);
    atomic_store(&c->n_warnings, 0);
    pthread_mutex_lock(&c->lock);
    forget_kinds(c);
    pthread_mutex_unlock(&c->lock);
}
void diag_capture(buf *b) { cur()->capture = b; }
void diag_set_strict(int on) { cur()->strict = on; }
void diag_set_quiet(int on) { cur()->quiet = on; }

void die_oom(void)
{
    static const char msg[] = "loa: out of memory\n";
    ssize_t r = write(2, msg, sizeof msg - 1);
    (void)r;
    _exit(DIAG_EXIT_INTERNAL);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loa: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(DIAG_EXIT_INTERNAL);
}
