/* extras: feeds (RSS 2.0 and Atom per language, section and term),
 * sitemaps with language alternates, robots.txt and alias redirects.
 * All XML is written here with escaping, not through theme templates, so
 * it is valid whatever the theme does.  Dates come from content, never from
 * the clock, so rebuilds are byte-identical. */
#include "site.h"
#include "context.h"
#include "../data/value.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/escape.h"
#include "../util/pool.h"
#include "../util/arena.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every string goes through util/escape.c, by the context it lands in. */
static void esc(buf *b, const char *s) { if (s) esc_xml(b, s, strlen(s)); }
static void html_text(buf *b, const char *s) { if (s) esc_html_text(b, s, strlen(s)); }
static void html_attr(buf *b, const char *s) { if (s) esc_html_attr(b, s, strlen(s)); }
static void url_attr(buf *b, const char *s) { if (s) esc_url_attr(b, s, strlen(s)); }

static void rfc3339(buf *b, long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char tmp[32];
    strftime(tmp, sizeof tmp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    buf_puts(b, tmp);
}

static void rfc822(buf *b, long long t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, mons[tm.tm_mon],
               tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int dated(const struct page *p) { return p->date || p->lastmod; }

/* Only for dated pages (0 is also 1970-01-01). */
static long long page_time(const struct page *p)
{
    if (!p->lastmod) return p->date_t;
    return p->date && p->date_t > p->lastmod_t ? p->date_t : p->lastmod_t;
}

/* Newest time of the dated items; 0 with *found 0 when none is dated. */
static long long newest(struct page *const *items, size_t n, int *found)
{
    long long t = 0;
    *found = 0;
    for (size_t i = 0; i < n; i++) {
        if (!dated(items[i])) continue;
        if (!*found || page_time(items[i]) > t) t = page_time(items[i]);
        *found = 1;
    }
    return t;
}

long long site_content_time(const struct site *s)
{
    if (s->o.have_epoch) return s->o.now;
    int found;
    long long t = newest(s->pages, s->n_pages, &found);
    if (found) return t;
    t = s->cfg.file ? fs_mtime(s->cfg.file) : 0;
    for (size_t i = 0; i < s->cl.n_src; i++) {
        long long m = fs_mtime(s->cl.src[i].path);
        if (m > t) t = m;
    }
    return t > 0 ? t : 0;
}

/* Atom requires <updated>: an undated entry or feed gets the site's time. */
static long long updated(const struct site *s, struct page *const *items, size_t n)
{
    int found;
    long long t = newest(items, n, &found);
    return found ? t : s->content_time;
}

static void write_rss(struct site *s, arena *a, const struct page *owner, const char *title,
                      struct page **items, size_t n)
{
    const struct lang *L = owner->L;
    buf b = BUF_INIT;
    const char *self = site_permalink(s, L, arena_printf(a, "%sindex.xml", owner->url), a);
    buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                 "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>");
    esc(&b, title);
    buf_puts(&b, "</title>\n<link>");
    esc(&b, site_permalink(s, L, owner->url, a));
    buf_puts(&b, "</link>\n<description>");
    esc(&b, owner->description ? owner->description : L->description ? L->description : title);
    buf_puts(&b, "</description>\n<language>");
    esc(&b, L->code);
    buf_printf(&b, "</language>\n<generator>loa %s</generator>\n", LOA_VERSION);
    int found;
    long long last = newest(items, n, &found);
    if (found) {   /* optional in RSS: left out rather than made up */
        buf_puts(&b, "<lastBuildDate>");
        rfc822(&b, last);
        buf_puts(&b, "</lastBuildDate>\n");
    }
    buf_puts(&b, "<atom:link href=\"");
    esc(&b, self);
    buf_puts(&b, "\" rel=\"self\" type=\"application/rss+xml\"/>\n");
    for (size_t i = 0; i < n; i++) {
        const struct page *p = items[i];
        const char *link = site_permalink(s, L, p->url, a);
        buf_puts(&b, "<item>\n<title>");
        esc(&b, p->title);
        buf_puts(&b, "</title>\n<link>");
        esc(&b, link);
        buf_puts(&b, "</link>\n<guid isPermaLink=\"true\">");
        esc(&b, link);
        buf_puts(&b, "</guid>\n");
        if (p->date) { buf_puts(&b, "<pubDate>"); rfc822(&b, p->date_t); buf_puts(&b, "</pubDate>\n"); }
        buf_puts(&b, "<description>");
        esc(&b, p->summary);
        buf_puts(&b, "</description>\n</item>\n");
    }
    buf_puts(&b, "</channel>\n</rss>\n");
    site_write(s, arena_printf(a, "%.*sindex.xml", (int)(strlen(owner->out_path) - 10), owner->out_path), b.data, b.len);
    buf_release(&b);
}

static void write_atom(struct site *s, arena *a, const struct page *owner, const char *title,
                       struct page **items, size_t n)
{
    const struct lang *L = owner->L;
    buf b = BUF_INIT;
    const char *self = site_permalink(s, L, arena_printf(a, "%satom.xml", owner->url), a);
    const char *home = site_permalink(s, L, owner->url, a);
    buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                 "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    esc(&b, L->code);
    buf_puts(&b, "\">\n<title>");
    esc(&b, title);
    buf_puts(&b, "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    esc(&b, home);
    buf_puts(&b, "\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
    esc(&b, self);
    buf_puts(&b, "\"/>\n<id>");
    esc(&b, self);
    buf_puts(&b, "</id>\n<updated>");
    rfc3339(&b, updated(s, items, n));
    buf_puts(&b, "</updated>\n<author><name>");
    esc(&b, s->cfg.publisher ? s->cfg.publisher : L->title);
    buf_printf(&b, "</name></author>\n<generator version=\"%s\">loa</generator>\n", LOA_VERSION);
    for (size_t i = 0; i < n; i++) {
        const struct page *p = items[i];
        const char *link = site_permalink(s, L, p->url, a);
        buf_puts(&b, "<entry>\n<title>");
        esc(&b, p->title);
        buf_puts(&b, "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
        esc(&b, link);
        buf_puts(&b, "\"/>\n<id>");
        esc(&b, link);
        buf_puts(&b, "</id>\n<updated>");
        rfc3339(&b, page_time(p));   /* newest_items keeps only dated pages */
        buf_puts(&b, "</updated>\n");
        if (p->date) { buf_puts(&b, "<published>"); rfc3339(&b, p->date_t); buf_puts(&b, "</published>\n"); }
        buf_puts(&b, "<summary>");
        esc(&b, p->summary);
        buf_puts(&b, "</summary>\n</entry>\n");
    }
    buf_puts(&b, "</feed>\n");
    site_write(s, arena_printf(a, "%.*satom.xml", (int)(strlen(owner->out_path) - 10), owner->out_path), b.data, b.len);
    buf_release(&b);
}

/* The newest `limit` dated regular pages of items (feed_limit in site.yml,
 * 0 for all), newest first (ties keep the listing's order): one pass,
 * whatever the listing's size or order.  Undated pages are left out: RSS
 * readers would show them as new on every fetch, and Atom's <updated> is
 * required, so an undated entry would need a made-up date. */
static size_t newest_items(struct page **items, size_t n, size_t limit, struct page **sel)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct page *p = items[i];
        if (p->kind != PK_PAGE || !dated(p)) continue;
        if (k == limit && p->date_t <= sel[k - 1]->date_t) continue;
        size_t j = k < limit ? k++ : k - 1;
        while (j > 0 && sel[j - 1]->date_t < p->date_t) {
            sel[j] = sel[j - 1];
            j--;
        }
        sel[j] = p;
    }
    return k;
}

static void feeds_for(struct site *s, arena *a, const struct page *owner, struct page **items,
                      size_t n)
{
    size_t limit = (size_t)s->cfg.feed_limit;
    if (!limit || limit > n) limit = n;
    struct page **sel = malloc((limit + 1) * sizeof *sel);
    if (!sel) die_oom();
    size_t k = limit ? newest_items(items, n, limit, sel) : 0;
    const char *title = owner->kind == PK_HOME ? owner->L->title
                        : arena_printf(a, "%s – %s", owner->title ? owner->title : "", owner->L->title ? owner->L->title : "");
    write_rss(s, a, owner, title, sel, k);
    write_atom(s, a, owner, title, sel, k);
    free(sel);
}

/* The extras written in parallel (feeds, sitemaps): the site, the pages
 * the jobs are about (feeds only), an arena per worker. */
struct extras_jobs { struct site *s; struct page **owners; arena *wa; };

/* fn over n jobs, each worker in its arena, released after. */
static void run_jobs(struct extras_jobs *x, size_t n, pool_fn fn)
{
    unsigned jobs = x->s->o.jobs;
    x->wa = calloc(jobs, sizeof *x->wa);
    if (!x->wa) die_oom();
    for (unsigned w = 0; w < jobs; w++) arena_init(&x->wa[w]);
    pool_run(n, jobs, fn, x);
    for (unsigned w = 0; w < jobs; w++) arena_release(&x->wa[w]);
    free(x->wa);
    x->wa = NULL;
}

static void feed_job(void *vx, size_t i, unsigned w)
{
    struct extras_jobs *x = vx;
    struct site *s = x->s;
    struct page *p = x->owners[i];
    arena *a = &x->wa[w];
    if (p->kind == PK_HOME) feeds_for(s, a, p, s->ls[p->L->index].regular, s->ls[p->L->index].n_regular);
    else if (p->kind == PK_SECTION) feeds_for(s, a, p, p->children, p->n_children);
    else { struct term *t = p->owner; feeds_for(s, a, p, t->pages, t->n); }
}

/* The home page, each section and each term has its feeds, written in
 * parallel (a site has thousands of terms), each worker in its arena. */
static void write_feeds(struct site *s)
{
    struct extras_jobs x = {s, malloc((s->n_pages + 1) * sizeof *x.owners), NULL};
    if (!x.owners) die_oom();
    size_t n = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        enum page_kind k = s->pages[i]->kind;
        if (k == PK_HOME || k == PK_SECTION || k == PK_TERM) x.owners[n++] = s->pages[i];
    }
    run_jobs(&x, n, feed_job);
    free(x.owners);
}

static int in_sitemap(const struct page *p) { return p->kind != PK_404 && !p->is_fallback && !val_truthy(val_get(p->fm, "noindex")); }

/* A language's sitemap file: its name, and on a domain of its own its
 * robots.txt beside it (that folder is the domain's root). */
static int own_domain(const struct lang *L)
{
    return !*L->prefix && *L->out_prefix;
}

static const char *sitemap_name(const struct lang *L, arena *a)
{
    return own_domain(L) ? arena_printf(a, "%ssitemap.xml", L->out_prefix)
               : arena_printf(a, "sitemap-%s.xml", L->code);
}

static void sitemap_url(struct site *s, const struct page *p, arena *a, buf *b)
{
    buf_puts(b, "<url><loc>");
    esc(b, site_permalink(s, p->L, p->url, a));
    buf_puts(b, "</loc>");
    if (dated(p)) {
        buf_puts(b, "<lastmod>");
        buf_put(b, p->lastmod ? p->lastmod : p->date, 10);
        buf_puts(b, "</lastmod>");
    }
    for (size_t k = 0; p->tr && k < s->cfg.n_langs; k++) {
        const struct page *q = p->tr[k];
        if (!q || !q->url || !in_sitemap(q)) continue;
        const char *href = site_permalink(s, q->L, q->url, a);
        buf_puts(b, "\n  <xhtml:link rel=\"alternate\" hreflang=\"");
        esc(b, q->lang);
        buf_puts(b, "\" href=\"");
        esc(b, href);
        buf_puts(b, "\"/>");
        if (q->L->is_default) {
            buf_puts(b, "\n  <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"");
            esc(b, href);
            buf_puts(b, "\"/>");
        }
    }
    buf_puts(b, "</url>\n");
}

/* One language's sitemap (the languages are written in parallel). */
static void sitemap_job(void *vx, size_t l, unsigned w)
{
    struct extras_jobs *x = vx;
    struct site *s = x->s;
    const struct lang *L = &s->cfg.langs[l];
    arena *a = &x->wa[w];
    buf b = BUF_INIT;
    buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                 "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                 "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for (size_t i = 0; i < s->n_pages; i++)
        if (s->pages[i]->L == L && in_sitemap(s->pages[i])) sitemap_url(s, s->pages[i], a, &b);
    buf_puts(&b, "</urlset>\n");
    site_write(s, sitemap_name(L, a), b.data, b.len);
    buf_release(&b);
    if (own_domain(L)) {
        buf r = BUF_INIT;
        buf_printf(&r, "User-agent: *\nAllow: %s\n\nSitemap: %ssitemap.xml\n", L->base_path,
                   L->base_url);
        site_write(s, arena_printf(a, "%srobots.txt", L->out_prefix), r.data, r.len);
        buf_release(&r);
    }
}

static void write_sitemaps(struct site *s)
{
    struct extras_jobs x = {s, NULL, NULL};
    run_jobs(&x, s->cfg.n_langs, sitemap_job);
    const struct lang *D = s->cfg.default_lang;
    buf idx = BUF_INIT;
    buf_puts(&idx, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        const struct lang *L = &s->cfg.langs[l];
        if (own_domain(L)) continue;   /* listed by its own domain's robots.txt */
        buf_puts(&idx, "<sitemap><loc>");
        esc(&idx, arena_printf(&s->a, "%s%s", D->base_url, sitemap_name(L, &s->a)));
        buf_puts(&idx, "</loc></sitemap>\n");
    }
    buf_puts(&idx, "</sitemapindex>\n");
    site_write(s, "sitemap.xml", idx.data, idx.len);
    buf_release(&idx);
    buf r = BUF_INIT;
    buf_printf(&r, "User-agent: *\nAllow: %s\n\nSitemap: %ssitemap.xml\n", D->base_path,
               D->base_url);
    site_write(s, "robots.txt", r.data, r.len);
    buf_release(&r);
}

static void write_aliases(struct site *s)
{
    for (size_t i = 0; i < s->n_aliases; i++) {
        const struct aliases *al = &s->aliases[i];
        const char *to = site_permalink(s, al->p->L, al->to, &s->a);
        buf b = BUF_INIT;
        buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"");
        html_attr(&b, al->p->lang);
        buf_puts(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        html_text(&b, al->p->title);
        buf_puts(&b, "</title>\n<link rel=\"canonical\" href=\"");
        url_attr(&b, to);
        buf_puts(&b, "\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url=");
        url_attr(&b, s->cfg.relative_urls ? al->to : to);   /* from disk: the copy's page */
        buf_puts(&b, "\">\n</head>\n<body>\n<p><a href=\"");
        url_attr(&b, al->to);
        buf_puts(&b, "\">");
        html_text(&b, al->p->title);
        buf_puts(&b, "</a></p>\n</body>\n</html>\n");
        site_write(s, al->out, b.data, b.len);
        buf_release(&b);
    }
}

/* With every language in a folder, / itself sends readers to the default
 * language's home page. */
static void write_root_redirect(struct site *s)
{
    const struct lang *D = s->cfg.default_lang;
    if (!*D->prefix) return;
    const char *to = site_permalink(s, D, s->ls[D->index].home->url, &s->a);
    buf b = BUF_INIT;
    buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"");
    html_attr(&b, D->code);
    buf_puts(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    html_text(&b, D->title);
    buf_puts(&b, "</title>\n<link rel=\"canonical\" href=\"");
    url_attr(&b, to);
    buf_puts(&b, "\">\n<meta http-equiv=\"refresh\" content=\"0; url=");
    url_attr(&b, s->cfg.relative_urls ? s->ls[D->index].home->url : to);
    buf_puts(&b, "\">\n</head>\n<body>\n<ul>\n");
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        const struct lang *L = &s->cfg.langs[l];
        buf_puts(&b, "<li><a href=\"");
        url_attr(&b, s->ls[l].home->url);
        buf_puts(&b, "\" hreflang=\"");
        html_attr(&b, L->code);
        buf_puts(&b, "\" lang=\"");
        html_attr(&b, L->code);
        buf_puts(&b, "\">");
        html_text(&b, L->name);
        buf_puts(&b, "</a></li>\n");
    }
    buf_puts(&b, "</ul>\n</body>\n</html>\n");
    site_write(s, "index.html", b.data, b.len);
    buf_release(&b);
}

int site_write_extras(struct site *s)
{
    unsigned e0 = diag_errors();
    write_root_redirect(s);
    write_feeds(s);
    write_sitemaps(s);
    write_aliases(s);
    return diag_errors() > e0 ? -1 : 0;
}
