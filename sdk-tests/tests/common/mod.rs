//! Shared helpers for the runtime's integration tests.
#![allow(dead_code)]

use openai_beta::{Client, ClientBuilder};
use serde_json::Value;
use wiremock::{MockServer, Request};

/// A client for the mock server. No connection pool (so no pool timers disturb tests on a
/// paused clock) and no per-attempt timeout unless the test sets one (an armed timer would be
/// fired by the paused clock's auto-advance while the test waits on real I/O).
pub fn builder(server: &MockServer) -> ClientBuilder {
    let http = openai_beta::reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    Client::builder().api_key("sk-test-key").base_url(format!("{}/v1", server.uri())).http_client(http).no_timeout()
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

pub fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).and_then(|v| v.to_str().ok())
}

pub fn json_body(req: &Request) -> Value {
    serde_json::from_slice(&req.body).unwrap()
}

/// An SSE body from `(event, data)` pairs.
pub fn sse(events: &[(&str, &str)]) -> String {
    events.iter().map(|(e, d)| format!("event: {e}\ndata: {d}\n\n")).collect()
}

pub fn sse_response(body: String) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200)
        .insert_header("content-type", "text/event-stream")
        .insert_header("x-request-id", "req_stream")
        .set_body_string(body)
}

pub fn run_json(status: &str) -> Value {
    serde_json::json!({"id": "run_1", "object": "thread.run", "thread_id": "thread_1", "status": status})
}

/// Reads an HTTP request head (up to the blank line) from a raw socket, for the tests that play
/// the server by hand; `None` if the client closed the connection first.
pub async fn read_request_head(socket: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    Some(head)
}

/// Collects the paths where `got` differs from `expected` (`None`: the key is absent).
pub fn diff(path: &str, got: &Value, expected: Option<&Value>, out: &mut Vec<String>) {
    match (got, expected) {
        (Value::Object(got), Some(Value::Object(expected))) => {
            for (key, value) in got {
                diff(&format!("{path}/{key}"), value, expected.get(key), out);
            }
            for (key, value) in expected.iter().filter(|(key, _)| !got.contains_key(*key)) {
                out.push(format!("{path}/{key}: absent, expected {value}"));
            }
        }
        (Value::Array(got), Some(Value::Array(expected))) if got.len() == expected.len() => {
            for (index, (value, expected)) in got.iter().zip(expected).enumerate() {
                diff(&format!("{path}/{index}"), value, Some(expected), out);
            }
        }
        // JSON has one kind of number: `1` and `1.0` are the same value (a `type: number` field
        // is an `f64`, which cannot remember how the digits were written), so numbers are
        // compared by value. An integer field (`i64`) still has to come back exactly.
        (Value::Number(got), Some(Value::Number(expected))) if got.is_f64() || expected.is_f64() => {
            if got.as_f64() != expected.as_f64() {
                out.push(format!("{path}: got {got}, expected {expected}"));
            }
        }
        (got, Some(expected)) if got == expected => {}
        (got, Some(expected)) => out.push(format!("{path}: got {got}, expected {expected}")),
        (got, None) => out.push(format!("{path}: got {got}, expected the key to be absent")),
    }
}
