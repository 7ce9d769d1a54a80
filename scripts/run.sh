#!/usr/bin/env bash
# Builds rsemu and starts it on 127.0.0.1:4599 with in-memory state.
# Extra arguments go to rsemu (see `build/rsemu --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
exec ./build/rsemu --host 127.0.0.1 --port 4599 "$@"
