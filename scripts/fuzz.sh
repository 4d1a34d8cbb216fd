#!/usr/bin/env bash
# `make fuzz`: build the libFuzzer harnesses with clang (build/fuzz) and run
# each for FUZZ_SECONDS (default 1800: the 30 minutes per harness that
# docs/security.md reports), one after the other at the lowest priority.
# New inputs go to a scratch folder (build/fuzz/new/NAME) with the committed
# corpus as seeds; only with FUZZ_MERGE=1 is what adds coverage merged back
# into tests/fuzz/corpus/NAME (keep the committed seeds small). A finding
# stops the run, leaves crash-*/leak-*/timeout-* in build/fuzz/findings,
# and exits non-zero. FUZZ_ONLY="fuzz_form fuzz_csv" runs only those.
# Each harness's last lines (executions, coverage) go to build/fuzz/logs.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-1800}
CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Sanitize >/dev/null
nice -n 19 cmake --build build/fuzz -j"$(nproc)" >/dev/null
mkdir -p build/fuzz/logs build/fuzz/findings
names=${FUZZ_ONLY:-$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c; done)}
for name in $names; do
  mkdir -p "build/fuzz/new/$name" "tests/fuzz/corpus/$name"
  log="build/fuzz/logs/$name.log"
  echo "== $name ($secs s)"
  if ! nice -n 19 "build/fuzz/$name" -max_total_time="$secs" -max_len=65536 \
       -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="build/fuzz/findings/" \
       "build/fuzz/new/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $name found something: see build/fuzz/findings and $log" >&2
    exit 1
  fi
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|#[0-9]+ +DONE" "$log" || tail -3 "$log"
  if [ "${FUZZ_MERGE:-0}" = 1 ]; then
    nice -n 19 "build/fuzz/$name" -merge=1 "tests/fuzz/corpus/$name" "build/fuzz/new/$name" \
      >>"$log" 2>&1
  fi
done
