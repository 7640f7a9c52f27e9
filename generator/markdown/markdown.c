/* markdown: cmark-gfm parses; one walk over the tree collects plain text,
 * headings, summary and footnote numbers, calls the link hooks and records
 * the structural edits (heading ids, pull quotes, EPUB footnotes, escaped
 * raw HTML); the edits are applied after the walk, because cmark's
 * iterator must not see nodes replaced under it; then cmark renders HTML.
 * Our markup goes in as custom nodes, so cmark's HTML stays untouched for
 * everything else. */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include "markdown.h"
#include "../chart/chart.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/limits.h"
#include "../util/escape.h"
#include "../util/text.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- process-wide setup ----------------------------------------------------- */

static const char *const ext_names[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
enum { N_EXT = sizeof ext_names / sizeof ext_names[0] };
static cmark_syntax_extension *exts[N_EXT];
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

/* cmark-gfm 0.29 keeps the inline "special characters" in one global
 * table, and every parse sets its extensions' characters (~ : w) before
 * inline parsing and clears them after (cmark-gfm PR #176, never merged):
 * two threads parsing at once lose each other's strikethrough and
 * autolinks.  So loa defines that function itself.  libcmark-gfm calls it
 * through its PLT, so ours wins: it passes the first call through to set
 * the characters, then does nothing, and the table never changes again.
 * md_setup checks that the override took (a static libcmark-gfm would
 * bypass it) and otherwise serialises parsing with a lock. */
static atomic_int chars_pinned;
static void (*real_manage)(cmark_parser *, int);
static int probing, probe_calls;    /* md_setup only, before any render */
static int parse_needs_lock;
static pthread_mutex_t parse_mutex = PTHREAD_MUTEX_INITIALIZER;

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add)
{
    if (probing) probe_calls++;
    if (!atomic_load_explicit(&chars_pinned, memory_order_relaxed) && real_manage)
        real_manage(parser, add);
}

static void pin_special_chars(void)
{
    void *sym = dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
    if (!sym) die("libcmark-gfm has no cmark_manage_extensions_special_characters");
    memcpy(&real_manage, &sym, sizeof real_manage);
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    for (size_t i = 0; i < N_EXT; i++) cmark_parser_attach_syntax_extension(p, exts[i]);
    real_manage(p, 1);
    atomic_store(&chars_pinned, 1);
    probing = 1;    /* does cmark's own parse call us? */
    cmark_parser_feed(p, "a ~b~\n", 6);
    cmark_node_free(cmark_parser_finish(p));
    cmark_parser_free(p);
    probing = 0;
    parse_needs_lock = probe_calls == 0;
}

static void md_setup(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    for (size_t i = 0; i < N_EXT; i++)
        if (!(exts[i] = cmark_find_syntax_extension(ext_names[i])))
            die("cmark-gfm has no '%s' extension", ext_names[i]);
    pin_special_chars();
}

/* ---- state of one render ------------------------------------------------------ */

enum edit_kind { ED_HEADING, ED_BOX, ED_NOTE, ED_NOTEREF, ED_HTML_INLINE, ED_HTML_BLOCK, ED_DROP, ED_IMAGE_ALT,
                 ED_IMAGE_SIZED, ED_CHART };

const char md_image_drop[] = "";

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

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return p;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    p = realloc(p, c * size);
    if (!p) die_oom();
    *cap = c;
    return p;
}

#define PUSH(m, arr, n, cap) \
    ((m)->arr = grow((m)->arr, &(m)->cap, (m)->n + 1, sizeof *(m)->arr), &(m)->arr[(m)->n++])

static void junk(struct md *m, cmark_node *n)
{
    cmark_node_unlink(n);
    *PUSH(m, junk, n_junk, cap_junk) = n;
}

static struct edit *add_edit(struct md *m, enum edit_kind k, cmark_node *n)
{
    struct edit *e = PUSH(m, edits, n_edits, cap_edits);
    *e = (struct edit){k, n, "", "", NULL};
    return e;
}

static int is_block(cmark_node *n)
{
    return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

static const char *literal(cmark_node *n)
{
    const char *s = cmark_node_get_literal(n);
    return s ? s : "";
}

static size_t find(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(p + i, needle, k)) return i;
    return (size_t)-1;
}

static int starts(const char *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !memcmp(p, prefix, k);
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* a[0..n) equals the lower-case word, ignoring ASCII case. */
static int eq_ci(const char *a, size_t n, const char *word)
{
    size_t i = 0;
    for (; i < n && word[i]; i++)
        if (lower(a[i]) != word[i]) return 0;
    return i == n && !word[i];
}

/* ---- positions ------------------------------------------------------------------- */

static void build_lines(struct md *m)
{
    size_t n = 1;
    for (const char *p = m->src; (p = memchr(p, '\n', m->len - (size_t)(p - m->src))); p++) n++;
    m->lines = malloc(n * sizeof *m->lines);
    if (!m->lines) die_oom();
    m->lines[0] = 0;
    size_t k = 1;
    for (size_t i = 0; i < m->len; i++)
        if (m->src[i] == '\n') m->lines[k++] = i + 1;
    m->n_lines = n;
}

/* The body line (1-based) as a slice, without its line break. */
static int source_line(struct md *m, unsigned line, const char **s, size_t *n)
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
static unsigned char_col(struct md *m, int line, int bcol)
{
    const char *s;
    size_t n;
    if (bcol <= 0) return 0;
    if (!source_line(m, (unsigned)line, &s, &n)) return (unsigned)bcol;
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
    if (!t || cmark_node_get_type(t) != CMARK_NODE_TEXT || !source_line(m, (unsigned)line, &s, &len))
        return bcol;
    size_t at = bcol > 0 ? (size_t)bcol - 1 : 0;
    if (at >= len || s[at] == '[' || s[at] == '<') return bcol;
    size_t hit = find(s + at, len - at, literal(t));
    if (hit == (size_t)-1) return bcol;
    at += hit;
    return (int)at + (at > 0 && s[at - 1] == '<' ? 0 : 1);
}

/* File position of n.  Email autolinks have no position at all: take the
 * nearest ancestor's line, column 0 (unknown). */
static void node_pos(struct md *m, cmark_node *n, unsigned *line, unsigned *col)
{
    cmark_node *p = n;
    while (p && cmark_node_get_start_line(p) <= 0) p = cmark_node_parent(p);
    int l = p ? cmark_node_get_start_line(p) : 0;
    *line = l > 0 ? (unsigned)l + m->o->line_offset : 0;
    *col = 0;
    if (p != n || l <= 0) return;
    int bcol = cmark_node_get_start_column(n);
    if (cmark_node_get_type(n) == CMARK_NODE_LINK) bcol = link_bcol(m, n, l, bcol);
    *col = char_col(m, l, bcol);
}

static void error_at(struct md *m, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void error_at(struct md *m, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_v(DIAG_ERROR, m->o->file, line, col, fmt, ap);
    va_end(ap);
    m->errors++;
}

/* ---- plain text and summary ------------------------------------------------------- */

static void plain_newline(struct md *m)
{
    if (m->plain.len && m->plain.data[m->plain.len - 1] != '\n') buf_putc(&m->plain, '\n');
}

/* Adds to the summary with whitespace collapsed, until one character more
 * than the limit is there (so summary_finish knows the text goes on). */
static void sum_put(struct md *m, const char *s, size_t n)
{
    if (!m->in_para || m->no_sum || m->sum_done) return;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            m->sum_space = 1;
            continue;
        }
        if ((c & 0xC0) != 0x80) {
            if (m->sum_chars > m->sum_limit) { m->sum_done = 1; return; }
            if (m->sum_glue && c && strchr(".,;:!?)", c)) m->sum_space = 0;
            if (m->sum_space && m->sum.len) { buf_putc(&m->sum, ' '); m->sum_chars++; }
            m->sum_space = m->sum_glue = 0;
            m->sum_chars++;
        }
        buf_putc(&m->sum, c);
    }
}

