//! Whole-spec mode: the SDK shape (`sdk.yaml`) derived from the OpenAPI document itself, for a
//! spec that comes without one. Every operation with an `operationId` gets exactly one method.
//!
//! The resource tree follows the static path segments (`/threads/{id}/runs` -> `threads.runs`),
//! method names follow the operation's REST shape (`list`, `create`, `retrieve`, `update`,
//! `delete`, or an action such as `cancel`), and the `operationId` is the fallback whenever the
//! shape says nothing or two operations would get the same name. Everything is sorted, so the
//! result depends only on the document's content, not on its key order.

use super::model::*;
use crate::naming;
use indexmap::IndexMap;
use std::collections::{BTreeMap, BTreeSet};

/// Methods in the order `PathItem::operations` yields them; the last tie-breaker of the ranking.
const HTTP_ORDER: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Where operations go whose path has no static segment at all (`/{id}`): `SdkConfig` has no
/// methods on the client itself.
const ROOT_KEY: &str = "root";

/// The resource tree, method names, pagination and streaming of every operation, derived from the paths.
pub fn derive_sdk_config(doc: &OpenApi, krate: CrateConfig) -> SdkConfig {
    let mut candidates = candidates(doc);
    // Which operation keeps the conventional name when two want it: the one whose path is the
    // plainest REST shape (no `?query` suffix, fewest static-after-static segments), so that
    // `/threads/{thread_id}/runs` keeps `runs.create` and `/threads/runs` falls back.
    candidates.sort_by(|a, b| a.rank.cmp(&b.rank));
    let mut root = Node::default();
    for candidate in &candidates {
        root.at(&candidate.resource);
    }
    root.reserve_children();
    let mut named: Vec<Option<String>> = vec![None; candidates.len()];
    for (slot, candidate) in named.iter_mut().zip(&candidates) {
        if let Some(name) = &candidate.conventional {
            let node = root.at(&candidate.resource);
            if node.claim(name, candidate.method.stream.is_some()) {
                *slot = Some(name.clone());
            }
        }
    }
    for (slot, candidate) in named.iter_mut().zip(&candidates) {
        if slot.is_none() {
            let node = root.at(&candidate.resource);
            *slot = Some(node.claim_fallback(&candidate.id, candidate.http, candidate.method.stream.is_some()));
        }
    }
    for (name, candidate) in named.into_iter().zip(candidates) {
        let node = root.at(&candidate.resource);
        node.methods.insert(name.expect("every candidate is named"), candidate.method);
    }
    // Resource structs, params types and models all live at the crate root of the generated crate.
    let mut taken: BTreeSet<String> = doc.components.schemas.keys().map(|key| naming::pascal(key)).collect();
    taken.extend(naming::RUNTIME_NAMES.iter().chain(naming::PRELUDE_NAMES).map(|name| name.to_string()));
    let mut counts = BTreeMap::new();
    root.count_keys(&mut counts);
    let mut resources = resources(root.children, &[], "", &counts, &mut taken);
    assign_type_prefixes(&mut resources, "", &mut taken);
    let types = rename_runtime_clashes(doc, &mut taken);
    SdkConfig { krate, resources, types, ..Default::default() }
}

/// Component schemas whose names the runtime already exports at the crate root (upstream has an
/// `Error` schema beside the runtime's `Error`), or that would shadow the prelude names the
/// generated code writes (`String`, `Result`), get a `Model` suffix: the runtime's names are the
/// ones every user meets first.
fn rename_runtime_clashes(doc: &OpenApi, taken: &mut BTreeSet<String>) -> IndexMap<String, String> {
    let mut renames = IndexMap::new();
    for key in doc.components.schemas.keys() {
        let name = naming::pascal(key);
        if naming::reserved_by(&name).is_none() {
            continue;
        }
        let mut renamed = format!("{name}Model");
        let mut number = 2;
        while taken.contains(&renamed) {
            renamed = format!("{name}Model{number}");
            number += 1;
        }
        taken.insert(renamed.clone());
        renames.insert(key.clone(), renamed);
    }
    renames
}

