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
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

int fs_read_file(const char *path, buf *out)
{
    return fs_read_file_max(path, out, (unsigned long long)-1, NULL);
}

/* Opens path to read it: O_NONBLOCK so that a named pipe put where a
 * file was expected cannot make the open wait for a writer. */
static int open_to_read(const char *path)
{
    return open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
}

/* The rest of fd appended to out, expect bytes being its size when it was
 * looked at: a regular file of that size is read with one read (a short
 * read of a regular file is its end), a longer or unknown one 64 KiB at a
 * time.  More than max bytes: -1, errno EFBIG, having read max + 1. */
static int read_all(int fd, buf *out, size_t expect, unsigned long long max)
{
    size_t start = out->len;
    for (;;) {
        size_t got = out->len - start;
        if (got > max) {
            errno = EFBIG;
            return -1;
        }
        size_t want = got < expect ? expect - got + 1 : 65536;
        if (want - 1 > max - got) want = (size_t)(max - got) + 1;
        buf_grow(out, want);
        ssize_t n = read(fd, out->data + out->len, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) return 0;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
        if ((size_t)n < want && out->len - start == expect) return 0;
    }
}

const char *fs_read_error(int e)
{
    if (e == EINVAL) return "it is not a regular file (a named pipe, socket or device); remove it";
    return strerror(e);
}

static int close_with(int fd, int r)
{
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

int fs_read_file_max(const char *path, buf *out, unsigned long long max,
                     unsigned long long *size)
{
    int fd = open_to_read(path);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) return close_with(fd, -1);
    if (S_ISDIR(st.st_mode)) errno = EISDIR;
    else if (!S_ISREG(st.st_mode)) errno = EINVAL;   /* a pipe, socket or device is no file */
    if (!S_ISREG(st.st_mode)) return close_with(fd, -1);
    if (size) *size = (unsigned long long)st.st_size;
    if ((unsigned long long)st.st_size > max) {
        errno = EFBIG;
        return close_with(fd, -1);
    }
    return close_with(fd, read_all(fd, out, (size_t)st.st_size, max));
}

int fs_read_file_again(const char *path, buf *out, unsigned long long max,
                       unsigned long long expect, unsigned long long *size)
{
    if (!expect || expect > max) return fs_read_file_max(path, out, max, size);
    int fd = open_to_read(path);
    if (fd < 0) return -1;
    size_t start = out->len;
    int r = read_all(fd, out, (size_t)expect, expect);
    close_with(fd, 0);
    if (r != 0 && errno != EFBIG) return -1;
    if (r == 0 && out->len - start == expect) {
        if (size) *size = expect;
        return 0;
    }
    out->len = start;   /* it changed: read it whole, with its limit */
    if (out->data) out->data[start] = '\0';
    return fs_read_file_max(path, out, max, size);
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
    if (fs_write_all(fd, data, len) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return close(fd);
}

int fs_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
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

int fs_list_entries(const char *dir, struct fs_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct fs_entry *ne = realloc(*out, cap * sizeof *ne);
            if (!ne) die_oom();
            *out = ne;
        }
        char *name = strdup(de->d_name);
        if (!name) die_oom();
        (*out)[(*n)++] = (struct fs_entry){name, de->d_type};
    }
    closedir(d);
    /* the name is an entry's first member: cmp_str compares entries */
    if (*n) qsort(*out, *n, sizeof **out, cmp_str);
    return 0;
}

void fs_free_entries(struct fs_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) free(e[i].name);
    free(e);
}

int fs_list_dir(const char *dir, char ***names, size_t *n)
{
    struct fs_entry *e;
    *names = NULL;
    if (fs_list_entries(dir, &e, n) != 0) return -1;
    if (!*n) {
        free(e);
        return 0;
    }
    *names = malloc(*n * sizeof **names);
    if (!*names) die_oom();
    for (size_t i = 0; i < *n; i++) (*names)[i] = e[i].name;
    free(e);
    return 0;
}

