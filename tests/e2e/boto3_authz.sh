#!/usr/bin/env bash
# E2E suite: the authorization gate through boto3 — the seed's example policies,
# explicit denies, cross-account AssumeRole, the decision log, soft mode.
# A second emulator with --iam soft serves the soft-mode tests.
# Usage: bash tests/e2e/boto3_authz.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator
if [[ -z "${RSEMU_E2E_EXTERNAL_ENDPOINT:-}" ]]; then
  e2e_start_emulator_as RSEMU_SOFT_ENDPOINT --iam soft
fi
cd "$E2E_DIR/python"
python3 -m unittest -v test_authz
