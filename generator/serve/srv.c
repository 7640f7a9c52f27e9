#define _GNU_SOURCE
#include "srv.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LIVE_PATH "/__loa/live.js"
#define EVENTS_PATH "/__loa/events"
#define HTML_MAX (64u << 20)   /* pages are read whole to add the script */

struct srv {
    struct MHD_Daemon *d;
    char *root, *base;
    unsigned port;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned long gen;       /* bumped by every srv_notify */
    enum srv_event last;
    char *last_text;         /* the error shown, or NULL */
    int stopping;
    unsigned listeners;
};

/* The script every served page loads.  Kept small and dependency-free. */
static const char live_js[] =
    "(function(){\n"
    "var es=new EventSource('" EVENTS_PATH "'),box=null;\n"
    "function hide(){if(box){box.remove();box=null;}}\n"
    "function show(t){if(!box){box=document.createElement('div');\n"
    "box.setAttribute('role','alert');box.id='loa-errors';\n"
    "box.style.cssText='position:fixed;inset:0;z-index:2147483647;overflow:auto;"
    "background:rgba(20,0,0,.92);color:#fff;font:15px/1.5 monospace;padding:2em;white-space:pre-wrap';\n"
    "document.body.appendChild(box);}\n"
    "box.textContent='loa: the last build failed; the page shows the last good build.\\n\\n'+t;}\n"
    "es.addEventListener('reload',function(){location.reload();});\n"
    "es.addEventListener('css',function(){hide();var l=document.querySelectorAll("
    "'link[rel=stylesheet]');for(var i=0;i<l.length;i++){var u=new URL(l[i].href);"
    "u.searchParams.set('loa',Date.now());l[i].href=u.href;}});\n"
    "es.addEventListener('failed',function(e){show(e.data);});\n"
    "es.addEventListener('ok',hide);\n"
    "})();\n";

