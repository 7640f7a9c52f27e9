#include "card_font.h"
#include "../util/arena.h"

#include <fontconfig/fontconfig.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int card_font_register(const char *const *files, size_t n, const char **bad)
{
    for (size_t i = 0; i < n; i++)
        if (!FcConfigAppFontAddFile(FcConfigGetCurrent(), (const FcChar8 *)files[i])) {
            *bad = files[i];
            return -1;
        }
    return 0;
}

static FcPattern *match(const char *family, int weight)
{
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(p, FC_WEIGHT, weight);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    FcPattern *m = FcFontMatch(NULL, p, &r);
    FcPatternDestroy(p);
    return m;
}

/* fontconfig always answers with some font: it is the one asked for only
 * when one of its family names is the name asked for. */
static int has_family(FcPattern *m, const char *family)
{
    FcChar8 *f;
    for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &f) == FcResultMatch; i++)
        if (!strcasecmp((const char *)f, family)) return 1;
    return 0;
}

static long long stamp_of(const char *file)
{
    struct stat st;
    if (stat(file, &st) != 0) return 0;
    return (long long)st.st_size * 1000003LL ^ (long long)st.st_mtime;
}

static const char *file_of(arena *a, FcPattern *m, long long *stamp)
{
    FcChar8 *file = NULL;
    if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) return "";
    *stamp = *stamp * 31 + stamp_of((const char *)file);
    return arena_strdup(a, (const char *)file);
}

int card_font_resolve(arena *a, const char *family, struct card_font *out, const char **closest)
{
    memset(out, 0, sizeof *out);
    FcPattern *reg = match(family, FC_WEIGHT_REGULAR), *bold = match(family, FC_WEIGHT_BOLD);
    int r = -1;
    if (reg && bold && has_family(reg, family)) {
        out->family = arena_strdup(a, family);
        out->files[0] = file_of(a, reg, &out->stamp);
        out->files[1] = file_of(a, bold, &out->stamp);
        FcCharSet *cs = NULL;
        if (FcPatternGetCharSet(reg, FC_CHARSET, 0, &cs) == FcResultMatch)
            out->charset = FcCharSetCopy(cs);
        r = out->charset ? 0 : -1;
    } else {
        FcChar8 *f = NULL;
        if (reg) FcPatternGetString(reg, FC_FAMILY, 0, &f);
        *closest = arena_strdup(a, f ? (const char *)f : "none");
    }
    if (reg) FcPatternDestroy(reg);
    if (bold) FcPatternDestroy(bold);
    return r;
}

/* One code point from UTF-8 (input already checked to be valid). */
static unsigned next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = *p++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra) c &= 0x3F >> extra;
    for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++) c = (c << 6) | (*p++ & 0x3F);
    *s = p;
    return c;
}

static int needs_no_glyph(unsigned c)
{
    return c < 0x21 || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF || c == 0x00AD;
}

unsigned card_font_missing(const struct card_font *f, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        unsigned c = next_cp(&s);
        if (needs_no_glyph(c) || FcCharSetHasChar(f->charset, c)) continue;
        if (!f->fallback || !FcCharSetHasChar(f->fallback, c)) return c;
    }
    return 0;
}

int card_font_covers_lang(const struct card_font *f, const char *lang, unsigned *missing)
{
    const FcCharSet *need = FcLangGetCharSet((const FcChar8 *)lang);
    if (!need) return -1;
    FcCharSet *lack = FcCharSetSubtract(need, f->charset);
    int ok = !lack || FcCharSetCount(lack) == 0;
    if (!ok) {
        FcChar32 map[FC_CHARSET_MAP_SIZE], next;
        FcChar32 base = FcCharSetFirstPage(lack, map, &next);
        for (unsigned i = 0; i < FC_CHARSET_MAP_SIZE * 32; i++)
            if (map[i / 32] & (1u << (i % 32))) {
                *missing = base + i;
                break;
            }
    }
    if (lack) FcCharSetDestroy(lack);
    return ok;
}

void card_font_release(struct card_font *f)
{
    if (f->charset) FcCharSetDestroy(f->charset);
    if (f->fallback) FcCharSetDestroy(f->fallback);
    f->charset = NULL;
    f->fallback = NULL;
}
