/* chart: accessible charts from data, for ```chart blocks in Markdown.
 *
 * A block is a short YAML header, a line "---", then CSV rows (the first
 * row names the columns), or a header whose `data:` names a CSV, YAML or
 * JSON file in content/data/.  It becomes, at build time and without
 * JavaScript:
 *   <figure class="chart chart-TYPE" id="chart-N">
 *     <svg role="img" aria-labelledby="chart-N-t chart-N-d">  title, desc,
 *       patterns per series, the drawing </svg>
 *     <table class="chart-data"> the same numbers, caption, th scope </table>
 *     <figcaption> title, source </figcaption>
 *   </figure>
 * Everything written is well-formed XML, so the same markup goes into
 * EPUB content documents.  Numbers are printed with ICU in the page's
 * language (1.234,5 in Vietnamese).
 *
 * The model (struct chart) is shared by chart_parse.c (text to model),
 * chart_svg.c (model to SVG) and chart_html.c (figure and table).
 * Thread-safe: no global state; ICU is used through i18n/locale. */
#pragma once
#include <stddef.h>

struct arena;
struct buf;

/* Limits, documented in loa.1 (CHARTS): a chart is read at a glance, and
 * each series needs a pattern of its own. */
enum {
    CHART_MAX_ROWS = 100,
    CHART_MAX_SERIES = 8,
    CHART_MAX_SLICES = 12, /* pie and donut */
    CHART_MAX_ICONS = 100, /* pictogram icons in one row */
};

enum chart_type { CHART_BAR, CHART_LINE, CHART_PIE, CHART_PICTOGRAM };

struct chart {
    enum chart_type type;
    int horizontal; /* bar: bars grow to the right (default) */
    int stacked; /* bar: series stacked, else grouped side by side */
    int donut; /* pie with a hole */
    const char *title, *description, *units, *source; /* "" when absent */
    const char *colours[CHART_MAX_SERIES]; /* "#rrggbb" from the header, else NULL */
    double icon_value; /* pictogram: what one icon counts (default 1) */
    const char *head; /* name of the label column */
    const char **series; /* n_series column names */
    size_t n_series;
    const char **labels; /* n_rows row labels */
    size_t n_rows;
    double *v; /* v[row * n_series + series] */
};

/* Where the block is and how to print it. */
struct chart_env {
    const char *file; /* the Markdown file, for messages */
    unsigned line; /* file line of the block's first content line */
    unsigned col; /* file column (1-based, characters) where its lines start */
    const char *data_dir; /* where `data:` files are (content/data); NULL: none */
    const char *const *chain; /* language chain for numbers and words; NULL: ICU root */
    size_t n_chain;
    const char *id; /* id of the figure, unique in the page; ids derive from it */
};

/* Reads a block (the fenced code block's text).  Errors are reported
 * through diag with the position inside the block (or inside the data
 * file) and make it return -1.  Everything is allocated in a. */
int chart_parse(struct arena *a, const char *text, size_t len, const struct chart_env *env,
                struct chart *out);

/* Appends the <svg> element of c to out. */
void chart_svg(struct arena *a, const struct chart *c, const struct chart_env *env,
               struct buf *out);

/* Appends the <table> of c to out. */
void chart_table(const struct chart *c, const struct chart_env *env, struct buf *out);

/* Parses the block and appends the whole <figure>; *model (may be NULL)
 * gets the chart, e.g. for its title and description as plain text.
 * Returns 0, or -1 after reporting errors (nothing appended then). */
int chart_render(struct arena *a, const char *text, size_t len, const struct chart_env *env,
                 struct buf *out, struct chart *model);

/* Appends v in the language's number format; units "%" is appended as
 * "45%".  Used for labels, ticks and table cells alike. */
void chart_number(const struct chart *c, const struct chart_env *env, double v, struct buf *out);

/* Appends pct rounded to one decimal with "%" ("12,5%" in Vietnamese). */
void chart_percent(const struct chart_env *env, double pct, struct buf *out);

/* WCAG 2.1 contrast ratio of two "#rrggbb" colours (1 to 21). */
double chart_contrast(const char *rgb1, const char *rgb2);
