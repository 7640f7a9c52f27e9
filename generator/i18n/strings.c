#include "strings.h"
#include "../data/value.h"
#include "../data/yaml.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/diag.h"
#include "../util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lang_strings {
    const char *code, *name;
    const char *const *chain;
    size_t n_chain;
    const char *theme_file, *content_file;   /* where its files are or would be */
    value *map;                               /* theme entries, content overriding */
};

struct i18n_strings {
    arena a;
    struct lang_strings *langs;
    size_t n_langs;
    value *theme_keys;     /* set of keys some theme file defines */
    const char **keys;     /* every key of every language, sorted */
    size_t n_keys;
};

static const char *const categories[] = {"zero", "one", "two", "few", "many", "other", NULL};

static int is_category(const char *k)
{
    for (const char *const *c = categories; *c; c++) if (!strcmp(k, *c)) return 1;
    return 0;
}

static int is_date_key(const char *k)
{
    return !strcmp(k, I18N_DATE_LONG_KEY) || !strcmp(k, I18N_DATE_SHORT_KEY);
}

/* --- checking one file ------------------------------------------------------------- */

/* Text of a scalar as a string value keeping its position; NULL otherwise. */
static value *as_text(arena *a, const value *v)
{
    if (v->kind == VAL_STR) return (value *)v;
    if (v->kind != VAL_INT && v->kind != VAL_FLOAT && v->kind != VAL_BOOL) return NULL;
    buf b = BUF_INIT;
    val_write_text(v, &b);
    value *s = val_strn(a, b.data, b.len);
    buf_release(&b);
    s->line = v->line;
    s->col = v->col;
    return s;
}

static value *check_plural(arena *a, const char *file, const char *key, const value *v)
{
    value *forms = val_map(a);
    int ok = 1;
    forms->line = v->line;
    forms->col = v->col;
    for (size_t i = 0; i < v->u.map.n; i++) {
        const struct val_entry *e = &v->u.map.e[i];
        value *text = as_text(a, e->val);
        if (!is_category(e->key)) {
            diag_error(DIAG_I18N_PLURAL_CATEGORY, file, e->val->line, e->val->col,
                       "'%s' is not a plural category of UI string '%s'; use zero, one, two, "
                       "few, many or other", e->key, key);
            ok = 0;
        } else if (!text) {
            diag_error(DIAG_I18N_PLURAL_TEXT, file, e->val->line, e->val->col,
                       "plural form '%s' of UI string '%s' must be text", e->key, key);
            ok = 0;
        } else {
            val_add(a, forms, e->key, text);
        }
    }
    if (ok && !val_get(forms, "other")) {
        diag_error(DIAG_I18N_PLURAL_OTHER, file, v->line, v->col,
                   "plural forms of UI string '%s' lack 'other', the form every language "
                   "falls back to; add other: \"...\"", key);
        ok = 0;
    }
    return ok ? forms : NULL;
}

static value *check_date_pattern(const char *file, const char *key, value *text)
{
    buf why = BUF_INIT;
    int bad = i18n_date_pattern_check(text->u.str.s, &why) != 0;
    if (bad)
        diag_error(DIAG_I18N_DATE_PATTERN,
                   file, text->line, text->col, "'%s' is not an ICU date pattern: %s",
                   key, why.data);
    buf_release(&why);
    return bad ? NULL : text;
}

/* The entry's value as loa keeps it (text or plural map), or NULL after
 * reporting why it is malformed. */
static value *check_entry(arena *a, const char *file, const char *key, const value *v)
{
    value *text = as_text(a, v);
    if (is_date_key(key)) {
        if (text) return check_date_pattern(file, key, text);
        diag_error(DIAG_I18N_DATE_PATTERN,
                   file, v->line, v->col, "'%s' must be an ICU date pattern in quotes, "
                   "e.g. \"'ngày' d 'tháng' M 'năm' y\"", key);
        return NULL;
    }
    if (text) return text;
    if (v->kind == VAL_MAP) return check_plural(a, file, key, v);
    if (v->kind == VAL_LIST)
        diag_error(DIAG_I18N_LIST,
                   file, v->line, v->col, "UI string '%s' is a list; give text, or plural "
                   "forms like {one: \"{count} minute\", other: \"{count} minutes\"}", key);
    else
        diag_error(DIAG_I18N_EMPTY,
                   file, v->line, v->col, "UI string '%s' has no value; give it text", key);
    return NULL;
}

/* Reads one file into map (entries replace earlier ones).  A missing file
 * is fine: every file is optional. */
