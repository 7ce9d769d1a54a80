#!/usr/bin/env bash
# Runs the concurrency tests under ThreadSanitizer, with the server on 2 I/O
# threads: configures build-tsan (or $1) with -DRSEMU_TSAN=ON, builds only
# rsemu_tsan_tests (the doctest binary with just the threaded test files) and the
# emulator, then runs
#   1. the doctest cases that share state between threads: the whole-emulator
#      "Concurrency: ..." cases, the HTTP server's "Server ..." cases (all on a
#      2-thread Server) and the policy parse cache's concurrent case;
#   2. the boto3 suite's concurrent identical CreateCluster
#      (test_clusters.ConcurrentCreates) against `rsemu --threads 2`.
# Any TSan report fails the run (halt_on_error=1).
# The compiler is CMake's default (GCC 12); CC=clang-16 CXX=clang++-16 selects
# clang for a fresh build dir. RSEMU_JOBS sets the build parallelism (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build-tsan}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRSEMU_TSAN=ON -DRSEMU_E2E=OFF \
  >/dev/null
cmake --build "$build_dir" -j"${RSEMU_JOBS:-2}" --target rsemu_tsan_tests rsemu

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
echo "== doctest concurrency cases under TSan"
"$build_dir/rsemu_tsan_tests" -tc='Concurrency:*,Server*,policy parse cache: concurrent*'

if ! python3 -c 'import boto3' 2>/dev/null &&
  ! "${PYENV_ROOT:-/root/.pyenv}/shims/python3" -c 'import boto3' 2>/dev/null; then
  echo "== boto3 not installed: skipping the concurrent CreateCluster e2e case"
  exit 0
fi
echo "== boto3 concurrent CreateCluster against rsemu --threads 2 under TSan"
source tests/e2e/lib/emulator.sh
e2e_init "$build_dir/rsemu"
e2e_isolated_aws_env
e2e_start_emulator --threads 2
(cd "$E2E_DIR/python" && python3 -m unittest -v test_clusters.ConcurrentCreates)
# A graceful stop: TSan exits with 66 if it reported anything.
pid="${E2E_PIDS[0]}"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
if [[ $rc -ne 0 ]] || grep -q "ThreadSanitizer" "$E2E_TMP"/emulator0.stderr; then
  echo "FAIL: rsemu exited with $rc under TSan" >&2
  cat "$E2E_TMP"/emulator0.stderr >&2
  exit 1
fi
echo "TSan: no reports"
