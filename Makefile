# Nacre build. `make` builds build/nacre, build/libnacre.a and build/libnacre.so; `make test`
# runs every suite. Sources are found by wildcard, one directory per layer, so adding a file
# needs no edit here. The libraries hold everything an embedder needs (VM, compiler, stdlib,
# runtime policy and limits); the executable adds runtime/main.c and the Linux ABI layer.
# Objects are position-independent with hidden visibility: one set serves all three outputs, and
# runtime/exports.map keeps the dynamic symbols to the Lua 5.4 C API and nacre_*.
# Variants: `make BUILD=build/clang CC=clang`, `make test-asan`, `make test-switch` (switch dispatch).
# The default gcc build is profile-guided (PGO=1, below; `make PGO=0` builds without).

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
             -fPIC -fvisibility=hidden -fno-semantic-interposition $(LAYOUT_CFLAGS) \
             -Iinclude -I. $(GC_CFLAGS) $(SAN) $(EXTRA) $(CFLAGS)
EXPORTS     = runtime/exports.map
EXE_EXPORTS ?= -Wl,--export-dynamic -Wl,--version-script=$(EXPORTS)
# Code layout (bench/README.md, "Start-up"): every function is compiled into a section of its
# own, and both links use GNU ld's own script with runtime/layout.ld (written by
# bench/startup/layout from profiles of `-e ''` and the Lua benchmarks) included at the start of
# .text, so the code a Lua run executes lies together: a run maps a few of the executable's
# pages instead of most of them (the kernel maps file pages in 64 KB windows around a fault).
# LAYOUT=no links in object order; it is the default when the linker is not GNU ld.
LAYOUT      ?= auto
LAYOUT_ON   := $(if $(filter auto,$(LAYOUT)),$(shell $(CC) -Wl,--version 2>/dev/null | grep -q '^GNU ld' && echo yes),$(filter yes,$(LAYOUT)))
LAYOUT_LD    = runtime/layout.ld
LAYOUT_RODATA = runtime/layout-rodata.ld
# Literals stay in their own object's read-only data (gcc; clang has no such flag): merged across
# objects, the linker kept main's "linux" inside the Linux layer's "nacre linux".
NO_MERGE    := $(shell $(CC) -fno-merge-constants -Werror -E -x c /dev/null >/dev/null 2>&1 && echo -fno-merge-constants)
LAYOUT_CFLAGS = $(if $(LAYOUT_ON),-ffunction-sections $(NO_MERGE))
# Segments aligned to 64 KB, the kernel's fault-around window, so that the windows fall on the
# same code at every run (the kernel aligns a position-independent executable's random base to
# its segments' alignment): `-e ''` maps three windows of code, not three to five.
layout_script = $(if $(LAYOUT_ON),-Wl$(comma)-T$(comma)$(BUILD)/link-$(1).ld -Wl$(comma)-z$(comma)max-page-size=0x10000)
comma := ,
# Relative relocations packed (DT_RELR, binutils 2.38 and glibc 2.36 on): the 67 KB table of
# 2,800 entries that the dynamic loader reads at every start becomes a few hundred bytes.
RELR        := $(shell echo 'int main(void){return 0;}' | $(CC) -x c - -o /dev/null -Wl,-z,pack-relative-relocs \
                 -Wl,--fatal-warnings 2>/dev/null && echo -Wl,-z,pack-relative-relocs)
LDFLAGS_ALL = $(EXE_EXPORTS) $(RELR) $(SAN) $(LDFLAGS)
LIBS_OTHER  = -luv -lffi -ldl -lm -lpthread
LDLIBS_LIB  = $(GC_LIBS) $(LIBS_OTHER)
# The executable links libgc, libuv and libffi statically when their archives are installed
# (their -dev packages ship them): mapping and relocating the shared libraries took a third of
# `nacre -e ''`. EXE_STATIC=no links them shared, as libnacre.so always does. Sanitizer builds
# link them shared: the version script hides the sanitizer's malloc from libc, so a static
# libuv would hand memory libc allocated (scandir's entries) to the sanitizer's free. The
# executable does not link libm: runtime/libm.c loads it when a math function is first called.
EXE_STATIC ?= $(if $(SAN),no,yes)
SYSLIBDIR  := $(shell pkg-config --variable=libdir bdw-gc 2>/dev/null)
static_or   = $(or $(and $(filter yes,$(EXE_STATIC)),$(wildcard $(SYSLIBDIR)/$(1))),$(2))
LDLIBS_ALL  = $(if $(GC_BL),-Wl$(comma)-u$(comma)GC_bl_init $(GC_BL)) \
              $(call static_or,libgc.a,$(GC_LIBS)) $(call static_or,libuv_a.a,-luv) \
              $(call static_or,libffi.a,-lffi) -ldl -lpthread
