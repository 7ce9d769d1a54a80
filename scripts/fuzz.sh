#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan+UBSan) into build-fuzz/
# and runs each for SECONDS_PER_TARGET seconds (default 60) on a copy of its
# seed corpus (build-fuzz/corpus-work/<target>; fuzz/corpus is never written),
# with its dictionary. Prints one summary line per target and exits non-zero
# if any target crashed (or timed out, or ran out of memory), naming the
# reproducer under build-fuzz/artifacts/<target>/.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Targets: form_decoder policy_parser condition_evaluator wildcard sigv4
# xml_encoder http_session (default: all). FUZZ_JOBS (default: nproc, at most
# 2) targets run side by side. FUZZ_REGRESSIONS=1 instead replays every saved
# reproducer under fuzz/regressions/ and reports which still crash.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
all_targets=(form_decoder policy_parser condition_evaluator wildcard sigv4 xml_encoder http_session)
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  case " ${all_targets[*]} " in
    *" $target "*) ;;
    *) echo "fuzz: unknown target '$target' (one of: ${all_targets[*]})" >&2; exit 2 ;;
  esac
done
jobs="${FUZZ_JOBS:-$(nproc)}"
[ "$jobs" -ge 1 ] || jobs=1
[ "$jobs" -le 2 ] || jobs=2

bash scripts/install-deps.sh --test
build="build-fuzz"
CC=clang-16 CXX=clang++-16 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRSEMU_FUZZ=ON \
  -DRSEMU_STATIC_DEPS=OFF -DRSEMU_MIMALLOC=OFF -DRSEMU_E2E=OFF >/dev/null
build_targets=()
for target in "${targets[@]}"; do build_targets+=(--target "fuzz_$target"); done
cmake --build "$build" -j"$(nproc)" "${build_targets[@]}"

# Symbolized stack traces when an llvm-symbolizer is installed (package llvm-16
# or llvm); the sanitizers do not always find one on PATH by themselves.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for symbolizer in llvm-symbolizer-16 /usr/lib/llvm-16/bin/llvm-symbolizer llvm-symbolizer; do
    if command -v "$symbolizer" >/dev/null 2>&1; then
      ASAN_SYMBOLIZER_PATH="$(readlink -f "$(command -v "$symbolizer")")"
      export ASAN_SYMBOLIZER_PATH
      break
    fi
  done
fi

# UBSan findings abort (-fno-sanitize-recover); print where they happened.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

# The dictionary and extra libFuzzer flags of each target.
dictionary() {
  case "$1" in
    form_decoder) echo fuzz/dict/form.dict ;;
    policy_parser | condition_evaluator) echo fuzz/dict/policy.dict ;;
    wildcard) echo fuzz/dict/wildcard.dict ;;
    sigv4) echo fuzz/dict/sigv4.dict ;;
    http_session) echo fuzz/dict/http.dict ;;
    *) echo "" ;;
  esac
}
extra_flags() {
  case "$1" in
    # GlobMatch is checked against an O(n*m) reference; longer inputs only slow it down.
    wildcard) echo "-max_len=1024" ;;
    *) echo "" ;;
  esac
}

if [ "${FUZZ_REGRESSIONS:-0}" = 1 ]; then
  failed=0
  for target in "${targets[@]}"; do
    for input in fuzz/regressions/"$target"/*; do
      [ -f "$input" ] || continue
      case "$input" in *.md | *.txt) continue ;; esac
      if "$build/fuzz/fuzz_$target" -timeout=10 -rss_limit_mb=2048 "$input" >"$build/regression.log" 2>&1; then
        echo "fixed:   $input"
      else
        echo "crashes: $input"
        failed=1
      fi
    done
  done
  exit "$failed"
fi

run_target() {
  local target="$1"
  local work="$build/corpus-work/$target" artifacts="$build/artifacts/$target" log="$build/logs/$target.log"
  rm -rf "$work" "$artifacts"
  mkdir -p "$work" "$artifacts" "$build/logs"
  cp fuzz/corpus/"$target"/* "$work"/
  local flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
               -artifact_prefix="$artifacts/")
  local dict
  dict="$(dictionary "$target")"
  [ -z "$dict" ] || flags+=(-dict="$dict")
  # shellcheck disable=SC2207
  flags+=($(extra_flags "$target"))
  local status=0
  "$build/fuzz/fuzz_$target" "${flags[@]}" "$work" >"$log" 2>&1 || status=$?
  echo "$status" >"$log.status"
}

# Up to $jobs targets at a time.
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  echo "fuzz: running $target for ${seconds}s" >&2
  run_target "$target" &
  running=$((running + 1))
done
wait || true

# Summaries from libFuzzer's final stats.
failed=0
printf '%-20s %12s %8s %7s %8s %7s %8s\n' target executions exec/s cov ft corpus crashes
for target in "${targets[@]}"; do
  log="$build/logs/$target.log"
  status="$(cat "$log.status" 2>/dev/null || echo 1)"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  last="$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  corpus="$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")"
  reproducers=()
  for artifact in "$build/artifacts/$target"/{crash,leak,timeout,oom}-*; do
    [ -f "$artifact" ] && reproducers+=("$artifact")
  done
  crashes="${#reproducers[@]}"
  if [ "$status" != 0 ] && [ "$crashes" = 0 ]; then crashes="?"; fi
  printf '%-20s %12s %8s %7s %8s %7s %8s\n' "$target" "${runs:--}" "${speed:--}" "${cov:--}" \
    "${ft:--}" "${corpus:--}" "$crashes"
  if [ "$status" != 0 ] || [ "${#reproducers[@]}" -gt 0 ]; then
    failed=1
    for artifact in "${reproducers[@]}"; do echo "  reproducer: $artifact" >&2; done
    grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|FUZZ_CHECK failed|.*runtime error:)' "$log" | sed 's/^/  /' >&2 || true
    echo "  log: $log (replay: $build/fuzz/fuzz_$target REPRODUCER)" >&2
  fi
done
exit "$failed"
