//! Streaming calls: [`StreamRequest`] sends the request, [`EventStream`] decodes the
//! server-sent events of the response into typed events.

use std::collections::VecDeque;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;

use super::body_timer::BodyTimer;
use super::client::Client;
use super::decode::{self, Decode, ReadError};
use super::envelope;
use super::error::{DecodeError, Error, ErrorDetails, StreamError};
use super::options::RequestOptions;
use super::request::{request_id, BoxFuture, RequestSpec};
use super::sse::{SseDecoder, SseEvent};
use super::transport::{self, Received};

/// A streaming call. Await it to send the request; HTTP errors (with retries) surface here,
/// before any event. The result is an [`EventStream`].
#[must_use = "requests do nothing unless awaited"]
pub struct StreamRequest<E> {
    client: Client,
    spec: RequestSpec,
    options: RequestOptions,
    _event: PhantomData<fn() -> E>,
}

impl<E> StreamRequest<E> {
    pub(crate) fn new(client: Client, spec: RequestSpec) -> Self {
        StreamRequest { client, spec, options: RequestOptions::default(), _event: PhantomData }
    }

    /// Applies per-request options (merged with any set before; later ones win). The timeout
    /// applies to the wait for the response headers and then to each wait for more bytes.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = self.options.merge(options);
        self
    }
}

impl<E: Decode + 'static> IntoFuture for StreamRequest<E> {
    type Output = Result<EventStream<E>, Error>;
    type IntoFuture = BoxFuture<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let prepared = self.spec.prepare(&self.client, &self.options, "text/event-stream")?;
            let max = self.client.inner.max_event_size;
            let timeout = BodyTimer::new(prepared.timeout, prepared.deadline);
            match transport::send(&self.client, prepared, true).await? {
                Received::Streaming(mut response) => {
                    let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
                    Ok(EventStream::new(status, headers, Box::pin(response.bytes_stream()), max, timeout))
                }
                // Not produced in streaming mode, but decoding a buffered body is still correct.
                Received::Buffered(status, headers, body) => {
                    let body = futures_util::stream::iter([Ok::<_, reqwest::Error>(body)]);
                    Ok(EventStream::new(status, headers, Box::pin(body), max, timeout))
                }
            }
        })
    }
}

impl<E> std::fmt::Debug for StreamRequest<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamRequest")
            .field("method", &self.spec.method)
            .field("route", &self.spec.route)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>;

/// The typed events of a server-sent-event response; a [`Stream`] of `Result<E, Error>`.
///
/// * `data: [DONE]` ends the stream (then it yields `None`).
/// * An `error` event yields `Err(Error::Stream(StreamError::ErrorEvent { .. }))` and ends it.
/// * Other events are decoded from `{"event": <name>, "data": <data>}`, so an event union with
///   an unknown-variant arm never fails on new event names. An event whose data does not decode
///   yields `Err(Error::Decode(..))` and the stream goes on.
/// * A body that ends without `[DONE]` yields `Err(Error::Stream(StreamError::Incomplete))` once.
/// * Dropping the stream closes the connection.
///
/// ```no_run
/// # async fn demo(mut events: openai_beta::EventStream<serde_json::Value>) -> Result<(), openai_beta::Error> {
/// use futures_util::StreamExt;
/// while let Some(event) = events.next().await {
///     println!("{}", event?);
/// }
/// # Ok(()) }
/// ```
pub struct EventStream<E> {
    body: Option<ByteStream>,
    decoder: SseDecoder,
    queue: VecDeque<SseEvent>,
    /// A fatal error to yield once the events decoded before it are out.
    pending_error: Option<Error>,
    finished: bool,
    timer: BodyTimer,
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
    /// Whether to keep the name and data of each event yielded ([`Self::keep_raw`]): the run
    /// helpers fold the JSON into snapshots without encoding the typed event again.
    keeps_raw: bool,
    /// The name and data of the event last yielded, while `keeps_raw`.
    raw: Option<(String, String)>,
    _event: PhantomData<fn() -> E>,
}

/// What one SSE event means for the stream.
enum Step<E> {
    Skip,
    Done,
    Yield(Result<E, Error>),
    Fail(Error),
}

