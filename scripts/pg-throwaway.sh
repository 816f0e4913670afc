#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback with trust auth and print its SQLAlchemy URL.
# Usage: scripts/pg-throwaway.sh [PORT]   (stop it with: pg_ctl -D "$PGDATA_DIR" stop)
# initdb refuses to run as root, so the cluster belongs to the postgres user when we are root.
set -euo pipefail
port="${1:-54329}"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
datadir="$(mktemp -d /tmp/evodesk-pg.XXXXXX)"
run=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$datadir"
  run=(runuser -u postgres --)
fi
"${run[@]}" "$bindir/initdb" -D "$datadir" -U postgres -A trust --no-sync >"$datadir.initdb.log" 2>&1 \
  || { cat "$datadir.initdb.log" >&2; exit 1; }
"${run[@]}" "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$datadir/server.log" >&2; exit 1; }
echo "PGDATA_DIR=$datadir" >&2
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