# With the static libgc, the executable takes libgc's black lists (blacklst.o) from a copy whose
# memset calls go to gc_blzero (vm/gc.c), which gives the cleared tables' pages back to the
# kernel instead of writing zeros over them. -u pulls the copy in before libgc.a is searched;
# the archive keeps the name libgc.a so that runtime/layout.ld's patterns still place it.
GC_ARCHIVE := $(call static_or,libgc.a,)
GC_BL       = $(if $(GC_ARCHIVE),$(BUILD)/gcbl/libgc.a)
SONAME      = libnacre.so.0
# Every symbol of libnacre.so must resolve at link time, except in sanitizer builds, whose
# runtime the host executable provides.
ZDEFS       = $(if $(SAN),,-Wl,-z,defs)

# The executable's own sources (the libraries leave them out).
RT_SRC  := runtime/main.c runtime/libm.c
VM_SRC  := $(wildcard vm/*.c vm/bytecode/*.c compiler/*.c stdlib/*.c stdlib/*/*.c) \
           $(filter-out $(RT_SRC),$(wildcard runtime/*.c))
SX_SRC  := $(wildcard syscall-shim/*/*.c)

VM_OBJ  := $(VM_SRC:%.c=$(BUILD)/obj/%.o)
RT_OBJ  := $(RT_SRC:%.c=$(BUILD)/obj/%.o)
SX_OBJ  := $(SX_SRC:%.c=$(BUILD)/obj/%.o)

# Profile-guided optimisation (bench/README.md, "build flags"): every object is first compiled
# instrumented into $(BUILD)/pgo/obj, linked into $(BUILD)/pgo/nacre, which runs the training
# workload (bench/pgo/train: tests/lua, the examples and bench/pgo/workload.lua, never the bench
# programs); the objects of $(BUILD)/obj are then compiled with that profile. On by default for
# gcc without sanitizers or EXTRA; PGO=0 turns it off. Both compiles of a file name the same
# auxiliary base ($(BUILD)/pgo/aux/<file>), so they agree on the profile's file and on the
# identity of static functions. Any source change rebuilds the instrumented objects and
# retrains before the optimised objects are rebuilt, so a profile never meets other sources
# (gcc's -Wcoverage-mismatch, an error under -Werror, would stop it), and a missing profile is
# an error too (-Wmissing-profile): the build never falls back to an untrained object silently.
# -fprofile-partial-training keeps the functions the training never ran optimised for speed.
IS_GCC  := $(shell printf '__clang__ __GNUC__' | $(CC) -E -P -x c - 2>/dev/null | grep -q '^__clang__ [0-9]' && echo yes)
PGO     ?= $(if $(SAN)$(EXTRA),0,$(if $(IS_GCC),1,0))
PGO_DIR  = $(BUILD)/pgo
PGO_AUX  = -dumpdir $(PGO_DIR)/aux/ -dumpbase $(subst /,.,$*)
PGO_GEN  = -fprofile-generate -fprofile-update=single
PGO_USE  = -fprofile-use -fprofile-partial-training -Wmissing-profile
GEN_OBJ := $(patsubst $(BUILD)/obj/%,$(PGO_DIR)/obj/%,$(RT_OBJ) $(SX_OBJ) $(VM_OBJ))
ifeq ($(PGO)$(IS_GCC),1)
$(error PGO=1 needs gcc (its profile options and -dumpbase); $(CC) is not gcc: use PGO=0)
endif
ifeq ($(PGO),1)
OBJ_FLAGS = $(PGO_USE) $(PGO_AUX)
OBJ_DEPS  = $(PGO_DIR)/profile.stamp
endif

.PHONY: all test test-asan test-tsan test-switch test-clang bench ltp install uninstall clean fuzz-smoke
all: $(BUILD)/nacre $(BUILD)/libnacre.a $(BUILD)/libnacre.so

# Objects depend on the compile and link commands: changing CC, OPT, SAN, EXTRA, CFLAGS or the
# link flags rebuilds them (the stamp holds the last commands), so no build directory mixes
# objects of two configurations.
$(BUILD)/cflags.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) PGO=$(PGO)' | cmp -s - $@ || echo '$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) PGO=$(PGO)' >$@