static void put_text(struct md *m, const char *s)
{
    size_t n = strlen(s);
    buf_put(&m->plain, s, n);
    sum_put(m, s, n);
}

static int trim_char(char c) { return c == ' ' || strchr(",;:.-(", c) != NULL; }

static char *summary_finish(struct md *m)
{
    const char *s = m->sum.data;
    if (m->sum_chars <= m->sum_limit) return arena_strndup(m->a, s, m->sum.len);
    size_t cut = 0;
    for (size_t chars = 0; cut < m->sum.len; cut++) {
        if (((unsigned char)s[cut] & 0xC0) == 0x80) continue;
        if (chars++ == m->sum_limit) break;
    }
    size_t end = cut;
    if (s[cut] != ' ') {    /* back to the last word boundary, if there is one */
        while (end > 0 && s[end - 1] != ' ') end--;
        if (end == 0) end = cut;
    }
    while (end > 0 && trim_char(s[end - 1])) end--;
    return arena_printf(m->a, "%.*s…", (int)end, s);
}

/* Plain text of an inline subtree (image descriptions). */
static void inline_text(cmark_node *n, buf *out)
{
    for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) buf_puts(out, literal(c));
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) buf_putc(out, ' ');
        else inline_text(c, out);
    }
}

/* ---- headings --------------------------------------------------------------------- */

static size_t hash_str(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static int idset_add(struct idset *set, const char *id);

static void idset_grow(struct idset *set)
{
    const char **old = set->slot;
    size_t old_cap = set->cap;
    set->cap = old_cap ? old_cap * 2 : 32;
    set->slot = calloc(set->cap, sizeof *set->slot);
    if (!set->slot) die_oom();
    set->n = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i]) idset_add(set, old[i]);
    free(old);
}

/* 1 if id was new (and is now in the set), 0 if it was there. */
static int idset_add(struct idset *set, const char *id)
{
    if ((set->n + 1) * 2 > set->cap) idset_grow(set);
    size_t mask = set->cap - 1, i = hash_str(id) & mask;
    for (; set->slot[i]; i = (i + 1) & mask)
        if (!strcmp(set->slot[i], id)) return 0;
    set->slot[i] = id;
    set->n++;
    return 1;
}

/* "fn-3", "fnref-3", "fnref-3-2": the shapes footnote ids take. */
static int footnote_shaped(const char *id)
{
    const char *p = !strncmp(id, "fnref-", 6) ? id + 6 : !strncmp(id, "fn-", 3) ? id + 3 : NULL;
    if (!p || !*p) return 0;
    for (; *p; p++)
        if ((*p < '0' || *p > '9') && *p != '-') return 0;
    return 1;
}

static const char *unique_id(struct md *m, const char *base, size_t n)
{
    char *id = arena_strndup(m->a, base, n);
    if (footnote_shaped(id)) {   /* a heading "Fn 1" must not take the id of footnote 1 */
        id = arena_printf(m->a, "%s-h", id);
        base = id;
        n = strlen(id);
    }
    for (unsigned k = 2; !idset_add(&m->ids, id); k++)
        id = arena_printf(m->a, "%.*s-%u", (int)n, base, k);
    return id;
}

static void on_heading_exit(struct md *m, cmark_node *n)
{
    static const char *const close[] = {"", "</h1>", "</h2>", "</h3>", "</h4>", "</h5>", "</h6>"};
    const char *text = m->plain.data + m->head_start;
    size_t len = m->plain.len - m->head_start;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\n')) len--;
    buf_clear(&m->tmp);
    text_slugify_or(text, len, "section", &m->tmp);
    int level = cmark_node_get_heading_level(n);
    struct md_heading *h = PUSH(m, heads, n_heads, cap_heads);
    h->level = level;
    h->id = unique_id(m, m->tmp.data, m->tmp.len);
    h->text = arena_strndup(m->a, text, len);
    struct edit *e = add_edit(m, ED_HEADING, n);
    /* Slugs hold only letters, digits and '-': nothing to escape. */
    e->open = arena_printf(m->a, "<h%d id=\"%s\">", level, h->id);
    e->close = close[level];
}

static void toc_item(buf *b, const struct md_heading *h)
{
    buf_puts(b, "<li><a href=\"#");
    text_url_escape(h->id, strlen(h->id), b);
    buf_puts(b, "\">");
    esc_html_text(b, h->text, strlen(h->text));
    buf_puts(b, "</a>");
}

/* Nested lists follow the levels; a skipped level (h2 then h4) nests one
 * step, and a later h3 becomes the h4's sibling. */
static char *build_toc(struct md *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_heads; i++) n += m->heads[i].level >= 2 && m->heads[i].level <= 4;
    if (n < 2) return arena_strdup(m->a, "");
    buf b = BUF_INIT;
    int stack[3], depth = 0;
    for (size_t i = 0; i < m->n_heads; i++) {
        int lv = m->heads[i].level;
        if (lv < 2 || lv > 4) continue;
        if (depth == 0 || lv > stack[depth - 1]) {
            buf_puts(&b, depth ? "\n<ul>\n" : "<ul>\n");
            stack[depth++] = lv;
        } else {
            buf_puts(&b, "</li>\n");
            while (depth > 1 && lv <= stack[depth - 2]) { buf_puts(&b, "</ul>\n</li>\n"); depth--; }
            stack[depth - 1] = lv;
        }
        toc_item(&b, &m->heads[i]);
    }
    while (depth-- > 0) buf_puts(&b, "</li>\n</ul>\n");
    char *s = arena_strndup(m->a, b.data, b.len);
    buf_release(&b);
    return s;
}

