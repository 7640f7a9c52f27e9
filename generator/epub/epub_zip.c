/* epub_zip: OCF container through libzip.
 *
 * Reproducibility: libzip stamps new entries with the current time and
 * would write the time through localtime() if given a time_t, so every
 * entry gets one constant DOS date instead (1980-01-01 00:00, the DOS
 * epoch: the book's own dcterms:modified carries the real date).  Extra
 * fields are deleted on both headers, and the attributes are fixed, so
 * nothing of the build machine reaches the bytes.
 *
 * OCF: "mimetype" must be the first entry, stored, with no extra field;
 * ocf_add keeps entries in call order, and epub.c adds it first. */
#include "epub_zip.h"
#include "../util/diag.h"

#include <stdlib.h>
#include <zip.h>

struct ocf {
    zip_t *za;
    const char *path;   /* caller's, for messages */
};

enum {
    DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1,   /* years since 1980, month, day */
    DOS_TIME_MIDNIGHT = 0,
    DEFLATE_LEVEL = 6,
};

/* -rw-r--r-- regular file, as Info-ZIP writes on Unix. */
static const zip_uint32_t unix_file_attr = (zip_uint32_t)0100644 << 16;

struct ocf *ocf_open(const char *path)
{
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        diag_error(DIAG_EPUB_WRITE, path, 0, 0, "cannot create book: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return NULL;
    }
    struct ocf *z = malloc(sizeof *z);
    if (!z) die_oom();
    z->za = za;
    z->path = path;
    return z;
}

static int fail(struct ocf *z, const char *what, const char *name)
{
    diag_error(DIAG_EPUB_WRITE, z->path, 0, 0, "%s '%s': %s", what, name, zip_strerror(z->za));
    return -1;
}

/* Settles everything libzip would otherwise take from the clock or the
 * environment. */
static int fix_entry(struct ocf *z, zip_uint64_t idx, enum ocf_method how)
{
    zip_int32_t method = how == OCF_STORE ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
    zip_uint32_t level = how == OCF_STORE ? 0 : DEFLATE_LEVEL;
    if (zip_set_file_compression(z->za, idx, method, level) < 0) return -1;
    if (zip_file_set_dostime(z->za, idx, DOS_TIME_MIDNIGHT, DOS_DATE_1980_01_01, 0) < 0)
        return -1;
    if (zip_file_set_external_attributes(z->za, idx, 0, ZIP_OPSYS_UNIX, unix_file_attr) < 0)
        return -1;
    return zip_file_extra_field_delete(z->za, idx, ZIP_EXTRA_FIELD_ALL,
                                       ZIP_FL_CENTRAL | ZIP_FL_LOCAL) < 0 ? -1 : 0;
}

int ocf_add(struct ocf *z, const char *name, const void *data, size_t len,
            enum ocf_method how)
{
    zip_source_t *src = zip_source_buffer(z->za, data, len, 0);
    if (!src) return fail(z, "cannot add", name);
    /* ENC_GUESS on an ASCII name sets no UTF-8 flag and adds no Unicode
     * path field; epub.c only passes ASCII slugs. */
    zip_int64_t idx = zip_file_add(z->za, name, src, ZIP_FL_ENC_GUESS);
    if (idx < 0) {
        zip_source_free(src);
        return fail(z, "cannot add", name);
    }
    if (fix_entry(z, (zip_uint64_t)idx, how) < 0) return fail(z, "cannot set up", name);
    return 0;
}

int ocf_close(struct ocf *z)
{
    int rc = 0;
    if (zip_close(z->za) < 0) {
        diag_error(DIAG_EPUB_WRITE, z->path, 0, 0, "cannot write book: %s", zip_strerror(z->za));
        zip_discard(z->za);
        rc = -1;
    }
    free(z);
    return rc;
}

void ocf_discard(struct ocf *z)
{
    if (!z) return;
    zip_discard(z->za);
    free(z);
}
