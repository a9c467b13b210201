//! Sending a prepared request: attempts, timeouts, retries and tracing.

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_LENGTH};
use reqwest::StatusCode;
use tracing::Instrument;

use super::client::Client;
use super::error::{ApiError, Error};
use super::request::{request_id, Prepared};
use super::retry;

/// Error bodies are read up to this size; the rest is dropped (they are small in practice, and
/// a misbehaving proxy must not make the SDK buffer without bound).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Sent on every attempt with the number of retries so far, under the name the official SDKs
/// use, so server-side dashboards see SDK retries the same way. A value set by the caller wins.
static RETRY_COUNT: HeaderName = HeaderName::from_static("x-stainless-retry-count");

/// A successful response.
pub(crate) enum Received {
    /// The body was read within the attempt.
    Buffered(StatusCode, HeaderMap, Bytes),
    /// The body is left unread, for streaming.
    Streaming(reqwest::Response),
}

impl Received {
    /// The status and headers of the response.
    fn head(&self) -> (StatusCode, &HeaderMap) {
        match self {
            Received::Buffered(status, headers, _) => (*status, headers),
            Received::Streaming(response) => (response.status(), response.headers()),
        }
    }

    /// The status, headers and whole body.
    pub(crate) async fn into_buffered(
        self,
        timeout: Option<Duration>,
    ) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
        match self {
            Received::Buffered(status, headers, body) => Ok((status, headers, body)),
            Received::Streaming(mut response) => {
                let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
                let body = response.bytes().await.map_err(|e| Error::from_reqwest(e, timeout))?;
                Ok((status, headers, body))
            }
        }
    }
}

/// What one attempt produced.
enum Attempt {
    Success(Received),
    Failure(StatusCode, HeaderMap, Bytes),
}

/// Sends `prepared`, retrying as configured, until a success or a final error.
///
/// With `streaming`, a successful response is returned before its body is read (the timeout
/// covers only the wait for the headers); otherwise the body is read within each attempt, so
/// timeouts and retries cover it too.
pub(crate) async fn send(client: &Client, prepared: Prepared, streaming: bool) -> Result<Received, Error> {
    // The route template, not the path, so that IDs stay out of span names and metrics. The
    // status and request ID here are the final response's (none when the last attempt got no
    // response); each attempt has a child span with its own.
    let span = tracing::debug_span!(
        "openai.request",
        method = %prepared.method,
        route = prepared.route,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
    );
    let deadline = prepared.deadline;
    // Pinned where it is made: the wrappers below then hold a pointer, not the future itself,
    // which (a few kilobytes) would otherwise be copied into each of them in turn.
    let sending = std::pin::pin!(send_with_retries(client, prepared, streaming, &span));
    let sending = sending.instrument(span.clone());
    match deadline {
        Some((at, limit)) => {
            tokio::time::timeout_at(at, sending).await.unwrap_or(Err(Error::Timeout { after: Some(limit) }))
        }
        None => sending.await,
    }
}

/// Records a response's status and `x-request-id` in `span`.
fn record_response(span: &tracing::Span, status: StatusCode, headers: &HeaderMap) {
    // Nobody listens (no subscriber, or not at DEBUG): skip the header lookup.
    if span.is_disabled() {
        return;
    }
    span.record("status", status.as_u16());
    if let Some(id) = super::request::header_request_id(headers) {
        span.record("request_id", id);
    }
}

async fn send_with_retries(
    client: &Client,
    mut prepared: Prepared,
    streaming: bool,
    span: &tracing::Span,
) -> Result<Received, Error> {
    let mut retries_taken = 0u32;
    loop {
        span.record("attempts", retries_taken + 1);
        let attempt_span = tracing::debug_span!(
            parent: span,
            "openai.attempt",
            attempt = retries_taken + 1,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let mut request = build_request(&mut prepared, retries_taken);
        if let Some(form) = &prepared.form {
            // Encoded once, opened per attempt: the same bytes, the files read from the start.
            // A file that cannot be opened fails the request at once (retrying will not help).
            let (body, length) = form.open().await?;
            request.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(length));
            *request.body_mut() = Some(body);
        }
        let token_provider = prepared.token_provider.as_ref();
        let timeout = prepared.timeout;
        let attempt = std::pin::pin!(async move {
            // Asked on every attempt, so a retry after the token expired sends a fresh one; within
            // the attempt's timeout, so a provider that hangs fails like a server that does.
            if let Some(provider) = token_provider {
                request.headers_mut().insert(AUTHORIZATION, provider.authorization().await?);
            }
            attempt(client, request, timeout, streaming).await
        });
        let attempt = attempt.instrument(attempt_span);
        let outcome = match prepared.timeout {
            Some(limit) => {
                tokio::time::timeout(limit, attempt).await.unwrap_or(Err(Error::Timeout { after: Some(limit) }))
            }
            None => attempt.await,
        };
        let can_retry = retries_taken < prepared.max_retries;
        let delay = match outcome {
            Ok(Attempt::Success(received)) => {
                let (status, headers) = received.head();
                record_response(span, status, headers);
                return Ok(received);
            }
            Ok(Attempt::Failure(status, headers, body)) => {
                if !(can_retry && retry::should_retry_status(status, &headers)) {
                    record_response(span, status, &headers);
                    tracing::debug!(%status, "request failed");
                    return Err(Error::Api(Box::new(ApiError::new(status, request_id(&headers), &body))));
                }
                next_delay(client, Some(&headers), retries_taken)
            }
            // `Error::File` (a file failed to read while being sent) is not retried.
            Err(err @ (Error::Timeout { .. } | Error::Connection(_))) if can_retry => {
                tracing::debug!(error = %err, "attempt failed");
                next_delay(client, None, retries_taken)
            }
            Err(err) => return Err(err),
        };
        tracing::debug!(delay_ms = delay.as_millis() as u64, retry = retries_taken + 1, "retrying request");
        tokio::time::sleep(delay).await;
        retries_taken += 1;
    }
}

