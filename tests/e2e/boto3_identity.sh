#!/usr/bin/env bash
# E2E suite: identity (IAM users, keys, groups, roles, policies; STS; SigV4
# verification and rejections) through boto3. A second emulator runs with
# --strict-credentials and the demo fixture for the strict-mode tests.
# Usage: bash tests/e2e/boto3_identity.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator
if [[ -z "${RSEMU_E2E_EXTERNAL_ENDPOINT:-}" ]]; then
  e2e_start_emulator_as RSEMU_STRICT_ENDPOINT --strict-credentials --fixtures "$E2E_REPO/fixtures/demo.json"
fi
cd "$E2E_DIR/python"
python3 -m unittest -v test_identity
