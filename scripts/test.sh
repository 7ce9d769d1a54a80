#!/usr/bin/env bash
# Builds rsemu and runs every test, with warnings as errors:
#   1. the doctest unit and in-process suites and the end-to-end suites with real
#      clients (boto3, AWS CLI v1 and v2, AWS SDK for JavaScript v3) through CTest;
#   2. the unit suites again under ASan+UBSan;
#   3. the fuzzers (clang-16, libFuzzer): every saved reproducer under
#      fuzz/regressions/ replayed, then a short run of every target
#      (RSEMU_FUZZ_SECONDS per target, default 15);
#   4. the concurrency tests under ThreadSanitizer with two I/O threads.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { echo "== test.sh: $* ($((SECONDS - started)) s)"; }

bash scripts/install-deps.sh --test
step "build"
bash scripts/build.sh build -DCMAKE_COMPILE_WARNING_AS_ERROR=ON -DBUILD_TESTING=ON
step "ctest"
(cd build && ctest --output-on-failure --timeout 900 -j"$(nproc)")

# The sanitizer build only needs the doctest binary.
step "ASan+UBSan build"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRSEMU_SANITIZE=ON -DRSEMU_E2E=OFF \
  -DCMAKE_COMPILE_WARNING_AS_ERROR=ON >/dev/null
cmake --build build-asan -j"$(nproc)" --target rsemu_tests
step "unit tests under ASan+UBSan"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure --timeout 900)

step "fuzz regressions"
FUZZ_REGRESSIONS=1 bash scripts/fuzz.sh
step "fuzz, ${RSEMU_FUZZ_SECONDS:-15} s per target"
bash scripts/fuzz.sh "${RSEMU_FUZZ_SECONDS:-15}"

step "ThreadSanitizer"
bash scripts/tsan.sh
step "done"
