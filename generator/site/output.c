#define _GNU_SOURCE
#include "output.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAGE_NAME ".loa-staging"
#define OLD_NAME ".loa-old"
#define MARKER ".loa-output"

/* Entries that may sit in an output folder loa has never written. */
static int ignorable(const char *n)
{
    return !strcmp(n, ".keep") || !strcmp(n, ".gitkeep") || !strcmp(n, STAGE_NAME) || !strcmp(n, OLD_NAME);
}

static int is_ancestor_or_same(const char *anc, const char *p)
{
    size_t n = strlen(anc);
    if (!strcmp(anc, "/")) return 1;
    return !strncmp(anc, p, n) && (p[n] == '\0' || p[n] == '/');
}

static int refuse(const char *out, const char *why)
{
    diag_error(out, 0, 0, "refusing to write the site here: %s; pass --out with a folder of its own (e.g. output)", why);
    return -1;
}

static int check_contents(const char *out)
{
    char **names;
    size_t n;
    if (fs_list_dir(out, &names, &n) != 0) return refuse(out, strerror(errno));
    int marked = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(names[i], MARKER)) marked = 1;
        else if (!ignorable(names[i])) other = 1;
    }
    fs_free_list(names, n);
    if (other && !marked)
        return refuse(out, "the folder is not empty and was not written by loa (no .loa-output marker)");
    return 0;
}

int output_check(const char *out, const char *content, const char *theme)
{
    if (!*out) return refuse(out, "the path is empty");
    if (!fs_exists(out)) return 0;
    if (!fs_is_dir(out)) return refuse(out, "it is not a folder");
    char *ro = fs_realpath(out), *rc = fs_realpath(content), *rt = theme ? fs_realpath(theme) : NULL;
    char *cwd = fs_realpath(".");
    const char *home = getenv("HOME");
    char *rh = home ? fs_realpath(home) : NULL;
    int r = 0;
    if (!ro) r = refuse(out, strerror(errno));
    else if (!strcmp(ro, "/")) r = refuse(out, "it is the root folder");
    else if (rc && is_ancestor_or_same(ro, rc)) r = refuse(out, "it is or contains the content folder");
    else if (rt && is_ancestor_or_same(ro, rt)) r = refuse(out, "it is or contains the theme");
    else if (cwd && is_ancestor_or_same(ro, cwd)) r = refuse(out, "it is or contains the project folder");
    else if (rh && !strcmp(ro, rh)) r = refuse(out, "it is the home folder");
    else r = check_contents(out);
    free(ro); free(rc); free(rt); free(cwd); free(rh);
    return r;
}

char *output_stage(const char *out)
{
    if (fs_mkdir_p(out) != 0) {
        diag_error(out, 0, 0, "cannot create the output folder: %s", strerror(errno));
        return NULL;
    }
    char *stage = fs_join(out, STAGE_NAME);
    fs_remove_tree(stage);   /* left by a crashed build */
    char *old = fs_join(out, OLD_NAME);
    fs_remove_tree(old);
    free(old);
    if (mkdir(stage, 0755) != 0) {
        diag_error(stage, 0, 0, "cannot create the staging folder: %s", strerror(errno));
        free(stage);
        return NULL;
    }
    char *m = fs_join(stage, MARKER);
    fs_write_file(m, "loa\n", 4);
    free(m);
    return stage;
}

/* Puts from at to; an entry already at to ends up in old_dir (exchanged
 * atomically where the kernel can, so to is never missing). */
static int move_entry(const char *from, const char *to, const char *old_dir)
{
    if (!fs_exists(to)) return rename(from, to);
    const char *base = strrchr(to, '/');
    char *dst = fs_join(old_dir, base ? base + 1 : to);
    int r;
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE) == 0) {
        r = rename(from, dst);   /* 'from' now holds the old entry */
        free(dst);
        return r;
    }
#endif
    r = rename(to, dst);
    free(dst);
    return r != 0 ? r : rename(from, to);
}

static int in_list(char **names, size_t n, const char *x)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], x)) return 1;
    return 0;
}

/* Entries of out that the new build does not have move aside first. */
static int retire_stale(const char *out, char **fresh, size_t n_fresh, const char *old)
{
    char **names;
    size_t n;
    if (fs_list_dir(out, &names, &n) != 0) return -1;
    int r = 0;
    for (size_t i = 0; r == 0 && i < n; i++) {
        if (ignorable(names[i]) || in_list(fresh, n_fresh, names[i])) continue;
        char *p = fs_join(out, names[i]), *dst = fs_join(old, names[i]);
        r = rename(p, dst);
        free(p);
        free(dst);
    }
    fs_free_list(names, n);
    return r;
}

int output_swap(const char *out, const char *stage)
{
    char *old = fs_join(out, OLD_NAME);
    char **names = NULL;
    size_t n = 0;
    int r = mkdir(old, 0755) == 0 || errno == EEXIST ? 0 : -1;
    if (r == 0) r = fs_list_dir(stage, &names, &n);
    if (r == 0) r = retire_stale(out, names, n, old);
    for (size_t i = 0; r == 0 && i < n; i++) {
        char *from = fs_join(stage, names[i]), *to = fs_join(out, names[i]);
        r = move_entry(from, to, old);
        free(from);
        free(to);
    }
    if (r != 0) diag_error(out, 0, 0, "cannot move the new build into place: %s", strerror(errno));
    fs_free_list(names, n);
    fs_remove_tree(old);
    fs_remove_tree(stage);
    free(old);
    return r;
}

void output_discard(const char *stage) { if (stage) fs_remove_tree(stage); }
