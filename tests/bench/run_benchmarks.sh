#!/usr/bin/env bash
# make bench: every benchmark, one after the other (they compete for 2 cores otherwise).
set -euo pipefail
build=${1:-build}
for bench in "$build"/tests/*_bench; do
  [ -x "$bench" ] || continue
  echo "== $(basename "$bench")"
  "$bench"
  echo
done
