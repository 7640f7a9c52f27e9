/* diag_codes: stable diagnostic codes, for CI tools and the man page.
 *
 *   LOA-<S><AA><NN>   S: E error, W warning, N note
 *                     AA: area   NN: number within the area, never reused
 *
 *   area 01 usage and configuration (site.yml, options, theme folder)
 *        02 front matter             03 links and images
 *        04 templates                05 text (UTF-8, NFC)
 *        06 books (EPUB)             07 output folder
 *        08 reports (loa report, loa check --translations)
 *        09 internal
 *
 * A code names one kind of problem for good: its message may be reworded,
 * its number is not given to another problem.  A diagnostic without a code
 * is reported with the rule id "loa" in SARIF and GitLab reports.  Each
 * entry: X(NAME, "code", "what it means; how to fix it") — the text is the
 * SARIF rule's description and the man page's table (loa.1, DIAGNOSTICS). */
#pragma once

#define DIAG_CODES(X) \
    X(DIAG_REPORT_WRITE, "LOA-E0801", \
      "the report file cannot be written; check that its folder exists and is writable") \
    X(DIAG_REPORT_XLSX, "LOA-E0802", \
      "the XLSX workbook cannot be created or written; check the path and free space") \
    X(DIAG_DIAGNOSTICS_OUT, "LOA-E0101", \
      "the machine-readable diagnostics file (--diagnostics-out) cannot be written")

/* DIAG_NONE, then one enum value per code: diag_coded(DIAG_ERROR, DIAG_REPORT_WRITE, ...). */
#define DIAG_CODE_ENUM(name, code, text) name,
enum diag_code { DIAG_NONE, DIAG_CODES(DIAG_CODE_ENUM) DIAG_N_CODES };
#undef DIAG_CODE_ENUM

/* "LOA-E0801" and its description; NULL for DIAG_NONE or out of range. */
const char *diag_code_id(enum diag_code c);
const char *diag_code_text(enum diag_code c);
