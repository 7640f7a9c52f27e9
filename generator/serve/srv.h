/* srv: the preview server's HTTP side (libmicrohttpd).
 *
 * Serves the files of one folder, read-only: GET and HEAD only; a path
 * with "..", a backslash or a control character is refused; files are
 * opened beneath the folder with no symbolic link followed (openat2
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS where the kernel has it).  The
 * folder is opened again for every request, so a build that swaps a new
 * folder into place is served from the next request on.  Answers carry
 * a Content-Type by extension, an ETag (If-None-Match gives 304), and
 * honour a single byte Range (EPUB downloads); a missing file gets the
 * site's own 404 page (LANG/404.html, else 404.html) with status 404.
 * The site is served under base_path ("/vanlang/": /vanlang/x/ is x/ in
 * the folder); "/" then redirects to base_path.
 *
 * HTML pages get one script tag before </body>: /__loa/live.js, which
 * listens to /__loa/events (server-sent events) and reloads the page,
 * swaps stylesheets, or shows an overlay with the build's errors.
 *
 * Threads: libmicrohttpd runs one thread per connection; srv_notify may
 * be called from any thread. */
#pragma once
#include <stddef.h>

struct srv;

struct srv_opts {
    const char *root;        /* the folder served */
    const char *bind;        /* an IPv4 or IPv6 address; NULL: 127.0.0.1 */
    unsigned port;           /* 0: any free port (see srv_port) */
    const char *base_path;   /* the site's path under the host, "/" or "/vanlang/" */
};

/* Starts serving; NULL with a sentence in err if it cannot (port in use,
 * bad address). */
struct srv *srv_start(const struct srv_opts *o, char *err, size_t errlen);
unsigned srv_port(const struct srv *s);
/* Serves the site under another path from the next request on ("/vanlang/"
 * after site.yml's base_url changed); "/" then redirects there. */
void srv_set_base_path(struct srv *s, const char *base_path);

enum srv_event {
    SRV_RELOAD,      /* the site changed: reload */
    SRV_CSS,         /* only stylesheets changed: swap them */
    SRV_ERROR,       /* the last build failed: text is what to show */
};
/* Tells every open page; an error stays shown (also to pages opened
 * later) until the next SRV_RELOAD or SRV_CSS. */
void srv_notify(struct srv *s, enum srv_event e, const char *text);
/* Number of pages listening for events (tests). */
unsigned srv_listeners(struct srv *s);
void srv_stop(struct srv *s);

/* The media type served for a file name (exposed for tests). */
const char *srv_content_type(const char *name);
/* 0 if the request path is safe to look up, -1 if it must be refused. */
int srv_path_ok(const char *path);