$(BUILD)/obj/%.o: %.c $(BUILD)/cflags.stamp $(OBJ_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEFS) $(OBJ_FLAGS) -MMD -MP -c $< -o $@

# PGO's instrumented build and its training run. The training starts from no counts: gcov
# would otherwise add this run's counts to an earlier run's.
$(PGO_DIR)/obj/%.o: %.c $(BUILD)/cflags.stamp
	@mkdir -p $(dir $@) $(PGO_DIR)/aux
	$(CC) $(CFLAGS_ALL) $(DEFS) $(PGO_GEN) $(PGO_AUX) -MMD -MP -c $< -o $@

$(PGO_DIR)/nacre: $(GEN_OBJ) $(EXPORTS) $(GC_BL)
	$(CC) $(LDFLAGS_ALL) -fprofile-generate -o $@ $(GEN_OBJ) $(LDLIBS_ALL)

$(PGO_DIR)/profile.stamp: $(PGO_DIR)/nacre bench/pgo/train bench/pgo/workload.lua
	rm -f $(PGO_DIR)/aux/*.gcda $@
	bash bench/pgo/train $(PGO_DIR)/nacre
	touch $@

$(BUILD)/libnacre.a: $(VM_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/$(SONAME): $(VM_OBJ) $(EXPORTS) $(if $(LAYOUT_ON),$(BUILD)/link-so.ld)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(EXPORTS) $(ZDEFS) $(RELR) $(call layout_script,so) \
	  $(SAN) $(LDFLAGS) -o $@ $(VM_OBJ) $(LDLIBS_LIB)

$(BUILD)/libnacre.so: $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

# The objects in order: the Lua VM and its library, then the Linux layer (code that
# runtime/layout.ld does not place keeps this order; so does read-only data). The link map
# (nacre.map) is what bench/startup/layout reads.
$(BUILD)/nacre: $(RT_OBJ) $(VM_OBJ) $(SX_OBJ) $(EXPORTS) $(GC_BL) $(if $(LAYOUT_ON),$(BUILD)/link-exe.ld)
	$(CC) $(LDFLAGS_ALL) $(call layout_script,exe) -Wl,-Map=$@.map -o $@ $(RT_OBJ) $(VM_OBJ) $(SX_OBJ) $(LDLIBS_ALL)

$(BUILD)/gcbl/libgc.a: $(GC_ARCHIVE)
	@mkdir -p $(dir $@)
	cd $(dir $@) && rm -f libgc.a blacklst.o && ar x $(GC_ARCHIVE) blacklst.o && \
	  objcopy --redefine-sym memset=gc_blzero blacklst.o && ar rcs libgc.a blacklst.o

# GNU ld's default script for each link (it differs between -pie and -shared), printed by
# --verbose, with runtime/layout.ld included at the start of the .text output section.
$(BUILD)/link-%.ld: $(LAYOUT_LD) $(LAYOUT_RODATA) $(BUILD)/cflags.stamp
	$(CC) $(if $(filter so,$*),-shared) $(RELR) -Wl,-z,max-page-size=0x10000 $(SAN) $(LDFLAGS) -Wl,--verbose -x c /dev/null -o /dev/null 2>/dev/null | \
	  awk '/^=====/ { n++; next } n != 1 { next } \
	    /^  \.rodata +: \{ .* \}$$/ { sub(/\{/, "{ INCLUDE $(LAYOUT_RODATA)"); found++ } { print } \
	    prev ~ /^  \.text +:$$/ && /^  \{$$/ { print "    INCLUDE $(LAYOUT_LD)"; found++ } \
	    { prev = $$0 } END { exit found != 2 }' >$@.tmp
	mv $@.tmp $@

# sandbox.run's default child program is the installed nacre: its path is compiled into
# runtime/embed.c, which is rebuilt whenever BINDIR changes (the stamp holds the last value).
$(BUILD)/bindir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(BINDIR)' | cmp -s - $@ || echo '$(BINDIR)' >$@
$(BUILD)/obj/runtime/embed.o $(PGO_DIR)/obj/runtime/embed.o: $(BUILD)/bindir.stamp
%/obj/runtime/embed.o: DEFS = -DRT_DEFAULT_PROGRAM='"$(BINDIR)/nacre"'
# The interpreter loop: gcc's cross-jumping merges the dispatch at the end of every opcode into
# one shared indirect jump, which predicts worse and costs a jump per instruction (bench/README.md).
# clang has no such flag (its build keeps a single shared dispatch jump).
NO_XJUMP := $(shell $(CC) -fno-crossjumping -E -x c /dev/null >/dev/null 2>&1 && echo -fno-crossjumping)
%/obj/vm/exec.o: DEFS = $(NO_XJUMP)
FORCE:

-include $(VM_OBJ:.o=.d) $(RT_OBJ:.o=.d) $(SX_OBJ:.o=.d) $(if $(filter 1,$(PGO)),$(GEN_OBJ:.o=.d))

# The whole suite; tests/run prints one PASS/FAIL line per check and ends with "N passed, N failed".
test: all
	@BUILD=$(BUILD) CC=$(CC) SANFLAGS="$(SAN)" bash tests/run

test-asan:
	$(MAKE) BUILD=build/asan CC=clang OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" test

# ThreadSanitizer over the tests that run several host threads at once: guest threads
# (EMU_THREADS_ONLY: the shim's own data) and uv's work queues and threads (UV_THREADS_ONLY:
# states on several threads sharing the collector, the intern table and the limits). Its
# executable exports every symbol (no version script), so that libuv's thread pool starts its
# threads through the sanitizer's pthread_create.
test-tsan:
	$(MAKE) BUILD=build/tsan CC=clang OPT=-O1 SAN="-fsanitize=thread -fno-omit-frame-pointer" \
	  EXE_EXPORTS=-Wl,--export-dynamic all
	@BUILD=build/tsan CC=clang TESTS="emu uv" EMU_THREADS_ONLY=1 UV_THREADS_ONLY=1 \
	  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 die_after_fork=0" bash tests/run

test-switch:
	$(MAKE) BUILD=build/switch EXTRA=-DVM_DISPATCH_SWITCH test

test-clang:
	$(MAKE) BUILD=build/clang CC=clang test

bench: all
	@bash bench/run

# LTP's syscall tests natively, under nacre and under qemu-user (bench/README.md): a
# measurement that needs an LTP build, not part of `make test`.
ltp: all
	@bash bench/ltp/run $(LTP_FLAGS)

fuzz-smoke:
	@bash tests/fuzz/run-smoke

# `make install` (PREFIX, DESTDIR, and BINDIR/LIBDIR/INCDIR/MANDIR/DOCDIR) and `make uninstall`
# with the same variables. nacre.pc links libnacre.so; nacre-static.pc links libnacre.a.
VERSION := $(shell sed -n 's/^\#define NACRE_VERSION "\(.*\)"/\1/p' include/nacre.h)
PCSUBST  = -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCDIR@|$(INCDIR)|g' \
           -e 's|@VERSION@|$(VERSION)|g' -e 's|@LIBS@|$(LDLIBS_LIB)|g'
DOCS     = README.md LICENSE $(wildcard docs/*.md)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)
	install -m 755 $(BUILD)/nacre $(DESTDIR)$(BINDIR)/nacre
	install -m 644 $(BUILD)/libnacre.a $(DESTDIR)$(LIBDIR)/libnacre.a
	install -m 755 $(BUILD)/$(SONAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libnacre.so
	install -m 644 include/*.h $(DESTDIR)$(INCDIR)/
	sed $(PCSUBST) docs/nacre.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/nacre.pc
	sed $(PCSUBST) docs/nacre-static.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/nacre-static.pc
	install -m 644 docs/nacre.1 $(DESTDIR)$(MANDIR)/man1/nacre.1
	install -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nacre $(DESTDIR)$(LIBDIR)/libnacre.a $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/libnacre.so $(DESTDIR)$(LIBDIR)/pkgconfig/nacre.pc \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/nacre-static.pc $(DESTDIR)$(MANDIR)/man1/nacre.1
	rm -f $(addprefix $(DESTDIR)$(INCDIR)/,$(notdir $(wildcard include/*.h)))
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOCS)))
	-rmdir $(DESTDIR)$(INCDIR) $(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf build
