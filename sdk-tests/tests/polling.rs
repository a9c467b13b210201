//! Run polling helpers, on a paused clock.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use std::time::Duration;

use common::{client, header, run_json};
use openai_beta::{
    Error, PollOptions, RequestOptions, RunCreateParams, RunStatus, RunSubmitToolOutputsParams,
    ThreadCreateAndRunParams,
};
use serde_json::json;
use tokio::time::Instant;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RUN_PATH: &str = "/v1/threads/thread_1/runs/run_1";

/// Mounts retrieve responses served in order; the last one repeats.
async fn statuses(server: &MockServer, seq: &[(&str, Option<&str>)]) {
    for (i, (status, poll_after)) in seq.iter().enumerate() {
        let mut response = ResponseTemplate::new(200).set_body_json(run_json(status));
        if let Some(ms) = poll_after {
            response = response.insert_header("openai-poll-after-ms", *ms);
        }
        let mut mock = Mock::given(method("GET")).and(path(RUN_PATH)).respond_with(response).with_priority(i as u8 + 1);
        if i + 1 < seq.len() {
            mock = mock.up_to_n_times(1);
        }
        mock.mount(server).await;
    }
}

async fn polls(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap().into_iter().filter(|r| r.method.as_str() == "GET").collect()
}

#[tokio::test(start_paused = true)]
async fn polls_until_terminal_honouring_server_hint() {
    let server = MockServer::start().await;
    statuses(&server, &[("queued", None), ("in_progress", Some("250")), ("cancelling", None), ("completed", None)])
        .await;
    let start = Instant::now();
    let run = client(&server).beta().threads().runs().poll("thread_1", "run_1", PollOptions::new()).await.unwrap();
    assert_eq!(run.status, RunStatus::Completed);
    // 1 s default, 250 ms from the header, 1 s default.
    assert_eq!(start.elapsed(), Duration::from_millis(2250));
    let reqs = polls(&server).await;
    assert_eq!(reqs.len(), 4);
    for r in &reqs {
        assert_eq!(header(r, "x-stainless-poll-helper"), Some("true"));
        assert_eq!(header(r, "x-stainless-custom-poll-interval"), None);
        assert_eq!(header(r, "openai-beta"), Some("assistants=v2"));
    }
}

#[tokio::test(start_paused = true)]
async fn explicit_interval_wins() {
    let server = MockServer::start().await;
    statuses(&server, &[("queued", Some("5000")), ("in_progress", None), ("requires_action", None)]).await;
    let start = Instant::now();
    let run = client(&server)
        .beta()
        .threads()
        .runs()
        .poll("thread_1", "run_1", PollOptions::new().interval(Duration::from_millis(100)))
        .await
        .unwrap();
    assert_eq!(run.status, RunStatus::RequiresAction);
    assert_eq!(start.elapsed(), Duration::from_millis(200));
    assert_eq!(header(&polls(&server).await[0], "x-stainless-custom-poll-interval"), Some("100"));
}

#[tokio::test(start_paused = true)]
async fn every_terminal_status_stops_and_unknown_keeps_polling() {
    for terminal in ["requires_action", "cancelled", "completed", "failed", "expired", "incomplete"] {
        let server = MockServer::start().await;
        statuses(&server, &[("some_future_status", None), (terminal, None)]).await;
        let run = client(&server)
            .beta()
            .threads()
            .runs()
            .poll("thread_1", "run_1", PollOptions::new().interval(Duration::from_millis(10)))
            .await
            .unwrap();
        assert_eq!(serde_json::to_value(&run.status).unwrap(), json!(terminal));
        assert_eq!(polls(&server).await.len(), 2);
    }
}

/// On the real clock: on a paused one, the deadline timer would be auto-advanced while the test
/// waits on the mock server's (real) I/O.
#[tokio::test]
async fn overall_timeout() {
    let server = MockServer::start().await;
    statuses(&server, &[("in_progress", None)]).await;
    let start = Instant::now();
    let err = client(&server)
        .beta()
        .threads()
        .runs()
        .poll(
            "thread_1",
            "run_1",
            PollOptions::new().interval(Duration::from_millis(100)).overall_timeout(Duration::from_millis(350)),
        )
        .await
        .unwrap_err();
    let Error::PollTimeout { waited, last_status } = &err else { panic!("{err:?}") };
    assert_eq!(last_status, "in_progress");
    assert!(*waited >= Duration::from_millis(350) && *waited < Duration::from_secs(2), "{waited:?}");
    assert!(start.elapsed() < Duration::from_secs(2));
    // Polls at about 0, 100, 200 and 300 ms.
    let n = polls(&server).await.len();
    assert!((3..=5).contains(&n), "{n}");
    assert!(err.to_string().contains("in_progress"));
}

