//! Cargo features by group of resources (`crate.features` in `sdk.yaml`): which feature each
//! type, params type and resource comes with.
//!
//! A type comes with every feature whose resources reach it (as a field, variant, page item or
//! stream event, at any depth), and is always compiled if a resource under no feature reaches it
//! or if no resource does. So whatever a compiled item names is compiled too, with any set of
//! features on.

use super::{visit_named, visit_output, Features, Ir, Resource};
use crate::error::{Error, ErrorKind, Result};
use crate::spec::{escape, Spec};
use std::collections::{BTreeMap, BTreeSet};

/// Names Cargo or the crate's own manifest already uses.
const RESERVED: &[&str] = &["default", "rustls", "native-tls"];

/// Checks `crate.features` and `crate.run_helpers_feature` against the resource tree and works
/// out what each feature gates.
pub(super) fn features(spec: &Spec, ir: &Ir) -> Result<Features> {
    let config = &spec.sdk.value.krate;
    let mut covering: BTreeMap<&str, &str> = BTreeMap::new();
    for (feature, paths) in &config.features {
        let at = || spec.sdk.at(&format!("#/crate/features/{}", escape(feature)));
        let valid = !feature.is_empty()
            && feature.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid || RESERVED.contains(&feature.as_str()) {
            return Err(Error::new(
                at(),
                ErrorKind::Config(format!(
                    "`{feature}` cannot name a feature: use lowercase letters, digits, `-` and `_`, and none of {}",
                    RESERVED.join(", ")
                )),
            ));
        }
        for path in paths {
            if find(&ir.resources, &|r| r.path == *path).is_none() {
                return Err(Error::new(at(), ErrorKind::Config(format!("feature `{feature}`: no resource `{path}`"))));
            }
            if let Some(other) = covering.insert(path, feature) {
                return Err(Error::new(
                    at(),
                    ErrorKind::Config(format!("resource `{path}` is under both `{other}` and `{feature}`")),
                ));
            }
        }
    }
    let run_helpers = match &config.run_helpers_feature {
        Some(feature) if !config.features.contains_key(feature) => {
            return Err(Error::new(
                spec.sdk.at("#/crate/run_helpers_feature"),
                ErrorKind::Config(format!("`{feature}` is not one of `crate.features`")),
            ))
        }
        Some(feature) => vec![feature.clone()],
        None => Vec::new(),
    };
    if config.features.is_empty() {
        return Ok(Features { run_helpers, ..Features::default() });
    }
    let features = gates(ir, &covering);
    if config.run_helpers {
        check_run_helpers(spec, ir, &features, config.run_helpers_feature.as_deref())?;
    }
    Ok(Features { run_helpers, ..features })
}

/// The generated items the Assistants helpers name, in their `use crate::{..}` lines
/// (`templates/runtime/{accumulate,events,poll,run_stream}.rs`; a test keeps the two in step).
pub const RUN_HELPER_NAMES: &[&str] = &[
    "AssistantStreamEvent",
    "Message",
    "MessageContentDelta",
    "RequiredActionFunctionToolCall",
    "Run",
    "RunCreateParams",
    "RunStatus",
    "RunStep",
    "RunSubmitToolOutputsParams",
    "Runs",
    "Thread",
    "ThreadCreateAndRunParams",
    "Threads",
    "ToolOutput",
];

/// The helpers are compiled with their feature (or always, without one), so every item they name
/// must be too: otherwise the crate would not build with that feature alone.
fn check_run_helpers(spec: &Spec, ir: &Ir, features: &Features, feature: Option<&str>) -> Result<()> {
    for name in RUN_HELPER_NAMES {
        let gate = match find(&ir.resources, &|r| r.struct_name == *name) {
            Some(resource) => features.of_resource(&resource.path),
            None => features.of_type(name),
        };
        let compiled = gate.is_empty() || feature.is_some_and(|f| gate.iter().any(|g| g == f));
        if !compiled {
            let gate: Vec<String> = gate.iter().map(|g| format!("`{g}`")).collect();
            let needs = match feature {
                Some(f) => format!("comes with {} but not with `{f}`", gate.join(", ")),
                None => format!("comes with {}: name a `crate.run_helpers_feature`", gate.join(", ")),
            };
            return Err(Error::new(
                spec.sdk.at(if feature.is_some() { "#/crate/run_helpers_feature" } else { "#/crate/features" }),
                ErrorKind::Config(format!("the Assistants helpers use `{name}`, which {needs}")),
            ));
        }
    }
    Ok(())
}

/// Who reaches what, as features: see the module's docs.
fn gates(ir: &Ir, covering: &BTreeMap<&str, &str>) -> Features {
    // Who reaches what: `None` stands for the resources under no feature.
    let mut reached: BTreeMap<Option<&str>, BTreeSet<&str>> = BTreeMap::new();
    let mut resources = BTreeMap::new();
    let mut stack: Vec<(&Resource, Option<&str>)> = ir.resources.iter().map(|r| (r, None)).collect();
    while let Some((resource, inherited)) = stack.pop() {
        let feature = covering.get(resource.path.as_str()).copied().or(inherited);
        if let Some(feature) = feature {
            resources.insert(resource.path.clone(), vec![feature.to_string()]);
        }
        let seen = reached.entry(feature).or_default();
        for method in &resource.methods {
            if let Some(params) = &method.params {
                visit_named(ir, params, seen);
            }
            visit_output(ir, method, seen);
        }
        stack.extend(resource.children.iter().map(|child| (child, feature)));
    }
    let mut always = reached.remove(&None).unwrap_or_default();
    let mut types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (feature, names) in &reached {
        let feature = feature.expect("the features' own sets");
        for name in names.iter().filter(|name| !always.contains(*name)) {
            types.entry(name.to_string()).or_default().push(feature.to_string());
        }
    }
    // Types no resource reaches (list responses the page types stand for, the parts of an event
    // union) come with the features under which all they reach is compiled. One that reaches
    // types of disjoint features is compiled always, and so is all it reaches; that only widens
    // what the others may come with, so a second pass settles them.
    let reached_by_any: BTreeSet<&str> = reached.values().flatten().copied().collect();
    let unreached: Vec<&str> = ir
        .types
        .iter()
        .chain(&ir.params)
        .map(|def| def.name.as_str())
        .filter(|name| !reached_by_any.contains(name) && !always.contains(name))
        .collect();
    for name in &unreached {
        if common_features(ir, name, &types).is_some_and(|common| common.is_empty()) {
            visit_named(ir, name, &mut always);
        }
    }
    types.retain(|name, _| !always.contains(name.as_str()));
    for name in unreached.iter().filter(|name| !always.contains(*name)) {
        if let Some(common) = common_features(ir, name, &types) {
            types.insert(name.to_string(), common);
        }
    }
    Features { types, resources, run_helpers: Vec::new() }
}

/// The features every gated type `name` reaches comes with; `None` if it reaches none.
fn common_features(ir: &Ir, name: &str, types: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    let mut closure = BTreeSet::new();
    visit_named(ir, name, &mut closure);
    closure.iter().filter_map(|reached| types.get(*reached)).fold(None, |common: Option<Vec<String>>, features| {
        Some(match common {
            None => features.clone(),
            Some(common) => common.into_iter().filter(|f| features.contains(f)).collect(),
        })
    })
}

/// The first resource of the tree, depth first, that `is` picks.
fn find<'a>(resources: &'a [Resource], is: &dyn Fn(&Resource) -> bool) -> Option<&'a Resource> {
    resources.iter().find_map(|r| if is(r) { Some(r) } else { find(&r.children, is) })
}
