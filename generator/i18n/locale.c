#include "locale.h"
#include "../util/buf.h"
#include "../util/diag.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/ucol.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/unum.h>
#include <unicode/upluralrules.h>
#include <unicode/ustring.h>
#include <unicode/uvernum.h>

#define LOC_CAP ULOC_FULLNAME_CAPACITY
#define ROOT "root"   /* never "": ICU reads that as the process's default locale */

/* --- language codes --------------------------------------------------------- */

/* BCP 47 ("pt-BR") or ICU ("pt_BR") into an ICU locale ID.  0 on success. */
static int canon(const char *lang, char out[LOC_CAP])
{
    UErrorCode e = U_ZERO_ERROR;
    if (!lang || !*lang || strlen(lang) >= LOC_CAP / 2) return -1;
    if (strchr(lang, '_') || strchr(lang, '@')) {
        uloc_canonicalize(lang, out, LOC_CAP, &e);
    } else {
        int32_t parsed = 0;
        uloc_forLanguageTag(lang, out, LOC_CAP, &parsed, &e);
        if (parsed != (int32_t)strlen(lang)) return -1;   /* trailing junk */
    }
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING || !out[0]) return -1;
    return 0;
}

/* --- the cache of ICU objects ------------------------------------------------ */

/* Opening a UDateFormat costs ~75 us even with ICU's data cached, using one
 * ~2 us, so ICU objects are opened once per (locale, pattern) and reused.
 * ICU does not promise that two threads may format through one object, so
 * each entry keeps a pool: a thread borrows an object (a clone when all
 * are out), uses it without any lock and gives it back.  Entries are only
 * ever prepended, and never change once published, so lookups read the
 * lists without a lock; i18n_locale_cleanup frees them all. */
enum obj_kind { OBJ_LANG, OBJ_PLURAL, OBJ_NUMBER, OBJ_DATE, OBJ_OG, N_KINDS };

struct cached {
    struct cached *next;
    char *key;
    char *loc;               /* what clones are opened for */
    void *proto;             /* NULL when ICU failed: remembered, not retried */
    pthread_mutex_t lock;    /* guards the pool */
    void **pool;
    size_t n_pool, cap_pool;
};

typedef void *(*open_fn)(const char *loc, const void *arg);

