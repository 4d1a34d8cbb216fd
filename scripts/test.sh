#!/usr/bin/env bash
# Build with AddressSanitizer + UndefinedBehaviorSanitizer and run every
# test: unit, end-to-end (the real binary on 127.0.0.1), browser (Debian's
# chromium through playwright-core), and the fuzz corpora.
set -euo pipefail
build=${SODSONG_BUILD:-build/asan}
# The release build (what `make run` uses) must compile too: -O2 finds
# warnings the sanitizer build's -O1 does not.
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Sanitize >/dev/null
cmake --build "$build" -j"$(nproc)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build"
ctest --output-on-failure -j"$(nproc)" "$@"
