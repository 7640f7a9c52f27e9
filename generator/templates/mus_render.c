/* mus_render: walks a compiled template against data.  The walk keeps
 * its state on the C stack (context stack, indentation, block overrides,
 * the chain of partials) plus one scratch buffer, and reads templates
 * without changing them, so any number of threads can render at once. */
#include "mus_node.h"
#include "../util/diag.h"
#include "../util/limits.h"
#include "../util/escape.h"

#include <string.h>

struct ctx {                       /* the context stack, innermost first */
    const void *v;
    const struct ctx *up;
};

struct ind {                       /* indentation pieces, innermost first */
    str s;
    const struct ind *up;
};

struct frame {                     /* one {{<parent}} being rendered */
    const mus_node *parent;        /* its kids are the block arguments */
    const mus_template *t;         /* the template they were written in */
    const struct ind *ind;         /* indentation at the parent tag */
    const struct frame *up;        /* frame of the template that called it */
};

struct call {                      /* the chain of partials and parents */
    const mus_template *t;
    const struct call *up;
    unsigned depth;
};

struct at {                        /* where the walk is */
    const mus_template *t;
    const struct ctx *ctx;
    const struct ind *ind;
    const struct frame *fr;
    const struct call *call;
    unsigned nest;                 /* sections, partials and blocks around */
};

/* Sections nest at most MUS_MAX_NEST deep in one template, but 64 levels
 * of partials could stack that up to thousands of C frames: cap the whole
 * walk well below what a worker thread's stack can hold. */
#define MAX_WALK 1000

struct rs {
    mus_cache *c;
    const mus_ops *ops;
    void *ud;
    int strict;
    buf *out;
    buf tmp;                       /* scratch: escaping, dynamic names */
    unsigned long steps;
    size_t start;                  /* out->len when the render began */
    const char *subject;           /* what is rendered, for the size error */
    void (*used)(void *, const mus_template *);
    void *used_ud;
};

static int render_list(struct rs *r, const mus_node *nodes, size_t n, const struct at *at,
                       int first_bol);

static const char *who(const mus_template *t) { return *t->name ? t->name : t->path; }

static void put_indent(buf *out, const struct ind *in)
{
    if (!in) return;
    put_indent(out, in->up);
    buf_put(out, in->s.ptr, in->s.len);
}

static int newline_at(str s, size_t i)
{
    return s.ptr[i] == '\n' || (s.ptr[i] == '\r' && i + 1 < s.len && s.ptr[i + 1] == '\n');
}

/* Text with the indentation at the start of every line but empty ones. */
static void put_text(buf *out, str s, const struct ind *ind, int bol)
{
    if (!ind) {
        buf_put(out, s.ptr, s.len);
        return;
    }
    if (bol && !newline_at(s, 0)) put_indent(out, ind);
    for (size_t i = 0; i < s.len;) {
        const char *nl = memchr(s.ptr + i, '\n', s.len - i);
        size_t e = nl ? (size_t)(nl - s.ptr) + 1 : s.len;
        buf_put(out, s.ptr + i, e - i);
        i = e;
        if (i < s.len && !newline_at(s, i)) put_indent(out, ind);
    }
}

/* The spec's name resolution: the first part is looked up from the top
 * of the context stack down; the other parts only descend from there. */
static const void *lookup(const struct rs *r, const struct ctx *c, const struct mus_name *n)
{
    if (!n->nparts) return c->v;
    const void *v = NULL;
    for (; c && !v; c = c->up)
        if (c->v) v = r->ops->get(r->ud, c->v, n->parts[0].ptr, n->parts[0].len);
    for (unsigned k = 1; v && k < n->nparts; k++)
        v = r->ops->get(r->ud, v, n->parts[k].ptr, n->parts[k].len);
    return v;
}

static int falsy(const struct rs *r, const void *v)
{
    return !v || !r->ops->truthy(r->ud, v) ||
           (r->ops->is_list(r->ud, v) && r->ops->len(r->ud, v) == 0);
}

static int missing(const struct rs *r, const mus_node *nd, const struct at *at)
{
    if (!r->strict) return 0;
    diag_error(DIAG_TPL_UNDEFINED,
               at->t->path, nd->line, nd->col, "'%s' is not defined", nd->name.full);
    return -1;
}

/* Escapes what was appended to out since mark; most values need nothing
 * and are left in place. */
static void escape_from(struct rs *r, size_t mark, int url)
{
    buf *o = r->out;
    size_t n = o->len - mark;
    const char *v = o->data + mark;
    size_t clean = url ? esc_url_clean_len(v, n) : esc_html_clean_len(v, n);
    if (clean == n) return;
    if (!url) mark += clean;   /* a URL is checked whole */
    buf_clear(&r->tmp);
    buf_put(&r->tmp, o->data + mark, o->len - mark);
    buf_truncate(o, mark);
    if (url) esc_url_attr(o, r->tmp.data, r->tmp.len);
    else esc_html_attr(o, r->tmp.data, r->tmp.len);
}