static const struct { const char *ext, *type; } types[] = {
    {"html", "text/html; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"}, {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"}, {"xml", "application/xml"},
    {"xsl", "application/xslt+xml"}, {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"}, {"svg", "image/svg+xml"}, {"png", "image/png"},
    {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"webp", "image/webp"},
    {"avif", "image/avif"}, {"gif", "image/gif"}, {"ico", "image/vnd.microsoft.icon"},
    {"epub", "application/epub+zip"}, {"pdf", "application/pdf"}, {"zip", "application/zip"},
    {"woff2", "font/woff2"}, {"woff", "font/woff"}, {"ttf", "font/ttf"}, {"otf", "font/otf"},
    {"webmanifest", "application/manifest+json"}, {"wasm", "application/wasm"},
    {"mp4", "video/mp4"}, {"webm", "video/webm"}, {"mp3", "audio/mpeg"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

const char *srv_content_type(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash : name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (!strcasecmp(dot + 1, types[i].ext)) return types[i].type;
    return "application/octet-stream";
}

int srv_path_ok(const char *path)
{
    if (path[0] != '/') return -1;
    for (const char *p = path; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\') return -1;
    for (const char *seg = path; seg; seg = strchr(seg + 1, '/')) {
        const char *s = seg + 1;
        size_t n = strcspn(s, "/");
        if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return -1;
    }
    return 0;
}

/* ---- files ------------------------------------------------------------------ */

/* Opens rel beneath root with no symbolic link followed; "" is root. */
static int open_beneath(const char *root, const char *rel)
{
    int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return -1;
    char *clean = buf_strdup(rel);   /* "stories/" names the folder "stories" */
    size_t n = strlen(clean);
    while (n && clean[n - 1] == '/') clean[--n] = '\0';
    int fd = n ? fs_open_beneath(dfd, clean, O_RDONLY | O_CLOEXEC, 1)
               : openat(dfd, ".", O_RDONLY | O_CLOEXEC);
    int e = errno;
    free(clean);
    close(dfd);
    errno = e;
    return fd;
}

static void etag_of(const struct stat *st, const char *suffix, char *out, size_t n)
{
    snprintf(out, n, "\"%jx-%jx-%lx%s\"", (uintmax_t)st->st_ino, (uintmax_t)st->st_size,
             (unsigned long)(st->st_mtim.tv_sec * 1000000000L + st->st_mtim.tv_nsec), suffix);
}

static enum MHD_Result queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r)
{
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result plain(struct MHD_Connection *c, unsigned status, const char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
                                                             MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED) MHD_add_response_header(r, "Allow", "GET, HEAD");
    return queue(c, status, r);
}

static void common_headers(struct MHD_Response *r, const char *type, const char *etag)
{
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (etag) MHD_add_response_header(r, "ETag", etag);
}

/* An HTML page with the live script added before </body>. */
static struct MHD_Response *html_response(int fd, const struct stat *st)
{
    if ((uint64_t)st->st_size > HTML_MAX) return NULL;
    buf b = BUF_INIT;
    buf_grow(&b, (size_t)st->st_size + 64);
    ssize_t n;
    while ((n = read(fd, b.data + b.len, b.cap - b.len - 1)) > 0) {
        b.len += (size_t)n;
        buf_grow(&b, 4096);
    }
    b.data[b.len] = '\0';
    static const char tag[] = "<script src=\"" LIVE_PATH "\"></script>";
    char *end = NULL;
    for (char *p = strstr(b.data, "</body>"); p; p = strstr(p + 1, "</body>")) end = p;
    size_t at = end ? (size_t)(end - b.data) : b.len;
    buf out = BUF_INIT;
    buf_put(&out, b.data, at);
    buf_puts(&out, tag);
    buf_put(&out, b.data + at, b.len - at);
    buf_release(&b);
    size_t len = out.len;
    return MHD_create_response_from_buffer(len, buf_detach(&out), MHD_RESPMEM_MUST_FREE);
}

/* A single "bytes=a-b" range of a file of size n; 1 if there is one
 * (*from, *len set), 0 to send the whole file, -1 if it cannot be met. */
static int parse_range(const char *h, uint64_t n, uint64_t *from, uint64_t *len)
{
    if (!h || strncmp(h, "bytes=", 6) || strchr(h, ',')) return 0;
    const char *p = h + 6;
    char *end;
    if (*p == '-') {
        unsigned long long suf = strtoull(p + 1, &end, 10);
        if (*end || !suf || end == p + 1) return -1;
        *from = suf >= n ? 0 : n - suf;
        *len = n - *from;
        return n ? 1 : -1;
    }
    unsigned long long a = strtoull(p, &end, 10), b = n ? n - 1 : 0;
    if (end == p || *end != '-') return -1;
    if (end[1]) {
        const char *q = end + 1;
        b = strtoull(q, &end, 10);
        if (*end || b < a) return -1;
        if (b >= n) b = n - 1;
    }
    if (a >= n) return -1;
    *from = a;
    *len = b - a + 1;
    return 1;
}

static enum MHD_Result send_file(struct MHD_Connection *c, int fd, const struct stat *st,
                                 const char *name, unsigned status)
{
    const char *type = srv_content_type(name);
    int html = !strncmp(type, "text/html", 9);
    char etag[96];
    etag_of(st, html ? "-live" : "", etag, sizeof etag);
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (status == MHD_HTTP_OK && inm && !strcmp(inm, etag)) {
        close(fd);
        struct MHD_Response *r = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
        common_headers(r, type, etag);
        return queue(c, MHD_HTTP_NOT_MODIFIED, r);
    }
    if (html) {
        struct MHD_Response *r = html_response(fd, st);
        close(fd);
        if (!r) return plain(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "page too large to preview\n");
        common_headers(r, type, etag);
        return queue(c, status, r);
    }
    uint64_t from = 0, len = (uint64_t)st->st_size;
    const char *rh = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Range");
    int rg = status == MHD_HTTP_OK ? parse_range(rh, len, &from, &len) : 0;
    if (rg < 0) {
        close(fd);
        char cr[64];
        snprintf(cr, sizeof cr, "bytes */%jd", (intmax_t)st->st_size);
        struct MHD_Response *r = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Content-Range", cr);
        return queue(c, MHD_HTTP_RANGE_NOT_SATISFIABLE, r);
    }
    struct MHD_Response *r = MHD_create_response_from_fd_at_offset64(len, fd, from);
    common_headers(r, type, etag);
    MHD_add_response_header(r, "Accept-Ranges", "bytes");
    if (rg > 0) {
        char cr[96];
        snprintf(cr, sizeof cr, "bytes %" PRIu64 "-%" PRIu64 "/%jd", from, from + len - 1,
                 (intmax_t)st->st_size);
        MHD_add_response_header(r, "Content-Range", cr);
    }
    return queue(c, rg > 0 ? MHD_HTTP_PARTIAL_CONTENT : status, r);
}

/* The site's 404 page: LANG/404.html for a path under a language folder
 * that has one, else 404.html, else a line of text. */
static enum MHD_Result not_found(struct srv *s, struct MHD_Connection *c, const char *rel)
{
    char cand[256];
    size_t seg = strcspn(rel, "/");
    int fd = -1;
    if (rel[seg] == '/' && seg < 64) {
        snprintf(cand, sizeof cand, "%.*s/404.html", (int)seg, rel);
        fd = open_beneath(s->root, cand);
    }
    if (fd < 0) fd = open_beneath(s->root, "404.html");
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        return send_file(c, fd, &st, "404.html", MHD_HTTP_NOT_FOUND);
    if (fd >= 0) close(fd);
    return plain(c, MHD_HTTP_NOT_FOUND, "404: no such page in this build\n");
}

static enum MHD_Result redirect(struct MHD_Connection *c, const char *url)
{
    buf to = BUF_INIT;
    text_url_escape(url, strlen(url), &to);
    buf_putc(&to, '/');
    struct MHD_Response *r = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Location", to.data);
    buf_release(&to);
    return queue(c, MHD_HTTP_MOVED_PERMANENTLY, r);
}

/* "/" of a site under a path: to its home page (302: another site may be
 * served here tomorrow). */
static enum MHD_Result to_base(struct MHD_Connection *c, const char *base)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Location", base);
    return queue(c, MHD_HTTP_FOUND, r);
}

static enum MHD_Result serve_under(struct srv *s, struct MHD_Connection *c, const char *url,
                                   const char *base)
{
    size_t bl = strlen(base);
    if (!strcmp(url, "/") && bl > 1) return to_base(c, base);
    if (strlen(url) == bl - 1 && !strncmp(url, base, bl - 1)) return redirect(c, url);
    if (strncmp(url, base, bl)) return not_found(s, c, "");
    const char *rel = url + bl;
    int fd = open_beneath(s->root, rel);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) close(fd);
        return not_found(s, c, rel);
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        size_t n = strlen(url);
        if (url[n - 1] != '/') return redirect(c, url);
        buf idx = BUF_INIT;
        buf_printf(&idx, "%sindex.html", rel);
        fd = open_beneath(s->root, idx.data);
        buf_release(&idx);
        if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            if (fd >= 0) close(fd);
            return not_found(s, c, rel);
        }
        return send_file(c, fd, &st, "index.html", MHD_HTTP_OK);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return not_found(s, c, rel);
    }
    return send_file(c, fd, &st, rel, MHD_HTTP_OK);
}

