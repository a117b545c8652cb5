# Nacre build. `make` builds build/nacre, build/libnacre.a and build/libnacre.so; `make test`
# runs every suite. Sources are found by wildcard, one directory per layer, so adding a file
# needs no edit here. The libraries hold everything an embedder needs (VM, compiler, stdlib,
# runtime policy and limits); the executable adds runtime/main.c and the Linux ABI layer.
# Objects are position-independent with hidden visibility: one set serves all three outputs, and
# runtime/exports.map keeps the dynamic symbols to the Lua 5.4 C API and nacre_*.
# Variants: `make BUILD=build/clang CC=clang`, `make test-asan`, `make test-switch` (switch dispatch).

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include/nacre
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/nacre
OPT     ?= -O2
SAN     ?=
EXTRA   ?=

GC_CFLAGS := $(shell pkg-config --cflags bdw-gc 2>/dev/null)
GC_LIBS   := $(shell pkg-config --libs bdw-gc 2>/dev/null || echo -lgc)

CFLAGS_ALL = -std=gnu11 $(OPT) -g -Wall -Wextra -Werror -fno-strict-aliasing \
             -fPIC -fvisibility=hidden -fno-semantic-interposition \
             -Iinclude -I. $(GC_CFLAGS) $(SAN) $(EXTRA) $(CFLAGS)
EXPORTS     = runtime/exports.map
LDFLAGS_ALL = -Wl,--export-dynamic -Wl,--version-script=$(EXPORTS) $(SAN) $(LDFLAGS)
LDLIBS_LIB  = $(GC_LIBS) -lffi -lreadline -ldl -lm -lpthread
LDLIBS_ALL  = $(LDLIBS_LIB) -luv
SONAME      = libnacre.so.0

VM_SRC  := $(wildcard vm/*.c vm/bytecode/*.c compiler/*.c stdlib/*.c stdlib/ffi/*.c) \
           $(filter-out runtime/main.c,$(wildcard runtime/*.c))
RT_SRC  := runtime/main.c
SX_SRC  := $(wildcard syscall-shim/*/*.c)

VM_OBJ  := $(VM_SRC:%.c=$(BUILD)/obj/%.o)
RT_OBJ  := $(RT_SRC:%.c=$(BUILD)/obj/%.o)
SX_OBJ  := $(SX_SRC:%.c=$(BUILD)/obj/%.o)

.PHONY: all test test-asan test-switch test-clang bench install uninstall clean fuzz-smoke
all: $(BUILD)/nacre $(BUILD)/libnacre.a $(BUILD)/libnacre.so

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libnacre.a: $(VM_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/$(SONAME): $(VM_OBJ) $(EXPORTS)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(EXPORTS) -Wl,-z,defs $(SAN) $(LDFLAGS) \
	  -o $@ $(VM_OBJ) $(LDLIBS_LIB)

$(BUILD)/libnacre.so: $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

$(BUILD)/nacre: $(RT_OBJ) $(SX_OBJ) $(BUILD)/libnacre.a $(EXPORTS)
	$(CC) $(LDFLAGS_ALL) -o $@ $(RT_OBJ) $(SX_OBJ) -Wl,--whole-archive $(BUILD)/libnacre.a -Wl,--no-whole-archive $(LDLIBS_ALL)

-include $(VM_OBJ:.o=.d) $(RT_OBJ:.o=.d) $(SX_OBJ:.o=.d)

# The whole suite; tests/run prints one PASS/FAIL line per check and ends with "N passed, N failed".
test: all
	@BUILD=$(BUILD) CC=$(CC) SANFLAGS="$(SAN)" bash tests/run

test-asan:
	$(MAKE) BUILD=build/asan CC=clang OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" test

test-switch:
	$(MAKE) BUILD=build/switch EXTRA=-DVM_DISPATCH_SWITCH test

test-clang:
	$(MAKE) BUILD=build/clang CC=clang test

bench: all
	@bash bench/run

fuzz-smoke:
	@bash tests/fuzz/run-smoke

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/nacre $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BUILD)/nacre $(DESTDIR)$(PREFIX)/bin/nacre
	install -m 644 $(BUILD)/libnacre.a $(DESTDIR)$(PREFIX)/lib/libnacre.a
	install -m 644 include/*.h $(DESTDIR)$(PREFIX)/include/nacre/
	sed -e 's|@PREFIX@|$(PREFIX)|g' docs/nacre.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/nacre.pc

clean:
	rm -rf build
