#define _GNU_SOURCE
/* Safety of the output folder and of every path loa reads or writes
 * (issue 10): hostile aliases, site.yml names and layout types, symbolic
 * links out of content/ and the theme, link loops, --out inside the
 * inputs, the lock, the whole-folder swap under kill -9, files loa did not
 * write.  Whole builds through the loa binary, plus the path checks. */
#include "../test.h"
#include "../../generator/config/config.h"
#include "../../generator/site/output.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static void site(const char *d)
{
    t_write(d, "content/site.yml", "title: T\ntheme: t\nbase_url: https://x.test/\n");
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2023-01-01\n---\nHello.\n");
    t_write(d, "theme/layouts/_default/single.mustache", "<p>{{page.title}}</p>\n");
    t_write(d, "theme/layouts/_default/list.mustache",
            "<ul>{{#pages}}<li>{{title}}</li>{{/pages}}</ul>\n");
}

/* Runs `loa build` in d (plus extra arguments); its output goes to log. */
static int build_in(const char *d, const char *extra, buf *log)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build --content content --theme theme %s 2>&1", d, t_loa(),
               extra ? extra : "--out output");
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

static int sh(const char *d, const char *script)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && { %s ; } >/dev/null 2>&1", d, script);
    int r = t_run(cmd.data, NULL);
    buf_release(&cmd);
    return r;
}

static void rel_checks(void)
{
    CHECK(fs_check_rel("a/b/index.html") == NULL);
    CHECK(fs_check_rel(".well-known/x") == NULL);
    CHECK_STR(fs_check_rel("../x"), "it contains '..'");
    CHECK_STR(fs_check_rel("a/../../x"), "it contains '..'");
    CHECK_STR(fs_check_rel("/etc/passwd"), "it is an absolute path");
    CHECK(fs_check_rel("") != NULL);
    CHECK(fs_check_rel("a//b") != NULL);
    CHECK(fs_check_rel("a/./b") != NULL);
    CHECK(fs_check_rel("a/") != NULL);
    CHECK(fs_check_rel("a\\..\\b") != NULL);
    CHECK(fs_check_rel("a\nb") != NULL);
    CHECK(config_lang_code_ok("vi"));
    CHECK(config_lang_code_ok("hmn"));
    CHECK(config_lang_code_ok("zh-Hant"));
    CHECK(config_lang_code_ok("pt-BR"));
    CHECK(config_lang_code_ok("sr-Latn-RS"));
    CHECK(!config_lang_code_ok("e"));
    CHECK(!config_lang_code_ok("en\"><svg"));
    CHECK(!config_lang_code_ok("../en"));
    CHECK(!config_lang_code_ok("en-"));
    CHECK(!config_lang_code_ok("en--x"));
    CHECK(!config_lang_code_ok("en/x"));
}

/* fs_open_beneath: a link out of the folder is refused, one inside is
 * followed only when links are allowed. */
static void open_beneath(void)
{
    char *d = t_tmpdir("beneath");
    t_write(d, "root/in.txt", "in\n");
    t_write(d, "secret.txt", "secret\n");
    CHECK_INT(sh(d, "ln -s ../secret.txt root/out && ln -s in.txt root/link"), 0);
    char *root = fs_join(d, "root");
    int dir = open(root, O_PATH | O_DIRECTORY);
    CHECK(dir >= 0);
    int fd = fs_open_beneath(dir, "out", O_RDONLY, 0);
    CHECK(fd < 0 && (errno == EXDEV || errno == ELOOP));
    fd = fs_open_beneath(dir, "link", O_RDONLY, 0);
    CHECK(fd >= 0);
    if (fd >= 0) close(fd);
    fd = fs_open_beneath(dir, "link", O_RDONLY, 1);
    CHECK(fd < 0);
    fd = fs_open_beneath(dir, "../secret.txt", O_RDONLY, 0);
    CHECK(fd < 0 && errno == EINVAL);
    int sub = fs_mkdirs_beneath(dir, "x/y/z");
    CHECK(sub >= 0);
    if (sub >= 0) close(sub);
    CHECK_INT(sh(root, "test -d x/y/z"), 0);
    close(dir);
    free(root);
    t_tmpdir_done(d);
}

