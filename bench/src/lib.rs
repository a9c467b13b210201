//! Benchmarks of the generator and the generated `openai-beta` client against the crates a user
//! would pick instead: `async-openai` 0.41.3 (hand-written, closed enums) and plain `reqwest` +
//! `serde_json` with no SDK.
//!
//! The library holds what the benches and the helper binaries share, one module per job:
//!
//! * [`contenders`]: the same calls made with each client;
//! * [`decoders`]: each contender's decoder for each decode fixture;
//! * [`fixtures`]: the JSON bodies and the SSE stream every contender decodes (the same bytes);
//! * [`strict`]: a strict `serde` derive of the same shapes, the floor any typed decoder pays;
//! * [`server`]: a loopback HTTP/1.1 server that answers from pre-built bytes;
//! * [`synth`]: a synthetic spec N times larger than `spec/`, for the generator's growth.
//!
//! `cargo xtask bench` runs everything and writes `BENCHMARKS.md`; nothing here asserts a time.

pub mod contenders;
pub mod decoders;
pub mod fixtures;
pub mod server;
pub mod strict;
pub mod synth;
