//! Hand-written tests of the generated crate live in `tests/`.
