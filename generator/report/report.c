/* report: the model.  Reads the prepared site's page index and planned
 * books; writes nothing. */
#include "report.h"
#include "../data/value.h"
#include "../site/site.h"
#include "../util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Products: pages of loa's content types (content/ctype.h) and a theme's
 * "poster" pages; other pages (about, contact) are not. */

static const struct {
    const char *id, *title, *key;
    int sorted;
} table_defs[RT_COUNT] = {
    [RT_TYPE] = {"by_type", "By type", "Type", 0},
    [RT_LANG] = {"by_language", "By language", "Language", 0},
    [RT_GROUP] = {"by_group", "By language group", "Group", 0},
    [RT_UNIT] = {"by_unit", "By unit or author", "Unit or author", 1},
    [RT_PROVINCE] = {"by_province", "By province", "Province", 1},
    [RT_DISTRICT] = {"by_district", "By district", "District", 1},
    [RT_COMMUNE] = {"by_commune", "By commune", "Commune", 1},
    [RT_MONTH] = {"by_month", "By month", "Month", 1},
};

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

int report_is_date(const char *t)
{
    int y, m, d, n = 0;
    if (!t || strlen(t) != 10 || sscanf(t, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
        return 0;
    if (t[4] != '-' || t[7] != '-') return 0;
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
}

int report_period(const char *t, arena *a, const char **from, const char **to)
{
    int y, n = 0, first = 1, last = 12;
    char half = 0;
    int k = 0;
    if (!t || sscanf(t, "%4d%n", &y, &n) != 1 || n != 4 || y < 1000) return -1;
    if (t[4] == '-' && (t[5] == 'H' || t[5] == 'Q') && t[6] >= '1' && !t[7]) {
        half = t[5];
        k = t[6] - '0';
        if ((half == 'H' && k > 2) || (half == 'Q' && k > 4)) return -1;
        int len = half == 'H' ? 6 : 3;
        first = (k - 1) * len + 1;
        last = k * len;
    } else if (t[4]) {
        return -1;
    }
    *from = arena_printf(a, "%04d-%02d-01", y, first);
    *to = arena_printf(a, "%04d-%02d-%02d", y, last, days_in(y, last));
    return 0;
}

static struct report_count *count_slot(struct report *r, struct report_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->rows[i].key, key)) return &t->rows[i];
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        t->rows = arena_grow_array(&r->a, t->rows, t->n, cap, sizeof *t->rows);
        t->cap = cap;
    }
    t->rows[t->n] = (struct report_count){key, 0};
    return &t->rows[t->n++];
}

static void count(struct report *r, enum report_table_id id, const char *key)
{
    count_slot(r, &r->tables[id], *key ? key : "(not set)")->n++;
}

static int cmp_count(const void *x, const void *y)
{
    return strcmp(((const struct report_count *)x)->key, ((const struct report_count *)y)->key);
}

static int cmp_item(const void *x, const void *y)
{
    const struct report_item *a = x, *b = y;
    int c = strcmp(a->date, b->date);
    if (!c) c = strcmp(a->lang, b->lang);
    if (!c) c = strcmp(a->type, b->type);
    if (!c) c = strcmp(a->src, b->src);
    return c ? c : strcmp(a->url, b->url);
}

static const char *fm_str(const struct page *p, const char *key)
{
    const char *v = val_cstr(val_get(p->fm, key));
    return v ? v : "";
}

static int is_product(const struct page *p)
{
    if (p->kind != PK_PAGE || p->is_fallback || !p->type) return 0;
    return p->ct != CT_NONE || !strcmp(p->type, "poster");
}

/* 1 when date d (YYYY-MM-DD...) is in the period; undated items are in
 * only an open period. */
static int in_period(const struct report *r, const char *d)
{
    if (!*d) return !r->from && !r->to;
    if (r->from && strncmp(d, r->from, 10) < 0) return 0;
    return !r->to || strncmp(d, r->to, 10) <= 0;
}

