/* yaml: YAML 1.2 (and so JSON) text into a value tree, with libyaml.
 * Plain scalars are typed by the YAML 1.2 core schema (null, bool, int,
 * float, else string); quoted scalars are always strings.  Anchors and
 * aliases are resolved (see the limits below).  A UTF-8 byte order mark at
 * the start is skipped; invalid UTF-8, control characters (raw or from
 * escapes), tabs in indentation, word-processor quotes and colons in
 * plain values are reported in plain words.  Errors are reported through diag as
 * FILE:LINE:COL: error: ... and make the functions return NULL. */
#pragma once
#include <stddef.h>
#include "value.h"

struct arena;

/* Limits, per file (documented in loa.1, LIMITS).  Aliases share one node
 * but every reader of the tree walks each use, so uses and the bytes they
 * expand to are bounded; so is nesting. */
#define YAML_MAX_ALIASES 10000
#define YAML_MAX_ALIAS_BYTES (1024 * 1024)
#define YAML_MAX_DEPTH 200

/* text need not be NUL-terminated.  line_offset is added to every line
 * (front matter that starts on line 2 of a file passes 1).  An empty
 * document gives a VAL_NULL value, not NULL. */
value *yaml_parse(struct arena *a, const char *text, size_t len,
                  const char *file, unsigned line_offset);
/* Reads and parses a whole file; errors name the file. */
value *yaml_load_file(struct arena *a, const char *path);
