//! What a spec update changes for users, in Rust terms: two IRs compared item by item (resources,
//! methods, params and their `new(..)` arguments and setters, model types and fields, enum values,
//! union variants, stream events), each change classed as breaking, additive or docs only by a
//! named rule that follows Rust's semver rules for the code the emitter writes.
//!
//! The IR holds public names, after `sdk.yaml`'s rename table, so a type OpenAI renames while the
//! table keeps its public name compares as the same type: the report shows it as docs only (the
//! schema it comes from moved). A rename the table does not cover is a type removed and a type
//! added, which is breaking; when the two have the same shape the report says so and names the
//! table entry that would keep the old name.

mod changelog;
mod objects;
mod render;
mod resources;
mod rules;
mod types;
mod version;

pub use changelog::{insert_release, ReleaseInfo};
pub use rules::Rule;
pub use version::{next_version, VersionError};

use crate::ir::Ir;
use serde::Serialize;

/// How a change affects code that uses the crate, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Only documentation changed.
    DocsOnly,
    /// Code that compiles today still compiles and means the same.
    Additive,
    /// Some code that compiles today stops compiling, or silently means something else.
    Breaking,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::DocsOnly => "docs only",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        }
    }
}

/// The headings of a Keep a Changelog section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Added,
    Changed,
    Deprecated,
    Removed,
}

/// Which part of the API a change is in, for grouping the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Resources,
    Methods,
    Params,
    Types,
    StreamEvents,
}

impl Area {
    pub fn label(self) -> &'static str {
        match self {
            Area::Resources => "resources",
            Area::Methods => "methods",
            Area::Params => "params types",
            Area::Types => "model types",
            Area::StreamEvents => "stream events",
        }
    }
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub area: Area,
    /// The Rust item, as code names it: `Run.instructions`, `Runs::create`, `RunCreateParams::new`.
    pub item: String,
    /// What happened to it, in a few words.
    pub what: String,
    pub rule: Rule,
    pub category: Category,
}

impl Change {
    pub fn class(&self) -> Class {
        self.rule.class()
    }
}

/// Every change between two versions of the API, sorted by class (breaking first), area and item.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// The most severe class of any change; `None` when nothing changed.
    pub fn verdict(&self) -> Option<Class> {
        self.changes.iter().map(Change::class).max()
    }

    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class() == class).count()
    }

    /// The report as the terminal shows it; `version` is `(current, next)`.
    pub fn render_text(&self, crate_name: &str, version: Option<(&str, &str)>) -> String {
        render::text(self, crate_name, version)
    }

    /// The changes as the body of a Keep a Changelog release section.
    pub fn render_changelog(&self) -> String {
        render::changelog_body(self)
    }
}

/// Compares the public API generated from `old` with the one generated from `new`.
pub fn compare(old: &Ir, new: &Ir) -> Report {
    let mut changes = Vec::new();
    resources::compare(old, new, &mut changes);
    types::compare(old, new, &mut changes);
    changes.sort_by(|a, b| {
        (std::cmp::Reverse(a.class()), a.area, &a.item, &a.what).cmp(&(
            std::cmp::Reverse(b.class()),
            b.area,
            &b.item,
            &b.what,
        ))
    });
    changes.dedup();
    Report { changes }
}

/// Collects changes with less ceremony at the call sites.
pub(crate) struct Changes<'a> {
    pub out: &'a mut Vec<Change>,
    pub area: Area,
}

impl Changes<'_> {
    pub fn push(&mut self, item: impl Into<String>, what: impl Into<String>, rule: Rule) {
        let category = rule.category();
        self.out.push(Change { area: self.area, item: item.into(), what: what.into(), rule, category });
    }
}

/// The names of the corpus's cases in `dir` (`<case>.overlay.yaml`), sorted.
pub fn corpus_cases(dir: &std::path::Path) -> std::io::Result<Vec<String>> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        if let Some(case) = name.to_str().and_then(|name| name.strip_suffix(".overlay.yaml")) {
            cases.push(case.to_owned());
        }
    }
    cases.sort();
    Ok(cases)
}

/// The inputs of a spec directory after an edit, as the corpus of `tests/api_diff/` describes
/// one: `<case>.overlay.yaml` applied to `<base>/openapi.yaml`, and `<case>.sdk.yaml` in place of
/// `<base>/sdk.yaml` when the edit needs another SDK shape (an operation bound or unbound, a
/// rename-table entry).
pub fn edited_inputs(base: &std::path::Path, case: &std::path::Path) -> crate::Result<crate::spec::Inputs> {
    use crate::spec::{Inputs, Text, OPENAPI_FILE, SDK_FILE};
    let sdk = case.with_extension("sdk.yaml");
    let sdk = if sdk.exists() { sdk } else { base.join(SDK_FILE) };
    Ok(Inputs {
        openapi: Text::read(&base.join(OPENAPI_FILE))?,
        overlay: Some(Text::read(&case.with_extension("overlay.yaml"))?),
        sdk: Some(Text::read(&sdk)?),
    })
}