impl<E> EventStream<E> {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: ByteStream,
        max_event_size: usize,
        timer: BodyTimer,
    ) -> Self {
        EventStream {
            body: Some(body),
            decoder: SseDecoder::new(max_event_size),
            queue: VecDeque::new(),
            pending_error: None,
            finished: false,
            timer,
            request_id: request_id(&headers),
            status,
            headers,
            keeps_raw: false,
            raw: None,
            _event: PhantomData,
        }
    }

    /// From now on, keeps the name and data of each event yielded, for [`Self::take_raw`].
    // Only the run helpers use these two, and a crate generated without them leaves them out.
    #[allow(dead_code)]
    pub(crate) fn keep_raw(&mut self) {
        self.keeps_raw = true;
    }

    /// The name (`message` for an unnamed event) and data of the event last yielded, once.
    #[allow(dead_code)]
    pub(crate) fn take_raw(&mut self) -> Option<(String, String)> {
        self.raw.take()
    }

    /// The HTTP status of the streaming response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the streaming response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `x-request-id` of the streaming response.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The last `id:` the server sent, if any.
    pub fn last_event_id(&self) -> Option<&str> {
        self.decoder.last_event_id()
    }

    /// The reconnection delay from the server's last `retry:` field, if any. The SDK does not
    /// reconnect on its own.
    pub fn retry_hint(&self) -> Option<Duration> {
        self.decoder.retry()
    }

    /// Stops reading and closes the connection.
    fn finish(&mut self) {
        self.finished = true;
        self.body = None;
        self.timer.stop();
        self.queue.clear();
    }
}

impl<E: Decode> EventStream<E> {
    fn step(&mut self, event: SseEvent) -> Step<E> {
        // WHATWG dispatches `data:` with an empty value; there is nothing to decode in it.
        if event.data.is_empty() {
            return Step::Skip;
        }
        if event.data.starts_with("[DONE]") {
            return Step::Done;
        }
        let rid = self.request_id.as_deref();
        // The live API sends `event: error` with `{"error": {...}}`; the spec describes a bare
        // error object. Both are accepted. Unnamed events carrying an `error` object are errors
        // too, as in the official SDKs. Only these need a look at the data before decoding.
        let name = match event.event.as_deref() {
            Some("error") | None => {
                let data: Value = match decode::document(&event.data) {
                    Ok(v) => v,
                    Err(e) => return Step::Yield(Err(decode_error::<Value>(&e, None, &event.data, self.status, rid))),
                };
                if event.event.is_some() || data.get("error").is_some_and(|e| !e.is_null()) {
                    let error = ErrorDetails::from_envelope(&data)
                        .unwrap_or_else(|| ErrorDetails { message: event.data.clone(), ..Default::default() });
                    return Step::Fail(Error::Stream(StreamError::ErrorEvent {
                        error: Box::new(error),
                        request_id: rid.map(str::to_owned),
                    }));
                }
                "message"
            }
            Some(name) => name,
        };
        match envelope::decode_event::<E>(name, &event.data) {
            Ok(item) => {
                if self.keeps_raw {
                    self.raw = Some((name.to_owned(), event.data));
                }
                Step::Yield(Ok(item))
            }
            Err((path, error)) => {
                Step::Yield(Err(decode_error::<E>(&error, Some(path), &event.data, self.status, rid)))
            }
        }
    }
}

/// The error for event `data` that did not decode into `T`; `path` replaces the one found from
/// the error's offset in `data` (an event's path starts at the envelope: `data.delta`).
fn decode_error<T>(
    error: &ReadError,
    path: Option<String>,
    data: &str,
    status: StatusCode,
    rid: Option<&str>,
) -> Error {
    let mut decode = DecodeError::read::<T>(error, data.as_bytes(), Some(status), rid);
    if let Some(path) = path {
        decode.path = path;
    }
    Error::Decode(Box::new(decode))
}

// Nothing is ever pinned in place inside the stream (the body and timer are boxed), so it can
// be `Unpin` whatever `E` is, and callers can use `StreamExt::next` without pinning.
impl<E> Unpin for EventStream<E> {}

