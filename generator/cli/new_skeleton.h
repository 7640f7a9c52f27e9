/* new_skeleton: what `loa new` writes (see cmd_new.c). */
#pragma once
#include <stddef.h>

struct new_archetype {
    const char *type;      /* story, convention, postcard, emagazine, page */
    const char *section;   /* default section folder ("" for the content root) */
    int bundle;            /* 1: SLUG/index.md (a page bundle, for images beside it) */
    const char *text;      /* Mustache template */
};

/* The built-in archetype for type, or NULL. */
const struct new_archetype *new_archetype_find(const char *type);
extern const char *const new_types[];
extern const size_t new_n_types;

struct new_file {
    const char *path;      /* relative to the new site's folder */
    const char *text;
};
extern const struct new_file new_site_files[];
extern const size_t new_n_site_files;
