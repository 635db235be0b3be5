#!/usr/bin/env bash
# Runs a command with the real database servers the tests talk to: every other script in
# this folder is one server (`NAME.sh start DIR` starts it on loopback with its data in DIR and
# prints KEY=VALUE lines for the tests' environment; `NAME.sh stop DIR` stops it). All of them
# are stopped when the command ends, fails or is interrupted.
#   bash Tests/Servers/with-servers.sh swift test --skip-build --filter Postgres
set -euo pipefail
cd "$(dirname "$0")/../.."

root="$(mktemp -d /tmp/querybook-servers.XXXXXX)"
chmod 755 "$root"
started=()
cleanup() {
  for name in "${started[@]}"; do
    bash "Tests/Servers/$name.sh" stop "$root/$name" || echo "with-servers: could not stop $name" >&2
  done
  rm -rf "$root"
}
trap cleanup EXIT

for script in Tests/Servers/*.sh; do
  name="$(basename "$script" .sh)"
  [ "$name" = with-servers ] && continue
  mkdir -p "$root/$name"
  started+=("$name")
  echo "== starting test server: $name" >&2
  bash "$script" start "$root/$name" >"$root/$name.env"
  set -a
  # shellcheck disable=SC1090
  . "$root/$name.env"
  set +a
done

"$@"
