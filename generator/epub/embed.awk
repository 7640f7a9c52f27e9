# embed.awk: turns the portal theme's book files (themes/portal/epub/) into
# C arrays of string literals for builtin_templates.c, so the binary's
# copy cannot drift from the theme's.  Run by the Makefile with LC_ALL=C
# (bytes, not characters): one literal per source line, long lines cut in
# 1,000-byte pieces (ISO C compilers need only take 4,095-byte literals),
# backslashes, quotes and trigraph-starting "??" escaped.
#   awk -f embed.awk package.opf.mustache nav.xhtml.mustache ... > out.inc
function ident(path,    n, parts, name) {
    n = split(path, parts, "/")
    name = parts[n]
    sub(/\.mustache$/, "", name)
    gsub(/[^A-Za-z0-9]/, "_", name)
    return "builtin_" name
}
function lit(s, nl) {
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    gsub(/\?\?/, "?\\?", s)
    gsub(/\t/, "\\t", s)
    gsub(/\r/, "\\r", s)
    return "\"" s nl "\""
}
function close_array() {
    if (cur != "") printf "    NULL,\n};\n\n"
}
FNR == 1 {
    close_array()
    cur = ident(FILENAME)
    n = split(FILENAME, parts, "/")
    names[++nfiles] = parts[n]
    idents[nfiles] = cur
    printf "static const char *const %s[] = {\n", cur
}
{
    line = $0
    while (length(line) > 1000) {
        printf "    %s,\n", lit(substr(line, 1, 1000), "")
        line = substr(line, 1001)
    }
    printf "    %s,\n", lit(line, "\\n")
}
END {
    close_array()
    printf "static const struct { const char *name; const char *const *lines; } builtins[] = {\n"
    for (i = 1; i <= nfiles; i++) printf "    {\"%s\", %s},\n", names[i], idents[i]
    printf "};\n"
}