static void load_file(struct i18n_strings *s, const char *file, value *map, int is_theme)
{
    if (!file || !fs_exists(file)) return;
    value *root = yaml_load_file(&s->a, file);
    if (!root || root->kind == VAL_NULL) return;
    if (root->kind != VAL_MAP) {
        diag_error(DIAG_I18N_NOT_MAPPING,
                   file, root->line, root->col, "an i18n file maps UI string names to "
                   "text (read_more: \"Read more\"), not a list or a single value");
        return;
    }
    for (size_t i = 0; i < root->u.map.n; i++) {
        const struct val_entry *e = &root->u.map.e[i];
        value *v = check_entry(&s->a, file, e->key, e->val);
        if (!v) continue;
        val_set(&s->a, map, e->key, v);
        if (is_theme) val_set(&s->a, s->theme_keys, e->key, val_null(&s->a));
    }
}

/* --- loading ------------------------------------------------------------------------- */

static const char *i18n_path(arena *a, const char *dir, const char *code)
{
    if (!dir) return NULL;
    size_t n = strlen(dir);
    return arena_printf(a, "%s%si18n/%s.yml", dir, n && dir[n - 1] == '/' ? "" : "/", code);
}

static const char *const *copy_chain(arena *a, const struct i18n_lang *l, size_t *n)
{
    const char *const *from = l->chain ? l->chain : &l->code;
    *n = l->chain ? l->n_chain : 1;
    const char **to = arena_alloc(a, (*n ? *n : 1) * sizeof *to);
    for (size_t i = 0; i < *n; i++) to[i] = arena_strdup(a, from[i]);
    return to;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every key of every language, sorted, each once. */
static void collect_keys(struct i18n_strings *s)
{
    size_t total = 0, n = 0;
    for (size_t i = 0; i < s->n_langs; i++) total += s->langs[i].map->u.map.n;
    s->keys = arena_alloc(&s->a, (total ? total : 1) * sizeof *s->keys);
    for (size_t i = 0; i < s->n_langs; i++)
        for (size_t j = 0; j < s->langs[i].map->u.map.n; j++)
            s->keys[n++] = s->langs[i].map->u.map.e[j].key;
    qsort(s->keys, n, sizeof *s->keys, cmp_key);
    s->n_keys = 0;
    for (size_t i = 0; i < n; i++)
        if (!s->n_keys || strcmp(s->keys[s->n_keys - 1], s->keys[i]))
            s->keys[s->n_keys++] = s->keys[i];
}

static struct lang_strings *find_lang(struct i18n_strings *s, const char *code)
{
    for (size_t i = 0; i < s->n_langs; i++)
        if (!strcmp(s->langs[i].code, code)) return &s->langs[i];
    return NULL;
}

static int has_strings(struct i18n_strings *s, const char *code)
{
    const struct lang_strings *l = find_lang(s, code);
    return l && l->map->u.map.n;
}

/* The first language with strings (its file is the one to copy), or NULL. */
static const struct lang_strings *example(struct i18n_strings *s)
{
    for (size_t i = 0; i < s->n_langs; i++)
        if (s->langs[i].map->u.map.n) return &s->langs[i];
    return NULL;
}

/* A language without a strings file of its own: one warning, not one per
 * string.  Borrowing from a fallback named in site.yml is a choice (its
 * chain is longer than [code, default]); borrowing the default language's
 * text by default, or finding none at all, is the mistake.  Returns 1 if
 * the language has no strings anywhere in its chain (nothing more to say). */
static int warn_no_strings(struct i18n_strings *s, const struct lang_strings *l, const char *who)
{
    const struct lang_strings *ex = example(s);
    if (l->map->u.map.n || !ex) return 0;
    if ((l->theme_file && fs_exists(l->theme_file))
        || (l->content_file && fs_exists(l->content_file)))
        return 0;   /* a file that is there but empty or broken: said already, or meant */
    int borrowed = 0;
    for (size_t c = 1; c < l->n_chain; c++) borrowed |= has_strings(s, l->chain[c]);
    if (borrowed && l->n_chain > 2) return 0;
    const char *file = l->theme_file ? l->theme_file : l->content_file;
    const char *copy = ex->theme_file && fs_exists(ex->theme_file) ? ex->theme_file
                                                                   : ex->content_file;
    if (borrowed)
        diag_warn(DIAG_I18N_BORROWED,
                  file, 0, 0, "language %s has no UI strings of its own, so its menus and labels "
                  "are in %s; add this file (copy %s and translate it), or choose the language "
                  "to borrow from with 'fallback:' in site.yml", who, l->chain[1], copy);
    else
        diag_warn(DIAG_I18N_NONE,
                  file, 0, 0, "language %s has no UI strings, nor has any language it falls back "
                  "to, so its menus and labels would be empty; add this file (copy %s and "
                  "translate it)", who, copy);
    return !borrowed;
}

static void warn_missing(struct i18n_strings *s, const struct lang_strings *l)
{
    buf name = BUF_INIT;
    buf_puts(&name, l->code);
    if (l->name && *l->name) buf_printf(&name, " (%s)", l->name);
    int none = warn_no_strings(s, l, name.data);
    buf_release(&name);
    if (none) return;
    for (size_t k = 0; k < s->n_keys; k++) {
        const char *key = s->keys[k];
        if (is_date_key(key) || i18n_t(s, l->chain, l->n_chain, key, NULL)) continue;
        /* Suggest the layer that defines the key elsewhere. */
        const char *file = val_get(s->theme_keys, key) && l->theme_file ? l->theme_file
                         : l->content_file ? l->content_file : l->theme_file;
        buf who = BUF_INIT;
        buf_puts(&who, l->code);
        if (l->name && *l->name) buf_printf(&who, " (%s)", l->name);
        diag_warn(DIAG_I18N_MISSING,
                  file, 0, 0, "UI string '%s' is missing for %s; add it or it falls back "
                  "to nothing", key, who.data);
        buf_release(&who);
    }
}

struct i18n_strings *i18n_strings_load(const char *theme_dir, const char *content_dir,
                                       const struct i18n_lang *langs, size_t n)
{
    struct i18n_strings *s = calloc(1, sizeof *s);
    if (!s) die_oom();
    arena_init(&s->a);
    s->theme_keys = val_map(&s->a);
    s->langs = arena_alloc(&s->a, (n ? n : 1) * sizeof *s->langs);
    s->n_langs = n;
    for (size_t i = 0; i < n; i++) {
        struct lang_strings *l = &s->langs[i];
        l->code = arena_strdup(&s->a, langs[i].code);
        l->name = langs[i].name ? arena_strdup(&s->a, langs[i].name) : NULL;
        l->chain = copy_chain(&s->a, &langs[i], &l->n_chain);
        l->theme_file = i18n_path(&s->a, theme_dir, l->code);
        l->content_file = i18n_path(&s->a, content_dir, l->code);
        l->map = val_map(&s->a);
        load_file(s, l->theme_file, l->map, 1);
        load_file(s, l->content_file, l->map, 0);
    }
    collect_keys(s);
    for (size_t i = 0; i < n; i++) warn_missing(s, &s->langs[i]);
    return s;
}

void i18n_strings_free(struct i18n_strings *s)
{
    if (!s) return;
    arena_release(&s->a);
    free(s);
}

/* --- lookups ----------------------------------------------------------------------------- */

const value *i18n_t(struct i18n_strings *s, const char *const *chain, size_t n,
                    const char *key, size_t *found)
{
    for (size_t i = 0; i < n; i++) {
        struct lang_strings *l = find_lang(s, chain[i]);
        const value *v = l ? val_get(l->map, key) : NULL;
        if (!v) continue;
        if (found) *found = i;
        return v;
    }
    return NULL;
}

value *i18n_strings_for(struct i18n_strings *s, const char *const *chain, size_t n, arena *a)
{
    value *t = val_map(a);
    for (size_t k = 0; k < s->n_keys; k++) {
        const value *v = i18n_t(s, chain, n, s->keys[k], NULL);
        if (v) val_add(a, t, s->keys[k], (value *)v);
    }
    return t;
}

static void put_replacing_count(buf *out, const char *text, const char *number)
{
    static const char tag[] = "{count}";
    for (const char *p; (p = strstr(text, tag)); text = p + sizeof tag - 1) {
        buf_put(out, text, (size_t)(p - text));
        buf_puts(out, number);
    }
    buf_puts(out, text);
}

int i18n_t_count(struct i18n_strings *s, const char *const *chain, size_t n,
                 const char *key, double count, buf *out)
{
    size_t at = 0;
    const value *v = i18n_t(s, chain, n, key, &at);
    if (!v) return -1;
    if (v->kind == VAL_MAP) {
        /* The grammar is that of the language whose text this is. */
        const value *form = val_get(v, i18n_plural(chain + at, n - at, count));
        v = form ? form : val_get(v, "other");
    }
    buf number = BUF_INIT;
    if (i18n_format_number(chain, n, count, &number) != 0) buf_printf(&number, "%g", count);
    put_replacing_count(out, val_cstr(v), number.data);
    buf_release(&number);
    return 0;
}

const char *i18n_date_pattern(struct i18n_strings *s, const char *const *chain, size_t n,
                              enum i18n_date_style style)
{
    const char *key = style == I18N_DATE_LONG ? I18N_DATE_LONG_KEY : I18N_DATE_SHORT_KEY;
    for (size_t i = 0; i < n; i++) {
        struct lang_strings *l = find_lang(s, chain[i]);
        const char *p = l ? val_cstr(val_get(l->map, key)) : NULL;
        if (p) return p;
        if (i18n_icu_knows(chain[i])) break;   /* this language's locale formats the date */
    }
    return NULL;
}
