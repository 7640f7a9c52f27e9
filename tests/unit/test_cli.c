/* The command line: "did you mean", loa new site, loa new TYPE. */
#include "../test.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"
#include "../../generator/util/suggest.h"

#include <stdlib.h>

static void suggestions(void)
{
    static const char *const cmds[] = {"build", "check", "new", "render"};
    CHECK_INT(suggest_distance("build", "biuld"), 1);
    CHECK_INT(suggest_distance("tittle", "title"), 1);
    CHECK_INT(suggest_distance("", "abc"), 3);
    CHECK_INT(suggest_distance("vn", "vi"), 1);
    CHECK_STR(suggest_closest("biuld", cmds, 4), "build");
    CHECK_STR(suggest_closest("Build", cmds, 4), "build");
    CHECK_STR(suggest_closest("chekc", cmds, 4), "check");
    CHECK(suggest_closest("publish", cmds, 4) == NULL);
    CHECK(suggest_closest("build", cmds, 4) == NULL);   /* not a typo */
    static const char *const langs[] = {"vi", "en", "hmn"};
    CHECK_STR(suggest_closest("vn", langs, 3), "vi");
}

static void typos_on_the_command_line(void)
{
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "%s biuld 2>&1", t_loa());
    CHECK_INT(t_run(cmd.data, &out), 2);
    CHECK_HAS(out.data, "unknown command 'biuld'; did you mean 'loa build'?");
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "%s build --jbos 2 2>&1", t_loa());
    CHECK_INT(t_run(cmd.data, &out), 2);
    CHECK_HAS(out.data, "unknown option '--jbos'; did you mean '--jobs'?");
    buf_release(&cmd);
    buf_release(&out);
}

static void no_content_folder(void)
{
    char *d = t_tmpdir("nocontent");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 2);
    CHECK_HAS(out.data, "there is no 'content' folder here");
    CHECK_HAS(out.data, "loa new site DIR");
    CHECK_NOT_HAS(out.data, "theme");
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s && %s new story Tin 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 1);
    CHECK_HAS(out.data, "there is no 'content' folder here");
    CHECK(t_tmpdir_done(d) == 0);
    buf_release(&cmd);
    buf_release(&out);
}

/* A new site builds with no warning, every content type included. */
static void new_site_builds_clean(void)
{
    char *d = t_tmpdir("newsite");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s new site portal 2>&1 && cd portal && %s build --strict 2>&1",
               d, t_loa(), t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "Created a site in portal");
    CHECK_NOT_HAS(out.data, "warning");
    CHECK_HAS(out.data, "Built ");
    static const char *const files[] = {
        "portal/output/index.html", "portal/output/en/index.html",
        "portal/output/stories/cau-chuyen-dau-tien/index.html",
        "portal/output/conventions/crc/index.html",
        "portal/output/postcards/ngay-nhan-quyen/index.html",
        "portal/output/emagazine/chuyen-de/ky-1/index.html",
        "portal/themes/portal/layouts/base.mustache", "portal/.gitignore"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *p = fs_join(d, files[i]);
        if (!CHECK(fs_is_file(p))) fprintf(stderr, "    missing %s\n", files[i]);
        free(p);
    }
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s && %s new site portal 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 1);
    CHECK_HAS(out.data, "exists and is not an empty folder");
    CHECK(t_tmpdir_done(d) == 0);
    buf_release(&cmd);
    buf_release(&out);
}

static void new_pages(void)
{
    char *d = t_tmpdir("newpage");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s new site s >/dev/null && cd s && SOURCE_DATE_EPOCH=1767225600 "
                     "%s new story 'Trường \"mới\" ở bản' 2>&1",
               d, t_loa(), t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_STR(out.data, "content/stories/truong-moi-o-ban.md\n");
    buf b = BUF_INIT;
    char *p = fs_join(d, "s/content/stories/truong-moi-o-ban.md");
    CHECK(fs_read_file(p, &b) == 0);
    CHECK_HAS(b.data, "title: \"Trường \\\"mới\\\" ở bản\"\n");
    CHECK_HAS(b.data, "date: 2026-01-01\n");
    CHECK_HAS(b.data, "draft: true\n");
    free(p);
    /* the same title again is refused, the file is kept */
    buf_clear(&out);
    buf_clear(&cmd);
    buf_printf(&cmd, "cd %s/s && %s new story 'Trường \"mới\" ở bản' 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 1);
    CHECK_HAS(out.data, "already exists");
    /* another language, a bundle type, a theme archetype */
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s/s && mkdir -p themes/portal/archetypes && printf -- "
                     "'---\\ntitle: {{{title}}}\\nlang_was: {{lang}}\\n---\\n' "
                     "> themes/portal/archetypes/page.md && %s new postcard 'Hello' --lang en && "
                     "%s new page 'About us' --lang en --section about 2>&1",
               d, t_loa(), t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "content/postcards/hello/index.en.md\n");
    CHECK_HAS(out.data, "content/about/about-us.en.md\n");
    buf_clear(&b);
    p = fs_join(d, "s/content/about/about-us.en.md");
    CHECK(fs_read_file(p, &b) == 0);
    CHECK_HAS(b.data, "lang_was: en");
    free(p);
    /* the new drafts build */
    buf_clear(&cmd);
    buf_clear(&out);
    buf_printf(&cmd, "cd %s/s && %s build --drafts 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    /* bad input */
    static const char *const bad[] = {"new storie x", "new story x --lnag en",
                                      "new page x --section ../up", "new story x --lang fr"};
    static const char *const said[] = {"did you mean 'story'?", "did you mean '--lang'?",
                                       "--section must be a folder inside", "no language 'fr'"};
    for (size_t i = 0; i < 4; i++) {
        buf_clear(&cmd);
        buf_clear(&out);
        buf_printf(&cmd, "cd %s/s && %s %s 2>&1", d, t_loa(), bad[i]);
        CHECK(t_run(cmd.data, &out) != 0);
        CHECK_HAS(out.data, said[i]);
    }
    CHECK(t_tmpdir_done(d) == 0);
    buf_release(&b);
    buf_release(&cmd);
    buf_release(&out);
}

void suite_cli(void)
{
    suggestions();
    typos_on_the_command_line();
    no_content_folder();
    new_site_builds_clean();
    new_pages();
}
