/* bench_mustache: a list page as a theme renders it: a page template
 * that extends a base layout ({{<base}}, blocks for title and main), the
 * base pulling in head, header and footer partials, and a 50-post list
 * with tags and HTML-escaped titles.  Compiled once, rendered N times on
 * one thread and then split over two threads sharing the cache.  Prints
 * renders per second and peak RSS.
 *
 *   make build/bench-mustache && ./build/bench-mustache [renders] */
#include "../../generator/data/value.h"
#include "../../generator/templates/mustache.h"
#include "../../generator/util/arena.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *const theme[] = {
    "base",
    "<!DOCTYPE html>\n"
    "<html lang=\"{{site.lang}}\">\n"
    "<head>\n"
    "  {{>head}}\n"
    "</head>\n"
    "<body class=\"{{page.kind}}\">\n"
    "  {{>header}}\n"
    "  <main id=\"content\">\n"
    "    {{$main}}\n"
    "    <p>{{page.description}}</p>\n"
    "    {{/main}}\n"
    "  </main>\n"
    "  {{>footer}}\n"
    "</body>\n"
    "</html>\n",
    "head",
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>{{$title}}{{site.title}}{{/title}}</title>\n"
    "<meta name=\"description\" content=\"{{page.description}}\">\n"
    "{{#site.css}}\n"
    "<link rel=\"stylesheet\" href=\"{{site.base_url}}{{.}}\">\n"
    "{{/site.css}}\n"
    "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{{site.base_url}}feed.xml\">\n",
    "header",
    "<header class=\"site\">\n"
    "  <a class=\"brand\" href=\"{{site.base_url}}\">{{site.title}}</a>\n"
    "  <nav>\n"
    "    <ul>\n"
    "      {{#site.menu}}\n"
    "      <li{{#active}} class=\"active\"{{/active}}><a href=\"{{url}}\">{{title}}</a></li>\n"
    "      {{/site.menu}}\n"
    "    </ul>\n"
    "  </nav>\n"
    "</header>\n",
    "footer",
    "<footer>\n"
    "  <p>&copy; {{site.year}} {{site.title}}. {{site.license}}</p>\n"
    "  {{^site.hide_feed}}<a href=\"{{site.base_url}}feed.xml\">Atom</a>{{/site.hide_feed}}\n"
    "</footer>\n",
    "list",
    "{{<base}}\n"
    "{{$title}}{{page.title}} – {{site.title}}{{/title}}\n"
    "{{$main}}\n"
    "<h1>{{page.title}}</h1>\n"
    "<ul class=\"posts\">\n"
    "  {{#posts}}\n"
    "  <li>\n"
    "    <a href=\"{{site.base_url}}{{url}}\">{{title}}</a>\n"
    "    <time datetime=\"{{date}}\">{{date}}</time>\n"
    "    <p>{{summary}}</p>\n"
    "    {{#tags.0}}<ul class=\"tags\">{{#tags}}<li>{{.}}</li>{{/tags}}</ul>{{/tags.0}}\n"
    "  </li>\n"
    "  {{/posts}}\n"
    "</ul>\n"
    "{{/main}}\n"
    "{{/base}}\n",
    NULL};

static char *loader(void *ud, const char *name, char **path)
{
    (void)ud;
    (void)path;
    for (const char *const *p = theme; *p; p += 2)
        if (!strcmp(p[0], name)) return strdup(p[1]);
    return NULL;
}

/* Mostly Vietnamese words; now and then an '&' to escape. */
static const char *const words[] = {"người", "đường", "núi", "sông", "làng", "mùa", "nước",
    "quyền", "trẻ", "em", "phụ", "nữ", "công", "ước", "bảo", "vệ", "giáo", "dục", "và", "của",
    "trong", "được", "những", "một", "cho", "với", "các", "năm", "mới", "&"};

static value *sentence(arena *a, int n, unsigned *seed)
{
    buf b = BUF_INIT;
    for (int i = 0; i < n; i++) {
        *seed = *seed * 1103515245u + 12345u;
        buf_printf(&b, "%s%s", i ? " " : "", words[(*seed >> 16) % (sizeof words / sizeof *words)]);
    }
    value *v = val_strn(a, b.data, b.len);
    buf_release(&b);
    return v;
}

