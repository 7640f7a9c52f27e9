/* diag_codes: stable diagnostic codes, for CI tools and the man page.
 *
 *   LOA-<S><AA><NN>   S: E error, W warning, N note
 *                     AA: area   NN: number within the area, never reused
 *
 *   area 01 usage and configuration (site.yml, options, theme folder)
 *        02 front matter and content files
 *        03 links and images     04 templates and layouts
 *        05 text (UTF-8, NFC, YAML and Markdown syntax)
 *        06 books (EPUB)         07 output folder and cache
 *        08 reports (loa report, loa check --translations)
 *        09 internal             10 UI strings (i18n/)
 *        11 cards and posters    12 charts
 *
 * A code names one kind of problem for good: its message may be reworded,
 * its number is not given to another problem.  Every diagnostic has one:
 * diag_error, diag_warn and diag_note take it first.  Each entry:
 *   X(NAME, "code", "an example message", "what it means; how to fix it")
 * The description is the SARIF rule's and GitLab's description and, with
 * the example, the man page's table (loa.1, DIAGNOSTICS), which
 * `make man-codes` rewrites from `loa help codes --man`; the test
 * help_codes (tests/unit/test_diag.c) fails when loa.1 is out of date or
 * two codes share a number.  Codes are listed in the order of their number. */
#pragma once

