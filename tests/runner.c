/* The test runner: calls every suite listed in the generated suites.h,
 * then prints the closing line "N passed, N failed".  Exit 1 on any
 * failure.  LOA_TEST=substring runs only matching suites. */
#include "test.h"
#include "../generator/util/diag.h"

#include "../generator/util/buf.h"
#include "../generator/util/fs.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int t_passed, t_failed, t_skipped;
const char *t_suite = "";

int t_check(int ok, const char *file, int line, const char *what)
{
    if (ok) { t_passed++; return 1; }
    t_failed++;
    fprintf(stderr, "FAIL [%s] %s:%d: %s\n", t_suite, file, line, what);
    return 0;
}

int t_check_str(const char *got, const char *exp, const char *file, int line, const char *what)
{
    int ok = got && exp && strcmp(got, exp) == 0;
    if (!t_check(ok, file, line, what))
        fprintf(stderr, "    got:      [%s]\n    expected: [%s]\n", got ? got : "(null)",
                exp ? exp : "(null)");
    return ok;
}

int t_selected(const char *label)
{
    const char *f = getenv("LOA_TEST");
    return !f || !*f || strstr(label, f) != NULL;
}

int t_run(const char *cmd, buf *out)
{
    FILE *f = popen(cmd, "r");
    if (!f) return -1;
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (out) buf_put(out, tmp, n);
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

const char *t_loa(void)
{
    static char *abs;
    const char *b = getenv("LOA_BIN");
    if (b && *b) return b;
    if (!abs) abs = fs_realpath("build/loa");   /* tests cd into temporary folders */
    return abs ? abs : "build/loa";
}

char *t_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    buf p = BUF_INIT;
    buf_printf(&p, "%s/loa-test-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    char *d = buf_detach(&p);
    if (!mkdtemp(d)) { perror("mkdtemp"); exit(2); }
    return d;
}

int t_tmpdir_done(char *dir)
{
    int r = fs_remove_tree(dir);
    free(dir);
    return r;
}

void t_write(const char *dir, const char *rel, const char *text)
{
    char *p = fs_join(dir, rel);
    if (fs_write_file(p, text, strlen(text)) != 0) { perror(p); exit(2); }
    free(p);
}

#define SUITE(name) void suite_##name(void);
#include "suites.h"
#undef SUITE

int main(void)
{
#define SUITE(name) \
    if (t_selected(#name)) { \
        t_suite = #name; \
        int f0 = t_failed, p0 = t_passed; \
        diag_reset(); \
        suite_##name(); \
        fprintf(stderr, "%-14s %d passed, %d failed\n", #name, t_passed - p0, t_failed - f0); \
    }
#include "suites.h"
#undef SUITE
    if (t_skipped) printf("%d passed, %d failed, %d skipped\n", t_passed, t_failed, t_skipped);
    else printf("%d passed, %d failed\n", t_passed, t_failed);
    return t_failed ? 1 : 0;
}