static void hostile_aliases(void)
{
    char *d = t_tmpdir("alias");
    site(d);
    t_write(d, "srv/other/victim.txt", "untouched\n");
    buf fm = BUF_INIT, log = BUF_INIT;
    buf_printf(&fm, "---\ntitle: B\naliases: [\"../../../../../../../../..%s/srv/other/PWNED\", "
               "\"/../../../../../../../../..%s/srv/other/.htm/../victim.txt\"]\n---\nx\n", d, d);
    t_write(d, "content/b.md", fm.data);
    CHECK_INT(build_in(d, NULL, &log), 1);
    CHECK_HAS(log.data, "content/b.md:3:11: error: '../../");
    CHECK_HAS(log.data, "would be written outside the output folder (it contains '..')");
    CHECK_HAS(log.data, "error: '/../../");
    CHECK_INT(sh(d, "test ! -e srv/other/PWNED && test \"$(cat srv/other/victim.txt)\" = "
                    "untouched"), 0);
    /* nothing at all was written: no output, no staging, no folder outside */
    CHECK_INT(sh(d, "test ! -e output && test ! -e output.loa-staging && "
                    "test \"$(find srv | wc -l)\" = 3"), 0);
    t_tmpdir_done(d);
    buf_release(&fm);
    buf_release(&log);
}

static void hostile_site_yml(void)
{
    static const char *const yml[] = {
        "title: T\ntheme: t\nlanguages:\n  vi: {}\n  'en\"><svg onload=alert(1)>': {name: E}\n",
        "title: T\ntheme: t\nlanguages:\n  vi: {}\n  ../../x: {name: E}\n",
        "title: T\ntheme: t\ntaxonomies:\n  ../../tags: tag\n",
        "title: T\ntheme: t\ntaxonomies:\n  tags: a/b\n",
        "title: T\ntheme: t\npublications:\n  - {id: ../../book, section: x}\n",
        "title: T\ntheme: t\npublications:\n  - {id: b, slug: a/b, section: x}\n",
        "title: T\ntheme: t\ndefault_language: ../vi\n",
    };
    static const char *const msg[] = {
        "content/site.yml:5:32: error: 'en\"><svg onload=alert(1)>' is not a language code",
        "content/site.yml:5:12: error: '../../x' is not a language code",
        "content/site.yml:4:15: error: taxonomy '../../tags' becomes a folder name",
        "content/site.yml:4:9: error: taxonomy 'a/b' becomes a folder name",
        "content/site.yml:4:10: error: publication id '../../book' becomes a folder name",
        "content/site.yml:4:19: error: publication id 'a/b' becomes a folder name",
        "content/site.yml:3:19: error: '../vi' is not a language code",
    };
    for (size_t i = 0; i < sizeof yml / sizeof *yml; i++) {
        char *d = t_tmpdir("siteyml");
        site(d);
        t_write(d, "content/site.yml", yml[i]);
        buf log = BUF_INIT;
        CHECK_INT(build_in(d, NULL, &log), 2);   /* a configuration error */
        CHECK_HAS(log.data, msg[i]);
        CHECK_INT(sh(d, "test ! -e output && test -z \"$(ls -A | grep loa-)\""), 0);
        buf_release(&log);
        t_tmpdir_done(d);
    }
}