impl<E: Decode> Stream for EventStream<E> {
    type Item = Result<E, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(event) = this.queue.pop_front() {
                match this.step(event) {
                    Step::Skip => continue,
                    Step::Done => {
                        this.finish();
                        return Poll::Ready(None);
                    }
                    Step::Yield(item) => return Poll::Ready(Some(item)),
                    Step::Fail(err) => {
                        this.finish();
                        return Poll::Ready(Some(Err(err)));
                    }
                }
            }
            if let Some(err) = this.pending_error.take() {
                this.finish();
                return Poll::Ready(Some(Err(err)));
            }
            let Some(body) = this.body.as_mut() else {
                this.finish();
                return Poll::Ready(None);
            };
            match body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Err(e) = this.timer.on_chunk() {
                        this.finish();
                        return Poll::Ready(Some(Err(e)));
                    }
                    if let Err(e) = this.decoder.feed(&chunk, &mut this.queue) {
                        this.pending_error = Some(Error::Stream(e));
                        this.body = None;
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    this.pending_error = Some(Error::from_reqwest(e, this.timer.idle_limit()));
                    this.body = None;
                }
                Poll::Ready(None) => {
                    // The events already decoded are yielded first (the loop drains the queue).
                    this.pending_error = Some(Error::Stream(StreamError::Incomplete));
                    this.body = None;
                }
                Poll::Pending => {
                    if let Some(err) = this.timer.poll_expired(cx) {
                        this.finish();
                        return Poll::Ready(Some(Err(err)));
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

impl<E> std::fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use serde::Deserialize;
    use tokio::time::Instant;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(tag = "event", content = "data")]
    enum Ev {
        #[serde(rename = "thread.message.delta")]
        Delta { text: String },
        #[serde(untagged)]
        Unknown(Value),
    }

    /// A strict event type without an unknown arm, to see decode errors and their path.
    #[derive(Debug, Deserialize, PartialEq)]
    struct Strict {
        event: String,
        data: StrictData,
    }
    #[derive(Debug, Deserialize, PartialEq)]
    struct StrictData {
        text: String,
    }

    impl Decode for Ev {
        fn decode(reader: &mut decode::Reader<'_>) -> Result<Self, ReadError> {
            decode::Json::decode(reader).map(|decode::Json(event)| event)
        }
    }

    /// Decoded field by field, as the generated types are, so that an error has its path.
    impl Decode for Strict {
        fn decode(reader: &mut decode::Reader<'_>) -> Result<Self, ReadError> {
            reader.object_start("an event")?;
            let (mut event, mut text) = (String::new(), String::new());
            let mut first = true;
            while let Some(key) = reader.key(&mut first)? {
                match &*key {
                    "event" => event = String::decode(reader)?,
                    "data" => {
                        let mut data = std::collections::BTreeMap::<String, String>::decode(reader)?;
                        text = data.remove("text").unwrap_or_default();
                    }
                    _ => reader.skip()?,
                }
            }
            Ok(Strict { event, data: StrictData { text } })
        }
    }

    fn stream_of<E, S: Into<String>>(chunks: Vec<S>) -> EventStream<E> {
        let chunks: Vec<Result<Bytes, reqwest::Error>> =
            chunks.into_iter().map(|c| Ok(Bytes::from(c.into()))).collect();
        let body = futures_util::stream::iter(chunks);
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "req_s".parse().unwrap());
        EventStream::new(StatusCode::OK, headers, Box::pin(body), 1024, BodyTimer::new(None, None))
    }

    async fn collect(s: EventStream<Ev>) -> Vec<Result<Ev, Error>> {
        s.collect().await
    }