static int render_var(struct rs *r, const mus_node *nd, const struct at *at)
{
    const void *v = lookup(r, at->ctx, &nd->name);
    if (!v) return missing(r, nd, at);
    size_t mark = r->out->len;
    r->ops->text(r->ud, v, r->out);
    if (nd->op == MUS_VAR) escape_from(r, mark, nd->flags & MUS_URL);
    return 0;
}

static int render_section(struct rs *r, const mus_node *nd, const struct at *at)
{
    const void *v = lookup(r, at->ctx, &nd->name);
    if (nd->op == MUS_INVERTED)
        return falsy(r, v) ? render_list(r, nd->kids, nd->nkids, at, 0) : 0;
    if (falsy(r, v)) return 0;
    struct ctx c = {v, at->ctx};
    struct at in = *at;
    in.ctx = &c;
    in.nest++;
    if (!r->ops->is_list(r->ud, v)) return render_list(r, nd->kids, nd->nkids, &in, 0);
    size_t n = r->ops->len(r->ud, v);
    for (size_t i = 0; i < n; i++) {
        c.v = r->ops->at(r->ud, v, i);
        if (render_list(r, nd->kids, nd->nkids, &in, 0) < 0) return -1;
    }
    return 0;
}

/* Prints the cycle that ends in t (a -> b -> a), or the whole chain. */
static int too_deep(const mus_node *nd, const struct at *at, const mus_template *t)
{
    const mus_template *chain[MUS_MAX_DEPTH + 2];
    size_t n = 0;
    chain[n++] = t;
    for (const struct call *c = at->call; c && n < MUS_MAX_DEPTH + 2; c = c->up) {
        chain[n++] = c->t;
        if (c->t == t) break;
    }
    buf b = BUF_INIT;
    for (size_t i = n; i-- > 0;) buf_printf(&b, "%s%s", who(chain[i]), i ? " -> " : "");
    diag_error(DIAG_TPL_PARTIAL_DEPTH,
               at->t->path, nd->line, nd->col, "partials nest more than %d deep: %s; make "
               "the recursion stop (put it in a section over data that runs out)",
               MUS_MAX_DEPTH, b.data);
    buf_release(&b);
    return -1;
}

static int enter(struct rs *r, const mus_node *nd, const struct at *at, const mus_template *t,
                 const struct frame *fr)
{
    if (at->call->depth >= MUS_MAX_DEPTH) return too_deep(nd, at, t);
    struct call call = {t, at->call, at->call->depth + 1};
    if (r->used) r->used(r->used_ud, t);
    struct ind in = {nd->indent, at->ind};
    struct at sub = {t, at->ctx, NULL, fr, &call, at->nest + 1};
    if (nd->flags & MUS_STANDALONE) sub.ind = nd->indent.len ? &in : at->ind;
    return render_list(r, t->nodes, t->n, &sub, 0);
}

/* {{>*name}}: the value of name is the template name.  Returns 1 with *t
 * set, 0 to render nothing, -1 after an error. */
static int resolve(struct rs *r, const mus_node *nd, const struct at *at, const mus_template **t)
{
    const void *v = lookup(r, at->ctx, &nd->name);
    if (!v) return missing(r, nd, at) < 0 ? -1 : 0;
    buf_clear(&r->tmp);
    r->ops->text(r->ud, v, &r->tmp);
    if (!r->tmp.len) return 0;
    int fresh;
    const char *kind = nd->op == MUS_PARENT ? "parent" : "partial";
    const mus_template *e = mus_cache_lookup(r->c, r->tmp.data, &fresh);
    *t = e;
    if (e->state == MUS_T_OK) return 1;
    if (e->state == MUS_T_BAD) {
        diag_error(DIAG_TPL_HAS_ERRORS,
                   at->t->path, nd->line, nd->col, "%s '%s' (the value of '%s') has errors",
                   kind, e->name, nd->name.full);
        return -1;
    }
    if (nd->op == MUS_PARENT) {
        diag_error(DIAG_TPL_PARENT_MISSING,
                   at->t->path, nd->line, nd->col, "parent template '%s' (the value of '%s') "
                   "not found (asked for by '%s')", e->name, nd->name.full, who(at->t));
        return -1;
    }
    if (fresh)
        diag_warn(DIAG_TPL_PARTIAL_MISSING,
                  at->t->path, nd->line, nd->col, "partial '%s' (the value of '%s') not found "
                  "(asked for by '%s'); it renders as nothing", e->name, nd->name.full,
                  who(at->t));
    return 0;
}

static int render_ref(struct rs *r, const mus_node *nd, const struct at *at)
{
    const mus_template *t = nd->t;
    if (nd->flags & MUS_DYNAMIC) {
        int rc = resolve(r, nd, at, &t);
        if (rc <= 0) return rc;
    }
    if (!t) return 0;   /* missing partial: warned about when linked */
    if (nd->op == MUS_PARTIAL) return enter(r, nd, at, t, at->fr);
    struct frame f = {nd, at->t, at->ind, at->fr};
    return enter(r, nd, at, t, &f);
}

