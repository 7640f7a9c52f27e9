/* loa serve: HTTP behaviour with real requests (curl), reloads after
 * edits, the error overlay, and every served file equal to a cold build
 * of the same tree after each kind of edit. */
#include "../test.h"
#include "../../generator/serve/srv.h"
#include "../../generator/serve/watch.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void pure_functions(void)
{
    CHECK_STR(srv_content_type("a/b.epub"), "application/epub+zip");
    CHECK_STR(srv_content_type("x.SVG"), "image/svg+xml");
    CHECK_STR(srv_content_type("index.html"), "text/html; charset=utf-8");
    CHECK_STR(srv_content_type("site.webmanifest"), "application/manifest+json");
    CHECK_STR(srv_content_type("f.woff2"), "font/woff2");
    CHECK_STR(srv_content_type("noext"), "application/octet-stream");
    CHECK_STR(srv_content_type("dir.v2/noext"), "application/octet-stream");
    CHECK_INT(srv_path_ok("/"), 0);
    CHECK_INT(srv_path_ok("/en/stories/x/"), 0);
    CHECK_INT(srv_path_ok("/a..b/c"), 0);
    CHECK_INT(srv_path_ok("/../etc/passwd"), -1);
    CHECK_INT(srv_path_ok("/a/../../b"), -1);
    CHECK_INT(srv_path_ok("/a/./b"), -1);
    CHECK_INT(srv_path_ok("/a\\..\\b"), -1);
    CHECK_INT(srv_path_ok("/a\nb"), -1);
    CHECK_INT(srv_path_ok("relative"), -1);
    CHECK(watch_ignored(".index.md.swp"));
    CHECK(watch_ignored("index.md~"));
    CHECK(watch_ignored("#index.md#"));
    CHECK(watch_ignored("4913"));
    CHECK(watch_ignored(".goutputstream-ABC123"));
    CHECK(!watch_ignored("index.md"));
    CHECK(!watch_ignored("site.css"));
}

struct server {
    char *dir;     /* the site: content/, theme/ */
    char *url;     /* http://127.0.0.1:PORT/ */
    long pid;
};

static int start(struct server *sv)
{
    buf cmd = BUF_INIT, out = BUF_INIT;
    buf_printf(&cmd, "cd %s && (SOURCE_DATE_EPOCH=1767225600 %s serve --port 0 --content content "
                     "--theme theme > serve.log 2>&1 & echo $!)",
               sv->dir, t_loa());
    t_run(cmd.data, &out);
    sv->pid = strtol(out.data, NULL, 10);
    buf_clear(&cmd);
    buf_printf(&cmd, "for i in $(seq 100); do grep -o 'http://127.0.0.1:[0-9]*/' %s/serve.log "
                     "&& exit 0; sleep 0.1; done; exit 1", sv->dir);
    buf_clear(&out);
    int r = t_run(cmd.data, &out);
    if (r == 0) {
        out.data[strcspn(out.data, "\n")] = '\0';
        sv->url = buf_detach(&out);
    }
    buf_release(&cmd);
    buf_release(&out);
    return sv->pid > 0 && r == 0 ? 0 : -1;
}

/* curl's -w output for path, with extra curl options. */
static void fetch(const struct server *sv, const char *opts, const char *path, buf *out)
{
    buf cmd = BUF_INIT;
    buf_clear(out);
    buf_printf(&cmd, "curl -s --path-as-is -o /dev/null -w '%%{http_code} %%{content_type}' %s "
                     "'%s%s'", opts, sv->url, path);
    t_run(cmd.data, out);
    buf_release(&cmd);
}

