#!/usr/bin/env bash
# pg_run.sh — a throw-away PostgreSQL server for the tests, from Debian's
# binaries (/usr/lib/postgresql/*/bin), in a folder of its own, listening
# on a Unix socket in that folder only (no TCP, no system service).
#
#   tests/pg/pg_run.sh start DIR    initdb into DIR (if new) and start;
#                                   DIR/socket is the socket's folder
#   tests/pg/pg_run.sh stop DIR     stop the server started in DIR, by the
#                                   PID it wrote, and remove DIR
#   tests/pg/pg_run.sh run CMD…     start in a new temporary folder, run CMD
#                                   with SODSONG_TEST_ENGINE=pg and
#                                   SODSONG_PG_SOCKET set, stop (also when
#                                   CMD fails or the script is interrupted)
#
# The server trusts every local connection (it is reachable through its
# socket folder only, mode 0700 but for the user running the tests) and
# runs without fsync: a crash loses nothing a test needs. As root (CI
# containers), the server runs as the `postgres` user, as initdb requires.
set -euo pipefail

pgbin=${SODSONG_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "pg_run.sh: no PostgreSQL binaries (install Debian's postgresql: scripts/deps.sh test)" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local dir=$1
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    chmod 0755 "$dir"
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    # C collation: text sorts by bytes, as SQLite's does, so that both
    # engines list Thai names in the same order.
    as_pg "$pgbin/initdb" -D "$dir/data" -U sodsong --auth=trust --encoding=UTF8 \
      --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  as_pg mkdir -p "$dir/socket"
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir/socket' \
        -c unix_socket_permissions=0777 -c max_connections=300 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

stop() {
  local dir=$1 pid
  if [ -f "$dir/data/postmaster.pid" ]; then
    pid=$(head -1 "$dir/data/postmaster.pid")
    # SIGINT: PostgreSQL's fast shutdown. Then wait for that PID to end.
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  run)
    shift
    dir=$(mktemp -d /tmp/sodsong-pg.XXXXXX)
    trap 'stop "$dir"' EXIT INT TERM
    start "$dir"
    SODSONG_TEST_ENGINE=pg SODSONG_PG_SOCKET="$dir/socket" "$@"
    ;;
  *)
    echo "usage: pg_run.sh start DIR | stop DIR | run CMD…" >&2
    exit 2
    ;;
esac
