/* card_draw: one card or poster, drawn with cairo and laid out by pango
 * (HarfBuzz shaping, so stacked Vietnamese diacritics and every script
 * pango knows come out right).  The composition, top to bottom: the logo
 * and agency name; the big text (a postcard's slogan or a page's title),
 * wrapped into balanced lines and sized down until it fits; the date line,
 * hashtags and address; the QR code in the bottom-right corner when asked.
 * Sizes and colours come from the card_layout.  Thread-safe when each
 * thread uses its own card_fonts. */
#pragma once

struct buf;
struct card_layout;

struct card_spec {
    double width, height; /* pixels for PNG (whole), points for PDF */
    const char *lang;     /* BCP 47 code: shaping and line breaking */
    const char *family;   /* checked with card_font first */
    const char *big;      /* the slogan or title */
    int is_title;         /* titles that do not fit are cut with "…", slogans are errors */
    const char *agency, *date, *tags, *address; /* each may be NULL */
    const char *qr;                             /* text of the QR code, or NULL for none */
    const char *background;  /* PNG file drawn under a scrim, or NULL for the colour */
    double focal_x, focal_y; /* point of the background kept in view, 0..1 */
    const char *pdf_title;   /* PDF metadata */
    const char *pdf_date;    /* "YYYY-MM-DDThh:mm:ssZ": creation and modification date */
};

enum card_status {
    CARD_OK = 0,
    CARD_TOO_LONG = -2,       /* the big text does not fit at its smallest size */
    CARD_BAD_BACKGROUND = -3, /* the background is not a PNG cairo can read */
    CARD_MISSING_GLYPH = -4,  /* pango found a character no font draws */
    CARD_FAILED = -5          /* cairo failed (out of memory, bad logo) */
};

/* A font map of one thread's own: pango's caches are not shared. */
struct card_fonts;
struct card_fonts *card_fonts_new(void);
void card_fonts_free(struct card_fonts *f);
/* fontconfig's and cairo's caches live as long as the process: pango 1.50
 * sorts fonts in GLib threads of its own ("[pango] FcFontSetSort") that
 * may still run when a command ends, and FcFini under them aborted a build
 * now and then (exit 134).  tests/lsan.supp tells the leak checker. */

/* Appends a PNG (no timestamps: the same input gives the same bytes). */
enum card_status card_draw_png(const struct card_layout *l, const struct card_spec *c,
                               struct card_fonts *f, struct buf *out);
/* Appends a one-page PDF with its fonts embedded (subsets) and the dates
 * of c->pdf_date, so the bytes are reproducible too. */
enum card_status card_draw_pdf(const struct card_layout *l, const struct card_spec *c,
                               struct card_fonts *f, struct buf *out);
