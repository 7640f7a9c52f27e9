/* epub_id: the book identifier.  A book's dc:identifier must not change
 * between builds (readers key highlights and reading position on it), so it
 * is a name-based UUID (RFC 4122 version 5: SHA-1 over a namespace and the
 * seed) rather than a random one.  SHA-1 is here, small, because nothing
 * else in loa needs a hash library. */
#include "epub_id.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static uint32_t load_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void sha1_block(uint32_t h[5], const unsigned char blk[64])
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++) w[i] = load_be32(blk + 4 * i);
    for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d; d = c; c = rol(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

void epub_sha1_init(struct epub_sha1 *s)
{
    static const uint32_t iv[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    memcpy(s->h, iv, sizeof iv);
    s->total = 0;
    s->fill = 0;
}

void epub_sha1_update(struct epub_sha1 *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    s->total += n;
    while (n) {
        size_t take = 64 - s->fill < n ? 64 - s->fill : n;
        memcpy(s->blk + s->fill, p, take);
        s->fill += take;
        p += take;
        n -= take;
        if (s->fill == 64) { sha1_block(s->h, s->blk); s->fill = 0; }
    }
}

void epub_sha1_final(struct epub_sha1 *s, unsigned char out[20])
{
    uint64_t bits = s->total * 8;
    unsigned char pad[72] = {0x80};
    size_t padlen = (s->fill < 56 ? 56 : 120) - s->fill;
    for (int i = 0; i < 8; i++) pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
    epub_sha1_update(s, pad, padlen + 8);
    for (int i = 0; i < 20; i++) out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void epub_sha1(const void *data, size_t n, unsigned char out[20])
{
    struct epub_sha1 s;
    epub_sha1_init(&s);
    epub_sha1_update(&s, data, n);
    epub_sha1_final(&s, out);
}

/* RFC 4122 appendix C's URL namespace: the seed is usually the book's
 * canonical URL, and a standard namespace lets anyone recompute the id. */
static const unsigned char ns_url[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                         0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

void epub_uuid(const char *seed, char out[EPUB_UUID_LEN + 1])
{
    struct epub_sha1 s;
    unsigned char h[20];
    epub_sha1_init(&s);
    epub_sha1_update(&s, ns_url, sizeof ns_url);
    epub_sha1_update(&s, seed, strlen(seed));
    epub_sha1_final(&s, h);
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x50);   /* version 5 */
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *o++ = '-';
        o += sprintf(o, "%02x", h[i]);
    }
}
