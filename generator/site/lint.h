/* lint: warnings for mistakes a build would otherwise pass in silence,
 * checked on the finished model (see lint.c). */
#pragma once
#include "site.h"

/* Warns, at the field's position, for front matter fields nothing reads
 * (with "did you mean"), a 'type' without a layout folder in the theme,
 * and a 'layout' no file provides.  Pages copied as fallbacks are
 * checked once, through their source. */
void site_lint(struct site *s);
