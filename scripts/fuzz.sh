#!/usr/bin/env bash
# Build the libFuzzer harnesses with clang and run each for a while
# (FUZZ_SECONDS, default 60), growing their corpora in tests/fuzz/corpus/.
set -euo pipefail
secs=${FUZZ_SECONDS:-60}
CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Sanitize >/dev/null
cmake --build build/fuzz -j"$(nproc)" >/dev/null
for f in tests/fuzz/fuzz_*.c; do
  name=$(basename "$f" .c)
  mkdir -p "tests/fuzz/corpus/$name"
  echo "== $name ($secs s)"
  "build/fuzz/$name" -max_total_time="$secs" -max_len=65536 "tests/fuzz/corpus/$name"
done
