//! OpenAPI Overlay 1.0 (<https://spec.openapis.org/overlay/v1.0.0>): the project's corrections to
//! the upstream document, kept apart from it so that an upstream update replaces `openapi.yaml`
//! whole and every correction is re-applied (or reported as stale) on top.
//!
//! Semantics beyond the letter of 1.0, which leaves them loose, follow the merge rules that
//! Overlay 1.1 spelled out for the same feature set: objects merge key by key, recursively; an
//! array concatenates with an array; a primitive replaces a primitive; any other pairing is an
//! error rather than a silent replacement. An `update` that is not an array is appended to a
//! selected array (1.0's "an entry to append").
//!
//! Stricter than the spec, on purpose: a target that selects nothing is an error (1.1 calls it a
//! no-op), since that is how a correction made stale by an upstream change gets noticed; every
//! action needs a `description`; and an action must have exactly one of `update` and `remove`.

use super::{escape, Source};
use crate::error::{Error, ErrorKind, Location, Result};
use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use std::path::Path;

/// A parsed overlay document.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// The `overlay:` version, 1.0.x.
    pub version: String,
    pub title: String,
    /// `info.version`: the overlay's own version, not the spec's.
    pub info_version: String,
    /// Informational only: the caller decides which document the overlay applies to.
    pub extends: Option<String>,
    pub actions: Vec<Action>,
}

/// One action. `description` is optional in the spec; [`parse`] and [`apply`] require it.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub target: String,
    pub description: Option<String>,
    pub update: Option<Value>,
    pub remove: bool,
}

/// Parses an overlay document; `path` and `text` are for error locations.
pub fn parse(path: &Path, text: &str) -> Result<Overlay> {
    let source = Source::new(text);
    let here = Here { path, source: &source };
    let tree = super::yaml::parse(text).map_err(|err| {
        let mark = err.location();
        let message = err.to_string();
        // serde_yaml appends the position, which the location already carries.
        let message = message.find(" at line ").map_or(message.as_str(), |end| &message[..end]).to_string();
        let location = Location {
            file: path.to_path_buf(),
            line: mark.as_ref().map(|m| m.line()),
            column: mark.as_ref().map(|m| m.column()),
            pointer: "#".to_string(),
        };
        Error::new(location, ErrorKind::InvalidYaml(message))
    })?;
    let Value::Object(root) = &tree else {
        return Err(here.shape("#", "expected an overlay document: a mapping with `overlay`, `info` and `actions`"));
    };
    here.known_fields(root, "#", &["overlay", "info", "extends", "actions"])?;
    let version = here.required_string(root, "#", "overlay")?;
    let patch = version.strip_prefix("1.0.");
    if !patch.is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit())) {
        return Err(Error::new(here.at("#/overlay"), ErrorKind::OverlayVersion(version)));
    }
    let info = match root.get("info") {
        Some(Value::Object(info)) => info,
        Some(_) => return Err(here.shape("#/info", "`info` must be a mapping with `title` and `version`")),
        None => return Err(here.shape("#", "missing field `info`")),
    };
    here.known_fields(info, "#/info", &["title", "version"])?;
    let title = here.required_string(info, "#/info", "title")?;
    let info_version = here.required_string(info, "#/info", "version")?;
    let extends = here.string(root, "#", "extends")?;
    let items = match root.get("actions") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(_) => return Err(here.shape("#/actions", "`actions` must be a non-empty list")),
        None => return Err(here.shape("#", "missing field `actions`")),
    };
    let mut actions = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let pointer = format!("#/actions/{index}");
        let Value::Object(fields) = item else {
            return Err(here.shape(&pointer, "an action must be a mapping with `target` and `update` or `remove`"));
        };
        here.known_fields(fields, &pointer, &["target", "description", "update", "remove"])?;
        let remove = match fields.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(_) => return Err(here.shape(&format!("{pointer}/remove"), "`remove` must be `true` or `false`")),
        };
        let action = Action {
            target: here.required_string(fields, &pointer, "target")?,
            description: here.string(fields, &pointer, "description")?,
            // Present-but-null counts as an update (of null), so `update:` left empty by mistake
            // is reported when it fails to merge instead of vanishing.
            update: fields.get("update").cloned(),
            remove,
        };
        // Checked here too, not only in `apply`, so a broken overlay fails before any document
        // is read.
        check(&here, index, &action)?;
        actions.push(action);
    }
    Ok(Overlay { version, title, info_version, extends, actions })
}

