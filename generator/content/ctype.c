#include "ctype.h"

#include <stddef.h>
#include <string.h>

static const char *const convention_fields[] = {"short_name", "full_title", "adopted",
    "in_force", "vietnam", "articles", "text_url", NULL};
static const char *const story_fields[] = {"province", "district", "commune", "author", "unit",
    "photos", NULL};
static const char *const postcard_fields[] = {"slogan", "caption", "hashtags", NULL};
static const char *const emagazine_fields[] = {"standfirst", "credits", "creator", NULL};

static const struct ctype_def defs[CT_COUNT] = {
    [CT_CONVENTION] = {CT_CONVENTION, "convention", "Convention summary", convention_fields,
                       CT_ORDER_CONVENTIONS, 0, 0, "Article", 1},
    [CT_STORY] = {CT_STORY, "story", "Story", story_fields, CT_ORDER_DATE, 0, 0, "NewsArticle", 1},
    [CT_POSTCARD] = {CT_POSTCARD, "postcard", "Postcard", postcard_fields, CT_ORDER_DATE, 0, 1,
                     "Article", 0},
    [CT_EMAGAZINE] = {CT_EMAGAZINE, "emagazine", "E-magazine part", emagazine_fields,
                      CT_ORDER_DATE, 1, 0, "Article", 1},
};

const struct ctype_def *ctype_find(const char *name)
{
    for (int t = CT_NONE + 1; name && t < CT_COUNT; t++)
        if (!strcmp(defs[t].name, name)) return &defs[t];
    return NULL;
}

enum ctype ctype_of(const char *name)
{
    const struct ctype_def *d = ctype_find(name);
    return d ? d->id : CT_NONE;
}

const struct ctype_def *ctype_def(enum ctype t)
{
    return t > CT_NONE && t < CT_COUNT ? &defs[t] : NULL;
}
