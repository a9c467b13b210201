//! The five Assistants operations end to end against an in-process HTTP server: the request the
//! client sends (method, path, auth, `OpenAI-Beta`, body) and the response it decodes.
#![allow(deprecated)]

use openai_beta::*;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("sk-test-key").base_url(server.uri()).max_retries(0).build().expect("client builds")
}

fn assistant_json() -> Value {
    json!({
        "id": "asst_abc123",
        "object": "assistant",
        "created_at": 1698984975,
        "name": "Math Tutor",
        "description": null,
        "model": "gpt-4o",
        "instructions": "You are a personal math tutor.",
        "tools": [
            {"type": "code_interpreter"},
            {"type": "file_search", "file_search": {"ranking_options": {"ranker": "semantic_v9", "score_threshold": 0.5}}},
            {"type": "web_browser", "browser": {"headless": true}}
        ],
        "metadata": {"team": "math"},
        "top_p": 1.0,
        "temperature": 1.0,
        "response_format": "auto",
        "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
        "reasoning_budget": 42
    })
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn assert_common_headers(request: &Request) {
    assert_eq!(request.headers.get("authorization").unwrap(), "Bearer sk-test-key");
    assert_eq!(request.headers.get("openai-beta").unwrap(), "assistants=v2");
    assert!(request.headers.get("user-agent").unwrap().to_str().unwrap().starts_with("openai-beta-rust/"));
}

#[tokio::test]
async fn create_sends_the_params_as_json_and_decodes_the_assistant() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/assistants"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&server)
        .await;

    let params = AssistantCreateParams::new("gpt-4o")
        .name("Math Tutor")
        .instructions("You are a personal math tutor.")
        .tools(vec![AssistantTool::from(CodeInterpreterTool::new())])
        .temperature(0.2);
    let assistant = client(&server).beta().assistants().create(params).await.expect("create succeeds");

    let request = only_request(&server).await;
    assert_common_headers(&request);
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({
            "model": "gpt-4o",
            "name": "Math Tutor",
            "instructions": "You are a personal math tutor.",
            "tools": [{"type": "code_interpreter"}],
            "temperature": 0.2
        })
    );

    assert_eq!(assistant.id, "asst_abc123");
    assert_eq!(assistant.name.as_deref(), Some("Math Tutor"));
    assert_eq!(assistant.description, None);
    assert_eq!(assistant.tools.len(), 3);
    assert!(matches!(assistant.tools[0], AssistantTool::CodeInterpreter(_)));
    // An enum value this version does not know is kept.
    let AssistantTool::FileSearch(file_search) = &assistant.tools[1] else { panic!("file_search tool") };
    let ranker = file_search.file_search.as_ref().unwrap().ranking_options.as_ref().unwrap().ranker.clone();
    assert_eq!(ranker, Some(FileSearchRanker::Unknown("semantic_v9".into())));
    // A tool type this version does not know is kept as raw JSON, not an error.
    assert_eq!(
        assistant.tools[2],
        AssistantTool::Unknown(json!({"type": "web_browser", "browser": {"headless": true}}))
    );
    // A field this version does not know is kept.
    assert_eq!(assistant.extra.get("reasoning_budget"), Some(&json!(42)));
    assert_eq!(assistant.response_format, Some(Nullable::Value(AssistantResponseFormatOption::Auto)));
}

#[tokio::test]
async fn retrieve_puts_the_id_in_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assistants/asst_abc123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&server)
        .await;

    let assistant = client(&server).beta().assistants().retrieve("asst_abc123").await.expect("retrieve succeeds");

    let request = only_request(&server).await;
    assert_common_headers(&request);
    assert!(request.body.is_empty(), "GET has no body");
    assert_eq!(assistant.model, "gpt-4o");
}

#[tokio::test]
async fn update_sends_only_what_was_set_and_null_to_clear() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/assistants/asst_abc123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&server)
        .await;

    let params = AssistantUpdateParams::new().name("Algebra Tutor").metadata_null();
    client(&server).beta().assistants().update("asst_abc123", params).await.expect("update succeeds");

    let request = only_request(&server).await;
    assert_common_headers(&request);
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, json!({"name": "Algebra Tutor", "metadata": null}));
}

#[tokio::test]
async fn list_sends_the_query_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assistants"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list",
            "data": [assistant_json()],
            "first_id": "asst_abc123",
            "last_id": "asst_abc123",
            "has_more": false
        })))
        .mount(&server)
        .await;

    let params = AssistantListParams::new().limit(2).order(ListOrder::Asc).after("asst_000");
    let page = client(&server).beta().assistants().list(params).await.expect("list succeeds");

    let request = only_request(&server).await;
    assert_common_headers(&request);
    let mut query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    query.sort();
    assert_eq!(
        query,
        vec![("after".into(), "asst_000".into()), ("limit".into(), "2".into()), ("order".into(), "asc".into())]
    );
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id, "asst_abc123");
    assert_eq!(page.first_id.as_deref(), Some("asst_abc123"));
    assert_eq!(page.last_id.as_deref(), Some("asst_abc123"));
    assert!(!page.has_more);
}

#[tokio::test]
async fn delete_decodes_the_deletion() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/assistants/asst_abc123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "asst_abc123", "object": "assistant.deleted", "deleted": true
        })))
        .mount(&server)
        .await;

    let deleted = client(&server).beta().assistants().delete("asst_abc123").await.expect("delete succeeds");

    assert_common_headers(&only_request(&server).await);
    assert_eq!(deleted.id, "asst_abc123");
    assert!(deleted.deleted);
    assert_eq!(deleted.object, "assistant.deleted");
}

#[tokio::test]
async fn a_hostile_id_cannot_change_the_route() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(assistant_json()))
        .mount(&server)
        .await;

    client(&server).beta().assistants().retrieve("../threads/x?y=1#z").await.expect("retrieve succeeds");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/assistants/..%2Fthreads%2Fx%3Fy%3D1%23z");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn an_api_error_is_typed_with_status_body_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).insert_header("x-request-id", "req_42").set_body_json(json!({
                "error": {"message": "No assistant found with id 'asst_x'.", "type": "invalid_request_error", "param": null, "code": null}
            })),
        )
        .mount(&server)
        .await;

    let error = client(&server).beta().assistants().retrieve("asst_x").await.expect_err("404 is an error");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.request_id(), Some("req_42"));
    let Error::Api(api) = &error else { panic!("an API error, got {error:?}") };
    assert_eq!(api.message(), "No assistant found with id 'asst_x'.");
}
