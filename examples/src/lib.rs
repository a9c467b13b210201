//! Runnable examples of the `openai-beta` crate; see `src/bin/`.