/// Applies every action in order to `doc`, each to the result of the previous one.
pub fn apply(overlay: &Overlay, overlay_path: &Path, overlay_text: &str, doc: &mut Value) -> Result<()> {
    let source = Source::new(overlay_text);
    let here = Here { path: overlay_path, source: &source };
    for (index, action) in overlay.actions.iter().enumerate() {
        apply_action(&here, index, action, doc)?;
    }
    Ok(())
}

fn apply_action(here: &Here<'_>, index: usize, action: &Action, doc: &mut Value) -> Result<()> {
    let query = check(here, index, action)?;
    let inapplicable = |field: &str, at: String, message: String| {
        let kind = ErrorKind::OverlayInapplicable { target: action.target.clone(), at, message };
        Error::new(here.at(&format!("#/actions/{index}/{field}")), kind)
    };
    // The located paths borrow `doc`, so they are copied out before it is mutated. Sorting
    // (done by `dedup`) puts them in document order, with a node before its descendants and
    // lower array indices first; `dedup` also drops repeats (`$.a[0,0]`), which would otherwise
    // be merged or removed twice.
    let mut located = query.query_located(doc);
    located.dedup_in_place();
    let nodes: Vec<(String, Vec<Step>)> = located
        .locations()
        .map(|path| (format!("#{}", path.to_json_pointer()), path.iter().map(Step::from).collect()))
        .collect();
    if nodes.is_empty() {
        let kind = ErrorKind::OverlayTargetUnmatched { target: action.target.clone() };
        return Err(Error::new(here.at(&format!("#/actions/{index}/target")), kind));
    }
    if action.remove {
        // Last first: removing a node shifts only later siblings, and those (with everything
        // under them) sort after it, so every path still to be removed stays valid.
        for (pointer, steps) in nodes.iter().rev() {
            let Some((last, parent)) = steps.split_last() else {
                return Err(inapplicable("remove", pointer.clone(), "the document root cannot be removed".into()));
            };
            match (walk_mut(doc, parent), last) {
                // `retain` keeps the other keys in order even under serde_json's
                // `preserve_order`, where `Map::remove` swaps the last key into the hole.
                (Some(Value::Object(map)), Step::Key(key)) => map.retain(|k, _| k != key),
                (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => drop(items.remove(*i)),
                _ => return Err(inapplicable("remove", pointer.clone(), "the node is gone".into())),
            }
        }
    } else if let Some(update) = &action.update {
        // Merging only adds keys and appends items, so paths located before stay valid.
        for (pointer, steps) in &nodes {
            let Some(node) = walk_mut(doc, steps) else {
                return Err(inapplicable("update", pointer.clone(), "the node is gone".into()));
            };
            let result = match node {
                Value::Array(items) if !update.is_array() => {
                    items.push(update.clone());
                    Ok(())
                }
                node => merge(node, update, pointer),
            };
            result.map_err(|(at, message)| inapplicable("update", at, message))?;
        }
    }
    Ok(())
}

/// The project's rules for one action, and its parsed target.
fn check(here: &Here<'_>, index: usize, action: &Action) -> Result<JsonPath> {
    let pointer = format!("#/actions/{index}");
    let target = action.target.clone();
    let problem = match (&action.update, action.remove) {
        (Some(_), true) => Some("has both `update` and `remove: true`"),
        (None, false) => Some("has neither `update` nor `remove: true`"),
        _ => None,
    };
    if let Some(problem) = problem {
        let kind = ErrorKind::OverlayActionModifier { target, problem: problem.to_string() };
        return Err(Error::new(here.at(&pointer), kind));
    }
    let described = action.description.as_deref().is_some_and(|d| !d.trim().is_empty());
    if !described {
        return Err(Error::new(here.at(&pointer), ErrorKind::OverlayMissingDescription { target }));
    }
    JsonPath::parse(&action.target).map_err(|err| {
        // `position` is a 0-based byte offset; people count characters from 1.
        let column = action.target.get(..err.position()).map_or(err.position(), |s| s.chars().count()) + 1;
        let message = format!("at character {column}: {}", err.message());
        Error::new(here.at(&format!("{pointer}/target")), ErrorKind::OverlayInvalidTarget { target, message })
    })
}

/// Merges `update` into `node`; on a conflict, the document pointer where it is and why.
fn merge(node: &mut Value, update: &Value, pointer: &str) -> std::result::Result<(), (String, String)> {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => {
            for (key, value) in update {
                match node.get_mut(key) {
                    Some(existing) => merge(existing, value, &format!("{pointer}/{}", escape(key)))?,
                    None => drop(node.insert(key.clone(), value.clone())),
                }
            }
        }
        (Value::Array(node), Value::Array(update)) => node.extend(update.iter().cloned()),
        (node, update) if !is_container(node) && !is_container(update) => *node = update.clone(),
        (node, update) => {
            let message = format!(
                "{} cannot be merged into {} (objects merge, arrays concatenate, primitives replace \
                 primitives): remove the node in an earlier action, then add it back",
                kind(update),
                kind(node)
            );
            return Err((pointer.to_string(), message));
        }
    }
    Ok(())
}