static void http(const struct server *sv)
{
    buf o = BUF_INIT;
    fetch(sv, "", "", &o);
    CHECK_STR(o.data, "200 text/html; charset=utf-8");
    fetch(sv, "-I", "", &o);
    CHECK_STR(o.data, "200 text/html; charset=utf-8");
    fetch(sv, "", "../../../../etc/passwd", &o);
    CHECK_HAS(o.data, "400");
    fetch(sv, "", "%2e%2e/%2e%2e/etc/passwd", &o);
    CHECK_HAS(o.data, "400");
    fetch(sv, "", "a%5c..%5c..%5cetc", &o);
    CHECK_HAS(o.data, "400");
    fetch(sv, "", "a%00b", &o);
    CHECK(strncmp(o.data, "200", 3) != 0);
    fetch(sv, "-X POST", "", &o);
    CHECK_HAS(o.data, "405");
    fetch(sv, "", "no/such/page/", &o);
    CHECK_STR(o.data, "404 text/html; charset=utf-8");
    fetch(sv, "", "stories", &o);
    CHECK_HAS(o.data, "301");
    fetch(sv, "", "index.xml", &o);
    CHECK_STR(o.data, "200 application/xml");
    buf cmd = BUF_INIT;
    /* ETag and If-None-Match; Range */
    buf_clear(&cmd);
    buf_clear(&o);
    buf_printf(&cmd, "e=$(curl -sI '%sindex.xml' | tr -d '\\r' | sed -n 's/^ETag: //Ip'); "
                     "curl -s -o /dev/null -w '%%{http_code}' -H \"If-None-Match: $e\" '%sindex.xml'",
               sv->url, sv->url);
    t_run(cmd.data, &o);
    CHECK_STR(o.data, "304");
    buf_clear(&cmd);
    buf_clear(&o);
    buf_printf(&cmd, "curl -s -H 'Range: bytes=5-14' -w ' %%{http_code}' '%sindex.xml'", sv->url);
    t_run(cmd.data, &o);
    CHECK_STR(o.data, " version=\" 206");
    fetch(sv, "-H 'Range: bytes=999999999-'", "index.xml", &o);
    CHECK_HAS(o.data, "416");
    /* pages carry the live script, other files do not */
    buf_clear(&cmd);
    buf_clear(&o);
    buf_printf(&cmd, "curl -s '%s' | grep -c '/__loa/live.js'; curl -s '%sindex.xml' | "
                     "grep -c live.js", sv->url, sv->url);
    t_run(cmd.data, &o);
    CHECK_STR(o.data, "1\n0\n");
    buf_release(&cmd);
    buf_release(&o);
}

/* Makes an edit, waits for the server's next event, returns it. */
static void edit(const struct server *sv, const char *shell, buf *event)
{
    buf cmd = BUF_INIT;
    buf_clear(event);
    buf_printf(&cmd, "cd %s && (curl -sN --max-time 20 '%s__loa/events' > ev.txt &) && sleep 0.3 && "
                     "n=$(grep -c '^event: ' ev.txt); %s && for i in $(seq 200); do "
                     "[ $(grep -c '^event: ' ev.txt) -gt $n ] && break; sleep 0.1; done; "
                     "sed -n 's/^event: //p' ev.txt | tail -1",
               sv->dir, sv->url, shell);
    t_run(cmd.data, event);
    buf_release(&cmd);
}

/* Every file of a cold build of the same tree is served, byte for byte
 * (pages without the live script), and nothing else is.  only: a find
 * -name pattern to compare only those files ("*.html": the pages, which a
 * quick update replaces before the tab reloads), else every file, waiting
 * up to 15 s for the whole build that follows quick updates. */
