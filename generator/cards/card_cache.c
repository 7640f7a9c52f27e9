#include "card_cache.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <errno.h>
#include <glib.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct card_key {
    GChecksum *g;
};

struct card_key *card_key_new(void)
{
    struct card_key *k = malloc(sizeof *k);
    if (!k) die_oom();
    k->g = g_checksum_new(G_CHECKSUM_SHA256);
    return k;
}

/* Each field ends with a byte no UTF-8 text holds, so "ab"+"c" != "a"+"bc". */
void card_key_add(struct card_key *k, const char *s)
{
    static const guchar end = 0xFF, none = 0xFE;
    if (s) g_checksum_update(k->g, (const guchar *)s, (gssize)strlen(s));
    g_checksum_update(k->g, s ? &end : &none, 1);
}

void card_key_addf(struct card_key *k, double x)
{
    char t[64];
    snprintf(t, sizeof t, "%.6f", x);
    card_key_add(k, t);
}

int card_key_file(struct card_key *k, const char *path)
{
    buf b = BUF_INIT;
    int r = fs_read_file(path, &b);
    if (r == 0) g_checksum_update(k->g, (const guchar *)b.data, (gssize)b.len);
    card_key_add(k, r == 0 ? path : NULL);
    buf_release(&b);
    return r;
}

void card_key_finish(struct card_key *k, char hex[65])
{
    snprintf(hex, 65, "%s", g_checksum_get_string(k->g));
    g_checksum_free(k->g);
    free(k);
}

static char *entry(const char *dir, const char *key, const char *ext)
{
    buf b = BUF_INIT;
    buf_printf(&b, "%s/%.2s/%s.%s", dir, key, key + 2, ext);
    return buf_detach(&b);
}

int card_cache_get(const char *dir, const char *key, const char *ext, buf *out)
{
    char *p = entry(dir, key, ext);
    int r = fs_is_file(p) ? fs_read_file(p, out) : -1;
    free(p);
    return r;
}

int card_cache_link(const char *dir, const char *key, const char *ext, const char *dest,
                    long long *size)
{
    char *p = entry(dir, key, ext);
    struct stat st;
    int r = stat(p, &st) == 0 && S_ISREG(st.st_mode) ? link(p, dest) : -1;
    if (r != 0 && errno == ENOENT && fs_exists(p)) {   /* the page's folder is not there yet */
        char *d = strdup(dest);
        if (!d) die_oom();
        *strrchr(d, '/') = '\0';
        fs_mkdir_p(d);
        free(d);
        r = link(p, dest);
    }
    if (r == 0) *size = (long long)st.st_size;
    free(p);
    return r;
}

void card_cache_put(const char *dir, const char *key, const char *ext, const void *data, size_t len)
{
    static atomic_uint seq;
    char *p = entry(dir, key, ext);
    buf tmp = BUF_INIT;
    /* unique per process and call: two builds or two threads never share one */
    buf_printf(&tmp, "%s.tmp-%ld-%u", p, (long)getpid(), atomic_fetch_add(&seq, 1));
    if (fs_write_file(tmp.data, data, len) != 0 || rename(tmp.data, p) != 0) unlink(tmp.data);
    buf_release(&tmp);
    free(p);
}
