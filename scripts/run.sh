#!/usr/bin/env bash
# Build and serve Sodsong with the demo data (the README's first command).
#   SODSONG_DATA   data folder (default: var/sodsong)
#   SODSONG_LISTEN address to listen on (default: 127.0.0.1:8080)
set -euo pipefail
data=${SODSONG_DATA:-var/sodsong}
listen=${SODSONG_LISTEN:-127.0.0.1:8080}

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
bin=build/release/sodsong

if [ ! -f "$data/sodsong.db" ]; then
  mkdir -p "$(dirname "$data")"
  "$bin" init "$data" --recovery-key-file "$data.recovery-key"
  "$bin" demo "$data"
  password=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-HJ-NP-Za-km-z2-9' | head -c 16)
  printf '%s\n' "$password" | "$bin" user add "$data" --username admin --role admin --name "ผู้ดูแลระบบ"
  cat <<MSG

  ┌──────────────────────────────────────────────────────────────┐
  │ Sign in at http://$listen/login
  │   user name: admin
  │   password:  $password
  │ This password is shown once. Change it on the account page.  │
  │ The tip recovery key is in $data.recovery-key
  │ (outside the data folder): move it somewhere safe, offline.  │
  └──────────────────────────────────────────────────────────────┘

MSG
fi
exec "$bin" serve "$data" --listen "$listen"
