#!/usr/bin/env bash
# Runs every libFuzzer target of a KPIWATCH_FUZZ build for SECONDS each (make fuzz,
# make fuzz-smoke). Each target starts from its checked-in seed corpus and the kept
# crashing inputs (read only) and grows a working corpus under BUILD_DIR/fuzz-corpus.
# A finding is written to BUILD_DIR/fuzz-artifacts/<name>/; keep it as a regression test
# by copying it to tests/fuzz/regressions/<name>/ once fixed. Exit 1 when any target failed.
set -u
build_dir=${1:?usage: run_fuzz.sh BUILD_DIR SECONDS}
seconds=${2:?usage: run_fuzz.sh BUILD_DIR SECONDS}
source_dir=$(cd "$(dirname "$0")" && pwd)
failed=()
for binary in "$build_dir"/tests/fuzz/fuzz_*; do
  [ -x "$binary" ] || continue
  name=$(basename "$binary"); name=${name#fuzz_}
  work="$build_dir/fuzz-corpus/$name"; artifacts="$build_dir/fuzz-artifacts/$name"
  mkdir -p "$work" "$artifacts" "$source_dir/regressions/$name"
  echo "== fuzz $name for ${seconds}s"
  if ! "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$work" "$source_dir/corpus/$name" \
      "$source_dir/regressions/$name" 2> "$artifacts/log.txt"; then
    tail -n 60 "$artifacts/log.txt"
    failed+=("$name")
  else
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$artifacts/log.txt" || true
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs under $build_dir/fuzz-artifacts/)"
  exit 1
fi
echo "fuzzing: no findings"
