/* loa check: every check of a build, nothing written, the exit statuses
 * of a build; errors of every stage in one run; the pre-commit hook. */
#include "../test.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <stdlib.h>

/* A site with one problem of each stage: a page whose front matter cannot
 * be read (and a link to it, not reported again), a missing image, a
 * template that does not compile. */
static char *broken_site(void)
{
    char *d = t_tmpdir("check");
    t_write(d, "content/site.yml", "theme: t\n");
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\n![x](missing.png)\n");
    t_write(d, "content/b.md", "---\ntitle: B\ndate: 2025-01-01\ntype: story\n---\nB\n");
    t_write(d, "content/c.md", "---\ntitle: C\ndate: 2025-13-01\n---\nC\n");
    t_write(d, "content/d.md", "---\ntitle: D\ndate: 2025-01-01\n---\n[c](c.md)\n");
    t_write(d, "themes/t/layouts/_default/single.mustache", "{{{page.content}}}");
    t_write(d, "themes/t/layouts/_default/list.mustache", "{{page.title}}");
    t_write(d, "themes/t/layouts/story/single.mustache", "{{#page.title}}oops");
    return d;
}

static void every_stage_in_one_run(void)
{
    char *d = broken_site();
    buf out = BUF_INIT, cmd = BUF_INIT;
    for (int build = 0; build < 2; build++) {
        buf_clear(&out);
        buf_clear(&cmd);
        buf_printf(&cmd, "cd %s && %s %s 2>&1; echo rc=$?", d, t_loa(), build ? "build" : "check");
        t_run(cmd.data, &out);
        CHECK_HAS(out.data, "content/c.md:3:7: error: front matter: 'date' is not a date");
        CHECK_HAS(out.data, "content/a.md:5:1: error: image 'missing.png' does not exist");
        CHECK_HAS(out.data, "themes/t/layouts/story/single.mustache:1:20: error: section "
                            "'page.title' opened at 1:1 is never closed");
        CHECK_NOT_HAS(out.data, "content/d.md");   /* its link leads to c.md, which exists */
        CHECK_HAS(out.data, build ? "build failed with 3 errors" : "loa check: 3 errors\n");
        CHECK_HAS(out.data, "rc=1\n");
    }
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

/* Exit 0 clean, 1 content errors (and warnings with --strict), 2 usage
 * or configuration; the same codes as loa build in every format. */
static void exit_statuses(void)
{
    char *d = t_tmpdir("check");
    buf out = BUF_INIT, cmd = BUF_INIT;
    t_write(d, "content/site.yml", "theme: t\n");
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\n![](a.png)\n");
    t_write(d, "themes/t/layouts/_default/single.mustache", "{{{page.content}}}");
    t_write(d, "themes/t/layouts/_default/list.mustache", "{{page.title}}");
    char *root = fs_realpath(".");
    buf_printf(&cmd, "cd %s && cp %s/content/emagazine/udhr-75/part-2.png content/a.png && "
               "%s check; echo rc=$?; %s check --strict --diagnostics json 2>&1; echo rc=$?; "
               "%s check --content nowhere 2>&1; echo rc=$?; %s check --theme nowhere 2>&1; "
               "echo rc=$?; %s check --jobs 0 2>&1; echo rc=$?; %s check --frob 2>&1; echo rc=$?",
               d, root, t_loa(), t_loa(), t_loa(), t_loa(), t_loa(), t_loa());
    free(root);
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "Checked 3 pages, 0 EPUBs in ");
    CHECK_HAS(out.data, "\nrc=0\n");
    CHECK_HAS(out.data, "{\"severity\":\"error\",\"code\":\"LOA-W0305\",\"file\":\"content/a.md\"");
    CHECK_HAS(out.data, "loa check: 1 error\nrc=1\n");
    CHECK_HAS(out.data, "there is no 'nowhere' folder here");
    CHECK_HAS(out.data, "nowhere: error: theme folder 'nowhere' does not exist; check 'theme:' in "
                        "site.yml or --theme [LOA-E0121]\nloa check: 1 error\nrc=2\n");
    CHECK_HAS(out.data, "--jobs takes a number from 1 to 256\nrc=2\n");
    CHECK_HAS(out.data, "unknown option '--frob'");
    int twos = 0;
    for (const char *p = out.data; (p = strstr(p, "rc=2\n")); p++) twos++;
    CHECK_INT(twos, 4);
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

/* On a copy of the demo (photos, cards, books, search): nothing is
 * created, changed or removed, not even beside the content folder. */
static void writes_nothing(void)
{
    char *d = t_tmpdir("check");
    char *root = fs_realpath(".");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && cp -R %s/content %s/themes . && rm -rf content/.loa-cache && "
               "find . -printf '%%p %%s %%T@ %%m\\n' | sort > ../%s.before && "
               "SOURCE_DATE_EPOCH=1767225600 %s check 2>&1; echo rc=$?; "
               "find . -printf '%%p %%s %%T@ %%m\\n' | sort > ../%s.after && "
               "cmp ../%s.before ../%s.after && echo same; rm -f ../%s.before ../%s.after",
               d, root, root, strrchr(d, '/') + 1, t_loa(), strrchr(d, '/') + 1,
               strrchr(d, '/') + 1, strrchr(d, '/') + 1, strrchr(d, '/') + 1,
               strrchr(d, '/') + 1);
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "Checked ");
    CHECK_HAS(out.data, "EPUBs in ");
    CHECK_HAS(out.data, "rc=0\nsame\n");
    free(root);
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

/* tools/pre-commit checks what is staged: a broken page in the working
 * tree but not staged passes; staged, it stops the commit. */
static void pre_commit_hook(void)
{
    char *d = t_tmpdir("hook");
    char *root = fs_realpath(".");
    buf out = BUF_INIT, cmd = BUF_INIT;
    t_write(d, "content/site.yml", "theme: t\n");
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nA\n");
    t_write(d, "themes/t/layouts/_default/single.mustache", "{{{page.content}}}");
    t_write(d, "themes/t/layouts/_default/list.mustache", "{{page.title}}");
    buf_printf(&cmd, "cd %s && git init -q . && git config user.email t@t && "
               "git config user.name t && cp %s/tools/pre-commit .git/hooks/ && git add -A && "
               "LOA=%s git commit -qm one 2>&1; echo rc=$?; "
               "printf -- '---\\ntitle: B\\ndate: 2025-02-30\\n---\\n' > content/b.md && "
               "printf 'x\\n' >> content/a.md && git add content/a.md && "
               "LOA=%s git commit -qm two 2>&1; echo rc=$?; git add content/b.md && "
               "LOA=%s git commit -qm three 2>&1; echo rc=$?; git log --oneline | wc -l",
               d, root, t_loa(), t_loa(), t_loa());
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "rc=0\nrc=0\n");
    CHECK_HAS(out.data, "content/b.md:3:7: error: front matter: 'date' is not a date");
    CHECK_HAS(out.data, "pre-commit: loa check found errors in the staged files");
    CHECK_HAS(out.data, "rc=1\n2\n");
    free(root);
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

void suite_check(void)
{
    every_stage_in_one_run();
    exit_statuses();
    writes_nothing();
    pre_commit_hook();
}
