#include "front_matter.h"
#include "ctype.h"
#include "page.h"
#include "../data/value.h"
#include "../data/yaml.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_fence(const char *s, size_t n, const char *fence)
{
    size_t f = strlen(fence);
    if (n < f || memcmp(s, fence, f)) return 0;
    for (size_t i = f; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

/* The line after the one at pos, or len. */
static size_t next_line(const char *text, size_t len, size_t pos)
{
    const char *e = memchr(text + pos, '\n', len - pos);
    return e ? (size_t)(e - text) + 1 : len;
}

static size_t line_len(const char *text, size_t len, size_t pos)
{
    const char *e = memchr(text + pos, '\n', len - pos);
    return (e ? (size_t)(e - text) : len) - pos;
}

/* Blank lines, then a "---" block that is closed: front matter that
 * starts too late.  Returns the line of its "---", or 0. */
static unsigned late_fence(const char *text, size_t len, size_t off)
{
    size_t pos = off;
    unsigned line = 1;
    while (pos < len && blank(text + pos, line_len(text, len, pos))) {
        pos = next_line(text, len, pos);
        line++;
    }
    if (line == 1 || pos >= len || !is_fence(text + pos, line_len(text, len, pos), "---"))
        return 0;
    for (size_t q = next_line(text, len, pos); q < len; q = next_line(text, len, q))
        if (is_fence(text + q, line_len(text, len, q), "---")) return line;
    return 0;
}

/* Front matter loa does not read would be shown as body text: TOML
 * ("+++"), JSON ("{"), or "---" after blank lines.  Reports it; -1. */
static int foreign_front_matter(const char *file, const char *text, size_t len, size_t off)
{
    size_t first = line_len(text, len, off);
    if (is_fence(text + off, first, "+++")) {
        diag_error(DIAG_FM_TOML,
                   file, 1, 1, "TOML front matter ('+++') is not supported; write it as YAML "
                   "between '---' lines (title: \"...\")");
        return -1;
    }
    char c1 = first > 1 ? text[off + 1] : '\n';
    if (first && text[off] == '{' && (c1 == '\n' || c1 == '"' || c1 == '\r')) {
        diag_error(DIAG_FM_JSON,
                   file, 1, 1, "JSON front matter is not supported; write it as YAML between "
                   "'---' lines (title: \"...\")");
        return -1;
    }
    unsigned line = late_fence(text, len, off);
    if (!line) return 0;
    diag_error(DIAG_FM_NOT_FIRST,
               file, line, 1, "front matter must start on the first line, or it is shown as "
               "text; remove the %u blank line%s before '---'", line - 1, line == 2 ? "" : "s");
    return -1;
}

/* A NUL byte is valid UTF-8 but no text: a binary file named .md. */
static int nul_byte(const char *file, const char *text, size_t len)
{
    const char *z = memchr(text, '\0', len);
    if (!z) return 0;
    unsigned line = 1, col = 1;
    for (const char *p = text; p < z; p++) {
        if (*p == '\n') { line++; col = 1; }
        else if (((unsigned char)*p & 0xC0) != 0x80) col++;
    }
    diag_error(DIAG_TEXT_NUL,
               file, line, col, "the file contains a NUL byte (byte offset %zu), so it is not "
               "text; save it again as UTF-8 text", (size_t)(z - text));
    return 1;
}

int fm_split(const char *file, const char *text, size_t len, const char **yaml, size_t *ylen,
             size_t *body_off, unsigned *body_line)
{
    *yaml = text;
    *ylen = 0;
    *body_off = 0;
    *body_line = 1;
    size_t off = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) off = 3;   /* BOM from Windows editors */
    if (nul_byte(file, text, len)) return -1;
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    /* an empty _index.md is the usual way to make a folder a section */
    if (blank(text + off, len - off) && strncmp(base, "_index", 6))
        diag_warn(DIAG_FM_EMPTY_FILE,
                  file, 1, 1, "the file is empty, so its page has no title and no text; write "
                  "front matter and text, or delete the file");
    const char *nl = memchr(text + off, '\n', len - off);
    size_t first = nl ? (size_t)(nl - text) : len;
    if (!is_fence(text + off, first - off, "---")) {
        *body_off = off;
        return foreign_front_matter(file, text, len, off);
    }
    size_t start = first + 1, pos = start;
    unsigned line = 2;
    while (pos < len) {
        const char *e = memchr(text + pos, '\n', len - pos);
        size_t end = e ? (size_t)(e - text) : len;
        if (is_fence(text + pos, end - pos, "---") || is_fence(text + pos, end - pos, "...")) {
            *yaml = text + start;
            *ylen = pos - start;
            *body_off = e ? end + 1 : len;
            *body_line = line + 1;
            return fm_check_size(file, *ylen);
        }
        pos = end + 1;
        line++;
    }
    diag_error(DIAG_FM_NOT_CLOSED,
               file, 1, 1, "front matter opened with '---' is never closed; add a line '---' after the last field");
    return -1;
}

int fm_check_size(const char *file, size_t ylen)
{
    if (ylen <= FM_MAX_BYTES) return 0;
    diag_error(DIAG_FM_TOO_LARGE,
               file, 2, 1, "the front matter is %zu KiB, more than the limit of %u KiB; move "
               "long text into the body, or lists into content/data/", ylen >> 10,
               FM_MAX_BYTES >> 10);
    return -1;
}

static const char *const standard[] = {"title", "date", "lastmod", "draft", "slug", "weight", "type",
    "tags", "summary", "description", "image", "image_alt", "translationKey", "aliases", "expiryDate",
    "layout", "url", 0};

int fm_is_standard(const char *key)
{
    for (const char *const *p = standard; *p; p++)
        if (!strcmp(*p, key)) return 1;
    return 0;
}

/* Fields templates read beside the standard ones: for every page, then
 * per content type (content/ctype.c; themes/portal/README.md documents
 * them). */
static const char *const common[] = {"params", "noindex", "sample", "translator_note",
    "translation_status", "hero", "hero_alt", "cover", "cover_alt", 0};

static int in_list(const char *const *l, const char *key)
{
    for (; l && *l; l++)
        if (!strcmp(*l, key)) return 1;
    return 0;
}

static const char *const *type_keys(const char *type)
{
    const struct ctype_def *d = ctype_find(type);
    return d ? d->fields : NULL;
}

static void add_all(const char **to, size_t *n, const char *const *from)
{
    for (; from && *from; from++) to[(*n)++] = *from;
}

/* Every field a page of this type may have, for "did you mean". */
static const char *const *known_keys(const char *type, const char *const *extra, const char **buf)
{
    size_t n = 0;
    add_all(buf, &n, standard);
    add_all(buf, &n, common);
    add_all(buf, &n, type_keys(type));
    add_all(buf, &n, extra);
    buf[n] = NULL;
    return buf;
}

static int from_params(const value *fm, const struct val_entry *e)
{
    const value *params = val_get(fm, "params");
    return params && val_get(params, e->key) == e->val;
}

/* Where "key:" starts in the front matter of p's file.  Values know their
 * position but keys do not, and a block list's position is the line after
 * its key; the file is read again only here, when there is a warning. */
static void key_pos(const struct page *p, const struct val_entry *e, unsigned *line, unsigned *col)
{
    *line = e->val->line;
    *col = e->val->col;
    buf b = BUF_INIT;
    if (fs_read_file(p->src, &b) != 0) { buf_release(&b); return; }
    size_t k = strlen(e->key);
    const char *s = b.data, *end = b.data + b.len;
    for (unsigned l = 1; s < end && l < p->body_line; l++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        size_t i = k;
        while (i < n && s[i] == ' ') i++;
        if (l > 1 && n > k && !memcmp(s, e->key, k) && i < n && s[i] == ':') {
            *line = l;
            *col = 1;
            break;
        }
        s = nl ? nl + 1 : end;
    }
    buf_release(&b);
}

/* Hugo's fields that loa reads but does not follow, and what to write
 * instead: a page moved from a Hugo site would otherwise keep them without
 * a word. */
static const struct { const char *key, *instead; } hugo_only[] = {
    {"url", "a page's address comes from its folder and file name, or 'slug:'; write "
            "'slug:' instead, and list an old address under 'aliases:' to keep it working"},
};

static int hugo_field(const struct page *p, const struct val_entry *e)
{
    for (size_t i = 0; i < sizeof hugo_only / sizeof *hugo_only; i++) {
        if (strcmp(e->key, hugo_only[i].key)) continue;
        unsigned line, col;
        key_pos(p, e, &line, &col);
        diag_warn(DIAG_FM_HUGO_FIELD, p->src, line, col, "'%s' has no effect in loa: %s", e->key,
                  hugo_only[i].instead);
        return 1;
    }
    return 0;
}

/* "did you mean" for an unknown field: the list of every field is made
 * only then, not for each page. */
static void warn_unknown(const struct page *p, const char *type, const char *const *extra,
                         const struct val_entry *e)
{
    size_t n_extra = 0;
    while (extra && extra[n_extra]) n_extra++;
    const char **all = malloc((64 + n_extra) * sizeof *all);
    if (!all) die_oom();
    known_keys(type, extra, all);
    size_t n_all = 0;
    while (all[n_all]) n_all++;
    const char *near = suggest_closest(e->key, all, n_all);
    buf hint = BUF_INIT;
    if (near) buf_printf(&hint, "did you mean '%s'? ", near);
    unsigned line, col;
    key_pos(p, e, &line, &col);
    diag_warn(DIAG_FM_UNKNOWN_FIELD,
              p->src, line, col, "unknown front matter field '%s' for a page "
              "of type '%s'; %s(fields of your own go under 'params:')", e->key,
              type ? type : "page", hint.data);
    buf_release(&hint);
    free(all);
}

void fm_check_keys(const struct page *p, const char *type, const char *const *extra)
{
    const char *const *own = type_keys(type);
    for (size_t i = 0; p->fm && i < p->fm->u.map.n; i++) {
        const struct val_entry *e = &p->fm->u.map.e[i];
        if (hugo_field(p, e)) continue;
        if (in_list(standard, e->key) || in_list(common, e->key) || in_list(own, e->key) ||
            in_list(extra, e->key) || from_params(p->fm, e))
            continue;
        warn_unknown(p, type, extra, e);
    }
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

int fm_parse_date(const char *s, long long *t)
{
    if (strlen(s) < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
        return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return -1;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0)) return -1;
    long long secs = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
    const char *r = s + 10;
    if (*r == 'T' || *r == ' ') {
        int hh, mm, ss = 0, n = 0;
        if (sscanf(r + 1, "%2d:%2d%n", &hh, &mm, &n) < 2 || hh > 23 || mm > 59) return -1;
        r += 1 + n;
        if (*r == ':') {
            if (!digits(r + 1, 2)) return -1;
            ss = atoi(r + 1);
            r += 3;
        }
        if (*r == '.') { r++; while (*r >= '0' && *r <= '9') r++; }
        secs += hh * 3600 + mm * 60 + ss;
        if (*r == 'Z') r++;
        else if (*r == '+' || *r == '-') {
            if (!digits(r + 1, 2) || r[3] != ':' || !digits(r + 4, 2)) return -1;
            int off = atoi(r + 1) * 3600 + atoi(r + 4) * 60;
            secs -= *r == '+' ? off : -off;
            r += 6;
        }
    }
    if (*r) return -1;
    *t = secs;
    return 0;
}

struct fm_ctx { arena *a; struct page *p; int bad; };

static void bad(struct fm_ctx *x, const value *v, const char *fmt, const char *key)
{
    diag_error(DIAG_FM_BAD_VALUE, x->p->src, v->line, v->col, fmt, key);
    x->bad = 1;
}

static const char *text_field(struct fm_ctx *x, const char *key)
{
    value *v = val_get(x->p->fm, key);
    if (!v || v->kind == VAL_NULL) return NULL;
    const char *s = val_scalar_text(x->a, v);
    if (s) return s;
    bad(x, v, "front matter: '%s' must be text; put it in quotes", key);
    return NULL;
}

static const char *date_field(struct fm_ctx *x, const char *key, long long *t)
{
    const char *s = text_field(x, key);
    if (!s) return NULL;
    if (fm_parse_date(s, t) != 0) {
        bad(x, val_get(x->p->fm, key), "front matter: '%s' is not a date (expected YYYY-MM-DD, e.g. 2023-12-10)", key);
        return NULL;
    }
    return s;
}

static void list_field(struct fm_ctx *x, const char *key)
{
    value *v = val_get(x->p->fm, key);
    if (!v || v->kind == VAL_NULL || v->kind == VAL_LIST) {
        for (size_t i = 0; v && v->kind == VAL_LIST && i < v->u.list.n; i++) {
            value *it = v->u.list.items[i];
            if (it->kind != VAL_STR && it->kind != VAL_INT)
                bad(x, it, "front matter: every item of '%s' must be text", key);
        }
        return;
    }
    if (v->kind == VAL_STR) {   /* tags: human-rights → [human-rights], forgiving */
        value *l = val_list(x->a);
        l->line = v->line;
        l->col = v->col;
        val_push(x->a, l, v);
        val_set(x->a, x->p->fm, key, l);
        return;
    }
    bad(x, v, "front matter: '%s' must be a list, e.g. [a, b]", key);
}

/* params: {x: 1} is where fields of one's own live; templates read them
 * as page.params.x, like any front matter field. */
static void merge_params(struct fm_ctx *x)
{
    value *params = val_get(x->p->fm, "params");
    if (!params || params->kind == VAL_NULL) return;
    if (params->kind != VAL_MAP) {
        bad(x, params, "front matter: '%s' must be a mapping of your own fields (params: "
            "{name: value})", "params");
        return;
    }
    for (size_t i = 0; i < params->u.map.n; i++) {
        const struct val_entry *e = &params->u.map.e[i];
        if (!val_get(x->p->fm, e->key)) val_add(x->a, x->p->fm, e->key, e->val);
        else diag_warn(DIAG_FM_PARAMS_SHADOWED,
                       x->p->src, e->val->line, e->val->col, "params: '%s' is also a field of "
                       "its own in this front matter, which wins; rename one", e->key);
    }
}

int fm_parse(arena *a, struct page *p, const char *yaml, size_t ylen)
{
    struct fm_ctx x = {a, p, 0};
    value *fm = ylen ? yaml_parse(a, yaml, ylen, p->src, 1) : NULL;
    if (ylen && !fm) return -1;
    if (fm && fm->kind == VAL_NULL) fm = NULL;
    if (fm && fm->kind != VAL_MAP) {
        diag_error(DIAG_FM_NOT_MAPPING, p->src, fm->line, fm->col,
                   "front matter must be a mapping of fields (title: ..., date: ...), not a %s",
                   fm->kind == VAL_LIST ? "list" : "single value");
        return -1;
    }
    p->fm = fm ? fm : val_map(a);
    merge_params(&x);
    p->title = text_field(&x, "title");
    p->slug = text_field(&x, "slug");
    p->type = text_field(&x, "type");
    p->summary_fm = text_field(&x, "summary");
    p->description = text_field(&x, "description");
    p->translation_key = text_field(&x, "translationKey");
    p->date = date_field(&x, "date", &p->date_t);
    p->lastmod = date_field(&x, "lastmod", &p->lastmod_t);
    p->expiry = date_field(&x, "expiryDate", &p->expiry_t);
    value *d = val_get(p->fm, "draft");
    if (d && d->kind != VAL_BOOL && d->kind != VAL_NULL)
        bad(&x, d, "front matter: '%s' must be true or false", "draft");
    p->draft = d && d->kind == VAL_BOOL && d->u.b;
    value *w = val_get(p->fm, "weight");
    if (w && w->kind != VAL_INT && w->kind != VAL_NULL)
        bad(&x, w, "front matter: '%s' must be a whole number", "weight");
    p->has_weight = w && w->kind == VAL_INT;
    p->weight = p->has_weight ? (int)w->u.i : 0;
    list_field(&x, "tags");
    list_field(&x, "aliases");
    return x.bad ? -1 : 0;
}
