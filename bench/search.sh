#!/usr/bin/env bash
# Officer search latency (p50/p99) over BENCH_TIPS Thai tips, in one run:
#   (a) a fresh data folder with the demo data, an officer of "mol" holding
#       the unit keys (user add, first sign-in, keys grant);
#   (b) BENCH_SEED varied Thai tips filed through POST /api/v1/tips to
#       mol-eyes (subjects and descriptions drawn from a Thai vocabulary with
#       fixed frequencies, fixed seed), then indexed by the server through
#       the officer's first GET /api/v1/tips (the blind index is lazy);
#   (c) the server stopped, the tips cloned at the SQL level up to
#       BENCH_TIPS (bench/seed_clone.sql: tips, tip_keys, tip_terms,
#       tip_indexed with new ids; clones share ciphertexts with originals);
#   (d) the server restarted; wrk --latency, one connection, as the officer:
#       GET /api/v1/tips?q=…&limit=20 for a rare word, a common word, two
#       words and a word inside a compound; baselines of the same server:
#       GET /healthz and the same list with no q (newest first, page 1).
# Loopback 127.0.0.1 only; the server is stopped by its PID on exit.
#   BENCH_SIZES (default "10000 20000 30000 50000 100000"; grown in turn), BENCH_SEED (default 300),
#   BENCH_SECONDS (default 10), BENCH_CONNS (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${BENCH_SIZES:-10000 20000 30000 50000 100000}
seed=${BENCH_SEED:-300}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-1}
port=18085
base=http://127.0.0.1:$port
out=build/bench/search
bin=build/release/sodsong
pw="correct horse battery"

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
rm -rf "$out"
mkdir -p "$out"
load0=$(cut -d' ' -f1 /proc/loadavg)

# (a)
"$bin" init "$out/data" --recovery-key-file "$out/recovery.key" 2>/dev/null
"$bin" demo "$out/data" 2>/dev/null
echo "tips_per_hour = 0" >>"$out/data/sodsong.conf"   # one client files every seed tip
printf '%s\n' "$pw" | "$bin" user add "$out/data" --username off-mol --role officer \
  --unit mol --name "เจ้าหน้าที่แรงงาน" 2>/dev/null

pid=
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi; }
trap stop EXIT
start() {  # LOG
  "$bin" serve "$out/data" --listen 127.0.0.1:$port 2>"$1" &
  pid=$!
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server did not start" >&2; cat "$1" >&2; exit 1
}
token() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"off-mol\",\"password\":\"$pw\"}" "$base/api/v1/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
total() {  # QUERY-STRING -> total, or "HTTP <code>" when refused
  local code
  code=$(curl -s -o "$out/total.json" -w '%{http_code}' -H "Authorization: Bearer $tok" \
    "$base/api/v1/tips?$1")
  if [ "$code" = 200 ]; then
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$out/total.json"
  else
    echo "HTTP $code"
  fi
}

start "$out/serve-seed.log"
token >/dev/null                      # first sign-in makes the key pair
"$bin" keys grant "$out/data" <"$out/recovery.key" 2>"$out/grant.log"
tok=$(token)

# (b) Varied Thai tips. Word frequencies are fixed so that the queries below
# hit known shares of the tips: เจ้าหน้าที่ in every tip, ก่อสร้าง and ถนน in
# about a third each, ใต้โต๊ะ only inside เงินใต้โต๊ะ (about a quarter),
# ลอตเตอรี่ in exactly one seed tip.
python3 - "$seed" "$out/tips.jsonl" <<'EOF'
import json, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261123)
cats = ["bribery", "procurement", "abuse_of_power", "public_property",
        "conflict_of_interest", "other"]
offices = ["สำนักงานจัดหางาน", "สำนักงานเขต", "เทศบาลตำบล", "องค์การบริหารส่วนตำบล",
           "สำนักงานประกันสังคม", "ด่านตรวจคนเข้าเมือง", "สถานีตำรวจ", "โรงพยาบาลส่งเสริมสุขภาพ"]
