/* The demo site (content/ with themes/portal), built as a user would:
 * every HTML page through the Nu HTML Checker, every EPUB through
 * epubcheck, every feed and sitemap through xmllint, and two builds
 * byte-identical.  The browser checks (axe, 360 px, links, screenshots)
 * are `make test-browser`. */
#include "../test.h"
#include "../../generator/util/buf.h"

#include <stdlib.h>

static int sh(const char *what, buf *log, const char *fmt, const char *a, const char *b)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, fmt, a, b);
    buf_clear(log);
    int r = t_run(cmd.data, log);
    if (r != 0) fprintf(stderr, "[%s] exit %d\n%s\n", what, r, log->data);
    buf_release(&cmd);
    return r;
}

void suite_demo(void)
{
    char *d = t_tmpdir("demo");
    buf log = BUF_INIT;
    CHECK_INT(sh("build", &log, "SOURCE_DATE_EPOCH=1767225600 %s build --out %s/a 2>&1", t_loa(), d), 0);
    CHECK_HAS(log.data, "EPUBs in");
    CHECK_NOT_HAS(log.data, "warning");
    CHECK_INT(sh("vnu", &log, "sh tests/tools/check-html.sh %s%s 2>&1", d, "/a"), 0);
    CHECK_INT(sh("epubcheck", &log, "sh tests/tools/epubcheck.sh %s%s 2>&1", d, "/a"), 0);
    CHECK_HAS(log.data, "epubcheck: 4 books checked");
    CHECK_INT(sh("xml", &log, "find %s%s -name '*.xml' | xargs xmllint --noout 2>&1", d, "/a"), 0);
    CHECK_INT(sh("build2", &log, "SOURCE_DATE_EPOCH=1767225600 %s build --quiet --jobs 1 --out %s/b 2>&1", t_loa(), d), 0);
    CHECK_INT(sh("identical", &log, "diff -r %s/a %s/b 2>&1 | head", d, d), 0);
    CHECK(log.len == 0);
    buf_release(&log);
    CHECK_INT(t_tmpdir_done(d), 0);
}
