#define _GNU_SOURCE
#include "output.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/statvfs.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MARKER ".loa-output"
#define MANIFEST_HEAD "loa manifest 1\n"
#define MAX_NOTES 10
#define DIR_SLOTS 128   /* folders kept open while writing (a power of two) */
#define DIR_KEEP 96     /* at most this many of them */

struct output {
    const char *out;        /* as given, for messages */
    char *parent;           /* the folder holding out, staging and lock */
    char *name;             /* out's last part */
    char *stage_name, *old_name, *lock_name;
    char *stage;            /* parent/stage_name, for writers that need a path */
    int parent_fd, stage_fd, prev_fd, lock_fd;
    pthread_mutex_t mu;     /* guards the list of written files */
    char **written;
    size_t n_written, cap_written;
    char **manifest;        /* what the previous build wrote (sorted), or NULL */
    size_t n_manifest;
    unsigned n_kept;
    int committed;
    atomic_int disk_full;   /* set by the first write that found the disk full */
    unsigned shard_k, shard_n;   /* --shard K/N; n = 0: the whole site */
    int patch;              /* output_patch_begin: files replaced in the live folder */
    char **pruned;          /* made through output_file for another shard */
    size_t n_pruned, cap_pruned;
    pthread_mutex_t dir_mu; /* guards the folder cache below */
    struct dir_slot { char *rel; int fd; } dirs[DIR_SLOTS];
    size_t n_dirs;
};

/* Entries that may sit in an output folder loa has never written. */
static int ignorable(const char *n)
{
    return !strcmp(n, ".keep") || !strcmp(n, ".gitkeep") || !strcmp(n, ".loa-staging") ||
           !strcmp(n, ".loa-old");
}

static int refuse(const char *out, const char *why)
{
    diag_error(DIAG_OUT_REFUSED, out, 0, 0, "refusing to write the site here: %s; "
               "pass --out with a folder of its own (e.g. output)", why);
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
        return refuse(out, "the folder is not empty and was not written by loa "
                      "(no .loa-output marker)");
    return 0;
}

/* The folder-relation guards, on absolute paths (out need not exist). */
static const char *why_not(const char *ro, const char *rc, const char *rt)
{
    char *cwd = fs_realpath(".");
    const char *home = getenv("HOME");
    char *rh = home ? fs_realpath(home) : NULL;
    const char *why = NULL;
    if (!strcmp(ro, "/")) why = "it is the root folder";
    else if (rc && (fs_is_beneath(ro, rc) || fs_is_beneath(rc, ro)))
        why = "it is, contains or is inside the content folder";
    else if (rt && (fs_is_beneath(ro, rt) || fs_is_beneath(rt, ro)))
        why = "it is, contains or is inside the theme folder";
    else if (cwd && fs_is_beneath(ro, cwd)) why = "it is or contains the project folder";
    else if (rh && !strcmp(ro, rh)) why = "it is the home folder";
    free(cwd);
    free(rh);
    return why;
}

int output_check(const char *out, const char *content, const char *theme)
{
    if (!*out) return refuse(out, "the path is empty");
    char *ro = fs_abspath(out), *rc = fs_abspath(content);
    char *rt = theme ? fs_abspath(theme) : NULL;
    const char *why = why_not(ro, rc, rt);
    free(ro);
    free(rc);
    free(rt);
    if (why) return refuse(out, why);
    struct stat st;
    if (lstat(out, &st) != 0) return 0;
    if (S_ISLNK(st.st_mode))
        return refuse(out, "it is a symbolic link (loa replaces the whole folder); "
                      "pass the folder it points to");
    if (!S_ISDIR(st.st_mode)) return refuse(out, "it is not a folder");
    return check_contents(out);
}

