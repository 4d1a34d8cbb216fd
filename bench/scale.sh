#!/usr/bin/env bash
# The scale run of issue 12, in one run on this machine, against the bare
# libmicrohttpd "hello" (bench/hello.c) of the same run:
#   (a) a fresh data folder with the demo data; an officer of "mol" holding
#       the unit keys (first sign-in, `keys grant`) and an administrator;
#   (b) BENCH_SEED varied Thai tips (the vocabulary of bench/search.sh)
#       filed through POST /api/v1/tips (real receipts, keys and
#       ciphertexts), indexed by the officer's first lists;
#   (c) the server stopped; the tips cloned in SQL up to BENCH_TIPS
#       (bench/seed_clone.sql: real encrypted tips that the unit key opens,
#       sharing their originals' ciphertexts; the clones get no re-wrapped
#       key, so the first reads pay the public-key operation as in life);
#       BENCH_MEMBERS members imported into kkn-team-01 (bench/gen_members.py);
#   (d) the server restarted; for each request wrk -t1 -c1 (p50, p99) and
#       wrk -t2 -c64 (requests/s): hello, /login (a rendered page), the
#       officer's 50-tip list (API and page), a rare and a common word, the
#       case list, the member list (admin) first page and a keyset page;
#       then the server's peak RSS (VmHWM).
# BENCH_ENGINE: sqlite (default) or postgres (needs the pg driver: init with
# --database "$BENCH_DATABASE_URL", clone with psql). Loopback only; every
# server started is stopped by its PID. Results in build/bench/scale/result.md.
#   BENCH_TIPS (100000), BENCH_MEMBERS (100000), BENCH_SEED (200),
#   BENCH_SECONDS (5), BENCH_ENGINE (sqlite), BENCH_DATABASE_URL
set -euo pipefail
cd "$(dirname "$0")/.."
ntips=${BENCH_TIPS:-100000}
nmembers=${BENCH_MEMBERS:-100000}
seed=${BENCH_SEED:-200}
secs=${BENCH_SECONDS:-5}
engine=${BENCH_ENGINE:-sqlite}
port=18086
hport=18087
base=http://127.0.0.1:$port
out=build/bench/scale
bin=build/release/sodsong
pw="correct horse battery"

case "$engine" in
  sqlite) dbopt=() ;;
  postgres) dbopt=(--database "${BENCH_DATABASE_URL:?set BENCH_DATABASE_URL}") ;;
  *) echo "BENCH_ENGINE: sqlite or postgres" >&2; exit 2 ;;
esac
sql() {  # run SQL from stdin on the bench database, with :target set to $1
  if [ "$engine" = sqlite ]; then
    sqlite3 -cmd ".parameter set :target $1" "$out/data/sodsong.db"
  else
    grep -v '^PRAGMA' | psql -q -X -v ON_ERROR_STOP=1 -v target="$1" "$BENCH_DATABASE_URL"
  fi
}

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
mkdir -p "$out"
cc -O2 -o "$out/hello" bench/hello.c $(pkg-config --cflags --libs libmicrohttpd) -lpthread
[ "${BENCH_REUSE:-0}" = 1 ] && [ -f "$out/data/reused" ] || rm -rf "$out/data" "$out/recovery.key"
load0=$(cut -d' ' -f1 /proc/loadavg)

if [ ! -f "$out/data/reused" ]; then
"$bin" init "$out/data" "${dbopt[@]}" --recovery-key-file "$out/recovery.key" 2>/dev/null
"$bin" demo "$out/data" 2>/dev/null
echo "tips_per_hour = 0" >>"$out/data/sodsong.conf"   # one client files every seed tip
for u in off-mol:officer:mol benchadmin:admin:; do
  IFS=: read -r name role unit <<<"$u"
  printf '%s\n' "$pw" | "$bin" user add "$out/data" --username "$name" --role "$role" \
    ${unit:+--unit "$unit"} --name "$name" 2>/dev/null
done
fi

