#!/usr/bin/env bash
# Configures and builds rsemu: scripts/build.sh [BUILD_DIR [CMAKE_ARGS...]]
# (default build/, RelWithDebInfo). RSEMU_BUILD_TARGETS names the targets to
# build (default: all); scripts/run.sh builds only the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
shift || true
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
targets=()
for target in ${RSEMU_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build_dir" -j"$(nproc)" "${targets[@]}"
