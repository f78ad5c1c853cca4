#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on 127.0.0.1.
#
# Installs Debian's postgresql package when it is missing (as root), starts a
# private cluster in a temporary directory on HEARTH_TEST_PG_PORT (54329),
# exports DATABASE_URL for the command, and removes the cluster afterwards.
set -euo pipefail

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

PGBIN=$(pg_bindir || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed: run 'sudo apt-get install postgresql'." >&2
    exit 1
  fi
  echo "Installing PostgreSQL (Debian package postgresql)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(pg_bindir)
fi

PORT=${HEARTH_TEST_PG_PORT:-54329}
DIR=$(mktemp -d /tmp/hearth-pg.XXXXXX)
RUN=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres:postgres "$DIR"
  RUN=(runuser -u postgres --)
fi

"${RUN[@]}" "$PGBIN/initdb" -D "$DIR/data" -A trust -U hearth -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -F -c fsync=off -c full_page_writes=off" start >/dev/null

stop() {
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U hearth hearth
export DATABASE_URL="postgres://hearth@127.0.0.1:$PORT/hearth"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PORT"
"$@"
