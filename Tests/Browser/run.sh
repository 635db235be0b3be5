#!/usr/bin/env bash
# Browser tests against a fresh hub: starts `querybook serve` on a temp data dir and a free
# port, runs the web UI's pure-logic tests (node, when installed) and the Selenium tests,
# then stops the server. Screenshots and logs land in $ARTIFACTS (default ./artifacts).
set -euo pipefail
cd "$(dirname "$0")/../.."

ARTIFACTS="${ARTIFACTS:-$PWD/artifacts}"
BIN="${QUERYBOOK_BIN:-.build/debug/querybook}"
mkdir -p "$ARTIFACTS"

if command -v node >/dev/null 2>&1; then
  echo "== web UI unit tests (node --test)"
  node --test Tests/Browser/js/
else
  echo "== node is not installed: skipping Tests/Browser/js (apt-get install nodejs)"
fi

[ -x "$BIN" ] || swift build --product querybook

data="$(mktemp -d)"
out="$ARTIFACTS/browser-server.out"
# A one-second doc history window, so the history test can make versions without waiting a minute.
QUERYBOOK_HISTORY_WINDOW="${QUERYBOOK_HISTORY_WINDOW:-1}" "$BIN" serve --data-dir "$data" --port 0 >"$out" 2>"$ARTIFACTS/browser-server.log" &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

# The server prints its URL once it listens (after creating the demo data, ~10 s); wait for
# that and a healthy answer, for at most two minutes.
url="$(python3 - "$out" "$pid" <<'EOF'
import os, re, sys, time, urllib.request
path, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("querybook exited before it listened; see browser-server.log")
    match = re.search(r"http://[\w.\[\]:-]+:\d+", open(path).read())
    if match:
        try:
            urllib.request.urlopen(match.group(0) + "/api/health", timeout=2).read()
            print(match.group(0))
            sys.exit(0)
        except OSError:
            pass
    time.sleep(0.2)
sys.exit("querybook did not answer /api/health within 120 s")
EOF
)"
echo "== browser tests against $url"
QUERYBOOK_URL="$url" QUERYBOOK_ARTIFACTS="$ARTIFACTS" python3 -m pytest -q -p no:cacheprovider Tests/Browser "$@"
