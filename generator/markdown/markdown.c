/* markdown: cmark-gfm parses; one walk over the tree collects plain text,
 * headings, summary and footnote numbers, calls the link hooks and records
 * the structural edits (heading ids, pull quotes, EPUB footnotes, escaped
 * raw HTML); the edits are applied after the walk, because cmark's
 * iterator must not see nodes replaced under it; then cmark renders HTML.
 * Our markup goes in as custom nodes, so cmark's HTML stays untouched for
 * everything else. */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include "md_impl.h"
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

const char md_image_drop[] = "";

/* ---- shared helpers (md_impl.h) ------------------------------------------------ */

void *md_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return p;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    p = realloc(p, c * size);
    if (!p) die_oom();
    *cap = c;
    return p;
}

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

const char *md_literal(cmark_node *n)
{
    const char *s = cmark_node_get_literal(n);
    return s ? s : "";
}

size_t md_find(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(p + i, needle, k)) return i;
    return (size_t)-1;
}

int md_starts(const char *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !memcmp(p, prefix, k);
}

/* a[0..n) equals the lower-case word, ignoring ASCII case. */
int md_eq_ci(const char *a, size_t n, const char *word)
{
    size_t i = 0;
    for (; i < n && word[i]; i++)
        if (md_lower(a[i]) != word[i]) return 0;
    return i == n && !word[i];
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
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) buf_puts(out, md_literal(c));
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
        buf_puts(&m->tmp, md_literal(c));
    if (c && !is_break(c)) return NULL;
    size_t n = m->tmp.len;
    while (n && m->tmp.data[n - 1] == ' ') n--;
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
        if (md_eq_ci(m->tmp.data, n, boxes[i].marker)) {
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
    const char *info = cmark_node_get_fence_info(n), *lit = md_literal(n);
    size_t k = 0;
    while (info && info[k] && info[k] != ' ' && info[k] != '\t') k++;
    if (!info || !md_eq_ci(info, k, "chart")) return 0;
    int line = cmark_node_get_start_line(n);
    unsigned col = md_char_col(m, line, cmark_node_get_start_column(n));
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
    md_node_pos(m, n, &line, &col);
    diag_warn(DIAG_MD_UNSAFE_URL,
              m->o->file, line, col, "%s '%.60s': " ESC_URL_ADVICE "; it is written with an "
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
        md_node_pos(m, n, &line, &col);
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
        m->refs = md_grow(m->refs, &m->cap_refs, k + 1, sizeof *m->refs);
        memset(m->refs + old, 0, (m->cap_refs - old) * sizeof *m->refs);
    }
    return &m->refs[k];
}

static void on_noteref(struct md *m, cmark_node *n)
{
    char *end;
    unsigned long k = strtoul(md_literal(n), &end, 10);
    if (!m->o->xhtml || k == 0 || *end || k > m->len) return;
    unsigned r = ++*ref_count(m, k);
    const char *id = r == 1 ? arena_printf(m->a, "fnref-%lu", k) : arena_printf(m->a, "fnref-%lu-%u", k, r);
    struct edit *e = add_edit(m, ED_NOTEREF, n);
    e->open = arena_printf(m->a,
        "<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-%lu\" id=\"%s\">%lu</a>", k, id, k);
}

/* ---- the walk -------------------------------------------------------------------------- */

/* Escaped raw HTML is text the reader sees, so it is plain text too. */
static void on_html(struct md *m, cmark_node *n, int block)
{
    if (!m->o->unsafe_html) {
        add_edit(m, block ? ED_HTML_BLOCK : ED_HTML_INLINE, n);
        put_text(m, md_literal(n));
    } else if (m->o->xhtml) {
        md_xhtml_raw(m, n, block);
    }
}

/* ---- Hugo shortcodes ----------------------------------------------------------------- */

static int in_code_span(const char *s, size_t at)
{
    size_t ticks = 0;
    for (size_t i = 0; i < at; i++) ticks += s[i] == '`';
    return ticks % 2;
}

/* cmark-gfm's parse of one page in an arena of its thread, freed whole
 * after the render: its some hundred small callocs and frees a page cost
 * more than the parse itself.  Each block keeps its size in front (16
 * bytes, for alignment) for realloc.  cmark links only nodes of one
 * allocator, so the nodes loa adds are made in the same arena. */
static _Thread_local arena heap;

static void *heap_calloc(size_t n, size_t size)
{
    if (size && n > (SIZE_MAX - 16) / size) die_oom();
    size_t *h = arena_alloc(&heap, n * size + 16);   /* zeroed */
    h[0] = n * size;
    return (char *)h + 16;
}

static void *heap_realloc(void *p, size_t size)
{
    if (!p) return heap_calloc(1, size);
    size_t old = *(size_t *)((char *)p - 16);
    if (size <= old) return p;
    void *q = heap_calloc(1, size);
    memcpy(q, p, old);
    return q;
}

static void heap_free(void *p)
{
    (void)p;   /* freed with the arena */
}

