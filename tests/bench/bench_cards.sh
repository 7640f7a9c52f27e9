#!/bin/sh
# bench_cards.sh LOA DIR [POSTCARDS]: time and peak memory of drawing POSTCARDS postcards
# (default 1000) in two languages (vi, en) with themes/portal: each gets a share image, a
# square card, A4 and A3 posters and a QR code.  A cold build (empty .loa-cache) and a
# cached one.  A benchmark, never a test: make bench runs it, make test does not.
set -e
LOA="$1"
DIR="$2"
N="${3:-1000}"
C="$DIR/content"
if [ ! -f "$C/.complete-$N" ]; then
    rm -rf "$DIR" && mkdir -p "$C/postcards"
    cat > "$C/site.yml" <<YML
title: Cổng thông tin Quyền con người
base_url: https://bench.test/
theme: portal
publisher: Sở Tư pháp tỉnh Lai Châu
default_language: vi
languages:
  vi: {name: Tiếng Việt}
  en: {name: English, title: Human Rights Portal}
YML
    printf -- '---\ntitle: Bưu thiếp\ntype: postcard\n---\n' > "$C/postcards/_index.md"
    i=1
    while [ "$i" -le "$N" ]; do
        d="$C/postcards/p$i"
        mkdir -p "$d"
        printf -- '---\ntitle: "Bưu thiếp số %d"\ntype: postcard\ndate: 2023-12-10\nslogan: "Quyền con người số %d: mọi người sinh ra đều tự do và bình đẳng về nhân phẩm và quyền"\nhashtags: [NhanQuyen, UDHR75]\n---\nBưu thiếp.\n' "$i" "$i" > "$d/index.md"
        printf -- '---\ntitle: "Postcard %d"\ntype: postcard\ndate: 2023-12-10\nslogan: "Human rights no. %d: all human beings are born free and equal in dignity and rights"\nhashtags: [HumanRights, UDHR75]\n---\nPostcard.\n' "$i" "$i" > "$d/index.en.md"
        i=$((i + 1))
    done
    touch "$C/.complete-$N"
fi
run() {
    /usr/bin/time -o "$DIR/time.txt" -f "  %e s wall, %U s user, %S s system, peak RSS %M KiB" \
        env SOURCE_DATE_EPOCH=1735689600 "$LOA" build --content "$C" --theme themes/portal \
        --out "$DIR/output" --quiet --jobs "${JOBS:-2}"
    cat "$DIR/time.txt"
}
rm -rf "$DIR/.loa-cache"
echo "cards: $N postcards x 2 languages, cold (empty cache), ${JOBS:-2} jobs"
run
echo "cards: the same, cached"
run
echo "cards: $(find "$DIR/output" -name '*.png' | wc -l) PNG, $(find "$DIR/output" -name '*.pdf' | wc -l) PDF," \
     "cache $(du -sh "$DIR/.loa-cache" | cut -f1)"