static void add_item(struct report *r, const struct report_item *it, size_t *cap)
{
    if (!in_period(r, it->date)) {
        r->n_undated += !*it->date;
        return;
    }
    if (r->n_items == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        r->items = arena_grow_array(&r->a, r->items, r->n_items, *cap, sizeof *r->items);
    }
    r->items[r->n_items++] = *it;
}

static void page_items(struct report *r, struct site *s, size_t *cap)
{
    for (size_t i = 0; i < s->n_pages; i++) {
        const struct page *p = s->pages[i];
        if (!is_product(p)) continue;
        const char *unit = fm_str(p, "unit");
        struct report_item it = {
            .date = p->date ? arena_strndup(&r->a, p->date, 10) : "",
            .type = p->type,
            .lang = p->lang,
            .group = p->L->kind,
            .title = p->title ? p->title : "",
            .url = p->url ? p->url : "",
            .src = p->src,
            .unit = *unit ? unit : fm_str(p, "author"),
            .province = fm_str(p, "province"),
            .district = fm_str(p, "district"),
            .commune = fm_str(p, "commune"),
        };
        add_item(r, &it, cap);
    }
}

/* A book's date: its newest chapter's (when the edition was complete). */
static const char *book_date(struct report *r, const struct publication *pub)
{
    const char *d = "";
    for (size_t k = 0; k < pub->n_chapters; k++) {
        const char *c = pub->chapters[k]->date;
        if (c && strncmp(c, d, 10) > 0) d = c;
    }
    return arena_strndup(&r->a, d, 10);
}

/* The size of the book from the last build when the output folder has it,
 * else an estimate: the chapters' source files, which is what the book
 * compresses (images and fonts not counted). */
static long long book_size(const struct site *s, const struct publication *pub, int *built)
{
    struct stat st;
    char *path = fs_join(s->o.out_dir, pub->out_rel);
    *built = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    if (*built) return (long long)st.st_size;
    long long n = 0;
    for (size_t k = 0; k < pub->n_chapters; k++)
        if (pub->chapters[k]->src && stat(pub->chapters[k]->src, &st) == 0) n += st.st_size;
    return n;
}

static void book_items(struct report *r, struct site *s, size_t *cap)
{
    site_plan_books(s);
    r->books = arena_alloc(&r->a, (s->n_pubs + 1) * sizeof *r->books);
    for (size_t i = 0; i < s->n_pubs; i++) {
        const struct publication *pub = &s->pubs[i];
        const struct lang *L = config_lang(&s->cfg, pub->lang);
        const char *title = pub->title ? pub->title : pub->slug;
        struct report_item it = {
            .date = book_date(r, pub),
            .type = "epub",
            .lang = pub->lang,
            .group = L->kind,
            .title = title,
            .url = pub->url,
            .src = "",
            .unit = s->cfg.publisher ? s->cfg.publisher : "",
            .province = "",
            .district = "",
            .commune = "",
        };
        size_t before = r->n_items;
        add_item(r, &it, cap);
        if (r->n_items == before) continue;
        struct report_book *b = &r->books[r->n_books++];
        *b = (struct report_book){.slug = pub->slug, .lang = pub->lang, .title = title,
                                  .url = pub->url, .date = it.date, .chapters = pub->n_chapters};
        b->size = book_size(s, pub, &b->size_built);
    }
}

static void seed_tables(struct report *r, const struct site *s)
{
    for (int t = 0; t < RT_COUNT; t++)
        r->tables[t] = (struct report_table){
            table_defs[t].id, table_defs[t].title, table_defs[t].key, NULL, 0, 0};
    /* fixed rows first, so a report always shows the plans' categories, even at zero */
    for (int t = CT_NONE + 1; t < CT_COUNT; t++)
        count_slot(r, &r->tables[RT_TYPE], ctype_def((enum ctype)t)->name);
    count_slot(r, &r->tables[RT_TYPE], "epub");
    for (size_t l = 0; l < s->cfg.n_langs; l++)
        count_slot(r, &r->tables[RT_LANG], s->cfg.langs[l].code);
    count_slot(r, &r->tables[RT_GROUP], "national");
    count_slot(r, &r->tables[RT_GROUP], "foreign");
    count_slot(r, &r->tables[RT_GROUP], "minority");
}

