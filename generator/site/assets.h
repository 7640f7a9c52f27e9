/* assets: what a page refers to (images, other content files), resolved
 * against the content folder and the theme's static folder. */
#pragma once
#include "site.h"

/* Resolves ref (from front matter or Markdown) as seen from page p.
 * Relative refs are relative to the page's file; "/x" is looked up in the
 * content folder, then the theme's static folder; http(s) refs are remote.
 * Fills img (url, src_path, media_type, width, height for local images).
 * Returns 0, 1 for a remote ref, -1 when the file does not exist (nothing
 * reported: the caller knows the position). */
int asset_resolve(struct site *s, const struct page *p, const char *ref, struct page_image *img,
                  struct arena *a);
/* Why the local image at ref (as for asset_resolve) cannot be used, to
 * follow "image 'ref' ": a file named .png, .jpg, .jpeg, .webp, .gif or
 * .svg that is not such an image, is corrupt or truncated, or is over
 * LIMIT_IMAGE_PIXELS (image_probe).  NULL when it can, or is missing,
 * remote, or of another type (not judged). */
const char *asset_image_problem(struct site *s, const struct page *p, const char *ref,
                                struct arena *a);
/* Normalises "a/b/../c" → "a/c"; returns NULL if it climbs above the root. */
char *asset_normalize(struct arena *a, const char *path);
/* The page a Markdown link to a content file points to, in the language
 * of p; NULL when href is not a content link.  *missing: 1 when it is one
 * but the file does not exist, -1 when the file is a page that could not
 * be read (site->partial; already reported). */
struct page *asset_link_target(struct site *s, const struct page *p, const char *href,
                               const char **fragment, int *missing, struct arena *a);
/* Any other local link (a file, a folder, a site path), checked once the
 * model is built.  A relative path naming a file beside the page's source
 * is rewritten to that file's URL (like an image); otherwise it is read as
 * the browser would, from the page's URL, and must be a page, an alias, a
 * file of content/ or of the theme's static/, a book or a feed.  Returns
 * the replacement or NULL; *why is set (and nothing replaced) when the
 * link leads nowhere.  Remote links, #fragments and mailto: are skipped. */
const char *asset_link_resolve(struct site *s, const struct page *p, const char *href,
                               const char **why, struct arena *a);
