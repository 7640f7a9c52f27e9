/* chart_parse: a ```chart block into a struct chart.  The header is YAML
 * (libyaml, through data/yaml), the rows are CSV read here, so that every
 * cell keeps its line and column for messages. */
#include "chart.h"
#include "../data/yaml.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"
#include "../util/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct cell {
    const char *s; /* trimmed text, NUL-terminated */
    unsigned line, col;
};

struct row {
    struct cell *cells;
    size_t n;
};

struct parser {
    arena *a;
    const struct chart_env *env;
    struct chart *c;
    struct row *rows;
    size_t n_rows, cap_rows;
    int errors;
};

static void perr(struct parser *p, const char *file, unsigned line, unsigned col, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));
static void perr(struct parser *p, const char *file, unsigned line, unsigned col, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_coded_v(DIAG_ERROR, DIAG_CHART_SYNTAX, file, line, col, fmt, ap);
    va_end(ap);
    p->errors++;
}

/* Header values carry block-relative columns; the block may be indented
 * (in a list or a quote). */
static unsigned vcol(const struct parser *p, const value *v)
{
    return v->col ? v->col + p->env->col - 1 : 0;
}

#define VERR(p, v, ...) perr((p), (p)->env->file, (v)->line, vcol((p), (v)), __VA_ARGS__)

/* ---- CSV --------------------------------------------------------------------------- */

struct csv {
    struct parser *p;
    const char *file;
    const char *s;
    size_t len, i;
    unsigned line, col0; /* current file line; column of the text's first byte */
    size_t line_start; /* offset of the current line in s */
};

