#!/usr/bin/env bash
# Benchmark of the members import and the member list, in one run:
#   (a) `sodsong import members` of 100,000 rows (bench/gen_members.py) into
#       a fresh data folder with the demo data: wall time, CPU, peak RSS;
#       once more without citizen IDs, to see what sealing them costs;
#   (b) baseline: the sqlite3 CLI writing the same rows into the same
#       people and memberships tables (a copy of the same fresh database,
#       same pragmas) in one transaction with .import and INSERT … SELECT;
#   (c) wrk against `sodsong serve` on the imported data, signed in with a
#       bearer token: /units/kkn-team-01 page 1 and last page, and
#       /api/v1/units/kkn-team-01/members first and last page,
#   (d) against GET /healthz of the same server as the baseline.
# Loads 127.0.0.1 only; the server is stopped by its PID on exit.
#   BENCH_ROWS (default 100000), BENCH_SECONDS (default 10),
#   BENCH_CONNS (default 32), BENCH_BUILD (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-100000}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-32}
build=${BENCH_BUILD:-build/release}
out=build/bench/import
unit=kkn-team-01
bin=$build/sodsong

if [ "$build" = build/release ]; then
  cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/release -j"$(nproc)" >/dev/null
fi
rm -rf "$out"
mkdir -p "$out"
load0=$(cut -d' ' -f1 /proc/loadavg)   # other work on the machine skews all numbers

python3 bench/gen_members.py -n "$rows" "$out/members.csv"
python3 bench/gen_members.py -n "$rows" --no-citizen-id "$out/members-nocid.csv"

fresh() {  # DIR: a data folder with the demo data
  "$bin" init "$1" 2>/dev/null
  "$bin" demo "$1" 2>/dev/null
}
fresh "$out/data"
fresh "$out/data-nocid"
cp "$out/data/sodsong.db" "$out/baseline.db"   # the same fresh database

# /usr/bin/time -v output FILE -> "wall_s cpu_s rss_kib"
timev() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0
                               for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /User time/   { c += $2 }
    /System time/ { c += $2 }
    /Maximum resident set size/ { r = $2 }
    END { printf "%.2f %.2f %d\n", w, c, r }' "$1"
}

# (a) the import, with and without citizen IDs.
import() {  # DIR CSV TAG
  /usr/bin/time -v -o "$out/time-$3.txt" \
    "$bin" import members "$1" "$2" --unit "$unit" --yes 2>"$out/import-$3.log"
  if ! grep -q "imported into $unit: $rows new people" "$out/import-$3.log"; then
    echo "import ($3) did not create $rows people:" >&2
    cat "$out/import-$3.log" >&2
    exit 1
  fi
}
import "$out/data" "$out/members.csv" cid
import "$out/data-nocid" "$out/members-nocid.csv" nocid

# (b) bare SQLite: the same rows into the same tables, one transaction. The
# keyed hash and the sealed ID are stood in for by SHA-3 of the same length,
# so that the unique index sees values as random as the real ones.
cat > "$out/baseline.sql" <<EOF
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA foreign_keys=ON;
PRAGMA secure_delete=ON;
BEGIN;
CREATE TEMP TABLE csv(given_th TEXT, family_th TEXT, given_en TEXT, family_en TEXT,
  phone TEXT, citizen_id TEXT, kind TEXT, role TEXT, province TEXT, district TEXT,
  consent TEXT);
.import --csv --skip 1 --schema temp $out/members.csv csv
CREATE TEMP TABLE mark AS SELECT coalesce(max(id), 0) AS id FROM people;
INSERT INTO people(given_th, family_th, given_en, family_en, kind, phone,
  province_code, district_code, cid_sealed, cid_hash, consent_at, consent_version,
  created_at, search)
SELECT given_th, family_th, given_en, family_en, kind, phone, province, district,
  substr(lower(hex(sha3(citizen_id || 'sealed', 512))), 1, 72),
  lower(hex(sha3(citizen_id, 256))), unixepoch(), 'v1', unixepoch(),
  lower(given_th || ' ' || family_th || ' ' || given_en || ' ' || family_en)
FROM temp.csv ORDER BY rowid;
INSERT INTO memberships(person_id, unit_id, role, joined_on)
SELECT p.id, u.id, 'member', '' FROM people p, units u
WHERE u.code = '$unit' AND p.id > (SELECT id FROM temp.mark) ORDER BY p.id;
COMMIT;
EOF
/usr/bin/time -v -o "$out/time-sqlite.txt" \
  sqlite3 -bail "$out/baseline.db" < "$out/baseline.sql" >/dev/null
