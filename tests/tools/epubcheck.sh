#!/bin/sh
# epubcheck.sh DIR: every .epub under DIR through epubcheck, failing on any
# fatal error, error or warning.  Prints the findings of failing books.
set -u
jar=/usr/share/java/epubcheck.jar
[ -f "$jar" ] || { echo "epubcheck is not installed (apt-get install epubcheck)"; exit 1; }
status=0
n=0
for f in $(find "$1" -name '*.epub' | sort); do
    n=$((n + 1))
    out=$(java -jar "$jar" --failonwarnings "$f" 2>&1)
    if [ $? -ne 0 ] || echo "$out" | grep -q '^\(ERROR\|WARNING\|FATAL\)'; then
        echo "epubcheck: $f"
        echo "$out" | grep -E '^(ERROR|WARNING|FATAL)'
        status=1
    fi
done
echo "epubcheck: $n books checked"
exit $status
