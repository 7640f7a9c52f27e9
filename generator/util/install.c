#define _GNU_SOURCE
#include "install.h"
#include "fs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int plain_name(const char *name)
{
    return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* The folder holding the running executable, malloc'd, or NULL. */
static char *exe_dir(void)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) return NULL;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash) return NULL;
    *slash = '\0';
    return strdup(path);
}

static char *try_dir(const char *fmt, const char *a, const char *b)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, fmt, a, b) >= (int)sizeof p) return NULL;
    return fs_is_dir(p) ? fs_realpath(p) : NULL;
}

char *install_theme_dir(const char *name)
{
    if (!plain_name(name)) return NULL;
    char *r = NULL;
#ifdef LOA_DATADIR
    r = try_dir("%s/themes/%s", LOA_DATADIR, name);
#endif
    char *exe = r ? NULL : exe_dir();
    if (exe) {
        r = try_dir("%s/../share/loa/themes/%s", exe, name);
        if (!r) r = try_dir("%s/../themes/%s", exe, name);
        free(exe);
    }
    return r;
}
