#!/usr/bin/env bash
# E2E suite: the IAM policy simulator through boto3 — SimulatePrincipalPolicy and
# SimulateCustomPolicy decide as the gate does (stored resource tags included),
# with matched statements, missing context values, paging and errors, and the
# GetContextKeysFor*Policy operations.
# Usage: bash tests/e2e/boto3_simulator.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator
cd "$E2E_DIR/python"
python3 -m unittest -v test_simulator
