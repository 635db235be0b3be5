#!/usr/bin/env bash
# A real ClickHouse (Debian's clickhouse-server 18.16) for the engine tests, on loopback ports
# with everything under DIR. Three users, all limited to 127.0.0.1: `default` without a
# password, `querybook` with one, and `reader` with a readonly=1 profile.
#   clickhouse.sh start DIR   prints QUERYBOOK_TEST_CLICKHOUSE=http://127.0.0.1:PORT and the
#                             password user's QUERYBOOK_TEST_CLICKHOUSE_USER/_PASSWORD and
#                             QUERYBOOK_TEST_CLICKHOUSE_READONLY_USER
#   clickhouse.sh stop DIR    stops it (safe to call twice)
set -euo pipefail

command="${1:?usage: clickhouse.sh start|stop DIR}"
dir="${2:?usage: clickhouse.sh start|stop DIR}"
server=/usr/sbin/clickhouse-server

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  [ -x "$server" ] || { echo "clickhouse.sh: $server is missing (apt-get install clickhouse-server)" >&2; exit 1; }
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  dir="$(cd "$dir" && pwd)"
  local http_port tcp_port password
  http_port="$(free_port)"
  tcp_port="$(free_port)"
  while [ "$tcp_port" = "$http_port" ]; do tcp_port="$(free_port)"; done
  password="qb-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"

  cat >"$dir/config.xml" <<EOF
<yandex>
    <logger>
        <level>warning</level>
        <log>$dir/server.log</log>
        <errorlog>$dir/server.err.log</errorlog>
        <console>0</console>
    </logger>
    <http_port>$http_port</http_port>
    <tcp_port>$tcp_port</tcp_port>
    <listen_host>127.0.0.1</listen_host>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <format_schema_path>$dir/format_schemas/</format_schema_path>
    <users_config>$dir/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mark_cache_size>268435456</mark_cache_size>
</yandex>
EOF
  cat >"$dir/users.xml" <<EOF
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
        </default>
        <readonly>
            <readonly>1</readonly>
        </readonly>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
        <querybook>
            <password>$password</password>
            <networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </querybook>
        <reader>
            <password></password>
            <networks><ip>127.0.0.1</ip></networks>
            <profile>readonly</profile>
            <quota>default</quota>
        </reader>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
  chmod 600 "$dir/users.xml"

  "$server" --config-file="$dir/config.xml" >"$dir/stdout.log" 2>&1 &
  echo $! >"$dir/server.pid"

  local url="http://127.0.0.1:$http_port"
  for _ in $(seq 1 300); do
    if [ "$(curl -s --max-time 1 "$url/?query=SELECT%201" 2>/dev/null)" = 1 ]; then
      echo "QUERYBOOK_TEST_CLICKHOUSE=$url"
      echo "QUERYBOOK_TEST_CLICKHOUSE_USER=querybook"
      echo "QUERYBOOK_TEST_CLICKHOUSE_PASSWORD=$password"
      echo "QUERYBOOK_TEST_CLICKHOUSE_READONLY_USER=reader"
      return 0
    fi
    if ! kill -0 "$(cat "$dir/server.pid")" 2>/dev/null; then
      echo "clickhouse.sh: the server exited; its log:" >&2
      tail -20 "$dir/server.err.log" "$dir/stdout.log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.1
  done
  echo "clickhouse.sh: no answer on $url after 30 s" >&2
  stop
  exit 1
}

stop() {
  [ -f "$dir/server.pid" ] || return 0
  local pid
  pid="$(cat "$dir/server.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/server.pid"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: clickhouse.sh start|stop DIR" >&2; exit 2 ;;
esac