/// One operation on its way to becoming a method.
struct Candidate {
    id: String,
    http: &'static str,
    /// Resource keys from the root.
    resource: Vec<String>,
    /// The name the operation's shape gives it, if any.
    conventional: Option<String>,
    rank: (bool, usize, String, usize),
    /// Everything but the name.
    method: MethodConfig,
}

/// A path split at `/`, without a `?query` suffix; `None` for a parameter segment.
fn segments(path: &str) -> Vec<Option<String>> {
    let route = path.split('?').next().unwrap_or_default();
    route.split('/').filter(|s| !s.is_empty()).map(|s| (!s.contains('{')).then(|| key_of(s))).collect()
}

/// A resource or method key: snake_case without the `r#` the generator adds itself.
fn key_of(raw: &str) -> String {
    naming::unraw(&naming::snake(raw)).to_string()
}

fn candidates(doc: &OpenApi) -> Vec<Candidate> {
    let shapes: BTreeSet<Vec<Option<String>>> = doc.paths.keys().map(|path| segments(path)).collect();
    let mut out = Vec::new();
    for (path, item) in &doc.paths {
        let segs = segments(path);
        let n = segs.len();
        let below = shapes.iter().any(|other| other.len() > n && other[..n] == segs[..]);
        // A last static segment right after a parameter is an action on that item (`cancel`,
        // `content`) when nothing continues below it and it is only posted to (or only read,
        // for `content`); otherwise it is a sub-collection (`/threads/{thread_id}/messages`).
        let action = match (n >= 2).then(|| (&segs[n - 2], &segs[n - 1])) {
            Some((None, Some(last))) if !below => {
                let mut methods = item.operations().map(|(method, _)| method);
                if last == "content" {
                    methods.all(|m| m == "get")
                } else {
                    methods.all(|m| m == "post")
                }
            }
            _ => false,
        };
        let statics: Vec<String> = segs.iter().flatten().cloned().collect();
        let mut resource = if action { statics[..statics.len() - 1].to_vec() } else { statics };
        if resource.is_empty() {
            resource.push(ROOT_KEY.to_string());
        }
        let item_path = segs.last().is_some_and(Option::is_none);
        let irregular = segs.windows(2).filter(|w| w[0].is_some() && w[1].is_some()).count();
        for (http, operation) in item.operations() {
            let Some(id) = operation.operation_id.clone() else { continue };
            let conventional = match (action, item_path, http) {
                (true, _, _) => segs[n - 1].clone(),
                (false, false, "get") if n > 0 => Some("list".to_string()),
                (false, false, "post") if n > 0 => Some("create".to_string()),
                (false, true, "get") => Some("retrieve".to_string()),
                (false, true, "post" | "patch" | "put") => Some("update".to_string()),
                (false, true, "delete") => Some("delete".to_string()),
                _ => None,
            };
            let order = HTTP_ORDER.iter().position(|m| *m == http).unwrap_or(HTTP_ORDER.len());
            let mut method = MethodConfig { operation: id.clone(), ..Default::default() };
            method.pagination = pagination(doc, item, http, operation);
            method.stream = stream(doc, operation);
            out.push(Candidate {
                id,
                http,
                resource: resource.clone(),
                conventional,
                rank: (path.contains('?'), irregular, path.clone(), order),
                method,
            });
        }
    }
    out
}

/// A resource under construction: its methods and the Rust names already used on its struct.
#[derive(Default)]
struct Node {
    methods: BTreeMap<String, MethodConfig>,
    children: BTreeMap<String, Node>,
    /// Method names, their `_stream` variants, child accessors and the struct's own `new`.
    used: BTreeSet<String>,
}

impl Node {
    fn at(&mut self, path: &[String]) -> &mut Node {
        path.iter().fold(self, |node, key| node.children.entry(key.clone()).or_default())
    }

