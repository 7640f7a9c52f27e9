/* value: the one data model of loa.  YAML and JSON files, front matter,
 * site.yml and the site model handed to templates are all trees of values.
 * Values live in an arena (the caller's) and are never freed one by one.
 * Every value read from a file keeps its 1-based line and column so errors
 * can point at it; synthetic values have line 0. */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;

/* VAL_LAZY: a node of the site view (site/view.h) that resolves its
 * members when a template asks; only view_ops reads inside one.  Plain
 * value functions treat it as an opaque, truthy non-scalar. */
enum val_kind { VAL_NULL, VAL_BOOL, VAL_INT, VAL_FLOAT, VAL_STR, VAL_LIST, VAL_MAP, VAL_LAZY };

struct view_class;

typedef struct value value;

struct val_entry {
    const char *key;   /* NUL-terminated */
    size_t klen;
    value *val;
};

struct value {
    enum val_kind kind;
    uint32_t line, col;     /* position in the source file, 0 = synthetic */
    union {
        int b;
        long long i;
        double f;
        struct { const char *s; size_t len; } str;   /* NUL-terminated */
        struct { value **items; size_t n, cap; } list;
        struct { struct val_entry *e; size_t n, cap; } map;
        struct { const struct view_class *cls; const void *obj, *aux; } lazy;
    } u;
};

value *val_null(struct arena *a);
value *val_bool(struct arena *a, int b);   /* shared, read-only values: never modify them */
value *val_bool_new(struct arena *a, int b);   /* a value of its own, for parsers that set positions */
value *val_int(struct arena *a, long long i);
value *val_float(struct arena *a, double f);
value *val_str(struct arena *a, const char *s);            /* copies s */
value *val_strn(struct arena *a, const char *s, size_t n); /* copies s */
value *val_str_nocopy(struct arena *a, const char *s, size_t n); /* s must outlive */
value *val_list(struct arena *a);
value *val_map(struct arena *a);
/* A map with room for cap entries: building a map while allocating its
 * values leaves every outgrown entry array behind in the arena. */
value *val_map_sized(struct arena *a, size_t cap);

void val_push(struct arena *a, value *list, value *item);
/* Sets key (copied) to v, replacing an existing entry. */
void val_set(struct arena *a, value *map, const char *key, value *v);
/* Appends without checking for an existing key (faster for fresh maps). */
void val_add(struct arena *a, value *map, const char *key, value *v);
/* The same, but key is not copied: it must outlive the map (a string
 * literal, or a string in the same or a longer-lived arena).  The site
 * context is built from these, once per page. */
void val_add_ref(struct arena *a, value *map, const char *key, value *v);
/* Convenience: set key to a string / bool / int. */
void val_set_str(struct arena *a, value *map, const char *key, const char *s);
void val_set_bool(struct arena *a, value *map, const char *key, int b);
void val_set_int(struct arena *a, value *map, const char *key, long long i);

/* Lookups return NULL when v is NULL, not a map or lacks the key. */
value *val_get(const value *map, const char *key);
value *val_getn(const value *map, const char *key, size_t klen);
/* Follow a dotted path ("a.b.c"). */
value *val_path(const value *v, const char *dotted);
const char *val_cstr(const value *v);  /* string value or NULL */
/* Text of a string or number (numbers printed into a), NULL for anything
 * else: for fields where `title: 2023` means the text "2023". */
const char *val_scalar_text(struct arena *a, const value *v);

/* Mustache truthiness: null, false, empty list and empty string are false. */
int val_truthy(const value *v);
/* Text of a scalar as templates print it (ints plain, floats shortest
 * round-trip, bools true/false, null empty).  Lists and maps print nothing. */
void val_write_text(const value *v, struct buf *out);
/* Same data, deep: kinds, scalars, list items and map entries in the same
 * order; source positions are not compared.  For loa serve, which tells
 * a body edit from a front matter edit. */
int val_equal(const value *a, const value *b);
/* Deep copy into arena a. */
value *val_clone(struct arena *a, const value *v);
/* Debug/JSON dump (deterministic). */
void val_write_json(const value *v, struct buf *out);