#define DIAG_CODES(X) \
    X(DIAG_DIAGNOSTICS_OUT, "LOA-E0101", \
      "cannot write the diagnostics: No such file or directory; check that its folder exists and is writable", \
      "the machine-readable diagnostics file (--diagnostics-out) cannot be written; give a path in a folder that exists and is writable") \
    X(DIAG_CFG_NOT_TEXT, "LOA-E0102", \
      "'title' must be text", \
      "a site.yml setting that takes text has a list, a mapping or nothing; write the text after the colon, in quotes if it has a colon") \
    X(DIAG_CFG_NOT_BOOL, "LOA-E0103", \
      "'search' must be true or false", \
      "a site.yml setting that is on or off has another value; write true or false") \
    X(DIAG_CFG_NOT_NUMBER, "LOA-E0104", \
      "'paginate' must be a whole number of at least 1", \
      "a site.yml setting that counts something is not a whole number in its range; write a plain number such as 10") \
    X(DIAG_CFG_UNKNOWN_KEY, "LOA-W0105", \
      "unknown key 'titel' in site.yml; it is ignored (check the spelling)", \
      "site.yml has a key loa does not know, so it has no effect; fix its spelling (loa.1 lists every key) or remove it") \
    X(DIAG_CFG_FOLDER_NAME, "LOA-E0106", \
      "section 'tin tuc' becomes a folder name in the output, so it must be one plain name (a space); use letters, digits and '-'", \
      "a name in site.yml becomes a folder of the site; use one plain name of letters, digits and '-'") \
    X(DIAG_CFG_LANG_CODE, "LOA-E0107", \
      "'vietnamese' is not a language code; use a BCP 47 tag such as vi, en, hmn, zh-Hant or pt-BR", \
      "a language under languages: is not named by a BCP 47 tag; use a code such as vi, en or hmn") \
    X(DIAG_CFG_LANG_DIR, "LOA-E0108", \
      "language 'ar': dir must be ltr or rtl", \
      "a language's writing direction is neither ltr nor rtl; write one of the two") \
    X(DIAG_CFG_LANG_KIND, "LOA-E0109", \
      "language 'hmn': kind must be national, foreign or minority", \
      "a language's kind (used by reports for the 15-20% target) is another word; write national, foreign or minority") \
    X(DIAG_CFG_LANG_UNTRANSLATED, "LOA-E0110", \
      "language 'en': untranslated must be 'omit' or 'fallback'", \
      "what to do with pages a language lacks is another word; write omit or fallback") \
    X(DIAG_CFG_LANG_FALLBACK, "LOA-E0111", \
      "language 'hmn': fallback 'fr' is not a language of this site", \
      "a language borrows from a language the site does not have; name one of the site's languages") \
    X(DIAG_CFG_DEFAULT_LANG, "LOA-E0112", \
      "no language 'vn'; did you mean 'vi'?", \
      "default_language names a language that is not under languages:; name one that is") \
    X(DIAG_CFG_LANGUAGES, "LOA-E0113", \
      "'languages' must be a mapping from language code to its settings", \
      "languages: is a list or a single value; write one entry per language code (vi: {name: Tiếng Việt})") \
    X(DIAG_CFG_TAXONOMIES, "LOA-E0114", \
      "'taxonomies' must map plural names to singular ones (tags: tag)", \
      "taxonomies: is not a mapping of plural to singular names; write it like tags: tag") \
    X(DIAG_CFG_IMAGE_WIDTHS, "LOA-E0115", \
      "images.widths must be a list of 1 to 16 widths in pixels, like [480, 960, 1600]", \
      "images.widths is not a growing list of 1 to 16 widths from 16 to 8192 pixels; write one like [480, 960, 1600]") \
    X(DIAG_CFG_IMAGES, "LOA-E0116", \
      "images must be a mapping (widths, quality, webp, ...)", \
      "images: in site.yml is not a mapping; write its settings under it (widths:, quality:, webp:)") \
    X(DIAG_CFG_NOT_MAPPING, "LOA-E0117", \
      "site.yml must be a mapping of settings (key: value)", \
      "site.yml is a list or a single value; write one setting per line (key: value)") \
    X(DIAG_CFG_MENU_LANG, "LOA-W0118", \
      "menus: 'fr' is not a language of this site; that menu is ignored", \
      "a menu is given for a language the site does not have; rename it to one of the site's language codes or remove it") \
    X(DIAG_CFG_MENU_ENTRY, "LOA-W0119", \
      "a menu entry needs 'name' and 'url'; it is left out", \
      "a menu entry lacks its name or its URL and is not shown; give both") \
    X(DIAG_THEME_NONE, "LOA-E0120", \
      "no theme: add 'theme: portal' to site.yml or pass --theme DIR", \
      "no theme was named; add theme: portal to site.yml or pass --theme DIR") \
    X(DIAG_THEME_MISSING, "LOA-E0121", \
      "theme folder 'themes/portl' does not exist; check 'theme:' in site.yml or --theme", \
      "the theme folder named by theme: or --theme does not exist; fix the name or the path") \
    X(DIAG_CONTENT_MISSING, "LOA-E0122", \
      "the content folder does not exist; create it or pass --content DIR", \
      "the content folder is not there; run loa in the site's folder or pass --content DIR") \
    X(DIAG_CFG_BASE_URL, "LOA-E0123", \
      "base_url 'https://tinh.gov.vn/van lang/' has a space in its path; write it as https://host/ or https://host/folder/", \
      "base_url (or --base-url) is not a URL loa can put in front of every link: give the scheme, the host and, for a site in a sub-folder, a path of plain folder names ending in /") \
    X(DIAG_CFG_RELATIVE_URLS, "LOA-E0124", \
      "relative_urls: true cannot be used with a language that has a base_url of its own", \
      "a site that opens from disk cannot also put a language on a domain of its own; drop one of the two settings") \
    X(DIAG_CFG_AGENCY, "LOA-E0125", \
      "agency.name must be text, or a map from language code to text", \
      "a field of agency: in site.yml has the wrong shape or names a language the site does not have; write text, or {vi: ..., en: ...} with the site's language codes") \
    X(DIAG_CFG_AGENCY_MISSING, "LOA-W0126", \
      "agency: no licence in site.yml; Decree 42/2022 expects it on an agency portal", \
      "agency: lacks what the rules for agency portals expect (name, governing body, address, phone or e-mail, responsible person, licence); add the fields named") \
    X(DIAG_EXPLAIN_NO_OUTPUT, "LOA-E0127", \
      "--explain: no page was rendered to 'vi/x/index.html'; did you mean 'vi/y/index.html'?", \
      "--explain names an output no template rendered; give an output path as it is in the output folder, such as vi/index.html") \
    X(DIAG_SITE_EMPTY, "LOA-W0128", \
      "the site has no pages, so its home page has nothing to show", \
      "the content folder has no page to publish; add one (loa new story \"Title\") or check drafts, dates and the content folder") \
    X(DIAG_FM_TOML, "LOA-E0201", \
      "TOML front matter ('+++') is not supported; write it as YAML between '---' lines (title: \"...\")", \
      "the page starts with TOML front matter; rewrite it as YAML between two '---' lines") \
    X(DIAG_FM_JSON, "LOA-E0202", \
      "JSON front matter is not supported; write it as YAML between '---' lines (title: \"...\")", \
      "the page starts with JSON front matter; rewrite it as YAML between two '---' lines") \
    X(DIAG_FM_NOT_FIRST, "LOA-E0203", \
      "front matter must start on the first line, or it is shown as text; remove the 2 blank lines before '---'", \
      "blank lines come before the opening '---', so the front matter would be shown as text; remove them") \
    X(DIAG_FM_EMPTY_FILE, "LOA-W0204", \
      "the file is empty, so its page has no title and no text; write front matter and text, or delete the file", \
      "an empty Markdown file makes an empty page; write its front matter and text or delete it") \
    X(DIAG_FM_NOT_CLOSED, "LOA-E0205", \
      "front matter opened with '---' is never closed; add a line '---' after the last field", \
      "the front matter has no closing '---' line; add one after the last field") \
    X(DIAG_FM_TOO_LARGE, "LOA-E0206", \
      "the front matter is 80 KiB, more than the limit of 64 KiB; move long text into the body, or lists into content/data/", \
      "the front matter is over the size limit; move long text into the body and long lists into a data file") \
    X(DIAG_FM_UNKNOWN_FIELD, "LOA-W0207", \
      "unknown front matter field 'titel' for a page of type 'story'; did you mean 'title'? (fields of your own go under 'params:')", \
      "a front matter field loa does not know for this type has no effect; fix its spelling or move it under params:") \
    X(DIAG_FM_BAD_VALUE, "LOA-E0208", \
      "front matter: 'date' is not a date (expected YYYY-MM-DD, e.g. 2023-12-10)", \
      "a front matter field has a value of the wrong kind (a date, a number, true/false, text, a list); write it as the message says") \
    X(DIAG_FM_PARAMS_SHADOWED, "LOA-W0209", \
      "params: 'author' is also a field of its own in this front matter, which wins; rename one", \
      "a name under params: is also a field of the page, and the field wins; rename one of them") \
    X(DIAG_FM_NOT_MAPPING, "LOA-E0210", \
      "front matter must be a mapping of fields (title: ..., date: ...), not a list", \
      "the front matter is a list or a single value; write one field per line (title: ...)") \
    X(DIAG_FM_NOT_LIST, "LOA-E0211", \
      "front matter: 'tags' must be a list, e.g. [a, b]", \
      "a taxonomy field (tags, categories) is not a list; write it as [a, b] or one '- item' per line") \
    X(DIAG_CONTENT_LINK_OUTSIDE, "LOA-E0212", \
      "symbolic link to '/etc' leads outside the content folder; loa publishes only what is inside it: copy the files in or remove the link", \
      "a symbolic link in the content folder points outside it, and loa publishes only what is inside; copy the files in or remove the link") \
    X(DIAG_CONTENT_LINK_LOOP, "LOA-W0213", \
      "symbolic link to a folder that is already part of the site; skipped (a link loop, or the same folder twice): remove the link", \
      "a symbolic link leads to a folder already read (a loop, or the same folder twice) and is skipped; remove the link") \
    X(DIAG_CONTENT_UNKNOWN_LANG, "LOA-W0214", \
      "'fr' is not a language in site.yml; the file is skipped (add the language under 'languages:' or rename the file)", \
      "a file name carries a language code the site does not have, so the file is skipped; add the language to site.yml or rename the file") \
    X(DIAG_CONTENT_TOO_DEEP, "LOA-E0215", \
      "folders nested more than 32 deep; is there a link loop?", \
      "the content folders nest deeper than loa follows, usually because of a link loop; remove the loop or flatten the folders") \
    X(DIAG_CONTENT_READ_DIR, "LOA-E0216", \
      "cannot read folder: Permission denied", \
      "a content folder cannot be listed; check its permissions") \
    X(DIAG_CONTENT_MD_IN_BUNDLE, "LOA-W0217", \
      "a Markdown file inside a page bundle is not a page; move it out of 'stories/x' or rename it index.md", \
      "only index.md of a page bundle is a page, so this Markdown file is not published as one; move it out or make it the bundle's index.md") \
    X(DIAG_CONTENT_TOO_LARGE, "LOA-E0218", \
      "the file is 12.0 MiB, more than the limit of 8 MiB for a content file; split it into several pages", \
      "a content file is over the size limit; split it into several pages") \
    X(DIAG_FILE_READ, "LOA-E0219", \
      "cannot read the file: Permission denied", \
      "a file of the site (content, data, theme) cannot be read; check that it exists and is readable") \
    X(DIAG_CONTENT_CHANGED, "LOA-E0220", \
      "the file changed during the build; build again", \
      "the file was edited while loa read it, so two parts of the build saw different text; build again") \
    X(DIAG_PAGE_SAME_TRANSLATION, "LOA-E0221", \
      "this page and content/a.vi.md are both the vi version of the same page (same translationKey or file name); give one another translationKey", \
      "two files claim to be the same page in the same language; give one of them another translationKey or file name") \
    X(DIAG_PAGE_SAME_SLUG, "LOA-E0222", \
      "this page and content/stories/a.md have the same slug 'a' in section 'stories'; set a different 'slug' in one of them", \
      "two pages of one section would have the same address; set a different slug: in one of them") \
    X(DIAG_ALIAS_OUTSIDE, "LOA-E0223", \
      "'../x' would be written outside the output folder (it climbs out with '..'); write an alias as a path of this site, e.g. 'old/page' or '/old/page/'", \
      "an alias (an old address that redirects here) is not a path inside the site; write it like old/page") \
    X(DIAG_ALIAS_TAKEN, "LOA-E0224", \
      "alias 'old' would be written to old/index.html, which content/old.md already uses; change or remove the alias", \
      "an alias would overwrite the output of a page or another alias; change or remove it") \
    X(DIAG_PAGE_SAME_OUTPUT, "LOA-E0225", \
      "two pages would be written to stories/a/index.html: content/stories/a.md and content/stories/a/index.md; change the slug or file name of one", \
      "two pages would be written to the same output file; change the slug or file name of one") \
    X(DIAG_UNSAFE_URL, "LOA-E0226", \
      "'url' is 'javascript:alert(1)', which is not a safe link; use http:, https:, mailto:, tel: or a path", \
      "a link in the front matter has a scheme that could run code in a reader's browser; use an http(s), mailto or tel address, or a path") \
    X(DIAG_SEARCH_PAGE_TAKEN, "LOA-W0227", \
      "the search page /search/ is not written: a content page has that URL; move that page or set 'search: false'", \
      "a content page uses the address of the search page, which is then not written; move the page or turn search off") \
    X(DIAG_FM_HUGO_FIELD, "LOA-W0228", \
      "'url' has no effect in loa: a page's address comes from its folder and file name, or 'slug:'; write 'slug:' instead, and list an old address under 'aliases:' to keep it working", \
      "a Hugo front matter field that loa does not follow (url); write what the message says instead") \
    X(DIAG_CONTENT_NOT_FILE, "LOA-E0229", \
      "a named pipe, not a file; loa reads only regular files and folders: remove it from the content folder", \
      "an entry of the content folder is a named pipe, socket or device, which loa will not read (it could wait for ever); remove it") \
    X(DIAG_LINK_MISSING, "LOA-E0301", \
      "link to 'other.md': no such content file; fix the path (it is relative to this file)", \
      "a Markdown link points to a content file that does not exist; fix the path, which is relative to the page's file") \
    X(DIAG_LINK_BAD, "LOA-E0302", \
      "link to 'files/x.pdf': no such file in the content folder or the site", \
      "a local link leads to no file and no page of the site, or out of it; fix the path") \
    X(DIAG_IMAGE_MISSING, "LOA-E0303", \
      "image 'anh.jpg' does not exist; fix the path (relative to this file) or add the file", \
      "an image named in the page or its front matter is not there; fix the path or add the file") \
    X(DIAG_IMAGE_BAD, "LOA-E0304", \
      "image 'anh.jpg' is not an image (its bytes are not PNG, JPEG, GIF, WebP or SVG)", \
      "the image file cannot be used (not an image, corrupt, or too many pixels); re-save it as PNG or JPEG") \
    X(DIAG_IMAGE_NO_ALT, "LOA-W0305", \
      "image 'anh.jpg' has no alt text; describe it in ![...] for readers who cannot see it", \
      "an image has no text alternative, so blind readers learn nothing from it; describe it in ![...], in NAME_alt: or in alt:") \
    X(DIAG_PHOTO_NO_SRC, "LOA-E0306", \
      "each photo needs 'src:' (and 'alt:', 'caption:')", \
      "an entry of a photo list has no src:; give the image's path") \
    X(DIAG_MD_UNSAFE_URL, "LOA-W0307", \
      "link 'javascript:x': not a safe address; it is written with an empty address", \
      "a Markdown link or image has an address that could run code, and is written with an empty one; use an http(s), mailto or tel address, or a path") \
    X(DIAG_MEDIA_CACHE_READ, "LOA-E0308", \
      "cannot read the cached image; delete .loa-cache/ and build again", \
      "a resized copy in loa's cache cannot be read; delete .loa-cache/ and build again") \
    X(DIAG_MEDIA_NOT_IMAGE, "LOA-E0309", \
      "not an image loa can read (PNG, JPEG, GIF, WebP); re-save it in one of these formats", \
      "loa check found a photo it could not resize; re-save it as PNG, JPEG, GIF or WebP") \
    X(DIAG_MEDIA_PROCESS, "LOA-E0310", \
      "cannot decode the image: VipsJpeg: premature end of JPEG file", \
      "a photo cannot be resized (corrupt, too large, or an unknown format); re-save it as PNG or JPEG") \
    X(DIAG_MEDIA_KEPT_METADATA, "LOA-N0311", \
      "published with its metadata (EXIF, GPS) kept, as images.keep_metadata asks", \
      "a note: the photo's metadata (camera, place) is published because site.yml asks for it") \
    X(DIAG_MEDIA_SAME_NAMES, "LOA-E0312", \
      "'content/anh.jpg' and 'content/anh.png' would publish their smaller copies under the same names; rename one", \
      "two photos in one folder differ only by extension and their resized copies would clash; rename one") \
    X(DIAG_TPL_SYNTAX, "LOA-E0401", \
      "section 'page.title' opened at 1:1 is never closed (add '{{/page.title}}' where it should end)", \
      "a Mustache template has a syntax error (an unclosed tag or section, a bad name, bad delimiters); fix it where the message points") \
    X(DIAG_TPL_IGNORED_IN_PARENT, "LOA-W0402", \
      "text inside parent 'base' is ignored: only {{$block}} tags count there", \
      "inside {{<parent}} ... {{/parent}} only {{$block}} tags count; move the rest into a block") \
    X(DIAG_TPL_UNDEFINED, "LOA-E0403", \
      "'page.titel' is not defined", \
      "a template asks for a name the data does not have; fix its spelling (loa.1 lists the names) or wrap it in a section that tests it") \
    X(DIAG_TPL_PARTIAL_DEPTH, "LOA-E0404", \
      "partials nest more than 64 deep: a > b > a; make the recursion stop (put it in a section over data that runs out)", \
      "partials include each other without end; make the recursion stop over data that runs out") \
    X(DIAG_TPL_HAS_ERRORS, "LOA-E0405", \
      "partial 'header' (the value of 'page.partial') has errors", \
      "a partial or parent chosen by a value has its own errors, reported above; fix those") \
    X(DIAG_TPL_HAS_ERRORS_NOTE, "LOA-N0406", \
      "partial 'header' has errors (reported above)", \
      "a note pointing at the tag that includes a template with errors; fix the errors reported above") \
    X(DIAG_TPL_PARENT_MISSING, "LOA-E0407", \
      "parent template 'base' not found (asked for by 'layouts/_default/single'); check the name or add the template", \
      "a {{<parent}} names a template the theme does not have; fix the name or add the file") \
    X(DIAG_TPL_PARTIAL_MISSING, "LOA-W0408", \
      "partial 'footer' not found (asked for by 'layouts/_default/single'); it renders as nothing", \
      "a {{>partial}} names a template the theme does not have and renders as nothing; fix the name or add the file") \
    X(DIAG_TPL_TOO_MANY_STEPS, "LOA-E0409", \
      "rendering page content/a.md visits more than 10000000 template tags (the limit); partials or sections repeat each other too often, make them stop sooner", \
      "a page's templates take too many steps; partials or sections repeat each other too often, make them stop sooner") \
    X(DIAG_TPL_TOO_LARGE, "LOA-E0410", \
      "rendering page content/a.md makes more than 256 MiB (the limit); partials or sections repeat each other too often, make them stop sooner", \
      "a page's templates make too much output; partials or sections repeat each other too often") \
    X(DIAG_TPL_TOO_DEEP, "LOA-E0411", \
      "sections and partials nest more than 256 deep here; simplify the templates", \
      "sections and partials nest too deep; simplify the templates") \
    X(DIAG_TPL_BAD_NAME, "LOA-E0412", \
      "template name '../x' is not a path inside the theme (it climbs out with '..'); name a partial by its path under partials/, e.g. 'header'", \
      "a partial's name is not a plain path inside the theme; name it by its path under partials/") \
    X(DIAG_TPL_LINK_OUTSIDE, "LOA-E0413", \
      "'partials/x.mustache' is a symbolic link leading outside the theme; loa reads templates only from inside the theme folder", \
      "a template is a symbolic link out of the theme folder; copy the file into the theme") \
    X(DIAG_STATIC_LINK_OUTSIDE, "LOA-E0414", \
      "symbolic link to '/etc/passwd' leads outside the theme; copy the file into the theme's static/ folder instead", \
      "a file in the theme's static/ folder is a link out of the theme; copy the file in instead") \
    X(DIAG_STATIC_LINK_DIR, "LOA-W0415", \
      "symbolic link to a folder in static/ is not followed; copy the folder or link its files one by one", \
      "a folder link in the theme's static/ folder is skipped; copy the folder or link its files") \
    X(DIAG_LAYOUT_TYPE_NONE, "LOA-W0416", \
      "type 'storry' has no layouts (no folder layouts/storry), so the page looks like any other; did you mean 'story'?", \
      "a page's type has no layout folder in the theme, so the default layout is used; fix the type or add the folder") \
    X(DIAG_LAYOUT_NAME_BAD, "LOA-W0417", \
      "'layout' must be the name of a layout file without folder or extension (layout: wide for layouts/<type>/wide.mustache)", \
      "layout: in the front matter is a path or has an extension; give the bare name") \
    X(DIAG_LAYOUT_NAME_MISSING, "LOA-W0418", \
      "no layout 'wide' for a page of type 'story' (looked for layouts/story/wide.mustache, then in _default); the usual layout is used; layouts that exist: single", \
      "layout: names a layout the theme does not have and the usual one is used; fix the name or add the file") \
    X(DIAG_LAYOUT_TYPE_BAD, "LOA-E0419", \
      "type '../x' is not the name of a layout folder in the theme (it climbs out with '..'); use a plain name such as 'story'", \
      "type: in the front matter is not a plain name; use one such as story") \
    X(DIAG_LAYOUT_MISSING, "LOA-E0420", \
      "no layout for this home page (type ''): add one of themes/t/layouts/index.mustache, themes/t/layouts/_default/list.mustache", \
      "the theme has no layout for a kind of page; add one of the files the message lists") \
    X(DIAG_TPL_READ, "LOA-E0421", \
      "cannot read template: No such file or directory", \
      "loa render cannot read the template file it was given; check the path") \
    X(DIAG_TEXT_NUL, "LOA-E0501", \
      "the file contains a NUL byte (byte offset 12), so it is not text; save it again as UTF-8 text", \
      "the file has a NUL byte, so it is not text; save it again as UTF-8 text") \
    X(DIAG_TEXT_UTF8, "LOA-E0502", \
      "invalid UTF-8 at byte offset 40; save the file as UTF-8", \
      "the file is not valid UTF-8 (often saved as Windows-1258 or TCVN3); save it again as UTF-8") \
    X(DIAG_TEXT_NFC, "LOA-W0503", \
      "text is not in Unicode NFC form (decomposed accents, often pasted from Word or PDF); loa normalised it, re-save the file to silence this", \
      "the text has decomposed accents; loa normalised it, re-save the file (NFC) to silence this") \
    X(DIAG_TEXT_CONTROL, "LOA-E0504", \
      "the control character U+0001 is not text; remove it (is this a binary file?)", \
      "a control character is in a text file; remove it") \
    X(DIAG_YAML_CURLY_QUOTE, "LOA-E0505", \
      "invalid YAML: “ (typed by word processors) is not a YAML quote; use straight quotes \" or ' around the text", \
      "a word processor's curly quote stands where YAML needs a straight one; use \" or '") \
    X(DIAG_YAML_TAB, "LOA-E0506", \
      "invalid YAML: tabs cannot indent YAML; use spaces", \
      "YAML is indented with a tab; indent with spaces") \
    X(DIAG_YAML_COLON, "LOA-E0507", \
      "invalid YAML: a colon followed by a space in the value of 'title' starts a new field; put the title in quotes", \
      "a value has ': ' inside, which YAML reads as a new field; put the value in quotes") \
    X(DIAG_YAML_SYNTAX, "LOA-E0508", \
      "invalid YAML: key 'title' appears twice in the same mapping; keep one", \
      "YAML that cannot be read (indentation, colons, quotes, a repeated key, an unknown alias); fix it where the message points") \
    X(DIAG_YAML_ALIASES, "LOA-E0509", \
      "more than 1000 YAML aliases in one file (the limit); write the values out or move them to a data file", \
      "YAML aliases (*name) are used beyond loa's limits; write the values out") \
    X(DIAG_YAML_DEPTH, "LOA-E0510", \
      "YAML nested more than 64 levels deep (the limit); flatten the structure", \
      "YAML nests deeper than loa reads; flatten the structure") \
    X(DIAG_MD_INLINE_HTML, "LOA-E0511", \
      "inline HTML '<b>' is not closed; close it or remove it", \
      "HTML inside Markdown is not well formed (books need XHTML); close the tag or remove it") \
    X(DIAG_MD_SHORTCODE, "LOA-W0512", \
      "Hugo shortcode '{{< youtube x >}}' is not supported and would be shown as text; write it as Markdown (a link, an image) or HTML", \
      "a Hugo shortcode would be shown as text; write it as Markdown or HTML") \
    X(DIAG_MD_LONG_LINE, "LOA-E0513", \
      "line is 2000000 bytes long, more than the limit of 1048576; break it into shorter lines", \
      "a Markdown line is over the length limit; break it into shorter lines") \
    X(DIAG_MD_TABLE_CELLS, "LOA-E0514", \
      "more than 1000 '", \
      "' on one line (table cells); split the table, or write the text without '|'|a table has more cells than loa renders; split the table or the page") \
    X(DIAG_EPUB_METADATA, "LOA-E0601", \
      "book 'x': language 'vietnamese' is not a BCP 47 tag", \
      "a book's metadata (title, language, direction, creator role, date) is not valid EPUB; fix it in site.yml or the series' front matter") \
    X(DIAG_EPUB_NO_CHAPTERS, "LOA-E0602", \
      "book 'x': no chapters", \
      "a book has no chapter; give its publication pages or a section with pages") \
    X(DIAG_EPUB_CHAPTER, "LOA-E0603", \
      "book chapter 2 has no title", \
      "a chapter of a book has no title, no body, or a slug that is not plain ASCII or is used twice; fix that page") \
    X(DIAG_EPUB_IMAGE_PATH, "LOA-E0604", \
      "book image path 'ảnh.jpg' is not an ASCII slug path", \
      "an image of a book has no file or a name that cannot go into the EPUB; rename the file with ASCII letters, digits and '-'") \
    X(DIAG_EPUB_IMAGE_ALT, "LOA-E0605", \
      "image 'anh.jpg' has no alt text; every image in a book needs one (write it in ![...])", \
      "every image in a book needs a text alternative (EPUB accessibility); describe it in ![...]") \
    X(DIAG_EPUB_IMAGE_NOT_IN_BOOK, "LOA-E0606", \
      "image 'https://x/y.png' is not in the book (remote images cannot be read offline)", \
      "a chapter shows an image that is not packed into the book; use a local image") \
    X(DIAG_EPUB_TEMPLATE, "LOA-E0607", \
      "no book template 'chapter.xhtml.mustache'", \
      "a book template of the theme (epub/) cannot be read or is missing; restore it from the default theme") \
    X(DIAG_EPUB_RESOURCE, "LOA-E0608", \
      "book image is WebP, which EPUB readers do not all support (use PNG or JPEG)", \
      "an image or font of a book cannot be read or is of a type EPUB readers do not support; use PNG, JPEG or a TrueType/OpenType font") \
    X(DIAG_EPUB_FONT, "LOA-E0609", \
      "book font is not a TrueType, OpenType, WOFF or WOFF2 file", \
      "a book font is not a font file, or has the same file name as another; use distinct TrueType or OpenType files") \
    X(DIAG_EPUB_WRITE, "LOA-E0610", \
      "cannot write book: No space left on device", \
      "the EPUB file cannot be written; check free space and the output folder's permissions") \
    X(DIAG_PUB_NO_FILE, "LOA-E0611", \
      "publication 'sach': no content file 'stories/x.md'", \
      "a publication in site.yml lists a page that does not exist; fix the path (relative to the content folder)") \
    X(DIAG_PUB_LIST, "LOA-E0612", \
      "'publications' must be a list of books", \
      "publications: in site.yml is not a list; write one '- id: ...' entry per book") \
    X(DIAG_PUB_KIND, "LOA-E0613", \
      "publication kind must be 'collection' or 'series'", \
      "a publication's kind is another word; write collection or series") \
    X(DIAG_PUB_NEEDS, "LOA-E0614", \
      "a publication needs 'id' (or 'slug') and 'section' or 'pages'", \
      "a publication lacks its id or its pages; give id: and section: or pages:") \
    X(DIAG_PUB_REMOTE_IMAGE, "LOA-W0615", \
      "remote image 'https://x/y.png' cannot go into the book 'sach'; it is left out and its alt text shown instead", \
      "a remote image cannot go into a book and its alt text is shown instead; use a local copy") \
    X(DIAG_PUB_COVER, "LOA-E0616", \
      "cover image 'bia.jpg' does not exist; the path is relative to the content folder", \
      "a book's cover image is not there; fix the path or add the file") \
    X(DIAG_PUB_BUDGET, "LOA-W0617", \
      "the book is 9000 KB, over the theme's budget of 8000 KB (epub_budget_kb in theme.yml); lower images.book_width in site.yml or use fewer images", \
      "a book is larger than the theme's budget (readers on 3G download it whole); lower images.book_width or use fewer images") \
    X(DIAG_PUB_ONE_TITLE, "LOA-W0618", \
      "publication 'cong-uoc' has one title for its 2 language editions", \
      "a publication in site.yml gives one title for books in several languages, so every edition has it; give one title per language") \
    X(DIAG_PUB_NO_COVER, "LOA-W0619", \
      "the e-magazine series 'udhr75' has no cover; its book has none either", \
      "an e-magazine series becomes a book, and its _index.md names no cover; add cover: with a 1200x1800 image") \
    X(DIAG_OUT_REFUSED, "LOA-E0701", \
      "refusing to write the site here: it is the content folder; pass --out with a folder of its own (e.g. output)", \
      "--out names a folder loa will not replace (the content, the theme, a home or root folder); pass a folder of its own") \
    X(DIAG_OUT_LOCK, "LOA-E0702", \
      "another build still holds ./.output.loa-lock after 30 s; let it finish or stop it (LOA_LOCK_WAIT sets the wait)", \
      "another build of the same output folder is running, or the lock file cannot be made; let it finish, or check the parent folder's permissions") \
    X(DIAG_OUT_STAGE, "LOA-E0703", \
      "cannot create the staging folder: Permission denied", \
      "the staging folder beside the output folder cannot be made; check the parent folder's permissions and free space") \
    X(DIAG_OUT_PATH_OUTSIDE, "LOA-E0704", \
      "refusing to write '../x': it climbs out with '..'; an output path must stay inside the output folder", \
      "an output path would leave the output folder; it comes from a slug, URL or alias: fix that") \
    X(DIAG_OUT_WRITE, "LOA-E0705", \
      "cannot write 'index.html': Permission denied", \
      "a file or folder of the output cannot be written; check permissions") \
    X(DIAG_OUT_DISK_FULL, "LOA-E0706", \
      "the disk is full (No space left on device; 0 KiB free) while writing 'index.html'; free some space or pass --out with a folder on another disk, then build again; nothing more is written", \
      "the disk filled up during the build; free space or pass --out on another disk, then build again") \
    X(DIAG_OUT_REPLACED, "LOA-N0707", \
      "'x.html' was in the output folder and this build writes it too; the build's file wins", \
      "a note: a file that loa did not write was in the output folder and the build's own file replaces it") \
    X(DIAG_OUT_KEEP, "LOA-E0708", \
      "cannot keep 'x.pdf' (loa did not write it): Permission denied; move it into static/ so every build writes it", \
      "a file loa did not write cannot be carried over into the new output; move it into static/") \
    X(DIAG_OUT_KEPT, "LOA-N0709", \
      "kept 'x.pdf', which loa did not write; files that belong to the site are better in static/ (theme) or content/", \
      "a note: files loa did not write were kept in the output folder; put files of the site in static/ or content/") \
    X(DIAG_OUT_SWAP, "LOA-E0710", \
      "cannot move the new build into place: Device or resource busy (is the output folder a mount point? pass a folder inside it)", \
      "the finished build cannot replace the output folder; if it is a mount point, pass a folder inside it") \
    X(DIAG_CACHE_SYMLINK, "LOA-E0711", \
      "a symbolic link inside loa's cache; loa never makes one and will not follow it: delete the folder .loa-cache and build again", \
      "loa's cache (.loa-cache) holds a symbolic link loa did not make; delete the folder and build again") \
    X(DIAG_OUT_PATCH, "LOA-E0712", \
      "cannot open the output folder: No such file or directory", \
      "loa serve could not change files of the site it serves in place; it builds the whole site instead") \
    X(DIAG_OUT_SHARD, "LOA-E0713", \
      "cannot leave out 'vi/epub/x.epub' (another shard's): Permission denied", \
      "a build with --shard could not remove a file that belongs to another part; check the permissions of the output folder") \
    X(DIAG_REPORT_WRITE, "LOA-E0801", \
      "cannot write the report: No such file or directory; check that its folder exists and is writable", \
      "the report file cannot be written; check that its folder exists and is writable") \
    X(DIAG_REPORT_XLSX, "LOA-E0802", \
      "cannot write the workbook: file error; check the path and free space", \
      "the XLSX workbook cannot be created or written; check the path and free space") \
    X(DIAG_I18N_PLURAL_CATEGORY, "LOA-E1001", \
      "'fwe' is not a plural category of UI string 'minutes'; use zero, one, two, few, many or other", \
      "a plural form of a UI string has an unknown category; use zero, one, two, few, many or other") \
    X(DIAG_I18N_PLURAL_TEXT, "LOA-E1002", \
      "plural form 'one' of UI string 'minutes' must be text", \
      "a plural form of a UI string is not text; write the text") \
    X(DIAG_I18N_PLURAL_OTHER, "LOA-E1003", \
      "plural forms of UI string 'minutes' lack 'other', the form every language falls back to; add other: \"...\"", \
      "a UI string with plural forms has no other: form; add it") \
    X(DIAG_I18N_DATE_PATTERN, "LOA-E1004", \
      "'date_format' is not an ICU date pattern: unquoted letter 'n'", \
      "a date format in an i18n file is not an ICU date pattern; quote literal words ('ngày')") \
    X(DIAG_I18N_LIST, "LOA-E1005", \
      "UI string 'read_more' is a list; give text, or plural forms like {one: \"{count} minute\", other: \"{count} minutes\"}", \
      "a UI string is a list; give text or plural forms") \
    X(DIAG_I18N_EMPTY, "LOA-E1006", \
      "UI string 'read_more' has no value; give it text", \
      "a UI string is empty; give it text") \
    X(DIAG_I18N_NOT_MAPPING, "LOA-E1007", \
      "an i18n file maps UI string names to text (read_more: \"Read more\"), not a list or a single value", \
      "an i18n file is not a mapping of names to text; write one name: text per line") \
    X(DIAG_I18N_BORROWED, "LOA-W1008", \
      "language hmn has no UI strings of its own, so its menus and labels are in vi; add this file (copy i18n/vi.yml and translate it), or choose the language to borrow from with 'fallback:' in site.yml", \
      "a language has no UI strings file and borrows another language's; add the file and translate it") \
    X(DIAG_I18N_NONE, "LOA-W1009", \
      "language hmn has no UI strings, nor has any language it falls back to, so its menus and labels would be empty; add this file (copy i18n/vi.yml and translate it)", \
      "a language and its fallbacks have no UI strings, so labels are empty; add the file") \
    X(DIAG_I18N_MISSING, "LOA-W1010", \
      "UI string 'read_more' is missing for hmn; add it or it falls back to nothing", \
      "a UI string the theme uses is missing in a language; add it to that language's file") \
    X(DIAG_CARD_LAYOUT, "LOA-E1101", \
      "postcard.yml: 'width' must be a number of pixels", \
      "the theme's postcard.yml (card and poster layout) has a wrong value; fix it as the message says") \
    X(DIAG_CARD_FOCAL, "LOA-E1102", \
      "focal: is [x, y], two fractions of the background image from its top-left corner (e.g. [0.5, 0.3])", \
      "focal: in a postcard's front matter is not two fractions; write it like [0.5, 0.3]") \
    X(DIAG_CARD_BACKGROUND, "LOA-E1103", \
      "the background image cannot be read; re-save it as PNG or JPEG", \
      "a postcard's background image is not a readable PNG or JPEG; convert it, or remove image: to use the theme colour") \
    X(DIAG_CARD_GLYPH, "LOA-E1104", \
      "font 'Noto Sans' has no glyph for U+1E00 in the card text for language 'hmn'; name a font that covers it under fonts: in postcard.yml", \
      "a card font cannot draw some characters of the text; name a font that covers the script under fonts: in postcard.yml") \
    X(DIAG_CARD_FONT_MISSING, "LOA-E1105", \
      "font 'Noto Sans' for language 'vi' is not installed (fontconfig offers 'DejaVu Sans' instead); install it (Debian: fonts-noto-core) or list its file under font_files:", \
      "a card font is not installed; install it (Debian: fonts-noto-core) or list its file under font_files:") \
    X(DIAG_CARD_FONT_FILE, "LOA-E1106", \
      "fontconfig cannot read this font file; use a TrueType or OpenType file", \
      "a font file listed under font_files: cannot be read; use a TrueType or OpenType file") \
    X(DIAG_CARD_FIT, "LOA-E1107", \
      "slogan does not fit on the share image (1200x630) even at its smallest size; shorten it, or lower slogan: min_size in postcard.yml", \
      "a card's slogan does not fit even at its smallest size; shorten it or lower min_size") \
    X(DIAG_CARD_DRAW, "LOA-E1108", \
      "cannot draw the poster (cairo failed; check logo: in postcard.yml)", \
      "a card or poster cannot be drawn; check the logo and the layout in postcard.yml") \
    X(DIAG_CHART_NO_DESCRIPTION, "LOA-W1201", \
      "chart 'Dân số' has no description; add 'description:' saying what the chart shows, for readers who cannot see it", \
      "a chart has no text description for readers who cannot see it; add description:") \
    X(DIAG_CHART_SYNTAX, "LOA-E1202", \
      "chart: row 3 has 2 values but the header names 3 series", \
      "a chart block has a syntax or data error (its header, a row, a number, a colour); fix it where the message points") \
    X(DIAG_CHART_CONTRAST, "LOA-W1203", \
      "chart: colour '#333333' has contrast 1.6:1 on the dark background #1a1a1a; in dark mode it is hard to see: choose a middle tone", \
      "a chart colour is hard to see in dark mode; choose a middle tone")

/* DIAG_NONE, then one enum value per code: diag_coded(DIAG_ERROR, DIAG_REPORT_WRITE, ...). */
#define DIAG_CODE_ENUM(name, code, example, text) name,
enum diag_code { DIAG_NONE, DIAG_CODES(DIAG_CODE_ENUM) DIAG_N_CODES };
#undef DIAG_CODE_ENUM

/* "LOA-E0801", its description and its example message; NULL for
 * DIAG_NONE or out of range. */
const char *diag_code_id(enum diag_code c);
const char *diag_code_text(enum diag_code c);
const char *diag_code_example(enum diag_code c);
