#include "card_qr.h"
#include "../util/buf.h"

#include <cairo.h>
#include <qrencode.h>
#include <string.h>

#define QUIET 4 /* modules of white around the code, as the standard asks */

static QRcode *encode(const char *text)
{
    return QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
}

int card_qr_svg(const char *text, buf *out)
{
    QRcode *q = encode(text);
    if (!q) return -1;
    int n = q->width, side = n + 2 * QUIET;
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
               "height=\"%d\" shape-rendering=\"crispEdges\" role=\"img\">\n",
               side, side, side * 4, side * 4);
    buf_puts(out, "<title>QR: ");
    buf_put_html(out, text, strlen(text));
    buf_printf(out, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path d=\"", side,
               side);
    /* one horizontal run per path segment keeps the file small */
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            if (!(q->data[y * n + x] & 1)) continue;
            int run = 1;
            while (x + run < n && (q->data[y * n + x + run] & 1)) run++;
            buf_printf(out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
            x += run - 1;
        }
    buf_puts(out, "\" fill=\"#000\"/>\n</svg>\n");
    QRcode_free(q);
    return 0;
}

int card_qr_draw(cairo_t *cr, const char *text, double x, double y, double size, double r, double g,
                 double b)
{
    QRcode *q = encode(text);
    if (!q) return -1;
    int n = q->width;
    double m = size / (n + 2 * QUIET);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, r, g, b);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE); /* crisp modules scan best */
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            if (q->data[j * n + i] & 1)
                cairo_rectangle(cr, x + (i + QUIET) * m, y + (j + QUIET) * m, m, m);
    cairo_fill(cr);
    cairo_restore(cr);
    QRcode_free(q);
    return 0;
}
