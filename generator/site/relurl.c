#define _GNU_SOURCE   /* memrchr */
#include "relurl.h"
#include "../util/buf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

void relurl_path(const char *page_rel, const char *target, size_t target_len, buf *out)
{
    /* skip the folders both paths start with */
    size_t same = 0;
    for (size_t i = 0; i < target_len && page_rel[i] == target[i]; i++)
        if (target[i] == '/') same = i + 1;
    for (const char *p = page_rel + same; (p = strchr(p, '/')); p++) buf_puts(out, "../");
    buf_put(out, target + same, target_len - same);
    if (target_len == same || target[target_len - 1] == '/') buf_puts(out, "index.html");
}

/* A relative URL already ("../x/", "./"): a folder gets its index.html. */
static void put_relative(const char *u, size_t n, buf *out)
{
    size_t path = 0;
    while (path < n && u[path] != '?' && u[path] != '#') path++;
    const void *colon = memchr(u, ':', path);
    const char *last = path ? memrchr(u, '/', path) : NULL;
    const char *seg = last ? last + 1 : u;
    size_t sl = (size_t)(u + path - seg);
    int folder = path && (sl == 0 || (sl == 1 && seg[0] == '.') ||
                          (sl == 2 && seg[0] == '.' && seg[1] == '.'));
    buf_put(out, u, path);
    if (folder && !colon) buf_puts(out, sl ? "/index.html" : "index.html");
    buf_put(out, u + path, n - path);
}

/* One URL of the page: relative when it is a URL of the site. */
static void put_url(const char *base, const char *page_rel, const char *u, size_t n, buf *out)
{
    size_t bl = strlen(base);
    if (n && u[0] != '/') {
        put_relative(u, n, out);
        return;
    }
    if (n < bl || memcmp(u, base, bl) || (n > 1 && u[1] == '/')) {
        buf_put(out, u, n);
        return;
    }
    size_t path = bl;
    while (path < n && u[path] != '?' && u[path] != '#') path++;
    relurl_path(page_rel, u + bl, path - bl, out);
    buf_put(out, u + path, n - path);
}

/* srcset: "URL 480w, URL 960w" */
static void put_srcset(const char *base, const char *page_rel, const char *v, size_t n, buf *out)
{
    size_t i = 0;
    while (i < n) {
        size_t s = i;
        while (i < n && (v[i] == ' ' || v[i] == ',' || v[i] == '\n' || v[i] == '\t')) i++;
        buf_put(out, v + s, i - s);
        s = i;
        while (i < n && v[i] != ' ' && v[i] != ',' && v[i] != '\n' && v[i] != '\t') i++;
        put_url(base, page_rel, v + s, i - s, out);
        s = i;
        while (i < n && v[i] != ',') i++;
        buf_put(out, v + s, i - s);
    }
}

/* content="0; url=/x/" of a refresh */
static void put_refresh(const char *base, const char *page_rel, const char *v, size_t n, buf *out)
{
    const char *at = NULL;
    if (!n || v[0] < '0' || v[0] > '9') {   /* not a refresh: a description, og:url ... */
        buf_put(out, v, n);
        return;
    }
    for (size_t i = 0; i + 4 <= n && !at; i++)
        if (!strncasecmp(v + i, "url=", 4)) at = v + i + 4;
    if (!at) {
        buf_put(out, v, n);
        return;
    }
    buf_put(out, v, (size_t)(at - v));
    put_url(base, page_rel, at, n - (size_t)(at - v), out);
}

enum kind { PLAIN, URL, SRCSET, REFRESH };

static enum kind attr_kind(const char *name, size_t n)
{
    static const char *const urls[] = {"href", "src", "action", "poster", "xlink:href"};
    for (size_t i = 0; i < sizeof urls / sizeof *urls; i++)
        if (strlen(urls[i]) == n && !strncasecmp(name, urls[i], n)) return URL;
    if (n == 6 && !strncasecmp(name, "srcset", 6)) return SRCSET;
    if (n == 7 && !strncasecmp(name, "content", 7)) return REFRESH;
    return PLAIN;
}

