//! What goes on the wire: headers, auth, query, body, path encoding, options, raw responses,
//! timeouts.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use std::time::Duration;

use common::{builder, client, header, json_body};
use openai_beta::reqwest::Method;
use openai_beta::{
    AssistantListParams, Client, Error, RequestOptions, RequestSpec, RunCreateParams, RunStepListParams,
    RunStepRetrieveParams,
};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req_123")
                .set_body_json(json!({"id": "asst_1", "name": "A", "object": "list", "data": []})),
        )
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1);
    reqs.remove(0)
}

#[tokio::test]
async fn default_headers() {
    let server = ok_server().await;
    let c = builder(&server).organization("org_1").project("proj_1").build().unwrap();
    c.beta().assistants().retrieve("asst_1").await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "authorization"), Some("Bearer sk-test-key"));
    assert_eq!(header(&req, "accept"), Some("application/json"));
    assert_eq!(header(&req, "user-agent"), Some(format!("openai-beta-rust/{}", openai_beta::VERSION).as_str()));
    assert_eq!(header(&req, "openai-organization"), Some("org_1"));
    assert_eq!(header(&req, "openai-project"), Some("proj_1"));
    assert_eq!(header(&req, "openai-beta"), Some("assistants=v2"));
    assert_eq!(header(&req, "x-stainless-retry-count"), Some("0"));
    assert_eq!(header(&req, "content-type"), None, "no body, no content type");
    assert_eq!(req.url.path(), "/v1/assistants/asst_1");
}

#[tokio::test]
async fn org_and_project_omitted_when_unset() {
    let server = ok_server().await;
    client(&server).beta().assistants().retrieve("asst_1").await.unwrap();
    let req = only_request(&server).await;
    assert!(header(&req, "openai-organization").is_none() && header(&req, "openai-project").is_none());
}

#[tokio::test]
async fn user_headers_override_resource_headers() {
    let server = ok_server().await;
    let c = builder(&server).header("X-Client", "c").header("OpenAI-Beta", "client-level").build().unwrap();
    c.beta()
        .assistants()
        .retrieve("asst_1")
        .with_options(RequestOptions::new().header("openai-beta", "assistants=v9").header("X-Trace", "1"))
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "openai-beta"), Some("assistants=v9"));
    assert_eq!(header(&req, "x-trace"), Some("1"));
    assert_eq!(header(&req, "x-client"), Some("c"));

    let server = ok_server().await;
    let c = builder(&server).build().unwrap();
    c.beta()
        .assistants()
        .retrieve("asst_1")
        .with_options(RequestOptions::new().remove_header("OpenAI-Beta"))
        .await
        .unwrap();
    assert!(header(&only_request(&server).await, "openai-beta").is_none());
}

#[tokio::test]
async fn header_injection_is_rejected_before_sending() {
    let server = ok_server().await;
    let err = client(&server)
        .beta()
        .assistants()
        .retrieve("asst_1")
        .with_options(RequestOptions::new().header("X-Note", "a\r\nAuthorization: Bearer stolen"))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::InvalidHeader { name } if name == "X-Note"), "{err:?}");
    assert!(!format!("{err}{err:?}").contains("stolen"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn path_parameters_are_encoded() {
    let server = ok_server().await;
    let c = client(&server);
    c.beta().assistants().retrieve("../files/x?y#z").await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/v1/assistants/..%2Ffiles%2Fx%3Fy%23z");
    assert_eq!(req.url.query(), None);

    let err = c.beta().assistants().retrieve("").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "nothing sent for an empty ID");

    // A dot segment would be resolved away: deleting message `..` would delete the thread.
    let err = c.beta().threads().messages().delete("thread_1", "..").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.contains("/threads/{thread_id}/messages/{message_id}")),
        "{err:?}"
    );
    for id in [".", ".."] {
        let err = c.beta().threads().delete(id).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{id}: {err:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "nothing sent for a dot segment");

    // An ID that only looks like an encoded dot is sent as the literal it is.
    c.beta().assistants().retrieve("%2e%2E").await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[1].url.path(), "/v1/assistants/%252e%252E");
}