static void theme_traversal(void)
{
    char *d = t_tmpdir("type");
    site(d);
    t_write(d, "srv/other/evil/single.mustache", "EVIL\n");
    buf fm = BUF_INIT, log = BUF_INIT;
    buf_printf(&fm, "---\ntitle: B\ntype: \"../../../../../../..%s/srv/other/evil\"\n---\nx\n", d);
    t_write(d, "content/b.md", fm.data);
    CHECK_INT(build_in(d, NULL, &log), 1);
    CHECK_HAS(log.data, "content/b.md:3:7: error: type '../../");
    CHECK_HAS(log.data, "is not the name of a layout folder in the theme (it contains '..')");
    CHECK_INT(sh(d, "test ! -e output"), 0);
    /* a partial that climbs out of the theme */
    buf_clear(&log);
    t_write(d, "content/b.md", "---\ntitle: B\n---\nx\n");
    t_write(d, "theme/layouts/_default/single.mustache", "{{>../../srv/other/evil/single}}\n");
    CHECK_INT(build_in(d, NULL, &log), 1);
    CHECK_HAS(log.data, "error: template name '../../srv/other/evil/single' is not a path "
                        "inside the theme");
    CHECK_NOT_HAS(log.data, "EVIL");
    /* a layout that is a symbolic link out of the theme */
    buf_clear(&log);
    CHECK_INT(sh(d, "rm theme/layouts/_default/single.mustache && "
                    "ln -s ../../../srv/other/evil/single.mustache "
                    "theme/layouts/_default/single.mustache"), 0);
    CHECK_INT(build_in(d, NULL, &log), 1);
    CHECK_HAS(log.data, "'layouts/_default/single.mustache' is a symbolic link leading outside "
                        "the theme");
    CHECK_INT(sh(d, "test ! -e output"), 0);
    /* the theme's static/ with a link to /etc */
    buf_clear(&log);
    CHECK_INT(sh(d, "rm theme/layouts/_default/single.mustache && "
                    "echo '<p>{{page.title}}</p>' > theme/layouts/_default/single.mustache && "
                    "mkdir -p theme/static && ln -s /etc/hostname theme/static/host"), 0);
    CHECK_INT(build_in(d, NULL, &log), 1);
    CHECK_HAS(log.data, "theme/static/host: error: symbolic link to '");
    CHECK_INT(sh(d, "test ! -e output"), 0);
    t_tmpdir_done(d);
    buf_release(&fm);
    buf_release(&log);
}

static void content_links(void)
{
    char *d = t_tmpdir("links");
    site(d);
    t_write(d, "outside/secret.md", "---\ntitle: Secret\n---\nsecret\n");
    buf log = BUF_INIT;
    CHECK_INT(sh(d, "ln -s /etc content/etc"), 0);
    CHECK_INT(build_in(d, NULL, &log), 1);
    CHECK_HAS(log.data, "content/etc: error: symbolic link to '/etc' leads outside the content "
                        "folder");
    CHECK_INT(sh(d, "test ! -e output"), 0);
    buf_clear(&log);
    CHECK_INT(sh(d, "rm content/etc && ln -s ../outside content/more && ln -s "
                    "../outside/secret.md content/s.md"), 0);
    CHECK_INT(build_in(d, NULL, &log), 1);
    CHECK_HAS(log.data, "content/more: error: symbolic link to '");
    CHECK_HAS(log.data, "content/s.md: error: symbolic link to '");
    CHECK_INT(sh(d, "test ! -e output"), 0);
    /* a data file linked from outside */
    buf_clear(&log);
    CHECK_INT(sh(d, "rm content/more content/s.md && mkdir content/data && "
                    "ln -s ../../outside/secret.md content/data/x.yml"), 0);
    CHECK_INT(build_in(d, NULL, &log), 1);
    CHECK_HAS(log.data, "content/data/x.yml: error: symbolic link to '");
    /* links inside content/ that stay inside are followed, folders once */
    buf_clear(&log);
    CHECK_INT(sh(d, "rm -r content/data && mkdir content/news && ln -s ../a.md "
                    "content/news/b.md"), 0);
    CHECK_INT(build_in(d, NULL, &log), 0);
    CHECK_INT(sh(d, "test -f output/news/b/index.html"), 0);
    t_tmpdir_done(d);
    buf_release(&log);
}

