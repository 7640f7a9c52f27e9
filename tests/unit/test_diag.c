/* Diagnostics for CI: every --diagnostics format, stable codes, the
 * output file, and the exit statuses (0 ok, 1 content, 2 usage, 3 internal). */
#include "../test.h"
#include "../../generator/util/buf.h"
#include "../../generator/util/diag.h"
#include "../../generator/util/fs.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs fn's diagnostics through format into a captured buffer. */
static void captured(const char *format, buf *out)
{
    diag_reset();
    diag_capture(out);
    CHECK_INT(diag_set_format(format), 0);
}

static void restore(void)
{
    diag_set_format("text");
    diag_capture(NULL);
    diag_reset();
}

/* A file name or a message with terminal control sequences reaches the
 * terminal as visible \xHH, never as the bytes themselves. */
static void controls_made_visible(void)
{
    buf out = BUF_INIT;
    captured("text", &out);
    diag_coded(DIAG_ERROR, DIAG_REPORT_WRITE, "a\033]0;pwned\007.md", 2, 1,
               "bad \033[2J\xc2\x9b" "31m name\tand tab");
    CHECK_STR(out.data, "a\\x1B]0;pwned\\x07.md:2:1: error: bad \\x1B[2J\\x9B31m name\tand tab "
                        "[LOA-E0801]\n");
    CHECK(!strchr(out.data, '\033'));
    restore();
    buf_release(&out);
}

static void formats_in_process(void)
{
    buf out = BUF_INIT;
    CHECK_INT(diag_set_format("xml"), -1);
    captured("json", &out);
    diag_coded(DIAG_ERROR, DIAG_REPORT_WRITE, "r \"1\".csv", 0, 0, "cannot write\tit");
    diag_warn(DIAG_TEXT_NFC, "content/a.md", 3, 7, "tab\there");
    CHECK_STR(
        out.data,
        "{\"severity\":\"error\",\"code\":\"LOA-E0801\",\"file\":\"r \\\"1\\\".csv\",\"line\":0,"
        "\"column\":0,\"message\":\"cannot write\\tit\"}\n"
        "{\"severity\":\"warning\",\"code\":\"LOA-W0503\",\"file\":\"content/a.md\",\"line\":3,"
        "\"column\":7,\"message\":\"tab\\there\"}\n");
    CHECK_INT(diag_finish(), 0);
    buf_clear(&out);
    /* GitHub: properties escape : and , ; the message % and newlines; a summary ends */
    captured("github", &out);
    diag_error(DIAG_FM_BAD_VALUE, "content/a,b:c.md", 2, 5, "100%% wrong\nreally");
    diag_coded(DIAG_WARNING, DIAG_REPORT_XLSX, NULL, 0, 0, "no file");
    CHECK_INT(diag_finish(), 0);
    CHECK_STR(out.data,
              "::error file=content/a%2Cb%3Ac.md,line=2,col=5,title=LOA-E0208::100%25 wrong%0Areally\n"
              "::warning title=LOA-E0802::no file\n"
              "::error title=loa::1 error, 1 warning\n");
    buf_clear(&out);
    /* text: the code, when there is one, ends the line */
    captured("text", &out);
    diag_coded(DIAG_ERROR, DIAG_REPORT_WRITE, "r.csv", 0, 0, "cannot write");
    CHECK_STR(out.data, "r.csv: error: cannot write [LOA-E0801]\n");
    CHECK_STR(diag_code_id(DIAG_REPORT_WRITE), "LOA-E0801");
    CHECK(diag_code_id(DIAG_NONE) == NULL);
    CHECK(diag_code_text(DIAG_REPORT_WRITE) != NULL);
    CHECK_INT(diag_finish(), 0);
    buf_clear(&out);
    /* gitlab and sarif are written at the end, whole */
    captured("gitlab", &out);
    diag_error(DIAG_FM_BAD_VALUE, "content/a.md", 4, 1, "bad");
    CHECK_INT(out.len, 0);
    CHECK_INT(diag_finish(), 0);
    CHECK_HAS(out.data, "[\n {\"description\":\"bad\",\"check_name\":\"LOA-E0208\",\"fingerprint\":\"");
    CHECK_HAS(out.data, "\"severity\":\"major\",\"location\":{\"path\":\"content/"
                        "a.md\",\"lines\":{\"begin\":4}}}\n]\n");
    buf_clear(&out);
    captured("sarif", &out);
    diag_coded(DIAG_ERROR, DIAG_REPORT_WRITE, "r.csv", 0, 0, "cannot write");
    CHECK_INT(diag_finish(), 0);
    CHECK_HAS(out.data, "\"version\":\"2.1.0\"");
    CHECK_HAS(out.data, "{\"id\":\"LOA-E0801\",\"shortDescription\":{\"text\":\"the report file "
                        "cannot be written;");
    CHECK_HAS(
        out.data,
        "{\"ruleId\":\"LOA-E0801\",\"level\":\"error\",\"message\":{\"text\":\"cannot write\"},"
        "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"r.csv\"}}}]}");
    restore();
    buf_release(&out);
}

