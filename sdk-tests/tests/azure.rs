//! Azure OpenAI and token providers, on the wire: the `/openai` routes, `api-version` on every
//! request, the `api-key` header, bearer tokens fetched per attempt, and secrets kept out of
//! `Debug` and errors.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::header;
use futures_util::TryStreamExt;
use openai_beta::{
    AssistantCreateParams, AssistantListParams, Client, ClientBuilder, Error, RequestOptions, TokenFuture,
    TokenProvider,
};
use serde_json::json;
use wiremock::matchers::{any, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const API_VERSION: &str = "2024-05-01-preview";
const AZURE_KEY: &str = "azure-secret-key-123";

/// An Azure client for the mock server, which plays the resource's endpoint.
fn azure(server: &MockServer) -> ClientBuilder {
    let http = openai_beta::reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    Client::builder().azure(server.uri(), API_VERSION).http_client(http).no_timeout()
}

/// A plain (OpenAI) client for the mock server without an API key.
fn keyless(server: &MockServer) -> ClientBuilder {
    let http = openai_beta::reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    Client::builder().base_url(format!("{}/v1", server.uri())).http_client(http).no_timeout()
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "asst_1", "object": "assistant"})))
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn api_version(req: &Request) -> Vec<String> {
    req.url.query_pairs().filter(|(k, _)| k == "api-version").map(|(_, v)| v.into_owned()).collect()
}

/// A provider returning `tok-1`, `tok-2`, ... and counting its calls.
fn rotating() -> (Arc<AtomicUsize>, impl TokenProvider + 'static) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let provider = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, std::io::Error>(format!("tok-{n}")) }
    };
    (calls, provider)
}

#[tokio::test]
async fn azure_routes_key_header_and_api_version() {
    let server = ok_server().await;
    let client = azure(&server).api_key(AZURE_KEY).build().unwrap();
    assert_eq!(client.base_url(), format!("{}/openai", server.uri()));
    client.beta().assistants().retrieve("asst_1").await.unwrap();
    client.beta().assistants().create(AssistantCreateParams::new("gpt-4o-deployment")).await.unwrap();
    client.beta().assistants().delete("asst_1").await.unwrap();

    let reqs = requests(&server).await;
    let seen: Vec<(&str, &str)> = reqs.iter().map(|r| (r.method.as_str(), r.url.path())).collect();
    assert_eq!(
        seen,
        [("GET", "/openai/assistants/asst_1"), ("POST", "/openai/assistants"), ("DELETE", "/openai/assistants/asst_1")]
    );
    for req in &reqs {
        assert_eq!(api_version(req), [API_VERSION], "{}", req.url);
        assert_eq!(header(req, "api-key"), Some(AZURE_KEY));
        assert_eq!(header(req, "authorization"), None, "Azure keys never go in Authorization");
        assert_eq!(header(req, "openai-beta"), Some("assistants=v2"));
    }
    assert_eq!(common::json_body(&reqs[1]), json!({"model": "gpt-4o-deployment"}), "the body is untouched");
}

#[tokio::test]
async fn api_version_is_on_every_page_of_a_list() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], more: bool| {
        let data: Vec<_> = ids.iter().map(|id| json!({"id": id, "object": "assistant"})).collect();
        json!({"object": "list", "data": data, "first_id": ids.first(), "last_id": ids.last(), "has_more": more})
    };
    Mock::given(method("GET"))
        .and(path("/openai/assistants"))
        .and(query_param("api-version", API_VERSION))
        .and(wiremock::matchers::query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["a", "b"], true)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/openai/assistants"))
        .and(query_param("api-version", API_VERSION))
        .and(query_param("after", "b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["c"], false)))
        .mount(&server)
        .await;

    let client = azure(&server).api_key(AZURE_KEY).build().unwrap();
    let ids: Vec<String> = client
        .beta()
        .assistants()
        .list(AssistantListParams::new().limit(2))
        .into_stream()
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c"]);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    for req in &reqs {
        assert_eq!(api_version(req), [API_VERSION], "exactly one api-version on {}", req.url);
        assert!(req.url.query_pairs().any(|(k, v)| k == "limit" && v == "2"), "{}", req.url);
        assert_eq!(header(req, "api-key"), Some(AZURE_KEY));
    }
}

