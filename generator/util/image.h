/* image: the size and media type of an image, from its header only, for
 * width/height attributes (no layout shift) and EPUB manifests.
 * PNG, JPEG, WebP (VP8, VP8L, VP8X), GIF and SVG.  Never trusts the file:
 * truncated or hostile input gives -1 and a reason, never a crash or a
 * long read. */
#pragma once
#include <stddef.h>

struct image_info {
    unsigned width, height;   /* pixels (CSS px for SVG); 0 when an SVG does not say */
    const char *media_type;   /* static: "image/png", "image/jpeg", "image/webp",
                                 "image/gif", "image/svg+xml" */
    char problem[128];        /* when the probe returns -1: why, to follow "image 'x.png' ",
                                 e.g. "is a truncated PNG (it ends inside an IDAT chunk)" */
};

/* Returns 0; -1 if the file is not one of the formats above, is corrupt
 * (a PNG is walked chunk by chunk to its IEND, so a truncated one is
 * found), claims more than LIMIT_IMAGE_PIXELS pixels (util/limits.h;
 * raster formats only), or is an SVG whose width or height is a number
 * of 10,000,000 px or more: out->problem then says which; -2 if it cannot
 * be read (errno set).  A JPEG whose EXIF orientation is 5-8 (rotated a
 * quarter turn) reports width and height as displayed, i.e. swapped.  An
 * SVG's size comes from its width and height attributes (px, or absolute
 * units converted to px; % and em count as unknown), the missing ones
 * from the viewBox, else 0. */
int image_probe(const char *path, struct image_info *out);
/* The same on bytes in memory (tests, fuzzing). */
int image_probe_mem(const void *data, size_t len, struct image_info *out);
