/* loader: walk content/ and list what it holds: Markdown pages (with their
 * language, section and bundle), section index files, and static files to
 * copy.  No file is read here except for listing folders; reading and
 * front matter parsing happen in parallel in site/build.c. */
#pragma once
#include <stddef.h>

struct arena;
struct site_config;

struct source {
    const char *path;       /* content/stories/x.en.md (as found) */
    const char *rel_dir;    /* folder relative to the content root, language folder removed */
    const char *stem;       /* x (no language, no .md); "index"/"_index" kept */
    const char *lang;       /* language code */
    const char *bundle_dir; /* for index.md in a bundle: its folder path, else NULL */
    int is_section;         /* _index.md */
};

struct static_file {
    const char *path;       /* on disk */
    const char *out_rel;    /* relative output path */
};

struct content_list {
    struct source *src; size_t n_src, cap_src;
    struct static_file *files; size_t n_files, cap_files;
    const char *data_dir;   /* content/data if present, else NULL */
};

/* Lists the sources and files of the content folder.  Returns 0; -1 when
 * some entries were refused (reported: a link out, a pipe, a folder that
 * cannot be listed), the others listed, so that the build reports their
 * errors in the same run; -2 when there is no content folder (reported). */
int loader_scan(struct arena *a, const struct site_config *cfg, const char *content_dir,
                struct content_list *out);