/* parent and name of out, as folders the kernel will see. */
static int split_out(struct output *o)
{
    char *copy = strdup(o->out);
    if (!copy) die_oom();
    char *slash = strrchr(copy, '/');
    const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
    if (slash) *slash = '\0';
    const char *base = slash ? slash + 1 : copy;
    int ok = !fs_check_rel(base);
    o->name = strdup(base);
    o->parent = ok ? fs_abspath(dir) : NULL;
    free(copy);
    if (!ok) return refuse(o->out, "its last part must be a folder name");
    o->stage_name = malloc(strlen(o->name) + 32);
    o->old_name = malloc(strlen(o->name) + 32);
    o->lock_name = malloc(strlen(o->name) + 32);
    if (!o->name || !o->stage_name || !o->old_name || !o->lock_name) die_oom();
    sprintf(o->stage_name, "%s.loa-staging", o->name);
    sprintf(o->old_name, "%s.loa-old", o->name);
    sprintf(o->lock_name, ".%s.loa-lock", o->name);
    o->stage = fs_join(o->parent, o->stage_name);
    return 0;
}

static double lock_wait_s(void)
{
    const char *w = getenv("LOA_LOCK_WAIT");
    return w && *w ? atof(w) : 600;
}

/* One build per output folder: a second one waits, then gives up. */
static int take_lock(struct output *o)
{
    o->lock_fd = openat(o->parent_fd, o->lock_name,
                        O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (o->lock_fd < 0) {
        diag_error(DIAG_OUT_LOCK,
                   o->parent, 0, 0, "cannot create the lock file %s: %s", o->lock_name,
                   strerror(errno));
        return -1;
    }
    if (flock(o->lock_fd, LOCK_EX | LOCK_NB) == 0) return 0;
    double limit = lock_wait_s(), waited = 0;
    fprintf(stderr, "loa: another build is writing %s; waiting for it (up to %.0f s)\n",
            o->out, limit);
    struct timespec step = {0, 100 * 1000 * 1000};
    while (flock(o->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) break;
        if (waited >= limit) {
            diag_error(DIAG_OUT_LOCK,
                       o->out, 0, 0, "another build still holds %s/%s after %.0f s; let it "
                       "finish or stop it (LOA_LOCK_WAIT sets the wait)", o->parent,
                       o->lock_name, limit);
            return -1;
        }
        nanosleep(&step, NULL);
        waited += 0.1;
    }
    return 0;
}

/* A build killed between the two renames of the fallback swap left the
 * old site at old_name and nothing at name: put it back first. */
static void recover(struct output *o)
{
    struct stat st;
    if (fstatat(o->parent_fd, o->name, &st, AT_SYMLINK_NOFOLLOW) != 0 &&
        fstatat(o->parent_fd, o->old_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        renameat(o->parent_fd, o->old_name, o->parent_fd, o->name);
    char *stage = fs_join(o->parent, o->stage_name), *old = fs_join(o->parent, o->old_name);
    fs_remove_tree(stage);
    fs_remove_tree(old);
    free(stage);
    free(old);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The previous build's list of files: lines after the header of its
 * marker.  A marker without it (an older loa) gives no list. */
static void read_manifest(struct output *o)
{
    if (o->prev_fd < 0) return;
    int fd = openat(o->prev_fd, MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    buf b = BUF_INIT;
    char tmp[65536];
    for (ssize_t n; (n = read(fd, tmp, sizeof tmp)) > 0;) buf_put(&b, tmp, (size_t)n);
    close(fd);
    size_t hl = strlen(MANIFEST_HEAD);
    if (b.len >= hl && !memcmp(b.data, MANIFEST_HEAD, hl)) {
        o->manifest = malloc(sizeof *o->manifest);
        if (!o->manifest) die_oom();
        for (char *line = b.data + hl, *nl; *line; line = nl + 1) {
            if (!(nl = strchr(line, '\n'))) break;
            *nl = '\0';
            char **m = realloc(o->manifest, (o->n_manifest + 1) * sizeof *m);
            if (!m || !(m[o->n_manifest] = strdup(line))) die_oom();
            o->manifest = m;
            o->n_manifest++;
        }
        qsort(o->manifest, o->n_manifest, sizeof *o->manifest, cmp_str);
    }
    buf_release(&b);
}

static int open_stage(struct output *o)
{
    if (mkdirat(o->parent_fd, o->stage_name, 0755) != 0) {
        diag_error(DIAG_OUT_STAGE,
                   o->stage, 0, 0, "cannot create the staging folder: %s", strerror(errno));
        return -1;
    }
    const int dir = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    o->stage_fd = openat(o->parent_fd, o->stage_name, dir);
    o->prev_fd = openat(o->parent_fd, o->name, dir);
    if (o->stage_fd < 0) {
        diag_error(DIAG_OUT_STAGE,
                   o->stage, 0, 0, "cannot open the staging folder: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* The live folder itself stands in for the staging folder: writes go to
 * a temporary name and are renamed over the file (see output_write). */
static int open_live(struct output *o)
{
    o->stage_fd = openat(o->parent_fd, o->name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (o->stage_fd < 0) {
        diag_error(DIAG_OUT_PATCH, o->out, 0, 0, "cannot open the output folder: %s", strerror(errno));
        return -1;
    }
    free(o->stage);
    o->stage = fs_join(o->parent, o->name);
    return 0;
}

struct output *output_patch_begin(const char *out)
{
    struct output *o = calloc(1, sizeof *o);
    if (!o) die_oom();
    o->out = out;
    o->patch = 1;
    o->parent_fd = o->stage_fd = o->prev_fd = o->lock_fd = -1;
    pthread_mutex_init(&o->mu, NULL);
    pthread_mutex_init(&o->dir_mu, NULL);
    int r = split_out(o);
    if (r == 0) o->parent_fd = open(o->parent, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (r == 0 && o->parent_fd < 0) {
        diag_error(DIAG_OUT_PATCH, o->parent, 0, 0, "cannot open the folder: %s", strerror(errno));
        r = -1;
    }
    if (r == 0) r = take_lock(o);
    if (r == 0) r = open_live(o);
    if (r != 0) { output_end(o); return NULL; }
    return o;
}

struct output *output_begin(const char *out)
{
    struct output *o = calloc(1, sizeof *o);
    if (!o) die_oom();
    o->out = out;
    o->parent_fd = o->stage_fd = o->prev_fd = o->lock_fd = -1;
    pthread_mutex_init(&o->mu, NULL);
    pthread_mutex_init(&o->dir_mu, NULL);
    int r = split_out(o);
    if (r == 0 && fs_mkdir_p(o->parent) != 0) {
        diag_error(DIAG_OUT_STAGE,
                   o->parent, 0, 0, "cannot create the folder for %s: %s", out, strerror(errno));
        r = -1;
    }
    if (r == 0)
        o->parent_fd = open(o->parent, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (r == 0 && o->parent_fd < 0) {
        diag_error(DIAG_OUT_STAGE, o->parent, 0, 0, "cannot open the folder: %s", strerror(errno));
        r = -1;
    }
    if (r == 0) r = take_lock(o);
    if (r == 0) recover(o);
    if (r == 0) r = open_stage(o);
    if (r == 0) read_manifest(o);
    if (r != 0) { output_end(o); return NULL; }
    return o;
}

static void record(struct output *o, const char *rel)
{
    char *copy = strdup(rel);
    if (!copy) die_oom();
    pthread_mutex_lock(&o->mu);
    if (o->n_written == o->cap_written) {
        o->cap_written = o->cap_written ? o->cap_written * 2 : 1024;
        char **w = realloc(o->written, o->cap_written * sizeof *w);
        if (!w) die_oom();
        o->written = w;
    }
    o->written[o->n_written++] = copy;
    pthread_mutex_unlock(&o->mu);
}

static void write_failed(struct output *o, const char *rel, int e);

static int check_rel(struct output *o, const char *rel)
{
    const char *why = fs_check_rel(rel);
    if (!why) return 0;
    diag_error(DIAG_OUT_PATH_OUTSIDE,
               o->out, 0, 0, "refusing to write '%s': %s; an output path must stay "
               "inside the output folder", rel, why);
    errno = EINVAL;
    return -1;
}

static void folder_failed(struct output *o, const char *rel, size_t len, int e)
{
    if (e == ENOSPC || e == EDQUOT) write_failed(o, rel, e);   /* once, then nothing more */
    else diag_error(DIAG_OUT_WRITE, o->out, 0, 0, "cannot create the folder '%.*s': %s",
                    (int)len, rel, strerror(e));
    errno = e;
}

static size_t slot_of(const char *rel, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)rel[i]) * 1099511628211ull;
    return (size_t)(h ^ h >> 32) & (DIR_SLOTS - 1);
}

/* The first len bytes of rel, a folder of the staging folder, made when
 * missing and kept open: pages are written many to a folder (a section,
 * its pages' parent), so each costs a mkdirat and one open beneath this
 * folder.  *owned: the caller closes the descriptor (the cache is full). */
static int cached_dir(struct output *o, const char *rel, size_t len, int *owned)
{
    *owned = 0;
    if (!len) return o->stage_fd;
    pthread_mutex_lock(&o->dir_mu);
    size_t i = slot_of(rel, len);
    while (o->dirs[i].rel && (strncmp(o->dirs[i].rel, rel, len) || o->dirs[i].rel[len]))
        i = (i + 1) & (DIR_SLOTS - 1);
    int fd = o->dirs[i].rel ? o->dirs[i].fd : -1;
    if (fd < 0) {
        char *dir = strndup(rel, len);
        if (!dir) die_oom();
        fd = fs_mkdirs_beneath(o->stage_fd, dir);
        if (fd >= 0 && o->n_dirs < DIR_KEEP) {
            o->dirs[i] = (struct dir_slot){dir, fd};
            o->n_dirs++;
            dir = NULL;
        } else {
            *owned = fd >= 0;
        }
        free(dir);
    }
    int e = errno;
    pthread_mutex_unlock(&o->dir_mu);
    if (fd < 0) folder_failed(o, rel, len, e);
    return fd;
}

static void close_dirs(struct output *o)
{
    for (size_t i = 0; i < DIR_SLOTS; i++) {
        if (!o->dirs[i].rel) continue;
        close(o->dirs[i].fd);
        free(o->dirs[i].rel);
        o->dirs[i].rel = NULL;
    }
    o->n_dirs = 0;
}

/* rel's parent's parent from the cache; *leaf: the rest of rel
 * ("p1/index.html").  -1 reported. */
static int open_parent(struct output *o, const char *rel, const char **leaf, int *owned)
{
    if (check_rel(o, rel) != 0) return -1;
    const char *slash = strrchr(rel, '/');
    const char *up = slash ? memrchr(rel, '/', (size_t)(slash - rel)) : NULL;
    *leaf = up ? up + 1 : rel;
    return cached_dir(o, rel, up ? (size_t)(up - rel) : 0, owned);
}

/* rel's folder in the staging folder, made in its cached parent.
 * *base: rel's last part. */
static int stage_dir(struct output *o, const char *rel, const char **base)
{
    const char *leaf;
    int owned;
    int pfd = open_parent(o, rel, &leaf, &owned);
    if (pfd < 0) return -1;
    const char *slash = strchr(leaf, '/');
    *base = slash ? slash + 1 : leaf;
    int fd = slash ? fs_subdir(pfd, leaf, (size_t)(slash - leaf), 1) : dup(pfd);
    int e = errno;
    if (owned) close(pfd);
    if (fd < 0) folder_failed(o, rel, slash ? (size_t)(slash - rel) : 0, e);
    return fd;
}

/* A new file in a cold build: made beneath its parent's cached folder in
 * one call after the mkdirat of its own folder, no symbolic link followed
 * (four system calls a page: mkdirat, openat2, write, close). */
static int create_new(struct output *o, const char *rel)
{
    const char *leaf;
    int owned;
    int pfd = open_parent(o, rel, &leaf, &owned);
    if (pfd < 0) return -1;
    const char *slash = strchr(leaf, '/');
    /* a page's index.html is the first file of its folder: make it first */
    int fresh = slash && !strcmp(slash + 1, "index.html");
    int fd = fresh ? -1 : fs_open_beneath(pfd, leaf, O_WRONLY | O_CREAT | O_TRUNC, 1);
    if (fd < 0 && (fresh || errno == ENOENT) && slash &&
        fs_subdir(pfd, leaf, (size_t)(slash - leaf), 0) == 0)
        fd = fs_open_beneath(pfd, leaf, O_WRONLY | O_CREAT | O_TRUNC, 1);
    int e = errno;
    if (owned) close(pfd);
    if (fd < 0) write_failed(o, rel, e);
    return fd;
}

static int same_bytes(int fd, const char *data, size_t len)
{
    char tmp[65536];
    size_t at = 0;
    for (ssize_t n; (n = read(fd, tmp, sizeof tmp)) > 0; at += (size_t)n)
        if (at + (size_t)n > len || memcmp(tmp, data + at, (size_t)n)) return 0;
    return at == len;
}

/* An output file identical to the one the previous build wrote is linked,
 * not written: the swap then frees no blocks for it, and its modification
 * time is kept, which makes deploys with rsync or a CDN cheaper.  The
 * previous tree is read beneath its folder, with no symbolic link. */
static int reuse_previous(struct output *o, const char *rel, int dir_fd, const char *base,
                          const char *data, size_t len)
{
    if (o->prev_fd < 0) return -1;
    int fd = fs_open_beneath(o->prev_fd, rel, O_RDONLY | O_NOFOLLOW, 1);
    if (fd < 0) return -1;
    struct stat st;
    int r = -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len &&
        same_bytes(fd, data, len)) {
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        r = linkat(AT_FDCWD, proc, dir_fd, base, AT_SYMLINK_FOLLOW);
    }
    close(fd);
    return r;
}

/* A full disk is said once, with where and how to go on; the writes after
 * it only fail (each would add a line). */
static void write_failed(struct output *o, const char *rel, int e)
{
    if (e != ENOSPC && e != EDQUOT) {
        diag_error(DIAG_OUT_WRITE, o->out, 0, 0, "cannot write '%s': %s", rel, strerror(e));
        return;
    }
    if (atomic_exchange(&o->disk_full, 1)) return;
    struct statvfs vs;
    int got = fstatvfs(o->stage_fd, &vs) == 0;
    unsigned long long free_kib = got ? (unsigned long long)vs.f_bavail * vs.f_frsize / 1024 : 0;
    /* a tmpfs runs out of file entries (inodes) long before bytes */
    const char *what = got && vs.f_files && !vs.f_favail ? "; no file entries (inodes) left" : "";
    diag_error(DIAG_OUT_DISK_FULL,
               o->out, 0, 0, "the disk is full (%s; %llu KiB free%s) while writing '%s'; free some "
               "space or pass --out with a folder on another disk, then build again; nothing more "
               "is written", strerror(e), free_kib, what, rel);
}

/* ---- shards ---- */

void output_set_shard(struct output *o, unsigned k, unsigned n)
{
    o->shard_k = k;
    o->shard_n = n;
}

/* FNV-1a of the path: where a file goes depends on nothing but its name,
 * so every shard agrees without talking to the others. */
static unsigned shard_of(const char *rel, unsigned n)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *c = (const unsigned char *)rel; *c; c++) {
        h ^= *c;
        h *= 1099511628211ull;
    }
    return (unsigned)(h % n) + 1;
}

int output_take(struct output *o, const char *rel)
{
    if (!o || !o->shard_n || shard_of(rel, o->shard_n) == o->shard_k) return 1;   /* !o: loa check */
    record(o, rel);
    return 0;
}

static void prune_later(struct output *o, const char *rel)
{
    char *copy = strdup(rel);
    if (!copy) die_oom();
    pthread_mutex_lock(&o->mu);
    if (o->n_pruned == o->cap_pruned) {
        o->cap_pruned = o->cap_pruned ? o->cap_pruned * 2 : 64;
        char **p = realloc(o->pruned, o->cap_pruned * sizeof *p);
        if (!p) die_oom();
        o->pruned = p;
    }
    o->pruned[o->n_pruned++] = copy;
    pthread_mutex_unlock(&o->mu);
}

/* Files made through output_file for another shard (books and drawn cards
 * are made in every shard: pages print their sizes) leave the staging
 * folder before the swap. */
static int prune(struct output *o)
{
    for (size_t i = 0; i < o->n_pruned; i++) {
        const char *rel = o->pruned[i];
        const char *slash = strrchr(rel, '/');
        char *dir = strndup(rel, slash ? (size_t)(slash - rel) : 0);
        if (!dir) die_oom();
        int fd = *dir ? fs_open_beneath(o->stage_fd, dir, O_RDONLY | O_DIRECTORY, 1)
                      : dup(o->stage_fd);
        int r = fd < 0 ? -1 : unlinkat(fd, slash ? slash + 1 : rel, 0);
        if (r != 0 && errno != ENOENT) {
            diag_error(DIAG_OUT_SHARD, o->out, 0, 0, "cannot leave out '%s' (another shard's): %s", rel,
                       strerror(errno));
            if (fd >= 0) close(fd);
            free(dir);
            return -1;
        }
        if (fd >= 0) close(fd);
        free(dir);
    }
    return 0;
}

/* A file of the live folder replaced whole: written under a temporary
 * name, then renamed over it, so a reader gets the old or the new file. */
static int replace_live(struct output *o, int dir, const char *base, const void *data,
                        size_t len)
{
    char tmp[320];
    if (snprintf(tmp, sizeof tmp, ".%s.loa-tmp", base) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    (void)o;
    int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    int r = fd < 0 ? -1 : fs_write_all(fd, data, len);
    if (fd >= 0 && close(fd) != 0) r = -1;
    if (r == 0) r = renameat(dir, tmp, dir, base);
    if (r != 0) {
        int e = errno;
        unlinkat(dir, tmp, 0);
        errno = e;
    }
    return r;
}

int output_write(struct output *o, const char *rel, const void *data, size_t len)
{
    if (atomic_load(&o->disk_full)) return -1;
    if (!output_take(o, rel)) return 0;
    if (!o->patch && o->prev_fd < 0) {
        int fd = create_new(o, rel);
        int r = fd < 0 ? -1 : fs_write_all(fd, data, len);
        if (fd >= 0 && close(fd) != 0) r = -1;
        if (fd >= 0 && r != 0) write_failed(o, rel, errno);
        if (r == 0) record(o, rel);
        return r;
    }
    const char *base;
    int dir = stage_dir(o, rel, &base);
    if (dir < 0) return -1;
    int r = 0;
    if (o->patch) {
        r = replace_live(o, dir, base, data, len);
    } else if (reuse_previous(o, rel, dir, base, data, len) != 0) {
        int fd = openat(dir, base, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
        r = fd < 0 ? -1 : fs_write_all(fd, data, len);
        if (fd >= 0 && close(fd) != 0) r = -1;
        if (r != 0) write_failed(o, rel, errno);
    }
    close(dir);
    if (r == 0) record(o, rel);
    return r;
}

char *output_file(struct output *o, const char *rel)
{
    if (o->patch) {
        diag_error(DIAG_OUT_PATCH, o->out, 0, 0, "internal error: '%s' cannot be made in place; build again",
                   rel);
        return NULL;
    }
    const char *base;
    int dir = stage_dir(o, rel, &base);
    if (dir < 0) return NULL;
    close(dir);
    if (output_take(o, rel)) record(o, rel);
    else prune_later(o, rel);
    return fs_join(o->stage, rel);
}

/* ---- keeping what loa did not write ---- */

static int in_manifest(const struct output *o, const char *rel)
{
    return o->manifest && bsearch(&rel, o->manifest, o->n_manifest, sizeof *o->manifest, cmp_str);
}

/* 1 if some file loa wrote is inside the folder rel. */
static int manifest_has_under(const struct output *o, const char *rel)
{
    size_t n = strlen(rel), lo = 0, hi = o->n_manifest;
    while (lo < hi) {   /* the first entry not below rel + "/" */
        size_t mid = (lo + hi) / 2;
        int c = strncmp(o->manifest[mid], rel, n);
        if (c < 0 || (c == 0 && o->manifest[mid][n] < '/')) lo = mid + 1;
        else hi = mid;
    }
    return lo < o->n_manifest && !strncmp(o->manifest[lo], rel, n) && o->manifest[lo][n] == '/';
}

static int link_tree(int from_dir, const char *name, int to_dir);

static int link_children(int from, int to)
{
    int rd = openat(from, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = rd < 0 ? NULL : fdopendir(rd);
    if (!d) { if (rd >= 0) close(rd); return -1; }
    int r = 0;
    for (struct dirent *de; r == 0 && (de = readdir(d));)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            r = link_tree(from, de->d_name, to);
    closedir(d);
    return r;
}

/* A copy of from_dir/name at to_dir/name made of hard links: the files
 * stay where they are until the old tree is removed, so the live site
 * never lacks them.  Symbolic links are linked as links, never followed. */
static int link_tree(int from_dir, const char *name, int to_dir)
{
    struct stat st;
    if (fstatat(from_dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) return linkat(from_dir, name, to_dir, name, 0);
    if (mkdirat(to_dir, name, st.st_mode & 07777) != 0) return -1;
    int from = openat(from_dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int to = openat(to_dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int r = from < 0 || to < 0 ? -1 : link_children(from, to);
    if (from >= 0) close(from);
    if (to >= 0) close(to);
    return r;
}

/* rel is dir/name: dir is a folder loa wrote (clean), name is whatever
 * the file is called, so it is used only as one part, never parsed. */
static int keep_one(struct output *o, int from_dir, const char *name, const char *rel)
{
    char *dir = strndup(rel, strlen(rel) - strlen(name) - (strlen(rel) > strlen(name)));
    if (!dir) die_oom();
    int to = fs_mkdirs_beneath(o->stage_fd, dir);
    free(dir);
    struct stat st;
    int r = 0;
    if (to < 0 || fstatat(to, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        diag_note(DIAG_OUT_REPLACED,
                  o->out, 0, 0, "'%s' was in the output folder and this build writes "
             "%s; the build's file wins", rel, to < 0 ? "a file where its folder was" : "it too");
    } else if ((r = link_tree(from_dir, name, to)) != 0) {
        diag_error(DIAG_OUT_KEEP,
                   o->out, 0, 0, "cannot keep '%s' (loa did not write it): %s; move it into "
                   "static/ so every build writes it", rel, strerror(errno));
    } else if (strcmp(rel, ".keep") && strcmp(rel, ".gitkeep") && ++o->n_kept <= MAX_NOTES) {
        diag_note(DIAG_OUT_KEPT,
                  o->out, 0, 0, "kept '%s', which loa did not write; files that belong "
             "to the site are better in static/ (theme) or content/", rel);
    }
    if (to >= 0) close(to);
    return r;
}

static int keep_walk(struct output *o, int dir, buf *rel);

/* One entry of the previous tree, rel its path there (rel->len restored). */
static int keep_entry(struct output *o, int dir, const struct dirent *de, buf *rel)
{
    const char *nm = de->d_name;
    size_t at = rel->len;
    if (at) buf_putc(rel, '/');
    buf_puts(rel, nm);
    int r = 0;
    int is_dir = fs_entry_is_dir(dir, nm, de->d_type);
    if (!o->manifest) {
        if (!at && ignorable(nm)) r = keep_one(o, dir, nm, rel->data);
    } else if (is_dir && manifest_has_under(o, rel->data)) {
        int sub = openat(dir, nm, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub >= 0) r = keep_walk(o, sub, rel);   /* closes sub */
    } else if (!in_manifest(o, rel->data)) {
        r = keep_one(o, dir, nm, rel->data);
    }
    rel->len = at;
    rel->data[at] = '\0';
    return r;
}

/* The folder open at fd (closed here), rel its path in the previous tree. */
static int keep_walk(struct output *o, int fd, buf *rel)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return 0;
    }
    int r = 0;
    for (struct dirent *de; r == 0 && (de = readdir(d));) {
        const char *nm = de->d_name;
        if (!strcmp(nm, ".") || !strcmp(nm, "..")) continue;
        if (!rel->len && (!strcmp(nm, MARKER) || !strcmp(nm, ".loa-staging") ||
                          !strcmp(nm, ".loa-old")))
            continue;   /* the marker is rewritten; the others are an older loa's leftovers */
        r = keep_entry(o, dirfd(d), de, rel);
    }
    closedir(d);
    return r;
}

/* Walks the previous tree: what its manifest does not list is kept.
 * Without a manifest (an older loa wrote it) only .keep files are.
 * readdir's types spare an fstatat an entry, one buffer holds the path. */
static int keep_foreign(struct output *o, int dir)
{
    int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return 0;
    buf rel = BUF_INIT;
    buf_grow(&rel, 256);
    rel.data[0] = '\0';
    int r = keep_walk(o, fd, &rel);
    buf_release(&rel);
    return r;
}

static int write_marker(struct output *o)
{
    qsort(o->written, o->n_written, sizeof *o->written, cmp_str);
    buf b = BUF_INIT;
    buf_puts(&b, MANIFEST_HEAD);
    for (size_t i = 0; i < o->n_written; i++) {
        if (i && !strcmp(o->written[i], o->written[i - 1])) continue;
        buf_puts(&b, o->written[i]);
        buf_putc(&b, '\n');
    }
    int fd = openat(o->stage_fd, MARKER, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                    0644);
    int r = fd < 0 ? -1 : fs_write_all(fd, b.data, b.len);
    if (fd >= 0 && close(fd) != 0) r = -1;
    if (r != 0) diag_error(DIAG_OUT_WRITE,
                           o->out, 0, 0, "cannot write %s: %s", MARKER, strerror(errno));
    buf_release(&b);
    return r;
}

/* The one moment the site changes.  RENAME_EXCHANGE swaps both names at
 * once; a file system without it (EINVAL) gets two renames, and a build
 * killed between them is repaired by the next one (see recover). */
static int swap(struct output *o)
{
    int p = o->parent_fd;
    if (o->prev_fd < 0) return renameat(p, o->stage_name, p, o->name);
    if (renameat2(p, o->stage_name, p, o->name, RENAME_EXCHANGE) == 0)
        return renameat(p, o->stage_name, p, o->old_name);
    if (errno != EINVAL && errno != ENOSYS) return -1;
    if (renameat(p, o->name, p, o->old_name) != 0) return -1;
    return renameat(p, o->stage_name, p, o->name);
}

int output_commit(struct output *o)
{
    if (o->patch) {   /* every file is already in place */
        o->committed = 1;
        return 0;
    }
    int r = o->prev_fd >= 0 ? keep_foreign(o, o->prev_fd) : 0;
    if (o->n_kept > MAX_NOTES)
        diag_note(DIAG_OUT_KEPT, o->out, 0, 0, "and %u more files loa did not write were kept",
             o->n_kept - MAX_NOTES);
    if (r == 0) r = prune(o);
    if (r == 0) r = write_marker(o);
    if (r == 0 && swap(o) != 0) {
        diag_error(DIAG_OUT_SWAP,
                   o->out, 0, 0, "cannot move the new build into place: %s%s", strerror(errno),
                   errno == EXDEV || errno == EBUSY ? " (is the output folder a mount point? "
                   "pass a folder inside it)" : "");
        r = -1;
    }
    if (r != 0) return -1;
    o->committed = 1;
    char *old = fs_join(o->parent, o->old_name);
    fs_remove_tree(old);   /* after the switch: readers already see the new site */
    free(old);
    return 0;
}

void output_end(struct output *o)
{
    if (!o) return;
    /* a patch's "staging folder" is the live site: never removed */
    close_dirs(o);
    if (!o->committed && !o->patch && o->stage_fd >= 0) fs_remove_tree(o->stage);
    int fds[] = {o->stage_fd, o->prev_fd, o->parent_fd, o->lock_fd};
    for (size_t i = 0; i < 4; i++)
        if (fds[i] >= 0) close(fds[i]);   /* closing the lock file releases the lock */
    for (size_t i = 0; i < o->n_written; i++) free(o->written[i]);
    for (size_t i = 0; i < o->n_manifest; i++) free(o->manifest[i]);
    for (size_t i = 0; i < o->n_pruned; i++) free(o->pruned[i]);
    free(o->pruned);
    free(o->written);
    free(o->manifest);
    free(o->parent); free(o->name); free(o->stage_name); free(o->old_name);
    free(o->lock_name); free(o->stage);
    pthread_mutex_destroy(&o->mu);
    pthread_mutex_destroy(&o->dir_mu);
    free(o);
}
