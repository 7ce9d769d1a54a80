#!/usr/bin/env bash
# Builds rsemu and runs every test: the doctest unit and in-process suites and the
# end-to-end suites with real clients (boto3, AWS CLI v1 and v2, AWS SDK for
# JavaScript v3) through CTest, then the unit suites again under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
bash scripts/build.sh build
(cd build && ctest --output-on-failure --timeout 900)
# The sanitizer build only needs the doctest binary.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRSEMU_SANITIZE=ON -DRSEMU_E2E=OFF >/dev/null
cmake --build build-asan -j"$(nproc)" --target rsemu_tests
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure --timeout 900)