static int same_as(const struct server *sv, const char *label, const char *only)
{
    buf cmd = BUF_INIT, out = BUF_INIT;
    buf_printf(&cmd,
               "cd %s && rm -rf cold && SOURCE_DATE_EPOCH=1767225600 %s build --content content "
               "--theme theme --out cold --base-url '%s' --quiet >cold.log 2>&1 || "
               "{ echo BUILD-FAILED; cat cold.log; }; "
               "find cold -type f ! -name .loa-output ! -name '%s' -delete; "
               "find cold -type d -empty -delete; "
               "cd cold && find . -type f ! -name .loa-output | sed 's|^\\./||' | sort | "
               "while read f; do u=$f; case $f in */index.html) u=${f%%index.html};; "
               "index.html) u=;; esac; printf 'url = \"%s%%s\"\\noutput = \"served/%%s\"\\n' "
               "\"$u\" \"$f\"; done > ../curl.cfg && cd .. && for i in $(seq %d); do "
               "rm -rf served && curl -s --create-dirs -K curl.cfg && "
               "find served -name '*.html' -exec sed -i 's|<script src=\"/__loa/live.js\"></script>||' {} + "
               "&& (diff -r cold served 2>&1 | grep -v '^Only in cold: .loa-output'; "
               "[ $(find served -type f | wc -l) -gt 10 ] || echo 'TOO FEW FILES SERVED') > diff.txt; "
               "[ -s diff.txt ] || break; sleep 0.5; done; "
               "cat diff.txt",
               sv->dir, t_loa(), sv->url, only ? only : "*", sv->url, only ? 1 : 30);
    t_run(cmd.data, &out);
    int ok = CHECK(out.len == 0);
    if (!ok) fprintf(stderr, "    after %s:\n%.1500s\n", label, out.data);
    buf_release(&cmd);
    buf_release(&out);
    return ok;
}

/* How many lines of the server's log have text. */
static int log_count(const struct server *sv, const char *text)
{
    buf cmd = BUF_INIT, out = BUF_INIT;
    buf_printf(&cmd, "grep -ac '%s' %s/serve.log", text, sv->dir);
    t_run(cmd.data, &out);
    int n = atoi(out.data);
    buf_release(&cmd);
    buf_release(&out);
    return n;
}