fn is_container(value: &Value) -> bool {
    value.is_object() || value.is_array()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        // Most likely an `update:` left empty.
        Value::Null => "null",
        _ => "a primitive",
    }
}

/// One step of a located path, owned so the document can be mutated while paths are held.
enum Step {
    Key(String),
    Index(usize),
}

impl From<&serde_json_path::PathElement<'_>> for Step {
    fn from(element: &serde_json_path::PathElement<'_>) -> Self {
        match element {
            serde_json_path::PathElement::Name(name) => Step::Key(name.to_string()),
            serde_json_path::PathElement::Index(index) => Step::Index(*index),
        }
    }
}

fn walk_mut<'v>(mut value: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    for step in steps {
        value = match (value, step) {
            (Value::Object(map), Step::Key(key)) => map.get_mut(key)?,
            (Value::Array(items), Step::Index(index)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(value)
}

/// The overlay file, for locating errors in it.
struct Here<'a> {
    path: &'a Path,
    source: &'a Source,
}

impl Here<'_> {
    fn at(&self, pointer: &str) -> Location {
        let (line, column) = self.source.locate(pointer).map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Location { file: self.path.to_path_buf(), line, column, pointer: pointer.to_string() }
    }

    fn shape(&self, pointer: &str, message: &str) -> Error {
        Error::new(self.at(pointer), ErrorKind::Shape(message.to_string()))
    }

    /// Unknown fields are rejected, so that a misspelt `remove` cannot turn into a silent no-op.
    fn known_fields(&self, map: &Map<String, Value>, pointer: &str, known: &[&str]) -> Result<()> {
        match map.keys().find(|key| !key.starts_with("x-") && !known.contains(&key.as_str())) {
            Some(key) => {
                let expected = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                let message = format!("unknown field `{key}`, expected one of {expected} or an `x-` extension");
                Err(self.shape(&format!("{pointer}/{}", escape(key)), &message))
            }
            None => Ok(()),
        }
    }

    fn string(&self, map: &Map<String, Value>, pointer: &str, key: &str) -> Result<Option<String>> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(self.shape(&format!("{pointer}/{key}"), &format!("`{key}` must be a string"))),
        }
    }

    fn required_string(&self, map: &Map<String, Value>, pointer: &str, key: &str) -> Result<String> {
        self.string(map, pointer, key)?.ok_or_else(|| self.shape(pointer, &format!("missing field `{key}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(overlay: &str, mut doc: Value) -> Result<Value> {
        let path = Path::new("overlay.yaml");
        apply(&parse(path, overlay)?, path, overlay, &mut doc)?;
        Ok(doc)
    }

    /// An overlay with one action per `(target, body)`, `body` being the action's other lines.
    fn overlay(actions: &[(&str, &str)]) -> String {
        let mut text = String::from("overlay: 1.0.0\ninfo:\n  title: test\n  version: 1.0.0\nactions:\n");
        for (target, body) in actions {
            text.push_str(&format!("  - target: \"{target}\"\n    description: because\n"));
            for line in body.lines() {
                text.push_str(&format!("    {line}\n"));
            }
        }
        text
    }

    #[test]
    fn update_merges_objects_recursively() {
        let doc = json!({"info": {"title": "t", "contact": {"name": "n", "url": "u"}}});
        let text = overlay(&[("$.info", "update:\n  contact: {name: m, email: e}\n  x-new: 1")]);
        let out = run(&text, doc).unwrap();
        assert_eq!(
            out,
            json!({"info": {"title": "t", "contact": {"name": "m", "url": "u", "email": "e"}, "x-new": 1}})
        );
    }

    #[test]
    fn update_appends_to_arrays() {
        let doc = json!({"a": {"tags": ["x"]}, "b": [1]});
        // A selected array gets a non-array update as one more item, and an array key in a
        // merged object concatenates.
        let text = overlay(&[("$.b", "update: {n: 2}"), ("$.a", "update:\n  tags: [y, z]")]);
        assert_eq!(run(&text, doc).unwrap(), json!({"a": {"tags": ["x", "y", "z"]}, "b": [1, {"n": 2}]}));
    }

    #[test]
    fn update_replaces_a_scalar() {
        let doc = json!({"s": {"type": "string", "nullable": false}, "t": {"format": "int32"}});
        let text = overlay(&[("$.s", "update: {nullable: true}"), ("$.t.format", "update: int64")]);
        assert_eq!(
            run(&text, doc).unwrap(),
            json!({"s": {"type": "string", "nullable": true}, "t": {"format": "int64"}})
        );
    }

    #[test]
    fn update_of_mismatched_kinds_is_an_error() {
        let text = overlay(&[("$.s", "update: {type: [string, 'null']}")]);
        let err = run(&text, json!({"s": {"type": "string"}})).unwrap_err();
        assert_eq!(err.location.pointer, "#/actions/0/update");
        assert!(matches!(&err.kind, ErrorKind::OverlayInapplicable { at, .. } if at == "#/s/type"), "{err}");
    }

    #[test]
    fn remove_deletes_a_map_key() {
        let doc = json!({"components": {"schemas": {"Foo": {"properties": {"bar": {}, "baz": {}}}}}});
        let text = overlay(&[("$.components.schemas.Foo.properties.bar", "remove: true")]);
        let out = run(&text, doc).unwrap();
        assert_eq!(out, json!({"components": {"schemas": {"Foo": {"properties": {"baz": {}}}}}}));
    }

    #[test]
    fn remove_by_filter_keeps_the_others_in_order() {
        let doc = json!({"tags": [{"name": "x"}, {"name": "a"}, {"name": "x"}, {"name": "b"}, {"name": "x"}]});
        let text = overlay(&[("$.tags[?@.name == 'x']", "remove: true")]);
        assert_eq!(run(&text, doc).unwrap(), json!({"tags": [{"name": "a"}, {"name": "b"}]}));
    }

    #[test]
    fn remove_of_a_node_and_its_descendant_together() {
        let doc = json!({"a": [{"x": {"x": 1}}, 2]});
        let text = overlay(&[("$..x", "remove: true")]);
        assert_eq!(run(&text, doc).unwrap(), json!({"a": [{}, 2]}));
    }

    #[test]
    fn bracket_quoted_keys_may_hold_slashes_and_braces() {
        let doc = json!({"paths": {"/threads/{thread_id}/runs": {"post": {"summary": "old"}}}});
        let text = overlay(&[("$.paths['/threads/{thread_id}/runs'].post", "update: {summary: new}")]);
        assert_eq!(
            run(&text, doc).unwrap(),
            json!({"paths": {"/threads/{thread_id}/runs": {"post": {"summary": "new"}}}})
        );
    }

    #[test]
    fn numeric_yaml_keys_in_updates_become_strings() {
        let doc = json!({"responses": {"200": {"description": "ok"}}});
        let text = overlay(&[("$.responses", "update:\n  200: {description: fine}\n  404: {description: gone}")]);
        let out = run(&text, doc).unwrap();
        assert_eq!(out, json!({"responses": {"200": {"description": "fine"}, "404": {"description": "gone"}}}));
    }

    #[test]
    fn actions_apply_in_order() {
        let doc = json!({"a": {}});
        let text = overlay(&[("$.a", "update: {b: {c: 1}}"), ("$.a.b", "update: {d: 2}"), ("$.a.b.c", "remove: true")]);
        assert_eq!(run(&text, doc).unwrap(), json!({"a": {"b": {"d": 2}}}));
    }

    #[test]
    fn an_unmatched_target_names_the_action_target_and_line() {
        let text = overlay(&[("$.a", "update: {b: 1}"), ("$.missing", "remove: true")]);
        let err = run(&text, json!({"a": {}})).unwrap_err();
        assert_eq!(err.kind, ErrorKind::OverlayTargetUnmatched { target: "$.missing".into() });
        assert_eq!((err.location.line, err.location.pointer.as_str()), (Some(9), "#/actions/1/target"));
        let message = err.to_string();
        assert!(message.starts_with("overlay.yaml:9:5 ") && message.contains("$.missing"), "{message}");
    }

    #[test]
    fn an_invalid_jsonpath_is_an_error() {
        let err = parse(Path::new("o.yaml"), &overlay(&[("$.paths[", "remove: true")])).unwrap_err();
        assert!(matches!(&err.kind, ErrorKind::OverlayInvalidTarget { target, .. } if target == "$.paths["), "{err}");
        assert_eq!((err.location.line, err.location.pointer.as_str()), (Some(6), "#/actions/0/target"));
    }

    #[test]
    fn a_missing_description_is_an_error() {
        let text = overlay(&[("$.a", "remove: true")]).replace("    description: because\n", "");
        let err = parse(Path::new("o.yaml"), &text).unwrap_err();
        assert_eq!(err.kind, ErrorKind::OverlayMissingDescription { target: "$.a".into() });
        assert_eq!((err.location.line, err.location.pointer.as_str()), (Some(6), "#/actions/0"));
    }

    #[test]
    fn an_action_needs_exactly_one_modifier() {
        for body in ["remove: false", "remove: true\nupdate: {}"] {
            let err = parse(Path::new("o.yaml"), &overlay(&[("$.a", body)])).unwrap_err();
            assert!(matches!(err.kind, ErrorKind::OverlayActionModifier { .. }), "{err}");
        }
    }

    #[test]
    fn document_level_problems() {
        let good = overlay(&[("$.a", "remove: true")]);
        let err = parse(Path::new("o.yaml"), &good.replace("overlay: 1.0.0", "overlay: 1.1.0")).unwrap_err();
        assert_eq!((err.kind, err.location.line), (ErrorKind::OverlayVersion("1.1.0".into()), Some(1)));
        assert!(parse(Path::new("o.yaml"), &good.replace("overlay: 1.0.0", "overlay: 1.0.1")).is_ok());
        let err = parse(Path::new("o.yaml"), &good.replace("remove:", "remvoe:")).unwrap_err();
        assert_eq!(err.location.pointer, "#/actions/0/remvoe");
    }
}
