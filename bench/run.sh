#!/usr/bin/env bash
# Benchmarks, in one run on this machine, reported as ratios:
#   GET /healthz and a rendered page (/login) of sodsong, against a
#   minimal libmicrohttpd "hello" server built here as the baseline.
# Loads 127.0.0.1 only with wrk; every server started is stopped by PID.
#   BENCH_SECONDS (default 10), BENCH_CONNS (default 32)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-32}
out=build/bench
mkdir -p "$out"

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
cc -O2 -o "$out/hello" bench/hello.c $(pkg-config --cflags --libs libmicrohttpd) -lpthread
threads=$(( $(nproc) * 2 ))

rm -rf "$out/data"
build/release/sodsong init "$out/data" 2>/dev/null
build/release/sodsong demo "$out/data" 2>/dev/null

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$out/hello" 18081 "$threads" & pids+=($!)
build/release/sodsong serve "$out/data" --listen 127.0.0.1:18082 2>"$out/serve.log" & pids+=($!)
for port in 18081 18082; do
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
done

rps() {  # URL -> requests per second
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$1" | tee -a "$out/wrk.txt" |
    awk '/Requests\/sec/ {print $2}'
}
: > "$out/wrk.txt"
base=$(rps http://127.0.0.1:18081/)
health=$(rps http://127.0.0.1:18082/healthz)
page=$(rps http://127.0.0.1:18082/login)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "## $(date -u +%F) — $(nproc) cores, wrk -t2 -c$conns -d${secs}s, one run"
  echo
  echo "| what | requests/s | ratio to baseline |"
  echo "|---|---|---|"
  echo "| baseline: libmicrohttpd hello ($threads threads) | $base | 1.00 |"
  echo "| sodsong GET /healthz | $health | $(ratio "$health" "$base") |"
  echo "| sodsong GET /login (rendered Thai page, all headers) | $page | $(ratio "$page" "$base") |"
  echo
} | tee "$out/result.md"
echo "raw wrk output: $out/wrk.txt; append $out/result.md to bench/RESULTS.md to keep it" >&2
