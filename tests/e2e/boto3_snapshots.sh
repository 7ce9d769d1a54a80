#!/usr/bin/env bash
# E2E suite: Redshift snapshots (create/describe/delete/copy/modify, batch
# variants, restore), cross-account snapshot sharing and tags through boto3,
# with the snapshot_available and cluster_restored waiters. A second emulator
# with --transition-delay 2 serves the tests that need to see "creating".
# Usage: bash tests/e2e/boto3_snapshots.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator
if [[ -z "${RSEMU_E2E_EXTERNAL_ENDPOINT:-}" ]]; then
  e2e_start_emulator_as RSEMU_SLOW_ENDPOINT --transition-delay 2
fi
cd "$E2E_DIR/python"
python3 -m unittest -v test_snapshots
