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
# The generated crate too, as a user's `cargo fmt` sees it (its emitted files opt out; the
# templated and copied ones must already be formatted).
cargo fmt --all --check

# Default members only (no --workspace): the bench crate and its peers are not built here.
step "clippy, warnings denied"
cargo clippy --all-targets --locked -- -D warnings

step "docs of the generated crate build without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc -p openai-beta --no-deps --locked

step "tests (generator, runtime, generated crate, examples; conformance against Prism)"
bash scripts/with-prism.sh cargo test --locked --no-fail-fast

step "the generated crate packages for crates.io without warnings (dry run, nothing uploaded)"
cargo publish --dry-run -p openai-beta --locked 2>&1 | tee "$ROOT/target/publish-dry-run.log"
if grep -E '^(warning|error)' "$ROOT/target/publish-dry-run.log" | grep -v 'aborting upload due to dry run'; then
  echo "error: cargo publish --dry-run warned (above)" >&2
  exit 1
fi

# Whole-spec mode on the upstream document as published (no sdk.yaml, no overlay): the crate it
# writes outside the workspace must check on its own without a warning. The workspace lockfile
# pins its dependencies to the versions built above, so nothing new is downloaded or compiled.
step "the whole upstream document generates a crate that checks without warnings"
# Outside the repository: cargo would take a crate under it for a stray member of the workspace.
WHOLE="$(mktemp -d)"
trap 'rm -rf "$WHOLE"' EXIT
cargo xtask generate --spec spec/openapi.yaml --out "$WHOLE/openai"
cp Cargo.lock "$WHOLE/openai/Cargo.lock"
# Runs a `cargo check` and fails on any warning it prints (RUSTFLAGS=-D warnings would rebuild
# every dependency).
check_clean() {
  local what="$1"
  shift
  "$@" 2>&1 | tee "$WHOLE/check.log"
  if grep -E '^(warning|error)' "$WHOLE/check.log"; then
    echo "error: $what has warnings or errors (above)" >&2
    exit 1
  fi
}
check_clean "the whole-document crate" \
  env CARGO_TARGET_DIR="$ROOT/target" cargo check --manifest-path "$WHOLE/openai/Cargo.toml"

# Each group of resources is a feature (sdk.yaml `crate.features`); each alone, and none, must
# compile without a warning. The dependencies were checked in the step above.
step "the generated crate with each resource feature alone, and none, checks without warnings"
for features in rustls,chatkit rustls,assistants rustls; do
  check_clean "openai-beta with only $features" \
    cargo check -p openai-beta --lib --locked --no-default-features --features "$features"
done
