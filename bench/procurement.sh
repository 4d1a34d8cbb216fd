#!/usr/bin/env bash
# Benchmark of procurement risk, in one run:
#   (a) `sodsong procurement import` of generated OCDS (bench/gen_procurement.py):
#       JSON Lines of BENCH_PROCS procurements (2 releases each), then twice as
#       many, and a release package of the first size: releases/s and peak RSS
#       (flat memory: the RSS must not grow with the file);
#       baseline: `jq -c .` reading the same files (a streaming JSON reader
#       writing nothing but /dev/null);
#   (b) scoring 1,000,000 procurements (BENCH_SCORE): the flat tables filled
#       by sqlite3 with generated rows (3 bids at most, an award, a contract,
#       contacts), then `sodsong flags DIR --json` (it reports the scoring
#       time); baseline: sqlite3 reading every row of the same tables once.
# Results go to build/bench/procurement/results.txt; copy them into
# bench/RESULTS.md.  BENCH_BUILD (default build/release).
set -euo pipefail
cd "$(dirname "$0")/.."
procs=${BENCH_PROCS:-100000}
score=${BENCH_SCORE:-1000000}
build=${BENCH_BUILD:-build/release}
out=build/bench/procurement
bin=$build/sodsong

if [ "$build" = build/release ]; then
  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/release -j"$(nproc)" >/dev/null
fi
rm -rf "$out"
mkdir -p "$out"
res=$out/results.txt
: >"$res"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$res"

python3 bench/gen_procurement.py -n "$procs" "$out/a.jsonl"
python3 bench/gen_procurement.py -n $((procs * 2)) "$out/b.jsonl"
python3 bench/gen_procurement.py -n "$procs" --package "$out/a.json"

# /usr/bin/time -v output FILE -> "wall_s rss_kib"
timev() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0
                               for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /Maximum resident/ { r = $2 }
    END { printf "%.2f %d\n", w, r }' "$1"
}

for f in a.jsonl b.jsonl a.json; do
  rels=$((procs * 2))
  [ "$f" = b.jsonl ] && rels=$((procs * 4))
  "$bin" init "$out/d-$f" >/dev/null 2>&1
  /usr/bin/time -v "$bin" procurement import "$out/d-$f" "$out/$f" 2>"$out/t-$f" >/dev/null
  read -r w r < <(timev "$out/t-$f")
  /usr/bin/time -v jq -c . "$out/$f" >/dev/null 2>"$out/j-$f"
  read -r jw jr < <(timev "$out/j-$f")
  size=$(du -m "$out/$f" | cut -f1)
  echo "import $f ($rels releases, $size MB): sodsong ${w}s $(python3 -c "print(round($rels/max($w,0.01)))") releases/s, RSS ${r} KiB | jq -c ${jw}s $(python3 -c "print(round($rels/max($jw,0.01)))") releases/s, RSS ${jr} KiB" | tee -a "$res"
done

# (b) scoring
d=$out/score
"$bin" init "$d" >/dev/null 2>&1
sqlite3 "$d/sodsong.db" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $score)
INSERT INTO procurements(id, ocid, title, buyer_key, buyer_name, province,
  method, tender_amount, tender_start, tender_end, awarded, contracted, fiscal_year, month)
SELECT i, 'ocds-s-' || i, 'p' || i, 'B' || (i % 3000),
  'B' || (i % 3000), 'สมุทรสาคร',
  CASE i % 5 WHEN 0 THEN 'limited' WHEN 1 THEN 'limited' WHEN 2 THEN 'selective' ELSE 'open' END,
  (i % 5000 + 20) * 100000, 1735689600 + (i % 365) * 86400,
  1735689600 + (i % 365) * 86400 + (5 + i % 25) * 86400,
  (i % 5000 + 20) * 100000 * (60 + i % 41) / 100, (i % 5000 + 20) * 100000 * (60 + i % 41) / 100,
  2568, '2025-' || printf('%02d', i % 12 + 1) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $score),
  k(k) AS (VALUES (0), (1), (2))
INSERT INTO proc_bids(proc_id, bid_id, tenderer_key, tenderer_name, amount, at, status)
SELECT i, 'b' || k, 'F' || ((i * 7 + k * 13) % 3000), 'F' || ((i * 7 + k * 13) % 3000),
  (i % 5000 + 20) * 100000 * (60 + i % 41) / 100 + k * (i % 7) * 100000, NULL, NULL
FROM n, k WHERE k <= i % 3;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $score)
INSERT INTO proc_awards(proc_id, award_id, supplier_key, supplier_name, supplier_tax, amount, at, active)
SELECT i, 'a1', 'F' || (i * 7 % 3000), 'F' || (i * 7 % 3000), '0745' || printf('%09d', i * 7 % 3000),
  (i % 5000 + 20) * 100000 * (60 + i % 41) / 100, NULL, 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $score)
INSERT INTO proc_contracts(proc_id, contract_id, award_id, supplier_key, supplier_name, amount,
  signed_day, signed_month)
SELECT i, 'c1', 'a1', 'F' || (i * 7 % 3000), 'F' || (i * 7 % 3000),
  (i % 5000 + 20) * 100000 * (60 + i % 41) / 100 + (i % 97 = 0) * 100000, 20089 + i % 365, i % 12 + 1
FROM n;
INSERT INTO proc_contacts(proc_id, party_key, name, kind, value)
SELECT proc_id, tenderer_key, tenderer_name, 'phone', '034' || (CAST(substr(tenderer_key, 2) AS INTEGER) % 2900)
FROM proc_bids;
INSERT INTO proc_blacklist(tax_id, name) VALUES ('0745000000007', 'F7');
COMMIT;
SQL
/usr/bin/time -v "$bin" flags "$d" --json >"$out/flags.jsonl" 2>"$out/t-flags"
read -r w r < <(timev "$out/t-flags")
st=$(grep -o 'scoring took [0-9.]* s' "$out/t-flags")
/usr/bin/time -v sqlite3 "$d/sodsong.db" "SELECT sum(length(ocid) + tender_amount + coalesce(awarded,0)) FROM procurements; SELECT sum(amount) FROM proc_bids; SELECT sum(amount) FROM proc_awards; SELECT sum(amount) FROM proc_contracts; SELECT count(value) FROM proc_contacts;" >/dev/null 2>"$out/t-base"
read -r bw br < <(timev "$out/t-base")
echo "score $score procurements: sodsong flags ${w}s in all ($st), $(wc -l <"$out/flags.jsonl") flagged, RSS ${r} KiB | sqlite3 reading every row once ${bw}s" | tee -a "$res"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$res"