static unsigned csv_col(const struct csv *x, size_t at)
{
    return x->col0 + (unsigned)text_char_count(x->s + x->line_start, at - x->line_start);
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t'; }

static char *trimmed(arena *a, const char *s, size_t n)
{
    while (n && is_blank(*s)) {
        s++;
        n--;
    }
    while (n && is_blank(s[n - 1])) n--;
    return arena_strndup(a, s, n);
}

/* A quoted field at x->i ('"'); "" is a quote inside. */
static const char *csv_quoted(struct csv *x)
{
    buf b = BUF_INIT;
    size_t at = x->i++;
    for (;;) {
        if (x->i >= x->len || x->s[x->i] == '\n') {
            perr(x->p, x->file, x->line, csv_col(x, at),
                 "chart: quoted cell has no closing '\"'; "
                 "close it on the same line");
            break;
        }
        if (x->s[x->i] == '"' && x->i + 1 < x->len && x->s[x->i + 1] == '"') {
            buf_putc(&b, '"');
            x->i += 2;
            continue;
        }
        if (x->s[x->i] == '"') {
            x->i++;
            break;
        }
        buf_putc(&b, x->s[x->i++]);
    }
    while (x->i < x->len && is_blank(x->s[x->i])) x->i++;
    char *r = arena_strndup(x->p->a, b.data, b.len);
    buf_release(&b);
    return r;
}

static void csv_cell(struct csv *x, struct row *r, size_t *cap)
{
    while (x->i < x->len && is_blank(x->s[x->i])) x->i++;
    struct cell c = {NULL, x->line, csv_col(x, x->i)};
    if (x->i < x->len && x->s[x->i] == '"') {
        c.s = csv_quoted(x);
    } else {
        size_t start = x->i;
        while (x->i < x->len && x->s[x->i] != ',' && x->s[x->i] != '\n') x->i++;
        size_t end = x->i;
        if (end > start && x->s[end - 1] == '\r') end--;
        c.s = trimmed(x->p->a, x->s + start, end - start);
    }
    if (r->n == *cap) {
        r->cells = arena_grow_array(x->p->a, r->cells, r->n, *cap ? *cap * 2 : 8, sizeof *r->cells);
        *cap = *cap ? *cap * 2 : 8;
    }
    r->cells[r->n++] = c;
}

static void push_row(struct parser *p, struct row r)
{
    if (p->n_rows == p->cap_rows) {
        size_t cap = p->cap_rows ? p->cap_rows * 2 : 16;
        p->rows = arena_grow_array(p->a, p->rows, p->n_rows, cap, sizeof *p->rows);
        p->cap_rows = cap;
    }
    p->rows[p->n_rows++] = r;
}

static int blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_blank(s[i]) && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

/* Rows of s[0..len): one a line, blank lines skipped.  line0 and col0 are
 * the file position of s[0]. */
static void csv_read(struct parser *p, const char *file, const char *s, size_t len, unsigned line0,
                     unsigned col0)
{
    struct csv x = {p, file, s, len, 0, line0, col0, 0};
    while (x.i < x.len) {
        const char *nl = memchr(s + x.i, '\n', len - x.i);
        size_t eol = nl ? (size_t)(nl - s) : len;
        x.line_start = x.i;
        if (!blank_line(s + x.i, eol - x.i) && p->n_rows <= CHART_MAX_ROWS + 1) {
            struct row r = {NULL, 0};
            size_t cap = 0;
            for (;;) {
                csv_cell(&x, &r, &cap);
                if (x.i >= x.len || x.s[x.i] != ',') break;
                x.i++;
            }
            push_row(p, r);
        }
        x.i = eol + 1;
        x.line++;
    }
}

/* ---- YAML data files ----------------------------------------------------------------- */

static struct cell yaml_cell(struct parser *p, const value *v)
{
    const char *t = val_scalar_text(p->a, v);
    return (struct cell){t ? t : "", v->line, v->col};
}

/* A list of maps, all with the same keys: the keys are the header. */
static void yaml_rows(struct parser *p, const char *file, const value *v)
{
    if (!v || v->kind != VAL_LIST || !v->u.list.n || v->u.list.items[0]->kind != VAL_MAP) {
        perr(p, file, v ? v->line : 0, v ? v->col : 0,
             "chart data: expected a list of rows, "
             "each a map such as {label: ICCPR, years: 16}");
        return;
    }
    const value *first = v->u.list.items[0];
    size_t nk = first->u.map.n;
    struct row head = {arena_alloc(p->a, (nk ? nk : 1) * sizeof *head.cells), nk};
    for (size_t k = 0; k < nk; k++)
        head.cells[k] = (struct cell){first->u.map.e[k].key, first->line, first->col};
    push_row(p, head);
    for (size_t i = 0; i < v->u.list.n && i <= CHART_MAX_ROWS; i++) {
        const value *m = v->u.list.items[i];
        struct row r = {arena_alloc(p->a, (nk ? nk : 1) * sizeof *r.cells), nk};
        for (size_t k = 0; k < nk; k++) {
            const value *x = val_get(m, first->u.map.e[k].key);
            if (!x || x->kind == VAL_LIST || x->kind == VAL_MAP) {
                perr(p, file, m->line, m->col,
                     "chart data: row %zu has no value for '%s'; every row "
                     "needs the keys of the first",
                     i + 1, first->u.map.e[k].key);
                r.cells[k] = (struct cell){"0", m->line, m->col};
            } else {
                r.cells[k] = yaml_cell(p, x);
            }
        }
        push_row(p, r);
    }
}

/* ---- data: NAME ------------------------------------------------------------------------ */

static int safe_name(const char *s)
{
    return *s && *s != '/' && !strstr(s, "..") && !strchr(s, '\\');
}

static int has_ext(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    return n > k && !strcmp(s + n - k, ext);
}

/* Reads the rows of the data file v names; returns its path (for the
 * messages about its cells), or NULL if it could not be read. */
static const char *load_data(struct parser *p, const value *v)
{
    const char *name = val_cstr(v);
    int csv = name && has_ext(name, ".csv");
    int yml = name && (has_ext(name, ".yml") || has_ext(name, ".yaml") || has_ext(name, ".json"));
    if (!name || !safe_name(name) || (!csv && !yml)) {
        VERR(p, v,
             "chart: 'data' must name a .csv, .yml, .yaml or .json file in content/data/ "
             "(e.g. data: schools.csv)");
        return NULL;
    }
    const char *dir = p->env->data_dir ? p->env->data_dir : "content/data";
    char *path = arena_printf(p->a, "%s/%s", dir, name);
    buf b = BUF_INIT;
    if (!fs_is_file(path) || fs_read_file(path, &b) != 0) {
        VERR(p, v, "chart: data file '%s' does not exist; add it or fix the name", path);
        path = NULL;
    } else if (csv) {
        char *text = arena_strndup(p->a, b.data, b.len);
        csv_read(p, path, text, b.len, 1, 1);
    } else {
        value *d = yaml_parse(p->a, b.data, b.len, path, 0);
        if (!d)
            p->errors++;
        else
            yaml_rows(p, path, d);
    }
    buf_release(&b);
    return path;
}

/* ---- numbers ----------------------------------------------------------------------------- */

/* Machine form only: "1234.5", "-3", "2e6".  "1.234,5" or "45%" would be
 * read differently per language, so they are refused, not guessed. */
static int parse_number(const char *s, double *out)
{
    const char *q = s;
    if (*q == '+' || *q == '-') q++;
    if (!((*q >= '0' && *q <= '9') || (*q == '.' && q[1] >= '0' && q[1] <= '9'))) return 0;
    for (const char *r = q; *r; r++)
        if (!strchr("0123456789.eE+-", *r)) return 0;
    char *end;
    double d = strtod(s, &end);
    /* beyond 10^15 doubles lose units, and axes lose their meaning */
    if (*end || !isfinite(d) || fabs(d) > 1e15) return 0;
    *out = d;
    return 1;
}

/* ---- the header ---------------------------------------------------------------------------- */

static const char *str_field(struct parser *p, const value *h, const char *key)
{
    const value *v = val_get(h, key);
    if (!v || v->kind == VAL_NULL) return "";
    const char *t = v->kind == VAL_LIST || v->kind == VAL_MAP ? NULL : val_scalar_text(p->a, v);
    if (!t) VERR(p, v, "chart: '%s' must be text", key);
    return t ? t : "";
}

static void set_type(struct parser *p, const value *v)
{
    static const struct {
        const char *name;
        enum chart_type t;
        int donut;
    } types[] = {
        {"bar", CHART_BAR, 0},   {"line", CHART_LINE, 0},           {"pie", CHART_PIE, 0},
        {"donut", CHART_PIE, 1}, {"pictogram", CHART_PICTOGRAM, 0},
    };
    const char *s = val_cstr(v);
    for (size_t i = 0; s && i < sizeof types / sizeof types[0]; i++) {
        if (!strcmp(s, types[i].name)) {
            p->c->type = types[i].t;
            p->c->donut = types[i].donut;
            return;
        }
    }
    VERR(p, v, "chart: unknown type '%s'; use bar, line, pie, donut or pictogram", s ? s : "");
}

static int hex_colour(const char *s)
{
    if (!s || s[0] != '#' || strlen(s) != 7) return 0;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i])) return 0;
    return 1;
}