static _Atomic(struct cached *) cache_heads[N_KINDS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static struct cached *cache_find(enum obj_kind kind, const char *key)
{
    struct cached *c = atomic_load_explicit(&cache_heads[kind], memory_order_acquire);
    while (c && strcmp(c->key, key)) c = c->next;
    return c;
}

/* The entry for (kind, key); proto opened with fn(loc, arg) on first use. */
static struct cached *cache_get(enum obj_kind kind, const char *key, open_fn fn,
                                const char *loc, const void *arg)
{
    struct cached *c = cache_find(kind, key);
    if (c) return c;
    pthread_mutex_lock(&cache_lock);
    if (!(c = cache_find(kind, key))) {   /* another thread may have been first */
        if (!(c = calloc(1, sizeof *c)) || !(c->key = strdup(key)) || !(c->loc = strdup(loc)))
            die_oom();
        c->proto = fn(loc, arg);
        pthread_mutex_init(&c->lock, NULL);
        c->next = atomic_load_explicit(&cache_heads[kind], memory_order_relaxed);
        atomic_store_explicit(&cache_heads[kind], c, memory_order_release);
    }
    pthread_mutex_unlock(&cache_lock);
    return c;
}

static void *clone_obj(enum obj_kind kind, struct cached *c)
{
    UErrorCode e = U_ZERO_ERROR;
    void *o = kind == OBJ_DATE ? (void *)udat_clone(c->proto, &e)
            : kind == OBJ_NUMBER ? (void *)unum_clone(c->proto, &e)
            : (void *)uplrules_open(c->loc, &e);   /* ICU has no uplrules_clone */
    if (U_FAILURE(e)) die("ICU cannot copy a formatter for %s: %s", c->loc, u_errorName(e));
    return o;
}

/* An object of c for this thread alone, until cache_return. */
static void *cache_borrow(enum obj_kind kind, struct cached *c)
{
    pthread_mutex_lock(&c->lock);
    void *o = c->n_pool ? c->pool[--c->n_pool] : clone_obj(kind, c);
    pthread_mutex_unlock(&c->lock);
    return o;
}

static void cache_return(struct cached *c, void *o)
{
    pthread_mutex_lock(&c->lock);
    if (c->n_pool == c->cap_pool) {
        c->cap_pool = c->cap_pool ? 2 * c->cap_pool : 4;
        if (!(c->pool = realloc(c->pool, c->cap_pool * sizeof *c->pool))) die_oom();
    }
    c->pool[c->n_pool++] = o;
    pthread_mutex_unlock(&c->lock);
}

static void close_obj(enum obj_kind kind, void *obj)
{
    if (!obj) return;
    switch (kind) {
    case OBJ_PLURAL: uplrules_close(obj); break;
    case OBJ_NUMBER: unum_close(obj); break;
    case OBJ_DATE: udat_close(obj); break;
    default: free(obj); break;
    }
}

void i18n_locale_cleanup(void)
{
    pthread_mutex_lock(&cache_lock);
    for (int k = 0; k < N_KINDS; k++) {
        struct cached *c = atomic_exchange(&cache_heads[k], NULL);
        while (c) {
            struct cached *next = c->next;
            for (size_t i = 0; i < c->n_pool; i++) close_obj((enum obj_kind)k, c->pool[i]);
            close_obj((enum obj_kind)k, c->proto);
            pthread_mutex_destroy(&c->lock);
            free(c->pool);
            free(c->loc);
            free(c->key);
            free(c);
            c = next;
        }
    }
    pthread_mutex_unlock(&cache_lock);
}

/* --- which languages ICU knows ------------------------------------------------ */

/* uloc accepts any well-formed code and silently falls back to root for it,
 * so a language is known when one of uloc's available locales is in it.
 * The answer (the canonical locale, or NULL) is cached per code as given. */
static void *open_lang(const char *lang, const void *arg)
{
    (void)arg;
    char loc[LOC_CAP], language[ULOC_LANG_CAPACITY];
    UErrorCode e = U_ZERO_ERROR;
    if (canon(lang, loc) != 0) return NULL;
    uloc_getLanguage(loc, language, sizeof language, &e);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING || !language[0]) return NULL;
    size_t n = strlen(language);
    for (int32_t i = 0, count = uloc_countAvailable(); i < count; i++) {
        const char *av = uloc_getAvailable(i);
        if (!strncmp(av, language, n) && (av[n] == '\0' || av[n] == '_')) {
            char *copy = strdup(loc);
            if (!copy) die_oom();
            return copy;
        }
    }
    return NULL;
}

/* Canonical locale of a known language, 0; -1 if ICU does not know it. */
static int known_locale(const char *lang, char loc[LOC_CAP])
{
    if (!lang || !*lang || strlen(lang) >= LOC_CAP / 2) return -1;
    struct cached *c = cache_get(OBJ_LANG, lang, open_lang, lang, NULL);
    if (!c->proto) return -1;
    strcpy(loc, c->proto);
    return 0;
}

int i18n_icu_knows(const char *lang)
{
    char loc[LOC_CAP];
    return known_locale(lang, loc) == 0;
}

/* The locale the chain resolves to: its first known language, else root.
 * Returns the index in the chain, or -1 for root. */
static int resolve(const char *const *chain, size_t n, char loc[LOC_CAP])
{
    for (size_t i = 0; i < n; i++)
        if (known_locale(chain[i], loc) == 0) return (int)i;
    strcpy(loc, ROOT);
    return -1;
}

