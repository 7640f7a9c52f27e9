/* escape: one function per output context.  Every string loa writes into
 * HTML, XML or JSON goes through exactly one of these, so each class of
 * injection is closed here, once, whatever the string's source.
 *
 * All of them append to b and take UTF-8 (checked on input, not here:
 * other bytes >= 0x80 pass through).  Characters that XML 1.0 forbids
 * and HTML reports as parse errors (C0 controls other than tab, LF and
 * CR; DEL; C1 controls; U+FFFE, U+FFFF) become U+FFFD in the HTML and
 * XML escapers, so a YAML "\x01" can never make a feed ill-formed. */
#pragma once
#include <stddef.h>

struct buf;

/* HTML text between tags: & < > as references. */
void esc_html_text(struct buf *b, const char *s, size_t n);
/* An HTML attribute value in double or single quotes: & < > " ' as
 * references.  Also right for text, which is why Mustache's {{x}}, which
 * cannot tell where it stands, uses it. */
void esc_html_attr(struct buf *b, const char *s, size_t n);
/* XML 1.0 text or attribute value (feeds, sitemaps, OPF, XHTML). */
void esc_xml(struct buf *b, const char *s, size_t n);
/* Text that is markup already (cmark's HTML): only the characters above
 * that neither HTML nor XML allows become U+FFFD. */
void esc_markup_clean(struct buf *b, const char *s, size_t n);

/* A JSON string with its quotes, safe inside an HTML <script> element:
 * " \ and controls as JSON escapes, < > & as \u003c \u003e \u0026 (no
 * "</script>" or "<!--" can appear), U+2028 and U+2029 as \u2028 \u2029
 * (line terminators to older JavaScript). */
void esc_json(struct buf *b, const char *s, size_t n);

enum { ESC_URL_IMAGE = 1 };   /* also data:image/png, gif, jpeg or webp */

/* 1 if u may be a link target: an http, https, mailto or tel URL, or one
 * with no scheme (a site path, a relative path, a query, a fragment,
 * //host).  Read as a browser reads it: leading C0 controls and spaces
 * are skipped, tabs and newlines inside ignored, the scheme's case too,
 * and HTML character references decoded first, so " JaVaScRiPt:",
 * "java\tscript:" and "java&#x09;script:" are all refused. */
int esc_url_allowed(const char *u, size_t n, unsigned flags);
/* A URL at the start of a quoted attribute value (href, src): a refused
 * URL becomes ESC_URL_REFUSED; controls and spaces are %-encoded; then
 * as esc_html_attr. */
void esc_url_attr(struct buf *b, const char *s, size_t n);
#define ESC_URL_REFUSED "about:invalid#refused"

/* How many bytes at the start of s esc_html_attr leaves as they are, and
 * esc_url_attr (0 for a refused URL): most values need no escaping, and
 * finding that out quickly is the hot loop of a page render. */
size_t esc_html_clean_len(const char *s, size_t n);
size_t esc_url_clean_len(const char *s, size_t n);
/* The message for a refused URL, for diagnostics. */
#define ESC_URL_ADVICE "only http, https, mailto and tel links or site paths are allowed"

struct value;
/* Checks every string in the tree v (site.yml, front matter) whose key is
 * `url` or ends in `_url` with esc_url_allowed, and reports each refused
 * one as an error at its line and column in file.  Returns -1 if any was
 * refused, else 0. */
int esc_check_urls(const char *file, const struct value *v);
