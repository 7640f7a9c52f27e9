/* epub_id: SHA-1 for the book identifier (epub_uuid is declared in
 * epub.h).  Internal to generator/epub/. */
#pragma once
#include "epub.h"

#include <stddef.h>
#include <stdint.h>

struct epub_sha1 {
    uint32_t h[5];
    uint64_t total;
    unsigned char blk[64];
    size_t fill;
};

void epub_sha1_init(struct epub_sha1 *s);
void epub_sha1_update(struct epub_sha1 *s, const void *data, size_t n);
void epub_sha1_final(struct epub_sha1 *s, unsigned char out[20]);
void epub_sha1(const void *data, size_t n, unsigned char out[20]);