/* Waits up to 20 s for the log to have more than n lines with text. */
static int log_wait(const struct server *sv, const char *text, int n)
{
    for (int i = 0; i < 200; i++) {
        if (log_count(sv, text) > n) return 0;
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    return -1;
}

static void etag(const struct server *sv, const char *path, buf *out)
{
    buf cmd = BUF_INIT;
    buf_clear(out);
    buf_printf(&cmd, "curl -sI '%s%s' | tr -d '\\r' | sed -n 's/^ETag: //Ip'", sv->url, path);
    t_run(cmd.data, out);
    buf_release(&cmd);
}

static int same_as_cold(const struct server *sv, const char *label)
{
    return same_as(sv, label, NULL);
}

/* A body edit takes the quick path: the server says so, and every page is
 * already what a cold build makes when the tab reloads. */
static void quick_edit(const struct server *sv)
{
    buf ev = BUF_INIT, cmd = BUF_INIT, log = BUF_INIT;
    edit(sv, "printf '\\nMột đoạn nữa, đổi tóm tắt.\\n' >> content/stories/giam-ngheo.md", &ev);
    CHECK_STR(ev.data, "reload\n");
    buf_printf(&cmd, "grep -c 'loa serve: updated' %s/serve.log", sv->dir);
    t_run(cmd.data, &log);
    CHECK(atoi(log.data) >= 1);
    same_as(sv, "a body edit (pages at once)", "*.html");
    same_as_cold(sv, "a body edit (after the whole build)");
    /* a new first paragraph: the summary changes, so do the listings */
    edit(sv, "awk 'NR>1 && !d && /^---$/ {print; print \"\"; print \"Mở đầu mới của bài.\"; "
             "d=1; next} {print}' content/stories/giam-ngheo.md > .s && "
             "mv .s content/stories/giam-ngheo.md", &ev);
    CHECK_STR(ev.data, "reload\n");
    buf_clear(&log);
    t_run(cmd.data, &log);
    CHECK(atoi(log.data) >= 2);
    same_as(sv, "a summary edit (pages at once)", "*.html");
    same_as_cold(sv, "a summary edit (after the whole build)");
    /* a new title: listings, neighbours, translations and feeds show it
     * (giam-ngheo has an alias, whose redirect page shows its title outside
     * templates: its title edit below takes the whole build) */
    edit(sv, "sed 's/^title: .*/title: \"Trường mới: tiêu đề mới\"/' "
             "content/stories/truong-hoc.md > .s && mv .s content/stories/truong-hoc.md", &ev);
    CHECK_STR(ev.data, "reload\n");
    buf_clear(&log);
    t_run(cmd.data, &log);
    CHECK(atoi(log.data) >= 3);
    same_as(sv, "a title edit (pages at once)", "*.html");
    same_as_cold(sv, "a title edit (after the whole build)");
    /* a title that moves its page past another of the same date: the
     * section's order, its listing and the neighbours change at once (sed
     * -i's temporary file in content/stories is no new page) */
    edit(sv, "sed -i 's/^date: .*/date: 2024-01-15/' content/stories/y-te.md", &ev);
    CHECK_STR(ev.data, "reload\n");
    same_as_cold(sv, "a date edit (a tie)");
    int before = log_count(sv, "loa serve: updated");
    edit(sv, "sed -i 's/^title: .*/title: \"An toàn ở trạm y tế\"/' content/stories/y-te.md", &ev);
    CHECK_STR(ev.data, "reload\n");
    CHECK_INT(log_count(sv, "loa serve: updated"), before + 1);
    same_as(sv, "a title edit past a tie (pages at once)", "*.html");
    same_as_cold(sv, "a title edit past a tie (after the whole build)");
    /* a layout saved by rename, a layout edited by sed -i (its temporary
     * file is not a template): the pages that use them are rendered again */
    int n = log_count(sv, "loa serve: updated");
    edit(sv, "sed 's|</body>|<!-- sửa --></body>|' theme/layouts/base.mustache > .b && "
             "mv .b theme/layouts/base.mustache", &ev);
    CHECK_STR(ev.data, "reload\n");
    CHECK_INT(log_count(sv, "loa serve: updated"), n + 1);
    same_as(sv, "a layout edit (pages at once)", "*.html");
    edit(sv, "sed -i 's|</h1>|</h1><!-- sửa -->|' theme/layouts/_default/single.mustache",
         &ev);
    CHECK_STR(ev.data, "reload\n");
    CHECK_INT(log_count(sv, "loa serve: updated"), n + 2);
    same_as(sv, "a layout edit by sed -i (pages at once)", "*.html");
    same_as_cold(sv, "a layout edit (after the whole build)");
    buf_release(&ev);
    buf_release(&cmd);
    buf_release(&log);
}

/* Whole builds link the books whose inputs did not change: a page in no
 * book leaves them as they are; a chapter's edit makes its book again. */
static void books_kept(const struct server *sv)
{
    buf before = BUF_INIT, after = BUF_INIT, ev = BUF_INIT;
    const char *book = "vi/epub/udhr75.epub";
    etag(sv, book, &before);
    CHECK_HAS(before.data, "\"");
    int n = log_count(sv, "loa serve: rebuilt");
    edit(sv, "printf '\\nThêm một câu.\\n' >> content/stories/giam-ngheo.md", &ev);
    CHECK_INT(log_wait(sv, "loa serve: rebuilt", n), 0);   /* the whole build that follows */
    etag(sv, book, &after);
    CHECK_STR(after.data, before.data);   /* same inode, size and time */
    CHECK_INT(log_count(sv, "loa serve: made"), 0);
    /* a chapter's edit: the whole build shows the pages with the served
     * book standing in, then the book is made */
    edit(sv, "printf '\\nThêm một câu.\\n' >> content/emagazine/udhr75/01-ra-doi.md", &ev);
    CHECK_INT(log_wait(sv, "loa serve: made 1 book", 0), 0);
    etag(sv, book, &after);
    CHECK(strcmp(after.data, before.data) != 0);
    same_as_cold(sv, "a chapter edit (its book made again)");
    buf_release(&before);
    buf_release(&after);
    buf_release(&ev);
}

/* A second server on the same folder works beside the first (each builds
 * in a folder of its own, locked) and neither disturbs the other; on the
 * first one's port it refuses to start. */
static void second_server(const struct server *sv)
{
    struct server two = {sv->dir, NULL, 0};
    buf cmd = BUF_INIT, out = BUF_INIT;
    buf_printf(&cmd, "cd %s && mv serve.log serve1.log", sv->dir);
    t_run(cmd.data, NULL);
    if (CHECK(start(&two) == 0)) {
        same_as_cold(&two, "a second server on the same folder");
        same_as_cold(sv, "the first server, beside a second one");
    }
    if (two.pid > 0) kill((pid_t)two.pid, SIGTERM);
    buf_clear(&cmd);
    const char *port = strrchr(sv->url, ':') + 1;
    buf_printf(&cmd, "cd %s && sleep 1 && %s serve --port %d --content content --theme theme "
                     "2>&1; echo \"exit $?\"; cat serve.log >> serve2.log; mv serve1.log serve.log",
               sv->dir, t_loa(), atoi(port));
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "exit 2");
    same_as_cold(sv, "the first server, after the second stopped");
    free(two.url);
    buf_release(&cmd);
    buf_release(&out);
}

