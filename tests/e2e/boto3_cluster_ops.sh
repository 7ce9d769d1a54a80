#!/usr/bin/env bash
# E2E suite: the cluster operations beyond create/describe/delete (ModifyCluster,
# reboot/pause/resume, resize, IAM roles, maintenance, logging, snapshot copy,
# credentials, catalogs) through boto3. A second emulator with
# --transition-delay 2 serves the tests that watch transitional states and the
# waiters that really poll.
# Usage: bash tests/e2e/boto3_cluster_ops.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator
if [[ -z "${RSEMU_E2E_EXTERNAL_ENDPOINT:-}" ]]; then
  e2e_start_emulator_as RSEMU_SLOW_ENDPOINT --transition-delay 2
fi
cd "$E2E_DIR/python"
python3 -m unittest -v test_cluster_ops
