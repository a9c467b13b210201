#!/usr/bin/env bash
# Sets up a fresh machine and runs the main job: installs the pinned tools the project needs
# (Prism and Redocly from npm, rustfmt/clippy components) and regenerates generated/ from spec/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/install-tools.sh
cargo xtask regenerate
