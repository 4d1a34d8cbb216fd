#!/usr/bin/env bash
# Results benchmarks, in one run on this machine:
#   1. quarterly report generation (PDF and XLSX, `sodsong report`) for
#      mol-eyes holding 10,000 activities in one quarter;
#   2. GET /public/mol-eyes (the page the public hits) under load,
#      requests/s and p99, against the bare libmicrohttpd hello server
#      (bench/hello.c) in the same run, as bench/run.sh does: served from
#      the in-memory cache, revalidated with If-None-Match (304), and
#      rendered from the published snapshots on every request (a second
#      server with SOD_PUBLIC_CACHE=off).
# Loads 127.0.0.1 only with wrk; every server started is stopped by PID.
#   BENCH_SECONDS (default 10), BENCH_CONNS (default 32)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-32}
out=build/bench-results
mkdir -p "$out"

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
cc -O2 -o "$out/hello" bench/hello.c $(pkg-config --cflags --libs libmicrohttpd) -lpthread
threads=$(( $(nproc) * 2 ))
bin=build/release/sodsong

rm -rf "$out/data"
$bin init "$out/data" >/dev/null 2>&1
$bin demo "$out/data" 2>/dev/null
# 10,000 activities of mol-eyes in 2569-q2, cloned from the demo's first.
sqlite3 "$out/data/sodsong.db" "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO activities(unit_id, kind, title, held_on, province_code, audience, outputs, note, created_at)
SELECT a.unit_id, a.kind, a.title || ' ' || n.i,
       printf('2026-%02d-%02d', 1 + n.i % 3, 1 + n.i % 28), a.province_code, 20 + n.i % 50, '', '', 0
FROM n, (SELECT * FROM activities ORDER BY id LIMIT 1) a;"
acts=$(sqlite3 "$out/data/sodsong.db" "SELECT count(*) FROM activities")

timeit() {  # command… -> seconds (best of 3)
  local best=999999 t0 t1 t
  for _ in 1 2 3; do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (a < b) ? a : b }')
  done
  echo "$best"
}
pdf=$(timeit $bin report "$out/data" --unit mol-eyes --period 2569-q2 --format pdf --out "$out/q2.pdf")
xlsx=$(timeit $bin report "$out/data" --unit mol-eyes --period 2569-q2 --format xlsx --out "$out/q2.xlsx")

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
"$out/hello" 18091 "$threads" & pids+=($!)
$bin serve "$out/data" --listen 127.0.0.1:18092 2>"$out/serve.log" & pids+=($!)
SOD_PUBLIC_CACHE=off $bin serve "$out/data" --listen 127.0.0.1:18093 2>"$out/serve-nocache.log" & pids+=($!)
for port in 18091 18092 18093; do
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
done

load() {  # URL -> "rps p99"
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$1" | tee -a "$out/wrk.txt" |
    awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} END {print r, p}'
}
: > "$out/wrk.txt"
read -r base base99 < <(load http://127.0.0.1:18091/)
# The first read of a quarter published before snapshots existed takes
# its snapshot: done here, before measuring.
etag=$(curl -sf -D - -o /dev/null http://127.0.0.1:18092/public/mol-eyes | tr -d '\r' |
       awk -F': ' 'tolower($1) == "etag" {print $2}')
curl -sf -o /dev/null http://127.0.0.1:18093/public/mol-eyes
read -r pub pub99 < <(load http://127.0.0.1:18092/public/mol-eyes)
read -r nm nm99 < <(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "If-None-Match: $etag" \
  http://127.0.0.1:18092/public/mol-eyes | tee -a "$out/wrk.txt" |
  awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} END {print r, p}')
read -r raw raw99 < <(load http://127.0.0.1:18093/public/mol-eyes)
read -r js js99 < <(load http://127.0.0.1:18092/public/mol-eyes/data.json)
read -r login login99 < <(load http://127.0.0.1:18092/login)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
{
  echo "### $(date -u +%F) — results: $(nproc) cores, $acts activities, wrk -t2 -c$conns -d${secs}s, one run, load average $(cut -d' ' -f1 /proc/loadavg)"
  echo
  echo "| report of mol-eyes 2569-q2 (10,000 activities in the quarter) | seconds (best of 3, release) |"
  echo "|---|---|"
  echo "| PDF | $pdf |"
  echo "| XLSX | $xlsx |"
  echo
  echo "| what | requests/s | p99 | ratio to baseline |"
  echo "|---|---|---|---|"
  echo "| baseline: libmicrohttpd hello ($threads threads) | $base | $base99 | 1.000 |"
  echo "| GET /public/mol-eyes (cached) | $pub | $pub99 | $(ratio "$pub" "$base") |"
  echo "| GET /public/mol-eyes, If-None-Match: its ETag (304) | $nm | $nm99 | $(ratio "$nm" "$base") |"
  echo "| GET /public/mol-eyes, no cache: rendered from the snapshots | $raw | $raw99 | $(ratio "$raw" "$base") |"
  echo "| GET /public/mol-eyes/data.json | $js | $js99 | $(ratio "$js" "$base") |"
  echo "| GET /login (a rendered page, for comparison) | $login | $login99 | $(ratio "$login" "$base") |"
  echo
} | tee "$out/result.md"
echo "raw wrk output: $out/wrk.txt" >&2
