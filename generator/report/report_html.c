/* report: a printable HTML page to attach to an official report.  One
 * self-contained file (styles inline, no scripts), A4 print styles, the
 * agency and period in the heading; every text from content is escaped. */
#include "report.h"
#include "../util/buf.h"

#include <string.h>

static const char style[] =
    "body{font:11pt/1.4 'Noto Serif','DejaVu Serif',serif;margin:2em auto;max-width:60em;"
    "color:#000}\n"
    "h1{font-size:16pt;margin:0}h2{font-size:13pt;margin:1.5em 0 .4em;break-after:avoid}\n"
    ".period{font-size:12pt;margin:.2em 0 1em}\n"
    "table{border-collapse:collapse;margin:0 0 1em;break-inside:auto}\n"
    "th,td{border:1px solid #555;padding:.15em .4em;text-align:left;vertical-align:top}\n"
    "td.n,th.n{text-align:right}tr{break-inside:avoid}thead{display:table-header-group}\n"
    ".counts{display:flex;flex-wrap:wrap;gap:0 2em}.items{font-size:9pt;width:100%}\n"
    "@page{size:A4;margin:18mm 15mm}\n"
    "@media print{body{margin:0;max-width:none}a{color:#000;text-decoration:none}}\n";

static void esc(buf *out, const char *s)
{
    buf_put_html(out, s ? s : "", s ? strlen(s) : 0);
}

static void heading(const struct report *r, buf *out)
{
    char share[64], verdict[REPORT_VERDICT_MAX];
    report_share_text(r, share, sizeof share);
    report_verdict(r, verdict, sizeof verdict);
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    esc(out, r->agency);
    buf_puts(out, ": products published, ");
    esc(out, r->period);
    buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
    esc(out, r->agency);
    buf_puts(out, "</h1>\n<p class=\"period\">Products published: ");
    esc(out, r->period);
    if (r->from && r->to && !strstr(r->period, " to "))
        buf_printf(out, " (%s to %s)", r->from, r->to);
    buf_printf(out, "</p>\n<table>\n<tr><th>Products</th><td class=\"n\">%zu</td></tr>\n",
               r->n_items);
    buf_puts(out, "<tr><th>Minority and foreign languages</th><td class=\"n\">");
    esc(out, share);
    buf_printf(out, "</td></tr>\n<tr><th>Target %d&ndash;%d%%</th><td>", REPORT_TARGET_MIN,
               REPORT_TARGET_MAX);
    esc(out, verdict);
    buf_puts(out, "</td></tr>\n");
    if (r->n_undated)
        buf_printf(out, "<tr><th>Undated pages left out</th><td class=\"n\">%zu</td></tr>\n",
                   r->n_undated);
    buf_puts(out, "</table>\n");
}

static void table(const struct report_table *t, buf *out)
{
    buf_puts(out, "<section>\n<h2>");
    esc(out, t->title);
    buf_puts(out, "</h2>\n<table>\n<thead><tr><th>");
    esc(out, t->key_header);
    buf_puts(out, "</th><th class=\"n\">Count</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < t->n; i++) {
        buf_puts(out, "<tr><td>");
        esc(out, report_row_label(t, i));
        buf_printf(out, "</td><td class=\"n\">%zu</td></tr>\n", t->rows[i].n);
    }
    buf_puts(out, "</tbody>\n</table>\n</section>\n");
}

static void cell(buf *out, const char *s, const char *lang)
{
    buf_puts(out, "<td");
    if (lang) {
        buf_puts(out, " lang=\"");
        esc(out, lang);
        buf_putc(out, '"');
    }
    buf_putc(out, '>');
    esc(out, s);
    buf_puts(out, "</td>");
}

static void items(const struct report *r, buf *out)
{
    buf_puts(out,
             "<h2>Items</h2>\n<table class=\"items\">\n<thead><tr><th>Date</th><th>Type</th>"
             "<th>Language</th><th>Title</th><th>URL</th><th>Source</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->n_items; i++) {
        const struct report_item *it = &r->items[i];
        buf_puts(out, "<tr>");
        cell(out, it->date, NULL);
        cell(out, report_type_label(it->type), NULL);
        cell(out, it->lang, NULL);
        cell(out, it->title, it->lang);
        cell(out, it->url, NULL);
        cell(out, it->src, NULL);
        buf_puts(out, "</tr>\n");
    }
    buf_puts(out, "</tbody>\n</table>\n");
}

static void books(const struct report *r, buf *out)
{
    if (!r->n_books) return;
    buf_puts(
        out,
        "<h2>EPUBs</h2>\n<table>\n<thead><tr><th>Language</th><th>Title</th>"
        "<th class=\"n\">Chapters</th><th class=\"n\">Size (bytes)</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->n_books; i++) {
        const struct report_book *b = &r->books[i];
        buf_puts(out, "<tr>");
        cell(out, b->lang, NULL);
        cell(out, b->title, b->lang);
        buf_printf(out, "<td class=\"n\">%zu</td><td class=\"n\">%lld%s</td></tr>\n", b->chapters,
                   b->size, b->size_built ? "" : " (estimate)");
    }
    buf_puts(out, "</tbody>\n</table>\n");
}

void report_write_html(const struct report *r, buf *out)
{
    heading(r, out);
    buf_puts(out, "<div class=\"counts\">\n");
    for (int t = 0; t < RT_COUNT; t++) table(&r->tables[t], out);
    buf_puts(out, "</div>\n");
    items(r, out);
    books(r, out);
    buf_puts(out, "</body>\n</html>\n");
}