/* A site with 12 pages with a bad date: 12 errors, more than GitHub shows. */
static char *broken_site(void)
{
    char *d = t_tmpdir("diag");
    buf b = BUF_INIT;
    t_write(d, "content/site.yml", "theme: t\n");
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2025-13-01\n---\n");
    for (int i = 0; i < 11; i++) {
        buf_clear(&b);
        buf_printf(&b, "content/b%02d.md", i);
        t_write(d, b.data, "---\ntitle: B\ndate: 2025-02-30\n---\n");
    }
    t_write(d, "theme/layouts/_default/single.mustache", "{{{page.content}}}");
    /* the home page still renders (pages that cannot be read are left out), so it needs one */
    t_write(d, "theme/layouts/_default/list.mustache", "{{page.title}}");
    buf_release(&b);
    return d;
}

static void formats_end_to_end(void)
{
    char *d = broken_site();
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "cd %s && %s build --theme theme --diagnostics github 2>&1", d, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 1);
    CHECK_HAS(
        out.data,
        "::error file=content/a.md,line=3,col=7,title=LOA-E0208::front matter: 'date' is not a date");
    CHECK_HAS(out.data,
              "::error title=loa::12 errors, 0 warnings (GitHub shows 10 annotations per step; "
              "the log has them all)\n");
    buf_clear(&out);
    buf_clear(&cmd);
    /* file formats go to --diagnostics-out, text stays on stderr; the files are valid JSON */
    buf_printf(
        &cmd,
        "cd %s && %s build --theme theme --diagnostics sarif --diagnostics-out loa.sarif 2>&1; "
        "echo rc=$?; %s check --translations --theme theme --diagnostics gitlab "
        "--diagnostics-out gl.json >/dev/null 2>&1; echo rc=$?; "
        "/usr/bin/python3 -c \"import json\n"
        "s = json.load(open('loa.sarif'))\n"
        "print('sarif', s['version'], len(s['runs'][0]['results']))\n"
        "g = json.load(open('gl.json'))\n"
        "print('gitlab', len(g), len(set(x['fingerprint'] for x in g)), g[0]['location'])\"",
        d, t_loa(), t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "content/a.md:3:7: error: front matter: 'date' is not a date");
    CHECK_HAS(out.data, "rc=1\nrc=1\nsarif 2.1.0 12\ngitlab 12 12 {'path': 'content/a.md', "
                        "'lines': {'begin': 3}}\n");
    buf_clear(&out);
    buf_clear(&cmd);
    /* JSON Lines come as they are reported: pages are read in parallel, so
     * the record is looked for, not taken from the first line */
    buf_printf(&cmd, "cd %s && %s build --theme theme --diagnostics json 2>&1 | "
                     "grep '\"file\":\"content/a.md\"'", d, t_loa());
    t_run(cmd.data, &out);
    CHECK_HAS(
        out.data,
        "{\"severity\":\"error\",\"code\":\"LOA-E0208\",\"file\":\"content/a.md\",\"line\":3,\"column\":7,");
    buf_clear(&out);
    buf_clear(&cmd);
    buf_printf(
        &cmd,
        "cd %s && %s report --theme theme --diagnostics-out no/such/dir.json --diagnostics json "
        "> /dev/null 2>&1; echo rc=$?",
        d, t_loa());
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "rc=1\n");
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

