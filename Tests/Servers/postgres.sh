#!/usr/bin/env bash
# A throwaway PostgreSQL 15 (Debian's `postgresql`) for the engine tests.
#   postgres.sh start DIR   initdb in DIR, start on 127.0.0.1 on a free port, create the test
#                           role (password auth over TCP) and database, print the URL line
#   postgres.sh stop DIR    stop it (fast shutdown); safe to call twice
# The server runs as the `postgres` user when started as root (initdb refuses root).
set -euo pipefail
command="${1:?usage: postgres.sh start|stop DIR}"
dir="${2:?usage: postgres.sh start|stop DIR}"
bin="/usr/lib/postgresql/15/bin"
role="querybook"
password="querybook-test-secret"
database="querybook_test"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
  [ -x "$bin/initdb" ] || { echo "postgres.sh: $bin/initdb not found; install Debian's postgresql" >&2; exit 1; }
  mkdir -p "$dir/socket"
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  # Trust on the unix socket (only for the set-up below); scram passwords over TCP, so the
  # engine's password login is what the tests exercise.
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/socket -c fsync=off" \
    >&2 || { cat "$dir/server.log" >&2; exit 1; }
  as_postgres "$bin/pg_isready" -h 127.0.0.1 -p "$port" -t 30 >&2
  as_postgres psql -h "$dir/socket" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >&2 <<SQL
CREATE ROLE $role LOGIN PASSWORD '$password';
CREATE DATABASE $database OWNER $role;
SQL
  echo "QUERYBOOK_TEST_POSTGRES=postgres://$role:$password@127.0.0.1:$port/$database"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  ;;
*)
  echo "usage: postgres.sh start|stop DIR" >&2
  exit 2
  ;;
esac
