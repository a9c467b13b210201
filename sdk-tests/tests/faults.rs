//! Faults below HTTP semantics, which wiremock cannot produce: a connection closed before any
//! response, a body cut short of its `Content-Length`, a 200 whose body is not JSON. Each must
//! become a typed error (never a panic), and the ones that mean "the server never answered" are
//! retried. Also: no secret reaches the tracing output, even at TRACE level.

#![allow(deprecated)] // The Assistants API is deprecated upstream; these tests exercise it on purpose.

mod common;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use openai_beta::{ChatKitSessionCreateParams, ChatSessionWorkflowParam, Client, Error};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A loopback server that reads each request's head and answers with `reply` (raw bytes, then
/// closes the connection). Returns its base URL and a count of accepted connections.
async fn raw_server(reply: &'static [u8]) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                if common::read_request_head(&mut socket).await.is_none() {
                    return;
                }
                let _ = socket.write_all(reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, accepted)
}

fn client(url: &str, max_retries: u32) -> Client {
    let http = openai_beta::reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    Client::builder().api_key("sk-test").base_url(url).http_client(http).max_retries(max_retries).build().unwrap()
}

#[tokio::test(start_paused = true)]
async fn connection_closed_without_a_response_is_a_retried_connection_error() {
    let (url, accepted) = raw_server(b"").await;
    let err = client(&url, 2).beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    assert!(err.status().is_none());
    assert_eq!(accepted.load(Ordering::SeqCst), 3, "first attempt and two retries");
}

