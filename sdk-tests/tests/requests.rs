//! What goes on the wire: headers, auth, query, body, path encoding, options, raw responses,
//! timeouts.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use std::time::Duration;

use common::{builder, client, header, json_body};
use openai_beta::reqwest::Method;
use openai_beta::{AssistantListParams, Client, Error, RequestOptions, RequestSpec};
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
