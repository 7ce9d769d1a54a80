# Shared helpers for the end-to-end suites (source this file, do not run it).
#
#   e2e_init "$@"                 resolve the rsemu binary (first argument, default build/rsemu)
#   e2e_start_emulator [flags]    start it on a free port, export RSEMU_ENDPOINT, stop it on EXIT
#   e2e_isolated_aws_env          dummy credentials, region, no user config, no pager
#   e2e_check / e2e_fail / e2e_finish   record results and exit non-zero on any failure
#
# Set RSEMU_E2E_EXTERNAL_ENDPOINT=http://127.0.0.1:PORT to run a suite against an
# emulator that is already running (no binary is started then); RSEMU_RESET_PATH
# overrides the reset path the suites use between tests (default /_emulator/reset).

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E_REPO="$(cd "$E2E_DIR/../.." && pwd)"
E2E_TMP="$(mktemp -d "${TMPDIR:-/tmp}/rsemu-e2e.XXXXXX")"
E2E_PIDS=()
E2E_FAILED=0
E2E_PASSED=0
E2E_FAILURES=()

_e2e_cleanup() {
  local rc=$? pid
  for pid in "${E2E_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || continue
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ $rc -ne 0 ]]; then
    for f in "$E2E_TMP"/emulator*.stderr; do
      [[ -s "$f" ]] || continue
      echo "---- $(basename "$f") (last 40 lines) ----" >&2
      tail -n 40 "$f" >&2
    done
  fi
  rm -rf "$E2E_TMP"
  exit $rc
}
trap _e2e_cleanup EXIT

e2e_init() {
  RSEMU_BIN="${1:-$E2E_REPO/build/rsemu}"
  case "$RSEMU_BIN" in /*) ;; *) RSEMU_BIN="$PWD/$RSEMU_BIN" ;; esac
  export RSEMU_BIN
}

# e2e_start_emulator [flags]: starts "$RSEMU_BIN --port 0 --log-level warn <flags>", waits
# up to 5 s for its first stdout line "rsemu listening on http://HOST:PORT", exports
# RSEMU_ENDPOINT. e2e_start_emulator_as VAR [flags] does the same for a further instance
# and exports its endpoint as VAR instead.
e2e_start_emulator() {
  if [[ -n "${RSEMU_E2E_EXTERNAL_ENDPOINT:-}" ]]; then
    export RSEMU_ENDPOINT="$RSEMU_E2E_EXTERNAL_ENDPOINT"
    echo "using already running emulator at $RSEMU_ENDPOINT"
    return 0
  fi
  e2e_start_emulator_as RSEMU_ENDPOINT "$@"
}

e2e_start_emulator_as() {
  local var="$1"; shift
  local n=${#E2E_PIDS[@]}
  local out="$E2E_TMP/emulator$n.stdout" err="$E2E_TMP/emulator$n.stderr"
  if [[ ! -x "$RSEMU_BIN" ]]; then
    echo "FATAL: rsemu binary not found or not executable: $RSEMU_BIN" >&2
    exit 2
  fi
  "$RSEMU_BIN" --port 0 --log-level warn "$@" >"$out" 2>"$err" &
  local pid=$!
  E2E_PIDS+=("$pid")
  local line="" port=""
  for _ in $(seq 1 50); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "FATAL: rsemu $* exited during startup" >&2
      exit 2
    fi
    line="$(head -n 1 "$out" 2>/dev/null || true)"
    if [[ "$line" =~ ^rsemu\ listening\ on\ http://([^:/]+):([0-9]+)$ ]]; then
      port="${BASH_REMATCH[2]}"
      break
    fi
    sleep 0.1
  done
  if [[ -z "$port" ]]; then
    echo "FATAL: no 'rsemu listening on http://HOST:PORT' line within 5 s (got: '$line')" >&2
    exit 2
  fi
  export "$var=http://127.0.0.1:$port"
  echo "rsemu $* (pid $pid) listening at http://127.0.0.1:$port"
}

e2e_isolated_aws_env() {
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL_REDSHIFT \
        AWS_ENDPOINT_URL_IAM AWS_ENDPOINT_URL_STS AWS_IGNORE_CONFIGURED_ENDPOINT_URLS || true
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  export AWS_PAGER="" AWS_MAX_ATTEMPTS=1
  # python3 and aws (CLI v1) are the pyenv ones; CLI v2 is called as /usr/bin/aws.
  export PATH="${PYENV_ROOT:-/root/.pyenv}/shims:$PATH"
}

# POST the reset endpoint (between test groups).
e2e_reset() {
  curl -sS -f -X POST "$RSEMU_ENDPOINT${RSEMU_RESET_PATH:-/_emulator/reset}" -o /dev/null
}

e2e_pass() { E2E_PASSED=$((E2E_PASSED + 1)); echo "ok   - $1"; }
e2e_fail() {
  E2E_FAILED=$((E2E_FAILED + 1)); E2E_FAILURES+=("$1")
  echo "FAIL - $1"
  [[ $# -ge 2 ]] && printf '       %s\n' "$2" >&2
  return 0
}
# e2e_check NAME EXPECTED ACTUAL
e2e_check() {
  if [[ "$2" == "$3" ]]; then e2e_pass "$1"; else e2e_fail "$1" "expected: [$2]  observed: [$3]"; fi
}

e2e_finish() {
  echo
  echo "$E2E_PASSED passed, $E2E_FAILED failed"
  if [[ $E2E_FAILED -ne 0 ]]; then
    printf 'failed: %s\n' "${E2E_FAILURES[@]}"
    exit 1
  fi
}
