#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1, started and stopped here.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]   (PIRI_DATABASE_URL is set for COMMAND)
set -euo pipefail
PORT=${PIRI_PG_PORT:-55432}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
PGBIN=$(find_bin)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server is missing: install Debian's postgresql package and run again." >&2
    exit 1
  fi
  echo "Installing Debian's postgresql for the PostgreSQL run…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(find_bin)
fi

PGDIR=$(mktemp -d)
chmod 755 "$PGDIR"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else bash -c "$1"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
cleanup() {
  as_pg "$PGBIN/pg_ctl -D $PGDIR/data -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb -D $PGDIR/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/server.log -o \"-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=off -c full_page_writes=off\" -w start" >/dev/null
psql -h 127.0.0.1 -p "$PORT" -U postgres -q -c 'create database piri_test' >/dev/null
export PIRI_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/piri"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
