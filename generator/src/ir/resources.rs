//! Lowering of operations and of the SDK config's resource tree.

use super::lower::{docs_of, Lowerer};
use super::*;
use crate::error::{Error, ErrorKind, Result};
use crate::naming;
use crate::spec::{escape, MethodConfig, Operation, Parameter, ResourceConfig, Spec};
use indexmap::IndexMap;
use std::collections::BTreeMap;

/// One operation of the spec with where it was found.
struct OperationEntry {
    path: String,
    http_method: String,
    pointer: String,
    operation: Operation,
    /// The operation's parameters and those of its path item, `$ref`s resolved, each with the
    /// pointer where it is written.
    parameters: Vec<(String, Parameter)>,
}

pub(super) fn lower_resources(lowerer: &mut Lowerer<'_>, spec: &Spec) -> Result<Vec<Resource>> {
    let operations = collect_operations(lowerer)?;
    let mut bound: BTreeMap<String, String> = BTreeMap::new();
    let mut resources = Vec::new();
    for (key, config) in &spec.sdk.value.resources {
        let pointer = format!("#/resources/{}", escape(key));
        resources.push(lower_resource(
            lowerer,
            spec,
            &operations,
            &mut bound,
            key,
            key,
            config,
            &pointer,
            &IndexMap::new(),
        )?);
    }
    if let Some((id, _)) = operations.iter().find(|(id, _)| !bound.contains_key(*id)) {
        let entry = &operations[id];
        return Err(lowerer.error(&entry.pointer, ErrorKind::UnboundOperation(id.clone())));
    }
    check_struct_names(lowerer, spec, &resources)?;
    Ok(resources)
}

fn collect_operations(lowerer: &Lowerer<'_>) -> Result<BTreeMap<String, OperationEntry>> {
    let mut operations = BTreeMap::new();
    for (path, item) in &lowerer.doc.value.paths {
        for (method, operation) in item.operations() {
            let pointer = format!("#/paths/{}/{}", escape(path), method);
            let operation = operation.clone();
            let Some(id) = operation.operation_id.clone() else {
                return Err(lowerer.error(&pointer, ErrorKind::Shape("operation has no `operationId`".into())));
            };
            let path_pointer = format!("#/paths/{}", escape(path));
            let own = operation.parameters.iter().enumerate().map(|(i, p)| (format!("{pointer}/parameters/{i}"), p));
            let shared = item.parameters.iter().enumerate().map(|(i, p)| (format!("{path_pointer}/parameters/{i}"), p));
            let parameters =
                own.chain(shared).map(|(at, p)| resolve_parameter(lowerer, at, p)).collect::<Result<Vec<_>>>()?;
            let entry = OperationEntry {
                path: path.clone(),
                http_method: method.to_uppercase(),
                pointer,
                operation,
                parameters,
            };
            check_path_params(lowerer, &entry)?;
            if operations.insert(id.clone(), entry).is_some() {
                return Err(lowerer.error(&format!("#/paths/{}", escape(path)), ErrorKind::DuplicateOperation(id)));
            }
        }
    }
    Ok(operations)
}

fn parameters(entry: &OperationEntry) -> impl Iterator<Item = (String, &Parameter)> {
    entry.parameters.iter().map(|(pointer, parameter)| (pointer.clone(), parameter))
}

/// Follows a `$ref` to `#/components/parameters/<name>`; the pointer becomes the target's.
fn resolve_parameter(lowerer: &Lowerer<'_>, pointer: String, parameter: &Parameter) -> Result<(String, Parameter)> {
    let Some(reference) = &parameter.reference else { return Ok((pointer, parameter.clone())) };
    let key = reference.strip_prefix("#/components/parameters/");
    match key.and_then(|key| lowerer.doc.value.components.parameters.get(key).map(|p| (key, p))) {
        Some((key, target)) if target.reference.is_none() => {
            Ok((format!("#/components/parameters/{}", escape(key)), target.clone()))
        }
        _ => Err(lowerer.error(&format!("{pointer}/$ref"), ErrorKind::UnresolvedRef(reference.clone()))),
    }
}

/// The parameter names of a path template, in order; `check_path_params` has made sure each
/// `{` opens exactly one name that the next `}` closes.
fn template_names(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string())).collect()
}