/* --- UTF-8 <-> UTF-16 ------------------------------------------------------------ */

/* UTF-16 copy of s (ill-formed bytes become U+FFFD) into stack (cap units)
 * when it fits, else malloc'd; *len excludes the NUL. */
static UChar *u16(const char *s, UChar *stack, int32_t cap, int32_t *len)
{
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8WithSub(stack, cap, len, s, -1, 0xFFFD, NULL, &e);
    if (U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING) return stack;
    if (e != U_BUFFER_OVERFLOW_ERROR && e != U_STRING_NOT_TERMINATED_WARNING) {
        stack[0] = 0;
        *len = 0;
        return stack;
    }
    UChar *h = malloc(((size_t)*len + 1) * sizeof *h);
    if (!h) die_oom();
    e = U_ZERO_ERROR;
    u_strFromUTF8WithSub(h, *len + 1, len, s, -1, 0xFFFD, NULL, &e);
    return h;
}

static void u16_done(UChar *p, UChar *stack) { if (p != stack) free(p); }

static void put_utf8(buf *out, const UChar *s, int32_t n)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t need = 0;
    u_strToUTF8WithSub(NULL, 0, &need, s, n, 0xFFFD, NULL, &e);
    buf_grow(out, (size_t)need);
    e = U_ZERO_ERROR;
    u_strToUTF8WithSub(out->data + out->len, need + 1, &need, s, n, 0xFFFD, NULL, &e);
    if (U_FAILURE(e)) need = 0;
    out->len += (size_t)need;
    out->data[out->len] = '\0';
}

/* --- plurals and numbers -------------------------------------------------------- */

static void *open_plural(const char *loc, const void *arg)
{
    (void)arg;
    UErrorCode e = U_ZERO_ERROR;
    UPluralRules *p = uplrules_open(loc, &e);
    if (U_FAILURE(e)) { if (p) uplrules_close(p); return NULL; }
    return p;
}

/* ICU's keyword as one of our static strings, so callers may keep it. */
static const char *category(const UChar *kw, int32_t n)
{
    static const char *const cats[] = {"zero", "one", "two", "few", "many"};
    char a[8];
    if (n <= 0 || n >= (int32_t)sizeof a) return "other";
    u_UCharsToChars(kw, a, n);
    a[n] = '\0';
    for (size_t i = 0; i < sizeof cats / sizeof *cats; i++)
        if (!strcmp(a, cats[i])) return cats[i];
    return "other";
}

const char *i18n_plural(const char *const *chain, size_t n_chain, double count)
{
    char loc[LOC_CAP];
    if (resolve(chain, n_chain, loc) < 0) return "other";
    struct cached *c = cache_get(OBJ_PLURAL, loc, open_plural, loc, NULL);
    if (!c->proto) return "other";
    UChar kw[16];
    UErrorCode e = U_ZERO_ERROR;
    UPluralRules *p = cache_borrow(OBJ_PLURAL, c);
    int32_t n = uplrules_select(p, count, kw, 16, &e);
    cache_return(c, p);
    return U_SUCCESS(e) ? category(kw, n) : "other";
}

static void *open_number(const char *loc, const void *arg)
{
    (void)arg;
    UErrorCode e = U_ZERO_ERROR;
    UNumberFormat *f = unum_open(UNUM_DECIMAL, NULL, 0, loc, NULL, &e);
    if (U_FAILURE(e)) { if (f) unum_close(f); return NULL; }
    return f;
}

int i18n_format_number(const char *const *chain, size_t n_chain, double count, buf *out)
{
    char loc[LOC_CAP];
    resolve(chain, n_chain, loc);
    struct cached *c = cache_get(OBJ_NUMBER, loc, open_number, loc, NULL);
    if (!c->proto) return -1;
    UChar s[64];
    UErrorCode e = U_ZERO_ERROR;
    UNumberFormat *f = cache_borrow(OBJ_NUMBER, c);
    int32_t n = unum_formatDouble(f, count, s, 64, NULL, &e);
    cache_return(c, f);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING) return -1;
    put_utf8(out, s, n);
    return 0;
}

