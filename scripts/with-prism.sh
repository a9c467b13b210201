#!/usr/bin/env bash
# Runs a command with a Prism mock server of generated/openapi.json (the upstream document with
# spec/overlay.yaml applied, cut to the SDK's scope) on a free loopback port, exported
# as PRISM_URL, and stops the server afterwards. Fails loudly if Prism does not come up.
#   usage: scripts/with-prism.sh <command> [args...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRISM="$ROOT/tools/node_modules/.bin/prism"
[ -x "$PRISM" ] || { echo "error: Prism is not installed; run scripts/install-tools.sh" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
# --errors: a request that breaks the spec gets an error response instead of a best-effort mock.
"$PRISM" mock --host 127.0.0.1 --port "$port" --errors "$ROOT/generated/openapi.json" >"$log" 2>&1 &
prism_pid=$!
cleanup() { kill "$prism_pid" 2>/dev/null || true; wait "$prism_pid" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if grep -q "Prism is listening" "$log"; then break; fi
  if ! kill -0 "$prism_pid" 2>/dev/null; then echo "error: Prism exited:" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.5
done
grep -q "Prism is listening" "$log" || { echo "error: Prism did not start within 60 s:" >&2; cat "$log" >&2; exit 1; }

export PRISM_URL="http://127.0.0.1:$port"
"$@"
