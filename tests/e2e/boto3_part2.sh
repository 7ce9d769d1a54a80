#!/usr/bin/env bash
# E2E suite: Redshift part 2 (parameter groups, security groups and ingress,
# subnet groups, event subscriptions, events and categories, HSM, snapshot copy
# grants, account attributes) through boto3, then persistence: a second
# emulator with --data-dir is written to, restarted on the same directory and
# read back.
# Usage: bash tests/e2e/boto3_part2.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
e2e_start_emulator
cd "$E2E_DIR/python"
python3 -m unittest -v test_part2

if [[ -z "${RSEMU_E2E_EXTERNAL_ENDPOINT:-}" ]]; then
  data_dir="$E2E_TMP/part2-data"
  mkdir -p "$data_dir"
  e2e_start_emulator_as RSEMU_PERSIST_ENDPOINT --data-dir "$data_dir"
  RSEMU_ENDPOINT="$RSEMU_PERSIST_ENDPOINT" RSEMU_PERSIST_PHASE=1 \
    python3 -m unittest -v test_part2.PersistPhase1
  pid="${E2E_PIDS[${#E2E_PIDS[@]}-1]}"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  e2e_start_emulator_as RSEMU_PERSIST_ENDPOINT --data-dir "$data_dir"
  RSEMU_ENDPOINT="$RSEMU_PERSIST_ENDPOINT" RSEMU_PERSIST_PHASE=2 \
    python3 -m unittest -v test_part2.PersistPhase2
fi
