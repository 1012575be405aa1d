# turf-worker (runtime/): the JavaScript worker runtime. Included by the top Makefile.
# Links JavaScriptCore and libuv; embeds the JS glue of runtime/js/ at build time.
WORKER_SRC     := $(wildcard runtime/*.c)
WORKER_JS      := $(sort $(wildcard runtime/js/*.js))
WORKER_PKGS    := javascriptcoregtk-4.1 libuv
WORKER_CFLAGS  := $(shell pkg-config --cflags $(WORKER_PKGS) 2>/dev/null)
WORKER_LDLIBS  := $(shell pkg-config --libs $(WORKER_PKGS) 2>/dev/null || \
                    echo -ljavascriptcoregtk-4.1 -lgobject-2.0 -lglib-2.0 -luv)
WORKER_GLUE_C  := $(BUILD)/gen/runtime/js-glue.c
WORKER_GLUE_O  := $(BUILD)/obj/runtime/js-glue.o
WORKER_OBJ     := $(call obj,$(WORKER_SRC)) $(WORKER_GLUE_O)

$(BUILD)/obj/runtime/%.o: CFLAGS += $(WORKER_CFLAGS)

# The table of embedded glue is regenerated on every build but replaced only when it changes
# (a file added or removed), so nothing is recompiled for nothing.
.PHONY: runtime-glue-table
$(WORKER_GLUE_C): runtime-glue-table
	@mkdir -p $(@D)
	@sh runtime/embed-js.sh $(WORKER_JS) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# .incbin reads the JS files at assembly time (paths relative to the repository root), which the
# compiler's dependency files cannot see: list them here.
$(WORKER_GLUE_O): $(WORKER_GLUE_C) $(WORKER_JS) runtime/glue.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iruntime -c -o $@ $<

# libhttp-parser has no pkg-config file.
$(BUILD)/turf-worker: $(WORKER_OBJ) $(LIBSEED) $(LIBCORE) $(LIBOCI) $(LIBBASE)
	$(CC) $(LDFLAGS) -o $@ $(WORKER_OBJ) $(SEED_LINK) $(WORKER_LDLIBS) -lhttp_parser

# ---- tests ----

# A preloaded library that starts a thread before main: proves the startup thread check fails.
# Built without sanitizers: it only calls pthread_create.
WORKER_EXTRA_THREAD := $(BUILD)/tests/runtime/extra-thread.so
$(WORKER_EXTRA_THREAD): tests/runtime/extra-thread.c
	@mkdir -p $(@D)
	$(CC) -std=gnu17 -O2 -Wall -Wextra -Werror -shared -fPIC -o $@ $< -lpthread

RUNTIME_CHECK_FORKS  ?= 200
RUNTIME_STRESS_FORKS ?= 1000

# A raw HTTP client for the serving tests (tests/runtime/http.sh).
WORKER_HTTP_RAW := $(BUILD)/tests/runtime/http-raw
$(WORKER_HTTP_RAW): tests/runtime/http-raw.c
	@mkdir -p $(@D)
	$(CC) -std=gnu17 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o $@ $<

.PHONY: check-runtime stress-runtime
check-runtime: $(BUILD)/turf-worker $(WORKER_EXTRA_THREAD) $(WORKER_HTTP_RAW)
	@TURF_WORKER=$(abspath $(BUILD)/turf-worker) TURF_EXTRA_THREAD_SO=$(abspath $(WORKER_EXTRA_THREAD)) \
	  TURF_FORKS=$(RUNTIME_CHECK_FORKS) bash tests/runtime/run.sh; a=$$?; \
	  TURF_WORKER=$(abspath $(BUILD)/turf-worker) TURF_HTTP_RAW=$(abspath $(WORKER_HTTP_RAW)) \
	  bash tests/runtime/http.sh; b=$$?; [ $$a = 0 ] && [ $$b = 0 ]

# The full fork-safety proof: RUNTIME_STRESS_FORKS children, each watched by a watchdog.
stress-runtime: $(BUILD)/turf-worker
	@TURF_WORKER=$(abspath $(BUILD)/turf-worker) TURF_FORKS=$(RUNTIME_STRESS_FORKS) \
	  bash tests/runtime/fork-stress.sh

EXTRA_CHECKS   += check-runtime
STRESS_TARGETS += stress-runtime