    /// Child accessors are methods of the same struct, so they take precedence over operations.
    fn reserve_children(&mut self) {
        self.used.insert("new".to_string());
        self.used.extend(self.children.keys().cloned());
        self.children.values_mut().for_each(Node::reserve_children);
    }

    /// Takes `name` (and `name_stream` for a streaming method) if both are free.
    fn claim(&mut self, name: &str, streams: bool) -> bool {
        let stream_name = format!("{name}_stream");
        if self.used.contains(name) || (streams && self.used.contains(&stream_name)) {
            return false;
        }
        self.used.insert(name.to_string());
        if streams {
            self.used.insert(stream_name);
        }
        true
    }

    /// The `operationId`, then with the HTTP method appended, then numbered.
    fn claim_fallback(&mut self, id: &str, http: &str, streams: bool) -> String {
        let base = key_of(id);
        let with_method = format!("{base}_{http}");
        let numbered = (2..).map(|n| format!("{with_method}_{n}"));
        let mut names = [base.clone(), with_method.clone()].into_iter().chain(numbered);
        names.find(|name| self.claim(name, streams)).expect("an endless supply of names")
    }

    fn count_keys(&self, counts: &mut BTreeMap<String, usize>) {
        for (key, child) in &self.children {
            *counts.entry(key.clone()).or_default() += 1;
            child.count_keys(counts);
        }
    }
}

/// The config of `children`, with struct names unique across the tree: a nested resource whose
/// key occurs elsewhere too is prefixed with its parent's struct name (`chatkit.threads` ->
/// `ChatkitThreads`, while the root `threads` keeps `Threads`).
fn resources(
    children: BTreeMap<String, Node>,
    path: &[String],
    parent_struct: &str,
    counts: &BTreeMap<String, usize>,
    taken: &mut BTreeSet<String>,
) -> IndexMap<String, ResourceConfig> {
    let mut out = IndexMap::new();
    for (key, child) in children {
        let mut child_path = path.to_vec();
        child_path.push(key.clone());
        let own = naming::pascal(&key);
        let first = if path.is_empty() || counts[&key] == 1 { own } else { format!("{parent_struct}{own}") };
        let full: String = child_path.iter().map(|k| naming::pascal(k)).collect();
        let numbered = (2..).map(|n| format!("{full}Resource{n}"));
        let mut names = [first, full.clone(), format!("{full}Resource")].into_iter().chain(numbered);
        let struct_name = names.find(|name| !taken.contains(name)).expect("an endless supply of names");
        taken.insert(struct_name.clone());
        let grandchildren = resources(child.children, &child_path, &struct_name, counts, taken);
        let config = ResourceConfig {
            struct_name: Some(struct_name),
            methods: child.methods.into_iter().collect(),
            resources: grandchildren,
            ..Default::default()
        };
        out.insert(key, config);
    }
    out
}

/// `type_prefix` is the resource's full pascal path (`ThreadsRuns`), numbered in the unlikely
/// case that `<type_prefix><Method>Params` of one of its methods is already a name: params types
/// share the crate root with models and resource structs, and `ir::resources` names them so.
fn assign_type_prefixes(resources: &mut IndexMap<String, ResourceConfig>, parent: &str, taken: &mut BTreeSet<String>) {
    for (key, resource) in resources.iter_mut() {
        let full = format!("{parent}{}", naming::pascal(key));
        let params = |prefix: &str| -> Vec<String> {
            resource.methods.keys().map(|method| format!("{prefix}{}Params", naming::pascal(method))).collect()
        };
        let mut prefixes = std::iter::once(full.clone()).chain((2..).map(|n| format!("{full}{n}")));
        let prefix = prefixes
            .find(|prefix| {
                let names = params(prefix);
                let distinct: BTreeSet<&String> = names.iter().collect();
                distinct.len() == names.len() && names.iter().all(|name| !taken.contains(name))
            })
            .expect("an endless supply of names");
        taken.extend(params(&prefix));
        resource.type_prefix = Some(prefix);
        assign_type_prefixes(&mut resource.resources, &full, taken);
    }
}

