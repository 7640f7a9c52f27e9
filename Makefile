# loa: static site and e-publication generator.  GNU make, gcc, pkg-config.
# make            build build/loa
# make site       install what is missing, build loa, build the demo into output/
# make test       the whole suite (unit, Mustache spec, golden builds, HTML/EPUB checks)
# make test-asan  the same suite under AddressSanitizer + UBSan
# make bench      benchmarks (never part of make test)
# make install    PREFIX=/usr/local DESTDIR=

VERSION  := 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= gcc
BUILD    ?= build
PKGS     := libcmark-gfm zlib yaml-0.1 libutf8proc icu-uc icu-i18n libmicrohttpd vips xlsxwriter \
            pangocairo cairo cairo-pdf libqrencode fontconfig librsvg-2.0 gdk-pixbuf-2.0
# Debian packages: what the build needs, and what the test suite needs on top.
DEB_BUILD := pkg-config/pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libzip-dev libyaml-dev \
             libutf8proc-dev libicu-dev libmicrohttpd-dev libvips-dev libxlsxwriter-dev \
             libcairo2-dev libpango1.0-dev libqrencode-dev libfontconfig-dev librsvg2-dev libgdk-pixbuf-2.0-dev fonts-noto-core
DEB_TEST  := epubcheck default-jre-headless/java nodejs/node npm/npm chromium/chromium libxml2-utils/xmllint fonts-dejavu-core unzip/unzip \
             libimage-exiftool-perl/exiftool curl/curl wrk/wrk python3-openpyxl \
             tesseract-ocr/tesseract tesseract-ocr-vie zbar-tools/zbarimg poppler-utils/pdfinfo

CFLAGS   ?= -O2 -g
override CFLAGS += -std=c11 -Wall -Wextra -Wpedantic -D_POSIX_C_SOURCE=200809L -DLOA_VERSION='"$(VERSION)"' \
            -DLOA_DATADIR='"$(PREFIX)/share/loa"' -MMD -MP -pthread
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) libzip 2>/dev/null)
# libvips is opened by loa when a photo is first published (photos/photo.c), not linked:
# its hundred libraries cost every run about 17 ms.  The test suite links it (test_photo),
# and libzip, which reads the books back (test_epub); loa writes them with zlib.
PKG_LIBS   = $(shell pkg-config --libs $(filter-out vips,$(PKGS)) 2>/dev/null)
TEST_LIBS  = $(shell pkg-config --libs vips libzip 2>/dev/null)
VIPS_SONAME = $(shell objdump -p $$(pkg-config --variable=libdir vips)/libvips.so 2>/dev/null | \
                awk '$$1 == "SONAME" {print $$2}')
LDLIBS   += $(PKG_LIBS) -lm -pthread

SRCS     := $(shell find generator -name '*.c' | LC_ALL=C sort)
LIB_SRCS := $(filter-out generator/cli/main.c,$(SRCS))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
SUITES   := $(patsubst tests/unit/test_%.c,%,$(TEST_SRCS))

OBJ      = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

.SECONDARY:
.PHONY: all deps test-deps site test test-asan test-tsan test-browser man-codes bench bench-compare bench-serve fuzz install clean
all: $(BUILD)/loa

# --- dependencies: install missing Debian packages (root) or say how ------
$(BUILD)/.deps-build: Makefile
	@sh tests/tools/need-debs.sh $(DEB_BUILD)
	@mkdir -p $(BUILD) && touch $@
$(BUILD)/.deps-test: Makefile tests/package.json
	@sh tests/tools/need-debs.sh $(DEB_TEST)
	@cd tests && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.loa-stamp ]; then \
	    npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.loa-stamp; fi
	@mkdir -p $(BUILD) && touch $@
deps: $(BUILD)/.deps-build
test-deps: $(BUILD)/.deps-test

# --- the program --------------------------------------------------------------
$(BUILD)/obj/%.o: %.c | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

# The EPUB templates built into the binary are the portal theme's own files.
EPUB_BUILTIN := $(addprefix themes/portal/epub/,chapter.xhtml.mustache cover.xhtml.mustache \
                nav.xhtml.mustache package.opf.mustache title.xhtml.mustache toc.ncx.mustache style.css)
