//! The connection under a stream belongs to the stream: dropping an `EventStream` before its body
//! ends must close the connection, even while the client (and its connection pool) lives on.
//! Otherwise every abandoned stream keeps a socket open, and the server keeps generating, until
//! the server gives up. wiremock always finishes its bodies, so this uses a raw TCP server whose
//! body never ends.

#![allow(deprecated)] // The Assistants API is deprecated upstream; these tests exercise it on purpose.

mod common;

use std::time::Duration;

use common::{run_json, sse};
use futures_util::StreamExt;
use openai_beta::{AssistantStreamEvent, Client, RunCreateParams};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::time::timeout;

/// How long the test waits for anything: a bound so that a connection left open fails the test
/// instead of hanging it, not a timing expectation.
const BOUND: Duration = Duration::from_secs(5);

/// A server that accepts one connection and answers its request with the headers of an SSE
/// response and `events` as the first chunk of a chunked body, and then never ends the body.
struct EndlessStreamServer {
    /// Base URL for the client (`http://127.0.0.1:<port>/v1`).
    url: String,
    /// The request line it received.
    request_line: oneshot::Receiver<String>,
    /// Fires when a read on the connection returns end of file or an error: the client closed it.
    closed: oneshot::Receiver<()>,
}

async fn endless_stream_server(events: String) -> EndlessStreamServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let (line_tx, request_line) = oneshot::channel();
    let (closed_tx, closed) = oneshot::channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let Some(received) = common::read_request_head(&mut socket).await else { return };
        let head = String::from_utf8_lossy(&received);
        let _ = line_tx.send(head.lines().next().unwrap_or_default().to_owned());
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\
             x-request-id: req_endless\r\n\r\n{:x}\r\n{events}\r\n",
            events.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        socket.flush().await.unwrap();
        // Keep the connection open, with the body unfinished, until the client closes it. What
        // the client may still send (the rest of its request body) is read and discarded.
        let mut buf = [0u8; 4096];
        loop {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        let _ = closed_tx.send(());
    });
    EndlessStreamServer { url, request_line, closed }
}

/// Dropping a stream after its first event, with the body still open, closes the connection:
/// the server sees end of file. The client stays alive past the drop and uses its default
/// HTTP client, whose pool would keep a finished connection open, so the close can only come
/// from the drop.
#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let events = sse(&[
        ("thread.run.created", &run_json("queued").to_string()),
        ("thread.run.in_progress", &run_json("in_progress").to_string()),
    ]);
    let mut server = endless_stream_server(events).await;
    // No retries: one request, one connection.
    let client = Client::builder().api_key("sk-test").base_url(&server.url).max_retries(0).build().unwrap();

    let mut stream =
        timeout(BOUND, client.beta().threads().runs().create_stream("thread_1", RunCreateParams::new("asst_1")))
            .await
            .expect("no response headers within the bound")
            .unwrap();
    assert_eq!(stream.request_id(), Some("req_endless"));
    let first = timeout(BOUND, stream.next()).await.expect("no first event within the bound");
    let first = first.expect("the stream ended before its first event").unwrap();
    assert!(matches!(first, AssistantStreamEvent::ThreadRunCreated(_)), "{first:?}");
    assert_eq!(server.request_line.await.unwrap(), "POST /v1/threads/thread_1/runs HTTP/1.1");
    assert_eq!(
        server.closed.try_recv(),
        Err(oneshot::error::TryRecvError::Empty),
        "the connection closed while the stream was alive"
    );

    drop(stream);
    let closed = timeout(BOUND, &mut server.closed).await;
    assert!(matches!(closed, Ok(Ok(()))), "the connection was still open {BOUND:?} after the stream was dropped");
    // Only now may the client (and its connection pool) go.
    drop(client);
}
