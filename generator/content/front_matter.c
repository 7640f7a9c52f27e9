#include "front_matter.h"
#include "page.h"
#include "../data/value.h"
#include "../data/yaml.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"

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

int fm_split(const char *file, const char *text, size_t len, const char **yaml, size_t *ylen,
             size_t *body_off, unsigned *body_line)
{
    *yaml = text;
    *ylen = 0;
    *body_off = 0;
    *body_line = 1;
    size_t off = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) off = 3;   /* BOM from Windows editors */
    const char *nl = memchr(text + off, '\n', len - off);
    size_t first = nl ? (size_t)(nl - text) : len;
    if (!is_fence(text + off, first - off, "---")) { *body_off = off; return 0; }
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
            return 0;
        }
        pos = end + 1;
        line++;
    }
    diag_error(file, 1, 1, "front matter opened with '---' is never closed; add a line '---' after the last field");
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
    diag_error(x->p->src, v->line, v->col, fmt, key);
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

int fm_parse(arena *a, struct page *p, const char *yaml, size_t ylen)
{
    struct fm_ctx x = {a, p, 0};
    value *fm = ylen ? yaml_parse(a, yaml, ylen, p->src, 1) : NULL;
    if (ylen && !fm) return -1;
    if (fm && fm->kind == VAL_NULL) fm = NULL;
    if (fm && fm->kind != VAL_MAP) {
        diag_error(p->src, fm->line, fm->col,
                   "front matter must be a mapping of fields (title: ..., date: ...), not a %s",
                   fm->kind == VAL_LIST ? "list" : "single value");
        return -1;
    }
    p->fm = fm ? fm : val_map(a);
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
