//! The generator of the `openai-beta` client crate.
//!
//! `load` (spec) -> `normalize` -> `lower` (ir) -> `emit` -> `write`, each stage a module. Only `spec::load`,
//! `Templates::load` and `write` touch the disk; everything between is pure, so a failing run
//! never leaves a half-written crate behind.

pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod naming;
pub mod normalize;
pub mod spec;
mod stack;
pub mod write;

pub use emit::{GeneratedFile, Templates};
pub use error::{Error, ErrorKind, Location, Result};

use std::path::Path;

/// Renders the whole crate in memory from a spec directory and a templates directory.
pub fn generate(spec_dir: &Path, templates_dir: &Path) -> Result<Vec<GeneratedFile>> {
    let spec = spec::load(spec_dir)?;
    let templates = Templates::load(templates_dir)?;
    generate_from(&spec, &templates)
}

/// [`generate`] for inputs already in memory.
pub fn generate_from(spec: &spec::Spec, templates: &Templates) -> Result<Vec<GeneratedFile>> {
    let ir = ir::lower(spec)?;
    emit::emit(&ir, templates, &spec.document)
}