#[tokio::test]
async fn streams_carry_the_api_version_and_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/openai/threads/thread_1/runs"))
        .respond_with(common::sse_response("data: [DONE]\n\n".to_owned()))
        .mount(&server)
        .await;
    let (calls, provider) = rotating();
    let client = azure(&server).token_provider(provider).build().unwrap();
    let run = openai_beta::RunCreateParams::new("asst_1");
    drop(client.beta().threads().runs().create_stream("thread_1", run).await.unwrap());
    let req = &requests(&server).await[0];
    assert_eq!(api_version(req), [API_VERSION]);
    assert_eq!(header(req, "authorization"), Some("Bearer tok-1"));
    assert_eq!(common::json_body(req)["stream"], json!(true));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn request_options_can_override_the_api_version() {
    let server = ok_server().await;
    let client = azure(&server).api_key(AZURE_KEY).build().unwrap();
    let opts = RequestOptions::new().query("api-version", "2025-01-01-preview");
    client.beta().assistants().retrieve("asst_1").with_options(opts).await.unwrap();
    assert_eq!(api_version(&requests(&server).await[0]), ["2025-01-01-preview"]);
}

#[tokio::test]
async fn token_provider_is_asked_on_every_request() {
    let server = ok_server().await;
    let (calls, provider) = rotating();
    let client = keyless(&server).token_provider(provider).build().unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 0, "not called before a request");
    for _ in 0..3 {
        client.beta().assistants().retrieve("asst_1").await.unwrap();
    }
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let tokens: Vec<_> =
        requests(&server).await.iter().map(|r| header(r, "authorization").map(str::to_owned)).collect();
    assert_eq!(tokens, [Some("Bearer tok-1".into()), Some("Bearer tok-2".into()), Some("Bearer tok-3".into())]);
}

#[tokio::test(start_paused = true)]
async fn a_retry_gets_a_fresh_token() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "asst_1"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let (calls, provider) = rotating();
    let client = keyless(&server).token_provider(provider).max_retries(1).build().unwrap();
    client.beta().assistants().retrieve("asst_1").await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let reqs = requests(&server).await;
    assert_eq!(header(&reqs[0], "authorization"), Some("Bearer tok-1"));
    assert_eq!(header(&reqs[1], "authorization"), Some("Bearer tok-2"));
}

#[tokio::test]
async fn azure_with_entra_id_sends_a_bearer_token_and_no_key() {
    let server = ok_server().await;
    let (calls, provider) = rotating();
    // A key from the environment is not sent once a provider is set.
    let client = azure(&server).api_key(AZURE_KEY).token_provider(provider).build().unwrap();
    client.beta().threads().retrieve("thread_1").await.unwrap();
    let req = &requests(&server).await[0];
    assert_eq!(req.url.path(), "/openai/threads/thread_1");
    assert_eq!(api_version(req), [API_VERSION]);
    assert_eq!(header(req, "authorization"), Some("Bearer tok-1"));
    assert_eq!(header(req, "api-key"), None);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failing_provider_is_a_typed_error_and_sends_nothing() {
    let server = ok_server().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = azure(&server)
        .token_provider(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Err::<String, _>("Entra ID: the managed identity endpoint is unreachable") }
        })
        .max_retries(3)
        .build()
        .unwrap();
    let err = client.beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("token provider") && m.contains("managed identity")),
        "{err:?}"
    );
    assert!(requests(&server).await.is_empty(), "nothing is sent without a token");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "a provider's failure is not retried");
}

#[tokio::test(start_paused = true)]
async fn a_hanging_provider_times_out_like_an_attempt() {
    let server = ok_server().await;
    let client = keyless(&server)
        .token_provider(|| async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Ok::<_, std::io::Error>("late".to_owned())
        })
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { after: Some(d) } if d == Duration::from_secs(5)), "{err:?}");
    assert!(requests(&server).await.is_empty());
}

/// A provider of the caller's own type, implementing the trait rather than being a closure.
struct Fixed(&'static str);

impl TokenProvider for Fixed {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move { Ok(self.0.to_owned()) })
    }
}

#[tokio::test]
async fn a_provider_type_and_debug_without_secrets() {
    let server = ok_server().await;
    let builder = keyless(&server).token_provider(Fixed("entra-token-456")).header("X-Custom", "c");
    let client = builder.clone().build().unwrap();
    client.beta().assistants().retrieve("asst_1").await.unwrap();
    assert_eq!(header(&requests(&server).await[0], "authorization"), Some("Bearer entra-token-456"));
    let shown = format!("{builder:?} {client:?}");
    assert!(shown.contains("token provider") && !shown.contains("entra-token-456"), "{shown}");

    let builder = azure(&server).api_key(AZURE_KEY);
    let client = builder.clone().build().unwrap();
    let shown = format!("{builder:?} {client:?}");
    assert!(shown.contains(API_VERSION) && !shown.contains(AZURE_KEY), "{shown}");
}

#[tokio::test]
async fn missing_credentials_name_the_azure_variable() {
    let err = Client::builder().azure("https://res.openai.azure.com", API_VERSION).build().unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.contains("AZURE_OPENAI_API_KEY")), "{err}");
}
