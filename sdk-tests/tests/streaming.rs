//! Server-sent events over HTTP: request shape, typed events, errors, termination, and the
//! accumulator and text helpers.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use std::time::Duration;

use common::{client, header, json_body, run_json, sse, sse_response};
use futures_util::{StreamExt, TryStreamExt};
use openai_beta::{AssistantStreamEvent, Error, RequestOptions, RunCreateParams, RunStatus, StreamError};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn stream_server(body: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/threads/thread_1/runs"))
        .respond_with(sse_response(body))
        .mount(&server)
        .await;
    server
}

fn full_run_stream() -> String {
    let run = |s| run_json(s).to_string();
    sse(&[
        ("thread.run.created", &run("queued")),
        ("thread.run.in_progress", &run("in_progress")),
        ("thread.message.created", r#"{"id":"msg_1","object":"thread.message","role":"assistant","content":[]}"#),
        (
            "thread.message.delta",
            r#"{"id":"msg_1","object":"thread.message.delta","delta":{"content":[{"index":0,"type":"text","text":{"value":"Hel","annotations":[]}}]}}"#,
        ),
        (
            "thread.message.delta",
            r#"{"id":"msg_1","object":"thread.message.delta","delta":{"content":[{"index":0,"type":"text","text":{"value":"lo"}}]}}"#,
        ),
        (
            "thread.message.completed",
            r#"{"id":"msg_1","object":"thread.message","role":"assistant","content":[{"type":"text","text":{"value":"Hello","annotations":[]}}]}"#,
        ),
        ("thread.run.brand_new_event", r#"{"anything":1}"#),
        ("thread.run.completed", &run("completed")),
        ("done", "[DONE]"),
    ])
}

/// Starts a run stream against `server` and collects every item, errors included.
async fn collect_run_stream(server: &MockServer) -> Vec<Result<AssistantStreamEvent, Error>> {
    client(server)
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap()
        .collect()
        .await
}

#[tokio::test]
async fn stream_request_shape_and_typed_events() {
    let server = stream_server(full_run_stream()).await;
    let events = client(&server)
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap();
    assert_eq!(events.request_id(), Some("req_stream"));
    assert_eq!(events.status().as_u16(), 200);
    let events: Vec<AssistantStreamEvent> = events.try_collect().await.unwrap();
    assert_eq!(events.len(), 8);
    assert!(matches!(&events[0], AssistantStreamEvent::ThreadRunCreated(_)));
    let first = serde_json::to_value(&events[0]).unwrap();
    assert_eq!((&first["event"], &first["data"]["status"]), (&json!("thread.run.created"), &json!("queued")));
    assert!(matches!(&events[6], AssistantStreamEvent::Unknown(v) if v["event"] == "thread.run.brand_new_event"));
    assert!(matches!(&events[7], AssistantStreamEvent::ThreadRunCompleted(_)));

    let req = &server.received_requests().await.unwrap()[0];
    assert_eq!(header(req, "accept"), Some("text/event-stream"));
    assert_eq!(header(req, "openai-beta"), Some("assistants=v2"));
    assert_eq!(json_body(req), json!({"assistant_id": "asst_1", "stream": true}));
}

#[tokio::test]
async fn http_errors_surface_before_the_first_event() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-request-id", "req_bad")
                .set_body_string(r#"{"error":{"message":"bad assistant"}}"#),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 400);
    assert_eq!(err.request_id(), Some("req_bad"));
}

#[tokio::test(start_paused = true)]
async fn stream_requests_are_retried_like_others() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(sse_response(full_run_stream())).with_priority(2).mount(&server).await;
    let events: Vec<_> = collect_run_stream(&server).await;
    assert_eq!(events.len(), 8);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn error_event_ends_the_stream_with_a_typed_error() {
    let body = sse(&[
        ("thread.run.created", &run_json("queued").to_string()),
        ("error", r#"{"error":{"message":"The server had an error","type":"server_error","code":"server_error"}}"#),
        ("thread.run.completed", &run_json("completed").to_string()),
    ]);
    let server = stream_server(body).await;
    let items: Vec<_> = collect_run_stream(&server).await;
    assert_eq!(items.len(), 2);
    let err = items[1].as_ref().unwrap_err();
    let Error::Stream(StreamError::ErrorEvent { error, .. }) = err else { panic!("{err:?}") };
    assert_eq!(error.message, "The server had an error");
    assert_eq!(error.code.as_deref(), Some("server_error"));
    assert_eq!(err.request_id(), Some("req_stream"));
}

#[tokio::test]
async fn stream_cut_before_done_is_an_error() {
    let body = sse(&[("thread.run.created", &run_json("queued").to_string())])
        + "event: thread.run.in_progress\ndata: {\"id\"";
    let server = stream_server(body).await;
    let mut events = client(&server)
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap();
    assert!(events.next().await.unwrap().is_ok());
    assert!(matches!(events.next().await, Some(Err(Error::Stream(StreamError::Incomplete)))));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn oversized_event_is_refused() {
    let big = format!(r#"{{"id":"msg_1","content":[],"pad":"{}"}}"#, "x".repeat(4096));
    let server = stream_server(sse(&[("thread.message.created", &big), ("done", "[DONE]")])).await;
    let c = common::builder(&server).max_event_size(1024).build().unwrap();
    let items: Vec<_> = c
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(matches!(&items[0], Err(Error::Stream(StreamError::EventTooLarge { limit: 1024 }))));
}

#[tokio::test]
async fn stream_timeout_covers_waiting_for_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sse_response(full_run_stream()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let err = client(&server)
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .with_options(RequestOptions::new().timeout(Duration::from_millis(100)).max_retries(0))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn accumulate_into_final_run_and_messages() {
    let server = stream_server(full_run_stream()).await;
    let acc = client(&server)
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap()
        .accumulate()
        .await
        .unwrap();
    let run = acc.final_run().unwrap().unwrap();
    assert_eq!(run.status, RunStatus::Completed);
    let messages = acc.final_messages().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(serde_json::to_value(&messages[0]).unwrap()["content"][0]["text"]["value"], "Hello");
    assert!(acc.final_run_steps().unwrap().is_empty());
}

#[tokio::test]
async fn accumulator_merges_deltas_without_completed_events() {
    // No `thread.message.completed`: the snapshot comes from the deltas alone.
    let body = sse(&[
        ("thread.message.created", r#"{"id":"msg_1","role":"assistant","content":[]}"#),
        (
            "thread.message.delta",
            r#"{"id":"msg_1","delta":{"content":[{"index":0,"type":"text","text":{"value":"a"}}]}}"#,
        ),
        (
            "thread.message.delta",
            r#"{"id":"msg_1","delta":{"content":[{"index":0,"type":"text","text":{"value":"b"}}]}}"#,
        ),
        ("thread.run.step.created", r#"{"id":"step_1","step_details":{"type":"tool_calls","tool_calls":[]}}"#),
        (
            "thread.run.step.delta",
            r#"{"id":"step_1","delta":{"step_details":{"type":"tool_calls","tool_calls":[{"index":0,"type":"function","function":{"name":"f","arguments":"{\"x\""}}]}}}"#,
        ),
        (
            "thread.run.step.delta",
            r#"{"id":"step_1","delta":{"step_details":{"type":"tool_calls","tool_calls":[{"index":0,"type":"function","function":{"arguments":":1}"}}]}}}"#,
        ),
        ("done", "[DONE]"),
    ]);
    let server = stream_server(body).await;
    let events = client(&server)
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap();
    let mut acc = openai_beta::RunAccumulator::new();
    acc.consume(events).await.unwrap();
    let message = serde_json::to_value(&acc.final_messages().unwrap()[0]).unwrap();
    assert_eq!(message["content"][0]["text"]["value"], "ab");
    let step = serde_json::to_value(&acc.final_run_steps().unwrap()[0]).unwrap();
    assert_eq!(step["step_details"]["tool_calls"][0]["function"]["arguments"], "{\"x\":1}");
    assert!(acc.final_run().unwrap().is_none());
}

#[tokio::test]
async fn text_deltas() {
    let server = stream_server(full_run_stream()).await;
    let text: Vec<String> = client(&server)
        .beta()
        .threads()
        .runs()
        .create_stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap()
        .text_deltas()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(text, ["Hel", "lo"]);
}

#[tokio::test]
async fn dropping_the_stream_early_is_fine() {
    let server = stream_server(full_run_stream()).await;
    let c = client(&server);
    let mut events = c.beta().threads().runs().create_stream("thread_1", RunCreateParams::new("asst_1")).await.unwrap();
    assert!(events.next().await.unwrap().is_ok());
    drop(events);
    // The client keeps working after a stream was dropped mid-way.
    assert!(c.beta().threads().runs().create_stream("thread_1", RunCreateParams::new("a")).await.is_ok());
}