pids=()
pid=
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi; }
cleanup() { stop; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
start() {  # LOG
  "$bin" serve "$out/data" --listen 127.0.0.1:$port 2>"$1" &
  pid=$!
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server did not start" >&2; cat "$1" >&2; exit 1
}
token() {  # USER
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$pw\"}" "$base/api/v1/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
field() {  # PATH TOKEN PYTHON-EXPR(j)
  curl -sf -H "Authorization: Bearer $2" "$base$1" |
    python3 -c "import json,sys; j=json.load(sys.stdin); print($3)"
}

t0=0 t1=0 tc=0 t2=0 t3=0
if [ "${BENCH_REUSE:-0}" = 1 ] && [ -f "$out/data/reused" ]; then
  :   # BENCH_REUSE=1: measure (d) again on the folder a previous run built
else
# (a) and (b)
start "$out/serve-seed.log"
token off-mol >/dev/null
"$bin" keys grant "$out/data" <"$out/recovery.key" 2>"$out/grant.log"
python3 - "$seed" "$out/tips.jsonl" <<'EOF'
import json, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261207)
acts = ["เรียกรับเงิน", "ฮั้วประมูล", "เบิกจ่ายเท็จ", "ใช้รถหลวงส่วนตัว", "ล็อกสเปก",
        "เรียกค่าหัวคิว", "รับสินบน", "แต่งตั้งญาติ", "ยักยอกงบประมาณ"]
things = ["แรงงานต่างด้าว", "ใบอนุญาตทำงาน", "โครงการขุดลอกคลอง", "อาคารเรียน",
          "ประปาหมู่บ้าน", "ไฟฟ้าส่องสว่าง", "ตลาดนัดชุมชน"]
with open(path, "w") as f:
    for i in range(n):
        act, thing = rnd.choice(acts), rnd.choice(things)
        d = "เจ้าหน้าที่สำนักงาน%s%s" % (act, thing)
        if rnd.random() < 0.3:
            d += " ซ่อมถนนยาว %d เมตร" % rnd.randrange(100, 5000)
        if i == n // 2:
            d += " โดยอ้างว่าเป็นรางวัลลอตเตอรี่"
        f.write(json.dumps({"unit": "mol-eyes", "category": "bribery", "subject": act + thing,
                            "description": d, "province": "40"}, ensure_ascii=False) + "\n")
EOF
t0=$(date +%s.%N)
while IFS= read -r body; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "$body" "$base/api/v1/tips")
  [ "$code" = 201 ] || { echo "tip refused: $code" >&2; exit 1; }
done <"$out/tips.jsonl"
t1=$(date +%s.%N)
tok=$(token off-mol)
for _ in $(seq $(( seed / 500 + 2 ))); do field "/api/v1/tips?limit=1" "$tok" 'j["total"]' >/dev/null; done
stop

# (c)
tc=$(date +%s.%N)
sql "$ntips" <bench/seed_clone.sql >"$out/clone.txt"
t2=$(date +%s.%N)
python3 bench/gen_members.py -n "$nmembers" "$out/members.csv"
"$bin" import members "$out/data" "$out/members.csv" --unit kkn-team-01 --yes 2>"$out/import.log"
t3=$(date +%s.%N)
touch "$out/data/reused"
fi