got=$(sqlite3 "$out/baseline.db" "SELECT count(*) FROM memberships m JOIN units u
  ON u.id = m.unit_id WHERE u.code = '$unit'")
[ "$got" -ge "$rows" ] || { echo "baseline wrote $got memberships" >&2; exit 1; }

read -r base_wall base_cpu base_rss < <(timev "$out/time-sqlite.txt")
read -r imp_wall imp_cpu imp_rss < <(timev "$out/time-cid.txt")
read -r noc_wall noc_cpu noc_rss < <(timev "$out/time-nocid.txt")

# (c), (d) the member list under load.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pw="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$pw" | "$bin" user add "$out/data" --username benchadmin --role admin \
  --name "Bench Admin" 2>/dev/null

pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
"$bin" serve "$out/data" --listen "127.0.0.1:$port" 2>"$out/serve.log" & pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
url=http://127.0.0.1:$port

token=$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"username\":\"benchadmin\",\"password\":\"$pw\"}" "$url/api/v1/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
auth="Authorization: Bearer $token"
total=$(curl -sf -H "$auth" "$url/api/v1/units/$unit/members?limit=1" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
last=$(( (total - 1) / 50 * 50 ))

paths=(/healthz "/units/$unit" "/units/$unit?offset=$last"
       "/api/v1/units/$unit/members?limit=50&offset=0"
       "/api/v1/units/$unit/members?limit=50&offset=$last")
for p in "${paths[@]}"; do  # every one answers 200 before it is loaded
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "$url$p")
  [ "$code" = 200 ] || { echo "GET $p answered $code" >&2; exit 1; }
done

: > "$out/wrk.txt"
load() {  # PATH -> "requests/s p50 non2xx+errors"
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 30s --latency -H "$auth" "$url$1" |
    tee -a "$out/wrk.txt" | awk '
      /Requests\/sec/ { r = $2 }
      /^ +50%/ { p = $2 }
      /Non-2xx/ { bad += $NF }
      /Socket errors/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
      END { printf "%s %s %d\n", r, p, bad }'
}
# wrk stops at once, the server not: wait until it has answered what was
# already queued (it uses no more CPU), so that one load does not spill
# into the next. Fields 14 and 15 of /proc/PID/stat: user and system ticks.
cputicks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
drain() {
  local before now
  before=$(cputicks)
  for _ in $(seq 120); do
    sleep 1
    now=$(cputicks)
    [ $(( now - before )) -le 2 ] && return
    before=$now
  done
  echo "the server was still busy 120 s after wrk stopped" >&2
}
results=()
for p in "${paths[@]}"; do
  echo "== $p" >> "$out/wrk.txt"
  results+=("$(load "$p")")
  drain
done
cleanup
pid=

ratio() {  # two decimals, or 1/N below 0.1
  awk -v a="$1" -v b="$2" 'BEGIN { r = a / b
    if (r >= 0.1 || r == 0) printf "%.2f", r; else printf "1/%.0f", 1 / r }'
}
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
read -r h_rps _ _ <<< "${results[0]}"
labels=("baseline: GET /healthz" "GET /units/$unit, page 1 (HTML)"
        "GET /units/$unit?offset=$last, last page (HTML)"
        "GET /api/v1/units/$unit/members, offset 0"
        "GET /api/v1/units/$unit/members, offset $last")
{
  echo "### $(date -u +%F) — $(nproc) cores, $rows rows, wrk -t2 -c$conns -d${secs}s, one run, load average $load0 at start"
  echo
  echo "| import | wall s | CPU s | peak RSS MiB | wall ratio | RSS ratio |"
  echo "|---|---|---|---|---|---|"
  echo "| baseline: sqlite3 CLI, .import + INSERT … SELECT, one transaction | $base_wall | $base_cpu | $(mib "$base_rss") | 1.00 | 1.00 |"
  echo "| sodsong import members | $imp_wall | $imp_cpu | $(mib "$imp_rss") | $(ratio "$imp_wall" "$base_wall") | $(ratio "$imp_rss" "$base_rss") |"
  echo "| sodsong import members, no citizen IDs | $noc_wall | $noc_cpu | $(mib "$noc_rss") | $(ratio "$noc_wall" "$base_wall") | $(ratio "$noc_rss" "$base_rss") |"
  echo
  echo "| member list ($total members) | requests/s | p50 latency | non-2xx or errors | ratio to /healthz |"
  echo "|---|---|---|---|---|"
  for i in "${!paths[@]}"; do
    read -r r p bad <<< "${results[$i]}"
    echo "| ${labels[$i]} | $r | $p | $bad | $(ratio "$r" "$h_rps") |"
  done
  echo
  awk -v w="$imp_wall" -v r="$imp_rss" 'BEGIN {
    if (w > 60) printf "**The import took %.0f s, over the 60 s target.**\n", w
    if (r > 2 * 1024 * 1024) printf "**The import peaked at %.0f MiB, over 2 GiB.**\n", r / 1024 }'
} | tee "$out/result.md"
echo "raw output in $out (time-*.txt, wrk.txt); append $out/result.md to bench/RESULTS.md to keep it" >&2
