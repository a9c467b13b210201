//! A loopback HTTP/1.1 server that answers every request from bytes built before the clock
//! starts, so that what a benchmark measures is the client, not the server.
//!
//! It runs on its own thread and tokio runtime (the machine has two cores: one for the client
//! under test, one for this), keeps connections alive, and knows exactly what the benchmarks
//! send: a request line, headers, and a `Content-Length` body. It is not a general server.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How a response body is put on the wire.
#[derive(Clone, Debug)]
pub enum Body {
    /// `Content-Length` and the whole body in one write: the client receives it as fast as the
    /// loopback carries it, so decoding dominates (the "from memory" case).
    Whole(Vec<u8>),
    /// `Transfer-Encoding: chunked`, one chunk and one write per part: one SSE event per write,
    /// as a live server flushes them.
    Chunked(Vec<Vec<u8>>),
    /// `head`, `pattern` `count` times, then `tail`, produced while sending so the server's own
    /// memory stays constant whatever the length (for the peak-RSS benchmark).
    Repeated { head: Vec<u8>, pattern: Vec<u8>, count: usize, tail: Vec<u8> },
}

/// A canned response: status 200, a content type, a body.
#[derive(Clone, Debug)]
pub struct Reply {
    pub content_type: &'static str,
    pub body: Body,
}

impl Reply {
    pub fn json(body: Vec<u8>) -> Self {
        Reply { content_type: "application/json", body: Body::Whole(body) }
    }

    pub fn sse_whole(body: Vec<u8>) -> Self {
        Reply { content_type: "text/event-stream", body: Body::Whole(body) }
    }

    pub fn sse_chunked(events: Vec<Vec<u8>>) -> Self {
        Reply { content_type: "text/event-stream", body: Body::Chunked(events) }
    }
}

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot start the server's runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot bind a loopback port: {0}")]
    Bind(std::io::Error),
}

/// A running server; it lives until the process exits (benchmarks start one per group).
pub struct Server {
    addr: SocketAddr,
}

impl Server {
    /// Starts a server that answers every request with `reply`.
    pub fn start(reply: Reply) -> Result<Server, ServerError> {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(ServerError::Runtime)?;
        let listener = runtime.block_on(TcpListener::bind(("127.0.0.1", 0))).map_err(ServerError::Bind)?;
        let addr = listener.local_addr().map_err(ServerError::Bind)?;
        let reply = Arc::new(reply);
        std::thread::Builder::new()
            .name("loopback-server".into())
            .spawn(move || runtime.block_on(accept_loop(listener, reply)))
            .map_err(ServerError::Runtime)?;
        Ok(Server { addr })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn accept_loop(listener: TcpListener, reply: Arc<Reply>) {
    while let Ok((stream, _)) = listener.accept().await {
        // Small responses: do not let Nagle hold the last segment back waiting for an ACK.
        let _ = stream.set_nodelay(true);
        let reply = Arc::clone(&reply);
        tokio::spawn(async move {
            // A connection error only ends that connection; the client reports what it saw.
            let _ = serve(stream, &reply).await;
        });
    }
}

/// Serves requests on one keep-alive connection until the client closes it.
async fn serve(mut stream: TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        // Read until the end of the headers, then skip the body (its length is declared).
        // Each byte is searched once: a new read is searched from the last three bytes before it.
        let mut searched = 0;
        let header_end = loop {
            if let Some(end) = find(&buffer[searched..], b"\r\n\r\n") {
                break searched + end + 4;
            }
            searched = buffer.len().saturating_sub(3);
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..read]);
        };
        let body_len = content_length(&buffer[..header_end]);
        while buffer.len() < header_end + body_len {
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..read]);
        }
        buffer.drain(..header_end + body_len);
        respond(&mut stream, reply).await?;
    }
}

async fn respond(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let head = |framing: &str| {
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {}\r\nx-request-id: req_bench\r\n{framing}\r\n\r\n",
            reply.content_type
        )
    };
    match &reply.body {
        Body::Whole(body) => {
            let mut out = head(&format!("content-length: {}", body.len())).into_bytes();
            out.extend_from_slice(body);
            stream.write_all(&out).await?;
        }
        Body::Chunked(parts) => {
            stream.write_all(head("transfer-encoding: chunked").as_bytes()).await?;
            for part in parts {
                let mut out = format!("{:x}\r\n", part.len()).into_bytes();
                out.extend_from_slice(part);
                out.extend_from_slice(b"\r\n");
                stream.write_all(&out).await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
        Body::Repeated { head: first, pattern, count, tail } => {
            let total = first.len() + pattern.len() * count + tail.len();
            stream.write_all(head(&format!("content-length: {total}")).as_bytes()).await?;
            stream.write_all(first).await?;
            // Batch the pattern into ~64 KiB writes: the client, not syscalls, should be the cost.
            let per_batch = (65536 / pattern.len().max(1)).max(1);
            let batch = pattern.repeat(per_batch);
            let mut left = *count;
            while left > 0 {
                let take = left.min(per_batch);
                stream.write_all(&batch[..take * pattern.len()]).await?;
                left -= take;
            }
            stream.write_all(tail).await?;
        }
    }
    stream.flush().await
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The declared body length; requests without one (GET) have none.
///
/// Reads the bytes in place: this server runs in the measured process, so its cost per request
/// header counts against whichever client sends more headers, and it should stay small next to
/// the client's own.
fn content_length(head: &[u8]) -> usize {
    const NAME: &[u8] = b"content-length:";
    head.split(|&byte| byte == b'\n')
        .find(|line| line.len() > NAME.len() && line[..NAME.len()].eq_ignore_ascii_case(NAME))
        .and_then(|line| std::str::from_utf8(&line[NAME.len()..]).ok())
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::content_length;

    #[test]
    fn reads_the_declared_length_case_insensitively() {
        assert_eq!(content_length(b"POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n"), 12);
        assert_eq!(content_length(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n"), 0);
        assert_eq!(content_length(b"POST / HTTP/1.1\r\nx-a: 1\r\ncontent-LENGTH:7\r\n\r\n"), 7);
    }
}
