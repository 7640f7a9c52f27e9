/* A build is a value: two builds of two sites run at once in two threads,
 * each with its own diagnostics context (util/diag.h); counts and messages
 * land in the build's own context, never in the other's or the process's.
 * make test-tsan runs this suite under ThreadSanitizer. */
#include "../test.h"
#include "../../generator/site/site.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"

#include <pthread.h>
#include <stdlib.h>

struct side {
    char *dir;
    struct build_opts o;
    buf msgs;
    unsigned errors, warnings;
    int status;
};

static void make_site(struct side *b, const char *tag, int broken)
{
    b->dir = t_tmpdir(tag);
    t_write(b->dir, "content/site.yml", "theme: t\n");
    t_write(b->dir, "content/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nA.\n");
    for (int i = 0; broken && i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "content/bad%d.md", i);
        t_write(b->dir, name, "---\ntitle: B\ndate: 2025-02-30\n---\nB.\n");
    }
    t_write(b->dir, "theme/layouts/_default/single.mustache", "{{{page.content}}}");
    t_write(b->dir, "theme/layouts/_default/list.mustache", "{{page.title}}");
    b->o = (struct build_opts){.content_dir = fs_join(b->dir, "content"),
                               .theme_dir = fs_join(b->dir, "theme"),
                               .out_dir = fs_join(b->dir, "output"),
                               .quiet = 1, .jobs = 4, .now = 1767225600, .have_epoch = 1};
    b->msgs = (buf)BUF_INIT;
}

static void *run_build(void *arg)
{
    struct side *b = arg;
    struct diag_ctx *dc = diag_ctx_new();
    struct diag_ctx *was = diag_ctx_use(dc);
    diag_capture(&b->msgs);
    b->status = site_build(&b->o);
    b->errors = diag_errors();
    b->warnings = diag_warnings();
    diag_ctx_use(was);
    diag_ctx_free(dc);
    return NULL;
}

static void release(struct side *b)
{
    free((char *)b->o.content_dir);
    free((char *)b->o.theme_dir);
    free((char *)b->o.out_dir);
    buf_release(&b->msgs);
    t_tmpdir_done(b->dir);
}

static void two_builds_at_once(void)
{
    struct side clean, broken;
    make_site(&clean, "clean", 0);
    make_site(&broken, "broken", 1);
    unsigned e0 = diag_errors();
    pthread_t t1, t2;
    pthread_create(&t1, NULL, run_build, &clean);
    pthread_create(&t2, NULL, run_build, &broken);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    CHECK_INT(clean.status, 0);
    CHECK_INT(clean.errors, 0);
    CHECK_INT(clean.msgs.len, 0);
    CHECK_INT(broken.status, 1);
    CHECK_INT(broken.errors, 3);
    CHECK_HAS(broken.msgs.data, "bad1.md:3:7: error: front matter: 'date' is not a date");
    CHECK_NOT_HAS(broken.msgs.data, "a.md:");
    CHECK_INT(diag_errors(), e0);           /* nothing leaked into the process context */
    char *index = fs_join(clean.dir, "output/index.html");
    CHECK(fs_is_file(index));
    free(index);
    release(&clean);
    release(&broken);
}

/* Strict and quiet are settings of one context: another is untouched. */
static void settings_per_context(void)
{
    buf a = BUF_INIT, b = BUF_INIT;
    struct diag_ctx *x = diag_ctx_new(), *y = diag_ctx_new();
    struct diag_ctx *was = diag_ctx_use(x);
    diag_capture(&a);
    diag_set_strict(1);
    diag_warn(DIAG_TEXT_NFC, "a.md", 1, 1, "one");
    CHECK_INT(diag_errors(), 1);
    diag_ctx_use(y);
    diag_capture(&b);
    diag_warn(DIAG_TEXT_NFC, "b.md", 1, 1, "two");
    CHECK_INT(diag_errors(), 0);
    CHECK_INT(diag_warnings(), 1);
    CHECK(diag_ctx_current() == y);
    diag_ctx_use(was);
    CHECK(diag_ctx_current() == was);
    CHECK_HAS(a.data, "a.md:1:1: error: one");
    CHECK_HAS(b.data, "b.md:1:1: warning: two");
    diag_ctx_free(x);
    diag_ctx_free(y);
    buf_release(&a);
    buf_release(&b);
}

void suite_sidebyside(void)
{
    two_builds_at_once();
    settings_per_context();
}
