/* epub_zip: the OCF container, a zip file written here with zlib.
 *
 * Reproducibility: every entry has one constant DOS date (1980-01-01
 * 00:00, the DOS epoch: the book's own dcterms:modified carries the real
 * date), Unix attributes -rw-r--r--, no extra field and no comment, so
 * nothing of the build machine reaches the bytes.
 *
 * Speed: each entry is deflated (level 6) with a window and a hash table
 * sized to it.  A book has a thousand small chapters, and zlib clears its
 * hash table (64 KB at the default sizes) for every one: through libzip
 * that clearing cost a quarter of making a book.  With a window at least
 * as long as the entry, nothing it could match is out of reach.
 *
 * OCF: "mimetype" must be the first entry, stored, with no extra field;
 * entries are kept in call order, and epub.c adds it first.  Limits: 65,535
 * entries and 4 GiB (no Zip64), far above any book. */
#define _GNU_SOURCE
#include "epub_zip.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

struct ocf {
    const char *path;   /* caller's, for messages */
    buf out;            /* local headers and data, in order */
    buf cd;             /* central directory */
    unsigned n;         /* entries */
    int bad;            /* an entry failed (reported) */
};

enum {
    DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1,   /* years since 1980, month, day */
    DOS_TIME_MIDNIGHT = 0,
    DEFLATE_LEVEL = 6,
    MADE_BY_UNIX = 3 << 8 | 20,   /* Unix attributes, zip 2.0 */
    FLAG_UTF8 = 1 << 11,
    MAX_ENTRIES = 65535,
};

/* -rw-r--r-- regular file, as Info-ZIP writes on Unix. */
static const uint32_t unix_file_attr = (uint32_t)0100644 << 16;

static void put16(buf *b, unsigned v)
{
    unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    buf_put(b, c, 2);
}

static void put32(buf *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    buf_put(b, c, 4);
}

struct ocf *ocf_open(const char *path)
{
    struct ocf *z = calloc(1, sizeof *z);
    if (!z) die_oom();
    z->path = path;
    buf_init(&z->out);
    buf_init(&z->cd);
    return z;
}

static int fail(struct ocf *z, const char *what, const char *name)
{
    diag_error(DIAG_EPUB_WRITE, z->path, 0, 0, "%s '%s'", what, name);
    z->bad = 1;
    return -1;
}

/* data deflated (raw, no zlib header) at the end of out; its length, or
 * -1.  The window is the smallest power of two from 512 bytes to 32 KB
 * that holds the entry, the hash table a quarter of the window. */
static long deflate_into(buf *out, const void *data, size_t len)
{
    int wbits = 9;
    while (wbits < 15 && ((size_t)1 << wbits) < len) wbits++;
    int mem = wbits - 6 > 8 ? 8 : wbits - 6;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, DEFLATE_LEVEL, Z_DEFLATED, -wbits, mem, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    uLong bound = deflateBound(&zs, (uLong)len);
    if (bound > UINT32_MAX) {   /* zlib counts in 32 bits */
        deflateEnd(&zs);
        return -1;
    }
    buf_grow(out, (size_t)bound + 1);
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)out->data + out->len;
    zs.avail_out = (uInt)bound;
    int r = deflate(&zs, Z_FINISH);
    long n = r == Z_STREAM_END ? (long)zs.total_out : -1;
    deflateEnd(&zs);
    if (n >= 0) out->len += (size_t)n;
    return n;
}

static int has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return 1;
    return 0;
}

/* The fields local and central headers share, from "version needed". */
static void put_common(buf *b, unsigned method, unsigned flags, uint32_t crc, uint32_t csize,
                       uint32_t usize, size_t name_len)
{
    put16(b, method ? 20 : 10);
    put16(b, flags);
    put16(b, method);
    put16(b, DOS_TIME_MIDNIGHT);
    put16(b, DOS_DATE_1980_01_01);
    put32(b, crc);
    put32(b, csize);
    put32(b, usize);
    put16(b, (unsigned)name_len);
    put16(b, 0);   /* no extra field */
}

int ocf_add(struct ocf *z, const char *name, const void *data, size_t len,
            enum ocf_method how)
{
    size_t name_len = strlen(name);
    if (z->bad) return -1;
    if (z->n >= MAX_ENTRIES || len > UINT32_MAX || z->out.len > UINT32_MAX || name_len > 65535)
        return fail(z, "the book is too large for a zip file without Zip64: cannot add", name);
    unsigned method = how == OCF_STORE ? 0 : 8;
    unsigned flags = has_non_ascii(name) ? FLAG_UTF8 : 0;
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
    size_t at = z->out.len;
    put32(&z->out, 0x04034b50);
    put_common(&z->out, method, flags, crc, 0, (uint32_t)len, name_len);   /* csize below */
    buf_put(&z->out, name, name_len);
    size_t data_at = z->out.len;
    long csize = (long)len;
    if (method) csize = deflate_into(&z->out, data, len);
    else buf_put(&z->out, data, len);
    if (csize < 0) return fail(z, "cannot compress", name);
    if (z->out.len > UINT32_MAX)
        return fail(z, "the book is too large for a zip file without Zip64: cannot add", name);
    unsigned char *cs = (unsigned char *)z->out.data + data_at - name_len - 12;
    for (int i = 0; i < 4; i++) cs[i] = (unsigned char)((unsigned long)csize >> (8 * i));
    put32(&z->cd, 0x02014b50);
    put16(&z->cd, MADE_BY_UNIX);
    put_common(&z->cd, method, flags, crc, (uint32_t)csize, (uint32_t)len, name_len);
    put16(&z->cd, 0);   /* comment */
    put16(&z->cd, 0);   /* disk */
    put16(&z->cd, 0);   /* internal attributes */
    put32(&z->cd, unix_file_attr);
    put32(&z->cd, (uint32_t)at);
    buf_put(&z->cd, name, name_len);
    z->n++;
    return 0;
}

static void free_ocf(struct ocf *z)
{
    buf_release(&z->out);
    buf_release(&z->cd);
    free(z);
}

int ocf_close(struct ocf *z)
{
    if (z->bad) {
        free_ocf(z);
        return -1;
    }
    size_t cd_at = z->out.len;
    buf_put(&z->out, z->cd.data, z->cd.len);
    put32(&z->out, 0x06054b50);
    put16(&z->out, 0);   /* this disk */
    put16(&z->out, 0);   /* the directory's disk */
    put16(&z->out, z->n);
    put16(&z->out, z->n);
    put32(&z->out, (uint32_t)z->cd.len);
    put32(&z->out, (uint32_t)cd_at);
    put16(&z->out, 0);   /* comment */
    int fd = open(z->path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    int r = fd < 0 ? -1 : fs_write_all(fd, z->out.data, z->out.len);
    if (fd >= 0 && close(fd) != 0) r = -1;
    if (r != 0)
        diag_error(DIAG_EPUB_WRITE, z->path, 0, 0, "cannot write book: %s", strerror(errno));
    free_ocf(z);
    return r;
}

void ocf_discard(struct ocf *z)
{
    if (z) free_ocf(z);
}
