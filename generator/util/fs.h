/* fs: the little file-system layer.  Functions return 0 on success and -1
 * with errno set on failure; they print nothing (callers report through
 * diag with the path). */
#pragma once
#include <stddef.h>

struct buf;

int fs_read_file(const char *path, struct buf *out);   /* appends */
/* Writes data to path, creating parent folders. */
int fs_write_file(const char *path, const void *data, size_t len);
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

/* Joins a and b with one '/'; result malloc'd. */
char *fs_join(const char *a, const char *b);
/* Canonical absolute path (realpath), malloc'd, NULL if it does not exist. */
char *fs_realpath(const char *p);
/* Modification time in seconds, or -1. */
long long fs_mtime(const char *path);
