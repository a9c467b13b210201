//! Benchmarks; see `benches/` and `cargo xtask bench`.
