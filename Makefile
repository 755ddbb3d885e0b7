# kpiwatch — the two commands for a fresh Debian 12 machine (as root): `make demo`, `make test`.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=

# Exactly what the build and the tests need, all from Debian 12 (Boost from the versioned
# 1.81 packages, never the 1.74 ones; no python3-scipy, which pulls libboost1.74-dev).
# chromium + chromium-driver: the headless-browser test of the web view (/ui/).
DEB_PACKAGES := \
  g++ cmake ninja-build make pkg-config \
  libboost1.81-dev libboost-json1.81-dev libboost-system1.81-dev \
  libeigen3-dev libarmadillo-dev librocksdb-dev libspdlog-dev libyaml-cpp-dev libcli11-dev \
  libcurl4-openssl-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev \
  r-base-core r-cran-strucchange r-cran-car r-cran-sandwich r-cran-lmtest \
  curl python3-aiosmtpd \
  clang libclang-rt-14-dev openssl \
  chromium chromium-driver

.PHONY: deps build test demo bench clean san-configure test-asan fuzz-build fuzz fuzz-smoke

deps:
	@missing=$$(dpkg-query -W -f='$${Package} $${db:Status-Status}\n' $(DEB_PACKAGES) 2>/dev/null \
	    | awk '$$2 == "installed" {print $$1}' | sort > /tmp/kpiwatch-installed.$$$$; \
	  for p in $(DEB_PACKAGES); do grep -qx "$$p" /tmp/kpiwatch-installed.$$$$ || echo "$$p"; done; \
	  rm -f /tmp/kpiwatch-installed.$$$$); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all $(words $(DEB_PACKAGES)) packages present"; fi

# -g1: line tables only (backtraces keep function names and lines); full -g made the
# template-heavy HTTP files a third slower to compile and twice as large.
$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900

demo: build
	bash daemon/dist/demo.sh $(BUILD_DIR)

bench: build
	bash tests/bench/run_benchmarks.sh $(BUILD_DIR)

# One sanitized build, with clang, serves CI's test suite and fuzzing: everything built
# with AddressSanitizer + UndefinedBehaviorSanitizer (-O1) and libFuzzer's coverage
# instrumentation. `make test-asan` runs the whole suite in it; `make fuzz-smoke` (CI) runs
# each libFuzzer target for FUZZ_SMOKE_SECONDS from the seed corpus in tests/fuzz/corpus.
# (Two builds, gcc for the suite and clang for fuzzing, took CI past 35 minutes.)
# `make fuzz` runs each target for FUZZ_SECONDS in a faster build of its own (below).
SAN_BUILD_DIR ?= build-asan
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 15
san-configure: deps
	cmake -S . -B $(SAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_COMPILER=clang++ \
	  -DKPIWATCH_SANITIZE=ON -DKPIWATCH_FUZZ=ON -DKPIWATCH_BUILD_BENCH=OFF

test-asan: san-configure
	cmake --build $(SAN_BUILD_DIR) -j $(JOBS)
	cd $(SAN_BUILD_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 1800

fuzz-build: san-configure
	cmake --build $(SAN_BUILD_DIR) -j $(JOBS) --target fuzz_targets

fuzz-smoke: fuzz-build
	bash tests/fuzz/run_fuzz.sh $(SAN_BUILD_DIR) $(FUZZ_SMOKE_SECONDS)

# The long runs by hand get their own -O2 build with ASan only (`build-fuzz/`): in the -O1
# tree with UBSan, fuzz_detectors runs about ten times fewer inputs a second.
FUZZ_BUILD_DIR ?= build-fuzz
fuzz: deps
	cmake -S . -B $(FUZZ_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_CXX_COMPILER=clang++ \
	  -DKPIWATCH_FUZZ=ON -DKPIWATCH_BUILD_BENCH=OFF
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target fuzz_targets
	bash tests/fuzz/run_fuzz.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) $(SAN_BUILD_DIR) $(FUZZ_BUILD_DIR)
