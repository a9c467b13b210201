//! The files around the code: minijinja templates (`Cargo.toml`, `README.md`, `api.md`,
//! `src/lib.rs`) and the hand-written runtime copied from `templates/runtime/`.

use super::{GeneratedFile, RUST_HEADER};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::ir::*;
use crate::spec::PaginationKind;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Template sources, read once by [`Templates::load`].
#[derive(Debug, Clone, Default)]
pub struct Templates {
    /// Minijinja templates by file name (`Cargo.toml.jinja`, ...).
    pub jinja: BTreeMap<String, String>,
    /// Runtime sources by file name (`client.rs`, ...).
    pub runtime: BTreeMap<String, String>,
}

/// Ends the lines of `runtime/mod.rs` that exist only with `run_helpers` (the Assistants helpers,
/// written against the Assistants types): without it they go, and so does each module such a
/// line declares (`mod poll; // run_helpers` takes `poll.rs` along).
const RUN_HELPERS_MARK: &str = "// run_helpers";

/// The runtime files a crate without `run_helpers` leaves out: the modules marked in `mod.rs`.
fn run_helper_files(templates: &Templates) -> Vec<String> {
    let module = templates.runtime.get("mod.rs").map(String::as_str).unwrap_or_default();
    module
        .lines()
        .filter_map(|line| line.strip_suffix(RUN_HELPERS_MARK)?.trim().strip_prefix("mod ")?.strip_suffix(';'))
        .map(|name| format!("{name}.rs"))
        .collect()
}

const CRATE_TEMPLATES: &[(&str, &str)] = &[
    ("Cargo.toml.jinja", "Cargo.toml"),
    ("README.md.jinja", "README.md"),
    ("api.md.jinja", "api.md"),
    ("lib.rs.jinja", "src/lib.rs"),
    ("LICENSE.jinja", "LICENSE"),
    ("rustfmt.toml.jinja", "rustfmt.toml"),
];

impl Templates {
    /// Reads `<dir>/crate/*.jinja` and `<dir>/runtime/*.rs`.
    pub fn load(dir: &Path) -> Result<Templates> {
        let read_dir = |sub: &str, ext: &str| -> Result<BTreeMap<String, String>> {
            let path = dir.join(sub);
            let io = |err: std::io::Error| {
                Error::new(
                    Location { file: path.clone(), line: None, column: None, pointer: String::new() },
                    ErrorKind::Io(err.to_string()),
                )
            };
            let mut files = BTreeMap::new();
            for entry in std::fs::read_dir(&path).map_err(io)? {
                let entry = entry.map_err(io)?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(ext) {
                    files.insert(name, std::fs::read_to_string(entry.path()).map_err(io)?);
                }
            }
            Ok(files)
        };
        Ok(Templates { jinja: read_dir("crate", ".jinja")?, runtime: read_dir("runtime", ".rs")? })
    }
}

#[derive(Serialize)]
struct Context<'a> {
    krate: &'a crate::spec::CrateConfig,
    /// The `#[cfg(..)]` of the Assistants helpers, when a feature gates them.
    run_helpers_cfg: Option<String>,
    header: &'static str,
    runtime_modules: Vec<String>,
    resources: Vec<ResourceView>,
    counts: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct ResourceView {
    path: String,
    accessor_chain: String,
    struct_name: String,
    /// The Cargo features it comes with (none: always compiled).
    features: Vec<String>,
    methods: Vec<MethodView>,
}

#[derive(Serialize)]
struct MethodView {
    name: String,
    signature: String,
    http_method: String,
    route: String,
    summary: String,
    deprecated: bool,
    returns: String,
    params: Option<String>,
    fields: Vec<FieldView>,
    stream: Option<String>,
    headers: Vec<String>,
}

#[derive(Serialize)]
struct FieldView {
    name: String,
    location: &'static str,
    ty: String,
    required: bool,
}