/* --- dates ----------------------------------------------------------------------- */

/* loc is canonical already. */
static const char *builtin_pattern(const char *loc, enum i18n_date_style style)
{
    /* ICU's vi long form is "10 tháng 12, 2023"; agencies write the
     * administrative form, which no ICU style produces. */
    static const struct { const char *lang, *lng, *shrt; } builtin[] = {
        {"vi", "'ngày' d 'tháng' M 'năm' y", "dd/MM/y"},
    };
    char language[ULOC_LANG_CAPACITY];
    UErrorCode e = U_ZERO_ERROR;
    if (!strcmp(loc, ROOT)) return "y-MM-dd";   /* root's own long style is "2023 M12 10" */
    uloc_getLanguage(loc, language, sizeof language, &e);
    for (size_t i = 0; U_SUCCESS(e) && i < sizeof builtin / sizeof *builtin; i++)
        if (!strcmp(language, builtin[i].lang))
            return style == I18N_DATE_LONG ? builtin[i].lng : builtin[i].shrt;
    return NULL;
}

const char *i18n_builtin_date_pattern(const char *lang, enum i18n_date_style style)
{
    char loc[LOC_CAP];
    return canon(lang, loc) == 0 ? builtin_pattern(loc, style) : NULL;
}

int i18n_date_pattern_check(const char *pattern, buf *why)
{
    /* DateFormatSymbols::getPatternUChars() of ICU 72. */
    static const char letters[] = "GyMdkHmsSEDFwWahKzYeugAZvcLQqVUOXxrbB";
    int quoted = 0;
    for (const char *p = pattern; *p; p++) {
        if (*p == '\'') { quoted = !quoted; continue; }   /* '' toggles twice: a literal ' */
        int ascii_letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
        if (quoted || !ascii_letter || strchr(letters, *p)) continue;
        if (why) buf_printf(why, "letter '%c' is not an ICU date field; put literal text in "
                            "single quotes, e.g. 'ngày' d 'tháng' M 'năm' y", *p);
        return -1;
    }
    if (quoted) {
        if (why) buf_puts(why, "a quote is not closed; write '' for an apostrophe");
        return -1;
    }
    return 0;
}

struct date_spec { enum i18n_date_style style; const char *pattern; };

/* ICU switches to the Julian calendar before 1582; our day numbers are
 * proleptic Gregorian, so make the formatter's calendar agree. */
static void make_proleptic(UDateFormat *f)
{
    UErrorCode e = U_ZERO_ERROR;
    UCalendar *cal = ucal_clone(udat_getCalendar(f), &e);
    if (U_FAILURE(e)) return;
    ucal_setGregorianChange(cal, -8.64e15, &e);   /* fails for non-Gregorian calendars */
    if (U_SUCCESS(e)) udat_setCalendar(f, cal);
    ucal_close(cal);
}