/* A block renders the argument of the outermost parent call that has one
 * (the most derived template wins), else its own default.  An argument
 * renders with the frames outside the call that supplied it, so a block
 * nested in an argument can only be overridden from further out. */
static int render_block(struct rs *r, const mus_node *nd, const struct at *at)
{
    const struct frame *ff = NULL;
    const mus_node *arg = NULL;
    for (const struct frame *f = at->fr; f; f = f->up)
        for (size_t i = 0; i < f->parent->nkids; i++) {
            const mus_node *b = &f->parent->kids[i];
            if (b->name.len == nd->name.len && !memcmp(b->name.full, nd->name.full, b->name.len)) {
                arg = b;
                ff = f;
                break;
            }
        }
    int sa = nd->flags & MUS_STANDALONE;
    struct ind in = {nd->indent, at->ind};
    struct at sub = *at;
    sub.nest++;
    sub.ind = sa && nd->indent.len ? &in : at->ind;
    if (!arg) return render_list(r, nd->kids, nd->nkids, &sub, sa);
    sub.t = ff->t;
    sub.fr = ff->up;
    if (!sa) sub.ind = ff->ind;
    return render_list(r, arg->kids, arg->nkids, &sub, sa);
}

#ifdef LOA_FUZZING
/* Nested sections over lists multiply legitimately; the fuzzer only
 * wants crashes, not exponential outputs. */
#define MAX_STEPS 200000ul
#define MAX_OUT (1u << 20)
#else
#define MAX_STEPS LIMIT_RENDER_STEPS
#define MAX_OUT LIMIT_RENDER_OUTPUT
#endif

/* Partials and sections over lists multiply: one page could grow to
 * gigabytes (output) or take hours (empty partials).  Both are bounded. */
static int over_budget(struct rs *r, const mus_node *nd, const struct at *at)
{
    int steps = ++r->steps > MAX_STEPS;
    if (!steps && r->out->len - r->start <= MAX_OUT) return 0;
    buf what = BUF_INIT;
    buf_printf(&what, "'%s'", who(at->t));
    if (r->subject) buf_printf(&what, " for '%s'", r->subject);
    if (steps)
        diag_error(DIAG_TPL_TOO_MANY_STEPS,
                   at->t->path, nd->line, nd->col, "rendering %s visits more than %lu template "
                   "tags (the limit); partials or sections repeat each other too often, make "
                   "them stop sooner", what.data, MAX_STEPS);
    else
        diag_error(DIAG_TPL_TOO_LARGE,
                   at->t->path, nd->line, nd->col, "rendering %s makes more than %u MiB (the "
                   "limit); partials or sections repeat each other too often, make them stop "
                   "sooner", what.data, MAX_OUT >> 20);
    buf_release(&what);
    return 1;
}

static int render_node(struct rs *r, const mus_node *nd, const struct at *at, int bol)
{
    if (over_budget(r, nd, at)) return -1;
    if (nd->op == MUS_TEXT) {
        put_text(r->out, nd->text, at->ind, bol);
        return 0;
    }
    if (bol && at->ind) put_indent(r->out, at->ind);
    if (at->nest >= MAX_WALK) {
        diag_error(DIAG_TPL_TOO_DEEP,
                   at->t->path, nd->line, nd->col, "sections and partials nest more than %d "
                   "deep here; simplify the templates", MAX_WALK);
        return -1;
    }
    switch (nd->op) {
    case MUS_VAR: case MUS_RAW: return render_var(r, nd, at);
    case MUS_SECTION: case MUS_INVERTED: return render_section(r, nd, at);
    case MUS_PARTIAL: case MUS_PARENT: return render_ref(r, nd, at);
    default: return render_block(r, nd, at);
    }
}

/* first_bol: the first node starts a line even if it did not in its own
 * source (an argument expanded at a standalone block). */
static int render_list(struct rs *r, const mus_node *nodes, size_t n, const struct at *at,
                       int first_bol)
{
    for (size_t i = 0; i < n; i++) {
        const mus_node *nd = &nodes[i];
        int bol = (nd->flags & MUS_BOL) || (!i && first_bol && !(nd->flags & MUS_STANDALONE));
        if (render_node(r, nd, at, bol) < 0) return -1;
    }
    return 0;
}

int mus_render(mus_cache *c, const mus_template *t, const mus_ops *ops, void *ud,
               const void *data, const struct mus_render_opts *o, buf *out)
{
    if (!t || t->state != MUS_T_OK) return -1;
    struct rs r = {c, ops, ud, o && o->strict, out, BUF_INIT, 0, out->len, o ? o->subject : NULL,
                   o ? o->used : NULL, o ? o->used_ud : NULL};
    if (r.used) r.used(r.used_ud, t);
    struct ctx root = {data, NULL};
    struct call call = {t, NULL, 0};
    struct at at = {t, &root, NULL, NULL, &call, 0};
    int rc = render_list(&r, t->nodes, t->n, &at, 0);
    buf_release(&r.tmp);
    return rc;
}
