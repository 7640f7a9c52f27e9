/* md_impl: what the parts of the markdown module share (internal to
 * generator/markdown/): the state of one render and the helpers that more
 * than one part uses.
 *   markdown.c   cmark set-up, the walk, text (summary, TOC, heading ids),
 *                links, boxes, charts, the edits, md_render
 *   md_pos.c     source positions: cmark's byte columns into file line:col
 *   md_xhtml.c   raw HTML rewritten as well-formed XML for EPUB chapters */
#pragma once
#include "markdown.h"
#include "../util/arena.h"
#include "../util/buf.h"

#include <cmark-gfm.h>
#include <stddef.h>

enum edit_kind { ED_HEADING, ED_BOX, ED_NOTE, ED_NOTEREF, ED_HTML_INLINE, ED_HTML_BLOCK, ED_DROP, ED_IMAGE_ALT,
                 ED_IMAGE_SIZED, ED_CHART };

struct edit {
    enum edit_kind kind;
    cmark_node *node;
    const char *open, *close;   /* markup of the custom node replacing it */
    const char *extra;          /* ED_NOTE: back link put before the note text */
};

struct open_tag {               /* raw HTML element open in XHTML mode */
    const char *name;
    cmark_node *container;      /* closing it elsewhere would misnest the XML */
    unsigned line, col;
};

struct idset {                  /* heading ids used so far, open addressing */
    const char **slot;
    size_t cap, n;
};

struct md {
    arena *a;
    const struct md_opts *o;
    const char *src;
    size_t len;
    int no_braces;            /* no "{{" in src: no shortcode to look for */
    size_t *lines, n_lines;     /* line start offsets, built on first need */
    buf plain, sum, tmp, xout;
    size_t sum_chars, sum_limit;
    int sum_space, sum_done;
    int sum_glue;               /* an image was left out: "word ." -> "word." */
    int in_para, no_sum;        /* no_sum: inside an image, box or footnote */
    size_t head_start;          /* where the current heading's text begins in plain */
    struct edit *edits;
    size_t n_edits, cap_edits;
    struct md_heading *heads;
    size_t n_heads, cap_heads;
    struct idset ids;
    struct open_tag *tags;
    size_t n_tags, cap_tags;
    unsigned *refs;             /* XHTML: references seen, per footnote number */
    size_t cap_refs, n_notes;
    cmark_node **junk;          /* replaced nodes: freed after rendering, since */
    size_t n_junk, cap_junk;    /* moved text still points into their buffers */
    unsigned n_charts;
    int errors;
};

/* Grows an array to hold need items (realloc, die_oom on failure). */
void *md_grow(void *p, size_t *cap, size_t need, size_t size);
#define PUSH(m, arr, n, cap) \
    ((m)->arr = md_grow((m)->arr, &(m)->cap, (m)->n + 1, sizeof *(m)->arr), &(m)->arr[(m)->n++])
const char *md_literal(cmark_node *n);   /* "" when the node has none */
/* Offset of needle in p[0..n), or (size_t)-1. */
size_t md_find(const char *p, size_t n, const char *needle);
int md_starts(const char *p, size_t n, const char *prefix);
static inline char md_lower(char c)   /* ASCII only, as HTML names are */
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}
/* a[0..n) equals the lower-case word, ignoring ASCII case. */
int md_eq_ci(const char *a, size_t n, const char *word);

/* md_pos.c */
/* The body line (1-based) as a slice, without its line break. */
int md_source_line(struct md *m, unsigned line, const char **s, size_t *n);
/* Character column of cmark's 1-based byte column bcol on a body line. */
unsigned md_char_col(struct md *m, int line, int bcol);
/* File position of n (line_offset added; col 0 when unknown). */
void md_node_pos(struct md *m, cmark_node *n, unsigned *line, unsigned *col);
void md_error_at(struct md *m, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* md_xhtml.c */
/* Rewrites raw HTML node n (block or inline) as XML in place, reporting
 * what cannot be made well-formed. */
void md_xhtml_raw(struct md *m, cmark_node *n, int block);
/* Reports the raw HTML elements still open when container n ends. */
void md_close_container(struct md *m, cmark_node *n);