/* ---- pull quotes and notes --------------------------------------------------------- */

/* "> [!PULLQUOTE]" as the first line of a blockquote, an e-magazine
 * convention borrowed from GitHub's "> [!NOTE]" alerts. */
static const struct box {
    const char *marker, *open, *close;
} boxes[] = {
    {"[!pullquote]", "<blockquote class=\"pullquote\">", "</blockquote>"},
    {"[!note]", "<div class=\"note\" role=\"note\">", "</div>"},
};
static char box_mark;   /* user data of blockquotes that became boxes */

static int is_break(cmark_node *n)
{
    cmark_node_type t = cmark_node_get_type(n);
    return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

/* The box whose marker is the first line of the quote, or NULL.  *stop is
 * the first node after the marker line. */
static const struct box *find_box(struct md *m, cmark_node *para, cmark_node **stop)
{
    buf_clear(&m->tmp);
    cmark_node *c = cmark_node_first_child(para);
    for (; c && cmark_node_get_type(c) == CMARK_NODE_TEXT && m->tmp.len < 32; c = cmark_node_next(c))
        buf_puts(&m->tmp, literal(c));
    if (c && !is_break(c)) return NULL;
    size_t n = m->tmp.len;
    while (n && m->tmp.data[n - 1] == ' ') n--;
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
        if (eq_ci(m->tmp.data, n, boxes[i].marker)) {
            *stop = c ? cmark_node_next(c) : NULL;
            return &boxes[i];
        }
    }
    return NULL;
}

static void on_quote(struct md *m, cmark_node *q)
{
    cmark_node *para = cmark_node_first_child(q), *stop;
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) return;
    const struct box *b = find_box(m, para, &stop);
    if (!b) return;
    /* The walk has not entered the paragraph yet, so it never sees these.
     * The paragraph itself is the iterator's next node: drop it later. */
    for (cmark_node *k = cmark_node_first_child(para), *next; k != stop; k = next) {
        next = cmark_node_next(k);
        junk(m, k);
    }
    if (!cmark_node_first_child(para)) add_edit(m, ED_DROP, para);
    cmark_node_set_user_data(q, &box_mark);
    m->no_sum++;
    struct edit *e = add_edit(m, ED_BOX, q);
    e->open = b->open;
    e->close = b->close;
}

/* ---- charts ------------------------------------------------------------------------------ */

/* A ```chart block becomes generator/chart's <figure>; positions inside
 * it are file positions (its lines start at the fence's column). */
static int on_chart(struct md *m, cmark_node *n)
{
    const char *info = cmark_node_get_fence_info(n), *lit = literal(n);
    size_t k = 0;
    while (info && info[k] && info[k] != ' ' && info[k] != '\t') k++;
    if (!info || !eq_ci(info, k, "chart")) return 0;
    int line = cmark_node_get_start_line(n);
    unsigned col = char_col(m, line, cmark_node_get_start_column(n));
    char base[32];
    snprintf(base, sizeof base, "chart-%u", ++m->n_charts);
    struct chart_env env = {
        .file = m->o->file, .line = (unsigned)line + 1 + m->o->line_offset, .col = col ? col : 1,
        .data_dir = m->o->data_dir, .chain = m->o->lang_chain, .n_chain = m->o->n_lang_chain,
        .id = unique_id(m, base, strlen(base)),
    };
    struct chart c;
    buf_clear(&m->tmp);
    if (chart_render(m->a, lit, strlen(lit), &env, &m->tmp, &c) != 0) m->errors++;
    else buf_printf(&m->plain, "%s\n%s\n", c.title, c.description);  /* searchable, not CSV */
    add_edit(m, ED_CHART, n)->open = arena_strndup(m->a, m->tmp.data, m->tmp.len);
    return 1;
}

/* ---- links and images ---------------------------------------------------------------- */

/* cmark's safe mode would blank script, file and non-image data: URLs; we
 * render with CMARK_OPT_UNSAFE, so that our own markup in raw HTML nodes
 * survives, and apply the site-wide URL allowlist (util/escape.h) here. */
static int dangerous_url(const char *u, int image)
{
    return !esc_url_allowed(u, strlen(u), image ? ESC_URL_IMAGE : 0);
}

/* An image whose size is known is written by us, with width and height;
 * in HTML with narrower copies (srcset) when the hook has them. */
static void sized_image(struct md *m, cmark_node *n, const char *src, unsigned w, unsigned h)
{
    const struct md_link_hooks *hk = m->o->hooks;
    const char *set = NULL, *webp = NULL, *avif = NULL;
    int pic = !m->o->xhtml && hk->srcset && hk->srcset(hk->ud, src, &set, &webp, &avif) == 0;
    int modern = pic && (webp || avif);
    buf b = BUF_INIT;
    if (modern) buf_puts(&b, "<picture>");
    const char *const types[2] = {"image/avif", "image/webp"}, *sets[2] = {avif, webp};
    for (int i = 0; modern && i < 2; i++) {
        if (!sets[i]) continue;
        buf_printf(&b, "<source type=\"%s\" srcset=\"", types[i]);
        esc_html_attr(&b, sets[i], strlen(sets[i]));   /* our own paths, with spaces */
        buf_puts(&b, "\" sizes=\"" MD_IMAGE_SIZES "\">");
    }
    buf_puts(&b, "<img src=\"");
    esc_url_attr(&b, src, strlen(src));
    buf_puts(&b, "\"");
    if (pic) {
        buf_puts(&b, " srcset=\"");
        esc_html_attr(&b, set, strlen(set));
        buf_puts(&b, "\" sizes=\"" MD_IMAGE_SIZES "\"");
    }
    buf_puts(&b, " alt=\"");
    esc_html_attr(&b, m->tmp.data, m->tmp.len);
    buf_puts(&b, "\"");
    const char *title = cmark_node_get_title(n);
    if (title && *title) {
        buf_puts(&b, " title=\"");
        esc_html_attr(&b, title, strlen(title));
        buf_puts(&b, "\"");
    }
    buf_printf(&b, " width=\"%u\" height=\"%u\"", w, h);
    if (!m->o->xhtml) buf_puts(&b, " loading=\"lazy\" decoding=\"async\">");
    else buf_puts(&b, " />");
    if (modern) buf_puts(&b, "</picture>");
    struct edit *e = add_edit(m, ED_IMAGE_SIZED, n);
    e->open = arena_strndup(m->a, b.data, b.len);
    buf_release(&b);
}

static void refused_url(struct md *m, cmark_node *n, const char *url, int image)
{
    unsigned line, col;
    node_pos(m, n, &line, &col);
    diag_warn(m->o->file, line, col, "%s '%.60s': " ESC_URL_ADVICE "; it is written with an "
              "empty address", image ? "image" : "link", url);
}