static int build_timed(const char *d, buf *log)
{
    buf cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && timeout 60 %s build --content content --theme theme --out output 2>&1",
               d, t_loa());
    buf_clear(log);
    int r = t_run(cmd.data, log);
    buf_release(&cmd);
    return r;
}

/* A named pipe in content/ (a page, a file to copy, a page bundle's
 * resource, a data file, or a link to one) is refused by name: opening it
 * would wait for a writer for ever.  timeout turns a hang into a failure. */
static void special_files(void)
{
    char *d = t_tmpdir("fifo");
    site(d);
    buf log = BUF_INIT;
    CHECK_INT(sh(d, "mkfifo content/pipe.md content/notes.txt && mkdir -p content/b && "
                    "echo '---\ntitle: B\n---\n' > content/b/index.md && mkfifo content/b/r.png && "
                    "ln -s pipe.md content/l.md && printf -- '---\\ntitle: [open\\n---\\n' > "
                    "content/bad.md"), 0);
    CHECK_INT(build_timed(d, &log), 1);
    /* the walk's errors do not hide the pages' own, in the same run */
    CHECK_HAS(log.data, "content/bad.md:3:1: error: invalid YAML");
    CHECK_HAS(log.data, "build failed with 5 errors");
    static const char *const named[] = {"content/pipe.md", "content/notes.txt", "content/b/r.png",
                                        "content/l.md"};
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        buf want = BUF_INIT;
        buf_printf(&want, "%s: error: a named pipe, not a file; loa reads only regular files and "
                          "folders", named[i]);
        CHECK_HAS(log.data, want.data);
        buf_release(&want);
    }
    CHECK_HAS(log.data, "[LOA-E0229]");
    CHECK_INT(sh(d, "test ! -e output"), 0);
    buf_clear(&log);
    CHECK_INT(sh(d, "rm content/pipe.md content/notes.txt content/b/r.png content/l.md "
                    "content/bad.md && "
                    "mkdir content/data && mkfifo content/data/d.yml"), 0);
    CHECK_INT(build_timed(d, &log), 1);
    CHECK_HAS(log.data, "content/data/d.yml: error: cannot read file: it is not a regular file "
                        "(a named pipe, socket or device); remove it");
    CHECK_INT(sh(d, "test ! -e output"), 0);
    t_tmpdir_done(d);
    buf_release(&log);
}

static void link_loops(void)
{
    char *d = t_tmpdir("loops");
    site(d);
    buf log = BUF_INIT;
    CHECK_INT(sh(d, "ln -s . content/l1 && ln -s . content/l2 && mkdir content/s && ln -s .. "
                    "content/s/up"), 0);
    CHECK_INT(build_in(d, "--out output --jobs 1", &log), 0);
    size_t n = 0;
    for (const char *p = log.data; (p = strstr(p, "already part of the site")); p++) n++;
    CHECK_INT(n, 3);
    CHECK_HAS(log.data, "content/l1: warning: symbolic link to a folder that is already part of "
                        "the site");
    CHECK_HAS(log.data, "content/s/up: warning");
    CHECK_INT(sh(d, "test -f output/a/index.html && test ! -e output/l1"), 0);
    t_tmpdir_done(d);
    buf_release(&log);
}

