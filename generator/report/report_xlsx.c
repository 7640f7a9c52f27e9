/* report: an XLSX workbook with one sheet per table (Debian's
 * libxlsxwriter).  The creation date is the build time, so with
 * SOURCE_DATE_EPOCH two runs give the same bytes. */
#include "report.h"
#include "../util/diag.h"

#include <stdio.h>
#include <xlsxwriter.h>

struct sheet {
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_row_t row;
};

static void text(struct sheet *s, lxw_col_t col, const char *t)
{
    worksheet_write_string(s->ws, s->row, col, t ? t : "", NULL);
}

static void header(struct sheet *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        worksheet_write_string(s->ws, s->row, (lxw_col_t)i, names[i], s->bold);
    s->row++;
}

static void pair(struct sheet *s, const char *name, const char *t, double n)
{
    worksheet_write_string(s->ws, s->row, 0, name, s->bold);
    if (t)
        text(s, 1, t);
    else
        worksheet_write_number(s->ws, s->row, 1, n, NULL);
    s->row++;
}

static void summary(const struct report *r, struct sheet *s)
{
    char verdict[REPORT_VERDICT_MAX], target[16];
    report_verdict(r, verdict, sizeof verdict);
    snprintf(target, sizeof target, "%d-%d", REPORT_TARGET_MIN, REPORT_TARGET_MAX);
    worksheet_set_column(s->ws, 0, 0, 32, NULL);
    worksheet_set_column(s->ws, 1, 1, 60, NULL);
    pair(s, "Report", "Products published", 0);
    pair(s, "Agency", r->agency, 0);
    pair(s, "Period", r->period, 0);
    pair(s, "From", r->from ? r->from : "", 0);
    pair(s, "To", r->to ? r->to : "", 0);
    pair(s, "Products", NULL, (double)r->n_items);
    pair(s, "Minority and foreign languages", NULL, (double)r->n_other);
    pair(s, "Share (%)", NULL, (double)(long long)(r->share * 10 + 0.5) / 10);
    pair(s, "Target (%)", target, 0);
    pair(s, "Target met", verdict, 0);
    pair(s, "Undated pages left out", NULL, (double)r->n_undated);
}

static void table(const struct report_table *t, struct sheet *s)
{
    const char *names[] = {t->key_header, "Count"};
    worksheet_set_column(s->ws, 0, 0, 40, NULL);
    header(s, names, 2);
    for (size_t i = 0; i < t->n; i++, s->row++) {
        text(s, 0, report_row_label(t, i));
        worksheet_write_number(s->ws, s->row, 1, (double)t->rows[i].n, NULL);
    }
}

static void items(const struct report *r, struct sheet *s)
{
    static const char *const names[] = {"Date",     "Type",     "Language", "Group",
                                        "Title",    "URL",      "Source",   "Unit or author",
                                        "Province", "District", "Commune"};
    header(s, names, sizeof names / sizeof *names);
    worksheet_set_column(s->ws, 4, 4, 50, NULL);
    for (size_t i = 0; i < r->n_items; i++, s->row++) {
        const struct report_item *it = &r->items[i];
        const char *f[] = {it->date,     report_type_label(it->type),
                           it->lang,     it->group,
                           it->title,    it->url,
                           it->src,      it->unit,
                           it->province, it->district,
                           it->commune};
        for (size_t k = 0; k < sizeof f / sizeof *f; k++) text(s, (lxw_col_t)k, f[k]);
    }
}

static void books(const struct report *r, struct sheet *s)
{
    static const char *const names[] = {"Language", "Title",        "Date",     "URL",
                                        "Chapters", "Size (bytes)", "Size from"};
    header(s, names, sizeof names / sizeof *names);
    worksheet_set_column(s->ws, 1, 1, 40, NULL);
    for (size_t i = 0; i < r->n_books; i++, s->row++) {
        const struct report_book *b = &r->books[i];
        text(s, 0, b->lang);
        text(s, 1, b->title);
        text(s, 2, b->date);
        text(s, 3, b->url);
        worksheet_write_number(s->ws, s->row, 4, (double)b->chapters, NULL);
        worksheet_write_number(s->ws, s->row, 5, (double)b->size, NULL);
        text(s, 6, b->size_built ? "build" : "estimate");
    }
}

static struct sheet add_sheet(lxw_workbook *wb, lxw_format *bold, const char *name)
{
    return (struct sheet){workbook_add_worksheet(wb, name), bold, 0};
}

int report_write_xlsx(const struct report *r, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        diag_coded(DIAG_ERROR, DIAG_REPORT_XLSX, path, 0, 0,
                   "cannot create the workbook; check that its folder exists and is writable");
        return -1;
    }
    lxw_doc_properties props = {
        .title = "Products published", .author = (char *)r->agency, .created = (time_t)r->now};
    workbook_set_properties(wb, &props);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    struct sheet s = add_sheet(wb, bold, "Summary");
    summary(r, &s);
    for (int t = 0; t < RT_COUNT; t++) {
        s = add_sheet(wb, bold, r->tables[t].title);
        table(&r->tables[t], &s);
    }
    s = add_sheet(wb, bold, "Items");
    items(r, &s);
    s = add_sheet(wb, bold, "EPUBs");
    books(r, &s);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        diag_coded(DIAG_ERROR, DIAG_REPORT_XLSX, path, 0, 0,
                   "cannot write the workbook: %s; check the "
                   "path and free space",
                   lxw_strerror(e));
        return -1;
    }
    return 0;
}
