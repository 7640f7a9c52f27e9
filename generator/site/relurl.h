/* relurl: a page's links made relative to the page (relative_urls: true),
 * so a copy of output/ works opened from disk (file://), from a USB stick.
 *
 * Only attribute values that are URLs of the site (they start with its
 * base path, and not with "//") change: href, src, srcset, action, poster,
 * xlink:href, and the url= of a <meta http-equiv="refresh">.  A link to a
 * folder gets "index.html", since no web server is there to add it.  The
 * text of comments, <script> and <style> is copied unchanged, and so is
 * everything absolute (permalinks: canonical, hreflang, og:url, JSON-LD).
 *
 * Pure functions of their arguments; thread-safe. */
#pragma once
#include <stddef.h>

struct buf;

/* The path from the file at page_rel (relative to the output folder,
 * "stories/x/index.html") to the site path target ("css/site.css",
 * "stories/" or "" for the home page), appended to out: "../../css/site.css". */
void relurl_path(const char *page_rel, const char *target, size_t target_len, struct buf *out);

/* html (n bytes) with every URL under base_path ("/" or "/vanlang/") made
 * relative to page_rel, appended to out. */
void relurl_rewrite(const char *base_path, const char *page_rel, const char *html, size_t n,
                    struct buf *out);
