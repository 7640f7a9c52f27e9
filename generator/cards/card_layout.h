/* card_layout: the look of share images, postcards and posters, read from
 * THEME/postcard.yml (documented in that file and in loa.1, POSTCARDS AND
 * POSTERS).  Every size is a fraction of the picture's shorter side, so
 * one layout serves the 1200x630 share image, the 1080x1080 square and the
 * A4 and A3 posters.  The layout lives in the caller's arena. */
#pragma once
#include <stddef.h>

struct arena;
struct value;

struct card_rgba {
    double r, g, b, a;
};

/* One run of text: its size bounds (fractions of the shorter side). */
struct card_text_style {
    double max_size, min_size; /* min_size == max_size for fixed-size lines */
    int bold;
    double line_height; /* multiple of the font's own line spacing */
    struct card_rgba colour;
};

struct card_layout {
    const char *file;         /* THEME/postcard.yml */
    const struct value *root; /* for positions in messages */
    int share_w, share_h;     /* og:image */
    int square_w, square_h;
    int square_qr;            /* draw the QR code into the square card */
    int poster_a4, poster_a3; /* which posters to write */
    int qr_pages;             /* a qr.svg beside every page */
    int title_cards;          /* title cards and the site's card (default on) */
    double margin, qr_size, logo_size;
    int center; /* slogan centred, else left-aligned */
    struct card_rgba background, scrim, accent, qr_colour;
    struct card_text_style slogan, title, agency, date, hashtags;
    const char *logo; /* file path, or NULL */
    const char *default_font;
    const struct value *fonts; /* map: language code -> family */
    const char **font_files;
    size_t n_font_files; /* theme fonts to register */
};

/* Reads THEME/postcard.yml.  1 when the theme has none (no cards are
 * drawn), 0 on success, -1 when errors were reported. */
int card_layout_load(struct arena *a, const char *theme_dir, struct card_layout *out);
/* The font family for a language: fonts.<code>, then the part before '-',
 * then fonts.default.  *at is the value that named it (for messages). */
const char *card_layout_font(const struct card_layout *l, const char *lang,
                             const struct value **at);
