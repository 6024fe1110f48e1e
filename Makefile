# Makefile - build, test, bench, install and demo for i40.
#
#   make            build the programs into build/bin
#   make check      install missing deps, build, run every test twice:
#                   plain and under ASan+UBSan; ends with "N passed, N failed"
#   make bench      run bench/ against the peers (Miller, datamash, pandas, R)
#   make demo       run the example plant's pipelines (examples/demo.sh)
#   make install    PREFIX=... DESTDIR=...
#   make fuzz       build the fuzz targets (tests/fuzz/README)
#
# New files are picked up by name: lib/*.c goes into libi40.a, cmd/X.c
# becomes build/bin/X, tests/unit/test_X.c becomes a cmocka test binary.

include config.mk

LIB_SRC  := $(sort $(wildcard lib/*.c))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
PROGS    := $(patsubst cmd/%.c,%,$(CMD_SRC))
UNITS    := $(patsubst tests/unit/%.c,%,$(UNIT_SRC))

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DI40_VERSION='"$(VERSION)"' -pthread \
	$(WARNFLAGS) -Ilib $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) $(CSV_LIBS) -lm -pthread $(LDLIBS)

# One build tree per flavour: build/ (optimised) and build/asan/.
B ?= build
FLAVOUR_FLAGS ?= $(OPTFLAGS)

OBJ_LIB  = $(patsubst lib/%.c,$(B)/obj/lib/%.o,$(LIB_SRC))
BIN      = $(patsubst %,$(B)/bin/%,$(PROGS))
UNIT_BIN = $(patsubst %,$(B)/tests/%,$(UNITS))

.PHONY: all deps check check-run test-plain test-asan bench demo install \
	uninstall clean fuzz lint

all: $(BIN)

$(B)/obj/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FLAVOUR_FLAGS) -c -o $@ $<

$(B)/libi40.a: $(OBJ_LIB)
	rm -f $@
	ar rcs $@ $(OBJ_LIB)

$(B)/bin/%: cmd/%.c $(B)/libi40.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FLAVOUR_FLAGS) -o $@ $< $(B)/libi40.a $(LDLIBS_ALL) $(LDFLAGS)

$(B)/tests/%: tests/unit/%.c $(B)/libi40.a lib/*.h tests/unit/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FLAVOUR_FLAGS) -o $@ $< $(B)/libi40.a $(LDLIBS_ALL) $(CMOCKA_LIBS) $(LDFLAGS)

units: $(UNIT_BIN)

# Dependencies: install what is missing (or print the command to do so).
deps:
	@scripts/install-deps

check: deps
	@rm -f build/results.txt build/asan/results.txt
	@$(MAKE) --no-print-directory test-plain
	@$(MAKE) --no-print-directory test-asan
	@tests/summary.sh build/results.txt build/asan/results.txt

test-plain:
	@$(MAKE) --no-print-directory all units
	@tests/run.sh build

test-asan:
	@$(MAKE) --no-print-directory B=build/asan FLAVOUR_FLAGS='$(SANFLAGS)' \
		LDFLAGS='-fsanitize=address,undefined' all units
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		I40_SANITIZED=1 tests/run.sh build/asan

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -Ilib $(PKG_CFLAGS) lib cmd

bench: deps all
	bench/run.sh

demo: deps all
	examples/demo.sh

fuzz:
	$(MAKE) -C tests/fuzz

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(MANPREFIX)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	cp -f $(BIN) $(DESTDIR)$(PREFIX)/bin/
	for p in $(PROGS); do \
		if [ "$$p" != i40 ]; then ln -sf i40 $(DESTDIR)$(BASHCOMPDIR)/$$p; fi; done
	cp -f completions/i40.bash $(DESTDIR)$(BASHCOMPDIR)/i40
	cp -f completions/_i40 $(DESTDIR)$(ZSHCOMPDIR)/_i40
	for m in man/*.1; do [ -e "$$m" ] && cp -f $$m $(DESTDIR)$(MANPREFIX)/man1/; done; true
	for m in man/*.5; do [ -e "$$m" ] && cp -f $$m $(DESTDIR)$(MANPREFIX)/man5/; done; true
	for m in man/*.7; do [ -e "$$m" ] && cp -f $$m $(DESTDIR)$(MANPREFIX)/man7/; done; true

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$p $(DESTDIR)$(BASHCOMPDIR)/$$p \
		$(DESTDIR)$(MANPREFIX)/man1/$$p.1; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/i40 $(DESTDIR)$(ZSHCOMPDIR)/_i40 \
		$(DESTDIR)$(MANPREFIX)/man5/i40-plant.5 $(DESTDIR)$(MANPREFIX)/man7/i40.7

clean:
	rm -rf build