/// Why a path template cannot be a route of the client, if it cannot: the generated code splices
/// it into `format!` and appends it to the base URL, so braces must pair up around distinct
/// names, and no literal segment may be `.` or `..` (which URL resolution would apply, sending
/// the request outside the API's base path; `%2e` is a dot to it too).
fn template_problem(path: &str) -> Option<String> {
    let route = path.split('?').next().unwrap_or_default();
    if !route.starts_with('/') {
        return Some("expected it to start with `/`".into());
    }
    let mut names: Vec<&str> = Vec::new();
    let mut rest = route;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Some("a `}` closes no `{`".into());
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find(['{', '}']) else { return Some("a `{` is never closed".into()) };
        if after[close..].starts_with('{') {
            return Some("braces are nested (`{{` or `{a{b}}`); a parameter is written `{name}`".into());
        }
        let name = &after[..close];
        if name.is_empty() || name.contains('/') {
            return Some(format!("`{{{name}}}` is not a parameter name"));
        }
        if names.contains(&name) {
            return Some(format!("parameter `{name}` appears twice"));
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    if path[route.len()..].contains(['{', '}']) {
        return Some("a brace after the `?` of the path".into());
    }
    let dot_segment = route.split(['/', '\\']).any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    });
    if dot_segment {
        return Some("a `.` or `..` segment would move the request outside the API's base path".into());
    }
    None
}