acts = ["เรียกรับเงิน", "ฮั้วประมูล", "เบิกจ่ายเท็จ", "ใช้รถหลวงส่วนตัว", "ล็อกสเปก",
        "เรียกค่าหัวคิว", "รับสินบน", "แต่งตั้งญาติ", "ยักยอกงบประมาณ", "ออกใบอนุญาตโดยมิชอบ"]
things = ["แรงงานต่างด้าว", "ใบอนุญาตทำงาน", "โครงการขุดลอกคลอง", "อาคารเรียน",
          "เครื่องคอมพิวเตอร์", "ประปาหมู่บ้าน", "ไฟฟ้าส่องสว่าง", "ตลาดนัดชุมชน"]
places = ["หมู่บ้าน", "ตำบล", "อำเภอเมือง", "ริมแม่น้ำ", "ชายแดน"]
provs = ["10", "40", "50", "74", "83", "90"]
with open(path, "w") as f:
    for i in range(n):
        office, act, thing = rnd.choice(offices), rnd.choice(acts), rnd.choice(things)
        parts = ["เจ้าหน้าที่%s%s%s" % (office, act, thing)]
        if rnd.random() < 0.35:
            parts.append("ในโครงการก่อสร้าง%s" % rnd.choice(["อาคาร", "สะพาน", "ฝาย"]))
        if rnd.random() < 0.35:
            parts.append("ซ่อมถนน%sยาว %d เมตร" % (rnd.choice(places), rnd.randrange(100, 5000)))
        if rnd.random() < 0.25:
            parts.append("มีการจ่ายเงินใต้โต๊ะ %s บาท" % format(rnd.randrange(1, 500) * 1000, ","))
        if i == n // 2:
            parts.append("โดยอ้างว่าเป็นรางวัลลอตเตอรี่")
        rnd.shuffle(parts[1:])
        tip = {"unit": "mol-eyes", "category": rnd.choice(cats),
               "subject": "%s%s" % (act, thing),
               "description": " ".join(parts) + "\nเกิดขึ้นที่%s" % rnd.choice(places),
               "province": rnd.choice(provs),
               "amount_baht": rnd.randrange(1, 500) * 1000}
        f.write(json.dumps(tip, ensure_ascii=False) + "\n")
EOF
t0=$(date +%s.%N)
filed=0
while IFS= read -r body; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "$body" "$base/api/v1/tips")
  [ "$code" = 201 ] || { echo "tip refused: $code $body" >&2; exit 1; }
  filed=$((filed + 1))
done <"$out/tips.jsonl"
t1=$(date +%s.%N)
# The first lists as the officer index 500 pending tips each.
for _ in $(seq $(( seed / 500 + 2 ))); do total "limit=1" >/dev/null; done
t2=$(date +%s.%N)
stop
index_rows=$(sqlite3 "$out/data/sodsong.db" "SELECT count(*) FROM tip_indexed")