/* Calls the hook (link or image) and settles the destination. */
static void on_dest(struct md *m, cmark_node *n, int image)
{
    const struct md_link_hooks *h = m->o->hooks;
    const char *url = cmark_node_get_url(n), *r = NULL;
    if (!url) url = "";
    if (h && (image ? h->image != NULL : h->link != NULL)) {
        unsigned line, col;
        node_pos(m, n, &line, &col);
        if (image) {
            buf_clear(&m->tmp);
            inline_text(n, &m->tmp);
            r = h->image(h->ud, url, m->tmp.data, line, col);
            if (r == MD_IMAGE_DROP) {
                struct edit *e = add_edit(m, ED_IMAGE_ALT, n);
                e->extra = arena_strndup(m->a, m->tmp.data, m->tmp.len);
                return;
            }
        } else {
            r = h->link(h->ud, url, line, col);
        }
    }
    if (!m->o->unsafe_html && dangerous_url(r ? r : url, image)) {
        refused_url(m, n, r ? r : url, image);
        r = "";
    }
    if (r) cmark_node_set_url(n, r);
    unsigned w, hgt;
    const char *src = r ? r : url;
    if (image && h && h->size && *src && h->size(h->ud, src, &w, &hgt) == 0 && w && hgt) {
        buf_clear(&m->tmp);
        inline_text(n, &m->tmp);   /* the alt text */
        sized_image(m, n, src, w, hgt);
    }
}

/* ---- footnotes (XHTML) ------------------------------------------------------------------ */

/* cmark numbers notes by first reference, writes the number as the
 * reference's literal, and moves the definitions to the end of the
 * document in that order: the k-th definition is note k. */
static void on_note(struct md *m, cmark_node *n)
{
    size_t k = ++m->n_notes;
    if (!m->o->xhtml) return;
    struct edit *e = add_edit(m, ED_NOTE, n);
    e->open = arena_printf(m->a, "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-%zu\">", k);
    e->close = "</aside>";
    e->extra = arena_printf(m->a, "<a href=\"#fnref-%zu\" role=\"doc-backlink\">%zu.</a> ", k, k);
}

static unsigned *ref_count(struct md *m, size_t k)
{
    if (k >= m->cap_refs) {
        size_t old = m->cap_refs;
        m->refs = grow(m->refs, &m->cap_refs, k + 1, sizeof *m->refs);
        memset(m->refs + old, 0, (m->cap_refs - old) * sizeof *m->refs);
    }
    return &m->refs[k];
}

static void on_noteref(struct md *m, cmark_node *n)
{
    char *end;
    unsigned long k = strtoul(literal(n), &end, 10);
    if (!m->o->xhtml || k == 0 || *end || k > m->len) return;
    unsigned r = ++*ref_count(m, k);
    const char *id = r == 1 ? arena_printf(m->a, "fnref-%lu", k) : arena_printf(m->a, "fnref-%lu-%u", k, r);
    struct edit *e = add_edit(m, ED_NOTEREF, n);
    e->open = arena_printf(m->a,
        "<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-%lu\" id=\"%s\">%lu</a>", k, id, k);
}

/* ---- raw HTML as XML (XHTML mode) ------------------------------------------------------ */

/* One raw HTML node being rewritten.  An inline node is a single tag; a
 * block node is any run of lines. */
struct xfix {
    struct md *m;
    cmark_node *node, *container;
    const char *s;
    size_t len, i;
    int block;
    buf *out;
};

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_name_char(char c) { return is_alpha(c) || is_digit(c) || strchr("-_:.", c) != NULL; }

static int xml_name(const char *s, size_t n)
{
    if (!n || !(is_alpha(s[0]) || s[0] == '_' || s[0] == ':')) return 0;
    for (size_t i = 1; i < n; i++)
        if (!s[i] || !is_name_char(s[i])) return 0;
    return 1;
}

/* HTML element names match whatever their case. */
static int same_name(const char *a, size_t n, const char *b)
{
    size_t i = 0;
    for (; i < n && b[i]; i++)
        if (lower(a[i]) != lower(b[i])) return 0;
    return i == n && !b[i];
}