static void edits(const struct server *sv)
{
    static const struct { const char *label, *shell; } cases[] = {
        {"a body edit", "printf '\\nMột đoạn mới.\\n' >> content/stories/giam-ngheo.md"},
        {"a title edit", "sed -i 's/^title: .*/title: \"Tiêu đề mới\"/' content/stories/giam-ngheo.md"},
        {"a new page", "printf -- '---\\ntitle: Trang mới\\ndate: 2025-05-05\\ntags: [mới]\\n---\\n\\nChữ.\\n'"
                       " > content/stories/trang-moi.md"},
        {"a deleted page", "rm content/stories/trang-moi.md"},
        {"a renamed page", "mv content/stories/giam-ngheo.md content/stories/giam-ngheo-2.md"},
        {"a save by rename (editors)", "cp content/stories/giam-ngheo-2.md .tmp-save && "
                                       "printf 'x\\n' >> .tmp-save && mv .tmp-save content/stories/giam-ngheo-2.md"},
        {"a partial edit", "printf '\\n' >> $(find theme -name '*.mustache' | sort | head -1)"},
        {"a site.yml edit", "sed -i 's/^title: \\(.*\\)/title: \\1 (mới)/' content/site.yml"},
        {"a new translation", "printf -- '---\\ntitle: A new school in Lai Chau\\ndate: 2024-01-15\\n---\\n\\n"
                              "Text.\\n' > content/stories/truong-hoc.en.md"},
        {"a tag added", "sed -i 's/^tags: \\[giáo dục\\]/tags: [giáo dục, trường học]/' "
                        "content/stories/truong-hoc.md"},
        {"a UI string edit", "sed -i 's/^read_more: .*/read_more: Đọc thêm/' content/i18n/vi.yml"},
        {"a data file edit", "mkdir -p content/data && printf 'name: Sở mới\\n' > content/data/org.yml"},
        {"an image replaced", "sed -i 's/<svg /<svg data-v=\"2\" /' content/stories/ban-muong/anh.svg"},
    };
    buf ev = BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        edit(sv, cases[i].shell, &ev);
        if (!CHECK_STR(ev.data, "reload\n")) fprintf(stderr, "    after %s\n", cases[i].label);
        same_as_cold(sv, cases[i].label);
    }
    /* a broken file: the last good site stays served, the pages get the
     * error; fixing it reloads */
    edit(sv, "printf -- '---\\ntitle: [unclosed\\n---\\n' > content/stories/hong.md", &ev);
    CHECK_STR(ev.data, "failed\n");
    buf o = BUF_INIT, cmd = BUF_INIT;
    fetch(sv, "", "", &o);
    CHECK_STR(o.data, "200 text/html; charset=utf-8");
    buf_printf(&cmd, "curl -sN --max-time 1 '%s__loa/events'", sv->url);
    buf_clear(&o);
    t_run(cmd.data, &o);
    CHECK_HAS(o.data, "event: failed");
    CHECK_HAS(o.data, "data: content/stories/hong.md:3:1: error: invalid YAML");
    edit(sv, "rm content/stories/hong.md", &ev);
    CHECK_STR(ev.data, "reload\n");
    /* a stylesheet alone: swapped, not reloaded */
    edit(sv, "mkdir -p theme/static/css && printf 'p{}\\n' >> theme/static/css/extra.css", &ev);
    CHECK_STR(ev.data, "css\n");
    buf_release(&o);
    buf_release(&cmd);
    buf_release(&ev);
}

