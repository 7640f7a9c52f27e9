/* loa help codes: every diagnostic code with its meaning, the fix and an
 * example message, from util/diag_codes.h.  --man prints the same as man
 * page source: `make man-codes` puts it into loa.1 (DIAGNOSTICS CODES), and
 * a test fails when loa.1 is not up to date. */
#include "cli.h"
#include "../util/buf.h"
#include "../util/diag.h"

#include <stdio.h>
#include <string.h>

static const char help_usage[] =
    "usage: loa help codes [--man]\n"
    "\n"
    "Lists every diagnostic code (LOA-E0208 ...) with what it means, how to\n"
    "fix it and an example message; --man prints it as man page source.\n";

/* Text for roff: a backslash is \e, a hyphen \-, and every line starts
 * with \& so that a leading ' or . is never read as a request. */
static void roff(buf *b, const char *s)
{
    buf_puts(b, "\\&");
    for (; *s; s++) {
        if (*s == '\\') buf_puts(b, "\\e");
        else if (*s == '-') buf_puts(b, "\\-");
        else buf_putc(b, *s);
    }
}

static void man_entry(buf *b, enum diag_code c)
{
    buf_puts(b, ".TP\n.B ");
    roff(b, diag_code_id(c));
    buf_puts(b, "\n");
    roff(b, diag_code_text(c));
    buf_puts(b, ".\n.br\nExample: \\fI");
    roff(b, diag_code_example(c));
    buf_puts(b, "\\fR\n");
}

static void text_entry(buf *b, enum diag_code c)
{
    buf_printf(b, "%s  %s\n           e.g. %s\n", diag_code_id(c), diag_code_text(c),
               diag_code_example(c));
}

int cmd_help(int argc, char **argv)
{
    int man = argc == 3 && !strcmp(argv[2], "--man");
    if (argc < 2 || strcmp(argv[1], "codes") || (argc == 3 && !man) || argc > 3) {
        fputs(help_usage, argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
        return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 2;
    }
    buf b = BUF_INIT;
    for (int c = 1; c < DIAG_N_CODES; c++) {
        if (man) man_entry(&b, (enum diag_code)c);
        else text_entry(&b, (enum diag_code)c);
    }
    fwrite(b.data, 1, b.len, stdout);
    buf_release(&b);
    return 0;
}