static int is_void(const char *name, size_t n)
{
    static const char *const v[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                    "link", "meta", "param", "source", "track", "wbr"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (eq_ci(name, n, v[i])) return 1;
    return 0;
}

/* Column of byte `upto` of a raw HTML line: cmark strips container
 * prefixes ("> ", list indent) from block literals, so find the literal
 * line at the end of the source line. */
static unsigned block_col(struct md *m, unsigned line, const char *lit, size_t upto)
{
    const char *src, *nl = memchr(lit, '\n', strlen(lit));
    size_t n, want = nl ? (size_t)(nl - lit) : strlen(lit), prefix = 0;
    if (source_line(m, line, &src, &n) && n >= want && !memcmp(src + n - want, lit, want))
        prefix = text_char_count(src, n - want);
    return (unsigned)(prefix + text_char_count(lit, upto)) + 1;
}

static void x_pos(struct xfix *x, size_t off, unsigned *line, unsigned *col)
{
    node_pos(x->m, x->node, line, col);
    if (!x->block || !*line) return;
    size_t ls = 0;
    unsigned k = 0;
    for (size_t j = 0; j < off; j++)
        if (x->s[j] == '\n') { k++; ls = j + 1; }
    if (!k) {
        if (*col) *col += (unsigned)text_char_count(x->s, off);
        return;
    }
    *line += k;
    *col = block_col(x->m, *line - x->m->o->line_offset, x->s + ls, off - ls);
}

static void x_error(struct xfix *x, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void x_error(struct xfix *x, size_t off, const char *fmt, ...)
{
    unsigned line, col;
    x_pos(x, off, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    diag_v(DIAG_ERROR, x->m->o->file, line, col, fmt, ap);
    va_end(ap);
    x->m->errors++;
}

/* The numeric form of an HTML entity XML does not predefine. */
static const struct { const char *name; unsigned cp; } common_entities[] = {
    {"nbsp", 160}, {"shy", 173}, {"copy", 169}, {"reg", 174}, {"deg", 176}, {"middot", 183},
    {"laquo", 171}, {"raquo", 187}, {"times", 215}, {"ndash", 8211}, {"mdash", 8212},
    {"lsquo", 8216}, {"rsquo", 8217}, {"ldquo", 8220}, {"rdquo", 8221}, {"bull", 8226},
    {"hellip", 8230}, {"thinsp", 8201}, {"zwnj", 8204}, {"zwj", 8205}, {"trade", 8482},
};

/* Any other of HTML's 2,000-odd entities: cmark has the table, so let it
 * decode "&name;" as a document.  Rare enough for the cost not to matter.
 * An unknown name comes back split into "&" and "name;". */
static int entity_via_cmark(const char *name, size_t n, buf *out)
{
    char src[40];
    int len = snprintf(src, sizeof src, "&%.*s;", (int)n, name);
    cmark_node *doc = cmark_parse_document(src, (size_t)len, CMARK_OPT_DEFAULT);
    cmark_node *p = cmark_node_first_child(doc), *t = p ? cmark_node_first_child(p) : NULL;
    const char *s = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ? literal(t) : "";
    int ok = *s && !cmark_node_next(t) && strcmp(s, src) != 0;
    for (utf8proc_ssize_t k, rest = (utf8proc_ssize_t)strlen(s); ok && rest > 0; s += k, rest -= k) {
        utf8proc_int32_t cp;
        k = utf8proc_iterate((const utf8proc_uint8_t *)s, rest, &cp);
        if (k <= 0) break;
        buf_printf(out, "&#%d;", (int)cp);
    }
    cmark_node_free(doc);
    return ok;
}

static int entity_numeric(const char *name, size_t n, buf *out)
{
    static const char *const xml[] = {"amp", "lt", "gt", "quot", "apos"};
    for (size_t i = 0; i < sizeof xml / sizeof xml[0]; i++)
        if (strlen(xml[i]) == n && !memcmp(name, xml[i], n)) {
            buf_printf(out, "&%s;", xml[i]);
            return 1;
        }
    for (size_t i = 0; i < sizeof common_entities / sizeof common_entities[0]; i++)
        if (strlen(common_entities[i].name) == n && !memcmp(name, common_entities[i].name, n)) {
            buf_printf(out, "&#%u;", common_entities[i].cp);
            return 1;
        }
    return entity_via_cmark(name, n, out);
}

static int xml_char(unsigned long c)
{
    return c == 9 || c == 10 || c == 13 || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static size_t x_charref(const char *p, size_t n, buf *out)
{
    size_t i = 2;
    int hex = i < n && (p[i] == 'x' || p[i] == 'X');
    unsigned long cp = 0;
    i += (size_t)hex;
    size_t d0 = i;
    for (; i < n && i - d0 < 8; i++) {
        char c = p[i];
        int d = is_digit(c) ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) break;
        cp = cp * (hex ? 16 : 10) + (unsigned long)d;
    }
    if (i == d0 || i >= n || p[i] != ';') { buf_puts(out, "&amp;"); return 1; }
    if (xml_char(cp)) buf_put(out, p, i + 1);
    else buf_puts(out, "&#xFFFD;");    /* what an HTML parser shows */
    return i + 1;
}

/* p[0] is '&'.  Appends the XML form; returns the bytes used.  A '&' that
 * starts no known reference is literal text, as in HTML. */
static size_t x_entity(const char *p, size_t n, buf *out)
{
    if (n > 1 && p[1] == '#') return x_charref(p, n, out);
    size_t i = 1;
    while (i < n && i < 33 && (is_alpha(p[i]) || is_digit(p[i]))) i++;
    if (i == 1 || i >= n || p[i] != ';' || !is_alpha(p[1]) || !entity_numeric(p + 1, i - 1, out)) {
        buf_puts(out, "&amp;");
        return 1;
    }
    return i + 1;
}

static void x_chars(struct xfix *x, const char *p, size_t n, int attr)
{
    for (size_t i = 0; i < n;) {
        char c = p[i];
        if (c == '&') { i += x_entity(p + i, n - i, x->out); continue; }
        if (c == '<') buf_puts(x->out, "&lt;");
        else if (c == '>') buf_puts(x->out, "&gt;");     /* "]]>" may not appear in XML text */
        else if (c == '"' && attr) buf_puts(x->out, "&quot;");
        else buf_putc(x->out, c);
        i++;
    }
}

/* After a tag we cannot read (reported): show its '<' as text, go on. */
static void x_recover(struct xfix *x, size_t at, size_t mark)
{
    buf_truncate(x->out, mark);
    buf_puts(x->out, "&lt;");
    x->i = at + 1;
}

/* Length of "<name" or "</name" at x->s[at], for messages. */
static int tag_len(const struct xfix *x, size_t at)
{
    size_t n = at + 1 < x->len && x->s[at + 1] == '/' ? 2 : 1;
    while (at + n < x->len && is_name_char(x->s[at + n])) n++;
    return (int)n;
}

struct xtag {                   /* the open tag being read */
    size_t at, mark;            /* its '<' in the literal, its start in the output */
    struct { const char *p; size_t n; } seen[32];   /* attribute names so far */
    size_t n_seen;
};

/* Reports a tag we cannot read, then shows its '<' as text.  Returns 0. */
static int x_fail(struct xfix *x, const struct xtag *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int x_fail(struct xfix *x, const struct xtag *t, const char *fmt, ...)
{
    buf msg = BUF_INIT;
    va_list ap;
    buf_printf(&msg, "inline HTML '%.*s>' ", tag_len(x, t->at), x->s + t->at);
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    x_error(x, t->at, "%s", msg.data);
    buf_release(&msg);
    x_recover(x, t->at, t->mark);
    return 0;
}

static int x_seen(struct xtag *t, const char *p, size_t n)
{
    for (size_t k = 0; k < t->n_seen; k++)
        if (t->seen[k].n == n && !memcmp(t->seen[k].p, p, n)) return 1;
    if (t->n_seen < sizeof t->seen / sizeof t->seen[0]) {
        t->seen[t->n_seen].p = p;
        t->seen[t->n_seen++].n = n;
    }
    return 0;
}

/* The attribute value at x->s[*pi] (after '='), escaped into the output. */
static int x_value(struct xfix *x, struct xtag *t, size_t *pi)
{
    const char *s = x->s;
    size_t j = *pi, v0 = j, v1;
    if (j < x->len && (s[j] == '"' || s[j] == '\'')) {
        const char *q = memchr(s + j + 1, s[j], x->len - j - 1);
        if (!q) return x_fail(x, t, "has a value without its closing quote");
        v0 = j + 1;
        v1 = (size_t)(q - s);
        *pi = v1 + 1;
    } else {
        while (j < x->len && !is_space(s[j]) && s[j] != '>') j++;
        if (j == v0) return x_fail(x, t, "has '=' without a value");
        v1 = *pi = j;
    }
    x_chars(x, s + v0, v1 - v0, 1);
    return 1;
}

/* One attribute at x->s[*pi], written as name="value"; a bare HTML
 * attribute gets its own name as value (disabled="disabled"). */
static int x_attr(struct xfix *x, struct xtag *t, size_t *pi)
{
    const char *s = x->s;
    size_t i = *pi, n0 = i;
    while (i < x->len && !is_space(s[i]) && !strchr("/>=\"'<", s[i])) i++;
    if (!xml_name(s + n0, i - n0))
        return x_fail(x, t, "has a malformed attribute at '%.*s'", (int)(i > n0 ? i - n0 : 1), s + n0);
    if (x_seen(t, s + n0, i - n0))
        return x_fail(x, t, "repeats the attribute '%.*s'; XML allows each once", (int)(i - n0), s + n0);
    buf_printf(x->out, " %.*s=\"", (int)(i - n0), s + n0);
    size_t j = i;
    while (j < x->len && is_space(s[j])) j++;
    if (j < x->len && s[j] == '=') {
        for (j++; j < x->len && is_space(s[j]);) j++;
        if (!x_value(x, t, &j)) return 0;
        i = j;
    } else {
        buf_put(x->out, s + n0, i - n0);
    }
    buf_putc(x->out, '"');
    *pi = i;
    return 1;
}

static void x_push(struct xfix *x, const char *name, size_t n, size_t at)
{
    struct open_tag *t = PUSH(x->m, tags, n_tags, cap_tags);
    t->name = arena_strndup(x->m->a, name, n);
    t->container = x->container;
    x_pos(x, at, &t->line, &t->col);
}

static void x_open(struct xfix *x)
{
    const char *s = x->s;
    struct xtag t = {.at = x->i, .mark = x->out->len};
    size_t i = t.at + 1;
    while (i < x->len && is_name_char(s[i])) i++;
    size_t nlen = i - t.at - 1;
    int self = 0;
    buf_put(x->out, s + t.at, nlen + 1);
    for (;;) {
        while (i < x->len && is_space(s[i])) i++;
        if (i >= x->len) {
            x_error(x, t.at, "inline HTML '%.*s' has no closing '>'", tag_len(x, t.at), s + t.at);
            x_recover(x, t.at, t.mark);
            return;
        }
        if (s[i] == '>') { i++; break; }
        if (s[i] == '/' && i + 1 < x->len && s[i + 1] == '>') { self = 1; i += 2; break; }
        if (!x_attr(x, &t, &i)) return;
    }
    int v = is_void(s + t.at + 1, nlen);
    buf_puts(x->out, self || v ? " />" : ">");
    x->i = i;
    if (!self && !v) x_push(x, s + t.at + 1, nlen, t.at);
}

static void report_unclosed(struct md *m, const struct open_tag *t)
{
    error_at(m, t->line, t->col, "inline HTML '<%s>' is not closed; close it or remove it", t->name);
}

/* Closes the innermost matching element opened in the same container;
 * elements opened after it were left open. */
static void x_close(struct xfix *x)
{
    struct md *m = x->m;
    const char *s = x->s;
    size_t at = x->i, i = at + 2;
    while (i < x->len && is_name_char(s[i])) i++;
    const char *name = s + at + 2;
    size_t n = (size_t)(s + i - name);
    while (i < x->len && is_space(s[i])) i++;
    if (i >= x->len || s[i] != '>') {
        x_error(x, at, "inline HTML '</%.*s' has no closing '>'", (int)n, name);
        x_recover(x, at, x->out->len);
        return;
    }
    x->i = i + 1;
    if (is_void(name, n)) return;   /* "</br>": HTML ignores these too */
    size_t k = m->n_tags;
    while (k > 0 && m->tags[k - 1].container == x->container && !same_name(name, n, m->tags[k - 1].name))
        k--;
    if (k == 0 || m->tags[k - 1].container != x->container) {
        x_error(x, at, "inline HTML '</%.*s>' has no matching '<%.*s>'; remove it or add the opening tag",
                (int)n, name, (int)n, name);
        return;
    }
    while (m->n_tags > k) report_unclosed(m, &m->tags[--m->n_tags]);
    m->n_tags--;
    buf_printf(x->out, "</%s>", m->tags[k - 1].name);
}

static void x_skip_past(struct xfix *x, const char *end)
{
    size_t e = find(x->s + x->i, x->len - x->i, end);
    x->i = e == (size_t)-1 ? x->len : x->i + e + strlen(end);
}

static void x_lt(struct xfix *x)
{
    const char *p = x->s + x->i;
    size_t n = x->len - x->i;
    if (starts(p, n, "<!--")) { x_skip_past(x, "-->"); return; }     /* comments: dropped */
    if (starts(p, n, "<![CDATA[")) {
        size_t e = find(p, n, "]]>");
        if (e == (size_t)-1) {
            x_error(x, x->i, "inline HTML CDATA section is not closed; add ']]>'");
            x_recover(x, x->i, x->out->len);
            return;
        }
        buf_put(x->out, p, e + 3);
        x->i += e + 3;
        return;
    }
    if (starts(p, n, "<?")) { x_skip_past(x, "?>"); return; }         /* processing instructions */
    if (n > 2 && p[1] == '!' && is_alpha(p[2])) { x_skip_past(x, ">"); return; }   /* <!DOCTYPE> */
    if (n > 2 && p[1] == '/' && is_alpha(p[2])) { x_close(x); return; }
    if (n > 1 && is_alpha(p[1])) { x_open(x); return; }
    buf_puts(x->out, "&lt;");
    x->i++;
}

static void xhtml_raw(struct md *m, cmark_node *n, int block)
{
    struct xfix x = {m, n, cmark_node_parent(n), literal(n), 0, 0, block, &m->xout};
    x.len = strlen(x.s);
    buf_clear(&m->xout);
    while (x.i < x.len) {
        if (x.s[x.i] == '<') { x_lt(&x); continue; }
        const char *lt = memchr(x.s + x.i, '<', x.len - x.i);
        size_t end = lt ? (size_t)(lt - x.s) : x.len;
        x_chars(&x, x.s + x.i, end - x.i, 0);
        x.i = end;
    }
    cmark_node_set_literal(n, m->xout.data);
}

/* Elements still open when their container ends. */
static void close_container(struct md *m, cmark_node *n)
{
    while (m->n_tags && m->tags[m->n_tags - 1].container == n)
        report_unclosed(m, &m->tags[--m->n_tags]);
}

/* ---- the walk -------------------------------------------------------------------------- */

/* Escaped raw HTML is text the reader sees, so it is plain text too. */
static void on_html(struct md *m, cmark_node *n, int block)
{
    if (!m->o->unsafe_html) {
        add_edit(m, block ? ED_HTML_BLOCK : ED_HTML_INLINE, n);
        put_text(m, literal(n));
    } else if (m->o->xhtml) {
        xhtml_raw(m, n, block);
    }
}

/* ---- Hugo shortcodes ----------------------------------------------------------------- */

static int in_code_span(const char *s, size_t at)
{
    size_t ticks = 0;
    for (size_t i = 0; i < at; i++) ticks += s[i] == '`';
    return ticks % 2;
}

/* "{{< youtube x >}}" or "{{% notice %}}" in a paragraph or heading: Hugo
 * would run it, loa shows it as text.  Warned once, on the web render. */
static void shortcodes(struct md *m, cmark_node *n)
{
    int first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);
    for (int l = first; first > 0 && l <= last; l++) {
        const char *s;
        size_t len;
        if (!source_line(m, (unsigned)l, &s, &len)) continue;
        for (size_t i = 0; i + 3 <= len; i++) {
            if (s[i] != '{' || s[i + 1] != '{' || (s[i + 2] != '<' && s[i + 2] != '%')) continue;
            if (in_code_span(s, i)) continue;
            size_t end = find(s + i, len - i, s[i + 2] == '<' ? ">}}" : "%}}");
            size_t shown = end == (size_t)-1 ? len - i : end + 3;
            diag(DIAG_WARNING, m->o->file, (unsigned)l + m->o->line_offset,
                 (unsigned)text_char_count(s, i) + 1, "Hugo shortcode '%.*s%s' is not supported "
                 "and would be shown as text; write it as Markdown (a link, an image) or HTML",
                 (int)(shown > 60 ? 60 : shown), s + i, shown > 60 ? "..." : "");
            i += 2;
        }
    }
}

static void enter_node(struct md *m, cmark_node *n)
{
    cmark_node_type t = cmark_node_get_type(n);
    if (is_block(n)) plain_newline(m);
    switch (t) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE: put_text(m, literal(n)); break;
    case CMARK_NODE_SOFTBREAK: put_text(m, " "); break;
    case CMARK_NODE_LINEBREAK: buf_putc(&m->plain, '\n'); sum_put(m, " ", 1); break;
    case CMARK_NODE_CODE_BLOCK:
        if (!on_chart(m, n)) buf_puts(&m->plain, literal(n));
        break;
    case CMARK_NODE_HTML_BLOCK: on_html(m, n, 1); break;
    case CMARK_NODE_HTML_INLINE: on_html(m, n, 0); break;
    case CMARK_NODE_PARAGRAPH:
        m->in_para = 1;
        if (!m->o->xhtml && !m->o->repeat) shortcodes(m, n);
        break;
    case CMARK_NODE_HEADING:
        m->head_start = m->plain.len;
        if (!m->o->xhtml && !m->o->repeat) shortcodes(m, n);
        break;
    case CMARK_NODE_LINK: on_dest(m, n, 0); break;
    case CMARK_NODE_IMAGE: on_dest(m, n, 1); m->no_sum++; break;
    case CMARK_NODE_BLOCK_QUOTE: on_quote(m, n); break;
    case CMARK_NODE_FOOTNOTE_DEFINITION: on_note(m, n); m->no_sum++; break;
    case CMARK_NODE_FOOTNOTE_REFERENCE: on_noteref(m, n); break;
    default: break;
    }
}

static void leave_node(struct md *m, cmark_node *n)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH: m->in_para = 0; m->sum_space = 1; break;
    case CMARK_NODE_HEADING: on_heading_exit(m, n); break;
    case CMARK_NODE_IMAGE: m->no_sum--; m->sum_glue = 1; break;
    case CMARK_NODE_FOOTNOTE_DEFINITION: m->no_sum--; break;
    case CMARK_NODE_BLOCK_QUOTE:
        if (cmark_node_get_user_data(n) == &box_mark) m->no_sum--;
        break;
    default: break;
    }
    if (is_block(n)) plain_newline(m);
    if (m->n_tags) close_container(m, n);
}

