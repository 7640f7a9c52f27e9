#!/bin/sh
# check-html.sh DIR: validate every HTML file under DIR with the Nu HTML Checker
# (vnu.jar from the npm package vnu-jar, run with the system Java).  Prints each error
# as FILE:LINE:COL: message and exits non-zero if there is any.  Warnings are ignored.
#
#   cd tests && npm ci          # once: installs vnu-jar (never downloads a browser)
#   sh tests/tools/check-html.sh output
set -eu
dir=${1:?usage: check-html.sh DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"
if [ ! -f "$jar" ]; then
    echo "check-html: $jar is missing; run 'cd tests && npm ci' first" >&2
    exit 2
fi
command -v java >/dev/null 2>&1 || { echo "check-html: java is missing (apt-get install default-jre-headless)" >&2; exit 2; }
[ -d "$dir" ] || { echo "check-html: no such folder: $dir" >&2; exit 2; }
n=$(find "$dir" -name '*.html' | wc -l)
if [ "$n" -eq 0 ]; then echo "check-html: no HTML files under $dir" >&2; exit 2; fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
# --errors-only: warnings (e.g. "consider adding a lang attribute") do not fail the check.
# --skip-non-html: only *.html, *.htm and *.xhtml files are checked.
if java -Xss4m -jar "$jar" --errors-only --skip-non-html --format gnu "$dir" >"$out" 2>&1; then
    echo "check-html: $n HTML files, 0 errors"
    exit 0
fi
cat "$out"
errors=$(grep -c ':.*error' "$out" || true)
echo "check-html: $n HTML files, $errors errors" >&2
exit 1