static void load(const struct server *sv)
{
    if (t_run("command -v wrk >/dev/null", NULL) != 0) {
        fprintf(stderr, "    SKIP serve load test: wrk missing (Debian package wrk)\n");
        t_skipped++;
        return;
    }
    buf cmd = BUF_INIT, out = BUF_INIT;
    buf_printf(&cmd, "wrk -t2 -c16 -d2s '%s' 2>&1", sv->url);
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "requests in");
    CHECK_NOT_HAS(out.data, "Socket errors");
    CHECK_NOT_HAS(out.data, "Non-2xx");
    buf_release(&cmd);
    buf_release(&out);
}

static void served_site(void)
{
    struct server sv = {t_tmpdir("serve"), NULL, 0};
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cp -R tests/cases/multilingual/content tests/cases/multilingual/theme %s/",
               sv.dir);
    t_run(cmd.data, NULL);
    if (!CHECK(start(&sv) == 0)) {
        buf_clear(&cmd);
        buf_printf(&cmd, "cat %s/serve.log >&2", sv.dir);
        t_run(cmd.data, NULL);
    } else {
        http(&sv);
        same_as_cold(&sv, "the first build");
        quick_edit(&sv);
        books_kept(&sv);
        second_server(&sv);
        edits(&sv);
        load(&sv);
    }
    if (sv.pid > 0) kill((pid_t)sv.pid, SIGTERM);
    buf_clear(&cmd);
    buf_printf(&cmd, "for i in $(seq 50); do kill -0 %ld 2>/dev/null || exit 0; sleep 0.1; done; "
                     "exit 1", sv.pid);
    CHECK_INT(t_run(cmd.data, NULL), 0);   /* stops on SIGTERM */
    buf_clear(&cmd);
    buf_printf(&cmd, "grep -c 'loa serve: stopped' %s/serve.log", sv.dir);
    CHECK_INT(t_run(cmd.data, NULL), 0);
    free(sv.url);
    CHECK(t_tmpdir_done(sv.dir) == 0);
    buf_release(&cmd);
}

/* A server killed (SIGKILL) in the middle of a rebuild leaves the site's
 * folder as it was: no output/, content untouched, and the next server
 * and build work. */