static void *open_date(const char *loc, const void *arg)
{
    const struct date_spec *spec = arg;
    UErrorCode e = U_ZERO_ERROR;
    UDateFormat *f;
    if (spec->pattern) {
        if (i18n_date_pattern_check(spec->pattern, NULL) != 0) return NULL;
        UChar stack[128];
        int32_t len;
        UChar *p = u16(spec->pattern, stack, 128, &len);
        f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, u"UTC", 3, p, len, &e);
        u16_done(p, stack);
    } else {
        UDateFormatStyle st = spec->style == I18N_DATE_LONG ? UDAT_LONG : UDAT_SHORT;
        f = udat_open(UDAT_NONE, st, loc, u"UTC", 3, NULL, 0, &e);
    }
    if (U_FAILURE(e)) { if (f) udat_close(f); return NULL; }
    make_proleptic(f);
    return f;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int valid_date(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return 0;
    return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* Milliseconds from 1970-01-01 to y-m-d 00:00 UTC (Hinnant's days_from_civil). */
static UDate utc_millis(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (double)(era * 146097 + doe - 719468) * 86400000.0;
}

static struct cached *date_formatter(const char *loc, enum i18n_date_style style,
                                     const char *pattern)
{
    char stack[256], *key = stack;
    const char *p = pattern ? pattern : "";
    int n = snprintf(stack, sizeof stack, "%s\x1f%c\x1f%s", loc,
                     style == I18N_DATE_LONG ? 'L' : 'S', p);
    if (n >= (int)sizeof stack) {   /* a long pattern: rare, so malloc only then */
        if (!(key = malloc((size_t)n + 1))) die_oom();
        snprintf(key, (size_t)n + 1, "%s\x1f%c\x1f%s", loc, style == I18N_DATE_LONG ? 'L' : 'S', p);
    }
    struct date_spec spec = {style, pattern};
    struct cached *c = cache_get(OBJ_DATE, key, open_date, loc, &spec);
    if (key != stack) free(key);
    return c;
}

int i18n_format_date(const char *const *chain, size_t n_chain, int y, int m, int d,
                     enum i18n_date_style style, const char *pattern, buf *out)
{
    char loc[LOC_CAP];
    if (!valid_date(y, m, d)) return -1;
    resolve(chain, n_chain, loc);
    if (pattern && !*pattern) pattern = NULL;
    if (!pattern) pattern = builtin_pattern(loc, style);
    struct cached *c = date_formatter(loc, style, pattern);
    if (!c->proto) return -1;
    UChar stack[128], *s = stack;
    UErrorCode e = U_ZERO_ERROR;
    UDateFormat *f = cache_borrow(OBJ_DATE, c);
    int32_t n = udat_format(f, utc_millis(y, m, d), s, 128, NULL, &e);
    if (e == U_BUFFER_OVERFLOW_ERROR) {
        if (!(s = malloc(((size_t)n + 1) * sizeof *s))) die_oom();
        e = U_ZERO_ERROR;
        n = udat_format(f, utc_millis(y, m, d), s, n + 1, NULL, &e);
    }
    cache_return(c, f);
    if (U_SUCCESS(e)) put_utf8(out, s, n);
    if (s != stack) free(s);
    return U_SUCCESS(e) ? 0 : -1;
}

/* --- collation -------------------------------------------------------------------- */

struct i18n_collator { UCollator *uc; };

static struct i18n_collator *wrap(UCollator *uc)
{
    struct i18n_collator *c = malloc(sizeof *c);
    if (!c) die_oom();
    c->uc = uc;
    return c;
}

struct i18n_collator *i18n_collator_new(const char *const *chain, size_t n_chain)
{
    char loc[LOC_CAP];
    UErrorCode e = U_ZERO_ERROR;
    resolve(chain, n_chain, loc);
    UCollator *uc = ucol_open(loc, &e);
    if (U_FAILURE(e)) {   /* only if ICU's data is missing altogether */
        if (uc) ucol_close(uc);
        e = U_ZERO_ERROR;
        uc = ucol_open(ROOT, &e);
        if (U_FAILURE(e)) die("ICU has no collation data: %s", u_errorName(e));
    }
    return wrap(uc);
}

struct i18n_collator *i18n_collator_clone(const struct i18n_collator *c)
{
    UErrorCode e = U_ZERO_ERROR;
#if U_ICU_VERSION_MAJOR_NUM >= 71
    UCollator *uc = ucol_clone(c->uc, &e);
#else
    UCollator *uc = ucol_safeClone(c->uc, NULL, NULL, &e);
#endif
    if (U_FAILURE(e)) die_oom();
    return wrap(uc);
}

void i18n_collator_free(struct i18n_collator *c)
{
    if (!c) return;
    ucol_close(c->uc);
    free(c);
}

int i18n_collate(struct i18n_collator *c, const char *a, const char *b)
{
    UErrorCode e = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8(c->uc, a, -1, b, -1, &e);
    if (U_FAILURE(e)) return strcmp(a, b);
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

size_t i18n_sort_key(struct i18n_collator *c, const char *s, buf *out)
{
    UChar stack[256];
    int32_t len;
    UChar *s16 = u16(s, stack, 256, &len);
    buf_grow(out, (size_t)len * 2 + 16);
    int32_t room = (int32_t)(out->cap - out->len) > INT32_MAX / 2 ? INT32_MAX / 2
                 : (int32_t)(out->cap - out->len);
    uint8_t *dst = (uint8_t *)out->data + out->len;
    int32_t need = ucol_getSortKey(c->uc, s16, len, dst, room);
    if (need > room) {
        buf_grow(out, (size_t)need);
        dst = (uint8_t *)out->data + out->len;
        need = ucol_getSortKey(c->uc, s16, len, dst, need);
    }
    u16_done(s16, stack);
    if (need <= 0) { out->data[out->len] = '\0'; return 0; }
    out->len += (size_t)need - 1;   /* ICU's key ends with the NUL buf wants */
    return (size_t)need - 1;
}

struct keyed { const char *key; const char *item; size_t index; };

static int cmp_keyed(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    int r = strcmp(a->key, b->key);
    return r ? r : (a->index > b->index) - (a->index < b->index);
}

void i18n_sort_strings(struct i18n_collator *c, const char **items, size_t n)
{
    if (n < 2) return;
    struct keyed *k = malloc(n * sizeof *k);
    size_t *off = malloc(n * sizeof *off);
    if (!k || !off) die_oom();
    buf keys = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        off[i] = keys.len;
        i18n_sort_key(c, items[i], &keys);
        buf_putc(&keys, '\0');
    }
    /* Pointers only now: the buffer moved while it grew. */
    for (size_t i = 0; i < n; i++) k[i] = (struct keyed){keys.data + off[i], items[i], i};
    qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < n; i++) items[i] = k[i].item;
    buf_release(&keys);
    free(off);
    free(k);
}

/* --- OpenGraph ---------------------------------------------------------------------- */

static void *open_og(const char *lang, const void *arg)
{
    (void)arg;
    char loc[LOC_CAP], full[LOC_CAP], l[ULOC_LANG_CAPACITY], r[ULOC_COUNTRY_CAPACITY];
    UErrorCode e = U_ZERO_ERROR;
    if (canon(lang, loc) != 0) return NULL;
    uloc_addLikelySubtags(loc, full, sizeof full, &e);
    uloc_getLanguage(full, l, sizeof l, &e);
    uloc_getCountry(full, r, sizeof r, &e);
    if (U_FAILURE(e) || !l[0] || !r[0]) return NULL;
    buf b = BUF_INIT;
    buf_printf(&b, "%s_%s", l, r);
    return buf_detach(&b);
}

const char *i18n_og_locale(const char *lang)
{
    if (!lang) return "";
    if (!*lang || strlen(lang) >= LOC_CAP / 2) return lang;
    struct cached *c = cache_get(OBJ_OG, lang, open_og, lang, NULL);
    return c->proto ? c->proto : lang;
}

/* Facebook's accepted locales (FacebookLocales.xml); for each language
 * the first entry is the one a locale outside the list maps to. */
static const char *const fb_locales[] = {
    "af_ZA", "ar_AR", "as_IN", "az_AZ", "be_BY", "bg_BG", "bn_IN", "br_FR", "bs_BA", "ca_ES",
    "cb_IQ", "co_FR", "cs_CZ", "cx_PH", "cy_GB", "da_DK", "de_DE", "el_GR", "en_US", "en_GB",
    "en_UD", "es_LA", "es_ES", "et_EE", "eu_ES", "fa_IR", "ff_NG", "fi_FI", "fo_FO", "fr_FR",
    "fr_CA", "fy_NL", "ga_IE", "gl_ES", "gn_PY", "gu_IN", "ha_NG", "he_IL", "hi_IN", "hr_HR",
    "ht_HT", "hu_HU", "hy_AM", "id_ID", "is_IS", "it_IT", "ja_JP", "ja_KS", "jv_ID", "ka_GE",
    "kk_KZ", "km_KH", "kn_IN", "ko_KR", "ku_TR", "ky_KG", "lo_LA", "lt_LT", "lv_LV", "mg_MG",
    "mk_MK", "ml_IN", "mn_MN", "mr_IN", "ms_MY", "mt_MT", "my_MM", "nb_NO", "ne_NP", "nl_NL",
    "nl_BE", "nn_NO", "or_IN", "pa_IN", "pl_PL", "ps_AF", "pt_BR", "pt_PT", "ro_RO", "ru_RU",
    "rw_RW", "sc_IT", "si_LK", "sk_SK", "sl_SI", "so_SO", "sq_AL", "sr_RS", "sv_SE", "sw_KE",
    "sz_PL", "ta_IN", "te_IN", "tg_TJ", "th_TH", "tl_PH", "tr_TR", "tz_MA", "uk_UA", "ur_PK",
    "uz_UZ", "vi_VN", "zh_CN", "zh_HK", "zh_TW", NULL};

static const char *fb_accepted(const char *og)
{
    const char *sep = strchr(og, '_');
    if (!sep) return NULL;
    size_t n = (size_t)(sep - og);
    const char *same_lang = NULL;
    for (size_t i = 0; fb_locales[i]; i++) {
        if (!strcmp(fb_locales[i], og)) return fb_locales[i];
        if (!same_lang && !strncmp(fb_locales[i], og, n) && fb_locales[i][n] == '_')
            same_lang = fb_locales[i];
    }
    return same_lang;
}

const char *i18n_og_locale_chain(const char *const *chain, size_t n_chain)
{
    for (size_t i = 0; i < n_chain; i++) {
        const char *fb = fb_accepted(i18n_og_locale(chain[i]));
        if (fb) return fb;
    }
    return "";
}

int i18n_is_rtl(const char *lang)
{
    char loc[LOC_CAP];
    if (canon(lang, loc) != 0) return 0;
    /* the script's direction (likely subtags), so a language without
     * locale data of its own but with a known script is right too */
    return uloc_isRightToLeft(loc) != 0;
}

static int delimiter(ULocaleData *ld, ULocaleDataDelimiterType t, char *out, size_t cap)
{
    UChar u[8];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = ulocdata_getDelimiter(ld, t, u, 8, &e);
    int32_t len = 0;
    if (U_FAILURE(e) || n <= 0) return -1;
    u_strToUTF8(out, (int32_t)cap, &len, u, n, &e);
    return U_FAILURE(e) || (size_t)len >= cap ? -1 : 0;
}

int i18n_quotes(const char *const *chain, size_t n_chain, char *open, char *close, size_t cap)
{
    char loc[LOC_CAP];
    UErrorCode e = U_ZERO_ERROR;
    resolve(chain, n_chain, loc);
    ULocaleData *ld = ulocdata_open(loc, &e);
    int r = -1;
    if (U_SUCCESS(e) && ld) {
        r = delimiter(ld, ULOCDATA_QUOTATION_START, open, cap);
        if (r == 0) r = delimiter(ld, ULOCDATA_QUOTATION_END, close, cap);
    }
    if (ld) ulocdata_close(ld);
    if (r != 0 && cap >= 4) {
        strcpy(open, "\xe2\x80\x9c");
        strcpy(close, "\xe2\x80\x9d");
    }
    return r;
}