static enum MHD_Result serve_path(struct srv *s, struct MHD_Connection *c, const char *url)
{
    pthread_mutex_lock(&s->mu);   /* srv_set_base_path may change it between builds */
    char *base = buf_strdup(s->base);
    pthread_mutex_unlock(&s->mu);
    enum MHD_Result r = serve_under(s, c, url, base);
    free(base);
    return r;
}

/* ---- server-sent events ------------------------------------------------------ */

struct listener {
    struct srv *s;
    unsigned long seen;
    int hello;
};

/* One event in SSE framing: every line of text gets its own "data:". */
static size_t frame(const char *event, const char *text, char *out, size_t max)
{
    buf b = BUF_INIT;
    buf_printf(&b, "event: %s\n", event);
    const char *p = text ? text : "";
    do {
        size_t n = strcspn(p, "\n");
        buf_puts(&b, "data: ");
        buf_put(&b, p, n);
        buf_putc(&b, '\n');
        p += n + (p[n] == '\n');
    } while (*p);
    buf_putc(&b, '\n');
    size_t n = b.len < max ? b.len : 0;
    if (n) memcpy(out, b.data, n);
    buf_release(&b);
    return n;
}

static ssize_t sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    struct listener *l = cls;
    struct srv *s = l->s;
    pthread_mutex_lock(&s->mu);
    size_t n = 0;
    if (!l->hello) {
        l->hello = 1;
        l->seen = s->gen;
        n = s->last_text ? frame("failed", s->last_text, out, max) : 0;
        if (!n) n = (size_t)snprintf(out, max, "retry: 1000\n\n");
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 15;
    while (!n && !s->stopping && l->seen == s->gen)
        if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT) break;
    if (!n && s->stopping) {
        pthread_mutex_unlock(&s->mu);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    if (!n && l->seen != s->gen) {
        l->seen = s->gen;
        const char *ev = s->last == SRV_ERROR ? "failed" : s->last == SRV_CSS ? "css" : "reload";
        n = frame(ev, s->last == SRV_ERROR ? s->last_text : "", out, max);
    }
    pthread_mutex_unlock(&s->mu);
    if (!n) n = (size_t)snprintf(out, max, ": ping\n\n");
    return (ssize_t)n;
}

