#!/usr/bin/env bash
# Lints generated/openapi.json (the upstream document with spec/overlay.yaml applied, cut to the
# SDK's scope) with the pinned Redocly CLI (config: redocly.yaml).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/install-tools.sh"
cd "$ROOT"
# No telemetry or update checks: CI reaches only the package registries.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec "$ROOT/tools/node_modules/.bin/redocly" lint generated/openapi.json --config "$ROOT/redocly.yaml" "$@"