# (d)
"$out/hello" $hport $(( $(nproc) * 2 )) & pids+=($!)
start "$out/serve.log"
tok=$(token off-mol)
adm=$(token benchadmin)
total=$(field "/api/v1/tips?limit=1" "$tok" 'j["total"]')
after=$(field "/api/v1/tips?limit=50&offset=5000" "$tok" 'j["items"][0]["id"]')
mcursor=$(field "/api/v1/units/kkn-team-01/members?limit=50" "$adm" 'j.get("next_cursor") or ""')
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
declare -a names urls auths
add() { names+=("$1"); urls+=("$2"); auths+=("$3"); }
add "baseline: bare libmicrohttpd hello" "http://127.0.0.1:$hport/" ""
add "GET /login (rendered Thai page)" "$base/login" ""
add "officer's 50-tip list, API, page 1" "$base/api/v1/tips?limit=50" "Authorization: Bearer $tok"
add "officer's 50-tip list, API, cursor 5,000 deep" "$base/api/v1/tips?limit=50&cursor=$after" "Authorization: Bearer $tok"
add "officer's 50-tip list, page /tips" "$base/tips" "Authorization: Bearer $tok"
add "search, rare word (ลอตเตอรี่)" "$base/api/v1/tips?q=$(enc ลอตเตอรี่)&limit=50" "Authorization: Bearer $tok"
add "search, common word (เจ้าหน้าที่, every tip)" "$base/api/v1/tips?q=$(enc เจ้าหน้าที่)&limit=50" "Authorization: Bearer $tok"
add "search, two words (ซ่อม ถนน)" "$base/api/v1/tips?q=$(enc 'ซ่อม ถนน')&limit=50" "Authorization: Bearer $tok"
add "case list (demo cases)" "$base/api/v1/cases" "Authorization: Bearer $tok"
add "member list of kkn-team-01, page 1" "$base/api/v1/units/kkn-team-01/members?limit=50" "Authorization: Bearer $adm"
if [ -n "$mcursor" ]; then
  add "member list, next page by cursor" "$base/api/v1/units/kkn-team-01/members?limit=50&cursor=$mcursor" "Authorization: Bearer $adm"
fi
add "member list, offset 99,950" "$base/api/v1/units/kkn-team-01/members?limit=50&offset=99950" "Authorization: Bearer $adm"
ms() { awk -v v="$1" 'BEGIN { if (v == "") { print "–"; exit } u = v; sub(/[0-9.]+/, "", u); x = v + 0
  if (u == "us") x /= 1000; else if (u == "s") x *= 1000; else if (u == "m") x *= 60000
  printf "%.2f", x }'; }
: >"$out/wrk.txt"
declare -a p50 p99 rps errs
for i in "${!urls[@]}"; do
  h=(); [ -n "${auths[$i]}" ] && h=(-H "${auths[$i]}")
  wrk -t1 -c1 -d"${secs}s" --latency "${h[@]}" "${urls[$i]}" >"$out/one.txt"
  wrk -t2 -c64 -d"${secs}s" "${h[@]}" "${urls[$i]}" >"$out/many.txt"
  # Wait until the server has answered what the 64 connections left queued.
  for _ in $(seq 600); do
    t=$(curl -s -o /dev/null -w '%{time_total}' "$base/healthz" || echo 9)
    awk -v t="$t" 'BEGIN { exit !(t < 0.02) }' && break
    sleep 1
  done
  cat "$out/one.txt" "$out/many.txt" >>"$out/wrk.txt"
  p50[$i]=$(ms "$(awk '$1 == "50%" {print $2}' "$out/one.txt")")
  p99[$i]=$(ms "$(awk '$1 == "99%" {print $2}' "$out/one.txt")")
  rps[$i]=$(awk '/Requests\/sec/ {print $2}' "$out/many.txt")
  errs[$i]=$(cat "$out/one.txt" "$out/many.txt" | awk '/Non-2xx/ {n += $5} END {print n + 0}')
done
rss=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' /proc/"$pid"/status)
dbmib=$(du -sm "$out/data" | cut -f1)
stop
secs_between() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "") printf "%.3f", a / b; else print "–" }'; }
{
  echo "### $(date -u +%F) — $engine, $total tips, $nmembers members, $(nproc) cores, load average $load0 at start, one run"
  echo
  echo "Seeding: $seed tips through the API in $(secs_between "$t0" "$t1") s, cloned to $total in" \
       "$(secs_between "$tc" "$t2") s; $nmembers members generated and imported in" \
       "$(secs_between "$t2" "$t3") s; data folder $dbmib MiB. Server peak RSS (VmHWM) after the run: **$rss MiB**."
  echo
  echo "| request | -c1 p50 ms | -c1 p99 ms | -c64 requests/s | ratio to hello (req/s) | non-2xx |"
  echo "|---|---|---|---|---|---|"
  for i in "${!urls[@]}"; do
    echo "| ${names[$i]} | ${p50[$i]} | ${p99[$i]} | ${rps[$i]} | $(ratio "${rps[$i]}" "${rps[0]}") | ${errs[$i]} |"
  done
  echo
} | tee "$out/result.md"
echo "raw wrk output: $out/wrk.txt" >&2
