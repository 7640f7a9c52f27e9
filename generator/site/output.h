/* output: where a build's files go, and how they become the site.
 *
 * For --out DIR/NAME a build takes a lock (DIR/.NAME.loa-lock, flock, kept
 * for the whole build), writes everything into DIR/NAME.loa-staging/ and,
 * only when the whole build succeeded, swaps that folder with DIR/NAME in
 * one renameat2(RENAME_EXCHANGE); the old tree is removed after the swap.
 * A build killed at any moment leaves DIR/NAME either old or new, whole;
 * the next build removes the leftovers.  A failed build removes its
 * staging folder and leaves DIR/NAME as it was.
 *
 * Every file goes through output_write or output_file, which accept only
 * clean relative paths (fs_check_rel) and open them beneath the staging
 * folder with no symbolic link followed.  DIR/NAME/.loa-output marks the
 * folder as loa's and lists what loa wrote there; anything else found in
 * it (CNAME, .well-known/, a deploy .git/) is linked into the new tree so
 * it survives the swap, with a note.  Thread-safe after output_begin. */
#pragma once
#include <stddef.h>

struct output;

/* Checks that out may be used: not the content or theme folder, not
 * inside or around them, not the project root, '/' or $HOME; empty,
 * missing or a previous loa output.  Reports and returns -1 if refused. */
int output_check(const char *out, const char *content, const char *theme);
/* Takes the lock (waiting up to $LOA_LOCK_WAIT seconds, default 600, for
 * another build), cleans what a killed build left, and creates the staging
 * folder.  NULL after reporting. */
struct output *output_begin(const char *out);
/* For loa serve's quick path: the files written replace those of the
 * site already in out, each whole (a temporary name renamed over it);
 * nothing is staged, swapped or removed, and the marker is left as it is.
 * Takes the same lock as a build.  output_file is not for patches.
 * NULL after reporting. */
struct output *output_patch_begin(const char *out);
/* Writes data at rel in the staging folder (linking the previous build's
 * file when it has the same bytes).  0, or -1 reported. */
int output_write(struct output *o, const char *rel, const void *data, size_t len);
/* For writers that need a path (libzip): checks rel, creates its folder in
 * the staging folder, records it; returns the full path (malloc'd) or NULL
 * after reporting.  The caller must not create links there.  A file made
 * there for another shard is removed before the swap. */
char *output_file(struct output *o, const char *rel);
/* --shard K/N: this build writes only the K-th of N parts of the site
 * (1 <= K <= N), chosen by a hash of each file's path, so N builds of one
 * tree with K = 1..N copied into one folder equal a whole build, byte for
 * byte.  Every shard's marker lists the whole site. */
void output_set_shard(struct output *o, unsigned k, unsigned n);
/* 1 when this build writes rel; 0 when another shard does (rel is then
 * recorded for the marker, and the caller may skip making it). */
int output_take(struct output *o, const char *rel);
/* Keeps foreign files, writes the marker, swaps, removes the old tree.
 * 0, or -1 reported (the old site then stays). */
int output_commit(struct output *o);
/* Removes the staging folder if not committed, releases the lock, frees. */
void output_end(struct output *o);