fn next_delay(client: &Client, headers: Option<&HeaderMap>, retries_taken: u32) -> Duration {
    retry::retry_delay(headers, retries_taken, client.inner.max_retry_after, SystemTime::now(), fastrand::f64())
}

/// The HTTP request of one attempt: the prepared method, URL, headers and body, with the retry
/// count. Built directly rather than through `RequestBuilder`, which would copy the headers in
/// one by one; the last attempt that can be made takes the prepared headers instead of copying
/// them.
fn build_request(prepared: &mut Prepared, retries_taken: u32) -> reqwest::Request {
    let mut headers = if retries_taken >= prepared.max_retries {
        std::mem::take(&mut prepared.headers)
    } else {
        prepared.headers.clone()
    };
    if !headers.contains_key(&RETRY_COUNT) {
        headers.insert(RETRY_COUNT.clone(), retry_count_value(retries_taken));
    }
    let mut request = reqwest::Request::new(prepared.method.clone(), prepared.url.clone());
    *request.headers_mut() = headers;
    // `Bytes` clones share the buffer: every attempt sends the very same bytes.
    *request.body_mut() = prepared.body.clone().map(reqwest::Body::from);
    request
}

/// The retry count as a header value; static for the counts the default settings reach, so a
/// call does not format and allocate one.
fn retry_count_value(retries_taken: u32) -> HeaderValue {
    const COUNTS: [&str; 4] = ["0", "1", "2", "3"];
    match COUNTS.get(retries_taken as usize) {
        Some(count) => HeaderValue::from_static(count),
        None => HeaderValue::from(retries_taken),
    }
}

/// One attempt: send, then read the body unless streaming a success.
async fn attempt(
    client: &Client,
    request: reqwest::Request,
    timeout: Option<Duration>,
    streaming: bool,
) -> Result<Attempt, Error> {
    let map_err = |e| Error::from_reqwest(e, timeout);
    let mut response = client.inner.http.execute(request).await.map_err(map_err)?;

    let status = response.status();
    record_response(&tracing::Span::current(), status, response.headers());

    if status.is_success() {
        if streaming {
            return Ok(Attempt::Success(Received::Streaming(response)));
        }
        let headers = std::mem::take(response.headers_mut());
        let body = read_capped(response, client.inner.max_response_size, timeout).await?;
        return Ok(Attempt::Success(Received::Buffered(status, headers, body)));
    }
    let headers = std::mem::take(response.headers_mut());
    let body = read_limited(response, MAX_ERROR_BODY).await.map_err(map_err)?;
    Ok(Attempt::Failure(status, headers, body))
}

/// Reads a successful body whole, failing with [`Error::ResponseTooLarge`] as soon as it is known
/// to exceed `limit` (from `Content-Length`, or while reading), so memory stays bounded.
async fn read_capped(mut response: reqwest::Response, limit: usize, timeout: Option<Duration>) -> Result<Bytes, Error> {
    let too_large = || Error::ResponseTooLarge { limit };
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let mut buf = BytesMut::with_capacity(response.content_length().map_or(0, |n| n as usize));
    while let Some(chunk) = response.chunk().await.map_err(|e| Error::from_reqwest(e, timeout))? {
        if chunk.len() > limit - buf.len() {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// Reads at most `limit` bytes of a body.
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Bytes, reqwest::Error> {
    let mut buf = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - buf.len();
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if buf.len() >= limit {
            break;
        }
    }
    Ok(buf.freeze())
}
