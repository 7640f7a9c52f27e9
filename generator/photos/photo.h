/* photo: raster images made fit for a phone on 3G and for books (libvips).
 *
 * One source image becomes a set of widths (never wider than the
 * original), each as WebP and in the source's own format (JPEG or PNG) as
 * the fallback.  The image is turned upright first (EXIF orientation),
 * its colour profile converted to sRGB, and every metadata block (EXIF
 * with GPS, XMP, IPTC) stripped unless keep_metadata is set.
 *
 * Variants are made once per content hash and options, in a cache folder
 * (CACHE/photos/HASH/): files are written under temporary names and
 * renamed into place, the set's manifest last, so concurrent builds share
 * the work and a killed build leaves no half-written variant behind.
 * Encoders run with fixed settings, so the bytes are the same every time.
 *
 * Thread-safe: any number of threads may publish photos at once. */
#pragma once
#include <stddef.h>

struct photo_opts {
    const unsigned *widths;       /* ascending, e.g. {480, 960, 1600} */
    size_t n_widths;
    int quality;                  /* 1-100 (JPEG and WebP); 0: 80 */
    int webp;                     /* also write WebP variants */
    int avif;                     /* also write AVIF variants (slower to make: off by default) */
    int keep_metadata;            /* keep EXIF/XMP/IPTC (orientation is still applied) */
    int largest_only;             /* one file: the widest width, never wider than the original */
    unsigned long long max_pixels;   /* 0: PHOTO_MAX_PIXELS */
    unsigned long long max_bytes;    /* 0: PHOTO_MAX_BYTES */
};
#define PHOTO_MAX_PIXELS (50ULL * 1000 * 1000)
#define PHOTO_MAX_BYTES (40ULL * 1024 * 1024)

struct photo_file {
    unsigned width, height;
    const char *ext;              /* static: "webp", "jpg" or "png" */
    const char *media_type;       /* static */
    char *path;                   /* the file in the cache (malloc'd) */
};

struct photo_set {
    unsigned width, height;       /* the original, upright */
    struct photo_file *files;     /* by width, then WebP before the fallback */
    size_t n;
    int from_cache;               /* 1 when nothing had to be made */
    char hash[33];                /* of the source bytes and the options */
};

/* Makes (or finds in cache_dir) the variants of src.  Returns 0; or -1
 * with a sentence in err saying what is wrong and what to do (too large,
 * truncated, not a JPEG, PNG or WebP file, cannot write the cache). */
int photo_publish(const char *src, const struct photo_opts *o, const char *cache_dir,
                  struct photo_set *out, char *err, size_t errlen);
void photo_set_release(struct photo_set *ps);

/* The widths made for an original orig pixels wide: each configured
 * width narrower than it, then the original's own (with largest_only:
 * only the widest width or the original's, whichever is narrower).  Writes at most
 * o->n_widths + 1 widths to out; returns how many. */
size_t photo_plan(const struct photo_opts *o, unsigned orig, unsigned *out);
/* 1 if WebP and AVIF copies (when asked for) are made at width w of an
 * original orig wide: every
 * width but the original's own when it is wider than every configured
 * width (pages never ask for it; it stays at its URL for links). */
int photo_webp_at(const struct photo_opts *o, unsigned w, unsigned orig);