static void out_inside_inputs(void)
{
    static const char *const outs[] = {"content/out", "theme/out", "theme/static/x",
                                       "content/a/b/c"};
    for (size_t i = 0; i < 4; i++) {
        char *d = t_tmpdir("outin");
        site(d);
        buf log = BUF_INIT, arg = BUF_INIT;
        buf_printf(&arg, "--out %s", outs[i]);
        CHECK_INT(build_in(d, arg.data, &log), 2);
        CHECK_HAS(log.data, "refusing to write the site here: it is, contains or is inside the");
        CHECK_INT(sh(d, "test ! -e content/out && test ! -e theme/out && test ! -e theme/static "
                        "&& test ! -e content/a"), 0);
        buf_release(&log);
        buf_release(&arg);
        t_tmpdir_done(d);
    }
    /* a symbolic link as the output folder is refused: loa swaps whole folders */
    char *d = t_tmpdir("outlink");
    site(d);
    buf log = BUF_INIT;
    CHECK_INT(sh(d, "mkdir real && ln -s real output"), 0);
    CHECK_INT(build_in(d, NULL, &log), 2);
    CHECK_HAS(log.data, "output: error: refusing to write the site here: it is a symbolic link");
    buf_release(&log);
    t_tmpdir_done(d);
}

/* The previous site's files, what the new build wrote and what it found. */
static void foreign_files(void)
{
    char *d = t_tmpdir("foreign");
    site(d);
    t_write(d, "content/gone.md", "---\ntitle: Gone\n---\nx\n");
    buf log = BUF_INIT;
    CHECK_INT(build_in(d, NULL, &log), 0);
    CHECK_INT(sh(d, "echo example.org > output/CNAME && mkdir -p output/.well-known "
                    "output/.git/refs "
                    "output/a/extra && echo k > output/.well-known/security.txt && echo ref > "
                    "output/.git/HEAD && echo x > output/a/extra/note && ln -s /etc/passwd "
                    "output/pw && "
                    "stat -c %i output/a/index.html > inode && rm content/gone.md && "
                    "printf x > 'output/back\\slash'"), 0);
    buf_clear(&log);
    CHECK_INT(build_in(d, NULL, &log), 0);
    CHECK_HAS(log.data, "output: note: kept 'CNAME', which loa did not write");
    CHECK_HAS(log.data, "static/");
    CHECK_INT(sh(d, "test \"$(cat output/CNAME)\" = example.org && test -f "
                    "output/.well-known/security.txt "
                    "&& test \"$(cat output/.git/HEAD)\" = ref && test -f output/a/extra/note "
                    "&& test -L output/pw && test -f output/.loa-output && "
                    "test -f 'output/back\\slash'"), 0);
    /* what loa wrote and no longer writes is gone; unchanged files keep their inode */
    CHECK_INT(sh(d, "test ! -e output/gone && test \"$(stat -c %i output/a/index.html)\" = "
                    "\"$(cat inode)\""), 0);
    /* a file of the previous build replaced by a link is not followed, just replaced */
    CHECK_INT(sh(d, "rm output/a/index.html && ln -s /etc/hostname output/a/index.html"), 0);
    CHECK_INT(build_in(d, NULL, NULL), 0);
    CHECK_INT(sh(d, "test ! -L output/a/index.html && grep -q '<p>A</p>' output/a/index.html"), 0);
    CHECK_INT(sh(d, "test ! -e output.loa-staging && test ! -e output.loa-old && test -f "
                    ".output.loa-lock"), 0);
    buf_release(&log);
    t_tmpdir_done(d);
}

