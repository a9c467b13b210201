//! Error values: API errors with their bodies and request ids, decode errors.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use common::{builder, client};
use openai_beta::{ApiErrorKind, Error, RequestOptions};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_with(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

#[tokio::test]
async fn api_error_is_unwrapped() {
    let server = server_with(
        ResponseTemplate::new(404)
            .insert_header("x-request-id", "req_404")
            .set_body_string(r#"{"error":{"message":"No assistant found with id 'x'.","type":"invalid_request_error","param":null,"code":null}}"#),
    )
    .await;
    let err = client(&server).beta().assistants().retrieve("x").await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.status().unwrap().as_u16(), 404);
    assert_eq!(err.request_id(), Some("req_404"));
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.kind(), ApiErrorKind::NotFound);
    let obj = api.error.as_ref().unwrap();
    assert_eq!(obj.message, "No assistant found with id 'x'.");
    assert_eq!(obj.error_type.as_deref(), Some("invalid_request_error"));
    assert!(api.body.contains("invalid_request_error"));
    let shown = err.to_string();
    assert!(shown.contains("404") && shown.contains("No assistant found") && shown.contains("req_404"), "{shown}");
}

#[tokio::test]
async fn rate_limit_kind() {
    let server = server_with(
        ResponseTemplate::new(429).set_body_string(r#"{"error":{"message":"slow","code":"rate_limit_exceeded"}}"#),
    )
    .await;
    let err = builder(&server).max_retries(0).build().unwrap().beta().assistants().retrieve("x").await.unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(err.api_error().unwrap().error.as_ref().unwrap().code.as_deref(), Some("rate_limit_exceeded"));
}

#[tokio::test]
async fn non_json_error_body_is_kept() {
    let server = server_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>")).await;
    let err = client(&server)
        .beta()
        .assistants()
        .retrieve("x")
        .with_options(RequestOptions::new().max_retries(0))
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::InternalServer);
    assert!(api.error.is_none());
    assert_eq!(api.body, "<html>Bad gateway</html>");
    assert!(err.to_string().contains("Bad gateway"));
}

#[tokio::test]
async fn decode_error_names_the_path() {
    let server = server_with(
        ResponseTemplate::new(200)
            .insert_header("x-request-id", "req_dec")
            .set_body_string(r#"{"id": 42, "name": "A"}"#),
    )
    .await;
    let err = client(&server).beta().assistants().retrieve("x").await.unwrap_err();
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.path, "id");
    assert!(d.target.ends_with("Assistant"), "{}", d.target);
    assert_eq!(d.snippet, r#"{"id": 42, "name": "A"}"#);
    assert_eq!(err.request_id(), Some("req_dec"));
    assert_eq!(err.status().unwrap().as_u16(), 200);
    assert!(err.to_string().contains("`id`"), "{err}");
}

#[tokio::test]
async fn decode_error_names_a_nested_path_with_indices() {
    // The third step's `created_at` is text: the error is found from its position in the body.
    let step = |id: &str, created_at: &str| {
        format!(
            r#"{{"id": "{id}", "object": "thread.run.step", "created_at": {created_at}, "run_id": "r",
               "assistant_id": "a", "thread_id": "t", "type": "message_creation", "status": "completed",
               "step_details": {{"type": "message_creation", "message_creation": {{"message_id": "m"}}}}}}"#
        )
    };
    let body = format!(
        "{{\n  \"object\": \"list\",\n  \"data\": [{}, {},\n {}],\n  \"has_more\": false\n}}",
        step("s1", "1"),
        step("s2", "2"),
        step("s3", "\"yesterday\"")
    );
    let server = server_with(ResponseTemplate::new(200).set_body_string(body)).await;
    let err = client(&server)
        .beta()
        .threads()
        .runs()
        .steps()
        .list("t", "r", openai_beta::RunStepListParams::new())
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.path, "data[2].created_at");
    assert!(err.to_string().contains("`data[2].created_at`"), "{err}");
}

#[tokio::test]
async fn lenient_nulls_in_required_fields() {
    let server =
        server_with(ResponseTemplate::new(200).set_body_string(r#"{"id": null, "name": null, "unknown_field": [1]}"#))
            .await;
    let a = client(&server).beta().assistants().retrieve("x").await.unwrap();
    assert_eq!(a.id, "");
}

#[test]
fn config_errors() {
    let err = openai_beta::Client::builder().build().unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.contains("OPENAI_API_KEY")), "{err}");
    let err = openai_beta::Client::builder().api_key("sk-x").base_url("localhost:8080").build().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
}

#[test]
fn secrets_stay_out_of_debug() {
    let c = openai_beta::Client::builder().api_key("sk-super-secret").build().unwrap();
    assert!(!format!("{c:?}").contains("sk-super-secret"));
    let opts = RequestOptions::new().header("Authorization", "Bearer sk-other-secret");
    assert!(!format!("{opts:?}").contains("sk-other-secret"));
}

#[tokio::test]
async fn connection_errors_do_not_show_the_query() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = openai_beta::Client::builder()
        .api_key("sk-test")
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .default_query("key", "query-secret")
        .max_retries(0)
        .build()
        .unwrap();
    let err = c.beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("query-secret") && !shown.contains("sk-test"), "{shown}");
    assert!(shown.contains("/v1/assistants/asst_1"), "{shown}");
}