#[tokio::test]
async fn query_from_params_client_and_options() {
    let server = ok_server().await;
    let c = builder(&server).default_query("api-version", "1").default_query("limit", "100").build().unwrap();
    c.beta()
        .assistants()
        .list(AssistantListParams::new().limit(2).order("asc"))
        .with_options(
            RequestOptions::new()
                .query("include[]", "a")
                .query("include[]", "b c")
                .query("order", "desc")
                .query("extra", "x"),
        )
        .await
        .unwrap();
    let req = only_request(&server).await;
    let pairs: Vec<(String, String)> = req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let expected = [
        ("api-version", "1"),
        ("limit", "2"),
        ("include[]", "a"),
        ("include[]", "b c"),
        ("order", "desc"),
        ("extra", "x"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn json_body_with_content_type_and_extra_fields() {
    let server = ok_server().await;
    client(&server)
        .beta()
        .threads()
        .runs()
        .create("thread_1", openai_beta::RunCreateParams::new("asst_1").instructions_null())
        .with_options(RequestOptions::new().body_field("temperature", 0.5))
        .await
        .ok();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert_eq!(json_body(&req), json!({"assistant_id": "asst_1", "instructions": null, "temperature": 0.5}));
}

#[tokio::test]
async fn send_raw_exposes_status_headers_and_request_id() {
    let server = ok_server().await;
    let raw = client(&server).beta().assistants().retrieve("asst_1").send_raw().await.unwrap();
    assert_eq!(raw.status.as_u16(), 200);
    assert_eq!(raw.request_id(), Some("req_123"));
    assert_eq!(raw.headers["x-request-id"], "req_123");
    assert_eq!(raw.body.id, "asst_1");
    let (_, _, body) = raw.into_parts();
    assert_eq!(body.name.as_deref(), Some("A"));
}

#[tokio::test]
async fn execute_undocumented_endpoint() {
    let server = ok_server().await;
    let v: Value = client(&server)
        .execute(RequestSpec::new(Method::POST, "/custom/{id}", "/custom/1".into()).json(&json!({"a": 1})))
        .await
        .unwrap();
    assert_eq!(v["id"], "asst_1");
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/v1/custom/1");
    assert_eq!(json_body(&req), json!({"a": 1}));
}

#[tokio::test]
async fn timeout_is_its_own_error_and_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/assistants/asst_1"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)).set_body_string("{}"))
        .mount(&server)
        .await;
    let c = builder(&server).timeout(Duration::from_millis(100)).max_retries(1).build().unwrap();
    let err = c.beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Timeout { after: Some(d) } if d == Duration::from_millis(100)));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // The per-request timeout wins over the client's.
    let c = builder(&server).timeout(Duration::from_secs(600)).build().unwrap();
    let err = c
        .beta()
        .assistants()
        .retrieve("asst_1")
        .with_options(RequestOptions::new().timeout(Duration::from_millis(50)).max_retries(0))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn client_is_cheap_to_share_across_tasks() {
    let server = ok_server().await;
    let c = client(&server);
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let c: Client = c.clone();
            tokio::spawn(async move { c.beta().assistants().retrieve(&format!("asst_{i}")).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

/// The two `include` values the tests below send: the one the spec knows and an unknown one,
/// which must go out verbatim (open enums keep what they do not know).
fn two_includes() -> Vec<String> {
    vec!["step_details.tool_calls[*].file_search.results[*].content".to_string(), "step_details.extra".to_string()]
}

/// Asserts that the request's query is exactly the repeated `include[]` pair for
/// [`two_includes`], in that order: decoded with `query_pairs`, and on the raw query string
/// (where brackets may be sent percent-encoded).
fn assert_include_query(req: &wiremock::Request) {
    let pairs: Vec<(String, String)> = req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let known = "step_details.tool_calls[*].file_search.results[*].content";
    let expected =
        [("include[]".to_string(), known.to_string()), ("include[]".to_string(), "step_details.extra".into())];
    assert_eq!(pairs, expected, "query of {}", req.url);
    let raw = req.url.query().unwrap_or_default().replace("%5B", "[").replace("%5D", "]");
    assert_eq!(raw, format!("include[]={known}&include[]=step_details.extra"), "raw query of {}", req.url);
}

/// `include` of `runs().create` is a query parameter, sent as the repeated bracketed pair
/// `include[]=a&include[]=b` in the caller's order (as the official SDKs do), and is kept out of
/// the JSON body, which still carries the body fields.
#[tokio::test]
async fn run_create_sends_include_as_repeated_query_pairs_not_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/threads/thread_1/runs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(common::run_json("queued")))
        .mount(&server)
        .await;
    let run = client(&server)
        .beta()
        .threads()
        .runs()
        .create("thread_1", RunCreateParams::new("asst_1").include(two_includes()))
        .await
        .unwrap();
    assert_eq!(run.id, "run_1");
    let req = only_request(&server).await;
    assert_include_query(&req);
    let body = json_body(&req);
    assert_eq!(body["assistant_id"], "asst_1");
    assert!(body.get("include").is_none(), "include leaked into the body: {body}");
}

/// `include` of `runs().steps().list()` and `.retrieve()` goes on the query string the same
/// way, and these GET calls send no body.
#[tokio::test]
async fn run_steps_list_and_retrieve_send_include_as_repeated_query_pairs() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/threads/thread_1/runs/run_1/steps"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"object": "list", "data": [], "has_more": false})),
        )
        .mount(&server)
        .await;
    let step = json!({
        "id": "step_1", "object": "thread.run.step", "type": "message_creation", "status": "completed",
        "step_details": {"type": "message_creation", "message_creation": {"message_id": "msg_1"}}
    });
    Mock::given(method("GET"))
        .and(path("/v1/threads/thread_1/runs/run_1/steps/step_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(step))
        .mount(&server)
        .await;
    let c = client(&server);
    let steps = c.beta().threads().runs().steps();

    let page = steps.list("thread_1", "run_1", RunStepListParams::new().include(two_includes())).await.unwrap();
    assert!(page.data.is_empty());
    let req = only_request(&server).await;
    assert_include_query(&req);
    assert!(req.body.is_empty(), "a GET has no body");

    let step = steps.retrieve("thread_1", "run_1", "step_1", RunStepRetrieveParams::new().include(two_includes()));
    assert_eq!(step.await.unwrap().id, "step_1");
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    assert_include_query(&reqs[1]);
    assert!(reqs[1].body.is_empty(), "a GET has no body");
}

/// A caller-supplied `reqwest::Client` is the one that sends: its default headers reach the
/// server, and the SDK's own headers (auth, user agent, the resource's `OpenAI-Beta`) are still
/// set on each request and win over the custom client's defaults of the same name.
#[tokio::test]
async fn caller_supplied_http_client_is_used_and_sdk_headers_still_sent() {
    use openai_beta::reqwest::header::{HeaderMap, HeaderValue};

    let server = ok_server().await;
    let mut defaults = HeaderMap::new();
    defaults.insert("x-from-custom-client", HeaderValue::from_static("yes"));
    defaults.insert("authorization", HeaderValue::from_static("Bearer from-custom-client"));
    let http =
        openai_beta::reqwest::Client::builder().default_headers(defaults).user_agent("custom-agent/1").build().unwrap();
    let c = builder(&server).http_client(http).build().unwrap();
    c.beta().assistants().retrieve("asst_1").await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "x-from-custom-client"), Some("yes"));
    assert_eq!(header(&req, "authorization"), Some("Bearer sk-test-key"));
    assert_eq!(header(&req, "openai-beta"), Some("assistants=v2"));
    assert_eq!(header(&req, "user-agent"), Some(format!("openai-beta-rust/{}", openai_beta::VERSION).as_str()));
}