static void killed(void)
{
    struct server sv = {t_tmpdir("serve-kill"), NULL, 0};
    buf cmd = BUF_INIT, out = BUF_INIT;
    buf_printf(&cmd, "cp -R tests/cases/multilingual/content tests/cases/multilingual/theme %s/ && "
                     "cp -R %s/content %s/content.orig", sv.dir, sv.dir, sv.dir);
    t_run(cmd.data, NULL);
    if (CHECK(start(&sv) == 0)) {
        buf_clear(&cmd);
        buf_printf(&cmd, "cd %s && f=content/stories/giam-ngheo.md && "
                         "sed -i 's/^title: .*/title: Khác/' $f && sleep 0.05 && kill -9 %ld && "
                         "sleep 0.2 && cp $f content.orig/stories/ && diff -r content content.orig "
                         "&& ls -A | sort | tr '\\n' ' '", sv.dir, sv.pid);
        t_run(cmd.data, &out);
        CHECK_STR(out.data, "content content.orig serve.log theme ");
        free(sv.url);
        sv.url = NULL;
        CHECK(start(&sv) == 0);   /* a new server on the same folder */
        same_as_cold(&sv, "a server started after one was killed");
        kill((pid_t)sv.pid, SIGTERM);
    }
    free(sv.url);
    buf_clear(&cmd);
    buf_printf(&cmd, "sleep 1; cd %s && %s build --content content --theme theme --quiet && "
                     "test -f output/index.html", sv.dir, t_loa());
    CHECK_INT(t_run(cmd.data, NULL), 0);
    CHECK(t_tmpdir_done(sv.dir) == 0);
    buf_release(&cmd);
    buf_release(&out);
}

/* A server started in this process on a folder with a symbolic link in
 * it: the link is not followed, and the site's path prefix is honoured. */
static void in_process(void)
{
    char *d = t_tmpdir("srv");
    t_write(d, "root/index.html", "<html><body><p>hi</p></body></html>");
    t_write(d, "root/en/404.html", "<html><body>en 404</body></html>");
    t_write(d, "root/404.html", "<html><body>vi 404</body></html>");
    t_write(d, "secret.txt", "secret");
    buf cmd = BUF_INIT, o = BUF_INIT;
    buf_printf(&cmd, "ln -s %s/secret.txt %s/root/leak.txt && ln -s /etc %s/root/etc", d, d, d);
    t_run(cmd.data, NULL);
    char *root = fs_join(d, "root"), err[256];
    struct srv_opts so = {.root = root, .port = 0, .base_path = "/vanlang/"};
    struct srv *s = srv_start(&so, err, sizeof err);
    if (!CHECK(s != NULL)) fprintf(stderr, "    %s\n", err);
    struct server sv = {d, NULL, 0};
    buf u = BUF_INIT;
    buf_printf(&u, "http://127.0.0.1:%u/vanlang/", s ? srv_port(s) : 0);
    sv.url = u.data;
    fetch(&sv, "", "", &o);
    CHECK_STR(o.data, "200 text/html; charset=utf-8");
    fetch(&sv, "", "leak.txt", &o);
    CHECK_HAS(o.data, "404");
    fetch(&sv, "", "etc/passwd", &o);
    CHECK_HAS(o.data, "404");
    buf_clear(&cmd);
    buf_clear(&o);
    buf_printf(&cmd, "curl -s '%sen/nothing/'; curl -s '%snothing'", u.data, u.data);
    t_run(cmd.data, &o);
    CHECK_HAS(o.data, "en 404");
    CHECK_HAS(o.data, "vi 404");
    buf_clear(&cmd);
    buf_clear(&o);
    buf_printf(&cmd, "curl -s -o /dev/null -w '%%{http_code} %%{redirect_url} ' "
                     "http://127.0.0.1:%u/vanlang; curl -s -o /dev/null -w '%%{http_code}' "
                     "http://127.0.0.1:%u/index.html", s ? srv_port(s) : 0, s ? srv_port(s) : 0);
    t_run(cmd.data, &o);
    CHECK_HAS(o.data, "301 http://127.0.0.1:");
    CHECK_HAS(o.data, "/vanlang/ 404");
    CHECK_INT(srv_listeners(s), 0);
    srv_stop(s);
    free(root);
    buf_release(&u);
    buf_release(&cmd);
    buf_release(&o);
    CHECK(t_tmpdir_done(d) == 0);
}

void suite_serve(void)
{
    pure_functions();
    in_process();
    served_site();
    killed();
}