fn check_path_params(lowerer: &Lowerer<'_>, entry: &OperationEntry) -> Result<()> {
    if let Some(problem) = template_problem(&entry.path) {
        let path_pointer = format!("#/paths/{}", escape(&entry.path));
        return Err(lowerer.error(&path_pointer, ErrorKind::PathTemplate { path: entry.path.clone(), problem }));
    }
    let names = template_names(&entry.path);
    for (pointer, parameter) in parameters(entry) {
        if parameter.location == "path" && !names.contains(&parameter.name) {
            return Err(lowerer.error(
                &pointer,
                ErrorKind::PathParamNotInTemplate { name: parameter.name.clone(), path: entry.path.clone() },
            ));
        }
        if !matches!(parameter.location.as_str(), "path" | "query" | "header") {
            return Err(lowerer.error(
                &format!("{pointer}/in"),
                ErrorKind::Unsupported(format!("parameters `in: {}`", parameter.location)),
            ));
        }
    }
    for name in names {
        if !parameters(entry).any(|(_, p)| p.location == "path" && p.name == name) {
            return Err(
                lowerer.error(&entry.pointer, ErrorKind::TemplateParamUndeclared { name, path: entry.path.clone() })
            );
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn lower_resource(
    lowerer: &mut Lowerer<'_>,
    spec: &Spec,
    operations: &BTreeMap<String, OperationEntry>,
    bound: &mut BTreeMap<String, String>,
    key: &str,
    dotted: &str,
    config: &ResourceConfig,
    pointer: &str,
    inherited: &IndexMap<String, String>,
) -> Result<Resource> {
    let struct_name = config.struct_name.clone().unwrap_or_else(|| naming::pascal(key));
    let type_prefix = config.type_prefix.clone().unwrap_or_else(|| struct_name.clone());
    let mut headers = inherited.clone();
    for (name, value) in &config.headers {
        // Exactly what `HeaderName::from_static` and `HeaderValue::from_static` accept (the
        // generated code validates them when it compiles): an RFC 9110 token, and visible ASCII
        // or spaces and tabs.
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        let visible = |c: char| c == '\t' || (' '..='~').contains(&c);
        if name.is_empty() || !name.chars().all(token) || !value.chars().all(visible) {
            return Err(Error::new(
                spec.sdk.at(&format!("{pointer}/headers/{}", escape(name))),
                ErrorKind::Config(format!(
                    "header `{name}` is not a valid HTTP header: expected a name of letters, digits and \
                     `!#$%&'*+-.^_`|~` (no spaces), and a value of visible ASCII, spaces and tabs"
                )),
            ));
        }
        headers.insert(name.clone(), value.clone());
    }
    let mut methods = Vec::new();
    for (method_key, method_config) in &config.methods {
        let method_pointer = format!("{pointer}/methods/{}", escape(method_key));
        let Some(entry) = operations.get(&method_config.operation) else {
            return Err(Error::new(
                spec.sdk.at(&format!("{method_pointer}/operation")),
                ErrorKind::UnknownOperation(method_config.operation.clone()),
            ));
        };
        if bound.insert(method_config.operation.clone(), dotted.to_string()).is_some() {
            return Err(Error::new(
                spec.sdk.at(&format!("{method_pointer}/operation")),
                ErrorKind::DuplicateOperation(method_config.operation.clone()),
            ));
        }
        methods.push(lower_method(
            lowerer,
            spec,
            entry,
            method_key,
            method_config,
            &method_pointer,
            &type_prefix,
            &headers,
        )?);
    }
    let mut children = Vec::new();
    for (child_key, child) in &config.resources {
        let child_pointer = format!("{pointer}/resources/{}", escape(child_key));
        let child_dotted = format!("{dotted}.{child_key}");
        children.push(lower_resource(
            lowerer,
            spec,
            operations,
            bound,
            child_key,
            &child_dotted,
            child,
            &child_pointer,
            &headers,
        )?);
    }
    Ok(Resource {
        accessor: naming::snake(key),
        struct_name,
        path: dotted.to_string(),
        description: config.description.clone(),
        methods,
        children,
    })
}

#[allow(clippy::too_many_arguments)]
fn lower_method(
    lowerer: &mut Lowerer<'_>,
    spec: &Spec,
    entry: &OperationEntry,
    key: &str,
    config: &MethodConfig,
    config_pointer: &str,
    type_prefix: &str,
    headers: &IndexMap<String, String>,
) -> Result<Method> {
    let operation = &entry.operation;
    let params_name = format!("{type_prefix}{}Params", naming::pascal(key));
    let mut path_params: Vec<PathParam> = Vec::new();
    for name in template_names(&entry.path) {
        let Some((pointer, parameter)) = parameters(entry).find(|(_, p)| p.location == "path" && p.name == name) else {
            return Err(
                lowerer.error(&entry.pointer, ErrorKind::TemplateParamUndeclared { name, path: entry.path.clone() })
            );
        };
        let rust_name = naming::snake(&name);
        // Path parameters are arguments of the method, beside `params`.
        let first = path_params.iter().find(|p| p.rust_name == rust_name).map(|p| p.wire_name.clone());
        if let Some(first) = first.or_else(|| (rust_name == "params").then(|| "the method's `params` argument".into()))
        {
            return Err(lowerer.error(
                &pointer,
                ErrorKind::FieldCollision { name: naming::unraw(&rust_name).to_string(), first, second: name },
            ));
        }
        path_params.push(PathParam { rust_name, wire_name: name, description: parameter.description.clone() });
    }
    let mut fields = Vec::new();
    for (pointer, parameter) in parameters(entry).filter(|(_, p)| p.location == "query") {
        let hint = format!("{params_name}{}", naming::pascal(&parameter.name));
        let schema = parameter.schema.clone().unwrap_or_default();
        let lowered = lowerer.lower_schema(&schema, &format!("{pointer}/schema"), &hint)?;
        let mut docs = docs_of(&schema);
        docs.description = parameter.description.clone().or(docs.description);
        docs.deprecated |= parameter.deprecated;
        fields.push(Field {
            wire_name: parameter.name.clone(),
            rust_name: naming::snake(&parameter.name),
            ty: lowered.ty,
            required: parameter.required,
            nullable: false,
            constant: lowered.constant,
            default: schema.default.clone(),
            docs,
            location: FieldLocation::Query,
            boxed: false,
            secret: false,
            constraints: super::lower::constraints_of(&schema),
        });
    }
    let mut params_docs = Docs { description: operation.summary.clone(), ..Docs::default() };
    let mut body_kind = BodyKind::None;
    if let Some(body) = &operation.request_body {
        let body_pointer = format!("{}/requestBody", entry.pointer);
        if body.reference.is_some() {
            return Err(lowerer
                .error(&body_pointer, ErrorKind::Unsupported("a `$ref` request body (declare it inline)".into())));
        }
        let Some(media) = body.content.keys().next() else {
            return Err(lowerer.error(&body_pointer, ErrorKind::Shape("request body without content".into())));
        };
        // JSON when the operation takes it, else a form; `create-realtime-call` also takes raw
        // `application/sdp`, which its form carries as a field.
        let chosen =
            body.content.iter().find(|(media, _)| is_json(media)).map(|(m, c)| (m, c, BodyKind::Json)).or_else(|| {
                body.content.iter().find(|(media, _)| *media == MULTIPART).map(|(m, c)| (m, c, BodyKind::Multipart))
            });
        let Some((media, content, kind)) = chosen else {
            return Err(lowerer.error(
                &format!("{body_pointer}/content/{}", escape(media)),
                ErrorKind::Unsupported(format!("request bodies of type `{media}` (expected JSON or a multipart form)")),
            ));
        };
        body_kind = kind;
        let schema_pointer = format!("{body_pointer}/content/{}/schema", escape(media));
        let schema = content.schema.clone().unwrap_or_default();
        let (schema, pointer, owner) = match &schema.reference {
            Some(reference) => {
                let key = lowerer.resolve(reference, &format!("{schema_pointer}/$ref"))?;
                let component = lowerer.component_name(&key);
                // A component that is also a model already owns the hoisted names.
                let owner = if lowerer.types.contains_key(&component) { params_name.clone() } else { component };
                (lowerer.component_schema(&key).clone(), format!("#/components/schemas/{}", escape(&key)), owner)
            }
            None => (schema, schema_pointer, params_name.clone()),
        };
        if schema.properties.is_empty() && schema.types.as_ref().is_some_and(|t| !t.names().contains(&"object")) {
            return Err(
                lowerer.error(&pointer, ErrorKind::Unsupported("a request body that is not a JSON object".into()))
            );
        }
        if schema.description.is_some() {
            params_docs.description = schema.description.clone();
        }
        let mut body_fields = lowerer.lower_fields(&owner, &schema, &pointer, FieldLocation::Body)?;
        if body_kind == BodyKind::Multipart {
            for field in &mut body_fields {
                if let Some(property) = schema.properties.get(&field.wire_name) {
                    field.ty = as_upload(lowerer, property, &field.ty);
                }
            }
        }
        let flag = config.stream.as_ref().map(|s| s.flag.as_str());
        fields.extend(body_fields.into_iter().filter(|f| Some(f.wire_name.as_str()) != flag));
    }
    lowerer.check_field_names(&fields, &entry.pointer)?;
    let params = if fields.is_empty() {
        None
    } else {
        let all_optional = fields.iter().all(|f| !f.required || f.constant.is_some());
        lowerer.define(
            TypeDef {
                name: params_name.clone(),
                docs: params_docs,
                kind: TypeKind::Object(Object { fields, exclusive: Vec::new() }),
                origin: entry.pointer.clone(),
            },
            false,
        )?;
        lowerer.params.insert(params_name.clone());
        Some((params_name, all_optional))
    };
    let response = lower_response(lowerer, spec, entry, config, config_pointer)?;
    let stream = match &config.stream {
        Some(stream) => {
            let known = lowerer.doc.value.components.schemas.contains_key(&stream.event);
            if !known {
                return Err(Error::new(
                    spec.sdk.at(&format!("{config_pointer}/stream/event")),
                    ErrorKind::UnknownType(stream.event.clone()),
                ));
            }
            Some(StreamInfo { event: lowerer.component_name(&stream.event), flag: stream.flag.clone() })
        }
        None => None,
    };
    Ok(Method {
        name: naming::snake(key),
        operation_id: operation.operation_id.clone().unwrap_or_default(),
        http_method: entry.http_method.clone(),
        path: entry.path.clone(),
        path_params,
        params_all_optional: params.as_ref().is_some_and(|(_, all)| *all),
        params: params.map(|(name, _)| name),
        body: body_kind,
        response,
        stream,
        headers: headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        summary: operation.summary.clone(),
        docs: Docs { description: operation.description.clone(), notes: Vec::new(), deprecated: operation.deprecated },
    })
}

fn lower_response(
    lowerer: &mut Lowerer<'_>,
    spec: &Spec,
    entry: &OperationEntry,
    config: &MethodConfig,
    config_pointer: &str,
) -> Result<ResponseKind> {
    let responses_pointer = format!("{}/responses", entry.pointer);
    let Some((status, response)) = entry.operation.responses.iter().find(|(status, _)| status.starts_with('2')) else {
        return Err(lowerer.error(&responses_pointer, ErrorKind::Shape("operation has no 2xx response".into())));
    };
    // Bytes when the operation declares any media type besides JSON and events (the video
    // content endpoint declares `video/mp4`, `image/webp` and a JSON string).
    let binary: Vec<&str> =
        response.content.keys().map(String::as_str).filter(|m| !is_json(m) && *m != EVENT_STREAM).collect();
    if !binary.is_empty() {
        return Ok(ResponseKind::Binary { accept: binary.join(", ") });
    }
    let Some((media, schema)) = response
        .content
        .iter()
        .find(|(media, _)| is_json(media))
        .map(|(m, c)| (m, c.schema.clone().unwrap_or_default()))
    else {
        // No body declared (`DELETE /containers/{id}` says only "OK"); whatever comes is kept.
        return Ok(ResponseKind::Json { ty: TypeRef::Any });
    };
    let pointer = format!("{responses_pointer}/{status}/content/{}/schema", escape(media));
    let hint = format!("{}Response", naming::pascal(entry.operation.operation_id.as_deref().unwrap_or_default()));
    let lowered = lowerer.lower_schema(&schema, &pointer, &hint)?;
    let Some(pagination) = config.pagination else {
        return Ok(ResponseKind::Json { ty: lowered.ty });
    };
    let item = match &lowered.ty {
        TypeRef::Named(name) => match lowerer.types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Object(object)) => {
                object.fields.iter().find(|f| f.wire_name == "data").and_then(|f| match &f.ty {
                    TypeRef::Array(item) => Some((**item).clone()),
                    _ => None,
                })
            }
            _ => None,
        },
        _ => None,
    };
    let Some(item) = item else {
        return Err(Error::new(
            spec.sdk.at(&format!("{config_pointer}/pagination")),
            ErrorKind::Config(format!(
                "`{}` is paginated but its response ({pointer}) is not an object with a `data` array",
                entry.operation.operation_id.as_deref().unwrap_or_default()
            )),
        ));
    };
    Ok(ResponseKind::Page { pagination, item })
}

const MULTIPART: &str = "multipart/form-data";
const EVENT_STREAM: &str = "text/event-stream";

/// `application/json` and the structured `+json` types (`application/problem+json`).
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// The type of a form field: a file where the schema says bytes (`format: binary`, or a 3.1
/// `contentMediaType` without `contentEncoding`), an array of files for an array of those.
fn as_upload(lowerer: &Lowerer<'_>, property: &crate::spec::Schema, lowered: &TypeRef) -> TypeRef {
    let components = &lowerer.doc.value.components.schemas;
    let property = crate::normalize::resolve(property, components);
    let is_file = |schema: &crate::spec::Schema| {
        let schema = crate::normalize::resolve(schema, components);
        schema.format.as_deref() == Some("binary")
            || (schema.extra.contains_key("contentMediaType") && !schema.extra.contains_key("contentEncoding"))
    };
    match lowered {
        TypeRef::String if is_file(property) => TypeRef::Upload,
        TypeRef::Array(item) if **item == TypeRef::String && property.items.as_deref().is_some_and(is_file) => {
            TypeRef::Array(Box::new(TypeRef::Upload))
        }
        other => other.clone(),
    }
}

/// Resource structs share the crate root with the model types.
fn check_struct_names(lowerer: &Lowerer<'_>, spec: &Spec, resources: &[Resource]) -> Result<()> {
    fn walk<'r>(resources: &'r [Resource], out: &mut Vec<&'r Resource>) {
        for resource in resources {
            out.push(resource);
            walk(&resource.children, out);
        }
    }
    let mut all = Vec::new();
    walk(resources, &mut all);
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for resource in all {
        let pointer = format!("#/resources/{}", resource.path.replace('.', "/resources/"));
        if let Some(def) = lowerer.types.get(&resource.struct_name) {
            return Err(Error::new(
                spec.sdk.at(&pointer),
                ErrorKind::NameCollision {
                    name: resource.struct_name.clone(),
                    first: def.origin.clone(),
                    second: format!("resource `{}`", resource.path),
                },
            ));
        }
        if let Some(owner) = crate::naming::reserved_by(&resource.struct_name) {
            return Err(Error::new(
                spec.sdk.at(&pointer),
                ErrorKind::ReservedName {
                    name: resource.struct_name.clone(),
                    origin: format!("resource `{}`", resource.path),
                    owner: owner.to_string(),
                    fix: "give the resource another `struct:` name in sdk.yaml".to_string(),
                },
            ));
        }
        if let Some(first) = seen.insert(&resource.struct_name, &resource.path) {
            return Err(Error::new(
                spec.sdk.at(&pointer),
                ErrorKind::NameCollision {
                    name: resource.struct_name.clone(),
                    first: format!("resource `{first}`"),
                    second: format!("resource `{}`", resource.path),
                },
            ));
        }
    }
    Ok(())
}