static void exit_statuses(void)
{
    char *d = t_tmpdir("exit");
    buf out = BUF_INIT, cmd = BUF_INIT;
    t_write(d, "content/site.yml", "theme: t\n");
    t_write(d, "content/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nA.\n");
    t_write(d, "theme/layouts/_default/single.mustache", "{{{page.content}}}");
    t_write(d, "theme/layouts/_default/list.mustache", "{{page.title}}");
    buf_printf(
        &cmd,
        "cd %s && %s build --theme theme --quiet --diagnostics github 2>&1; echo rc=$?; "
        "%s build --diagnostics yaml 2>/dev/null; echo rc=$?; "
        "%s build --diagnostics 2>/dev/null; echo rc=$?; %s frobnicate 2>/dev/null; echo rc=$?",
        d, t_loa(), t_loa(), t_loa(), t_loa());
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "::notice title=loa::0 errors, 0 warnings\nrc=0\nrc=2\nrc=2\nrc=2\n");
    /* configuration (site.yml, the theme folder, a refused --out) exits 2, and the
     * output is left as it was */
    buf_clear(&out);
    buf_clear(&cmd);
    buf_printf(&cmd, "cd %s && cp content/site.yml s.yml && printf 'theme: t\\npaginate: many\\n' "
                     "> content/site.yml && %s build --theme theme 2>&1; echo rc=$?; "
                     "%s report --theme theme 2>&1; echo rc=$?; "
                     "%s check --translations --theme theme 2>&1; echo rc=$?; mv s.yml content/site.yml; "
                     "%s build --theme nowhere 2>&1; echo rc=$?; %s build --theme theme --out / 2>&1; "
                     "echo rc=$?; ls output",
               d, t_loa(), t_loa(), t_loa(), t_loa(), t_loa());
    t_run(cmd.data, &out);
    CHECK_HAS(out.data, "content/site.yml:2:11: error: 'paginate' must be a whole number");
    CHECK_HAS(out.data, "nowhere: error: theme folder 'nowhere' does not exist");
    int twos = 0;
    for (const char *p = out.data; (p = strstr(p, "\nrc=")); p++) twos += !strncmp(p, "\nrc=2\n", 6);
    CHECK_INT(twos, 5);
    CHECK_HAS(out.data, "\nindex.html\n");
    /* internal errors (die) exit 3 */
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        die("test of the internal error status");
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st));
    CHECK_INT(WEXITSTATUS(st), DIAG_EXIT_INTERNAL);
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

/* The ./build/loa lines of the README's CI pipelines, run as written on a
 * copy of the multilingual test site: each exits 0 and leaves its file
 * (a failing line is shown with its status and its last messages). */
static void readme_pipelines(void)
{
    char *d = t_tmpdir("ci");
    char *root = fs_realpath(".");
    buf out = BUF_INIT, cmd = BUF_INIT;
    buf_printf(
        &cmd,
        "cd %s && cp -R %s/tests/cases/multilingual/content content && mkdir themes && "
        "cp -R %s/tests/cases/multilingual/theme themes/min && "
        "sed -n '/^## Continuous integration/,/^## Writing content/p' %s/README.md | "
        "grep -o '\\./build/loa .*' | sed 's|^\\./build/loa|%s|' > ci.sh && "
        "grep -c . ci.sh && export SOURCE_DATE_EPOCH=1767225600 && ok=0 && "
        "while read -r l; do sh -c \"$l\" >o.txt 2>&1 || "
        "{ echo \"FAILED ($?): $l\"; tail -20 o.txt; ok=1; break; }; done < ci.sh; echo rc=$ok; "
        "ls gl-code-quality-report.json loa.sarif report-2025-H1.xlsx report-2025.html "
        "output/index.html public/index.html",
        d, root, root, root, t_loa());
    CHECK_INT(t_run(cmd.data, &out), 0);
    CHECK_HAS(out.data, "7\nrc=0\n");
    CHECK_HAS(out.data, "public/index.html\n");
    free(root);
    t_tmpdir_done(d);
    buf_release(&out);
    buf_release(&cmd);
}

