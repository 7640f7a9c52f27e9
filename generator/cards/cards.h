/* cards: the build stage that draws share images, postcards, posters and
 * QR codes (see loa.1, POSTCARDS AND POSTERS), and the values templates
 * see of them.  It runs after the model and the books, before the pages,
 * only when the theme has a postcard.yml:
 *
 *   every postcard, per language   share-card.png (1200x630, its og:image),
 *                                  square-card.png (1080x1080), poster-a4.pdf,
 *                                  poster-a3.pdf, qr.svg
 *   every other page without an    share-card.png: a title card
 *   image of its own
 *   every home page                share-card.png: the site's card, also the
 *                                  og:image of the listings
 *   with qr.pages in postcard.yml  qr.svg beside every page and EPUB
 *
 * Drawing runs on the build's threads; the results are read-only after. */
#pragma once

struct site;
struct page;
struct arena;
struct value;
struct card_set;

/* The stage.  0, or -1 when errors were reported (slogans that do not fit,
 * fonts that are missing or cannot draw a language). */
int card_stage(struct site *s);
void card_set_free(struct card_set *c);
/* The og:image of p drawn by loa ({url, permalink, width, height, alt,
 * type}): its own card (a postcard's, a title card), else with site_card
 * set the site's card of its language; NULL when there is none. */
struct value *card_og_image(struct site *s, const struct page *p, int site_card, struct arena *a);
/* What templates list on a postcard page: {share, square, posters: [{url,
 * paper, size_human}], qr}, each with url; NULL for other pages. */
struct value *card_page_value(struct site *s, const struct page *p, struct arena *a);
/* {url} of p's QR code SVG, or NULL. */
struct value *card_qr_value(struct site *s, const struct page *p, struct arena *a);
/* Whether p is drawn as a postcard (and so its og:image is the card even
 * when it names a background image). */
int card_is_postcard(const struct page *p);
/* 1 when a share image or poster was drawn from p's text (loa serve then
 * rebuilds the whole site when p's front matter changes). */
int card_drawn_for(const struct site *s, const struct page *p);
