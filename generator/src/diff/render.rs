//! The report as text: for the terminal, and as the body of a changelog section.

use super::{Area, Category, Change, Class, Report, Rule};
use std::collections::BTreeSet;
use std::fmt::Write;

const CLASSES: [Class; 3] = [Class::Breaking, Class::Additive, Class::DocsOnly];
const AREAS: [Area; 5] = [Area::Resources, Area::Methods, Area::Params, Area::Types, Area::StreamEvents];

pub fn text(report: &Report, crate_name: &str, version: Option<(&str, &str)>) -> String {
    let mut out = String::new();
    let verdict = report.verdict().map_or("no change to the Rust API", Class::label);
    let counts: Vec<String> =
        CLASSES.iter().map(|&class| format!("{} {}", report.count(class), class.label())).collect();
    let _ = writeln!(out, "{crate_name}: {verdict} ({})", counts.join(", "));
    if let Some((current, next)) = version {
        let _ = writeln!(out, "version: {current} -> {next}");
    }
    for class in CLASSES {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.class() == class).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", class.label(), changes.len());
        for area in AREAS {
            let in_area: Vec<&&Change> = changes.iter().filter(|c| c.area == area).collect();
            if in_area.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {}", area.label());
            for change in in_area {
                let _ = writeln!(out, "    {}: {}  [{}]", change.item, change.what, change.rule.id());
            }
        }
    }
    let rules: BTreeSet<Rule> = report.changes.iter().map(|c| c.rule).collect();
    if !rules.is_empty() {
        let _ = writeln!(out, "\nrules");
        for rule in rules {
            let _ = writeln!(out, "  {} ({}): {}", rule.id(), rule.class().label(), rule.reason());
        }
    }
    out
}

/// `### Added` / `### Changed` / `### Deprecated` / `### Removed` lists; breaking entries are
/// marked, and description changes are folded into one entry.
pub fn changelog_body(report: &Report) -> String {
    let mut out = String::new();
    let headings = [
        (Category::Added, "Added"),
        (Category::Changed, "Changed"),
        (Category::Deprecated, "Deprecated"),
        (Category::Removed, "Removed"),
    ];
    for (category, heading) in headings {
        let entries: Vec<&Change> =
            report.changes.iter().filter(|c| c.category == category && c.rule != Rule::DocsChanged).collect();
        let docs: Vec<&str> = report
            .changes
            .iter()
            .filter(|c| c.category == category && c.rule == Rule::DocsChanged)
            .map(|c| c.item.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if entries.is_empty() && docs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {heading}\n");
        for change in entries {
            let mark = if change.class() == Class::Breaking { "**Breaking:** " } else { "" };
            let _ = writeln!(out, "- {mark}`{}`: {} ({})", change.item, change.what, change.rule.id());
        }
        if !docs.is_empty() {
            let items: Vec<String> = docs.iter().map(|item| format!("`{item}`")).collect();
            let _ = writeln!(out, "- Documentation updated: {}.", items.join(", "));
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("No change to the Rust API.\n\n");
    }
    out
}
