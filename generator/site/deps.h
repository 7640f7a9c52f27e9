/* deps: what every output read while it rendered.  Each rendering fills
 * a deps_rec (one per worker, reused); deps_commit files it under the
 * output's path in a compact form: runs of pages of the index with the
 * fields read, the templates used, and named inputs (UI strings, data
 * files, site values).  The store lives in memory as long as the build,
 * so a preview server can ask which outputs one edit affects.
 *
 * A build records only when something will ask (loa serve, --explain):
 * a NULL store or record is accepted by the calls that fill them and
 * records nothing.
 *
 * Threads: a deps_rec belongs to one thread; deps_commit may run on many
 * at once; the queries run after rendering, on one thread. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Fields of a page one output may read (a bit set). */
enum deps_field {
    DEP_TITLE = 1u << 0,
    DEP_URL = 1u << 1,         /* url, permalink, canonical */
    DEP_DATE = 1u << 2,        /* date, lastmod and their formats */
    DEP_SUMMARY = 1u << 3,     /* summary, description */
    DEP_BODY = 1u << 4,        /* content, toc, word count, reading time */
    DEP_TERMS = 1u << 5,       /* taxonomy terms */
    DEP_IMAGE = 1u << 6,       /* image, card, share image, QR code */
    DEP_PARAMS = 1u << 7,      /* other front matter */
    DEP_KIND = 1u << 8,        /* kind, type, section, language, weight */
    DEP_TRANSLATIONS = 1u << 9,
    DEP_MEMBERS = 1u << 10,    /* which pages a section, term or series lists, in order */
    DEP_FIELD_COUNT = 11
};

/* The name of one field bit ("title", "front matter"...). */
const char *deps_field_name(unsigned bit);

/* Named inputs other than pages. */
enum deps_input { DEPS_STRING, DEPS_DATA, DEPS_SITE };

/* Pages first, first + step, ... (count of them) read alike: a series of
 * 2,000 parts is one run even when its languages' pages alternate in the
 * index. */
struct deps_run { uint32_t first, count, step, fields; };

struct deps_output {
    const char *path;                /* output path, "vi/cong-uoc/index.html" */
    struct deps_run *runs; size_t n_runs;
    const char **templates; size_t n_templates;   /* file names, sorted */
    const char **inputs; size_t n_inputs;   /* "t.NAME", "data.NAME", "site.NAME", sorted */
};

typedef struct deps_rec deps_rec;
typedef struct deps deps;

deps_rec *deps_rec_new(void);
void deps_rec_free(deps_rec *r);
void deps_rec_reset(deps_rec *r);     /* before each output */
void deps_page(deps_rec *r, size_t page, unsigned fields);
/* path must outlive the rec's next reset (template paths live in the cache). */
void deps_template(deps_rec *r, const char *path);
/* name (len bytes) is copied at once. */
void deps_input(deps_rec *r, enum deps_input kind, const char *name, size_t len);

deps *deps_new(void);
void deps_free(deps *d);
/* Files what r holds under out_path (copied; r's lists are sorted in
 * place).  Thread-safe. */
void deps_commit(deps *d, const char *out_path, deps_rec *r);
/* After deps_finish: the record of out_path becomes r's (loa serve renders
 * an output again).  Keeps the order.  One thread. */
void deps_replace(deps *d, const char *out_path, deps_rec *r);
/* Sorts the outputs by path; call once after rendering, before queries. */
void deps_finish(deps *d);
size_t deps_count(const deps *d);
const struct deps_output *deps_at(const deps *d, size_t i);
/* The record of out_path, or NULL. */
const struct deps_output *deps_find(const deps *d, const char *out_path);
/* 1 if o read any of fields of page. */
int deps_reads(const struct deps_output *o, size_t page, unsigned fields);
/* Outputs that read any of fields of page, in path order: up to max of
 * them go in out; returns how many there are. */
size_t deps_affected(const deps *d, size_t page, unsigned fields,
                     const struct deps_output **out, size_t max);
/* Appends the field names in fields to b, comma separated. */
struct buf;
void deps_fields_text(unsigned fields, struct buf *b);