    #[tokio::test]
    async fn typed_and_unknown_events_then_done() {
        let s = stream_of(vec![
            "event: thread.message.delta\ndata: {\"text\":\"Hi\"}\n\n",
            "event: thread.future.thing\ndata: {\"x\":1}\n\n",
            "event: done\ndata: [DONE]\n\n",
            "event: thread.message.delta\ndata: {\"text\":\"after done\"}\n\n",
        ]);
        let items = collect(s).await;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].as_ref().unwrap(), &Ev::Delta { text: "Hi".into() });
        assert_eq!(
            items[1].as_ref().unwrap(),
            &Ev::Unknown(serde_json::json!({"event": "thread.future.thing", "data": {"x": 1}}))
        );
    }

    #[tokio::test]
    async fn error_event_wrapped_and_bare() {
        for data in [
            r#"{"error":{"message":"boom","type":"server_error","code":"x"}}"#,
            r#"{"message":"boom","type":"server_error","code":"x"}"#,
        ] {
            let items = collect(stream_of(vec![format!("event: error\ndata: {data}\n\ndata: {{}}\n\n")])).await;
            assert_eq!(items.len(), 1, "the stream ends after an error event");
            let err = items.into_iter().next().unwrap().unwrap_err();
            let Error::Stream(StreamError::ErrorEvent { error, request_id }) = &err else { panic!("{err:?}") };
            assert_eq!(error.message, "boom");
            assert_eq!(error.error_type.as_deref(), Some("server_error"));
            assert_eq!(request_id.as_deref(), Some("req_s"));
            assert_eq!(err.request_id(), Some("req_s"));
        }
    }

    #[tokio::test]
    async fn incomplete_stream_reports_once() {
        let mut s: EventStream<Ev> =
            stream_of(vec!["event: thread.message.delta\ndata: {\"text\":\"a\"}\n\n", "data: {\"partial\""]);
        assert!(s.next().await.unwrap().is_ok());
        assert!(matches!(s.next().await, Some(Err(Error::Stream(StreamError::Incomplete)))));
        assert!(s.next().await.is_none());
        assert!(s.next().await.is_none());
    }

    #[tokio::test]
    async fn decode_errors_do_not_end_the_stream() {
        let items: Vec<Result<Strict, Error>> = stream_of(vec![
            "event: thread.message.delta\ndata: {\"text\": 5}\n\n",
            "event: thread.message.delta\ndata: not json\n\n",
            "event: thread.message.delta\ndata: {\"text\":\"ok\"}\n\ndata: [DONE]\n\n",
        ])
        .collect()
        .await;
        assert_eq!(items.len(), 3);
        let Err(Error::Decode(d)) = &items[0] else { panic!("{:?}", items[0]) };
        assert_eq!(d.path, "data.text");
        assert_eq!(d.request_id.as_deref(), Some("req_s"));
        assert!(matches!(&items[1], Err(Error::Decode(_))));
        assert!(items[2].is_ok());
    }

    #[tokio::test]
    async fn oversized_event_fails_after_earlier_events() {
        // The big event comes in the same chunk as a good one: the good one is yielded first.
        let chunk = format!("event: thread.message.delta\ndata: {{\"text\":\"b\"}}\n\ndata: {}\n\n", "x".repeat(2000));
        let mut s: EventStream<Ev> = stream_of(vec![chunk]);
        assert!(s.next().await.unwrap().is_ok());
        assert!(matches!(s.next().await, Some(Err(Error::Stream(StreamError::EventTooLarge { limit: 1024 })))));
        assert!(s.next().await.is_none());
    }

    #[tokio::test]
    async fn unnamed_event_with_error_key_is_an_error() {
        let items = collect(stream_of(vec!["data: {\"error\":{\"message\":\"nope\"}}\n\n"])).await;
        assert!(matches!(&items[0], Err(Error::Stream(StreamError::ErrorEvent { .. }))));
        // A `thread.*` event whose data happens to have an `error` field is just an event.
        let items =
            collect(stream_of(vec!["event: thread.x\ndata: {\"error\":{\"message\":\"n\"}}\n\ndata: [DONE]\n\n"]))
                .await;
        assert!(matches!(&items[0], Ok(Ev::Unknown(_))));
    }

    #[tokio::test(start_paused = true)]
    async fn idle_timeout_between_chunks() {
        let body = futures_util::stream::iter([Ok(Bytes::from_static(
            b"event: thread.message.delta\ndata: {\"text\":\"a\"}\n\n",
        ))])
        .chain(futures_util::stream::pending());
        let mut s: EventStream<Ev> = EventStream::new(
            StatusCode::OK,
            HeaderMap::new(),
            Box::pin(body),
            1024,
            BodyTimer::new(Some(Duration::from_secs(5)), None),
        );
        assert!(s.next().await.unwrap().is_ok());
        let start = Instant::now();
        assert!(matches!(s.next().await, Some(Err(Error::Timeout { after: Some(d) })) if d == Duration::from_secs(5)));
        assert_eq!(start.elapsed(), Duration::from_secs(5));
        assert!(s.next().await.is_none());
    }

    /// A server that drips a byte every second never trips the idle timeout; the total
    /// deadline ends the stream all the same.
    #[tokio::test(start_paused = true)]
    async fn total_deadline_ends_a_dripping_stream() {
        let drip = futures_util::stream::unfold((), |()| async {
            tokio::time::sleep(Duration::from_secs(1)).await;
            Some((Ok(Bytes::from_static(b":")), ()))
        });
        let start = Instant::now();
        let deadline = Some((start + Duration::from_secs(30), Duration::from_secs(30)));
        let timer = BodyTimer::new(Some(Duration::from_secs(5)), deadline);
        let mut s: EventStream<Ev> = EventStream::new(StatusCode::OK, HeaderMap::new(), Box::pin(drip), 1024, timer);
        assert!(matches!(s.next().await, Some(Err(Error::Timeout { after: Some(d) })) if d == Duration::from_secs(30)));
        assert!(start.elapsed() >= Duration::from_secs(30) && start.elapsed() <= Duration::from_secs(31));
        assert!(s.next().await.is_none());
    }

    /// A stream that goes quiet is ended by the deadline when that comes before the idle limit.
    #[tokio::test(start_paused = true)]
    async fn total_deadline_ends_a_silent_stream() {
        let start = Instant::now();
        let timer = BodyTimer::new(None, Some((start + Duration::from_secs(3), Duration::from_secs(3))));
        let body = futures_util::stream::pending();
        let mut s: EventStream<Ev> = EventStream::new(StatusCode::OK, HeaderMap::new(), Box::pin(body), 1024, timer);
        assert!(matches!(s.next().await, Some(Err(Error::Timeout { .. }))));
        assert_eq!(start.elapsed(), Duration::from_secs(3));
    }
}