/* Every code: LOA-<E|W|N><area><number>, listed in order, no number twice. */
#define CODE_NAME(name, code, example, text) #name,
static const char *const code_names[] = {"", DIAG_CODES(CODE_NAME)};

static void codes_well_formed(void)
{
    int prev = 0;
    for (int c = 1; c < DIAG_N_CODES; c++) {
        const char *id = diag_code_id((enum diag_code)c);
        int ok = strlen(id) == 9 && !strncmp(id, "LOA-", 4) && strchr("EWN", id[4]);
        for (int k = 5; ok && k < 9; k++) ok = id[k] >= '0' && id[k] <= '9';
        int num = ok ? atoi(id + 5) : 0;
        if (!CHECK(ok && num > prev)) fprintf(stderr, "    %s after %04d (a number twice?)\n", id, prev);
        prev = num;
        CHECK(strlen(diag_code_text((enum diag_code)c)) > 20);
        CHECK(strlen(diag_code_example((enum diag_code)c)) > 10);
    }
}

static int code_by_name(const char *name, size_t n)
{
    for (int c = 1; c < DIAG_N_CODES; c++)
        if (strlen(code_names[c]) == n && !strncmp(code_names[c], name, n)) return c;
    return 0;
}

/* Every diag_error/diag_warn/diag_note in generator/ names a code on the
 * call's first line, whose letter matches the call. */
static void every_call_has_a_code(void)
{
    buf out = BUF_INIT;
    t_run("grep -rhoE 'diag_(error|warn|note)\\([A-Za-z0-9_]*' generator --include='*.c'", &out);
    int calls = 0;
    for (char *l = out.data; *l; calls++) {
        char *nl = strchr(l, '\n');
        char *name = strchr(l, '(') + 1;
        size_t n = (size_t)((nl ? nl : l + strlen(l)) - name);
        int c = code_by_name(name, n);
        char want = l[5] == 'e' ? 'E' : l[5] == 'w' ? 'W' : 'N';
        if (!CHECK(c && diag_code_id((enum diag_code)c)[4] == want))
            fprintf(stderr, "    %.*s\n", (int)(nl ? nl - l : (long)strlen(l)), l);
        l = nl ? nl + 1 : l + strlen(l);
    }
    CHECK(calls > 150);
    buf_release(&out);
}

/* The man page lists every code as `loa help codes --man` writes it. */
static void man_page_lists_every_code(void)
{
    buf man = BUF_INIT, codes = BUF_INIT, cmd = BUF_INIT;
    buf_printf(&cmd, "%s help codes --man", t_loa());
    CHECK_INT(t_run(cmd.data, &codes), 0);
    CHECK(fs_read_file("loa.1", &man) == 0);
    if (!CHECK(strstr(man.data, codes.data) != NULL))
        fprintf(stderr, "    loa.1 is out of date: run make man-codes\n");
    int listed = 0;
    for (const char *p = man.data; (p = strstr(p, "\n.B \\&LOA\\-")); p++) listed++;
    CHECK_INT(listed, DIAG_N_CODES - 1);
    buf_clear(&codes);
    buf_clear(&cmd);
    buf_printf(&cmd, "%s help codes | grep -c '^LOA-'; %s help nothing 2>/dev/null; echo rc=$?",
               t_loa(), t_loa());
    t_run(cmd.data, &codes);
    buf_clear(&cmd);
    buf_printf(&cmd, "%d\nrc=2\n", DIAG_N_CODES - 1);
    CHECK_STR(codes.data, cmd.data);
    buf_release(&man);
    buf_release(&codes);
    buf_release(&cmd);
}

void suite_diag(void)
{
    codes_well_formed();
    every_call_has_a_code();
    man_page_lists_every_code();
    formats_in_process();
    controls_made_visible();
    formats_end_to_end();
    exit_statuses();
    readme_pipelines();
}