pub(super) fn render_templates(ir: &Ir, templates: &Templates) -> Result<Vec<GeneratedFile>> {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in &templates.jinja {
        env.add_template(name, source).map_err(|err| template_error(name, &err))?;
    }
    let mut resources = Vec::new();
    flatten_resources(&ir.resources, "client", ir, &mut resources);
    let mut counts = BTreeMap::new();
    let count = |pred: fn(&TypeKind) -> bool| ir.types.iter().filter(|t| pred(&t.kind)).count();
    counts.insert("objects", count(|k| matches!(k, TypeKind::Object(_))));
    counts.insert("enums", count(|k| matches!(k, TypeKind::Enum(_))));
    counts.insert("unions", count(|k| matches!(k, TypeKind::TaggedUnion(_) | TypeKind::UntaggedUnion(_))));
    counts.insert("aliases", count(|k| matches!(k, TypeKind::Alias(_))));
    counts.insert("params", ir.params.len());
    counts.insert("methods", resources.iter().map(|r| r.methods.len()).sum());
    counts.insert("operations", count_operations(&ir.resources));
    let left_out = if ir.krate.run_helpers { Vec::new() } else { run_helper_files(templates) };
    let run_helpers_cfg = super::cfg_text(&ir.features.run_helpers);
    let context = Context {
        run_helpers_cfg: run_helpers_cfg.clone(),
        krate: &ir.krate,
        header: RUST_HEADER,
        runtime_modules: templates
            .runtime
            .keys()
            .filter(|n| *n != "mod.rs" && !left_out.contains(n))
            .map(|n| n.trim_end_matches(".rs").to_string())
            .collect(),
        resources,
        counts,
    };
    let mut out = Vec::new();
    for (template, output) in CRATE_TEMPLATES {
        let compiled = env.get_template(template).map_err(|err| template_error(template, &err))?;
        let mut contents = compiled.render(&context).map_err(|err| template_error(template, &err))?;
        if !contents.ends_with('\n') {
            contents.push('\n');
        }
        out.push(GeneratedFile { path: output.to_string(), contents });
    }
    for (name, source) in &templates.runtime {
        if left_out.contains(name) {
            continue;
        }
        let source: String = source
            .lines()
            .filter_map(|line| match line.strip_suffix(RUN_HELPERS_MARK) {
                Some(kept) => ir.krate.run_helpers.then(|| match &run_helpers_cfg {
                    Some(cfg) => {
                        let indent = &kept[..kept.len() - kept.trim_start().len()];
                        format!("{indent}{cfg}\n{}\n", kept.trim_end())
                    }
                    None => format!("{}\n", kept.trim_end()),
                }),
                None => Some(format!("{line}\n")),
            })
            .collect();
        out.push(GeneratedFile { path: format!("src/runtime/{name}"), contents: format!("{RUST_HEADER}\n{source}") });
    }
    Ok(out)
}

fn template_error(name: &str, err: &minijinja::Error) -> Error {
    let mut message = err.to_string();
    if let Some(detail) = err.detail() {
        message = format!("{message} ({detail})");
    }
    Error::new(
        Location {
            file: Path::new("templates/crate").join(name),
            line: err.line(),
            column: None,
            pointer: String::new(),
        },
        ErrorKind::Template { template: name.to_string(), message },
    )
}

fn flatten_resources(resources: &[Resource], prefix: &str, ir: &Ir, out: &mut Vec<ResourceView>) {
    for resource in resources {
        let chain = format!("{prefix}.{}()", crate::naming::unraw(&resource.accessor));
        out.push(ResourceView {
            path: resource.path.clone(),
            accessor_chain: chain.clone(),
            struct_name: resource.struct_name.clone(),
            features: ir.features.of_resource(&resource.path).to_vec(),
            methods: resource.methods.iter().flat_map(|m| method_views(m, ir)).collect(),
        });
        flatten_resources(&resource.children, &chain, ir, out);
    }
}

fn method_views(method: &Method, ir: &Ir) -> Vec<MethodView> {
    let fields = method
        .params
        .as_ref()
        .and_then(|p| ir.type_def(p))
        .map(|def| match &def.kind {
            TypeKind::Object(object) => object
                .fields
                .iter()
                .filter(|f| f.constant.is_none())
                .map(|f| FieldView {
                    name: f.wire_name.clone(),
                    location: if f.location == FieldLocation::Query { "query" } else { "body" },
                    ty: display_type(&f.ty),
                    required: f.required,
                })
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let mut args: Vec<String> = method.path_params.iter().map(|p| format!("{}: &str", p.rust_name)).collect();
    if let Some(params) = &method.params {
        args.push(format!("params: {params}"));
    }
    let returns = display_response(&method.response);
    let view = |name: String, returns: String, stream: Option<String>| MethodView {
        signature: format!("{name}({})", args.join(", ")),
        name,
        http_method: method.http_method.clone(),
        route: method.path.clone(),
        summary: method.summary.clone().unwrap_or_default(),
        deprecated: method.docs.deprecated,
        returns,
        params: method.params.clone(),
        fields: Vec::new(),
        stream,
        headers: method.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect(),
    };
    let mut views = vec![MethodView { fields, ..view(method.name.clone(), returns, None) }];
    if let Some(stream) = &method.stream {
        views.push(view(
            format!("{}_stream", method.name),
            format!("EventStream<{}>", stream.event),
            Some(stream.flag.clone()),
        ));
    }
    views
}

/// What a method's call returns once awaited, as a reader of `api.md` would write it.
pub fn display_response(response: &ResponseKind) -> String {
    match response {
        ResponseKind::Json { ty } => display_type(ty),
        ResponseKind::Binary { .. } => "Bytes".to_string(),
        ResponseKind::Page { pagination: PaginationKind::Cursor, item } => {
            format!("CursorPage<{}>", display_type(item))
        }
        ResponseKind::Page { pagination: PaginationKind::ConversationCursor, item } => {
            format!("ConversationCursorPage<{}>", display_type(item))
        }
    }
}

/// A Rust type as a reader of `api.md` would write it.
pub fn display_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Array(inner) => format!("Vec<{}>", display_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", display_type(inner)),
        TypeRef::JsonObject => "JsonObject".into(),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Upload => "Upload".into(),
    }
}

/// One per spec operation; a streaming operation is one operation with two methods.
fn count_operations(resources: &[Resource]) -> usize {
    resources.iter().map(|r| r.methods.len() + count_operations(&r.children)).sum()
}
