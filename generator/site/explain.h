/* explain: `loa build --explain OUTPUT_PATH` prints, after a build, what
 * one output read (its dependency record, deps.h) in plain words:
 * templates by file, pages by source file with the fields read, UI
 * strings, data files and site.yml values. */
#pragma once
#include <stdio.h>

struct site;

/* Prints the record of path (an output path such as vi/cong-uoc/index.html;
 * a leading '/', the output folder and a final '/' for index.html are
 * accepted) to out.  0, or 2 after an error with a did-you-mean. */
int explain_output(struct site *s, const char *path, FILE *out);
