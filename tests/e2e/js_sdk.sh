#!/usr/bin/env bash
# E2E suite: the cluster foundation through the AWS SDK for JavaScript v3
# (tests/e2e/js/clusters.test.mjs, Node's built-in test runner). The pinned SDK
# packages of tests/e2e/js/package.json are installed outside the source tree,
# into e2e-js/ beside the rsemu binary (RSEMU_E2E_JS_DIR overrides), on first
# run and whenever package.json changes; the test files are copied there to run.
# Usage: bash tests/e2e/js_sdk.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
js_dir="${RSEMU_E2E_JS_DIR:-$(dirname "$RSEMU_BIN")/e2e-js}"
mkdir -p "$js_dir"
if [[ ! -d "$js_dir/node_modules" ]] || ! cmp -s "$E2E_DIR/js/package.json" "$js_dir/package.json"; then
  cp "$E2E_DIR/js/package.json" "$js_dir/package.json"
  (cd "$js_dir" && npm install --no-audit --no-fund --no-package-lock)
fi
cp "$E2E_DIR"/js/*.mjs "$js_dir"/
e2e_isolated_aws_env
export NODE_NO_WARNINGS=1
e2e_start_emulator
cd "$js_dir"
node --test --test-reporter=spec clusters.test.mjs
