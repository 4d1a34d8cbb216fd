#!/usr/bin/env bash
# Tips per second through POST /api/v1/tips (durable: committed before 201;
# encrypted; one argon2id for the receipt), against the same server's
# GET /healthz and a bare SQLite loop of single-row INSERT transactions
# with synchronous=FULL, in one run. Loopback only; servers stopped by PID.
#   BENCH_SECONDS (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
out=build/bench
mkdir -p "$out"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
rm -rf "$out/tips" "$out/tips.key"
build/release/sodsong init "$out/tips" --recovery-key-file "$out/tips.key" 2>/dev/null
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT
build/release/sodsong serve "$out/tips" --listen 127.0.0.1:18083 2>"$out/tips-serve.log" &
pid=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:18083/healthz >/dev/null 2>&1 && break; sleep 0.1; done

rps() { awk '/Requests\/sec/ {print $2}'; }
health=$(wrk -t2 -c16 -d"${secs}s" http://127.0.0.1:18083/healthz | rps)
tips=$(wrk -t2 -c8 -d"${secs}s" -s bench/tip.lua http://127.0.0.1:18083/api/v1/tips | tee "$out/tips-wrk.txt" | rps)
errors=$(awk '/Non-2xx/ {print $5}' "$out/tips-wrk.txt")
cleanup; pid=

# Baseline: the same number of seconds of bare single-row durable inserts.
bare=$(bench/bare_insert.sh "$out/bare.db")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
{
  echo "## $(date -u +%F) — tips: $(nproc) cores, wrk ${secs}s, one run"
  echo
  echo "| what | per second | ratio |"
  echo "|---|---|---|"
  echo "| GET /healthz (same server) | $health | 1.000 |"
  echo "| bare SQLite single-row INSERT transactions, synchronous=FULL | $bare | $(ratio "$bare" "$health") |"
  echo "| POST /api/v1/tips (Thai JSON, 8 connections) | $tips | $(ratio "$tips" "$health") (to bare SQLite: $(ratio "$tips" "$bare")) |"
  echo
  echo "Non-2xx answers during the tip run: ${errors:-0} (503 when the slow-hash gate is full)."
  echo
} | tee "$out/tips-result.md"
