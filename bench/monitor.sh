#!/usr/bin/env bash
# Monitoring benchmarks, in one run on this machine (docs/monitoring.md):
#   1. visits recorded per second with a ~1 MB photo (multipart, photo
#      stripped of metadata and encrypted, committed before 201), against
#      the same server's GET /healthz and the bare SQLite loop of durable
#      single-row INSERTs of bench/tips.sh;
#   2. a round of 10,000 points over 2,000 teams: planning it (POST
#      /api/v1/units/{code}/rounds with "auto") and its page /rounds/{id}
#      and GET /api/v1/rounds/{id} with one connection (p99);
#   3. the points list of a unit holding 100,000 points (first page, count).
# Loopback only, wrk; every server started is stopped by PID.
#   BENCH_SECONDS (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
out=build/bench-monitor
mkdir -p "$out"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
cc -O2 -o "$out/gen_photo" bench/gen_photo.c -ljpeg
"$out/gen_photo" "$out/photo.jpg" 1100 800 95
photo_kb=$(( $(stat -c %s "$out/photo.jpg") / 1024 ))
bin=build/release/sodsong
db="$out/data/sodsong.db"

rm -rf "$out/data" "$out/recovery.key"
$bin init "$out/data" --recovery-key-file "$out/recovery.key" >/dev/null 2>&1
$bin demo "$out/data" 2>/dev/null
echo "correct horse battery" | $bin user add "$out/data" --username bench --role coordinator >/dev/null 2>&1

# bench-net: 400 zones × 5 teams = 2,000 teams, 10,000 points (5 a team)
# around Khon Kaen; and 90,000 more points in kkn-net (100,300 there).
sqlite3 "$db" "
INSERT INTO units(code, kind, name_th, name_en, parent_id, province_code, created_at)
SELECT 'bench-net', 'network', 'เครือข่ายทดสอบ', 'Bench network', id, '40', 0 FROM units WHERE code = 'root' OR parent_id IS NULL LIMIT 1;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO units(code, kind, name_th, name_en, parent_id, province_code, created_at)
SELECT printf('bz-%03d', i), 'zone', 'โซน ' || i, 'Zone ' || i, (SELECT id FROM units WHERE code = 'bench-net'), '40', 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)
INSERT INTO units(code, kind, name_th, name_en, parent_id, province_code, created_at)
SELECT printf('bt-%04d', i), 'team', 'ทีม ' || i, 'Team ' || i, (SELECT id FROM units WHERE code = printf('bz-%03d', i / 5 + 1)), '40', 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
INSERT INTO monitoring_points(unit_id, code, name_th, district_code, province_code, kind, lat_e6, lon_e6, created_at)
SELECT (SELECT id FROM units WHERE code = printf('bt-%04d', i / 5)), printf('bp-%05d', i), 'จุด ' || i, '4001', '40', 'construction',
       15800000 + (i * 7919) % 1100000, 101900000 + (i * 104729) % 1200000, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 89999)
INSERT INTO monitoring_points(unit_id, code, name_th, district_code, province_code, kind, lat_e6, lon_e6, created_at)
SELECT (SELECT id FROM units WHERE code = printf('kkn-team-%02d', 1 + i % 30)), printf('kp-%06d', i), 'จุดเพิ่ม ' || i, '4001', '40',
       'service', 15800000 + (i * 7919) % 1100000, 101900000 + (i * 104729) % 1200000, 0 FROM n;"

pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT
$bin serve "$out/data" --listen 127.0.0.1:18095 2>"$out/serve.log" &
pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18095/healthz >/dev/null 2>&1 && break; sleep 0.1; done
url=http://127.0.0.1:18095
token=$(curl -sf "$url/api/v1/login" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"correct horse battery"}' | sed 's/.*"token": *"\([^"]*\)".*/\1/')
auth="Authorization: Bearer $token"

t0=$(date +%s.%N)
round=$(curl -sf "$url/api/v1/units/bench-net/rounds" -H "$auth" -H 'Content-Type: application/json' \
  -d '{"name":"bench","starts_on":"2026-04-01","ends_on":"2026-04-02","auto":true}' | sed 's/[^0-9]//g')
t1=$(date +%s.%N)
plan=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
assigned=$(sqlite3 "$db" "SELECT count(*) FROM round_points WHERE round_id = $round")

rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '/ 99%/ {print $2}'; }
run1() {  # URL -> "rps p99" with one connection
  wrk -t1 -c1 -d"${secs}s" --latency -H "$auth" "$1" | tee -a "$out/wrk.txt" |
    awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} END {print r, p}'
}
: > "$out/wrk.txt"
health=$(wrk -t2 -c8 -d"${secs}s" "$url/healthz" | rps)
read -r rpage rpage99 < <(run1 "$url/rounds/$round")
read -r rapi rapi99 < <(run1 "$url/api/v1/rounds/$round")
read -r plist plist99 < <(run1 "$url/api/v1/units/kkn-net/points?limit=50")
read -r ppage ppage99 < <(run1 "$url/units/kkn-net/points")
read -r pfilt pfilt99 < <(run1 "$url/api/v1/units/kkn-net/points?kind=construction&not_visited_since=2026-03-15&limit=50")
pages=$(curl -s -H "$auth" "$url/rounds/$round" | wc -c)
before=$(sqlite3 "$db" "SELECT count(*) FROM visits")
visits=$(BENCH_PHOTO="$out/photo.jpg" BENCH_TOKEN="$token" \
  wrk -t2 -c4 -d"${secs}s" -s bench/visit.lua "$url/api/v1/points/bp-00001/visits" | tee "$out/visits-wrk.txt" | rps)
after=$(sqlite3 "$db" "SELECT count(*) FROM visits")
errors=$(awk '/Non-2xx/ {print $5}' "$out/visits-wrk.txt")
cleanup; pid=

# Baseline of the project's benches: bare durable single-row inserts.
bare=$(bench/bare_insert.sh "$out/bare.db")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
{
  echo "### $(date -u +%F) — monitoring: $(nproc) cores, wrk ${secs}s, one run, load average $(cut -d' ' -f1 /proc/loadavg)"
  echo
  echo "| what | per second | p99 | ratio |"
  echo "|---|---|---|---|"
  echo "| GET /healthz (same server, 8 connections) | $health | | 1.000 |"
  echo "| bare SQLite single-row INSERT transactions, synchronous=FULL | $bare | | $(ratio "$bare" "$health") |"
  echo "| POST visit with a ${photo_kb} KB JPEG (4 connections) | $visits | | $(ratio "$visits" "$health") (to bare SQLite: $(ratio "$visits" "$bare")) |"
  echo "| GET /rounds/ID page, 10,000 points × 2,000 teams (1 connection, ${pages} bytes) | $rpage | $rpage99 | |"
  echo "| GET /api/v1/rounds/ID, the same round (1 connection) | $rapi | $rapi99 | |"
  echo "| GET /api/v1/units/kkn-net/points?limit=50, 100,300 points (1 connection) | $plist | $plist99 | |"
  echo "| the same filtered by kind and not visited since (1 connection) | $pfilt | $pfilt99 | |"
  echo "| GET /units/kkn-net/points page (1 connection) | $ppage | $ppage99 | |"
  echo
  echo "Planning the round (10,000 points, 2,000 teams, 2 days; POST to 201): ${plan} s; $assigned assigned."
  echo "Visits stored during the run: $((after - before)); non-2xx answers: ${errors:-0}."
  echo
} | tee "$out/result.md"