static void sse_free(void *cls)
{
    struct listener *l = cls;
    pthread_mutex_lock(&l->s->mu);
    l->s->listeners--;
    pthread_mutex_unlock(&l->s->mu);
    free(l);
}

static enum MHD_Result events(struct srv *s, struct MHD_Connection *c)
{
    struct listener *l = calloc(1, sizeof *l);
    if (!l) die_oom();
    l->s = s;
    pthread_mutex_lock(&s->mu);
    s->listeners++;
    pthread_mutex_unlock(&s->mu);
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256 * 1024,
                                                               sse_read, l, sse_free);
    MHD_add_response_header(r, "Content-Type", "text/event-stream");
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    return queue(c, MHD_HTTP_OK, r);
}

/* ---- the handler and the daemon ------------------------------------------------ */

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    (void)upload;
    (void)upload_size;
    (void)con_cls;
    struct srv *s = cls;
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return plain(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    if (srv_path_ok(url) != 0) return plain(c, MHD_HTTP_BAD_REQUEST, "bad path\n");
    if (!strcmp(url, LIVE_PATH)) {
        struct MHD_Response *r = MHD_create_response_from_buffer(sizeof live_js - 1,
                                                                 (void *)live_js,
                                                                 MHD_RESPMEM_PERSISTENT);
        common_headers(r, "text/javascript; charset=utf-8", NULL);
        return queue(c, MHD_HTTP_OK, r);
    }
    if (!strcmp(url, EVENTS_PATH)) return events(s, c);
    return serve_path(s, c, url);
}

static int parse_addr(const char *bind, unsigned port, struct sockaddr_storage *ss, int *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, bind, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *v6 = 0;
        return 0;
    }
    if (inet_pton(AF_INET6, bind, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *v6 = 1;
        return 0;
    }
    return -1;
}

static char *base_of(const char *b)
{
    buf p = BUF_INIT;
    if (!b || b[0] != '/') buf_putc(&p, '/');
    if (b) buf_puts(&p, b);
    if (p.data[p.len - 1] != '/') buf_putc(&p, '/');
    return buf_detach(&p);
}

struct srv *srv_start(const struct srv_opts *o, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    int v6;
    if (parse_addr(o->bind ? o->bind : "127.0.0.1", o->port, &ss, &v6) != 0) {
        snprintf(err, errlen, "'%s' is not an IP address (use 127.0.0.1 or ::1)", o->bind);
        return NULL;
    }
    struct srv *s = calloc(1, sizeof *s);
    if (!s) die_oom();
    s->root = buf_strdup(o->root);
    s->base = base_of(o->base_path);
    pthread_mutex_init(&s->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_cond_init(&s->cv, &ca);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     (v6 ? MHD_USE_IPv6 : 0);
    s->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, handle, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
    if (!s->d) {
        snprintf(err, errlen, "cannot listen on %s port %u (is another server using it? "
                 "pick one with --port)", o->bind ? o->bind : "127.0.0.1", o->port);
        srv_stop(s);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : o->port;
    return s;
}

unsigned srv_port(const struct srv *s) { return s->port; }

void srv_set_base_path(struct srv *s, const char *base_path)
{
    char *b = base_of(base_path);
    pthread_mutex_lock(&s->mu);
    free(s->base);
    s->base = b;
    pthread_mutex_unlock(&s->mu);
}

void srv_notify(struct srv *s, enum srv_event e, const char *text)
{
    pthread_mutex_lock(&s->mu);
    free(s->last_text);
    s->last_text = e == SRV_ERROR ? buf_strdup(text ? text : "") : NULL;
    s->last = e;
    s->gen++;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

unsigned srv_listeners(struct srv *s)
{
    pthread_mutex_lock(&s->mu);
    unsigned n = s->listeners;
    pthread_mutex_unlock(&s->mu);
    return n;
}

void srv_stop(struct srv *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->mu);
    s->stopping = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (s->d) MHD_stop_daemon(s->d);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s->last_text);
    free(s->root);
    free(s->base);
    free(s);
}
