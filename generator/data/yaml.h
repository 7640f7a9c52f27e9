/* yaml: YAML 1.2 (and so JSON) text into a value tree, with libyaml.
 * Plain scalars are typed by the YAML 1.2 core schema (null, bool, int,
 * float, else string); quoted scalars are always strings.  Anchors and
 * aliases are resolved.  Errors are reported through diag as
 * FILE:LINE:COL: error: ... and make the functions return NULL. */
#pragma once
#include <stddef.h>
#include "value.h"

struct arena;

/* text need not be NUL-terminated.  line_offset is added to every line
 * (front matter that starts on line 2 of a file passes 1).  An empty
 * document gives a VAL_NULL value, not NULL. */
value *yaml_parse(struct arena *a, const char *text, size_t len,
                  const char *file, unsigned line_offset);
/* Reads and parses a whole file; errors name the file. */
value *yaml_load_file(struct arena *a, const char *path);