static void count_items(struct report *r)
{
    for (size_t i = 0; i < r->n_items; i++) {
        const struct report_item *it = &r->items[i];
        count(r, RT_TYPE, it->type);
        count(r, RT_LANG, it->lang);
        count(r, RT_GROUP, it->group);
        count(r, RT_UNIT, it->unit);
        count(r, RT_PROVINCE, it->province);
        count(r, RT_DISTRICT, it->district);
        count(r, RT_COMMUNE, it->commune);
        count(r, RT_MONTH, *it->date ? arena_strndup(&r->a, it->date, 7) : "");
        r->n_other += strcmp(it->group, "national") != 0;
    }
    for (int t = 0; t < RT_COUNT; t++)
        if (table_defs[t].sorted && r->tables[t].n) /* qsort must not see NULL */
            qsort(r->tables[t].rows, r->tables[t].n, sizeof *r->tables[t].rows, cmp_count);
    r->share = r->n_items ? 100.0 * (double)r->n_other / (double)r->n_items : 0;
}

static const char *period_name(struct report *r)
{
    if (r->from && r->to) return arena_printf(&r->a, "%s to %s", r->from, r->to);
    if (r->from) return arena_printf(&r->a, "from %s", r->from);
    if (r->to) return arena_printf(&r->a, "until %s", r->to);
    return "all dates";
}

void report_build(struct report *r, struct site *s, const char *from, const char *to,
                  const char *period)
{
    memset(r, 0, sizeof *r);
    arena_init(&r->a);
    r->from = from;
    r->to = to;
    r->period = period ? period : period_name(r);
    r->now = s->o.now;
    r->agency = s->cfg.publisher ? s->cfg.publisher : s->cfg.title ? s->cfg.title : "";
    size_t cap = 0;
    seed_tables(r, s);
    page_items(r, s, &cap);
    book_items(r, s, &cap);
    if (r->n_items) qsort(r->items, r->n_items, sizeof *r->items, cmp_item);
    count_items(r);
}

void report_release(struct report *r)
{
    arena_release(&r->a);
}

int report_meets_target(const struct report *r)
{
    return r->n_items && r->share >= REPORT_TARGET_MIN;
}

void report_verdict(const struct report *r, char *out, size_t n)
{
    double s = r->share;
    if (!r->n_items)
        snprintf(out, n, "not met: no products in this period");
    else if (s < REPORT_TARGET_MIN)
        snprintf(out, n, "not met: %.1f%% is %.1f points below the %d%% minimum", s,
                 REPORT_TARGET_MIN - s, REPORT_TARGET_MIN);
    else if (s <= REPORT_TARGET_MAX)
        snprintf(out, n, "met: %.1f%% is within the %d-%d%% target", s, REPORT_TARGET_MIN,
                 REPORT_TARGET_MAX);
    else
        snprintf(out, n, "met: %.1f%% is %.1f points above the %d%% top of the target", s,
                 s - REPORT_TARGET_MAX, REPORT_TARGET_MAX);
}

const char *report_type_label(const char *type)
{
    const struct ctype_def *d = ctype_find(type);
    if (d) return d->report_label;
    static const char *const labels[][2] = {{"poster", "Poster"}, {"epub", "EPUB"}};
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (!strcmp(type, labels[i][0])) return labels[i][1];
    return type;
}

void report_share_text(const struct report *r, char *out, size_t n)
{
    snprintf(out, n, "%zu of %zu (%.1f%%)", r->n_other, r->n_items, r->share);
}

const char *report_row_label(const struct report_table *t, size_t i)
{
    return strcmp(t->id, "by_type") ? t->rows[i].key : report_type_label(t->rows[i].key);
}
