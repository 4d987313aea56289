# The two set-up commands of README.md: `make run` and `make test`.
# Both install the Debian 12 packages the build needs (as root; otherwise they print the
# apt-get line to run), configure with CMake presets and build.

PACKAGES := g++ cmake make pkg-config libexpat1-dev libgtest-dev libbenchmark-dev nlohmann-json3-dev \
            libsodium-dev libzstd-dev libsqlcipher-dev libssl-dev libgeographiclib-dev libtomlplusplus-dev librapidcheck-dev \
            libcpp-httplib-dev nodejs chromium clang-format clang-tidy
JOBS ?= $(shell nproc)
WERROR ?= $(if $(SKYKEEP_WERROR),$(SKYKEEP_WERROR),OFF)

.PHONY: run test deps build build-asan bench fuzz clean format format-check lint

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing Debian packages; run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	cmake --preset release -DSKYKEEP_WERROR=$(WERROR) >/dev/null
	cmake --build build/release -j $(JOBS)

build-asan: deps
	cmake --preset asan -DSKYKEEP_WERROR=$(WERROR) >/dev/null
	cmake --build build/asan -j $(JOBS)

run: build
	./build/release/skykeep demo

# Every C++ source the project formats (clang-format, .clang-format).
SOURCES = $(shell find src tests bench fuzz -name '*.cc' -o -name '*.h' | sort)

test: format-check build build-asan
	cd build/release && ctest --output-on-failure -j $(JOBS)
	cd build/asan && ctest --output-on-failure -j $(JOBS)

format:
	clang-format -i $(SOURCES)

# clang-tidy with .clang-tidy over every source under src/ (headers included): any warning fails.
lint: build
	run-clang-tidy -p build/release -quiet -j $(JOBS) '$(CURDIR)/src/.*\.cc$$' > build/lint.txt 2>&1 \
	  || { grep -E '(warning|error):' build/lint.txt | sort -u; echo "make lint: fix the above"; exit 1; }
	@echo "make lint: clean"

format-check: deps
	@clang-format --dry-run --Werror $(SOURCES) || { echo "make format-check: run 'make format'"; exit 1; }

bench: build
	./build/release/skykeep-bench
	./build/release/skykeep-vault-bench
	./build/release/skykeep-web-bench
	./build/release/skykeep-privacy-bench

# libFuzzer with clang (needs clang and libclang-rt-14-dev): make fuzz TARGET=ulog SECONDS=60
TARGET ?= ulog
SECONDS ?= 60
fuzz: deps
	CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSKYKEEP_SANITIZE=ON \
	  -DSKYKEEP_LIBFUZZER=ON -DSKYKEEP_TESTS=OFF -DSKYKEEP_BENCH=OFF >/dev/null
	cmake --build build/fuzz -j $(JOBS) --target $(TARGET)_fuzz
	mkdir -p build/fuzz/corpus/$(TARGET)
	./build/fuzz/$(TARGET)_fuzz -max_total_time=$(SECONDS) build/fuzz/corpus/$(TARGET) ../shared/testdata/$(TARGET)

clean:
	rm -rf build
