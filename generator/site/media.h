/* media: the site's photos, published through photos/ (libvips).
 *
 * Every JPEG, PNG or WebP file of the content folder is published upright,
 * in sRGB and without its metadata (GPS above all), at its own URL and
 * size, plus narrower copies at the widths of images.widths in site.yml
 * and WebP copies of each:
 *
 *   stories/x/anh.jpg         the original size, stripped (its old URL)
 *   stories/x/anh-480w.jpg    narrower copies in the original format
 *   stories/x/anh-480w.webp   and in WebP, the original size included
 *   stories/x/anh-1200w.webp  (1200 being the original's width)
 *
 * Variants are made once per content hash and settings in .loa-cache/
 * beside the content folder.  Images in the theme's static folder are
 * the designer's and are copied as they are. */
#pragma once
#include "site.h"

/* Publishes every content image into the staging folder, in parallel.
 * Errors (too large, damaged, not what its name says) name the file.
 * Returns 0, or -1 after reporting. */
int media_publish_all(struct site *s);

/* 1 if path (a content file) is published by media_publish_all rather
 * than copied. */
int media_handles(const struct site *s, const char *path);

/* For an image resolved by asset_resolve: the srcsets of its copies,
 * allocated in a ("u-480w.jpg 480w, u.jpg 1200w"); webp and avif are NULL
 * when that format is off.  Returns 0, or -1 when the image has no copies
 * (remote, SVG, GIF, a theme file, processing off). */
struct media_srcsets { const char *fallback, *webp, *avif; };
int media_srcset(const struct site *s, const struct page_image *im, struct arena *a,
                 struct media_srcsets *out);

/* The file to put into a book for the image at src_path: a JPEG or PNG at
 * most images.book_width wide, without metadata (from the cache), or
 * src_path itself for other images.  Allocated in a; NULL after
 * reporting an error. */
const char *media_book_file(struct site *s, const char *src_path, struct arena *a);
