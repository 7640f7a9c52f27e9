/* report: plain text for a terminal, columns aligned by display width. */
#include "report.h"
#include "textcol.h"
#include "../util/buf.h"

#include <stdio.h>
#include <string.h>

static void heading(const struct report *r, buf *out)
{
    char share[64], verdict[REPORT_VERDICT_MAX];
    report_share_text(r, share, sizeof share);
    report_verdict(r, verdict, sizeof verdict);
    buf_printf(out, "Products published: %s\n", r->agency);
    buf_printf(out, "Period: %s", r->period);
    if (r->from && r->to && strstr(r->period, " to ") == NULL)
        buf_printf(out, " (%s to %s)", r->from, r->to);
    buf_printf(out, "\nProducts: %zu\n", r->n_items);
    buf_printf(out, "Minority and foreign languages: %s\n", share);
    buf_printf(out, "Target %d-%d%%: %s\n", REPORT_TARGET_MIN, REPORT_TARGET_MAX, verdict);
    if (r->n_undated)
        buf_printf(out, "Left out: %zu page%s without a date\n", r->n_undated,
                   r->n_undated == 1 ? "" : "s");
}

static size_t key_width(const struct report_table *t)
{
    size_t w = textcol_width(t->key_header);
    for (size_t i = 0; i < t->n; i++) {
        const char *k = report_row_label(t, i);
        if (textcol_width(k) > w) w = textcol_width(k);
    }
    return w > 40 ? 40 : w;
}

static void table(const struct report_table *t, buf *out)
{
    size_t w = key_width(t);
    char n[32];
    buf_printf(out, "\n%s\n  ", t->title);
    textcol_put(out, t->key_header, w);
    buf_puts(out, "  Count\n");
    for (size_t i = 0; i < t->n; i++) {
        buf_puts(out, "  ");
        textcol_put(out, report_row_label(t, i), w);
        snprintf(n, sizeof n, "%zu", t->rows[i].n);
        buf_puts(out, "  ");
        textcol_put_right(out, n, 5);
        buf_putc(out, '\n');
    }
}

static void items(const struct report *r, buf *out)
{
    buf_puts(out, "\nItems\n  Date        Type                Lang  ");
    textcol_put(out, "Title", 40);
    buf_puts(out, "  Source\n");
    for (size_t i = 0; i < r->n_items; i++) {
        const struct report_item *it = &r->items[i];
        buf_puts(out, "  ");
        textcol_put(out, *it->date ? it->date : "-", 10);
        buf_puts(out, "  ");
        textcol_put(out, report_type_label(it->type), 18);
        buf_puts(out, "  ");
        textcol_put(out, it->lang, 4);
        buf_puts(out, "  ");
        textcol_put(out, it->title, 40);
        buf_printf(out, "  %s\n", *it->src ? it->src : it->url);
    }
}

static void books(const struct report *r, buf *out)
{
    if (!r->n_books) return;
    buf_puts(out, "\nEPUBs\n  Lang  ");
    textcol_put(out, "Title", 40);
    buf_puts(out, "  Chapters       Size\n");
    for (size_t i = 0; i < r->n_books; i++) {
        const struct report_book *b = &r->books[i];
        char size[48];
        snprintf(size, sizeof size, "%lld B%s", b->size, b->size_built ? "" : " (estimate)");
        buf_puts(out, "  ");
        textcol_put(out, b->lang, 4);
        buf_puts(out, "  ");
        textcol_put(out, b->title, 40);
        buf_printf(out, "  %8zu  %s\n", b->chapters, size);
    }
}

void report_write_text(const struct report *r, buf *out)
{
    heading(r, out);
    for (int t = 0; t < RT_COUNT; t++) table(&r->tables[t], out);
    items(r, out);
    books(r, out);
}
