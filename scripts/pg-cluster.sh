#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests.
#
#   scripts/pg-cluster.sh start DIR [PORT]   create (if needed) and start it
#   scripts/pg-cluster.sh stop DIR           stop it (DIR is left in place)
#
# The cluster lives in DIR/data, listens only on a unix socket in DIR (no TCP),
# trusts every local connection and runs as the `postgres` system user (initdb
# refuses root). Connect with: psql -h DIR -p PORT -U postgres
# Durability is switched off for speed: never keep data you care about here.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
usage() {
  echo "usage: $0 start|stop DIR [PORT]" >&2
  exit 2
}
[ "$#" -ge 2 ] || usage
cmd="$1"
dir="$2"
port="${3:-5432}"

# Runs a command as the postgres user (we may be root, or postgres already).
as_pg() {
  if [ "$(id -un)" = postgres ]; then
    "$@"
  elif [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    sudo -u postgres -- "$@"
  fi
}

if [ ! -x "$PG_BIN/initdb" ]; then
  echo "error: $PG_BIN/initdb not found; install the postgresql-15 package" >&2
  exit 1
fi

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    # A unix socket path is limited to 107 bytes.
    if [ "$((${#dir} + 20))" -gt 107 ]; then
      echo "error: $dir is too long for a unix socket directory" >&2
      exit 1
    fi
    if [ "$(id -un)" != postgres ]; then
      if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; else sudo chown postgres: "$dir"; fi
    fi
    if ! as_pg test -w "$dir"; then
      echo "error: the postgres user cannot write to $dir (is a parent folder closed to it?)" >&2
      exit 1
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      if ! out="$(as_pg "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 \
        --locale=C.UTF-8 2>&1)"; then
        echo "$out" >&2
        echo "error: initdb failed" >&2
        exit 1
      fi
    fi
    opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c port=$port"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    opts+=" -c max_connections=100 -c shared_buffers=64MB"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "$opts" start >/dev/null; then
      cat "$dir/postgres.log" >&2 || true
      echo "error: PostgreSQL did not start" >&2
      exit 1
    fi
    echo "PostgreSQL 15 running: host=$dir port=$port (user postgres, no password)"
    ;;
  stop)
    dir="$(cd "$dir" 2>/dev/null && pwd || echo "$dir")"
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null
      echo "PostgreSQL in $dir stopped"
    else
      echo "PostgreSQL in $dir is not running"
    fi
    ;;
  *)
    usage
    ;;
esac
