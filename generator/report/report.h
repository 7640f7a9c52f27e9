/* report: the products an agency published in a period, counted the way
 * the plans ask (by type, language, language group, unit or author, place
 * and month), with the share in minority and foreign languages against the
 * 15-20% target.  The model is read from a prepared site (site_prepare)
 * and nothing is written; one writer per output format fills a buf or,
 * for XLSX, a file.
 *
 * Everything a struct report points to lives in its arena or in the
 * site's: release the report before the site. */
#pragma once
#include <stddef.h>

#include "../util/arena.h"

struct site;
struct buf;

/* Target share of products in minority and foreign languages (percent). */
#define REPORT_TARGET_MIN 15
#define REPORT_TARGET_MAX 20

/* One published product: a page of a product type, or an EPUB edition. */
struct report_item {
    const char *date;              /* YYYY-MM-DD */
    const char *type;              /* convention | story | postcard | emagazine | poster | epub */
    const char *lang, *group;      /* language code; national | foreign | minority */
    const char *title, *url, *src; /* src: content file, or "" for an EPUB */
    const char *unit;              /* front matter unit, else author, else "" */
    const char *province, *district, *commune; /* "" when unset */
};

struct report_count {
    const char *key;
    size_t n;
};

enum report_table_id {
    RT_TYPE,
    RT_LANG,
    RT_GROUP,
    RT_UNIT,
    RT_PROVINCE,
    RT_DISTRICT,
    RT_COMMUNE,
    RT_MONTH,
    RT_COUNT
};

/* A count table: rows sorted by key (months in calendar order). */
struct report_table {
    const char *id;         /* by_type, by_language ... (JSON keys, sheet names) */
    const char *title;      /* "By type" */
    const char *key_header; /* "Type" */
    struct report_count *rows;
    size_t n, cap;
};

struct report_book {
    const char *slug, *lang, *title, *url, *date;
    size_t chapters;
    long long size; /* bytes */
    int size_built; /* 1: the file in the output folder; 0: an estimate */
};

struct report {
    arena a;
    const char *agency;    /* site.yml publisher, else title */
    const char *from, *to; /* YYYY-MM-DD, or NULL for open */
    const char *period;    /* "2025-H1", "2025", "2025-01-01 to 2025-03-31", "all dates" */
    struct report_item *items;
    size_t n_items;
    struct report_table tables[RT_COUNT];
    struct report_book *books;
    size_t n_books;
    size_t n_undated; /* pages left out of a bounded period for want of a date */
    size_t n_other;   /* minority + foreign items */
    double share;     /* percent of items, 0 when there are none */
    long long now;    /* the build time (SOURCE_DATE_EPOCH): XLSX creation date */
};

/* Period from --period: "2025" (the year), "2025-H1", "2025-H2", or
 * "2025-Q1".."2025-Q4".  Sets from/to (YYYY-MM-DD, in a).  0, or -1 when
 * the text is none of these. */
int report_period(const char *text, struct arena *a, const char **from, const char **to);
/* 1 when text is a valid YYYY-MM-DD date. */
int report_is_date(const char *text);

/* Fills r from the prepared site s for the inclusive period [from, to]
 * (either may be NULL); period names it for headings (NULL: derived).
 * Books are planned but not written (site_plan_books). */
void report_build(struct report *r, struct site *s, const char *from, const char *to,
                  const char *period);
void report_release(struct report *r);

/* The target stated plainly into out: "met: 17.5% is within the 15-20%
 * target", "not met: 9.1% is 5.9 points below the 15% minimum". */
#define REPORT_VERDICT_MAX 128
void report_verdict(const struct report *r, char *out, size_t n);
int report_meets_target(const struct report *r);

/* Writers.  The buf ones append; report_write_xlsx writes path and
 * returns 0, or -1 after reporting the error. */
void report_write_text(const struct report *r, struct buf *out);
void report_write_csv(const struct report *r, struct buf *out);
void report_write_json(const struct report *r, struct buf *out);
void report_write_html(const struct report *r, struct buf *out);
int report_write_xlsx(const struct report *r, const char *path);

/* "Convention summary", "E-magazine part", "EPUB" ... for a type code. */
const char *report_type_label(const char *type);
/* The share of products in minority and foreign languages, for headings:
 * "3 of 12 (25.0%)", into out. */
void report_share_text(const struct report *r, char *out, size_t n);
/* Row i's key for people: the type label in the type table, else the key. */
const char *report_row_label(const struct report_table *t, size_t i);