/* The portal theme's dark-mode page: the same colours serve both modes. */
#define DARK_PAPER "#15171b"

/* Chart marks are "graphical objects": WCAG 2.1 AA (1.4.11) asks 3:1
 * against what is next to them, here the page background. */
static void set_colours(struct parser *p, const value *v)
{
    if (v->kind != VAL_LIST || v->u.list.n > CHART_MAX_SERIES) {
        VERR(p, v, "chart: 'colours' must be a list of at most %d colours like \"#1f5f9e\"",
             CHART_MAX_SERIES);
        return;
    }
    for (size_t i = 0; i < v->u.list.n; i++) {
        const value *x = v->u.list.items[i];
        const char *s = val_cstr(x);
        if (!hex_colour(s)) {
            VERR(p, x, "chart: colour '%s' is not #rrggbb; write it like \"#1f5f9e\" (quoted)",
                 s ? s : "");
        } else if (chart_contrast(s, "#ffffff") < 3.0) {
            VERR(p, x,
                 "chart: colour '%s' has contrast %.1f:1 on white; WCAG 2.1 AA needs 3:1 for "
                 "chart marks: choose a darker colour",
                 s, chart_contrast(s, "#ffffff"));
        } else {
            p->c->colours[i] = arena_strdup(p->a, s);
            if (chart_contrast(s, DARK_PAPER) < 3.0)
                diag_warn(DIAG_CHART_CONTRAST, p->env->file, x->line, vcol(p, x),
                          "chart: colour '%s' has contrast %.1f:1 on "
                          "the dark background " DARK_PAPER
                          "; in dark mode it is hard to see: choose a "
                          "middle tone",
                          s, chart_contrast(s, DARK_PAPER));
        }
    }
}

static void set_orientation(struct parser *p, const value *v)
{
    const char *s = val_cstr(v);
    if (s && !strcmp(s, "horizontal"))
        p->c->horizontal = 1;
    else if (s && !strcmp(s, "vertical"))
        p->c->horizontal = 0;
    else
        VERR(p, v, "chart: 'orientation' is horizontal or vertical, not '%s'", s ? s : "");
}

static void set_flag(struct parser *p, const value *v, int *out)
{
    if (v->kind == VAL_BOOL)
        *out = v->u.b;
    else
        VERR(p, v, "chart: 'stacked' is true or false");
}

static void set_icon_value(struct parser *p, const value *v)
{
    double d = v->kind == VAL_INT ? (double)v->u.i : v->kind == VAL_FLOAT ? v->u.f : -1;
    if (d > 0 && isfinite(d))
        p->c->icon_value = d;
    else
        VERR(p, v, "chart: 'icon_value' must be a number above 0 (what one icon counts)");
}

static const char *const known_keys[] = {"type",    "title",      "description", "units",
                                         "source",  "colours",    "colors",      "orientation",
                                         "stacked", "icon_value", "data"};