measure() {  # SIZE: clone up to SIZE tips, restart, measure, append to result.md
  local size=$1 i p tc
tc=$(date +%s.%N)
sqlite3 -cmd ".parameter set :target $size" "$out/data/sodsong.db" \
  <bench/seed_clone.sql >"$out/clone.txt"
t3=$(date +%s.%N)
ntips=$(sqlite3 "$out/data/sodsong.db" "SELECT count(*) FROM tips")
dbmib=$(du -m "$out/data/sodsong.db" | cut -f1)

# (d)
start "$out/serve-$size.log"
tok=$(token)
# A clone is a real tip: the officer opens the newest (a clone) in full.
newest=$(curl -sf -H "Authorization: Bearer $tok" "$base/api/v1/tips?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])' 2>/dev/null) || newest=
if [ -z "$newest" ] || ! curl -sf -H "Authorization: Bearer $tok" "$base/api/v1/tips/$newest" |
     python3 -c 'import json,sys; assert "เจ้าหน้าที่" in json.load(sys.stdin)["description"]' 2>/dev/null; then
  echo "the officer cannot list or open the cloned tips (see $out/serve-$size.log)" >&2
  opened="no"
else
  opened="yes (tip $newest)"
fi

declare -a p50 p99 rps hits errs
for i in "${!paths[@]}"; do
  p=${paths[$i]}
  if [ "$p" = /healthz ]; then
    hits[$i]="–"
    wrk -t1 -c"$conns" -d"${secs}s" --latency "$base$p" >"$out/wrk-$size-$i.txt"
  else
    hits[$i]=$(total "${p#*\?}")
    wrk -t1 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $tok" \
      "$base$p" >"$out/wrk-$size-$i.txt"
  fi
  p50[$i]=$(ms "$(awk '$1 == "50%" {print $2}' "$out/wrk-$size-$i.txt")")
  p99[$i]=$(ms "$(awk '$1 == "99%" {print $2}' "$out/wrk-$size-$i.txt")")
  rps[$i]=$(awk '/Requests\/sec/ {print $2}' "$out/wrk-$size-$i.txt")
  errs[$i]=$(awk '/Non-2xx/ {n += $5} /Socket errors/ {n += 1} END {print n + 0}' "$out/wrk-$size-$i.txt")
done
rss=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' /proc/"$pid"/status)
stop

{
  echo "### $(date -u +%F) — $(nproc) cores (nproc), $ntips tips, wrk -t1 -c$conns -d${secs}s --latency, one run, load average $load0 at start"
  echo
  echo "Seeding: $filed tips through POST /api/v1/tips in $(secs_between "$t0" "$t1") s;" \
       "indexed by the officer's first lists in $(secs_between "$t1" "$t2") s ($index_rows tip_indexed rows);" \
       "cloned with sqlite3 up to $ntips tips in $(secs_between "$tc" "$t3") s; database $dbmib MiB." \
       "Server peak RSS after the run: $rss MiB. Newest clone opened in full by the officer: $opened."
  echo
  echo "| request (officer of mol, limit=20) | hits (total) | requests/s | p50 ms | p99 ms | non-2xx/errors | p50 / healthz | p50 / list |"
  echo "|---|---|---|---|---|---|---|---|"
  for i in "${!paths[@]}"; do
    echo "| ${names[$i]} | ${hits[$i]} | ${rps[$i]} | ${p50[$i]} | ${p99[$i]} | ${errs[$i]} |" \
         "$(ratio "${p50[$i]}" "${p50[0]}") | $(ratio "${p50[$i]}" "${p50[1]}") |"
  done
  echo
} | tee -a "$out/result.md"
}

# (c) and (d) for each size, growing: clone, restart, measure.
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
declare -a names paths
add() { names+=("$1"); paths+=("$2"); }
add "baseline: GET /healthz" "/healthz"
add "baseline: GET /api/v1/tips?limit=20 (no q, newest first)" "/api/v1/tips?limit=20"
add "rare word: q=ลอตเตอรี่" "/api/v1/tips?q=$(enc ลอตเตอรี่)&limit=20"
add "common word: q=เจ้าหน้าที่" "/api/v1/tips?q=$(enc เจ้าหน้าที่)&limit=20"
add "two words: q=ก่อสร้าง ถนน" "/api/v1/tips?q=$(enc 'ก่อสร้าง ถนน')&limit=20"
add "word inside a compound: q=ใต้โต๊ะ (in เงินใต้โต๊ะ)" "/api/v1/tips?q=$(enc ใต้โต๊ะ)&limit=20"
# wrk latency string (e.g. 812.00us, 1.20ms, 2.01s) -> milliseconds
ms() { awk -v v="$1" 'BEGIN { if (v == "") { print "–"; exit } u = v; sub(/[0-9.]+/, "", u); x = v + 0
  if (u == "us") x /= 1000; else if (u == "s") x *= 1000; else if (u == "m") x *= 60000
  printf "%.3f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "–") printf "%.1f", a / b; else print "–" }'; }
secs_between() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }
: >"$out/result.md"
for size in $sizes; do
  measure "$size"
done
