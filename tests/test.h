/* test.h: the whole test harness.  Each tests/unit/test_NAME.c defines
 * void suite_NAME(void); the Makefile finds the files and the runner
 * (tests/runner.c) calls every suite, then prints "N passed, N failed".
 * A check counts once; a failure prints where and what was got. */
#pragma once
#include <stdio.h>
#include <string.h>

extern int t_passed, t_failed;
/* Checks that could not run because a tool is missing: counted and shown,
 * never passed silently. */
extern int t_skipped;
extern const char *t_suite;
int t_check(int ok, const char *file, int line, const char *what);
int t_check_str(const char *got, const char *exp, const char *file, int line, const char *what);
/* Only tests whose suite or label contains this substring run (LOA_TEST=...). */
int t_selected(const char *label);

#define CHECK(cond) t_check(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_STR(got, exp) t_check_str((got), (exp), __FILE__, __LINE__, #got)
#define CHECK_INT(got, exp) do { long long g_ = (long long)(got), e_ = (long long)(exp); \
    if (!t_check(g_ == e_, __FILE__, __LINE__, #got " == " #exp)) \
        fprintf(stderr, "    got %lld, expected %lld\n", g_, e_); } while (0)
/* Like CHECK_INT but usable in an if: evaluates to 1 when equal. */
#define CHECK_INT_OK(got, exp) t_check((long long)(got) == (long long)(exp), __FILE__, __LINE__, #got " == " #exp)
/* Substring check: haystack contains needle. */
#define CHECK_HAS(hay, needle) do { const char *h_ = (hay), *n_ = (needle); \
    if (!t_check(h_ && strstr(h_, n_) != NULL, __FILE__, __LINE__, "contains: " #needle)) \
        fprintf(stderr, "    looked for: %s\n    in: %.2000s\n", n_, h_ ? h_ : "(null)"); } while (0)
#define CHECK_NOT_HAS(hay, needle) do { const char *h_ = (hay), *n_ = (needle); \
    if (!t_check(h_ && strstr(h_, n_) == NULL, __FILE__, __LINE__, "does not contain: " #needle)) \
        fprintf(stderr, "    found: %s\n", n_); } while (0)

struct buf;
/* Runs a shell command, appending its stdout and stderr to out (may be
 * NULL); returns its exit status (or -1). */
int t_run(const char *cmd, struct buf *out);
/* The loa binary under test ($LOA_BIN, else build/loa). */
const char *t_loa(void);
/* A fresh empty temporary folder (under $TMPDIR or /tmp), malloc'd. */
char *t_tmpdir(const char *tag);
/* Removes a folder made by t_tmpdir and frees its name. */
int t_tmpdir_done(char *dir);   /* 0 if removed */
/* Writes text to dir/rel, creating folders. */
void t_write(const char *dir, const char *rel, const char *text);
