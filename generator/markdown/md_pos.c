/* md_pos: where a node is in the file.  cmark-gfm counts columns in
 * bytes of the body; messages name characters of the file, so the front
 * matter's lines are added and bytes are counted as characters. */
#include "md_impl.h"
#include "../util/diag.h"
#include "../util/text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void build_lines(struct md *m)
{
    size_t n = 1;
    for (const char *p = m->src; (p = memchr(p, '\n', m->len - (size_t)(p - m->src))); p++) n++;
    m->lines = malloc(n * sizeof *m->lines);
    if (!m->lines) die_oom();
    m->lines[0] = 0;
    size_t k = 1;
    for (const char *p = m->src; (p = memchr(p, '\n', m->len - (size_t)(p - m->src))); p++)
        m->lines[k++] = (size_t)(p - m->src) + 1;
    m->n_lines = n;
}

/* The body line (1-based) as a slice, without its line break. */
int md_source_line(struct md *m, unsigned line, const char **s, size_t *n)
{
    if (!m->lines) build_lines(m);
    if (line < 1 || line > m->n_lines) return 0;
    size_t start = m->lines[line - 1];
    size_t end = line < m->n_lines ? m->lines[line] - 1 : m->len;
    if (end > start && m->src[end - 1] == '\r') end--;
    *s = m->src + start;
    *n = end - start;
    return 1;
}

/* cmark counts columns in bytes; editors count characters. */
unsigned md_char_col(struct md *m, int line, int bcol)
{
    const char *s;
    size_t n;
    if (bcol <= 0) return 0;
    if (!md_source_line(m, (unsigned)line, &s, &n)) return (unsigned)bcol;
    size_t b = (size_t)bcol - 1;
    return (unsigned)text_char_count(s, b < n ? b : n) + 1;
}

/* cmark-gfm 0.29 misplaces autolinks: "www." ones start a column early (or
 * at 0), "<...>" ones lack the list or quote indent.  Where the source has
 * no '[' or '<' at the column, look for the link text further on. */
static int link_bcol(struct md *m, cmark_node *n, int line, int bcol)
{
    const char *s;
    size_t len;
    cmark_node *t = cmark_node_first_child(n);
    if (!t || cmark_node_get_type(t) != CMARK_NODE_TEXT || !md_source_line(m, (unsigned)line, &s, &len))
        return bcol;
    size_t at = bcol > 0 ? (size_t)bcol - 1 : 0;
    if (at >= len || s[at] == '[' || s[at] == '<') return bcol;
    size_t hit = md_find(s + at, len - at, md_literal(t));
    if (hit == (size_t)-1) return bcol;
    at += hit;
    return (int)at + (at > 0 && s[at - 1] == '<' ? 0 : 1);
}

/* File position of n.  Email autolinks have no position at all: take the
 * nearest ancestor's line, column 0 (unknown). */
void md_node_pos(struct md *m, cmark_node *n, unsigned *line, unsigned *col)
{
    cmark_node *p = n;
    while (p && cmark_node_get_start_line(p) <= 0) p = cmark_node_parent(p);
    int l = p ? cmark_node_get_start_line(p) : 0;
    *line = l > 0 ? (unsigned)l + m->o->line_offset : 0;
    *col = 0;
    if (p != n || l <= 0) return;
    int bcol = cmark_node_get_start_column(n);
    if (cmark_node_get_type(n) == CMARK_NODE_LINK) bcol = link_bcol(m, n, l, bcol);
    *col = md_char_col(m, l, bcol);
}

void md_error_at(struct md *m, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_coded_v(DIAG_ERROR, DIAG_MD_INLINE_HTML, m->o->file, line, col, fmt, ap);
    va_end(ap);
    m->errors++;
}
