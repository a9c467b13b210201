#!/usr/bin/env bash
# Installs the project's pinned tools; a no-op when they are already there.
#   - tools/package.json + package-lock.json: @stoplight/prism-cli and @redocly/cli (npm ci)
#   - rustfmt and clippy for the installed toolchain
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/tools"

stamp=node_modules/.installed-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "installing pinned node tools (tools/package-lock.json)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  cp package-lock.json "$stamp"
fi

if command -v rustup >/dev/null 2>&1; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component" >&2
  done
fi