static void concurrent_builds(void)
{
    char *d = t_tmpdir("concurrent");
    site(d);
    CHECK_INT(sh(d, "for i in $(seq 1 300); do printf -- '---\\ntitle: P%s\\n---\\nx\\n' $i > "
                    "content/p$i.md; done"), 0);
    for (int trial = 0; trial < 3; trial++) {
        buf cmd = BUF_INIT, log = BUF_INIT;
        buf_printf(&cmd, "cd %s; L=%s; ($L build --content content --theme theme --out output "
                         "-q 2>&1; "
                         "echo rc1=$?) & ($L build --content content --theme theme --out output "
                         "-q 2>&1; "
                         "echo rc2=$?); wait", d, t_loa());
        t_run(cmd.data, &log);
        CHECK_HAS(log.data, "rc1=0");
        CHECK_HAS(log.data, "rc2=0");
        CHECK_INT(sh(d, "test -f output/.loa-output && test \"$(ls -d output/p*/ | wc -l)\" = 300 "
                        "&& test -f output/a/index.html && test ! -e output.loa-staging"), 0);
        buf_release(&cmd);
        buf_release(&log);
    }
    /* a build that cannot get the lock in time says so and changes nothing */
    buf cmd = BUF_INIT, log = BUF_INIT;
    buf_printf(&cmd, "cd %s && { flock -o .output.loa-lock sleep 60 >/dev/null 2>&1 & "
                     "echo $! > holder; } && "
                     "until ! flock -n .output.loa-lock true; do sleep 0.1; done && "
                     "LOA_LOCK_WAIT=1 %s build --content content --theme theme --out output 2>&1",
               d, t_loa());
    CHECK_INT(t_run(cmd.data, &log), 1);
    CHECK_HAS(log.data, "another build is writing output; waiting for it");
    CHECK_HAS(log.data, "output: error: another build still holds");
    CHECK_INT(sh(d, "test -f output/.loa-output && test -f output/a/index.html"), 0);
    buf_release(&cmd);
    buf_release(&log);
    sh(d, "kill $(cat holder)");
    t_tmpdir_done(d);
}

/* kill -9 at several moments: the output is always one whole site (all
 * pages from one build), and the next build cleans up and succeeds. */
static void killed_builds(void)
{
    char *d = t_tmpdir("kill");
    site(d);
    CHECK_INT(sh(d, "for i in $(seq 1 1500); do printf -- '---\\ntitle: P%s\\n---\\nx\\n' $i > "
                    "content/p$i.md; done"), 0);
    t_write(d, "theme/layouts/_default/single.mustache", "v9 {{page.title}}\n");
    buf log = BUF_INIT;
    CHECK_INT(build_in(d, "--out output -q", &log), 0);
    static const char *const delays[] = {"0.05", "0.15", "0.3", "0.45", "0.6", "0.9"};
    for (int i = 0; i < 6; i++) {
        buf cmd = BUF_INIT;
        buf_printf(&cmd, "cd %s && echo 'v%d {{page.title}}' > "
                         "theme/layouts/_default/single.mustache && "
                         "(%s build --content content --theme theme --out output -q & pid=$!; "
                         "sleep %s; "
                         "kill -9 $pid; wait $pid) >/dev/null 2>&1; "
                         "test -f output/.loa-output && test \"$(ls -d output/p*/ | wc -l)\" = "
                         "1500 && "
                         "test \"$(cat output/p*/index.html | cut -d' ' -f1 | sort -u | wc "
                         "-l)\" = 1",
                   d, i, t_loa(), delays[i]);
        if (!CHECK_INT_OK(t_run(cmd.data, NULL), 0)) fprintf(stderr, "    after kill at %s "
            "s\n", delays[i]);
        buf_release(&cmd);
    }
    buf_clear(&log);
    CHECK_INT(build_in(d, "--out output -q", &log), 0);
    CHECK_INT(sh(d, "test ! -e output.loa-staging && test ! -e output.loa-old && "
                    "grep -q '^v5 P7$' output/p7/index.html"), 0);
    buf_release(&log);
    t_tmpdir_done(d);
}

/* loa serve's quick path replaces files of the live site in place: whole
 * files, through the same checked paths, nothing removed when it ends
 * without a commit, no symbolic link followed. */
