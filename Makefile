# The two commands of the README, and the rest. Everything installs what it needs first.
BUILD ?= build
PREFIX ?= /usr/local
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
# cmake --build runs make again; its Entering/Leaving lines only bury the output.
MAKEFLAGS += --no-print-directory

.PHONY: all deps configure build check demo bench bench-reclaim fuzz install clean fuzz-compiler

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

check: build
	@ctest --test-dir $(BUILD) --output-on-failure

# Each libFuzzer target (host-loader/tests/fuzz/) for FUZZ_SECONDS, its corpus kept in the build.
FUZZ_SECONDS ?= 300
FUZZ_DIR = $(BUILD)/host-loader/tests/fuzz
fuzz: build
	@for t in fuzz_load_run fuzz_table fuzz_prog; do \
	    echo "$$t: $(FUZZ_SECONDS) s"; \
	    host-loader/tests/fuzz/run_fuzzer.sh $(FUZZ_DIR)/$$t $(FUZZ_SECONDS) $(FUZZ_DIR)/corpus/$$t \
	        $(FUZZ_DIR)/seeds/$$t || exit 1; \
	done

# Differential testing of the compiler with more random programs than make check runs.
fuzz-compiler: build
	@cmake --build $(BUILD) --target fuzz-compiler

demo: build
	@cmake --build $(BUILD) --target demo

bench: build
	@cmake --build $(BUILD) --target bench

# Minutes long, not part of bench: reclaiming a real guest's free memory (docs/reclaim-bench.md).
bench-reclaim: build
	@bash scripts/install-deps.sh --bench-reclaim
	@cmake --build $(BUILD) --target bench-reclaim

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD)
