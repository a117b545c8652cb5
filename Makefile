# Nacre build. `make` builds build/nacre and build/libnacre.a; `make test` runs every suite.
# Sources are found by wildcard, one directory per layer, so adding a file needs no edit here.
# libnacre.a holds everything an embedder needs (VM, compiler, stdlib, runtime policy and limits);
# the executable adds runtime/main.c and the Linux ABI layer.
# Variants: `make BUILD=build/clang CC=clang`, `make test-asan`, `make test-switch` (switch dispatch).

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
OPT     ?= -O2
SAN     ?=
EXTRA   ?=

GC_CFLAGS := $(shell pkg-config --cflags bdw-gc 2>/dev/null)
GC_LIBS   := $(shell pkg-config --libs bdw-gc 2>/dev/null || echo -lgc)

CFLAGS_ALL = -std=gnu11 $(OPT) -g -Wall -Wextra -Werror -fno-strict-aliasing \
             -Iinclude -I. $(GC_CFLAGS) $(SAN) $(EXTRA) $(CFLAGS)
LDFLAGS_ALL = -rdynamic $(SAN) $(LDFLAGS)
LDLIBS_ALL  = $(GC_LIBS) -luv -lffi -lreadline -ldl -lm -lpthread

VM_SRC  := $(wildcard vm/*.c vm/bytecode/*.c compiler/*.c stdlib/*.c) \
           $(filter-out runtime/main.c,$(wildcard runtime/*.c))
RT_SRC  := runtime/main.c
SX_SRC  := $(wildcard syscall-shim/*/*.c)

VM_OBJ  := $(VM_SRC:%.c=$(BUILD)/obj/%.o)
RT_OBJ  := $(RT_SRC:%.c=$(BUILD)/obj/%.o)
SX_OBJ  := $(SX_SRC:%.c=$(BUILD)/obj/%.o)

.PHONY: all test test-asan test-tsan test-switch test-clang bench install clean fuzz-smoke
all: $(BUILD)/nacre $(BUILD)/libnacre.a

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libnacre.a: $(VM_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/nacre: $(RT_OBJ) $(SX_OBJ) $(BUILD)/libnacre.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(RT_OBJ) $(SX_OBJ) -Wl,--whole-archive $(BUILD)/libnacre.a -Wl,--no-whole-archive $(LDLIBS_ALL)

-include $(VM_OBJ:.o=.d) $(RT_OBJ:.o=.d) $(SX_OBJ:.o=.d)

# The whole suite; tests/run prints one PASS/FAIL line per check and ends with "N passed, N failed".
test: all
	@BUILD=$(BUILD) CC=$(CC) SANFLAGS="$(SAN)" bash tests/run

test-asan:
	$(MAKE) BUILD=build/asan CC=clang OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" test

# ThreadSanitizer over the guest-thread tests only (EMU_THREADS_ONLY): the shim's own data
# must be race-free while guest threads run on several host threads.
test-tsan:
	$(MAKE) BUILD=build/tsan CC=clang OPT=-O1 SAN="-fsanitize=thread -fno-omit-frame-pointer" all
	@BUILD=build/tsan CC=clang TESTS=emu EMU_THREADS_ONLY=1 \
	  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 die_after_fork=0" bash tests/run

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
