#!/usr/bin/env bash
# Install the Debian packages Sodsong needs, if any is missing.
#   scripts/deps.sh run     build and run
#   scripts/deps.sh test    … and test (browser, fuzzers, PostgreSQL)
#   scripts/deps.sh bench   … and benchmark
# Needs root or sudo for apt-get; does nothing when all is there.
set -euo pipefail
what=${1:-run}

pkgs=(build-essential cmake pkg-config libmicrohttpd-dev libsqlite3-dev sqlite3
      libsodium-dev libjansson-dev libthai-dev libthai-data liboath-dev
      fonts-thai-tlwg-web ca-certificates libzip-dev libexpat1-dev libxlsxwriter-dev
      libcurl4-openssl-dev libmagic-dev libexif-dev zlib1g-dev libseccomp-dev libyajl-dev
      libcairo2-dev libpango1.0-dev fonts-tlwg-laksaman libqrencode-dev
      # PostgreSQL: libpq for the driver; the server for `make test`, which
      # runs the end-to-end suite on PostgreSQL too (tests/pg/pg_run.sh)
      libpq-dev postgresql
      # the reference codecs test_image links: CMake configures the tests in
      # every build, `make run`'s too
      libjpeg62-turbo-dev libpng-dev libwebp-dev)
case "$what" in
  test)  pkgs+=(python3 poppler-utils chromium clang libclang-rt-14-dev libimage-exiftool-perl) ;;
  bench) pkgs+=(python3 wrk curl time) ;;
esac
# Node.js and npm for the browser tests, unless a node is already installed.
if [ "$what" = test ] && ! command -v npm >/dev/null 2>&1; then
  pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "sodsong: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$what" = test ] && { [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; }; then
  echo "sodsong: installing playwright-core and axe-core (npm) for the browser tests" >&2
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