static void walk(struct md *m, cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev == CMARK_EVENT_ENTER) enter_node(m, cmark_iter_get_node(it));
        else leave_node(m, cmark_iter_get_node(it));
    }
    cmark_iter_free(it);
}

/* ---- typography ------------------------------------------------------------------------- */

static int has_h1(cmark_node *doc)
{
    int found = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        found = ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING &&
                cmark_node_get_heading_level(n) == 1;
    }
    cmark_iter_free(it);
    return found;
}

/* cmark's smart punctuation writes English “ ”: the language's marks instead. */
static void set_quotes(cmark_node *n, const char *open, const char *close)
{
    const char *lit = cmark_node_get_literal(n);
    if (!lit || (!strstr(lit, "\xe2\x80\x9c") && !strstr(lit, "\xe2\x80\x9d"))) return;
    buf b = BUF_INIT;
    for (const char *p = lit; *p;) {
        int o = !strncmp(p, "\xe2\x80\x9c", 3), c = !strncmp(p, "\xe2\x80\x9d", 3);
        if (o || c) {
            buf_puts(&b, o ? open : close);
            p += 3;
        } else {
            buf_putc(&b, *p++);
        }
    }
    cmark_node_set_literal(n, b.data);
    buf_release(&b);
}

static void typeset(const struct md_opts *o, cmark_node *doc)
{
    int shift = o->shift_headings && has_h1(doc);
    int quotes = o->quote_open && o->quote_close &&
                 (strcmp(o->quote_open, "\xe2\x80\x9c") || strcmp(o->quote_close, "\xe2\x80\x9d"));
    if (!shift && !quotes) return;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER) continue;
        int t = cmark_node_get_type(n);
        if (shift && t == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) < 6)
            cmark_node_set_heading_level(n, cmark_node_get_heading_level(n) + 1);
        if (quotes && t == CMARK_NODE_TEXT) set_quotes(n, o->quote_open, o->quote_close);
    }
    cmark_iter_free(it);
}

