#!/usr/bin/env bash
# E2E suite: durability with --data-dir. Resources of every family (clusters with
# tags, snapshots, a shared snapshot, IAM users, keys and policies) are written,
# the emulator is killed with SIGKILL (no clean shutdown), restarted on the same
# directory, and everything acknowledged must be there — and still usable (the
# IAM user's key still signs). Then a clean SIGTERM restart is checked the same way.
# Usage: bash tests/e2e/durability.sh [/abs/path/to/build/rsemu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/emulator.sh"
e2e_init "$@"
e2e_isolated_aws_env
if [[ -n "${RSEMU_E2E_EXTERNAL_ENDPOINT:-}" ]]; then
  echo "durability needs its own emulator; skipped against an external endpoint"
  exit 0
fi
data_dir="$E2E_TMP/durable"
mkdir -p "$data_dir"
cd "$E2E_DIR/python"

restart() {  # restart SIGNAL
  local pid="${E2E_PIDS[${#E2E_PIDS[@]}-1]}"
  kill "-$1" "$pid"
  wait "$pid" 2>/dev/null || true
  e2e_start_emulator_as RSEMU_ENDPOINT --data-dir "$data_dir"
}

e2e_start_emulator_as RSEMU_ENDPOINT --data-dir "$data_dir"
RSEMU_DURABILITY_STATE="$E2E_TMP/state.json" python3 -m unittest -v test_durability.Write
restart KILL
RSEMU_DURABILITY_STATE="$E2E_TMP/state.json" python3 -m unittest -v test_durability.Read
restart TERM
RSEMU_DURABILITY_STATE="$E2E_TMP/state.json" python3 -m unittest -v test_durability.Read
