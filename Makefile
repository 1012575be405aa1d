# Turf: build, install, deps, check, fuzz, format. GNU make; run `make help` for the targets.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=

CC       ?= gcc
FUZZ_CC  ?= clang
SANITIZE ?= 0
FUZZ_SECONDS ?= 30
BENCH_RUNS ?= 40

# Sanitized objects live apart from normal ones so that the two builds never mix.
ifeq ($(SANITIZE),1)
BUILD ?= build/sanitize
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SAN_FLAGS :=
endif

PKG_LIBS  := jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKG_LIBS) 2>/dev/null)
PKG_LDLIBS := $(shell pkg-config --libs $(PKG_LIBS) 2>/dev/null || echo -ljansson)

CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu17 -Wall -Wextra -Werror -D_GNU_SOURCE -MMD -MP $(PKG_CFLAGS) $(SAN_FLAGS)
LDFLAGS += $(SAN_FLAGS)

# Debian packages for the build, the tests and the benchmarks (`make deps` installs them).
DEB_PACKAGES := build-essential pkg-config \
	libjansson-dev libseccomp-dev libcap-dev libcgroup-dev libcriterion-dev \
	libjavascriptcoregtk-4.1-dev libuv1-dev libhttp-parser-dev libsystemd-dev \
	clang libclang-rt-14-dev clang-format valgrind groff-base man-db \
	runc crun containerd busybox-static iproute2 curl jq nodejs wrk systemd