/* ---- edits ------------------------------------------------------------------------------ */

static cmark_node *custom(cmark_node_type t, const char *open, const char *close)
{
    cmark_node *c = cmark_node_new(t);
    cmark_node_set_on_enter(c, open);
    cmark_node_set_on_exit(c, close);
    return c;
}

static void adopt(cmark_node *to, cmark_node *from)
{
    for (cmark_node *c; (c = cmark_node_first_child(from));) cmark_node_append_child(to, c);
}

/* cmark refuses children a parent cannot hold (extension nodes decide for
 * themselves); then the old node stays. */
static void swap(struct md *m, cmark_node *old, cmark_node *new)
{
    if (!cmark_node_replace(old, new)) {
        cmark_node_free(new);
        return;
    }
    *PUSH(m, junk, n_junk, cap_junk) = old;
}

static cmark_node *text_node(const char *s)
{
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(t, s);
    return t;
}

static void apply(struct md *m, const struct edit *e)
{
    cmark_node *c, *in;
    switch (e->kind) {
    case ED_DROP:
        junk(m, e->node);
        return;
    case ED_HEADING:
        /* A custom block puts on_enter and on_exit on lines of their own, so
         * the <hN id> is a custom inline inside an empty custom block. */
        c = custom(CMARK_NODE_CUSTOM_BLOCK, "", "");
        in = custom(CMARK_NODE_CUSTOM_INLINE, e->open, e->close);
        adopt(in, e->node);
        cmark_node_append_child(c, in);
        break;
    case ED_NOTE:
        in = cmark_node_first_child(e->node);
        if (in && cmark_node_get_type(in) == CMARK_NODE_PARAGRAPH)
            cmark_node_prepend_child(in, custom(CMARK_NODE_CUSTOM_INLINE, e->extra, ""));
        /* fall through */
    case ED_BOX:
        c = custom(CMARK_NODE_CUSTOM_BLOCK, e->open, e->close);
        adopt(c, e->node);
        break;
    case ED_NOTEREF:    /* raw HTML, not a custom inline: table cells take only the former */
        c = cmark_node_new(CMARK_NODE_HTML_INLINE);
        cmark_node_set_literal(c, e->open);
        break;
    case ED_HTML_INLINE:
        c = text_node(literal(e->node));
        break;
    case ED_IMAGE_SIZED:
        c = custom(CMARK_NODE_CUSTOM_INLINE, e->open, "");
        break;
    case ED_CHART:
        c = custom(CMARK_NODE_CUSTOM_BLOCK, e->open, "");
        break;
    case ED_IMAGE_ALT:
        c = custom(CMARK_NODE_CUSTOM_INLINE, "<span class=\"image-left-out\">", "</span>");
        cmark_node_append_child(c, text_node(e->extra));
        break;
    default: {   /* ED_HTML_BLOCK: shown as a paragraph of text */
        const char *s = literal(e->node);
        size_t n = strlen(s);
        while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
        buf_clear(&m->tmp);
        buf_put(&m->tmp, s, n);
        c = cmark_node_new(CMARK_NODE_PARAGRAPH);
        cmark_node_append_child(c, text_node(m->tmp.data));
        break;
    }
    }
    swap(m, e->node, c);
}

