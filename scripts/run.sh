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

# display_width TEXT: the columns TEXT takes on a terminal. Bytes and even
# characters are wrong for Thai: the above- and below-line vowels and tone
# marks (U+0E31, U+0E34–U+0E3A, U+0E47–U+0E4E) take no column of their own.
display_width() {
  local LC_ALL=C.UTF-8 s=$1
  s=${s//[$'\u0e31'$'\u0e34'-$'\u0e3a'$'\u0e47'-$'\u0e4e']/}
  printf '%s' "${#s}"
}

# box LINE...: the lines in a box whose right edge is straight, however
# long or Thai the lines (a data path may be either).
box() {
  local w=0 l n rule=''
  for l in "$@"; do n=$(display_width "$l"); (( n > w )) && w=$n; done
  for (( n = 0; n < w + 2; n++ )); do rule+='─'; done
  printf '\n  ┌%s┐\n' "$rule"
  for l in "$@"; do
    n=$(display_width "$l")
    printf '  │ %s%*s │\n' "$l" $(( w - n )) ''
  done
  printf '  └%s┘\n\n' "$rule"
}

if [ ! -f "$data/sodsong.db" ]; then
  mkdir -p "$(dirname "$data")"
  "$bin" init "$data" --recovery-key-file "$data.recovery-key"
  "$bin" demo "$data"
  password=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-HJ-NP-Za-km-z2-9' | head -c 16)
  printf '%s\n' "$password" | "$bin" user add "$data" --username admin --role admin --name "ผู้ดูแลระบบ"
  box "Sign in at http://$listen/login" \
      "  user name: admin" \
      "  password:  $password" \
      "This password is shown once. Change it on the account page." \
      "The tip recovery key is in $data.recovery-key" \
      "(outside the data folder): move it somewhere safe, offline."fi
exec "$bin" serve "$data" --listen "$listen"
