/* card_qr: QR codes of public URLs (libqrencode, error correction level M,
 * a quiet zone of four modules), as SVG for the web and print, or drawn
 * with cairo into a card or poster.  Thread-safe. */
#pragma once

struct buf;
typedef struct _cairo cairo_t;

/* Appends a standalone SVG document of the code to out.  0, or -1 when the
 * text is too long for a QR code (over about 2,300 bytes). */
int card_qr_svg(const char *text, struct buf *out);
/* Draws the code, quiet zone included, as a size x size square at (x, y):
 * a white ground and modules in the colour (r, g, b).  0 or -1. */
int card_qr_draw(cairo_t *cr, const char *text, double x, double y, double size, double r, double g,
                 double b);