static void check_keys(struct parser *p, const value *h)
{
    for (size_t i = 0; i < h->u.map.n; i++) {
        size_t k = 0;
        while (k < sizeof known_keys / sizeof *known_keys &&
               strcmp(h->u.map.e[i].key, known_keys[k]))
            k++;
        if (k == sizeof known_keys / sizeof *known_keys)
            VERR(p, h->u.map.e[i].val,
                 "chart: unknown key '%s'; the header knows type, title, "
                 "description, units, source, colours, orientation, stacked, icon_value and data",
                 h->u.map.e[i].key);
    }
}

static void read_header(struct parser *p, const value *h, unsigned line)
{
    struct chart *c = p->c;
    const value *v;
    if (!h || h->kind != VAL_MAP) {
        perr(p, p->env->file, line, p->env->col,
             "chart: the block must start with a YAML header "
             "(type: bar, title: ...), then '---' and the rows");
        return;
    }
    check_keys(p, h);
    c->horizontal = 1;
    c->icon_value = 1;
    if ((v = val_get(h, "type")))
        set_type(p, v);
    else
        perr(p, p->env->file, line, p->env->col,
             "chart: the header needs 'type:' "
             "(bar, line, pie, donut or pictogram)");
    c->title = str_field(p, h, "title");
    if (!*c->title)
        perr(p, p->env->file, line, p->env->col,
             "chart: the header needs 'title:'; "
             "screen readers announce it");
    c->description = str_field(p, h, "description");
    c->units = str_field(p, h, "units");
    c->source = str_field(p, h, "source");
    if ((v = val_get(h, "colours")) || (v = val_get(h, "colors"))) set_colours(p, v);
    if ((v = val_get(h, "orientation"))) set_orientation(p, v);
    if ((v = val_get(h, "stacked"))) set_flag(p, v, &c->stacked);
    if ((v = val_get(h, "icon_value"))) set_icon_value(p, v);
}

/* ---- rows into the model --------------------------------------------------------------------- */

static void take_header_row(struct parser *p, const char *file)
{
    struct chart *c = p->c;
    const struct row *h = &p->rows[0];
    if (h->n < 2) {
        perr(p, file, h->cells[0].line, h->cells[0].col,
             "chart: the first row names the columns: a "
             "label column, then one column per series (e.g. Province, 2023, 2024)");
        return;
    }
    if (h->n - 1 > CHART_MAX_SERIES) {
        perr(p, file, h->cells[CHART_MAX_SERIES + 1].line, h->cells[CHART_MAX_SERIES + 1].col,
             "chart: %zu series; at most %d fit one chart: split it", h->n - 1, CHART_MAX_SERIES);
        return;
    }
    c->head = h->cells[0].s;
    c->n_series = h->n - 1;
    c->series = arena_alloc(p->a, c->n_series * sizeof *c->series);
    for (size_t k = 0; k < c->n_series; k++) c->series[k] = h->cells[k + 1].s;
}

static void take_row(struct parser *p, const char *file, size_t i)
{
    struct chart *c = p->c;
    const struct row *r = &p->rows[i + 1];
    if (r->n != c->n_series + 1) {
        perr(p, file, r->cells[0].line, r->cells[0].col,
             "chart: this row has %zu cells but the first "
             "row has %zu; give a label and one number per series",
             r->n, c->n_series + 1);
        return;
    }
    c->labels[i] = r->cells[0].s;
    for (size_t k = 0; k < c->n_series; k++) {
        const struct cell *x = &r->cells[k + 1];
        if (!parse_number(x->s, &c->v[i * c->n_series + k]))
            perr(p, file, x->line, x->col,
                 "chart: '%s' is not a number; write numbers like 1234.5 "
                 "('.' before decimals, no thousands separators or units, at most 10^15)",
                 x->s);
    }
}

static void take_rows(struct parser *p, const char *file, unsigned line)
{
    struct chart *c = p->c;
    if (p->n_rows < 2) {
        perr(p, file, p->n_rows ? p->rows[0].cells[0].line : line, p->env->col,
             "chart: no rows; "
             "after '---' write a header row, then one row per label");
        return;
    }
    if (p->n_rows - 1 > CHART_MAX_ROWS) {
        const struct cell *x = &p->rows[CHART_MAX_ROWS + 1].cells[0];
        perr(p, file, x->line, x->col, "chart: more than %d rows; a chart shows at most %d",
             CHART_MAX_ROWS, CHART_MAX_ROWS);
        return;
    }
    take_header_row(p, file);
    if (!c->n_series) return;
    c->n_rows = p->n_rows - 1;
    c->labels = arena_alloc(p->a, c->n_rows * sizeof *c->labels);
    c->v = arena_alloc(p->a, c->n_rows * c->n_series * sizeof *c->v);
    for (size_t i = 0; i < c->n_rows; i++) take_row(p, file, i);
}

