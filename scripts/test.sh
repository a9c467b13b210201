#!/usr/bin/env bash
# Runs every check and test of the project; CI runs exactly this (via .ci/run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }

step "install pinned tools"
bash scripts/install-tools.sh

step "generated/ matches spec/ and the generator"
cargo xtask regenerate --check

step "spec lints clean (Redocly)"
bash scripts/lint-spec.sh

step "formatting of hand-written code"
rustfmt --edition 2021 --check $(git ls-files '*.rs' | grep -v '^generated/')

# Default members only (no --workspace): the bench crate and its peers are not built here.
step "clippy, warnings denied"
cargo clippy --all-targets --locked -- -D warnings

step "docs of the generated crate build without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc -p openai-beta --no-deps --locked

step "tests (generator, runtime, generated crate, examples; conformance against Prism)"
bash scripts/with-prism.sh cargo test --locked --no-fail-fast
