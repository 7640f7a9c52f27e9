/* ctype: loa's own content types, declared once.  A page's `type` (front
 * matter, else its section's) names one of these or a theme's own type;
 * everything loa does differently per type reads this table: the fields
 * front matter may have, the data templates get, the order of a section's
 * pages, which sections become books, which pages get drawn cards, what
 * structured data a page declares and how reports count it. */
#pragma once

enum ctype {
    CT_NONE,          /* no type, "page", or a type only the theme knows */
    CT_CONVENTION,    /* a summary of a UN convention */
    CT_STORY,         /* a local achievement story */
    CT_POSTCARD,      /* a postcard shared on fanpages */
    CT_EMAGAZINE,     /* a part of an e-magazine series; the series is a section */
    CT_COUNT
};

/* How a section of this type orders its pages. */
enum ctype_order {
    CT_ORDER_DATE,         /* weight, then newest first (the default) */
    CT_ORDER_CONVENTIONS,  /* site.yml conventions_order, then the default */
};

struct ctype_def {
    enum ctype id;
    const char *name;             /* as written in front matter */
    const char *report_label;     /* loa report's word for one such product */
    const char *const *fields;    /* front matter fields of this type, NULL-terminated */
    enum ctype_order order;
    int series_book;              /* a section of this type becomes an EPUB */
    int drawn_card;               /* each page gets a drawn share image and posters */
    const char *schema_type;      /* JSON-LD @type of its pages */
    int reading_time;             /* pages show a reading time (not postcards) */
};

/* The entry for a type name; NULL for no name, "page" or a theme's type. */
const struct ctype_def *ctype_find(const char *name);
/* The same as an enum: CT_NONE when ctype_find gives NULL. */
enum ctype ctype_of(const char *name);
/* The entry of a known type (t > CT_NONE and < CT_COUNT). */
const struct ctype_def *ctype_def(enum ctype t);