$(BUILD)/gen/epub_builtin.inc: $(EPUB_BUILTIN) generator/epub/embed.awk
	@mkdir -p $(dir $@)
	LC_ALL=C awk -f generator/epub/embed.awk $(EPUB_BUILTIN) > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/generator/epub/builtin_templates.o: $(BUILD)/gen/epub_builtin.inc
$(BUILD)/obj/generator/epub/builtin_templates.o: override CFLAGS += -I$(BUILD)/gen
$(BUILD)/obj/generator/photos/photo.o: override CFLAGS += $(if $(VIPS_SONAME),-DLOA_VIPS_SONAME='"$(VIPS_SONAME)"')

$(BUILD)/loa: $(call OBJ,$(SRCS))
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# --- tests ---------------------------------------------------------------------
$(BUILD)/suites.h: $(TEST_SRCS) Makefile
	@mkdir -p $(BUILD)
	@printf '%s\n' $(foreach s,$(SUITES),'SUITE($(s))') > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/tests/runner.o: tests/runner.c $(BUILD)/suites.h | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -I$(BUILD) -c $< -o $@

$(BUILD)/loa-tests: $(call OBJ,$(LIB_SRCS)) $(call OBJ,$(TEST_SRCS)) $(BUILD)/obj/tests/runner.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

test: $(BUILD)/loa $(BUILD)/loa-tests $(BUILD)/.deps-test
	LOA_BIN=$(abspath $(BUILD)/loa) ./$(BUILD)/loa-tests

test-asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" build-asan/loa build-asan/loa-tests
	$(MAKE) test-deps
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp) \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    LOA_BIN=$(abspath build-asan/loa) LOA_SANITIZED=1 ./build-asan/loa-tests

# Builds with many threads under ThreadSanitizer: no page may read what
# another thread is writing.  The test site has an e-magazine series (its
# parts read each other's summaries) and no drawn cards (pango and glib are
# not instrumented, so their own locks would be reported).
test-tsan:
	$(MAKE) BUILD=build-tsan CFLAGS="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" build-tsan/loa
	rm -rf build-tsan/site
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 SOURCE_DATE_EPOCH=1767225600 build-tsan/loa build \
	    --content tests/cases/multilingual/content --theme tests/cases/multilingual/theme \
	    --out build-tsan/site --jobs 8 --quiet
	rm -rf build-tsan/demo   # the demo: an e-magazine series whose parts show each other
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 SOURCE_DATE_EPOCH=1767225600 build-tsan/loa build \
	    --out build-tsan/demo --jobs 8 --quiet
	@echo "test-tsan: no data race in a build with 8 threads"
	$(MAKE) BUILD=build-tsan CFLAGS="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" \
	    build-tsan/loa-tests
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 LOA_TEST=sidebyside LOA_BIN=$(abspath build-tsan/loa) \
	    ./build-tsan/loa-tests
	@echo "test-tsan: two builds side by side, each with its own diagnostics, no data race"

# The man page's table of diagnostic codes, from util/diag_codes.h through
# `loa help codes --man`; the diag tests fail when loa.1 is out of date.
man-codes: $(BUILD)/loa
	{ sed '/^\.\\" BEGIN CODES/q' loa.1; $(BUILD)/loa help codes --man; \
	  sed -n '/^\.\\" END CODES/,$$p' loa.1; } > loa.1.tmp && mv loa.1.tmp loa.1

# The demo, then a plain site (tests/cases/plain) built with the same theme; screenshots of
# every page kind go to build/screens/.  DOCS=1 also refreshes the README's screenshots.
test-browser: site $(BUILD)/.deps-test
	node tests/browser/check.mjs output $(if $(DOCS),--docs docs/screenshots)
	./$(BUILD)/loa build --quiet --content tests/cases/plain/content --theme themes/portal \
	    --out $(BUILD)/plain-site
	node tests/browser/check.mjs $(BUILD)/plain-site --plain

