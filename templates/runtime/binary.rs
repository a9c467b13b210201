//! Calls whose response is not JSON but bytes (file contents, audio): [`BinaryRequest`] returns
//! the whole body, [`BinaryStream`] its chunks as they arrive.

use std::future::IntoFuture;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{HeaderMap, CONTENT_LENGTH};
use reqwest::StatusCode;

use super::body_timer::BodyTimer;
use super::client::Client;
use super::error::Error;
use super::options::RequestOptions;
use super::request::{request_id, BoxFuture, RawResponse, RequestSpec};
use super::transport::{self, Received};

/// The `Accept` header of a binary call whose operation declares no media type.
const OCTET_STREAM: &str = "application/octet-stream";

/// A call whose response body is bytes (such as `GET /files/{file_id}/content`). Await it for
/// the whole body, call [`BinaryRequest::send_raw`] for the status and headers too, or
/// [`BinaryRequest::stream`] to read the body in chunks as it arrives.
///
/// Retries, timeouts and errors are those of JSON calls: a non-success status is
/// [`Error::Api`] (its body decoded as an error object when it is one), with the request id.
///
/// ```no_run
/// # async fn demo(client: openai_beta::Client) -> Result<(), openai_beta::Error> {
/// use openai_beta::{reqwest::Method, RequestSpec};
/// let spec = RequestSpec::new(Method::GET, "/files/{file_id}/content", "/files/file-abc/content".to_owned());
/// let bytes = client.execute_bytes(spec).await?;
/// # Ok(()) }
/// ```
#[must_use = "requests do nothing unless awaited"]
pub struct BinaryRequest {
    client: Client,
    spec: RequestSpec,
    options: RequestOptions,
}

impl BinaryRequest {
    pub(crate) fn new(client: Client, spec: RequestSpec) -> Self {
        BinaryRequest { client, spec, options: RequestOptions::default() }
    }

    /// Applies per-request options (merged with any set before; later ones win). For
    /// [`BinaryRequest::stream`], the timeout applies to the wait for the response headers and
    /// then to each wait for more bytes.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = self.options.merge(options);
        self
    }

    /// Sends the request and returns the whole body with the status and headers. The body is
    /// read within each attempt, so the timeout and retries cover it too.
    #[inline]
    pub async fn send_raw(self) -> Result<RawResponse<Bytes>, Error> {
        let prepared = self.spec.prepare(&self.client, &self.options, OCTET_STREAM)?;
        let timeout = prepared.timeout;
        let (status, headers, body) =
            transport::send(&self.client, prepared, false).await?.into_buffered(timeout).await?;
        Ok(RawResponse { status, headers, body })
    }

    /// Sends the request and returns the body as a stream of chunks, for bodies too large to
    /// hold in memory. HTTP errors (after retries) surface here, before any chunk; nothing is
    /// retried once the body has started.
    ///
    /// ```no_run
    /// # async fn demo(client: openai_beta::Client, spec: openai_beta::RequestSpec) -> Result<(), openai_beta::Error> {
    /// use futures_util::StreamExt;
    /// let mut body = client.execute_bytes(spec).stream().await?;
    /// while let Some(chunk) = body.next().await {
    ///     let chunk = chunk?;
    ///     // write `chunk` somewhere
    /// }
    /// # Ok(()) }
    /// ```
    #[inline]
    pub async fn stream(self) -> Result<BinaryStream, Error> {
        let prepared = self.spec.prepare(&self.client, &self.options, OCTET_STREAM)?;
        let timeout = BodyTimer::new(prepared.timeout, prepared.deadline);
        match transport::send(&self.client, prepared, true).await? {
            Received::Streaming(mut response) => {
                let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
                Ok(BinaryStream::new(status, headers, Box::pin(response.bytes_stream()), timeout))
            }
            // Not produced in streaming mode, but a buffered body streams just as well.
            Received::Buffered(status, headers, body) => {
                let body = futures_util::stream::iter([Ok::<_, reqwest::Error>(body)]);
                Ok(BinaryStream::new(status, headers, Box::pin(body), timeout))
            }
        }
    }
}

impl IntoFuture for BinaryRequest {
    type Output = Result<Bytes, Error>;
    type IntoFuture = BoxFuture<Self::Output>;

    #[inline]
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send_raw().await.map(|raw| raw.body) })
    }
}

impl std::fmt::Debug for BinaryRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BinaryRequest")
            .field("method", &self.spec.method)
            .field("route", &self.spec.route)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>;

/// The body of a binary response as it arrives; a [`Stream`] of `Result<Bytes, Error>` whose
/// chunks, concatenated, are the body.
///
/// A connection that breaks (or a body shorter than its `Content-Length`) yields
/// `Err(Error::Connection(..))`, a wait for bytes longer than the timeout
/// `Err(Error::Timeout { .. })`; the stream ends after an error. Dropping it closes the
/// connection.
pub struct BinaryStream {
    body: Option<ByteStream>,
    timer: BodyTimer,
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
}

impl BinaryStream {
    #[inline]
    fn new(status: StatusCode, headers: HeaderMap, body: ByteStream, timer: BodyTimer) -> Self {
        BinaryStream { body: Some(body), timer, request_id: request_id(&headers), status, headers }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `x-request-id` of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The body's size from the `Content-Length` header, when the server sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
    }

    /// Stops reading and closes the connection.
    fn finish(&mut self) {
        self.body = None;
        self.timer.stop();
    }
}

// The body and the timer are boxed: nothing is pinned in place.
impl Unpin for BinaryStream {}

impl Stream for BinaryStream {
    type Item = Result<Bytes, Error>;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let Some(body) = this.body.as_mut() else {
            return Poll::Ready(None);
        };
        match body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => match this.timer.on_chunk() {
                Ok(()) => Poll::Ready(Some(Ok(chunk))),
                Err(e) => {
                    this.finish();
                    Poll::Ready(Some(Err(e)))
                }
            },
            Poll::Ready(Some(Err(e))) => {
                let err = Error::from_reqwest(e, this.timer.idle_limit());
                this.finish();
                Poll::Ready(Some(Err(err)))
            }
            Poll::Ready(None) => {
                this.finish();
                Poll::Ready(None)
            }
            Poll::Pending => match this.timer.poll_expired(cx) {
                Some(err) => {
                    this.finish();
                    Poll::Ready(Some(Err(err)))
                }
                None => Poll::Pending,
            },
        }
    }
}

impl std::fmt::Debug for BinaryStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BinaryStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("finished", &self.body.is_none())
            .finish_non_exhaustive()
    }
}
