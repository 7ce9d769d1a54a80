#!/usr/bin/env bash
# E2E suite: hostile input from the security review — huge wildcard policies and
# values, control characters and invalid UTF-8, model patterns, a request
# without Host. Every answer must be well-formed XML that boto3 and a strict
# XML parser read. The emulator is started with the true|false flags in the
# form --help shows ("--strict-credentials false"), which must be accepted.
# Usage: bash tests/e2e/hostile_input.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator --strict-credentials false --tag-on-create-requires-create-tags false
cd "$E2E_DIR/python"
python3 -m unittest -v test_hostile_input