# --- the demo site ---------------------------------------------------------------
site: $(BUILD)/loa
	./$(BUILD)/loa build

# --- benchmarks (never timed tests) ---------------------------------------------
# Each tests/bench/bench_NAME.c is its own program build/bench-NAME; run.sh runs them all
# plus the whole-site and EPUB benchmarks on generated corpora.
BENCHES := $(patsubst tests/bench/bench_%.c,$(BUILD)/bench-%,$(wildcard tests/bench/bench_*.c))
bench: $(BUILD)/loa $(BENCHES)
	sh tests/bench/run.sh $(abspath $(BUILD))

# What search adds to a build and costs a reader: make bench-search N=10000 [ROUNDS=3]
.PHONY: bench-search
bench-search: $(BUILD)/loa $(BUILD)/bench-search
	$(BUILD)/bench-search $(abspath $(BUILD)/loa) $(BENCH_TMP)/search $(N) $(ROUNDS)

# loa against Hugo on one generated corpus: make bench-compare N=10000 [ROUNDS=3]
# (installs Debian's hugo if missing; the corpus goes to tmpfs)
N      ?= 10000
ROUNDS ?= 3
BENCH_TMP ?= /dev/shm/loa-bench
bench-compare: $(BUILD)/loa $(BUILD)/bench-compare
	@sh tests/tools/need-debs.sh hugo/hugo
	$(BUILD)/bench-compare $(abspath $(BUILD)/loa) $(BENCH_TMP) $(N) $(ROUNDS)

# From a save to the reload event of loa serve on the same corpus: make bench-serve N=10000
bench-serve: $(BUILD)/loa $(BUILD)/bench-compare $(BUILD)/bench-serve
	$(BUILD)/bench-compare $(abspath $(BUILD)/loa) $(BENCH_TMP) $(N) 0
	$(BUILD)/bench-serve $(abspath $(BUILD)/loa) $(BENCH_TMP) $(N) $(ROUNDS)

$(BUILD)/bench-%: $(BUILD)/obj/tests/bench/bench_%.o $(call OBJ,$(LIB_SRCS))
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# --- fuzzing (clang + libFuzzer): make fuzz FUZZ=mustache SECONDS=60 -------------
FUZZ    ?= mustache
SECONDS ?= 60
$(BUILD)/.deps-fuzz: Makefile
	@sh tests/tools/need-debs.sh clang/clang libclang-rt-14-dev
	@mkdir -p $(BUILD) && touch $@

# The library is compiled once for every target (with coverage, without
# libFuzzer's main), then each target is linked: make -j2 fuzz-build.
FUZZ_CFLAGS = -g -O1 -fsanitize=address,undefined -std=c11 -D_POSIX_C_SOURCE=200809L \
    -DLOA_VERSION='"$(VERSION)"' -DLOA_FUZZING -I$(BUILD)/gen $(PKG_CFLAGS)
FUZZ_OBJS    = $(patsubst %.c,build-fuzz/obj/%.o,$(LIB_SRCS))
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,build-fuzz/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))
build-fuzz/obj/%.o: %.c $(BUILD)/gen/epub_builtin.inc | $(BUILD)/.deps-build $(BUILD)/.deps-fuzz
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(LDLIBS)
-include $(FUZZ_OBJS:.o=.d)

.PHONY: fuzz-build
fuzz-build: $(FUZZ_TARGETS)

fuzz: build-fuzz/fuzz_$(FUZZ)
	mkdir -p build-fuzz/corpus-$(FUZZ)
	build-fuzz/fuzz_$(FUZZ) -max_total_time=$(SECONDS) -max_len=4096 build-fuzz/corpus-$(FUZZ) \
	    $(wildcard tests/fuzz/corpus-$(FUZZ))

# --- install ------------------------------------------------------------------------
install: $(BUILD)/loa
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/loa
	install -m 755 $(BUILD)/loa $(DESTDIR)$(PREFIX)/bin/loa
	install -m 644 loa.1 $(DESTDIR)$(PREFIX)/share/man/man1/loa.1
	cp -R themes $(DESTDIR)$(PREFIX)/share/loa/

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
