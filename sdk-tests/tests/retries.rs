//! Retry behaviour, on a paused clock so that backoff and Retry-After cost no real time and
//! their durations can be asserted exactly.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use std::time::Duration;

use common::{builder, client, header};
use openai_beta::{ApiErrorKind, Error, RequestOptions};
use serde_json::json;
use tokio::time::Instant;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const OK_BODY: &str = r#"{"id":"asst_1","name":"A"}"#;

/// Mounts `first` for the first `n` requests, then a 200.
async fn failing_then_ok(server: &MockServer, first: ResponseTemplate, n: u64) {
    Mock::given(method("GET"))
        .and(path("/v1/assistants/asst_1"))
        .respond_with(first)
        .up_to_n_times(n)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/assistants/asst_1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(OK_BODY))
        .with_priority(2)
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test(start_paused = true)]
async fn retryable_statuses_are_retried_with_backoff() {
    for status in [408u16, 409, 429, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        failing_then_ok(&server, ResponseTemplate::new(status), 2).await;
        let start = Instant::now();
        let assistant = client(&server).beta().assistants().retrieve("asst_1").await.unwrap();
        assert_eq!(assistant.id, "asst_1");
        assert_eq!(requests(&server).await, 3, "status {status}");
        // Two backoffs: 0.5 s and 1 s, each shortened by up to 25% jitter.
        let waited = start.elapsed();
        assert!(waited >= Duration::from_millis(1125) && waited <= Duration::from_millis(1500), "{waited:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn non_retryable_statuses_fail_at_once() {
    for status in [400u16, 401, 403, 404, 422] {
        let server = MockServer::start().await;
        failing_then_ok(&server, ResponseTemplate::new(status), 5).await;
        let err = client(&server).beta().assistants().retrieve("asst_1").await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(requests(&server).await, 1, "status {status}");
    }
}

#[tokio::test(start_paused = true)]
async fn gives_up_after_max_retries() {
    let server = MockServer::start().await;
    failing_then_ok(&server, ResponseTemplate::new(503), 100).await;
    let err = client(&server).beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert_eq!(err.api_error().unwrap().kind(), ApiErrorKind::InternalServer);
    assert_eq!(requests(&server).await, 3, "1 attempt + 2 retries by default");
}

#[tokio::test(start_paused = true)]
async fn max_retries_per_client_and_per_request() {
    let server = MockServer::start().await;
    failing_then_ok(&server, ResponseTemplate::new(500), 100).await;
    let c = builder(&server).max_retries(4).build().unwrap();
    assert!(c.beta().assistants().retrieve("asst_1").await.is_err());
    assert_eq!(requests(&server).await, 5);

    server.reset().await;
    failing_then_ok(&server, ResponseTemplate::new(500), 100).await;
    let err =
        c.beta().assistants().retrieve("asst_1").with_options(RequestOptions::new().max_retries(0)).await.unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 500);
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test(start_paused = true)]
async fn x_should_retry_overrides_status() {
    let server = MockServer::start().await;
    failing_then_ok(&server, ResponseTemplate::new(400).insert_header("x-should-retry", "true"), 1).await;
    assert!(client(&server).beta().assistants().retrieve("asst_1").await.is_ok());
    assert_eq!(requests(&server).await, 2);

    let server = MockServer::start().await;
    failing_then_ok(&server, ResponseTemplate::new(503).insert_header("x-should-retry", "false"), 1).await;
    assert!(client(&server).beta().assistants().retrieve("asst_1").await.is_err());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test(start_paused = true)]
async fn retry_after_headers_are_honoured() {
    let cases: [(&str, String, Duration); 3] = [
        ("retry-after-ms", "2500".into(), Duration::from_millis(2500)),
        ("retry-after", "3".into(), Duration::from_secs(3)),
        ("retry-after", "1.5".into(), Duration::from_millis(1500)),
    ];
    for (name, value, expected) in cases {
        let server = MockServer::start().await;
        failing_then_ok(&server, ResponseTemplate::new(429).insert_header(name, value.as_str()), 1).await;
        let start = Instant::now();
        client(&server).beta().assistants().retrieve("asst_1").await.unwrap();
        assert_eq!(start.elapsed(), expected, "{name}: {value}");
    }
}

#[tokio::test(start_paused = true)]
async fn retry_after_http_date() {
    let server = MockServer::start().await;
    let at = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(6));
    failing_then_ok(&server, ResponseTemplate::new(503).insert_header("retry-after", at.as_str()), 1).await;
    let start = Instant::now();
    client(&server).beta().assistants().retrieve("asst_1").await.unwrap();
    // HTTP dates have one-second resolution.
    let waited = start.elapsed();
    assert!(waited > Duration::from_secs(4) && waited <= Duration::from_secs(6), "{waited:?}");
}