/// For a GET with an `after` query parameter whose JSON response is a `data` array with
/// `has_more`: `cursor` (the next page follows the last item's `id`) when the items have an `id`,
/// else `conversation_cursor` (it follows the body's `last_id`) when the body has one; without
/// either, the list is returned as it is.
fn pagination(doc: &OpenApi, item: &PathItem, http: &str, operation: &Operation) -> Option<PaginationKind> {
    if http != "get" {
        return None;
    }
    let after = operation.parameters.iter().chain(&item.parameters).any(|parameter| {
        let parameter = match &parameter.reference {
            Some(reference) => {
                let key = reference.strip_prefix("#/components/parameters/");
                match key.and_then(|key| doc.components.parameters.get(key)) {
                    Some(target) => target,
                    None => return false,
                }
            }
            None => parameter,
        };
        parameter.name == "after" && parameter.location == "query"
    });
    let schema = success(operation).and_then(|r| r.content.get("application/json")).and_then(|m| m.schema.as_ref());
    let body = schema.map(|schema| properties(doc, schema, 0)).unwrap_or_default();
    let data = body.get("data").filter(|s| is_array(doc, s, 0));
    let (true, Some(data), true) = (after, data, body.contains_key("has_more")) else { return None };
    let items_have_id =
        resolve(doc, data).items.as_deref().is_some_and(|item| properties(doc, item, 0).contains_key("id"));
    if items_have_id {
        Some(PaginationKind::Cursor)
    } else if body.contains_key("last_id") {
        Some(PaginationKind::ConversationCursor)
    } else {
        None
    }
}

/// A `text/event-stream` response naming a component is the event type; the request body's
/// boolean `stream` property is the flag. Without a flag there is nothing for `*_stream` to set,
/// so the operation is left non-streaming.
fn stream(doc: &OpenApi, operation: &Operation) -> Option<StreamConfig> {
    let schema = success(operation)?.content.get("text/event-stream")?.schema.as_ref()?;
    let event = schema.reference.as_deref()?.strip_prefix("#/components/schemas/")?;
    // The component key, as `sdk.yaml` writes `stream.event`: `ir::resources` looks it up
    // in `components.schemas` and turns it into the Rust name itself.
    doc.components.schemas.get(event)?;
    let body = operation.request_body.as_ref()?;
    let body = match &body.reference {
        Some(reference) => doc.components.request_bodies.get(reference.strip_prefix("#/components/requestBodies/")?)?,
        None => body,
    };
    let properties = properties(doc, body.content.get("application/json")?.schema.as_ref()?, 0);
    if !properties.get("stream").is_some_and(|s| is_boolean(doc, s, 0)) {
        return None;
    }
    Some(StreamConfig { event: event.to_string(), flag: "stream".to_string() })
}

/// The response the generator decodes: the first 2xx (for OpenAI's documents, `200`), as
/// `ir::resources` picks it.
fn success(operation: &Operation) -> Option<&Response> {
    operation.responses.iter().find(|(status, _)| status.starts_with('2')).map(|(_, response)| response)
}

/// Bounds `$ref` chains, so that a cyclic document cannot hang the derivation.
const MAX_DEPTH: usize = 16;

