#!/usr/bin/env bash
# E2E suite: the cluster foundation through the AWS SDK for JavaScript v3
# (tests/e2e/js/clusters.test.mjs, Node's built-in test runner). Installs the
# pinned SDK packages from tests/e2e/js/package.json on first run.
# Usage: bash tests/e2e/js_sdk.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
if [[ ! -d "$E2E_DIR/js/node_modules" ]]; then
  (cd "$E2E_DIR/js" && npm install --no-audit --no-fund)
fi
e2e_isolated_aws_env
export NODE_NO_WARNINGS=1
e2e_start_emulator
cd "$E2E_DIR/js"
node --test --test-reporter=spec clusters.test.mjs
