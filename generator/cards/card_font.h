/* card_font: the fonts cards are drawn with, found through fontconfig and
 * checked before anything is drawn: the family must be installed (or
 * shipped with the theme), and it must have a glyph for every character a
 * card shows, so no card ever shows a missing-glyph box ("tofu"). */
#pragma once
#include <stddef.h>

struct card_font {
    const char *family;   /* as fontconfig names it (the caller's arena) */
    const char *files[2]; /* regular, bold: for the cache key */
    long long stamp;      /* sizes and modification times of the files, mixed */
    void *charset;        /* FcCharSet * of the regular face, owned */
    void *fallback;       /* FcCharSet * of the default font drawn after it, owned, or NULL */
};

struct arena;

/* Registers the theme's own font files with fontconfig.  0, or -1 with the
 * failing file in *bad.  Call once, before any font is resolved. */
int card_font_register(const char *const *files, size_t n, const char **bad);
/* Finds family.  0; -1 when no installed font has that family name (the
 * closest match is put in *closest, in a). */
int card_font_resolve(struct arena *a, const char *family, struct card_font *out,
                      const char **closest);
/* The first character of text (UTF-8) the font cannot draw, or 0 when it
 * can draw them all; spaces and line breaks need no glyph. */
unsigned card_font_missing(const struct card_font *f, const char *text);
/* Whether the font covers fontconfig's orthography of a language: 1 yes,
 * 0 no (*missing = a character it lacks), -1 fontconfig does not know the
 * language. */
int card_font_covers_lang(const struct card_font *f, const char *lang, unsigned *missing);
void card_font_release(struct card_font *f);