#[tokio::test(start_paused = true)]
async fn retry_after_above_cap_falls_back_to_backoff() {
    let server = MockServer::start().await;
    failing_then_ok(&server, ResponseTemplate::new(429).insert_header("retry-after", "120"), 1).await;
    let start = Instant::now();
    client(&server).beta().assistants().retrieve("asst_1").await.unwrap();
    assert!(start.elapsed() <= Duration::from_millis(500), "{:?}", start.elapsed());

    // The cap is configurable.
    let server = MockServer::start().await;
    failing_then_ok(&server, ResponseTemplate::new(429).insert_header("retry-after", "120"), 1).await;
    let start = Instant::now();
    let c = builder(&server).max_retry_after(Duration::from_secs(300)).build().unwrap();
    c.beta().assistants().retrieve("asst_1").await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(120));
}

#[tokio::test(start_paused = true)]
async fn malformed_retry_after_falls_back_to_backoff() {
    for value in ["soon", "0", "-3"] {
        let server = MockServer::start().await;
        failing_then_ok(&server, ResponseTemplate::new(429).insert_header("retry-after", value), 1).await;
        let start = Instant::now();
        client(&server).beta().assistants().retrieve("asst_1").await.unwrap();
        let waited = start.elapsed();
        assert!(waited >= Duration::from_millis(375) && waited <= Duration::from_millis(500), "{value}: {waited:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn retried_request_is_identical_and_counts_retries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/threads/thread_1/runs"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/threads/thread_1/runs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(common::run_json("queued")))
        .with_priority(2)
        .mount(&server)
        .await;
    let params = openai_beta::RunCreateParams::new("asst_1").instructions("be brief");
    client(&server)
        .beta()
        .threads()
        .runs()
        .create("thread_1", params)
        .with_options(RequestOptions::new().body_field("extra", json!({"k": [1, 2]})).header("X-Custom", "kept"))
        .await
        .unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 3);
    // Every header but the retry count, as each attempt sent it (a retry makes them again).
    let others = |req: &wiremock::Request| {
        let mut headers: Vec<(String, String)> = req
            .headers
            .iter()
            .filter(|(name, _)| name.as_str() != "x-stainless-retry-count")
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or_default().to_owned()))
            .collect();
        headers.sort();
        headers
    };
    assert_eq!(header(&reqs[0], "x-custom"), Some("kept"));
    assert_eq!(header(&reqs[0], "content-type"), Some("application/json"));
    for (i, req) in reqs.iter().enumerate() {
        assert_eq!(req.body, reqs[0].body, "same bytes on every attempt");
        assert_eq!(others(req), others(&reqs[0]), "same headers on every attempt");
        assert_eq!(header(req, "x-stainless-retry-count"), Some(i.to_string().as_str()));
        assert_eq!(header(req, "openai-beta"), Some("assistants=v2"));
    }
    assert_eq!(
        common::json_body(&reqs[0]),
        json!({"assistant_id": "asst_1", "instructions": "be brief", "extra": {"k": [1, 2]}})
    );
}

#[tokio::test(start_paused = true)]
async fn connection_errors_are_retried() {
    // A port with nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = openai_beta::Client::builder()
        .api_key("sk-test")
        .base_url(format!("http://127.0.0.1:{port}/v1"))
        .http_client(openai_beta::reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap())
        .no_timeout()
        .build()
        .unwrap();
    let start = Instant::now();
    let err = c.beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(1125) && waited <= Duration::from_millis(1500), "two backoffs: {waited:?}");
}

/// `total_timeout` bounds every attempt and the waits between them together: a server that keeps
/// answering 500 cannot keep the call going through all its retries. On the real clock: a paused
/// one would jump to the deadline while the first request waits on the mock server's I/O.
#[tokio::test]
async fn total_timeout_bounds_the_retries() {
    let server = MockServer::start().await;
    failing_then_ok(&server, ResponseTemplate::new(500), 100).await;
    let err = client(&server)
        .beta()
        .assistants()
        .retrieve("asst_1")
        .with_options(RequestOptions::new().max_retries(10).total_timeout(Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { after: Some(d) } if d == Duration::from_secs(1)), "{err:?}");
    // Backoff waits 0.5 s, then 1 s (each up to 25% shorter): the deadline falls during the
    // second wait, far from the 11 attempts the retries allow.
    let attempts = server.received_requests().await.unwrap().len();
    assert!((1..=3).contains(&attempts), "{attempts}");
}
