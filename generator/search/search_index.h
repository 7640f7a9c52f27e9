/* search_index: the static search index of one language, built while the
 * pages render and written as small files a browser fetches on demand
 * (after Pagefind's design):
 *
 *   meta.json          the entry: {"v":2,"lang":"vi","docs":N,"group":G,
 *                        "shards":[[FIRST_KEY,"w/0-1a2b3c4d.json"],...]}
 *   w/I-HASH.json      one alphabetical range of match keys (a shard):
 *                        [[KEY, FORM, [P...], FORM, [P...]], ...]
 *                      keys sorted by code point; FORM is an exact form
 *                      of the key ("" when it is the key itself); each P
 *                      is (doc id - previous doc id) * 16 + weight, where
 *                      weight is 8 if the word is in the title, 4 if in a
 *                      heading, plus its count in the text up to 3
 *   f/I.json           the results of docs I * G .. I * G + G - 1 (G is
 *                      SEARCH_GROUP), an array of objects in doc order
 *                      (written by the caller, site/search_pages.c)
 *
 * Shards are cut at SEARCH_SHARD_BYTES so that a query downloads only the
 * ranges of its words; names carry a hash of their bytes, so a cache never
 * mixes shards of two builds.  Output is deterministic: doc ids are given
 * by the caller, keys and forms are sorted.
 *
 * Threads: search_index_add may run on any number of threads at once as
 * long as each uses its own worker number and each doc id is added once;
 * everything else runs on one thread.  A worker indexes its pages in
 * batches (a copy of their text waits), the last one in search_index_write. */
#pragma once
#include <stddef.h>

struct buf;
struct search_index;

#define SEARCH_SHARD_BYTES 24000
/* Results per f/ file: fewer files make the build cheaper (a file costs
 * more than indexing a page's words), more make a query fetch more bytes
 * (10 results shown fetch up to 10 groups). */
#define SEARCH_GROUP 4

/* An index of n_docs documents (ids 0 .. n_docs-1), filled by up to jobs
 * workers.  Free with search_index_free. */
struct search_index *search_index_new(size_t n_docs, unsigned jobs, const char *lang);
void search_index_free(struct search_index *x);

/* The words of document doc: title, headings and text (plain, UTF-8 NFC).
 * Worker w < jobs. */
void search_index_add(struct search_index *x, unsigned w, size_t doc, const char *title,
                      const char *const *headings, size_t n_headings, const char *text, size_t len);

/* Where the files go: rel is relative to the index folder ("meta.json",
 * "w/0-1a2b3c4d.json").  Returns 0 or -1 (the callback reported it). */
typedef int (*search_write_fn)(void *ud, const char *rel, const char *data, size_t len);
/* Writes meta.json and the shards.  Returns 0, or -1 if a write failed. */
int search_index_write(struct search_index *x, search_write_fn write, void *ud);

/* Sizes of what search_index_write wrote, for benchmarks. */
struct search_stats { size_t docs, keys, forms, postings, shards, bytes; };
void search_index_stats(const struct search_index *x, struct search_stats *st);

/* Appends s as a JSON string ("..." with escapes). */
void search_json_str(struct buf *b, const char *s, size_t len);