BASE_SRC := $(wildcard turf/base/*.c)
OCI_SRC  := $(wildcard oci/*.c)
CORE_SRC := $(wildcard turf/state/*.c turf/sandbox/*.c turf/container/*.c)
CLI_SRC  := $(wildcard turf/cli/*.c)
TURFD_SRC  := $(wildcard turf/daemon/*.c)
SEED_SRC := $(wildcard turf/seed/*.c)
UNIT_SRC := $(wildcard tests/unit/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIBBASE := $(BUILD)/libturfbase.a
LIBOCI  := $(BUILD)/liboci.a
LIBCORE := $(BUILD)/libturfcore.a
LIBSEED := $(BUILD)/libturfseed.a
# The seed library and the core call each other (the warm path's two sides): link them as a
# group, with what they need.
SEED_LINK = -Wl,--start-group $(LIBSEED) $(LIBCORE) -Wl,--end-group $(LIBOCI) $(LIBBASE) \
	-lcap -lseccomp $(PKG_LDLIBS)
BINS    := $(BUILD)/turf $(BUILD)/turfd $(BUILD)/turf-worker
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRC))
FUZZER  := build/fuzz/oci_config_fuzz

.PHONY: all
all: $(BINS)

# Each area that grows its own dependencies keeps its rules in a fragment beside its code; a
# fragment adds its test targets to EXTRA_CHECKS (and stress targets to STRESS_TARGETS).
EXTRA_CHECKS :=
STRESS_TARGETS :=
include runtime/runtime.mk
include cgroups/cgroups.mk

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

# The default config is embedded with .incbin, which make cannot see through.
$(BUILD)/obj/oci/spec.o: oci/default-config.json

$(LIBBASE): $(call obj,$(BASE_SRC))
	$(AR) rcs $@ $^
$(LIBOCI): $(call obj,$(OCI_SRC))
	$(AR) rcs $@ $^

$(LIBCORE): $(call obj,$(CORE_SRC))
	$(AR) rcs $@ $^
$(LIBSEED): $(call obj,$(SEED_SRC))
	$(AR) rcs $@ $^

$(BUILD)/turf: $(call obj,$(CLI_SRC)) $(LIBCORE) $(LIBCGROUPS) $(LIBOCI) $(LIBBASE)
	$(CC) $(LDFLAGS) -o $@ $^ $(CGROUPS_LDLIBS) -lcap -lseccomp
$(BUILD)/turfd: $(call obj,$(TURFD_SRC)) $(LIBSEED) $(LIBCORE) $(LIBCGROUPS) $(LIBOCI) $(LIBBASE)
	$(CC) $(LDFLAGS) -o $@ $(call obj,$(TURFD_SRC)) -Wl,--start-group $(LIBSEED) $(LIBCORE) \
	  $(LIBCGROUPS) -Wl,--end-group $(LIBOCI) $(LIBBASE) $(CGROUPS_LDLIBS) -lcap -lseccomp \
	  -lsystemd $(PKG_LDLIBS)


# ---- tests ----

TEST_CFLAGS := -DTURF_TEST_DATA='"$(CURDIR)/tests/data"' -DTURF_BUILD_DIR='"$(CURDIR)/$(BUILD)"'
$(BUILD)/tests/unit/%: tests/unit/%.c $(LIBCORE) $(LIBOCI) $(LIBBASE)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBCORE) $(LIBOCI) $(LIBBASE) -lcriterion \
	  -lseccomp -lcap $(PKG_LDLIBS)

.PHONY: unit check check-unit check-valgrind check-man check-fuzz check-integration check-lifecycle check-lifecycle-runc
unit: $(UNIT_BINS)

check-unit: $(UNIT_BINS) $(BINS)
	@test -n "$(UNIT_BINS)" || { echo "check-unit: no unit tests found"; exit 1; }
	@failed=0; for t in $(UNIT_BINS); do echo "== $$t"; $$t --jobs 2 || failed=1; done; \
	  exit $$failed

# Every test process under valgrind, each with its own log (see tests/unit/valgrind.sh).
check-valgrind: $(UNIT_BINS)
	@bash tests/unit/valgrind.sh $(UNIT_BINS)

check-man:
	@bash tests/man/lint.sh

check-integration: $(BINS)
	@TURF=$(CURDIR)/$(BUILD)/turf bash tests/integration/run.sh

# The container lifecycle against the real binary; check-lifecycle-runc runs the very same
# tests against runc, the reference for CLI semantics.
check-lifecycle: $(BINS) $(BUILD)/recvtty
	@RUNTIME=$(CURDIR)/$(BUILD)/turf bash tests/integration/lifecycle.sh
	@RUNTIME=$(CURDIR)/$(BUILD)/turf bash tests/integration/cgroups.sh
	@RUNTIME=$(CURDIR)/$(BUILD)/turf RECVTTY=$(CURDIR)/$(BUILD)/recvtty bash tests/integration/process.sh
	@RUNTIME=$(CURDIR)/$(BUILD)/turf bash tests/integration/confinement.sh
	@RUNTIME=$(CURDIR)/$(BUILD)/turf bash tests/integration/seccomp.sh
# turf behind containerd's runc shim (a private containerd driven by ctr), every case also with
# runc as the reference (as root; skips otherwise).
.PHONY: check-containerd
check-containerd: $(BUILD)/turf
	@RUNTIMES="$(CURDIR)/$(BUILD)/turf runc" bash tests/integration/containerd.sh

check-lifecycle-runc: $(BUILD)/recvtty
	@RUNTIME=runc bash tests/integration/lifecycle.sh
	@RUNTIME=runc bash tests/integration/cgroups.sh
	@RUNTIME=runc RECVTTY=$(CURDIR)/$(BUILD)/recvtty bash tests/integration/process.sh
	@RUNTIME=runc bash tests/integration/confinement.sh
	@RUNTIME=runc bash tests/integration/seccomp.sh

# A seed without JavaScript for turfd's tests (links the seed library like turf-worker).
$(BUILD)/test-seed: tests/tools/test-seed.c $(LIBSEED) $(LIBCORE) $(LIBOCI) $(LIBBASE)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(SEED_LINK)

# turfd and WarmFork: seeds, warm sandboxes, crashes, restarts, the socket protocol and a leak
# run of TURFD_CYCLES create/start/delete cycles (as root; skips otherwise).
TURFD_CYCLES ?= 100
.PHONY: check-turfd stress-turfd
check-turfd: $(BINS) $(BUILD)/test-seed $(BUILD)/turfd-client $(BUILD)/seed-proto
	@BUILD_DIR=$(CURDIR)/$(BUILD) SANITIZE=$(SANITIZE) TURFD_CYCLES=$(TURFD_CYCLES) \
	  bash tests/integration/turfd.sh
stress-turfd: $(BINS) $(BUILD)/test-seed $(BUILD)/turfd-client $(BUILD)/seed-proto
	@BUILD_DIR=$(CURDIR)/$(BUILD) SANITIZE=$(SANITIZE) TURFD_CYCLES=1000 \
	  bash tests/integration/turfd.sh
STRESS_TARGETS += stress-turfd

# Speaks turfd's side of the seed protocol, badly, to a seed (tests/integration/turfd.sh).
$(BUILD)/seed-proto: tests/tools/seed-proto.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

# A raw client of turfd's socket for the protocol tests.
$(BUILD)/turfd-client: tests/tools/turfd-client.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

# A console-socket receiver for the terminal tests.
$(BUILD)/recvtty: tests/tools/recvtty.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

check-fuzz: $(FUZZER)
	@bash tests/fuzz/run.sh $(FUZZER) $(FUZZ_SECONDS)

# The full suite. Under SANITIZE=1 the binaries and unit tests run with ASan+UBSan; valgrind and
# the fuzzer (which carries its own sanitizers) run in the normal build only.
ifeq ($(SANITIZE),1)
check: format-check check-unit check-man check-integration check-lifecycle check-containerd \
  check-turfd $(EXTRA_CHECKS)
else
check: format-check check-unit check-valgrind check-man check-integration check-lifecycle \
  check-containerd check-turfd check-fuzz $(EXTRA_CHECKS)
endif

# Benchmarks: ratios against crun, runc (and later node) measured side by side in one run.
.PHONY: bench
bench: $(BINS) $(BUILD)/tests/bench/http-probe $(BUILD)/warm-probe
	@bash tests/bench/run-true.sh $(BENCH_RUNS)
	@TURF_WORKER=$(abspath $(BUILD)/turf-worker) TURF_HTTP_PROBE=$(abspath $(BUILD)/tests/bench/http-probe) \
	  bash tests/bench/http.sh
	@TURF_BUILD=$(abspath $(BUILD)) bash tests/bench/warm.sh

$(BUILD)/warm-probe: tests/bench/warm-probe.c tests/bench/probe.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/tests/bench/http-probe: tests/bench/http-probe.c tests/bench/probe.h
	@mkdir -p $(@D)
	$(CC) -std=gnu17 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o $@ $<

# Long-running stress runs (not part of check).
.PHONY: stress
stress: $(STRESS_TARGETS)

# ---- fuzzing (clang + libFuzzer) ----

.PHONY: fuzz
fuzz: $(FUZZER)
$(FUZZER): tests/fuzz/oci_config_fuzz.c $(BASE_SRC) $(OCI_SRC) oci/default-config.json
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu17 -g -O1 -D_GNU_SOURCE $(PKG_CFLAGS) \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -o $@ tests/fuzz/oci_config_fuzz.c $(BASE_SRC) $(OCI_SRC) $(PKG_LDLIBS)

# ---- install, deps, format, clean ----

.PHONY: install
install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(BUILD)/turf $(BUILD)/turf-worker $(DESTDIR)$(BINDIR)/
	install -m 0755 $(BUILD)/turfd $(DESTDIR)$(SBINDIR)/
	install -m 0644 man/turf-worker.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/turf-config.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 man/turf.8 man/turfd.8 $(DESTDIR)$(MANDIR)/man8/

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
.PHONY: deps
deps:
	@missing=$$(dpkg-query -W -f='$${Package} $${db:Status-Abbrev}\n' $(DEB_PACKAGES) 2>/dev/null \
	  | awk '$$2 != "ii" {print $$1}'; \
	  for p in $(DEB_PACKAGES); do dpkg-query -W $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "deps: all $(words $(DEB_PACKAGES)) packages installed"; \
	else echo "deps: installing" $$missing; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $(DEB_PACKAGES); fi

FORMAT_SRC = $(shell git ls-files "*.c" "*.h" 2>/dev/null)
.PHONY: format format-check
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	clang-format --dry-run --Werror $(FORMAT_SRC)

.PHONY: demo
demo: $(BINS) $(BUILD)/warm-probe
	@bash examples/demo.sh $(BUILD)

.PHONY: clean
clean:
	rm -rf build

.PHONY: help
help:
	@echo "make [all]            build turf, turfd, turf-worker into $(BUILD)/"
	@echo "make deps             install the Debian packages the build and tests need"
	@echo "make check            run every test (SANITIZE=1: under ASan+UBSan)"
	@echo "make demo             turfd, a seed, warm-forked sandboxes answering HTTP (as root)"
	@echo "make fuzz             build the config parser fuzzer (clang, libFuzzer)"
	@echo "make install          install binaries and man pages (PREFIX, DESTDIR)"
	@echo "make format           clang-format the sources"
	@echo "make clean            remove build/"

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
