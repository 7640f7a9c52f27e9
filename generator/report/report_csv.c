/* report: CSV that Excel opens with Vietnamese intact.  UTF-8 with a byte
 * order mark (without it Excel reads the file as the local code page),
 * CRLF line ends and RFC 4180 quoting.  One sheet holds the summary, each
 * count table, the items and the books, one block after another with a
 * title row and a blank row between. */
#include "report.h"
#include "../util/buf.h"

#include <string.h>

/* A text field, quoted when RFC 4180 needs it.  A leading = + - @ would
 * make Excel run the cell as a formula, so such text gets a ' first. */
static void field(buf *out, const char *s)
{
    if (!s) s = "";
    int formula = strchr("=+-@", *s) && *s;
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        buf_puts(out, s);
        return;
    }
    buf_putc(out, '"');
    if (formula) buf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '"') buf_putc(out, '"');
        buf_putc(out, *s);
    }
    buf_putc(out, '"');
}

static void row2(buf *out, const char *a, const char *b)
{
    field(out, a);
    buf_putc(out, ',');
    field(out, b);
    buf_puts(out, "\r\n");
}

static void summary(const struct report *r, buf *out)
{
    char verdict[REPORT_VERDICT_MAX];
    report_verdict(r, verdict, sizeof verdict);
    row2(out, "Report", "Products published");
    row2(out, "Agency", r->agency);
    row2(out, "Period", r->period);
    row2(out, "From", r->from ? r->from : "");
    row2(out, "To", r->to ? r->to : "");
    buf_printf(out, "Products,%zu\r\n", r->n_items);
    buf_printf(out, "Minority and foreign languages,%zu\r\n", r->n_other);
    buf_printf(out, "Share (%%),%.1f\r\n", r->share);
    buf_printf(out, "Target (%%),%d-%d\r\n", REPORT_TARGET_MIN, REPORT_TARGET_MAX);
    row2(out, "Target met", verdict);
    buf_printf(out, "Undated pages left out,%zu\r\n", r->n_undated);
}

static void table(const struct report_table *t, buf *out)
{
    buf_puts(out, "\r\n");
    field(out, t->title);
    buf_puts(out, "\r\n");
    row2(out, t->key_header, "Count");
    for (size_t i = 0; i < t->n; i++) {
        field(out, report_row_label(t, i));
        buf_printf(out, ",%zu\r\n", t->rows[i].n);
    }
}

static void items(const struct report *r, buf *out)
{
    buf_puts(
        out,
        "\r\nItems\r\n"
        "Date,Type,Language,Group,Title,URL,Source,Unit or author,Province,District,Commune\r\n");
    for (size_t i = 0; i < r->n_items; i++) {
        const struct report_item *it = &r->items[i];
        const char *f[] = {it->date,     report_type_label(it->type),
                           it->lang,     it->group,
                           it->title,    it->url,
                           it->src,      it->unit,
                           it->province, it->district,
                           it->commune};
        for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
            if (k) buf_putc(out, ',');
            field(out, f[k]);
        }
        buf_puts(out, "\r\n");
    }
}

static void books(const struct report *r, buf *out)
{
    buf_puts(out, "\r\nEPUBs\r\nLanguage,Title,Date,URL,Chapters,Size (bytes),Size from\r\n");
    for (size_t i = 0; i < r->n_books; i++) {
        const struct report_book *b = &r->books[i];
        field(out, b->lang);
        buf_putc(out, ',');
        field(out, b->title);
        buf_putc(out, ',');
        field(out, b->date);
        buf_putc(out, ',');
        field(out, b->url);
        buf_printf(out, ",%zu,%lld,%s\r\n", b->chapters, b->size,
                   b->size_built ? "build" : "estimate");
    }
}

void report_write_csv(const struct report *r, buf *out)
{
    buf_puts(out, "\xef\xbb\xbf");
    summary(r, out);
    for (int t = 0; t < RT_COUNT; t++) table(&r->tables[t], out);
    items(r, out);
    books(r, out);
}
