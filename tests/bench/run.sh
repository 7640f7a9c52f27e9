#!/bin/sh
# make bench: every benchmark, one after the other.  BUILD is the build folder.
# Benchmarks print their own figures; none of this runs in make test.
set -e
B="$1"
BENCH_DIR="${BENCH_DIR:-$B/bench}"
mkdir -p "$BENCH_DIR"
echo "== templates"
[ -x "$B/bench-mustache" ] && "$B/bench-mustache"
echo "== EPUB (300 chapters)"
[ -x "$B/bench-epub" ] && mkdir -p "$BENCH_DIR/epub" && "$B/bench-epub" 300 "$BENCH_DIR/epub/book.epub"
echo "== whole site (synthetic corpus, generated once into $BENCH_DIR/site)"
"$B/bench-site" "$B/loa" "$BENCH_DIR/site" "${BENCH_PAGES:-10000}" "${BENCH_RUNS:-3}"
echo "== search (synthetic corpus with a Zipf vocabulary, generated once into $BENCH_DIR/search)"
"$B/bench-search" "$B/loa" "$BENCH_DIR/search" "${BENCH_PAGES:-10000}" "${BENCH_RUNS:-3}"
echo "== postcards, share images and posters (generated once into $BENCH_DIR/cards)"
sh tests/bench/bench_cards.sh "$B/loa" "$BENCH_DIR/cards" "${BENCH_POSTCARDS:-1000}"
echo "== photos (phone JPEGs, generated once into $BENCH_DIR/photos)"
"$B/bench-photo" "$BENCH_DIR/photos" "${BENCH_PHOTOS:-1000}" 2
