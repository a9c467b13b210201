//! Empty: see `Cargo.toml`. `cargo xtask bench` builds this crate, cleans one of its two
//! dependencies and builds it again, and reads that dependency's time from cargo's `--timings`.
