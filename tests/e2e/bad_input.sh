#!/usr/bin/env bash
# E2E suite: malformed and hostile HTTP input must get AWS-shaped 4xx/5xx errors,
# never a crash, hang or half-written state (raw http.client/socket requests).
# Usage: bash tests/e2e/bad_input.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator --read-timeout 1
cd "$E2E_DIR/python"
python3 -m unittest -v test_bad_input