static value *site(arena *a)
{
    static const char *const menu[] = {"Trang chủ", "Công ước", "Câu chuyện", "Báo cáo",
                                       "Sách", "Giới thiệu"};
    value *s = val_map(a), *m = val_list(a), *css = val_list(a);
    val_set_str(a, s, "title", "Quyền con người");
    val_set_str(a, s, "lang", "vi");
    val_set_str(a, s, "base_url", "/");
    val_set_int(a, s, "year", 2026);
    val_set_str(a, s, "license", "CC BY 4.0");
    for (int i = 0; i < 6; i++) {
        value *it = val_map(a);
        val_set_str(a, it, "title", menu[i]);
        val_set(a, it, "url", val_str(a, i ? "section/" : "/"));
        val_set_bool(a, it, "active", i == 2);
        val_push(a, m, it);
    }
    val_push(a, css, val_str(a, "css/site.css"));
    val_push(a, css, val_str(a, "css/print.css"));
    val_set(a, s, "menu", m);
    val_set(a, s, "css", css);
    return s;
}

static value *data(arena *a)
{
    unsigned seed = 7;
    value *root = val_map(a), *page = val_map(a), *posts = val_list(a);
    val_set_str(a, page, "title", "Câu chuyện");
    val_set_str(a, page, "kind", "list");
    val_set(a, page, "description", sentence(a, 20, &seed));
    for (int i = 0; i < 50; i++) {
        value *p = val_map(a), *tags = val_list(a);
        char url[64], date[16];
        snprintf(url, sizeof url, "stories/story-%02d/", i);
        snprintf(date, sizeof date, "2026-%02d-%02d", i % 12 + 1, i % 28 + 1);
        val_set(a, p, "title", sentence(a, 6, &seed));
        val_set_str(a, p, "url", url);
        val_set_str(a, p, "date", date);
        val_set(a, p, "summary", sentence(a, 35, &seed));
        for (int k = 0; k < i % 4; k++) val_push(a, tags, sentence(a, 1, &seed));
        val_set(a, p, "tags", tags);
        val_push(a, posts, p);
    }
    val_set(a, root, "site", site(a));
    val_set(a, root, "page", page);
    val_set(a, root, "posts", posts);
    return root;
}

struct job {
    mus_cache *c;
    const mus_template *t;
    const value *d;
    long n;
    size_t bytes;
};

static void *run(void *arg)
{
    struct job *j = arg;
    buf out = BUF_INIT;
    for (long i = 0; i < j->n; i++) {
        buf_clear(&out);
        if (mus_render(j->c, j->t, &mus_value_ops, NULL, j->d, NULL, &out) != 0) exit(1);
    }
    j->bytes = out.len;
    buf_release(&out);
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time too: on a busy machine wall time says more about the load. */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    arena a = ARENA_INIT;
    const value *d = data(&a);
    mus_cache *c = mus_cache_new(loader, NULL);
    double t0 = now();
    mus_template *t = mus_get(c, "list");
    double t1 = now();
    if (!t) return 1;
    struct job j = {c, t, d, n, 0};
    double c1 = cpu();
    run(&j);
    double t2 = now(), c2 = cpu();
    struct job two[2] = {{c, t, d, n / 2, 0}, {c, t, d, n / 2, 0}};
    pthread_t tid[2];
    for (int i = 0; i < 2; i++) pthread_create(&tid[i], NULL, run, &two[i]);
    for (int i = 0; i < 2; i++) pthread_join(tid[i], NULL);
    double t3 = now();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("mustache: compile 5 templates %.3f ms; page %zu bytes\n", (t1 - t0) * 1e3, j.bytes);
    printf("mustache: %ld renders in %.2f s: %.0f renders/s, %.0f MB/s (1 thread; "
           "%.0f renders per CPU second)\n", n, t2 - t1, (double)n / (t2 - t1),
           (double)n * (double)j.bytes / (t2 - t1) / 1e6, (double)n / (c2 - c1));
    printf("mustache: %ld renders in %.2f s: %.0f renders/s (2 threads, one cache)\n",
           n / 2 * 2, t3 - t2, (double)(n / 2 * 2) / (t3 - t2));
    printf("mustache: peak RSS %ld KB\n", ru.ru_maxrss);
    mus_cache_free(c);
    arena_release(&a);
    return 0;
}
