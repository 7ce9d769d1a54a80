#!/usr/bin/env bash
# Builds the emulator (only the rsemu target: no tests, no benchmarks) and
# starts it on 127.0.0.1:4599 with in-memory state.
# Extra arguments go to rsemu (see `build/rsemu --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
RSEMU_BUILD_TARGETS=rsemu bash scripts/build.sh build
exec ./build/rsemu --host 127.0.0.1 --port 4599 "$@"