static cmark_mem heap_mem = {heap_calloc, heap_realloc, heap_free};

static cmark_node *new_node(cmark_node_type t)
{
    return cmark_node_new_with_mem(t, &heap_mem);
}

/* "{{" anywhere in s: memchr finds the rare '{' far faster than memmem. */
static int has_braces(const char *s, size_t n)
{
    const char *end = s + n;
    for (const char *p = s; (p = memchr(p, '{', (size_t)(end - p))); p++)
        if (p + 1 < end && p[1] == '{') return 1;
    return 0;
}

/* "{{< youtube x >}}" or "{{% notice %}}" in a paragraph or heading: Hugo
 * would run it, loa shows it as text.  Warned once, on the web render. */
static void shortcodes(struct md *m, cmark_node *n)
{
    if (m->no_braces) return;   /* most pages: one memchr instead of a scan per line */
    int first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);
    for (int l = first; first > 0 && l <= last; l++) {
        const char *s;
        size_t len;
        if (!md_source_line(m, (unsigned)l, &s, &len)) continue;
        for (size_t i = 0; i + 3 <= len; i++) {
            if (s[i] != '{' || s[i + 1] != '{' || (s[i + 2] != '<' && s[i + 2] != '%')) continue;
            if (in_code_span(s, i)) continue;
            size_t end = md_find(s + i, len - i, s[i + 2] == '<' ? ">}}" : "%}}");
            size_t shown = end == (size_t)-1 ? len - i : end + 3;
            diag_warn(DIAG_MD_SHORTCODE, m->o->file, (unsigned)l + m->o->line_offset,
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
    case CMARK_NODE_CODE: put_text(m, md_literal(n)); break;
    case CMARK_NODE_SOFTBREAK: put_text(m, " "); break;
    case CMARK_NODE_LINEBREAK: buf_putc(&m->plain, '\n'); sum_put(m, " ", 1); break;
    case CMARK_NODE_CODE_BLOCK:
        if (!on_chart(m, n)) buf_puts(&m->plain, md_literal(n));
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
    if (m->n_tags) md_close_container(m, n);
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
    cmark_node *c = new_node(t);
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
    cmark_node *t = new_node(CMARK_NODE_TEXT);
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
        c = new_node(CMARK_NODE_HTML_INLINE);
        cmark_node_set_literal(c, e->open);
        break;
    case ED_HTML_INLINE:
        c = text_node(md_literal(e->node));
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
        const char *s = md_literal(e->node);
        size_t n = strlen(s);
        while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
        buf_clear(&m->tmp);
        buf_put(&m->tmp, s, n);
        c = new_node(CMARK_NODE_PARAGRAPH);
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
    CMARK_OPTS = CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES | CMARK_OPT_UNSAFE
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
        diag_error(DIAG_MD_LONG_LINE,
                   o->file, line, 1, "line is %zu bytes long, more than the limit of %u; "
                   "break it into shorter lines", n, LIMIT_MD_LINE);
        return -1;
    }
    size_t k = 0;
    for (const char *p = s; (p = memchr(p, '|', n - (size_t)(p - s))); p++) {
        if (++k > LIMIT_MD_ROW_CELLS) {
            diag_error(DIAG_MD_TABLE_CELLS,
                       o->file, line, char_column(s, p), "more than %d '|' on one line (table "
                       "cells); split the table, or write the text without '|'",
                       LIMIT_MD_ROW_CELLS);
            return -1;
        }
        if (++*cells > LIMIT_MD_CELLS) {
            diag_error(DIAG_MD_TABLE_CELLS,
                       o->file, line, char_column(s, p), "more than %d '|' in this file (table "
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
    m.no_braces = !has_braces(text, len);
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

    int opts = CMARK_OPTS | (o->quote_open && o->quote_close ? CMARK_OPT_SMART : 0) |
               (o->utf8_checked ? 0 : CMARK_OPT_VALIDATE_UTF8);
    cmark_parser *p = cmark_parser_new_with_mem(opts, &heap_mem);
    for (size_t i = 0; i < N_EXT; i++) cmark_parser_attach_syntax_extension(p, exts[i]);
    if (parse_needs_lock) pthread_mutex_lock(&parse_mutex);
    cmark_parser_feed(p, text, len);
    cmark_node *doc = cmark_parser_finish(p);
    if (parse_needs_lock) pthread_mutex_unlock(&parse_mutex);

    typeset(o, doc);
    walk(&m, doc);
    for (size_t i = 0; i < m.n_edits; i++) apply(&m, &m.edits[i]);
    char *html = cmark_render_html_with_mem(doc, opts, cmark_parser_get_syntax_extensions(p),
                                            cmark_get_default_mem_allocator());
    fill_result(&m, html, out);

    free(html);
    cmark_node_free(doc);
    md_release(&m);     /* frees the junk, after the render that used its text */
    cmark_parser_free(p);
    arena_release(&heap);
    return m.errors ? -1 : 0;
}
