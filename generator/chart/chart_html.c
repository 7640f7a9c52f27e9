/* chart_html: the <figure> around the drawing, the data table, and the
 * numbers and words both use. */
#include "chart.h"
#include "../i18n/locale.h"
#include "../util/buf.h"
#include "../util/diag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void chart_number(const struct chart *c, const struct chart_env *env, double v, buf *out)
{
    if (i18n_format_number(env->chain, env->n_chain, v, out) != 0) buf_printf(out, "%g", v);
    if (!strcmp(c->units, "%")) buf_putc(out, '%');
}

void chart_percent(const struct chart_env *env, double pct, buf *out)
{
    double r = round(pct * 10) / 10;
    if (i18n_format_number(env->chain, env->n_chain, r, out) != 0) buf_printf(out, "%.1f", r);
    buf_putc(out, '%');
}

/* The one word a chart prints itself; the rest is the author's text.
 * A language without an entry takes its chain's next (hmn -> vi). */
static const char *word_source(const struct chart_env *env)
{
    static const struct {
        const char *lang, *word;
    } words[] = {
        {"vi", "Nguồn"},
        {"en", "Source"},
        {"fr", "Source"},
    };
    for (size_t i = 0; i < env->n_chain; i++)
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
            if (!strcmp(env->chain[i], words[k].lang)) return words[k].word;
    return "Source";
}

static double channel(int v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(const char *rgb)
{
    long n = strtol(rgb + 1, NULL, 16);
    return 0.2126 * channel((int)(n >> 16) & 255) + 0.7152 * channel((int)(n >> 8) & 255) +
        0.0722 * channel((int)n & 255);
}

double chart_contrast(const char *a, const char *b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* ---- the table ------------------------------------------------------------------------------ */

static void th(buf *out, const char *scope, const char *s)
{
    buf_printf(out, "<th scope=\"%s\">", scope);
    buf_put_html(out, s, strlen(s));
    buf_puts(out, "</th>");
}

static void table_head(const struct chart *c, buf *out)
{
    buf_puts(out, "<thead><tr>");
    th(out, "col", c->head);
    for (size_t k = 0; k < c->n_series; k++) th(out, "col", c->series[k]);
    if (c->type == CHART_PIE) th(out, "col", "%");
    buf_puts(out, "</tr></thead>\n");
}

static double total(const struct chart *c)
{
    double sum = 0;
    for (size_t i = 0; i < c->n_rows; i++) sum += c->v[i * c->n_series];
    return sum;
}

void chart_table(const struct chart *c, const struct chart_env *env, buf *out)
{
    buf_puts(out, "<table class=\"chart-data\">\n<caption>");
    buf_put_html(out, c->title, strlen(c->title));
    if (*c->units) {
        buf_puts(out, " (");
        buf_put_html(out, c->units, strlen(c->units));
        buf_puts(out, ")");
    }
    buf_puts(out, "</caption>\n");
    table_head(c, out);
    buf_puts(out, "<tbody>\n");
    for (size_t i = 0; i < c->n_rows; i++) {
        buf_puts(out, "<tr>");
        th(out, "row", c->labels[i]);
        for (size_t k = 0; k < c->n_series; k++) {
            buf_puts(out, "<td>");
            chart_number(c, env, c->v[i * c->n_series + k], out);
            buf_puts(out, "</td>");
        }
        if (c->type == CHART_PIE) {
            buf_puts(out, "<td>");
            chart_percent(env, c->v[i] / total(c) * 100, out);
            buf_puts(out, "</td>");
        }
        buf_puts(out, "</tr>\n");
    }
    buf_puts(out, "</tbody>\n</table>\n");
}

/* ---- the figure ----------------------------------------------------------------------------- */

static const char *type_class(const struct chart *c)
{
    switch (c->type) {
    case CHART_BAR:
        return c->horizontal ? "chart-bar chart-horizontal" : "chart-bar chart-vertical";
    case CHART_LINE: return "chart-line";
    case CHART_PIE: return c->donut ? "chart-pie chart-donut" : "chart-pie";
    default: return "chart-pictogram";
    }
}

int chart_render(struct arena *a, const char *text, size_t len, const struct chart_env *env,
                 buf *out, struct chart *model)
{
    struct chart c;
    if (chart_parse(a, text, len, env, &c) != 0) return -1;
    if (model) *model = c;
    if (!*c.description)
        diag_warn(DIAG_CHART_NO_DESCRIPTION, env->file, env->line, env->col,
                  "chart '%s' has no description; add 'description:' "
                  "saying what the chart shows, for readers who cannot see it",
                  c.title);
    buf_printf(out, "<figure class=\"chart %s\" id=\"%s\">\n<figcaption class=\"chart-title\">",
               type_class(&c), env->id);
    buf_put_html(out, c.title, strlen(c.title));
    buf_puts(out, "</figcaption>\n");
    chart_svg(a, &c, env, out);
    chart_table(&c, env, out);
    if (*c.source) {
        buf_printf(out, "<p class=\"chart-source\">%s: ", word_source(env));
        buf_put_html(out, c.source, strlen(c.source));
        buf_puts(out, "</p>\n");
    }
    buf_puts(out, "</figure>\n");
    return 0;
}