/* ---- what each type accepts ------------------------------------------------------------------ */

static const struct cell *cell_of(const struct parser *p, size_t row, size_t k)
{
    return &p->rows[row + 1].cells[k + 1];
}

static void check_single(struct parser *p, const char *file, const char *what)
{
    if (p->c->n_series == 1) return;
    const struct cell *x = &p->rows[0].cells[2];
    perr(p, file, x->line, x->col,
         "chart: a %s shows one series, this has %zu; use a bar chart "
         "to compare several",
         what, p->c->n_series);
}

static void check_values(struct parser *p, const char *file)
{
    struct chart *c = p->c;
    int no_negative = c->type != CHART_LINE && (c->type != CHART_BAR || c->stacked);
    double sum = 0;
    for (size_t i = 0; i < c->n_rows; i++)
        for (size_t k = 0; k < c->n_series; k++) {
            double v = c->v[i * c->n_series + k];
            const struct cell *x = cell_of(p, i, k);
            sum += v;
            if (no_negative && v < 0)
                perr(p, file, x->line, x->col,
                     "chart: %s is negative; %s charts show amounts of 0 "
                     "or more",
                     x->s,
                     c->stacked                 ? "stacked bar"
                         : c->donut             ? "donut"
                         : c->type == CHART_PIE ? "pie"
                                                : "pictogram");
            else if (c->type == CHART_PICTOGRAM && v / c->icon_value > CHART_MAX_ICONS)
                perr(p, file, x->line, x->col,
                     "chart: %s needs more than %d icons; set icon_value "
                     "(what one icon counts) in the header",
                     x->s, CHART_MAX_ICONS);
        }
    if (c->type == CHART_PIE && !(sum > 0))
        perr(p, file, p->rows[0].cells[0].line, p->rows[0].cells[0].col,
             "chart: the slices add up "
             "to 0; a pie needs amounts");
}

static void check_shape(struct parser *p, const char *file)
{
    struct chart *c = p->c;
    if (c->type == CHART_PIE) {
        check_single(p, file, c->donut ? "donut" : "pie");
        if (c->n_rows > CHART_MAX_SLICES) {
            const struct cell *x = &p->rows[CHART_MAX_SLICES + 1].cells[0];
            perr(p, file, x->line, x->col,
                 "chart: more than %d slices; group the small ones or use a "
                 "bar chart",
                 CHART_MAX_SLICES);
        }
    }
    if (c->type == CHART_PICTOGRAM) check_single(p, file, "pictogram");
    if (!p->errors) check_values(p, file);
}

/* ---- the block ------------------------------------------------------------------------------- */

/* The line "---" that ends the header: its offset, or len if none. */
static size_t find_rule(const char *s, size_t len, size_t *after, unsigned *lines)
{
    size_t i = 0;
    *lines = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t eol = nl ? (size_t)(nl - s) : len, n = eol - i;
        while (n && (s[i + n - 1] == '\r' || is_blank(s[i + n - 1]))) n--;
        if (n == 3 && !memcmp(s + i, "---", 3)) {
            *after = nl ? eol + 1 : len;
            return i;
        }
        i = eol + 1;
        ++*lines;
    }
    *after = len;
    return len;
}

int chart_parse(arena *a, const char *text, size_t len, const struct chart_env *env,
                struct chart *out)
{
    struct parser p = {.a = a, .env = env, .c = out};
    memset(out, 0, sizeof *out);
    size_t body;
    unsigned hlines;
    size_t hlen = find_rule(text, len, &body, &hlines);
    value *h = yaml_parse(a, text, hlen, env->file, env->line - 1);
    if (!h) return -1;
    read_header(&p, h, env->line);
    const value *data = val_get(h, "data");
    const char *file = env->file;
    if (data && !blank_line(text + body, len - body)) {
        VERR(&p, data, "chart: rows after '---' and 'data:' both given; keep one");
        file = NULL;
    } else if (data) {
        file = load_data(&p, data);
    } else {
        csv_read(&p, env->file, text + body, len - body, env->line + hlines + 1, env->col);
    }
    /* rows are checked even after header errors: report everything at once */
    if (file) take_rows(&p, file, data ? 1 : env->line + hlines);
    if (file && !p.errors) check_shape(&p, file);
    return p.errors ? -1 : 0;
}
