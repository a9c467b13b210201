#!/usr/bin/env bash
# Cross-checks `cargo xtask diff-spec`'s verdicts against cargo-semver-checks on the corpus of
# spec edits (generator/tests/api_diff/): installs the pinned cargo-semver-checks into .tools/
# (from crates.io, --locked; a cold build takes several minutes on two cores, which is why this
# is not part of scripts/test.sh), then runs `cargo xtask semver-corpus`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VERSION=0.51.0
TOOL="$ROOT/.tools/cargo-semver-checks/bin/cargo-semver-checks"
if [ ! -x "$TOOL" ] || ! "$TOOL" semver-checks --version | grep -qF " $VERSION"; then
  echo "installing cargo-semver-checks $VERSION into .tools/" >&2
  cargo install cargo-semver-checks --version "$VERSION" --locked --root "$ROOT/.tools/cargo-semver-checks" >&2
fi
CARGO_SEMVER_CHECKS="$TOOL" cargo xtask semver-corpus
