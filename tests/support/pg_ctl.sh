#!/bin/sh
# pg_ctl for the test run's own PostgreSQL server. PostgreSQL refuses to run as root (CI runs as
# root), so as root the server runs as the "postgres" account that Debian's package creates.
set -e
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PG_BIN" ]; then
  echo "PostgreSQL is not installed (Debian package postgresql): make test installs it" >&2
  exit 127
fi
if [ "$(id -u)" = "0" ]; then
  exec runuser -u postgres -- "$PG_BIN/pg_ctl" "$@"
fi
exec "$PG_BIN/pg_ctl" "$@"