#[tokio::test]
async fn body_cut_short_of_its_length_is_an_error_not_a_partial_value() {
    let (url, _) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{\"id\": \"asst_1\", \"na",
    )
    .await;
    let err = client(&url, 0).beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(matches!(err, Error::Connection(_) | Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_status_and_snippet() {
    let (url, _) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: req_bad\r\ncontent-length: 17\r\n\r\n{\"id\": \"asst_1\", ",
    )
    .await;
    let err = client(&url, 2).beta().assistants().retrieve("asst_1").await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!(decode.snippet, "{\"id\": \"asst_1\", ");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.request_id(), Some("req_bad"));
}

/// A `MakeWriter` that appends everything the subscriber prints to a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Sends every tracing event and span of this thread, down to TRACE, to this buffer until
    /// the guard is dropped.
    fn capture(&self) -> tracing::subscriber::DefaultGuard {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(self.clone())
            .with_ansi(false)
            // Prints each span's fields when it closes, so the request span shows up even when
            // nothing inside it logs an event.
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    /// Everything printed so far.
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let server = MockServer::start().await;
    let session = serde_json::json!({
        "id": "cksess_1", "object": "chatkit.session", "client_secret": "ek_secret_value",
        "status": "active", "user": "user_1", "expires_at": 1, "max_requests_per_1_minute": 10
    });
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-request-id", "req_log").set_body_json(session))
        .mount(&server)
        .await;
    let logs = Captured::default();
    let _guard = logs.capture();

    let client = common::builder(&server).api_key("sk-live-secret-key").build().unwrap();
    let params = ChatKitSessionCreateParams::new(ChatSessionWorkflowParam::new("wf_1"), "user_1");
    let session = client.beta().chatkit().sessions().create(params).await.unwrap();
    assert_eq!(session.client_secret, "ek_secret_value");
    tracing::info!(?session, ?client, "after the call");

    let logs = logs.text();
    assert!(logs.contains("req_log"), "the request span records the request id:\n{logs}");
    assert!(logs.contains("/chatkit/sessions"), "the request span records the route:\n{logs}");
    assert!(!logs.contains("sk-live-secret-key"), "API key in logs:\n{logs}");
    assert!(!logs.contains("ek_secret_value"), "client secret in logs:\n{logs}");
}

/// A server whose first answer is a retryable 503 (`x-request-id: req_first_attempt`) and every
/// later one `then`.
async fn failing_once_then(then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("x-request-id", "req_first_attempt"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(then).with_priority(2).mount(&server).await;
    server
}

/// The request span of a retried call names the operation without identifying anything: it
/// records the method, the route template (not the path, whose IDs must stay out of span names
/// and metrics), the number of attempts and the final status and request ID; each attempt has a
/// child span with its own. Neither the concrete ID in the path nor the API key shows up anywhere
/// in the output.
///
/// (Real time, as in the test below: with a paused clock, tokio may jump to the attempt's timeout
/// while the answer is still on its way from the server's thread.)
#[tokio::test]
async fn request_span_records_route_attempt_status_and_request_id() {
    let server = failing_once_then(
        ResponseTemplate::new(200)
            .insert_header("x-request-id", "req_final_attempt")
            .set_body_json(serde_json::json!({"id": "asst_1", "object": "assistant"})),
    )
    .await;
    let logs = Captured::default();
    let _guard = logs.capture();

    let client = common::builder(&server).api_key("sk-live-secret-key").max_retries(1).build().unwrap();
    client.beta().assistants().retrieve("asst_secret_id_123").await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "one retry");

    let logs = logs.text();
    let closed = |span: &str, with: &str| {
        logs.lines()
            .find(|line| line.contains(&format!("{span}{{")) && line.contains(with) && line.contains(": close "))
            .unwrap_or_else(|| panic!("no closed `{span}` span with `{with}`:\n{logs}"))
            .to_owned()
    };
    // The request span: the route template and the final response, once (string fields print
    // quoted).
    let request = closed("openai.request", "attempts=2");
    for field in
        ["method=GET", r#"route="/assistants/{assistant_id}""#, "status=200", r#"request_id="req_final_attempt""#]
    {
        assert!(request.contains(field), "request span lacks `{field}`: {request}\n{logs}");
    }
    assert!(!request.contains("req_first_attempt"), "the first attempt's ID is not the request's: {request}");
    // One child span per attempt, each with its own response.
    let first = closed("openai.attempt", "attempt=1");
    assert!(first.contains("status=503") && first.contains(r#"request_id="req_first_attempt""#), "{first}");
    let second = closed("openai.attempt", "attempt=2");
    assert!(second.contains("status=200") && second.contains(r#"request_id="req_final_attempt""#), "{second}");
    assert!(!logs.contains("asst_secret_id_123"), "path ID in logs:\n{logs}");
    assert!(!logs.contains("sk-live-secret-key"), "API key in logs:\n{logs}");
}

/// When the last attempt gets no response (here a timeout after a 503), the request span has no
/// status or request ID: the earlier attempt's belong to that attempt's span only.
#[tokio::test]
async fn request_span_of_a_call_without_final_response_has_no_status() {
    let server = failing_once_then(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(30))).await;
    let logs = Captured::default();
    let _guard = logs.capture();

    let client = common::builder(&server).max_retries(1).timeout(std::time::Duration::from_secs(1)).build().unwrap();
    let err = client.beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");

    let logs = logs.text();
    // The request span's own close line (an attempt's close line has the request span as context).
    let request = logs
        .lines()
        .find(|line| line.contains("openai.request{") && !line.contains("openai.attempt{") && line.contains(": close "))
        .unwrap_or_else(|| panic!("no closed request span:\n{logs}"));
    assert!(request.contains("attempts=2"), "{request}");
    assert!(!request.contains("status=") && !request.contains("request_id="), "{request}");
    assert!(logs.lines().any(|l| l.contains("openai.attempt{") && l.contains("status=503")), "{logs}");
}

/// A known union tag whose payload does not fit its type (drift the spec cannot foresee) is
/// kept as raw JSON, through the client's own decoding: the fast pass fails, the lenient retry
/// keeps the rest of the document typed.
#[tokio::test]
async fn misshapen_variant_in_a_response_is_kept_as_raw_json() {
    let server = MockServer::start().await;
    let misshapen = serde_json::json!({"id": "call_1", "type": "function", "function": "not an object"});
    let step = serde_json::json!({
        "id": "step_1", "object": "thread.run.step", "type": "tool_calls", "status": "completed",
        "step_details": {"type": "tool_calls", "tool_calls": [misshapen.clone()]}
    });
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(step)).mount(&server).await;
    let step = common::client(&server)
        .beta()
        .threads()
        .runs()
        .steps()
        .retrieve("thread_1", "run_1", "step_1", openai_beta::RunStepRetrieveParams::new())
        .await
        .unwrap();
    let openai_beta::RunStepDetails::ToolCalls(details) = &step.step_details else { panic!("{step:?}") };
    assert_eq!(details.tool_calls, vec![openai_beta::ToolCall::Unknown(misshapen)]);
    assert_eq!(step.id, "step_1");
}

#[tokio::test]
async fn misshapen_stream_event_is_kept_as_raw_json() {
    let server = MockServer::start().await;
    let body = common::sse(&[
        ("thread.message.delta", r#"{"id": "msg_1", "object": "thread.message.delta", "delta": "oops"}"#),
        ("thread.run.completed", &common::run_json("completed").to_string()),
        ("done", "[DONE]"),
    ]);
    Mock::given(method("POST")).respond_with(common::sse_response(body)).mount(&server).await;
    let events: Vec<_> = futures_util::TryStreamExt::try_collect(
        common::client(&server)
            .beta()
            .threads()
            .runs()
            .create_stream("thread_1", openai_beta::RunCreateParams::new("asst_1"))
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(
        matches!(&events[0], openai_beta::AssistantStreamEvent::Unknown(raw) if raw["data"]["delta"] == "oops"),
        "{:?}",
        events[0]
    );
    assert!(matches!(&events[1], openai_beta::AssistantStreamEvent::ThreadRunCompleted(_)));
}

/// A successful body past the client's limit fails as soon as it is known to be too large:
/// from `Content-Length`, or, for a chunked body without one, while it is read.
#[tokio::test]
async fn a_success_body_past_the_limit_is_refused_not_buffered() {
    let limited = |url: &str| {
        let http = openai_beta::reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
        Client::builder().api_key("sk-test").base_url(url).http_client(http).max_retries(0).max_response_size(16)
    };
    let (url, _) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000000000\r\n\r\n{\"id\": \"asst_1\"",
    )
    .await;
    let err = limited(&url).build().unwrap().beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 16 }), "{err:?}");
    assert!(err.to_string().contains("max_response_size"), "the error says how to raise the limit: {err}");

    let (url, _) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n\
          10\r\n{\"id\": \"asst_1\",\r\n10\r\n \"name\": \"A\"}   \r\n0\r\n\r\n",
    )
    .await;
    let err = limited(&url).build().unwrap().beta().assistants().retrieve("asst_1").await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 16 }), "{err:?}");
    // The same body under a larger limit decodes.
    let (url, _) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n\
          10\r\n{\"id\": \"asst_1\",\r\n10\r\n \"name\": \"A\"}   \r\n0\r\n\r\n",
    )
    .await;
    let assistant =
        limited(&url).max_response_size(64).build().unwrap().beta().assistants().retrieve("asst_1").await.unwrap();
    assert_eq!(assistant.name.as_deref(), Some("A"));
}
