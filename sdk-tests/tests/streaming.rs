//! Server-sent events over HTTP: request shape, typed events, errors, termination, and the
//! accumulator and text helpers.
// The Assistants operations are deprecated by the API; the runtime still serves them.
#![allow(deprecated)]

mod common;

use std::time::Duration;

use common::{client, header, json_body, run_json, sse, sse_response};
use futures_util::{StreamExt, TryStreamExt};
use openai_beta::{
    Annotation, AnnotationDelta, AssistantStreamEvent, CodeInterpreterToolCallCodeInterpreterOutput,
    CodeInterpreterToolCallDeltaCodeInterpreterOutput, Error, EventStream, ImageFileDetail, MessageContent,
    MessageContentDelta, MessageDeltaEvent, MessageRole, Nullable, RequestOptions, RunCreateParams, RunStatus,
    RunStepDeltaDetails, RunStepDeltaEvent, RunStepDetails, StreamError, StreamRequest, ToolCall, ToolCallDelta,
};
use serde_json::{json, Value};
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

/// The streamed run every test starts (`runs.create_stream`), not yet sent.
fn run_stream_request(client: &openai_beta::Client) -> StreamRequest<AssistantStreamEvent> {
    client.beta().threads().runs().create_stream("thread_1", RunCreateParams::new("asst_1"))
}

/// Starts a run stream against `server`; the call itself must succeed.
async fn open_run_stream(server: &MockServer) -> EventStream<AssistantStreamEvent> {
    run_stream_request(&client(server)).await.unwrap()
}

/// Starts a run stream against `server` and collects every item, errors included.
async fn collect_run_stream(server: &MockServer) -> Vec<Result<AssistantStreamEvent, Error>> {
    open_run_stream(server).await.collect().await
}

