/* card_cache: drawn cards kept between builds in .loa-cache/cards/ beside
 * the content folder (git-ignored), named by a SHA-256 of everything a
 * drawing is made from (layout, fonts, texts, background, size), so a card
 * is redrawn only when one of those changed.  Entries are written to a
 * temporary name and renamed into place: concurrent builds and a killed
 * build never leave a half-written entry.  Deleting the folder is always
 * safe.  Thread-safe. */
#pragma once
#include <stddef.h>

struct buf;
struct card_key;

struct card_key *card_key_new(void);
void card_key_add(struct card_key *k, const char *s); /* NULL adds a marker */
void card_key_addf(struct card_key *k, double x);
/* Adds a file's bytes; -1 when it cannot be read. */
int card_key_file(struct card_key *k, const char *path);
/* The hex digest (65 bytes with the NUL); frees k. */
void card_key_finish(struct card_key *k, char hex[65]);

/* Appends the entry to out: 0, or -1 when there is none. */
int card_cache_get(const char *dir, const char *key, const char *ext, struct buf *out);
/* Hard-links the entry to dest (creating its folder), so a cached card costs
 * no copy: 0 with *size set, or -1 (no entry, or another file system). */
int card_cache_link(const char *dir, const char *key, const char *ext, const char *dest,
                    long long *size);
/* Stores an entry; failures only cost a redraw next time, so they are silent. */
void card_cache_put(const char *dir, const char *key, const char *ext, const void *data,
                    size_t len);
