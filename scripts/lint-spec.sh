#!/usr/bin/env bash
# Lints spec/openapi.yaml with the pinned Redocly CLI (config: redocly.yaml).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/install-tools.sh"
cd "$ROOT"
# No telemetry or update checks: CI reaches only the package registries.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec "$ROOT/tools/node_modules/.bin/redocly" lint spec/openapi.yaml --config "$ROOT/redocly.yaml" "$@"