struct scan {
    const char *base, *page_rel, *h;
    size_t n, i, done;   /* h[done..i) is not yet copied */
    buf *out;
};

static void flush(struct scan *s, size_t upto)
{
    buf_put(s->out, s->h + s->done, upto - s->done);
    s->done = upto;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static void rewrite_value(struct scan *s, enum kind k, size_t from, size_t to)
{
    flush(s, from);
    const char *v = s->h + from;
    if (k == URL) put_url(s->base, s->page_rel, v, to - from, s->out);
    else if (k == SRCSET) put_srcset(s->base, s->page_rel, v, to - from, s->out);
    else put_refresh(s->base, s->page_rel, v, to - from, s->out);
    s->done = to;
}

/* One attribute at s->i; returns 0 at the end of the tag. */
static int attribute(struct scan *s)
{
    const char *h = s->h;
    while (s->i < s->n && (is_space(h[s->i]) || h[s->i] == '/')) s->i++;
    if (s->i >= s->n || h[s->i] == '>') return 0;
    size_t name = s->i;
    while (s->i < s->n && !is_space(h[s->i]) && !strchr("=>/", h[s->i])) s->i++;
    enum kind k = attr_kind(h + name, s->i - name);
    while (s->i < s->n && is_space(h[s->i])) s->i++;
    if (s->i >= s->n || h[s->i] != '=') return 1;
    s->i++;
    while (s->i < s->n && is_space(h[s->i])) s->i++;
    char q = s->i < s->n && (h[s->i] == '"' || h[s->i] == '\'') ? h[s->i++] : 0;
    size_t from = s->i;
    while (s->i < s->n && (q ? h[s->i] != q : !is_space(h[s->i]) && h[s->i] != '>')) s->i++;
    if (k != PLAIN) rewrite_value(s, k, from, s->i);
    if (q && s->i < s->n) s->i++;
    return 1;
}

/* Past the end of a <script> or <style> element's text. */
static void skip_raw_text(struct scan *s, const char *tag, size_t tn)
{
    for (; s->i + 2 + tn <= s->n; s->i++)
        if (s->h[s->i] == '<' && s->h[s->i + 1] == '/' && !strncasecmp(s->h + s->i + 2, tag, tn))
            return;
    s->i = s->n;
}

static void tag(struct scan *s)
{
    size_t name = ++s->i;
    while (s->i < s->n && !is_space(s->h[s->i]) && s->h[s->i] != '>' && s->h[s->i] != '/') s->i++;
    size_t tn = s->i - name;
    while (attribute(s)) {}
    if (s->i < s->n) s->i++;   /* '>' */
    const char *t = s->h + name;
    if ((tn == 6 && !strncasecmp(t, "script", 6)) || (tn == 5 && !strncasecmp(t, "style", 5)))
        skip_raw_text(s, t, tn);
}

static void comment(struct scan *s)
{
    const char *end = NULL;
    for (size_t j = s->i + 4; j + 3 <= s->n && !end; j++)
        if (!memcmp(s->h + j, "-->", 3)) end = s->h + j + 3;
    s->i = end ? (size_t)(end - s->h) : s->n;
}

void relurl_rewrite(const char *base_path, const char *page_rel, const char *html, size_t n,
                    buf *out)
{
    struct scan s = {base_path, page_rel, html, n, 0, 0, out};
    while (s.i < n) {
        const char *lt = memchr(html + s.i, '<', n - s.i);
        if (!lt) break;
        s.i = (size_t)(lt - html);
        if (s.i + 4 <= n && !memcmp(lt, "<!--", 4)) comment(&s);
        else if (s.i + 1 < n && ((lt[1] | 0x20) >= 'a' && (lt[1] | 0x20) <= 'z')) tag(&s);
        else s.i++;
    }
    flush(&s, n);
}