void fs_free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

int fs_entry_is_dir(int dir, const char *name, unsigned char type)
{
    if (type != DT_UNKNOWN) return type == DT_DIR;
    struct stat st;
    return fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

static int remove_at(int dir, const char *name, unsigned char type, int depth);

/* Empties the folder open at fd (closed here): readdir's types spare an
 * lstat a file, names are removed relative to the folder (no path walked
 * again, no symbolic link followed), in no particular order. */
static int empty_dir(int fd, int depth)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    int r = 0;
    for (struct dirent *de; r == 0 && (de = readdir(d));) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        r = remove_at(dirfd(d), de->d_name, de->d_type, depth + 1);
    }
    closedir(d);
    return r;
}

static int remove_at(int dir, const char *name, unsigned char type, int depth)
{
    if (!fs_entry_is_dir(dir, name, type))
        return unlinkat(dir, name, 0) == 0 || errno == ENOENT ? 0 : -1;
    if (depth > 4096) {   /* deeper than any tree loa writes: not followed */
        errno = ELOOP;
        return -1;
    }
    int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? 0 : -1;
    if (empty_dir(fd, depth) != 0) return -1;
    return unlinkat(dir, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}

int fs_remove_tree(const char *path)
{
    return remove_at(AT_FDCWD, path, DT_UNKNOWN, 0);
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

const char *fs_check_rel(const char *rel)
{
    if (!*rel) return "it is empty";
    if (*rel == '/') return "it is an absolute path";
    for (const char *c = rel; *c; c++) {
        if (*c == '\\') return "it contains a backslash";
        if ((unsigned char)*c < 0x20 || *c == 0x7f) return "it contains a control character";
    }
    for (const char *part = rel; part;) {
        const char *end = strchr(part, '/');
        size_t n = end ? (size_t)(end - part) : strlen(part);
        if (n == 0) return "it has an empty part ('//' or a trailing '/')";
        if (n == 1 && part[0] == '.') return "it has a '.' part";
        if (n == 2 && part[0] == '.' && part[1] == '.') return "it contains '..'";
        part = end ? end + 1 : NULL;
    }
    return NULL;
}

static int open_how2(int dirfd, const char *rel, int flags, int nolinks)
{
#ifdef SYS_openat2
    struct open_how how = {0};
    how.flags = (unsigned long long)(flags | O_CLOEXEC);
    how.mode = (flags & O_CREAT) ? 0644 : 0;
    how.resolve = RESOLVE_BENEATH | (nolinks ? RESOLVE_NO_SYMLINKS : 0);
    return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
#else
    (void)dirfd; (void)rel; (void)flags; (void)nolinks;
    errno = ENOSYS;
    return -1;
#endif
}

/* The fallback for kernels without openat2 (before 5.6) or a sandbox that
 * forbids it: one part at a time, none of them a symbolic link.  Stricter
 * than RESOLVE_BENEATH alone (a link that stays inside is refused too). */
static int open_walk(int dirfd, const char *rel, int flags)
{
    char *copy = strdup(rel);
    if (!copy) die_oom();
    int cur = dirfd, fd = -1;
    char *part = copy;
    for (char *slash; (slash = strchr(part, '/')); part = slash + 1) {
        *slash = '\0';
        int next = openat(cur, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (cur != dirfd) close(cur);
        if (next < 0) { free(copy); return -1; }
        cur = next;
    }
    fd = openat(cur, part, flags | O_NOFOLLOW | O_CLOEXEC, 0644);
    int e = errno;
    if (cur != dirfd) close(cur);
    free(copy);
    errno = e;
    return fd;
}

int fs_open_beneath(int dirfd, const char *rel, int flags, int nolinks)
{
    if (fs_check_rel(rel)) { errno = EINVAL; return -1; }
    int fd = open_how2(dirfd, rel, flags, nolinks);
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return fd;
    return open_walk(dirfd, rel, flags);
}

/* Makes the last part of rel in its parent (made first when missing, the
 * same way), then opens it: a new page's folder costs one open of its
 * parent, not a mkdirat and an open per part.  Racing another thread that
 * makes the same folder is fine (EEXIST). */
static int mkdirs_walk(int dirfd, const char *rel)
{
    const char *slash = strrchr(rel, '/');
    int parent = dirfd;
    if (slash) {
        char *up = strndup(rel, (size_t)(slash - rel));
        if (!up) die_oom();
        parent = fs_mkdirs_beneath(dirfd, up);
        free(up);
        if (parent < 0) return -1;
    }
    const char *last = slash ? slash + 1 : rel;
    int fd = fs_subdir(parent, last, strlen(last), 1);
    int e = errno;
    if (parent != dirfd) close(parent);
    errno = e;
    return fd;
}

int fs_subdir(int dirfd, const char *name, size_t n, int open_it)
{
    char part[256];   /* NAME_MAX + 1 */
    if (n >= sizeof part) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(part, name, n);
    part[n] = '\0';
    if (mkdirat(dirfd, part, 0755) != 0 && errno != EEXIST) return -1;
    if (!open_it) return 0;
    return openat(dirfd, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

int fs_mkdirs_beneath(int dirfd, const char *rel)
{
    if (!*rel) return openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    int fd = fs_open_beneath(dirfd, rel, O_PATH | O_DIRECTORY, 1);
    if (fd >= 0 || errno != ENOENT) return fd;
    return mkdirs_walk(dirfd, rel);
}

/* Lexical normalisation of an absolute path: no '.', '..' or '//'. */
static void normalise(char *p)
{
    char *out = p;
    for (char *part = p; *part;) {
        while (*part == '/') part++;
        char *end = part + strcspn(part, "/");
        size_t n = (size_t)(end - part);
        if (n == 2 && part[0] == '.' && part[1] == '.') {
            while (out > p && *--out != '/') {}
        } else if (n && !(n == 1 && *part == '.')) {
            *out++ = '/';
            memmove(out, part, n);
            out += n;
        }
        part = end;
    }
    if (out == p) *out++ = '/';
    *out = '\0';
}

char *fs_abspath(const char *p)
{
    char *cwd = p[0] == '/' ? strdup("/") : getcwd(NULL, 0);
    if (!cwd) die_oom();
    char *full = fs_join(cwd, p);
    free(cwd);
    normalise(full);
    /* resolve the longest prefix that exists, keep the rest as written */
    for (char *cut = full + strlen(full); cut > full; cut--) {
        if (*cut != '/' && *cut != '\0') continue;
        char save = *cut;
        *cut = '\0';
        char *real = realpath(full, NULL);
        *cut = save;
        if (!real) continue;
        char *r = !strcmp(real, "/") && *cut ? strdup(cut) : fs_join(real, cut);
        if (!r) die_oom();
        free(real);
        free(full);
        return r;
    }
    return full;
}

int fs_is_beneath(const char *anc, const char *p)
{
    size_t n = strlen(anc);
    if (!strcmp(anc, "/")) return 1;
    return !strncmp(anc, p, n) && (p[n] == '\0' || p[n] == '/');
}

char *fs_first_symlink(const char *root)
{
    struct stat st;
    if (lstat(root, &st) != 0) return NULL;
    if (S_ISLNK(st.st_mode)) return strdup(root);
    if (!S_ISDIR(st.st_mode)) return NULL;
    char **names;
    size_t n;
    if (fs_list_dir(root, &names, &n) != 0) return NULL;
    char *found = NULL;
    for (size_t i = 0; !found && i < n; i++) {
        char *p = fs_join(root, names[i]);
        found = fs_first_symlink(p);
        free(p);
    }
    fs_free_list(names, n);
    return found;
}