/// A client on the SDK's own HTTP client (the shared `builder` brings its own, whose redirect
/// policy is reqwest's).
fn sdk_http_client(server: &MockServer) -> openai_beta::ClientBuilder {
    Client::builder().api_key("sk-test-key").base_url(format!("{}/v1", server.uri())).no_timeout()
}

/// A redirect to another origin is not followed: the organization, project and custom headers
/// (and the body) would reach a host the base URL does not name.
#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "asst_1"})))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    for status in [302, 307] {
        Mock::given(path(format!("/v1/assistants/moved_{status}")))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}/v1/assistants/asst_1", elsewhere.uri()).as_str()),
            )
            .mount(&server)
            .await;
    }
    let c = sdk_http_client(&server).organization("org_1").header("api-key", "azure-secret").build().unwrap();
    for status in [302, 307] {
        let err = c.beta().assistants().retrieve(&format!("moved_{status}")).await.unwrap_err();
        let Error::Api(api) = &err else { panic!("{status}: {err:?}") };
        assert_eq!(api.status.as_u16(), status);
    }
    assert!(elsewhere.received_requests().await.unwrap().is_empty(), "nothing reached the other origin");
}

/// A same-origin redirect that does not resend a body is followed; a `307` (which would) is not.
#[tokio::test]
async fn same_origin_redirects_are_followed_without_resending_a_body() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/assistants/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/v1/assistants/asst_1"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/assistants/asst_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "asst_1", "name": "A"})))
        .mount(&server)
        .await;
    Mock::given(path("/v1/assistants/again"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/v1/assistants/asst_1"))
        .mount(&server)
        .await;
    let c = sdk_http_client(&server).build().unwrap();
    let assistant = c.beta().assistants().retrieve("old").await.unwrap();
    assert_eq!(assistant.id, "asst_1");
    let err =
        c.beta().assistants().update("again", openai_beta::AssistantUpdateParams::new().name("B")).await.unwrap_err();
    assert!(matches!(&err, Error::Api(api) if api.status.as_u16() == 307), "{err:?}");
    let posts = server.received_requests().await.unwrap().into_iter().filter(|r| r.method == Method::POST).count();
    assert_eq!(posts, 1, "the body was sent once, not again after the 307");
}

/// Free-form objects take `json!` directly; one that is not an object fails when the request is
/// sent, naming where it is, and nothing reaches the server.
#[tokio::test]
async fn a_free_form_object_that_is_not_an_object_is_refused_with_its_path() {
    use openai_beta::{AssistantCreateParams, FunctionDefinition, FunctionTool};
    let server = ok_server().await;
    let c = client(&server);
    let tool = |parameters: Value| FunctionTool::new(FunctionDefinition::new("get_weather").parameters(parameters));
    let ok = AssistantCreateParams::new("gpt-4o").tools(vec![tool(json!({"type": "object"})).into()]);
    c.beta().assistants().create(ok).await.unwrap();
    let sent = json_body(&only_request(&server).await);
    assert_eq!(sent["tools"][0]["function"]["parameters"], json!({"type": "object"}));

    let bad = AssistantCreateParams::new("gpt-4o").tools(vec![tool(json!("not a schema")).into()]);
    let err = c.beta().assistants().create(bad).await.unwrap_err();
    let Error::InvalidRequest(message) = &err else { panic!("{err:?}") };
    assert!(message.contains("at `tools[0].function.parameters`"), "{message}");
    assert!(message.contains("expected a JSON object, found a JSON string"), "{message}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "nothing sent for the bad body");

    // The path is where the refused value sits, even when the same JSON comes earlier in the
    // body (here as the assistant's name and the first tool's description).
    let same = "not a schema";
    let first = FunctionTool::new(FunctionDefinition::new("a").description(same).parameters(json!({})));
    let bad = AssistantCreateParams::new("gpt-4o").name(same).tools(vec![first.into(), tool(json!(same)).into()]);
    let err = c.beta().assistants().create(bad).await.unwrap_err();
    assert!(err.to_string().contains("at `tools[1].function.parameters`"), "{err}");
}