#[tokio::test]
async fn stream_request_shape_and_typed_events() {
    let server = stream_server(full_run_stream()).await;
    let events = open_run_stream(&server).await;
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
    let err = run_stream_request(&client(&server)).await.unwrap_err();
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
    let mut events = open_run_stream(&server).await;
    assert!(events.next().await.unwrap().is_ok());
    assert!(matches!(events.next().await, Some(Err(Error::Stream(StreamError::Incomplete)))));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn oversized_event_is_refused() {
    let big = format!(r#"{{"id":"msg_1","content":[],"pad":"{}"}}"#, "x".repeat(4096));
    let server = stream_server(sse(&[("thread.message.created", &big), ("done", "[DONE]")])).await;
    let c = common::builder(&server).max_event_size(1024).build().unwrap();
    let items: Vec<_> = run_stream_request(&c).await.unwrap().collect().await;
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
    let err = run_stream_request(&client(&server))
        .with_options(RequestOptions::new().timeout(Duration::from_millis(100)).max_retries(0))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn accumulate_into_final_run_and_messages() {
    let server = stream_server(full_run_stream()).await;
    let acc = open_run_stream(&server).await.accumulate().await.unwrap();
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
    let events = open_run_stream(&server).await;
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
    let text: Vec<String> = open_run_stream(&server).await.text_deltas().try_collect().await.unwrap();
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

/// A run that uses every delta kind the spec defines, in the shapes of `spec/openapi.yaml`:
///
/// * run step `step_tools` (`tool_calls`): a code interpreter call whose input comes in two
///   pieces and whose outputs are logs (index 0, in two pieces, the second after the image
///   arrived) and an image (index 1); a file search call; a function call whose arguments come
///   in three pieces;
/// * run step `step_message` (`message_creation`), whose message ID comes in a delta;
/// * message `msg_1`: text (index 0, in three pieces) with a file citation annotation (index 0,
///   completed by a later delta) and a file path annotation (index 1), an image file (index 1)
///   and an image URL (index 2) in one delta, and a refusal (index 3, in two pieces).
///
/// The `*.completed` events of the message and steps are left out so that the accumulated
/// snapshots come from the deltas alone.
fn every_delta_kind_stream() -> String {
    let step = |id: &str, kind: &str, details: Value| {
        json!({
            "id": id, "object": "thread.run.step", "created_at": 1, "run_id": "run_1", "assistant_id": "asst_1",
            "thread_id": "thread_1", "type": kind, "status": "in_progress", "step_details": details
        })
        .to_string()
    };
    let step_delta = |id: &str, details: Value| {
        json!({"id": id, "object": "thread.run.step.delta", "delta": {"step_details": details}}).to_string()
    };
    let tool_calls = |calls: Value| step_delta("step_tools", json!({"type": "tool_calls", "tool_calls": calls}));
    let code = |code: Value| tool_calls(json!([{"index": 0, "type": "code_interpreter", "code_interpreter": code}]));
    let function = |function: Value| tool_calls(json!([{"index": 2, "type": "function", "function": function}]));
    let content = |blocks: Value| {
        json!({"id": "msg_1", "object": "thread.message.delta", "delta": {"content": blocks}}).to_string()
    };
    let text = |value: &str, annotations: Value| {
        content(json!([{"index": 0, "type": "text", "text": {"value": value, "annotations": annotations}}]))
    };
    let message = json!({
        "id": "msg_1", "object": "thread.message", "created_at": 1, "thread_id": "thread_1", "run_id": "run_1",
        "assistant_id": "asst_1", "role": "assistant", "status": "in_progress", "content": [], "attachments": [],
        "metadata": {}, "completed_at": null, "incomplete_at": null, "incomplete_details": null
    });
    let events = [
        ("thread.run.created", run_json("queued").to_string()),
        ("thread.run.in_progress", run_json("in_progress").to_string()),
        ("thread.run.step.created", step("step_tools", "tool_calls", json!({"type": "tool_calls", "tool_calls": []}))),
        (
            "thread.run.step.delta",
            tool_calls(json!([{
                "index": 0, "type": "code_interpreter", "id": "call_ci",
                "code_interpreter": {"input": "import math\n", "outputs": []}
            }])),
        ),
        ("thread.run.step.delta", code(json!({"input": "print(math.pi)"}))),
        ("thread.run.step.delta", code(json!({"outputs": [{"index": 0, "type": "logs", "logs": "3.14159"}]}))),
        (
            "thread.run.step.delta",
            code(json!({"outputs": [{"index": 1, "type": "image", "image": {"file_id": "file_plot"}}]})),
        ),
        ("thread.run.step.delta", code(json!({"outputs": [{"index": 0, "type": "logs", "logs": "2653589793\n"}]}))),
        (
            "thread.run.step.delta",
            tool_calls(json!([{"index": 1, "type": "file_search", "id": "call_fs", "file_search": {}}])),
        ),
        (
            "thread.run.step.delta",
            tool_calls(json!([{
                "index": 2, "type": "function", "id": "call_fn",
                "function": {"name": "lookup", "arguments": "", "output": null}
            }])),
        ),
        ("thread.run.step.delta", function(json!({"arguments": "{\"q\":"}))),
        ("thread.run.step.delta", function(json!({"arguments": "\"pi\"}"}))),
        ("thread.run.step.created", step("step_message", "message_creation", json!({"type": "message_creation"}))),
        (
            "thread.run.step.delta",
            step_delta(
                "step_message",
                json!({"type": "message_creation", "message_creation": {"message_id": "msg_1"}}),
            ),
        ),
        ("thread.message.created", message.to_string()),
        ("thread.message.delta", text("Pi is about 3.14", json!([]))),
        (
            "thread.message.delta",
            text(
                "[1]",
                json!([{
                    "index": 0, "type": "file_citation", "text": "[1]", "start_index": 16, "end_index": 19,
                    "file_citation": {"file_id": "file_paper"}
                }]),
            ),
        ),
        (
            "thread.message.delta",
            text(
                "; see sandbox:/mnt/data/pi.png",
                json!([
                    {"index": 0, "type": "file_citation", "file_citation": {"quote": "pi = 3.14159"}},
                    {
                        "index": 1, "type": "file_path", "text": "sandbox:/mnt/data/pi.png", "start_index": 25,
                        "end_index": 49, "file_path": {"file_id": "file_png"}
                    }
                ]),
            ),
        ),
        (
            "thread.message.delta",
            content(json!([
                {"index": 1, "type": "image_file", "image_file": {"file_id": "file_png", "detail": "low"}},
                {"index": 2, "type": "image_url", "image_url": {"url": "https://example.com/pi.png", "detail": "high"}}
            ])),
        ),
        ("thread.message.delta", content(json!([{"index": 3, "type": "refusal", "refusal": "I can't share "}]))),
        ("thread.message.delta", content(json!([{"index": 3, "type": "refusal", "refusal": "the whole paper."}]))),
        ("thread.run.completed", run_json("completed").to_string()),
        ("done", "[DONE]".to_owned()),
    ];
    sse(&events.iter().map(|(name, data)| (*name, data.as_str())).collect::<Vec<_>>())
}

/// The tool call deltas of a `tool_calls` run step delta.
fn tool_call_deltas(event: &RunStepDeltaEvent) -> &[ToolCallDelta] {
    match &event.delta.step_details {
        Some(RunStepDeltaDetails::ToolCalls(details)) => details.tool_calls.as_deref().unwrap_or_default(),
        other => panic!("not a tool_calls delta: {other:?}"),
    }
}

/// The content deltas of a message delta.
fn content_deltas(event: &MessageDeltaEvent) -> &[MessageContentDelta] {
    event.delta.content.as_deref().unwrap_or_default()
}

/// Each delta of every kind the spec defines decodes to its own typed variant (never the
/// `Unknown` fallback), with the fields a user reads: indexes, IDs, text pieces, annotation
/// spans, image references, tool call inputs, outputs and arguments.
#[tokio::test]
async fn every_delta_kind_decodes_to_its_typed_variant() {
    let server = stream_server(every_delta_kind_stream()).await;
    let events: Vec<AssistantStreamEvent> = open_run_stream(&server).await.try_collect().await.unwrap();
    assert_eq!(events.len(), 22);
    assert!(!events.iter().any(|e| matches!(e, AssistantStreamEvent::Unknown(_))), "{events:#?}");
    let steps: Vec<&RunStepDeltaEvent> = events
        .iter()
        .filter_map(|e| match e {
            AssistantStreamEvent::ThreadRunStepDelta(e) => Some(&e.data),
            _ => None,
        })
        .collect();
    let messages: Vec<&MessageDeltaEvent> = events
        .iter()
        .filter_map(|e| match e {
            AssistantStreamEvent::ThreadMessageDelta(e) => Some(&e.data),
            _ => None,
        })
        .collect();
    assert_eq!((steps.len(), messages.len()), (10, 6));

    // Run step deltas: the step they belong to, and the tool calls by kind.
    assert!(steps[..9].iter().all(|s| s.id == "step_tools" && s.object == "thread.run.step.delta"));
    let [ToolCallDelta::CodeInterpreter(call)] = tool_call_deltas(steps[0]) else { panic!("{:?}", steps[0]) };
    let code = call.code_interpreter.as_ref().unwrap();
    assert_eq!((call.index, call.id.as_deref()), (0, Some("call_ci")));
    assert_eq!((code.input.as_deref(), code.outputs.as_deref()), (Some("import math\n"), Some(&[][..])));
    let [ToolCallDelta::CodeInterpreter(call)] = tool_call_deltas(steps[1]) else { panic!("{:?}", steps[1]) };
    assert_eq!(call.code_interpreter.as_ref().unwrap().input.as_deref(), Some("print(math.pi)"));
    assert_eq!(call.id, None);
    let [ToolCallDelta::CodeInterpreter(call)] = tool_call_deltas(steps[2]) else { panic!("{:?}", steps[2]) };
    let [CodeInterpreterToolCallDeltaCodeInterpreterOutput::Logs(logs)] =
        call.code_interpreter.as_ref().unwrap().outputs.as_deref().unwrap()
    else {
        panic!("{call:?}")
    };
    assert_eq!((logs.index, logs.logs.as_deref()), (0, Some("3.14159")));
    let [ToolCallDelta::CodeInterpreter(call)] = tool_call_deltas(steps[3]) else { panic!("{:?}", steps[3]) };
    let [CodeInterpreterToolCallDeltaCodeInterpreterOutput::Image(image)] =
        call.code_interpreter.as_ref().unwrap().outputs.as_deref().unwrap()
    else {
        panic!("{call:?}")
    };
    assert_eq!((image.index, image.image.as_ref().unwrap().file_id.as_deref()), (1, Some("file_plot")));
    let [ToolCallDelta::FileSearch(search)] = tool_call_deltas(steps[5]) else { panic!("{:?}", steps[5]) };
    assert_eq!((search.index, search.id.as_deref()), (1, Some("call_fs")));
    assert!(search.file_search.is_empty());
    let [ToolCallDelta::Function(call)] = tool_call_deltas(steps[6]) else { panic!("{:?}", steps[6]) };
    let function = call.function.as_ref().unwrap();
    assert_eq!((call.index, call.id.as_deref()), (2, Some("call_fn")));
    assert_eq!((function.name.as_deref(), function.arguments.as_deref()), (Some("lookup"), Some("")));
    assert_eq!(function.output, Some(Nullable::Null), "a present `null` output stays distinct from absence");
    let [ToolCallDelta::Function(call)] = tool_call_deltas(steps[7]) else { panic!("{:?}", steps[7]) };
    let function = call.function.as_ref().unwrap();
    assert_eq!((function.name.as_deref(), function.arguments.as_deref()), (None, Some("{\"q\":")));
    assert_eq!(function.output, None);
    assert_eq!(steps[9].id, "step_message");
    let Some(RunStepDeltaDetails::MessageCreation(creation)) = &steps[9].delta.step_details else {
        panic!("{:?}", steps[9])
    };
    assert_eq!(creation.r#type, "message_creation");
    assert_eq!(creation.message_creation.as_ref().unwrap().message_id.as_deref(), Some("msg_1"));

    // Message deltas: content blocks by kind, text with its annotations.
    assert!(messages.iter().all(|m| m.id == "msg_1" && m.object == "thread.message.delta"));
    let [MessageContentDelta::Text(block)] = content_deltas(messages[0]) else { panic!("{:?}", messages[0]) };
    let text = block.text.as_ref().unwrap();
    assert_eq!((block.index, text.value.as_deref()), (0, Some("Pi is about 3.14")));
    assert_eq!(text.annotations.as_deref(), Some(&[][..]));
    let [MessageContentDelta::Text(block)] = content_deltas(messages[1]) else { panic!("{:?}", messages[1]) };
    let text = block.text.as_ref().unwrap();
    assert_eq!(text.value.as_deref(), Some("[1]"));
    let [AnnotationDelta::FileCitation(citation)] = text.annotations.as_deref().unwrap() else { panic!("{text:?}") };
    assert_eq!((citation.index, citation.text.as_deref()), (0, Some("[1]")));
    assert_eq!((citation.start_index, citation.end_index), (Some(16), Some(19)));
    assert_eq!(citation.file_citation.as_ref().unwrap().file_id.as_deref(), Some("file_paper"));
    let [MessageContentDelta::Text(block)] = content_deltas(messages[2]) else { panic!("{:?}", messages[2]) };
    let text = block.text.as_ref().unwrap();
    let [AnnotationDelta::FileCitation(citation), AnnotationDelta::FilePath(path)] =
        text.annotations.as_deref().unwrap()
    else {
        panic!("{text:?}")
    };
    assert_eq!((citation.index, citation.text.as_deref(), citation.start_index), (0, None, None));
    assert_eq!(citation.file_citation.as_ref().unwrap().quote.as_deref(), Some("pi = 3.14159"));
    assert_eq!((path.index, path.text.as_deref()), (1, Some("sandbox:/mnt/data/pi.png")));
    assert_eq!((path.start_index, path.end_index), (Some(25), Some(49)));
    assert_eq!(path.file_path.as_ref().unwrap().file_id.as_deref(), Some("file_png"));
    let [MessageContentDelta::ImageFile(file), MessageContentDelta::ImageUrl(url)] = content_deltas(messages[3]) else {
        panic!("{:?}", messages[3])
    };
    let (file_image, url_image) = (file.image_file.as_ref().unwrap(), url.image_url.as_ref().unwrap());
    assert_eq!((file.index, file_image.file_id.as_deref()), (1, Some("file_png")));
    assert_eq!(file_image.detail, Some(ImageFileDetail::Low));
    assert_eq!((url.index, url_image.url.as_deref()), (2, Some("https://example.com/pi.png")));
    assert_eq!(url_image.detail, Some(ImageFileDetail::High));
    let [MessageContentDelta::Refusal(refusal)] = content_deltas(messages[4]) else { panic!("{:?}", messages[4]) };
    assert_eq!((refusal.index, refusal.refusal.as_deref()), (3, Some("I can't share ")));
}

/// The accumulator folds every delta kind with the official SDKs' merge rules: strings are
/// appended, `index`/`type` are replaced (never concatenated), list entries are merged by their
/// `index` (content blocks, annotations, tool calls, code interpreter outputs), so that the
/// final message and run steps are what the API would return at the end of the run.
#[tokio::test]
async fn accumulator_folds_every_delta_kind() {
    let server = stream_server(every_delta_kind_stream()).await;
    let acc = open_run_stream(&server).await.accumulate().await.unwrap();
    assert_eq!(acc.final_run().unwrap().unwrap().status, RunStatus::Completed);

    let messages = acc.final_messages().unwrap();
    let [message] = &messages[..] else { panic!("{messages:#?}") };
    assert_eq!((message.id.as_str(), &message.role), ("msg_1", &MessageRole::Assistant));
    let [MessageContent::Text(text), MessageContent::ImageFile(file), MessageContent::ImageUrl(url), MessageContent::Refusal(refusal)] =
        &message.content[..]
    else {
        panic!("{:#?}", message.content)
    };
    // Text pieces appended, in order; annotations merged by index: the citation's later delta
    // completes entry 0 (its span and file are kept), the file path becomes entry 1.
    assert_eq!(text.r#type, "text");
    let value = &text.text.value;
    assert_eq!(value, "Pi is about 3.14[1]; see sandbox:/mnt/data/pi.png");
    let [Annotation::FileCitation(citation), Annotation::FilePath(path)] = &text.text.annotations[..] else {
        panic!("{:#?}", text.text.annotations)
    };
    assert_eq!((&*citation.r#type, citation.text.as_str()), ("file_citation", "[1]"));
    assert_eq!((citation.start_index, citation.end_index), (16, 19));
    assert_eq!(&value[citation.start_index as usize..citation.end_index as usize], citation.text);
    assert_eq!(citation.file_citation.file_id, "file_paper");
    assert_eq!(citation.file_citation.extra.get("quote"), Some(&json!("pi = 3.14159")));
    assert_eq!((&*path.r#type, path.text.as_str()), ("file_path", "sandbox:/mnt/data/pi.png"));
    assert_eq!(&value[path.start_index as usize..path.end_index as usize], path.text);
    assert_eq!(path.file_path.file_id, "file_png");
    // Blocks at other indexes are kept whole and in order; the refusal's pieces appended.
    assert_eq!((file.image_file.file_id.as_str(), &file.image_file.detail), ("file_png", &Some(ImageFileDetail::Low)));
    assert_eq!(
        (url.image_url.url.as_str(), &url.image_url.detail),
        ("https://example.com/pi.png", &Some(ImageFileDetail::High))
    );
    assert_eq!(refusal.refusal, "I can't share the whole paper.");
    assert_eq!(refusal.r#type, "refusal");

    let steps = acc.final_run_steps().unwrap();
    let [tools, creation] = &steps[..] else { panic!("{steps:#?}") };
    assert_eq!((tools.id.as_str(), creation.id.as_str()), ("step_tools", "step_message"));
    let RunStepDetails::ToolCalls(details) = &tools.step_details else { panic!("{:#?}", tools.step_details) };
    assert_eq!(details.r#type, "tool_calls");
    let [ToolCall::CodeInterpreter(code), ToolCall::FileSearch(search), ToolCall::Function(function)] =
        &details.tool_calls[..]
    else {
        panic!("{:#?}", details.tool_calls)
    };
    // Code interpreter: the two input deltas concatenated; outputs merged by their own index,
    // so the logs' second piece lands on entry 0 even though the image (entry 1) came between.
    assert_eq!((code.id.as_str(), &*code.r#type), ("call_ci", "code_interpreter"));
    assert_eq!(code.code_interpreter.input, "import math\nprint(math.pi)");
    let [CodeInterpreterToolCallCodeInterpreterOutput::Logs(logs), CodeInterpreterToolCallCodeInterpreterOutput::Image(image)] =
        &code.code_interpreter.outputs[..]
    else {
        panic!("{:#?}", code.code_interpreter.outputs)
    };
    assert_eq!((&*logs.r#type, logs.logs.as_str()), ("logs", "3.141592653589793\n"));
    assert_eq!((&*image.r#type, image.image.file_id.as_str()), ("image", "file_plot"));
    assert_eq!((search.id.as_str(), &*search.r#type), ("call_fs", "file_search"));
    // Function: arguments concatenated across three deltas; the name is not repeated; the
    // output stays `null` until submitted.
    assert_eq!((function.id.as_str(), function.function.name.as_str()), ("call_fn", "lookup"));
    assert_eq!(function.function.arguments, r#"{"q":"pi"}"#);
    assert_eq!(function.function.output, None);
    // Message creation: the delta fills in the message ID; `type` is replaced, not appended.
    let RunStepDetails::MessageCreation(details) = &creation.step_details else {
        panic!("{:#?}", creation.step_details)
    };
    assert_eq!(details.r#type, "message_creation");
    assert_eq!(details.message_creation.message_id, "msg_1");
}

/// `text_deltas` yields only the text pieces of message deltas: refusal and image blocks are
/// not text, and the other events are skipped.
#[tokio::test]
async fn text_deltas_skip_other_content_kinds() {
    let server = stream_server(every_delta_kind_stream()).await;
    let text: Vec<String> = open_run_stream(&server).await.text_deltas().try_collect().await.unwrap();
    assert_eq!(text, ["Pi is about 3.14", "[1]", "; see sandbox:/mnt/data/pi.png"]);
}

/// One accessor catches "any event that carries a run" (or a step, a message, text), so a
/// stream loop needs no arm per event name.
#[test]
fn event_accessors_reach_the_run_step_message_and_text() {
    let event = |name: &str, data: Value| -> AssistantStreamEvent {
        openai_beta::de::from_value(&json!({"event": name, "data": data})).unwrap()
    };
    for (name, status, terminal) in [
        ("thread.run.created", "queued", false),
        ("thread.run.in_progress", "in_progress", false),
        ("thread.run.requires_action", "requires_action", true),
        ("thread.run.completed", "completed", true),
        ("thread.run.failed", "failed", true),
    ] {
        let e = event(name, run_json(status));
        assert_eq!(e.run().map(|r| r.id.as_str()), Some("run_1"), "{name}");
        assert_eq!(e.is_terminal(), terminal, "{name}");
        assert!(e.message().is_none() && e.run_step().is_none() && e.text_delta().is_none());
    }
    let step = event(
        "thread.run.step.completed",
        json!({"id": "step_1", "object": "thread.run.step", "run_id": "run_1", "type": "message_creation", "status": "completed"}),
    );
    assert_eq!(step.run_step().map(|s| s.id.as_str()), Some("step_1"));
    assert!(step.run().is_none() && !step.is_terminal());
    let message = event(
        "thread.message.created",
        json!({"id": "msg_1", "object": "thread.message", "role": "assistant", "content": [], "status": "in_progress"}),
    );
    assert_eq!(message.message().map(|m| m.id.as_str()), Some("msg_1"));
    let delta = event(
        "thread.message.delta",
        json!({"id": "msg_1", "object": "thread.message.delta", "delta": {"content": [
            {"index": 0, "type": "text", "text": {"value": "Hel"}},
            {"index": 1, "type": "image_file", "image_file": {"file_id": "f"}},
            {"index": 2, "type": "text", "text": {"value": "lo"}}
        ]}}),
    );
    assert_eq!(delta.text_delta().as_deref(), Some("Hello"));
    let error =
        event("error", json!({"code": "server_error", "message": "boom", "param": null, "type": "server_error"}));
    assert!(matches!(error, AssistantStreamEvent::Error(_)) && error.is_terminal());
    assert!(RunStatus::Expired.is_terminal() && !RunStatus::Cancelling.is_terminal());
}

/// A run in `requires_action`, asking for one call `call_1` of `function` with `arguments`.
fn run_requiring(function: &str, arguments: &str) -> Value {
    let mut run = run_json("requires_action");
    run["required_action"] = json!({"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": function, "arguments": arguments}}
    ]}});
    run
}

fn text_delta_json(text: &str) -> String {
    json!({"id": "msg_1", "object": "thread.message.delta", "delta": {"content": [
        {"index": 0, "type": "text", "text": {"value": text}}
    ]}})
    .to_string()
}

/// A run that asks for a tool: the handler's outputs are submitted and the run's events go on
/// in the same stream, with the text and the snapshot kept across both legs.
#[tokio::test]
async fn run_stream_answers_tool_calls_in_the_same_loop() {
    let requires_action = run_requiring("get_weather", "{\"city\":\"Paris\"}");
    let message =
        json!({"id": "msg_1", "object": "thread.message", "role": "assistant", "content": [], "status": "in_progress"});
    let first = sse(&[
        ("thread.run.created", &run_json("queued").to_string()),
        ("thread.message.created", &message.to_string()),
        ("thread.message.delta", &text_delta_json("It is ")),
        ("thread.run.requires_action", &requires_action.to_string()),
    ]) + "event: done\ndata: [DONE]\n\n";
    let second = sse(&[
        ("thread.message.delta", &text_delta_json("22C.")),
        ("thread.run.completed", &run_json("completed").to_string()),
    ]) + "event: done\ndata: [DONE]\n\n";
    let server = stream_server(first).await;
    Mock::given(method("POST"))
        .and(path("/v1/threads/thread_1/runs/run_1/submit_tool_outputs"))
        .respond_with(sse_response(second))
        .mount(&server)
        .await;

    let seen_calls = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorder = seen_calls.clone();
    let mut run = client(&server)
        .beta()
        .threads()
        .runs()
        .stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap()
        .on_tool_calls(move |calls| {
            recorder.lock().unwrap().extend(calls.iter().map(|c| (c.id.clone(), c.function.name.clone())));
            async move {
                Ok(calls.iter().map(|c| openai_beta::ToolOutput::new().tool_call_id(&c.id).output("22C")).collect())
            }
        });
    let mut names = Vec::new();
    while let Some(event) = run.next().await {
        let event = event.unwrap();
        names.push(serde_json::to_value(&event).unwrap()["event"].as_str().unwrap_or_default().to_owned());
    }
    assert_eq!(
        names,
        [
            "thread.run.created",
            "thread.message.created",
            "thread.message.delta",
            "thread.run.requires_action",
            "thread.message.delta",
            "thread.run.completed"
        ]
    );
    assert_eq!(*seen_calls.lock().unwrap(), [("call_1".to_owned(), "get_weather".to_owned())]);
    assert_eq!(run.final_text(), "It is 22C.");
    assert_eq!(run.final_run().unwrap().unwrap().status, RunStatus::Completed);
    let messages = run.final_messages().unwrap();
    assert_eq!(messages.len(), 1);

    let reqs = server.received_requests().await.unwrap();
    let submit = reqs.iter().find(|r| r.url.path().ends_with("/submit_tool_outputs")).expect("outputs submitted");
    assert_eq!(
        json_body(submit),
        json!({"tool_outputs": [{"tool_call_id": "call_1", "output": "22C"}], "stream": true})
    );
}

/// Without a handler the stream ends at `requires_action`, as the server's stream does; a
/// failing handler ends it with the handler's error, and nothing is submitted.
#[tokio::test]
async fn run_stream_without_or_with_a_failing_handler() {
    let requires_action = run_requiring("f", "{}");
    let body = sse(&[("thread.run.requires_action", &requires_action.to_string())]) + "event: done\ndata: [DONE]\n\n";
    let server = stream_server(body).await;
    let c = client(&server);
    let mut run = c.beta().threads().runs().stream("thread_1", RunCreateParams::new("asst_1")).await.unwrap();
    run.until_done().await.unwrap();
    assert_eq!(run.final_run().unwrap().unwrap().status, RunStatus::RequiresAction);

    let mut run = c
        .beta()
        .threads()
        .runs()
        .stream("thread_1", RunCreateParams::new("asst_1"))
        .await
        .unwrap()
        .on_tool_calls(|_| async { Err(Error::InvalidRequest("the weather service is down".into())) });
    let err = run.until_done().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("weather")), "{err:?}");
    let reqs = server.received_requests().await.unwrap();
    assert!(reqs.iter().all(|r| !r.url.path().ends_with("/submit_tool_outputs")));
}

/// The deadline bounds the whole run: once it has passed the stream yields `Error::Timeout`
/// and ends, whatever the server still has to send; a deadline that is not reached changes
/// nothing.
#[tokio::test]
async fn run_stream_deadline_ends_the_run() {
    let body = sse(&[
        ("thread.run.in_progress", &run_json("in_progress").to_string()),
        ("thread.run.completed", &run_json("completed").to_string()),
    ]) + "event: done\ndata: [DONE]\n\n";
    let server = stream_server(body).await;
    let c = client(&server);
    let runs = c.beta().threads().runs();
    let mut run = runs.stream("thread_1", RunCreateParams::new("asst_1")).await.unwrap().deadline(Duration::ZERO);
    let err = run.until_done().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { after: Some(d) } if d == Duration::ZERO), "{err:?}");
    assert!(run.next().await.is_none(), "the stream ends after the deadline");

    let mut run =
        runs.stream("thread_1", RunCreateParams::new("asst_1")).await.unwrap().deadline(Duration::from_secs(60));
    run.until_done().await.unwrap();
    assert_eq!(run.final_run().unwrap().unwrap().status, RunStatus::Completed);
}
