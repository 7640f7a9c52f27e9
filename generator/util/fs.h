/* fs: the little file-system layer.  Functions return 0 on success and -1
 * with errno set on failure; they print nothing (callers report through
 * diag with the path). */
#pragma once
#include <stddef.h>

struct buf;

int fs_read_file(const char *path, struct buf *out);   /* appends */
/* The same, refusing (errno EFBIG) a file of more than max bytes without
 * reading it; *size (if not NULL) gets the file's size. */
int fs_read_file_max(const char *path, struct buf *out, unsigned long long max,
                     unsigned long long *size);
/* The same for a file read before, of `expect` bytes then: one read and
 * no fstat when it still has that many (a different size falls back to
 * fs_read_file_max, and the caller compares what it got). */
int fs_read_file_again(const char *path, struct buf *out, unsigned long long max,
                       unsigned long long expect, unsigned long long *size);
/* Why a read by the functions above failed, for a message: strerror, but
 * a named pipe, socket or device (refused, errno EINVAL) said as such. */
const char *fs_read_error(int e);
/* Writes data to path, creating parent folders. */
int fs_write_file(const char *path, const void *data, size_t len);
/* All len bytes to fd (again after EINTR or a short write).  0, or -1 with errno. */
int fs_write_all(int fd, const void *data, size_t len);
int fs_mkdir_p(const char *path);
int fs_copy_file(const char *from, const char *to);   /* creates parents */
int fs_is_dir(const char *path);
int fs_is_file(const char *path);
int fs_exists(const char *path);
/* Removes a tree.  Only ever called on loa's own staging/old output
 * folders (see site/output.c for the guards). */
int fs_remove_tree(const char *path);

/* Sorted listing of a folder's entries (names only, no . or ..).
 * *names is malloc'd, each name malloc'd; free with fs_free_list. */
int fs_list_dir(const char *dir, char ***names, size_t *n);
void fs_free_list(char **names, size_t n);

/* The same with each entry's type as readdir gives it (DT_REG, DT_DIR,
 * DT_LNK, ... or DT_UNKNOWN when the file system does not say): a walk
 * needs no lstat for most files.  Free with fs_free_entries. */
struct fs_entry { char *name; unsigned char type; };
int fs_list_entries(const char *dir, struct fs_entry **e, size_t *n);
void fs_free_entries(struct fs_entry *e, size_t n);
/* Whether the entry name of the folder dir, of readdir's type, is a folder
 * (itself, not a symbolic link to one): fstatat only for DT_UNKNOWN. */
int fs_entry_is_dir(int dir, const char *name, unsigned char type);

/* Joins a and b with one '/'; result malloc'd. */
char *fs_join(const char *a, const char *b);
/* Canonical absolute path (realpath), malloc'd, NULL if it does not exist. */
char *fs_realpath(const char *p);
/* Modification time in seconds, or -1. */
long long fs_mtime(const char *path);

/* Paths beneath a folder.  These are loa's defence against content that
 * names a file outside the folders it owns (an alias "../../x", a layout
 * type "../../etc"): every output path and every theme lookup is checked
 * by fs_check_rel and opened through fs_open_beneath. */

/* NULL if rel is a clean relative path: not empty, not absolute, no empty,
 * '.' or '..' part, no backslash, no control character.  Otherwise a short
 * reason ("it contains '..'") for a message; static, not to be freed. */
const char *fs_check_rel(const char *rel);
/* Opens rel beneath the folder dirfd, as openat(dirfd, rel, flags, 0644)
 * would, but never outside it: with openat2(RESOLVE_BENEATH) where the
 * kernel has it, else by walking the parts.  nolinks: no symbolic link at
 * all (RESOLVE_NO_SYMLINKS); else links are followed only while they stay
 * beneath dirfd.  rel must pass fs_check_rel.  -1 with errno (EXDEV or
 * ELOOP for a link leaving the folder). */
int fs_open_beneath(int dirfd, const char *rel, int flags, int nolinks);
/* Opens the folder rel (may be "") beneath dirfd as an O_PATH descriptor,
 * creating missing parts with mkdirat; no symbolic link is followed. */
int fs_mkdirs_beneath(int dirfd, const char *rel);
/* The folder name[0..n) (one part) made in dirfd, where it may exist
 * already; with open_it, then opened (O_PATH, a symbolic link refused),
 * else 0.  -1 with errno. */
int fs_subdir(int dirfd, const char *name, size_t n, int open_it);
/* Absolute form of p, which need not exist: the longest existing prefix
 * through realpath, the rest appended part by part ('.' dropped, '..'
 * removing one part).  malloc'd. */
char *fs_abspath(const char *p);
/* The first symbolic link at or below root (root itself included, none
 * followed), malloc'd, or NULL when there is none or root is missing. */
char *fs_first_symlink(const char *root);
/* 1 if p is anc or inside it (both absolute, normalised). */
int fs_is_beneath(const char *anc, const char *p);