/* ---- md_render ----------------------------------------------------------------------------- */

/* Style attributes, not align="", on table cells: align is obsolete in
 * HTML5, which EPUB 3 content documents are.  CMARK_OPT_UNSAFE because
 * raw HTML is escaped by on_html and URLs are checked by on_dest, while
 * our own footnote references go in as raw HTML nodes. */
enum {
    CMARK_OPTS = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES |
                 CMARK_OPT_UNSAFE
};

static void md_release(struct md *m)
{
    buf_release(&m->plain);
    buf_release(&m->sum);
    buf_release(&m->tmp);
    buf_release(&m->xout);
    for (size_t i = 0; i < m->n_junk; i++) cmark_node_free(m->junk[i]);
    free(m->junk);
    free(m->lines);
    free(m->edits);
    free(m->heads);
    free(m->ids.slot);
    free(m->tags);
    free(m->refs);
}

static void fill_result(struct md *m, const char *html, struct md_result *out)
{
    memset(out, 0, sizeof *out);
    /* cmark passes C0 controls through: no valid HTML or XML holds them */
    buf_clear(&m->tmp);
    esc_markup_clean(&m->tmp, html, strlen(html));
    out->html = arena_strndup(m->a, m->tmp.data, m->tmp.len);
    out->toc_html = build_toc(m);
    out->n_headings = m->n_heads;
    out->headings = arena_alloc(m->a, (m->n_heads ? m->n_heads : 1) * sizeof *out->headings);
    if (m->n_heads) memcpy(out->headings, m->heads, m->n_heads * sizeof *out->headings);
    out->summary = summary_finish(m);
    out->plain = arena_strndup(m->a, m->plain.data, m->plain.len);
    out->word_count = text_word_count(m->plain.data, m->plain.len);
    out->has_footnotes = m->n_notes > 0;
}

/* ---- bounds, checked before cmark-gfm parses ------------------------------------ */

/* Characters (not bytes) from line start s to p, plus one: a column. */
static unsigned char_column(const char *s, const char *p)
{
    unsigned col = 1;
    for (; s < p; s++) col += ((unsigned char)*s & 0xC0) != 0x80;
    return col;
}

/* One line's bounds: its length and its '|' (see util/limits.h). */
static int prescan_line(const struct md_opts *o, const char *s, size_t n, unsigned line,
                        size_t *cells)
{
    line += o->line_offset;
    if (n > LIMIT_MD_LINE) {
        diag_error(o->file, line, 1, "line is %zu bytes long, more than the limit of %u; "
                   "break it into shorter lines", n, LIMIT_MD_LINE);
        return -1;
    }
    size_t k = 0;
    for (const char *p = s; (p = memchr(p, '|', n - (size_t)(p - s))); p++) {
        if (++k > LIMIT_MD_ROW_CELLS) {
            diag_error(o->file, line, char_column(s, p), "more than %d '|' on one line (table "
                       "cells); split the table, or write the text without '|'",
                       LIMIT_MD_ROW_CELLS);
            return -1;
        }
        if (++*cells > LIMIT_MD_CELLS) {
            diag_error(o->file, line, char_column(s, p), "more than %d '|' in this file (table "
                       "cells); split the page or the table", LIMIT_MD_CELLS);
            return -1;
        }
    }
    return 0;
}

/* cmark-gfm takes quadratic time on wide table rows and ~500 bytes per
 * cell: refuse such input before it is parsed.  0, or -1 reported. */
static int prescan(const struct md_opts *o, const char *text, size_t len)
{
    size_t cells = 0;
    unsigned line = 1;
    for (size_t i = 0; i < len; line++) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        if (prescan_line(o, text + i, e - i, line, &cells) != 0) return -1;
        i = e + 1;
    }
    return 0;
}

int md_render(arena *a, const char *text, size_t len, const struct md_opts *o, struct md_result *out)
{
    pthread_once(&md_once, md_setup);
    struct md m = {.a = a, .o = o, .src = text, .len = len};
    buf_init(&m.plain);
    buf_init(&m.sum);
    buf_init(&m.tmp);
    buf_init(&m.xout);
    m.sum_limit = o->summary_chars ? o->summary_chars : 200;
    if (prescan(o, text, len) != 0) {
        fill_result(&m, "", out);
        md_release(&m);
        return -1;
    }

    int opts = CMARK_OPTS | (o->quote_open && o->quote_close ? CMARK_OPT_SMART : 0);
    cmark_parser *p = cmark_parser_new(opts);
    for (size_t i = 0; i < N_EXT; i++) cmark_parser_attach_syntax_extension(p, exts[i]);
    if (parse_needs_lock) pthread_mutex_lock(&parse_mutex);
    cmark_parser_feed(p, text, len);
    cmark_node *doc = cmark_parser_finish(p);
    if (parse_needs_lock) pthread_mutex_unlock(&parse_mutex);

    typeset(o, doc);
    walk(&m, doc);
    for (size_t i = 0; i < m.n_edits; i++) apply(&m, &m.edits[i]);
    char *html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
    fill_result(&m, html, out);

    free(html);
    cmark_node_free(doc);
    md_release(&m);     /* frees the junk, after the render that used its text */
    cmark_parser_free(p);
    return m.errors ? -1 : 0;
}