static void patch_in_place(void)
{
    char *d = t_tmpdir("patch");
    t_write(d, "site/.loa-output", "loa manifest 1\na.html\n");
    t_write(d, "site/a.html", "old\n");
    t_write(d, "site/keep.html", "keep\n");
    t_write(d, "secret.txt", "secret\n");
    CHECK_INT(sh(d, "ln -s ../secret.txt site/evil.html"), 0);
    char *out = fs_join(d, "site");
    buf log = BUF_INIT;
    diag_capture(&log);
    struct output *o = output_patch_begin(out);
    CHECK(o != NULL);
    if (o) {
        CHECK_INT(output_write(o, "a.html", "new\n", 4), 0);
        CHECK_INT(output_write(o, "sub/b.html", "b\n", 2), 0);
        CHECK(output_write(o, "../x.html", "x", 1) != 0);
        CHECK(output_write(o, "evil.html/x", "x", 1) != 0);
        CHECK(output_file(o, "c.epub") == NULL);
        output_end(o);   /* not committed: a patch removes nothing */
    }
    diag_capture(NULL);
    diag_reset();
    CHECK_INT(sh(d, "grep -qx new site/a.html && grep -qx b site/sub/b.html"), 0);
    CHECK_INT(sh(d, "grep -qx keep site/keep.html && grep -qx secret secret.txt"), 0);
    CHECK_INT(sh(d, "test ! -e x.html && test -z \"$(ls -A site | grep loa-tmp)\""), 0);
    CHECK_INT(sh(d, "test ! -e site.loa-staging && test -f site/.loa-output"), 0);
    free(out);
    buf_release(&log);
    t_tmpdir_done(d);
}

/* A cold build's writes: parents kept open (past the cache's size, the
 * rest opened each time), a page's folder made by its first file, files
 * added to folders that exist, hostile names refused, nothing half made. */
static void cold_writes(void)
{
    char *d = t_tmpdir("cold");
    char *out = fs_join(d, "site");
    buf log = BUF_INIT;
    diag_capture(&log);
    struct output *o = output_begin(out);
    CHECK(o != NULL);
    int bad = 0;
    for (int i = 0; o && i < 300; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "s%d/p%d/index.html", i % 150, i);
        bad |= output_write(o, rel, rel, strlen(rel)) != 0;
        snprintf(rel, sizeof rel, "s%d/p%d/data.json", i % 150, i);
        bad |= output_write(o, rel, "{}", 2) != 0;
    }
    CHECK_INT(bad, 0);
    if (o) {
        CHECK_INT(output_write(o, "index.html", "home", 4), 0);
        CHECK_INT(output_write(o, "en/index.html", "en", 2), 0);
        CHECK_INT(output_write(o, "en/r/1.json", "1", 1), 0);
        CHECK_INT(output_write(o, "en/r/2.json", "2", 1), 0);
        CHECK_INT(output_write(o, "a/b/c/d/e.html", "e", 1), 0);
        CHECK(output_write(o, "s1/../../x.html", "x", 1) != 0);
        CHECK(output_write(o, "s1//x.html", "x", 1) != 0);
        CHECK(output_write(o, "/etc/x.html", "x", 1) != 0);
        CHECK_INT(output_commit(o), 0);
        output_end(o);
    }
    diag_capture(NULL);
    diag_reset();
    CHECK_INT(sh(d, "test $(find site/s* -name index.html | wc -l) = 300 && "
                    "grep -qx s7/p157/index.html site/s7/p157/index.html"), 0);
    CHECK_INT(sh(d, "grep -qx home site/index.html && grep -qx 2 site/en/r/2.json && "
                    "grep -qx e site/a/b/c/d/e.html && test -f site/s149/p299/data.json"), 0);
    CHECK_INT(sh(d, "test ! -e x.html && test ! -e site.loa-staging"), 0);
    free(out);
    buf_release(&log);
    t_tmpdir_done(d);
}

void suite_safety(void)
{
    cold_writes();
    patch_in_place();
    rel_checks();
    open_beneath();
    hostile_aliases();
    hostile_site_yml();
    theme_traversal();
    content_links();
    special_files();
    link_loops();
    out_inside_inputs();
    foreign_files();
    concurrent_builds();
    killed_builds();
}
