/* watch: what changed in a set of folders (inotify).
 *
 * Every folder under the roots is watched, new ones included as they
 * appear; symbolic links are not followed.  Editors save in many ways
 * (write in place, truncate then write, write a temporary file and
 * rename it over, keep a swap or backup file beside it): a change counts
 * when a file is closed after writing, moved in or out, created or
 * deleted, and names editors use for their own files are ignored
 * (.name.swp, name~, #name#, .#name, 4913, .goutputstream-*, *.tmp).
 * Changes are gathered until the folders have been quiet for a moment
 * (debounce), so one save gives one rebuild. */
#pragma once
#include <stddef.h>

struct watch;

/* Watches the roots (missing ones are skipped); NULL if inotify cannot
 * start (errno set). */
struct watch *watch_new(const char *const *roots, size_t n);
void watch_free(struct watch *w);

struct watch_changes {
    char **paths;            /* changed files and folders, sorted, no repeats */
    size_t n;
};

/* Waits up to timeout_ms for a change, then gathers further changes
 * until quiet_ms pass with none (at most 1 s in all).  Returns the number
 * of changed paths (0 on timeout), or -1 on error. */
int watch_wait(struct watch *w, int timeout_ms, int quiet_ms, struct watch_changes *out);
void watch_changes_release(struct watch_changes *c);

/* 1 if an editor's temporary or backup file has this base name. */
int watch_ignored(const char *name);