/// Follows `$ref`s to `#/components/schemas/...`.
fn resolve<'a>(doc: &'a OpenApi, mut schema: &'a Schema) -> &'a Schema {
    for _ in 0..MAX_DEPTH {
        let key = schema.reference.as_deref().and_then(|r| r.strip_prefix("#/components/schemas/"));
        match key.and_then(|key| doc.components.schemas.get(key)) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

/// An object's properties, including those it gets through `allOf` (its own win).
fn properties<'a>(doc: &'a OpenApi, schema: &'a Schema, depth: usize) -> BTreeMap<&'a str, &'a Schema> {
    let schema = resolve(doc, schema);
    let mut out = BTreeMap::new();
    if depth < MAX_DEPTH {
        for part in schema.all_of.iter().flatten() {
            out.extend(properties(doc, part, depth + 1));
        }
    }
    out.extend(schema.properties.iter().map(|(k, v)| (k.as_str(), v)));
    out
}

fn is_array(doc: &OpenApi, schema: &Schema, depth: usize) -> bool {
    let schema = resolve(doc, schema);
    schema.items.is_some()
        || schema.types.as_ref().is_some_and(|t| t.names().contains(&"array"))
        || (depth < MAX_DEPTH && schema.all_of.iter().flatten().any(|part| is_array(doc, part, depth + 1)))
}

/// `boolean`, also nullable (`[boolean, "null"]`, `anyOf: [boolean, null]`).
fn is_boolean(doc: &OpenApi, schema: &Schema, depth: usize) -> bool {
    let schema = resolve(doc, schema);
    let mut arms = schema.any_of.iter().chain(&schema.one_of).chain(&schema.all_of).flatten();
    schema.types.as_ref().is_some_and(|t| t.names().contains(&"boolean"))
        || (depth < MAX_DEPTH && arms.any(|arm| is_boolean(doc, arm, depth + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.1.0
paths:
  /threads:
    post: {operationId: createThread, responses: {"200": {description: ok}}}
  /threads/runs:
    post: {operationId: createThreadAndRun, responses: {"200": {description: ok}}}
  /threads/{thread_id}:
    get: {operationId: getThread, responses: {"200": {description: ok}}}
    post: {operationId: modifyThread, responses: {"200": {description: ok}}}
    delete: {operationId: deleteThread, responses: {"200": {description: ok}}}
  /threads/{thread_id}/runs:
    parameters: [{$ref: "#/components/parameters/After"}]
    get:
      operationId: listRuns
      responses:
        "200": {content: {application/json: {schema: {$ref: "#/components/schemas/ListRunsResponse"}}}}
    post:
      operationId: createRun
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/CreateRunRequest"}}}}
      responses:
        "200":
          content:
            application/json: {schema: {$ref: "#/components/schemas/Run"}}
            text/event-stream: {schema: {$ref: "#/components/schemas/AssistantStreamEvent"}}
  /threads/{thread_id}/items:
    get:
      operationId: listItems
      parameters: [{$ref: "#/components/parameters/After"}]
      responses:
        "200": {content: {application/json: {schema: {$ref: "#/components/schemas/ItemList"}}}}
  /threads/{thread_id}/runs/{run_id}/cancel:
    post: {operationId: cancelRun, responses: {"200": {description: ok}}}
  /threads/{thread_id}/runs/{run_id}/steps:
    get:
      operationId: listRunSteps
      responses:
        "200": {content: {application/json: {schema: {$ref: "#/components/schemas/ListRunsResponse"}}}}
  /files/{file_id}/content:
    get: {operationId: downloadFile, responses: {"200": {description: ok}}}
  /vector_stores/{vector_store_id}/file_batches:
    post: {operationId: createVectorStoreFileBatch, responses: {"200": {description: ok}}}
  /vector_stores/{vector_store_id}/file_batches/{batch_id}:
    get: {operationId: getVectorStoreFileBatch, responses: {"200": {description: ok}}}
  /chatkit/threads:
    get:
      operationId: ListThreadsMethod
      parameters: [{name: after, in: query, schema: {type: string}}]
      responses:
        "200": {content: {application/json: {schema: {$ref: "#/components/schemas/NotAPage"}}}}
  /chat/completions:
    post:
      operationId: createChatCompletion
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {stream: {anyOf: [{type: boolean}, {type: "null"}]}}
      responses:
        "200":
          content: {text/event-stream: {schema: {$ref: "#/components/schemas/ChatChunk"}}}
  /organization/admin_api_keys/{key_id}:
    get: {operationId: admin-api-keys-get, responses: {"200": {description: ok}}}
  /responses:
    post: {operationId: createResponse, responses: {"200": {description: ok}}}
    get: {responses: {"200": {description: no operationId, skipped}}}
  /responses?beta=true:
    post: {operationId: beta_createResponse, responses: {"200": {description: ok}}}
  /things:
    get: {operationId: listThings, responses: {"200": {description: ok}}}
    delete: {operationId: list, responses: {"200": {description: ok}}}
  /alpha/{id}/beta_list:
    post: {operationId: alphaBetaList, responses: {"200": {description: ok}}}
  /alpha/beta:
    get: {operationId: listAlphaBeta, responses: {"200": {description: ok}}}
  /widgets/{id}/parts:
    post: {operationId: addWidgetPart, responses: {"200": {description: ok}}}
  /widgets/parts/{part_id}:
    get: {operationId: getWidgetPart, responses: {"200": {description: ok}}}
components:
  parameters:
    After: {name: after, in: query, schema: {type: string}}
  schemas:
    ListRunsResponse:
      allOf:
        - {$ref: "#/components/schemas/PageBase"}
        - {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Run"}}}}
    PageBase: {type: object, properties: {has_more: {type: boolean}}}
    NotAPage: {type: object, properties: {data: {type: array, items: {}}}}
    Run: {type: object, properties: {id: {type: string}}}
    ItemList:
      type: object
      properties:
        data: {type: array, items: {oneOf: [{$ref: "#/components/schemas/Run"}, {type: string}]}}
        has_more: {type: boolean}
        last_id: {type: string}
    CreateRunRequest: {type: object, properties: {stream: {type: [boolean, "null"]}}}
    AssistantStreamEvent: {type: object}
    ChatChunk: {type: object}
    Error: {type: object, properties: {message: {type: string}}}
"##;

    fn derived() -> SdkConfig {
        let doc: OpenApi = serde_yaml::from_str(SPEC).expect("test spec parses");
        let krate = CrateConfig { name: "t".into(), version: "0.1.0".into(), ..Default::default() };
        derive_sdk_config(&doc, krate)
    }

    fn at<'a>(config: &'a SdkConfig, path: &str) -> &'a ResourceConfig {
        let mut keys = path.split('.');
        let first = &config.resources[keys.next().unwrap()];
        keys.fold(first, |resource, key| &resource.resources[key])
    }

    /// `method -> operation` of one resource, in the derived order.
    fn methods(config: &SdkConfig, path: &str) -> Vec<(String, String)> {
        at(config, path).methods.iter().map(|(name, m)| (name.clone(), m.operation.clone())).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn schemas_named_like_runtime_types_are_renamed() {
        let config = derived();
        assert_eq!(config.types.get("Error").map(String::as_str), Some("ErrorModel"));
        assert_eq!(config.types.len(), 1, "{:?}", config.types);
    }

    #[test]
    fn tree_follows_static_segments_sorted() {
        let config = derived();
        let roots: Vec<&str> = config.resources.keys().map(String::as_str).collect();
        let expected = "alpha chat chatkit files organization responses things threads vector_stores widgets";
        assert_eq!(roots.join(" "), expected);
        assert!(at(&config, "threads.runs.steps").resources.is_empty());
        assert_eq!(methods(&config, "organization.admin_api_keys"), pairs(&[("retrieve", "admin-api-keys-get")]));
        assert!(config.resources["files"].resources.is_empty(), "`content` is a method, not a resource");
    }

    #[test]
    fn method_names_from_shapes_and_actions() {
        let config = derived();
        assert_eq!(
            methods(&config, "threads"),
            pairs(&[
                ("create", "createThread"),
                ("delete", "deleteThread"),
                ("retrieve", "getThread"),
                ("update", "modifyThread")
            ])
        );
        // `/threads/{thread_id}/runs` is the plainer path, so it keeps `create`.
        assert_eq!(
            methods(&config, "threads.runs"),
            pairs(&[
                ("cancel", "cancelRun"),
                ("create", "createRun"),
                ("create_thread_and_run", "createThreadAndRun"),
                ("list", "listRuns")
            ])
        );
        assert_eq!(methods(&config, "files"), pairs(&[("content", "downloadFile")]));
        // Paths continue below `file_batches`, so it is a resource, not an action.
        assert_eq!(
            methods(&config, "vector_stores.file_batches"),
            pairs(&[("create", "createVectorStoreFileBatch"), ("retrieve", "getVectorStoreFileBatch")])
        );
        // The operation without an `operationId` is skipped; the `?beta=true` one falls back.
        assert_eq!(
            methods(&config, "responses"),
            pairs(&[("beta_create_response", "beta_createResponse"), ("create", "createResponse")])
        );
    }

    #[test]
    fn fallbacks_stay_collision_free() {
        let config = derived();
        // DELETE on a collection has no conventional name; its `operationId` is taken too.
        assert_eq!(methods(&config, "things"), pairs(&[("list", "listThings"), ("list_delete", "list")]));
        // An action named like a child resource would clash with the child's accessor.
        assert_eq!(methods(&config, "widgets"), pairs(&[("add_widget_part", "addWidgetPart")]));
    }

    #[test]
    fn pagination_needs_after_has_more_and_data() {
        let config = derived();
        assert_eq!(at(&config, "threads.runs").methods["list"].pagination, Some(PaginationKind::Cursor));
        // Items without an `id` of their own: the body's `last_id` is the cursor.
        let items = &at(&config, "threads.items").methods["list"];
        assert_eq!(items.pagination, Some(PaginationKind::ConversationCursor));
        assert_eq!(at(&config, "threads.runs.steps").methods["list"].pagination, None, "no `after`");
        assert_eq!(at(&config, "chatkit.threads").methods["list"].pagination, None, "no `has_more`");
        assert_eq!(at(&config, "threads.runs").methods["create"].pagination, None);
    }

    #[test]
    fn streaming_needs_an_event_component_and_a_boolean_flag() {
        let config = derived();
        let stream = at(&config, "threads.runs").methods["create"].stream.as_ref().expect("streams");
        assert_eq!((stream.event.as_str(), stream.flag.as_str()), ("AssistantStreamEvent", "stream"));
        let stream = at(&config, "chat.completions").methods["create"].stream.as_ref().expect("streams");
        assert_eq!((stream.event.as_str(), stream.flag.as_str()), ("ChatChunk", "stream"));
        assert!(at(&config, "threads.runs").methods["list"].stream.is_none());
    }

    #[test]
    fn struct_and_params_names_are_unique() {
        let config = derived();
        assert_eq!(at(&config, "threads").struct_name.as_deref(), Some("Threads"));
        assert_eq!(at(&config, "chatkit.threads").struct_name.as_deref(), Some("ChatkitThreads"));
        assert_eq!(at(&config, "threads.runs").struct_name.as_deref(), Some("Runs"));
        assert_eq!(at(&config, "threads.runs").type_prefix.as_deref(), Some("ThreadsRuns"));
        // `alpha.beta_list` and `alpha.beta.list` would both be `AlphaBetaListParams`.
        assert_eq!(at(&config, "alpha").type_prefix.as_deref(), Some("Alpha"));
        assert_eq!(at(&config, "alpha.beta").type_prefix.as_deref(), Some("AlphaBeta2"));
        let mut names = Vec::new();
        fn walk(resources: &IndexMap<String, ResourceConfig>, names: &mut Vec<String>) {
            for resource in resources.values() {
                names.push(resource.struct_name.clone().unwrap());
                let prefix = resource.type_prefix.clone().unwrap();
                names.extend(resource.methods.keys().map(|m| format!("{prefix}{}Params", naming::pascal(m))));
                walk(&resource.resources, names);
            }
        }
        walk(&config.resources, &mut names);
        let distinct: BTreeSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len(), "{names:?}");
    }
}
