#define _GNU_SOURCE
#include "fs.h"
#include "buf.h"
#include "diag.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_read_file(const char *path, buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) { close(fd); errno = EISDIR; return -1; }
    if (fstat(fd, &st) == 0 && st.st_size > 0) buf_grow(out, (size_t)st.st_size);
    for (;;) {
        buf_grow(out, 65536);
        ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (n == 0) break;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
    }
    close(fd);
    return 0;
}

int fs_mkdir_p(const char *path)
{
    char *p = strdup(path);
    if (!p) die_oom();
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) { free(p); return -1; }
        *s = '/';
    }
    int r = mkdir(p, 0755);
    free(p);
    return (r != 0 && errno != EEXIST) ? -1 : 0;
}

static int mkparent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return 0;
    char *d = strndup(path, (size_t)(slash - path));
    if (!d) die_oom();
    int r = fs_mkdir_p(d);
    free(d);
    return r;
}

int fs_write_file(const char *path, const void *data, size_t len)
{
    /* folders are made only when the open says they are missing: one
     * mkdir per folder, not one per path component per file */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) {
        if (mkparent(path) != 0) return -1;
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    }
    if (fd < 0) return -1;
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return close(fd);
}

int fs_copy_file(const char *from, const char *to)
{
    buf b = BUF_INIT;
    int r = fs_read_file(from, &b);
    if (r == 0) r = fs_write_file(to, b.data, b.len);
    buf_release(&b);
    return r;
}

int fs_is_dir(const char *p) { struct stat st; return stat(p, &st) == 0 && S_ISDIR(st.st_mode); }
int fs_is_file(const char *p) { struct stat st; return stat(p, &st) == 0 && S_ISREG(st.st_mode); }
int fs_exists(const char *p) { struct stat st; return lstat(p, &st) == 0; }

long long fs_mtime(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (long long)st.st_mtime : -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fs_list_dir(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(*names, cap * sizeof *nn);
            if (!nn) die_oom();
            *names = nn;
        }
        (*names)[*n] = strdup(de->d_name);
        if (!(*names)[*n]) die_oom();
        (*n)++;
    }
    closedir(d);
    if (*n) qsort(*names, *n, sizeof **names, cmp_str);
    return 0;
}

void fs_free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

int fs_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode)) return unlink(path);
    char **names;
    size_t n;
    if (fs_list_dir(path, &names, &n) != 0) return -1;
    int r = 0;
    for (size_t i = 0; i < n && r == 0; i++) {
        char *c = fs_join(path, names[i]);
        r = fs_remove_tree(c);
        free(c);
    }
    fs_free_list(names, n);
    return r == 0 ? rmdir(path) : r;
}

char *fs_join(const char *a, const char *b)
{
    size_t la = strlen(a);
    while (la > 1 && a[la - 1] == '/') la--;
    while (*b == '/') b++;
    char *p = malloc(la + strlen(b) + 2);
    if (!p) die_oom();
    memcpy(p, a, la);
    p[la] = '/';
    strcpy(p + la + 1, b);
    if (!*b) p[la] = '\0';
    return p;
}

char *fs_realpath(const char *p) { return realpath(p, NULL); }