#[tokio::test(start_paused = true)]
async fn create_and_poll() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/threads/thread_1/runs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(run_json("queued")))
        .mount(&server)
        .await;
    statuses(&server, &[("in_progress", None), ("completed", None)]).await;
    let start = Instant::now();
    let run = client(&server)
        .beta()
        .threads()
        .runs()
        .create_and_poll(
            "thread_1",
            RunCreateParams::new("asst_1"),
            PollOptions::new().request_options(RequestOptions::new().header("X-Trace", "p")),
        )
        .await
        .unwrap();
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(start.elapsed(), Duration::from_secs(1));
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 3);
    assert!(reqs.iter().all(|r| header(r, "x-trace") == Some("p")));
    assert_eq!(header(&reqs[0], "x-stainless-poll-helper"), None, "the create call is not a poll");
}

fn tool_output(call: &str, output: &str) -> openai_beta::ToolOutput {
    let mut o = openai_beta::ToolOutput::new();
    o.tool_call_id = Some(call.into());
    o.output = Some(output.into());
    o
}

#[tokio::test(start_paused = true)]
async fn submit_tool_outputs_and_poll() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/threads/thread_1/runs/run_1/submit_tool_outputs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(run_json("queued")))
        .mount(&server)
        .await;
    statuses(&server, &[("completed", None)]).await;
    let run = client(&server)
        .beta()
        .threads()
        .runs()
        .submit_tool_outputs_and_poll(
            "thread_1",
            "run_1",
            RunSubmitToolOutputsParams::new(vec![tool_output("call_1", "42")]),
            PollOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(run.status, RunStatus::Completed);
    let submit = &server.received_requests().await.unwrap()[0];
    assert_eq!(common::json_body(submit), json!({"tool_outputs": [{"tool_call_id": "call_1", "output": "42"}]}));
}

#[tokio::test(start_paused = true)]
async fn create_and_run_poll() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/threads/runs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(run_json("queued")))
        .mount(&server)
        .await;
    statuses(&server, &[("failed", None)]).await;
    let run = client(&server)
        .beta()
        .threads()
        .create_and_run_poll(ThreadCreateAndRunParams::new("asst_1"), PollOptions::new())
        .await
        .unwrap();
    assert_eq!(run.status, RunStatus::Failed);
    assert_eq!(polls(&server).await.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn errors_while_polling_are_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string(r#"{"error":{"message":"No run"}}"#))
        .mount(&server)
        .await;
    let err = client(&server).beta().threads().runs().poll("thread_1", "run_1", PollOptions::new()).await.unwrap_err();
    assert!(err.is_not_found());
}

/// `openai-poll-after-ms: 0` would make polling a hot loop: no wait is shorter than 100 ms.
#[tokio::test(start_paused = true)]
async fn a_zero_server_hint_still_waits_the_minimum() {
    let server = MockServer::start().await;
    statuses(&server, &[("queued", Some("0")), ("in_progress", Some("0")), ("completed", None)]).await;
    let start = Instant::now();
    let run = client(&server).beta().threads().runs().poll("thread_1", "run_1", PollOptions::new()).await.unwrap();
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(start.elapsed(), Duration::from_millis(200));
    assert_eq!(polls(&server).await.len(), 3);
}

/// Without an overall timeout the helpers still stop, after 15 minutes (runs expire after 10).
#[tokio::test(start_paused = true)]
async fn polling_has_a_default_overall_deadline() {
    let server = MockServer::start().await;
    statuses(&server, &[("in_progress", Some("60000"))]).await;
    let err = client(&server).beta().threads().runs().poll("thread_1", "run_1", PollOptions::new()).await.unwrap_err();
    let Error::PollTimeout { waited, .. } = &err else { panic!("{err:?}") };
    assert!(*waited >= Duration::from_secs(15 * 60), "{waited:?}");
}
