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
  curl python3-aiosmtpd chromium chromium-driver

.PHONY: deps build test demo bench clean

deps:
	@missing=$$(dpkg-query -W -f='$${Package} $${db:Status-Status}\n' $(DEB_PACKAGES) 2>/dev/null \
	    | awk '$$2 == "installed" {print $$1}' | sort > /tmp/kpiwatch-installed.$$$$; \
	  for p in $(DEB_PACKAGES); do grep -qx "$$p" /tmp/kpiwatch-installed.$$$$ || echo "$$p"; done; \
	  rm -f /tmp/kpiwatch-installed.$$$$); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all $(words $(DEB_PACKAGES)) packages present"; fi

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900

demo: build
	bash daemon/dist/demo.sh $(BUILD_DIR)

bench: build
	bash tests/bench/run_benchmarks.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
