# The cgroup manager (cgroups/). Included by the top Makefile.
# libturfcgroups.a needs -lcgroup (libcgroup) and jansson at link time: see CGROUPS_LDLIBS.
CGROUPS_SRC    := $(wildcard cgroups/*.c)
LIBCGROUPS     := $(BUILD)/libturfcgroups.a
CGROUPS_LDLIBS := -lcgroup $(PKG_LDLIBS)

$(LIBCGROUPS): $(call obj,$(CGROUPS_SRC))
	$(AR) rcs $@ $^

# Real-cgroup tests (root; each binary skips with a message otherwise). One binary per file in
# tests/cgroups/, each linked with the shared fixtures in tests/cgroups/support/.
CG_TEST_SRC     := $(wildcard tests/cgroups/*.c)
CG_TEST_SUPPORT := $(wildcard tests/cgroups/support/*.c)
CG_TEST_BINS    := $(patsubst tests/cgroups/%.c,$(BUILD)/tests/cgroups/%,$(CG_TEST_SRC))
CG_CYCLES       ?= 1000

$(BUILD)/tests/cgroups/%: tests/cgroups/%.c $(CG_TEST_SUPPORT) $(wildcard tests/cgroups/support/*.h) \
		$(LIBCGROUPS) $(LIBBASE)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $< $(CG_TEST_SUPPORT) $(LIBCGROUPS) \
	  $(LIBBASE) -lcriterion $(CGROUPS_LDLIBS)

.PHONY: check-cgroups stress-cgroups
# --jobs 1: the behaviour tests time processes (freeze, CPU quota) and must not share the CPUs.
check-cgroups: $(CG_TEST_BINS)
	@if [ "$$(id -u)" != 0 ]; then echo "check-cgroups: not root: the tests that need real" \
	  "cgroups are skipped (only parsing and fake-tree tests run; --verbose shows why)"; fi
	@set -e; for t in $(CG_TEST_BINS); do echo "== $$t"; $$t --jobs 1; done

stress-cgroups: $(BUILD)/tests/cgroups/cycles
	@TURF_CG_CYCLES=$(CG_CYCLES) $(BUILD)/tests/cgroups/cycles --jobs 1 --verbose --filter 'cycles/*'

EXTRA_CHECKS   += check-cgroups
STRESS_TARGETS += stress-cgroups
