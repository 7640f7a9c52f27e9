/* limits: every bound loa puts on its input, in one place.  Each is far
 * above what real content needs and far below what would make a build
 * take minutes or gigabytes; crossing one is an error naming the file
 * (and line:col where there is one) and what to do.  loa.1 (LIMITS)
 * documents every number here: change both together. */
#pragma once

/* Bytes of one content file (.md).  A 50 MB page is a mistake (a pasted
 * binary, a generated dump), and every page is read twice. */
#define LIMIT_CONTENT_FILE (8u << 20)

/* Bytes of YAML between the --- lines of one content file. */
#define LIMIT_FRONT_MATTER (512u << 10)

/* Markdown, checked before cmark-gfm sees the text: its table parser is
 * quadratic in the cells of a row (40,000 cells: 85 s) and needs about
 * 500 bytes per cell.  A '|' counts as a cell wherever it is, since only
 * the parse could tell a table from a code block. */
#define LIMIT_MD_LINE (1u << 20)        /* bytes of one line */
#define LIMIT_MD_ROW_CELLS 256          /* '|' on one line */
#define LIMIT_MD_CELLS 100000           /* '|' in one file */

/* One rendering of a template (a page, a listing, a book's document).
 * Partials that include partials in loops grow output exponentially
 * (10 per level, 8 deep: 200 MB); the walk is bounded too, since empty
 * partials grow time without output. */
#define LIMIT_RENDER_OUTPUT (32u << 20)     /* bytes */
#define LIMIT_RENDER_STEPS 20000000ul       /* template nodes visited */

/* Pixels of one image (width x height, from its header; CSS px for SVG).
 * Readers decode what loa only measures: a small PNG claiming
 * 100000x100000 pixels would take 40 GB in a browser. */
#define LIMIT_IMAGE_PIXELS 100000000ull

/* Messages of one kind (the same format string) printed per build; the
 * rest are counted and summed up in one "... and N more like this". */
#define LIMIT_DIAG_PER_KIND 20

/* Parts of --shard K/N: more than CI runners a site could use. */
#define LIMIT_SHARDS 1024
