#!/usr/bin/env bash
# The project's bare durable-write baseline: single-row INSERT
# transactions into SQLite (WAL, synchronous=FULL) from the sqlite3 shell.
# Usage: bench/bare_insert.sh DB [N]; prints inserts per second.
set -euo pipefail
db=$1
n=${2:-3000}
rm -f "$db"
start=$(date +%s.%N)
{
  echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
  echo "CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT);"
  for _ in $(seq "$n"); do echo "INSERT INTO t(body) VALUES ('$(printf 'x%.0s' {1..300})');"; done
} | sqlite3 "$db" >/dev/null
end=$(date +%s.%N)
awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", n / (e - s) }'
