#!/usr/bin/env bash
# Lint spec/openapi.yaml with Redocly CLI (config: redocly.yaml).
# Installs a pinned @redocly/cli into .tools/node on first use (npm registry only).
set -euo pipefail

REDOCLY_VERSION="2.77.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.tools/node"
PKG_JSON="$PREFIX/node_modules/@redocly/cli/package.json"

installed_version() {
  [ -f "$PKG_JSON" ] || return 0
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$PKG_JSON"
}

if [ "$(installed_version)" != "$REDOCLY_VERSION" ]; then
  echo "Installing @redocly/cli@$REDOCLY_VERSION into $PREFIX" >&2
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-audit --no-fund --no-save \
    "@redocly/cli@$REDOCLY_VERSION" >&2
fi

cd "$ROOT"
# Telemetry off; the Node.js 20 end-of-life banner is informational only.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec "$PREFIX/node_modules/.bin/redocly" lint spec/openapi.yaml --config "$ROOT/redocly.yaml" "$@"
