/* report: JSON for other tools, as docs/report.schema.json describes. */
#include "report.h"
#include "../data/value.h"
#include "../util/buf.h"

#include <string.h>

static void json_str(buf *out, const char *s)
{
    value v = {.kind = VAL_STR};
    v.u.str.s = s ? s : "";
    v.u.str.len = strlen(v.u.str.s);
    val_write_json(&v, out);
}

static void key_str(buf *out, const char *key, const char *s)
{
    buf_printf(out, "\"%s\":", key);
    if (s)
        json_str(out, s);
    else
        buf_puts(out, "null");
}

static void summary(const struct report *r, buf *out)
{
    char verdict[REPORT_VERDICT_MAX];
    report_verdict(r, verdict, sizeof verdict);
    buf_puts(out, "{\"version\":1,");
    key_str(out, "agency", r->agency);
    buf_putc(out, ',');
    key_str(out, "period", r->period);
    buf_putc(out, ',');
    key_str(out, "from", r->from);
    buf_putc(out, ',');
    key_str(out, "to", r->to);
    buf_printf(out, ",\"products\":%zu,\"minority_foreign\":%zu,\"share\":%.1f,", r->n_items,
               r->n_other, r->share);
    buf_printf(out, "\"target\":{\"min\":%d,\"max\":%d,\"met\":%s,", REPORT_TARGET_MIN,
               REPORT_TARGET_MAX, report_meets_target(r) ? "true" : "false");
    key_str(out, "verdict", verdict);
    buf_printf(out, "},\"undated_left_out\":%zu", r->n_undated);
}

static void tables(const struct report *r, buf *out)
{
    buf_puts(out, ",\"tables\":{");
    for (int t = 0; t < RT_COUNT; t++) {
        const struct report_table *tb = &r->tables[t];
        buf_printf(out, "%s\"%s\":[", t ? "," : "", tb->id);
        for (size_t i = 0; i < tb->n; i++) {
            buf_puts(out, i ? ",{" : "{");
            key_str(out, "key", tb->rows[i].key);
            buf_printf(out, ",\"count\":%zu}", tb->rows[i].n);
        }
        buf_putc(out, ']');
    }
    buf_putc(out, '}');
}

static void items(const struct report *r, buf *out)
{
    static const char *const keys[] = {"date",   "type", "language", "group",    "title",  "url",
                                       "source", "unit", "province", "district", "commune"};
    buf_puts(out, ",\"items\":[");
    for (size_t i = 0; i < r->n_items; i++) {
        const struct report_item *it = &r->items[i];
        const char *f[] = {it->date, it->type, it->lang,     it->group,    it->title,  it->url,
                           it->src,  it->unit, it->province, it->district, it->commune};
        buf_puts(out, i ? ",{" : "{");
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            if (k) buf_putc(out, ',');
            key_str(out, keys[k], f[k]);
        }
        buf_putc(out, '}');
    }
    buf_putc(out, ']');
}

static void books(const struct report *r, buf *out)
{
    buf_puts(out, ",\"epubs\":[");
    for (size_t i = 0; i < r->n_books; i++) {
        const struct report_book *b = &r->books[i];
        buf_puts(out, i ? ",{" : "{");
        key_str(out, "slug", b->slug);
        buf_putc(out, ',');
        key_str(out, "language", b->lang);
        buf_putc(out, ',');
        key_str(out, "title", b->title);
        buf_putc(out, ',');
        key_str(out, "date", b->date);
        buf_putc(out, ',');
        key_str(out, "url", b->url);
        buf_printf(out, ",\"chapters\":%zu,\"size\":%lld,\"size_from\":\"%s\"}", b->chapters,
                   b->size, b->size_built ? "build" : "estimate");
    }
    buf_putc(out, ']');
}

void report_write_json(const struct report *r, buf *out)
{
    summary(r, out);
    tables(r, out);
    items(r, out);
    books(r, out);
    buf_puts(out, "}\n");
}
